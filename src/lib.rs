//! The checkout-addons widget: a thin Leptos layer over the engine.
//!
//! `loader/checkout-addons.js` defines the `<checkout-addons>` element and calls [`mount`] for
//! each one; everything else (feed loading, ranking, rendering, the add) happens here. Data
//! flows one way: feed -> engine -> view -> cart adapter.

mod cart_adapter;
mod copy;
mod feed;
mod host;
mod price;
mod settings;
mod view;

// The minifier build.rs runs over the stylesheet; compiled here only for its tests.
#[cfg(test)]
#[path = "../style/minify.rs"]
mod minify;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

pub use copy::{Language, Wording};
pub use settings::Settings;

/// One mounted widget. The loader keeps it while the element is in the page and calls
/// [`Widget::unmount`] when the element leaves, so each element has its own reactive root.
#[wasm_bindgen]
pub struct Widget {
    cart: RwSignal<Vec<String>>,
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl Widget {
    /// Tells the widget what the cart holds now: comma-separated product or variant ids.
    /// Recommendations are recomputed without fetching the feed again.
    pub fn set_cart(&self, ids: &str) {
        self.cart.set(settings::parse_cart(ids));
    }

    /// Removes the widget's view and frees its reactive state.
    pub fn unmount(mut self) {
        self.mounted.take();
        self.cart.dispose();
    }
}

/// Mounts a widget into `host`, reading its settings from the element's attributes.
///
/// Never panics on bad input: a broken feed or attribute collapses the widget and reports it
/// (one console warning and a `checkout-addons:error` event), because a panic would kill the
/// one wasm instance every widget on the page shares.
#[wasm_bindgen]
pub fn mount(host: HtmlElement) -> Result<Widget, JsValue> {
    let settings = Settings::from_element(&host);
    let container = host::shadow_container(&host)?;
    let cart = RwSignal::new(settings.cart.clone());
    let handle = leptos::mount::mount_to(container, move || {
        view::AddOns(view::AddOnsProps { host, settings, cart })
    });
    Ok(Widget {
        cart,
        mounted: Some(Box::new(handle)),
    })
}
