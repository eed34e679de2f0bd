//! No answer a platform might give makes an importer panic: JSON of the platforms' own field
//! names with any values, in any nesting, and any text at all. What is imported is a valid
//! feed, whatever went in.

use checkout_addons_engine::{Catalog, Currency};
use checkout_addons_import::woocommerce::{import_pages, TaxRates};
use checkout_addons_import::{shopify, shopify_bestsellers, shopify_complementary};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// The names the importers read, and a few they do not.
const FIELDS: &[&str] = &[
    "id",
    "name",
    "title",
    "type",
    "status",
    "price",
    "regular_price",
    "total_sales",
    "compare_at_price",
    "variations",
    "variants",
    "parent_id",
    "attributes",
    "option",
    "cross_sell_ids",
    "upsell_ids",
    "tax_class",
    "tax_status",
    "stock_status",
    "manage_stock",
    "stock_quantity",
    "backorders",
    "purchasable",
    "images",
    "image",
    "src",
    "categories",
    "tags",
    "brands",
    "permalink",
    "handle",
    "products",
    "intent",
    "available",
    "message",
    "other",
];

/// Words the importers compare values with.
const WORDS: &[&str] = &[
    "variation",
    "variable",
    "simple",
    "grouped",
    "external",
    "publish",
    "draft",
    "private",
    "instock",
    "outofstock",
    "onbackorder",
    "yes",
    "notify",
    "parent",
    "reduced-rate",
    "none",
    "shipping",
    "complementary",
    "related",
    "1.50",
    "0",
    "-3",
    "12.345",
    "",
    " ",
    "x",
    "https://shop.example/a.jpg",
    "javascript:alert(1)",
    "&amp;",
    "9999999999999999999",
    "92233720368547758.07",
];

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0u64..2_000).prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop::sample::select(WORDS).prop_map(Value::from),
        ".{0,8}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(FIELDS), inner), 0..8).prop_map(|pairs| {
                Value::Object(
                    pairs
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect::<Map<_, _>>(),
                )
            }),
        ]
    })
}

/// One of `WORDS`, a small id, or anything.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => prop::sample::select(WORDS).prop_map(Value::from),
        3 => (0u64..12).prop_map(Value::from),
        1 => value(),
    ]
}

/// A product or variation as the REST API writes one: every field the importer reads, with
/// the values it compares against, prices from exact to garbled and huge, small ids that link
/// to each other (parents, variations, cross-sells), and any extra field with any value.
fn shaped() -> impl Strategy<Value = Value> {
    let pick = |words: &'static [&'static str]| prop::sample::select(words).prop_map(Value::from);
    let ids = || prop::collection::vec((0u64..12).prop_map(Value::from), 0..4).prop_map(Value::Array);
    let terms = || {
        let term = field_value().prop_map(|v| {
            Value::Object(Map::from_iter([
                ("name".to_owned(), v.clone()),
                ("src".to_owned(), v.clone()),
                ("option".to_owned(), v),
            ]))
        });
        prop::collection::vec(term, 0..3).prop_map(Value::Array)
    };
    let prices = || {
        prop_oneof![
            4 => pick(&["1.50", "12.345", "0", "-3", "", "x", "92233720368547758.07", "9999999999999999999"]),
            1 => field_value(),
        ]
    };
    let read = (
        (0u64..12).prop_map(Value::from),
        field_value(),
        pick(&[
            "simple",
            "simple",
            "variable",
            "variation",
            "grouped",
            "external",
            "subscription",
        ]),
        pick(&["publish", "publish", "publish", "draft", "private"]),
        prices(),
        prices(),
        (0u64..12).prop_map(Value::from),
        prop_oneof![4 => Just(Value::Bool(true)), 1 => field_value()],
        pick(&["", "", "parent", "reduced-rate", "zero-rate"]),
        pick(&["taxable", "taxable", "none", "shipping"]),
        pick(&["instock", "outofstock", "onbackorder", "other"]),
        (any::<bool>(), any::<i64>()),
    );
    let linked = (ids(), ids(), ids(), terms(), terms(), terms());
    let extra = prop::collection::vec((prop::sample::select(FIELDS), field_value()), 0..4);
    (read, linked, extra).prop_map(|(read, linked, extra)| {
        let (
            id,
            name,
            kind,
            status,
            price,
            regular,
            parent,
            purchasable,
            class,
            taxed,
            stock,
            (managed, quantity),
        ) = read;
        let (variations, cross, up, attributes, images, categories) = linked;
        let mut object: Map<String, Value> = extra.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        for (key, value) in [
            ("id", id),
            ("name", name),
            ("type", kind),
            ("status", status),
            ("price", price),
            ("regular_price", regular),
            ("parent_id", parent),
            ("purchasable", purchasable),
            ("tax_class", class),
            ("tax_status", taxed),
            ("stock_status", stock),
            ("manage_stock", Value::Bool(managed)),
            ("stock_quantity", Value::from(quantity)),
            ("variations", variations),
            ("cross_sell_ids", cross),
            ("upsell_ids", up),
            ("attributes", attributes),
            ("images", images),
            ("categories", categories),
        ] {
            object.insert(key.to_owned(), value);
        }
        Value::Object(object)
    })
}

