//! The widget's view: loads the feed, asks the engine, renders the cards and wires their
//! buttons. Ranking is the engine's; what a press does and where a card stands are
//! [`crate::card_actions`]' and [`crate::card_states`]'.

use checkout_addons_engine::{
    free_shipping_gap, recommend_with_reorder, Cart, CartLine, Catalog, History, PastOrder, Product, Reason,
    Segment,
};
use leptos::html::Button;
use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::card_actions::{listed, use_card_actions, CardActions};
use crate::card_states::{CardState, CardStates, REORDER_CARD};
use crate::cart_adapter::{AddRequest, Replaced};
use crate::copy::{colon, fill, reason_kind, Text, Wording};
use crate::feed::Source;
use crate::host::{self, Detail};
use crate::settings::Settings;
use crate::{day, feed, folder, press_hold, price};

#[derive(Clone)]
enum Load {
    Loading,
    Ready(Source),
    Failed,
}

/// The longest a press holds the cards as they were, when it ends in no click or scroll here
/// (a pointer let go outside the list): a tap takes a tenth of it.
const PRESS_HOLD_MS: u64 = 1000;

/// What the add button says in each state; an upgrade's (`swap`) takes its item's place.
fn word(state: &CardState, swap: bool) -> Text {
    match state {
        CardState::Ready if swap => Text::Swap,
        CardState::Ready => Text::Add,
        CardState::Adding => Text::Adding,
        CardState::Removing => Text::Removing,
        CardState::Waiting => Text::Waiting,
        CardState::Added | CardState::Kept { .. } if swap => Text::Swapped,
        CardState::Added | CardState::Kept { .. } => Text::Added,
        CardState::Failed { .. } => Text::Failed,
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
    /// For the reorder card, the adds its button makes, one per line of the last order.
    lines: Vec<AddRequest>,
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
    /// The shopper's past orders, as the page passed them (none for most shoppers).
    history: RwSignal<History>,
    /// The cards the shopper acted on.
    card_states: RwSignal<CardStates>,
    /// Bumped to fetch the feed again.
    reload: RwSignal<u32>,
    /// The feed request the loader already started, used for the first load.
    started: Option<crate::fetch::Started>,
) -> impl IntoView {
    let host = StoredValue::new_local(host);
    let copy = StoredValue::new_local(settings.wording.clone());
    // Product titles are the shop's, in the page's language, also where the widget's own words
    // stand in in English (mount gives the container `lang="en"` there).
    let title_lang = settings.title_lang.clone();
    let load = RwSignal::new(Load::Loading);

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
        if generation > 0 {
            folder::forget_failures();
        }
        leptos::task::spawn_local(async move {
            let outcome = feed::load(&url, timeout_ms, currency.as_deref(), started, generation > 0).await;
            // Reading the feed was one task; ranking and rendering are the next.
            host::next_task().await;
            // The element may have left the page, or a newer refresh started, while the feed
            // was loading; then this answer is nobody's, and disposed state must not be touched.
            if reload.try_get_untracked() != Some(generation) {
                return;
            }
            let Some(element) = host.try_get_value() else {
                return;
            };
            match outcome {
                Ok(source) => {
                    let detail = match &source {
                        Source::Feed(catalog) => {
                            Detail::new().number("products", catalog.products().len() as i64)
                        }
                        Source::Folder(_) => Detail::new(),
                    };
                    load.set(Load::Ready(source));
                    host::emit(&element, "ready", &detail);
                }
                Err(message) => {
                    host::warn(&message);
                    // A failed refresh keeps what is on screen; a failed first load collapses.
                    // Decided before the event: a listener may take the element off the page
                    // (or give it another feed), unmounting it inside the event.
                    if !matches!(load.get_untracked(), Load::Ready(_)) {
                        load.set(Load::Failed);
                    }
                    host::emit(&element, "error", &Detail::new().text("message", &message));
                }
            }
        });
    });

    let (actions, announcement) = use_card_actions(
        host,
        card_states,
        passed_over,
        copy,
        timeout_ms,
        settings.swap_by_event,
    );

    let today = day::today();
    let mut config = settings.config.clone();
    if !actions.can_swap {
        config.max_upsells = 0;
    }
    let locale = settings.locale.clone();
    let picker = settings.variant_picker;
    let named_segment = settings.segment;
    // Only where the cart can take lines back: a reorder that fails part way must not leave
    // half an order in the cart.
    let offers_reorder = settings.reorder && actions.can_undo;
    // What the cart is ranked with: the feed's catalog, or the one the manifest and the cart's
    // shards make (a `Load` too: another signal type would be more code on the checkout page).
    let ranked = RwSignal::new(Load::Loading);
    // A folder's shards arrive after the manifest; each one bumps this.
    let arrived = RwSignal::new(0u32);
    // Returns the shards (by address) that made the catalog, so the same are not merged again.
    Effect::new(move |made_of: Option<Vec<usize>>| {
        let folder = match load.get() {
            Load::Ready(Source::Folder(folder)) => folder,
            other => {
                ranked.set(other);
                return Vec::new();
            }
        };
        arrived.track();
        let made_of = made_of.unwrap_or_default();
        // A platform's cart not read yet: its shards are not known, and ranking waits anyway.
        if cart.with(Option::is_none) {
            return made_of;
        }
        // The products the shopper bought most recently too (whether one is due is in its
        // shard), the only ones buy-again looks at, and with a reorder the newest order's: a
        // regular's 50 orders must not cost a checkout hundreds of shard requests.
        let ids: Vec<String> = cart.with(|lines| {
            card_states.with(|states| {
                history.with(|history| {
                    let mut ids: Vec<String> = (lines.iter().flatten().chain(states.swapped_out()))
                        .map(|line| line.id.clone())
                        .collect();
                    ids.extend(history.ids_to_load(offers_reorder).into_iter().map(str::to_owned));
                    ids
                })
            })
        });
        let bump = move || {
            arrived.try_update(|n| *n += 1);
        };
        // Until the new shards are in, the cart is ranked with the catalog it had: that never
        // offers what is in the cart (the cart is resolved against it), and cards do not flicker.
        // Only a cart of nothing that catalog knows (the first one set after mounting, every
        // line replaced) waits as loading: ranked with the manifest alone it would flash the
        // till's cards, count them as shown, and warn that no id is in the feed.
        let Some(shards) = folder.shards(&ids, timeout_ms, bump) else {
            let known = |catalog: &Catalog| {
                cart.with_untracked(|lines| lines.iter().flatten().any(|l| catalog.product(&l.id).is_some()))
            };
            if ranked
                .with_untracked(|load| matches!(load, Load::Ready(Source::Feed(catalog)) if !known(catalog)))
            {
                ranked.set(Load::Loading);
            }
            return made_of;
        };
        // (The folder too: a refreshed manifest makes another catalog from the same shards.)
        let shards_now = shards.iter().map(|s| std::rc::Rc::as_ptr(s) as usize);
        let now: Vec<usize> = shards_now
            .chain([std::sync::Arc::as_ptr(&folder) as usize])
            .collect();
        // (A cart waiting as loading is ranked once its shards are in, even if none came.)
        if now != made_of || ranked.with_untracked(|load| matches!(load, Load::Loading)) {
            if let Some(catalog) = folder.catalog(&shards) {
                ranked.set(Load::Ready(Source::Feed(catalog)));
            }
        }
        now
    });
    // While a press is under way the cards and the heading stay as the shopper saw them
    // (crate::press_hold says why; at most PRESS_HOLD_MS when it ends in no click).
    let presses = RwSignal::new(0u32);
    let held = move || press_hold::holding(presses.get());
    let release = move || {
        presses.try_maybe_update(|p| (press_hold::end(p), ()));
    };
    // The heading, or below the shop's free-shipping threshold what the cart still lacks; from
    // the cart as it is, so an add that closes the gap says so at once.
    let heading = {
        let (config, locale) = (config.clone(), locale.clone());
        Memo::new(move |drawn: Option<&String>| {
            // Held with the cards: a heading that wraps anew moves them too.
            if let (true, Some(drawn)) = (held(), drawn) {
                return drawn.clone();
            }
            let gap = match ranked.get() {
                Load::Ready(Source::Feed(catalog)) => cart.with(|lines| {
                    let lines = lines.iter().flatten().cloned();
                    let gap = free_shipping_gap(&Cart::from_lines(&catalog, lines), &config)?;
                    Some(price::format(gap, catalog.currency(), &locale))
                }),
                _ => None,
            };
            copy.with_value(|c| match gap {
                Some(amount) => fill(c.get(Text::FreeShippingGap), "{amount}", &amount),
                None => c.get(Text::Heading).to_owned(),
            })
        })
    };
    // Who the shopper is to the shop, for the `render` event (and so the page's analytics).
    let segment = Memo::new(move |_| match ranked.get() {
        Load::Ready(Source::Feed(catalog)) => named_segment.unwrap_or_else(|| {
            history.with(|history| {
                Cart::default()
                    .with_history(&catalog, history)
                    .segment(&catalog, today)
            })
        }),
        _ => Segment::Everyone,
    });
    // An atomic flag rather than a `StoredValue<bool>`: a new kind of stored value is more
    // code on the checkout page (0.7 KB measured), and the memo wants a `Send` capture.
    let told_unknown = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The control the keyboard was on when the cards were last ranked (`host::focused_control`).
    // A String signal: every new signal type is more code on the checkout page.
    let keyboard_on = RwSignal::new(String::new());
    let cards = Memo::new(move |drawn: Option<&Vec<CardData>>| {
        // Before the list is drawn anew: see the `render` effect.
        keyboard_on.try_update_untracked(|on| *on = host.with_value(host::focused_control));
        // (Not an empty list: held through loading, it would hide the widget.)
        if let (true, Some(drawn)) = (held(), drawn.filter(|d| !d.is_empty())) {
            return drawn.clone();
        }
        let Load::Ready(Source::Feed(catalog)) = ranked.get() else {
            return Vec::new();
        };
        // Until a platform adapter has read the cart there is nothing to rank for.
        let Some(in_cart) = cart.get() else {
            return Vec::new();
        };
        // The cards are ranked for the cart before the widget's adds, so that they stay put;
        // whether shipping is still charged is the cart's as it is: once an add closed the gap,
        // no other card may say it would.
        let gap = free_shipping_gap(&Cart::from_lines(&catalog, in_cart.iter().cloned()), &config);
        card_states.with(|states| {
            // What the shopper had before the widget's adds: pinned adds left out (their cards
            // stay), and the lines that pinned swaps took out put back (so do theirs).
            let lines: Vec<CartLine> = in_cart
                .into_iter()
                .filter(|line| catalog.product(&line.id).is_none_or(|p| !states.is_pinned(&p.id)))
                .chain(states.swapped_out().cloned())
                .collect();
            let basket = passed_over.with(|ids| {
                history.with(|history| {
                    // What the reorder card put in is not offered again: the reorder stands
                    // for it, and the next best fill the places.
                    let mut declined = ids.clone();
                    declined.extend(states.reorder_products().map(str::to_owned));
                    let basket = Cart::from_lines(&catalog, lines.iter().cloned());
                    // Said once: a cart whose every id the feed lacks (WooCommerce ids with a
                    // prefix, Shopify product ids for variant ids) gets only what fits any cart.
                    if !lines.is_empty()
                        && basket.unknown_ids().len() == lines.len()
                        && !told_unknown.swap(true, std::sync::atomic::Ordering::Relaxed)
                    {
                        host::warn(&format!(
                            "no cart id is in the feed ({}): ids must be the feed's product or variant ids",
                            basket.unknown_ids().join(", ")
                        ));
                    }
                    let basket = basket
                        .with_passed_over(&catalog, &declined)
                        .with_history(&catalog, history);
                    match named_segment {
                        Some(segment) => basket.with_segment(segment),
                        None => basket,
                    }
                })
            });
            // The last order again, first, where the shop turned it on and the shopper has not
            // hidden it: it takes one of the places.
            let offers = offers_reorder && passed_over.with(|ids| !ids.iter().any(|id| id == REORDER_CARD));
            let (again, mut picks) = history
                .with(|history| recommend_with_reorder(&catalog, &basket, history, today, &config, offers));
            copy.with_value(|copy| {
                // A card the shopper acted on stays as drawn: a new reason or price (the gap
                // it closed, closed) would draw it anew, and lose the keyboard's place on it
                // and the picker's choice; and the reorder card's undo takes back the lines it
                // put in by their place in it (a refreshed feed may leave one out).
                let as_drawn = |id: &str| {
                    (drawn.filter(|_| states.is_pinned(id)))
                        .and_then(|drawn| drawn.iter().find(|card| card.request.product_id == id))
                };
                // A plain loop: an iterator chain here cost the checkout page a kilobyte.
                let mut shown = Vec::new();
                match (as_drawn(REORDER_CARD), again) {
                    (Some(card), again) => {
                        // Where ranking no longer offers it, it took no place of theirs.
                        if again.is_none() {
                            picks.pop();
                        }
                        shown.push(card.clone())
                    }
                    (None, Some(again)) => shown.push(reorder_card(&catalog, &again, copy, &locale)),
                    (None, None) => {}
                }
                for pick in picks {
                    if let Some(card) = as_drawn(&pick.product_id) {
                        shown.push(card.clone());
                        continue;
                    }
                    let Some(product) = catalog.product(&pick.product_id) else {
                        continue;
                    };
                    let mut card = card(&catalog, &lines, product, &pick.reason, copy, &locale, picker);
                    // Closing the gap is the stronger pitch while the shopper pays shipping.
                    // A swap keeps its own reason: the shopper must know which item it replaces.
                    // With the picker, only where every size closes it: a buy-again card offers
                    // the last order's, and a cheaper one picked would not.
                    let closes = |price: checkout_addons_engine::Money| {
                        gap.is_some_and(|gap| {
                            price.minor().saturating_mul(i64::from(card.request.quantity)) >= gap.minor()
                        })
                    };
                    if pick.free_shipping
                        && card.request.replaces.is_none()
                        && closes(card.request.price)
                        && card.variants.iter().all(|v| closes(v.price))
                    {
                        card.reason = copy.get(Text::FreeShippingWith).to_owned();
                    }
                    shown.push(card);
                }
                shown
            })
        })
    });

    let placement = settings.placement.clone();
    // Runs on every cart the page reports, but says `render` only when the state or the cards
    // changed: each `render` is a `view_item_list`, and an add (which always changes the cart)
    // had counted its cards as shown again, halving every lane's take rate.
    Effect::new(move |last: Option<(&'static str, Vec<CardData>, Segment)>| {
        let state = match ranked.get() {
            Load::Loading => "loading",
            Load::Ready(_) if cart.with(Option::is_none) => "loading",
            Load::Failed => "error",
            Load::Ready(_) if cards.with(Vec::is_empty) => "empty",
            Load::Ready(_) => "ready",
        };
        // (The segment too: a history set later may change whom the events are about.)
        let now = (state, cards.get(), segment.get());
        if last.as_ref() != Some(&now) {
            // A card drawn anew under the keyboard takes the focus back (`host::refocus`),
            // once the list is drawn: this effect may run first.
            if last.as_ref().is_some_and(|last| last.1 != now.1) {
                set_timeout(
                    move || {
                        keyboard_on
                            .try_with_untracked(|control| host.try_with_value(|h| host::refocus(h, control)));
                    },
                    std::time::Duration::ZERO,
                );
            }
            host.with_value(|h| {
                host::set_state(h, state);
                // Effects run after the DOM is updated: the items are on screen now.
                if matches!(state, "ready" | "empty") {
                    let mut items = Vec::new();
                    now.1.iter().for_each(|card| card.list_in(&mut items));
                    let detail = (Detail::new().list("items", items))
                        .text("placement", &placement)
                        .text("segment", now.2.name());
                    host::emit(h, "render", &detail);
                }
            });
        }
        now
    });

    let skeletons = settings.config.max_items.clamp(1, 3);
    view! {
        <section class="addons" part="container" aria-labelledby="checkout-addons-heading">
            <h2 id="checkout-addons-heading" part="heading" tabindex="-1">{move || heading.get()}</h2>
            <ul
                class="cards"
                part="list"
                data-rows=skeletons
                data-picker=picker.then_some("")
                on:pointerdown=move |_| {
                    let Some(press) = presses.try_update(press_hold::down) else {
                        return;
                    };
                    set_timeout(
                        move || {
                            presses.try_maybe_update(|p| (press_hold::time_up(p, press), ()));
                        },
                        std::time::Duration::from_millis(PRESS_HOLD_MS),
                    );
                }
                // After the button's own click (the add, the ×), which comes first.
                on:click=move |_| release()
                on:pointercancel=move |_| release()
            >
                {move || {
                    (matches!(ranked.get(), Load::Loading) && cards.with(Vec::is_empty))
                        .then(|| (0..skeletons).map(|_| view! { <li class="card skeleton" aria-hidden="true"></li> }).collect_view())
                }}
                <For each=move || cards.get() key=|card| card.clone() let:card>
                    {card_view(card, copy, actions, title_lang.clone())}
                </For>
            </ul>
            <p class="announcer" role="status" aria-live="polite">{move || announcement.get()}</p>
        </section>
    }
}

