//! Google Merchant Center feeds: RSS 2.0 (`<item>`), Atom (`<entry>`) and the tab-separated
//! form, attributes with or without the `g:` namespace.
//!
//! An item is one buyable thing. Items sharing a `g:item_group_id` are variants (sizes,
//! colours) of one product: the group id becomes the product id and each item a variant.
//! `g:price` is "99.99 USD"; a `g:sale_price` below it becomes the price, with the regular
//! price shown struck through, on the days its `g:sale_price_effective_date` covers.

use checkout_addons_engine::{is_safe_url, Availability, Currency, Date, Money, Product, Variant};

use crate::{ImportError, ImportReport, Imported, Problem};

/// The Merchant Center namespace.
const G: &str = "http://base.google.com/ns/1.0";

/// One feed item: its attributes by name (without `g:`), first value wins, and its place.
struct Item {
    place: String,
    attributes: Vec<(String, String)>,
}

impl Item {
    fn get(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }
}

/// Reads an XML (RSS or Atom) or TSV Merchant Center feed; which one is told by the text.
/// `today` decides which sale prices are in effect (`g:sale_price_effective_date`).
pub fn import(text: &str, today: Date) -> Result<Imported, ImportError> {
    let items = if text.trim_start().starts_with('<') {
        xml_items(text)?
    } else {
        tsv_items(text)?
    };
    convert(items, today)
}

/// Deeper than any Merchant Center feed nests (rss, channel, item, g:shipping, g:price): the
/// XML parser recurses once per level, and a file of 20,000 levels overflowed the stack.
const MAX_XML_DEPTH: usize = 256;

/// The line where elements nest deeper than [`MAX_XML_DEPTH`], if they do. Counted before
/// parsing; markup inside comments and CDATA (an HTML description) does not count.
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut line, mut at) = (0usize, 1, 0);
    let skip_to = |from: usize, end: &str| {
        text.get(from..)
            .and_then(|rest| rest.find(end))
            .map_or(bytes.len(), |i| from + i + end.len())
    };
    while let Some(&byte) = bytes.get(at) {
        if byte == b'\n' {
            line += 1;
        } else if byte == b'<' {
            let rest = &bytes[at + 1..];
            if rest.starts_with(b"![CDATA[") || rest.starts_with(b"!--") {
                let end = skip_to(at, if rest[1] == b'[' { "]]>" } else { "-->" });
                line += bytes[at..end].iter().filter(|&&b| b == b'\n').count();
                at = end;
                continue;
            }
            match rest.first() {
                Some(b'/') => depth = depth.saturating_sub(1),
                Some(b'?' | b'!') | None => {}
                Some(_) => {
                    let end = rest.iter().position(|&b| b == b'>').unwrap_or(rest.len());
                    if end == 0 || rest[end - 1] != b'/' {
                        depth += 1;
                        if depth > MAX_XML_DEPTH {
                            return Some(line);
                        }
                    }
                }
            }
        }
        at += 1;
    }
    None
}

