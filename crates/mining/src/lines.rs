//! Order-line CSV files, one row per order line, read as a stream.

use std::io::Read;

use checkout_addons_engine::{Currency, Money};

use crate::order_time::parse_order_time;
use crate::table::{Malformed, Row, Table, TableError};

/// Which CSV columns hold what. Defaults match a plain export (`order_id,product_id`); the
/// flags of `addons mine` and `addons evaluate` change them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Columns {
    /// The order (basket, transaction) a line belongs to.
    pub order: String,
    /// The product (or variant) bought.
    pub item: String,
    /// Columns that together give the order's time, joined with a space (`Date`, `Time`):
    /// ISO 8601 or Unix seconds ([`crate::parse_order_time`]). Empty means file order is time
    /// order.
    pub time: Vec<String>,
    /// The product's title, for catalogs bootstrapped from orders.
    pub title: Option<String>,
    /// The unit price as a decimal ("3.49"), for catalogs bootstrapped from orders.
    pub price: Option<String>,
    /// The customer who placed the order, for repurchase cycles.
    pub customer: Option<String>,
    /// How many of the item the line holds: a line of 0 or less (a return, a cancellation)
    /// is no purchase. `None` reads the column [`QUANTITY`] when the header has one.
    pub quantity: Option<String>,
    /// Orders that were no purchase (cancelled, refunded, a test), told by a column.
    pub skip_orders: Vec<SkipOrders>,
}

/// Orders to leave out: those with one of `values` in `column` on any of their lines
/// (Shopify's `Financial Status` voided or refunded, WooCommerce's `Order Status` cancelled),
/// compared without case or surrounding spaces; `*` is any value but an empty one (Shopify's
/// `Cancelled at`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkipOrders {
    pub column: String,
    pub values: Vec<String>,
}

impl SkipOrders {
    /// Whether `text`, a field of its column, marks an order to leave out.
    fn matches(&self, text: &str) -> bool {
        let text = text.trim();
        (self.values.iter()).any(|value| match value.as_str() {
            "*" => !text.is_empty(),
            value => value.eq_ignore_ascii_case(text),
        })
    }
}

/// The quantity column read when the header has it and no other is named.
pub const QUANTITY: &str = "quantity";

impl Default for Columns {
    fn default() -> Columns {
        Columns {
            order: "order_id".into(),
            item: "product_id".into(),
            time: Vec::new(),
            title: None,
            price: None,
            customer: None,
            quantity: None,
            skip_orders: Vec::new(),
        }
    }
}

/// One good order line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrderLine {
    /// The file line the row starts on (the header is line 1).
    pub line: u64,
    /// The order id.
    pub order: String,
    /// The product or variant id.
    pub item: String,
    /// Seconds since 1970 from the time columns; `None` without time columns, or where they
    /// are empty on this line ([`OrderLine::untimed`]).
    pub time: Option<i64>,
    /// The title column, when there is one and it is not empty.
    pub title: Option<String>,
    /// The price column, read exactly.
    pub price: Option<Money>,
    /// Why the price or the title could not be used: the line still counts, without it.
    pub problem: Option<String>,
    /// The customer column, when there is one and it is not empty (a guest's order has none).
    pub customer: Option<String>,
    /// Its quantity is 0 or less: a return or a cancellation, no purchase.
    pub returned: bool,
    /// How many it bought, rounded (1 without a quantity column or where it is empty); 0 for a
    /// return.
    pub quantity: u32,
    /// The time columns are empty here: the line takes its order's time, and cannot start one.
    pub untimed: bool,
    /// A column of [`Columns::skip_orders`] says its order was no purchase.
    pub skip_order: bool,
    /// The row was not UTF-8 and was read as Windows-1252 ([`crate::table`]).
    pub not_utf8: bool,
}

/// Reads order lines one at a time: memory holds one row, whatever the file's size.
pub struct OrderLines<R: Read> {
    table: Table<R>,
    at: Positions,
}

/// Where each column is, and how prices read.
struct Positions {
    order: usize,
    item: usize,
    time: Vec<usize>,
    title: Option<usize>,
    price: Option<usize>,
    customer: Option<usize>,
    quantity: Option<usize>,
    skip_orders: Vec<(usize, SkipOrders)>,
    currency: Currency,
    /// Fields in the header: a row with more or fewer is reported, since an unquoted comma
    /// would shift every later column.
    fields: usize,
}

