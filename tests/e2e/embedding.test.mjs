// Embedding as shops do it: several widgets on one page, a plain <div> for CMSs that strip
// unknown tags, the JS API, the events, the artifact served from a CDN folder (also with the
// head lines that start it sooner), and a strict CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoShop, openPage, fakePage, titlesIn, recordEvents, serveDist, packaged, dist } from './support.mjs';

const shop = demoShop();

const page = (body, { lang = 'en', script = '/checkout-addons.js' } = {}) => `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>A shop</title><link rel="icon" href="/demo/img/aa-batterijen.svg"></head>
<body><main id="shop">${body}</main><script type="module" src="${script}"></script></body></html>`;

const events = (page) => page.evaluate(() => window.addonEvents);

test('several widgets on one page work independently, and leave cleanly', async () => {
  const html = page(`
    <checkout-addons id="cart-widget" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="2" placement="cart"></checkout-addons>
    <checkout-addons id="mini-cart" feed="/demo/feed.json" cart='["suede-sneakers-42"]' max="1" locale="nl" placement="mini-cart"></checkout-addons>
    <div id="cms-block" data-checkout-addons data-feed="/demo/feed.json" data-cart='["kinderwagen-stad"]' data-max="3"></div>`);
  let feedRequests = 0;
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/embed.html`, html);
    await recordEvents(p);
    p.on('request', (request) => { if (new URL(request.url()).pathname === '/demo/feed.json') feedRequests += 1; });
  });
  const grinder = await titlesIn(tab, '#cart-widget');
  const shoes = await titlesIn(tab, '#mini-cart');
  const stroller = await titlesIn(tab, '#cms-block');
  assert.ok(grinder.length >= 1 && grinder.length <= 2, grinder.join());
  assert.equal(shoes.length, 1);
  assert.ok(stroller.length >= 1 && stroller.length <= 3, stroller.join());
  assert.notDeepEqual(grinder, stroller, 'each widget follows its own cart');
  assert.equal(await tab.locator('#mini-cart button.add').first().innerText(), 'Toevoegen', 'its own locale');
  assert.equal(await tab.locator('#cart-widget button.add').first().innerText(), 'Add', 'the page language');

  const renders = (await events(tab)).filter((e) => e.name === 'render');
  assert.deepEqual(new Set(renders.map((e) => e.target)), new Set(['cart-widget', 'mini-cart', 'cms-block']));
  assert.equal(renders.find((e) => e.target === 'mini-cart').detail.placement, 'mini-cart');
  const ready = (await events(tab)).filter((e) => e.name === 'ready');
  assert.equal(ready.length, 3);

  // A new cart for one widget changes that one only.
  await tab.evaluate(() => document.getElementById('cms-block').setCart(['handkoffiemolen']));
  await tab.waitForFunction(() => document.getElementById('cms-block').shadowRoot.querySelector('.card .title')?.textContent !== undefined);
  await tab.waitForFunction(
    (before) => [...document.getElementById('cms-block').shadowRoot.querySelectorAll('.card .title')].map((t) => t.textContent).join() !== before,
    stroller.join(),
  );
  assert.deepEqual(await titlesIn(tab, '#mini-cart'), shoes);

  // Removing an element tears its widget down; the others keep working.
  await tab.evaluate(() => document.getElementById('mini-cart').remove());
  await tab.evaluate(() => document.getElementById('cms-block').remove());
  await tab.evaluate(() => document.getElementById('cart-widget').setCart(['suede-sneakers-42']));
  await tab.waitForFunction(() => document.getElementById('cart-widget').getAttribute('cart') === '["suede-sneakers-42"]');
  assert.ok((await titlesIn(tab, '#cart-widget')).length >= 1);
  // A block the page adds later (a CMS rendering late, an SPA route) is picked up.
  await tab.evaluate(() => {
    const block = Object.assign(document.createElement('div'), { id: 'late' });
    block.dataset.checkoutAddons = '';
    block.dataset.feed = '/demo/feed.json';
    block.dataset.cart = '["handkoffiemolen"]';
    document.getElementById('shop').append(block);
  });
  assert.ok((await titlesIn(tab, '#late')).length >= 1);
  assert.equal(feedRequests, 1, 'the widgets of a page share one download of their feed, later ones too');
  assert.deepEqual(errors, []);
  await tab.close();
});

test('changing max-items, or an attribute written as data-{name} on the element, applies it', async () => {
  const html = page(`
    <checkout-addons id="plain" feed="/demo/feed.json" cart='["handkoffiemolen"]' max-items="1"></checkout-addons>
    <checkout-addons id="data" data-feed="/demo/feed.json" data-cart='["handkoffiemolen"]' data-max="1"></checkout-addons>`);
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed-attributes.html`, undefined, (p) => fakePage(p, `${shop.url}/embed-attributes.html`, html));
  const count = (id) => tab.evaluate((id) => document.getElementById(id).shadowRoot?.querySelectorAll('.card:not(.skeleton)').length ?? 0, id);
  assert.equal((await titlesIn(tab, '#plain')).length, 1);
  assert.equal((await titlesIn(tab, '#data')).length, 1);
  await tab.evaluate(() => document.getElementById('plain').setAttribute('max-items', '3'));
  await tab.evaluate(() => document.getElementById('data').setAttribute('data-max', '3'));
  await tab.waitForFunction(() => ['plain', 'data'].every((id) => document.getElementById(id).shadowRoot.querySelectorAll('.card:not(.skeleton)').length === 3));
  const grinder = await titlesIn(tab, '#data');
  await tab.evaluate(() => document.getElementById('data').setAttribute('data-cart', '["suede-sneakers-42"]'));
  await tab.waitForFunction((before) => [...document.getElementById('data').shadowRoot.querySelectorAll('.card .title')].map((t) => t.textContent).join() !== before, grinder.join());
  assert.equal(await count('plain'), 3);
  assert.deepEqual(errors, []);
  await tab.close();
});

