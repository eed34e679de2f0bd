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
    shadow.set_inner_html("");
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
        self.set(key, &JsValue::from_str(value))
    }

    /// Adds a number field; amounts in minor units fit a JS number exactly below 2^53.
    pub fn number(self, key: &str, value: i64) -> Detail {
        self.set(key, &JsValue::from_f64(value as f64))
    }

    /// Adds a text field, or `null`.
    pub fn optional_text(self, key: &str, value: Option<&str>) -> Detail {
        self.set(key, &value.map_or(JsValue::NULL, JsValue::from_str))
    }

    fn set(self, key: &str, value: &JsValue) -> Detail {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), value);
        self
    }
}

/// Tells the page's CSS which state the widget is in (`loading`, `ready`, `empty`, `error`):
/// the stylesheet reserves space while loading and collapses the element when there is
/// nothing to show.
pub fn set_state(host: &HtmlElement, state: &str) {
    let _ = host.set_attribute("data-state", state);
}

/// One warning in the console, prefixed so shop developers can filter for it.
pub fn warn(message: &str) {
    web_sys::console::warn_1(&format!("checkout-addons: {message}").into());
}
