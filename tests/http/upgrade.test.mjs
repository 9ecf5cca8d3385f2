// upgrade.test.mjs - installing a newer mamori over an older database
// (issue 15, upgrades).  The old database is built by the test from the
// store's own migration list: every migration but the last, so it stays
// "one version behind" whatever migrations are added later.
//  - SQLite: `mamori serve` copies the database as it is to
//    [upgrade] backup_dir/mamori-pre-migrate-vN-<UTC>.db (verified), then
//    migrates and serves; the copy opens as version N.  When the copy
//    cannot be written, serve refuses to start and nothing changes.
//  - PostgreSQL: serve refuses to migrate (nothing changes) until
//    `mamori upgrade --i-have-a-backup` after the operator's pg_dump.
//  - Every other command refuses an older schema and points at upgrade.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, PG, cli, sql, tempDir, createPgDatabase, removeDemoDb, startServer } from '../lib/server.mjs';

const made = [];
after(() => { for (const m of made) removeDemoDb(m); });

const MIGRATIONS = join(ROOT, 'src', 'store', PG ? 'pg' : 'sqlite', 'migrations');
const FILES = readdirSync(MIGRATIONS).filter((f) => /^\d{4}_.*\.sql$/.test(f)).sort();
const NEWEST = FILES.length;
const OLD = NEWEST - 1;

function run(cmd, args, input) {
  const r = spawnSync(cmd, args, { input, encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  return r.stdout.trim();
}

/*
 * A database at schema version OLD with one unit in it, made of the first
 * OLD migration files the way the store applies them; returns {dir, db}.
 */
function oldDatabase() {
  const dir = tempDir('mamori-upgrade-');
  const body = FILES.slice(0, OLD).map((f) => readFileSync(join(MIGRATIONS, f), 'utf8')).join('\n');
  const unit = "INSERT INTO units (code, name, kind, created_at) VALUES ('T01', '旧版の署', 2, 0);";
  let db;
  if (PG) {
    db = createPgDatabase('mm_upgrade_');
    run('psql', ['-X', '-q', '-1', '-v', 'ON_ERROR_STOP=1', '-d', db],
      'CREATE TABLE schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);\n' +
      `INSERT INTO schema_version VALUES (1, ${OLD});\n${body}\n${unit}\n`);
  } else {
    db = join(dir, 'mamori.db');
    run('sqlite3', ['-batch', '-bail', db], `${body}\n${unit}\nPRAGMA user_version = ${OLD};\n`);
  }
  made.push({ dir, db });
  return { dir, db };
}

function schemaVersion(db) {
  return Number(PG ? sql(db, 'SELECT version FROM schema_version') : sql(db, 'PRAGMA user_version'));
}

function config(dir, db, backupDir) {
  const ini = join(dir, 'mamori.ini');
  writeFileSync(ini, `[database]\nurl = ${db}\n[upgrade]\nbackup_dir = ${backupDir}\n`);
  return ini;
}

function preMigrateBackups(dir) {
  return readdirSync(dir).filter((f) => f.startsWith('mamori-pre-migrate-'));
}

test('upgrade: the fixture is one schema version behind this mamori', () => {
  assert.ok(OLD >= 1, 'at least two migrations');
  const { db } = oldDatabase();
  assert.equal(schemaVersion(db), OLD);
});

test('upgrade: other commands refuse an older schema, point at `mamori upgrade`, change nothing', () => {
  const { db } = oldDatabase();
  const r = cli(['unit', 'list', '--db', db]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, new RegExp(`schema version ${OLD}, this mamori needs ${NEWEST}`));
  assert.match(r.stderr, /mamori upgrade/);
  assert.equal(schemaVersion(db), OLD);
});

test('upgrade: doctor reports an older schema and what to run, and migrates nothing', () => {
  const { dir, db } = oldDatabase();
  const r = cli(['doctor', '--config', config(dir, db, dir)]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`スキーマは版 ${OLD} で、このプログラムは版 ${NEWEST}`));
  assert.match(r.stdout, /mamori upgrade/);
  assert.equal(schemaVersion(db), OLD);
});

// Each backend upgrades its own way, and each test says how for both, so
// the two passes run the same tests (scripts/test.sh counts them).
async function sqliteServeBacksUp() {
  const { dir, db } = oldDatabase();
  const backups = join(dir, 'backups');
  mkdirSync(backups);
  const srv = await startServer({ db, dir, config: config(dir, db, backups) });
  try {
    const res = await fetch(`${srv.url}/healthz`);
    assert.equal(res.status, 200);
  } finally {
    await srv.stop();
  }
  assert.equal(schemaVersion(db), NEWEST, 'migrated on start');
  assert.equal(sql(db, "SELECT name FROM units WHERE code = 'T01'"), '旧版の署', 'data kept');
  const files = preMigrateBackups(backups);
  assert.equal(files.length, 1, files.join());
  assert.match(files[0], new RegExp(`^mamori-pre-migrate-v${OLD}-\\d{8}T\\d{6}Z\\.db$`));
  const copy = join(backups, files[0]);
  assert.equal(statSync(copy).mode & 0o777, 0o600, 'a copy of personal data');
  // The backup is the old database: its version and its data.
  assert.equal(schemaVersion(copy), OLD);
  assert.equal(sql(copy, "SELECT name FROM units WHERE code = 'T01'"), '旧版の署');
  assert.equal(sql(copy, 'PRAGMA integrity_check'), 'ok');
  // Started again, nothing is left to migrate: no second backup.
  const again = await startServer({ db, dir, config: config(dir, db, backups) });
  await again.stop();
  assert.equal(preMigrateBackups(backups).length, 1);
}

function sqliteBackupUnwritable() {
  const { dir, db } = oldDatabase();
  const before = readFileSync(db);
  const missing = join(dir, 'no-such-dir');
  const r = cli(['serve', '--config', config(dir, db, missing), '--listen', '127.0.0.1:0']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`cannot back up .* \\(schema version ${OLD}\\)`));
  assert.match(r.stderr, /nothing was migrated/);
  assert.match(r.stderr, /\[upgrade\] backup_dir/);
  assert.doesNotMatch(r.stdout, /listening/);
  assert.equal(schemaVersion(db), OLD);
  assert.ok(readFileSync(db).equals(before), 'the database file is unchanged');
}