test('setCart takes the JSON text too, and ignores with a warning what is no cart, without throwing or emptying it', async () => {
  const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`);
  const { page: tab, errors, warnings } = await openPage(shop.browser, `${shop.url}/embed-set.html`, undefined, (p) => fakePage(p, `${shop.url}/embed-set.html`, html));
  const before = await titlesIn(tab, '#w');
  const thrown = await tab.evaluate(() => {
    const w = document.getElementById('w');
    const cyclic = ['handkoffiemolen'];
    cyclic.push(cyclic);
    const failures = [];
    for (const lines of [null, { id: 'x' }, cyclic, [1n]]) {
      try { w.setCart(lines); } catch (error) { failures.push(String(error)); }
    }
    try { w.setHistory(cyclic); } catch (error) { failures.push(String(error)); }
    return failures;
  });
  assert.deepEqual(thrown, []);
  await tab.waitForTimeout(300);
  assert.equal(await tab.locator('#w').getAttribute('cart'), '["handkoffiemolen"]', 'the cart is as it was');
  assert.deepEqual(await titlesIn(tab, '#w'), before);
  assert.ok(warnings.filter((w) => w.includes('setCart() takes an array')).length >= 4, warnings.join('\n'));
  // The attribute's form, JSON text, is a cart.
  await tab.evaluate(() => document.getElementById('w').setCart('["suede-sneakers"]'));
  assert.equal(await tab.locator('#w').getAttribute('cart'), '["suede-sneakers"]');
  assert.deepEqual(errors, []);
  await tab.close();
});

test('a cart whose every id the feed lacks is said once in the console, and gets only what fits any cart', async () => {
  const feed = JSON.parse(await readFile(join(dist, 'demo/feed.json'), 'utf8'));
  const till = feed.products.filter((p) => p.impulse).map((p) => p.title);
  const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["gla_101", "gla_102"]'></checkout-addons>`);
  const { page: tab, errors, warnings } = await openPage(shop.browser, `${shop.url}/embed-ids.html`, undefined, (p) => fakePage(p, `${shop.url}/embed-ids.html`, html));
  // Nothing to go with, so the things by the till: a feed behind the shop does not empty the widget.
  const shown = await titlesIn(tab, '#w');
  assert.ok(shown.length >= 1 && shown.every((title) => till.includes(title)), `${shown} of ${till}`);
  await tab.evaluate(() => document.getElementById('w').setCart(['gla_103']));
  await tab.evaluate(() => document.getElementById('w').setCart(['handkoffiemolen']));
  // A cart the feed knows gets its own add-ons, not only the till's.
  await tab.waitForFunction((till) => [...document.getElementById('w').shadowRoot.querySelectorAll('.card .title')]
    .some((t) => !till.includes(t.textContent)), till);
  assert.ok((await titlesIn(tab, '#w')).some((title) => !till.includes(title)), 'a cart the feed knows gets its add-ons');
  const told = warnings.filter((w) => w.includes('no cart id is in the feed'));
  assert.equal(told.length, 1, warnings.join('\n'));
  assert.match(told[0], /^checkout-addons: no cart id is in the feed \(gla_101, gla_102\)/);
  assert.deepEqual(errors, []);
  await tab.close();
});

