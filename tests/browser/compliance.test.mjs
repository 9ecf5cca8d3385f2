// compliance.test.mjs - the compliance screens in the browser: a
// screenshot exception from the general manager's application to the
// information-security manager's approval with scope and period (detail
// form 12, R-EXC-1..3), screenshots logged under it and moved to the
// investigation laptop (R-EXC-3), and a breach report walked from the
// assistant through the manager to the general manager and the head of
// the IT management division (R-CMP-1..6).  axe-core on every page (no
// serious or critical violations) and a screenshot of each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, watch, submit,
} from '../lib/browser.mjs';
import {
  login, as, webLogin, page as getPage, csrfField,
} from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';

const h = useHarness('compliance');
const { look, logInAs } = h;

const main = (page) => page.textContent('main');

/* Asia/Tokyo "YYYY-MM-DD" and "YYYY-MM-DDTHH:MM" of a moment. */
const tokyo = (ms) => new Date(ms + 9 * 3600e3).toISOString();
const day = (ms) => tokyo(ms).slice(0, 10);
const minute = (ms) => tokyo(ms).slice(0, 16);
const DAY = 86400e3;

/* A device lent to KITA and received, through the API. */
async function receivedLoan() {
  const s = {};
  for (const who of ['gm', 'kita-manager', 'kita-officer']) s[who] = as(h.srv, await login(h.srv, who));
  return loans.receivedLoan(s, { model: '証拠保全端末', prefix: 'SS' });
}

/*
 * Revokes every screenshot exception in force, such as the demo's, through
 * the API, so that none covers today.
 */
async function revokeScreenshotExceptions() {
  const ism = as(h.srv, await login(h.srv, 'infosec'));
  const l = await ism.get('/api/v1/exceptions?state=approved');
  assert.equal(l.status, 200, l.text);
  for (const e of l.json.exceptions.filter((x) => x.kind === 'screenshot')) {
    const r = await ism.post(`/api/v1/exceptions/${e.id}/revoke`,
      { version: e.version, reason: '試験のため失効' });
    assert.equal(r.status, 200, r.text);
  }
}

/* kita-comm fills the log form for loan, taken at the moment ms. */
async function logScreenshot(page, loan, ms, caseRef) {
  await page.goto(h.srv.url + '/screenshots/new');
  await page.selectOption('select[name="loan_id"]', String(loan.id));
  await page.fill('input[name="case_ref"]', caseRef);
  await page.fill('input[name="taken_at"]', minute(ms));
  await page.fill('[name="reason"]', '不適切な投稿の証拠保全');
  return submit(page, '記録する');
}

