// The phone's own remote in a real browser against a real unit: `run --sim` with Mosquitto and its
// WebSocket listener, on free loopback ports. Run with `npm test` (or .ci/browser from the repository).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { configure, Unit, sleep } from './unit.mjs';
import { launch, phone, text, visible, hidden, accessibility, screenshot, setTheme } from './page.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('anonymous on loopback: a whole session from the phone, refusals, and the unit going away', async (t) => {
  const config = await configure();
  const unit = new Unit(config);
  t.after(async () => { await unit.stop(); config.cleanup(); });
  const url = await unit.start();
  const page = await phone(browser);
  await page.goto(url);

  await t.test('idle: connected, the programs from the unit, nothing stale', async () => {
    await text(page, '#link', /^Connected$/);
    await text(page, '#phase', /^Ready$/);
    const programs = await page.$$eval('#programs button', (b) => b.map((x) => x.dataset.program));
    assert.equal(programs[0], 'evening', 'the default program comes first');
    assert.deepEqual([...programs].sort(), ['compression', 'evening', 'rls-trial', 'vibration']);
    assert.equal(await page.locator('#relief').isVisible(), true);
    assert.equal(await page.locator('#chambers li').count(), 3);
    await screenshot(page, 'idle-night');
    await setTheme(page, 'day');
    await screenshot(page, 'idle-day');
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'night');
    assert.deepEqual(await accessibility(page), []);
  });

  await t.test('start a session: the phase, time left and each chamber against its target', async () => {
    await page.click('#programs button[data-program="evening"]');
    await text(page, '#phase', /^(Checking the cuff|Running)$/);
    await text(page, '#remaining', /^Evening · \d+:\d\d left$/);
    await text(page, '#phase', /^Running$/, 60_000);
    // The pressures move: the ankle fills against its target, then the calf.
    await page.waitForFunction(() => parseFloat(document.querySelector('#chambers li[data-chamber="ankle"] .value')
      .textContent) >= 20, null, { timeout: 20_000 });
    const target = await page.textContent('#chambers li[data-chamber="ankle"] .of');
    assert.match(target, /^of \d+$/);
    const fill = await page.$eval('#leg rect.fill', (r) => Number(r.getAttribute('height')));
    assert.ok(fill > 0, 'the ankle is drawn filled');
    await page.waitForFunction(() => parseFloat(document.querySelector('#chambers li[data-chamber="calf"] .value')
      .textContent) >= 20, null, { timeout: 30_000 });
    await screenshot(page, 'running-night');
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'day');
    await screenshot(page, 'running-day');
    assert.deepEqual(await accessibility(page), []);
    await setTheme(page, 'night');
  });

  await t.test('vibration: the setting the unit holds changes, and it delivers it', async () => {
    const before = Number(await page.textContent('#vib-value'));
    await page.click('#vib-down');
    await text(page, '#vib-value', new RegExp('^' + (before - 1) + '$'));
    await text(page, '#vib-delivered', /^giving \d+(\.\d)? now$/); // what the motor gives while it ramps
    for (let i = 0; i < 50 && (await unit.state()).vibration_setting !== before - 1; i++) await sleep(100);
    assert.equal((await unit.state()).vibration_setting, before - 1, 'the unit itself holds the new setting');
  });

  await t.test('pause, resume, stop', async () => {
    await page.click('#pause');
    await text(page, '#phase', /^Paused$/);
    await visible(page, '#resume');
    assert.equal(await page.locator('#pause').isVisible(), false);
    await page.click('#resume');
    await text(page, '#phase', /^Running$/);
    await page.click('#stop');
    await text(page, '#phase', /^Ready$/, 20_000);
    await visible(page, '#programs button[data-program="evening"]');
    assert.equal((await unit.state()).phase, 'idle');
  });

  await t.test("a fault: its words, a refused command's reason, and clearing it", async () => {
    unit.console('estop');
    await visible(page, '#fault');
    await text(page, '#fault-message', /^Emergency stop pressed\.$/);
    await text(page, '#fault-causes', /^Look at: whoever stopped it\.$/);
    await text(page, '#phase', /^Stopped for safety$/);
    await screenshot(page, 'fault-night');
    await page.click('#relief');
    const said = await text(page, '#message', /could not start a session/);
    assert.match(said, /^The unit could not start a session: a fault is latched: send clear-fault first\.$/);
    assert.deepEqual(await accessibility(page), []);
    await page.click('#clear-fault');
    await text(page, '#phase', /^Ready$/);
    await hidden(page, '#fault');
  });

  await t.test('the unit stops: "not connected", never a stale state; it comes back: live again', async () => {
    await page.click('#programs button[data-program="vibration"]');
    await text(page, '#remaining', /^Vibration · /);
    await text(page, '#phase', /^Running$/, 60_000);
    await unit.stop();
    await text(page, '#link', /^Not connected$/);
    await visible(page, '#offline');
    assert.equal(await page.locator('#live').isVisible(), false, 'no running session shown for a unit that is off');
    await screenshot(page, 'not-connected-night');
    assert.deepEqual(await accessibility(page), []);
    await unit.start();
    await text(page, '#link', /^Connected$/, 30_000);
    await text(page, '#phase', /^Ready$/);
  });

  await t.test('the unit is killed mid-session, its broker stays: its last will says so, never a stale "running"', async () => {
    await page.click('#programs button[data-program="vibration"]');
    await text(page, '#phase', /^(Checking the cuff|Running)$/, 30_000);
    await unit.kill();
    await text(page, '#offline-why', /^The unit is not running\.$/);
    assert.equal(await page.locator('#live').isVisible(), false);
    assert.equal(await page.textContent('#link'), 'Not connected');
    await unit.start(); // it ends the broker the killed one left behind, and starts its own
    await text(page, '#link', /^Connected$/, 30_000);
    await text(page, '#phase', /^Ready$/);
  });

  // While the unit was away, Chromium itself logs each refused reconnection: expected, nothing else is.
  assert.deepEqual(page.problems.filter((p) => !/^WebSocket connection to .* net::ERR_CONNECTION_(REFUSED|RESET)$/.test(p)),
    [], 'no console errors, no CSP refusals, no request beyond the unit');
  assert.doesNotMatch(unit.output, /GET |config\.json|mqtt\.min/, 'the server logs no requests');
});

