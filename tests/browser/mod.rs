//! Shared by the browser test binaries (`web.rs`, `panic.rs`): a page element to mount into,
//! a feed without a server, and waiting.
#![allow(dead_code)] // each binary uses its own share

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A feed the widget can fetch without a server.
pub fn data_url(json: &str) -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

/// A `<div>` with `attributes`, in the page.
pub fn host(attributes: &[(&str, &str)]) -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Lets `ms` milliseconds of the page's own life pass.
pub async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}
