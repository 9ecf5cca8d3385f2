// records.test.mjs - one description per record (issue 8): the web form,
// the JSON API and CSV import read a record through the same descriptor
// (src/core/records.c), so the same bad field gets the same answer on
// every front end, limits count characters (not bytes), and what the
// server sets is never taken from the client.  Devices and breach
// reports; the lending records (applications and extensions with their
// decisions, the lend request, the receipt's training, location checks,
// take-outs with their decisions and reports) with the rules of their
// descriptors (consultation first, period, dates, R-DEV-7's report).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page, cli,
} from '../lib/server.mjs';

let srv;
const s = {};
const web = {};

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm']) {
    s[who] = as(srv, await login(srv, who));
    web[who] = (await webLogin(srv, who)).cookie;
  }
});
after(async () => { await srv.stop(); });

/* Posts a web form as who from the page at formPath: {status, text}. */
async function webPost(who, formPath, action, fields) {
  const form = await page(srv, formPath, web[who]);
  assert.equal(form.status, 200, form.text);
  const body = new URLSearchParams({ csrf: csrfField(form.text), ...fields });
  const r = await fetch(srv.url + action, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web[who], 'Content-Type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

/* The message the web page shows for field (its error element). */
function webFieldMessage(html, field) {
  const m = new RegExp(`id="f-${field}-error"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1].replace(/^エラー：/, '').trim() : null;
}

/* The message of field in the page's error summary (checkboxes have no error element). */
function webSummaryMessage(html, field) {
  const m = new RegExp(`href="#f-${field}">[^<]*?：([^<]*)<`).exec(html);
  return m ? m[1].trim() : null;
}

/*
 * The same bad body posted to the API (as who) and to the web form at
 * webAction (its csrf from the page formPath): both answer 422 with the
 * same message for field.  Values go to the web form as text.
 */
async function sameAnswer(who, apiPath, formPath, webAction, body, field, message) {
  const a = await s[who].post(apiPath, body);
  assert.equal(a.status, 422, `API ${field}: ${a.text}`);
  assert.equal(a.json.error.field, field, a.text);
  assert.equal(a.json.error.message, message, `API ${field}`);
  const fields = {};
  for (const [k, v] of Object.entries(body)) if (v !== false && v !== null) fields[k] = String(v);
  const w = await webPost(who, formPath, webAction, fields);
  assert.equal(w.status, 422, `web ${field}: ${w.text.slice(0, 200)}`);
  assert.equal(webFieldMessage(w.text, field) ?? webSummaryMessage(w.text, field), message,
    `web ${field}`);
}

const serial = () => `SN-R-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
const devices = async () => (await s.gm.get('/api/v1/devices')).json.devices;

test('R-DEV-1: a bad device field gets the same message on the web and the API, and nothing is stored', async () => {
  const cases = [
    [{ model: 'あ'.repeat(65) }, 'model', '入力できる文字数を超えています'],
    [{ model: ' ' }, 'model', '入力してください'],
    [{ serial: 'SN 1' }, 'serial', '製造番号は半角英数字とハイフンで入力してください'],
    [{ phone: '090-ABC' }, 'phone', '電話番号は半角数字とハイフンで入力してください'],
    [{ model: '改行\nあり' }, 'model', '改行は入力できません'],
  ];
  const before = (await devices()).length;
  for (const [bad, field, message] of cases) {
    const body = { model: 'AQUOS sense8', serial: serial(), phone: '090-0000-0000', ...bad };
    const a = await s.gm.post('/api/v1/devices', body);
    assert.equal(a.status, 422, a.text);
    assert.equal(a.json.error.field, field);
    assert.equal(a.json.error.message, message);
    assert.ok(a.json.error.fields.some((f) => f.field === field && f.label));
    const w = await webPost('gm', '/devices/new', '/devices', body);
    assert.equal(w.status, 422, w.text);
    assert.equal(webFieldMessage(w.text, field), message, `web ${field}`);
  }
  assert.equal((await devices()).length, before);
});

test('R-DEV-1: limits count characters: 64 four-byte characters are a valid model on both', async () => {
  const model = '𠮷'.repeat(64);
  const a = await s.gm.post('/api/v1/devices', { model, serial: serial() });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.model, model);
  const w = await webPost('gm', '/devices/new', '/devices', { model, serial: serial() });
  assert.equal(w.status, 303, w.text);
});

test('R-DEV-1: the phone number is optional on the web as in the API and import', async () => {
  const w = await webPost('gm', '/devices/new', '/devices', { model: 'iPhone SE', serial: serial() });
  assert.equal(w.status, 303, w.text);
  const a = await s.gm.post('/api/v1/devices', { model: 'iPhone SE', serial: serial() });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.phone, '');
});

test('R-DEV-1: what the server sets is not taken from the client', async () => {
  const a = await s.gm.post('/api/v1/devices', { model: 'AQUOS', serial: serial(), state: 'lent' });
  assert.equal(a.status, 400, a.text); // not a field of the request
  const w = await webPost('gm', '/devices/new', '/devices',
    { model: 'AQUOS', serial: serial(), state: 'lent' });
  assert.equal(w.status, 400, w.text);
});

test('R-DEV-1: a wrong JSON type is refused with a message, not taken as text', async () => {
  const a = await s.gm.post('/api/v1/devices', { model: 12, serial: serial() });
  assert.equal(a.status, 422, a.text);
  assert.equal(a.json.error.field, 'model');
  assert.equal(a.json.error.message, '形式が正しくありません');
});

test('R-DEV-1: CSV import answers a too-long model as the form does', async () => {
  const csv = `model,serial\n${'あ'.repeat(65)},${serial()}\n`;
  const r = await s.gm.post('/api/v1/devices/import', { csv, dry_run: true });
  assert.ok(r.status === 200 || r.status === 422, r.text);
  const faults = r.json.errors || [];
  assert.ok(faults.some((f) => f.field === 'model' && f.message === '入力できる文字数を超えています'),
    r.text);
});

test('R-CMP-6: a bad breach report gets the same messages on the web and the API', async () => {
  const good = { rule: 'functions', occurred_at: '2026-04-01T09:00', who: '山田 太郎', what: 'カメラを使用した' };
  const cases = [
    [{ rule: 'speeding' }, 'rule', '選択肢から選んでください'],
    [{ rule: '' }, 'rule', '選んでください'],
    [{ what: '' }, 'what', '入力してください'],
    [{ who: 'あ'.repeat(65) }, 'who', '入力できる文字数を超えています'],
    [{ occurred_at: '2026/04/01 9:00' }, 'occurred_at', '日時を「2026-04-01T09:00」の形で入力してください'],
  ];
  const before = (await s.gm.get('/api/v1/breaches')).json.breaches.length;
  for (const [bad, field, message] of cases) {
    const body = { ...good, ...bad };
    const a = await s['kita-assistant'].post('/api/v1/breaches', body);
    assert.equal(a.status, 422, a.text);
    assert.equal(a.json.error.field, field);
    assert.equal(a.json.error.message, message);
    const w = await webPost('kita-assistant', '/breaches/new', '/breaches', body);
    assert.equal(w.status, 422, w.text);
    assert.equal(webFieldMessage(w.text, field), message, `web ${field}`);
  }
  // a 1,000-character report in Japanese (3,000 bytes) fits the 1,000-character limit
  const long = await s['kita-assistant'].post('/api/v1/breaches', { ...good, what: '違'.repeat(1000) });
  assert.equal(long.status, 201, long.text);
  assert.equal((await s.gm.get('/api/v1/breaches')).json.breaches.length, before + 1);
});

// ---- the lending records (R-DEV-2..8): applications, loans, checks, take-outs ----

// The Asia/Tokyo civil date n days from today, as the server counts days.
const isoDay = (n = 0) => new Date(Date.now() + 9 * 3600e3 + n * 86400e3).toISOString().slice(0, 10);
// A datetime-local value (Asia/Tokyo) h hours from now, as both front ends take it.
const localHours = (h) => new Date(Date.now() + (9 + h) * 3600e3).toISOString().slice(0, 16);

const applicationBody = (extra = {}) => ({
  consulted_on: isoDay(0), consulted_with: '松本 正義', consultation: '1台の借用で合意',
  start: isoDay(0), due: isoDay(180), purpose: 'サイバーパトロール', ...extra,
});
const applications = async () => (await s.gm.get('/api/v1/applications')).json.applications;

/*
 * Posts the same bad body to the API and the web form, and expects the
 * same 422 and the same message for field (webField: its input's name on
 * the page, when the page has two forms that share a key).
 */
async function sameRefusal({ who, api: apiPath, form, action, body, field, message, webField, webBody }) {
  const a = await s[who].post(apiPath, body);
  assert.equal(a.status, 422, `${field}: ${a.text}`);
  assert.equal(a.json.error.field, field);
  assert.equal(a.json.error.message, message);
  const w = await webPost(who, form, action, webBody || body);
  assert.equal(w.status, 422, `web ${field}: ${w.text.slice(0, 300)}`);
  assert.equal(webFieldMessage(w.text, webField || field), message, `web ${field}`);
  return { a, w };
}

/* The form's body: every value as text, absent ones left out. */
const formOf = (body) => Object.fromEntries(Object.entries(body)
  .filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, String(v)]));

