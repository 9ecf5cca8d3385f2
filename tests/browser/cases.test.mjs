// cases.test.mjs - a protective-contact case in the browser (issue 9,
// R-CASE-1, R-CASE-2): a station's operations officer files the report
// of a post found, the general manager (the juvenile division's head)
// judges the need to protect high and gives the case to KITA's
// designated communication officer and its device, and the officer logs
// a message sent.  axe-core on every page (no serious or critical
// violations) and a screenshot of each step.  The meetings branch
// continues this walk to the closed follow-up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  openHarness, closeHarness, look as lookAt, watch, logInAs as logInWith, submit,
} from '../lib/browser.mjs';
import { login, as } from '../lib/server.mjs';

let h = {};
let srv;
let browser;

before(async () => {
  h = await openHarness();
  ({ srv, browser } = h);
});
after(async () => closeHarness(h));

const look = (page, name) => lookAt(page, 'cases', name);
const logInAs = (page, who) => logInWith(h, page, who);
const main = (page) => page.textContent('main');

/* Asia/Tokyo "YYYY-MM-DDTHH:MM" of a moment. */
const minute = (ms) => new Date(ms + 9 * 3600e3).toISOString().slice(0, 16);

/* The ids the assignment's choices carry, read through the API. */
async function kitaChoices() {
  const gm = as(srv, await login(srv, 'gm'));
  const units = (await gm.get('/api/v1/units')).json.units;
  const users = (await gm.get('/api/v1/users?limit=200')).json.users;
  const kita = units.find((u) => u.code === 'KITA');
  const loans = (await gm.get('/api/v1/loans?limit=200')).json.loans;
  const loan = loans.find((l) => l.unit_id === kita.id && l.state === 'received');
  return {
    unit: String(kita.id),
    officer: String(users.find((u) => u.login === 'kita-comm').id),
    device: String(loan.device_id),
  };
}

test('issue 9: a case from the report of a post found through the judgement and the assignment to a logged message', async () => {
  const page = await browser.newPage();
  const problems = watch(page, new Set());
  const ids = await kitaChoices();

  // 1. a station's operations officer reports the post found
  await logInAs(page, 'kita-officer');
  await page.goto(srv.url + '/cases');
  await look(page, 'list');
  await Promise.all([page.waitForNavigation(), page.click('main a:has-text("書き込み発見報告をする")')]);
  await look(page, 'report-new');
  await page.fill('input[name="found_at"]', minute(Date.now() - 2 * 3600e3));
  await page.fill('input[name="service"]', '架空SNS（試験）');
  await page.fill('input[name="post_ref"]', 'https://sns.example.invalid/test/42');
  await page.fill('[name="post_text"]', '（架空の試験投稿）家出中。泊めてくれる人いませんか');
  await page.fill('[name="risk_signals"]', '年少者と思われる者が宿泊先を求めている');
  await submit(page, '少年課へ報告する');
  assert.match(page.url(), /\/cases\/\d+$/);
  const path = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('少年課の判断待ち'));
  await look(page, 'reported');

  // 2. the division judges: high
  await logInAs(page, 'gm');
  assert.ok(await page.locator(`main a[href="${path}"]`).count() > 0, 'the GM\'s home lists it');
  await page.goto(srv.url + path);
  await look(page, 'triage');
  await page.selectOption('select[name="crime"]', 'abduction');
  await page.selectOption('select[name="need"]', 'high');
  await page.fill('[name="reason"]', '（試験）家出中で宿泊先を求めており、誘拐に巻き込まれるおそれが高い');
  await submit(page, '判断を記録する');
  assert.ok((await main(page)).includes('保護の必要性が高い（割当待ち）'));

  // 3. HQ assigns the unit, its communication officer and a usable device
  await look(page, 'assign');
  await page.selectOption('select[name="unit_id"]', ids.unit);
  await page.selectOption('select[name="officer_id"]', ids.officer);
  await page.selectOption('select[name="device_id"]', ids.device);
  await submit(page, '割り当てる');
  assert.ok((await main(page)).includes('交信担当者割当済'));
  await look(page, 'assigned');

  // 4. the officer logs a message sent
  await logInAs(page, 'kita-comm');
  await page.goto(srv.url + path);
  await look(page, 'log');
  await page.fill('input[name="at"]', minute(Date.now() - 10 * 60e3));
  await page.selectOption('select[name="direction"]', 'sent');
  await page.fill('[name="text"]', '（架空の試験文）こんばんは。投稿を見ました。少しお話しできますか？');
  await page.fill('input[name="screenshot_ref"]', 'SS-試験-0001');
  await submit(page, '記録する');
  const text = await main(page);
  assert.ok(text.includes('交信中'));
  assert.ok(text.includes('投稿を見ました'));
  assert.equal(await page.locator('main table tbody tr').count(), 1, 'one message logged');
  await look(page, 'communicating');

  // 5. the general manager sees who read it
  await logInAs(page, 'gm');
  await page.goto(srv.url + '/cases/reads');
  await look(page, 'reads');
  assert.ok((await main(page)).includes('kita-comm'));
  assert.deepEqual(problems, []);
  await page.close();
});