test('beyond loopback the broker asks for the password: the page asks once and keeps it on the phone', async (t) => {
  const config = await configure({ requirePassword: true });
  const unit = new Unit(config);
  t.after(async () => { await unit.stop(); config.cleanup(); });
  const url = await unit.start();
  const page = await phone(browser);
  await page.goto(url);

  await visible(page, '#login');
  await screenshot(page, 'password-night');
  assert.deepEqual(await accessibility(page), []);
  await page.fill('#password', 'not-the-password');
  await page.click('#login-form button[type=submit]');
  await text(page, '#login-why', /^That password was not accepted\./);
  await visible(page, '#login');

  const password = unit.password();
  assert.ok(password && password.length >= 16, 'the unit generated its password');
  await page.fill('#password', password);
  await page.click('#login-form button[type=submit]');
  await text(page, '#link', /^Connected$/);
  await text(page, '#phase', /^Ready$/);
  assert.ok(!page.url().includes(password), 'never in a URL');

  await page.reload();
  await text(page, '#link', /^Connected$/);
  assert.equal(await page.locator('#login').isVisible(), false, 'remembered on this phone');
  await page.click('#relief');
  await text(page, '#remaining', /^Repeat · /);
  await text(page, '#phase', /^Running$/, 60_000);
  await page.click('#stop');
  await text(page, '#phase', /^Ready$/, 20_000).catch((e) => { throw new Error(e.message + '\n' + unit.output); });

  assert.ok(!unit.output.includes(password), 'the password is never in the unit\'s output');
  assert.deepEqual(page.problems.filter((p) => !/WebSocket|Not authorized|Bad username/i.test(p)), []);
});
