//! Lookups built once when a feed loads, so that ranking one cart touches only what relates
//! to that cart and never scans the catalog.

use rustc_hash::FxHashMap;

use crate::feed::{category_key, for_each_category_prefix, CategoryComplement, Feed, Product};
use crate::money::Money;

/// How many products of a target category compete for a category complement: the first ones
/// in feed order (shops order their feeds, so these are the ones they push, and ranking prefers
/// them in that order). Without a cap one cart could touch a whole category of thousands; 20
/// leave room for those filtered out (in the cart, sold out, out of season, too dear for the
/// item) and keep a published shard small: with 50, category candidates were 250 of a shard's
/// 347 products.
pub const CATEGORY_CANDIDATES: usize = 20;

/// Impulse products the impulse lane reads at most: the cheapest by price band (its cap is a
/// price), in feed order within a band. All of them score alike, so more would only cost time:
/// a shop that flags thousands made one cart 3.5 ms instead of 45 µs (generated 100,000
/// products, 3,000 by the till). A published manifest carries exactly these, so a folder
/// answers as the feed does.
pub const IMPULSE_SHORTLIST: usize = 200;

/// Price bands: band `b` holds prices below 2^b minor units. Bands rather than a sort by
/// price: a sort routine for them cost the checkout page 1.2 KB.
const PRICE_BANDS: usize = 64;

fn price_band(price: Money) -> usize {
    (u64::BITS - (price.minor().max(0) as u64).leading_zeros()) as usize
}

/// Every lookup ranking needs, by catalog position.
#[derive(Clone, Debug)]
pub(crate) struct Indexes {
    /// Complement targets by cart product.
    complements_from: BySource,
    /// Upgrade targets by cart product.
    upgrades_from: BySource,
    /// Bundles (their index) by member product.
    bundles_with: BySource,
    /// For each category complement, the candidates in its target category: the first
    /// [`CATEGORY_CANDIDATES`] in feed order.
    category_candidates: Vec<Vec<u32>>,
    /// Impulse products by price band, so the impulse lane reads only the bands at or below
    /// its price cap, and at most the [`IMPULSE_SHORTLIST`].
    impulse_by_price: BySource,
    /// Whether the feed prices its products ([`priced`]), for the category scans: once, not
    /// once per complement.
    priced: bool,
}

impl Indexes {
    /// Builds them for a valid feed, whose every id `positions` resolves; where the category
    /// candidates are scanned, the caller then calls [`Indexes::scan_next_category`] until
    /// [`Indexes::categories_listed`] is the number of category complements.
    pub(crate) fn new(feed: &Feed, positions: &FxHashMap<String, usize>) -> Indexes {
        let at = |id: &String| positions[id];
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
        // A published shard says which; its products are only part of the shop. (Without
        // folders there are no such lists, and the compiler leaves that code out.)
        #[cfg(feature = "published")]
        let explicit = feed.category_candidates.as_ref();
        #[cfg(not(feature = "published"))]
        let explicit: Option<&Vec<(usize, Vec<String>)>> = None;
        let category_candidates = match explicit {
            // One pass over the lists, in their order: a list per complement, whatever the
            // number of either.
            Some(lists) => {
                let mut per_pair = vec![Vec::new(); feed.category_complements.len()];
                for (of, ids) in lists {
                    if let Some(list) = per_pair.get_mut(*of) {
                        list.extend(ids.iter().filter_map(|id| positions.get(id)).map(|&i| i as u32));
                    }
                }
                per_pair
            }
            // Tools that read big catalogs take one pass; the widget keeps the scan, which
            // costs nothing to ship (the map would add 0.3 KB brotli) and is fast enough for a
            // browser's catalog. Both give the same lists (tested). The scan is left to the
            // caller, a complement at a time ([`Indexes::scan_next_category`]), so the widget
            // can spread it over tasks: at 38,000 generated products and 125 complements it
            // was 13 ms of the index's 22 ms, natively.
            None if cfg!(feature = "publish") => first_in_category(feed),
            None => Vec::with_capacity(feed.category_complements.len()),
        };
        let pairs: Vec<(usize, usize)> = (0..count)
            .filter(|&i| feed.products[i].impulse)
            .map(|i| (price_band(feed.products[i].offer_price()), i))
            .collect();
        let impulse_by_price = BySource::new(PRICE_BANDS, &pairs);
        Indexes {
            complements_from,
            upgrades_from,
            bundles_with,
            category_candidates,
            impulse_by_price,
            priced: priced(feed),
        }
    }

