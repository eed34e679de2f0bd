//! docs/feed.schema.json: it accepts the feeds the engine accepts, rejects the broken ones the
//! engine rejects, and lists exactly the fields the engine reads.

use std::collections::BTreeSet;

use checkout_addons_engine::Catalog;
use serde_json::{json, Value};

const SCHEMA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/feed.schema.json");

fn schema_json() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SCHEMA).unwrap()).unwrap()
}

/// Validates `feed` against the schema; the error text names the failing place.
fn check(feed: &Value) -> Result<(), String> {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler
        .add_resource("file:///feed.schema.json", schema_json())
        .unwrap();
    let index = compiler
        .compile("file:///feed.schema.json", &mut schemas)
        .map_err(|e| format!("{e:#}"))?;
    schemas.validate(feed, index).map_err(|e| format!("{e:#}"))
}

fn minimal(product: Value) -> Value {
    json!({"version": 1, "currency": "EUR", "products": [product]})
}

#[test]
fn the_demo_feed_is_valid_by_the_schema() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/feed.json")).unwrap();
    check(&serde_json::from_str(&text).unwrap()).unwrap();
}

#[test]
fn schema_and_engine_reject_the_same_broken_feeds() {
    let broken = [
        ("no version", json!({"currency": "EUR", "products": []})),
        (
            "version 2",
            json!({"version": 2, "currency": "EUR", "products": []}),
        ),
        (
            "lower-case currency",
            json!({"version": 1, "currency": "eur", "products": []}),
        ),
        (
            "negative price",
            minimal(json!({"id": "a", "title": "A", "price": -1})),
        ),
        (
            "price as text",
            minimal(json!({"id": "a", "title": "A", "price": "3.00"})),
        ),
        ("no id", minimal(json!({"title": "A", "price": 1}))),
        (
            "blank title",
            minimal(json!({"id": "a", "title": "  ", "price": 1})),
        ),
        (
            "unknown availability",
            minimal(json!({"id": "a", "title": "A", "price": 1, "availability": "soon"})),
        ),
        (
            "a repurchase cycle of 0 days",
            minimal(json!({"id": "a", "title": "A", "price": 1, "repurchase_days": 0})),
        ),
        (
            "a variant's repurchase cycle past ten years",
            minimal(
                json!({"id": "a", "title": "A", "price": 1, "variants": [{"id": "a-1", "repurchase_days": 3651}]}),
            ),
        ),
        (
            "month 13",
            minimal(json!({"id": "a", "title": "A", "price": 1, "seasons": [{"from": 11, "to": 13}]})),
        ),
        (
            "script url",
            minimal(json!({"id": "a", "title": "A", "price": 1, "url": "javascript:alert(1)"})),
        ),
        (
            "protocol-relative image",
            minimal(json!({"id": "a", "title": "A", "price": 1, "image": "//evil.example/x.png"})),
        ),
        (
            "a path a browser reads as another site (backslash)",
            minimal(json!({"id": "a", "title": "A", "price": 1, "url": "/\\evil.example/login"})),
        ),
        (
            "a path a browser reads as another site (tab)",
            minimal(json!({"id": "a", "title": "A", "price": 1, "image": "/\t/evil.example/x.gif"})),
        ),
        (
            "a path a browser reads as another site (line break)",
            minimal(json!({"id": "a", "title": "A", "price": 1, "url": "/\n/evil.example"})),
        ),
        (
            "a negative high-value order",
            json!({"version": 1, "currency": "EUR", "products": [], "segments": {"high_value_order": -1}}),
        ),
        (
            "mined orders as text",
            json!({"version": 1, "currency": "EUR", "products": [], "mined": {"orders": "many"}}),
        ),
        (
            "a title similarity above 1",
            json!({"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}, {"id": "b", "title": "B", "price": 1}],
                   "similar": {"a": [{"with": "b", "similarity": 1.5}]}}),
        ),
        (
            "a mined strength above 1",
            json!({"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}, {"id": "b", "title": "B", "price": 1}],
                   "copurchase": {"a": [{"with": "b", "count": 3, "confidence": 0.5, "lift": 1.5, "strength": 1.5}]}}),
        ),
        (
            "a bestseller given as a number",
            json!({"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}],
                   "bestsellers": ["a", 7]}),
        ),
        (
            "one-product bundle",
            json!({"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}],
                   "bundles": [{"id": "b", "products": ["a"], "saving": 1}]}),
        ),
    ];
    for (what, feed) in broken {
        assert!(check(&feed).is_err(), "the schema accepts a feed with {what}");
        assert!(
            Catalog::from_json(&feed.to_string()).is_err(),
            "the engine accepts a feed with {what}"
        );
    }
}

