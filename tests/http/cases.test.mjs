// cases.test.mjs - protective-contact cases (事案, R-CASE-1, R-CASE-2)
// through the JSON API and the web: a station files the report of a post
// found, the juvenile division judges it (a case not judged high is
// closed and kept), HQ assigns a unit, a designated communication officer
// and a usable device, and the officer logs each message.  Who may read
// a case, and that every read is in the audit trail.  Each refusal is
// answered in Japanese, changes nothing and is audited with its rule.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, usersByLogin, unitsByCode, page, webLogin, csrfField, auditEntries,
  auditHead, changesSince,
} from '../lib/server.mjs';
import { minutesAgo } from '../lib/dates.mjs';

let srv;
const s = {};
let users, units;
const web = {};
let kitaDevice, minamiDevice;

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'hq-assistant', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-assistant', 'minami-comm', 'infosec', 'it-head']) {
    s[who] = as(srv, await login(srv, who));
  }
  s.admin = as(srv, await login(srv, 'admin'));
  users = await usersByLogin(srv, s.gm.session);
  units = await unitsByCode(srv, s.gm.session);
  const loans = (await s.gm.get('/api/v1/loans?limit=100')).json.loans;
  kitaDevice = loans.find((l) => l.unit_id === units.KITA.id && l.state === 'received').device_id;
  minamiDevice = loans.find((l) => l.unit_id === units.MINAMI.id && l.state === 'received').device_id;
  for (const who of ['gm', 'kita-officer', 'kita-comm', 'kita-assistant']) {
    web[who] = (await webLogin(srv, who)).cookie;
  }
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

