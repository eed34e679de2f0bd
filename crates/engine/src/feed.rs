//! The catalog feed, format v1 (docs/feed.md), as plain data: what a feed says before it is
//! validated and indexed. The same structs are the wire format (serialised by the tools) and
//! the engine's model: one feed format, with importers into it, so there is nothing to keep in
//! sync.

use serde::Serialize;

use crate::money::Money;

/// The feed `version` this engine reads.
pub const FEED_VERSION: u64 = 1;

/// Hard limits that keep a hostile or broken feed from exhausting a shopper's browser.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Bytes of feed text.
    pub max_feed_bytes: usize,
    /// Products in one feed.
    pub max_products: usize,
    /// Characters in one title, URL or other text field.
    pub max_text_chars: usize,
}

/// The limits in force; docs/feed.md lists them for shop owners.
pub const LIMITS: Limits = Limits {
    max_feed_bytes: 20 * 1024 * 1024,
    max_products: 50_000,
    max_text_chars: 2_000,
};

/// Whether a product can be bought now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Availability {
    /// On the shelf.
    #[default]
    InStock,
    /// Gone; recommended only when the product "continues selling".
    OutOfStock,
    /// Orderable before it arrives.
    Preorder,
}

/// What sort of add-on a product is; a product may be several.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Goes with a main product (a phone case).
    Accessory,
    /// Used up and bought again (batteries, coffee beans).
    Consumable,
    /// Insurance, warranty, installation.
    Service,
    /// Gift wrapping.
    GiftWrap,
}

/// Months (1 to 12, inclusive) in which a seasonal product is offered. `from` after `to` wraps
/// over the new year: November to February is `{"from": 11, "to": 2}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SeasonWindow {
    /// First month of the window.
    pub from: u8,
    /// Last month of the window.
    pub to: u8,
}

impl SeasonWindow {
    /// Whether `month` falls in the window.
    pub fn contains(self, month: u8) -> bool {
        if self.from <= self.to {
            (self.from..=self.to).contains(&month)
        } else {
            month >= self.from || month <= self.to
        }
    }
}

/// One buyable variant of a product (a size, a colour); its id is what the cart adds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Variant {
    /// The id the shop's cart takes.
    pub id: String,
    /// Shown to the shopper ("Maat 42").
    pub title: String,
    /// Overrides the product's price when present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price: Option<Money>,
    /// Whether this variant can be bought now.
    pub available: bool,
    /// How many days one of this variant lasts, where it differs from the product's (a 12 kg
    /// bag next to the 2 kg one): buy-again reads it for a past order of this variant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repurchase_days: Option<u16>,
}

/// Written feeds leave out what the reader defaults to: a published shard carries hundreds
/// of products, mostly defaults.
fn is_false(flag: &bool) -> bool {
    !flag
}

impl Availability {
    fn is_default(&self) -> bool {
        *self == Availability::InStock
    }
}

/// One product of the shop's catalog. `Default` is a product with every optional field
/// unset, for tools that build one from another format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Product {
    /// Unique across products and variants.
    pub id: String,
    /// Shown on the card.
    pub title: String,
    /// In minor units of the feed currency.
    pub price: Money,
    /// The former price, shown struck through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compare_at_price: Option<Money>,
    /// The product page.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub url: String,
    /// The product image.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub image: String,
    /// Category path, most general first: `["Keuken", "Koffie"]`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<String>,
    /// The brand, if any.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub brand: String,
    /// Free-form tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Whether it can be bought now.
    #[serde(skip_serializing_if = "Availability::is_default")]
    pub availability: Availability,
    /// Units on hand, when the shop tracks them; 0 means sold out unless `continue_selling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock: Option<u32>,
    /// Keeps selling when out of stock (backorders).
    #[serde(skip_serializing_if = "is_false")]
    pub continue_selling: bool,
    /// Buyable variants; without any, the product id itself is added.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    /// Accessory, consumable, service, gift wrap.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// Small, cheap and broadly useful: offered by the till whatever the cart holds.
    #[serde(skip_serializing_if = "is_false")]
    pub impulse: bool,
    /// Stock the shop wants gone.
    #[serde(skip_serializing_if = "is_false")]
    pub clearance: bool,
    /// Offered only inside one of these windows; empty means all year.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub seasons: Vec<SeasonWindow>,
    /// Age-restricted, high theft risk or legally limited: never recommended.
    #[serde(skip_serializing_if = "is_false")]
    pub restricted: bool,
    /// The shop's margin, in percent, when it wants to share it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_percent: Option<u8>,
    /// A consumable's typical days until the same shopper buys it again: a shopper whose past
    /// orders hold it is offered it again once that time has (nearly) passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repurchase_days: Option<u16>,
}

