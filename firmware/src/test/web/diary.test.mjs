// The diary and the history in the phone's own remote, in a real browser against a real unit whose
// journal already holds nights made beforehand with `simulate --at` and `diary --at`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { configure, Unit, quietlegs, sleep } from './unit.mjs';
import { launch, phone, text, visible, accessibility, screenshot, setTheme } from './page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The local calendar date `days` before today, as the unit's --at reads it. */
function daysAgo(days) {
  const d = new Date();
  d.setDate(d.getDate() - days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

async function cli(config, ...args) {
  const r = await quietlegs(config, ...args);
  assert.equal(r.code, 0, args.join(' ') + ':\n' + r.output);
}

const SAID = '#view-diary .said:not(:empty)'; // the answer, in the card that sent

async function view(page, name) {
  await page.click(`#views button[data-view="${name}"]`);
  await visible(page, `#view-${name}`);
}

test('the diary in a tap, the unit\'s refusals, and the history of the nights it holds', async (t) => {
  const config = await configure();
  // Five evenings ago a whole program, three ago a whole one rated before and after (and the next
  // morning's ratings), two ago one cut short by a leak after 5 minutes, four ago nothing.
  const whole = daysAgo(5);
  const rated = daysAgo(3);
  const short = daysAgo(2);
  const unused = daysAgo(4);
  await cli(config, 'simulate', '--at', whole + 'T21:30');
  await cli(config, 'diary', '--at', rated + 'T21:25', 'before', '7');
  await cli(config, 'simulate', '--at', rated + 'T21:30');
  await cli(config, 'diary', '--at', rated + 'T22:00', 'after', '2');
  await cli(config, 'diary', '--at', short + 'T07:30', 'morning', 'sleep=8', 'falling=3', 'night=1', 'onset=20:30');
  const leak = await quietlegs(config, 'simulate', '--at', short + 'T21:30', '--fault', 'leak@300');
  assert.match(leak.output, /leak|fault/i, 'the short evening ended in its fault:\n' + leak.output);

  const unit = new Unit(config);
  t.after(async () => { await unit.stop(); config.cleanup(); });
  const url = await unit.start();
  const page = await phone(browser);
  await page.goto(url);
  await text(page, '#link', /^Connected$/);
  assert.deepEqual(await page.$$eval('#views button', (b) => b.map((x) => x.textContent)), ['Remote', 'Diary', 'History']);

  await t.test('idle before tonight\'s session: "before" is offered, one tap notes it', async () => {
    await view(page, 'diary');
    assert.equal(await page.getAttribute('#kind-before', 'aria-pressed'), 'true');
    assert.equal(await page.locator('#restless button').count(), 11, 'eleven buttons, 0 to 10');
    await page.click('#restless button[data-value="6"]');
    await text(page, SAID, /^Noted: restless before a session: 6\.$/);
    for (let i = 0; i < 50; i++) {
      const h = await unit.retained('history');
      if (h.nights.at(-1).before === 6) break;
      await sleep(100);
      if (i === 49) assert.fail('the unit\'s history never had tonight\'s 6: ' + JSON.stringify(h.nights.at(-1)));
    }
  });

  await t.test('a value the unit refuses: its reason, and nothing noted', async () => {
    await page.fill('#irls', '41');
    await page.click('#send-irls');
    await text(page, SAID, /^Not noted: total 41 is outside 0-40\.$/);
    assert.equal(await page.inputValue('#irls'), '41', 'kept, to be corrected');
    assert.equal((await unit.retained('history')).nights.every((n) => n.irls === null), true);
    await page.fill('#irls', '18');
    await page.click('#send-irls');
    await text(page, SAID, /^Noted: IRLS total 18\.$/);
  });

  await t.test('the morning: three taps and one to note them, the onset optional', async () => {
    assert.equal(await page.isDisabled('#send-morning'), true, 'not before all three are given');
    await page.click('#sleep button[data-value="7"]');
    await page.click('#falling button[data-value="4"]');
    assert.equal(await page.isDisabled('#send-morning'), true);
    await page.click('#night button[data-value="2"]');
    await page.fill('#onset', '21:15');
    await page.click('#send-morning');
    await text(page, SAID, /^Noted: this morning: sleep 7, falling asleep 4, the night 2, symptoms from 21:15\.$/);
    assert.equal(await page.isDisabled('#send-morning'), true, 'cleared for the next morning');
        await page.click('#sleep button[data-value="6"]');
    await screenshot(page, 'diary-night', { fullPage: true });
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'day');
    await screenshot(page, 'diary-day', { fullPage: true });
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'night');
  });

  await t.test('the history: the calendar, minutes and ratings of the nights made beforehand', async () => {
    await view(page, 'history');
    await visible(page, '#history-body');
    assert.equal(await page.locator('#history-none').isVisible(), false);
    assert.equal(await page.locator('#more-nights').isVisible(), false, 'fewer than two weeks: all shown');
    const night = async (date) => page.getAttribute(`#calendar g[data-date="${date}"]`, 'data-night');
    assert.equal(await night(whole), 'met');
    assert.equal(await night(rated), 'met');
    assert.equal(await night(short), 'short');
    assert.equal(await night(unused), 'none');
    assert.match(await page.textContent('#calendar title'), /^The last five weeks: target met on 2 nights, used but short on 1, not used on [1-2]\.$/);
    const row = (date) => page.textContent(`#nights tr[data-date="${date}"]`);
    assert.match(await row(rated), /20 min.*target met.*legs 7 → 2/);
    // The morning's ratings, noted the next day, belong to the night before
    assert.match(await row(rated), /sleep 8.*falling asleep 3, night 1.*from 20:30/);
    assert.match(await row(short), /\D[3-5] min.*short/);
    assert.match(await row(unused), /0 min.*not used/);
    assert.match(await page.textContent('#nights tbody tr:first-child'), /^Tonight.*legs 6 → –.*IRLS 18/);
    assert.match(await page.textContent('#fig-7d'), /^\d+ %$/);
    assert.equal(await page.textContent('#fig-best'), '1');
    await screenshot(page, 'history-night', { fullPage: true });
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'day');
    await screenshot(page, 'history-day', { fullPage: true });
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'night');
  });

  await t.test('right after a session: "after" is offered', async () => {
    await view(page, 'remote');
    await page.click('#relief');
    await text(page, '#phase', /^Running$/, 60_000);
    await sleep(7000);
    await page.click('#stop');
    await text(page, '#phase', /^Ready$/, 20_000);
    await view(page, 'diary');
    await page.waitForFunction(() => document.querySelector('#kind-after').getAttribute('aria-pressed') === 'true',
      null, { timeout: 10_000 });
    await page.click('#restless button[data-value="2"]');
    await text(page, SAID, /^Noted: restless after a session: 2\.$/);
  });

  await t.test('by the phone\'s clock: the morning\'s questions first in the morning, the others still there', async () => {
    const morning = await phone(browser, 1);
    const when = new Date();
    when.setHours(7, 30, 0, 0);
    await morning.clock.setFixedTime(when);
    await morning.goto(url);
    await text(morning, '#link', /^Connected$/);
    await view(morning, 'diary');
    assert.deepEqual(await morning.$$eval('#diary-cards > *', (c) => c.map((x) => x.id)), ['q-morning', 'q-restless', 'q-irls']);
    await morning.context().close();
    assert.deepEqual(await page.$$eval('#diary-cards > *', (c) => c.map((x) => x.id)).then((ids) => ids.length), 3);
  });

  await t.test('the unit goes away: no stale history, the diary says it cannot send', async () => {
    await unit.stop();
    await text(page, '#link', /^Not connected$/);
    await visible(page, '#view-diary .not-live');
    assert.equal(await page.$eval('#diary-cards', (c) => c.inert), true, 'nothing to tap that could not be sent');
    await view(page, 'history');
    assert.equal(await page.locator('#history-body').isVisible(), false);
    await visible(page, '#view-history .not-live');
  });

  assert.deepEqual(page.problems.filter((p) => !/^WebSocket connection to .* net::ERR_CONNECTION_(REFUSED|RESET)$/.test(p)),
    [], 'no console errors, no CSP refusals, no request beyond the unit');
});
