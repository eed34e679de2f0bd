//! The shopper's last order again, as one action: "Order again: 3 items". A shop turns it on;
//! the widget adds the lines one by one and takes them all back on undo.

use crate::cart::Cart;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::date::Date;
use crate::history::{History, PastOrder};
use crate::recommend::{recommend, Recommendation};

/// Fewer lines than this are no reorder: one due product is the buy-again lane's card.
pub const REORDER_MIN_LINES: usize = 2;

/// The newest order of `history` (the first passed, on equal days) as it can be bought again
/// with `cart`: its lines, as the order named them and in its quantities, whose product the
/// catalog knows, is buyable, is not restricted, is in season on `today` and the cart does not hold (so undo can take
/// exactly what it added), one line per product; `None` when fewer than
/// [`REORDER_MIN_LINES`] remain. The widget adds a line as the buy-again lane does: the named
/// variant while it is sold, else the product's default one.
pub fn reorder(catalog: &Catalog, cart: &Cart, history: &History, today: Date) -> Option<PastOrder> {
    let month = today.month();
    let newest = history.newest()?;
    let mut again = PastOrder {
        date: newest.date,
        lines: Vec::new(),
        total: None,
    };
    let mut products: Vec<usize> = Vec::new();
    for line in &newest.lines {
        let Some(position) = catalog.position(&line.id) else {
            continue;
        };
        let product = &catalog.products()[position];
        // Priced 0 where the shop prices its products: a placeholder ("price on request"),
        // which no add-on is, and which made a card of one real line.
        let placeholder = product.price_again(&line.id).minor() == 0 && catalog.typical_price().minor() > 0;
        if cart.holds(position)
            || !product.is_available()
            || product.restricted
            || !product.in_season(month)
            || placeholder
        {
            continue;
        }
        // A product listed twice (two variants, or a page repeating a line) is one add: the
        // first line's variant, both quantities.
        match products.iter().position(|&p| p == position) {
            Some(at) => {
                let same = &mut again.lines[at];
                same.quantity = same.quantity.saturating_add(line.quantity);
            }
            None => {
                products.push(position);
                again.lines.push(line.clone());
            }
        }
    }
    (again.lines.len() >= REORDER_MIN_LINES).then_some(again)
}

