// The WooCommerce cart adapter against an in-memory store that answers like the Store API,
// embedded with the block from docs/woocommerce.md exactly as written there. Each test checks
// what landed in the store's cart, not only what the widget shows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import phpParser from 'php-parser';
import { serveDist, launchChromium, openPage } from './support.mjs';
import { feed, feedWithUpgrade, wooStore, snippet, cardsOn, leaveTabAndReturn, leaveAndGoBack } from './platforms.mjs';

let browser;
before(async () => { browser = await launchChromium({ backForwardCache: true }); });
after(async () => { await browser?.close(); });

async function embed(extra = '') {
  const html = snippet(await readFile('docs/woocommerce.md', 'utf8'), 'html');
  return html
    .replace('https://cdn.example.com/checkout-addons/0.1.0/', '/')
    .replace('cart="woocommerce"', `cart="woocommerce"${extra}`);
}

// A cart page as WooCommerce prints it: the blocks' settings with the nonce (when `nonce` is
// given), and a stand-in for jQuery that records what is triggered on the body and calls
// handlers registered with `on`, as a classic theme's scripts would see it.
const cartPage = (block, nonce) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cart</title><link rel="icon" href="data:,">
<script>
  ${nonce ? `window.wcBlocksMiddlewareConfig = { storeApiNonce: ${JSON.stringify(nonce)} };` : ''}
  window.signals = [];
  const handlers = [];
  window.jQuery = () => ({
    on(names, fn) { handlers.push({ names: names.split(' '), fn }); return this; },
    off(names, fn) { for (const h of handlers) if (h.fn === fn) h.names = []; return this; },
    trigger(name) { window.signals.push('jQuery:' + name); for (const h of handlers) if (h.names.includes(name)) h.fn(); return this; },
  });
  for (const name of ['wc-blocks_added_to_cart', 'wc-blocks_removed_from_cart']) {
    document.addEventListener(name, () => window.signals.push(name));
  }
