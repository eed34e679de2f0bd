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

mod browser;

use browser::{data_url, document, host, tick};

wasm_bindgen_test_configure!(run_in_browser);

const FEED: &str = r#"{
  "version": 1, "currency": "EUR",
  "products": [
    {"id": "shoes", "title": "Suede shoes", "price": 12000, "category": ["Shoes"]},
    {"id": "brush", "title": "Suede brush", "price": 700, "compare_at_price": 1000, "category": ["Care", "Brushes"], "image": "/img/brush.svg",
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

/// The text of `selector` in `card` as the shopper sees it (what is hidden left out).
fn shown(card: &Element, selector: &str) -> String {
    card.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into::<HtmlElement>().inner_text())
        .unwrap_or_default()
}

/// Records the `detail` of every `checkout-addons:{name}` event reaching the document.
fn listen(name: &str, refuse: bool) -> Rc<RefCell<Vec<JsValue>>> {
    listen_on(&document(), name, refuse)
}

/// Records the `detail` of every `checkout-addons:{name}` event reaching `target`, and
/// refuses it (`preventDefault`) when asked to. Listeners stay for the rest of the run.
fn listen_on(target: &web_sys::EventTarget, name: &str, refuse: bool) -> Rc<RefCell<Vec<JsValue>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        if refuse {
            event.prevent_default();
        }
        sink.borrow_mut().push(event.detail());
    });
    target
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
    let widget = mount(element.clone(), JsValue::UNDEFINED).unwrap();
    (element, widget)
}

#[wasm_bindgen_test]
async fn shows_the_shops_complements_up_to_max() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
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

/// Two widgets of one page in two locales each write prices their own way, whichever drew first.
#[wasm_bindgen_test]
async fn each_widget_writes_prices_in_its_own_locale() {
    let feed = data_url(FEED);
    let price_in = |locale: &'static str| {
        let feed = feed.clone();
        async move {
            let (host, _widget) =
                mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("locale", locale)]).await;
            assert_eq!(settled(&host).await, "ready");
            // Its words are in that language: a screen reader speaks them so, and the
            // browser hyphenates by its rules, whatever the page's own `lang`.
            let root = (host.shadow_root().unwrap().query_selector("[part=root]").unwrap()).unwrap();
            let lang = root.get_attribute("lang").unwrap_or_default();
            assert_eq!(lang, locale.trim().replace('_', "-"));
            let shown = cards(&host);
            assert!(!shown.is_empty(), "{locale}: no cards");
            text(&shown[0], ".price")
        }
    };
    let (dutch, english, dutch_again) = (
        price_in("nl-NL").await,
        price_in("en-GB").await,
        price_in("nl-NL").await,
    );
    assert!(dutch.contains(",00") && !dutch.contains(".00"), "{dutch}");
    assert!(english.contains(".00") && !english.contains(",00"), "{english}");
    assert_eq!(dutch_again, dutch);
    // As shops often write it (PHP's and Java's form, or with a stray space): the same.
    assert_eq!(price_in("nl_NL").await, dutch);
    assert_eq!(price_in(" nl-NL ").await, dutch);
}

#[wasm_bindgen_test]
async fn a_locale_whose_words_the_widget_lacks_says_they_are_english_and_the_titles_not() {
    // Its words are English then: left Portuguese, a screen reader would mispronounce them. The
    // products' titles are the shop's, in the page's language.
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("locale", "pt-BR")]).await;
    assert_eq!(settled(&host).await, "ready");
    let shadow = host.shadow_root().unwrap();
    let root = shadow.query_selector("[part=root]").unwrap().unwrap();
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    let title = shadow.query_selector(".card .title").unwrap().unwrap();
    assert_eq!(title.get_attribute("lang").as_deref(), Some("pt-BR"));
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type IntlNumberFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &JsValue) -> IntlNumberFormat;

    #[wasm_bindgen(method, js_class = "NumberFormat")]
    fn format(this: &IntlNumberFormat, value: &str) -> String;
}