test('theme properties on an ancestor or on the element apply; a switch with another word is ignored, with a warning', async () => {
  const html = page(`<div style="--ca-accent: rgb(1, 2, 3)">
      <checkout-addons id="inherits" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="1"></checkout-addons></div>
    <checkout-addons id="own" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="1" style="--ca-accent: rgb(4, 5, 6)"></checkout-addons>
    <checkout-addons id="no-picker" feed="/demo/feed.json" cart='["winterjas"]' variant-picker="no"></checkout-addons>
    <div id="data-picker" data-checkout-addons data-feed="/demo/feed.json" data-cart='["winterjas"]' data-variant-picker></div>`);
  const { page: tab, errors, warnings } = await openPage(shop.browser, `${shop.url}/embed-theme.html`, undefined, (p) => fakePage(p, `${shop.url}/embed-theme.html`, html));
  for (const id of ['#inherits', '#own', '#no-picker', '#data-picker']) await titlesIn(tab, id);
  const accent = (id) => tab.locator(`${id} button.add`).first().evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(await accent('#inherits'), 'rgb(1, 2, 3)', 'set on an ancestor');
  assert.equal(await accent('#own'), 'rgb(4, 5, 6)', 'set on the element');
  assert.ok(await tab.locator('#data-picker select.variant').count() > 0, 'data-variant-picker is on');
  assert.equal(await tab.locator('#no-picker select.variant').count(), 0, 'variant-picker="no" is no picker');
  assert.ok(warnings.some((w) => w.includes('attribute `variant-picker="no"` ignored: not true or false')), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await tab.close();
});

test('refresh() fetches the feed again and shows its new prices', async () => {
  const feed = JSON.parse(await readFile(join(dist, 'demo/feed.json'), 'utf8'));
  let requests = 0;
  const html = page(`<checkout-addons id="w" feed="/live-feed.json" cart='["handkoffiemolen"]' max="1"></checkout-addons>`);
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/embed.html`, html);
    await p.route(`${shop.url}/live-feed.json`, (route) => {
      requests += 1;
      // The second time round, every price has gone up by exactly 1.00.
      const served = requests === 1 ? feed : { ...feed, products: feed.products.map((p) => ({ ...p, price: p.price + 100, variants: undefined, compare_at_price: undefined })) };
      route.fulfill({ contentType: 'application/json', body: JSON.stringify(served) });
    });
  });
  await titlesIn(tab, '#w');
  const before = await tab.locator('#w .card .now').first().innerText();
  await tab.evaluate(() => document.getElementById('w').refresh());
  await tab.waitForFunction((old) => document.getElementById('w').shadowRoot.querySelector('.card .now')?.textContent !== old, before);
  const after = await tab.locator('#w .card .now').first().innerText();
  const cents = (text) => Number(text.replace(/[^\d]/g, ''));
  assert.equal(requests, 2);
  assert.ok(cents(after) > cents(before), `${before} -> ${after}`);
  assert.deepEqual(errors, []);
  await tab.close();
});

test('the demo cart adapter: add, confirm, undo, with the events a shop listens to', async () => {
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`, undefined, recordEvents);
  await titlesIn(tab);
  await tab.locator('#cart-lines .line-title').first().waitFor();
  const rows = await tab.locator('#cart-lines tr').count();
  const card = tab.locator('checkout-addons .card:not(.skeleton)').first();
  const title = await card.locator('.title').innerText();
  await card.locator('button.add').click();
  await card.locator('button.add[data-state="added"]').waitFor();
  assert.equal(await tab.locator('#cart-lines tr').count(), rows + 1);
  // Focus stays on the button the shopper pressed.
  assert.equal(await tab.evaluate(() => document.querySelector('checkout-addons').shadowRoot.activeElement?.className), 'add');

  await card.locator('button.undo').click();
  await card.locator('button.add[data-state="ready"]').waitFor();
  assert.equal(await tab.locator('#cart-lines tr').count(), rows);
  const names = (await events(tab)).map((e) => e.name).filter((n) => n !== 'render');
  assert.deepEqual(names, ['ready', 'add', 'added', 'removed']);
  const added = (await events(tab)).find((e) => e.name === 'added');
  assert.equal(added.detail.title, title);
  assert.equal(added.detail.currency, 'EUR');
  assert.ok(Number.isInteger(added.detail.price));
  assert.deepEqual(errors, []);
  await tab.close();
});

