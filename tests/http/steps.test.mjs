// steps.test.mjs - the workflow steps as data (issue 8): every step of a
// workflow is one struct step taken by one handler per front end, so a
// step out of order is refused alike on the web and through the API - 409
// with one message naming the record's state and the step, the refusal
// in the audit trail as state:KIND/EVENT, nothing changed - for each
// workflow: borrowing applications (also an extension whose loan is no
// longer open), loans (the close keeps its handler but not its own
// check), take-outs, SNS-service applications, security exceptions,
// screenshots and designations.  And a body refused on the web shows the
// record's page again with the message beside the field, as the API
// names it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page, auditEntries, auditHead,
  changesSince,
} from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';
import { addDays, hoursFromNow, today } from '../lib/dates.mjs';

let srv;
const s = {};
const web = {};
const WHO = ['admin', 'gm', 'infosec', 'kita-manager', 'kita-assistant',
  'kita-officer', 'kita-comm'];

before(async () => {
  srv = await startServer();
  for (const who of WHO) s[who] = as(srv, await login(srv, who));
  for (const who of WHO) web[who] = (await webLogin(srv, who)).cookie;
});
after(async () => { await srv.stop(); });

async function application(body = {}) {
  const start = today();
  const a = await s['kita-manager'].post('/api/v1/applications', {
    consulted_on: start, consulted_with: '松本 正義', consultation: '合意', start,
    due: addDays(start, 90), purpose: 'サイバーパトロール', ...body,
  });
  assert.equal(a.status, 201, a.text);
  return a.json;
}

const receivedLoan = () => loans.receivedLoan(s, { prefix: 'SN-ST' });

// POST a web form as a logged-in browser; the csrf field comes from `from`.
async function postForm(who, from, path, fields) {
  const csrf = csrfField((await page(srv, from, web[who])).text);
  assert.ok(csrf, `${from} carries a csrf field`);
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web[who], 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: r.status, text: await r.text() };
}

async function refusalsAfter(seq) {
  const list = await auditEntries(srv, s.admin.session, '?limit=200');
  return list.filter((e) => e.seq > seq && e.action === 'request.refused');
}

/*
 * The step at `step` (a path below /api/v1 and the web root) refused by
 * both front ends alike: 409 with `message` (the API's, shown on the web
 * page), one refusal each in the trail with `rule`, no change written.
 */
async function refusedAlike(who, step, from, body, message, rule) {
  let head = auditHead(srv.db);
  const a = await s[who].post(`/api/v1${step}`, body);
  assert.equal(a.status, 409, a.text);
  assert.equal(a.json.error.code, 'invalid_state', a.text);
  assert.equal(a.json.error.message, message);
  let found = await refusalsAfter(head);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].detail.rule, rule);
  assert.deepEqual(changesSince(srv.db, head), []);

  head = auditHead(srv.db);
  const fields = {};
  for (const [k, v] of Object.entries(body)) fields[k] = String(v);
  const w = await postForm(who, from, step, fields);
  assert.equal(w.status, 409, w.text.slice(0, 300));
  assert.ok(w.text.includes(message), `the web page says: ${message}`);
  found = await refusalsAfter(head);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].detail.rule, rule);
  assert.equal(found[0].detail.message, message, 'web and API give one message');
  assert.deepEqual(changesSince(srv.db, head), []);
}

test('R-DEV-2: a decision on a decided application is refused alike, naming its state', async () => {
  const a = await application();
  const ok = await s.gm.post(`/api/v1/applications/${a.id}/approve`, { version: a.version });
  assert.equal(ok.status, 200, ok.text);
  await refusedAlike('gm', `/applications/${a.id}/refuse`, `/applications/${a.id}`,
    { version: ok.json.version, reason: '不要' },
    'この申請は現在の状態（承認）では不承認できません。', 'state:applications/refuse');
  const now = (await s.gm.get(`/api/v1/applications/${a.id}`)).json;
  assert.equal(now.state, 'approved');
});

