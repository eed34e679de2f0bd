//! Where each card the shopper acted on stands: the add / undo state machine as plain data.
//!
//! The view wires this to one signal and renders it; the cart adapter's answers come back
//! here as transitions. Kept free of Leptos and the browser so every transition is tested
//! natively.
//!
//! A product added through the widget stays on screen, confirmed (with undo), instead of
//! vanishing the moment the cart it is now in is recomputed: it is *pinned*. When the cart
//! then changes elsewhere on the page, the confirmed cards leave: the shopper has moved on.

use checkout_addons_engine::CartLine;

/// After a failure, presses within this many milliseconds belong to the press that failed (the
/// rest of a double or triple click, Enter followed by Space) and call the cart no second time.
pub const RETRY_PAUSE_MS: u64 = 1_000;

/// After a card leaves (hidden with ×) or an undo comes back, the cards move under the
/// shopper's finger: the next card slides into the hidden one's place, the × returns where
/// undo was. For this long no add or × counts, so the second tap of a double tap does not
/// hide (for a week) or add a product the shopper never aimed at.
pub const SETTLE_MS: u64 = 600;

/// Where one card's add button stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardState {
    /// Press to add.
    Ready,
    /// The cart is adding it; presses are ignored.
    Adding,
    /// The cart did not answer in time, and may still add it: presses are ignored until its
    /// answer comes or a read of the cart holds the product.
    Waiting,
    /// In the cart.
    Added,
    /// Still in the cart: the shop refused to take it back. `message` is its words for the
    /// shopper, empty when it gave none; undo may be tried again.
    Kept {
        /// Shown in the reason's place.
        message: String,
    },
    /// The cart is taking it back (undo); presses are ignored.
    Removing,
    /// The cart refused or failed; press to try again. `message` is the shop's own words for
    /// the shopper ("sold out"), empty when it gave none.
    Failed {
        /// Shown in the reason's place.
        message: String,
        /// When it failed (milliseconds on the caller's clock), for [`RETRY_PAUSE_MS`].
        at_ms: u64,
    },
}

impl CardState {
    /// The add button's `data-state`, part of the styling contract in docs/widget.md.
    pub fn name(&self) -> &'static str {
        match self {
            CardState::Ready => "ready",
            CardState::Adding | CardState::Waiting | CardState::Removing => "busy",
            CardState::Added | CardState::Kept { .. } => "added",
            CardState::Failed { .. } => "failed",
        }
    }

    /// True while the cart is working on this card, or may still be.
    pub fn is_busy(&self) -> bool {
        matches!(self, CardState::Adding | CardState::Waiting | CardState::Removing)
    }

    /// True when the cart holds it through the widget: the card offers undo.
    pub fn is_added(&self) -> bool {
        matches!(self, CardState::Added | CardState::Kept { .. })
    }
}

/// The cards the shopper acted on, each with its state; every other card is
/// [`CardState::Ready`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardStates {
    acted: Vec<Acted>,
    /// Until when (the caller's clock, ms) the cards are settling: see [`SETTLE_MS`].
    settling_until: u64,
}

/// The key of the reorder card ("Order again: 3 items"), which adds several products: no
/// product's, since a feed refuses an empty product id.
pub const REORDER_CARD: &str = "";

/// One card the shopper acted on.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Acted {
    /// The product, or [`REORDER_CARD`].
    id: String,
    /// The variant the add asked for, which a cart read lists instead of the product.
    variant: Option<String>,
    /// For a swap, the cart line the upgrade took the place of.
    replaces: Option<CartLine>,
    /// For the reorder card, its lines in the cart (or going in) through it, in the order they
    /// went (undo takes them out last first): each line's product, and the variant its add
    /// asked for, which a cart read lists instead of the product (Shopify's carts always do).
    lines: Vec<(String, Option<String>)>,
    state: CardState,
    /// Added, and left out of the cart by the last change while another card was busy: it
    /// leaves once none is (see [`CardStates::cart_changed`]).
    gone: bool,
    /// The last cart change held it.
    in_cart: bool,
}

impl CardStates {
    /// Where the card of product `id` stands.
    pub fn state(&self, id: &str) -> CardState {
        self.find(id).cloned().unwrap_or(CardState::Ready)
    }

