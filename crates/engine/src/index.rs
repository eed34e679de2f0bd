//! Lookups built once when a feed loads, so that ranking one cart touches only what relates
//! to that cart and never scans the catalog.

/// Items related to each catalog position, as an adjacency list in compressed form: one
/// offset per product and one entry per relation (4 bytes each, so a million relations stay
/// small). Built by counting, without a sort: linear time, feed order within a source, and no
/// sort routine in the shipped wasm.
#[derive(Clone, Debug, Default)]
pub(crate) struct BySource {
    /// `items[offsets[s]..offsets[s + 1]]` are the items of source `s`.
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl BySource {
    /// `pairs` are `(source, item)` catalog positions, every source below `sources`.
    pub(crate) fn new(sources: usize, pairs: &[(usize, usize)]) -> BySource {
        let mut offsets = vec![0u32; sources + 1];
        for &(source, _) in pairs {
            offsets[source + 1] += 1;
        }
        for s in 0..sources {
            offsets[s + 1] += offsets[s];
        }
        let mut next = offsets.clone();
        let mut items = vec![0u32; pairs.len()];
        for &(source, item) in pairs {
            items[next[source] as usize] = item as u32;
            next[source] += 1;
        }
        BySource { offsets, items }
    }

    /// The items related to `source`, in the order the feed gave them.
    pub(crate) fn of(&self, source: usize) -> impl Iterator<Item = usize> + '_ {
        let range = match (self.offsets.get(source), self.offsets.get(source + 1)) {
            (Some(&start), Some(&end)) => start as usize..end as usize,
            _ => 0..0,
        };
        self.items[range].iter().map(|&i| i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_item_of_a_source_in_feed_order_and_nothing_else() {
        let index = BySource::new(8, &[(3, 9), (1, 4), (3, 2), (7, 1)]);
        assert_eq!(index.of(3).collect::<Vec<_>>(), [9, 2]);
        assert_eq!(index.of(1).collect::<Vec<_>>(), [4]);
        assert_eq!(index.of(2).count(), 0);
        assert_eq!(index.of(7).collect::<Vec<_>>(), [1]);
        assert_eq!(index.of(8).count(), 0, "past the end is empty, not a panic");
    }
}
