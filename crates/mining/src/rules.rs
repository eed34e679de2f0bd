//! Association rules from Apache Spark MLlib's FPGrowth, read into the feed's co-purchase
//! section: for shops whose history outgrows one machine.
//!
//! Spark writes one JSON object per line: `antecedent` and `consequent` (arrays of item ids),
//! `confidence`, `lift` and `support` (the share of orders holding both sides). The engine
//! relates pairs of products, so only rules with one item on each side are used; the feed
//! carries counts, so `support` is turned back into orders with the number of orders Spark
//! mined.

use checkout_addons_engine::{Catalog, CoPurchase};
use serde::Deserialize;

use crate::mine::{Mined, Thresholds};

#[derive(Deserialize)]
struct Rule {
    antecedent: Vec<String>,
    consequent: Vec<String>,
    confidence: f64,
    lift: Option<f64>,
    support: f64,
}

/// A rule that could not be used, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleProblem {
    /// `file:line`.
    pub place: String,
    /// Why.
    pub reason: String,
}

impl std::fmt::Display for RuleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.place, self.reason)
    }
}

/// What reading the rules found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RulesReport {
    /// Rules read.
    pub rules: usize,
    /// Rules with more than one item on a side: valid, but not pairs.
    pub longer_rules: usize,
    /// Rules below the thresholds.
    pub below_thresholds: usize,
    /// Lines that are not rules, and rules about products the feed lacks.
    pub problems: Vec<RuleProblem>,
}

/// Reads rules (`(name, text)` per file, as Spark writes a folder of part files) about
/// `catalog`'s products, mined from `orders` orders, into co-purchase statistics.
pub fn read_rules(
    files: &[(String, String)],
    catalog: &Catalog,
    orders: u64,
    thresholds: Thresholds,
) -> (Mined, RulesReport) {
    let mut report = RulesReport::default();
    let mut by_product: Vec<(String, Vec<CoPurchase>)> = Vec::new();
    let mut positions: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (name, text) in files {
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let place = format!("{name}:{}", n + 1);
            let problem = |reason: String| RuleProblem {
                place: place.clone(),
                reason,
            };
            let rule: Rule = match serde_json::from_str(line) {
                Ok(rule) => rule,
                Err(e) => {
                    report.problems.push(problem(format!("not a rule ({e})")));
                    continue;
                }
            };
            report.rules += 1;
            let ([from], [to]) = (&rule.antecedent[..], &rule.consequent[..]) else {
                match rule.antecedent.is_empty() || rule.consequent.is_empty() {
                    true => report.problems.push(problem("a side with no item".to_owned())),
                    false => report.longer_rules += 1,
                }
                continue;
            };
            let (Some(from), Some(to)) = (catalog.product(from), catalog.product(to)) else {
                let missing: Vec<&str> = [from, to]
                    .into_iter()
                    .filter(|id| catalog.product(id).is_none())
                    .map(String::as_str)
                    .collect();
                report
                    .problems
                    .push(problem(format!("`{}` is not in the feed", missing.join("`, `"))));
                continue;
            };
            let lift = rule.lift.unwrap_or(1.0);
            let shares = [rule.support, rule.confidence];
            if shares.iter().any(|s| !(0.0..=1.0).contains(s)) || !lift.is_finite() || lift < 0.0 {
                report.problems.push(problem(format!(
                    "support {}, confidence {} and lift {lift} are not a rule's shares (0 to 1) and lift (0 or more)",
                    rule.support, rule.confidence
                )));
                continue;
            }
            // Two variants of one product (or the same id twice) relate the product to itself.
            if from.id == to.id {
                report
                    .problems
                    .push(problem(format!("`{}` with itself: no pair", from.id)));
                continue;
            }
            let count = (rule.support * orders as f64).round() as u32;
            if count < thresholds.min_count {
                report.below_thresholds += 1;
                continue;
            }
            let neighbour = CoPurchase {
                strength: None,
                with: to.id.clone(),
                count,
                confidence: rule.confidence,
                lift,
                after: None,
            };
            match positions.get(&from.id) {
                // Rules on two variants of the same products are one pair: the best-supported
                // rule stands, so the pair is not counted twice.
                Some(&at) => match by_product[at].1.iter_mut().find(|n| n.with == neighbour.with) {
                    Some(existing) => {
                        report.problems.push(problem(format!(
                            "`{}` with `{}` again (a repeated rule, or variants of the same products); the rule with more orders is kept",
                            from.id, to.id
                        )));
                        if neighbour.count > existing.count {
                            *existing = neighbour;
                        }
                    }
                    None => by_product[at].1.push(neighbour),
                },
                None => {
                    positions.insert(from.id.clone(), by_product.len());
                    by_product.push((from.id.clone(), vec![neighbour]));
                }
            }
        }
    }
    let strength = |n: &CoPurchase| n.evidence(Some(orders));
    for (_, neighbours) in &mut by_product {
        neighbours.sort_by(|a, b| {
            strength(b)
                .total_cmp(&strength(a))
                .then_with(|| a.with.cmp(&b.with))
        });
        report.below_thresholds += neighbours.len().saturating_sub(thresholds.top);
        neighbours.truncate(thresholds.top);
    }
    let mined = Mined {
        orders,
        pairs_seen: report.rules - report.longer_rules,
        copurchase: by_product,
        category_complements: Vec::new(),
        categories_mined: false,
        large_orders: 0,
        line_order: None,
        similar: Vec::new(),
        titles: None,
        bestsellers: Vec::new(),
    };
    (mined, report)
}
