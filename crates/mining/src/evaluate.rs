//! Offline evaluation: would the engine's picks have been bought?
//!
//! Orders are put in time order; the first 80% are mined exactly as `addons mine` would, the
//! last 20% are the test. A test order's *known* items are its distinct products seen in
//! training; an order with at least two becomes one case whose cart is `min(3, n - 1)` known
//! items and whose targets are the rest. The cart is the first items in line order, or items
//! drawn at random from the order (seeded) where line order is not the order of adding
//! (Groceries lists items in taxonomy order). The engine, with the shipped rules and with
//! relevance only, and four rule-free baselines answer every case the same way.

use std::cmp::Ordering;

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, FeedErrors, Limits};
use serde::Serialize;
use serde_json::Value;

use crate::baskets::{Basket, Items};
use crate::document::{bootstrap, write_mined};
use crate::mine::{Mined, Miner, Thresholds};
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
    /// The day the engine believes it is (seasons) for a test order without a time; one with
    /// a time is asked on its own day.
    pub date: Date,
    /// The shop's feed to mine into, or `None` to bootstrap one from the orders.
    pub base: Option<Value>,
    /// The currency of a bootstrapped feed.
    pub currency: checkout_addons_engine::Currency,
    /// Mine without line order, as `addons mine --unordered-lines` would.
    pub unordered_lines: bool,
    /// Which known items of a test order form its cart.
    pub carts: CartDraw,
}

/// Which known items of a test order form its cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CartDraw {
    /// The first ones in line order: where lines are in the order shoppers added them.
    LineOrder,
    /// Drawn at random from the order, the same draw for the same seed: where line order
    /// says nothing about the order of adding.
    Random {
        /// Any number; the same seed gives the same carts.
        seed: u64,
    },
}

/// One test case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Case {
    /// Item numbers in the cart.
    pub cart: Vec<u32>,
    /// Item numbers bought besides.
    pub targets: Vec<u32>,
    /// The order's day (UTC), where the orders have times: the engine is asked on it, so a
    /// season in the feed is judged on the day the order was placed.
    pub day: Option<Date>,
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
    /// Share of cases given nothing at all: a checkout without add-ons.
    pub empty: f64,
    /// Mean number of picks per case (at most k).
    pub shown: f64,
}

/// One ranker's scores.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// The ranker's name, e.g. `engine` or `cosine`.
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
    /// The engine mode, `engine` or `engine-relevance`.
    pub engine: &'static str,
    /// The baseline.
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
    /// The engine as shipped, the engine on relevance alone, then the baselines.
    pub scores: Vec<Scores>,
    /// Each engine mode against each baseline.
    pub differences: Vec<Difference>,
    /// Buy-again only: the same rankers held to everything the customer buys again in this or
    /// any later test order, so P@k tells how many of the cards were for what the customer
    /// still buys at all (not a product they dropped).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub later: Vec<Scores>,
    /// Buy-again only: the engine's buy-again cards in every test order of a returning
    /// customer, whether or not it bought anything again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_cards: Option<DueCards>,
}

/// The engine's buy-again cards ("last bought on ...") at the first cut-off, over every test
/// order of a customer with earlier orders (its cart the order's first line): how many it
/// showed, and how many the order bought. A card for a staple shown before the shopper needs
/// it (a big pack on the small pack's cycle) is a card the order did not buy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DueCards {
    /// Test orders of customers with earlier orders.
    pub orders: usize,
    /// Buy-again cards shown in them.
    pub shown: usize,
    /// Of those, the ones the order bought.
    pub bought: usize,
}

impl Evaluation {
    /// The figures of a time split's `cases`.
    pub(crate) fn of(
        train: &[Basket],
        test: &[Basket],
        cases: usize,
        scores: Vec<Scores>,
        differences: Vec<Difference>,
    ) -> Evaluation {
        Evaluation {
            orders: train.len() + test.len(),
            train_orders: train.len(),
            test_orders: test.len(),
            cases,
            scores,
            differences,
            later: Vec::new(),
            due_cards: None,
        }
    }
}

