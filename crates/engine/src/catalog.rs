//! The catalog feed (format v1, documented in docs/feed.md) and its validation.
//!
//! The same structs are the wire format and the engine's model: one feed format, with importers
//! into it, so there is nothing to keep in sync.

use std::collections::HashMap;

use serde::Serialize;

use crate::feed_reader::Feed;

use crate::error::{FeedError, FeedErrors};
use crate::index::BySource;
use crate::money::{Currency, Money};

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
}

/// One product of the shop's catalog.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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
    pub url: String,
    /// The product image.
    pub image: String,
    /// Category path, most general first: `["Keuken", "Koffie"]`.
    pub category: Vec<String>,
    /// The brand, if any.
    pub brand: String,
    /// Free-form tags.
    pub tags: Vec<String>,
    /// Whether it can be bought now.
    pub availability: Availability,
    /// Units on hand, when the shop tracks them; 0 means sold out unless `continue_selling`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stock: Option<u32>,
    /// Keeps selling when out of stock (backorders).
    pub continue_selling: bool,
    /// Buyable variants; without any, the product id itself is added.
    pub variants: Vec<Variant>,
    /// Accessory, consumable, service, gift wrap.
    pub kinds: Vec<Kind>,
    /// Small, cheap and broadly useful: offered by the till whatever the cart holds.
    pub impulse: bool,
    /// Stock the shop wants gone.
    pub clearance: bool,
    /// Offered only inside one of these windows; empty means all year.
    pub seasons: Vec<SeasonWindow>,
    /// Age-restricted, high theft risk or legally limited: never recommended.
    pub restricted: bool,
    /// The shop's margin, in percent, when it wants to share it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub margin_percent: Option<u8>,
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

    /// The variant a one-click add uses: the cheapest available one, or none when the product
    /// has no variants.
    pub fn default_variant(&self) -> Option<&Variant> {
        self.variants
            .iter()
            .filter(|v| v.available)
            .min_by_key(|v| (v.price.unwrap_or(self.price), v.id.as_str()))
    }

    /// The price of the default variant, or of the product.
    pub fn offer_price(&self) -> Money {
        self.default_variant().and_then(|v| v.price).unwrap_or(self.price)
    }

    fn in_category(&self, prefix: &[String]) -> bool {
        !prefix.is_empty() && self.category.starts_with(prefix)
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
}

impl CoPurchase {
    /// The strength of this link for ranking: [`crate::evidence`].
    pub fn evidence(&self, orders: Option<u64>) -> f64 {
        crate::recommend::evidence(self.count, self.after, self.confidence, self.lift, orders)
    }
}

/// A validated catalog, indexed for ranking.
#[derive(Clone, Debug)]
pub struct Catalog {
    currency: Currency,
    products: Vec<Product>,
    /// Product and variant ids, each to its product's position.
    index: HashMap<String, usize>,
    complements: Vec<Complement>,
    category_complements: Vec<CategoryComplement>,
    upgrades: Vec<Upgrade>,
    bundles: Vec<Bundle>,
    copurchase: HashMap<String, Vec<CoPurchase>>,
    /// Complement targets by cart product.
    complements_from: BySource,
    /// Upgrade targets by cart product.
    upgrades_from: BySource,
    /// Bundles (their index) by member product.
    bundles_with: BySource,
    /// For each category complement, the candidates in its target category: the first
    /// [`CATEGORY_CANDIDATES`] in feed order.
    category_candidates: Vec<Vec<u32>>,
    /// Impulse products by price bucket (powers of two), so the impulse lane reads only the
    /// buckets at or below its price cap.
    impulse_by_price: BySource,
    /// The orders the co-purchase statistics rest on (`mined.orders`), when the feed says.
    mined_orders: Option<u64>,
    /// The median offer price of the priced products: what counts as expensive here.
    typical_price: Money,
}

