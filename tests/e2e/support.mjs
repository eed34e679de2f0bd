// Shared by the end-to-end tests: a static server for the built demo shop, and Debian's
// Chromium driven by playwright-core (no browser downloads here).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const dist = resolve(process.env.CHECKOUT_ADDONS_DIST ?? 'dist');
export const out = resolve(process.env.CHECKOUT_ADDONS_E2E_OUT ?? 'target/e2e');

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
};

/**
 * The versioned folder `cargo xtask package` writes: what a shop puts on its CDN. Run directly
 * (`node --test`), the loader's own version names it, as `cargo xtask package` requires.
 */
export const packaged = resolve(process.env.CHECKOUT_ADDONS_PACKAGE
  ?? `target/package/checkout-addons/${readFileSync('loader/checkout-addons.js', 'utf8').match(/const version = '([^']+)'/)[1]}`);

/**
 * Serves a folder (by default `dist/`) on an ephemeral loopback port, under `prefix`, with extra
 * response `headers` (CORS for a CDN, say), and `pages` served from memory (path -> HTML, or
 * path -> `{ type, body, headers }`), and requests a `handle(request, response, path)` answers (it
 * resolves to true when it did): a shop's cart API, say.
 * Resolves to `{ url, close }`.
 */
export async function serveDist({ root = dist, prefix = '/', headers = {}, pages = {}, handle } = {}) {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    if (handle && await handle(request, response, path)) return;
    if (pages[path]) {
      const { type = types['.html'], body = pages[path], headers: own = {} } = typeof pages[path] === 'string' ? {} : pages[path];
      response.writeHead(200, { 'content-type': type, ...own }).end(body);
      return;
    }
    if (!path.startsWith(prefix)) {
      response.writeHead(404).end();
      return;
    }
    const inside = path.slice(prefix.length - 1);
    const file = normalize(join(root, inside.endsWith('/') ? `${inside}index.html` : inside));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', ...headers });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  // Browsers keep connections alive; close them too, or close() waits for them.
  const close = () => new Promise((done) => { server.close(done); server.closeAllConnections(); });
  return { url: `http://127.0.0.1:${port}`, close };
}

/** Debian's headless Chromium with the flags this machine needs, in a fresh profile. */
export function launchChromium({ backForwardCache = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // Playwright turns the back/forward cache off; shoppers' browsers keep pages in it.
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : [],
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic',
    ],
  });
}

/**
 * The built demo shop served and a browser launched for the tests of one file, closed after
 * them. Call at the top of a test file; read `shop.url` and `shop.browser` inside tests.
 */
export function demoShop() {
  const shop = { url: '', browser: null };
  let server;
  before(async () => {
    server = await serveDist();
    shop.url = server.url;
    shop.browser = await launchChromium();
  });
  after(async () => {
    await shop.browser?.close();
    await server?.close();
  });
  return shop;
}

/**
 * A page that records uncaught errors and console warnings for later assertions. `prepare(page)`
 * runs before navigation (routes, init scripts).
 */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }, prepare = async () => {}) {
  const page = await browser.newPage({ viewport });
  await prepare(page);
  const errors = [];
  const warnings = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(url);
  return { page, errors, warnings };
}

export async function screenshot(page, name) {
  await mkdir(out, { recursive: true });
  const path = join(out, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFile(join(resolve('node_modules'), 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG rules, shadow roots included) on the page. Resolves to the violations
 * and to the number of widget nodes axe checked, so a test can tell that it looked inside.
 */
export async function accessibilityReport(page) {
  await page.addScriptTag({ content: await axeSource });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations', 'passes'] });
    // A node in a shadow root has a nested target: [[host selector, selector inside]].
    const inWidget = (node) => Array.isArray(node.target[0]) && String(node.target[0][0]).includes('checkout-addons');
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((n) => n.target.flat().join(' >> ')),
      })),
      widgetNodesChecked: result.passes.flatMap((p) => p.nodes).filter(inWidget).length,
      widgetButtonsNamed: result.passes
        .filter((p) => p.id === 'button-name')
        .flatMap((p) => p.nodes)
        .filter(inWidget).length,
    };
  });
}

/**
 * Serves `html` at `url` for this page only, with optional response headers: a shop page made
 * for one test, on the demo's origin so it can load the widget and feeds from there.
 */
export function fakePage(page, url, html, headers = {}) {
  return page.route(url, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html, headers }));
}

/** Every card's title in the first widget matching `selector`, once it shows cards. */
export async function titlesIn(page, selector = 'checkout-addons') {
  const cards = page.locator(`${selector} .card:not(.skeleton)`);
  await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
  return cards.locator('.title').allInnerTexts();
}

/** Records every `checkout-addons:*` event reaching the document, in `window.addonEvents`. */
export function recordEvents(page) {
  return page.addInitScript(() => {
    window.addonEvents = [];
    for (const name of ['ready', 'render', 'add', 'added', 'removed', 'error']) {
      document.addEventListener(`checkout-addons:${name}`, (event) => {
        const { waitUntil, ...detail } = event.detail ?? {};
        window.addonEvents.push({ name, target: event.target.id || event.target.localName, detail });
      });
    }
  });
}

/**
 * Watches for the performance entry `name` (a mark or a measure), or for a widget that
 * rendered no items, from the page itself. Call before navigating; the returned function
 * resolves once it was seen. Not `waitForFunction`: Playwright first injects its own script
 * into the page to poll (7-9 ms of parsing on the main thread, in a trace), and that would
 * land inside the time a timing test measures.
 */
export async function watchFor(page, name, timeout = 30_000) {
  await page.addInitScript((entry) => {
    const seen = () => console.debug(`seen:${entry}`);
    new PerformanceObserver((list) => { if (list.getEntries().some((e) => e.name === entry)) seen(); })
      .observe({ entryTypes: ['mark', 'measure'] });
    document.addEventListener('checkout-addons:render', (event) => { if (!event.detail?.items?.length) seen(); });
  }, name);
  const seen = page.waitForEvent('console', { predicate: (message) => message.text() === `seen:${name}`, timeout });
  return () => seen;
}
