//! Command-line arguments, parsed by hand: a handful of subcommands do not justify a parser
//! crate.

use checkout_addons_engine::Date;
use checkout_addons_mining::evaluate::CartDraw;
use checkout_addons_mining::uplift::ReportColumns;
use checkout_addons_mining::{Columns, Thresholds};

/// What the user asked for.
#[derive(Debug, PartialEq)]
pub enum Command {
    Help,
    Validate { feed: String },
    Recommend(Recommend),
    Mine(Mine),
    Evaluate(Evaluate),
    Import(Import),
    Report(Report),
}

/// `addons report` options.
#[derive(Debug, PartialEq)]
pub struct Report {
    pub orders: String,
    pub columns: ReportColumns,
    pub currency: String,
    pub json: bool,
}

/// Reading an order-lines file: shared by `mine` and `evaluate`.
#[derive(Debug, PartialEq)]
pub struct Orders {
    pub path: String,
    pub columns: Columns,
    pub skip_items: Vec<String>,
    pub strict: bool,
    pub thresholds: Thresholds,
    /// The lines of an order are sorted, not in the order they were added.
    pub unordered_lines: bool,
    /// The shop's feed to mine into; without it a catalog is bootstrapped from the orders.
    pub feed: Option<String>,
    /// The currency of prices in the orders, when there is no feed to take it from.
    pub currency: Option<String>,
}

/// `addons mine` options.
#[derive(Debug, PartialEq)]
pub struct Mine {
    pub orders: Orders,
    /// Where the feed goes; `None` or `-` is standard output.
    pub output: Option<String>,
    /// Every pair and its statistics as CSV, for analysts and for checks against other tools.
    pub pairs: Option<String>,
}

/// `addons evaluate` options.
#[derive(Debug, PartialEq)]
pub struct Evaluate {
    pub orders: Orders,
    pub ks: Vec<usize>,
    /// Which known items of a test order form its cart.
    pub carts: CartDraw,
    pub json: bool,
    pub date: Option<Date>,
}