test('the generic event adapter: the page adds on `checkout-addons:add`; no undo without removal', async () => {
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/?adapter=event`, undefined, recordEvents);
  await titlesIn(tab);
  await tab.locator('#cart-lines .line-title').first().waitFor();
  const rows = await tab.locator('#cart-lines tr').count();
  const card = tab.locator('checkout-addons .card:not(.skeleton)').first();
  await card.locator('button.add').click();
  assert.equal(await card.locator('button.add').getAttribute('data-state'), 'busy', 'busy while the cart works');
  await card.locator('button.add[data-state="added"]').waitFor();
  assert.equal(await tab.locator('#cart-lines tr').count(), rows + 1);
  assert.equal(await card.locator('button.undo').count(), 0);
  assert.deepEqual(errors, []);
  await tab.close();
});

test("an add the page's own code breaks on is a failure, never 'added'", async () => {
  const broken = {
    // A theme script whose add listener throws: the browser reports it and dispatch goes on.
    listener: `document.addEventListener('checkout-addons:add', () => { throw new Error('the theme broke'); });`,
    // A cartAdapter property whose getter throws.
    getter: `Object.defineProperty(document.getElementById('w'), 'cartAdapter', { get() { throw new Error('the theme broke'); } });`,
  };
  for (const [how, script] of Object.entries(broken)) {
    const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="1"></checkout-addons>
      <script>${script}</script>`);
    const { page: tab, errors, warnings } = await openPage(shop.browser, `${shop.url}/embed.html`, undefined, async (p) => {
      await fakePage(p, `${shop.url}/embed.html`, html);
      await recordEvents(p);
    });
    await titlesIn(tab, '#w');
    await tab.locator('#w button.add').click();
    await tab.locator('#w button.add[data-state="failed"]').waitFor({ timeout: 5_000 });
    const names = (await events(tab)).map((e) => e.name);
    assert.ok(!names.includes('added'), `${how}: ${names}`);
    assert.ok(names.includes('error'), `${how}: ${names}`);
    assert.ok(warnings.some((w) => w.startsWith('checkout-addons:') && w.includes('threw') && w.includes('the theme broke')), `${how}: ${warnings}`);
    assert.deepEqual(errors, how === 'listener' ? ['Error: the theme broke'] : [], how);
    await tab.close();
  }
});