impl<R: Read> OrderLines<R> {
    /// Reads the header and finds the columns; prices are read in `currency`'s minor units.
    pub fn new(input: R, columns: &Columns, currency: Currency) -> Result<OrderLines<R>, TableError> {
        let table = Table::new(input)?;
        let find = |column: &str| table.column(column);
        let at = Positions {
            order: find(&columns.order)?,
            item: find(&columns.item)?,
            time: columns.time.iter().map(|c| find(c)).collect::<Result<_, _>>()?,
            title: columns.title.as_deref().map(find).transpose()?,
            price: columns.price.as_deref().map(find).transpose()?,
            customer: columns.customer.as_deref().map(find).transpose()?,
            // A platform's `Quantity` as well as a plain `quantity`: a refund's negative line
            // read as a purchase would make its products "bought together".
            quantity: match &columns.quantity {
                Some(named) => Some(find(named)?),
                None if table.has_column(QUANTITY) => Some(find(QUANTITY)?),
                None => table.column_ignoring_case(QUANTITY),
            },
            skip_orders: (columns.skip_orders.iter())
                .map(|skip| Ok((find(&skip.column)?, skip.clone())))
                .collect::<Result<_, TableError>>()?,
            currency,
            fields: table.width(),
        };
        Ok(OrderLines { table, at })
    }

    /// The next row: `None` at the end, a [`Malformed`] for a row that cannot be an order
    /// line, or a read error (the file vanished, the disk failed) that ends the run.
    pub fn next_line(&mut self) -> Option<Result<Result<OrderLine, Malformed>, TableError>> {
        let at = &self.at;
        self.table
            .next_row()
            .map(|row| row.map(|row| row.and_then(|row| at.order_line(&row))))
    }
}

/// The most characters a feed takes in one text ([`checkout_addons_engine::LIMITS`]).
const MAX_TEXT: usize = checkout_addons_engine::LIMITS.max_text_chars;

/// Whether `text` is longer than a feed takes. (Bytes bound characters from above, so most
/// texts are never counted.)
fn too_long(text: &str) -> bool {
    text.len() > MAX_TEXT && text.chars().count() > MAX_TEXT
}

