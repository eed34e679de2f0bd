// The reorder card, end to end: where the shop turns it on (`reorder`), a logged-in shopper's
// last order comes back as one card, "Opnieuw bestellen: 4 artikelen"; one press adds every
// line as that order had it, undo takes them all back out, and a line the shop refuses leaves
// the cart exactly as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoShop, openPage, recordEvents, titlesIn } from './support.mjs';

const shop = demoShop();

const cards = (page) => page.locator('checkout-addons .card:not(.skeleton)');
// Wipes, dish cloths and two washing-up liquids: four items, as the cart counts them.
const againTitle = 'Opnieuw bestellen: 4 artikelen';

/** The shop's cart as its page shows it: each line's title and quantity. */
async function cartLines(page) {
  return page.locator('#cart-lines tr').evaluateAll((rows) =>
    rows.map((row) => `${row.querySelector('.line-title').textContent.trim()} × ${row.children[1].textContent.trim()}`));
}

/** A regular's page with the reorder card pressed and added; the cart as it was before. */
async function withReorderAdded() {
  const opened = await openRegular();
  const before = await cartLines(opened.page);
  const card = cards(opened.page).first();
  await card.locator('button.add').click();
  await card.locator('button.add[data-state=added]').waitFor({ timeout: 10_000 });
  return { ...opened, before, card };
}

/**
 * The demo shop's cart from now on refuses to add `add` (sold out, in the shop's words) and to
 * take `remove` back out (without words); `takingBackAgain` lets it take lines back again.
 */
async function refusing(page, { add, remove }) {
  await page.evaluate(([add, remove]) => {
    const widget = document.querySelector('checkout-addons');
    const shops = widget.cartAdapter;
    window.shopsRemove = shops.remove;
    widget.cartAdapter = {
      ...shops,
      add: (item) => (item.productId === add
        ? Promise.reject(Object.assign(new Error('out of stock'), { shopperMessage: 'Uitverkocht' }))
        : shops.add(item)),
      remove: (item) => (item.productId === remove ? Promise.reject(new Error('locked')) : shops.remove(item)),
    };
  }, [add, remove]);
}

const takingBackAgain = (page) => page.evaluate(() => {
  const widget = document.querySelector('checkout-addons');
  widget.cartAdapter = { ...widget.cartAdapter, remove: window.shopsRemove };
});

async function openRegular(query = '') {
  const opened = await openPage(shop.browser, `${shop.url}/?history=regular&reorder${query}`, undefined, recordEvents);
  await titlesIn(opened.page);
  await opened.page.locator('#cart-lines tr .line-title').first().waitFor();
  await opened.page.waitForTimeout(300);
  return opened;
}

/** Every button in the accessibility tree with its name and description, as Chromium gives them. */
async function describedButtons(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => n.role?.value === 'button' && !n.ignored)
    .map((n) => [n.name?.value ?? '', n.description?.value ?? '']);
}

