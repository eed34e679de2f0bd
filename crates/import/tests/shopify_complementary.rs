//! Shopify's complementary products (Search & Discovery), saved per product from
//! `/recommendations/products.json?product_id=<id>&intent=complementary`, on a real store's
//! catalog (../shared/data/feeds): they become the feed's complements, and an answer that
//! cannot be used costs only its own product's links.

use checkout_addons_engine::{Catalog, Currency};
use checkout_addons_import::{shopify, shopify_complementary};

const FOLDER: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/shopify_complementary"
);

fn answers() -> Vec<(String, String)> {
    let mut files: Vec<_> = std::fs::read_dir(FOLDER)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let short = |p: &std::path::Path| format!("complementary/{}", p.file_name().unwrap().to_str().unwrap());
    files
        .iter()
        .map(|p| (short(p), std::fs::read_to_string(p).unwrap()))
        .collect()
}

#[test]
fn the_shops_pairings_become_complements_and_unusable_answers_are_named() {
    let path = format!(
        "{}/../../../shared/data/feeds/shopify_storefront_localboxes_products.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let products = std::fs::read_to_string(path).unwrap();
    let mut imported = shopify::import(&products, Currency::parse("EUR").unwrap()).unwrap();
    let answers = answers();
    let answers: Vec<(&str, &str)> = answers.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    shopify_complementary::add_complementary(&mut imported, &answers);

    let links: Vec<(&str, &str)> = (imported.complements.iter())
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            // The medium vegetable box: eggs, parsley and honey.
            ("4515978051647", "7163975041219"),
            ("4515978051647", "8652339026"),
            ("4515978051647", "6100062470339"),
            // The salad box: the herb bag (the spinner is not in the catalog).
            ("9163003474", "8652301650"),
        ]
    );
    let notes: Vec<String> = imported.report.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        [
            "complementary/7163975041219.json: an answer for `intent=related` (similar products), not `complementary`; left out",
            "complementary/8652339026.json: line 1, column 1: not JSON (expected value at line 1 column 1); left out",
            "complementary/pairings.json: not named after a product id (`<product id>.json`, the `product_id` it was asked for): left out",
            "complementary/9163003474.json: its complementary product 9999999999 is not in the feed (left out above, or not exported): link left out",
        ]
    );

    let (feed, report) = imported.into_valid_feed().unwrap();
    assert_eq!(report.links_out, (4, 0));
    let catalog = Catalog::from_json(&feed).unwrap();
    assert_eq!(catalog.products().len(), 17);
}
