//! From baskets to the feed's co-purchase statistics: product pairs, and category pairs where
//! the catalog has categories.

use std::cmp::Ordering;
use std::collections::HashMap;

use checkout_addons_engine::{
    asymmetric_cosine, evidence, Catalog, CategoryComplement, CoPurchase, Similar, BESTSELLER_SHORTLIST,
};

use crate::baskets::{Basket, Items};
use crate::line_order::{self, LineOrder};
use crate::pairs::{PairCounts, PairStats};
use crate::probes::{self, LatestOrders};
use crate::similar_titles::{self, TitleCheck};

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
    /// Orders too large to pair.
    large_orders: u64,
    /// Orders [`Miner::finish`] takes out of the counts for a moment, to check choices on
    /// (line order, title links): the latest.
    probes: LatestOrders,
    /// Per item, whether the widget may offer it ([`Miner::offered_items`]): decided once, as
    /// [`Miner::finish`] begins, for every list it writes.
    offered: Vec<bool>,
}

/// Products in one order beyond which its pairs are not counted.
pub const MAX_PAIRED_ITEMS: usize = 500;

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
    /// Whether category statistics were computed (the catalog has categories): only then do
    /// they replace earlier mined ones in a feed.
    pub categories_mined: bool,
    /// Orders of more than [`MAX_PAIRED_ITEMS`] products, counted without their pairs.
    pub large_orders: u64,
    /// Whether `after` was written, and why; `None` for sources without line order.
    pub line_order: Option<LineOrder>,
    /// Each product's products with the most similar titles, where the check passed (else
    /// none), products in order of first appearance.
    pub similar: Vec<(String, Vec<Similar>)>,
    /// What the held-back orders said of title links; `None` where not checked.
    pub titles: Option<TitleCheck>,
    /// The catalog's products in the most orders, best first: what fills the places a cart's
    /// own evidence leaves.
    pub bestsellers: Vec<String>,
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

    /// Counts one basket. A basket of more than [`MAX_PAIRED_ITEMS`] products (a wholesale
    /// order, a data error) counts as an order of those products but adds no pairs: it says
    /// little about what goes together and would cost memory by the square of its size.
    pub fn add(&mut self, basket: &Basket, items: &Items) {
        if basket.items.len() > MAX_PAIRED_ITEMS {
            self.products.add_items(&basket.items);
            self.large_orders += 1;
        } else {
            self.products.add(&basket.items);
            self.probes.offer(basket);
        }
        if self.catalog.is_some() {
            let mut categories: Vec<u32> = Vec::new();
            for &n in &basket.items {
                if let Some(category) = self.category_of(n, items) {
                    if !categories.contains(&category) {
                        categories.push(category);
                    }
                }
            }
            if categories.len() > MAX_PAIRED_ITEMS {
                self.categories.add_items(&categories);
            } else {
                self.categories.add(&categories);
            }
        }
    }

    /// The product pair counts so far.
    pub fn product_counts(&self) -> &PairCounts {
        &self.products
    }

    /// Whether line order predicts the held-back probes better than plain co-occurrence.
    /// `plain` is each product's neighbours without line order, which the title check reads
    /// too: made once for both.
    fn line_order(
        &self,
        items: &Items,
        probes: &[Vec<u32>],
        thresholds: Thresholds,
        plain: &[Vec<(u32, f64)>],
    ) -> LineOrder {
        if self.unordered_lines {
            return LineOrder::default();
        }
        let direction = line_order::usual_direction(&self.products, thresholds.min_count).map(rounded);
        if direction.is_none_or(|share| share >= line_order::SORTED_SHARE) {
            return line_order::decide(direction, &[], &[]);
        }
        let directional = self.strengths(items, thresholds, true);
        let hits = |lists: &[Vec<(u32, f64)>]| probes::probe_hits(probes, &self.products, lists);
        line_order::decide(direction, &hits(&directional), &hits(plain))
    }

    /// Each product's strongest neighbours with the evidence ranking gives them.
    fn strengths(&self, items: &Items, thresholds: Thresholds, directional: bool) -> Vec<Vec<(u32, f64)>> {
        let strongest = self.strongest(items, thresholds, directional);
        strongest
            .into_lists()
            .map(|(_, neighbours)| {
                neighbours
                    .into_iter()
                    .map(|(n, _, _, strength)| (n, strength))
                    .collect()
            })
            .collect()
    }

    /// The words of each catalog product's title that was bought: the catalog's title (what
    /// the shop shows), else the orders', else the id (a bootstrapped feed's title).
    fn title_words(&self, items: &Items) -> Vec<Option<Vec<String>>> {
        let offered = &self.offered;
        (0..items.len() as u32)
            .map(|n| {
                let item = items.get(n);
                let from_catalog = self
                    .catalog
                    .and_then(|c| c.product(&item.id))
                    .map(|p| p.title.as_str());
                let title = from_catalog.or(item.title.as_deref()).unwrap_or(&item.id);
                (item.in_catalog && self.products.item_orders(n) > 0 && offered[n as usize])
                    .then(|| similar_titles::words(title))
            })
            .collect()
    }

    /// For each item, whether the widget may offer it, so that a link to it or a best-seller
    /// place is worth its room: not a product the catalog restricts, nor, in a catalog
    /// bootstrapped from the orders, one whose title names a gift card or a fee (written
    /// restricted there).
    fn offered_items(&self, items: &Items) -> Vec<bool> {
        (items.all().iter())
            .map(|item| match self.catalog {
                Some(catalog) => catalog.product(&item.id).is_some_and(|p| !p.restricted),
                None => {
                    checkout_addons_engine::not_goods(item.title.as_deref().unwrap_or(&item.id)).is_none()
                }
            })
            .collect()
    }

    /// Each catalog product's strongest neighbours.
    fn strongest(&self, items: &Items, thresholds: Thresholds, directional: bool) -> Strongest {
        let offered = &self.offered;
        let in_catalog = |n: u32| items.get(n).in_catalog;
        let mut by_item = Strongest::new(items.len(), thresholds.top, directional, true);
        for stats in self.products.stats(thresholds.min_count) {
            if in_catalog(stats.a) && in_catalog(stats.b) {
                by_item.offer(&stats, &|n| offered[n as usize]);
            }
        }
        by_item
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
    /// neighbours seen together at least `min_count` times, strongest first by the asymmetric
    /// cosine over orders weighed by their size (written as each link's `strength`, which the
    /// engine reads); the same for categories, by the engine's [`evidence`] of their counts.
    /// Line order is weighed only where the probes, taken out of the counts for the check,
    /// show it predicts ([`line_order`]), and title links are written unless the probes show
    /// they mislead ([`similar_titles`]); the statistics written count every order.
    pub fn finish(&mut self, items: &Items, thresholds: Thresholds) -> Mined {
        self.offered = self.offered_items(items);
        let probes = std::mem::take(&mut self.probes).finish();
        for probe in &probes {
            self.products.remove(probe);
        }
        let plain = self.strengths(items, thresholds, false);
        let line_order = self.line_order(items, &probes, thresholds, &plain);
        let titles = |miner: &Self| {
            similar_titles::similar(&miner.title_words(items), &miner.products, similar_titles::TOP)
        };
        // The neighbours ranking will have: with line order only where it predicts (seldom).
        let strengths = match line_order.used {
            true => self.strengths(items, thresholds, true),
            false => plain,
        };
        let title_check = similar_titles::check(&probes, &self.products, &strengths, &titles(self));
        for probe in &probes {
            self.products.add(probe);
        }
        let directional = line_order.used;
        // Written from every order, as the co-purchase statistics are.
        let similar = match title_check.used {
            false => Vec::new(),
            true => (titles(self).into_iter().enumerate())
                .filter(|(_, list)| !list.is_empty())
                .map(|(n, list)| {
                    let list = (list.into_iter())
                        .map(|(with, similarity)| Similar {
                            with: items.get(with).id.clone(),
                            similarity: rounded_to(similarity, similar_titles::SIGNIFICANT_DIGITS),
                        })
                        .collect();
                    (items.get(n as u32).id.clone(), list)
                })
                .collect(),
        };
        let copurchase = self
            .strongest(items, thresholds, directional)
            .into_lists()
            .filter(|(_, neighbours)| !neighbours.is_empty())
            .map(|(n, neighbours)| {
                let neighbours = neighbours
                    .into_iter()
                    .map(|(with, confidence, stats, strength)| CoPurchase {
                        with: items.get(with).id.clone(),
                        count: stats.count,
                        confidence: rounded_to(confidence, LINK_DIGITS),
                        lift: rounded_to(stats.lift, LINK_DIGITS),
                        after: directional.then(|| after(n, with, &stats)),
                        strength: Some(rounded_to(strength, LINK_DIGITS)),
                    })
                    .collect();
                (items.get(n).id.clone(), neighbours)
            })
            .collect();

        let mut by_category = Strongest::new(self.category_paths.len(), thresholds.top, false, false);
        for stats in self.categories.stats(thresholds.min_count) {
            by_category.offer(&stats, &|_| true);
        }
        let paths = &self.category_paths;
        let category_complements = by_category
            .into_lists()
            .flat_map(|(from, neighbours)| {
                neighbours
                    .into_iter()
                    .map(move |(to, confidence, stats, _)| CategoryComplement {
                        from: paths[from as usize].clone(),
                        to: paths[to as usize].clone(),
                        count: Some(stats.count),
                        confidence: Some(rounded(confidence)),
                        lift: Some(rounded(stats.lift)),
                    })
            })
            .collect();
        Mined {
            orders: self.products.orders(),
            pairs_seen: self.products.len(),
            copurchase,
            category_complements,
            categories_mined: !self.category_paths.is_empty(),
            large_orders: self.large_orders,
            line_order: Some(line_order),
            similar,
            titles: Some(title_check),
            bestsellers: self.bestsellers(items, thresholds),
        }
    }

    /// The [`BESTSELLER_SHORTLIST`] catalog products in the most orders (ties by id), each in
    /// at least `min_count` of them: fewer say nothing about what shoppers take.
    fn bestsellers(&self, items: &Items, thresholds: Thresholds) -> Vec<String> {
        let offered = &self.offered;
        let mut sold: Vec<(u32, &str)> = (0..items.len() as u32)
            // A voucher or a fee in many orders is no add-on.
            .filter(|&n| items.get(n).in_catalog && offered[n as usize])
            .map(|n| (self.products.item_orders(n), items.get(n).id.as_str()))
            .filter(|&(orders, _)| orders >= thresholds.min_count)
            .collect();
        sold.sort_unstable_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        (sold.into_iter().take(BESTSELLER_SHORTLIST))
            .map(|(_, id)| id.to_owned())
            .collect()
    }
}

