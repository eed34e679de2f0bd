//! Benchmarks of the engine for docs/benchmarks.md, on the generated shops `addons generate`
//! writes: feed parse-and-index throughput, and one recommendation in a large catalog. Run
//! with `cargo bench -p checkout-addons-shops`.

use std::hint::black_box;

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, Limits, LIMITS};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Big enough for the largest generated shop; the browser keeps [`LIMITS`].
const TOOL_LIMITS: Limits = Limits {
    max_feed_bytes: 1 << 30,
    max_products: 1_000_000,
    ..LIMITS
};

/// The shop of `products` products that `addons generate --products N --seed 1` writes.
fn feed(products: usize) -> String {
    serde_json::to_string(&checkout_addons_shops::shop(products, 1)).expect("a shop serialises")
}

fn parse_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_index");
    group.sample_size(10);
    for products in [1_000, 10_000, 100_000] {
        let text = feed(products);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(products), &text, |b, text| {
            b.iter(|| Catalog::from_json_with_limits(black_box(text), &TOOL_LIMITS).unwrap())
        });
    }
    group.finish();
}

fn one_recommendation(c: &mut Criterion) {
    let catalog = Catalog::from_json_with_limits(&feed(100_000), &TOOL_LIMITS).unwrap();
    let cart = Cart::from_ids(&catalog, ["g17", "g4242", "g31337", "g65000", "g99999"]);
    assert_eq!(cart.unknown_ids().len(), 0, "the cart's products are in the shop");
    let date = Date::new(2026, 11, 23).unwrap();
    let config = Config::default();
    c.bench_function("recommend/5-item cart, 100k generated products", |b| {
        b.iter(|| recommend(black_box(&catalog), black_box(&cart), date, &config))
    });
}

criterion_group!(benches, parse_and_index, one_recommendation);
criterion_main!(benches);
