//! `addons mine` and `addons evaluate`: both read an order history the same way.

use std::io::BufReader;

use anyhow::{anyhow, bail, Context};
use checkout_addons_engine::{Catalog, Config, Currency};
use checkout_addons_mining::buy_again::evaluate_buy_again;
use checkout_addons_mining::evaluate::{evaluate, Evaluation, Setup};
use checkout_addons_mining::{
    bootstrap, read_baskets, write_mined, write_repurchase_days, write_segments, Basket, CustomerStats,
    Items, Miner, OrderLines, ReadError, ReadOptions, ReadReport, Repurchases, TableError, MAX_PAIRED_ITEMS,
    MIN_CUSTOMERS, MIN_REPEATS, MIN_SEGMENT_CUSTOMERS,
};
use serde_json::Value;

use crate::args::{Evaluate, Mine, Orders};
use crate::{currency_flag, load_text, today, write_output};

/// The shop's feed, when mining into one: as a document (to keep every field) and as a catalog.
struct Base {
    document: Value,
    catalog: Catalog,
}

fn base(orders: &Orders) -> anyhow::Result<Option<Base>> {
    let Some(path) = &orders.feed else {
        return Ok(None);
    };
    let (text, catalog) = load_text(path)?;
    let document = crate::feed_document(path, &text)?;
    Ok(Some(Base { document, catalog }))
}

fn currency(orders: &Orders, catalog: Option<&Catalog>) -> anyhow::Result<Currency> {
    match (catalog, &orders.currency) {
        (Some(catalog), _) => Ok(catalog.currency().clone()),
        (None, Some(code)) => currency_flag(code),
        // Prices read in a currency nobody named would be wrong by the currency's code at
        // best (a krona shop's feed in "EUR") and by its minor digits at worst (¥1500 read
        // as €15.00, a dinar's 1.250 refused): the shop says which.
        (None, None) if orders.price_col.is_some() => anyhow::bail!(
            "--price-col without --feed: name the prices' currency with --currency (EUR, GBP, SEK, JPY, ...)"
        ),
        // Without prices the bootstrapped feed prices nothing; its currency is a label.
        (None, None) => Ok(Currency::parse("EUR").expect("EUR is a currency")),
    }
}

/// Reads every order, handing each basket to `each`, and tells the shop owner what was read.
/// `changes`: keep each title and price the items took, for an evaluation's training orders
/// ([`Items::as_of`]).
fn read(
    orders: &Orders,
    catalog: Option<&Catalog>,
    currency: Currency,
    changes: bool,
    each: impl FnMut(&Basket, &Items),
) -> anyhow::Result<Items> {
    let path = &orders.path;
    let file = crate::open_input(path)?;
    let lines = OrderLines::new(
        BufReader::with_capacity(1 << 16, file),
        &orders.columns(),
        currency,
    )
    .map_err(|error| anyhow!("{error}{}", column_hint(&error)))
    .with_context(|| path.to_owned())?;
    let options = ReadOptions {
        skip_items: orders.skip_items.clone(),
        strict: orders.strict,
        catalog,
        changes,
    };
    let (items, report) = read_baskets(lines, &options, each)
        .map_err(|error| match error {
            ReadError::Malformed(row) => anyhow!("{row} (stopped: --strict)"),
            ReadError::Table(error) => anyhow!("{error}{}", column_hint(&error)),
        })
        .with_context(|| path.to_owned())?;
    print_report(path, &items, &report);
    // A file sorted by product or by date rather than grouped by order: every order counted
    // in pieces, so pairs go missing and the order count (which every score is measured
    // against) is several times the real one. A few pieces are an export's slip, said above.
    if report.split_orders * 20 > report.orders {
        bail!(
            "{path}: {} of the {} orders counted are pieces of orders whose lines are apart in the file: it is not grouped by order (sorted by product or date?); sort it by order id, each order's lines in their order, and run again; nothing written",
            report.split_orders,
            report.orders
        );
    }
    // Nothing usable is a mistake (a wrong column, a wrong file), not a shop without orders:
    // mining on would write a feed whose co-purchase lists are gone.
    let usable = (report.rows)
        .saturating_sub(report.malformed + report.skipped + report.returns + report.unknown_rows);
    if items.is_empty() || usable == 0 {
        bail!(
            "{path}: no order line could be used ({} rows read; see above); nothing written",
            report.rows
        );
    }
    Ok(items)
}

