// meetings.test.mjs - meetings of protective contact cases (R-CASE-3..11)
// through the JSON API and the web: the communication officer reports
// before the meeting (place, time, staff, plans), the assistant forwards,
// the manager instructs; only then the outcome; the results report
// (form 5) the general manager reads; the assessment of a guided child,
// the measures and the close.  Each refusal of a rule - fewer than two
// staff, no female officer for a person thought female (R-CASE-5), a
// free-call app outside a meeting's call (R-CASE-9), 不健全性的行為
// without its facts (R-CASE-7), a report after the meeting (R-CASE-3),
// closing before the follow-up (R-CASE-11) - is answered in Japanese,
// changes nothing and is audited with its rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, csrfField, page, auditEntries, auditHead,
  changesSince, usersByLogin, unitsByCode, tempDir, sql,
} from '../lib/server.mjs';
import { hoursFromNow, minutesAgo, today } from '../lib/dates.mjs';

let srv;
let users;
let units;
let kitaDevice;
const s = {};
const web = {};

before(async () => {
  // the child's identity is sealed under the field key (issue 9)
  const dir = tempDir('mamori-meetings-');
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-comm', 'yatsu-manager']) {
    s[who] = as(srv, await login(srv, who));
  }
  for (const who of ['kita-comm', 'kita-manager']) {
    web[who] = (await webLogin(srv, who)).cookie;
  }
  users = await usersByLogin(srv, s.admin.session);
  units = await unitsByCode(srv, s.gm.session);
  const loans = (await s.gm.get('/api/v1/loans?limit=100')).json.loans;
  kitaDevice = loans.find((l) => l.unit_id === units.KITA.id && l.state === 'received').device_id;
});
after(async () => { await srv.stop(); });

const localHoursFromNow = (h) => new Date(Date.now() + (h + 9) * 3600e3).toISOString().slice(0, 16);
const id = (login) => users[login].id;

// A case of KITA: reported, judged high, given to kita-comm; logged
// (communicating) unless stop says where it stays.
async function newCase(stop = 'communicating') {
  let c = await s['kita-officer'].post('/api/v1/cases', {
    found_at: minutesAgo(90), service: 'テストSNS', post_ref: 'https://sns.example/post/1',
    post_text: '（架空）家出中。今夜泊めてくれる人いませんか', risk_signals: '家出・宿泊先',
  });
  assert.equal(c.status, 201, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/triage`, {
    version: c.json.version, crime: 'child_prostitution', need: 'high', reason: '（架空）',
  });
  assert.equal(c.status, 200, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/assign`, {
    version: c.json.version, unit_id: units.KITA.id, officer_id: id('kita-comm'), device_id: kitaDevice,
  });
  assert.equal(c.status, 200, c.text);
  if (stop === 'assigned') return c.json;
  c = await s['kita-comm'].post(`/api/v1/cases/${c.json.id}/messages`, {
    version: c.json.version, at: minutesAgo(5), direction: 'received', text: '（架空）会えますか',
  });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.state, 'communicating');
  return c.json;
}

// The case a meeting belongs to: a new one each time, so that no test
// depends on what another left open or closed.
const caseId = async () => (await newCase()).id;
const caseNow = async (cid) => (await s.gm.get(`/api/v1/cases/${cid}`)).json;

// A pre-meeting report: kita-comm (female) and kita-officer (male) go.
const report = async (extra = {}) => ({
  case_id: await caseId(), place: '熊本駅白川口 交番前', meet_at: hoursFromNow(24),
  person_female: true, staff_1: id('kita-comm'), staff_2: id('kita-officer'),
  escape_plan: '出入口2か所に職員を配置し、逃走経路を塞ぐ',
  setup_plan: '周辺に同行者がいないか私服員が事前に確認する',
  division_notified: true, ...extra,
});

async function reported(extra = {}) {
  const r = await s['kita-comm'].post('/api/v1/meetings', await report(extra));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'reported');
  return r.json;
}

