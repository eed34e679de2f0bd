//! WooCommerce's REST API answers (a small shop written after the v3 schema: products, and a
//! variable product's variations in a file of their own) into a feed, with the shop's own
//! cross-sells and upsells as the feed's complements and upgrades.

use checkout_addons_engine::{Availability, Catalog, Currency, Money};
use checkout_addons_import::woocommerce::{import_pages, TaxRates};
use checkout_addons_import::Imported;

const PRODUCTS: &str = include_str!("fixtures/woocommerce_products.json");
const VARIATIONS: &str = include_str!("fixtures/woocommerce_variations_103.json");

fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

fn shop() -> Imported {
    import_pages(
        &[("products.json", PRODUCTS), ("variations.json", VARIATIONS)],
        eur(),
        &TaxRates::default(),
    )
    .unwrap()
}

fn links(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[test]
fn cross_sells_become_complements_and_upsells_upgrades() {
    let (feed, report) = shop().into_valid_feed().unwrap();
    let catalog = Catalog::from_json(&feed).unwrap();
    let document: serde_json::Value = serde_json::from_str(&feed).unwrap();
    let pairs = |field: &str| -> Vec<(String, String)> {
        document[field]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["from"].as_str().unwrap().to_owned(),
                    l["to"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    // 1031 is a variation: the link goes to its product. The beans' cross-sell of their own
    // 1 kg bag relates the product to itself and is not written; the draft jug is not in the feed.
    assert_eq!(
        links(&pairs("complements")),
        [
            ("101", "105"),
            ("101", "106"),
            ("101", "103"),
            ("102", "105"),
            ("103", "105")
        ]
    );
    assert_eq!(links(&pairs("upgrades")), [("101", "102")]);
    assert_eq!(report.links_out, (5, 1));
    assert!(
        report.notes.iter().any(|n| n.to_string()
            == "product `101`: its cross-sell 109 is not in the feed (left out above, or not exported): link left out"),
        "{:#?}",
        report.notes
    );
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.to_string()
                == "product `103`: its cross-sell 1032 is this product itself: link left out"),
        "{:#?}",
        report.notes
    );
    assert_eq!(catalog.products().len(), 5);
}

#[test]
fn a_variable_product_takes_its_variations_the_cart_can_add() {
    let imported = shop();
    let beans = imported.products.iter().find(|p| p.id == "103").unwrap();
    let variants: Vec<(&str, &str, Option<Money>)> = beans
        .variants
        .iter()
        .map(|v| (v.id.as_str(), v.title.as_str(), v.price))
        .collect();
    assert_eq!(
        variants,
        [
            ("1031", "250 g", Some(Money(850))),
            ("1032", "1 kg", Some(Money(2900)))
        ],
        "the disabled 5 kg and the \"any weight\" variation cannot be added by one press"
    );
    assert_eq!(
        (beans.price, beans.compare_at_price),
        (Money(850), Some(Money(950)))
    );
    assert_eq!(beans.stock, Some(46));
    let reasons: Vec<String> = imported.report.notes.iter().map(ToString::to_string).collect();
    assert!(
        reasons.contains(
            &"variations.json: [2] (id 1033): variation left out: status `private` (disabled in the shop)"
                .to_owned()
        ),
        "{reasons:#?}"
    );
    assert!(reasons.contains(&"variations.json: [3] (id 1034): variation left out: an attribute is \"any\": the cart cannot add it without the shopper's choice".to_owned()), "{reasons:#?}");
    assert!(reasons.contains(&"variations.json: [4] (id 1201): variation of product 120, which is not among the products read: left out".to_owned()), "{reasons:#?}");
}

#[test]
fn what_no_cart_can_add_is_left_out_with_its_reason() {
    let imported = shop();
    let skipped: Vec<String> = imported.report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        skipped,
        [
            "products.json: [5] (id 107): a grouped product has no price of its own: its products are imported by themselves",
            "products.json: [6] (id 108): an external product is bought on another site: no cart can add it",
            "products.json: [7] (id 109): status `draft`: not for sale",
            "products.json: [8] (id 110): a variable product without its variations: fetch /wp-json/wc/v3/products/110/variations?per_page=100 and import it with the products",
        ]
    );
    let report = &imported.report;
    assert_eq!((report.products_in, report.products_out), (9, 5));
    assert_eq!((report.variants_in, report.variants_out), (5, 2));
}

