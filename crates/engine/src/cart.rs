//! The shopper's cart, resolved against the catalog.

use crate::cart_line::CartLine;
use crate::catalog::Catalog;
use crate::date::Date;
use crate::history::History;
use crate::money::Money;
use crate::segment::{OrderStats, Segment};

/// What the shopper has in the cart, resolved against the catalog. Ids may be product or
/// variant ids; ids the catalog does not know are kept aside, never fatal, because carts
/// hold things feeds forget (gift cards, custom items).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cart {
    /// Catalog positions of the products in the cart, in cart order, each once.
    products: Vec<usize>,
    /// The unit price of each of those products as the cart holds it (its dearest line's
    /// variant, whatever the lines' order): what the price rules measure an add-on against.
    prices: Vec<Money>,
    /// Each of those products' first line, the one a swap for its upgrade replaces (the
    /// widget's and the adapters' way): its unit price and quantity.
    first_lines: Vec<(Money, u32)>,
    subtotal: Money,
    /// A line the feed lacks came without the page's price: the subtotal is only a part.
    unpriced: bool,
    unknown: Vec<String>,
    /// Catalog positions of products the shopper passed over lately.
    passed_over: Vec<usize>,
    /// What the shopper's past orders held, once per product bought recently
    /// ([`History::recent_ids`], the ones buy-again looks at): its last purchase.
    bought: Vec<Bought>,
    /// Catalog positions of those recent products.
    recent: Vec<usize>,
    /// How many past orders, the newest's day, and their value at the catalog's prices.
    past: Option<(u32, Date, Money)>,
    /// The segment the shop named, over the one the past orders give.
    segment: Option<Segment>,
}

/// Adds `quantity` at `price` to `sum`.
fn add(sum: &mut Money, price: Money, quantity: u32) {
    *sum = Money(
        sum.minor()
            .saturating_add(price.minor().saturating_mul(i64::from(quantity))),
    );
}

/// A product's last purchase in the shopper's past orders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Bought {
    /// Its catalog position.
    pub position: usize,
    /// The day of the last order that held it.
    pub last: Date,
    /// The id that order named (a variant's, where it has them) and how many it held: of
    /// two variants that day, the one that lasts longest (the 12 kg bag beside the 2 kg one).
    pub line: CartLine,
    /// How many of the past orders held it: a habit, or a one-off.
    pub orders: u32,
    /// The last of the history's orders that counted in `orders`.
    order: usize,
    /// That day's lines of it, each id once with its quantities summed.
    day: Vec<CartLine>,
}

