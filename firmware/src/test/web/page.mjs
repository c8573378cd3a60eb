// Browser helpers: Debian's Chromium through playwright-core (no browser is ever downloaded).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { chromiumPath, repo } from './unit.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
export const shots = path.join(repo, 'firmware/target/web-screenshots');

/**
 * Chromium runs niced: on a unit the phone is another device, but here the browser's renderers share
 * two cores with the unit's control loop, and starting them could starve it (the loop trips
 * "a control tick came late", as it should on a unit that cannot keep time).
 */
export function launch() {
  const wrapper = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quietlegs-chromium-')), 'chromium');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec nice -n 10 ${chromiumPath} "$@"\n`, { mode: 0o755 });
  return chromium.launch({ executablePath: wrapper, args: ['--no-sandbox', '--disable-gpu'] });
}

/** A phone-sized page that records every console error and CSP refusal. */
export async function phone(browser, scale = 2) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: scale,
    isMobile: true, hasTouch: true });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(m.text()); });
  page.on('pageerror', (e) => page.problems.push(String(e)));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.hostname !== '127.0.0.1') page.problems.push('left the unit: ' + r.url());
  });
  return page;
}

/** Waits until the element's text matches. */
export async function text(page, selector, pattern, timeout = 15_000) {
  try {
    await page.waitForFunction(([s, p]) => {
      const e = document.querySelector(s);
      return e && new RegExp(p).test(e.textContent);
    }, [selector, pattern.source], { timeout });
  } catch (e) {
    throw new Error(`${selector} never matched ${pattern} in ${timeout} ms: it says "${await page.textContent(selector)}"`
      + ` (phase "${await page.textContent('#phase')}", link "${await page.textContent('#link')}",`
      + ` message "${await page.textContent('#message')}")`);
  }
  return page.textContent(selector);
}

export async function visible(page, selector, timeout = 15_000) {
  await page.locator(selector).waitFor({ state: 'visible', timeout });
}

export async function hidden(page, selector, timeout = 15_000) {
  await page.locator(selector).waitFor({ state: 'hidden', timeout });
}

/** axe-core's serious and critical violations on the page as it is (injected over CDP, so the CSP stays strict). */
export async function accessibility(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name, { fullPage = false } = {}) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, name + '.png'), fullPage });
}

export async function setTheme(page, theme) {
  const day = await page.evaluate(() => document.documentElement.classList.contains('day'));
  if ((theme === 'day') !== day) await page.click('#theme');
}
