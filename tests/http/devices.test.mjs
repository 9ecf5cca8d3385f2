// devices.test.mjs - device lending through the JSON API (R-DEV-1..9):
// one whole loan from registration to closed return, and each refused
// step: over one year without a reason, lending a lent device (also
// twice at once), a take-out before receipt and training, an incomplete
// return checklist, another station's user, the wrong role, a stale
// version.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, unitsByCode, webLogin, csrfField, page,
} from '../lib/server.mjs';
import { addDays, addMonths, hoursFromNow, today } from '../lib/dates.mjs';

let srv;
const s = {};
let units;

// The Asia/Tokyo civil date, as the server counts days.

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-officer', 'minami-assistant']) {
    s[who] = as(srv, await login(srv, who));
  }
  units = await unitsByCode(srv, s.gm.session);
});
after(async () => { await srv.stop(); });

let serialNo = 0;
async function newDevice() {
  serialNo += 1;
  const r = await s.gm.post('/api/v1/devices', {
    model: 'AQUOS sense8', serial: `SN-${serialNo}-${Date.now()}`, phone: '090-0000-0000',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

function applicationBody(extra = {}) {
  const start = today();
  return {
    consulted_on: start, consulted_with: '松本 正義',
    consultation: 'サイバーパトロール用に1台借用することで合意', start,
    due: addMonths(start, 6), purpose: 'サイバーパトロール', ...extra,
  };
}

async function approvedApplication(extra = {}) {
  const a = await s['kita-manager'].post('/api/v1/applications', applicationBody(extra));
  assert.equal(a.status, 201, a.text);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(ok.status, 200, ok.text);
  return ok.json;
}

async function lentLoan() {
  const d = await newDevice();
  const a = await approvedApplication();
  const l = await s.gm.post('/api/v1/loans', { application_id: a.id, device_id: d.id });
  assert.equal(l.status, 201, l.text);
  return { device: d, application: a, loan: l.json };
}

async function receivedLoan() {
  const x = await lentLoan();
  const r = await s['kita-officer'].post(`/api/v1/loans/${x.loan.id}/receive`, {
    version: x.loan.version, trained_on: today(), trainer: '井上 直樹', topics: '端末管理と保護的交信',
  });
  assert.equal(r.status, 200, r.text);
  return { ...x, loan: r.json };
}

// R-DEV-9: the client confirms, by the server's id, each account the
// register lists on the device; a device without accounts sends [].
const completeChecklist = (version, serviceIds = []) => ({
  version,
  accounts: serviceIds.map((id) => ({ service_id: id, deleted: true })),
  apps_uninstalled: true, device_restored: true, accessories_present: true,
});

// R-SVC-1, R-SVC-2: an SNS account on the loan's device, its chain run to in force.
async function accountInForce(loan, handle) {
  let r = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'X', handle, purpose: '少年の有害情報の把握',
  });
  assert.equal(r.status, 201, r.text);
  const id = r.json.id;
  r = await s['kita-manager'].post(`/api/v1/services/${id}/permit`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
  r = await s.gm.post(`/api/v1/services/${id}/forward`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
  r = await s.infosec.post(`/api/v1/services/${id}/measures`, {
    version: r.json.version, measures: '二段階認証', agreed_with_manager: true,
    agreed_with_general_manager: true,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'in_force');
  return r.json;
}

test('R-DEV-1..9: a whole loan through the API, from registration to closed return', async () => {
  // R-DEV-1: HQ registers the device.
  const device = await newDevice();
  assert.equal(device.state, 'in_stock');

  // R-DEV-2: the station's manager applies after the consultation.
  const app = await s['kita-manager'].post('/api/v1/applications',
    applicationBody({ device_id: device.id }));
  assert.equal(app.status, 201, app.text);
  assert.equal(app.json.state, 'submitted');
  assert.equal(app.json.unit_id, units.KITA.id);
  const gmRem = await s.gm.get('/api/v1/reminders');
  assert.equal(gmRem.status, 200, gmRem.text);
  assert.ok(gmRem.json.reminders.some((r) => r.kind === 'application_decision' &&
    r.id === app.json.id && r.link === `/applications/${app.json.id}`));

  const approved = await s.gm.post(`/api/v1/applications/${app.json.id}/approve`,
    { version: app.json.version, reason: '適当と認める' });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.state, 'approved');

  // R-DEV-3: the general manager lends it; the register has the entry.
  const lent = await s.gm.post('/api/v1/loans', { application_id: app.json.id, device_id: device.id });
  assert.equal(lent.status, 201, lent.text);
  const loan = lent.json;
  assert.equal(loan.state, 'lent');
  assert.equal(loan.device_id, device.id);
  assert.equal(loan.unit_id, units.KITA.id);
  assert.equal(loan.due, applicationBody().due);
  assert.equal((await s.gm.get(`/api/v1/devices/${device.id}`)).json.state, 'on_loan');

  // R-DEV-4: the operations officer confirms receipt with the training.
  const rec = await s['kita-officer'].post(`/api/v1/loans/${loan.id}/receive`, {
    version: loan.version, trained_on: today(), trainer: '井上 直樹', topics: '端末管理と保護的交信',
  });
  assert.equal(rec.status, 200, rec.text);
  assert.equal(rec.json.state, 'received');
  assert.equal(rec.json.training.trainer, '井上 直樹');

  // R-DEV-5: the assistant records the monthly check.
  const chk = await s['kita-assistant'].post(`/api/v1/loans/${loan.id}/checks`,
    { checked_on: today(), in_cabinet: true, remarks: '保管庫内' });
  assert.equal(chk.status, 201, chk.text);
  const checks = await s.gm.get(`/api/v1/loans/${loan.id}/checks`);
  assert.equal(checks.status, 200, checks.text);
  assert.equal(checks.json.checks.length, 1);
  assert.equal(checks.json.checks[0].in_cabinet, true);

  // R-DEV-7: a take-out asked, permitted and reported.
  const to = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(3),
    destination: '熊本市内', reason: '非行防止教室での説明',
  });
  assert.equal(to.status, 201, to.text);
  assert.equal(to.json.state, 'requested');
  const astRem = await s['kita-assistant'].get('/api/v1/reminders');
  assert.ok(astRem.json.reminders.some((r) => r.kind === 'takeout_decision' && r.id === to.json.id));
  const permit = await s['kita-assistant'].post(`/api/v1/takeouts/${to.json.id}/permit`,
    { version: to.json.version });
  assert.equal(permit.status, 200, permit.text);
  assert.equal(permit.json.state, 'permitted');
  const out = await s['kita-comm'].get('/api/v1/reminders');
  assert.ok(out.json.reminders.some((r) => r.kind === 'takeout_out' && r.id === to.json.id));
  const report = await s['kita-comm'].post(`/api/v1/takeouts/${to.json.id}/report`,
    { version: permit.json.version, no_loss_or_damage: true, results: '予定どおり実施' });
  assert.equal(report.status, 200, report.text);
  assert.equal(report.json.state, 'returned');
  assert.equal(report.json.no_loss_or_damage, true);

  // R-DEV-8: an extension is a new application; approval moves the due date.
  const cur = (await s.gm.get(`/api/v1/loans/${loan.id}`)).json;
  const newDue = addMonths(cur.due, 3);
  const ext = await s['kita-manager'].post('/api/v1/applications', {
    kind: 'extension', loan_id: loan.id, consulted_on: today(), consulted_with: '松本 正義',
    consultation: '3か月延長で合意', due: newDue, purpose: '継続捜査',
  });
  assert.equal(ext.status, 201, ext.text);
  assert.equal(ext.json.kind, 'extension');
  assert.equal(ext.json.loan_id, loan.id);
  const extOk = await s.gm.post(`/api/v1/applications/${ext.json.id}/approve`, { version: ext.json.version });
  assert.equal(extOk.status, 200, extOk.text);
  const register = await s.gm.get(`/api/v1/loans?unit_id=${units.KITA.id}`);
  assert.equal(register.status, 200, register.text);
  const entry = register.json.loans.find((l) => l.id === loan.id);
  assert.equal(entry.due, newDue);
  assert.equal(entry.original_due, cur.due);
  assert.equal(entry.extended, true);

  // R-DEV-9: the account on the device confirmed deleted, then HQ's check closes the loan.
  const sns = await accountInForce(loan, '@kita_patrol');
  const cur2 = (await s.gm.get(`/api/v1/loans/${loan.id}`)).json;
  const ret = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`,
    completeChecklist(cur2.version, [sns.id]));
  assert.equal(ret.status, 200, ret.text);
  assert.equal(ret.json.state, 'returned_by_unit');
  assert.equal(ret.json.checklist.accounts[0].account, '@kita_patrol');
  assert.equal(ret.json.checklist.accounts[0].service_id, sns.id);
  assert.equal((await s.gm.get(`/api/v1/devices/${device.id}`)).json.state, 'returned_awaiting_check');
  const closed = await s.gm.post(`/api/v1/loans/${loan.id}/close`, { version: ret.json.version, anomaly: false });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');
  assert.equal((await s.gm.get(`/api/v1/devices/${device.id}`)).json.state, 'in_stock');

  // The device's history shows the loan, its check and its take-out.
  const h = await s.gm.get(`/api/v1/devices/${device.id}/history`);
  assert.equal(h.status, 200, h.text);
  assert.deepEqual(h.json.loans.map((l) => l.id), [loan.id]);
  assert.equal(h.json.checks.length, 1);
  assert.deepEqual(h.json.takeouts.map((t) => t.id), [to.json.id]);
});

test('R-DEV-2: over one year is accepted at application, but approving it without exception_reason is 422', async () => {
  const start = today();
  const a = await s['kita-manager'].post('/api/v1/applications',
    applicationBody({ due: addMonths(start, 13) }));
  assert.equal(a.status, 201, a.text);
  const bad = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(bad.status, 422, bad.text);
  assert.equal(bad.json.error.code, 'rule_violation');
  const still = await s.gm.get(`/api/v1/applications/${a.json.id}`);
  assert.equal(still.json.state, 'submitted');
  assert.equal(still.json.version, a.json.version);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`,
    { version: a.json.version, exception_reason: '長期の継続事案のため' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.exception_reason, '長期の継続事案のため');
});

test('R-DEV-2: the consultation must come first, and a period must end after it starts', async () => {
  const tomorrow = addDays(today(), 1);
  const late = await s['kita-manager'].post('/api/v1/applications', applicationBody({ consulted_on: tomorrow }));
  assert.equal(late.status, 422, late.text);
  assert.equal(late.json.error.field, 'consulted_on');
  const back = await s['kita-manager'].post('/api/v1/applications',
    applicationBody({ due: addDays(today(), -1) }));
  assert.equal(back.status, 422, back.text);
  assert.equal(back.json.error.field, 'due');
  // A missing required field is a fault of the record (422, the web
  // form's message), no longer a 400: records are read through their
  // descriptor since issue 8.
  const missing = await s['kita-manager'].post('/api/v1/applications',
    { ...applicationBody(), consultation: undefined });
  assert.equal(missing.status, 422, missing.text);
  assert.equal(missing.json.error.field, 'consultation');
  assert.equal(missing.json.error.message, '入力してください');
});

test('R-DEV-2: refusing needs a reason; a decided application cannot be decided again (409)', async () => {
  const a = await s['kita-manager'].post('/api/v1/applications', applicationBody());
  const noReason = await s.gm.post(`/api/v1/applications/${a.json.id}/refuse`, { version: a.json.version });
  assert.equal(noReason.status, 422, noReason.text);
  const refused = await s.gm.post(`/api/v1/applications/${a.json.id}/refuse`,
    { version: a.json.version, reason: '台数不足' });
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.json.state, 'refused');
  const again = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: refused.json.version });
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.code, 'invalid_state');
});