test('R-EXC-1..3: a screenshot exception applied for, approved, used and the shots moved', async () => {
  const loan = await receivedLoan();
  await revokeScreenshotExceptions();
  const page = await h.browser.newPage();
  const problems = watch(page, new Set([422]));

  // Without an approved exception the log is refused with the rule (R-EXC-3).
  await logInAs(page, 'kita-comm');
  assert.ok(await page.locator('nav a[href="/screenshots"]').count() > 0, 'nav: スクリーンショット');
  await page.goto(h.srv.url + '/screenshots/new');
  assert.ok((await main(page)).includes('本日有効なスクリーンショットの例外措置はありません'));
  await look(page, 'screenshot-new-none');
  const refused = await logScreenshot(page, loan, Date.now() - 3600e3, '北署R7-少年-001');
  assert.equal(refused.status(), 422);
  assert.ok((await main(page)).includes('有効なスクリーンショットの例外措置がありません'));
  assert.equal(await page.inputValue('input[name="case_ref"]'), '北署R7-少年-001', 'input kept');
  await look(page, 'screenshot-refused');

  // 1. The general manager applies (detail form 12).
  await logInAs(page, 'gm');
  assert.ok(await page.locator('nav a[href="/exceptions"]').count() > 0, 'nav: 例外申請');
  await page.goto(h.srv.url + '/exceptions');
  await look(page, 'exceptions-empty');
  await Promise.all([page.waitForNavigation(), page.click('main a:has-text("例外措置を申請する")')]);
  await look(page, 'exception-new');
  assert.equal((await submit(page, '情報セキュリティ管理者へ申請する')).status(), 422);
  assert.ok(await page.locator('.field-error').count() >= 3, 'kind, scope and reason are required');
  await look(page, 'exception-new-invalid');
  await page.selectOption('select[name="kind"]', 'screenshot');
  await page.fill('[name="scope"]', '熊本北警察署のサイバーパトロール端末');
  await page.fill('[name="purpose"]', '不適切な投稿を証拠として保全するため');
  await submit(page, '情報セキュリティ管理者へ申請する');
  assert.match(page.url(), /\/exceptions\/\d+$/);
  const exceptionPath = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('申請中'));
  assert.equal(await page.locator('main button', { hasText: '承認する' }).count(), 0, 'the GM does not decide');
  assert.equal(await page.locator('main button', { hasText: '申請を取り下げる' }).count(), 1);
  await look(page, 'exception-applied');

  // 2. The information-security manager finds it at home and approves it
  //    with the scope and period; the period is checked first.
  await logInAs(page, 'infosec');
  assert.ok(await page.locator(`main a[href="${exceptionPath}"]`).count() > 0, 'home lists it');
  await look(page, 'home-infosec');
  await page.goto(h.srv.url + exceptionPath);
  assert.equal(await page.locator('main button', { hasText: '申請を取り下げる' }).count(), 0);
  await look(page, 'exception-decide');
  await page.fill('[name="scope"]', '熊本北警察署の貸出端末に限る');
  await page.fill('input[name="valid_from"]', day(Date.now() + 5 * DAY));
  await page.fill('input[name="valid_until"]', day(Date.now()));
  assert.equal((await submit(page, '承認する')).status(), 422);
  assert.ok((await main(page)).includes('終了日は開始日以後'));
  await look(page, 'exception-decide-invalid');
  await page.fill('input[name="valid_from"]', day(Date.now() - 20 * DAY));
  await page.fill('input[name="valid_until"]', day(Date.now() + 30 * DAY));
  await submit(page, '承認する');
  const approved = await main(page);
  assert.ok(approved.includes('本日は適用期間内'), 'approved and in force');
  assert.ok(approved.includes('熊本北警察署の貸出端末に限る'), 'the approved scope is recorded');
  assert.ok(/令和\d+年\d+月\d+日 から 令和\d+年\d+月\d+日 まで/.test(approved), '和暦 period');
  assert.equal(await page.locator('main button', { hasText: '承認を取り消す' }).count(), 1);
  await look(page, 'exception-approved');
  await page.goto(h.srv.url + '/exceptions');
  assert.ok((await main(page)).includes('適用中'));
  await look(page, 'exceptions');

  // 3. The communication officer logs one now and one taken 10 days ago.
  await logInAs(page, 'kita-comm');
  await page.goto(h.srv.url + '/screenshots/new');
  assert.ok((await main(page)).includes('適用期間内です'));
  await look(page, 'screenshot-new');
  await logScreenshot(page, loan, Date.now() - 3600e3, '北署R7-少年-001');
  assert.match(page.url(), /\/screenshots\/\d+$/);
  const shotPath = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('端末内保存中'));
  assert.equal(await page.locator(`main a[href="${exceptionPath}"]`).count(), 1, 'names its exception');
  await look(page, 'screenshot');
  await logScreenshot(page, loan, Date.now() - 10 * DAY, '北署R7-少年-000');
  const oldPath = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('保存期限超過'));

  // 4. The unit's assistant is reminded of the old one and moves the new one.
  await logInAs(page, 'kita-assistant');
  assert.ok(await page.locator(`main a[href="${oldPath}"]`).count() > 0, 'assistant home: overdue');
  assert.equal(await page.locator(`main a[href="${shotPath}"]`).count(), 0, 'not yet overdue');
  await look(page, 'home-assistant');
  await page.goto(h.srv.url + '/screenshots?filter=on_device');
  assert.equal(await page.locator(`main a[href="${shotPath}"]`).count(), 1);
  await look(page, 'screenshots-on-device');
  await page.goto(h.srv.url + shotPath);
  await page.fill('[name="note"]', '捜査用携帯パソコン No.3 へ移管');
  await submit(page, '捜査用携帯パソコンへ移管した');
  assert.ok((await main(page)).includes('捜査用携帯パソコンへ移管済'));
  assert.equal(await page.locator('main button[type="submit"]').count(), 0, 'leaves the device once');
  await look(page, 'screenshot-moved');
  await page.goto(h.srv.url + '/screenshots?filter=on_device');
  assert.equal(await page.locator(`main a[href="${shotPath}"]`).count(), 0, 'no longer on the device');

  // 5. The general manager sees the overdue one at home and in the filter,
  //    but neither records nor disposes.
  await logInAs(page, 'gm');
  assert.ok(await page.locator(`main a[href="${oldPath}"]`).count() > 0, 'GM home: overdue');
  await page.goto(h.srv.url + '/screenshots?filter=overdue');
  assert.equal(await page.locator(`main a[href="${oldPath}"]`).count(), 1);
  assert.equal(await page.locator(`main a[href="${shotPath}"]`).count(), 0);
  await look(page, 'screenshots-overdue');
  await page.goto(h.srv.url + oldPath);
  assert.equal(await page.locator('main button[type="submit"]').count(), 0, 'GM does not dispose');

  // Another station's assistant neither is reminded nor sees it.
  await logInAs(page, 'minami-assistant');
  assert.equal(await page.locator(`main a[href="${oldPath}"]`).count(), 0);
  const denied = await page.goto(h.srv.url + oldPath);
  assert.equal(denied.status(), 403);
  assert.deepEqual(problems, ['HTTP 403 for ' + oldPath]);
  await page.close();
});

