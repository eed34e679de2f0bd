//! WooCommerce products from its REST API: `/wp-json/wc/v3/products`, and for each variable
//! product `/wp-json/wc/v3/products/<id>/variations`, with the links the shop set by hand.
//!
//! A shop owner links products in WooCommerce's product editor (Linked Products): its
//! **cross-sells** are what the shop wants offered in the cart beside a product, so they become
//! the feed's `complements`; its **upsells** are products recommended instead, usually better
//! and dearer, so they become `upgrades` (offered as a swap). A catalog without them or mined
//! orders links nothing, and the widget would show nothing. `related_ids` are WooCommerce's
//! own pick of products sharing a category or tag, shuffled on every request, and are not used.
//!
//! Prices are decimal strings in the shop's currency, which the REST API does not name. Ids
//! are WooCommerce's post ids, products' and variations' alike, which is what the Store API
//! cart adds.

use std::collections::{BTreeMap, HashMap, HashSet};

use checkout_addons_engine::{is_safe_url, Availability, Currency, Money, Product, Variant};
use serde_json::Value;

use crate::json_fields::{self, text};
use crate::shop_links::ShopLink;
use crate::woocommerce_tax::tax_class;
pub use crate::woocommerce_tax::TaxRates;
use crate::{in_page, ImportError, ImportReport, Imported, Problem};

/// The REST API answers 10 items a page unless `?per_page=` asks for up to 100.
const PAGE_SIZES: [usize; 2] = [10, 100];

/// Reads pages of products and of variations, in any order and mixed (a variation names its
/// product by `parent_id`), each named for the report. Prices are in `currency`.
/// Prices have `tax` added where the shop enters them without it.
pub fn import_pages(
    pages: &[(&str, &str)],
    currency: Currency,
    tax: &TaxRates,
) -> Result<Imported, ImportError> {
    let mut report = ImportReport::default();
    let mut products: Vec<(String, &Value)> = Vec::new();
    let mut variations: HashMap<String, Vec<(String, &Value)>> = HashMap::new();
    let mut documents = Vec::new();
    for (name, json) in pages {
        let list = items_in(json).map_err(|ImportError(why)| ImportError(in_page(name, why)))?;
        documents.push((*name, list));
    }
    // The variations each product lists, by variation: the REST API's own variations answer
    // (`/products/<id>/variations`) names neither its type nor its product.
    let listed_by: HashMap<String, String> = (documents.iter())
        .flat_map(|(_, list)| list)
        .filter_map(|raw| Some((text(raw.get("id"))?, raw.get("variations")?.as_array()?)))
        .flat_map(|(parent, ids)| {
            ids.iter()
                .filter_map(move |v| Some((text(Some(v))?, parent.clone())))
        })
        .collect();
    let (mut full, mut page_size) = (true, 0);
    for (name, list) in &documents {
        let mut products_here = 0;
        for (i, raw) in list.iter().enumerate() {
            let id = text(raw.get("id")).unwrap_or_else(|| "?".into());
            let place = in_page(name, format!("[{i}] (id {id})"));
            let listed_in = listed_by.get(&id).cloned();
            if is_variation(raw, listed_in.is_some()) {
                report.variants_in += 1;
                match text(raw.get("parent_id")).filter(|p| p != "0").or(listed_in) {
                    Some(parent) => variations.entry(parent).or_default().push((place, raw)),
                    None => report.notes.push(Problem {
                        place,
                        reason: "a variation of no product read (none lists it, and it names none) left out: import its product's page too".into(),
                    }),
                }
            } else {
                products_here += 1;
                products.push((place, raw));
            }
        }
        if products_here > 0 {
            page_size = products_here;
            full &= PAGE_SIZES.contains(&products_here);
        }
    }
    if page_size > 0 && full {
        report.notes.push(Problem {
            place: "products".into(),
            reason: format!(
                "every page holds exactly {page_size} products, a whole page of WooCommerce's: the catalog may go on. Fetch the next pages too (`/wp-json/wc/v3/products?per_page=100&page=2`, ...) and import them together"
            ),
        });
    }
    report.products_in = products.len();

    let mut imported: Vec<Product> = Vec::new();
    let mut links: Vec<ShopLink> = Vec::new();
    // Units each product sold (`total_sales`: a number, or text in older versions).
    let mut sales: Vec<(u64, String)> = Vec::new();
    let mut parents_read = HashSet::new();
    let mut pricing = Pricing {
        currency: &currency,
        tax,
        untaxed: BTreeMap::new(),
    };
    for (place, raw) in &products {
        let id = text(raw.get("id"));
        let own = id
            .as_ref()
            .and_then(|id| variations.get(id))
            .map_or(&[][..], Vec::as_slice);
        if let Some(id) = &id {
            parents_read.insert(id.clone());
        }
        match product(raw, place, own, &mut pricing, &mut report) {
            Ok(product) => {
                for (field, word, upgrade) in [
                    ("cross_sell_ids", "cross-sell", false),
                    ("upsell_ids", "upsell", true),
                ] {
                    for to in raw.get(field).and_then(Value::as_array).into_iter().flatten() {
                        if let Some(to) = text(Some(to)) {
                            let (place, from) = (format!("product `{}`", product.id), product.id.clone());
                            links.push(ShopLink {
                                place,
                                from,
                                to,
                                word,
                                upgrade,
                            });
                        }
                    }
                }
                if let Some(sold) = text(raw.get("total_sales")).and_then(|t| t.parse::<u64>().ok()) {
                    sales.push((sold, product.id.clone()));
                }
                report.variants_out += product.variants.len();
                imported.push(product);
            }
            Err(reason) => report.skipped.push(Problem {
                place: place.clone(),
                reason,
            }),
        }
    }
    let mut orphans: Vec<&(String, &Value)> = (variations.iter())
        .filter(|(parent, _)| !parents_read.contains(*parent))
        .flat_map(|(_, list)| list)
        .collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));
    for (place, raw) in orphans {
        report.notes.push(Problem {
            place: place.clone(),
            reason: format!(
                "variation of product {}, which is not among the products read: left out",
                text(raw.get("parent_id")).unwrap_or_default()
            ),
        });
    }
    for (class, products) in &pricing.untaxed {
        report.notes.push(Problem {
            place: format!("tax class `{class}`"),
            reason: format!("no `--tax` rate for it: the prices of its {products} products and variations are taken as entered"),
        });
    }
    report.products_out = imported.len();
    let mut imported = Imported {
        currency,
        products: imported,
        complements: Vec::new(),
        upgrades: Vec::new(),
        bestsellers: Vec::new(),
        report,
    };
    imported.add_links(links);
    imported.set_bestsellers(by_units_sold(sales));
    Ok(imported)
}

