//! `addons`: the engine on the command line, for shop owners and for checks. Every flag is
//! declared once, with its help, in `args.rs`; `addons help COMMAND` shows it.

mod args;
mod import;
mod orders;

use std::process::ExitCode;

use checkout_addons_engine::{recommend, Cart, CartLine, Catalog, Config, Date};
use clap::{CommandFactory, Parser};
use serde::Serialize;

use args::{Cli, Command, Recommend};

fn main() -> ExitCode {
    // Usage errors exit 2 with clap's message; `--help` and `--version` exit 0.
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate { feed } => validate(&feed),
        Command::Recommend(options) => run_recommend(&options),
        Command::Mine(options) => orders::mine(&options),
        Command::Evaluate(options) => orders::run_evaluate(&options),
        Command::Import(options) => import::run(&options),
        Command::Report(options) => orders::run_report(&options),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "addons", &mut std::io::stdout());
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn load(path: &str) -> Result<Catalog, String> {
    load_text(path).map(|(_, catalog)| catalog)
}

/// A feed's text and its catalog, or every error in it, each naming the file.
fn load_text(path: &str) -> Result<(String, Catalog), String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let catalog = Catalog::from_json(&text).map_err(|errors| feed_errors(path, &errors))?;
    Ok((text, catalog))
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
fn write_output(path: Option<&str>, text: &str) -> Result<(), String> {
    match path {
        None | Some("-") => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{text}").map_err(|e| e.to_string())
        }
        Some(path) => std::fs::write(path, format!("{text}\n")).map_err(|e| format!("{path}: {e}")),
    }
}

fn validate(path: &str) -> Result<(), String> {
    let catalog = load(path)?;
    let variants: usize = catalog.products().iter().map(|p| p.variants.len()).sum();
    let relations = catalog.complements().len()
        + catalog.category_complements().len()
        + catalog.upgrades().len()
        + catalog.bundles().len();
    println!(
        "{path}: valid feed, {} products, {variants} variants, {relations} relations, currency {}",
        catalog.products().len(),
        catalog.currency()
    );
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

/// The batch answer for one cart line.
#[derive(Serialize)]
struct Answer<'a> {
    items: Vec<Item<'a>>,
}

fn run_recommend(options: &Recommend) -> Result<(), String> {
    let catalog = load(&options.feed)?;
    let mut config = match &options.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            serde_json::from_str::<Config>(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => Config::default(),
    };
    if let Some(k) = options.k {
        config.max_items = k;
    }
    config.relevance_only |= options.relevance_only;
    let date = options.date.unwrap_or_else(today);
    let answer = |cart: Cart| {
        let picks = recommend(&catalog, &cart, date, &config);
        (cart, picks)
    };
    match &options.carts {
        None => {
            let ids = options
                .cart
                .iter()
                .map(|id| id.trim())
                .filter(|id| !id.is_empty());
            let (cart, picks) = answer(Cart::from_ids(&catalog, ids));
            for unknown in cart.unknown_ids() {
                eprintln!("addons: cart id `{unknown}` is not in {}; ignored", options.feed);
            }
            let items = items(&catalog, &picks);
            println!(
                "{}",
                serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?
            );
            Ok(())
        }
        Some(path) => batch(path, &catalog, answer),
    }
}

/// Answers one cart per line, in order, streaming: 100,000 carts take a moment, not memory.
/// A line that is not a cart is reported with its number and answered with no items, so
/// output lines stay aligned with input lines; the run then exits 1.
fn batch(
    path: &str,
    catalog: &Catalog,
    answer: impl Fn(Cart) -> (Cart, Vec<checkout_addons_engine::Recommendation>),
) -> Result<(), String> {
    use std::io::{BufRead, Write};
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let (mut bad, mut unknown) = (0usize, 0usize);
    for (n, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| format!("{path}:{}: {e}", n + 1))?;
        let picks = match cart_lines(&line) {
            Ok(lines) => {
                let (cart, picks) = answer(Cart::from_lines(catalog, lines));
                unknown += cart.unknown_ids().len();
                picks
            }
            Err(e) => {
                bad += 1;
                eprintln!("{path}:{}: not a cart line ({e}); answered with no items", n + 1);
                Vec::new()
            }
        };
        let items = items(catalog, &picks);
        serde_json::to_writer(&mut out, &Answer { items }).map_err(|e| e.to_string())?;
        out.write_all(b"\n").map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    if unknown > 0 {
        eprintln!("addons: {unknown} cart ids are not in the feed; ignored");
    }
    match bad {
        0 => Ok(()),
        _ => Err(format!("{path}: {bad} lines were not carts")),
    }
}

/// The cart of one `--carts` line, `{"cart": [...]}`, read by the engine's own cart-line
/// reader, as the widget reads a page's cart: ids or `{"id", "quantity"}` objects.
fn cart_lines(line: &str) -> Result<Vec<CartLine>, String> {
    let value: serde_json::Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
    let cart = value.get("cart").ok_or("no `cart` field")?;
    CartLine::parse_all(&cart.to_string()).map_err(|e| e.to_string())
}

fn items<'a>(catalog: &'a Catalog, picks: &'a [checkout_addons_engine::Recommendation]) -> Vec<Item<'a>> {
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
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    civil_from_days(days)
}

/// The calendar day `days` after 1970-01-01 (Howard Hinnant's civil-from-days algorithm).
fn civil_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date::new(year, month, day).expect("a civil date")
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn days_since_1970_become_calendar_days() {
        assert_eq!(civil_from_days(0).to_string(), "1970-01-01");
        assert_eq!(civil_from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(civil_from_days(20_780).to_string(), "2026-11-23");
    }
}
