// photos.test.mjs - staff face photos (issue 10, R-PHOTO-1..4, R-EXC-1,
// R-EXC-2) through the JSON API, with the sandbox on (the default):
// form 4 is refused until both exceptions are approved, applied by the
// unit's communication officer for a staff member of the unit (name from
// the register), approved by the unit's manager; a photo carrying GPS
// Exif is uploaded as multipart, processed and kept with no metadata at
// all; bad images (truncated, corrupt, a PNG bomb, a PDF named .jpg) are
// refused in Japanese with nothing stored and the server unharmed; the
// sixth photo for a device is refused and audited, a removal frees its
// place; downloads are audited and served to the unit and HQ only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, login, as, usersByLogin, auditEntries, tempDir, items, webLogin, page, csrfField } from '../lib/server.mjs';
import { receivedLoan } from '../lib/loans.mjs';
import { addDays, hoursFromNow, minutesAgo, today } from '../lib/dates.mjs';

let srv;
const s = {};
let jpeg; // a plain JPEG made by the build's photo_bench (libvips)

const NO_EXCEPTION = '顔写真の保存（R-EXC-1）及び送信（R-EXC-2）の例外措置が承認されていないため使用できません';
const LIMIT = 'この端末に保存できる加工済みの顔写真は5枚までです';

// An Exif APP1 segment whose GPS IFD holds GPSLatitudeRef N and
// GPSLatitude 32/1 48/1 1234/100, spliced after the SOI, plus an XMP
// packet and a comment: what a phone's camera leaves in a photo.
function withGps(plain) {
  const t = Buffer.alloc(80);
  t.write('II*\0', 0, 'latin1');
  t.writeUInt32LE(8, 4);
  t.writeUInt16LE(1, 8);
  t.writeUInt16LE(0x8825, 10); t.writeUInt16LE(4, 12); t.writeUInt32LE(1, 14); t.writeUInt32LE(26, 18);
  t.writeUInt32LE(0, 22);
  t.writeUInt16LE(2, 26);
  t.writeUInt16LE(1, 28); t.writeUInt16LE(2, 30); t.writeUInt32LE(2, 32); t.write('N\0\0\0', 36, 'latin1');
  t.writeUInt16LE(2, 40); t.writeUInt16LE(5, 42); t.writeUInt32LE(3, 44); t.writeUInt32LE(56, 48);
  t.writeUInt32LE(0, 52);
  [32, 1, 48, 1, 1234, 100].forEach((v, i) => t.writeUInt32LE(v, 56 + 4 * i));
  const seg = (marker, payload) => {
    const h = Buffer.alloc(4);
    h[0] = 0xff; h[1] = marker; h.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([h, payload]);
  };
  const exif = seg(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), t]));
  const xmp = seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><exif:GPSLatitude>32,48.2N</exif:GPSLatitude></x:xmpmeta>', 'latin1'));
  const com = seg(0xfe, Buffer.from('shot at the station', 'latin1'));
  return Buffer.concat([plain.subarray(0, 2), exif, xmp, com, plain.subarray(2)]);
}

// The marker segments of a JPEG before its scan: [{marker, bytes}].
function segments(buf) {
  assert.equal(buf[0], 0xff); assert.equal(buf[1], 0xd8);
  const out = [];
  let i = 2;
  while (i + 4 <= buf.length) {
    assert.equal(buf[i], 0xff, 'marker');
    const m = buf[i + 1];
    if (m === 0xda) break;
    const len = buf.readUInt16BE(i + 2);
    out.push({ marker: m, bytes: buf.subarray(i + 4, i + 2 + len) });
    i += 2 + len;
  }
  return out;
}

function crc32(b) {
  let c = 0xffffffff;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return (c ^ 0xffffffff) >>> 0;
}

// A PNG of a few dozen bytes whose header declares w x h.
function pngDeclaring(w, h) {
  const chunk = (type, data) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr[8] = 8; ihdr[9] = 2;
  return Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from('789c636000000002000001', 'hex')), chunk('IEND', Buffer.alloc(0))]);
}

