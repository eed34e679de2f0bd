//! What a page hands the widget (a feed, a cart, past orders) is read without a panic whatever
//! it holds: a panic would stop the one wasm instance every widget on the page shares. Random
//! text, and valid documents cut or with a byte changed, must give an answer or an error.

use checkout_addons_engine::{recommend, reorder, Cart, CartLine, Catalog, Config, Date, History};
use proptest::prelude::*;

const FEED: &str = r#"{"version": 1, "currency": "EUR", "segments": {"lapsing_days": 90},
  "products": [
    {"id": "food", "title": "Cat food", "price": 1299, "repurchase_days": 14,
     "variants": [{"id": "food-2", "title": "2 kg", "available": true}]},
    {"id": "bowl", "title": "Bowl", "price": 899, "category": ["Pets", "Bowls"], "impulse": true}
  ],
  "complements": [{"from": "food", "to": "bowl"}],
  "copurchase": {"food": [{"with": "bowl", "count": 4, "confidence": 0.5, "lift": 2}]}}"#;
const CART: &str = r#"["food", {"id": "bowl", "quantity": 2}]"#;
const HISTORY: &str =
    r#"[{"date": "2026-10-30", "total": 2198, "lines": ["food-2", {"id": "bowl", "quantity": 1}]}]"#;

/// `text` with the byte at `at` replaced by `byte`, or cut there: as lossy UTF-8, since pages
/// pass strings.
fn damaged(text: &str, at: usize, byte: u8, cut: bool) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let at = at % bytes.len();
    if cut {
        bytes.truncate(at);
    } else {
        bytes[at] = byte;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Reads all three and, where they read, ranks and reorders with them.
fn read_and_rank(feed: &str, cart: &str, history: &str) {
    let Ok(catalog) = Catalog::from_json(feed) else {
        return;
    };
    let lines = CartLine::parse_all(cart).unwrap_or_default();
    let history = History::parse(history).unwrap_or_default();
    let cart = Cart::from_lines(&catalog, lines).with_history(&catalog, &history);
    let today = Date::new(2026, 11, 20).unwrap();
    let _ = recommend(&catalog, &cart, today, &Config::default());
    let _ = reorder(&catalog, &cart, &history, today);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn damaged_documents_never_panic(at in any::<usize>(), byte in any::<u8>(), cut in any::<bool>(), which in 0..3usize) {
        let (feed, cart, history) = match which {
            0 => (damaged(FEED, at, byte, cut), CART.to_owned(), HISTORY.to_owned()),
            1 => (FEED.to_owned(), damaged(CART, at, byte, cut), HISTORY.to_owned()),
            _ => (FEED.to_owned(), CART.to_owned(), damaged(HISTORY, at, byte, cut)),
        };
        read_and_rank(&feed, &cart, &history);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,64}", json_ish in "[\\[\\]{}\":,0-9a-z. -]{0,64}") {
        read_and_rank(&text, &text, &text);
        read_and_rank(FEED, &json_ish, &json_ish);
        read_and_rank(&json_ish, CART, HISTORY);
    }
}

#[test]
fn the_documents_damaged_above_are_valid_as_written() {
    let catalog = Catalog::from_json(FEED).unwrap();
    assert_eq!(CartLine::parse_all(CART).unwrap().len(), 2);
    let history = History::parse(HISTORY).unwrap();
    // With the bowl in the cart, the reorder holds only the food.
    let cart = Cart::from_ids(&catalog, ["bowl"]).with_history(&catalog, &history);
    let today = Date::new(2026, 11, 20).unwrap();
    assert!(reorder(&catalog, &cart, &history, today).is_none());
    assert!(reorder(&catalog, &Cart::default(), &history, today).is_some());
}
