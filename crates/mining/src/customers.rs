//! Where a shop's own customers fall into segments: the cut points the widget places a
//! shopper's history by (docs/ranking.md), from the shop's distribution instead of defaults.

use std::collections::HashMap;

use checkout_addons_engine::{Money, SegmentThresholds};

use crate::baskets::Basket;

/// Customers needed before the cut points mean anything; below it the feed keeps the defaults.
pub const MIN_SEGMENT_CUSTOMERS: usize = 20;

/// Each customer's orders: how many, their value, and the gaps between them.
#[derive(Debug, Default)]
pub struct CustomerStats {
    customers: HashMap<String, Customer>,
}

#[derive(Debug, Default)]
struct Customer {
    orders: u32,
    /// Sum of the orders' values at the prices the orders carry (minor units).
    value: i64,
    /// Order times, seconds since 1970.
    times: Vec<i64>,
}

impl CustomerStats {
    /// An empty collector.
    pub fn new() -> CustomerStats {
        CustomerStats::default()
    }

    /// Counts one order; a guest's (no customer) says nothing about customers.
    pub fn add(&mut self, basket: &Basket) {
        let Some(id) = &basket.customer else {
            return;
        };
        let customer = self.customers.entry(id.clone()).or_default();
        customer.orders += 1;
        customer.value = customer.value.saturating_add(basket.value);
        customer.times.extend(basket.time);
    }

    /// The cut points: frequent from the order count of the top fifth of customers, high value
    /// from the average order of the top fifth (when the orders carry prices), lapsing after
    /// the gap between orders that nine in ten of the shop's repeat orders come within. `None`
    /// with fewer than [`MIN_SEGMENT_CUSTOMERS`] customers.
    pub fn finish(self) -> Option<SegmentThresholds> {
        if self.customers.len() < MIN_SEGMENT_CUSTOMERS {
            return None;
        }
        let defaults = SegmentThresholds::default();
        let mut orders: Vec<u32> = self.customers.values().map(|c| c.orders).collect();
        let mut averages: Vec<i64> = (self.customers.values())
            .map(|c| c.value / i64::from(c.orders.max(1)))
            .collect();
        let mut gaps: Vec<i64> = Vec::new();
        for customer in self.customers.into_values() {
            let mut times = customer.times;
            times.sort_unstable();
            gaps.extend(times.windows(2).map(|pair| pair[1] - pair[0]));
        }
        // A page hands the widget a shopper's newest orders only, so "frequent" must be
        // reachable within them.
        let most = u32::try_from(checkout_addons_engine::MAX_PAST_ORDERS).unwrap_or(u32::MAX);
        let frequent = percentile(&mut orders, 80).clamp(2, most);
        let high_value = percentile(&mut averages, 80);
        let lapsing_days = match gaps.is_empty() {
            true => defaults.lapsing_days,
            false => (percentile(&mut gaps, 90) as f64 / 86_400.0)
                .ceil()
                .clamp(7.0, 3650.0) as u16,
        };
        Some(SegmentThresholds {
            lapsing_days,
            frequent_orders: u16::try_from(frequent).unwrap_or(u16::MAX),
            high_value_order: Money(high_value.max(0)),
        })
    }
}

/// The smallest of the top `100 - percent`% of `values`.
fn percentile<T: Copy + Ord + Default>(values: &mut [T], percent: usize) -> T {
    if values.is_empty() {
        return T::default();
    }
    values.sort_unstable();
    values[(values.len() * percent / 100).min(values.len() - 1)]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basket(customer: &str, day: i64) -> Basket {
        Basket {
            first_line: 2,
            time: Some(day * 86_400),
            items: vec![],
            quantities: vec![],
            variants: vec![],
            customer: Some(customer.to_owned()),
            value: 0,
        }
    }

    #[test]
    fn cut_points_come_from_the_shops_own_customers() {
        let mut stats = CustomerStats::new();
        // Thirty customers: most order twice, ten days apart; six order eight times, weekly.
        for c in 0..30 {
            let (orders, every) = if c < 6 { (8, 7) } else { (2, 10) };
            for n in 0..orders {
                stats.add(&basket(&format!("c{c}"), n * every));
            }
        }
        let cut = stats.finish().unwrap();
        assert_eq!(cut.frequent_orders, 8, "the top fifth orders 8 times");
        assert_eq!(
            cut.lapsing_days, 10,
            "nine in ten repeat orders come within 10 days"
        );
        assert_eq!(cut.high_value_order, Money(0), "no prices in these orders");
    }

    #[test]
    fn frequent_is_within_the_orders_a_page_hands_over() {
        let mut stats = CustomerStats::new();
        // The shop's regulars order daily: their 80th percentile is far past 50 orders.
        for c in 0..25 {
            for n in 0..(if c < 10 { 2 } else { 120 }) {
                stats.add(&basket(&format!("c{c}"), n));
            }
        }
        let most = u16::try_from(checkout_addons_engine::MAX_PAST_ORDERS).unwrap();
        assert_eq!(stats.finish().unwrap().frequent_orders, most);
    }

    #[test]
    fn high_value_is_the_top_fifths_average_order_at_the_orders_prices_and_quantities() {
        let mut stats = CustomerStats::new();
        // Twenty customers: one order each of value 1..=20 pounds.
        for c in 1..=20 {
            stats.add(&Basket {
                value: c * 100,
                ..basket(&format!("c{c}"), 0)
            });
        }
        assert_eq!(stats.finish().unwrap().high_value_order, Money(1700));
    }

    #[test]
    fn a_handful_of_customers_sets_nothing() {
        let mut stats = CustomerStats::new();
        for c in 0..5 {
            stats.add(&basket(&format!("c{c}"), 0));
        }
        assert_eq!(stats.finish(), None);
    }
}
