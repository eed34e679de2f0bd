//! Order lines grouped into baskets, in bounded memory.
//!
//! Exports write the lines of one order together, so an order is complete once other orders
//! follow it. A few thousand orders stay open, so lightly interleaved files still group right;
//! memory holds those, the item dictionary and the counts, never the file.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;
use std::io::Read;

use checkout_addons_engine::{Catalog, Money};

use crate::lines::{OrderLine, OrderLines};
use crate::table::{Malformed, TableError};

/// Orders kept open at once; the oldest half closes when this many are open.
const OPEN_ORDERS: usize = 4096;
/// Closed order ids remembered, to notice an order whose lines come back later.
const REMEMBERED_CLOSED: usize = 1 << 16;
/// Problems listed one by one; the rest are counted.
const EXAMPLES: usize = 20;

/// One product seen in the orders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The product id (a variant id in the orders is resolved to its product).
    pub id: String,
    /// The last title seen, when orders carry titles.
    pub title: Option<String>,
    /// The last price seen, when orders carry prices.
    pub price: Option<Money>,
    /// Whether the catalog the orders are mined for has the product.
    pub in_catalog: bool,
}

/// Every product seen, each numbered once in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Items {
    numbers: HashMap<String, u32>,
    items: Vec<Item>,
    /// The variant ids the orders named, each numbered once (a catalog tells them apart).
    variant_numbers: HashMap<String, u32>,
    variants: Vec<String>,
    /// The titles and prices order lines gave each item, where [`ReadOptions::changes`] asked.
    changes: Option<Vec<Change>>,
    /// Each item's last entry in `changes`.
    last_change: Vec<Option<usize>>,
}

/// What one order line said of its item: its order's time and its file line, and the title
/// and price it gave (a free line gives no price).
#[derive(Clone, Debug)]
struct Change {
    item: u32,
    at: (Option<i64>, u64),
    title: Option<String>,
    price: Option<Money>,
}

impl Items {
    /// The number of `id`, adding it when new.
    fn number(&mut self, id: &str, in_catalog: bool) -> u32 {
        numbered(&mut self.numbers, &mut self.items, id, || Item {
            id: id.to_owned(),
            title: None,
            price: None,
            in_catalog,
        })
    }

    /// The number of the variant `id`, adding it when new.
    fn variant_number(&mut self, id: &str) -> u32 {
        numbered(&mut self.variant_numbers, &mut self.variants, id, || {
            id.to_owned()
        })
    }

    /// The id of the variant numbered `n`.
    pub fn variant_id(&self, n: u32) -> &str {
        &self.variants[n as usize]
    }

    /// The item numbered `n`.
    pub fn get(&self, n: u32) -> &Item {
        &self.items[n as usize]
    }

    /// The number of the product `id`, if the orders hold it.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.numbers.get(id).copied()
    }

    /// All items, by number.
    pub fn all(&self) -> &[Item] {
        &self.items
    }

    /// The items with the titles and prices their lines gave before `before` (an order's
    /// time and first line, as [`Basket`]s sort): what a shop's catalog said then. An
    /// evaluation that mines its older orders must not read titles and prices from the orders
    /// it tests on. Unchanged where reading kept no changes.
    pub fn as_of(&self, before: (Option<i64>, u64)) -> Items {
        // Not `self.clone()`: the change log, the bulk of it, is not wanted in the copy.
        let mut then = Items {
            numbers: self.numbers.clone(),
            items: self.items.clone(),
            variant_numbers: self.variant_numbers.clone(),
            variants: self.variants.clone(),
            changes: None,
            last_change: Vec::new(),
        };
        let Some(changes) = &self.changes else {
            return then;
        };
        // Each item's latest title and latest price before then, by time, not by place in the
        // file (a platform's export may list the newest orders first).
        let none = (None, None);
        let mut latest: Vec<(Option<&Change>, Option<&Change>)> = vec![none; then.items.len()];
        let later = |seen: Option<&Change>, change: &Change| seen.is_none_or(|seen| change.at >= seen.at);
        for change in changes.iter().filter(|change| change.at < before) {
            let (title, price) = &mut latest[change.item as usize];
            if change.title.is_some() && later(*title, change) {
                *title = Some(change);
            }
            if change.price.is_some() && later(*price, change) {
                *price = Some(change);
            }
        }
        for (item, (title, price)) in then.items.iter_mut().zip(latest) {
            item.title = title.and_then(|c| c.title.clone());
            item.price = price.and_then(|c| c.price);
        }
        then
    }

    /// How many distinct products.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no product was seen.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The number `numbers` gives `id`, else the next one, for a new entry of `list`.
