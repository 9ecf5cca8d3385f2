// two_servers.test.mjs - two `mamori serve` processes on ONE PostgreSQL
// database, driven in parallel (issue 3): optimistic versions, single
// holders and the audit hash chain must hold across app servers exactly as
// within one.  Needs MAMORI_TEST_PG (scripts/test.sh runs this file in its
// PostgreSQL part); without it every test is skipped.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, record, items, unitsByCode, cli, sql,
  initDemoDb, removeDemoDb, PG,
} from '../lib/server.mjs';

const skip = !PG && 'needs MAMORI_TEST_PG (a PostgreSQL server)';

let demo = null;
let a = null; // server A
let b = null; // server B
let adminA;
let adminB;
let units;

before(async () => {
  if (skip) return;
  demo = initDemoDb();
  a = await startServer({ db: demo.db, dir: demo.dir });
  b = await startServer({ db: demo.db, dir: demo.dir });
  adminA = as(a, await login(a, 'admin'));
  adminB = as(b, await login(b, 'admin'));
  units = await unitsByCode(a, adminA.session);
});
after(async () => {
  if (a) await a.stop();
  if (b) await b.stop();
  if (demo) removeDemoDb(demo);
});

/* Runs the jobs (functions returning promises) at most `width` at a time. */
async function bounded(jobs, width) {
  const out = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return out;
}

const count = (list, status) => list.filter((r) => r.status === status).length;
const auditCount = () => Number(sql(demo.db, 'SELECT count(*) FROM audit_log'));
const unsealed = () => Number(sql(demo.db, 'SELECT count(*) FROM audit_log WHERE pos IS NULL'));
const sleep = (ms) => new Promise((res) => setTimeout(res, ms));

/* Waits until the sealer has chained every entry (issue 12). */
async function allSealed(ms = 20000) {
  const until = Date.now() + ms;
  while (unsealed() > 0) {
    assert.ok(Date.now() < until, `${unsealed()} entries still unsealed`);
    await sleep(100);
  }
}

/* Every entry has one place, the places run 1..n, no entry twice. */
function oneChain() {
  const [n, places, lo, hi, seqs] = sql(demo.db,
    'SELECT count(*), count(DISTINCT pos), min(pos), max(pos), count(DISTINCT seq)' +
    ' FROM audit_log').split('|').map(Number);
  assert.equal(places, n, `${n} entries in ${places} places`);
  assert.equal(lo, 1);
  assert.equal(hi, n, `places 1..${hi} hold ${n} entries`);
  assert.equal(seqs, n, 'no entry number twice');
  const head = sql(demo.db, 'SELECT seq FROM audit_head WHERE id = 1');
  assert.equal(Number(head), n, 'the sealed head is the last place');
}

const SEALER_LINE = /audit sealer: this server seals the audit trail/;
const leads = (srv) => SEALER_LINE.test(srv.stderr());

test('the two servers share one database: a unit made through A is read through B',
  { skip }, async () => {
    assert.notEqual(a.url, b.url);
    const r = await adminA.post('/api/v1/units', { code: 'CLUSTER0', name: '菊池警察署', kind: 'station' });
    assert.equal(r.status, 201, r.text);
    const id = record(r.json, 'unit').id;
    const g = await adminB.get(`/api/v1/units/${id}`);
    assert.equal(g.status, 200, g.text);
    assert.equal(record(g.json, 'unit').code, 'CLUSTER0');
  });