fn xml_items(text: &str) -> Result<Vec<Item>, ImportError> {
    if let Some(line) = too_deep(text) {
        return Err(ImportError(format!(
            "line {line}: elements nested more than {MAX_XML_DEPTH} deep; not a Merchant Center feed"
        )));
    }
    let document = roxmltree::Document::parse(text).map_err(|e| ImportError(format!("not XML: {e}")))?;
    // Items come in document order, so their lines are counted on from the previous one
    // (roxmltree's own lookup scans from the start each time).
    let (mut counted_to, mut line) = (0, 1);
    let items = document
        .descendants()
        .filter(|n| n.is_element() && matches!(n.tag_name().name(), "item" | "entry"))
        .enumerate()
        .map(|(i, node)| {
            let start = node.range().start;
            line += text.as_bytes()[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted_to = start;
            let mut attributes = Vec::new();
            let mut g_seen: Vec<&str> = Vec::new();
            for child in node.children().filter(|c| c.is_element()) {
                let name = child.tag_name().name();
                let value = if name == "link" && child.has_attribute("href") {
                    child.attribute("href").unwrap_or_default().to_owned()
                } else {
                    child.text().unwrap_or_default().trim().to_owned()
                };
                // Plain `<title>` and `<link>` (RSS, Atom) stand in for `g:title` and
                // `g:link`; a `g:` attribute wins where both exist.
                // A `g:` attribute given twice is read as Google reads it: the first.
                let is_g = child.tag_name().namespace() == Some(G);
                if is_g && g_seen.contains(&name) {
                    continue;
                }
                if is_g {
                    g_seen.push(name);
                    attributes.retain(|(n, _): &(String, String)| n != name);
                    attributes.insert(0, (name.to_owned(), value));
                } else {
                    attributes.push((name.to_owned(), value));
                }
            }
            Item {
                place: format!("item {} (line {line})", i + 1),
                attributes,
            }
        })
        .collect();
    Ok(items)
}

fn tsv_items(text: &str) -> Result<Vec<Item>, ImportError> {
    let mut lines = text.lines().enumerate();
    let (_, header) = lines.next().ok_or_else(|| ImportError("empty file".into()))?;
    let names: Vec<String> = header
        .split('\t')
        .map(|n| n.trim().trim_start_matches("g:").to_owned())
        .collect();
    if !names.iter().any(|n| n == "id") {
        return Err(ImportError(
            "line 1: neither XML nor a TSV header with an `id` column".into(),
        ));
    }
    Ok(lines
        .filter(|(_, line)| !line.trim().is_empty())
        .enumerate()
        .map(|(i, (n, line))| Item {
            place: format!("item {} (line {})", i + 1, n + 1),
            attributes: names
                .iter()
                .cloned()
                .zip(line.split('\t').map(|v| v.trim().to_owned()))
                .collect(),
        })
        .collect())
}

/// One item read: price in minor units and the parts that become a product or a variant.
struct Offer {
    place: String,
    id: String,
    title: String,
    price: Money,
    was: Option<Money>,
    available: bool,
    availability: Availability,
    group: Option<String>,
    variant_title: String,
    url: String,
    image: String,
    brand: String,
    category: Vec<String>,
    /// The shop's own labels (`g:custom_label_0` to `4`), kept as the product's tags.
    labels: Vec<String>,
    restricted: bool,
}

/// The currency most items' `g:price` is in (the earliest on a tie): a feed is meant for one
/// country, and a stray item in another currency must not decide for the whole catalog.
fn feed_currency(items: &[Item]) -> Option<Currency> {
    let mut counts: Vec<(Currency, usize)> = Vec::new();
    for item in items {
        let Some(Ok((number, code))) = item.get("price").map(split_amount) else {
            continue;
        };
        if Money::parse_decimal(number, &code).is_err() {
            continue;
        }
        match counts.iter_mut().find(|(seen, _)| *seen == code) {
            Some((_, count)) => *count += 1,
            None => counts.push((code, 1)),
        }
    }
    let most = counts.iter().map(|(_, count)| *count).max()?;
    counts
        .into_iter()
        .find(|(_, count)| *count == most)
        .map(|(code, _)| code)
}

fn convert(items: Vec<Item>, today: Date) -> Result<Imported, ImportError> {
    let mut report = ImportReport {
        products_in: items.len(),
        ..ImportReport::default()
    };
    let currency = feed_currency(&items);
    let mut offers: Vec<Offer> = Vec::new();
    let mut sales_end = Vec::new();
    for item in &items {
        match offer(item, currency.as_ref(), today, &mut sales_end, &mut report) {
            Ok(offer) => offers.push(offer),
            Err(reason) => report.skipped.push(Problem {
                place: item.place.clone(),
                reason,
            }),
        }
    }
    let Some(currency) = currency else {
        // Say why, item by item (the first few): a feed of `3.00 eur` or `abc EUR` prices
        // is a mistake the shop can fix.
        let shown: Vec<String> = report.skipped.iter().take(5).map(ToString::to_string).collect();
        let more = report.skipped.len().saturating_sub(shown.len());
        let mut message = String::from("no item with a readable price and currency");
        if !shown.is_empty() {
            message = format!("{message}:\n{}", shown.join("\n"));
        }
        if more > 0 {
            message = format!("{message}\n(and {more} more)");
        }
        return Err(ImportError(message));
    };
    if let Some(first) = sales_end.iter().min() {
        report.notes.push(Problem {
            place: "sale_price_effective_date".into(),
            reason: match sales_end.len() {
                1 => format!("a sale price ends on {first}: the feed keeps it until it is imported again, so import again then"),
                n => format!("{n} sale prices end on a set day, the first on {first}: the feed keeps each until it is imported again, so import again then"),
            },
        });
    }
    report.variants_in = offers.iter().filter(|o| o.group.is_some()).count();
    let products = group(offers, &mut report);
    report.products_out = products.len();
    report.variants_out = products.iter().map(|p| p.variants.len()).sum();
    Ok(Imported {
        currency,
        products,
        complements: Vec::new(),
        upgrades: Vec::new(),
        bestsellers: Vec::new(),
        report,
    })
}

/// One item as an offer; a sale price taken that ends on a set day adds the day to `ends`.
fn offer(
    item: &Item,
    currency: Option<&Currency>,
    today: Date,
    ends: &mut Vec<Date>,
    report: &mut ImportReport,
) -> Result<Offer, String> {
    let id = item.get("id").ok_or("no id")?.to_owned();
    // Spaces run together as a shopper's browser shows them ("Chelsea  2.0" typed twice); a
    // non-breaking one ("10\u{a0}cm") is kept.
    let title = (item.get("title").ok_or_else(|| format!("id {id}: no title"))?)
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let price = amount(
        item.get("price").ok_or_else(|| format!("id {id}: no price"))?,
        currency,
    )
    .map_err(|e| format!("id {id}: price {e}"))?;
    let mut note = |reason: String| {
        report.notes.push(Problem {
            place: item.place.clone(),
            reason: format!("id {id}: {reason}"),
        })
    };
    if price == Money(0) {
        note("the price is 0: the widget never offers it (a placeholder, in a priced feed)".into());
    }
    let mut offer_price = price;
    let mut was = None;
    if let Some(sale_text) = item.get("sale_price") {
        let runs = item.get("sale_price_effective_date");
        match (
            amount(sale_text, currency),
            runs.map(|runs| sale_runs(runs, today)),
        ) {
            (Err(e), _) => note(format!("sale_price {e}; ignored")),
            (Ok(sale), _) if sale >= price => note(format!(
                "sale_price `{sale_text}` is not below the price; ignored"
            )),
            (Ok(_), Some(Err(why))) => note(format!(
                "sale_price_effective_date {why}; the regular price is used"
            )),
            (Ok(_), Some(Ok(false))) => note(format!(
                "sale_price is for {}, not {today}; the regular price is used",
                runs.unwrap_or_default()
            )),
            (Ok(sale), runs) => {
                offer_price = sale;
                was = Some(price);
                // The feed has no end to a sale: its price stays until the next import.
                if let (Some(Ok(true)), Some(end)) = (runs, sale_end(item.get("sale_price_effective_date"))) {
                    ends.push(end);
                }
            }
        }
    }
    let availability_text = item.get("availability").unwrap_or("in stock");
    let availability = match availability_text.to_ascii_lowercase().replace('_', " ").as_str() {
        "in stock" => Availability::InStock,
        "out of stock" => Availability::OutOfStock,
        "preorder" | "backorder" => Availability::Preorder,
        other => {
            report.notes.push(Problem {
                place: item.place.clone(),
                reason: format!(
                    "id {id}: availability `{other}` is not a Merchant Center value; treated as out of stock"
                ),
            });
            Availability::OutOfStock
        }
    };
    let mut link = |name: &str| -> String {
        match item.get(name) {
            Some(url) if is_safe_url(url) => url.to_owned(),
            Some(url) => {
                report.notes.push(Problem {
                    place: item.place.clone(),
                    reason: format!("id {id}: {name} `{url}` is not an http(s) URL; left out"),
                });
                String::new()
            }
            None => String::new(),
        }
    };
    let (url, image) = (link("link"), link("image_link"));
    let google_category = item.get("google_product_category");
    let numbered = google_category.filter(|c| c.bytes().all(|b| b.is_ascii_digit()));
    let category_text = item
        .get("product_type")
        .or(google_category.filter(|_| numbered.is_none()))
        .unwrap_or_else(|| {
            if let Some(number) = numbered {
                report.notes.push(Problem {
                    place: item.place.clone(),
                    reason: format!(
                        "id {id}: google_product_category `{number}` is a number of Google's list, not a name; no category (give a product_type)"
                    ),
                });
            }
            ""
        });
    let variant_title = ["color", "size", "material", "pattern"]
        .iter()
        .filter_map(|name| item.get(name))
        .collect::<Vec<_>>()
        .join(" / ");
    let group = item.get("item_group_id").map(str::to_owned);
    // An item outside a group has no variant to carry its colour and size: its title does,
    // where it does not name them already (or twenty "Nova GO1 Women" cards look alike).
    let unnamed: Vec<&str> = ["color", "size", "material", "pattern"]
        .iter()
        .filter_map(|name| item.get(name))
        .filter(|value| !title.to_lowercase().contains(&value.to_lowercase()))
        .collect();
    let title = if group.is_none() && !unnamed.is_empty() {
        format!("{title} ({})", unnamed.join(" / "))
    } else {
        title
    };
    Ok(Offer {
        place: item.place.clone(),
        group,
        variant_title: if variant_title.is_empty() {
            title.clone()
        } else {
            variant_title
        },
        id,
        title,
        price: offer_price,
        was,
        available: availability != Availability::OutOfStock,
        availability,
        url,
        image,
        brand: item.get("brand").unwrap_or_default().to_owned(),
        category: category_text
            .split('>')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_owned)
            .collect(),
        labels: (0..5)
            .filter_map(|n| item.get(&format!("custom_label_{n}")))
            .map(str::trim)
            .filter(|label| !label.is_empty())
            .map(str::to_owned)
            .collect(),
        restricted: item
            .get("adult")
            .is_some_and(|a| a.eq_ignore_ascii_case("yes") || a == "true"),
    })
}