impl Cart {
    /// A cart with one of each id.
    pub fn from_ids<I, S>(catalog: &Catalog, ids: I) -> Cart
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        Cart::from_lines(catalog, ids.into_iter().map(|id| CartLine::one(id.as_ref())))
    }

    /// A cart of these lines; quantities count towards the subtotal.
    pub fn from_lines<I>(catalog: &Catalog, lines: I) -> Cart
    where
        I: IntoIterator<Item = CartLine>,
    {
        let mut cart = Cart::default();
        for line in lines {
            let id = line.id.trim();
            if id.is_empty() || line.quantity == 0 {
                continue;
            }
            let Some(position) = catalog.position(id) else {
                // Only the page knows what it costs; without its word, not what the cart
                // costs in all.
                match line.price {
                    Some(price) => add(&mut cart.subtotal, price, line.quantity),
                    None => cart.unpriced = true,
                }
                cart.unknown.push(id.to_owned());
                continue;
            };
            let product = &catalog.products()[position];
            let price = product.price_of(id);
            add(&mut cart.subtotal, price, line.quantity);
            match cart.products.iter().position(|&p| p == position) {
                Some(at) => cart.prices[at] = cart.prices[at].max(price),
                None => {
                    cart.products.push(position);
                    cart.prices.push(price);
                    cart.first_lines.push((price, line.quantity));
                }
            }
        }
        cart
    }

    /// The same cart, with products the shopper passed over lately (shown several times and
    /// never added, or taken back): like the cart's own products, they are not offered, so the
    /// widget never pushes an item the shopper has already declined. Unknown ids are ignored.
    pub fn with_passed_over<I, S>(mut self, catalog: &Catalog, ids: I) -> Cart
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.passed_over.extend(
            ids.into_iter()
                .filter_map(|id| catalog.position(id.as_ref().trim())),
        );
        self
    }

    /// The same cart, with what the shopper bought before (the buy-again lane reads it). Lines
    /// the catalog does not know are ignored; a product's last order counts, its quantity summed
    /// over that order's lines of it. An order's value is its `total` where the page passed
    /// one, else its lines at today's prices.
    pub fn with_history(mut self, catalog: &Catalog, history: &History) -> Cart {
        self.recent = (history.recent_ids().into_iter())
            .filter_map(|id| catalog.position(id))
            .collect();
        for (n, order) in history.orders().iter().enumerate() {
            let at_todays_prices = || {
                order.lines.iter().fold(0i64, |sum, line| {
                    // As the cart prices a line: its own variant (a 3-pack of socks, not the
                    // single pair).
                    let price = catalog
                        .product(&line.id)
                        .map_or(0, |p| p.price_of(&line.id).minor());
                    sum.saturating_add(price.saturating_mul(i64::from(line.quantity)))
                })
            };
            let value = order.total.map_or_else(at_todays_prices, Money::minor);
            let (orders, newest, spent) = self.past.unwrap_or((0, order.date, Money(0)));
            self.past = Some((
                orders + 1,
                newest.max(order.date),
                Money(spent.minor().saturating_add(value)),
            ));
            for line in &order.lines {
                // Only the recent products are ever offered again: the list stays at most
                // RECENT_PRODUCTS long however long the history, and ranking reads it per cart.
                let Some(position) = catalog.position(&line.id).filter(|p| self.recent.contains(p)) else {
                    continue;
                };
                let line = line.clone();
                match self.bought.iter_mut().find(|b| b.position == position) {
                    Some(b) => {
                        // An order counts once, however many lines of the product it holds.
                        if b.order != n {
                            (b.orders, b.order) = (b.orders + 1, n);
                        }
                        if order.date > b.last {
                            (b.last, b.day) = (order.date, vec![line]);
                        } else if order.date == b.last {
                            // The same variant again that day: one purchase of both.
                            match b.day.iter_mut().find(|l| l.id == line.id) {
                                Some(same) => same.quantity = same.quantity.saturating_add(line.quantity),
                                None => b.day.push(line),
                            }
                        }
                    }
                    None => self.bought.push(Bought {
                        position,
                        last: order.date,
                        line: line.clone(),
                        orders: 1,
                        order: n,
                        day: vec![line],
                    }),
                }
            }
        }
        for b in &mut self.bought {
            let product = &catalog.products()[b.position];
            let lasts = |line: &&CartLine| std::cmp::Reverse(product.lasts(&line.id, line.quantity));
            if let Some(longest) = b.day.iter().min_by_key(lasts) {
                b.line = longest.clone();
            }
            b.day = Vec::new();
        }
        self
    }

    /// The same cart, with the segment the shop says the shopper is in (`segment="new"`), which
    /// then stands instead of the one their past orders give.
    pub fn with_segment(mut self, segment: Segment) -> Cart {
        self.segment = Some(segment);
        self
    }

    /// The shopper's segment on `today`: the shop's word, else their past orders placed by
    /// the feed's thresholds (or the defaults); [`Segment::Everyone`] without either.
    pub fn segment(&self, catalog: &Catalog, today: Date) -> Segment {
        if let Some(segment) = self.segment {
            return segment;
        }
        let Some((orders, newest, spent)) = self.past else {
            return Segment::Everyone;
        };
        let stats = OrderStats {
            orders,
            days_since_last: today.days_since(newest),
            average: Money(spent.minor() / i64::from(orders.max(1))),
        };
        (catalog.segments().unwrap_or_default()).place(stats, catalog.typical_price())
    }

    /// Each product the shopper bought most recently, with its last purchase.
    pub(crate) fn bought(&self) -> &[Bought] {
        &self.bought
    }

    /// The day of the shopper's newest past order, if the page passed any.
    pub(crate) fn newest_order(&self) -> Option<Date> {
        self.past.map(|(_, newest, _)| newest)
    }

    /// Whether the product at this catalog position was passed over lately.
    pub(crate) fn passed_over(&self, position: usize) -> bool {
        self.passed_over.contains(&position)
    }

    /// Catalog positions of the products in the cart.
    pub(crate) fn positions(&self) -> &[usize] {
        &self.products
    }

    /// The unit price the cart holds the product at this catalog position at, if it holds it.
    pub(crate) fn price_of(&self, position: usize) -> Option<Money> {
        let at = self.products.iter().position(|&p| p == position)?;
        self.prices.get(at).copied()
    }

    /// The first line of the product at this catalog position, which a swap replaces: its unit
    /// price and quantity.
    pub(crate) fn first_line(&self, position: usize) -> Option<(Money, u32)> {
        let at = self.products.iter().position(|&p| p == position)?;
        self.first_lines.get(at).copied()
    }

    /// Whether the product at this catalog position is in the cart, in any variant.
    pub(crate) fn holds(&self, position: usize) -> bool {
        self.products.contains(&position)
    }

    /// The sum of the cart's prices: its products at the feed's (the line's variant), lines
    /// the feed lacks at the page's. Only a part when [`Cart::subtotal_known`] says no.
    pub fn subtotal(&self) -> Money {
        self.subtotal
    }

    /// Whether every line the feed lacks came with the page's price, so that
    /// [`Cart::subtotal`] is what the cart costs.
    pub fn subtotal_known(&self) -> bool {
        !self.unpriced
    }

    /// Whether the cart holds nothing the catalog knows.
    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    /// Ids the catalog does not know.
    pub fn unknown_ids(&self) -> &[String] {
        &self.unknown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [
              {"id": "socks", "title": "Socks", "price": 900,
               "variants": [{"id": "4711", "title": "42", "price": 1000}]},
              {"id": "cap", "title": "Cap", "price": 1500}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn quantities_count_towards_the_subtotal_at_the_variant_price() {
        let lines = CartLine::parse_all(r#"[{"id": "4711", "quantity": 2}, "cap"]"#).unwrap();
        let cart = Cart::from_lines(&catalog(), lines);
        assert_eq!(cart.subtotal(), Money(2 * 1000 + 1500));
        assert_eq!(cart.positions(), [0, 1]);
    }

    #[test]
    fn a_past_order_counts_once_however_many_lines_and_another_variant_keeps_its_own_quantity() {
        let catalog = catalog();
        let history = History::parse(
            r#"[{"date": "2026-11-01", "lines": [{"id": "4711", "quantity": 1}, {"id": "socks", "quantity": 2}]},
                {"date": "2026-10-01", "lines": ["4711", "4711", "cap"]},
                {"date": "2026-09-01", "lines": ["cap"]}]"#,
        )
        .unwrap();
        let cart = Cart::default().with_history(&catalog, &history);
        let socks = cart.bought().iter().find(|b| b.position == 0).unwrap();
        assert_eq!(socks.orders, 2, "two orders, though three lines in the older one");
        assert_eq!((socks.line.id.as_str(), socks.line.quantity), ("4711", 1));
        let cap = cart.bought().iter().find(|b| b.position == 1).unwrap();
        assert_eq!(cap.orders, 2);
    }

    #[test]
    fn a_past_order_without_a_total_is_valued_at_its_variants_own_prices() {
        // Two pairs of the 10.00 variant (the product alone is 9.00): 20.00, which is high value
        // here; at the product's price it would be 18.00, which is not.
        let catalog = Catalog::from_json(
            r#"{"version": 1, "currency": "EUR", "segments": {"high_value_order": 2000},
                "products": [
                  {"id": "socks", "title": "Socks", "price": 900,
                   "variants": [{"id": "4711", "title": "42", "price": 1000}, {"id": "4712", "title": "38"}]},
                  {"id": "cap", "title": "Cap", "price": 1500}]}"#,
        )
        .unwrap();
        let history =
            History::parse(r#"[{"date": "2026-11-01", "lines": [{"id": "4711", "quantity": 2}]}]"#).unwrap();
        let today = Date::new(2026, 11, 20).unwrap();
        let cart = Cart::default().with_history(&catalog, &history);
        assert_eq!(cart.segment(&catalog, today), Segment::HighValue);
    }

    #[test]
    fn a_line_the_feed_lacks_counts_at_the_pages_price_and_without_one_the_subtotal_is_unknown() {
        let lines =
            CartLine::parse_all(r#"["cap", {"id": "new-hat", "quantity": 2, "price": 700}]"#).unwrap();
        let cart = Cart::from_lines(&catalog(), lines);
        assert_eq!(
            (cart.subtotal(), cart.subtotal_known()),
            (Money(1500 + 2 * 700), true)
        );
        assert_eq!(cart.unknown_ids(), ["new-hat"]);
        let cart = Cart::from_ids(&catalog(), ["cap", "gift-wrap"]);
        assert_eq!((cart.subtotal(), cart.subtotal_known()), (Money(1500), false));
    }
}
