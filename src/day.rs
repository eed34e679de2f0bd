//! Days as the shopper's locale writes them ("2 november", "November 2"): the widget's own
//! locales as [`crate::locale_text`] writes them, every other through the browser's own
//! `Intl.DateTimeFormat`.

use checkout_addons_engine::Date;
use wasm_bindgen::prelude::*;

use crate::{copy, locale_text};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = DateTimeFormat)]
    type DateTimeFormat;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "DateTimeFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<DateTimeFormat, JsValue>;

    // `catch`, as for prices: a page may have replaced `Intl` with something that throws.
    #[wasm_bindgen(catch, method, js_class = "DateTimeFormat")]
    fn format(this: &DateTimeFormat, date: &js_sys::Date) -> Result<String, JsValue>;
}

/// The day and month in the shopper's words, and the year when it is not this one (as a
/// letter dates it: "December 20" eleven months on reads as next week); the ISO date when the
/// browser cannot say it. Read in UTC both ways, so the shopper's time zone never moves the day.
pub fn format(date: Date, locale: &str) -> String {
    let with_year = u32::from(date.year()) != js_sys::Date::new_0().get_full_year();
    if let Some(written) = locale_text::written_day(date, locale, with_year) {
        return copy::with_first_of_month(written, date.day(), locale);
    }
    let iso = date.to_string();
    let options = js_sys::JSON::parse(if with_year {
        r#"{"day":"numeric","month":"long","year":"numeric","timeZone":"UTC"}"#
    } else {
        r#"{"day":"numeric","month":"long","timeZone":"UTC"}"#
    });
    options
        .and_then(|options| DateTimeFormat::new(locale, &options))
        .and_then(|formatter| formatter.format(&js_sys::Date::new(&JsValue::from_str(&iso))))
        .map(|written| copy::with_first_of_month(written, date.day(), locale))
        .unwrap_or(iso)
}

/// The shopper's local date, as the page first asked for it: a history handed over after
/// midnight is read on the day the widget ranks with. The engine never reads the clock itself.
pub fn today() -> Date {
    thread_local! {
        static TODAY: std::cell::OnceCell<Date> = const { std::cell::OnceCell::new() };
    }
    TODAY.with(|today| {
        *today.get_or_init(|| {
            let now = js_sys::Date::new_0();
            Date::new(
                now.get_full_year() as u16,
                now.get_month() as u8 + 1,
                now.get_date() as u8,
            )
            .unwrap_or_else(|| Date::new(2000, 1, 1).expect("a valid date"))
        })
    })
}
