//! A published folder in the widget (docs/feed.md): the manifest the `feed` URL answered, and
//! the shards of the products in carts. Each shard is fetched once per page and shared by every
//! widget on it; a shard that is missing or corrupt costs only the add-ons of its products
//! (one console warning), never the rest.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use checkout_addons_engine::{Catalog, Manifest, Shard};

use crate::{fetch, host};

/// A published folder's manifest and where its shards are.
pub struct Folder {
    manifest: Manifest,
    /// The manifest's URL up to its last `/`: shard files are relative to it.
    base: String,
}

/// Where a shard stands on this page.
enum Slot {
    /// On its way; whoever asked is told when it settles.
    Fetching(Vec<Box<dyn Fn()>>),
    Ready(Rc<Shard>),
    /// Missing or corrupt: warned once, then left out.
    Failed,
}

thread_local! {
    // Every shard this page fetched, by URL: a cart change fetches only what is new, and
    // widgets showing the same folder share the downloads. A list, not a map: a page fetches
    // a handful, and a map of its own type would be more code on the checkout page.
    static SHARDS: RefCell<Vec<(String, Slot)>> = const { RefCell::new(Vec::new()) };
}

/// The slot of `url` in `shards`.
fn slot<'a>(shards: &'a mut [(String, Slot)], url: &str) -> Option<&'a mut Slot> {
    shards.iter_mut().find(|(at, _)| at == url).map(|(_, slot)| slot)
}

impl Folder {
    /// The folder whose manifest, read, is `manifest`, fetched from `url`.
    pub fn new(manifest: Manifest, url: &str) -> Folder {
        Folder {
            manifest,
            base: folder_of(url).to_owned(),
        }
    }

    /// The ISO 4217 code of the shop's prices.
    pub fn currency(&self) -> &str {
        self.manifest.currency()
    }

    /// The URLs of the shards a cart of these product or variant ids needs.
    fn shard_urls<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        (self.manifest.shards_for(ids).into_iter())
            .filter_map(|n| self.manifest.shard_file(n))
            .map(|file| format!("{}{file}", self.base))
            .collect()
    }

    /// The shards a cart of `ids` needs when all have settled (the failed ones left out), or
    /// `None` while one is on its way. Starts fetching those not asked for yet; `arrived` is
    /// called once for each that settles after this call.
    pub fn shards(
        self: &Arc<Self>,
        ids: impl IntoIterator<Item = impl AsRef<str>>,
        timeout_ms: u32,
        arrived: impl Fn() + Clone + 'static,
    ) -> Option<Vec<Rc<Shard>>> {
        let ids: Vec<_> = ids.into_iter().collect();
        let urls = self.shard_urls(ids.iter().map(AsRef::as_ref));
        let mut ready = Some(Vec::new());
        for url in urls {
            let shard = SHARDS.with_borrow_mut(|shards| match slot(shards, &url) {
                Some(Slot::Ready(shard)) => Some(Some(shard.clone())),
                Some(Slot::Failed) => Some(None),
                Some(Slot::Fetching(waiting)) => {
                    waiting.push(Box::new(arrived.clone()));
                    None
                }
                None => {
                    shards.push((url.clone(), Slot::Fetching(vec![Box::new(arrived.clone())])));
                    self.fetch(url, timeout_ms);
                    None
                }
            });
            match shard {
                Some(Some(shard)) => ready.iter_mut().for_each(|r| r.push(shard.clone())),
                Some(None) => {}
                None => ready = None,
            }
        }
        ready
    }

    fn fetch(self: &Arc<Self>, url: String, timeout_ms: u32) {
        let folder = self.clone();
        leptos::task::spawn_local(async move {
            let read = match fetch::fetch_text(&url, "feed shard", timeout_ms, None).await {
                Ok(text) => (folder.manifest.read_shard(&text))
                    .map_err(|errors| crate::fetch::not_valid("feed shard", &url, errors)),
                Err(why) => Err(why),
            };
            // Reading the shard was one task; merging and ranking are the next.
            host::next_task().await;
            let slot = match read {
                Ok(shard) => Slot::Ready(Rc::new(shard)),
                Err(why) => {
                    host::warn(&format!(
                        "{why}\n(the add-ons of the products in it are left out)"
                    ));
                    Slot::Failed
                }
            };
            let waiting = SHARDS
                .with_borrow_mut(|shards| (self::slot(shards, &url)).map(|old| std::mem::replace(old, slot)));
            if let Some(Slot::Fetching(waiting)) = waiting {
                waiting.iter().for_each(|arrived| arrived());
            }
        });
    }

    /// The catalog these shards make with the manifest. Shards that do not fit together (from
    /// two publications, say) are warned about and left out: the manifest alone still answers
    /// (it was validated when read, so only the shards can fail here).
    pub fn catalog(&self, shards: &[Rc<Shard>]) -> Option<Arc<Catalog>> {
        let shards: Vec<&Shard> = shards.iter().map(Rc::as_ref).collect();
        let catalog = self.manifest.catalog(&shards).or_else(|errors| {
            host::warn(&format!(
                "the feed shards of {} do not fit together:\n{errors}",
                self.base
            ));
            self.manifest.catalog(&[])
        });
        catalog.ok().map(Arc::new)
    }
}

/// Forgets the shards that failed, so that a refresh asks for them again.
pub fn forget_failures() {
    SHARDS.with_borrow_mut(|shards| shards.retain(|(_, slot)| !matches!(slot, Slot::Failed)));
}

/// `url` up to and including its last `/` (before any query or fragment): the folder that
/// files named relative to it are in.
fn folder_of(url: &str) -> &str {
    // Bytes rather than string patterns: the pattern searchers cost the checkout page 0.7 KB.
    let bytes = url.as_bytes();
    let path = &bytes[..bytes
        .iter()
        .position(|&b| b == b'?' || b == b'#')
        .unwrap_or(bytes.len())];
    // (`get`: an index that could panic brings the panic's message to the checkout page.)
    let end = path.iter().rposition(|&b| b == b'/').map_or(0, |slash| slash + 1);
    url.get(..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::folder_of;

    #[test]
    fn shard_files_are_found_beside_the_manifest() {
        assert_eq!(folder_of("/shop/addons/manifest.json"), "/shop/addons/");
        assert_eq!(
            folder_of("https://cdn.example/a/manifest.json?v=3"),
            "https://cdn.example/a/"
        );
        assert_eq!(folder_of("manifest.json#x/y"), "");
        assert_eq!(
            folder_of("https://cdn.example/a/?m=b/c"),
            "https://cdn.example/a/"
        );
    }
}