test('a listener that throws beside the one that adds (waitUntil) leaves the add to that one: added once, not failed', async () => {
  const { page: tab, errors, warnings } = await openPage(shop.browser, `${shop.url}/?adapter=event`, undefined, async (p) => {
    await recordEvents(p);
    // An analytics script of the theme's, broken.
    await p.addInitScript(() => document.addEventListener('checkout-addons:add', () => { throw new Error('analytics broke'); }));
  });
  await titlesIn(tab);
  await tab.locator('#cart-lines .line-title').first().waitFor();
  const rows = await tab.locator('#cart-lines tr').count();
  const card = tab.locator('checkout-addons .card:not(.skeleton)').first();
  await card.locator('button.add').click();
  await card.locator('button.add[data-state="added"]').waitFor({ timeout: 5_000 });
  assert.equal(await tab.locator('#cart-lines tr').count(), rows + 1);
  assert.ok(warnings.some((w) => w.includes('threw') && w.includes('analytics broke')), warnings.join('\n'));
  assert.deepEqual(errors, ['Error: analytics broke']);
  await tab.close();
});

test('waitUntil called after the listener awaited throws to the page, not silently ignored', async () => {
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/?adapter=event`, undefined, async (p) => {
    await p.addInitScript(() => document.addEventListener('checkout-addons:add', async (event) => {
      await null;
      try {
        event.detail.waitUntil(Promise.resolve());
        window.lateWait = 'taken';
      } catch (error) {
        window.lateWait = error.name;
      }
    }));
  });
  await titlesIn(tab);
  await tab.locator('checkout-addons .card:not(.skeleton)').first().locator('button.add').click();
  await tab.waitForFunction(() => window.lateWait !== undefined);
  assert.equal(await tab.evaluate(() => window.lateWait), 'TypeError');
  assert.deepEqual(errors, []);
  await tab.close();
});

test('one press, one cart call: clicks, double and triple clicks, Enter then Space, on slow, failing, late and throwing carts', async () => {
  // Each counts its calls in `window.calls[i]`, `i` being its widget's number.
  const carts = {
    slow: 'add() { window.calls[i] += 1; return new Promise((done) => setTimeout(done, 600)); }',
    failing: "add() { window.calls[i] += 1; return Promise.reject(new Error('the cart said no')); }",
    // Answers after the widget's timeout (300 ms below), and adds after all.
    late: 'add() { window.calls[i] += 1; return new Promise((done) => setTimeout(done, 900)); }',
    throwing: "add() { window.calls[i] += 1; throw new Error('the cart broke'); }",
  };
  const gestures = {
    click: (button) => button.click(),
    'double click': (button) => button.dblclick(),
    'triple click': (button) => button.click({ clickCount: 3 }),
    'Enter then Space': async (button) => {
      await button.focus();
      await button.press('Enter');
      await button.press('Space');
    },
  };
  // One widget per gesture, each with its own cart adapter and count, on one page per cart.
  const names = Object.keys(gestures);
  for (const [kind, adapter] of Object.entries(carts)) {
    const timeout = kind === 'late' ? ' timeout="300"' : '';
    const widgets = names.map((_, i) => `<checkout-addons id="w${i}" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="1"${timeout}></checkout-addons>`);
    const html = page(`${widgets.join('')}
      <script>
        window.calls = [0, 0, 0, 0];
        for (let i = 0; i < 4; i += 1) {
          document.getElementById('w' + i).cartAdapter = { ${adapter} };
        }
      </script>`);
    const { page: tab } = await openPage(shop.browser, `${shop.url}/embed.html`, undefined, (p) => fakePage(p, `${shop.url}/embed.html`, html));
    const outcome = kind === 'slow' || kind === 'late' ? 'added' : 'failed';
    for (const [i, gesture] of names.entries()) {
      await titlesIn(tab, `#w${i}`);
      const button = tab.locator(`#w${i} button.add`);
      await gestures[gesture](button);
      await tab.locator(`#w${i} button.add[data-state="${outcome}"]`).waitFor({ timeout: 5_000 });
    }
    await tab.waitForTimeout(300);
    const calls = await tab.evaluate(() => window.calls);
    assert.deepEqual(Object.fromEntries(names.map((g, i) => [g, calls[i]])), Object.fromEntries(names.map((g) => [g, 1])), `${kind} cart`);
    if (outcome === 'failed') {
      // A deliberate press once the failure has been on screen a moment tries again.
      await tab.waitForTimeout(1_000);
      await tab.locator('#w0 button.add').click();
      await tab.waitForFunction(() => window.calls[0] === 2, undefined, { timeout: 5_000 });
    }
    await tab.close();
  }
});

