//! Writing mined statistics into a feed, as a JSON document: fields the engine does not read
//! survive, in the shop's order.

use checkout_addons_engine::{Currency, Money, NotGoods, SegmentThresholds};
use serde_json::{json, Map, Value};

use crate::baskets::Items;
use crate::mine::{Mined, Thresholds};
use crate::repurchase::Cycles;

/// A feed bootstrapped from orders, with what the shop must know about it.
#[derive(Clone, Debug)]
pub struct Bootstrapped {
    /// The feed.
    pub feed: Value,
    /// The products without a price in the orders: they get 0, which the shop must fix before
    /// going live.
    pub unpriced: Vec<String>,
    /// The products whose titles name a gift card or a fee, marked restricted: id, title and
    /// what it looks like.
    pub not_goods: Vec<(String, String, NotGoods)>,
}

/// A v1 feed of the products seen in the orders, for shops without a feed yet: ids, and
/// titles and prices where the orders carry them; gift cards and fees
/// ([`checkout_addons_engine::not_goods`]) restricted.
pub fn bootstrap(items: &Items, currency: &Currency) -> Bootstrapped {
    let mut unpriced = Vec::new();
    let mut not_goods = Vec::new();
    let products: Vec<Value> = items
        .all()
        .iter()
        .map(|item| {
            let price = item.price.unwrap_or_else(|| {
                unpriced.push(item.id.clone());
                Money(0)
            });
            let title = item.title.as_deref().unwrap_or(&item.id);
            let mut product = json!({"id": item.id, "title": title, "price": price});
            if let Some(kind) = checkout_addons_engine::not_goods(title) {
                product["restricted"] = json!(true);
                not_goods.push((item.id.clone(), title.to_owned(), kind));
            }
            product
        })
        .collect();
    let feed = json!({"version": 1, "currency": currency.code(), "products": products});
    Bootstrapped {
        feed,
        unpriced,
        not_goods,
    }
}

/// How many mined entries an earlier run had left in the feed, now replaced.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replaced {
    /// Products with co-purchase lists.
    pub copurchase: usize,
    /// Mined category complements (hand-written ones are kept).
    pub category_complements: usize,
    /// The shop's own `bestsellers`, kept in place of mined ones.
    pub own_bestsellers: usize,
}

/// Puts `mined` into `feed`: `copurchase` is replaced as a whole (it is all mined), mined
/// category complements (when categories were mined) replace earlier mined ones while the
/// shop's own stay, mined `bestsellers` replace earlier mined ones but never the shop's own
/// list, and `mined` records what the numbers rest on (and that the bestsellers are mined).
/// Nothing mined leaves the fields as they were.
pub fn write_mined(feed: &mut Value, mined: &Mined, thresholds: Thresholds, source: &str) -> Replaced {
    let mut record = json!({
        "source": source,
        "orders": mined.orders,
        "min_count": thresholds.min_count,
        "top": thresholds.top,
    });
    if let Some(line_order) = &mined.line_order {
        record["line_order"] = json!(line_order);
    }
    if let Some(titles) = &mined.titles {
        record["similar"] = json!(titles);
    }
    let Some(object) = feed.as_object_mut() else {
        return Replaced::default();
    };
    let mut replaced = Replaced::default();
    let mined_before = object.get("mined").and_then(|m| m.get("bestsellers")) == Some(&Value::Bool(true));
    match object.get("bestsellers") {
        // An empty list is none of the shop's own.
        Some(Value::Array(own)) if !mined_before && !own.is_empty() => replaced.own_bestsellers = own.len(),
        _ if !mined.bestsellers.is_empty() => {
            object.insert("bestsellers".into(), json!(mined.bestsellers));
            record["bestsellers"] = json!(true);
        }
        // Nothing mined now (rules from another tool): an earlier mined list stays, marked.
        _ => {
            if mined_before {
                record["bestsellers"] = json!(true);
            }
        }
    }
    let copurchase: Map<String, Value> = mined
        .copurchase
        .iter()
        .map(|(id, neighbours)| (id.clone(), json!(neighbours)))
        .collect();
    if let Some(Value::Object(old)) = object.insert("copurchase".into(), Value::Object(copurchase)) {
        replaced.copurchase = old.len();
    }
    // Like `copurchase`, all mined: replaced, or gone where titles did not pass the check.
    let similar: Map<String, Value> = (mined.similar.iter())
        .map(|(id, neighbours)| (id.clone(), json!(neighbours)))
        .collect();
    match similar.is_empty() {
        true => object.shift_remove("similar"),
        false => object.insert("similar".into(), Value::Object(similar)),
    };
    if mined.categories_mined {
        let mut complements: Vec<Value> = match object.remove("category_complements") {
            Some(Value::Array(old)) => old,
            _ => Vec::new(),
        };
        let before = complements.len();
        complements.retain(|c| c.get("count").is_none());
        replaced.category_complements = before - complements.len();
        complements.extend(mined.category_complements.iter().map(|c| json!(c)));
        if !complements.is_empty() {
            object.insert("category_complements".into(), Value::Array(complements));
        }
    }
    object.insert("mined".into(), record);
    replaced
}