async function instructed() {
  const m = await reported();
  const f = await s['kita-assistant'].post(`/api/v1/meetings/${m.id}/forward`, { version: m.version });
  assert.equal(f.status, 200, f.text);
  const i = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/instruct`,
    { version: f.json.version, instructions: '女性職員が先に接触し、男性職員は後方で待機' });
  assert.equal(i.status, 200, i.text);
  assert.equal(i.json.state, 'instructed');
  return i.json;
}

// A juvenile met and guided for inappropriate posting, guardians told.
const outcome = (version, extra = {}) => ({
  version, met: true, juvenile: true, child_name: '（架空）熊本 花子', child_kana: 'くまもと はなこ',
  child_birth: '2010-04-02', child_contact: '090-0000-0000', child_school: '（架空）中央中学校 3年',
  guardian_name: '（架空）熊本 和子', guardian_contact: '096-000-0000',
  guidance: 'unwholesome_entertainment',
  guidance_note: '不適切な書き込みについて指導した', guardians_told: true,
  guardian: '母', guardians_told_at: hoursFromNow(-1), guardians_told_how: '来署の上で面談',
  guardians_urged: true, ...extra,
});

const meetingsNow = async () => (await s['kita-manager'].get('/api/v1/meetings?limit=100')).json.meetings.length;

async function refusalsAfter(seq) {
  const list = await auditEntries(srv, s.admin.session, '?limit=200');
  return list.filter((e) => e.seq > seq && e.action === 'request.refused').reverse();
}

// Exactly one refusal after seq, by who on path, with rule, and no change.
async function expectRefusal(seq, { who, path, rule, status = 422, field }) {
  const found = await refusalsAfter(seq);
  assert.equal(found.length, 1, JSON.stringify(found));
  const e = found[0];
  assert.equal(e.actor_login, who);
  assert.equal(e.detail.path, path);
  assert.equal(e.detail.status, status);
  assert.equal(e.detail.rule, rule, JSON.stringify(e.detail));
  if (field !== undefined) assert.equal(e.detail.field, field);
  assert.deepEqual(changesSince(srv.db, seq), []);
  return e;
}

// POST a web form as a logged-in browser; the csrf field comes from `from`.
async function postForm(cookie, from, path, fields) {
  const csrf = csrfField((await page(srv, from, cookie)).text);
  assert.ok(csrf, `${from} carries a csrf field`);
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: r.status, location: r.headers.get('location'), text: await r.text() };
}

test('R-CASE-3, R-CASE-5: the report records the staff as the server knows them', async () => {
  const m = await reported({ staff_3: id('kita-assistant') });
  assert.equal(m.staff_1, id('kita-comm'));
  assert.equal(m.staff_1_sex, 'female');
  assert.equal(m.staff_1_role, 'comm_officer');
  assert.equal(m.staff_2_sex, 'male');
  assert.equal(m.staff_2_role, 'operations_officer');
  assert.equal(m.staff_3_role, 'assistant');
  assert.equal(m.reported_by, id('kita-comm'));
  // a sex or role sent by the client is not read
  const r = await s['kita-comm'].post('/api/v1/meetings',
    { ...(await report()), staff_2_sex: 'female' });
  assert.equal(r.status, 400, r.text);
  // only the unit's communication officer reports
  for (const who of ['kita-manager', 'kita-assistant', 'kita-officer', 'gm']) {
    const x = await s[who].post('/api/v1/meetings', await report());
    assert.equal(x.status, 403, `${who}: ${x.text}`);
  }
  // another station's officer cannot report for kita
  const cross = await s['minami-comm'].post('/api/v1/meetings',
    { ...(await report()), unit_id: users['kita-comm'].unit_id });
  assert.equal(cross.status, 403, cross.text);
});

test('R-CASE-5: fewer than two staff is refused in Japanese, nothing made, audited', async () => {
  const before = await meetingsNow();
  for (const body of [await report({ staff_2: undefined }),
    await report({ staff_2: id('kita-comm') })]) {
    const head = auditHead(srv.db);
    const r = await s['kita-comm'].post('/api/v1/meetings', body);
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.message, '接触には2人以上の職員で対応してください');
    await expectRefusal(head, { who: 'kita-comm', path: '/api/v1/meetings', rule: 'R-CASE-5',
      field: 'staff_2' });
  }
  assert.equal(await meetingsNow(), before);
});

test('R-CASE-5: a person thought female needs a female officer: API and web refuse, audited', async () => {
  const before = await meetingsNow();
  const men = { staff_1: id('kita-officer'), staff_2: id('kita-assistant') };
  const body = await report(men);
  let head = auditHead(srv.db);
  const r = await s['kita-comm'].post('/api/v1/meetings', body);
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.error.message, /女性職員を同行させてください/);
  await expectRefusal(head, { who: 'kita-comm', path: '/api/v1/meetings', rule: 'R-CASE-5',
    field: 'staff_1' });
  // not thought female: two men may go
  const ok = await s['kita-comm'].post('/api/v1/meetings', await report({ ...men, person_female: false }));
  assert.equal(ok.status, 201, ok.text);

  const webCase = await caseId();
  head = auditHead(srv.db);
  const w = await postForm(web['kita-comm'], '/meetings/new', '/meetings', {
    case_id: String(webCase), place: '駅前', meet_at: localHoursFromNow(24),
    person_female: '1', staff_1: String(id('kita-officer')), staff_2: String(id('kita-assistant')),
    escape_plan: '出入口に配置', setup_plan: '周辺確認', division_notified: '1',
  });
  assert.equal(w.status, 422, w.text);
  assert.match(w.text, /対象者が女性と思料されるため、女性職員を同行させてください/);
  await expectRefusal(head, { who: 'kita-comm', path: '/meetings', rule: 'R-CASE-5' });
  assert.equal(await meetingsNow(), before + 1);
});

test('R-CASE-5: staff of another unit are refused', async () => {
  const body = await report({ staff_2: id('minami-comm') });
  const head = auditHead(srv.db);
  const r = await s['kita-comm'].post('/api/v1/meetings', body);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'staff_2');
  assert.match(r.json.error.message, /所属の職員/);
  assert.equal((await refusalsAfter(head)).length, 1);
});

test('R-CASE-3: reported before the meeting, the juvenile division told', async () => {
  const body = await report({ meet_at: hoursFromNow(-2) });
  const head = auditHead(srv.db);
  const late = await s['kita-comm'].post('/api/v1/meetings', body);
  assert.equal(late.status, 422, late.text);
  assert.equal(late.json.error.field, 'meet_at');
  await expectRefusal(head, { who: 'kita-comm', path: '/api/v1/meetings', rule: 'R-CASE-3' });
  const untold = await s['kita-comm'].post('/api/v1/meetings', await report({ division_notified: false }));
  assert.equal(untold.status, 422, untold.text);
  assert.equal(untold.json.error.field, 'division_notified');
  const noPlan = await s['kita-comm'].post('/api/v1/meetings', await report({ setup_plan: ' ' }));
  assert.equal(noPlan.status, 422, noPlan.text);
  assert.equal(noPlan.json.error.field, 'setup_plan');
});

test('R-CASE-3: the chain runs officer -> assistant -> manager, and the outcome waits for the instructions', async () => {
  const m = await reported();
  const early = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/outcome`, outcome(m.version));
  assert.equal(early.status, 409, early.text);
  assert.equal((await s['kita-manager'].post(`/api/v1/meetings/${m.id}/forward`, { version: m.version })).status, 403);
  assert.equal((await s['minami-manager'].get(`/api/v1/meetings/${m.id}`)).status, 403);
  const f = await s['kita-assistant'].post(`/api/v1/meetings/${m.id}/forward`, { version: m.version });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.forwarded_by, id('kita-assistant'));
  const noText = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/instruct`, { version: f.json.version, instructions: '' });
  assert.equal(noText.status, 422, noText.text);
  const back = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/send-back`,
    { version: f.json.version, reason: '逃走への備えが不十分' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'sent_back');
  assert.equal(back.json.instructions, '逃走への備えが不十分');
  const after = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/outcome`, outcome(back.json.version));
  assert.equal(after.status, 409);
});

test('R-CASE-9: a free-call app only when the person called at the meeting: API and web refuse, audited', async () => {
  const m = await instructed();
  let head = auditHead(srv.db);
  const path = `/api/v1/meetings/${m.id}/outcome`;
  const r = await s['kita-comm'].post(path, outcome(m.version, { free_call_used: true, free_call_person_called: false }));
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.message, '無料通話アプリは現場接触時に交信相手から連絡があった場合に限り使用できます');
  await expectRefusal(head, { who: 'kita-comm', path, rule: 'R-CASE-9', field: 'free_call_used' });
  let now = (await s['kita-comm'].get(`/api/v1/meetings/${m.id}`)).json;
  assert.equal(now.state, 'instructed');
  assert.equal(now.version, m.version);

  head = auditHead(srv.db);
  const w = await postForm(web['kita-comm'], `/meetings/${m.id}`, `/meetings/${m.id}/outcome`, {
    version: String(m.version), met: '1', juvenile: '1', guidance: 'unwholesome_entertainment',
    guardians_told: '1', guardian: '父', guardians_told_at: localHoursFromNow(-1),
    guardians_told_how: '電話', guardians_urged: '1', free_call_used: '1',
  });
  assert.equal(w.status, 422, w.text);
  assert.match(w.text, /無料通話アプリは現場接触時に交信相手から連絡があった場合に限り使用できます/);
  await expectRefusal(head, { who: 'kita-comm', path: `/meetings/${m.id}/outcome`, rule: 'R-CASE-9' });
  now = (await s['kita-comm'].get(`/api/v1/meetings/${m.id}`)).json;
  assert.equal(now.version, m.version);

  // called by the person at the meeting: allowed
  const ok = await s['kita-comm'].post(path, outcome(m.version, { free_call_used: true, free_call_person_called: true }));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.free_call_used, true);
});

test('R-CASE-4, R-CASE-7: a juvenile is guided, 不健全性的行為 with its facts, guardians told', async () => {
  const m = await instructed();
  const path = `/api/v1/meetings/${m.id}/outcome`;
  let head = auditHead(srv.db);
  const noFacts = await s['kita-comm'].post(path, outcome(m.version, { guidance: 'unwholesome_sexual_conduct' }));
  assert.equal(noFacts.status, 422, noFacts.text);
  assert.equal(noFacts.json.error.field, 'guidance_facts');
  await expectRefusal(head, { who: 'kita-comm', path, rule: 'R-CASE-7' });
  head = auditHead(srv.db);
  const untold = await s['kita-comm'].post(path, outcome(m.version, { guardians_told: false }));
  assert.equal(untold.status, 422, untold.text);
  await expectRefusal(head, { who: 'kita-comm', path, rule: 'R-CASE-4' });
  const noKind = await s['kita-comm'].post(path, outcome(m.version, { guidance: '' }));
  assert.equal(noKind.status, 422, noKind.text);
  assert.equal(noKind.json.error.field, 'guidance');
  const ok = await s['kita-comm'].post(path, outcome(m.version, {
    guidance: 'unwholesome_sexual_conduct', guidance_facts: '自ら対償を示して相手を募る書き込みを繰り返していた',
  }));
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'held');
  assert.equal(ok.json.guidance, 'unwholesome_sexual_conduct');
  assert.equal(ok.json.outcome_by, id('kita-comm'));
  // the child's identity: read back by the meeting's readers, sealed at rest
  assert.equal(ok.json.child_name, '（架空）熊本 花子');
  assert.equal(ok.json.child_birth, '2010-04-02');
  assert.equal((await s.gm.get(`/api/v1/meetings/${m.id}`)).json.guardian_name, '（架空）熊本 和子');
  assert.equal((await s['minami-manager'].get(`/api/v1/meetings/${m.id}`)).status, 403);
  for (const col of ['child_name', 'child_kana', 'child_birth', 'child_contact', 'child_school',
    'guardian_name', 'guardian_contact']) {
    const stored = sql(srv.db, `SELECT ${col} FROM meetings WHERE id = ${m.id}`);
    assert.match(stored, /^seal1:/, `${col} sealed`);
  }
  const trail = sql(srv.db, 'SELECT detail FROM audit_log');
  assert.ok(!trail.includes('熊本 花子') && !trail.includes('090-0000-0000'), 'no identity in the audit trail');
});

test('R-CASE-8, R-CASE-11: form 5 to the manager, the general manager reads it; follow-up then close', async () => {
  const m = await instructed();
  const o = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/outcome`, outcome(m.version));
  assert.equal(o.status, 200, o.text);
  const r5 = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/report-results`, { version: o.json.version });
  assert.equal(r5.status, 200, r5.text);
  assert.equal(r5.json.state, 'results_reported');
  assert.equal(r5.json.results_by, id('kita-comm'));
  // the copy: the general manager reads it and finds it in the list
  const gm = await s.gm.get(`/api/v1/meetings/${m.id}`);
  assert.equal(gm.status, 200);
  assert.equal(gm.json.state, 'results_reported');
  assert.ok((await s.gm.get('/api/v1/meetings?state=results_reported&limit=100')).json.meetings
    .some((x) => x.id === m.id));
  assert.equal((await s['minami-manager'].get(`/api/v1/meetings/${m.id}`)).status, 403);

  // R-CASE-11: a guided child is assessed before it closes
  let head = auditHead(srv.db);
  const early = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/close`, { version: r5.json.version });
  assert.equal(early.status, 422, early.text);
  await expectRefusal(head, { who: 'kita-manager', path: `/api/v1/meetings/${m.id}/close`, rule: 'R-CASE-11' });
  const a = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/assess`, {
    version: r5.json.version, victim_history: 'なし', delinquency_history: '深夜はいかいで補導歴1回',
    guidance_history: '令和7年に1回', guardian_capacity: '母が就労で不在がち', friendships: 'SNS上の成人男性と交流',
    support_needed: true,
  });
  assert.equal(a.status, 200, a.text);
  assert.equal(a.json.state, 'follow_up');
  head = auditHead(srv.db);
  const noMeasure = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/close`, { version: a.json.version });
  assert.equal(noMeasure.status, 422, noMeasure.text);
  assert.match(noMeasure.json.error.message, /措置を記録してください/);
  await expectRefusal(head, { who: 'kita-manager', path: `/api/v1/meetings/${m.id}/close`, rule: 'R-CASE-11' });
  const future = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/measures`,
    { version: a.json.version, kind: 'continued_guidance', decided_on: '2099-01-01' });
  assert.equal(future.status, 422, future.text);
  const x = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/measures`,
    { version: a.json.version, kind: 'child_guidance_centre', decided_on: today(), note: '児童相談所へ通告' });
  assert.equal(x.status, 200, x.text);
  assert.equal(x.json.measures.length, 1);
  assert.equal(x.json.measures[0].kind, 'child_guidance_centre');
  assert.equal(x.json.measures[0].decided_by, id('kita-manager'));
  const y = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/measures`,
    { version: x.json.version, kind: 'continued_guidance', decided_on: today() });
  assert.equal(y.status, 200, y.text);
  assert.equal((await s['kita-comm'].post(`/api/v1/meetings/${m.id}/close`, { version: y.json.version })).status, 403);
  const c = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/close`, { version: y.json.version, closing_note: '継続補導とする' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.state, 'closed');
  assert.equal(c.json.closed_by, id('kita-manager'));
  // the page shows it all
  const p = await page(srv, `/meetings/${m.id}`, web['kita-manager']);
  assert.equal(p.status, 200);
  assert.match(p.text, /児童相談所への通告/);
  assert.match(p.text, /終結/);
});

