// checkout-addons loader: the one script a shop embeds.
//
//   <script type="module" src="https://cdn.example/checkout-addons/0.1.0/checkout-addons.js"></script>
//   <checkout-addons feed="/feed.json" cart='["sku-1", {"id": "sku-2", "quantity": 2}]'></checkout-addons>
//   <checkout-addons feed="/feed.json" cart="shopify"></checkout-addons>  (or "woocommerce")
//   <div data-checkout-addons data-feed="/feed.json" data-cart="woocommerce"></div>  (for CMSs that strip tags)
//
// Every path is resolved from this file's own URL, so the artifact works from any origin or CDN
// folder. Nothing here may throw into the host page: failures become one console warning and a
// `checkout-addons:error` event on each element.
const version = '0.1.0';
// A page may include this script twice (two versions, or a query that busts a cache): each URL
// runs as its own module. Only the first copy listens, counts and mounts, or every view and
// add would reach the shop's analytics twice and products would rest after half their views.
const loaderKey = Symbol.for('checkout-addons:loader');
const first = !globalThis[loaderKey];
globalThis[loaderKey] ??= version;
const heard = [];
function listen(name, handler) {
  if (!first) return;
  // Heard once, whether on the element, at the document or both.
  const done = new WeakSet();
  const once = (event) => done.has(event) || (done.add(event), handler(event));
  heard.push([`checkout-addons:${name}`, once]);
  document.addEventListener(`checkout-addons:${name}`, once);
}
// An element that left the page still sends what its widget finishes (the rest of a reorder's
// lines, when a theme draws its cart drawer anew): those events no longer reach the document,
// so from the moment it leaves until it is mounted again the element is heard itself. So is
// one in a closed shadow root (a theme's cart drawer component): at the document its events
// seem the drawer's, whose attributes (`placement`, `beacon`) are not the widget's.
const hearOwn = (element, own) => heard.forEach(([type, handler]) => element[own ? 'addEventListener' : 'removeEventListener'](type, handler));
// (A page whose `performance` lacks marks gets none: the widget still mounts.)
if (first) try { performance.mark('checkout-addons:start'); } catch { /* no marks here */ }
const base = new URL('./', import.meta.url);
// Attributes read at mount; changing one mounts the widget again. `cart` and `history` are
// applied in place (`cart` into or out of a platform's cart mounts again too).
const remountOn = ['feed', 'locale', 'currency', 'max', 'max-items', 'placement', 'holdout'];
const observed = ['cart', 'history', ...remountOn];
const divs = new Set();
// `cart="shopify"`: the platform's adapter (cart/<platform>.js beside this file) reads and
// changes the shop's cart; only shops on that platform download it.
const platforms = ['shopify', 'woocommerce'];
let engine;
let engineWarned = false;
// Every warning of the loader and the adapters: a page may make `console.warn` throw (a strict
// test setup, an error monitor), and a warning must not stop what follows it (the collapse,
// the error event, the cart the adapter reports).
const say = (message, ...more) => {
  try { console.warn(`checkout-addons: ${message}`, ...more); } catch { /* said nowhere, then */ }
};

// The wasm writes prices itself in its own four languages (src/locale_text.rs, the common
// currencies); other locales go through Intl, whose first formatter loads the browser's number
// data (12-19 ms in Chromium): made while the wasm and the feed download, not when the first
// price is drawn. Judged by language only: a region the wasm does not write (de-CH) or another
// currency pays that cost at the first price instead.
let numbersWarmed = false;
function warmNumbers(element) {
  const locale = attribute(element, 'locale') || document.documentElement.lang || 'en';
  if (numbersWarmed || /^(en|nl|de|fr)\b/i.test(locale)) return;
  numbersWarmed = true;
  setTimeout(() => { try { new Intl.NumberFormat(); } catch { /* prices fall back to codes */ } });
}

function start() {
  if (!engine) {
    // The wasm downloads beside its glue, not after the glue has arrived and asked for it.
    const wasm = fetch(new URL('core/checkout-addons_bg.wasm', base));
    wasm.catch(() => {}); // reported through the glue's init below
    engine = import(new URL('core/checkout-addons.js', base).href).then(async (bindings) => {
      await bindings.default({ module_or_path: wasm });
      // Starting the wasm was one task; mounting the widgets is the next (no long task).
      await new Promise((resolve) => setTimeout(resolve));
      return bindings;
    }).catch((error) => {
      // A download that failed once (a phone between cells) is tried again by the next widget
      // the page mounts, such as a cart drawer drawn again.
      engine = undefined;
      throw error;
    });
  }
  return engine;
}

