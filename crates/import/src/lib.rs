//! Importers from shop platforms' catalogs into the v1 feed: Shopify's `/products.json` (and
//! Admin API product objects), WooCommerce's REST API products with the shop's cross-sells and
//! upsells, and Google Merchant Center feeds (RSS, Atom and TSV).
//!
//! An importer never guesses quietly: every product and variant of the input is either in
//! the feed or listed in the [`ImportReport`] with its place and the reason, and
//! [`Imported::into_valid_feed`] leaves out only the products the engine would reject.
//!
//! ```
//! let json = r#"{"products": [{"id": 1, "title": "Tea", "handle": "tea",
//!     "variants": [{"id": 11, "title": "Default Title", "price": "3.50", "available": true}]}]}"#;
//! let currency = checkout_addons_engine::Currency::parse("EUR").unwrap();
//! let imported = checkout_addons_import::shopify::import(json, currency).unwrap();
//! assert_eq!(imported.products[0].price.minor(), 350);
//! assert_eq!(imported.products[0].url, "/products/tea");
//! ```

mod json_fields;
pub mod merchant;
mod shop_links;
pub mod shopify;
pub mod shopify_bestsellers;
pub mod shopify_complementary;
pub mod woocommerce;
mod woocommerce_tax;

use std::fmt;

use checkout_addons_engine::{
    Catalog, Complement, Currency, Product, Upgrade, BESTSELLER_SHORTLIST, FEED_VERSION,
};
use serde::Serialize;

/// A catalog read from a platform, ready to write as a feed.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The currency of every price.
    pub currency: Currency,
    /// The products, in input order.
    pub products: Vec<Product>,
    /// The shop's own links from a product to what goes with it (WooCommerce's cross-sells).
    pub complements: Vec<Complement>,
    /// The shop's own links from a product to a better one (WooCommerce's upsells).
    pub upgrades: Vec<Upgrade>,
    /// The shop's best-selling products, best first (WooCommerce's `total_sales`).
    pub bestsellers: Vec<String>,
    /// What was read, and what could not be mapped.
    pub report: ImportReport,
}

/// Counts of what went in and out, and each thing that could not be mapped, with its place.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Products (Shopify) or items (Merchant Center) in the input.
    pub products_in: usize,
    /// Variants in the input (Shopify variants; Merchant Center items with an item group).
    pub variants_in: usize,
    /// Products written.
    pub products_out: usize,
    /// Variants written.
    pub variants_out: usize,
    /// The shop's own links written: complements and upgrades.
    pub links_out: (usize, usize),
    /// Products flagged by their tags: impulse items and restricted ones.
    pub tagged: (usize, usize),
    /// The shop's best-sellers written (WooCommerce's `total_sales`).
    pub bestsellers_out: usize,
    /// Whole products (or items) left out, with why.
    pub skipped: Vec<Problem>,
    /// Single variants left out, or values that could not be carried over.
    pub notes: Vec<Problem>,
}

/// One thing an importer could not map.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where in the input: `products[3] (id 123)` or `item 17 (line 40)`.
    pub place: String,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// A place in a page, named by its file when the import reads several (an empty name: one).
pub(crate) fn in_page(page: &str, text: String) -> String {
    match page.is_empty() {
        true => text,
        false => format!("{page}: {text}"),
    }
}

/// Why an input cannot be imported at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError(pub String);

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ImportError {}

#[derive(Serialize)]
struct Feed<'a> {
    version: u64,
    currency: &'a str,
    products: &'a [Product],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    complements: &'a [Complement],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    upgrades: &'a [Upgrade],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    bestsellers: &'a [String],
}

impl Imported {
    /// The shop's best-sellers, best first: the first [`BESTSELLER_SHORTLIST`] distinct of
    /// `ids` (a catalog keeps no more; a product listed twice takes one place).
    pub fn set_bestsellers(&mut self, ids: impl IntoIterator<Item = String>) {
        self.bestsellers.clear();
        for id in ids {
            if self.bestsellers.len() == BESTSELLER_SHORTLIST {
                break;
            }
            if !self.bestsellers.contains(&id) {
                self.bestsellers.push(id);
            }
        }
    }

