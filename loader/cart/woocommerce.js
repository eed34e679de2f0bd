// checkout-addons: the WooCommerce cart adapter, loaded by the loader for `cart="woocommerce"`.
//
// WooCommerce's Store API: the cart is read from `{api}cart`, an add posts to
// `{api}cart/add-item`, an undo to `{api}cart/update-item` (the line less what the add put in, as the
// cart holds it now) or `{api}cart/remove-item` (nothing else left in the line). An upsell is a swap (`replace`): the
// upgrade is added in the quantity of the line it upgrades, then that line is removed; its undo
// puts the line back (with its variation attributes) before taking the upgrade out. Each second step that fails
// rolls the first back: the shopper never pays for both, and never loses the item they chose. `{api}` is `/wp-json/wc/store/v1/`, or
// the one the element's `store-api` attribute names (`/?rest_route=/wc/store/v1/` on sites
// without pretty permalinks); on stores from before WooCommerce 7.2, found by the v1 namespace
// answering `rest_no_route`, the same without `v1`.
//
// Posts carry the nonce under both header names, `Nonce` and the older
// `X-WC-Store-API-Nonce`, so either generation reads it: from the page's settings
// (`wcBlocksMiddlewareConfig`, `wcStoreApiNonce`), else from the last response's header of
// either name; a `Cart-Token` from a response is sent where there is no nonce. A stale nonce
// is retried once with the fresh one the refusal carries. Every answer's cart is reported to
// the widget: it has the true quantities.
//
// After an add or undo, WooCommerce's own refresh signals go out: the Cart and Mini-Cart
// blocks listen for `wc-blocks_added_to_cart` / `wc-blocks_removed_from_cart`, classic
// mini-carts for jQuery's `wc_fragment_refresh`, the classic cart page for `wc_update_cart`.
import { oneChangeAtATime, readingOnFailure, surely, swapIn, takeBack } from '../cart-changes.js';

const nonceErrors = ['woocommerce_rest_missing_nonce', 'woocommerce_rest_invalid_nonce'];
const nonceHeaders = ['Nonce', 'X-WC-Store-API-Nonce'];

function attribute(element, name) {
  return element.getAttribute(name) ?? element.getAttribute(`data-${name}`);
}

function pageNonce() {
  return window.wcBlocksMiddlewareConfig?.storeApiNonce || window.wcStoreApiNonce || undefined;
}

/** The cart's lines as the widget reads them: product or variation ids, quantities and unit
 * prices, from the shop's decimals (`currency_minor_unit`) into the currency's ISO minor units. */
const widgetLines = (cart, minorDigits) => (cart.items ?? []).map(({ id, quantity, prices: p }) => ({
  id: String(id),
  quantity,
  price: Math.round(p?.price * 10 ** (minorDigits(p?.currency_code) - p?.currency_minor_unit)),
}));

