//! Offline evaluation: would the engine's picks have been bought?
//!
//! Orders are put in time order; the first 80% are mined exactly as `addons mine` would, the
//! last 20% are the test. A test order's *known* items are its distinct products seen in
//! training, in line order; an order with at least two becomes one case whose cart is the
//! first `min(3, n - 1)` known items and whose targets are the rest. The engine and two
//! baselines answer every case the same way.

use std::cmp::Ordering;

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, Limits};
use serde::Serialize;
use serde_json::Value;

use crate::baskets::{Basket, Items};
use crate::document::{bootstrap, write_mined};
use crate::mine::{Miner, Thresholds};
use crate::pairs::PairCounts;

/// Share of orders (the oldest) mined; the rest are tested.
pub const TRAIN_SHARE_PERCENT: usize = 80;
/// Most cart items a case holds.
pub const MAX_CART: usize = 3;

/// How to evaluate.
#[derive(Clone, Debug)]
pub struct Setup {
    /// Cut-offs: HR@k and P@k for each.
    pub ks: Vec<usize>,
    /// The same thresholds `addons mine` would use.
    pub thresholds: Thresholds,
    /// Engine settings; `max_items` is set to each k in turn.
    pub config: Config,
    /// The day the engine believes it is (seasons).
    pub date: Date,
    /// The shop's feed to mine into, or `None` to bootstrap one from the orders.
    pub base: Option<Value>,
    /// The currency of a bootstrapped feed.
    pub currency: checkout_addons_engine::Currency,
    /// Mine without line order, as `addons mine --unordered-lines` would.
    pub unordered_lines: bool,
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// Item numbers in the cart.
    pub cart: Vec<u32>,
    /// Item numbers bought besides.
    pub targets: Vec<u32>,
}

/// One ranker's scores at one cut-off.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct AtK {
    /// The cut-off.
    pub k: usize,
    /// Share of cases with at least one target in the top k.
    pub hit_rate: f64,
    /// Mean share of the top k that are targets.
    pub precision: f64,
}

/// One ranker's scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// `engine`, `popularity` or `pairs`.
    pub ranker: &'static str,
    /// One per cut-off, in the order asked.
    pub at: Vec<AtK>,
    /// Per cut-off, per case: whether the top k held a target.
    #[serde(skip)]
    hits: Vec<Vec<bool>>,
}

/// The engine's hit rate minus a baseline's, case by case on the same cases, so a shop can
/// tell a real difference from noise.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Difference {
    /// `popularity` or `pairs`.
    pub baseline: &'static str,
    /// One per cut-off.
    pub at: Vec<Gap>,
}

/// One cut-off's difference.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Gap {
    /// The cut-off.
    pub k: usize,
    /// Engine HR@k minus baseline HR@k.
    pub hit_rate: f64,
    /// Half the width of its 95% interval (normal approximation of the paired difference):
    /// a difference smaller than this may be noise.
    pub margin: f64,
}

/// The whole evaluation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// Orders read.
    pub orders: usize,
    /// Orders mined.
    pub train_orders: usize,
    /// Orders tested.
    pub test_orders: usize,
    /// Test orders with at least two known items.
    pub cases: usize,
    /// The engine first, then the baselines.
    pub scores: Vec<Scores>,
    /// The engine against each baseline.
    pub differences: Vec<Difference>,
}

/// Orders by time, then by file line: time-less files keep file order.
pub fn time_order(a: &Basket, b: &Basket) -> Ordering {
    (a.time, a.first_line).cmp(&(b.time, b.first_line))
}

/// The cases of `test`, given what training saw.
pub fn cases(test: &[Basket], train: &PairCounts) -> Vec<Case> {
    test.iter()
        .filter_map(|basket| {
            let known: Vec<u32> = basket
                .items
                .iter()
                .copied()
                .filter(|&n| train.item_orders(n) > 0)
                .collect();
            (known.len() >= 2).then(|| {
                let cart = MAX_CART.min(known.len() - 1);
                Case {
                    cart: known[..cart].to_vec(),
                    targets: known[cart..].to_vec(),
                }
            })
        })
        .collect()
}

