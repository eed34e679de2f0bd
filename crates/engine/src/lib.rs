//! The brain of checkout-addons: the catalog feed model, its validation, and the ranking that
//! picks the two or three add-ons that fit a shopper's cart.
//!
//! Nothing here knows about the browser. The widget, the `addons` command-line tool and the
//! benchmarks all call [`recommend`], so what a shop owner tests on the command line is what
//! shoppers see.
//!
//! ```
//! use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date};
//!
//! let catalog = Catalog::from_json(r#"{
//!   "version": 1, "currency": "EUR",
//!   "products": [
//!     {"id": "shoes", "title": "Suede shoes", "price": 12000, "category": ["Shoes"]},
//!     {"id": "brush", "title": "Suede brush", "price": 700, "category": ["Shoe care"]}
//!   ],
//!   "complements": [{"from": "shoes", "to": "brush"}]
//! }"#).unwrap();
//! let cart = Cart::from_ids(&catalog, ["shoes"]);
//! let picks = recommend(&catalog, &cart, Date::new(2026, 11, 23).unwrap(), &Config::default());
//! assert_eq!(picks[0].product_id, "brush");
//! ```

mod cart;
mod cart_line;
mod catalog;
mod config;
mod date;
mod error;
mod evidence;
mod feed;
mod feed_reader;
mod history;
mod index;
mod json;
mod money;
mod not_goods;
#[cfg(feature = "publish")]
mod publish;
#[cfg(feature = "published")]
mod published;
mod recommend;
mod reorder;
mod segment;
mod steps;
mod validation;

pub use cart::Cart;
pub use cart_line::{CartError, CartLine};
pub use catalog::{Catalog, BESTSELLER_SHORTLIST};
pub use config::Config;
pub use date::Date;
pub use error::{FeedError, FeedErrors};
pub use evidence::{asymmetric_cosine, evidence};
pub use feed::{
    Availability, Bundle, CategoryComplement, CoPurchase, Complement, Kind, Limits, Product, PublishedInfo,
    SeasonWindow, Similar, Upgrade, Variant, FEED_VERSION, LIMITS,
};
pub use history::{History, PastOrder, MAX_PASSED_ORDERS, MAX_PAST_LINES, MAX_PAST_ORDERS, RECENT_PRODUCTS};
pub use index::{CATEGORY_CANDIDATES, IMPULSE_SHORTLIST};
#[cfg(feature = "publish")]
pub use json::repeated_names;
pub use money::{Currency, Money};
pub use not_goods::{not_goods, NotGoods};
#[cfg(feature = "publish")]
pub use publish::{generation_runs, publish, ManifestDocument, Publication, ShardDocument, SHARD_LAYOUT};
#[cfg(feature = "published")]
pub use published::{fnv1a, shard_file, shard_of, FeedOrFolder, FeedReading, Manifest, Shard};
pub use recommend::{free_shipping_gap, recommend, Reason, Recommendation, MAIN_ITEM_MULTIPLE, TITLE_WEIGHT};
pub use reorder::{recommend_with_reorder, reorder, REORDER_MIN_LINES};
pub use segment::{Segment, SegmentThresholds};
pub use validation::is_safe_url;
