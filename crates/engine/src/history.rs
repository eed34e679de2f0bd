//! What the shop's own page knows of a logged-in shopper: their past orders. The page hands
//! them over; nothing is stored or sent anywhere, and a shopper without them gets exactly the
//! answer everyone gets.

use crate::cart_line::{parse_json, CartError, CartLine};
use crate::date::Date;
use crate::json::Json;

/// Past orders a page may pass, the newest it has; more is an error, so the work per cart stays
/// small whatever a page sends (a regular's last 50 orders cover months of replenishment).
pub const MAX_PAST_ORDERS: usize = 50;
/// Lines a past order may have.
pub const MAX_PAST_LINES: usize = 100;

/// A shopper's past orders, in any order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    orders: Vec<PastOrder>,
}

/// One past order: the day it was placed and its lines (product or variant ids, quantities).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastOrder {
    /// The day it was placed.
    pub date: Date,
    /// What it held.
    pub lines: Vec<CartLine>,
}

impl History {
    /// Reads past orders as a page passes them:
    /// `[{"date": "2026-10-30", "lines": ["sku-1", {"id": "sku-2", "quantity": 2}]}]`.
    /// An error names its place (`[1].lines[0].id`); the page's widget then ignores the
    /// history and says so once.
    pub fn parse(text: &str) -> Result<History, CartError> {
        let root = parse_json(text)?;
        let wrong = |path: String, expected| CartError::WrongType { path, expected };
        let Json::Array(orders) = &root.json else {
            return Err(wrong(String::new(), "an array of past orders"));
        };
        if orders.len() > MAX_PAST_ORDERS {
            return Err(wrong(String::new(), "at most 50 past orders, the newest"));
        }
        let mut history = History::default();
        for (i, order) in orders.iter().enumerate() {
            let Json::Object(fields) = &order.json else {
                return Err(wrong(format!("[{i}]"), "{\"date\", \"lines\"}"));
            };
            let field = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| &v.json);
            let date = match field("date") {
                Some(Json::String(text)) => text.parse::<Date>().ok(),
                _ => None,
            }
            .ok_or_else(|| wrong(format!("[{i}].date"), "a date YYYY-MM-DD"))?;
            let Some(Json::Array(lines)) = field("lines") else {
                return Err(wrong(format!("[{i}].lines"), "an array of lines"));
            };
            if lines.len() > MAX_PAST_LINES {
                return Err(wrong(format!("[{i}].lines"), "at most 100 lines"));
            }
            let lines = CartLine::read_all(lines, &format!("[{i}].lines"))?;
            history.orders.push(PastOrder { date, lines });
        }
        Ok(history)
    }

    /// The orders, as passed.
    pub fn orders(&self) -> &[PastOrder] {
        &self.orders
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }
}

impl From<Vec<PastOrder>> for History {
    fn from(orders: Vec<PastOrder>) -> History {
        History { orders }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_passes_dated_orders_of_ids_or_lines() {
        let history =
            History::parse(r#"[{"date": "2026-10-30", "lines": ["food", {"id": 4711, "quantity": 2}]}]"#)
                .unwrap();
        assert_eq!(history.orders()[0].date, "2026-10-30".parse().unwrap());
        assert_eq!(
            history.orders()[0].lines,
            [
                CartLine::one("food"),
                CartLine {
                    id: "4711".into(),
                    quantity: 2
                }
            ]
        );
    }

    #[test]
    fn bad_past_orders_name_their_place() {
        let error = |text: &str| History::parse(text).unwrap_err().to_string();
        assert_eq!(
            error(r#"{"date": "2026-10-30"}"#),
            "expected an array of past orders"
        );
        assert_eq!(
            error(r#"[{"date": "30-10-2026", "lines": []}]"#),
            "[0].date: expected a date YYYY-MM-DD"
        );
        assert_eq!(
            error(r#"[{"date": "2026-10-30", "lines": []}, {"date": "2026-10-31"}]"#),
            "[1].lines: expected an array of lines"
        );
        assert_eq!(
            error(r#"[{"date": "2026-10-30", "lines": [{"quantity": 1}]}]"#),
            "[0].lines[0].id: expected an id"
        );
        assert_eq!(
            error("[1,"),
            "line 1, column 4: the text ends where a value should be"
        );
        let many = vec![r#"{"date": "2026-10-30", "lines": []}"#; MAX_PAST_ORDERS + 1].join(",");
        assert_eq!(
            error(&format!("[{many}]")),
            "expected at most 50 past orders, the newest"
        );
        let long = vec!["\"a\""; MAX_PAST_LINES + 1].join(",");
        assert_eq!(
            error(&format!(r#"[{{"date": "2026-10-30", "lines": [{long}]}}]"#)),
            "[0].lines: expected at most 100 lines"
        );
    }
}