#[test]
fn names_prices_stock_and_links_read_as_the_shop_shows_them() {
    let imported = shop();
    let by_id = |id: &str| imported.products.iter().find(|p| p.id == id).unwrap();
    let descaler = by_id("105");
    assert_eq!(descaler.title, "Descaler & cleaner");
    assert_eq!((descaler.price, descaler.stock), (Money(1295), Some(14)));
    assert_eq!(descaler.category, ["Care"]);
    let tamper = by_id("106");
    assert_eq!(
        (tamper.price, tamper.compare_at_price),
        (Money(1900), Some(Money(2400)))
    );
    assert!(
        tamper.continue_selling && tamper.availability == Availability::InStock,
        "on backorder sells on"
    );
    let classic = by_id("101");
    assert_eq!(
        classic.url,
        "https://koffie.example/product/espresso-machine-classic/"
    );
    assert_eq!(
        classic.image,
        "https://koffie.example/wp-content/uploads/2026/03/classic.jpg"
    );
    assert_eq!(classic.tags, ["Espresso"]);
    assert_eq!(by_id("102").stock, None, "WooCommerce does not count it");
}

#[test]
fn a_link_to_a_product_the_feed_drops_is_dropped_with_it() {
    // Two products under one id: the second is left out when the feed is checked, and the
    // link from it goes too; the first keeps its own.
    let products = r#"[
      {"id": 1, "name": "Kettle", "type": "simple", "status": "publish", "price": "40.00", "cross_sell_ids": [3]},
      {"id": 3, "name": "Filter", "type": "simple", "status": "publish", "price": "4.00", "cross_sell_ids": []},
      {"id": 2, "name": "x", "type": "simple", "status": "publish", "price": "4.00", "cross_sell_ids": [1]}]"#;
    let long = products.replace("\"name\": \"x\"", &format!("\"name\": \"{}\"", "x".repeat(2_001)));
    let (feed, report) = import_pages(&[("", &long)], eur(), &TaxRates::default())
        .unwrap()
        .into_valid_feed()
        .unwrap();
    let catalog = Catalog::from_json(&feed).unwrap();
    assert_eq!(catalog.products().len(), 2);
    assert_eq!(report.links_out, (1, 0));
    assert!(
        report.notes.iter().any(
            |n| n.to_string() == "product `2`: its complement `1` left out with a product left out above"
        ),
        "{:#?}",
        report.notes
    );
}

#[test]
fn pages_of_exactly_a_full_size_are_pointed_out_and_an_error_answer_named() {
    let page: Vec<String> = (1..=10)
        .map(|id| {
            format!(
                r#"{{"id": {id}, "name": "P{id}", "type": "simple", "status": "publish", "price": "2.00"}}"#
            )
        })
        .collect();
    let page = format!("[{}]", page.join(","));
    let imported = import_pages(
        &[("p1.json", &page), ("v.json", VARIATIONS)],
        eur(),
        &TaxRates::default(),
    )
    .unwrap();
    assert!(
        imported
            .report
            .notes
            .iter()
            .any(|n| n.reason.starts_with("every page holds exactly 10 products")),
        "{:#?}",
        imported.report.notes
    );
    let refused = r#"{"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": {"status": 401}}"#;
    let error = import_pages(
        &[("p1.json", &page), ("p2.json", refused)],
        eur(),
        &TaxRates::default(),
    )
    .unwrap_err();
    assert_eq!(
        error.0,
        "p2.json: an error from WooCommerce, not products: Sorry, you cannot list resources."
    );
}

#[test]
fn a_product_whose_variations_came_in_part_says_how_many_are_missing() {
    let products = r#"[{"id": 7, "name": "Socks", "type": "variable", "status": "publish", "variations": [71, 72, 73]}]"#;
    let variations = r#"[{"id": 71, "type": "variation", "parent_id": 7, "status": "publish", "price": "5.00",
        "attributes": [{"name": "Size", "option": "M"}]}]"#;
    let imported = import_pages(
        &[("p.json", products), ("v.json", variations)],
        eur(),
        &TaxRates::default(),
    )
    .unwrap();
    assert_eq!(imported.products[0].variants.len(), 1);
    assert_eq!(
        imported.report.notes[0].to_string(),
        "p.json: [0] (id 7): 1 of its 3 variations read: fetch the rest (/wp-json/wc/v3/products/7/variations?per_page=100&page=2, ...)"
    );
}

