// cases.test.mjs - protective-contact cases (事案, R-CASE-1, R-CASE-2)
// through the JSON API and the web: a station files the report of a post
// found, the juvenile division judges it (a case not judged high is
// closed and kept), HQ assigns a unit, a designated communication officer
// and a usable device, and the officer logs each message.  Who may read
// a case, and that every read is in the audit trail.  Each refusal is
// answered in Japanese, changes nothing and is audited with its rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, as, usersByLogin, unitsByCode, page } from '../lib/server.mjs';

let srv;
const s = {};
let users, units;

const minutesAgo = (m) => new Date(Date.now() - m * 60e3).toISOString().replace(/\.\d+Z$/, 'Z');

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'hq-assistant', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-assistant', 'minami-comm', 'infosec', 'it-head']) {
    s[who] = as(srv, await login(srv, who));
  }
  users = await usersByLogin(srv, s.gm.session);
  units = await unitsByCode(srv, s.gm.session);
});
after(async () => { await srv.stop(); });

const report = (extra = {}) => ({
  found_at: minutesAgo(90), service: 'テストSNS',
  post_ref: 'https://sns.example/post/12345',
  post_text: '（架空）家出中。今夜泊めてくれる人いませんか',
  risk_signals: '家出・宿泊先を求める書き込み', ...extra,
});

async function file(who = 'kita-officer', extra = {}) {
  const r = await s[who].post('/api/v1/cases', report(extra));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'reported');
  return r.json;
}

async function reads(caseId) {
  const r = await s.gm.get(`/api/v1/cases/reads?case_id=${caseId}&limit=100`);
  assert.equal(r.status, 200, r.text);
  return r.json.reads;
}

test('R-CASE-1: a station files the report; HQ and other roles cannot; bad reports refused', async () => {
  for (const who of ['kita-comm', 'gm', 'hq-assistant', 'infosec']) {
    assert.equal((await s[who].post('/api/v1/cases', report())).status, 403, who);
  }
  const cross = await s['minami-manager'].post('/api/v1/cases',
    report({ unit_id: units.KITA.id }));
  assert.equal(cross.status, 403);
  const future = await s['kita-assistant'].post('/api/v1/cases',
    report({ found_at: new Date(Date.now() + 86400e3).toISOString() }));
  assert.equal(future.status, 422);
  assert.equal(future.json.error.field, 'found_at');
  const blank = await s['kita-assistant'].post('/api/v1/cases', report({ post_text: ' ' }));
  assert.equal(blank.status, 422);
  const c = await file('kita-assistant');
  assert.equal(c.unit_id, units.KITA.id);
  assert.equal(c.reported_by, users['kita-assistant'].id);
  assert.deepEqual(c.messages, []);
});

test('R-CASE-1: only its units and the division read a case; every read is audited', async () => {
  const c = await file();
  for (const who of ['gm', 'hq-assistant', 'kita-manager', 'kita-comm']) {
    assert.equal((await s[who].get(`/api/v1/cases/${c.id}`)).status, 200, who);
  }
  for (const who of ['minami-manager', 'minami-comm', 'infosec', 'it-head']) {
    assert.equal((await s[who].get(`/api/v1/cases/${c.id}`)).status, 403, who);
    const l = await s[who].get('/api/v1/cases?limit=100');
    assert.ok(!(l.json.cases || []).some((x) => x.id === c.id), who);
  }
  const list = await s['kita-manager'].get('/api/v1/cases?limit=100');
  assert.equal(list.status, 200);
  assert.ok(list.json.cases.some((x) => x.id === c.id));
  const r = await reads(c.id);
  const by = (login, way) => r.filter((e) => e.login === login && e.way === way).length;
  assert.equal(by('gm', 'open'), 1);
  assert.equal(by('kita-comm', 'open'), 1);
  assert.equal(by('kita-manager', 'list'), 1, 'one entry per case per answer');
  assert.equal(by('minami-manager', 'open'), 0);
  // only the general manager reads who read what
  for (const who of ['kita-manager', 'hq-assistant']) {
    assert.equal((await s[who].get('/api/v1/cases/reads')).status, 403, who);
  }
});