test('R-CASE-3: a meeting belongs to a case of the unit in communication; the case follows it and closes with it', async () => {
  // a case not yet communicating, and another unit's, are refused
  const early = await newCase('assigned');
  const body = await report({ case_id: early.id });
  const head = auditHead(srv.db);
  const r = await s['kita-comm'].post('/api/v1/meetings', body);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'case_id');
  assert.match(r.json.error.message, /交信中の事案ではない/);
  await expectRefusal(head, { who: 'kita-comm', path: '/api/v1/meetings', rule: 'R-CASE-3', field: 'case_id' });
  assert.equal((await caseNow(early.id)).state, 'assigned');
  const none = await s['kita-comm'].post('/api/v1/meetings', await report({ case_id: 999999 }));
  assert.equal(none.status, 422, none.text);
  assert.equal(none.json.error.field, 'case_id');

  const c = await newCase();
  const m = await reported({ case_id: c.id });
  assert.equal((await caseNow(c.id)).state, 'meeting');
  // messages may still be logged
  const logged = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`, {
    version: (await caseNow(c.id)).version, at: minutesAgo(1), direction: 'received', text: '（架空）着きました',
  });
  assert.equal(logged.status, 200, logged.text);
  assert.equal(logged.json.state, 'meeting');
  let v = m.version;
  for (const [who, st, b] of [['kita-assistant', 'forward', {}],
    ['kita-manager', 'instruct', { instructions: '二人一組で対応' }],
    ['kita-comm', 'outcome', { met: false }], ['kita-comm', 'report-results', {}],
    ['kita-manager', 'close', {}]]) {
    const x = await s[who].post(`/api/v1/meetings/${m.id}/${st}`, { version: v, ...b });
    assert.equal(x.status, 200, `${st}: ${x.text}`);
    v = x.json.version;
  }
  assert.equal((await caseNow(c.id)).state, 'closed');
});

test('a meeting met without a juvenile closes from its results report', async () => {
  const m = await instructed();
  const o = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/outcome`,
    { version: m.version, met: false, outcome_note: '対象者は現れなかった' });
  assert.equal(o.status, 200, o.text);
  const r5 = await s['kita-comm'].post(`/api/v1/meetings/${m.id}/report-results`, { version: o.json.version });
  assert.equal(r5.status, 200, r5.text);
  const c = await s['kita-manager'].post(`/api/v1/meetings/${m.id}/close`, { version: r5.json.version });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.json.state, 'closed');
});

