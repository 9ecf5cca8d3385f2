// db_unreachable.test.mjs - PostgreSQL goes away under a running server
// (issue 14): every request answers 503 with Retry-After and a Japanese
// message (JSON for the API, an error page for the web), a session or
// token is never treated as ended (no cookie cleared, no 401), nothing is
// written, and once the database is back the same session and token work
// again.
//
// The test starts and stops its own throwaway PostgreSQL server
// (scripts/pg-test-server.sh on a free port, halted and resumed on its
// data), never the shared one on 55432.  On SQLite the server runs with
// the LD_PRELOAD shim tests/crash/fail_io.c (built beside $MAMORI_BIN),
// which makes every read, write and sync of the database's files fail
// while a flag file exists.  Both run once, in the SQLite pass of the
// crash suite (the PostgreSQL pass would only repeat them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { existsSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  ROOT, PG, BIN, startServer, login, as, api, cli, psql, pgUrl, tempDir,
  webLogin, loginForm, page, csrfField, items, sqlite, initDemoDb, removeDemoDb,
} from '../lib/server.mjs';

const havePg = spawnSync('test', ['-x', '/usr/lib/postgresql/15/bin/initdb']).status === 0;
const skip = (PG && 'runs in the SQLite pass (it starts its own PostgreSQL)') ||
  (!havePg && 'needs PostgreSQL 15 binaries');

const SCRIPT = join(ROOT, 'scripts', 'pg-test-server.sh');
let port = 0;
let dir = null;
let srv = null;
let db = null;

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => res(p));
    });
  });
}

/* scripts/pg-test-server.sh CMD for this file's own server. */
function pgServer(cmd) {
  const r = spawnSync(SCRIPT, [cmd], {
    encoding: 'utf8', env: { ...process.env, MAMORI_PG_PORT: String(port) },
  });
  if (r.status !== 0) throw new Error(`pg-test-server.sh ${cmd}: ${r.stderr}`);
  return r.stdout.trim();
}

before(async () => {
  if (skip) return;
  port = await freePort();
  const url = pgServer('start');
  psql(url, 'CREATE DATABASE mm_unreachable');
  db = pgUrl(url, 'mm_unreachable');
  dir = tempDir();
  const r = cli(['init', '--db', db, '--demo']);
  assert.equal(r.status, 0, r.stderr);
  srv = await startServer({ db, dir });
});

after(async () => {
  if (srv) await srv.stop();
  if (port) {
    pgServer('stop');
    // the script's lock file (its state directory is gone with stop)
    const parent = process.getuid() === 0 ? '/tmp' : (process.env.TMPDIR || '/tmp');
    rmSync(join(parent, `mamori-pg-${port}.lock`), { force: true });
  }
  if (dir) spawnSync('rm', ['-rf', dir]);
});

/* The answer of an unreachable database: 503, Retry-After, no logout. */
function assertUnavailable(r, what) {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 60, `${what}: Retry-After ${r.headers.get('retry-after')}`);
  for (const c of r.headers.getSetCookie()) {
    assert.doesNotMatch(c, /^mamori_session=/, `${what} must not touch the session cookie: ${c}`);
  }
}

test('issue 14: PostgreSQL down is a 503 with Retry-After, never a dropped login; the session works again when it is back',
  { skip }, async () => {
    const admin = as(srv, await login(srv, 'admin'));
    const token = (await admin.post('/api/v1/tokens', { label: 'outage' })).json.token;
    assert.ok(token);
    const web = (await webLogin(srv, 'gm')).cookie;
    assert.ok(web);
    const home = await page(srv, '/', web);
    assert.equal(home.status, 200);
    const unitsBefore = items((await admin.get('/api/v1/units?limit=200')).json).length;
    // the login form's pre-session token, fetched while the database is up
    const form = await loginForm(srv);

    pgServer('halt');
    try {
      // API, session cookie: JSON error in Japanese, code unavailable
      const r = await admin.get('/api/v1/units');
      assertUnavailable(r, 'GET /api/v1/units (cookie)');
      assert.equal(r.json.error.code, 'unavailable', r.text);
      assert.match(r.json.error.message, /データベースに接続できない/);
      // API, bearer token
      const t = await api(srv, 'GET', '/api/v1/me', { token });
      assertUnavailable(t, 'GET /api/v1/me (token)');
      assert.equal(t.json.error.code, 'unavailable');
      // a write: refused before anything, with the same answer
      const w = await admin.post('/api/v1/units', { code: 'DOWN1', name: '停止中警察署', kind: 'station' });
      assertUnavailable(w, 'POST /api/v1/units');
      // logging in reads and writes the database: 503, not "wrong password"
      const l = await api(srv, 'POST', '/api/v1/session',
        { body: { login: 'admin', password: 'mamori-demo-2026' } });
      assertUnavailable(l, 'POST /api/v1/session');
      assert.equal(l.json.error.code, 'unavailable', l.text);
      // the web: a Japanese error page, the cookie kept
      const p = await page(srv, '/', web);
      assertUnavailable(p, 'GET / (web)');
      assert.match(p.headers.get('content-type'), /text\/html/);
      assert.match(p.text, /ただいま利用できません/);
      assert.match(p.text, /データベースに接続できない/);
      const wl = await fetch(srv.url + '/login', {
        method: 'POST', redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: form.cookie },
        body: new URLSearchParams({ csrf: form.csrf, login: 'gm', password: 'mamori-demo-2026' }).toString(),
      });
      assertUnavailable({ status: wl.status, headers: wl.headers, text: await wl.text() },
        'POST /login (web)');
    } finally {
      pgServer('resume');
    }

    // The same session, token and browser cookie work again: nobody was
    // logged out by the outage, and the write refused during it is absent.
    let again = null;
    for (let i = 0; i < 50; i++) {
      again = await admin.get('/api/v1/units?limit=200');
      if (again.status === 200) break;
      await new Promise((res) => setTimeout(res, 200));
    }
    assert.equal(again.status, 200, again.text);
    assert.equal(items(again.json).length, unitsBefore);
    assert.ok(!items(again.json).some((u) => u.code === 'DOWN1'));
    assert.equal((await api(srv, 'GET', '/api/v1/me', { token })).status, 200);
    const back = await page(srv, '/', web);
    assert.equal(back.status, 200);
    assert.ok(csrfField(back.text) !== undefined);
    const made = await admin.post('/api/v1/units', { code: 'BACK1', name: '復旧後警察署', kind: 'station' });
    assert.equal(made.status, 201, made.text);
  });

