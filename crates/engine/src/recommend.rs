//! The one ranking path: gather candidates from the cart, filter, score, diversify.

use serde::Serialize;

use crate::cart::Cart;
use crate::catalog::Catalog;
use crate::config::Config;
use crate::date::Date;
use crate::money::Money;

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
    /// A better version of a cart item, offered as a swap.
    UpgradeOf {
        /// The cart item it would replace.
        product_id: String,
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
}

// Base scores of the candidate lanes. A shop's own word (complements, bundles) outranks mined
// statistics, which outrank the generic impulse lane.
const BUNDLE: f64 = 3.0;
const COMPLEMENT: f64 = 2.5;
const BOUGHT_TOGETHER: f64 = 1.0;
const CATEGORY_COMPLEMENT: f64 = 0.8;
/// Mined category statistics, plus their evidence: weaker than the product's own.
const CATEGORY_BOUGHT_TOGETHER: f64 = 0.6;
const UPGRADE: f64 = 0.9;
const IMPULSE: f64 = 0.5;
const SEASON_BOOST: f64 = 0.3;
/// Share of a second piece of evidence added to the first.
const BLEND: f64 = 0.25;
const CLEARANCE_BOOST: f64 = 0.2;
/// The weight, in orders, of a product's base rate against what a pair's own orders show.
const PRIOR_ORDERS: f64 = 10.0;

/// Picks at most `config.max_items` add-ons for `cart`, best first. Deterministic: the same
/// inputs always give the same answer, ties broken by product id.
pub fn recommend(catalog: &Catalog, cart: &Cart, date: Date, config: &Config) -> Vec<Recommendation> {
    if cart.is_empty() || config.max_items == 0 {
        return Vec::new();
    }
    let mut lanes = Lanes {
        catalog,
        cart,
        config,
        month: date.month(),
        best: Vec::new(),
    };
    for &anchor in cart.positions() {
        lanes.cross_sells(anchor);
    }
    lanes.impulse();
    let mut ranked = lanes.best;
    // The order is total (ties go by product id), so an unstable sort is deterministic.
    ranked.sort_unstable_by(|(a, x), (b, y)| {
        y.score
            .total_cmp(&x.score)
            .then_with(|| catalog.products()[*a].id.cmp(&catalog.products()[*b].id))
    });
    diversify(catalog, ranked, config)
}

struct Candidate {
    score: f64,
    reason: Reason,
}

