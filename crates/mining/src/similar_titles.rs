//! Products whose titles share words, written into the feed as `similar`: mostly pieces of one
//! series or theme ("jumbo bag red retrospot", "lunch bag red retrospot"), which a gift shop's
//! shoppers buy together more often than a product's few orders can show. A link counts less
//! the more orders its product has, as those already say what goes with it; and where the
//! shop's held-back orders are completed worse with title links than without (shared words
//! that mean substitutes, two laptops), beyond noise, the feed gets none.

use serde::Serialize;

use checkout_addons_engine::TITLE_WEIGHT;

use crate::pairs::PairCounts;
use crate::probes::{self, MIN_PROBES};

/// Shorter words ("of", "a", sizes like "6") say nothing about a series.
pub const MIN_WORD_CHARS: usize = 3;
/// Words of three letters or more that join rather than name ("pick and mix bowls" and "lemon
/// and coconut" are no series), in the widget's four languages. A large shop's are caught by
/// [`MAX_WORD_PRODUCTS`]; a small one's (the bakery: "and" in a handful of its 94 titles) are
/// not.
const JOINING_WORDS: [&str; 24] = [
    "and", "the", "with", "for", "from", "van", "het", "een", "met", "voor", "und", "der", "die", "das",
    "mit", "für", "von", "les", "des", "avec", "pour", "une", "aux", "sur",
];
/// A word in more titles than this is one of the shop's common words ("set", "bag"): it links
/// too much to mean a series, and skipping it bounds the work at this many others per word.
pub const MAX_WORD_PRODUCTS: usize = 300;
/// Words two titles must share to be linked. A series is named by more than one word ("red
/// retrospot"); one word in common is a kind ("baby food" and "cat food", "toilet cleaner" and
/// "abrasive cleaner"), and things of one kind are substitutes, not add-ons. Two rather than
/// one, on the shared histories (HR@3, first lines / random carts): the gift shop 0.426 /
/// 0.615 against 0.428 / 0.612 as shipped, Groceries 0.269 / 0.403 against 0.273 / 0.403,
/// the bakery 0.424 / 0.553 against 0.424 / 0.552: all inside the noise, without the
/// substitutes.
pub const MIN_SHARED_WORDS: usize = 2;
/// A title link's weight is `PRIOR_ORDERS / (PRIOR_ORDERS + the product's orders)`: full for a
/// new product, a half at 300 orders. Of 10, 30, 100, 300 and 1,000, 300 gained most on the
/// shared gift shop's later orders (HR@3 0.583 to 0.607, random carts) without the loss that
/// unweighted links cost the bakery (0.549 to 0.527) or Groceries (docs/ranking.md).
pub const PRIOR_ORDERS: f64 = 300.0;
/// Title links kept per product. Of 10, 5, 3 and 2 on the shared gift shop (HR@3 on random
/// carts 0.610, 0.611, 0.609, 0.604 with relevance alone), 3 keeps the gain for a sixth more
/// feed (brotli 292 KB without links, 338 KB with 3, 397 KB with 10).
pub const TOP: usize = 3;
/// A link's weight is written to two significant digits: a third digit changed no answer
/// measurably (one digit cost 0.005) and made the feed larger.
pub const SIGNIFICANT_DIGITS: i32 = 2;
/// The probes' carts are drawn at random from each probe with this seed, so a run repeats.
const PROBE_SEED: u64 = 7;

/// What the check found, in the feed's `mined.similar`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TitleCheck {
    /// Whether `similar` is written: unless the probes were completed worse with it, beyond
    /// noise.
    pub used: bool,
    /// Held-back orders asked to be completed.
    pub probes: usize,
    /// Probes with a bought product among the top picks, with title links.
    pub hits_with_titles: usize,
    /// The same with co-purchase alone.
    pub hits_without_titles: usize,
}