test('R-DEV-3: lending a device that is already lent is 409 invalid_state', async () => {
  const x = await lentLoan();
  const other = await approvedApplication();
  const r = await s.gm.post('/api/v1/loans', { application_id: other.id, device_id: x.device.id });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'invalid_state');
  assert.equal((await s.gm.get(`/api/v1/applications/${other.id}`)).json.state, 'approved');
});

test('R-DEV-3: two concurrent lend requests for one device: exactly one 201', async () => {
  const d = await newDevice();
  const a1 = await approvedApplication();
  const a2 = await approvedApplication();
  const rs = await Promise.all([
    s.gm.post('/api/v1/loans', { application_id: a1.id, device_id: d.id }),
    s.gm.post('/api/v1/loans', { application_id: a2.id, device_id: d.id }),
  ]);
  const codes = rs.map((r) => r.status).sort();
  assert.deepEqual(codes, [201, 409], rs.map((r) => r.text).join(' | '));
  const loans = (await s.gm.get('/api/v1/loans?open=true')).json.loans.filter((l) => l.device_id === d.id);
  assert.equal(loans.length, 1);
});

test('R-DEV-4, R-DEV-6: a take-out before receipt and training is 422 rule_violation, saying receipt is not confirmed', async () => {
  const x = await lentLoan();
  const r = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: x.loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '熊本市内', reason: '説明会',
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'rule_violation');
  // the specific reason, not the general "not on loan"
  assert.equal(r.json.error.message, '端末の受領が確認されていないため使用できません');
  assert.equal(r.json.error.field, 'loan_id');
  // the web form gives the same message
  const { cookie } = await webLogin(srv, 'kita-comm');
  const form = await page(srv, `/loans/${x.loan.id}/takeouts/new`, cookie);
  assert.equal(form.status, 200, form.text);
  const local = (h) => new Date(Date.now() + (9 + h) * 3600e3).toISOString().slice(0, 16);
  const web = await fetch(`${srv.url}/loans/${x.loan.id}/takeouts`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      csrf: csrfField(form.text), out_at: local(1), expected_back: local(2),
      destination: '熊本市内', reason: '説明会',
    }).toString(),
  });
  const text = await web.text();
  assert.equal(web.status, 422, text);
  assert.match(text, /端末の受領が確認されていないため使用できません/);
  const list = await s['kita-comm'].get('/api/v1/takeouts');
  assert.ok(!list.json.takeouts.some((t) => t.loan_id === x.loan.id));
});

