//! The validated, indexed catalog ranking reads: a feed read ([`crate::feed_reader`]),
//! checked ([`crate::validation`]) and indexed ([`crate::index`]).

use rustc_hash::FxHashMap;

use crate::error::{FeedError, FeedErrors};
use crate::feed::{
    Bundle, CategoryComplement, CoPurchase, Complement, Limits, Product, Similar, Upgrade, LIMITS,
};
use crate::index::Indexes;
use crate::money::{Currency, Money};
use crate::segment::SegmentThresholds;
use crate::steps::in_steps;

/// A product's mined neighbours; a product listed twice in the feed keeps all of them.
#[derive(Clone, Debug, Default)]
struct Neighbours {
    copurchase: Vec<CoPurchase>,
    similar: Vec<Similar>,
}

/// A validated catalog, indexed for ranking.
#[derive(Clone, Debug)]
pub struct Catalog {
    currency: Currency,
    products: Vec<Product>,
    /// Product and variant ids, each to its product's position.
    positions: FxHashMap<String, usize>,
    complements: Vec<Complement>,
    category_complements: Vec<CategoryComplement>,
    upgrades: Vec<Upgrade>,
    bundles: Vec<Bundle>,
    /// Mined neighbours by product id. One map for both kinds: each map type is code on the
    /// checkout page.
    neighbours: FxHashMap<String, Neighbours>,
    indexes: Indexes,
    /// The orders the co-purchase statistics rest on (`mined.orders`), when the feed says.
    mined_orders: Option<u64>,
    /// The median offer price of the priced products: what counts as expensive here.
    typical_price: Money,
    /// The feed's `segments`, when it has them.
    segments: Option<SegmentThresholds>,
    /// Positions of the first [`BESTSELLER_SHORTLIST`] of the feed's `bestsellers`, best first.
    bestsellers: Vec<usize>,
}

/// The feed's `bestsellers` a catalog keeps, best first: enough to fill the places of any
/// widget (at most a handful) after what is in the cart and what the price rules keep out,
/// and a bound on the work per cart whatever a feed lists. A published manifest carries
/// exactly these.
pub const BESTSELLER_SHORTLIST: usize = 20;

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

/// A checked feed being indexed in steps, so the widget can spread a big feed over several
/// tasks (issue 16): the lookups ([`Indexes`]) in one, then (asked after each) each category
/// complement's candidates where they are scanned and each product's mined neighbours, then
/// the catalog. At 38,000 generated products, natively, these took 8, 13, 11 and 2 ms in one
/// task before.
pub(crate) struct IndexSteps {
    feed: crate::feed::Feed,
    checked: Option<crate::validation::Checked>,
    typical_price: Option<Money>,
    indexes: Option<Indexes>,
    neighbours: FxHashMap<String, Neighbours>,
    /// What is being listed after the lookups (0 category candidates, 1 `copurchase`, 2
    /// `similar`), and how many of its items are.
    list: u8,
    next: usize,
}

impl IndexSteps {
    /// `typical_price` is the shop's when the feed holds only part of it (a published folder's
    /// shards); otherwise the median of its products.
    pub(crate) fn new(
        feed: crate::feed::Feed,
        checked: crate::validation::Checked,
        typical_price: Option<Money>,
    ) -> IndexSteps {
        IndexSteps {
            feed,
            checked: Some(checked),
            typical_price,
            indexes: None,
            neighbours: FxHashMap::default(),
            list: 0,
            next: 0,
        }
    }

