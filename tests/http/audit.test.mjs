// audit.test.mjs - the audit trail records every change, login, failed
// login and refused access (ASVS 16.3.2), and `mamori audit verify`
// accepts the chain the server wrote.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, as, items, record, unitsByCode, auditEntries, cli, sql, isPg,
  auditRows, auditHead, initDemoDb, removeDemoDb,
} from '../lib/server.mjs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
const rowsAfter = (seq) => auditRows(srv.db, seq, ['seq', 'action', 'actor_login',
  'object_type', 'object_id', 'unit_id', 'addr']);
const head = () => auditHead(srv.db);

test('a login and a failed login are recorded', async () => {
  const h = head();
  await login(srv, 'kita-officer');
  const bad = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'kita-officer', password: 'wrong' } });
  assert.equal(bad.status, 401);
  const rows = rowsAfter(h);
  // A login creates a session: recorded as session.create (or login).
  const ok = rows.find((r) => /^(login|session\.create)/.test(r.action) && !/fail/.test(r.action));
  assert.ok(ok, JSON.stringify(rows));
  assert.equal(ok.actor_login, 'kita-officer');
  assert.equal(ok.addr, '127.0.0.1');
  const failed = rows.find((r) => /fail/.test(r.action));
  assert.ok(failed, JSON.stringify(rows));
  assert.ok(!JSON.stringify(rows).includes('wrong'), 'the tried password is never logged');
});

test('a failed login of an unknown login is recorded too', async () => {
  const h = head();
  await api(srv, 'POST', '/api/v1/session', { body: { login: 'ghost', password: 'x' } });
  assert.ok(rowsAfter(h).some((r) => /fail/.test(r.action)));
});

test('creating and updating a unit are recorded with actor and object', async () => {
  const h = head();
  const u = record((await admin.post('/api/v1/units',
    { code: 'AUD1', name: '宇城警察署', kind: 'station' })).json, 'unit');
  await admin.patch(`/api/v1/units/${u.id}`, { name: '宇城警察署２', version: u.version });
  const rows = rowsAfter(h).filter((r) => r.object_id === u.id);
  assert.ok(rows.some((r) => /create/.test(r.action)), JSON.stringify(rows));
  assert.ok(rows.some((r) => /update/.test(r.action)), JSON.stringify(rows));
  for (const r of rows) {
    assert.equal(r.actor_login, 'admin');
    assert.equal(r.object_type, 'unit');
  }
});

// Changed with issue 8: a communication officer is designated in form 1
// (/api/v1/designations, by the unit's manager), not assigned through
// /api/v1/roles, which now refuses it.
test('creating a user and designating a role are recorded', async () => {
  const h = head();
  const u = record((await admin.post('/api/v1/users', {
    login: 'aud-user', name: '監査 花子', name_kana: 'かんさ はなこ', rank: 'junsa',
    sex: 'female', unit_id: units.KITA.id, password: 'audit-user-password-1',
  })).json, 'user');
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.post('/api/v1/designations', {
    user_id: u.id, role: 'communication_officer', knowledge: 'サイバーパトロール研修修了',
    aptitude: '冷静な対応ができる',
  });
  assert.equal(r.status, 201, r.text);
  const rows = rowsAfter(h);
  assert.ok(rows.some((x) => x.object_type === 'user' && x.object_id === u.id), JSON.stringify(rows));
  assert.ok(rows.some((x) => x.action === 'designation.designate' && x.actor_login === 'kita-manager'),
    JSON.stringify(rows));
  assert.ok(!JSON.stringify(sql(srv.db, `SELECT detail FROM audit_log WHERE seq > ${h}`))
    .includes('audit-user-password-1'), 'no password in the trail');
});

test('a refused access (403) is recorded as access.denied', async () => {
  const h = head();
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.get(`/api/v1/units/${units.MINAMI.id}`);
  assert.equal(r.status, 403);
  const denied = rowsAfter(h).filter((x) => x.action === 'access.denied');
  assert.equal(denied.length, 1, JSON.stringify(rowsAfter(h)));
  assert.equal(denied[0].actor_login, 'kita-manager');
});

test('GET /api/v1/audit lists entries newest first for admin', async () => {
  const list = await auditEntries(srv, admin.session);
  assert.ok(list.length > 0);
  for (const e of list) {
    assert.equal(typeof e.seq, 'number');
    assert.equal(typeof e.action, 'string');
  }
  for (let i = 1; i < list.length; i++) assert.ok(list[i - 1].seq > list[i].seq);
});

test('a station manager sees no audit entry of another station', async () => {
  const mm = as(srv, await login(srv, 'minami-manager'));
  await mm.patch(`/api/v1/units/${units.MINAMI.id}`, { name: '熊本南警察署', version: 999 });
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.get('/api/v1/audit');
  if (r.status === 403) return;
  assert.equal(r.status, 200, r.text);
  for (const e of items(r.json)) {
    assert.notEqual(e.unit_id, units.MINAMI.id, JSON.stringify(e));
  }
});

test('`mamori audit verify` exits 0 on the trail the server wrote', async () => {
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('issue 12: `mamori audit verify` reports entries not sealed yet and fails once the ' +
  'oldest waited past [audit] max_unsealed_age_seconds (SQLite: an unchained entry is a break)',
async () => {
  // A database no server runs on: nothing seals what is put there.
  const demo = initDemoDb();
  try {
    const v0 = cli(['audit', 'verify', '--db', demo.db]);
    assert.equal(v0.status, 0, v0.stdout + v0.stderr);
    assert.match(v0.stdout, /not sealed yet: 0 entries/);
    const at = Math.floor(Date.now() / 1000) - 120;
    const cols = 'at, actor_user_id, actor_login, role, unit_id, addr, action, object_type,' +
      ' object_id, detail';
    const vals = `${at}, 0, 'admin', 0, 0, '', 'test.pending', '', 0, '{}'`;
    const pg = isPg(demo.db);
    // PostgreSQL: what a write leaves for the sealer; SQLite has no such
    // thing (every entry is chained in its transaction)
    sql(demo.db, pg ? `INSERT INTO audit_log (${cols}) VALUES (${vals})` :
      `INSERT INTO audit_log (${cols}, prev_hash, hash) VALUES (${vals}, '', '')`);
    const conf = join(demo.dir, 'bound.ini');
    writeFileSync(conf, `[audit]\nmax_unsealed_age_seconds = 600\n`);
    const late = cli(['audit', 'verify', '--db', demo.db]);
    assert.equal(late.status, 1, late.stdout + late.stderr);
    const within = cli(['audit', 'verify', '--db', demo.db, '--config', conf]);
    if (pg) {
      assert.match(late.stdout, /not sealed yet: 1 entries, the oldest 1[2-9]\d s old/);
      assert.match(late.stderr, /not sealed in time/);
      assert.equal(within.status, 0, within.stdout + within.stderr);
      assert.match(within.stdout, /audit trail intact/);
    } else {
      assert.match(late.stderr, /audit trail broken/);
      assert.equal(within.status, 1, within.stdout + within.stderr);
    }
  } finally {
    removeDemoDb(demo);
  }
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
