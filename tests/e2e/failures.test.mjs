// Never break the page: whatever goes wrong with the feed, the network or the widget itself,
// the widget collapses (no empty frame), says so once in the console, emits `checkout-addons:error`,
// and the shop's own page, scripts and events carry on untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoShop, openPage, fakePage, recordEvents, titlesIn, serveDist, dist } from './support.mjs';

const shop = demoShop();

// A shop page with its own script, its own click handling and its own global CSS, to check
// that the widget leaves all of it alone.
const shopPage = (widgets) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A shop</title>
<style>button { background: hotpink; } .card { display: none; }</style></head>
<body>
  <main id="shop">
    <p id="own-count">0</p><button id="own-button" type="button">The shop's own button</button>
    <section id="stopper">${widgets}</section>
  </main>
  <script>
    window.shopClicks = 0;
    document.getElementById('own-button').addEventListener('click', () => {
      window.shopClicks += 1;
      document.getElementById('own-count').textContent = String(window.shopClicks);
    });
    // A theme that stops clicks from bubbling out of a section must not silence the widget.
    document.getElementById('stopper').addEventListener('click', (e) => e.stopPropagation());
  </script>
  <script type="module" src="/checkout-addons.js"></script>
</body></html>`;

/** Opens a shop page whose widget reads `feed`, with `setup(page)` before navigation. */
async function open(feed, setup = async () => {}, extra = '') {
  const html = shopPage(`<checkout-addons id="w" feed="${feed}" cart='["handkoffiemolen"]'${extra}></checkout-addons>`);
  const opened = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
    await recordEvents(p);
    await setup(p);
  });
  return opened;
}

/** The widget collapsed, said so once, and the shop still works. Returns the error message. */
async function assertCollapsedCleanly({ page, warnings }, id = 'w') {
  await page.waitForFunction((id) => document.getElementById(id)?.dataset.state === 'error', id, { timeout: 15_000 });
  assert.equal(await page.locator(`#${id}`).isVisible(), false, 'no empty frame');
  const box = await page.locator(`#${id}`).boundingBox();
  assert.equal(box, null, 'takes no space');
  const errors = (await page.evaluate(() => window.addonEvents)).filter((e) => e.name === 'error' && e.target === id);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(warnings.filter((w) => w.startsWith('checkout-addons:')).length, 1, warnings.join('\n'));
  await page.locator('#own-button').click();
  assert.equal(await page.locator('#own-count').innerText(), '1', "the shop's own script still runs");
  return errors[0].detail.message;
}

test('a missing feed', async () => {
  const opened = await open('/no-such-feed.json');
  assert.match(await assertCollapsedCleanly(opened), /no-such-feed\.json.*404/);
  assert.deepEqual(opened.errors.filter((e) => !e.includes('404')), []);
  await opened.page.close();
});

test('a slow feed gives up after the timeout', async () => {
  const opened = await open('/slow-feed.json', (p) =>
    p.route('**/slow-feed.json', async (route) => {
      await new Promise((done) => setTimeout(done, 5_000));
      await route.fulfill({ contentType: 'application/json', body: '{}' }).catch(() => {});
    }), ' timeout="500"');
  const started = Date.now();
  assert.match(await assertCollapsedCleanly(opened), /did not arrive within 500 ms/);
  assert.ok(Date.now() - started < 4_000, 'gave up before the feed came');
  await opened.page.close();
});

/**
 * A feed of 60 MB sent without a length (or compressed, whose length says little), a chunk a
 * millisecond as a network delivers: a localhost socket would otherwise take all of it into
 * its buffers before the browser could stop reading. `sent` counts what went out.
 */
function hugeFeed() {
  const huge = { sent: 0 };
  huge.send = (response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 32);
    const more = () => {
      if (response.destroyed) return;
      if (huge.sent >= 60 * 1024 * 1024) return response.end();
      huge.sent += chunk.length;
      response.write(chunk);
      setTimeout(more, 1);
    };
    response.write('{"version": 1, "currency": "EUR", "products": [], "pad": "');
    more();
    return true;
  };
  return huge;
}

