//! The one place the widget touches the network: fetching the shop's feed.

use std::sync::Arc;

use checkout_addons_engine::{Catalog, LIMITS};
use gloo_net::http::Request;
use web_sys::AbortSignal;

/// Fetches and validates the feed at `url` (relative to the page), giving up after
/// `timeout_ms`. `currency`, when the page names one, must be the feed's. The error names the
/// URL and what was wrong, for the one console warning the shop developer sees.
pub async fn load(url: &str, timeout_ms: u32, currency: Option<&str>) -> Result<Arc<Catalog>, String> {
    if url.is_empty() {
        return Err("the element has no `feed` attribute".into());
    }
    // One signal covers the request and reading the body: a feed that trickles in is as
    // slow as one that never answers.
    let signal = AbortSignal::timeout_with_u32(timeout_ms);
    let failed = |what: &str, e: gloo_net::Error| {
        if signal.aborted() {
            format!("the feed {url} did not arrive within {timeout_ms} ms")
        } else {
            format!("could not {what} the feed {url}: {e}")
        }
    };
    let response = Request::get(url)
        .abort_signal(Some(&signal))
        .send()
        .await
        .map_err(|e| failed("fetch", e))?;
    if !response.ok() {
        return Err(format!("the feed {url} answered HTTP {}", response.status()));
    }
    // Refuse an oversized feed before downloading it, when the server says its size.
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|bytes| bytes > LIMITS.max_feed_bytes) {
        return Err(format!(
            "the feed {url} is larger than {} MiB",
            LIMITS.max_feed_bytes >> 20
        ));
    }
    let text = response.text().await.map_err(|e| failed("read", e))?;
    let catalog =
        Catalog::from_json(&text).map_err(|errors| format!("the feed {url} is not valid:\n{errors}"))?;
    match currency {
        Some(page) if page != catalog.currency().code() => Err(format!(
            "the feed {url} is priced in {}, but the page shows {page} (the `currency` attribute)",
            catalog.currency().code()
        )),
        _ => Ok(Arc::new(catalog)),
    }
}
