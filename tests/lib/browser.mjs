// browser.mjs - the harness the browser suites share: a demo server and a
// headless Debian chromium with a fresh profile, axe-core checks, page
// watching, logging in and submitting forms.  Each test file still writes
// its own steps and assertions.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, tempDir, ROOT, DEMO_PASSWORD } from './server.mjs';

export const OUT = join(ROOT, 'tests', 'browser', 'out');
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/*
 * How chromium starts: Debian's binary, headless; the background-network
 * flags keep it off this closed network.
 */
export const CHROMIUM = {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

/*
 * A demo server (startServer's serverOpts) and a persistent chromium
 * context on a fresh user-data-dir.  fieldKey: true gives the server a
 * configuration of its own with a field key (MFA, photos) in a temporary
 * directory that closeHarness removes.
 * bypassCSP only so that axe-core can be injected.
 */
export async function openHarness({ fieldKey = false, ...serverOpts } = {}) {
  mkdirSync(OUT, { recursive: true });
  let dir;
  if (fieldKey) {
    dir = tempDir('mamori-browser-');
    serverOpts.config = join(dir, 'mamori.ini');
    writeFileSync(serverOpts.config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  }
  const srv = await startServer(serverOpts);
  const profile = tempDir('mamori-chromium-');
  const browser = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM, bypassCSP: true, locale: 'ja-JP',
  });
  return { srv, browser, profile, dir };
}

export async function closeHarness({ srv, browser, profile, dir }) {
  if (browser) await browser.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  if (srv) await srv.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/*
 * A test file's harness: opened before its tests and closed after them
 * (node:test hooks; opts as openHarness's), then ready(h) if given: a
 * file's own before() hook may run at the same time as this one, so what
 * needs the server goes there.  The object returned gets srv and browser
 * once open, and carries look and logInAs bound to the file's screenshot
 * prefix and to itself.
 */
export function useHarness(prefix, opts = {}, ready = null) {
  const h = {
    look: (page, name) => look(page, prefix, name),
    logInAs: (page, who, landing) => logInAs(h, page, who, landing),
  };
  before(async () => {
    Object.assign(h, await openHarness(opts));
    if (ready) await ready(h);
  });
  after(async () => closeHarness(h));
  return h;
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

/* A full-page screenshot OUT/<name>.png. */
export async function shot(page, name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

/* Japanese page, a screenshot OUT/<prefix>-<name>.png, and axe. */
export async function look(page, prefix, name) {
  assert.equal(await page.getAttribute('html', 'lang'), 'ja', name);
  await shot(page, `${prefix}-${name}`);
  await checkA11y(page, name);
}

/*
 * Page errors, console errors and error answers, except those expected
 * (a Set of statuses); with origin (the server's URL), also every request
 * to another host.  Failed loads are judged by their response (console
 * messages of failed loads carry no URL); the browser asks for
 * /favicon.ico on its own.
 */
export function watch(page, expected, origin) {
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
  if (origin) {
    page.on('request', (r) => {
      if (!r.url().startsWith(origin)) problems.push(`request to another host: ${r.url()}`);
    });
  }
  return problems;
}

/*
 * Logs in through the login form as who (demo password), from no session
 * (browser: the context whose cookies go), and waits for the landing path
 * (the home page; /login/mfa where a second factor is due).
 */
export async function logInAs({ srv, browser }, page, who, landing = '/') {
  await browser.clearCookies();
  await page.goto(srv.url + '/login');
  await page.fill('input[name="login"]', who);
  await page.fill('input[name="password"]', DEMO_PASSWORD);
  await Promise.all([page.waitForURL(srv.url + landing),
    page.press('input[name="password"]', 'Enter')]);
}

/* Logs out with the menu's logout button and waits for the login page. */
export async function logOut(page) {
  await Promise.all([page.waitForURL(/\/login$/),
    page.locator('form[action="/logout"] button, form[action="/logout"] input[type="submit"]').first().click()]);
}

/* Clicks the submit button labelled label inside main; the answer. */
export async function submit(page, label) {
  const [res] = await Promise.all([
    page.waitForNavigation(),
    page.locator('main button[type="submit"]', { hasText: label }).first().click(),
  ]);
  return res;
}
