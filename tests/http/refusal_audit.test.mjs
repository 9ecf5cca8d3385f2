// refusal_audit.test.mjs - every refusal by a rule is written to the audit
// trail with the rule that refused (issue 8, ASVS 16.3.3): the same rule
// through the JSON API and through the web form, each refused with
// nothing changed, and an entry "request.refused" naming the rule, the
// path and the user.  A loan over one year without a reason (R-DEV-2), a
// step out of order (409, state), a stale version (409, version), a
// take-out before the SNS accounts are permitted (R-DEV-6).  Malformed
// input (400) and reads are not written; the hash chain still verifies.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page, auditEntries, auditHead,
  changesSince, cli,
} from '../lib/server.mjs';
import { addMonths, hoursFromNow, today } from '../lib/dates.mjs';

let srv;
const s = {};
const web = {};

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-officer', 'kita-comm']) {
    s[who] = as(srv, await login(srv, who));
  }
  for (const who of ['gm', 'kita-officer', 'kita-comm']) {
    web[who] = (await webLogin(srv, who)).cookie;
  }
});
after(async () => { await srv.stop(); });

// A datetime-local value in Asia/Tokyo, as the web form takes it.
const localHoursFromNow = (h) => new Date(Date.now() + (h + 9) * 3600e3).toISOString().slice(0, 16);

let serial = 0;
async function application(months) {
  const start = today();
  const a = await s['kita-manager'].post('/api/v1/applications', {
    consulted_on: start, consulted_with: '松本 正義', consultation: '合意', start,
    due: addMonths(start, months), purpose: 'サイバーパトロール',
  });
  assert.equal(a.status, 201, a.text);
  return a.json;
}

async function lentLoan() {
  serial += 1;
  const d = await s.gm.post('/api/v1/devices', {
    model: 'AQUOS sense8', serial: `SN-R-${serial}-${Date.now()}`, phone: '090-0000-0000',
  });
  assert.equal(d.status, 201, d.text);
  const a = await application(6);
  const ok = await s.gm.post(`/api/v1/applications/${a.id}/approve`, { version: a.version });
  assert.equal(ok.status, 200, ok.text);
  const l = await s.gm.post('/api/v1/loans', { application_id: a.id, device_id: d.json.id });
  assert.equal(l.status, 201, l.text);
  return l.json;
}

const training = (version) => ({ version, trained_on: today(), trainer: '井上 直樹', topics: '端末管理' });

async function receivedLoan() {
  const l = await lentLoan();
  const r = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`, training(l.version));
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const loanNow = async (id) => (await s.gm.get(`/api/v1/loans/${id}`)).json;

// POST a web form as a logged-in browser; the csrf field comes from `from`.
async function postForm(cookie, from, path, fields) {
  const csrf = csrfField((await page(srv, from, cookie)).text);
  assert.ok(csrf, `${from} carries a csrf field`);
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: r.status, text: await r.text() };
}

// The request.refused entries written after seq, oldest first (read as admin).
async function refusalsAfter(seq) {
  const list = await auditEntries(srv, s.admin.session, '?limit=200');
  return list.filter((e) => e.seq > seq && e.action === 'request.refused').reverse();
}

// Exactly one refusal after seq, by who on path, with rule and status.
async function expectRefusal(seq, { who, method = 'POST', path, rule, status, field }) {
  const found = await refusalsAfter(seq);
  assert.equal(found.length, 1, JSON.stringify(found));
  const e = found[0];
  assert.equal(e.actor_login, who);
  assert.equal(e.detail.method, method);
  assert.equal(e.detail.path, path);
  assert.equal(e.detail.status, status);
  assert.equal(e.detail.rule, rule, JSON.stringify(e.detail));
  if (field !== undefined) assert.equal(e.detail.field, field);
  assert.ok(e.detail.message.length > 0, 'the message the user got is kept');
  // nothing but the refusal was written: no change entry
  assert.deepEqual(changesSince(srv.db, seq), []);
  return e;
}

test('R-DEV-2: approving a loan over one year without a reason, API and web: refused, audited with R-DEV-2', async () => {
  // API
  const a = await application(13);
  let head = auditHead(srv.db);
  const r = await s.gm.post(`/api/v1/applications/${a.id}/approve`, { version: a.version });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'rule_violation');
  let e = await expectRefusal(head, {
    who: 'gm', path: `/api/v1/applications/${a.id}/approve`, rule: 'R-DEV-2', status: 422,
    field: 'exception_reason',
  });
  assert.equal(e.detail.message, r.json.error.message);
  let now = (await s.gm.get(`/api/v1/applications/${a.id}`)).json;
  assert.equal(now.state, 'submitted');
  assert.equal(now.version, a.version);

  // web: the same rule on the form
  head = auditHead(srv.db);
  const w = await postForm(web.gm, `/applications/${a.id}`, `/applications/${a.id}/approve`,
    { version: String(a.version), reason: '', exception_reason: '' });
  assert.equal(w.status, 422, w.text);
  assert.match(w.text, /借用期間が原則の上限を超えています/);
  e = await expectRefusal(head, {
    who: 'gm', path: `/applications/${a.id}/approve`, rule: 'R-DEV-2', status: 422,
    field: 'exception_reason',
  });
  assert.match(e.detail.message, /^借用期間が原則の上限を超えています/);
  now = (await s.gm.get(`/api/v1/applications/${a.id}`)).json;
  assert.equal(now.state, 'submitted');
  assert.equal(now.version, a.version);
});

test('a step out of order (409), API and web: refused, audited with the kind and event', async () => {
  const l = await receivedLoan();
  let head = auditHead(srv.db);
  const r = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`, training(l.version));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'invalid_state');
  const e = await expectRefusal(head, {
    who: 'kita-officer', path: `/api/v1/loans/${l.id}/receive`, rule: 'state:loans/receive',
    status: 409,
  });
  assert.match(e.detail.message, /受領・教養済/, 'the API names the state it was in');

  head = auditHead(srv.db);
  const w = await postForm(web['kita-officer'], `/loans/${l.id}`, `/loans/${l.id}/receive`,
    { ...training(String(l.version)) });
  assert.equal(w.status, 409, w.text);
  await expectRefusal(head, {
    who: 'kita-officer', path: `/loans/${l.id}/receive`, rule: 'state:loans/receive', status: 409,
  });
  const now = await loanNow(l.id);
  assert.equal(now.state, 'received');
  assert.equal(now.version, l.version);
});

