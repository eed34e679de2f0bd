// The widget reading a published folder (docs/feed.md) in the demo shop: it fetches the
// manifest and only the shards of the cart's products, answers as the feed file does, fetches
// one more shard when the cart gains a product from another, and a shard that is missing or
// corrupt costs only that product's add-ons, with one console warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoShop, dist, openPage, fakePage } from './support.mjs';

const shop = demoShop();
const folder = '/demo/published/';
const manifest = JSON.parse(await readFile(join(dist, folder, 'manifest.json'), 'utf8'));

// Each shard's generation, from the manifest's runs `generation:count,...`.
const generations = manifest.published.generations.split(',')
  .flatMap((run) => { const [generation, count] = run.split(':'); return Array(Number(count)).fill(generation); });

/** Where the publisher put `id`: FNV-1a (64 bits) of its UTF-8 bytes, modulo the shard count. */
function shardFile(id) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(id)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const n = Number(hash % BigInt(manifest.published.shards));
  return `${folder}shards/${n}-${generations[n]}.json`;
}

/** The demo with these cart ids and feed, its shard requests and what each render showed. */
async function open(cart, feed, prepare = async () => {}) {
  const shards = [];
  const opened = await openPage(shop.browser, `${shop.url}/?cart=${cart.join(',')}&feed=${feed}`, undefined, async (page) => {
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(`${folder}shards/`)) shards.push(path);
    });
    await page.addInitScript(() => {
      window.renders = [];
      document.addEventListener('checkout-addons:render', (event) => {
        window.renders.push(event.detail.items.map((item) => `${item.productId} (${item.reason}: ${item.reasonText})`));
      });
    });
    await prepare(page);
  });
  return { ...opened, shards };
}

async function lastRender(page, count = 1) {
  await page.waitForFunction((n) => window.renders.length >= n, count, { timeout: 15_000 });
  return page.evaluate(() => window.renders.at(-1));
}

const cart = ['handkoffiemolen', 'suede-sneakers-42'];

test('the loader finds a shard as the publisher placed it: FNV-1a of the id\'s UTF-8 bytes', async () => {
  const { page } = await openPage(shop.browser, `${shop.url}/`);
  const ids = [...new Set(JSON.parse(await readFile(join(dist, 'demo/feed.json'), 'utf8')).products
    .flatMap((p) => [p.id, ...(p.variants ?? []).map((v) => v.id)]))];
  const found = await page.evaluate(async ([ids, count]) => {
    const { shardOf } = await import('/checkout-addons.js');
    return { demo: ids.map((id) => shardOf(id, count)), pinned: [shardOf('suède-42', 1000), shardOf('g100', 62500)] };
  }, [ids, manifest.published.shards]);
  // The values the engine's unit test pins (crates/engine/src/published.rs).
  assert.deepEqual(found.pinned, [862, 32449]);
  // Every demo product is in the shard the loader computes for its id and each variant's id.
  const shards = await Promise.all(generations.map((g, n) => readFile(join(dist, folder, `shards/${n}-${g}.json`), 'utf8').then(JSON.parse)));
  const owners = JSON.parse(await readFile(join(dist, 'demo/feed.json'), 'utf8')).products
    .flatMap((p) => [[p.id, p.id], ...(p.variants ?? []).map((v) => [v.id, p.id])]);
  for (const [id, product] of owners) {
    const n = found.demo[ids.indexOf(id)];
    assert.ok(shards[n].products.some((p) => p.id === product), `${id} in shard ${n}`);
  }
  await page.close();
});

test('from a published folder the widget fetches only the cart\'s shards and shows what the feed file shows', async () => {
  const fromFeed = await open(cart, '/demo/feed.json');
  const expected = await lastRender(fromFeed.page);
  await fromFeed.page.close();
  assert.ok(expected.length >= 2, expected.join('\n'));

  const { page, errors, warnings, shards } = await open(cart, `${folder}manifest.json`);
  assert.deepEqual(await lastRender(page), expected);
  assert.equal(await page.locator('checkout-addons').getAttribute('data-state'), 'ready');
  assert.deepEqual(shards.sort(), cart.map(shardFile).sort(), 'one request per shard the cart needs, no more');
  assert.deepEqual(errors, []);
  assert.deepEqual(warnings, []);
  await page.close();
});

test('the loader asks for the cart\'s shards as soon as the manifest is in, while the wasm still loads', async () => {
  let wasmReleased = false;
  const early = [];
  const { page, errors, shards } = await open(cart, `${folder}manifest.json`, async (page) => {
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith(`${folder}shards/`)) early.push(!wasmReleased);
    });
    await page.route('**/core/checkout-addons_bg.wasm', async (route) => {
      await new Promise((done) => setTimeout(done, 1_000));
      wasmReleased = true;
      await route.continue();
    });
  });
  await lastRender(page);
  assert.deepEqual(shards.sort(), cart.map(shardFile).sort(), 'each once: the widget took the requests over');
  assert.deepEqual(early, cart.map(() => true), 'requested before the wasm arrived');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the loader reads the cart as the widget does: trimmed ids, no line of quantity 0 or of no id', async () => {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Cart</title><link rel="icon" href="data:,"></head>
<body><checkout-addons feed="${folder}manifest.json"
  cart='[" handkoffiemolen ", {"id": "suede-sneakers-42", "quantity": 0}, {"id": null}]'></checkout-addons>