#[wasm_bindgen_test]
fn prices_the_widget_writes_itself_are_what_intl_writes() {
    // The widget writes these without `Intl` (its first use costs a page 12-19 ms); every
    // entry of its table must read exactly as the browser's own formatter has it.
    let amounts: [i64; 7] = [0, 5, 50, 1299, 129950, 123456789, 100000000000];
    let mut compared = 0;
    for locale in checkout_addons::written_here() {
        for currency in checkout_addons::CURRENCIES {
            let options =
                js_sys::JSON::parse(&format!(r#"{{"style":"currency","currency":"{currency}"}}"#)).unwrap();
            let intl = IntlNumberFormat::new(locale, &options);
            for minor in amounts {
                let decimal = format!("{}.{:02}", minor / 100, minor % 100);
                assert_eq!(
                    checkout_addons::written_price(minor, currency, locale).as_deref(),
                    Some(intl.format(&decimal).as_str()),
                    "{minor} {currency} in {locale}"
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 13 * 3 * 7);
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type IntlDateTimeFormat;

    #[wasm_bindgen(constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &JsValue) -> IntlDateTimeFormat;

    #[wasm_bindgen(method, js_class = "DateTimeFormat")]
    fn format(this: &IntlDateTimeFormat, date: &js_sys::Date) -> String;
}

#[wasm_bindgen_test]
fn days_the_widget_writes_itself_are_what_intl_writes() {
    // As for prices: every month of every locale in the widget's table, on a one- and a
    // two-digit day, with and without the year, must read as the browser's own formatter has it.
    let mut compared = 0;
    for (with_year, options) in [
        (false, r#"{"day":"numeric","month":"long","timeZone":"UTC"}"#),
        (
            true,
            r#"{"day":"numeric","month":"long","year":"numeric","timeZone":"UTC"}"#,
        ),
    ] {
        let options = js_sys::JSON::parse(options).unwrap();
        for locale in checkout_addons::written_here() {
            let intl = IntlDateTimeFormat::new(locale, &options);
            for month in 1..=12 {
                for day in [1, 21] {
                    let date = checkout_addons_engine::Date::new(2025, month, day).unwrap();
                    let browser = intl.format(&js_sys::Date::new(&JsValue::from_str(&date.to_string())));
                    assert_eq!(
                        checkout_addons::written_day(date, locale, with_year).as_deref(),
                        Some(browser.as_str()),
                        "{date} in {locale}"
                    );
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 2 * 13 * 12 * 2);
}

/// A shop where everything costs a few pounds, with statistics mined from its orders.
const GIFT_SHOP: &str = r#"{
  "version": 1, "currency": "GBP",
  "products": [
    {"id": "holder", "title": "T-light holder", "price": 255},
    {"id": "t-lights", "title": "T-lights", "price": 125},
    {"id": "bunting", "title": "Bunting", "price": 165},
    {"id": "doilies", "title": "Doilies", "price": 145}
  ],
  "copurchase": {"holder": [
    {"with": "t-lights", "count": 40, "confidence": 0.2, "lift": 2.0},
    {"with": "bunting", "count": 20, "confidence": 0.1, "lift": 1.0},
    {"with": "doilies", "count": 10, "confidence": 0.05, "lift": 1.0}
  ]},
  "mined": {"orders": 1000}
}"#;

#[wasm_bindgen_test]
async fn a_shop_of_cheap_gifts_gets_three_cards_not_none() {
    // Every add-on costs more than 25% of the holder; between ordinary items of the shop that
    // share rule does not bind, so the widget is not left empty.
    let feed = data_url(GIFT_SHOP);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["holder"]"#), ("locale", "en-GB")]).await;
    assert_eq!(settled(&host).await, "ready");
    let shown = cards(&host);
    let titles: Vec<String> = shown.iter().map(|c| text(c, ".title")).collect();
    assert_eq!(titles, ["T-lights", "Bunting", "Doilies"]);
    assert!(
        text(&shown[0], ".reason").contains("T-light holder"),
        "{}",
        text(&shown[0], ".reason")
    );
}

#[wasm_bindgen_test]
async fn feed_text_is_shown_as_text_never_as_markup() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("max", "6")]).await;
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
    let (host, widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("max", "6")]).await;
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
    // Then the cart changes elsewhere on the page: the confirmed brush leaves (it is in the cart
    // now) and the rest is ranked for the new cart.
    widget.set_cart(r#"["shoes", "brush-s"]"#);
    tick(20).await;
    let titles: Vec<String> = cards(&host).iter().map(|c| text(c, ".title")).collect();
    assert!(!titles.is_empty(), "others are still offered");
    assert!(
        !titles.iter().any(|t| t == "Suede brush"),
        "the added brush left: {titles:?}"
    );
}

#[wasm_bindgen_test]
async fn a_refused_add_shows_the_failure() {
    let feed = data_url(FEED);
    let host = host(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("max", "1")]);
    // On this element only: a refusal on the document would refuse every later test's adds.
    let _refusals = listen_on(&host, "add", true);
    let _widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
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
    // Count the page's fetches from here on: a new cart is ranked from the feed already read.
    let count = js_sys::Function::new_no_args(
        "const fetch = window.fetch; window.fetches = 0; \
         window.fetch = function (...args) { window.fetches += 1; return fetch.apply(this, args); }; \
         return () => { window.fetch = fetch; return window.fetches; };",
    );
    let stop_counting: js_sys::Function = count.call0(&JsValue::NULL).unwrap().unchecked_into();
    widget.set_cart(r#"["shoes"]"#);
    tick(20).await;
    let fetches = stop_counting.call0(&JsValue::NULL).unwrap();
    assert_eq!(host.get_attribute("data-state").as_deref(), Some("ready"));
    assert_eq!(cards(&host).len(), 3);
    assert_eq!(fetches.as_f64(), Some(0.0), "the feed is not fetched again");
}

#[wasm_bindgen_test]
async fn a_broken_feed_collapses_the_widget_and_says_where() {
    let errors = listen("error", false);
    let feed = data_url("{\n  \"version\": 1,\n  \"products\": [\n");
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#)]).await;
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
    let (host, widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#)]).await;
    settled(&host).await;
    assert!(!cards(&host).is_empty());
    widget.unmount();
    assert!(cards(&host).is_empty());
}

/// Counts what a panic inside the widget surfaces as: an uncaught error or rejection on the
/// window.
struct Uncaught {
    count: Rc<RefCell<u32>>,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl Uncaught {
    const KINDS: [&str; 2] = ["error", "unhandledrejection"];

    fn watch() -> Uncaught {
        let count = Rc::new(RefCell::new(0));
        let sink = count.clone();
        let listener = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| *sink.borrow_mut() += 1);
        for kind in Uncaught::KINDS {
            web_sys::window()
                .unwrap()
                .add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
                .unwrap();
        }
        Uncaught { count, listener }
    }

    /// How many there were; stops counting.
    fn stop(self) -> u32 {
        for kind in Uncaught::KINDS {
            web_sys::window()
                .unwrap()
                .remove_event_listener_with_callback(kind, self.listener.as_ref().unchecked_ref())
                .unwrap();
        }
        let count = *self.count.borrow();
        count
    }
}

/// After a panic the instance every widget shares is dead: a new widget must still load.
async fn a_new_widget_still_loads() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#)]).await;
    assert_eq!(settled(&host).await, "ready");
}

#[wasm_bindgen_test]
async fn leaving_the_page_while_the_feed_loads_breaks_nothing() {
    let uncaught = Uncaught::watch();
    let broken = data_url("not json");
    let (gone, widget) = mounted(&[("feed", &broken), ("cart", r#"["shoes"]"#)]).await;
    widget.unmount();
    gone.remove();
    tick(50).await;
    assert_eq!(
        uncaught.stop(),
        0,
        "the widget failed after its element left the page"
    );
    a_new_widget_still_loads().await;
}

/// The page's own `fetch` for the rest of a test, put back when it ends, however it ends.
struct FetchStub(JsValue);

impl FetchStub {
    fn answering(body: &str) -> FetchStub {
        let window = web_sys::window().unwrap();
        let fetch = js_sys::Reflect::get(&window, &"fetch".into()).unwrap();
        js_sys::Reflect::set(&window, &"fetch".into(), &js_sys::Function::new_no_args(body)).unwrap();
        FetchStub(fetch)
    }
}

impl Drop for FetchStub {
    fn drop(&mut self) {
        js_sys::Reflect::set(&web_sys::window().unwrap(), &"fetch".into(), &self.0).unwrap();
    }
}

/// A page whose `fetch` is not the browser's (a polyfill, a shop's wrapper) may fail a body's
/// read with a plain string, or throw where it should reject: the widget says so and stops,
/// and every other widget lives on. With the loader's request or one of its own.
#[wasm_bindgen_test]
async fn a_feed_whose_fetch_fails_oddly_fails_that_feed_only() {
    let uncaught = Uncaught::watch();
    let errors = listen("error", false);
    let feed = "/feed-from-a-wrapped-fetch.json";
    let stand_in =
        "({ ok: true, status: 200, headers: {}, arrayBuffer: () => Promise.reject('the disk is gone') })";
    for (answer, loader, said) in [
        (
            "read",
            false,
            "could not read the feed /feed-from-a-wrapped-fetch.json: the disk is gone",
        ),
        (
            "read",
            true,
            "could not read the feed /feed-from-a-wrapped-fetch.json: the disk is gone",
        ),
        (
            "throw",
            false,
            "could not fetch the feed /feed-from-a-wrapped-fetch.json: offline",
        ),
    ] {
        let stub = FetchStub::answering(&match answer {
            "read" => format!("return Promise.resolve({stand_in});"),
            _ => "throw new Error('offline');".to_owned(),
        });
        let host = host(&[("feed", feed), ("cart", r#"["shoes"]"#)]);
        let started = match loader {
            false => JsValue::UNDEFINED,
            true => {
                let started = js_sys::Object::new();
                let response = js_sys::Promise::resolve(&js_sys::eval(stand_in).unwrap());
                js_sys::Reflect::set(&started, &"response".into(), &response).unwrap();
                let controller = web_sys::AbortController::new().unwrap();
                js_sys::Reflect::set(&started, &"controller".into(), &controller).unwrap();
                started.into()
            }
        };
        let _widget = mount(host.clone(), started).unwrap();
        assert_eq!(settled(&host).await, "error", "{answer}, loader {loader}");
        drop(stub);
        let told = errors
            .borrow()
            .last()
            .map(|detail| field(detail, "message").as_string().unwrap());
        assert!(told.as_deref().is_some_and(|m| m.contains(said)), "{told:?}");
    }
    assert_eq!(uncaught.stop(), 0, "the widget panicked");
    a_new_widget_still_loads().await;
}

#[wasm_bindgen_test]
async fn an_error_listener_that_takes_the_element_away_breaks_nothing() {
    let uncaught = Uncaught::watch();
    // The page reacts to the failed feed by removing the widget, as a shop might; the
    // element's `disconnectedCallback` unmounts it inside the event.
    let widget: Rc<RefCell<Option<Widget>>> = Rc::default();
    let leaving = widget.clone();
    let listener = Closure::<dyn FnMut(CustomEvent)>::new(move |event: CustomEvent| {
        if let Some(widget) = leaving.borrow_mut().take() {
            widget.unmount();
        }
        let element: Element = event.target().unwrap().unchecked_into();
        element.remove();
    });
    let broken = data_url("not json");
    let host = host(&[("feed", &broken), ("cart", r#"["shoes"]"#)]);
    host.add_event_listener_with_callback("checkout-addons:error", listener.as_ref().unchecked_ref())
        .unwrap();
    *widget.borrow_mut() = Some(mount(host.clone(), JsValue::UNDEFINED).unwrap());
    for _ in 0..100 {
        if widget.borrow().is_none() {
            break;
        }
        tick(10).await;
    }
    assert!(widget.borrow().is_none(), "the error event came");
    tick(20).await;
    assert_eq!(
        uncaught.stop(),
        0,
        "the widget failed after its error listener removed it"
    );
    a_new_widget_still_loads().await;
}

#[wasm_bindgen_test]
async fn the_element_leaving_while_the_cart_answers_an_add_breaks_nothing() {
    // A Shopify cart drawer re-renders its section when an add lands, which takes the widget
    // inside it off the page before the add's promise settles. The cart then says yes, no, or
    // (after the widget's timeout) yes, late.
    for (answer, timeout) in [(true, "10000"), (false, "10000"), (true, "300")] {
        let uncaught = Uncaught::watch();
        let (promise, settle) = deferred();
        let listener = waiting_on(promise);
        let feed = data_url(FEED);
        let host = host(&[
            ("feed", &feed),
            ("cart", r#"["shoes"]"#),
            ("max", "6"),
            ("timeout", timeout),
        ]);
        host.add_event_listener_with_callback("checkout-addons:add", listener.as_ref().unchecked_ref())
            .unwrap();
        let widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
        settled(&host).await;
        let button = add_button(&card_titled(&host, "Suede brush"));
        button.click();
        // Past the widget's timeout in the last round: the card waits for the late answer.
        tick(if timeout == "300" { 400 } else { 10 }).await;
        assert_ne!(button.get_attribute("data-state").as_deref(), Some("added"));
        widget.unmount();
        host.remove();
        settle(answer);
        tick(50).await;
        assert_eq!(
            uncaught.stop(),
            0,
            "the widget failed when the cart answered {answer} (timeout {timeout}) after it left"
        );
        a_new_widget_still_loads().await;
    }
}

#[wasm_bindgen_test]
fn a_manifest_claiming_more_shards_than_it_has_is_refused_not_a_panic() {
    // On the widget's 32-bit `usize`, 1 + 4294967295 wrapped to 0 and the runs passed for a
    // folder of one shard; then the widget asked for room for 4 billion of them.
    for (generations, shards) in [("0:1,0:4294967295", 1u64), ("0:4294967296", 4_294_967_296)] {
        let manifest = format!(
            r#"{{"version": 1, "currency": "EUR", "products": [], "published":
                {{"typical_price": 250, "shards": {shards}, "generations": "{generations}"}}}}"#
        );
        let refused = checkout_addons_engine::Manifest::from_json(&manifest)
            .err()
            .map(|errors| errors.to_string());
        assert!(
            refused
                .as_deref()
                .is_some_and(|e| e.contains("published.generations")),
            "{generations}: {refused:?}"
        );
    }
}

#[wasm_bindgen_test]
async fn a_timeout_past_what_a_browser_timer_holds_still_waits() {
    // A browser's timer takes at most 2^31 - 1 ms; 2^32 - 1 cast to `i32` is -1, which fired
    // at once and aborted every feed request.
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("timeout", "4294967295"),
    ])
    .await;
    assert_eq!(settled(&host).await, "ready");
}

/// A JS function from a Rust closure, kept alive for the rest of the test run.
fn function<F: FnMut(JsValue) -> JsValue + 'static>(f: F) -> js_sys::Function {
    let closure = Closure::<dyn FnMut(JsValue) -> JsValue>::new(f);
    let function = closure.as_ref().unchecked_ref::<js_sys::Function>().clone();
    closure.forget();
    function
}

/// An `add` listener that makes the first add wait for `promise` (`waitUntil`), as a page's
/// own cart code does.
fn waiting_on(promise: js_sys::Promise) -> Closure<dyn FnMut(CustomEvent)> {
    let promise = RefCell::new(Some(promise));
    Closure::new(move |event: CustomEvent| {
        if let Some(promise) = promise.borrow_mut().take() {
            let wait_until: js_sys::Function = field(&event.detail(), "waitUntil").unchecked_into();
            wait_until.call1(&JsValue::NULL, &promise).unwrap();
        }
    })
}

/// A promise and the function that settles it: `settle(true)` resolves, `settle(false)` rejects.
fn deferred() -> (js_sys::Promise, impl Fn(bool)) {
    let slots: Rc<RefCell<Option<(js_sys::Function, js_sys::Function)>>> = Rc::default();
    let keep = slots.clone();
    let promise = js_sys::Promise::new(&mut |resolve, reject| *keep.borrow_mut() = Some((resolve, reject)));
    let settle = move |ok: bool| {
        let (resolve, reject) = slots.borrow_mut().take().expect("settled once");
        let _ = if ok {
            resolve.call0(&JsValue::NULL)
        } else {
            reject.call1(&JsValue::NULL, &"the cart is down".into())
        };
    };
    (promise, settle)
}

fn card_titled(host: &HtmlElement, title: &str) -> Element {
    cards(host)
        .into_iter()
        .find(|c| text(c, ".title") == title)
        .unwrap_or_else(|| panic!("{title} is offered"))
}

fn add_button(card: &Element) -> HtmlElement {
    card.query_selector("button.add")
        .unwrap()
        .unwrap()
        .unchecked_into()
}

/// Sets `element.cartAdapter = { add, remove }` from promises the test settles.
fn object_adapter(host: &HtmlElement, add: js_sys::Function, remove: Option<js_sys::Function>) {
    let adapter = js_sys::Object::new();
    js_sys::Reflect::set(&adapter, &"add".into(), &add).unwrap();
    if let Some(remove) = remove {
        js_sys::Reflect::set(&adapter, &"remove".into(), &remove).unwrap();
    }
    js_sys::Reflect::set(host, &"cartAdapter".into(), &adapter).unwrap();
}

#[wasm_bindgen_test]
async fn the_button_is_busy_until_the_cart_confirms_then_offers_an_undo() {
    let added_events = listen("added", false);
    let removed_events = listen("removed", false);
    let feed = data_url(FEED);
    let host = host(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "6"),
        ("locale", "en"),
    ]);
    let (add_promise, settle_add) = deferred();
    let (remove_promise, settle_remove) = deferred();
    let seen = Rc::new(RefCell::new(Vec::<JsValue>::new()));
    let items = seen.clone();
    let add_promise = RefCell::new(Some(add_promise));
    let remove_promise = RefCell::new(Some(remove_promise));
    object_adapter(
        &host,
        function(move |item| {
            items.borrow_mut().push(item);
            add_promise
                .borrow_mut()
                .take()
                .map_or(JsValue::UNDEFINED, Into::into)
        }),
        Some(function(move |_| {
            remove_promise
                .borrow_mut()
                .take()
                .map_or(JsValue::UNDEFINED, Into::into)
        })),
    );
    let widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
    settled(&host).await;
    let card = card_titled(&host, "Suede brush");
    let button = add_button(&card);
    button.click();
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("busy"));
    assert_eq!(button.get_attribute("aria-disabled").as_deref(), Some("true"));
    button.click();
    tick(10).await;
    assert_eq!(seen.borrow().len(), 1, "pressing a busy button adds nothing");
    // Shops' adapters update the page's cart before they answer: that change is our own add,
    // so the card stays where it is.
    widget.set_cart(r#"["shoes", "brush-s"]"#);
    tick(10).await;
    assert!(card.is_connected(), "the card stays while its add is under way");
    assert_eq!(field(&seen.borrow()[0], "productId"), "brush");
    assert!(
        added_events.borrow().is_empty(),
        "not added before the cart says so"
    );

    settle_add(true);
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("added"));
    assert_eq!(added_events.borrow().len(), 1);
    let announcer = host
        .shadow_root()
        .unwrap()
        .query_selector("[role=status]")
        .unwrap()
        .unwrap();
    assert_eq!(
        announcer.text_content().unwrap(),
        "Added to your cart: Suede brush"
    );
    let undo: HtmlElement = card
        .query_selector("button.undo")
        .unwrap()
        .expect("an undo")
        .unchecked_into();
    assert_eq!(
        undo.get_attribute("aria-label").as_deref(),
        Some("Undo: Suede brush")
    );

    assert_eq!(button.text_content().unwrap(), "Added");
    undo.click();
    tick(10).await;
    // While the cart takes it back, the button says so (not "Adding…").
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("busy"));
    assert_eq!(button.text_content().unwrap(), "Removing…");
    // The page's cart lets go of the brush as the remove goes through.
    widget.set_cart(r#"["shoes"]"#);
    settle_remove(true);
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("ready"));
    assert!(card.query_selector("button.undo").unwrap().is_none());
    assert_eq!(removed_events.borrow().len(), 1);
    assert_eq!(
        announcer.text_content().unwrap(),
        "Removed from your cart: Suede brush"
    );
    let focused = document().active_element().unwrap();
    assert_eq!(
        focused,
        host.clone().unchecked_into::<Element>(),
        "focus stays in the widget"
    );
    assert_eq!(
        host.shadow_root().unwrap().active_element().as_ref(),
        Some(&button.clone().unchecked_into())
    );
}

#[wasm_bindgen_test]
async fn a_failed_add_says_so_and_a_second_press_tries_again() {
    let feed = data_url(FEED);
    let host = host(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "6"),
        ("locale", "en"),
    ]);
    let attempts = Rc::new(RefCell::new(0));
    let count = attempts.clone();
    object_adapter(
        &host,
        function(move |_| {
            *count.borrow_mut() += 1;
            if *count.borrow() == 1 {
                let refusal = js_sys::Error::new("HTTP 422");
                js_sys::Reflect::set(&refusal, &"shopperMessage".into(), &"Only 2 left.".into()).unwrap();
                js_sys::Promise::reject(&refusal.into()).into()
            } else {
                JsValue::UNDEFINED
            }
        }),
        None,
    );
    let _widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
    settled(&host).await;
    let card = card_titled(&host, "Suede brush");
    let button = add_button(&card);
    button.click();
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("failed"));
    assert_eq!(button.text_content().as_deref(), Some("Failed, try again"));
    assert!(button
        .get_attribute("aria-label")
        .unwrap()
        .starts_with("Failed, try again Suede brush, "));
    assert_eq!(
        text(&card, ".reason"),
        "Only 2 left.",
        "the shop's words in the reason's place"
    );
    assert!(
        card.query_selector("button.undo").unwrap().is_none(),
        "no undo without `remove`"
    );
    // A press within a second of the failure belongs to the press that failed; a deliberate
    // one after that tries again.
    button.click();
    tick(10).await;
    assert_eq!(
        *attempts.borrow(),
        1,
        "the rest of a double click calls the cart no second time"
    );
    tick(1_000).await;
    button.click();
    tick(10).await;
    assert_eq!(*attempts.borrow(), 2);
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("added"));
    assert_ne!(text(&card, ".reason"), "Only 2 left.", "the reason is back");
    assert!(
        card.query_selector("button.undo").unwrap().is_none(),
        "no undo without `remove`"
    );
}

#[wasm_bindgen_test]
async fn a_cart_that_answers_after_the_timeout_keeps_the_card_waiting_until_it_does() {
    let added_events = listen("added", false);
    let feed = data_url(FEED);
    let host = host(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "6"),
        ("timeout", "150"),
    ]);
    let (slow, settle) = deferred();
    let slow = RefCell::new(Some(slow));
    object_adapter(
        &host,
        function(move |_| slow.borrow_mut().take().map_or(JsValue::UNDEFINED, Into::into)),
        None,
    );
    let _widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
    settled(&host).await;
    let button = add_button(&card_titled(&host, "Suede brush"));
    button.click();
    tick(20).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("busy"));
    tick(250).await;
    // Not "failed, try again": the cart may still add it.
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("busy"));
    assert_eq!(button.text_content().as_deref(), Some("Still waiting…"));
    assert!(added_events.borrow().is_empty());
    // The cart did it after all: the card says so.
    settle(true);
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("added"));
    assert_eq!(added_events.borrow().len(), 1);
}