async function judged(need = 'high', extra = {}) {
  const c = await file();
  const r = await s.gm.post(`/api/v1/cases/${c.id}/triage`, {
    version: c.version, crime: 'child_prostitution', need,
    reason: '（架空）13歳と名乗り金銭を求める書き込み', ...extra,
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const assignment = (extra = {}) => ({
  unit_id: units.KITA.id, officer_id: users['kita-comm'].id, device_id: kitaDevice, ...extra,
});

async function assigned() {
  const c = await judged();
  const r = await s.gm.post(`/api/v1/cases/${c.id}/assign`, { version: c.version, ...assignment() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'assigned');
  return r.json;
}

async function caseNow(id) {
  return (await s.gm.get(`/api/v1/cases/${id}`)).json;
}

// The request.refused entries written after seq, oldest first (read as admin).
async function refusalsAfter(seq) {
  const list = await auditEntries(srv, s.admin.session, '?limit=200');
  return list.filter((e) => e.seq > seq && e.action === 'request.refused').reverse();
}

async function expectRefused(seq, who, path, rule, status = 422) {
  const found = await refusalsAfter(seq);
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0].actor_login, who);
  assert.equal(found[0].detail.path, path);
  assert.equal(found[0].detail.status, status);
  assert.equal(found[0].detail.rule, rule, JSON.stringify(found[0].detail));
  assert.deepEqual(changesSince(srv.db, seq), []);
}

// POST a web form as a logged-in browser; the csrf field comes from `from`.
async function postForm(cookie, from, path, fields) {
  const csrf = csrfField((await page(srv, from, cookie)).text);
  assert.ok(csrf, `${from} carries a csrf field`);
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

test('R-CASE-1: the division judges; only HQ does; "other" is named; a case not high is closed and kept', async () => {
  const c = await file();
  const body = { version: c.version, crime: 'abduction', need: 'high', reason: '理由' };
  for (const who of ['kita-manager', 'kita-assistant', 'hq-assistant', 'minami-manager']) {
    const r = await s[who].post(`/api/v1/cases/${c.id}/triage`, body);
    assert.ok([403, 404].includes(r.status), `${who}: ${r.status}`);
  }
  const other = await s.gm.post(`/api/v1/cases/${c.id}/triage`, { ...body, crime: 'other' });
  assert.equal(other.status, 422);
  assert.equal(other.json.error.field, 'crime_other');
  const noReason = await s.gm.post(`/api/v1/cases/${c.id}/triage`, { ...body, reason: '' });
  assert.equal(noReason.status, 422);
  assert.equal((await caseNow(c.id)).state, 'reported');
  const closed = await s.gm.post(`/api/v1/cases/${c.id}/triage`, {
    ...body, crime: 'other', crime_other: '（架空）青少年保護育成条例違反', need: 'not_high',
  });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed_not_high');
  assert.equal(closed.json.need, 'not_high');
  assert.equal(closed.json.triage_reason, '理由');
  assert.equal(closed.json.triaged_by, users.gm.id);
  // judged once
  const again = await s.gm.post(`/api/v1/cases/${c.id}/triage`, { ...body, version: closed.json.version });
  assert.equal(again.status, 409);
  // kept on record: the reporting station still reads it
  assert.equal((await s['kita-officer'].get(`/api/v1/cases/${c.id}`)).json.state, 'closed_not_high');
});

test('R-CASE-1: a case not judged high is never assigned: refused in Japanese, unchanged, audited R-CASE-1', async () => {
  for (const c of [await file(), await judged('not_high')]) {
    const seq = auditHead(srv.db);
    const r = await s.gm.post(`/api/v1/cases/${c.id}/assign`, { version: c.version, ...assignment() });
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.error.message, /保護等の必要性が高いと判断した事案ではない/);
    await expectRefused(seq, 'gm', `/api/v1/cases/${c.id}/assign`, 'R-CASE-1');
    const now = await caseNow(c.id);
    assert.equal(now.state, c.state);
    assert.equal(now.version, c.version);
  }
});

test('R-ROLE-5: a case goes only to a designated communication officer of the unit (API and web)', async () => {
  const c = await judged();
  for (const who of ['kita-assistant', 'kita-officer']) {
    const seq = auditHead(srv.db);
    const r = await s.gm.post(`/api/v1/cases/${c.id}/assign`, {
      version: c.version, ...assignment({ officer_id: users[who].id }),
    });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, 'officer_id');
    assert.match(r.json.error.message, /交信担当者に指定されていない職員/);
    await expectRefused(seq, 'gm', `/api/v1/cases/${c.id}/assign`, 'R-ROLE-5');
  }
  // a communication officer of another unit is not this unit's
  const seq = auditHead(srv.db);
  const cross = await s.gm.post(`/api/v1/cases/${c.id}/assign`, {
    version: c.version, ...assignment({ officer_id: users['minami-comm'].id }),
  });
  assert.equal(cross.status, 422);
  await expectRefused(seq, 'gm', `/api/v1/cases/${c.id}/assign`, 'R-ROLE-5');
  // the web form says the same
  const seqWeb = auditHead(srv.db);
  const w = await postForm(web.gm, `/cases/${c.id}`, `/cases/${c.id}/assign`, {
    version: String(c.version), unit_id: String(units.KITA.id),
    officer_id: String(users['kita-assistant'].id), device_id: String(kitaDevice),
  });
  assert.equal(w.status, 422);
  assert.match(w.text, /交信担当者に指定されていない職員/);
  await expectRefused(seqWeb, 'gm', `/cases/${c.id}/assign`, 'R-ROLE-5');
  const now = await caseNow(c.id);
  assert.equal(now.state, 'high');
  assert.equal(now.version, c.version);
  assert.equal(now.officer_id, null);
});

test('R-DEV-6: a case goes only with a device the unit may use', async () => {
  const c = await judged();
  // MINAMI's device has a service not yet permitted (demo): not usable
  let seq = auditHead(srv.db);
  const r = await s.gm.post(`/api/v1/cases/${c.id}/assign`, {
    version: c.version, unit_id: units.MINAMI.id, officer_id: users['minami-comm'].id,
    device_id: minamiDevice,
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'device_id');
  assert.match(r.json.error.message, /使用できません/);
  await expectRefused(seq, 'gm', `/api/v1/cases/${c.id}/assign`, 'R-DEV-6');
  // KITA's device is not MINAMI's to use; the client's claim is not asked
  seq = auditHead(srv.db);
  const other = await s.gm.post(`/api/v1/cases/${c.id}/assign`, {
    version: c.version, unit_id: units.MINAMI.id, officer_id: users['minami-comm'].id,
    device_id: kitaDevice, usable: true,
  });
  assert.equal(other.status, 400, 'no such field as usable');
  const notLent = await s.gm.post(`/api/v1/cases/${c.id}/assign`, {
    version: c.version, unit_id: units.MINAMI.id, officer_id: users['minami-comm'].id,
    device_id: kitaDevice,
  });
  assert.equal(notLent.status, 422);
  assert.match(notLent.json.error.message, /貸出中の端末ではない/);
  const now = await caseNow(c.id);
  assert.equal(now.state, 'high');
  assert.equal(now.version, c.version);
  // the station's manager cannot assign
  assert.equal((await s['kita-manager'].post(`/api/v1/cases/${c.id}/assign`,
    { version: c.version, ...assignment() })).status, 403);
  // and with all three right, it is assigned
  const ok = await s.gm.post(`/api/v1/cases/${c.id}/assign`, { version: c.version, ...assignment() });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.officer_id, users['kita-comm'].id);
  assert.equal(ok.json.device_id, kitaDevice);
  assert.ok(ok.json.loan_id > 0);
});

test('R-CASE-2: the officer logs every message as it was; never refused for content; others may not', async () => {
  const c = await assigned();
  const msg = (extra = {}) => ({
    version: c.version, at: minutesAgo(5), direction: 'sent',
    text: '（架空）こんばんは。少しお話しできますか？', screenshot_ref: 'SS-0001', ...extra,
  });
  for (const who of ['kita-officer', 'kita-manager', 'gm', 'minami-comm']) {
    const r = await s[who].post(`/api/v1/cases/${c.id}/messages`, msg());
    assert.ok([403, 404].includes(r.status), `${who}: ${r.status}`);
  }
  const first = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`, msg());
  assert.equal(first.status, 200, first.text);
  assert.equal(first.json.state, 'communicating');
  assert.equal(first.json.messages.length, 1);
  assert.equal(first.json.messages[0].direction, 'sent');
  assert.equal(first.json.messages[0].recorded_by, users['kita-comm'].id);
  // whatever it says, it is recorded; a stale page's version does not lose it
  const rough = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ text: 'お小遣いあげるよ ホ別2 （架空：記録のための例）', version: c.version }));
  assert.equal(rough.status, 200, rough.text);
  const recv = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ direction: 'received', text: '（架空）いいよ', screenshot_ref: '' }));
  assert.equal(recv.status, 200, recv.text);
  assert.equal(recv.json.messages.length, 3);
  // bad input is refused field by field, nothing recorded
  const future = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ at: new Date(Date.now() + 86400e3).toISOString() }));
  assert.equal(future.status, 422);
  assert.equal(future.json.error.field, 'at');
  const noText = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`, msg({ text: '' }));
  assert.equal(noText.status, 422);
  assert.equal((await caseNow(c.id)).messages.length, 3);
  // the reporting station reads the log too, another station does not
  assert.equal((await s['kita-officer'].get(`/api/v1/cases/${c.id}`)).status, 200);
});