fn numbered<T>(
    numbers: &mut HashMap<String, u32>,
    list: &mut Vec<T>,
    id: &str,
    new: impl FnOnce() -> T,
) -> u32 {
    if let Some(&n) = numbers.get(id) {
        return n;
    }
    let n = list.len() as u32;
    numbers.insert(id.to_owned(), n);
    list.push(new());
    n
}

/// One order: its distinct products in line order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Basket {
    /// The line of its first row.
    pub first_line: u64,
    /// Its time in seconds since 1970, from its first row (`None` without time columns).
    pub time: Option<i64>,
    /// Item numbers, each once, in line order.
    pub items: Vec<u32>,
    /// How many of each of `items` it bought, summed over its lines (1 per line without a
    /// quantity column): a bag of three lasts three times as long as one.
    pub quantities: Vec<u32>,
    /// The variants its lines named, each once (a 12 kg bag beside a 2 kg one), with how many
    /// of each: (item, variant number, quantity). Only where a catalog tells variants from
    /// products; `items` holds their products.
    pub variants: Vec<(u32, u32, u32)>,
    /// Who placed it, from its first row (`None` without a customer column, or for a guest).
    pub customer: Option<String>,
    /// What its lines cost at the order's own prices, times their quantities (minor units; 0
    /// without a price column): the order's value, as the widget values a past order.
    pub value: i64,
}

impl Basket {
    /// The variants its lines named of `item`: (item, variant number, quantity).
    pub fn variants_of(&self, item: u32) -> impl Iterator<Item = &(u32, u32, u32)> + Clone {
        self.variants.iter().filter(move |(of, ..)| *of == item)
    }
}

/// How to read an order file.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions<'a> {
    /// Item values that are not products (the bakery file's `NONE`): such rows are skipped
    /// and counted.
    pub skip_items: Vec<String>,
    /// Stop at the first malformed row instead of reporting it and going on.
    pub strict: bool,
    /// The catalog the orders are mined for: variant ids resolve to their products, and
    /// products it lacks are counted.
    pub catalog: Option<&'a Catalog>,
    /// Keep every title and price each item took, for [`Items::as_of`] (memory grows with
    /// price changes: for an evaluation, not for mining).
    pub changes: bool,
}

/// What reading found besides baskets: the counts a shop owner needs to trust a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadReport {
    /// Data rows read (the header not counted).
    pub rows: u64,
    /// Orders formed.
    pub orders: u64,
    /// Rows that could not be read.
    pub malformed: u64,
    /// The first malformed rows, with their lines.
    pub malformed_examples: Vec<Malformed>,
    /// Rows skipped because their item is in [`ReadOptions::skip_items`].
    pub skipped: u64,
    /// Orders whose lines came back after the order had closed; each part counts as an order.
    pub split_orders: u64,
    /// The first of those: order id and the line where it came back.
    pub split_examples: Vec<(String, u64)>,
    /// Rows naming products the catalog lacks.
    pub unknown_rows: u64,
    /// The first product ids the catalog lacks.
    pub unknown_examples: Vec<String>,
    /// Rows whose price could not be read or whose title is longer than a feed takes: they
    /// count, without it.
    pub bad_fields: u64,
    /// The first of those, with their lines.
    pub bad_field_examples: Vec<Malformed>,
    /// Rows that were not UTF-8, read as Windows-1252, and the first one's line.
    pub not_utf8: (u64, Option<u64>),
    /// Rows with a quantity of 0 or less (returns, cancellations): no purchase, not counted.
    pub returns: u64,
    /// The first of those, with their lines.
    pub return_examples: Vec<u64>,
    /// Orders a column of [`Columns::skip_orders`](crate::Columns) says were no purchase.
    pub left_out_orders: u64,
    /// Their rows, not counted.
    pub left_out_rows: u64,
    /// The first of those orders' ids.
    pub left_out_examples: Vec<String>,
}

