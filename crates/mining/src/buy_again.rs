//! Offline evaluation of buy-again: do a customer's past orders tell what they buy again?
//!
//! Orders in time order; the first 80% are mined as `addons mine --customer-col` would
//! (co-purchase and repurchase cycles), the last 20% are the test. A test order of a customer
//! with earlier orders is a case when it holds a product that customer bought before: its cart
//! is its first line, its targets those repeats. The engine answers with the customer's
//! earlier orders as its history (what the widget's `history` gives it), and without; the
//! baseline offers what this customer bought most often (most recently first on ties). Each is
//! also held to what the customer buys again in that or any later test order: a card for a
//! product they dropped misses there too.

use std::collections::HashMap;

use checkout_addons_engine::{
    recommend, Cart, CartLine, Date, FeedErrors, History, PastOrder, Reason, MAX_PAST_LINES, MAX_PAST_ORDERS,
};

use crate::baskets::{Basket, Items};
use crate::document::write_repurchase_days;
use crate::evaluate::{
    day_of, difference, score, time_split, training_feed, training_items, unlimited_catalog, DueCards,
    Evaluation, Setup, Targets,
};
use crate::mine::Miner;
use crate::repurchase::Repurchases;

/// The rankers, in the order of [`Evaluation::scores`]: the engine with the history comes first.
pub const RANKERS: [&str; 3] = ["engine", "engine-no-history", "customer-frequency"];

/// One case: the cart (the order's first line), the repeats bought besides, the products of
/// earlier orders bought in it or any later test order, and the customer's earlier orders up
/// to that day.
struct Repeat<'a> {
    cart: u32,
    targets: Vec<u32>,
    later: Vec<u32>,
    before: Vec<&'a Basket>,
    day: Option<Date>,
}

impl Targets for Repeat<'_> {
    fn targets(&self) -> &[u32] {
        &self.targets
    }
}

/// A case held to what the customer buys again later.
struct Later<'c, 'a>(&'c Repeat<'a>);

impl Targets for Later<'_, '_> {
    // Its targets are the case's later ones, on purpose.
    #[allow(clippy::misnamed_getters)]
    fn targets(&self) -> &[u32] {
        &self.0.later
    }
}