<script type="module" src="/checkout-addons.js"></script></body></html>`;
  const requested = [];
  let wasmReleased = false;
  const { page, errors } = await openPage(shop.browser, `${shop.url}/loader-ids.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/loader-ids.html`, html);
    p.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith(`${folder}shards/`)) requested.push([path, !wasmReleased]);
    });
    await p.route('**/core/checkout-addons_bg.wasm', async (route) => {
      await new Promise((done) => setTimeout(done, 1_000));
      wasmReleased = true;
      await route.continue();
    });
  });
  await page.waitForFunction(() => document.querySelector('checkout-addons').dataset.state === 'ready', undefined, { timeout: 15_000 });
  assert.deepEqual(requested, [[shardFile('handkoffiemolen'), true]],
    'the trimmed id\'s shard, by the loader before the wasm came; none for an id the widget does not read');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a product from another shard fetches that one shard; shards already here are not fetched again', async () => {
  const added = 'koffiebonen-1kg';
  assert.ok(!cart.map(shardFile).includes(shardFile(added)), 'the test needs a product from a third shard');
  const { page, errors, shards } = await open(cart, `${folder}manifest.json`);
  await lastRender(page);
  const before = shards.length;
  const renders = await page.evaluate(() => window.renders.length);
  await page.evaluate((ids) => document.querySelector('checkout-addons').setCart(ids), [...cart, added]);
  // A new `render` comes only if the cards change: wait for the shard, then for the ranking.
  for (let waited = 0; shards.length === before && waited < 10_000; waited += 50) await page.waitForTimeout(50);
  await page.waitForTimeout(500);
  const shown = await lastRender(page, renders);
  assert.deepEqual(shards.slice(before), [shardFile(added)]);
  assert.ok(!shown.some((card) => card.startsWith(`${added} `)), shown.join('\n'));

  // The same cart from the feed file: the same cards.
  const fromFeed = await open([...cart, added], '/demo/feed.json');
  assert.deepEqual(shown, await lastRender(fromFeed.page));
  await fromFeed.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test('a cart set after the widget started waits for its shards: no till-only cards, no false warning', async () => {
  const { page, errors, warnings } = await open([], `${folder}manifest.json`);
  await page.waitForFunction(() => ['empty', 'ready'].includes(document.querySelector('checkout-addons').dataset.state));
  const before = await page.evaluate(() => window.renders.length);
  // Shards on their way a while, as on a phone, when the page sets the cart.
  await page.route('**/demo/published/shards/**', async (route) => {
    await new Promise((done) => setTimeout(done, 800));
    await route.continue();
  });
  await page.evaluate((ids) => document.querySelector('checkout-addons').setCart(ids), cart);
  const shown = await lastRender(page, before + 1);
  await page.waitForTimeout(500);
  const renders = await page.evaluate((n) => window.renders.slice(n), before);
  assert.equal(renders.length, 1, `one render, the cart's cards:\n${renders.join('\n')}`);
  assert.ok(!warnings.some((w) => w.includes('no cart id is in the feed')), warnings.join('\n'));
  const fromFeed = await open(cart, '/demo/feed.json');
  assert.deepEqual(shown, await lastRender(fromFeed.page));
  await fromFeed.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [broken, answer] of [
  ['missing (404)', (route) => route.fulfill({ status: 404, body: 'not found' })],
  ['corrupt', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 1, "products": [' })],
]) {
  test(`a ${broken} shard costs only its product's add-ons, with one warning naming it`, async () => {
    // The grinder has no variants, so its relations are in its own shard only (the sneakers'
    // are in the shard of each size as well).
    const lost = shardFile('handkoffiemolen');
    const { page, errors, warnings } = await open(cart, `${folder}manifest.json`, (page) => page.route(`**${lost}`, answer));
    const shown = await lastRender(page);
    // The sneakers' shard arrived: their add-ons are shown as if the grinder were not known.
    const alone = await open(['suede-sneakers-42'], `${folder}manifest.json`);
    const sneakersAlone = await lastRender(alone.page);
    await alone.page.close();
    assert.ok(shown.length >= 1, 'the rest is still ranked');
    assert.deepEqual(shown, sneakersAlone);
    assert.equal(await page.locator('checkout-addons').getAttribute('data-state'), 'ready');
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.ok(warnings[0].includes(lost), warnings[0]);
    // (The browser itself logs the failed request of a 404; nothing else may be logged.)
    assert.deepEqual(errors.filter((e) => !e.startsWith('Failed to load resource')), [], 'the host page is not affected');
    await page.close();
  });
}

// A manifest is data from the network: the loader reads its shard runs as runs, so one that
// claims 4 billion shards does not take the page down (spread into an array of one entry a
// shard, 40 million had held a main thread for 26 s), and a generation that is not a number
// makes no request at all.
for (const [claim, published] of [
  ['4 billion shards', { typical_price: 300, shards: 4_000_000_000, generations: '1:4000000000' }],
  ['a generation that is a path', { typical_price: 300, shards: 1, generations: '../../x?:1' }],
]) {
  test(`a manifest claiming ${claim} leaves the page responsive and asks for nothing odd`, async () => {
    const requested = [];
    const { page } = await openPage(shop.browser, `${shop.url}/?cart=${cart.join(',')}&feed=/hostile/manifest.json`, undefined, async (p) => {
      p.on('request', (request) => requested.push(new URL(request.url()).pathname));
      await p.route((url) => url.pathname === '/hostile/manifest.json', (route) => route.fulfill({
        contentType: 'application/json', body: JSON.stringify({ version: 1, currency: 'EUR', products: [], published }),
      }));
    });
    await page.waitForFunction(() => ['ready', 'empty', 'error'].includes(document.querySelector('checkout-addons')?.dataset.state), undefined, { timeout: 10_000 });
    assert.deepEqual(requested.filter((path) => path.startsWith('/hostile/') && !/^\/hostile\/(manifest\.json|shards\/\d+-\d+\.json)$/.test(path)), []);
    assert.ok(!requested.some((path) => path.includes('x?')), requested.join('\n'));
    await page.close();
  });
}
