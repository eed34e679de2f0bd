//! A published feed: a small manifest with what holds for the whole shop, and shards that each
//! hold everything a cart of their products needs (docs/feed.md). [`publish`] splits a
//! catalog; a [`Manifest`] puts the shards of a cart back together into a [`Catalog`] that
//! answers that cart **exactly as the whole feed would**, which the `published` proptest
//! checks. So a checkout downloads what its cart needs, not the catalog.
//!
//! Where each id lives is a hash ([`shard_of`]), so the manifest needs no table of ids: a
//! product is written into the shard of its own id and of each of its variants' ids (carts
//! name variants), with its relations and the card data of everything they can offer.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::error::{FeedError, FeedErrors, FeedPath};
use crate::feed::{
    Bundle, CategoryComplement, CoPurchase, Complement, Feed, Limits, Product, PublishedInfo, Upgrade,
    FEED_VERSION,
};
use crate::money::Money;

/// Impulse products a manifest carries at most, the cheapest first (the impulse lane's cap is
/// a price). A shop with fewer has them all, and its answers are exact; a bigger one's impulse
/// lane reads this shortlist.
pub const IMPULSE_SHORTLIST: usize = 200;

/// The shard that holds the product or variant `id`, of `count`: FNV-1a of its bytes, so the
/// publisher and every reader agree without a table.
pub fn shard_of(id: &str, count: usize) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in id.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % count.max(1) as u64) as usize
}

/// A catalog split for publishing: serialise each part as JSON (the shards first: the
/// manifest names them, by content hash, in [`ManifestDocument::published`]).
pub struct Publication<'a> {
    /// The manifest, whose shard names the writer fills in.
    pub manifest: ManifestDocument<'a>,
    /// Shard `n` holds the products and variants whose ids [`shard_of`] puts in `n`.
    pub shards: Vec<ShardDocument<'a>>,
}

/// A manifest as written: a v1 feed of the impulse shortlist, with every category complement
/// and `published` (all shards of generation 1 until the writer says otherwise).
#[derive(Serialize)]
pub struct ManifestDocument<'a> {
    version: u64,
    currency: &'a str,
    products: Vec<&'a Product>,
    category_complements: &'a [CategoryComplement],
    #[serde(skip_serializing_if = "Option::is_none")]
    mined: Option<MinedOrders>,
    /// The shop's typical price and the shard files.
    pub published: PublishedInfo,
}

#[derive(Serialize)]
struct MinedOrders {
    orders: u64,
}

/// A shard as written: a v1 feed of its products and everything their relations can offer,
/// with their relations and `category_candidates`.
#[derive(Serialize)]
pub struct ShardDocument<'a> {
    version: u64,
    currency: &'a str,
    products: Vec<&'a Product>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    complements: Vec<&'a Complement>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    upgrades: Vec<&'a Upgrade>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bundles: Vec<&'a Bundle>,
    /// Each bundle's position in the whole feed, whose order ties between bundles follow.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bundle_positions: Vec<usize>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    copurchase: BTreeMap<&'a str, &'a [CoPurchase]>,
    category_candidates: Vec<Candidates<'a>>,
}

#[derive(Serialize)]
struct Candidates<'a> {
    pair: usize,
    products: Vec<&'a str>,
}