/// The flags that name an order file's columns, for an error about one.
fn column_hint(error: &TableError) -> &'static str {
    match error {
        TableError::MissingColumn { .. } => {
            "; name the right one with --order-col, --item-col, --time-col, --title-col, --price-col or --quantity-col"
        }
        _ => "",
    }
}

fn print_report(path: &str, items: &Items, report: &ReadReport) {
    say!(
        "{path}: {} rows, {} orders, {} products",
        report.rows,
        report.orders,
        items.len()
    );
    if report.left_out_orders > 0 {
        say!(
            "{path}: {} orders left out by --skip-order, {} rows (no purchase: {}{})",
            report.left_out_orders,
            report.left_out_rows,
            report.left_out_examples.join(", "),
            if report.left_out_orders > report.left_out_examples.len() as u64 {
                ", ..."
            } else {
                ""
            }
        );
    }
    if report.skipped > 0 {
        say!("{path}: {} rows skipped by --skip-item", report.skipped);
    }
    if report.returns > 0 {
        say!(
            "{path}: {} rows with a quantity of 0 or less (returns, cancellations; lines {}) are no purchase: not counted",
            report.returns,
            crate::line_list(&report.return_examples, report.returns)
        );
    }
    if report.malformed > 0 {
        for malformed in &report.malformed_examples {
            say!("{path}:{malformed}");
        }
        let more = report.malformed - report.malformed_examples.len() as u64;
        say!(
            "{path}: {} malformed rows not counted{} (--strict stops at the first)",
            report.malformed,
            if more > 0 {
                format!(", {more} not listed")
            } else {
                String::new()
            }
        );
    }
    if let (rows, Some(first)) = report.not_utf8 {
        say!(
            "{path}: {rows} rows are not UTF-8 (the first on line {first}): read as Windows-1252, which Excel's \"CSV (Comma delimited)\" writes in Western Europe; if titles look wrong, export as \"CSV UTF-8\""
        );
    }
    if report.bad_fields > 0 {
        for problem in &report.bad_field_examples {
            say!("{path}:{problem}");
        }
        say!(
            "{path}: {} rows with a price that cannot be read or a title too long; they count, without it",
            report.bad_fields
        );
    }
    if report.split_orders > 0 {
        for (order, line) in &report.split_examples {
            say!("{path}:line {line}: order `{order}` continues after its order was complete; counted as another order");
        }
        say!(
            "{path}: {} orders were split; sort the file by order id to count them whole",
            report.split_orders
        );
    }
    if report.unknown_rows > 0 {
        say!(
            "{path}: {} rows name products the feed lacks ({}); they count as orders but get no statistics",
            report.unknown_rows,
            report.unknown_examples.join(", ")
        );
    }
}

/// Repurchase cycles, segments and the buy-again measure all read a customer's orders in time.
fn customers_need_time(orders: &Orders) -> anyhow::Result<()> {
    match orders.customer_col.is_some() && orders.time_col.is_empty() {
        true => Err(anyhow!(
            "--customer-col needs --time-col: what a customer buys again is read from their orders in time"
        )),
        false => Ok(()),
    }
}

