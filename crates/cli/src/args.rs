//! Command-line arguments, declared once each with their help (clap's derive): `--flag=value`,
//! per-command `--help` and shell completions come with it.

use checkout_addons_engine::Date;
use checkout_addons_mining::evaluate::CartDraw;
use checkout_addons_mining::uplift::ReportColumns;
use checkout_addons_mining::{Columns, SkipOrders, Thresholds};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// The engine on the command line: validate feeds, ask for add-ons, mine order histories,
/// evaluate the ranking, import platform catalogs, compare a holdout test's groups.
#[derive(Debug, Parser)]
#[command(name = "addons", version, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

const AFTER_HELP: &str =
    "Without -o (or with -o -) a feed goes to standard output; reports go to standard error.";

/// What the user asked for.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Checks a feed and lists every error with its place.
    Validate {
        /// The feed (JSON, format v1).
        feed: String,
        /// The day the one-product carts are answered for (seasons); today by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<Date>,
    },
    /// Answers one cart, or a file of carts, as the widget would.
    Recommend(Recommend),
    /// Writes a feed as a published folder: a small manifest and shards a checkout fetches
    /// only for its cart's products (docs/feed.md).
    Publish(Publish),
    /// Writes a plausible shop of any size as a feed, for benchmarks and trials.
    Generate(Generate),
    /// Mines co-purchase statistics from an order-lines CSV into a feed.
    Mine(Mine),
    /// Measures on a shop's own history whether the picks would have been bought.
    Evaluate(Evaluate),
    /// Turns a shop platform's catalog, or Spark association rules, into a feed.
    #[command(subcommand)]
    Import(Import),
    /// Compares the groups of a holdout test from the shop's order lines.
    Report(Report),
    /// Prints a completion script for a shell.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
}

/// Reading an order-lines file: shared by `mine` and `evaluate`.
#[derive(Debug, Args)]
pub struct Orders {
    /// The order lines, one row per line of an order (`-`: standard input).
    #[arg(long = "orders", value_name = "ORDERS.csv")]
    pub path: String,
    /// The column holding the order id.
    #[arg(long, value_name = "C", default_value_t = Columns::default().order)]
    pub order_col: String,
    /// The column holding the product or variant id.
    #[arg(long, value_name = "C", default_value_t = Columns::default().item)]
    pub item_col: String,
    /// The order time's column(s), joined (`Date,Time`); ISO 8601 or Unix seconds of 1995 to
    /// 2099. A line without a time takes its order's.
    #[arg(long, value_name = "C[,C]", value_delimiter = ',', value_parser = column_name)]
    pub time_col: Vec<String>,
    /// The column with product titles, for a bootstrapped feed.
    #[arg(long, value_name = "C")]
    pub title_col: Option<String>,
    /// The column with unit prices ("3.49"), for a bootstrapped feed.
    #[arg(long, value_name = "C")]
    pub price_col: Option<String>,
    /// The column holding the customer id (needs --time-col): `mine` fills each consumable's
    /// `repurchase_days` and the segments from it, `evaluate` measures buy-again.
    #[arg(long, value_name = "C")]
    pub customer_col: Option<String>,
    /// The column holding each line's quantity: lines of 0 or less (returns, cancellations)
    /// are no purchase. Without the flag, a `quantity` column is read when there is one.
    #[arg(long, value_name = "C")]
    pub quantity_col: Option<String>,
    /// Rows whose product is this value are not products (the bakery's `NONE`); repeatable.
    #[arg(long = "skip-item", value_name = "VALUE")]
    pub skip_items: Vec<String>,
    /// Orders that were no purchase, by a column: `"Financial Status=voided,refunded"`, or
    /// `"Cancelled at=*"` for any value; repeatable (docs/mining.md has each platform's).
    #[arg(long = "skip-order", value_name = "COLUMN=VALUE[,VALUE]", value_parser = skip_orders)]
    pub skip_orders: Vec<SkipOrders>,
    /// Stop at the first malformed row instead of counting it.
    #[arg(long)]
    pub strict: bool,
    /// Pairs seen in fewer orders are noise.
    #[arg(long, value_name = "N", default_value_t = Thresholds::default().min_count)]
    pub min_count: u32,
    /// Neighbours kept per product and per category.
    #[arg(long, value_name = "N", default_value_t = Thresholds::default().top)]
    pub top: usize,
    /// The lines of an order are sorted, not in the order they were added.
    #[arg(long)]
    pub unordered_lines: bool,
    /// The shop's feed to mine into; without it a catalog is bootstrapped from the orders.
    #[arg(long, value_name = "BASE.json")]
    pub feed: Option<String>,
    /// The currency of prices in the orders, when there is no feed to take it from (needed
    /// with --price-col; without prices, EUR labels the bootstrapped feed).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
}