// Until the wasm brings the widget's own stylesheet, hold the height the widget will take
// (style/widget.css: a 24px heading, 12px gap, one row of cards; in a container of 600px or
// less a 48px heading and a column of a row per card, 8px apart), so nothing below it moves.
let reserveSheet;
function reserve(element) {
  if (element.shadowRoot) return;
  try {
    // A card's row, and 48px more for a picker's row (wide: a row of three; narrow: the picker
    // on a row of its own).
    reserveSheet ??= new CSSStyleSheet();
    reserveSheet.replaceSync(':host{display:block;container-type:inline-size}'
      + 'div{--c:var(--ca-card-height,184px);height:calc(36px + var(--c))}[data-picker]{--c:calc(var(--ca-card-height,184px) + 48px)}'
      + '@container (max-width:600px){div{height:calc(60px + var(--c))}[data-rows="2"]{height:calc(68px + 2*var(--c))}[data-rows="3"]{height:calc(76px + 3*var(--c))}}'
      + ':host([data-state=error]),:host([data-state=holdout]){display:none!important}');
    const shadow = element.attachShadow({ mode: 'open' });
    shadow.adoptedStyleSheets = [reserveSheet];
    // As many rows as the widget shows skeletons: `max` (or `max-items`), from 1 to 3.
    const max = Number(attribute(element, 'max-items') ?? attribute(element, 'max') ?? 3);
    const held = document.createElement('div');
    held.dataset.rows = Number.isInteger(max) && max >= 0 ? Math.min(3, Math.max(1, max)) : 3;
    // A picker's row, where the widget will show one: `variant-picker` there, bare or `true`.
    if (['', 'true'].includes(attribute(element, 'variant-picker')?.trim())) held.dataset.picker = '';
    shadow.append(held);
  } catch { /* an element that cannot host a shadow root is reported by mount */ }
}

function fail(element, error) {
  // The engine failing to start fails every element for the same reason: say it once.
  if (!engineWarned) say('could not start:', error);
  engineWarned = true;
  element.setAttribute('data-state', 'error');
  element.dispatchEvent(new CustomEvent('checkout-addons:error', {
    bubbles: true, composed: true, detail: { message: String(error) },
  }));
}

// Holdout: `holdout="10"` puts 10% of visitors in a control group that sees no add-ons, so a
// shop can measure what the add-ons earn. Each visitor draws one number once and keeps it
// (localStorage, else sessionStorage, else this page only); the group follows from it, so a
// visitor stays in their group, and raising the share moves only the visitors it must.
const bucketKey = 'checkout-addons:bucket';
let visitor;

// The browser's storage, unless a widget of the page says `storage="none"` (a shop that asks
// the shopper's consent first): then, as where the browser blocks it, nothing is kept.
const storage = (name) => {
  if (document.querySelector('checkout-addons[storage=none i],[data-checkout-addons][data-storage=none i]')) throw name;
  return window[name];
};

/** The visitor's number in [0, 1) and where it is kept: `local`, `session` or `page`. */
export function visitorBucket(areas = [['local', () => storage('localStorage')], ['session', () => storage('sessionStorage')]]) {
  for (const [stored, area] of areas) {
    try {
      const storage = area();
      let value = Number.parseFloat(storage.getItem(bucketKey));
      if (!(value >= 0 && value < 1)) {
        value = Math.random();
        storage.setItem(bucketKey, String(value));
      }
      return { value, stored };
    } catch { /* storage blocked: try the next */ }
  }
  return { value: Math.random(), stored: 'page' };
}

/** The group for a holdout share in percent: `control` for the first `percent` of buckets. */
export function groupFor(value, percent) {
  return value * 100 < percent ? 'control' : 'treatment';
}

function holdoutGroup(element) {
  const raw = (attribute(element, 'holdout') ?? '').trim();
  element.checkoutAddonsGroup = undefined;
  if (!raw) return undefined;
  const percent = Number(raw);
  if (!(percent >= 0 && percent <= 100)) {
    say(`attribute \`holdout="${raw}"\` ignored: not a percentage from 0 to 100`);
    return undefined;
  }
  if (percent === 0) return undefined;
  visitor ??= visitorBucket();
  const group = groupFor(visitor.value, percent);
  element.checkoutAddonsGroup = group;
  return { group, holdout: percent, assignment: visitor.stored };
}

/** An attribute of `<checkout-addons>`, or its `data-` form on a `<div data-checkout-addons>`. */
function attribute(element, name) {
  return element.getAttribute(name) ?? element.getAttribute(`data-${name}`);
}

