//! The rules no catalog, cart, date or config may break, checked on random shops.

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, Money, Reason, MAIN_ITEM_MULTIPLE};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One random product: price, category, flags, seasons and variants.
fn product(index: usize) -> impl Strategy<Value = Value> {
    (
        1i64..100_000,
        0usize..4,
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        proptest::option::of((1u8..=12, 1u8..=12)),
        0usize..3,
    )
        .prop_map(move |(price, category, (impulse, restricted, sold_out, keeps_selling, clearance), season, variants)| {
            // The first two fill the shelves the category complement names.
            let category = if index < 2 { index } else { category };
            let variants: Vec<Value> = (0..variants)
                .map(|v| json!({"id": format!("p{index}-v{v}"), "price": price + v as i64 * 100, "available": v != 1}))
                .collect();
            json!({
                "id": format!("p{index}"), "title": format!("Product {index}"), "price": price,
                "category": ["Shop", format!("Shelf {category}")],
                "impulse": impulse, "restricted": restricted, "clearance": clearance,
                "stock": if sold_out { 0 } else { 5 }, "continue_selling": keeps_selling,
                "seasons": season.map(|(from, to)| vec![json!({"from": from, "to": to})]).unwrap_or_default(),
                "variants": variants,
            })
        })
}

/// A random valid shop with relations between its products.
fn shop() -> impl Strategy<Value = Catalog> {
    (2usize..30).prop_flat_map(|count| {
        let products: Vec<_> = (0..count).map(product).collect();
        let pair = (0..count, 0..count).prop_filter("no self relations", |(a, b)| a != b);
        (
            products,
            proptest::collection::vec(pair.clone(), 0..40),
            proptest::collection::vec(pair.clone(), 0..5),
            proptest::collection::vec((pair.clone(), 0i64..2_000), 0..4),
            proptest::collection::vec((pair, 1u32..200, 0.0f64..1.0, 0.0f64..8.0), 0..40),
            proptest::option::of(0u64..5_000),
        )
            .prop_map(|(products, complements, upgrades, bundles, copurchase, mined_orders)| {
                let id = |i: usize| format!("p{i}");
                let mut neighbours = serde_json::Map::new();
                for ((a, b), count, confidence, lift) in copurchase {
                    let entry = neighbours.entry(id(a)).or_insert_with(|| json!([]));
                    entry.as_array_mut().unwrap().push(json!({"with": id(b), "count": count, "confidence": confidence, "lift": lift}));
                }
                let feed = json!({
                    "version": 1, "currency": "EUR", "products": products,
                    "complements": complements.iter().map(|&(a, b)| json!({"from": id(a), "to": id(b)})).collect::<Vec<_>>(),
                    "category_complements": [
                        {"from": ["Shop", "Shelf 0"], "to": ["Shop", "Shelf 1"]},
                        {"from": ["Shop", "Shelf 1"], "to": ["Shop", "Shelf 0"], "count": 40, "confidence": 0.3, "lift": 2.0}
                    ],
                    "upgrades": upgrades.iter().map(|&(a, b)| json!({"from": id(a), "to": id(b)})).collect::<Vec<_>>(),
                    "bundles": bundles.iter().enumerate().map(|(n, &((a, b), saving))| json!({"id": format!("b{n}"), "products": [id(a), id(b)], "saving": saving})).collect::<Vec<_>>(),
                    "copurchase": neighbours,
                    "mined": {"orders": mined_orders},
                });
                Catalog::from_json(&feed.to_string()).expect("generated feeds are valid")
            })
    })
}

fn config() -> impl Strategy<Value = Config> {
    (0usize..7, 0usize..3, any::<bool>(), 5u32..60, 100i64..1_000).prop_map(
        |(max_items, max_upsells, relevance_only, share, impulse_max)| Config {
            max_items,
            max_upsells,
            relevance_only,
            cross_sell_max_share_percent: share,
            impulse_max_price: Money(impulse_max),
            ..Config::default()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_answer_keeps_the_rules(
        catalog in shop(),
        picks_from in proptest::collection::vec((0usize..30, 0usize..3), 0..5),
        month in 1u8..=12,
        config in config(),
    ) {
        // Cart ids: products or their variants, some unknown to the catalog.
        let ids: Vec<String> = picks_from
            .iter()
            .map(|&(p, v)| if v == 0 { format!("p{p}") } else { format!("p{p}-v{}", v - 1) })
            .collect();
        let cart = Cart::from_ids(&catalog, &ids);
        let date = Date::new(2026, month, 15).unwrap();
        let picks = recommend(&catalog, &cart, date, &config);

        prop_assert!(picks.len() <= config.max_items, "more than max_items");
        let upsells = picks.iter().filter(|p| matches!(p.reason, Reason::UpgradeOf { .. })).count();
        prop_assert!(upsells <= config.max_upsells);
        let in_cart: Vec<&str> = ids.iter().filter_map(|id| catalog.product(id)).map(|p| p.id.as_str()).collect();
        let subtotal = cart.subtotal();
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
            let anchor_price = |id: &str| catalog.product(id).unwrap().offer_price();
            match &pick.reason {
                Reason::ComplementOf { product_id } | Reason::BoughtTogether { product_id } => {
                    prop_assert!(in_cart.contains(&product_id.as_str()));
                    // Never dearer than the cart; next to a main item, an accessory's share of it.
                    prop_assert!(price <= subtotal, "{} at {:?} outshines the cart at {:?}", product.id, price, subtotal);
                    let anchor = anchor_price(product_id);
                    let main_item = anchor.minor() >= i64::from(MAIN_ITEM_MULTIPLE) * catalog.typical_price().minor();
                    prop_assert!(!main_item || price <= anchor.percent(config.cross_sell_max_share_percent),
                        "{} at {:?} is too dear next to {product_id} at {:?}", product.id, price, anchor);
                }
                Reason::BundleSaving { product_id, .. } => prop_assert!(price <= anchor_price(product_id)),
                Reason::Impulse | Reason::Seasonal | Reason::Clearance => {
                    prop_assert!(product.impulse);
                    prop_assert!(price <= config.impulse_max_price && price <= subtotal.percent(config.impulse_max_share_percent));
                }
                Reason::UpgradeOf { product_id } => prop_assert!(in_cart.contains(&product_id.as_str())),
            }
        }
        // The same question always gets the same answer.
        prop_assert_eq!(recommend(&catalog, &cart, date, &config), picks);
    }
}
