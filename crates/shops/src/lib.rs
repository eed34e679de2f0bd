//! Plausible shops of any size, generated: for `addons generate`, the benchmarks and the trials
//! of big catalogs (docs/benchmarks.md), so no big feed is ever committed. Deterministic for a
//! seed. Its own crate so that the CLI and the engine's benchmarks (`benches/engine.rs`, here
//! because the engine cannot depend on what depends on it) measure the same shops.
//!
//! What makes it plausible, as seen in the real feeds of `shared/data`: departments of leaf
//! categories, each with its own price level and a log-normal spread; accessory shelves that
//! belong to a main shelf and cost a fraction of it (with the shop's complements and a
//! category complement); a till shelf of cheap impulse items; variants on a third of the
//! products; a few upgrades and bundles; and co-purchase as `addons mine` writes it: a
//! popularity that falls off like Zipf, up to ten neighbours a product, mostly from its own
//! and its accessory shelf, with counts, confidence and lift computed from those popularities;
//! and title links as `addons mine` writes them for a shop of series: up to three products of
//! the same shelf for half the products, weighed down by their popularity.

use checkout_addons_engine::{
    Availability, Bundle, CategoryComplement, CoPurchase, Complement, Kind, Money, Product, Similar, Upgrade,
    Variant, FEED_VERSION,
};
use serde::Serialize;

/// Leaf categories: one per this many products, at least a few.
const PRODUCTS_PER_LEAF: usize = 60;
/// Co-purchase neighbours a product gets at most, as `addons mine --top` keeps.
const NEIGHBOURS: usize = 10;
/// Title links a product gets at most, as `addons mine` keeps.
const SIMILAR: usize = 3;
/// Orders the statistics pretend to come from, per product.
const ORDERS_PER_PRODUCT: u64 = 20;

/// A generated shop: a v1 feed (`serde_json::to_string` writes it).
#[derive(Serialize)]
pub struct Shop {
    version: u64,
    currency: &'static str,
    /// Its products, `g0` to `g{n-1}`.
    pub products: Vec<Product>,
    complements: Vec<Complement>,
    category_complements: Vec<CategoryComplement>,
    upgrades: Vec<Upgrade>,
    bundles: Vec<Bundle>,
    copurchase: std::collections::BTreeMap<String, Vec<CoPurchase>>,
    similar: std::collections::BTreeMap<String, Vec<Similar>>,
    mined: Mined,
}

#[derive(Serialize)]
struct Mined {
    source: &'static str,
    orders: u64,
}

/// A small, fast, seeded generator (splitmix64): the same seed gives the same shop.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A standard normal deviate (Box-Muller).
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit().max(1e-12), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// A shelf: where its products sit, what they cost, and the main shelf it serves.
struct Shelf {
    path: Vec<String>,
    median_price: f64,
    accessory_of: Option<usize>,
    till: bool,
    products: Vec<usize>,
}

const WORDS: [&str; 24] = [
    "Classic",
    "Compact",
    "Premium",
    "Organic",
    "Travel",
    "Deluxe",
    "Everyday",
    "Vintage",
    "Ceramic",
    "Wooden",
    "Stainless",
    "Linen",
    "Cotton",
    "Bamboo",
    "Nordic",
    "Urban",
    "Heritage",
    "Studio",
    "Garden",
    "Kitchen",
    "Outdoor",
    "Family",
    "Mini",
    "Grand",
];

/// Cycles a consumable is rebought on, in days: weekly groceries to quarterly filters.
const CYCLES: [u16; 6] = [7, 14, 21, 30, 60, 90];
/// The history's span.
const HISTORY_DAYS: i64 = 365;