/// Per neighbour: its number, the confidence from the source's side, the pair, the strength.
type Neighbours = Vec<(u32, f64, PairStats, f64)>;

/// Orders of the pair in which `other` was added after `source`.
fn after(source: u32, other: u32, stats: &PairStats) -> u32 {
    if source == stats.a && other == stats.b {
        stats.a_first
    } else {
        stats.count - stats.a_first
    }
}

/// For each source, its `top` neighbours by their strength (ties by number, so runs
/// repeat), each with the confidence from the source's side. Only the best `top` per source
/// are ever held, so memory follows products, not the millions of pairs a large history has.
/// `directional` weighs what was added after the source, as the engine does for products
/// (category complements carry no line order).
struct Strongest {
    top: usize,
    directional: bool,
    /// Products, measured with orders weighed by their size (the `strength` the feed carries);
    /// otherwise categories, which the engine weighs from their counts.
    products: bool,
    /// Per source: (strength, neighbour, confidence from the source's side, the pair).
    lists: Vec<Vec<(f64, u32, f64, PairStats)>>,
}

impl Strongest {
    fn new(sources: usize, top: usize, directional: bool, products: bool) -> Strongest {
        Strongest {
            top,
            directional,
            products,
            lists: vec![Vec::new(); sources],
        }
    }

