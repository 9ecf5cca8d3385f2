// one_way_roles.test.mjs - issue 8, holes 2 and 3 (R-ROLE-4, R-ROLE-5).
//
// Hole 2: a designation rests on the rank recorded for the user, never on
// one the request says: a 巡査部長 sent as 警部補 is refused (the body may not
// carry a rank at all), and designated only with the exception reason, the
// register entry recording 巡査部長.
//
// Hole 3: operations and communication officers are given and ended only
// through the designation register (form 1).  The role API, the user page's
// role form and `mamori user grant/revoke` refuse them with a message that
// names form 1, and change nothing: the role table, the designations and the
// audit trail stay as they were.
//
// Also: the 409 answers of users and units are in Japanese.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, items, record, unitsByCode, usersByLogin, auditHead, changesSince,
  webLogin, csrfField, page, cli, sql,
} from '../lib/server.mjs';

const RULE_MSG = '警部補（同相当職を含む。）以外の者を指定する理由を入力してください';
const FORM1 = '交信担当者指定簿（様式第1号）';

let srv;
let admin;
let km; // kita-manager: designates KITA's officers
let gm; // the general manager reads every unit's register
let units;
let users;
let sergeant; // a KITA user whose recorded rank is 巡査部長

before(async () => {
  srv = await startServer();
  admin = as(srv, await login(srv, 'admin'));
  km = as(srv, await login(srv, 'kita-manager'));
  gm = as(srv, await login(srv, 'gm'));
  units = await unitsByCode(srv, admin.session);
  users = await usersByLogin(srv, admin.session);
  const u = await admin.post('/api/v1/users', {
    login: 'kita-sgt', name: '木村 健太', name_kana: 'きむら けんた', rank: 'junsabucho',
    sex: 'male', unit_id: units.KITA.id, password: 'kita-sgt-password-0001',
  });
  assert.equal(u.status, 201, u.text);
  sergeant = record(u.json, 'user');
});
after(async () => { await srv.stop(); });

// The administrator is no directive role: the register and the
// designations are read as the general manager, who sees every unit's.
async function register() {
  const r = await gm.get('/api/v1/designation-register');
  assert.equal(r.status, 200, r.text);
  return r.json.entries;
}
async function designations() {
  const r = await gm.get('/api/v1/designations');
  assert.equal(r.status, 200, r.text);
  return r.json.designations;
}
async function roles() {
  const r = await admin.get('/api/v1/roles');
  assert.equal(r.status, 200, r.text);
  return items(r.json);
}

// Everything a refused designation or role move could have changed.
async function snapshot() {
  return { register: await register(), roles: await roles(), designations: await designations(),
    head: auditHead(srv.db) };
}
async function assertUnchanged(before, what) {
  assert.ok(before.register.length > 0 && before.designations.length > 0, 'the demo register is read');
  assert.deepEqual(await register(), before.register, `${what}: the register`);
  assert.deepEqual(await roles(), before.roles, `${what}: the role table`);
  assert.deepEqual(await designations(), before.designations, `${what}: the designations`);
  assert.deepEqual(changesSince(srv.db, before.head), [], `${what}: no change audited`);
}