/// The distinct words of a title, lower case, of [`MIN_WORD_CHARS`] letters or digits or more.
pub fn words(title: &str) -> Vec<String> {
    let mut words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() >= MIN_WORD_CHARS)
        .map(str::to_lowercase)
        .filter(|word| !JOINING_WORDS.contains(&word.as_str()))
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// For each item (by number), its `top` most similar items: the words both titles have over
/// the words either has (Jaccard), ties to the item in more orders, then the lower number;
/// each weighed by the item's own orders ([`PRIOR_ORDERS`]). Items without words (`None`, or a
/// title of short words) link to nothing.
pub fn similar(words: &[Option<Vec<String>>], counts: &PairCounts, top: usize) -> Vec<Vec<(u32, f64)>> {
    let mut holders: std::collections::HashMap<&str, Vec<u32>> = std::collections::HashMap::new();
    for (n, list) in words.iter().enumerate() {
        for word in list.iter().flatten() {
            holders.entry(word).or_default().push(n as u32);
        }
    }
    // Shared words per other item, reused across items: a dense count and the items touched.
    let mut shared = vec![0u32; words.len()];
    let mut touched: Vec<u32> = Vec::new();
    let mut lists = Vec::with_capacity(words.len());
    for (n, list) in words.iter().enumerate() {
        let own = list.as_deref().unwrap_or_default();
        for word in own {
            let others = &holders[word.as_str()];
            if others.len() > MAX_WORD_PRODUCTS {
                continue;
            }
            for &other in others.iter().filter(|&&o| o as usize != n) {
                if shared[other as usize] == 0 {
                    touched.push(other);
                }
                shared[other as usize] += 1;
            }
        }
        let mut found: Vec<(u32, f64)> = touched
            .drain(..)
            .filter_map(|other| {
                let both = std::mem::take(&mut shared[other as usize]) as usize;
                let theirs = words[other as usize].as_deref().unwrap_or_default();
                // The same words are the same thing under another id (a duplicate listing, a
                // variant): never an add-on to itself. Compared whole, as a common word
                // ([`MAX_WORD_PRODUCTS`]) is not counted in `both`.
                let same = own == theirs;
                let theirs = theirs.len();
                (!same && both >= MIN_SHARED_WORDS)
                    .then(|| (other, both as f64 / (own.len() + theirs - both) as f64))
            })
            .collect();
        found.sort_by(|(a, x), (b, y)| {
            y.total_cmp(x)
                .then(counts.item_orders(*b).cmp(&counts.item_orders(*a)))
                .then(a.cmp(b))
        });
        found.truncate(top);
        let weight = PRIOR_ORDERS / (PRIOR_ORDERS + f64::from(counts.item_orders(n as u32)));
        for (_, similarity) in &mut found {
            *similarity *= weight;
        }
        lists.push(found);
    }
    lists
}