/// "99.99 USD" as its number and currency (the code in any case: "99.99 usd").
fn split_amount(text: &str) -> Result<(&str, Currency), String> {
    let mut parts = text.split_whitespace();
    let (number, code) = match (parts.next(), parts.next(), parts.next()) {
        (Some(number), Some(code), None) => (number, code),
        _ => {
            return Err(format!(
                "`{text}` is not an amount with its currency (\"99.99 USD\")"
            ))
        }
    };
    let currency = Currency::parse(&code.to_ascii_uppercase())
        .ok_or_else(|| format!("`{text}`: `{code}` is not a currency code"))?;
    Ok((number, currency))
}

/// "99.99 USD" in minor units, when in the feed's `currency` (none when no item has a
/// readable price).
fn amount(text: &str, currency: Option<&Currency>) -> Result<Money, String> {
    let (number, code) = split_amount(text)?;
    let money = Money::parse_decimal(number, &code)?;
    match currency {
        Some(feed) if *feed != code => Err(format!("`{text}` is in {code}, the feed is in {feed}")),
        _ => Ok(money),
    }
}

/// The last day of a sale's `start/end`.
fn sale_end(runs: Option<&str>) -> Option<Date> {
    runs?.split_once('/')?.1.trim().get(..10)?.parse().ok()
}

