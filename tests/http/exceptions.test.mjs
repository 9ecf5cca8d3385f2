// exceptions.test.mjs - security exceptions (detail form 12, R-EXC-1..3)
// and the screenshot log (R-EXC-3) through the JSON API: the general
// manager applies, the information-security manager approves with scope
// and period; a screenshot is refused without an exception in force that
// day and logged with one, then moved or deleted once.  Each wrong
// person, skipped step, stale version and other station is refused and
// changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, login, as } from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';
import { addDays, hoursAgo, today } from '../lib/dates.mjs';

let srv;
const s = {};

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant',
    'kita-officer', 'kita-comm', 'minami-assistant', 'minami-comm']) {
    s[who] = as(srv, await login(srv, who));
  }
});
after(async () => { await srv.stop(); });

async function apply(kind = 'screenshot') {
  const r = await s.gm.post('/api/v1/exceptions', {
    kind, scope: '熊本北警察署のサイバーパトロール', purpose: '不適切な投稿の証拠保全',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'applied');
  return r.json;
}

async function approve(e, from = addDays(today(), -1), until = addDays(today(), 30)) {
  const r = await s.infosec.post(`/api/v1/exceptions/${e.id}/approve`, {
    version: e.version, scope: '北署のみ', valid_from: from, valid_until: until,
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

const receivedLoan = () => loans.receivedLoan(s, { model: 'AQUOS', prefix: 'EXC',
  application: { consultation: '1台借用で合意' } });

const shot = (loan, extra = {}) => ({
  loan_id: loan.id, case_ref: '令和7年北少第12号', taken_at: hoursAgo(1),
  reason: 'SNS投稿の保全', ...extra,
});

test('R-EXC-1..3: only the general manager applies; only the information-security manager decides', async () => {
  for (const who of ['infosec', 'kita-manager', 'kita-assistant']) {
    const r = await s[who].post('/api/v1/exceptions', { kind: 'photo_store', scope: 'x', purpose: 'y' });
    assert.equal(r.status, 403, who);
  }
  const e = await apply('photo_store');
  for (const who of ['gm', 'kita-manager']) {
    const r = await s[who].post(`/api/v1/exceptions/${e.id}/approve`, {
      version: e.version, scope: 's', valid_from: today(), valid_until: today(),
    });
    assert.equal(r.status, 403, who);
  }
  // skipped step: revoking what was never approved
  const rv = await s.infosec.post(`/api/v1/exceptions/${e.id}/revoke`, { version: e.version, reason: '不要' });
  assert.equal(rv.status, 409, rv.text);
  // the infosec manager cannot withdraw the general manager's application
  const wd = await s.infosec.post(`/api/v1/exceptions/${e.id}/withdraw`, { version: e.version });
  assert.equal(wd.status, 403);
  const same = await s.gm.get(`/api/v1/exceptions/${e.id}`);
  assert.equal(same.json.state, 'applied');
  assert.equal(same.json.version, e.version);
});

test('R-EXC-1..3: malformed input is refused and changes nothing', async () => {
  const bad = await s.gm.post('/api/v1/exceptions', { kind: 'selfie', scope: 'x', purpose: 'y' });
  assert.equal(bad.status, 422);
  assert.equal(bad.json.error.field, 'kind');
  const extra = await s.gm.post('/api/v1/exceptions', { kind: 'photo_send', scope: 'x', purpose: 'y', foo: 1 });
  assert.equal(extra.status, 400);
  const e = await apply('photo_send');
  const back = await s.infosec.post(`/api/v1/exceptions/${e.id}/approve`, {
    version: e.version, scope: 's', valid_from: today(), valid_until: addDays(today(), -3),
  });
  assert.equal(back.status, 422, back.text);
  // a refusal without its reason: 422 with the message the web form gives (issue 8)
  const noReason = await s.infosec.post(`/api/v1/exceptions/${e.id}/refuse`, { version: e.version });
  assert.equal(noReason.status, 422, noReason.text);
  assert.equal(noReason.json.error.field, 'reason');
  assert.equal(noReason.json.error.message, '理由を入力してください');
  const stale = await s.infosec.post(`/api/v1/exceptions/${e.id}/refuse`, { version: e.version + 5, reason: '不要' });
  assert.equal(stale.status, 409);
  assert.equal((await s.gm.get(`/api/v1/exceptions/${e.id}`)).json.state, 'applied');
  const refused = await s.infosec.post(`/api/v1/exceptions/${e.id}/refuse`, { version: e.version, reason: '必要性なし' });
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.json.state, 'refused');
  assert.equal(refused.json.reason, '必要性なし');
  const again = await s.gm.post(`/api/v1/exceptions/${e.id}/withdraw`, { version: refused.json.version });
  assert.equal(again.status, 409);
});

// Revokes every screenshot exception in force, such as the demo's, so
// that none covers today.
async function revokeScreenshotExceptions() {
  const l = await s.infosec.get('/api/v1/exceptions?state=approved');
  assert.equal(l.status, 200, l.text);
  for (const e of l.json.exceptions.filter((x) => x.kind === 'screenshot')) {
    const r = await s.infosec.post(`/api/v1/exceptions/${e.id}/revoke`,
      { version: e.version, reason: '試験のため失効' });
    assert.equal(r.status, 200, r.text);
  }
}

test('R-EXC-3: a screenshot is refused without an exception that day, logged with one, moved once', async () => {
  const loan = await receivedLoan();
  await revokeScreenshotExceptions();
  // no screenshot exception in force today (R-CMP-4)
  const refused = await s['kita-comm'].post('/api/v1/screenshots', shot(loan));
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.error.code, 'rule_violation');
  const e = await apply('screenshot');
  const stillRefused = await s['kita-comm'].post('/api/v1/screenshots', shot(loan));
  assert.equal(stillRefused.status, 422);
  const ok = await approve(e);
  assert.equal(ok.state, 'approved');
  assert.equal(ok.approved_scope, '北署のみ');
  // another station's officer cannot log on kita's device
  const cross = await s['minami-comm'].post('/api/v1/screenshots', shot(loan));
  assert.equal(cross.status, 403);
  const noReason = await s['kita-comm'].post('/api/v1/screenshots', shot(loan, { reason: '　' }));
  assert.equal(noReason.status, 422);
  const r = await s['kita-comm'].post('/api/v1/screenshots', shot(loan));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'taken');
  assert.equal(r.json.exception_id, e.id);
  assert.equal(r.json.overdue, false);
  // other station: not listed, not readable, not movable
  const list = await s['minami-assistant'].get('/api/v1/screenshots');
  assert.ok(!list.json.screenshots.some((x) => x.id === r.json.id));
  assert.equal((await s['minami-assistant'].get(`/api/v1/screenshots/${r.json.id}`)).status, 403);
  assert.equal((await s['minami-assistant'].post(`/api/v1/screenshots/${r.json.id}/move`,
    { version: r.json.version })).status, 403);
  // the general manager reads it but does not record
  assert.equal((await s.gm.get(`/api/v1/screenshots/${r.json.id}`)).status, 200);
  assert.equal((await s.gm.post(`/api/v1/screenshots/${r.json.id}/delete`,
    { version: r.json.version })).status, 403);
  const moved = await s['kita-assistant'].post(`/api/v1/screenshots/${r.json.id}/move`,
    { version: r.json.version, note: '捜査用PC-3' });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.state, 'moved');
  const twice = await s['kita-assistant'].post(`/api/v1/screenshots/${r.json.id}/delete`,
    { version: moved.json.version });
  assert.equal(twice.status, 409);
  // revoked: screenshots are refused again
  const rv = await s.infosec.post(`/api/v1/exceptions/${e.id}/revoke`, { version: ok.version, reason: '事案終結' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal((await s['kita-comm'].post('/api/v1/screenshots', shot(loan))).status, 422);
});

test('R-EXC-3: a screenshot kept past the policy days is listed as overdue', async () => {
  const loan = await receivedLoan();
  const e = await apply('screenshot');
  await approve(e, addDays(today(), -30), addDays(today(), 30));
  const old = await s['kita-comm'].post('/api/v1/screenshots', shot(loan, { taken_at: hoursAgo(24 * 20) }));
  assert.equal(old.status, 201, old.text);
  assert.equal(old.json.overdue, true);
  for (const who of ['kita-assistant', 'gm']) {
    const l = await s[who].get('/api/v1/screenshots?overdue=true');
    assert.equal(l.status, 200);
    assert.ok(l.json.screenshots.some((x) => x.id === old.json.id), who);
  }
  const other = await s['minami-assistant'].get('/api/v1/screenshots?overdue=true');
  assert.ok(!other.json.screenshots.some((x) => x.id === old.json.id));
  const del = await s['kita-comm'].post(`/api/v1/screenshots/${old.json.id}/delete`, { version: old.json.version });
  assert.equal(del.status, 200, del.text);
  const after = await s.gm.get('/api/v1/screenshots?overdue=true');
  assert.ok(!after.json.screenshots.some((x) => x.id === old.json.id));
});
