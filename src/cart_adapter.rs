//! How an add reaches the shop's cart, behind one interface:
//!
//! - the **event adapter** (always): `checkout-addons:add` is dispatched on the element,
//!   cancelable; a listener that calls `preventDefault()` refuses the add, and one that calls
//!   `event.detail.waitUntil(promise)` keeps the button in "adding" until the promise settles;
//! - an **object adapter** a page sets as `element.cartAdapter = { add(item), remove(item) }`:
//!   each returns a promise (or nothing); `remove` is optional and enables the undo button;
//!   `replace` is optional and enables upsells: an upgrade takes its cart item's place.
//!
//! Platform adapters (Shopify, WooCommerce) are object adapters the loader provides.
//!
//! Whatever answers, it answers within the widget's `timeout`, or the add has failed: a cart
//! that never answers must not leave the button "adding" for good. A rejection carrying a
//! `shopperMessage` (the shop's own words: "sold out") is shown on the card.

use std::cell::RefCell;
use std::rc::Rc;

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
    /// How many: one for an add; for a swap, the quantity of the line it replaces.
    pub quantity: u32,
    /// For an upsell, the cart line it takes the place of: the add is a swap.
    pub replaces: Option<Replaced>,
}

/// The cart line an upgrade replaces: the line leaves as the upgrade comes in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Replaced {
    /// The product.
    pub product_id: String,
    /// The variant in the cart, when the line is one.
    pub variant_id: Option<String>,
    /// Its unit price in the feed, in minor units: analytics count a swap as the upgrade in
    /// and this line out, so its value is the difference.
    pub price: Money,
    /// Its title, for the announcement that says which item the upgrade replaced.
    pub title: String,
}

impl AddRequest {
    /// The title as a card and the announcements say it: with its quantity when one press
    /// adds more than one ("2 × Beans").
    pub fn counted_title(&self) -> String {
        match self.quantity {
            1 => self.title.clone(),
            n => format!("{n} × {}", self.title),
        }
    }

    /// The item as events and adapters see it: `{productId, variantId, title, price, currency,
    /// quantity}`, price in minor units, and for a swap `replaces: {productId, variantId,
    /// title, price}` (the line's unit price in the feed).
    pub fn detail(&self) -> Detail {
        let detail = Detail::new()
            .text("productId", &self.product_id)
            .optional_text("variantId", self.variant_id.as_deref())
            .text("title", &self.title)
            .number("price", self.price.minor())
            .text("currency", &self.currency)
            .number("quantity", i64::from(self.quantity));
        match &self.replaces {
            Some(old) => {
                let replaced = Detail::new()
                    .text("productId", &old.product_id)
                    .optional_text("variantId", old.variant_id.as_deref())
                    .text("title", &old.title)
                    .number("price", old.price.minor());
                detail.value("replaces", &replaced.into_value())
            }
            None => detail,
        }
    }
}

/// The page's object adapter (`element.cartAdapter`, `undefined` for none) as it was when an
/// action began. A reorder's lines and their take-back all go to it: a theme that redraws its
/// cart drawer after the first line takes the widget off the page, and its adapter with it,
/// and the rest of the order must still reach the cart.
pub struct Adapter(Result<JsValue, JsValue>);

impl Adapter {
    /// The host's adapter now. Reading it may throw (a getter of the page's that fails): then
    /// every call through it fails, as a failed add, not as a page without an adapter.
    pub fn of(host: &HtmlElement) -> Adapter {
        Adapter(Reflect::get(host, &"cartAdapter".into()))
    }

    /// Its method `name`, when it is a function.
    fn method(&self, name: &str) -> Result<Option<Function>, Failure> {
        let threw = |e: &JsValue| {
            Failure::from(format!("reading cartAdapter.{name} threw: {}", failure(e).message).as_str())
        };
        let adapter = self.0.as_ref().map_err(threw)?;
        if !adapter.is_object() {
            return Ok(None);
        }
        Ok(Reflect::get(adapter, &name.into())
            .map_err(|e| threw(&e))?
            .dyn_into()
            .ok())
    }

