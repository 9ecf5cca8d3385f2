// doctor.test.mjs - `mamori doctor` (issue 15): a healthy installation
// exits 0 and says so; each problem it detects is named in Japanese with
// what to fix, and exits 1 (to fix) or 3 (warnings only).  Each test
// builds a small installation of its own: a database, its configuration,
// a checkpoint key pair, a signed checkpoint and (SQLite) a backup.
// On PostgreSQL the file checks of SQLite (integrity by corruption, the
// owner, the mode, the backup files) have twins that check what doctor
// says there instead, so both backends pass the same number of tests.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync, readFileSync, chmodSync, utimesSync, chownSync, rmSync, openSync, readSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { cli, sql, tempDir, newDb, removeDemoDb, PG, startServer } from '../lib/server.mjs';
import { randomBytes } from 'node:crypto';

const made = [];
after(() => { for (const m of made) removeDemoDb(m); });

/* A small healthy installation; returns its paths and doctor's arguments. */
function install({ config = '' } = {}) {
  const dir = tempDir('mamori-doctor-');
  const db = newDb(dir);
  made.push({ dir, db });
  let r = cli(['init', '--db', db]);
  assert.equal(r.status, 0, r.stderr);
  // init makes the file 0600 whatever the umask (personal data).
  if (!PG) assert.equal(statSync(db).mode & 0o777, 0o600);
  const ini = join(dir, 'mamori.ini');
  writeFileSync(ini, `[server]\nlisten = 127.0.0.1:8080\n${config}[database]\nurl = ${db}\n`);
  const secret = join(dir, 'audit.key');
  const pub = join(dir, 'audit.pub');
  r = cli(['audit', 'keygen', '--secret', secret, '--public', pub]);
  assert.equal(r.status, 0, r.stderr);
  const checkpoints = join(dir, 'checkpoints');
  const backups = join(dir, 'backups');
  for (const d of [checkpoints, backups]) mkdirSync(d);
  r = cli(['audit', 'checkpoint', '--db', db, '--secret', secret,
    '--out', join(checkpoints, 'checkpoint-20261201T000000Z.txt')]);
  assert.equal(r.status, 0, r.stderr);
  const backup = join(backups, 'mamori-20261201T000000Z.db');
  if (!PG) assert.equal(cli(['backup', '--db', db, '--to', backup]).status, 0);
  const args = ['doctor', '--config', ini, '--secret', secret, '--public', pub,
    '--checkpoints', checkpoints, '--backups', backups];
  return { dir, db, ini, secret, pub, checkpoints, backups, backup, args };
}

function doctor(args) {
  const r = cli(args);
  return { ...r, out: r.stdout + r.stderr };
}

test('doctor: a healthy installation exits 0 with every check OK', () => {
  const i = install();
  const r = doctor(i.args);
  assert.equal(r.status, 0, r.out);
  assert.match(r.stdout, /診断結果: 問題はありません/);
  for (const topic of ['設定', 'TLS', 'データベース', '整合性', '監査証跡', '鍵ファイル',
    'チェックポイント', '空き容量', '時計', 'バックアップ'])
    assert.match(r.stdout, new RegExp(`^\\[OK\\] ${topic}: `, 'm'), `${topic} checked`);
  assert.doesNotMatch(r.stdout, /警告|要対処/);
});

test('doctor: a configuration with an unknown key is named, exit 1', () => {
  const i = install({ config: 'colour = blue\n' });
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 設定: .*mamori\.ini が正しくありません: line 3/);
  assert.match(r.stdout, /対処: mamori\.ini\(5\)/);
});

test('doctor: a missing database says how to create it, exit 1', () => {
  const i = install();
  const missing = PG ? i.db.replace(/\/([^/]+)$/, '/$1_missing') : join(i.dir, 'none.db');
  const r = doctor([...i.args, '--db', missing]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] データベース: /);
  if (!PG) assert.match(r.stdout, /mamori init --db/);
});

test('doctor: a database newer than the program is refused, exit 1', () => {
  const i = install();
  if (PG) sql(i.db, 'UPDATE schema_version SET version = 9999');
  else sql(i.db, 'PRAGMA user_version = 9999');
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] データベース: .*より新しい版のスキーマです/);
});

