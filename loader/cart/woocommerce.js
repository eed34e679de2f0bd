// checkout-addons: the WooCommerce cart adapter, loaded by the loader for `cart="woocommerce"`.
//
// WooCommerce's Store API: the cart is read from `{api}cart`, an add posts to
// `{api}cart/add-item`, an undo to `{api}cart/remove-item`. `{api}` is `/wp-json/wc/store/v1/`
// unless the element's `store-api` attribute says otherwise (`/?rest_route=/wc/store/v1/` on
// sites without pretty permalinks).
//
// Posts carry the `Nonce` header: from the page's settings (`wcBlocksMiddlewareConfig`,
// `wcStoreApiNonce`), else from the last response's `Nonce` header; a `Cart-Token` from a
// response is sent where there is no nonce. A stale nonce is retried once with the fresh one
// the refusal carries.
//
// After an add or undo, WooCommerce's own refresh signals go out: the Cart and Mini-Cart
// blocks listen for `wc-blocks_added_to_cart` / `wc-blocks_removed_from_cart`, classic
// mini-carts for jQuery's `wc_fragment_refresh`.
const nonceErrors = ['woocommerce_rest_missing_nonce', 'woocommerce_rest_invalid_nonce'];

function attribute(element, name) {
  return element.getAttribute(name) ?? element.getAttribute(`data-${name}`);
}

function pageNonce() {
  return window.wcBlocksMiddlewareConfig?.storeApiNonce || window.wcStoreApiNonce || undefined;
}

/** The cart's lines as the widget reads them: product or variation ids and quantities. */
const linesOf = (cart) => (cart.items ?? []).map((item) => ({ id: String(item.id), quantity: item.quantity }));

/** Connects `element` to the shop's cart; returns the function that disconnects it. */
export function connect(element, { report, warn }) {
  const api = (attribute(element, 'store-api') || '/wp-json/wc/store/v1/').replace(/\/?$/, '/');
  const session = { nonce: pageNonce(), cartToken: undefined };
  // The line each add made, by product, so an undo takes back exactly that line.
  const keys = new Map();
  // Our own refresh signals must not count as the cart changing elsewhere.
  let signalling = false;

  async function request(path, body, retried = false) {
    const headers = { Accept: 'application/json' };
    const init = { headers, credentials: 'same-origin' };
    if (body) {
      init.method = 'POST';
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
      if (session.nonce) headers.Nonce = session.nonce;
      else if (session.cartToken) headers['Cart-Token'] = session.cartToken;
    }
    const response = await fetch(`${api}${path}`, init);
    session.nonce = response.headers.get('Nonce') || session.nonce;
    session.cartToken = response.headers.get('Cart-Token') || session.cartToken;
    const answer = await response.json().catch(() => null);
    if (response.ok && answer) return answer;
    if (body && !retried && nonceErrors.includes(answer?.code) && response.headers.get('Nonce')) {
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
      window.jQuery?.(document.body).trigger('wc_fragment_refresh');
    } catch (error) {
      warn(`a WooCommerce cart listener failed: ${error}`);
    } finally {
      signalling = false;
    }
  }

  const adapter = {
    async add({ productId, variantId, quantity }) {
      const id = Number(variantId ?? productId);
      const cart = await request('cart/add-item', { id, quantity });
      const line = cart.items?.find((item) => item.id === id);
      if (line?.key) keys.set(productId, line.key);
      signal('wc-blocks_added_to_cart');
      publish(element, cart);
    },
    async remove({ productId }) {
      const key = keys.get(productId);
      if (!key) throw new Error('this line was not added by checkout-addons');
      const cart = await request('cart/remove-item', { key });
      keys.delete(productId);
      signal('wc-blocks_removed_from_cart');
      publish(element, cart);
    },
  };
  element.cartAdapter = adapter;

  // Only the latest read reports: answers can arrive out of order.
  let reads = 0;
  const read = () => {
    if (signalling) return;
    const mine = ++reads;
    request('cart')
      .then((cart) => mine === reads && report(linesOf(cart)))
      .catch((error) => {
        if (mine !== reads) return;
        warn(`could not read the WooCommerce cart: ${error.message}`);
        report([]);
      });
  };
  const blockEvents = ['wc-blocks_added_to_cart', 'wc-blocks_removed_from_cart'];
  const classicEvents = 'added_to_cart removed_from_cart updated_cart_totals';
  for (const name of blockEvents) document.body.addEventListener(name, read);
  window.jQuery?.(document.body).on(classicEvents, read);
  read();
  return () => {
    reads += 1;
    for (const name of blockEvents) document.body.removeEventListener(name, read);
    window.jQuery?.(document.body).off(classicEvents, read);
    if (element.cartAdapter === adapter) element.cartAdapter = undefined;
  };
}

/** Store API messages may carry markup (`&quot;`, `<a>`); the card shows text. */
function plain(html) {
  return new DOMParser().parseFromString(html, 'text/html').body.textContent.trim();
}

/** Tells the page what the cart holds now, in the same event as the Shopify adapter. */
function publish(element, cart) {
  element.dispatchEvent(new CustomEvent('checkout-addons:cart-updated', {
    bubbles: true, composed: true, detail: { platform: 'woocommerce', cart, sections: {} },
  }));
}