/// Units sold below which a product's `total_sales` says nothing of what shoppers take: the
/// floor `addons mine` puts under orders (its `--min-count`).
const MIN_TOTAL_SALES: u64 = 3;

/// The products by the units each sold, best first (among equals, in the order read), those
/// that sold too few left out.
fn by_units_sold(mut sales: Vec<(u64, String)>) -> impl Iterator<Item = String> {
    sales.retain(|(sold, _)| *sold >= MIN_TOTAL_SALES);
    // Stable: equals keep the order the pages list them in.
    sales.sort_by_key(|(sold, _)| std::cmp::Reverse(*sold));
    sales.into_iter().map(|(_, id)| id)
}

/// The items a page lists: the REST API answers a JSON array; one object is one item.
fn items_in(json: &str) -> Result<Vec<Value>, ImportError> {
    match json_fields::document(json)? {
        Value::Array(list) => Ok(list),
        object @ Value::Object(_) if object.get("id").is_some() => Ok(vec![object]),
        // What the REST API answers a request it refuses (a wrong key, a wrong path).
        Value::Object(object) => Err(ImportError(match object.get("message").and_then(Value::as_str) {
            Some(message) => format!("an error from WooCommerce, not products: {message}"),
            None => "expected a JSON array of products or variations".into(),
        })),
        _ => Err(ImportError(
            "expected a JSON array of products or variations".into(),
        )),
    }
}

/// A variation, not a product: so typed, or (as the v3 variations answer gives them, with no
/// type) one that names its product, that a product lists, or whose attributes each hold one
/// `option` where a product's hold `options`.
fn is_variation(raw: &Value, listed: bool) -> bool {
    match raw.get("type").and_then(Value::as_str) {
        Some(kind) => kind == "variation",
        None => {
            raw.get("parent_id").is_some()
                || listed
                || (raw.get("attributes").and_then(Value::as_array))
                    .is_some_and(|list| list.iter().any(|a| a.get("option").is_some()))
        }
    }
}