impl ReadReport {
    /// Counts a row that cannot be read, keeping the first few to show.
    fn count_malformed(&mut self, malformed: Malformed) {
        self.malformed += 1;
        if self.malformed_examples.len() < EXAMPLES {
            self.malformed_examples.push(malformed);
        }
    }
}

/// Why reading stopped.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file cannot be read.
    #[error(transparent)]
    Table(#[from] TableError),
    /// A malformed row, when [`ReadOptions::strict`] asked to stop at the first.
    #[error("{0}")]
    Malformed(Malformed),
}

struct Open {
    basket: Basket,
    last_line: u64,
    /// Its rows so far.
    lines: u64,
}

/// Reads every order of `lines`, handing each completed basket to `each`, and returns the
/// item dictionary with the report. Baskets arrive in the order they close, which is file
/// order for grouped files; sort by `(time, first_line)` where order matters.
pub fn read_baskets<R: Read>(
    mut lines: OrderLines<R>,
    options: &ReadOptions,
    mut each: impl FnMut(&Basket, &Items),
) -> Result<(Items, ReadReport), ReadError> {
    let mut items = Items {
        changes: options.changes.then(Vec::new),
        ..Items::default()
    };
    let mut report = ReadReport::default();
    let mut open: HashMap<String, Open> = HashMap::new();
    let mut closed = Closed::default();
    let mut order_time: Option<(String, Option<i64>)> = None;
    let mut left_out: HashSet<String> = HashSet::new();
    while let Some(row) = lines.next_line() {
        let row = row?;
        report.rows += 1;
        let mut line = match row {
            Ok(line) => line,
            Err(malformed) if options.strict => return Err(ReadError::Malformed(malformed)),
            Err(malformed) => {
                report.count_malformed(malformed);
                continue;
            }
        };
        // The time an order's lines take when only its first says it (Shopify's export), even
        // when that first line is then skipped or a return.
        match (line.untimed, &mut order_time) {
            (false, _) => order_time = Some((line.order.clone(), line.time)),
            (true, Some((order, time))) if *order == line.order => line.time = *time,
            (true, _) => {}
        }
        // An order a line says was no purchase (cancelled, refunded, a test): none of its lines
        // counts, and those read before that line leave the open order with it. (Shopify
        // writes the status on an order's first line only: the rest go by the order id.)
        if line.skip_order && left_out.insert(line.order.clone()) {
            report.left_out_orders += 1;
            if report.left_out_examples.len() < EXAMPLES {
                report.left_out_examples.push(line.order.clone());
            }
            if let Some(order) = open.remove(&line.order) {
                report.left_out_rows += order.lines;
            }
        }
        if left_out.contains(&line.order) {
            report.left_out_rows += 1;
            continue;
        }
        if options.skip_items.contains(&line.item) {
            report.skipped += 1;
            continue;
        }
        if line.returned {
            report.returns += 1;
            if report.return_examples.len() < EXAMPLES {
                report.return_examples.push(line.line);
            }
            continue;
        }
        if line.untimed && line.time.is_none() && !open.contains_key(&line.order) {
            let malformed = Malformed {
                line: line.line,
                reason: "empty time, and no line of its order before says when".into(),
            };
            if options.strict {
                return Err(ReadError::Malformed(malformed));
            }
            report.count_malformed(malformed);
            continue;
        }
        if line.not_utf8 {
            report.not_utf8.0 += 1;
            report.not_utf8.1.get_or_insert(line.line);
        }
        if let Some(reason) = &line.problem {
            report.bad_fields += 1;
            if report.bad_field_examples.len() < EXAMPLES {
                report.bad_field_examples.push(Malformed {
                    line: line.line,
                    reason: reason.clone(),
                });
            }
        }
        let (n, variant) = number_item(&mut items, &line, options.catalog, &mut report);
        let cost = line
            .price
            .map_or(0, |p| p.minor().saturating_mul(i64::from(line.quantity)));
        match open.get_mut(&line.order) {
            Some(order) => {
                order.last_line = line.line;
                order.lines += 1;
                order.basket.value = order.basket.value.saturating_add(cost);
                let basket = &mut order.basket;
                match basket.items.iter().position(|&item| item == n) {
                    Some(at) => basket.quantities[at] = basket.quantities[at].saturating_add(line.quantity),
                    None => {
                        basket.items.push(n);
                        basket.quantities.push(line.quantity);
                    }
                }
                if let Some(variant) = variant {
                    match basket.variants.iter_mut().find(|(_, v, _)| *v == variant) {
                        Some((_, _, quantity)) => *quantity = quantity.saturating_add(line.quantity),
                        None => basket.variants.push((n, variant, line.quantity)),
                    }
                }
            }
            None => {
                if closed.contains(&line.order) {
                    report.split_orders += 1;
                    if report.split_examples.len() < EXAMPLES {
                        report.split_examples.push((line.order.clone(), line.line));
                    }
                }
                if open.len() == OPEN_ORDERS {
                    close_oldest_half(&mut open, &mut closed, &items, &mut report, &mut each);
                }
                let basket = Basket {
                    first_line: line.line,
                    time: line.time,
                    items: vec![n],
                    quantities: vec![line.quantity],
                    variants: variant.map(|v| (n, v, line.quantity)).into_iter().collect(),
                    customer: line.customer,
                    value: cost,
                };
                open.insert(
                    line.order,
                    Open {
                        basket,
                        last_line: line.line,
                        lines: 1,
                    },
                );
            }
        }
    }
    let mut rest: Vec<Open> = open.into_values().collect();
    rest.sort_unstable_by_key(|o| o.last_line);
    for order in rest {
        report.orders += 1;
        each(&order.basket, &items);
    }
    Ok((items, report))
}