/// `COLUMN=VALUE[,VALUE...]`: the column's name and the values that leave an order out.
fn skip_orders(text: &str) -> Result<SkipOrders, String> {
    let (column, values) = text
        .split_once('=')
        .ok_or("give the column and its values: \"Financial Status=voided,refunded\"")?;
    let values: Vec<String> = (values.split(','))
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return Err(format!(
            "no value after `{column}=`: which values leave an order out? (`*`: any)"
        ));
    }
    Ok(SkipOrders {
        column: column_name(column)?,
        values,
    })
}

/// A column's name, without the spaces around it; an empty one is refused (`--time-col
/// "$TIME"` with the variable unset would otherwise mean no time at all, without a word).
fn column_name(name: &str) -> Result<String, String> {
    match name.trim() {
        "" => Err("a column name is empty".to_owned()),
        name => Ok(name.to_owned()),
    }
}

impl Orders {
    /// The columns to read.
    pub fn columns(&self) -> Columns {
        Columns {
            order: self.order_col.clone(),
            item: self.item_col.clone(),
            time: self.time_col.clone(),
            title: self.title_col.clone(),
            price: self.price_col.clone(),
            customer: self.customer_col.clone(),
            quantity: self.quantity_col.clone(),
            skip_orders: self.skip_orders.clone(),
        }
    }

    /// Which pairs are written.
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            min_count: self.min_count,
            top: self.top,
        }
    }
}

/// `addons mine` options.
#[derive(Debug, Args)]
pub struct Mine {
    #[command(flatten)]
    pub orders: Orders,
    /// Where the feed goes; `-` or none is standard output.
    #[arg(short, long, value_name = "FEED.json")]
    pub output: Option<String>,
    /// Every pair and its statistics as CSV, for analysts and for checks against other tools.
    #[arg(long, value_name = "PAIRS.csv")]
    pub pairs: Option<String>,
}

/// Which known items of a test order form its cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CartsFrom {
    /// The first lines: where lines are in the order shoppers added them.
    LineOrder,
    /// Drawn at random from each order (seeded): where line order means nothing.
    Random,
}

/// `addons evaluate` options.
#[derive(Debug, Args)]
pub struct Evaluate {
    #[command(flatten)]
    pub orders: Orders,
    /// Cut-offs: HR@k and P@k for each (1 to 1,000; one given twice counts once).
    #[arg(long = "k", value_name = "K,K", value_delimiter = ',', default_values_t = [3, 5, 10],
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub ks: Vec<u32>,
    /// Which known items of a test order form its cart.
    #[arg(long, value_enum, default_value_t = CartsFrom::LineOrder)]
    pub carts: CartsFrom,
    /// The draw of random carts: the same seed draws the same carts.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// The figures as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The day the engine believes it is (seasons) for orders without a time; an order with
    /// one is asked on its own day. Today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
}

impl Evaluate {
    /// The carts to draw; `--seed` without `--carts random` is an error.
    pub fn cart_draw(&self) -> anyhow::Result<CartDraw> {
        match (self.carts, self.seed) {
            (CartsFrom::LineOrder, None) => Ok(CartDraw::LineOrder),
            (CartsFrom::LineOrder, Some(_)) => {
                anyhow::bail!("--seed draws random carts: use it with --carts random")
            }
            (CartsFrom::Random, seed) => Ok(CartDraw::Random {
                seed: seed.unwrap_or(1),
            }),
        }
    }
}

/// Flags a shop sets on its products with a tag of its own, in Shopify's or WooCommerce's
/// admin, rather than in the feed.
#[derive(Debug, Args)]
pub struct TagFlags {
    /// Products with this tag (any case; in a Merchant Center feed, a custom label) are impulse
    /// items, offered by the till whatever the cart holds: cheap, broadly useful things (up to
    /// the ranking's `impulse_max_price`, about €5 in the shop's currency).
    #[arg(long, value_name = "TAG")]
    pub impulse_tag: Option<String>,
    /// Products with this tag (any case; in a Merchant Center feed, a custom label) are never
    /// offered: age-restricted, theft-prone or legally limited.
    #[arg(long, value_name = "TAG")]
    pub restricted_tag: Option<String>,
}

