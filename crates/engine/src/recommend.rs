//! The one ranking path: gather candidates from the cart, filter, score, diversify.

use serde::Serialize;

use crate::cart::Cart;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::date::Date;
use crate::evidence::evidence;
use crate::money::Money;
use crate::segment::Treatment;

/// Why an add-on is shown; the widget turns it into copy ("Past bij je koffiemolen").
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The shop says it goes with a cart item.
    ComplementOf {
        /// The cart item.
        product_id: String,
    },
    /// The order history says it is often bought with a cart item.
    BoughtTogether {
        /// The cart item.
        product_id: String,
    },
    /// Its title shares words with a cart item's: mostly the same series or theme.
    Matches {
        /// The cart item.
        product_id: String,
    },
    /// Together with a cart item it forms a bundle that costs less.
    BundleSaving {
        /// The cart item.
        product_id: String,
        /// The bundle.
        bundle_id: String,
        /// What the shopper saves.
        saving: Money,
    },
    /// Small, cheap and handy: the things by the till.
    Impulse,
    /// In season now.
    Seasonal,
    /// Clearance stock.
    Clearance,
    /// One of the shop's best-sellers, where nothing in the cart says more.
    Bestseller,
    /// A better version of a cart item, offered as a swap.
    UpgradeOf {
        /// The cart item it would replace.
        product_id: String,
    },
    /// The shopper buys it again and again, and it is due again.
    LastBought {
        /// The day of the last order that held it.
        date: Date,
        /// The id that order named (a variant's, where it has them): the add repeats it.
        line_id: String,
        /// How many that order held: the add repeats it.
        quantity: u32,
    },
}

/// One add-on to show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation {
    /// The product to offer.
    pub product_id: String,
    /// Why.
    pub reason: Reason,
    /// Higher is better; comparable only within one answer.
    pub score: f64,
    /// Adding it (once) brings the cart to the shop's free shipping.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub free_shipping: bool,
}

/// How many times a staple's time the shopper may go on ordering without it before it counts
/// as dropped (they switched, or buy it elsewhere). Past three it took half a card per case
/// away on generated histories without losing one bought again later; past two it lost real
/// repeats, since a skipped purchase and a day's jitter reach two (docs/mining.md).
const DROPPED_AFTER: i32 = 3;
/// The longest a purchase is taken to last, ten years: a page's quantity of 4 billion stays a
/// number of days.
const MAX_LASTS_DAYS: i32 = 3650;