/// A Shopify product (storefront or Admin API): its fields with the values the importer
/// compares against, prices as text, numbers or garbled, and variants of the same.
fn shopify_product() -> impl Strategy<Value = Value> {
    let pick = |words: &'static [&'static str]| prop::sample::select(words).prop_map(Value::from);
    let price = || {
        prop_oneof![
            3 => pick(&["3.00", "0.00", "2.5", "12.345", "", "x", "92233720368547758.07"]),
            1 => any::<i64>().prop_map(Value::from),
            1 => field_value(),
        ]
    };
    let variant = (
        (0u64..12).prop_map(Value::from),
        pick(&["Default Title", "M", ""]),
        price(),
        price(),
        prop_oneof![Just(Value::Null), any::<bool>().prop_map(Value::from)],
        pick(&["shopify", "", "other"]),
        pick(&["deny", "continue"]),
        any::<i64>().prop_map(Value::from),
    )
        .prop_map(|(id, title, price, was, available, managed, policy, quantity)| {
            let mut v = Map::from_iter([
                ("id".to_owned(), id),
                ("title".to_owned(), title),
                ("price".to_owned(), price),
                ("compare_at_price".to_owned(), was),
                ("inventory_management".to_owned(), managed),
                ("inventory_policy".to_owned(), policy),
                ("inventory_quantity".to_owned(), quantity),
            ]);
            if !available.is_null() {
                v.insert("available".to_owned(), available);
            }
            Value::Object(v)
        });
    (
        (0u64..12).prop_map(Value::from),
        field_value(),
        pick(&["active", "active", "draft"]),
        prop_oneof![Just(Value::Null), Just(Value::from("2026-01-01"))],
        field_value(),
        prop_oneof![
            field_value(),
            prop::collection::vec(field_value(), 0..3).prop_map(Value::Array)
        ],
        prop::collection::vec(variant, 0..4),
        prop::collection::vec((prop::sample::select(FIELDS), field_value()), 0..3),
    )
        .prop_map(|(id, title, status, published, handle, tags, variants, extra)| {
            let mut object: Map<String, Value> = extra.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
            for (key, value) in [
                ("id", id),
                ("title", title),
                ("status", status),
                ("published_at", published),
                ("handle", handle),
                ("tags", tags),
                ("variants", Value::Array(variants)),
            ] {
                object.insert(key.to_owned(), value);
            }
            Value::Object(object)
        })
}

