//! The widget's view. Components hold no business logic: ranking is the engine's, the add
//! goes through the cart adapter.

use std::sync::Arc;

use checkout_addons_engine::{recommend, Cart, CartLine, Catalog, Date, Product, Reason};
use leptos::html::Button;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use crate::cart_adapter::{self, AddRequest};
use crate::copy::{reason_kind, Text, Wording};
use crate::host::{self, Detail};
use crate::settings::Settings;
use crate::{feed, price};

#[derive(Clone)]
enum Load {
    Loading,
    Ready(Arc<Catalog>),
    Failed,
}

/// Where one card's add button stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AddState {
    /// Press to add.
    Ready,
    /// The cart is working on it (an add or an undo); presses are ignored.
    Busy,
    /// In the cart.
    Added,
    /// The cart refused or failed; press to try again.
    Failed,
}

impl AddState {
    /// What the add button says in this state.
    fn word(self) -> Text {
        match self {
            AddState::Ready => Text::Add,
            AddState::Busy => Text::Adding,
            AddState::Added => Text::Added,
            AddState::Failed => Text::Failed,
        }
    }
}

/// The cards the shopper acted on, and where each one's button stands.
///
/// A product added through the widget stays on screen, confirmed (with undo), instead of
/// vanishing the moment the cart it is now in is recomputed. When the cart then changes
/// elsewhere on the page, the confirmed ones leave: the shopper has moved on.
#[derive(Clone, Copy)]
pub struct Pins {
    /// Products added (or being added) through the widget.
    added: RwSignal<Vec<String>>,
    /// Each acted-on card's state and, after a failure, the shop's message for the shopper.
    states: RwSignal<Vec<(String, AddState, String)>>,
}

impl Pins {
    /// No card acted on yet.
    pub fn new() -> Pins {
        Pins {
            added: RwSignal::new(Vec::new()),
            states: RwSignal::new(Vec::new()),
        }
    }

    /// The cart changed. While an add or undo of ours is under way the change is taken to be
    /// its own (a shop's adapter often updates the page's cart before it answers), so nothing
    /// leaves; otherwise the confirmed cards leave.
    pub fn cart_changed(self) {
        let busy = self
            .states
            .with_untracked(|s| s.iter().any(|(_, state, _)| *state == AddState::Busy));
        if busy {
            return;
        }
        let confirmed: Vec<String> = self.states.with_untracked(|s| {
            s.iter()
                .filter(|(_, state, _)| *state == AddState::Added)
                .map(|(id, ..)| id.clone())
                .collect()
        });
        if confirmed.is_empty() {
            return;
        }
        self.added.update(|a| a.retain(|id| !confirmed.contains(id)));
        self.states
            .update(|s| s.retain(|(id, ..)| !confirmed.contains(id)));
    }

    /// Frees the signals.
    pub fn dispose(self) {
        self.added.dispose();
        self.states.dispose();
    }
}

/// Everything one card shows, ready to render. The whole of it is the card's key: a new price
/// or a new reason (a refreshed feed, another cart) renders the card anew.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct CardData {
    request: AddRequest,
    url: Option<String>,
    image: Option<String>,
    price: String,
    compare_at: Option<String>,
    reason: String,
    reason_kind: &'static str,
    /// The available variants to choose from, when the shop asked for a picker and there is
    /// more than one; the first is the preselected (cheapest) one.
    variants: Vec<VariantChoice>,
}

/// One option of the variant picker.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct VariantChoice {
    id: String,
    /// "Maat 42, € 89,95".
    label: String,
    price: checkout_addons_engine::Money,
    price_text: String,
}