#[wasm_bindgen_test]
async fn a_platform_cart_waits_for_its_adapter_to_report_the_lines() {
    let feed = data_url(FEED);
    let (host, widget) = mounted(&[("feed", &feed), ("cart", "shopify"), ("max", "6")]).await;
    tick(100).await;
    assert_eq!(
        host.get_attribute("data-state").as_deref(),
        Some("loading"),
        "no cards for a cart nobody has read yet"
    );
    widget.set_cart(r#"[{"id": "shoes", "quantity": 1}]"#);
    assert_eq!(settled(&host).await, "ready");
    assert!(cards(&host).iter().any(|c| text(c, ".title") == "Suede brush"));
}

#[wasm_bindgen_test]
async fn the_event_adapter_waits_for_the_pages_promise() {
    let (promise, settle) = deferred();
    let listener = waiting_on(promise);
    let feed = data_url(FEED);
    let host = host(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("max", "6")]);
    host.add_event_listener_with_callback("checkout-addons:add", listener.as_ref().unchecked_ref())
        .unwrap();
    listener.forget();
    let _widget = mount(host.clone(), JsValue::UNDEFINED).unwrap();
    settled(&host).await;
    let button = add_button(&card_titled(&host, "Suede brush"));
    button.click();
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("busy"));
    settle(false);
    tick(10).await;
    assert_eq!(button.get_attribute("data-state").as_deref(), Some("failed"));
}

