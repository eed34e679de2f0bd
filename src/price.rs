//! Prices as the shopper's locale writes them: the common locales and currencies as
//! [`crate::locale_text`] writes them, every other through the browser's own
//! `Intl.NumberFormat` (no formatting tables for those shipped in our wasm).

use checkout_addons_engine::{Currency, Money};

use crate::locale_text;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<NumberFormat, JsValue>;

    // `catch`: a page may have replaced it with something that throws, and an exception
    // crossing the wasm would leave the widget half-rendered.
    #[wasm_bindgen(catch, method, js_class = "NumberFormat")]
    fn format(this: &NumberFormat, value: &str) -> Result<String, JsValue>;
}

/// "€ 12,99" for `nl`, "€12.99" for `en`. The amount goes in as an exact decimal string;
/// an unknown locale (or a broken `Intl`) falls back to the currency code and plain amount.
pub fn format(amount: Money, currency: &Currency, locale: &str) -> String {
    if let Some(written) = locale_text::written_price(amount.minor(), currency.code(), locale) {
        return written;
    }
    let decimal = amount.to_decimal_string(currency);
    let options = js_sys::JSON::parse(&format!(r#"{{"style":"currency","currency":"{currency}"}}"#));
    match options.and_then(|options| NumberFormat::new(locale, &options)) {
        Ok(formatter) => formatter
            .format(&decimal)
            .unwrap_or_else(|_| format!("{currency} {decimal}")),
        Err(_) => format!("{currency} {decimal}"),
    }
}