test('R-DEV-2: a bad borrowing application gets the same answer on the web and the API, and nothing is stored', async () => {
  const cases = [
    [{ consulted_with: 'あ'.repeat(65) }, 'consulted_with', '入力できる文字数を超えています'],
    [{ purpose: '目'.repeat(501) }, 'purpose', '入力できる文字数を超えています'],
    [{ consultation: '' }, 'consultation', '入力してください'],
    [{ start: '' }, 'start', '入力してください'],
    [{ due: '2026-02-30' }, 'due', '日付を「2026-04-01」の形で入力してください'],
    [{ consulted_on: isoDay(1) }, 'consulted_on', '統括運用管理者との協議は申請日以前に行ってください'],
    [{ due: isoDay(-1) }, 'due', '返却期限は借用開始日以降の日付を入力してください'],
  ];
  const before = (await applications()).length;
  for (const [bad, field, message] of cases) {
    const body = applicationBody(bad);
    await sameRefusal({ who: 'kita-manager', api: '/api/v1/applications', form: '/applications/new',
      action: '/applications', body, field, message, webBody: formOf(body) });
  }
  assert.equal((await applications()).length, before);
  // 64 four-byte characters are a valid name on both (limits count characters)
  const name = '𠮷'.repeat(64);
  const a = await s['kita-manager'].post('/api/v1/applications', applicationBody({ consulted_with: name }));
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.consulted_with, name);
  assert.equal(a.json.kind_label, '新規');
  const w = await webPost('kita-manager', '/applications/new', '/applications', applicationBody({ consulted_with: name }));
  assert.equal(w.status, 303, w.text);
});

