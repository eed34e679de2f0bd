//! Where each card the shopper acted on stands: the add / undo state machine as plain data.
//!
//! The view wires this to one signal and renders it; the cart adapter's answers come back
//! here as transitions. Kept free of Leptos and the browser so every transition is tested
//! natively.
//!
//! A product added through the widget stays on screen, confirmed (with undo), instead of
//! vanishing the moment the cart it is now in is recomputed: it is *pinned*. When the cart
//! then changes elsewhere on the page, the confirmed cards leave: the shopper has moved on.

/// Where one card's add button stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardState {
    /// Press to add.
    Ready,
    /// The cart is adding it; presses are ignored.
    Adding,
    /// In the cart.
    Added,
    /// The cart is taking it back (undo); presses are ignored.
    Removing,
    /// The cart refused or failed; press to try again. `message` is the shop's own words for
    /// the shopper ("sold out"), empty when it gave none.
    Failed {
        /// Shown in the reason's place.
        message: String,
    },
}

impl CardState {
    /// The add button's `data-state`, part of the styling contract in docs/widget.md.
    pub fn name(&self) -> &'static str {
        match self {
            CardState::Ready => "ready",
            CardState::Adding | CardState::Removing => "busy",
            CardState::Added => "added",
            CardState::Failed { .. } => "failed",
        }
    }

    /// True while the cart is working on this card.
    pub fn is_busy(&self) -> bool {
        matches!(self, CardState::Adding | CardState::Removing)
    }
}

/// The cards the shopper acted on, each with its state; every other card is
/// [`CardState::Ready`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardStates {
    acted: Vec<(String, CardState)>,
}

impl CardStates {
    /// Where the card of product `id` stands.
    pub fn state(&self, id: &str) -> CardState {
        self.find(id).cloned().unwrap_or(CardState::Ready)
    }

    /// True when the product is in the cart through the widget, or on its way in or out:
    /// its card stays on screen although the cart now holds it.
    pub fn is_pinned(&self, id: &str) -> bool {
        matches!(
            self.find(id),
            Some(CardState::Adding | CardState::Added | CardState::Removing)
        )
    }

    /// The add button was pressed. True when an add should start (the card was ready or had
    /// failed); false while one is under way or done.
    pub fn start_add(&mut self, id: &str) -> bool {
        let startable = matches!(self.state(id), CardState::Ready | CardState::Failed { .. });
        if startable {
            self.set(id, CardState::Adding);
        }
        startable
    }

    /// The cart answered an add: in, or failed with the shop's message for the shopper.
    pub fn add_answered(&mut self, id: &str, outcome: Result<(), String>) {
        match outcome {
            Ok(()) => self.set(id, CardState::Added),
            Err(message) => self.set(id, CardState::Failed { message }),
        }
    }

    /// An add that had failed by timing out turned out to have landed after all. True when
    /// the card now says so; false when the shopper has pressed again meanwhile (that press
    /// has its own answer coming).
    pub fn late_add_landed(&mut self, id: &str) -> bool {
        let failed = matches!(self.find(id), Some(CardState::Failed { .. }));
        if failed {
            self.set(id, CardState::Added);
        }
        failed
    }

    /// Undo was pressed. True when the take-back should start (the card is added).
    pub fn start_undo(&mut self, id: &str) -> bool {
        let added = self.state(id) == CardState::Added;
        if added {
            self.set(id, CardState::Removing);
        }
        added
    }

    /// The cart answered an undo: taken back (the card is ready again), or not (still added).
    pub fn undo_answered(&mut self, id: &str, removed: bool) {
        self.set(
            id,
            if removed {
                CardState::Ready
            } else {
                CardState::Added
            },
        );
    }

    /// True when the card may be hidden: only a ready one; an added card has its undo.
    pub fn can_dismiss(&self, id: &str) -> bool {
        self.state(id) == CardState::Ready
    }

    /// The cart changed. While an add or undo is under way the change is taken to be its own
    /// (a shop's adapter often updates the page's cart before it answers), so nothing leaves;
    /// otherwise the added cards leave. True when something left.
    pub fn cart_changed(&mut self) -> bool {
        if self.acted.iter().any(|(_, state)| state.is_busy()) {
            return false;
        }
        let before = self.acted.len();
        self.acted.retain(|(_, state)| *state != CardState::Added);
        self.acted.len() != before
    }

    fn find(&self, id: &str) -> Option<&CardState> {
        self.acted.iter().find(|(p, _)| p == id).map(|(_, state)| state)
    }

