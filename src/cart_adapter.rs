//! How an add reaches the shop's cart, behind one interface:
//!
//! - the **event adapter** (always): `checkout-addons:add` is dispatched on the element,
//!   cancelable; a listener that calls `preventDefault()` refuses the add, and one that calls
//!   `event.detail.waitUntil(promise)` keeps the button in "adding" until the promise settles;
//! - an **object adapter** a page sets as `element.cartAdapter = { add(item), remove(item) }`:
//!   each returns a promise (or nothing); `remove` is optional and enables the undo button.
//!
//! Platform adapters (Shopify, WooCommerce) are object adapters the loader provides.

use checkout_addons_engine::Money;
use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

use crate::host::{self, Detail};

/// What the shop needs to put one item in its cart.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct AddRequest {
    /// The product.
    pub product_id: String,
    /// The preselected variant (the cheapest available one), when the product has variants.
    pub variant_id: Option<String>,
    /// Shown in the shop's cart.
    pub title: String,
    /// In minor units.
    pub price: Money,
    /// ISO 4217 code.
    pub currency: String,
    /// How many; one-click adds add one.
    pub quantity: u32,
}

impl AddRequest {
    /// The item as events and adapters see it: `{productId, variantId, title, price, currency,
    /// quantity}`, price in minor units.
    pub fn detail(&self) -> Detail {
        Detail::new()
            .text("productId", &self.product_id)
            .optional_text("variantId", self.variant_id.as_deref())
            .text("title", &self.title)
            .number("price", self.price.minor())
            .text("currency", &self.currency)
            .number("quantity", i64::from(self.quantity))
    }
}

/// Whether the page's cart can take an add back (its object adapter has `remove`).
pub fn can_remove(host: &HtmlElement) -> bool {
    method(host, "remove").is_some()
}

/// Puts `request` in the shop's cart. `Err` carries what the shop or the network said.
pub async fn add(host: &HtmlElement, request: &AddRequest) -> Result<(), String> {
    let detail = request.detail();
    let pending = Array::new();
    // `waitUntil` is the array's own `push`, bound: no closure to allocate and free.
    let push = Reflect::get(&pending, &"push".into())
        .ok()
        .and_then(|push| push.dyn_into::<Function>().ok())
        .map(|push| push.bind0(&pending));
    let event_detail = match push {
        Some(push) => detail.value("waitUntil", &push),
        None => detail,
    };
    if !host::emit(host, "add", &event_detail) {
        return Err("refused by the page".into());
    }
    if let Some(add) = method(host, "add") {
        settle(call(host, &add, request)).await?;
    }
    if pending.length() > 0 {
        settle(Ok(Promise::all(&pending).into())).await?;
    }
    Ok(())
}

/// Takes `request` back out of the shop's cart, through the object adapter's `remove`.
pub async fn remove(host: &HtmlElement, request: &AddRequest) -> Result<(), String> {
    let remove = method(host, "remove").ok_or("the cart cannot remove items")?;
    settle(call(host, &remove, request)).await
}

/// `element.cartAdapter[name]`, when it is a function.
fn method(host: &HtmlElement, name: &str) -> Option<Function> {
    let adapter = Reflect::get(host, &"cartAdapter".into()).ok()?;
    if !adapter.is_object() {
        return None;
    }
    Reflect::get(&adapter, &name.into()).ok()?.dyn_into().ok()
}

/// Calls an adapter method with the item; a synchronous throw counts as a rejection.
fn call(host: &HtmlElement, method: &Function, request: &AddRequest) -> Result<JsValue, JsValue> {
    let adapter = Reflect::get(host, &"cartAdapter".into())?;
    method.call1(&adapter, &request.detail().into_value())
}

async fn settle(outcome: Result<JsValue, JsValue>) -> Result<(), String> {
    let value = outcome.map_err(|e| message(&e))?;
    JsFuture::from(Promise::resolve(&value))
        .await
        .map(drop)
        .map_err(|e| message(&e))
}

/// What a rejection says: an Error's message, a string, or a generic word.
fn message(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "the cart failed".into())
}