test('R-DEV-2: the server sets what the application is about; a new one takes no loan', async () => {
  const state = await s['kita-manager'].post('/api/v1/applications', applicationBody({ state: 'approved' }));
  assert.equal(state.status, 400, state.text); // not a field of the request
  const webState = await webPost('kita-manager', '/applications/new', '/applications',
    { ...applicationBody(), state: 'approved' });
  assert.equal(webState.status, 400, webState.text);
  const loan = await s['kita-manager'].post('/api/v1/applications', applicationBody({ loan_id: 1 }));
  assert.equal(loan.status, 422, loan.text);
  assert.equal(loan.json.error.field, 'loan_id');
});

/* A new application approved by the general manager (R-DEV-2). */
async function approvedApplication() {
  const a = await s['kita-manager'].post('/api/v1/applications', applicationBody());
  assert.equal(a.status, 201, a.text);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(ok.status, 200, ok.text);
  return ok.json;
}

let serialNo = 0;
async function newDevice() {
  serialNo += 1;
  const r = await s.gm.post('/api/v1/devices', { model: 'AQUOS sense8', serial: `SN-L-${serialNo}-${Date.now()}` });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

/* A device lent on an approved application (R-DEV-3). */
async function lentLoan() {
  const d = await newDevice();
  const a = await approvedApplication();
  const l = await s.gm.post('/api/v1/loans', { application_id: a.id, device_id: d.id });
  assert.equal(l.status, 201, l.text);
  return l.json;
}

test('R-DEV-2: approving over one year without a reason, and refusing without one, answer alike on the web and the API', async () => {
  const a = await s['kita-manager'].post('/api/v1/applications', applicationBody({ due: isoDay(400) }));
  assert.equal(a.status, 201, a.text); // over the limit is the general manager's to allow
  const overYear = '借用期間が原則の上限を超えています。超える場合は例外とする理由を記録してください';
  const { a: api } = await sameRefusal({ who: 'gm', api: `/api/v1/applications/${a.json.id}/approve`,
    form: `/applications/${a.json.id}`, action: `/applications/${a.json.id}/approve`,
    body: { version: a.json.version }, webBody: { version: String(a.json.version), reason: '', exception_reason: '' },
    field: 'exception_reason', message: overYear });
  assert.equal(api.json.error.code, 'rule_violation');
  // the refusal's reason is its own input on the page beside the approval's
  await sameRefusal({ who: 'gm', api: `/api/v1/applications/${a.json.id}/refuse`,
    form: `/applications/${a.json.id}`, action: `/applications/${a.json.id}/refuse`,
    body: { version: a.json.version, reason: '　' }, webBody: { version: String(a.json.version), refuse_reason: '　' },
    field: 'reason', webField: 'refuse_reason', message: '不承認の理由を入力してください' });
  await sameRefusal({ who: 'gm', api: `/api/v1/applications/${a.json.id}/refuse`,
    form: `/applications/${a.json.id}`, action: `/applications/${a.json.id}/refuse`,
    body: { version: a.json.version, reason: '理'.repeat(501) },
    webBody: { version: String(a.json.version), refuse_reason: '理'.repeat(501) },
    field: 'reason', webField: 'refuse_reason', message: '入力できる文字数を超えています' });
  // only an approval records a reason for a period over the limit
  const refusedWith = await s.gm.post(`/api/v1/applications/${a.json.id}/refuse`,
    { version: a.json.version, reason: '台数不足', exception_reason: '長期の事案' });
  assert.equal(refusedWith.status, 422, refusedWith.text);
  assert.equal(refusedWith.json.error.field, 'exception_reason');
  const now = (await s.gm.get(`/api/v1/applications/${a.json.id}`)).json;
  assert.equal(now.state, 'submitted');
  assert.equal(now.version, a.json.version);
  const ok = await webPost('gm', `/applications/${a.json.id}`, `/applications/${a.json.id}/approve`,
    { version: String(a.json.version), exception_reason: '長期の継続事案のため' });
  assert.equal(ok.status, 303, ok.text);
  const approved = (await s.gm.get(`/api/v1/applications/${a.json.id}`)).json;
  assert.equal(approved.state, 'approved');
  assert.equal(approved.exception_reason, '長期の継続事案のため');
});

test('R-DEV-8: a bad extension gets the same answer on the web and the API; its start and device are the loan\'s', async () => {
  const loan = await lentLoan();
  const body = (extra = {}) => ({
    consulted_on: isoDay(0), consulted_with: '松本 正義', consultation: '3か月延長で合意',
    due: isoDay(270), purpose: '継続捜査', ...extra,
  });
  const cases = [
    [{ purpose: '' }, 'purpose', '入力してください'],
    [{ consulted_with: '名'.repeat(65) }, 'consulted_with', '入力できる文字数を超えています'],
    [{ due: '2026/12/01' }, 'due', '日付を「2026-04-01」の形で入力してください'],
    [{ due: loan.due }, 'due', '延長後の返却期限は現在の返却期限より後の日付を入力してください'],
  ];
  const before = (await applications()).length;
  for (const [bad, field, message] of cases) {
    await sameRefusal({ who: 'kita-manager', api: '/api/v1/applications', form: `/loans/${loan.id}/extend`,
      action: `/loans/${loan.id}/extend`, body: { kind: 'extension', loan_id: loan.id, ...body(bad) },
      webBody: body(bad), field, message });
  }
  for (const key of ['start', 'device_id']) {
    const r = await s['kita-manager'].post('/api/v1/applications',
      { kind: 'extension', loan_id: loan.id, ...body(), [key]: key === 'start' ? isoDay(0) : loan.device_id });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.error.field, key);
  }
  const web = await webPost('kita-manager', `/loans/${loan.id}/extend`, `/loans/${loan.id}/extend`,
    { ...body(), start: isoDay(0) });
  // refused as the API refuses it: the loan fixes the start (R-DEV-8)
  assert.equal(web.status, 422, web.text);
  assert.match(web.text, /延長の申請では開始日を指定できません/);
  assert.equal((await applications()).length, before);
  const ok = await s['kita-manager'].post('/api/v1/applications', { kind: 'extension', loan_id: loan.id, ...body() });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.start, loan.due);
  assert.equal(ok.json.kind_label, '延長');
});