/// The median offer price of the products priced above zero (zero when none is): the lower
/// middle one for an even count. The prices are read once; the median is then found by
/// bisecting on the price, counting the prices at or below each guess (a few dozen passes over
/// a list of numbers at feed load). Hand-written because the standard library's selection and
/// sorting routines would add kilobytes to the shipped wasm.
fn median_price(products: &[Product]) -> Money {
    let prices: Vec<i64> = products
        .iter()
        .map(|p| p.offer_price().minor())
        .filter(|&minor| minor > 0)
        .collect();
    let Some(&highest) = prices.iter().max() else {
        return Money(0);
    };
    // The smallest price with at least half the prices (rounded up) at or below it.
    let wanted = prices.len().div_ceil(2);
    let (mut low, mut high) = (1, highest);
    while low < high {
        let middle = low + (high - low) / 2;
        if prices.iter().filter(|&&p| p <= middle).count() >= wanted {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    Money(low)
}

/// How many products of a target category compete for a category complement: the first ones
/// in feed order (shops order their feeds, so these are the ones they push). Without a cap one
/// cart could touch a whole category of thousands.
pub const CATEGORY_CANDIDATES: usize = 50;

impl Catalog {
    /// Parses and validates a feed within the browser [`LIMITS`], reporting every error found.
    pub fn from_json(text: &str) -> Result<Catalog, FeedErrors> {
        Catalog::from_json_with_limits(text, &LIMITS)
    }

    /// The same with other limits: for tools and benchmarks that handle catalogs larger than a
    /// shopper's browser should. The widget always uses [`LIMITS`].
    pub fn from_json_with_limits(text: &str, limits: &Limits) -> Result<Catalog, FeedErrors> {
        if text.len() > limits.max_feed_bytes {
            return Err(FeedErrors(vec![FeedError::TooLarge {
                bytes: text.len(),
                limit: limits.max_feed_bytes,
            }]));
        }
        Catalog::from_feed(crate::feed_reader::read(text)?, limits)
    }

    fn from_feed(feed: Feed, limits: &Limits) -> Result<Catalog, FeedErrors> {
        let mut errors = Vec::new();
        if feed.version != FEED_VERSION {
            errors.push(FeedError::UnsupportedVersion { found: feed.version });
        }
        let currency = Currency::parse(&feed.currency);
        if currency.is_none() {
            errors.push(FeedError::InvalidCurrency {
                found: feed.currency.clone(),
            });
        }
        if feed.products.len() > limits.max_products {
            errors.push(FeedError::TooManyProducts {
                count: feed.products.len(),
                limit: limits.max_products,
            });
            return Err(FeedErrors(errors));
        }

        let mut index: HashMap<String, usize> = HashMap::new();
        for (i, product) in feed.products.iter().enumerate() {
            check_product(product, i, limits, &mut errors);
            let ids = std::iter::once((Field::Own("id"), &product.id))
                .chain((product.variants.iter().enumerate()).map(|(j, v)| (Field::Variant(j, "id"), &v.id)));
            for (field, id) in ids {
                if id.is_empty() {
                    continue;
                }
                match index.get(id.as_str()) {
                    Some(&first) => errors.push(FeedError::DuplicateId {
                        path: field.path(i),
                        id: id.clone(),
                        first: id_path_of(&feed.products, first, id),
                    }),
                    None => {
                        index.insert(id.clone(), i);
                    }
                }
            }
        }

        let is_product = |id: &str| index.get(id).is_some_and(|&i| feed.products[i].id == id);
        let mut reference = |path: String, id: &str, errors: &mut Vec<FeedError>| {
            if !is_product(id) {
                errors.push(FeedError::UnknownReference {
                    path,
                    reference: id.to_owned(),
                });
            }
        };
        for (i, pair) in feed.complements.iter().enumerate() {
            check_pair(
                &pair.from,
                &pair.to,
                &format!("complements[{i}]"),
                &mut reference,
                &mut errors,
            );
        }
        for (i, pair) in feed.upgrades.iter().enumerate() {
            check_pair(
                &pair.from,
                &pair.to,
                &format!("upgrades[{i}]"),
                &mut reference,
                &mut errors,
            );
        }
        for (i, pair) in feed.category_complements.iter().enumerate() {
            for (end, prefix) in [("from", &pair.from), ("to", &pair.to)] {
                if !feed.products.iter().any(|p| p.in_category(prefix)) {
                    errors.push(FeedError::UnknownReference {
                        path: format!("category_complements[{i}].{end}"),
                        reference: prefix.join(" > "),
                    });
                }
            }
        }
        for (i, bundle) in feed.bundles.iter().enumerate() {
            let path = format!("bundles[{i}]");
            if bundle.products.len() < 2 {
                errors.push(FeedError::BundleTooSmall {
                    path: path.clone(),
                    id: bundle.id.clone(),
                });
            }
            for (j, id) in bundle.products.iter().enumerate() {
                reference(format!("{path}.products[{j}]"), id, &mut errors);
            }
            if bundle.saving.minor() < 0 {
                errors.push(FeedError::NegativeAmount {
                    path: format!("{path}.saving"),
                    id: None,
                    amount: bundle.saving.minor(),
                });
            }
        }
        for (source, neighbours) in &feed.copurchase {
            let path = format!("copurchase.{source}");
            reference(path.clone(), source, &mut errors);
            for (j, neighbour) in neighbours.iter().enumerate() {
                reference(format!("{path}[{j}].with"), &neighbour.with, &mut errors);
            }
        }

        match (errors.is_empty(), currency) {
            (true, Some(currency)) => Ok(Catalog::indexed(currency, feed, index)),
            _ => Err(FeedErrors(errors)),
        }
    }

    /// Builds the lookups ranking needs; the feed is already valid, so every id resolves.
    fn indexed(currency: Currency, feed: Feed, index: HashMap<String, usize>) -> Catalog {
        let at = |id: &String| index[id];
        let count = feed.products.len();
        let pairs: Vec<(usize, usize)> = feed
            .complements
            .iter()
            .map(|c| (at(&c.from), at(&c.to)))
            .collect();
        let complements_from = BySource::new(count, &pairs);
        let pairs: Vec<(usize, usize)> = feed.upgrades.iter().map(|u| (at(&u.from), at(&u.to))).collect();
        let upgrades_from = BySource::new(count, &pairs);
        let pairs: Vec<(usize, usize)> = (feed.bundles.iter().enumerate())
            .flat_map(|(b, bundle)| bundle.products.iter().map(move |p| (p, b)))
            .map(|(p, b)| (at(p), b))
            .collect();
        let bundles_with = BySource::new(count, &pairs);
        let category_candidates = feed
            .category_complements
            .iter()
            .map(|pair| {
                (0..count as u32)
                    .filter(|&i| feed.products[i as usize].in_category(&pair.to))
                    .take(CATEGORY_CANDIDATES)
                    .collect()
            })
            .collect();
        let pairs: Vec<(usize, usize)> = (0..count)
            .filter(|&i| feed.products[i].impulse)
            .map(|i| (price_bucket(feed.products[i].offer_price()), i))
            .collect();
        let impulse_by_price = BySource::new(PRICE_BUCKETS, &pairs);
        // A source listed twice in the feed keeps all its neighbours.
        let mut copurchase: HashMap<String, Vec<CoPurchase>> = HashMap::new();
        for (source, neighbours) in feed.copurchase {
            copurchase.entry(source).or_default().extend(neighbours);
        }
        let typical_price = median_price(&feed.products);
        Catalog {
            currency,
            products: feed.products,
            index,
            complements: feed.complements,
            category_complements: feed.category_complements,
            upgrades: feed.upgrades,
            bundles: feed.bundles,
            copurchase,
            complements_from,
            upgrades_from,
            bundles_with,
            category_candidates,
            impulse_by_price,
            mined_orders: feed.mined_orders.filter(|&orders| orders > 0),
            typical_price,
        }
    }

    /// The orders the co-purchase statistics were counted over, when the feed records it.
    pub fn mined_orders(&self) -> Option<u64> {
        self.mined_orders
    }

    /// The median offer price of the products that have a price: the yardstick for what is
    /// a main item in this shop (a laptop among accessories) and what is not (everything in
    /// a shop of £2-£10 gifts).
    pub fn typical_price(&self) -> Money {
        self.typical_price
    }

    /// The currency every price is in.
    pub fn currency(&self) -> &Currency {
        &self.currency
    }

    /// All products, in feed order.
    pub fn products(&self) -> &[Product] {
        &self.products
    }

    /// The product with this product or variant id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.position(id).map(|i| &self.products[i])
    }

    pub(crate) fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Explicit complements.
    pub fn complements(&self) -> &[Complement] {
        &self.complements
    }

    /// Category-level complements.
    pub fn category_complements(&self) -> &[CategoryComplement] {
        &self.category_complements
    }

    /// Upgrades, for upsells.
    pub fn upgrades(&self) -> &[Upgrade] {
        &self.upgrades
    }

    /// Bundles with their savings.
    pub fn bundles(&self) -> &[Bundle] {
        &self.bundles
    }

    /// Co-purchase neighbours of a product, as mined.
    pub fn copurchase(&self, product_id: &str) -> &[CoPurchase] {
        self.copurchase.get(product_id).map_or(&[], Vec::as_slice)
    }

    /// Positions of the products the shop names as complements of the product at `position`.
    pub(crate) fn complements_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.complements_from.of(position)
    }

    /// Positions of the upgrades of the product at `position`.
    pub(crate) fn upgrades_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.upgrades_from.of(position)
    }

    /// The bundles the product at `position` belongs to.
    pub(crate) fn bundles_with(&self, position: usize) -> impl Iterator<Item = &Bundle> + '_ {
        self.bundles_with.of(position).map(|b| &self.bundles[b])
    }

    /// Each category complement with its candidate positions.
    pub(crate) fn category_candidates(&self) -> impl Iterator<Item = (&CategoryComplement, &[u32])> + '_ {
        self.category_complements
            .iter()
            .zip(self.category_candidates.iter().map(Vec::as_slice))
    }

    /// Positions of the impulse products that may cost at most `cap` (some cost a little more:
    /// buckets are coarse, so the caller still compares prices), or all of them without a cap.
    pub(crate) fn impulse_up_to(&self, cap: Option<Money>) -> impl Iterator<Item = usize> + '_ {
        let last = cap.map_or(PRICE_BUCKETS - 1, price_bucket);
        (0..=last).flat_map(move |bucket| self.impulse_by_price.of(bucket))
    }
}