// Analytics: the widget's facts as GA4 ecommerce events in `window.dataLayer` and, with a
// `beacon` attribute, sent to the shop's own endpoint. Products, prices,
// the group and the shopper's segment (a word such as `lapsing`) only: nothing that names the
// shopper, no cookies. Each is a receiver of its own (`receivers`, below), which counts its
// own views; both take the element, so either can be told an event alone.
function toDataLayer(_, payload) {
  try {
    // At most 200 events, each whole, with the `{ecommerce: null}` before it.
    if (waiting.filter((entry) => entry.event).length < 200) waiting.push(...(payload.ecommerce ? [{ ecommerce: null }, payload] : [payload]));
    handOver();
  } catch { /* a page's broken dataLayer must not break the widget, nor its beacon */ }
}

function toBeacon(element, payload) {
  try {
    // Without the page's cookies (a logged-in shopper's session) or its address: the facts
    // alone (`sendBeacon` would send both). Kept alive, so an add just before the page leaves
    // still arrives.
    const url = attribute(element, 'beacon');
    if (url) {
      fetch(url, {
        method: 'POST', body: JSON.stringify({ ...payload, group: element.checkoutAddonsGroup }),
        keepalive: true, credentials: 'omit', referrerPolicy: 'no-referrer',
      }).catch(() => {});
    }
  } catch { /* nor a broken beacon */ }
}

// Events the page had no `dataLayer` for yet (a tag manager that loads after consent, or lower
// on the page), handed over in order once it has one, looked for each second for a minute and
// at each event. Never an array of the loader's own: a consent tool's defaults must come first.
const waiting = [];
let watch;
function handOver() {
  if (waiting.length && Array.isArray(window.dataLayer)) {
    const events = waiting.splice(0);
    // A frozen dataLayer takes none: they are dropped, not offered again each second (and
    // never thrown into the page from the watch below).
    try { window.dataLayer.push(...events); } catch { /* the page's analytics are off */ }
  }
  if (waiting.length && !watch) {
    let looks = 0;
    watch = setInterval(() => {
      handOver();
      if (!waiting.length || ++looks === 60) {
        clearInterval(watch);
        watch = undefined;
      }
    }, 1000);
  }
}

// Exposure is counted per page view: more widgets, or one mounted again (a cart drawer drawn
// anew), are still one visitor seeing one page: once in the dataLayer, and once per beacon
// where widgets name others. A page view is a path: a single-page shop's next page (Turbo, a
// router) is the next view, a query the page rewrites in place (Shopify's `?variant=`) none.
const exposed = new Set();
const pageView = () => location.pathname;
// Whether this page view starts a visit (this tab's session) for the receiver `to` (the
// dataLayer, or a beacon's URL: each counts its own visits, so one that a page without it
// began is still its visit): `addons report` counts visits, since one visitor's page views
// are no independent draws. With storage blocked, unknown (left out).
function visitStart(to) {
  try {
    const session = storage('sessionStorage');
    const seen = session.getItem(bucketKey + to);
    session.setItem(bucketKey + to, 1);
    return !seen;
  } catch { /* unknown */ }
}
function expose(element, test) {
  element.dispatchEvent(new CustomEvent('checkout-addons:exposure', { bubbles: true, composed: true, detail: test }));
  const payload = (to) => ({ event: 'checkout_addons_exposure', checkout_addons_group: test.group, checkout_addons_holdout: test.holdout, checkout_addons_visit_start: visitStart(':visit' + to) });
  const once = (key, hand) => exposed.has(key += pageView()) || (exposed.add(key), hand());
  const beacon = attribute(element, 'beacon');
  once(`${test.group}:${test.holdout}`, () => toDataLayer(element, payload('')));
  once(`${test.group}:${test.holdout}:${beacon}`, () => beacon && toBeacon(element, payload(beacon)));
}

// GA4 wants prices in major units; the widget's minor units are ISO 4217's, as the engine
// counts them (`Currency::minor_digits`; xtask's tidy test holds these lists to it). Not
// Intl's: its digits differ for HUF, IDR, IQD and more, and its first formatter costs a page
// 12-19 ms.
const noMinorUnit = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const threeMinorDigits = 'BHD IQD JOD KWD LYD OMR TND';
const minorDigits = (currency) => (noMinorUnit.includes(currency) ? 0 : threeMinorDigits.includes(currency) ? 3 : 2);

// `to` is the receiver the event goes to.
function track(element, event, items, extra, to) {
  if (!items?.length) return;
  const placement = attribute(element, 'placement');
  const list = { item_list_id: placement ? `checkout_addons_${placement}` : 'checkout_addons', item_list_name: 'checkout-addons' };
  const currency = items[0].currency;
  const scale = 10 ** minorDigits(currency);
  const ecommerce = {
    ...list,
    currency,
    ...extra,
    items: items.map((item, index) => ({
      item_id: item.productId,
      item_name: item.title,
      ...(item.variantId ? { item_variant: item.variantId } : {}),
      price: item.price / scale,
      currency,
      quantity: item.quantity,
      index: item.index ?? index,
      ...list,
      ...(item.reason ? { reason: item.reason } : {}),
    })),
  };
  if (extra.value !== undefined) ecommerce.value = extra.value / scale;
  const segment = items[0].segment;
  to(element, { event, ecommerce, ...(segment ? { customer_segment: segment } : {}) });
}

