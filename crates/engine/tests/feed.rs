//! What the feed parser accepts, and how it points at what is wrong.

use checkout_addons_engine::{Catalog, FeedError};

fn errors(json: &str) -> Vec<FeedError> {
    Catalog::from_json(json)
        .expect_err("the feed should be rejected")
        .0
}

/// The errors of a rejected feed as a shop owner reads them.
fn messages(json: &str) -> Vec<String> {
    errors(json).iter().map(ToString::to_string).collect()
}

#[test]
fn syntax_errors_name_line_and_column() {
    let found = errors("{\n  \"version\": 1,\n  \"currency\": \"EUR\",\n  \"products\": [,]\n}");
    assert!(
        matches!(
            found[..],
            [FeedError::Syntax {
                line: 4,
                column: 16,
                ..
            }]
        ),
        "{found:?}"
    );
}

#[test]
fn every_error_is_reported_at_once_with_its_path_and_product() {
    let found = errors(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "a", "title": "A", "price": -5},
          {"id": "a", "title": "", "price": 100},
          {"id": "b", "title": "B", "price": 100, "url": "javascript:alert(1)", "seasons": [{"from": 0, "to": 12}]},
          {"id": "c", "title": "C", "price": 100, "variants": [{"id": "c-1"}, {"id": " "}]}
        ],
        "complements": [{"from": "a", "to": "ghost"}],
        "bundles": [{"id": "solo", "products": ["a"], "saving": 100}]}"#,
    );
    let text: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "products[0].price (product `a`): -5 is negative",
            "products[1].title (product `a`): must not be empty",
            "products[1].id: id `a` is already used at products[0].id",
            "products[2].url (product `b`): `javascript:alert(1)` is neither an http(s) URL nor a path on the shop",
            "products[2].seasons[0].from (product `b`): 0 is not a month (1 to 12)",
            "products[3].variants[1].id (product `c`): must not be empty",
            "complements[0].to: `ghost` is not in the feed",
            "bundles[0] (bundle `solo`): a bundle needs at least two products",
        ]
    );
}

/// Each error's JSON path with the product position it carries.
fn places(json: &str) -> Vec<(String, Option<usize>)> {
    errors(json)
        .iter()
        .map(|e| {
            (
                e.path().map_or("", |p| p.as_str()).to_owned(),
                e.product_position(),
            )
        })
        .collect()
}

#[test]
fn each_error_knows_the_product_it_is_in_without_reading_its_text() {
    // A wrong type is found by the reader...
    let read = places(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "a", "title": "A", "price": 100},
          {"id": "b", "title": "B", "price": "cheap"}
        ]}"#,
    );
    assert_eq!(read, [("products[1].price".to_owned(), Some(1))]);

    // ...the rest by validation, inside products and outside them.
    let validated = places(
        r#"{"version": 1, "currency": "EUR", "products": [
          {"id": "a", "title": "A", "price": 100},
          {"id": "c", "title": "C", "price": 100, "variants": [{"id": "a", "title": "S"}]}
        ],
        "upgrades": [{"from": "a", "to": "a"}],
        "copurchase": {"products[1]": [{"with": "a", "count": 3, "confidence": 0.5, "lift": 2}]}}"#,
    );
    assert_eq!(
        validated,
        [
            ("products[1].variants[0].id".to_owned(), Some(1)),
            ("upgrades[0]".to_owned(), None),
            ("copurchase.products[1]".to_owned(), None),
        ]
    );
}

#[test]
fn a_variants_repurchase_cycle_is_checked_where_it_stands() {
    let found = messages(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "a", "title": "A", "price": 1, "variants": [{"id": "a-1"}, {"id": "a-12kg", "repurchase_days": 0}]}]}"#,
    );
    assert_eq!(
        found,
        ["products[0].variants[1].repurchase_days (product `a`): expected a number of days (1 to 3650)"]
    );
}

#[test]
fn wrong_versions_and_currencies_are_errors() {
    let found = errors(r#"{"version": 2, "currency": "euro", "products": []}"#);
    assert_eq!(
        found,
        [
            FeedError::UnsupportedVersion { found: 2 },
            FeedError::InvalidCurrency { found: "euro".into() }
        ]
    );
}

#[test]
fn unknown_availability_and_kinds_name_what_is_allowed() {
    let found = errors(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "a", "title": "A", "price": 1, "availability": "maybe"}]}"#,
    );
    assert_eq!(
        found[0].to_string(),
        "products[0].availability (product `a`): expected in_stock, out_of_stock or preorder"
    );
    let found = errors(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "a", "title": "A", "price": 1, "kinds": ["accessory", "toy"]}]}"#,
    );
    assert_eq!(
        found[0].to_string(),
        "products[0].kinds[1] (product `a`): expected accessory, consumable, service or gift_wrap"
    );
    let ok = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "a", "title": "A", "price": 1, "availability": "preorder", "kinds": ["gift_wrap", "service"]}]}"#,
    )
    .unwrap();
    assert_eq!(
        ok.products()[0].availability,
        checkout_addons_engine::Availability::Preorder
    );
    assert_eq!(
        ok.products()[0].kinds,
        [
            checkout_addons_engine::Kind::GiftWrap,
            checkout_addons_engine::Kind::Service
        ]
    );
}

