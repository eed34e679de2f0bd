// Start to items on screen, side by side in one run (docs/benchmarks.md): the widget with a feed
// file and with a published folder, each as one script tag and again with the head lines of
// docs/widget.md ("Start sooner", the `hinted-*` pages), next to a plain-JS reference page that
// fetches the same files, `JSON.parse`s them and renders three cards (bought together with the
// cart, no rules). Every page is a bare page holding only that, served locally with brotli as a CDN
// would; each run is a fresh browser context (nothing cached) with three products drawn at
// random (seeded) as the cart. Times are from navigation start to the items' mark; long tasks
// are the PerformanceObserver's. Files are served with the caching headers docs/widget.md and
// docs/feed.md advise; with `--returning` each context first loads the page with another cart
// and waits 3 s (`--returning-after-ms`), and the second load is measured:
// a shopper back on the cart page, or on to the checkout.
//   cargo xtask package
//   node scripts/start-to-items.mjs --feed SMALL.json --folder DIR --folder-feed BIG.json [--runs 9] [--latency MS] [--throughput KBPS] [--returning]
import { readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync } from 'node:zlib';
import { launchChromium, packaged, serveDist, watchFor } from '../tests/e2e/support.mjs';
import { seededCarts, shardFiles } from './published-folder.mjs';

const { values: options } = parseArgs({
  options: {
    feed: { type: 'string' },
    folder: { type: 'string' },
    'folder-feed': { type: 'string' },
    runs: { type: 'string', default: '9' },
    serve: { type: 'boolean', default: false },
    // Added to every request's round trip (Chromium's network emulation): a phone's network.
    latency: { type: 'string', default: '0' },
    // The download's speed in kilobits a second (0: unlimited); Lighthouse's simulated slow 4G
    // is 150 ms round trips at 1,638 kbit/s.
    throughput: { type: 'string', default: '0' },
    returning: { type: 'boolean', default: false },
    // How long the first load of a returning shopper stays open: Chromium keeps a wasm
    // module's compiled code for the next load once it has run a while.
    'returning-after-ms': { type: 'string', default: '3000' },
  },
});
const runs = Number(options.runs);

// Each file brotli-compressed once, as a CDN keeps it.
const compressed = new Map();
function brotli(path) {
  if (!compressed.has(path)) compressed.set(path, brotliCompressSync(readFileSync(path)));
  return compressed.get(path);
}

// Seeded carts of three product ids from a feed.
function carts(feedPath, count) {
  return seededCarts(JSON.parse(readFileSync(feedPath, 'utf8')).products.map((p) => p.id), count, 11);
}

const observe = `
  window.longTasks = [];
  new PerformanceObserver((list) => { for (const t of list.getEntries()) window.longTasks.push(t.duration); })
    .observe({ type: 'longtask', buffered: true });`;

// `hinted`: the page's head also names the widget's files (docs/widget.md, "Start sooner"), so
// the browser fetches them with the page instead of after the loader.
const hints = (feed) => `<link rel="modulepreload" href="/pkg/core/checkout-addons.js">
<link rel="preload" as="fetch" crossorigin href="/pkg/core/checkout-addons_bg.wasm">
<link rel="preload" as="fetch" crossorigin href="${feed}">`;
const widgetPage = (feed, cart, hinted) => `<!doctype html><meta charset="utf-8"><title>widget</title>
${hinted ? hints(feed) : ''}
<script>${observe}</script>
<checkout-addons feed="${feed}" cart='${JSON.stringify(cart)}'></checkout-addons>
<script type="module" src="/pkg/checkout-addons.js"></script>`;

// The reference: what a developer would write by hand, with no rules, no checks, no a11y.
const plainPage = (feed, cart, folder) => `<!doctype html><meta charset="utf-8"><title>plain</title>
<script>${observe}</script>
<ul id="cards"></ul>
<script type="module">
const cart = ${JSON.stringify(cart)};
const json = async (url) => (await fetch(url)).json();
let products = [];
let copurchase = {};
if (${folder}) {
  const manifest = await json('${feed}');
  const { shards, generations } = manifest.published;
  const runs = generations.split(',').flatMap((run) => { const [g, n] = run.split(':'); return Array(Number(n)).fill(g); });
  const shardOf = (id) => {
    let hash = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(id)) hash = ((hash ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    return Number(hash % BigInt(shards));
  };
  const base = '${feed}'.replace(/[^/]*$/, '');
  const needed = [...new Set(cart.map(shardOf))];
  const parts = await Promise.all(needed.map((n) => json(base + 'shards/' + n + '-' + runs[n] + '.json')));
  for (const part of [manifest, ...parts]) {
    products.push(...part.products);
    Object.assign(copurchase, part.copurchase ?? {});
  }
} else {
  ({ products, copurchase = {} } = await json('${feed}'));
}
const byId = new Map(products.map((p) => [p.id, p]));
const picks = [];
for (const id of cart) for (const n of copurchase[id] ?? []) if (!cart.includes(n.with) && !picks.includes(n.with)) picks.push(n.with);
for (const id of [...picks, ...products.map((p) => p.id)]) if (picks.length < 3 && !cart.includes(id) && !picks.includes(id)) picks.push(id);
document.getElementById('cards').append(...picks.slice(0, 3).map((id) => {
  const li = document.createElement('li');
  const p = byId.get(id);
  li.textContent = p.title + ' ' + (p.price / 100).toFixed(2);
  return li;
}));
performance.mark('checkout-addons:items');
</script>`;

