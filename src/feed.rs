//! The one place the widget touches the network: fetching the shop's feed.

use std::sync::Arc;

use checkout_addons_engine::{Catalog, LIMITS};
use gloo_net::http::{Request, Response};
use js_sys::{Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortController;

/// A feed request the loader started before the wasm arrived (`fetch(feed, {signal})`), so
/// the download overlaps loading the widget instead of following it.
pub struct Started {
    /// The `fetch` promise.
    pub response: Promise,
    /// The controller whose signal the request carries; the timeout aborts through it.
    pub controller: AbortController,
}

/// Fetches and validates the feed at `url` (relative to the page), or takes over the request
/// the loader `started`, giving up after `timeout_ms`. `currency`, when the page names one,
/// must be the feed's. The error names the URL and what was wrong, for the one console warning
/// the shop developer sees.
pub async fn load(
    url: &str,
    timeout_ms: u32,
    currency: Option<&str>,
    started: Option<Started>,
) -> Result<Arc<Catalog>, String> {
    if url.is_empty() {
        return Err("the element has no `feed` attribute".into());
    }
    let controller = match &started {
        Some(started) => started.controller.clone(),
        None => AbortController::new().map_err(|_| "this browser cannot fetch the feed")?,
    };
    // One deadline covers the request and reading the body: a feed that trickles in is as
    // slow as one that never answers. (`abort`, bound to its controller: no closure to free.)
    if let Some(window) = web_sys::window() {
        let abort = Reflect::get(&controller, &"abort".into())
            .ok()
            .and_then(|abort| abort.dyn_into::<Function>().ok())
            .map(|abort| abort.bind0(&controller));
        if let Some(abort) = abort {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&abort, timeout_ms as i32);
        }
    }
    let signal = controller.signal();
    let failed = |what: &str, why: String| {
        if signal.aborted() {
            format!("the feed {url} did not arrive within {timeout_ms} ms")
        } else {
            format!("could not {what} the feed {url}: {why}")
        }
    };
    let response = match started {
        Some(started) => JsFuture::from(started.response)
            .await
            .map(|raw| Response::from(raw.unchecked_into::<web_sys::Response>()))
            .map_err(|e| {
                failed(
                    "fetch",
                    e.as_string().unwrap_or_else(|| "the network failed".into()),
                )
            })?,
        None => Request::get(url)
            .abort_signal(Some(&signal))
            .send()
            .await
            .map_err(|e| failed("fetch", e.to_string()))?,
    };
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
    // Bytes, not text: copied into the wasm as they are, without a round trip through UTF-16.
    let bytes = response
        .binary()
        .await
        .map_err(|e| failed("read", e.to_string()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| format!("the feed {url} is not valid UTF-8 (byte {})", e.valid_up_to()))?;
    let catalog =
        Catalog::from_json(text).map_err(|errors| format!("the feed {url} is not valid:\n{errors}"))?;
    match currency {
        Some(page) if page != catalog.currency().code() => Err(format!(
            "the feed {url} is priced in {}, but the page shows {page} (the `currency` attribute)",
            catalog.currency().code()
        )),
        _ => Ok(Arc::new(catalog)),
    }
}
