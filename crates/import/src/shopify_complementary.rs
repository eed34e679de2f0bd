//! Shopify's complementary products: what a shop pairs with each product in the Search &
//! Discovery app ("Pair it with" in Dawn's product page), as the feed's `complements`.
//!
//! The storefront answers them per product at
//! `/recommendations/products.json?product_id=<id>&intent=complementary`, a `products` list in
//! the storefront's product JSON. The answer does not name the product it was asked for, so
//! each answer is saved as `<product id>.json` and the file's name says. Only complementary
//! answers belong here: `intent=related` (Shopify's automatic pick) gives similar products,
//! substitutes rather than add-ons.

use serde_json::Value;

use crate::json_fields;
use crate::shop_links::ShopLink;
use crate::{ImportError, Imported, Problem};

/// Adds the complements in `answers`, each `(path, text)` of a file named `<product id>.json`.
/// An answer that cannot be read (an error page, a product Shopify no longer has) costs only
/// that product's complements, noted with its file.
pub fn add_complementary(imported: &mut Imported, answers: &[(&str, &str)]) {
    let mut links = Vec::new();
    for (path, text) in answers {
        let mut note = |reason: String| {
            imported.report.notes.push(Problem {
                place: (*path).to_owned(),
                reason,
            })
        };
        let stem = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        if stem.is_empty() || !stem.bytes().all(|b| b.is_ascii_digit()) {
            note("not named after a product id (`<product id>.json`, the `product_id` it was asked for): left out".into());
            continue;
        }
        let answer = match json_fields::document(text) {
            Ok(answer) => answer,
            Err(ImportError(why)) => {
                note(format!("{why}; left out"));
                continue;
            }
        };
        if let Some(intent) = answer
            .get("intent")
            .and_then(Value::as_str)
            .filter(|i| *i != "complementary")
        {
            note(format!(
                "an answer for `intent={intent}` (similar products), not `complementary`; left out"
            ));
            continue;
        }
        let Some(products) = answer.get("products").and_then(Value::as_array) else {
            note("no `products` list: not an answer of /recommendations/products.json; left out".into());
            continue;
        };
        for product in products {
            let Some(to) = json_fields::text(product.get("id")) else {
                note("a product without an id; left out".into());
                continue;
            };
            links.push(ShopLink {
                place: (*path).to_owned(),
                from: stem.to_owned(),
                to,
                word: "complementary product",
                upgrade: false,
            });
        }
    }
    imported.add_links(links);
}