impl Product {
    /// Whether a shopper can buy it now.
    pub fn is_available(&self) -> bool {
        let on_hand = match (self.availability, self.stock) {
            (Availability::OutOfStock, _) | (_, Some(0)) => self.continue_selling,
            _ => true,
        };
        on_hand && (self.variants.is_empty() || self.variants.iter().any(|v| v.available))
    }

    /// Whether it may be offered in `month` (1 to 12).
    pub fn in_season(&self, month: u8) -> bool {
        self.seasons.is_empty() || self.seasons.iter().any(|w| w.contains(month))
    }

    /// The most specific category, which diversity is judged on.
    pub fn leaf_category(&self) -> Option<&str> {
        self.category.last().map(String::as_str)
    }

    /// The variant a one-click add uses: the cheapest available one that costs something (a
    /// free sample of the filters is not what "add the filters" means, and priced 0 it kept
    /// the product from every card), or none when the product has no variants.
    pub fn default_variant(&self) -> Option<&Variant> {
        self.variants.iter().filter(|v| v.available).min_by_key(|v| {
            let price = v.price.unwrap_or(self.price);
            (price.minor() <= 0, price, v.id.as_str())
        })
    }

    /// The price of the variant with this id, else the product's own.
    pub fn price_of(&self, id: &str) -> Money {
        (self.variants.iter().find(|v| v.id == id))
            .and_then(|v| v.price)
            .unwrap_or(self.price)
    }

    /// How many days one bought as `id` lasts: the variant's own cycle, else the product's.
    pub fn repurchase_days_of(&self, id: &str) -> Option<u16> {
        (self.variants.iter().find(|v| v.id == id))
            .and_then(|v| v.repurchase_days)
            .or(self.repurchase_days)
    }

    /// How many days `quantity` bought as `id` last: its cycle times the quantity (0 without
    /// a cycle).
    pub fn lasts(&self, id: &str, quantity: u32) -> u64 {
        u64::from(self.repurchase_days_of(id).unwrap_or(0)) * u64::from(quantity)
    }

    /// The variant `id` names, while it is on sale: buying again repeats it (its price too).
    pub fn variant_on_sale(&self, id: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.id == id && v.available)
    }

    /// The unit price of buying `id` again: that variant's while it is on sale, else the
    /// offer's. The ranking (the free-shipping gap) and the card's price both read it.
    pub fn price_again(&self, id: &str) -> Money {
        (self.variant_on_sale(id)).map_or_else(|| self.offer_price(), |v| v.price.unwrap_or(self.price))
    }

    /// The price of the default variant, or of the product.
    pub fn offer_price(&self) -> Money {
        self.default_variant().and_then(|v| v.price).unwrap_or(self.price)
    }

    /// Whether its category path starts with `prefix` (never for an empty prefix).
    pub(crate) fn in_category(&self, prefix: &[String]) -> bool {
        !prefix.is_empty() && self.category.starts_with(prefix)
    }
}

/// A category path as one text: its names joined by a control character no name has. A map
/// keyed by text is already in the widget; one keyed by lists of texts would add to its size.
pub(crate) fn category_key(path: &[String]) -> String {
    path.join("\u{1f}")
}

/// Calls `visit` with each product's position and each non-empty prefix of its category path
/// as [`category_key`] writes it, shortest first: the one pass over a catalog that finds
/// which products a category complement names, where a scan of the products per complement
/// took 30 s at 500,000 products with 1,666 complements (the index's candidate lists).
pub(crate) fn for_each_category_prefix(products: &[Product], mut visit: impl FnMut(usize, &str)) {
    let mut prefix = String::new();
    for (i, product) in products.iter().enumerate() {
        prefix.clear();
        for (depth, name) in product.category.iter().enumerate() {
            if depth > 0 {
                prefix.push('\u{1f}');
            }
            prefix.push_str(name);
            visit(i, &prefix);
        }
    }
}

/// "Whoever buys `from` may want `to`": an explicit accessory or complement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Complement {
    /// The product in the cart.
    pub from: String,
    /// The product to offer.
    pub to: String,
}

/// A complement between whole categories, for products without relations of their own.
/// Written by hand it has no statistics; mined from order history it carries `count`,
/// `confidence` and `lift`, and then serves only cart products without co-purchase statistics
/// of their own (the cold start).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryComplement {
    /// Category path prefix of the cart product.
    pub from: Vec<String>,
    /// Category path prefix of the products to offer.
    pub to: Vec<String>,
    /// Orders holding both categories, when mined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Share of orders with `from` that also hold `to`, when mined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f64>,
    /// How much more often than chance, when mined.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lift: Option<f64>,
}

