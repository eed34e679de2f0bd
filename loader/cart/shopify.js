// checkout-addons: the Shopify cart adapter, loaded by the loader for `cart="shopify"`.
//
// Shopify's AJAX Cart API: the cart is read from `{root}cart.js`, an add posts to
// `{root}cart/add.js` with a hidden line property (`_source: checkout-addons`, and `_group` in a
// holdout test) so the shop can attribute revenue, and an undo takes what it added back out of that line through `{root}cart/change.js`.
// An upsell is a swap (`replace`): the upgrade is added in the quantity of the line it
// upgrades, then that line is taken out; its undo puts the line back (with its properties and
// selling plan) before taking the upgrade out. Each second step that fails rolls the first
// back: the shopper never pays for both, and never loses the item they chose.
// `{root}` is `Shopify.routes.root`, which carries a market's locale prefix (`/nl-be/`).
//
// The add asks for the theme's cart sections in the same request (bundled section rendering)
// and publishes them in a cancelable `checkout-addons:cart-updated` event; unless a handler
// cancels it (to render them itself), each `#shopify-section-<id>` (else `#<id>`) on the page
// is replaced by its new rendering, and Dawn's pub/sub hears `cartUpdate`, so the cart drawer,
// the cart page and the counter show the add.
import { atMostReadWait, oneChangeAtATime, readingOnFailure, surely, swapIn, takeBack } from '../cart-changes.js';

const source = 'checkout-addons';
const defaultSections = 'cart-drawer,cart-icon-bubble';

const root = () => {
  const configured = window.Shopify?.routes?.root;
  return typeof configured === 'string' && configured.startsWith('/') ? configured.replace(/\/?$/, '/') : '/';
};

// Shopify's ids are numbers; the feed keeps them as text.
const shopifyId = (id) => (/^\d+$/.test(id) ? Number(id) : id);

function attribute(element, name) {
  return element.getAttribute(name) ?? element.getAttribute(`data-${name}`);
}

/** Calls the AJAX API; a refusal becomes an Error carrying the shop's words for the shopper. */
async function request(path, body) {
  const init = { headers: { Accept: 'application/json' }, credentials: 'same-origin' };
  if (body) {
    init.method = 'POST';
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${root()}${path}`, init);
  const answer = await response.json().catch(() => null);
  if (response.ok && answer) return answer;
  const said = answer?.description || answer?.message;
  const error = new Error(`Shopify ${path} answered ${response.status}${said ? `: ${said}` : ''}`);
  // 422 is the shop refusing this add (sold out, a quantity limit); its description is written
  // for shoppers. Anything else is a fault the shopper can do nothing about.
  if (response.status === 422 && said) error.shopperMessage = said;
  throw error;
}

/** The cart's lines as the widget reads them: variant ids, quantities and unit prices (which
 * Shopify writes in hundredths of any currency, yen too) in the currency's ISO minor units. */
const widgetLines = (cart, minorDigits) => (cart.items ?? []).map((item) => ({
  id: String(item.variant_id ?? item.id),
  quantity: item.quantity,
  price: Math.round((item.final_price * 10 ** minorDigits(cart.currency)) / 100),
}));

/**
 * Hands the rendered sections to the theme, or puts them in the page and tells the theme; in
 * the next task, once the widget has told of its add or undo: a section the widget sits in is
 * drawn anew, and the events of a host no longer in the page reach no listener. An error here
 * (a theme's, a Trusted Types policy refusing markup) is warned about and never fails an add
 * that landed, which a second press would then make twice; nor does markup refused keep the
 * theme from being told.
 */
function publish(element, cart, sections, warn, origin) {
  setTimeout(() => {
    try {
      announce(element, cart, sections, warn, origin);
    } catch (error) {
      warn(`could not refresh the theme's cart: ${error}`);
    }
  });
}

