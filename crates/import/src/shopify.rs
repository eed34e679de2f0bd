//! Shopify products: the storefront's public `/products.json` and Admin API product objects.
//!
//! Both list products with variants whose prices are decimal strings ("3.00"). They differ in
//! stock: the storefront says `available` per variant; the Admin API gives
//! `inventory_quantity`, `inventory_management` and `inventory_policy` ("continue" sells on
//! when sold out), plus a `status` (only `active` products are for sale) and `published_at`
//! (null while the product is hidden from the online store). Variant ids are what
//! Shopify's cart adds, so they become the feed's variant ids.

use checkout_addons_engine::{is_safe_url, Availability, Currency, Money, Product, Variant};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::json_fields::{self, text};
use crate::{in_page, ImportError, ImportReport, Imported, Problem};

/// What may stand unencoded in a path segment: RFC 3986's unreserved characters.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Reads `/products.json` (`{"products": [...]}`), an Admin API answer (`{"products": [...]}`
/// or `{"product": {...}}`) or a bare array of products. Prices are in `currency`, which
/// Shopify's product JSON does not name.
pub fn import(json: &str, currency: Currency) -> Result<Imported, ImportError> {
    import_pages(&[("", json)], currency)
}

/// Shopify answers `/products.json` a page at a time (30 products unless `?limit=` asks for
/// up to 250, then `&page=2` and on; the Admin API 50): a catalog is the pages together.
/// A page is named (its file) in what is reported; a product on two pages is kept once (by
/// [`Imported::into_valid_feed`], as any id used twice).
const PAGE_SIZES: [usize; 3] = [30, 50, 250];

/// Reads several pages of products (each as [`import`] reads one), named for the report.
pub fn import_pages(pages: &[(&str, &str)], currency: Currency) -> Result<Imported, ImportError> {
    let mut report = ImportReport::default();
    let mut products: Vec<Product> = Vec::new();
    let mut full = true;
    for (n, (name, json)) in pages.iter().enumerate() {
        let named = |text: String| in_page(name, text);
        let list = products_in(json).map_err(|ImportError(why)| ImportError(named(why)))?;
        report.products_in += list.len();
        for (i, raw) in list.iter().enumerate() {
            let place = named(format!(
                "products[{i}] (id {})",
                text(raw.get("id")).unwrap_or_else(|| "?".into())
            ));
            match product(raw, &place, &currency, &mut report) {
                Ok(product) => {
                    report.variants_out += product.variants.len();
                    products.push(product);
                }
                Err(reason) => report.skipped.push(Problem { place, reason }),
            }
        }
        // Only while no page came back short: that one was the end (and a glob may put
        // `products-10` before `products-2`).
        full &= PAGE_SIZES.contains(&list.len());
        if n + 1 == pages.len() && full {
            report.notes.push(Problem {
                place: Some(name.to_string()).filter(|n| !n.is_empty()).unwrap_or("products".into()),
                reason: format!(
                    "exactly {} products, a whole page of Shopify's: the catalog may go on. Fetch the next pages too (`/products.json?limit=250&page=2`, ...) and import them together",
                    list.len()
                ),
            });
        }
    }
    report.products_out = products.len();
    Ok(Imported {
        currency,
        products,
        complements: Vec::new(),
        upgrades: Vec::new(),
        bestsellers: Vec::new(),
        report,
    })
}

/// The products a page lists.
fn products_in(json: &str) -> Result<Vec<Value>, ImportError> {
    match json_fields::document(json)? {
        Value::Array(list) => Ok(list),
        Value::Object(mut object) => match (object.remove("products"), object.remove("product")) {
            (Some(Value::Array(list)), _) => Ok(list),
            (_, Some(product @ Value::Object(_))) => Ok(vec![product]),
            _ => Err(ImportError(
                "no `products` array or `product` object at the top".into(),
            )),
        },
        _ => Err(ImportError("expected a JSON object or array of products".into())),
    }
}