/// Whether a sale running `runs` ("2026-11-27T00:00-0800/2026-11-30T23:59-0800", ISO 8601
/// start and end) is on `today`, judged by calendar day: a feed is imported for days, not
/// hours.
fn sale_runs(runs: &str, today: Date) -> Result<bool, String> {
    let day = |part: &str| part.trim().get(..10).and_then(|d| d.parse::<Date>().ok());
    match runs.split_once('/').map(|(start, end)| (day(start), day(end))) {
        Some((Some(start), Some(end))) => Ok(start <= today && today <= end),
        _ => Err(format!(
            "`{runs}` is not a start and end (\"2026-11-27T00:00-0800/2026-11-30T23:59-0800\")"
        )),
    }
}

/// Items become products, grouped by `item_group_id`, in the order each product first appears.
/// A group's title, link, image, brand and category are its first item's; it is restricted
/// when any item is, and priced by its cheapest item a shopper can buy (by its cheapest of
/// all when none can be).
fn group(offers: Vec<Offer>, report: &mut ImportReport) -> Vec<Product> {
    let mut products: Vec<Product> = Vec::new();
    // By product: whether its price is that of an item in stock.
    let mut priced_in_stock: Vec<bool> = Vec::new();
    let mut group_positions: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut ids: std::collections::HashSet<String> = std::collections::HashSet::new();
    for offer in offers {
        // A new group's product id is the group id, unless an item already has that id (or
        // is this very item): then it is marked as a group, so product and variant differ.
        let new_group = offer.group.as_ref().filter(|g| !group_positions.contains_key(*g));
        let group_product_id = new_group.map(|g| {
            if *g == offer.id || ids.contains(g) {
                let renamed = format!("group-{g}");
                report.notes.push(Problem {
                    place: offer.place.clone(),
                    reason: format!("item_group_id `{g}` is also an item id; the product is `{renamed}`"),
                });
                renamed
            } else {
                g.clone()
            }
        });
        let new_ids: Vec<&String> = std::iter::once(&offer.id)
            .chain(group_product_id.as_ref())
            .collect();
        if let Some(taken) = new_ids.iter().find(|id| ids.contains(**id)) {
            report.skipped.push(Problem {
                place: offer.place.clone(),
                reason: format!("id {}: `{taken}` is already the id of another item", offer.id),
            });
            continue;
        }
        ids.insert(offer.id.clone());
        let Some(group) = offer.group.clone() else {
            products.push(product_of(&offer, offer.id.clone(), Vec::new()));
            priced_in_stock.push(offer.available);
            continue;
        };
        let variant = Variant {
            id: offer.id.clone(),
            title: offer.variant_title.clone(),
            price: Some(offer.price),
            available: offer.available,
            repurchase_days: None,
        };
        match group_positions.get(&group) {
            Some(&at) => {
                let product = &mut products[at];
                product.variants.push(variant);
                product.restricted |= offer.restricted;
                for label in &offer.labels {
                    if !product.tags.contains(label) {
                        product.tags.push(label.clone());
                    }
                }
                // The product is as available as its most available item: in stock beats
                // preorder, which beats out of stock.
                let rank = |a: Availability| match a {
                    Availability::InStock => 2,
                    Availability::Preorder => 1,
                    Availability::OutOfStock => 0,
                };
                if offer.available && rank(offer.availability) > rank(product.availability) {
                    product.availability = offer.availability;
                }
                let cheaper = offer.price < product.price;
                if (offer.available && !priced_in_stock[at])
                    || (offer.available == priced_in_stock[at] && cheaper)
                {
                    product.price = offer.price;
                    product.compare_at_price = offer.was;
                    priced_in_stock[at] = offer.available;
                }
            }
            None => {
                let product_id = group_product_id.unwrap_or_else(|| group.clone());
                ids.insert(product_id.clone());
                group_positions.insert(group, products.len());
                products.push(product_of(&offer, product_id, vec![variant]));
                priced_in_stock.push(offer.available);
            }
        }
    }
    products
}

