//! A published folder answers every cart exactly as the feed it was published from: the same
//! add-ons, in the same order, for the same reasons. Checked on random shops and carts, through
//! the JSON a folder really holds.

mod shops;

use checkout_addons_engine::{
    publish, recommend, recommend_with_reorder, Cart, CartLine, Catalog, Date, History, Manifest, PastOrder,
    Shard,
};
use proptest::prelude::*;
use shops::{config, shop};

/// The folder's files as `addons publish` writes them: the shards' texts, and the manifest's.
fn published(catalog: &Catalog, shards: usize) -> (String, Vec<String>) {
    let publication = publish(catalog, shards);
    let texts: Vec<String> = ((0..publication.shard_count()).map(|n| publication.shard(n)))
        .map(|shard| serde_json::to_string(&shard).unwrap())
        .collect();
    (serde_json::to_string(&publication.manifest).unwrap(), texts)
}

/// The catalog a browser makes of the folder published from `catalog`: its manifest and the
/// shards of `ids`; and how many shards that took.
fn from_shards<'a>(
    catalog: &Catalog,
    shards: usize,
    ids: impl IntoIterator<Item = &'a str>,
) -> (Catalog, usize) {
    let (manifest_text, shard_texts) = published(catalog, shards);
    let manifest = Manifest::from_json(&manifest_text).unwrap();
    let needed = manifest.shards_for(ids);
    let read: Vec<Shard> = needed
        .iter()
        .map(|&n| manifest.read_shard(&shard_texts[n]).unwrap())
        .collect();
    (
        manifest.catalog(&read.iter().collect::<Vec<_>>()).unwrap(),
        needed.len(),
    )
}

