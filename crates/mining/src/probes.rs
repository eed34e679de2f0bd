//! Orders the miner holds back to check a choice on (line order, title links): each choice is
//! made only where it completes more of them than without it, beyond noise.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::baskets::Basket;
use crate::pairs::PairCounts;

/// One in this many orders of two or more products is held back as a probe: the latest ones.
pub const PROBE_ONE_IN: u64 = 10;
/// Probes held at most: enough to tell a real gain from noise, few enough to keep in memory.
pub const MAX_PROBES: usize = 2000;
/// Add-ons a probe is asked for, as in the widget.
const PICKS: usize = 3;
/// Probe carts hold at most this many products, as evaluation's.
const MAX_CART: usize = 3;
/// Probes that answered, below which no verdict is given.
pub const MIN_PROBES: usize = 100;

/// A held-back order: its time, its first line and its items.
type Held = (Option<i64>, u64, Vec<u32>);

/// The probes: the latest orders of two or more products (by time, then by file line), one in
/// [`PROBE_ONE_IN`] of them and at most [`MAX_PROBES`]. Latest, because a feed mined today
/// is asked about tomorrow's orders, whose products have less history than those of an order
/// in the middle of the file (title links, for one, help later orders more: docs/mining.md).
#[derive(Default)]
pub struct LatestOrders {
    /// The latest so far, the earliest on top.
    held: BinaryHeap<Reverse<Held>>,
    /// Orders of two or more products seen.
    pairable: u64,
}

impl LatestOrders {
    /// Considers `basket`, which the counts hold too.
    pub fn offer(&mut self, basket: &Basket) {
        if basket.items.len() < 2 {
            return;
        }
        self.pairable += 1;
        let when = (basket.time, basket.first_line);
        let later = self
            .held
            .peek()
            .is_none_or(|Reverse((time, line, _))| when > (*time, *line));
        if self.held.len() < MAX_PROBES || later {
            self.held
                .push(Reverse((basket.time, basket.first_line, basket.items.clone())));
            if self.held.len() > MAX_PROBES {
                self.held.pop();
            }
        }
    }

    /// The probes, latest first.
    pub fn finish(self) -> Vec<Vec<u32>> {
        let wanted = (self.pairable / PROBE_ONE_IN) as usize;
        // Sorted by `Reverse`: the latest first.
        let mut latest = self.held.into_sorted_vec();
        latest.truncate(wanted);
        latest.into_iter().map(|Reverse((_, _, items))| items).collect()
    }
}

/// Whether each probe's later products are among the top picks for its first ones, given each
/// product's neighbours with their strengths. A probe's cart is its first `min(3, n - 1)`
/// products seen in `counts`; its targets are the rest; candidates score the sum of their
/// strengths from the cart's products, as the engine's bought-together lane does. Probes
/// with fewer than two known products give no answer.
pub fn probe_hits(probes: &[Vec<u32>], counts: &PairCounts, neighbours: &[Vec<(u32, f64)>]) -> Vec<bool> {
    let mut hits = Vec::new();
    for probe in probes {
        let known: Vec<u32> = probe
            .iter()
            .copied()
            .filter(|&n| counts.item_orders(n) > 0)
            .collect();
        if known.len() < 2 {
            continue;
        }
        let (cart, targets) = known.split_at(MAX_CART.min(known.len() - 1));
        let mut scores: Vec<(u32, f64)> = Vec::new();
        for &item in cart {
            for &(other, strength) in neighbours.get(item as usize).map_or(&[][..], Vec::as_slice) {
                if cart.contains(&other) {
                    continue;
                }
                match scores.iter_mut().find(|(n, _)| *n == other) {
                    Some((_, score)) => *score += strength,
                    None => scores.push((other, strength)),
                }
            }
        }
        scores.sort_by(|(a, x), (b, y)| y.total_cmp(x).then(a.cmp(b)));
        hits.push(scores.iter().take(PICKS).any(|(n, _)| targets.contains(n)));
    }
    hits
}

/// Whether `with` completes more probes than `without` by more than noise: the probes only it
/// completes outnumber those only the other completes beyond 1.96 standard deviations
/// (McNemar's test on the same probes).
pub fn wins_beyond_noise(with: &[bool], without: &[bool]) -> bool {
    let (mut only_with, mut only_without) = (0f64, 0f64);
    for (&with, &without) in with.iter().zip(without) {
        only_with += f64::from(u8::from(with && !without));
        only_without += f64::from(u8::from(without && !with));
    }
    only_with - only_without > 1.96 * (only_with + only_without).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_probe_is_completed_from_its_first_products() {
        let mut counts = PairCounts::default();
        counts.add(&[0, 1, 2, 3]);
        // 0's strongest neighbour is 3, then 2; 9 was never seen, so it is neither cart nor target.
        let neighbours = vec![vec![(3, 0.9), (2, 0.5)], vec![(2, 0.1)], vec![], vec![]];
        assert_eq!(probe_hits(&[vec![0, 9, 3]], &counts, &neighbours), [true]);
        assert_eq!(probe_hits(&[vec![0, 1]], &counts, &neighbours), [false]);
        assert_eq!(
            probe_hits(&[vec![0, 9]], &counts, &neighbours),
            Vec::<bool>::new()
        );
    }

    fn basket(time: Option<i64>, first_line: u64, items: &[u32]) -> Basket {
        Basket {
            first_line,
            time,
            items: items.to_vec(),
            quantities: vec![1; items.len()],
            variants: Vec::new(),
            customer: None,
            value: 0,
        }
    }

    #[test]
    fn the_probes_are_the_latest_tenth_of_the_orders_with_pairs() {
        let mut latest = LatestOrders::default();
        // 40 orders of two products, out of time order, and some single-product ones.
        for n in 0..40u32 {
            let time = i64::from((n * 17) % 40);
            latest.offer(&basket(Some(time), u64::from(n), &[n, n + 100]));
            latest.offer(&basket(Some(time + 1000), u64::from(n), &[n]));
        }
        let probes = latest.finish();
        // Times 39, 38, 37 and 36 belong to orders 7, 14, 21 and 28 (n × 17 mod 40).
        assert_eq!(
            probes,
            [vec![7, 107], vec![14, 114], vec![21, 121], vec![28, 128]]
        );
    }

    #[test]
    fn without_times_the_last_lines_are_the_latest() {
        let mut latest = LatestOrders::default();
        for n in 0..(MAX_PROBES as u32 * 20) {
            latest.offer(&basket(None, u64::from(n), &[0, n]));
        }
        let probes = latest.finish();
        assert_eq!(probes.len(), MAX_PROBES, "never more than the cap");
        assert_eq!(probes[0], [0, MAX_PROBES as u32 * 20 - 1]);
        assert_eq!(probes[MAX_PROBES - 1], [0, MAX_PROBES as u32 * 19]);
    }

    #[test]
    fn a_choice_wins_only_beyond_noise() {
        let with: Vec<bool> = (0..200).map(|i| i % 2 == 0).collect();
        // 100 hits each way, on different probes: no gain.
        let apart: Vec<bool> = (0..200).map(|i| i % 2 == 1).collect();
        assert!(!wins_beyond_noise(&with, &apart));
        // 100 against 60 on nested probes: 40 discordant, all one way, beyond 1.96 × √40.
        let nested: Vec<bool> = (0..200).map(|i| i % 2 == 0 && i < 120).collect();
        assert!(wins_beyond_noise(&with, &nested));
        assert!(!wins_beyond_noise(&nested, &with), "fewer hits never win");
    }
}
