//! Prices written exactly as the browser's `Intl.NumberFormat` writes them, for the locales the
//! widget has words in and the currencies their shops mostly price in ([`written_here`], [`CURRENCIES`]).
//! Hand-written for a measured cost: the first `Intl.NumberFormat` a page makes loads the
//! browser's number-format data, 12-19 ms of main thread in Chromium on the test machine
//! (several times that on a phone), on the way to the first card (docs/benchmarks.md). Any
//! other locale or currency goes to `Intl` ([`crate::price`]), and a browser test holds every
//! entry here to `Intl`'s own answer. No browser in this module: its tests run natively.

/// How a locale lays out an amount.
struct Layout {
    symbol_first: bool,
    /// Between the symbol and the number (a no-break space, or nothing).
    space: &'static str,
    group: char,
    decimal: char,
}

const ENGLISH: Layout = Layout {
    symbol_first: true,
    space: "",
    group: ',',
    decimal: '.',
};
/// Dutch, and German as Austria writes it.
const DUTCH: Layout = Layout {
    symbol_first: true,
    space: "\u{a0}",
    group: '.',
    decimal: ',',
};
const GERMAN: Layout = Layout {
    symbol_first: false,
    space: "\u{a0}",
    group: '.',
    decimal: ',',
};
const FRENCH: Layout = Layout {
    symbol_first: false,
    space: "\u{a0}",
    group: '\u{202f}',
    decimal: ',',
};

/// The currencies written here, all with two minor digits.
pub const CURRENCIES: [&str; 3] = ["EUR", "GBP", "USD"];

/// Each locale written here (as `Intl` canonicalises it), its layout and its symbols for
/// [`CURRENCIES`] in that order.
const LOCALES: [(&str, &Layout, [&str; 3]); 13] = [
    ("en", &ENGLISH, ["€", "£", "$"]),
    ("en-US", &ENGLISH, ["€", "£", "$"]),
    ("en-GB", &ENGLISH, ["€", "£", "US$"]),
    ("en-IE", &ENGLISH, ["€", "£", "US$"]),
    ("nl", &DUTCH, ["€", "£", "US$"]),
    ("nl-NL", &DUTCH, ["€", "£", "US$"]),
    ("nl-BE", &DUTCH, ["€", "£", "US$"]),
    ("de-AT", &DUTCH, ["€", "£", "$"]),
    ("de", &GERMAN, ["€", "£", "$"]),
    ("de-DE", &GERMAN, ["€", "£", "$"]),
    ("fr", &FRENCH, ["€", "£GB", "$US"]),
    ("fr-FR", &FRENCH, ["€", "£GB", "$US"]),
    ("fr-BE", &FRENCH, ["€", "£GB", "$US"]),
];

/// The locales [`written`] knows, for the test that compares each with `Intl`.
pub fn written_here() -> impl Iterator<Item = &'static str> {
    LOCALES.iter().map(|(locale, ..)| *locale)
}

/// `minor` units of `currency` as `Intl.NumberFormat(locale, {style: "currency"})` writes
/// them, or `None` where this table does not know the locale (any letter case) or currency,
/// or for a negative amount.
pub fn written(minor: i64, currency: &str, locale: &str) -> Option<String> {
    let (_, layout, symbols) = LOCALES
        .iter()
        .find(|(tag, ..)| tag.eq_ignore_ascii_case(locale))?;
    let symbol = symbols[CURRENCIES.iter().position(|c| *c == currency)?];
    if minor < 0 {
        return None;
    }
    let whole = (minor / 100).to_string();
    let mut number = String::with_capacity(whole.len() + whole.len() / 3 + 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            number.push(layout.group);
        }
        number.push(digit);
    }
    number.push(layout.decimal);
    let cents = minor % 100;
    number.push(char::from(b'0' + (cents / 10) as u8));
    number.push(char::from(b'0' + (cents % 10) as u8));
    Some(if layout.symbol_first {
        format!("{symbol}{}{number}", layout.space)
    } else {
        format!("{number}{}{symbol}", layout.space)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_writes_as_its_locale_does() {
        assert_eq!(written(129950, "EUR", "en").unwrap(), "€1,299.50");
        assert_eq!(written(129950, "EUR", "nl").unwrap(), "€\u{a0}1.299,50");
        assert_eq!(written(129950, "EUR", "de").unwrap(), "1.299,50\u{a0}€");
        assert_eq!(written(129950, "EUR", "de-AT").unwrap(), "€\u{a0}1.299,50");
        assert_eq!(written(129950, "EUR", "fr").unwrap(), "1\u{202f}299,50\u{a0}€");
    }

    #[test]
    fn symbols_follow_the_locale_not_only_the_currency() {
        assert_eq!(written(1299, "USD", "en-US").unwrap(), "$12.99");
        assert_eq!(written(1299, "USD", "en-GB").unwrap(), "US$12.99");
        assert_eq!(written(1299, "GBP", "fr").unwrap(), "12,99\u{a0}£GB");
    }

    #[test]
    fn small_and_large_amounts_keep_two_digits_and_group_by_thousands() {
        assert_eq!(written(0, "GBP", "en-GB").unwrap(), "£0.00");
        assert_eq!(written(5, "GBP", "en-GB").unwrap(), "£0.05");
        assert_eq!(written(99999, "EUR", "en").unwrap(), "€999.99");
        assert_eq!(written(123456789, "EUR", "en").unwrap(), "€1,234,567.89");
        assert_eq!(
            written(100000000000, "EUR", "nl").unwrap(),
            "€\u{a0}1.000.000.000,00"
        );
    }

    #[test]
    fn locales_match_in_any_letter_case() {
        assert_eq!(written(100, "EUR", "NL-nl"), written(100, "EUR", "nl-NL"));
    }

    #[test]
    fn anything_else_is_left_to_intl() {
        assert_eq!(written(100, "CHF", "de"), None, "another currency");
        assert_eq!(written(100, "EUR", "de-CH"), None, "another region");
        assert_eq!(written(100, "EUR", "es"), None, "another language");
        assert_eq!(written(100, "EUR", "en_GB"), None, "not a locale Intl takes");
        assert_eq!(written(-100, "EUR", "en"), None, "a negative amount");
    }
}