#[wasm_bindgen_test]
async fn render_lists_the_items_and_their_reasons() {
    let renders = listen("render", false);
    let ready = listen("ready", false);
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "2"),
        ("placement", "checkout"),
    ])
    .await;
    settled(&host).await;
    tick(10).await;
    assert_eq!(field(&ready.borrow()[0], "products").as_f64(), Some(5.0));
    let renders = renders.borrow();
    let last = renders.last().expect("a render event");
    assert_eq!(field(last, "placement"), "checkout");
    let items: js_sys::Array = field(last, "items").unchecked_into();
    assert_eq!(items.length(), 2);
    let first = items
        .iter()
        .find(|item| field(item, "productId") == "brush")
        .expect("the brush is listed");
    assert_eq!(field(&first, "reason"), "complement_of");
    assert_eq!(field(&first, "reasonText"), "Goes with your Suede shoes");
    assert_eq!(field(&first, "price").as_f64(), Some(700.0));
}

#[wasm_bindgen_test]
async fn a_div_with_data_attributes_and_the_shops_own_words() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("data-checkout-addons", ""),
        ("data-feed", &feed),
        ("data-cart", r#"["shoes"]"#),
        ("data-max", "1"),
        ("data-locale", "de-DE"),
        ("data-text-add", "In den Korb"),
        ("text-complement-of", "Gehört zu {product}"),
        ("heading", "Dazu passt"),
    ])
    .await;
    assert_eq!(settled(&host).await, "ready");
    let shown = cards(&host);
    assert_eq!(shown.len(), 1);
    assert_eq!(text(&shown[0], "button.add"), "In den Korb");
    assert_eq!(text(&shown[0], ".reason"), "Gehört zu Suede shoes");
    let price = text(&shown[0], ".price");
    assert!(
        price.contains(",00") && price.ends_with('€'),
        "German price format: {price}"
    );
    let heading = host.shadow_root().unwrap().query_selector("h2").unwrap().unwrap();
    assert_eq!(heading.text_content().as_deref(), Some("Dazu passt"));
}

