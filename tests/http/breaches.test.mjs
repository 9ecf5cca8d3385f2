// breaches.test.mjs - breach reports (R-CMP-1..6) through the JSON API:
// the assistant reports, the manager forwards (to the general manager,
// or as a reportable incident also to the head of the IT management
// division), each recipient acknowledges, and the report shows its
// timeline.  Each wrong person, skipped step, stale version and other
// station is refused and changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, as } from '../lib/server.mjs';
import { hoursAgo } from '../lib/dates.mjs';

let srv;
const s = {};

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'it-head', 'infosec', 'kita-manager', 'kita-assistant',
    'kita-comm', 'minami-manager', 'minami-assistant']) {
    s[who] = as(srv, await login(srv, who));
  }
});
after(async () => { await srv.stop(); });

const body = (extra = {}) => ({
  rule: 'connection', what: '端末を庁内LANに接続した', who: '交信担当者A',
  occurred_at: hoursAgo(5), ...extra,
});

async function report() {
  const r = await s['kita-assistant'].post('/api/v1/breaches', body());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'reported');
  return r.json;
}

async function unchanged(b) {
  const now = await s['kita-assistant'].get(`/api/v1/breaches/${b.id}`);
  assert.equal(now.json.state, b.state);
  assert.equal(now.json.version, b.version);
  assert.equal(now.json.timeline.length, b.timeline.length);
}

test('R-CMP-6: only the unit\'s assistant reports; bad reports are refused', async () => {
  for (const who of ['kita-manager', 'kita-comm', 'gm']) {
    assert.equal((await s[who].post('/api/v1/breaches', body())).status, 403, who);
  }
  // another station's assistant cannot report for kita
  const kita = (await s['kita-assistant'].get('/api/v1/me')).json;
  const unitId = kita.user ? kita.user.unit_id : kita.unit_id;
  const cross = await s['minami-assistant'].post('/api/v1/breaches', body({ unit_id: unitId }));
  assert.equal(cross.status, 403);
  const rule = await s['kita-assistant'].post('/api/v1/breaches', body({ rule: 'speeding' }));
  assert.equal(rule.status, 422);
  assert.equal(rule.json.error.field, 'rule');
  const future = await s['kita-assistant'].post('/api/v1/breaches',
    body({ occurred_at: new Date(Date.now() + 86400e3).toISOString() }));
  assert.equal(future.status, 422);
  const noWho = await s['kita-assistant'].post('/api/v1/breaches', body({ who: ' ' }));
  assert.equal(noWho.status, 422);
});

test('R-CMP-6: incident chain in order, with its timeline', async () => {
  const b = await report();
  // skipped steps and wrong people
  assert.equal((await s.gm.post(`/api/v1/breaches/${b.id}/acknowledge`, { version: b.version })).status, 409);
  // Not (yet) forwarded as an incident: not the IT head's to see (R-CMP-6).
  assert.equal((await s['it-head'].post(`/api/v1/breaches/${b.id}/acknowledge`, { version: b.version })).status, 403);
  assert.equal((await s['kita-assistant'].post(`/api/v1/breaches/${b.id}/forward-incident`, { version: b.version })).status, 403);
  assert.equal((await s['minami-manager'].post(`/api/v1/breaches/${b.id}/forward-incident`, { version: b.version })).status, 403);
  assert.equal((await s['kita-manager'].post(`/api/v1/breaches/${b.id}/forward-incident`, { version: b.version + 3 })).status, 409);
  await unchanged(b);
  const f = await s['kita-manager'].post(`/api/v1/breaches/${b.id}/forward-incident`, { version: b.version });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.state, 'incident');
  assert.equal(f.json.incident, true);
  assert.equal((await s['kita-manager'].post(`/api/v1/breaches/${b.id}/forward`, { version: f.json.version })).status, 409);
  const it = await s['it-head'].post(`/api/v1/breaches/${b.id}/acknowledge`, { version: f.json.version });
  assert.equal(it.status, 200, it.text);
  assert.equal(it.json.state, 'await_general_manager');
  assert.equal((await s['it-head'].post(`/api/v1/breaches/${b.id}/acknowledge`, { version: it.json.version })).status, 409);
  const gm = await s.gm.post(`/api/v1/breaches/${b.id}/acknowledge`, { version: it.json.version });
  assert.equal(gm.status, 200, gm.text);
  assert.equal(gm.json.state, 'closed');
  const tl = gm.json.timeline;
  assert.deepEqual(tl.map((x) => x.event),
    ['report', 'forward_incident', 'ack_it_head', 'ack_general_manager']);
  assert.deepEqual(tl.map((x) => x.role),
    ['assistant', 'manager', 'it_division_head', 'general_manager']);
  assert.ok(tl.every((x) => x.actor_name && x.at));
});

