//! The element's attributes, read once at mount.

use checkout_addons_engine::{CartLine, Config, History, Segment};
use web_sys::HtmlElement;

use crate::copy::{Language, Wording};
use crate::host;

/// What a shop owner sets on `<checkout-addons ...>`, or as `data-` attributes on a
/// `<div data-checkout-addons ...>` for CMSs that strip unknown tags.
#[derive(Clone, Debug)]
pub struct Settings {
    /// `feed`: the catalog feed URL, relative to the page.
    pub feed: String,
    /// `cart`: the cart's lines as JSON, or `None` when it names a platform (`shopify`,
    /// `woocommerce`) whose adapter reads the cart; changes are observed.
    pub cart: Option<Vec<CartLine>>,
    /// `history`: a logged-in shopper's past orders as JSON, which the shop's page renders
    /// (docs/widget.md); bad input is ignored with one warning. Changes are observed.
    pub history: History,
    /// `segment`: the shop's own word on who the shopper is (`new`, `frequent`, `high-value`,
    /// `lapsing`, `everyone`), over the segment the history gives.
    pub segment: Option<Segment>,
    /// `locale`, else the page's `lang`: picks the language and the price format.
    pub locale: String,
    /// `currency`: the currency the page shows. A feed priced in another currency is refused
    /// rather than shown with wrong prices.
    pub currency: Option<String>,
    /// `placement`: where the widget sits (`cart`, `checkout`, `mini-cart`, ...), passed on in
    /// the `render` event so analytics can tell placements apart.
    pub placement: String,
    /// `timeout`: milliseconds to wait for the feed, and for the cart to answer an add,
    /// before giving up (default 8000). **At most `i32::MAX`**, so it casts to a browser
    /// timer's delay as it is.
    pub timeout_ms: u32,
    /// `variant-picker`: let the shopper choose the variant on the card instead of adding the
    /// cheapest available one.
    pub variant_picker: bool,
    /// `reorder`: offer a logged-in shopper's last order again as one card, "Order again: 3
    /// items" (with a `history`).
    pub reorder: bool,
    /// `event-swaps`: the page's `checkout-addons:add` listener swaps an upgrade for the item
    /// it replaces (`detail.replaces`), so upsells are offered without an object adapter's
    /// `replace`, which is then not called for them.
    pub swap_by_event: bool,
    /// The built-in strings for the locale, with the shop's `text-*` attributes (and
    /// `heading`) in their place.
    pub wording: Wording,
    /// The `lang` of the widget's own words, when it says one ([`Wording::words_lang`]).
    pub words_lang: Option<String>,
    /// The `lang` of product titles, where it is not the words': the locale, on a page whose
    /// language the widget lacks and stands in for in English.
    pub title_lang: Option<String>,
    /// The ranking config. Each field is an attribute in kebab-case (`max-items`,
    /// `impulse-max-price`, ...); `max` is short for `max-items`.
    pub config: Config,
}

/// How long the widget waits for its feed unless the `timeout` attribute says otherwise.
pub const DEFAULT_TIMEOUT_MS: u32 = 8000;

