// server.mjs - starts a Mamori server for one test file and talks to it.
//
// Every test file gets its own server on its own temporary database
// (`mamori init --demo`), listening on a free loopback port, so the files
// are independent and may run in parallel.  The binary is $MAMORI_BIN, or
// build/mamori of the repository.
//
// Backend: SQLite files by default.  With $MAMORI_TEST_PG set to a
// PostgreSQL server URL (scripts/pg-test-server.sh prints one) every demo
// database is instead a fresh PostgreSQL database mm_http_<random> on that
// server, created here and dropped by removeDemoDb() / stop() (and, as a
// last resort, when the test process exits).  `db` is then its URL, which
// every `mamori` command accepts in place of a path; sql() runs a query
// on either backend.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = process.env.MAMORI_BIN || join(ROOT, 'build', 'mamori');
export const DEMO_PASSWORD = 'mamori-demo-2026';

// Sanitizer builds run several times slower: widen every wait.
const SLOW = /asan/.test(BIN) ? 4 : 1;
const START_TIMEOUT_MS = 20000 * SLOW;

/* Runs `mamori ARGS...` to the end: {status, stdout, stderr}. */
export function cli(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 120000, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/* The PostgreSQL server URL of this run, or null for SQLite. */
export const PG = process.env.MAMORI_TEST_PG || null;
/* The backend under test, for test names and messages. */
export const BACKEND = PG ? 'postgresql' : 'sqlite';

/* True when db names a PostgreSQL database (a URL) rather than a file. */
export function isPg(db) {
  return /^postgres(ql)?:\/\//.test(db);
}

/* Runs SQL through the sqlite3 command-line tool; returns its stdout. */
export function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-batch', db, sql], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr}`);
  return r.stdout.trim();
}

/*
 * Runs SQL through psql on the database at url; returns its stdout in
 * the sqlite3 CLI's format (one row a line, columns split by "|").
 */
export function psql(url, sql) {
  const r = spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1',
    '-d', url, '-c', sql], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return r.stdout.trim();
}

/* Runs SQL (written for both dialects) on db, a file or a URL. */
export function sql(db, query) {
  return isPg(db) ? psql(db, query) : sqlite(db, query);
}

/* A new temporary directory, removed by the caller's cleanup. */
export function tempDir(prefix = 'mamori-test-') {
  return mkdtempSync(join(tmpdir(), prefix));
}

/* server's URL with its database name replaced by name. */
export function pgUrl(server, name) {
  const u = new URL(server);
  u.pathname = '/' + name;
  return u.toString();
}

// PostgreSQL databases this process created and has not dropped yet.
const liveDatabases = new Set();

/* A new empty PostgreSQL database on the test server; returns its URL. */
export function createPgDatabase(prefix = 'mm_http_') {
  if (!PG) throw new Error('createPgDatabase needs MAMORI_TEST_PG');
  const name = prefix + randomBytes(6).toString('hex');
  psql(PG, `CREATE DATABASE ${name}`);
  const url = pgUrl(PG, name);
  liveDatabases.add(url);
  return url;
}