#[wasm_bindgen_test]
async fn a_feed_in_another_currency_than_the_page_is_refused() {
    let errors = listen("error", false);
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[("feed", &feed), ("cart", r#"["shoes"]"#), ("currency", "usd")]).await;
    assert_eq!(settled(&host).await, "error");
    let messages: Vec<String> = errors
        .borrow()
        .iter()
        .filter_map(|d| field(d, "message").as_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("priced in EUR") && m.contains("USD")),
        "{messages:?}"
    );
}

#[wasm_bindgen_test]
async fn with_a_picker_the_shopper_chooses_the_variant_and_its_price() {
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "6"),
        ("locale", "en"),
        ("variant-picker", ""),
    ])
    .await;
    settled(&host).await;
    let adds = listen_on(&host, "add", false);
    let brush = card_titled(&host, "Suede brush");
    let select: web_sys::HtmlSelectElement = brush
        .query_selector("select")
        .unwrap()
        .expect("a picker for two variants")
        .unchecked_into();
    assert_eq!(
        select.get_attribute("aria-label").as_deref(),
        Some("Choose a variant of Suede brush")
    );
    assert_eq!(select.length(), 2);
    assert!(
        select.item(0).unwrap().text_content().unwrap().starts_with("S, "),
        "the cheapest first"
    );
    assert_eq!(text(&brush, ".price"), "was €10.00 €7.00");
    assert!(
        card_titled(&host, "Suede spray")
            .query_selector("select")
            .unwrap()
            .is_none(),
        "nothing to choose"
    );
    // A struck-through earlier price is said as one: "€9.00, was €12.00".
    let spray = card_titled(&host, "Suede spray");
    let spoken = add_button(&spray).get_attribute("aria-label").unwrap();
    assert!(spoken.ends_with("€9.00, was €12.00"), "{spoken}");
    assert_eq!(text(&spray, ".price"), "was €12.00 €9.00");

    select.set_value("brush-xl");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    tick(10).await;
    assert!(text(&brush, ".now").contains("9.00"), "{}", text(&brush, ".now"));
    // The S brush's former €10.00 is not the XL's: beside its €9.00 it is neither shown nor said.
    assert_eq!(shown(&brush, ".price"), "€9.00");
    let spoken = add_button(&brush).get_attribute("aria-label").unwrap();
    assert!(spoken.ends_with("Suede brush, €9.00"), "{spoken}");
    add_button(&brush).click();
    tick(10).await;
    let detail = adds.borrow()[0].clone();
    assert_eq!(field(&detail, "variantId"), "brush-xl");
    assert_eq!(field(&detail, "price").as_f64(), Some(900.0));
    assert!(select.disabled(), "the choice is locked once added");
}

