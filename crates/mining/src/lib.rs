//! Co-purchase statistics from a shop's order history, for its feed.
//!
//! An order-lines CSV is read as a stream ([`OrderLines`]), grouped into baskets in bounded
//! memory ([`read_baskets`]), counted in pairs ([`PairCounts`]) and reduced to each product's
//! strongest neighbours ([`Miner`]), which [`write_mined`] puts into a v1 feed. Spark MLlib
//! association rules read into the same section ([`rules`]). [`evaluate`] measures, on the
//! shop's own history, how often the engine's picks were bought.
//!
//! ```
//! use checkout_addons_engine::Currency;
//! use checkout_addons_mining::{read_baskets, Columns, Miner, OrderLines, ReadOptions, Thresholds};
//!
//! let csv = "order_id,product_id\n1,tea\n1,honey\n2,tea\n2,honey\n3,tea\n";
//! let lines = OrderLines::new(csv.as_bytes(), &Columns::default(), Currency::parse("EUR").unwrap()).unwrap();
//! let mut miner = Miner::new(None);
//! let (items, _report) = read_baskets(lines, &ReadOptions::default(), |basket, items| miner.add(basket, items)).unwrap();
//! let mined = miner.finish(&items, Thresholds { min_count: 2, top: 10 });
//! let (product, neighbours) = &mined.copurchase[0];
//! assert_eq!((product.as_str(), neighbours[0].with.as_str(), neighbours[0].count), ("tea", "honey", 2));
//! ```

mod baskets;
pub mod buy_again;
mod customers;
mod document;
pub mod evaluate;
mod line_order;
mod lines;
mod mine;
mod order_time;
mod pairs;
pub mod per_view;
mod probes;
mod repurchase;
pub mod rules;
mod similar_titles;
mod table;
pub mod take_rates;
pub mod uplift;

pub use baskets::{read_baskets, Basket, Item, Items, ReadError, ReadOptions, ReadReport};
pub use customers::{CustomerStats, MIN_SEGMENT_CUSTOMERS};
pub use document::{bootstrap, write_mined, write_repurchase_days, write_segments, Bootstrapped, Replaced};
pub use line_order::{LineOrder, Verdict};
pub use lines::{Columns, OrderLine, OrderLines, SkipOrders};
pub use mine::{Mined, Miner, Thresholds, MAX_PAIRED_ITEMS};
pub use order_time::{parse_order_time, BadOrderTime};
pub use pairs::{PairCounts, PairStats};
pub use repurchase::{Cycles, Repurchases, MIN_CUSTOMERS, MIN_REPEATS};
pub use similar_titles::TitleCheck;
pub use table::{Malformed, TableError};
