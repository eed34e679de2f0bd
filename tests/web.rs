//! The widget in a real browser (headless Chromium through wasm-bindgen-test): each test
//! mounts one widget into a fresh element, waits for it to settle, and looks at the DOM the
//! shopper would see.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use checkout_addons::{mount, Widget};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{CustomEvent, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{
  "version": 1, "currency": "EUR",
  "products": [
    {"id": "shoes", "title": "Suede shoes", "price": 12000, "category": ["Shoes"]},
    {"id": "brush", "title": "Suede brush", "price": 700, "category": ["Care", "Brushes"], "image": "/img/brush.svg",
     "variants": [{"id": "brush-xl", "title": "XL", "price": 900}, {"id": "brush-s", "title": "S", "price": 700}]},
    {"id": "spray", "title": "Suede spray", "price": 900, "compare_at_price": 1200, "category": ["Care", "Sprays"]},
    {"id": "socks", "title": "Socks", "price": 1000, "category": ["Socks"]},
    {"id": "<img src=x onerror=alert(1)>", "title": "<script>window.pwned=1</script>", "price": 500, "category": ["Evil"]}
  ],
  "complements": [
    {"from": "shoes", "to": "brush"}, {"from": "shoes", "to": "spray"}, {"from": "shoes", "to": "socks"},
    {"from": "shoes", "to": "<img src=x onerror=alert(1)>"}
  ]
}"#;

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A feed the widget can fetch without a server.
fn data_url(json: &str) -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

fn host(attributes: &[(&str, &str)]) -> HtmlElement {
    let element: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    for (name, value) in attributes {
        element.set_attribute(name, value).unwrap();
    }
    document().body().unwrap().append_child(&element).unwrap();
    element
}

async fn tick(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits until the widget leaves `loading` and returns its state.
async fn settled(host: &HtmlElement) -> String {
    for _ in 0..200 {
        match host.get_attribute("data-state").as_deref() {
            Some("loading") | None => tick(10).await,
            Some(state) => return state.to_owned(),
        }
    }
    panic!("the widget never left the loading state");
}

fn cards(host: &HtmlElement) -> Vec<Element> {
    let list = host
        .shadow_root()
        .unwrap()
        .query_selector_all(".card:not(.skeleton)")
        .unwrap();
    (0..list.length())
        .map(|i| list.get(i).unwrap().unchecked_into())
        .collect()
}

fn text(card: &Element, selector: &str) -> String {
    card.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

/// Records the `detail` of every `checkout-addons:{name}` event reaching the document.
fn listen(name: &str, refuse: bool) -> Rc<RefCell<Vec<JsValue>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        if refuse {
            event.prevent_default();
        }
        sink.borrow_mut().push(event.detail());
    });
    document()
        .add_event_listener_with_callback(
            &format!("checkout-addons:{name}"),
            listener.as_ref().unchecked_ref(),
        )
        .unwrap();
    listener.forget();
    seen
}

fn field(detail: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(detail, &key.into()).unwrap()
}

async fn mounted(attributes: &[(&str, &str)]) -> (HtmlElement, Widget) {
    let element = host(attributes);
    let widget = mount(element.clone()).unwrap();
    (element, widget)
}

#[wasm_bindgen_test]
async fn shows_the_shops_complements_up_to_max() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", "shoes"),
        ("max", "2"),
        ("locale", "nl-NL"),
    ])
    .await;
    assert_eq!(settled(&host).await, "ready");
    let shown = cards(&host);
    assert_eq!(shown.len(), 2);
    assert_eq!(text(&shown[0], ".reason"), "Past bij je Suede shoes");
    assert!(
        text(&shown[0], ".price").contains(",00"),
        "Dutch decimals: {}",
        text(&shown[0], ".price")
    );
}

#[wasm_bindgen_test]
async fn feed_text_is_shown_as_text_never_as_markup() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", "shoes"), ("max", "6")]).await;
    settled(&host).await;
    let titles: Vec<String> = cards(&host).iter().map(|c| text(c, ".title")).collect();
    assert!(
        titles.contains(&"<script>window.pwned=1</script>".to_owned()),
        "{titles:?}"
    );
    let shadow = host.shadow_root().unwrap();
    assert!(shadow.query_selector("script").unwrap().is_none());
    assert!(js_sys::Reflect::get(&web_sys::window().unwrap(), &"pwned".into())
        .unwrap()
        .is_undefined());
}