/// The line's product number, and its variant's number where it names a variant.
fn number_item(
    items: &mut Items,
    line: &OrderLine,
    catalog: Option<&Catalog>,
    report: &mut ReadReport,
) -> (u32, Option<u32>) {
    let mut variant = None;
    let (id, in_catalog) = match catalog {
        None => (line.item.as_str(), true),
        Some(catalog) => match catalog.product(&line.item) {
            Some(product) => {
                if product.id != line.item {
                    variant = Some(items.variant_number(&line.item));
                }
                (product.id.as_str(), true)
            }
            None => {
                report.unknown_rows += 1;
                if report.unknown_examples.len() < EXAMPLES && !report.unknown_examples.contains(&line.item) {
                    report.unknown_examples.push(line.item.clone());
                }
                (line.item.as_str(), false)
            }
        },
    };
    let n = items.number(id, in_catalog);
    let item = &mut items.items[n as usize];
    if line.title.is_some() {
        item.title.clone_from(&line.title);
    }
    // A free line (a sample, a promotion) says nothing of what the product costs.
    if line.price.is_some_and(|p| p.minor() > 0) {
        item.price = line.price;
    }
    if let Some(changes) = &mut items.changes {
        // What the line says of the item, as of its order's time: kept unless the item's last
        // entry says the same from an earlier time (which then covers this line too). A file
        // in time order keeps only what changed.
        let at = (line.time, line.line);
        let said = (line.title.clone(), line.price.filter(|p| p.minor() > 0));
        items.last_change.resize(items.items.len(), None);
        let last = items.last_change[n as usize].map(|i| &changes[i]);
        let covered = last.is_some_and(|c| c.at <= at && (&c.title, c.price) == (&said.0, said.1));
        if !covered && (said.0.is_some() || said.1.is_some()) {
            items.last_change[n as usize] = Some(changes.len());
            changes.push(Change {
                item: n,
                at,
                title: said.0,
                price: said.1,
            });
        }
    }
    (n, variant)
}

