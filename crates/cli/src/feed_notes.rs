//! What `addons validate` says of a feed beyond its errors: relations the widget quietly
//! leaves alone (a bundle that saves nothing, an upgrade to a cheaper product), impulse items
//! the till never takes, and for a feed with errors, what an error's id most likely meant.
//! Notes never fail the run; each names its place.

use checkout_addons_engine::{Catalog, Config};

/// Notes on the relations and flags of a valid feed, each naming its place.
pub fn relation_notes(catalog: &Catalog) -> Vec<String> {
    let mut notes = Vec::new();
    let price = |id: &str| catalog.product(id).map(|p| p.offer_price());
    let mut bundle_ids = std::collections::HashSet::new();
    for (i, bundle) in catalog.bundles().iter().enumerate() {
        let place = format!("bundles[{i}] (`{}`)", bundle.id);
        if !bundle_ids.insert(bundle.id.as_str()) {
            notes.push(format!("{place}: its id is another bundle's too"));
        }
        let mut distinct: Vec<&str> = bundle.products.iter().map(String::as_str).collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 2 {
            notes.push(format!("{place}: holds one product only, so no add completes it"));
        }
        let total: i64 = bundle
            .products
            .iter()
            .filter_map(|id| price(id))
            .map(|p| p.minor())
            .sum();
        if bundle.saving.minor() == 0 {
            notes.push(format!("{place}: saves nothing, so it is never offered"));
        } else if bundle.saving.minor() >= total {
            notes.push(format!(
                "{place}: saves {} of a price of {} (minor units): no saving can be the whole price, so it is never offered",
                bundle.saving.minor(),
                total
            ));
        }
    }
    let upgrades: std::collections::HashSet<(&str, &str)> = (catalog.upgrades().iter())
        .map(|u| (u.from.as_str(), u.to.as_str()))
        .collect();
    for (i, upgrade) in catalog.upgrades().iter().enumerate() {
        let place = format!("upgrades[{i}] (`{}` to `{}`)", upgrade.from, upgrade.to);
        if let (Some(from), Some(to)) = (price(&upgrade.from), price(&upgrade.to)) {
            if to <= from {
                notes.push(format!(
                    "{place}: the upgrade costs {} against {} (minor units); a better version costs more, so it is never offered",
                    to.minor(),
                    from.minor()
                ));
            }
        }
        if upgrades.contains(&(upgrade.to.as_str(), upgrade.from.as_str())) {
            notes.push(format!("{place}: each is given as the other's upgrade"));
        }
    }
    let till = Config::default().impulse_cap(catalog.currency());
    for product in catalog.products().iter().filter(|p| p.impulse && !p.restricted) {
        if product.offer_price() > till {
            notes.push(format!(
                "product `{}`: an impulse item priced {}, above the till's {} (`impulse-max-price`, minor units): the till never takes it",
                product.id,
                product.offer_price().minor(),
                till.minor()
            ));
        }
    }
    notes
}

/// The fields a product may have, from the schema the docs publish (a test holds it to the
/// engine's reader).
fn product_fields() -> Vec<String> {
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../../docs/feed.schema.json")).unwrap_or_default();
    (schema["$defs"]["product"]["properties"].as_object())
        .map(|fields| fields.keys().cloned().collect())
        .unwrap_or_default()
}

/// A product's field that is a slip of a known one ("restriced"), which the reader ignores as
/// it ignores every field it does not know, and a safety flag given as `null` (read as not
/// given: not restricted, in stock): for a restricted product, either one offers it.
pub fn field_notes(text: &str) -> Vec<String> {
    let Ok(feed) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let known = product_fields();
    let mut notes = Vec::new();
    for (i, product) in items(&feed["products"]).iter().enumerate() {
        let Some(fields) = product.as_object() else {
            continue;
        };
        let place = format!("products[{i}] (`{}`)", product["id"].as_str().unwrap_or_default());
        for (name, value) in fields {
            if known.contains(name) {
                if value.is_null() && matches!(name.as_str(), "restricted" | "availability") {
                    notes.push(format!(
                        "{place}.{name} is null, read as not given ({})",
                        match name.as_str() {
                            "restricted" => "not restricted",
                            _ => "in stock",
                        }
                    ));
                }
                continue;
            }
            if let Some(meant) = known
                .iter()
                .find(|k| name.len() >= 4 && strsim::damerau_levenshtein(name, k) <= 2)
            {
                notes.push(format!(
                    "{place}: `{name}` is no field of a product and is ignored; `{meant}`?"
                ));
            }
        }
    }
    notes
}

/// The items of a JSON array, or none for anything else.
fn items(value: &serde_json::Value) -> &[serde_json::Value] {
    value.as_array().map(Vec::as_slice).unwrap_or_default()
}

/// For a feed with errors: relation ids that name a variant, or a product whose id has spaces
/// around it, where the errors say only that the id is not in the feed.
pub fn id_hints(text: &str) -> Vec<String> {
    let Ok(feed) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let products = items(&feed["products"]);
    let id_of = |value: &serde_json::Value| value["id"].as_str().map(str::to_owned);
    let product_ids: std::collections::HashSet<String> = products.iter().filter_map(id_of).collect();
    let mut variant_of = std::collections::HashMap::new();
    for product in products {
        for variant in items(&product["variants"]) {
            if let (Some(variant), Some(product)) = (id_of(variant), id_of(product)) {
                variant_of.insert(variant, product);
            }
        }
    }
    let padded: std::collections::HashMap<&str, &String> = (product_ids.iter())
        .filter(|id| id.trim() != id.as_str())
        .map(|id| (id.trim(), id))
        .collect();
    let mut hints = Vec::new();
    let mut hint = |place: String, id: &str| {
        if product_ids.contains(id) {
            return;
        }
        if let Some(product) = variant_of.get(id) {
            hints.push(format!(
                "{place}: `{id}` is a variant of `{product}`; relations name products"
            ));
        } else if let Some(product) = padded.get(id) {
            hints.push(format!(
                "{place}: `{id}` is the product {product:?}, whose id has spaces around it: write it without"
            ));
        }
    };
    for list in ["complements", "upgrades"] {
        for (i, relation) in items(&feed[list]).iter().enumerate() {
            for side in ["from", "to"] {
                if let Some(id) = relation[side].as_str() {
                    hint(format!("{list}[{i}].{side}"), id);
                }
            }
        }
    }
    for (i, bundle) in items(&feed["bundles"]).iter().enumerate() {
        for (j, id) in items(&bundle["products"]).iter().enumerate() {
            if let Some(id) = id.as_str() {
                hint(format!("bundles[{i}].products[{j}]"), id);
            }
        }
    }
    hints
}