function sqliteUpgradeCommand() {
  const { dir, db } = oldDatabase();
  const backups = join(dir, 'b');
  mkdirSync(backups);
  const r = cli(['upgrade', '--db', db, '--backup-dir', backups]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from version ${OLD} to ${NEWEST}`));
  assert.equal(schemaVersion(db), NEWEST);
  const files = preMigrateBackups(backups);
  assert.equal(files.length, 1);
  assert.equal(schemaVersion(join(backups, files[0])), OLD);
  // The usual commands work again.
  assert.equal(cli(['unit', 'list', '--db', db]).status, 0);
}

function pgServeRefuses() {
  const { dir, db } = oldDatabase();
  const r = cli(['serve', '--config', config(dir, db, join(dir, 'unused')), '--listen', '127.0.0.1:0']);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /pg_dump/);
  assert.match(r.stderr, /mamori upgrade --db URL --i-have-a-backup/);
  assert.doesNotMatch(r.stdout, /listening/);
  assert.equal(schemaVersion(db), OLD);
}

function pgUpgradeNeedsConfirmation() {
  const { db } = oldDatabase();
  const u = cli(['upgrade', '--db', db]);
  assert.equal(u.status, 1);
  assert.match(u.stderr, /--i-have-a-backup/);
  assert.equal(schemaVersion(db), OLD);
}

async function pgUpgradeConfirmed() {
  const { dir, db } = oldDatabase();
  const r = cli(['upgrade', '--db', db, '--i-have-a-backup']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`migrated from version ${OLD} to ${NEWEST}`));
  assert.equal(schemaVersion(db), NEWEST);
  assert.equal(sql(db, "SELECT name FROM units WHERE code = 'T01'"), '旧版の署');
  const srv = await startServer({ db, dir });
  await srv.stop();
}

test('upgrade: serve takes an older schema only the safe way (SQLite: a verified copy first, then migrates and serves; PostgreSQL: refuses without a confirmed dump)', async () => {
  if (PG) pgServeRefuses(); else await sqliteServeBacksUp();
});

test('upgrade: without its backup nothing changes (SQLite: the copy cannot be written, serve refuses; PostgreSQL: mamori upgrade without --i-have-a-backup refuses)', () => {
  if (PG) pgUpgradeNeedsConfirmation(); else sqliteBackupUnwritable();
});

test('upgrade: `mamori upgrade` migrates without serving (SQLite: --backup-dir; PostgreSQL: --i-have-a-backup, then serve starts)', async () => {
  if (PG) await pgUpgradeConfirmed(); else sqliteUpgradeCommand();
});
