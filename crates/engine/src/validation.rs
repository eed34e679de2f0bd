//! Validation of a feed as read: every error at once, each naming its JSON path and product,
//! so a shop fixes its feed in one round.

use rustc_hash::FxHashMap;

use crate::error::{FeedError, FeedErrors, FeedPath};
use crate::feed::{Feed, Limits, Product, FEED_VERSION};
use crate::money::{Currency, Money};
use crate::steps::in_steps;

/// Checks `feed` within `limits`. When it is valid: its currency and every product and variant
/// id with its product's position.
pub(crate) fn validate(feed: &Feed, limits: &Limits) -> Result<Checked, FeedErrors> {
    let mut steps = CheckSteps::default();
    loop {
        if let Some(checked) = steps.step(feed, limits, &mut || true) {
            return checked;
        }
    }
}

/// What the check of a valid feed answers: its currency and every product and variant id with
/// its product's position.
pub(crate) type Checked = (Currency, FxHashMap<String, usize>);

/// A feed's check a product at a time, so the widget can spread a big feed over several tasks
/// (issue 16): its version, currency and size first, then each product, then the references
/// between them, which keeps the errors in the order of a check at once.
#[derive(Default)]
pub(crate) struct CheckSteps {
    errors: Vec<FeedError>,
    index: FxHashMap<String, usize>,
    /// How many products are checked; `None` before the first step.
    checked: Option<usize>,
    /// Then the list whose references are checked ([`check_references`]), and how many of its
    /// items are.
    references: (u8, usize),
}

