//! Writing a published folder (docs/feed.md): [`publish`] splits a catalog into a manifest
//! with what holds for the whole shop and shards that each hold everything a cart of their
//! products needs. The tools' half of folders: the widget only reads them
//! ([`crate::published`]), so none of this reaches a checkout page.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::catalog::Catalog;
use crate::feed::{
    Bundle, CategoryComplement, CoPurchase, Complement, Product, PublishedInfo, Similar, Upgrade,
    FEED_VERSION,
};
use crate::published::shard_of;
use crate::segment::SegmentThresholds;

/// What a shard holds, as a number: a new one whenever that changes (2: category complements
/// moved from the manifest into the shards that serve them; 3: no brand, tags or margin).
/// Publishers hash it into shard names, so a name a browser may keep forever never stands for
/// another layout.
pub const SHARD_LAYOUT: u32 = 3;

/// A catalog split for publishing: serialise each part as JSON (the shards first: the
/// manifest names them, by content hash, in [`ManifestDocument::published`]). Shards are made
/// one at a time by [`Publication::shard`], so a writer holds only those it is writing: at
/// 500,000 products they are 2 GB of JSON.
pub struct Publication<'a> {
    /// The manifest, whose shard names the writer fills in.
    pub manifest: ManifestDocument<'a>,
    catalog: &'a Catalog,
    /// Shard `n` holds the products and variants whose ids [`shard_of`] puts in `n`.
    members: Vec<Vec<usize>>,
    /// By catalog position: the relations a product is the source of.
    complements: Vec<Vec<&'a Complement>>,
    upgrades: Vec<Vec<&'a Upgrade>>,
    bundles: Vec<Vec<usize>>,
    /// The category complements a category serves (the ranking's test: its path starts with
    /// their `from`), once per distinct category: a shop has far fewer than products.
    served: HashMap<&'a [String], Vec<usize>>,
}

/// A manifest as written: a v1 feed of the impulse shortlist, the best-sellers and `published` (all shards of
/// generation 1 until the writer says otherwise). Nothing in it grows with the catalog but the
/// generation runs: category complements travel in the shards that serve them, since a big
/// shop has thousands (135 KB of a 177 KB manifest at 500,000 generated products).
#[derive(Serialize)]
pub struct ManifestDocument<'a> {
    version: u64,
    currency: &'a str,
    products: Vec<&'a Product>,
    #[serde(skip_serializing_if = "Option::is_none")]
    mined: Option<MinedOrders>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    bestsellers: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    segments: Option<SegmentThresholds>,
    /// The shop's typical price and the shard files.
    pub published: PublishedInfo,
}

#[derive(Serialize)]
struct MinedOrders {
    orders: u64,
}

/// A shard as written: a v1 feed of its products and everything their relations can offer,
/// with their relations, the category complements their categories start from, and
/// `category_candidates` (one per category complement, in the same order).
///
/// Its products are `P`: the products themselves, or what a writer made of them once (a
/// product is offered from a dozen shards, and serialising it anew each time was a third of
/// publishing a big shop), as long as it serialises the same.
#[derive(Serialize)]
pub struct ShardDocument<'a, P = &'a Product> {
    version: u64,
    currency: &'a str,
    products: Vec<P>,
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
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    similar: BTreeMap<&'a str, &'a [Similar]>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    category_complements: Vec<&'a CategoryComplement>,
    category_candidates: Vec<Candidates<'a>>,
}

impl<P> ShardDocument<'_, P> {
    /// How many products the shard holds: its cart's and every candidate's card.
    pub fn product_count(&self) -> usize {
        self.products.len()
    }
}

