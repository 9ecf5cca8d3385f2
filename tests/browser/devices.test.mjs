// devices.test.mjs - one loan of a cyber-patrol smartphone from
// application to closed return through the web screens (R-DEV-1..9),
// logging in as each role in turn, with axe-core on every new page (no
// serious or critical violations) and a screenshot of each step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, watch, submit,
} from '../lib/browser.mjs';
import { DEMO_PASSWORD } from '../lib/server.mjs';

const h = useHarness('devices');
const { look, logInAs } = h;

/* Asia/Tokyo civil date n days from today, "YYYY-MM-DD". */
function isoDay(n = 0) {
  const d = new Date(Date.now() + 9 * 3600 * 1000 + n * 86400 * 1000);
  return d.toISOString().slice(0, 10);
}

test('R-DEV-1..9: a whole loan from application to closed return in the web UI', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page, new Set([422]));
  const serial = `WEB-${Date.now()}`;

  // 1. The general manager registers a device (R-DEV-1).
  await logInAs(page, 'gm');
  assert.ok(await page.locator('nav a[href="/devices"]').count() > 0, 'nav shows 端末');
  await page.goto(h.srv.url + '/devices');
  await look(page, 'list');
  await page.goto(h.srv.url + '/devices/import');
  await look(page, 'import');
  await page.goto(h.srv.url + '/devices/new');
  await look(page, 'new');
  await page.fill('input[name="model"]', 'テスト端末 SH-01');
  await page.fill('input[name="phone"]', '090-0000-1111');
  await page.fill('input[name="serial"]', serial);
  await page.fill('input[name="contract_ref"]', 'C-123');
  await submit(page, '登録する');
  assert.match(page.url(), /\/devices\/\d+$/);
  const deviceId = page.url().match(/\/devices\/(\d+)$/)[1];
  assert.ok((await page.textContent('main')).includes('在庫'));
  await look(page, 'device');

  // 2. The station's manager applies (form 3, R-DEV-2).
  await logInAs(page, 'kita-manager');
  await page.goto(h.srv.url + '/applications/new');
  await look(page, 'application-new');
  await page.fill('input[name="consulted_on"]', isoDay(0));
  await page.fill('input[name="consulted_with"]', '松本 正義');
  await page.fill('[name="consultation"]', 'サイバーパトロールのため1台を貸し出すことで合意');
  await page.fill('input[name="start"]', isoDay(0));
  await page.fill('input[name="due"]', isoDay(180));
  await page.fill('[name="purpose"]', 'サイバーパトロール');
  await submit(page, '申請する');
  assert.match(page.url(), /\/applications\/\d+$/);
  const applicationUrl = page.url();
  assert.ok((await page.textContent('main')).includes('申請中'));
  await look(page, 'application');

  // 3. The general manager approves and lends (R-DEV-3).
  await logInAs(page, 'gm');
  assert.ok(await page.locator(`main a[href="${new URL(applicationUrl).pathname}"]`).count() > 0,
    'home reminds the GM of the application waiting');
  await page.goto(applicationUrl);
  await look(page, 'application-decide');
  await submit(page, '承認する');
  assert.ok((await page.textContent('main')).includes('承認'));
  await Promise.all([page.waitForNavigation(), page.click('main a:has-text("端末を貸し出す")')]);
  await look(page, 'lend');
  await page.selectOption('select[name="device_id"]', deviceId);
  await submit(page, '貸し出す');
  assert.match(page.url(), /\/loans\/\d+$/);
  const loanUrl = page.url();
  await look(page, 'loan-lent');
  await page.goto(h.srv.url + '/loans');
  await look(page, 'register');
  assert.ok((await page.textContent('main')).includes('テスト端末'));

  // 4. The operations officer confirms receipt with the training (R-DEV-4).
  await logInAs(page, 'kita-officer');
  await page.goto(loanUrl);
  await page.fill('input[name="trained_on"]', isoDay(0));
  await page.fill('input[name="trainer"]', '少年課 松本');
  await page.fill('[name="topics"]', '運用要領、端末の取扱い、保管');
  await submit(page, '受領を確認する');
  await look(page, 'loan-received');

  // 5. The assistant records the month's location check (R-DEV-5).
  await logInAs(page, 'kita-assistant');
  await page.goto(loanUrl);
  await submit(page, '所在確認を記録する');
  assert.ok((await page.textContent('main')).includes('施錠保管庫内'));
  await look(page, 'loan-checked');

  // 6. The communication officer asks to take it out (R-DEV-6, R-DEV-7).
  await logInAs(page, 'kita-comm');
  await page.goto(loanUrl);
  await Promise.all([page.waitForNavigation(), page.click('main a:has-text("持出しを申請")')]);
  await look(page, 'takeout-new');
  await page.fill('input[name="out_at"]', `${isoDay(0)}T09:00`);
  await page.fill('input[name="expected_back"]', `${isoDay(1)}T17:00`);
  await page.fill('input[name="destination"]', '熊本市内');
  await page.fill('[name="reason"]', '街頭補導での確認');
  await submit(page, '申請する');
  assert.match(page.url(), /\/takeouts\/\d+$/);
  const takeoutUrl = page.url();
  await look(page, 'takeout');

  // 7. The assistant permits it.
  await logInAs(page, 'kita-assistant');
  assert.ok(await page.locator(`main a[href="${new URL(takeoutUrl).pathname}"]`).count() > 0,
    'home reminds the assistant of the take-out waiting');
  await page.goto(takeoutUrl);
  await submit(page, '持出しを許可する');
  assert.ok((await page.textContent('main')).includes('許可'));
  await page.goto(h.srv.url + '/takeouts');
  await look(page, 'takeouts');

  // 8. The officer reports the return.
  await logInAs(page, 'kita-comm');
  await page.goto(takeoutUrl);
  await page.fill('[name="results"]', '問題となる投稿を2件確認');
  await submit(page, '報告する');
  await look(page, 'takeout-reported');

  // 9. The manager's return checklist: incomplete is refused (R-DEV-9).
  // The accounts are the register's (none on this device), never typed in.
  await logInAs(page, 'kita-manager');
  await page.goto(loanUrl);
  assert.equal(await page.locator('input[name="svc1"]').count(), 0, 'no free-text account rows');
  assert.ok((await page.textContent('main')).includes('登録されているSNS等のアカウントはありません'));
  await page.check('input[name="apps_uninstalled"]');
  await page.check('input[name="device_restored"]');
  const refused = await submit(page, '返却する');
  assert.equal(refused.status(), 422);
  assert.ok(await page.locator('.error-summary').count() > 0);
  assert.ok(await page.isChecked('input[name="device_restored"]'), 'entries kept');
  await look(page, 'return-refused');
  await page.check('input[name="accessories_present"]');
  await submit(page, '返却する');
  assert.ok((await page.textContent('main')).includes('返却'));

  // 10. The general manager checks the device against the unit's
  // checklist and closes the loan.
  await logInAs(page, 'gm');
  await page.goto(loanUrl);
  assert.ok((await page.textContent('main')).includes('返却時の確認事項'), 'the checklist is shown');
  await look(page, 'close');
  await page.selectOption('select[name="anomaly"]', 'no');
  await submit(page, '点検を終えて貸出を終了する');
  assert.ok((await page.textContent('main')).includes('異常なし'));
  await look(page, 'loan-closed');
  await page.goto(`${h.srv.url}/devices/${deviceId}`);
  const history = await page.textContent('main');
  assert.ok(history.includes('在庫'), 'the device is back in stock');
  assert.ok(history.includes('施錠保管庫内') && history.includes('熊本市内'), 'history lists the check and the take-out');
  await look(page, 'history');

  assert.deepEqual(problems, []);
  await page.close();
});

