// Layout: the widget never moves the page (cumulative layout shift 0, measured by Chromium's
// Layout Instability API while the widget loads and renders), and screenshots of the demo
// checkout in Dutch and English, desktop and phone, for people to look at (target/e2e/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { demoShop, openPage, screenshot } from './support.mjs';

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

for (const [name, viewport] of [['desktop', desktop], ['phone', phone]]) {
  test(`no layout shift while the widget loads and renders (${name})`, async () => {
    const { page, errors } = await openPage(shop.browser, `${shop.url}/`, viewport, async (p) => {
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
