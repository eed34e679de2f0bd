//! The widget's view. Components hold no business logic: ranking is the engine's, the add
//! goes through the cart adapter.

use std::sync::Arc;

use checkout_addons_engine::{recommend, Cart, Catalog, Date, Product};
use leptos::prelude::*;
use web_sys::HtmlElement;

use crate::cart_adapter::{self, AddRequest};
use crate::copy::{Language, Wording};
use crate::settings::Settings;
use crate::{feed, host, price};

#[derive(Clone)]
enum Load {
    Loading,
    Ready(Arc<Catalog>),
    Failed,
}

/// Where one card's add button stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AddState {
    Ready,
    Added,
    Failed,
}

/// Everything one card shows, ready to render.
#[derive(Clone, Debug, PartialEq)]
struct CardData {
    request: AddRequest,
    url: Option<String>,
    image: Option<String>,
    price: String,
    compare_at: Option<String>,
    reason: String,
}

/// The whole widget: loads the feed, asks the engine, shows the cards.
#[component]
pub fn AddOns(
    /// The page element the widget lives in; its events and `data-state` go there.
    host: HtmlElement,
    /// The element's attributes.
    settings: Settings,
    /// The cart, as the page last told us.
    cart: RwSignal<Vec<String>>,
) -> impl IntoView {
    let host = StoredValue::new_local(host);
    let copy = Wording::of(Language::from_locale(&settings.locale));
    let heading = settings
        .heading
        .clone()
        .unwrap_or_else(|| copy.heading.to_owned());
    let load = RwSignal::new(Load::Loading);
    // Products the shopper added through us stay on screen, confirmed, instead of vanishing
    // the moment the cart they are now in is recomputed.
    let added = RwSignal::new(Vec::<String>::new());
    let states = RwSignal::new(Vec::<(String, AddState)>::new());
    let announcement = RwSignal::new(String::new());

    let feed_url = settings.feed.clone();
    leptos::task::spawn_local(async move {
        match feed::load(&feed_url).await {
            Ok(catalog) => load.set(Load::Ready(catalog)),
            Err(message) => {
                host::warn(&message);
                // The element may have left the page while the feed was loading; then there
                // is nobody to tell, and touching its disposed state would panic.
                if let Some(element) = host.try_get_value() {
                    host::emit(&element, "error", &host::Detail::new().text("message", &message));
                }
                load.set(Load::Failed);
            }
        }
    });

    let today = today();
    let config = settings.config.clone();
    let locale = settings.locale.clone();
    let cards = Memo::new(move |_| {
        let Load::Ready(catalog) = load.get() else {
            return Vec::new();
        };
        added.with(|added| {
            let in_cart = cart.get();
            let others = in_cart
                .iter()
                .filter(|id| catalog.product(id).is_none_or(|p| !added.contains(&p.id)));
            let basket = Cart::from_ids(&catalog, others);
            recommend(&catalog, &basket, today, &config)
                .iter()
                .filter_map(|pick| {
                    let product = catalog.product(&pick.product_id)?;
                    Some(card(&catalog, product, &pick.reason, &copy, &locale))
                })
                .collect::<Vec<_>>()
        })
    });

    Effect::new(move |_| {
        let state = match load.get() {
            Load::Loading => "loading",
            Load::Failed => "error",
            Load::Ready(_) if cards.with(Vec::is_empty) => "empty",
            Load::Ready(_) => "ready",
        };
        host.with_value(|h| host::set_state(h, state));
    });

    let state_of = move |id: &str| {
        states.with(|s| {
            s.iter()
                .find(|(p, _)| p == id)
                .map_or(AddState::Ready, |(_, s)| *s)
        })
    };
    let set_state = move |id: String, state: AddState| {
        states.update(|s| {
            s.retain(|(p, _)| *p != id);
            s.push((id, state));
        })
    };
    let add = move |request: AddRequest| {
        if state_of(&request.product_id) == AddState::Added {
            return;
        }
        // Mark it first: the page may change our `cart` attribute while the event is being
        // dispatched, and the card must stay where it is.
        added.update(|a| a.push(request.product_id.clone()));
        set_state(request.product_id.clone(), AddState::Added);
        let accepted = host
            .try_get_value()
            .is_some_and(|element| cart_adapter::add(&element, &request));
        if accepted {
            announcement.set(copy.announce_added.replace("{}", &request.title));
        } else {
            added.update(|a| a.retain(|id| *id != request.product_id));
            set_state(request.product_id.clone(), AddState::Failed);
        }
    };

    view! {
        <section class="addons" part="container" aria-labelledby="checkout-addons-heading">
            <h2 id="checkout-addons-heading" part="heading">{heading}</h2>
            <ul class="cards" part="list">
                {move || {
                    matches!(load.get(), Load::Loading)
                        .then(|| {
                            view! {
                                <li class="card skeleton" aria-hidden="true"></li>
                                <li class="card skeleton" aria-hidden="true"></li>
                            }
                        })
                }}
                <For each=move || cards.get() key=|card| card.request.product_id.clone() let:card>
                    {card_view(card, state_of, copy, add)}
                </For>
            </ul>
            <p class="announcer" role="status" aria-live="polite">{move || announcement.get()}</p>
        </section>
    }
}

/// One card. A plain function rather than a `#[component]`: it has no props of its own to
/// document, and the props builder would only add code to the checkout page.
fn card_view(
    card: CardData,
    state_of: impl Fn(&str) -> AddState + Copy + Send + Sync + 'static,
    copy: Wording,
    on_add: impl Fn(AddRequest) + Copy + 'static,
) -> impl IntoView {
    let CardData {
        request,
        url,
        image,
        price,
        compare_at,
        reason,
    } = card;
    let ready_label = format!("{} {}, {}", copy.add, request.title, price);
    let title = request.title.clone();
    let id = request.product_id.clone();
    let state = Signal::derive(move || state_of(&id));
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
            <button
                type="button"
                class="add"
                part="button"
                aria-label={
                    let title = request.title.clone();
                    move || match state.get() {
                        AddState::Ready => ready_label.clone(),
                        AddState::Added => format!("{}: {title}", copy.added),
                        AddState::Failed => format!("{}: {title}", copy.failed),
                    }
                }
                data-state=move || match state.get() {
                    AddState::Ready => "ready",
                    AddState::Added => "added",
                    AddState::Failed => "failed",
                }
                aria-disabled=move || (state.get() == AddState::Added).then_some("true")
                on:click=move |_| on_add(request.clone())
            >
                {move || match state.get() {
                    AddState::Ready => copy.add,
                    AddState::Added => copy.added,
                    AddState::Failed => copy.failed,
                }}
            </button>
        </li>
    }
}

fn card(
    catalog: &Catalog,
    product: &Product,
    reason: &checkout_addons_engine::Reason,
    copy: &Wording,
    locale: &str,
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
    }
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