/// The reorder card, where the shop `offers` it, and the ranked add-ons beside it: what the
/// widget shows and `addons recommend --reorder` answers. The card takes one of
/// `config.max_items` places, and **no ranked add-on offers a product the card holds**: a
/// product on two cards took a place from another add-on, and its add counted in whichever
/// lane came last.
pub fn recommend_with_reorder(
    catalog: &Catalog,
    cart: &Cart,
    history: &History,
    date: Date,
    config: &Config,
    offers: bool,
) -> (Option<PastOrder>, Vec<Recommendation>) {
    let again = offers
        .then(|| reorder(catalog, cart, history, date))
        .flatten()
        .filter(|_| config.max_items > 0);
    let Some(again) = again else {
        return (None, recommend(catalog, cart, date, config));
    };
    let mut config = config.clone();
    config.max_items -= 1;
    let held = again.lines.iter().map(|line| line.id.as_str());
    let cart = cart.clone().with_passed_over(catalog, held);
    (Some(again), recommend(catalog, &cart, date, &config))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cart_line::CartLine;
    use crate::date::Date;

    fn catalog() -> Catalog {
        Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "cat-food", "title": "Cat food 2 kg", "price": 1299, "url": "/c", "kind": "consumable",
                 "variants": [{"id": "cat-food-2kg", "title": "2 kg", "available": true},
                              {"id": "cat-food-5kg", "title": "5 kg", "price": 2899, "available": false}]},
                {"id": "litter", "title": "Litter", "price": 899, "url": "/l"},
                {"id": "wine", "title": "Wine", "price": 1500, "url": "/w", "restricted": true},
                {"id": "toy", "title": "Toy", "price": 499, "url": "/t", "availability": "out_of_stock"},
                {"id": "brush", "title": "Brush", "price": 650, "url": "/b"}
            ]}"#,
        )
        .expect("a valid feed")
    }

    fn day() -> Date {
        Date::new(2026, 11, 20).expect("a date")
    }

    fn history(text: &str) -> History {
        History::parse(text).expect("a valid history")
    }

    #[test]
    fn the_newest_order_comes_back_as_it_was_named_in_its_quantities() {
        let catalog = catalog();
        let past = history(
            r#"[{"date": "2026-09-01", "lines": ["brush", "toy"]},
                {"date": "2026-10-30", "lines": [{"id": "cat-food-2kg", "quantity": 2}, "litter"]}]"#,
        );
        let again = reorder(&catalog, &Cart::default(), &past, day()).expect("a reorder");
        assert_eq!(again.date, Date::new(2026, 10, 30).expect("a date"));
        assert_eq!(
            again.lines,
            [
                CartLine {
                    quantity: 2,
                    ..CartLine::one("cat-food-2kg")
                },
                CartLine::one("litter")
            ]
        );
    }

    #[test]
    fn lines_the_cart_holds_or_the_shop_cannot_sell_are_left_out() {
        let catalog = catalog();
        let past = history(
            r#"[{"date": "2026-10-30", "lines": ["cat-food-5kg", "litter", "wine", "toy", "gift-card", "brush"]}]"#,
        );
        let cart = Cart::from_ids(&catalog, ["litter"]);
        let again = reorder(&catalog, &cart, &past, day()).expect("a reorder");
        let ids: Vec<&str> = again.lines.iter().map(|l| l.id.as_str()).collect();
        // The 5 kg bag is sold out, but the product is not: the widget adds the bag it sells.
        assert_eq!(ids, ["cat-food-5kg", "brush"]);
    }

    #[test]
    fn out_of_season_lines_wait_for_their_season() {
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "lights", "title": "Christmas lights", "price": 1999, "url": "/x",
                 "seasons": [{"from": 11, "to": 12}]},
                {"id": "litter", "title": "Litter", "price": 899, "url": "/l"},
                {"id": "brush", "title": "Brush", "price": 650, "url": "/b"}
            ]}"#,
        )
        .expect("a valid feed");
        let past = history(r#"[{"date": "2026-01-02", "lines": ["lights", "litter", "brush"]}]"#);
        let lines = |day: Date| -> Vec<String> {
            let again = reorder(&catalog, &Cart::default(), &past, day).expect("a reorder");
            again.lines.iter().map(|l| l.id.clone()).collect()
        };
        assert_eq!(lines(Date::new(2026, 6, 1).expect("a date")), ["litter", "brush"]);
        assert_eq!(lines(day()), ["lights", "litter", "brush"]);
    }

    #[test]
    fn a_placeholder_priced_0_is_no_line_and_leaves_one_line_no_card() {
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "custom", "title": "Made to measure, price on request", "price": 0, "url": "/q"},
                {"id": "litter", "title": "Litter", "price": 899, "url": "/l"},
                {"id": "brush", "title": "Brush", "price": 650, "url": "/b"}
            ]}"#,
        )
        .expect("a valid feed");
        let two = history(r#"[{"date": "2026-10-30", "lines": ["custom", "litter", "brush"]}]"#);
        let again = reorder(&catalog, &Cart::default(), &two, day()).expect("a reorder");
        let lines: Vec<&str> = again.lines.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(lines, ["litter", "brush"]);
        let one = history(r#"[{"date": "2026-10-30", "lines": ["custom", "litter"]}]"#);
        assert!(reorder(&catalog, &Cart::default(), &one, day()).is_none());
    }

    #[test]
    fn one_line_left_or_no_history_is_no_reorder() {
        let catalog = catalog();
        let past = history(r#"[{"date": "2026-10-30", "lines": ["litter", "brush"]}]"#);
        assert!(reorder(&catalog, &Cart::from_ids(&catalog, ["brush"]), &past, day()).is_none());
        assert!(reorder(&catalog, &Cart::default(), &History::default(), day()).is_none());
    }

    #[test]
    fn no_ranked_add_on_offers_what_the_reorder_card_holds() {
        // Both lines are due consumables too: the buy-again lane alone offers them.
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "cat-food", "title": "Cat food", "price": 1299, "url": "/c", "repurchase_days": 14},
                {"id": "litter", "title": "Litter", "price": 899, "url": "/l", "repurchase_days": 30},
                {"id": "brush", "title": "Brush", "price": 650, "url": "/b"},
                {"id": "comb", "title": "Comb", "price": 300, "url": "/o"},
                {"id": "mitt", "title": "Grooming mitt", "price": 400, "url": "/m"},
                {"id": "spray", "title": "Detangling spray", "price": 500, "url": "/s"}
            ],
            "complements": [{"from": "brush", "to": "comb"}, {"from": "brush", "to": "mitt"},
                            {"from": "brush", "to": "spray"}]}"#,
        )
        .expect("a valid feed");
        let past = history(r#"[{"date": "2026-11-02", "lines": ["cat-food", "litter"]}]"#);
        let cart = Cart::from_ids(&catalog, ["brush"]).with_history(&catalog, &past);
        let date = Date::new(2026, 12, 5).expect("a date");
        let config = Config::default();
        let (again, picks) = recommend_with_reorder(&catalog, &cart, &past, date, &config, true);
        assert_eq!(again.map(|a| a.lines.len()), Some(2));
        let offered: Vec<&str> = picks.iter().map(|p| p.product_id.as_str()).collect();
        assert!(
            !offered.iter().any(|id| ["cat-food", "litter"].contains(id)),
            "{offered:?}"
        );
        assert_eq!(
            picks.len(),
            config.max_items - 1,
            "the card takes a place: {offered:?}"
        );
        // Without the card, the same cart's add-ons are everyone's.
        let (none, alone) = recommend_with_reorder(&catalog, &cart, &past, date, &config, false);
        assert!(none.is_none());
        assert_eq!(alone, recommend(&catalog, &cart, date, &config));
        let due: Vec<&str> = alone.iter().map(|p| p.product_id.as_str()).collect();
        assert!(due.contains(&"cat-food") && due.contains(&"litter"), "{due:?}");
    }
}
