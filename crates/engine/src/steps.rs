//! Work that stops and goes on: a big feed is read and checked a piece at a time, so the widget
//! can give the page its turn between pieces (issue 16).

/// Does `each` for the items from `*next` up to `len`, asking `keep_going` after each while
/// more are left: true once all are done, false when told to stop (`*next` is then where to go
/// on). Not generic, so each kind of list does not add its own copy to the checkout page.
#[inline(never)]
pub(crate) fn in_steps(
    next: &mut usize,
    len: usize,
    keep_going: &mut dyn FnMut() -> bool,
    each: &mut dyn FnMut(usize),
) -> bool {
    while *next < len {
        each(*next);
        *next += 1;
        if *next < len && !keep_going() {
            return false;
        }
    }
    true
}

/// A valid feed with every list a feed has, two items or more in each, and a product's
/// co-purchase given twice: what the readers' tests stop in.
#[cfg(test)]
pub(crate) const EVERY_LIST: &str = r#"{"version": 1, "currency": "EUR", "products": [
    {"id": "a", "title": "Moka pot", "price": 3000, "category": ["Kitchen", "Coffee"]},
    {"id": "b", "title": "Green tea", "price": 450, "category": ["Kitchen", "Tea"]},
    {"id": "c", "title": "Black tea", "price": 500, "category": ["Kitchen", "Tea"]},
    {"id": "d", "title": "Espresso machine", "price": 15000, "category": ["Kitchen", "Coffee"]},
    {"id": "e", "title": "Filter papers", "price": 300, "category": ["Kitchen", "Coffee"], "impulse": true}],
  "complements": [{"from": "a", "to": "e"}, {"from": "d", "to": "e"}],
  "category_complements": [{"from": ["Kitchen", "Coffee"], "to": ["Kitchen", "Tea"]},
                           {"from": ["Kitchen", "Tea"], "to": ["Kitchen", "Coffee"]}],
  "upgrades": [{"from": "a", "to": "d"}, {"from": "b", "to": "c"}],
  "bundles": [{"id": "brew", "products": ["a", "e"], "saving": 100},
              {"id": "teas", "products": ["b", "c"], "saving": 50}],
  "copurchase": {"a": [{"with": "b", "count": 9, "confidence": 0.3, "lift": 2.0}],
                 "b": [{"with": "c", "count": 7, "confidence": 0.4, "lift": 3.0}],
                 "a": [{"with": "c", "count": 4, "confidence": 0.1, "lift": 1.5}]},
  "similar": {"b": [{"with": "c", "similarity": 0.5}], "c": [{"with": "b", "similarity": 0.5}]},
  "mined": {"orders": 120}}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stops_after_an_item_when_told_and_goes_on_from_the_next() {
        let mut done = Vec::new();
        let mut next = 0;
        let mut asked = 0;
        let finished = in_steps(
            &mut next,
            5,
            &mut || {
                asked += 1;
                asked < 2
            },
            &mut |i| done.push(i),
        );
        assert!(!finished);
        assert_eq!((done.clone(), next), (vec![0, 1], 2));
        assert!(in_steps(&mut next, 5, &mut || true, &mut |i| done.push(i)));
        assert_eq!(done, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn the_last_item_is_not_followed_by_a_question() {
        let mut next = 0;
        let mut asked = 0;
        assert!(in_steps(
            &mut next,
            1,
            &mut || {
                asked += 1;
                false
            },
            &mut |_| {}
        ));
        assert_eq!(asked, 0);
        assert!(in_steps(&mut next, 1, &mut || false, &mut |_| panic!(
            "done already"
        )));
    }
}
