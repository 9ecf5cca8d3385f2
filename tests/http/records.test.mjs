// records.test.mjs - one description per record (issue 8): the web form,
// the JSON API and CSV import read a record through the same descriptor
// (src/core/records.c), so the same bad field gets the same answer on
// every front end, limits count characters (not bytes), and what the
// server sets is never taken from the client.
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

/* ---- applications to use an external service (detail form 9) ---- */

const day = (ms) => new Date(ms).toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });

/* A device lent to KITA and received, so its assistant may apply for an account. */
async function receivedLoan() {
  const d = await s.gm.post('/api/v1/devices', { model: 'AQUOS sense8', serial: serial() });
  assert.equal(d.status, 201, d.text);
  const start = day(Date.now());
  const a = await s['kita-manager'].post('/api/v1/applications', {
    consulted_on: start, consulted_with: '松本 正義', consultation: '合意', start,
    due: day(Date.now() + 90 * 86400e3), purpose: 'サイバーパトロール',
  });
  assert.equal(a.status, 201, a.text);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(ok.status, 200, ok.text);
  const l = await s.gm.post('/api/v1/loans', { application_id: a.json.id, device_id: d.json.id });
  assert.equal(l.status, 201, l.text);
  const r = await s['kita-officer'].post(`/api/v1/loans/${l.json.id}/receive`, {
    version: l.json.version, trained_on: start, trainer: '井上 直樹', topics: '端末管理',
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}

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
