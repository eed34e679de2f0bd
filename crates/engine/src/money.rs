use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in the feed currency's minor units (cents for EUR). Never a float: prices are
/// compared, summed and shown exactly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

impl Money {
    /// The amount in minor units.
    pub fn minor(self) -> i64 {
        self.0
    }

    /// `share_percent` percent of this amount, rounded down, in integer arithmetic.
    pub fn percent(self, share_percent: u32) -> Money {
        Money(self.0.saturating_mul(share_percent as i64) / 100)
    }

    /// The amount as a plain decimal string in the currency's major unit ("12.50"), exact,
    /// for display code such as `Intl.NumberFormat`, which accepts decimal strings.
    pub fn to_decimal_string(self, currency: &Currency) -> String {
        let digits = currency.minor_digits();
        if digits == 0 {
            return self.0.to_string();
        }
        let scale = 10i64.pow(digits);
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (major, minor) = (abs / scale as u64, abs % scale as u64);
        format!("{sign}{major}.{minor:0width$}", width = digits as usize)
    }

    /// Reads a plain decimal amount in the currency's major unit ("3.00", "12.5", "1500"), as
    /// shop exports write prices, exactly: no float ever sees it. Refuses signs, thousands
    /// separators and more decimals than the currency has (unless they are zeros), so a
    /// mistyped price is reported rather than rounded.
    pub fn parse_decimal(text: &str, currency: &Currency) -> Result<Money, String> {
        let digits = currency.minor_digits() as usize;
        let (major, fraction) = text.split_once('.').unwrap_or((text, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        // (A price below zero in a spreadsheet's own form, "-3,00", is below zero all the same.)
        let number_like = |s: &str| {
            s.bytes().any(|b| b.is_ascii_digit())
                && s.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        };
        if text.starts_with('-') && number_like(&text[1..]) {
            return Err(format!("`{text}` is below zero"));
        }
        if major.is_empty() || !all_digits(major) || !all_digits(fraction) || (text.ends_with('.')) {
            // A spreadsheet's "1.234,50" or "3,50": say how to write it, where the decimals
            // are plain. "1,000" may be a thousand or one: no figure is guessed then.
            let decimals = text
                .rfind([',', '.'])
                .filter(|&last| text.contains(',') && (text.contains('.') || text.len() - last - 1 != 3));
            let plain = decimals.map(|last| {
                let whole: String = text[..last]
                    .chars()
                    .filter(|c| !matches!(c, ',' | '.' | ' '))
                    .collect();
                format!("{whole}.{}", &text[last + 1..])
            });
            return Err(match plain.filter(|plain| Money::parse_decimal(plain, currency).is_ok()) {
                Some(plain) => format!(
                    "`{text}` is not a decimal amount: write `{plain}` (a point before the decimals, no thousands separator)"
                ),
                None if text.contains(',') => format!(
                    "`{text}` is not a decimal amount: write it with a point before the decimals and no thousands separator (1234.50)"
                ),
                None => format!("`{text}` is not a decimal amount"),
            });
        }
        let (kept, dropped) = fraction.split_at(fraction.len().min(digits));
        if dropped.bytes().any(|b| b != b'0') {
            return Err(format!("`{text}` has more than {digits} decimals for {currency}"));
        }
        let minor = format!("{major}{kept:0<digits$}");
        minor
            .parse::<i64>()
            .map(Money)
            .map_err(|_| format!("`{text}` is too large"))
    }
}

/// The till's price by currency, in major units, about €5 each as a round shelf price
/// ([`Currency::till_price`]). One text, not a table of pairs: 80 bytes less on the checkout
/// page.
const TILLS: &str = "AED20 ALL500 AMD2000 AOA5000 ARS7000 BDT700 BGN10 BHD2 BIF15000 BOB40 BRL30 CDF15000 \
        CLP5000 CNY40 COP20000 CRC2500 CVE500 CZK100 DJF1000 DKK40 DOP300 DZD700 EGP250 ETB800 \
        GHS60 GNF50000 GTQ40 HKD40 HNL150 HUF2000 IDR80000 ILS20 INR400 IQD7000 ISK700 JMD1000 \
        JOD4 JPY800 KES700 KGS500 KHR20000 KMF2500 KRW7000 KWD2 KZT2500 LAK100000 LKR1500 LSL100 \
        LYD30 MAD50 MGA25000 MKD300 MMK10000 MNT20000 MUR250 MWK10000 MXN100 MYR25 MZN350 NAD100 \
        NGN8000 NOK50 NPR700 OMR2 PEN20 PHP300 PKR1500 PLN20 PYG40000 QAR20 RON25 RSD600 RUB500 \
        RWF7000 SAR20 SEK50 SZL100 THB200 TND15 TRY200 TTD40 TWD150 TZS15000 UAH200 UGX20000 \
        UYU200 UZS70000 VND120000 VUV700 XAF3000 XOF3000 XPF600 ZAR100 ZMW150";

/// An ISO 4217 currency code such as `EUR`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Currency(String);

impl Currency {
    /// Accepts three ASCII capital letters; anything else is not a currency code.
    pub fn parse(code: &str) -> Option<Currency> {
        (code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())).then(|| Currency(code.to_owned()))
    }

    /// The code, such as `EUR`.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// How many digits the minor unit has (2 for EUR, 0 for JPY, 3 for KWD), per ISO 4217.
    pub fn minor_digits(&self) -> u32 {
        match self.0.as_str() {
            "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI"
            | "VND" | "VUV" | "XAF" | "XOF" | "XPF" => 0,
            "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
            _ => 2,
        }
    }

    /// What the things by the till cost at most when a shop does not say: about €5, as the
    /// round amount a shop of that currency prices its till in (50 kr, 20 zł, ¥800), in
    /// minor units. One default of 500 minor units is €5 and $5 but 5 kr (45 cents) or 5 Ft (a
    /// cent), which left a Swedish or Hungarian shop's till empty. Rates drift; the amounts
    /// only need the right size, and `impulse-max-price` sets a shop's own.
    pub fn till_price(&self) -> Money {
        // A few dozen codes, not a rate table: they never go stale by an order of magnitude.
        // Others take 5: right for a unit worth about a euro or more (EUR, USD, GBP, CHF, CAD,
        // AUD, SGD, ...), a few cents in a weaker one not listed (the rial, the Lebanese pound:
        // rates that move too fast for a table), whose shop sets `impulse-max-price`.
        let major = (TILLS.split(' '))
            .find_map(|entry| entry.strip_prefix(self.0.as_str()))
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(5);
        Money(major * 10i64.pow(self.minor_digits()))
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_till_costs_about_five_euros_in_every_currency() {
        let till = |code: &str| Currency::parse(code).unwrap().till_price().minor();
        assert_eq!(till("EUR"), 500, "€5.00");
        assert_eq!(till("USD"), 500, "$5.00");
        assert_eq!(till("SEK"), 5000, "50 kr, not 5 kr");
        assert_eq!(till("HUF"), 200_000, "2,000 Ft in fillér");
        assert_eq!(till("JPY"), 800, "¥800: the yen has no minor unit");
        assert_eq!(till("XOF"), 3000, "3,000 CFA francs, in 14 countries");
        assert_eq!(till("KWD"), 2000, "2 dinar in fils");
        assert_eq!(till("RUB"), 50_000, "500 roubles, not 5");
        assert_eq!(
            till("LYD"),
            30_000,
            "30 Libyan dinar in dirhams, a thousand to the dinar"
        );
        assert_eq!(till("XYZ"), 500, "an unlisted code takes 5 of its own unit");
        for entry in TILLS.split(' ') {
            let (code, major) = entry.split_at(3);
            let currency = Currency::parse(code).unwrap_or_else(|| panic!("`{entry}`"));
            let major: i64 = major.parse().unwrap_or_else(|_| panic!("`{entry}`"));
            assert_ne!(major, 5, "`{entry}`: listed, yet the default");
            assert_eq!(
                till(code),
                major * 10i64.pow(currency.minor_digits()),
                "`{entry}`"
            );
        }
    }

    #[test]
    fn decimal_strings_are_exact_for_each_minor_unit() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(Money(1299).to_decimal_string(&eur), "12.99");
        assert_eq!(Money(5).to_decimal_string(&eur), "0.05");
        assert_eq!(Money(-250).to_decimal_string(&eur), "-2.50");
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(Money(1500).to_decimal_string(&yen), "1500");
        let dinar = Currency::parse("KWD").unwrap();
        assert_eq!(Money(1234).to_decimal_string(&dinar), "1.234");
    }

    #[test]
    fn currency_codes_are_three_capitals() {
        assert!(Currency::parse("EUR").is_some());
        assert!(Currency::parse("eur").is_none());
        assert!(Currency::parse("EURO").is_none());
        assert!(Currency::parse("€").is_none());
    }

    #[test]
    fn decimal_prices_from_shop_exports_are_read_exactly() {
        let eur = Currency::parse("EUR").unwrap();
        let read = |text| Money::parse_decimal(text, &eur);
        assert_eq!(read("3.00"), Ok(Money(300)));
        assert_eq!(read("12.5"), Ok(Money(1250)));
        assert_eq!(read("7"), Ok(Money(700)));
        assert_eq!(read("0.10"), Ok(Money(10)));
        assert_eq!(read("4.990"), Ok(Money(499)));
        assert_eq!(
            read("4.995").unwrap_err(),
            "`4.995` has more than 2 decimals for EUR"
        );
        assert_eq!(read("-5.00").unwrap_err(), "`-5.00` is below zero");
        assert_eq!(read("-x").unwrap_err(), "`-x` is not a decimal amount");
        assert_eq!(
            read("1.234,50").unwrap_err(),
            "`1.234,50` is not a decimal amount: write `1234.50` (a point before the decimals, no thousands separator)"
        );
        assert!(read("3,50").unwrap_err().contains("write `3.50`"));
        assert!(read("1,234.50").unwrap_err().contains("write `1234.50`"));
        assert_eq!(read("-3,00").unwrap_err(), "`-3,00` is below zero");
        // A thousand or one? No figure is put in the shop's mouth.
        for ambiguous in ["1,000", "1,500,000"] {
            assert_eq!(
                read(ambiguous).unwrap_err(),
                format!("`{ambiguous}` is not a decimal amount: write it with a point before the decimals and no thousands separator (1234.50)")
            );
        }
        for bad in [
            "",
            "-3.00",
            "3,00",
            "1,234.50",
            "3.",
            ".5",
            "3.0.0",
            "€3",
            "99999999999999999999",
        ] {
            assert!(read(bad).is_err(), "{bad:?} was accepted");
        }
        let yen = Currency::parse("JPY").unwrap();
        assert_eq!(Money::parse_decimal("1500", &yen), Ok(Money(1500)));
        assert!(Money::parse_decimal("1500.5", &yen).is_err());
    }

    #[test]
    fn a_quarter_of_a_price_rounds_down() {
        assert_eq!(Money(12000).percent(25), Money(3000));
        assert_eq!(Money(999).percent(25), Money(249));
    }
}
