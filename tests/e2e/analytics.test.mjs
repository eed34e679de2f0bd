// Measuring what add-ons earn: GA4 ecommerce events in the page's dataLayer, the same facts to
// a shop's own beacon endpoint, and the holdout group (stable per visitor, proportional, with
// storage blocked).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serveDist, launchChromium, openPage, titlesIn } from './support.mjs';

let browser;
let server;
const beacons = [];
before(async () => {
  browser = await launchChromium();
  server = await serveDist({
    handle: async (request, response, path) => {
      if (!path.startsWith('/collect')) return false;
      const chunks = [];
      for await (const chunk of request) chunks.push(chunk);
      beacons.push({ path, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), cookie: request.headers.cookie, referer: request.headers.referer });
      response.writeHead(204).end();
      return true;
    },
  });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

// A shop page with Google Tag Manager's dataLayer and a cart that accepts every add.
const shopPage = (attributes) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cart</title><link rel="icon" href="data:,">
<script>window.dataLayer = [];</script></head>
<body><main>
  <checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="2" placement="cart" ${attributes}></checkout-addons>
</main>
<script>document.getElementById('w').cartAdapter = { add: () => Promise.resolve() };</script>
<script type="module" src="/checkout-addons.js"></script></body></html>`;

async function open(attributes = '', prepare = async () => {}, html = shopPage(attributes)) {
  const url = `${server.url}/shop-${Math.random().toString(36).slice(2)}.html`;
  const opened = await openPage(browser, url, undefined, async (page) => {
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
    await prepare(page);
  });
  return opened;
}

const dataLayer = (page) => page.evaluate(() => window.dataLayer);
/** Keeps each widget's last cards, by its id, in `window.shown`. */
const recordShown = (page) => page.addInitScript(() => {
  window.shown = {};
  document.addEventListener('checkout-addons:render', (e) => { window.shown[e.target.id] = e.detail.items.map((i) => i.productId); });
});

test('GA4 ecommerce events: view_item_list, select_item, add_to_cart, with prices in currency units', async () => {
  const { page, errors } = await open();
  try {
    const titles = await titlesIn(page, '#w');
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const shown = (await dataLayer(page)).find((e) => e.event === 'view_item_list').ecommerce;
    assert.equal(shown.item_list_id, 'checkout_addons_cart');
    assert.equal(shown.item_list_name, 'checkout-addons');
    assert.equal(shown.currency, 'EUR');
    assert.deepEqual(shown.items.map((i) => i.item_name), titles);
    const first = shown.items[0];
    const price = await page.locator('#w .card .now').first().innerText();
    assert.equal(price.replace(/[^\d.,]/g, '').replace(',', '.'), first.price.toFixed(2), 'the price the card shows, in euros');
    assert.ok(first.item_id && first.reason && first.index === 0 && first.item_list_id === 'checkout_addons_cart', JSON.stringify(first));
    assert.equal(first.currency, 'EUR');

    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    const events = await dataLayer(page);
    const names = events.map((e) => e.event ?? (e.ecommerce === null ? 'clear' : '?'));
    assert.deepEqual(names, ['clear', 'view_item_list', 'clear', 'select_item', 'clear', 'add_to_cart'],
      'each ecommerce event is preceded by clearing the previous one, as GA4 asks');
    const added = events.at(-1).ecommerce;
    assert.equal(added.items[0].item_id, first.item_id);
    // Counted in the lane its card was shown in, so `addons report --events` splits adds by reason.
    assert.equal(added.items[0].reason, first.reason);
    assert.equal(events.find((e) => e.event === 'select_item').ecommerce.items[0].reason, first.reason);
    assert.equal(added.value, first.price);
    assert.ok(!events.some((e) => e.event === 'checkout_addons_exposure'), 'no holdout test, no exposure');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a tag manager that loads after the widget (after consent, lower on the page) still gets its events, after its own', async () => {
  // A holdout test, this visitor in the treatment group: the exposure comes first.
  const html = shopPage('holdout="10"').replace('<script>window.dataLayer = [];</script>', '');
  const { page, errors } = await open('', async (p) => {
    await p.addInitScript(() => localStorage.setItem('checkout-addons:bucket', '0.5'));
  }, html);
  try {
    const titles = await titlesIn(page, '#w');
    assert.equal(await page.evaluate(() => typeof window.dataLayer), 'undefined', 'the widget makes no dataLayer of its own');
    // What a consent tool and Google's snippet do when they arrive: the defaults first.
    await page.evaluate(() => {
      window.dataLayer = window.dataLayer || [];
      window.dataLayer.push({ consent: 'default', analytics_storage: 'denied' });
    });
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const events = await dataLayer(page);
    assert.equal(events[0].consent, 'default', JSON.stringify(events));
    assert.equal(events[1].event, 'checkout_addons_exposure', JSON.stringify(events));
    const shown = events.find((e) => e.event === 'view_item_list').ecommerce;
    assert.deepEqual(shown.items.map((i) => i.item_name), titles);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('without a dataLayer the loader keeps 200 events, each whole with the null before it', async () => {
  const html = shopPage('').replace('<script>window.dataLayer = [];</script>', '');
  const { page, errors } = await open('', async () => {}, html);
  try {
    await titlesIn(page, '#w');
    // 250 presses' worth of `select_item`, more than the loader keeps.
    await page.evaluate(() => {
      const w = document.getElementById('w');
      for (let i = 0; i < 250; i += 1) {
        w.dispatchEvent(new CustomEvent('checkout-addons:add', { bubbles: true, composed: true,
          detail: { productId: `p${i}`, title: `P${i}`, price: 100, currency: 'EUR', quantity: 1 } }));
      }
      window.dataLayer = [];
    });
    await page.waitForFunction(() => window.dataLayer.length > 0, null, { timeout: 5_000 });
    const entries = await dataLayer(page);
    assert.equal(entries.filter((e) => e.event).length, 200);
    entries.forEach((entry, i) => {
      if (entry.ecommerce) assert.deepEqual(entries[i - 1], { ecommerce: null }, `entry ${i}`);
      if (entry.ecommerce === null) assert.ok(entries[i + 1]?.event, `a null at ${i} without its event`);
    });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("a product its shop's history links to nothing gets the shop's bestsellers, said so on the card and to GA4", async () => {
  const feed = {
    version: 1, currency: 'EUR',
    products: [
      { id: 'notebook', title: 'Notebook', price: 500 },
      { id: 'candle', title: 'Candle', price: 250 },
      { id: 'mug', title: 'Mug', price: 400 },
      { id: 'lamp', title: 'Lamp', price: 4500 },
    ],
    bestsellers: ['lamp', 'candle', 'notebook', 'mug'],
  };
  const html = shopPage('')
    .replace('/demo/feed.json', '/bestsellers.json')
    .replace('["handkoffiemolen"]', '["notebook"]')
    .replace('max="2"', 'max="3"');
  const serve = (page) => page.route(`${server.url}/bestsellers.json`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(feed) }));
  const { page, errors } = await open('', serve, html);
  try {
    // The lamp would outshine the cart, and the notebook is in it.
    assert.deepEqual(await titlesIn(page, '#w'), ['Candle', 'Mug']);
    assert.deepEqual(await page.locator('#w .card .reason').allInnerTexts(), ['A bestseller', 'A bestseller']);
    // Products without a page of their own (no `url`): their titles are no links, nor stops for
    // the keyboard.
    assert.equal(await page.locator('#w').getByRole('link').count(), 0);
    assert.deepEqual(await page.locator('#w .card .title').evaluateAll((titles) =>
      titles.map((title) => { title.focus(); return title.getRootNode().activeElement === title; })), [false, false]);
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const shown = (await dataLayer(page)).find((e) => e.event === 'view_item_list').ecommerce;
    assert.deepEqual(shown.items.map((i) => i.reason), ['bestseller', 'bestseller']);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a page that includes the loader twice counts every view and add once', async () => {
  // Two copies (a theme and an app both adding the tag, one with a cache-busting query) run
  // as two modules; only the first may listen, count and mount.
  const twice = shopPage('').replace('</body>', '<script type="module" src="/checkout-addons.js?v=2"></script></body>');
  const { page, errors } = await open('', async () => {}, twice);
  try {
    await titlesIn(page, '#w');
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    await page.waitForTimeout(200);
    const names = (await dataLayer(page)).map((e) => e.event ?? (e.ecommerce === null ? 'clear' : '?'));
    assert.deepEqual(names, ['clear', 'view_item_list', 'clear', 'select_item', 'clear', 'add_to_cart']);
    const seen = await page.evaluate(() => JSON.parse(localStorage.getItem('checkout-addons:seen')));
    assert.ok(Object.values(seen).every((entry) => !entry.views || entry.views === 1), JSON.stringify(seen));
    assert.equal(await page.evaluate(() => performance.getEntriesByName('checkout-addons:start').length), 1);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the cards count as shown once: a cart the page reports after an add, or again unchanged, is no new view', async () => {
  // As a real shop's page does: its cart (and so the widget's `cart`) holds what was added.
  const page_ = shopPage('').replace(
    "cartAdapter = { add: () => Promise.resolve() }",
    "cartAdapter = { add: (item) => { const w = document.getElementById('w'); window.cartNow = [...JSON.parse(w.getAttribute('cart')), item.productId]; w.setCart(window.cartNow); return Promise.resolve(); } }",
  );
  const { page, errors } = await open('', async () => {}, page_);
  try {
    await titlesIn(page, '#w');
    const views = async () => (await dataLayer(page)).filter((e) => e.event === 'view_item_list').length;
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    // The same cart told again (a theme re-rendering its drawer).
    await page.evaluate(() => document.getElementById('w').setCart([...window.cartNow]));
    await page.waitForTimeout(300);
    assert.equal(await views(), 1, 'one view of the same cards');
    // A product the shopper adds elsewhere changes the cards: that is a new view.
    await page.evaluate(() => document.getElementById('w').setCart(['suede-sneakers']));
    await page.waitForFunction(() => window.dataLayer.filter((e) => e.event === 'view_item_list').length === 2);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a card reworded or joined by another is no second view of it: GA4 hears only the card that came in, at its place', async () => {
  // €1.00 short of free shipping: either card closes the gap, and once one is in, the other
  // card's reason is its own again (the cards are drawn anew).
  const page_ = shopPage('free-shipping-from="5095"').replace(
    "cartAdapter = { add: () => Promise.resolve() }",
    "cartAdapter = { add: (item) => { const w = document.getElementById('w'); window.cartNow = [...JSON.parse(w.getAttribute('cart')), { id: item.productId, quantity: item.quantity }]; w.setCart(window.cartNow); return Promise.resolve(); } }",
  );
  const { page, errors } = await open('', async () => {}, page_);
  try {
    await titlesIn(page, '#w');
    const views = async () => (await dataLayer(page)).filter((e) => e.event === 'view_item_list').map((e) => e.ecommerce.items.map((i) => [i.item_id, i.index]));
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const [first] = await views();
    assert.equal(first.length, 2, JSON.stringify(first));
    const reasons = () => page.locator('#w .card .reason').allInnerTexts();
    const before = await reasons();
    assert.ok(before.every((r) => r === 'Free shipping with this one'), before.join(', '));
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.card .reason')[1]?.textContent !== 'Free shipping with this one');
    await page.waitForTimeout(300);
    assert.deepEqual(await views(), [first], 'the same two cards, reworded: no new view');
    // Hidden: the next one takes its place, and only it is a new view, at the second place.
    await page.locator('#w .card').nth(1).locator('button.dismiss').click();
    await page.waitForFunction(() => window.dataLayer.filter((e) => e.event === 'view_item_list').length === 2);
    const second = (await views())[1];
    assert.equal(second.length, 1, JSON.stringify(second));
    assert.ok(!first.some(([id]) => id === second[0][0]), 'a product not shown before');
    assert.equal(second[0][1], 1, 'at its place in the list');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

/**
 * A shop whose cart answers an add only when the test calls `window.answer()`, long after the
 * 300 ms `timeout`: the first card is pressed and says "Still waiting…". What a screen reader
 * hears is kept in `window.said`. `more` adds adapter methods (`remove`).
 */
async function pressedWhileTheCartIsSlow(more = '') {
  const slow = shopPage('timeout="300"').replace(
    "cartAdapter = { add: () => Promise.resolve() }",
    `cartAdapter = { add: () => new Promise((done) => { window.answer = done; })${more} }`,
  );
  const opened = await open('', async () => {}, slow);
  const { page } = opened;
  await titlesIn(page, '#w');
  await page.evaluate(() => {
    window.said = [];
    const live = document.getElementById('w').shadowRoot.querySelector('.announcer');
    new MutationObserver(() => window.said.push(live.textContent))
      .observe(live, { subtree: true, childList: true, characterData: true });
  });
  const card = page.locator('#w .card').first();
  const id = await card.getAttribute('data-id');
  await card.locator('button.add').click();
  await page.waitForFunction(() => [...document.getElementById('w').shadowRoot.querySelectorAll('button.add')]
    .some((b) => b.textContent === 'Still waiting…'));
  return { ...opened, card, id };
}

test('an add whose late answer comes after the cart showed it, and moved on, still reaches GA4', async () => {
  // The cart takes longer than `timeout` to answer; meanwhile the page's cart shows the item
  // (the card says added) and then changes again (the added card leaves).
  const { page, errors, card, id } = await pressedWhileTheCartIsSlow();
  try {
    await page.evaluate((added) => document.getElementById('w').setCart(['handkoffiemolen', added]), id);
    await card.locator('button.add[data-state=added]').waitFor({ timeout: 5_000 });
    await page.evaluate((added) => document.getElementById('w').setCart(['handkoffiemolen', added, 'suede-sneakers-42']), id);
    await page.waitForFunction((added) => !document.getElementById('w').shadowRoot.querySelector(`.card[data-id="${added}"]`), id);
    await page.evaluate(() => window.answer());
    await page.waitForFunction((added) => window.dataLayer.some((e) => e.event === 'add_to_cart' && e.ecommerce.items[0].item_id === added), id, { timeout: 5_000 });
    assert.equal((await dataLayer(page)).filter((e) => e.event === 'add_to_cart').length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('taken back before the late answer of its add: GA4 nets both, the shopper hears only the undo, and the product rests', async () => {
  const { page, errors, card, id } = await pressedWhileTheCartIsSlow(', remove: () => Promise.resolve()');
  try {
    // A read of the cart shows it in: the card says added, with its undo, which the shopper presses.
    await page.evaluate((added) => document.getElementById('w').setCart(['handkoffiemolen', added]), id);
    await card.locator('button.undo').click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'remove_from_cart'));
    await page.waitForFunction(() => window.said.some((text) => text.startsWith('Removed from your cart: ')));
    const heard = await page.evaluate(() => window.said.length);
    await page.evaluate(() => window.answer());
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'), undefined, { timeout: 5_000 });
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.said.length), heard, 'no "was added" after the undo');
    const rests = await page.evaluate((taken) => JSON.parse(localStorage.getItem('checkout-addons:seen'))[taken]?.until > Date.now(), id);
    assert.ok(rests, 'the product the shopper took back rests');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('an undo is a remove_from_cart of the same item, in the lane it was added from', async () => {
  const undoable = shopPage('').replace(
    "cartAdapter = { add: () => Promise.resolve() }",
    'cartAdapter = { add: () => Promise.resolve(), remove: () => Promise.resolve() }',
  );
  const { page, errors } = await open('', async () => {}, undoable);
  try {
    await titlesIn(page, '#w');
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    await page.locator('#w button.undo').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'remove_from_cart'));
    const events = await dataLayer(page);
    const added = events.find((e) => e.event === 'add_to_cart').ecommerce;
    const removed = events.find((e) => e.event === 'remove_from_cart').ecommerce;
    assert.deepEqual(removed.items, added.items);
    assert.equal(removed.value, added.value);
    assert.ok(removed.items[0].reason, JSON.stringify(removed.items[0]));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the next page of a single-page shop is a new page view: its exposure and its cards count again', async () => {
  const { page, errors } = await open('holdout="1"', (p) => p.addInitScript(() => localStorage.setItem('checkout-addons:bucket', '0.5')));
  try {
    await titlesIn(page, '#w');
    const count = async (name) => (await dataLayer(page)).filter((e) => e.event === name).length;
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    // A query the page rewrites in place (Shopify's `?variant=` on a product page, whose cart
    // drawer is then drawn anew) is the same page view.
    await page.evaluate(() => {
      history.replaceState({}, '', '?variant=2');
      const old = document.getElementById('w');
      old.replaceWith(old.cloneNode());
    });
    await page.waitForTimeout(1_000);
    assert.equal(await count('view_item_list'), 1);
    assert.equal(await count('checkout_addons_exposure'), 1);
    // The router moves on and draws the widget anew, with the same cart.
    await page.evaluate(() => {
      history.pushState({}, '', '/next-page');
      const old = document.getElementById('w');
      const again = old.cloneNode();
      old.replaceWith(again);
    });
    await page.waitForFunction(() => window.dataLayer.filter((e) => e.event === 'view_item_list').length === 2, undefined, { timeout: 10_000 });
    assert.equal(await count('checkout_addons_exposure'), 2);
    // Drawn anew on the same page, it is the same view.
    await page.evaluate(() => {
      const old = document.getElementById('w');
      old.replaceWith(old.cloneNode());
    });
    await page.waitForTimeout(1_000);
    assert.equal(await count('view_item_list'), 2);
    assert.equal(await count('checkout_addons_exposure'), 2);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a swap is the upgrade in and the line it replaced out, so GA4 counts the difference; its undo reverses both', async () => {
  // The upgrade of the cart's hand grinder comes third.
  const swapping = shopPage('').replace('max="2"', 'max="3"').replace(
    "cartAdapter = { add: () => Promise.resolve() }",
    'cartAdapter = { add: () => Promise.resolve(), replace: () => Promise.resolve(), remove: () => Promise.resolve() }',
  );
  const { page, errors } = await open('', async () => {}, swapping);
  try {
    await titlesIn(page, '#w');
    const card = page.locator('#w .card', { hasText: 'Elektrische koffiemolen' });
    await card.locator('button.add').click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'remove_from_cart'));
    const cartEvents = async () => (await dataLayer(page))
      .filter((e) => e.event === 'add_to_cart' || e.event === 'remove_from_cart')
      .map((e) => [e.event, e.ecommerce.items.map((i) => [i.item_id, i.price, i.quantity]), e.ecommerce.value]);
    assert.deepEqual(await cartEvents(), [
      ['add_to_cart', [['elektrische-koffiemolen', 89.95, 1]], 89.95],
      ['remove_from_cart', [['handkoffiemolen', 49.95, 1]], 49.95],
    ]);
    const removed = (await dataLayer(page)).find((e) => e.event === 'remove_from_cart').ecommerce.items[0];
    // Not an add-on of any lane: `addons report --events` leaves it out. Named, as every item.
    assert.equal(removed.reason, 'swapped_out');
    assert.equal(removed.item_name, 'Handkoffiemolen keramisch');
    await card.locator('button.undo').click();
    await page.waitForFunction(() => window.dataLayer.filter((e) => e.event === 'add_to_cart').length === 2);
    assert.deepEqual((await cartEvents()).slice(2), [
      ['remove_from_cart', [['elektrische-koffiemolen', 89.95, 1]], 89.95],
      ['add_to_cart', [['handkoffiemolen', 49.95, 1]], 49.95],
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test("GA4 prices are in the currency's major unit as ISO 4217 counts it (forint: 2 digits, as the feed)", async () => {
  const { page, errors } = await open('', async (p) => {
    await p.route('**/demo/feed.json', async (route) => {
      const feed = await (await route.fetch()).json();
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...feed, currency: 'HUF' }) });
    });
    await p.addInitScript(() => {
      window.rendered = [];
      document.addEventListener('checkout-addons:render', (e) => window.rendered.push(...e.detail.items));
    });
  });
  try {
    await titlesIn(page, '#w');
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const shown = (await dataLayer(page)).find((e) => e.event === 'view_item_list').ecommerce;
    const rendered = await page.evaluate(() => window.rendered);
    assert.equal(shown.currency, 'HUF');
    assert.deepEqual(shown.items.map((i) => i.price), rendered.map((i) => i.price / 100));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('exposure is counted once per page view, however many widgets mount', async () => {
  const two = shopPage('holdout="10"').replace(
    '</main>',
    `<checkout-addons id="v" feed="/demo/feed.json" cart='["suede-sneakers"]' holdout="10"></checkout-addons></main>`,
  );
  const { page, errors } = await open('', async (p) => {
    await p.addInitScript(() => localStorage.setItem('checkout-addons:bucket', '0.05'));
  }, two);
  try {
    await page.waitForFunction(() => ['w', 'v'].every((id) => document.getElementById(id).dataset.state === 'holdout'));
    // Mounted again (an attribute change, as a cart drawer drawn anew).
    await page.evaluate(() => document.getElementById('w').setAttribute('placement', 'drawer'));
    await page.waitForTimeout(300);
    const exposures = (await dataLayer(page)).filter((e) => e.event === 'checkout_addons_exposure');
    assert.equal(exposures.length, 1, JSON.stringify(exposures));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('with a beacon on one widget of two, GA4 still hears the exposure once, and the beacon once', async () => {
  beacons.length = 0;
  const two = shopPage('holdout="10" beacon="/collect"').replace(
    '</main>',
    `<checkout-addons id="v" feed="/demo/feed.json" cart='["suede-sneakers"]' holdout="10"></checkout-addons></main>`,
  );
  const { page, errors } = await open('', async (p) => {
    await p.addInitScript(() => localStorage.setItem('checkout-addons:bucket', '0.5'));
  }, two);
  try {
    await page.waitForFunction(() => window.dataLayer.filter((e) => e.event === 'view_item_list').length === 2, null, { timeout: 15_000 });
    const exposures = (await dataLayer(page)).filter((e) => e.event === 'checkout_addons_exposure');
    assert.equal(exposures.length, 1, JSON.stringify(exposures));
    const deadline = Date.now() + 3000;
    while (!beacons.length && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    assert.equal(beacons.filter((b) => b.body.event === 'checkout_addons_exposure').length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('two widgets of one placement with beacons of their own: each beacon hears what its widget showed, GA4 each card once', async () => {
  // Paths of its own: the previous test's page may still be sending to `/collect` as it
  // closes, after `beacons` was emptied (a fresh machine's run once counted those here).
  beacons.length = 0;
  const two = shopPage('beacon="/collect-two"').replace(
    '</main>',
    `<checkout-addons id="v" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="2" placement="cart" beacon="/collect-two-other"></checkout-addons></main>`,
  );
  const { page, errors } = await open('', recordShown, two);
  try {
    await titlesIn(page, '#w');
    await titlesIn(page, '#v');
    const deadline = Date.now() + 5000;
    const viewsAt = (path) => beacons.filter((b) => b.path === path && b.body.event === 'view_item_list')
      .flatMap((b) => b.body.ecommerce.items.map((item) => item.item_id));
    while ((viewsAt('/collect-two').length < 2 || viewsAt('/collect-two-other').length < 2) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    const { w: shown, v: alsoShown } = await page.evaluate(() => window.shown);
    assert.equal(shown.length, 2);
    assert.deepEqual(alsoShown, shown, 'the same cart, the same cards');
    assert.deepEqual(viewsAt('/collect-two').sort(), [...shown].sort());
    assert.deepEqual(viewsAt('/collect-two-other').sort(), [...shown].sort(), 'the second endpoint hears the same cards its own widget showed');
    const layer = (await dataLayer(page)).filter((e) => e.event === 'view_item_list').flatMap((e) => e.ecommerce.items.map((item) => item.item_id));
    assert.deepEqual(layer.sort(), [...shown].sort(), 'GA4 hears one list, each card once');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('each receiver hears an add in the segment it counted the card\'s view in', async () => {
  beacons.length = 0;
  // The second widget knows the shopper (lapsing: nothing bought for a year and a half); the
  // first, of the same placement, does not. GA4 counts a card the first showed as `everyone`.
  const lastSummer = JSON.stringify([{ date: '2025-06-01', lines: ['espressobonen'] }]).replaceAll('"', '&quot;');
  const two = shopPage('').replace(
    '</main>',
    // Far below the first, so that GA4 counts the first's cards before it sees this one's.
    `<div style="height: 3000px"></div><checkout-addons id="v" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="3" placement="cart" beacon="/collect-other" history="${lastSummer}"></checkout-addons></main>`,
  ).replace('max="2" placement="cart"', 'max="3" placement="cart"')
    .replace("document.getElementById('w').cartAdapter", "document.getElementById('v').cartAdapter = document.getElementById('w').cartAdapter");
  const { page, errors } = await open('', recordShown, two);
  try {
    await titlesIn(page, '#w');
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    await page.locator('#v').scrollIntoViewIfNeeded();
    await titlesIn(page, '#v');
    const otherViews = () => beacons.filter((b) => b.path === '/collect-other' && b.body.event === 'view_item_list');
    const deadline = Date.now() + 5000;
    while (!otherViews().length && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    // A card both widgets show: GA4 counted it from the first, in `everyone`.
    const { w, v } = await page.evaluate(() => window.shown);
    const both = v.find((id) => w.includes(id));
    assert.ok(both, `a card both show: ${w} / ${v}`);
    await page.locator(`#v .card[data-id="${both}"] button.add`).click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    while (!beacons.some((b) => b.path === '/collect-other' && b.body.event === 'add_to_cart') && Date.now() < deadline + 5000) await new Promise((done) => setTimeout(done, 50));
    const layer = (await dataLayer(page)).filter((e) => e.event);
    const other = beacons.filter((b) => b.path === '/collect-other').map((b) => b.body);
    for (const [name, events] of [['GA4', layer], ['the second beacon', other]]) {
      const add = events.find((e) => e.event === 'add_to_cart');
      assert.ok(add, `${name} heard the add`);
      const id = add.ecommerce.items[0].item_id;
      const view = events.find((e) => e.event === 'view_item_list' && e.ecommerce.items.some((item) => item.item_id === id));
      assert.ok(view, `${name} counted a view of ${id}`);
      const reason = view.ecommerce.items.find((item) => item.item_id === id).reason;
      assert.deepEqual([add.customer_segment, add.ecommerce.items[0].reason], [view.customer_segment, reason], name);
    }
    assert.equal(other.find((e) => e.event === 'add_to_cart').customer_segment, 'lapsing', 'its own widget knew the shopper');
    assert.equal(layer.find((e) => e.event === 'add_to_cart').customer_segment, 'everyone', 'GA4 counted the card from the first');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a dataLayer the page freezes after the first events takes none, and nothing is thrown into the page', async () => {
  const html = shopPage('').replace('<script>window.dataLayer = [];</script>', '');
  const { page, errors } = await open('', async () => {}, html);
  try {
    await titlesIn(page, '#w');
    // The events wait for a dataLayer; the page then makes one it froze.
    await page.evaluate(() => { window.dataLayer = Object.freeze([{ event: 'gtm.js' }]); });
    await page.waitForTimeout(2_500);
    await page.locator('#w button.add').first().click();
    await page.waitForTimeout(1_500);
    assert.deepEqual(await dataLayer(page), [{ event: 'gtm.js' }]);
    assert.deepEqual(errors, [], 'the watch for a dataLayer threw into the page');
  } finally {
    await page.close();
  }
});