test('R-DEV-3: a lend request without a good device answers alike on the web and the API; nothing is lent', async () => {
  const a = await approvedApplication();
  for (const [device, message] of [[undefined, '選んでください'], [0, '番号が正しくありません']]) {
    const body = { application_id: a.id, device_id: device };
    const webBody = device === undefined ? {} : { device_id: String(device) };
    await sameRefusal({ who: 'gm', api: '/api/v1/loans', form: `/applications/${a.id}/lend`,
      action: `/applications/${a.id}/lend`, body, webBody, field: 'device_id', message });
  }
  const now = (await s.gm.get(`/api/v1/applications/${a.id}`)).json;
  assert.equal(now.state, 'approved');
  assert.ok(!(await s.gm.get('/api/v1/loans')).json.loans.some((l) => l.application_id === a.id));
  const d = await newDevice();
  const w = await webPost('gm', `/applications/${a.id}/lend`, `/applications/${a.id}/lend`, { device_id: String(d.id) });
  assert.equal(w.status, 303, w.text);
  const loan = (await s.gm.get('/api/v1/loans')).json.loans.find((l) => l.application_id === a.id);
  assert.equal(loan.device_id, d.id);
  assert.equal(loan.state_label, '貸出中（受領待ち）');
  assert.equal(loan.training, null);
});

test('R-DEV-4: bad training fields of a receipt answer alike on the web and the API; the loan stays lent', async () => {
  const loan = await lentLoan();
  const good = { trained_on: isoDay(0), trainer: '井上 直樹', topics: '端末管理と保護的交信' };
  const cases = [
    [{ trainer: '井'.repeat(65) }, 'trainer', '入力できる文字数を超えています'],
    [{ topics: '' }, 'topics', '入力してください'],
    [{ trained_on: '2026-13-01' }, 'trained_on', '日付を「2026-04-01」の形で入力してください'],
    [{ trained_on: isoDay(1) }, 'trained_on', '研修日に未来の日付は指定できません'],
  ];
  for (const [bad, field, message] of cases) {
    const body = { version: loan.version, ...good, ...bad };
    await sameRefusal({ who: 'kita-officer', api: `/api/v1/loans/${loan.id}/receive`, form: `/loans/${loan.id}`,
      action: `/loans/${loan.id}/receive`, body, webBody: formOf(body), field, message });
  }
  const now = (await s.gm.get(`/api/v1/loans/${loan.id}`)).json;
  assert.equal(now.state, 'lent');
  assert.equal(now.version, loan.version);
  const ok = await s['kita-officer'].post(`/api/v1/loans/${loan.id}/receive`, { version: loan.version, ...good });
  assert.equal(ok.status, 200, ok.text);
  assert.deepEqual(ok.json.training, good);
});

/* A loan received with its training (R-DEV-4): its device may go out. */
async function receivedLoan() {
  const loan = await lentLoan();
  const r = await s['kita-officer'].post(`/api/v1/loans/${loan.id}/receive`,
    { version: loan.version, trained_on: isoDay(0), trainer: '井上 直樹', topics: '端末管理' });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
const takeouts = async () => (await s.gm.get('/api/v1/takeouts')).json.takeouts;

test('R-DEV-7: a bad take-out request gets the same answer on the web and the API, and nothing is stored', async () => {
  const loan = await receivedLoan();
  const good = { out_at: localHours(1), expected_back: localHours(3), destination: '熊本市内', reason: '説明会' };
  const cases = [
    [{ destination: '熊'.repeat(65) }, 'destination', '入力できる文字数を超えています'],
    [{ reason: '' }, 'reason', '入力してください'],
    [{ out_at: '2026/04/01 09:00' }, 'out_at', '日時を「2026-04-01T09:00」の形で入力してください'],
    [{ expected_back: localHours(0) }, 'expected_back', '返納予定日時は持出し日時より後にしてください'],
  ];
  const before = (await takeouts()).length;
  for (const [bad, field, message] of cases) {
    const body = { ...good, ...bad };
    await sameRefusal({ who: 'kita-comm', api: '/api/v1/takeouts', form: `/loans/${loan.id}/takeouts/new`,
      action: `/loans/${loan.id}/takeouts`, body: { loan_id: loan.id, ...body }, webBody: body, field, message });
  }
  assert.equal((await takeouts()).length, before);
  // a datetime-local value without a zone is Asia/Tokyo time on both
  const a = await s['kita-comm'].post('/api/v1/takeouts', { loan_id: loan.id, ...good });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.out_at, new Date(`${good.out_at}:00+09:00`).toISOString().replace(/\.000Z$/, 'Z'));
  assert.equal(a.json.no_loss_or_damage, null);
  assert.equal(a.json.state_label, '申請中');
  const w = await webPost('kita-comm', `/loans/${loan.id}/takeouts/new`, `/loans/${loan.id}/takeouts`, good);
  assert.equal(w.status, 303, w.text);
});

