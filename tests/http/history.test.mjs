// history.test.mjs - earlier records of the same child (issue 9,
// R-CASE-11): the meetings whose outcome names the same child are linked
// by keyed hashes of the normalised name, reading and birth date only
// (katakana / hiragana / half-width readings, full / half width names
// alike), shown on the meeting's page and at GET
// /api/v1/meetings/{id}/history to those who may read them - each shown
// audited as read - and never to a station of another unit, not even as
// a count; no identifying value is in the database or the audit trail in
// clear.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, page, auditEntries, usersByLogin, unitsByCode,
  tempDir, sql, isPg,
} from '../lib/server.mjs';
import { hoursFromNow } from '../lib/dates.mjs';

let srv;
let users;
let units;
const device = {};
const s = {};
const web = {};

before(async () => {
  const dir = tempDir('mamori-history-');
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-officer', 'kita-comm',
    'minami-manager', 'minami-assistant', 'minami-officer', 'minami-comm', 'infosec']) {
    s[who] = as(srv, await login(srv, who));
  }
  for (const who of ['kita-manager', 'minami-manager']) web[who] = (await webLogin(srv, who)).cookie;
  users = await usersByLogin(srv, s.admin.session);
  units = await unitsByCode(srv, s.gm.session);
  // MINAMI's device has a service not yet in force (demo): put it in force
  for (const sv of (await s.gm.get(`/api/v1/services?unit_id=${units.MINAMI.id}&limit=100`)).json.services) {
    if (sv.state !== 'forwarded') continue;
    const r = await s.infosec.post(`/api/v1/services/${sv.id}/measures`, { version: sv.version,
      measures: '端末ロック', agreed_with_manager: true, agreed_with_general_manager: true });
    assert.equal(r.status, 200, r.text);
  }
  const loans = (await s.gm.get('/api/v1/loans?limit=100')).json.loans;
  for (const u of ['KITA', 'MINAMI']) {
    device[u] = loans.find((l) => l.unit_id === units[u].id && l.state === 'received').device_id;
  }
});
after(async () => { await srv.stop(); });

const id = (login) => users[login].id;
const who = { KITA: 'kita', MINAMI: 'minami' };

// A case of unit u judged high, given to its communication officer, then
// a meeting reported, forwarded, instructed and its outcome recorded
// naming child.  Returns the meeting.
async function meetingWith(u, child) {
  const p = who[u];
  let c = await s[`${p}-officer`].post('/api/v1/cases', {
    found_at: hoursFromNow(-2), service: 'テストSNS', post_ref: 'https://sns.example/post/9',
    post_text: '（架空）家出中', risk_signals: '家出',
  });
  assert.equal(c.status, 201, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/triage`, {
    version: c.json.version, crime: 'child_prostitution', need: 'high', reason: '（架空）',
  });
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/assign`, {
    version: c.json.version, unit_id: units[u].id, officer_id: id(`${p}-comm`), device_id: device[u],
  });
  assert.equal(c.status, 200, c.text);
  c = await s[`${p}-comm`].post(`/api/v1/cases/${c.json.id}/messages`, {
    version: c.json.version, at: hoursFromNow(-0.1), direction: 'received', text: '（架空）会えますか',
  });
  assert.equal(c.status, 200, c.text);
  let m = await s[`${p}-comm`].post('/api/v1/meetings', {
    case_id: c.json.id, place: '駅前', meet_at: hoursFromNow(24), person_female: true,
    staff_1: id(`${p}-comm`), staff_2: id(`${p}-officer`), escape_plan: '出入口に配置',
    setup_plan: '周辺確認', division_notified: true,
  });
  assert.equal(m.status, 201, m.text);
  m = await s[`${p}-assistant`].post(`/api/v1/meetings/${m.json.id}/forward`, { version: m.json.version });
  m = await s[`${p}-manager`].post(`/api/v1/meetings/${m.json.id}/instruct`,
    { version: m.json.version, instructions: '指揮' });
  assert.equal(m.status, 200, m.text);
  m = await s[`${p}-comm`].post(`/api/v1/meetings/${m.json.id}/outcome`, {
    version: m.json.version, met: true, juvenile: true, ...child,
    guidance: 'unwholesome_entertainment', guidance_note: '指導した', guardians_told: true,
    guardian: '母', guardians_told_at: hoursFromNow(-1), guardians_told_how: '電話',
    guardians_urged: true,
  });
  assert.equal(m.status, 200, m.text);
  return m.json;
}

