// Buy again, end to end: a logged-in shopper's past orders (the `history` attribute or
// `setHistory()`) make a due consumable the first card, worded with the day it was last bought,
// and one press adds it as that order had it. Bad input costs nothing but one warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoShop, openPage, titlesIn } from './support.mjs';

const shop = demoShop();

const cards = (page) => page.locator('checkout-addons .card:not(.skeleton)');

async function shownTitles(page) {
  await cards(page).first().waitFor({ state: 'visible', timeout: 15_000 });
  // Let the answer settle: a history set after mounting re-ranks.
  await page.waitForTimeout(300);
  return titlesIn(page);
}

const daysAgo = (days) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
/** A day as the browser's own formatter writes it, with the year when it is not this one. */
const writtenDay = (iso, locale) => new Intl.DateTimeFormat(locale, {
  day: 'numeric', month: 'long', timeZone: 'UTC',
  ...(iso.slice(0, 4) === String(new Date().getFullYear()) ? {} : { year: 'numeric' }),
}).format(new Date(iso));

test('a regular whose espresso beans are due sees them first, with the day, and one press adds the two bags of last time', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?history=regular`, undefined, (p) => p.addInitScript(() => {
    window.dayFormats = 0;
    Intl.DateTimeFormat = new Proxy(Intl.DateTimeFormat, {
      construct(target, args) { window.dayFormats += 1; return Reflect.construct(target, args); },
    });
  }));
  const titles = await shownTitles(page);
  // One press adds the two bags of last time, and the card says so and prices both (2 × €10.95).
  assert.equal(titles[0], '2 × Espressobonen 500 g', titles.join(', '));
  const first = cards(page).first();
  assert.match(await first.locator('.price').innerText(), /^€\s21,90$/);
  assert.match(await first.locator('button.add').getAttribute('aria-label'), /^Toevoegen 2 × Espressobonen 500 g, €\s21,90$/);
  // "Laatst gekocht op 11 november": the day as the shopper's locale writes it, by the wasm
  // itself for Dutch (the page's first Intl formatter would cost it 14-21 ms).
  const expected = writtenDay(daysAgo(40), 'nl');
  assert.equal(await first.locator('.reason').innerText(), `Weer nodig? Laatst gekocht op ${expected}`);
  assert.equal(await page.evaluate(() => window.dayFormats), 0, 'no Intl.DateTimeFormat made');
  // The wipes (bought 5 days ago, a 14-day cycle) are not due.
  assert.ok(!titles.some((t) => t.includes('Babydoekjes')), titles.join(', '));
  await first.locator('button.add').click();
  const line = page.locator('#cart-lines tr', { hasText: 'Espressobonen' });
  await line.waitFor({ timeout: 5_000 });
  assert.equal(await line.locator('td').nth(1).innerText(), '2', 'the quantity of the last order');
  assert.deepEqual(errors, []);
  await page.close();
});

test('on a page in a language the widget lacks, the day is written in its English words\' language', async () => {
  // Portuguese: the words are English, so is the day ("Last bought on 2 de novembro" mixed two).
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?history=regular&lang=pt-BR`);
  await shownTitles(page);
  assert.equal(await cards(page).first().locator('.reason').innerText(),
    `Time for more? Last bought on ${writtenDay(daysAgo(40), 'en')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('without a history, or before anything is due, the cards are everyone\'s', async () => {
  const plain = await openPage(shop.browser, `${shop.url}/`);
  const everyone = await shownTitles(plain.page);
  const notDue = JSON.stringify([{ date: daysAgo(3), lines: [{ id: 'espressobonen', quantity: 2 }] }]);
  const early = await openPage(shop.browser, `${shop.url}/?history=${encodeURIComponent(notDue)}`);
  assert.deepEqual(await shownTitles(early.page), everyone);
  await plain.page.close();
  await early.page.close();
});

test('a broken history is ignored with one warning naming the place, and the page is unaffected', async () => {
  const broken = JSON.stringify([{ date: '10-11-2026', lines: ['espressobonen'] }]);
  const { page, errors, warnings } = await openPage(shop.browser, `${shop.url}/?history=${encodeURIComponent(broken)}`);
  const titles = await shownTitles(page);
  assert.notEqual(titles[0], 'Espressobonen 500 g');
  const about = warnings.filter((w) => w.includes('history ignored'));
  assert.equal(about.length, 1, warnings.join('\n'));
  assert.match(about[0], /\[0\]\.date: expected a date YYYY-MM-DD/);
  assert.equal(await page.locator('checkout-addons').getAttribute('data-state'), 'ready');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a page that passes every order of a regular of years gets buy-again from the newest 50, with one warning', async () => {
  // Shopify's and WooCommerce's snippets pass 50; a custom shop may pass them all.
  const orders = [{ date: daysAgo(40), lines: [{ id: 'espressobonen', quantity: 2 }] }];
  for (let i = 0; i < 70; i += 1) orders.push({ date: daysAgo(400 + i), lines: ['pannenlappen'] });
  const { page, errors, warnings } = await openPage(shop.browser, `${shop.url}/?history=${encodeURIComponent(JSON.stringify(orders))}`);
  const titles = await shownTitles(page);
  assert.equal(titles[0], '2 × Espressobonen 500 g', titles.join(', '));
  const about = warnings.filter((w) => w.includes('history'));
  assert.deepEqual(about.map((w) => w.replace(/^.*history/, 'history')), ['history: the newest 50 past orders read, 21 older ones left out']);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a total that is not a whole amount in minor units is named in the one warning', async () => {
  const broken = JSON.stringify([{ date: daysAgo(40), total: '21.90', lines: [{ id: 'espressobonen', quantity: 2 }] }]);
  const { page, errors, warnings } = await openPage(shop.browser, `${shop.url}/?history=${encodeURIComponent(broken)}`);
  const titles = await shownTitles(page);
  assert.notEqual(titles[0], 'Espressobonen 500 g', 'the history was ignored');
  const about = warnings.filter((w) => w.includes('history ignored'));
  assert.equal(about.length, 1, warnings.join('\n'));
  assert.match(about[0], /\[0\]\.total: expected a whole amount in minor units/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('setHistory() after the page has loaded re-ranks in place, in the page\'s language', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`);
  const before = await shownTitles(page);
  assert.notEqual(before[0], 'Espressobonen 500 g');
  await page.evaluate((date) => document.querySelector('checkout-addons')
    .setHistory([{ date, lines: [{ id: 'espressobonen', quantity: 1 }] }]), daysAgo(30));
  await page.locator('checkout-addons .card .reason', { hasText: 'Last bought on' }).waitFor({ timeout: 5_000 });
  assert.equal((await titlesIn(page))[0], 'Espressobonen 500 g');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an order dated after today is no past order: the staple it would have hidden is still due', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`);
  await shownTitles(page);
  const ahead = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  await page.evaluate(([bought, ahead]) => document.querySelector('checkout-addons').setHistory([
    { date: bought, lines: ['espressobonen'] },
    // A test order, or a subscription's next delivery, passed as a past one.
    { date: ahead, lines: ['led-lamp-e27'] },
  ]), [daysAgo(40), ahead]);
  await page.locator('checkout-addons .card .reason', { hasText: 'Last bought on' }).waitFor({ timeout: 5_000 });
  assert.equal((await titlesIn(page))[0], 'Espressobonen 500 g');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a purchase of another year says the year ("December 20" eleven months on reads as next week)', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?lang=en`);
  await shownTitles(page);
  const date = daysAgo(400);
  await page.evaluate((date) => document.querySelector('checkout-addons')
    .setHistory([{ date, lines: ['espressobonen'] }]), date);
  const reason = page.locator('checkout-addons .card .reason', { hasText: 'Last bought on' });
  await reason.waitFor({ timeout: 5_000 });
  assert.match(writtenDay(date, 'en'), /, \d{4}$/);
  assert.equal(await reason.innerText(), `Time for more? Last bought on ${writtenDay(date, 'en')}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a lapsing customer (the demo preset) is placed so, and with a pram in the cart the bundle with its saving leads', async () => {
  const { page, errors } = await openPage(shop.browser, `${shop.url}/?history=lapsing&cart=kinderwagen-stad`, undefined,
    (p) => p.addInitScript(() => {
      window.segments = [];
      document.addEventListener('checkout-addons:render', (e) => window.segments.push(e.detail.segment));
    }));
  const titles = await shownTitles(page);
  assert.equal(titles[0], 'Autostoeltje groep 0+', titles.join(', '));
  assert.match(await cards(page).first().locator('.reason').innerText(), /^Bespaar €\s9,00 met de bundel$/);
  assert.equal(await page.evaluate(() => window.segments.at(-1)), 'lapsing');
  assert.deepEqual(errors, []);
  await page.close();
});

test("from a published folder the history's products' shards are fetched too: a due product the cart's shards lack", async () => {
  // Colombian filter coffee (a 21-day cycle) is in shards 1, 3 and 6, not in the winter coat's
  // (4), nor among the manifest's till items.
  const history = JSON.stringify([{ date: daysAgo(25), lines: ['filterbonen-colombia'] }]);
  const url = `${shop.url}/?feed=/demo/published/manifest.json&cart=winterjas&history=${encodeURIComponent(history)}`;
  const { page, errors } = await openPage(shop.browser, url);
  const titles = await shownTitles(page);
  assert.equal(titles[0], 'Filterkoffie Colombia 250 g', titles.join(', '));
  assert.match(await cards(page).first().locator('.reason').innerText(), /^Weer nodig\? Laatst gekocht op /);
  assert.deepEqual(errors, []);
  await page.close();
});
