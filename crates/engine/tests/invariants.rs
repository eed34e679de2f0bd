//! The rules no catalog, cart, date or config may break, checked on random shops.

mod shops;

use checkout_addons_engine::{
    recommend, reorder, Cart, CartLine, Date, History, Money, PastOrder, Reason, Segment, MAIN_ITEM_MULTIPLE,
    REORDER_MIN_LINES,
};
use proptest::prelude::*;
use shops::{config, shop};

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_answer_keeps_the_rules(
        catalog in shop(),
        picks_from in proptest::collection::vec((0usize..30, 0usize..3), 0..5),
        month in 1u8..=12,
        config in config(),
    ) {
        // Cart ids: products or their variants, now and then one unknown to the catalog (which
        // hides the free-shipping gap, so mostly known ones).
        let count = catalog.products().len();
        let ids: Vec<String> = picks_from
            .iter()
            .map(|&(p, v)| (if p < 27 { p % count } else { p }, v))
            .map(|(p, v)| if v == 0 { format!("p{p}") } else { format!("p{p}-v{}", v - 1) })
            .collect();
        let cart = Cart::from_ids(&catalog, &ids);
        let date = Date::new(2026, month, 15).unwrap();
        let picks = recommend(&catalog, &cart, date, &config);

        prop_assert!(picks.len() <= config.max_items, "more than max_items");
        // A card says it brings free shipping exactly when what it adds closes the cart's gap:
        // its price, or a swap's price above the line it replaces (the product's first).
        let gap = checkout_addons_engine::free_shipping_gap(&cart, &config);
        for pick in &picks {
            let mut adds = catalog.product(&pick.product_id).unwrap().offer_price().minor();
            if let Reason::UpgradeOf { product_id } = &pick.reason {
                let first = ids.iter().find(|id| catalog.product(id).is_some_and(|p| &p.id == product_id)).unwrap();
                adds -= catalog.product(first).unwrap().price_of(first).minor();
            }
            let closes = gap.is_some_and(|gap| adds > 0 && adds >= gap.minor());
            prop_assert_eq!(pick.free_shipping, closes, "{}", pick.product_id);
        }
        // The shop's best-sellers only fill the places every other lane leaves.
        let first_bestseller = picks.iter().position(|p| p.reason == Reason::Bestseller).unwrap_or(picks.len());
        prop_assert!(picks[first_bestseller..].iter().all(|p| p.reason == Reason::Bestseller), "a best-seller before another lane's pick");
        let upsells = picks.iter().filter(|p| matches!(p.reason, Reason::UpgradeOf { .. })).count();
        prop_assert!(upsells <= config.max_upsells);
        let in_cart: Vec<&str> = ids.iter().filter_map(|id| catalog.product(id)).map(|p| p.id.as_str()).collect();
        let subtotal = cart.subtotal();
        // A cross-sell's cap: the cart; or, for a cart that the cart's own cap leaves with
        // nothing, the shop's typical price, and then never a main item.
        let typical = catalog.typical_price();
        let within = |price: Money| {
            price <= subtotal
                || (price <= typical && price.minor() < i64::from(MAIN_ITEM_MULTIPLE) * typical.minor())
        };
        for (n, pick) in picks.iter().enumerate() {
            let product = catalog.product(&pick.product_id).unwrap();
            prop_assert!(!in_cart.contains(&product.id.as_str()), "{} is in the cart", product.id);
            prop_assert!(product.is_available() && !product.restricted, "{} is not offerable", product.id);
            prop_assert!(picks[..n].iter().all(|p| p.product_id != pick.product_id), "{} twice", product.id);
            if config.relevance_only {
                continue;
            }
            prop_assert!(product.in_season(month), "{} out of season", product.id);
            let price = product.offer_price();
            // An anchor costs what the cart holds of it (its dearest line's variant), not the
            // product's cheapest offer.
            let anchor_price = |product_id: &str| {
                (ids.iter().filter_map(|id| catalog.product(id).filter(|p| p.id == product_id).map(|p| p.price_of(id))))
                    .max()
                    .unwrap()
            };
            match &pick.reason {
                Reason::ComplementOf { product_id } | Reason::BoughtTogether { product_id } | Reason::Matches { product_id } => {
                    prop_assert!(in_cart.contains(&product_id.as_str()));
                    // Never dearer than the cart; next to a main item, an accessory's share of it.
                    prop_assert!(within(price), "{} at {:?} outshines the cart at {:?}", product.id, price, subtotal);
                    let anchor = anchor_price(product_id);
                    let main_item = anchor.minor() >= i64::from(MAIN_ITEM_MULTIPLE) * catalog.typical_price().minor();
                    prop_assert!(!main_item || price <= anchor.percent(config.cross_sell_max_share_percent),
                        "{} at {:?} is too dear next to {product_id} at {:?}", product.id, price, anchor);
                }
                Reason::BundleSaving { product_id, .. } => prop_assert!(price <= anchor_price(product_id)),
                Reason::Impulse | Reason::Seasonal | Reason::Clearance => {
                    prop_assert!(product.impulse);
                    // The share rule wherever the cart's cost is known, even in part; up to
                    // half the cap, never dearer than the cart.
                    let known = subtotal.minor() > 0 || cart.subtotal_known();
                    let till = config.impulse_cap(catalog.currency());
                    let cheap = price <= subtotal.percent(config.impulse_max_share_percent)
                        || (price.minor() <= till.minor() / 2 && price <= subtotal);
                    prop_assert!(price <= till && (!known || cheap),
                        "{} at {:?} is too dear next to a cart at {:?}", product.id, price, subtotal);
                }
                Reason::UpgradeOf { product_id } => prop_assert!(in_cart.contains(&product_id.as_str())),
                Reason::LastBought { .. } => prop_assert!(false, "{} is a buy-again without a history", product.id),
                // Within the price rules for some cart item: never dearer than the cart, and
                // an accessory's share of a main item where that is the one it goes with.
                Reason::Bestseller => {
                    prop_assert!(within(price), "{} at {:?} outshines the cart at {:?}", product.id, price, subtotal);
                    let main_from = catalog.typical_price().minor() * i64::from(MAIN_ITEM_MULTIPLE);
                    let fits = in_cart.iter().any(|&anchor| {
                        let anchor = anchor_price(anchor);
                        (anchor.minor() < main_from || price <= anchor.percent(config.cross_sell_max_share_percent))
                            && (price.minor() < main_from || price <= anchor)
                    });
                    prop_assert!(fits, "{} at {:?} fits no cart item", product.id, price);
                }
            }
        }
        // The same question always gets the same answer.
        prop_assert_eq!(recommend(&catalog, &cart, date, &config), picks);
    }

    /// A history only ever adds what is due: every buy-again is a product of the history whose
    /// cycle has (nearly) passed since its last order, and an answer without any is exactly the
    /// answer the shopper would get without a history in the segment the history puts them in.
    #[test]
    fn a_history_adds_only_what_is_due(
        catalog in shop(),
        picks_from in proptest::collection::vec((0usize..30, 0usize..3), 1..4),
        orders in proptest::collection::vec(
            (0i32..120, proptest::collection::vec((0usize..30, 0usize..3, 1u32..4), 0..5)), 0..5),
        config in config(),
    ) {
        let id = |&(p, v): &(usize, usize)| if v == 0 { format!("p{p}") } else { format!("p{p}-v{}", v - 1) };
        let ids: Vec<String> = picks_from.iter().map(id).collect();
        let today = Date::new(2026, 6, 15).unwrap();
        let day = |ago: i32| {
            let mut day = today;
            // Walk back day by day: the test must not share the engine's arithmetic.
            for _ in 0..ago {
                day = earlier(day);
            }
            day
        };
        let history = History::from(
            orders
                .iter()
                .map(|(ago, lines)| PastOrder {
                    date: day(*ago),
                    lines: lines.iter().map(|&(p, v, quantity)| CartLine { quantity, ..CartLine::one(id(&(p, v))) }).collect(),
                    total: None,
                })
                .collect::<Vec<_>>(),
        );
        let plain = Cart::from_ids(&catalog, &ids);
        let cart = plain.clone().with_history(&catalog, &history);
        let picks = recommend(&catalog, &cart, today, &config);
        prop_assert!(picks.len() <= config.max_items);
        let in_cart: Vec<&str> = ids.iter().filter_map(|id| catalog.product(id)).map(|p| p.id.as_str()).collect();
        let mut buy_again = false;
        for pick in &picks {
            let product = catalog.product(&pick.product_id).unwrap();
            prop_assert!(!in_cart.contains(&product.id.as_str()), "{} is in the cart", product.id);
            prop_assert!(product.is_available() && !product.restricted, "{} is not offerable", product.id);
            let Reason::LastBought { date, line_id, quantity } = &pick.reason else { continue };
            buy_again = true;
            // The cycle of what the last order bought: its variant's own, else the product's.
            let cycle = i32::from(product.repurchase_days_of(line_id).expect("only consumables are due"));
            // Its last order is `date`, what it bought has lasted (less a day a week), and the
            // shopper did not order again more than three times that long after it without it.
            let last = orders.iter().filter(|(_, lines)| lines.iter()
                .any(|&(p, v, _)| catalog.product(&id(&(p, v))).is_some_and(|q| q.id == product.id)))
                .map(|(ago, _)| *ago).min().unwrap();
            prop_assert_eq!(*date, day(last));
            let lasts = cycle * *quantity as i32;
            prop_assert!(last >= lasts - lasts / 7, "{} bought {last} days ago, {quantity} of a {cycle}-day cycle", product.id);
            // What that day bought lasts as long as the longest of its ids of the product, each
            // summed over the day's lines: the 12 kg bag, not the 2 kg one beside it.
            let mut day: Vec<(String, u32)> = Vec::new();
            for &(p, v, q) in (orders.iter().filter(|(ago, _)| *ago == last)).flat_map(|(_, lines)| lines) {
                let line = id(&(p, v));
                if catalog.product(&line).is_some_and(|of| of.id == product.id) {
                    match day.iter_mut().find(|(id, _)| *id == line) {
                        Some((_, sum)) => *sum += q,
                        None => day.push((line, q)),
                    }
                }
            }
            let longest = day.iter().map(|(id, q)| i32::from(product.repurchase_days_of(id).unwrap_or(0)) * *q as i32).max();
            prop_assert_eq!(Some(lasts), longest, "{} due after {} days", product.id, lasts);
            let newest = orders.iter().map(|(ago, _)| *ago).min().unwrap();
            prop_assert!(last - newest <= 3 * lasts, "{} dropped: ordered {newest} days ago without it", product.id);
            prop_assert_eq!(catalog.product(line_id).map(|p| &p.id), Some(&product.id));
            prop_assert!(*quantity >= 1);
            // Only what was bought most recently: a folder fetches just those shards.
            prop_assert!(history.recent_ids().iter().any(|id| catalog.product(id).is_some_and(|p| p.id == product.id)));
        }
        // A reorder is the newest order's lines the shop can sell and the cart lacks: it adds
        // nothing the shopper has and nothing they could not buy.
        if let Some(again) = reorder(&catalog, &plain, &history, today) {
            let newest = orders.iter().map(|(ago, _)| *ago).min().unwrap();
            prop_assert_eq!(again.date, day(newest));
            prop_assert!(again.lines.len() >= REORDER_MIN_LINES);
            for line in &again.lines {
                let product = catalog.product(&line.id).unwrap();
                prop_assert!(!in_cart.contains(&product.id.as_str()), "{} is in the cart", product.id);
                prop_assert!(product.is_available() && !product.restricted, "{} is not buyable", product.id);
                prop_assert!(product.in_season(today.month()), "{} is out of season", product.id);
                prop_assert_eq!(again.lines.iter().filter(|l| catalog.product(&l.id).unwrap().id == product.id).count(), 1);
                let in_newest = orders.iter().filter(|(ago, _)| *ago == newest).any(|(_, lines)| lines.iter()
                    .any(|&(p, v, _)| catalog.product(&id(&(p, v))).is_some_and(|q| q.id == product.id)));
                prop_assert!(in_newest, "{} was not in the newest order", product.id);
            }
        }
        if !buy_again {
            let segment = cart.segment(&catalog, today);
            prop_assert_eq!(picks, recommend(&catalog, &plain.with_segment(segment), today, &config));
        }
    }

    /// What a segment promises holds whatever the shop: a high-value shopper is never offered
    /// clearance stock, a new one no swap and, with the rules on, nothing dearer than half the
    /// cart from what it brings in; and a shopper no shop said anything about gets everyone's.
    #[test]
    fn segments_keep_their_promises(
        catalog in shop(),
        picks_from in proptest::collection::vec((0usize..30, 0usize..3), 1..4),
        segment in 0usize..5,
        config in config(),
    ) {
        let ids: Vec<String> = picks_from.iter().map(|&(p, v)| if v == 0 { format!("p{p}") } else { format!("p{p}-v{}", v - 1) }).collect();
        let segment = [Segment::Everyone, Segment::New, Segment::Frequent, Segment::HighValue, Segment::Lapsing][segment];
        let plain = Cart::from_ids(&catalog, &ids);
        let cart = plain.clone().with_segment(segment);
        let today = Date::new(2026, 6, 15).unwrap();
        let picks = recommend(&catalog, &cart, today, &config);
        for pick in &picks {
            let product = catalog.product(&pick.product_id).unwrap();
            if segment == Segment::HighValue {
                prop_assert!(!product.clearance, "{} is clearance", product.id);
            }
            if segment == Segment::New {
                prop_assert!(!matches!(pick.reason, Reason::UpgradeOf { .. }), "a swap for a new shopper");
                if !config.relevance_only && matches!(pick.reason, Reason::ComplementOf { .. } | Reason::BoughtTogether { .. } | Reason::Matches { .. }) {
                    let cap = plain.subtotal().max(catalog.typical_price());
                    prop_assert!(product.offer_price() <= cap.percent(50), "{} over half the cart", product.id);
                }
            }
        }
        if segment == Segment::Everyone {
            prop_assert_eq!(picks, recommend(&catalog, &plain, today, &config));
        }
    }
}

/// The day before `day`.
fn earlier(day: Date) -> Date {
    let text = day.to_string();
    let (y, m, d): (u16, u8, u8) = (
        text[..4].parse().unwrap(),
        text[5..7].parse().unwrap(),
        text[8..].parse().unwrap(),
    );
    if d > 1 {
        return Date::new(y, m, d - 1).unwrap();
    }
    let (y, m) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
    (28..=31).rev().find_map(|d| Date::new(y, m, d)).unwrap()
}