struct Lanes<'a> {
    catalog: &'a Catalog,
    cart: &'a Cart,
    config: &'a Config,
    month: u8,
    /// The best candidate per catalog position. A list, not a map: a cart yields tens of
    /// candidates, and the widget ships less code this way.
    best: Vec<(usize, Candidate)>,
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
            self.cross_sell(to, anchor, COMPLEMENT, complement_of());
        }
        for neighbour in catalog.copurchase(id) {
            if let Some(to) = catalog.position(&neighbour.with) {
                let reason = Reason::BoughtTogether {
                    product_id: id.clone(),
                };
                self.cross_sell(to, anchor, BOUGHT_TOGETHER + neighbour.evidence(), reason);
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
                    CATEGORY_BOUGHT_TOGETHER + evidence(count, None, confidence, lift)
                }
            };
            for &to in candidates {
                self.cross_sell(to as usize, anchor, score, complement_of());
            }
        }
        for bundle in catalog.bundles_with(anchor) {
            for other in bundle.products.iter().filter(|p| *p != id) {
                let Some(to) = catalog.position(other) else {
                    continue;
                };
                // A bundle is its own deal, so the share rule yields to the saving; still never
                // more than the item itself (no laptop for a mouse).
                if self.eligible(to) && (self.config.relevance_only || self.price(to) <= self.price(anchor)) {
                    let reason = Reason::BundleSaving {
                        product_id: id.clone(),
                        bundle_id: bundle.id.clone(),
                        saving: bundle.saving,
                    };
                    self.offer(to, BUNDLE, reason);
                }
            }
        }
        for to in catalog.upgrades_of(anchor) {
            if self.eligible(to) {
                self.offer(
                    to,
                    UPGRADE,
                    Reason::UpgradeOf {
                        product_id: id.clone(),
                    },
                );
            }
        }
    }

    /// The things by the till: cheap next to the cart, whatever it holds. Reads only the
    /// impulse products in price buckets up to the cap.
    fn impulse(&mut self) {
        let cap = self.config.impulse_max_price.min(
            self.cart
                .subtotal()
                .percent(self.config.impulse_max_share_percent),
        );
        let bucket_cap = (!self.config.relevance_only).then_some(cap);
        for position in self.catalog.impulse_up_to(bucket_cap) {
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

    fn cross_sell(&mut self, to: usize, anchor: usize, score: f64, reason: Reason) {
        let affordable = self.config.relevance_only || {
            let (price, anchor_price) = (self.price(to), self.price(anchor));
            price <= anchor_price && price <= anchor_price.percent(self.config.cross_sell_max_share_percent)
        };
        if affordable && self.eligible(to) {
            self.offer(to, score, reason);
        }
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
    }

    fn offer(&mut self, position: usize, base: f64, reason: Reason) {
        let product = &self.catalog.products()[position];
        let mut score = base;
        if !product.seasons.is_empty() && product.in_season(self.month) {
            score += SEASON_BOOST;
        }
        if product.clearance {
            score += CLEARANCE_BOOST;
        }
        // More than one piece of evidence (a complement the history confirms, an accessory of
        // two cart items) adds up: the stronger counts fully, the weaker by BLEND. The stronger
        // one's reason is shown; the first one found wins a tie.
        match self.best.iter_mut().find(|(p, _)| *p == position) {
            Some((_, best)) => {
                let weaker = score.min(best.score);
                if score > best.score {
                    best.reason = reason;
                }
                best.score = score.max(best.score) + BLEND * weaker;
            }
            None => self.best.push((position, Candidate { score, reason })),
        }
    }

    fn price(&self, position: usize) -> Money {
        self.catalog.products()[position].offer_price()
    }
}

/// How strongly order history says a shopper with one product in the cart adds another: the
/// share of orders with the one in which the other was added after it (or at all, when the
/// line order is unknown), smoothed toward how often the other is bought anyway. Few orders
/// prove little, so a pair seen five times scores near the other product's base rate; two
/// hundred orders speak for themselves. Mining keeps each product's strongest neighbours by
/// this same measure, so what it writes is what ranking values.
///
/// `count` orders hold both, `after` of them added the other one later, `confidence` is
/// `count` over the orders with the one, `lift` is `confidence` over the other's base rate.
pub fn evidence(count: u32, after: Option<u32>, confidence: f64, lift: f64) -> f64 {
    if count == 0 || confidence <= 0.0 || lift <= 0.0 {
        return 0.0;
    }
    let orders_with_one = f64::from(count) / confidence;
    let base_rate = (confidence / lift).clamp(0.0, 1.0);
    let together = f64::from(after.unwrap_or(count).min(count));
    ((together + PRIOR_ORDERS * base_rate) / (orders_with_one + PRIOR_ORDERS)).clamp(0.0, 1.0)
}

/// Best first, but no two from the same leaf category unless nothing else qualifies, and at
/// most `max_upsells` swaps.
fn diversify(catalog: &Catalog, ranked: Vec<(usize, Candidate)>, config: &Config) -> Vec<Recommendation> {
    let mut picked: Vec<(usize, Candidate)> = Vec::new();
    let mut same_category: Vec<(usize, Candidate)> = Vec::new();
    let mut upsells = 0;
    for (position, candidate) in ranked {
        if picked.len() == config.max_items {
            break;
        }
        if matches!(candidate.reason, Reason::UpgradeOf { .. }) {
            if upsells == config.max_upsells {
                continue;
            }
            upsells += 1;
        }
        let leaf = catalog.products()[position].leaf_category();
        let repeats = leaf.is_some()
            && picked
                .iter()
                .any(|(p, _)| catalog.products()[*p].leaf_category() == leaf);
        if repeats {
            same_category.push((position, candidate));
        } else {
            picked.push((position, candidate));
        }
    }
    let room = config.max_items.saturating_sub(picked.len());
    picked.extend(same_category.into_iter().take(room));
    picked
        .into_iter()
        .map(|(position, candidate)| Recommendation {
            product_id: catalog.products()[position].id.clone(),
            reason: candidate.reason,
            score: (candidate.score * 1000.0).round() / 1000.0,
        })
        .collect()
}
