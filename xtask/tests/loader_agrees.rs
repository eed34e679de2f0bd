//! The loader (and WooCommerce's history snippet) repeat facts of the engine's, and they stay
//! the engine's:
//! the currencies without a minor unit and with three minor digits (`Currency::minor_digits`,
//! or GA4 would get prices 100 or 1000 times off), and the feed size limit it stops a
//! download at.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)).unwrap()
}

/// The codes of the engine's match arm that ends in `=> digits`.
fn engine_codes(money: &str, digits: &str) -> BTreeSet<String> {
    let body = money
        .split("pub fn minor_digits")
        .nth(1)
        .expect("Currency::minor_digits");
    let arm = body
        .split(',')
        .map(str::trim)
        .find(|arm| arm.ends_with(&format!("=> {digits}")))
        .unwrap_or_else(|| panic!("an arm for {digits} digits"));
    arm.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The codes of the loader's `const name = '...'`.
fn loader_codes(loader: &str, name: &str) -> BTreeSet<String> {
    let list = loader
        .split(&format!("const {name} = '"))
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_else(|| panic!("the loader's {name}"));
    list.split_whitespace().map(str::to_owned).collect()
}

#[test]
fn the_loader_scales_ga4_prices_by_the_engines_minor_units() {
    let (money, loader) = (
        read("crates/engine/src/money.rs"),
        read("loader/checkout-addons.js"),
    );
    let none = engine_codes(&money, "0");
    assert!(none.contains("JPY") && none.len() > 10, "{none:?}");
    assert_eq!(loader_codes(&loader, "noMinorUnit"), none);
    let three = engine_codes(&money, "3");
    assert!(three.contains("KWD"), "{three:?}");
    assert_eq!(loader_codes(&loader, "threeMinorDigits"), three);
}

/// The codes of the PHP snippet's `in_array($currency, [...]) ? digits`.
fn php_codes(php: &str, digits: &str) -> BTreeSet<String> {
    let list = php
        .split("in_array($currency, [")
        .skip(1)
        .map(|rest| rest.split_once("], true)").expect("a closed list"))
        .find(|(_, after)| {
            after
                .trim_start()
                .trim_start_matches('?')
                .trim_start()
                .starts_with(digits)
        })
        .unwrap_or_else(|| panic!("the snippet's list for {digits} digits"))
        .0;
    list.split('\'').skip(1).step_by(2).map(str::to_owned).collect()
}

/// WooCommerce's history snippet (docs/woocommerce.md) writes order totals in the same minor
/// units, or a shopper's segment is placed by totals 100 times off.
#[test]
fn the_woocommerce_snippet_counts_totals_in_the_engines_minor_units() {
    let (money, docs) = (read("crates/engine/src/money.rs"), read("docs/woocommerce.md"));
    let php = docs.split("```php").nth(1).expect("the php snippet");
    assert_eq!(php_codes(php, "0"), engine_codes(&money, "0"));
    assert_eq!(php_codes(php, "3"), engine_codes(&money, "3"));
}

/// The loader stops a feed download at the engine's limit, so the two must agree.
#[test]
fn the_loader_stops_a_feed_download_at_the_engines_limit() {
    let feed = read("crates/engine/src/feed.rs");
    let engine = feed
        .split("max_feed_bytes: ")
        .nth(2)
        .and_then(|rest| rest.split(',').next())
        .expect("LIMITS.max_feed_bytes");
    let loader = read("loader/checkout-addons.js");
    let stops = loader
        .split("const maxFeedBytes = ")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .expect("the loader's maxFeedBytes");
    assert_eq!(engine.trim(), "20 * 1024 * 1024");
    assert_eq!(stops.trim(), engine.trim());
}
