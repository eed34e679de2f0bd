//! The links a shop set by hand between its products (WooCommerce's cross-sells and upsells,
//! Shopify's complementary products), checked against what was imported before they become
//! the feed's `complements` and `upgrades`.

use std::collections::{HashMap, HashSet};

use checkout_addons_engine::{Complement, Money, Upgrade};

use crate::{Imported, Problem};

/// One link as the platform gave it.
pub(crate) struct ShopLink {
    /// Where it was read, for the report: `product `101``, `complementary/101.json`.
    pub place: String,
    /// The product it is set on.
    pub from: String,
    /// The product (or variant) it offers.
    pub to: String,
    /// The platform's word for it, for the report: "cross-sell", "upsell".
    pub word: &'static str,
    /// A better version offered as a swap, rather than something to add beside.
    pub upgrade: bool,
}

impl Imported {
    /// Adds the links between products this import wrote: a link to a variant goes to its
    /// product (the feed relates products; the add picks the variant), a link from or to a
    /// product not written (left out above, or not exported) is noted and dropped, and each
    /// link is kept once, and one from a product to itself (its own variant) never (noted); an
    /// upgrade must cost more than what it replaces.
    pub(crate) fn add_links(&mut self, links: Vec<ShopLink>) {
        let mut owner: HashMap<&str, &str> = HashMap::new();
        let mut price: HashMap<&str, Money> = HashMap::new();
        for product in &self.products {
            owner.insert(&product.id, &product.id);
            price.insert(&product.id, product.price);
            for variant in &product.variants {
                owner.insert(&variant.id, &product.id);
            }
        }
        let mut seen: HashSet<(bool, String, String)> = (self.complements.iter())
            .map(|c| (false, c.from.clone(), c.to.clone()))
            .chain(self.upgrades.iter().map(|u| (true, u.from.clone(), u.to.clone())))
            .collect();
        for link in links {
            let missing = |id: &str| {
                format!(
                    "{} {id} is not in the feed (left out above, or not exported): link left out",
                    link.word
                )
            };
            let (from, to) = match (owner.get(link.from.as_str()), owner.get(link.to.as_str())) {
                (Some(&from), Some(&to)) => (from.to_owned(), to.to_owned()),
                (from, _) => {
                    let reason = match from {
                        None => format!("the product of this {}", missing(&link.from)),
                        Some(_) => format!("its {}", missing(&link.to)),
                    };
                    self.report.notes.push(Problem {
                        place: link.place,
                        reason,
                    });
                    continue;
                }
            };
            // (A link given twice is kept once: nothing is lost.)
            if from == to {
                self.report.notes.push(Problem {
                    place: link.place,
                    reason: format!(
                        "its {} {} is this product itself: link left out",
                        link.word, link.to
                    ),
                });
                continue;
            }
            if !seen.insert((link.upgrade, from.clone(), to.clone())) {
                continue;
            }
            // The widget offers an upgrade as a better version, a swap that costs more: one
            // that costs no more would be called an upgrade and lower the order.
            if link.upgrade && price[to.as_str()] <= price[from.as_str()] {
                self.report.notes.push(Problem {
                    place: link.place,
                    reason: format!(
                        "its {} {} costs no more than it ({} against {}): not offered as an upgrade; link left out",
                        link.word,
                        link.to,
                        price[to.as_str()].minor(),
                        price[from.as_str()].minor()
                    ),
                });
                continue;
            }
            match link.upgrade {
                false => self.complements.push(Complement { from, to }),
                true => self.upgrades.push(Upgrade { from, to }),
            }
        }
    }
}
