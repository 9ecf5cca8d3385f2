// mfa.test.mjs - the second factor's screens in a real browser (issue 13):
// enrolment with the QR code drawn by Mamori (an image of our own server,
// no script), the recovery codes page, and the code after the password;
// axe-core on each page.  A server of its own, with a field key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, tempDir, ROOT, DEMO_PASSWORD } from '../lib/server.mjs';
import { codeAt, nowStep } from '../lib/totp.mjs';

const OUT = join(ROOT, 'tests', 'browser', 'out');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let srv;
let browser;
let profile;
let dir;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  dir = tempDir('mamori-mfa-browser-');
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  profile = tempDir('mamori-chromium-');
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    bypassCSP: true,
    locale: 'ja-JP',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  if (browser) await browser.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (dir) rmSync(dir, { recursive: true, force: true });
  await srv.stop();
});

async function checkA11y(page, name) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document,
    { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`),
    [], `${name}: accessibility`);
}

function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== '/favicon.ico') problems.push(`HTTP ${r.status()} for ${path}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(srv.url)) problems.push(`request to another host: ${r.url()}`);
  });
  return problems;
}


async function password(page, who) {
  await page.goto(srv.url + '/login');
  await page.fill('input[name="login"]', who);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForLoadState(), page.press('input[name="password"]', 'Enter')]);
}

test('enrolment, recovery codes and the code after the password render and pass axe', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await password(page, 'kita-manager');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.goto(srv.url + '/mfa');
  await checkA11y(page, 'mfa-start');
  await Promise.all([page.waitForURL(srv.url + '/mfa'),
    page.locator('main form button[type="submit"]').click()]);
  const img = page.locator('img.qr');
  await img.waitFor();
  assert.ok(await img.evaluate((e) => e.complete && e.naturalWidth > 100), 'the QR image is drawn');
  await page.screenshot({ path: join(OUT, 'mfa-enrol.png'), fullPage: true });
  await checkA11y(page, 'mfa-enrol');
  const secret = (await page.locator('dd').first().textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.fill('input[name="code"]', codeAt(secret, nowStep() - 1));
  await Promise.all([page.waitForLoadState(), page.press('input[name="code"]', 'Enter')]);
  assert.equal(await page.locator('ol.recovery-codes li').count(), 10);
  await checkA11y(page, 'mfa-recovery-codes');
  await Promise.all([page.waitForURL(/\/login$/),
    page.locator('form[action="/logout"] button').first().click()]);

  await password(page, 'kita-manager');
  assert.equal(new URL(page.url()).pathname, '/login/mfa');
  await checkA11y(page, 'mfa-login');
  await page.fill('input[name="code"]', codeAt(secret, nowStep()));
  await Promise.all([page.waitForURL(srv.url + '/'), page.press('input[name="code"]', 'Enter')]);
  assert.deepEqual(problems, []);
  await page.close();
});