/// Price buckets: bucket `b` holds prices below 2^b minor units.
const PRICE_BUCKETS: usize = 64;

fn price_bucket(price: Money) -> usize {
    (u64::BITS - (price.minor().max(0) as u64).leading_zeros()) as usize
}

/// A place inside one product. It becomes a JSON path only when an error is reported: a valid
/// feed of 100,000 products should not format a million paths nobody reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    /// `products[i].title`
    Own(&'static str),
    /// `products[i].category[j]`
    Item(&'static str, usize),
    /// `products[i].variants[j].id`
    Variant(usize, &'static str),
}

impl Field {
    /// Each text of a list field with its place.
    fn listed<'a>(list: &'static str, items: &'a [String]) -> impl Iterator<Item = (Field, &'a String)> {
        items
            .iter()
            .enumerate()
            .map(move |(j, text)| (Field::Item(list, j), text))
    }

    fn path(self, product: usize) -> String {
        match self {
            Field::Own(name) => format!("products[{product}].{name}"),
            Field::Item(list, j) => format!("products[{product}].{list}[{j}]"),
            Field::Variant(j, name) => format!("products[{product}].variants[{j}].{name}"),
        }
    }
}

fn check_product(product: &Product, position: usize, limits: &Limits, errors: &mut Vec<FeedError>) {
    let id = || Some(product.id.clone());
    for (field, value) in [("id", &product.id), ("title", &product.title)] {
        if value.trim().is_empty() {
            errors.push(FeedError::Empty {
                path: Field::Own(field).path(position),
                id: id(),
            });
        }
    }
    // Every text the feed can carry, so no field can smuggle a megabyte string past the limit.
    let own = [
        (Field::Own("id"), &product.id),
        (Field::Own("title"), &product.title),
        (Field::Own("url"), &product.url),
        (Field::Own("image"), &product.image),
        (Field::Own("brand"), &product.brand),
    ];
    let variants = product.variants.iter().enumerate().flat_map(|(j, v)| {
        [
            (Field::Variant(j, "id"), &v.id),
            (Field::Variant(j, "title"), &v.title),
        ]
    });
    let texts = own
        .into_iter()
        .chain(Field::listed("category", &product.category))
        .chain(Field::listed("tags", &product.tags))
        .chain(variants);
    for (field, value) in texts {
        // Bytes bound characters from above, so most texts never need counting.
        if value.len() > limits.max_text_chars && value.chars().count() > limits.max_text_chars {
            errors.push(FeedError::TooLong {
                path: field.path(position),
                id: id(),
                limit: limits.max_text_chars,
            });
        } else if matches!(field, Field::Own("url" | "image")) && !value.is_empty() && !is_safe_url(value) {
            errors.push(FeedError::UnsafeUrl {
                path: field.path(position),
                id: product.id.clone(),
                url: value.clone(),
            });
        }
    }
    let prices = [
        (Field::Own("price"), Some(product.price)),
        (Field::Own("compare_at_price"), product.compare_at_price),
    ]
    .into_iter()
    .chain((product.variants.iter().enumerate()).map(|(j, v)| (Field::Variant(j, "price"), v.price)));
    for (field, price) in prices {
        if let Some(amount) = price.map(Money::minor).filter(|&a| a < 0) {
            errors.push(FeedError::NegativeAmount {
                path: field.path(position),
                id: id(),
                amount,
            });
        }
    }
    for (j, window) in product.seasons.iter().enumerate() {
        for (end, month) in [("from", window.from), ("to", window.to)] {
            if !(1..=12).contains(&month) {
                errors.push(FeedError::InvalidMonth {
                    path: format!("{}.{end}", Field::Item("seasons", j).path(position)),
                    id: product.id.clone(),
                    month,
                });
            }
        }
    }
}

/// Where `id` was first defined: the product's own id or one of its variants'.
fn id_path_of(products: &[Product], position: usize, id: &str) -> String {
    let product = &products[position];
    let field = match product.variants.iter().position(|v| v.id == id) {
        Some(j) if product.id != id => Field::Variant(j, "id"),
        _ => Field::Own("id"),
    };
    field.path(position)
}

fn check_pair(
    from: &str,
    to: &str,
    path: &str,
    reference: &mut impl FnMut(String, &str, &mut Vec<FeedError>),
    errors: &mut Vec<FeedError>,
) {
    reference(format!("{path}.from"), from, errors);
    reference(format!("{path}.to"), to, errors);
    if from == to {
        errors.push(FeedError::SelfReference {
            path: path.to_owned(),
            id: from.to_owned(),
        });
    }
}

/// Links and images may only be http(s) URLs or paths on the shop's own site, so a feed cannot
/// smuggle `javascript:` or `data:` URLs onto a checkout page.
pub fn is_safe_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typical_price_is_the_median_of_the_priced_products() {
        let feed = |prices: &[i64]| {
            let products: Vec<String> = (prices.iter().enumerate())
                .map(|(i, p)| format!(r#"{{"id": "p{i}", "title": "P", "price": {p}}}"#))
                .collect();
            let text = format!(
                r#"{{"version": 1, "currency": "EUR", "products": [{}]}}"#,
                products.join(",")
            );
            Catalog::from_json(&text).unwrap().typical_price().minor()
        };
        assert_eq!(feed(&[500, 100, 300]), 300);
        assert_eq!(
            feed(&[400, 100, 300, 200]),
            200,
            "the lower middle of an even count"
        );
        assert_eq!(feed(&[0, 0, 0, 700]), 700, "unpriced products do not count");
        assert_eq!(feed(&[0]), 0);
        assert_eq!(feed(&[i64::MAX / 2, 1]), 1);
    }

    #[test]
    fn a_price_within_the_cap_is_in_a_bucket_the_impulse_lane_reads() {
        let edges = [
            0,
            1,
            2,
            3,
            127,
            128,
            129,
            255,
            256,
            499,
            500,
            512,
            100_000,
            i64::MAX,
        ];
        for cap in edges {
            for price in edges.iter().copied().filter(|&p| p <= cap) {
                assert!(
                    price_bucket(Money(price)) <= price_bucket(Money(cap)),
                    "{price} under {cap}"
                );
            }
        }
        assert!(price_bucket(Money(i64::MAX)) < PRICE_BUCKETS);
        assert_eq!(price_bucket(Money(-5)), 0);
    }
}
