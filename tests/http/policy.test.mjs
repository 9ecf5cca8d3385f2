// policy.test.mjs - directive versions (issue 11, R-META-1, R-META-2):
// the rules in force on /rules and GET /api/v1/policy for every user,
// also of a station holding no device; `mamori policy load` of a bad
// file refused in Japanese with nothing changed; a new version effective
// today (photo limit 3, expiry in 30 days) changes the limit for new
// actions while the records made before keep version 1; the general
// manager's home page warns of the expiry, other roles' does not; the
// load is audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { receivedLoan } from '../lib/loans.mjs';
import { startServer, login, as, usersByLogin, unitsByCode, auditEntries, tempDir, items, webLogin, page, cli } from '../lib/server.mjs';
import { addDays, hoursFromNow, minutesAgo, today } from '../lib/dates.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIRST = readFileSync(path.join(here, '../../policy/directive-1.ini'), 'utf8');

let srv;
let dir;
let jpeg;
const s = {};
let users;
let device;
let loan;

/* The audit entries of one action (the admin reads them all). */
async function audited(action) {
  return (await auditEntries(srv, s.admin.session, '?limit=200')).filter((e) => e.action === action);
}

/* The first version's file with some lines replaced. */
function revised(changes) {
  let text = FIRST;
  for (const [from, to] of changes) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
  }
  return text;
}

function load(name, text, extra = []) {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return cli(['policy', 'load', '--db', srv.db, '--file', file, ...extra]);
}