/// Orders by time, then by file line: time-less files keep file order.
pub fn time_order(a: &Basket, b: &Basket) -> Ordering {
    (a.time, a.first_line).cmp(&(b.time, b.first_line))
}

/// The cases of `test`, given what training saw.
pub fn cases(test: &[Basket], train: &PairCounts, draw: CartDraw) -> Vec<Case> {
    let mut random = match draw {
        CartDraw::LineOrder => None,
        CartDraw::Random { seed } => Some(fastrand::Rng::with_seed(seed)),
    };
    test.iter()
        .filter_map(|basket| {
            let mut known: Vec<u32> = basket
                .items
                .iter()
                .copied()
                .filter(|&n| train.item_orders(n) > 0)
                .collect();
            if known.len() < 2 {
                return None;
            }
            if let Some(random) = &mut random {
                random.shuffle(&mut known);
            }
            let cart = MAX_CART.min(known.len() - 1);
            Some(Case {
                cart: known[..cart].to_vec(),
                targets: known[cart..].to_vec(),
                day: basket.time.and_then(day_of),
            })
        })
        .collect()
}

/// Evaluates the engine and the baselines on `baskets` (every order of the file).
pub fn evaluate(mut baskets: Vec<Basket>, items: &Items, setup: &Setup) -> Result<Evaluation, FeedErrors> {
    let (train, test) = time_split(&mut baskets);
    let items = &training_items(items, test);
    let catalog = setup.base.as_ref().and_then(|base| unlimited_catalog(base).ok());
    let mut miner = Miner::new(catalog.as_ref());
    if setup.unordered_lines {
        miner = miner.ignore_line_order();
    }
    for basket in train {
        miner.add(basket, items);
    }
    let mined = miner.finish(items, setup.thresholds);
    let catalog = unlimited_catalog(&training_feed(&mined, items, setup))?;
    let counts = miner.product_counts();
    let cases = cases(test, counts, setup.carts);

    let engine = |relevance_only: bool| {
        let catalog = &catalog;
        move |case: &Case, k: usize| -> Vec<u32> {
            let cart_ids: Vec<&str> = case.cart.iter().map(|&n| items.get(n).id.as_str()).collect();
            let cart = Cart::from_ids(catalog, cart_ids);
            let config = Config {
                max_items: k,
                relevance_only: relevance_only || setup.config.relevance_only,
                ..setup.config.clone()
            };
            recommend(catalog, &cart, case.day.unwrap_or(setup.date), &config)
                .iter()
                .filter_map(|pick| items.find(&pick.product_id))
                .collect()
        }
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
    let pairs = |case: &Case, k: usize| best_confidence(case, k, counts, &neighbours);
    let cosine = |case: &Case, k: usize| item_knn(case, k, counts, &neighbours, 0.5);
    let asymmetric = |case: &Case, k: usize| item_knn(case, k, counts, &neighbours, ASYMMETRIC_ALPHA);

    let scores = vec![
        score("engine", &cases, &setup.ks, engine(false)),
        score("engine-relevance", &cases, &setup.ks, engine(true)),
        score("popularity", &cases, &setup.ks, popularity),
        score("pairs", &cases, &setup.ks, pairs),
        score("cosine", &cases, &setup.ks, cosine),
        score("asym-cosine", &cases, &setup.ks, asymmetric),
    ];
    let differences = scores[..ENGINE_MODES]
        .iter()
        .flat_map(|engine| {
            scores[ENGINE_MODES..]
                .iter()
                .map(move |baseline| difference(engine, baseline))
        })
        .collect();
    Ok(Evaluation::of(train, test, cases.len(), scores, differences))
}

/// The items with the titles and prices the training orders gave them: the test orders' are
/// what the shop's catalog said later (a price rise, a renamed product), which the feed mined
/// from the older orders could not have held.
pub(crate) fn training_items(items: &Items, test: &[Basket]) -> Items {
    match test.first() {
        Some(first) => items.as_of((first.time, first.first_line)),
        None => items.clone(),
    }
}

/// The calendar day (UTC) of a time in seconds since 1970.
pub(crate) fn day_of(seconds: i64) -> Option<Date> {
    let day = jiff::Timestamp::from_second(seconds)
        .ok()?
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    Date::new(
        u16::try_from(day.year()).ok()?,
        day.month() as u8,
        day.day() as u8,
    )
}

/// Orders in time order, split: the oldest [`TRAIN_SHARE_PERCENT`]% to mine, the rest to test.
pub(crate) fn time_split(baskets: &mut [Basket]) -> (&[Basket], &[Basket]) {
    baskets.sort_by(time_order);
    let train_len = baskets.len() * TRAIN_SHARE_PERCENT / 100;
    baskets.split_at(train_len)
}

/// The feed `addons mine` would write from the training orders: into the shop's feed, or one
/// bootstrapped from the orders.
pub(crate) fn training_feed(mined: &Mined, items: &Items, setup: &Setup) -> Value {
    let mut feed = match &setup.base {
        Some(base) => base.clone(),
        None => bootstrap(items, &setup.currency).feed,
    };
    write_mined(&mut feed, mined, setup.thresholds, "training orders");
    feed
}

/// The engine's rows come first in [`Evaluation::scores`]: as shipped, and on relevance alone.
pub const ENGINE_MODES: usize = 2;

/// The asymmetric cosine baseline's weight on the cart item's popularity (0.5 is cosine, 1
/// is confidence): of 0.75, 0.85, 0.9 and 1.0, 0.9 scored best for it on the gift shop and
/// within noise of the best on the bakery and Groceries (docs/mining.md).
pub const ASYMMETRIC_ALPHA: f64 = 0.9;

/// The catalog of a feed document, whatever its size: an evaluation may hold more products
/// than a browser should.
pub(crate) fn unlimited_catalog(feed: &Value) -> Result<Catalog, FeedErrors> {
    let unlimited = Limits {
        max_feed_bytes: usize::MAX,
        max_products: usize::MAX,
        max_text_chars: usize::MAX,
    };
    Catalog::from_json_with_limits(&feed.to_string(), &unlimited)
}

/// What a ranker's picks are scored against: the items of a case that were really bought.
pub(crate) trait Targets {
    fn targets(&self) -> &[u32];
}

impl Targets for Case {
    fn targets(&self) -> &[u32] {
        &self.targets
    }
}

pub(crate) fn score<C: Targets>(
    ranker: &'static str,
    cases: &[C],
    ks: &[usize],
    rank: impl Fn(&C, usize) -> Vec<u32>,
) -> Scores {
    let mut hits_per_k = Vec::new();
    let at = ks
        .iter()
        .map(|&k| {
            let (mut hits, mut precision) = (Vec::with_capacity(cases.len()), 0f64);
            let (mut empty, mut shown) = (0usize, 0usize);
            for case in cases {
                let picks = rank(case, k);
                let picks = &picks[..picks.len().min(k)];
                let found = picks.iter().filter(|n| case.targets().contains(n)).count();
                hits.push(found > 0);
                precision += found as f64 / k as f64;
                empty += usize::from(picks.is_empty());
                shown += picks.len();
            }
            let total = cases.len().max(1) as f64;
            let at = AtK {
                k,
                hit_rate: hits.iter().filter(|&&h| h).count() as f64 / total,
                precision: precision / total,
                empty: empty as f64 / total,
                shown: shown as f64 / total,
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
pub(crate) fn difference(engine: &Scores, baseline: &Scores) -> Difference {
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
        engine: engine.ranker,
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

/// Every co-occurring item of every item, with the orders holding both: the baselines use all
/// pairs, no thresholds.
fn all_neighbours(counts: &PairCounts, items: usize) -> Vec<Vec<(u32, u32)>> {
    let mut neighbours = vec![Vec::new(); items];
    for stats in counts.stats(1) {
        neighbours[stats.a as usize].push((stats.b, stats.count));
        neighbours[stats.b as usize].push((stats.a, stats.count));
    }
    neighbours
}

/// Candidates not in the cart, each scored from every cart item by `link(cart item, its
/// orders, candidate, orders with both)`, combined by `fold`; the best `k`, ties to the more
/// popular, then the lower number.
fn rank_neighbours(
    case: &Case,
    k: usize,
    counts: &PairCounts,
    neighbours: &[Vec<(u32, u32)>],
    link: impl Fn(f64, u32, f64) -> f64,
    fold: impl Fn(f64, f64) -> f64,
) -> Vec<u32> {
    let mut scores: std::collections::HashMap<u32, f64> = std::collections::HashMap::new();
    for &c in &case.cart {
        let in_c = f64::from(counts.item_orders(c));
        for &(x, together) in &neighbours[c as usize] {
            if case.cart.contains(&x) {
                continue;
            }
            let strength = link(in_c, x, f64::from(together));
            scores
                .entry(x)
                .and_modify(|s| *s = fold(*s, strength))
                .or_insert(strength);
        }
    }
    let mut ranked: Vec<(u32, f64)> = scores.into_iter().collect();
    ranked.sort_by(|(a, x), (b, y)| {
        y.total_cmp(x)
            .then(counts.item_orders(*b).cmp(&counts.item_orders(*a)))
            .then(a.cmp(b))
    });
    ranked.into_iter().take(k).map(|(n, _)| n).collect()
}

/// The pair co-occurrence baseline: items by their highest confidence from any cart item.
fn best_confidence(case: &Case, k: usize, counts: &PairCounts, neighbours: &[Vec<(u32, u32)>]) -> Vec<u32> {
    rank_neighbours(
        case,
        k,
        counts,
        neighbours,
        |in_c, _, together| together / in_c,
        f64::max,
    )
}

/// The item-kNN baselines: `together / (orders(cart item)^alpha × orders(candidate)^(1 -
/// alpha))` summed over the cart items. `alpha` 0.5 is cosine similarity; other values are
/// the asymmetric cosine of basket-completion studies.
fn item_knn(
    case: &Case,
    k: usize,
    counts: &PairCounts,
    neighbours: &[Vec<(u32, u32)>],
    alpha: f64,
) -> Vec<u32> {
    let link = |in_c: f64, x: u32, together: f64| {
        together / (in_c.powf(alpha) * f64::from(counts.item_orders(x)).powf(1.0 - alpha))
    };
    rank_neighbours(case, k, counts, neighbours, link, |a, b| a + b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basket(line: u64, items: &[u32]) -> Basket {
        Basket {
            first_line: line,
            time: None,
            items: items.to_vec(),
            quantities: vec![1; items.len()],
            variants: Vec::new(),
            customer: None,
            value: 0,
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
            cases(&test, &train, CartDraw::LineOrder),
            [
                Case {
                    cart: vec![0],
                    targets: vec![1],
                    day: None,
                },
                Case {
                    cart: vec![0, 1, 2],
                    targets: vec![3, 4, 5],
                    day: None,
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
                day: None,
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
                day: None,
            },
            Case {
                cart: vec![0],
                targets: vec![2, 3],
                day: None,
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
                precision: 0.5,
                empty: 0.0,
                shown: 1.0
            }
        );
        assert_eq!(
            scores.at[1],
            AtK {
                k: 2,
                hit_rate: 1.0,
                precision: 0.5,
                empty: 0.0,
                shown: 2.0
            }
        );
    }
}