impl Settings {
    /// Reads the attributes; a bad value is reported and replaced by its default.
    pub fn from_element(element: &HtmlElement) -> Settings {
        let attribute = |name: &str| {
            element
                .get_attribute(name)
                .or_else(|| element.get_attribute(&format!("data-{name}")))
        };
        // A switch: there (bare, or `true`) is on, `false` off; any other word is ignored, as
        // other bad values are: `event-swaps="0"` had swapped through a listener not there.
        let switch = |name: &str| match attribute(name).as_deref().map(str::trim) {
            None | Some("false") => false,
            Some("" | "true") => true,
            Some(other) => {
                host::warn(&format!(
                    "attribute `{name}=\"{other}\"` ignored: not true or false"
                ));
                false
            }
        };
        let page_lang = || {
            element
                .owner_document()
                .and_then(|d| d.document_element())
                .and_then(|html| html.get_attribute("lang"))
        };
        let locale = attribute("locale")
            .or_else(page_lang)
            .map(|l| as_bcp47(&l))
            .filter(|l| !l.is_empty())
            .unwrap_or_else(|| "en".into());
        let wording = Wording::new(Language::from_locale(&locale), |name| {
            attribute(&format!("text-{name}"))
                .or_else(|| (name == "heading").then(|| attribute("heading")).flatten())
        });
        let timeout_ms = match attribute("timeout") {
            None => DEFAULT_TIMEOUT_MS,
            // At most what a browser timer holds (2^31 - 1 ms, 24 days): past it the timer
            // fires at once.
            Some(raw) => raw.trim().parse().ok().filter(|ms| *ms > 0).map_or_else(
                || {
                    host::warn(&format!(
                        "attribute `timeout=\"{raw}\"` ignored: not a number of milliseconds"
                    ));
                    DEFAULT_TIMEOUT_MS
                },
                |ms: u32| ms.min(i32::MAX as u32),
            ),
        };
        let words_lang = wording.words_lang(&locale).map(str::to_owned);
        let title_lang = (words_lang.as_ref())
            .filter(|words| **words != locale)
            .map(|_| locale.clone());
        Settings {
            feed: attribute("feed").unwrap_or_default().trim().to_owned(),
            cart: parse_cart(&attribute("cart").unwrap_or_default()).unwrap_or_else(|why| {
                host::warn(&why);
                Some(Vec::new())
            }),
            history: parse_history(&attribute("history").unwrap_or_default()),
            segment: attribute("segment").filter(|s| !s.trim().is_empty()).and_then(|name| {
                Segment::from_name(&name).or_else(|| {
                    host::warn(&format!(
                        "attribute `segment=\"{name}\"` ignored: not one of new, frequent, high-value, lapsing, everyone"
                    ));
                    None
                })
            }),
            locale,
            currency: attribute("currency")
                .map(|c| c.trim().to_ascii_uppercase())
                .filter(|c| !c.is_empty()),
            placement: attribute("placement")
                .map(|p| p.trim().to_owned())
                .unwrap_or_default(),
            timeout_ms,
            variant_picker: switch("variant-picker"),
            reorder: switch("reorder"),
            swap_by_event: switch("event-swaps"),
            wording,
            words_lang,
            title_lang,
            config: config_from(attribute, host::warn),
        }
    }
}

/// The platforms whose carts the loader's adapters read and change: `cart="shopify"`.
pub const PLATFORMS: [&str; 2] = ["shopify", "woocommerce"];

/// What a `cart` attribute (or `setCart()`) says: the lines, or `None` for a platform whose
/// adapter will report them. An empty value is an empty cart.
pub fn parse_cart(value: &str) -> Result<Option<Vec<CartLine>>, String> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(Some(Vec::new()));
    }
    if PLATFORMS.contains(&value) {
        return Ok(None);
    }
    CartLine::parse_all(value).map(Some).map_err(|why| {
        format!("cart ignored: {why} (expected a JSON array of lines such as [\"sku-1\", {{\"id\": \"sku-2\", \"quantity\": 2}}], or one of: shopify, woocommerce)")
    })
}

/// What a `history` attribute (or `setHistory()`) says: the shopper's past orders; none when
/// empty, and none with one warning when it cannot be read (a broken history must not cost the
/// shopper the add-ons everyone gets).
pub fn parse_history(value: &str) -> History {
    let value = value.trim();
    if value.is_empty() {
        return History::default();
    }
    // Orders placed by today only (the day the widget ranks with).
    let history = History::parse_on(value, crate::day::today()).unwrap_or_else(|why| {
        host::warn(&format!(
            "history ignored: {why} (expected a JSON array of past orders such as [{{\"date\": \"2026-11-02\", \"lines\": [\"sku-1\"]}}])"
        ));
        History::default()
    });
    if let Some(note) = history.left_out_note() {
        host::warn(&format!("history: {note}"));
    }
    history
}

