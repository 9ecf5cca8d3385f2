// message_check.test.mjs - the message check page (R-CASE-2) in a real
// browser with axe-core: a communication officer finds it in the menu,
// pastes a draft, sees the category and the words found, then a clean
// draft and the reminder that the check does not replace judgement.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, tempDir, ROOT, DEMO_PASSWORD } from '../lib/server.mjs';

const OUT = join(ROOT, 'tests', 'browser', 'out');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

let srv;
let browser;
let profile;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  srv = await startServer();
  profile = tempDir('mamori-chromium-');
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true, bypassCSP: true, locale: 'ja-JP',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
after(async () => {
  if (browser) await browser.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
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

test('R-CASE-2: the officer checks a draft on /cases/check', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // the browser's own /favicon.ico 404 is a failed load, not an error
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== '/favicon.ico') errors.push(`HTTP ${r.status()} for ${path}`);
  });
  await page.goto(srv.url + '/login');
  await page.fill('input[name="login"]', 'kita-comm');
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(srv.url + '/'), page.press('input[name="password"]', 'Enter')]);
  await Promise.all([page.waitForURL(srv.url + '/cases/check'),
    page.locator('nav a[href="/cases/check"]').click()]);
  assert.match(await page.textContent('h1'), /送信前の文面チェック/);
  await checkA11y(page, 'check form');

  await page.fill('textarea[name="text"]', '今度 ﾊﾟﾊﾟ活 しない？');
  await Promise.all([page.waitForLoadState(), page.locator('form[action="/cases/check"] button[type="submit"], form[action="/cases/check"] input[type="submit"]').first().click()]);
  await page.waitForSelector('#check-result');
  const flagged = await page.textContent('main');
  assert.match(flagged, /注意が必要な語が見つかりました/);
  assert.match(flagged, /「パパ活」/);
  // the draft stays in the box to be corrected
  assert.equal(await page.inputValue('textarea[name="text"]'), '今度 ﾊﾟﾊﾟ活 しない？');
  await page.screenshot({ path: join(OUT, 'message-check-flagged.png'), fullPage: true });
  await checkA11y(page, 'check flagged');

  await page.fill('textarea[name="text"]', '今どこにいますか');
  await Promise.all([page.waitForLoadState(), page.locator('form[action="/cases/check"] button[type="submit"], form[action="/cases/check"] input[type="submit"]').first().click()]);
  await page.waitForSelector('#check-result');
  const clean = await page.textContent('main');
  assert.match(clean, /登録された語は見つかりませんでした/);
  await checkA11y(page, 'check clean');
  assert.deepEqual(errors, []);
  await page.close();
});