/// A year of orders from `customers` customers, as CSV
/// (`order_id,product_id,ordered_at,customer_id,quantity`). One product in ten off the till
/// becomes a consumable with a cycle from [`CYCLES`] (for one of it, written into the feed as
/// the truth to check mining against); each customer rebuys two or three of them on their
/// cycle, a day early or late now and then, skipping one cycle in ten, stocking up (two, for
/// two cycles) one time in ten and dropping one staple in four part-way, each order with up
/// to two products of the rest, in any line order. Half the consumables with variants sell
/// their last variant as a big pack that lasts three times as long (its own
/// `repurchase_days`), which one customer in three of them buys instead, by its variant id.
/// Drawn from a stream of its own, so the shop is the same with or without it.
pub fn history(shop: &mut Shop, customers: usize, seed: u64) -> String {
    let mut random = Random(seed ^ 0x005e_ed0f_0e0e_0018);
    let mut consumables = Vec::new();
    for (position, product) in shop.products.iter_mut().enumerate() {
        if !product.impulse && random.chance(0.1) {
            let cycle = CYCLES[random.below(CYCLES.len())];
            product.repurchase_days = Some(cycle);
            product.kinds = vec![Kind::Consumable];
            consumables.push(position);
            if let [_, .., big] = product.variants.as_mut_slice() {
                if random.chance(0.5) {
                    big.repurchase_days = Some(cycle * 3);
                }
            }
        }
    }
    let count = shop.products.len();
    // 2026-01-01T00:00:00Z
    let start = 1_767_225_600;
    // (time, customer, product, its big pack's variant or none, quantity)
    let mut orders: Vec<(i64, usize, usize, Option<usize>, i64)> = Vec::new();
    for customer in 0..customers {
        let mut staples: Vec<usize> = Vec::new();
        for _ in 0..2 + random.below(2) {
            let Some(&position) = consumables.get(random.below(consumables.len())) else {
                break;
            };
            // One rhythm per product and customer.
            if staples.contains(&position) {
                continue;
            }
            staples.push(position);
            let product = &shop.products[position];
            let big = (product.variants.iter().rposition(|v| v.repurchase_days.is_some()))
                .filter(|_| random.chance(1.0 / 3.0));
            let days = match big {
                Some(v) => product.variants[v].repurchase_days,
                None => product.repurchase_days,
            };
            let cycle = i64::from(days.unwrap_or(30));
            let mut day = random.below(cycle as usize) as i64;
            // One staple in four is dropped part-way (another brand, another shop) while the
            // customer goes on ordering the rest.
            let stop = if random.chance(0.25) {
                random.below(HISTORY_DAYS as usize) as i64
            } else {
                HISTORY_DAYS
            };
            while day < stop {
                if !random.chance(0.1) {
                    let hour = 8 + random.below(12) as i64;
                    // Stocking up now and then: two, which last two cycles.
                    let quantity = if random.chance(0.1) { 2 } else { 1 };
                    orders.push((
                        start + day * 86_400 + hour * 3_600,
                        customer,
                        position,
                        big,
                        quantity,
                    ));
                    day += cycle * (quantity - 1);
                }
                day += cycle + [-1, 0, 0, 0, 1][random.below(5)];
            }
        }
    }
    orders.sort_unstable();
    let mut csv = String::from("order_id,product_id,ordered_at,customer_id,quantity\n");
    for (n, &(time, customer, position, big, quantity)) in orders.iter().enumerate() {
        let mut lines = vec![(position, big, quantity)];
        for _ in 0..random.below(3) {
            lines.push((random.below(count), None, 1));
        }
        // Added in any order: the staple is not always the first line.
        let first = random.below(lines.len());
        lines.swap(0, first);
        for (line, big, quantity) in lines {
            let product = &shop.products[line];
            let id = big.map_or(&product.id, |v| &product.variants[v].id);
            csv.push_str(&format!("{n},{id},{time},customer-{customer},{quantity}\n"));
        }
    }
    csv
}

