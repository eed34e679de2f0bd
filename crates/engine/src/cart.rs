use std::fmt;

use crate::catalog::Catalog;
use crate::json::{self, Json};
use crate::money::Money;

/// One line of the shop's cart as the page or a platform adapter reports it: a product or
/// variant id and how many.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CartLine {
    /// A product or variant id.
    pub id: String,
    /// How many; at least one.
    pub quantity: u32,
}

impl CartLine {
    /// One of `id`.
    pub fn one(id: impl Into<String>) -> CartLine {
        CartLine {
            id: id.into(),
            quantity: 1,
        }
    }

    /// Reads the cart a page passes as JSON: an array whose lines are ids (`"sku-1"`) or
    /// objects with an id and a quantity (`{"id": "sku-1", "quantity": 2}`). Numeric ids (as
    /// platforms write variant ids) count as their text. Lines with quantity 0 are left out.
    pub fn parse_all(text: &str) -> Result<Vec<CartLine>, CartError> {
        let root = json::parse(text).map_err(|e| {
            let (line, column) = json::line_column(text, e.at);
            CartError::Syntax {
                line,
                column,
                message: e.message,
            }
        })?;
        let Json::Array(lines) = root.json else {
            return Err(CartError::WrongType {
                path: String::new(),
                expected: "an array of cart lines",
            });
        };
        let mut out = Vec::with_capacity(lines.len());
        for (i, line) in lines.iter().enumerate() {
            let wrong = |field: &str, expected| CartError::WrongType {
                path: format!("[{i}]{field}"),
                expected,
            };
            let (id, quantity) = match &line.json {
                Json::Object(fields) => {
                    let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| &v.json);
                    let quantity = match field("quantity") {
                        None => 1,
                        Some(Json::Number(n)) => n
                            .parse::<u32>()
                            .map_err(|_| wrong(".quantity", "a whole number"))?,
                        Some(_) => return Err(wrong(".quantity", "a whole number")),
                    };
                    (
                        field("id")
                            .and_then(id_text)
                            .ok_or_else(|| wrong(".id", "an id"))?,
                        quantity,
                    )
                }
                other => (
                    id_text(other).ok_or_else(|| wrong("", "an id or {\"id\", \"quantity\"}"))?,
                    1,
                ),
            };
            if quantity > 0 {
                out.push(CartLine { id, quantity });
            }
        }
        Ok(out)
    }
}

/// A non-empty string or a whole number, as text.
fn id_text(value: &Json) -> Option<String> {
    match value {
        Json::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Json::Number(n) if n.bytes().all(|b| b.is_ascii_digit()) => Some((*n).to_owned()),
        _ => None,
    }
}

/// Why a cart the page passed could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartError {
    /// The text is not JSON.
    Syntax {
        line: usize,
        column: usize,
        message: &'static str,
    },
    /// A line or field of the wrong type; `path` is like `[2].quantity`.
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

/// What the shopper has in the cart, resolved against the catalog. Ids may be product or
/// variant ids; ids the catalog does not know are kept aside, never fatal, because carts
/// hold things feeds forget (gift cards, custom items).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cart {
    /// Catalog positions of the products in the cart, in cart order, each once.
    products: Vec<usize>,
    subtotal: Money,
    unknown: Vec<String>,
    /// Catalog positions of products the shopper passed over lately.
    passed_over: Vec<usize>,
}

impl Cart {
    /// A cart with one of each id.
    pub fn from_ids<I, S>(catalog: &Catalog, ids: I) -> Cart
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Cart::from_lines(catalog, ids.into_iter().map(|id| CartLine::one(id.as_ref())))
    }

    /// A cart of these lines; quantities count towards the subtotal.
    pub fn from_lines<I>(catalog: &Catalog, lines: I) -> Cart
    where
        I: IntoIterator<Item = CartLine>,
    {
        let mut cart = Cart::default();
        for line in lines {
            let id = line.id.trim();
            if id.is_empty() {
                continue;
            }
            let Some(position) = catalog.position(id) else {
                cart.unknown.push(id.to_owned());
                continue;
            };
            let product = &catalog.products()[position];
            let price = product
                .variants
                .iter()
                .find(|v| v.id == id)
                .and_then(|v| v.price)
                .unwrap_or(product.price);
            let amount = price.minor().saturating_mul(i64::from(line.quantity));
            cart.subtotal = Money(cart.subtotal.minor().saturating_add(amount));
            if !cart.products.contains(&position) {
                cart.products.push(position);
            }
        }
        cart
    }

    /// The same cart, with products the shopper passed over lately (shown several times and
    /// never added, or taken back): like the cart's own products, they are not offered, so the
    /// widget never pushes an item the shopper has already declined. Unknown ids are ignored.
    pub fn with_passed_over<I, S>(mut self, catalog: &Catalog, ids: I) -> Cart
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.passed_over.extend(
            ids.into_iter()
                .filter_map(|id| catalog.position(id.as_ref().trim())),
        );
        self
    }

    /// Whether the product at this catalog position was passed over lately.
    pub(crate) fn passed_over(&self, position: usize) -> bool {
        self.passed_over.contains(&position)
    }

    /// Catalog positions of the products in the cart.
    pub(crate) fn positions(&self) -> &[usize] {
        &self.products
    }

    /// Whether the product at this catalog position is in the cart, in any variant.
    pub(crate) fn holds(&self, position: usize) -> bool {
        self.products.contains(&position)
    }

    /// The sum of the cart's prices.
    pub fn subtotal(&self) -> Money {
        self.subtotal
    }

    /// Whether the cart holds nothing the catalog knows.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// Ids the catalog does not know.
    pub fn unknown_ids(&self) -> &[String] {
        &self.unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
              {"id": "socks", "title": "Socks", "price": 900,
               "variants": [{"id": "4711", "title": "42", "price": 1000}]},
              {"id": "cap", "title": "Cap", "price": 1500}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn a_page_passes_ids_or_lines_with_quantities() {
        let lines =
            CartLine::parse_all(r#"["cap", {"id": 4711, "quantity": 2}, {"id": "x", "quantity": 0}]"#)
                .unwrap();
        assert_eq!(
            lines,
            [
                CartLine::one("cap"),
                CartLine {
                    id: "4711".into(),
                    quantity: 2
                }
            ]
        );
    }

    #[test]
    fn quantities_count_towards_the_subtotal_at_the_variant_price() {
        let lines = CartLine::parse_all(r#"[{"id": "4711", "quantity": 2}, "cap"]"#).unwrap();
        let cart = Cart::from_lines(&catalog(), lines);
        assert_eq!(cart.subtotal(), Money(2 * 1000 + 1500));
        assert_eq!(cart.positions(), [0, 1]);
    }

    #[test]
    fn a_bad_cart_names_the_line_and_field() {
        let error = |text| CartLine::parse_all(text).unwrap_err().to_string();
        assert_eq!(
            error(r#"["a", {"id": "b", "quantity": -1}]"#),
            "[1].quantity: expected a whole number"
        );
        assert_eq!(error(r#"[{"quantity": 1}]"#), "[0].id: expected an id");
        assert_eq!(error(r#"{"id": "a"}"#), "expected an array of cart lines");
        assert_eq!(error("[\"a\",\n  nope]"), "line 2, column 3: expected a value");
    }
}
