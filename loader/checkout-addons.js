// checkout-addons loader: the one script a shop embeds.
//
//   <script type="module" src="https://cdn.example/checkout-addons/0.1.0/checkout-addons.js"></script>
//   <checkout-addons feed="/feed.json" cart="sku-1,sku-2"></checkout-addons>
//   <div data-checkout-addons data-feed="/feed.json" data-cart="sku-1"></div>  (for CMSs that strip tags)
//
// Every path is resolved from this file's own URL, so the artifact works from any origin or CDN
// folder. Nothing here may throw into the host page: failures become one console warning and a
// `checkout-addons:error` event on each element.
performance.mark('checkout-addons:start');
const version = '0.1.0';
const base = new URL('./', import.meta.url);
// Attributes read at mount; changing one mounts the widget again. `cart` is applied in place.
const remountOn = ['feed', 'locale', 'currency', 'max', 'placement'];
const divs = new Set();
let engine;
let engineWarned = false;

function start() {
  engine ??= import(new URL('core/checkout-addons.js', base).href).then(async (bindings) => {
    await bindings.default({ module_or_path: new URL('core/checkout-addons_bg.wasm', base) });
    return bindings;
  });
  return engine;
}

// Until the wasm brings the widget's own stylesheet, hold the height the widget will take
// (style/widget.css: a 24px heading, 12px gap, one row of cards), so nothing below it moves.
let reserveSheet;
function reserve(element) {
  if (element.shadowRoot) return;
  try {
    reserveSheet ??= new CSSStyleSheet();
    reserveSheet.replaceSync(':host{display:block;min-height:calc(36px + var(--ca-card-height,184px))}'
      + ':host([data-state=error]){display:none}');
    element.attachShadow({ mode: 'open' }).adoptedStyleSheets = [reserveSheet];
  } catch { /* an element that cannot host a shadow root is reported by mount */ }
}

function fail(element, error) {
  // The engine failing to start fails every element for the same reason: say it once.
  if (!engineWarned) console.warn('checkout-addons: could not start:', error);
  engineWarned = true;
  element.setAttribute('data-state', 'error');
  element.dispatchEvent(new CustomEvent('checkout-addons:error', {
    bubbles: true, composed: true, detail: { message: String(error) },
  }));
}

// The feed downloads while the wasm loads rather than after it; the widget takes the request
// over (and its timeout aborts it through the controller).
function startFeed(element) {
  const url = (element.getAttribute('feed') ?? element.getAttribute('data-feed') ?? '').trim();
  if (!url) return undefined;
  try {
    const controller = new AbortController();
    const response = fetch(url, { signal: controller.signal });
    response.catch(() => {}); // the widget reports failures; never an unhandled rejection
    return { response, controller };
  } catch {
    return undefined;
  }
}

async function mount(element) {
  if (element.checkoutAddons) return;
  element.setAttribute('data-state', 'loading');
  reserve(element);
  element.checkoutAddons = 'starting';
  const feed = startFeed(element);
  try {
    const bindings = await start();
    if (element.checkoutAddons !== 'starting') return feed?.controller.abort(); // removed while loading
    element.checkoutAddons = bindings.mount(element, feed);
  } catch (error) {
    feed?.controller.abort();
    element.checkoutAddons = undefined;
    fail(element, error);
  }
}

// Calls into a mounted widget; an error there is the widget's own and was reported by it.
function call(element, action) {
  const widget = element.checkoutAddons;
  if (widget && widget !== 'starting') {
    try { action(widget); } catch { /* reported by the widget itself */ }
  }
}

function unmount(element) {
  call(element, (widget) => widget.unmount());
  element.checkoutAddons = undefined;
}

function remount(element) {
  unmount(element);
  mount(element);
}

/** The page's API on each element: `refresh()` fetches the feed again, `setCart(ids)` takes an
 * array of ids (or a comma-separated string) and is the same as setting the `cart` attribute. */
const api = {
  refresh() { call(this, (widget) => widget.refresh()); },
  setCart(ids) {
    const list = Array.isArray(ids) ? ids.join(',') : String(ids ?? '');
    this.setAttribute(this.localName === 'checkout-addons' ? 'cart' : 'data-cart', list);
  },
};

function cartOf(element) {
  return element.getAttribute('cart') ?? element.getAttribute('data-cart') ?? '';
}

if (!customElements.get('checkout-addons')) {
  class CheckoutAddons extends HTMLElement {
    static observedAttributes = ['cart', ...remountOn];
    connectedCallback() { mount(this); }
    disconnectedCallback() { unmount(this); }
    attributeChangedCallback(name, old, value) {
      if (old === value || !this.checkoutAddons) return;
      if (name === 'cart') call(this, (widget) => widget.set_cart(value ?? ''));
      else remount(this);
    }
  }
  Object.assign(CheckoutAddons.prototype, api);
  CheckoutAddons.version = version;
  customElements.define('checkout-addons', CheckoutAddons);
}

// `<div data-checkout-addons>`: found now and whenever the page adds, removes or changes one.
function mountDiv(element) {
  if (divs.has(element) || element.localName === 'checkout-addons') return;
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
    if (record.type === 'attributes' && divs.has(element)) {
      if (!element.hasAttribute('data-checkout-addons')) {
        divs.delete(element);
        unmount(element);
      } else if (record.attributeName === 'data-cart') {
        call(element, (widget) => widget.set_cart(cartOf(element)));
      } else if (record.attributeName !== 'data-checkout-addons') {
        remount(element);
      }
    } else if (record.type === 'attributes') {
      scan(element);
    }
    for (const node of record.addedNodes) scan(node);
  }
  for (const element of divs) {
    if (!element.isConnected) {
      divs.delete(element);
      unmount(element);
    }
  }
});
observer.observe(document.documentElement, {
  childList: true,
  subtree: true,
  attributes: true,
  attributeFilter: ['data-checkout-addons', 'data-cart', ...remountOn.map((name) => `data-${name}`)],
});
scan(document.documentElement);

// Performance marks for the shop's own measurements: from this script's start to the first
// add-ons on screen.
document.addEventListener('checkout-addons:render', (event) => {
  if (event.detail?.items?.length && !performance.getEntriesByName('checkout-addons:items').length) {
    performance.mark('checkout-addons:items');
    performance.measure('checkout-addons:start-to-items', 'checkout-addons:start', 'checkout-addons:items');
  }
});