/// The attributes a variable product varies by (`variation: true`), by id, or by name for a
/// product's own attribute (id 0).
fn varied_by(raw: &Value) -> Vec<(String, String)> {
    (raw.get("attributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten())
    .filter(|a| a.get("variation").and_then(Value::as_bool) == Some(true))
    .map(attribute_key)
    .collect()
}

fn attribute_key(attribute: &Value) -> (String, String) {
    let id = text(attribute.get("id")).unwrap_or_default();
    let name = text(attribute.get("name")).unwrap_or_default();
    (id, name.to_lowercase())
}

/// A name as a shopper reads it: WordPress stores some titles with HTML entities (`&amp;`).
fn name(value: Option<&Value>) -> Option<String> {
    text(value).map(|name| html_escape::decode_html_entities(&name).into_owned())
}

/// How entered prices become the prices a shopper sees.
struct Pricing<'a> {
    currency: &'a Currency,
    tax: &'a TaxRates,
    /// Taxed classes without a rate, with how many prices were taken as entered.
    untaxed: BTreeMap<String, usize>,
}

impl Pricing<'_> {
    /// What a product or variation costs and its former price: `price` is what the shop
    /// charges now, `regular_price` the price before a sale; both with the tax of `class`.
    fn prices(&mut self, raw: &Value, class: Option<&str>) -> Result<(Money, Option<Money>), String> {
        let read = |field: &str| text(raw.get(field)).map(|p| Money::parse_decimal(&p, self.currency));
        let price = read("price")
            .ok_or("no price")?
            .map_err(|e| format!("price {e}"))?;
        let was = read("regular_price")
            .and_then(Result::ok)
            .filter(|was| *was > price);
        let taxed = |amount: Money| self.tax.apply(amount, class);
        match (taxed(price), was.map(taxed).transpose()) {
            (Ok(price), Ok(was)) => Ok((price, was)),
            (Err(class), _) | (_, Err(class)) => {
                *self.untaxed.entry(class).or_default() += 1;
                Ok((price, was))
            }
        }
    }
}

/// Whether it can be bought, its stock when WooCommerce counts it, and whether it sells on
/// when sold out (backorders).
fn stock_of(raw: &Value) -> (bool, Option<u32>, bool) {
    let status = raw
        .get("stock_status")
        .and_then(Value::as_str)
        .unwrap_or("instock");
    let backorders = status == "onbackorder"
        || matches!(
            raw.get("backorders").and_then(Value::as_str),
            Some("yes" | "notify")
        );
    let counted = raw.get("manage_stock").and_then(Value::as_bool) == Some(true);
    let quantity = (raw.get("stock_quantity").and_then(Value::as_i64))
        .filter(|_| counted)
        .map(|q| u32::try_from(q.max(0)).unwrap_or(u32::MAX));
    (status != "outofstock", quantity, backorders)
}