/// Evaluates buy-again on `baskets` (every order of the file, with customers and times).
pub fn evaluate_buy_again(
    mut baskets: Vec<Basket>,
    items: &Items,
    setup: &Setup,
) -> Result<Evaluation, FeedErrors> {
    let (train, test) = time_split(&mut baskets);
    let items = &training_items(items, test);
    let base = setup.base.as_ref().and_then(|base| unlimited_catalog(base).ok());
    let mut miner = Miner::new(base.as_ref());
    let mut repurchases = Repurchases::new();
    for basket in train {
        miner.add(basket, items);
        repurchases.add(basket);
    }
    let mined = miner.finish(items, setup.thresholds);
    let mut feed = training_feed(&mined, items, setup);
    write_repurchase_days(&mut feed, &repurchases.finish(items, base.as_ref()));
    let catalog = unlimited_catalog(&feed)?;

    // Each customer's orders so far, oldest first: training, then each test order once asked.
    let mut earlier: HashMap<&str, Vec<&Basket>> = HashMap::new();
    for basket in train {
        if let Some(customer) = &basket.customer {
            earlier.entry(customer).or_default().push(basket);
        }
    }
    // Each customer's test orders, by their places in `test`.
    let mut tested: HashMap<&str, Vec<usize>> = HashMap::new();
    for (at, basket) in test.iter().enumerate() {
        if let Some(customer) = &basket.customer {
            tested.entry(customer).or_default().push(at);
        }
    }
    let mut cases = Vec::new();
    // Every test order of a returning customer, with their orders before it.
    let mut returning: Vec<(&Basket, Vec<&Basket>)> = Vec::new();
    for (at, basket) in test.iter().enumerate() {
        let Some(customer) = &basket.customer else {
            continue;
        };
        let before = earlier.entry(customer).or_default();
        if !before.is_empty() && !basket.items.is_empty() {
            // The engine reads only the newest orders of a history.
            returning.push((
                basket,
                before[before.len().saturating_sub(MAX_PAST_ORDERS)..].to_vec(),
            ));
        }
        if let Some((&first, rest)) = basket.items.split_first() {
            let targets: Vec<u32> = (rest.iter().copied())
                .filter(|n| before.iter().any(|b| b.items.contains(n)))
                .collect();
            if !targets.is_empty() {
                let mut later = targets.clone();
                let theirs = tested[customer.as_str()].iter().filter(|&&next| next > at);
                for &n in theirs.flat_map(|&next| &test[next].items) {
                    if n != first && !later.contains(&n) && before.iter().any(|b| b.items.contains(&n)) {
                        later.push(n);
                    }
                }
                cases.push(Repeat {
                    cart: first,
                    targets,
                    later,
                    before: before.clone(),
                    day: basket.time.and_then(day_of),
                });
            }
        }
        before.push(basket);
    }

    // The engine's answer to a cart of `first`, with the customer's orders `before` as the
    // history, at most `k` picks.
    let ask = |first: u32, before: Option<&[&Basket]>, day: Option<Date>, k: usize| {
        let cart = Cart::from_ids(&catalog, [items.get(first).id.as_str()]);
        let cart = match before {
            Some(before) => cart.with_history(&catalog, &history(before, items)),
            None => cart,
        };
        let config = checkout_addons_engine::Config {
            max_items: k,
            ..setup.config.clone()
        };
        recommend(&catalog, &cart, day.unwrap_or(setup.date), &config)
    };
    let engine = |with_history: bool| {
        let ask = &ask;
        move |case: &Repeat, k: usize| -> Vec<u32> {
            let before = with_history.then_some(case.before.as_slice());
            (ask(case.cart, before, case.day, k).iter())
                .filter_map(|pick| items.find(&pick.product_id))
                .collect()
        }
    };
    let frequency = |case: &Repeat, k: usize| -> Vec<u32> {
        // (orders holding it, the last order holding it), by item.
        let mut counts: HashMap<u32, (usize, usize)> = HashMap::new();
        for (when, basket) in case.before.iter().enumerate() {
            for &n in &basket.items {
                let entry = counts.entry(n).or_default();
                *entry = (entry.0 + 1, when);
            }
        }
        let mut ranked: Vec<(u32, (usize, usize))> =
            (counts.into_iter()).filter(|(n, _)| *n != case.cart).collect();
        ranked.sort_by(|(a, x), (b, y)| y.cmp(x).then(a.cmp(b)));
        ranked.into_iter().take(k).map(|(n, _)| n).collect()
    };
    let scores = vec![
        score(RANKERS[0], &cases, &setup.ks, engine(true)),
        score(RANKERS[1], &cases, &setup.ks, engine(false)),
        score(RANKERS[2], &cases, &setup.ks, frequency),
    ];
    let differences = scores[1..]
        .iter()
        .map(|other| difference(&scores[0], other))
        .collect();
    let mut due_cards = DueCards {
        orders: returning.len(),
        ..DueCards::default()
    };
    let k = setup.ks.iter().copied().min().unwrap_or(3);
    for (basket, before) in &returning {
        for pick in ask(basket.items[0], Some(before), basket.time.and_then(day_of), k) {
            if matches!(pick.reason, Reason::LastBought { .. }) {
                due_cards.shown += 1;
                let bought = items
                    .find(&pick.product_id)
                    .is_some_and(|n| basket.items.contains(&n));
                due_cards.bought += usize::from(bought);
            }
        }
    }
    let later_cases: Vec<Later> = cases.iter().map(Later).collect();
    let later = vec![
        score(RANKERS[0], &later_cases, &setup.ks, |c, k| engine(true)(c.0, k)),
        score(RANKERS[2], &later_cases, &setup.ks, |c, k| frequency(c.0, k)),
    ];
    Ok(Evaluation {
        later,
        due_cards: Some(due_cards),
        ..Evaluation::of(train, test, cases.len(), scores, differences)
    })
}

/// A customer's earlier orders as the widget's `history` would hold them: the newest
/// [`MAX_PAST_ORDERS`], each of at most [`MAX_PAST_LINES`] lines.
fn history(before: &[&Basket], items: &Items) -> History {
    let orders = before.iter().rev().take(MAX_PAST_ORDERS).filter_map(|basket| {
        Some(PastOrder {
            date: day_of(basket.time?)?,
            lines: lines(basket, items).take(MAX_PAST_LINES).collect(),
            total: None,
        })
    });
    History::from(orders.collect::<Vec<_>>())
}

/// An order's lines as its page would list them: each variant it named by its own id (the
/// 12 kg bag, whose cycle is its own), and what it bought by the product's id as the product.
fn lines<'a>(basket: &'a Basket, items: &'a Items) -> impl Iterator<Item = CartLine> + 'a {
    (basket.items.iter().zip(&basket.quantities)).flat_map(move |(&n, &quantity)| {
        let variants = basket.variants_of(n);
        let named = variants
            .clone()
            .fold(0u32, |sum, &(_, _, q)| sum.saturating_add(q));
        let line = |id: &str, quantity: u32| CartLine {
            quantity,
            ..CartLine::one(id)
        };
        let own = (quantity > named).then(|| line(&items.get(n).id, quantity - named));
        (variants.map(move |&(_, v, q)| line(items.variant_id(v), q))).chain(own)
    })
}