#[test]
fn what_the_schema_accepts_the_engine_accepts() {
    let feed = json!({"version": 1, "currency": "JPY", "generator": "unknown fields are fine",
        "products": [
            {"id": "a", "title": "A", "price": 0, "url": "HTTPS://shop.example/a", "image": "/a.png", "stock": 0,
             "continue_selling": true, "kinds": ["service"], "seasons": [{"from": 12, "to": 1}], "margin_percent": 40},
            {"id": "b", "title": "B", "price": 5, "category": ["y"], "variants": [{"id": "b-1"}]},
            {"id": "c", "title": "C", "price": 5, "category": ["x", "z"]}],
        "complements": [{"from": "a", "to": "b"}],
        "category_complements": [{"from": ["x"], "to": ["y"], "count": 4, "confidence": 0.2, "lift": 1.1}],
        "copurchase": {"a": [{"with": "b", "count": 3, "confidence": 0.5, "lift": 1.5, "strength": 0.3}]},
        "similar": {"b": [{"with": "c", "similarity": 0.5}]},
        "mined": {"orders": 12, "source": "orders.csv", "line_order": {"used": false}, "bestsellers": true},
        "bestsellers": ["c", "a"]});
    check(&feed).unwrap();
    Catalog::from_json(&feed.to_string()).unwrap();
}

#[test]
fn a_published_manifest_is_valid_by_the_schema() {
    // As `addons publish` writes one (docs/feed.md): the shard count and their generations.
    let mut manifest = minimal(json!({"id": "a", "title": "A", "price": 250, "impulse": true}));
    manifest["published"] =
        json!({"typical_price": 250, "shards": 3, "generations": "1709050053:2,1709050054:1"});
    check(&manifest).unwrap();
    manifest["published"]["shards"] = json!(["0-1709050053.json"]);
    assert!(check(&manifest).is_err(), "shards are a count");
}

/// The schema's field lists are the engine's: a field added to one must be added to the other.
#[test]
fn the_schema_lists_every_field_the_engine_reads() {
    let feed = json!({"version": 1, "currency": "EUR", "products": [{
        "id": "a", "title": "A", "price": 1, "compare_at_price": 2, "stock": 1, "margin_percent": 1,
        "variants": [{"id": "a-1", "price": 1, "repurchase_days": 28}],
        // Every other field away from its default, so that it is written.
        "url": "/a", "image": "/a.jpg", "category": ["x"], "brand": "B", "tags": ["t"],
        "availability": "preorder", "continue_selling": true, "kinds": ["accessory"],
        "impulse": true, "clearance": true, "seasons": [{"from": 1, "to": 2}], "restricted": true,
        "repurchase_days": 14
    }]});
    let catalog = Catalog::from_json(&feed.to_string()).unwrap();
    let serialized = serde_json::to_value(&catalog.products()[0]).unwrap();
    let keys = |value: &Value| {
        value
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<BTreeSet<_>>()
    };
    let schema = schema_json();
    assert_eq!(keys(&schema["$defs"]["product"]["properties"]), keys(&serialized));
    assert_eq!(
        keys(&schema["$defs"]["variant"]["properties"]),
        keys(&serialized["variants"][0])
    );
}
