#!/usr/bin/env node
// The alert pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, which never downloads a browser). Two phases, run by alerts_browser_test.cpp
// around a rate update it stores:
//
//   node alerts.mjs manage <base-url> <username> <password> <ratio> <rate-date> <threshold>
//     logs in, creates an EUR/USD alert and sees its current ratio <ratio> of <rate-date> beside
//     it, sees a refused form's message, deletes the alert; then creates the EUR/USD alert
//     "crosses <threshold>" (repeating hourly) that the coming rate update will fire.
//   node alerts.mjs unsubscribe <base-url> <maildir> <email> <username> <password>
//     waits for the alert's mail in the SMTP sink's Maildir, takes the link of its
//     List-Unsubscribe header (checking List-Unsubscribe-Post), opens it without a session,
//     confirms with the page's button, and sees the alert paused on the alerts page.
//
// Exits 1 naming every check that failed (2 when it could not run). With
// ALERTS_SCREENSHOTS=<folder> it also saves a screenshot of each step.

import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [phase, base, ...rest] = process.argv.slice(2);
if (!['manage', 'unsubscribe'].includes(phase) || rest.length < 4) {
  console.error('usage: node alerts.mjs manage <base-url> <username> <password> <ratio> <rate-date> <threshold>');
  console.error('       node alerts.mjs unsubscribe <base-url> <maildir> <email> <username> <password>');
  process.exit(2);
}