impl Positions {
    fn order_line(&self, row: &Row) -> Result<OrderLine, Malformed> {
        row.check_width(self.fields)?;
        let required = |index: usize, name: &str| -> Result<String, Malformed> {
            match row.text(index, name)? {
                "" => Err(row.malformed(format!("empty {name}"))),
                // A stray quote closed lines below, where the joined row still has the
                // header's fields: no id runs over lines.
                text if text.contains('\n') => Err(row.malformed(format!(
                    "the {name} runs over several lines: a quote opened on this line closes lines below, and the lines between are read as one row"
                ))),
                text => Ok(text.to_owned()),
            }
        };
        let order = required(self.order, "order id")?;
        let item = required(self.item, "item id")?;
        // A feed takes no longer id: one such line would make the whole mined feed invalid.
        if too_long(&item) {
            return Err(row.malformed(format!(
                "item id of {} characters, over the {MAX_TEXT} a feed allows",
                item.chars().count()
            )));
        }
        let time = if self.time.is_empty() {
            None
        } else {
            let mut text = String::new();
            for &index in &self.time {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(row.text(index, "time")?);
            }
            match text.trim() {
                // Shopify's order export writes the time on an order's first line only: the
                // order's time is its first line's (an order must start with one).
                "" => None,
                text => Some(parse_order_time(text).map_err(|e| row.malformed(e.to_string()))?),
            }
        };
        let untimed = !self.time.is_empty() && time.is_none();
        let mut problem = None;
        let title = match self.title {
            Some(index) => match row.text(index, "title")? {
                "" => None,
                // A stray quote: as with the ids, the lines it swallowed are rows of their own
                // (each with the header's commas), and what follows it is another line's.
                text if text.lines().skip(1).any(|line| line.matches(',').count() + 1 >= self.fields) => {
                    return Err(row.malformed(
                        "the title runs over several lines: a quote opened on this line closes lines below, and the lines between are read as one row".to_owned(),
                    ))
                }
                // A title quoted with a line break in it ("Mug\nLarge") is one title.
                text if text.contains('\n') => Some(text.split_whitespace().collect::<Vec<_>>().join(" ")),
                text if too_long(text) => {
                    problem = Some(format!(
                        "title of {} characters, over the {MAX_TEXT} a feed allows",
                        text.chars().count()
                    ));
                    None
                }
                text => Some(text.to_owned()),
            },
            None => None,
        };
        let mut price = None;
        if let Some(index) = self.price {
            match row.text(index, "price")? {
                "" => {}
                text => match Money::parse_decimal(text, &self.currency) {
                    Ok(amount) => price = Some(amount),
                    // (After a title too long, both are said.)
                    Err(e) => {
                        let price = format!("price {e}");
                        problem = Some(match problem {
                            Some(title) => format!("{title}; {price}"),
                            None => price,
                        });
                    }
                },
            }
        }
        let customer = match self.customer {
            Some(index) => Some(row.text(index, "customer")?.to_owned()).filter(|c| !c.is_empty()),
            None => None,
        };
        // A number, whole or not ("1", "-3", a spreadsheet's "1.0"); empty is one.
        let quantity = match self.quantity {
            Some(index) => match row.text(index, "quantity")? {
                "" => 1,
                // Saturating: a line of 1e30 is many, not a wrap to few.
                text => match text.parse::<f64>() {
                    Ok(quantity) if quantity.is_finite() && quantity <= 0.0 => 0,
                    Ok(quantity) if quantity.is_finite() => (quantity.round() as u32).max(1),
                    _ => return Err(row.malformed(format!("quantity `{text}` is not a number"))),
                },
            },
            None => 1,
        };
        let returned = quantity == 0;
        let mut skip_order = false;
        for (index, skip) in &self.skip_orders {
            skip_order |= skip.matches(row.text(*index, &skip.column)?);
        }
        Ok(OrderLine {
            line: row.line,
            order,
            item,
            time,
            title,
            price,
            problem,
            customer,
            returned,
            quantity,
            untimed,
            skip_order,
            not_utf8: row.not_utf8,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eur() -> Currency {
        Currency::parse("EUR").unwrap()
    }

    fn read_all(text: &str, columns: &Columns) -> Vec<Result<OrderLine, Malformed>> {
        let mut lines = OrderLines::new(text.as_bytes(), columns, eur()).unwrap();
        std::iter::from_fn(|| lines.next_line())
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn rows_become_order_lines_with_their_file_line() {
        let rows = read_all(
            "order_id,product_id\n1,milk\n1,bread\n2,milk\n",
            &Columns::default(),
        );
        let lines: Vec<_> = rows.into_iter().map(Result::unwrap).collect();
        assert_eq!(lines.len(), 3);
        assert_eq!(
            (lines[1].line, lines[1].order.as_str(), lines[1].item.as_str()),
            (3, "1", "bread")
        );
    }

    #[test]
    fn a_stray_quote_that_leaves_the_header_s_fields_is_no_product_of_several_lines() {
        let rows = read_all(
            "order_id,product_id\n1,\"bread\n2,milk\n2,jam\"\n3,tea\n",
            &Columns::default(),
        );
        let found: Vec<Result<u64, String>> = (rows.into_iter())
            .map(|row| row.map(|line| line.line).map_err(|m| m.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                Err("line 2: the item id runs over several lines: a quote opened on this line closes lines below, and the lines between are read as one row".to_owned()),
                Ok(5)
            ]
        );
    }

    #[test]
    fn a_stray_quote_in_a_title_that_leaves_the_header_s_fields_is_said_too() {
        // An opening quote on line 2 and an inch mark at the end of line 4: lines 2 to 4 are
        // one row of three fields, with line 4's price.
        let columns = Columns {
            title: Some("title".into()),
            price: Some("price".into()),
            ..Columns::default()
        };
        let rows = read_all(
            "order_id,product_id,title,price\n1,a,\"Mug, big,2.50\n2,b,Jug,3.00\n2,c,Frame 5\",4.00\n3,d,Tea,1.00\n",
            &columns,
        );
        let found: Vec<Result<u64, String>> = (rows.into_iter())
            .map(|row| row.map(|line| line.line).map_err(|m| m.to_string()))
            .collect();
        assert_eq!(
            found,
            [
                Err("line 2: the title runs over several lines: a quote opened on this line closes lines below, and the lines between are read as one row".to_owned()),
                Ok(5)
            ]
        );
    }

    #[test]
    fn a_title_quoted_with_a_line_break_in_it_is_one_title() {
        let columns = Columns {
            title: Some("title".into()),
            ..Columns::default()
        };
        let rows = read_all(
            "order_id,product_id,title\n1,a,\"Mug\nLarge\"\n1,b,Jug\n",
            &columns,
        );
        let titles: Vec<Option<String>> = rows.into_iter().map(|row| row.unwrap().title).collect();
        assert_eq!(titles, [Some("Mug Large".to_owned()), Some("Jug".to_owned())]);
    }

    #[test]
    fn a_title_too_long_and_a_price_unread_on_one_line_are_both_said() {
        let columns = Columns {
            title: Some("title".into()),
            price: Some("price".into()),
            ..Columns::default()
        };
        let text = format!(
            "order_id,product_id,title,price\n1,tea,{},cheap\n",
            "x".repeat(2_001)
        );
        let line = read_all(&text, &columns).remove(0).unwrap();
        let problem = line.problem.unwrap();
        assert!(
            problem.starts_with("title of 2001 characters") && problem.contains("; price"),
            "{problem}"
        );
        assert_eq!(
            (line.title, line.price),
            (None, None),
            "the line counts, without either"
        );
    }

    #[test]
    fn named_columns_time_titles_and_prices_are_read() {
        let columns = Columns {
            order: "Transaction".into(),
            item: "Item".into(),
            time: vec!["Date".into(), "Time".into()],
            title: Some("Name".into()),
            price: Some("Price".into()),
            customer: Some("Customer".into()),
            quantity: None,
            skip_orders: Vec::new(),
        };
        let text = "Date,Time,Transaction,Item,Name,Price,Customer\n 2016-10-30,09:58:11,1,b1,\"Bread, white\",2.50,c7\n";
        let line = read_all(text, &columns).remove(0).unwrap();
        assert_eq!(line.time, Some(1_477_821_491));
        assert_eq!(line.title.as_deref(), Some("Bread, white"));
        assert_eq!(line.price, Some(Money(250)));
        assert_eq!(line.customer.as_deref(), Some("c7"));
    }

    #[test]
    fn bad_rows_are_reported_with_their_line_and_reading_goes_on() {
        let columns = Columns {
            price: Some("price".into()),
            ..Columns::default()
        };
        let text =
            "order_id,product_id,price\n1,milk,1.00\n2\n,bread,1.00\n3,eggs,cheap\n4,jam,2,00\n5,tea,2.00\n";
        let rows = read_all(text, &columns);
        let reasons: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(|m| m.to_string())
            .collect();
        assert_eq!(
            reasons,
            [
                "line 3: 1 field where the header has 3",
                "line 4: empty order id",
                "line 6: 4 fields where the header has 3 (an unquoted comma?)",
            ]
        );
        let eggs = rows[3].as_ref().unwrap();
        assert_eq!(eggs.item, "eggs", "a bad price loses the price, not the line");
        assert_eq!(
            (eggs.price, eggs.problem.as_deref()),
            (None, Some("price `cheap` is not a decimal amount"))
        );
        assert_eq!(rows.iter().filter(|r| r.is_ok()).count(), 3);
    }

    #[test]
    fn a_time_that_cannot_be_read_makes_the_row_malformed() {
        let columns = Columns {
            time: vec!["when".into()],
            ..Columns::default()
        };
        let rows = read_all("order_id,product_id,when\n1,tea,1/2/2017\n", &columns);
        assert!(rows[0]
            .as_ref()
            .unwrap_err()
            .reason
            .starts_with("time `1/2/2017` is neither ISO 8601"));
    }

    #[test]
    fn control_characters_around_a_value_are_padding() {
        let columns = Columns {
            time: vec!["when".into()],
            ..Columns::default()
        };
        let rows = read_all(
            "order_id,product_id,when\n1,tea,\u{0}2016-10-31 14:01:30\n",
            &columns,
        );
        assert_eq!(rows[0].as_ref().unwrap().time, Some(1_477_922_490));
    }

    #[test]
    fn a_missing_column_is_named_with_what_the_header_has() {
        let error = OrderLines::new("Transaction,Item\n1,a\n".as_bytes(), &Columns::default(), eur())
            .err()
            .unwrap();
        assert!(error
            .to_string()
            .starts_with("line 1: no column `order_id` (the header has: Transaction, Item)"));
    }

    /// Spreadsheet exports often start with a byte-order mark; the csv reader drops it.
    #[test]
    fn a_byte_order_mark_before_the_header_is_ignored() {
        let rows = read_all("\u{feff}order_id,product_id\n1,milk\n", &Columns::default());
        assert_eq!(rows[0].as_ref().unwrap().item, "milk");
    }

    #[test]
    fn a_line_not_utf8_is_read_as_windows_1252_and_says_so() {
        let mut text = b"order_id,product_id\n1,caf".to_vec();
        text.extend_from_slice(&[0xe9, b'\n']);
        text.extend_from_slice(b"2,tea\n");
        let mut lines = OrderLines::new(text.as_slice(), &Columns::default(), eur()).unwrap();
        let first = lines.next_line().unwrap().unwrap().unwrap();
        assert_eq!((first.item.as_str(), first.not_utf8), ("café", true));
        let second = lines.next_line().unwrap().unwrap().unwrap();
        assert_eq!((second.item.as_str(), second.not_utf8), ("tea", false));
    }
}
