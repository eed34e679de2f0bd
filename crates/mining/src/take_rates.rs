//! Take rates by lane and segment, from the events a shop's `beacon` endpoint collected (one
//! JSON payload a line, as the widget sends them): of the add-ons shown with each reason, to
//! shoppers of each segment, how many were added. Which lanes earn their place.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Serialize;
use serde_json::Value;

use crate::per_view::{Exposures, Unit, UNMARKED_SHARE};

/// One lane's figures for one segment.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct LaneTake {
    /// The reason kind (`bought_together`, `last_bought`, ...).
    pub reason: String,
    /// The shopper's segment (`everyone`, `lapsing`, ...).
    pub segment: String,
    /// Add-ons shown (items of `view_item_list` events).
    pub shown: u64,
    /// Add-ons the cart confirmed and that stayed: `add_to_cart` less `remove_from_cart` (an
    /// undo, or a reorder line taken back), so an add, an undo and an add again count once.
    pub added: u64,
    /// `added / shown` (0 when nothing was shown).
    pub take_rate: f64,
}

/// What a file of events came to.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TakeRates {
    /// By reason, then segment.
    pub lanes: Vec<LaneTake>,
    /// Lines that are not an event payload, by line number (the first few), and how many.
    pub unreadable: Vec<u64>,
    /// How many lines could not be read.
    pub unreadable_count: u64,
    /// Visits by group (`checkout_addons_exposure` events that start one), or page views
    /// where no event says, for `per_view`.
    pub exposures: Exposures,
}

/// Lines listed as unreadable at most; the rest are only counted.
const EXAMPLES: usize = 5;

/// The `reason` of the item that leaves the cart in a swap (an upsell): the widget tells GA4
/// `remove_from_cart` for it as the upgrade comes in, `add_to_cart` as an undo puts it back.
const SWAPPED_OUT: &str = "swapped_out";

/// UTF-8's byte order mark.
const BOM: &[u8] = "\u{feff}".as_bytes();

