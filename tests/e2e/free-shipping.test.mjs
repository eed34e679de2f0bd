// The free-shipping gap, end to end: below the shop's threshold (`free-shipping-from`) the
// heading says what the cart lacks, the add-ons that close the gap come first and say so, and
// once one is added the heading is the shop's again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { demoShop, dist, fakePage, openPage, titlesIn } from './support.mjs';

const shop = demoShop();
const heading = (page) => page.locator('checkout-addons h2');
const cards = (page) => page.locator('checkout-addons .card:not(.skeleton)');

test('€5.10 short of free shipping: the heading says so, closers come first, and adding one closes the gap', async () => {
  // The demo cart: a grinder (€49.95) and sneakers (€89.95) = €139.90; free from €145.
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?free-shipping=14500`);
  await titlesIn(page);
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent.includes('gratis verzending'));
  assert.match(await heading(page).innerText(), /^Nog €\s5,10 tot gratis verzending$/);
  const first = cards(page).first();
  assert.equal(await first.locator('.reason').innerText(), 'Hiermee verzenden we gratis');
  const price = Number((await first.locator('.price').innerText()).replace(/[^\d,]/g, '').replace(',', '.'));
  assert.ok(price >= 5.1, `the first card closes the gap: €${price}`);
  const closers = await cards(page).filter({ hasText: 'Hiermee verzenden we gratis' }).count();
  assert.ok(closers >= 2, `${closers} cards close the gap`);
  const title = await first.locator('.title').innerText();
  // From the keyboard: the focus must stay on the button pressed, which now says "added".
  await first.locator('button.add').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent === 'Maak je bestelling compleet', null, { timeout: 5_000 });
  // Shipping is free now: no other card may still promise it; the one added did close it.
  const others = await cards(page).filter({ hasNotText: title }).locator('.reason').allInnerTexts();
  assert.ok(!others.includes('Hiermee verzenden we gratis'), others.join(', '));
  assert.equal(await first.locator('.reason').innerText(), 'Hiermee verzenden we gratis');
  const focused = await page.locator('checkout-addons').evaluate((el) => {
    const active = el.shadowRoot.activeElement;
    return [active?.className, active?.dataset.state, active?.closest('li')?.querySelector('.title').textContent];
  });
  assert.deepEqual(focused, ['add', 'added', title]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a swap that would close the gap still says which item it replaces', async () => {
  // A €49.95 hand grinder, €20.05 short: of its add-ons only the electric one in its place
  // (+€40) closes the gap.
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?cart=handkoffiemolen&free-shipping=7000`);
  await titlesIn(page);
  const swap = cards(page).filter({ hasText: 'Elektrische koffiemolen' });
  await swap.waitFor({ timeout: 5_000 });
  assert.equal(await swap.locator('.reason').innerText(), 'Een upgrade voor je Handkoffiemolen keramisch');
  assert.equal(await swap.locator('button.add').innerText(), 'Omruilen');
  assert.match(await heading(page).innerText(), /gratis verzending/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('over the threshold, or without one, the heading and the cards are everyone\'s', async () => {
  const plain = await openPage(shop.browser, `${shop.url}/`);
  const everyone = await titlesIn(plain.page);
  const over = await openPage(shop.browser, `${shop.url}/?free-shipping=10000`);
  assert.deepEqual(await titlesIn(over.page), everyone);
  assert.equal(await heading(over.page).innerText(), 'Maak je bestelling compleet');
  const reasons = await cards(over.page).locator('.reason').allInnerTexts();
  assert.ok(!reasons.includes('Hiermee verzenden we gratis'), reasons.join(', '));
  await plain.page.close();
  await over.page.close();
});

test('a card the keyboard is on keeps the focus when a cart change rewords it, and never takes it back', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?free-shipping=14500`);
  await titlesIn(page);
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent.includes('gratis verzending'));
  const second = cards(page).nth(1);
  assert.equal(await second.locator('.reason').innerText(), 'Hiermee verzenden we gratis');
  const title = await second.locator('.title').innerText();
  const focused = () => page.locator('checkout-addons').evaluate((el) => {
    const active = el.shadowRoot.activeElement;
    return active && [active.className, active.closest('li')?.querySelector('.title').textContent];
  });
  const setCart = (sneakers) => page.evaluate((quantity) => document.querySelector('checkout-addons')
    .setCart([{ id: 'handkoffiemolen', quantity: 1 }, { id: 'suede-sneakers-42', quantity }]), sneakers);
  // Tabbed to, not pressed: then a second pair of sneakers (in another tab, the theme's drawer)
  // closes the gap, and the card's reason is its own again: a card drawn anew.
  await second.locator('button.add').focus();
  await setCart(2);
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent === 'Maak je bestelling compleet', null, { timeout: 5_000 });
  const reworded = cards(page).filter({ hasText: title });
  assert.notEqual(await reworded.locator('.reason').innerText(), 'Hiermee verzenden we gratis');
  assert.deepEqual(await focused(), ['add', title]);
  // Once the shopper has gone elsewhere on the page, a redraw leaves the focus where it is.
  await page.mouse.click(2, 2);
  await setCart(1);
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent.includes('gratis verzending'), null, { timeout: 5_000 });
  assert.equal(await focused(), null);
  // Nor when the page moves the focus in the moment between the cards' ranking and their
  // redraw (its own timer, set with the cart change, runs before the widget's).
  await cards(page).nth(1).locator('button.add').focus();
  await page.evaluate(() => {
    const note = Object.assign(document.createElement('input'), { id: 'note' });
    document.body.append(note);
    document.querySelector('checkout-addons').setCart([{ id: 'handkoffiemolen', quantity: 1 }, { id: 'suede-sneakers-42', quantity: 2 }]);
    setTimeout(() => note.focus(), 0);
  });
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('h2').textContent === 'Maak je bestelling compleet', null, { timeout: 5_000 });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'note');
  assert.deepEqual(errors, []);
  await page.close();
});

test('with the size picker, a card promises free shipping only if every size it offers closes the gap', async () => {
  // Beans in two sizes; the regular bought two bags of 500 g (€10.95) 40 days ago. With a
  // €49.95 grinder, €15.00 short: two bags of 500 g close the gap, two of 250 g (€5.95) do not.
  const feed = JSON.parse(await readFile(join(dist, 'demo/feed.json'), 'utf8'));
  const beans = feed.products.find((p) => p.id === 'espressobonen');
  Object.assign(beans, { price: 595, variants: [
    { id: 'espressobonen-250', title: '250 g', price: 595 },
    { id: 'espressobonen-500', title: '500 g', price: 1095 }] });
  const history = JSON.stringify([{ date: new Date(Date.now() - 40 * 86_400_000).toISOString().slice(0, 10),
    lines: [{ id: 'espressobonen-500', quantity: 2 }] }]);
  const widget = (id, extra) => `<checkout-addons id="${id}" feed="/sizes-feed.json" cart='["handkoffiemolen"]'
    history='${history}' free-shipping-from="6495" locale="en" ${extra}></checkout-addons>`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A shop</title></head>
<body>${widget('fixed', '')}${widget('picker', 'variant-picker')}<script type="module" src="/checkout-addons.js"></script></body></html>`;
  const { page, errors } = await openPage(shop.browser, `${shop.url}/sizes.html`, undefined, async (p) => {
    await fakePage(p, `${shop.url}/sizes.html`, html);
    await p.route(`${shop.url}/sizes-feed.json`, (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(feed) }));
  });
  const beansCard = (id) => page.locator(`#${id} .card`, { hasText: 'Espressobonen' });
  for (const id of ['fixed', 'picker']) await titlesIn(page, `#${id}`);
  // Without a picker the card adds the bags of last time, which do close it.
  assert.equal(await beansCard('fixed').locator('.reason').innerText(), 'Free shipping with this one');
  // With one, the shopper may pick the 250 g bags: the card says why it is there instead.
  const picked = beansCard('picker');
  assert.equal(await picked.locator('select.variant').inputValue(), 'espressobonen-500');
  assert.match(await picked.locator('.reason').innerText(), /^Time for more\? Last bought on /);
  assert.deepEqual(errors, []);
  await page.close();
});