#[test]
fn variations_as_the_v3_api_answers_them_find_their_product_and_an_any_attribute_is_seen() {
    // `/wp-json/wc/v3/products/200/variations` gives no type, product or name; an "Any
    // colour" variation lists only its size, where the product varies by colour and size.
    let products = r#"[{"id": 200, "name": "T-shirt", "type": "variable", "status": "publish",
        "variations": [201, 202, 203, 204],
        "attributes": [{"id": 0, "name": "Colour", "variation": true, "options": ["Red", "Blue"]},
                       {"id": 3, "name": "Size", "variation": true, "options": ["M", "L"]},
                       {"id": 0, "name": "Material", "variation": false, "options": ["Cotton"]}]}]"#;
    let variations = r#"[
        {"id": 201, "status": "publish", "price": "35.00", "regular_price": "35.00", "stock_status": "instock",
         "attributes": [{"id": 0, "name": "Colour", "option": "Red"}, {"id": 3, "name": "Size", "option": "M"}]},
        {"id": 202, "status": "publish", "price": "35.00", "regular_price": "35.00", "stock_status": "instock",
         "attributes": [{"id": 0, "name": "colour", "option": "Blue"}, {"id": 3, "name": "Maat", "option": "L"}]},
        {"id": 204, "status": "publish", "price": "36.00", "regular_price": "36.00", "stock_status": "instock",
         "attributes": [{"name": "Colour", "option": "Red"}, {"name": "Size", "option": "L"}]},
        {"id": 203, "status": "publish", "price": "30.00", "regular_price": "30.00", "stock_status": "instock",
         "attributes": [{"id": 3, "name": "Size", "option": "L"}]}]"#;
    let imported = import_pages(
        &[("products-1.json", products), ("variations-200.json", variations)],
        eur(),
        &TaxRates::default(),
    )
    .unwrap();
    let shirt = imported
        .products
        .iter()
        .find(|p| p.id == "200")
        .expect("the shirt, with its variations");
    let ids: Vec<&str> = shirt.variants.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        ids,
        ["201", "202", "204"],
        "an export without attribute ids matched by name"
    );
    assert_eq!(
        shirt.price,
        Money(3500),
        "not the €30 of a variation no press can add"
    );
    let notes: Vec<String> = imported.report.notes.iter().map(ToString::to_string).collect();
    assert!(notes.contains(&"variations-200.json: [3] (id 203): variation left out: an attribute is \"any\": the cart cannot add it without the shopper's choice".to_owned()), "{notes:#?}");
    assert_eq!((imported.report.variants_in, imported.report.products_in), (4, 1));
}

#[test]
fn prices_entered_without_tax_are_shown_with_the_rate_of_their_class() {
    let tax = TaxRates::parse(&["21".into(), "reduced-rate=9".into()]).unwrap();
    let pages = [("products.json", PRODUCTS), ("variations.json", VARIATIONS)];
    let imported = import_pages(&pages, eur(), &tax).unwrap();
    let by_id = |id: &str| imported.products.iter().find(|p| p.id == id).unwrap();
    let beans = by_id("103");
    let prices: Vec<Option<Money>> = beans.variants.iter().map(|v| v.price).collect();
    // 250 g takes its product's reduced rate (8.50 + 9% = 9.265, shown 9.27); the 1 kg bag
    // is in the standard class (29.00 + 21%).
    assert_eq!(prices, [Some(Money(927)), Some(Money(3509))]);
    assert_eq!(
        (beans.price, beans.compare_at_price),
        (Money(927), Some(Money(1036)))
    );
    let tamper = by_id("106");
    assert_eq!(
        (tamper.price, tamper.compare_at_price),
        (Money(2299), Some(Money(2904)))
    );
    assert_eq!(by_id("105").price, Money(1295), "only its shipping is taxed");
    assert_eq!(
        by_id("101").price,
        Money(42229),
        "no class given: the standard one"
    );
    assert_eq!(by_id("102").price, Money(54900));
    assert!(
        imported.report.notes.iter().any(|n| n.to_string()
            == "tax class `zero-rate`: no `--tax` rate for it: the prices of its 1 products and variations are taken as entered"),
        "{:#?}",
        imported.report.notes
    );
}

