//! A small JSON reader for feeds: the text becomes a tree of [`Value`]s that remember where
//! they start, so the feed reader can name the line of a syntax error and the JSON path and
//! product of a wrong type.
//!
//! Hand-written rather than serde_json because it ships in the widget: a generic deserializer
//! and its float formatting cost the checkout page over ten kilobytes, and its type errors know
//! only a line and column.

use std::borrow::Cow;

/// Nesting deeper than this is refused, so a hostile feed cannot exhaust the stack: the parse
/// keeps its own, but dropping a tree of values and reading it are recursive.
const MAX_DEPTH: usize = 64;

/// One JSON value and the byte offset where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Value<'a> {
    /// Byte offset in the text.
    pub at: usize,
    /// What it is.
    pub json: Json<'a>,
}

/// The kinds of JSON value. Numbers keep their text: the feed reader decides whether it wants
/// a whole number or a fraction.
#[derive(Clone, Debug, PartialEq)]
pub enum Json<'a> {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as written.
    Number(&'a str),
    /// A string, unescaped.
    String(Cow<'a, str>),
    /// An array.
    Array(Vec<Value<'a>>),
    /// An object's members in document order.
    Object(Vec<(Cow<'a, str>, Value<'a>)>),
}

/// What is wrong with the text, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset of the problem.
    pub at: usize,
    /// What was expected or found.
    pub message: &'static str,
}

/// Parses `text`, which must hold exactly one JSON value (white space around it is fine).
pub fn parse(text: &str) -> Result<Value<'_>, SyntaxError> {
    let mut steps = Steps::new(text);
    loop {
        if let Some(value) = steps.step(&mut || true)? {
            return Ok(value);
        }
    }
}