/// Numbers the cards' reasons (ids need only be unique within a widget's shadow root).
static REASON_IDS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// One card. A plain function rather than a `#[component]`: it has no props of its own to
/// document, and the props builder would only add code to the checkout page.
fn card_view(
    card: CardData,
    copy: StoredValue<Wording, LocalStorage>,
    actions: CardActions,
    title_lang: Option<String>,
) -> impl IntoView {
    let CardData {
        request,
        url,
        image,
        price,
        compare_at,
        reason,
        variants,
        lines,
        ..
    } = card;
    // The reorder card's title is the widget's own words ("Order again: 3 items").
    let title_lang = title_lang.filter(|_| lines.is_empty());
    // The reason describes the add button, so a screen reader on it hears why the card is
    // there, and on the reorder card what one press adds ("…: Wipes, 2 × Soap"), which its
    // name ("Order again: 3 items") leaves out. Numbered, not named by product id: an id may
    // hold a space, which would split the reference in two.
    let reason_id = format!(
        "reason-{}",
        REASON_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    // What a screen reader hears the reorder added or took back: "Added to your cart: Wipes,
    // 2 × Soap" (its title would read "Added to your cart: Order again: 3 items").
    let said = listed(&lines);
    // The picker's choice; the request and the price on the card follow it.
    // The chosen variant's id (a String signal, like the announcer's: every new signal type
    // is more code on the checkout page).
    let chosen = RwSignal::new(variants.first().map(|v| v.id.clone()).unwrap_or_default());
    let variants = StoredValue::new_local(variants);
    let choice = move |id: &str| variants.with_value(|v| v.iter().find(|c| c.id == id).cloned());
    let shown_price = request.price;
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
    // Struck through only beside the price it was, not beside a dearer variant the shopper
    // picks. (Hidden rather than left out: a view that comes and goes cost 1.2 KB of wasm.)
    let at_shown_price = move || {
        chosen
            .with(|id| choice(id))
            .is_none_or(|c| c.price == shown_price)
    };
    let first = request();
    // A press that adds more than one says so, as the reorder card's list does: "2 × Beans".
    let title = first.counted_title();
    let AddRequest {
        product_id: id,
        replaces,
        ..
    } = first;
    let swap = replaces.is_some();
    let card_id = id.clone();
    let state = Signal::derive(move || actions.state(&id));
    // After a failure, the shop's own words for it ("sold out") take the reason's place.
    let reason = move || match state.get() {
        CardState::Failed { message, .. } | CardState::Kept { message } if !message.is_empty() => message,
        _ => reason.clone(),
    };
    let text = move |t: Text| copy.with_value(|c| c.get(t).to_owned());
    let add_button = NodeRef::<Button>::new();
    let label = {
        let title = title.clone();
        let compare_at = compare_at.clone();
        let price = price.clone();
        move || {
            let was = compare_at.clone().filter(|_| at_shown_price());
            let spoken_price = price_label(&price(), &was, &text(Text::Was));
            let state = state.get();
            let word = text(word(&state, swap));
            match state {
                CardState::Ready | CardState::Failed { .. } => format!("{word} {title}, {spoken_price}"),
                _ => format!("{word}: {title}"),
            }
        }
    };
    let undo = actions.can_undo.then(|| {
        let request = request.clone();
        let lines = lines.clone();
        let said = said.clone();
        let undo_label = format!("{}: {title}", text(Text::Undo));
        move || {
            state.with(CardState::is_added).then(|| {
                let request = request.clone();
                let lines = lines.clone();
                let said = said.clone();
                view! {
                    <button
                        type="button"
                        class="undo"
                        part="undo"
                        aria-label=undo_label.clone()
                        on:click=move |event| {
                            // Undo appears beside the add button as soon as the cart answers,
                            // where the second tap of a double tap on add can land: a click
                            // the browser counts as a second is not the shopper's undo.
                            if event.detail() > 1 {
                                return;
                            }
                            // The undo button goes away; focus returns to the add button.
                            if let Some(button) = add_button.get_untracked() {
                                let _ = button.focus();
                            }
                            match lines.is_empty() {
                                true => actions.undo(request()),
                                false => actions.undo_reorder(said.clone(), lines.clone()),
                            }
                        }
                    >
                        {text(Text::Undo)}
                    </button>
                }
            })
        }
    });
    let dismiss_label = copy.with_value(|c| c.about(Text::Dismiss, &title));
    // Always in the page, hidden by the stylesheet unless the add button is ready: one static
    // element costs the checkout page less code than a reactive one.
    let dismiss = {
        let request = request.clone();
        view! {
            <button type="button" class="dismiss" part="dismiss" aria-label=dismiss_label.clone() title=dismiss_label
                on:click=move |event| actions.dismiss(request(), &event)>
                "×"
            </button>
        }
    };
    let picker_label = copy.with_value(|c| c.about(Text::ChooseVariant, &title));
    let was_word = text(Text::Was);
    view! {
        <li class="card" part="card" data-id=card_id data-swap=swap.then_some("")>
            {image.map(|src| view! { <img part="image" src=src width="96" height="96" loading="lazy" alt="" /> })}
            <div class="body">
                // Without a page, a link without `href`: no link to a screen reader, no stop
                // for the keyboard (one element for both costs the page less code than two).
                <a class="title" part="title" href=url lang=title_lang>{title}</a>
                <p class="reason" part="reason" id=reason_id.clone()>{reason}</p>
                <p class="price" part="price">
                    {compare_at.map(|was| view! { <span hidden=move || !at_shown_price()><span class="unseen">{was_word}" "</span><s class="was">{was}</s> " "</span> })}
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
                    aria-describedby=reason_id
                    data-state=move || state.get().name()
                    aria-disabled=move || state.with(|s| s.is_busy() || s.is_added()).then_some("true")
                    on:click=move |_| match lines.is_empty() {
                        true => actions.add(request()),
                        false => actions.reorder(said.clone(), lines.clone()),
                    }
                >
                    {move || text(word(&state.get(), swap))}
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
    state: Signal<CardState>,
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
                disabled=move || state.with(|s| s.is_busy() || s.is_added())
                on:change=move |event| chosen.set(event_target_value(&event))
            >
                {options}
            </select>
        }
    })
}