const history = async (as_, mid) => s[as_].get(`/api/v1/meetings/${mid}/history`);
const ids = (r) => r.json.items.map((x) => x.meeting_id);

let first, second, other, away;

test('issue 9, R-CASE-11: two meetings of the same child in two cases are linked across spelling variants', async () => {
  first = await meetingWith('KITA', {
    child_name: '（架空）見本　蘭子', child_kana: 'ミホン ランコ', child_birth: '2011-07-15',
    child_contact: '090-1111-2222',
  });
  second = await meetingWith('KITA', {
    child_name: '(架空)見本蘭子', child_kana: 'みほん　らんこ', child_birth: '2011-07-15',
  });
  // a different child born the same day
  other = await meetingWith('KITA', {
    child_name: '（架空）別人 次郎', child_kana: 'べつじん じろう', child_birth: '2011-07-15',
  });
  // the same child, met by another station
  away = await meetingWith('MINAMI', {
    child_name: '（架空）見本 蘭子', child_kana: 'ミホンランコ', child_birth: '2011-07-15',
  });
  assert.notEqual(first.case_id, second.case_id);
  const h = await history('kita-manager', second.id);
  assert.equal(h.status, 200, h.text);
  assert.equal(h.json.looked, true);
  assert.deepEqual(ids(h), [first.id]);
  assert.equal(h.json.items[0].case_id, first.case_id);
  assert.equal(h.json.items[0].state, 'held');
  assert.equal(h.json.items[0].guidance, 'unwholesome_entertainment');
  // nothing identifying is answered, and the other station's is not even counted
  assert.ok(!h.text.includes('見本') && !h.text.includes('2011-07-15'), h.text);
  assert.deepEqual(Object.keys(h.json).sort(), ['items', 'looked']);
  assert.deepEqual(ids(await history('kita-manager', first.id)), [second.id]);
  // the division sees every one
  assert.deepEqual(ids(await history('gm', second.id)), [first.id, away.id]);
  // a different child is not linked
  assert.deepEqual(ids(await history('kita-manager', other.id)), []);
});

test('issue 9: a station of another unit sees no details of the child\'s records elsewhere', async () => {
  const r = await history('minami-manager', second.id);
  assert.equal(r.status, 403, r.text);
  const own = await history('minami-manager', away.id);
  assert.equal(own.status, 200, own.text);
  assert.deepEqual(ids(own), []);
  const w = await page(srv, `/meetings/${away.id}`, web['minami-manager']);
  assert.equal(w.status, 200);
  assert.match(w.text, /同一少年の過去の記録/);
  assert.match(w.text, /同一少年の他の記録はありません/);
  assert.doesNotMatch(w.text, new RegExp(`href="/meetings/${first.id}"`));
  assert.doesNotMatch(w.text, /閲覧権限のない記録/);
});