/// Counts shown and added add-ons by reason and segment. Events of the control group, or
/// without items, count nothing; a line that is not JSON is reported by number, not fatal.
pub fn take_rates(input: impl BufRead) -> std::io::Result<TakeRates> {
    let mut counts: BTreeMap<(String, String), [u64; 3]> = BTreeMap::new();
    let mut result = TakeRates::default();
    // By group, and the control share asked for: every page view, and the visits' first.
    let (mut page_views, mut visits, mut marked) = (([0u64; 2], 0f64), ([0u64; 2], 0f64), false);
    let mut unmarked = 0u64;
    // Bytes: a line that is not UTF-8 is one unreadable line, not the end of the report.
    for (n, line) in input.split(b'\n').enumerate() {
        let mut line = line?;
        // A file saved by a Windows editor starts with a byte order mark.
        if n == 0 && line.starts_with(BOM) {
            line.drain(..BOM.len());
        }
        if line.trim_ascii().is_empty() {
            continue;
        }
        // JSON without an event's name (`{"foo": 1}`, `42`) is no event either.
        let event = serde_json::from_slice::<Value>(&line).ok();
        let Some((event, name)) = event.as_ref().and_then(|e| Some((e, e["event"].as_str()?))) else {
            result.unreadable_count += 1;
            if result.unreadable.len() < EXAMPLES {
                result.unreadable.push(n as u64 + 1);
            }
            continue;
        };
        // A page view, and the share of views its holdout asked to hold out (a percentage).
        if name == "checkout_addons_exposure" {
            // The widget's own words for the groups, whatever an orders export calls them.
            let group = match event["checkout_addons_group"].as_str() {
                Some("control") => 0,
                Some("treatment") => 1,
                _ => continue,
            };
            let share = event["checkout_addons_holdout"]
                .as_f64()
                .unwrap_or(0.0)
                .clamp(0.0, 100.0)
                / 100.0;
            let visit = event["checkout_addons_visit_start"].as_bool();
            for (counted, counts) in [(true, &mut page_views), (visit == Some(true), &mut visits)] {
                if counted {
                    counts.0[group] += 1;
                    counts.1 += share;
                }
            }
            marked |= visit.is_some();
            unmarked += u64::from(visit.is_none());
            continue;
        }
        // Shown, added, taken back; the widget's other events count in no lane.
        let count = match name {
            "view_item_list" => 0,
            "add_to_cart" => 1,
            "remove_from_cart" => 2,
            _ => continue,
        };
        let segment = event["customer_segment"].as_str().unwrap_or("everyone");
        for item in event["ecommerce"]["items"].as_array().into_iter().flatten() {
            let reason = item["reason"].as_str().unwrap_or("unknown");
            // The cart line an upgrade took the place of: not an add-on of any lane.
            if reason == SWAPPED_OUT {
                continue;
            }
            let entry = counts.entry((reason.to_owned(), segment.to_owned())).or_default();
            entry[count] += 1;
        }
    }
    let all = (page_views.0[0] + page_views.0[1]) as f64;
    let ((views, expected_control), unit) = match marked && unmarked as f64 <= UNMARKED_SHARE * all {
        true => (visits, Unit::Visit),
        false => (page_views, Unit::PageView),
    };
    result.exposures = Exposures {
        control: views[0],
        treatment: views[1],
        expected_control,
        unit,
        unmarked: if marked { unmarked } else { 0 },
    };
    result.lanes = counts
        .into_iter()
        .map(|((reason, segment), [shown, added, taken_back])| {
            let added = added.saturating_sub(taken_back);
            LaneTake {
                reason,
                segment,
                shown,
                added,
                take_rate: if shown == 0 {
                    0.0
                } else {
                    added as f64 / shown as f64
                },
            }
        })
        .collect();
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_and_added_add_ons_count_by_reason_and_segment() {
        let view = |segment: &str, reasons: &[&str]| {
            let items: Vec<Value> = reasons
                .iter()
                .map(|r| serde_json::json!({"item_id": "x", "reason": r}))
                .collect();
            serde_json::json!({"event": "view_item_list", "customer_segment": segment, "ecommerce": {"items": items}})
                .to_string()
        };
        let added = |segment: &str, reason: &str| {
            serde_json::json!({"event": "add_to_cart", "customer_segment": segment,
                "ecommerce": {"items": [{"item_id": "x", "reason": reason}]}})
            .to_string()
        };
        let lines = [
            view("everyone", &["bought_together", "impulse"]),
            view("everyone", &["bought_together", "impulse"]),
            added("everyone", "bought_together"),
            view("lapsing", &["bundle_saving"]),
            added("lapsing", "bundle_saving"),
            // Added, taken back with undo, added again: one add.
            view("lapsing", &["impulse"]),
            added("lapsing", "impulse"),
            added("lapsing", "impulse").replace("add_to_cart", "remove_from_cart"),
            added("lapsing", "impulse"),
            // A swap: the upgrade in, the line it replaced out; then undone.
            added("everyone", "upgrade_of"),
            added("everyone", "swapped_out").replace("add_to_cart", "remove_from_cart"),
            added("everyone", "upgrade_of").replace("add_to_cart", "remove_from_cart"),
            added("everyone", "swapped_out"),
            r#"{"event": "checkout_addons_exposure", "checkout_addons_group": "control"}"#.to_owned(),
            "not json".to_owned(),
        ]
        .join("\n");
        let rates = take_rates(lines.as_bytes()).unwrap();
        let row = |reason: &str, segment: &str| {
            rates
                .lanes
                .iter()
                .find(|l| l.reason == reason && l.segment == segment)
                .cloned()
                .unwrap()
        };
        assert_eq!(
            (
                row("bought_together", "everyone").shown,
                row("bought_together", "everyone").added
            ),
            (2, 1)
        );
        assert_eq!(row("bought_together", "everyone").take_rate, 0.5);
        assert_eq!(row("impulse", "everyone").take_rate, 0.0);
        assert_eq!(row("bundle_saving", "lapsing").take_rate, 1.0);
        assert_eq!(row("impulse", "lapsing").added, 1);
        assert_eq!(row("upgrade_of", "everyone").added, 0);
        assert!(
            rates.lanes.iter().all(|l| l.reason != "swapped_out"),
            "the line a swap replaced is no lane's add-on"
        );
        assert_eq!((rates.unreadable.clone(), rates.unreadable_count), (vec![15], 1));
    }

    #[test]
    fn exposures_count_each_groups_page_views_and_the_share_asked_for() {
        let exposure = |group: &str, holdout: u32| {
            format!(
                r#"{{"event": "checkout_addons_exposure", "checkout_addons_group": "{group}", "checkout_addons_holdout": {holdout}, "group": "{group}"}}"#
            )
        };
        // 10% held out for three views, then 20% (the share raised) for two; a view of no
        // group the widget knows counts in neither.
        let lines = [
            exposure("treatment", 10),
            exposure("control", 10),
            exposure("treatment", 10),
            exposure("treatment", 20),
            exposure("control", 20),
            exposure("holdout-a", 20),
        ]
        .join("\n");
        let rates = take_rates(lines.as_bytes()).unwrap();
        let exposures = rates.exposures;
        assert_eq!((exposures.control, exposures.treatment), (2, 3));
        assert!(
            (exposures.expected_control - 0.7).abs() < 1e-9,
            "{}",
            exposures.expected_control
        );
        assert!(rates.lanes.is_empty(), "an exposure shows no add-on");
        assert_eq!(
            exposures.unit,
            Unit::PageView,
            "no event says which view starts a visit"
        );
        // The loader marks each visit's first view: then visits are counted.
        let lines = [
            (true, "treatment"),
            (false, "treatment"),
            (true, "control"),
            (false, "control"),
            (true, "treatment"),
        ]
        .map(|(start, group)| {
            exposure(group, 10).replace("}", &format!(r#", "checkout_addons_visit_start": {start}}}"#))
        })
        .join("\n");
        let exposures = take_rates(lines.as_bytes()).unwrap().exposures;
        assert_eq!(
            (exposures.control, exposures.treatment, exposures.unit),
            (1, 2, Unit::Visit)
        );
        assert!((exposures.expected_control - 0.3).abs() < 1e-9);
        // Events of a loader from before the mark, in the same file: a few are left out of the
        // visits and counted; more than 5% make the count one of page views.
        let mixed = |old: usize| {
            let marked = exposure("treatment", 10).replace("}", r#", "checkout_addons_visit_start": true}"#);
            let lines = [vec![marked; 40], vec![exposure("control", 10); old]]
                .concat()
                .join("\n");
            take_rates(lines.as_bytes()).unwrap().exposures
        };
        assert_eq!(
            (mixed(2).unit, mixed(2).treatment, mixed(2).unmarked),
            (Unit::Visit, 40, 2)
        );
        assert_eq!(
            (mixed(3).unit, mixed(3).control, mixed(3).unmarked),
            (Unit::PageView, 3, 3)
        );
    }

    #[test]
    fn a_byte_order_mark_is_no_event_and_a_line_not_utf_8_one_unreadable_line() {
        let mut lines = BOM.to_vec();
        lines.extend_from_slice(
            br#"{"event": "view_item_list", "ecommerce": {"items": [{"reason": "impulse"}]}}"#,
        );
        lines.extend_from_slice(b"\n\xff\xfe\r\n");
        lines.extend_from_slice(
            br#"{"event": "add_to_cart", "ecommerce": {"items": [{"reason": "impulse"}]}}"#,
        );
        lines.extend_from_slice(b"\n{\"foo\": 1}\n42\n{\"event\": \"begin_checkout\"}\n");
        let rates = take_rates(lines.as_slice()).unwrap();
        assert_eq!((rates.unreadable, rates.unreadable_count), (vec![2, 4, 5], 3));
        assert_eq!((rates.lanes[0].shown, rates.lanes[0].added), (1, 1));
    }
}