    /// Indexes on while `keep_going` says so; the catalog at the end, once.
    pub(crate) fn step(&mut self, keep_going: &mut dyn FnMut() -> bool) -> Option<Catalog> {
        let (currency, positions) = self.checked.take()?;
        let feed = &mut self.feed;
        if self.indexes.is_none() {
            self.indexes = Some(Indexes::new(feed, &positions));
            // Sized at once, as the check's index of ids: no step copies it whole.
            self.neighbours
                .reserve(feed.copurchase.len().max(feed.similar.len()));
            if !keep_going() {
                self.checked = Some((currency, positions));
                return None;
            }
        }
        let indexes = self.indexes.as_mut()?;
        // A source listed twice in the feed keeps all its neighbours.
        let neighbours = &mut self.neighbours;
        loop {
            let done = match self.list {
                0 => {
                    let mut listed = indexes.categories_listed();
                    let complements = feed.category_complements.len();
                    in_steps(&mut listed, complements, keep_going, &mut |_| {
                        indexes.scan_next_category(feed);
                    })
                }
                1 => in_steps(&mut self.next, feed.copurchase.len(), keep_going, &mut |i| {
                    let (source, list) = std::mem::take(&mut feed.copurchase[i]);
                    neighbours.entry(source).or_default().copurchase.extend(list);
                }),
                2 => in_steps(&mut self.next, feed.similar.len(), keep_going, &mut |i| {
                    let (source, list) = std::mem::take(&mut feed.similar[i]);
                    neighbours.entry(source).or_default().similar.extend(list);
                }),
                _ => break,
            };
            if !done {
                self.checked = Some((currency, positions));
                return None;
            }
            self.list += 1;
            self.next = 0;
        }
        let feed = std::mem::take(feed);
        let bestsellers = (feed.bestsellers.iter().take(BESTSELLER_SHORTLIST))
            .filter_map(|id| positions.get(id).copied())
            .collect();
        Some(Catalog {
            currency,
            typical_price: (self.typical_price).unwrap_or_else(|| median_price(&feed.products)),
            products: feed.products,
            positions,
            complements: feed.complements,
            category_complements: feed.category_complements,
            upgrades: feed.upgrades,
            bundles: feed.bundles,
            neighbours: std::mem::take(neighbours),
            indexes: self.indexes.take()?,
            mined_orders: feed.mined_orders.filter(|&orders| orders > 0),
            segments: feed.segments,
            bestsellers,
        })
    }
}

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
        let feed = crate::feed_reader::read(text)?;
        #[cfg(feature = "published")]
        if feed.published.is_some() {
            return Err(FeedErrors(vec![FeedError::Manifest]));
        }
        #[cfg(feature = "published")]
        if feed.category_candidates.is_some() {
            return Err(FeedErrors(vec![FeedError::Shard]));
        }
        Catalog::from_feed(feed, limits, None)
    }

    /// Validates and indexes `feed`. `typical_price` is the shop's when the feed holds only
    /// part of it (a published folder's shards); otherwise the median of its products.
    pub(crate) fn from_feed(
        feed: crate::feed::Feed,
        limits: &Limits,
        typical_price: Option<Money>,
    ) -> Result<Catalog, FeedErrors> {
        let checked = crate::validation::validate(&feed, limits)?;
        Ok(Catalog::from_checked(feed, checked, typical_price))
    }

    /// Indexes `feed`, which [`crate::validation::validate`] passed with `checked`.
    pub(crate) fn from_checked(
        feed: crate::feed::Feed,
        checked: crate::validation::Checked,
        typical_price: Option<Money>,
    ) -> Catalog {
        let mut steps = IndexSteps::new(feed, checked, typical_price);
        loop {
            if let Some(catalog) = steps.step(&mut || true) {
                return catalog;
            }
        }
    }

    /// The feed's `segments` as written (`None` when it has none: the defaults hold).
    pub fn segments(&self) -> Option<SegmentThresholds> {
        self.segments
    }

    /// Positions of the shop's best-sellers the bestseller lane reads, best first.
    pub fn bestsellers(&self) -> &[usize] {
        &self.bestsellers
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
        self.positions.get(id).copied()
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
        self.neighbours.get(product_id).map_or(&[], |n| &n.copurchase)
    }

    /// Products whose titles share words with a product, as mined.
    pub fn similar(&self, product_id: &str) -> &[Similar] {
        self.neighbours.get(product_id).map_or(&[], |n| &n.similar)
    }

    /// Positions of the products the shop names as complements of the product at `position`.
    pub(crate) fn complements_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.indexes.complements_of(position)
    }

    /// Positions of the upgrades of the product at `position`.
    pub(crate) fn upgrades_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.indexes.upgrades_of(position)
    }

    /// The bundles the product at `position` belongs to.
    pub(crate) fn bundles_with(&self, position: usize) -> impl Iterator<Item = &Bundle> + '_ {
        self.indexes.bundles_with(position).map(|b| &self.bundles[b])
    }

    /// Each category complement with its candidate positions.
    pub(crate) fn category_candidates(&self) -> impl Iterator<Item = (&CategoryComplement, &[u32])> + '_ {
        self.indexes.category_candidates(&self.category_complements)
    }

    /// The same catalog without what neither ranking nor a card reads (brand, tags, margin):
    /// what a published folder carries, since every checkout downloads its shards. Tags were a
    /// quarter of a real Shopify store's product JSON (shared/data/feeds, localboxes).
    #[cfg(feature = "publish")]
    pub fn without_unread_fields(mut self) -> Catalog {
        for product in &mut self.products {
            product.brand = String::new();
            product.tags = Vec::new();
            product.margin_percent = None;
        }
        self
    }

    /// The products a cart item in the `from` category of the `n`th category complement is
    /// offered, best first.
    #[cfg(feature = "publish")]
    pub(crate) fn category_candidates_of(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        (self.indexes.candidates_per_pair().get(n))
            .into_iter()
            .flatten()
            .map(|&i| i as usize)
    }

    /// Positions of the impulse products the impulse lane reads: at most
    /// [`crate::IMPULSE_SHORTLIST`], the cheapest price band first, up to the band of `cap`
    /// (some cost a little more: the caller still compares prices).
    pub(crate) fn impulse_up_to(&self, cap: Option<Money>) -> impl Iterator<Item = usize> + '_ {
        self.indexes.impulse_up_to(cap)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Indexing in steps may stop after the lookups, after each category complement's
    /// candidates where the catalog is scanned for them (the widget), and after each product's
    /// neighbours but the last of a list.
    #[test]
    fn indexing_in_steps_may_stop_after_any_category_and_any_neighbours() {
        let feed = crate::feed_reader::read(crate::steps::EVERY_LIST).unwrap();
        let checked = crate::validation::validate(&feed, &LIMITS).unwrap();
        let mut asked = 0;
        let catalog = IndexSteps::new(feed, checked, None).step(&mut || {
            asked += 1;
            true
        });
        assert!(catalog.is_some());
        let scanned = if cfg!(feature = "publish") { 0 } else { 1 };
        assert_eq!(asked, 1 + scanned + 2 + 1);
    }

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
}