test('R-DEV-7: a refusal without a reason, and a report without what happened, answer alike on the web and the API', async () => {
  const loan = await receivedLoan();
  const ask = async () => {
    const t = await s['kita-comm'].post('/api/v1/takeouts', { loan_id: loan.id, out_at: localHours(1),
      expected_back: localHours(3), destination: '熊本市内', reason: '説明会' });
    assert.equal(t.status, 201, t.text);
    return t.json;
  };
  const t = await ask();
  for (const [reason, message] of [['　', '不許可の理由を入力してください'], ['理'.repeat(501), '入力できる文字数を超えています']]) {
    await sameRefusal({ who: 'kita-assistant', api: `/api/v1/takeouts/${t.id}/refuse`, form: `/takeouts/${t.id}`,
      action: `/takeouts/${t.id}/refuse`, body: { version: t.version, reason },
      webBody: { version: String(t.version), reason }, field: 'reason', message });
  }
  const still = (await s.gm.get(`/api/v1/takeouts/${t.id}`)).json;
  assert.equal(still.state, 'requested');
  assert.equal(still.version, t.version);
  const permit = await s['kita-assistant'].post(`/api/v1/takeouts/${t.id}/permit`, { version: t.version });
  assert.equal(permit.status, 200, permit.text);
  const v = permit.json.version;
  const cases = [
    // something was lost or damaged (the box unticked), and not said what (R-DEV-7)
    [{ no_loss_or_damage: false, results: '実施' }, {}, 'incident', '紛失・破損等の状況を入力してください'],
    [{ no_loss_or_damage: true, results: '' }, { no_loss_or_damage: '1' }, 'results', '実施結果を入力してください'],
    [{ no_loss_or_damage: true, results: '結'.repeat(501) }, { no_loss_or_damage: '1' }, 'results', '入力できる文字数を超えています'],
  ];
  for (const [body, webExtra, field, message] of cases) {
    await sameRefusal({ who: 'kita-comm', api: `/api/v1/takeouts/${t.id}/report`, form: `/takeouts/${t.id}`,
      action: `/takeouts/${t.id}/report`, body: { version: v, ...body },
      webBody: { version: String(v), results: body.results, ...webExtra }, field, message });
  }
  const out = (await s.gm.get(`/api/v1/takeouts/${t.id}`)).json;
  assert.equal(out.state, 'permitted');
  assert.equal(out.no_loss_or_damage, null);
  const w = await webPost('kita-comm', `/takeouts/${t.id}`, `/takeouts/${t.id}/report`,
    { version: String(v), incident: '画面にひび', results: '予定どおり実施' });
  assert.equal(w.status, 303, w.text);
  const back = (await s.gm.get(`/api/v1/takeouts/${t.id}`)).json;
  assert.equal(back.state, 'returned');
  assert.equal(back.no_loss_or_damage, false);
  assert.equal(back.incident, '画面にひび');
});

test('R-DEV-5: a bad monthly location check gets the same answer on the web and the API, and nothing is recorded', async () => {
  const loan = await receivedLoan();
  const checks = async () => (await s.gm.get(`/api/v1/loans/${loan.id}/checks`)).json.checks;
  const cases = [
    [{ remarks: '備'.repeat(501) }, 'remarks', '入力できる文字数を超えています'],
    [{ checked_on: '' }, 'checked_on', '入力してください'],
    [{ checked_on: '2026-04-31' }, 'checked_on', '日付を「2026-04-01」の形で入力してください'],
    [{ checked_on: isoDay(1) }, 'checked_on', '確認日に未来の日付は入力できません'],
    [{ checked_on: '2020-01-06' }, 'checked_on', '確認日は貸出日以降の日付を入力してください'],
  ];
  for (const [bad, field, message] of cases) {
    const body = { checked_on: isoDay(0), in_cabinet: true, remarks: '保管庫内', ...bad };
    await sameRefusal({ who: 'kita-assistant', api: `/api/v1/loans/${loan.id}/checks`, form: `/loans/${loan.id}`,
      action: `/loans/${loan.id}/checks`, body, webBody: { ...formOf(body), in_cabinet: '1' }, field, message });
  }
  assert.deepEqual(await checks(), []);
  // an unticked box is a device found outside its cabinet, on both
  const w = await webPost('kita-assistant', `/loans/${loan.id}`, `/loans/${loan.id}/checks`,
    { checked_on: isoDay(0), remarks: '机上にあった' });
  assert.equal(w.status, 303, w.text);
  const a = await s['kita-assistant'].post(`/api/v1/loans/${loan.id}/checks`, { checked_on: isoDay(0) });
  assert.equal(a.status, 201, a.text);
  const got = await checks();
  assert.equal(got.length, 2);
  assert.ok(got.every((c) => c.in_cabinet === false && c.loan_id === loan.id), JSON.stringify(got));
});

/* ---- applications to use an external service (detail form 9) ---- */

const day = (ms) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });

const services = async () => (await s.gm.get('/api/v1/services')).json.services;
const service = async (id) => (await s.gm.get(`/api/v1/services/${id}`)).json;

test('R-SVC-1: a bad application field gets the same message on the web and the API; nothing is stored', async () => {
  const loan = await receivedLoan();
  const good = { device_id: loan.device_id, service: 'X', handle: '@kita_rec', purpose: '広報' };
  const cases = [
    [{ service: 'あ'.repeat(65) }, 'service', '入力できる文字数を超えています'],
    [{ handle: '' }, 'handle', '入力してください'],
    [{ purpose: '目'.repeat(501) }, 'purpose', '入力できる文字数を超えています'],
    [{ device_id: 0 }, 'device_id', '番号が正しくありません'],
  ];
  const before = (await services()).length;
  for (const [bad, field, message] of cases) {
    await sameAnswer('kita-assistant', '/api/v1/services', '/services/new', '/services',
      { ...good, ...bad }, field, message);
  }
  assert.equal((await services()).length, before);
  // 64 four-byte characters are a valid account name on both
  const a = await s['kita-assistant'].post('/api/v1/services', { ...good, handle: '𠮷'.repeat(64) });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.state_label, '申請中');
  assert.equal(a.json.decided_by, null, 'no step taken yet');
});