// POST a web form as a logged-in browser session; {status, text}.
async function postForm(cookie, path, fields) {
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

// ---- hole 2: the rank is the recorded one ---------------------------------

test('R-ROLE-4 (hole 2): a rank in the designation body is refused as an unknown field; nothing is written', async () => {
  const before = await snapshot();
  for (const rank of ['keibuho', 'junsabucho']) {
    const r = await km.post('/api/v1/designations',
      { user_id: sergeant.id, role: 'operations_officer', rank });
    assert.ok([400, 422].includes(r.status), r.text);
    assert.equal(r.json.error.field, 'rank', r.text);
  }
  await assertUnchanged(before, 'rank sent');
});

test('R-ROLE-4 (hole 2): a 巡査部長 without the exception reason is refused with the rule message; nothing is written', async () => {
  const before = await snapshot();
  const r = await km.post('/api/v1/designations',
    { user_id: sergeant.id, role: 'operations_officer' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'exception_reason');
  assert.equal(r.json.error.message, RULE_MSG);
  const blank = await km.post('/api/v1/designations',
    { user_id: sergeant.id, role: 'operations_officer', exception_reason: '　 ' });
  assert.equal(blank.status, 422, blank.text);
  assert.equal(blank.json.error.message, RULE_MSG);
  await assertUnchanged(before, 'no reason');
});

test('R-ROLE-4 (hole 2): the web form refuses alike and shows the recorded rank read-only', async () => {
  const { cookie } = await webLogin(srv, 'kita-manager');
  const list = await page(srv, '/designations', cookie);
  assert.equal(list.status, 200);
  assert.doesNotMatch(list.text, /name="rank"/, 'no rank field');
  assert.match(list.text, /木村 健太（巡査部長）/, 'the recorded rank beside the name');
  const csrf = csrfField(list.text);
  const before = await snapshot();
  const sent = await postForm(cookie, '/designations', {
    csrf, user_id: String(sergeant.id), role: 'operations_officer', rank: 'keibuho',
  });
  assert.ok([400, 422].includes(sent.status), `rank posted: ${sent.status}`);
  const noReason = await postForm(cookie, '/designations', {
    csrf, user_id: String(sergeant.id), role: 'operations_officer',
    exception_reason: '', knowledge: '', aptitude: '',
  });
  assert.equal(noReason.status, 422, noReason.text);
  assert.match(noReason.text, /<textarea[^>]*id="f-exception_reason"[^>]*aria-invalid="true"/);
  assert.ok(noReason.text.includes(RULE_MSG));
  await assertUnchanged(before, 'web');
});

test('R-ROLE-4 (hole 2): with the reason the 巡査部長 is designated, and form 1 records 巡査部長; re-designation alike', async () => {
  const ok = await km.post('/api/v1/designations', {
    user_id: sergeant.id, role: 'operations_officer',
    exception_reason: '署に警部補の適任者がいないため',
  });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.rank, 'junsabucho');
  let entries = (await register()).filter((e) => e.designation_id === ok.json.id);
  assert.equal(entries.length, 1);
  assert.equal(entries[0].event, 'designate');
  assert.equal(entries[0].rank, 'junsabucho');

  const rv = await km.post(`/api/v1/designations/${ok.json.id}/revoke`,
    { version: ok.json.version, reason: '異動のため' });
  assert.equal(rv.status, 200, rv.text);
  const before = await snapshot();
  const claimed = await km.post(`/api/v1/designations/${ok.json.id}/redesignate`,
    { version: rv.json.version, rank: 'keibuho' });
  assert.ok([400, 422].includes(claimed.status), claimed.text);
  assert.equal(claimed.json.error.field, 'rank');
  const noReason = await km.post(`/api/v1/designations/${ok.json.id}/redesignate`,
    { version: rv.json.version });
  assert.equal(noReason.status, 422, noReason.text);
  assert.equal(noReason.json.error.message, RULE_MSG);
  await assertUnchanged(before, 're-designation refused');
  const back = await km.post(`/api/v1/designations/${ok.json.id}/redesignate`,
    { version: rv.json.version, exception_reason: '引き続き適任者不在' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'active');
  entries = (await register()).filter((e) => e.designation_id === ok.json.id);
  assert.deepEqual(entries.map((e) => [e.event, e.rank]),
    [['designate', 'junsabucho'], ['revoke', 'junsabucho'], ['redesignate', 'junsabucho']]);
});

// ---- hole 3: one way to each officer role -----------------------------------

test('R-ROLE-4, R-ROLE-5 (hole 3): the role API refuses to grant officer roles, naming form 1; nothing changes', async () => {
  const before = await snapshot();
  for (const role of ['operations_officer', 'communication_officer']) {
    const r = await admin.post('/api/v1/roles',
      { user_id: users['kita-assistant'].id, role, unit_id: units.KITA.id });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, 'role');
    assert.ok(r.json.error.message.includes(FORM1), r.text);
  }
  await assertUnchanged(before, 'role API grant');
});

test('R-ROLE-4, R-ROLE-5 (hole 3): the role API refuses to revoke an officer role; the designation and the role stay', async () => {
  const held = (await roles()).find((x) => x.user_id === users['kita-officer'].id &&
    x.role === 'operations_officer' && x.unit_id === units.KITA.id);
  assert.ok(held, 'the demo officer holds the role');
  const before = await snapshot();
  const r = await admin.del(`/api/v1/roles/${held.id}`);
  assert.equal(r.status, 422, r.text);
  assert.ok(r.json.error.message.includes(FORM1), r.text);
  await assertUnchanged(before, 'role API revoke');
  const d = (await designations()).find((x) => x.user_id === users['kita-officer'].id &&
    x.role === 'operations_officer');
  assert.equal(d.state, 'active');
  const s = await login(srv, 'kita-officer');
  assert.ok(s.user.roles.some((x) => (typeof x === 'string' ? x : x.role) === 'operations_officer'));
});

test('R-ROLE-4, R-ROLE-5 (hole 3): the web role form does not offer officer roles and refuses them alike', async () => {
  const { cookie } = await webLogin(srv, 'admin');
  const target = users['kita-assistant'];
  const shown = await page(srv, `/users/${target.id}`, cookie);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /<option value="assistant"/, 'the role form is shown');
  assert.doesNotMatch(shown.text, /<option value="(operations_officer|communication_officer)"/);
  const csrf = csrfField(shown.text);
  const before = await snapshot();
  for (const role of ['operations_officer', 'communication_officer']) {
    const r = await postForm(cookie, `/users/${target.id}/roles`,
      { csrf, role, unit_id: String(units.KITA.id) });
    assert.equal(r.status, 422, r.text);
    assert.ok(r.text.includes(FORM1), 'the message names form 1');
    assert.match(r.text, /<select[^>]*id="f-role"[^>]*aria-invalid="true"/);
  }
  // the officer's row links to the register instead of a revoke button
  const officer = await page(srv, `/users/${users['kita-officer'].id}`, cookie);
  assert.ok(officer.text.includes('指定簿（様式第1号）で管理'));
  const held = (await roles()).find((x) => x.user_id === users['kita-officer'].id &&
    x.role === 'operations_officer');
  assert.doesNotMatch(officer.text, new RegExp(`/roles/${held.id}/revoke`));
  const rv = await postForm(cookie, `/roles/${held.id}/revoke`, { csrf });
  assert.equal(rv.status, 422, rv.text);
  assert.ok(rv.text.includes(FORM1));
  await assertUnchanged(before, 'web role form');
});

