//! What the shop's own page knows of a logged-in shopper: their past orders. The page hands
//! them over; nothing is stored or sent anywhere, and a shopper without them gets exactly the
//! answer everyone gets.

use crate::cart_line::{parse_json, CartError, CartLine};
use crate::date::Date;
use crate::json::Json;
use crate::money::Money;

/// Past orders read of what a page passes: the newest, so the work per cart stays small
/// whatever a page sends (a regular's last 50 orders cover months of replenishment). Older
/// ones are left out and counted ([`History::left_out`]), not an error: the shop's most loyal
/// shoppers, those with the most orders, must not lose buy-again for it.
pub const MAX_PAST_ORDERS: usize = 50;
/// Past orders a page may pass at all: more is an error (the history is ignored), so that
/// leaving out the oldest stays a few milliseconds.
pub const MAX_PASSED_ORDERS: usize = 1000;
/// Lines a past order may have.
pub const MAX_PAST_LINES: usize = 100;
/// Products of a history the buy-again lane looks at: those bought most recently. Enough for
/// a regular's staples, and a published folder fetches only their shards (and the newest
/// order's, for a reorder), so a long history costs a checkout a bounded number of requests
/// and gets the answer the whole feed gives.
pub const RECENT_PRODUCTS: usize = 24;

/// A shopper's past orders, in any order. **Its line ids are trimmed** (as a cart's are), so
/// every reader takes them as they are.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    orders: Vec<PastOrder>,
    /// Orders passed beyond the newest [`MAX_PAST_ORDERS`], not read.
    left_out: usize,
    /// Orders dated after the day it was read on ([`History::parse_on`]), not read.
    later: usize,
}

/// One past order: the day it was placed, its lines (product or variant ids, quantities) and,
/// where the page says, what was paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastOrder {
    /// The day it was placed.
    pub date: Date,
    /// What it held.
    pub lines: Vec<CartLine>,
    /// What the shopper paid, in the feed's minor units, when the page passes it (`total`):
    /// the segments use it rather than today's prices of the lines, which a published folder
    /// does not hold for every past product.
    pub total: Option<Money>,
}

impl History {
    /// Reads past orders as a page passes them:
    /// `[{"date": "2026-10-30", "total": 2598, "lines": ["sku-1", {"id": "sku-2", "quantity": 2}]}]`
    /// (`total` optional).
    /// An error names its place (`[1].lines[0].id`); the page's widget then ignores the
    /// history and says so once.
    pub fn parse(text: &str) -> Result<History, CartError> {
        History::read(text, None)
    }

    /// As [`History::parse`], read on `today`: an order dated later (a day's grace for time
    /// zones: a typo, a test order, a subscription's next delivery) is no past order, and is
    /// left out before the newest [`MAX_PAST_ORDERS`] are kept. Taken as one, it made every
    /// staple look dropped and a lapsing shopper recent, and took a real order's place.
    pub fn parse_on(text: &str, today: Date) -> Result<History, CartError> {
        History::read(text, Some(today))
    }

    /// How many orders were dated after the day the history was read on.
    pub fn later(&self) -> usize {
        self.later
    }

    fn read(text: &str, today: Option<Date>) -> Result<History, CartError> {
        let root = parse_json(text)?;
        let wrong = |path: String, expected| CartError::WrongType { path, expected };
        let Json::Array(orders) = &root.json else {
            return Err(wrong(String::new(), "an array of past orders"));
        };
        if orders.len() > MAX_PASSED_ORDERS {
            return Err(wrong(String::new(), "at most 1000 past orders, the newest"));
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
            let total = match field("total") {
                None | Some(Json::Null) => None,
                // i64, not u32: a Rp 43,000,000 order is 4.3 billion minor units.
                Some(Json::Number(text)) => Some(text.parse::<i64>().ok().filter(|minor| *minor >= 0)),
                Some(_) => Some(None),
            };
            let total = match total {
                None => None,
                Some(Some(minor)) => Some(Money(minor)),
                Some(None) => return Err(wrong(format!("[{i}].total"), "a whole amount in minor units")),
            };
            if today.is_some_and(|today| date.days_since(today) > 1) {
                history.later += 1;
                continue;
            }
            history.orders.push(PastOrder { date, lines, total });
        }
        // The oldest left out, one at a time (the last passed of its day first): no sort
        // routine in the shipped wasm.
        while history.orders.len() > MAX_PAST_ORDERS {
            let orders = &history.orders;
            let oldest = (0..orders.len())
                .rev()
                .reduce(|a, b| if orders[b].date < orders[a].date { b } else { a });
            history.orders.remove(oldest.unwrap_or(0));
            history.left_out += 1;
        }
        Ok(history)
    }

