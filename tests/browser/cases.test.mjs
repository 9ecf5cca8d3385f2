// cases.test.mjs - a protective-contact case in the browser (issue 9,
// R-CASE-1, R-CASE-2): a station's operations officer files the report
// of a post found, the general manager (the juvenile division's head)
// judges the need to protect high and gives the case to KITA's
// designated communication officer and its device, and the officer logs
// a message sent.  axe-core on every page (no serious or critical
// violations) and a screenshot of each step.  Then (R-CASE-3..11) the
// officer reports a meeting before it, the assistant forwards, the
// manager instructs, the officer records the outcome and the results
// report (form 5), and the manager assesses the guided child, records a
// measure and closes the meeting - and with it the case.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  useHarness, watch, submit,
} from '../lib/browser.mjs';
import { login, as } from '../lib/server.mjs';

const h = useHarness('cases');
const { look, logInAs } = h;
const main = (page) => page.textContent('main');

/* Asia/Tokyo "YYYY-MM-DDTHH:MM" of a moment. */
const minute = (ms) => new Date(ms + 9 * 3600e3).toISOString().slice(0, 16);

/* The ids the assignment's choices carry, read through the API. */
async function kitaChoices() {
  const gm = as(h.srv, await login(h.srv, 'gm'));
  const units = (await gm.get('/api/v1/units')).json.units;
  const users = (await gm.get('/api/v1/users?limit=200')).json.users;
  const kita = units.find((u) => u.code === 'KITA');
  const loans = (await gm.get('/api/v1/loans?limit=200')).json.loans;
  const loan = loans.find((l) => l.unit_id === kita.id && l.state === 'received');
  return {
    unit: String(kita.id),
    officer: String(users.find((u) => u.login === 'kita-comm').id),
    second: String(users.find((u) => u.login === 'kita-officer').id),
    device: String(loan.device_id),
  };
}

test('issue 9: a case from the report of a post found through the judgement and the assignment to a logged message', async () => {
  const page = await h.browser.newPage();
  const problems = watch(page, new Set());
  const ids = await kitaChoices();

  // 1. a station's operations officer reports the post found
  await logInAs(page, 'kita-officer');
  await page.goto(h.srv.url + '/cases');
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
  await page.goto(h.srv.url + path);
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
  await page.goto(h.srv.url + path);
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
  await page.goto(h.srv.url + '/cases/reads');
  await look(page, 'reads');
  assert.ok((await main(page)).includes('kita-comm'));

  // 6. a meeting arranged: the officer reports before it (R-CASE-3, R-CASE-5)
  const caseId = path.split('/').pop();
  await logInAs(page, 'kita-comm');
  // from the case's page: the report is started with the case filled in
  await page.goto(h.srv.url + path);
  await page.click('a:has-text("面会前報告を作成")');
  assert.match(page.url(), new RegExp(`/meetings/new\\?case_id=${caseId}$`));
  await look(page, 'meeting-new');
  assert.equal(await page.inputValue('input[name="case_id"]'), caseId);
  await page.fill('input[name="meet_at"]', minute(Date.now() + 26 * 3600e3));
  await page.fill('input[name="place"]', '（試験）駅前広場の交番付近');
  await page.check('input[name="person_female"]');
  // the staff going are choices: the unit's staff (and any lent for the case)
  await page.selectOption('select[name="staff_1"]', String(ids.officer));
  await page.selectOption('select[name="staff_2"]', String(ids.second));
  await page.fill('[name="escape_plan"]', '（試験）出入口2か所に職員を配置');
  await page.fill('[name="setup_plan"]', '（試験）同行者の有無を離れて確認');
  await page.check('input[name="division_notified"]');
  await submit(page, '運用管理補助者へ報告する');
  assert.match(page.url(), /\/meetings\/\d+$/);
  const meeting = new URL(page.url()).pathname;
  assert.ok((await main(page)).includes('事前報告済'));
  await look(page, 'meeting-reported');

  // 7. the assistant forwards, the manager instructs
  await logInAs(page, 'kita-assistant');
  await page.goto(h.srv.url + meeting);
  await submit(page, '運用管理者へ報告する');
  await logInAs(page, 'kita-manager');
  await page.goto(h.srv.url + meeting);
  await look(page, 'meeting-instruct');
  await page.fill('[name="instructions"]', '（試験）女性職員が先に接触し、男性職員は後方で待機');
  await submit(page, '指揮を記録する');
  assert.ok((await main(page)).includes('指揮済'));

  // 8. the officer records the outcome and reports the results (form 5)
  await logInAs(page, 'kita-comm');
  await page.goto(h.srv.url + meeting);
  await look(page, 'meeting-outcome');
  await page.check('input[name="met"]');
  await page.check('input[name="juvenile"]');
  await page.selectOption('select[name="guidance"]', 'unwholesome_entertainment');
  await page.check('input[name="guardians_told"]');
  await page.fill('input[name="guardian"]', '母');
  await page.fill('input[name="guardians_told_at"]', minute(Date.now() - 5 * 60e3));
  await page.fill('input[name="guardians_told_how"]', '電話');
  await page.check('input[name="guardians_urged"]');
  await submit(page, '接触結果を記録する');
  assert.ok((await main(page)).includes('接触結果記録済'));
  await submit(page, '運用管理者へ実施結果を報告する');
  assert.ok((await main(page)).includes('実施結果報告済'));

  // 9. the manager weighs the child's circumstances, records a measure, closes
  await logInAs(page, 'kita-manager');
  await page.goto(h.srv.url + meeting);
  await look(page, 'meeting-assess');
  for (const k of ['victim_history', 'delinquency_history', 'guidance_history',
    'guardian_capacity', 'friendships']) {
    await page.fill(`[name="${k}"]`, '（試験）特記事項なし');
  }
  await page.check('input[name="support_needed"]');
  await submit(page, '検討結果を記録する');
  await page.selectOption('select[name="kind"]', 'continued_guidance');
  await page.fill('input[name="decided_on"]', minute(Date.now()).slice(0, 10));
  await submit(page, '措置を記録する');
  assert.ok((await main(page)).includes('継続補導'));
  await submit(page, '終結する');
  assert.ok((await main(page)).includes('終結'));
  await look(page, 'meeting-closed');
  await page.goto(h.srv.url + path);
  assert.ok((await main(page)).includes('終結'), 'the case closed with its meeting');
  // the case's page lists its meeting
  assert.ok(await page.locator(`#meetings ~ table a[href="${meeting}"]`).count() > 0,
    'the meeting listed on the case page');
  assert.deepEqual(problems, []);
  await page.close();
});