test('serve refuses a database newer than itself and says what to do (upgrades)', () => {
  const i = install();
  if (PG) sql(i.db, 'UPDATE schema_version SET version = 9999');
  else sql(i.db, 'PRAGMA user_version = 9999');
  const r = cli(['serve', '--config', i.ini, '--listen', '127.0.0.1:0'], { timeout: 20000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /has a schema newer than this program \(mamori [0-9.]+\): install the newer mamori, or restore the backup/);
  assert.equal(sql(i.db, PG ? 'SELECT version FROM schema_version' : 'PRAGMA user_version'), '9999', 'unchanged');
});

test('doctor: a broken audit chain is reported, exit 1', () => {
  const i = install();
  sql(i.db, "UPDATE audit_log SET actor_login = 'mallory' WHERE seq = (SELECT min(seq) FROM audit_log)");
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 監査証跡: ハッシュチェーンが \d+ 番で壊れています/);
});

test('doctor: a checkpoint signed by another key is reported, exit 1', () => {
  const i = install();
  const other = join(i.dir, 'other');
  assert.equal(cli(['audit', 'keygen', '--secret', other + '.key', '--public', other + '.pub']).status, 0);
  const r = doctor([...i.args, '--public', other + '.pub']);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] チェックポイント: .*署名が公開鍵と合いません/);
});

test('doctor: a trail cut below the newest checkpoint is reported, exit 1', () => {
  const i = install();
  // The newest entry goes and the head follows it: the chain alone still
  // verifies, the checkpoint does not.
  const head = sql(i.db, 'SELECT max(seq) FROM audit_log');
  sql(i.db, `DELETE FROM audit_log WHERE seq = ${head}`);
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] チェックポイント: .*記録がありません（監査証跡が切り詰められています）/);
});

test('doctor: a secret key readable by others is reported, exit 1', () => {
  const i = install();
  chmodSync(i.secret, 0o644);
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 鍵ファイル: .*audit\.key のモード 0644 は緩すぎます/);
  assert.match(r.stdout, /対処: chmod 0640 .*audit\.key/);
});

test('doctor: missing keys and checkpoints are warnings only, exit 3', () => {
  const i = install();
  rmSync(i.secret);
  rmSync(i.checkpoints, { recursive: true });
  const r = doctor(i.args);
  assert.equal(r.status, 3, r.out);
  assert.match(r.stdout, /\[警告\] 鍵ファイル: チェックポイント用の鍵 .*audit\.key がありません/);
  assert.match(r.stdout, /\[警告\] チェックポイント: /);
  assert.match(r.stdout, /診断結果: 警告 2 件/);
});

test('doctor: too little free disk is reported, exit 1', () => {
  const i = install();
  const r = doctor([...i.args, '--min-free-mib', '1000000000000']);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 空き容量: .* MiB しかありません/);
});

test('doctor: tls = false off loopback is a warning, exit 3', () => {
  const i = install();
  writeFileSync(i.ini, readFileSync(i.ini, 'utf8').replace('listen = 127.0.0.1:8080', 'listen = 0.0.0.0:8080'));
  const r = doctor(i.args);
  assert.equal(r.status, 3, r.out);
  assert.match(r.stdout, /\[警告\] TLS: tls = false のまま 0\.0\.0\.0 で待ち受けています/);
  writeFileSync(i.ini, readFileSync(i.ini, 'utf8').replace('[server]\n', '[server]\ntls = true\n'));
  assert.equal(doctor(i.args).status, 0, 'tls = true in front: no warning');
});

test('doctor: a clock behind the newest audit entry is reported, exit 1', () => {
  const i = install();
  // An entry from an hour ahead: what a clock set back leaves behind.
  // (Its hash no longer matches either; the clock line is what matters.)
  const at = Math.floor(Date.now() / 1000) + 3600;
  sql(i.db, `UPDATE audit_log SET at = ${at} WHERE seq = (SELECT max(seq) FROM audit_log)`);
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 時計: 最新の監査記録（.*）が現在時刻より先です/);
});

// ---- SQLite files (PostgreSQL: their twins) ----------------------------

test('doctor: a corrupt SQLite file fails the integrity check, exit 1 ' +
  '(PostgreSQL: no file to corrupt; backups are pg_dump\'s)', () => {
  const i = install();
  if (PG) {
    const r = doctor(i.args);
    assert.equal(r.status, 0, r.out);
    assert.match(r.stdout, /\[OK\] バックアップ: PostgreSQL は pg_dump/);
    return;
  }
  // Empty the users' unique index: the table keeps its row, the index
  // loses it (PRAGMA integrity_check: "row 1 missing from index").
  const root = Number(sql(i.db, "SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_users_1'"));
  const size = Number(sql(i.db, 'PRAGMA page_size'));
  const fd = openSync(i.db, 'r+');
  const h = Buffer.alloc(8);
  readSync(fd, h, 0, 8, (root - 1) * size);
  h[3] = 0; h[4] = 0;
  writeSync(fd, h, 0, 8, (root - 1) * size);
  closeSync(fd);
  const r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 整合性: /);
  assert.match(r.stdout, /mamori restore/);
});