    /// True when the product is in the cart through the widget, or on its way in or out:
    /// its card stays on screen although the cart now holds it.
    pub fn is_pinned(&self, id: &str) -> bool {
        matches!(self.find(id), Some(state) if state.is_busy() || state.is_added()) || self.in_reorder(id)
    }

    /// True when the product is in the cart through the reorder card, which stands for it:
    /// no card of its own is shown, or one press would add it twice.
    pub fn in_reorder(&self, id: &str) -> bool {
        self.reorder_products().any(|line| line == id)
    }

    /// The products in the cart (or going in) through the reorder card.
    pub fn reorder_products(&self) -> impl Iterator<Item = &str> {
        (self.acted.iter().find(|card| card.id == REORDER_CARD))
            .into_iter()
            .flat_map(|card| card.lines.iter().map(|(product, _)| product.as_str()))
    }

    /// A line of the reorder card's is going into the cart: from now on the card stands for
    /// it (if its add fails, [`CardStates::reorder_line_out`] takes it off again).
    pub fn reorder_line_in(&mut self, product_id: &str, variant: Option<&str>) {
        if let Some(card) = self.acted.iter_mut().find(|card| card.id == REORDER_CARD) {
            card.lines
                .push((product_id.to_owned(), variant.map(str::to_owned)));
        }
    }

    /// The reorder card's last line is out of the cart again (taken back, or its add failed).
    pub fn reorder_line_out(&mut self) {
        if let Some(card) = self.acted.iter_mut().find(|card| card.id == REORDER_CARD) {
            card.lines.pop();
        }
    }

    /// How many of the reorder card's lines are in the cart (or going in) through it.
    pub fn reorder_lines_in(&self) -> usize {
        self.reorder_products().count()
    }

    /// The cart lines that pinned swaps took out. Ranking counts them as still in the cart,
    /// so the upgrade's card stays where it was, saying what it replaced, until the shopper
    /// moves on or takes the swap back.
    pub fn swapped_out(&self) -> impl Iterator<Item = &CartLine> {
        self.acted
            .iter()
            .filter(|card| card.state.is_busy() || card.state.is_added())
            .filter_map(|card| card.replaces.as_ref())
    }

    /// The add button was pressed at `now_ms`, to add `variant` of product `id` (or the
    /// product itself); for an upgrade, in place of the cart line `replaces`, which counts as
    /// the shopper's while the card is pinned (see [`CardStates::swapped_out`]). True when an add should start: the card was ready, or
    /// failed longer than [`RETRY_PAUSE_MS`] ago; false while one is under way or done, and
    /// for the rest of the press that failed.
    pub fn start_add(
        &mut self,
        id: &str,
        variant: Option<&str>,
        replaces: Option<CartLine>,
        now_ms: u64,
    ) -> bool {
        let startable = now_ms >= self.settling_until
            && match self.find(id) {
                None => true,
                Some(CardState::Failed { at_ms, .. }) => now_ms >= at_ms.saturating_add(RETRY_PAUSE_MS),
                Some(_) => false,
            };
        if startable {
            self.acted.retain(|card| card.id != id);
            self.acted.push(Acted {
                id: id.to_owned(),
                variant: variant.map(str::to_owned),
                replaces,
                lines: Vec::new(),
                state: CardState::Adding,
                gone: false,
                in_cart: false,
            });
        }
        startable
    }

    /// The cart answered an add in time: in, or failed with the shop's message for the
    /// shopper.
    pub fn add_answered(&mut self, id: &str, outcome: Result<(), String>, now_ms: u64) {
        self.set(id, answered(outcome, now_ms));
    }

    /// The cart did not answer an add in time; it may yet. Unless a cart read already holds
    /// the product: then it is in (else the card would wait for an answer that may never come).
    pub fn add_timed_out(&mut self, id: &str) {
        if let Some(card) = self
            .acted
            .iter()
            .find(|card| card.id == id && card.state == CardState::Adding)
        {
            let state = match card.in_cart {
                true => CardState::Added,
                false => CardState::Waiting,
            };
            self.set(id, state);
        }
    }

    /// The late answer to an add came. True when the card was still waiting for it (a cart
    /// read may have settled it first).
    pub fn late_add_answered(&mut self, id: &str, outcome: Result<(), String>, now_ms: u64) -> bool {
        let waiting = self.find(id) == Some(&CardState::Waiting);
        if waiting {
            self.set(id, answered(outcome, now_ms));
        }
        waiting
    }

