//! What the add-ons earned: orders of a holdout test compared between the control group (saw
//! no add-ons) and the treatment group (saw them), with 95% confidence intervals, for
//! `addons report`.
//!
//! The input is one row per order line, as shops export them, with a column for the group the
//! widget put the shopper in and a column that marks the lines the widget added. Money stays in
//! integer minor units until the statistics; means and intervals are statistics, not prices.

use std::collections::BTreeMap;
use std::io::Read;

use checkout_addons_engine::{Currency, Money};
use serde::Serialize;

use crate::table::{Malformed, Table, TableError};

/// Fewer orders than this in a group and the normal approximation behind the intervals is
/// not to be trusted: the report says the sample is too small instead of concluding.
pub const MIN_ORDERS_PER_GROUP: u64 = 30;

/// Which CSV columns hold what; the flags of `addons report` change them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportColumns {
    /// The order a line belongs to.
    pub order: String,
    /// The visitor's group, as the widget assigned it (`control`, `treatment`).
    pub group: String,
    /// The line's unit price as a decimal ("12.50").
    pub price: String,
    /// How many: this column, which must be there; `None` reads a `quantity` column where the
    /// file has one and counts every line once where it has none.
    pub quantity: Option<String>,
    /// The column that marks lines the widget added (Shopify's line properties, say).
    pub marker: String,
    /// A line is an add-on line when its marker column contains this text.
    pub marker_value: String,
    /// The group that saw no add-ons.
    pub control: String,
}

impl Default for ReportColumns {
    fn default() -> ReportColumns {
        ReportColumns {
            order: "order_id".into(),
            group: "group".into(),
            price: "price".into(),
            quantity: None,
            marker: "source".into(),
            marker_value: "checkout-addons".into(),
            control: "control".into(),
        }
    }
}

/// Why the orders cannot be compared at all.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum UpliftError {
    /// The file cannot be read, or lacks a column.
    #[error(transparent)]
    Table(#[from] TableError),
    /// Not exactly the control group and one other.
    #[error("expected the control group `{control}` and one other, found: {}{}", if found.is_empty() { "none".to_owned() } else { found.join(", ") }, unread(*malformed_count, malformed))]
    Groups {
        /// The control group's name, as asked for.
        control: String,
        /// The groups the orders name.
        found: Vec<String>,
        /// How many rows could not be read, and the first of them: when every row is bad,
        /// they, not the groups, are the problem.
        malformed_count: u64,
        malformed: Vec<Malformed>,
    },
}

/// The rows that could not be read, for an error: how many, and the first of them by line.
fn unread(count: u64, first: &[Malformed]) -> String {
    if count == 0 {
        return String::new();
    }
    let lines: Vec<String> = first.iter().take(3).map(ToString::to_string).collect();
    format!(
        "; {count} rows could not be read, among them: {}",
        lines.join("; ")
    )
}

/// One group's orders.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The group's name.
    pub name: String,
    /// Orders in the group.
    pub orders: u64,
    /// Orders with at least one add-on line.
    pub with_addon: u64,
    /// Everything the group's orders came to, in minor units.
    pub revenue: i64,
    /// What the add-on lines came to, in minor units.
    pub addon_revenue: i64,
    /// The average order value, in minor units (a statistic, so fractional).
    pub average_order: f64,
    /// The sample standard deviation of order values, in minor units.
    pub order_std_dev: f64,
}

impl GroupSummary {
    /// The share of orders with an add-on.
    pub fn take_rate(&self) -> f64 {
        ratio(self.with_addon, self.orders)
    }
}

/// A difference (treatment minus control) and its 95% confidence interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// The observed difference.
    pub estimate: f64,
    /// Lower end.
    pub low: f64,
    /// Upper end.
    pub high: f64,
}

impl Interval {
    /// Whether zero lies outside the interval: the difference is unlikely to be noise.
    pub fn excludes_zero(&self) -> bool {
        self.low > 0.0 || self.high < 0.0
    }
}