/// The price as a screen reader should hear it: the current price, then the old one, said as
/// such ("€6.95, was €9.95"; a struck line is not read out).
fn price_label(price: &str, compare_at: &Option<String>, was_word: &str) -> String {
    match compare_at {
        Some(was) => format!("{price}, {was_word} {was}"),
        None => price.to_owned(),
    }
}

impl CardData {
    /// The card's items as the `render` event lists them: its product, or the reorder card's
    /// lines.
    fn list_in(&self, items: &mut Vec<Detail>) {
        let lines = match self.lines.is_empty() {
            true => std::slice::from_ref(&self.request),
            false => &self.lines,
        };
        for request in lines {
            let item = (request.detail())
                .text("reason", self.reason_kind)
                .text("reasonText", &self.reason);
            items.push(item);
        }
    }
}

/// The reorder card: one press adds every line of the shopper's last order, each as the
/// buy-again lane would (the variant it named while sold, its quantity).
fn reorder_card(catalog: &Catalog, again: &PastOrder, copy: &Wording, locale: &str) -> CardData {
    let lines: Vec<CardData> = (again.lines.iter())
        .filter_map(|line| {
            let reason = Reason::LastBought {
                date: again.date,
                line_id: line.id.clone(),
                quantity: line.quantity,
            };
            Some(card(
                catalog,
                &[],
                catalog.product(&line.id)?,
                &reason,
                copy,
                locale,
                false,
            ))
        })
        .collect();
    let total = (lines.iter()).fold(0i64, |sum, line| {
        let request = &line.request;
        sum.saturating_add(request.price.minor().saturating_mul(i64::from(request.quantity)))
    });
    let count = (lines.iter()).fold(0u32, |sum, line| sum.saturating_add(line.request.quantity));
    let order_of = fill(
        copy.get(Text::OrderOf),
        "{date}",
        &day::format(again.date, copy.day_locale(Text::OrderOf, locale)),
    );
    let first = lines.first().cloned();
    let lines: Vec<AddRequest> = lines.into_iter().map(|line| line.request).collect();
    CardData {
        request: AddRequest {
            product_id: REORDER_CARD.to_owned(),
            variant_id: None,
            // Counted as the cart counts them (Shopify's `item_count`): what one press adds.
            title: fill(copy.get(Text::OrderAgain), "{count}", &count.to_string()),
            price: checkout_addons_engine::Money(total),
            currency: catalog.currency().code().to_owned(),
            quantity: 1,
            replaces: None,
        },
        url: None,
        image: first.and_then(|line| line.image),
        price: price::format(checkout_addons_engine::Money(total), catalog.currency(), locale),
        compare_at: None,
        // What is in it, so the shopper knows what one press adds: "…: Wipes, 2 × Soap".
        reason: format!(
            "{order_of}{} {}",
            colon(copy.day_locale(Text::OrderOf, locale)),
            listed(&lines)
        ),
        reason_kind: "reorder",
        variants: Vec::new(),
        lines,
    }
}

