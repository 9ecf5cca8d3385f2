// cli.test.mjs - backup and restore through the CLI, and the audit
// verifier against a trail edited behind the application's back.  On
// PostgreSQL (MAMORI_TEST_PG) backup and restore are pg_dump's job: the
// same tests then check that the CLI says so and changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, record, cli, sql, sqlite, tempDir, initDemoDb, removeDemoDb,
  unitsByCode, newDb, PG,
} from '../lib/server.mjs';

const demos = [];
after(() => { for (const d of demos) removeDemoDb(d); });

function demo() {
  const d = initDemoDb();
  demos.push(d);
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

/*
 * On PostgreSQL backup and restore are pg_dump's job: the CLI refuses,
 * names the tool to use and changes nothing.  (The same test, so both
 * backends pass the same number of tests.)
 */
function pointsToPgDump() {
  const { dir, db } = demo();
  const file = join(dir, 'copy.db');
  const b = cli(['backup', '--db', db, '--to', file]);
  assert.equal(b.status, 1, b.stdout + b.stderr);
  assert.match(b.stderr, /pg_dump/);
  assert.ok(!existsSync(file), 'no backup file is left behind');
  writeFileSync(file, 'not used');
  const r = cli(['restore', '--from', file, '--db', db]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /pg_restore|pg_dump/);
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 0, 'database unchanged');
}

test('backup under load and restore give back every record, with an intact trail ' +
  '(PostgreSQL: the CLI points to pg_dump)', async () => {
  if (PG) {
    pointsToPgDump();
    return;
  }
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
  const target = newDb(dir, 'x.db');
  demos.push({ dir, db: target });
  const junk = join(dir, 'junk.db');
  writeFileSync(junk, 'this is not a database');
  const r = cli(['restore', '--from', junk, '--db', target]);
  assert.notEqual(r.status, 0);
});

test('tamper: an edited audit row makes `mamori audit verify` exit 1', () => {
  const { db } = demo();
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 0);
  sql(db, "UPDATE audit_log SET actor_login = 'mallory' " +
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
  const n = Number(sql(db, 'SELECT count(*) FROM audit_log'));
  assert.ok(n >= 3, `entries: ${n}`);
  sql(db, 'DELETE FROM audit_log WHERE seq = (SELECT min(seq) + 1 FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});

test('tamper: a cut tail (last entry deleted) makes verify exit 1', () => {
  const { db } = demo();
  sql(db, 'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});

test('tamper: a changed detail with a recomputed-looking hash makes verify exit 1', () => {
  const { db } = demo();
  sql(db, "UPDATE audit_log SET detail = '{}', hash = prev_hash " +
    'WHERE seq = (SELECT max(seq) FROM audit_log)');
  assert.equal(cli(['audit', 'verify', '--db', db]).status, 1);
});