/// The whole widget: loads the feed, asks the engine, shows the cards.
#[component]
pub fn AddOns(
    /// The page element the widget lives in; its events and `data-state` go there.
    host: HtmlElement,
    /// The element's attributes.
    settings: Settings,
    /// The cart, as the page or its platform adapter last told us; `None` until a platform
    /// adapter has read it.
    cart: RwSignal<Option<Vec<CartLine>>>,
    /// Products this shopper passed over lately: not offered.
    passed_over: RwSignal<Vec<String>>,
    /// The cards the shopper acted on.
    pins: Pins,
    /// Bumped to fetch the feed again.
    reload: RwSignal<u32>,
    /// The feed request the loader already started, used for the first load.
    started: Option<feed::Started>,
) -> impl IntoView {
    let host = StoredValue::new_local(host);
    let copy = StoredValue::new_local(settings.wording.clone());
    let load = RwSignal::new(Load::Loading);
    let Pins { added, states } = pins;
    let announcement = RwSignal::new(String::new());

    let feed_url = settings.feed.clone();
    let currency = settings.currency.clone();
    let timeout_ms = settings.timeout_ms;
    let started = StoredValue::new_local(started);
    Effect::new(move |_| {
        // Effects run a moment after mounting; by then the element may already have left.
        let Some(generation) = reload.try_get() else {
            return;
        };
        let (url, currency) = (feed_url.clone(), currency.clone());
        let started = started.try_update_value(Option::take).flatten();
        leptos::task::spawn_local(async move {
            let outcome = feed::load(&url, timeout_ms, currency.as_deref(), started).await;
            // The element may have left the page, or a newer refresh started, while the feed
            // was loading; then this answer is nobody's, and disposed state must not be touched.
            if reload.try_get_untracked() != Some(generation) {
                return;
            }
            let Some(element) = host.try_get_value() else {
                return;
            };
            match outcome {
                Ok(catalog) => {
                    let products = catalog.products().len() as i64;
                    load.set(Load::Ready(catalog));
                    host::emit(&element, "ready", &Detail::new().number("products", products));
                }
                Err(message) => {
                    host::warn(&message);
                    host::emit(&element, "error", &Detail::new().text("message", &message));
                    // A failed refresh keeps what is on screen; a failed first load collapses.
                    if !matches!(load.get_untracked(), Load::Ready(_)) {
                        load.set(Load::Failed);
                    }
                }
            }
        });
    });

    let today = today();
    let config = settings.config.clone();
    let locale = settings.locale.clone();
    let picker = settings.variant_picker;
    let cards = Memo::new(move |_| {
        let Load::Ready(catalog) = load.get() else {
            return Vec::new();
        };
        // Until a platform adapter has read the cart there is nothing to rank for.
        let Some(in_cart) = cart.get() else {
            return Vec::new();
        };
        added.with(|added| {
            let others = in_cart
                .into_iter()
                .filter(|line| catalog.product(&line.id).is_none_or(|p| !added.contains(&p.id)));
            let basket =
                passed_over.with(|ids| Cart::from_lines(&catalog, others).with_passed_over(&catalog, ids));
            copy.with_value(|copy| {
                recommend(&catalog, &basket, today, &config)
                    .iter()
                    .filter_map(|pick| {
                        let product = catalog.product(&pick.product_id)?;
                        Some(card(&catalog, product, &pick.reason, copy, &locale, picker))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });

    let placement = settings.placement.clone();
    Effect::new(move |_| {
        let state = match load.get() {
            Load::Loading => "loading",
            Load::Ready(_) if cart.with(Option::is_none) => "loading",
            Load::Failed => "error",
            Load::Ready(_) if cards.with(Vec::is_empty) => "empty",
            Load::Ready(_) => "ready",
        };
        host.with_value(|h| {
            host::set_state(h, state);
            // Effects run after the DOM is updated: the items are on screen now.
            if matches!(state, "ready" | "empty") {
                let items = cards.with(|cards| cards.iter().map(CardData::detail).collect::<Vec<_>>());
                let detail = Detail::new().list("items", items).text("placement", &placement);
                host::emit(h, "render", &detail);
            }
        });
    });

    let state_of = move |id: &str| {
        states.with(|s| {
            s.iter()
                .find(|(p, ..)| p == id)
                .map_or((AddState::Ready, String::new()), |(_, state, message)| {
                    (*state, message.clone())
                })
        })
    };
    let set_state = move |id: &str, state: AddState, message: String| {
        states.try_update(|s| {
            s.retain(|(p, ..)| *p != id);
            s.push((id.to_owned(), state, message));
        });
    };
    let announce = move |text: Text, title: &str, message: &str| {
        let mut words = copy.with_value(|copy| copy.about(text, title));
        if !message.is_empty() {
            words = format!("{words} {message}");
        }
        announcement.try_set(words);
    };
    let add = move |request: AddRequest| {
        if matches!(state_of(&request.product_id).0, AddState::Busy | AddState::Added) {
            return;
        }
        // Marked first: the page may change our `cart` attribute while the add is under way,
        // and the card must stay where it is.
        added.update(|a| a.push(request.product_id.clone()));
        set_state(&request.product_id, AddState::Busy, String::new());
        leptos::task::spawn_local(async move {
            let Some(element) = host.try_get_value() else {
                return;
            };
            let outcome = cart_adapter::add(&element, &request, timeout_ms).await;
            let id = &request.product_id;
            match outcome {
                Ok(()) => {
                    set_state(id, AddState::Added, String::new());
                    announce(Text::AnnounceAdded, &request.title, "");
                    host::emit(&element, "added", &request.detail());
                }
                Err(failure) => {
                    added.try_update(|a| a.retain(|a| a != id));
                    let shown = failure.for_shopper.clone().unwrap_or_default();
                    announce(Text::AnnounceFailed, &request.title, &shown);
                    set_state(id, AddState::Failed, shown);
                    host::warn(&format!("adding {id} failed: {}", failure.message));
                    host::emit(
                        &element,
                        "error",
                        &request.detail().text("message", &failure.message),
                    );
                    // The cart answered too late, but may still have added it. If it did, and
                    // the shopper has not pressed again meanwhile, say so instead of "failed".
                    if let Some(late) = failure.late {
                        if cart_adapter::landed(late).await && state_of(id).0 == AddState::Failed {
                            added.try_update(|a| a.push(id.clone()));
                            set_state(id, AddState::Added, String::new());
                            announce(Text::AnnounceAdded, &request.title, "");
                            host::emit(&element, "added", &request.detail());
                        }
                    }
                }
            }
        });
    };
    let can_undo = host.with_value(cart_adapter::can_remove);
    let undo = move |request: AddRequest| {
        if state_of(&request.product_id).0 != AddState::Added {
            return;
        }
        set_state(&request.product_id, AddState::Busy, String::new());
        leptos::task::spawn_local(async move {
            let Some(element) = host.try_get_value() else {
                return;
            };
            let id = &request.product_id;
            match cart_adapter::remove(&element, &request, timeout_ms).await {
                Ok(()) => {
                    added.try_update(|a| a.retain(|a| a != id));
                    set_state(id, AddState::Ready, String::new());
                    announce(Text::AnnounceRemoved, &request.title, "");
                    host::emit(&element, "removed", &request.detail());
                }
                Err(failure) => {
                    set_state(id, AddState::Added, String::new());
                    host::warn(&format!("taking {id} back failed: {}", failure.message));
                }
            }
        });
    };
    // The shopper hides a card: it leaves for the next one, and rests (the loader keeps count).
    let dismiss = move |request: AddRequest| {
        if state_of(&request.product_id).0 != AddState::Ready {
            return;
        }
        passed_over.update(|ids| ids.push(request.product_id.clone()));
        host.with_value(|h| host::emit(h, "dismissed", &request.detail()));
        // The card and its button are gone once the list is redrawn: then put the keyboard
        // back in the widget, on the first add button.
        request_animation_frame(move || {
            let first = host
                .try_with_value(|h| h.shadow_root())
                .flatten()
                .and_then(|root| root.query_selector("button.add").ok().flatten())
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(button) = first {
                let _ = button.focus();
            }
        });
    };
    let actions = Actions {
        state_of,
        add,
        undo: can_undo.then_some(undo),
        dismiss,
    };

    let skeletons = settings.config.max_items.clamp(1, 3);
    view! {
        <section class="addons" part="container" aria-labelledby="checkout-addons-heading">
            <h2 id="checkout-addons-heading" part="heading">{copy.with_value(|c| c.get(Text::Heading).to_owned())}</h2>
            <ul class="cards" part="list">
                {move || {
                    matches!(load.get(), Load::Loading)
                        .then(|| (0..skeletons).map(|_| view! { <li class="card skeleton" aria-hidden="true"></li> }).collect_view())
                }}
                <For each=move || cards.get() key=|card| card.clone() let:card>
                    {card_view(card, copy, actions)}
                </For>
            </ul>
            <p class="announcer" role="status" aria-live="polite">{move || announcement.get()}</p>
        </section>
    }
}

/// What a card's buttons can do, shared by every card.
#[derive(Clone, Copy)]
struct Actions<S, A, U, D> {
    state_of: S,
    add: A,
    /// Present when the cart can take an add back.
    undo: Option<U>,
    /// Hides the card.
    dismiss: D,
}

/// One card. A plain function rather than a `#[component]`: it has no props of its own to
/// document, and the props builder would only add code to the checkout page.
fn card_view<S, A, U, D>(
    card: CardData,
    copy: StoredValue<Wording, LocalStorage>,
    actions: Actions<S, A, U, D>,
) -> impl IntoView
where
    D: Fn(AddRequest) + Copy + Send + Sync + 'static,
    S: Fn(&str) -> (AddState, String) + Copy + Send + Sync + 'static,
    A: Fn(AddRequest) + Copy + 'static,
    U: Fn(AddRequest) + Copy + Send + Sync + 'static,
{
    let CardData {
        request,
        url,
        image,
        price,
        compare_at,
        reason,
        variants,
        ..
    } = card;
    // The picker's choice; the request and the price on the card follow it.
    // The chosen variant's id (a String signal, like the announcer's: every new signal type
    // is more code on the checkout page).
    let chosen = RwSignal::new(variants.first().map(|v| v.id.clone()).unwrap_or_default());
    let variants = StoredValue::new_local(variants);
    let choice = move |id: &str| variants.with_value(|v| v.iter().find(|c| c.id == id).cloned());
    let request = {
        let base = request;
        move || {
            let mut request = base.clone();
            if let Some(choice) = chosen.with_untracked(|id| choice(id)) {
                request.variant_id = Some(choice.id);
                request.price = choice.price;
            }
            request
        }
    };
    let price = move || {
        chosen
            .with(|id| choice(id))
            .map_or_else(|| price.clone(), |c| c.price_text)
    };
    let AddRequest {
        title,
        product_id: id,
        ..
    } = request();
    let state_of = actions.state_of;
    let state = {
        let id = id.clone();
        Signal::derive(move || state_of(&id).0)
    };
    // After a failure, the shop's own words for it ("sold out") take the reason's place.
    let failure = move || state_of(&id).1;
    let reason = move || {
        Some(failure())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| reason.clone())
    };
    let text = move |t: Text| copy.with_value(|c| c.get(t).to_owned());
    let add_button = NodeRef::<Button>::new();
    let label = {
        let title = title.clone();
        let compare_at = compare_at.clone();
        let price = price.clone();
        move || {
            let spoken_price = price_label(&price(), &compare_at);
            let word = text(state.get().word());
            match state.get() {
                AddState::Ready | AddState::Failed => format!("{word} {title}, {spoken_price}"),
                AddState::Busy | AddState::Added => format!("{word}: {title}"),
            }
        }
    };
    let undo = actions.undo.map(|undo| {
        let request = request.clone();
        let undo_label = format!("{}: {title}", text(Text::Undo));
        move || {
            (state.get() == AddState::Added).then(|| {
                let request = request.clone();
                view! {
                    <button
                        type="button"
                        class="undo"
                        part="undo"
                        aria-label=undo_label.clone()
                        on:click=move |_| {
                            // The undo button goes away; focus returns to the add button.
                            if let Some(button) = add_button.get_untracked() {
                                let _ = button.focus();
                            }
                            undo(request())
                        }
                    >
                        {text(Text::Undo)}
                    </button>
                }
            })
        }
    });
    let on_add = actions.add;
    let on_dismiss = actions.dismiss;
    let dismiss_label = copy.with_value(|c| c.about(Text::Dismiss, &title));
    // Always in the page, hidden by the stylesheet unless the add button is ready: one static
    // element costs the checkout page less code than a reactive one.
    let dismiss = {
        let request = request.clone();
        view! {
            <button type="button" class="dismiss" part="dismiss" aria-label=dismiss_label.clone() title=dismiss_label
                on:click=move |_| on_dismiss(request())>
                "×"
            </button>
        }
    };
    let picker_label = copy.with_value(|c| c.about(Text::ChooseVariant, &title));
    view! {
        <li class="card" part="card">
            {image.map(|src| view! { <img part="image" src=src width="96" height="96" loading="lazy" alt="" /> })}
            <div class="body">
                {match url {
                    Some(href) => view! { <a class="title" part="title" href=href>{title}</a> }.into_any(),
                    None => view! { <span class="title" part="title">{title}</span> }.into_any(),
                }}
                <p class="reason" part="reason">{reason}</p>
                <p class="price" part="price">
                    {compare_at.map(|was| view! { <s class="was">{was}</s> " " })}
                    <span class="now">{price}</span>
                </p>
            </div>
            <div class="actions">
                {picker_view(variants, chosen, state, picker_label)}
                <button
                    type="button"
                    class="add"
                    part="button"
                    node_ref=add_button
                    aria-label=label
                    data-state=move || match state.get() {
                        AddState::Ready => "ready",
                        AddState::Busy => "busy",
                        AddState::Added => "added",
                        AddState::Failed => "failed",
                    }
                    aria-disabled=move || matches!(state.get(), AddState::Busy | AddState::Added).then_some("true")
                    on:click=move |_| on_add(request())
                >
                    {move || text(state.get().word())}
                </button>
                {undo}
                {dismiss}
            </div>
        </li>
    }
}

/// The variant picker, when there is a choice; locked once the item is in the cart.
fn picker_view(
    variants: StoredValue<Vec<VariantChoice>, LocalStorage>,
    chosen: RwSignal<String>,
    state: Signal<AddState>,
    label: String,
) -> impl IntoView {
    let options = variants.with_value(|v| {
        v.iter()
            .map(|choice| view! { <option value=choice.id.clone()>{choice.label.clone()}</option> })
            .collect_view()
    });
    variants.with_value(|v| !v.is_empty()).then(|| {
        view! {
            <select
                class="variant"
                part="variant"
                aria-label=label
                disabled=move || matches!(state.get(), AddState::Busy | AddState::Added)
                on:change=move |event| chosen.set(event_target_value(&event))
            >
                {options}
            </select>
        }
    })
}

/// The price as a screen reader should hear it: the current price, then the old one.
fn price_label(price: &str, compare_at: &Option<String>) -> String {
    match compare_at {
        Some(was) => format!("{price} ({was})"),
        None => price.to_owned(),
    }
}

impl CardData {
    /// The card as the `render` event lists it.
    fn detail(&self) -> Detail {
        self.request
            .detail()
            .text("reason", self.reason_kind)
            .text("reasonText", &self.reason)
    }
}

fn card(
    catalog: &Catalog,
    product: &Product,
    reason: &Reason,
    copy: &Wording,
    locale: &str,
    picker: bool,
) -> CardData {
    let currency = catalog.currency();
    let money = |minor: i64| price::format(checkout_addons_engine::Money(minor), currency, locale);
    let title_of = |id: &str| {
        catalog
            .product(id)
            .map_or_else(|| id.to_owned(), |p| p.title.clone())
    };
    let offer = product.offer_price();
    CardData {
        request: AddRequest {
            product_id: product.id.clone(),
            variant_id: product.default_variant().map(|v| v.id.clone()),
            title: product.title.clone(),
            price: offer,
            currency: currency.code().to_owned(),
            quantity: 1,
        },
        url: Some(product.url.clone()).filter(|u| !u.is_empty()),
        image: Some(product.image.clone()).filter(|i| !i.is_empty()),
        price: money(offer.minor()),
        compare_at: product
            .compare_at_price
            .filter(|was| *was > offer)
            .map(|was| money(was.minor())),
        reason: copy.reason(reason, title_of, money),
        reason_kind: reason_kind(reason),
        variants: if picker {
            variant_choices(product, money)
        } else {
            Vec::new()
        },
    }
}

/// The available variants, the preselected (cheapest) one first, then in feed order; none
/// when there is nothing to choose.
fn variant_choices(product: &Product, money: impl Fn(i64) -> String) -> Vec<VariantChoice> {
    let preselected = product.default_variant().map(|v| v.id.as_str());
    let mut choices: Vec<VariantChoice> = product
        .variants
        .iter()
        .filter(|v| v.available)
        .map(|v| {
            let price = v.price.unwrap_or(product.price);
            let price_text = money(price.minor());
            VariantChoice {
                id: v.id.clone(),
                label: format!("{}, {price_text}", v.title),
                price,
                price_text,
            }
        })
        .collect();
    if choices.len() < 2 {
        return Vec::new();
    }
    if let Some(first) = choices.iter().position(|c| Some(c.id.as_str()) == preselected) {
        let chosen = choices.remove(first);
        choices.insert(0, chosen);
    }
    choices
}

/// The shopper's local date: the engine never reads the clock itself.
fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date::new(
        now.get_full_year() as u16,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or_else(|| Date::new(2000, 1, 1).expect("a valid date"))
}