/// `addons mine`.
pub fn mine(options: &Mine) -> anyhow::Result<()> {
    let orders = &options.orders;
    // Told before minutes of mining, not after: a folder that is not there, or the orders
    // themselves as the output.
    if let Some(output) = options.output.as_deref() {
        crate::check_target(output, &[&orders.path])?;
    }
    // The pairs are an analyst's extra: never in place of the feed read or written.
    if let Some(pairs) = options.pairs.as_deref() {
        let others = [
            Some(orders.path.as_str()),
            orders.feed.as_deref(),
            options.output.as_deref(),
        ];
        crate::check_target(pairs, &others.into_iter().flatten().collect::<Vec<_>>())?;
    }
    let (document, catalog) = base(orders)?.map(|b| (b.document, b.catalog)).unzip();
    let currency = currency(orders, catalog.as_ref())?;
    let mut miner = Miner::new(catalog.as_ref());
    if orders.unordered_lines {
        miner = miner.ignore_line_order();
    }
    customers_need_time(orders)?;
    let mut customers = orders
        .customer_col
        .as_ref()
        .map(|_| (Repurchases::new(), CustomerStats::new()));
    let items = read(
        orders,
        catalog.as_ref(),
        currency.clone(),
        false,
        |basket, items| {
            miner.add(basket, items);
            if let Some((repurchases, stats)) = &mut customers {
                repurchases.add(basket);
                stats.add(basket);
            }
        },
    )?;
    let mined = miner.finish(&items, orders.thresholds());
    let mut feed = match document {
        Some(document) => document,
        None => {
            let bootstrapped = bootstrap(&items, &currency);
            let unpriced = &bootstrapped.unpriced;
            if !unpriced.is_empty() {
                let why = match orders.price_col {
                    None => " (use --price-col)",
                    Some(_) => " (no readable price above 0 in their lines)",
                };
                say!(
                    "addons: {} products have no price in the orders{why} and got 0 {currency} ({}); \
                     mine into your catalog with --feed before going live",
                    unpriced.len(),
                    crate::first_of(unpriced.iter().map(|id| format!("`{id}`")), 10)
                );
            }
            for (id, title, kind) in &bootstrapped.not_goods {
                say!(
                    "addons: product `{id}`: `{title}` looks like {}, not an add-on: marked restricted (never offered); mined into your catalog (--feed), the catalog's own `restricted` decides",
                    kind.described()
                );
            }
            bootstrapped.feed
        }
    };
    let replaced = write_mined(&mut feed, &mined, orders.thresholds(), file_name(&orders.path));
    match replaced.own_bestsellers {
        0 => say!(
            "addons: {} bestsellers, for places a cart's own links leave empty",
            mined.bestsellers.len()
        ),
        own => say!(
            "addons: your own {own} `bestsellers` are kept (delete them to have the {} best-selling products written)",
            mined.bestsellers.len()
        ),
    }
    if let Some(titles) = &mined.titles {
        let probes = format!(
            "of the latest {} orders, {} completed with them, {} without",
            titles.probes, titles.hits_with_titles, titles.hits_without_titles
        );
        match titles.used {
            true => say!(
                "addons: title links for {} products ({probes})",
                mined.similar.len()
            ),
            false => say!("addons: no title links: they completed fewer orders beyond noise ({probes})"),
        }
    }
    if let Some((repurchases, stats)) = customers {
        let cycles = repurchases.finish(&items, catalog.as_ref());
        let (products, variants) = write_repurchase_days(&mut feed, &cycles);
        let variants = match variants {
            0 => String::new(),
            n => format!(" and {n} variants of their own"),
        };
        say!(
            "addons: repurchase cycles for {products} products{variants} (each repeated at least {MIN_REPEATS} times by {MIN_CUSTOMERS} customers or more)"
        );
        match stats.finish() {
            Some(segments) => {
                write_segments(&mut feed, &segments);
                say!(
                    "addons: segments from your customers: frequent from {} orders, lapsing after {} days without one, \
                     high value from an average order of {}",
                    segments.frequent_orders,
                    segments.lapsing_days,
                    match segments.high_value_order.minor() {
                        0 => "ten times the typical price (the orders carry no prices: --price-col)".to_owned(),
                        minor => format!("{minor} minor units"),
                    }
                );
            }
            None => {
                say!("addons: fewer than {MIN_SEGMENT_CUSTOMERS} customers: segments keep their defaults")
            }
        }
    }
    let text = feed_text(&feed)?;
    // What we write must load in the widget; if it does not, say why instead of writing it.
    if let Err(errors) = Catalog::from_json(&text) {
        let mut lines: Vec<String> = errors
            .0
            .iter()
            .map(|e| format!("addons: the mined feed: {e}"))
            .collect();
        lines.push(format!(
            "addons: nothing written; for a smaller feed keep fewer neighbours (--top, now {}) or \
             require more orders per pair (--min-count, now {})",
            orders.top, orders.min_count
        ));
        return Err(anyhow!(lines.join("\n")));
    }
    let neighbours: usize = mined.copurchase.iter().map(|(_, n)| n.len()).sum();
    say!(
        "addons: {} orders, {} pairs seen; wrote {neighbours} neighbours for {} products (at least {} orders, top {}) \
         and {} category complements{}",
        mined.orders,
        mined.pairs_seen,
        mined.copurchase.len(),
        orders.min_count,
        orders.top,
        mined.category_complements.len(),
        if replaced.copurchase + replaced.category_complements > 0 {
            format!(
                "; replaced {} earlier co-purchase lists and {} mined category complements",
                replaced.copurchase, replaced.category_complements
            )
        } else {
            String::new()
        }
    );
    if mined.large_orders > 0 {
        say!(
            "addons: {} orders hold more than {MAX_PAIRED_ITEMS} products (wholesale, or a data error?): \
             counted as orders, their pairs not",
            mined.large_orders
        );
    }
    write_output(options.output.as_deref(), &text)?;
    match &options.pairs {
        Some(path) => write_pairs(path, &miner, &items, orders.thresholds().min_count),
        None => Ok(()),
    }
}