test('R-SVC-1, R-SVC-2: a step\'s bad body gets the same message on the web and the API; the state is unchanged', async () => {
  const loan = await receivedLoan();
  const applied = await s['kita-assistant'].post('/api/v1/services', {
    device_id: loan.device_id, service: 'LINE', handle: '@kita_step', purpose: '広報',
  });
  assert.equal(applied.status, 201, applied.text);
  const id = applied.json.id;
  const v = () => service(id).then((x) => x.version);
  // the refusal's reason: over its limit, or not given
  await sameAnswer('kita-manager', `/api/v1/services/${id}/refuse`, `/services/${id}`,
    `/services/${id}/refuse`, { version: await v(), reason: '理'.repeat(501) }, 'reason',
    '入力できる文字数を超えています');
  await sameAnswer('kita-manager', `/api/v1/services/${id}/refuse`, `/services/${id}`,
    `/services/${id}/refuse`, { version: await v(), reason: ' ' }, 'reason', '入力してください');
  assert.equal((await service(id)).state, 'applied');
  // on to the information-security manager
  let r = await s['kita-manager'].post(`/api/v1/services/${id}/permit`, { version: await v() });
  assert.equal(r.status, 200, r.text);
  r = await s.gm.post(`/api/v1/services/${id}/forward`, { version: await v() });
  assert.equal(r.status, 200, r.text);
  const measures = { measures: '端末ロック', agreed_with_manager: true,
    agreed_with_general_manager: true };
  await sameAnswer('infosec', `/api/v1/services/${id}/measures`, `/services/${id}`,
    `/services/${id}/measures`, { version: await v(), ...measures, measures: '対'.repeat(1001) },
    'measures', '入力できる文字数を超えています');
  // R-SVC-2: agreed with both, the core's rule on both front ends
  await sameAnswer('infosec', `/api/v1/services/${id}/measures`, `/services/${id}`,
    `/services/${id}/measures`, { version: await v(), ...measures, agreed_with_manager: false },
    'agreed_with_manager', '運用管理者及び統括運用管理者との協議を確認してください');
  const now = await service(id);
  assert.equal(now.state, 'forwarded');
  assert.equal(now.measures, '');
});

/* ---- security exceptions (detail form 12) and screenshots ---- */

