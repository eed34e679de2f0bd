//! Reading the JSON the platforms answer (Shopify's and WooCommerce's): the document, a field
//! as text, and an image URL the widget may load.

use checkout_addons_engine::is_safe_url;
use serde_json::Value;

use crate::{ImportError, ImportReport, Problem};

/// The document, or where it stops being JSON.
pub(crate) fn document(json: &str) -> Result<Value, ImportError> {
    serde_json::from_str(json).map_err(|e| {
        ImportError(format!(
            "line {}, column {}: not JSON ({e})",
            e.line(),
            e.column()
        ))
    })
}

/// A JSON string or number as text (ids are numbers; some exports quote them).
pub(crate) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The image URL when the widget may load it (http(s) or a path on the shop); anything else
/// is left out and noted at `place`.
pub(crate) fn image(src: Option<String>, place: &str, report: &mut ImportReport) -> String {
    match src {
        Some(src) if is_safe_url(&src) => src,
        Some(src) => {
            report.notes.push(Problem {
                place: place.to_owned(),
                reason: format!("image `{src}` is not an http(s) URL; left out"),
            });
            String::new()
        }
        None => String::new(),
    }
}
