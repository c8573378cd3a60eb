// Figures for the phone's own remote, in Debian's Chromium against a real unit on loopback:
// what the phone downloads, how soon it shows live state, and a tap to the unit's answer.
import { configure, Unit, sleep } from './unit.mjs';
import { launch, phone, text } from './page.mjs';

const LOADS = Number(process.env.LOADS ?? 20);
const TAPS = Number(process.env.TAPS ?? 200);

const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil(p / 100 * s.length) - 1)]; };
const ms = (x) => x.toFixed(1) + ' ms';

const config = await configure();
const unit = new Unit(config);
const browser = await launch();
try {
  const url = await unit.start();
  await sleep(1000);

  // 1. Everything the phone downloads: the page's files as sent (gzip), headers included, plus
  //    the manifest and icons a phone fetches when it is added to the home screen.
  {
    const page = await phone(browser, 1);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const sizes = new Map();
    const urls = new Map();
    cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
    cdp.on('Network.loadingFinished', (e) => sizes.set(urls.get(e.requestId), e.encodedDataLength));
    await page.goto(url);
    await text(page, '#link', /^Connected$/);
    await page.evaluate(async () => {
      for (const f of ['/manifest.webmanifest', '/icon.svg', '/icon-192.png', '/icon-512.png']) await (await fetch(f)).arrayBuffer();
    });
    await sleep(300);
    let total = 0;
    console.log('what the phone downloads (bytes on the wire, gzip where it helps, headers included):');
    for (const [u, n] of sizes) {
      if (!u || !u.startsWith('http')) continue;
      total += n;
      console.log('  ' + new URL(u).pathname.padEnd(24) + String(n).padStart(8));
    }
    console.log('  ' + 'total'.padEnd(24) + String(total).padStart(8) + `  (${(total / 1024).toFixed(1)} KiB; goal under 150 KB)`);
    await page.context().close();
  }

  // 2. Opening the page to showing live state (a fresh browser profile each time: nothing cached).
  {
    const times = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await phone(browser, 1);
      await page.goto(url);
      await page.waitForFunction(() => performance.getEntriesByName('live').length > 0, null, { timeout: 15_000 });
      times.push(await page.evaluate(() => performance.getEntriesByName('live')[0].startTime));
      await page.context().close();
    }
    console.log(`open to live state, ${LOADS} cold loads: p50 ${ms(pct(times, 50))}, max ${ms(Math.max(...times))}`);
  }

  // 3. A tap on vibration + or - to the unit's "ok": the loop answers in the tick in which it sets
  //    the motor's duty, so this is tap -> duty plus the answer's way back (an upper bound).
  {
    const page = await phone(browser, 1);
    await page.goto(url);
    await text(page, '#link', /^Connected$/);
    await page.click('#programs button[data-program="vibration"]');
    await text(page, '#phase', /^Running$/, 60_000).catch((e) => { throw new Error(e.message + '\n' + unit.output); });
    const lat = [];
    for (let i = 0; i < TAPS; i++) {
      const before = await page.evaluate(() => performance.getEntriesByName('answer:vibration').length);
      await page.click(i % 2 ? '#vib-up' : '#vib-down');
      await page.waitForFunction((n) => performance.getEntriesByName('answer:vibration').length > n, before,
        { timeout: 5000, polling: 'raf' });
      lat.push(await page.evaluate(() => {
        const tap = performance.getEntriesByName('tap:vibration').at(-1);
        const answer = performance.getEntriesByName('answer:vibration').at(-1);
        return answer.startTime - tap.startTime;
      }));
      await sleep(Math.random() * 20); // not in step with the loop's ticks
    }
    const s = await unit.state();
    console.log(`tap to the unit's answer (vibration, ${TAPS} taps, loop 100 Hz = 10 ms a tick; goal p99 <= 60 ms):`
      + ` p50 ${ms(pct(lat, 50))}, p99 ${ms(pct(lat, 99))}, max ${ms(Math.max(...lat))}; session still ${s.phase}`);
    await page.context().close();
  }
} finally {
  await browser.close();
  await unit.stop();
  config.cleanup();
}
