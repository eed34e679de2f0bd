//! `addons`: the engine on the command line, for shop owners and for checks. Every flag is
//! declared once, with its help, in `args.rs`; `addons help COMMAND` shows it.

/// `eprintln!`, except that a standard error whose reader went away (`addons ... 2>&1 | head`)
/// loses the message instead of panicking: the run goes on, and its files are still written.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod args;
mod feed_notes;
mod generate;
mod import;
mod old_shards;
mod orders;
mod publish;
mod report;

use std::process::ExitCode;

use anyhow::{anyhow, Context};

use checkout_addons_engine::{
    recommend, recommend_with_reorder, Cart, CartLine, Catalog, Config, Currency, Date, History, PastOrder,
    Recommendation,
};
use clap::{CommandFactory, Parser};
use serde::Serialize;

use args::{Cli, Command, Recommend};

fn main() -> ExitCode {
    // Usage errors exit 2 with clap's message; `--help` and `--version` exit 0.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { feed, date } => validate(&feed, date.unwrap_or_else(today)),
        Command::Recommend(options) => run_recommend(&options),
        Command::Publish(options) => publish::run(&options),
        Command::Generate(options) => generate::run(&options),
        Command::Mine(options) => orders::mine(&options),
        Command::Evaluate(options) => orders::run_evaluate(&options),
        Command::Import(options) => import::run(&options),
        Command::Report(options) => report::run(&options),
        Command::Completions { shell } => {
            // Into a buffer: clap_complete's own writing panics on a closed pipe.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "addons", &mut script);
            print(&String::from_utf8_lossy(&script))
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            // Each layer names its place: `orders.csv: line 4: ...`.
            say!("{error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The first line numbers of `total` rows, and `...` when there were more.
fn line_list(first: &[u64], total: u64) -> String {
    let listed: Vec<String> = first.iter().map(u64::to_string).collect();
    match total > first.len() as u64 {
        true => format!("{}, ...", listed.join(", ")),
        false => listed.join(", "),
    }
}

/// Writes to standard output. Unlike `println!`, a reader that went away (`addons ... | head`)
/// is an error to end on quietly, not a panic.
fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    Ok(std::io::stdout().lock().write_all(text.as_bytes())?)
}

/// Whether the error is standard output's reader having gone: the run ends, saying nothing.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    (error.chain()).any(|cause| {
        let kind = (cause.downcast_ref::<std::io::Error>().map(std::io::Error::kind))
            .or_else(|| cause.downcast_ref::<serde_json::Error>()?.io_error_kind());
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

/// The currency a `--currency` flag names.
fn currency_flag(code: &str) -> anyhow::Result<Currency> {
    // `eur` is EUR: codes are written in capitals, but nobody means another currency by it.
    Currency::parse(&code.to_ascii_uppercase()).with_context(|| {
        format!("--currency: `{code}` is not an ISO 4217 code (three letters: EUR, GBP, USD, ...)")
    })
}

/// JSON leaves a name given twice to the reader; the widget's reads the first, so a corrected
/// price appended by hand would be ignored without a word: each is named with its line.
fn repeated_names_notes(path: &str, text: &str) {
    let repeated = checkout_addons_engine::repeated_names(text);
    for (at, name) in repeated.iter().take(5) {
        let line = 1 + text[..*at].bytes().filter(|&b| b == b'\n').count();
        say!("{path}: line {line}: note: `{name}` is given twice in one object; the first is read, this one ignored");
    }
    if repeated.len() > 5 {
        say!("{path}: note: {} more names given twice", repeated.len() - 5);
    }
}

/// The first `shown` of `items`, and how many more: a report names what it counts.
pub(crate) fn first_of(items: impl ExactSizeIterator<Item = String>, shown: usize) -> String {
    let more = items.len().saturating_sub(shown);
    let mut named: Vec<String> = items.take(shown).collect();
    if more > 0 {
        named.push(format!("{more} more"));
    }
    named.join(", ")
}

/// A feed's text and its catalog, or every error in it, each naming the file.
fn load_text(path: &str) -> anyhow::Result<(String, Catalog)> {
    let text = read_text(path)?;
    let catalog = Catalog::from_json(&text).map_err(|errors| anyhow!(feed_errors(path, &errors)))?;
    Ok((text, catalog))
}

/// An input file, or standard input for `-`, so an export can be piped in as it is unpacked
/// (`zcat orders.csv.gz | addons mine --orders -`).
fn open_input(path: &str) -> anyhow::Result<Box<dyn std::io::Read>> {
    if path == "-" {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    let file = std::fs::File::open(path).with_context(|| path.to_owned())?;
    Ok(Box::new(file))
}

/// A text file as UTF-8, without the byte order mark some editors on Windows write first; a
/// byte that is not UTF-8 is named by its line and column.
fn read_text(path: &str) -> anyhow::Result<String> {
    let mut bytes = std::fs::read(path).with_context(|| path.to_owned())?;
    if bytes.starts_with("\u{feff}".as_bytes()) {
        bytes.drain(..3);
    }
    // Checked in place, not copied: a big shop's feed is hundreds of megabytes.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(error) => {
            let good = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let column = good.len() - good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1) + 1;
            Err(anyhow!(
                "{path}: line {line}, byte {column} of the line: not UTF-8 (save the file as UTF-8)"
            ))
        }
    }
}