test('R-DEV-1: CSV import in CP932 — a dry run lists row errors, a valid file imports all', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page, new Set([422]));
  // 機種,電話番号,製造番号 / a row without phone / a duplicate serial, in CP932.
  const bad = Buffer.from('8b408eed2c9364986294d48d862c90bb91a294d48d860d0a8341834e834983582c2c494d502d4241442d310d0a8341834e834983582c3039302c494d502d4241442d310d0a', 'hex');
  // Two valid rows with a NEC extension character (①) in the remarks.
  const good = Buffer.from('8b408eed2c9364986294d48d862c90bb91a294d48d862c8c5f96f194d48d862c94f58d6c0d0a8341834e834983582c3039302d313131312d323232322c494d502d43502d3030312c4b2d312c8740967b95940d0a8341834e834983582c3039302d313131312d333333332c494d502d43502d3030322c4b2d322c0d0a', 'hex');

  await logInAs(page, 'gm');
  // A multipart upload is CSRF-checked like any form: without the token, 403.
  const forged = await page.request.post(h.srv.url + '/devices/import', {
    multipart: { encoding: 'utf-8', file: { name: 'a.csv', mimeType: 'text/csv', buffer: good } },
    maxRedirects: 0,
  });
  assert.equal(forged.status(), 403);
  await page.goto(h.srv.url + '/devices');
  assert.ok(!(await page.textContent('main')).includes('IMP-CP-001'), 'the forged upload imported nothing');
  await page.goto(h.srv.url + '/devices/import');
  await page.setInputFiles('input[name="file"]', { name: 'bad.csv', mimeType: 'text/csv', buffer: bad });
  await page.selectOption('select[name="encoding"]', 'cp932');
  const refused = await submit(page, '送信する');
  assert.equal(refused.status(), 422);
  const text = await page.textContent('main');
  assert.ok(text.includes('電話番号') && text.includes('重複'), 'each row error is listed');
  await look(page, 'import-errors');

  await page.setInputFiles('input[name="file"]', { name: 'good.csv', mimeType: 'text/csv', buffer: good });
  await page.selectOption('select[name="encoding"]', 'cp932');
  await page.uncheck('input[name="dry_run"]');
  const done = await submit(page, '送信する');
  assert.equal(done.status(), 200);
  assert.ok((await page.textContent('main')).includes('2件を取り込みました'));
  await look(page, 'import-done');
  await page.goto(h.srv.url + '/devices');
  const list = await page.textContent('main');
  assert.ok(list.includes('IMP-CP-001') && list.includes('IMP-CP-002') && list.includes('アクオス'));
  assert.ok(!list.includes('IMP-BAD-1'), 'nothing of the refused file was imported');
  assert.deepEqual(problems, []);
  await page.close();
});