test('a feed past the size limit with no length given is stopped as it arrives, not read whole', async () => {
  // A server that streams 60 MB of feed in chunks, without a Content-Length (or a compressed
  // body whose length says little): the widget must say no at 20 MiB, not after.
  const huge = hugeFeed();
  const server = await serveDist({
    pages: { '/shop.html': shopPage(`<checkout-addons id="w" feed="/huge-feed.json" cart='["handkoffiemolen"]'></checkout-addons>`) },
    handle: async (request, response, path) => path === '/huge-feed.json' && huge.send(response),
  });
  try {
    const opened = await openPage(shop.browser, `${server.url}/shop.html`, undefined, recordEvents);
    assert.match(await assertCollapsedCleanly(opened), /larger than 20 MiB/);
    assert.ok(huge.sent < 40 * 1024 * 1024, `the download was stopped: ${huge.sent} bytes sent`);
    await opened.page.close();
  } finally {
    await server.close();
  }
});

test('a refresh() whose feed comes back past the size limit is stopped as it arrives; the cards stay', async () => {
  const feed = await readFile(join(dist, 'demo/feed.json'));
  let requests = 0;
  const huge = hugeFeed();
  const server = await serveDist({
    pages: { '/shop.html': shopPage(`<checkout-addons id="w" feed="/live-feed.json" cart='["handkoffiemolen"]'></checkout-addons>`) },
    handle: async (request, response, path) => {
      if (path !== '/live-feed.json') return false;
      if (++requests > 1) return huge.send(response); // the shop's export went wrong overnight
      response.writeHead(200, { 'content-type': 'application/json' }).end(feed);
      return true;
    },
  });
  try {
    const { page, warnings } = await openPage(shop.browser, `${server.url}/shop.html`);
    const before = await titlesIn(page, '#w');
    await page.evaluate(() => document.getElementById('w').refresh());
    const refused = () => warnings.some((w) => w.includes('larger than 20 MiB'));
    for (let waited = 0; !refused() && waited < 30_000; waited += 200) await page.waitForTimeout(200);
    assert.ok(refused(), warnings.join('\n'));
    assert.ok(huge.sent < 40 * 1024 * 1024, `the download was stopped: ${huge.sent} bytes sent`);
    assert.deepEqual(await titlesIn(page, '#w'), before, 'a failed refresh keeps what is on screen');
    await page.close();
  } finally {
    await server.close();
  }
});

test('a failing network', async () => {
  const opened = await open('/unreachable-feed.json', (p) => p.route('**/unreachable-feed.json', (route) => route.abort('connectionrefused')));
  assert.match(await assertCollapsedCleanly(opened), /could not fetch the feed \/unreachable-feed\.json/);
  await opened.page.close();
});

test('a malformed feed names the line', async () => {
  const opened = await open('/broken-feed.json', (p) =>
    p.route('**/broken-feed.json', (route) => route.fulfill({ contentType: 'application/json', body: '{\n  "version": 1,\n  "products": [\n' })));
  assert.match(await assertCollapsedCleanly(opened), /broken-feed\.json is not valid[\s\S]*line 4/);
  assert.deepEqual(opened.errors, []);
  await opened.page.close();
});