/// `addons import` kinds.
#[derive(Debug, Subcommand)]
pub enum Import {
    /// A Shopify products.json (storefront or Admin API), in one or more pages.
    Shopify {
        /// products.json; Shopify answers it a page at a time (30 products, or up to 250 with
        /// `?limit=250`, then `&page=2` and on): give every page, they make one catalog.
        #[arg(required = true, value_name = "PRODUCTS.json")]
        inputs: Vec<String>,
        /// The currency of the prices: products.json does not say.
        #[arg(long, value_name = "CODE")]
        currency: String,
        #[command(flatten)]
        tags: TagFlags,
        /// A folder of the shop's complementary products (Search & Discovery): for each
        /// product, `/recommendations/products.json?product_id=<id>&intent=complementary` saved
        /// as `<id>.json`. They become the feed's complements.
        #[arg(long, value_name = "DIR")]
        complementary: Option<String>,
        /// The storefront's `/collections/<handle>/products.json` of a collection the shop
        /// sorts by best selling: its first 20 products become the feed's bestsellers.
        #[arg(long, value_name = "COLLECTION.json")]
        bestsellers: Option<String>,
        /// Where the feed goes; `-` or none is standard output.
        #[arg(short, long, value_name = "FEED.json")]
        output: Option<String>,
    },
    /// WooCommerce's REST API products and variations, with the shop's cross-sells and upsells.
    Woocommerce {
        /// Pages of `/wp-json/wc/v3/products` (10 products, or up to 100 with `?per_page=100`,
        /// then `&page=2` and on) and of each variable product's `/products/<id>/variations`,
        /// in any order: they make one catalog.
        #[arg(required = true, value_name = "PRODUCTS.json")]
        inputs: Vec<String>,
        /// The currency of the prices: the REST API does not say.
        #[arg(long, value_name = "CODE")]
        currency: String,
        #[command(flatten)]
        tags: TagFlags,
        /// For a shop that enters prices without tax and shows them with it: the rate to add,
        /// `21` for the standard class, `reduced-rate=9` for another; once per class.
        #[arg(long, value_name = "[CLASS=]PERCENT")]
        tax: Vec<String>,
        /// Where the feed goes; `-` or none is standard output.
        #[arg(short, long, value_name = "FEED.json")]
        output: Option<String>,
    },
    /// A Google Merchant Center feed (RSS, Atom or TSV).
    Merchant {
        /// FEED.xml or FEED.tsv.
        input: String,
        #[command(flatten)]
        tags: TagFlags,
        /// The day whose sale prices count (`sale_price_effective_date`); today by default.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<Date>,
        /// Where the feed goes; `-` or none is standard output.
        #[arg(short, long, value_name = "FEED.json")]
        output: Option<String>,
    },
    /// Spark MLlib FPGrowth association rules, into a feed's co-purchase statistics.
    Rules {
        /// RULES.json, or a directory of Spark's JSON part files.
        input: String,
        /// The feed of the products the rules are about.
        #[arg(long, value_name = "FEED.json")]
        feed: String,
        /// How many orders Spark mined: rules carry shares, the feed carries counts.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        orders: u64,
        /// Rules seen in fewer orders are dropped.
        #[arg(long, value_name = "N", default_value_t = Thresholds::default().min_count)]
        min_count: u32,
        /// Neighbours kept per product.
        #[arg(long, value_name = "N", default_value_t = Thresholds::default().top)]
        top: usize,
        /// Where the feed goes; `-` or none is standard output.
        #[arg(short, long, value_name = "FEED.json")]
        output: Option<String>,
    },
}

/// `addons publish` options.
#[derive(Debug, Args)]
pub struct Publish {
    /// The feed.
    #[arg(long, value_name = "FEED.json")]
    pub feed: String,
    /// The folder to write (`manifest.json` and `shards/`); made when missing.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: String,
    /// How many shards (at most 10,000,000, and no more than the products); by default one
    /// per 8 products.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub shards: Option<u32>,
    /// How many days a shard stays in the folder after a publication stops naming it, for
    /// pages and open tabs that still hold an older manifest; then it is deleted (when it
    /// left is kept in DIR/old-shards.json).
    #[arg(long, value_name = "DAYS", default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub keep_old_shards: u32,
}

