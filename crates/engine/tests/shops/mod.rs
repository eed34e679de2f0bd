//! Random shops and settings for the property tests: valid feeds with every kind of relation.

use checkout_addons_engine::{Catalog, Config, Money};
use proptest::prelude::*;
use serde_json::{json, Value};

/// One random product: price, category, flags, seasons and variants.
fn product(index: usize) -> impl Strategy<Value = Value> {
    (
        // Prices over four orders of magnitude, so some cart items are main items (several
        // times the shop's typical price) and the share rule binds.
        (1i64..100_000, 0u32..4).prop_map(|(price, scale)| (price >> (4 * scale)).max(1)),
        0usize..4,
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()),
        proptest::option::of((1u8..=12, 1u8..=12)),
        0usize..3,
        // Some are consumables bought again on a cycle.
        proptest::option::of(1u16..60),
    )
        .prop_map(move |(price, category, (impulse, restricted, sold_out, keeps_selling, clearance), season, variants, cycle)| {
            // The first two fill the shelves the category complement names.
            let category = if index < 2 { index } else { category };
            let variants: Vec<Value> = (0..variants)
                .map(|v| {
                    let mut variant = json!({"id": format!("p{index}-v{v}"), "price": price + v as i64 * 100, "available": v != 1});
                    // Some first variants last a cycle of their own (a bigger bag), with or
                    // without one of their product's.
                    let own = match cycle {
                        Some(days) if price % 2 == 1 => Some(days * 3),
                        None if price % 3 == 0 => Some(20),
                        _ => None,
                    };
                    if let (0, Some(days)) = (v, own) {
                        variant["repurchase_days"] = json!(days);
                    }
                    variant
                })
                .collect();
            json!({
                "id": format!("p{index}"), "title": format!("Product {index}"), "price": price,
                "category": ["Shop", format!("Shelf {category}")],
                "impulse": impulse, "restricted": restricted, "clearance": clearance,
                "stock": if sold_out { 0 } else { 5 }, "continue_selling": keeps_selling,
                "seasons": season.map(|(from, to)| vec![json!({"from": from, "to": to})]).unwrap_or_default(),
                "variants": variants,
                "repurchase_days": cycle,
            })
        })
}

/// A random valid shop with relations between its products.
pub fn shop() -> impl Strategy<Value = Catalog> {
    (2usize..30).prop_flat_map(|count| {
        let products: Vec<_> = (0..count).map(product).collect();
        let pair = (0..count, 0..count).prop_filter("no self relations", |(a, b)| a != b);
        (
            products,
            proptest::collection::vec(pair.clone(), 0..40),
            proptest::collection::vec(pair.clone(), 0..5),
            proptest::collection::vec((pair.clone(), 0i64..2_000), 0..4),
            // Some links with the strength mining measures, some with counts alone.
            proptest::collection::vec((pair.clone(), 1u32..200, 0.0f64..1.0, 0.0f64..8.0, proptest::option::of(0.001f64..=1.0)), 0..40),
            proptest::collection::vec((pair, 0.01f64..=1.0), 0..20),
            proptest::option::of(0u64..5_000),
            proptest::option::of((1u16..400, 1u16..10, 0i64..100_000)),
            // Sometimes more than a catalog keeps, sometimes one twice.
            proptest::collection::vec(0..count, 0..25),
        )
            .prop_map(|(products, complements, upgrades, bundles, copurchase, similar, mined_orders, segments, bestsellers)| {
                let id = |i: usize| format!("p{i}");
                let mut neighbours = serde_json::Map::new();
                for ((a, b), count, confidence, lift, strength) in copurchase {
                    let entry = neighbours.entry(id(a)).or_insert_with(|| json!([]));
                    let mut link = json!({"with": id(b), "count": count, "confidence": confidence, "lift": lift});
                    if let Some(strength) = strength {
                        link["strength"] = json!(strength);
                    }
                    entry.as_array_mut().unwrap().push(link);
                }
                let mut titles = serde_json::Map::new();
                for ((a, b), similarity) in similar {
                    let entry = titles.entry(id(a)).or_insert_with(|| json!([]));
                    entry.as_array_mut().unwrap().push(json!({"with": id(b), "similarity": similarity}));
                }
                // Shops in currencies whose till prices differ (€5, 50 kr, ¥800).
                let currency = ["EUR", "SEK", "JPY"][products.len() % 3];
                let feed = json!({
                    "version": 1, "currency": currency, "products": products,
                    "complements": complements.iter().map(|&(a, b)| json!({"from": id(a), "to": id(b)})).collect::<Vec<_>>(),
                    "category_complements": [
                        {"from": ["Shop", "Shelf 0"], "to": ["Shop", "Shelf 1"]},
                        {"from": ["Shop", "Shelf 1"], "to": ["Shop", "Shelf 0"], "count": 40, "confidence": 0.3, "lift": 2.0}
                    ],
                    "upgrades": upgrades.iter().map(|&(a, b)| json!({"from": id(a), "to": id(b)})).collect::<Vec<_>>(),
                    "bundles": bundles.iter().enumerate().map(|(n, &((a, b), saving))| json!({"id": format!("b{n}"), "products": [id(a), id(b)], "saving": saving})).collect::<Vec<_>>(),
                    "copurchase": neighbours,
                    "similar": titles,
                    "mined": {"orders": mined_orders},
                    "bestsellers": bestsellers.iter().map(|&i| id(i)).collect::<Vec<_>>(),
                    "segments": segments.map(|(lapsing, frequent, high)| json!({
                        "lapsing_days": lapsing, "frequent_orders": frequent, "high_value_order": high,
                    })),
                });
                Catalog::from_json(&feed.to_string()).expect("generated feeds are valid")
            })
    })
}

pub fn config() -> impl Strategy<Value = Config> {
    (
        0usize..7,
        0usize..3,
        any::<bool>(),
        5u32..60,
        // Half the shops keep their currency's till price.
        proptest::option::of(100i64..1_000),
        // Half the shops ship for free from some amount.
        proptest::option::of(1i64..200_000),
    )
        .prop_map(
            |(max_items, max_upsells, relevance_only, share, impulse_max, free_from)| Config {
                max_items,
                max_upsells,
                relevance_only,
                cross_sell_max_share_percent: share,
                impulse_max_price: impulse_max.map(Money),
                free_shipping_from: Money(free_from.unwrap_or(0)),
                ..Config::default()
            },
        )
}