test('R-DEV-7: expected back before out is 422; a refusal needs a reason', async () => {
  const x = await receivedLoan();
  const bad = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: x.loan.id, out_at: hoursFromNow(3), expected_back: hoursFromNow(1),
    destination: '熊本市内', reason: '説明会',
  });
  assert.equal(bad.status, 422, bad.text);
  const t = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: x.loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '熊本市内', reason: '説明会',
  });
  assert.equal(t.status, 201, t.text);
  const noReason = await s['kita-assistant'].post(`/api/v1/takeouts/${t.json.id}/refuse`, { version: t.json.version });
  assert.equal(noReason.status, 422, noReason.text);
  const refused = await s['kita-assistant'].post(`/api/v1/takeouts/${t.json.id}/refuse`,
    { version: t.json.version, reason: '必要性が認められない' });
  assert.equal(refused.status, 200, refused.text);
  assert.equal(refused.json.state, 'refused');
});

test('R-DEV-9: an incomplete return checklist is 422 and changes nothing', async () => {
  // Format changed with the register-built checklist: accounts are
  // confirmed by service_id; see return_checklist.test.mjs for the rest.
  const x = await receivedLoan();
  const sns = await accountInForce(x.loan, '@kita_incomplete');
  const loan = (await s.gm.get(`/api/v1/loans/${x.loan.id}`)).json;
  const notDeleted = completeChecklist(loan.version, [sns.id]);
  notDeleted.accounts[0].deleted = false;
  const r1 = await s['kita-manager'].post(`/api/v1/loans/${x.loan.id}/return`, notDeleted);
  assert.equal(r1.status, 422, r1.text);
  assert.equal(r1.json.error.field, 'accounts');
  assert.match(r1.json.error.message, /@kita_incomplete/);
  const r2 = await s['kita-manager'].post(`/api/v1/loans/${x.loan.id}/return`,
    { ...completeChecklist(loan.version, [sns.id]), device_restored: false });
  assert.equal(r2.status, 422, r2.text);
  assert.equal(r2.json.error.field, 'device_restored');
  const r3 = await s['kita-manager'].post(`/api/v1/loans/${x.loan.id}/return`,
    { ...completeChecklist(loan.version), accounts: [{ service_id: sns.id, deleted: true, account: '' }] });
  assert.equal(r3.status, 400, r3.text);
  const now = (await s.gm.get(`/api/v1/loans/${x.loan.id}`)).json;
  assert.equal(now.state, 'received');
  assert.equal(now.version, loan.version);
});

