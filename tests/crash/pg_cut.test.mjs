// pg_cut.test.mjs - the connection to PostgreSQL cut before each statement
// of each mutating operation (issue 14).  The server reaches its database
// through a small TCP proxy in this file that reads the frontend messages
// of the PostgreSQL protocol; armed with N, it lets the first N-1
// statements of the next request through (a simple Query 'Q' or an
// extended-protocol Parse 'P': libpq's PQexec and PQexecParams) and, when
// the Nth begins, closes both sides of its connection instead of passing
// it on.  For every N until the operation completes without reaching its
// Nth statement (the operations of fail_ops.mjs):
//   - the answer is 2xx, or 503 (MM_EUNAVAIL: the database could not be
//     reached) with Retry-After and a Japanese message; never a 401 (a
//     token lookup cut is no reason to drop a login) nor a 500;
//   - the server still runs, and its next request, on a fresh connection
//     (the pool reconnects a broken one), answers 200;
//   - nothing is half-written: the record (or its new version) is there
//     exactly when its audit entry is, and a 2xx answer means it is there;
//   - `mamori audit verify` is clean after each operation's last N.
// Runs in the PostgreSQL pass of the crash suite (on SQLite there is no
// connection to cut: fail_io_steps.test.mjs fails its file I/O instead).
// Prints the number of cuts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import {
  PG, startServer, api, cli, initDemoDb, removeDemoDb,
} from '../lib/server.mjs';
import { OPS, ok, WHO, laneSetup, laneConfig } from './fail_ops.mjs';
import { snapshot, cleanError, wholeOrNothing } from './checks.mjs';
import { psqlShell } from './sql_shell.mjs';

const skip = !PG && 'PostgreSQL only: the PostgreSQL pass runs it';
const MAX_N = 500;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/*
 * The proxy.  Frontend messages are a type byte and a 4-byte length
 * (that counts itself), after an untyped start: SSLRequest or
 * GSSENCRequest (the server answers one byte) and the StartupMessage.
 */
class CutProxy {
  constructor(host, port) {
    this.host = host;
    this.port = port;
    this.left = 0; // 0: disarmed
    this.fired = false;
    this.cuts = 0;
    this.server = net.createServer((c) => this.relay(c));
  }

  listen() {
    return new Promise((res) => this.server.listen(0, '127.0.0.1', () =>
      res(this.server.address().port)));
  }

  close() {
    return new Promise((res) => this.server.close(res));
  }

  /* The nth statement from now is cut (0: none); fired says whether. */
  arm(n) {
    this.left = n;
    if (n) this.fired = false;
  }

  relay(client) {
    const up = net.connect(this.port, this.host);
    let pending = Buffer.alloc(0);
    let startup = true;
    let counted = true;
    const done = () => {
      client.destroy();
      up.destroy();
    };
    client.on('error', done);
    up.on('error', done);
    client.on('close', () => up.end());
    up.on('close', () => client.destroy());
    up.on('data', (d) => client.write(d));
    client.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      let off = 0;
      for (;;) {
        const rest = pending.length - off;
        if (startup) {
          if (rest < 8) break;
          const len = pending.readInt32BE(off);
          if (rest < len) break;
          const code = pending.readInt32BE(off + 4);
          // The audit sealer's own connection (issue 12) runs on its own
          // clock, not the request's: its statements are not counted, and
          // never cut (the cluster test kills the sealer's server instead).
          if (pending.subarray(off, off + len).includes('mamori-sealer')) counted = false;
          off += len;
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          continue;
        }
        if (rest < 5) break;
        const len = pending.readInt32BE(off + 1);
        if (rest < 1 + len) break;
        const type = String.fromCharCode(pending[off]);
        if (counted && (type === 'Q' || type === 'P') && this.left > 0 && --this.left === 0) {
          // the cut: what came before this statement goes through, then
          // the server sees the end of its connection, the client too
          this.fired = true;
          this.cuts++;
          up.end(pending.subarray(0, off));
          client.destroy();
          return;
        }
        off += 1 + len;
      }
      if (off) {
        up.write(pending.subarray(0, off));
        pending = pending.subarray(off);
      }
    });
  }
}

let demo;
let db;
let proxy;
let srv;
const L = { index: 0, shared: {}, tok: {} };
const stats = { cuts: 0, completed: 0, answers: {} };
const t0 = Date.now();