/// Pretty JSON for people, unless that alone would push the feed over the browser's size
/// limit: then compact JSON, which loads the same.
pub(crate) fn feed_text(feed: &Value) -> anyhow::Result<String> {
    let pretty = serde_json::to_string_pretty(feed)?;
    if pretty.len() <= checkout_addons_engine::LIMITS.max_feed_bytes {
        return Ok(pretty);
    }
    Ok(serde_json::to_string(feed)?)
}

fn file_name(path: &str) -> &str {
    std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
}

/// Every pair seen at least `min_count` times, most frequent first.
fn write_pairs(path: &str, miner: &Miner, items: &Items, min_count: u32) -> anyhow::Result<()> {
    let mut pairs: Vec<_> = miner.product_counts().stats(min_count).collect();
    pairs.sort_by(|x, y| y.count.cmp(&x.count).then((x.a, x.b).cmp(&(y.a, y.b))));
    // Written whole or not at all, as feeds are.
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "product_a",
        "product_b",
        "count",
        "support",
        "confidence_a_b",
        "confidence_b_a",
        "lift",
    ])
    .with_context(|| path.to_owned())?;
    for p in pairs {
        out.write_record([
            items.get(p.a).id.as_str(),
            items.get(p.b).id.as_str(),
            &p.count.to_string(),
            &p.support.to_string(),
            &p.confidence_ab.to_string(),
            &p.confidence_ba.to_string(),
            &p.lift.to_string(),
        ])
        .with_context(|| path.to_owned())?;
    }
    let bytes = out.into_inner().map_err(|e| anyhow!("{path}: {}", e.error()))?;
    crate::replace_file(std::path::Path::new(path), &bytes)
}

/// `addons evaluate`.
pub fn run_evaluate(options: &Evaluate) -> anyhow::Result<()> {
    let orders = &options.orders;
    // Told before the orders are read, not after.
    customers_need_time(orders)?;
    let carts = options.cart_draw()?;
    let (document, catalog) = base(orders)?.map(|b| (b.document, b.catalog)).unzip();
    let currency = currency(orders, catalog.as_ref())?;
    // Evaluation orders the baskets by time, so it holds them: item numbers only, a few bytes
    // per order line.
    let mut baskets = Vec::new();
    let items = read(orders, catalog.as_ref(), currency.clone(), true, |basket, _| {
        baskets.push(basket.clone())
    })?;
    let setup = Setup {
        ks: (options.ks.iter().enumerate())
            .filter(|(i, k)| !options.ks[..*i].contains(k))
            .map(|(_, &k)| k as usize)
            .collect(),
        thresholds: orders.thresholds(),
        config: Config::default(),
        date: options.date.unwrap_or_else(today),
        base: document,
        currency,
        unordered_lines: orders.unordered_lines,
        carts,
    };
    // Buy-again is measured only where the orders say who placed them.
    let buy_again = match orders.customer_col {
        Some(_) => Some(
            evaluate_buy_again(baskets.clone(), &items, &setup)
                .context("the feed mined from the training orders")?,
        ),
        None => None,
    };
    let evaluation = evaluate(baskets, &items, &setup).context("the feed mined from the training orders")?;
    let text = match (options.json, &buy_again) {
        (true, None) => serde_json::to_string_pretty(&evaluation)?,
        (true, Some(again)) => serde_json::to_string_pretty(&serde_json::json!({
            "basket_completion": evaluation, "buy_again": again,
        }))?,
        (false, None) => table(&evaluation),
        (false, Some(again)) => format!("{}\n\n{}", table(&evaluation), buy_again_table(again)),
    };
    crate::print(&format!("{text}\n"))
}

