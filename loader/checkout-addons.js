// checkout-addons loader: the one script a shop embeds.
//
//   <script type="module" src="https://cdn.example/checkout-addons/0.1.0/checkout-addons.js"></script>
//   <checkout-addons feed="/feed.json" cart="sku-1,sku-2"></checkout-addons>
//
// Every path is resolved from this file's own URL, so the artifact works from any origin or CDN
// folder. Nothing here may throw into the host page: failures become one console warning and a
// `checkout-addons:error` event on the element.
const base = new URL('./', import.meta.url);
let engine;

function start() {
  engine ??= import(new URL('core/checkout-addons.js', base).href).then(async (bindings) => {
    await bindings.default({ module_or_path: new URL('core/checkout-addons_bg.wasm', base) });
    return bindings;
  });
  return engine;
}

function fail(element, error) {
  console.warn('checkout-addons: could not start:', error);
  element.setAttribute('data-state', 'error');
  element.dispatchEvent(new CustomEvent('checkout-addons:error', {
    bubbles: true, composed: true, detail: { message: String(error) },
  }));
}

async function mount(element) {
  if (element.checkoutAddons) return;
  element.setAttribute('data-state', 'loading');
  element.checkoutAddons = 'starting';
  try {
    const bindings = await start();
    if (element.checkoutAddons !== 'starting') return; // removed while loading
    element.checkoutAddons = bindings.mount(element);
  } catch (error) {
    element.checkoutAddons = undefined;
    fail(element, error);
  }
}

function unmount(element) {
  const widget = element.checkoutAddons;
  element.checkoutAddons = undefined;
  if (widget && widget !== 'starting') {
    try { widget.unmount(); } catch (error) { console.warn('checkout-addons:', error); }
  }
}

function setCart(element, ids) {
  const widget = element.checkoutAddons;
  if (widget && widget !== 'starting') {
    try { widget.set_cart(ids ?? ''); } catch (error) { console.warn('checkout-addons:', error); }
  }
}

if (!customElements.get('checkout-addons')) {
  customElements.define('checkout-addons', class extends HTMLElement {
    static observedAttributes = ['cart'];
    connectedCallback() { mount(this); }
    disconnectedCallback() { unmount(this); }
    attributeChangedCallback(name, _old, value) { setCart(this, value); }
  });
}
