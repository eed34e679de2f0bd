//! Command-line arguments, parsed by hand: two subcommands do not justify a parser crate.

use checkout_addons_engine::Date;

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Command {
    Help,
    Validate { feed: String },
    Recommend(Recommend),
}

/// Which carts to answer for.
#[derive(Debug, PartialEq)]
pub enum Carts {
    /// `--cart a,b`: one cart, answered as a JSON array.
    One(Vec<String>),
    /// `--carts FILE.jsonl`: one `{"cart": [...]}` per line, answered one line each.
    File(String),
}

impl Default for Carts {
    fn default() -> Carts {
        Carts::One(Vec::new())
    }
}

/// `addons recommend` options.
#[derive(Debug, Default, PartialEq)]
pub struct Recommend {
    pub feed: String,
    pub carts: Carts,
    pub k: Option<usize>,
    pub date: Option<Date>,
    pub config: Option<String>,
    pub relevance_only: bool,
}

/// Parses the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        None | Some("-h" | "--help" | "help") => Ok(Command::Help),
        Some("validate") => match (args.next(), args.next()) {
            (Some(feed), None) => Ok(Command::Validate { feed }),
            _ => Err("validate takes exactly one feed file".into()),
        },
        Some("recommend") => recommend(args).map(Command::Recommend),
        Some(other) => Err(format!("unknown command `{other}`")),
    }
}

fn recommend(mut args: impl Iterator<Item = String>) -> Result<Recommend, String> {
    let mut options = Recommend::default();
    let mut feed = None;
    let mut cart = None;
    let mut carts = None;
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--feed" => feed = Some(value()?),
            "--cart" => cart = Some(value()?),
            "--carts" => carts = Some(value()?),
            "--k" => {
                let k = value()?;
                options.k = Some(
                    k.parse()
                        .map_err(|_| format!("--k: `{k}` is not a whole number"))?,
                );
            }
            "--date" => options.date = Some(value()?.parse().map_err(|e| format!("--date: {e}"))?),
            "--config" => options.config = Some(value()?),
            "--relevance-only" => options.relevance_only = true,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    options.feed = feed.ok_or("recommend needs --feed FEED.json")?;
    options.carts = match (cart, carts) {
        (Some(cart), None) => Carts::One(
            cart.split(',')
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(str::to_owned)
                .collect(),
        ),
        (None, Some(file)) => Carts::File(file),
        _ => return Err("recommend needs either --cart ID[,ID...] or --carts CARTS.jsonl".into()),
    };
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_line(line: &str) -> Result<Command, String> {
        parse(line.split_whitespace().map(str::to_owned))
    }

    #[test]
    fn reads_every_recommend_option() {
        let Command::Recommend(options) = parse_line(
            "recommend --feed f.json --cart a,b --k 2 --date 2026-12-01 --config c.json --relevance-only",
        )
        .unwrap() else {
            panic!("not a recommend command")
        };
        assert_eq!(options.feed, "f.json");
        assert_eq!(options.carts, Carts::One(vec!["a".into(), "b".into()]));
        assert_eq!(options.k, Some(2));
        assert_eq!(options.date.unwrap().to_string(), "2026-12-01");
        assert_eq!(options.config.as_deref(), Some("c.json"));
        assert!(options.relevance_only);
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            parse_line("recommend --cart a").unwrap_err(),
            "recommend needs --feed FEED.json"
        );
        assert_eq!(
            parse_line("recommend --feed f --cart a --k two").unwrap_err(),
            "--k: `two` is not a whole number"
        );
        assert_eq!(
            parse_line("recommend --feed f --cart a --colour red").unwrap_err(),
            "unknown option `--colour`"
        );
        assert_eq!(
            parse_line("frobnicate").unwrap_err(),
            "unknown command `frobnicate`"
        );
    }
}