    /// How many category complements have their candidates listed.
    pub(crate) fn categories_listed(&self) -> usize {
        self.category_candidates.len()
    }

    /// Lists the candidates of the next category complement of `feed` by a scan of its catalog.
    pub(crate) fn scan_next_category(&mut self, feed: &Feed) {
        let n = self.category_candidates.len();
        if let Some(pair) = feed.category_complements.get(n) {
            self.category_candidates
                .push(scan_category(feed, &pair.to, self.priced));
        }
    }

    /// Positions of the products the shop names as complements of the product at `position`.
    pub(crate) fn complements_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.complements_from.of(position)
    }

    /// Positions of the upgrades of the product at `position`.
    pub(crate) fn upgrades_of(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.upgrades_from.of(position)
    }

    /// Numbers of the bundles the product at `position` belongs to.
    pub(crate) fn bundles_with(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.bundles_with.of(position)
    }

    /// The category complements, each with its candidate positions.
    /// The candidates of each category complement, in the feed's order of them.
    #[cfg(feature = "publish")]
    pub(crate) fn candidates_per_pair(&self) -> &[Vec<u32>] {
        &self.category_candidates
    }

    pub(crate) fn category_candidates<'a>(
        &'a self,
        pairs: &'a [CategoryComplement],
    ) -> impl Iterator<Item = (&'a CategoryComplement, &'a [u32])> + 'a {
        pairs
            .iter()
            .zip(self.category_candidates.iter().map(Vec::as_slice))
    }

    /// Positions of the impulse products the impulse lane reads: the [`IMPULSE_SHORTLIST`]
    /// (the cheapest price band first, in feed order within a band), up to the band of `cap`
    /// (some cost a little more: the caller still compares prices), or all of it without one.
    pub(crate) fn impulse_up_to(&self, cap: Option<Money>) -> impl Iterator<Item = usize> + '_ {
        let last = cap.map_or(PRICE_BANDS - 1, price_band);
        (0..=last)
            .flat_map(move |band| self.impulse_by_price.of(band))
            .take(IMPULSE_SHORTLIST)
    }
}

/// The first [`CATEGORY_CANDIDATES`] products (in catalog order) in the category `to` that
/// could ever be offered: a scan of the catalog. (Sold out or restricted ones would take the
/// places, and a category whose first twenty are sold out would offer nothing.)
fn scan_category(feed: &Feed, to: &[String], priced: bool) -> Vec<u32> {
    (0..feed.products.len() as u32)
        .filter(|&i| {
            offerable(&feed.products[i as usize], priced) && feed.products[i as usize].in_category(to)
        })
        .take(CATEGORY_CANDIDATES)
        .collect()
}

/// Whether a product passes the filters that never change with the cart or the day: sold,
/// not restricted, and in a feed that prices its products, no placeholder priced 0 ("price on
/// request"), as ranking's own filters say.
fn offerable(product: &Product, priced: bool) -> bool {
    product.is_available() && !product.restricted && (!priced || product.offer_price().minor() > 0)
}

/// Whether any product has a price (a feed mined from a history without prices has none).
fn priced(feed: &Feed) -> bool {
    feed.products.iter().any(|p| p.offer_price().minor() > 0)
}

/// For each category complement the list [`scan_category`] gives, in one pass over the products, each looking up the complements
/// whose `to` is one of its category's prefixes: scanning the catalog once per complement
/// took 30 s for a 500,000-product shop with 1,666 complements.
fn first_in_category(feed: &Feed) -> Vec<Vec<u32>> {
    let mut lists = vec![Vec::new(); feed.category_complements.len()];
    let mut by_to: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (n, pair) in feed.category_complements.iter().enumerate() {
        if !pair.to.is_empty() {
            by_to.entry(category_key(&pair.to)).or_default().push(n);
        }
    }
    if by_to.is_empty() {
        return lists;
    }
    let priced = priced(feed);
    for_each_category_prefix(&feed.products, |i, prefix| {
        if !offerable(&feed.products[i], priced) {
            return;
        }
        for &n in by_to.get(prefix).into_iter().flatten() {
            let list: &mut Vec<u32> = &mut lists[n];
            if list.len() < CATEGORY_CANDIDATES {
                list.push(i as u32);
            }
        }
    });
    lists
}

