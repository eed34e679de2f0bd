//! The importers on real exports (../shared/data/feeds): every product and variant accounted
//! for, prices exact, availability mapped, and the result a valid feed.

use checkout_addons_engine::{Availability, Catalog, Currency, Date, Money};
use checkout_addons_import::{merchant, shopify, Imported};
use serde_json::Value;

fn data(name: &str) -> String {
    let path = format!("{}/../../../shared/data/feeds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Cents from a decimal string, computed differently from the importer (via a float, which
/// is exact enough for a check of two-decimal prices).
fn cents(price: &str) -> Money {
    Money((price.parse::<f64>().unwrap() * 100.0).round() as i64)
}

fn assert_valid(imported: &Imported) -> Catalog {
    Catalog::from_json(&imported.to_feed_json()).unwrap_or_else(|e| panic!("invalid feed: {e}"))
}

fn shopify_products(name: &str) -> Vec<Value> {
    match serde_json::from_str::<Value>(&data(name)).unwrap() {
        Value::Array(list) => list,
        document => document["products"].as_array().unwrap().clone(),
    }
}

#[test]
fn shopify_storefront_products_json_imports_every_variant_exactly() {
    let name = "shopify_storefront_localboxes_products.json";
    let imported = shopify::import(&data(name), Currency::parse("EUR").unwrap()).unwrap();
    let catalog = assert_valid(&imported);
    let input = shopify_products(name);
    assert_eq!(input.len(), 17);
    assert_eq!(catalog.products().len(), 17);
    assert!(imported.report.skipped.is_empty() && imported.report.notes.is_empty());
    for raw in &input {
        let product = catalog
            .product(&raw["id"].to_string())
            .expect("every product is in the feed");
        assert_eq!(
            product.url,
            format!("/products/{}", raw["handle"].as_str().unwrap())
        );
        for raw_variant in raw["variants"].as_array().unwrap() {
            let id = raw_variant["id"].to_string();
            let variant = product
                .variants
                .iter()
                .find(|v| v.id == id)
                .expect("every variant is in the feed");
            assert_eq!(variant.price, Some(cents(raw_variant["price"].as_str().unwrap())));
            assert_eq!(variant.available, raw_variant["available"].as_bool().unwrap());
        }
    }
}

#[test]
fn shopify_admin_products_map_stock_and_policy() {
    let name = "shopify_admin_unitedbyblue_products.json";
    let imported = shopify::import(&data(name), Currency::parse("USD").unwrap()).unwrap();
    let catalog = assert_valid(&imported);
    let input = shopify_products(name);
    let variants_in: usize = input
        .iter()
        .map(|p| p["variants"].as_array().unwrap().len())
        .sum();
    let report = &imported.report;
    assert_eq!((report.products_in, report.variants_in), (25, variants_in));
    assert_eq!(report.products_in, report.products_out + report.skipped.len());
    let dropped = (report.notes.iter())
        .filter(|note| note.reason.starts_with("variant left out"))
        .count();
    assert_eq!(report.variants_in, report.variants_out + dropped);
    // "The Field Report Vol. 2" sells at 0.00: imported, and said.
    let free: Vec<String> = (report.notes.iter())
        .filter(|note| note.reason.starts_with("the price is 0"))
        .map(|note| note.place.clone())
        .collect();
    assert_eq!(free.len(), 1, "{:?}", report.notes);
    for raw in &input {
        let product = catalog.product(&raw["id"].to_string()).unwrap();
        assert_eq!(product.brand, raw["vendor"].as_str().unwrap());
        let mut cheapest = None::<Money>;
        for raw_variant in raw["variants"].as_array().unwrap() {
            let id = raw_variant["id"].to_string();
            let variant = product.variants.iter().find(|v| v.id == id).unwrap();
            let price = cents(raw_variant["price"].as_str().unwrap());
            assert_eq!(variant.price, Some(price));
            let quantity = raw_variant["inventory_quantity"].as_i64().unwrap();
            let tracked = raw_variant["inventory_management"] == "shopify";
            let sells_on = raw_variant["inventory_policy"] == "continue";
            assert_eq!(
                variant.available,
                !tracked || sells_on || quantity > 0,
                "variant {}",
                variant.id
            );
            if variant.available {
                cheapest = Some(cheapest.map_or(price, |c| c.min(price)));
            }
        }
        if let Some(cheapest) = cheapest {
            assert_eq!(
                product.price, cheapest,
                "the product shows its cheapest buyable variant"
            );
        }
    }
}

#[test]
fn shopify_admin_products_not_published_or_not_active_are_left_out_and_counted() {
    // The real export with most products hidden from the store, as shops have them.
    let mut products = shopify_products("shopify_admin_unitedbyblue_products.json");
    for (i, product) in products.iter_mut().enumerate() {
        match i % 5 {
            0..=2 => product["published_at"] = Value::Null,
            3 if i % 10 == 3 => product["status"] = "archived".into(),
            _ => {}
        }
    }
    let on_sale: Vec<String> = (products.iter())
        .filter(|p| !p["published_at"].is_null() && p.get("status").is_none_or(|s| s == "active"))
        .map(|p| p["id"].to_string())
        .collect();
    let json = serde_json::json!({ "products": products }).to_string();
    let imported = shopify::import(&json, Currency::parse("USD").unwrap()).unwrap();
    let catalog = assert_valid(&imported);
    let written: Vec<&str> = catalog.products().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(written, on_sale);
    assert_eq!(
        on_sale.len(),
        7,
        "the data as expected: 25 products, 15 hidden, 3 archived"
    );
    let report = &imported.report;
    assert_eq!(report.skipped.len(), 18);
    assert!(report
        .skipped
        .iter()
        .any(|p| p.reason.starts_with("not published (`published_at` is null)")));
    assert!(report
        .skipped
        .iter()
        .any(|p| p.reason.starts_with("status `archived`")));
}

/// The values of `<g:name>` in each `<item>`, straight from the text.
fn item_values(xml: &str, name: &str) -> Vec<Option<String>> {
    xml.split("<item>")
        .skip(1)
        .map(|item| {
            let open = format!("<g:{name}>");
            let start = item.find(&open)? + open.len();
            let end = item[start..].find('<')? + start;
            Some(item[start..end].to_owned())
        })
        .collect()
}

#[test]
fn merchant_center_rss_with_2200_items_imports_every_item() {
    let xml = data("gmc_groundies_merchant_feed.xml");
    let imported = merchant::import(&xml, Date::new(2026, 12, 5).unwrap()).unwrap();
    let catalog = assert_valid(&imported);
    assert_eq!(imported.currency.code(), "USD");
    let ids = item_values(&xml, "id");
    let prices = item_values(&xml, "price");
    let availability = item_values(&xml, "availability");
    assert_eq!(ids.len(), 2200);
    assert_eq!(
        catalog.products().len(),
        2200,
        "no item groups: each item is a product"
    );
    for ((id, price), available) in ids.iter().zip(&prices).zip(&availability) {
        let product = catalog
            .product(id.as_deref().unwrap())
            .expect("every item is in the feed");
        let amount = price.as_deref().unwrap().strip_suffix(" USD").unwrap();
        assert_eq!(product.price, cents(amount));
        let expected = match available.as_deref().unwrap() {
            "in stock" => Availability::InStock,
            _ => Availability::OutOfStock,
        };
        assert_eq!(product.availability, expected, "item {id:?}");
    }
    let out_of_stock = catalog.products().iter().filter(|p| !p.is_available()).count();
    assert_eq!(out_of_stock, 385);
}

#[test]
fn merchant_center_item_groups_sale_prices_and_categories() {
    let xml = data("gmc_cute4babies_merchant_feed.xml");
    let imported = merchant::import(&xml, Date::new(2026, 12, 5).unwrap()).unwrap();
    let catalog = assert_valid(&imported);
    let report = &imported.report;
    assert_eq!(imported.currency.code(), "RON");
    let standalone = catalog
        .products()
        .iter()
        .filter(|p| p.variants.is_empty())
        .count();
    assert_eq!(
        report.products_in,
        standalone + report.variants_out + report.skipped.len(),
        "every item is a product, a variant or reported"
    );
    assert_eq!((report.products_in, catalog.products().len()), (14, 12));
    let harness = catalog.product("c4b_ham").expect("the item group is one product");
    assert_eq!(
        harness.variants.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
        ["2", "5", "6"]
    );
    assert!(!harness.variants[2].available, "item 6 is out of stock");
    assert_eq!(
        (harness.price, harness.compare_at_price),
        (Money(8900), Some(Money(16000)))
    );
    let carrier = catalog.product("1").unwrap();
    assert_eq!(
        (carrier.price, carrier.compare_at_price),
        (Money(15900), Some(Money(18900)))
    );
    assert_eq!(
        carrier.category,
        ["Baby & Toddler", "Baby Transport", "Baby Carriers"]
    );
    assert_eq!(carrier.brand, "cute4babies");
    // The shop's own labels are the products' tags: a harness group is labelled once.
    assert_eq!(harness.tags, ["ham"]);
    assert_eq!(carrier.tags, ["marsupiu"]);
}