/// A price written as text ("3.50"), exactly; `None` when there is none. A number is
/// refused: products.json and the Admin API write prices as text, and the storefront's `.js`
/// endpoints, which write numbers, count in cents (`350`), so no reading of it is safe.
fn price_of(value: Option<&Value>, currency: &Currency) -> Option<Result<Money, String>> {
    match value? {
        Value::Number(n) => Some(Err(format!(
            "`{n}` is a number: Shopify's products.json writes prices as text (\"3.00\"), its .js endpoints in cents; import products.json"
        ))),
        value => text(Some(value)).map(|price| Money::parse_decimal(&price, currency)),
    }
}

fn product(
    raw: &Value,
    place: &str,
    currency: &Currency,
    report: &mut ImportReport,
) -> Result<Product, String> {
    let id = text(raw.get("id")).ok_or("no id")?;
    let title = text(raw.get("title")).ok_or("no title")?;
    // Not for sale: a draft or archived product, or one not published to the online store
    // (the Admin API writes `published_at: null`; the storefront lists published ones only).
    let status = raw
        .get("status")
        .and_then(Value::as_str)
        .filter(|s| *s != "active");
    let unpublished = raw.get("published_at").is_some_and(Value::is_null);
    if status.is_some() || unpublished {
        let variants = raw.get("variants").and_then(Value::as_array).map_or(0, Vec::len);
        report.variants_in += variants;
        let why = match status {
            Some(status) => format!("status `{status}`"),
            None => "not published (`published_at` is null)".to_owned(),
        };
        return Err(format!("{why}: not for sale ({variants} variants left out)"));
    }
    let raw_variants = raw
        .get("variants")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    report.variants_in += raw_variants.len();
    let mut variants = Vec::new();
    let mut compare_at = Vec::new();
    let mut stock: Option<u32> = Some(0);
    let mut continue_selling = false;
    for (j, raw_variant) in raw_variants.iter().enumerate() {
        let variant_place = format!("{place}.variants[{j}]");
        let Some(variant_id) = text(raw_variant.get("id")) else {
            report.notes.push(Problem {
                place: variant_place,
                reason: "variant without id left out".into(),
            });
            continue;
        };
        let price = match price_of(raw_variant.get("price"), currency) {
            Some(Ok(price)) => price,
            found => {
                let reason = match found {
                    Some(Err(reason)) => format!("price {reason}"),
                    _ => "no price".to_owned(),
                };
                report.notes.push(Problem {
                    place: format!("{variant_place} (id {variant_id})"),
                    reason: format!("variant left out: {reason}"),
                });
                continue;
            }
        };
        if let Some(was) = price_of(raw_variant.get("compare_at_price"), currency) {
            match was {
                Ok(was) => compare_at.push((price, was)),
                Err(reason) => report.notes.push(Problem {
                    place: format!("{variant_place} (id {variant_id})"),
                    reason: format!("compare_at_price {reason}; not carried over"),
                }),
            }
        }
        let (available, tracked_quantity, sells_on) = stock_of(raw_variant);
        continue_selling |= sells_on;
        stock = match (stock, tracked_quantity) {
            (Some(total), Some(quantity)) => Some(total.saturating_add(quantity)),
            _ => None,
        };
        let title = text(raw_variant.get("title"))
            .filter(|t| t != "Default Title")
            .unwrap_or_default();
        variants.push(Variant {
            id: variant_id,
            title,
            price: Some(price),
            available,
            repurchase_days: None,
        });
    }
    if variants.is_empty() {
        return Err(if raw_variants.is_empty() {
            "no variants, so no price".into()
        } else {
            "no variant with a readable price".into()
        });
    }
    // The price a shopper sees: the cheapest variant they can buy, or the cheapest of all
    // when none can be bought.
    let buyable = variants.iter().any(|v| v.available);
    let cheapest = variants
        .iter()
        .filter(|v| v.available || !buyable)
        .filter_map(|v| v.price)
        .min()
        .expect("every variant kept has a price");
    if cheapest == Money(0) {
        report.notes.push(Problem {
            place: place.to_owned(),
            reason: "the price is 0: the widget never offers it (a placeholder, in a priced feed)".into(),
        });
    }
    let was = compare_at
        .iter()
        .filter(|(price, was)| *price == cheapest && was > price)
        .map(|(_, was)| *was)
        .max();
    let handle = text(raw.get("handle"));
    let image = image_of(raw);
    // A handle is one path segment: a `?`, `#`, `/` or space in it (shops write them) must not
    // cut or redirect the product's link.
    let mut url = handle
        .map(|h| format!("/products/{}", utf8_percent_encode(&h, PATH_SEGMENT)))
        .unwrap_or_default();
    if !url.is_empty() && !is_safe_url(&url) {
        url.clear();
    }
    let image = json_fields::image(image, place, report);
    let availability = if variants.iter().any(|v| v.available) {
        Availability::InStock
    } else {
        Availability::OutOfStock
    };
    Ok(Product {
        id,
        title,
        price: cheapest,
        compare_at_price: was,
        url,
        image,
        category: text(raw.get("product_type")).into_iter().collect(),
        brand: text(raw.get("vendor")).unwrap_or_default(),
        tags: tags_of(raw.get("tags")),
        availability,
        stock,
        continue_selling,
        variants,
        ..Product::default()
    })
}

