//! The one place the widget touches the network: fetching the feed (or taking over the
//! loader's request for it) and a published folder's shards, within a timeout.

use checkout_addons_engine::LIMITS;
use gloo_net::http::Response;
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

impl Started {
    /// The loader's `{response, controller}`, when `value` is one.
    pub fn from_js(value: &JsValue) -> Option<Started> {
        let field = |name: &str| Reflect::get(value, &name.into()).ok();
        Some(Started {
            response: field("response")?.dyn_into().ok()?,
            controller: field("controller")?.dyn_into().ok()?,
        })
    }
}

thread_local! {
    // The loader's `shard(url)`: the request it started early for a folder's shard, handed over
    // once, else one it starts now. Either way the loader cuts the download off just past the
    // feed limit as it arrives, which a fetch of the wasm's own cannot: it would hold the whole
    // body in memory before the widget could say no.
    static LOADER_REQUESTS: std::cell::RefCell<Option<Function>> = const { std::cell::RefCell::new(None) };
}

/// Where the requests the loader starts come from (each mount passes its `shard` along).
pub fn take_loader_requests_from(request: Option<Function>) {
    if request.is_some() {
        LOADER_REQUESTS.set(request);
    }
}

/// The loader's request for `url`, where there is a loader.
fn loader_request(url: &str) -> Option<Started> {
    let request = LOADER_REQUESTS.with_borrow(Clone::clone)?;
    Started::from_js(&request.call1(&JsValue::NULL, &url.into()).ok()?)
}

/// The text at `url` (the `what`, "feed" or "feed shard", for messages), or of the request the
/// loader `started` for it (else of one the loader starts now: a shard, a refresh), within
/// `timeout_ms`, and no larger than a feed may be.
pub async fn fetch_text(
    url: &str,
    what: &str,
    timeout_ms: u32,
    started: Option<Started>,
) -> Result<String, String> {
    let started = started.or_else(|| loader_request(url));
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
    let failed = |action: &str, why: String| {
        if signal.aborted() {
            format!("the {what} {url} did not arrive within {timeout_ms} ms")
        } else {
            format!("could not {action} the {what} {url}: {why}")
        }
    };
    // What a failed request or read says: its message where it is an `Error`. Read without
    // conversions that throw: a page's own `fetch` wrapper may reject with anything.
    let why = |error: JsValue| {
        let message = match error.dyn_into::<js_sys::Error>() {
            Ok(error) => error.message().as_string(),
            Err(other) => other.as_string(),
        };
        message
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| "the network failed".into())
    };
    // The loader's request, else one of our own (a page without the loader: only tests mount
    // the widget so): the browser's `fetch` itself, called so that a wrapper that throws is an
    // answer too. gloo's request builder would add its `http` method table and error code to
    // every checkout page for that case alone.
    let response = match started {
        Some(started) => started.response,
        None => {
            let init = web_sys::RequestInit::new();
            init.set_signal(Some(&signal));
            let fetch = Reflect::get(&js_sys::global(), &"fetch".into())
                .and_then(|fetch| fetch.dyn_into::<Function>())
                .and_then(|fetch| fetch.call2(&js_sys::global(), &url.into(), &init))
                .map_err(|e| failed("fetch", why(e)))?;
            Promise::resolve(&fetch)
        }
    };
    let raw: web_sys::Response = JsFuture::from(response)
        .await
        .map_err(|e| failed("fetch", why(e)))?
        .unchecked_into();
    // gloo-net reads the answer's status. (`Clone::clone`: `raw.clone()` would be the JS
    // `Response.clone()`, a second body.)
    let response = Response::from(Clone::clone(&raw));
    if !response.ok() {
        return Err(format!("the {what} {url} answered HTTP {}", response.status()));
    }
    // Refuse an oversized feed before downloading it, when the server says its size; else
    // once read (the loader cuts a download off just past the limit).
    let too_large = || {
        format!(
            "the {what} {url} is larger than {} MiB",
            LIMITS.max_feed_bytes >> 20
        )
    };
    // (The headers read without gloo's `get`, which throws for a wrapper's stand-in.)
    let declared = (raw.headers().get("content-length").ok().flatten()).and_then(|l| l.parse::<usize>().ok());
    if declared.is_some_and(|bytes| bytes > LIMITS.max_feed_bytes) {
        return Err(too_large());
    }
    // Bytes, not text: copied into the wasm as they are, without a round trip through UTF-16.
    // Read here, not by gloo's `binary`: that one panics (and a panic stops every widget on the
    // page) when a read fails with anything but an `Error`, and its error type's formatting
    // cost the checkout page kilobytes.
    let body = raw.array_buffer().map_err(|e| failed("read", why(e)))?;
    let buffer = JsFuture::from(body).await.map_err(|e| failed("read", why(e)))?;
    // Measured before it is copied in: the wasm's memory never shrinks again.
    let buffer = js_sys::Uint8Array::new(&buffer);
    if buffer.length() as usize > LIMITS.max_feed_bytes {
        return Err(too_large());
    }
    let bytes = buffer.to_vec();
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the {what} {url} is not valid UTF-8 (byte {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Errors of a bad feed or shard told in its warning and `checkout-addons:error` event, the
/// rest counted: a shop's whole catalog wrong the same way is megabytes of them.
const SHOWN_ERRORS: usize = 20;

/// Why the feed or shard at `url` is not valid: its first errors, and how many more.
pub fn not_valid(what: &str, url: &str, mut errors: checkout_addons_engine::FeedErrors) -> String {
    let more = errors.0.len().saturating_sub(SHOWN_ERRORS);
    errors.0.truncate(SHOWN_ERRORS);
    let mut told = format!("the {what} {url} is not valid:\n{errors}");
    if more > 0 {
        told += &format!("\n... and {more} more (`addons validate` lists every one)");
    }
    told
}
