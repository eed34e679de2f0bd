//! No byte sequence in any cell makes mining or the holdout report panic: every row is read,
//! or reported with its line, or the file is refused with a reason.

use checkout_addons_engine::Currency;
use checkout_addons_mining::uplift::{compare, ReportColumns};
use checkout_addons_mining::{read_baskets, Columns, OrderLines, ReadOptions};

/// Bytes that cells of real exports hold, and the ones that break naive slicing: digits and
/// date punctuation, multi-byte UTF-8 (€, é) whole and cut anywhere, NUL, bytes that are never
/// UTF-8.
const PIECES: &[&[u8]] = &[
    b"2016-10-30",
    b" 09:58:11",
    b"T",
    b"Z",
    b"+01:00",
    b"-",
    b":",
    b".",
    b"12.50",
    b"3",
    b"control",
    b"checkout-addons",
    "€".as_bytes(),
    &[0xe2, 0x82],
    b"\xc3",
    "é".as_bytes(),
    b"\0",
    &[0xff],
    b" ",
    b"NONE",
    b"a",
    b"201",
    b"6-1",
    b"0-3",
];
/// What splits cells and rows, now and then inside a cell: separators, quotes, line ends.
const BREAKERS: &[&[u8]] = &[b",", b"\"", b"\n", b"\r\n"];

/// A header, then rows of mostly `columns` cells of random pieces.
fn random_file(random: &mut fastrand::Rng, header: &str) -> Vec<u8> {
    let columns = header.split(',').count();
    let mut file = format!("{header}\n").into_bytes();
    for _ in 0..random.usize(0..12) {
        let cells = columns + random.usize(0..3) - 1;
        for cell in 0..cells {
            if cell > 0 {
                file.push(b',');
            }
            for _ in 0..random.usize(0..4) {
                let pieces = if random.u8(..) < 8 { BREAKERS } else { PIECES };
                file.extend_from_slice(pieces[random.usize(..pieces.len())]);
            }
        }
        file.push(b'\n');
    }
    file
}

#[test]
fn random_cells_are_read_or_reported_never_a_panic() {
    let currency = Currency::parse("EUR").unwrap();
    let columns = Columns {
        time: vec!["date".into(), "time".into()],
        title: Some("title".into()),
        price: Some("price".into()),
        ..Columns::default()
    };
    let mut random = fastrand::Rng::with_seed(14);
    let (mut rows, mut reported) = (0u64, 0u64);
    for _ in 0..3_000 {
        let file = random_file(&mut random, "order_id,product_id,date,time,title,price");
        let lines = OrderLines::new(file.as_slice(), &columns, currency.clone()).unwrap();
        let options = ReadOptions {
            skip_items: vec!["NONE".into()],
            ..ReadOptions::default()
        };
        if let Ok((_, report)) = read_baskets(lines, &options, |_, _| {}) {
            rows += report.rows;
            reported += report.malformed + report.bad_fields;
        }

        let file = random_file(&mut random, "order_id,group,price,quantity,source");
        let _ = compare(file.as_slice(), &ReportColumns::default(), &currency);
    }
    // The generator must reach both outcomes, or the test proves nothing.
    assert!(
        rows > 10_000 && reported > 1_000,
        "{rows} rows, {reported} reported"
    );
    assert!(reported < rows, "{rows} rows, {reported} reported");
}