test('doctor: run as another user than the database owner it refuses before opening, exit 1 ' +
  '(not root, or PostgreSQL: a SQLite file readable by others is a warning)', () => {
  const i = install();
  if (!PG && process.getuid() === 0) {
    chownSync(i.db, 65534, 65534);
    const r = doctor(i.args);
    assert.equal(r.status, 1, r.out);
    assert.match(r.stdout, /\[要対処\] データベース: .* の所有者（.*）以外のユーザーで実行しています/);
    assert.match(r.stdout, /sudo -u /);
    assert.doesNotMatch(r.stdout, /\[OK\] データベース/, 'not opened');
    return;
  }
  if (PG) {
    assert.equal(doctor(i.args).status, 0);
    return;
  }
  chmodSync(i.db, 0o644);
  const r = doctor(i.args);
  assert.equal(r.status, 3, r.out);
  assert.match(r.stdout, /\[警告\] ファイルのモード: .* を他のユーザーが読めます/);
});

test('doctor: a stale backup is a warning (3), one from the future a clock failure (1) ' +
  '(PostgreSQL: backups are pg_dump\'s)', () => {
  const i = install();
  if (PG) {
    const r = doctor(i.args);
    assert.equal(r.status, 0, r.out);
    assert.match(r.stdout, /pg_dump/);
    return;
  }
  const old = Date.now() / 1000 - 3 * 24 * 3600;
  utimesSync(i.backup, old, old);
  let r = doctor(i.args);
  assert.equal(r.status, 3, r.out);
  assert.match(r.stdout, /\[警告\] バックアップ: 最新の .* は 72 時間前のものです/);
  const ahead = Date.now() / 1000 + 24 * 3600;
  utimesSync(i.backup, ahead, ahead);
  r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(r.stdout, /\[要対処\] 時計: 最新のバックアップ .*が現在時刻より先です/);
});

test('doctor: the field key against the database\'s key check (issue 9): missing, ' +
  'not yet bound, the one it was sealed with, another one, lost', async () => {
  const dir0 = tempDir('mamori-doctor-key-');
  const key = join(dir0, 'field.key');
  const i = install({ config: `[keys]\nfield_key = ${key}\n` });
  const line = (r) => (/^\[[^\]]+\] 項目の鍵: .*$/m.exec(r.stdout) || [''])[0];
  // not there yet, nothing sealed: the next start makes it
  let r = doctor(i.args);
  assert.equal(r.status, 3, r.out);
  assert.match(line(r), /^\[警告\] 項目の鍵: 鍵ファイル .* がありません（次の起動で作られます）/);
  // the first start makes and binds it
  const srv = await startServer({ db: i.db, config: i.ini });
  await srv.stop();
  const original = readFileSync(key, 'utf8');
  r = doctor(i.args);
  assert.equal(r.status, 0, r.out);
  assert.match(line(r), /^\[OK\] 項目の鍵: .* はデータベースの照合値と一致します/);
  // another key: to fix, and the server would not start
  writeFileSync(key, randomBytes(32).toString('hex') + '\n', { mode: 0o600 });
  r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(line(r), /^\[要対処\] 項目の鍵: .* はこのデータベースを秘匿した鍵ではありません/);
  assert.match(r.stdout, /→ 対処: 正しい鍵ファイルをバックアップから戻してください/);
  // lost: to fix, restore it from its backup
  rmSync(key);
  r = doctor(i.args);
  assert.equal(r.status, 1, r.out);
  assert.match(line(r), /^\[要対処\] 項目の鍵: 鍵ファイル .* がありません。データベースの秘匿した値はこの鍵でしか開けません/);
  writeFileSync(key, original, { mode: 0o600 });
  r = doctor(i.args);
  assert.equal(r.status, 0, r.out);
  rmSync(dir0, { recursive: true, force: true });
});

test('doctor --help describes it; a bad option is a usage error (2)', () => {
  const h = cli(['doctor', '--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /Exit 0 healthy, 1 something to fix, 3 warnings only/);
  assert.equal(cli(['doctor', '--min-free-mib', 'lots']).status, 2);
  assert.equal(cli(['doctor', '--no-such']).status, 2);
});