/// What the comparison allows a shop owner to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// A group has fewer than [`MIN_ORDERS_PER_GROUP`] orders.
    TooSmall,
    /// The treatment's orders are larger, beyond noise.
    Higher,
    /// The treatment's orders are smaller, beyond noise.
    Lower,
    /// The interval includes zero.
    Inconclusive,
}

/// The whole comparison.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uplift {
    /// The currency amounts are in.
    pub currency: String,
    /// The group that saw no add-ons.
    pub control: GroupSummary,
    /// The group that saw them.
    pub treatment: GroupSummary,
    /// Average order value, treatment minus control, in minor units (Welch's interval).
    pub average_order_difference: Option<Interval>,
    /// Take rate, treatment minus control, as a share (Wald interval).
    pub take_rate_difference: Option<Interval>,
    /// The smallest difference in average order value these orders would likely detect (80%
    /// power, 5% two-sided), in minor units: smaller true effects go unnoticed.
    pub detectable_difference: Option<f64>,
    /// What may be concluded.
    pub verdict: Verdict,
    /// Rows that could not be read: the first few, with their lines.
    pub malformed: Vec<Malformed>,
    /// How many rows could not be read.
    pub malformed_count: u64,
    /// Orders left out because their lines name more than one group.
    pub mixed_orders: u64,
    /// Orders left out because no line names a group.
    pub orders_without_group: u64,
}

/// One order while its lines are read.
#[derive(Default)]
struct OrderTotals {
    /// Exports often put order-level fields (the group among them) on the first line only.
    group: Option<usize>,
    total: i64,
    addon: i64,
    /// Any add-on line, whatever its price (a free sample taken counts).
    has_addon: bool,
    mixed: bool,
}

/// The group a field names: the whole field, or, where it holds `key: value` lines (Shopify's
/// "Note Attributes"), the value of `checkout_addons_group`, and none when no line is that
/// (an order with only a gift note names no group).
fn group_in(field: &str) -> &str {
    let mut attributes = false;
    for line in field.lines() {
        if let Some(group) = line.trim().strip_prefix("checkout_addons_group:") {
            return group.trim();
        }
        attributes |= line.contains(':');
    }
    if attributes {
        ""
    } else {
        field.trim()
    }
}

