// Shared by the end-to-end tests: a static server for the built demo shop, and Debian's
// Chromium driven by playwright-core (no browser downloads here).
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
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

/** Serves `dist/` on an ephemeral loopback port. Resolves to `{ url, close }`. */
export async function serveDist() {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(dist, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dist)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((done) => server.close(done)) };
}

/** Debian's headless Chromium with the flags this machine needs, in a fresh profile. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
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

/** A page that records uncaught errors and console warnings for later assertions. */
export async function openPage(browser, url, viewport = { width: 1280, height: 900 }) {
  const page = await browser.newPage({ viewport });
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
