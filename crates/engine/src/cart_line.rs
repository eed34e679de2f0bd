//! Lines a page passes as JSON, a cart's or a past order's: product or variant ids with
//! quantities, and what is wrong with them, by place.

use std::fmt;

use crate::json::{self, Json, Value};
use crate::money::Money;

/// One line of the shop's cart as the page or a platform adapter reports it: a product or
/// variant id, how many, and the page's unit price where it gives one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CartLine {
    /// A product or variant id.
    pub id: String,
    /// How many; at least one.
    pub quantity: u32,
    /// The unit price the page's cart charges, in the feed's minor units, where the page says.
    /// Read only for a product the feed lacks (a product newer than the feed, gift wrap, a
    /// shipping-protection fee), so that it still counts towards the cart's subtotal.
    pub price: Option<Money>,
}

impl CartLine {
    /// One of `id`.
    pub fn one(id: impl Into<String>) -> CartLine {
        CartLine {
            id: id.into(),
            quantity: 1,
            price: None,
        }
    }

    /// Reads the cart a page passes as JSON: an array whose lines are ids (`"sku-1"`) or
    /// objects with an id and a quantity (`{"id": "sku-1", "quantity": 2}`). Numeric ids (as
    /// platforms write variant ids) count as their text. Lines with quantity 0 are left out.
    pub fn parse_all(text: &str) -> Result<Vec<CartLine>, CartError> {
        let root = parse_json(text)?;
        let Json::Array(lines) = &root.json else {
            return Err(CartError::WrongType {
                path: String::new(),
                expected: "an array of cart lines",
            });
        };
        CartLine::read_all(lines, "")
    }

    /// Reads the lines of a cart (or of a past order, whose lines sit at `path`); a line with
    /// quantity 0, or whose id is `null`, is left out.
    pub(crate) fn read_all(lines: &[Value], path: &str) -> Result<Vec<CartLine>, CartError> {
        let mut out = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let wrong = |field: &str, expected| CartError::WrongType {
                path: format!("{path}[{i}]{field}"),
                expected,
            };
            let (id, quantity, price) = match &line.json {
                Json::Object(fields) => {
                    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| &v.json);
                    let quantity = match field("quantity") {
                        None => 1,
                        Some(Json::Number(n)) => n
                            .parse::<u32>()
                            .map_err(|_| wrong(".quantity", "a whole number"))?,
                        Some(_) => return Err(wrong(".quantity", "a whole number")),
                    };
                    // i64, not u32: a Rp 43,000,000 laptop is 4.3 billion minor units. A price
                    // that is not a whole number of minor units ("19.99") is no price: the line
                    // still counts, as one the page gave no price for, rather than costing the
                    // shopper the whole cart.
                    let price = match field("price") {
                        Some(Json::Number(n)) => n.parse::<i64>().ok().filter(|minor| *minor >= 0).map(Money),
                        _ => None,
                    };
                    // A line of no product (Shopify writes `variant_id: null` for a custom
                    // item or a deleted variant in a past order) matches nothing in a feed,
                    // like an id the feed does not know: left out, not the whole list.
                    if field("id") == Some(&Json::Null) {
                        continue;
                    }
                    (
                        field("id")
                            .and_then(id_text)
                            .ok_or_else(|| wrong(".id", "an id"))?,
                        quantity,
                        price,
                    )
                }
                other => (
                    id_text(other).ok_or_else(|| wrong("", "an id or {\"id\", \"quantity\"}"))?,
                    1,
                    None,
                ),
            };
            if quantity > 0 {
                out.push(CartLine { id, quantity, price });
            }
        }
        Ok(out)
    }
}

/// The JSON a page passed, or the place where it stops being JSON.
pub(crate) fn parse_json(text: &str) -> Result<Value<'_>, CartError> {
    json::parse(text).map_err(|e| {
        let (line, column) = json::line_column(text, e.at);
        CartError::Syntax {
            line,
            column,
            message: e.message,
        }
    })
}

/// A non-empty string or a whole number, as text.
fn id_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Json::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => Some((*n).to_owned()),
        _ => None,
    }
}

/// Why a cart (or past orders) the page passed could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartError {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: &'static str,
    },
    /// A line or field of the wrong type; `path` is like `[2].quantity`.
    /// Also past orders beyond the limits, with the limit as `expected`.
    WrongType { path: String, expected: &'static str },
}

impl fmt::Display for CartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CartError::Syntax {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            CartError::WrongType { path, expected } if path.is_empty() => write!(f, "expected {expected}"),
            CartError::WrongType { path, expected } => write!(f, "{path}: expected {expected}"),
        }
    }
}

impl std::error::Error for CartError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_passes_ids_or_lines_with_quantities() {
        let lines = CartLine::parse_all(
            r#"["cap", {"id": 4711, "quantity": 2}, {"id": "x", "quantity": 0},
                {"id": "wrap", "quantity": 3, "price": 250}, {"id": "fee", "price": null},
                {"id": "laptop", "price": 4300000000}]"#,
        )
        .unwrap();
        assert_eq!(
            lines,
            [
                CartLine::one("cap"),
                CartLine {
                    id: "4711".into(),
                    quantity: 2,
                    price: None,
                },
                CartLine {
                    id: "wrap".into(),
                    quantity: 3,
                    price: Some(Money(250)),
                },
                CartLine::one("fee"),
                CartLine {
                    price: Some(Money(4_300_000_000)),
                    ..CartLine::one("laptop")
                },
            ]
        );
    }

    #[test]
    fn a_bad_cart_names_the_line_and_field() {
        let error = |text| CartLine::parse_all(text).unwrap_err().to_string();
        assert_eq!(
            error(r#"["a", {"id": "b", "quantity": -1}]"#),
            "[1].quantity: expected a whole number"
        );
        assert_eq!(error(r#"[{"quantity": 1}]"#), "[0].id: expected an id");
        for price in ["2.50", "-250", "\"19.99\""] {
            assert_eq!(
                CartLine::parse_all(&format!(r#"[{{"id": "a", "price": {price}}}]"#)),
                Ok(vec![CartLine::one("a")]),
                "{price}: no price, and the line still counts"
            );
        }
        assert_eq!(error(r#"{"id": "a"}"#), "expected an array of cart lines");
        assert_eq!(error("[\"a\",\n  nope]"), "line 2, column 3: expected a value");
    }
}