/// Reads the order lines and compares the groups.
pub fn compare<R: Read>(
    input: R,
    columns: &ReportColumns,
    currency: &Currency,
) -> Result<Uplift, UpliftError> {
    let mut table = Table::new(input)?;
    let (order_at, group_at, price_at, marker_at) = (
        table.column(&columns.order)?,
        table.column(&columns.group)?,
        table.column(&columns.price)?,
        table.column(&columns.marker)?,
    );
    // A column named by the shop must be there: a misspelt one would count every line once,
    // and the average order would be wrong without a word.
    let quantity_at = match &columns.quantity {
        Some(name) => Some(table.column(name)?),
        None if table.has_column("quantity") => Some(table.column("quantity")?),
        None => None,
    };

    let mut groups: Vec<String> = Vec::new();
    // In order of their ids, not a hash map's: the report's sums of floats come out the same
    // each run (`--json` printed other last digits each time).
    let mut orders: BTreeMap<String, OrderTotals> = BTreeMap::new();
    let mut malformed = Vec::new();
    let mut malformed_count = 0u64;
    let width = table.width();
    while let Some(row) = table.next_row() {
        let row = row?.and_then(|row| {
            row.check_width(width)?;
            let field = |i: usize, name: &str| row.text(i, name);
            let order = field(order_at, "order id")?;
            let group = group_in(field(group_at, "group")?);
            if order.is_empty() {
                return Err(row.malformed("no order id".to_owned()));
            }
            let price = Money::parse_decimal(field(price_at, "price")?, currency)
                .map_err(|why| row.malformed(format!("price {why}")))?;
            let quantity = match quantity_at {
                None => 1,
                Some(i) => {
                    // Whole, as a spreadsheet may write it too ("2.0"). A refund line (below
                    // zero) is not counted: which add-on and which order it takes back is the
                    // shop's refund record, not this export's line.
                    let text = field(i, "quantity")?;
                    let whole = |q: f64| (q.fract() == 0.0 && q.abs() < 1e15).then_some(q as i64);
                    match (text.parse::<i64>().ok()).or_else(|| text.parse::<f64>().ok().and_then(whole)) {
                        Some(quantity) if quantity >= 0 => quantity,
                        Some(_) => {
                            let why = format!("quantity `{text}` is below zero (a refund?): not counted");
                            return Err(row.malformed(why));
                        }
                        None => return Err(row.malformed(format!("quantity `{text}` is not a whole number"))),
                    }
                }
            };
            let amount = price
                .minor()
                .checked_mul(quantity)
                .ok_or_else(|| row.malformed("the line's amount is too large".to_owned()))?;
            // An add-on line emptied (0) is no add-on taken.
            let is_addon = field(marker_at, "marker")?.contains(&columns.marker_value) && quantity > 0;
            Ok((order.to_owned(), group.to_owned(), amount, is_addon))
        });
        let (order, group, amount, is_addon) = match row {
            Ok(row) => row,
            Err(row) => {
                malformed_count += 1;
                if malformed.len() < 20 {
                    malformed.push(row);
                }
                continue;
            }
        };
        let group = (!group.is_empty()).then(|| match groups.iter().position(|g| *g == group) {
            Some(i) => i,
            None => {
                groups.push(group);
                groups.len() - 1
            }
        });
        let totals = orders.entry(order).or_default();
        match (totals.group, group) {
            (None, named) => totals.group = named,
            (Some(known), Some(named)) => totals.mixed |= known != named,
            (Some(_), None) => {}
        }
        totals.total = totals.total.saturating_add(amount);
        if is_addon {
            totals.addon = totals.addon.saturating_add(amount);
            totals.has_addon = true;
        }
    }

    let control_at = groups.iter().position(|g| *g == columns.control);
    let (Some(control_at), 2) = (control_at, groups.len()) else {
        return Err(UpliftError::Groups {
            control: columns.control.clone(),
            found: groups,
            malformed_count,
            malformed,
        });
    };
    let treatment_at = 1 - control_at;
    let mixed_orders = orders.values().filter(|o| o.mixed).count() as u64;
    let orders_without_group = orders.values().filter(|o| o.group.is_none()).count() as u64;
    let summary = |index: usize| {
        let kept = || {
            orders
                .values()
                .filter(move |o| !o.mixed && o.group == Some(index))
        };
        summarize(&groups[index], kept())
    };
    let (control, treatment) = (summary(control_at), summary(treatment_at));
    Ok(conclude(
        currency,
        control,
        treatment,
        malformed,
        malformed_count,
        mixed_orders,
        orders_without_group,
    ))
}