test('R-CASE-10: a unit that cannot staff a meeting asks the general manager; another unit lends a female officer', async () => {
  const c = await newCase();
  const men = { case_id: c.id, staff_1: id('kita-officer'), staff_2: id('kita-assistant') };
  // no female officer of its own free: refused (R-CASE-5)
  assert.equal((await s['kita-comm'].post('/api/v1/meetings', await report(men))).status, 422);
  // only the unit's manager asks, for a case of the unit in communication
  const body = { case_id: c.id, meet_at: hoursFromNow(30), need: '女性職員1名' };
  for (const who of ['kita-comm', 'kita-assistant', 'gm', 'minami-manager']) {
    const x = await s[who].post('/api/v1/supports', { ...body, unit_id: units.KITA.id });
    assert.equal(x.status, 403, `${who}: ${x.text}`);
  }
  const early = await newCase('assigned');
  const notYet = await s['kita-manager'].post('/api/v1/supports', { ...body, case_id: early.id });
  assert.equal(notYet.status, 422, notYet.text);
  assert.equal(notYet.json.error.field, 'case_id');
  const r = await s['kita-manager'].post('/api/v1/supports', body);
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'requested');
  assert.equal(r.json.unit_id, units.KITA.id);
  // answers wait for the general manager to ask the units
  assert.equal((await s['minami-manager'].post(`/api/v1/supports/${r.json.id}/answer`,
    { version: r.json.version, answer: 'cannot' })).status, 409);
  assert.equal((await s['kita-manager'].post(`/api/v1/supports/${r.json.id}/ask`, { version: r.json.version })).status, 403);
  const asked = await s.gm.post(`/api/v1/supports/${r.json.id}/ask`, { version: r.json.version, note: '南署・八代署に要請' });
  assert.equal(asked.status, 200, asked.text);
  assert.equal(asked.json.state, 'asked');
  // the requesting unit does not answer its own request
  assert.equal((await s['kita-manager'].post(`/api/v1/supports/${r.json.id}/answer`,
    { version: asked.json.version, answer: 'cannot' })).status, 403);
  // help names the staff member lent: refused in Japanese, unchanged, audited R-CASE-10
  let head = auditHead(srv.db);
  const path = `/api/v1/supports/${r.json.id}/answer`;
  const bare = await s['minami-manager'].post(path, { version: asked.json.version, answer: 'help' });
  assert.equal(bare.status, 422, bare.text);
  assert.equal(bare.json.error.message, '応援する場合は派遣する職員を指定してください');
  await expectRefusal(head, { who: 'minami-manager', path, rule: 'R-CASE-10', field: 'lent_user_id' });
  // only the answering unit's own staff are lent
  head = auditHead(srv.db);
  const other = await s['yatsu-manager'].post(path, { version: asked.json.version, answer: 'help', lent_user_id: id('minami-comm') });
  assert.equal(other.status, 422, other.text);
  assert.equal(other.json.error.field, 'lent_user_id');
  await expectRefusal(head, { who: 'yatsu-manager', path, rule: 'R-CASE-10' });
  const help = await s['minami-manager'].post(path, { version: asked.json.version, answer: 'help', lent_user_id: id('minami-comm'), answer_note: '当日終日可' });
  assert.equal(help.status, 200, help.text);
  const again = await s['minami-manager'].post(path, { version: help.json.version, answer: 'cannot' });
  assert.equal(again.status, 409, again.text);
  assert.match(again.json.error.message, /既に回答/);
  const no = await s['yatsu-manager'].post(path, { version: help.json.version, answer: 'cannot', answer_note: '当日は署の行事' });
  assert.equal(no.status, 200, no.text);
  assert.deepEqual(no.json.answers.map((a) => [a.unit_id, a.answer, a.lent_user_id]),
    [[units.MINAMI.id, 'help', id('minami-comm')], [units.YATSUSHIRO.id, 'cannot', null]]);
  const closed = await s.gm.post(`/api/v1/supports/${r.json.id}/close`, { version: no.json.version });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');

  // the officer lent goes to the case's meeting, her sex and role the server's
  const m = await s['kita-comm'].post('/api/v1/meetings', await report({ ...men, staff_2: id('minami-comm') }));
  assert.equal(m.status, 201, m.text);
  assert.equal(m.json.staff_2_sex, 'female');
  assert.equal(m.json.staff_2_role, 'comm_officer');
  // lent for this case only
  const elsewhere = await s['kita-comm'].post('/api/v1/meetings', await report({ staff_2: id('minami-comm') }));
  assert.equal(elsewhere.status, 422, elsewhere.text);
  assert.equal(elsewhere.json.error.field, 'staff_2');
  // the report's staff are choices the server renders: the unit's staff,
  // and for this case the officer lent (no numbers typed, no script)
  const opt = (uid) => new RegExp(`<option value="${uid}"[^>]*>([^<]*)</option>`);
  const form = (await page(srv, `/meetings/new?case_id=${c.id}`, web['kita-comm'])).text;
  assert.match(form, /<select[^>]*name="staff_1"/);
  assert.match(form, new RegExp(`name="case_id"[^>]*value="${c.id}"|value="${c.id}"[^>]*name="case_id"`));
  for (const who of ['kita-comm', 'kita-officer', 'kita-manager']) assert.match(form, opt(id(who)), who);
  assert.match(form.match(opt(id('minami-comm')))[1], /応援/);
  assert.doesNotMatch(form, opt(id('minami-officer')));
  const plain = (await page(srv, `/meetings/new?case_id=${(await newCase()).id}`, web['kita-comm'])).text;
  assert.doesNotMatch(plain, opt(id('minami-comm')));
  assert.match(plain, opt(id('kita-officer')));
  // the web page of the request shows the answers
  const p = await page(srv, `/supports/${r.json.id}`, web['kita-manager']);
  assert.equal(p.status, 200);
  assert.match(p.text, /応援する/);
  assert.match(p.text, /応援できない/);
});
