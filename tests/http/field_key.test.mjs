// field_key.test.mjs - the field key at start (issue 9): the database
// remembers the key it was sealed with (a key check written on first
// use), so `mamori serve` refuses, with a clear message and a non-zero
// exit, a missing key file (and does not make a new one for a database
// that has sealed data), a different key, and no [keys] field_key at all;
// with the original key file it starts again.  The binding is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, renameSync, existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  startServer, tempDir, initDemoDb, removeDemoDb, sql, login, auditEntries,
} from '../lib/server.mjs';

let demo;
let dir;
let keyPath;
let config;
let original;

before(async () => {
  demo = initDemoDb();
  dir = tempDir('mamori-fieldkey-');
  keyPath = join(dir, 'field.key');
  config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${keyPath}\n`);
  // the first start with a key file named makes it and binds it
  const srv = await startServer({ db: demo.db, config });
  try {
    const admin = await login(srv, 'admin');
    const bind = (await auditEntries(srv, admin)).filter((e) => e.action === 'field_key.bind');
    assert.equal(bind.length, 1, 'the binding is audited once');
  } finally {
    await srv.stop();
  }
  original = readFileSync(keyPath, 'utf8');
  assert.match(original, /^[0-9a-f]{64}\n$/);
});
after(() => { removeDemoDb(demo); rmSync(dir, { recursive: true, force: true }); });

/* Starting must fail: returns the error's text (exit code and stderr). */
async function refused() {
  const err = await startServer({ db: demo.db, config }).then(
    async (srv) => { await srv.stop(); return null; },
    (e) => e);
  assert.ok(err, 'the server must not start');
  assert.match(err.message, /server exited early \(1\)/);
  return err.message;
}

test('the database keeps a key check of its field key, not the key', () => {
  assert.equal(sql(demo.db, 'SELECT count(*) FROM field_key_check'), '1');
  const check = sql(demo.db, 'SELECT check_hex FROM field_key_check');
  assert.match(check, /^[0-9a-f]{64}$/);
  assert.notEqual(check, original.trim());
});

test('a missing key file is refused at start and no new key is made', async () => {
  renameSync(keyPath, keyPath + '.bak');
  try {
    const msg = await refused();
    assert.match(msg, /field key .*field\.key is missing, but this database holds values sealed with it: restore the key file from its backup/);
    assert.equal(existsSync(keyPath), false, 'no new key was written');
  } finally {
    renameSync(keyPath + '.bak', keyPath);
  }
});

test('another key file is refused at start and left as it is', async () => {
  const other = randomBytes(32).toString('hex') + '\n';
  writeFileSync(keyPath, other, { mode: 0o600 });
  try {
    const msg = await refused();
    assert.match(msg, /is not the key this database was sealed with/);
    assert.equal(readFileSync(keyPath, 'utf8'), other);
    assert.equal(sql(demo.db, 'SELECT count(*) FROM field_key_check'), '1');
  } finally {
    writeFileSync(keyPath, original, { mode: 0o600 });
  }
});

test('no [keys] field_key for a database sealed with one is refused', async () => {
  writeFileSync(config, '[server]\nthreads = 2\n');
  try {
    const msg = await refused();
    assert.match(msg, /this database holds values sealed with a field key, but \[keys\] field_key names none/);
  } finally {
    writeFileSync(config, `[keys]\nfield_key = ${keyPath}\n`);
  }
});

test('with the original key file it starts again', async () => {
  const srv = await startServer({ db: demo.db, config });
  try {
    const admin = await login(srv, 'admin');
    const bind = (await auditEntries(srv, admin)).filter((e) => e.action === 'field_key.bind');
    assert.equal(bind.length, 1, 'bound once, compared after');
  } finally {
    await srv.stop();
  }
});
