//! Benchmarks for docs/benchmarks.md: feed parse-and-index throughput, and one recommendation
//! in a large catalog. Run with `cargo bench -p checkout-addons-engine`.

use std::fmt::Write;
use std::hint::black_box;

use checkout_addons_engine::{recommend, Cart, Catalog, Config, Date, Limits, LIMITS};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// Big enough for the largest synthetic catalog; the browser keeps [`LIMITS`].
const TOOL_LIMITS: Limits = Limits {
    max_feed_bytes: 1 << 30,
    max_products: 1_000_000,
    ..LIMITS
};

/// A deterministic pseudo-random sequence, so every run measures the same feed.
struct Sequence(u64);

impl Sequence {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % bound
    }
}

/// A synthetic shop of `products` products in 100 shelves, two complements each and
/// `neighbours` co-purchase neighbours each; one in ten is an impulse item.
fn feed(products: usize, neighbours: usize) -> String {
    let mut random = Sequence(42);
    let mut out = String::with_capacity(products * (200 + neighbours * 75));
    out.push_str(r#"{"version":1,"currency":"EUR","products":["#);
    for i in 0..products {
        let (top, leaf) = (random.below(10), random.below(10));
        let price = 100 + random.below(100_000);
        let impulse = random.below(10) == 0;
        let separator = if i == 0 { "" } else { "," };
        write!(
            out,
            r#"{separator}{{"id":"p{i}","title":"Product {i}","price":{price},"url":"/p/{i}","image":"/img/{i}.jpg","category":["Dept {top}","Shelf {top}-{leaf}"],"impulse":{impulse},"stock":{}}}"#,
            random.below(50)
        )
        .unwrap();
    }
    out.push_str(r#"],"complements":["#);
    for i in 0..products {
        for c in 0..2 {
            let to = (i + 1 + random.below(products as u64 - 1) as usize) % products;
            let separator = if i == 0 && c == 0 { "" } else { "," };
            write!(out, r#"{separator}{{"from":"p{i}","to":"p{to}"}}"#).unwrap();
        }
    }
    out.push_str(r#"],"copurchase":{"#);
    for i in 0..products {
        let separator = if i == 0 { "" } else { "," };
        write!(out, r#"{separator}"p{i}":["#).unwrap();
        for n in 0..neighbours {
            let with = (i + 1 + random.below(products as u64 - 1) as usize) % products;
            let (count, confidence, lift) = (
                1 + random.below(500),
                random.below(1000) as f64 / 1000.0,
                random.below(80) as f64 / 10.0,
            );
            let separator = if n == 0 { "" } else { "," };
            write!(
                out,
                r#"{separator}{{"with":"p{with}","count":{count},"confidence":{confidence},"lift":{lift}}}"#
            )
            .unwrap();
        }
        out.push(']');
    }
    // Mined from a million orders, so ranking weighs neighbours as a mined feed's are.
    out.push_str(r#"},"mined":{"orders":1000000}}"#);
    out
}

fn parse_and_index(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse_and_index");
    group.sample_size(10);
    for products in [1_000, 10_000, 100_000] {
        let text = feed(products, 5);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(products), &text, |b, text| {
            b.iter(|| Catalog::from_json_with_limits(black_box(text), &TOOL_LIMITS).unwrap())
        });
    }
    group.finish();
}

fn one_recommendation(c: &mut Criterion) {
    let catalog = Catalog::from_json_with_limits(&feed(100_000, 10), &TOOL_LIMITS).unwrap();
    let cart = Cart::from_ids(&catalog, ["p17", "p4242", "p31337", "p65000", "p99999"]);
    let date = Date::new(2026, 11, 23).unwrap();
    let config = Config::default();
    c.bench_function(
        "recommend/5-item cart, 100k products, 1M co-purchase pairs",
        |b| b.iter(|| recommend(black_box(&catalog), black_box(&cart), date, &config)),
    );
}

criterion_group!(benches, parse_and_index, one_recommendation);
criterion_main!(benches);
