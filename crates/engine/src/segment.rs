//! Who the shopper is to the shop (recency, frequency, monetary value of their past orders, or
//! the shop's own word) and what that changes in the ranking. **Every change is in one table,
//! [`Segment::treatment`]**, each row with its reason (docs/ranking.md has the same table).

use serde::Serialize;

use crate::money::Money;

/// A shopper's segment. Without past orders (or a shop's word) it is [`Segment::Everyone`],
/// whose treatment changes nothing: a shopper the shop knows nothing about gets everyone's answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Segment {
    /// Nothing known, or nothing that sets the shopper apart.
    #[default]
    Everyone,
    /// A first-time shopper, as the shop says (`segment="new"`): a guest and a new customer
    /// look alike in past orders.
    New,
    /// Orders often, in small baskets.
    Frequent,
    /// Spends much per order.
    HighValue,
    /// Has not ordered for longer than the shop's customers usually wait.
    Lapsing,
}

/// What a segment changes. Everyone's is all neutral.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Treatment {
    /// Added to complements and bought-together items.
    pub cross_sell: f64,
    /// Added to upgrades.
    pub upgrade: f64,
    /// Added to bundle partners.
    pub bundle: f64,
    /// Whether clearance stock is offered at all.
    pub clearance: bool,
    /// An add-on costs at most this share (percent) of the cart; 100 is the standing rule.
    pub cart_share_percent: u32,
    /// Whether upgrades (swaps) are offered.
    pub upsells: bool,
}

const NEUTRAL: Treatment = Treatment {
    cross_sell: 0.0,
    upgrade: 0.0,
    bundle: 0.0,
    clearance: true,
    cart_share_percent: 100,
    upsells: true,
};

impl Segment {
    /// The one table of what each segment changes.
    pub(crate) fn treatment(self) -> Treatment {
        match self {
            Segment::Everyone => NEUTRAL,
            // Cheap and low-risk for a first order: nothing over half the cart (or half the
            // typical price, for a cart that would get nothing), no swaps.
            Segment::New => Treatment {
                cart_share_percent: 50,
                upsells: false,
                ..NEUTRAL
            },
            // Small baskets, often: what goes with the cart builds volume, above the till.
            Segment::Frequent => Treatment {
                cross_sell: 0.3,
                ..NEUTRAL
            },
            // The premium upgrade comes forward (above mined statistics, below the shop's own
            // complements); no clearance, so valuable customers are not taught to wait for sales.
            Segment::HighValue => Treatment {
                upgrade: 1.0,
                clearance: false,
                ..NEUTRAL
            },
            // A reason to come back: the bundle with its saving, above everything but buy-again.
            Segment::Lapsing => Treatment {
                bundle: 0.5,
                ..NEUTRAL
            },
        }
    }

    /// The segment a shop names (`new`, `frequent`, `high-value`, `lapsing`, `everyone`).
    pub fn from_name(name: &str) -> Option<Segment> {
        match name.trim() {
            "everyone" => Some(Segment::Everyone),
            "new" => Some(Segment::New),
            "frequent" => Some(Segment::Frequent),
            "high-value" => Some(Segment::HighValue),
            "lapsing" => Some(Segment::Lapsing),
            _ => None,
        }
    }

    /// Its name, as events and attributes write it.
    pub fn name(self) -> &'static str {
        match self {
            Segment::Everyone => "everyone",
            Segment::New => "new",
            Segment::Frequent => "frequent",
            Segment::HighValue => "high-value",
            Segment::Lapsing => "lapsing",
        }
    }
}

/// Where a shop's customers fall into segments: a feed's `segments`, or these defaults.
/// `addons mine --customer-col` sets them from the shop's own customers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SegmentThresholds {
    /// Days without an order from which a customer is lapsing.
    pub lapsing_days: u16,
    /// Past orders from which a customer is frequent.
    pub frequent_orders: u16,
    /// The average order (minor units) from which a customer is high-value; 0 for ten times
    /// the shop's typical price.
    pub high_value_order: Money,
}

impl Default for SegmentThresholds {
    fn default() -> SegmentThresholds {
        SegmentThresholds {
            lapsing_days: 120,
            frequent_orders: 4,
            high_value_order: Money(0),
        }
    }
}

/// What a shopper's past orders add up to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct OrderStats {
    /// How many.
    pub orders: u32,
    /// Days since the newest (at the day asked).
    pub days_since_last: i32,
    /// The average order's value at today's catalog prices.
    pub average: Money,
}

impl SegmentThresholds {
    /// The segment of a shopper with these past orders; `typical_price` stands in for an unset
    /// high-value threshold. Lapsing first (winning them back matters most), then high value,
    /// then frequent (so a frequent shopper is one with smaller baskets).
    pub(crate) fn place(&self, stats: OrderStats, typical_price: Money) -> Segment {
        let high_value = match self.high_value_order.minor() {
            0 => typical_price.minor().saturating_mul(10),
            set => set,
        };
        if stats.orders == 0 {
            Segment::Everyone
        } else if stats.days_since_last >= i32::from(self.lapsing_days) {
            Segment::Lapsing
        } else if high_value > 0 && stats.average.minor() >= high_value {
            Segment::HighValue
        } else if stats.orders >= u32::from(self.frequent_orders) {
            Segment::Frequent
        } else {
            Segment::Everyone
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_orders_place_a_shopper_lapsing_first_then_by_value_then_by_frequency() {
        let rules = SegmentThresholds::default();
        let typical = Money(1000);
        let stats = |orders, days_since_last, average| OrderStats {
            orders,
            days_since_last,
            average: Money(average),
        };
        assert_eq!(rules.place(stats(0, 0, 0), typical), Segment::Everyone);
        assert_eq!(rules.place(stats(1, 10, 2_000), typical), Segment::Everyone);
        assert_eq!(rules.place(stats(6, 10, 2_000), typical), Segment::Frequent);
        assert_eq!(rules.place(stats(6, 10, 10_000), typical), Segment::HighValue);
        assert_eq!(rules.place(stats(1, 10, 10_000), typical), Segment::HighValue);
        assert_eq!(rules.place(stats(6, 200, 10_000), typical), Segment::Lapsing);
        let shop = SegmentThresholds {
            high_value_order: Money(50_000),
            ..rules
        };
        assert_eq!(shop.place(stats(6, 10, 10_000), typical), Segment::Frequent);
    }

    #[test]
    fn names_read_back() {
        for segment in [
            Segment::Everyone,
            Segment::New,
            Segment::Frequent,
            Segment::HighValue,
            Segment::Lapsing,
        ] {
            assert_eq!(Segment::from_name(segment.name()), Some(segment));
        }
        assert_eq!(Segment::from_name("vip"), None);
    }
}
