//! How long one of a consumable lasts: its repurchase cycle, the median of the days between
//! one customer's purchases of it, each divided by how many the earlier purchase bought (two
//! bags bought together last twice as long), over every customer who bought it more than once.
//! The widget's buy-again lane offers it when due: the cycle times the quantity last bought.
//! Where the orders name variants (a 12 kg bag beside the 2 kg one), the days after a purchase
//! of one variant are that variant's: a variant gets a cycle of its own on the same terms,
//! which buy-again reads for a past order of it, and the days after it then stay out of its
//! product's cycle, which the product's other purchases keep.

use std::collections::{HashMap, HashSet};

use checkout_addons_engine::Catalog;

use crate::baskets::{Basket, Items};

/// Repeat purchases a product needs before its cycle is trusted...
pub const MIN_REPEATS: usize = 5;
/// ...by at least this many customers: one loyal customer's habit is not the product's cycle.
/// Two rather than three recovered 159 of 171 generated cycles instead of 142, none wrong on
/// three generated histories, and took buy-again's HR@3 from 0.903 to 0.956 (docs/mining.md);
/// with four repeats a skipped cycle passed as a cycle of its own, and one customer let
/// coincidental repeats pass as consumables.
pub const MIN_CUSTOMERS: usize = 2;
/// Two orders of one customer less than a day apart are one shopping trip (an order split, a
/// forgotten item), not a cycle.
const SAME_TRIP_SECONDS: i64 = 86_400;

/// One purchase of a product: when (seconds since 1970), how many, and the variant it was,
/// where it was one variant only (not the product's own id, nor several of its variants).
type Purchase = (i64, u32, Option<u32>);

/// Collects each customer's purchases of each product, order by order.
#[derive(Debug, Default)]
pub struct Repurchases {
    customers: HashMap<String, u32>,
    /// Purchases by customer and item number.
    bought: HashMap<(u32, u32), Vec<Purchase>>,
}

/// Mined cycles in whole days, each list by id.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cycles {
    /// Products' cycles: the days after their purchases but those of a variant with a cycle of
    /// its own.
    pub products: Vec<(String, u16)>,
    /// Variants' own cycles.
    pub variants: Vec<(String, u16)>,
}

/// The days per one bought after a purchase, with the variant it was (where one variant).
type Gap = (Option<u32>, i64);

/// One thing's (an item's or a variant's) days per one bought after its purchases, and how many
/// customers they come from.
#[derive(Default)]
struct Tally {
    gaps: Vec<i64>,
    customers: usize,
    /// The last customer's sequence counted, so each customer counts once.
    last_sequence: Option<usize>,
}

/// Tallies by thing.
type Gaps = HashMap<u32, Tally>;

/// Counts `gap` for `thing`, from the customer's `sequence`.
fn tally(gaps: &mut Gaps, thing: u32, sequence: usize, gap: i64) {
    let tally = gaps.entry(thing).or_default();
    tally.gaps.push(gap);
    if tally.last_sequence != Some(sequence) {
        (tally.customers, tally.last_sequence) = (tally.customers + 1, Some(sequence));
    }
}

impl Repurchases {
    /// An empty collector.
    pub fn new() -> Repurchases {
        Repurchases::default()
    }

    /// Counts one order; orders without a customer (guests) or a time say nothing about cycles.
    pub fn add(&mut self, basket: &Basket) {
        let (Some(customer), Some(time)) = (&basket.customer, basket.time) else {
            return;
        };
        let next = self.customers.len() as u32;
        let customer = *self.customers.entry(customer.clone()).or_insert(next);
        // Per item, the one variant its lines named and how many of it; `None` for two. (One
        // pass: a trade order names hundreds of variants.)
        let mut named: HashMap<u32, Option<(u32, u32)>> = HashMap::new();
        for &(item, variant, quantity) in &basket.variants {
            named
                .entry(item)
                .and_modify(|one| *one = None)
                .or_insert(Some((variant, quantity)));
        }
        for (at, &item) in basket.items.iter().enumerate() {
            let quantity = basket.quantities.get(at).copied().unwrap_or(1).max(1);
            // One variant for all of it, or a mix (another variant, the product's own id).
            let variant = match named.get(&item) {
                Some(Some((variant, of_it))) if (*of_it).max(1) == quantity => Some(*variant),
                _ => None,
            };
            self.bought
                .entry((customer, item))
                .or_default()
                .push((time, quantity, variant));
        }
    }