const SHIM = join(dirname(BIN), 'tests', 'crash', 'libmm_fail_io.so');
const skipSqlite = (PG && 'the SQLite pass runs it') ||
  (!existsSync(SHIM) && `needs ${SHIM} (ninja builds it)`);

test('issue 14: SQLite files failing under a running server: 503 with Retry-After, the login kept, back when they read again',
  { skip: skipSqlite }, async () => {
    const demo = initDemoDb();
    const flag = join(demo.dir, 'fail-now');
    const saved = { ...process.env };
    process.env.LD_PRELOAD = SHIM;
    process.env.MM_FAIL_IO_DIR = demo.dir;
    process.env.MM_FAIL_IO_FLAG = flag;
    let s = null;
    try {
      s = await startServer({ db: demo.db, dir: demo.dir });
    } finally {
      for (const k of ['LD_PRELOAD', 'MM_FAIL_IO_DIR', 'MM_FAIL_IO_FLAG']) {
        if (k in saved) process.env[k] = saved[k];
        else delete process.env[k];
      }
    }
    try {
      const admin = as(s, await login(s, 'admin'));
      const token = (await admin.post('/api/v1/tokens', { label: 'disk' })).json.token;
      const web = (await webLogin(s, 'gm')).cookie;
      const before = sqlite(demo.db, 'SELECT count(*) FROM units');

      writeFileSync(flag, '');
      // Another process (not under the shim) writes: the server's page
      // caches are stale and every request must read the files again.
      sqlite(demo.db, 'PRAGMA user_version = 14');
      const r = await admin.get('/api/v1/units');
      assertUnavailable(r, 'GET /api/v1/units (cookie, SQLite)');
      assert.equal(r.json.error.code, 'unavailable', r.text);
      assert.match(r.json.error.message, /データベースに接続できない/);
      assertUnavailable(await api(s, 'GET', '/api/v1/me', { token }), 'GET /api/v1/me (token, SQLite)');
      const w = await admin.post('/api/v1/units', { code: 'DISK1', name: '障害中警察署', kind: 'station' });
      assertUnavailable(w, 'POST /api/v1/units (SQLite)');
      const p = await page(s, '/', web);
      assertUnavailable(p, 'GET / (web, SQLite)');
      assert.match(p.text, /ただいま利用できません/);
      assert.match(s.stderr(), /cannot identify the caller/);

      // Only writes fail: the caller is known, the write is refused 503.
      writeFileSync(flag, 'w');
      const ww = await admin.post('/api/v1/units', { code: 'DISK1', name: '障害中警察署', kind: 'station' });
      assertUnavailable(ww, 'POST /api/v1/units (SQLite, writes failing)');
      assert.equal(ww.json.error.code, 'unavailable', ww.text);
      assert.match(ww.json.error.message, /データベースに接続できない/);

      rmSync(flag);
      const again = await admin.get('/api/v1/units');
      assert.equal(again.status, 200, again.text);
      assert.equal((await api(s, 'GET', '/api/v1/me', { token })).status, 200);
      assert.equal((await page(s, '/', web)).status, 200);
      assert.equal(sqlite(demo.db, 'SELECT count(*) FROM units'), before, 'nothing was written');
      assert.equal(sqlite(demo.db, 'PRAGMA integrity_check'), 'ok');
      const made = await admin.post('/api/v1/units', { code: 'DISK2', name: '復旧後警察署', kind: 'station' });
      assert.equal(made.status, 201, made.text);
    } finally {
      if (s) await s.stop();
      removeDemoDb(demo);
    }
  });