#[test]
fn unknown_fields_are_ignored_so_feeds_can_carry_more() {
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "generator": "shop-export 2.1",
            "products": [{"id": "a", "title": "A", "price": 100, "gtin": "8712345678906"}]}"#,
    )
    .unwrap();
    assert_eq!(catalog.products().len(), 1);
}

#[test]
fn variant_ids_find_their_product() {
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "shirt", "title": "Shirt", "price": 2500,
             "variants": [{"id": "shirt-m", "title": "M"}, {"id": "shirt-l", "title": "L", "price": 2700}]}]}"#,
    )
    .unwrap();
    assert_eq!(catalog.product("shirt-l").unwrap().id, "shirt");
    assert_eq!(
        catalog.product("shirt").unwrap().default_variant().unwrap().id,
        "shirt-m"
    );
}

#[test]
fn a_free_sample_variant_is_not_what_a_one_click_add_takes() {
    let catalog = Catalog::from_json(
        r#"{"version": 1, "currency": "EUR", "products": [
            {"id": "dripper", "title": "Dripper", "price": 2500},
            {"id": "filters", "title": "Filters", "price": 595,
             "variants": [{"id": "filters-sample", "title": "Sample", "price": 0},
                          {"id": "filters-100", "title": "100 pcs", "price": 595}]}],
          "complements": [{"from": "dripper", "to": "filters"}]}"#,
    )
    .unwrap();
    let filters = catalog.product("filters").unwrap();
    assert_eq!(filters.default_variant().unwrap().id, "filters-100");
    assert_eq!(filters.offer_price().minor(), 595);
    let cart = checkout_addons_engine::Cart::from_ids(&catalog, ["dripper"]);
    let date = checkout_addons_engine::Date::new(2026, 12, 8).unwrap();
    let picks = checkout_addons_engine::recommend(&catalog, &cart, date, &Default::default());
    assert_eq!(
        picks[0].product_id, "filters",
        "the filters stay the dripper's add-on"
    );
}

#[test]
fn every_text_field_is_held_to_the_length_limit() {
    let long = "x".repeat(checkout_addons_engine::LIMITS.max_text_chars + 1);
    let feed = format!(
        r#"{{"version": 1, "currency": "EUR", "products": [
            {{"id": "a", "title": "A", "price": 1, "tags": ["{long}"], "category": ["Shop", "{long}"],
              "variants": [{{"id": "a-1", "title": "{long}"}}]}}]}}"#
    );
    let paths: Vec<String> = errors(&feed).iter().map(ToString::to_string).collect();
    assert_eq!(paths.len(), 3, "{paths:?}");
    assert!(
        paths[0].starts_with("products[0].category[1] (product `a`): longer than"),
        "{paths:?}"
    );
    assert!(paths[1].starts_with("products[0].tags[0]"), "{paths:?}");
    assert!(paths[2].starts_with("products[0].variants[0].title"), "{paths:?}");
}

#[test]
fn larger_limits_are_for_tools_never_the_browser() {
    let feed = r#"{"version": 1, "currency": "EUR", "products": [
        {"id": "a", "title": "A", "price": 1}, {"id": "b", "title": "B", "price": 1}]}"#;
    let tight = checkout_addons_engine::Limits {
        max_products: 1,
        ..checkout_addons_engine::LIMITS
    };
    let refused = Catalog::from_json_with_limits(feed, &tight).unwrap_err().0;
    assert_eq!(refused, [FeedError::TooManyProducts { count: 2, limit: 1 }]);
    assert!(Catalog::from_json(feed).is_ok());
}

#[test]
fn a_feed_over_the_size_limit_is_refused_before_parsing() {
    let huge = " ".repeat(checkout_addons_engine::LIMITS.max_feed_bytes + 1);
    assert!(matches!(errors(&huge)[..], [FeedError::TooLarge { .. }]));
}

/// The demo shop's feed is what newcomers see first: it must be valid and believable.
#[test]
fn the_demo_feed_is_a_believable_general_store() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/feed.json");
    let text = std::fs::read_to_string(path).unwrap();
    let catalog = Catalog::from_json(&text).unwrap_or_else(|e| panic!("{path}:\n{e}"));
    let products = catalog.products();
    assert!(products.len() >= 40, "{} products", products.len());
    let top_level: std::collections::BTreeSet<_> =
        products.iter().filter_map(|p| p.category.first()).collect();
    assert!(top_level.len() >= 5, "categories: {top_level:?}");
    assert!(products.iter().filter(|p| p.impulse).count() >= 4);
    assert!(products.iter().any(|p| !p.seasons.is_empty()));
    assert!(products.iter().any(|p| p.restricted));
    assert!(!catalog.complements().is_empty() && !catalog.bundles().is_empty());
    for product in products {
        assert!(product.price.minor() > 0, "{} has no price", product.id);
        let image = product
            .image
            .strip_prefix('/')
            .unwrap_or_else(|| panic!("{} image is not local", product.id));
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../").to_owned() + image;
        assert!(
            std::path::Path::new(&file).is_file(),
            "{} has no image at {file}",
            product.id
        );
    }
}

