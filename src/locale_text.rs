//! Prices and days written exactly as the browser's `Intl.NumberFormat` and
//! `Intl.DateTimeFormat` write them, for the locales the widget has words in
//! ([`written_here`]) and the currencies their shops mostly price in ([`CURRENCIES`]).
//! Hand-written for a measured cost: the first `Intl` formatter a page makes loads the
//! browser's locale data, 12-21 ms of main thread in Chromium on the test machine (several
//! times that on a phone), on the way to the first card (docs/benchmarks.md). Any other locale
//! or currency goes to `Intl` ([`crate::price`], [`crate::day`]), and a browser test holds every
//! entry here to `Intl`'s own answer. No browser in this module: its tests run natively.

use checkout_addons_engine::Date;

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

type Months = [&'static str; 12];

const ENGLISH_MONTHS: Months = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DUTCH_MONTHS: Months = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
];
const GERMAN_MONTHS: Months = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
/// Austria's January is Jänner.
const AUSTRIAN_MONTHS: Months = [
    "Jänner",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const FRENCH_MONTHS: Months = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// How a locale writes a day: the month first ("November 2"), or the day first with what
/// follows the number ("2 november", "2. November").
#[derive(Clone, Copy)]
enum DayOrder {
    MonthFirst,
    DayFirst(&'static str),
}
use DayOrder::{DayFirst, MonthFirst};

/// The currencies written here, all with two minor digits.
pub const CURRENCIES: [&str; 3] = ["EUR", "GBP", "USD"];

/// One locale written here (as `Intl` canonicalises it).
struct Locale {
    tag: &'static str,
    layout: &'static Layout,
    /// For [`CURRENCIES`], in that order.
    symbols: [&'static str; 3],
    months: &'static Months,
    day_order: DayOrder,
}

const fn locale(
    tag: &'static str,
    layout: &'static Layout,
    symbols: [&'static str; 3],
    months: &'static Months,
    day_order: DayOrder,
) -> Locale {
    Locale {
        tag,
        layout,
        symbols,
        months,
        day_order,
    }
}

const LOCALES: [Locale; 13] = [
    locale("en", &ENGLISH, ["€", "£", "$"], &ENGLISH_MONTHS, MonthFirst),
    locale("en-US", &ENGLISH, ["€", "£", "$"], &ENGLISH_MONTHS, MonthFirst),
    locale(
        "en-GB",
        &ENGLISH,
        ["€", "£", "US$"],
        &ENGLISH_MONTHS,
        DayFirst(""),
    ),
    locale(
        "en-IE",
        &ENGLISH,
        ["€", "£", "US$"],
        &ENGLISH_MONTHS,
        DayFirst(""),
    ),
    locale("nl", &DUTCH, ["€", "£", "US$"], &DUTCH_MONTHS, DayFirst("")),
    locale("nl-NL", &DUTCH, ["€", "£", "US$"], &DUTCH_MONTHS, DayFirst("")),
    locale("nl-BE", &DUTCH, ["€", "£", "US$"], &DUTCH_MONTHS, DayFirst("")),
    locale("de-AT", &DUTCH, ["€", "£", "$"], &AUSTRIAN_MONTHS, DayFirst(".")),
    locale("de", &GERMAN, ["€", "£", "$"], &GERMAN_MONTHS, DayFirst(".")),
    locale("de-DE", &GERMAN, ["€", "£", "$"], &GERMAN_MONTHS, DayFirst(".")),
    locale("fr", &FRENCH, ["€", "£GB", "$US"], &FRENCH_MONTHS, DayFirst("")),
    locale(
        "fr-FR",
        &FRENCH,
        ["€", "£GB", "$US"],
        &FRENCH_MONTHS,
        DayFirst(""),
    ),
    locale(
        "fr-BE",
        &FRENCH,
        ["€", "£GB", "$US"],
        &FRENCH_MONTHS,
        DayFirst(""),
    ),
];

/// The locales written here, for the test that compares each with `Intl`.
pub fn written_here() -> impl Iterator<Item = &'static str> {
    LOCALES.iter().map(|locale| locale.tag)
}

/// This table's entry for `locale`, in any letter case.
fn find(locale: &str) -> Option<&'static Locale> {
    LOCALES.iter().find(|l| l.tag.eq_ignore_ascii_case(locale))
}

/// `minor` units of `currency` as `Intl.NumberFormat(locale, {style: "currency"})` writes
/// them, or `None` where this table does not know the locale or currency, or for a negative
/// amount.
pub fn written_price(minor: i64, currency: &str, locale: &str) -> Option<String> {
    let Locale { layout, symbols, .. } = find(locale)?;
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

/// The day and month of `date` as `Intl.DateTimeFormat(locale, {day: "numeric", month:
/// "long"})` writes them (with `year: "numeric"` too when `with_year`), or `None` where this
/// table does not know the locale.
pub fn written_day(date: Date, locale: &str, with_year: bool) -> Option<String> {
    let Locale {
        months, day_order, ..
    } = find(locale)?;
    let month = months.get(usize::from(date.month()).checked_sub(1)?)?;
    let day = date.day();
    let year = date.year();
    Some(match (day_order, with_year) {
        (MonthFirst, false) => format!("{month} {day}"),
        (MonthFirst, true) => format!("{month} {day}, {year}"),
        (DayFirst(after), false) => format!("{day}{after} {month}"),
        (DayFirst(after), true) => format!("{day}{after} {month} {year}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_layout_writes_as_its_locale_does() {
        assert_eq!(written_price(129950, "EUR", "en").unwrap(), "€1,299.50");
        assert_eq!(written_price(129950, "EUR", "nl").unwrap(), "€\u{a0}1.299,50");
        assert_eq!(written_price(129950, "EUR", "de").unwrap(), "1.299,50\u{a0}€");
        assert_eq!(written_price(129950, "EUR", "de-AT").unwrap(), "€\u{a0}1.299,50");
        assert_eq!(
            written_price(129950, "EUR", "fr").unwrap(),
            "1\u{202f}299,50\u{a0}€"
        );
    }

    #[test]
    fn symbols_follow_the_locale_not_only_the_currency() {
        assert_eq!(written_price(1299, "USD", "en-US").unwrap(), "$12.99");
        assert_eq!(written_price(1299, "USD", "en-GB").unwrap(), "US$12.99");
        assert_eq!(written_price(1299, "GBP", "fr").unwrap(), "12,99\u{a0}£GB");
    }

    #[test]
    fn small_and_large_amounts_keep_two_digits_and_group_by_thousands() {
        assert_eq!(written_price(0, "GBP", "en-GB").unwrap(), "£0.00");
        assert_eq!(written_price(5, "GBP", "en-GB").unwrap(), "£0.05");
        assert_eq!(written_price(99999, "EUR", "en").unwrap(), "€999.99");
        assert_eq!(written_price(123456789, "EUR", "en").unwrap(), "€1,234,567.89");
        assert_eq!(
            written_price(100000000000, "EUR", "nl").unwrap(),
            "€\u{a0}1.000.000.000,00"
        );
    }

    #[test]
    fn days_in_each_order_and_austria_s_january() {
        let day = |month, day| Date::new(2026, month, day).unwrap();
        assert_eq!(written_day(day(11, 2), "en", false).unwrap(), "November 2");
        assert_eq!(written_day(day(11, 2), "en-GB", false).unwrap(), "2 November");
        assert_eq!(written_day(day(11, 2), "nl", false).unwrap(), "2 november");
        assert_eq!(written_day(day(3, 21), "de", false).unwrap(), "21. März");
        assert_eq!(written_day(day(1, 1), "de-AT", false).unwrap(), "1. Jänner");
        assert_eq!(written_day(day(8, 15), "fr", false).unwrap(), "15 août");
        // Another year's day says which.
        assert_eq!(written_day(day(12, 20), "en", true).unwrap(), "December 20, 2026");
        assert_eq!(written_day(day(12, 20), "nl", true).unwrap(), "20 december 2026");
        assert_eq!(written_day(day(12, 20), "de", true).unwrap(), "20. Dezember 2026");
    }

    #[test]
    fn locales_match_in_any_letter_case() {
        assert_eq!(
            written_price(100, "EUR", "NL-nl"),
            written_price(100, "EUR", "nl-NL")
        );
        assert_eq!(
            written_day(Date::new(2026, 1, 1).unwrap(), "FR", false),
            Some("1 janvier".to_owned())
        );
    }

    #[test]
    fn anything_else_is_left_to_intl() {
        assert_eq!(written_price(100, "CHF", "de"), None, "another currency");
        assert_eq!(written_price(100, "EUR", "de-CH"), None, "another region");
        assert_eq!(written_price(100, "EUR", "es"), None, "another language");
        assert_eq!(
            written_price(100, "EUR", "en_GB"),
            None,
            "not a locale Intl takes"
        );
        assert_eq!(written_price(-100, "EUR", "en"), None, "a negative amount");
        assert_eq!(written_day(Date::new(2026, 1, 1).unwrap(), "es", false), None);
    }
}