test('R-ROLE-4, R-ROLE-5 (hole 3): mamori user grant/revoke refuse officer roles', async () => {
  const before = await snapshot();
  const g = cli(['user', 'grant', '--db', srv.db, '--login', 'kita-assistant',
    '--role', 'communication_officer', '--unit', 'KITA']);
  assert.equal(g.status, 1, g.stdout);
  assert.ok(g.stderr.includes(FORM1), g.stderr);
  const r = cli(['user', 'revoke', '--db', srv.db, '--login', 'kita-officer',
    '--role', 'operations_officer', '--unit', 'KITA']);
  assert.equal(r.status, 1, r.stdout);
  assert.ok(r.stderr.includes(FORM1), r.stderr);
  await assertUnchanged(before, 'CLI');
});

test('R-ROLE-4, R-ROLE-5 (hole 3): the role table and the designations in force agree', async () => {
  const officer = new Set(['operations_officer', 'communication_officer']);
  const held = (await roles()).filter((x) => officer.has(x.role))
    .map((x) => `${x.user_id}/${x.role}/${x.unit_id}`).sort();
  const active = (await designations()).filter((d) => d.state === 'active')
    .map((d) => `${d.user_id}/${d.role}/${d.unit_id}`).sort();
  assert.deepEqual(held, active);
});

// ---- (e) the refusals in the audit trail -------------------------------------

// A refusal by a rule is audited centrally (request.refused, app/ctx.c)
// with the rule that refused.
test('R-ROLE-4, R-ROLE-5: each refusal is in the audit trail', async () => {
  const head = auditHead(srv.db);
  const r = await admin.post('/api/v1/roles',
    { user_id: users['kita-assistant'].id, role: 'communication_officer', unit_id: units.KITA.id });
  assert.equal(r.status, 422, r.text);
  const rows = sql(srv.db, `SELECT action || ' ' || coalesce(detail, '') FROM audit_log WHERE seq > ${head}`);
  assert.match(rows, /request\.refused/, 'the refusal is audited');
  assert.match(rows, /\/api\/v1\/roles/, 'an entry names the refused request');
  assert.match(rows, /"rule":"R-ROLE-5"/, 'with the rule that refused');
});

// ---- 409 answers of users and units in Japanese -------------------------------

test('a taken login or unit code and a stale version answer 409 in Japanese', async () => {
  const dup = await admin.post('/api/v1/users', {
    login: 'kita-sgt', name: '木村 次郎', name_kana: 'きむら じろう', rank: 'junsa',
    sex: 'male', unit_id: units.KITA.id, password: 'kita-sgt-password-0002',
  });
  assert.equal(dup.status, 409, dup.text);
  assert.equal(dup.json.error.field, 'login');
  assert.equal(dup.json.error.message, 'このログインIDは既に使われています。');
  const code = await admin.post('/api/v1/units', { code: 'KITA', name: '重複署', kind: 'station' });
  assert.equal(code.status, 409, code.text);
  assert.equal(code.json.error.field, 'code');
  assert.equal(code.json.error.message, 'この所属コードは既に使われています。');
  const stale = await admin.patch(`/api/v1/units/${units.MINAMI.id}`,
    { version: units.MINAMI.version + 100, name: '熊本南警察署' });
  assert.equal(stale.status, 409, stale.text);
  assert.match(stale.json.error.message, /他の職員がこの記録を更新しました/);
  const u = (await admin.get(`/api/v1/users/${sergeant.id}`)).json;
  const staleUser = await admin.patch(`/api/v1/users/${sergeant.id}`,
    { version: u.version + 100, name: '木村 健太' });
  assert.equal(staleUser.status, 409, staleUser.text);
  assert.match(staleUser.json.error.message, /他の職員がこの記録を更新しました/);
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