#[derive(Serialize)]
struct Candidates<'a> {
    /// The category complement's position in the whole feed, whose order the merge keeps.
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
    let pairs = catalog.category_complements();
    let mut served: HashMap<&[String], Vec<usize>> = HashMap::new();
    for product in products {
        served.entry(product.category.as_slice()).or_insert_with(|| {
            (pairs.iter().enumerate())
                .filter(|(_, pair)| product.category.starts_with(&pair.from))
                .map(|(n, _)| n)
                .collect()
        });
    }
    // Exactly the products the whole feed's impulse and bestseller lanes read, each once.
    let mut shop_wide: Vec<usize> = catalog.impulse_up_to(None).collect();
    for &position in catalog.bestsellers() {
        if !shop_wide.contains(&position) {
            shop_wide.push(position);
        }
    }
    let manifest = ManifestDocument {
        version: FEED_VERSION,
        currency: catalog.currency().code(),
        products: shop_wide.into_iter().map(|i| &products[i]).collect(),
        mined: catalog.mined_orders().map(|orders| MinedOrders { orders }),
        bestsellers: (catalog.bestsellers().iter())
            .map(|&i| products[i].id.as_str())
            .collect(),
        segments: catalog.segments(),
        published: PublishedInfo {
            typical_price: catalog.typical_price(),
            shards: count as u64,
            generations: format!("1:{count}"),
        },
    };
    Publication {
        manifest,
        catalog,
        members,
        complements,
        upgrades,
        bundles,
        served,
    }
}

impl<'a> Publication<'a> {
    /// How many shards there are.
    pub fn shard_count(&self) -> usize {
        self.members.len()
    }

    /// Shard `n` (below [`Publication::shard_count`]): its products with their relations and
    /// the card data of everything those can offer.
    pub fn shard(&self, n: usize) -> ShardDocument<'a> {
        let products = self.catalog.products();
        self.shard_with(n, |position| &products[position])
    }

    /// Shard `n` with each of its products as `product` makes it from the product's position
    /// in the catalog.
    pub fn shard_with<P>(&self, n: usize, product: impl Fn(usize) -> P) -> ShardDocument<'a, P> {
        let catalog = self.catalog;
        let products = catalog.products();
        let at = |id: &str| catalog.position(id);
        let members = &self.members[n];
        let mut wanted = members.clone();
        let mut shard = ShardDocument {
            version: FEED_VERSION,
            currency: catalog.currency().code(),
            products: Vec::new(),
            complements: Vec::new(),
            upgrades: Vec::new(),
            bundles: Vec::new(),
            bundle_positions: Vec::new(),
            copurchase: BTreeMap::new(),
            similar: BTreeMap::new(),
            category_complements: Vec::new(),
            category_candidates: Vec::new(),
        };
        let mut in_bundles: Vec<usize> = Vec::new();
        for &member in members {
            for &complement in &self.complements[member] {
                wanted.extend(at(&complement.to));
                shard.complements.push(complement);
            }
            for &upgrade in &self.upgrades[member] {
                wanted.extend(at(&upgrade.to));
                shard.upgrades.push(upgrade);
            }
            in_bundles.extend(&self.bundles[member]);
            let id = products[member].id.as_str();
            let neighbours = catalog.copurchase(id);
            if !neighbours.is_empty() {
                wanted.extend(neighbours.iter().filter_map(|n| at(&n.with)));
                shard.copurchase.insert(id, neighbours);
            }
            let similar = catalog.similar(id);
            if !similar.is_empty() {
                wanted.extend(similar.iter().filter_map(|n| at(&n.with)));
                shard.similar.insert(id, similar);
            }
        }
        in_bundles.sort_unstable();
        in_bundles.dedup();
        for b in in_bundles {
            let bundle = &catalog.bundles()[b];
            wanted.extend(bundle.products.iter().filter_map(|id| at(id)));
            shard.bundles.push(bundle);
            shard.bundle_positions.push(b);
        }
        let mut serving: Vec<usize> = (members.iter())
            .flat_map(|&m| self.served[products[m].category.as_slice()].iter().copied())
            .collect();
        serving.sort_unstable();
        serving.dedup();
        for pair in serving {
            let offered: Vec<usize> = catalog.category_candidates_of(pair).collect();
            // A category with nothing to sell (all of it sold out or restricted) offers
            // nothing, and a shard naming it without one of its products would not read.
            if offered.is_empty() {
                continue;
            }
            wanted.extend(&offered);
            shard
                .category_complements
                .push(&catalog.category_complements()[pair]);
            shard.category_candidates.push(Candidates {
                pair,
                products: offered.iter().map(|&p| products[p].id.as_str()).collect(),
            });
        }
        wanted.sort_unstable();
        wanted.dedup();
        shard.products = wanted.into_iter().map(product).collect();
        shard
    }
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
