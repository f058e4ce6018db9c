// Screenshot a page in Debian's Chromium: node scripts/screenshot.mjs URL out.png [selector-to-wait-for] [width] [height]
import { chromium } from 'playwright-core';

const [url, out, waitFor, w = '1200', h = '800'] = process.argv.slice(2);
if (!url || !out) {
  console.error('usage: node scripts/screenshot.mjs URL out.png [selector] [width] [height]');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: Number(w), height: Number(h) } });
page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
page.on('pageerror', (e) => console.error('pageerror:', e.message));
await page.goto(url);
if (waitFor) await page.waitForSelector(waitFor, { timeout: 60_000 });
else await page.waitForTimeout(5000);
await page.screenshot({ path: out, fullPage: true });
await browser.close();