/// Puts mined repurchase cycles into `feed`'s products and their variants as
/// `repurchase_days`; one the orders did not show a trustworthy cycle for keeps what it had (a
/// shop may set its own). Answers how many products, and how many variants, got one.
pub fn write_repurchase_days(feed: &mut Value, cycles: &Cycles) -> (usize, usize) {
    let Some(Value::Array(products)) = feed.get_mut("products") else {
        return (0, 0);
    };
    let mut written = (0, 0);
    for product in products.iter_mut() {
        written.0 += usize::from(write_cycle(product, &cycles.products));
        if let Some(Value::Array(variants)) = product.get_mut("variants") {
            for variant in variants {
                written.1 += usize::from(write_cycle(variant, &cycles.variants));
            }
        }
    }
    written
}

/// Sets `item`'s `repurchase_days` where `cycles` (sorted by id) has its id.
fn write_cycle(item: &mut Value, cycles: &[(String, u16)]) -> bool {
    let Some(id) = item.get("id").and_then(Value::as_str) else {
        return false;
    };
    let Ok(at) = cycles.binary_search_by(|(mined, _)| mined.as_str().cmp(id)) else {
        return false;
    };
    item["repurchase_days"] = json!(cycles[at].1);
    true
}

/// Puts a shop's segment cut points into `feed` as `segments`, in place of earlier ones.
pub fn write_segments(feed: &mut Value, segments: &SegmentThresholds) {
    if let Some(object) = feed.as_object_mut() {
        object.insert("segments".into(), json!(segments));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::{CategoryComplement, CoPurchase, Similar};

    fn mined() -> Mined {
        Mined {
            orders: 10,
            pairs_seen: 1,
            copurchase: vec![(
                "a".into(),
                vec![CoPurchase {
                    with: "b".into(),
                    count: 4,
                    confidence: 0.5,
                    lift: 1.25,
                    after: Some(3),
                    strength: Some(0.2),
                }],
            )],
            category_complements: vec![CategoryComplement {
                from: vec!["X".into()],
                to: vec!["Y".into()],
                count: Some(4),
                confidence: Some(0.4),
                lift: Some(1.1),
            }],
            categories_mined: true,
            large_orders: 0,
            line_order: None,
            similar: vec![(
                "b".into(),
                vec![Similar {
                    with: "a".into(),
                    similarity: 0.5,
                }],
            )],
            titles: None,
            bestsellers: vec!["b".into(), "a".into()],
        }
    }

    #[test]
    fn the_shops_own_fields_and_relations_survive_and_old_mined_ones_go() {
        let mut feed: Value = serde_json::from_str(
            r#"{"version": 1, "currency": "EUR", "shop_note": "keep me", "products": [],
                "copurchase": {"old": []},
                "category_complements": [{"from": ["X"], "to": ["Z"]}, {"from": ["X"], "to": ["Q"], "count": 2}]}"#,
        )
        .unwrap();
        let replaced = write_mined(&mut feed, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(
            replaced,
            Replaced {
                copurchase: 1,
                category_complements: 1,
                own_bestsellers: 0,
            }
        );
        assert_eq!(feed["shop_note"], "keep me");
        assert_eq!(feed["copurchase"]["a"][0]["with"], "b");
        assert!(feed["copurchase"].get("old").is_none());
        let complements = feed["category_complements"].as_array().unwrap();
        assert_eq!(
            complements.len(),
            2,
            "the hand-written one stays, the mined one is new"
        );
        assert_eq!(complements[0]["to"][0], "Z");
        assert_eq!(complements[1]["count"], 4);
        assert_eq!(feed["mined"]["orders"], 10);
        let keys: Vec<&String> = feed.as_object().unwrap().keys().collect();
        assert_eq!(
            keys[..4],
            ["version", "currency", "shop_note", "products"],
            "field order is kept"
        );
    }

    #[test]
    fn mined_bestsellers_replace_mined_ones_but_never_the_shops_own() {
        let mut feed: Value =
            serde_json::from_str(r#"{"version": 1, "currency": "EUR", "products": []}"#).unwrap();
        write_mined(&mut feed, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(feed["bestsellers"], json!(["b", "a"]));
        assert_eq!(feed["mined"]["bestsellers"], true);
        let later = Mined {
            bestsellers: vec!["a".into()],
            ..mined()
        };
        write_mined(&mut feed, &later, Thresholds::default(), "orders.csv");
        assert_eq!(feed["bestsellers"], json!(["a"]), "a mined list is mined again");
        // Rules from another tool mine no bestsellers: the earlier list stays, still marked.
        let none = Mined {
            bestsellers: Vec::new(),
            ..mined()
        };
        write_mined(&mut feed, &none, Thresholds::default(), "rules.csv");
        assert_eq!(feed["bestsellers"], json!(["a"]));
        write_mined(&mut feed, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(
            feed["bestsellers"],
            json!(["b", "a"]),
            "and is still the miner's to replace"
        );

        let mut own: Value = serde_json::from_str(
            r#"{"version": 1, "currency": "EUR", "products": [], "bestsellers": ["z", "y", "x"]}"#,
        )
        .unwrap();
        let replaced = write_mined(&mut own, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(replaced.own_bestsellers, 3);
        assert_eq!(own["bestsellers"], json!(["z", "y", "x"]));
        assert!(own["mined"].get("bestsellers").is_none());
        let mut empty: Value =
            serde_json::from_str(r#"{"version": 1, "currency": "EUR", "products": [], "bestsellers": []}"#)
                .unwrap();
        let replaced = write_mined(&mut empty, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(
            (replaced.own_bestsellers, &empty["bestsellers"]),
            (0, &json!(["b", "a"]))
        );
    }

    #[test]
    fn title_links_replace_earlier_ones_and_go_where_none_were_kept() {
        let mut feed: Value = serde_json::from_str(
            r#"{"version": 1, "currency": "EUR", "products": [], "similar": {"old": []}, "shop_note": 1}"#,
        )
        .unwrap();
        write_mined(&mut feed, &mined(), Thresholds::default(), "orders.csv");
        assert_eq!(feed["similar"], json!({"b": [{"with": "a", "similarity": 0.5}]}));
        let none = Mined {
            similar: Vec::new(),
            ..mined()
        };
        write_mined(&mut feed, &none, Thresholds::default(), "orders.csv");
        assert!(feed.get("similar").is_none());
        let keys: Vec<&String> = feed.as_object().unwrap().keys().collect();
        assert_eq!(
            keys[..4],
            ["version", "currency", "products", "shop_note"],
            "field order is kept"
        );
    }
}