#[wasm_bindgen_test]
async fn one_click_asks_the_page_to_add_the_cheapest_variant_once() {
    let adds = listen("add", false);
    let feed = data_url(FEED);
    let (host, widget) = mounted(&[("feed", &feed), ("cart", "shoes"), ("max", "6")]).await;
    settled(&host).await;
    let brush = cards(&host)
        .into_iter()
        .find(|c| text(c, ".title") == "Suede brush")
        .expect("the brush is offered");
    let button: HtmlElement = brush.query_selector("button").unwrap().unwrap().unchecked_into();
    assert!(button
        .get_attribute("aria-label")
        .unwrap()
        .contains("Suede brush"));
    button.click();
    button.click();
    tick(20).await;
    let mine: Vec<JsValue> = adds
        .borrow()
        .iter()
        .filter(|d| field(d, "productId") == "brush")
        .cloned()
        .collect();
    assert_eq!(mine.len(), 1, "a double click adds once");
    assert_eq!(field(&mine[0], "variantId"), "brush-s");
    assert_eq!(field(&mine[0], "price").as_f64(), Some(700.0));
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("added"));
    // The shop's cart now holds the brush: the card stays, confirmed, instead of vanishing.
    widget.set_cart("shoes,brush-s");
    tick(20).await;
    let brush = cards(&host)
        .into_iter()
        .find(|c| text(c, ".title") == "Suede brush")
        .expect("the brush stays");
    assert_eq!(
        brush
            .query_selector("button")
            .unwrap()
            .unwrap()
            .get_attribute("data-state")
            .as_deref(),
        Some("added")
    );
}

#[wasm_bindgen_test]
async fn a_refused_add_shows_the_failure() {
    let _refusals = listen("add", true);
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", "shoes"), ("max", "1")]).await;
    settled(&host).await;
    let button: HtmlElement = cards(&host)[0]
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into();
    button.click();
    tick(20).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("failed"));
}

#[wasm_bindgen_test]
async fn a_new_cart_recomputes_without_fetching_again() {
    let feed = data_url(FEED);
    let (host, widget) = mounted(&[("feed", &feed), ("cart", "")]).await;
    assert_eq!(
        settled(&host).await,
        "empty",
        "nothing fits an empty cart, so nothing shows"
    );
    widget.set_cart("shoes");
    tick(20).await;
    assert_eq!(host.get_attribute("data-state").as_deref(), Some("ready"));
    assert_eq!(cards(&host).len(), 3);
}

#[wasm_bindgen_test]
async fn a_broken_feed_collapses_the_widget_and_says_where() {
    let errors = listen("error", false);
    let feed = data_url("{\n  \"version\": 1,\n  \"products\": [\n");
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", "shoes")]).await;
    assert_eq!(settled(&host).await, "error");
    assert!(cards(&host).is_empty());
    let style = web_sys::window()
        .unwrap()
        .get_computed_style(&host)
        .unwrap()
        .unwrap();
    assert_eq!(
        style.get_property_value("display").unwrap(),
        "none",
        "no empty frame"
    );
    let messages: Vec<String> = errors
        .borrow()
        .iter()
        .filter_map(|d| field(d, "message").as_string())
        .collect();
    assert!(messages.iter().any(|m| m.contains("line 4")), "{messages:?}");
}

#[wasm_bindgen_test]
async fn unmounting_removes_the_view() {
    let feed = data_url(FEED);
    let (host, widget) = mounted(&[("feed", &feed), ("cart", "shoes")]).await;
    settled(&host).await;
    assert!(!cards(&host).is_empty());
    widget.unmount();
    assert!(cards(&host).is_empty());
}

#[wasm_bindgen_test]
async fn leaving_the_page_while_the_feed_loads_breaks_nothing() {
    // A panic inside the widget surfaces as an uncaught error or rejection on the window.
    let uncaught = Rc::new(RefCell::new(0));
    let count = uncaught.clone();
    let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| *count.borrow_mut() += 1);
    let window = web_sys::window().unwrap();
    for kind in ["error", "unhandledrejection"] {
        window
            .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
            .unwrap();
    }
    let broken = data_url("not json");
    let (gone, widget) = mounted(&[("feed", &broken), ("cart", "shoes")]).await;
    widget.unmount();
    gone.remove();
    tick(50).await;
    for kind in ["error", "unhandledrejection"] {
        window
            .remove_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
            .unwrap();
    }
    assert_eq!(
        *uncaught.borrow(),
        0,
        "the widget failed after its element left the page"
    );
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", "shoes")]).await;
    assert_eq!(settled(&host).await, "ready");
}