    fn set(&mut self, id: &str, state: CardState) {
        self.acted.retain(|(p, _)| p != id);
        if state != CardState::Ready {
            self.acted.push((id.to_owned(), state));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failed(message: &str) -> CardState {
        CardState::Failed {
            message: message.to_owned(),
        }
    }

    #[test]
    fn a_card_nobody_touched_is_ready_and_not_pinned() {
        let cards = CardStates::default();
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert!(!cards.is_pinned("mug"));
        assert!(cards.can_dismiss("mug"));
    }

    #[test]
    fn one_press_starts_one_add_and_further_presses_are_ignored() {
        let mut cards = CardStates::default();
        assert!(cards.start_add("mug"));
        assert_eq!(cards.state("mug"), CardState::Adding);
        assert!(!cards.start_add("mug"), "a second press while adding");
        cards.add_answered("mug", Ok(()));
        assert_eq!(cards.state("mug"), CardState::Added);
        assert!(!cards.start_add("mug"), "a press on an added card");
        assert!(cards.is_pinned("mug"));
        assert_eq!(cards.state("tea"), CardState::Ready, "other cards untouched");
    }

    #[test]
    fn a_refused_add_shows_the_shops_words_and_can_be_tried_again() {
        let mut cards = CardStates::default();
        cards.start_add("mug");
        cards.add_answered("mug", Err("Sold out".to_owned()));
        assert_eq!(cards.state("mug"), failed("Sold out"));
        assert_eq!(cards.state("mug").name(), "failed");
        assert!(
            !cards.is_pinned("mug"),
            "not in the cart, so ranked like any other"
        );
        assert!(!cards.can_dismiss("mug"));
        assert!(cards.start_add("mug"));
        assert_eq!(cards.state("mug"), CardState::Adding);
    }

    #[test]
    fn a_late_yes_turns_a_failed_card_into_added_unless_pressed_again() {
        let mut cards = CardStates::default();
        cards.start_add("mug");
        cards.add_answered("mug", Err(String::new()));
        assert!(cards.late_add_landed("mug"));
        assert_eq!(cards.state("mug"), CardState::Added);
        assert!(cards.is_pinned("mug"));

        cards.start_add("tea");
        cards.add_answered("tea", Err(String::new()));
        cards.start_add("tea");
        assert!(
            !cards.late_add_landed("tea"),
            "the new press has its own answer coming"
        );
        assert_eq!(cards.state("tea"), CardState::Adding);
    }

    #[test]
    fn undo_takes_an_added_card_back_to_ready() {
        let mut cards = CardStates::default();
        assert!(!cards.start_undo("mug"), "nothing to undo");
        cards.start_add("mug");
        assert!(!cards.start_undo("mug"), "not while adding");
        cards.add_answered("mug", Ok(()));
        assert!(cards.start_undo("mug"));
        assert_eq!(cards.state("mug"), CardState::Removing);
        assert_eq!(cards.state("mug").name(), "busy");
        assert!(
            cards.is_pinned("mug"),
            "still in the cart until the cart says otherwise"
        );
        assert!(!cards.start_undo("mug"), "one undo at a time");
        cards.undo_answered("mug", true);
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert!(!cards.is_pinned("mug"));
        assert!(cards.can_dismiss("mug"));
    }

    #[test]
    fn a_failed_undo_leaves_the_card_added() {
        let mut cards = CardStates::default();
        cards.start_add("mug");
        cards.add_answered("mug", Ok(()));
        cards.start_undo("mug");
        cards.undo_answered("mug", false);
        assert_eq!(cards.state("mug"), CardState::Added);
        assert!(cards.start_undo("mug"), "and undo can be tried again");
    }

    #[test]
    fn a_cart_change_elsewhere_lets_added_cards_go() {
        let mut cards = CardStates::default();
        cards.start_add("mug");
        cards.add_answered("mug", Ok(()));
        cards.start_add("tea");
        cards.add_answered("tea", Err("Sold out".to_owned()));
        assert!(cards.cart_changed());
        assert!(!cards.is_pinned("mug"));
        assert_eq!(cards.state("mug"), CardState::Ready);
        assert_eq!(cards.state("tea"), failed("Sold out"), "a failure stays in view");
        assert!(!cards.cart_changed(), "nothing more to let go");
    }

    #[test]
    fn a_cart_change_while_the_cart_is_busy_is_taken_as_its_own() {
        let mut cards = CardStates::default();
        cards.start_add("mug");
        cards.add_answered("mug", Ok(()));
        cards.start_add("tea");
        assert!(!cards.cart_changed());
        assert_eq!(cards.state("mug"), CardState::Added);
        cards.add_answered("tea", Ok(()));
        assert!(cards.cart_changed());
        assert_eq!(cards.state("tea"), CardState::Ready);
    }
}