test('a feed wrong in every product is told by its first twenty errors and a count, not megabytes', async () => {
  const products = Array.from({ length: 5_000 }, (_, i) => ({ id: `p${i}`, title: 'Mug', price: '9.95' }));
  const opened = await open('/strings-feed.json', (p) =>
    p.route('**/strings-feed.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ version: 1, currency: 'EUR', products }) })));
  const message = await assertCollapsedCleanly(opened);
  assert.match(message, /^the feed \/strings-feed\.json is not valid:\nproducts\[0\]\.price \(product `p0`\)/);
  assert.equal(message.split('\n').length, 22, message);
  assert.match(message, /\.\.\. and 4980 more \(`addons validate` lists every one\)$/);
  await opened.page.close();
});

test('a hostile feed: markup in titles stays text, script URLs are refused', async () => {
  const evil = {
    version: 1, currency: 'EUR',
    products: [
      { id: 'handkoffiemolen', title: 'Grinder', price: 4000 },
      { id: 'x1', title: '<img src=x onerror="window.pwned=1">', price: 500, url: '/ok', image: '/demo/img/aa-batterijen.svg' },
      { id: 'x2', title: '<script>window.pwned=2</script>', price: 600, description: '"><svg onload="window.pwned=3">' },
    ],
    complements: [{ from: 'handkoffiemolen', to: 'x1' }, { from: 'handkoffiemolen', to: 'x2' }],
  };
  const opened = await open('/evil-feed.json', (p) =>
    p.route('**/evil-feed.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(evil) })));
  const { page } = opened;
  const cards = page.locator('#w .card:not(.skeleton)');
  await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
  const titles = await cards.locator('.title').allInnerTexts();
  assert.ok(titles.includes('<script>window.pwned=2</script>'), titles.join());
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('script, svg, img[onerror]').length), 0);
  assert.deepEqual(opened.errors, []);

  // The same feed with a javascript: link is refused as a whole, naming the product.
  evil.products[1].url = 'javascript:window.pwned=4';
  const refused = await open('/evil-feed.json', (p) =>
    p.route('**/evil-feed.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(evil) })));
  assert.match(await assertCollapsedCleanly(refused), /x1/);
  assert.equal(await refused.page.evaluate(() => window.pwned), undefined);
  await refused.page.close();
  await page.close();
});

// Also on a page whose `console.warn` throws (a strict test setup, an error monitor): the
// warning is lost there, and nothing after it may be.
for (const warnThrows of [false, true]) test(`the wasm failing to load collapses every widget, with one warning; the next widget tries again${warnThrows ? " (console.warn throws)" : ''}`, async () => {
  const html = shopPage(`<checkout-addons id="a" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>
    <div id="b" data-checkout-addons data-feed="/demo/feed.json" data-cart='["handkoffiemolen"]'></div>`);
  const opened = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
    await recordEvents(p);
    await p.route('**/core/checkout-addons_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    if (warnThrows) await p.addInitScript(() => { console.warn = () => { throw new Error('broken by the page'); }; });
  });
  const { page, warnings } = opened;
  for (const id of ['a', 'b']) {
    await page.waitForFunction((id) => document.getElementById(id)?.dataset.state === 'error', id);
    assert.equal(await page.locator(`#${id}`).boundingBox(), null, `#${id} takes no space`);
  }
  const errors = (await page.evaluate(() => window.addonEvents)).filter((e) => e.name === 'error');
  assert.deepEqual(errors.map((e) => e.target).sort(), ['a', 'b']);
  assert.equal(warnings.filter((w) => w.startsWith('checkout-addons:')).length, warnThrows ? 0 : 1, warnings.join('\n'));
  assert.deepEqual(opened.errors.filter((e) => !e.includes('404')), [], 'nothing thrown into the page');
  await page.locator('#own-button').click();
  assert.equal(await page.locator('#own-count').innerText(), '1');
  // The next widget the page mounts (a cart drawer drawn again) tries the download again.
  await page.unroute('**/core/checkout-addons_bg.wasm');
  await page.evaluate(() => document.getElementById('stopper').insertAdjacentHTML('beforeend',
    `<checkout-addons id="c" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`));
  await page.waitForFunction(() => document.getElementById('c')?.dataset.state === 'ready', undefined, { timeout: 15_000 });
  await page.close();
});

test("a page that answers the widget's own error or dismissal by changing its attributes stops no widget", async () => {
  const html = shopPage(`<checkout-addons id="a" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>
    <checkout-addons id="b" feed="/demo/feed.json" cart='["suede-sneakers"]'></checkout-addons>`);
  const { page, errors } = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
  });
  for (const id of ['a', 'b']) await page.waitForFunction((id) => document.getElementById(id)?.dataset.state === 'ready', id);
  await page.evaluate(() => {
    const a = document.getElementById('a');
    // A fallback some pages write: on an error, another feed, at once, inside the event.
    a.addEventListener('checkout-addons:error', () => a.setAttribute('feed', '/demo/feed.json?backup'), { once: true });
    a.cartAdapter = { add: () => Promise.reject(new Error('sold out')) };
    a.shadowRoot.querySelector('button.add').click();
  });
  await page.waitForFunction(() => document.getElementById('a').dataset.state === 'ready'
    && document.getElementById('a').shadowRoot.querySelector('.card:not(.skeleton)'), undefined, { timeout: 15_000 });
  // A listener on a dismissal that shows fewer cards from then on.
  await page.evaluate(() => {
    const b = document.getElementById('b');
    b.addEventListener('checkout-addons:dismissed', () => b.setAttribute('max', '2'), { once: true });
    b.shadowRoot.querySelector('button.dismiss').click();
  });
  await page.waitForTimeout(1_000);
  for (const id of ['a', 'b']) assert.equal(await page.locator(`#${id}`).getAttribute('data-state'), 'ready', id);
  // The other widget still ranks: the wasm they share is alive.
  await page.evaluate(() => document.getElementById('b').setCart(['handkoffiemolen']));
  await page.waitForFunction(() => document.getElementById('b').shadowRoot.querySelectorAll('.card:not(.skeleton)').length > 0);
  assert.deepEqual(errors.filter((e) => !e.includes('sold out')), []);
  await page.close();
});

test("the wasm's glue failing to load once is fetched again for the next widget", async () => {
  const html = shopPage(`<checkout-addons id="a" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`);
  const opened = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
    await p.route('**/core/checkout-addons.js', (route) => route.fulfill({ status: 503, body: 'busy' }));
  });
  const { page } = opened;
  await page.waitForFunction(() => document.getElementById('a')?.dataset.state === 'error');
  // Back between cells: the next widget the page mounts gets the glue, and its add-ons.
  await page.unroute('**/core/checkout-addons.js');
  await page.evaluate(() => document.getElementById('stopper').insertAdjacentHTML('beforeend',
    `<checkout-addons id="c" feed="/demo/feed.json" cart='["handkoffiemolen"]'></checkout-addons>`));
  await page.waitForFunction(() => document.getElementById('c')?.dataset.state === 'ready', undefined, { timeout: 15_000 });
  await page.close();
});

