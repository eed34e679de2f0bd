//! `addons report`: the holdout test's orders compared between the groups, in words a shop
//! owner reads; the statistics are the mining crate's (`uplift`).

use std::fmt::Write as _;
use std::io::BufReader;

use anyhow::Context;
use checkout_addons_engine::{Currency, Money};
use checkout_addons_mining::per_view::{per_view, Exposures, PerView, Unit};
use checkout_addons_mining::take_rates::{take_rates, TakeRates};
use checkout_addons_mining::uplift::{compare, Uplift, UpliftError, Verdict, MIN_ORDERS_PER_GROUP};
use checkout_addons_mining::TableError;

use crate::args::Report;

/// `addons report`.
pub fn run(options: &Report) -> anyhow::Result<()> {
    if options.orders.as_deref() == Some("-") && options.events.as_deref() == Some("-") {
        anyhow::bail!("--orders and --events cannot both be standard input");
    }
    // The prices are read in the currency's minor digits: a yen or dinar export read as
    // euros would be refused line by line or reported a hundred times off. Asked before the
    // events are read (standard input, perhaps).
    let currency = options
        .currency
        .as_deref()
        .map(crate::currency_flag)
        .transpose()?;
    if options.orders.is_some() && currency.is_none() {
        anyhow::bail!("--orders: name the prices' currency with --currency (EUR, GBP, SEK, JPY, ...)");
    }
    let rates = options.events.as_deref().map(events).transpose()?;
    let (Some(path), Some(currency)) = (&options.orders, currency) else {
        let rates = rates.expect("clap asks for --orders or --events");
        return match options.json {
            true => crate::print(&format!("{}\n", serde_json::to_string_pretty(&rates)?)),
            false => crate::print(&lanes(&rates)),
        };
    };
    let file = crate::open_input(path)?;
    let uplift = compare(
        BufReader::with_capacity(1 << 16, file),
        &options.columns(),
        &currency,
    )
    .map_err(|error| anyhow::anyhow!("{error}{}", flag_hint(&error)))
    .with_context(|| path.clone())?;
    let viewed = rates.as_ref().map(|rates| per_view(&uplift, &rates.exposures));
    if options.json {
        let json = match (&rates, &viewed) {
            (Some(rates), Some(viewed)) => serde_json::to_string_pretty(&serde_json::json!({
                "orders": uplift, "per_visit": viewed, "lanes": rates,
            }))?,
            _ => serde_json::to_string_pretty(&uplift)?,
        };
        return crate::print(&format!("{json}\n"));
    }
    let mut out = text(&uplift);
    match (&rates, &viewed) {
        (Some(rates), Some(viewed)) => {
            out.push('\n');
            let _ = write_per_view(&uplift, viewed, &rates.exposures, &mut out);
            out.push('\n');
            out.push_str(&lanes(rates));
        }
        _ => out.push_str(
            "\nAverage order value alone can rise while the shop earns less (fewer orders, each larger): \
             add --events with the beacon's events for orders and revenue per visit.\n",
        ),
    }
    crate::print(&out)
}

/// The beacon's events, counted; lines that are no event are said and skipped.
fn events(path: &str) -> anyhow::Result<TakeRates> {
    let file = crate::open_input(path)?;
    let rates = take_rates(BufReader::new(file)).with_context(|| path.to_owned())?;
    if rates.unreadable_count > 0 {
        say!(
            "{path}: {} lines are not an event (lines {}); not counted",
            rates.unreadable_count,
            crate::line_list(&rates.unreadable, rates.unreadable_count)
        );
    }
    Ok(rates)
}

/// Take rates by lane and segment, as a table.
fn lanes(rates: &TakeRates) -> String {
    let mut out = format!(
        "{:<18}{:<12}{:>8}{:>8}{:>11}\n",
        "lane", "segment", "shown", "added", "take rate"
    );
    for lane in &rates.lanes {
        let _ = writeln!(
            out,
            "{:<18}{:<12}{:>8}{:>8}{:>10.1}%",
            lane.reason,
            lane.segment,
            lane.shown,
            lane.added,
            100.0 * lane.take_rate
        );
    }
    if rates.lanes.is_empty() {
        out.push_str("no add-ons shown in these events\n");
    }
    out
}

