//! The widget's place in the host page: a shadow root, so the shop's CSS cannot break the
//! widget nor the widget the shop, and events that reach the shop's own scripts.

use std::cell::OnceCell;

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, CustomEvent, CustomEventInit, HtmlElement, ShadowRootInit, ShadowRootMode};

// style/widget.css, minified by build.rs.
const STYLE: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

thread_local! {
    // One constructed stylesheet shared by every widget on the page.
    static SHEET: OnceCell<Result<CssStyleSheet, JsValue>> = const { OnceCell::new() };
}

/// Opens (or reuses) the host's shadow root, adopts the widget's stylesheet, and returns an
/// empty element inside it to render into.
pub fn shadow_container(host: &HtmlElement) -> Result<HtmlElement, JsValue> {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    let sheet = SHEET.with(|cell| {
        cell.get_or_init(|| {
            let sheet = CssStyleSheet::new()?;
            sheet.replace_sync(STYLE)?;
            Ok(sheet)
        })
        .clone()
    })?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    // Emptied node by node: a page enforcing Trusted Types refuses any string written as HTML,
    // even an empty one.
    while let Some(child) = shadow.first_child() {
        shadow.remove_child(&child)?;
    }
    let document = host.owner_document().ok_or("the element is not in a document")?;
    let container: HtmlElement = document.create_element("div")?.unchecked_into();
    container.set_attribute("part", "root")?;
    shadow.append_child(&container)?;
    Ok(container)
}

/// Dispatches `checkout-addons:{name}` on the host: bubbling, crossing shadow roots, and
/// cancelable so a shop can refuse. Returns false when a listener called `preventDefault()`.
pub fn emit(host: &HtmlElement, name: &str, detail: &Detail) -> bool {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail.0);
    match CustomEvent::new_with_event_init_dict(&format!("checkout-addons:{name}"), &init) {
        // A listener that throws must not break us; dispatch reports it to the console itself.
        Ok(event) => host.dispatch_event(&event).unwrap_or(true),
        Err(_) => true,
    }
}

/// The `detail` object of one of our events, built field by field. (Built directly rather than
/// serialized: serde_json's serializer would add kilobytes to every checkout page.)
pub struct Detail(js_sys::Object);

impl Detail {
    /// An empty detail.
    pub fn new() -> Detail {
        Detail(js_sys::Object::new())
    }

    /// Adds a text field.
    pub fn text(self, key: &str, value: &str) -> Detail {
        self.value(key, &JsValue::from_str(value))
    }

    /// Adds a number field; amounts in minor units fit a JS number exactly below 2^53.
    pub fn number(self, key: &str, value: i64) -> Detail {
        self.value(key, &JsValue::from_f64(value as f64))
    }

    /// Adds a text field, or `null`.
    pub fn optional_text(self, key: &str, value: Option<&str>) -> Detail {
        self.value(key, &value.map_or(JsValue::NULL, JsValue::from_str))
    }

    /// Adds a list of details.
    pub fn list(self, key: &str, items: impl IntoIterator<Item = Detail>) -> Detail {
        let array: js_sys::Array = items.into_iter().map(Detail::into_value).collect();
        self.value(key, &array)
    }

    /// Adds any JS value.
    pub fn value(self, key: &str, value: &JsValue) -> Detail {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }

    /// The plain JS object.
    pub fn into_value(self) -> JsValue {
        self.0.into()
    }
}

/// Tells the page's CSS which state the widget is in (`loading`, `ready`, `empty`, `error`):
/// the stylesheet reserves space while loading and collapses the element when there is
/// nothing to show.
pub fn set_state(host: &HtmlElement, state: &str) {
    let _ = host.set_attribute("data-state", state);
}

