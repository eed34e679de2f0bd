//! What a card's buttons do: each press is a [`CardStates`] transition, the cart adapter is
//! asked, and its answer comes back as the next transition; the shopper hears the outcome
//! and the page gets its event. The view only calls these.

use checkout_addons_engine::CartLine;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::card_states::{CardState, CardStates, REORDER_CARD};
use crate::cart_adapter::{self, Adapter, AddRequest, Failure};
use crate::copy::{fill, Text, Wording};
use crate::host;

/// The buttons of every card of one widget; cheap to copy into each card.
#[derive(Clone, Copy)]
pub struct CardActions {
    cards: RwSignal<CardStates>,
    passed_over: RwSignal<Vec<String>>,
    host: StoredValue<HtmlElement, LocalStorage>,
    copy: StoredValue<Wording, LocalStorage>,
    announcement: RwSignal<String>,
    timeout_ms: u32,
    /// The page's add listener does swaps (`event-swaps`), not the object adapter.
    swap_by_event: bool,
    /// The cart can take an add back: cards offer undo.
    pub can_undo: bool,
    /// The cart can swap an item for its upgrade: upsells may be offered.
    pub can_swap: bool,
}

/// The actions for one widget's cards, with the live region's text they update.
pub fn use_card_actions(
    host: StoredValue<HtmlElement, LocalStorage>,
    cards: RwSignal<CardStates>,
    passed_over: RwSignal<Vec<String>>,
    copy: StoredValue<Wording, LocalStorage>,
    timeout_ms: u32,
    swap_by_event: bool,
) -> (CardActions, RwSignal<String>) {
    let announcement = RwSignal::new(String::new());
    let actions = CardActions {
        cards,
        passed_over,
        host,
        copy,
        announcement,
        timeout_ms,
        swap_by_event,
        can_undo: host.with_value(cart_adapter::can_remove),
        can_swap: swap_by_event || host.with_value(cart_adapter::can_swap),
    };
    (actions, announcement)
}

impl CardActions {
    /// Where the card of product `id` stands (tracked: the view follows it).
    pub fn state(self, id: &str) -> CardState {
        self.cards.with(|cards| cards.state(id))
    }