/// Orders and revenue per visit (or page view), the differences with their intervals, and whether
/// the groups came as assigned.
fn write_per_view(
    uplift: &Uplift,
    viewed: &PerView,
    exposures: &Exposures,
    f: &mut String,
) -> std::fmt::Result {
    let currency = Currency::parse(&uplift.currency).ok_or(std::fmt::Error)?;
    let money = |minor: f64| {
        let amount = Money(minor.abs().round() as i64).to_decimal_string(&currency);
        let sign = if minor < 0.0 { "-" } else { "" };
        format!("{sign}{} {amount}", uplift.currency)
    };
    let signed = |minor: f64| match minor < 0.0 {
        true => money(minor),
        false => format!("+{}", money(minor)),
    };
    let (unit, one) = (viewed.unit.plural(), viewed.unit.singular());
    writeln!(f, "Per {one} with the widget (the beacon's exposure events):")?;
    writeln!(
        f,
        "{:<12} {:>10} {:>16} {:>18}",
        "group", unit, "orders / each", "revenue / each"
    )?;
    for (i, group) in [&uplift.control, &uplift.treatment].into_iter().enumerate() {
        writeln!(
            f,
            "{:<12} {:>10} {:>15.1}% {:>18}",
            group.name,
            viewed.views[i],
            viewed.conversion[i] * 100.0,
            money(viewed.revenue_per_view[i])
        )?;
    }
    if exposures.unmarked > 0 {
        let whose = "a loader from before the visit mark, or storage blocked";
        match viewed.unit {
            Unit::Visit => writeln!(
                f,
                "{} exposure events carry no visit mark ({whose}): left out of the visits.",
                exposures.unmarked
            )?,
            Unit::PageView => writeln!(
                f,
                "{} exposure events carry no visit mark ({whose}): too many to leave out, so page views \
                 are counted; take events from after the loader's update to count visits.",
                exposures.unmarked
            )?,
        }
    }
    let (asked, seen) = (viewed.control_share_asked * 100.0, viewed.control_share * 100.0);
    if viewed.sample_ratio_mismatch {
        writeln!(
            f,
            "Warning: {seen:.1}% of {unit} are {}'s where {asked:.1}% was asked for (p = {:.1e}): the \
             assignment or the counting is likely broken (a cached page that holds one group's, events lost \
             for one group); no comparison here can be trusted until you know why.",
            uplift.control.name, viewed.sample_ratio_p
        )?;
    } else {
        writeln!(
            f,
            "{seen:.1}% of {unit} are {}'s where {asked:.1}% was asked for: the groups are as assigned.",
            uplift.control.name
        )?;
    }
    if viewed.incomplete {
        return writeln!(
            f,
            "A group has more orders than {unit}: its events are incomplete (an endpoint that lost \
             some, shoppers who block it), so nothing per {one} can be concluded."
        );
    }
    let (Some(conversion), Some(revenue)) =
        (viewed.conversion_difference, viewed.revenue_per_view_difference)
    else {
        return writeln!(f, "Too few orders to conclude anything per {one}.");
    };
    writeln!(
        f,
        "{} minus {}, with 95% confidence intervals:",
        uplift.treatment.name, uplift.control.name
    )?;
    writeln!(
        f,
        "  orders per {one}: {:+.1} points ({:+.1} to {:+.1})",
        conversion.estimate * 100.0,
        conversion.low * 100.0,
        conversion.high * 100.0
    )?;
    writeln!(
        f,
        "  revenue per {one}: {} ({} to {})",
        signed(revenue.estimate),
        signed(revenue.low),
        signed(revenue.high)
    )?;
    if revenue.low > 0.0 {
        writeln!(f, "A {one} with add-ons earns more, beyond chance at 95%.")
    } else if revenue.high < 0.0 {
        writeln!(
            f,
            "A {one} with add-ons earns less, beyond chance at 95%, whatever the average order says."
        )
    } else {
        writeln!(
            f,
            "No difference in revenue per {one} can be told from chance at 95%."
        )
    }
}

/// Which flags name what the error is about.
fn flag_hint(error: &UpliftError) -> &'static str {
    match error {
        UpliftError::Table(TableError::MissingColumn { .. }) => {
            "; name the right one with --order-col, --group-col, --price-col, --quantity-col or --marker-col"
        }
        // No group read because no row could be: the rows, listed, are the problem.
        UpliftError::Groups {
            found,
            malformed_count,
            ..
        } if found.is_empty() && *malformed_count > 0 => "",
        UpliftError::Groups { .. } => " (name the control group with --control)",
        UpliftError::Table(_) => "",
    }
}

/// The comparison as the shop owner reads it: a table of the groups, the differences with
/// their intervals, and what may be concluded.
fn text(uplift: &Uplift) -> String {
    let mut f = String::new();
    // Writing to a String cannot fail.
    let _ = write_text(uplift, &mut f);
    f
}