test('the packaged artifact works from another origin and a versioned CDN folder', async () => {
  const cdn = await serveDist({ root: packaged, prefix: '/checkout-addons/0.1.0/', headers: { 'access-control-allow-origin': '*' } });
  // A shop on its own origin (a real server: Chromium lets only those reach other local origins).
  const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`,
    { script: `${cdn.url}/checkout-addons/0.1.0/checkout-addons.js` });
  const other = await serveDist({ pages: { '/embed.html': html } });
  try {
    const { page: tab, errors } = await openPage(shop.browser, `${other.url}/embed.html`);
    assert.ok((await titlesIn(tab, '#w')).length >= 1);
    assert.equal(await tab.evaluate(() => customElements.get('checkout-addons').version), '0.1.0');
    assert.deepEqual(errors, []);
    await tab.close();
  } finally {
    await cdn.close();
    await other.close();
  }
});

test('the head lines the docs give to start sooner: every file is downloaded once, with a feed file and a published folder', async () => {
  // The snippet exactly as docs/widget.md prints it, its CDN folder and feed pointed here.
  const docs = await readFile('docs/widget.md', 'utf8');
  const section = docs.slice(docs.indexOf('### Start sooner'));
  const from = section.indexOf('```html') + '```html'.length;
  const snippet = section.slice(from, section.indexOf('```', from));
  assert.equal((snippet.match(/<link /g) ?? []).length, 3, snippet);
  const cdn = await serveDist({ root: packaged, prefix: '/checkout-addons/0.1.0/', headers: { 'access-control-allow-origin': '*' } });
  const base = `${cdn.url}/checkout-addons/0.1.0/`;
  const feeds = ['/demo/feed.json', '/demo/published/manifest.json'];
  const pages = Object.fromEntries(feeds.map((feed, n) => [`/embed-${n}.html`, page(
    `<checkout-addons id="w" feed="${feed}" cart='["handkoffiemolen", "suede-sneakers-42"]'></checkout-addons>`,
    { script: `${base}checkout-addons.js` },
  ).replace('</head>', `${snippet.replaceAll('https://cdn.example.com/checkout-addons/0.1.0/', base).replace('href="/feed.json"', `href="${feed}"`)}</head>`)]));
  const shopOrigin = await serveDist({ pages });
  try {
    for (const [n, feed] of feeds.entries()) {
      const requests = {};
      const { page: tab, errors } = await openPage(shop.browser, `${shopOrigin.url}/embed-${n}.html`, undefined, (p) =>
        p.on('request', (request) => {
          const path = new URL(request.url()).pathname;
          requests[path] = (requests[path] ?? 0) + 1;
        }));
      assert.ok((await titlesIn(tab, '#w')).length >= 1, feed);
      const preloaded = ['/checkout-addons/0.1.0/core/checkout-addons.js', '/checkout-addons/0.1.0/core/checkout-addons_bg.wasm', feed];
      assert.deepEqual(preloaded.filter((path) => requests[path] === undefined), [], `${feed}: ${JSON.stringify(requests)}`);
      assert.deepEqual(Object.entries(requests).filter(([, count]) => count > 1), [], `${feed}: downloaded twice`);
      if (feed.endsWith('manifest.json')) {
        assert.ok(Object.keys(requests).some((path) => path.startsWith('/demo/published/shards/')), JSON.stringify(requests));
      }
      assert.deepEqual(errors, [], feed);
      await tab.close();
    }
  } finally {
    await cdn.close();
    await shopOrigin.close();
  }
});

test('the widget works under the strict Content-Security-Policy the docs give', async () => {
  // docs/widget.md gives exactly this policy, with 'self' standing for the shop and the CDN.
  // A violation would show as a console error ("Refused to ...") and stop the widget.
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self'; style-src 'self'";
  const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`);
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed.html`, undefined, (p) =>
    fakePage(p, `${shop.url}/embed.html`, html, { 'content-security-policy': csp }));
  assert.ok((await titlesIn(tab, '#w')).length >= 1);
  await tab.locator('#w img').first().waitFor();
  assert.deepEqual(errors, []);
  await tab.close();
});