/// Evaluates the engine and the baselines on `baskets` (every order of the file).
pub fn evaluate(mut baskets: Vec<Basket>, items: &Items, setup: &Setup) -> Result<Evaluation, String> {
    baskets.sort_by(time_order);
    let train_len = baskets.len() * TRAIN_SHARE_PERCENT / 100;
    let (train, test) = baskets.split_at(train_len);
    let catalog = setup.base.as_ref().and_then(|base| unlimited_catalog(base).ok());
    let mut miner = Miner::new(catalog.as_ref());
    if setup.unordered_lines {
        miner = miner.ignore_line_order();
    }
    for basket in train {
        miner.add(basket, items);
    }
    let mined = miner.finish(items, setup.thresholds);
    let mut feed = match &setup.base {
        Some(base) => base.clone(),
        None => bootstrap(items, &setup.currency).0,
    };
    write_mined(&mut feed, &mined, setup.thresholds, "training orders");
    let catalog = unlimited_catalog(&feed)?;
    let counts = miner.product_counts();
    let cases = cases(test, counts);

    let engine = |case: &Case, k: usize| -> Vec<u32> {
        let cart_ids: Vec<&str> = case.cart.iter().map(|&n| items.get(n).id.as_str()).collect();
        let cart = Cart::from_ids(&catalog, cart_ids);
        let config = Config {
            max_items: k,
            ..setup.config.clone()
        };
        recommend(&catalog, &cart, setup.date, &config)
            .iter()
            .filter_map(|pick| items.find(&pick.product_id))
            .collect()
    };
    let popular = by_popularity(counts, items.len());
    let popularity = |case: &Case, k: usize| -> Vec<u32> {
        popular
            .iter()
            .copied()
            .filter(|n| !case.cart.contains(n))
            .take(k)
            .collect()
    };
    let neighbours = all_neighbours(counts, items.len());
    let pairs = |case: &Case, k: usize| -> Vec<u32> { best_confidence(case, k, counts, &neighbours) };

    let scores = vec![
        score("engine", &cases, &setup.ks, engine),
        score("popularity", &cases, &setup.ks, popularity),
        score("pairs", &cases, &setup.ks, pairs),
    ];
    let differences = scores[1..]
        .iter()
        .map(|baseline| difference(&scores[0], baseline))
        .collect();
    Ok(Evaluation {
        orders: baskets.len(),
        train_orders: train.len(),
        test_orders: test.len(),
        cases: cases.len(),
        scores,
        differences,
    })
}

/// The catalog of a feed document, whatever its size: an evaluation may hold more products
/// than a browser should.
fn unlimited_catalog(feed: &Value) -> Result<Catalog, String> {
    let unlimited = Limits {
        max_feed_bytes: usize::MAX,
        max_products: usize::MAX,
        max_text_chars: usize::MAX,
    };
    Catalog::from_json_with_limits(&feed.to_string(), &unlimited).map_err(|e| e.to_string())
}

fn score(
    ranker: &'static str,
    cases: &[Case],
    ks: &[usize],
    rank: impl Fn(&Case, usize) -> Vec<u32>,
) -> Scores {
    let mut hits_per_k = Vec::new();
    let at = ks
        .iter()
        .map(|&k| {
            let (mut hits, mut precision) = (Vec::with_capacity(cases.len()), 0f64);
            for case in cases {
                let picks = rank(case, k);
                let found = picks.iter().take(k).filter(|n| case.targets.contains(n)).count();
                hits.push(found > 0);
                precision += found as f64 / k as f64;
            }
            let total = cases.len().max(1) as f64;
            let at = AtK {
                k,
                hit_rate: hits.iter().filter(|&&h| h).count() as f64 / total,
                precision: precision / total,
            };
            hits_per_k.push(hits);
            at
        })
        .collect();
    Scores {
        ranker,
        at,
        hits: hits_per_k,
    }
}

/// The engine's hit rates minus the baseline's, with 95% margins of the paired differences.
fn difference(engine: &Scores, baseline: &Scores) -> Difference {
    let at = (engine.at.iter().zip(&engine.hits).zip(&baseline.hits))
        .map(|((at, ours), theirs)| {
            let n = ours.len() as f64;
            let diffs: Vec<f64> = ours
                .iter()
                .zip(theirs)
                .map(|(&a, &b)| f64::from(u8::from(a)) - f64::from(u8::from(b)))
                .collect();
            let mean = diffs.iter().sum::<f64>() / n.max(1.0);
            let variance = diffs.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
            Gap {
                k: at.k,
                hit_rate: mean,
                margin: 1.96 * (variance / n.max(1.0)).sqrt(),
            }
        })
        .collect();
    Difference {
        baseline: baseline.ranker,
        at,
    }
}

/// Item numbers, most ordered first (ties by number).
fn by_popularity(counts: &PairCounts, items: usize) -> Vec<u32> {
    let mut popular: Vec<u32> = (0..items as u32).filter(|&n| counts.item_orders(n) > 0).collect();
    popular.sort_by_key(|&n| (std::cmp::Reverse(counts.item_orders(n)), n));
    popular
}