/// Splits `catalog` into `shards` shards (at least one) and a manifest.
pub fn publish(catalog: &Catalog, shards: usize) -> Publication<'_> {
    let count = shards.max(1);
    let products = catalog.products();
    let at = |id: &str| catalog.position(id);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (position, product) in products.iter().enumerate() {
        let ids = std::iter::once(&product.id).chain(product.variants.iter().map(|v| &v.id));
        let mut homes: Vec<usize> = ids.map(|id| shard_of(id, count)).collect();
        homes.sort_unstable();
        homes.dedup();
        for home in homes {
            members[home].push(position);
        }
    }
    let mut complements: Vec<Vec<&Complement>> = vec![Vec::new(); products.len()];
    for complement in catalog.complements() {
        complements[at(&complement.from).expect("validated")].push(complement);
    }
    let mut upgrades: Vec<Vec<&Upgrade>> = vec![Vec::new(); products.len()];
    for upgrade in catalog.upgrades() {
        upgrades[at(&upgrade.from).expect("validated")].push(upgrade);
    }
    let mut bundles: Vec<Vec<usize>> = vec![Vec::new(); products.len()];
    for (n, bundle) in catalog.bundles().iter().enumerate() {
        for id in &bundle.products {
            bundles[at(id).expect("validated")].push(n);
        }
    }
    let currency = catalog.currency().code();
    let pairs = catalog.category_complements();
    // The category complements a category serves (the ranking's test: its path starts with
    // their `from`), once per distinct category: a shop has far fewer than products.
    let mut served: HashMap<&[String], Vec<usize>> = HashMap::new();
    for product in products {
        served.entry(product.category.as_slice()).or_insert_with(|| {
            (pairs.iter().enumerate())
                .filter(|(_, pair)| product.category.starts_with(&pair.from))
                .map(|(n, _)| n)
                .collect()
        });
    }
    let shards = members
        .into_iter()
        .map(|members| {
            let mut wanted = members.clone();
            let mut shard = ShardDocument {
                version: FEED_VERSION,
                currency,
                products: Vec::new(),
                complements: Vec::new(),
                upgrades: Vec::new(),
                bundles: Vec::new(),
                bundle_positions: Vec::new(),
                copurchase: BTreeMap::new(),
                category_candidates: Vec::new(),
            };
            let mut in_bundles: Vec<usize> = Vec::new();
            for &member in &members {
                for complement in &complements[member] {
                    wanted.extend(at(&complement.to));
                    shard.complements.push(complement);
                }
                for upgrade in &upgrades[member] {
                    wanted.extend(at(&upgrade.to));
                    shard.upgrades.push(upgrade);
                }
                in_bundles.extend(&bundles[member]);
                let id = products[member].id.as_str();
                let neighbours = catalog.copurchase(id);
                if !neighbours.is_empty() {
                    wanted.extend(neighbours.iter().filter_map(|n| at(&n.with)));
                    shard.copurchase.insert(id, neighbours);
                }
            }
            in_bundles.sort_unstable();
            in_bundles.dedup();
            for n in in_bundles {
                let bundle = &catalog.bundles()[n];
                wanted.extend(bundle.products.iter().filter_map(|id| at(id)));
                shard.bundles.push(bundle);
                shard.bundle_positions.push(n);
            }
            let mut serving: Vec<usize> = (members.iter())
                .flat_map(|&m| served[products[m].category.as_slice()].iter().copied())
                .collect();
            serving.sort_unstable();
            serving.dedup();
            for n in serving {
                let offered: Vec<usize> = catalog.category_candidates_of(n).collect();
                wanted.extend(&offered);
                shard.category_candidates.push(Candidates {
                    pair: n,
                    products: offered.iter().map(|&p| products[p].id.as_str()).collect(),
                });
            }
            wanted.sort_unstable();
            wanted.dedup();
            shard.products = wanted.into_iter().map(|p| &products[p]).collect();
            shard
        })
        .collect();
    let mut impulse: Vec<&Product> = products.iter().filter(|p| p.impulse).collect();
    impulse.sort_by(|a, b| (a.offer_price(), &a.id).cmp(&(b.offer_price(), &b.id)));
    impulse.truncate(IMPULSE_SHORTLIST);
    let manifest = ManifestDocument {
        version: FEED_VERSION,
        currency,
        products: impulse,
        category_complements: pairs,
        mined: catalog.mined_orders().map(|orders| MinedOrders { orders }),
        published: PublishedInfo {
            typical_price: catalog.typical_price(),
            shards: count as u64,
            generations: format!("1:{count}"),
        },
    };
    Publication { manifest, shards }
}

/// A published folder's manifest, read: which shards a cart needs, and the catalog they make.
pub struct Manifest {
    feed: Feed,
    typical_price: Money,
    /// Each shard's generation, by number.
    generations: Vec<u32>,
}

