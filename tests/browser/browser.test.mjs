// browser.test.mjs - the web screens in a real browser (Debian's
// chromium through playwright-core), with axe-core on every page:
// no serious or critical accessibility violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import {
  useHarness, CHROMIUM, checkA11y, shot, watch as watchPage,
  logInAs as logInWith, logOut,
} from '../lib/browser.mjs';
import { login, unitsByCode } from '../lib/server.mjs';

let units;
const h = useHarness('browser', {}, async ({ srv }) => {
  units = await unitsByCode(srv, await login(srv, 'admin'));
});

/* Fails the test on any page error, console error (e.g. a CSP refusal),
 * error answer but the 403 tested on purpose, or request elsewhere. */
const watch = (page) => watchPage(page, new Set([403]), h.srv.url);
const logIn = (page, who) => logInWith(h, page, who);

test('the login page is Japanese and accessible', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page);
  await page.goto(h.srv.url + '/login');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.ok((await page.title()).length > 0);
  await shot(page, 'login');
  await checkA11y(page, 'login');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a wrong password shows a Japanese message and stays on the form', async () => {
  const page = await h.browser.newPage();
  await page.goto(h.srv.url + '/login');
  await page.fill('input[name="login"]', 'kita-manager');
  await page.fill('input[name="password"]', 'wrong');
  await page.press('input[name="password"]', 'Enter');
  await page.waitForLoadState();
  assert.ok(await page.locator('input[name="password"]').count() > 0);
  assert.match(await page.textContent('body'), /[\u3040-\u30ff\u4e00-\u9fff]/);
  await shot(page, 'login-failed');
  await checkA11y(page, 'login-failed');
  await page.close();
});

test('kita-manager: home shows the name and 運用管理者; MINAMI is 403; logout', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page);
  await logIn(page, 'kita-manager');
  const me = (await login(h.srv, 'kita-manager')).user;
  const body = await page.textContent('body');
  assert.ok(body.includes(me.name), `home shows ${me.name}`);
  assert.ok(body.includes('運用管理者'), 'home shows the role');
  await shot(page, 'home-kita-manager');
  await checkA11y(page, 'home');

  const own = await page.goto(`${h.srv.url}/units/${units.KITA.id}`);
  assert.equal(own.status(), 200);
  await checkA11y(page, 'unit KITA');

  const res = await page.goto(`${h.srv.url}/units/${units.MINAMI.id}`);
  assert.equal(res.status(), 403);
  const text = await page.textContent('body');
  assert.match(text, /[\u3040-\u30ff\u4e00-\u9fff]/, 'Japanese error page');
  assert.ok(!text.includes('熊本南警察署'));
  await shot(page, 'forbidden');
  await checkA11y(page, '403 page');

  await page.goto(h.srv.url + '/');
  await logOut(page);
  assert.ok(await page.locator('input[name="login"]').count() > 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('admin: /users, /users/new, /units, /units/new, /audit render and pass axe', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page);
  await logIn(page, 'admin');
  await checkA11y(page, 'home-admin');
  for (const [path, name] of [['/users', 'users'], ['/users/new', 'users-new'],
    ['/units', 'units'], ['/units/new', 'units-new'], ['/audit', 'audit'],
    ['/password', 'password'], ['/users/1/tokens', 'tokens']]) {
    const r = await page.goto(h.srv.url + path);
    assert.equal(r.status(), 200, path);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja', path);
    await shot(page, name);
    await checkA11y(page, path);
    if (path.endsWith('/new') || path === '/password') {
      assert.ok(await page.locator('form input[name="csrf"]').count() > 0, `${path} has csrf`);
      // Every visible input has a label (checked by axe too).
    }
  }
  const users = await page.goto(h.srv.url + '/users');
  assert.equal(users.status(), 200);
  assert.ok((await page.textContent('body')).includes('kita-manager') ||
    (await page.locator('a[href^="/users/"]').count()) > 3, 'users are listed');
  // R-ROLE-4, R-ROLE-5 (issue 8): an officer's page points to form 1 for
  // the officer role, and the role form offers no officer role
  await Promise.all([page.waitForNavigation(),
    page.locator('main a', { hasText: '山本 大輔' }).first().click()]);
  await checkA11y(page, 'user-officer');
  assert.ok((await page.textContent('main')).includes('指定簿（様式第1号）で管理'));
  assert.equal(await page.locator('option[value="operations_officer"]').count(), 0);
  assert.equal(await page.locator('option[value="communication_officer"]').count(), 0);
  await logOut(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('general manager: /disposal and /disposal/register render and pass axe (R-RET-2)', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page);
  await logIn(page, 'gm');
  for (const path of ['/disposal', '/disposal/register']) {
    const r = await page.goto(h.srv.url + path);
    assert.equal(r.status(), 200, path);
    assert.equal(await page.getAttribute('html', 'lang'), 'ja', path);
    await shot(page, path === '/disposal' ? 'disposal' : 'disposal-register');
    await checkA11y(page, path);
  }
  // the demo's old applications: due ones with checkboxes, one held
  await page.goto(h.srv.url + '/disposal');
  assert.ok(await page.locator('input[type="checkbox"][name="doc"]').count() >= 2);
  assert.ok((await page.textContent('main')).includes('捜査'));
  assert.ok(await page.locator('form input[name="csrf"]').count() > 0);
  await logOut(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('admin creates a unit through the form (no JavaScript needed)', async () => {
  const page = await h.browser.newPage();
  await logIn(page, 'admin');
  await page.goto(h.srv.url + '/units/new');
  await page.fill('input[name="code"]', 'WEBNEW');
  await page.fill('input[name="name"]', '水俣警察署');
  const kind = page.locator('[name="kind"]');
  if (await kind.count() > 0) {
    const tag = await kind.first().evaluate((e) => e.tagName);
    if (tag === 'SELECT') await kind.selectOption('station');
    else await page.check('input[name="kind"][value="station"]');
  }
  await Promise.all([page.waitForLoadState(),
    page.locator('main form button[type="submit"], main form input[type="submit"]').first().click()]);
  await page.goto(h.srv.url + '/units');
  assert.ok((await page.textContent('body')).includes('水俣警察署'));
  await shot(page, 'units-after-create');
  await page.close();
});

test('the pages work without JavaScript', async () => {
  const ctx = await chromium.launch(CHROMIUM);
  try {
    const c = await ctx.newContext({ javaScriptEnabled: false });
    const page = await c.newPage();
    await logInWith({ srv: h.srv, browser: c }, page, 'kita-manager');
    assert.ok((await page.textContent('body')).includes('運用管理者'));
    await logOut(page);
  } finally {
    await ctx.close();
  }
});

test('server exits cleanly on SIGTERM', async () => {
  await h.browser.close();
  h.browser = null;
  const r = await h.srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