/** Connects `element` to the shop's cart; returns the function that disconnects it. */
export function connect(element, { report, warn, minorDigits }) {
  const named = attribute(element, 'store-api');
  let api = (named || '/wp-json/wc/store/v1/').replace(/\/?$/, '/');
  const session = { nonce: pageNonce(), cartToken: undefined };
  // The line each add went into, by product, with the quantity the add put in: an undo takes
  // that much back out, and leaves what the shopper had put there, before or since.
  const lines = new Map();
  // Only the latest cart reported counts: answers can arrive out of order.
  let reads = 0;
  // Our own refresh signals must not count as the cart changing elsewhere.
  let signalling = false;
  let told = false;
  // The cart last told: what an add is judged against.
  let known;
  const tell = (cart) => {
    told = true;
    known = cart;
    report(widgetLines(cart, minorDigits));
  };

  async function request(path, body, retried = false) {
    const headers = { Accept: 'application/json' };
    const init = { headers, credentials: 'same-origin' };
    if (body) {
      init.method = 'POST';
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
      if (session.nonce) for (const name of nonceHeaders) headers[name] = session.nonce;
      else if (session.cartToken) headers['Cart-Token'] = session.cartToken;
    }
    const response = await fetch(`${api}${path}`, init);
    const fresh = nonceHeaders.map((name) => response.headers.get(name)).find(Boolean);
    session.nonce = fresh || session.nonce;
    session.cartToken = response.headers.get('Cart-Token') || session.cartToken;
    const answer = await response.json().catch(() => null);
    if (response.ok && answer) return answer;
    // Before WooCommerce 7.2 the Store API had no `v1`: the same path without it, a path the
    // page named too (the shortcode's, from WordPress's own `rest_url`).
    const older = api.replace('/wc/store/v1/', '/wc/store/');
    if (older !== api && response.status === 404 && answer?.code === 'rest_no_route') {
      api = older;
      return request(path, body, retried);
    }
    if (body && !retried && nonceErrors.includes(answer?.code) && fresh) {
      return request(path, body, true);
    }
    const error = new Error(`WooCommerce ${path} answered ${response.status}${answer?.message ? `: ${answer.message}` : ''}`);
    // A 4xx other than the session's own (nonce, token) is the shop refusing this add: out of
    // stock, a quantity limit. Its message is written for shoppers.
    const refusal = response.status >= 400 && response.status < 500 && response.status !== 401 && response.status !== 403;
    if (refusal && answer?.message) error.shopperMessage = plain(answer.message);
    throw error;
  }

  function signal(name) {
    signalling = true;
    try {
      document.body.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable: true, detail: { preserveCartData: false } }));
      const classic = window.jQuery?.(document.body);
      classic?.trigger('wc_fragment_refresh');
      // The classic cart page (`[woocommerce_cart]`) draws its table again on this one.
      classic?.trigger('wc_update_cart');
    } catch (error) {
      warn(`a WooCommerce cart listener failed: ${error}`);
    } finally {
      signalling = false;
    }
  }

  // The lines of the same product or variation (WooCommerce merges an add into the one of the
  // same attributes and data).
  const linesOfItem = (cart, item) => cart?.items?.filter((line) => line.id === item.id) ?? [];
  // The line an add went into: new since `before`, or grown by the quantity. Of two such (a
  // `before` that missed a line another tab added), one that shows no data of its own: the add
  // carries none, so it never goes into the engraved line an add-on plugin keeps apart
  // (`item_data`; some plugins show data on every line, so that only breaks a tie).
  const plainFirst = (lines) => lines.find((line) => !line.item_data?.length) ?? lines[0];
  const lineAdded = (cart, item, before) => {
    const was = new Map(linesOfItem(before, item).map((line) => [line.key, line.quantity]));
    const lines = linesOfItem(cart, item);
    return plainFirst(lines.filter((line) => line.quantity - (was.get(line.key) ?? 0) >= item.quantity)) ?? plainFirst(lines);
  };
  // WooCommerce merges an add into a line the cart already has (added in another tab): what
  // was there before is the line's quantity now less ours.
  const addLine = async (item, before = known) => {
    const cart = await request('cart/add-item', item);
    const line = lineAdded(cart, item, before);
    return { key: line?.key, before: Math.max(0, (line?.quantity ?? 0) - item.quantity), added: item.quantity, cart };
  };
  const setLine = (key, quantity) => (quantity > 0
    ? request('cart/update-item', { key, quantity })
    : request('cart/remove-item', { key }));
  const readCart = () => request('cart');
  const sure = surely({ addLine, setLine, readCart, linesOfItem });
  const changed = (cart, event) => {
    reads += 1; // a read still under way holds the cart from before this change
    tell(cart);
    signal(event);
    publish(element, cart);
  };
  // Failed: read the cart, so the widget shows what it really holds.
  const orRead = (work) => readingOnFailure(work, read);

  const adapter = oneChangeAtATime({
    async add({ productId, variantId, quantity }) {
      // Failed, the add may still have been made (an answer lost on the way): the cart read
      // after it says, so a second press does not add it twice.
      const line = await orRead(() => addLine({ id: Number(variantId ?? productId), quantity }));
      if (line.key) lines.set(productId, { key: line.key, added: line.added });
      changed(line.cart, 'wc-blocks_added_to_cart');
    },
    async replace({ productId, variantId, replaces }) {
      const oldId = Number(replaces.variantId ?? replaces.productId);
      const before = await readCart();
      // A plain line of the item where there is one: data of its own (an engraving) could not
      // come back with the line on undo, as the Store API adds none.
      const old = plainFirst(linesOfItem(before, { id: oldId }));
      if (!old) throw new Error('the item to swap is no longer in the cart');
      // Without a plain line, the old one goes only if the upgrade, added plain, shows the
      // same details (a delivery time every line shows); details a plain add lacks (an
      // engraving) are the line's own and would be lost: the upgrade is taken out again.
      let added;
      const setKeepingDetails = async (key, quantity) => {
        if (key === old.key && old.item_data?.length) {
          const now = added.cart ?? await readCart();
          const line = now.items?.find((l) => l.key === added.key);
          const own = new Set(old.item_data.map((d) => d.name).filter((name) => !line?.item_data?.some((e) => e.name === name)));
          if (own.size) throw new Error(`not swapped: its line's ${[...own].join(', ')} would be lost`);
        }
        return sure.setLine(key, quantity);
      };
      // In the cart's own quantity, which a stale read by the widget may not know.
      const { upgrade, cart } = await orRead(() => swapIn(
        old, async (quantity) => (added = await sure.addLine({ id: Number(variantId ?? productId), quantity }, before)), setKeepingDetails, warn));
      const restore = { id: old.id, quantity: old.quantity };
      if (old.variation?.length) restore.variation = old.variation;
      lines.set(productId, { key: upgrade.key, added: upgrade.added, restore });
      changed(cart, 'wc-blocks_added_to_cart');
    },
    async remove({ productId }) {
      const line = lines.get(productId);
      if (!line) throw new Error('this line was not added by checkout-addons');
      const cart = await orRead(() => takeBack(line, sure, warn));
      lines.delete(productId);
      changed(cart, 'wc-blocks_removed_from_cart');
    },
  });
  element.cartAdapter = adapter;

  // A read that fails keeps the cart last told: ranked for an empty cart, the widget would
  // offer again what the cart holds and drop its added cards. Only a first read that fails
  // says "empty", so the widget stops waiting.
  const read = async () => {
    if (signalling) return;
    const mine = ++reads;
    return readCart()
      .then((cart) => mine === reads && tell(cart))
      .catch((error) => {
        if (mine !== reads) return;
        warn(`could not read the WooCommerce cart: ${error.message}`);
        if (!told) report([]);
      });
  };
  const blockEvents = ['wc-blocks_added_to_cart', 'wc-blocks_removed_from_cart'];
  const classicEvents = 'added_to_cart removed_from_cart updated_cart_totals';
  // The body listened on, kept: a page transition (Swup, Barba, Turbo) may put in another, and
  // disconnecting must leave this one without our listeners.
  const body = document.body;
  for (const name of blockEvents) body.addEventListener(name, read);
  window.jQuery?.(body).on(classicEvents, read);
  // Back to a tab the shopper left for another (a cart changed there), or to a page the
  // browser kept whole (the back button from the checkout: the page is made visible again):
  // the cart is read again. (An add here tells the cart its answer holds at once, so no read
  // can make it stale.)
  const shown = () => document.visibilityState === 'visible' && read();
  document.addEventListener('visibilitychange', shown);
  read();
  return () => {
    reads += 1;
    for (const name of blockEvents) body.removeEventListener(name, read);
    document.removeEventListener('visibilitychange', shown);
    window.jQuery?.(body).off(classicEvents, read);
    if (element.cartAdapter === adapter) element.cartAdapter = undefined;
  };
}