/// Every co-occurring item of every item: the baseline uses all pairs, no thresholds.
fn all_neighbours(counts: &PairCounts, items: usize) -> Vec<Vec<u32>> {
    let mut neighbours = vec![Vec::new(); items];
    for stats in counts.stats(1) {
        neighbours[stats.a as usize].push(stats.b);
        neighbours[stats.b as usize].push(stats.a);
    }
    neighbours
}

/// The pair co-occurrence baseline: items by their highest confidence from any cart item,
/// ties to the more popular.
fn best_confidence(case: &Case, k: usize, counts: &PairCounts, neighbours: &[Vec<u32>]) -> Vec<u32> {
    let mut best: Vec<(u32, f64)> = Vec::new();
    for &c in &case.cart {
        let in_c = f64::from(counts.item_orders(c));
        for &x in &neighbours[c as usize] {
            if case.cart.contains(&x) {
                continue;
            }
            let confidence = f64::from(counts.count(c, x)) / in_c;
            match best.iter_mut().find(|(n, _)| *n == x) {
                Some((_, score)) => *score = score.max(confidence),
                None => best.push((x, confidence)),
            }
        }
    }
    best.sort_by(|(a, x), (b, y)| {
        y.total_cmp(x)
            .then(counts.item_orders(*b).cmp(&counts.item_orders(*a)))
            .then(a.cmp(b))
    });
    best.into_iter().take(k).map(|(n, _)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basket(line: u64, items: &[u32]) -> Basket {
        Basket {
            first_line: line,
            time: None,
            items: items.to_vec(),
        }
    }

    #[test]
    fn a_case_is_the_first_known_items_as_cart_and_the_rest_as_targets() {
        let mut train = PairCounts::default();
        for items in [&[0, 1, 2, 3, 4][..], &[5]] {
            train.add(items);
        }
        // 9 was never seen in training: it is neither cart nor target.
        let test = [
            basket(1, &[0, 9, 1]),
            basket(2, &[0, 1, 2, 3, 4, 5]),
            basket(3, &[2, 9]),
        ];
        assert_eq!(
            cases(&test, &train),
            [
                Case {
                    cart: vec![0],
                    targets: vec![1]
                },
                Case {
                    cart: vec![0, 1, 2],
                    targets: vec![3, 4, 5]
                },
            ]
        );
    }

    #[test]
    fn orders_go_by_time_then_file_line() {
        let at = |time: Option<i64>, line| Basket {
            time,
            ..basket(line, &[])
        };
        assert_eq!(time_order(&at(Some(999), 2), &at(Some(1000), 1)), Ordering::Less);
        assert_eq!(time_order(&at(Some(5), 2), &at(Some(5), 1)), Ordering::Greater);
        assert_eq!(time_order(&at(None, 2), &at(None, 1)), Ordering::Greater);
    }

    #[test]
    fn a_difference_comes_with_the_margin_of_its_noise() {
        let cases: Vec<Case> = (0..100)
            .map(|i| Case {
                cart: vec![0],
                targets: vec![1 + i % 2],
            })
            .collect();
        // The engine always offers 1, the baseline always 2: each hits half the cases, never
        // the same ones, so the difference is 0 with the widest possible noise.
        let engine = score("engine", &cases, &[1], |_, _| vec![1]);
        let baseline = score("baseline", &cases, &[1], |_, _| vec![2]);
        let gap = difference(&engine, &baseline).at[0];
        assert_eq!(gap.hit_rate, 0.0);
        assert!((gap.margin - 1.96 * (100.0f64 / 99.0 / 100.0).sqrt()).abs() < 1e-12);
        let same = difference(&engine, &engine).at[0];
        assert_eq!((same.hit_rate, same.margin), (0.0, 0.0));
    }

    #[test]
    fn scores_count_hits_and_precision_per_cut_off() {
        let cases = [
            Case {
                cart: vec![0],
                targets: vec![1],
            },
            Case {
                cart: vec![0],
                targets: vec![2, 3],
            },
        ];
        let scores = score("fixed", &cases, &[1, 2], |_, k| {
            vec![1, 3].into_iter().take(k).collect()
        });
        assert_eq!(
            scores.at[0],
            AtK {
                k: 1,
                hit_rate: 0.5,
                precision: 0.5
            }
        );
        assert_eq!(
            scores.at[1],
            AtK {
                k: 2,
                hit_rate: 1.0,
                precision: 0.5
            }
        );
    }
}