test('a page whose performance has no marks still gets its add-ons', async () => {
  const { page, errors } = await open('', (p) => p.addInitScript(() => {
    performance.mark = undefined;
    performance.getEntriesByName = undefined;
  }));
  try {
    assert.ok((await titlesIn(page, '#w')).length > 0);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

// `open`, `closed`, or `nested`: an open root inside a closed one (a drawer component whose
// own shadow root holds another component).
for (const mode of ['open', 'closed', 'nested']) test(`a widget inside another component's ${mode} shadow root reads its own placement and beacon`, async () => {
  beacons.length = 0;
  const nested = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cart</title><link rel="icon" href="data:,">
<script>window.dataLayer = [];</script></head>
<body><cart-drawer id="drawer" placement="outer"></cart-drawer>
<script>
  const outer = document.getElementById('drawer').attachShadow({ mode: '${mode === 'open' ? 'open' : 'closed'}' });
  const root = '${mode}' === 'nested'
    ? outer.appendChild(document.createElement('drawer-body')).attachShadow({ mode: 'open' })
    : outer;
  root.innerHTML = \`<checkout-addons feed="/demo/feed.json" cart='["handkoffiemolen"]' max="2" placement="drawer" beacon="/collect"></checkout-addons>\`;
</script>
<script type="module" src="/checkout-addons.js"></script></body></html>`;
  const { page, errors } = await open('', async () => {}, nested);
  try {
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'), undefined, { timeout: 15_000 });
    const events = await dataLayer(page);
    const shown = events.find((e) => e.event === 'view_item_list').ecommerce;
    assert.equal(shown.item_list_id, 'checkout_addons_drawer');
    assert.equal(events.filter((e) => e.event === 'view_item_list').length, 1, 'one view, not one per listener');
    // The widget's beacon hears its view too (the drawer names none).
    const deadline = Date.now() + 5_000;
    while (!beacons.some((b) => b.body.event === 'view_item_list') && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    assert.equal(beacons.filter((b) => b.body.event === 'view_item_list').length, 1, JSON.stringify(beacons.map((b) => b.body.event)));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a beacon endpoint gets the same facts, without anything about the shopper', async () => {
  beacons.length = 0;
  const { page } = await open('beacon="/collect" holdout="1"',
    (p) => p.addInitScript(() => {
      localStorage.setItem('checkout-addons:bucket', '0.5');
      // The shop's own session cookie, which a beacon to its endpoint must not carry.
      document.cookie = 'shop_session=logged-in-customer-42; path=/';
    }));
  try {
    await titlesIn(page, '#w');
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    const deadline = Date.now() + 5000;
    while (beacons.length < 4 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 50));
    assert.deepEqual(beacons.map((b) => b.body.event), ['checkout_addons_exposure', 'view_item_list', 'select_item', 'add_to_cart']);
    assert.ok(beacons.every((b) => b.body.group === 'treatment'));
    const keys = new Set(beacons.flatMap((b) => [...Object.keys(b.body), ...Object.keys(b.body.ecommerce ?? {})]));
    for (const key of keys) {
      assert.ok(['event', 'group', 'ecommerce', 'checkout_addons_group', 'checkout_addons_holdout', 'checkout_addons_visit_start',
        'item_list_id', 'item_list_name', 'currency', 'items', 'value', 'customer_segment'].includes(key), `unexpected field ${key}`);
    }
    // The first page view of a visit says so, for `addons report` to count visits; the next
    // one (a reload, the same tab) does not.
    assert.equal(beacons[0].body.checkout_addons_visit_start, true);
    beacons.length = 0;
    await page.reload();
    const again = Date.now() + 5000;
    while (!beacons.length && Date.now() < again) await new Promise((done) => setTimeout(done, 50));
    assert.equal(beacons[0]?.body.event, 'checkout_addons_exposure');
    assert.equal(beacons[0].body.checkout_addons_visit_start, false);
    assert.ok(beacons.slice(1).every((b) => b.body.customer_segment === 'everyone'), 'a shopper nobody knows');
    assert.equal(await page.evaluate(() => document.cookie), 'shop_session=logged-in-customer-42', 'the widget sets no cookie');
    // Nor does it send the shop's (the shopper's login) or the page's address with the facts.
    assert.deepEqual(beacons.map((b) => [b.cookie, b.referer]), beacons.map(() => [undefined, undefined]));
  } finally {
    await page.close();
  }
});

test("the shopper's segment, from their past orders or the shop's word, goes with every event as a word", async () => {
  const lastSummer = JSON.stringify([{ date: '2025-06-01', lines: ['espressobonen'] }]).replaceAll('"', '&quot;');
  for (const [attributes, expected] of [[`history="${lastSummer}"`, 'lapsing'], ['segment="high-value"', 'high-value']]) {
    const { page, errors } = await open(attributes, (p) => p.addInitScript(() => {
      window.renders = [];
      document.addEventListener('checkout-addons:render', (e) => window.renders.push(e.detail.segment));
    }));
    try {
      await titlesIn(page, '#w');
      await page.locator('#w button.add').first().click();
      await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
      const events = (await dataLayer(page)).filter((e) => e.event);
      assert.deepEqual(events.map((e) => [e.event, e.customer_segment]),
        [['view_item_list', expected], ['select_item', expected], ['add_to_cart', expected]]);
      assert.equal(await page.evaluate(() => window.renders.at(-1)), expected);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }
});

test('a history handed over after the cards are shown is no second view of them, and their adds count in the segment they were shown in', async () => {
  const { page, errors } = await open('', (p) => p.addInitScript(() => {
    window.renders = [];
    document.addEventListener('checkout-addons:render', (e) => window.renders.push(e.detail));
  }));
  try {
    await titlesIn(page, '#w');
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    // Last bought a year and a half ago: lapsing.
    await page.evaluate(() => document.getElementById('w').setHistory([{ date: '2025-06-01', lines: ['kinderwagen-stad'] }]));
    await page.waitForFunction(() => window.renders.at(-1).segment === 'lapsing');
    const [before, after] = await page.evaluate(() => window.renders.slice(-2).map((r) => r.items.map((i) => i.productId)));
    assert.deepEqual(after, before, 'the same cards for this cart, whoever the shopper is');
    await page.locator('#w button.add').first().click();
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'add_to_cart'));
    const events = (await dataLayer(page)).filter((e) => e.event);
    // One view and one add of one segment: not a view in `everyone` nobody took and an add
    // in `lapsing` nobody was shown, which `addons report` would split into 0% and no rate.
    assert.deepEqual(events.map((e) => [e.event, e.customer_segment]),
      [['view_item_list', 'everyone'], ['select_item', 'everyone'], ['add_to_cart', 'everyone']]);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('the control group sees nothing and loads no wasm, and is marked by an exposure event', async () => {
  const wasm = [];
  const { page, errors } = await open('holdout="10"', async (p) => {
    await p.addInitScript(() => {
      localStorage.setItem('checkout-addons:bucket', '0.05');
      window.exposures = [];
      document.addEventListener('checkout-addons:exposure', (e) => window.exposures.push(e.detail));
    });
    p.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
  });
  try {
    await page.waitForFunction(() => window.exposures.length === 1);
    assert.deepEqual(await page.evaluate(() => window.exposures), [{ group: 'control', holdout: 10, assignment: 'local' }]);
    assert.equal(await page.locator('#w').getAttribute('data-state'), 'holdout');
    assert.equal((await page.locator('#w').boundingBox())?.height ?? 0, 0, 'takes no space');
    assert.deepEqual((await dataLayer(page)).filter((e) => e.event), [
      { event: 'checkout_addons_exposure', checkout_addons_group: 'control', checkout_addons_holdout: 10, checkout_addons_visit_start: true },
    ]);
    await page.waitForTimeout(300);
    assert.deepEqual(wasm, [], 'nothing downloaded for a widget nobody sees');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a visitor keeps their group across pages; without storage the group holds for the page', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = `${server.url}/stable.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: shopPage('holdout="50"') }));
  const groupNow = async () => {
    await page.goto(url);
    await page.waitForFunction(() => ['holdout', 'ready', 'empty'].includes(document.getElementById('w').dataset.state));
    return page.evaluate(() => [localStorage.getItem('checkout-addons:bucket'), document.getElementById('w').dataset.state === 'holdout']);
  };
  const first = await groupNow();
  assert.ok(Number(first[0]) >= 0 && Number(first[0]) < 1, first[0]);
  for (let i = 0; i < 3; i += 1) assert.deepEqual(await groupNow(), first);
  await context.close();

  const { page: blocked, errors } = await open('holdout="100"', (p) => p.addInitScript(() => {
    window.exposures = [];
    document.addEventListener('checkout-addons:exposure', (e) => window.exposures.push(e.detail));
    for (const name of ['localStorage', 'sessionStorage']) {
      Object.defineProperty(window, name, { get() { throw new DOMException('blocked', 'SecurityError'); } });
    }
  }));
  try {
    await blocked.waitForFunction(() => window.exposures.length === 1);
    assert.deepEqual(await blocked.evaluate(() => window.exposures), [{ group: 'control', holdout: 100, assignment: 'page' }]);
    assert.deepEqual(errors, []);
  } finally {
    await blocked.close();
  }
});

test('groups come in the proportion asked for, and a visitor\'s number never changes', async () => {
  const { page } = await open();
  try {
    const { control, stable } = await page.evaluate(async () => {
      const { visitorBucket, groupFor } = await import('/checkout-addons.js');
      let control = 0;
      let stable = true;
      for (let i = 0; i < 4000; i += 1) {
        const kept = new Map();
        const storage = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v) };
        const { value } = visitorBucket([['local', () => storage]]);
        stable &&= visitorBucket([['local', () => storage]]).value === value;
        if (groupFor(value, 10) === 'control') control += 1;
      }
      // Where localStorage is blocked, sessionStorage keeps the number for the visit.
      const kept = new Map();
      const session = { getItem: (k) => kept.get(k) ?? null, setItem: (k, v) => kept.set(k, v) };
      const blocked = () => { throw new DOMException('blocked', 'SecurityError'); };
      const areas = [['local', blocked], ['session', () => session]];
      const fallback = visitorBucket(areas);
      stable &&= fallback.stored === 'session' && visitorBucket(areas).value === fallback.value;
      return { control, stable };
    });
    // Binomial(4000, 0.1): mean 400, sd 19.
    assert.ok(control >= 340 && control <= 460, `${control} of 4000 in control`);
    assert.ok(stable);
  } finally {
    await page.close();
  }
});

test('a product ignored on five page views, taken back or hidden rests for a week', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const url = `${server.url}/fatigue.html`;
  await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: shopPage('') }));
  const titles = async () => {
    await page.goto(url);
    return titlesIn(page, '#w');
  };
  const first = await titles();
  for (let view = 2; view <= 5; view += 1) assert.deepEqual(await titles(), first, `view ${view}: still offered`);
  const sixth = await titles();
  assert.ok(!sixth.includes(first[0]) && !sixth.includes(first[1]), `ignored five times, both rest: ${sixth}`);
  const seen = await page.evaluate(() => JSON.parse(localStorage.getItem('checkout-addons:seen')));
  const week = seen[Object.keys(seen)[0]].until - Date.now();
  assert.ok(week > 6.9 * 864e5 && week <= 7 * 864e5, `${week} ms`);

  // Taken back with undo: resting from the next page on, even though it was seen only once.
  await page.evaluate(() => localStorage.clear());
  await titles();
  await page.evaluate(() => {
    document.getElementById('w').cartAdapter = { add: () => Promise.resolve(), remove: () => Promise.resolve() };
  });
  const card = page.locator('#w .card').first();
  const declined = await card.locator('.title').innerText();
  // The adapter is set after mount, so the undo shows only on a fresh add: mount again.
  await page.evaluate(() => document.getElementById('w').setAttribute('max', '3'));
  await page.locator('#w .card', { hasText: declined }).locator('button.add').click();
  await page.locator('#w .card', { hasText: declined }).locator('button.undo').click();
  await page.waitForFunction(() => window.localStorage.getItem('checkout-addons:seen')?.includes('until'));
  assert.ok(!(await titles()).includes(declined), 'the declined product rests');

  // Hidden with its ×: gone at once, and resting on the next page.
  const hidden = await page.locator('#w .card .title').first().innerText();
  await page.locator('#w .card', { hasText: hidden }).locator('button.dismiss').click();
  await page.locator('#w .card', { hasText: hidden }).waitFor({ state: 'detached' });
  assert.ok(!(await titles()).includes(hidden), 'the hidden product rests');
  await context.close();
});

test('with storage="none" the page keeps nothing in the shopper\'s browser: no fatigue, the holdout group for the page only', async () => {
  // (Any letter case, as HTML's own keywords.)
  const { page, errors } = await open('storage="None" holdout="1"', (p) => p.addInitScript(() => {
    window.exposures = [];
    document.addEventListener('checkout-addons:exposure', (e) => window.exposures.push(e.detail));
  }));
  const kept = () => page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
  try {
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    const hidden = (await titlesIn(page, '#w'))[0];
    await page.locator('#w .card', { hasText: hidden }).locator('button.dismiss').click();
    await page.locator('#w .card', { hasText: hidden }).waitFor({ state: 'detached' });
    assert.deepEqual(await kept(), [], 'no view, no hidden card, no group, no visit kept');
    assert.equal((await page.evaluate(() => window.exposures))[0].assignment, 'page');
    // The shopper consents: the shop takes the attribute off, and the next card hidden is kept.
    await page.evaluate(() => document.getElementById('w').removeAttribute('storage'));
    // (Past the 600 ms after a hidden card in which no × counts: the cards moved.)
    await page.waitForTimeout(700);
    const next = (await titlesIn(page, '#w'))[0];
    await page.locator('#w .card', { hasText: next }).locator('button.dismiss').click();
    await page.waitForFunction(() => localStorage.getItem('checkout-addons:seen'));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a record of declined products that another script spoiled does not stop fatigue', async () => {
  for (const spoiled of ['{"x":null}', '5', '[]']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const url = `${server.url}/spoiled.html`;
    await page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: shopPage('max="3"') }));
    await page.addInitScript((value) => {
      if (!sessionStorage.getItem('spoiled')) {
        localStorage.setItem('checkout-addons:seen', value);
        sessionStorage.setItem('spoiled', '1');
      }
    }, spoiled);
    await page.goto(url);
    const hidden = (await titlesIn(page, '#w'))[0];
    await page.locator('#w .card', { hasText: hidden }).locator('button.dismiss').click();
    await page.locator('#w .card', { hasText: hidden }).waitFor({ state: 'detached' });
    await page.reload();
    assert.ok(!(await titlesIn(page, '#w')).includes(hidden), `${spoiled}: the hidden product rests`);
    await context.close();
  }
});