    /// The add button: one press, one cart call; the card says what the cart answered.
    pub fn add(self, request: AddRequest) {
        // Marked first: the page may change our `cart` attribute while the add is under way,
        // and the card must stay where it is.
        // A swap replaces the whole line, in its quantity (which the request carries).
        let replaces = request.replaces.as_ref().map(|old| CartLine {
            quantity: request.quantity,
            ..CartLine::one(old.variant_id.clone().unwrap_or_else(|| old.product_id.clone()))
        });
        let (id, variant) = (&request.product_id, request.variant_id.as_deref());
        if !self.start(|cards| cards.start_add(id, variant, replaces, now_ms())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(element) = self.host.try_get_value() else {
                return;
            };
            let id = &request.product_id;
            let failure =
                match cart_adapter::add(&element, &request, self.timeout_ms, self.swap_by_event).await {
                    Ok(()) => {
                        self.cards
                            .try_update(|cards| cards.add_answered(id, Ok(()), now_ms()));
                        return self.tell_added(&element, &request);
                    }
                    Err(failure) => failure,
                };
            let Some(late) = failure.late else {
                self.cards
                    .try_update(|cards| cards.add_answered(id, Err(failure.for_card()), now_ms()));
                return self.tell_failed(&element, &request, &failure);
            };
            // Too late to say it worked, too early to say it did not: the cart may still add
            // it, so the card waits (and takes no second add) for the answer or a cart read.
            host::warn(&format!(
                "adding {id}: {}; waiting for its answer",
                failure.message
            ));
            self.cards.try_update(|cards| cards.add_timed_out(id));
            let outcome = cart_adapter::late_answer(late).await;
            self.cards
                .try_update(|cards| cards.late_add_answered(id, for_card(&outcome), now_ms()));
            // An add the cart made is told, once: here, whatever the card now shows. Said to
            // the shopper while the card says added (or the widget has gone); where a cart read
            // showed it added and the card has moved on since (taken away by a later cart
            // change, or taken back out, whose `removed` then nets it), only the event, marked
            // `late`, so that it does not undo what the shopper's undo said. A failure only
            // while the card still says so.
            match (outcome, self.cards.try_with_untracked(|cards| cards.state(id))) {
                (Ok(()), Some(CardState::Added) | None) => self.tell_added(&element, &request),
                (Ok(()), _) => {
                    host::emit(&element, "added", &request.detail().number("late", 1));
                }
                (Err(failure), Some(CardState::Failed { .. })) => {
                    self.tell_failed(&element, &request, &failure)
                }
                _ => {}
            }
        });
    }

    /// Asks the model whether a press starts something (and marks it started).
    fn start(self, transition: impl FnOnce(&mut CardStates) -> bool) -> bool {
        self.cards.try_update(transition).unwrap_or(false)
    }

    fn tell_added(self, element: &HtmlElement, request: &AddRequest) {
        // A swap names the line it took out: a cart holds more than one thing.
        let (text, replaced) = match &request.replaces {
            Some(old) => (Text::AnnounceSwapped, old.title.as_str()),
            None => (Text::AnnounceAdded, ""),
        };
        self.announce(text, &request.title, "", replaced);
        host::emit(element, "added", &request.detail());
    }

    fn tell_failed(self, element: &HtmlElement, request: &AddRequest, failure: &Failure) {
        let shown = failure.for_shopper.as_deref().unwrap_or_default();
        self.announce(Text::AnnounceFailed, &request.title, shown, "");
        host::warn(&format!(
            "adding {} failed: {}",
            request.product_id, failure.message
        ));
        host::emit(
            element,
            "error",
            &request.detail().text("message", &failure.message),
        );
    }

    /// The undo button: takes the add back; a cart that cannot leaves the card added.
    pub fn undo(self, request: AddRequest) {
        if !self.start(|cards| cards.start_undo(&request.product_id, now_ms())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(element) = self.host.try_get_value() else {
                return;
            };
            let id = &request.product_id;
            let outcome = cart_adapter::remove(&element, &request).await;
            self.cards
                .try_update(|cards| cards.undo_answered(id, for_card(&outcome), now_ms()));
            match outcome {
                Ok(()) => {
                    // A swap taken back puts the shopper's item back: said as the swap the
                    // other way ("Hand grinder replaced Electric grinder in your cart").
                    match &request.replaces {
                        Some(old) => self.announce(Text::AnnounceSwapped, &old.title, "", &request.title),
                        None => self.announce(Text::AnnounceRemoved, &request.title, "", ""),
                    }
                    host::emit(&element, "removed", &request.detail());
                }
                Err(failure) => {
                    // Still in the cart: the shopper hears so, with the shop's reason.
                    let said = failure.for_shopper.as_deref().unwrap_or_default();
                    self.announce(Text::AnnounceKept, &request.title, said, "");
                    host::warn(&format!("taking {id} back failed: {}", failure.message));
                }
            }
        });
    }

    /// The reorder card's add button: its `lines` go into the cart one by one, each as its own
    /// add (with its `add` and `added` events). Should one fail, those already in are taken
    /// back out, so the cart is as it was; the card says what the shop said.
    /// `said` is what the shopper hears was added: the order's day and lines.
    pub fn reorder(self, said: String, lines: Vec<AddRequest>) {
        if !self.start(|cards| cards.start_add(REORDER_CARD, None, None, now_ms())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(element) = self.host.try_get_value() else {
                return;
            };
            // Every line through the adapter of the press, and those in counted here: the
            // widget may be taken off the page meanwhile (its state with it), and the order
            // must still go in whole or come back out.
            let adapter = Adapter::of(&element);
            for (went_in, line) in lines.iter().enumerate() {
                // Marked first, as a card's add is: the page's cart may show the line before
                // the adapter answers, and the card must not change under the shopper.
                self.cards
                    .try_update(|cards| cards.reorder_line_in(&line.product_id, line.variant_id.as_deref()));
                // A slow cart may still add the line: its answer decides, as it must before
                // the next line (or the take-back) goes.
                let outcome =
                    match cart_adapter::add_to(&element, &adapter, line, self.timeout_ms, false).await {
                        Err(Failure { late: Some(late), .. }) => cart_adapter::late_answer(late).await,
                        outcome => outcome,
                    };
                if let Err(failure) = outcome {
                    // It did not go in; the lines before it did.
                    self.cards.try_update(CardStates::reorder_line_out);
                    self.tell_failed(&element, line, &failure);
                    let taken_back = self
                        .take_back(&element, &adapter, &lines[..went_in], Taking::RollBack)
                        .await;
                    match taken_back {
                        Ok(()) => {
                            self.cards.try_update(|cards| {
                                cards.add_answered(REORDER_CARD, Err(failure.for_card()), now_ms())
                            });
                        }
                        // The cart would not give some back: they stay, with the card's undo,
                        // and the shopper hears which, with the shop's words for the refusal
                        // (else for the failed line).
                        Err(kept) => {
                            let why = kept.for_shopper.or(failure.for_shopper).unwrap_or_default();
                            let kept_lines = self.still_in(&lines[..went_in]);
                            self.cards.try_update(|cards| {
                                cards.undo_answered(REORDER_CARD, Err(why.clone()), now_ms())
                            });
                            self.announce(Text::AnnounceKept, &listed(kept_lines), &why, "");
                        }
                    }
                    return;
                }
                host::emit(&element, "added", &line.detail());
            }
            self.cards
                .try_update(|cards| cards.add_answered(REORDER_CARD, Ok(()), now_ms()));
            self.announce(Text::AnnounceAdded, &said, "", "");
        });
    }

    /// The reorder card's undo: every line it put in comes back out.
    pub fn undo_reorder(self, said: String, lines: Vec<AddRequest>) {
        if !self.start(|cards| cards.start_undo(REORDER_CARD, now_ms())) {
            return;
        }
        leptos::task::spawn_local(async move {
            let Some(element) = self.host.try_get_value() else {
                return;
            };
            let lines_in = self.still_in(&lines);
            let outcome = self
                .take_back(&element, &Adapter::of(&element), lines_in, Taking::Undo)
                .await;
            self.cards
                .try_update(|cards| cards.undo_answered(REORDER_CARD, for_card(&outcome), now_ms()));
            // Still (partly) in the cart after a refusal: the shopper hears which lines, with
            // the shop's reason when it gave one (those after the refused one came out).
            match outcome {
                Ok(()) => self.announce(Text::AnnounceRemoved, &said, "", ""),
                Err(failure) => {
                    let kept = self.still_in(lines_in);
                    let why = failure.for_shopper.unwrap_or_default();
                    self.announce(Text::AnnounceKept, &listed(kept), &why, "")
                }
            }
        });
    }

    /// Of the reorder card's `lines`, those still in the cart through it (the first ones: they
    /// come back out last first).
    fn still_in(self, lines: &[AddRequest]) -> &[AddRequest] {
        let still_in = self.cards.try_with_untracked(CardStates::reorder_lines_in);
        &lines[..still_in.unwrap_or(0).min(lines.len())]
    }

    /// Takes the reorder card's `lines` that are in the cart back out, the last in first;
    /// stops at the first the cart refuses (which stays, with the rest before it).
    async fn take_back(
        self,
        element: &HtmlElement,
        adapter: &Adapter,
        lines: &[AddRequest],
        taking: Taking,
    ) -> Result<(), Failure> {
        for line in lines.iter().rev() {
            if let Err(failure) = cart_adapter::remove_from(adapter, line).await {
                host::warn(&format!(
                    "taking {} back failed: {}",
                    line.product_id, failure.message
                ));
                return Err(failure);
            }
            self.cards.try_update(CardStates::reorder_line_out);
            let detail = line.detail();
            // A line the widget took back because another failed was not turned down by the
            // shopper: the loader does not rest it.
            let detail = match taking {
                Taking::Undo => detail,
                Taking::RollBack => detail.number("rollback", 1),
            };
            host::emit(element, "removed", &detail);
        }
        Ok(())
    }

    /// The shopper hides a card: it leaves for the next one, and rests (the loader keeps
    /// count).
    pub fn dismiss(self, request: AddRequest, pressed: &web_sys::Event) {
        let now = now_ms();
        if !self.start(|cards| cards.dismiss(&request.product_id, now)) {
            return;
        }
        // Which card (1 the first) the × was on.
        let mut place = 0;
        let mut card = (pressed.target())
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|button| button.closest("li").ok().flatten());
        while let Some(here) = card {
            place += 1;
            card = here.previous_element_sibling();
        }
        self.passed_over
            .update(|ids| ids.push(request.product_id.clone()));
        self.announce(Text::AnnounceHidden, &request.title, "", "");
        self.host
            .with_value(|h| host::emit(h, "dismissed", &request.detail()));
        // The card and its button are gone once the list is redrawn, and the next card has
        // slid into its place: the keyboard stays there, on that card's × (the last card's
        // when the hidden one was last), else on the heading.
        let host = self.host;
        request_animation_frame(move || {
            let Some(root) = host.try_with_value(|h| h.shadow_root()).flatten() else {
                return;
            };
            // The first that takes the focus: an added card's × is hidden, its add button not.
            for selector in [
                format!("li:nth-child({place}) .dismiss"),
                format!("li:nth-child({place}) .add"),
                "li:last-child .add".to_owned(),
                "h2".to_owned(),
            ] {
                let found = root.query_selector(&selector).ok().flatten();
                if let Some(target) = found.and_then(|f| f.dyn_into::<HtmlElement>().ok()) {
                    let _ = target.focus();
                    if root.active_element().as_ref() == Some(&target) {
                        return;
                    }
                }
            }
        });
    }

    /// Says `text` in the live region. The cart answers after an `await`, by when the element
    /// may have left the page (a Shopify cart drawer re-rendered by the add itself) and its
    /// state been disposed: then there is no one to tell.
    /// Says `text` about `title` (and `replaced`, for a swap), then the shop's `message`.
    fn announce(self, text: Text, title: &str, message: &str, replaced: &str) {
        let Some(mut words) = self
            .copy
            .try_with_value(|copy| fill(&copy.about(text, title), "{replaced}", replaced))
        else {
            return;
        };
        if !message.is_empty() {
            // The shop's words are a sentence of their own.
            words = format!("{words}. {message}");
        }
        // The same words again (a retry that failed the same way) would be no change to the
        // live region, and screen readers would say nothing: then they end in a space.
        self.announcement.try_update(|said| {
            *said = if *said == words { words + "\u{a0}" } else { words };
        });
    }
}

/// Why the reorder card's lines leave the cart: the shopper's undo, or a line that failed.
#[derive(Clone, Copy)]
enum Taking {
    Undo,
    RollBack,
}

/// A reorder's lines as the shopper reads and hears them: "Wipes, 2 × Soap".
pub fn listed(lines: &[AddRequest]) -> String {
    let mut text = String::new();
    for line in lines {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&line.counted_title());
    }
    text
}

/// The browser's clock in milliseconds, for the pause after a failed add.
fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// A cart's answer as the card model takes it: done, or the words the card shows.
fn for_card(outcome: &Result<(), Failure>) -> Result<(), String> {
    outcome.as_ref().map(drop).map_err(Failure::for_card)
}