fn close_oldest_half(
    open: &mut HashMap<String, Open>,
    closed: &mut Closed,
    items: &Items,
    report: &mut ReadReport,
    each: &mut impl FnMut(&Basket, &Items),
) {
    let mut by_age: Vec<u64> = open.values().map(|o| o.last_line).collect();
    by_age.sort_unstable();
    let cutoff = by_age[by_age.len() / 2];
    let old: Vec<String> = open
        .iter()
        .filter(|(_, o)| o.last_line < cutoff)
        .map(|(id, _)| id.clone())
        .collect();
    let mut old: Vec<(String, Open)> = old.into_iter().filter_map(|id| open.remove_entry(&id)).collect();
    old.sort_unstable_by_key(|(_, o)| o.last_line);
    for (id, order) in old {
        closed.insert(&id);
        report.orders += 1;
        each(&order.basket, items);
    }
}

/// Recently closed order ids, as hashes in two generations: bounded memory, and an order
/// that comes back within the last [`REMEMBERED_CLOSED`] orders is noticed.
#[derive(Default)]
struct Closed {
    hasher: std::collections::hash_map::RandomState,
    recent: HashSet<u64>,
    older: HashSet<u64>,
}

impl Closed {
    fn hash(&self, order: &str) -> u64 {
        self.hasher.hash_one(order)
    }

    fn insert(&mut self, order: &str) {
        if self.recent.len() == REMEMBERED_CLOSED {
            self.older = std::mem::take(&mut self.recent);
        }
        let hash = self.hash(order);
        self.recent.insert(hash);
    }

