//! Google Merchant Center feeds: RSS 2.0 (`<item>`), Atom (`<entry>`) and the tab-separated
//! form, attributes with or without the `g:` namespace.
//!
//! An item is one buyable thing. Items sharing a `g:item_group_id` are variants (sizes,
//! colours) of one product: the group id becomes the product id and each item a variant.
//! `g:price` is "99.99 USD"; a `g:sale_price` below it becomes the price, with the regular
//! price shown struck through.

use checkout_addons_engine::{is_safe_url, Availability, Currency, Money, Product, Variant};

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
pub fn import(text: &str) -> Result<Imported, ImportError> {
    let items = if text.trim_start().starts_with('<') {
        xml_items(text)?
    } else {
        tsv_items(text)?
    };
    convert(items)
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
            for child in node.children().filter(|c| c.is_element()) {
                let name = child.tag_name().name();
                let value = if name == "link" && child.has_attribute("href") {
                    child.attribute("href").unwrap_or_default().to_owned()
                } else {
                    child.text().unwrap_or_default().trim().to_owned()
                };
                // Plain `<title>` and `<link>` (RSS, Atom) stand in for `g:title` and
                // `g:link`; a `g:` attribute wins where both exist.
                let is_g = child.tag_name().namespace() == Some(G);
                if is_g {
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
    restricted: bool,
}

fn convert(items: Vec<Item>) -> Result<Imported, ImportError> {
    let mut report = ImportReport {
        products_in: items.len(),
        ..ImportReport::default()
    };
    let mut currency: Option<Currency> = None;
    let mut offers: Vec<Offer> = Vec::new();
    for item in &items {
        match offer(item, &mut currency, &mut report) {
            Ok(offer) => offers.push(offer),
            Err(reason) => report.skipped.push(Problem {
                place: item.place.clone(),
                reason,
            }),
        }
    }
    let currency =
        currency.ok_or_else(|| ImportError("no item with a readable price and currency".into()))?;
    report.variants_in = offers.iter().filter(|o| o.group.is_some()).count();
    let products = group(offers, &mut report);
    report.products_out = products.len();
    report.variants_out = products.iter().map(|p| p.variants.len()).sum();
    Ok(Imported {
        currency,
        products,
        report,
    })
}

fn offer(item: &Item, currency: &mut Option<Currency>, report: &mut ImportReport) -> Result<Offer, String> {
    let id = item.get("id").ok_or("no id")?.to_owned();
    let title = item
        .get("title")
        .ok_or_else(|| format!("id {id}: no title"))?
        .to_owned();
    let (price, code) = amount(
        item.get("price").ok_or_else(|| format!("id {id}: no price"))?,
        currency,
    )
    .map_err(|e| format!("id {id}: price {e}"))?;
    let mut offer_price = price;
    let mut was = None;
    if let Some(sale) = item.get("sale_price") {
        match amount(sale, currency) {
            Ok((sale, sale_code)) if sale_code == code && sale < price => {
                offer_price = sale;
                was = Some(price);
            }
            Ok(_) => report.notes.push(Problem {
                place: item.place.clone(),
                reason: format!("id {id}: sale_price `{sale}` is not below the price; ignored"),
            }),
            Err(e) => report.notes.push(Problem {
                place: item.place.clone(),
                reason: format!("id {id}: sale_price {e}; ignored"),
            }),
        }
    }
    if currency.is_none() {
        *currency = Some(code.clone());
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
    let category_text = item
        .get("product_type")
        .or_else(|| {
            item.get("google_product_category")
                .filter(|c| !c.bytes().all(|b| b.is_ascii_digit()))
        })
        .unwrap_or("");
    let variant_title = ["color", "size", "material", "pattern"]
        .iter()
        .filter_map(|name| item.get(name))
        .collect::<Vec<_>>()
        .join(" / ");
    Ok(Offer {
        place: item.place.clone(),
        group: item.get("item_group_id").map(str::to_owned),
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
        restricted: item
            .get("adult")
            .is_some_and(|a| a.eq_ignore_ascii_case("yes") || a == "true"),
    })
}

/// "99.99 USD" in minor units, with its currency; every item must share the first currency.
fn amount(text: &str, currency: &Option<Currency>) -> Result<(Money, Currency), String> {
    let mut parts = text.split_whitespace();
    let (number, code) = match (parts.next(), parts.next(), parts.next()) {
        (Some(number), Some(code), None) => (number, code),
        _ => {
            return Err(format!(
                "`{text}` is not an amount with its currency (\"99.99 USD\")"
            ))
        }
    };
    let code = Currency::parse(code).ok_or_else(|| format!("`{text}`: `{code}` is not a currency code"))?;
    if let Some(first) = currency {
        if *first != code {
            return Err(format!("`{text}` is in {code}, the feed is in {first}"));
        }
    }
    Ok((Money::parse_decimal(number, &code)?, code))
}

/// Items become products, grouped by `item_group_id`, in the order each product first appears.
fn group(offers: Vec<Offer>, report: &mut ImportReport) -> Vec<Product> {
    let mut products: Vec<Product> = Vec::new();
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
            continue;
        };
        let variant = Variant {
            id: offer.id.clone(),
            title: offer.variant_title.clone(),
            price: Some(offer.price),
            available: offer.available,
        };
        match group_positions.get(&group) {
            Some(&at) => {
                let product = &mut products[at];
                product.variants.push(variant);
                if offer.available && product.availability == Availability::OutOfStock {
                    product.availability = offer.availability;
                }
                if offer.price < product.price {
                    product.price = offer.price;
                    product.compare_at_price = offer.was;
                }
            }
            None => {
                let product_id = group_product_id.unwrap_or_else(|| group.clone());
                ids.insert(product_id.clone());
                group_positions.insert(group, products.len());
                products.push(product_of(&offer, product_id, vec![variant]));
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
        tags: Vec::new(),
        availability: offer.availability,
        stock: None,
        continue_selling: false,
        variants,
        kinds: Vec::new(),
        impulse: false,
        clearance: false,
        seasons: Vec::new(),
        restricted: offer.restricted,
        margin_percent: None,
        repurchase_days: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                "item 2 (line 3): id 2: price `3,50` is not a decimal amount",
                "item 3 (line 4): id 3: price `2.00 USD` is in USD, the feed is in EUR",
            ]
        );
    }
}