function multipart(fields, file, filename = 'face.jpg', type = 'image/jpeg') {
  const b = '----mamori' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  if (file) {
    parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`));
    parts.push(file, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

async function upload(who, approvalId, file, fields = { effect: 'mosaic', strength: '6' }, what = 'photos', name) {
  const m = multipart(fields, file, name);
  return s[who].post(`/api/v1/photo-approvals/${approvalId}/${what}`, m.body,
    { headers: { 'Content-Type': m.type } });
}

async function getBytes(who, p) {
  const r = await fetch(srv.url + p, { headers: { Cookie: s[who].session.cookie } });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

let users;
let device;
const exceptions = {};

before(async () => {
  const dir = tempDir('mamori-photo-');
  const bench = path.join(path.dirname(process.env.MAMORI_BIN), 'photo_bench');
  execFileSync(bench, ['make', path.join(dir, 'in.jpg'), '96', '64']);
  jpeg = readFileSync(path.join(dir, 'in.jpg'));
  // the photos are sealed under the field key (created by serve)
  const config = path.join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${path.join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'minami-comm']) {
    s[who] = as(srv, await login(srv, who));
  }
  users = await usersByLogin(srv, s.gm.session);
  // a device lent to kita and received
  device = (await receivedLoan(s, { model: 'AQUOS', prefix: 'PH' })).device_id;
});
after(async () => { await srv.stop(); });

async function exception(kind) {
  const e = await s.gm.post('/api/v1/exceptions', { kind, scope: '北署', purpose: '保護のための交信' });
  assert.equal(e.status, 201, e.text);
  const ok = await s.infosec.post(`/api/v1/exceptions/${e.json.id}/approve`, {
    version: e.json.version, scope: '北署のみ', valid_from: addDays(today(), -1), valid_until: addDays(today(), 30),
  });
  assert.equal(ok.status, 200, ok.text);
  return ok.json;
}

const form4 = (extra = {}) => ({
  staff_id: users['kita-assistant'].id, consent: true, purpose: '交信相手から顔写真を求められた場合に送信するため',
  device_id: device, ...extra,
});

let approval;

test('R-PHOTO-2, R-EXC-1, R-EXC-2: form 4 is refused until both exceptions are approved', async () => {
  const before = items((await s.gm.get('/api/v1/photo-approvals')).json).length;
  const r = await s['kita-comm'].post('/api/v1/photo-approvals', form4());
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.message, NO_EXCEPTION);
  exceptions.store = await exception('photo_store');
  const r2 = await s['kita-comm'].post('/api/v1/photo-approvals', form4());
  assert.equal(r2.status, 422, r2.text);
  assert.equal(r2.json.error.message, NO_EXCEPTION);
  assert.equal(items((await s.gm.get('/api/v1/photo-approvals')).json).length, before);
  const audit = await auditEntries(srv, s.gm.session, '?action=request.refused');
  assert.ok(audit.some((e) => JSON.stringify(e).includes('R-PHOTO-2')), 'refusal audited with its rule');
  exceptions.send = await exception('photo_send');
});

test('R-PHOTO-2: the officer applies for a staff member of the unit, the manager approves, HQ reads', async () => {
  for (const who of ['kita-assistant', 'kita-manager', 'gm']) {
    assert.equal((await s[who].post('/api/v1/photo-approvals', form4())).status, 403, who);
  }
  // another station's officer applies for their own unit only: kita's
  // staff member and device are not theirs
  const cross = await s['minami-comm'].post('/api/v1/photo-approvals', form4());
  assert.equal(cross.status, 422, cross.text);
  assert.equal(cross.json.error.field, 'staff_id');
  const other = await s['kita-comm'].post('/api/v1/photo-approvals', form4({ staff_id: users['minami-comm'].id }));
  assert.equal(other.status, 422, other.text);
  assert.equal(other.json.error.field, 'staff_id');
  const noConsent = await s['kita-comm'].post('/api/v1/photo-approvals', form4({ consent: false }));
  assert.equal(noConsent.status, 422, noConsent.text);
  assert.equal(noConsent.json.error.field, 'consent');
  const forged = await s['kita-comm'].post('/api/v1/photo-approvals', form4({ staff_name: '偽名' }));
  assert.equal(forged.status, 400, 'the name is the server\'s');
  const r = await s['kita-comm'].post('/api/v1/photo-approvals', form4());
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.state, 'applied');
  assert.equal(r.json.staff_name, users['kita-assistant'].name);
  // a photo before the approval is refused
  const early = await upload('kita-comm', r.json.id, jpeg);
  assert.equal(early.status, 422, early.text);
  assert.ok([403, 404].includes((await s['minami-manager'].post(`/api/v1/photo-approvals/${r.json.id}/approve`, { version: r.json.version })).status));
  // another station's record: refused (403 or hidden as 404)
  assert.ok([403, 404].includes((await s['minami-comm'].get(`/api/v1/photo-approvals/${r.json.id}`)).status));
  const ok = await s['kita-manager'].post(`/api/v1/photo-approvals/${r.json.id}/approve`, { version: r.json.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'approved');
  assert.equal((await s.gm.get(`/api/v1/photo-approvals/${r.json.id}`)).status, 200);
  approval = ok.json;
});

test('R-PHOTO-4: a photo carrying GPS Exif comes out with no metadata at all', async () => {
  const gps = withGps(jpeg);
  assert.ok(segments(gps).some((x) => x.marker === 0xe1 && x.bytes.includes(Buffer.from('Exif'))), 'fixture has Exif');
  for (const effect of ['mosaic', 'blur', 'warp']) {
    const r = await upload('kita-comm', approval.id, gps, { effect, strength: '5' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.state, 'stored');
    assert.equal(r.json.effect, effect);
    const img = await getBytes('kita-comm', `/api/v1/photos/${r.json.id}/image`);
    assert.equal(img.status, 200);
    assert.equal(img.type, 'image/jpeg');
    const segs = segments(img.bytes);
    for (const x of segs) {
      assert.ok(!(x.marker >= 0xe1 && x.marker <= 0xef) && x.marker !== 0xfe, `segment ${x.marker.toString(16)} left`);
    }
    for (const needle of ['Exif', 'xmpmeta', 'station', 'GPS']) {
      assert.ok(!img.bytes.includes(Buffer.from(needle)), `${needle} left`);
    }
    const r2 = await s['kita-comm'].post(`/api/v1/photos/${r.json.id}/remove`, { version: r.json.version });
    assert.equal(r2.status, 200, r2.text);
  }
  const audit = await auditEntries(srv, s.gm.session, '?action=photo.download');
  assert.ok(audit.length >= 3, 'each download audited');
});

test('R-PHOTO-4: bad images are refused in Japanese, nothing is stored, the server still answers', async () => {
  const count = async () => (await s['kita-comm'].get(`/api/v1/photo-approvals/${approval.id}/photos`)).json.items.length;
  const n = await count();
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const corrupt = Buffer.from(jpeg);
  for (let i = Math.floor(corrupt.length / 3); i < corrupt.length - 2; i++) corrupt[i] = (i * 7) & 0xff;
  const cases = [
    ['truncated', jpeg.subarray(0, Math.floor(jpeg.length / 2)), /壊れている/],
    ['corrupt', corrupt, /壊れている/],
    ['pdf named .jpg', pdf, /JPEG・PNG/],
    ['bomb 50000x50000', pngDeclaring(50000, 50000), /画素数/],
    ['huge dimensions', pngDeclaring(30000, 10), /画素数/],
  ];
  for (const [what, bytes, msg] of cases) {
    const r = await upload('kita-comm', approval.id, bytes);
    assert.equal(r.status, 422, `${what}: ${r.text}`);
    assert.equal(r.json.error.field, 'file', what);
    assert.match(r.json.error.message, msg, what);
  }
  const noFile = await upload('kita-comm', approval.id, null);
  assert.equal(noFile.status, 422);
  const badEffect = await upload('kita-comm', approval.id, jpeg, { effect: 'cartoon', strength: '5' });
  assert.equal(badEffect.status, 422);
  assert.equal(badEffect.json.error.field, 'effect');
  const badStrength = await upload('kita-comm', approval.id, jpeg, { effect: 'blur', strength: '11' });
  assert.equal(badStrength.status, 422);
  assert.equal(badStrength.json.error.field, 'strength');
  assert.equal(await count(), n, 'nothing stored');
  assert.equal((await fetch(srv.url + '/healthz')).status, 200);
});

test('R-PHOTO-4: the web answers a bad upload as the API does; a body over max_upload_kib gets 413', async () => {
  const count = async () => (await s['kita-comm'].get(`/api/v1/photo-approvals/${approval.id}/photos`)).json.items.length;
  const n = await count();
  const web = await webLogin(srv, 'kita-comm');
  const shown = await page(srv, `/photo-approvals/${approval.id}`, web.cookie);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /加工して保存する/);
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  const m = multipart({ csrf: csrfField(shown.text), effect: 'mosaic', strength: '6' }, pdf, 'face.jpg');
  const r = await fetch(`${srv.url}/photo-approvals/${approval.id}/photos`, {
    method: 'POST', body: m.body, redirect: 'manual', headers: { 'Content-Type': m.type, Cookie: web.cookie },
  });
  assert.equal(r.status, 422);
  assert.match(await r.text(), /JPEG・PNG（読める場合は HEIC）の画像を選んでください/);
  const api = await upload('kita-comm', approval.id, pdf);
  assert.equal(api.status, 422);
  assert.equal(api.json.error.message, 'JPEG・PNG（読める場合は HEIC）の画像を選んでください');
  // over the default 12 MiB cap: 413, the server still answers
  const big = await upload('kita-comm', approval.id, Buffer.concat([jpeg, Buffer.alloc(13 << 20)]));
  assert.equal(big.status, 413);
  assert.equal(await count(), n, 'nothing stored');
  assert.equal((await fetch(srv.url + '/healthz')).status, 200);
});

test('R-PHOTO-4: the preview is a small JPEG stored nowhere', async () => {
  const count = async () => (await s['kita-comm'].get(`/api/v1/photo-approvals/${approval.id}/photos`)).json.items.length;
  const n = await count();
  const m = multipart({ effect: 'blur', strength: '4' }, withGps(jpeg));
  const r = await fetch(`${srv.url}/api/v1/photo-approvals/${approval.id}/preview`, {
    method: 'POST', body: m.body,
    headers: { 'Content-Type': m.type, Cookie: s['kita-comm'].session.cookie, 'X-CSRF-Token': s['kita-comm'].session.csrf },
  });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'image/jpeg');
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.ok(!bytes.includes(Buffer.from('Exif')));
  assert.equal(await count(), n);
});

test('R-PHOTO-1, R-PHOTO-5: sent in a case only when asked; the case closes only once each photo sent has its outcome', async () => {
  // a KITA case on the photos' device, given to kita-comm
  let c = await s['kita-officer'].post('/api/v1/cases', {
    found_at: minutesAgo(90), service: 'テストSNS', post_ref: 'https://sns.example/post/9',
    post_text: '（架空）今夜泊めてくれる人いませんか', risk_signals: '家出・宿泊先',
  });
  assert.equal(c.status, 201, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/triage`,
    { version: c.json.version, crime: 'child_prostitution', need: 'high', reason: '（架空）' });
  assert.equal(c.status, 200, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/assign`,
    { version: c.json.version, unit_id: users['kita-comm'].unit_id, officer_id: users['kita-comm'].id, device_id: device });
  assert.equal(c.status, 200, c.text);
  c = await s['kita-comm'].post(`/api/v1/cases/${c.json.id}/messages`,
    { version: c.json.version, at: minutesAgo(10), direction: 'received', text: '（架空）顔写真を送ってくれたら会ってもいいよ' });
  assert.equal(c.status, 200, c.text);
  c = await s['kita-comm'].post(`/api/v1/cases/${c.json.id}/messages`,
    { version: c.json.version, at: minutesAgo(5), direction: 'sent', text: '（架空）どこで会えますか' });
  assert.equal(c.status, 200, c.text);
  const asked = c.json.messages.find((m) => m.direction === 'received').id;
  const ours = c.json.messages.find((m) => m.direction === 'sent').id;
  const up = await upload('kita-comm', approval.id, jpeg);
  assert.equal(up.status, 200, up.text);
  const send = (body) => s['kita-comm'].post(`/api/v1/photos/${up.json.id}/send`, body);
  // R-PHOTO-1: unasked (our own message), or without the confirmation
  const unasked = await send({ case_id: c.json.id, message_id: ours, text_insufficient: true });
  assert.equal(unasked.status, 422, unasked.text);
  assert.match(unasked.json.error.message, /求められていない送信はできません/);
  // the web form answers alike
  const web = await webLogin(srv, 'kita-comm');
  const shown = await page(srv, `/photos/${up.json.id}`, web.cookie);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /送信を記録する/);
  const wr = await fetch(`${srv.url}/photos/${up.json.id}/send`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: web.cookie },
    body: new URLSearchParams({ csrf: csrfField(shown.text), case_id: String(c.json.id),
      message_id: String(ours), text_insufficient: 'on' }).toString(),
  });
  assert.equal(wr.status, 422);
  assert.match(await wr.text(), /求められていない送信はできません/);
  const noConfirm = await send({ case_id: c.json.id, message_id: asked, text_insufficient: false });
  assert.equal(noConfirm.status, 422, noConfirm.text);
  assert.equal(noConfirm.json.error.message, '文章だけでは面会に結び付かないことを確認してください');
  assert.equal((await s['minami-comm'].post(`/api/v1/photos/${up.json.id}/send`,
    { case_id: c.json.id, message_id: asked, text_insufficient: true })).status >= 403, true);
  const sent = await send({ case_id: c.json.id, message_id: asked, text_insufficient: true });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.photo_id, up.json.id);
  assert.ok(!sent.json.outcome, 'no outcome yet');
  const refused = await auditEntries(srv, s.gm.session, '?action=request.refused');
  assert.ok(refused.some((e) => JSON.stringify(e).includes('R-PHOTO-1')), 'unasked send audited with its rule');
  // R-PHOTO-5: the outcome comes after a meeting
  const early = await s['kita-comm'].post(`/api/v1/photo-sends/${sent.json.id}/outcome`, { version: sent.json.version, outcome: 'deleted' });
  assert.equal(early.status, 422, early.text);
  const m = await s['kita-comm'].post('/api/v1/meetings', {
    case_id: c.json.id, place: '熊本駅白川口 交番前', meet_at: hoursFromNow(24),
    person_female: true, staff_1: users['kita-comm'].id, staff_2: users['kita-officer'].id,
    escape_plan: '出入口2か所に職員を配置し、逃走経路を塞ぐ', setup_plan: '周辺に同行者がいないか私服員が事前に確認する',
    division_notified: true,
  });
  assert.equal(m.status, 201, m.text);
  let v = m.json.version;
  for (const [who, st, b] of [['kita-assistant', 'forward', {}],
    ['kita-manager', 'instruct', { instructions: '二人一組で対応' }],
    ['kita-comm', 'outcome', { met: false }], ['kita-comm', 'report-results', {}]]) {
    const x = await s[who].post(`/api/v1/meetings/${m.json.id}/${st}`, { version: v, ...b });
    assert.equal(x.status, 200, `${st}: ${x.text}`);
    v = x.json.version;
  }
  const blocked = await s['kita-manager'].post(`/api/v1/meetings/${m.json.id}/close`, { version: v });
  assert.equal(blocked.status, 422, blocked.text);
  assert.equal(blocked.json.error.message, '送信した顔写真の削除結果が記録されていないため事案を終結できません');
  assert.equal((await s.gm.get(`/api/v1/cases/${c.json.id}`)).json.state, 'meeting');
  const bad = await s['kita-comm'].post(`/api/v1/photo-sends/${sent.json.id}/outcome`, { version: sent.json.version, outcome: 'lost' });
  assert.equal(bad.status, 422);
  // the case's page lists the send, its asking message and 未記録 with the link to record it
  const cp = await page(srv, `/cases/${c.json.id}`, web.cookie);
  assert.equal(cp.status, 200);
  assert.match(cp.text, /送信した顔写真/);
  assert.match(cp.text, new RegExp(`未記録 <a href="/photo-sends/${sent.json.id}#outcome">結果を記録</a>`));
  assert.match(cp.text, new RegExp(`href="/meetings/${m.json.id}"`));
  // recorded on the web: the send's page and its outcome form
  const sp = await page(srv, `/photo-sends/${sent.json.id}`, web.cookie);
  assert.equal(sp.status, 200);
  assert.match(sp.text, /削除の結果を記録する/);
  const wo = await fetch(`${srv.url}/photo-sends/${sent.json.id}/outcome`, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: web.cookie },
    body: new URLSearchParams({ csrf: csrfField(sp.text), version: String(sent.json.version), outcome: 'not_met' }).toString(),
  });
  assert.equal(wo.status, 303, await wo.text());
  const done = await s['kita-comm'].get(`/api/v1/photo-sends/${sent.json.id}`);
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.outcome, 'not_met');
  const twice = await s['kita-comm'].post(`/api/v1/photo-sends/${sent.json.id}/outcome`, { version: done.json.version, outcome: 'deleted' });
  assert.equal(twice.status, 409, twice.text);
  const cp2 = (await page(srv, `/cases/${c.json.id}`, web.cookie)).text;
  assert.match(cp2, /<td>会えなかった<\/td>/);
  assert.doesNotMatch(cp2, /結果を記録<\/a>/);
  const closed = await s['kita-manager'].post(`/api/v1/meetings/${m.json.id}/close`, { version: v });
  assert.equal(closed.status, 200, closed.text);
  assert.equal((await s.gm.get(`/api/v1/cases/${c.json.id}`)).json.state, 'closed');
  const audit = await auditEntries(srv, s.gm.session, '?action=photo.send');
  assert.ok(audit.length >= 1, 'the send audited');
  // the device's place is freed for the next test
  const rm = await s['kita-comm'].post(`/api/v1/photos/${up.json.id}/remove`, { version: up.json.version });
  assert.equal(rm.status, 200, rm.text);
});

test('R-PHOTO-3: the sixth photo for a device is refused and audited; a removal frees its place', async () => {
  const stored = [];
  for (let i = 0; i < 5; i++) {
    const r = await upload('kita-comm', approval.id, jpeg);
    assert.equal(r.status, 200, r.text);
    stored.push(r.json);
  }
  const sixth = await upload('kita-comm', approval.id, jpeg);
  assert.equal(sixth.status, 422, sixth.text);
  assert.equal(sixth.json.error.message, LIMIT);
  const audit = await auditEntries(srv, s.gm.session, '?action=request.refused');
  assert.ok(audit.some((e) => JSON.stringify(e).includes('R-PHOTO-3')), 'the refusal is audited with its rule');
  const rm = await s['kita-assistant'].post(`/api/v1/photos/${stored[0].id}/remove`, { version: stored[0].version });
  assert.equal(rm.status, 200, rm.text);
  assert.equal(rm.json.state, 'removed');
  assert.equal((await getBytes('kita-comm', `/api/v1/photos/${stored[0].id}/image`)).status, 404);
  const again = await upload('kita-comm', approval.id, jpeg);
  assert.equal(again.status, 200, again.text);
  stored.push(again.json);
  // served to the unit and HQ only
  assert.equal((await getBytes('gm', `/api/v1/photos/${again.json.id}/image`)).status, 200);
  assert.ok([403, 404].includes((await getBytes('minami-comm', `/api/v1/photos/${again.json.id}/image`)).status));
  assert.ok([403, 404].includes((await upload('minami-comm', approval.id, jpeg)).status));
  // R-EXC-2 revoked: no more photos under the approval
  for (const p of stored.slice(1, 3)) {
    const cur = (await s['kita-comm'].get(`/api/v1/photos/${p.id}`)).json;
    assert.equal((await s['kita-comm'].post(`/api/v1/photos/${p.id}/remove`, { version: cur.version })).status, 200);
  }
  const rv = await s.infosec.post(`/api/v1/exceptions/${exceptions.send.id}/revoke`, { version: exceptions.send.version, reason: '期間短縮' });
  assert.equal(rv.status, 200, rv.text);
  const late = await upload('kita-comm', approval.id, jpeg);
  assert.equal(late.status, 422, late.text);
  assert.equal(late.json.error.message, NO_EXCEPTION);
});
