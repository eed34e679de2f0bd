use std::fmt;
use std::str::FromStr;

/// A calendar day. The engine never reads the wall clock: the caller says what day it is, so
/// seasonal rules are testable and the CLI can replay any date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// A valid Gregorian date, or `None`.
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 (January) to 12 (December).
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days from `earlier` to this date (negative when `earlier` is later).
    pub fn days_since(self, earlier: Date) -> i32 {
        self.day_number() - earlier.day_number()
    }

    /// Days since 1 March of year 0 in the proleptic Gregorian calendar: years start in March
    /// so that the leap day is the last day of a year, and a year's days follow from its month
    /// alone (a few lines of arithmetic instead of a calendar crate in the wasm).
    fn day_number(self) -> i32 {
        let (month, day) = (i32::from(self.month), i32::from(self.day));
        let year = i32::from(self.year) - i32::from(month <= 2);
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        year * 365 + year / 4 - year / 100 + year / 400 + day_of_year
    }
}

impl FromStr for Date {
    type Err = String;

    /// Parses `YYYY-MM-DD`.
    fn from_str(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date of the form YYYY-MM-DD");
        let mut parts = text.splitn(3, '-');
        let mut next = |len: usize| {
            parts
                .next()
                .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
                .ok_or_else(bad)
        };
        let (year, month, day) = (next(4)?, next(2)?, next(2)?);
        Date::new(year, month as u8, day as u8).ok_or_else(bad)
    }
}

/// As `YYYY-MM-DD`, the way it is read.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_iso_days_and_rejects_impossible_ones() {
        assert_eq!("2026-11-23".parse::<Date>().unwrap().month(), 11);
        assert_eq!("2024-02-29".parse::<Date>().unwrap().to_string(), "2024-02-29");
        assert!("2026-02-29".parse::<Date>().is_err());
        assert!("2026-13-01".parse::<Date>().is_err());
        assert!("26-11-23".parse::<Date>().is_err());
        assert!("2026-11-23x".parse::<Date>().is_err());
    }

    #[test]
    fn counts_days_across_months_leap_days_and_years() {
        let day = |text: &str| text.parse::<Date>().unwrap();
        assert_eq!(day("2026-11-16").days_since(day("2026-11-02")), 14);
        assert_eq!(day("2024-03-01").days_since(day("2024-02-28")), 2);
        assert_eq!(day("2026-03-01").days_since(day("2026-02-28")), 1);
        assert_eq!(day("2027-01-01").days_since(day("2026-12-31")), 1);
        assert_eq!(day("2026-01-01").days_since(day("2025-01-01")), 365);
        assert_eq!(day("2000-01-01").days_since(day("1900-01-01")), 36_524);
        assert_eq!(day("2026-10-30").days_since(day("2026-11-02")), -3);
    }
}