/// An output path (`-` is standard output) whose folder is there and that is none of the
/// `inputs`.
fn check_target(path: &str, inputs: &[&str]) -> anyhow::Result<()> {
    if path == "-" {
        return Ok(());
    }
    let target = std::path::Path::new(path);
    let folder = target.parent().filter(|p| !p.as_os_str().is_empty());
    if folder.is_some_and(|folder| !folder.is_dir()) {
        return Err(anyhow!("{path}: its folder is not there"));
    }
    if target.is_dir() {
        return Err(anyhow!("{path}: that is a folder; name the file to write"));
    }
    match inputs.iter().find(|input| same_file(input, path)) {
        Some(input) => Err(anyhow!("{path}: that is the input {input}; write elsewhere")),
        None => Ok(()),
    }
}

/// A feed as a JSON document, to be written back with something added (`mine --feed`,
/// `import rules`). A name given twice in one object is refused: a document keeps the last,
/// the widget reads the first, so the written feed would change what shoppers see.
fn feed_document(path: &str, text: &str) -> anyhow::Result<serde_json::Value> {
    let repeated = checkout_addons_engine::repeated_names(text);
    if !repeated.is_empty() {
        let lines: Vec<String> = (repeated.iter().take(5))
            .map(|(at, name)| {
                let line = 1 + text[..*at].bytes().filter(|&b| b == b'\n').count();
                format!("{path}: line {line}: `{name}` is given twice in one object")
            })
            .collect();
        return Err(anyhow!(
            "{}\n{path}: {} name{} given twice: keep one of each (the widget reads the first) and run again",
            lines.join("\n"),
            repeated.len(),
            if repeated.len() == 1 { "" } else { "s" }
        ));
    }
    serde_json::from_str(text).with_context(|| path.to_owned())
}

/// Two names of one file, written yet or not.
fn same_file(a: &str, b: &str) -> bool {
    real_path(std::path::Path::new(a)) == real_path(std::path::Path::new(b))
}

/// Where writing to `path` puts the bytes: the file a symbolic link names (one not there yet
/// too), in its folder's real place (`./a.json` and `a.json` are one file).
fn real_path(path: &std::path::Path) -> std::path::PathBuf {
    // A file that is there: the system's own answer (a case-insensitive disk's `A.csv` is
    // `a.csv`).
    if let Ok(real) = std::fs::canonicalize(path) {
        return real;
    }
    let mut path = path.to_path_buf();
    // A link to a link: a few steps, never a loop.
    for _ in 0..8 {
        match std::fs::read_link(&path) {
            Ok(target) => {
                path = path
                    .parent()
                    .map_or(target.clone(), |folder| folder.join(&target))
            }
            Err(_) => break,
        }
    }
    let folder = path
        .parent()
        .filter(|f| !f.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    match (std::fs::canonicalize(folder), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path,
    }
}

/// Puts `bytes` at `path` whole or not at all: written beside it first, then renamed over it,
/// so a full disk or a crash leaves the file that was there (a shop's live feed or manifest).
/// Through a symbolic link, the file it names is replaced and the link stays; what is no
/// file (`-o /dev/null` for the report alone, a pipe) is written to, never replaced by one.
fn replace_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    let real = real_path(path);
    let path = real.as_path();
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return std::fs::write(path, bytes).with_context(|| path.display().to_string());
    }
    let mut beside = path.as_os_str().to_owned();
    beside.push(format!(".{}.partial", std::process::id()));
    let beside = std::path::PathBuf::from(beside);
    let written = std::fs::write(&beside, bytes).and_then(|()| std::fs::rename(&beside, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&beside);
    }
    written.with_context(|| path.display().to_string())
}