test('R-CASE-1: a case not judged high takes no message: refused, audited R-CASE-1', async () => {
  const c = await judged('not_high');
  const seq = auditHead(srv.db);
  const r = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/messages`, {
    version: c.version, at: minutesAgo(5), direction: 'sent', text: 'テスト',
  });
  assert.equal(r.status, 422, r.text);
  assert.match(r.json.error.message, /保護等の必要性が高いと判断した事案ではない/);
  await expectRefused(seq, 'kita-assistant', `/api/v1/cases/${c.id}/messages`, 'R-CASE-1');
  assert.deepEqual((await caseNow(c.id)).messages, []);
});

test('web: a station reports, the division judges and assigns, the officer logs; the GM sees who read it', async () => {
  const local = (m) => new Date(Date.now() + (9 * 60 - m) * 60e3).toISOString().slice(0, 16);
  const made = await postForm(web['kita-officer'], '/cases/new', '/cases', {
    found_at: local(30), service: 'テストSNS', post_ref: 'post-777',
    post_text: '（架空）泊めてくれる人', risk_signals: '家出',
  });
  assert.equal(made.status, 303, made.text.slice(0, 400));
  const id = Number(/\/cases\/(\d+)/.exec(made.location)[1]);
  let c = await caseNow(id);
  const t = await postForm(web.gm, `/cases/${id}`, `/cases/${id}/triage`, {
    version: String(c.version), crime: 'abduction', need: 'high', reason: '（架空）理由',
  });
  assert.equal(t.status, 303, t.text.slice(0, 400));
  c = await caseNow(id);
  const a = await postForm(web.gm, `/cases/${id}`, `/cases/${id}/assign`, {
    version: String(c.version), unit_id: String(units.KITA.id),
    officer_id: String(users['kita-comm'].id), device_id: String(kitaDevice),
  });
  assert.equal(a.status, 303, a.text.slice(0, 400));
  c = await caseNow(id);
  const m = await postForm(web['kita-comm'], `/cases/${id}`, `/cases/${id}/messages`, {
    version: String(c.version), at: local(3), direction: 'sent', text: '（架空）こんにちは',
  });
  assert.equal(m.status, 303, m.text.slice(0, 400));
  const shown = await page(srv, `/cases/${id}`, web['kita-comm']);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /（架空）こんにちは/);
  const list = await page(srv, '/cases', web['kita-assistant']);
  assert.match(list.text, new RegExp(`/cases/${id}"`));
  const reads = await page(srv, '/cases/reads', web.gm);
  assert.equal(reads.status, 200);
  assert.match(reads.text, /kita-comm/);
  assert.match(reads.text, /一覧に表示/);
  assert.equal((await page(srv, '/cases/reads', web['kita-assistant'])).status, 403);
  const one = await page(srv, `/cases/reads?case_id=${id}`, web.gm);
  assert.equal(one.status, 200);
  assert.match(one.text, new RegExp(`事案 第${id}号の閲覧記録`));
  assert.doesNotMatch(one.text, new RegExp(`/cases/${id - 1}"`));
  const bad = await page(srv, '/cases/reads?case_id=x', web.gm);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /事案の番号が正しくありません/);
  const r = await reads_(id);
  assert.ok(r.some((e) => e.login === 'kita-assistant' && e.way === 'list'));
  assert.ok(r.some((e) => e.login === 'kita-comm' && e.way === 'open'));
});