    /// Undo was pressed at `now_ms`. True when the take-back should start: the card is added,
    /// and the cards have settled (after a × or another undo, see [`SETTLE_MS`]).
    pub fn start_undo(&mut self, id: &str, now_ms: u64) -> bool {
        let added = self.state(id).is_added() && now_ms >= self.settling_until;
        if added {
            self.set(id, CardState::Removing);
        }
        added
    }

    /// The cart answered an undo: taken back (the card is ready again), or refused with the
    /// shop's message for the shopper (still in the cart, and the card says why).
    pub fn undo_answered(&mut self, id: &str, outcome: Result<(), String>, now_ms: u64) {
        if outcome.is_ok() {
            self.settling_until = now_ms.saturating_add(SETTLE_MS);
        }
        self.set(
            id,
            match outcome {
                Ok(()) => CardState::Ready,
                Err(message) => CardState::Kept { message },
            },
        );
    }

    /// The shopper pressed × at `now_ms`. True when the card may be hidden: a ready one (an
    /// added card has its undo), once the cards have settled; it is then hidden, and the
    /// cards settle again.
    pub fn dismiss(&mut self, id: &str, now_ms: u64) -> bool {
        let hidden = self.state(id) == CardState::Ready && now_ms >= self.settling_until;
        if hidden {
            self.settling_until = now_ms.saturating_add(SETTLE_MS);
        }
        hidden
    }

    /// The cart changed; `holds` tells whether a product or variant id is in it now. A card
    /// waiting on a late add that the cart now holds is added. While an add or undo is under
    /// way the change is taken to be its own (a shop's adapter often updates the page's cart
    /// before it answers), so nothing leaves; otherwise the added cards leave, except one whose
    /// undo the shop refused: it keeps saying why while the cart holds it (the adapter reads
    /// the cart again after the refusal). True when a card changed.
    pub fn cart_changed(&mut self, holds: impl Fn(&str) -> bool) -> bool {
        let held = |card: &Acted| {
            holds(&card.id)
                || card.variant.as_deref().is_some_and(&holds)
                || (card.lines.iter())
                    .any(|(product, variant)| holds(product) || variant.as_deref().is_some_and(&holds))
        };
        let busy = self.acted.iter().any(|card| card.state.is_busy());
        let mut changed = false;
        for card in &mut self.acted {
            card.in_cart = held(card);
            if card.state == CardState::Waiting && card.in_cart {
                card.state = CardState::Added;
                changed = true;
            }
        }
        if busy {
            // Though the change is taken as the busy card's, an added card whose product it
            // left out (the shopper took it out in the drawer meanwhile) must not say "added"
            // once the cart is done: it leaves then.
            for card in &mut self.acted {
                card.gone = card.state.is_added() && !held(card);
            }
            self.leave_gone();
            return changed;
        }
        let before = self.acted.len();
        self.acted.retain(|card| match card.state {
            CardState::Added => false,
            CardState::Kept { .. } => held(card),
            // The add failed, yet the cart holds it: its answer was lost on the way (or the
            // shopper added it elsewhere). It is in the cart, so it is not offered any more;
            // a card saying "failed" beside it would be a lie, and a second press a second one.
            CardState::Failed { .. } => !held(card),
            _ => true,
        });
        changed || self.acted.len() != before
    }

    fn find(&self, id: &str) -> Option<&CardState> {
        self.acted
            .iter()
            .find(|card| card.id == id)
            .map(|card| &card.state)
    }

    /// Moves the card of `id` to `state`, keeping the variant its add asked for.
    fn set(&mut self, id: &str, state: CardState) {
        let at = self.acted.iter().position(|card| card.id == id);
        match (at, state) {
            (Some(at), CardState::Ready) => {
                self.acted.remove(at);
            }
            (Some(at), state) => self.acted[at].state = state,
            (None, CardState::Ready) => {}
            (None, state) => self.acted.push(Acted {
                id: id.to_owned(),
                variant: None,
                replaces: None,
                lines: Vec::new(),
                state,
                gone: false,
                in_cart: false,
            }),
        }
        self.leave_gone();
    }

