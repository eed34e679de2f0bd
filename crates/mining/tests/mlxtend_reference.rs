//! Pair counts against a third-party reference: Python mlxtend's fpgrowth (max_len=2) on the
//! real Groceries data, produced by scripts/mlxtend_pairs.py.

use std::collections::HashMap;

use checkout_addons_engine::Currency;
use checkout_addons_mining::{read_baskets, Columns, Miner, OrderLines, ReadOptions};

const GROCERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/data/groceries/orders.csv"
);
/// Every pair mlxtend finds in at least 50 orders, with its count.
const REFERENCE: &str = include_str!("fixtures/groceries_pairs_mlxtend_min50.csv");

type Pairs = HashMap<(String, String), u32>;

fn mine_groceries() -> (Pairs, u64) {
    let file = std::fs::File::open(GROCERIES).expect("../shared/data/groceries/orders.csv is present");
    let lines = OrderLines::new(file, &Columns::default(), Currency::parse("EUR").unwrap()).unwrap();
    let mut miner = Miner::new(None);
    let (items, report) =
        read_baskets(lines, &ReadOptions::default(), |b, items| miner.add(b, items)).unwrap();
    assert_eq!(report.malformed, 0);
    let pairs = miner
        .product_counts()
        .stats(1)
        .map(|s| {
            let (a, b) = (items.get(s.a).id.clone(), items.get(s.b).id.clone());
            (if a < b { (a, b) } else { (b, a) }, s.count)
        })
        .collect();
    (pairs, report.orders)
}

#[test]
fn pair_counts_equal_mlxtend_fpgrowth_on_groceries() {
    let (ours, orders) = mine_groceries();
    assert_eq!(orders, 9_835);
    let mut reference: Pairs = HashMap::new();
    for row in REFERENCE.lines().skip(1) {
        let fields: Vec<&str> = row.split(',').collect();
        let [a, b, count] = fields[..] else {
            panic!("bad reference row {row}")
        };
        reference.insert((a.to_owned(), b.to_owned()), count.parse().unwrap());
    }
    assert_eq!(reference.len(), 605);
    let ours_at_50: Pairs = ours
        .iter()
        .filter(|(_, &c)| c >= 50)
        .map(|(k, &c)| (k.clone(), c))
        .collect();
    assert_eq!(ours_at_50, reference);
    // mlxtend's totals for the whole file (scripts/mlxtend_pairs.py with MIN_COUNT 10 and 1).
    assert_eq!(ours.values().filter(|&&c| c >= 10).count(), 2_981);
    assert_eq!(ours.len(), 9_636);
}
