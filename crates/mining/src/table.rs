//! CSV tables as shops export them: a header row naming the columns, then one record per row,
//! read as a stream with each row's file line. The one CSV reader behind order lines and the
//! holdout report.

use std::fmt;
use std::io::Read;

/// Why a table cannot be read at all. The messages name the file's line, never a command's
/// flag: the tool that asked adds how to name another column.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    /// The header lacks a column the caller asked for.
    #[error("line 1: no column `{column}` (the header has: {})", found.join(", "))]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The columns the header has.
        found: Vec<String>,
    },
    /// The header names a column the caller asked for more than once: which one is meant?
    #[error("line 1: {count} columns are named `{column}`; rename all but one")]
    AmbiguousColumn {
        /// The column asked for.
        column: String,
        /// How many have its name.
        count: usize,
    },
    /// The file is empty or its header unreadable.
    #[error("line 1: no header row ({0})")]
    NoHeader(String),
    /// The file is compressed or a spreadsheet, not text: what it is, named.
    #[error("line 1: this is {0}, not CSV text; {hint}", hint = if .0.starts_with("gzip") { "decompress it first (gunzip, or `zcat FILE | addons ... --orders /dev/stdin`)" } else { "save or export it as CSV UTF-8 (comma delimited)" })]
    NotText(&'static str),
    /// The header is one field holding semicolons or tabs: the file is not separated by
    /// commas (a spreadsheet's export in many European languages writes `;`).
    #[error("line 1: the header is one field with `{0}` in it: a file separated by {name}, not commas; save it as CSV with commas (and points in prices: 2.55)", name = if *.0 == ';' { "semicolons" } else { "tabs" })]
    NotCommas(char),
    /// Reading failed (the file vanished, the disk failed).
    #[error("{0}")]
    Io(String),
}

/// A row that could not be read, with its line; counted and reported, never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Malformed {
    /// The file line the row starts on.
    pub line: u64,
    /// What is wrong with it.
    pub reason: String,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// A CSV file read one row at a time: memory holds one row, whatever the file's size.
pub struct Table<R: Read> {
    reader: csv::Reader<LineCounter<R>>,
    record: csv::ByteRecord,
    names: Vec<String>,
}

/// One row of a [`Table`].
pub struct Row<'t> {
    /// The file line the row starts on (the header is line 1).
    pub line: u64,
    /// The file line it ends on: a later one where a quoted field holds line breaks.
    last_line: u64,
    record: &'t csv::ByteRecord,
    /// The row was not UTF-8 and was read as Windows-1252.
    pub not_utf8: bool,
}

impl<R: Read> Table<R> {
    /// Reads the header. Rows may have more or fewer fields than it: the caller decides
    /// whether that is wrong ([`Table::width`]).
    pub fn new(input: R) -> Result<Table<R>, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(LineCounter::new(input));
        let header = reader
            .byte_headers()
            .map_err(|e| TableError::NoHeader(e.to_string()))?;
        match header.get(0).unwrap_or_default() {
            [0x1f, 0x8b, ..] => return Err(TableError::NotText("gzip-compressed")),
            [b'P', b'K', 3, 4, ..] => {
                return Err(TableError::NotText("a zip file (an Excel workbook is one)"))
            }
            // Excel's "Unicode Text" is UTF-16, and its header read as UTF-8 looks like the
            // right names with a gap between each letter.
            [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => {
                return Err(TableError::NotText("UTF-16 text (Excel's \"Unicode Text\" is)"))
            }
            _ => {}
        }
        let names: Vec<String> = header
            .iter()
            // (A header that is not UTF-8 is Windows-1252, as its rows are: "Désignation".)
            .map(|h| match std::str::from_utf8(h) {
                Ok(name) => name.to_owned(),
                Err(_) => encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(h)
                    .0
                    .into_owned(),
            })
            .collect();
        if names.iter().all(String::is_empty) {
            return Err(TableError::NoHeader("the file is empty".into()));
        }
        if let [only] = &names[..] {
            if let Some(separator) = only.chars().find(|c| matches!(c, ';' | '\t')) {
                return Err(TableError::NotCommas(separator));
            }
        }
        Ok(Table {
            reader,
            record: csv::ByteRecord::new(),
            names,
        })
    }