test("the shop's CSS, scripts and stopPropagation leave the widget working", async () => {
  const opened = await open('/demo/feed.json');
  const { page, errors } = opened;
  const card = page.locator('#w .card:not(.skeleton)').first();
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  // The shop's `.card { display: none }` and pink buttons do not reach into the shadow root.
  const background = await card.locator('button.add').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.notEqual(background, 'rgb(255, 105, 180)');
  await card.locator('button.add').click();
  await page.waitForFunction(() => window.addonEvents.some((e) => e.name === 'add'));
  await page.locator('#own-button').click();
  assert.equal(await page.evaluate(() => window.shopClicks), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test("prices in the widget's own languages make no Intl.NumberFormat (its first costs a page 12-19 ms); other locales' do", async () => {
  const counted = (p) => p.addInitScript(() => {
    window.numberFormats = 0;
    Intl.NumberFormat = new Proxy(Intl.NumberFormat, {
      construct(target, args) { window.numberFormats += 1; return Reflect.construct(target, args); },
    });
  });
  for (const [locale, price, formats] of [['en', /^€\d+\.\d\d$/, 0], ['nl', /^€\u00a0\d+,\d\d$/, 0], ['es', /^\d+,\d\d\u00a0€$/, 1]]) {
    const { page, errors } = await open('/demo/feed.json', counted, ` locale="${locale}"`);
    const card = page.locator('#w .card:not(.skeleton)').first();
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match(await card.locator('.now').innerText(), price, locale);
    const made = await page.evaluate(() => window.numberFormats);
    assert.ok(formats === 0 ? made === 0 : made >= formats, `${locale}: ${made} formatters`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('a page that breaks Intl.NumberFormat: prices fall back to the plain amount, nothing else breaks', async () => {
  // A built-in the widget calls (for a locale it does not write itself), replaced by the page
  // with something that throws. An exception crossing the wasm would leave the widget
  // half-rendered; the widget catches it instead.
  const opened = await open('/demo/feed.json', (p) => p.addInitScript(() => {
    // `format` is an accessor, so plain assignment would be ignored.
    Object.defineProperty(Intl.NumberFormat.prototype, 'format', {
      get() { return () => { throw new Error('broken by the page'); }; },
    });
  }), ' locale="es"');
  const { page, errors, warnings } = opened;
  const card = page.locator('#w .card:not(.skeleton)').first();
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await card.locator('.now').innerText(), /^EUR \d+\.\d\d$/);
  assert.equal(await page.locator('#w').getAttribute('data-state'), 'ready');
  await card.locator('button.add').click();
  await page.waitForFunction(() => window.addonEvents.some((e) => e.name === 'added'));
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings.filter((w) => w.startsWith('checkout-addons:')), []);
  await page.close();
});

test("a page whose console.warn throws: the widget's warnings reach no further, every widget keeps working", async () => {
  // Some pages make a warning fail loudly (a test setup, a strict error monitor). A warning
  // the widget gives while it reads its cart and the shopper's history must not throw through
  // the wasm: that would leave those signals locked, and the next change to them would stop
  // every widget on the page.
  const opened = await open('/demo/feed.json', (p) => p.addInitScript(() => {
    console.warn = () => { throw new Error('broken by the page'); };
  }));
  const { page, errors } = opened;
  // A cart the feed does not know: the widget warns once, while it ranks.
  await page.evaluate(() => document.getElementById('w').setCart(['no-such-product']));
  await page.waitForTimeout(300);
  // Then the history and the cart change, as a logged-in shopper's page would.
  await page.evaluate(() => {
    const w = document.getElementById('w');
    w.setHistory([{ date: '2026-11-02', lines: ['espressobonen'] }]);
    w.setCart(['handkoffiemolen']);
  });
  const card = page.locator('#w .card:not(.skeleton)').first();
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await page.locator('#w').getAttribute('data-state'), 'ready');
  await card.locator('button.add').click();
  await page.waitForFunction(() => window.addonEvents.some((e) => e.name === 'added'));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a platform cart whose adapter fails to load: the widget collapses, no card says 'Added' for an add that never reached the cart", async () => {
  const html = shopPage('<checkout-addons id="w" feed="/demo/feed.json" cart="shopify"></checkout-addons>');
  const opened = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
    await recordEvents(p);
    await p.route('**/cart/shopify.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
  });
  assert.match(await assertCollapsedCleanly(opened), /could not load the shopify cart adapter/);
  assert.equal(await opened.page.evaluate(() => document.getElementById('w').shadowRoot.querySelectorAll('button.add').length), 0);
  await opened.page.close();
});

test('a page that clears the performance marks: nothing is thrown into it', async () => {
  const opened = await open('/demo/feed.json', (p) => p.addInitScript(() => {
    document.addEventListener('checkout-addons:ready', () => performance.clearMarks());
  }));
  const { page, errors } = opened;
  await page.waitForFunction(() => window.addonEvents.some((e) => e.name === 'render' && e.detail.items?.length));
  assert.equal(await page.locator('#w').getAttribute('data-state'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a feed changed while the widget loads: the new feed is shown, never the old one under its name', async () => {
  const demo = await (await fetch(`${shop.url}/demo/feed.json`)).json();
  const old = { ...demo, products: demo.products.map((p) => ({ ...p, title: `Old ${p.title}` })) };
  // The page (a market switch, a framework setting attributes late) changes `feed` right after
  // the loader ran, while the wasm is still on its way.
  const html = shopPage(`<checkout-addons id="w" feed="/old-feed.json" cart='["handkoffiemolen"]'></checkout-addons>`)
    .replace('</body>', `<script type="module">document.getElementById('w').setAttribute('feed', '/demo/feed.json');</script></body>`);
  const opened = await openPage(shop.browser, `${shop.url}/shop.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/shop.html`, html);
    await recordEvents(p);
    await p.route('**/old-feed.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(old) }));
  });
  const { page, errors } = opened;
  const titles = await titlesIn(page, '#w');
  assert.ok(titles.length > 0 && titles.every((t) => !t.startsWith('Old ')), titles.join(' | '));
  assert.deepEqual(errors, []);
  await page.close();
});
