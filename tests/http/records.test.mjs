// records.test.mjs - one description per record (issue 8): the web form,
// the JSON API and CSV import read a record through the same descriptor
// (src/core/records.c), so the same bad field gets the same answer on
// every front end, limits count characters (not bytes), and what the
// server sets is never taken from the client.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page,
} from '../lib/server.mjs';

let srv;
const s = {};
const web = {};

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'kita-assistant']) {
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