    /// The position of the column named `name`.
    pub fn column(&self, name: &str) -> Result<usize, TableError> {
        let count = self.names.iter().filter(|n| *n == name).count();
        if count > 1 {
            return Err(TableError::AmbiguousColumn {
                column: name.to_owned(),
                count,
            });
        }
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| TableError::MissingColumn {
                column: name.to_owned(),
                found: self.names.clone(),
            })
    }

    /// The one column named `name` in any letter case (`Quantity`), if there is exactly one.
    pub fn column_ignoring_case(&self, name: &str) -> Option<usize> {
        let mut found = (self.names.iter().enumerate()).filter(|(_, n)| n.eq_ignore_ascii_case(name));
        match (found.next(), found.next()) {
            (Some((index, _)), None) => Some(index),
            _ => None,
        }
    }

    /// Whether the header has a column named `name`.
    pub fn has_column(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }

    /// Fields in the header.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// The next row: `None` at the end, a [`Malformed`] for a row the CSV reader cannot
    /// split, or a read error that ends the run.
    pub fn next_row(&mut self) -> Option<Result<Result<Row<'_>, Malformed>, TableError>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                // The reader's position is where it began to look for this record, before the
                // blank lines it skipped: the record's own line is past them.
                let start = self.record.position().map_or(0, |p| p.byte());
                let start = self.reader.get_ref().past_line_ends(start);
                let line = self.line_at(start);
                // The reader stands at the next record: after this one's line end, or on the
                // `\n` of a CRLF. Two bytes back is this record's last line, whichever.
                let end = self.reader.position().byte();
                let last_line = self.line_at(end.saturating_sub(2).max(start));
                // A quote never closed runs to the end of the file, and the csv reader hands
                // the rest of the file back as one field, without an error: every order after
                // it would be lost without a word.
                let input = self.reader.get_ref();
                // (In the last row, the quote that is never closed is in it.)
                let unclosed = input.ended && input.field == Field::Quoted;
                if unclosed && (last_line > line || end == input.read) {
                    return Some(Ok(Err(Malformed {
                        line,
                        reason: "a quote opened in this row is never closed: the rest of the file \
                                 would be one field"
                            .into(),
                    })));
                }
                // A row that is not UTF-8 is read as Windows-1252, what Excel's "CSV (Comma
                // delimited)" writes in Western Europe: its orders count, and its titles read
                // right there ("Crème brûlée"). The row says so, for the report.
                let not_utf8 = std::str::from_utf8(self.record.as_slice()).is_err();
                if not_utf8 {
                    // Field by field: a UTF-8 file with one stray byte keeps its other fields.
                    let decoded: csv::ByteRecord = (self.record.iter())
                        .map(|field| match std::str::from_utf8(field) {
                            Ok(text) => text.to_owned(),
                            Err(_) => encoding_rs::WINDOWS_1252
                                .decode_without_bom_handling(field)
                                .0
                                .into_owned(),
                        })
                        .collect::<csv::StringRecord>()
                        .into_byte_record();
                    self.record = decoded;
                }
                Some(Ok(Ok(Row {
                    line,
                    last_line,
                    record: &self.record,
                    not_utf8,
                })))
            }
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => Some(Err(TableError::Io(e.to_string()))),
                _ => {
                    let line = self.line_at(e.position().map_or(0, |p| p.byte()));
                    Some(Ok(Err(Malformed {
                        line,
                        reason: e.to_string(),
                    })))
                }
            },
        }
    }

    /// The file line holding byte `offset`. The csv reader's own line count is off by one in
    /// files with CRLF line ends (Windows exports), so lines are counted here.
    fn line_at(&self, offset: u64) -> u64 {
        self.reader.get_ref().line_at(offset)
    }
}