/// Whether title links may be used: unless `copurchase` alone (each item's neighbours with
/// their evidence) completes the `probes` better beyond noise. Too few probes to tell leave
/// them in: a shop with few orders is where they help most. A probe's cart is drawn at random
/// from it: a series is bought in any order, and many exports sort their lines.
pub fn check(
    probes: &[Vec<u32>],
    counts: &PairCounts,
    copurchase: &[Vec<(u32, f64)>],
    titles: &[Vec<(u32, f64)>],
) -> TitleCheck {
    let mut random = fastrand::Rng::with_seed(PROBE_SEED);
    let drawn: Vec<Vec<u32>> = probes
        .iter()
        .map(|probe| {
            let mut probe = probe.clone();
            random.shuffle(&mut probe);
            probe
        })
        .collect();
    let with_titles: Vec<Vec<(u32, f64)>> = (0..copurchase.len().max(titles.len()))
        .map(|n| {
            let mut list = copurchase.get(n).cloned().unwrap_or_default();
            let links = titles.get(n).map_or(&[][..], Vec::as_slice);
            list.extend(
                links
                    .iter()
                    .map(|&(other, similarity)| (other, TITLE_WEIGHT * similarity)),
            );
            list
        })
        .collect();
    let with = probes::probe_hits(&drawn, counts, &with_titles);
    let without = probes::probe_hits(&drawn, counts, copurchase);
    let hits = |found: &[bool]| found.iter().filter(|&&hit| hit).count();
    TitleCheck {
        used: with.len() < MIN_PROBES || !probes::wins_beyond_noise(&without, &with),
        probes: with.len(),
        hits_with_titles: hits(&with),
        hits_without_titles: hits(&without),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_the_longer_ones_in_lower_case_once_each() {
        assert_eq!(
            words("JUMBO BAG RED RETROSPOT, set of 3 (red)"),
            ["bag", "jumbo", "red", "retrospot", "set"]
        );
        assert!(words("a 6 of").is_empty());
        assert_eq!(words("Pick and Mix Bowls"), ["bowls", "mix", "pick"]);
    }

    #[test]
    fn the_most_similar_titles_come_first_and_ties_go_to_the_more_bought() {
        let titles = [
            "jumbo bag red retrospot",
            "lunch bag red retrospot",
            "jumbo bag pink polkadot",
            "red retrospot cup mug",
            "glass star",
            "Red Retrospot Cup, Mug",
        ];
        let words: Vec<Option<Vec<String>>> = titles.iter().map(|t| Some(words(t))).collect();
        let mut counts = PairCounts::default();
        // The cup sells more than the pink bag.
        for basket in [[3, 4], [3, 4], [2, 4]] {
            counts.add(&basket);
        }
        let lists = similar(&words, &counts, 2);
        // Jumbo bag: the lunch bag shares 3 of their 5 words; the cup and the pink bag 2 of 6.
        assert_eq!(lists[0], [(1, 0.6), (3, 1.0 / 3.0)]);
        // The cup shares 2 of 6 words with each bag; its own two orders weigh its links less.
        let cup = PRIOR_ORDERS / (PRIOR_ORDERS + 2.0);
        assert_eq!(lists[3], [(0, 1.0 / 3.0 * cup), (1, 1.0 / 3.0 * cup)]);
        assert_eq!(lists[4], [], "nothing shares a word with the glass star");
        assert!(
            lists[3].iter().all(|&(n, _)| n != 5),
            "the same words under another id are the same cup"
        );
    }

    /// 200 probes of the pair 0 and 1, and the counts of a history in which both were bought.
    fn pair_probes() -> (Vec<Vec<u32>>, PairCounts) {
        let mut counts = PairCounts::default();
        counts.add(&[0, 1, 2, 3, 4, 5]);
        (vec![vec![0, 1]; 200], counts)
    }

    #[test]
    fn title_links_stay_where_they_complete_the_held_back_orders() {
        let (probes, counts) = pair_probes();
        // Co-purchase offers 0 and 1 only the wrong products; their titles link them.
        let copurchase = vec![vec![(2, 0.5)], vec![(2, 0.5)]];
        let titles = vec![vec![(1, 0.5)], vec![(0, 0.5)]];
        let found = check(&probes, &counts, &copurchase, &titles);
        assert_eq!(
            found,
            TitleCheck {
                used: true,
                probes: 200,
                hits_with_titles: 200,
                hits_without_titles: 0
            }
        );
    }

    #[test]
    fn title_links_go_where_they_push_out_what_shoppers_buy() {
        let (probes, counts) = pair_probes();
        // Co-purchase has the partner third; a title link to 5 (a substitute) pushes it out.
        let copurchase = vec![
            vec![(1, 0.1), (3, 0.2), (4, 0.3)],
            vec![(0, 0.1), (3, 0.2), (4, 0.3)],
        ];
        let titles = vec![vec![(5, 0.9)], vec![(5, 0.9)]];
        let found = check(&probes, &counts, &copurchase, &titles);
        assert_eq!(
            (found.used, found.hits_with_titles, found.hits_without_titles),
            (false, 0, 200)
        );
        // With too few probes to tell, they stay: a small shop is where they help most.
        assert!(check(&probes[..MIN_PROBES - 1], &counts, &copurchase, &titles).used);
    }

    #[test]
    fn the_same_title_under_another_id_is_never_linked_even_with_a_common_word_in_it() {
        // "set" is in more titles than MAX_WORD_PRODUCTS, so it is not counted as shared.
        let mut titles = vec!["set of 4 fairy cake placemats"; 2];
        titles.push("set of 6 fairy cake cases");
        titles.extend(std::iter::repeat_n("set", MAX_WORD_PRODUCTS));
        let words: Vec<Option<Vec<String>>> = titles.iter().map(|t| Some(words(t))).collect();
        let lists = similar(&words, &PairCounts::default(), 3);
        assert_eq!(lists[0].iter().map(|&(n, _)| n).collect::<Vec<_>>(), [2]);
        assert_eq!(lists[1].iter().map(|&(n, _)| n).collect::<Vec<_>>(), [2]);
    }

    #[test]
    fn one_word_in_common_is_a_kind_not_a_series() {
        let titles = [
            "baby food",
            "cat food",
            "dog food",
            "toilet cleaner",
            "abrasive cleaner",
        ];
        let words: Vec<Option<Vec<String>>> = titles.iter().map(|t| Some(words(t))).collect();
        let lists = similar(&words, &PairCounts::default(), 3);
        assert!(lists.iter().all(Vec::is_empty), "{lists:?}");
    }

    #[test]
    fn a_common_word_links_nothing() {
        // Every title shares two words with every other, each word in too many titles.
        let words: Vec<Option<Vec<String>>> = (0..=MAX_WORD_PRODUCTS)
            .map(|n| Some(words(&format!("set box item{n}"))))
            .collect();
        let lists = similar(&words, &PairCounts::default(), 10);
        assert!(lists.iter().all(Vec::is_empty));
        // One title fewer and both words count: they link.
        let lists = similar(&words[1..], &PairCounts::default(), 10);
        assert!(lists.iter().all(|list| list.len() == 10));
    }
}