fn write_text(uplift: &Uplift, f: &mut String) -> std::fmt::Result {
    let currency = Currency::parse(&uplift.currency).ok_or(std::fmt::Error)?;
    let money = |minor: f64| {
        let amount = Money(minor.round() as i64).to_decimal_string(&currency);
        format!("{} {amount}", uplift.currency)
    };
    let signed = |minor: f64| {
        let text = money(minor.abs());
        if minor < 0.0 {
            format!("-{text}")
        } else {
            format!("+{text}")
        }
    };
    writeln!(
        f,
        "{:<12} {:>8} {:>10} {:>16} {:>18}",
        "group", "orders", "take rate", "average order", "add-on revenue"
    )?;
    for group in [&uplift.control, &uplift.treatment] {
        writeln!(
            f,
            "{:<12} {:>8} {:>9.1}% {:>16} {:>18}",
            group.name,
            group.orders,
            group.take_rate() * 100.0,
            money(group.average_order),
            money(group.addon_revenue as f64)
        )?;
    }
    writeln!(f)?;
    if let (Some(aov), Some(take)) = (uplift.average_order_difference, uplift.take_rate_difference) {
        writeln!(
            f,
            "{} minus {}, with 95% confidence intervals:",
            uplift.treatment.name, uplift.control.name
        )?;
        writeln!(
            f,
            "  average order value: {} ({} to {})",
            signed(aov.estimate),
            signed(aov.low),
            signed(aov.high)
        )?;
        writeln!(
            f,
            "  take rate: {:+.1} points ({:+.1} to {:+.1})",
            take.estimate * 100.0,
            take.low * 100.0,
            take.high * 100.0
        )?;
    }
    let verdict = match uplift.verdict {
            Verdict::TooSmall => format!(
                "The sample is too small to conclude anything: {} orders in {} and {} in {}; each group needs at least {MIN_ORDERS_PER_GROUP}, and a few hundred to see effects of a few percent.",
                uplift.control.orders, uplift.control.name, uplift.treatment.orders, uplift.treatment.name
            ),
            Verdict::Higher => format!(
                "Orders in {} are larger on average, beyond chance at 95%.",
                uplift.treatment.name
            ),
            Verdict::Lower => format!(
                "Orders in {} are smaller on average, beyond chance at 95%.",
                uplift.treatment.name
            ),
            Verdict::Inconclusive => {
                "No difference in average order value can be told from chance at 95%: the interval includes zero."
                    .to_owned()
            }
        };
    writeln!(f, "{verdict}")?;
    if let Some(detectable) = uplift.detectable_difference {
        writeln!(
            f,
            "With these orders, a true difference smaller than about {} would likely go unnoticed.",
            money(detectable)
        )?;
    }
    if uplift.malformed_count > 0 || uplift.mixed_orders > 0 || uplift.orders_without_group > 0 {
        writeln!(f)?;
        writeln!(
            f,
            "{} rows could not be read; {} orders named two groups and {} named none, and were left out.",
            uplift.malformed_count, uplift.mixed_orders, uplift.orders_without_group
        )?;
        for row in &uplift.malformed {
            writeln!(f, "  {row}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_mining::uplift::{GroupSummary, Interval};

    fn group(name: &str, orders: u64, average_order: f64) -> GroupSummary {
        GroupSummary {
            name: name.to_owned(),
            orders,
            with_addon: orders / 4,
            revenue: (average_order * orders as f64) as i64,
            addon_revenue: 1_000,
            average_order,
            order_std_dev: 2_000.0,
        }
    }

    fn uplift(verdict: Verdict, difference: Option<Interval>) -> Uplift {
        let orders = if verdict == Verdict::TooSmall { 12 } else { 5_000 };
        Uplift {
            currency: "EUR".to_owned(),
            control: group("control", orders, 4_000.0),
            treatment: group("treatment", orders, 4_300.0),
            average_order_difference: difference,
            take_rate_difference: difference.map(|_| Interval {
                estimate: 0.25,
                low: 0.24,
                high: 0.26,
            }),
            detectable_difference: difference.map(|_| 112.0),
            verdict,
            malformed: Vec::new(),
            malformed_count: 0,
            mixed_orders: 0,
            orders_without_group: 0,
        }
    }

    #[test]
    fn a_higher_average_is_said_with_its_interval_in_money() {
        let interval = Interval {
            estimate: 300.0,
            low: 221.0,
            high: 379.0,
        };
        let text = text(&uplift(Verdict::Higher, Some(interval)));
        assert!(
            text.contains("average order value: +EUR 3.00 (+EUR 2.21 to +EUR 3.79)"),
            "{text}"
        );
        assert!(text.contains("take rate: +25.0 points"), "{text}");
        assert!(
            text.contains("Orders in treatment are larger on average"),
            "{text}"
        );
        assert!(
            text.contains("smaller than about EUR 1.12 would likely go unnoticed"),
            "{text}"
        );
    }

    #[test]
    fn no_difference_and_too_few_orders_are_said_plainly() {
        let interval = Interval {
            estimate: 10.0,
            low: -70.0,
            high: 90.0,
        };
        let text = text(&uplift(Verdict::Inconclusive, Some(interval)));
        assert!(text.contains("can be told from chance"), "{text}");
        let text = super::text(&uplift(Verdict::TooSmall, None));
        assert!(
            text.contains("The sample is too small to conclude anything: 12 orders in control"),
            "{text}"
        );
        assert!(!text.contains("confidence intervals"), "{text}");
    }

    #[test]
    fn errors_point_at_the_flag_that_fixes_them() {
        let missing = UpliftError::Table(TableError::MissingColumn {
            column: "order_id".to_owned(),
            found: vec!["order".to_owned()],
        });
        assert!(flag_hint(&missing).contains("--order-col"));
        let groups = UpliftError::Groups {
            control: "control".to_owned(),
            found: Vec::new(),
            malformed_count: 0,
            malformed: Vec::new(),
        };
        assert!(flag_hint(&groups).contains("--control"));
    }
}