/// An answer of `/recommendations/products.json`: products by small ids (of the catalog's,
/// or not), an intent, or anything.
fn answer() -> impl Strategy<Value = Value> {
    let product = prop_oneof![
        3 => (0u64..14).prop_map(|id| serde_json::json!({"id": id})),
        1 => field_value().prop_map(|id| serde_json::json!({"id": id})),
        1 => value(),
    ];
    prop_oneof![
        4 => (prop::collection::vec(product, 0..5), prop::sample::select(&["complementary", "related", ""][..]))
            .prop_map(|(products, intent)| serde_json::json!({"intent": intent, "products": products})),
        1 => value(),
    ]
}

/// Imports `pages` as WooCommerce's, with tax rates or without, and checks what comes out.
fn import_woocommerce(pages: Vec<Value>, taxed: bool) {
    let texts: Vec<String> = pages.iter().map(Value::to_string).collect();
    let named: Vec<(&str, &str)> = texts.iter().map(|t| ("page.json", t.as_str())).collect();
    let tax = match taxed {
        true => TaxRates::parse(&["21".into(), "reduced-rate=9".into()]).unwrap(),
        false => TaxRates::default(),
    };
    if let Ok(imported) = import_pages(&named, eur(), &tax) {
        valid(imported);
    }
}

fn eur() -> Currency {
    Currency::parse("EUR").unwrap()
}

fn valid(imported: checkout_addons_import::Imported) {
    if let Ok((feed, _)) = imported.into_valid_feed() {
        Catalog::from_json(&feed).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn woocommerce_pages_of_any_json(pages in prop::collection::vec(value(), 1..4), taxed in any::<bool>()) {
        import_woocommerce(pages, taxed);
    }

    #[test]
    fn woocommerce_pages_of_products_and_variations_of_any_values(pages in prop::collection::vec(prop::collection::vec(shaped(), 0..12), 1..4), taxed in any::<bool>()) {
        import_woocommerce(pages.into_iter().map(Value::Array).collect(), taxed);
    }

    #[test]
    fn shopify_pages_of_products_of_any_values(pages in prop::collection::vec(prop::collection::vec(shopify_product(), 0..8), 1..3)) {
        let texts: Vec<String> = pages.into_iter().map(|page| serde_json::json!({"products": page}).to_string()).collect();
        let named: Vec<(&str, &str)> = texts.iter().map(|t| ("products.json", t.as_str())).collect();
        if let Ok(imported) = shopify::import_pages(&named, eur()) {
            valid(imported);
        }
    }

    #[test]
    fn shopify_complementary_answers_of_any_json(
        products in prop::collection::vec(shopify_product(), 0..8),
        answers in prop::collection::vec((0u64..12, answer()), 0..6),
    ) {
        let page = serde_json::json!({"products": products}).to_string();
        let Ok(mut imported) = shopify::import(&page, eur()) else { return Ok(()) };
        let texts: Vec<(String, String)> = answers.iter().map(|(id, a)| (format!("c/{id}.json"), a.to_string())).collect();
        let named: Vec<(&str, &str)> = texts.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
        shopify_complementary::add_complementary(&mut imported, &named);
        valid(imported);
    }

    #[test]
    fn shopify_best_selling_collections_of_any_json(
        products in prop::collection::vec(shopify_product(), 0..8),
        collection in answer(),
    ) {
        let page = serde_json::json!({"products": products}).to_string();
        let Ok(mut imported) = shopify::import(&page, eur()) else { return Ok(()) };
        if shopify_bestsellers::set_bestsellers(&mut imported, "best.json", &collection.to_string()).is_ok() {
            prop_assert!(imported.bestsellers.len() <= checkout_addons_engine::BESTSELLER_SHORTLIST);
        }
        valid(imported);
    }

    #[test]
    fn any_text_at_all(text in ".{0,200}") {
        let _ = import_pages(&[("page.json", &text)], eur(), &TaxRates::default());
        if let Ok(mut imported) = shopify::import(r#"{"products": []}"#, eur()) {
            shopify_complementary::add_complementary(&mut imported, &[("c/1.json", &text)]);
            let _ = shopify_bestsellers::set_bestsellers(&mut imported, "best.json", &text);
        }
        let _ = TaxRates::parse(&[text]);
    }
}