test('the last order comes back as the first card, and one press adds its lines in their quantities; undo takes them all out', async () => {
  const { page, errors } = await openRegular();
  const titles = await titlesIn(page);
  assert.equal(titles[0], againTitle, titles.join(', '));
  assert.ok(titles.length <= 3, 'the reorder takes one of the places');
  const card = cards(page).first();
  const placed = new Date(Date.now() - 5 * 86_400_000);
  // In early January, last year's order says its year.
  const year = placed.getUTCFullYear() === new Date().getFullYear() ? {} : { year: 'numeric' };
  const expected = new Intl.DateTimeFormat('nl', { day: 'numeric', month: 'long', timeZone: 'UTC', ...year })
    .format(placed);
  assert.match(await card.locator('.reason').innerText(),
    new RegExp(`^Je bestelling van ${expected}: Babydoekjes.*, Vaatdoekjes.*, 2 × Afwasmiddel`));
  // Wipes 5,99, dish cloths 2,99 and two washing-up liquids at 1,99.
  assert.match(await card.locator('.price').innerText(), /12,96/);
  // A screen reader on the button hears what one press adds, which the title leaves out,
  // and on every other card why it is there.
  const described = await describedButtons(page);
  assert.match(described.find(([name]) => name.startsWith(`Toevoegen ${againTitle}`))?.[1] ?? '',
    /^Je bestelling van .*: Babydoekjes.*, Vaatdoekjes.*, 2 × Afwasmiddel/, JSON.stringify(described));
  const reasons = await cards(page).locator('.reason').allInnerTexts();
  assert.deepEqual(described.filter(([name]) => name.startsWith('Toevoegen')).map(([, d]) => d), reasons);
  const before = await cartLines(page);

  // Watch the card's title while its lines go in: the card must stay the same card (no
  // "1 artikelen" while one line is in), and keep the keyboard's focus.
  await page.evaluate(() => {
    const root = document.querySelector('checkout-addons').shadowRoot;
    window.reorderTitle = root.querySelector('.card .title');
    window.reorderTitles = new Set();
    new MutationObserver(() => root.querySelectorAll('.card .title')
      .forEach((t) => t.textContent.startsWith('Opnieuw') && window.reorderTitles.add(t.textContent)))
      .observe(root, { subtree: true, childList: true, characterData: true });
  });
  await card.locator('button.add').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await card.locator('button.add[data-state=added]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.evaluate(() => [...window.reorderTitles]), [againTitle], 'the card never said otherwise');
  assert.ok(await page.evaluate(() => window.reorderTitle.isConnected), 'the card was never drawn anew');
  assert.equal(await page.locator('checkout-addons').evaluate((el) => el.shadowRoot.activeElement?.className), 'add');
  const after = await cartLines(page);
  assert.equal(after.length, before.length + 3, after.join(', '));
  assert.ok(after.some((line) => /^Afwasmiddel.* × 2$/.test(line)), after.join(', '));
  // Nothing it added is offered again on a card of its own, and the places stay filled.
  const shown = await titlesIn(page);
  assert.ok(!shown.some((t) => /Babydoekjes|Vaatdoekjes|Afwasmiddel/.test(t)), shown.join(', '));
  assert.equal(shown.length, titles.length, `${titles.join(', ')} -> ${shown.join(', ')}`);
  const added = await page.evaluate(() => window.addonEvents.filter((e) => e.name === 'added').map((e) => e.detail.productId));
  assert.deepEqual(added, ['babydoekjes', 'vaatdoekjes', 'afwasmiddel']);
  const render = await page.evaluate(() => window.addonEvents.findLast((e) => e.name === 'render').detail.items);
  assert.deepEqual(render.filter((i) => i.reason === 'reorder').map((i) => i.productId), ['babydoekjes', 'vaatdoekjes', 'afwasmiddel']);

  // A screen reader hears what went in, not "Toegevoegd aan je winkelwagen: Opnieuw bestellen:
  // 4 artikelen", and as a list: no "is" that a list of products would need as "zijn".
  const announced = () => page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('.announcer').textContent);
  assert.match(await announced(), /^Toegevoegd aan je winkelwagen: Babydoekjes[^,]*, Vaatdoekjes[^,]*, 2 × Afwasmiddel[^,]*$/);

  await card.locator('button.undo').click();
  await card.locator('button.add[data-state=ready]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await cartLines(page), before, 'undo restores the cart exactly');
  assert.match(await announced(), /^Uit je winkelwagen gehaald: Babydoekjes[^,]*, Vaatdoekjes[^,]*, 2 × Afwasmiddel[^,]*$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a line the shop refuses takes the lines already added back out, and the card says why', async () => {
  const { page, errors, warnings } = await openRegular();
  const before = await cartLines(page);
  await refusing(page, { add: 'afwasmiddel' });
  const card = cards(page).first();
  await card.locator('button.add').click();
  await card.locator('button.add[data-state=failed]').waitFor({ timeout: 10_000 });
  assert.equal(await card.locator('.reason').innerText(), 'Uitverkocht');
  assert.deepEqual(await cartLines(page), before, 'the cart is as it was');
  const removed = await page.evaluate(() => window.addonEvents.filter((e) => e.name === 'removed').map((e) => e.detail.productId));
  assert.deepEqual(removed, ['vaatdoekjes', 'babydoekjes'], 'taken back last first');
  const resting = await page.evaluate(() => Object.entries(JSON.parse(localStorage.getItem('checkout-addons:seen') ?? '{}'))
    .filter(([, entry]) => entry.until > Date.now()).map(([id]) => id));
  assert.deepEqual(resting, [], 'lines taken back because another failed were not turned down: none rests');
  assert.ok(warnings.some((w) => w.includes('out of stock')), warnings.join('\n'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('a line the shop refuses, then a take-back it refuses too: the card keeps what stayed, with its undo, and says which lines', async () => {
  const { page, errors } = await openRegular();
  const before = await cartLines(page);
  await refusing(page, { add: 'afwasmiddel', remove: 'vaatdoekjes' });
  const card = cards(page).first();
  await card.locator('button.add').click();
  // The wipes and the cloths went in; the washing-up liquid did not; the cloths would not come out.
  await card.locator('button.add[data-state=added]').waitFor({ timeout: 10_000 });
  assert.equal(await card.locator('.reason').innerText(), 'Uitverkocht', 'the shop said why the order did not go in');
  assert.equal((await cartLines(page)).length, before.length + 2);
  const said = await page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('[role=status]').textContent);
  assert.match(said, /^Nog in je winkelwagen: Babydoekjes.*, Vaatdoekjes/, said);

  await takingBackAgain(page);
  await card.locator('button.undo').click();
  await card.locator('button.add[data-state=ready]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await cartLines(page), before, 'undo took back what stayed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('without the attribute, with a cart that cannot take lines back, or with a cart that holds all but one line, there is no reorder card', async () => {
  const plain = await openPage(shop.browser, `${shop.url}/?history=regular`);
  assert.ok(!(await titlesIn(plain.page)).includes(againTitle));
  await plain.page.close();
  // The event adapter cannot take an add back: a line refused half way would stay.
  const events = await openPage(shop.browser, `${shop.url}/?history=regular&reorder&adapter=event`);
  assert.ok(!(await titlesIn(events.page)).includes(againTitle));
  await events.page.close();
  const { page, errors } = await openRegular('&cart=handkoffiemolen,babydoekjes,vaatdoekjes');
  assert.ok(!(await titlesIn(page)).some((t) => t.startsWith('Opnieuw bestellen')));
  assert.deepEqual(errors, []);
  await page.close();
});

test('hiding the reorder card lets an add-on take its place and rests no product', async () => {
  const { page, errors, warnings } = await openRegular();
  const before = await titlesIn(page);
  await cards(page).first().locator('button.dismiss').click();
  await page.waitForFunction((title) => ![...document.querySelector('checkout-addons').shadowRoot
    .querySelectorAll('.card .title')].some((t) => t.textContent === title), againTitle, { timeout: 5_000 });
  const after = await titlesIn(page);
  assert.equal(after.length, before.length, `${before.join(', ')} -> ${after.join(', ')}`);
  const seen = await page.evaluate(() => JSON.parse(localStorage.getItem('checkout-addons:seen') ?? '{}'));
  assert.ok(!('' in seen), JSON.stringify(seen));
  // A later page view still offers it: the shopper hid it for this page only.
  await page.reload();
  assert.equal((await titlesIn(page))[0], againTitle);
  assert.deepEqual(warnings.filter((w) => w.includes('passed-over')), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an undo the shop refuses part way keeps what it could not take back, says so, and can be pressed again', async () => {
  const { page, errors, before, card } = await withReorderAdded();
  // The shop will not take the dish cloths back, and gives no words for the shopper.
  await refusing(page, { remove: 'vaatdoekjes' });
  await card.locator('button.undo').click();
  await page.waitForFunction((rows) => document.querySelectorAll('#cart-lines tr').length === rows, before.length + 2);
  await card.locator('button.add[data-state=added]').waitFor({ timeout: 10_000 });
  const after = await cartLines(page);
  assert.ok(!after.some((line) => line.startsWith('Afwasmiddel')), 'the washing-up liquid went; the cloths and wipes stay');
  const said = await page.locator('checkout-addons').evaluate((el) => el.shadowRoot.querySelector('[role=status]').textContent);
  assert.match(said, /^Nog in je winkelwagen/, 'the shopper hears it is still in the cart');
  assert.doesNotMatch(said, /gehaald/);
  // Which lines stayed, not the whole order: the washing-up liquid came out.
  assert.match(said, /^Nog in je winkelwagen: Babydoekjes.*, Vaatdoekjes/, said);
  assert.doesNotMatch(said, /Afwasmiddel/, said);

  await takingBackAgain(page);
  await card.locator('button.undo').click();
  await card.locator('button.add[data-state=ready]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await cartLines(page), before);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a theme that redraws the widget (and drops its adapter) after the first line still gets the whole order, and GA4 each line', async () => {
  const { page, errors } = await openRegular();
  const before = await cartLines(page);
  await page.evaluate(() => { window.dataLayer = []; });
  // As Shopify sections or Dawn's drawer do: after the cart changed, the theme puts a fresh
  // widget in the old one's place, and the platform adapter leaves the old element.
  await page.evaluate(() => {
    const widget = document.querySelector('checkout-addons');
    const shops = widget.cartAdapter;
    let redrawn = false;
    widget.cartAdapter = {
      ...shops,
      add: (item) => shops.add(item).then((answer) => {
        if (!redrawn) {
          redrawn = true;
          const fresh = widget.cloneNode();
          fresh.cartAdapter = shops;
          widget.replaceWith(fresh);
          widget.cartAdapter = undefined;
        }
        return answer;
      }),
    };
  });
  await cards(page).first().locator('button.add').click();
  await page.waitForFunction((rows) => document.querySelectorAll('#cart-lines tr').length === rows, before.length + 3, { timeout: 10_000 });
  await page.waitForTimeout(500);
  const after = await cartLines(page);
  assert.equal(after.length, before.length + 3, after.join(', '));
  assert.ok(after.some((line) => /^Afwasmiddel.* × 2$/.test(line)), after.join(', '));
  // The lines added after the redraw come from the element that left the page: the shop's
  // analytics hear them all the same.
  const added = await page.evaluate(() => window.dataLayer
    .filter((entry) => entry.event === 'add_to_cart')
    .map((entry) => `${entry.ecommerce.items[0].item_id} ${entry.ecommerce.items[0].reason}`));
  assert.deepEqual(added.sort(), ['afwasmiddel reorder', 'babydoekjes reorder', 'vaatdoekjes reorder']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a new history while the reorder is in the cart leaves its card as drawn, and undo takes back what it put in', async () => {
  const { page, errors, before, card } = await withReorderAdded();
  // The page hands the history over again, now with a newer order of other products.
  await page.evaluate(() => {
    const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    document.querySelector('checkout-addons').setHistory([
      { date: daysAgo(5), lines: ['babydoekjes', 'vaatdoekjes', { id: 'afwasmiddel', quantity: 2 }] },
      { date: daysAgo(2), lines: ['koffiefilters', 'espressobonen'] },
    ]);
  });
  await page.waitForTimeout(300);
  assert.equal(await card.locator('.title').innerText(), againTitle);
  // Nor, with no past orders left to offer again, does it take a place more than there are.
  await page.evaluate(() => document.querySelector('checkout-addons').setHistory([]));
  await page.waitForTimeout(300);
  assert.equal(await card.locator('.title').innerText(), againTitle);
  assert.ok((await titlesIn(page)).length <= 3, (await titlesIn(page)).join(', '));
  await card.locator('button.undo').click();
  await page.waitForFunction((rows) => document.querySelectorAll('#cart-lines tr').length === rows, before.length, { timeout: 10_000 });
  await page.waitForTimeout(300);
  assert.deepEqual(await cartLines(page), before, 'undo restores the cart exactly');
  assert.deepEqual(errors, []);
  await page.close();
});

test('in French the first of the month is "1er", and the order\'s lines follow a spaced colon', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?reorder&lang=fr`);
  await titlesIn(page);
  // The last order on the first of this month (of the last, on the first), the beans two
  // months before: due, and named with their day as well.
  const now = new Date();
  const firstOf = (monthsBack) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsBack, 1));
  const last = firstOf(now.getUTCDate() === 1 ? 1 : 0);
  const beans = new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() - 2, 1));
  const iso = (date) => date.toISOString().slice(0, 10);
  await page.evaluate(([beans, last]) => document.querySelector('checkout-addons').setHistory([
    { date: beans, lines: [{ id: 'espressobonen', quantity: 1 }] },
    { date: last, lines: ['babydoekjes', 'vaatdoekjes', { id: 'afwasmiddel', quantity: 2 }] },
  ]), [iso(beans), iso(last)]);
  const written = (date) => {
    const year = date.getUTCFullYear() === now.getFullYear() ? {} : { year: 'numeric' };
    const intl = new Intl.DateTimeFormat('fr', { day: 'numeric', month: 'long', timeZone: 'UTC', ...year }).format(date);
    assert.match(intl, /^1 /, 'Intl leaves the ordinal out');
    return intl.replace(/^1 /, '1er ');
  };
  const reorder = page.locator('checkout-addons .card .reason', { hasText: 'Votre commande du' });
  await reorder.waitFor({ timeout: 5_000 });
  assert.match(await reorder.innerText(), new RegExp(`^Votre commande du ${written(last)}\u00a0: Babydoekjes`));
  const due = page.locator('checkout-addons .card .reason', { hasText: 'Dernier achat' });
  assert.equal(await due.innerText(), `Besoin d’en racheter\u202f? Dernier achat le ${written(beans)}`);
  assert.deepEqual(errors, []);
  await page.close();
});
