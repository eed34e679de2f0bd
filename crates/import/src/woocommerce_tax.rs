//! WooCommerce's tax on prices a shop enters without it: the rate of each tax class, and
//! the class a product or variation is sold in.

use checkout_addons_engine::Money;
use serde_json::Value;

/// Tax to add to prices a shop enters without it and shows with it, by WooCommerce tax class
/// (`standard`, `reduced-rate`, ...), in hundredths of a percent. Empty: prices as entered.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaxRates(Vec<(String, u32)>);

impl TaxRates {
    /// Reads `21` (the standard class) and `reduced-rate=9` or `8.1`: a percentage with at
    /// most two decimals, each class once.
    pub fn parse(specs: &[String]) -> Result<TaxRates, String> {
        let mut rates: Vec<(String, u32)> = Vec::new();
        for spec in specs {
            let (class, percent) = spec.rsplit_once('=').unwrap_or(("standard", spec));
            let (whole, fraction) = percent.split_once('.').unwrap_or((percent, ""));
            let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            let hundredths = match (
                digits(whole),
                fraction.is_empty() || (digits(fraction) && fraction.len() <= 2),
            ) {
                (true, true) => whole.parse::<u32>().ok().and_then(|w| {
                    let f: u32 = format!("{fraction:0<2}").parse().ok()?;
                    w.checked_mul(100)?.checked_add(f)
                }),
                _ => None,
            };
            let Some(hundredths) = hundredths.filter(|h| *h <= 100 * 100 && !class.trim().is_empty()) else {
                return Err(format!(
                    "`{spec}`: not a tax rate (a percentage such as 21 or 8.1, or CLASS=PERCENT)"
                ));
            };
            let class = class.trim().to_owned();
            if rates.iter().any(|(c, _)| *c == class) {
                return Err(format!("`{spec}`: the tax class `{class}` is given twice"));
            }
            rates.push((class, hundredths));
        }
        Ok(TaxRates(rates))
    }

    /// What a shopper pays for `entered` in tax class `class` (`None`: not taxed): the rate's
    /// tax rounded to the minor unit, half up, as WooCommerce shows it. `Err` names a taxed
    /// class without a rate.
    pub(crate) fn apply(&self, entered: Money, class: Option<&str>) -> Result<Money, String> {
        let Some(class) = class.filter(|_| !self.0.is_empty()) else {
            return Ok(entered);
        };
        match self.0.iter().find(|(c, _)| c == class) {
            Some(&(_, rate)) => {
                // In i128: a garbled price of 18 digits times a rate must not overflow.
                let tax = (i128::from(entered.0) * i128::from(rate) + 5_000) / 10_000;
                Ok(Money(
                    i64::try_from(i128::from(entered.0) + tax).unwrap_or(i64::MAX),
                ))
            }
            None => Err(class.to_owned()),
        }
    }
}

/// The tax class a product or variation is sold in, `None` when it is not taxed
/// (`tax_status` `none`, or `shipping`: only its shipping is). A variation's `parent` class
/// is its product's.
pub(crate) fn tax_class(raw: &Value, parent: Option<&str>) -> Option<String> {
    if matches!(
        raw.get("tax_status").and_then(Value::as_str),
        Some("none" | "shipping")
    ) {
        return None;
    }
    match raw.get("tax_class").and_then(Value::as_str).unwrap_or("") {
        "" => Some("standard".to_owned()),
        "parent" => parent.map(str::to_owned),
        class => Some(class.to_owned()),
    }
}