test('R-CMP-6: a plain forward goes to the general manager only', async () => {
  const b = await report();
  const f = await s['kita-manager'].post(`/api/v1/breaches/${b.id}/forward`, { version: b.version });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.json.state, 'forwarded');
  assert.equal(f.json.incident, false);
  // not an incident: not the IT head's to see or acknowledge (R-CMP-6)
  const it = await s['it-head'].post(`/api/v1/breaches/${b.id}/acknowledge`, { version: f.json.version });
  assert.equal(it.status, 403);
  assert.equal((await s['it-head'].get(`/api/v1/breaches/${b.id}`)).status, 403);
  assert.ok(!(await s['it-head'].get('/api/v1/breaches')).json.breaches.some((x) => x.id === b.id));
  const gm = await s.gm.post(`/api/v1/breaches/${b.id}/acknowledge`, { version: f.json.version });
  assert.equal(gm.status, 200, gm.text);
  assert.equal(gm.json.state, 'closed');
  assert.equal(gm.json.timeline.length, 3);
});

test('R-CMP-6: the IT head sees exactly the reports forwarded as incidents', async () => {
  const plain = await report();
  const inc = await report();
  assert.equal((await s['kita-manager'].post(`/api/v1/breaches/${inc.id}/forward-incident`, { version: inc.version })).status, 200);
  const list = (await s['it-head'].get('/api/v1/breaches')).json.breaches;
  assert.ok(list.some((x) => x.id === inc.id));
  assert.ok(!list.some((x) => x.id === plain.id));
  assert.ok(list.every((x) => x.incident === true));
  assert.equal((await s['it-head'].get(`/api/v1/breaches/${inc.id}`)).status, 200);
  assert.equal((await s['it-head'].get(`/api/v1/breaches/${plain.id}`)).status, 403);
});

test('R-CMP-6: other stations and other roles do not see a unit\'s reports', async () => {
  const b = await report();
  assert.equal((await s['minami-assistant'].get(`/api/v1/breaches/${b.id}`)).status, 403);
  assert.equal((await s['minami-manager'].get(`/api/v1/breaches/${b.id}`)).status, 403);
  assert.equal((await s['kita-comm'].get(`/api/v1/breaches/${b.id}`)).status, 403);
  assert.equal((await s.infosec.get(`/api/v1/breaches/${b.id}`)).status, 403);
  const list = await s['minami-manager'].get('/api/v1/breaches');
  assert.equal(list.status, 200);
  assert.ok(!list.json.breaches.some((x) => x.id === b.id));
  const mine = await s['kita-manager'].get('/api/v1/breaches?state=reported');
  assert.ok(mine.json.breaches.some((x) => x.id === b.id));
  // an unknown state key is refused like on every list (422, Japanese)
  const bogus = await s['kita-manager'].get('/api/v1/breaches?state=bogus');
  assert.equal(bogus.status, 422);
  assert.equal(bogus.json.error.field, 'state');
  assert.match(bogus.json.error.message, /状態/);
  assert.ok((await s.gm.get('/api/v1/breaches')).json.breaches.some((x) => x.id === b.id));
});