    /// Calls a method of it (from [`Adapter::method`]) with the item; a synchronous throw
    /// counts as a rejection.
    fn call(&self, method: &Function, request: &AddRequest) -> Result<JsValue, JsValue> {
        let undefined = JsValue::UNDEFINED;
        method.call1(
            self.0.as_ref().unwrap_or(&undefined),
            &request.detail().into_value(),
        )
    }
}

/// Whether the page's cart can take an add back (its object adapter has `remove`).
pub fn can_remove(host: &HtmlElement) -> bool {
    has(host, "remove")
}

/// Whether the page's cart can swap an item for its upgrade (its object adapter has
/// `replace`). Without it the widget offers no upsells: an upgrade added beside the item it
/// upgrades would have the shopper pay for both.
pub fn can_swap(host: &HtmlElement) -> bool {
    has(host, "replace")
}

fn has(host: &HtmlElement, name: &str) -> bool {
    matches!(Adapter::of(host).method(name), Ok(Some(_)))
}

/// Why the cart did not do what was asked.
#[derive(Debug)]
pub struct Failure {
    /// For the console: what the page, the shop or the network said.
    pub message: String,
    /// For the shopper, when the shop said something meant for them.
    pub for_shopper: Option<String>,
    /// The answer still outstanding when the wait timed out. A slow cart may yet do it: the
    /// widget listens, so an add that lands late is shown as added, not as failed.
    pub late: Option<Promise>,
}

impl Failure {
    /// What the card shows in the reason's place: the shop's words, or nothing.
    pub fn for_card(&self) -> String {
        self.for_shopper.clone().unwrap_or_default()
    }
}

impl From<&str> for Failure {
    fn from(message: &str) -> Failure {
        Failure {
            message: message.to_owned(),
            for_shopper: None,
            late: None,
        }
    }
}

/// Puts `request` in the shop's cart, waiting at most `timeout_ms` for each answer. A swap
/// goes to the page's add listener when it does swaps (`swap_by_event`), else to the object
/// adapter's `replace`.
pub async fn add(
    host: &HtmlElement,
    request: &AddRequest,
    timeout_ms: u32,
    swap_by_event: bool,
) -> Result<(), Failure> {
    add_to(host, &Adapter::of(host), request, timeout_ms, swap_by_event).await
}

/// [`add`], through `adapter` (with the host's events).
pub async fn add_to(
    host: &HtmlElement,
    adapter: &Adapter,
    request: &AddRequest,
    timeout_ms: u32,
    swap_by_event: bool,
) -> Result<(), Failure> {
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
    let dispatched = dispatch_add(host, &event_detail);
    // `waitUntil` during the dispatch only, as a service worker's: a call after the listener's
    // first `await` came when the add had gone on without it (the card said "added" for an
    // add the page then failed). Now it throws, where the page's developer sees it.
    js_sys::Object::freeze(&pending);
    if let Some(thrown) = dispatched? {
        // Unless a listener took the add in hand (`waitUntil`): then its promise decides, as
        // the page may add the item whatever another listener threw, and a card that said
        // "failed" would invite a second add.
        if pending.length() == 0 {
            return Err(thrown);
        }
        host::warn(&thrown.message);
    }
    // A swap only through `replace`, which does both halves: an `add` would leave the old
    // item in the cart beside its upgrade.
    let adapter_method = match request.replaces {
        Some(_) if swap_by_event => None,
        Some(_) => Some(adapter.method("replace")?.ok_or("the cart cannot swap items")?),
        None => adapter.method("add")?,
    };
    if let Some(add) = adapter_method {
        settle(adapter.call(&add, request), timeout_ms).await?;
    }
    if pending.length() > 0 {
        settle(Ok(Promise::all(&pending).into()), timeout_ms).await?;
    }
    Ok(())
}

