// tokens.test.mjs - API bearer tokens: created over the API and the CLI,
// usable without CSRF, refused when unknown or revoked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, as, record, cli, unitsByCode,
} from '../lib/server.mjs';

let srv;
let admin;
let units;
before(async () => {
  srv = await startServer();
  admin = as(srv, await login(srv, 'admin'));
  units = await unitsByCode(srv, admin.session);
});
after(async () => { await srv.stop(); });

test('POST /api/v1/tokens answers 201 {id, token}; the token works as Bearer', async () => {
  const r = await admin.post('/api/v1/tokens', { label: 'テスト用' });
  assert.equal(r.status, 201, r.text);
  assert.equal(typeof r.json.id, 'number');
  assert.equal(typeof r.json.token, 'string');
  assert.ok(r.json.token.length >= 32);
  const me = await api(srv, 'GET', '/api/v1/me', { token: r.json.token });
  assert.equal(me.status, 200, me.text);
  assert.equal((me.json.user || me.json).login, 'admin');
});

test('a bearer token needs no CSRF header for writes', async () => {
  const t = (await admin.post('/api/v1/tokens', { label: 'writer' })).json.token;
  const r = await api(srv, 'POST', '/api/v1/units',
    { token: t, body: { code: 'TOKEN1', name: '山鹿警察署', kind: 'station' } });
  assert.equal(r.status, 201, r.text);
});

test('a token carries its user\'s limits: a kita token gets 403 for MINAMI', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const t = (await km.post('/api/v1/tokens', { label: 'kita' })).json.token;
  const own = await api(srv, 'GET', `/api/v1/units/${units.KITA.id}`, { token: t });
  assert.equal(own.status, 200);
  const other = await api(srv, 'GET', `/api/v1/units/${units.MINAMI.id}`, { token: t });
  assert.equal(other.status, 403);
});

test('an unknown or malformed token answers 401', async () => {
  for (const t of ['0'.repeat(64), 'not-a-token', 'x'.repeat(5000)]) {
    const r = await api(srv, 'GET', '/api/v1/me', { token: t });
    assert.equal(r.status, 401, t.slice(0, 10));
    assert.ok(r.json.error);
  }
  const basic = await api(srv, 'GET', '/api/v1/me',
    { headers: { Authorization: 'Basic YWRtaW46bWFtb3JpLWRlbW8tMjAyNg==' } });
  assert.equal(basic.status, 401);
});

test('a token is revoked with its user: deactivation makes it answer 401', async () => {
  const body = { login: 'token-user', name: '鍵 持子', name_kana: 'かぎ もちこ', rank: 'junsa',
    sex: 'female', unit_id: units.KITA.id, password: 'token-user-password-1' };
  const u = record((await admin.post('/api/v1/users', body)).json, 'user');
  const s = as(srv, await login(srv, body.login, body.password));
  const t = (await s.post('/api/v1/tokens', { label: 'soon revoked' })).json.token;
  assert.equal((await api(srv, 'GET', '/api/v1/me', { token: t })).status, 200);
  const d = await admin.post(`/api/v1/users/${u.id}/deactivate`, { version: u.version });
  assert.equal(d.status, 200, d.text);
  assert.equal((await api(srv, 'GET', '/api/v1/me', { token: t })).status, 401);
});

test('`mamori token create` prints a working token', async () => {
  const r = cli(['token', 'create', '--db', srv.db, '--user', 'gm']);
  assert.equal(r.status, 0, r.stderr);
  const t = r.stdout.trim().split(/\s+/).pop();
  assert.ok(t.length >= 32, r.stdout);
  const me = await api(srv, 'GET', '/api/v1/me', { token: t });
  assert.equal(me.status, 200, me.text);
  assert.equal((me.json.user || me.json).login, 'gm');
  const bad = cli(['token', 'create', '--db', srv.db, '--user', 'nobody']);
  assert.notEqual(bad.status, 0);
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