/// A better version of `from`, offered as a swap.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Upgrade {
    /// The product in the cart.
    pub from: String,
    /// The better one.
    pub to: String,
}

/// Products sold together for less.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bundle {
    /// The bundle's id.
    pub id: String,
    /// Its products; two or more.
    pub products: Vec<String>,
    /// What the shopper saves when the whole bundle is in the cart.
    pub saving: Money,
}

/// How often a product was bought together with `with`, as mined from the order history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CoPurchase {
    /// The neighbour product.
    pub with: String,
    /// Orders holding both.
    pub count: u32,
    /// Share of orders with this product that also hold `with`.
    pub confidence: f64,
    /// How much more often than chance they appear together.
    pub lift: f64,
    /// Of the `count` orders, those in which `with` was added after this product (its order
    /// line comes later), when the miner knew the line order. A cart grows in that order, so
    /// this is what the widget predicts: what shoppers add next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<u32>,
    /// The link's strength as `addons mine` measured it (above 0, at most 1): the asymmetric
    /// cosine over orders weighed by their size, which the counts above cannot give.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strength: Option<f64>,
}

impl CoPurchase {
    /// The strength of this link for ranking: the mined `strength`, else [`crate::evidence`]
    /// of the counts (a hand-made feed, or one mined before `strength`).
    pub fn evidence(&self, orders: Option<u64>) -> f64 {
        (self.strength).unwrap_or_else(|| {
            crate::evidence::evidence(self.count, self.after, self.confidence, self.lift, orders)
        })
    }
}

/// A product whose title shares words with this one, as mined from the shop's titles: mostly
/// a piece of the same series or theme (the lunch bag next to the jumbo bag, both "red
/// retrospot"), which shoppers of such shops buy together more often than their few shared
/// orders show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Similar {
    /// The neighbour product.
    pub with: String,
    /// How much the titles say, above 0 and at most 1: `addons mine` writes the share of words
    /// the two titles share (Jaccard), less for a product whose own orders are many.
    pub similarity: f64,
}

/// The feed as it is written.
#[derive(Clone, Default)]
pub(crate) struct Feed {
    pub version: u64,
    pub currency: String,
    pub products: Vec<Product>,
    pub complements: Vec<Complement>,
    pub category_complements: Vec<CategoryComplement>,
    pub upgrades: Vec<Upgrade>,
    pub bundles: Vec<Bundle>,
    /// In document order, so errors are reported in the order the shop wrote them.
    pub copurchase: Vec<(String, Vec<CoPurchase>)>,
    /// `similar`, in document order as `copurchase`.
    pub similar: Vec<(String, Vec<Similar>)>,
    /// `mined.orders`: the orders the co-purchase statistics were counted over.
    pub mined_orders: Option<u64>,
    /// `bestsellers`: the shop's best-selling products, best first.
    pub bestsellers: Vec<String>,
    /// `segments`: where the shop's customers fall into segments, when the feed says.
    pub segments: Option<crate::segment::SegmentThresholds>,
    /// `published`, in a published folder's manifest only (docs/feed.md).
    #[cfg_attr(not(feature = "published"), allow(dead_code))]
    pub published: Option<PublishedInfo>,
    /// `category_candidates`, in a published shard only: for each of the shard's category
    /// complements, in the same order, its position in the whole feed and the products a cart
    /// item in its `from` category is offered. Without it the engine picks them from the catalog.
    #[cfg_attr(not(feature = "published"), allow(dead_code))]
    pub category_candidates: Option<Vec<(usize, Vec<String>)>>,
    /// `bundle_positions`, in a published shard only: each bundle's position in the whole
    /// feed, so that bundles from several shards are put back in the feed's order.
    #[cfg_attr(not(feature = "published"), allow(dead_code))]
    pub bundle_positions: Vec<u64>,
}

/// A manifest's `published`: what holds for the whole shop although a cart loads only its
/// shards.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedInfo {
    /// The shop's typical (median) price, which the price rules measure against.
    pub typical_price: Money,
    /// How many shards; a product or variant id is in the one [`crate::shard_of`] names.
    pub shards: u64,
    /// The publication each shard was last written in, as runs `generation:count`
    /// (`"1:6250"`, or `"1:300,2:1,1:5949"` after a change to shard 300): shard `n` is the file
    /// `shards/{n}-{generation}.json`. A name changes only with its content, so shards can be
    /// cached for good, and the manifest stays small at any number of shards.
    pub generations: String,
}