test('issue 9: the meeting page links the earlier record, each shown audited as read', async () => {
  const before = (await auditEntries(srv, s.admin.session, '?limit=1'))[0].seq;
  const w = await page(srv, `/meetings/${second.id}`, web['kita-manager']);
  assert.equal(w.status, 200);
  assert.match(w.text, /同一少年の過去の記録/);
  assert.match(w.text, new RegExp(`href="/meetings/${first.id}"`));
  assert.match(w.text, new RegExp(`href="/cases/${first.case_id}"`));
  assert.doesNotMatch(w.text, new RegExp(`href="/meetings/${away.id}"`));
  const reads = (await auditEntries(srv, s.admin.session, '?limit=50'))
    .filter((e) => e.seq > before && e.action === 'meeting.read');
  const shown = reads.filter((e) => e.detail.way === 'history');
  assert.deepEqual(shown.map((e) => e.object_id), [first.id]);
  assert.ok(shown.every((e) => e.actor_login === 'kita-manager'));
  assert.ok(reads.some((e) => e.detail.way === 'open' && e.object_id === second.id));
  // a meeting whose outcome names nobody has nothing to look up
  const none = await s['kita-manager'].get('/api/v1/meetings?limit=100');
  const plain = none.json.meetings.find((x) => !x.outcome_at);
  if (plain) {
    const r = await history('kita-manager', plain.id);
    assert.equal(r.status, 200);
    assert.equal(r.json.looked, false);
  }
});

test('issue 9: the database and the audit trail hold no identifying value in clear', async () => {
  const needles = ['見本', 'ミホン', 'ﾐﾎﾝ', 'みほん', 'らんこ', '2011-07-15', '090-1111-2222', '別人'];
  let text;
  if (isPg(srv.db)) {
    text = ['meetings', 'person_keys', 'audit_log']
      .map((t) => sql(srv.db, `SELECT * FROM ${t}`)).join('\n');
  } else {
    text = [srv.db, `${srv.db}-wal`].filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('utf8')).join('\n');
  }
  for (const n of needles) assert.ok(!text.includes(n), `${n} in clear`);
  const keys = sql(srv.db, `SELECT which FROM person_keys WHERE kind = 'meeting' AND record_id = ${second.id} ORDER BY which`);
  assert.deepEqual(keys.trim().split(/\s+/), ['kana', 'kana_birth', 'name', 'name_birth']);
});

test('the case page lists its meetings and support requests, and starts a pre-meeting report for it', async () => {
  const comm = (await webLogin(srv, 'kita-comm')).cookie;
  const w = await page(srv, `/cases/${first.case_id}`, comm);
  assert.equal(w.status, 200);
  assert.match(w.text, new RegExp(`href="/meetings/${first.id}"`));
  assert.doesNotMatch(w.text, new RegExp(`href="/meetings/${second.id}"`));
  assert.match(w.text, /応援要請はありません/);
  assert.match(w.text, new RegExp(`href="/meetings/new\\?case_id=${first.case_id}"[^>]*>面会前報告を作成`));
  // the form is filled in with the case; the server still checks what is posted
  const f = await page(srv, `/meetings/new?case_id=${first.case_id}`, comm);
  assert.equal(f.status, 200);
  assert.match(f.text, new RegExp(`name="case_id"[^>]*value="${first.case_id}"|value="${first.case_id}"[^>]*name="case_id"`));
  // the meetings list of one case, web and API alike
  const api = await s['kita-manager'].get(`/api/v1/meetings?case_id=${first.case_id}`);
  assert.equal(api.status, 200, api.text);
  assert.deepEqual(api.json.meetings.map((x) => x.id), [first.id]);
  const list = await page(srv, `/meetings?case_id=${first.case_id}`, web['kita-manager']);
  assert.equal(list.status, 200);
  assert.match(list.text, new RegExp(`href="/meetings/${first.id}"`));
  assert.doesNotMatch(list.text, new RegExp(`href="/meetings/${second.id}"`));
  const bad = await s['kita-manager'].get('/api/v1/meetings?case_id=x');
  assert.equal(bad.status, 400);
  const badWeb = await page(srv, '/meetings?case_id=x', web['kita-manager']);
  assert.ok(badWeb.status === 400 || badWeb.status === 422, String(badWeb.status));
  assert.match(badWeb.text, new RegExp(bad.json.error.message));
  // the other station reads neither the case nor its meetings
  assert.equal((await page(srv, `/cases/${first.case_id}`, web['minami-manager'])).status, 403);
  assert.deepEqual((await s['minami-manager'].get(`/api/v1/meetings?case_id=${first.case_id}`)).json.meetings, []);
});
