//! How an add reaches the shop's cart. For now one adapter: a `checkout-addons:add` event the
//! page handles (the demo shop does). Platform adapters (Shopify, WooCommerce) come later
//! behind the same function.

use checkout_addons_engine::Money;
use web_sys::HtmlElement;

use crate::host;

/// What the shop needs to put one item in its cart.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// How many; one-click adds add one.
    pub quantity: u32,
}

/// Asks the page to add `request`. The event's detail is `{productId, variantId, title, price,
/// currency, quantity}`, price in minor units. The event is cancelable: a listener that calls
/// `preventDefault()` refuses the add, and the button shows the failure.
pub fn add(host: &HtmlElement, request: &AddRequest) -> bool {
    let detail = host::Detail::new()
        .text("productId", &request.product_id)
        .optional_text("variantId", request.variant_id.as_deref())
        .text("title", &request.title)
        .number("price", request.price.minor())
        .text("currency", &request.currency)
        .number("quantity", i64::from(request.quantity));
    host::emit(host, "add", &detail)
}
