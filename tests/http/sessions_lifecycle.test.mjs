// sessions_lifecycle.test.mjs - sessions, tokens and passwords with a
// lifecycle (issue 13): each test tries the move that worked on the main
// before it and shows it refused (with its audit entry) or ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, as, record, sql, isPg, unitsByCode,
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

/* The audit rows after seq, from the database itself. */
function rowsAfter(seq) {
  const fn = isPg(srv.db) ? 'json_build_object' : 'json_object';
  const out = sql(srv.db,
    `SELECT ${fn}('seq',seq,'action',action,'actor_login',actor_login,` +
    `'object_type',object_type,'object_id',object_id,'detail',detail) ` +
    `FROM audit_log WHERE seq > ${seq} ORDER BY seq`);
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}
const head = () => Number(sql(srv.db, 'SELECT coalesce(max(seq),0) FROM audit_log'));

let serial = 0;
/* A new user of KITA with the given password (the administrator sets it). */
async function newUser(password = 'first-password-2026') {
  serial += 1;
  const body = { login: `life-${serial}`, name: '寿命 太郎', name_kana: 'じゅみょう たろう',
    rank: 'junsa', sex: 'male', unit_id: units.KITA.id, password };
  const r = await admin.post('/api/v1/users', body);
  assert.equal(r.status, 201, r.text);
  return { ...record(r.json, 'user'), password };
}

test('a failed login with a 64-character login name is audited with the whole name', async () => {
  const name = 'n'.repeat(64);
  const h = head();
  const r = await api(srv, 'POST', '/api/v1/session', { body: { login: name, password: 'wrong-password' } });
  assert.equal(r.status, 401);
  const failed = rowsAfter(h).filter((e) => e.action === 'login.failed');
  assert.equal(failed.length, 1, JSON.stringify(rowsAfter(h)));
  assert.equal(failed[0].actor_login, name);
});

test('a login name longer than any account is refused and audited with its rule', async () => {
  const h = head();
  const r = await api(srv, 'POST', '/api/v1/session', { body: { login: 'n'.repeat(65), password: 'wrong-password' } });
  assert.equal(r.status, 401);
  const failed = rowsAfter(h).filter((e) => e.action === 'login.failed');
  assert.equal(failed.length, 1);
  assert.equal(JSON.parse(failed[0].detail).rule, 'login_too_long');
});