/// Builds the config from attributes named after its fields, so the widget and the CLI's
/// `--config FILE` share one struct and one set of defaults.
pub fn config_from(attribute: impl Fn(&str) -> Option<String>, warn: impl Fn(&str)) -> Config {
    let mut config = Config::default();
    for field in Config::field_names() {
        let name = field.replace('_', "-");
        let raw = attribute(&name).or_else(|| (*field == "max_items").then(|| attribute("max")).flatten());
        let Some(raw) = raw else { continue };
        if let Err(why) = config.set(field, raw.trim()) {
            warn(&format!("attribute `{name}=\"{raw}\"` ignored: {why}"));
        }
    }
    config
}

/// A locale as shops and servers write it (`nl_NL`, ` de`, a POSIX `en_US.UTF-8` or
/// `de_DE@euro`) as BCP 47: `Intl` refuses the underscore and the rest, and prices and days
/// would fall back to ISO codes.
fn as_bcp47(raw: &str) -> String {
    let tag = raw.trim().split(['.', '@']).next().unwrap_or_default();
    tag.replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use checkout_addons_engine::Money;
    use std::cell::RefCell;

    #[test]
    fn a_locale_written_as_a_shop_or_a_server_writes_it_is_read_as_bcp_47() {
        assert_eq!(as_bcp47(" nl_NL "), "nl-NL");
        assert_eq!(as_bcp47("en_US.UTF-8"), "en-US");
        assert_eq!(as_bcp47("de_DE@euro"), "de-DE");
        assert_eq!(as_bcp47("fr-CA"), "fr-CA");
        assert_eq!(as_bcp47(".UTF-8"), "");
    }

    fn attributes<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    }

    #[test]
    fn a_bare_switch_says_yes() {
        let config = config_from(attributes(&[("relevance-only", "")]), |_| panic!("no warning"));
        assert!(config.relevance_only);
        assert!(!config_from(attributes(&[("relevance-only", "false")]), |_| {}).relevance_only);
    }

    #[test]
    fn attributes_override_only_what_they_name() {
        let config = config_from(attributes(&[("max", "2"), ("impulse-max-price", "300")]), |_| {});
        assert_eq!(config.max_items, 2);
        assert_eq!(config.impulse_max_price, Some(Money(300)));
        assert_eq!(
            config.cross_sell_max_share_percent,
            Config::default().cross_sell_max_share_percent
        );
    }

    #[test]
    fn a_bad_attribute_is_reported_by_name_and_ignored() {
        let warnings = RefCell::new(Vec::new());
        let config = config_from(
            attributes(&[("max-items", "lots"), ("relevance-only", "true")]),
            |w| warnings.borrow_mut().push(w.to_owned()),
        );
        assert_eq!(config.max_items, 3);
        assert!(config.relevance_only);
        assert_eq!(warnings.borrow().len(), 1);
        assert!(
            warnings.borrow()[0].contains("max-items=\"lots\""),
            "{:?}",
            warnings.borrow()
        );
    }

    #[test]
    fn attribute_text_cannot_set_other_fields() {
        let sneaky = config_from(attributes(&[("max", "3,\"relevance_only\":true")]), |_| {});
        assert!(!sneaky.relevance_only);
        assert_eq!(sneaky.max_items, Config::default().max_items);
    }

    #[test]
    fn a_cart_is_json_lines_or_a_platform_name() {
        let lines = parse_cart(r#"["a", {"id": "b", "quantity": 2}]"#)
            .unwrap()
            .unwrap();
        assert_eq!(
            lines[1],
            CartLine {
                quantity: 2,
                ..CartLine::one("b")
            }
        );
        assert_eq!(parse_cart(" ").unwrap(), Some(Vec::new()));
        assert_eq!(parse_cart("shopify").unwrap(), None);
        assert_eq!(parse_cart("woocommerce").unwrap(), None);
        let why = parse_cart("a,b").unwrap_err();
        assert!(why.starts_with("cart ignored: line 1, column 1"), "{why}");
    }
}