    /// Each product's and variant's cycle in whole days (the median gap per one bought,
    /// rounded), where repeated at least [`MIN_REPEATS`] times by at least [`MIN_CUSTOMERS`]
    /// customers. A variant the `catalog` gives a cycle of its own keeps the days after its
    /// purchases out of its product's as well: the widget reads the shop's cycle for it.
    pub fn finish(self, items: &Items, catalog: Option<&Catalog>) -> Cycles {
        // Each customer's gaps after each purchase, by what that purchase was.
        let series: Vec<(u32, Vec<Gap>)> = (self.bought.into_iter())
            .map(|((_, item), purchases)| (item, gaps(purchases)))
            .collect();
        let mut by_variant: Gaps = HashMap::new();
        for (sequence, (_, gaps)) in series.iter().enumerate() {
            for &(variant, gap) in gaps {
                if let Some(variant) = variant {
                    tally(&mut by_variant, variant, sequence, gap);
                }
            }
        }
        let by_variant_seen: Vec<u32> = by_variant.keys().copied().collect();
        let variants = trusted(by_variant);
        let set_by_shop = |variant: u32| {
            let id = items.variant_id(variant);
            let product = catalog.and_then(|catalog| catalog.product(id));
            (product.and_then(|p| p.variants.iter().find(|v| v.id == id)))
                .is_some_and(|v| v.repurchase_days.is_some())
        };
        // Variants with a cycle of their own: mined, or the shop's. (Each looked up once.)
        let mut own: HashSet<u32> = variants.iter().map(|&(variant, _)| variant).collect();
        own.extend(by_variant_seen.into_iter().filter(|&v| set_by_shop(v)));
        let mut by_product: Gaps = HashMap::new();
        for (sequence, (item, gaps)) in series.iter().enumerate() {
            for &(variant, gap) in gaps {
                if !variant.is_some_and(|v| own.contains(&v)) {
                    tally(&mut by_product, *item, sequence, gap);
                }
            }
        }
        let named = |cycles: Vec<(u32, u16)>, id: &dyn Fn(u32) -> String| {
            let mut named: Vec<(String, u16)> = cycles.into_iter().map(|(n, days)| (id(n), days)).collect();
            named.sort_unstable();
            named
        };
        Cycles {
            products: named(trusted(by_product), &|n| items.get(n).id.clone()),
            variants: named(variants, &|n| items.variant_id(n).to_owned()),
        }
    }
}

/// One customer's purchases of one product as the days per one bought after each, with what
/// that purchase was: a trip's orders (less than a day apart) are one purchase, of one variant
/// only where all of them were.
fn gaps(mut purchases: Vec<Purchase>) -> Vec<Gap> {
    purchases.sort_unstable();
    let mut trips: Vec<Purchase> = Vec::with_capacity(purchases.len());
    for (time, quantity, variant) in purchases {
        match trips.last_mut() {
            Some(trip) if time - trip.0 < SAME_TRIP_SECONDS => {
                trip.1 = trip.1.saturating_add(quantity);
                if trip.2 != variant {
                    trip.2 = None;
                }
            }
            _ => trips.push((time, quantity, variant)),
        }
    }
    (trips.windows(2))
        .map(|pair| (pair[0].2, (pair[1].0 - pair[0].0) / i64::from(pair[0].1)))
        .collect()
}