/**
 * Store API messages may carry markup (`&quot;`, `<a>`); the card shows text. Read by hand, not
 * parsed as HTML: a page that enforces Trusted Types refuses that, and reports the violation to
 * the shop. WordPress escapes with `&quot;`-style entities and numeric ones; tags are dropped.
 */
function plain(html) {
  const named = new Map([['quot', '"'], ['amp', '&'], ['lt', '<'], ['gt', '>'], ['apos', "'"], ['nbsp', '\u00a0'],
    ['hellip', '\u2026'], ['ndash', '\u2013'], ['mdash', '\u2014'], ['lsquo', '\u2018'], ['rsquo', '\u2019'],
    ['ldquo', '\u201c'], ['rdquo', '\u201d'], ['laquo', '\u00ab'], ['raquo', '\u00bb'], ['euro', '\u20ac']]);
  const text = html.replace(/<[^>]*>/g, '').replace(/&(?:#(\d+)|#x([\da-f]+)|(\w+));/gi, (entity, dec, hex, name) => {
    if (name) return named.get(name.toLowerCase()) ?? entity;
    const code = parseInt(dec ?? hex, dec ? 10 : 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
  // Runs of layout white space are one space; the no-break spaces French writes before `:`,
  // `»` and `?` stay, so the line never breaks there.
  return text.replace(/[^\S\u00a0\u202f]+/g, ' ').trim();
}

/** Tells the page what the cart holds now, in the same event as the Shopify adapter. */
function publish(element, cart) {
  element.dispatchEvent(new CustomEvent('checkout-addons:cart-updated', {
    bubbles: true, composed: true, detail: { platform: 'woocommerce', cart, sections: {} },
  }));
}