</script></head>
<body><main><div class="wp-block-woocommerce-cart"></div>${block}</main></body></html>`;

async function openStore({ extra = '', block, nonce = 'nonce-1', setup = () => {}, catalog = feed, first = 'Phone case', headers = {} } = {}) {
  const store = wooStore();
  setup(store);
  const server = await serveDist({
    handle: (request, response, path) => store.handle(request, response, path),
    pages: {
      '/cart/': { body: cartPage(block ?? await embed(extra), nonce), headers },
      '/wp-content/uploads/checkout-addons.json': { type: 'application/json', body: JSON.stringify(catalog) },
    },
  });
  const opened = await openPage(browser, `${server.url}/cart/`);
  const { card, waitForState, settled } = cardsOn(opened.page);
  await card(first).waitFor({ timeout: 15_000 });
  const close = async () => { await opened.page.close(); await server.close(); };
  return { ...opened, store, card, waitForState, settled, close };
}

const adds = (store) => store.requests.filter((r) => r.path.endsWith('/cart/add-item'));

test('adds once with the page nonce, tells the Cart block and classic mini-carts, undoes', async () => {
  const { page, errors, store, card, waitForState, close } = await openStore();
  try {
    const titles = await page.locator('checkout-addons .card .title').allInnerTexts();
    assert.ok(!titles.includes('Phone Nova'), 'the phone in the cart is not offered');
    await card('Phone case').locator('button.add').dblclick();
    await waitForState('Phone case', 'added');
    assert.equal(adds(store).length, 1, 'a double click adds once');
    assert.deepEqual(adds(store)[0].body, { id: 2002, quantity: 1 });
    assert.equal(adds(store)[0].nonce, 'nonce-1');
    assert.deepEqual(store.lines.map((l) => [l.id, l.quantity]), [[2001, 1], [2002, 1]]);
    assert.deepEqual(await page.evaluate(() => window.signals), ['wc-blocks_added_to_cart', 'jQuery:wc_fragment_refresh', 'jQuery:wc_update_cart']);
    assert.equal(store.requests.filter((r) => r.method === 'GET').length, 1, 'its own signals do not make it read again');

    await card('Phone case').locator('button.undo').click();
    await waitForState('Phone case', 'ready');
    assert.deepEqual(store.lines.map((l) => l.id), [2001], 'the undo removed exactly that line');
    assert.ok((await page.evaluate(() => window.signals)).includes('wc-blocks_removed_from_cart'));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('two presses on two cards in quick succession: both items land, one change after the other', async () => {
  const { page, errors, store, card, waitForState, close } = await openStore({ setup: (s) => { s.sessionDelay = 400; } });
  try {
    const titles = (await page.locator('checkout-addons .card .title').allInnerTexts()).slice(0, 2);
    assert.equal(titles.length, 2, titles.join());
    await card(titles[0]).locator('button.add').click();
    await card(titles[1]).locator('button.add').click();
    await waitForState(titles[0], 'added');
    await waitForState(titles[1], 'added');
    assert.equal(store.lines.length, 3, JSON.stringify(store.lines));
    assert.equal(adds(store).length, 2);

    await card(titles[0]).locator('button.undo').click();
    await card(titles[1]).locator('button.undo').click();
    await waitForState(titles[0], 'ready');
    await waitForState(titles[1], 'ready');
    assert.deepEqual(store.lines.map((l) => l.id), [2001], 'both undos took their own line back, and only it');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the classic cart page's own refresh after the widget's add is no change: the card stays added, with its undo", async () => {
  // WooCommerce's cart.js answers `wc_update_cart` by loading the cart form again, then says
  // `updated_cart_totals`, which the adapter hears as any other change of the cart.
  const classicCart = `<script>
    jQuery(document.body).on('wc_update_cart', () => setTimeout(() => jQuery(document.body).trigger('updated_cart_totals'), 200));
  </script>`;
  const { page, errors, store, card, waitForState, close } = await openStore({ block: `${classicCart}${await embed()}` });
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    await page.waitForFunction(() => window.signals.includes('jQuery:updated_cart_totals'));
    await page.waitForTimeout(500);
    assert.equal(store.requests.filter((r) => r.method === 'GET').length, 2, 'the refresh made it read the cart');
    assert.equal(await card('Phone case').locator('button.add').getAttribute('data-state'), 'added');
    await card('Phone case').locator('button.undo').click();
    await waitForState('Phone case', 'ready');
    assert.deepEqual(store.lines.map((l) => l.id), [2001]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("with `reorder` and a customer's history, the last order goes into the cart an add-item each, and undo takes each back", async () => {
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const history = JSON.stringify([{ date: day, lines: [{ id: '2002', quantity: 2 }, '2004'] }]);
  const again = 'Order again: 3 items';
  const { errors, store, card, waitForState, close } = await openStore({ extra: ` reorder history='${history}'`, first: again });
  try {
    await card(again).locator('button.add').click();
    await waitForState(again, 'added');
    assert.deepEqual(adds(store).map((r) => r.body), [{ id: 2002, quantity: 2 }, { id: 2004, quantity: 1 }]);
    assert.deepEqual(store.lines.map((l) => [l.id, l.quantity]), [[2001, 1], [2002, 2], [2004, 1]]);
    await card(again).locator('button.undo').click();
    await waitForState(again, 'ready');
    assert.deepEqual(store.lines.map((l) => l.id), [2001], 'undo took exactly those lines back');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a stale nonce is retried once with the fresh one; without settings the header nonce is used', async () => {
  const stale = await openStore({ nonce: 'expired' });
  try {
    await stale.card('Phone case').locator('button.add').click();
    await stale.waitForState('Phone case', 'added');
    assert.deepEqual(adds(stale.store).map((r) => r.nonce), ['nonce-1'],
      'the nonce from the cart read replaced the stale one before the first post');
  } finally {
    await stale.close();
  }
  const bare = await openStore({ nonce: null, setup: (store) => { store.nonce = 'nonce-2'; } });
  try {
    // The session moves on between the read and the add: the first post's nonce is refused.
    bare.store.nonce = 'nonce-3';
    await bare.card('Phone case').locator('button.add').click();
    await bare.waitForState('Phone case', 'added');
    assert.deepEqual(adds(bare.store).map((r) => r.nonce), ['nonce-2', 'nonce-3']);
    assert.deepEqual(bare.store.lines.map((l) => l.id), [2001, 2002]);
  } finally {
    await bare.close();
  }
});

test('a missing nonce and no cart token fail the add, said in the console only', async () => {
  const { page, warnings, store, card, waitForState, close } = await openStore({
    nonce: null,
    setup: (s) => { s.sendNonce = false; s.token = undefined; },
  });
  try {
    const reason = await card('Phone case').locator('.reason').innerText();
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'failed');
    assert.equal(await card('Phone case').locator('.reason').innerText(), reason);
    assert.ok(warnings.some((w) => w.includes('Missing the Nonce header')), warnings.join('\n'));
    assert.deepEqual(store.lines.map((l) => l.id), [2001]);
  } finally {
    await close();
  }
});

test('a store from before WooCommerce 7.2: the older API path and nonce header, add and undo', async () => {
  // As the embed block leaves it, and as the shortcode names it from WordPress's `rest_url`.
  for (const extra of ['', ' store-api="/wp-json/wc/store/v1/"']) {
    const { page, errors, store, card, waitForState, close } = await openStore({ extra, setup: (s) => { s.legacy = true; } });
    try {
      await card('Phone case').locator('button.add').click();
      await waitForState('Phone case', 'added');
      assert.deepEqual(store.lines.map((l) => [l.id, l.quantity]), [[2001, 1], [2002, 1]]);
      assert.deepEqual(adds(store).filter((r) => !r.unrouted).map((r) => [r.path, r.nonce]), [['/wp-json/wc/store/cart/add-item', 'nonce-1']]);
      await card('Phone case').locator('button.undo').click();
      await waitForState('Phone case', 'ready');
      assert.deepEqual(store.lines.map((l) => l.id), [2001]);
      assert.deepEqual(errors.filter((e) => !e.includes('404')), []);
    } finally {
      await close();
    }
  }
});

test('undo puts back what the shopper already had: an add merged into their own line', async () => {
  const { page, errors, store, card, waitForState, settled, close } = await openStore();
  try {
    // The shopper put a phone case in the cart in another tab; this page has not read it.
    store.lines.push({ key: 'theirs', id: 2002, quantity: 1 });
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    assert.deepEqual(store.lines.map((l) => [l.key, l.quantity]), [['w0', 1], ['theirs', 2]], 'WooCommerce merged the add');
    await card('Phone case').locator('button.undo').click();
    await settled();
    assert.deepEqual(store.lines.map((l) => [l.key, l.quantity]), [['w0', 1], ['theirs', 1]], 'their own phone case stays');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('undo takes back only what the widget added: a line the shopper raised since keeps their share', async () => {
  const { page, errors, store, card, waitForState, settled, close } = await openStore();
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    // The shopper makes it three in the Cart block, which this widget is not told about.
    store.lines.find((l) => l.id === 2002).quantity = 3;
    await card('Phone case').locator('button.undo').click();
    await settled();
    assert.equal(store.lines.find((l) => l.id === 2002)?.quantity, 2, 'the two the shopper added stay');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

// An add-on plugin's line: the shopper's details kept apart (`data`) and shown as `item_data`.
const engraved = (key, id) => ({
  key, id, quantity: 1, data: { engraving: 'Anna' }, item_data: [{ name: 'Engraving', value: 'Anna', display: 'Anna' }],
});

test('an add and its undo leave alone a line an add-on plugin keeps apart: the engraved case stays', async () => {
  const { errors, store, card, waitForState, settled, close } = await openStore();
  const lines = () => store.lines.map((l) => [l.key, l.quantity]);
  try {
    // Another tab put an engraved phone case in; this page has not read it.
    store.lines.push(engraved('engraved', 2002));
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    assert.deepEqual(lines(), [['w0', 1], ['engraved', 1], ['w1', 1]], 'a plain line of its own');
    await card('Phone case').locator('button.undo').click();
    await settled();
    assert.deepEqual(lines(), [['w0', 1], ['engraved', 1]], 'the engraved case is untouched');
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a swap takes the plain line of the item, never an engraved one, which an undo could not bring back', async () => {
  const { store, card, waitForState, close } = await openStore({
    catalog: feedWithUpgrade,
    setup: (s) => { s.lines.unshift(engraved('engraved', 2001)); },
  });
  const lines = () => store.lines.map((l) => [l.key, l.id, l.quantity]);
  try {
    await card('Phone Nova Pro').locator('button.add').click();
    await waitForState('Phone Nova Pro', 'added');
    assert.deepEqual(lines(), [['engraved', 2001, 1], ['w1', 2006, 1]], 'the plain phone swapped for the Pro');
    await card('Phone Nova Pro').locator('button.undo').click();
    await waitForState('Phone Nova Pro', 'ready');
    assert.deepEqual(lines(), [['engraved', 2001, 1], ['w2', 2001, 1]], 'the plain phone back');

  } finally {
    await close();
  }
});

test("an engraved line with no plain one beside it is not swapped: the engraving would be lost, so the Pro goes out again", async () => {
  const { store, card, waitForState, warnings, close } = await openStore({
    catalog: feedWithUpgrade,
    setup: (s) => { s.lines = [engraved('engraved', 2001)]; },
  });
  const lines = () => store.lines.map((l) => [l.key, l.id, l.quantity, l.data?.engraving]);
  try {
    await card('Phone Nova Pro').locator('button.add').click();
    await waitForState('Phone Nova Pro', 'failed');
    assert.deepEqual(lines(), [['engraved', 2001, 1, 'Anna']], 'the engraved phone kept, no Pro beside it');
    assert.ok(warnings.some((w) => /Engraving would be lost/.test(w)), warnings.join('\n'));
  } finally {
    await close();
  }
});

// A plugin that shows data on every line (Germanized's delivery time, a marketplace's seller).
const deliveryTime = (s) => { s.shown = [{ name: 'Delivery time', value: '2-3 days', display: '2-3 days' }]; };

test('a plugin that shows data on every line (a delivery time) changes nothing: add and undo', async () => {
  const { store, card, waitForState, settled, close } = await openStore({ setup: deliveryTime });
  try {
    store.lines.push({ key: 'theirs', id: 2002, quantity: 1 });
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    assert.deepEqual(store.lines.map((l) => [l.key, l.quantity]), [['w0', 1], ['theirs', 2]], 'merged into their line');
    await card('Phone case').locator('button.undo').click();
    await settled();
    assert.deepEqual(store.lines.map((l) => [l.key, l.quantity]), [['w0', 1], ['theirs', 1]]);
  } finally {
    await close();
  }
});

test('a plugin that shows data on every line (a delivery time) changes nothing: a swap and its undo', async () => {
  const { store, card, waitForState, close } = await openStore({ catalog: feedWithUpgrade, setup: deliveryTime });
  const lines = () => store.lines.map((l) => [l.id, l.quantity]);
  try {
    await card('Phone Nova Pro').locator('button.add').click();
    await waitForState('Phone Nova Pro', 'added');
    assert.deepEqual(lines(), [[2006, 1]]);
    await card('Phone Nova Pro').locator('button.undo').click();
    await waitForState('Phone Nova Pro', 'ready');
    assert.deepEqual(lines(), [[2001, 1]]);
  } finally {
    await close();
  }
});

test('a read still under way when an add lands does not undo the card: the cart it holds is older', async () => {
  const { page, errors, store, card, waitForState, close } = await openStore();
  try {
    // A classic mini-cart says the cart changed; that read is slow and holds the cart from before the add.
    store.slowRead = { delay: 1_000 };
    await page.evaluate(() => window.jQuery(document.body).trigger('updated_cart_totals'));
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    await page.waitForTimeout(1_500);
    assert.equal(await card('Phone case').locator('button.add').getAttribute('data-state'), 'added');
    assert.equal(adds(store).length, 1);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('an add WooCommerce made though a gateway answered 504: the cart read after it shows it in, so no second press adds it again', async () => {
  const { errors, store, card, close } = await openStore();
  try {
    store.loseAnswer = true;
    await card('Phone case').locator('button.add').click();
    await card('Phone case').waitFor({ state: 'detached', timeout: 15_000 });
    assert.deepEqual(store.lines.filter((l) => l.id === 2002).map((l) => l.quantity), [1]);
    assert.equal(adds(store).length, 1);
    assert.deepEqual(errors.filter((e) => !e.includes('504')), []);
  } finally {
    await close();
  }
});

test("out of stock shows WooCommerce's message as text; 5xx fails; a slow answer is waited for", async () => {
  const { page, warnings, store, card, waitForState, close } = await openStore({ extra: ' timeout="400"' });
  try {
    await card('Screen protector').locator('button.add').click();
    await waitForState('Screen protector', 'failed');
    assert.equal(await card('Screen protector').locator('.reason').innerText(),
      'You cannot add "Screen protector" to the cart because the product is out of stock.');
    // A screen reader hears both, each a sentence.
    assert.equal(await page.evaluate(() => document.querySelector('checkout-addons').shadowRoot.querySelector('[role=status]').textContent),
      'Screen protector could not be added. You cannot add "Screen protector" to the cart because the product is out of stock.');

    store.trouble = { status: 503 };
    await card('Fast charger').locator('button.add').click();
    await waitForState('Fast charger', 'failed');
    assert.ok(warnings.some((w) => w.includes('503')), warnings.join('\n'));

    assert.deepEqual(store.lines.map((l) => l.id), [2001]);
    assert.equal(await page.evaluate(() => window.signals.length), 0, 'nothing to refresh after failures');

    // A slow answer is waited for, not failed: the store adds it in the end.
    store.trouble = { delay: 1500 };
    await card('Phone case').locator('button.add').click();
    await page.waitForFunction(() => [...document.querySelector('checkout-addons').shadowRoot.querySelectorAll('button.add')]
      .some((b) => b.textContent === 'Still waiting…'));
    assert.ok(warnings.some((w) => w.includes('did not answer within 400 ms')), warnings.join('\n'));
    await waitForState('Phone case', 'added');
    assert.deepEqual(store.lines.map((l) => l.id), [2001, 2002]);
  } finally {
    await close();
  }
});

test("under Trusted Types, WooCommerce's refusal is still shown as its text", async () => {
  // A shop enforcing Trusted Types refuses markup parsed from a string: the message, which
  // WooCommerce writes with entities, is still read as text, not lost to a TypeError.
  const { page, errors, store, card, waitForState, close } = await openStore({
    headers: { 'content-security-policy': "require-trusted-types-for 'script'" },
  });
  try {
    await card('Screen protector').locator('button.add').click();
    await waitForState('Screen protector', 'failed');
    assert.equal(await card('Screen protector').locator('.reason').innerText(),
      'You cannot add "Screen protector" to the cart because the product is out of stock.');
    assert.deepEqual(store.lines.map((l) => l.id), [2001]);
    // A French shop's message: its guillemets and the no-break spaces French puts before
    // them and before a colon stay as written.
    store.trouble = {
      status: 400, code: 'woocommerce_rest_cart_product_no_stock',
      message: 'Impossible d’ajouter &laquo;&nbsp;Fast charger&nbsp;&raquo; au panier&#8239;: <strong>rupture de stock</strong>.',
    };
    await card('Fast charger').locator('button.add').click();
    await waitForState('Fast charger', 'failed');
    assert.equal(await card('Fast charger').locator('.reason').evaluate((r) => r.textContent),
      'Impossible d’ajouter «\u00a0Fast charger\u00a0» au panier\u202f: rupture de stock.');
    // The browser logs each refused request itself; nothing else was logged.
    assert.deepEqual(errors.filter((e) => !e.includes('400 (Bad Request)')), []);
    assert.equal(await page.evaluate(() => {
      try {
        return typeof new DOMParser().parseFromString('<b>x</b>', 'text/html');
      } catch (error) {
        return error.name;
      }
    }), 'TypeError', 'the policy is in force');
  } finally {
    await close();
  }
});

test('adds elsewhere on the page (blocks or classic) make the widget read the cart again', async () => {
  const { page, store, card, waitForState, close } = await openStore();
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    // A classic product loop's add-to-cart button adds the charger.
    store.lines.push({ key: 'elsewhere', id: 2004, quantity: 1 });
    await page.evaluate(() => window.jQuery(document.body).trigger('added_to_cart'));
    await page.waitForFunction(() => {
      const titles = [...document.querySelector('checkout-addons').shadowRoot.querySelectorAll('.card .title')].map((t) => t.textContent);
      return !titles.includes('Phone case') && !titles.includes('Fast charger') && titles.includes('Screen protector');
    }, undefined, { timeout: 10_000 });
    // The Mini-Cart block removes it again.
    store.lines = store.lines.filter((l) => l.id !== 2004);
    await page.evaluate(() => document.body.dispatchEvent(new CustomEvent('wc-blocks_removed_from_cart', { bubbles: true })));
    await card('Fast charger').waitFor({ timeout: 10_000 });
  } finally {
    await close();
  }
});

test('back from the checkout to a page the browser kept whole, the cart is read again: a line taken out there is offered again', async () => {
  const { page, store, card, waitForState, close } = await openStore();
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    // At the checkout the shopper takes the phone case out again: the phone alone is left.
    const restored = await leaveAndGoBack(page, page.url().replace(/cart\/$/, 'wp-content/uploads/checkout-addons.json'), () => {
      store.lines = store.lines.filter((line) => line.id === 2001);
    });
    assert.ok(restored, 'restored from the back/forward cache');
    await waitForState('Phone case', 'ready');
  } finally {
    await close();
  }
});

test('back to the tab after changing the cart in another, the cart is read again', async () => {
  const { page, store, card, waitForState, close } = await openStore();
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    // The shopper took the phone case out in another tab, then came back to this one.
    store.lines = store.lines.filter((line) => line.id === 2001);
    await leaveTabAndReturn(page);
    await waitForState('Phone case', 'ready');
  } finally {
    await close();
  }
});

/** A store with two phones in the cart, swapped for the Pro by its card; `lines()` is the
 * store's cart as `[id, quantity]`. */
async function withPhonesSwapped() {
  const opened = await openStore({ catalog: feedWithUpgrade, setup: (s) => { s.lines[0].quantity = 2; } });
  try {
    await opened.card('Phone Nova Pro').waitFor({ timeout: 10_000 });
    await opened.card('Phone Nova Pro').locator('button.add').click();
    await opened.waitForState('2 × Phone Nova Pro', 'added');
  } catch (error) {
    await opened.close();
    throw error;
  }
  return { ...opened, lines: () => opened.store.lines.map((l) => [l.id, l.quantity]) };
}

/** Presses the Pro's undo and waits until its card is busy no more: put back, refused or
 * not, rolled back, and the cart read again. */
async function undoSwap(page, card) {
  await card('Phone Nova Pro').locator('button.undo').click();
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('.card button.add[data-state=busy]'), null, { timeout: 5_000 }).catch(() => {});
  await page.waitForFunction(() => !document.querySelector('checkout-addons').shadowRoot
    .querySelector('.card button.add[data-state=busy]'), null, { timeout: 10_000 });
}

test('an upgrade swaps places with two phones; an undo that fails halfway is rolled back, and a retry restores', async () => {
  const { page, errors, store, card, waitForState, close, lines } = await withPhonesSwapped();
  try {
    assert.deepEqual(lines(), [[2006, 2]], 'both phones swapped for the Pro, in their quantity');

    store.trouble = { on: 'cart/remove-item', status: 500 };
    const posted = store.requests.length;
    await undoSwap(page, card);
    assert.deepEqual(store.requests.slice(posted).filter((r) => r.method === 'POST').map((r) => r.path.split('/').pop()),
      ['add-item', 'remove-item', 'remove-item']);
    assert.equal(await card('Phone Nova Pro').locator('button.add').getAttribute('data-state'), 'added', 'still swapped');
    assert.deepEqual(lines(), [[2006, 2]], 'the phones put back were taken out again: nothing twice');

    await card('Phone Nova Pro').locator('button.undo').click();
    await waitForState('2 × Phone Nova Pro', 'ready');
    assert.deepEqual(lines(), [[2001, 2]], 'both phones back, the Pro gone');
    assert.deepEqual(errors.filter((e) => !/500|critical error/.test(e)), []);
  } finally {
    await close();
  }
});

test('an undo of a swap whose roll-back fails too keeps the phones it put back: the retry does not put them back twice', async () => {
  const { page, errors, store, card, waitForState, close, lines } = await withPhonesSwapped();
  try {
    // The phones go back in; the Pro will not come out, nor will the phones again.
    store.trouble = { on: 'cart/remove-item', status: 500, times: 2 };
    await undoSwap(page, card);
    assert.deepEqual(lines(), [[2006, 2], [2001, 2]], 'the phones are back beside the Pro');

    await card('Phone Nova Pro').locator('button.undo').click();
    await waitForState('2 × Phone Nova Pro', 'ready');
    assert.deepEqual(lines(), [[2001, 2]], 'two phones, as the shopper had them, and the Pro gone');
    assert.deepEqual(errors.filter((e) => !/500|critical error/.test(e)), []);
  } finally {
    await close();
  }
});

/**
 * Runs the docs' shortcode, exactly as written there, with PHP and the WordPress and WooCommerce
 * stand-ins of woocommerce/wordpress.php; answers what it prints and what it asked wc_get_orders.
 */
async function runShortcode(given) {
  const dir = await mkdtemp(join(tmpdir(), 'checkout-addons-php-'));
  try {
    const code = join(dir, 'checkout-addons.php');
    const orders = join(dir, 'orders.json');
    await writeFile(code, snippet(await readFile('docs/woocommerce.md', 'utf8'), 'php'));
    await writeFile(orders, JSON.stringify(given));
    const { stdout, stderr } = await promisify(execFile)('php', ['tests/e2e/woocommerce/wordpress.php', code, orders]);
    return { html: stdout, asked: stderr ? JSON.parse(stderr) : null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const historyIn = (html) => JSON.parse(
  /history="([^"]*)"/.exec(html)[1].replaceAll('&quot;', '"').replaceAll('&#039;', "'").replaceAll('&amp;', '&'),
);

test("the docs' shortcode, run by PHP, hands a customer's orders to the widget, which offers the last one again", async () => {
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const { html, asked } = await runShortcode({
    logged_in: true,
    // A variation (2002 of product 2000) twice, a simple product once, and a case refunded whole.
    orders: [{ date: `${day} 14:03:00`, total: '59.90', items: [[2000, 2002, 2], [2004, 0, 1], [2000, 2003, 1, 1]] }],
  });
  assert.deepEqual(asked, {
    customer_id: 7, status: ['wc-completed', 'wc-processing'], orderby: 'date', order: 'DESC', limit: 50,
  });
  assert.deepEqual(historyIn(html), [
    { date: day, total: 5990, lines: [{ id: '2002', quantity: 2 }, { id: '2004', quantity: 1 }] },
  ]);
  // What it printed, on the cart page, with the reorder card turned on as the docs say.
  const block = html
    .replace('https://cdn.example.com/checkout-addons/0.1.0/', '/')
    .replace('cart="woocommerce"', 'cart="woocommerce" reorder');
  const again = 'Order again: 3 items';
  const { errors, store, card, waitForState, close } = await openStore({ block, first: again });
  try {
    await card(again).locator('button.add').click();
    await waitForState(again, 'added');
    assert.deepEqual(adds(store).map((r) => r.body), [{ id: 2002, quantity: 2 }, { id: 2004, quantity: 1 }]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
  assert.match(html, /store-api="\/wp-json\/wc\/store\/v1\/"/, 'the Store API where WordPress has it');
  const guest = await runShortcode({ logged_in: false, orders: [] });
  assert.deepEqual([historyIn(guest.html), guest.asked], [[], null], 'a guest has no history and no query');
});

// The shortcode is also parsed as PHP 8, so that its calls and the history it builds are
// checked against what the widget reads by name.
test("the docs' shortcode is valid PHP and builds the history the widget reads from WooCommerce's orders", async () => {
  const code = snippet(await readFile('docs/woocommerce.md', 'utf8'), 'php');
  const parser = new phpParser.Engine({ parser: { php8: true, suppressErrors: false }, ast: { withPositions: false } });
  const parse = (text) => parser.parseCode(text, 'checkout-addons.php');
  const calls = new Set();
  const keys = new Set();
  const strings = [];
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.kind === 'call') calls.add(node.what.kind === 'name' ? node.what.name : node.what.offset?.name);
    if (node.kind === 'entry' && node.key?.kind === 'string') keys.add(node.key.value);
    if (node.kind === 'string') strings.push(node.value);
    Object.values(node).forEach(walk);
  };
  walk(parse(code));
  for (const name of ['add_shortcode', 'is_user_logged_in', 'wc_get_orders', 'get_current_user_id', 'get_items',
    'get_variation_id', 'get_product_id', 'get_quantity', 'get_date_created', 'get_total', 'in_array',
    'wp_json_encode', 'esc_attr', 'esc_url', 'get_woocommerce_currency', 'get_qty_refunded_for_item',
    'wp_get_upload_dir', 'rest_url', 'function_exists']) {
    assert.ok(calls.has(name), `calls ${name}`);
  }
  // The newest 50 orders of this customer, each as the widget's `history` takes it.
  for (const key of ['customer_id', 'orderby', 'order', 'limit', 'date', 'total', 'lines', 'id', 'quantity']) {
    assert.ok(keys.has(key), `has the key ${key}`);
  }
  assert.ok(strings.some((s) => s.includes('history="%s"') && s.includes('cart="woocommerce"')), strings.join('\n'));
  // The check bites: the same code with a slip does not parse.
  assert.throws(() => parse(code.replace('$lines = [];', '$lines = [;')));
});


test('a line the feed lacks counts towards free shipping at the Store API price, whatever decimals the shop shows', async () => {
  const { page, errors, close } = await openStore({
    extra: ' free-shipping-from="42000"',
    // Two gift wraps at €8, in a shop set to show no decimals (`currency_minor_unit` 0).
    setup: (store) => store.lines.push({ key: 'w9', id: 3001, quantity: 2, prices: { price: '8', currency_code: 'EUR', currency_minor_unit: 0 } }),
  });
  try {
    // The phone (€399) and €16 of gift wrap the feed does not know: €5 short of €420.
    await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
      .querySelector('h2')?.textContent.includes('free shipping'));
    assert.match(await page.locator('checkout-addons h2').innerText(), /^€\s?5\.00 more for free shipping$/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test('a cart read that fails after the first keeps the cart the widget knew: the added card and the others stay', async () => {
  const { page, warnings, store, card, waitForState, close } = await openStore();
  try {
    await card('Phone case').locator('button.add').click();
    await waitForState('Phone case', 'added');
    const before = await page.locator('checkout-addons .card .title').allInnerTexts();
    store.failReads = true;
    // A mini-cart elsewhere on the page changed the cart and says so; the read that follows fails.
    await page.evaluate(() => document.body.dispatchEvent(new CustomEvent('wc-blocks_added_to_cart', { bubbles: true })));
    const failed = () => warnings.some((w) => w.includes('could not read the WooCommerce cart'));
    for (let waited = 0; !failed() && waited < 5_000; waited += 100) await page.waitForTimeout(100);
    await page.waitForTimeout(300);
    assert.ok(failed(), warnings.join('\n'));
    assert.deepEqual(await page.locator('checkout-addons .card .title').allInnerTexts(), before);
    await waitForState('Phone case', 'added');
  } finally {
    await close();
  }
});

test('a swap whose upgrade WooCommerce added though a gateway lost the answer is made: the Pros alone, not both', async () => {
  const { store, card, waitForState, close } = await openStore({
    catalog: feedWithUpgrade,
    setup: (s) => { s.lines[0].quantity = 2; },
  });
  try {
    await card('Phone Nova Pro').waitFor({ timeout: 10_000 });
    store.loseAnswer = true;
    await card('Phone Nova Pro').locator('button.add').click();
    await waitForState('2 × Phone Nova Pro', 'added');
    assert.deepEqual(store.lines.map((l) => [l.id, l.quantity]), [[2006, 2]]);
  } finally {
    await close();
  }
});

test('a page transition that puts in another <body> leaves the old one without the adapter listening', async () => {
  const { page, store, close } = await openStore();
  try {
    // Turbo's way: the new page's body replaces the old; the widget left with the old one.
    await page.evaluate(() => {
      window.oldBody = document.body;
      document.documentElement.replaceChild(document.createElement('body'), document.body);
    });
    await page.waitForTimeout(300);
    const reads = store.requests.filter((r) => r.method === 'GET').length;
    await page.evaluate(() => window.oldBody.dispatchEvent(new CustomEvent('wc-blocks_added_to_cart', { bubbles: true })));
    await page.waitForTimeout(300);
    assert.equal(store.requests.filter((r) => r.method === 'GET').length, reads, 'nothing left listening on the old body');
  } finally {
    await close();
  }
});