test('a widget in a closed cart drawer counts no view until the drawer opens', async () => {
  // A drawer as Dawn's: on every page, off the screen and hidden until opened.
  const html = shopPage('').replace('<main>', '<main><div id="drawer" style="position: fixed; top: 0; left: 100%; width: 360px; visibility: hidden">')
    .replace('</checkout-addons>', '</checkout-addons></div>');
  const { page, errors } = await open('', async () => {}, html);
  try {
    await page.waitForFunction(() => document.getElementById('w').dataset.state === 'ready');
    await page.waitForTimeout(500);
    const views = async () => (await dataLayer(page)).filter((e) => e.event === 'view_item_list').length;
    assert.equal(await views(), 0, 'nobody saw the cards');
    assert.equal(await page.evaluate(() => localStorage.getItem('checkout-addons:seen')), null, 'no view counted toward fatigue');
    // Mounted again while closed (a changed attribute), with the same cards: their view still
    // waits to be seen.
    const renders = await page.evaluate(() => new Promise((done) => {
      let count = 0;
      document.addEventListener('checkout-addons:render', () => { count += 1; if (count === 1) done(count); });
      document.getElementById('w').setAttribute('placement', 'cart-drawer');
    }));
    assert.equal(renders, 1);
    assert.equal(await views(), 0, 'still nobody saw the cards');
    await page.evaluate(() => Object.assign(document.getElementById('drawer').style, { left: 'auto', right: '0', visibility: 'visible' }));
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'));
    await page.waitForTimeout(300);
    assert.equal(await views(), 1);
    assert.ok(await page.evaluate(() => localStorage.getItem('checkout-addons:seen')));
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a widget the page gives `display: contents` still counts its view once on screen', async () => {
  const html = shopPage('').replace('</head>', '<style>checkout-addons { display: contents; }</style></head>');
  const { page, errors } = await open('', async () => {}, html);
  try {
    await page.waitForFunction(() => window.dataLayer.some((e) => e.event === 'view_item_list'), undefined, { timeout: 15_000 });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