/// Whether the variant can be bought, its quantity when Shopify tracks it, and whether it
/// sells on when sold out.
fn stock_of(variant: &Value) -> (bool, Option<u32>, bool) {
    if let Some(available) = variant.get("available").and_then(Value::as_bool) {
        return (available, None, false);
    }
    let tracked = variant.get("inventory_management").and_then(Value::as_str) == Some("shopify");
    let sells_on = variant.get("inventory_policy").and_then(Value::as_str) == Some("continue");
    let quantity = variant.get("inventory_quantity").and_then(Value::as_i64);
    match (tracked, quantity) {
        (true, Some(quantity)) => {
            let on_hand = u32::try_from(quantity.max(0)).unwrap_or(u32::MAX);
            (on_hand > 0 || sells_on, Some(on_hand), sells_on)
        }
        _ => (true, None, sells_on),
    }
}

fn image_of(raw: &Value) -> Option<String> {
    let first = raw
        .get("image")
        .filter(|i| i.is_object())
        .or_else(|| raw.get("images").and_then(|i| i.get(0)))?;
    text(first.get("src"))
}

/// Storefront JSON has a tag array; the Admin API a comma-separated string.
fn tags_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(tags)) => tags.iter().filter_map(|t| text(Some(t))).collect(),
        Some(Value::String(tags)) => tags
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    #[test]
    fn admin_stock_and_policy_decide_availability() {
        let json = r#"[{"id": 1, "title": "Cap", "status": "active", "tags": "Hats, Summer",
            "variants": [
              {"id": 11, "title": "Green", "price": "48.00", "inventory_management": "shopify",
               "inventory_policy": "deny", "inventory_quantity": 0},
              {"id": 12, "title": "Grey", "price": "44.00", "inventory_management": "shopify",
               "inventory_policy": "deny", "inventory_quantity": 3}]}]"#;
        let imported = import(json, eur()).unwrap();
        let cap = &imported.products[0];
        assert_eq!(cap.price, Money(4400));
        assert_eq!(
            import(&json.replace("\"44.00\"", "\"50.00\""), eur())
                .unwrap()
                .products[0]
                .price,
            Money(5000),
            "the cheaper variant is sold out, so the buyable one sets the price"
        );
        assert_eq!(
            (cap.variants[0].available, cap.variants[1].available),
            (false, true)
        );
        assert_eq!(cap.stock, Some(3));
        assert_eq!(cap.tags, ["Hats", "Summer"]);
    }

    #[test]
    fn drafts_and_unpriced_products_are_reported_not_written() {
        let json = r#"{"products": [
            {"id": 1, "title": "Draft", "status": "draft", "variants": [{"id": 11, "price": "1.00"}]},
            {"id": 2, "title": "Odd", "variants": [{"id": 21, "price": "one euro"}]},
            {"id": 3, "title": "Fine", "variants": [{"id": 31, "price": "2.5", "compare_at_price": "4.00"}, {"id": 32}]}]}"#;
        let imported = import(json, eur()).unwrap();
        let report = &imported.report;
        assert_eq!(
            (report.products_in, report.products_out, report.skipped.len()),
            (3, 1, 2)
        );
        assert_eq!(
            report.notes[1].to_string(),
            "products[2] (id 3).variants[1] (id 32): variant left out: no price"
        );
        assert_eq!(
            report.skipped[0].to_string(),
            "products[0] (id 1): status `draft`: not for sale (1 variants left out)"
        );
        assert_eq!(report.notes[0].to_string(), "products[1] (id 2).variants[0] (id 21): variant left out: price `one euro` is not a decimal amount");
        assert_eq!(imported.products[0].compare_at_price, Some(Money(400)));
    }

    #[test]
    fn a_price_written_as_a_number_is_refused_and_a_free_one_noted() {
        let json = r#"[{"id": 1, "title": "Tea", "variants": [{"id": 11, "price": 350}]},
            {"id": 2, "title": "Mag", "variants": [{"id": 21, "price": "0.00", "compare_at_price": 5}]}]"#;
        let imported = import(json, eur()).unwrap();
        let reasons: Vec<String> = (imported.report.skipped.iter())
            .chain(&imported.report.notes)
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            reasons,
            [
                "products[0] (id 1): no variant with a readable price",
                "products[0] (id 1).variants[0] (id 11): variant left out: price `350` is a number: Shopify's products.json writes prices as text (\"3.00\"), its .js endpoints in cents; import products.json",
                "products[1] (id 2).variants[0] (id 21): compare_at_price `5` is a number: Shopify's products.json writes prices as text (\"3.00\"), its .js endpoints in cents; import products.json; not carried over",
                "products[1] (id 2): the price is 0: the widget never offers it (a placeholder, in a priced feed)",
            ]
        );
        assert_eq!(imported.products[0].price, Money(0));
    }

    #[test]
    fn a_handle_is_one_segment_of_the_product_link_whatever_it_holds() {
        let json = r#"[{"id": 1, "title": "Mug", "handle": "mug-50%?colour=red#x/y z-é",
            "variants": [{"id": 11, "price": "8.00"}]},
            {"id": 2, "title": "Cup", "handle": "cup_1.2~b", "variants": [{"id": 21, "price": "6.00"}]}]"#;
        let imported = import(json, eur()).unwrap();
        let urls: Vec<&str> = imported.products.iter().map(|p| p.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/products/mug-50%25%3Fcolour%3Dred%23x%2Fy%20z-%C3%A9",
                "/products/cup_1.2~b"
            ]
        );
    }

    /// `n` products from id `from` on, as one page of `/products.json`.
    fn page(from: usize, n: usize) -> String {
        let products: Vec<String> = (from..from + n)
            .map(|id| {
                format!(
                    r#"{{"id": {id}, "title": "P{id}", "variants": [{{"id": 9{id:04}, "price": "2.00"}}]}}"#
                )
            })
            .collect();
        format!(r#"{{"products": [{}]}}"#, products.join(","))
    }

    #[test]
    fn pages_make_one_catalog_a_product_on_two_kept_once_and_a_full_last_page_noted() {
        let (first, second) = (page(1, 30), page(30, 5));
        let imported = import_pages(&[("p1.json", &first), ("p2.json", &second)], eur()).unwrap();
        assert!(imported.report.notes.is_empty(), "a last page of 5 is the end");
        let sorted_by_name = import_pages(&[("p10.json", &second), ("p2.json", &first)], eur()).unwrap();
        assert!(
            sorted_by_name.report.notes.is_empty(),
            "a short page anywhere is the end"
        );
        let (feed, report) = imported.into_valid_feed().unwrap();
        assert_eq!((report.products_in, report.products_out), (35, 34));
        assert!(
            report.skipped[0].reason.contains("already used"),
            "{}",
            report.skipped[0]
        );
        assert_eq!(
            checkout_addons_engine::Catalog::from_json(&feed)
                .unwrap()
                .products()
                .len(),
            34
        );

        // The storefront's default page, alone: there are likely more.
        let alone = import_pages(&[("p1.json", &first)], eur()).unwrap();
        assert_eq!(alone.report.products_out, 30);
        assert!(
            alone.report.notes[0]
                .to_string()
                .starts_with("p1.json: exactly 30 products, a whole page"),
            "{}",
            alone.report.notes[0]
        );
        // A page that fails names its file.
        let broken = import_pages(&[("p1.json", &first), ("p2.json", "{")], eur()).unwrap_err();
        assert!(broken.0.starts_with("p2.json: line 1"), "{}", broken.0);
    }
}
