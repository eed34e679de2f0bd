// Accessibility, checked by axe-core inside the widget's shadow root and on the demo page around
// it: zero violations in Dutch and English, on desktop and phone widths, before and after an add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoShop, openPage, accessibilityReport } from './support.mjs';

const shop = demoShop();

const desktop = { width: 1280, height: 900 };
const phone = { width: 360, height: 740 };

for (const [lang, viewport, name] of [
  ['nl', desktop, 'Dutch, desktop'],
  ['en', desktop, 'English, desktop'],
  ['nl', phone, 'Dutch, phone'],
  ['en', phone, 'English, phone'],
]) {
  test(`axe-core finds no violations (${name}), before and after an add`, async () => {
    const { page } = await openPage(shop.browser, `${shop.url}/?lang=${lang}`, viewport);
    const cards = page.locator('checkout-addons .card:not(.skeleton)');
    await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
    const shown = await cards.count();

    const before = await accessibilityReport(page);
    assert.deepEqual(before.violations, [], JSON.stringify(before.violations, null, 2));
    const buttons = await page.locator('checkout-addons .card button').count();
    assert.equal(buttons, 2 * shown, 'an add and a hide button on each card');
    assert.equal(before.widgetButtonsNamed, buttons, 'axe checked every button inside the shadow root');
    assert.ok(before.widgetNodesChecked > shown, 'axe looked inside the widget');

    const button = cards.first().locator('button.add');
    await button.click();
    await page.waitForFunction(
      () => document.querySelector('checkout-addons')?.shadowRoot?.querySelector('button[data-state="added"]'),
      null,
      { timeout: 5_000 },
    );
    const after = await accessibilityReport(page);
    assert.deepEqual(after.violations, [], JSON.stringify(after.violations, null, 2));
    await page.close();
  });
}