test('R-CMP-1..6: a breach report from the assistant to the GM and the IT head, with its timeline', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page, new Set());

  await logInAs(page, 'kita-assistant');
  await page.goto(h.srv.url + '/breaches');
  await look(page, 'breaches');
  await Promise.all([page.waitForNavigation(), page.click('main a:has-text("違反を報告する")')]);
  await look(page, 'breach-new');
  await page.selectOption('select[name="rule"]', 'functions');
  await page.fill('input[name="occurred_at"]', minute(Date.now() - DAY));
  await page.fill('input[name="who"]', '北署 交信担当者');
  await page.fill('[name="what"]', '許可されていないアプリを端末にインストールした');
  await submit(page, '運用管理者へ報告する');
  assert.match(page.url(), /\/breaches\/\d+$/);
  const path = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('運用管理者へ報告済'));
  await look(page, 'breach-reported');

  await logInAs(page, 'kita-manager');
  assert.ok(await page.locator(`main a[href="${path}"]`).count() > 0, 'manager home lists it');
  await page.goto(h.srv.url + path);
  await look(page, 'breach-forward');
  await submit(page, '情報管理課長へ報告する');
  assert.ok((await main(page)).includes('情報管理課長'));

  for (const who of ['gm', 'it-head']) {
    await logInAs(page, who);
    assert.ok(await page.locator(`main a[href="${path}"]`).count() > 0, `${who}: home lists it`);
    await page.goto(h.srv.url + path);
    await look(page, `breach-ack-${who}`);
    await submit(page, '報告を確認した');
    assert.equal(await page.locator('main button', { hasText: '報告を確認した' }).count(), 0,
      `${who}: acknowledges once`);
  }
  const text = await main(page);
  assert.ok(text.includes('確認完了'), 'closed once both acknowledged');
  assert.equal(await page.locator('main ol.timeline li').count(), 4, 'report, forward, two acks');
  assert.ok(text.includes('情報管理課長確認'));
  await look(page, 'breach-closed');

  // The IT head reaches the incidents from the menu (R-CMP-6), this one
  // among them, and no report that was not forwarded as an incident.
  await Promise.all([page.waitForNavigation(), page.click('nav a[href="/breaches"]')]);
  assert.equal(await page.locator(`main a[href="${path}"]`).count(), 1, 'IT head: the list has it');
  assert.equal(await page.locator('main a:has-text("違反を報告する")').count(), 0);
  const cookie = (await h.browser.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const hrefs = await page.locator('main tbody a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const href of hrefs) {
    const r = await fetch(`${h.srv.url}/api/v1${href}`, { headers: { Cookie: cookie } });
    assert.equal(r.status, 200, href);
    assert.equal((await r.json()).incident, true, `${href} is an incident`);
  }
  await look(page, 'breaches-it-head');
  assert.deepEqual(problems, []);
  await page.close();
});