fn feed_errors(path: &str, errors: &checkout_addons_engine::FeedErrors) -> String {
    let count = errors.0.len();
    let lines: Vec<String> = errors.0.iter().map(|e| format!("{path}: {e}")).collect();
    format!(
        "{}\n{path}: {count} error{}",
        lines.join("\n"),
        if count == 1 { "" } else { "s" }
    )
}

/// Writes a produced feed to `path`, or to standard output for `None` and `-`.
fn write_output(path: Option<&str>, text: &str) -> anyhow::Result<()> {
    match path {
        None | Some("-") => print(&format!("{text}\n")),
        Some(path) => replace_file(std::path::Path::new(path), format!("{text}\n").as_bytes()),
    }
}

/// At most this many products are each asked about alone in a cart by `validate`, spread
/// evenly over the feed: a big feed is checked in a moment, a small one whole.
const ALONE_SAMPLE: usize = 2_000;

/// The products of `catalog` (up to [`ALONE_SAMPLE`], evenly spread) that get no add-on when
/// alone in a cart, with default settings on `date`, and how many were asked about: what the
/// shop's checkouts will show, through the widget's own ranking.
fn alone_without_addons(catalog: &Catalog, date: Date) -> (Vec<&str>, usize) {
    let products = catalog.products();
    let step = products.len().div_ceil(ALONE_SAMPLE).max(1);
    let config = Config::default();
    let asked: Vec<&str> = products.iter().step_by(step).map(|p| p.id.as_str()).collect();
    let without = (asked.iter())
        .filter(|id| recommend(catalog, &Cart::from_ids(catalog, [**id]), date, &config).is_empty())
        .copied()
        .collect();
    (without, asked.len())
}

fn validate(path: &str, date: Date) -> anyhow::Result<()> {
    let text = read_text(path)?;
    let catalog = match Catalog::from_json(&text) {
        Ok(catalog) => catalog,
        Err(errors) => {
            // What an error's id most likely meant, and the names given twice (a corrected
            // price appended by hand may be what broke it): said before the errors.
            for hint in feed_notes::id_hints(&text)
                .into_iter()
                .chain(feed_notes::field_notes(&text))
            {
                say!("{path}: {hint}");
            }
            repeated_names_notes(path, &text);
            return Err(anyhow!(feed_errors(path, &errors)));
        }
    };
    let variants: usize = catalog.products().iter().map(|p| p.variants.len()).sum();
    let relations = catalog.complements().len()
        + catalog.category_complements().len()
        + catalog.upgrades().len()
        + catalog.bundles().len();
    let products = catalog.products();
    let links: usize = (products.iter())
        .map(|p| catalog.copurchase(&p.id).len() + catalog.similar(&p.id).len())
        .sum();
    // Restricted ones are never offered.
    let impulse = products.iter().filter(|p| p.impulse && !p.restricted).count();
    print(&format!(
        "{path}: valid feed, {} products, {variants} variants, {relations} relations, {links} co-purchase and title links, {impulse} impulse items, {} bestsellers, currency {}\n",
        products.len(),
        catalog.bestsellers().len(),
        catalog.currency()
    ))?;
    let (without, asked) = alone_without_addons(&catalog, date);
    let of = match asked < products.len() {
        true => format!(
            "{asked} products (one in {}, evenly spread)",
            products.len().div_ceil(asked)
        ),
        false => format!("{asked} products"),
    };
    let examples = without
        .iter()
        .take(5)
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let more = match without.len() {
        0 => String::new(),
        1..=5 => format!(": {examples}"),
        n => format!(": {examples} and {} more", n - 5),
    };
    print(&format!(
        "{path}: alone in a cart on {date}, {} of {of} get an add-on ({:.1}%); none for {}{more}\n",
        asked - without.len(),
        100.0 * (asked - without.len()) as f64 / asked.max(1) as f64,
        without.len()
    ))?;
    // The widget reads a page's cart ids without the spaces around them, so an id that has
    // them is never found in a cart (Groceries' item list ends "cream cheese " so): say so.
    let ids = products
        .iter()
        .flat_map(|p| std::iter::once(&p.id).chain(p.variants.iter().map(|v| &v.id)));
    let padded: Vec<&String> = ids.filter(|id| id.trim().len() != id.len()).collect();
    if let Some(first) = padded.first() {
        say!(
            "{path}: note: {} product or variant ids begin or end with a space, such as {first:?}; a cart \
             names them without it, so no cart holding them is recognised: write them without",
            padded.len()
        );
    }
    // A hand-written or older feed's gift card or fee is offered like goods: say which.
    let not_goods: Vec<String> = (products.iter())
        .filter(|p| !p.restricted)
        .filter_map(|p| {
            checkout_addons_engine::not_goods(&p.title)
                .map(|kind| format!("`{}` ({})", p.id, kind.described()))
        })
        .collect();
    if !not_goods.is_empty() {
        say!(
            "{path}: note: {} products look like gift cards or fees, not goods to add, and may be offered beside a cart: {}; set \"restricted\": true on them",
            not_goods.len(),
            first_of(not_goods.into_iter(), 5)
        );
    }
    repeated_names_notes(path, &text);
    for note in feed_notes::field_notes(&text)
        .into_iter()
        .chain(feed_notes::relation_notes(&catalog))
    {
        say!("{path}: note: {note}");
    }
    // A catalog as a platform exports it (every imported feed we tried) is valid, and gives
    // every cart nothing: say so where the shop owner looks, not on the checkout.
    if relations + links + impulse + catalog.bestsellers().len() == 0 && !products.is_empty() {
        say!(
            "{path}: note: nothing links one product to another and no product is an impulse item, \
             so every cart gets no add-on (only a shopper's due staples, with a history): import \
             the links your shop already has (Shopify's complementary products with `addons import \
             shopify --complementary`, WooCommerce's cross-sells and upsells with `addons import \
             woocommerce`), mine your orders (`addons mine`), list complements, or flag impulse \
             items (docs/feed.md)"
        );
    }
    Ok(())
}