#[test]
fn tax_rates_are_read_as_percentages_each_class_once() {
    let parsed = TaxRates::parse(&["8.1".into(), "reduced-rate=2.6".into()]).unwrap();
    assert_eq!(
        parsed,
        TaxRates::parse(&["standard=8.10".into(), "reduced-rate=2.60".into()]).unwrap()
    );
    for bad in ["21%", "8.125", "", "101", "x=", "=9"] {
        let error = TaxRates::parse(&[bad.into()]).unwrap_err();
        assert!(error.contains("not a tax rate"), "{bad}: {error}");
    }
    let twice = TaxRates::parse(&["21".into(), "standard=19".into()]).unwrap_err();
    assert_eq!(twice, "`standard=19`: the tax class `standard` is given twice");
}

#[test]
fn no_price_however_long_overflows_its_tax() {
    let products = r#"[{"id": 1, "name": "Yacht", "type": "simple", "status": "publish", "price": "92233720368547758.07"}]"#;
    let tax = TaxRates::parse(&["21".into()]).unwrap();
    let imported = import_pages(&[("", products)], eur(), &tax).unwrap();
    assert_eq!(imported.products[0].price, Money(i64::MAX));
}

#[test]
fn an_upsell_that_costs_no_more_is_not_offered_as_an_upgrade() {
    let products = r#"[
      {"id": 1, "name": "Kettle", "type": "simple", "status": "publish", "price": "40.00", "upsell_ids": [2, 3]},
      {"id": 2, "name": "Kettle deluxe", "type": "simple", "status": "publish", "price": "65.00"},
      {"id": 3, "name": "Kettle mini", "type": "simple", "status": "publish", "price": "25.00"}]"#;
    let imported = import_pages(&[("", products)], eur(), &TaxRates::default()).unwrap();
    let upgrades: Vec<(&str, &str)> = (imported.upgrades.iter())
        .map(|u| (u.from.as_str(), u.to.as_str()))
        .collect();
    assert_eq!(upgrades, [("1", "2")]);
    assert_eq!(
        imported.report.notes[0].to_string(),
        "product `1`: its upsell 3 costs no more than it (2500 against 4000): not offered as an upgrade; link left out"
    );
}

#[test]
fn the_products_that_sold_most_become_the_shops_bestsellers() {
    let (feed, _) = shop().into_valid_feed().unwrap();
    let document: serde_json::Value = serde_json::from_str(&feed).unwrap();
    // By `total_sales`: the beans sold 57, the descaler 31, the Classic 12 (text, as older
    // versions write it), the Pro 4. The tamper's 2 say nothing; the grinder sold at a
    // partner, the draft jug and the mug without its variations are not in the feed.
    assert_eq!(
        document["bestsellers"],
        serde_json::json!(["103", "105", "101", "102"])
    );
    // A page given twice lists each product twice: each still takes one place.
    let twice = import_pages(
        &[
            ("products.json", PRODUCTS),
            ("again.json", PRODUCTS),
            ("variations.json", VARIATIONS),
        ],
        eur(),
        &TaxRates::default(),
    )
    .unwrap();
    assert_eq!(twice.bestsellers, ["103", "105", "101", "102"]);
    // A cart of the tamper alone, linked to nothing, now gets them (within the price rules:
    // no €349 machine next to a €19 tamper).
    let catalog = Catalog::from_json(&feed).unwrap();
    let cart = checkout_addons_engine::Cart::from_ids(&catalog, ["106"]);
    let picks = checkout_addons_engine::recommend(
        &catalog,
        &cart,
        "2026-12-06".parse().unwrap(),
        &checkout_addons_engine::Config::default(),
    );
    let ids: Vec<&str> = picks.iter().map(|p| p.product_id.as_str()).collect();
    assert_eq!(ids, ["103", "105"]);
}