/// `addons import` options.
#[derive(Debug, PartialEq)]
pub enum Import {
    Shopify {
        input: String,
        currency: String,
        output: Option<String>,
    },
    Merchant {
        input: String,
        output: Option<String>,
    },
    Rules {
        input: String,
        feed: String,
        orders: u64,
        thresholds: Thresholds,
        output: Option<String>,
    },
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
        Some("mine") => mine(args).map(Command::Mine),
        Some("evaluate") => evaluate(args).map(Command::Evaluate),
        Some("import") => import(args).map(Command::Import),
        Some("report") => report(args).map(Command::Report),
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

/// Flags every order-reading command shares; `None` means the flag is not one of them.
fn orders_flag(
    flag: &str,
    orders: &mut Orders,
    value: &mut dyn FnMut() -> Result<String, String>,
) -> Result<Option<()>, String> {
    match flag {
        "--orders" => orders.path = value()?,
        "--order-col" => orders.columns.order = value()?,
        "--item-col" => orders.columns.item = value()?,
        "--time-col" => orders.columns.time.extend(
            value()?
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        ),
        "--title-col" => orders.columns.title = Some(value()?),
        "--price-col" => orders.columns.price = Some(value()?),
        "--skip-item" => orders.skip_items.push(value()?),
        "--strict" => orders.strict = true,
        "--unordered-lines" => orders.unordered_lines = true,
        "--min-count" => orders.thresholds.min_count = number("--min-count", &value()?)?,
        "--top" => orders.thresholds.top = number("--top", &value()?)?,
        "--feed" => orders.feed = Some(value()?),
        "--currency" => orders.currency = Some(value()?),
        _ => return Ok(None),
    }
    Ok(Some(()))
}

fn number<T: std::str::FromStr>(flag: &str, text: &str) -> Result<T, String> {
    text.parse()
        .map_err(|_| format!("{flag}: `{text}` is not a whole number"))
}

fn new_orders() -> Orders {
    Orders {
        path: String::new(),
        columns: Columns::default(),
        skip_items: Vec::new(),
        strict: false,
        thresholds: Thresholds::default(),
        unordered_lines: false,
        feed: None,
        currency: None,
    }
}

fn mine(mut args: impl Iterator<Item = String>) -> Result<Mine, String> {
    let mut options = Mine {
        orders: new_orders(),
        output: None,
        pairs: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        if orders_flag(&flag, &mut options.orders, &mut value)?.is_some() {
            continue;
        }
        match flag.as_str() {
            "-o" | "--output" => options.output = Some(value()?),
            "--pairs" => options.pairs = Some(value()?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if options.orders.path.is_empty() {
        return Err("mine needs --orders ORDERS.csv".into());
    }
    Ok(options)
}

fn evaluate(mut args: impl Iterator<Item = String>) -> Result<Evaluate, String> {
    let mut seed = None;
    let mut options = Evaluate {
        orders: new_orders(),
        ks: vec![3, 5, 10],
        carts: CartDraw::LineOrder,
        json: false,
        date: None,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        if orders_flag(&flag, &mut options.orders, &mut value)?.is_some() {
            continue;
        }
        match flag.as_str() {
            "--k" => {
                options.ks = value()?
                    .split(',')
                    .map(|k| number::<usize>("--k", k.trim()))
                    .collect::<Result<_, _>>()?;
                if options.ks.contains(&0) {
                    return Err("--k: every cut-off must be at least 1".into());
                }
            }
            "--carts" => {
                options.carts = match value()?.as_str() {
                    "line-order" => CartDraw::LineOrder,
                    "random" => CartDraw::Random {
                        seed: seed.unwrap_or(1),
                    },
                    other => return Err(format!("--carts: `{other}` is neither `line-order` nor `random`")),
                }
            }
            "--seed" => seed = Some(number::<u64>("--seed", &value()?)?),
            "--json" => options.json = true,
            "--date" => options.date = Some(value()?.parse().map_err(|e| format!("--date: {e}"))?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    match (&mut options.carts, seed) {
        (CartDraw::Random { seed: drawn }, Some(seed)) => *drawn = seed,
        (CartDraw::LineOrder, Some(_)) => {
            return Err("--seed draws random carts: use it with --carts random".into())
        }
        _ => {}
    }
    if options.orders.path.is_empty() {
        return Err("evaluate needs --orders ORDERS.csv".into());
    }
    Ok(options)
}

fn report(mut args: impl Iterator<Item = String>) -> Result<Report, String> {
    let mut options = Report {
        orders: String::new(),
        columns: ReportColumns::default(),
        currency: "EUR".into(),
        json: false,
    };
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
        let columns = &mut options.columns;
        match flag.as_str() {
            "--orders" => options.orders = value()?,
            "--order-col" => columns.order = value()?,
            "--group-col" => columns.group = value()?,
            "--price-col" => columns.price = value()?,
            "--quantity-col" => columns.quantity = Some(value()?),
            "--marker-col" => columns.marker = value()?,
            "--marker" => columns.marker_value = value()?,
            "--control" => columns.control = value()?,
            "--currency" => options.currency = value()?,
            "--json" => options.json = true,
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if options.orders.is_empty() {
        return Err("report needs --orders ORDERS.csv".into());
    }
    Ok(options)
}

fn import(mut args: impl Iterator<Item = String>) -> Result<Import, String> {
    let kind = args
        .next()
        .ok_or("import needs a kind: shopify, merchant or rules")?;
    let (mut input, mut output, mut currency, mut feed, mut orders) = (None, None, None, None, None);
    let mut thresholds = Thresholds::default();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{arg} needs a value"));
        match arg.as_str() {
            "-o" | "--output" => output = Some(value()?),
            "--currency" => currency = Some(value()?),
            "--feed" => feed = Some(value()?),
            "--orders" => orders = Some(number::<u64>("--orders", &value()?)?),
            "--min-count" if kind == "rules" => thresholds.min_count = number("--min-count", &value()?)?,
            "--top" if kind == "rules" => thresholds.top = number("--top", &value()?)?,
            flag if flag.starts_with("--") => return Err(format!("unknown option `{flag}`")),
            _ if input.is_none() => input = Some(arg),
            _ => return Err(format!("import {kind} takes one input file")),
        }
    }
    let input = input.ok_or_else(|| format!("import {kind} needs an input file"))?;
    match kind.as_str() {
        "shopify" => Ok(Import::Shopify {
            input,
            currency: currency
                .ok_or("import shopify needs --currency CODE: products.json does not say which currency its prices are in")?,
            output,
        }),
        "merchant" => Ok(Import::Merchant { input, output }),
        "rules" => Ok(Import::Rules {
            input,
            feed: feed.ok_or("import rules needs --feed FEED.json: the products the rules are about")?,
            orders: orders.ok_or(
                "import rules needs --orders N: how many orders Spark mined (rules carry shares, the feed carries counts)",
            )?,
            thresholds,
            output,
        }),
        other => Err(format!("unknown import kind `{other}`: shopify, merchant or rules")),
    }
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
    fn reads_mine_and_evaluate_options() {
        let Command::Mine(mine) = parse_line(
            "mine --orders o.csv --order-col Transaction --item-col Item --time-col Date,Time \
             --skip-item NONE --min-count 5 --top 4 --strict -o f.json --pairs p.csv",
        )
        .unwrap() else {
            panic!("not a mine command")
        };
        assert_eq!(mine.orders.columns.order, "Transaction");
        assert_eq!(mine.orders.columns.time, ["Date", "Time"]);
        assert_eq!(mine.orders.skip_items, ["NONE"]);
        assert_eq!(mine.orders.thresholds, Thresholds { min_count: 5, top: 4 });
        assert!(mine.orders.strict);
        assert_eq!(
            (mine.output.as_deref(), mine.pairs.as_deref()),
            (Some("f.json"), Some("p.csv"))
        );

        let Command::Evaluate(evaluate) = parse_line("evaluate --orders o.csv --k 1,20 --json").unwrap()
        else {
            panic!("not an evaluate command")
        };
        assert_eq!(evaluate.ks, [1, 20]);
        assert!(evaluate.json);
        assert_eq!(evaluate.carts, CartDraw::LineOrder);
        let Command::Evaluate(evaluate) =
            parse_line("evaluate --orders o.csv --seed 7 --carts random").unwrap()
        else {
            panic!("not an evaluate command")
        };
        assert_eq!(evaluate.carts, CartDraw::Random { seed: 7 });
        assert_eq!(
            parse_line("evaluate --orders o.csv --seed 7").unwrap_err(),
            "--seed draws random carts: use it with --carts random"
        );
        assert_eq!(
            parse_line("evaluate --orders o.csv --k 0").unwrap_err(),
            "--k: every cut-off must be at least 1"
        );
    }

    #[test]
    fn imports_say_what_they_lack() {
        assert!(parse_line("import shopify p.json")
            .unwrap_err()
            .starts_with("import shopify needs --currency CODE"));
        assert!(parse_line("import rules r.json --feed f.json")
            .unwrap_err()
            .starts_with("import rules needs --orders N"));
        assert_eq!(
            parse_line("import merchant f.xml -o out.json").unwrap(),
            Command::Import(Import::Merchant {
                input: "f.xml".into(),
                output: Some("out.json".into())
            })
        );
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
