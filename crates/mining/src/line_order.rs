//! Whether a shop's line order says what shoppers add next: decided per shop, while mining.
//!
//! A cart grows line by line, so where an export keeps an order's lines in the order they
//! were added, "added after" evidence predicts the next add-on. Two things make it worse than
//! plain "bought together": exports sorted by SKU, name or taxonomy (Groceries), where a pair
//! always comes in the same order whatever shoppers did, and shops where the direction is
//! mostly noise and halving the evidence costs more than direction brings (measured on the
//! shared gift shop and bakery, docs/ranking.md). So the miner holds back a sample of orders,
//! asks both kinds of evidence to complete them from their first lines, and uses line order
//! only when it wins by more than noise.

use serde::Serialize;

use crate::pairs::PairCounts;
use crate::probes::{wins_beyond_noise, MIN_PROBES};

/// A share of pair orders in the pair's usual direction at or above this means the lines are
/// sorted: shoppers never add two products in the same order 95 times in 100.
pub const SORTED_SHARE: f64 = 0.95;

/// What the miner found about line order, written into the feed's `mined.line_order`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LineOrder {
    /// Whether `after` counts are written, so ranking weighs what was added after.
    pub used: bool,
    /// Why.
    pub verdict: Verdict,
    /// Of the orders holding a pair (seen at least the minimum count), the share with the
    /// pair in its more usual order: 0.5 is no direction, 1.0 a sorted export.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usual_direction: Option<f64>,
    /// Held-back orders asked to be completed from their first lines.
    pub probes: usize,
    /// Probes with a bought product among the top picks, using line order.
    pub hits_with_order: usize,
    /// The same without line order.
    pub hits_without_order: usize,
}

/// Why line order is, or is not, used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// `--unordered-lines`: the shop says its lines are sorted.
    #[default]
    ToldUnordered,
    /// Pairs almost always come in the same order: a sorted export.
    Sorted,
    /// Too few pairs or probes to tell.
    TooLittleData,
    /// Line order did not predict the held-back orders better by more than noise.
    NoGain,
    /// Line order predicted the held-back orders better, beyond noise.
    Predicts,
}

/// The share of pair orders in each pair's more usual direction, over pairs seen at least
/// `min_count` times; `None` below [`MIN_PAIR_ORDERS`], where a few orders would look
/// sorted by chance.
pub fn usual_direction(counts: &PairCounts, min_count: u32) -> Option<f64> {
    let (mut usual, mut all) = (0u64, 0u64);
    for stats in counts.stats(min_count) {
        usual += u64::from(stats.a_first.max(stats.count - stats.a_first));
        all += u64::from(stats.count);
    }
    (all >= MIN_PAIR_ORDERS).then(|| usual as f64 / all as f64)
}

/// Pair orders below which line order is not judged.
pub const MIN_PAIR_ORDERS: u64 = 100;

/// Line order is used when it completes more probes than plain co-occurrence by more than
/// noise: the probes it alone completes outnumber those only the other completes beyond
/// 1.96 standard deviations (McNemar's test on the same probes).
pub fn decide(usual_direction: Option<f64>, with_order: &[bool], without_order: &[bool]) -> LineOrder {
    let count = |hits: &[bool]| hits.iter().filter(|&&h| h).count();
    let mut found = LineOrder {
        used: false,
        verdict: Verdict::TooLittleData,
        usual_direction,
        probes: with_order.len().min(without_order.len()),
        hits_with_order: count(with_order),
        hits_without_order: count(without_order),
    };
    let Some(direction) = usual_direction else {
        return found;
    };
    if direction >= SORTED_SHARE {
        found.verdict = Verdict::Sorted;
        return found;
    }
    if found.probes < MIN_PROBES {
        return found;
    }
    found.used = wins_beyond_noise(with_order, without_order);
    found.verdict = if found.used {
        Verdict::Predicts
    } else {
        Verdict::NoGain
    };
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sorted_export_shows_every_pair_in_one_direction() {
        let mut counts = PairCounts::default();
        for _ in 0..50 {
            counts.add(&[0, 1, 2]);
            counts.add(&[3, 4]);
        }
        assert_eq!(usual_direction(&counts, 3), Some(1.0));
        assert_eq!(usual_direction(&counts, 51), None, "no pair seen 51 times");
        let verdict = decide(Some(1.0), &[true; 200], &[false; 200]);
        assert_eq!((verdict.used, verdict.verdict), (false, Verdict::Sorted));
    }

    #[test]
    fn direction_that_flips_like_a_coin_is_near_one_half() {
        let mut counts = PairCounts::default();
        for _ in 0..50 {
            counts.add(&[0, 1]);
            counts.add(&[1, 0]);
        }
        assert_eq!(usual_direction(&counts, 3), Some(0.5));
        let mut few = PairCounts::default();
        for _ in 0..10 {
            few.add(&[0, 1]);
        }
        assert_eq!(
            usual_direction(&few, 3),
            None,
            "ten orders in one order prove nothing"
        );
    }

    #[test]
    fn line_order_is_used_only_when_it_wins_beyond_noise() {
        let with: Vec<bool> = (0..200).map(|i| i % 2 == 0).collect();
        // 100 hits each way, on different probes: no gain.
        let without: Vec<bool> = (0..200).map(|i| i % 2 == 1).collect();
        assert_eq!(decide(Some(0.7), &with, &without).verdict, Verdict::NoGain);
        // 100 against 60 on nested probes: 40 discordant, all one way, beyond 1.96 × √40.
        let without: Vec<bool> = (0..200).map(|i| i % 2 == 0 && i < 120).collect();
        let found = decide(Some(0.7), &with, &without);
        assert_eq!((found.used, found.verdict), (true, Verdict::Predicts));
        assert_eq!((found.hits_with_order, found.hits_without_order), (100, 60));
        assert_eq!(
            decide(Some(0.7), &with[..50], &without[..50]).verdict,
            Verdict::TooLittleData
        );
    }
}