    fn contains(&self, order: &str) -> bool {
        let hash = self.hash(order);
        self.recent.contains(&hash) || self.older.contains(&hash)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::{Columns, SkipOrders};
    use checkout_addons_engine::Currency;

    fn baskets(text: &str, options: &ReadOptions) -> (Vec<Vec<String>>, ReadReport) {
        let lines = OrderLines::new(
            text.as_bytes(),
            &Columns::default(),
            Currency::parse("EUR").unwrap(),
        )
        .unwrap();
        let mut out = Vec::new();
        let (_, report) = read_baskets(lines, options, |basket, items| {
            out.push(basket.items.iter().map(|&n| items.get(n).id.clone()).collect())
        })
        .unwrap();
        (out, report)
    }

    #[test]
    fn lines_of_an_order_form_one_basket_each_product_once() {
        let (found, report) = baskets(
            "order_id,product_id\n1,milk\n1,bread\n1,milk\n2,eggs\n",
            &ReadOptions::default(),
        );
        assert_eq!(found, [vec!["milk", "bread"], vec!["eggs"]]);
        assert_eq!((report.rows, report.orders), (4, 2));
    }

    #[test]
    fn returns_and_cancellations_are_no_purchase_and_a_free_line_no_price() {
        // A return written as its own order (UK online retail's `C` invoices), a cancelled
        // line inside an order, and a free sample of a product that costs 3.00.
        let text = "order_id,product_id,quantity,price\n\
            C1,x,-1,2.00\nC1,y,-1,3.00\n\
            2,x,2,2.00\n2,y,0,3.00\n2,z,1,4.00\n\
            3,y,1,3.00\n3,z,1,0.00\n";
        let columns = Columns {
            price: Some("price".into()),
            ..Columns::default()
        };
        let lines = OrderLines::new(text.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut found: Vec<Vec<String>> = Vec::new();
        let mut values = Vec::new();
        let (items, report) = read_baskets(lines, &ReadOptions::default(), |basket, items| {
            found.push(basket.items.iter().map(|&n| items.get(n).id.clone()).collect());
            values.push(basket.value);
        })
        .unwrap();
        assert_eq!(found, [vec!["x", "z"], vec!["y", "z"]]);
        assert_eq!(
            values,
            [2 * 200 + 400, 300],
            "each order at its own prices and quantities"
        );
        assert_eq!(
            (report.returns, report.return_examples.clone()),
            (3, vec![2, 3, 5])
        );
        let price = |id: &str| items.get(items.find(id).unwrap()).price;
        assert_eq!(price("z"), Some(checkout_addons_engine::Money(400)));
    }

    #[test]
    fn a_named_quantity_column_must_be_there_and_hold_numbers() {
        let named = Columns {
            quantity: Some("qty".into()),
            ..Columns::default()
        };
        let eur = || Currency::parse("EUR").unwrap();
        assert!(OrderLines::new("order_id,product_id\n1,x\n".as_bytes(), &named, eur()).is_err());
        let (found, report) = baskets(
            "order_id,product_id,quantity\n1,x,two\n1,y,1.0\n",
            &ReadOptions::default(),
        );
        assert_eq!(found, [vec!["y"]]);
        assert_eq!(
            report.malformed_examples[0].reason,
            "quantity `two` is not a number"
        );
    }

    #[test]
    fn an_order_takes_its_first_lines_time_skipped_or_not_and_cannot_start_without_one() {
        // Shopify's export: order fields on the first line only.
        let text = "Name,Lineitem,Created at\n#1,a,2023-05-01 10:22:33 +0200\n#1,b,\n#2,c,\n#2,d,2023-05-02 10:00:00 +0200\n\
                    #3,NONE,2023-05-03 10:00:00 +0200\n#3,e,\n";
        let columns = Columns {
            order: "Name".into(),
            item: "Lineitem".into(),
            time: vec!["Created at".into()],
            ..Columns::default()
        };
        let lines = OrderLines::new(text.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut found = Vec::new();
        let options = ReadOptions {
            skip_items: vec!["NONE".into()],
            ..ReadOptions::default()
        };
        let (_, report) = read_baskets(lines, &options, |basket, items| {
            found.push((
                basket.time,
                basket
                    .items
                    .iter()
                    .map(|&n| items.get(n).id.clone())
                    .collect::<Vec<_>>(),
            ))
        })
        .unwrap();
        assert_eq!(
            found[0],
            (Some(1_682_929_353), vec!["a".to_owned(), "b".to_owned()])
        );
        // An order whose first line is skipped still has its time for the next.
        assert_eq!(
            found.last().unwrap(),
            &(Some(1_683_100_800), vec!["e".to_owned()])
        );
        assert_eq!(report.malformed_examples[0].line, 4);
        assert_eq!(
            report.malformed_examples[0].reason,
            "empty time, and no line of its order before says when"
        );
    }

    #[test]
    fn items_as_of_a_time_have_the_titles_and_prices_their_lines_gave_before_it() {
        // A mug at 3.00, then renamed and dearer from the second order; a spoon first seen later.
        let text = "order_id,product_id,ordered_at,title,price\n\
                    1,mug,2024-01-01 10:00:00,Mug,3.00\n\
                    2,mug,2024-02-01 10:00:00,Big mug,4.50\n\
                    2,spoon,2024-02-01 10:00:00,Spoon,1.00\n";
        let columns = Columns {
            time: vec!["ordered_at".into()],
            title: Some("title".into()),
            price: Some("price".into()),
            ..Columns::default()
        };
        let read = |changes: bool| {
            let lines = OrderLines::new(text.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
            let mut baskets = Vec::new();
            let options = ReadOptions {
                changes,
                ..ReadOptions::default()
            };
            let (items, _) = read_baskets(lines, &options, |basket, _| baskets.push(basket.clone())).unwrap();
            (items, baskets)
        };
        let (items, baskets) = read(true);
        let second = &baskets[1];
        let then = items.as_of((second.time, second.first_line));
        let mug = then.get(items.find("mug").unwrap());
        assert_eq!((mug.title.as_deref(), mug.price), (Some("Mug"), Some(Money(300))));
        let spoon = then.get(items.find("spoon").unwrap());
        assert_eq!(
            (spoon.title.as_deref(), spoon.price),
            (None, None),
            "not seen yet"
        );
        // At the end, as mining reads them: the last.
        let now = items.as_of((Some(i64::MAX), u64::MAX));
        let mug = now.get(items.find("mug").unwrap());
        assert_eq!(
            (mug.title.as_deref(), mug.price),
            (Some("Big mug"), Some(Money(450)))
        );
        // Not kept (mining): the last seen, whatever the time.
        let (items, _) = read(false);
        let mug = items
            .as_of((second.time, second.first_line))
            .get(items.find("mug").unwrap())
            .clone();
        assert_eq!(mug.price, Some(Money(450)));
        // The newest orders first, as a platform's export may list them: by time, the price of
        // June, not of January, the last line of the file.
        let newest_first = "order_id,product_id,ordered_at,title,price\n\
                            2,mug,2024-12-01 10:00:00,Mug,5.00\n\
                            1,mug,2024-06-01 10:00:00,Mug,5.00\n\
                            0,mug,2024-01-01 10:00:00,Mug,4.00\n";
        let lines =
            OrderLines::new(newest_first.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let options = ReadOptions {
            changes: true,
            ..ReadOptions::default()
        };
        let (items, _) = read_baskets(lines, &options, |_, _| {}).unwrap();
        // 1 October 2024.
        let then = items.as_of((Some(1_727_740_800), 0));
        assert_eq!(then.get(items.find("mug").unwrap()).price, Some(Money(500)));
    }

    #[test]
    fn orders_a_column_says_were_no_purchase_are_left_out_whole() {
        // Shopify's export: an order's status on its first line only. #1002 was refunded, #1003
        // cancelled (any time in `Cancelled at`), #1004's refund is said on its second line.
        let text = "Name,Financial Status,Cancelled at,Lineitem sku,Quantity\n\
                    #1001,paid,,beans,1\n#1001,,,filters,1\n\
                    #1002,refunded,,beans,1\n#1002,,,filters,1\n\
                    #1003,paid,2024-03-02 10:00:00 +0100,beans,1\n#1003,,,filters,1\n\
                    #1004,,,beans,1\n#1004,Voided,,filters,1\n\
                    #1005,paid,,beans,-1\n#1005,,,mug,1\n";
        let columns = Columns {
            order: "Name".into(),
            item: "Lineitem sku".into(),
            skip_orders: vec![
                SkipOrders {
                    column: "Financial Status".into(),
                    values: vec!["voided".into(), "refunded".into()],
                },
                SkipOrders {
                    column: "Cancelled at".into(),
                    values: vec!["*".into()],
                },
            ],
            ..Columns::default()
        };
        let lines = OrderLines::new(text.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut found: Vec<Vec<String>> = Vec::new();
        let (_, report) = read_baskets(lines, &ReadOptions::default(), |basket, items| {
            found.push(basket.items.iter().map(|&n| items.get(n).id.clone()).collect())
        })
        .unwrap();
        // And the platform's `Quantity`, in its own letter case, is read: #1005 returned beans.
        assert_eq!(found, [vec!["beans", "filters"], vec!["mug"]]);
        assert_eq!((report.left_out_orders, report.left_out_rows), (3, 6));
        assert_eq!(report.left_out_examples, ["#1002", "#1003", "#1004"]);
        assert_eq!(report.returns, 1);
    }

    #[test]
    fn interleaved_orders_still_group() {
        let (found, _) = baskets(
            "order_id,product_id\n1,milk\n2,eggs\n1,bread\n2,jam\n",
            &ReadOptions::default(),
        );
        assert_eq!(found, [vec!["milk", "bread"], vec!["eggs", "jam"]]);
    }

    #[test]
    fn an_order_that_returns_after_closing_is_counted_and_reported() {
        let mut text = String::from("order_id,product_id\n0,first\n");
        for order in 1..=OPEN_ORDERS {
            text.push_str(&format!("{order},x\n"));
        }
        text.push_str("0,late\n");
        let (found, report) = baskets(&text, &ReadOptions::default());
        assert_eq!(report.split_orders, 1);
        assert_eq!(report.split_examples, [("0".to_owned(), OPEN_ORDERS as u64 + 3)]);
        assert_eq!(
            found.len(),
            OPEN_ORDERS + 2,
            "the late part counts as an order of its own"
        );
    }

    #[test]
    fn skipped_and_malformed_rows_are_counted_not_lost() {
        let options = ReadOptions {
            skip_items: vec!["NONE".into()],
            ..ReadOptions::default()
        };
        let (found, report) = baskets("order_id,product_id\n1,NONE\n1,tea\n2\n", &options);
        assert_eq!(found, [vec!["tea"]]);
        assert_eq!((report.rows, report.skipped, report.malformed), (3, 1, 1));
        assert_eq!(report.malformed_examples[0].line, 4);
        assert_eq!(
            report.malformed_examples[0].reason,
            "1 field where the header has 2"
        );
    }

    #[test]
    fn strict_stops_at_the_first_malformed_row() {
        let lines = OrderLines::new(
            "order_id,product_id\n1,tea\n,coffee\n".as_bytes(),
            &Columns::default(),
            Currency::parse("EUR").unwrap(),
        )
        .unwrap();
        let options = ReadOptions {
            strict: true,
            ..ReadOptions::default()
        };
        let error = read_baskets(lines, &options, |_, _| {}).unwrap_err();
        assert_eq!(error.to_string(), "line 3: empty order id");
        assert!(matches!(error, ReadError::Malformed(Malformed { line: 3, .. })));
    }

    #[test]
    fn variant_ids_resolve_to_their_product_and_unknown_ids_are_counted() {
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "shirt", "title": "Shirt", "price": 2000, "variants": [{"id": "shirt-m"}]}]}"#,
        )
        .unwrap();
        let options = ReadOptions {
            catalog: Some(&catalog),
            ..ReadOptions::default()
        };
        let (found, report) = baskets("order_id,product_id\n1,shirt-m\n1,gift-card\n", &options);
        assert_eq!(found, [vec!["shirt", "gift-card"]]);
        assert_eq!(
            (report.unknown_rows, report.unknown_examples.as_slice()),
            (1, &["gift-card".to_owned()][..])
        );
    }

    #[test]
    fn an_order_keeps_which_variants_it_bought_and_how_many_of_each() {
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
                {"id": "cat-food", "title": "Cat food", "price": 1899,
                 "variants": [{"id": "cat-2kg"}, {"id": "cat-12kg"}]}]}"#,
        )
        .unwrap();
        let options = ReadOptions {
            catalog: Some(&catalog),
            ..ReadOptions::default()
        };
        let text = "order_id,product_id,quantity\n1,cat-2kg,1\n1,cat-12kg,1\n1,cat-2kg,2\n1,cat-food,1\n2,cat-food,1\n";
        let columns = Columns {
            quantity: Some("quantity".into()),
            ..Columns::default()
        };
        let lines = OrderLines::new(text.as_bytes(), &columns, Currency::parse("EUR").unwrap()).unwrap();
        let mut found = Vec::new();
        read_baskets(lines, &options, |basket, items| {
            let variants: Vec<(String, u32)> = (basket.variants.iter())
                .map(|&(_, v, quantity)| (items.variant_id(v).to_owned(), quantity))
                .collect();
            found.push((basket.items.len(), basket.quantities.clone(), variants));
        })
        .unwrap();
        // One product, five bags in all; the line naming the product itself names no variant.
        assert_eq!(
            found,
            [
                (
                    1,
                    vec![5],
                    vec![("cat-2kg".to_owned(), 3), ("cat-12kg".to_owned(), 1)]
                ),
                (1, vec![1], vec![])
            ]
        );
    }
}
