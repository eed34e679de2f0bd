// Layout: the widget never moves the page (cumulative layout shift 0, measured by Chromium's
// Layout Instability API while the widget loads and renders), and screenshots of the demo
// checkout in Dutch and English, desktop and phone, for people to look at (target/e2e/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { demoShop, openPage, fakePage, screenshot } from './support.mjs';

const shop = demoShop();

const desktop = { width: 1280, height: 900 };
const phone = { width: 360, height: 740 };

/** Sums every layout shift not caused by input, from the start of the page (buffered). */
function recordLayoutShifts(page) {
  return page.addInitScript(() => {
    window.layoutShifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) {
          window.layoutShifts.push({
            value: entry.value,
            sources: entry.sources.map((s) => s.node?.nodeName ?? '?'),
          });
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

// Every phone and tablet width, the desktop, and fewer cards than three on a phone (the
// widget reserves a row per card in a narrow column). Tall windows: a shift counts only where
// it is seen, and on a phone what the widget would push down is below the fold.
const tall = (width) => ({ width, height: 2000 });
const cases = [280, 320, 360, 390, 414, 768].map((width) => [`${width} px`, tall(width), ''])
  .concat([['desktop', desktop, ''], ['phone, max 2', tall(360), '?max=2'], ['phone, max 1', tall(360), '?max=1']])
  // A size picker takes a row of its own in a card of a row of three, and on a phone: a
  // widget with `variant-picker` holds that height from the start.
  .concat([320, 390, 1000, 1280].map((width) => [`${width} px, size picker`, tall(width), '?lang=nl&picker&cart=winterjas']))
  // The same switched on as `data-variant-picker`, as every attribute may be written.
  .concat([['1280 px, size picker as data-variant-picker', tall(1280), '?lang=nl&picker=data&cart=winterjas']]);
for (const [name, viewport, query] of cases) {
  test(`no layout shift while the widget loads and renders (${name})`, async () => {
    const { page, errors } = await openPage(shop.browser, `${shop.url}/${query}`, viewport, async (p) => {
      await recordLayoutShifts(p);
      // Hold the wasm back so the page is on screen, with the widget still loading, first.
      await p.route('**/core/checkout-addons_bg.wasm', async (route) => {
        await new Promise((done) => setTimeout(done, 400));
        await route.continue();
      });
    });
    await page.waitForFunction(() => !document.querySelector('.checkout').hasAttribute('data-loading'));
    assert.equal(await page.locator('checkout-addons').getAttribute('data-state'), 'loading', 'the page showed before the widget');
    await page.locator('checkout-addons .card:not(.skeleton)').first().waitFor({ state: 'visible', timeout: 15_000 });
    await page.locator('checkout-addons img').first().waitFor();
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => window.layoutShifts);
    const cls = shifts.reduce((sum, s) => sum + s.value, 0);
    assert.equal(cls, 0, `layout shifts: ${JSON.stringify(shifts)}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('screenshots of the demo checkout, Dutch and English, desktop and phone', async () => {
  for (const lang of ['nl', 'en']) {
    for (const [name, viewport] of [['desktop', desktop], ['phone', phone]]) {
      const { page } = await openPage(shop.browser, `${shop.url}/?lang=${lang}`, viewport);
      await page.locator('checkout-addons .card:not(.skeleton)').first().waitFor({ state: 'visible', timeout: 15_000 });
      await page.locator('checkout-addons img').first().waitFor();
      await page.waitForFunction(() => [...document.querySelector('checkout-addons').shadowRoot.querySelectorAll('img')].every((i) => i.complete));
      const path = await screenshot(page, `demo-${lang}-${name}`);
      assert.ok((await stat(path)).size > 10_000, `${path} looks empty`);
      await page.close();
    }
  }
});

test("a theme's hostile text settings stop at the widget, and a collapsed widget leaves no frame", async () => {
  // The page CSS from the field: tiny, spaced, upper-case, unwrapped, right-aligned text on the
  // root, and a rule that gives every <div> in <main> a box and a border.
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A themed shop</title><link rel="icon" href="/demo/img/aa-batterijen.svg">
<style>
  :root { font-size: 5px; letter-spacing: 3px; text-transform: uppercase; white-space: nowrap; text-align: right; }
  main div { display: block; border: 1px solid red; padding: 4px; }
</style></head>
<body><main>
  <checkout-addons id="w" feed="/demo/feed.json" cart='["handkoffiemolen"]' max="3"></checkout-addons>
  <div id="nothing" data-checkout-addons data-feed="/demo/feed.json" data-cart='[]'></div>
  <div id="broken" data-checkout-addons data-feed="/demo/not-json.json" data-cart='["handkoffiemolen"]'></div>
</main><script type="module" src="/checkout-addons.js"></script></body></html>`;
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const { page, errors } = await openPage(shop.browser, `${shop.url}/themed.html`, viewport, async (p) => {
      await fakePage(p, `${shop.url}/themed.html`, html);
      await p.route(`${shop.url}/demo/not-json.json`, (route) => route.fulfill({ contentType: 'application/json', body: '{"version": 1,' }));
    });
    await page.locator('#w .card:not(.skeleton)').first().waitFor({ state: 'visible', timeout: 15_000 });
    const texts = await page.evaluate(() => [...document.getElementById('w').shadowRoot.querySelectorAll('h2, .title, .reason, .price, button.add')]
      .map((element) => {
        const style = getComputedStyle(element);
        return {
          text: element.textContent,
          fontSize: parseFloat(style.fontSize),
          letterSpacing: style.letterSpacing,
          textTransform: style.textTransform,
          whiteSpace: style.whiteSpace,
          textAlign: style.textAlign,
          clipped: element.scrollWidth > element.clientWidth + 1 && style.textOverflow !== 'ellipsis',
        };
      }));
    assert.ok(texts.length >= 7, JSON.stringify(texts));
    for (const text of texts) {
      const where = `${viewport.width}px, ${JSON.stringify(text)}`;
      assert.ok(text.fontSize >= 12, where);
      assert.equal(text.letterSpacing, 'normal', where);
      assert.equal(text.textTransform, 'none', where);
      assert.notEqual(text.textAlign, 'right', where);
      assert.equal(text.clipped, false, where);
    }
    for (const id of ['nothing', 'broken']) {
      await page.waitForFunction((id) => ['empty', 'error'].includes(document.getElementById(id).getAttribute('data-state')), id);
      const box = await page.evaluate((id) => {
        const element = document.getElementById(id);
        const rect = element.getBoundingClientRect();
        return { display: getComputedStyle(element).display, width: rect.width, height: rect.height };
      }, id);
      assert.deepEqual(box, { display: 'none', width: 0, height: 0 }, id);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});