// Base scores of the candidate lanes. A shop's own word (complements, bundles) outranks mined
// statistics, which outrank the generic impulse lane.
/// A consumable the shopper buys again and again, due now: what they came back for.
const BUY_AGAIN: f64 = 3.5;
/// What each earlier order that held it adds to a due consumable, up to five: a habit comes
/// before a one-off (measured in docs/ranking.md).
const HABIT_STEP: f64 = 0.1;
const BUNDLE: f64 = 3.0;
const COMPLEMENT: f64 = 2.5;
const BOUGHT_TOGETHER: f64 = 1.0;
/// What a mined title similarity (0 to 1) adds to a candidate's bought-together evidence: of
/// 0.2, 0.3 and 0.5, 0.3 completed most held-out orders of the shared gift shop
/// (docs/ranking.md), where a strong co-purchase link is worth about 0.1 to 0.3.
pub const TITLE_WEIGHT: f64 = 0.3;
const CATEGORY_COMPLEMENT: f64 = 0.8;
/// Mined category statistics, plus their evidence: weaker than the product's own.
const CATEGORY_BOUGHT_TOGETHER: f64 = 0.6;
const UPGRADE: f64 = 0.9;
const IMPULSE: f64 = 0.5;
/// The shop's best-sellers come last: they fill only places every other lane leaves empty.
const BESTSELLER: f64 = 0.4;
const SEASON_BOOST: f64 = 0.3;
/// What each place further down the feed takes off a category complement's candidates: far
/// below any difference in evidence, enough to order equals.
const FEED_ORDER_STEP: f64 = 1e-6;
/// Share of a second piece of evidence added to the first.
const BLEND: f64 = 0.25;
const CLEARANCE_BOOST: f64 = 0.2;
/// What an add-on that brings the cart to free shipping gains: all of it when its price closes
/// the gap exactly, less the more it overshoots (price twice the gap: half). Enough to lift a
/// bought-together item over a complement that leaves the shopper paying for shipping, not to
/// lift the till over what goes with the cart.
const FREE_SHIPPING: f64 = 1.5;
/// A cart item that costs this many times the shop's typical (median) price is a main item,
/// whose add-ons are accessories held to the share rule.
pub const MAIN_ITEM_MULTIPLE: u32 = 4;
/// Picks at most `config.max_items` add-ons for `cart`, best first. Deterministic: the same
/// inputs always give the same answer, ties broken by product id.
pub fn recommend(catalog: &Catalog, cart: &Cart, date: Date, config: &Config) -> Vec<Recommendation> {
    // A cart of only products the feed lacks still gets what fits any cart (the till, the
    // shopper's due staples): a feed behind the shop must not empty the widget.
    if (cart.is_empty() && cart.unknown_ids().is_empty()) || config.max_items == 0 {
        return Vec::new();
    }
    let mut ranked = candidates(catalog, cart, date, config, Money(0));
    // No add-on outshines the cart, as the brief says; but that leaves a cart cheaper than
    // everything it goes with (a 19p card alone) with nothing, a rule that has failed its
    // purpose. Then what the shop typically sells may go with it. (Only where that raises the
    // cap, the floor being all a second pass changes.)
    let floor = catalog.typical_price();
    if ranked.is_empty() && !config.relevance_only && !cart.positions().is_empty() && cart.subtotal() < floor
    {
        ranked = candidates(catalog, cart, date, config, floor);
    }
    if let Some(gap) = free_shipping_gap(cart, config) {
        for (position, candidate) in &mut ranked {
            let mut price = catalog.products()[*position].offer_price();
            // A swap adds only what the upgrade costs more than the line it replaces (the
            // product's first), in that line's quantity.
            if let Reason::UpgradeOf { product_id } = &candidate.reason {
                if let Some((was, quantity)) = catalog.position(product_id).and_then(|p| cart.first_line(p)) {
                    price = Money((price.minor() - was.minor()).saturating_mul(i64::from(quantity)));
                }
            }
            // Buying again adds the last order's variant, in its quantity (two bags of €10.95).
            if let Reason::LastBought {
                line_id, quantity, ..
            } = &candidate.reason
            {
                let unit = catalog.products()[*position].price_again(line_id);
                price = Money(unit.minor().saturating_mul(i64::from(*quantity)));
            }
            if price >= gap && price.minor() > 0 {
                candidate.score += FREE_SHIPPING * gap.minor() as f64 / price.minor() as f64;
                candidate.free_shipping = true;
            }
        }
    }
    // A due staple first, whatever else scores: what the shopper came back for outranks a
    // bundle a lapsing shopper is nudged to, and an accessory of every cart item. Then by
    // score. The order is total (ties go by product id), so an unstable sort is deterministic.
    ranked.sort_unstable_by(|(a, x), (b, y)| {
        (y.is_due().cmp(&x.is_due()))
            .then_with(|| y.score.total_cmp(&x.score))
            .then_with(|| catalog.products()[*a].id.cmp(&catalog.products()[*b].id))
    });
    diversify(catalog, ranked, config)
}

/// Every lane's candidates for `cart`, a cross-sell's cap the cart's subtotal or `floor`,
/// whichever is more.
fn candidates(
    catalog: &Catalog,
    cart: &Cart,
    date: Date,
    config: &Config,
    floor: Money,
) -> Vec<(usize, Candidate)> {
    let mut lanes = Lanes {
        catalog,
        cart,
        config,
        treatment: cart.segment(catalog, date).treatment(),
        till: config.impulse_cap(catalog.currency()),
        month: date.month(),
        floor,
        best: Vec::new(),
        together: Vec::new(),
    };
    for &anchor in cart.positions() {
        lanes.cross_sells(anchor);
    }
    lanes.bought_together();
    lanes.impulse();
    lanes.buy_again(date);
    lanes.bestsellers();
    lanes.best
}

/// What the cart still lacks for the shop's free shipping, when it has a threshold and the cart
/// is below it (never with `relevance_only`, which measures relevance alone).
pub fn free_shipping_gap(cart: &Cart, config: &Config) -> Option<Money> {
    let from = config.free_shipping_from;
    // Unknown when a line the feed lacks came without the page's price: better no gap than
    // one that says the cart lacks what it may already have.
    (!config.relevance_only && from.minor() > 0 && cart.subtotal_known() && cart.subtotal() < from)
        .then(|| Money(from.minor() - cart.subtotal().minor()))
}

