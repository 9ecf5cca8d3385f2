// cli.test.mjs - backup and restore through the CLI, and the audit
// verifier against a trail edited behind the application's back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, record, cli, sqlite, tempDir, initDemoDb, unitsByCode,
} from '../lib/server.mjs';

const dirs = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function demo() {
  const d = initDemoDb();
  dirs.push(d.dir);
  return d;
}

test('init refuses to overwrite an existing database', () => {
  const { db } = demo();
  const r = cli(['init', '--db', db, '--demo']);
  assert.notEqual(r.status, 0);
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
});

test('usage errors exit 2', () => {
  assert.equal(cli(['no-such-command']).status, 2);
  assert.equal(cli(['serve', '--db']).status, 2);
  assert.equal(cli(['audit', 'verify']).status, 2);
});

test('backup under load and restore give back every record, with an intact trail', async () => {
  const { dir, db } = demo();
  const srv = await startServer({ db, dir });
  const admin = as(srv, await login(srv, 'admin'));
  const made = record((await admin.post('/api/v1/units',
    { code: 'BACKUP1', name: '山鹿警察署', kind: 'station' })).json, 'unit');
  const file = join(dir, 'backup.db');
  // The backup is taken while the server runs.
  const b = cli(['backup', '--db', db, '--to', file]);
  assert.equal(b.status, 0, b.stderr);
  assert.ok(statSync(file).size > 0);
  // A change after the backup is not in it.
  await admin.post('/api/v1/units', { code: 'AFTER1', name: '阿蘇警察署', kind: 'station' });
  const st = await srv.stop();
  assert.equal(st.code, 0, st.stderr);

  const target = join(dir, 'restored.db');
  const r = cli(['restore', '--from', file, '--db', target]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(sqlite(target, 'PRAGMA integrity_check'), 'ok');
  assert.equal(cli(['audit', 'verify', '--db', target]).status, 0);
  const srv2 = await startServer({ db: target, dir });
  try {
    const units = await unitsByCode(srv2, await login(srv2, 'admin'));
    assert.equal(units.BACKUP1.id, made.id);
    assert.equal(units.AFTER1, undefined);
  } finally {
    await srv2.stop();
  }
});

test('restore refuses a file that is not a Mamori backup', () => {
  const dir = tempDir();
  dirs.push(dir);
  const junk = join(dir, 'junk.db');
  writeFileSync(junk, 'this is not a database');
  const r = cli(['restore', '--from', junk, '--db', join(dir, 'x.db')]);
  assert.notEqual(r.status, 0);
});

test('tamper: an edited audit row makes `mamori audit verify` exit 1', () => {
  const { db } = demo();
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
  sqlite(db, "UPDATE audit_log SET actor_login = 'mallory' " +
    'WHERE seq = (SELECT min(seq) FROM audit_log)');
  const r = cli(['audit', 'verify', '--db', db]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
});

test('tamper: a deleted middle entry makes verify exit 1', async () => {
  const { dir, db } = demo();
  const srv = await startServer({ db, dir });
  await login(srv, 'admin');
  await login(srv, 'gm');
  await srv.stop();
  const n = Number(sqlite(db, 'SELECT count(*) FROM audit_log'));
  assert.ok(n >= 3, `entries: ${n}`);
  sqlite(db, 'DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});

test('tamper: a cut tail (last entry deleted) makes verify exit 1', () => {
  const { db } = demo();
  sqlite(db, 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});

test('tamper: a changed detail with a recomputed-looking hash makes verify exit 1', () => {
  const { db } = demo();
  sqlite(db, "UPDATE audit_log SET detail = '{}', hash = prev_hash " +
    'WHERE seq = (SELECT max(seq) FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});
