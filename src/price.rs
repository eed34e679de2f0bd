//! Prices as the shopper's locale writes them, through the browser's own `Intl.NumberFormat`
//! (no formatting tables shipped in our wasm).

use checkout_addons_engine::{Currency, Money};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;

    #[wasm_bindgen(catch, constructor, js_namespace = Intl, js_class = "NumberFormat")]
    fn new(locale: &str, options: &JsValue) -> Result<NumberFormat, JsValue>;

    #[wasm_bindgen(method, js_class = "NumberFormat")]
    fn format(this: &NumberFormat, value: &str) -> String;
}

/// "€ 12,99" for `nl`, "€12.99" for `en`. The amount goes in as an exact decimal string;
/// an unknown locale falls back to the plain amount and currency code.
pub fn format(amount: Money, currency: &Currency, locale: &str) -> String {
    let decimal = amount.to_decimal_string(currency);
    let options = js_sys::JSON::parse(&format!(r#"{{"style":"currency","currency":"{currency}"}}"#));
    match options.and_then(|options| NumberFormat::new(locale, &options)) {
        Ok(formatter) => formatter.format(&decimal),
        Err(_) => format!("{currency} {decimal}"),
    }
}
