//! The element's `feed`, read: a whole catalog, or a published folder's manifest whose shards
//! [`crate::folder`] fetches per cart.

use std::cell::RefCell;
use std::sync::Arc;

use checkout_addons_engine::{Catalog, FeedOrFolder};
use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::fetch::{fetch_text, Started};
use crate::folder::Folder;

/// What the element's `feed` names, read: a whole catalog, or a published folder whose shards
/// each cart fetches.
#[derive(Clone)]
pub enum Source {
    Feed(Arc<Catalog>),
    Folder(Arc<Folder>),
}

/// Where a feed URL stands on this page: widgets showing the same feed share one download and
/// one read catalog.
enum Feeding {
    /// On its way; whoever else asked is woken when it settles.
    Loading(Vec<Function>),
    Loaded(Source),
    /// The last try failed: the widgets waiting for it get its error; the next asks anew.
    Failed(String),
}

thread_local! {
    // A list, not a map: a page shows one feed or a few.
    static FEEDS: RefCell<Vec<(String, Feeding)>> = const { RefCell::new(Vec::new()) };
}

/// Fetches and validates the feed (or a published folder's manifest) at `url` (relative to the
/// page), or takes over the request the loader `started`, giving up after `timeout_ms`; or
/// joins the load another widget on the page started for the same `url`, or takes what it
/// loaded. `fresh` (a refresh) loads again, and widgets that come later get the new catalog.
/// `currency`, when the page names one, must be the feed's. The error names the URL and what
/// was wrong, for the one console warning the shop developer sees.
pub async fn load(
    url: &str,
    timeout_ms: u32,
    currency: Option<&str>,
    started: Option<Started>,
    fresh: bool,
) -> Result<Source, String> {
    if url.is_empty() {
        return Err("the element has no `feed` attribute".into());
    }
    let joined = if fresh { None } else { join(url) };
    let source = match joined {
        Some(waiting) => {
            let _ = JsFuture::from(waiting).await;
            FEEDS.with_borrow(|feeds| match feeds.iter().find(|(at, _)| at == url) {
                Some((_, Feeding::Loaded(source))) => Ok(source.clone()),
                Some((_, Feeding::Failed(why))) => Err(why.clone()),
                _ => Err(format!("the feed {url} did not load")),
            })?
        }
        None => {
            let outcome = read(url, timeout_ms, started).await;
            settle(url, &outcome);
            outcome?
        }
    };
    let priced_in = match &source {
        Source::Feed(catalog) => catalog.currency().code(),
        Source::Folder(folder) => folder.currency(),
    };
    match currency {
        Some(page) if page != priced_in => Err(format!(
            "the feed {url} is priced in {priced_in}, but the page shows {page} (the `currency` attribute)"
        )),
        _ => Ok(source),
    }
}

/// A promise that resolves when `url`'s load settles, or none when this widget must load it
/// (then it is marked as on its way).
fn join(url: &str) -> Option<Promise> {
    FEEDS.with_borrow_mut(|feeds| match feeds.iter_mut().find(|(at, _)| at == url) {
        Some((_, Feeding::Loaded(_))) => Some(Promise::resolve(&JsValue::NULL)),
        Some((_, Feeding::Loading(waiting))) => Some(Promise::new(&mut |resolve, _| waiting.push(resolve))),
        Some((_, slot)) => {
            *slot = Feeding::Loading(Vec::new());
            None
        }
        None => {
            feeds.push((url.to_owned(), Feeding::Loading(Vec::new())));
            None
        }
    })
}

/// Records how `url`'s load ended and wakes the widgets waiting for it. A failed refresh
/// leaves the catalog the others have.
fn settle(url: &str, outcome: &Result<Source, String>) {
    let next = match outcome {
        Ok(source) => Feeding::Loaded(source.clone()),
        Err(why) => Feeding::Failed(why.clone()),
    };
    let waiting = FEEDS.with_borrow_mut(|feeds| match feeds.iter_mut().find(|(at, _)| at == url) {
        Some((_, Feeding::Loaded(_))) if outcome.is_err() => Vec::new(),
        Some((_, slot)) => match std::mem::replace(slot, next) {
            Feeding::Loading(waiting) => waiting,
            _ => Vec::new(),
        },
        None => {
            feeds.push((url.to_owned(), next));
            Vec::new()
        }
    });
    for resolve in waiting {
        let _ = resolve.call0(&JsValue::NULL);
    }
}

/// How long one task reads a feed before it lets the page have its turn: well under the 50 ms
/// of a long task, with room for the one part that does not stop (the indexes) and for a
/// slower phone.
const READ_SLICE_MS: f64 = 10.0;

/// Fetches and reads `url`: a feed file or a published folder's manifest.
async fn read(url: &str, timeout_ms: u32, started: Option<Started>) -> Result<Source, String> {
    let text = fetch_text(url, "feed", timeout_ms, started).await?;
    // Taking the bytes in was one task; reading them is the next ones: the parse stops every
    // few milliseconds and goes on in a later task, so a big feed does not hold the page.
    crate::host::next_task().await;
    let mut reading = FeedOrFolder::reading(&text);
    let read = loop {
        let until = js_sys::Date::now() + READ_SLICE_MS;
        if let Some(read) = reading.step(&mut || js_sys::Date::now() < until) {
            break read;
        }
        crate::host::next_task().await;
    };
    match read {
        Ok(FeedOrFolder::Feed(catalog)) => Ok(Source::Feed(Arc::new(catalog))),
        Ok(FeedOrFolder::Folder(manifest)) => Ok(Source::Folder(Arc::new(Folder::new(manifest, url)))),
        Err(errors) => Err(crate::fetch::not_valid("feed", url, errors)),
    }
}