/// Cart ids: products or their variants, some unknown to the catalog.
fn cart_ids(picks: &[(usize, usize)]) -> Vec<String> {
    (picks.iter())
        .map(|&(p, v)| {
            if v == 0 {
                format!("p{p}")
            } else {
                format!("p{p}-v{}", v - 1)
            }
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_cart_gets_the_same_answer_from_its_shards_as_from_the_whole_feed(
        catalog in shop(),
        shards in 1usize..12,
        picks in proptest::collection::vec((0usize..30, 0usize..3), 0..5),
        passed_over in proptest::collection::vec(0usize..30, 0..3),
        month in 1u8..=12,
        config in config(),
    ) {
        let ids = cart_ids(&picks);
        let (partial, read) = from_shards(&catalog, shards, ids.iter().map(String::as_str));
        prop_assert!(read <= ids.len(), "one shard per cart line at most");

        let passed_over: Vec<String> = passed_over.iter().map(|p| format!("p{p}")).collect();
        let date = Date::new(2026, month, 15).unwrap();
        let whole = Cart::from_ids(&catalog, &ids).with_passed_over(&catalog, &passed_over);
        let part = Cart::from_ids(&partial, &ids).with_passed_over(&partial, &passed_over);
        prop_assert_eq!(part.subtotal(), whole.subtotal());
        // The price rules measure against the whole shop's typical price, not the shards'.
        prop_assert_eq!(partial.typical_price(), catalog.typical_price());
        // So do the segments a history places a shopper in.
        prop_assert_eq!(partial.segments(), catalog.segments());
        prop_assert_eq!(recommend(&partial, &part, date, &config), recommend(&catalog, &whole, date, &config));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// A logged-in shopper's history changes nothing of that: the shards of the cart, of the
    /// products bought most recently and of the newest order give the whole feed's answer, the
    /// buy-again lane, the segment and the reorder included (orders with the `total` the
    /// Shopify and WooCommerce snippets pass).
    #[test]
    fn a_shopper_with_a_history_gets_the_same_answer_from_the_shards(
        catalog in shop(),
        shards in 1usize..12,
        picks in proptest::collection::vec((0usize..30, 0usize..3), 1..4),
        orders in proptest::collection::vec(
            (1u8..=6, 1u8..=28, 0i64..100_000, proptest::collection::vec((0usize..30, 0usize..3, 1u32..4), 0..8)),
            0..8),
        config in config(),
    ) {
        let history = History::from(
            (orders.iter())
                .map(|(month, day, total, lines)| PastOrder {
                    date: Date::new(2026, *month, *day).unwrap(),
                    lines: (lines.iter())
                        .map(|&(p, v, quantity)| CartLine { quantity, ..CartLine::one(cart_ids(&[(p, v)]).remove(0)) })
                        .collect(),
                    total: Some(checkout_addons_engine::Money(*total)),
                })
                .collect::<Vec<_>>(),
        );
        let ids = cart_ids(&picks);
        // What the widget asks for: the cart's shards, and those the history needs.
        let wanted = ids.iter().map(String::as_str).chain(history.ids_to_load(true));
        let (partial, _) = from_shards(&catalog, shards, wanted);
        let today = Date::new(2026, 7, 1).unwrap();
        let whole = Cart::from_ids(&catalog, &ids).with_history(&catalog, &history);
        let part = Cart::from_ids(&partial, &ids).with_history(&partial, &history);
        prop_assert_eq!(part.segment(&partial, today), whole.segment(&catalog, today));
        prop_assert_eq!(recommend(&partial, &part, today, &config), recommend(&catalog, &whole, today, &config));
        prop_assert_eq!(
            recommend_with_reorder(&partial, &part, &history, today, &config, true),
            recommend_with_reorder(&catalog, &whole, &history, today, &config, true)
        );
    }
}

#[test]
fn a_long_history_needs_only_its_recent_products_shards() {
    // 60 consumables, each in a shard of its own; a regular who bought 30 of them, one a day
    // (on a 14-day cycle, so none counts as dropped by the month's later orders).
    let products: Vec<String> = (0..60)
        .map(|n| {
            format!(r#"{{"id": "c{n:02}", "title": "Staple {n}", "price": 1000, "repurchase_days": 14}}"#)
        })
        .collect();
    let feed = format!(
        r#"{{"version": 1, "currency": "EUR", "segments": {{"high_value_order": 900}}, "products": [{}]}}"#,
        products.join(",")
    );
    let catalog = Catalog::from_json(&feed).unwrap();
    let orders: Vec<String> = (0..30)
        .map(|n| {
            format!(
                r#"{{"date": "2026-05-{:02}", "total": 1000, "lines": ["c{n:02}"]}}"#,
                n + 1
            )
        })
        .collect();
    let history = History::parse(&format!("[{}]", orders.join(","))).unwrap();
    let (partial, read) = from_shards(
        &catalog,
        60,
        ["c59"].into_iter().chain(history.ids_to_load(false)),
    );
    assert!(read <= 1 + checkout_addons_engine::RECENT_PRODUCTS);
    let today = Date::new(2026, 7, 1).unwrap();
    let config = checkout_addons_engine::Config::default();
    let whole = Cart::from_ids(&catalog, ["c59"]).with_history(&catalog, &history);
    let part = Cart::from_ids(&partial, ["c59"]).with_history(&partial, &history);
    let picks = recommend(&catalog, &whole, today, &config);
    // Every staple is due; the ones bought most recently come back, the oldest six do not.
    assert_eq!(
        picks.iter().map(|p| p.product_id.as_str()).collect::<Vec<_>>(),
        ["c06", "c07", "c08"]
    );
    assert_eq!(recommend(&partial, &part, today, &config), picks);
    // The orders' totals place the shopper, not the prices a folder holds of some products.
    assert_eq!(part.segment(&partial, today), whole.segment(&catalog, today));
    assert_eq!(
        whole.segment(&catalog, today),
        checkout_addons_engine::Segment::HighValue
    );
}

#[test]
fn a_till_bigger_than_the_manifests_shortlist_answers_as_the_whole_feed() {
    let mut products = vec![r#"{"id": "coat", "title": "Coat", "price": 90000}"#.to_owned()];
    for n in 0..(checkout_addons_engine::IMPULSE_SHORTLIST + 100) {
        products.push(format!(
            r#"{{"id": "till-{n}", "title": "Till {n}", "price": {}, "category": ["Till", "Shelf {n}"], "impulse": true}}"#,
            100 + (n * 7919) % 1000
        ));
    }
    let feed = format!(
        r#"{{"version": 1, "currency": "EUR", "products": [{}]}}"#,
        products.join(",")
    );
    let catalog = Catalog::from_json(&feed).unwrap();
    let (partial, _) = from_shards(&catalog, 16, ["coat"]);
    let date = Date::new(2026, 6, 15).unwrap();
    for relevance_only in [false, true] {
        let config = checkout_addons_engine::Config {
            max_items: 500,
            relevance_only,
            ..Default::default()
        };
        let whole = recommend(&catalog, &Cart::from_ids(&catalog, ["coat"]), date, &config);
        let part = recommend(&partial, &Cart::from_ids(&partial, ["coat"]), date, &config);
        assert!(!whole.is_empty());
        assert_eq!(part, whole, "relevance only: {relevance_only}");
    }
}

#[test]
fn publishing_twice_writes_the_same_bytes() {
    let feed = include_str!("../../../demo/feed.json");
    let catalog = Catalog::from_json(feed).unwrap();
    assert_eq!(published(&catalog, 7), published(&catalog, 7));
}

#[test]
fn a_manifest_is_not_a_feed_and_a_feed_is_not_a_manifest() {
    let catalog = Catalog::from_json(include_str!("../../../demo/feed.json")).unwrap();
    let (manifest, shards) = published(&catalog, 3);
    let as_feed = Catalog::from_json(&manifest).unwrap_err().to_string();
    assert!(as_feed.contains("published folder's manifest"), "{as_feed}");
    let as_manifest = Manifest::from_json(include_str!("../../../demo/feed.json"))
        .err()
        .unwrap()
        .to_string();
    assert!(as_manifest.starts_with("published: expected"), "{as_manifest}");
    // A shard whose category complements and their candidates do not pair up is refused,
    // naming the field: the merge could not tell which products a complement offers.
    let manifest = Manifest::from_json(&manifest).unwrap();
    let with_pairs = shards
        .iter()
        .find(|s| s.contains("\"pair\":"))
        .expect("a shard serves a category complement");
    manifest.read_shard(with_pairs).unwrap();
    let unpaired = with_pairs.replace("\"category_complements\":[", "\"x\":[");
    let refused = manifest.read_shard(&unpaired).err().unwrap().to_string();
    assert!(
        refused.starts_with("category_candidates: expected one list per category complement of the shard"),
        "{refused}"
    );
}