impl Row<'_> {
    /// Fields in this row.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// Malformed unless the row has the header's `fields`: a field more is most often a
    /// decimal comma left unquoted, which would shift every column after it.
    pub fn check_width(&self, fields: usize) -> Result<(), Malformed> {
        if self.len() == fields {
            return Ok(());
        }
        // A stray quote closed by another lines below makes every line between one row: each
        // is named, so none is lost without a word.
        let why = match (self.last_line > self.line, self.len() > fields) {
            (true, _) => format!(
                ": a quote opened on line {} closes on line {}, so lines {} to {} read as one row",
                self.line, self.last_line, self.line, self.last_line
            ),
            (false, true) => " (an unquoted comma?)".to_owned(),
            (false, false) => String::new(),
        };
        Err(self.malformed(format!(
            "{} field{} where the header has {fields}{why}",
            self.len(),
            if self.len() == 1 { "" } else { "s" },
        )))
    }

    /// The text of field `index` (empty when the row is shorter), without padding: spaces
    /// (trimmed by the csv reader) and stray control characters such as the NUL before one
    /// date in the bakery file. `name` says what the field is when it is not UTF-8.
    pub fn text(&self, index: usize, name: &str) -> Result<&str, Malformed> {
        let bytes = self.record.get(index).unwrap_or_default();
        std::str::from_utf8(bytes)
            .map(|text| text.trim_matches(|c: char| c.is_whitespace() || c.is_control()))
            .map_err(|_| self.malformed(format!("`{name}` is not valid UTF-8")))
    }

    /// This row, reported as malformed for `reason`.
    pub fn malformed(&self, reason: String) -> Malformed {
        Malformed {
            line: self.line,
            reason,
        }
    }
}

/// Passes bytes through to the csv reader, noting where lines end, so a record's byte offset
/// gives its line. Only newlines past the last record asked about are kept: memory stays at
/// the csv reader's read-ahead.
struct LineCounter<R> {
    input: R,
    read: u64,
    newlines: std::cell::RefCell<(u64, std::collections::VecDeque<u64>)>,
    /// Where the `\r` and `\n` bytes not yet passed are, to step over blank lines.
    line_ends: std::cell::RefCell<std::collections::VecDeque<u64>>,
    /// Where the bytes read so far leave a CSV field, by the rules the csv reader follows: a
    /// quote opens a field only at its start (the inch mark in `12" tray` is text), and
    /// inside one `""` is a quote. Inside a quoted field at the end, one was never closed.
    field: Field,
    /// The input has ended.
    ended: bool,
}

impl<R: Read> LineCounter<R> {
    fn new(input: R) -> LineCounter<R> {
        LineCounter {
            input,
            read: 0,
            newlines: Default::default(),
            line_ends: Default::default(),
            field: Field::Start,
            ended: false,
        }
    }

    /// Lines are asked about in increasing offsets, as records come. After a CRLF the csv
    /// reader starts the next record at the `\n`, so a newline at the offset itself counts.
    fn line_at(&self, offset: u64) -> u64 {
        let mut line_ends = self.line_ends.borrow_mut();
        while line_ends.front().is_some_and(|&at| at < offset) {
            line_ends.pop_front();
        }
        let mut newlines = self.newlines.borrow_mut();
        let (passed, pending) = &mut *newlines;
        while pending.front().is_some_and(|&at| at <= offset) {
            pending.pop_front();
            *passed += 1;
        }
        *passed + 1
    }
}

impl<R> LineCounter<R> {
    /// The first byte from `offset` on that ends no line: where a record begins that the
    /// csv reader found after blank lines (or after the `\n` of a CRLF).
    fn past_line_ends(&self, offset: u64) -> u64 {
        let line_ends = self.line_ends.borrow();
        let mut at = offset;
        let mut next = line_ends.partition_point(|&end| end < at);
        while line_ends.get(next) == Some(&at) {
            (at, next) = (at + 1, next + 1);
        }
        at
    }
}

/// Where a byte leaves a CSV field (see [`LineCounter`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Start,
    Unquoted,
    Quoted,
    /// A quote inside a quoted field: the end of the field, or the first of `""`.
    QuoteInQuoted,
}

