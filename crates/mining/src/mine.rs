//! From baskets to the feed's co-purchase statistics: product pairs, and category pairs where
//! the catalog has categories.

use std::collections::HashMap;

use checkout_addons_engine::{evidence, Catalog, CategoryComplement, CoPurchase};

use crate::baskets::{Basket, Items};
use crate::pairs::{PairCounts, PairStats};

/// Which pairs are worth writing into a feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    /// Pairs seen in fewer orders are noise: dropped.
    pub min_count: u32,
    /// Neighbours kept per product (and per category), strongest first.
    pub top: usize,
}

impl Default for Thresholds {
    /// Tuned with `addons evaluate` on the Groceries and bakery histories (docs/mining.md).
    fn default() -> Thresholds {
        Thresholds {
            min_count: 3,
            top: 10,
        }
    }
}

/// Counts products and categories bought together, one basket at a time.
#[derive(Default)]
pub struct Miner<'a> {
    catalog: Option<&'a Catalog>,
    products: PairCounts,
    categories: PairCounts,
    category_numbers: HashMap<Vec<String>, u32>,
    category_paths: Vec<Vec<String>>,
    /// The category number of each item number, once looked up.
    item_category: Vec<Option<Option<u32>>>,
    /// Line order within an order means nothing (an export sorted by SKU): write no `after`.
    unordered_lines: bool,
}

/// What mining produced, ready for a feed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mined {
    /// Orders counted.
    pub orders: u64,
    /// Distinct product pairs seen, before thresholds.
    pub pairs_seen: usize,
    /// Each product's strongest neighbours, products in order of first appearance.
    pub copurchase: Vec<(String, Vec<CoPurchase>)>,
    /// Each category's strongest neighbouring categories, with their statistics.
    pub category_complements: Vec<CategoryComplement>,
}

impl<'a> Miner<'a> {
    /// A miner for orders of `catalog`'s products (for category statistics), or of products
    /// known only from the orders.
    pub fn new(catalog: Option<&'a Catalog>) -> Miner<'a> {
        Miner {
            catalog,
            ..Miner::default()
        }
    }

    /// For exports whose lines within an order are sorted (by SKU, by name) rather than in the
    /// order they were added: the statistics then carry no `after`, and ranking counts every
    /// order that holds both.
    pub fn ignore_line_order(mut self) -> Miner<'a> {
        self.unordered_lines = true;
        self
    }

    /// Counts one basket.
    pub fn add(&mut self, basket: &Basket, items: &Items) {
        self.products.add(&basket.items);
        if self.catalog.is_some() {
            let categories: Vec<u32> = basket
                .items
                .iter()
                .filter_map(|&n| self.category_of(n, items))
                .collect();
            self.categories.add(&categories);
        }
    }

    /// The product pair counts so far.
    pub fn product_counts(&self) -> &PairCounts {
        &self.products
    }

    fn category_of(&mut self, n: u32, items: &Items) -> Option<u32> {
        let slot = n as usize;
        if self.item_category.len() <= slot {
            self.item_category.resize(slot + 1, None);
        }
        if let Some(known) = self.item_category[slot] {
            return known;
        }
        let path = self
            .catalog
            .and_then(|c| c.product(&items.get(n).id))
            .map(|p| p.category.clone())
            .filter(|path| !path.is_empty());
        let number = path.map(|path| {
            let next = self.category_paths.len() as u32;
            *self.category_numbers.entry(path.clone()).or_insert_with(|| {
                self.category_paths.push(path);
                next
            })
        });
        self.item_category[slot] = Some(number);
        number
    }

    /// The statistics to write: for each product in the catalog, its `top` strongest
    /// neighbours seen together at least `min_count` times, strongest first by the engine's
    /// own [`evidence`]; the same for categories.
    pub fn finish(&self, items: &Items, thresholds: Thresholds) -> Mined {
        let in_catalog = |n: u32| items.get(n).in_catalog;
        let mut by_item: Vec<Vec<(u32, PairStats)>> = vec![Vec::new(); items.len()];
        for stats in self.products.stats(thresholds.min_count) {
            if in_catalog(stats.a) && in_catalog(stats.b) {
                by_item[stats.a as usize].push((stats.b, stats));
                by_item[stats.b as usize].push((stats.a, stats));
            }
        }
        let copurchase = strongest(by_item, thresholds.top, !self.unordered_lines)
            .filter(|(_, neighbours)| !neighbours.is_empty())
            .map(|(n, neighbours)| {
                let neighbours = neighbours
                    .into_iter()
                    .map(|(with, confidence, stats)| CoPurchase {
                        with: items.get(with).id.clone(),
                        count: stats.count,
                        confidence: rounded(confidence, 4),
                        lift: rounded(stats.lift, 3),
                        after: (!self.unordered_lines).then(|| after(n, with, &stats)),
                    })
                    .collect();
                (items.get(n).id.clone(), neighbours)
            })
            .collect();

        let mut by_category: Vec<Vec<(u32, PairStats)>> = vec![Vec::new(); self.category_paths.len()];
        for stats in self.categories.stats(thresholds.min_count) {
            by_category[stats.a as usize].push((stats.b, stats));
            by_category[stats.b as usize].push((stats.a, stats));
        }
        let category_complements = strongest(by_category, thresholds.top, false)
            .flat_map(|(from, neighbours)| {
                neighbours
                    .into_iter()
                    .map(move |(to, confidence, stats)| CategoryComplement {
                        from: self.category_paths[from as usize].clone(),
                        to: self.category_paths[to as usize].clone(),
                        count: Some(stats.count),
                        confidence: Some(rounded(confidence, 4)),
                        lift: Some(rounded(stats.lift, 3)),
                    })
            })
            .collect();
        Mined {
            orders: self.products.orders(),
            pairs_seen: self.products.len(),
            copurchase,
            category_complements,
        }
    }
}

type Neighbours = Vec<(u32, f64, PairStats)>;

/// Orders of the pair in which `other` was added after `source`.
fn after(source: u32, other: u32, stats: &PairStats) -> u32 {
    if source == stats.a && other == stats.b {
        stats.a_first
    } else {
        stats.count - stats.a_first
    }
}

/// For each source, its `top` neighbours by the engine's evidence (ties by number, so runs
/// repeat), each with the confidence from the source's side. `directional` weighs what was
/// added after the source, as the engine does for products (category complements carry no
/// line order).
fn strongest(
    by_source: Vec<Vec<(u32, PairStats)>>,
    top: usize,
    directional: bool,
) -> impl Iterator<Item = (u32, Neighbours)> {
    by_source.into_iter().enumerate().map(move |(source, pairs)| {
        let source = source as u32;
        let mut neighbours: Neighbours = pairs
            .into_iter()
            .map(|(other, stats)| {
                let confidence = if stats.a == source {
                    stats.confidence_ab
                } else {
                    stats.confidence_ba
                };
                (other, confidence, stats)
            })
            .collect();
        let strength = |&(other, confidence, stats): &(u32, f64, PairStats)| {
            let after = directional.then(|| after(source, other, &stats));
            evidence(stats.count, after, confidence, stats.lift)
        };
        neighbours.sort_by(|x, y| strength(y).total_cmp(&strength(x)).then(x.0.cmp(&y.0)));
        neighbours.truncate(top);
        (source, neighbours)
    })
}

/// Feeds carry a few decimals, not a float's seventeen digits.
fn rounded(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}