fn summarize<'a>(name: &str, orders: impl Iterator<Item = &'a OrderTotals>) -> GroupSummary {
    // Welford's running mean and variance: stable for a million orders.
    let (mut n, mut mean, mut squares) = (0u64, 0f64, 0f64);
    let mut summary = GroupSummary {
        name: name.to_owned(),
        orders: 0,
        with_addon: 0,
        revenue: 0,
        addon_revenue: 0,
        average_order: 0.0,
        order_std_dev: 0.0,
    };
    for order in orders {
        n += 1;
        let x = order.total as f64;
        let delta = x - mean;
        mean += delta / n as f64;
        squares += delta * (x - mean);
        summary.revenue = summary.revenue.saturating_add(order.total);
        summary.addon_revenue = summary.addon_revenue.saturating_add(order.addon);
        summary.with_addon += u64::from(order.has_addon);
    }
    summary.orders = n;
    summary.average_order = mean;
    summary.order_std_dev = if n > 1 {
        (squares / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    summary
}

fn conclude(
    currency: &Currency,
    control: GroupSummary,
    treatment: GroupSummary,
    malformed: Vec<Malformed>,
    malformed_count: u64,
    mixed_orders: u64,
    orders_without_group: u64,
) -> Uplift {
    let enough = control.orders >= MIN_ORDERS_PER_GROUP && treatment.orders >= MIN_ORDERS_PER_GROUP;
    let (average_order_difference, detectable_difference) = if enough {
        let (vc, vt) = (
            control.order_std_dev.powi(2) / control.orders as f64,
            treatment.order_std_dev.powi(2) / treatment.orders as f64,
        );
        let se = (vc + vt).sqrt();
        // Welch-Satterthwaite degrees of freedom for unequal variances.
        let df = (vc + vt).powi(2)
            / (vc.powi(2) / (control.orders - 1) as f64 + vt.powi(2) / (treatment.orders - 1) as f64);
        let t = t_975(if df.is_finite() { df } else { f64::INFINITY });
        let estimate = treatment.average_order - control.average_order;
        (
            Some(Interval {
                estimate,
                low: estimate - t * se,
                high: estimate + t * se,
            }),
            Some((Z_975 + Z_80) * se),
        )
    } else {
        (None, None)
    };
    let take_rate_difference = enough.then(|| {
        let (pc, pt) = (control.take_rate(), treatment.take_rate());
        let se = (pc * (1.0 - pc) / control.orders as f64 + pt * (1.0 - pt) / treatment.orders as f64).sqrt();
        Interval {
            estimate: pt - pc,
            low: pt - pc - Z_975 * se,
            high: pt - pc + Z_975 * se,
        }
    });
    let verdict = match average_order_difference {
        None => Verdict::TooSmall,
        Some(d) if d.low > 0.0 => Verdict::Higher,
        Some(d) if d.high < 0.0 => Verdict::Lower,
        Some(_) => Verdict::Inconclusive,
    };
    Uplift {
        currency: currency.code().to_owned(),
        control,
        treatment,
        average_order_difference,
        take_rate_difference,
        detectable_difference,
        verdict,
        malformed,
        malformed_count,
        mixed_orders,
        orders_without_group,
    }
}

/// The standard normal's 97.5% quantile: two-sided 95%.
const Z_975: f64 = 1.959_963_984_540_054;
/// The standard normal's 80% quantile: 80% power.
const Z_80: f64 = 0.841_621_233_572_914_3;

/// Student's t 97.5% quantile for `df` degrees of freedom, by the Cornish-Fisher expansion
/// around the normal: within 0.001 of the exact value from 10 degrees of freedom up, and the
/// report needs at least 29.
fn t_975(df: f64) -> f64 {
    let z = Z_975;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * df)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * df.powi(2))
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * df.powi(3))
}

