// Accessibility, checked by axe-core inside the widget's shadow root and on the demo page around
// it: zero violations in Dutch and English, on desktop and phone widths, before and after an add.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoShop, openPage, accessibilityReport, fakePage } from './support.mjs';

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

// The shopper's own display settings: dark mode through the custom properties, Windows high
// contrast (forced colors) with every button still outlined, and no motion for those who asked.
for (const [name, media, check, lightOnlyPage] of [
  ['dark mode', { colorScheme: 'dark' }, (s) => s.cardBackground === 'rgb(30, 31, 36)'],
  // A shop without a dark look: a dark widget there would put a light heading on its white.
  ['dark mode on a light-only page', { colorScheme: 'dark' }, (s) => s.cardBackground === 'rgb(255, 255, 255)', true],
  ['forced colors', { forcedColors: 'active' }, (s) => s.buttonsOutlined],
  ['reduced motion', { reducedMotion: 'reduce' }, (s) => s.transitions.every((t) => t === '0s')],
]) {
  test(`${name}: the cards follow it and axe-core finds no violations`, async () => {
    // The demo shop has a dark look; the light-only page is a plain one without `color-scheme`.
    const url = lightOnlyPage ? `${shop.url}/light-only.html` : `${shop.url}/?lang=de`;
    const { page } = await openPage(shop.browser, url, phone, async (p) => {
      await p.emulateMedia(media);
      await fakePage(p, `${shop.url}/light-only.html`, `<!doctype html><html lang="de"><head><meta charset="utf-8">
        <title>Warenkorb</title><link rel="icon" href="data:,"></head><body><main><h1>Warenkorb</h1>
        <checkout-addons feed="/demo/feed.json" cart='["handkoffiemolen", "suede-sneakers-42"]'></checkout-addons>
        </main><script type="module" src="/checkout-addons.js"></script></body></html>`);
    });
    const cards = page.locator('checkout-addons .card:not(.skeleton)');
    await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
    const report = await accessibilityReport(page);
    assert.deepEqual(report.violations, [], JSON.stringify(report.violations, null, 2));
    const seen = await page.evaluate(() => {
      const root = document.querySelector('checkout-addons').shadowRoot;
      const buttons = [...root.querySelectorAll('.card button')].filter((b) => b.getBoundingClientRect().width > 0);
      const style = (el) => getComputedStyle(el);
      return {
        cardBackground: style(root.querySelector('.card:not(.skeleton)')).backgroundColor,
        buttonsOutlined: buttons.length > 0 && buttons.every((b) => style(b).borderTopStyle !== 'none'
          && parseFloat(style(b).borderTopWidth) > 0 && style(b).borderTopColor !== 'rgba(0, 0, 0, 0)'),
        transitions: buttons.map((b) => style(b).transitionDuration),
      };
    });
    assert.ok(check(seen), JSON.stringify(seen));
    await page.close();
  });
}

// Undo and the variant picker are told from text by their outline alone: it needs 3:1 against
// the card (WCAG 1.4.11, non-text contrast), which axe-core does not check.
test('the outlines of undo and the variant picker stand out from the card, light and dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    // A winter coat's gloves come in sizes: their card has a picker.
    const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en&picker&cart=winterjas`, phone, (p) => p.emulateMedia({ colorScheme }));
    const cards = page.locator('checkout-addons .card:not(.skeleton)');
    await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
    await cards.first().locator('button.add').click();
    await cards.first().locator('button.undo').waitFor();
    const ratios = await page.locator('checkout-addons').evaluate((host) => {
      const channel = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
      const luminance = (css) => { const [r, g, b] = css.match(/\d+(\.\d+)?/g).map(Number); return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b); };
      const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
      const root = host.shadowRoot;
      const card = getComputedStyle(root.querySelector('.card')).backgroundColor;
      return [...root.querySelectorAll('button.undo, select.variant')].map((el) => [el.className, ratio(getComputedStyle(el).borderTopColor, card)]);
    });
    assert.ok(ratios.some(([name]) => name === 'undo') && ratios.some(([name]) => name === 'variant'), JSON.stringify(ratios));
    for (const [name, ratio] of ratios) assert.ok(ratio >= 3, `${colorScheme}: ${name} outline ${ratio.toFixed(2)}:1`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

// A keyboard user sees where they are at every stop inside the widget (WCAG 2.4.7): the title's
// link and the size picker as well as the buttons.
test('every stop of the Tab key inside the widget shows a focus outline', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en&picker&cart=winterjas`, phone);
  await page.locator('checkout-addons .card:not(.skeleton)').first().waitFor({ state: 'visible', timeout: 15_000 });
  const stops = [];
  for (let tab = 0; tab < 80 && stops.length < 12; tab += 1) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const focused = document.querySelector('checkout-addons').shadowRoot.activeElement;
      if (!focused) return null;
      const style = getComputedStyle(focused);
      return { what: `${focused.localName}.${focused.className}`, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    if (stop) stops.push(stop);
  }
  const seen = new Set(stops.map((s) => s.what));
  for (const what of ['a.title', 'select.variant', 'button.add', 'button.dismiss']) assert.ok(seen.has(what), `${what} in ${[...seen]}`);
  for (const stop of stops) assert.ok(stop.outline !== 'none' && stop.width >= 2, JSON.stringify(stop));
  assert.deepEqual(errors, []);
  await page.close();
});

// A page in a language the widget lacks gets its English words, which a screen reader must
// speak in an English voice (WCAG 3.1.2), while the products keep the page's language. A shop
// that wrote its own words keeps the page's language for them too.
test('on a Portuguese page the widget says its English words are English and its titles Portuguese', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=pt-BR&history=regular&reorder`, phone);
  const cards = page.locator('checkout-addons .card:not(.skeleton)');
  await cards.nth(1).waitFor({ state: 'visible', timeout: 15_000 });
  const langs = () => page.evaluate(() => {
    const root = document.querySelector('checkout-addons').shadowRoot;
    return {
      words: root.querySelector('[part=root]').getAttribute('lang'),
      titles: [...root.querySelectorAll('.card .title')].map((title) => `${title.textContent.split(':')[0]}: ${title.getAttribute('lang')}`),
    };
  });
  const seen = await langs();
  assert.equal(seen.words, 'en');
  // The reorder card's title is the widget's own words; the rest are the shop's products.
  assert.equal(seen.titles[0], 'Order again: null', seen.titles.join(', '));
  assert.ok(seen.titles.length >= 2, seen.titles.join(', '));
  for (const title of seen.titles.slice(1)) assert.match(title, /: pt-BR$/);
  const report = await accessibilityReport(page);
  assert.deepEqual(report.violations, [], JSON.stringify(report.violations, null, 2));

  await page.evaluate(() => {
    const widget = document.querySelector('checkout-addons');
    widget.setAttribute('text-heading', 'Combina com o seu carrinho');
    widget.setAttribute('max', '2'); // mounted anew, with the shop's words
  });
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2')?.textContent === 'Combina com o seu carrinho', null, { timeout: 15_000 });
  const own = await langs();
  assert.equal(own.words, null);
  for (const title of own.titles) assert.match(title, /: null$/);
  assert.deepEqual(errors, []);
  await page.close();
});