impl CheckSteps {
    /// Checks on while `keep_going` says so (asked after each product, and after each item of a
    /// list that names products); the answer at the end.
    pub(crate) fn step(
        &mut self,
        feed: &Feed,
        limits: &Limits,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> Option<Result<Checked, FeedErrors>> {
        let errors = &mut self.errors;
        if self.checked.is_none() {
            if feed.version != FEED_VERSION {
                errors.push(FeedError::UnsupportedVersion { found: feed.version });
            }
            if Currency::parse(&feed.currency).is_none() {
                errors.push(FeedError::InvalidCurrency {
                    found: feed.currency.clone(),
                });
            }
            if feed.products.len() > limits.max_products {
                errors.push(FeedError::TooManyProducts {
                    count: feed.products.len(),
                    limit: limits.max_products,
                });
                return Some(Err(FeedErrors(std::mem::take(errors))));
            }
        }
        let index = &mut self.index;
        if self.checked.is_none() {
            // Grown as it fills, it would be copied whole at each doubling: one step of 6 ms
            // natively at 38,000 products.
            index.reserve(feed.products.iter().map(|p| 1 + p.variants.len()).sum());
        }
        let from = self.checked.unwrap_or(0);
        for (i, product) in feed.products.iter().enumerate().skip(from) {
            check_product(product, i, limits, errors);
            let ids = std::iter::once((Field::Own("id"), &product.id))
                .chain((product.variants.iter().enumerate()).map(|(j, v)| (Field::Variant(j, "id"), &v.id)));
            for (field, id) in ids {
                if id.is_empty() {
                    continue;
                }
                match index.get(id.as_str()) {
                    Some(&first) => errors.push(FeedError::DuplicateId {
                        path: field.path(i),
                        id: id.clone(),
                        first: id_path_of(&feed.products, first, id),
                    }),
                    None => {
                        index.insert(id.clone(), i);
                    }
                }
            }
            self.checked = Some(i + 1);
            if i + 1 < feed.products.len() && !keep_going() {
                return None;
            }
        }
        if !check_references(feed, index, errors, &mut self.references, keep_going) {
            return None;
        }
        Some(match (errors.is_empty(), Currency::parse(&feed.currency)) {
            (true, Some(currency)) => Ok((currency, std::mem::take(index))),
            _ => Err(FeedErrors(std::mem::take(errors))),
        })
    }
}

/// Every reference between the feed's parts names a product (or, for a category complement, a
/// category) that is there: list by list, from item `next.1` of list `next.0` on, while
/// `keep_going` says so; true when all are checked.
fn check_references(
    feed: &Feed,
    index: &FxHashMap<String, usize>,
    errors: &mut Vec<FeedError>,
    (list, next): &mut (u8, usize),
    keep_going: &mut dyn FnMut() -> bool,
) -> bool {
    let is_product = |id: &str| index.get(id).is_some_and(|&i| feed.products[i].id == id);
    // The path is written only for a reference that fails: formatting one per reference was
    // most of checking a valid feed's millions of co-purchase links.
    let reference = |path: &dyn Fn() -> String, id: &str, errors: &mut Vec<FeedError>| {
        if !is_product(id) {
            errors.push(FeedError::UnknownReference {
                path: FeedPath::outside(path()),
                reference: id.to_owned(),
            });
        }
    };
    loop {
        let done = match list {
            0 => in_steps(next, feed.complements.len(), keep_going, &mut |i| {
                let pair = &feed.complements[i];
                check_pair(&pair.from, &pair.to, "complements", i, &reference, errors);
            }),
            1 => in_steps(next, feed.upgrades.len(), keep_going, &mut |i| {
                let pair = &feed.upgrades[i];
                check_pair(&pair.from, &pair.to, "upgrades", i, &reference, errors);
            }),
            2 => {
                // Tools look the ends up in the feed's categories, found in one pass (they check
                // a feed in one step); the widget scans the catalog for each end.
                #[cfg(feature = "publish")]
                let named = named_categories(feed);
                #[cfg(feature = "publish")]
                let is_category = |prefix: &[String]| {
                    !prefix.is_empty() && named.contains(&crate::feed::category_key(prefix))
                };
                #[cfg(not(feature = "publish"))]
                let is_category = |prefix: &[String]| feed.products.iter().any(|p| p.in_category(prefix));
                in_steps(next, feed.category_complements.len(), keep_going, &mut |i| {
                    let pair = &feed.category_complements[i];
                    for (end, prefix) in [("from", &pair.from), ("to", &pair.to)] {
                        if !is_category(prefix) {
                            errors.push(FeedError::UnknownReference {
                                path: FeedPath::outside(format!("category_complements[{i}].{end}")),
                                reference: prefix.join(" > "),
                            });
                        }
                    }
                })
            }
            3 => in_steps(next, feed.bundles.len(), keep_going, &mut |i| {
                let bundle = &feed.bundles[i];
                let path = || format!("bundles[{i}]");
                if bundle.products.len() < 2 {
                    errors.push(FeedError::BundleTooSmall {
                        path: FeedPath::outside(path()),
                        id: bundle.id.clone(),
                    });
                }
                for (j, id) in bundle.products.iter().enumerate() {
                    reference(&|| format!("{}.products[{j}]", path()), id, errors);
                }
                if bundle.saving.minor() < 0 {
                    errors.push(FeedError::NegativeAmount {
                        path: FeedPath::outside(format!("{}.saving", path())),
                        id: None,
                        amount: bundle.saving.minor(),
                    });
                }
            }),
            #[cfg(feature = "published")]
            4 => {
                // A published shard's: small.
                for (i, (_, products)) in feed.category_candidates.iter().flatten().enumerate() {
                    for (j, id) in products.iter().enumerate() {
                        reference(&|| format!("category_candidates[{i}].products[{j}]"), id, errors);
                    }
                }
                true
            }
            5 => in_steps(next, feed.copurchase.len(), keep_going, &mut |i| {
                let (source, neighbours) = &feed.copurchase[i];
                reference(&|| format!("copurchase.{source}"), source, errors);
                for (j, neighbour) in neighbours.iter().enumerate() {
                    reference(
                        &|| format!("copurchase.{source}[{j}].with"),
                        &neighbour.with,
                        errors,
                    );
                }
            }),
            // The same for `similar`, written out: one loop over a `dyn` list of both measured
            // within 30 bytes on the checkout page and reads worse; a generic or collected one
            // cost more.
            6 => in_steps(next, feed.similar.len(), keep_going, &mut |i| {
                let (source, neighbours) = &feed.similar[i];
                reference(&|| format!("similar.{source}"), source, errors);
                for (j, neighbour) in neighbours.iter().enumerate() {
                    reference(&|| format!("similar.{source}[{j}].with"), &neighbour.with, errors);
                }
            }),
            // At once: a lookup per id is quick even for a list of thousands (ranking reads 20),
            // and a loop in steps cost the checkout page 83 bytes more.
            7 => {
                for (i, id) in feed.bestsellers.iter().enumerate() {
                    reference(&|| format!("bestsellers[{i}]"), id, errors);
                }
                true
            }
            8.. => return true,
            #[cfg(not(feature = "published"))]
            4 => true,
        };
        if !done {
            return false;
        }
        *list += 1;
        *next = 0;
    }
}

/// A place inside one product. It becomes a JSON path only when an error is reported: a valid
/// feed of 100,000 products should not format a million paths nobody reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    /// `products[i].title`
    Own(&'static str),
    /// `products[i].category[j]`
    Item(&'static str, usize),
    /// `products[i].variants[j].id`
    Variant(usize, &'static str),
}

impl Field {
    /// Each text of a list field with its place.
    fn listed<'a>(list: &'static str, items: &'a [String]) -> impl Iterator<Item = (Field, &'a String)> {
        items
            .iter()
            .enumerate()
            .map(move |(j, text)| (Field::Item(list, j), text))
    }

    fn path(self, product: usize) -> FeedPath {
        let rest = match self {
            Field::Own(name) => format!(".{name}"),
            Field::Item(list, j) => format!(".{list}[{j}]"),
            Field::Variant(j, name) => format!(".variants[{j}].{name}"),
        };
        FeedPath::in_product(product, &rest)
    }
}

fn check_product(product: &Product, position: usize, limits: &Limits, errors: &mut Vec<FeedError>) {
    let id = || Some(product.id.clone());
    // (A variant's id too: an empty one could be the variant a card adds.)
    let required = [
        (Field::Own("id"), &product.id),
        (Field::Own("title"), &product.title),
    ]
    .into_iter()
    .chain((product.variants.iter().enumerate()).map(|(j, v)| (Field::Variant(j, "id"), &v.id)));
    for (field, value) in required {
        if value.trim().is_empty() {
            errors.push(FeedError::Empty {
                path: field.path(position),
                id: id(),
            });
        }
    }
    // Every text the feed can carry, so no field can smuggle a megabyte string past the limit.
    let own = [
        (Field::Own("id"), &product.id),
        (Field::Own("title"), &product.title),
        (Field::Own("url"), &product.url),
        (Field::Own("image"), &product.image),
        (Field::Own("brand"), &product.brand),
    ];
    let variants = product.variants.iter().enumerate().flat_map(|(j, v)| {
        [
            (Field::Variant(j, "id"), &v.id),
            (Field::Variant(j, "title"), &v.title),
        ]
    });
    let texts = own
        .into_iter()
        .chain(Field::listed("category", &product.category))
        .chain(Field::listed("tags", &product.tags))
        .chain(variants);
    for (field, value) in texts {
        // Bytes bound characters from above, so most texts never need counting.
        if value.len() > limits.max_text_chars && value.chars().count() > limits.max_text_chars {
            errors.push(FeedError::TooLong {
                path: field.path(position),
                id: id(),
                limit: limits.max_text_chars,
            });
        } else if matches!(field, Field::Own("url" | "image")) && !value.is_empty() && !is_safe_url(value) {
            errors.push(FeedError::UnsafeUrl {
                path: field.path(position),
                id: product.id.clone(),
                url: value.clone(),
            });
        }
    }
    let prices = [
        (Field::Own("price"), Some(product.price)),
        (Field::Own("compare_at_price"), product.compare_at_price),
    ]
    .into_iter()
    .chain((product.variants.iter().enumerate()).map(|(j, v)| (Field::Variant(j, "price"), v.price)));
    for (field, price) in prices {
        if let Some(amount) = price.map(Money::minor).filter(|&a| a < 0) {
            errors.push(FeedError::NegativeAmount {
                path: field.path(position),
                id: id(),
                amount,
            });
        }
    }
    for (j, window) in product.seasons.iter().enumerate() {
        for (end, month) in [("from", window.from), ("to", window.to)] {
            if !(1..=12).contains(&month) {
                errors.push(FeedError::InvalidMonth {
                    path: Field::Item("seasons", j).path(position).field(end),
                    id: product.id.clone(),
                    month,
                });
            }
        }
    }
}

/// The ends of the feed's category complements (as [`crate::feed::category_key`] writes them)
/// that some product's category path starts with, for the tools, which read big catalogs:
/// every start of every product's path looked up once, where a scan per end may read the
/// whole catalog (3,332 ends at 500,000 generated products, each a scan until its first
/// product: what made the index's candidate lists take 30 s). The widget keeps the
/// scan (its catalogs are at most 50,000 products): this would add 0.7 KB brotli to every
/// checkout page. Both answer the same (tested).
#[cfg(feature = "publish")]
fn named_categories(feed: &Feed) -> rustc_hash::FxHashSet<String> {
    use crate::feed::{category_key, for_each_category_prefix};
    let mut ends: FxHashMap<String, bool> = (feed.category_complements.iter())
        .flat_map(|pair| [&pair.from, &pair.to])
        .map(|path| (category_key(path), false))
        .collect();
    if !ends.is_empty() {
        for_each_category_prefix(&feed.products, |_, prefix| {
            if let Some(found) = ends.get_mut(prefix) {
                *found = true;
            }
        });
    }
    (ends.into_iter())
        .filter_map(|(key, found)| found.then_some(key))
        .collect()
}

/// Where `id` was first defined: the product's own id or one of its variants'.
fn id_path_of(products: &[Product], position: usize, id: &str) -> FeedPath {
    let product = &products[position];
    let field = match product.variants.iter().position(|v| v.id == id) {
        Some(j) if product.id != id => Field::Variant(j, "id"),
        _ => Field::Own("id"),
    };
    field.path(position)
}

/// Reports an id that names no product, given the id's path (made only when it is reported)
/// and the id.
type CheckReference<'r> = dyn Fn(&dyn Fn() -> String, &str, &mut Vec<FeedError>) + 'r;

/// The pair `list[i]` names two products that are there, and not the same one.
fn check_pair(
    from: &str,
    to: &str,
    list: &str,
    i: usize,
    reference: &CheckReference,
    errors: &mut Vec<FeedError>,
) {
    reference(&|| format!("{list}[{i}].from"), from, errors);
    reference(&|| format!("{list}[{i}].to"), to, errors);
    if from == to {
        errors.push(FeedError::SelfReference {
            path: FeedPath::outside(format!("{list}[{i}]")),
            id: from.to_owned(),
        });
    }
}

/// Links and images may only be http(s) URLs or paths on the shop's own site, so a feed cannot
/// smuggle `javascript:` or `data:` URLs onto a checkout page. Browsers drop tabs and line
/// breaks anywhere in a URL and read `\` as `/`, so `/\evil.com` and `/<tab>/evil.com` are
/// another site: no backslash and no control character anywhere.
pub fn is_safe_url(url: &str) -> bool {
    if url.bytes().any(|b| b == b'\\' || b < 0x20 || b == 0x7f) {
        return false;
    }
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || (lower.starts_with('/') && !lower.starts_with("//"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check in steps may stop after any product and after any item of a list that names
    /// products but its last (the widget gives the page its turn there).
    #[test]
    fn a_check_in_steps_may_stop_after_any_product_and_any_reference() {
        let feed = crate::feed_reader::read(crate::steps::EVERY_LIST).unwrap();
        let mut asked = 0;
        let checked = CheckSteps::default().step(&feed, &crate::feed::LIMITS, &mut || {
            asked += 1;
            true
        });
        assert!(matches!(checked, Some(Ok(_))));
        // 5 products, 2 complements, upgrades, category complements and bundles each, 3
        // co-purchase lists and 2 similar ones.
        assert_eq!(asked, 4 + 1 + 1 + 1 + 1 + 2 + 1);
    }

    #[cfg(feature = "publish")]
    #[test]
    fn the_tools_one_pass_names_the_categories_the_widgets_scan_names() {
        let feed = crate::feed_reader::read(
            r#"{"version": 1, "currency": "EUR", "products": [
              {"id": "a", "title": "A", "price": 1, "category": ["Coffee", "Beans", "Whole"]},
              {"id": "b", "title": "B", "price": 1, "category": ["Tea"]},
              {"id": "c", "title": "C", "price": 1}],
             "category_complements": [
              {"from": ["Coffee"], "to": ["Coffee", "Beans", "Whole"]},
              {"from": ["Beans"], "to": ["Tea", "Green"]},
              {"from": [], "to": ["Tea"]}]}"#,
        )
        .unwrap();
        let named = named_categories(&feed);
        let ends = (feed.category_complements.iter()).flat_map(|pair| [&pair.from, &pair.to]);
        let (by_set, by_scan): (Vec<bool>, Vec<bool>) = ends
            .map(|end| {
                let in_set = !end.is_empty() && named.contains(&crate::feed::category_key(end));
                (in_set, feed.products.iter().any(|p| p.in_category(end)))
            })
            .unzip();
        assert_eq!(by_scan, [true, true, false, false, false, true]);
        assert_eq!(by_set, by_scan);
    }
}