/// `addons generate` options.
#[derive(Debug, Args)]
pub struct Generate {
    /// How many products (at most 10,000,000).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub products: u32,
    /// The same seed gives the same shop.
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
    /// Where the feed goes; `-` or none is standard output.
    #[arg(short = 'o', long = "out", value_name = "FEED.json")]
    pub out: Option<String>,
    /// Also a year of orders by customers who rebuy the shop's consumables on known cycles
    /// (`order_id,product_id,ordered_at,customer_id,quantity`); the feed then gives each consumable's
    /// true `repurchase_days`, for checking `addons mine --customer-col` against.
    #[arg(long, value_name = "ORDERS.csv")]
    pub history: Option<String>,
    /// Customers in that history (at most 1,000,000: about a gigabyte of orders).
    #[arg(long, value_name = "N", default_value_t = 300,
          value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub customers: u32,
}

/// `addons recommend` options.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("which").required(true).args(["cart", "carts"]))]
pub struct Recommend {
    /// The feed, or a published folder's `manifest.json`.
    #[arg(long, value_name = "FEED.json")]
    pub feed: String,
    /// One cart: product or variant ids, answered as a JSON array.
    #[arg(long, value_name = "ID[,ID...]", value_delimiter = ',')]
    pub cart: Vec<String>,
    /// Many carts: one cart per line, `{"cart": ["id", {"id": "id", "quantity": 2}]}`,
    /// answered one line each (`-`: standard input).
    #[arg(long, value_name = "CARTS.jsonl")]
    pub carts: Option<String>,
    /// Add-ons at most (`max_items`).
    #[arg(long, value_name = "N")]
    pub k: Option<usize>,
    /// The shopper's day (seasons); today by default.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// Ranking settings as JSON, only what you change (docs/ranking.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Switch off the price, impulse and season rules.
    #[arg(long)]
    pub relevance_only: bool,
    /// The shopper's past orders, as the widget's `history` takes them
    /// (`[{"date": "2026-11-02", "lines": ["id"]}]`): due consumables are offered again.
    #[arg(long, value_name = "HISTORY.json")]
    pub history: Option<String>,
    /// With `--history`: the shopper's last order again, as the widget's `reorder` card
    /// offers it (first, in one of the places); the answer is then
    /// `{"reorder": {"date", "lines"} or null, "items": [...]}`.
    #[arg(long, requires = "history")]
    pub reorder: bool,
}

/// `addons report` options.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("input").required(true).multiple(true).args(["orders", "events"]))]
pub struct Report {
    /// The shop's order lines of the test period (`-`: standard input).
    #[arg(long, value_name = "ORDERS.csv")]
    pub orders: Option<String>,
    /// The events the widget's `beacon` sent (one JSON payload a line), for take rates by lane
    /// (reason) and the shopper's segment; with `--orders`, also orders and revenue per visit
    /// (`-`: standard input).
    #[arg(long, value_name = "EVENTS.jsonl")]
    pub events: Option<String>,
    /// The column holding the order id.
    #[arg(long, value_name = "C", default_value_t = ReportColumns::default().order)]
    pub order_col: String,
    /// The column holding the visitor's group.
    #[arg(long, value_name = "C", default_value_t = ReportColumns::default().group)]
    pub group_col: String,
    /// The column holding the unit price ("12.50").
    #[arg(long, value_name = "C", default_value_t = ReportColumns::default().price)]
    pub price_col: String,
    /// The column holding the quantity [default: `quantity`, where the file has one; without
    /// one, each line counts once].
    #[arg(long, value_name = "C")]
    pub quantity_col: Option<String>,
    /// The column that marks lines the widget added.
    #[arg(long, value_name = "C", default_value_t = ReportColumns::default().marker)]
    pub marker_col: String,
    /// A line is an add-on line when its marker column contains this text.
    #[arg(long, value_name = "TEXT", default_value_t = ReportColumns::default().marker_value)]
    pub marker: String,
    /// The group that saw no add-ons.
    #[arg(long, value_name = "NAME", default_value_t = ReportColumns::default().control)]
    pub control: String,
    /// The currency of the prices (needed with --orders: EUR, GBP, SEK, JPY, ...).
    #[arg(long, value_name = "CODE")]
    pub currency: Option<String>,
    /// The comparison as JSON.
    #[arg(long)]
    pub json: bool,
}