test('R-DEV-9: an anomaly is closed with its description; the device can go out of service', async () => {
  const x = await receivedLoan();
  const ret = await s['kita-manager'].post(`/api/v1/loans/${x.loan.id}/return`, completeChecklist(x.loan.version));
  assert.equal(ret.status, 200, ret.text);
  const noText = await s.gm.post(`/api/v1/loans/${x.loan.id}/close`, { version: ret.json.version, anomaly: true });
  assert.equal(noText.status, 422, noText.text);
  const closed = await s.gm.post(`/api/v1/loans/${x.loan.id}/close`,
    { version: ret.json.version, anomaly: true, description: '画面割れ', out_of_service: true });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.anomaly, true);
  assert.equal((await s.gm.get(`/api/v1/devices/${x.device.id}`)).json.state, 'out_of_service');
});

test('R-DEV-5: a MINAMI user cannot read or touch a KITA loan (403), nor see it listed', async () => {
  const x = await receivedLoan();
  const id = x.loan.id;
  assert.equal((await s['minami-manager'].get(`/api/v1/loans/${id}`)).status, 403);
  assert.equal((await s['minami-manager'].post(`/api/v1/loans/${id}/return`,
    completeChecklist(x.loan.version))).status, 403);
  assert.equal((await s['minami-assistant'].post(`/api/v1/loans/${id}/checks`,
    { checked_on: today(), in_cabinet: true })).status, 403);
  assert.equal((await s['minami-assistant'].get(`/api/v1/loans/${id}/checks`)).status, 403);
  assert.equal((await s['minami-manager'].post('/api/v1/applications', {
    ...applicationBody(), kind: 'extension', loan_id: id, start: undefined,
    due: addMonths(x.loan.due, 1) })).status, 403);
  assert.equal((await s['minami-manager'].get(`/api/v1/devices/${x.device.id}`)).status, 403);
  const list = await s['minami-manager'].get('/api/v1/loans');
  assert.equal(list.status, 200);
  assert.ok(!list.json.loans.some((l) => l.id === id));
  const apps = await s['minami-manager'].get('/api/v1/applications');
  assert.ok(!apps.json.applications.some((a) => a.id === x.application.id));
  assert.equal((await s.gm.get(`/api/v1/loans/${id}`)).json.version, x.loan.version);
});

