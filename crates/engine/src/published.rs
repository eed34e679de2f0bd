//! Reading a published folder (docs/feed.md): a small manifest with what holds for the whole
//! shop, and shards that each hold everything a cart of their products needs
//! ([`crate::publish`] writes them). A [`Manifest`] puts the shards of a cart back together
//! into a [`Catalog`] that answers that cart **exactly as the whole feed would**, which the
//! `published` proptest checks. So a checkout downloads what its cart needs, not the catalog.
//!
//! Where each id lives is a hash ([`shard_of`]), so the manifest needs no table of ids: a
//! product is written into the shard of its own id and of each of its variants' ids (carts
//! name variants), with its relations and the card data of everything they can offer.

use rustc_hash::FxHashMap;

use crate::catalog::{Catalog, IndexSteps};
use crate::error::{FeedError, FeedErrors, FeedPath};
use crate::feed::{Bundle, CategoryComplement, Feed, Limits, PublishedInfo, LIMITS};
use crate::json;
use crate::money::Money;
use crate::validation::CheckSteps;

/// What a widget's `feed` URL answered: a whole feed, or a published folder's manifest.
// Made once per load and taken apart at once: its size does not matter, a box would be a copy.
#[allow(clippy::large_enum_variant)]
pub enum FeedOrFolder {
    /// A feed file, read, validated and indexed.
    Feed(Catalog),
    /// A folder's manifest: the shards of each cart are still to be fetched.
    Folder(Manifest),
}

impl FeedOrFolder {
    /// Reads `text` once and tells which it is; every error at once, as for a feed. A feed is
    /// held to [`LIMITS`], as the widget's feeds always are.
    pub fn from_json(text: &str) -> Result<FeedOrFolder, FeedErrors> {
        let mut reading = FeedOrFolder::reading(text);
        loop {
            if let Some(read) = reading.step(&mut || true) {
                return read;
            }
        }
    }

    /// The same read as [`FeedOrFolder::from_json`], in steps a caller can spread over time.
    pub fn reading(text: &str) -> FeedReading<'_> {
        FeedReading {
            text,
            stage: Stage::Parsing(json::Steps::new(text)),
        }
    }
}

/// A feed or manifest being read: [`FeedReading::step`] until it answers.
pub struct FeedReading<'a> {
    text: &'a str,
    stage: Stage<'a>,
}

/// How far a [`FeedReading`] is: parsing the text, reading the parsed values as a feed,
/// checking that and indexing it, each an item of a list at a time.
// One per feed being read, so its size does not matter; boxing would add an allocation and code.
#[allow(clippy::large_enum_variant)]
enum Stage<'a> {
    Parsing(json::Steps<'a>),
    Reading(crate::feed_reader::ReadSteps<'a>),
    Checking(Feed, CheckSteps),
    Indexing(IndexSteps),
    Done,
}

impl FeedReading<'_> {
    /// Reads on while `keep_going` says so: parses (asked after each product, each product's
    /// relations, and each other item of the feed's lists), then reads the parsed text as a
    /// feed and checks it, then indexes it (asked after each product, each reference and each
    /// list of neighbours); the step that finishes the index answers.
    /// Asked again after answering, it has nothing more to say (`None`).
    pub fn step(&mut self, keep_going: &mut dyn FnMut() -> bool) -> Option<Result<FeedOrFolder, FeedErrors>> {
        let text = self.text;
        if text.len() > LIMITS.max_feed_bytes {
            return Some(Err(FeedErrors(vec![FeedError::TooLarge {
                bytes: text.len(),
                limit: LIMITS.max_feed_bytes,
            }])));
        }
        let (next, answer) = match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Parsing(mut steps) => match steps.step(keep_going) {
                Ok(None) => (Stage::Parsing(steps), None),
                Ok(Some(root)) => (Stage::Reading(crate::feed_reader::ReadSteps::new(root)), None),
                Err(error) => (
                    Stage::Done,
                    Some(Err(crate::feed_reader::syntax_error(text, error))),
                ),
            },
            Stage::Reading(mut steps) => match steps.step(keep_going) {
                None => (Stage::Reading(steps), None),
                Some(Ok(mut feed)) => match feed.published.take() {
                    Some(published) => {
                        let manifest = Manifest::from_feed(feed, published, text);
                        (Stage::Done, Some(manifest.map(FeedOrFolder::Folder)))
                    }
                    // Only shards list their categories' candidates: read as a feed, one
                    // would offer a part of the shop as all of it.
                    None if feed.category_candidates.is_some() => {
                        (Stage::Done, Some(Err(FeedErrors(vec![FeedError::Shard]))))
                    }
                    None => (Stage::Checking(feed, CheckSteps::default()), None),
                },
                Some(Err(errors)) => (Stage::Done, Some(Err(errors))),
            },
            Stage::Checking(feed, mut steps) => match steps.step(&feed, &LIMITS, keep_going) {
                None => (Stage::Checking(feed, steps), None),
                Some(Ok(checked)) => (Stage::Indexing(IndexSteps::new(feed, checked, None)), None),
                Some(Err(errors)) => (Stage::Done, Some(Err(errors))),
            },
            Stage::Indexing(mut steps) => match steps.step(keep_going) {
                None => (Stage::Indexing(steps), None),
                Some(catalog) => (Stage::Done, Some(Ok(FeedOrFolder::Feed(catalog)))),
            },
            Stage::Done => (Stage::Done, None),
        };
        self.stage = next;
        answer
    }
}