function announce(element, cart, sections, warn, origin) {
  const event = new CustomEvent('checkout-addons:cart-updated', {
    bubbles: true, composed: true, cancelable: true, detail: { platform: 'shopify', cart, sections: sections ?? {} },
  });
  if (!element.dispatchEvent(event)) return;
  let refused;
  for (const [id, html] of Object.entries(sections ?? {})) {
    // The section's own wrapper, or an element of the section's id inside another section
    // (Dawn's counter, `#cart-icon-bubble` in the header), filled as Dawn fills it.
    const current = document.getElementById(`shopify-section-${id}`) ?? document.getElementById(id);
    if (!current || typeof html !== 'string') continue;
    // Trusted Types refuse markup parsed from text: one section failing keeps neither the
    // others nor the theme's own events below from being told.
    try {
      const rendered = new DOMParser().parseFromString(html, 'text/html').getElementById(`shopify-section-${id}`);
      if (rendered) current.replaceChildren(...rendered.childNodes);
    } catch (error) {
      refused ??= error;
    }
  }
  if (refused) warn(`could not put the cart's sections in the page: ${refused}`);
  // Dawn's cart page and drawer render themselves again when its pub/sub says the cart changed.
  if (typeof window.publish === 'function' && window.PUB_SUB_EVENTS?.cartUpdate) {
    try {
      Promise.resolve(window.publish(window.PUB_SUB_EVENTS.cartUpdate, { source, cartData: cart }))
        .catch((error) => warn(`a theme cart listener failed: ${error}`));
    } catch (error) {
      warn(`a theme cart listener failed: ${error}`);
    }
  }
  // Horizon and the themes built on it render their cart drawer, cart page and counter again on
  // `cart:update` at the document, in their own shape: the counter reads `data.itemCount`
  // (so only a whole cart, with its count, may be announced), a cart section takes its
  // rendering from `data.sections` or fetches it. `sourceId` tells this adapter its own news.
  // Horizon also opens its cart drawer on every `cart:update` where the shop set `auto-open`:
  // right for a product page's add, not for an add-on taken or undone where the shopper is
  // already looking at the cart. The drawer is told with its opening held back.
  if (typeof cart?.item_count === 'number') {
    const drawers = [...document.querySelectorAll('cart-drawer-component[auto-open]')];
    drawers.forEach((drawer) => drawer.removeAttribute('auto-open'));
    try {
      document.dispatchEvent(new CustomEvent('cart:update', {
        bubbles: true,
        detail: { resource: cart, sourceId: origin, data: { source, itemCount: cart.item_count, sections: sections ?? {} } },
      }));
    } finally {
      drawers.forEach((drawer) => drawer.setAttribute('auto-open', ''));
    }
  }
}

let adapters = 0;