// The widget is the event's first target: `event.target` at the document is the outermost
// host when the widget sits in another component's shadow root.
const cards = new WeakMap();
const widgetOf = (event) => event.composedPath()[0];
const drawn = new WeakMap();
listen('render', (event) => {
  const segment = event.detail?.segment;
  const items = event.detail?.items?.map((item) => ({ ...item, segment }));
  const widget = widgetOf(event);
  cards.set(widget, new Map(items?.map((item) => [item.productId, item])));
  // The same cards again (only the segment changed: a history handed over after mounting)
  // are no second view, for GA4 nor for the count that rests a product after five; cards not
  // yet seen will be seen in the segment known by then.
  const same = JSON.stringify(event.detail?.items);
  const waiting = unseen.get(boxOf(widget));
  if (waiting) waiting.items = items;
  if (drawn.get(widget) === same) return;
  drawn.set(widget, same);
  onceSeen(widget, items);
});

// A view counts once the shopper can see the widget: one in a closed cart drawer renders on
// every page yet is seen on few, and counting those would sink every take rate and rest good
// add-ons unseen. The latest cards of each widget wait until it comes into the viewport.
// Watched is the widget's own container in its shadow root, which has a box even where a
// page gives the element `display: contents`.
const unseen = new WeakMap();
let sight;
const boxOf = (widget) => widget.shadowRoot?.querySelector('[part=container]') ?? widget;
function onceSeen(widget, items) {
  if (typeof IntersectionObserver !== 'function') return viewed(widget, items);
  // Some of it on screen: a drawer parked just past the edge touches the viewport, which
  // `isIntersecting` counts.
  sight ??= new IntersectionObserver((entries) => {
    for (const { target, intersectionRatio } of entries) {
      const waiting = unseen.get(target);
      if (!(intersectionRatio > 0) || !waiting) continue;
      sight.unobserve(target);
      unseen.delete(target);
      viewed(waiting.widget, waiting.items);
    }
  }, { threshold: 0.01 });
  const box = boxOf(widget);
  unseen.set(box, { widget, items });
  sight.observe(box);
}

/** Stops waiting for a widget that leaves the page to come into view. */
function unwatch(widget) {
  const box = boxOf(widget);
  sight?.unobserve(box);
  unseen.delete(box);
}

// A card is one impression per page view and list: shown again (its reason reworded once an
// add closed the free-shipping gap, beside the card that came in for one hidden, in a drawer
// drawn anew) it is no second view, for GA4's list views nor for the beacon's take rates.
// Each beacon counts its own, as with exposure: a second widget of the same placement that
// names another endpoint still tells it what it showed.
// Kept with each: the card as that receiver counted its view, whose reason and segment its
// adds carry, so adds split by lane and segment as views do (a card seen before a history
// came, in `everyone`, and added after it is one view and one add of `everyone`, not a view
// nobody took in one segment and an add nobody was shown in another).
const shownThisPage = new Map();
const seenBy = new WeakMap();
function receivers(widget) {
  const list = `${pageView()}\n${attribute(widget, 'placement')}\n`;
  const beacon = attribute(widget, 'beacon');
  return [[list, toDataLayer], ...(beacon ? [[`${list}${beacon}\n`, toBeacon]] : [])];
}
function viewed(widget, items) {
  const shown = items.map((item, index) => ({ ...item, index }));
  seenBy.has(widget) || seenBy.set(widget, new Map());
  for (const item of shown) seenBy.get(widget).has(item.productId) || seenBy.get(widget).set(item.productId, item);
  for (const [list, to] of receivers(widget)) {
    track(widget, 'view_item_list', shown.filter((item) => !shownThisPage.has(list + item.productId) && shownThisPage.set(list + item.productId, item)), {}, to);
  }
  countViews(items);
}
// An add's item as each receiver was shown its card: from this page view's list, else as the
// widget showed it first (a single-page shop's next path), else as it is drawn now.
function tell(event, each) {
  const widget = widgetOf(event);
  const id = event.detail?.productId;
  for (const [list, to] of receivers(widget)) {
    const card = shownThisPage.get(list + id) ?? seenBy.get(widget)?.get(id) ?? cards.get(widget)?.get(id);
    each(widget, { reason: card?.reason, segment: card?.segment, ...event.detail }, to);
  }
}
listen('add', (event) => tell(event, (widget, item, to) => track(widget, 'select_item', [item], {}, to)));
// An undo (or a reorder line taken back) takes the add out again, in GA4's own event. A swap
// is the upgrade in and the line it replaced out (its undo the other way round), so the cart's
// value in GA4 grows by the difference only.
for (const [name, ga4, other] of [['added', 'add_to_cart', 'remove_from_cart'], ['removed', 'remove_from_cart', 'add_to_cart']]) {
  listen(name, (event) => tell(event, (widget, item, to) => {
    track(widget, ga4, [item], { value: item.price * item.quantity }, to);
    const old = item.replaces;
    if (old?.price !== undefined) {
      const line = { ...old, currency: item.currency, quantity: item.quantity, reason: 'swapped_out', segment: item.segment };
      track(widget, other, [line], { value: old.price * item.quantity }, to);
    }
  }));
}

