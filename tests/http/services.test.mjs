// services.test.mjs - applications to use an external service through the
// JSON API (detail form 9, R-SVC-1..4) and R-DEV-6: the chain in order,
// each skipped step and wrong person refused with nothing changed,
// another station refused, a take-out refused while a service's chain is
// incomplete and allowed once it completes, a change running the chain
// again while the old permission stays in force, and a deletion reported
// to the manager.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page,
} from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';
import { hoursFromNow } from '../lib/dates.mjs';

let srv;
const s = {};

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-assistant']) {
    s[who] = as(srv, await login(srv, who));
  }
});
after(async () => { await srv.stop(); });

const receivedLoan = () => loans.receivedLoan(s, { prefix: 'SN-S' });

const takeout = (loan) => s['kita-comm'].post('/api/v1/takeouts', { loan_id: loan.id,
  out_at: hoursFromNow(1), expected_back: hoursFromNow(2), destination: '熊本市内', reason: '街頭補導' });

async function apply(loan, handle) {
  const r = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle, purpose: '少年の有害情報の把握',
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'applied');
  return r.json;
}

const get = async (id) => (await s.gm.get(`/api/v1/services/${id}`)).json;
const measuresBody = (v) => ({ version: v, measures: '端末ロック、二段階認証、投稿前の複数確認',
  agreed_with_manager: true, agreed_with_general_manager: true });

// Refused with status, and the application unchanged.
async function refused(who, id, step, body, status) {
  const before = await get(id);
  const r = await s[who].post(`/api/v1/services/${id}/${step}`, { version: before.version, ...body });
  assert.equal(r.status, status, `${who} ${step}: ${r.text}`);
  const now = await get(id);
  assert.equal(now.state, before.state);
  assert.equal(now.version, before.version);
}

async function complete(id) {
  let x = await get(id);
  let r = await s['kita-manager'].post(`/api/v1/services/${id}/permit`, { version: x.version });
  assert.equal(r.status, 200, r.text);
  r = await s.gm.post(`/api/v1/services/${id}/forward`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
  r = await s.infosec.post(`/api/v1/services/${id}/measures`, measuresBody(r.json.version));
  assert.equal(r.status, 200, r.text);
  x = r.json;
  assert.equal(x.state, 'in_force');
  return x;
}

test('R-SVC-1, R-SVC-2, R-DEV-6: the chain in order; the take-out waits for it', async () => {
  const loan = await receivedLoan();
  const app = await apply(loan, '@kita_patrol');
  // R-DEV-6: refused while the chain is incomplete
  const early = await takeout(loan);
  assert.equal(early.status, 422, early.text);
  assert.equal(early.json.error.code, 'rule_violation');

  // skipped steps and wrong people, each changing nothing
  await refused('gm', app.id, 'forward', {}, 409);
  await refused('infosec', app.id, 'measures', measuresBody(0), 409);
  await refused('kita-assistant', app.id, 'permit', {}, 403);
  await refused('gm', app.id, 'permit', {}, 403);
  await refused('minami-manager', app.id, 'permit', {}, 403);
  await refused('kita-manager', app.id, 'refuse', { reason: '' }, 422);

  let r = await s['kita-manager'].post(`/api/v1/services/${app.id}/permit`, { version: app.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'permitted');
  await refused('kita-manager', app.id, 'permit', {}, 409);
  await refused('infosec', app.id, 'measures', measuresBody(0), 409);
  await refused('kita-manager', app.id, 'forward', {}, 403);
  assert.equal((await takeout(loan)).status, 422);

  r = await s.gm.post(`/api/v1/services/${app.id}/forward`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'forwarded');
  await refused('gm', app.id, 'measures', measuresBody(0), 403);
  // R-SVC-2: both confirmations
  await refused('infosec', app.id, 'measures',
    { measures: '対策', agreed_with_manager: true, agreed_with_general_manager: false }, 422);
  assert.equal((await takeout(loan)).status, 422);

  r = await s.infosec.post(`/api/v1/services/${app.id}/measures`, measuresBody(r.json.version));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'in_force');
  assert.equal(r.json.agreed_with_manager, true);
  // now usable: the take-out is asked
  const out = await takeout(loan);
  assert.equal(out.status, 201, out.text);
});

test('R-SVC-1: another station, a device not lent to the unit, bad input', async () => {
  const loan = await receivedLoan();
  const cross = await s['minami-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle: '@x', purpose: 'p',
  });
  assert.equal(cross.status, 403, cross.text);
  const byMgr = await s['kita-manager'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle: '@x', purpose: 'p',
  });
  assert.equal(byMgr.status, 403, byMgr.text);
  const missing = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle: '@x', purpose: '　',
  });
  assert.equal(missing.status, 422, missing.text);
  const unknown = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle: '@x', purpose: 'p', extra: true,
  });
  assert.equal(unknown.status, 400, unknown.text);
  const app = await apply(loan, '@kita_view');
  const seen = await s['minami-manager'].get(`/api/v1/services/${app.id}`);
  assert.equal(seen.status, 403, seen.text);
  const list = await s['minami-assistant'].get('/api/v1/services');
  assert.ok(list.json.services.every((x) => x.unit_id !== app.unit_id));
  // refused with a reason: not on the device any more (R-DEV-6)
  const no = await s['kita-manager'].post(`/api/v1/services/${app.id}/refuse`,
    { version: app.version, reason: '目的が不明確' });
  assert.equal(no.status, 200, no.text);
  assert.equal(no.json.state, 'refused');
  assert.equal((await takeout(loan)).status, 201);
});

