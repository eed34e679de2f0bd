// In-memory shops for the cart adapters' end-to-end tests: the endpoints of Shopify's AJAX Cart
// API and WooCommerce's Store API as their documentation describes them, error answers
// included, with the cart kept server-side so a test can check what really landed in it.

/** A small catalog feed whose ids are the platforms' numeric ids, as the importers write them. */
export const feed = {
  version: 1,
  currency: 'EUR',
  products: [
    { id: '1001', title: 'Phone Nova', price: 39900, category: ['Phones'], variants: [{ id: '2001', title: 'Black' }] },
    { id: '1002', title: 'Phone case', price: 1999, category: ['Phone accessories'],
      variants: [{ id: '2002', title: 'Black' }, { id: '2003', title: 'Blue' }] },
    { id: '1003', title: 'Fast charger', price: 2499, category: ['Phone accessories'], variants: [{ id: '2004', title: 'EU plug' }] },
    { id: '1004', title: 'Screen protector', price: 999, category: ['Phone accessories'], variants: [{ id: '2005', title: 'Glass' }] },
  ],
  complements: [
    { from: '1001', to: '1002' }, { from: '1001', to: '1003' }, { from: '1001', to: '1004' },
  ],
};

/** The same shop with a better phone: an upgrade, which the widget offers as a swap. */
export const feedWithUpgrade = {
  ...feed,
  products: [...feed.products,
    { id: '1005', title: 'Phone Nova Pro', price: 54900, category: ['Phones'], variants: [{ id: '2006', title: 'Black' }] }],
  upgrades: [{ from: '1001', to: '1005' }],
};

/** The same shop with a consumable bought again every 30 days: buy-again. */
export const feedWithWipes = {
  ...feed,
  products: [...feed.products,
    { id: '1006', title: 'Screen wipes', price: 499, category: ['Care'], repurchase_days: 30, variants: [{ id: '2007', title: '20 wipes' }] }],
};

const everything = [...feedWithUpgrade.products, ...feedWithWipes.products.slice(feed.products.length)];
const titles = Object.fromEntries(everything.flatMap((p) => p.variants.map((v) => [Number(v.id), p.title])));
const products = Object.fromEntries(everything.flatMap((p) => p.variants.map((v) => [Number(v.id), Number(p.id)])));
const prices = Object.fromEntries(everything.flatMap((p) => p.variants.map((v) => [Number(v.id), p.price])));
// Gift wrap the shop sells and the feed lacks, as a feed behind its shop does.
Object.assign(titles, { 3001: 'Gift wrap' });
Object.assign(products, { 3001: 3000 });
Object.assign(prices, { 3001: 1500 });
// What the shop's warehouse holds: the protector is sold out, one charger is left.
const stock = { 2001: 50, 2002: 50, 2003: 50, 2004: 1, 2005: 0, 2006: 50, 2007: 50 };

