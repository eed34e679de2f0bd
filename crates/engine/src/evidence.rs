//! How strongly order history links two products: the asymmetric cosine, which mining
//! measures over orders weighed by their size and writes as each link's `strength`, and which
//! ranking sums over the cart (from a link's counts where it has no `strength`).

/// The weight, in orders, of a product's base rate against what a pair's own orders show.
const PRIOR_ORDERS: f64 = 10.0;
/// The eighth root: a link is divided by the cart item's orders to the power 7/8 and the
/// candidate's to the power 1/8 (the asymmetric cosine's alpha: 1/2 is cosine, 1 is
/// confidence). 7/8 scored level with 0.9, the best of the grid, on the shared gift shop,
/// bakery and Groceries histories (docs/ranking.md): mostly "how many of this item's orders
/// hold the other", with a little of "is the other bought anyway". Three square roots, which
/// wasm has as an instruction, instead of `powf`, whose software routine would cost the
/// checkout page kilobytes.
fn eighth_root(value: f64) -> f64 {
    value.sqrt().sqrt().sqrt()
}

/// The asymmetric cosine: `together / (with_one^7/8 × with_other^1/8)`, where `together`
/// measures the orders holding both and `with_one`, `with_other` those holding each, counted
/// or (as `addons mine` does) weighed.
pub fn asymmetric_cosine(together: f64, with_one: f64, with_other: f64) -> f64 {
    together / (with_one / eighth_root(with_one) * eighth_root(with_other))
}

/// How strongly order history says a shopper with one product in the cart adds another, from
/// a link's counts: for a link without a mined `strength` (hand-made, or mined before it was
/// written) and for mined category statistics; the bought-together lane sums it over the
/// cart's products.
///
/// `count` orders hold both, `after` of them added the other one later (written only where
/// the shop's line order was shown to predict, see the mining crate's `line_order`),
/// `confidence` is `count` over the orders with the one, `lift` is `confidence` over the
/// other's base rate, `orders` is how many orders were counted (the feed's `mined.orders`).
///
/// With `orders` known this is the asymmetric cosine of basket-completion studies:
/// `together / (orders with the one^7/8 × orders with the other^1/8)`, which beat plain
/// confidence and cosine on the shared histories (docs/ranking.md). Without it (a hand-made
/// feed, category statistics) the share of the one's orders that hold the other, smoothed
/// toward the other's base rate, so a pair seen five times proves little.
pub fn evidence(count: u32, after: Option<u32>, confidence: f64, lift: f64, orders: Option<u64>) -> f64 {
    if count == 0 || confidence <= 0.0 || lift <= 0.0 || !confidence.is_finite() || !lift.is_finite() {
        return 0.0;
    }
    let together = f64::from(after.unwrap_or(count).min(count));
    let score = match orders {
        Some(orders) => {
            let with_one = f64::from(count) / confidence;
            // Rounded statistics can put the other's orders below one: it was in at least one.
            let with_other = (confidence * orders as f64 / lift).max(1.0);
            asymmetric_cosine(together, with_one, with_other)
        }
        None => {
            let orders_with_one = f64::from(count) / confidence;
            let base_rate = (confidence / lift).clamp(0.0, 1.0);
            ((together + PRIOR_ORDERS * base_rate) / (orders_with_one + PRIOR_ORDERS)).clamp(0.0, 1.0)
        }
    };
    // Statistics at the edge of what a float holds (a confidence of 1e-308) make infinities,
    // whose quotient is NaN, which sorts anywhere: that is no evidence.
    if score.is_finite() {
        score
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_too_small_for_a_float_are_no_evidence_rather_than_a_score_that_sorts_anywhere() {
        assert_eq!(evidence(5, None, 1e-308, 2.0, Some(1_000)), 0.0);
        assert_eq!(evidence(5, None, 1e-308, 1e-308, None), 0.0);
        let ordinary = evidence(5, None, 0.2, 2.0, Some(1_000));
        assert!(ordinary > 0.0 && ordinary.is_finite(), "{ordinary}");
    }
}