/// Resolves in a later task of the page's event loop: long work split there lets the browser
/// paint and answer the shopper between the parts (no long task over 50 ms, docs/benchmarks.md).
/// `scheduler.yield()` where the browser has it: a chain of `setTimeout(0)` is held back 4 ms a
/// link after its fifth, which a big feed's hundred slices would pay in full.
pub async fn next_task() {
    use wasm_bindgen::JsCast;
    let scheduler = js_sys::Reflect::get(&js_sys::global(), &"scheduler".into()).ok();
    let yielded = scheduler.and_then(|scheduler| {
        let function = js_sys::Reflect::get(&scheduler, &"yield".into()).ok()?;
        let promise = function.dyn_ref::<js_sys::Function>()?.call0(&scheduler).ok()?;
        promise.dyn_into::<js_sys::Promise>().ok()
    });
    let promise = yielded.unwrap_or_else(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            let later = web_sys::window().and_then(|w| w.set_timeout_with_callback(&resolve).ok());
            if later.is_none() {
                let _ = resolve.call0(&JsValue::NULL);
            }
        })
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[wasm_bindgen]
extern "C" {
    // Caught: a page may make `console.warn` throw (a strict test setup or error monitor), and
    // an exception crossing the wasm unwinds no Rust code, so a signal read around the warning
    // would stay locked and the next change to it stop every widget on the page.
    #[wasm_bindgen(catch, js_namespace = console, js_name = warn)]
    fn console_warn(message: &str) -> Result<(), JsValue>;
}

/// One warning in the console, prefixed so shop developers can filter for it.
pub fn warn(message: &str) {
    let _ = console_warn(&format!("checkout-addons: {message}"));
}

thread_local! {
    // Every mounted widget's element, so a panic can collapse them all.
    static HOSTS: std::cell::RefCell<Vec<HtmlElement>> = const { std::cell::RefCell::new(Vec::new()) };
}

// Set by the panic hook: the one wasm instance is no longer trustworthy, so nothing calls in.
static STOPPED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Remembers a mounted widget's element, and installs the panic hook on first use.
pub fn register(host: &HtmlElement) {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| std::panic::set_hook(Box::new(|info| stop(&info.to_string()))));
    HOSTS.with(|hosts| hosts.borrow_mut().push(host.clone()));
}

/// Forgets an element whose widget was unmounted.
pub fn unregister(host: &HtmlElement) {
    HOSTS.with(|hosts| {
        if let Ok(mut hosts) = hosts.try_borrow_mut() {
            hosts.retain(|h| h != host);
        }
    });
}

/// Whether a panic has stopped every widget on the page.
pub fn stopped() -> bool {
    STOPPED.load(std::sync::atomic::Ordering::Relaxed)
}

/// After a panic: one console warning, and every widget collapses and reports `:error`.
/// A panic aborts the wasm instance every widget shares, so they all stop together rather
/// than some staying on screen with state nobody can update.
fn stop(reason: &str) {
    if STOPPED.swap(true, std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let message = format!("stopped after an internal error: {reason}");
    warn(&message);
    HOSTS.with(|hosts| {
        // The panic may have happened while the list was borrowed; then nobody is told.
        if let Ok(hosts) = hosts.try_borrow() {
            for host in hosts.iter() {
                set_state(host, "error");
                emit(host, "error", &Detail::new().text("message", &message));
            }
        }
    });
}

/// Where the keyboard is in the widget: the control's `part` and its card's product id
/// (`data-id`), as one text for [`refocus`]; empty when the focus is not on a card.
pub fn focused_control(host: &HtmlElement) -> String {
    let on = || {
        let active = host.shadow_root()?.active_element()?;
        let card = active.closest("li").ok()??;
        Some(format!(
            "{} {}",
            active.get_attribute("part")?,
            card.get_attribute("data-id")?
        ))
    };
    on().unwrap_or_default()
}

/// Puts the focus back on the control [`focused_control`] named, when a redraw took it away:
/// a card drawn anew (a new reason or price) is a new element, and the focus on the old one
/// was lost to the page. Only where the focus is nowhere now (the page's body), and only on
/// the same product's card, so a shopper who moved on is never pulled back.
pub fn refocus(host: &HtmlElement, control: &str) {
    let again = || {
        let (part, id) = control.split_once(' ')?;
        let root = host.shadow_root()?;
        // Lost, the focus is on the page's body; anywhere else the shopper (or the page) put it.
        let page = host.owner_document()?.active_element();
        if root.active_element().is_some() || page.is_some_and(|on| on.tag_name() != "BODY") {
            return None;
        }
        let mut card = root.query_selector(".cards").ok()??.first_element_child();
        while let Some(li) = card {
            if li.get_attribute("data-id").as_deref() == Some(id) {
                let target = li.query_selector(&format!("[part={part}]")).ok()??;
                return target.unchecked_into::<HtmlElement>().focus().ok();
            }
            card = li.next_element_sibling();
        }
        None
    };
    again();
}
