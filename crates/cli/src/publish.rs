//! `addons publish`: a feed as a published folder (docs/feed.md), and reading one back for
//! `addons recommend`. The splitting and the reading are the engine's; this writes and reads
//! the files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use checkout_addons_engine::{
    fnv1a, generation_runs, publish, shard_file, Catalog, FeedOrFolder, Limits, Manifest, Shard, LIMITS,
    SHARD_LAYOUT,
};
use serde_json::value::RawValue;

use crate::args::Publish;
use crate::feed_errors;
use crate::old_shards;

/// What `publish` reads: texts stay held to the widget's limit, the catalog may be any size.
const PUBLISH_LIMITS: Limits = Limits {
    max_feed_bytes: 4 << 30,
    max_products: 10_000_000,
    ..LIMITS
};

/// Products per shard when `--shards` is not given: a cart line's download stays a few
/// kilobytes at any catalog size.
pub const PRODUCTS_PER_SHARD: usize = 8;

/// Writes `manifest.json` and `shards/<n>-<generation>.json` into the folder. Publishing
/// again into the same folder keeps each shard whose content did not change under its name
/// and writes the others under this publication's generation, so a host can let browsers keep
/// shards for good and only the manifest briefly; the same feed again writes the same bytes.
///
/// A generation is a hash of what was published (the feed, the shard count, this version, the
/// engine's [`SHARD_LAYOUT`]), not a counter: a folder emptied and published anew with another feed must not reuse a name a
/// browser may hold forever for other content.
pub fn run(options: &Publish) -> anyhow::Result<()> {
    let folder = Path::new(&options.out);
    let path = folder.join("manifest.json");
    check_folder(&options.feed, folder)?;
    // Every error in the feed is reported before anything is written. Past the browser's
    // limits: a catalog too big for one download is what publishing is for.
    let text = crate::read_text(&options.feed)?;
    let catalog = Catalog::from_json_with_limits(&text, &PUBLISH_LIMITS)
        .map_err(|errors| anyhow!(feed_errors(&options.feed, &errors)))?
        .without_unread_fields();
    let products = catalog.products().len();
    // The folder's last publication, when it has one.
    let previous = std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| Manifest::from_json(&text).ok());
    // Without `--shards`, the last publication's count while its shards stay near the usual
    // size (4 to 16 products): a shop that grows by one product must not rename every shard,
    // which every shopper's browser would then fetch anew.
    let kept = (previous.as_ref().map(Manifest::shard_count)).filter(|&n| {
        n > 0
            && products.div_ceil(n) <= 2 * PRODUCTS_PER_SHARD
            && n <= products.div_ceil(PRODUCTS_PER_SHARD / 2).max(1)
    });
    let count = (options.shards.map(|n| n as usize))
        .or(kept)
        .unwrap_or_else(|| products.div_ceil(PRODUCTS_PER_SHARD))
        .max(1);
    // More shards than products would be files holding nothing (millions, for a typo).
    let count = match count > products.max(1) {
        true => {
            say!(
                "{}: --shards {count} is more than its {products} products; {} shards",
                options.feed,
                products.max(1)
            );
            products.max(1)
        }
        false => count,
    };
    let published = format!(
        "{} {count} {} {SHARD_LAYOUT}",
        fnv1a(text.as_bytes()),
        env!("CARGO_PKG_VERSION")
    );
    let this_generation = (fnv1a(published.as_bytes()) as u32).max(1);
    drop(text);
    let mut publication = publish(&catalog, count);
    let shards = folder.join("shards");
    std::fs::create_dir_all(&shards).with_context(|| shards.display().to_string())?;
    // Its shards can be kept only where there are as many.
    let previous = previous.filter(|manifest| manifest.shard_count() == count);
    // Making and serialising the shards is most of the processor time (2 GB at 500,000
    // products): one thread per core makes a run of shards one at a time, and this thread
    // creates the files. Files made in one folder by two threads wait on the folder's lock, and
    // the waiting thread spun on it: a fifth of publishing 500,000 products was that spinning.
    // A short queue between them keeps memory the catalog's.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let texts = product_texts(&catalog, threads)?;
    let per_thread = count.div_ceil(threads).max(1);
    let (publication_ref, cards) = (&publication, &texts);
    let mut generations = vec![0; count];
    let (mut bytes, mut written) = (0, 0);
    // The names this run made, taken away again if it fails: no manifest names them, and a
    // full disk stays full until they are gone.
    let mut made_here = Vec::new();
    let shards_made = std::thread::scope(|scope| -> anyhow::Result<()> {
        let (made, to_write) =
            std::sync::mpsc::sync_channel::<(usize, usize, serde_json::Result<String>)>(64);
        let mut makers = Vec::new();
        for first in (0..count).step_by(per_thread) {
            let made = made.clone();
            makers.push(scope.spawn(move || {
                for n in first..count.min(first + per_thread) {
                    let shard = publication_ref.shard_with(n, |p| &*cards[p]);
                    // The writer has stopped on an error: nothing more to make.
                    if made
                        .send((n, shard.product_count(), serde_json::to_string(&shard)))
                        .is_err()
                    {
                        return;
                    }
                }
            }));
        }
        drop(made);
        for (n, products, text) in to_write {
            let text = text?;
            // A shard the widget would refuse costs its products' add-ons on every checkout.
            if products > LIMITS.max_products {
                return Err(anyhow!(
                    "{}: shard {n} would hold {products} products, over the {} a browser reads: publish with more shards than {count} (--shards), or give the products linked to thousands of others fewer links",
                    options.feed,
                    LIMITS.max_products
                ));
            }
            if text.len() > LIMITS.max_feed_bytes {
                return Err(anyhow!(
                    "{}: shard {n} would be {} MiB, over the {} MiB a browser reads: publish with more shards than {count} (--shards)",
                    options.feed,
                    text.len() >> 20,
                    LIMITS.max_feed_bytes >> 20
                ));
            }
            let shard = write_shard(
                folder,
                n,
                &text,
                previous.as_ref(),
                this_generation,
                &mut made_here,
            )?;
            bytes += shard.bytes;
            written += usize::from(shard.written);
            generations[n] = shard.generation;
        }
        for maker in makers {
            maker
                .join()
                .map_err(|_| anyhow!("a thread making shards stopped"))?;
        }
        Ok(())
    });
    let shards_made = shards_made.and_then(|()| {
        let runs = generation_runs(&generations);
        if runs.split(',').count() <= most_generation_runs(count) {
            return Ok(runs);
        }
        // Every shard under this generation: each unchanged one under its new name too, a
        // link to the same bytes where the disk allows (no space, and nothing to write half).
        // A name of this generation already there holds these bytes (the generation is a hash
        // of what was published) and may be served: it is left as it is.
        for (n, generation) in generations.iter_mut().enumerate() {
            if *generation != this_generation {
                let (from, to) = (folder.join(shard_file(n, *generation)), folder.join(shard_file(n, this_generation)));
                if !to.exists() {
                    made_here.push(to.clone());
                    std::fs::hard_link(&from, &to)
                        .or_else(|_| std::fs::copy(&from, &to).map(|_| ()))
                        .with_context(|| format!("{} to {}", from.display(), to.display()))?;
                    written += 1;
                }
                *generation = this_generation;
            }
        }
        say!(
            "{}: the shards' generations had split into more than {} runs, so every shard is now of this one (browsers fetch each anew once; the manifest stays small)",
            folder.display(),
            most_generation_runs(count)
        );
        Ok(generation_runs(&generations))
    });
    let manifest = shards_made
        .and_then(|runs| {
            publication.manifest.published.generations = runs;
            Ok(serde_json::to_string(&publication.manifest)?)
        })
        .and_then(|manifest| crate::replace_file(&path, manifest.as_bytes()).map(|()| manifest));
    let manifest = match manifest {
        Ok(manifest) => manifest,
        Err(error) => {
            for file in &made_here {
                let _ = std::fs::remove_file(file);
            }
            return Err(error);
        }
    };
    // Only now: until the new manifest is in place, pages are sent to the shards it replaces.
    let live = (generations.iter().enumerate())
        .map(|(n, &generation)| shard_file(n, generation))
        .collect();
    // The publication is done whatever becomes of the old shards: said, not failed, so that a
    // script goes on to upload it.
    let old = old_shards::tidy(folder, &live, options.keep_old_shards, jiff::Timestamp::now())
        .unwrap_or_else(|error| {
            say!("{}: old shards left as they are: {error:#}", folder.display());
            old_shards::Tidied { deleted: 0, kept: 0 }
        });
    say!(
        "{}: {} products in {count} shards ({} KB, {} KB per shard on average; {written} written, the rest unchanged), manifest {} KB; old shards: {} deleted, {} kept up to {} days",
        folder.display(),
        catalog.products().len(),
        bytes / 1024,
        bytes / count / 1024,
        manifest.len() / 1024,
        old.deleted,
        old.kept,
        options.keep_old_shards
    );
    // The process ends next: freeing a big catalog's millions of allocations one by one was
    // 7% of publishing 100,000 products, for memory the system takes back anyway.
    std::mem::forget(publication);
    std::mem::forget(texts);
    std::mem::forget(catalog);
    Ok(())
}