async function bodyOf(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  try { return JSON.parse(text || 'null'); } catch { return undefined; }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function send(response, status, body, headers = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

/**
 * A Shopify store's cart, for requests under any locale root (`/cart.js`, `/nl-be/cart.js`).
 * `store.lines` is the cart; `store.requests` what arrived; `store.trouble` applies to the next
 * POST: `{ status }` answers that status, `{ delay }` answers late; `store.failReads` makes
 * reading the cart fail (also in the WooCommerce store); `store.loseAnswer` (add.js) and
 * `store.loseChange` (change.js) make the next such request and answer it with a 504.
 */
export function shopifyStore() {
  let keys = 0;
  const store = { lines: [{ key: 'k0', variant_id: 2001, quantity: 1, properties: {} }], requests: [], trouble: undefined };
  const cart = () => ({
    token: 'c1',
    item_count: store.lines.reduce((n, l) => n + l.quantity, 0),
    items: store.lines.map((l) => ({
      ...l, id: l.variant_id, product_id: products[l.variant_id], title: titles[l.variant_id],
      // In hundredths of the currency, as Shopify writes every amount, yen too.
      price: prices[l.variant_id], final_price: prices[l.variant_id],
    })),
    attributes: store.attributes ?? {},
    currency: 'EUR',
  });
  // `store.drawer`: the cart drawer section renders as this markup (else Shopify has no such section).
  const sections = (wanted) => Object.fromEntries(String(wanted ?? '').split(',').filter(Boolean).map((id) => [id,
    id === 'cart-icon-bubble'
      ? `<div id="shopify-section-${id}" class="shopify-section"><span class="cart-count">${cart().item_count}</span></div>`
      : id === 'cart-drawer' && store.drawer ? `<div id="shopify-section-${id}" class="shopify-section">${store.drawer}</div>` : null]));

  store.handle = async (request, response, path) => {
    const endpoint = path.match(/^\/(?:[a-z]{2}(?:-[a-z]{2})?\/)?(cart\.js|cart\/add\.js|cart\/change\.js|cart\/update\.js)$/)?.[1];
    if (!endpoint) return false;
    const body = request.method === 'POST' ? await bodyOf(request) : undefined;
    store.requests.push({ method: request.method, path, body });
    // `store.trouble.on` limits it to one endpoint; `answer` is the body sent with `status`.
    if (request.method === 'POST' && store.trouble && (!store.trouble.on || path.endsWith(store.trouble.on))) {
      const { status, delay, answer } = store.trouble;
      store.trouble = undefined;
      if (delay) await sleep(delay);
      if (status) return send(response, status, answer ?? { status, message: 'Internal error', description: 'Something went wrong' }), true;
    }
    // `store.readDelay`: reading the cart takes that long (a phone on a poor connection).
    if (endpoint === 'cart.js' && store.readDelay) await sleep(store.readDelay);
    if (endpoint === 'cart.js' && store.failReads) return send(response, 502, { status: 502, message: 'Bad gateway' }), true;
    if (endpoint === 'cart.js') return send(response, 200, cart()), true;
    if (endpoint === 'cart/update.js') {
      store.attributes = { ...store.attributes, ...body?.attributes };
      return send(response, 200, cart()), true;
    }
    if (endpoint === 'cart/add.js') {
      const added = [];
      for (const item of body?.items ?? []) {
        const title = titles[item.id];
        if (!title) return send(response, 404, { status: 404, message: 'Cart Error', description: 'Cannot find variant' }), true;
        const line = store.lines.find((l) => l.variant_id === item.id && JSON.stringify(l.properties) === JSON.stringify(item.properties ?? {}));
        const inCart = store.lines.filter((l) => l.variant_id === item.id).reduce((n, l) => n + l.quantity, 0);
        if (stock[item.id] === 0) {
          return send(response, 422, { status: 422, message: 'Cart Error', description: `The product '${title}' is already sold out.` }), true;
        }
        if (inCart + item.quantity > stock[item.id]) {
          return send(response, 422, { status: 422, message: 'Cart Error', description: `You can't add more ${title} to the cart.` }), true;
        }
        if (line) line.quantity += item.quantity;
        else store.lines.push({ key: `k${++keys}`, variant_id: item.id, quantity: item.quantity, properties: item.properties ?? {} });
        added.push(cart().items.find((l) => l.variant_id === item.id));
      }
      // `store.loseAnswer`: the add is made, but a gateway answers it with a timeout.
      if (store.loseAnswer) return (store.loseAnswer = false, send(response, 504, { status: 504, message: 'Gateway timeout' })), true;
      return send(response, 200, { items: added, sections: sections(body?.sections) }), true;
    }
    const line = store.lines.find((l) => l.key === body?.id);
    if (!line) return send(response, 400, { status: 400, message: 'Cart Error', description: 'No valid id or line parameter.' }), true;
    line.quantity = body.quantity;
    store.lines = store.lines.filter((l) => l.quantity > 0);
    // `store.loseChange`: the change is made, but a gateway answers it with a timeout.
    if (store.loseChange) return (store.loseChange = false, send(response, 504, { status: 504, message: 'Gateway timeout' })), true;
    return send(response, 200, { ...cart(), sections: sections(body?.sections) }), true;
  };
  return store;
}

/**
 * A WooCommerce store's Store API cart under `/wp-json/wc/store/v1/`. Posts need the session's
 * `Nonce` (or its `Cart-Token`); every answer carries both in headers, as WooCommerce does.
 * `store.sendNonce = false` leaves the nonce out of answers (a cache that strips headers);
 * `store.token = undefined` gives no cart token. `store.legacy = true` is a store from before
 * WooCommerce 7.2: the API under `/wp-json/wc/store/` only (v1 answers `rest_no_route`), the
 * nonce read from and sent in `X-WC-Store-API-Nonce` only. An add merges into the line of the
 * same product and no data of its own (`data`, which an add-on plugin keeps: an engraving; the
 * Store API shows it as `item_data` and never shows `data`), as WooCommerce does; `store.shown`
 * is `item_data` a plugin shows on every line (a delivery time); `cart/update-item` sets a line's quantity. `store.trouble`
 * applies to the next POST (to `store.trouble.on` only, when given).
 */
export function wooStore() {
  let keys = 0;
  const store = {
    lines: [{ key: 'w0', id: 2001, quantity: 1 }], requests: [], trouble: undefined,
    nonce: 'nonce-1', token: 'token-1', sendNonce: true, legacy: false,
  };
  const nonceHeader = () => (store.legacy ? 'X-WC-Store-API-Nonce' : 'Nonce');
  const cart = () => ({
    items: store.lines.map(({ data, ...l }) => ({
      ...l, name: titles[l.id],
      ...(store.shown && !l.item_data ? { item_data: store.shown } : {}),
      prices: l.prices ?? { price: String(prices[l.id]), currency_code: 'EUR', currency_minor_unit: 2 },
    })),
    items_count: store.lines.reduce((n, l) => n + l.quantity, 0),
    totals: { currency_code: 'EUR', currency_minor_unit: 2 },
  });
  const session = () => ({ ...(store.token ? { 'Cart-Token': store.token } : {}), ...(store.sendNonce ? { [nonceHeader()]: store.nonce } : {}) });
  const refuse = (response, status, code, message) => send(response, status, { code, message, data: { status } }, session());

  store.handle = async (request, response, path) => {
    const [, version, endpoint] = path.match(/^\/wp-json\/wc\/store\/(v1\/)?(cart|cart\/add-item|cart\/update-item|cart\/remove-item)$/) ?? [];
    if (!endpoint) return false;
    if (Boolean(version) === store.legacy) {
      store.requests.push({ method: request.method, path, unrouted: true });
      return send(response, 404, { code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } }), true;
    }
    const body = request.method === 'POST' ? await bodyOf(request) : undefined;
    const nonce = request.headers[nonceHeader().toLowerCase()];
    const token = request.headers['cart-token'];
    store.requests.push({ method: request.method, path, body, nonce, token });
    if (request.method === 'GET' && store.failReads) return refuse(response, 502, 'bad_gateway', 'Bad gateway'), true;
    // `store.slowRead` answers the next read late, with the cart as it was when asked.
    if (request.method === 'GET' && store.slowRead) {
      const { delay } = store.slowRead;
      store.slowRead = undefined;
      const then = cart();
      await sleep(delay);
      return send(response, 200, then, session()), true;
    }
    if (request.method === 'GET') return send(response, 200, cart(), session()), true;
    // `store.sessionDelay`: WooCommerce's session is loaded when a request starts and written
    // back whole when it ends, so of two changes at once the later write wins.
    if (store.sessionDelay) {
      const loaded = structuredClone(store.lines);
      await sleep(store.sessionDelay);
      store.lines = loaded;
    }
    // `store.trouble.on` limits it to one endpoint, as in the Shopify store; `code` and
    // `message` are the refusal's (a critical error unless given).
    if (store.trouble && (!store.trouble.on || path.endsWith(store.trouble.on))) {
      const { status, delay, code = 'internal_server_error', message = 'There has been a critical error on this website.' } = store.trouble;
      // `times`: the requests it spoils, one unless given.
      if ((store.trouble.times ?? 1) > 1) store.trouble.times -= 1;
      else store.trouble = undefined;
      if (delay) await sleep(delay);
      if (status) return refuse(response, status, code, message), true;
    }
    if (!store.token || token !== store.token) {
      if (!nonce) return refuse(response, 401, 'woocommerce_rest_missing_nonce', `Missing the ${nonceHeader()} header. This endpoint requires a valid nonce.`), true;
      if (nonce !== store.nonce) return refuse(response, 403, 'woocommerce_rest_invalid_nonce', 'Nonce is invalid.'), true;
    }
    if (endpoint === 'cart/add-item') {
      const title = titles[body?.id];
      if (!title) return refuse(response, 400, 'woocommerce_rest_cart_invalid_product', 'This product cannot be added to the cart.'), true;
      // Lines with data of their own (an add-on plugin's engraving) stay apart.
      const line = store.lines.find((l) => l.id === body.id && !l.data);
      const inCart = line?.quantity ?? 0;
      if (stock[body.id] === 0) {
        return refuse(response, 400, 'woocommerce_rest_product_out_of_stock', `You cannot add &quot;${title}&quot; to the cart because the product is out of stock.`), true;
      }
      if (inCart + body.quantity > stock[body.id]) {
        return refuse(response, 400, 'woocommerce_rest_product_partially_out_of_stock', `You cannot add that amount of &quot;${title}&quot; to the cart because there is not enough stock (${stock[body.id]} remaining).`), true;
      }
      if (line) line.quantity += body.quantity;
      else store.lines.push({ key: `w${++keys}`, id: body.id, quantity: body.quantity });
      // `store.loseAnswer`: the add is made, but a gateway answers it with a timeout.
      if (store.loseAnswer) return (store.loseAnswer = false, refuse(response, 504, 'gateway_timeout', 'Gateway timeout')), true;
      return send(response, 201, cart(), session()), true;
    }
    if (endpoint === 'cart/update-item') {
      const line = store.lines.find((l) => l.key === body?.key);
      if (!line) return refuse(response, 409, 'woocommerce_rest_cart_invalid_key', 'Cart item no longer exists or is invalid.'), true;
      line.quantity = body.quantity;
      store.lines = store.lines.filter((l) => l.quantity > 0);
      return send(response, 200, cart(), session()), true;
    }
    const before = store.lines.length;
    store.lines = store.lines.filter((l) => l.key !== body?.key);
    if (store.lines.length === before) return refuse(response, 409, 'woocommerce_rest_cart_invalid_key', 'Cart item no longer exists or is invalid.'), true;
    return send(response, 200, cart(), session()), true;
  };
  return store;
}

/** The first fenced block of `language` in a Markdown document: docs are tested as written. */
export function snippet(markdown, language) {
  const found = markdown.match(new RegExp('```' + language + '\\n([\\s\\S]*?)```'));
  if (!found) throw new Error(`no \`\`\`${language} block`);
  return found[1];
}

/** Finds a widget card by title, and waits until its add button is in `state`. */
export function cardsOn(page) {
  const card = (title) => page.locator('checkout-addons .card', { hasText: title });
  const waitForState = (title, state) => page.waitForFunction(
    ([t, s]) => [...document.querySelector('checkout-addons').shadowRoot.querySelectorAll('.card')]
      .some((c) => c.querySelector('.title')?.textContent === t && c.querySelector('button.add')?.dataset.state === s),
    [title, state], { timeout: 10_000 });
  // Every card's button has settled (none busy adding or taking back).
  const settled = () => page.waitForFunction(() => ![...document.querySelector('checkout-addons').shadowRoot.querySelectorAll('button.add')]
    .some((b) => b.dataset.state === 'busy'));
  return { card, waitForState, settled };
}

/** The shopper goes to another tab and comes back to this one, `ms` from now: the page hears
 * `visibilitychange` twice, hidden then visible. */
export function leaveTabAndReturn(page, ms = 0) {
  return page.evaluate((wait) => {
    let state = 'hidden';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    const back = () => {
      document.dispatchEvent(new Event('visibilitychange'));
      state = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
    };
    if (wait) setTimeout(back, wait);
    else back();
  }, ms);
}

/** The shopper leaves for `url`, `meanwhile` happens (at the checkout), and the back button
 * brings them back. True when the browser restored the page it kept whole (its back/forward
 * cache; the browser must be launched with it on), not a page loaded anew. */
export async function leaveAndGoBack(page, url, meanwhile) {
  await page.evaluate(() => { window.keptWhole = true; });
  await page.goto(url);
  await meanwhile();
  // Restored whole, the page fires no `load`.
  await page.goBack({ waitUntil: 'commit' });
  return page.evaluate(() => window.keptWhole === true);
}
