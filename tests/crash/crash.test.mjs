// crash.test.mjs - kill -9 under a stream of writes (PostgreSQL's
// crash-restart oracle), MAMORI_CRASH_ROUNDS rounds (default 200, issue
// 14).  Each round: several connections create units, the server is
// killed with SIGKILL at a random moment a few hundred ms in, and after
// the restart every write acknowledged with 201 is present (all of them
// by SQL, the round's newest through the API), nothing is half-done
// (each unit has its audit entry, same transaction), the database passes
// PRAGMA integrity_check (SQLite, every round) and `mamori audit verify`
// (every VERIFY_EVERY rounds and after the last: it reads the whole
// chain, which grows by thousands of entries).
//
// With MAMORI_TEST_PG the test starts its own durable PostgreSQL (fsync
// and synchronous_commit on, tests/crash/own_pg.mjs), never the shared
// one: every PG_KILL_EVERY-th round the postmaster and its backends are
// killed with SIGKILL mid-write too; the running Mamori must answer 503
// meanwhile, write again once PostgreSQL has replayed its WAL, and no
// acknowledged write may be missing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  PG, startServer, api, cli, sql, sqlite, psql, pgUrl, initDemoDb, removeDemoDb,
  tempDir,
} from '../lib/server.mjs';
import { startOwnPg, havePgBinaries } from './own_pg.mjs';

const ROUNDS = Number(process.env.MAMORI_CRASH_ROUNDS || 200);
const WRITERS = 4; // concurrent connections writing
const VERIFY_EVERY = 20;
const PG_KILL_EVERY = 8;
const skip = PG && !havePgBinaries ? 'needs PostgreSQL 15 binaries' : false;

let db;
let dir;
let token;
let pg = null;
let srv = null;
const acked = new Map(); // unit id -> code, acknowledged with 201
const stats = { kills: 0, pgKills: 0, acked: 0, refused503: 0, verified: 0 };
const t0 = Date.now();

before(async () => {
  if (skip) return;
  if (PG) {
    pg = await startOwnPg();
    psql(pg.url, 'CREATE DATABASE mm_crash');
    db = pgUrl(pg.url, 'mm_crash');
    dir = tempDir();
    const r = cli(['init', '--db', db, '--demo']);
    assert.equal(r.status, 0, r.stderr);
  } else {
    ({ db, dir } = initDemoDb());
  }
  const r = cli(['token', 'create', '--db', db, '--user', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  token = r.stdout.trim().split(/\s+/).pop();
});
after(async () => {
  if (srv) await srv.kill();
  if (pg) {
    pg.remove();
    if (dir) removeDemoDb({ dir });
  } else if (dir) {
    removeDemoDb({ dir, db });
  }
  const s = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`crash (${PG ? 'postgresql' : 'sqlite'}): ${stats.kills} kill -9 of mamori, ` +
    `${stats.pgKills} of the postmaster, ${stats.acked} acknowledged writes, 0 lost, ` +
    `${stats.refused503} answered 503, audit verified ${stats.verified} times, ${s} s`);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* One connection creating units until stopped; records each 201. */
async function writeStream(round, w, state) {
  let i = 0;
  while (!state.stop) {
    const code = `R${round}W${w}N${i++}`;
    try {
      const r = await api(srv, 'POST', '/api/v1/units',
        { token, body: { code, name: `試験署${code}`, kind: 'station' } });
      if (r.status === 201) {
        const id = (r.json.unit || r.json).id;
        acked.set(id, code);
        stats.acked++;
        state.lastAck = Date.now();
      } else if (r.status === 503) {
        // the database is down (the postmaster killed): refused, not lost
        stats.refused503++;
        assert.ok(r.headers.get('retry-after'), '503 carries Retry-After');
        await sleep(20);
      } else {
        state.unexpected = `${r.status} ${r.text}`;
        return;
      }
    } catch (e) {
      if (e.code === 'ERR_ASSERTION') {
        state.unexpected = e.message;
        return;
      }
      return; // the connection died with the server
    }
  }
}

/* Every acknowledged unit is in the database, by SQL. */
function checkAckedBySql() {
  const have = new Map(sql(db, 'SELECT id, code FROM units').split('\n')
    .filter(Boolean).map((l) => {
      const [id, code] = l.split('|');
      return [Number(id), code];
    }));
  let lost = 0;
  for (const [id, code] of acked) {
    if (have.get(id) !== code) lost++;
  }
  assert.equal(lost, 0, `${lost} of ${acked.size} acknowledged units lost`);
}

/* The round's newest acknowledged units, read back through the API. */
async function checkRecentByApi(recent) {
  for (const id of recent.slice(-8)) {
    const g = await api(srv, 'GET', `/api/v1/units/${id}`, { token });
    assert.equal(g.status, 200, `GET unit ${id}`);
    assert.equal((g.json.unit || g.json).code, acked.get(id));
  }
}

function checkDatabase(verify) {
  // PostgreSQL checks its own pages (WAL replay); the chain check below
  // is the integrity check of the rows on both backends.
  if (!PG) assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
  const orphans = sql(db, "SELECT count(*) FROM units WHERE id NOT IN " +
    "(SELECT object_id FROM audit_log WHERE object_type = 'unit')");
  assert.equal(orphans, '0', 'every unit has its audit entry (same transaction)');
  if (verify) {
    const v = cli(['audit', 'verify', '--db', db]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    stats.verified++;
  }
}

/* Kills the postmaster mid-write, resumes it, waits for writes again. */
async function crashPostgres(state) {
  pg.killPostmaster();
  stats.pgKills++;
  await sleep(50 + Math.floor(Math.random() * 200));
  pg.run('resume');
  const since = Date.now();
  for (let i = 0; i < 200 && !(state.lastAck > since) && !state.unexpected; i++) {
    await sleep(50);
  }
  assert.ok(state.lastAck > since || state.unexpected,
    'mamori writes again once PostgreSQL is back');
}

for (let round = 0; round < ROUNDS; round++) {
  const last = round === ROUNDS - 1;
  test(`crash round ${round + 1}: kill -9 during writes from ${WRITERS} connections, ` +
    'restart, all acknowledged writes kept', { skip }, async () => {
    if (!srv) srv = await startServer({ db, dir, keep: true });
    const before = new Set(acked.keys());
    const state = { stop: false, lastAck: 0 };
    const writers = [];
    for (let w = 0; w < WRITERS; w++) writers.push(writeStream(round, w, state));
    await sleep(50 + Math.floor(Math.random() * 300));
    if (PG && round % PG_KILL_EVERY === PG_KILL_EVERY - 1) {
      await crashPostgres(state);
      await sleep(Math.floor(Math.random() * 100));
    }
    await srv.kill();
    stats.kills++;
    state.stop = true;
    await Promise.all(writers);
    srv = null;
    assert.equal(state.unexpected, undefined, state.unexpected);
    const recent = [...acked.keys()].filter((id) => !before.has(id));
    assert.ok(round > 0 || recent.length > 0, 'some writes were acknowledged');
    checkDatabase(last || round % VERIFY_EVERY === VERIFY_EVERY - 1);
    checkAckedBySql();
    // the restart of the next round, checked through the API first
    srv = await startServer({ db, dir, keep: true });
    await checkRecentByApi(recent);
    if (last) {
      await srv.kill();
      srv = null;
    }
  });
}