/// The cycles of `gaps` that enough repeats by enough customers back, by thing.
fn trusted(gaps: Gaps) -> Vec<(u32, u16)> {
    gaps.into_iter()
        .filter(|(_, tally)| tally.gaps.len() >= MIN_REPEATS && tally.customers >= MIN_CUSTOMERS)
        .map(|(thing, Tally { gaps: mut all, .. })| {
            all.sort_unstable();
            let middle = all.len() / 2;
            let median = if all.len() % 2 == 1 {
                all[middle] as f64
            } else {
                (all[middle - 1] + all[middle]) as f64 / 2.0
            };
            let days = (median / 86_400.0).round().clamp(1.0, 3650.0) as u16;
            (thing, days)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baskets::read_baskets;
    use crate::lines::{Columns, OrderLines};
    use crate::ReadOptions;
    use checkout_addons_engine::Currency;

    const DAY: i64 = 86_400;

    /// Customers buying cat food every 14 days (two in three of them two bags every 28) and
    /// coffee every 21 (each a day early or late now and then), a few buying a toy twice, one
    /// buying tea every week: as order lines.
    fn history() -> String {
        let mut random = fastrand::Rng::with_seed(18);
        let mut csv = String::from("order_id,product_id,ordered_at,customer_id,quantity\n");
        let mut order = 0;
        let start = 1_767_225_600; // 2026-01-01
        for customer in 0..12 {
            let mut orders: Vec<(i64, &str, i64)> = Vec::new();
            let offset = random.i64(0..20) * DAY;
            let bags = if customer % 3 == 0 { 1 } else { 2 };
            for (product, cycle, count, quantity) in [("cat-food", 14 * bags, 8, bags), ("coffee", 21, 5, 1)]
            {
                for n in 0..count {
                    let jitter = random.i64(-1..=1) * DAY;
                    orders.push((
                        start + offset + n * cycle * DAY + jitter + 10 * 3600,
                        product,
                        quantity,
                    ));
                }
            }
            if customer < 2 {
                orders.push((start + offset, "toy", 1));
                orders.push((start + offset + 40 * DAY, "toy", 1));
            }
            if customer == 0 {
                for n in 0..10 {
                    orders.push((start + n * 7 * DAY, "tea", 1));
                }
            }
            // The same trip split in two orders: not a cycle.
            orders.push((start + offset + 10 * 3600 + 600, "cat-food", 1));
            for (time, product, quantity) in orders {
                order += 1;
                csv.push_str(&format!("{order},{product},{time},c{customer},{quantity}\n"));
            }
        }
        csv
    }

    #[test]
    fn recovers_the_days_one_lasts_within_a_day_and_trusts_only_repeated_products() {
        let csv = history();
        let columns = Columns {
            time: vec!["ordered_at".into()],
            customer: Some("customer_id".into()),
            quantity: Some("quantity".into()),
            ..Columns::default()
        };
        let lines = OrderLines::new(csv.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut repurchases = Repurchases::new();
        let (items, _) = read_baskets(lines, &ReadOptions::default(), |basket, _| {
            repurchases.add(basket)
        })
        .unwrap();
        let Cycles {
            products: cycles,
            variants,
        } = repurchases.finish(&items, None);
        assert_eq!(variants, [], "without a catalog every id is a product");
        let ids: Vec<&str> = cycles.iter().map(|(id, _)| id.as_str()).collect();
        // Two customers bought the toy twice (too few), one customer drinks tea (one habit).
        assert_eq!(ids, ["cat-food", "coffee"]);
        for ((_, days), known) in cycles.iter().zip([14, 21]) {
            assert!(days.abs_diff(known) <= 1, "{cycles:?}");
        }
    }

    /// Cat food in 2 kg and 12 kg bags; the shop may have set the big bag's cycle itself.
    fn cat_food(big_bag_days: Option<u16>) -> checkout_addons_engine::Catalog {
        let big = big_bag_days.map_or(String::new(), |days| format!(r#", "repurchase_days": {days}"#));
        checkout_addons_engine::Catalog::from_json(&format!(
            r#"{{"version": 1, "currency": "EUR", "products": [
              {{"id": "cat-food", "title": "Cat food", "price": 1899,
               "variants": [{{"id": "cat-2kg", "price": 1899}}, {{"id": "cat-12kg", "price": 7999{big}}}]}}]}}"#
        ))
        .unwrap()
    }

    /// The cycles mined from orders of `catalog`'s products: (customer, hour, the lines' ids).
    fn mined(catalog: &checkout_addons_engine::Catalog, orders: &[(u32, i64, &[&str])]) -> Cycles {
        let mut csv = String::from("order_id,product_id,ordered_at,customer_id\n");
        for (order, (customer, hour, ids)) in orders.iter().enumerate() {
            for id in *ids {
                csv.push_str(&format!(
                    "{order},{id},{},c{customer}\n",
                    1_767_225_600 + hour * 3_600
                ));
            }
        }
        let columns = Columns {
            time: vec!["ordered_at".into()],
            customer: Some("customer_id".into()),
            ..Columns::default()
        };
        let lines = OrderLines::new(csv.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut repurchases = Repurchases::new();
        let options = ReadOptions {
            catalog: Some(catalog),
            ..ReadOptions::default()
        };
        let (items, _) = read_baskets(lines, &options, |basket, _| repurchases.add(basket)).unwrap();
        repurchases.finish(&items, Some(catalog))
    }

    /// `count` orders of `ids` by `customer`, `every` days apart from `first`.
    fn every<'a>(
        customer: u32,
        first: i64,
        every: i64,
        count: i64,
        ids: &'a [&'a str],
    ) -> Vec<(u32, i64, &'a [&'a str])> {
        (0..count)
            .map(|n| (customer, (first + n * every) * 24, ids))
            .collect()
    }

    fn days(cycles: &[(String, u16)]) -> Vec<(&str, u16)> {
        cycles.iter().map(|(id, days)| (id.as_str(), *days)).collect()
    }

    #[test]
    fn a_variant_bought_on_a_cycle_of_its_own_gets_it_and_leaves_its_products_alone() {
        // 2 kg bags every 14 days for six customers, 12 kg bags every 84 days for four
        // others, and three customers' orders naming the product itself every 21 days.
        let mut orders = Vec::new();
        for customer in 0..13 {
            let first = i64::from(customer) * 3;
            orders.extend(match customer {
                0..6 => every(customer, first, 14, 8, &["cat-2kg"]),
                6..10 => every(customer, first, 84, 4, &["cat-12kg"]),
                _ => every(customer, first, 21, 5, &["cat-food"]),
            });
        }
        let cycles = mined(&cat_food(None), &orders);
        assert_eq!(days(&cycles.variants), [("cat-12kg", 84), ("cat-2kg", 14)]);
        // The product's own is over the purchases no variant's cycle explains (over all of
        // them it would be the 2 kg bag's 14).
        assert_eq!(days(&cycles.products), [("cat-food", 21)]);
    }

    #[test]
    fn a_shopper_who_changes_sizes_lasts_each_size_its_own_days() {
        // Three customers take a 2 kg bag, which lasts them 14 days, then a 12 kg one, which
        // lasts 84, and again: the days after each bag are that bag's.
        let mut orders = Vec::new();
        for customer in 0..3 {
            for round in 0..4 {
                orders.push((customer, round * 98 * 24, &["cat-2kg"][..]));
                orders.push((customer, (round * 98 + 14) * 24, &["cat-12kg"][..]));
            }
        }
        let cycles = mined(&cat_food(None), &orders);
        assert_eq!(days(&cycles.variants), [("cat-12kg", 84), ("cat-2kg", 14)]);
        assert_eq!(cycles.products, [], "every day is a bag's");
    }

    #[test]
    fn an_order_of_two_sizes_at_once_is_one_purchase_of_the_product() {
        // Three customers take a 2 kg and a 12 kg bag together every 28 days: two things that
        // last 28 days, neither bag's own.
        let orders: Vec<_> = (0..3)
            .flat_map(|c| every(c, 0, 28, 4, &["cat-2kg", "cat-12kg"]))
            .collect();
        let cycles = mined(&cat_food(None), &orders);
        assert_eq!(cycles.variants, []);
        assert_eq!(days(&cycles.products), [("cat-food", 14)]);
    }

    #[test]
    fn sizes_bought_together_or_in_one_trip_are_the_products_purchase() {
        // Every 28 days three customers take a 12 kg bag and a bag by the product's own id in
        // one order, and three others a 2 kg bag and, two hours later, a 12 kg one.
        let mut orders: Vec<_> = (0..3)
            .flat_map(|c| every(c, 0, 28, 4, &["cat-12kg", "cat-food"]))
            .collect();
        for customer in 3..6 {
            orders.extend(every(customer, 0, 28, 4, &["cat-2kg"]));
            orders.extend(
                every(customer, 0, 28, 4, &["cat-12kg"])
                    .into_iter()
                    .map(|(c, hour, ids)| (c, hour + 2, ids)),
            );
        }
        let cycles = mined(&cat_food(None), &orders);
        assert_eq!(cycles.variants, []);
        assert_eq!(days(&cycles.products), [("cat-food", 14)]);
    }

    #[test]
    fn a_variant_the_shop_gave_a_cycle_keeps_its_days_out_of_its_products() {
        // One customer's 12 kg bag every 84 days (too few customers for a cycle of its own)
        // beside three customers ordering the product every 21 days.
        let mut orders = every(0, 0, 84, 8, &["cat-12kg"]);
        orders.extend((1..4).flat_map(|c| every(c, 0, 21, 3, &["cat-food"])));
        assert_eq!(
            days(&mined(&cat_food(Some(84)), &orders).products),
            [("cat-food", 21)]
        );
        // Without the shop's word the big bag's days are the product's, as every size's were.
        assert_eq!(
            days(&mined(&cat_food(None), &orders).products),
            [("cat-food", 84)]
        );
    }

    #[test]
    fn orders_without_a_customer_or_a_time_say_nothing() {
        let mut repurchases = Repurchases::new();
        for (customer, time) in [
            (None, Some(0)),
            (None, Some(14 * DAY)),
            (Some("c1"), None),
            (Some("c1"), None),
        ] {
            repurchases.add(&Basket {
                first_line: 2,
                time,
                items: vec![0],
                quantities: vec![1],
                variants: vec![(0, 0, 1)],
                customer: customer.map(str::to_owned),
                value: 0,
            });
        }
        assert!(repurchases.bought.is_empty());
    }
}
