//! A Shopify shop's best-sellers, as the feed's `bestsellers`: the storefront's products.json of
//! a collection the shop sorts by best selling (`/collections/<handle>/products.json`), whose
//! products come in the collection's order. products.json carries no sales of its own, so the
//! order is all that is read.

use serde_json::Value;

use crate::json_fields;
use crate::{ImportError, Imported, Problem};

/// Takes the products of the collection answer `text` (read from `path`) that the feed holds
/// as its best-sellers, best first (the first [`checkout_addons_engine::BESTSELLER_SHORTLIST`]). One not in the feed
/// (left out above, or not exported) is noted and skipped. An answer that is no products.json fails: the
/// shop asked for best-sellers and would silently get none.
pub fn set_bestsellers(imported: &mut Imported, path: &str, text: &str) -> Result<(), ImportError> {
    let answer =
        json_fields::document(text).map_err(|ImportError(why)| ImportError(format!("{path}: {why}")))?;
    let Some(products) = answer.get("products").and_then(Value::as_array) else {
        return Err(ImportError(format!(
            "{path}: no `products` list: not an answer of /collections/<handle>/products.json"
        )));
    };
    let mut chosen: Vec<String> = Vec::new();
    for (n, product) in products.iter().enumerate() {
        let place = format!("{path}: products[{n}]");
        let Some(id) = json_fields::text(product.get("id")) else {
            imported.report.notes.push(Problem {
                place,
                reason: "a product without an id; left out of the bestsellers".into(),
            });
            continue;
        };
        if !imported.products.iter().any(|p| p.id == id) {
            imported.report.notes.push(Problem {
                place,
                reason: format!(
                    "product {id} is not in the feed (left out above, or not exported): not a bestseller"
                ),
            });
        } else {
            chosen.push(id);
        }
    }
    if chosen.is_empty() {
        imported.report.notes.push(Problem {
            place: path.to_owned(),
            reason: "no product of the feed in it: no bestsellers".into(),
        });
    }
    imported.set_bestsellers(chosen);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::Currency;

    fn shop() -> Imported {
        let products = r#"{"products": [
            {"id": 1, "title": "Tea", "variants": [{"id": 11, "price": "3.00"}]},
            {"id": 2, "title": "Mug", "variants": [{"id": 21, "price": "9.00"}]},
            {"id": 3, "title": "Pot", "variants": [{"id": 31, "price": "25.00"}]}]}"#;
        crate::shopify::import(products, Currency::parse("EUR").unwrap()).unwrap()
    }

    #[test]
    fn the_collections_order_is_the_bestsellers_order_for_products_in_the_feed() {
        let mut imported = shop();
        let collection = r#"{"products": [{"id": 3}, {"id": 99}, {"id": 1}, {"id": 3}, {"title": "no id"}]}"#;
        set_bestsellers(&mut imported, "best.json", collection).unwrap();
        assert_eq!(imported.bestsellers, ["3", "1"]);
        let notes: Vec<String> = (imported.report.notes.iter())
            .map(|p| format!("{}: {}", p.place, p.reason))
            .collect();
        assert_eq!(
            notes,
            [
                "best.json: products[1]: product 99 is not in the feed (left out above, or not exported): not a bestseller",
                "best.json: products[4]: a product without an id; left out of the bestsellers",
            ]
        );
        let (feed, _) = imported.into_valid_feed().unwrap();
        let document: Value = serde_json::from_str(&feed).unwrap();
        assert_eq!(document["bestsellers"], serde_json::json!(["3", "1"]));
    }

    #[test]
    fn an_answer_that_is_no_products_json_fails_and_one_of_other_products_is_noted() {
        let mut imported = shop();
        let error = set_bestsellers(&mut imported, "best.json", r#"{"product": {"id": 1}}"#).unwrap_err();
        assert!(error.0.contains("best.json: no `products` list"), "{}", error.0);
        assert!(set_bestsellers(&mut imported, "best.json", "<html>").is_err());
        set_bestsellers(&mut imported, "best.json", r#"{"products": [{"id": 7}]}"#).unwrap();
        assert!(imported.bestsellers.is_empty());
        assert!(imported
            .report
            .notes
            .last()
            .unwrap()
            .reason
            .contains("no bestsellers"));
    }
}
