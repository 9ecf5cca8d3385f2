// api_users.test.mjs - /api/v1/users: create, read, update with versions,
// deactivate/activate, passwords, station isolation and filtered lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, as, items, record, unitsByCode, usersByLogin,
  auditHead, changesSince,
} from '../lib/server.mjs';

let srv;
let admin;
let units;
let users;
before(async () => {
  srv = await startServer();
  admin = as(srv, await login(srv, 'admin'));
  units = await unitsByCode(srv, admin.session);
  users = await usersByLogin(srv, admin.session);
});
after(async () => { await srv.stop(); });

let serial = 0;
function newUser(extra = {}) {
  serial += 1;
  return {
    login: `test-user-${serial}`,
    name: `試験 太郎${serial}`,
    name_kana: 'しけん たろう',
    rank: 'junsabucho',
    sex: 'male',
    unit_id: units.KITA.id,
    password: 'a-long-test-password-2026',
    ...extra,
  };
}

test('the demo users exist with their units', () => {
  for (const l of ['admin', 'gm', 'hq-assistant', 'kita-manager', 'kita-assistant',
    'kita-officer', 'kita-comm', 'minami-manager', 'minami-assistant', 'minami-officer',
    'minami-comm', 'yatsu-manager', 'yatsu-assistant']) {
    assert.ok(users[l], `demo user ${l}`);
  }
  assert.equal(users['kita-manager'].unit_id, units.KITA.id);
  assert.equal(users['minami-manager'].unit_id, units.MINAMI.id);
  for (const u of Object.values(users)) {
    assert.ok(!('password' in u) && !('password_hash' in u), 'no password material in the API');
  }
});

test('admin creates a user; the new user can log in', async () => {
  const body = newUser();
  const c = await admin.post('/api/v1/users', body);
  assert.equal(c.status, 201, c.text);
  const u = record(c.json, 'user');
  assert.equal(u.login, body.login);
  assert.equal(u.version, 1);
  assert.ok(!c.text.includes(body.password), 'the password is never echoed');
  const g = await admin.get(`/api/v1/users/${u.id}`);
  assert.equal(g.status, 200);
  assert.equal(record(g.json, 'user').name, body.name);
  const s = await login(srv, body.login, body.password);
  assert.equal(s.user.login, body.login);
});

test('a taken login answers 409 and creates nothing', async () => {
  const before = (await admin.get('/api/v1/users')).json;
  const r = await admin.post('/api/v1/users', newUser({ login: 'kita-manager' }));
  assert.equal(r.status, 409, r.text);
  assert.deepEqual((await admin.get('/api/v1/users')).json, before);
});

test('an invalid value answers 422 naming the field', async () => {
  const head = auditHead(srv.db);
  const r = await admin.post('/api/v1/users', newUser({ name: '' }));
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'name');
  const r2 = await admin.post('/api/v1/users', newUser({ unit_id: 999999 }));
  assert.ok([404, 422].includes(r2.status), r2.text);
  assert.deepEqual(changesSince(srv.db, head), []);
});

test('PATCH updates at the current version; a stale version answers 409 and changes nothing', async () => {
  const u = record((await admin.post('/api/v1/users', newUser())).json, 'user');
  const p = await admin.patch(`/api/v1/users/${u.id}`, { name: '更新 後子', version: u.version });
  assert.equal(p.status, 200, p.text);
  assert.equal(record(p.json, 'user').version, u.version + 1);
  const head = auditHead(srv.db);
  const stale = await admin.patch(`/api/v1/users/${u.id}`, { name: '古い 版', version: u.version });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'conflict');
  const now = record((await admin.get(`/api/v1/users/${u.id}`)).json, 'user');
  assert.equal(now.name, '更新 後子');
  assert.deepEqual(changesSince(srv.db, head), []);
});

test('deactivate ends the user\'s sessions; activate lets them log in again', async () => {
  const body = newUser();
  const u = record((await admin.post('/api/v1/users', body)).json, 'user');
  const s = await login(srv, body.login, body.password);
  const d = await admin.post(`/api/v1/users/${u.id}/deactivate`, { version: u.version });
  assert.equal(d.status, 200, d.text);
  const me = await api(srv, 'GET', '/api/v1/me', { cookie: s.cookie });
  assert.equal(me.status, 401, 'the open session ended at once (ASVS 8.3.2)');
  const again = await api(srv, 'POST', '/api/v1/session',
    { body: { login: body.login, password: body.password } });
  assert.equal(again.status, 401);
  const cur = record((await admin.get(`/api/v1/users/${u.id}`)).json, 'user');
  assert.equal(cur.active, false);
  const stale = await admin.post(`/api/v1/users/${u.id}/activate`, { version: u.version });
  assert.equal(stale.status, 409, 'activate with a stale version');
  const a = await admin.post(`/api/v1/users/${u.id}/activate`, { version: cur.version });
  assert.equal(a.status, 200, a.text);
  await login(srv, body.login, body.password);
});

test('password change: the old password stops working', async () => {
  const body = newUser();
  const u = record((await admin.post('/api/v1/users', body)).json, 'user');
  const r = await admin.post(`/api/v1/users/${u.id}/password`, { password: 'another-long-password-9' });
  assert.ok([200, 204].includes(r.status), r.text);
  const old = await api(srv, 'POST', '/api/v1/session',
    { body: { login: body.login, password: body.password } });
  assert.equal(old.status, 401);
  await login(srv, body.login, 'another-long-password-9');
});

test('a too short password is refused with 422', async () => {
  const u = record((await admin.post('/api/v1/users', newUser())).json, 'user');
  const r = await admin.post(`/api/v1/users/${u.id}/password`, { password: 'short' });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'password');
});

test('a kita-manager gets 403 for a MINAMI user and cannot change it', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const mm = users['minami-officer'];
  const g = await km.get(`/api/v1/users/${mm.id}`);
  assert.equal(g.status, 403, g.text);
  const p = await km.patch(`/api/v1/users/${mm.id}`, { name: '乗っ取り', version: mm.version });
  assert.equal(p.status, 403, p.text);
  const d = await km.post(`/api/v1/users/${mm.id}/deactivate`, { version: mm.version });
  assert.equal(d.status, 403, d.text);
  const now = record((await admin.get(`/api/v1/users/${mm.id}`)).json, 'user');
  assert.equal(now.name, mm.name);
  assert.equal(now.version, mm.version);
  assert.notEqual(now.active, false);
});

test('a kita-manager cannot reset the admin password', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.post(`/api/v1/users/${users.admin.id}/password`, { password: 'taken-over-password-1' });
  assert.equal(r.status, 403, r.text);
  await login(srv, 'admin');
});

test('the user list of a station manager holds only that station\'s users', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.get('/api/v1/users');
  assert.equal(r.status, 200, r.text);
  const list = items(r.json);
  assert.ok(list.length > 0);
  for (const u of list) assert.equal(u.unit_id, units.KITA.id, `listed ${u.login}`);
  assert.ok(list.some((u) => u.login === 'kita-officer'));
});

test('GET of an unknown user id answers 404', async () => {
  const r = await admin.get('/api/v1/users/987654');
  assert.equal(r.status, 404);
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
