// journal.test.mjs - structured logs for the journal (issue 15): one line
// per request on stderr, "<N>mamori: request id=... status=... user=...
// action=... route=...", N the syslog priority journald reads
// (SyslogLevelPrefix=).  The id is sent back as X-Request-Id and is in the
// detail of the audit entry of a failed login or a refusal.  Never a
// child's data: no request body, no field value, no login typed into a
// failed attempt, no raw path or query appears in the log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login, as, sql, auditHead } from '../lib/server.mjs';
import { addMonths, today } from '../lib/dates.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/* The details of the audit entries after seq with this action. */
function auditDetails(seq, action) {
  const out = sql(srv.db, `SELECT detail FROM audit_log WHERE seq > ${seq} AND action = '${action}' ORDER BY seq`);
  return out ? out.split('\n').map((d) => JSON.parse(d)) : [];
}

/* The line of the request with this id, once the server has written it. */
async function lineOf(id) {
  assert.match(id ?? '', /^[0-9a-f]{16}$/, 'X-Request-Id is 16 hex digits');
  for (let i = 0; i < 50; i++) {
    const l = srv.stderr().split('\n').find((x) => x.includes(` id=${id} `));
    if (l) return l;
    await sleep(20);
  }
  assert.fail(`no log line for request ${id}:\n${srv.stderr()}`);
}

function fields(line) {
  const m = /^<(\d)>mamori: request (.*)$/.exec(line);
  assert.ok(m, `a journal line with a priority prefix: ${line}`);
  const kv = {};
  for (const p of m[2].matchAll(/(\w+)=("[^"]*"|\S+)/g)) kv[p[1]] = p[2].replace(/^"|"$/g, '');
  return { priority: Number(m[1]), ...kv };
}

// Text a request carries that must never reach the log.
const SECRETS = ['Taro-Kumamoto-child', 'pw-never-logged', '秘密の相談相手', '少年の氏名を含む目的',
  'child-query-text', 'MINAMI-SECRET'];

test('journal: a failed login is a NOTICE with its id and action, without the login typed', async () => {
  const seq = auditHead(srv.db);
  const r = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'Taro-Kumamoto-child', password: 'pw-never-logged' } });
  assert.equal(r.status, 401);
  const f = fields(await lineOf(r.headers.get('x-request-id')));
  assert.equal(f.priority, 5);
  assert.equal(f.status, '401');
  assert.equal(f.user, '-');
  assert.equal(f.action, 'login.failed');
  assert.equal(f.route, 'POST /api/v1/session');
  assert.equal(f.addr, '127.0.0.1');
  // The audit entry names the same request.
  assert.deepEqual(auditDetails(seq, 'login.failed').map((d) => d.request_id), [f.id]);
});

test('journal: a login, a refusal by authz and a refusal by a rule name the user and action', async () => {
  const officer = await login(srv, 'kita-officer');
  let f = fields(await lineOf(officer.res.headers.get('x-request-id')));
  assert.deepEqual([f.priority, f.user, f.action, f.status], [6, 'kita-officer', 'login', '200']);

  let seq = auditHead(srv.db);
  const denied = await as(srv, officer).post('/api/v1/units',
    { code: 'MINAMI-SECRET', name: '少年の氏名を含む目的', kind: 'station' });
  assert.equal(denied.status, 403, denied.text);
  f = fields(await lineOf(denied.headers.get('x-request-id')));
  assert.deepEqual([f.priority, f.user, f.action, f.route], [5, 'kita-officer', 'access.denied', 'POST /api/v1/units']);
  assert.deepEqual(auditDetails(seq, 'access.denied').map((d) => d.request_id), [f.id]);

  // R-DEV-2: approving over a year without a reason is refused by the rule.
  const manager = as(srv, await login(srv, 'kita-manager'));
  const start = today();
  const a = await manager.post('/api/v1/applications', {
    consulted_on: start, consulted_with: '秘密の相談相手', consultation: '合意', start,
    due: addMonths(start, 13), purpose: '少年の氏名を含む目的',
  });
  assert.equal(a.status, 201, a.text);
  f = fields(await lineOf(a.headers.get('x-request-id')));
  assert.deepEqual([f.priority, f.user, f.action, f.status], [6, 'kita-manager', '-', '201']);
  const gm = as(srv, await login(srv, 'gm'));
  seq = auditHead(srv.db);
  const refused = await gm.post(`/api/v1/applications/${a.json.id}/approve`,
    { version: a.json.version });
  assert.equal(refused.status, 422, refused.text);
  f = fields(await lineOf(refused.headers.get('x-request-id')));
  assert.deepEqual([f.priority, f.user, f.action, f.status], [5, 'gm', 'request.refused', '422']);
  assert.equal(f.route, 'POST /api/v1/applications/{id}/approve');
  assert.deepEqual(auditDetails(seq, 'request.refused').map((d) => d.request_id), [f.id]);

  // A read: INFO, no action of its own, the route's pattern.
  const ok = await manager.get('/api/v1/units?q=child-query-text');
  assert.equal(ok.status, 200, ok.text);
  f = fields(await lineOf(ok.headers.get('x-request-id')));
  assert.deepEqual([f.priority, f.user, f.action], [6, 'kita-manager', '-']);
  assert.equal(f.route, 'GET /api/v1/units', 'the pattern, not the path and query');
});

test('journal: monitoring polls are DEBUG; every request has its own id', async () => {
  const a = await fetch(`${srv.url}/healthz`);
  const b = await fetch(`${srv.url}/healthz`);
  const ia = a.headers.get('x-request-id');
  const ib = b.headers.get('x-request-id');
  assert.notEqual(ia, ib);
  assert.equal(fields(await lineOf(ia)).priority, 7);
});

test('journal: the client\'s own X-Request-Id is not taken', async () => {
  const r = await fetch(`${srv.url}/healthz`, { headers: { 'X-Request-Id': 'forged-by-client' } });
  assert.notEqual(r.headers.get('x-request-id'), 'forged-by-client');
  await lineOf(r.headers.get('x-request-id'));
  assert.doesNotMatch(srv.stderr(), /forged-by-client/);
});

test('journal: nothing a request carried reaches the log', async () => {
  const log = srv.stderr();
  for (const s of SECRETS) assert.ok(!log.includes(s), `${s} is not in the log`);
  // Every request line carries a priority, an id, a user and an action.
  const lines = log.split('\n').filter((l) => / request id=/.test(l));
  assert.ok(lines.length >= 8, log);
  for (const l of lines) assert.match(l, /^<[3-7]>mamori: request id=[0-9a-f]{16} status=\d{3} ms=\d+ user=\S+ addr=\S+ action=\S+ route="[A-Z]+ \S+"$/);
});
