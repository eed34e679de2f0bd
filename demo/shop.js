// The demo shop's own cart: what a real shop's theme does, in miniature. It keeps the cart,
// renders it, tells the widget what is in it (the `cart` attribute) and is the widget's cart
// adapter. Query parameters for trying things out and for tests:
//   ?cart=id,id     start with these product or variant ids
//   ?max=N          how many add-ons the widget shows
//   ?lang=en        page language (the widget follows it)
//   ?feed=URL       another feed for the widget (the shop's own list keeps the demo catalog)
//   ?segment=NAME   the shop's word on who the shopper is: new, frequent, high-value, lapsing
//   ?picker         let shoppers choose the variant on the cards (`variant-picker`; `?picker=data`
//                   writes it `data-variant-picker`)
//   ?history=regular  a logged-in regular's past orders (the widget's `history`): two bags of
//                   espresso beans (21 days each) and filters 40 days ago, so the beans are due
//                   again, and
//                   baby wipes, dish cloths and two washing-up liquids 5 days ago, not yet due;
//                   `?history=lapsing` a customer who last ordered 200 days ago; or the orders
//                   themselves as JSON
//   ?reorder        offer the last order again as one card (`reorder`; with a `?history`)
//   ?free-shipping=N  the shop ships for free from N cents (`free-shipping-from`): below it the
//                   widget says what the cart lacks and prefers add-ons that close the gap
//   ?adapter=event  handle the widget's `checkout-addons:add` event instead of being its
//                   object adapter (no undo then: events cannot take an add back; and no
//                   upsells, unless with `&event-swaps` this listener does the swaps too)
(function () {
  'use strict';
  const params = new URLSearchParams(location.search);
  const widgets = () => document.querySelectorAll('checkout-addons');
  if (params.get('lang')) document.documentElement.lang = params.get('lang');
  for (const name of ['max', 'feed', 'segment']) {
    if (params.get(name)) widgets().forEach((w) => w.setAttribute(name, params.get(name)));
  }
  if (params.has('reorder')) widgets().forEach((w) => w.setAttribute('reorder', ''));
  if (params.has('picker')) {
    widgets().forEach((w) => w.setAttribute(params.get('picker') === 'data' ? 'data-variant-picker' : 'variant-picker', ''));
  }
  if (params.get('free-shipping')) widgets().forEach((w) => w.setAttribute('free-shipping-from', params.get('free-shipping')));
  if (params.get('history')) {
    const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    const presets = {
      regular: [
        { date: daysAgo(40), lines: [{ id: 'espressobonen', quantity: 2 }, 'koffiefilters'] },
        { date: daysAgo(5), lines: ['babydoekjes', 'vaatdoekjes', { id: 'afwasmiddel', quantity: 2 }] },
      ],
      // Nothing ordered for 200 days: lapsing, so a bundle with its saving comes forward.
      lapsing: [{ date: daysAgo(200), lines: ['pannenlappen'] }],
    };
    const history = presets[params.get('history')];
    widgets().forEach((w) => w.setAttribute('history', history ? JSON.stringify(history) : params.get('history')));
  }

  const startIds = (params.get('cart') ?? 'handkoffiemolen,suede-sneakers-42').split(',').filter(Boolean);
  /** @type {{id: string, productId: string, title: string, variant: string, price: number, quantity: number}[]} */
  let lines = startIds.map((id) => ({ id, productId: id, title: id, variant: '', price: 0, quantity: 1 }));
  let catalog = null;
  const euro = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' });
  const money = (minor) => euro.format(minor / 100);

  function lookup(id) {
    for (const product of catalog?.products ?? []) {
      if (product.id === id) return { product, variant: null };
      const variant = (product.variants ?? []).find((v) => v.id === id);
      if (variant) return { product, variant };
    }
    return null;
  }

  function describe(line) {
    const found = lookup(line.id);
    if (!found) return line;
    const { product, variant } = found;
    return { ...line, productId: product.id, title: product.title, image: product.image,
      variant: variant?.title ?? '', price: variant?.price ?? product.price };
  }

  function render() {
    const body = document.getElementById('cart-lines');
    body.replaceChildren(...lines.map((line, index) => {
      const row = document.createElement('tr');
      row.dataset.productId = line.productId;
      const item = document.createElement('td');
      item.className = 'item';
      if (line.image) {
        const img = Object.assign(document.createElement('img'), { src: line.image, alt: '', width: 48, height: 48 });
        item.append(img);
      }
      const name = document.createElement('span');
      name.className = 'line-title';
      name.textContent = line.variant ? `${line.title} (${line.variant})` : line.title;
      item.append(name);
      const quantity = document.createElement('td');
      quantity.textContent = String(line.quantity);
      const price = document.createElement('td');
      price.className = 'amount';
      price.textContent = money(line.price * line.quantity);
      const remove = document.createElement('td');
      const button = Object.assign(document.createElement('button'), { type: 'button', className: 'remove', textContent: '×' });
      button.setAttribute('aria-label', `${line.title} verwijderen`);
      button.addEventListener('click', () => { lines.splice(index, 1); update(); });
      remove.append(button);
      row.append(item, quantity, price, remove);
      return row;
    }));
    const subtotal = lines.reduce((sum, l) => sum + l.price * l.quantity, 0);
    document.getElementById('cart-subtotal').textContent = money(subtotal);
    document.getElementById('cart-shipping').textContent = subtotal >= 5000 || subtotal === 0 ? 'Gratis' : money(495);
    document.getElementById('cart-count').textContent = String(lines.reduce((n, l) => n + l.quantity, 0));
    document.getElementById('empty-cart').hidden = lines.length > 0;
  }

  function update() {
    render();
    const cart = JSON.stringify(lines.map(({ id, quantity }) => ({ id, quantity })));
    widgets().forEach((w) => w.setAttribute('cart', cart));
  }

  function addLine(id, fallback, quantity = 1) {
    const existing = lines.find((l) => l.id === id);
    if (existing) existing.quantity += quantity;
    else lines.push(describe({ id, productId: id, title: id, variant: '', price: 0, quantity, ...fallback }));
    update();
  }

  function removeLine(id, quantity = 1) {
    const index = lines.findIndex((l) => l.id === id);
    if (index < 0) return;
    if (lines[index].quantity > quantity) lines[index].quantity -= quantity;
    else lines.splice(index, 1);
    update();
  }

  // A swap (an upsell) puts the upgrade in the place of the line it upgrades, in its quantity;
  // its undo puts that line back. `item.replaces` names the line.
  function swap({ productId, variantId, title, price, quantity, replaces }) {
    removeLine(replaces.variantId ?? replaces.productId, quantity);
    addLine(variantId ?? productId, { title, price }, quantity);
  }

  // A real cart answers over the network; the demo's takes a moment too, so the button's
  // "adding" state shows.
  const cartRoundTrip = () => new Promise((done) => setTimeout(done, 150));

  if (params.get('adapter') === 'event') {
    // The generic event adapter: the widget asks, the shop's cart decides. (A shop could refuse
    // with event.preventDefault(); waitUntil keeps the button busy until the cart is done.)
    document.addEventListener('checkout-addons:add', (event) => {
      const { productId, variantId, title, price, quantity, replaces } = event.detail;
      // With `event-swaps` on the widget, this listener also does the swaps.
      const done = replaces ? () => swap(event.detail) : () => addLine(variantId ?? productId, { title, price }, quantity);
      event.detail.waitUntil(cartRoundTrip().then(done));
    });
    if (params.has('event-swaps')) widgets().forEach((w) => w.setAttribute('event-swaps', ''));
  } else {
    // The object adapter: `remove` gives the shopper an undo, `replace` lets an upgrade take
    // its item's place (and `remove` then puts the item back).
    const adapter = {
      add: ({ productId, variantId, title, price, quantity }) =>
        cartRoundTrip().then(() => addLine(variantId ?? productId, { title, price }, quantity)),
      replace: (item) => cartRoundTrip().then(() => swap(item)),
      remove: ({ productId, variantId, quantity, replaces }) => cartRoundTrip().then(() => {
        if (replaces) addLine(replaces.variantId ?? replaces.productId, {}, quantity);
        removeLine(variantId ?? productId, quantity);
      }),
    };
    widgets().forEach((w) => { w.cartAdapter = adapter; });
  }

  document.getElementById('demo-add').addEventListener('click', () => {
    const id = document.getElementById('demo-product').value;
    if (id) addLine(id, {});
  });

  update();
  // A real shop renders its cart on the server. The demo renders it once its catalog is in and
  // only then shows the checkout, so nothing on the page moves but the widget (if it did).
  const shown = () => document.querySelector('.checkout').removeAttribute('data-loading');
  fetch('/demo/feed.json')
    .then((response) => response.json())
    .then((feed) => {
      catalog = feed;
      lines = lines.map(describe);
      const select = document.getElementById('demo-product');
      select.replaceChildren(...feed.products.map((p) => new Option(`${p.title} (${money(p.price)})`, p.variants?.[0]?.id ?? p.id)));
      render();
    })
    .catch((error) => console.warn('demo shop: could not load its catalog', error))
    .finally(shown);
})();