before(async () => {
  if (skip) return;
  demo = initDemoDb();
  for (const who of WHO) {
    const r = cli(['token', 'create', '--db', demo.db, '--user', who]);
    assert.equal(r.status, 0, r.stderr);
    L.tok[who] = r.stdout.trim().split(/\s+/).pop();
  }
  db = psqlShell(demo.db);
  L.kita = Number(await db.q("SELECT id FROM units WHERE code = 'KITA'"));
  const u = new URL(demo.db);
  proxy = new CutProxy(u.hostname, Number(u.port || 5432));
  u.host = `127.0.0.1:${await proxy.listen()}`;
  srv = await startServer({ db: u.toString(), dir: demo.dir, keep: true, config: laneConfig(demo.dir) });
  L.call = (who, method, path, body) => api(srv, method, path, { token: L.tok[who], body });
  L.raw = (method, path, opts) => api(srv, method, path, opts);
  L.q = (sql) => db.q(sql);
  await laneSetup(L);
});

after(async () => {
  if (srv) await srv.kill();
  if (proxy) await proxy.close();
  db?.close();
  if (demo) removeDemoDb(demo);
  if (!skip) {
    console.log(`pg_cut: ${stats.cuts} connections cut before a statement, ` +
      `${stats.completed} operations completed, ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s; answers ${JSON.stringify(stats.answers)}`);
  }
});

function alive(what) {
  const p = srv.proc;
  if (p.exitCode !== null || p.signalCode !== null) {
    assert.fail(`${what}: the server died (${p.exitCode ?? p.signalCode}): ` +
      srv.stderr().slice(-3000));
  }
}

/* One N: prepares, arms, runs, checks.  Whether the cut came. */
async function oneCut(op, n, keep) {
  const tag = `pg${n}-${Date.now() % 1e8}`;
  // what the last N prepared serves again when that N changed nothing
  const ctx = keep.ctx !== undefined ? keep.ctx : op.prepare ? await op.prepare(L, tag) : null;
  const snap = await snapshot((q) => db.q(q), op, ctx);
  proxy.arm(n);
  let r;
  try {
    r = await op.run(L, ctx, tag);
  } finally {
    proxy.arm(0);
  }
  const fired = proxy.fired;
  const what = `${op.name}, cut before statement ${n}: ${r.status} ${r.text.slice(0, 300)}`;
  const key = `${r.status}${r.json?.error ? ` ${r.json.error.code}` : ''}`;
  stats.answers[key] = (stats.answers[key] || 0) + 1;
  alive(what);
  const done = r.status >= 200 && r.status < 300;
  if (!done) {
    assert.ok(fired, `${what}: refused without a cut`);
    cleanError(r, what, { code: 'unavailable' });
  }
  // the next request, on a fresh connection, works
  await ok(await L.call('gm', 'GET', '/api/v1/units?limit=1'), `${what}: the next request`);
  const changed = await wholeOrNothing((q) => db.q(q),
    (path, who) => L.call(who || 'gm', 'GET', path), op, ctx, snap, done, what);
  keep.ctx = changed ? undefined : ctx;
  if (fired) stats.cuts++;
  else {
    assert.ok(done, `${what}: completed when nothing was cut`);
    stats.completed++;
  }
  return fired;
}

// MAMORI_FAIL_OPS=role,password: only the operations whose name holds
// one of these (for hunting).
const ONLY = process.env.MAMORI_FAIL_OPS ? process.env.MAMORI_FAIL_OPS.split(',') : null;
for (const op of OPS.filter((o) => !ONLY || ONLY.some((w) => o.name.includes(w)))) {
  test(`issue 14: ${op.name} with the connection to PostgreSQL cut before its Nth statement, ` +
    'for every N: a 503, nothing half-written, the next request works, the chain intact',
  { skip }, async () => {
    const keep = {};
    let n;
    for (n = 1; n <= MAX_N; n++) {
      if (!await oneCut(op, n, keep)) break;
    }
    assert.ok(n <= MAX_N, `${op.name}: completed within ${MAX_N} statements`);
    const v = cli(['audit', 'verify', '--db', demo.db]);
    assert.equal(v.status, 0, `${op.name}: ${v.stdout}${v.stderr}`);
  });
}