test('R-DEV-8: approving an extension of a loan no longer open is refused alike, naming the loan', async () => {
  const loan = await receivedLoan();
  const ext = await s['kita-manager'].post('/api/v1/applications', {
    kind: 'extension', loan_id: loan.id, consulted_on: today(), consulted_with: '松本 正義',
    consultation: '延長で合意', due: addDays(loan.due, 30), purpose: '継続して使用',
  });
  assert.equal(ext.status, 201, ext.text);
  const ret = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`, {
    version: loan.version, accounts: [], apps_uninstalled: true, device_restored: true,
    accessories_present: true,
  });
  assert.equal(ret.status, 200, ret.text);
  await refusedAlike('gm', `/applications/${ext.json.id}/approve`, `/applications/${ext.json.id}`,
    { version: ext.json.version }, 'この貸出は現在の状態（返却手続済（本部確認待ち））では延長できません。',
    'state:applications/approve');
  assert.equal((await s.gm.get(`/api/v1/applications/${ext.json.id}`)).json.state, 'submitted');
});

test('R-DEV-9: closing a loan not yet returned is refused alike (its own handler, the step\'s check)', async () => {
  const loan = await receivedLoan();
  await refusedAlike('gm', `/loans/${loan.id}/close`, '/loans',
    { version: loan.version, anomaly: false },
    'この貸出は現在の状態（受領・教養済）では返却確認できません。', 'state:loans/close');
  assert.equal((await s.gm.get(`/api/v1/loans/${loan.id}`)).json.state, 'received');
});

test('R-DEV-7: reporting a take-out not yet permitted is refused alike', async () => {
  const loan = await receivedLoan();
  const t = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '熊本市内', reason: '街頭補導',
  });
  assert.equal(t.status, 201, t.text);
  await refusedAlike('kita-comm', `/takeouts/${t.json.id}/report`, `/takeouts/${t.json.id}`,
    { version: t.json.version, no_loss_or_damage: true, results: '異常なし' },
    'この持出しは現在の状態（申請中）では返納・結果報告できません。', 'state:takeouts/report');
});

test('R-DEV-7: a refusal without its reason on the web shows the take-out again with the API\'s message beside the field', async () => {
  const loan = await receivedLoan();
  const t = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '熊本市内', reason: '街頭補導',
  });
  assert.equal(t.status, 201, t.text);
  const a = await s['kita-assistant'].post(`/api/v1/takeouts/${t.json.id}/refuse`,
    { version: t.json.version, reason: '' });
  assert.equal(a.status, 422, a.text);
  assert.equal(a.json.error.field, 'reason');
  const w = await postForm('kita-assistant', `/takeouts/${t.json.id}`, `/takeouts/${t.json.id}/refuse`,
    { version: String(t.json.version), reason: '' });
  assert.equal(w.status, 422, w.text.slice(0, 300));
  assert.match(w.text, /id="f-reason-error"/, 'the message stands beside the reason');
  assert.ok(w.text.includes(a.json.error.message));
  assert.match(w.text, /持出しを許可する/, 'the take-out page, its forms offered again');
  assert.equal((await s['kita-comm'].get(`/api/v1/takeouts/${t.json.id}`)).json.state, 'requested');
});

test('R-SVC-4: a deletion acknowledged twice is refused alike', async () => {
  const loan = await receivedLoan();
  const x = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle: `@kita_steps_${Date.now()}`,
    purpose: '少年の有害情報の把握',
  });
  assert.equal(x.status, 201, x.text);
  // R-SVC-2: the chain to in force
  let cur = x.json;
  for (const [who, step, body] of [['kita-manager', 'permit', {}], ['gm', 'forward', {}],
    ['infosec', 'measures', { measures: '投稿の監視', agreed_with_manager: true,
      agreed_with_general_manager: true }]]) {
    const r = await s[who].post(`/api/v1/services/${cur.id}/${step}`, { version: cur.version, ...body });
    assert.equal(r.status, 200, r.text);
    cur = r.json;
  }
  assert.equal(cur.state, 'in_force');
  const del = await s['kita-assistant'].post(`/api/v1/services/${x.json.id}/delete`,
    { version: cur.version });
  assert.equal(del.status, 200, del.text);
  const ack = await s['kita-manager'].post(`/api/v1/services/${x.json.id}/acknowledge`,
    { version: del.json.version });
  assert.equal(ack.status, 200, ack.text);
  await refusedAlike('kita-manager', `/services/${x.json.id}/acknowledge`, `/services/${x.json.id}`,
    { version: ack.json.version },
    'この申請は現在の状態（アカウント削除済）では削除報告の確認できません。',
    'state:services/acknowledge');
});

test('R-EXC-1..3: refusing an approved exception is refused alike', async () => {
  const e = await s.gm.post('/api/v1/exceptions', {
    kind: 'screenshot', scope: '熊本北警察署のサイバーパトロール', purpose: '証拠保全',
  });
  assert.equal(e.status, 201, e.text);
  const ok = await s.infosec.post(`/api/v1/exceptions/${e.json.id}/approve`, {
    version: e.json.version, scope: '北署のみ', valid_from: addDays(today(), -1),
    valid_until: addDays(today(), 30),
  });
  assert.equal(ok.status, 200, ok.text);
  await refusedAlike('infosec', `/exceptions/${e.json.id}/refuse`, `/exceptions/${e.json.id}`,
    { version: ok.json.version, reason: '不要' },
    'この例外措置は現在の状態（承認）では不承認できません。',
    'state:exceptions/refuse');
});

test('R-EXC-3: a screenshot disposed of twice is refused alike', async () => {
  const loan = await receivedLoan();
  const sh = await s['kita-comm'].post('/api/v1/screenshots', {
    loan_id: loan.id, case_ref: '令和7年北少第12号',
    taken_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    reason: 'SNS投稿の保全',
  });
  assert.equal(sh.status, 201, sh.text);
  const moved = await s['kita-assistant'].post(`/api/v1/screenshots/${sh.json.id}/move`,
    { version: sh.json.version, note: '捜査用携帯パソコンへ' });
  assert.equal(moved.status, 200, moved.text);
  await refusedAlike('kita-assistant', `/screenshots/${sh.json.id}/delete`, `/screenshots/${sh.json.id}`,
    { version: moved.json.version },
    'このスクリーンショットは現在の状態（捜査用携帯パソコンへ移管済）では削除できません。',
    'state:screenshots/delete');
});

// Last: it ends a designation of the demo.
test('R-ROLE-4: revoking a revoked designation is refused alike', async () => {
  const list = (await s['kita-manager'].get('/api/v1/designations')).json.designations;
  const d = list.find((x) => x.state === 'active' && x.role === 'communication_officer');
  assert.ok(d, 'a communication officer of the unit is designated');
  const r = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: d.version, reason: '異動' });
  assert.equal(r.status, 200, r.text);
  await refusedAlike('kita-manager', `/designations/${d.id}/revoke`, `/designations/${d.id}`,
    { version: r.json.version },
    'この指定は現在の状態（指定解除）では指定解除できません。',
    'state:designations/revoke');
});