/// Takes `request` back out of the shop's cart, through the object adapter's `remove`; for a
/// swap the adapter also puts the replaced item back (the detail carries `replaces`). Waits
/// for the cart's answer however late: until it comes, the cart may yet take the item back,
/// and a card that said "still in your cart" would take a second undo meanwhile.
pub async fn remove(host: &HtmlElement, request: &AddRequest) -> Result<(), Failure> {
    remove_from(&Adapter::of(host), request).await
}

/// [`remove`], through `adapter`.
pub async fn remove_from(adapter: &Adapter, request: &AddRequest) -> Result<(), Failure> {
    let remove = adapter.method("remove")?.ok_or("the cart cannot remove items")?;
    let answer = adapter.call(&remove, request).map_err(|e| failure(&e))?;
    late_answer(Promise::resolve(&answer)).await
}

/// Dispatches `checkout-addons:add`; an error when a listener refused it, and what a listener
/// threw. Browsers report a listener's exception to the window's `error` event during the
/// dispatch and carry on as if nothing happened, so the widget listens for that while it
/// dispatches: an add the page's own code broke on must not be shown as added.
fn dispatch_add(host: &HtmlElement, detail: &Detail) -> Result<Option<Failure>, Failure> {
    let thrown: Rc<RefCell<Option<String>>> = Rc::default();
    let seen = thrown.clone();
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let message = Reflect::get(&event, &"message".into())
            .ok()
            .and_then(|m| m.as_string());
        seen.borrow_mut().get_or_insert(message.unwrap_or_default());
    });
    let window = web_sys::window();
    let watch = |on: bool| {
        let Some(window) = &window else { return };
        let callback = listener.as_ref().unchecked_ref();
        let _ = match on {
            true => window.add_event_listener_with_callback("error", callback),
            false => window.remove_event_listener_with_callback("error", callback),
        };
    };
    watch(true);
    let passed = host::emit(host, "add", detail);
    watch(false);
    if !passed {
        return Err("refused by the page".into());
    }
    let thrown = thrown.borrow_mut().take();
    Ok(thrown
        .map(|message| Failure::from(format!("a checkout-addons:add listener threw: {message}").as_str())))
}

/// Waits for an adapter's answer, or `timeout_ms`.
async fn settle(outcome: Result<JsValue, JsValue>, timeout_ms: u32) -> Result<(), Failure> {
    let value = outcome.map_err(|e| failure(&e))?;
    let late = format!("the cart did not answer within {timeout_ms} ms");
    // The timer rejects with the message; rejecting a promise that already settled does nothing.
    let deadline = Promise::new(&mut |_, reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                timeout_ms as i32,
                &late.as_str().into(),
            );
        }
    });
    let pending = Promise::resolve(&value);
    let answer = Promise::race(&Array::of2(&pending, &deadline));
    JsFuture::from(answer).await.map(drop).map_err(|e| {
        let timed_out = e.as_string().as_deref() == Some(late.as_str());
        Failure {
            late: timed_out.then_some(pending),
            ..failure(&e)
        }
    })
}

/// What a rejection says: an Error's message, a string, or a generic word; and the shop's
/// `shopperMessage`, when it has one.
fn failure(error: &JsValue) -> Failure {
    let text = |name: &str| {
        Reflect::get(error, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .filter(|s| !s.trim().is_empty())
    };
    let for_shopper = error.is_object().then(|| text("shopperMessage")).flatten();
    let message = error
        .as_string()
        .or_else(|| error.is_object().then(|| text("message")).flatten())
        .or_else(|| for_shopper.clone())
        .unwrap_or_else(|| "the cart failed".into());
    Failure {
        message,
        for_shopper,
        late: None,
    }
}

/// The answer that came too late: a success after all, or the failure it says.
pub async fn late_answer(late: Promise) -> Result<(), Failure> {
    JsFuture::from(late).await.map(drop).map_err(|e| failure(&e))
}
