// browser.mjs - the harness the browser suites share: a demo server and a
// headless Debian chromium with a fresh profile, axe-core checks, page
// watching, logging in and submitting forms.  Each test file still writes
// its own steps and assertions.
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, tempDir, ROOT, DEMO_PASSWORD } from './server.mjs';

export const OUT = join(ROOT, 'tests', 'browser', 'out');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/*
 * A demo server (startServer's serverOpts) and a persistent chromium
 * context on a fresh user-data-dir.
 * bypassCSP only so that axe-core can be injected; the background-network
 * flags keep chromium off this closed network.
 */
export async function openHarness(serverOpts = {}) {
  mkdirSync(OUT, { recursive: true });
  const srv = await startServer(serverOpts);
  const profile = tempDir('mamori-chromium-');
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    bypassCSP: true,
    locale: 'ja-JP',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return { srv, browser, profile };
}

export async function closeHarness({ srv, browser, profile }) {
  if (browser) await browser.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (srv) await srv.stop();
}

/* axe-core on the page now shown: no serious or critical violation. */
export async function checkA11y(page, name) {
  await page.evaluate(AXE);
  const result = await page.evaluate(() => globalThis.axe.run(document,
    { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => ['serious', 'critical'].includes(v.impact));
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`),
    [], `${name}: accessibility`);
}

/* Japanese page, a screenshot OUT/<prefix>-<name>.png, and axe. */
export async function look(page, prefix, name) {
  assert.equal(await page.getAttribute('html', 'lang'), 'ja', name);
  await page.screenshot({ path: join(OUT, `${prefix}-${name}.png`), fullPage: true });
  await checkA11y(page, name);
}

/* Page errors, console errors and error answers, except those expected. */
export function watch(page, expected) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) {
      problems.push(`console: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== '/favicon.ico' && !expected.has(r.status())) {
      problems.push(`HTTP ${r.status()} for ${path}`);
    }
  });
  return problems;
}

/* Logs in through the login form as who (demo password), from no session. */
export async function logInAs({ srv, browser }, page, who) {
  await browser.clearCookies();
  await page.goto(srv.url + '/login');
  await page.fill('input[name="login"]', who);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(srv.url + '/'), page.press('input[name="password"]', 'Enter')]);
}

/* Clicks the submit button labelled label inside main; the answer. */
export async function submit(page, label) {
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.locator('main button[type="submit"]', { hasText: label }).first().click(),
  ]);
  return res;
}