    /// Considers the pair for both of its items, as a neighbour only where `offered`.
    fn offer(&mut self, stats: &PairStats, offered: &dyn Fn(u32) -> bool) {
        for (source, other, confidence) in [
            (stats.a, stats.b, stats.confidence_ab),
            (stats.b, stats.a, stats.confidence_ba),
        ] {
            if !offered(other) {
                continue;
            }
            let after = self.directional.then(|| after(source, other, stats));
            let strength = match self.products {
                // Orders weighed by their size, which the feed then carries as the link's
                // `strength` (its counts cannot give it).
                true => {
                    let (own, others) = match source == stats.a {
                        true => (stats.weight_a, stats.weight_b),
                        false => (stats.weight_b, stats.weight_a),
                    };
                    // Over line order, the share of the pair's orders that added it after the
                    // source, of its weighed orders (the after-orders' own weights are not kept).
                    let share_after =
                        after.map_or(1.0, |after| f64::from(after) / f64::from(stats.count.max(1)));
                    asymmetric_cosine(
                        stats.weight * share_after,
                        own.max(stats.weight),
                        others.max(stats.weight),
                    )
                }
                false => evidence(stats.count, after, confidence, stats.lift, None),
            };
            // A link nobody took in this direction (line order: never added after the
            // source) offers nothing, and a `strength` of 0 is no feed's.
            if self.products && strength <= 0.0 {
                continue;
            }
            let entry = (strength, other, confidence, *stats);
            let list = &mut self.lists[source as usize];
            if list.len() < self.top {
                list.push(entry);
                continue;
            }
            // Replace the weakest when this one is better in the final order.
            let Some(weakest) = (0..list.len()).min_by(|&i, &j| better(&list[i], &list[j])) else {
                continue;
            };
            if list
                .get(weakest)
                .is_some_and(|w| better(&entry, w) == Ordering::Greater)
            {
                list[weakest] = entry;
            }
        }
    }

