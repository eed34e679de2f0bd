//! The holdout test per visit: orders and revenue over the visits (or page views) each group had
//! (the exposure events a shop's `beacon` collected), and whether the groups came in the
//! proportion asked for.
//!
//! Average order value alone can mislead: add-ons that put a shopper off checking out make
//! fewer orders, each larger, and the average rises while the shop earns less. What a page
//! view with the widget earns counts both: the orders it led to and what they came to.

use serde::Serialize;

use crate::uplift::{Interval, Uplift, MIN_ORDERS_PER_GROUP};

/// A sample ratio this unlikely under the share asked for means the assignment or the counting
/// is broken (the threshold online experiments commonly use): no comparison of such groups
/// can be trusted.
pub const SAMPLE_RATIO_P: f64 = 0.001;

/// The visits (or page views) of each group, as the exposure events give them.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Exposures {
    /// Visits of the control group.
    pub control: u64,
    /// Visits of the other group.
    pub treatment: u64,
    /// How many control visits the holdout shares asked for: the sum over every visit of its
    /// `checkout_addons_holdout` share, so a share raised during the test is allowed for.
    pub expected_control: f64,
    /// What was counted: each visit's first page view with the widget (the loader marks it),
    /// or, for events of a loader that did not, every page view.
    pub unit: Unit,
    /// Exposure events without the visit mark (a loader from before it, storage blocked):
    /// left out of visits, or, when more than [`UNMARKED_SHARE`] of all, the reason the
    /// count is of page views.
    pub unmarked: u64,
}

/// The share of exposure events without a visit mark above which visits are not counted:
/// leaving out more would drop visits whose orders still count.
pub const UNMARKED_SHARE: f64 = 0.05;

/// What one exposure counted stands for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A visit: a browser tab's session. A visitor's page views all fall in one group and are
    /// no independent draws; visits come closer to them.
    #[default]
    Visit,
    /// A page view with the widget.
    PageView,
}

impl Unit {
    /// The unit in a shop owner's words, plural.
    pub fn plural(self) -> &'static str {
        match self {
            Unit::Visit => "visits",
            Unit::PageView => "page views",
        }
    }

    /// The unit in a shop owner's words, one of them.
    pub fn singular(self) -> &'static str {
        match self {
            Unit::Visit => "visit",
            Unit::PageView => "page view",
        }
    }
}

/// The figures per visit (or page view: [`Unit`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PerView {
    /// What the figures are per (a visit, or a page view).
    pub unit: Unit,
    /// Visits (or page views) of the control group, then the treatment's.
    pub views: [u64; 2],
    /// Orders per visit (control, treatment).
    pub conversion: [f64; 2],
    /// Revenue per visit in minor units (control, treatment).
    pub revenue_per_view: [f64; 2],
    /// Orders per visit, treatment minus control (Wald interval).
    pub conversion_difference: Option<Interval>,
    /// Revenue per visit, treatment minus control, in minor units (normal interval).
    pub revenue_per_view_difference: Option<Interval>,
    /// The control group's share of visits, observed.
    pub control_share: f64,
    /// The control group's share of visits, asked for.
    pub control_share_asked: f64,
    /// The chance of a split at least this far from the one asked for, were the assignment
    /// sound (chi-square, one degree of freedom).
    pub sample_ratio_p: f64,
    /// Whether `sample_ratio_p` is below [`SAMPLE_RATIO_P`].
    pub sample_ratio_mismatch: bool,
    /// A group has more orders than visits: its events are incomplete (a beacon endpoint
    /// that lost some, a share of shoppers who block it), and nothing per view is said.
    pub incomplete: bool,
}