test('a stale version (409), API and web: refused, audited as "version"', async () => {
  const l = await lentLoan();
  let head = auditHead(srv.db);
  const r = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`, training(l.version + 5));
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'conflict');
  await expectRefusal(head, {
    who: 'kita-officer', path: `/api/v1/loans/${l.id}/receive`, rule: 'version', status: 409,
  });

  head = auditHead(srv.db);
  const w = await postForm(web['kita-officer'], `/loans/${l.id}`, `/loans/${l.id}/receive`,
    { ...training(String(l.version + 5)) });
  assert.equal(w.status, 409, w.text);
  assert.match(w.text, /他の職員がこの記録を更新しました/);
  await expectRefusal(head, {
    who: 'kita-officer', path: `/loans/${l.id}/receive`, rule: 'version', status: 409,
  });
  const now = await loanNow(l.id);
  assert.equal(now.state, 'lent');
  assert.equal(now.version, l.version);
});

test('R-DEV-6: a take-out before the SNS account is permitted, API and web: refused, audited with R-DEV-6', async () => {
  const l = await receivedLoan();
  const svc = await s['kita-assistant'].post('/api/v1/services', {
    device_id: l.device_id, service: 'X', handle: '@kita_refusal', purpose: '少年の有害情報の把握',
  });
  assert.equal(svc.status, 201, svc.text);
  const takeouts = async () => (await s['kita-comm'].get('/api/v1/takeouts')).json.takeouts
    .filter((t) => t.loan_id === l.id).length;

  let head = auditHead(srv.db);
  const r = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: l.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '熊本市内', reason: '街頭補導',
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'rule_violation');
  await expectRefusal(head, {
    who: 'kita-comm', path: '/api/v1/takeouts', rule: 'R-DEV-6', status: 422, field: 'loan_id',
  });

  head = auditHead(srv.db);
  const w = await postForm(web['kita-comm'], `/loans/${l.id}/takeouts/new`, `/loans/${l.id}/takeouts`, {
    out_at: localHoursFromNow(1), expected_back: localHoursFromNow(2),
    destination: '熊本市内', reason: '街頭補導',
  });
  assert.equal(w.status, 422, w.text);
  assert.match(w.text, /利用の許可を受けていない外部サービスがあるため使用できません/);
  const e = await expectRefusal(head, {
    who: 'kita-comm', path: `/loans/${l.id}/takeouts`, rule: 'R-DEV-6', status: 422,
  });
  assert.equal(e.detail.message, r.json.error.message, 'web and API give the same reason');
  assert.equal(await takeouts(), 0);
});

test('a refusal without a known rule is still written, with rule ""', async () => {
  const l = await lentLoan();
  const head = auditHead(srv.db);
  const r = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`,
    { ...training(l.version), trained_on: '2999-01-01' });
  assert.equal(r.status, 422, r.text);
  await expectRefusal(head, {
    who: 'kita-officer', path: `/api/v1/loans/${l.id}/receive`, rule: '', status: 422,
    field: 'trained_on',
  });
});

test('malformed input (400), reads and anonymous requests are not written as refusals', async () => {
  const l = await lentLoan();
  const head = auditHead(srv.db);
  const unknown = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`,
    { ...training(l.version), colour: 'red' });
  assert.equal(unknown.status, 400, unknown.text);
  const badJson = await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`, '{');
  assert.equal(badJson.status, 400, badJson.text);
  const badQuery = await page(srv, '/audit?before=x', web.gm);
  assert.equal(badQuery.status, 422);
  const anon = await fetch(`${srv.url}/api/v1/loans/${l.id}/receive`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(training(l.version)),
  });
  assert.equal(anon.status, 401);
  assert.deepEqual(await refusalsAfter(head), []);
});

test('the web audit screen labels the refusal and shows its rule', async () => {
  const a = await application(13);
  await s.gm.post(`/api/v1/applications/${a.id}/approve`, { version: a.version });
  const { cookie } = await webLogin(srv, 'admin');
  const p = await page(srv, '/audit', cookie);
  assert.equal(p.status, 200);
  assert.match(p.text, /規則による拒否/);
  assert.match(p.text, /規則・理由/);
  assert.ok(p.text.includes(`POST /api/v1/applications/${a.id}/approve`), 'the refused request');
  assert.match(p.text, /R-DEV-2：借用期間が原則の上限を超えています/);
});

test('`mamori audit verify` accepts the trail with the refusals written', async () => {
  assert.ok((await refusalsAfter(0)).length >= 8);
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
