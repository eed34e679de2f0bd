//! Pair counts over baskets, and the statistics shops know from market-basket analysis.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// How often each item, and each pair of items, occurs in an order, and for each pair how
/// often the first item (by number) was added before the other; each also weighed by the
/// size of its orders ([`order_weight`]). Memory grows with the pairs that occur, never with
/// the number of order lines.
#[derive(Clone, Debug, Default)]
pub struct PairCounts {
    orders: u64,
    item_orders: Vec<u32>,
    /// In [`WEIGHT_UNIT`]s: whole numbers, so an order taken back leaves them exactly as they
    /// were.
    item_weights: Vec<u64>,
    pairs: HashMap<u64, Pair, BuildHasherDefault<PairHasher>>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Pair {
    count: u32,
    /// Orders in which the smaller-numbered item came first.
    a_first: u32,
    /// The orders holding both, each weighed by its size, in [`WEIGHT_UNIT`]s.
    weight: u64,
}

/// The unit the weighed statistics are counted in: 2^-32 of an order.
const WEIGHT_UNIT: f64 = 4_294_967_296.0;

/// [`order_weight`] in [`WEIGHT_UNIT`]s.
fn weight_units(items: usize) -> u64 {
    (order_weight(items) * WEIGHT_UNIT).round() as u64
}

/// What one order of `items` distinct products counts for in the weighed statistics: one
/// over the square root of its size. Two products in a basket of 200 say less about each
/// other than two in a basket of 3, where a shopper chose them together: of 1, 1/log2(n + 1),
/// powers 0.35, 0.5 and 0.75, and 1/(n - 1), the square root completed most of the shared gift
/// shop's held-out random carts, whose wholesale baskets run to hundreds of lines; 0.35 did
/// better on its first lines and 1/(n - 1) on Groceries' (docs/ranking.md).
pub fn order_weight(items: usize) -> f64 {
    1.0 / (items.max(1) as f64).sqrt()
}

/// One pair `a`, `b` (item numbers, `a < b`) with its statistics.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PairStats {
    /// The smaller item number.
    pub a: u32,
    /// The larger item number.
    pub b: u32,
    /// Orders holding both.
    pub count: u32,
    /// Share of all orders holding both.
    pub support: f64,
    /// Share of orders with `a` that also hold `b`.
    pub confidence_ab: f64,
    /// Share of orders with `b` that also hold `a`.
    pub confidence_ba: f64,
    /// Orders in which `a`'s first line comes before `b`'s: `b` was added after `a`.
    pub a_first: u32,
    /// How much more often than chance: `support / (support(a) × support(b))`.
    pub lift: f64,
    /// The orders holding both, and those holding `a` and `b`, each weighed by its size
    /// ([`order_weight`]).
    pub weight: f64,
    pub weight_a: f64,
    pub weight_b: f64,
}

impl PairCounts {
    /// Counts one order's items, each once, given in line order (the order they were
    /// added).
    pub fn add(&mut self, items: &[u32]) {
        self.add_items(items);
        let weight = weight_units(items.len());
        for (i, &first) in items.iter().enumerate() {
            for &later in &items[i + 1..] {
                let pair = self
                    .pairs
                    .entry(key(first.min(later), first.max(later)))
                    .or_default();
                pair.count += 1;
                pair.a_first += u32::from(first < later);
                pair.weight += weight;
            }
        }
    }

    /// Takes back an order [`PairCounts::add`] counted, given the same way: to look at the
    /// counts without some orders (held out for a check) and then add them again.
    pub fn remove(&mut self, items: &[u32]) {
        self.orders = self.orders.saturating_sub(1);
        let weight = weight_units(items.len());
        for &item in items {
            if let Some(orders) = self.item_orders.get_mut(item as usize) {
                *orders = orders.saturating_sub(1);
                self.item_weights[item as usize] = self.item_weights[item as usize].saturating_sub(weight);
            }
        }
        for (i, &first) in items.iter().enumerate() {
            for &later in &items[i + 1..] {
                let key = key(first.min(later), first.max(later));
                if let Some(pair) = self.pairs.get_mut(&key) {
                    pair.count = pair.count.saturating_sub(1);
                    pair.a_first = pair.a_first.saturating_sub(u32::from(first < later));
                    pair.weight = pair.weight.saturating_sub(weight);
                    if pair.count == 0 {
                        self.pairs.remove(&key);
                    }
                }
            }
        }
    }

    /// Counts the order and its items, but none of its pairs: for orders too large to pair.
    pub fn add_items(&mut self, items: &[u32]) {
        self.orders += 1;
        if let Some(&largest) = items.iter().max() {
            if self.item_orders.len() <= largest as usize {
                self.item_orders.resize(largest as usize + 1, 0);
                self.item_weights.resize(largest as usize + 1, 0);
            }
        }
        let weight = weight_units(items.len());
        for &item in items {
            self.item_orders[item as usize] += 1;
            self.item_weights[item as usize] += weight;
        }
    }

