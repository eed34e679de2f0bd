//! Order times as one comparable number, so evaluation can put orders in time order whatever
//! form the export writes them in.

/// Seconds since 1970-01-01 UTC from ISO 8601 (`2016-10-30`, `2016-10-30 09:58:11`,
/// `2016-10-30T9:58`, with an optional `Z` or `+01:00` offset and fractions ignored) or from
/// Unix seconds (`1477821491`). Anything else is an error naming the text, so no order is put
/// in the wrong place silently.
pub fn parse_order_time(text: &str) -> Result<i64, String> {
    let invalid = || format!("time `{text}` is neither ISO 8601 (2016-10-30 09:58:11) nor Unix seconds");
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().map_err(|_| invalid());
    }
    // `get`, not `split_at`: a cell may hold any character, and slicing inside one panics.
    let cut = text.len().min(10);
    let (Some(date), Some(rest)) = (text.get(..cut), text.get(cut..)) else {
        return Err(invalid());
    };
    let date: Vec<&str> = date.split('-').collect();
    let [year, month, day] = date[..] else {
        return Err(invalid());
    };
    let number = |s: &str, max: i64| -> Result<i64, String> {
        match s.parse::<i64>() {
            Ok(n) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && n <= max => Ok(n),
            _ => Err(invalid()),
        }
    };
    let (year, month, day) = (number(year, 9999)?, number(month, 12)?, number(day, 31)?);
    if year < 1 || month < 1 || day < 1 || year.to_string().len() != 4 {
        return Err(invalid());
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let rest = rest.trim_start_matches([' ', 'T']);
    if rest.is_empty() {
        return Ok(seconds);
    }
    // The clock, then an optional offset from UTC.
    let offset_at = rest.find(['Z', '+', '-']).unwrap_or(rest.len());
    let (clock, offset) = rest.split_at(offset_at);
    let clock = clock.split('.').next().unwrap_or_default();
    let parts: Vec<&str> = clock.split(':').collect();
    let (hour, minute, second) = match parts[..] {
        [h, m] => (number(h, 23)?, number(m, 59)?, 0),
        [h, m, s] => (number(h, 23)?, number(m, 59)?, number(s, 60)?),
        _ => return Err(invalid()),
    };
    seconds += hour * 3_600 + minute * 60 + second;
    match offset {
        "" | "Z" => Ok(seconds),
        _ => {
            let sign = if offset.starts_with('-') { -1 } else { 1 };
            let digits = offset[1..].replace(':', "");
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid());
            }
            let (h, m) = digits.split_at(2);
            Ok(seconds - sign * (number(h, 23)? * 3_600 + number(m, 59)? * 60))
        }
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
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
        ] {
            let error = parse_order_time(bad).unwrap_err();
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