async function reads_(id) { return reads(id); }

test('R-CASE-2: an outgoing message with a term of the policy is recorded, flagged, reviewed by the assistant; the GM sees it until then', async () => {
  const c = await assigned();
  const msg = (extra) => ({ version: c.version, at: minutesAgo(4), direction: 'sent', ...extra });
  // a received message is not checked, whatever it says
  const recv = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ direction: 'received', text: '（架空）パパ活してます ホ別でお願い' }));
  assert.equal(recv.status, 200, recv.text);
  assert.equal(recv.json.messages[0].flagged, false);
  assert.equal(recv.json.messages[0].review, null);
  // an outgoing one that holds a term is recorded all the same, flagged
  const sent = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ text: '（架空・試験用）お小遣いあげるから会えない？' }));
  assert.equal(sent.status, 200, sent.text);
  const m = sent.json.messages.find((x) => x.direction === 'sent');
  assert.equal(m.flagged, true);
  assert.equal(m.review, 'pending');
  assert.match(m.flag_detail, /お小遣い/);
  assert.match(m.flag_detail, /金銭/);
  // a clean outgoing one is not flagged
  const clean = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`,
    msg({ text: '（架空）こんにちは。お話を聞かせてください。' }));
  assert.equal(clean.json.messages.filter((x) => x.flagged).length, 1);
  // the assistant and the general manager find it; another station does not
  const pend = await s['kita-assistant'].get('/api/v1/cases?review_pending=true&limit=200');
  assert.ok(pend.json.cases.some((x) => x.id === c.id));
  assert.match((await page(srv, '/', web['kita-assistant'])).text, new RegExp(`/cases/${c.id}"[^>]*>[^<]*送信内容の確認`));
  assert.match((await page(srv, '/', web.gm)).text, new RegExp(`/cases/${c.id}"[^>]*>[^<]*要確認の送信`));
  // only the unit's assistant reviews, with a note
  const body = { version: sent.json.version, message_id: m.id, note: '（架空）捜査上の意図を確認した。以後の送信に注意するよう指導。' };
  for (const who of ['kita-comm', 'gm', 'kita-manager', 'minami-assistant']) {
    const r = await s[who].post(`/api/v1/cases/${c.id}/review`, body);
    assert.ok([403, 404, 409].includes(r.status), `${who}: ${r.status}`);
  }
  const noNote = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/review`, { ...body, note: '' });
  assert.equal(noNote.status, 422);
  const notFlagged = recv.json.messages[0].id;
  const wrong = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/review`, { ...body, message_id: notFlagged });
  assert.equal(wrong.status, 409, wrong.text);
  const seq = auditHead(srv.db);
  const done = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/review`, body);
  assert.equal(done.status, 200, done.text);
  const reviewed = done.json.messages.find((x) => x.id === m.id);
  assert.equal(reviewed.review, 'done');
  assert.equal(reviewed.reviewed_by, users['kita-assistant'].id);
  assert.match(reviewed.review_note, /指導/);
  const audit = (await auditEntries(srv, s.admin.session, '?limit=50'))
    .filter((e) => e.seq > seq && e.action === 'case.review');
  assert.equal(audit.length, 1);
  assert.equal(audit[0].object_id, c.id);
  assert.ok(!JSON.stringify(audit[0].detail).includes('指導'), 'the note is not in the trail');
  // reviewed once; no longer on the GM's home page
  assert.equal((await s['kita-assistant'].post(`/api/v1/cases/${c.id}/review`, body)).status, 409);
  assert.doesNotMatch((await page(srv, '/', web.gm)).text, new RegExp(`/cases/${c.id}"[^>]*>[^<]*要確認の送信`));
});