test('the widget mounts and adds under Trusted Types, which refuse every string written as HTML', async () => {
  // Shops that enforce Trusted Types (require-trusted-types-for) turn every innerHTML write
  // into an exception: the widget must build its shadow root from nodes alone.
  const csp = "script-src 'self' 'wasm-unsafe-eval'; require-trusted-types-for 'script'";
  const html = page(`<checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`);
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed-tt.html`, undefined, (p) =>
    fakePage(p, `${shop.url}/embed-tt.html`, html, { 'content-security-policy': csp }));
  assert.ok((await titlesIn(tab, '#w')).length >= 1);
  const card = tab.locator('#w .card:not(.skeleton)').first();
  await card.locator('button.add').click();
  await card.locator('button.add[data-state="added"]').waitFor();
  assert.deepEqual(errors, []);
  // The policy is in force: the page itself cannot write HTML as a string.
  assert.equal(await tab.evaluate(() => {
    try {
      document.createElement('div').innerHTML = '<b>x</b>';
      return 'written';
    } catch (error) {
      return error.name;
    }
  }), 'TypeError');
  await tab.close();
});

test('moving the element, or writing an attribute of a div again unchanged, keeps the widget and its added card', async () => {
  const html = page(`
    <section id="here"><checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="2"></checkout-addons></section>
    <section id="there"></section>
    <div id="d" data-checkout-addons data-feed="/demo/feed.json" data-cart='["handkoffiemolen"]' data-max="2" data-placement="cms"></div>`);
  const { page: tab, errors } = await openPage(shop.browser, `${shop.url}/embed-move.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/embed-move.html`, html);
    await recordEvents(p);
  });
  for (const id of ['w', 'd']) {
    await titlesIn(tab, `#${id}`);
    const card = tab.locator(`#${id} .card:not(.skeleton)`).first();
    // Nothing on the page refuses the add: the generic event adapter takes it as added.
    await card.locator('button.add').click();
    await card.locator('button.add[data-state="added"]').waitFor();
  }
  const renders = async () => (await events(tab)).filter((e) => e.name === 'render').length;
  const before = await renders();
  // React moving it to another parent, Turbo keeping it across a page: out and in again.
  await tab.evaluate(async () => {
    const widget = document.getElementById('w');
    document.getElementById('there').append(widget);
    widget.remove();
    await new Promise((resolve) => queueMicrotask(resolve));
    document.getElementById('there').append(widget);
    const div = document.getElementById('d');
    div.setAttribute('data-placement', div.getAttribute('data-placement'));
    // The div out and back in after an await too, as a page transition keeps it.
    div.remove();
    await new Promise((resolve) => queueMicrotask(resolve));
    document.getElementById('here').append(div);
  });
  await tab.waitForTimeout(500);
  for (const id of ['w', 'd']) {
    assert.equal(await tab.locator(`#${id} .card button.add[data-state="added"]`).count(), 1, `${id} keeps its added card`);
  }
  assert.equal(await renders(), before, 'not mounted anew: no second view_item_list');
  // And what they do next reaches the shop's analytics once, not once more from the element.
  await tab.evaluate(() => { window.dataLayer = []; });
  const next = [];
  for (const id of ['w', 'd']) {
    const card = tab.locator(`#${id} .card:not(.skeleton)`).nth(1);
    next.push(await card.getAttribute('data-id'));
    await card.locator('button.add').click();
    await card.locator('button.add[data-state="added"]').waitFor();
  }
  await tab.waitForTimeout(300);
  const told = await tab.evaluate((ids) => window.dataLayer
    .filter((entry) => entry.event === 'add_to_cart' && ids.includes(entry.ecommerce.items[0].item_id))
    .map((entry) => `${entry.ecommerce.item_list_id} ${entry.ecommerce.items[0].item_id}`), next);
  assert.deepEqual(told, [`checkout_addons ${next[0]}`, `checkout_addons_cms ${next[1]}`], 'each add told to GA4 once');
  assert.deepEqual(errors, []);
  await tab.close();
});
