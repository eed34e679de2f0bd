//! The checkout-addons widget: a thin Leptos layer over the engine.
//!
//! `loader/checkout-addons.js` finds the `<checkout-addons>` elements (and `<div
//! data-checkout-addons>`) and calls [`mount`] for each one; everything else (feed loading,
//! ranking, rendering, the add) happens here. Data flows one way: feed -> engine -> view ->
//! cart adapter.

mod card_actions;
mod card_states;
mod cart_adapter;
mod copy;
mod day;
mod feed;
mod fetch;
mod folder;
mod host;
mod locale_text;
mod press_hold;
mod price;
mod settings;
mod view;

// The minifier build.rs runs over the stylesheet; compiled here only for its tests.
#[cfg(test)]
#[path = "../style/minify.rs"]
mod minify;

use checkout_addons_engine::{CartLine, History};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

pub use copy::{Language, Text, Wording};
pub use locale_text::{written_day, written_here, written_price, CURRENCIES};
pub use settings::Settings;

/// One mounted widget. The loader keeps it while the element is in the page and calls
/// [`Widget::unmount`] when the element leaves, so each element has its own reactive root.
#[wasm_bindgen]
pub struct Widget {
    host: HtmlElement,
    cart: RwSignal<Option<Vec<CartLine>>>,
    passed_over: RwSignal<Vec<String>>,
    history: RwSignal<History>,
    card_states: RwSignal<card_states::CardStates>,
    reload: RwSignal<u32>,
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl Widget {
    /// Tells the widget what the cart holds now: a JSON array of lines (`"id"` or `{"id",
    /// "quantity"}`), as the `cart` attribute, a page's `setCart()` or a platform adapter
    /// report it. Recommendations are recomputed without fetching the feed again, and cards
    /// the shopper added leave, unless the lines are the ones it holds already. A platform name changes nothing (its adapter reports the
    /// lines); a malformed cart is reported and the last good one kept.
    pub fn set_cart(&self, lines: &str) {
        if host::stopped() {
            return;
        }
        match settings::parse_cart(lines) {
            // The cart as it was (a theme refreshing after the widget's own add, a page that
            // reports on every render) is no change: added cards keep their undo.
            Ok(Some(lines)) if self.cart.with_untracked(|cart| cart.as_ref() == Some(&lines)) => {}
            Ok(Some(lines)) => {
                self.card_states
                    .maybe_update(|cards| cards.cart_changed(|id| lines.iter().any(|line| line.id == id)));
                self.cart.set(Some(lines));
            }
            Ok(None) => {}
            Err(why) => host::warn(&why),
        }
    }

    /// Tells the widget which products this shopper passed over lately (the loader keeps
    /// count, in the browser only): a JSON array of ids. They are not offered.
    pub fn set_passed_over(&self, ids: &str) {
        if host::stopped() {
            return;
        }
        match CartLine::parse_all(ids) {
            Ok(lines) => self
                .passed_over
                .set(lines.into_iter().map(|line| line.id).collect()),
            Err(why) => host::warn(&format!("passed-over products ignored: {why}")),
        }
    }

    /// Fetches the feed again (after the shop changed it); the cards on screen stay until the
    /// new feed is in.
    pub fn set_history(&self, orders: &str) {
        if !host::stopped() {
            self.history.set(settings::parse_history(orders));
        }
    }

    pub fn refresh(&self) {
        if !host::stopped() {
            self.reload.update(|n| *n += 1);
        }
    }

    /// Removes the widget's view and frees its reactive state.
    pub fn unmount(mut self) {
        host::unregister(&self.host);
        if !host::stopped() {
            self.mounted.take();
            self.cart.dispose();
            self.passed_over.dispose();
            self.history.dispose();
            self.card_states.dispose();
            self.reload.dispose();
        }
    }
}

/// Mounts a widget into `host`, reading its settings from the element's attributes. The
/// loader passes the feed request it already `started` (`{response, controller}`: the `fetch`
/// promise and its AbortController), so the download overlaps loading the wasm; without it
/// the widget fetches the feed itself.
///
/// Never panics on bad input: a broken feed or attribute collapses the widget and reports it
/// (one console warning and a `checkout-addons:error` event). Should a bug panic anyway, every
/// widget on the page collapses and reports it, because a panic stops the one wasm instance
/// they all share.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, started: JsValue) -> Result<Widget, JsValue> {
    if host::stopped() {
        return Err("stopped after an internal error".into());
    }
    let settings = Settings::from_element(&host);
    let container = host::shadow_container(&host)?;
    // The widget's language may not be the page's (`locale="nl-BE"` on a French page, or
    // English standing in on a `pt-BR` one): said here, a screen reader speaks its words and
    // the browser hyphenates them in it. (The view gives product titles the page's back.)
    if let Some(lang) = &settings.words_lang {
        container.set_attribute("lang", lang)?;
    }
    host::register(&host);
    let cart = RwSignal::new(settings.cart.clone());
    let card_states = RwSignal::new(card_states::CardStates::default());
    let passed_over = RwSignal::new(Vec::new());
    let history = RwSignal::new(settings.history.clone());
    let reload = RwSignal::new(0);
    // The loader's requests for a folder's shards and for refreshes, by URL (`started.shard(url)`).
    if let Ok(shard) = js_sys::Reflect::get(&started, &"shard".into()) {
        fetch::take_loader_requests_from(shard.dyn_into().ok());
    }
    let started = fetch::Started::from_js(&started);
    let element = host.clone();
    let handle = leptos::mount::mount_to(container, move || {
        view::AddOns(view::AddOnsProps {
            host: element,
            settings,
            cart,
            passed_over,
            history,
            card_states,
            reload,
            started,
        })
    });
    Ok(Widget {
        host,
        cart,
        passed_over,
        history,
        card_states,
        reload,
        mounted: Some(Box::new(handle)),
    })
}