struct Candidate {
    score: f64,
    reason: Reason,
    /// Its price closes the cart's free-shipping gap.
    free_shipping: bool,
}

impl Candidate {
    /// A consumable the shopper buys again, due now.
    fn is_due(&self) -> bool {
        matches!(self.reason, Reason::LastBought { .. })
    }
}

struct Lanes<'a> {
    catalog: &'a Catalog,
    cart: &'a Cart,
    config: &'a Config,
    /// What the shopper's segment changes (nothing for everyone).
    treatment: Treatment,
    /// What an impulse item costs at most, in the feed's currency.
    till: Money,
    month: u8,
    /// The least a cross-sell's cap may be: 0, or the shop's typical price for a cart that
    /// got nothing under its own subtotal.
    floor: Money,
    /// The best candidate per catalog position. A list, not a map: a cart yields tens of
    /// candidates, and the widget ships less code this way.
    best: Vec<(usize, Candidate)>,
    /// Co-purchase and title evidence per candidate, summed over the cart items, with the cart
    /// item whose link is strongest (the reason shown) and that link's strength.
    together: Vec<Together>,
}

struct Together {
    position: usize,
    sum: f64,
    anchor: usize,
    strongest: f64,
    /// Whether any link is co-purchase: then the reason names the strongest co-purchase
    /// link, as "bought together" must be true of that cart item.
    bought: bool,
}

