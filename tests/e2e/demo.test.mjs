// The demo shop, end to end: the widget appears, respects `max`, and one click lands an item
// in the shop's cart. Every test would fail if the widget rendered nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoShop, openPage } from './support.mjs';

const shop = demoShop();

const cards = (page) => page.locator('checkout-addons .card:not(.skeleton)');
const cartRows = (page) => page.locator('#cart-lines tr');

async function shownCards(page) {
  await cards(page).first().waitFor({ state: 'visible', timeout: 15_000 });
  return cards(page);
}

test('the widget shows add-ons that fit the demo cart, at most three by default', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/`);
  const shown = await shownCards(page);
  const count = await shown.count();
  assert.ok(count >= 1 && count <= 3, `expected 1 to 3 cards, saw ${count}`);
  for (let i = 0; i < count; i++) {
    const card = shown.nth(i);
    assert.match(await card.locator('.title').innerText(), /\S/);
    assert.match(await card.locator('.price').innerText(), /€\s?\d+,\d{2}/, 'Dutch price format');
    assert.match(await card.locator('.reason').innerText(), /\S/);
  }
  // Nothing from the cart is offered again.
  const offered = await shown.locator('.title').allInnerTexts();
  assert.ok(!offered.some((t) => t.startsWith('Handkoffiemolen') || t.startsWith('Suède sneakers')), offered.join(', '));
  assert.equal(await page.locator('checkout-addons').getAttribute('data-state'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the `max` attribute caps how many add-ons are shown', async () => {
  const { page } = await openPage(shop.browser, `${shop.url}/?max=1`);
  const shown = await shownCards(page);
  // Give a slow second card every chance to appear before counting.
  await page.waitForTimeout(300);
  assert.equal(await shown.count(), 1);
  await page.close();
});

test('one click adds the item to the shop cart and confirms it', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/`);
  const shown = await shownCards(page);
  await page.locator('#cart-lines tr .line-title').first().waitFor();
  const rowsBefore = await cartRows(page).count();
  const countBefore = Number(await page.locator('#cart-count').innerText());
  const subtotalBefore = await page.locator('#cart-subtotal').innerText();
  const first = shown.first();
  const title = await first.locator('.title').innerText();

  // A shopper's double click adds once.
  await first.locator('button.add').dblclick();

  await page.locator('#cart-lines .line-title', { hasText: title }).waitFor({ timeout: 5_000 });
  assert.equal(await cartRows(page).count(), rowsBefore + 1);
  assert.equal(Number(await page.locator('#cart-count').innerText()), countBefore + 1);
  assert.notEqual(await page.locator('#cart-subtotal').innerText(), subtotalBefore);
  await page.waitForTimeout(200);
  assert.equal(await cartRows(page).count(), rowsBefore + 1);
  assert.equal(await page.locator('#cart-lines tr', { hasText: title }).locator('td').nth(1).innerText(), '1');
  // The card stays, confirmed.
  const button = cards(page).filter({ hasText: title }).locator('button.add');
  assert.equal(await button.getAttribute('data-state'), 'added');
  assert.match(await button.getAttribute('aria-label'), new RegExp(`Toegevoegd: ${title}`));
  assert.match(await page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('[role=status]').textContent), new RegExp(`^Toegevoegd aan je winkelwagen: ${title}$`));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a missing feed collapses the widget and leaves the shop working', async () => {
  const page = await shop.browser.newPage();
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.addInitScript(() => {
    window.addonErrors = [];
    document.addEventListener('checkout-addons:error', (e) => window.addonErrors.push(e.detail.message));
  });
  await page.goto(`${shop.url}/?feed=/no-such-feed.json`);
  const widget = page.locator('checkout-addons');
  await page.waitForFunction(() => document.querySelector('checkout-addons')?.dataset.state === 'error');
  assert.equal(await widget.isVisible(), false, 'no empty frame');
  const reported = await page.evaluate(() => window.addonErrors);
  assert.equal(reported.length, 1);
  assert.match(reported[0], /no-such-feed\.json.*404/);
  assert.equal(warnings.filter((w) => w.startsWith('checkout-addons:')).length, 1);
  // The shop's own cart still works.
  const rowsBefore = await cartRows(page).count();
  await page.locator('#demo-product').selectOption({ index: 5 });
  await page.locator('#demo-add').click();
  assert.equal(await cartRows(page).count(), rowsBefore + 1);
  await page.close();
});