/// A shop of `count` products, the same for the same `seed`.
pub fn shop(count: usize, seed: u64) -> Shop {
    let mut random = Random(seed);
    let leaves = (count / PRODUCTS_PER_LEAF).max(4);
    let mut shelves: Vec<Shelf> = (0..leaves)
        .map(|leaf| {
            let department = leaf % (leaves / 8).clamp(1, 30);
            Shelf {
                path: vec![format!("Department {department}"), format!("Shelf {leaf}")],
                // From about 2 to 500 in the shop's currency.
                median_price: (200.0 * (random.unit() * 5.5).exp()).round(),
                accessory_of: None,
                till: false,
                products: Vec::new(),
            }
        })
        .collect();
    // One shelf in five holds accessories of another; the last one is by the till.
    for leaf in (0..leaves - 1).filter(|leaf| leaf % 5 == 4) {
        let main = leaf - 1 - random.below(leaf.min(3));
        let main_price = shelves[main].median_price;
        shelves[leaf].accessory_of = Some(main);
        shelves[leaf].median_price = (main_price * (0.15 + 0.1 * random.unit())).max(99.0);
    }
    let till = leaves - 1;
    shelves[till].till = true;
    shelves[till].median_price = 250.0;
    shelves[till].path = vec!["Till".to_owned(), "Impulse".to_owned()];

    let mut products = Vec::with_capacity(count);
    for position in 0..count {
        // A few products by the till; the rest spread over the shelves.
        let leaf = if random.chance(0.03) {
            till
        } else {
            random.below(leaves - 1)
        };
        let shelf = &mut shelves[leaf];
        shelf.products.push(position);
        let price = (shelf.median_price * (0.5 * random.normal()).exp())
            .round()
            .max(49.0) as i64;
        let variants = match random.chance(0.3) {
            true => (0..2 + random.below(3))
                .map(|v| Variant {
                    id: format!("g{position}-v{v}"),
                    title: format!("Size {}", ["S", "M", "L", "XL", "XXL"][v]),
                    price: (v > 1).then_some(Money(price + 100 * v as i64)),
                    available: !random.chance(0.1),
                    repurchase_days: None,
                })
                .collect(),
            false => Vec::new(),
        };
        let title = format!(
            "{} {} {} no. {position}",
            WORDS[random.below(WORDS.len())],
            WORDS[random.below(WORDS.len())],
            shelf.path[1]
        );
        products.push(Product {
            id: format!("g{position}"),
            title,
            price: Money(price),
            compare_at_price: random.chance(0.05).then_some(Money(price * 5 / 4)),
            url: format!("/products/g{position}"),
            image: format!("/images/g{position}.jpg"),
            category: shelf.path.clone(),
            brand: format!("Brand {}", random.below(200)),
            tags: Vec::new(),
            availability: match random.chance(0.05) {
                true => Availability::OutOfStock,
                false => Availability::InStock,
            },
            stock: None,
            continue_selling: false,
            variants,
            kinds: Vec::new(),
            impulse: shelf.till,
            clearance: random.chance(0.02),
            seasons: Vec::new(),
            restricted: random.chance(0.01),
            margin_percent: None,
            repurchase_days: None,
        });
    }

    // Popularity falls off like Zipf over a random order of the products.
    let mut rank: Vec<usize> = (0..count).collect();
    for i in (1..count).rev() {
        rank.swap(i, random.below(i + 1));
    }
    let orders = ORDERS_PER_PRODUCT * count as u64;
    let mut popularity = vec![0.0; count];
    for (r, &position) in rank.iter().enumerate() {
        popularity[position] = 0.05 / (r as f64 + 1.0).powf(0.5);
    }

    let mut complements = Vec::new();
    let mut category_complements = Vec::new();
    let mut copurchase = std::collections::BTreeMap::new();
    for shelf in &shelves {
        let Some(main) = shelf.accessory_of else {
            continue;
        };
        if shelf.products.is_empty() || shelves[main].products.is_empty() {
            continue;
        }
        category_complements.push(CategoryComplement {
            from: shelves[main].path.clone(),
            to: shelf.path.clone(),
            count: None,
            confidence: None,
            lift: None,
        });
        for &product in &shelves[main].products {
            if random.chance(0.5) {
                let to = shelf.products[random.below(shelf.products.len())];
                complements.push(Complement {
                    from: products[product].id.clone(),
                    to: products[to].id.clone(),
                });
            }
        }
    }
    let shelf_of: Vec<usize> = {
        let mut of = vec![0; count];
        for (leaf, shelf) in shelves.iter().enumerate() {
            for &p in &shelf.products {
                of[p] = leaf;
            }
        }
        of
    };
    // Each shelf with the shelves of its accessories: where most neighbours come from.
    let mut near: Vec<Vec<usize>> = (0..shelves.len()).map(|leaf| vec![leaf]).collect();
    for (leaf, shelf) in shelves.iter().enumerate() {
        if let Some(main) = shelf.accessory_of {
            near[main].push(leaf);
        }
    }
    for position in 0..count {
        let near = &near[shelf_of[position]];
        let mut neighbours: Vec<CoPurchase> = Vec::new();
        for _ in 0..random.below(NEIGHBOURS + 1) {
            // Mostly from the same or an accessory shelf, else anywhere (popular ones more).
            let shelf = &shelves[near[random.below(near.len())]];
            // Related products are bought together far more often than chance; others a little.
            let (with, lift) = match random.chance(0.7) && !shelf.products.is_empty() {
                true => (
                    shelf.products[random.below(shelf.products.len())],
                    10.0 + 50.0 * random.unit(),
                ),
                false => (
                    rank[(random.unit().powi(3) * count as f64) as usize % count],
                    1.0 + 3.0 * random.unit(),
                ),
            };
            if with == position || neighbours.iter().any(|n| n.with == products[with].id) {
                continue;
            }
            let (a, b) = (popularity[position], popularity[with]);
            let together = (a * b * lift).min(a.min(b));
            let pair_orders = (together * orders as f64).round() as u32;
            if pair_orders < 3 {
                continue;
            }
            let own_orders = (a * orders as f64).max(1.0);
            neighbours.push(CoPurchase {
                with: products[with].id.clone(),
                count: pair_orders,
                confidence: (f64::from(pair_orders) / own_orders).min(1.0),
                lift: together / (a * b),
                after: None,
                // Its orders have no sizes to weigh: ranking measures it from the counts, and
                // the benchmarks' generated feeds keep their size.
                strength: None,
            });
        }
        if !neighbours.is_empty() {
            neighbours.sort_by(|x, y| y.count.cmp(&x.count).then_with(|| x.with.cmp(&y.with)));
            copurchase.insert(products[position].id.clone(), neighbours);
        }
    }
    // Their own stream, so the rest of a seed's shop is what it was before title links.
    let mut series = Random(seed ^ 0x7469_746c_6573);
    let mut similar = std::collections::BTreeMap::new();
    for position in 0..count {
        let shelf = &shelves[shelf_of[position]].products;
        if shelf.len() < 2 || !series.chance(0.5) {
            continue;
        }
        // As `addons mine` weighs a link: 300 / (300 + the product's orders).
        let weight = 300.0 / (300.0 + popularity[position] * orders as f64);
        let mut links: Vec<Similar> = Vec::new();
        for _ in 0..=series.below(SIMILAR) {
            let with = shelf[series.below(shelf.len())];
            if with != position && !links.iter().any(|l| l.with == products[with].id) {
                let jaccard = 0.2 + 0.6 * series.unit();
                links.push(Similar {
                    with: products[with].id.clone(),
                    similarity: ((jaccard * weight * 100.0).round() / 100.0).max(0.01),
                });
            }
        }
        if !links.is_empty() {
            links.sort_by(|x, y| {
                y.similarity
                    .total_cmp(&x.similarity)
                    .then_with(|| x.with.cmp(&y.with))
            });
            similar.insert(products[position].id.clone(), links);
        }
    }
    let mut upgrades = Vec::new();
    for shelf in shelves.iter().filter(|s| s.products.len() > 1 && !s.till) {
        for &from in &shelf.products {
            if random.chance(0.05) {
                let to = shelf.products[random.below(shelf.products.len())];
                if to != from && products[to].price > products[from].price {
                    upgrades.push(Upgrade {
                        from: products[from].id.clone(),
                        to: products[to].id.clone(),
                    });
                }
            }
        }
    }
    let bundles = (0..count / 100)
        .filter_map(|n| {
            let (a, b) = (random.below(count), random.below(count));
            (a != b).then(|| Bundle {
                id: format!("bundle-{n}"),
                products: vec![products[a].id.clone(), products[b].id.clone()],
                saving: Money((products[a].price.minor().min(products[b].price.minor())) / 10),
            })
        })
        .collect();
    Shop {
        version: FEED_VERSION,
        currency: "EUR",
        products,
        complements,
        category_complements,
        upgrades,
        bundles,
        copurchase,
        similar,
        mined: Mined {
            source: "addons generate",
            orders,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::{Catalog, Limits, LIMITS};

    #[test]
    fn a_generated_shop_is_a_valid_feed_with_every_kind_of_relation_and_the_same_for_a_seed() {
        let text = serde_json::to_string(&shop(3_000, 7)).unwrap();
        let limits = Limits {
            max_feed_bytes: usize::MAX,
            ..LIMITS
        };
        let catalog = Catalog::from_json_with_limits(&text, &limits).unwrap();
        assert_eq!(catalog.products().len(), 3_000);
        assert!(
            catalog.complements().len() > 100,
            "{}",
            catalog.complements().len()
        );
        assert!(!catalog.category_complements().is_empty());
        assert!(!catalog.upgrades().is_empty() && !catalog.bundles().is_empty());
        let with_neighbours = (catalog.products().iter())
            .filter(|p| !catalog.copurchase(&p.id).is_empty())
            .count();
        assert!(with_neighbours > 1_000, "{with_neighbours}");
        let with_series = (catalog.products().iter())
            .filter(|p| !catalog.similar(&p.id).is_empty())
            .count();
        assert!((1_000..2_000).contains(&with_series), "{with_series}");
        let impulse = catalog.products().iter().filter(|p| p.impulse).count();
        assert!((30..200).contains(&impulse), "{impulse}");
        assert_eq!(serde_json::to_string(&shop(3_000, 7)).unwrap(), text);
        assert_ne!(serde_json::to_string(&shop(3_000, 8)).unwrap(), text);
    }
}