function multipart(fields, file) {
  const b = '----mamori' + Math.random().toString(16).slice(2);
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="face.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`));
  parts.push(file, Buffer.from('\r\n'));
  parts.push(Buffer.from(`--${b}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}

async function upload(approvalId) {
  const m = multipart({ effect: 'mosaic', strength: '6' }, jpeg);
  return s['kita-comm'].post(`/api/v1/photo-approvals/${approvalId}/photos`, m.body,
    { headers: { 'Content-Type': m.type } });
}

before(async () => {
  dir = tempDir('mamori-policy-');
  const bench = path.join(path.dirname(process.env.MAMORI_BIN), 'photo_bench');
  execFileSync(bench, ['make', path.join(dir, 'in.jpg'), '96', '64']);
  jpeg = readFileSync(path.join(dir, 'in.jpg'));
  const config = path.join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${path.join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['admin', 'gm', 'infosec', 'kita-manager', 'kita-officer', 'kita-comm',
    'kita-assistant', 'yatsu-assistant', 'yatsu-manager']) {
    s[who] = as(srv, await login(srv, who));
  }
  users = await usersByLogin(srv, s.gm.session);
  loan = await receivedLoan(s, { model: 'AQUOS', prefix: 'PL' });
  assert.equal(loan.policy_version, 1, 'the loan keeps the version in force');
  device = loan.device_id;
  for (const kind of ['photo_store', 'photo_send']) {
    const e = await s.gm.post('/api/v1/exceptions', { kind, scope: '北署', purpose: '保護のための交信' });
    assert.equal(e.status, 201, e.text);
    const ok = await s.infosec.post(`/api/v1/exceptions/${e.json.id}/approve`, {
      version: e.json.version, scope: '北署のみ', valid_from: addDays(today(), -1), valid_until: addDays(today(), 30),
    });
    assert.equal(ok.status, 200, ok.text);
  }
});
after(async () => { await srv.stop(); });

test('R-META-2: a station holding no device reads the rules in force on /rules and through the API', async () => {
  const loans = items((await s['yatsu-assistant'].get('/api/v1/loans')).json);
  assert.equal(loans.length, 0, 'the station holds no device');
  const web = await webLogin(srv, 'yatsu-assistant');
  const home = await page(srv, '/', web.cookie);
  assert.match(home.text, /href="\/rules"[^>]*>運用規程</, 'in the navigation');
  const r = await page(srv, '/rules', web.cookie);
  assert.equal(r.status, 200);
  for (const want of ['運用規程', '熊少第121号', '令和2年3月25日', '令和6年3月31日', '1台に5枚まで',
    '月に1回以上', '原則として1年を超えない', '7日以内', '3年（暦年）', '交信担当者指定簿', '仮定']) {
    assert.ok(r.text.includes(want), want);
  }
  const api = await s['yatsu-assistant'].get('/api/v1/policy');
  assert.equal(api.status, 200, api.text);
  assert.equal(api.json.version, 1);
  assert.equal(api.json.number, '熊少第121号');
  assert.equal(api.json.issued, '2020-03-25');
  assert.equal(api.json.expires, '2024-03-31');
  assert.deepEqual(api.json.limits, {
    loan_max_months: 12, location_check_months: 1, loan_due_soon_days: 30,
    takeout_grace_minutes: 0, screenshot_max_days: 7, photo_max: 5,
  });
  const ret = Object.fromEntries(api.json.retention.map((x) => [x.doctype, x]));
  assert.deepEqual(Object.keys(ret), ['form1', 'form2', 'form3', 'form4', 'form5',
    'detail1', 'detail5', 'detail6', 'detail9', 'detail12']);
  assert.deepEqual(ret.form2, { doctype: 'form2', years: 3, basis: 'calendar', assumed: false });
  assert.equal(ret.detail12.assumed, true);
  assert.equal(api.json.forms.length, 5);
  const v = await s['yatsu-manager'].get('/api/v1/policy/versions');
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.items.length, 1);
  assert.equal(v.json.items[0].in_force, true);
  assert.equal(v.json.items[0].loaded_by, null);
  assert.match(v.json.items[0].sha256, /^[0-9a-f]{64}$/);
  assert.equal((await page(srv, '/rules', null)).status, 303, 'signed in only');
});

let approval;
let firstPhoto;
let firstRecords;

/*
 * R-META-1: one record of each remaining document type, made now: a
 * take-out (detail form 1), a location check (6), a service application
 * (9, withdrawn again), a security exception (12), a breach report and a
 * meeting (form 5) of a new case.  Returns [name, path of its GET or null, created JSON].
 */
async function documentRecords(tag, hours) {
  const out = [];
  const made = (name, r, path) => {
    assert.equal(r.status, 201, `${name}: ${r.text}`);
    out.push([name, path && `${path}/${r.json.id}`, r.json]);
  };
  made('takeout', await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: loan.id, out_at: hoursFromNow(hours), expected_back: hoursFromNow(hours + 2),
    destination: '熊本市内', reason: '非行防止教室での説明',
  }), '/api/v1/takeouts');
  made('location check', await s['kita-assistant'].post(`/api/v1/loans/${loan.id}/checks`,
    { checked_on: today(), in_cabinet: true, remarks: `保管庫内 ${tag}` }), null);
  made('exception', await s.gm.post('/api/v1/exceptions',
    { kind: 'screenshot', scope: '北署', purpose: `証拠保全のため ${tag}` }), '/api/v1/exceptions');
  made('breach', await s['kita-assistant'].post('/api/v1/breaches', {
    rule: 'connection', what: '端末を庁内LANに接続した', who: '交信担当者A', occurred_at: minutesAgo(60),
  }), '/api/v1/breaches');
  const units = await unitsByCode(srv, s.gm.session);
  let c = await s['kita-officer'].post('/api/v1/cases', {
    found_at: minutesAgo(90), service: 'テストSNS', post_ref: `https://sns.example/post/${tag}`,
    post_text: '（架空）家出中。今夜泊めてくれる人いませんか', risk_signals: '家出・宿泊先',
  });
  assert.equal(c.status, 201, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/triage`, {
    version: c.json.version, crime: 'child_prostitution', need: 'high', reason: '（架空）',
  });
  assert.equal(c.status, 200, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/assign`, {
    version: c.json.version, unit_id: units.KITA.id, officer_id: users['kita-comm'].id, device_id: device,
  });
  assert.equal(c.status, 200, c.text);
  c = await s['kita-comm'].post(`/api/v1/cases/${c.json.id}/messages`, {
    version: c.json.version, at: minutesAgo(5), direction: 'received', text: '（架空）会えますか',
  });
  assert.equal(c.status, 200, c.text);
  made('meeting', await s['kita-comm'].post('/api/v1/meetings', {
    case_id: c.json.id, place: '熊本駅白川口 交番前', meet_at: hoursFromNow(24),
    person_female: true, staff_1: users['kita-comm'].id, staff_2: users['kita-officer'].id,
    escape_plan: '出入口2か所に職員を配置し、逃走経路を塞ぐ',
    setup_plan: '周辺に同行者がいないか私服員が事前に確認する', division_notified: true,
  }), '/api/v1/meetings');
  // last: an account not yet permitted stops the device's use (R-SVC-1),
  // so it is withdrawn again once made
  made('service', await s['kita-assistant'].post('/api/v1/services', {
    device_id: device, service: 'X', handle: `pv_${tag}_${Date.now()}`, purpose: '少年の有害情報の把握',
  }), '/api/v1/services');
  const svc = out[out.length - 1][2];
  const w = await s['kita-assistant'].post(`/api/v1/services/${svc.id}/withdraw`, { version: svc.version });
  assert.equal(w.status, 200, w.text);
  return out;
}

/* Each record's version, as created and as read again (a check: its loan's list). */
async function assertVersions(records, want, why) {
  const checks = (await s.gm.get(`/api/v1/loans/${loan.id}/checks`)).json.checks;
  for (const [name, path, json] of records) {
    assert.equal(json.policy_version, want, `${name} as created: ${why}`);
    const again = path ? (await s.gm.get(path)).json
      : checks.find((x) => x.id === json.id);
    assert.ok(again, name);
    assert.equal(again.policy_version, want, `${name} read again: ${why}`);
  }
}