fn product(
    raw: &Value,
    place: &str,
    own_variations: &[(String, &Value)],
    pricing: &mut Pricing,
    report: &mut ImportReport,
) -> Result<Product, String> {
    let id = text(raw.get("id")).ok_or("no id")?;
    let title = name(raw.get("name")).ok_or("no name")?;
    let own_class = tax_class(raw, None);
    let kind = raw.get("type").and_then(Value::as_str).unwrap_or("simple");
    let lose_variations = |report: &mut ImportReport, why: String| {
        report
            .notes
            .extend(own_variations.iter().map(|(place, _)| Problem {
                place: place.clone(),
                reason: format!("variation left out with its product: {why}"),
            }));
        Err(why)
    };
    match raw.get("status").and_then(Value::as_str) {
        Some("publish") | None => {}
        Some(status) => return lose_variations(report, format!("status `{status}`: not for sale")),
    }
    match kind {
        "external" => {
            return lose_variations(
                report,
                "an external product is bought on another site: no cart can add it".into(),
            )
        }
        "grouped" => {
            return lose_variations(
                report,
                "a grouped product has no price of its own: its products are imported by themselves".into(),
            )
        }
        _ => {}
    }
    if raw.get("purchasable").and_then(Value::as_bool) == Some(false) {
        return lose_variations(
            report,
            "not purchasable (WooCommerce sells no product without a price)".into(),
        );
    }
    let listed: Vec<String> = (raw
        .get("variations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten())
    .filter_map(|v| text(Some(v)))
    .collect();
    let variable = kind == "variable" || !listed.is_empty();
    if variable && own_variations.is_empty() {
        return Err(format!(
            "a variable product without its variations: fetch /wp-json/wc/v3/products/{id}/variations?per_page=100 and import it with the products"
        ));
    }

    let (mut variants, mut offers) = (Vec::new(), Vec::new());
    let (mut stock, mut continue_selling) = (Some(0u32), false);
    for (variant_place, variation) in own_variations {
        let variant_id = text(variation.get("id")).unwrap_or_default();
        let skip = |reason: String| Problem {
            place: variant_place.clone(),
            reason: format!("variation left out: {reason}"),
        };
        if let Some(status) = variation
            .get("status")
            .and_then(Value::as_str)
            .filter(|s| *s != "publish")
        {
            report
                .notes
                .push(skip(format!("status `{status}` (disabled in the shop)")));
            continue;
        }
        let options: Vec<String> = (variation
            .get("attributes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten())
        .map(|a| name(a.get("option")).unwrap_or_default())
        .collect();
        // "Any size": the Store API adds such a variation only with the shopper's choice,
        // which a one-press add cannot make. The REST API leaves such an attribute out of the
        // variation's list (or, in some versions, gives it an empty option).
        let has = |(id, name): &(String, String)| {
            (variation
                .get("attributes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten())
            .map(attribute_key)
            // By id where both have one (a global attribute), else by name.
            .any(|(own_id, own_name)| match (id.as_str(), own_id.as_str()) {
                ("" | "0", _) | (_, "" | "0") => own_name == *name,
                (id, own_id) => own_id == id,
            })
        };
        if options.iter().any(String::is_empty) || !varied_by(raw).iter().all(has) {
            report.notes.push(skip(
                "an attribute is \"any\": the cart cannot add it without the shopper's choice".into(),
            ));
            continue;
        }
        let class = tax_class(variation, own_class.as_deref());
        let (price, was) = match pricing.prices(variation, class.as_deref()) {
            Ok(prices) => prices,
            Err(reason) => {
                report.notes.push(skip(reason));
                continue;
            }
        };
        let (available, quantity, sells_on) = stock_of(variation);
        continue_selling |= sells_on;
        stock = stock.zip(quantity).map(|(total, q)| total.saturating_add(q));
        offers.push((price, was));
        variants.push(Variant {
            id: variant_id,
            title: options.join(", "),
            price: Some(price),
            available: available && variation.get("purchasable").and_then(Value::as_bool) != Some(false),
            repurchase_days: None,
        });
    }
    if variable && listed.len() > own_variations.len() {
        report.notes.push(Problem {
            place: place.to_owned(),
            reason: format!(
                "{} of its {} variations read: fetch the rest (/wp-json/wc/v3/products/{id}/variations?per_page=100&page=2, ...)",
                own_variations.len(),
                listed.len()
            ),
        });
    }
    let (price, compare_at_price, available) = if variable {
        if variants.is_empty() {
            return Err("no variation the cart can add".into());
        }
        // The price a shopper sees: the cheapest variation they can buy, or the cheapest of
        // all when none can be bought; its former price only when it was that variation's.
        let buyable = variants.iter().any(|v| v.available);
        let (price, was) = (variants.iter().zip(&offers))
            .filter(|(v, _)| v.available || !buyable)
            .map(|(_, offer)| *offer)
            .min_by_key(|(price, was)| (*price, std::cmp::Reverse(*was)))
            .expect("a variant is kept only with its price");
        (price, was, buyable)
    } else {
        let (price, was) = pricing.prices(raw, own_class.as_deref())?;
        let (available, quantity, sells_on) = stock_of(raw);
        stock = quantity;
        continue_selling = sells_on;
        (price, was, available)
    };
    if price == Money(0) {
        report.notes.push(Problem {
            place: place.to_owned(),
            reason: "the price is 0: the widget never offers it (a placeholder, in a priced feed)".into(),
        });
    }
    let url = text(raw.get("permalink"))
        .filter(|u| is_safe_url(u))
        .unwrap_or_default();
    let src = raw
        .get("images")
        .and_then(|i| i.get(0))
        .and_then(|i| text(i.get("src")));
    let image = json_fields::image(src, place, report);
    let names = |field: &str| -> Vec<String> {
        (raw.get(field).and_then(Value::as_array).into_iter().flatten())
            .filter_map(|term| name(term.get("name")))
            .collect()
    };
    Ok(Product {
        id,
        title,
        price,
        compare_at_price,
        url,
        image,
        // WooCommerce lists a product's categories without their parents: the first one.
        category: names("categories").into_iter().take(1).collect(),
        brand: names("brands").into_iter().next().unwrap_or_default(),
        tags: names("tags"),
        availability: if available {
            Availability::InStock
        } else {
            Availability::OutOfStock
        },
        stock,
        continue_selling,
        variants,
        ..Product::default()
    })
}