/// One recommendation as the CLI prints it.
#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    title: &'a str,
    reason: &'a checkout_addons_engine::Reason,
    score: f64,
}

/// The answer for one cart: with `--reorder` (and in batch), an object.
#[derive(Serialize)]
struct Answer<'a> {
    /// Only with `--reorder`: the last order again, or null.
    #[serde(skip_serializing_if = "Option::is_none")]
    reorder: Option<Option<Again<'a>>>,
    items: Vec<Item<'a>>,
}

/// The reorder card as the CLI prints it.
#[derive(Serialize)]
struct Again<'a> {
    date: String,
    lines: Vec<AgainLine<'a>>,
}

#[derive(Serialize)]
struct AgainLine<'a> {
    id: &'a str,
    quantity: u32,
}

/// What the widget shows for a cart: the reorder card (with `--reorder`) and the picks.
type Answered = (Option<PastOrder>, Vec<Recommendation>);

impl<'a> Answer<'a> {
    fn of(catalog: &'a Catalog, answered: &'a Answered, with_reorder: bool) -> Answer<'a> {
        let again = answered.0.as_ref().map(|order| Again {
            date: order.date.to_string(),
            lines: (order.lines.iter())
                .map(|line| AgainLine {
                    id: &line.id,
                    quantity: line.quantity,
                })
                .collect(),
        });
        Answer {
            reorder: with_reorder.then_some(again),
            items: items(catalog, &answered.1),
        }
    }
}

fn run_recommend(options: &Recommend) -> anyhow::Result<()> {
    let mut source = publish::Source::open(&options.feed)?;
    let mut config = match &options.config {
        Some(path) => {
            let text = read_text(path)?;
            serde_json::from_str::<Config>(&text).with_context(|| path.to_owned())?
        }
        None => Config::default(),
    };
    if let Some(k) = options.k {
        config.max_items = k;
    }
    config.relevance_only |= options.relevance_only;
    let date = options.date.unwrap_or_else(today);
    let history = match &options.history {
        Some(path) => {
            let text = read_text(path)?;
            // As the widget does: orders placed by the day asked about.
            let history = History::parse_on(&text, date).map_err(|why| anyhow!("{path}: {why}"))?;
            if let Some(note) = history.left_out_note() {
                say!("{path}: {note} (as the widget does)");
            }
            if history.later() > 0 {
                say!(
                    "{path}: {} orders dated more than a day after {date} left out: no past orders yet (as the widget does)",
                    history.later()
                );
            }
            history
        }
        None => History::default(),
    };
    // A folder's catalog for a cart must hold what the history needs too, as the widget loads.
    let past = history.ids_to_load(options.reorder);
    // As the widget does: the reorder card first, in one of the places.
    let answer = |catalog: &Catalog, cart: &Cart| -> Answered {
        let cart = cart.clone().with_history(catalog, &history);
        recommend_with_reorder(catalog, &cart, &history, date, &config, options.reorder)
    };
    match &options.carts {
        None => {
            let ids: Vec<&str> = (options.cart.iter())
                .map(|id| id.trim())
                .filter(|id| !id.is_empty())
                .collect();
            let catalog = source.catalog_for(ids.iter().chain(&past).copied())?;
            let cart = Cart::from_ids(&catalog, ids);
            let answered = answer(&catalog, &cart);
            for unknown in cart.unknown_ids() {
                say!("addons: cart id `{unknown}` is not in {}; ignored", options.feed);
            }
            let answer = Answer::of(&catalog, &answered, options.reorder);
            let text = match options.reorder {
                true => serde_json::to_string_pretty(&answer)?,
                false => serde_json::to_string_pretty(&answer.items)?,
            };
            print(&format!("{text}\n"))?;
        }
        Some(path) => batch(path, &mut source, &past, options.reorder, answer)?,
    }
    // Answered as the widget would, but a folder that lacks a shard is a broken upload.
    match source.unreadable_shards() {
        0 => Ok(()),
        n => Err(anyhow!(
            "{}: {n} shards could not be read; their products got no add-ons",
            options.feed
        )),
    }
}

