//! A published folder answers every cart exactly as the feed it was published from: the same
//! add-ons, in the same order, for the same reasons. Checked on random shops and carts, through
//! the JSON a folder really holds.

mod shops;

use checkout_addons_engine::{publish, recommend, Cart, Catalog, Date, Manifest, Shard};
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
        let (manifest_text, shard_texts) = published(&catalog, shards);
        let manifest = Manifest::from_json(&manifest_text).unwrap();
        let ids = cart_ids(&picks);
        let needed = manifest.shards_for(ids.iter().map(String::as_str));
        prop_assert!(needed.len() <= ids.len(), "one shard per cart line at most");
        let read: Vec<Shard> = needed.iter().map(|&n| manifest.read_shard(&shard_texts[n]).unwrap()).collect();
        let partial = manifest.catalog(&read.iter().collect::<Vec<_>>()).unwrap();

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
    let (manifest_text, shard_texts) = published(&catalog, 16);
    let manifest = Manifest::from_json(&manifest_text).unwrap();
    let needed = manifest.shards_for(["coat"]);
    let read: Vec<Shard> = needed
        .iter()
        .map(|&n| manifest.read_shard(&shard_texts[n]).unwrap())
        .collect();
    let partial = manifest.catalog(&read.iter().collect::<Vec<_>>()).unwrap();
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