impl Field {
    fn after(self, byte: u8) -> Field {
        let ends = matches!(byte, b',' | b'\n' | b'\r');
        match (self, byte) {
            (Field::Quoted, b'"') => Field::QuoteInQuoted,
            (Field::Quoted, _) | (Field::QuoteInQuoted, b'"') => Field::Quoted,
            (Field::Start, b'"') => Field::Quoted,
            (_, _) if ends => Field::Start,
            _ => Field::Unquoted,
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.ended |= n == 0 && !buf.is_empty();
        for &byte in &buf[..n] {
            self.field = self.field.after(byte);
        }
        let pending = &mut self.newlines.get_mut().1;
        let line_ends = self.line_ends.get_mut();
        for (i, &byte) in buf[..n]
            .iter()
            .enumerate()
            .filter(|(_, &b)| b == b'\n' || b == b'\r')
        {
            line_ends.push_back(self.read + i as u64);
            if byte == b'\n' {
                pending.push_back(self.read + i as u64);
            }
        }
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &str) -> Vec<Result<u64, u64>> {
        let mut table = Table::new(text.as_bytes()).unwrap();
        std::iter::from_fn(|| {
            table
                .next_row()
                .map(|row| row.unwrap().map(|r| r.line).map_err(|m| m.line))
        })
        .collect()
    }

    #[test]
    fn rows_know_their_file_line_with_windows_line_ends_too() {
        for end in ["\n", "\r\n"] {
            let text = ["a,b", "1,x", "2", "3,\"c\nd\"", "4", ""].join(end);
            assert_eq!(lines_of(&text), [Ok(2), Ok(3), Ok(4), Ok(6)], "line ends {end:?}");
        }
    }

    #[test]
    fn a_row_after_blank_lines_is_named_by_its_own_line() {
        for end in ["\n", "\r\n"] {
            let text = ["a,b", "1,x", "", "2,y", "", "", "3,z", ""].join(end);
            assert_eq!(lines_of(&text), [Ok(2), Ok(4), Ok(7)], "line ends {end:?}");
        }
    }

    #[test]
    fn a_quote_never_closed_is_a_malformed_row_not_the_rest_of_the_file_swallowed() {
        let text = "order_id,product_id,title\n1,a,\"12 INCH TRAY\n1,b,MUG\n2,a,TRAY\n2,b,MUG\n";
        assert_eq!(lines_of(text), [Err(2)], "the row where the quote opened");
        // A quoted line break that is closed is a field like any other, also in the last row.
        let closed = "order_id,product_id,title\n1,a,TRAY\n1,b,\"MUG\nLARGE\"\n";
        assert_eq!(lines_of(closed), [Ok(2), Ok(3)]);
        assert_eq!(lines_of(closed.trim_end()), [Ok(2), Ok(3)], "and at the very end");
        // Nor is a quote never closed on the very last line, with no line break to swallow.
        assert_eq!(lines_of("order_id,product_id\n1,a\n2,\"b"), [Ok(2), Err(3)]);
        assert_eq!(lines_of("order_id,product_id\n1,a\n2,\"b\n"), [Ok(2), Err(3)]);
        // An inch mark inside a field opens nothing, nor does a quote written twice.
        let inches = "order_id,product_id,title\n1,a,12\" TRAY\n2,b,\"MUG \"\"XL\"\"\"\n3,c,MUG";
        assert_eq!(lines_of(inches), [Ok(2), Ok(3), Ok(4)]);
    }

    #[test]
    fn a_stray_quote_closed_lines_below_names_every_line_it_joined() {
        for end in ["\n", "\r\n"] {
            let text = ["order_id,product_id", "1,a", "1,\"b", "2,a", "2,b\"", "3,a", ""].join(end);
            let mut table = Table::new(text.as_bytes()).unwrap();
            let mut widths = Vec::new();
            while let Some(row) = table.next_row() {
                let row = row.unwrap().unwrap();
                widths.push((row.line, row.check_width(2).map_err(|m| m.to_string())));
            }
            assert_eq!(
                widths,
                [(2, Ok(())), (3, Ok(())), (6, Ok(()))],
                "line ends {end:?}"
            );
        }
        let text = "order_id,product_id\n1,a\n1,\"b\n2,a\n2,b\",x\n3,a\n";
        let mut table = Table::new(text.as_bytes()).unwrap();
        let mut reasons = Vec::new();
        while let Some(row) = table.next_row() {
            let row = row.unwrap().unwrap();
            reasons.push(row.check_width(2).map_err(|m| m.to_string()));
        }
        assert_eq!(
            reasons,
            [
                Ok(()),
                Err("line 3: 3 fields where the header has 2: a quote opened on line 3 closes on line 5, so lines 3 to 5 read as one row".to_owned()),
                Ok(())
            ]
        );
    }

    #[test]
    fn columns_are_found_by_name_or_named_with_what_the_header_has() {
        let table = Table::new("Transaction,Item\n1,a\n".as_bytes()).unwrap();
        assert_eq!(table.column("Item"), Ok(1));
        let twice = Table::new("order_id,product_id,order_id,note,note\n1,a,2,,\n".as_bytes()).unwrap();
        assert_eq!(
            twice.column("order_id").unwrap_err().to_string(),
            "line 1: 2 columns are named `order_id`; rename all but one"
        );
        assert_eq!(twice.column("product_id"), Ok(1), "names asked for once are fine");
        assert!(table.has_column("Transaction"));
        assert_eq!(table.width(), 2);
        let missing = table.column("order_id").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "line 1: no column `order_id` (the header has: Transaction, Item)"
        );
    }