/// One shard, read and checked on its own (its errors name its own paths).
pub struct Shard {
    feed: Feed,
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
        let generations = runs(&published.generations)
            .filter(|generations| generations.len() as u64 == published.shards && !generations.is_empty())
            .ok_or_else(|| {
                FeedErrors(vec![FeedError::WrongType {
                    path: FeedPath::outside("published.generations".to_owned()),
                    id: None,
                    expected: "runs `generation:count` that add up to `shards`",
                }])
            })?;
        // Its shortlist must be a valid feed on its own; the categories its complements name
        // are in the shards, so they are checked once a cart's shards are merged.
        let pairs = std::mem::take(&mut feed.category_complements);
        crate::validation::validate(&feed, &unlimited())?;
        feed.category_complements = pairs;
        Ok(Manifest {
            feed,
            typical_price: published.typical_price,
            generations,
        })
    }

    /// How many shards the folder has.
    pub fn shard_count(&self) -> usize {
        self.generations.len()
    }

    /// The generation shard `n` was last written in.
    pub fn generation(&self, n: usize) -> Option<u32> {
        self.generations.get(n).copied()
    }

    /// The file of shard `n`, relative to the manifest.
    pub fn shard_file(&self, n: usize) -> Option<String> {
        self.generation(n).map(|g| shard_file(n, g))
    }

    /// The shards a cart with these product or variant ids needs, each once, by number.
    pub fn shards_for<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<usize> {
        let count = self.generations.len();
        let mut needed: Vec<usize> = ids.into_iter().map(|id| shard_of(id, count)).collect();
        needed.sort_unstable();
        needed.dedup();
        needed
    }

    /// Reads one shard's text.
    pub fn read_shard(&self, text: &str) -> Result<Shard, FeedErrors> {
        let feed = crate::feed_reader::read(text)?;
        let pairs = self.feed.category_complements.len();
        let strays: Vec<FeedError> = (feed.category_candidates.iter().flatten().enumerate())
            .filter(|(_, (pair, _))| *pair >= pairs)
            .map(|(i, (pair, _))| FeedError::NotInManifest {
                path: FeedPath::outside(format!("category_candidates[{i}].pair")),
                pair: *pair,
            })
            .collect();
        let mut errors = strays;
        if feed.bundle_positions.len() != feed.bundles.len() {
            errors.push(FeedError::WrongType {
                path: FeedPath::outside("bundle_positions".to_owned()),
                id: None,
                expected: "one position per bundle",
            });
        }
        if !errors.is_empty() {
            return Err(FeedErrors(errors));
        }
        // Checked on its own, so that its errors name its own paths; indexed only when merged.
        crate::validation::validate(&feed, &unlimited())?;
        Ok(Shard { feed })
    }

    /// The catalog of the manifest and `shards` (each read by [`Manifest::read_shard`]):
    /// for a cart whose shards are all here, the answers of the whole feed.
    pub fn catalog(&self, shards: &[&Shard]) -> Result<Catalog, FeedErrors> {
        let mut feed = self.feed.clone();
        let mut seen: HashSet<&str> = self.feed.products.iter().map(|p| p.id.as_str()).collect();
        // A product in several shards has the same relations in each: take them from the first.
        let mut sources: HashSet<&str> = HashSet::new();
        let mut pairs: BTreeMap<usize, &Vec<String>> = BTreeMap::new();
        let mut bundles: BTreeMap<u64, &Bundle> = BTreeMap::new();
        for shard in shards {
            let shard = &shard.feed;
            for product in &shard.products {
                if seen.insert(&product.id) {
                    feed.products.push(product.clone());
                }
            }
            let fresh = |id: &String| !sources.contains(id.as_str());
            feed.complements
                .extend(shard.complements.iter().filter(|c| fresh(&c.from)).cloned());
            feed.upgrades
                .extend(shard.upgrades.iter().filter(|u| fresh(&u.from)).cloned());
            feed.copurchase
                .extend(shard.copurchase.iter().filter(|(id, _)| fresh(id)).cloned());
            let from = shard.complements.iter().map(|c| &c.from);
            let from = from.chain(shard.upgrades.iter().map(|u| &u.from));
            sources.extend(
                from.chain(shard.copurchase.iter().map(|(id, _)| id))
                    .map(String::as_str),
            );
            for (position, bundle) in shard.bundle_positions.iter().zip(&shard.bundles) {
                bundles.entry(*position).or_insert(bundle);
            }
            for (pair, ids) in shard.category_candidates.iter().flatten() {
                pairs.entry(*pair).or_insert(ids);
            }
        }
        // In the whole feed's order: which bundle is found first decides a tie between two.
        feed.bundles = bundles.into_values().cloned().collect();
        // Only the category complements these shards serve, in the manifest's order.
        let all = std::mem::take(&mut feed.category_complements);
        let mut lists = Vec::new();
        for (n, (pair, ids)) in pairs.into_iter().enumerate() {
            feed.category_complements.push(all[pair].clone());
            lists.push((n, ids.clone()));
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

/// Each shard's generation from runs `generation:count,...`; `None` when they do not read.
fn runs(text: &str) -> Option<Vec<u32>> {
    let mut generations = Vec::new();
    for run in text.split(',') {
        let (generation, count) = run.trim().split_once(':')?;
        let (generation, count): (u32, usize) = (generation.parse().ok()?, count.parse().ok()?);
        // A run longer than any folder holds is an attack on memory, not a folder.
        if count == 0 || generations.len() + count > 100_000_000 {
            return None;
        }
        generations.extend(std::iter::repeat_n(generation, count));
    }
    Some(generations)
}

/// Runs `generation:count,...` of each shard's generation, for the manifest.
pub fn generation_runs(generations: &[u32]) -> String {
    let mut runs: Vec<(u32, usize)> = Vec::new();
    for &g in generations {
        match runs.last_mut() {
            Some((last, count)) if *last == g => *count += 1,
            _ => runs.push((g, 1)),
        }
    }
    let texts: Vec<String> = runs.iter().map(|(g, count)| format!("{g}:{count}")).collect();
    texts.join(",")
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