test('R-DEV-2..9: each step refuses the wrong role (403)', async () => {
  const body = applicationBody();
  assert.equal((await s['kita-assistant'].post('/api/v1/applications', body)).status, 403);
  assert.equal((await s['kita-manager'].post('/api/v1/devices', { model: 'X', serial: 'NOPE-1' })).status, 403);
  const a = await s['kita-manager'].post('/api/v1/applications', body);
  assert.equal((await s['kita-manager'].post(`/api/v1/applications/${a.json.id}/approve`,
    { version: a.json.version })).status, 403);
  assert.equal((await s.gm.post(`/api/v1/applications/${a.json.id}/withdraw`,
    { version: a.json.version })).status, 403);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  const d = await newDevice();
  assert.equal((await s['kita-manager'].post('/api/v1/loans',
    { application_id: a.json.id, device_id: d.id })).status, 403);
  const l = (await s.gm.post('/api/v1/loans', { application_id: ok.json.id, device_id: d.id })).json;
  const training = { version: l.version, trained_on: today(), trainer: '井上 直樹', topics: '端末管理' };
  assert.equal((await s['kita-manager'].post(`/api/v1/loans/${l.id}/receive`, training)).status, 403);
  assert.equal((await s.gm.post(`/api/v1/loans/${l.id}/receive`, training)).status, 403);
  const rec = (await s['kita-officer'].post(`/api/v1/loans/${l.id}/receive`, training)).json;
  assert.equal((await s['kita-officer'].post(`/api/v1/loans/${l.id}/checks`,
    { checked_on: today(), in_cabinet: true })).status, 403);
  const toBody = { loan_id: l.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(2),
    destination: '市内', reason: '説明会' };
  assert.equal((await s['kita-assistant'].post('/api/v1/takeouts', toBody)).status, 403);
  const t = (await s['kita-comm'].post('/api/v1/takeouts', toBody)).json;
  assert.equal((await s['kita-comm'].post(`/api/v1/takeouts/${t.id}/permit`, { version: t.version })).status, 403);
  const p = (await s['kita-assistant'].post(`/api/v1/takeouts/${t.id}/permit`, { version: t.version })).json;
  assert.equal((await s['kita-assistant'].post(`/api/v1/takeouts/${t.id}/report`,
    { version: p.version, no_loss_or_damage: true, results: '実施' })).status, 403);
  assert.equal((await s['kita-officer'].post(`/api/v1/loans/${l.id}/return`,
    completeChecklist(rec.version))).status, 403);
  const ret = (await s['kita-manager'].post(`/api/v1/loans/${l.id}/return`, completeChecklist(rec.version))).json;
  assert.equal((await s['kita-manager'].post(`/api/v1/loans/${l.id}/close`,
    { version: ret.version, anomaly: false })).status, 403);
});

