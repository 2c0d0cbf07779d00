#!/usr/bin/env node
// The rates page in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core,
// which never downloads a browser):
//
//   node rates_page.mjs http://127.0.0.1:8080
//
// Opens /rates; checks the table has rows, the offline banner shows, the chart is an SVG polyline;
// switches the base with the select and submits; changes the chart's pair and period; submits the
// conversion form and reads the result; checks the page fits a phone's width. Exits 1 naming every
// check that failed (2 when it could not run at all). With RATES_PAGE_SCREENSHOTS=<folder> it also
// saves a full-page screenshot of each step there (to look at the page by eye).

import { chromium } from 'playwright-core';

const base = process.argv[2];
if (!base) {
  console.error('usage: node rates_page.mjs <base-url>');
  process.exit(2);
}

const shots = process.env.RATES_PAGE_SCREENSHOTS;
async function snap(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});

try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });  // a phone
  page.setDefaultTimeout(15000);
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) external.push(r.url());
  });

  // The page as it comes.
  const response = await page.goto(`${base}/rates`);
  check(response.status() === 200, `GET /rates answers 200 (got ${response.status()})`);
  const rows = await page.locator('#rates tbody tr').count();
  check(rows > 10, `the rates table has rows (${rows})`);
  const banner = page.locator('#offline-banner');
  check(await banner.isVisible(), 'the offline banner is visible');
  check((await banner.textContent()).includes('Offline data:'), 'the banner says "Offline data:"');
  const date = await page.locator('#rate-date').textContent();
  check(/^\d{4}-\d{2}-\d{2}$/.test(date), `the rate date is shown (${date})`);
  const points = await page.locator('#chart svg polyline').getAttribute('points');
  check(points !== null && points.trim().split(/\s+/).length >= 2,
        `the chart is a polyline of several points (${points ? points.trim().split(/\s+/).length : 0})`);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `the page fits a phone's width (scrollWidth ${width})`);
  await snap(page, '1-rates');

  // Another base, through the select.
  await page.selectOption('#base', 'USD');
  await Promise.all([page.waitForURL(/[?&]base=USD/), page.click('#base-form button[type=submit]')]);
  check((await page.locator('#base').inputValue()) === 'USD', 'the base select now shows USD');
  check((await page.locator('#latest h2').textContent()).includes('1 USD'),
        'the table is against USD');
  const eurRow = page.locator('#rates tbody tr', { has: page.locator('abbr', { hasText: /^EUR$/ }) });
  check((await eurRow.count()) === 1, 'the USD table has a EUR row');
  check(await page.locator('#offline-banner').isVisible(), 'the offline banner is still there');
  await snap(page, '2-base-usd');

  // Another chart: a pair against USD over 7 days.
  await page.selectOption('#chart', 'USD-GBP');
  await page.selectOption('#days', '7');
  await Promise.all([page.waitForURL(/chart=USD-GBP/), page.click('#chart-form button[type=submit]')]);
  check((await page.locator('#history h2').textContent()).includes('last 7 days'),
        'the chart is of the last 7 days');
  check((await page.locator('#chart svg polyline').count()) === 1, 'the new chart has a polyline');
  check((await page.locator('#base').inputValue()) === 'USD', 'the base is kept');

  // The converter.
  await page.fill('#amount', '250');
  await page.selectOption('#from', 'EUR');
  await page.selectOption('#to', 'JPY');
  await Promise.all([page.waitForURL(/amount=250/), page.click('#convert-form button[type=submit]')]);
  const result = (await page.locator('#conversion-result').textContent()).trim();
  const match = /^250\.00 EUR = (\d+) JPY$/.exec(result);
  check(match !== null, `the conversion result reads "250.00 EUR = <n> JPY" (got "${result}")`);
  if (match) {
    // EUR → JPY at an ECB rate: 250 × (about 100 to 250).
    const yen = Number(match[1]);
    check(yen > 25000 && yen < 62500, `the result is plausible (${yen})`);
  }
  check((await page.locator('#amount').inputValue()) === '250', 'the form keeps the amount');
  await snap(page, '3-converted');

  check(external.length === 0, `no request leaves the site (${external.join(', ')})`);
} catch (e) {
  failures.push(`the page could not be driven: ${e.message}`);
  console.error(e);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.error(`rates page: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('rates page: all checks passed');