    /// Orders counted.
    pub fn orders(&self) -> u64 {
        self.orders
    }

    /// Orders holding item `n`.
    pub fn item_orders(&self, n: u32) -> u32 {
        self.item_orders.get(n as usize).copied().unwrap_or(0)
    }

    /// Orders holding item `n`, each weighed by its size ([`order_weight`]).
    pub fn item_weight(&self, n: u32) -> f64 {
        self.item_weights
            .get(n as usize)
            .map_or(0.0, |&units| units as f64 / WEIGHT_UNIT)
    }

    /// Orders holding both `a` and `b`, in either order.
    pub fn count(&self, a: u32, b: u32) -> u32 {
        self.pairs.get(&key(a.min(b), a.max(b))).map_or(0, |p| p.count)
    }

    /// Distinct pairs seen.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether no pair was seen.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Every pair seen in at least `min_count` orders, with its statistics, in no set order.
    pub fn stats(&self, min_count: u32) -> impl Iterator<Item = PairStats> + '_ {
        let orders = self.orders as f64;
        self.pairs
            .iter()
            .filter(move |(_, pair)| pair.count >= min_count)
            .map(move |(&key, &pair)| {
                let count = pair.count;
                let (a, b) = ((key >> 32) as u32, key as u32);
                let (in_a, in_b) = (f64::from(self.item_orders(a)), f64::from(self.item_orders(b)));
                let count_f = f64::from(count);
                PairStats {
                    a,
                    b,
                    count,
                    support: count_f / orders,
                    confidence_ab: count_f / in_a,
                    confidence_ba: count_f / in_b,
                    a_first: pair.a_first,
                    lift: count_f * orders / (in_a * in_b),
                    weight: pair.weight as f64 / WEIGHT_UNIT,
                    weight_a: self.item_weight(a),
                    weight_b: self.item_weight(b),
                }
            })
    }
}

fn key(a: u32, b: u32) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

/// A multiplicative hash for the pair keys: they are our own numbers, not attacker input,
/// and counting is the hot loop of mining.
#[derive(Default)]
pub struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        // A product's low bits depend only on the key's low bits (one item's number), and the
        // table indexes by low bits: rotate the well-mixed high bits down.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_confidence_and_lift_follow_their_definitions() {
        let mut counts = PairCounts::default();
        // 0 = milk, 1 = bread, 2 = jam; four orders.
        for basket in [&[0, 1][..], &[0, 1, 2], &[0], &[2, 1]] {
            counts.add(basket);
        }
        let stats: Vec<PairStats> = counts.stats(2).collect();
        assert_eq!(
            stats.len(),
            2,
            "milk+bread and bread+jam occur twice, milk+jam once"
        );
        let milk_bread = stats.iter().find(|s| (s.a, s.b) == (0, 1)).unwrap();
        assert_eq!(milk_bread.count, 2);
        assert_eq!(milk_bread.support, 0.5);
        assert_eq!(milk_bread.confidence_ab, 2.0 / 3.0, "milk is in 3 orders");
        assert_eq!(milk_bread.confidence_ba, 2.0 / 3.0, "bread is in 3 orders");
        assert_eq!(milk_bread.lift, 2.0 * 4.0 / (3.0 * 3.0));
        assert_eq!(counts.count(2, 0), 1);
    }

    #[test]
    fn an_order_taken_back_leaves_the_counts_as_they_were() {
        let mut counts = PairCounts::default();
        counts.add(&[0, 1]);
        let before: Vec<PairStats> = counts.stats(1).collect();
        counts.add(&[1, 0, 2]);
        counts.remove(&[1, 0, 2]);
        assert_eq!(counts.stats(1).collect::<Vec<_>>(), before);
        assert_eq!((counts.orders(), counts.item_orders(2), counts.len()), (1, 0, 1));
    }

    #[test]
    fn an_order_weighs_one_over_the_square_root_of_its_size() {
        let mut counts = PairCounts::default();
        // Milk and bread alone, then with 98 other things: the second order says less.
        counts.add(&[0, 1]);
        let big: Vec<u32> = (0..100).collect();
        counts.add(&big);
        let milk_bread = counts.stats(1).find(|s| (s.a, s.b) == (0, 1)).unwrap();
        assert_eq!(milk_bread.count, 2);
        let close = |x: f64, y: f64| (x - y).abs() < 1e-9;
        assert!(
            close(milk_bread.weight, 1.0 / 2f64.sqrt() + 0.1),
            "{}",
            milk_bread.weight
        );
        assert!(close(milk_bread.weight_a, milk_bread.weight));
        assert!(close(counts.item_weight(2), 0.1), "in the big order only");
        assert_eq!(order_weight(0), 1.0);
        assert_eq!(order_weight(4), 0.5);
    }
}