    /// The orders, as passed (the newest [`MAX_PAST_ORDERS`] of them).
    pub fn orders(&self) -> &[PastOrder] {
        &self.orders
    }

    /// How many orders the page passed beyond the newest [`MAX_PAST_ORDERS`]: left out, and
    /// worth a warning (the Shopify and WooCommerce snippets pass 50).
    pub fn left_out(&self) -> usize {
        self.left_out
    }

    /// That warning, when orders were left out; the widget and the CLI say it alike.
    pub fn left_out_note(&self) -> Option<String> {
        (self.left_out > 0).then(|| {
            format!(
                "the newest {MAX_PAST_ORDERS} past orders read, {} older ones left out",
                self.left_out
            )
        })
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    /// The newest order (the first passed, of those on the newest day).
    pub fn newest(&self) -> Option<&PastOrder> {
        (self.orders.iter()).reduce(|newest, order| if order.date > newest.date { order } else { newest })
    }

    /// The ids whose products a published folder must load for this history: the
    /// [`History::recent_ids`] buy-again looks at and, for a reorder, the newest order's lines.
    /// Widget, CLI and tests load these, so a folder answers as the feed file does.
    pub fn ids_to_load(&self, with_reorder: bool) -> Vec<&str> {
        let mut ids = self.recent_ids();
        if let Some(newest) = self.newest().filter(|_| with_reorder) {
            ids.extend(newest.lines.iter().map(|line| line.id.as_str()));
        }
        ids
    }

    /// The ids of the [`RECENT_PRODUCTS`] products bought most recently: the lines of the
    /// newest order first, then of the next newest, each id once (orders of one day as
    /// passed). The buy-again lane looks at these only.
    pub fn recent_ids(&self) -> Vec<&str> {
        let mut done = vec![false; self.orders.len()];
        let mut ids: Vec<&str> = Vec::new();
        // The newest order not yet read, each time: no sort routine in the shipped wasm.
        while let Some(next) = (0..self.orders.len()).filter(|&i| !done[i]).reduce(|a, b| {
            if self.orders[b].date > self.orders[a].date {
                b
            } else {
                a
            }
        }) {
            done[next] = true;
            for line in &self.orders[next].lines {
                let id = line.id.as_str();
                if ids.len() < RECENT_PRODUCTS && !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        ids
    }
}

impl From<Vec<PastOrder>> for History {
    fn from(mut orders: Vec<PastOrder>) -> History {
        for line in orders.iter_mut().flat_map(|order| &mut order.lines) {
            if line.id.trim().len() != line.id.len() {
                line.id = line.id.trim().to_owned();
            }
        }
        History {
            orders,
            left_out: 0,
            later: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_dated_after_today_is_no_past_order_and_takes_no_real_orders_place() {
        let today: Date = "2026-11-20".parse().unwrap();
        let mut orders: Vec<String> = (1..=MAX_PAST_ORDERS)
            .map(|n| format!(r#"{{"date": "2026-{:02}-01", "lines": ["beans"]}}"#, 1 + n % 10))
            .collect();
        orders.push(r#"{"date": "2026-11-21", "lines": ["mug"]}"#.into());
        orders.push(r#"{"date": "2026-12-31", "lines": ["lamp"]}"#.into());
        let history = History::parse_on(&format!("[{}]", orders.join(",")), today).unwrap();
        // The day after stays (the shop's clock may be a time zone ahead); the last day of the
        // year does not, and the oldest real order is the one the cut leaves out.
        assert_eq!(history.later(), 1);
        assert_eq!(history.left_out(), 1);
        assert!(history.orders().iter().all(|o| o.date.days_since(today) <= 1));
        assert!(history
            .orders()
            .iter()
            .any(|o| o.date.to_string() == "2026-11-21"));
    }

    #[test]
    fn a_history_made_of_orders_trims_their_ids_as_a_page_s_is() {
        let order = |id: &str| PastOrder {
            date: "2026-10-30".parse().unwrap(),
            lines: vec![CartLine::one(id)],
            total: None,
        };
        let history = History::from(vec![order(" food "), order("toy")]);
        assert_eq!(history.recent_ids(), ["food", "toy"]);
        assert_eq!(history.orders()[0].lines[0].id, "food");
    }

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
                    quantity: 2,
                    ..CartLine::one("4711")
                }
            ]
        );
    }

    #[test]
    fn a_long_history_is_read_as_its_newest_orders_in_the_order_passed() {
        // A regular of years: 49 orders in February, two on New Year's Day before them (the
        // first passed of that day is the newer), and one from last year.
        let mut orders = vec![
            r#"{"date": "2025-12-30", "lines": ["old"]}"#.to_owned(),
            r#"{"date": "2026-01-01", "lines": ["first"]}"#.to_owned(),
            r#"{"date": "2026-01-01", "lines": ["second"]}"#.to_owned(),
        ];
        orders.extend(
            (1..=49).map(|day| format!(r#"{{"date": "2026-02-{:02}", "lines": ["{day}"]}}"#, day % 28 + 1)),
        );
        let history = History::parse(&format!("[{}]", orders.join(","))).unwrap();
        assert_eq!(history.orders().len(), MAX_PAST_ORDERS);
        assert_eq!(history.left_out(), 2);
        assert_eq!(history.orders()[0].lines, [CartLine::one("first")]);
        assert_eq!(history.orders()[1].lines, [CartLine::one("1")]);
        assert_eq!(history.orders()[49].lines, [CartLine::one("49")]);
        assert_eq!(
            History::parse(&format!("[{}]", orders[3..].join(",")))
                .unwrap()
                .left_out(),
            0
        );
    }

    #[test]
    fn a_line_of_no_product_is_left_out_and_the_order_kept() {
        // Shopify's Liquid writes a custom item's (or a deleted variant's) `variant_id` as null.
        let history = History::parse(
            r#"[{"date": "2026-10-30", "lines": [{"id": null, "quantity": 1}, {"id": 4711, "quantity": 2}]}]"#,
        )
        .unwrap();
        assert_eq!(
            history.orders()[0].lines,
            [CartLine {
                quantity: 2,
                ..CartLine::one("4711")
            }]
        );
    }

    #[test]
    fn the_recent_products_are_the_newest_orders_lines_at_most_24() {
        let history = History::parse(
            r#"[{"date": "2026-09-01", "lines": ["old", "soap"]},
                {"date": "2026-11-20", "lines": ["soap", "food"]},
                {"date": "2026-10-01", "lines": ["wipes"]}]"#,
        )
        .unwrap();
        assert_eq!(history.recent_ids(), ["soap", "food", "wipes", "old"]);
        // A reorder adds the newest order's lines (here already among them).
        assert_eq!(
            history.ids_to_load(true),
            ["soap", "food", "wipes", "old", "soap", "food"]
        );
        assert_eq!(history.ids_to_load(false), history.recent_ids());
        assert_eq!(
            history.newest().map(|o| o.date),
            Some("2026-11-20".parse().unwrap())
        );
        let many: Vec<String> = (0..30)
            .map(|n| format!(r#"{{"date": "2026-10-{:02}", "lines": ["p{n}"]}}"#, n + 1))
            .collect();
        let long = History::parse(&format!("[{}]", many.join(","))).unwrap();
        let recent = long.recent_ids();
        assert_eq!(recent.len(), RECENT_PRODUCTS);
        assert_eq!((recent[0], recent[23]), ("p29", "p6"), "the newest first");
    }

    #[test]
    fn a_page_may_say_what_an_order_cost() {
        let history =
            History::parse(r#"[{"date": "2026-10-30", "total": 4590, "lines": ["food"]}]"#).unwrap();
        assert_eq!(history.orders()[0].total, Some(Money(4590)));
        let rupiah = History::parse(r#"[{"date": "2026-10-30", "total": 4300000000, "lines": ["laptop"]}]"#);
        assert_eq!(rupiah.unwrap().orders()[0].total, Some(Money(4_300_000_000)));
        assert!(History::parse(r#"[{"date": "2026-10-30", "total": -5, "lines": []}]"#).is_err());
        let error = History::parse(r#"[{"date": "2026-10-30", "total": 45.9, "lines": []}]"#).unwrap_err();
        assert_eq!(
            error.to_string(),
            "[0].total: expected a whole amount in minor units"
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
        // A bad order is found in any order, left out or not: the page's history is broken.
        let many = vec![r#"{"date": "2026-10-30", "lines": []}"#; MAX_PAST_ORDERS + 1].join(",");
        assert_eq!(
            error(&format!(r#"[{{"date": "soon", "lines": []}}, {many}]"#)),
            "[0].date: expected a date YYYY-MM-DD"
        );
        let too_many = vec![r#"{"date": "2026-10-30", "lines": []}"#; MAX_PASSED_ORDERS + 1].join(",");
        assert_eq!(
            error(&format!("[{too_many}]")),
            "expected at most 1000 past orders, the newest"
        );
        let long = vec!["\"a\""; MAX_PAST_LINES + 1].join(",");
        assert_eq!(
            error(&format!(r#"[{{"date": "2026-10-30", "lines": [{long}]}}]"#)),
            "[0].lines: expected at most 100 lines"
        );
    }
}