/// The shard that holds the product or variant `id`, of `count`: [`fnv1a`] of its bytes, so
/// the publisher and every reader agree without a table.
pub fn shard_of(id: &str, count: usize) -> usize {
    (fnv1a(id.as_bytes()) % count.max(1) as u64) as usize
}

/// The 64-bit FNV-1a hash: a few lines every reader can repeat (the e2e tests do, in JS).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// A published folder's manifest, read: which shards a cart needs, and the catalog they make.
///
/// It and its shards keep their text and are read again for each merge: moving what was just
/// read into the catalog needs no copy of a product, and the copying code cost the checkout page
/// more than reading a few shards again costs time (a shard is a few KB).
pub struct Manifest {
    text: String,
    currency: String,
    typical_price: Money,
    /// The shards' generations as runs: a generation and the number of the shard after its
    /// last, in order.
    generations: Vec<(u32, usize)>,
}

/// One shard, read and checked on its own (its errors name its own paths).
pub struct Shard {
    text: String,
}

impl Manifest {
    /// Reads a manifest; every error at once, as for a feed.
    pub fn from_json(text: &str) -> Result<Manifest, FeedErrors> {
        let mut feed = crate::feed_reader::read(text)?;
        let Some(published) = feed.published.take() else {
            return Err(FeedErrors(vec![FeedError::WrongType {
                path: FeedPath::outside("published".to_owned()),
                id: None,
                expected: "a published folder's manifest (this is a feed)",
            }]));
        };
        Manifest::from_feed(feed, published, text)
    }

    /// The manifest of `text`, read as `feed` with its `published` taken out.
    fn from_feed(mut feed: Feed, published: PublishedInfo, text: &str) -> Result<Manifest, FeedErrors> {
        let generations = runs(&published.generations, published.shards).ok_or_else(|| {
            FeedErrors(vec![FeedError::WrongType {
                path: FeedPath::outside("published.generations".to_owned()),
                id: None,
                expected: "runs `generation:count` that add up to `shards`",
            }])
        })?;
        // Its shortlist must be a valid feed on its own. Category complements are the shards'
        // (a manifest of an earlier publish may still list them: they are not read).
        feed.category_complements.clear();
        crate::validation::validate(&feed, &unlimited())?;
        Ok(Manifest {
            text: text.to_owned(),
            currency: feed.currency,
            typical_price: published.typical_price,
            generations,
        })
    }

    /// The ISO 4217 code the shop's prices are in.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// How many shards the folder has.
    pub fn shard_count(&self) -> usize {
        self.generations.last().map_or(0, |&(_, end)| end)
    }