/* Drops a database made by createPgDatabase (connections and all). */
export function dropPgDatabase(url) {
  if (!liveDatabases.delete(url)) return;
  const name = new URL(url).pathname.slice(1);
  psql(PG, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// A test file that dies before its cleanup still leaves no database behind.
process.on('exit', () => {
  for (const url of [...liveDatabases]) {
    try {
      dropPgDatabase(url);
    } catch {
      // the server may be gone already; nothing more to do
    }
  }
});

/*
 * A new empty database for `mamori init`: a file path in dir for SQLite,
 * a fresh database's URL under $MAMORI_TEST_PG.
 */
export function newDb(dir, file = 'mamori.db') {
  return PG ? createPgDatabase() : join(dir, file);
}

/*
 * `mamori init --db DB --demo` into a fresh temporary directory (and, on
 * PostgreSQL, a fresh database).  Returns {dir, db}; removeDemoDb undoes it.
 */
export function initDemoDb() {
  const dir = tempDir();
  const db = newDb(dir);
  const r = cli(['init', '--db', db, '--demo']);
  if (r.status !== 0) {
    removeDemoDb({ dir, db });
    throw new Error(`mamori init failed (${r.status}): ${r.stderr}`);
  }
  return { dir, db };
}

/* Removes what initDemoDb made: the directory and the PostgreSQL database. */
export function removeDemoDb({ dir, db }) {
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (db && isPg(db)) dropPgDatabase(db);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/*
 * startServer - serves db (a new demo database when omitted) on
 * 127.0.0.1:0, with opts.config (a configuration file) and opts.args
 * (more `mamori serve` arguments, e.g. ['--trusted-proxies', '127.0.0.1'])
 * and opts.env (more environment variables).
 * Returns {url, db, dir, proc, stop(), kill(), stderr(), stdout()}.
 * stop() sends SIGTERM and resolves {code, signal, stderr}; kill() sends
 * SIGKILL.  Both are idempotent.
 */
export async function startServer(opts = {}) {
  let dir = opts.dir;
  let db = opts.db;
  let ownDir = false;
  if (!db) {
    ({ dir, db } = initDemoDb());
    ownDir = true;
  }
  const args = ['serve', '--db', db, '--listen', '127.0.0.1:0'];
  if (opts.config) args.push('--config', opts.config);
  if (opts.args) args.push(...opts.args);
  const env = opts.env ? { ...process.env, ...opts.env } : process.env;
  const proc = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let err = '';
  const exited = new Promise((res) => {
    proc.on('exit', (code, signal) => res({ code, signal }));
  });
  proc.stderr.on('data', (d) => {
    if (err.length < 1 << 20) err += d.toString();
  });
  const url = await new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`server did not print its address: ${out} ${err}`)),
      START_TIMEOUT_MS);
    const look = (d) => {
      out += d.toString();
      const m = /mamori: listening on (http:\/\/[^\s]+)/.exec(out + err);
      if (m) {
        clearTimeout(timer);
        res(m[1].replace(/\/$/, ''));
      }
    };
    proc.stdout.on('data', look);
    proc.stderr.on('data', look);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`server exited early (${code ?? signal}): ${err}`));
    });
  });
  // Keep draining stdout so the pipe never fills.
  proc.stdout.on('data', () => {});
  await waitHealthy(url);

  let stopped = null;
  const finish = async (sig) => {
    if (!stopped) {
      stopped = (async () => {
        if (proc.exitCode === null && proc.signalCode === null) {
          proc.kill(sig);
        }
        const t = setTimeout(() => proc.kill('SIGKILL'), 15000 * SLOW);
        const r = await exited;
        clearTimeout(t);
        if (ownDir && !opts.keep) removeDemoDb({ dir, db });
        return { ...r, stderr: err };
      })();
    }
    return stopped;
  };
  return {
    url, db, dir, proc,
    port: Number(new URL(url).port),
    stop: () => finish('SIGTERM'),
    kill: () => finish('SIGKILL'),
    stderr: () => err,
    stdout: () => out,
  };
}

