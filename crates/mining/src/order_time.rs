//! Order times as one comparable number, so evaluation can put orders in time order whatever
//! form the export writes them in.

/// A time cell that is neither ISO 8601 nor Unix seconds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("time `{0}` is neither ISO 8601 (2016-10-30 09:58:11) nor Unix seconds of 1995 to 2099")]
pub struct BadOrderTime(pub String);

/// Unix seconds an order may have: 1995-01-01 to 2099-12-31.
const UNIX_SECONDS: std::ops::RangeInclusive<i64> = 788_918_400..=4_102_444_799;

/// Seconds since 1970-01-01 UTC from ISO 8601 (`2016-10-30`, `2016-10-30 09:58:11`,
/// `2016-10-30T9:58`, with an optional `Z` or `+01:00` offset, Shopify's `+0200` after a
/// space, fractions ignored) or from Unix seconds (`1477821491`) of 1995 to 2099: a number
/// outside those years is milliseconds or a date without dashes (`20240105`), not an order's
/// second. Anything else, a day the month lacks included, is an error naming the text, so no
/// order is put in the wrong place silently.
///
/// The cell is split by hand, because exports write hours without their leading zero, which
/// strict ISO parsers refuse; the calendar is jiff's.
pub fn parse_order_time(text: &str) -> Result<i64, BadOrderTime> {
    let invalid = || BadOrderTime(text.to_owned());
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return (text.parse().ok())
            .filter(|seconds| UNIX_SECONDS.contains(seconds))
            .ok_or_else(invalid);
    }
    // `get`, not `split_at`: a cell may hold any character, and slicing inside one panics.
    let cut = text.len().min(10);
    let (Some(date), Some(rest)) = (text.get(..cut), text.get(cut..)) else {
        return Err(invalid());
    };
    let number = |s: &str, digits: std::ops::RangeInclusive<usize>| -> Result<i8, BadOrderTime> {
        if !digits.contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid());
        }
        s.parse().map_err(|_| invalid())
    };
    let date: Vec<&str> = date.split('-').collect();
    let [year, month, day] = date[..] else {
        return Err(invalid());
    };
    let year: i16 = match year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) {
        true => year.parse().map_err(|_| invalid())?,
        false => return Err(invalid()),
    };
    let date =
        jiff::civil::Date::new(year, number(month, 2..=2)?, number(day, 2..=2)?).map_err(|_| invalid())?;
    let rest = rest.trim_start_matches([' ', 'T']);
    // The clock, then an optional offset from UTC.
    let offset_at = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(offset_at);
    let clock = clock.trim_end().split('.').next().unwrap_or_default();
    let parts: Vec<&str> = clock.split(':').collect();
    let (hour, minute, second) = match parts[..] {
        [""] => (0, 0, 0),
        [h, m] => (number(h, 1..=2)?, number(m, 2..=2)?, 0),
        // A leap second counts as the second before it.
        [h, m, s] => (number(h, 1..=2)?, number(m, 2..=2)?, number(s, 2..=2)?.min(59)),
        _ => return Err(invalid()),
    };
    let offset_seconds = match offset {
        "" | "Z" => 0,
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let digits = offset.get(1..).unwrap_or_default().replace(':', "");
            let (Some(h), Some(m), 4) = (digits.get(..2), digits.get(2..), digits.len()) else {
                return Err(invalid());
            };
            let (h, m) = (number(h, 2..=2)?, number(m, 2..=2)?);
            if h > 23 || m > 59 {
                return Err(invalid());
            }
            sign * (i32::from(h) * 3_600 + i32::from(m) * 60)
        }
    };
    let offset = jiff::tz::Offset::from_seconds(offset_seconds).map_err(|_| invalid())?;
    let time = jiff::civil::Time::new(hour, minute, second, 0).map_err(|_| invalid())?;
    let instant = offset
        .to_timestamp(date.to_datetime(time))
        .map_err(|_| invalid())?;
    Ok(instant.as_second())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_and_unix_seconds_become_the_same_clock() {
        assert_eq!(parse_order_time("1970-01-01"), Ok(0));
        assert_eq!(parse_order_time("2016-10-30 09:58:11"), Ok(1_477_821_491));
        assert_eq!(parse_order_time("1477821491"), Ok(1_477_821_491));
        assert_eq!(parse_order_time("2016-10-30T09:58:11Z"), Ok(1_477_821_491));
        assert_eq!(parse_order_time("2016-10-30T10:58:11+01:00"), Ok(1_477_821_491));
        assert_eq!(parse_order_time("2016-10-30 9:58:11.250"), Ok(1_477_821_491));
        assert_eq!(parse_order_time("2016-10-30 09:58"), Ok(1_477_821_480));
        assert_eq!(parse_order_time("2000-02-29"), Ok(951_782_400));
        // Shopify's order export.
        assert_eq!(parse_order_time("2016-10-30 11:58:11 +0200"), Ok(1_477_821_491));
    }

    #[test]
    fn other_forms_are_refused_by_name() {
        for bad in [
            "",
            "1/2/2017",
            "30-10-2016",
            "2016-13-01",
            "2016-10-30 25:00",
            "yesterday",
            "2016-10-30 09:58 CET",
            "2016-10-3€",
            "2016-10-30 09:5€",
            "2016-10-30T09:58+€1:00",
            "2016-10-30 09:58+€1",
            "2017-02-29",
            "2016-04-31 10:00",
            // Milliseconds, a date without dashes, a count: no order's second.
            "1477821491000",
            "20161030",
            "12",
        ] {
            let error = parse_order_time(bad).unwrap_err().to_string();
            assert!(error.starts_with(&format!("time `{bad}`")), "{bad:?}: {error}");
        }
    }

    #[test]
    fn no_text_makes_it_panic() {
        // Every short string over a mix of the characters times are made of and multi-byte ones.
        let alphabet = ['2', '0', '1', '-', ':', ' ', 'T', 'Z', '+', '.', '€', 'é', '9'];
        let mut text = String::new();
        for n in 0..200_000u64 {
            text.clear();
            let mut rest = n;
            while rest > 0 {
                text.push(alphabet[(rest % alphabet.len() as u64) as usize]);
                rest /= alphabet.len() as u64;
            }
            let _ = parse_order_time(&text);
            let _ = parse_order_time(&format!("2016-10-30{text}"));
        }
    }
}