test('R-META-1: take-outs, location checks, service applications, exceptions, breach reports and meetings keep version 1; the client cannot set it', async () => {
  const t = await s['kita-comm'].post('/api/v1/takeouts', {
    loan_id: loan.id, out_at: hoursFromNow(1), expected_back: hoursFromNow(3),
    destination: '熊本市内', reason: '非行防止教室での説明', policy_version: 2,
  });
  assert.equal(t.status, 400, 'the version is the server\'s: ' + t.text);
  const e = await s.gm.post('/api/v1/exceptions',
    { kind: 'screenshot', scope: '北署', purpose: '証拠保全のため', policy_version: 2 });
  assert.equal(e.status, 400, 'the version is the server\'s: ' + e.text);
  firstRecords = await documentRecords('v1', 1);
  await assertVersions(firstRecords, 1, 'made under version 1');
  const web = await webLogin(srv, 'gm');
  for (const [name, path] of firstRecords) {
    const at = path ? path.replace('/api/v1', '') : `/loans/${loan.id}`;
    const shown = await page(srv, at, web.cookie);
    assert.equal(shown.status, 200, `${name} ${at}`);
    assert.match(shown.text, /通達版/, name);
    assert.match(shown.text, /第1版/, name);
  }
});

test('R-META-1: a bad policy file is refused in Japanese naming its line, nothing changes', async () => {
  const before = (await s.gm.get('/api/v1/policy/versions')).json.items.length;
  const cases = [
    ['photo_max = 5', 'photo_max = 0', /30行目: \[limits\] photo_max: 端末に保存できる顔写真の枚数は1から20まで/],
    ['expires = 2024-03-31', 'expires = 2024-02-30', /\[directive\] expires: 有効期間満了日は YYYY-MM-DD/],
    ['form2 = 3 calendar\n', '', /\[retention\] form2: 必須の項目がありません/],
    ['id = kumasho-121-2020', 'id = kumasho-121-2020\nid = again', /同じ項目が2回/],
  ];
  for (const [from, to, msg] of cases) {
    const r = load('bad.ini', revised([[from, to], ['id = kumasho-121-2020', 'id = bad-one']]));
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, msg);
  }
  // the first version again, and a version effective before today
  const dup = load('dup.ini', FIRST);
  assert.equal(dup.status, 1);
  assert.match(dup.stderr, /既に読み込まれています/);
  const past = load('past.ini', revised([['id = kumasho-121-2020', 'id = past'],
    ['effective_from = 2020-03-25', `effective_from = ${addDays(today(), -1)}`],
    ['expires = 2024-03-31', `expires = ${addDays(today(), 400)}`],
    ['issued = 2020-03-25', `issued = ${addDays(today(), -10)}`]]));
  assert.equal(past.status, 1);
  assert.match(past.stderr, /適用開始日は本日以降/);
  assert.equal((await s.gm.get('/api/v1/policy/versions')).json.items.length, before);
  assert.equal((await s.gm.get('/api/v1/policy')).json.limits.photo_max, 5);
  assert.equal((await audited('policy.load')).length, 0);
});