/* Polls GET /healthz until it answers 200. */
export async function waitHealthy(url) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    try {
      const r = await fetch(url + '/healthz');
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url}/healthz never answered`);
    await sleep(50);
  }
}

/*
 * api - one request: opts.body (an object: sent as JSON; a string or
 * Buffer: sent as is with opts.type or application/json), opts.cookie,
 * opts.csrf (X-CSRF-Token), opts.token (Bearer), opts.headers.
 * Resolves {status, headers, text, json} (json null when not JSON).
 */
export async function api(srv, method, path, opts = {}) {
  const headers = { ...(opts.headers || {}) };
  let body;
  if (opts.body !== undefined) {
    body = (typeof opts.body === 'string' || Buffer.isBuffer(opts.body))
      ? opts.body : JSON.stringify(opts.body);
    if (!('content-type' in lower(headers))) {
      headers['Content-Type'] = opts.type || 'application/json';
    }
  }
  if (opts.cookie) headers.Cookie = opts.cookie;
  if (opts.csrf) headers['X-CSRF-Token'] = opts.csrf;
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  const r = await fetch(srv.url + path, { method, headers, body, redirect: 'manual' });
  const text = await r.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: r.status, headers: r.headers, text, json };
}

function lower(h) {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/* The name=value of the session cookie in a response, or null. */
export function sessionCookie(headers) {
  for (const c of headers.getSetCookie()) {
    const m = /^((?:__Host-)?mamori_session=[^;]*)/.exec(c);
    if (m) return m[1];
  }
  return null;
}

/*
 * login - POST /api/v1/session as login (demo password unless given).
 * Resolves {cookie, csrf, user, res}; throws unless 200.
 */
export async function login(srv, who, password = DEMO_PASSWORD) {
  const res = await api(srv, 'POST', '/api/v1/session',
    { body: { login: who, password } });
  if (res.status !== 200) {
    throw new Error(`login ${who}: ${res.status} ${res.text}`);
  }
  return { cookie: sessionCookie(res.headers), csrf: res.json.csrf_token,
    user: res.json.user, res };
}

/*
 * as - a bound API client for a logged-in session:
 * c.get(path), c.post(path, body), c.patch(...), c.del(path).
 */
export function as(srv, s) {
  const call = (m) => (path, body, extra = {}) =>
    api(srv, m, path, { body, cookie: s.cookie, csrf: s.csrf, ...extra });
  return { get: call('GET'), post: call('POST'), patch: call('PATCH'),
    del: call('DELETE'), session: s };
}

/*
 * items - the array of a list response: the body itself when it is an
 * array, else its one array-valued member ({"units":[...]} or
 * {"items":[...]}).
 */
export function items(json) {
  if (Array.isArray(json)) return json;
  if (json && typeof json === 'object') {
    for (const k of ['items', 'units', 'users', 'roles', 'entries', 'audit', 'tokens']) {
      if (Array.isArray(json[k])) return json[k];
    }
    const arrays = Object.values(json).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0];
  }
  throw new Error(`not a list response: ${JSON.stringify(json).slice(0, 300)}`);
}

/* The object of a single-record response: {"unit":{...}} or the body. */
export function record(json, name) {
  if (json && typeof json === 'object' && json[name] && typeof json[name] === 'object') {
    return json[name];
  }
  return json;
}

/*
 * allPages - every item of a paged list (issue 8: ?limit=&after= and
 * "next"), following "next" from the first page; path may carry a query.
 */
export async function allPages(srv, s, path) {
  const out = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    const q = `${path}${sep}limit=200${after === null ? '' : `&after=${after}`}`;
    const r = await api(srv, 'GET', q, { cookie: s.cookie });
    if (r.status !== 200) throw new Error(`GET ${q}: ${r.status} ${r.text}`);
    out.push(...items(r.json));
    if (r.json.next === null || r.json.next === undefined) return out;
    after = r.json.next;
  }
  throw new Error(`${path}: too many pages`);
}

/* Map of unit code -> unit, read as the given session. */
export async function unitsByCode(srv, s) {
  const all = await allPages(srv, s, '/api/v1/units');
  return Object.fromEntries(all.map((u) => [u.code, u]));
}

/* Map of login -> user, read as the given session. */
export async function usersByLogin(srv, s) {
  const all = await allPages(srv, s, '/api/v1/users');
  return Object.fromEntries(all.map((u) => [u.login, u]));
}

/*
 * auditEntries - the newest audit entries visible to s (admin sees all),
 * newest first.
 */
export async function auditEntries(srv, s, query = '') {
  const r = await api(srv, 'GET', '/api/v1/audit' + query, { cookie: s.cookie });
  if (r.status !== 200) throw new Error(`GET /api/v1/audit: ${r.status} ${r.text}`);
  return items(r.json);
}

/* Actions that record a change of a record (not a read, login or refusal). */
export const CHANGE_ACTION = /(create|update|delete|deactivate|activate|assign|revoke|password|restore)/;

/*
 * changesSince - audit entries recording changes with seq above `seq`
 * (read straight from the database, so reading cannot add entries).
 */
export function changesSince(db, seq) {
  const out = sql(db, `SELECT action FROM audit_log WHERE seq > ${Number(seq)} ORDER BY seq`);
  return out ? out.split('\n').filter((a) => CHANGE_ACTION.test(a)) : [];
}

/*
 * auditRows - the audit rows with seq above `seq`, read straight from the
 * database, each an object of the named columns, in seq order.
 */
export function auditRows(db, seq, columns) {
  const fn = isPg(db) ? 'json_build_object' : 'json_object';
  const pairs = columns.map((c) => `'${c}',${c}`).join(',');
  const out = sql(db, `SELECT ${fn}(${pairs}) FROM audit_log WHERE seq > ${Number(seq)} ORDER BY seq`);
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}

/* The newest audit seq in the database. */
export function auditHead(db) {
  return Number(sql(db, 'SELECT coalesce(max(seq), 0) FROM audit_log'));
}

/*
 * rawRequest - sends bytes over a plain socket and resolves the whole
 * answer as text (until the server closes or timeoutMs passes).
 */
export function rawRequest(srv, bytes, timeoutMs = 5000) {
  return new Promise((res, rej) => {
    const sock = net.connect(srv.port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { sock.destroy(); res(data); }, timeoutMs * SLOW);
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (d) => { data += d.toString('latin1'); });
    sock.on('end', () => { clearTimeout(timer); res(data); });
    sock.on('error', (e) => {
      clearTimeout(timer);
      if (data) res(data); else rej(e);
    });
  });
}

/*
 * loginForm - GET /login as a browser without a session would: resolves
 * {cookie, csrf}, the pre-session login cookie ("name=value") and the
 * form's hidden csrf field that POST /login needs (login CSRF, issue 13).
 */
export async function loginForm(srv, headers = {}) {
  const r = await fetch(srv.url + '/login', { redirect: 'manual', headers });
  const text = await r.text();
  let cookie = null;
  for (const c of r.headers.getSetCookie()) {
    const m = /^((?:__Host-)?mamori_login=[^;]*)/.exec(c);
    if (m) cookie = m[1];
  }
  return { cookie, csrf: csrfField(text) };
}

/*
 * webLogin - logs in through the HTML form (GET /login for its token,
 * then POST /login), with opts.headers on both requests; resolves
 * {cookie, res, text}: the session cookie (null when none was set).
 */
export async function webLogin(srv, who, password = DEMO_PASSWORD, opts = {}) {
  const form = await loginForm(srv, opts.headers || {});
  const res = await fetch(srv.url + '/login', {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded',
      Cookie: form.cookie, ...(opts.headers || {}) },
    body: new URLSearchParams({ csrf: form.csrf, login: who, password }).toString(),
  });
  const text = await res.text();
  return { cookie: sessionCookie(res.headers), res, text };
}

/* The value of the hidden csrf field in an HTML page, or null. */
export function csrfField(html) {
  const m = /<input[^>]*name="csrf"[^>]*>/.exec(html);
  if (!m) return null;
  const v = /value="([^"]*)"/.exec(m[0]);
  return v ? v[1] : null;
}

/* GET an HTML page with a session cookie: {status, headers, text}. */
export async function page(srv, path, cookie) {
  const r = await fetch(srv.url + path, {
    redirect: 'manual', headers: cookie ? { Cookie: cookie } : {},
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

export { existsSync };
