// designations.test.mjs - designations through the JSON API (R-ROLE-4,
// R-ROLE-5): the demo's officers stand in form 1, the manager designates
// (with the exception reason below 警部補, with the grounds for a
// communication officer; the rank is the user's recorded one, never sent),
// the general manager reads every unit's register,
// another station and the wrong role are refused, and a revocation takes
// effect at once, also for a session already logged in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, unitsByCode, usersByLogin, webLogin, csrfField, page,
} from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';
import { hoursFromNow } from '../lib/dates.mjs';

let srv;
const s = {};
let units;
let users;
let sergeant; // a KITA user recorded as 巡査部長

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-assistant']) {
    s[who] = as(srv, await login(srv, who));
  }
  units = await unitsByCode(srv, s.gm.session);
  users = await usersByLogin(srv, s.gm.session);
  const u = await s.admin.post('/api/v1/users', {
    login: 'kita-sergeant', name: '木村 健太', name_kana: 'きむら けんた', rank: 'junsabucho',
    sex: 'male', unit_id: units.KITA.id, password: 'kita-sergeant-password-1',
  });
  assert.equal(u.status, 201, u.text);
  sergeant = u.json;
});
after(async () => { await srv.stop(); });

// A device received by KITA, so a take-out can be asked for (R-DEV-4).
const receivedLoan = () => loans.receivedLoan(s, { prefix: 'SN-D' });
const takeout = (loan) => s['kita-comm'].post('/api/v1/takeouts', { loan_id: loan.id,
  out_at: hoursFromNow(1), expected_back: hoursFromNow(2), destination: '熊本市内', reason: '街頭補導' });

test('R-ROLE-4, R-ROLE-5: the demo officers are designated in form 1', async () => {
  const reg = await s['kita-manager'].get('/api/v1/designation-register');
  assert.equal(reg.status, 200, reg.text);
  const kita = reg.json.entries.filter((e) => e.unit_id === units.KITA.id);
  assert.ok(kita.some((e) => e.user_id === users['kita-officer'].id &&
    e.role === 'operations_officer' && e.event === 'designate' && e.rank === 'keibuho'));
  assert.ok(kita.some((e) => e.user_id === users['kita-comm'].id &&
    e.role === 'communication_officer' && e.knowledge && e.aptitude));
  // a station's register is its own; the general manager reads them all
  assert.ok(reg.json.entries.every((e) => e.unit_id === units.KITA.id));
  const all = await s.gm.get('/api/v1/designation-register');
  assert.equal(all.status, 200, all.text);
  assert.ok(all.json.entries.some((e) => e.unit_id === units.MINAMI.id));
  assert.ok(all.json.entries.some((e) => e.unit_id === units.KITA.id));
  // officers do not read the register
  const off = await s['kita-comm'].get(`/api/v1/designations/${kita[0].designation_id}`);
  assert.equal(off.status, 403, off.text);
});

