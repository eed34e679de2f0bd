//! The element's `feed`, read: a whole catalog, or a published folder's manifest whose shards
//! [`crate::folder`] fetches per cart.

use std::sync::Arc;

use checkout_addons_engine::{Catalog, FeedOrFolder};

use crate::fetch::{fetch_text, Started};
use crate::folder::Folder;

/// What the element's `feed` names, read: a whole catalog, or a published folder whose shards
/// each cart fetches.
#[derive(Clone)]
pub enum Source {
    Feed(Arc<Catalog>),
    Folder(Arc<Folder>),
}

/// Fetches and validates the feed (or a published folder's manifest) at `url` (relative to the
/// page), or takes over the request the loader `started`, giving up after `timeout_ms`.
/// `currency`, when the page names one, must be the feed's. The error names the URL and what
/// was wrong, for the one console warning the shop developer sees.
pub async fn load(
    url: &str,
    timeout_ms: u32,
    currency: Option<&str>,
    started: Option<Started>,
) -> Result<Source, String> {
    if url.is_empty() {
        return Err("the element has no `feed` attribute".into());
    }
    let text = fetch_text(url, "feed", timeout_ms, started).await?;
    let (source, priced_in) = match FeedOrFolder::from_json(&text) {
        Ok(FeedOrFolder::Feed(catalog)) => {
            let code = catalog.currency().code().to_owned();
            (Source::Feed(Arc::new(catalog)), code)
        }
        Ok(FeedOrFolder::Folder(manifest)) => {
            let code = manifest.currency().to_owned();
            (Source::Folder(Arc::new(Folder::new(manifest, url))), code)
        }
        Err(errors) => return Err(format!("the feed {url} is not valid:\n{errors}")),
    };
    match currency {
        Some(page) if page != priced_in => Err(format!(
            "the feed {url} is priced in {priced_in}, but the page shows {page} (the `currency` attribute)"
        )),
        _ => Ok(source),
    }
}