    /// The v1 feed, pretty-printed.
    pub fn to_feed_json(&self) -> String {
        let feed = Feed {
            version: FEED_VERSION,
            currency: self.currency.code(),
            products: &self.products,
            complements: &self.complements,
            upgrades: &self.upgrades,
            bestsellers: &self.bestsellers,
        };
        serde_json::to_string_pretty(&feed).expect("a feed serialises")
    }

    /// The feed, after leaving out (and reporting) each product the engine would reject: a
    /// title over the length limit, an id used twice. One bad product never costs the rest.
    /// Fails only for what no product can fix, such as too many products.
    pub fn into_valid_feed(mut self) -> Result<(String, ImportReport), ImportError> {
        // Leaving a product out cannot make another one invalid, so a second round is clean;
        // the third is a safeguard.
        for _ in 0..3 {
            let text = self.to_feed_json();
            let errors = match Catalog::from_json(&text) {
                Ok(_) => {
                    self.report.links_out = (self.complements.len(), self.upgrades.len());
                    self.report.bestsellers_out = self.bestsellers.len();
                    return Ok((text, self.report));
                }
                Err(errors) => errors.0,
            };
            let mut bad: Vec<usize> = Vec::new();
            for error in &errors {
                let Some(position) = error.product_position() else {
                    return Err(ImportError(error.to_string()));
                };
                // One entry per product, whatever the number of its errors, so the report's
                // counts still add up.
                if bad.contains(&position) {
                    let last = self.report.skipped.last_mut().expect("pushed with the position");
                    last.reason = format!("{}; {error}", last.reason);
                    continue;
                }
                bad.push(position);
                self.report.skipped.push(Problem {
                    place: format!("product `{}`", self.products[position].id),
                    reason: error.to_string(),
                });
            }
            let mut position = 0;
            self.products.retain(|_| {
                position += 1;
                !bad.contains(&(position - 1))
            });
            self.report.products_out = self.products.len();
            self.report.variants_out = self.products.iter().map(|p| p.variants.len()).sum();
            self.drop_links_to_left_out();
        }
        Err(ImportError("the feed did not become valid".into()))
    }
}

impl Imported {
    /// Marks the products carrying the tag `impulse` (any case) as impulse items and those
    /// carrying `restricted` as restricted: a shop sets them in its own admin. A tag that no
    /// product carries is noted (a typo would otherwise flag nothing, silently).
    pub fn flag_tagged(&mut self, impulse: Option<&str>, restricted: Option<&str>) {
        let tagged = |product: &Product, tag: &str| {
            product
                .tags
                .iter()
                .any(|t| t.trim().eq_ignore_ascii_case(tag.trim()))
        };
        let mut counts = (0, 0);
        let cap = checkout_addons_engine::Config::default().impulse_cap(&self.currency);
        for product in &mut self.products {
            if impulse.is_some_and(|tag| tagged(product, tag)) {
                product.impulse = true;
                counts.0 += 1;
                // The till takes only cheap things: say where a tag meets a dear product.
                if product.price > cap {
                    self.report.notes.push(Problem {
                        place: format!("product `{}`", product.id),
                        reason: format!(
                            "tagged as an impulse item but priced {}, above the till's {} (`impulse_max_price`, in minor units): the till leaves it out unless the widget's settings raise that",
                            product.price.minor(),
                            cap.minor()
                        ),
                    });
                }
            }
            if restricted.is_some_and(|tag| tagged(product, tag)) {
                product.restricted = true;
                counts.1 += 1;
            }
        }
        for (tag, count, flag) in [
            (impulse, counts.0, "--impulse-tag"),
            (restricted, counts.1, "--restricted-tag"),
        ] {
            if let Some(tag) = tag.filter(|_| count == 0) {
                self.report.notes.push(Problem {
                    place: flag.to_owned(),
                    reason: format!("no product is tagged `{tag}`: nothing flagged"),
                });
            }
        }
        self.report.tagged = counts;
    }

    /// Marks the products whose titles name a gift card or a fee rather than goods
    /// ([`checkout_addons_engine::not_goods`]) as restricted, each noted with its title: a
    /// voucher is no add-on, and a protection plan in most orders would lead every cart. One
    /// the shop tagged as an impulse item ([`Imported::flag_tagged`] first) is the shop's
    /// call, kept on every import: offered.
    pub fn flag_not_goods(&mut self) {
        for product in self.products.iter_mut().filter(|p| !p.restricted && !p.impulse) {
            if let Some(kind) = checkout_addons_engine::not_goods(&product.title) {
                product.restricted = true;
                self.report.notes.push(Problem {
                    place: format!("product `{}`", product.id),
                    reason: format!(
                        "`{}` looks like {}, not an add-on: marked restricted (never offered); to offer it, tag it as an impulse item (--impulse-tag)",
                        product.title,
                        kind.described()
                    ),
                });
            }
        }
    }