impl Lanes<'_> {
    /// Candidates that have evidence linking them to the cart item at `anchor`. Each lookup
    /// is an index built at feed load: nothing here scans the catalog.
    fn cross_sells(&mut self, anchor: usize) {
        let catalog = self.catalog;
        let anchor_product = &catalog.products()[anchor];
        let id = &anchor_product.id;
        let complement_of = || Reason::ComplementOf {
            product_id: id.clone(),
        };

        for to in catalog.complements_of(anchor) {
            self.cross_sell(
                to,
                anchor,
                COMPLEMENT + self.treatment.cross_sell,
                complement_of(),
            );
        }
        for neighbour in catalog.copurchase(id) {
            if let Some(to) = catalog.position(&neighbour.with) {
                if self.affordable(to, anchor) && self.eligible(to) {
                    self.add_together(to, anchor, neighbour.evidence(catalog.mined_orders()), true);
                }
            }
        }
        for neighbour in catalog.similar(id) {
            if let Some(to) = catalog.position(&neighbour.with) {
                if self.affordable(to, anchor) && self.eligible(to) {
                    self.add_together(to, anchor, TITLE_WEIGHT * neighbour.similarity, false);
                }
            }
        }
        // Category complements are the cold start: products without relations of their own
        // still get sensible accessories. Mined ones step aside for a product's own statistics.
        let own_statistics = !catalog.copurchase(id).is_empty();
        for (pair, candidates) in catalog.category_candidates() {
            if !anchor_product.category.starts_with(&pair.from) {
                continue;
            }
            let score = match pair.count {
                None => CATEGORY_COMPLEMENT,
                Some(_) if own_statistics => continue,
                Some(count) => {
                    let (confidence, lift) = (pair.confidence.unwrap_or(0.0), pair.lift.unwrap_or(1.0));
                    CATEGORY_BOUGHT_TOGETHER + evidence(count, None, confidence, lift, None)
                }
            };
            // The same evidence for every product of the category: the shop's feed order
            // decides, as its first products are the ones it pushes (ids say nothing).
            for (rank, &to) in candidates.iter().enumerate() {
                let score = score - FEED_ORDER_STEP * rank as f64;
                self.cross_sell(to as usize, anchor, score, complement_of());
            }
        }
        for bundle in catalog.bundles_with(anchor) {
            // The saving is the shopper's only when the add completes the bundle: the one
            // product of it the cart lacks, and only a bundle that saves something.
            let mut lacking = (bundle.products.iter())
                .filter_map(|other| catalog.position(other))
                .filter(|&p| !self.cart.holds(p));
            let Some(to) = lacking.next() else {
                continue;
            };
            // (A product a bundle lists twice is still one product to add.)
            if lacking.any(|other| other != to) {
                continue;
            }
            // A bundle is its own deal, so the share rule yields to the saving; still never
            // more than the item itself (no laptop for a mouse), nor than the segment's share
            // of the cart.
            let within = self.price(to) <= self.anchor_price(anchor)
                && self.price(to) <= self.cart.subtotal().percent(self.treatment.cart_share_percent);
            // A saving of the bundle's whole price or more is a slip of the feed ("Save
            // €50.00" beside a €11.95 add), never a claim to show.
            let total: i64 = (bundle.products.iter())
                .filter_map(|p| catalog.position(p))
                .map(|p| self.price(p).minor())
                .sum();
            let saves = bundle.saving.minor() > 0 && bundle.saving.minor() < total;
            if saves && self.eligible(to) && (self.config.relevance_only || within) {
                let reason = Reason::BundleSaving {
                    product_id: id.clone(),
                    bundle_id: bundle.id.clone(),
                    saving: bundle.saving,
                };
                self.offer(to, BUNDLE + self.treatment.bundle, reason);
            }
        }
        // A better version costs more than the item it replaces, and is still its kind: not
        // a cheaper pan, nor a phone as the "upgrade" of its case (a feed's slip).
        let was = self.anchor_price(anchor);
        let relevance_only = self.config.relevance_only;
        let better = |price: Money| {
            relevance_only
                || (price > was && price.minor() <= was.minor().saturating_mul(i64::from(MAIN_ITEM_MULTIPLE)))
        };
        for to in catalog.upgrades_of(anchor) {
            if self.treatment.upsells && self.eligible(to) && better(self.price(to)) {
                self.offer(
                    to,
                    UPGRADE + self.treatment.upgrade,
                    Reason::UpgradeOf {
                        product_id: id.clone(),
                    },
                );
            }
        }
    }

    /// Adds one link's `strength` to the candidate at `position`; `bought` for co-purchase,
    /// not for a title link.
    fn add_together(&mut self, position: usize, anchor: usize, strength: f64, bought: bool) {
        match self.together.iter_mut().find(|t| t.position == position) {
            Some(t) => {
                t.sum += strength;
                // The strongest link of the strongest kind: co-purchase before title.
                if (bought, strength) > (t.bought, t.strongest) {
                    (t.anchor, t.strongest, t.bought) = (anchor, strength, bought);
                }
            }
            None => self.together.push(Together {
                position,
                sum: strength,
                anchor,
                strongest: strength,
                bought,
            }),
        }
    }

    /// Offers every product bought together with cart items, scored by its evidence summed
    /// over the whole cart: a candidate that goes with three cart items beats one that goes
    /// with one as strongly. The sum is squashed below 1 so the shop's own word still
    /// outranks statistics.
    fn bought_together(&mut self) {
        for t in std::mem::take(&mut self.together) {
            let product_id = self.catalog.products()[t.anchor].id.clone();
            let reason = if t.bought {
                Reason::BoughtTogether { product_id }
            } else {
                Reason::Matches { product_id }
            };
            let score = BOUGHT_TOGETHER + self.treatment.cross_sell + t.sum / (1.0 + t.sum);
            self.offer(t.position, score, reason);
        }
    }

    /// The things by the till: cheap next to the cart, whatever it holds. Reads only the
    /// impulse shortlist's price bands up to the cap.
    fn impulse(&mut self) {
        // The share rule measures against what the cart is known to cost; with nothing the
        // feed or the page prices, the cap alone holds. Up to half the cap an item is cheap
        // next to any cart it does not outprice: the €2.49 chocolate bar by one €8.99 tea
        // towel, where 10% of the cart (90 cents) left most small carts without a card.
        let subtotal = self.cart.subtotal();
        let max_price = self.till;
        let cap = match subtotal.minor() == 0 && !self.cart.subtotal_known() {
            true => max_price,
            false => max_price.min(
                (subtotal.percent(self.config.impulse_max_share_percent))
                    .max(Money(max_price.minor() / 2).min(subtotal)),
            ),
        };
        let band_cap = (!self.config.relevance_only).then_some(cap);
        for position in self.catalog.impulse_up_to(band_cap) {
            let product = &self.catalog.products()[position];
            let cheap = self.config.relevance_only || product.offer_price() <= cap;
            if cheap && self.eligible(position) {
                let reason = if !product.seasons.is_empty() {
                    Reason::Seasonal
                } else if product.clearance {
                    Reason::Clearance
                } else {
                    Reason::Impulse
                };
                self.offer(position, IMPULSE, reason);
            }
        }
    }

    /// What the shopper's past orders hold that runs out on a cycle (`repurchase_days`, for one
    /// of the variant last bought, else of the product) and is due: what the last purchase
    /// bought has lasted (three bags three cycles), less one day per week of it (a 14-day bag
    /// is offered from day 12, so it arrives before the bowl is empty). Not once the shopper
    /// has dropped it: they ordered again more than [`DROPPED_AFTER`] times its time after it
    /// and did not take it. No price rule: it is not an accessory of the cart but the
    /// shopper's own staple.
    fn buy_again(&mut self, today: Date) {
        let newest_order = self.cart.newest_order();
        for bought in self.cart.bought() {
            let product = &self.catalog.products()[bought.position];
            let lasts = product.lasts(&bought.line.id, bought.line.quantity);
            if lasts == 0 {
                continue;
            }
            let lasts = i32::try_from(lasts).unwrap_or(i32::MAX).min(MAX_LASTS_DAYS);
            let dropped =
                newest_order.is_some_and(|newest| newest.days_since(bought.last) > DROPPED_AFTER * lasts);
            if today.days_since(bought.last) >= lasts - lasts / 7
                && !dropped
                && self.eligible(bought.position)
            {
                let reason = Reason::LastBought {
                    date: bought.last,
                    line_id: bought.line.id.clone(),
                    quantity: bought.line.quantity,
                };
                let habit = HABIT_STEP * f64::from(bought.orders.saturating_sub(1).min(5));
                self.offer(bought.position, BUY_AGAIN + habit, reason);
            }
        }
    }

    /// The shop's best-sellers, best first, for the places the other lanes leave: a cart
    /// product linked to nothing (too new, too seldom bought) still gets what most shoppers
    /// take. Only what no other lane offers, so it never reorders theirs; and within the price
    /// rules for some cart item (no best-selling laptop next to a mouse).
    fn bestsellers(&mut self) {
        let mut score = BESTSELLER;
        for &position in self.catalog.bestsellers() {
            let offered = self.best.iter().any(|(p, _)| *p == position);
            let fits = (self.cart.positions().iter()).any(|&anchor| self.affordable(position, anchor));
            if !offered && fits && self.eligible(position) {
                self.offer(position, score, Reason::Bestseller);
            }
            score -= FEED_ORDER_STEP;
        }
    }

    fn cross_sell(&mut self, to: usize, anchor: usize, score: f64, reason: Reason) {
        if self.affordable(to, anchor) && self.eligible(to) {
            self.offer(to, score, reason);
        }
    }

    /// The price rules of a cross-sell of `to` for the cart item at `anchor`. Nothing dearer
    /// than the whole cart (no laptop for a mouse), or than the `floor`. Next to a main item
    /// (one that costs [`MAIN_ITEM_MULTIPLE`] times the shop's typical price or more) an
    /// add-on is an accessory and costs at most its share of it (the brush for the shoes).
    /// Between ordinary items (a shop of £2-£10 gifts) that share rule does not bind.
    fn affordable(&self, to: usize, anchor: usize) -> bool {
        if self.config.relevance_only {
            return true;
        }
        let (price, anchor_price) = (self.price(to), self.anchor_price(anchor));
        let main = |price: Money| {
            price.minor()
                >= i64::from(MAIN_ITEM_MULTIPLE).saturating_mul(self.catalog.typical_price().minor())
        };
        let cart = self.cart.subtotal().max(self.floor);
        // The cart item would be an accessory of it (its share, or less, of its price): then
        // it is the main product, unless it is cheap in itself (what the till may offer). A
        // share above 100% loosens the accessory rule; read backwards here it would tighten
        // this one until raising it took add-ons away.
        let main_for_anchor = price > self.till
            && anchor_price <= price.percent(self.config.cross_sell_max_share_percent.min(100));
        price <= cart.percent(self.treatment.cart_share_percent)
            && (!main(anchor_price) || price <= anchor_price.percent(self.config.cross_sell_max_share_percent))
            // Never the main product for an accessory: no phone for the case in the cart, no
            // €120 shoe for the €7 brush, in a shop of shoes as in a shop of phones.
            && (!main(price) || price <= anchor_price)
            && !main_for_anchor
    }

    /// The filters no lane may skip: not in the cart, not passed over, buyable, never
    /// restricted, in season.
    fn eligible(&self, position: usize) -> bool {
        let product = &self.catalog.products()[position];
        !self.cart.holds(position)
            && !self.cart.passed_over(position)
            && product.is_available()
            && !product.restricted
            && (self.config.relevance_only || product.in_season(self.month))
            // Priced 0 where the shop prices its products: a placeholder ("price on
            // request"), not an add-on. (A history mined without prices prices nothing.)
            && (product.offer_price().minor() > 0 || self.catalog.typical_price().minor() == 0)
    }

    fn offer(&mut self, position: usize, base: f64, reason: Reason) {
        let product = &self.catalog.products()[position];
        // What the segment keeps away (sale stock from a high-value shopper), except a due
        // staple: that is the shopper's own, sale or not.
        if product.clearance && !self.treatment.clearance && !matches!(reason, Reason::LastBought { .. }) {
            return;
        }
        let mut score = base;
        if !product.seasons.is_empty() && product.in_season(self.month) {
            score += SEASON_BOOST;
        }
        if product.clearance {
            score += CLEARANCE_BOOST;
        }
        // More than one piece of evidence (a complement the history confirms, an accessory of
        // two cart items) adds up: the stronger counts fully, the weaker by BLEND. The stronger
        // one's reason is shown; the first one found wins a tie. A due staple says so whatever
        // else brings it: "last bought on" is the truest reason a shopper can be given.
        match self.best.iter_mut().find(|(p, _)| *p == position) {
            Some((_, best)) => {
                let weaker = score.min(best.score);
                if score > best.score || matches!(reason, Reason::LastBought { .. }) {
                    best.reason = reason;
                }
                best.score = score.max(best.score) + BLEND * weaker;
            }
            None => self.best.push((
                position,
                Candidate {
                    score,
                    reason,
                    free_shipping: false,
                },
            )),
        }
    }

    fn price(&self, position: usize) -> Money {
        self.catalog.products()[position].offer_price()
    }

    /// A cart item's price as the cart holds it (the variant in the cart, not the cheapest).
    fn anchor_price(&self, anchor: usize) -> Money {
        self.cart.price_of(anchor).unwrap_or_else(|| self.price(anchor))
    }
}