const server = await serveDist({
  async handle(request, response, path) {
    const url = new URL(request.url, 'http://x');
    const cart = JSON.parse(url.searchParams.get('cart') ?? '[]');
    const page = { '/widget-feed': () => widgetPage('/feed/feed.json', cart),
      '/widget-folder': () => widgetPage('/folder/manifest.json', cart),
      '/hinted-feed': () => widgetPage('/feed/feed.json', cart, true),
      '/hinted-folder': () => widgetPage('/folder/manifest.json', cart, true),
      '/plain-feed': () => plainPage('/feed/feed.json', cart, false),
      '/plain-folder': () => plainPage('/folder/manifest.json', cart, true) }[path];
    if (page) {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page());
      return true;
    }
    const roots = { '/feed/': options.feed.replace(/[^/]*$/, ''), '/folder/': options.folder + '/', '/pkg/': packaged + '/' };
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    if (!prefix) return false;
    const file = normalize(join(roots[prefix], path.slice(prefix.length)));
    const type = file.endsWith('.wasm') ? 'application/wasm' : file.endsWith('.js') ? 'text/javascript' : 'application/json';
    try {
      const body = brotli(file);
      // A versioned package and content-named shards are kept for good; a feed or a manifest
      // for five minutes.
      const kept = prefix === '/pkg/' || path.includes('/shards/') ? 'public, max-age=31536000, immutable' : 'public, max-age=300';
      response.writeHead(200, { 'content-type': type, 'content-encoding': 'br', 'cache-control': kept }).end(body);
    } catch {
      response.writeHead(404).end();
    }
    return true;
  },
});

if (options.serve) {
  console.log(`serving on ${server.url} (Ctrl-C stops)`);
  await new Promise(() => {});
}
const smallCarts = carts(options.feed, runs);
const bigCarts = carts(options['folder-feed'], runs);
// Compressed before the clock runs: a CDN serves files it compressed long ago.
{
  const shardFile = shardFiles(JSON.parse(readFileSync(join(options.folder, 'manifest.json'), 'utf8')).published);
  for (const file of new Set(bigCarts.flat().map(shardFile))) brotli(join(options.folder, file));
  for (const file of ['checkout-addons.js', 'core/checkout-addons.js', 'core/checkout-addons_bg.wasm']) brotli(join(packaged, file));
  brotli(join(options.folder, 'manifest.json'));
  brotli(options.feed);
}
const browser = await launchChromium();
const results = {};
const pages = (run) => [['widget-feed', smallCarts[run]], ['hinted-feed', smallCarts[run]], ['plain-feed', smallCarts[run]],
  ['widget-folder', bigCarts[run]], ['hinted-folder', bigCarts[run]], ['plain-folder', bigCarts[run]]];
for (const [name] of pages(0)) {
  results[name] = { ms: [], longest_task_ms: 0, runs_over_50_ms: 0 };
}
try {
  // Interleaved, so that the machine's ups and downs fall on every page alike.
  for (let run = 0; run < runs; run += 1) {
    for (const [name, cart] of pages(run)) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      if (Number(options.latency) > 0 || Number(options.throughput) > 0) {
        const cdp = await context.newCDPSession(page);
        const bytesPerSecond = Number(options.throughput) > 0 ? (Number(options.throughput) * 1000) / 8 : -1;
        await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: Number(options.latency), downloadThroughput: bytesPerSecond, uploadThroughput: -1 });
      }
      const url = (lines) => `${server.url}/${name}?cart=${encodeURIComponent(JSON.stringify(lines))}`;
      await watchFor(page, 'checkout-addons:items');
      const items = () => page.waitForEvent('console', { predicate: (m) => m.text() === 'seen:checkout-addons:items', timeout: 30_000 });
      if (options.returning) {
        const before = items();
        await page.goto(url(pages((run + 1) % runs).find(([other]) => other === name)[1]));
        await before;
        await page.waitForTimeout(Number(options['returning-after-ms']));
      }
      const shown = items();
      await page.goto(url(cart));
      await shown;
      const [at, tasks] = await page.evaluate(() => [performance.getEntriesByName('checkout-addons:items')[0]?.startTime, window.longTasks]);
      if (at !== undefined) results[name].ms.push(at);
      results[name].longest_task_ms = Math.max(results[name].longest_task_ms, ...tasks);
      if (tasks.some((t) => t > 50)) results[name].runs_over_50_ms += 1;
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const report = {};
for (const [name, { ms, longest_task_ms, runs_over_50_ms }] of Object.entries(results)) {
  report[name] = { median_ms: Math.round(median(ms)), runs_with_items: ms.length, longest_task_ms: Math.round(longest_task_ms), runs_over_50_ms };
}
report.widget_vs_plain_feed = +(report['widget-feed'].median_ms / report['plain-feed'].median_ms).toFixed(2);
report.widget_vs_plain_folder = +(report['widget-folder'].median_ms / report['plain-folder'].median_ms).toFixed(2);
report.hinted_vs_plain_feed = +(report['hinted-feed'].median_ms / report['plain-feed'].median_ms).toFixed(2);
report.hinted_vs_plain_folder = +(report['hinted-folder'].median_ms / report['plain-folder'].median_ms).toFixed(2);
report.folder_vs_feed = +(report['widget-folder'].median_ms / report['widget-feed'].median_ms).toFixed(2);
report.hinted_folder_vs_feed = +(report['hinted-folder'].median_ms / report['hinted-feed'].median_ms).toFixed(2);
report.latency_ms = Number(options.latency);
report.throughput_kbps = Number(options.throughput);
// A returning shopper's second load, that long after the first; null: a first visit.
report.returning_after_ms = options.returning ? Number(options['returning-after-ms']) : null;
console.log(JSON.stringify(report, null, 2));