// Fatigue: a product shown on `fatigue.views` page views without being added, hidden by the
// shopper, or taken back with undo, is not offered again for `fatigue.days` days. Counted in this browser only
// (localStorage); where storage is blocked there is no fatigue.
export const fatigue = { views: 5, days: 7 };
const seenKey = 'checkout-addons:seen';
const day = 864e5;
const viewedThisPage = new Set();

// The record as stored, less anything not shaped like it (another script, or a bad write, may
// have left one): a single bad value must not stop fatigue for good. Keys are product ids,
// kept off any prototype (`__proto__` is an id like another).
function readSeen() {
  const seen = Object.create(null);
  try {
    const stored = JSON.parse(storage('localStorage').getItem(seenKey) ?? '{}');
    if (stored && typeof stored === 'object' && !Array.isArray(stored)) {
      for (const [id, entry] of Object.entries(stored)) if (entry && typeof entry === 'object') seen[id] = entry;
    }
  } catch { /* unreadable: begin again */ }
  return seen;
}

function updateSeen(change) {
  try {
    const now = Date.now();
    const seen = readSeen();
    change(seen, now);
    // Forget what is neither resting nor seen within a month, so the record stays small.
    for (const [id, entry] of Object.entries(seen)) {
      if (!(entry.until > now) && !(entry.at > now - 30 * day)) delete seen[id];
    }
    storage('localStorage').setItem(seenKey, JSON.stringify(seen));
    return seen;
  } catch {
    return {};
  }
}

// Read only: the record is pruned whenever it is written.
function passedOver() {
  const now = Date.now();
  return Object.entries(readSeen()).filter(([, entry]) => entry.until > now).map(([id]) => id);
}

function rest(seen, id, now) {
  seen[id] = { views: 0, at: now, until: now + fatigue.days * day };
}

function countViews(items) {
  const key = (id) => pageView() + '\n' + id;
  const fresh = (items ?? []).map((item) => item.productId).filter((id) => !viewedThisPage.has(key(id)));
  if (!fresh.length) return;
  updateSeen((seen, now) => {
    for (const id of fresh) {
      viewedThisPage.add(key(id));
      const entry = seen[id] ?? { views: 0 };
      if (entry.until > now) continue;
      if (entry.views + 1 >= fatigue.views) rest(seen, id, now);
      else seen[id] = { views: entry.views + 1, at: now };
    }
  });
}
// (Not an add told late, after the card moved on: the shopper may have taken it back.)
listen('added', (event) => event.detail?.late || updateSeen((seen) => { delete seen[event.detail?.productId]; }));
// The reorder card is no product (its `productId` is empty): hiding it lasts the page view.
for (const declined of ['removed', 'dismissed']) {
  listen(declined, (event) => {
    const id = event.detail?.productId;
    // (A reorder line taken back because another failed was not declined.)
    if (id && !event.detail.rollback) updateSeen((seen, now) => rest(seen, id, now));
  });
}

// The feed downloads while the wasm loads rather than after it; the widget takes the request
// over (and its timeout aborts it through the controller).
function request(url) {
  const controller = new AbortController();
  const response = fetch(url, { signal: controller.signal }).then(limited);
  response.catch(() => {}); // the widget reports failures; never an unhandled rejection
  return { response, controller };
}

// A feed past the widget's limit (the engine's `LIMITS.max_feed_bytes`; xtask's tidy test
// holds them equal) is cut off as it arrives: a server that sends no length, or a compressed
// body whose length says little, must not fill a phone's memory before the widget can say no.
// The widget gets the first bytes past the limit, enough to say the feed is too large; ending
// the stream cancels the rest of the download.
const maxFeedBytes = 20 * 1024 * 1024;
function limited(answer) {
  if (!answer.body) return answer;
  let arrived = 0;
  const counted = answer.body.pipeThrough(new TransformStream({
    transform(chunk, next) {
      arrived += chunk.byteLength;
      next.enqueue(chunk);
      if (arrived > maxFeedBytes) next.terminate();
    },
  }));
  return new Response(counted, { status: answer.status, statusText: answer.statusText, headers: answer.headers });
}