/// Items related to each catalog position, as an adjacency list in compressed form: one
/// offset per product and one entry per relation (4 bytes each, so a million relations stay
/// small). Built by counting, without a sort: linear time, feed order within a source, and no
/// sort routine in the shipped wasm.
#[derive(Clone, Debug, Default)]
pub(crate) struct BySource {
    /// `items[offsets[s]..offsets[s + 1]]` are the items of source `s`.
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl BySource {
    /// `pairs` are `(source, item)` catalog positions, every source below `sources`.
    pub(crate) fn new(sources: usize, pairs: &[(usize, usize)]) -> BySource {
        let mut offsets = vec![0u32; sources + 1];
        for &(source, _) in pairs {
            offsets[source + 1] += 1;
        }
        for s in 0..sources {
            offsets[s + 1] += offsets[s];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(source, item) in pairs {
            items[next[source] as usize] = item as u32;
            next[source] += 1;
        }
        BySource { offsets, items }
    }

    /// The items related to `source`, in the order the feed gave them.
    pub(crate) fn of(&self, source: usize) -> impl Iterator<Item = usize> + '_ {
        let range = match (self.offsets.get(source), self.offsets.get(source + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        };
        self.items[range].iter().map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cheaper_price_is_never_in_a_later_band() {
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
                    price_band(Money(price)) <= price_band(Money(cap)),
                    "{price} under {cap}"
                );
            }
        }
        assert!(price_band(Money(i64::MAX)) < PRICE_BANDS);
        assert_eq!(price_band(Money(-5)), 0);
    }

    #[test]
    fn category_candidates_are_the_first_products_of_the_to_category_in_catalog_order() {
        let products: Vec<String> = (0..130)
            .map(|i| {
                let shelf = ["Koffie", "Thee", "Koffie"][i % 3];
                format!(r#"{{"id": "p{i}", "title": "P", "price": 1, "category": ["Keuken", "{shelf}"]}}"#)
            })
            .chain([r#"{"id": "odd", "title": "P", "price": 1, "category": ["", "Thee"]}"#.to_owned()])
            .collect();
        let text = format!(
            r#"{{"version": 1, "currency": "EUR", "products": [{}], "category_complements": [
                {{"from": ["Keuken", "Thee"], "to": ["Keuken"]}},
                {{"from": ["Keuken"], "to": ["Keuken", "Thee"]}},
                {{"from": ["Keuken"], "to": ["Keuken", "Thee"]}},
                {{"from": ["Keuken"], "to": ["Tuin"]}},
                {{"from": ["Keuken"], "to": ["", "Thee"]}}]}}"#,
            products.join(",")
        );
        let feed = crate::feed_reader::read(&text).unwrap();
        let scanned: Vec<Vec<u32>> = (feed.category_complements.iter())
            .map(|pair| scan_category(&feed, &pair.to, priced(&feed)))
            .collect();
        assert_eq!(first_in_category(&feed), scanned);
        assert_eq!(scanned[0].len(), CATEGORY_CANDIDATES);
        assert_eq!(scanned[1][..3], [1, 4, 7]);
        assert!(scanned[3].is_empty());
        assert_eq!(
            scanned[4],
            [130],
            "an empty category name is a name like any other"
        );
    }

    #[test]
    fn finds_every_item_of_a_source_in_feed_order_and_nothing_else() {
        let index = BySource::new(8, &[(3, 9), (1, 4), (3, 2), (7, 1)]);
        assert_eq!(index.of(3).collect::<Vec<_>>(), [9, 2]);
        assert_eq!(index.of(1).collect::<Vec<_>>(), [4]);
        assert_eq!(index.of(2).count(), 0);
        assert_eq!(index.of(7).collect::<Vec<_>>(), [1]);
        assert_eq!(index.of(8).count(), 0, "past the end is empty, not a panic");
    }
}