    /// Lets the cards marked `gone` leave, once no card is busy.
    fn leave_gone(&mut self) {
        if self.acted.iter().all(|card| !card.state.is_busy()) {
            self.acted.retain(|card| !(card.gone && card.state.is_added()));
        }
    }
}

fn answered(outcome: Result<(), String>, now_ms: u64) -> CardState {
    match outcome {
        Ok(()) => CardState::Added,
        Err(message) => CardState::Failed {
            message,
            at_ms: now_ms,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(message: &str, at_ms: u64) -> CardState {
        CardState::Failed {
            message: message.to_owned(),
            at_ms,
        }
    }

    fn nothing_in_cart(_: &str) -> bool {
        false
    }

    #[test]
    fn a_card_nobody_touched_is_ready_and_not_pinned() {
        let cards = CardStates::default();
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert!(!cards.is_pinned("mug"));
        assert!(cards.clone().dismiss("mug", 60_000));
    }

    #[test]
    fn one_press_starts_one_add_and_further_presses_are_ignored() {
        let mut cards = CardStates::default();
        assert!(cards.start_add("mug", None, None, 0));
        assert_eq!(cards.state("mug"), CardState::Adding);
        assert!(
            !cards.start_add("mug", None, None, 5),
            "a second press while adding"
        );
        cards.add_answered("mug", Ok(()), 300);
        assert_eq!(cards.state("mug"), CardState::Added);
        assert!(
            !cards.start_add("mug", None, None, 5_000),
            "a press on an added card"
        );
        assert!(cards.is_pinned("mug"));
        assert_eq!(cards.state("tea"), CardState::Ready, "other cards untouched");
    }

    #[test]
    fn a_refused_add_shows_the_shops_words_and_a_later_press_tries_again() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Err("Sold out".to_owned()), 10);
        assert_eq!(cards.state("mug"), failed("Sold out", 10));
        assert_eq!(cards.state("mug").name(), "failed");
        assert!(
            !cards.is_pinned("mug"),
            "not in the cart, so ranked like any other"
        );
        assert!(!cards.clone().dismiss("mug", 60_000));
        assert!(cards.start_add("mug", None, None, 10 + RETRY_PAUSE_MS));
        assert_eq!(cards.state("mug"), CardState::Adding);
    }

    #[test]
    fn the_rest_of_a_press_that_failed_calls_the_cart_no_second_time() {
        // A triple click on a cart that fails at once: the first click fails in a moment, the
        // next two arrive within the pause.
        let mut cards = CardStates::default();
        assert!(cards.start_add("mug", None, None, 1_000));
        cards.add_answered("mug", Err(String::new()), 1_001);
        assert!(!cards.start_add("mug", None, None, 1_080));
        assert!(!cards.start_add("mug", None, None, 1_160));
        assert_eq!(
            cards.state("mug"),
            failed("", 1_001),
            "the failure stays on screen"
        );
        assert!(
            cards.start_add("mug", None, None, 1_001 + RETRY_PAUSE_MS),
            "a deliberate retry"
        );
    }

    #[test]
    fn a_cart_that_answers_late_keeps_the_card_waiting_until_it_does() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_timed_out("mug");
        assert_eq!(cards.state("mug"), CardState::Waiting);
        assert_eq!(cards.state("mug").name(), "busy");
        assert!(cards.is_pinned("mug"), "it may be in the cart already");
        assert!(
            !cards.start_add("mug", None, None, 60_000),
            "no second add while the first may land"
        );
        assert!(!cards.clone().dismiss("mug", 60_000));
        assert!(cards.late_add_answered("mug", Ok(()), 3_000));
        assert_eq!(cards.state("mug"), CardState::Added);

        cards.start_add("tea", None, None, 0);
        cards.add_timed_out("tea");
        assert!(cards.late_add_answered("tea", Err("Sold out".to_owned()), 3_000));
        assert_eq!(cards.state("tea"), failed("Sold out", 3_000));
    }

    #[test]
    fn a_failed_add_the_cart_holds_after_all_leaves_with_the_offer() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Err("the network failed".into()), 10);
        cards.start_add("shirt", Some("shirt-m"), None, 0);
        cards.add_answered("shirt", Err(String::new()), 10);
        assert!(
            !cards.cart_changed(nothing_in_cart),
            "not in the cart: still failed"
        );
        assert!(matches!(cards.state("mug"), CardState::Failed { .. }));
        assert!(
            cards.cart_changed(|id| id == "shirt-m"),
            "the shop made the add after all"
        );
        assert_eq!(
            cards.state("shirt"),
            CardState::Ready,
            "no card of its own any more"
        );
        assert!(matches!(cards.state("mug"), CardState::Failed { .. }));
    }

    #[test]
    fn an_add_the_cart_shows_before_its_answer_times_out_is_added() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.cart_changed(|id| id == "mug");
        cards.add_timed_out("mug");
        assert_eq!(
            cards.state("mug"),
            CardState::Added,
            "no waiting for an answer that may never come"
        );
        cards.start_add("tea", None, None, 0);
        cards.cart_changed(|id| id == "mug");
        cards.add_timed_out("tea");
        assert_eq!(cards.state("tea"), CardState::Waiting);
    }

    #[test]
    fn a_cart_read_that_holds_the_product_settles_a_late_add() {
        let mut cards = CardStates::default();
        cards.start_add("shirt", Some("shirt-m"), None, 0);
        cards.add_timed_out("shirt");
        cards.start_add("mug", None, None, 0);
        cards.add_timed_out("mug");
        assert!(
            !cards.cart_changed(nothing_in_cart),
            "a read without it proves nothing yet"
        );
        assert!(
            cards.cart_changed(|id| id == "shirt-m"),
            "the variant the add asked for"
        );
        assert_eq!(cards.state("shirt"), CardState::Added);
        assert_eq!(cards.state("mug"), CardState::Waiting);
        assert!(
            !cards.late_add_answered("shirt", Ok(()), 5_000),
            "already settled"
        );
        assert_eq!(cards.state("shirt"), CardState::Added);
    }

    #[test]
    fn undo_takes_an_added_card_back_to_ready() {
        let mut cards = CardStates::default();
        assert!(!cards.start_undo("mug", 60_000), "nothing to undo");
        cards.start_add("mug", None, None, 0);
        assert!(!cards.start_undo("mug", 60_000), "not while adding");
        cards.add_answered("mug", Ok(()), 0);
        assert!(cards.start_undo("mug", 60_000));
        assert_eq!(cards.state("mug"), CardState::Removing);
        assert_eq!(cards.state("mug").name(), "busy");
        assert!(
            cards.is_pinned("mug"),
            "still in the cart until the cart says otherwise"
        );
        assert!(!cards.start_undo("mug", 60_000), "one undo at a time");
        cards.undo_answered("mug", Ok(()), 0);
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert!(!cards.is_pinned("mug"));
        assert!(cards.clone().dismiss("mug", 60_000));
    }

    #[test]
    fn a_refused_undo_leaves_the_card_added_saying_why() {
        let mut cards = CardStates::default();
        cards.start_add("mug", Some("mug-blue"), None, 0);
        cards.add_answered("mug", Ok(()), 0);
        cards.start_undo("mug", 60_000);
        cards.undo_answered("mug", Err("Sold out".to_owned()), 0);
        let kept = CardState::Kept {
            message: "Sold out".to_owned(),
        };
        assert_eq!(cards.state("mug"), kept);
        assert_eq!(cards.state("mug").name(), "added");
        assert!(cards.is_pinned("mug"), "it is still in the cart");
        assert!(!cards.start_add("mug", None, None, 10_000));
        assert!(
            !cards.cart_changed(|id| id == "mug"),
            "the cart read after the refusal"
        );
        assert_eq!(cards.state("mug"), kept, "still says why");
        assert!(cards.start_undo("mug", 60_000), "and undo can be tried again");
        cards.undo_answered("mug", Ok(()), 0);
        assert_eq!(cards.state("mug"), CardState::Ready);

        cards.start_add("tea", None, None, 0);
        cards.add_answered("tea", Ok(()), 0);
        cards.start_undo("tea", 60_000);
        cards.undo_answered("tea", Err(String::new()), 0);
        assert!(
            cards.cart_changed(nothing_in_cart),
            "gone from the cart after all"
        );
        assert_eq!(cards.state("tea"), CardState::Ready);
    }

    #[test]
    fn a_swapped_out_line_counts_as_the_shoppers_while_its_upgrade_is_pinned() {
        let mut cards = CardStates::default();
        let two_phones = CartLine {
            quantity: 2,
            ..CartLine::one("phone-128gb".to_owned())
        };
        assert!(cards.start_add("phone-pro", None, Some(two_phones.clone()), 0));
        assert_eq!(cards.swapped_out().collect::<Vec<_>>(), [&two_phones]);
        cards.add_answered("phone-pro", Ok(()), 0);
        assert_eq!(
            cards.swapped_out().collect::<Vec<_>>(),
            [&two_phones],
            "both, as they were"
        );
        cards.start_undo("phone-pro", 60_000);
        assert_eq!(cards.swapped_out().count(), 1, "until the cart has it back");
        cards.undo_answered("phone-pro", Ok(()), 0);
        assert_eq!(cards.swapped_out().count(), 0);

        cards.start_add("phone-pro", None, Some(two_phones), 0);
        cards.add_answered("phone-pro", Err("Sold out".to_owned()), 10);
        assert_eq!(cards.swapped_out().count(), 0, "a failed swap took nothing out");
        cards.start_add("case", None, None, 0);
        cards.add_answered("case", Ok(()), 0);
        assert_eq!(cards.swapped_out().count(), 0, "a plain add replaces nothing");
    }

    #[test]
    fn a_cart_change_elsewhere_lets_added_cards_go() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Ok(()), 0);
        cards.start_add("tea", None, None, 0);
        cards.add_answered("tea", Err("Sold out".to_owned()), 0);
        assert!(cards.cart_changed(nothing_in_cart));
        assert!(!cards.is_pinned("mug"));
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert_eq!(
            cards.state("tea"),
            failed("Sold out", 0),
            "a failure stays in view"
        );
        assert!(!cards.cart_changed(nothing_in_cart), "nothing more to let go");
    }

    #[test]
    fn a_cart_change_while_the_cart_is_busy_is_taken_as_its_own() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Ok(()), 0);
        cards.start_add("tea", None, None, 0);
        assert!(!cards.cart_changed(nothing_in_cart));
        assert_eq!(cards.state("mug"), CardState::Added);
        cards.add_answered("tea", Ok(()), 0);
        assert!(cards.cart_changed(nothing_in_cart));
        assert_eq!(cards.state("tea"), CardState::Ready);
    }

    #[test]
    fn an_added_card_taken_out_elsewhere_while_another_adds_leaves_once_that_add_is_done() {
        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Ok(()), 0);
        cards.start_add("tea", None, None, 0);
        // The shopper takes the mug out in the drawer while the tea goes in.
        cards.cart_changed(|id| id == "tea");
        assert_eq!(
            cards.state("mug"),
            CardState::Added,
            "taken as the tea's change meanwhile"
        );
        cards.add_answered("tea", Ok(()), 0);
        assert_eq!(
            cards.state("mug"),
            CardState::Ready,
            "the cart lacks it: not 'added'"
        );
        assert_eq!(cards.state("tea"), CardState::Added);
        // Put back in meanwhile, it stays: only the last change counts.
        cards.start_add("jam", None, None, 0);
        cards.cart_changed(|id| id == "tea");
        cards.cart_changed(|id| id == "tea" || id == "jam");
        cards.add_answered("jam", Ok(()), 0);
        assert_eq!(cards.state("tea"), CardState::Added);
    }

    #[test]
    fn the_reorder_card_pins_its_lines_until_undo_has_taken_them_all_back() {
        let mut cards = CardStates::default();
        assert!(cards.start_add(REORDER_CARD, None, None, 0));
        cards.reorder_line_in("cat-food", None);
        cards.reorder_line_in("litter", None);
        cards.add_answered(REORDER_CARD, Ok(()), 0);
        assert_eq!(cards.state(REORDER_CARD), CardState::Added);
        // Its lines are the shopper's through this card: ranked as if not in the cart, and
        // given no card of their own.
        assert!(cards.is_pinned("cat-food") && cards.in_reorder("litter"));
        assert_eq!(cards.state("cat-food"), CardState::Ready);

        assert!(cards.start_undo(REORDER_CARD, 60_000));
        cards.reorder_line_out();
        // The shop refuses to take the cat food back: it stays, and the card says why.
        cards.undo_answered(REORDER_CARD, Err("Minimum order".into()), 0);
        assert_eq!(cards.reorder_lines_in(), 1);
        assert!(cards.in_reorder("cat-food") && !cards.in_reorder("litter"));
        cards.cart_changed(|id| id == "cat-food");
        assert_eq!(
            cards.state(REORDER_CARD),
            CardState::Kept {
                message: "Minimum order".into()
            }
        );

        assert!(cards.start_undo(REORDER_CARD, 60_000));
        cards.reorder_line_out();
        cards.undo_answered(REORDER_CARD, Ok(()), 0);
        assert_eq!(cards.state(REORDER_CARD), CardState::Ready);
        assert!(!cards.is_pinned("cat-food"));
    }

    #[test]
    fn a_reorder_card_whose_lines_the_cart_lists_by_variant_stays_while_another_card_adds() {
        let mut cards = CardStates::default();
        cards.start_add(REORDER_CARD, None, None, 0);
        cards.reorder_line_in("cat-food", Some("cat-food-12kg"));
        cards.reorder_line_in("litter", None);
        cards.add_answered(REORDER_CARD, Ok(()), 0);
        // Another card adds; the cart, as Shopify's, lists the food by its variant.
        cards.start_add("bowl", None, None, 60_000);
        cards.cart_changed(|id| ["cat-food-12kg", "bowl"].contains(&id));
        cards.add_answered("bowl", Ok(()), 60_000);
        // The cat food is in through the reorder card, which keeps its undo.
        assert_eq!(cards.state(REORDER_CARD), CardState::Added);
        assert!(cards.in_reorder("cat-food"));
    }

    #[test]
    fn a_reorder_that_failed_and_was_rolled_back_can_be_tried_again() {
        let mut cards = CardStates::default();
        cards.start_add(REORDER_CARD, None, None, 0);
        cards.reorder_line_in("cat-food", None);
        // The litter's add starts, and the card stands for it while the page shows it in the
        // cart before the shop has answered.
        cards.reorder_line_in("litter", None);
        assert!(cards.in_reorder("litter"));
        // The shop refuses it: it did not go in, and the cat food is taken back out.
        cards.reorder_line_out();
        assert!(!cards.in_reorder("litter") && cards.in_reorder("cat-food"));
        cards.reorder_line_out();
        cards.add_answered(REORDER_CARD, Err("Sold out".into()), 10);
        assert_eq!(cards.state(REORDER_CARD), failed("Sold out", 10));
        assert!(!cards.is_pinned("cat-food"));
        assert!(cards.start_add(REORDER_CARD, None, None, 10 + RETRY_PAUSE_MS));
    }

    #[test]
    fn a_double_tap_hides_one_card_and_an_undo_is_not_followed_by_a_stray_add() {
        let mut cards = CardStates::default();
        assert!(cards.dismiss("mug", 1_000));
        // The second tap of a double tap lands on the card that took the mug's place.
        assert!(!cards.dismiss("tea", 1_000 + SETTLE_MS - 1));
        assert!(!cards.start_add("tea", None, None, 1_000 + SETTLE_MS - 1));
        assert!(cards.dismiss("tea", 1_000 + SETTLE_MS));

        let mut cards = CardStates::default();
        cards.start_add("mug", None, None, 0);
        cards.add_answered("mug", Ok(()), 0);
        cards.start_undo("mug", 60_000);
        cards.undo_answered("mug", Ok(()), 5_000);
        assert!(
            !cards.start_add("mug", None, None, 5_100),
            "the undo's second click"
        );
        assert!(!cards.dismiss("mug", 5_100), "nor the × that took undo's place");
        assert!(cards.start_add("mug", None, None, 5_000 + SETTLE_MS));
        // An undo just after another came back lands where the × returned: not counted.
        cards.add_answered("mug", Ok(()), 6_000);
        cards.start_add("tea", None, None, 6_000);
        cards.add_answered("tea", Ok(()), 6_000);
        cards.start_undo("tea", 7_000);
        cards.undo_answered("tea", Ok(()), 7_000);
        assert!(!cards.start_undo("mug", 7_100));
        assert!(cards.start_undo("mug", 7_000 + SETTLE_MS));
        // A refused undo moves nothing: the card still says added, with undo.
        cards.add_answered("mug", Ok(()), 6_000);
        cards.start_undo("mug", 60_000);
        cards.undo_answered("mug", Err("Sold out".into()), 7_000);
        assert!(cards.start_undo("mug", 60_000), "undo can be tried again at once");
    }
}