test('R-ROLE-5: an officer whose designation was revoked logs no more (refused, audited); the unit\'s assistant still records', async () => {
  const c = await assigned();
  const list = await s['kita-manager'].get(`/api/v1/designations?unit_id=${units.KITA.id}`);
  const d = list.json.designations.find((x) => x.user_id === users['kita-comm'].id &&
    x.role === 'communication_officer' && x.state === 'active');
  assert.ok(d, list.text);
  const rv = await s['kita-manager'].post(`/api/v1/designations/${d.id}/revoke`,
    { version: d.version, reason: '（試験）異動のため' });
  assert.equal(rv.status, 200, rv.text);
  try {
    const body = { version: c.version, at: minutesAgo(3), direction: 'sent', text: '（架空）テスト' };
    const seq = auditHead(srv.db);
    const r = await s['kita-comm'].post(`/api/v1/cases/${c.id}/messages`, body);
    assert.equal(r.status, 422, r.text);
    assert.match(r.json.error.message, /交信担当者の指定が解除されている/);
    await expectRefused(seq, 'kita-comm', `/api/v1/cases/${c.id}/messages`, 'R-ROLE-5');
    assert.deepEqual((await caseNow(c.id)).messages, []);
    const ast = await s['kita-assistant'].post(`/api/v1/cases/${c.id}/messages`, body);
    assert.equal(ast.status, 200, ast.text);
    assert.equal(ast.json.messages.length, 1);
  } finally {
    const back = await s['kita-manager'].post(`/api/v1/designations/${d.id}/redesignate`, {
      version: rv.json.version, knowledge: '（試験）研修修了', aptitude: '（試験）適性あり',
    });
    assert.equal(back.status, 200, back.text);
  }
});