/// A shop of a red cup and a red bag, with `links` (a top-level field) between them.
fn cup_and_bag(links: &str) -> String {
    format!(
        r#"{{"version": 1, "currency": "EUR", "products": [
          {{"id": "cup", "title": "Red cup", "price": 150}},
          {{"id": "bag", "title": "Red bag", "price": 250}}],
        {links}}}"#
    )
}

#[test]
fn title_links_name_a_similarity_out_of_range_and_a_missing_product() {
    let shop = |similar: &str| cup_and_bag(&format!(r#""similar": {similar}"#));
    assert_eq!(
        messages(&shop(r#"{"cup": [{"with": "bag", "similarity": 0}]}"#)),
        ["similar.cup[0].similarity (product `cup`): expected a number above 0, at most 1"]
    );
    assert_eq!(
        messages(&shop(
            r#"{"cup": [{"with": "ghost", "similarity": 0.4}], "gone": [{"with": "cup", "similarity": 0.5}]}"#
        )),
        [
            "similar.cup[0].with: `ghost` is not in the feed",
            "similar.gone: `gone` is not in the feed",
        ]
    );
}

#[test]
fn a_mined_strength_must_be_above_0_and_at_most_1() {
    let shop = |strength: &str| {
        cup_and_bag(&format!(
            r#""copurchase": {{"cup": [{{"with": "bag", "count": 3, "confidence": 0.5, "lift": 2, "strength": {strength}}}]}}"#
        ))
    };
    assert!(Catalog::from_json(&shop("0.25")).is_ok());
    for wrong in ["0", "1.5"] {
        assert_eq!(
            messages(&shop(wrong)),
            ["copurchase.cup[0].strength (product `cup`): expected a number above 0, at most 1"],
            "{wrong}"
        );
    }
    assert_eq!(
        messages(&shop(r#""strong""#)),
        ["copurchase.cup[0].strength (product `cup`): expected a number"]
    );
}

#[test]
fn bestsellers_must_be_product_ids_of_the_feed() {
    let shop = |bestsellers: &str| {
        format!(
            r#"{{"version": 1, "currency": "EUR", "products": [
              {{"id": "cup", "title": "Red cup", "price": 150,
                "variants": [{{"id": "cup-large", "price": 200}}]}}],
            "bestsellers": {bestsellers}}}"#
        )
    };
    assert!(Catalog::from_json(&shop(r#"["cup"]"#)).is_ok());
    assert_eq!(
        messages(&shop(r#"["cup", "ghost", "cup-large"]"#)),
        [
            "bestsellers[1]: `ghost` is not in the feed",
            "bestsellers[2]: `cup-large` is not in the feed",
        ],
        "a variant is not a product"
    );
    assert_eq!(
        messages(&shop(r#"["cup", 7]"#)),
        ["bestsellers[1]: expected a string"]
    );
}

#[test]
fn a_category_complement_must_name_a_category_some_product_starts_with() {
    let shop = |pairs: &str| {
        format!(
            r#"{{"version": 1, "currency": "EUR", "products": [
              {{"id": "grinder", "title": "Grinder", "price": 4500, "category": ["Coffee", "Grinders"]}},
              {{"id": "beans", "title": "Beans", "price": 900, "category": ["Coffee", "Beans", "Whole"]}}],
            "category_complements": {pairs}}}"#
        )
    };
    // A whole path and a shorter start of one are both fine.
    let fine = shop(
        r#"[{"from": ["Coffee", "Grinders"], "to": ["Coffee", "Beans"]}, {"from": ["Coffee"], "to": ["Coffee", "Beans", "Whole"]}]"#,
    );
    assert!(Catalog::from_json(&fine).is_ok());
    let text: Vec<String> = errors(&shop(
        r#"[{"from": ["Beans"], "to": ["Coffee", "Tea"]}, {"from": [], "to": ["Coffee", "Beans", "Whole", "Dark"]}]"#,
    ))
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        text,
        [
            // A later name alone is not a start, nor is a longer path, nor an empty one.
            "category_complements[0].from: `Beans` is not in the feed",
            "category_complements[0].to: `Coffee > Tea` is not in the feed",
            "category_complements[1].from: `` is not in the feed",
            "category_complements[1].to: `Coffee > Beans > Whole > Dark` is not in the feed",
        ]
    );
}