/// The names given twice in one object, with the byte offset of the second: a feed edited by
/// hand may append a corrected `"price"` to a product that has one, and the reader (the widget
/// too) reads the first. For `addons validate` to say so; never on a checkout page.
#[cfg(feature = "publish")]
pub fn repeated_names(text: &str) -> Vec<(usize, String)> {
    fn walk(value: &Value<'_>, found: &mut Vec<(usize, String)>) {
        match &value.json {
            Json::Array(items) => items.iter().for_each(|item| walk(item, found)),
            Json::Object(members) => {
                let mut seen = std::collections::HashSet::new();
                for (name, member) in members {
                    if !seen.insert(name.as_ref()) {
                        found.push((member.at, name.to_string()));
                    }
                    walk(member, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    if let Ok(value) = parse(text) {
        walk(&value, &mut found);
    }
    found
}

/// A parse that stops, when asked, between the items of the root's members (a feed's products,
/// each product's relations) and goes on where it stopped: most of a feed's text is there, and
/// the widget parses it in slices so that a big feed never holds the host page's main thread
/// for long (issue 16). [`parse`] is the same parse without stops.
///
/// The arrays and objects around the position are a stack rather than the call stack, so the
/// parse can stop at any depth; it stops only where one of the outer two has gained an item.
pub struct Steps<'a> {
    parser: Parser<'a>,
    /// The arrays and objects open around the position, outermost first.
    open: Vec<Open<'a>>,
}

/// An array or object being read: where it starts, its items so far, and for an object the
/// name of the member whose value comes next.
struct Open<'a> {
    at: usize,
    json: Json<'a>,
    name: Cow<'a, str>,
}

impl<'a> Steps<'a> {
    /// A parse of `text` that has not started.
    pub fn new(text: &'a str) -> Steps<'a> {
        Steps {
            parser: Parser {
                text,
                bytes: text.as_bytes(),
                // A byte-order mark, as Windows editors and some exports write, is no value.
                at: if text.starts_with('\u{feff}') {
                    '\u{feff}'.len_utf8()
                } else {
                    0
                },
            },
            open: Vec::new(),
        }
    }

    /// Parses on while `keep_going` says so (asked each time the root or one of its members'
    /// arrays or objects has gained an item); the value once the text is read.
    pub fn step(&mut self, keep_going: &mut dyn FnMut() -> bool) -> Result<Option<Value<'a>>, SyntaxError> {
        let p = &mut self.parser;
        loop {
            // A value starts here: a whole one, or an array or object to open.
            p.skip_space();
            let at = p.at;
            let json = match p.bytes.get(at) {
                None => return Err(p.error("the text ends where a value should be")),
                Some(&open @ (b'[' | b'{')) => {
                    if self.open.len() >= MAX_DEPTH {
                        return Err(p.error("nested too deeply"));
                    }
                    p.at += 1;
                    p.skip_space();
                    let (close, json) = match open {
                        b'[' => (b']', Json::Array(Vec::new())),
                        _ => (b'}', Json::Object(Vec::new())),
                    };
                    if p.bytes.get(p.at) == Some(&close) {
                        p.at += 1;
                        json
                    } else {
                        let name = match json {
                            Json::Object(_) => p.name_and_colon()?,
                            _ => Cow::Borrowed(""),
                        };
                        self.open.push(Open { at, json, name });
                        continue;
                    }
                }
                Some(b'"') => Json::String(p.string()?),
                Some(b't') => p.word("true", Json::Bool(true))?,
                Some(b'f') => p.word("false", Json::Bool(false))?,
                Some(b'n') => p.word("null", Json::Null)?,
                Some(b'-' | b'0'..=b'9') => Json::Number(p.number()?),
                Some(_) => return Err(p.error("expected a value")),
            };
            // A value is whole: it joins the array or object around it, which may end with it.
            let mut value = Value { at, json };
            loop {
                let Some(open) = self.open.last_mut() else {
                    p.skip_space();
                    if p.at < p.bytes.len() {
                        return Err(p.error("more text after the JSON value"));
                    }
                    return Ok(Some(value));
                };
                let (close, message) = match &mut open.json {
                    Json::Object(members) => {
                        members.push((std::mem::take(&mut open.name), value));
                        (b'}', "expected `,` or `}`")
                    }
                    Json::Array(items) => {
                        items.push(value);
                        (b']', "expected `,` or `]`")
                    }
                    _ => return Err(p.error("expected a value")),
                };
                p.skip_space();
                match p.bytes.get(p.at) {
                    Some(b',') => {
                        p.at += 1;
                        if let Json::Object(_) = open.json {
                            open.name = p.name_and_colon()?;
                        }
                        break;
                    }
                    Some(&b) if b == close => {
                        p.at += 1;
                        let Some(open) = self.open.pop() else { break };
                        value = Value {
                            at: open.at,
                            json: open.json,
                        };
                    }
                    _ => return Err(p.error(message)),
                }
            }
            if self.open.len() <= 2 && !keep_going() {
                return Ok(None);
            }
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..floor_char_boundary(text, at)).unwrap_or_default();
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (
        line,
        before.get(line_start..).unwrap_or_default().chars().count() + 1,
    )
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Parser<'a> {
    /// The text from `start` to here. The parser stops only on ASCII bytes, which are always
    /// character boundaries; `get` rather than indexing keeps the panic machinery (and its
    /// kilobytes of formatting) out of the shipped wasm.
    fn slice(&self, start: usize) -> &'a str {
        self.text.get(start..self.at).unwrap_or_default()
    }

    fn error(&self, message: &'static str) -> SyntaxError {
        SyntaxError { at: self.at, message }
    }

    /// An object member's name and its `:`; the value is the caller's to read.
    fn name_and_colon(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b'"') {
            return Err(self.error("expected a member name in double quotes"));
        }
        let name = self.string()?;
        self.skip_space();
        if self.bytes.get(self.at) != Some(&b':') {
            return Err(self.error("expected `:`"));
        }
        self.at += 1;
        Ok(name)
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn word(&mut self, word: &'static str, json: Json<'a>) -> Result<Json<'a>, SyntaxError> {
        if self
            .bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(word.as_bytes()))
        {
            self.at += word.len();
            Ok(json)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn number(&mut self) -> Result<&'a str, SyntaxError> {
        let start = self.at;
        let digits = |p: &mut Parser| {
            let from = p.at;
            while p.bytes.get(p.at).is_some_and(u8::is_ascii_digit) {
                p.at += 1;
            }
            p.at > from
        };
        if self.bytes[self.at] == b'-' {
            self.at += 1;
        }
        let first = self.at;
        if !digits(self) {
            return Err(self.error("expected a digit"));
        }
        if self.bytes[first] == b'0' && self.at - first > 1 {
            self.at = first;
            return Err(self.error("a number cannot start with 0"));
        }
        if self.bytes.get(self.at) == Some(&b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if let Some(b'e' | b'E') = self.bytes.get(self.at) {
            self.at += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.at) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        Ok(self.slice(start))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, SyntaxError> {
        self.at += 1;
        let start = self.at;
        // Most strings have no escapes: borrow them from the text.
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("the text ends inside a string")),
                Some(b'"') => {
                    let text = self.slice(start);
                    self.at += 1;
                    return Ok(Cow::Borrowed(text));
                }
                Some(b'\\') => break,
                Some(0..=0x1f) => return Err(self.error("a control character inside a string")),
                Some(_) => self.at += 1,
            }
        }
        let mut out = String::from(self.slice(start));
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("the text ends inside a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.bytes.get(self.at) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.error("an unknown escape in a string")),
                    };
                    out.push(escaped);
                    self.at += 1;
                }
                Some(0..=0x1f) => return Err(self.error("a control character inside a string")),
                Some(_) => {
                    // Copy up to the next quote or backslash in one go; the text is UTF-8.
                    let from = self.at;
                    while !matches!(self.bytes.get(self.at), None | Some(b'"' | b'\\' | 0..=0x1f)) {
                        self.at += 1;
                    }
                    out.push_str(self.slice(from));
                }
            }
        }
    }

    /// `\uXXXX`, with `self.at` on the `u`; leaves it on the last hex digit. A surrogate pair
    /// is two escapes.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).ok_or_else(|| self.error("a lone surrogate in a string"));
        }
        if self.bytes.get(self.at + 1..self.at + 3) != Some(b"\\u") {
            return Err(self.error("a lone surrogate in a string"));
        }
        self.at += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.error("a lone surrogate in a string"));
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            .ok_or_else(|| self.error("a lone surrogate in a string"))
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let digits = self
            .text
            .get(self.at + 1..self.at + 5)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        self.at += 4;
        u32::from_str_radix(digits, 16).map_err(|_| self.error("expected four hex digits after \\u"))
    }
}