fn ratio(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator: the same data set on every run.
    struct Random(u64);

    impl Random {
        fn unit(&mut self) -> f64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
        }

        /// Normal by Box-Muller.
        fn normal(&mut self, mean: f64, sd: f64) -> f64 {
            let (u, v) = (self.unit(), self.unit());
            mean + sd * (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        }
    }

    /// Orders of a holdout test: each order is one main line of about EUR 60 (sd 20); in the
    /// treatment group 30% of orders also take a EUR 10 add-on. The true effect on the average
    /// order is therefore +EUR 3.00 and on the take rate +30 points.
    fn holdout_orders(random: &mut Random, per_group: usize, addon_share: f64) -> String {
        let mut csv = String::from("order_id,group,price,quantity,source\n");
        for i in 0..per_group * 2 {
            let group = if i % 2 == 0 { "control" } else { "treatment" };
            let main = random.normal(6000.0, 2000.0).max(100.0).round() as i64;
            csv.push_str(&format!("o{i},{group},{}.{:02},1,\n", main / 100, main % 100));
            if group == "treatment" && random.unit() < addon_share {
                csv.push_str(&format!("o{i},{group},10.00,1,_source: checkout-addons\n"));
            }
        }
        csv
    }

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    fn report(csv: &str) -> Uplift {
        compare(csv.as_bytes(), &ReportColumns::default(), &eur()).unwrap()
    }

    #[test]
    fn a_known_effect_is_found_and_its_interval_covers_it() {
        let uplift = report(&holdout_orders(&mut Random(7), 20_000, 0.3));
        let aov = uplift.average_order_difference.unwrap();
        assert!(aov.low < 300.0 && 300.0 < aov.high, "{aov:?}");
        assert!(aov.low > 0.0, "{aov:?}");
        assert_eq!(uplift.verdict, Verdict::Higher);
        let take = uplift.take_rate_difference.unwrap();
        assert!(take.low < 0.3 && 0.3 < take.high, "{take:?}");
        assert_eq!(uplift.control.with_addon, 0);
        assert_eq!(uplift.treatment.orders, 20_000);
        assert_eq!(
            uplift.treatment.addon_revenue,
            uplift.treatment.with_addon as i64 * 1000
        );
    }

    #[test]
    fn ninety_five_percent_intervals_cover_the_true_effect_about_95_times_in_100() {
        let mut random = Random(11);
        let runs = 400;
        let covered = (0..runs)
            .filter(|_| {
                let aov = report(&holdout_orders(&mut random, 300, 0.3))
                    .average_order_difference
                    .unwrap();
                aov.low < 300.0 && 300.0 < aov.high
            })
            .count();
        // Binomial(400, 0.95): mean 380, sd 4.4.
        assert!((366..=394).contains(&covered), "{covered} of {runs}");
    }

    #[test]
    fn without_an_effect_the_report_does_not_claim_one() {
        let uplift = report(&holdout_orders(&mut Random(3), 5_000, 0.0));
        assert_eq!(uplift.verdict, Verdict::Inconclusive);
        let detectable = uplift.detectable_difference.unwrap();
        // 2.8 standard errors of a difference of two means of 5,000 orders with sd 2,000.
        assert!(
            (detectable - 2.8 * 2000.0 * (2.0 / 5000.0f64).sqrt()).abs() < 10.0,
            "{detectable}"
        );
    }

    #[test]
    fn a_small_sample_is_said_to_be_too_small() {
        let uplift = report(&holdout_orders(&mut Random(5), 12, 0.3));
        assert_eq!(uplift.verdict, Verdict::TooSmall);
        assert!(uplift.average_order_difference.is_none());
        assert_eq!(uplift.control.orders, 12);
    }

    #[test]
    fn when_no_row_can_be_read_the_error_shows_the_rows_not_only_the_groups() {
        let csv = "order_id,group,price,quantity,source\n1,control,\"1,50\",1,\n2,treatment,\"2,00\",1,\n";
        let error = compare(csv.as_bytes(), &ReportColumns::default(), &eur())
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("2 rows could not be read, among them: line 2: price"),
            "{error}"
        );
    }

    #[test]
    fn an_unquoted_decimal_comma_is_a_bad_row_not_a_shifted_price() {
        let csv = "order_id,group,price,quantity,source\n\
                   1,control,1,50,1,\n\
                   2,control,2.00,1,\n\
                   3,treatment,1.00,1,checkout-addons\n";
        let uplift = report(csv);
        assert_eq!(
            (uplift.control.orders, uplift.control.revenue),
            (1, 200),
            "not 1 x 50"
        );
        assert_eq!(uplift.malformed_count, 1);
        assert!(uplift.malformed[0].to_string().contains("an unquoted comma?"));
    }

    #[test]
    fn a_spreadsheets_whole_quantity_reads_and_a_refund_line_is_listed_not_counted() {
        let csv = "order_id,group,price,quantity,source\n\
                   1,control,10.00,2.0,\n\
                   2,treatment,30.00,1,\n\
                   2,treatment,4.50,-1,_source: checkout-addons\n\
                   3,treatment,1.00,1.5,\n";
        let uplift = report(csv);
        assert_eq!((uplift.control.orders, uplift.control.revenue), (1, 2000));
        assert_eq!((uplift.treatment.orders, uplift.treatment.revenue), (1, 3000));
        assert_eq!(uplift.treatment.with_addon, 0);
        assert_eq!(uplift.malformed_count, 2);
        assert_eq!(
            uplift.malformed[0].to_string(),
            "line 4: quantity `-1` is below zero (a refund?): not counted"
        );
        assert_eq!(
            uplift.malformed[1].to_string(),
            "line 5: quantity `1.5` is not a whole number"
        );
    }

    #[test]
    fn orders_add_up_their_lines_and_bad_rows_are_counted_with_their_line() {
        let csv = "order_id,group,price,quantity,source\n\
                   1,control,10.00,2,\n\
                   1,control,5.00,1,\n\
                   2,treatment,30.00,1,\n\
                   2,treatment,4.50,2,_source: checkout-addons\n\
                   3,treatment,ten,1,\n\
                   4,control,1.00,1,\n\
                   4,treatment,1.00,1,\n";
        let uplift = report(csv);
        assert_eq!((uplift.control.orders, uplift.control.revenue), (1, 2500));
        assert_eq!((uplift.treatment.orders, uplift.treatment.revenue), (1, 3900));
        assert_eq!(uplift.treatment.addon_revenue, 900);
        assert_eq!(uplift.malformed_count, 1);
        assert_eq!(
            uplift.malformed[0].to_string(),
            "line 6: price `ten` is not a decimal amount"
        );
        assert_eq!(uplift.mixed_orders, 1);
    }

    #[test]
    fn the_group_may_sit_on_an_orders_first_line_only_as_a_note_attribute() {
        // Shopify's order export: order-level fields on the first line of each order.
        let csv = "order_id,group,price,quantity,source\n\
                   1,\"checkout_addons_group: control\",10.00,1,\n\
                   1,,5.00,1,\n\
                   2,\"gift: no\ncheckout_addons_group: treatment\",30.00,1,\n\
                   2,,4.50,2,_source: checkout-addons\n\
                   3,,1.00,1,\n\
                   4,\"gift_wrap: yes\",2.00,1,\n\
                   5,\"checkout_addons_group: treatment\",8.00,1,\n\
                   5,,0.00,1,_source: checkout-addons\n";
        let uplift = report(csv);
        assert_eq!(
            (uplift.control.name.as_str(), uplift.control.revenue),
            ("control", 1500)
        );
        assert_eq!(
            (
                uplift.treatment.orders,
                uplift.treatment.revenue,
                uplift.treatment.addon_revenue
            ),
            (2, 4700, 900)
        );
        // A free sample taken is an add-on taken: both treatment orders took one.
        assert_eq!(uplift.treatment.with_addon, 2);
        // Other note attributes and no group: an order without one, not a third group.
        assert_eq!(uplift.orders_without_group, 2);
        assert_eq!(uplift.malformed_count, 0);
    }

    #[test]
    fn groups_and_columns_must_be_what_the_columns_say() {
        let three = "order_id,group,price,source\n1,control,1.00,\n2,a,1.00,\n3,b,1.00,\n";
        let error = compare(three.as_bytes(), &ReportColumns::default(), &eur()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected the control group `control` and one other, found: control, a, b"
        );
        // A quantity column the shop names must be there, or every line would count once.
        let columns = ReportColumns {
            quantity: Some("qty".into()),
            ..ReportColumns::default()
        };
        let error = compare(three.as_bytes(), &columns, &eur()).unwrap_err();
        assert!(
            error.to_string().starts_with("line 1: no column `qty`"),
            "{error}"
        );
        let missing = "order,group,price,source\n";
        let error = compare(missing.as_bytes(), &ReportColumns::default(), &eur()).unwrap_err();
        assert!(error
            .to_string()
            .starts_with("line 1: no column `order_id` (the header has: order, group, price, source)"));
    }

    #[test]
    fn the_t_quantile_approaches_the_normal() {
        assert!((t_975(30.0) - 2.0423).abs() < 0.001);
        assert!((t_975(100.0) - 1.9840).abs() < 0.001);
        assert!((t_975(f64::INFINITY) - Z_975).abs() < 1e-12);
    }
}