/// Each product's JSON by catalog position, made on `threads` threads: a product is offered
/// from about 14 shards (500,000 generated products), and serialising it once instead of
/// each time took publishing from 24.7 to 18.0 s of processor time at 100,000 products.
fn product_texts(catalog: &Catalog, threads: usize) -> anyhow::Result<Vec<Box<RawValue>>> {
    let products = catalog.products();
    let per_thread = products.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (products.chunks(per_thread))
            .map(|chunk| {
                scope.spawn(move || {
                    (chunk.iter())
                        .map(serde_json::value::to_raw_value)
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut texts = Vec::with_capacity(products.len());
        for worker in workers {
            let chunk = (worker.join()).map_err(|_| anyhow!("a thread serialising products stopped"))??;
            texts.extend(chunk);
        }
        Ok(texts)
    })
}

/// The most runs of shards of one generation a manifest lists before a publication gives
/// every shard its own generation. Scattered changes split the runs, one publication after
/// another, until there is nearly one per shard: at 62,500 shards (500,000 products) 46 KB of
/// brotli on every checkout, against a cart's 25 KB. At most 1,000, or one per 16 shards, is
/// about 0.75 KB and 3 KB (a run is "1709050053:3," and compresses to under a byte).
fn most_generation_runs(shards: usize) -> usize {
    (shards / 16).max(1_000)
}

/// Refuses, before anything is read or written, a folder publishing cannot use, and a feed
/// that publishing there would overwrite or delete (the manifest, the old shards' record, a
/// file named as a shard, which a publication replaces or its tidying deletes).
fn check_folder(feed: &str, folder: &Path) -> anyhow::Result<()> {
    let shown = folder.display();
    if folder.exists() && !folder.is_dir() {
        return Err(anyhow!(
            "{shown}: that is a file; name the folder to publish into"
        ));
    }
    let manifest = folder.join("manifest.json");
    if manifest.is_dir() {
        return Err(anyhow!(
            "{}: that is a folder; the manifest goes there",
            manifest.display()
        ));
    }
    let shards = folder.join("shards");
    if shards.exists() && !shards.is_dir() {
        return Err(anyhow!(
            "{}: that is a file; the shards go there",
            shards.display()
        ));
    }
    let feed_real = crate::real_path(Path::new(feed));
    let written = [manifest, folder.join(old_shards::RECORD)];
    let a_shard = feed_real.parent() == Some(crate::real_path(&shards).as_path())
        && (feed_real.file_name().and_then(|name| name.to_str())).is_some_and(old_shards::is_shard_name);
    if a_shard || written.iter().any(|file| crate::real_path(file) == feed_real) {
        return Err(anyhow!(
            "{feed}: publishing into {shown} would overwrite or delete it; keep the feed outside the published folder's manifest.json, {} and shard names",
            old_shards::RECORD
        ));
    }
    Ok(())
}

/// What became of one shard.
struct Written {
    generation: u32,
    bytes: usize,
    /// False when the folder already had it, byte for byte, from an earlier publication.
    written: bool,
}

/// Writes shard `n`'s `text` into `folder`, unless the `previous` publication there has it
/// unchanged.
fn write_shard(
    folder: &Path,
    n: usize,
    text: &str,
    previous: Option<&Manifest>,
    this_generation: u32,
    made_here: &mut Vec<PathBuf>,
) -> anyhow::Result<Written> {
    let unchanged = previous.and_then(|m| {
        let generation = m.generation(n)?;
        let before = std::fs::read(folder.join(shard_file(n, generation))).ok()?;
        (before == text.as_bytes()).then_some(generation)
    });
    let generation = unchanged.unwrap_or(this_generation);
    if unchanged.is_none() {
        let file = folder.join(shard_file(n, generation));
        // A name already there may be served already, to be cached for good: replaced whole or
        // not at all. A new name (nearly all) is written as it is: no one asks for it yet.
        match file.exists() {
            true => crate::replace_file(&file, text.as_bytes())?,
            false => {
                made_here.push(file.clone());
                std::fs::write(&file, text).with_context(|| file.display().to_string())?
            }
        }
    }
    Ok(Written {
        generation,
        bytes: text.len(),
        written: unchanged.is_none(),
    })
}

/// A feed file, or a published folder's manifest whose shards are read as carts need them.
pub enum Source {
    /// A whole feed.
    Feed(Box<Catalog>),
    /// A published folder.
    Folder {
        manifest: Manifest,
        folder: PathBuf,
        /// The shards read so far; `None` for one that could not be (said once).
        shards: HashMap<usize, Option<Shard>>,
    },
}

impl Source {
    /// Reads the feed or manifest at `path`.
    pub fn open(path: &str) -> anyhow::Result<Source> {
        let text = crate::read_text(path)?;
        match FeedOrFolder::from_json(&text) {
            Ok(FeedOrFolder::Feed(catalog)) => Ok(Source::Feed(Box::new(catalog))),
            Ok(FeedOrFolder::Folder(manifest)) => {
                let folder = Path::new(path).parent().unwrap_or(Path::new(".")).to_path_buf();
                Ok(Source::Folder {
                    manifest,
                    folder,
                    shards: HashMap::new(),
                })
            }
            Err(errors) => Err(anyhow!(feed_errors(path, &errors))),
        }
    }

    /// The shards that could not be read (each named once as it failed).
    pub fn unreadable_shards(&self) -> usize {
        match self {
            Source::Feed(_) => 0,
            Source::Folder { shards, .. } => shards.values().filter(|shard| shard.is_none()).count(),
        }
    }

    /// The catalog that answers a cart of these ids: the feed, or the manifest with the
    /// shards of the ids (read once each). As in the widget, a shard missing or corrupt costs
    /// only its products' add-ons, with one warning naming it; the rest is answered (and the
    /// run exits 1 at its end: see [`Source::unreadable_shards`]).
    pub fn catalog_for<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> anyhow::Result<Cow<'_, Catalog>> {
        let (manifest, folder, shards) = match self {
            Source::Feed(catalog) => return Ok(Cow::Borrowed(catalog)),
            Source::Folder {
                manifest,
                folder,
                shards,
            } => (manifest, folder, shards),
        };
        let needed = manifest.shards_for(ids);
        for &n in &needed {
            if shards.contains_key(&n) {
                continue;
            }
            let path = folder.join(manifest.shard_file(n).expect("a shard of the manifest"));
            let name = path.display().to_string();
            let shard = std::fs::read_to_string(&path)
                .with_context(|| name.clone())
                .and_then(|text| (manifest.read_shard(&text)).map_err(|e| anyhow!(feed_errors(&name, &e))));
            if let Err(error) = &shard {
                say!("{error:#}\n(its products get no add-ons, as in the widget)");
            }
            shards.insert(n, shard.ok());
        }
        let read: Vec<&Shard> = needed.iter().filter_map(|n| shards[n].as_ref()).collect();
        let catalog =
            (manifest.catalog(&read)).map_err(|e| anyhow!(feed_errors(&folder.display().to_string(), &e)))?;
        Ok(Cow::Owned(catalog))
    }
}