/** Connects `element` to the shop's cart; returns the function that disconnects it. */
export function connect(element, { report, warn, group, minorDigits }) {
  // The line each add went into, by product, with the quantity the add put in: an undo takes
  // that much back out.
  const lines = new Map();
  const origin = `${source}-${++adapters}`;
  // Only the latest cart reported counts: a read still under way when an add or undo answers
  // holds the cart from before it, so each report outdates the reads before it.
  let reads = 0;
  let told = false;
  const tell = (cart) => {
    told = true;
    report(widgetLines(cart, minorDigits));
  };
  const sections = () => {
    const wanted = attribute(element, 'shopify-sections') ?? defaultSections;
    return wanted.split(',').map((id) => id.trim()).filter(Boolean).slice(0, 5);
  };
  const withSections = (body) => {
    const wanted = sections();
    return wanted.length ? { ...body, sections: wanted.join(','), sections_url: window.location.pathname } : body;
  };

  // The line an item went into: Shopify merges an add into a line with the same variant and
  // properties, so what was there before is the line's quantity now less ours.
  const addLine = async (item) => {
    const answer = await request('cart/add.js', withSections({ items: [item] }));
    const line = answer.items?.find((found) => found.variant_id === item.id || found.id === item.id) ?? answer.items?.[0];
    return { key: line?.key, before: Math.max(0, (line?.quantity ?? 0) - item.quantity), added: item.quantity, answer };
  };
  const setLine = (key, quantity) => request('cart/change.js', withSections({ id: key, quantity }));
  const readCart = () => request('cart.js');
  // The lines an add may go into: the variant's (Shopify keeps lines of other properties or
  // selling plans apart).
  const linesOfItem = (cart, item) => cart?.items?.filter((line) => line.variant_id === item.id) ?? [];
  const sure = surely({ addLine, setLine, readCart, linesOfItem });
  // Failed: read the cart, so the widget shows what it really holds, and the theme too (an add
  // whose answer was lost may have landed).
  const orRead = (work) => readingOnFailure(work, () => read().then((cart) => cart && publish(element, cart, undefined, warn, origin)));
  // add.js answers with the added line only: the whole cart, with the true quantities, is
  // what the widget and the page's `cart-updated` listeners need.
  let adding = 0;
  const added = async (answer) => {
    const mine = ++reads;
    adding += 1;
    // A read that stalls holds the card, and the read on coming back to the tab, 10 s at most.
    const cart = await atMostReadWait(readCart().catch(() => undefined));
    adding -= 1;
    if (cart && mine === reads) tell(cart);
    publish(element, cart ?? answer, answer.sections, warn, origin);
  };
  const changed = (cart) => {
    reads += 1;
    tell(cart);
    publish(element, cart, cart.sections, warn, origin);
  };
  const ours = () => (group ? { _source: source, _group: group } : { _source: source });

  const adapter = oneChangeAtATime({
    async add({ productId, variantId, quantity }) {
      const id = shopifyId(variantId ?? productId);
      // Failed, the add may still have been made (an answer lost on the way): the cart read
      // after it says, so a second press does not add it twice.
      const line = await orRead(() => addLine({ id, quantity, properties: ours() }));
      if (line.key) lines.set(productId, { key: line.key, added: line.added });
      await added(line.answer);
    },
    async replace({ productId, variantId, replaces }) {
      const oldId = shopifyId(replaces.variantId ?? replaces.productId);
      const cart = await readCart();
      const old = cart.items?.find((item) => item.variant_id === oldId || item.id === oldId);
      if (!old) throw new Error('the item to swap is no longer in the cart');
      const id = shopifyId(variantId ?? productId);
      // The upgrade takes the line's place as the shopper set it up: its visible properties (an
      // engraving) and its selling plan (a subscription stays one; a plan the upgrade is not
      // sold with is refused by Shopify, and the swap with it).
      const plan = old.selling_plan_allocation?.selling_plan?.id;
      const shown = Object.entries(old.properties ?? {}).filter(([name]) => !name.startsWith('_'));
      const upgradeOf = (quantity) => ({ id, quantity, properties: { ...Object.fromEntries(shown), ...ours() }, ...(plan && { selling_plan: plan }) });
      // In the cart's own quantity, which a stale read by the widget may not know.
      const { upgrade, cart: after } = await orRead(() => swapIn(
        old, (quantity) => sure.addLine(upgradeOf(quantity), cart), sure.setLine, warn));
      // Undo puts the line back as it was: the same properties and selling plan give the same
      // line back.
      const restore = { id: old.variant_id ?? old.id, quantity: old.quantity, properties: old.properties ?? {} };
      if (plan) restore.selling_plan = plan;
      lines.set(productId, { key: upgrade.key, added: upgrade.added, restore });
      changed(after);
    },
    async remove({ productId }) {
      const line = lines.get(productId);
      if (!line) throw new Error('this line was not added by checkout-addons');
      const cart = await orRead(() => takeBack(line, sure, warn));
      lines.delete(productId);
      changed(cart);
    },
  });
  element.cartAdapter = adapter;

  // A read that fails keeps the cart last told: ranked for an empty cart, the widget would
  // offer again what the cart holds and drop its added cards. Only a first read that fails
  // says "empty", so the widget stops waiting.
  const read = () => {
    const mine = ++reads;
    return readCart()
      .then((cart) => mine === reads && (tell(cart), cart))
      .catch((error) => {
        if (mine !== reads) return;
        warn(`could not read the Shopify cart: ${error.message}`);
        if (!told) report([]);
      });
  };
  // Themes announce cart changes differently: Horizon dispatches `cart:update` on the document,
  // Dawn publishes `cart-update` through its pub/sub. Either makes the widget read the cart
  // (not for what this adapter announced itself: the widget has that cart already; another
  // widget's add is news).
  const heard = (event) => event.detail?.sourceId !== origin && read();
  document.addEventListener('cart:update', heard);
  const dawn = window.PUB_SUB_EVENTS?.cartUpdate && typeof window.subscribe === 'function'
    ? window.subscribe(window.PUB_SUB_EVENTS.cartUpdate, (event) => event?.source !== source && read()) : undefined;
  // Back to a tab the shopper left for another (a cart changed there), or to a page the
  // browser kept whole (the back button from the checkout: the page is made visible again):
  // the cart is read again. Not while an add's own read is under way, which it would make
  // stale: the added card would then be taken for a change made elsewhere.
  const shown = () => document.visibilityState === 'visible' && !adding && read();
  document.addEventListener('visibilitychange', shown);
  const first = read();
  // In a holdout test the order says which group its shopper was in, through a cart attribute
  // (it lands in the order's note attributes, for `addons report`): written once, not on every
  // page view and drawer redraw, each a POST that may race the theme's own add.
  if (group) {
    // (A read that a later one overtook answers `false`: the cart is read for this, then.)
    first.then((cart) => cart || readCart()).then((cart) => cart?.attributes?.checkout_addons_group === group
      || request('cart/update.js', { attributes: { checkout_addons_group: group } }))
      .catch((error) => warn(`could not mark the Shopify cart with its group: ${error.message}`));
  }
  return () => {
    reads += 1;
    document.removeEventListener('cart:update', heard);
    document.removeEventListener('visibilitychange', shown);
    if (typeof dawn === 'function') dawn();
    if (element.cartAdapter === adapter) element.cartAdapter = undefined;
  };
}