test('(a) concurrent PATCHes of one unit at one version through both servers: ' +
  'exactly one 200 per version, the rest 409', { skip }, async () => {
    const id = units.YATSUSHIRO.id;
    const ROUNDS = 5;
    const WRITERS = 12;
    let version = record((await adminA.get(`/api/v1/units/${id}`)).json, 'unit').version;
    const start = version;
    for (let round = 0; round < ROUNDS; round++) {
      const jobs = Array.from({ length: WRITERS }, (_, i) => () =>
        (i % 2 ? adminB : adminA).patch(`/api/v1/units/${id}`,
          { name: `八代警察署${round}-${i}`, version }));
      const res = await Promise.all(jobs.map((j) => j()));
      const statuses = res.map((r) => r.status);
      assert.equal(count(res, 200), 1, `round ${round}: ${statuses}`);
      assert.equal(count(res, 409), WRITERS - 1, `round ${round}: ${statuses}`);
      const winner = res.findIndex((r) => r.status === 200);
      // Both servers now read the winner's write at the next version.
      for (const srv of [adminA, adminB]) {
        const u = record((await srv.get(`/api/v1/units/${id}`)).json, 'unit');
        assert.equal(u.version, version + 1);
        assert.equal(u.name, `八代警察署${round}-${winner}`);
      }
      version += 1;
    }
    assert.equal(version, start + ROUNDS);
  });

/* Current holders of role in unit, as the administrator sees them. */
async function holders(role, unitId) {
  // one page of up to 200 holds every role of this test's database
  const r = await adminB.get('/api/v1/roles?limit=200');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.next ?? null, null, 'all roles on one page');
  return items(r.json).filter((x) => x.role === role && x.unit_id === unitId);
}

test('(b) concurrent assignments of the single-holder manager role of one unit ' +
  'through both servers: exactly one holder afterwards', { skip }, async () => {
    const kita = units.KITA.id;
    const made = [];
    for (let i = 0; i < 6; i++) {
      const r = await adminA.post('/api/v1/users', {
        login: `cluster-${i}`, name: `並行 試験${i}`, name_kana: 'へいこう しけん',
        rank: 'keibu', sex: 'male', unit_id: kita, password: `cluster-password-${i}-long`,
      });
      assert.equal(r.status, 201, r.text);
      made.push(record(r.json, 'user').id);
    }
    for (let round = 0; round < 10; round++) {
      const res = await Promise.all(made.map((userId, i) =>
        (i % 2 ? adminB : adminA).post('/api/v1/roles',
          { user_id: userId, role: 'manager', unit_id: kita })));
      const statuses = res.map((r) => r.status);
      // A new holder replaces the old one (R-ROLE-2): every request may
      // win in turn, or lose to a concurrent one, but never both hold.
      const odd = res.filter((r) => r.status !== 201 && r.status !== 409);
      assert.deepEqual(odd.map((r) => `${r.status} ${r.text}`), [], `${statuses}`);
      assert.ok(count(res, 201) >= 1, `${statuses}`);
      const now = await holders('manager', kita);
      assert.equal(now.length, 1, JSON.stringify(now));
      // The holder is the last assignment that was acknowledged.
      const won = res.filter((r) => r.status === 201).map((r) => record(r.json, 'role').id);
      assert.equal(now[0].id, Math.max(...won), JSON.stringify({ now, won }));
      const check = Number(sql(demo.db, 'SELECT count(*) FROM role_assignments ' +
        `WHERE role = 2 AND unit_id = ${kita} AND revoked_at IS NULL`));
      assert.equal(check, 1, 'one current manager row in the database');
    }
  });