    #[test]
    fn an_empty_file_has_no_header() {
        let error = Table::new("".as_bytes()).err().unwrap();
        assert_eq!(error.to_string(), "line 1: no header row (the file is empty)");
    }

    #[test]
    fn a_compressed_file_a_workbook_or_utf16_text_is_named_as_such() {
        let gzip = [0x1f, 0x8b, 0x08, 0x00, 0xff, b'\n', b'x'];
        let error = Table::new(&gzip[..]).err().unwrap();
        assert!(
            error
                .to_string()
                .starts_with("line 1: this is gzip-compressed, not CSV text; decompress it first"),
            "{error}"
        );
        let error = Table::new(&b"PK\x03\x04\x14\x00,x\n"[..]).err().unwrap();
        assert!(error.to_string().contains("export it as CSV UTF-8"), "{error}");
        let utf16: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("order_id\tproduct_id\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let error = Table::new(&utf16[..]).err().unwrap();
        assert!(
            error.to_string().starts_with("line 1: this is UTF-16 text (Excel's \"Unicode Text\" is), not CSV text; save or export it as CSV UTF-8"),
            "{error}"
        );
    }

    #[test]
    fn a_file_separated_by_semicolons_or_tabs_is_named_as_such() {
        let error = Table::new("order_id;product_id;price\n1;a;2,55\n".as_bytes())
            .err()
            .unwrap();
        assert!(
            error.to_string().starts_with(
                "line 1: the header is one field with `;` in it: a file separated by semicolons"
            ),
            "{error}"
        );
        let error = Table::new("order_id\tproduct_id\n".as_bytes()).err().unwrap();
        assert!(error.to_string().contains("separated by tabs"), "{error}");
        // One column, plainly: no separator to blame.
        assert!(Table::new("order_id\n1\n".as_bytes()).is_ok());
    }

    #[test]
    fn fields_lose_their_padding_and_a_row_not_utf8_reads_as_windows_1252() {
        // "Crème brûlée" as Excel saves it in Western Europe, and the euro sign at 0x80.
        let mut text = b"a,b,c\n \x001 ,Cr".to_vec();
        text.extend_from_slice(&[
            0xe8, b'm', b'e', b' ', b'b', b'r', 0xfb, b'l', 0xe9, b'e', b',', 0x80, b'3', b'\n',
        ]);
        text.extend_from_slice("2,Crème,€4\n".as_bytes());
        let mut table = Table::new(text.as_slice()).unwrap();
        let row = table.next_row().unwrap().unwrap().unwrap();
        assert_eq!(row.text(0, "order id"), Ok("1"));
        assert_eq!(row.text(1, "title"), Ok("Crème brûlée"));
        assert_eq!(row.text(2, "price"), Ok("€3"));
        assert_eq!(row.text(5, "missing"), Ok(""), "a short row reads as empty");
        assert!(row.not_utf8);
        let row = table.next_row().unwrap().unwrap().unwrap();
        assert_eq!((row.text(1, "title"), row.not_utf8), (Ok("Crème"), false));
        // A UTF-8 file with one stray byte: only that field is read as Windows-1252.
        let mut text = "a,b\ncafé,noir ".as_bytes().to_vec();
        text.extend_from_slice(&[0xff, b'\n']);
        let mut table = Table::new(text.as_slice()).unwrap();
        let row = table.next_row().unwrap().unwrap().unwrap();
        assert_eq!(
            (row.text(0, "id"), row.text(1, "title")),
            (Ok("café"), Ok("noir ÿ"))
        );
    }
}