/// Answers one cart per line, in order, streaming: 100,000 carts take a moment, not memory.
/// A line that is not a cart is reported with its number and answered with no items, so
/// output lines stay aligned with input lines; the run then exits 1.
fn batch(
    path: &str,
    source: &mut publish::Source,
    past: &[&str],
    with_reorder: bool,
    answer: impl Fn(&Catalog, &Cart) -> Answered,
) -> anyhow::Result<()> {
    use std::io::{BufRead, Write};
    let file = open_input(path)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut bad, mut unknown, mut unknown_named) = (0usize, 0usize, 0usize);
    // Bytes, not `lines()`: a line that is not UTF-8 is one bad cart (answered empty, so the
    // answers stay in step with the carts), not the end of the run.
    for (n, line) in std::io::BufReader::new(file).split(b'\n').enumerate() {
        let mut line = line.with_context(|| format!("{path}:{}", n + 1))?;
        // A file saved by a Windows editor starts with a byte order mark.
        if n == 0 && line.starts_with("\u{feff}".as_bytes()) {
            line.drain(..3);
        }
        let text = String::from_utf8(line).context("not UTF-8");
        let lines = match text.and_then(|text| cart_lines(text.trim_end_matches('\r'))) {
            Ok(lines) => lines,
            Err(e) => {
                bad += 1;
                say!(
                    "{path}:{}: not a cart line ({e:#}); answered with no items",
                    n + 1
                );
                Vec::new()
            }
        };
        let ids = lines.iter().map(|line| line.id.as_str());
        let catalog = source.catalog_for(ids.chain(past.iter().copied()))?;
        let cart = Cart::from_lines(&catalog, lines);
        unknown += cart.unknown_ids().len();
        for id in cart.unknown_ids() {
            if unknown_named < 10 {
                unknown_named += 1;
                say!("{path}:{}: cart id `{id}` is not in the feed; ignored", n + 1);
            }
        }
        let answered = answer(&catalog, &cart);
        serde_json::to_writer(&mut out, &Answer::of(&catalog, &answered, with_reorder))?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    if unknown > 0 {
        say!("addons: {unknown} cart ids are not in the feed ({unknown_named} named above); ignored");
    }
    match bad {
        0 => Ok(()),
        _ => Err(anyhow!("{path}: {bad} lines were not carts")),
    }
}

/// The cart of one `--carts` line, `{"cart": [...]}`, read by the engine's own cart-line
/// reader, as the widget reads a page's cart: ids or `{"id", "quantity"}` objects.
fn cart_lines(line: &str) -> anyhow::Result<Vec<CartLine>> {
    let value: serde_json::Value = serde_json::from_str(line)?;
    let cart = value.get("cart").context("no `cart` field")?;
    Ok(CartLine::parse_all(&cart.to_string())?)
}

fn items<'a>(catalog: &'a Catalog, picks: &'a [Recommendation]) -> Vec<Item<'a>> {
    picks
        .iter()
        .map(|pick| Item {
            id: &pick.product_id,
            title: catalog.product(&pick.product_id).map_or("", |p| p.title.as_str()),
            reason: &pick.reason,
            score: pick.score,
        })
        .collect()
}

/// Today in UTC, from the system clock: the CLI's default for `--date`. The engine itself
/// never reads the clock.
fn today() -> Date {
    let today = jiff::Timestamp::now().to_zoned(jiff::tz::TimeZone::UTC).date();
    Date::new(today.year() as u16, today.month() as u8, today.day() as u8)
        .expect("the clock gives a calendar day")
}