    /// The generation shard `n` was last written in.
    pub fn generation(&self, n: usize) -> Option<u32> {
        let run = self.generations.partition_point(|&(_, end)| end <= n);
        self.generations.get(run).map(|&(generation, _)| generation)
    }

    /// The file of shard `n`, relative to the manifest.
    pub fn shard_file(&self, n: usize) -> Option<String> {
        self.generation(n).map(|g| shard_file(n, g))
    }

    /// The shards a cart with these product or variant ids needs, each once, by number.
    pub fn shards_for<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let count = self.shard_count();
        // A cart is short: a search per id costs less to ship than a sort.
        let mut needed = Vec::new();
        for n in ids.into_iter().map(|id| shard_of(id, count)) {
            if !needed.contains(&n) {
                needed.push(n);
            }
        }
        needed
    }

    /// Reads one shard's text, held to the limits of a feed file: a shard is downloaded and
    /// read on a checkout page like one.
    pub fn read_shard(&self, text: &str) -> Result<Shard, FeedErrors> {
        if text.len() > LIMITS.max_feed_bytes {
            return Err(FeedErrors(vec![FeedError::TooLarge {
                bytes: text.len(),
                limit: LIMITS.max_feed_bytes,
            }]));
        }
        let feed = crate::feed_reader::read(text)?;
        let mut errors = Vec::new();
        let candidates = feed.category_candidates.as_ref().map_or(0, Vec::len);
        for (field, count, wanted, expected) in [
            (
                "bundle_positions",
                feed.bundle_positions.len(),
                feed.bundles.len(),
                "one position per bundle",
            ),
            (
                "category_candidates",
                candidates,
                feed.category_complements.len(),
                "one list per category complement of the shard",
            ),
        ] {
            if count != wanted {
                errors.push(FeedError::WrongType {
                    path: FeedPath::outside(field.to_owned()),
                    id: None,
                    expected,
                });
            }
        }
        if !errors.is_empty() {
            return Err(FeedErrors(errors));
        }
        // Checked on its own, so that its errors name its own paths; indexed only when merged.
        crate::validation::validate(&feed, &LIMITS)?;
        Ok(Shard {
            text: text.to_owned(),
        })
    }

    /// The catalog of the manifest and `shards` (each read by [`Manifest::read_shard`]):
    /// for a cart whose shards are all here, the answers of the whole feed.
    pub fn catalog(&self, shards: &[&Shard]) -> Result<Catalog, FeedErrors> {
        let mut feed = crate::feed_reader::read(&self.text)?;
        feed.published = None;
        feed.category_complements.clear();
        // Ids seen (the values unused: the map type the catalog's positions use, so no new code).
        let mut seen: FxHashMap<String, usize> = FxHashMap::default();
        for product in &feed.products {
            seen.insert(product.id.clone(), 0);
        }
        // A product in several shards has the same relations in each: take them from the first.
        let mut sources: FxHashMap<String, usize> = FxHashMap::default();
        // By their position in the whole feed, which decides a tie between two.
        let mut bundles: Vec<(u64, Bundle)> = Vec::new();
        // By their position in the whole feed, whose order the category lane's blending follows.
        let mut pairs: Vec<(usize, (CategoryComplement, Vec<String>))> = Vec::new();
        for shard in shards {
            let shard = crate::feed_reader::read(&shard.text)?;
            for product in shard.products {
                if seen.insert(product.id.clone(), 0).is_none() {
                    feed.products.push(product);
                }
            }
            // Plain loops: each iterator chain is more code on the checkout page.
            let mut from = Vec::new();
            for complement in shard.complements {
                if !sources.contains_key(&complement.from) {
                    from.push(complement.from.clone());
                    feed.complements.push(complement);
                }
            }
            for upgrade in shard.upgrades {
                if !sources.contains_key(&upgrade.from) {
                    from.push(upgrade.from.clone());
                    feed.upgrades.push(upgrade);
                }
            }
            for (id, neighbours) in shard.copurchase {
                if !sources.contains_key(&id) {
                    from.push(id.clone());
                    feed.copurchase.push((id, neighbours));
                }
            }
            for (id, neighbours) in shard.similar {
                if !sources.contains_key(&id) {
                    from.push(id.clone());
                    feed.similar.push((id, neighbours));
                }
            }
            for id in from {
                sources.insert(id, 0);
            }
            for (position, bundle) in shard.bundle_positions.into_iter().zip(shard.bundles) {
                if let Err(at) = bundles.binary_search_by_key(&position, |(p, _)| *p) {
                    bundles.insert(at, (position, bundle));
                }
            }
            let candidates = shard.category_candidates.into_iter().flatten();
            for (pair, (position, ids)) in shard.category_complements.into_iter().zip(candidates) {
                if let Err(at) = pairs.binary_search_by_key(&position, |(p, _)| *p) {
                    pairs.insert(at, (position, (pair, ids)));
                }
            }
        }
        feed.bundles = bundles.into_iter().map(|(_, bundle)| bundle).collect();
        // Only the category complements these shards serve, in the whole feed's order.
        let mut lists = Vec::new();
        for (_, (pair, ids)) in pairs {
            lists.push((feed.category_complements.len(), ids));
            feed.category_complements.push(pair);
        }
        feed.category_candidates = Some(lists);
        Catalog::from_feed(feed, &unlimited(), Some(self.typical_price))
    }

    /// The shop's typical price, which the price rules measure against.
    pub fn typical_price(&self) -> Money {
        self.typical_price
    }
}

