// crash.test.mjs - kill -9 under a stream of writes (PostgreSQL's
// crash-restart oracle): every write acknowledged before the kill is
// present after the restart, nothing is half-done (each unit has its
// audit entry), the database passes PRAGMA integrity_check (SQLite) and
// the audit chain verifies.  With MAMORI_TEST_PG the database is a fresh
// PostgreSQL database; the server killed is Mamori, not PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, cli, sql, sqlite, isPg, initDemoDb, removeDemoDb, items,
} from '../lib/server.mjs';

const ROUNDS = Number(process.env.MAMORI_CRASH_ROUNDS || 24);
// The whole file must end within about three minutes.
const BUDGET_MS = 150000;
const started = Date.now();

let db;
let dir;
let token;
let srv = null;
const acked = new Map(); // unit id -> code, acknowledged with 201

before(() => {
  ({ db, dir } = initDemoDb());
  const r = cli(['token', 'create', '--db', db, '--user', 'admin']);
  assert.equal(r.status, 0, r.stderr);
  token = r.stdout.trim().split(/\s+/).pop();
});
after(async () => {
  if (srv) await srv.kill();
  removeDemoDb({ dir, db });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* Creates units one after another until stopped; records each 201. */
async function writeStream(round, state) {
  let i = 0;
  while (!state.stop) {
    const code = `R${round}N${i++}`;
    try {
      const r = await api(srv, 'POST', '/api/v1/units',
        { token, body: { code, name: `試験署${code}`, kind: 'station' } });
      if (r.status === 201) {
        const id = (r.json.unit || r.json).id;
        acked.set(id, code);
      } else if (r.status !== 503) {
        state.unexpected = `${r.status} ${r.text}`;
        return;
      }
    } catch {
      return; // the connection died with the server
    }
  }
}

/* Every unit of the list, page after page (lists are paged: issue 8). */
async function allUnits() {
  const out = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const q = `/api/v1/units?limit=200${after === null ? '' : `&after=${after}`}`;
    const r = await api(srv, 'GET', q, { token });
    assert.equal(r.status, 200, r.text);
    out.push(...items(r.json));
    if (r.json.next === null || r.json.next === undefined) return out;
    after = r.json.next;
  }
  throw new Error('too many pages of units');
}

/* Every acknowledged unit is there, by list and by id. */
async function checkAcked(recent) {
  const have = new Map((await allUnits()).map((u) => [u.id, u.code]));
  for (const [id, code] of acked) {
    assert.equal(have.get(id), code, `acknowledged unit ${id} ${code} survived`);
  }
  for (const id of recent) {
    const g = await api(srv, 'GET', `/api/v1/units/${id}`, { token });
    assert.equal(g.status, 200, `GET unit ${id}`);
    assert.equal((g.json.unit || g.json).code, acked.get(id));
  }
}

function checkDatabase() {
  // PostgreSQL checks its own pages (WAL replay); the chain check below
  // is the integrity check of the rows on both backends.
  if (!isPg(db)) assert.equal(sqlite(db, 'PRAGMA integrity_check'), 'ok');
  const orphans = sql(db, "SELECT count(*) FROM units WHERE id NOT IN " +
    "(SELECT object_id FROM audit_log WHERE object_type = 'unit')");
  assert.equal(orphans, '0', 'every unit has its audit entry (same transaction)');
  const v = cli(['audit', 'verify', '--db', db]);
  assert.equal(v.status, 0, v.stdout + v.stderr);
}

for (let round = 0; round < ROUNDS; round++) {
  test(`crash round ${round + 1}: kill -9 during writes, restart, all acknowledged writes kept`,
    async (t) => {
      if (round >= 20 && Date.now() - started > BUDGET_MS) {
        t.skip('time budget used (20 rounds done)');
        return;
      }
      srv = await startServer({ db, dir, keep: true });
      const before = new Set(acked.keys());
      await checkAcked([]);
      const state = { stop: false };
      const writer = writeStream(round, state);
      await sleep(100 + Math.floor(Math.random() * 1200));
      await srv.kill();
      state.stop = true;
      await writer;
      srv = null;
      assert.equal(state.unexpected, undefined, state.unexpected);
      const recent = [...acked.keys()].filter((id) => !before.has(id));
      assert.ok(round > 0 || recent.length > 0, 'some writes were acknowledged');
      checkDatabase();
      srv = await startServer({ db, dir, keep: true });
      await checkAcked(recent);
      await srv.kill();
      srv = null;
    });
}
