//! A panic stops the one wasm instance every widget on the page shares. This file is its own
//! test binary (its own instance), because after the panic nothing else may run in it.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use checkout_addons::mount;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, HtmlElement};

mod browser;

use browser::{data_url, document, tick};

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{"version": 1, "currency": "EUR", "products": [
  {"id": "shoes", "title": "Suede shoes", "price": 12000},
  {"id": "brush", "title": "Suede brush", "price": 700}
], "complements": [{"from": "shoes", "to": "brush"}]}"#;

fn host() -> HtmlElement {
    browser::host(&[("feed", &data_url(FEED)), ("cart", r#"["shoes"]"#)])
}

#[wasm_bindgen_test]
async fn a_panic_collapses_every_widget_and_reports_it_once_each() {
    let errors = Rc::new(RefCell::new(Vec::<String>::new()));
    let sink = errors.clone();
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        let message = js_sys::Reflect::get(&event.detail(), &"message".into()).unwrap();
        sink.borrow_mut().push(message.as_string().unwrap_or_default());
    });
    document()
        .add_event_listener_with_callback("checkout-addons:error", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();

    let (first, second) = (host(), host());
    let (first_widget, _second_widget) = (
        mount(first.clone(), JsValue::UNDEFINED).unwrap(),
        mount(second.clone(), JsValue::UNDEFINED).unwrap(),
    );
    // Loading takes a few ticks, more on a busy machine: wait for it rather than guess.
    for _ in 0..200 {
        let states = [&first, &second].map(|h| h.get_attribute("data-state"));
        if states
            .iter()
            .all(|s| s.as_deref() != Some("loading") && s.is_some())
        {
            break;
        }
        tick(10).await;
    }
    assert_eq!(first.get_attribute("data-state").as_deref(), Some("ready"));
    assert_eq!(second.get_attribute("data-state").as_deref(), Some("ready"));

    // Any bug that panics inside the instance: here called from JS, as event handlers are.
    let bug = Closure::<dyn Fn()>::new(|| panic!("a bug"));
    let call: &js_sys::Function = bug.as_ref().unchecked_ref();
    assert!(call.call0(&JsValue::NULL).is_err(), "the panic aborts the call");

    for host in [&first, &second] {
        assert_eq!(host.get_attribute("data-state").as_deref(), Some("error"));
        let display = web_sys::window()
            .unwrap()
            .get_computed_style(host)
            .unwrap()
            .unwrap();
        assert_eq!(
            display.get_property_value("display").unwrap(),
            "none",
            "no empty frame"
        );
    }
    assert_eq!(errors.borrow().len(), 2, "{:?}", errors.borrow());
    assert!(errors.borrow()[0].contains("a bug"), "{:?}", errors.borrow());
    // Nothing calls into the stopped instance any more: updates are ignored, new widgets refused.
    first_widget.set_cart("");
    first_widget.refresh();
    assert!(mount(host(), JsValue::UNDEFINED).is_err());
    assert_eq!(first.get_attribute("data-state").as_deref(), Some("error"));
}