    fn into_lists(self) -> impl Iterator<Item = (u32, Neighbours)> {
        self.lists.into_iter().enumerate().map(|(source, mut list)| {
            list.sort_by(|x, y| better(y, x));
            let neighbours = list
                .into_iter()
                .map(|(strength, other, confidence, stats)| (other, confidence, stats, strength))
                .collect();
            (source as u32, neighbours)
        })
    }
}

/// The final order's comparison: stronger first, then the lower number.
fn better(x: &(f64, u32, f64, PairStats), y: &(f64, u32, f64, PairStats)) -> Ordering {
    x.0.total_cmp(&y.0).then(y.1.cmp(&x.1))
}

/// Feeds carry a few significant digits, not a float's seventeen: significant rather than
/// decimal places, so a confidence of 0.00004 (a bestseller next to a niche product) stays
/// itself instead of becoming 0.
fn rounded(value: f64) -> f64 {
    rounded_to(value, SIGNIFICANT_DIGITS)
}

/// `value` to `digits` significant digits.
fn rounded_to(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let scale = 10f64.powi(digits - 1 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

const SIGNIFICANT_DIGITS: i32 = 5;

/// A product's links need fewer: ranking reads their `strength`, one of a dozen summed per
/// candidate, and people read three digits of a confidence or a lift; each digit more is about
/// a byte per link of the feed every checkout downloads (the gift shop's: 398 KB brotli with
/// five digits and `strength`, 338 KB without `strength`, docs/ranking.md).
const LINK_DIGITS: i32 = 3;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairs::PairCounts;

    use crate::baskets::{read_baskets, ReadOptions};
    use crate::line_order::Verdict;
    use crate::lines::{Columns, OrderLines};

    fn mine(csv: &str, unordered: bool) -> Mined {
        let currency = checkout_addons_engine::Currency::parse("EUR").unwrap();
        let lines = OrderLines::new(csv.as_bytes(), &Columns::default(), currency).unwrap();
        let mut miner = Miner::new(None);
        if unordered {
            miner = miner.ignore_line_order();
        }
        let (items, _) =
            read_baskets(lines, &ReadOptions::default(), |b, items| miner.add(b, items)).unwrap();
        miner.finish(&items, Thresholds::default())
    }

    /// 9,000 orders of a pen: four refills are bought with it twice as often as its case, but
    /// mostly before the pen (refills for one's pen, then a spare), while the case is added
    /// after it. One order in five, drawn pseudo-randomly, has its lines the other way round.
    fn pen_shop() -> String {
        let mut csv = String::from("order_id,product_id\n");
        let mut state = 42u64;
        for i in 0..9000 {
            // A linear congruential sequence, so which orders are probes does not line up
            // with the pattern.
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let (kind, flip) = ((state >> 33) % 9, (state >> 45).is_multiple_of(5));
            let other = if kind < 8 {
                format!("refill-{}", kind / 2)
            } else {
                "case".into()
            };
            let mut lines = [other.as_str(), "pen"];
            if kind == 8 {
                lines.reverse();
            }
            if flip {
                lines.reverse();
            }
            for line in lines {
                csv.push_str(&format!("{i},{line}\n"));
            }
        }
        csv
    }

    #[test]
    fn a_link_never_added_in_its_direction_is_not_written() {
        // Over line order: the case always added after the pen, never before it.
        let mut counts = PairCounts::default();
        for _ in 0..4 {
            counts.add(&[0, 1]);
        }
        let mut strongest = Strongest::new(2, 10, true, true);
        for pair in counts.stats(1) {
            strongest.offer(&pair, &|_| true);
        }
        let lists: Vec<(u32, Neighbours)> = strongest.into_lists().collect();
        assert_eq!(lists[0].1.len(), 1, "the pen's case");
        assert!(lists[0].1[0].3 > 0.0);
        assert!(lists[1].1.is_empty(), "no pen after the case");
    }

    #[test]
    fn a_link_from_small_baskets_outweighs_the_same_count_in_wholesale_ones() {
        // Aprons go with tea towels in three orders of two, and with oven gloves in three
        // orders of forty (a trade buyer's), each bought as often overall.
        let mut csv = String::from("order_id,product_id\n");
        for order in 0..3 {
            csv.push_str(&format!("s{order},apron\ns{order},tea-towel\n"));
            csv.push_str(&format!("w{order},apron\nw{order},oven-glove\n"));
            for filler in 0..38 {
                csv.push_str(&format!("w{order},filler-{filler}\n"));
            }
        }
        let mined = mine(&csv, true);
        let (_, apron) = mined.copurchase.iter().find(|(id, _)| id == "apron").unwrap();
        assert_eq!((apron[0].with.as_str(), apron[0].count), ("tea-towel", 3));
        assert_eq!((apron[1].with.as_str(), apron[1].count), ("oven-glove", 3));
        // 3/√2 of weighed orders together out of the apron's 3/√2 + 3/√40, and the towel's
        // 3/√2; the glove's 3/√40 (unweighed both would be 0.386).
        assert_eq!((apron[0].strength, apron[1].strength), (Some(0.838), Some(0.226)));
    }

    #[test]
    fn bestsellers_are_the_products_in_most_orders_each_in_enough_of_them() {
        // Tea in 4 orders, then milk and cake in 3 each (cake before milk: ties go by id),
        // a spoon in 2: too few to say anything.
        let csv = "order_id,product_id\n1,tea\n1,milk\n2,tea\n2,cake\n3,tea\n3,milk\n3,cake\n\
                   4,tea\n4,spoon\n5,milk\n5,cake\n6,spoon\n";
        assert_eq!(mine(csv, true).bestsellers, ["tea", "cake", "milk"]);
    }

    #[test]
    fn line_order_is_weighed_where_held_back_orders_show_it_predicts() {
        let mined = mine(&pen_shop(), false);
        let found = mined.line_order.clone().unwrap();
        assert_eq!(
            (found.used, found.verdict),
            (true, Verdict::Predicts),
            "{found:?}"
        );
        assert!(found.hits_with_order > found.hits_without_order);
        let direction = found.usual_direction.unwrap();
        assert!(
            (0.75..0.85).contains(&direction),
            "four in five pairs in their usual order: {direction}"
        );
        assert_eq!(mined.orders, 9000, "probes count like every other order");
        let (_, pen) = mined.copurchase.iter().find(|(id, _)| id == "pen").unwrap();
        assert_eq!(pen[0].with, "case", "what is added after the pen comes first");
        assert!(pen.iter().all(|n| n.after.is_some()));

        let told = mine(&pen_shop(), true).line_order.unwrap();
        assert_eq!(
            (told.used, told.verdict, told.probes),
            (false, Verdict::ToldUnordered, 0)
        );
    }

    #[test]
    fn statistics_keep_five_significant_digits() {
        assert_eq!(rounded(0.123456789), 0.12346);
        assert_eq!(rounded(0.0000412345), 0.000041235);
        assert_eq!(rounded(12.3456789), 12.346);
        assert_eq!(rounded(0.0), 0.0);
    }

    #[test]
    fn each_product_keeps_its_strongest_neighbours_whatever_the_counting_order() {
        // Item 0 is bought with 1 five times, with 2 three times, with 3 once.
        let mut counts = PairCounts::default();
        for basket in [
            [0, 1],
            [0, 1],
            [0, 1],
            [0, 1],
            [0, 1],
            [0, 2],
            [0, 2],
            [0, 2],
            [0, 3],
            [4, 5],
        ] {
            counts.add(&basket);
        }
        let mut stats: Vec<PairStats> = counts.stats(1).collect();
        for _ in 0..2 {
            stats.reverse();
            let mut strongest = Strongest::new(6, 2, true, true);
            for pair in &stats {
                strongest.offer(pair, &|_| true);
            }
            let (_, neighbours) = strongest.into_lists().next().unwrap();
            let kept: Vec<u32> = neighbours.iter().map(|(other, _, _, _)| *other).collect();
            assert_eq!(kept, [1, 2]);
        }
    }
}
