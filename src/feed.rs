//! The one place the widget touches the network: fetching the shop's feed.

use std::sync::Arc;

use checkout_addons_engine::Catalog;
use gloo_net::http::Request;

/// Fetches and validates the feed at `url` (relative to the page). The error names the URL
/// and what was wrong, for the one console warning the shop developer sees.
pub async fn load(url: &str) -> Result<Arc<Catalog>, String> {
    if url.is_empty() {
        return Err("the element has no `feed` attribute".into());
    }
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| format!("could not fetch the feed {url}: {e}"))?;
    if !response.ok() {
        return Err(format!("the feed {url} answered HTTP {}", response.status()));
    }
    let text = response
        .text()
        .await
        .map_err(|e| format!("could not read the feed {url}: {e}"))?;
    Catalog::from_json(&text)
        .map(Arc::new)
        .map_err(|errors| format!("the feed {url} is not valid:\n{errors}"))
}