test('R-META-1: records made under version 1 keep it; 通達版 on the detail page', async () => {
  const r = await s['kita-comm'].post('/api/v1/photo-approvals', {
    staff_id: users['kita-officer'].id, consent: true, purpose: '交信相手から顔写真を求められた場合に送信するため',
    device_id: device, policy_version: 7,
  });
  assert.equal(r.status, 400, 'the version is the server\'s: ' + r.text);
  const a = await s['kita-comm'].post('/api/v1/photo-approvals', {
    staff_id: users['kita-officer'].id, consent: true, purpose: '交信相手から顔写真を求められた場合に送信するため',
    device_id: device,
  });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.policy_version, 1);
  const ok = await s['kita-manager'].post(`/api/v1/photo-approvals/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(ok.status, 200, ok.text);
  approval = ok.json;
  const p = await upload(approval.id);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.json.policy_version, 1);
  firstPhoto = p.json;
  const web = await webLogin(srv, 'kita-comm');
  const shown = await page(srv, `/photo-approvals/${approval.id}`, web.cookie);
  assert.equal(shown.status, 200);
  assert.match(shown.text, /通達版/);
});

test('R-META-1, R-PHOTO-3: a version loaded effective today sets the photo limit of new photos (3), audited', async () => {
  const expires = addDays(today(), 30);
  const r = load('v2.ini', revised([['id = kumasho-121-2020', 'id = kumasho-121-rev2'],
    ['photo_max = 5', 'photo_max = 3'],
    ['issued = 2020-03-25', `issued = ${today()}`],
    ['effective_from = 2020-03-25', `effective_from = ${today()}`],
    ['expires = 2024-03-31', `expires = ${expires}`]]), ['--by', 'gm']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /version 2/);
  const pol = (await s['yatsu-assistant'].get('/api/v1/policy')).json;
  assert.equal(pol.version, 2);
  assert.equal(pol.limits.photo_max, 3);
  assert.equal(pol.expires, expires);
  const versions = (await s.gm.get('/api/v1/policy/versions')).json.items;
  assert.deepEqual(versions.map((v) => [v.version, v.in_force]), [[1, false], [2, true]]);
  assert.equal(versions[1].loaded_by, users.gm.id);
  const audit = await audited('policy.load');
  assert.equal(audit.length, 1);
  assert.match(JSON.stringify(audit[0]), /kumasho-121-rev2/);
  assert.match(JSON.stringify(audit[0]), /"photo_max\\?":3/);
  // two more photos (3 in all), then the fourth is refused
  for (let i = 0; i < 2; i++) {
    const p = await upload(approval.id);
    assert.equal(p.status, 200, p.text);
    assert.equal(p.json.policy_version, 2, 'a new photo keeps the new version');
  }
  const fourth = await upload(approval.id);
  assert.equal(fourth.status, 422, fourth.text);
  assert.equal(fourth.json.error.message, 'この端末に保存できる加工済みの顔写真は3枚までです');
  const photos = (await s['kita-comm'].get(`/api/v1/photo-approvals/${approval.id}/photos`)).json.items;
  assert.equal(photos.length, 3, 'nothing stored');
  const refused = await audited('request.refused');
  assert.ok(refused.some((e) => JSON.stringify(e).includes('R-PHOTO-3')), 'refusal audited with its rule');
  // the records made before keep version 1
  assert.equal((await s.gm.get(`/api/v1/photo-approvals/${approval.id}`)).json.policy_version, 1);
  assert.equal(photos.find((x) => x.id === firstPhoto.id).policy_version, 1);
  const rules = await page(srv, '/rules', (await webLogin(srv, 'yatsu-assistant')).cookie);
  assert.ok(rules.text.includes('1台に3枚まで'));
});

test('R-META-1: the document records made after the new version keep version 2, those made before keep 1', async () => {
  assert.equal((await s.gm.get('/api/v1/policy')).json.version, 2);
  const next = await documentRecords('v2', 30);
  await assertVersions(next, 2, 'made under version 2');
  await assertVersions(firstRecords.map(([n, p, j]) => [n, p, { ...j, policy_version: 1 }]), 1,
    'made before version 2');
});

test('R-META-1: the general manager is warned 90 days before the version in force expires, other roles are not', async () => {
  const gm = await page(srv, '/', (await webLogin(srv, 'gm')).cookie);
  assert.match(gm.text, /id="policy-expiry"/);
  assert.match(gm.text, /あと30日/);
  for (const who of ['kita-manager', 'yatsu-assistant', 'infosec']) {
    const home = await page(srv, '/', (await webLogin(srv, who)).cookie);
    assert.equal(home.status, 200, who);
    assert.doesNotMatch(home.text, /policy-expiry/, who);
  }
});

test('R-META-1, R-DEV-2: the loan limit of an approval is the version in force\'s, on the form\'s own field', async () => {
  const start = today();
  const apply = async () => {
    const a = await s['kita-manager'].post('/api/v1/applications', {
      consulted_on: start, consulted_with: '松本 正義', consultation: '長期の借用で合意',
      start, due: addDays(start, 540), purpose: 'サイバーパトロール',
    });
    assert.equal(a.status, 201, a.text);
    return a.json;
  };
  // under the version in force (12 months) 18 months need a reason
  const first = await apply();
  const refused = await s.gm.post(`/api/v1/applications/${first.id}/approve`, { version: first.version });
  assert.equal(refused.status, 422, refused.text);
  assert.equal(refused.json.error.field, 'exception_reason');
  assert.match(refused.json.error.message, /原則の上限/);
  // a revised directive allowing 24 months: the same approval needs none
  const r = load('v3.ini', revised([['id = kumasho-121-2020', 'id = kumasho-121-rev3'],
    ['photo_max = 5', 'photo_max = 3'], ['loan_max_months = 12', 'loan_max_months = 24'],
    ['issued = 2020-03-25', `issued = ${today()}`],
    ['effective_from = 2020-03-25', `effective_from = ${today()}`],
    ['expires = 2024-03-31', `expires = ${addDays(today(), 30)}`]]), ['--by', 'gm']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal((await s.gm.get('/api/v1/policy')).json.limits.loan_max_months, 24);
  const again = await s.gm.get(`/api/v1/applications/${first.id}`);
  const ok = await s.gm.post(`/api/v1/applications/${first.id}/approve`, { version: again.json.version });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.state, 'approved');
});