/* A web session: its cookie and the csrf field of its pages. */
async function webSession(who) {
  const { cookie } = await webLogin(h.srv, who);
  const home = await getPage(h.srv, '/', cookie);
  return { cookie, csrf: csrfField(home.text) };
}

/* POSTs an HTML form as session w (csrf added unless noCsrf). */
async function postForm(w, path, fields, { noCsrf = false } = {}) {
  const body = new URLSearchParams({ ...(noCsrf ? {} : { csrf: w.csrf }), ...fields });
  const r = await fetch(h.srv.url + path, {
    method: 'POST', redirect: 'manual', body: body.toString(),
    headers: { Cookie: w.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
  });
  await r.arrayBuffer();
  return { status: r.status, location: r.headers.get('location') };
}

test('R-EXC-1..3: web steps by the wrong person, out of order, stale or from another station change nothing', async () => {
  const loan = await receivedLoan();
  const w = {};
  for (const who of ['gm', 'infosec', 'kita-comm', 'kita-assistant', 'minami-comm', 'minami-assistant']) {
    w[who] = await webSession(who);
  }
  const api = as(h.srv, await login(h.srv, 'gm'));
  const state = async (path) => (await api.get('/api/v1' + path)).json;

  const applied = await postForm(w.gm, '/exceptions',
    { kind: 'screenshot', scope: '北署', purpose: '証拠保全' });
  assert.equal(applied.status, 303);
  const ex = applied.location;
  assert.match(ex, /^\/exceptions\/\d+$/);
  const before = await state(ex);
  const period = { version: String(before.version), scope: '北署のみ',
    valid_from: day(Date.now() - DAY), valid_until: day(Date.now() + DAY) };
  // the GM does not decide; the assistant does not apply
  assert.equal((await postForm(w.gm, ex + '/approve', period)).status, 403);
  assert.equal((await postForm(w['kita-assistant'], '/exceptions',
    { kind: 'screenshot', scope: 'x', purpose: 'y' })).status, 403);
  // a revocation before the approval is out of order; no csrf, no step
  assert.equal((await postForm(w.infosec, ex + '/revoke',
    { version: period.version, reason: '不要' })).status, 409);
  assert.equal((await postForm(w.infosec, ex + '/approve', period, { noCsrf: true })).status, 403);
  assert.equal((await postForm(w.infosec, ex + '/approve', { ...period, version: '99' })).status, 409);
  assert.equal((await postForm(w.infosec, ex + '/refuse', { version: period.version })).status, 422,
    'a refusal needs its reason');
  assert.deepEqual(await state(ex), before, 'nothing changed');
  assert.equal((await postForm(w.infosec, ex + '/approve', period)).status, 303);
  assert.equal((await state(ex)).state, 'approved');
  assert.equal((await postForm(w.gm, ex + '/withdraw', { version: String(before.version + 1) })).status,
    409, 'an approved exception is not withdrawn');

  const shot = { loan_id: String(loan.id), case_ref: '北署R7-002',
    taken_at: minute(Date.now() - 3600e3), reason: '証拠保全' };
  // another station's officer cannot log on KITA's loan
  assert.equal((await postForm(w['minami-comm'], '/screenshots', shot)).status, 403);
  const logged = await postForm(w['kita-comm'], '/screenshots', shot);
  assert.equal(logged.status, 303);
  const sp = logged.location;
  const s0 = await state(sp);
  const v = { version: String(s0.version), note: '' };
  assert.equal((await postForm(w['minami-assistant'], sp + '/move', v)).status, 403, 'cross-station');
  assert.equal((await postForm(w.gm, sp + '/move', v)).status, 403, 'the GM only reads the log');
  assert.equal((await postForm(w['kita-assistant'], sp + '/move', { ...v, version: '99' })).status, 409);
  assert.deepEqual(await state(sp), s0, 'nothing changed');
  assert.equal((await postForm(w['kita-assistant'], sp + '/move', v)).status, 303);
  assert.equal((await state(sp)).state, 'moved');
  assert.equal((await postForm(w['kita-assistant'], sp + '/delete',
    { version: String(s0.version + 1) })).status, 409, 'a screenshot leaves the device once');
});