test('(c) interleaved writes through both servers: the audit chain did not fork ' +
  'and holds exactly one entry per write and login', { skip }, async () => {
    const before = auditCount();
    // Two fresh logins (one audit entry each), one per server.
    const sA = as(a, await login(a, 'admin'));
    const sB = as(b, await login(b, 'admin'));
    const WRITES = 60;
    const jobs = Array.from({ length: WRITES }, (_, i) => () =>
      (i % 2 ? sB : sA).post('/api/v1/units',
        { code: `CL${i}`, name: `並行署${i}`, kind: 'station' }));
    const res = await bounded(jobs, 16);
    assert.equal(count(res, 201), WRITES, `${res.map((r) => r.status)}`);
    assert.equal(auditCount(), before + 2 + WRITES);
    // Issue 12: the entries are written unsealed and one server's sealer
    // chains them; once it has, their places (pos) have no gap and no
    // duplicate: one line of entries.  (seq is each entry's number, taken
    // when it is written: a retried transaction may leave a gap there.)
    await allSealed();
    oneChain();
    const v = cli(['audit', 'verify', '--db', demo.db]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    // Both servers list every unit written through either.
    for (const s of [sA, sB]) {
      const all = await unitsByCode(s === sA ? a : b, s.session);
      for (let i = 0; i < WRITES; i++) assert.ok(all[`CL${i}`], `CL${i} listed`);
    }
  });

test('issue 12: the sealer\'s server killed mid-batch: the other takes over, ' +
  'the chain verifies, one entry per acknowledged write, none lost or twice',
  { skip }, async () => {
    // One of the two holds the sealer's lock; the other stands by.
    let until = Date.now() + 10000;
    while (!leads(a) && !leads(b)) {
      assert.ok(Date.now() < until, 'no server became the sealer');
      await sleep(100);
    }
    assert.ok(!(leads(a) && leads(b)), 'one sealer at a time');
    const leader = leads(a) ? a : b;
    const other = leader === a ? b : a;
    const sL = as(leader, await login(leader, 'admin'));
    const sO = as(other, await login(other, 'admin'));
    // A stream of writes through both; the leader dies in the middle of
    // it, with entries waiting for it (what its current batch holds is
    // rolled back with its connection and sealed again by the other).
    const WRITES = 240;
    const acked = [];
    let killed = false;
    const write = async (i) => {
      const s = i % 2 ? sO : sL;
      const r = await s.post('/api/v1/units',
        { code: `KL${i}`, name: `切替署${i}`, kind: 'station' }).catch(() => null);
      if (r && r.status === 201) acked.push(record(r.json, 'unit').id);
      else if (!killed || s === sO) assert.fail(`write ${i}: ${r ? r.status + ' ' + r.text : 'no answer'}`);
    };
    const jobs = Array.from({ length: WRITES }, (_, i) => () => write(i));
    const run = bounded(jobs, 16);
    while (acked.length < WRITES / 3) await sleep(5);
    assert.ok(unsealed() >= 0);
    killed = true;
    await leader.kill();
    await run;
    assert.ok(acked.length >= WRITES / 2, `${acked.length} writes acknowledged`);
    // The other server takes the lock over within a few seconds.
    until = Date.now() + 15000;
    while (!leads(other)) {
      assert.ok(Date.now() < until, 'the other server did not take over');
      await sleep(100);
    }
    await allSealed();
    oneChain();
    const v = cli(['audit', 'verify', '--db', demo.db]);
    assert.equal(v.status, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /not sealed yet: 0 entries/);
    // Exactly one entry for each unit the writes made (acknowledged, or
    // committed as the leader died), and every acknowledged one is there.
    const made = sql(demo.db, "SELECT id FROM units WHERE code LIKE 'KL%' ORDER BY id")
      .split('\n').filter(Boolean).map(Number);
    for (const id of acked) assert.ok(made.includes(id), `unit ${id} kept`);
    const entries = sql(demo.db, "SELECT object_id, count(*) FROM audit_log" +
      " WHERE action = 'unit.create' AND object_id IN (" + made.join(',') + ')' +
      ' GROUP BY object_id').split('\n').filter(Boolean).map((l) => l.split('|').map(Number));
    assert.equal(entries.length, made.length, 'every unit made has its entry');
    for (const [id, n] of entries) assert.equal(n, 1, `unit ${id}: ${n} entries`);
    // The dead server comes back as a stand-by; the chain goes on.
    const again = await startServer({ db: demo.db, dir: demo.dir });
    if (leader === a) { a = again; adminA = as(a, await login(a, 'admin')); } else {
      b = again; adminB = as(b, await login(b, 'admin'));
    }
    await sleep(1500);
    assert.ok(!leads(again), 'the returning server stands by');
    const r = await adminA.post('/api/v1/units', { code: 'KLAFTER', name: '復帰署', kind: 'station' });
    assert.equal(r.status, 201, r.text);
    await allSealed();
    oneChain();
  });

test('both servers exit cleanly on SIGTERM', { skip }, async () => {
  const ra = await a.stop();
  const rb = await b.stop();
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
});