/// The file of shard `n` written in generation `generation`, relative to the manifest.
pub fn shard_file(n: usize, generation: u32) -> String {
    format!("shards/{n}-{generation}.json")
}

/// The runs `generation:count,...` of the manifest's `shards` shards, each as its generation
/// and the number of the shard after it; `None` when they do not read or do not add up to
/// `shards`. Kept as runs, not a generation per shard: a manifest that claims billions of
/// shards costs nothing to refuse, and the sum is counted in `u64` since the widget's `usize`
/// is 32 bits.
fn runs(text: &str, shards: u64) -> Option<Vec<(u32, usize)>> {
    let mut runs = Vec::new();
    let mut total: u64 = 0;
    for run in text.split(',') {
        let (generation, count) = run.split_once(':')?;
        let (generation, count): (u32, u64) = (generation.parse().ok()?, count.parse().ok()?);
        if count == 0 || count > shards - total {
            return None;
        }
        total += count;
        runs.push((generation, usize::try_from(total).ok()?));
    }
    (total == shards).then_some(runs)
}

/// A published folder's parts are small by construction; the limit that matters is the
/// download, which the folder keeps small.
fn unlimited() -> Limits {
    Limits {
        max_feed_bytes: usize::MAX,
        max_products: usize::MAX,
        max_text_chars: crate::feed::LIMITS.max_text_chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pinned: the loader (loader/checkout-addons.js) and the e2e tests compute the same in JS,
    /// and a published folder's names depend on it for good.
    #[test]
    fn a_shard_is_fnv_1a_of_the_ids_utf_8_bytes() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(shard_of("suède-42", 1000), 862);
        assert_eq!(shard_of("g100", 62_500), 32_449);
        assert_eq!(shard_of("anything", 0), 0, "no shards is one");
    }

    fn manifest(generations: &str, shards: u64) -> Result<Manifest, FeedErrors> {
        Manifest::from_json(&format!(
            r#"{{"version": 1, "currency": "EUR", "products": [], "published":
                {{"typical_price": 250, "shards": {shards}, "generations": "{generations}"}}}}"#
        ))
    }

    #[test]
    fn a_manifest_gives_each_shard_the_generation_of_its_run() {
        let folder = manifest("1:2,3:1", 3).unwrap();
        assert_eq!(folder.shard_count(), 3);
        let generations: Vec<Option<u32>> = (0..4).map(|n| folder.generation(n)).collect();
        assert_eq!(generations, [Some(1), Some(1), Some(3), None]);
        assert_eq!(folder.shard_file(2).as_deref(), Some("shards/2-3.json"));
    }

    #[test]
    fn runs_that_do_not_add_up_to_the_shards_are_refused() {
        for (runs, shards) in [
            ("1:2", 3),
            ("1:2,3:2", 3),
            ("1:0,1:3", 3),
            ("0:1", 0),
            ("1", 1),
            ("1:x", 1),
            ("0:18446744073709551615", 1),
            // Summed in a 32-bit `usize` (the widget's), 1 + 4294967295 wrapped to 0, passed
            // the check and panicked asking for room for 4 billion generations.
            ("0:1,0:4294967295", 1),
        ] {
            let refused = manifest(runs, shards).err().map(|errors| errors.to_string());
            assert!(
                refused
                    .as_deref()
                    .is_some_and(|e| e.contains("published.generations")),
                "{runs} for {shards} shards: {refused:?}"
            );
        }
    }

    /// Reads `text` in the smallest steps there are: the answer and how many steps it took.
    fn read_stopping_everywhere(text: &str) -> (Result<FeedOrFolder, FeedErrors>, usize) {
        let mut reading = FeedOrFolder::reading(text);
        for steps in 1.. {
            if let Some(read) = reading.step(&mut || false) {
                return (read, steps);
            }
        }
        unreachable!()
    }

    /// What a catalog answers that a step could lose: each product's neighbours, and the picks
    /// for a cart of that product alone.
    fn answers(catalog: &Catalog) -> Vec<String> {
        let today = crate::Date::new(2026, 12, 4).unwrap();
        (catalog.products().iter())
            .map(|product| {
                let cart = crate::Cart::from_ids(catalog, [product.id.as_str()]);
                let picks = crate::recommend(catalog, &cart, today, &crate::Config::default());
                let neighbours = (catalog.copurchase(&product.id), catalog.similar(&product.id));
                format!("{}: {neighbours:?} {picks:?}", product.id)
            })
            .collect()
    }

    #[test]
    fn a_feed_read_in_steps_is_the_feed_read_at_once() {
        for text in [include_str!("../../../demo/feed.json"), crate::steps::EVERY_LIST] {
            let Ok(FeedOrFolder::Feed(at_once)) = FeedOrFolder::from_json(text) else {
                panic!("a valid feed")
            };
            let (read, steps) = read_stopping_everywhere(text);
            let Ok(FeedOrFolder::Feed(in_steps)) = read else {
                panic!("read in steps, it is still a valid feed")
            };
            assert_eq!(in_steps.products(), at_once.products());
            assert_eq!(in_steps.complements(), at_once.complements());
            assert_eq!(in_steps.typical_price(), at_once.typical_price());
            assert_eq!(answers(&in_steps), answers(&at_once));
            // Three steps per product at least (parsing, reading and checking it), then indexing.
            assert!(steps > 3 * at_once.products().len(), "{steps} steps");
        }
        let Ok(FeedOrFolder::Feed(catalog)) = FeedOrFolder::from_json(crate::steps::EVERY_LIST) else {
            panic!("a valid feed")
        };
        assert_eq!(
            catalog.copurchase("a").len(),
            2,
            "a product given twice keeps both lists"
        );
        assert_eq!(catalog.similar("c")[0].with, "b");
        let manifest = include_str!("../../../demo/published/manifest.json");
        assert!(matches!(
            read_stopping_everywhere(manifest).0,
            Ok(FeedOrFolder::Folder(_))
        ));
    }

    #[test]
    fn a_feed_read_in_steps_fails_as_the_feed_read_at_once() {
        let errors = |read: Result<FeedOrFolder, FeedErrors>| -> Vec<String> {
            let Err(errors) = read else {
                panic!("an invalid feed")
            };
            errors.0.iter().map(ToString::to_string).collect()
        };
        for text in [
            "{\"version\": 1,\n \"currency\": \"EUR\", \"products\": [{\"id\": \"a\"},]}",
            r#"{"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": "1"}]}"#,
            r#"{"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}], "complements": [{"from": "a", "to": "b"}]}"#,
            // Errors before, among and after the products, in the order of the text's fields.
            r#"{"products": [{"id": 1, "title": "A", "price": 1}, 5, {"id": "c", "title": "C", "price": 1}], "version": "one", "complements": {}}"#,
            r#"[1, 2]"#,
            // Errors of the check: the head, each product, then the references.
            r#"{"version": 2, "currency": "EURO", "products": [{"id": "a", "title": "A", "price": -1}, {"id": "a", "title": "B", "price": 1}], "copurchase": {"x": []}}"#,
            // Two wrong items in every list, read...
            r#"{"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1}],
                "complements": [{"from": 1}, {"to": 2}], "category_complements": [{"from": "x"}, 5],
                "upgrades": [{"from": "a"}, []], "bundles": [{"id": 3}, {"products": 4}],
                "copurchase": {"a": 1, "b": [{"with": 2}]}, "similar": {"a": [{"similarity": 2}], "b": true}}"#,
            // ... and checked.
            r#"{"version": 1, "currency": "EUR", "products": [{"id": "a", "title": "A", "price": 1, "category": ["K"]}],
                "complements": [{"from": "a", "to": "x"}, {"from": "y", "to": "a"}],
                "category_complements": [{"from": ["K"], "to": ["Q"]}, {"from": ["R"], "to": ["K"]}],
                "upgrades": [{"from": "a", "to": "a"}, {"from": "z", "to": "a"}],
                "bundles": [{"id": "b1", "products": ["a"], "saving": 1}, {"id": "b2", "products": ["a", "w"], "saving": -1}],
                "copurchase": {"a": [{"with": "v", "count": 1, "confidence": 0.5, "lift": 1}], "u": []},
                "similar": {"a": [{"with": "t", "similarity": 0.5}], "s": []}}"#,
        ] {
            let at_once = errors(FeedOrFolder::from_json(text));
            assert!(!at_once.is_empty());
            assert_eq!(errors(read_stopping_everywhere(text).0), at_once, "{text}");
        }
        let too_big = " ".repeat(LIMITS.max_feed_bytes + 1);
        assert_eq!(
            read_stopping_everywhere(&too_big).1,
            1,
            "too big is known before parsing"
        );
    }

    #[test]
    fn a_shard_given_as_the_feed_is_refused_by_name_not_read_as_the_whole_shop() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo/published/shards");
        let mut entries: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        let shard = std::fs::read_to_string(&entries[0]).unwrap();
        let told = |read: Result<(), FeedErrors>| read.err().map(|e| e.to_string()).unwrap_or_default();
        for refused in [
            told(FeedOrFolder::from_json(&shard).map(drop)),
            told(read_stopping_everywhere(&shard).0.map(drop)),
            told(Catalog::from_json(&shard).map(drop)),
        ] {
            assert!(
                refused.starts_with("category_candidates: this is one shard of a published folder"),
                "{}: {refused:?}",
                entries[0].display()
            );
        }
    }

    #[test]
    fn a_shard_is_held_to_the_limits_of_a_feed_file() {
        let manifest = match FeedOrFolder::from_json(
            r#"{"version": 1, "currency": "EUR", "products": [],
                "published": {"typical_price": 300, "shards": 1, "generations": "1:1"}}"#,
        ) {
            Ok(FeedOrFolder::Folder(manifest)) => manifest,
            _ => panic!("a manifest"),
        };
        let too_big = " ".repeat(LIMITS.max_feed_bytes + 1);
        let refused = manifest.read_shard(&too_big).err().map(|e| e.0);
        assert!(
            matches!(refused.as_deref(), Some([FeedError::TooLarge { .. }])),
            "{refused:?}"
        );
        let products: Vec<String> = (0..=LIMITS.max_products)
            .map(|n| format!(r#"{{"id": "p{n}", "title": "P", "price": 1}}"#))
            .collect();
        let many = format!(
            r#"{{"version": 1, "currency": "EUR", "products": [{}], "bundle_positions": [], "category_candidates": []}}"#,
            products.join(",")
        );
        assert!(many.len() < LIMITS.max_feed_bytes);
        assert!(
            manifest.read_shard(&many).is_err(),
            "more products than a feed may hold"
        );
    }
}