const shots = process.env.ALERTS_SCREENSHOTS;
async function snap(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

async function submit(page, selector) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

async function logIn(page, username, password) {
  await page.goto(`${base}/login`);
  await page.fill('#login', username);
  await page.fill('#password', password);
  const res = await submit(page, '#login-form button[type=submit]');
  check(res.url().endsWith('/profile'), `logging in lands on /profile (${res.url()})`);
}

// The header block of a mail file, unfolded (RFC 5322 §2.2.3).
function headersOf(raw) {
  return raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
}

// The List-Unsubscribe URL and the List-Unsubscribe-Post value of the first alert mail to `to`.
async function waitForUnsubscribe(maildir, to, timeoutMs = 90000) {
  const dir = join(maildir, 'new');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const f of readdirSync(dir).sort()) {
      const head = headersOf(readFileSync(join(dir, f), 'utf8'));
      if (!head.toLowerCase().includes(to.toLowerCase())) continue;
      const link = head.match(/^List-Unsubscribe:\s*<([^>]+)>/im);
      if (!link) continue;
      const post = head.match(/^List-Unsubscribe-Post:\s*(.*)$/im);
      const subject = head.match(/^Subject:\s*(.*)$/im);
      return { url: link[1].replace(/\s+/g, ''), post: post ? post[1].trim() : '', subject: subject ? subject[1] : '' };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail with a List-Unsubscribe header to ${to} arrived in ${maildir} within ${timeoutMs} ms`);
}

async function createAlert(page, fields) {
  await page.goto(`${base}/alerts`);
  await page.selectOption('#base', fields.base);
  await page.selectOption('#quote', fields.quote);
  await page.selectOption('#condition', fields.condition || 'crosses');
  await page.fill('#threshold', fields.threshold);
  if (fields.mode) await page.selectOption('#mode', fields.mode);
  if (fields.cooldown) await page.selectOption('#cooldown', fields.cooldown);
  return submit(page, '#create-alert');
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--no-first-run'],
});

try {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) external.push(r.url());
  });

  if (phase === 'manage') {
    const [username, password, ratio, rateDate, threshold] = rest;
    await logIn(page, username, password);
    let res = await page.goto(`${base}/alerts`);
    check(res.status() === 200, `GET /alerts answers 200 (got ${res.status()})`);
    check(await page.locator('#no-alerts').isVisible(), 'a new user has no alerts yet');

    // Create one and see its current ratio beside it.
    res = await createAlert(page, { base: 'EUR', quote: 'USD', threshold: '1.085' });
    check(res.url().endsWith('/alerts?saved=created'), `creating redirects to the list (${res.url()})`);
    check((await page.locator('#notice').textContent()).includes('created'), 'the page says the alert is created');
    const row = page.locator('tr.alert-row[data-pair="EUR/USD"]');
    check((await row.count()) === 1, 'the list shows the EUR/USD alert');
    const shown = (await row.locator('.ratio').textContent()).trim();
    const date = (await row.locator('.rate-date').textContent()).trim();
    check(shown === ratio, `its current ratio is shown: ${shown} (expected ${ratio})`);
    check(date === rateDate, `with its rate date: ${date} (expected ${rateDate})`);
    check((await row.textContent()).includes('crosses 1.085'), 'with its condition');
    await snap(page, '1-created');

    // Its page.
    res = await Promise.all([page.waitForNavigation(), row.locator('a.pair').click()]).then((r) => r[0]);
    check(res.status() === 200, `the alert's page answers 200 (got ${res.status()})`);
    check((await page.locator('#ratio').textContent()).trim() === ratio, 'the alert page shows the ratio too');
    check(await page.locator('#no-history').isVisible(), 'it has not fired yet');
    await snap(page, '2-alert');

    // A refused form says why, beside the field.
    res = await createAlert(page, { base: 'GBP', quote: 'GBP', threshold: '0' });
    check(res.status() === 400, `the same currency twice and threshold 0 answer 400 (got ${res.status()})`);
    check((await page.locator('#quote-error').textContent()).includes('two different currencies'), 'the quote says why');
    check((await page.locator('#threshold-error').textContent()).includes('greater than 0'), 'the threshold says why');
    await snap(page, '3-refused');

    // Delete it.
    await page.goto(`${base}/alerts`);
    res = await submit(page, 'tr.alert-row[data-pair="EUR/USD"] button.delete');
    check(res.url().endsWith('/alerts?saved=deleted'), `deleting redirects to the list (${res.url()})`);
    check((await page.locator('tr.alert-row').count()) === 0, 'the alert is gone');
    await snap(page, '4-deleted');

    // The alert that the coming rate update fires: a repeating one, still active after its mail.
    res = await createAlert(page, { base: 'EUR', quote: 'USD', threshold, mode: 'repeat', cooldown: '3600' });
    check(res.url().endsWith('/alerts?saved=created'), `the second alert is created (crosses ${threshold})`);
    check((await page.locator('tr.alert-row').textContent()).includes('repeats, at most every 1 hour'), 'it repeats hourly');
  } else {
    const [maildir, email, username, password] = rest;
    const mail = await waitForUnsubscribe(maildir, email);
    console.log(`the alert mail: ${mail.subject}`);
    check(mail.url.startsWith(`${base}/alerts/unsubscribe?t=`), `the mail's List-Unsubscribe links here (${mail.url.slice(0, base.length + 25)}…)`);
    check(mail.post === 'List-Unsubscribe=One-Click', `List-Unsubscribe-Post: ${mail.post}`);

    // No session: the link asks first and changes nothing until the button.
    let res = await page.goto(mail.url);
    check(res.status() === 200, `the link answers 200 (got ${res.status()})`);
    check(await page.locator('#unsubscribe-form').isVisible(), 'the link shows a confirmation button');
    await snap(page, '5-confirm');
    res = await submit(page, '#unsubscribe');
    check(res.status() === 200, `unsubscribing answers 200 (got ${res.status()})`);
    const said = await page.locator('#unsubscribed').textContent();
    check(said.includes('Unsubscribed: the alert is paused'), `the page says the alert is paused (${said})`);
    await snap(page, '6-unsubscribed');

    // A changed link is refused.
    res = await page.goto(mail.url.slice(0, -2) + (mail.url.endsWith('AA') ? 'BB' : 'AA'));
    check(res.status() === 400, `a tampered link answers 400 (got ${res.status()})`);

    await logIn(page, username, password);
    await page.goto(`${base}/alerts`);
    const row = page.locator('tr.alert-row[data-pair="EUR/USD"]');
    check((await row.count()) === 1, 'the alert is still listed');
    check((await row.locator('.status').textContent()).trim() === 'paused', 'and it is paused');
    check((await row.locator('.last-fired').textContent()).trim() !== 'never', 'it shows when it fired');
    await snap(page, '7-paused');
  }
  check(external.length === 0, `no request leaves the site (${external.join(', ')})`);
} catch (e) {
  failures.push(`the pages could not be driven: ${e.message}`);
  console.error(e);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.error(`alerts ${phase}: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log(`alerts ${phase}: all checks passed`);