// A published folder's shards for the cart, started as soon as its manifest is in (docs/feed.md),
// by their URL; the widget takes each over when it asks for it. Only for a `feed` named
// `manifest.json`, as `addons publish` names it: a feed file is never read twice.
const shards = new Map();

/** The shard file of a product or variant `id`: the engine's `shard_of`, FNV-1a (64 bits). */
export function shardOf(id, count) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(id)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
  return Number(hash % BigInt(count));
}

function startShards(url, response, element) {
  const path = url.split(/[?#]/)[0];
  if (!path.endsWith('manifest.json')) return;
  const folder = path.replace(/[^/]*$/, '');
  let ids;
  try {
    // The ids as the widget reads them (`CartLine::read_all`): trimmed, none for a line of
    // quantity 0 or a `null` id; a number as its digits.
    ids = JSON.parse(cartOf(element))
      .filter((line) => line !== null && (typeof line !== 'object' || (line.id != null && line.quantity !== 0)))
      .map((line) => String(typeof line === 'object' ? line.id : line).trim());
  } catch {
    return; // a platform's cart: its lines come later, and the widget fetches their shards
  }
  response.then((answer) => answer.ok && answer.clone().json()).then((manifest) => {
    const { shards: count, generations } = manifest.published;
    // Runs of `generation:shards`, walked, never spread into one entry a shard: a manifest
    // claiming 40 million shards must not freeze the page, nor an odd generation make a path.
    const runs = String(generations).split(',').map((run) => run.match(/^(\d{1,10}):(\d{1,10})$/));
    if (!(count > 0) || runs.some((run) => !run)) return;
    const generationOf = (n) => {
      for (const [, g, many] of runs) {
        if (n < many) return g;
        n -= many;
      }
      return undefined;
    };
    for (const id of ids) {
      const n = shardOf(id, count);
      const generation = generationOf(n);
      const file = `${folder}shards/${n}-${generation}.json`;
      if (generation !== undefined && !shards.has(file)) shards.set(file, request(file));
    }
  }).catch(() => {}); // the widget fetches what was not started here, and reports failures
}

// Widgets showing the same feed share one request (and, in the wasm, one read catalog).
const feeds = new Map();

// The request for a shard started early, handed over once; else (a shard the cart gained
// later, a refresh) one started now, so every download the widget makes is cut off past the
// limit as it arrives.
function takeShard(file) {
  const shard = shards.get(file) ?? request(file);
  shards.delete(file);
  return shard;
}

function startFeed(element) {
  const url = (attribute(element, 'feed') ?? '').trim();
  if (!url) return undefined;
  try {
    let feed = feeds.get(url);
    if (!feed) {
      feed = request(url);
      feed.users = 0;
      startShards(url, feed.response, element);
      feeds.set(url, feed);
    }
    feed.users += 1;
    return {
      url,
      controller: feed.controller,
      // Handed over once (a body is read once): the other widgets share what the first reads.
      get response() {
        const { response } = feed;
        feed.response = undefined;
        return response;
      },
      // The widget asks for each shard once; a request is handed over at most once.
      shard: takeShard,
    };
  } catch {
    return undefined;
  }
}

// An element that leaves (or fails) before its widget started: the request stops once no other
// element waits for it.
function letGo(started) {
  const feed = started && feeds.get(started.url);
  if (feed && --feed.users === 0) {
    feed.controller.abort();
    feeds.delete(started.url);
  }
}

function cartOf(element) {
  return (attribute(element, 'cart') ?? '').trim();
}

// Connects the element to its platform's cart when `cart` names one, and disconnects it when
// it no longer does. The adapter reports the cart's lines (now and whenever the platform says
// the cart changed) through `report`; they wait in `pendingCart` until the widget is mounted.
// Resolves once the adapter is connected (or failed to load): the widget mounts only then,
// because what it offers (undo, swaps) depends on what the adapter can do.
function connectPlatform(element) {
  const platform = cartOf(element);
  if (element.cartPlatform?.name === platform) return;
  element.cartPlatform?.disconnect?.();
  element.cartPlatform = undefined;
  if (!platforms.includes(platform)) return;
  const connection = { name: platform };
  element.cartPlatform = connection;
  const report = (lines) => {
    if (element.cartPlatform !== connection) return;
    element.pendingCart = JSON.stringify(lines);
    call(element, (widget) => widget.set_cart(element.pendingCart));
  };
  const warn = (message) => {
    say(message);
    element.dispatchEvent(new CustomEvent('checkout-addons:error', { bubbles: true, composed: true, detail: { message } }));
  };
  const group = element.checkoutAddonsGroup;
  return import(new URL(`cart/${platform}.js`, base).href)
    .then((adapter) => {
      if (element.cartPlatform === connection) connection.disconnect = adapter.connect(element, { report, warn, group, minorDigits });
    })
    .catch((error) => {
      if (element.cartPlatform !== connection) return;
      warn(`could not load the ${platform} cart adapter: ${error}`);
      // Without its adapter no add reaches the cart, and the cart's lines are unknown: showing
      // nothing beats cards that say "Added" for an add that never happened.
      if (element.checkoutAddons === 'holdout') return;
      call(element, (widget) => widget.unmount());
      element.checkoutAddons = undefined;
      element.setAttribute('data-state', 'error');
    });
}

/** Whether a closed shadow root holds the element, however deep: its events seem its host's. */
function inClosedRoot(element) {
  for (let root = element.getRootNode(); root.host; root = root.host.getRootNode()) {
    if (root.mode === 'closed') return true;
  }
  return false;
}

async function mount(element) {
  hearOwn(element, !element.isConnected || inClosedRoot(element));
  if (element.checkoutAddons) return;
  const test = holdoutGroup(element);
  if (test) expose(element, test);
  if (test?.group === 'control') {
    // The control group sees nothing and downloads nothing; its platform cart still learns the
    // group, so its orders can be told apart.
    element.checkoutAddons = 'holdout';
    element.setAttribute('data-state', 'holdout');
    reserve(element);
    connectPlatform(element);
    return;
  }
  element.setAttribute('data-state', 'loading');
  reserve(element);
  // This mount's own token: an attribute change or a quick remove and re-add while the wasm
  // loads starts another mount, and only the latest may finish (the first holds the old feed).
  const starting = Symbol('starting');
  element.checkoutAddons = starting;
  const feed = startFeed(element);
  const platform = connectPlatform(element);
  warmNumbers(element);
  // The page's first storage read loads its storage (1-2 ms): done while the files download.
  const passed = passedOver();
  try {
    const bindings = await start();
    await platform;
    if (element.checkoutAddons !== starting) return letGo(feed); // removed or mounted anew
    element.checkoutAddons = bindings.mount(element, feed);
    call(element, (widget) => widget.set_passed_over(JSON.stringify(passed)));
    // A platform's cart that arrived while the wasm loaded.
    if (element.pendingCart !== undefined) call(element, (widget) => widget.set_cart(element.pendingCart));
  } catch (error) {
    letGo(feed);
    element.checkoutAddons = undefined;
    fail(element, error);
  }
}

// Calls into a mounted widget; an error there is the widget's own and was reported by it.
function call(element, action) {
  const widget = element.checkoutAddons;
  if (typeof widget === 'object') {
    try { action(widget); } catch { /* reported by the widget itself */ }
  }
}

function unmount(element) {
  unwatch(element);
  // Its view, if still waiting to be seen, is gone with it: mounted again, the same cards are
  // a view to count.
  drawn.delete(element);
  call(element, (widget) => widget.unmount());
  if (element.checkoutAddons === 'holdout') element.removeAttribute('data-state');
  element.checkoutAddons = undefined;
  element.cartPlatform?.disconnect?.();
  element.cartPlatform = undefined;
  element.pendingCart = undefined;
}

// The `cart` attribute changed: lines go to the widget. Into or out of a platform's cart, it
// mounts anew: what its cards can do (undo, swaps) and where adds go are decided at mount.
function cartChanged(element) {
  const platform = platforms.includes(cartOf(element)) ? cartOf(element) : undefined;
  if (element.cartPlatform?.name !== platform) return remountSoon(element);
  if (!platform) call(element, (widget) => widget.set_cart(cartOf(element)));
}

// The `history` attribute changed: the shopper's past orders go to the widget as they are.
function historyChanged(element) {
  call(element, (widget) => widget.set_history(attribute(element, 'history') ?? ''));
}

function remount(element) {
  unmount(element);
  mount(element);
}

// An attribute changed: mounted again once the code that changed it has run. A listener of the
// widget's own event (an `error` that gives it another feed, a `dismissed`) changes it while the
// wasm is still inside that event, and unmounting then took the widget's state from under it:
// a panic, which stops every widget on the page. (A div's changes come later by themselves.)
function remountSoon(element) {
  if (element.remountDue) return;
  element.remountDue = true;
  queueMicrotask(() => {
    element.remountDue = false;
    if (element.checkoutAddons) remount(element);
  });
}

/** The page's API on each element: `refresh()` fetches the feed again; `setCart(lines)` takes
 * the cart's lines (ids or `{id, quantity}`) and is the same as setting the `cart` attribute,
 * except on a platform's cart, where it only tells the widget (the adapter stays connected).
 * `setHistory(orders)` takes the shopper's past orders (`[{date, lines}]`), the same as setting
 * the `history` attribute. */
const api = {
  refresh() { call(this, (widget) => widget.refresh()); },
  setCart(lines) {
    const json = asJson(lines, 'setCart');
    if (json === undefined) return;
    if (this.cartPlatform) call(this, (widget) => widget.set_cart(json));
    else this.setAttribute(this.localName === 'checkout-addons' ? 'cart' : 'data-cart', json);
  },
  setHistory(orders) {
    const json = asJson(orders, 'setHistory');
    if (json !== undefined) this.setAttribute(this.localName === 'checkout-addons' ? 'history' : 'data-history', json);
  },
};

// An array as the attribute takes it, or its JSON text as given (the attribute's form, an easy
// slip); anything else is ignored with a warning, never thrown into the page nor taken as an
// empty cart (a cycle, a BigInt, an object).
function asJson(value, method) {
  try {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return JSON.stringify(value);
  } catch { /* below */ }
  say(`${method}() takes an array (or its JSON text); ignored`);
  return undefined;
}

if (!customElements.get('checkout-addons')) {
  class CheckoutAddons extends HTMLElement {
    // Each also as `data-{name}`, as every attribute is read.
    static observedAttributes = [...observed, ...observed.map((name) => `data-${name}`)];
    connectedCallback() { mount(this); }
    disconnectedCallback() { unmountLater(this); }
    connectedMoveCallback() { /* moved within the page: nothing to do */ }
    attributeChangedCallback(name, old, value) {
      if (old === value || !this.checkoutAddons) return;
      name = name.replace(/^data-/, '');
      if (name === 'cart') cartChanged(this);
      else if (name === 'history') historyChanged(this);
      else remountSoon(this);
    }
  }
  Object.assign(CheckoutAddons.prototype, api);
  CheckoutAddons.version = version;
  customElements.define('checkout-addons', CheckoutAddons);
}

// A move (React re-parenting it, Turbo's permanent elements, `moveBefore`) is a disconnect and
// a connect: the widget stays, with its added cards and their undo, unless the element is still
// out of the page a task later (Turbo re-inserts after an await).
function unmountLater(element) {
  hearOwn(element, true);
  setTimeout(() => {
    if (element.isConnected) return;
    divs.delete(element);
    unmount(element);
  });
}

// `<div data-checkout-addons>`: found now and whenever the page adds, removes or changes one.
function mountDiv(element) {
  if (element.localName === 'checkout-addons') return;
  // Back in the page before it was unmounted (after an await, as a page transition keeps it):
  // heard at the document again, and only there.
  if (divs.has(element)) return hearOwn(element, false);
  divs.add(element);
  Object.assign(element, api);
  mount(element);
}

function scan(root) {
  if (root.nodeType !== 1) return;
  if (root.hasAttribute('data-checkout-addons')) mountDiv(root);
  for (const element of root.querySelectorAll('[data-checkout-addons]')) mountDiv(element);
}

const observer = new MutationObserver((records) => {
  for (const record of records) {
    const element = record.target;
    // The same value written again (jQuery's `.attr`, Alpine, Stimulus) changes nothing.
    if (record.type === 'attributes' && record.oldValue === element.getAttribute(record.attributeName)) continue;
    if (record.type === 'attributes' && divs.has(element)) {
      if (!element.hasAttribute('data-checkout-addons')) {
        divs.delete(element);
        unmount(element);
      } else if (record.attributeName === 'data-cart') {
        cartChanged(element);
      } else if (record.attributeName === 'data-history') {
        historyChanged(element);
      } else if (record.attributeName !== 'data-checkout-addons') {
        remount(element);
      }
    } else if (record.type === 'attributes') {
      scan(element);
    }
    for (const node of record.addedNodes) scan(node);
  }
  for (const element of divs) {
    if (!element.isConnected) unmountLater(element);
  }
});
if (first) observer.observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeOldValue: true,
  attributeFilter: ['data-checkout-addons', ...observed.map((name) => `data-${name}`)],
});
if (first) scan(document.documentElement);

// Performance marks for the shop's own measurements: from this script's start to the first
// add-ons on screen.
// (A page that clears the marks makes `measure` throw: never into the page.)
listen('render', (event) => {
  try {
    if (event.detail?.items?.length && !performance.getEntriesByName('checkout-addons:items').length) {
      performance.mark('checkout-addons:items');
      performance.measure('checkout-addons:start-to-items', 'checkout-addons:start', 'checkout-addons:items');
    }
  } catch { /* the page cleared our start mark, or has no marks */ }
});