/// A JSON number (as [`parse`] checked it) as the nearest `f64`, for the common case exactly:
/// up to 15 significant digits and a decimal exponent within ±22, where both the digits and the
/// power of ten are exact in `f64` and one division or multiplication rounds correctly. Longer
/// numbers are approximated to within a few units in the last place. (Hand-written because
/// the standard library's exact parser adds kilobytes to the shipped wasm; statistics in a feed
/// never need more.)
pub fn number_as_f64(number: &str) -> Option<f64> {
    const EXACT_POWERS: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    // One pass over the bytes ([`parse`] checked the shape): a feed of mined statistics holds
    // tens of thousands of these, and finding the exponent first took as long again.
    let bytes = number.as_bytes();
    let negative = bytes.first() == Some(&b'-');
    let mut at = usize::from(negative);
    let mut mantissa: u64 = 0;
    let mut scale: i32 = 0;
    let mut seen_point = false;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'.' => seen_point = true,
            b'0'..=b'9' if mantissa < 100_000_000_000_000_000 => {
                mantissa = mantissa * 10 + u64::from(byte - b'0');
                scale = scale.saturating_sub(i32::from(seen_point));
            }
            // Digits beyond 18 significant ones only shift the scale.
            b'0'..=b'9' => scale = scale.saturating_add(i32::from(!seen_point)),
            b'e' | b'E' => break,
            _ => return None,
        }
        at += 1;
    }
    if at < bytes.len() {
        let exponent: i32 = number.get(at + 1..)?.trim_start_matches('+').parse().ok()?;
        // Saturating: the exponent may be at the end of `i32` already.
        scale = scale.saturating_add(exponent);
    }
    let mantissa_f = mantissa as f64;
    let value = if mantissa < (1 << 53) && (-22..=22).contains(&scale) {
        let power = EXACT_POWERS[scale.unsigned_abs() as usize];
        if scale < 0 {
            mantissa_f / power
        } else {
            mantissa_f * power
        }
    } else {
        mantissa_f * 10f64.powi(scale)
    };
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parse without stops.
    fn at_once(text: &str) -> Result<Value<'_>, SyntaxError> {
        let value = Steps::new(text).step(&mut || true);
        value.map(|value| value.expect("a parse that is never stopped ends"))
    }

    /// The parse in steps, stopping wherever it can; with how often it stopped.
    fn stopping_everywhere(text: &str) -> (Result<Value<'_>, SyntaxError>, usize) {
        let mut steps = Steps::new(text);
        let mut stops = 0;
        loop {
            match steps.step(&mut || false) {
                Ok(Some(value)) => return (Ok(value), stops),
                Ok(None) => stops += 1,
                Err(error) => return (Err(error), stops),
            }
        }
    }

    #[cfg(feature = "publish")]
    #[test]
    fn a_name_given_twice_in_one_object_is_found_where_it_comes_again() {
        let text = "{\"products\": [{\"id\": \"a\", \"price\": 100,\n \"price\": 90}, {\"id\": \"b\", \"price\": 5}]}";
        let found = repeated_names(text);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1, "price");
        assert_eq!(&text[found[0].0..found[0].0 + 2], "90");
        assert!(
            repeated_names(r#"{"a": {"x": 1}, "b": {"x": 2}}"#).is_empty(),
            "one name in two objects"
        );
    }

    #[test]
    fn a_byte_order_mark_before_the_value_is_read_past() {
        assert_eq!(parse("\u{feff}{}").map(|v| v.json), Ok(Json::Object(Vec::new())));
        assert!(parse("{}\u{feff}").is_err(), "only at the start");
    }

    #[test]
    fn a_parse_that_stops_after_every_item_reads_what_one_without_stops_reads() {
        let feed = r#"{"version": 1, "products": [{"id": "a", "tags": ["x"]}, {"id": "b"}], "none": [],
          "copurchase": {"a": [{"with": "b"}], "b": []}, "empty": {}, "n": -1.5e2, "s": "t\"u"}"#;
        let (value, stops) = stopping_everywhere(feed);
        assert_eq!(value, at_once(feed));
        assert!(value.is_ok());
        // After each of the 7 members and each of the 4 items inside them, a list's last item
        // and the list itself being one, and not after the last member, which ends the parse.
        assert_eq!(stops, 8);
        assert_eq!(
            Steps::new(feed).step(&mut || true),
            at_once(feed).map(Some),
            "no stop asked, none made"
        );
        // Every text with a byte cut off or left out reads the same, or fails at the same place
        // with the same message, and is accepted exactly when serde_json accepts it.
        for cut in 0..feed.len() {
            let (prefix, without) = (&feed[..cut], format!("{}{}", &feed[..cut], &feed[cut + 1..]));
            for text in [prefix, without.as_str()] {
                let read = at_once(text);
                assert_eq!(stopping_everywhere(text).0, read, "{text}");
                let valid = serde_json::from_str::<serde_json::Value>(text).is_ok();
                assert_eq!(read.is_ok(), valid, "{text}: {read:?}");
            }
        }
        for other in ["[1, 2]", "\"text\"", " {} ", "{\"a\": 1} x", ""] {
            assert_eq!(stopping_everywhere(other).0, at_once(other), "{other}");
        }
    }

    fn json(text: &str) -> Json<'_> {
        parse(text).unwrap().json
    }

    #[test]
    fn reads_every_kind_of_value_and_remembers_where_it_starts() {
        let value = parse(r#" {"a": [1, -2.5e3, true, false, null], "b": "x"} "#).unwrap();
        assert_eq!(value.at, 1);
        let Json::Object(members) = value.json else {
            panic!("an object")
        };
        assert_eq!(members[0].0, "a");
        let Json::Array(items) = &members[0].1.json else {
            panic!("an array")
        };
        assert_eq!(items[0].json, Json::Number("1"));
        assert_eq!(items[1].json, Json::Number("-2.5e3"));
        assert_eq!(items[1].at, 11);
        assert_eq!(items[2].json, Json::Bool(true));
        assert_eq!(items[4].json, Json::Null);
        assert_eq!(members[1].1.json, Json::String("x".into()));
    }

    #[test]
    fn unescapes_strings_including_surrogate_pairs() {
        assert_eq!(
            json(r#""a\"b\\c\/\n\u00e9\ud83d\ude00""#),
            Json::String("a\"b\\c/\né😀".into())
        );
        assert_eq!(json(r#""Suède €""#), Json::String("Suède €".into()));
    }

    #[test]
    fn refuses_what_json_does_not_allow_and_says_where() {
        for (text, at) in [
            ("{\"a\": 1,}", 8),
            ("[1 2]", 3),
            ("01", 0),
            ("1.", 2),
            ("\"a\u{1}\"", 2),
            ("\"\\x\"", 2),
            ("\"\\ud800\"", 6),
            ("{'a': 1}", 1),
            ("[1] x", 4),
            ("", 0),
            ("tru", 0),
            ("{\"a\" 1}", 5),
        ] {
            let error = parse(text).expect_err(text);
            assert_eq!(error.at, at, "{text}: {}", error.message);
        }
    }

    #[test]
    fn numbers_become_the_nearest_float() {
        for text in [
            "0",
            "0.21",
            "2.4",
            "-1.5",
            "0.001",
            "12345.6789",
            "1e3",
            "2.5E-3",
            "0.30000000000000004",
            "9007199254740993",
            "1e22",
            "1e-22",
            "123456789012345678901234",
            "1.7976931348623157e308",
            "5e-324",
            "0.1234567890123456789",
        ] {
            let ours = number_as_f64(text).unwrap();
            let exact: f64 = text.parse().unwrap();
            let ulps = (ours.to_bits() as i64 - exact.to_bits() as i64).abs();
            assert!(ulps <= 2, "{text}: {ours} vs {exact}");
            if text.len() <= 15 && !text.contains(['e', 'E']) {
                assert_eq!(ours, exact, "{text} is exact");
            }
        }
    }

    #[test]
    fn exponents_at_the_ends_of_i32_are_zero_or_infinite_not_a_panic() {
        assert_eq!(number_as_f64("0.5e-2147483648"), Some(0.0));
        assert_eq!(
            number_as_f64("1234567890123456789e2147483647"),
            Some(f64::INFINITY)
        );
        assert_eq!(number_as_f64("-1e2147483647"), Some(f64::NEG_INFINITY));
    }

    #[test]
    fn deep_nesting_is_refused_not_a_stack_overflow() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).unwrap_err().message, "nested too deeply");
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&fine).is_ok());
    }

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "{\n  \"é\": x\n}";
        let error = parse(text).unwrap_err();
        assert_eq!(line_column(text, error.at), (2, 8));
    }
}