test('R-SVC-3: a change runs the chain again; the old permission stays in force until then', async () => {
  const loan = await receivedLoan();
  const old = await complete((await apply(loan, '@kita_old')).id);
  const same = await s['kita-assistant'].post(`/api/v1/services/${old.id}/change`,
    { version: old.version, handle: '@kita_old' });
  assert.equal(same.status, 422, same.text);
  const ch = await s['kita-assistant'].post(`/api/v1/services/${old.id}/change`,
    { version: old.version, purpose: '非行防止の広報' });
  assert.equal(ch.status, 201, ch.text);
  assert.equal(ch.json.state, 'applied');
  assert.equal(ch.json.replaces_id, old.id);
  assert.equal(ch.json.account_id, old.account_id);
  assert.equal((await get(old.id)).state, 'in_force');
  // the old one keeps the device usable meanwhile
  assert.equal((await takeout(loan)).status, 201);
  await refused('gm', ch.json.id, 'forward', {}, 409);
  await complete(ch.json.id);
  assert.equal((await get(old.id)).state, 'superseded');
  assert.equal((await get(ch.json.id)).state, 'in_force');
});

test('R-SVC-4: a deletion is recorded and the manager acknowledges it', async () => {
  const loan = await receivedLoan();
  const x = await complete((await apply(loan, '@kita_del')).id);
  await refused('kita-manager', x.id, 'delete', {}, 403);
  await refused('kita-manager', x.id, 'acknowledge', {}, 409);
  const del = await s['kita-assistant'].post(`/api/v1/services/${x.id}/delete`,
    { version: x.version, note: '事案終結のため' });
  assert.equal(del.status, 200, del.text);
  assert.equal(del.json.state, 'deleted');
  await refused('kita-assistant', x.id, 'acknowledge', {}, 403);
  await refused('minami-manager', x.id, 'acknowledge', {}, 403);
  const ack = await s['kita-manager'].post(`/api/v1/services/${x.id}/acknowledge`,
    { version: del.json.version });
  assert.equal(ack.status, 200, ack.text);
  assert.ok(ack.json.deletion_acknowledged_at);
  await refused('kita-manager', x.id, 'acknowledge', {}, 409);
});

// POST a web form as a logged-in browser session; {status, text}.
async function postForm(cookie, path, fields) {
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test('R-SVC-1: the web forms with bad input are shown again with their messages; nothing is written', async () => {
  const loan = await receivedLoan();
  const count = async () => (await s.gm.get('/api/v1/services')).json.services.length;
  const before = await count();
  const { cookie } = await webLogin(srv, 'kita-assistant');
  const form = await page(srv, '/services/new', cookie);
  assert.equal(form.status, 200);
  const csrf = csrfField(form.text);
  assert.ok(csrf);

  const noService = await postForm(cookie, '/services', {
    csrf, device_id: String(loan.device_id), service: '', handle: '@kita_form', purpose: '広報',
  });
  assert.equal(noService.status, 422, noService.text);
  assert.match(noService.text, /<input[^>]*id="f-service"[^>]*aria-invalid="true"/);
  // the field's message from its descriptor, as the API gives it (issue 8)
  assert.match(noService.text, /id="f-service-error">入力してください</);
  assert.match(noService.text, /value="@kita_form"/, 'the entered account is kept');
  assert.equal(await count(), before);

  // a refusal without its reason: the decision form again, the state unchanged
  const app = await apply(loan, '@kita_refuse');
  const mgr = await webLogin(srv, 'kita-manager');
  const shown = await page(srv, `/services/${app.id}`, mgr.cookie);
  assert.equal(shown.status, 200);
  const refuse = await postForm(mgr.cookie, `/services/${app.id}/refuse`, {
    csrf: csrfField(shown.text), version: String(app.version), reason: '',
  });
  assert.equal(refuse.status, 422, refuse.text);
  assert.match(refuse.text, /<textarea[^>]*id="f-reason"[^>]*aria-invalid="true"/);
  assert.match(refuse.text, /id="f-reason-error">入力してください</);
  const now = await get(app.id);
  assert.equal(now.state, 'applied');
  assert.equal(now.version, app.version);
});