fn buy_again_table(evaluation: &Evaluation) -> String {
    // Said whatever the cases: every returning customer's order is asked.
    let due = evaluation.due_cards.map_or(String::new(), |due| {
        format!(
            "\n\nbuy-again cards of the engine in all {} test orders of returning customers: {} ({:.2} an order), \
             {} of them bought in that order ({:.1}%)",
            due.orders,
            due.shown,
            due.shown as f64 / due.orders.max(1) as f64,
            due.bought,
            100.0 * due.bought as f64 / due.shown.max(1) as f64
        )
    });
    if evaluation.cases == 0 {
        return format!(
            "buy again: no test order of a returning customer holds a product they bought before; \
             nothing to measure{due}"
        );
    }
    let mut later = String::from(
        "\n\nheld to what the customer buys again in that or any later test order \
         (a card for a product they dropped misses here too):",
    );
    for scores in &evaluation.later {
        later.push_str(&format!("\n{:<18}", scores.ranker));
        for at in &scores.at {
            later.push_str(&format!(
                "   HR@{} {:.3}  P@{} {:.3}",
                at.k, at.hit_rate, at.k, at.precision
            ));
        }
    }
    format!(
        "buy again: {} cases (test orders of returning customers with a product they bought before; \
         the cart is the order's first line, the repeats are the targets)\n\n{}{later}{due}",
        evaluation.cases,
        rows(evaluation)
    )
}

fn table(evaluation: &Evaluation) -> String {
    if evaluation.cases == 0 {
        return format!(
            "{} orders: the first {} mined, the last {} tested; no test order holds two products seen in \
             training, so there is nothing to measure (more orders, or orders of more than one product, are needed)",
            evaluation.orders, evaluation.train_orders, evaluation.test_orders
        );
    }
    format!(
        "{} orders: the first {} mined, the last {} tested; {} cases (test orders with 2+ products seen in training)\n\n{}",
        evaluation.orders,
        evaluation.train_orders,
        evaluation.test_orders,
        evaluation.cases,
        rows(evaluation)
    )
}

/// Each ranker's scores, then the first ranker minus each other, with margins of noise.
fn rows(evaluation: &Evaluation) -> String {
    let mut out = String::new();
    let ks: Vec<usize> = evaluation.scores[0].at.iter().map(|a| a.k).collect();
    out.push_str(&format!("{:<18}", "ranker"));
    for k in &ks {
        out.push_str(&format!("{:>8}", format!("HR@{k}")));
    }
    for k in &ks {
        out.push_str(&format!("{:>8}", format!("P@{k}")));
    }
    out.push_str(&format!("{:>8}{:>11}", "empty", format!("shown@{}", ks[0])));
    for scores in &evaluation.scores {
        out.push_str(&format!("\n{:<18}", scores.ranker));
        for at in &scores.at {
            out.push_str(&format!("{:>8.3}", at.hit_rate));
        }
        for at in &scores.at {
            out.push_str(&format!("{:>8.3}", at.precision));
        }
        out.push_str(&format!(
            "{:>8.3}{:>11.2}",
            scores.at[0].empty, scores.at[0].shown
        ));
    }
    out.push_str("\n\nengine minus baseline, HR@k, with the 95% margin of noise (same cases):");
    for difference in &evaluation.differences {
        out.push_str(&format!(
            "\n{:<30}",
            format!("{} - {}", difference.engine, difference.baseline)
        ));
        for gap in &difference.at {
            out.push_str(&format!(
                "   @{:<4}{:+.3} ± {:.3}",
                gap.k, gap.hit_rate, gap.margin
            ));
        }
    }
    out
}
