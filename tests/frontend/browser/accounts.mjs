#!/usr/bin/env node
// The account pages in a real headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core, which never downloads a browser):
//
//   node accounts.mjs <base-url> <maildir> <username> <email> <password> <picture.png> <other-user>
//
// Registers <username> in the browser, reads the verification mail from the SMTP sink's Maildir,
// follows the link, logs in, uploads <picture.png>, changes the default currency and logs out; and
// the refusals: unverified login, reused link, wrong password, a POST without the CSRF token (403),
// <other-user>'s data not reachable, throttled login (429 + Retry-After). Exits 1 naming every
// check that failed (2 when it could not run). With ACCOUNTS_SCREENSHOTS=<folder> it also saves a
// screenshot of each step.

import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, maildir, username, email, password, picture, other] = process.argv.slice(2);
if (!other) {
  console.error('usage: node accounts.mjs <base-url> <maildir> <username> <email> <password> <picture.png> <other-user>');
  process.exit(2);
}

const shots = process.env.ACCOUNTS_SCREENSHOTS;
async function snap(page, name) {
  if (shots) await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

// Quoted-printable → text (soft line breaks dropped, =XX decoded as UTF-8 bytes).
function decodeQp(text) {
  const bytes = [];
  const src = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(src.slice(i + 1, i + 3))) {
      bytes.push(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(src[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

// The verification links in the mails to `to` (oldest mail first).
function verifyLinks(to) {
  const dir = join(maildir, 'new');
  const links = [];
  const files = readdirSync(dir)
    .map((f) => join(dir, f))
    .sort();
  for (const f of files) {
    const raw = readFileSync(f, 'utf8');
    const head = raw.split(/\r?\n\r?\n/)[0];
    if (!head.toLowerCase().includes(to.toLowerCase())) continue;
    const m = decodeQp(raw).match(/https?:\/\/[^\s"'<>]+\/verify\?token=[A-Za-z0-9_-]{43}/);
    if (m) links.push(m[0]);
  }
  return links;
}

async function waitForLink(to, timeoutMs = 30000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const links = verifyLinks(to);
    if (links.length > 0) return links[0];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no verification mail to ${to} arrived in ${maildir} within ${timeoutMs} ms`);
}

async function submit(page, formSelector) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.click(`${formSelector} button[type=submit]`),
  ]);
  return response;
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
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a phone
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  const external = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) external.push(r.url());
  });

  // Register.
  let res = await page.goto(`${base}/register`);
  check(res.status() === 200, `GET /register answers 200 (got ${res.status()})`);
  const nav = await page.locator('#nav').textContent();
  for (const entry of ['Home', 'Rates', 'Alerts', 'Wallet', 'Orders', 'Log in', 'Register']) {
    check(nav.includes(entry), `the navigation has "${entry}"`);
  }
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('header.site')).display);
  check(styled === 'flex', `the stylesheet applies (header display: ${styled})`);
  await page.fill('#username', username);
  await page.fill('#email', email);
  await page.fill('#password', password);
  res = await submit(page, '#register-form');
  check(res.status() === 200, `the registration answers 200 (got ${res.status()})`);
  check((await page.locator('h1').textContent()).includes('Check your email'), 'the page says "Check your email"');
  await snap(page, '1-registered');

  // Unverified login: says so and offers a resend.
  await page.goto(`${base}/login`);
  await page.fill('#login', username);
  await page.fill('#password', password);
  res = await submit(page, '#login-form');
  check(res.status() === 403, `an unverified login answers 403 (got ${res.status()})`);
  check(await page.locator('#unverified').isVisible(), 'the unverified notice is shown');
  check(await page.locator('#resend-button').isVisible(), 'a resend button is offered');
  await snap(page, '2-unverified');

  // The mailed link, once.
  const link = await waitForLink(email);
  check(link.startsWith(`${base}/verify?token=`), `the mail links to this site (${link.slice(0, base.length + 20)}…)`);
  res = await page.goto(link);
  check(res.status() === 200, `following the link answers 200 (got ${res.status()})`);
  check((await page.locator('h1').textContent()).includes('Email verified'), 'the page says "Email verified"');
  res = await page.goto(link);
  check(res.status() === 400, `the reused link answers 400 (got ${res.status()})`);
  check((await page.locator('#verify-result').textContent()).includes('already been used'), 'the reused link is refused');
  await snap(page, '3-verified');

  // Wrong password, then the right one.
  await page.goto(`${base}/login`);
  await page.fill('#login', username);
  await page.fill('#password', 'not the password at all');
  res = await submit(page, '#login-form');
  check(res.status() === 401, `a wrong password answers 401 (got ${res.status()})`);
  check(await page.locator('#form-error').isVisible(), 'the login page shows an error');
  await page.fill('#login', username);
  await page.fill('#password', password);
  await submit(page, '#login-form');
  check(page.url() === `${base}/profile`, `the login lands on /profile (${page.url()})`);
  check((await page.locator('#profile-username').textContent()) === username, 'the profile shows the username');
  const cookies = await context.cookies();
  const session = cookies.find((c) => c.name === 'cambio_session');
  check(session !== undefined, 'a session cookie is set');
  if (session) {
    check(session.httpOnly, 'the session cookie is HttpOnly');
    check(session.sameSite === 'Lax', `the session cookie is SameSite=Lax (${session.sameSite})`);
    check(session.value.length === 43, 'the session id is 43 characters');
  }
  check(!(await page.evaluate(() => document.cookie)).includes('cambio_session'), 'scripts cannot read the session cookie');
  await snap(page, '4-profile');

  // Picture.
  await page.setInputFiles('#picture-file', picture);
  await submit(page, '#picture-form');
  check(page.url().startsWith(`${base}/profile`), 'the upload returns to the profile');
  check((await page.locator('#notice').textContent()).includes('picture is saved'), 'the upload is confirmed');
  const avatar = await page.evaluate(async () => {
    const img = document.querySelector('#avatar');
    await img.decode();
    const r = await fetch(img.src);
    return { w: img.naturalWidth, h: img.naturalHeight, type: r.headers.get('content-type'), cache: r.headers.get('cache-control') };
  });
  check(avatar.w === 256 && avatar.h === 256, `the picture is 256×256 (${avatar.w}×${avatar.h})`);
  check(avatar.type === 'image/png', `the picture is a PNG (${avatar.type})`);
  check((avatar.cache || '').includes('private'), `the picture is private to the browser (${avatar.cache})`);
  await snap(page, '5-picture');

  // Default currency.
  await page.selectOption('#default-currency', 'JPY');
  await submit(page, '#currency-form');
  check((await page.locator('#notice').textContent()).includes('default currency is saved'), 'the currency change is confirmed');
  check((await page.locator('#default-currency').inputValue()) === 'JPY', 'the select now shows JPY');

  // A state-changing request without the CSRF token is refused, and changes nothing.
  const forged = await page.evaluate(async () => {
    const r = await fetch('/profile/currency', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'default_currency=GBP',
    });
    return r.status;
  });
  check(forged === 403, `a POST without the CSRF token answers 403 (got ${forged})`);
  await page.reload();
  check((await page.locator('#default-currency').inputValue()) === 'JPY', 'the forged POST changed nothing');

  // Another user's data is not reachable: ids and names in the URL are ignored.
  await page.goto(`${base}/profile?user_id=1&username=${other}`);
  check((await page.locator('#profile-username').textContent()) === username, 'the profile is always our own');
  check(!(await page.content()).includes(`${other}@`), "the other user's email is nowhere");
  const own = await page.evaluate(async (o) => {
    const a = await fetch('/profile/picture');
    const b = await fetch(`/profile/picture?user_id=1&username=${o}`);
    return [a.headers.get('etag'), b.headers.get('etag')];
  }, other);
  check(own[0] !== null && own[0] === own[1], 'the picture URL serves our own picture whatever it asks');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `the profile fits a phone's width (scrollWidth ${width})`);

  // Log out: the session ends.
  await Promise.all([page.waitForNavigation(), page.click('#logout')]);
  check(page.url() === `${base}/logout`, `logging out lands on /logout (${page.url()})`);
  check(await page.locator('#logged-out').isVisible(), 'the page says we are logged out');
  await page.goto(`${base}/profile`);
  check(page.url() === `${base}/login`, `after logout /profile sends to /login (${page.url()})`);
  await snap(page, '6-logged-out');

  // Throttled login: wrong passwords until the site says to wait.
  let throttled = null;
  for (let i = 0; i < 6 && !throttled; i++) {
    await page.goto(`${base}/login`);
    await page.fill('#login', username);
    await page.fill('#password', `wrong guess ${i}`);
    res = await submit(page, '#login-form');
    if (res.status() === 429) throttled = res;
    else check(res.status() === 401, `wrong guess ${i} answers 401 (got ${res.status()})`);
  }
  check(throttled !== null, 'repeated wrong passwords end in 429');
  if (throttled) {
    const retry = Number(throttled.headers()['retry-after']);
    check(retry > 0, `the 429 says Retry-After (${retry})`);
    check((await page.locator('#form-error').textContent()).includes('Please wait'), 'the page says to wait');
  }
  await snap(page, '7-throttled');

  check(external.length === 0, `no request leaves the site (${external.join(', ')})`);
} catch (e) {
  failures.push(`the pages could not be driven: ${e.message}`);
  console.error(e);
} finally {
  await browser.close();
}

if (failures.length > 0) {
  console.error(`accounts: ${failures.length} check(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('accounts: all checks passed');