test('a double tap on × hides one card, not the one that slides into its place; focus stays on that place', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`);
  const shown = await shownCards(page);
  const before = await shown.locator('.title').allInnerTexts();
  const box = await shown.first().locator('button.dismiss').boundingBox();
  await page.mouse.dblclick(box.x + box.width / 2, box.y + box.height / 2);
  await cards(page).filter({ hasText: before[0] }).waitFor({ state: 'detached' });
  await page.waitForTimeout(800);
  const after = await cards(page).locator('.title').allInnerTexts();
  assert.deepEqual(before.slice(1).filter((t) => !after.includes(t)), [], `only the first went: ${before} -> ${after}`);
  assert.ok(!after.includes(before[0]));
  // The keyboard is where the hidden card was: on the × of the card now first.
  const focused = await page.locator('checkout-addons').evaluate((el) => {
    const active = el.shadowRoot.activeElement;
    return [active?.className, active?.closest('li') === el.shadowRoot.querySelector('li.card')];
  });
  assert.deepEqual(focused, ['dismiss', true]);
  // A screen reader hears which card went: the focus alone names the next one.
  const said = await page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('[role=status]').textContent);
  assert.equal(said, `Hidden: ${before[0]}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a double tap on add whose second tap lands on the undo that appeared keeps the item; a press of its own undoes', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`, { width: 390, height: 844 });
  await page.evaluate(() => {
    window.removed = 0;
    document.addEventListener('checkout-addons:removed', () => window.removed++);
  });
  const shown = await shownCards(page);
  await page.locator('#cart-lines .line-title').first().waitFor();
  const first = shown.first();
  const title = await first.locator('.title').innerText();
  const inCart = () => page.locator('#cart-lines .line-title', { hasText: title });
  const add = first.locator('button.add');
  const before = await add.boundingBox();
  // The first tap, at the add button's end: the demo cart answers at once and undo appears
  // there.
  await page.mouse.click(before.x + before.width - 6, before.y + before.height / 2);
  const undo = first.locator('button.undo');
  await undo.waitFor();
  // The demo's cart table above the widget grew a row; on a page where the widget stays put
  // the finger is where it was on the card.
  const after = await add.boundingBox();
  const tap = { x: before.x + before.width - 6, y: after.y + after.height / 2 };
  const box = await undo.boundingBox();
  const under = box.x < tap.x && tap.x < box.x + box.width && box.y < tap.y && tap.y < box.y + box.height;
  assert.ok(under, `undo ${JSON.stringify(box)} is under the finger ${JSON.stringify(tap)}`);
  // The second tap, as the browser counts it: the second press of a double click.
  await page.mouse.move(tap.x, tap.y);
  await page.mouse.down({ clickCount: 2 });
  await page.mouse.up({ clickCount: 2 });
  await page.waitForTimeout(400);
  assert.equal(await page.evaluate(() => window.removed), 0, 'nothing was taken back');
  assert.equal(await inCart().count(), 1, 'the item stays in the cart');
  assert.equal(await add.getAttribute('data-state'), 'added');
  // A press of its own takes the item back out.
  await undo.click();
  await inCart().waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await add.getAttribute('data-state'), 'ready');
  assert.equal(await page.evaluate(() => window.removed), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('keyboard only: Tab reaches an add button, Enter adds, focus stays, undo returns it', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`);
  await shownCards(page);
  await page.locator('#cart-lines .line-title').first().waitFor();
  const focused = () => page.evaluate(() => {
    const inside = document.activeElement?.localName === 'checkout-addons' ? document.activeElement.shadowRoot.activeElement : null;
    return inside ? { className: inside.className, state: inside.dataset.state ?? null, title: inside.closest('.card')?.querySelector('.title')?.textContent } : null;
  });
  let onAdd = null;
  for (let i = 0; i < 40 && !onAdd; i++) {
    await page.keyboard.press('Tab');
    const now = await focused();
    if (now?.className === 'add') onAdd = now;
  }
  assert.ok(onAdd, 'an add button is reachable with Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot.activeElement?.dataset.state === 'added');
  await page.locator('#cart-lines .line-title', { hasText: onAdd.title }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal((await focused())?.className, 'undo');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot.activeElement?.dataset.state === 'ready');
  assert.equal((await focused())?.className, 'add', 'focus returns to the add button');
  assert.equal(await page.locator('#cart-lines .line-title', { hasText: onAdd.title }).count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('with `variant-picker` the shopper picks the size, and that variant lands in the cart', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?picker&lang=en&cart=suede-sneakers-42`);
  await shownCards(page);
  await page.locator('#cart-lines .line-title').first().waitFor();
  const socks = cards(page).filter({ hasText: 'Sokken' });
  const picker = socks.getByRole('combobox', { name: 'Choose a variant of Sokken (3 paar)' });
  assert.equal(await picker.inputValue(), 'sokken-3-paar-35-38', 'the cheapest is preselected');
  await picker.selectOption('sokken-3-paar-43-46');
  await socks.locator('.now', { hasText: '10.95' }).waitFor();
  await socks.locator('button.add').click();
  await page.locator('#cart-lines .line-title', { hasText: 'Sokken (3 paar) (Maat 43-46)' }).waitFor();
  assert.equal(await picker.isDisabled(), true, 'the choice is locked once added');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an upgrade is a swap: it takes its item\'s place in the cart, and undo puts the item back', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en&cart=smartphone-nova-6&max=6`);
  await shownCards(page);
  await page.locator('#cart-lines .line-title', { hasText: 'Nova 6 128 GB' }).waitFor();
  const upgrade = cards(page).filter({ hasText: 'Nova 6 Pro' });
  assert.match(await upgrade.locator('.reason').innerText(), /An upgrade for your Smartphone Nova 6 128 GB/);
  const button = upgrade.locator('button.add');
  assert.equal(await button.innerText(), 'Swap');
  assert.match(await button.getAttribute('aria-label'), /^Swap Smartphone Nova 6 Pro 256 GB, /);

  await button.dblclick();
  await page.locator('#cart-lines .line-title', { hasText: 'Nova 6 Pro' }).waitFor({ timeout: 5_000 });
  await page.waitForFunction(() => !document.querySelector('#cart-lines').textContent.includes('Nova 6 128 GB'));
  assert.equal(await cartRows(page).count(), 1, 'one phone in the cart, not two');
  assert.equal(await page.locator('#cart-count').innerText(), '1');
  assert.equal(await button.getAttribute('data-state'), 'added');
  assert.equal(await button.innerText(), 'Swapped');
  assert.match(await upgrade.locator('.reason').innerText(), /Nova 6 128 GB/, 'the card still says what it replaced');
  assert.ok(await upgrade.locator('.reason').isVisible(), 'and shows it');
  const status = () => page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('[role=status]').textContent);
  assert.match(await status(), /Smartphone Nova 6 Pro 256 GB replaced Smartphone Nova 6 128 GB in your cart/);

  await upgrade.locator('button.undo').click();
  await page.locator('#cart-lines .line-title', { hasText: 'Nova 6 128 GB' }).waitFor({ timeout: 5_000 });
  await page.waitForFunction(() => !document.querySelector('#cart-lines').textContent.includes('Nova 6 Pro'));
  assert.equal(await cartRows(page).count(), 1, 'the phone the shopper chose is back, alone');
  assert.equal(await button.getAttribute('data-state'), 'ready');
  assert.equal(await button.innerText(), 'Swap');
  // Said as what happened: their phone is back, in the upgrade's place.
  await page.waitForFunction(() => document.querySelector('checkout-addons').shadowRoot
    .querySelector('[role=status]').textContent.includes('Nova 6 128 GB replaced'));
  assert.match(await status(), /^Smartphone Nova 6 128 GB replaced Smartphone Nova 6 Pro 256 GB in your cart/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page whose cart cannot swap is offered no upgrades', async () => {
  // The event adapter can only add: an upgrade would land beside the phone it upgrades.
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en&cart=smartphone-nova-6&max=6&adapter=event`);
  const shown = await shownCards(page);
  await page.waitForTimeout(300);
  const titles = await shown.locator('.title').allInnerTexts();
  assert.ok(titles.length >= 1, 'the accessories are still offered');
  assert.ok(!titles.some((t) => t.includes('Pro')), titles.join(', '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('with `event-swaps` the page\'s own add listener does the swap', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en&cart=smartphone-nova-6&max=6&adapter=event&event-swaps`);
  await shownCards(page);
  await page.locator('#cart-lines .line-title', { hasText: 'Nova 6 128 GB' }).waitFor();
  const upgrade = cards(page).filter({ hasText: 'Nova 6 Pro' });
  await upgrade.locator('button.add').click();
  await upgrade.locator('button.add[data-state="added"]').waitFor();
  assert.deepEqual(await page.locator('#cart-lines .line-title').allInnerTexts(), ['Smartphone Nova 6 Pro 256 GB']);
  assert.equal(await upgrade.locator('button.undo').count(), 0, 'events cannot take a swap back');
  assert.deepEqual(errors, []);
  await page.close();
});