const addDays = (iso, n) => {
  const t = new Date(`${iso}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};
const isoIn = (h) => new Date(Date.now() + h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
const exceptions = async () => (await s.gm.get('/api/v1/exceptions')).json.exceptions;
const exception = async (id) => (await s.gm.get(`/api/v1/exceptions/${id}`)).json;

test('R-EXC-1..3: a bad application field gets the same message on the web and the API; nothing is stored', async () => {
  const good = { kind: 'photo_store', scope: '北署の端末', purpose: '証拠保全' };
  const cases = [
    [{ kind: 'selfie' }, 'kind', '選択肢から選んでください'],
    [{ kind: '' }, 'kind', '選んでください'],
    [{ scope: '範'.repeat(501) }, 'scope', '入力できる文字数を超えています'],
    [{ purpose: '' }, 'purpose', '入力してください'],
  ];
  const before = (await exceptions()).length;
  for (const [bad, field, message] of cases) {
    await sameAnswer('gm', '/api/v1/exceptions', '/exceptions/new', '/exceptions',
      { ...good, ...bad }, field, message);
  }
  assert.equal((await exceptions()).length, before);
});

test('R-EXC-1..3: a bad approval or a refusal without its reason gets the same message on both; the state is unchanged', async () => {
  const made = await s.gm.post('/api/v1/exceptions', { kind: 'photo_send', scope: '北署', purpose: '照会' });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  const today = day(Date.now());
  const good = { version: made.json.version, scope: '北署のみ', valid_from: today,
    valid_until: addDays(today, 30) };
  const cases = [
    [{ scope: '' }, 'scope', '入力してください'],
    [{ valid_from: '2026/04/01' }, 'valid_from', '日付を「2026-04-01」の形で入力してください'],
    [{ valid_until: addDays(today, -1) }, 'valid_until', '適用期間の終了日は開始日以後にしてください'],
  ];
  for (const [bad, field, message] of cases) {
    await sameAnswer('infosec', `/api/v1/exceptions/${id}/approve`, `/exceptions/${id}`,
      `/exceptions/${id}/approve`, { ...good, ...bad }, field, message);
  }
  await sameAnswer('infosec', `/api/v1/exceptions/${id}/refuse`, `/exceptions/${id}`,
    `/exceptions/${id}/refuse`, { version: made.json.version, reason: '　' }, 'reason',
    '理由を入力してください');
  await sameAnswer('infosec', `/api/v1/exceptions/${id}/refuse`, `/exceptions/${id}`,
    `/exceptions/${id}/refuse`, { version: made.json.version, reason: '理'.repeat(501) }, 'reason',
    '入力できる文字数を超えています');
  const now = await exception(id);
  assert.equal(now.state, 'applied');
  assert.equal(now.version, made.json.version);
  assert.equal(now.valid_from, null);
  assert.equal(now.kind_label, '加工した顔写真の送信');
});

test('R-EXC-3: a bad screenshot log or disposal note gets the same message on both; nothing is stored', async () => {
  const loan = await receivedLoan();
  const shots = async () => (await s.gm.get('/api/v1/screenshots')).json.screenshots;
  const good = { loan_id: loan.id, case_ref: '令和8年北少第1号', taken_at: isoIn(-1),
    reason: 'SNS投稿の保全' };
  const cases = [
    [{ case_ref: '事'.repeat(65) }, 'case_ref', '入力できる文字数を超えています'],
    [{ reason: '' }, 'reason', '入力してください'],
    [{ taken_at: isoIn(2) }, 'taken_at', 'これから先の日時は記録できません'],
    [{ taken_at: '2026-04-01 09:00' }, 'taken_at', '日時を「2026-04-01T09:00」の形で入力してください'],
    [{ loan_id: 0 }, 'loan_id', '番号が正しくありません'],
  ];
  const before = (await shots()).length;
  for (const [bad, field, message] of cases) {
    await sameAnswer('kita-comm', '/api/v1/screenshots', '/screenshots/new', '/screenshots',
      { ...good, ...bad }, field, message);
  }
  assert.equal((await shots()).length, before);
  // a shot logged under an approved exception, then a disposal note over its limit
  const e = await s.gm.post('/api/v1/exceptions', { kind: 'screenshot', scope: '北署', purpose: '保全' });
  assert.equal(e.status, 201, e.text);
  const today = day(Date.now());
  const ok = await s.infosec.post(`/api/v1/exceptions/${e.json.id}/approve`, {
    version: e.json.version, scope: '北署のみ', valid_from: addDays(today, -1),
    valid_until: addDays(today, 30),
  });
  assert.equal(ok.status, 200, ok.text);
  const shot = await s['kita-comm'].post('/api/v1/screenshots', good);
  assert.equal(shot.status, 201, shot.text);
  assert.equal(shot.json.state_label, '端末内保存中');
  assert.equal(shot.json.overdue, false);
  const id = shot.json.id;
  await sameAnswer('kita-comm', `/api/v1/screenshots/${id}/move`, `/screenshots/${id}`,
    `/screenshots/${id}/move`, { version: shot.json.version, note: '記'.repeat(501) }, 'note',
    '入力できる文字数を超えています');
  assert.equal((await s.gm.get(`/api/v1/screenshots/${id}`)).json.state, 'taken');
});

/* ---- designations, form 1 (R-ROLE-4, R-ROLE-5) ---- */

const register = async () => (await s.gm.get('/api/v1/designation-register')).json.entries;
const userByLogin = async (login) =>
  (await s.admin.get('/api/v1/users')).json.users.find((u) => u.login === login);

test('R-ROLE-4, R-ROLE-5: a bad designation gets the same message on the web and the API; nothing is written', async () => {
  const assistant = await userByLogin('kita-assistant');
  const good = { user_id: assistant.id, role: 'communication_officer', knowledge: '研修修了',
    aptitude: '冷静' };
  const cases = [
    [{ role: 'general_manager' }, 'role', '選択肢から選んでください'],
    [{ user_id: '' }, 'user_id', '選んでください'],
    [{ knowledge: '知'.repeat(501) }, 'knowledge', '入力できる文字数を超えています'],
    // R-ROLE-5: the core's rule, on both front ends
    [{ aptitude: '' }, 'aptitude', '適性を入力してください'],
    // R-ROLE-4: a 警部 is no operations officer's exception, a 巡査部長 needs one
    [{ role: 'operations_officer', user_id: (await userByLogin('kita-comm')).id },
      'exception_reason', '警部補（同相当職を含む。）以外の者を指定する理由を入力してください'],
  ];
  const before = (await register()).length;
  for (const [bad, field, message] of cases) {
    const body = { ...good, ...bad };
    if (body.user_id === '') delete body.user_id;
    await sameAnswer('kita-manager', '/api/v1/designations', '/designations', '/designations',
      body, field, message);
  }
  assert.equal((await register()).length, before);
});

test('R-ROLE-4, R-ROLE-5: a bad revocation or re-designation gets the same message on both', async () => {
  const d = (await s['kita-manager'].get('/api/v1/designations')).json.designations
    .find((x) => x.state === 'active' && x.role === 'operations_officer');
  assert.ok(d, 'the demo operations officer');
  assert.equal(d.role_label, '運用担当者');
  assert.equal(d.rank, 'keibuho');
  assert.equal(d.rank_label, '警部補');
  await sameAnswer('kita-manager', `/api/v1/designations/${d.id}/revoke`, `/designations/${d.id}`,
    `/designations/${d.id}/revoke`, { version: d.version, reason: '解'.repeat(501) }, 'reason',
    '入力できる文字数を超えています');
  const same = (await s.gm.get(`/api/v1/designations/${d.id}`)).json;
  assert.equal(same.state, 'active');
  assert.equal(same.version, d.version);
  // a communication officer revoked, then re-designated without the knowledge (R-ROLE-5)
  const comm = (await s['kita-manager'].get('/api/v1/designations')).json.designations
    .find((x) => x.state === 'active' && x.role === 'communication_officer');
  const rv = await s['kita-manager'].post(`/api/v1/designations/${comm.id}/revoke`,
    { version: comm.version, reason: '異動' });
  assert.equal(rv.status, 200, rv.text);
  assert.equal(rv.json.revoked_by, (await userByLogin('kita-manager')).id);
  for (const [bad, field, message] of [
    [{ knowledge: '' }, 'knowledge', 'サイバーパトロールの知識を入力してください'],
    [{ aptitude: '適'.repeat(501) }, 'aptitude', '入力できる文字数を超えています'],
  ]) {
    await sameAnswer('kita-manager', `/api/v1/designations/${comm.id}/redesignate`,
      `/designations/${comm.id}`, `/designations/${comm.id}/redesignate`,
      { version: rv.json.version, knowledge: '研修修了', aptitude: '冷静', ...bad }, field, message);
  }
  const still = (await s.gm.get(`/api/v1/designations/${comm.id}`)).json;
  assert.equal(still.state, 'revoked');
  assert.equal(still.version, rv.json.version);
});

/* ---- units and users: the web form, the API and the CLI ---- */

const KANJI65 = '名'.repeat(65);
const allUsers = async () => (await s.admin.get('/api/v1/users?include_inactive=true')).json.users;
const allUnits = async () => (await s.admin.get('/api/v1/units')).json.units;

/* The CLI given the same bad value: exit 1, the same message on stderr. */
function sameOnCli(args, field, message) {
  const r = cli(args);
  assert.equal(r.status, 1, `CLI ${field}: ${r.stdout}${r.stderr}`);
  assert.ok(r.stderr.includes(`(${field}): ${message}`), `CLI ${field}: ${r.stderr}`);
}

test('a bad user field gets the same message on the web, the API and `mamori user add`; nothing is stored', async () => {
  const kita = (await allUnits()).find((u) => u.code === 'KITA');
  const good = { login: 'rec-user', name: '記録 太郎', name_kana: 'きろく たろう', rank: 'junsa',
    sex: 'male', unit_id: kita.id, password: 'records-password-2026' };
  const cases = [
    [{ name: KANJI65 }, 'name', '入力できる文字数を超えています'],
    [{ name: ' ' }, 'name', '入力してください'],
    [{ rank: 'general' }, 'rank', '選択肢から選んでください'],
    [{ sex: 'other' }, 'sex', '選択肢から選んでください'],
    [{ name_kana: 'kiroku' }, 'name_kana', 'ひらがな・カタカナで入力してください'],
    [{ login: '9rec' }, 'login',
      'ログインIDは英字で始まる2〜32文字の英数字・記号(._-)で入力してください'],
  ];
  const before = (await allUsers()).length;
  for (const [bad, field, message] of cases) {
    const body = { ...good, ...bad };
    await sameAnswer('admin', '/api/v1/users', '/users/new', '/users', body, field, message);
    sameOnCli(['user', 'add', '--db', srv.db, '--login', body.login, '--name', body.name,
      '--kana', body.name_kana, '--rank', body.rank, '--sex', body.sex, '--unit', 'KITA'],
    field, message);
  }
  assert.equal((await allUsers()).length, before);
  // the rank and sex are optional on all three, as validate_user() says
  const plain = await s.admin.post('/api/v1/users', { login: 'rec-plain', name: '記録 花子',
    unit_id: kita.id, password: 'records-password-2026' });
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.json.rank, null);
  assert.equal(plain.json.rank_label, '');
  const c = cli(['user', 'add', '--db', srv.db, '--login', 'rec-cli', '--name', '記録 次郎',
    '--unit', 'KITA']);
  assert.equal(c.status, 0, c.stderr);
  // a change through the API reads only what is sent, and is checked as a whole
  const u = (await allUsers()).find((x) => x.login === 'rec-plain');
  const long = await s.admin.patch(`/api/v1/users/${u.id}`, { version: u.version, name: KANJI65 });
  assert.equal(long.status, 422, long.text);
  assert.equal(long.json.error.message, '入力できる文字数を超えています');
  const ok = await s.admin.patch(`/api/v1/users/${u.id}`, { version: u.version, rank: 'keibuho' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.name, '記録 花子');
  assert.equal(ok.json.rank_label, '警部補');
});

test('a bad unit field gets the same message on the web, the API and `mamori unit add|rename`; nothing is stored', async () => {
  const good = { code: 'RECA', name: '記録警察署', kind: 'station' };
  const cases = [
    [{ name: KANJI65 }, 'name', '入力できる文字数を超えています'],
    [{ name: '' }, 'name', '入力してください'],
    [{ kind: 'castle' }, 'kind', '選択肢から選んでください'],
    [{ code: 'rec a' }, 'code', '所属コードは1〜16文字の英大文字・数字・ハイフン(-)で入力してください'],
    [{ code: 'ＲＥＣ' }, 'code', '半角英数字で入力してください'],
  ];
  const before = (await allUnits()).length;
  for (const [bad, field, message] of cases) {
    const body = { ...good, ...bad };
    await sameAnswer('admin', '/api/v1/units', '/units/new', '/units', body, field, message);
    sameOnCli(['unit', 'add', '--db', srv.db, '--code', body.code, '--name', body.name,
      '--kind', body.kind], field, message);
  }
  assert.equal((await allUnits()).length, before);
  // a change: the API's partial one, the web's whole form and the CLI's rename
  const kita = (await allUnits()).find((u) => u.code === 'KITA');
  const a = await s.admin.patch(`/api/v1/units/${kita.id}`, { version: kita.version, name: KANJI65 });
  assert.equal(a.status, 422, a.text);
  assert.equal(a.json.error.field, 'name');
  assert.equal(a.json.error.message, '入力できる文字数を超えています');
  const w = await webPost('admin', `/units/${kita.id}/edit`, `/units/${kita.id}`,
    { version: String(kita.version), code: 'KITA', name: KANJI65, kind: 'station', active: '1' });
  assert.equal(w.status, 422, w.text.slice(0, 200));
  assert.equal(webFieldMessage(w.text, 'name'), '入力できる文字数を超えています');
  sameOnCli(['unit', 'rename', '--db', srv.db, '--code', 'KITA', '--name', KANJI65], 'name',
    '入力できる文字数を超えています');
  const same = (await allUnits()).find((u) => u.code === 'KITA');
  assert.equal(same.name, kita.name);
  assert.equal(same.version, kita.version);
  assert.equal(same.kind_label, '警察署');
});
