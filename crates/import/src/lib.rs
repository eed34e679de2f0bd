//! Importers from shop platforms' catalogs into the v1 feed: Shopify's `/products.json` (and
//! Admin API product objects), and Google Merchant Center feeds (RSS, Atom and TSV).
//!
//! An importer never guesses quietly: every product and variant of the input is either in
//! the feed or listed in the [`ImportReport`] with its place and the reason.
//!
//! ```
//! let json = r#"{"products": [{"id": 1, "title": "Tea", "handle": "tea",
//!     "variants": [{"id": 11, "title": "Default Title", "price": "3.50", "available": true}]}]}"#;
//! let currency = checkout_addons_engine::Currency::parse("EUR").unwrap();
//! let imported = checkout_addons_import::shopify::import(json, currency).unwrap();
//! assert_eq!(imported.products[0].price.minor(), 350);
//! assert_eq!(imported.products[0].url, "/products/tea");
//! ```

pub mod merchant;
pub mod shopify;

use std::fmt;

use checkout_addons_engine::{Currency, Product, FEED_VERSION};
use serde::Serialize;

/// A catalog read from a platform, ready to write as a feed.
#[derive(Clone, Debug)]
pub struct Imported {
    /// The currency of every price.
    pub currency: Currency,
    /// The products, in input order.
    pub products: Vec<Product>,
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
}

impl Imported {
    /// The v1 feed, pretty-printed.
    pub fn to_feed_json(&self) -> String {
        let feed = Feed {
            version: FEED_VERSION,
            currency: self.currency.code(),
            products: &self.products,
        };
        serde_json::to_string_pretty(&feed).expect("a feed serialises")
    }
}