    /// A link to or from a product just left out would name nothing: it goes too, noted.
    fn drop_links_to_left_out(&mut self) {
        let ids: std::collections::HashSet<&str> = self.products.iter().map(|p| p.id.as_str()).collect();
        let mut dropped = Vec::new();
        let mut keep = |from: &str, to: &str, kind: &str| {
            let kept = ids.contains(from) && ids.contains(to);
            if !kept {
                dropped.push(Problem {
                    place: format!("product `{from}`"),
                    reason: format!("its {kind} `{to}` left out with a product left out above"),
                });
            }
            kept
        };
        self.complements.retain(|c| keep(&c.from, &c.to, "complement"));
        self.upgrades.retain(|u| keep(&u.from, &u.to, "upgrade"));
        // The product itself is reported above.
        self.bestsellers.retain(|id| ids.contains(id.as_str()));
        self.report.notes.extend(dropped);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::Money;

    #[test]
    fn one_bad_product_is_left_out_and_reported_the_rest_is_written() {
        let json = format!(
            r#"{{"products": [
              {{"id": 1, "title": "Tea", "variants": [{{"id": 11, "price": "3.00"}}]}},
              {{"id": 2, "title": "{}", "variants": [{{"id": 21, "price": "3.00"}}]}},
              {{"id": 1, "title": "Tea again", "variants": [{{"id": 31, "price": "3.00"}}]}}]}}"#,
            "x".repeat(2_001)
        );
        let mut imported = shopify::import(&json, Currency::parse("EUR").unwrap()).unwrap();
        imported.bestsellers = vec!["2".into(), "1".into()];
        let (feed, report) = imported.into_valid_feed().unwrap();
        let catalog = Catalog::from_json(&feed).unwrap();
        assert_eq!(catalog.products().len(), 1);
        assert_eq!(catalog.products()[0].price, Money(300));
        let places: Vec<&str> = report.skipped.iter().map(|p| p.place.as_str()).collect();
        assert_eq!(places, ["product `2`", "product `1`"]);
        assert!(report.skipped[0].reason.contains("longer than 2000 characters"));
        assert!(report.skipped[1].reason.contains("already used"));
        assert_eq!(report.products_out, 1);
        // A best-seller left out goes from the list with it.
        let document: serde_json::Value = serde_json::from_str(&feed).unwrap();
        assert_eq!(document["bestsellers"], serde_json::json!(["1"]));
    }

    #[test]
    fn gift_cards_and_fees_are_imported_restricted_and_named() {
        let json = r#"{"products": [
          {"id": 1, "title": "Tea", "variants": [{"id": 11, "price": "3.00"}]},
          {"id": 2, "title": "Gift Card", "product_type": "Gift Card", "variants": [{"id": 21, "price": "25.00"}]},
          {"id": 3, "title": "Route Package Protection", "variants": [{"id": 31, "price": "1.95"}]},
          {"id": 4, "title": "Gift card holder", "variants": [{"id": 41, "price": "4.00"}]},
          {"id": 5, "title": "E-Gift Card", "tags": "till", "variants": [{"id": 51, "price": "10.00"}]}]}"#;
        let mut imported = shopify::import(json, Currency::parse("EUR").unwrap()).unwrap();
        imported.flag_tagged(Some("till"), None);
        imported.flag_not_goods();
        let restricted: Vec<&str> = (imported.products.iter())
            .filter(|p| p.restricted)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(restricted, ["2", "3"]);
        // (The e-gift card tagged for the till is the shop's call: offered, and no note of this.)
        let notes: Vec<String> = (imported.report.notes.iter())
            .map(ToString::to_string)
            .filter(|note| note.contains("looks like"))
            .collect();
        assert_eq!(notes.len(), 2);
        assert!(
            notes[0].starts_with("product `2`: `Gift Card` looks like a gift card or voucher"),
            "{notes:?}"
        );
        assert!(notes[1].contains("a fee or protection plan"), "{notes:?}");
    }
}