#[wasm_bindgen_test]
async fn a_former_price_is_struck_only_beside_the_price_it_was() {
    // The €7.00 S brush, whose former price was €10.00, is sold out: the XL at €9.00 is
    // offered, and "was €10.00" beside it would be a saving that is not there.
    let feed = FEED.replace(
        r#"{"id": "brush-s", "title": "S", "price": 700}"#,
        r#"{"id": "brush-s", "title": "S", "price": 700, "available": false}"#,
    );
    assert_ne!(feed, FEED);
    let (host, _widget) = mounted(&[
        ("feed", &data_url(&feed)),
        ("cart", r#"["shoes"]"#),
        ("max", "6"),
        ("locale", "en"),
    ])
    .await;
    settled(&host).await;
    assert_eq!(shown(&card_titled(&host, "Suede brush"), ".price"), "€9.00");
    assert_eq!(
        text(&card_titled(&host, "Suede spray"), ".price"),
        "was €12.00 €9.00"
    );
}

#[wasm_bindgen_test]
async fn the_shopper_can_hide_a_card_and_the_next_add_on_takes_its_place() {
    let dismissed = listen("dismissed", false);
    let feed = data_url(FEED);
    let (host, _widget) = mounted(&[
        ("feed", &feed),
        ("cart", r#"["shoes"]"#),
        ("max", "2"),
        ("locale", "en"),
    ])
    .await;
    settled(&host).await;
    let before: Vec<String> = cards(&host).iter().map(|c| text(c, ".title")).collect();
    assert_eq!(before.len(), 2);
    let first = card_titled(&host, &before[0]);
    let hide: HtmlElement = first
        .query_selector("button.dismiss")
        .unwrap()
        .expect("a way to hide the card")
        .unchecked_into();
    assert_eq!(
        hide.get_attribute("aria-label"),
        Some(format!("Not interested: {}", before[0]))
    );
    hide.click();
    tick(50).await;
    let after: Vec<String> = cards(&host).iter().map(|c| text(c, ".title")).collect();
    assert!(!after.contains(&before[0]), "{after:?}");
    assert!(after.contains(&before[1]), "the other card stays: {after:?}");
    assert_eq!(after.len(), 2, "the next add-on takes the place: {after:?}");
    assert_eq!(dismissed.borrow().len(), 1);
    assert_eq!(
        field(&dismissed.borrow()[0], "title").as_string(),
        Some(before[0].clone())
    );
    // The keyboard stays where the hidden card was: on the × of the card now first.
    let focused = host.shadow_root().unwrap().active_element();
    let now_first = cards(&host)[0].query_selector("button.dismiss").unwrap();
    assert!(
        focused.is_some() && focused == now_first,
        "the keyboard stays in the widget, in its place: {:?} / {:?}",
        focused.map(|f| f.outer_html()),
        document().active_element().map(|f| f.tag_name())
    );
}