/// The groups of `uplift` over the visits (or page views) of `exposures`.
pub fn per_view(uplift: &Uplift, exposures: &Exposures) -> PerView {
    let groups = [&uplift.control, &uplift.treatment];
    let views = [exposures.control, exposures.treatment];
    let total = (views[0] + views[1]) as f64;
    let incomplete = groups
        .iter()
        .zip(views)
        .any(|(group, views)| group.orders > views);
    // Per view, each group is its views' values: an order's total for a view that led to one,
    // 0 for the rest. Its mean and variance follow from the orders' own.
    let stats = |i: usize| {
        let (group, n) = (groups[i], views[i] as f64);
        let orders = group.orders as f64;
        let conversion = if n > 0.0 { orders / n } else { 0.0 };
        let mean = if n > 0.0 { group.revenue as f64 / n } else { 0.0 };
        let squares =
            (orders - 1.0).max(0.0) * group.order_std_dev.powi(2) + orders * group.average_order.powi(2);
        let variance = if n > 1.0 {
            ((squares - n * mean * mean) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        (conversion, mean, variance, n)
    };
    let (control, treatment) = (stats(0), stats(1));
    let enough = !incomplete && groups.iter().all(|g| g.orders >= MIN_ORDERS_PER_GROUP);
    let interval = |estimate: f64, se: f64| Interval {
        estimate,
        low: estimate - Z_975 * se,
        high: estimate + Z_975 * se,
    };
    let conversion_difference = enough.then(|| {
        let se = (control.0 * (1.0 - control.0) / control.3
            + treatment.0 * (1.0 - treatment.0) / treatment.3)
            .sqrt();
        interval(treatment.0 - control.0, se)
    });
    let revenue_per_view_difference = enough.then(|| {
        let se = (control.2 / control.3 + treatment.2 / treatment.3).sqrt();
        interval(treatment.1 - control.1, se)
    });
    let expected = [exposures.expected_control, total - exposures.expected_control];
    let chi_square: f64 = (views.iter().zip(expected))
        .filter(|(_, e)| *e > 0.0)
        .map(|(&o, e)| (o as f64 - e).powi(2) / e)
        .sum();
    let sample_ratio_p = erfc((chi_square / 2.0).sqrt());
    PerView {
        unit: exposures.unit,
        views,
        conversion: [control.0, treatment.0],
        revenue_per_view: [control.1, treatment.1],
        conversion_difference,
        revenue_per_view_difference,
        control_share: if total > 0.0 { views[0] as f64 / total } else { 0.0 },
        control_share_asked: if total > 0.0 {
            exposures.expected_control / total
        } else {
            0.0
        },
        sample_ratio_p,
        sample_ratio_mismatch: total > 0.0 && sample_ratio_p < SAMPLE_RATIO_P,
        incomplete,
    }
}

/// The standard normal's 97.5% quantile: two-sided 95%.
const Z_975: f64 = 1.959_963_984_540_054;

/// The complementary error function, by Abramowitz and Stegun's 7.1.26 (error below 1.5e-7):
/// one function for a p-value compared with 0.001 does not justify a statistics crate.
fn erfc(x: f64) -> f64 {
    let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let erfc = poly * (-x * x).exp();
    if x >= 0.0 {
        erfc
    } else {
        2.0 - erfc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::uplift::{GroupSummary, Verdict};

    /// A group whose `orders` came to `values` (minor units).
    fn group(name: &str, values: &[i64]) -> GroupSummary {
        let n = values.len() as f64;
        let mean = values.iter().sum::<i64>() as f64 / n;
        let variance = values.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / (n - 1.0);
        GroupSummary {
            name: name.to_owned(),
            orders: values.len() as u64,
            with_addon: 0,
            revenue: values.iter().sum(),
            addon_revenue: 0,
            average_order: mean,
            order_std_dev: variance.sqrt(),
        }
    }

    fn uplift(control: GroupSummary, treatment: GroupSummary) -> Uplift {
        Uplift {
            currency: "EUR".to_owned(),
            control,
            treatment,
            average_order_difference: None,
            take_rate_difference: None,
            detectable_difference: None,
            verdict: Verdict::Inconclusive,
            malformed: Vec::new(),
            malformed_count: 0,
            mixed_orders: 0,
            orders_without_group: 0,
        }
    }

    #[test]
    fn larger_orders_from_fewer_checkouts_earn_less_per_visit() {
        // 10% held out. Control: 300 orders of €40 from 1,000 views; treatment: 2,100 orders
        // of €42 (5% larger) from 9,000 views, a conversion fallen from 30% to 23.3%.
        let control = group(
            "control",
            &[4_000; 300]
                .iter()
                .zip([1, -1].iter().cycle())
                .map(|(v, s)| v + s * 500)
                .collect::<Vec<_>>(),
        );
        let treatment = group(
            "treatment",
            &[4_200; 2_100]
                .iter()
                .zip([1, -1].iter().cycle())
                .map(|(v, s)| v + s * 500)
                .collect::<Vec<_>>(),
        );
        let seen = per_view(
            &uplift(control, treatment),
            &Exposures {
                control: 1_000,
                treatment: 9_000,
                expected_control: 1_000.0,
                ..Exposures::default()
            },
        );
        assert!(
            (seen.conversion[0] - 0.3).abs() < 1e-9 && (seen.conversion[1] - 2_100.0 / 9_000.0).abs() < 1e-9
        );
        assert!(
            (seen.revenue_per_view[0] - 1_200.0).abs() < 1e-6,
            "{:?}",
            seen.revenue_per_view
        );
        assert!(
            (seen.revenue_per_view[1] - 980.0).abs() < 1e-6,
            "{:?}",
            seen.revenue_per_view
        );
        let revenue = seen.revenue_per_view_difference.unwrap();
        assert!(revenue.high < 0.0, "less per view, beyond chance: {revenue:?}");
        assert!(seen.conversion_difference.unwrap().high < 0.0);
        assert!(!seen.sample_ratio_mismatch && seen.sample_ratio_p > 0.99);
    }

    #[test]
    fn groups_far_from_the_share_asked_for_are_a_broken_test() {
        let control = group("control", &[4_000, 5_000].repeat(50));
        let treatment = group("treatment", &[4_000, 5_000].repeat(500));
        // 10% asked for, 8.3% observed over 12,000 views: p about 3e-11.
        let broken = Exposures {
            control: 1_000,
            treatment: 11_000,
            expected_control: 1_200.0,
            ..Exposures::default()
        };
        let seen = per_view(&uplift(control.clone(), treatment.clone()), &broken);
        assert!(
            seen.sample_ratio_mismatch && seen.sample_ratio_p < 1e-6,
            "{}",
            seen.sample_ratio_p
        );
        assert!((seen.control_share_asked - 0.1).abs() < 1e-9);
        // Within chance: 1,190 where 1,200 were asked for.
        let sound = Exposures {
            control: 1_190,
            treatment: 10_810,
            expected_control: 1_200.0,
            ..Exposures::default()
        };
        let seen = per_view(&uplift(control, treatment), &sound);
        assert!(
            !seen.sample_ratio_mismatch && seen.sample_ratio_p > 0.7,
            "{}",
            seen.sample_ratio_p
        );
    }

    #[test]
    fn more_orders_than_page_views_say_the_events_are_incomplete() {
        let control = group("control", &[4_000, 5_000].repeat(50));
        let treatment = group("treatment", &[4_000, 5_000].repeat(500));
        let seen = per_view(
            &uplift(control, treatment),
            &Exposures {
                control: 80,
                treatment: 5_000,
                expected_control: 508.0,
                ..Exposures::default()
            },
        );
        assert!(seen.incomplete);
        assert_eq!(
            (seen.conversion_difference, seen.revenue_per_view_difference),
            (None, None)
        );
    }

    #[test]
    fn the_complementary_error_function_is_close_enough_for_a_p_value() {
        for (x, exact) in [
            (0.0, 1.0),
            (0.5, 0.479_500_122),
            (1.0, 0.157_299_207),
            (2.0, 0.004_677_735),
            (3.0, 2.209_05e-5),
        ] {
            assert!((erfc(x) - exact).abs() < 2e-7, "erfc({x}) = {}", erfc(x));
        }
    }
}