fn product_of(offer: &Offer, id: String, variants: Vec<Variant>) -> Product {
    Product {
        id,
        title: offer.title.clone(),
        price: offer.price,
        compare_at_price: offer.was,
        url: offer.url.clone(),
        image: offer.image.clone(),
        category: offer.category.clone(),
        brand: offer.brand.clone(),
        tags: offer.labels.clone(),
        availability: offer.availability,
        variants,
        restricted: offer.restricted,
        ..Product::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> Result<Imported, ImportError> {
        super::import(text, Date::new(2026, 12, 5).unwrap())
    }

    #[test]
    fn nesting_deeper_than_any_feed_is_refused_by_line_not_a_stack_overflow() {
        let deep = format!("<rss>\n{}{}</rss>", "<a>".repeat(20_000), "</a>".repeat(20_000));
        let refused = import(&deep).err().map(|e| e.to_string());
        assert!(
            refused
                .as_deref()
                .is_some_and(|e| e.starts_with("line 2: elements nested")),
            "{refused:?}"
        );
        // HTML in a CDATA description, unclosed `<br>` tags and all, is text, not nesting.
        let item = "<item><g:id>1</g:id><description><![CDATA[<p>Soft<br>warm<br>]]></description></item>";
        let feed = format!("<rss><channel>{}</channel></rss>", item.repeat(300));
        assert_eq!(too_deep(&feed), None);
    }

    #[test]
    fn an_item_group_becomes_one_product_with_variants() {
        let rss = r#"<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel>
          <item><g:id>s-40</g:id><title>Sneaker</title><g:price>99.99 USD</g:price>
            <g:item_group_id>sneaker</g:item_group_id><g:size>40</g:size><g:availability>out of stock</g:availability></item>
          <item><g:id>s-41</g:id><title>Sneaker</title><g:price>99.99 USD</g:price><g:sale_price>79.99 USD</g:sale_price>
            <g:item_group_id>sneaker</g:item_group_id><g:size>41</g:size><g:availability>in stock</g:availability></item>
          <item><g:id>socks</g:id><g:title>Socks</g:title><g:price>9.00 USD</g:price><g:link>javascript:alert(1)</g:link></item>
        </channel></rss>"#;
        let imported = import(rss).unwrap();
        assert_eq!(imported.currency.code(), "USD");
        let sneaker = &imported.products[0];
        assert_eq!((sneaker.id.as_str(), sneaker.variants.len()), ("sneaker", 2));
        assert_eq!(
            (sneaker.price, sneaker.compare_at_price),
            (Money(7999), Some(Money(9999)))
        );
        assert_eq!(sneaker.availability, Availability::InStock);
        assert_eq!(sneaker.variants[0].title, "40");
        assert!(!sneaker.variants[0].available);
        assert_eq!(imported.products[1].url, "", "an unsafe link is dropped");
        assert_eq!(imported.report.notes.len(), 1);
        assert_eq!((imported.report.products_in, imported.report.variants_in), (3, 2));
    }

    #[test]
    fn a_group_is_as_available_as_its_best_item_and_attributes_read_as_google_reads_them() {
        let rss = r#"<?xml version="1.0"?><rss xmlns:g="http://base.google.com/ns/1.0"><channel>
          <item><g:id>b1</g:id><g:title>Black  tea 100 g</g:title><g:price>20.00 EUR</g:price><g:item_group_id>tea</g:item_group_id>
            <g:availability>preorder</g:availability><g:product_type>Drinks &gt; Tea</g:product_type><g:product_type>Sale &gt; Last chance</g:product_type></item>
          <item><g:id>b2</g:id><g:title>Black tea</g:title><g:price>18.00 EUR</g:price><g:item_group_id>tea</g:item_group_id>
            <g:availability>in stock</g:availability></item>
          <item><g:id>mug</g:id><g:title>Mug</g:title><g:price>3.00 EUR</g:price><g:sale_price>2.00 EUR</g:sale_price>
            <g:sale_price_effective_date>2026-12-01T00:00+0100/2026-12-31T23:59+0100</g:sale_price_effective_date></item>
        </channel></rss>"#;
        let imported = import(rss).unwrap();
        let tea = &imported.products[0];
        assert_eq!(tea.availability, Availability::InStock, "one size is in stock");
        assert_eq!(tea.price, Money(1800));
        assert_eq!(
            tea.title, "Black tea 100\u{a0}g",
            "spaces run together, a non-breaking one kept"
        );
        assert_eq!(
            tea.category,
            ["Drinks", "Tea"],
            "the first product_type, as Google takes it"
        );
        let mug = &imported.products[1];
        assert_eq!((mug.price, mug.compare_at_price), (Money(200), Some(Money(300))));
        let notes: Vec<String> = imported.report.notes.iter().map(ToString::to_string).collect();
        assert!(
            notes
                .iter()
                .any(|n| n.contains("a sale price ends on 2026-12-31: the feed keeps it")),
            "{notes:#?}"
        );
    }

    #[test]
    fn atom_entries_with_link_elements_read_like_rss_items() {
        let atom = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:g="http://base.google.com/ns/1.0">
  <title>Shop</title>
  <entry>
    <g:id>mug</g:id>
    <title>Mug</title>
    <link href="https://shop.example/mug"/>
    <g:price>8.50 EUR</g:price>
    <g:availability>backorder</g:availability>
    <g:adult>yes</g:adult>
  </entry>
</feed>"#;
        let imported = import(atom).unwrap();
        let mug = &imported.products[0];
        assert_eq!(
            (mug.id.as_str(), mug.title.as_str(), mug.url.as_str()),
            ("mug", "Mug", "https://shop.example/mug")
        );
        assert_eq!(
            (mug.price, mug.availability, mug.restricted),
            (Money(850), Availability::Preorder, true)
        );
        assert_eq!(imported.report.skipped.len() + imported.report.notes.len(), 0);
    }

    #[test]
    fn a_group_named_like_one_of_its_items_still_imports() {
        let tsv = "id\ttitle\tprice\titem_group_id\tsize\n\
                   shirt\tShirt\t20.00 EUR\tshirt\tM\n\
                   shirt-l\tShirt\t22.00 EUR\tshirt\tL\n";
        let imported = import(tsv).unwrap();
        let shirt = &imported.products[0];
        assert_eq!(shirt.id, "group-shirt");
        assert_eq!(
            shirt.variants.iter().map(|v| v.id.as_str()).collect::<Vec<_>>(),
            ["shirt", "shirt-l"]
        );
        assert_eq!(imported.report.notes.len(), 1);
        assert!(imported.into_valid_feed().is_ok());
    }

    #[test]
    fn the_tab_separated_form_reads_the_same() {
        let tsv = "id\ttitle\tprice\tavailability\tproduct_type\n\
                   1\tTea\t3.50 EUR\tin_stock\tDrinks > Tea\n\
                   2\tCoffee\t3,50 EUR\tin_stock\tDrinks\n\
                   3\tCocoa\t2.00 USD\tin stock\tDrinks\n";
        let imported = import(tsv).unwrap();
        assert_eq!(imported.products.len(), 1);
        assert_eq!(imported.products[0].category, ["Drinks", "Tea"]);
        let reasons: Vec<String> = imported.report.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            reasons,
            [
                "item 2 (line 3): id 2: price `3,50` is not a decimal amount: write `3.50` (a point before the decimals, no thousands separator)",
                "item 3 (line 4): id 3: price `2.00 USD` is in USD, the feed is in EUR",
            ]
        );
    }

    fn reasons(problems: &[Problem]) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn the_currency_most_items_are_in_is_the_feeds_and_a_stray_item_is_left_out_by_name() {
        let tsv = "id\ttitle\tprice\n\
                   stray\tStray\t10.00 EUR\n\
                   1\tTea\t3.50 usd\n\
                   2\tCoffee\t4.50 USD\n";
        let imported = import(tsv).unwrap();
        assert_eq!(imported.currency.code(), "USD");
        assert_eq!(imported.products.len(), 2, "`usd` is USD");
        assert_eq!(
            reasons(&imported.report.skipped),
            ["item 1 (line 2): id stray: price `10.00 EUR` is in EUR, the feed is in USD"]
        );
    }

    #[test]
    fn a_feed_without_one_readable_price_says_why_item_by_item() {
        let tsv = "id\ttitle\tprice\n1\tTea\tabc EUR\n2\tCoffee\t3.00 euro\n";
        let error = import(tsv).err().unwrap().to_string();
        assert_eq!(
            error,
            "no item with a readable price and currency:\n\
             item 1 (line 2): id 1: price `abc` is not a decimal amount\n\
             item 2 (line 3): id 2: price `3.00 euro`: `euro` is not a currency code"
        );
    }

    #[test]
    fn a_group_is_priced_by_an_item_in_stock_and_restricted_when_any_item_is() {
        let tsv = "id\ttitle\tprice\tsale_price\titem_group_id\tsize\tavailability\tadult\n\
                   w40\tWine\t90.00 EUR\t50.00 EUR\twine\t40\tout of stock\tno\n\
                   w41\tWine\t80.00 EUR\t\twine\t41\tin stock\tyes\n\
                   w42\tWine\t85.00 EUR\t\twine\t42\tin stock\tno\n";
        let imported = import(tsv).unwrap();
        let wine = &imported.products[0];
        assert_eq!(
            (wine.price, wine.compare_at_price),
            (Money(8000), None),
            "not the sold-out 50.00"
        );
        assert!(wine.restricted, "the second item is for adults");
    }

    #[test]
    fn a_sale_price_counts_only_on_the_days_it_runs() {
        let tsv = "id\ttitle\tprice\tsale_price\tsale_price_effective_date\n\
                   ended\tTea\t30.00 EUR\t20.00 EUR\t2020-01-01T00:00-0800/2020-01-31T23:59-0800\n\
                   running\tCoffee\t30.00 EUR\t20.00 EUR\t2026-12-01T00:00+0100/2026-12-05T23:59+0100\n\
                   garbled\tCocoa\t30.00 EUR\t20.00 EUR\tsoon\n\
                   usd\tChai\t30.00 EUR\t1.00 USD\t\n";
        let imported = import(tsv).unwrap();
        let prices: Vec<(Money, Option<Money>)> = imported
            .products
            .iter()
            .map(|p| (p.price, p.compare_at_price))
            .collect();
        assert_eq!(
            prices,
            [
                (Money(3000), None),
                (Money(2000), Some(Money(3000))),
                (Money(3000), None),
                (Money(3000), None)
            ]
        );
        assert_eq!(
            reasons(&imported.report.notes),
            [
                "item 1 (line 2): id ended: sale_price is for 2020-01-01T00:00-0800/2020-01-31T23:59-0800, not 2026-12-05; the regular price is used",
                "item 3 (line 4): id garbled: sale_price_effective_date `soon` is not a start and end (\"2026-11-27T00:00-0800/2026-11-30T23:59-0800\"); the regular price is used",
                "item 4 (line 5): id usd: sale_price `1.00 USD` is in USD, the feed is in EUR; ignored",
                "sale_price_effective_date: a sale price ends on 2026-12-05: the feed keeps it until it is imported again, so import again then",
            ]
        );
    }

    #[test]
    fn a_category_given_only_by_googles_number_is_noted() {
        let imported = import("id\ttitle\tprice\tgoogle_product_category\n1\tTea\t3.00 EUR\t2271\n").unwrap();
        assert!(imported.products[0].category.is_empty());
        assert_eq!(
            reasons(&imported.report.notes),
            ["item 1 (line 2): id 1: google_product_category `2271` is a number of Google's list, not a name; no category (give a product_type)"]
        );
    }

    #[test]
    fn a_free_item_is_imported_with_a_note() {
        let imported = import("id\ttitle\tprice\nmag\tField Report\t0.00 USD\n").unwrap();
        assert_eq!(imported.products[0].price, Money(0));
        assert_eq!(
            reasons(&imported.report.notes),
            ["item 1 (line 2): id mag: the price is 0: the widget never offers it (a placeholder, in a priced feed)"]
        );
    }

    #[test]
    fn an_item_outside_a_group_keeps_its_colour_and_size_in_its_title() {
        let tsv = "id\ttitle\tprice\tcolor\tsize\n\
                   n38\tNova Women\t99.00 USD\tBlack\t38\n\
                   n39\tNova Women Black\t99.00 USD\tBlack\t39\n\
                   cap\tCap\t9.00 USD\t\t\n";
        let imported = import(tsv).unwrap();
        let titles: Vec<&str> = imported.products.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            titles,
            ["Nova Women (Black / 38)", "Nova Women Black (39)", "Cap"]
        );
    }
}