/// Best first, but no two from the same leaf category unless nothing else qualifies, at most
/// `max_upsells` swaps, and the shop's best-sellers only in the places left after all that:
/// neither a season's nor free shipping's boost, nor a category of its own, puts one before
/// what the cart's own evidence offers.
fn diversify(catalog: &Catalog, ranked: Vec<(usize, Candidate)>, config: &Config) -> Vec<Recommendation> {
    let mut picked: Vec<(usize, Candidate)> = Vec::new();
    let mut same_category: Vec<(usize, Candidate)> = Vec::new();
    let mut bestsellers: Vec<(usize, Candidate)> = Vec::new();
    let mut upsells = 0;
    for (position, candidate) in ranked {
        if picked.len() == config.max_items {
            break;
        }
        if candidate.reason == Reason::Bestseller {
            bestsellers.push((position, candidate));
            continue;
        }
        if matches!(candidate.reason, Reason::UpgradeOf { .. }) {
            if upsells == config.max_upsells {
                continue;
            }
            upsells += 1;
        }
        let leaf = catalog.products()[position].leaf_category();
        let of_shelf = (picked.iter())
            .filter(|(p, _)| leaf.is_some() && catalog.products()[*p].leaf_category() == leaf)
            .count();
        // (Two staples of one shelf both due are two things the shopper buys, not one choice;
        // a third waits like anything else.)
        let repeats = of_shelf >= 2 || (of_shelf == 1 && !candidate.is_due());
        if repeats {
            same_category.push((position, candidate));
        } else {
            picked.push((position, candidate));
        }
    }
    for deferred in [same_category, bestsellers] {
        let room = config.max_items.saturating_sub(picked.len());
        picked.extend(deferred.into_iter().take(room));
    }
    picked
        .into_iter()
        .map(|(position, candidate)| Recommendation {
            product_id: catalog.products()[position].id.clone(),
            reason: candidate.reason,
            score: (candidate.score * 1000.0).round() / 1000.0,
            free_shipping: candidate.free_shipping,
        })
        .collect()
}