fn card(
    catalog: &Catalog,
    lines: &[CartLine],
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
    let mut offer = product.offer_price();
    let replaced = replaced_line(catalog, lines, reason);
    let mut variant_id = product.default_variant().map(|v| v.id.clone());
    let mut quantity = replaced.as_ref().map_or(1, |(_, line)| line.quantity);
    // Buying again repeats the last order: its variant (and price), while the shop still sells
    // it, and its quantity.
    if let Reason::LastBought {
        line_id,
        quantity: last,
        ..
    } = reason
    {
        if let Some(variant) = product.variant_on_sale(line_id) {
            variant_id = Some(variant.id.clone());
        }
        offer = product.price_again(line_id);
        quantity = *last;
    }
    // What one press adds: two bags again, or a swap of two, are priced as two (the reason's
    // amounts stay as they are).
    let line_money = |minor: i64| money(minor.saturating_mul(i64::from(quantity)));
    CardData {
        request: AddRequest {
            product_id: product.id.clone(),
            variant_id: variant_id.clone(),
            title: product.title.clone(),
            price: offer,
            currency: currency.code().to_owned(),
            quantity,
            replaces: replaced.map(|(old, _)| old),
        },
        url: Some(product.url.clone()).filter(|u| !u.is_empty()),
        image: Some(product.image.clone()).filter(|i| !i.is_empty()),
        price: line_money(offer.minor()),
        // The former price is the product's `price`'s: beside another variant's it would be a
        // saving that is not there ("€30, was €25").
        compare_at: (product.compare_at_price)
            .filter(|was| *was > offer && offer == product.price)
            .map(|was| line_money(was.minor())),
        reason: copy.reason(reason, title_of, money, |date| {
            day::format(date, copy.day_locale(Text::LastBought, locale))
        }),
        reason_kind: reason_kind(reason),
        variants: if picker {
            variant_choices(product, variant_id.as_deref(), line_money)
        } else {
            Vec::new()
        },
        lines: Vec::new(),
    }
}

/// For an upgrade, the cart line it takes the place of (the swap keeps its quantity).
fn replaced_line<'a>(
    catalog: &Catalog,
    lines: &'a [CartLine],
    reason: &Reason,
) -> Option<(Replaced, &'a CartLine)> {
    let Reason::UpgradeOf { product_id } = reason else {
        return None;
    };
    let line = lines
        .iter()
        .find(|line| catalog.product(&line.id).is_some_and(|p| p.id == *product_id))?;
    let product = catalog.product(&line.id)?;
    let replaced = Replaced {
        product_id: product_id.clone(),
        variant_id: Some(line.id.clone()).filter(|id| id != product_id),
        price: product.price_of(&line.id),
        title: product.title.clone(),
    };
    Some((replaced, line))
}

/// The available variants, the card's own first (the cheapest, or the one the shopper bought
/// last time), then in feed order; none when there is nothing to choose.
fn variant_choices(
    product: &Product,
    preselected: Option<&str>,
    money: impl Fn(i64) -> String,
) -> Vec<VariantChoice> {
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
