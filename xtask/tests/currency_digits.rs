//! The loader turns the widget's prices into GA4's major units with its own lists of the
//! currencies without a minor unit and with three minor digits: they stay the engine's
//! (`Currency::minor_digits`), or GA4 would get prices 100 or 1000 times off.

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