test('a stale version is 409 conflict and changes nothing', async () => {
  const x = await lentLoan();
  const body = { version: x.loan.version + 5, trained_on: today(), trainer: '井上 直樹', topics: '端末管理' };
  const r = await s['kita-officer'].post(`/api/v1/loans/${x.loan.id}/receive`, body);
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'conflict');
  const now = (await s.gm.get(`/api/v1/loans/${x.loan.id}`)).json;
  assert.equal(now.state, 'lent');
  assert.equal(now.received_at, null);
});

test('strict input: an unknown field is 400; a wrong type and a bad date are 422', async () => {
  const unknown = await s['kita-manager'].post('/api/v1/applications', { ...applicationBody(), colour: 'red' });
  assert.equal(unknown.status, 400, unknown.text);
  assert.equal(unknown.json.error.field, 'colour');
  // a field of the record with a wrong JSON type is a fault of that field
  // (422 with a message), as for devices and breach reports
  const wrongType = await s['kita-manager'].post('/api/v1/applications', { ...applicationBody(), due: 20260101 });
  assert.equal(wrongType.status, 422, wrongType.text);
  assert.equal(wrongType.json.error.field, 'due');
  assert.equal(wrongType.json.error.message, '形式が正しくありません');
  const badDate = await s['kita-manager'].post('/api/v1/applications', { ...applicationBody(), due: '2026-02-30' });
  assert.equal(badDate.status, 422, badDate.text);
  assert.equal(badDate.json.error.field, 'due');
  const badSerial = await s.gm.post('/api/v1/devices', { model: 'X', serial: 'has space' });
  assert.equal(badSerial.status, 422, badSerial.text);
  assert.equal(badSerial.json.error.field, 'serial');
});

test('R-DEV-1: a device on loan cannot be retired (409); one in stock can, with a reason', async () => {
  const x = await lentLoan();
  const r = await s.gm.post(`/api/v1/devices/${x.device.id}/retire`, { version: x.device.version + 1, reason: '故障' });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.code, 'invalid_state');
  const d = await newDevice();
  const ok = await s.gm.post(`/api/v1/devices/${d.id}/retire`, { version: d.version, reason: '故障' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'out_of_service');
  const back = await s.gm.post(`/api/v1/devices/${d.id}/reinstate`, { version: ok.json.version, reason: '修理済み' });
  assert.equal(back.status, 200, back.text);
  assert.equal(back.json.state, 'in_stock');
  const dup = await s.gm.post('/api/v1/devices', { model: 'X', serial: d.serial });
  assert.equal(dup.status, 409, dup.text);
});