// Changed with issue 8: the body no longer says the rank; the person is one
// whose recorded rank is 巡査部長 (kita-assistant, used before, is 警部).
test('R-ROLE-4: below 警部補 needs the exception reason; only the unit manager designates', async () => {
  const body = { user_id: sergeant.id, role: 'operations_officer' };
  const before = (await s.gm.get('/api/v1/designation-register')).json.entries.length;
  const noReason = await s['kita-manager'].post('/api/v1/designations', body);
  assert.equal(noReason.status, 422, noReason.text);
  assert.equal(noReason.json.error.field, 'exception_reason');
  const byAssistant = await s['kita-assistant'].post('/api/v1/designations',
    { ...body, exception_reason: '適任者不在' });
  assert.equal(byAssistant.status, 403, byAssistant.text);
  const byGm = await s.gm.post('/api/v1/designations', { ...body, exception_reason: '適任者不在' });
  assert.equal(byGm.status, 403, byGm.text);
  // another station's manager: refused
  const cross = await s['minami-manager'].post('/api/v1/designations',
    { ...body, exception_reason: '適任者不在' });
  assert.equal(cross.status, 403, cross.text);
  const badRole = await s['kita-manager'].post('/api/v1/designations',
    { ...body, role: 'manager', exception_reason: 'x' });
  assert.equal(badRole.status, 422, badRole.text);
  const unknown = await s['kita-manager'].post('/api/v1/designations', { ...body, extra: 1 });
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal((await s.gm.get('/api/v1/designation-register')).json.entries.length, before);

  const ok = await s['kita-manager'].post('/api/v1/designations',
    { ...body, exception_reason: '署に警部補の適任者がいないため' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.state, 'active');
  assert.equal(ok.json.rank, 'junsabucho');
  const again = await s['kita-manager'].post('/api/v1/designations',
    { ...body, exception_reason: '再度' });
  assert.equal(again.status, 409, again.text);
  const roles = await s.gm.get(`/api/v1/roles`);
  assert.ok(roles.json.roles.some((r) => r.user_id === sergeant.id &&
    r.role === 'operations_officer'));
});

test('R-ROLE-5: a communication officer needs knowledge and aptitude', async () => {
  const body = { user_id: users['minami-assistant'].id, role: 'communication_officer' };
  const r = await s['minami-manager'].post('/api/v1/designations', { ...body, knowledge: '研修修了' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'aptitude');
  const ok = await s['minami-manager'].post('/api/v1/designations',
    { ...body, knowledge: '研修修了', aptitude: '冷静な対応' });
  assert.equal(ok.status, 201, ok.text);
  // kita's manager cannot revoke minami's designation
  const cross = await s['kita-manager'].post(`/api/v1/designations/${ok.json.id}/revoke`,
    { version: ok.json.version });
  assert.equal(cross.status, 403, cross.text);
  const list = await s['kita-manager'].get('/api/v1/designations');
  assert.ok(list.json.designations.every((d) => d.unit_id === units.KITA.id));
});

test('R-ROLE-5: revoking takes effect at once, also for an open session; re-designation restores', async () => {
  const list = await s['kita-manager'].get('/api/v1/designations');
  const d = list.json.designations.find((x) => x.user_id === users['kita-comm'].id &&
    x.role === 'communication_officer');
  assert.ok(d, list.text);
  const loan = await receivedLoan();
  // the officer asks for a take-out in the session opened before
  const pre = await takeout(loan);
  assert.equal(pre.status, 201, pre.text);
  const stale = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: d.version + 1 });
  assert.equal(stale.status, 409, stale.text);
  const rv = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: d.version, reason: '異動のため' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.state, 'revoked');
  // the same logged-in session is refused on its next request
  const after = await takeout(loan);
  assert.equal(after.status, 403, after.text);
  const twice = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: rv.json.version });
  assert.equal(twice.status, 409, twice.text);
  const reg = await s.gm.get(`/api/v1/designation-register?unit_id=${units.KITA.id}`);
  assert.ok(reg.json.entries.some((e) => e.designation_id === d.id && e.event === 'revoke' &&
    e.reason === '異動のため'));
  const back = await s['kita-manager'].post(`/api/v1/designations/${d.id}/redesignate`, {
    version: rv.json.version, knowledge: '研修修了', aptitude: '適性あり',
  });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'active');
  const ok = await takeout(loan);
  assert.equal(ok.status, 201, ok.text);
});

// POST a web form as a logged-in browser session; {status, text}.
async function postForm(cookie, path, fields) {
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test('R-ROLE-4, R-ROLE-5: the web form with bad input is shown again with its messages; nothing is written', async () => {
  const { cookie } = await webLogin(srv, 'kita-manager');
  const list = await page(srv, '/designations', cookie);
  assert.equal(list.status, 200);
  const csrf = csrfField(list.text);
  assert.ok(csrf, 'the form carries its csrf field');
  const count = async () => (await s.gm.get('/api/v1/designation-register')).json.entries.length;
  const before = await count();

  // no user chosen
  const noUser = await postForm(cookie, '/designations', {
    csrf, role: 'communication_officer', knowledge: '研修修了', aptitude: '適性あり',
  });
  assert.equal(noUser.status, 422, noUser.text);
  assert.match(noUser.text, /<select[^>]*id="f-user_id"[^>]*aria-invalid="true"/);
  // the descriptor's message for a choice not made, as the API gives it (issue 8)
  assert.match(noUser.text, /id="f-user_id-error">選んでください</);
  assert.match(noUser.text, />研修修了</, 'the entered text is kept');

  // R-ROLE-5: a communication officer without the aptitude
  const noAptitude = await postForm(cookie, '/designations', {
    csrf, user_id: String(users['kita-assistant'].id), role: 'communication_officer',
    knowledge: '研修修了', aptitude: '',
  });
  assert.equal(noAptitude.status, 422, noAptitude.text);
  assert.match(noAptitude.text, /<textarea[^>]*id="f-aptitude"[^>]*aria-invalid="true"/);
  assert.match(noAptitude.text, /適性を入力してください/);
  assert.equal(await count(), before);

  // R-ROLE-5 on re-designation: the designation's page shows its form again
  const d = (await s['kita-manager'].get('/api/v1/designations')).json.designations
    .find((x) => x.state === 'active' && x.role === 'communication_officer');
  assert.ok(d);
  const rv = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: d.version, reason: '異動のため' });
  assert.equal(rv.status, 200, rv.text);
  const shown = await page(srv, `/designations/${d.id}`, cookie);
  assert.equal(shown.status, 200);
  const again = await postForm(cookie, `/designations/${d.id}/redesignate`, {
    csrf, version: String(rv.json.version), knowledge: '', aptitude: '適性あり',
  });
  assert.equal(again.status, 422, again.text);
  assert.match(again.text, /<textarea[^>]*id="f-knowledge"[^>]*aria-invalid="true"/);
  assert.match(again.text, /サイバーパトロールの知識を入力してください/);
  const now = await s['kita-manager'].get(`/api/v1/designations/${d.id}`);
  assert.equal(now.json.state, 'revoked');
  assert.equal(now.json.version, rv.json.version);
  assert.equal(await count(), before + 1, 'only the revocation was written');
});