impl Report {
    /// The columns to read.
    pub fn columns(&self) -> ReportColumns {
        ReportColumns {
            order: self.order_col.clone(),
            group: self.group_col.clone(),
            price: self.price_col.clone(),
            quantity: self.quantity_col.clone(),
            marker: self.marker_col.clone(),
            marker_value: self.marker.clone(),
            control: self.control.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    fn parse_line(line: &str) -> Result<Command, String> {
        Cli::try_parse_from(std::iter::once("addons").chain(line.split_whitespace()))
            .map(|cli| cli.command)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn the_declarations_are_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn reads_every_recommend_option() {
        let Command::Recommend(options) = parse_line(
            "recommend --feed=f.json --cart a,b --k 2 --date 2026-12-01 --config c.json --relevance-only",
        )
        .unwrap() else {
            panic!("not a recommend command")
        };
        assert_eq!(options.feed, "f.json");
        assert_eq!(options.cart, ["a", "b"]);
        assert_eq!(options.k, Some(2));
        assert_eq!(options.date.unwrap().to_string(), "2026-12-01");
        assert_eq!(options.config.as_deref(), Some("c.json"));
        assert!(options.relevance_only);
        let neither = parse_line("recommend --feed f.json").unwrap_err();
        assert!(neither.contains("--cart"), "{neither}");
        let both = parse_line("recommend --feed f.json --cart a --carts c.jsonl").unwrap_err();
        assert!(both.contains("cannot be used with"), "{both}");
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
        let columns = mine.orders.columns();
        assert_eq!(columns.order, "Transaction");
        assert_eq!(columns.time, ["Date", "Time"]);
        assert_eq!(mine.orders.skip_items, ["NONE"]);
        assert_eq!(mine.orders.thresholds(), Thresholds { min_count: 5, top: 4 });
        assert!(mine.orders.strict);
        assert_eq!(
            (mine.output.as_deref(), mine.pairs.as_deref()),
            (Some("f.json"), Some("p.csv"))
        );
        let Command::Mine(defaults) = parse_line("mine --orders o.csv").unwrap() else {
            panic!("not a mine command")
        };
        assert_eq!(defaults.orders.columns(), Columns::default());
        assert_eq!(defaults.orders.thresholds(), Thresholds::default());

        let Command::Evaluate(evaluate) = parse_line("evaluate --orders o.csv --k 1,20 --json").unwrap()
        else {
            panic!("not an evaluate command")
        };
        assert_eq!(evaluate.ks, [1, 20]);
        assert!(evaluate.json);
        assert_eq!(evaluate.cart_draw().unwrap(), CartDraw::LineOrder);
        let Command::Evaluate(evaluate) =
            parse_line("evaluate --orders o.csv --seed 7 --carts random").unwrap()
        else {
            panic!("not an evaluate command")
        };
        assert_eq!(evaluate.cart_draw().unwrap(), CartDraw::Random { seed: 7 });
        let Command::Evaluate(evaluate) =
            parse_line("evaluate --orders o.csv --carts line-order --seed 7").unwrap()
        else {
            panic!("not an evaluate command")
        };
        assert_eq!(
            evaluate.cart_draw().unwrap_err().to_string(),
            "--seed draws random carts: use it with --carts random"
        );
        assert!(parse_line("evaluate --orders o.csv --k 0").is_err());
        assert!(parse_line("evaluate --orders o.csv --carts sideways").is_err());
        assert!(parse_line("evaluate").unwrap_err().contains("--orders"));
    }

    #[test]
    fn imports_say_what_they_lack() {
        let shopify = parse_line("import shopify p.json").unwrap_err();
        assert!(shopify.contains("--currency"), "{shopify}");
        let rules = parse_line("import rules r.json --feed f.json").unwrap_err();
        assert!(rules.contains("--orders"), "{rules}");
        let Command::Import(Import::Rules {
            min_count,
            top,
            orders,
            ..
        }) = parse_line("import rules r.json --feed f.json --orders 9835 --top 4").unwrap()
        else {
            panic!("not an import rules command")
        };
        assert_eq!(
            (min_count, top, orders),
            (Thresholds::default().min_count, 4, 9835)
        );
    }

    #[test]
    fn report_columns_default_to_the_documented_names() {
        let Command::Report(report) = parse_line("report --orders o.csv").unwrap() else {
            panic!("not a report command")
        };
        assert_eq!(report.columns(), ReportColumns::default());
        assert_eq!(report.currency, None, "no currency is assumed");
    }
}
