// statistics.test.mjs - the division's statistics (issue 11): per month
// (Asia/Tokyo) and unit, through the API, the web page (tables and an
// inline SVG chart with no external reference) and the export (CSV with a
// BOM, CP932, XLSX); HQ sees every unit and the total, a station only its
// own and a forged unit is refused 403 and audited.  And the cases list
// export, which carries no identifying field of a case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, page, usersByLogin, unitsByCode, tempDir, sql, auditHead,
} from '../lib/server.mjs';
import { instructedMeeting } from '../lib/cases.mjs';
import { tokyoDay } from '../lib/dates.mjs';

let srv;
let dir;
let users;
let units;
let kitaDevice;
const s = {};
const web = {};

before(async () => {
  // the meeting's child is sealed under the field key (issue 9)
  dir = tempDir('mamori-stats-');
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager', 'infosec']) {
    s[who] = as(srv, await login(srv, who));
  }
  for (const who of ['gm', 'kita-manager']) web[who] = (await webLogin(srv, who)).cookie;
  users = await usersByLogin(srv, s.admin.session);
  units = await unitsByCode(srv, s.gm.session);
  const loans = (await s.gm.get('/api/v1/loans?limit=100')).json.loans;
  kitaDevice = loans.find((l) => l.unit_id === units.KITA.id && l.state === 'received').device_id;
});
after(async () => { await srv.stop(); });

const id = (login) => users[login].id;
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
const tokyoMonth = (ms) => tokyoDay(ms).slice(0, 7);
// this month and the next in Tokyo: a meeting is reported a day ahead
const FROM = tokyoMonth(Date.now());
const TO = tokyoMonth(Date.now() + 40 * 86400e3);
const PERIOD = `from=${FROM}&to=${TO}`;

// Identifying values of the test case: none may leave in the cases export.
const POST_REF = 'https://sns.example/stats-secret-handle-7781';
const POST_TEXT = '（架空）統計テスト家出中の書き込み-秘匿';
const CHILD = '（架空）統計 秘子';

async function download(path, cookie) {
  const r = await fetch(srv.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'),
    disposition: r.headers.get('content-disposition'),
    body: Buffer.from(await r.arrayBuffer()) };
}

const totals = async (who = 'gm', unit = units.KITA.id) => {
  const r = await s[who].get(`/api/v1/statistics?${PERIOD}&unit_id=${unit}`);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.units.length, 1);
  return r.json.units[0].totals;
};

const auditSince = (seq) => sql(srv.db,
  `SELECT action || '|' || object_type || '|' || object_id || '|' || detail FROM audit_log WHERE seq > ${seq} ORDER BY seq`)
  .split('\n').filter((l) => l);

// A KITA case taken through every figure: reported, judged high,
// assigned, a message sent, a meeting held with a juvenile guided for
// inappropriate posting and the guardians told, one follow-up measure.
async function throughEveryFigure() {
  let m = { json: await instructedMeeting(s, {
    kita: units.KITA.id, ids: { comm: id('kita-comm'), officer: id('kita-officer') }, device: kitaDevice,
    post: { post_ref: POST_REF, post_text: POST_TEXT },
    message: { direction: 'sent', text: '（架空）こんにちは' },
  }) };
  m = await s['kita-comm'].post(`/api/v1/meetings/${m.json.id}/outcome`, {
    version: m.json.version, met: true, juvenile: true, child_name: CHILD, child_kana: 'とうけい ひこ',
    child_birth: '2010-04-02', child_contact: '090-0000-7781', child_school: '（架空）中央中学校 3年',
    guardian_name: '（架空）統計 和子', guardian_contact: '096-000-7781',
    guidance: 'unwholesome_entertainment', guidance_note: '不適切な書き込みについて指導した',
    guardians_told: true, guardian: '母', guardians_told_at: iso(Date.now() - 3600e3),
    guardians_told_how: '来署の上で面談', guardians_urged: true,
  });
  assert.equal(m.status, 200, m.text);
  m = await s['kita-comm'].post(`/api/v1/meetings/${m.json.id}/report-results`, { version: m.json.version });
  assert.equal(m.status, 200, m.text);
  m = await s['kita-manager'].post(`/api/v1/meetings/${m.json.id}/assess`, {
    version: m.json.version, victim_history: 'なし', delinquency_history: 'なし', guidance_history: 'なし',
    guardian_capacity: '母が監護', friendships: 'SNS上の成人と交流', support_needed: true,
  });
  assert.equal(m.status, 200, m.text);
  m = await s['kita-manager'].post(`/api/v1/meetings/${m.json.id}/measures`,
    { version: m.json.version, kind: 'continued_guidance', decided_on: tokyoDay(Date.now()) });
  assert.equal(m.status, 200, m.text);
  return { id: m.json.case_id }; // the case (only its id is needed)
}

let made;

test('issue 11: every figure counts a case taken through it, in its unit', async () => {
  const before = await totals();
  const minamiBefore = await totals('gm', units.MINAMI.id);
  made = await throughEveryFigure();
  const after = await totals();
  const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
  assert.deepEqual(delta, {
    reports: 1, judged_high: 1, messages_sent: 1, meetings: 1, guided_entertainment: 1,
    guided_sexual_conduct: 0, guardians_told: 1, measures: 1,
  });
  assert.deepEqual(await totals('gm', units.MINAMI.id), minamiBefore, 'another unit unchanged');
  // the month where it happened, by the Tokyo calendar
  const r = await s.gm.get(`/api/v1/statistics?${PERIOD}`);
  assert.equal(r.json.from, FROM);
  assert.equal(r.json.to, TO);
  assert.match(r.json.months[0].label, /^令和\d+年\d+月$|^令和元年\d+月$/);
  assert.equal(r.json.months[0].month, FROM);
});

test('issue 11: HQ sees every unit and the total; a station only its own', async () => {
  const hq = await s.gm.get(`/api/v1/statistics?${PERIOD}`);
  assert.equal(hq.status, 200, hq.text);
  assert.equal(hq.json.unit_id, null);
  assert.ok(hq.json.units.length >= 3, 'every unit');
  assert.ok(hq.json.total, 'the total');
  const sum = hq.json.units.reduce((n, u) => n + u.totals.reports, 0);
  assert.equal(hq.json.total.totals.reports, sum);
  const st = await s['kita-manager'].get(`/api/v1/statistics?${PERIOD}`);
  assert.equal(st.status, 200, st.text);
  assert.deepEqual(st.json.units.map((u) => u.unit_id), [units.KITA.id]);
  assert.equal(st.json.total, null);
  assert.equal((await s['kita-manager'].get(`/api/v1/statistics?${PERIOD}&unit_id=${units.KITA.id}`)).status, 200);
  // a role that reads no case reads no statistics
  assert.equal((await s.infosec.get(`/api/v1/statistics?${PERIOD}`)).status, 403);
});

test('issue 11: a station naming another unit is refused 403, audited, on every front end', async () => {
  const head = auditHead(srv.db);
  const r = await s['kita-manager'].get(`/api/v1/statistics?${PERIOD}&unit_id=${units.MINAMI.id}`);
  assert.equal(r.status, 403);
  assert.match(r.json.error.message, /許可されていません/);
  const e = await download(`/api/v1/statistics/export?${PERIOD}&unit_id=${units.MINAMI.id}`,
    s['kita-manager'].session.cookie);
  assert.equal(e.status, 403);
  const w = await download(`/statistics?${PERIOD}&unit_id=${units.MINAMI.id}`, web['kita-manager']);
  assert.equal(w.status, 403);
  const trail = auditSince(head);
  assert.equal(trail.filter((l) => l.startsWith('access.denied')).length, 3, trail.join('\n'));
  assert.ok(!trail.some((l) => l.startsWith('statistics.')), 'nothing read');
});

test('issue 11: a bad period gets the same Japanese message on both front ends', async () => {
  const cases = [
    ['from=2026-13&to=2026-12', 'from', '期間の始めは YYYY-MM の形（例：2026-04）で指定してください。'],
    ['from=2026-05&to=2026-04', 'to', '期間の終わりは始め以後の月にしてください。'],
    ['from=2024-01&to=2026-01', 'to', '期間は24か月以内で指定してください。'],
    ['year=26', 'year', '年は西暦4桁（例：2026）で指定してください。'],
    ['year=2026&basis=weekly', 'basis', '集計の単位は calendar（暦年）または fiscal（年度）で指定してください。'],
    ['unit_id=abc', 'unit_id', '所属の指定が正しくありません。'],
  ];
  for (const [q, field, message] of cases) {
    const r = await s.gm.get(`/api/v1/statistics?${q}`);
    assert.equal(r.status, 422, q);
    assert.equal(r.json.error.field, field, q);
    assert.equal(r.json.error.message, message, q);
    const w = await download(`/statistics?${q}`, web.gm);
    assert.equal(w.status, 422, q);
    assert.ok(w.body.toString().includes(message), q);
  }
  // a year: 暦年 or 年度
  const cal = await s.gm.get('/api/v1/statistics?year=2026&basis=calendar');
  assert.deepEqual([cal.json.from, cal.json.to], ['2026-01', '2026-12']);
  const fy = await s.gm.get('/api/v1/statistics?year=2026&basis=fiscal');
  assert.deepEqual([fy.json.from, fy.json.to], ['2026-04', '2027-03']);
  assert.equal(fy.json.months.length, 12);
});

test('issue 11: the page shows the table and an inline SVG chart without any external reference', async () => {
  const head = auditHead(srv.db);
  const r = await page(srv, `/statistics?${PERIOD}`, web.gm);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>統計<\/h1>/);
  assert.match(r.text, /<table class="stats">/);
  assert.match(r.text, /書き込み発見報告/);
  assert.match(r.text, /全所属（合計）/);
  assert.match(r.text, /<svg [^>]*role="img"/);
  assert.match(r.text, /<rect /);
  const svgs = r.text.match(/<svg[\s\S]*?<\/svg>/g);
  assert.ok(svgs.length >= 8, 'a chart per figure');
  for (const svg of svgs) {
    assert.doesNotMatch(svg, /href|url\(|https?:|<script|<image|<foreignobject/i);
  }
  assert.doesNotMatch(r.text, /<script/);
  assert.match(r.text, /href="\/statistics\/export\?from=[^"]*&amp;format=xlsx"/);
  // the unit picker: every unit for HQ
  assert.match(r.text, new RegExp(`<option value="${units.MINAMI.id}"`));
  // the station's page: its own unit, no picker entry of another
  const st = await page(srv, '/statistics', web['kita-manager']);
  assert.equal(st.status, 200);
  assert.doesNotMatch(st.text, new RegExp(`<option value="${units.MINAMI.id}"`));
  assert.match(st.text, /href="\/statistics"/, 'the navigation links it');
  const trail = auditSince(head);
  assert.equal(trail.filter((l) => l.startsWith('statistics.read|statistics|')).length, 2, trail.join('\n'));
  assert.ok(trail.some((l) => l.includes('"way":"page"')));
  // a station's read names the unit it counted
  await s['kita-manager'].get(`/api/v1/statistics?${PERIOD}`);
  assert.match(auditSince(head).pop(), new RegExp(`^statistics\\.read\\|statistics\\|0\\|.*"units":\\[${units.KITA.id}\\].*"way":"api"`));
});

test('issue 11: the statistics export as UTF-8 CSV with a BOM, CP932 and XLSX, audited', async () => {
  const head = auditHead(srv.db);
  const r = await download(`/api/v1/statistics/export?${PERIOD}`, s.gm.session.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'text/csv; charset=utf-8');
  assert.match(r.disposition, /^attachment; filename="statistics-\d{4}-\d\d-\d\d\.csv"$/);
  assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = r.body.subarray(3).toString('utf8');
  const lines = text.split('\r\n').filter((l) => l);
  assert.equal(lines[0], '月,和暦,所属,書き込み発見報告,保護の必要性が高い事案,交信（送信）,面会,補導（不健全娯楽）,補導（不健全性的行為）,保護者への連絡,継続的な措置');
  assert.ok(lines.some((l) => l.startsWith(`${FROM},`) && l.includes(units.KITA.name)));
  assert.ok(lines.some((l) => l.includes('全所属（合計）')));
  const sj = await download(`/statistics/export?${PERIOD}&charset=cp932`, web.gm);
  assert.equal(sj.status, 200);
  assert.equal(sj.type, 'text/csv; charset=Shift_JIS');
  assert.equal(new TextDecoder('shift_jis').decode(sj.body), text);
  const x = await download(`/api/v1/statistics/export?${PERIOD}&format=xlsx`, s.gm.session.cookie);
  assert.equal(x.status, 200);
  assert.equal(x.body.subarray(0, 2).toString(), 'PK');
  const f = join(dir, 'stats.xlsx');
  writeFileSync(f, x.body);
  const strings = execFileSync('unzip', ['-p', f, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  assert.match(strings, /書き込み発見報告/);
  assert.match(strings, new RegExp(units.KITA.name));
  const bad = await download(`/api/v1/statistics/export?${PERIOD}&format=pdf`, s.gm.session.cookie);
  assert.equal(bad.status, 422);
  // the station's export holds its own unit only
  const st = await download(`/api/v1/statistics/export?${PERIOD}`, s['kita-manager'].session.cookie);
  assert.equal(st.status, 200);
  assert.ok(!st.body.toString('utf8').includes(units.MINAMI.name));
  const trail = auditSince(head).filter((l) => l.startsWith('statistics.export|'));
  assert.equal(trail.length, 4, 'each export made is on record');
  assert.ok(trail.some((l) => l.includes('"format":"xlsx"')));
});

test('issue 11: the cases list exports without any identifying value, each case audited as read', async () => {
  if (!made) made = await throughEveryFigure();
  const head = auditHead(srv.db);
  const r = await download('/api/v1/cases/export', s.gm.session.cookie);
  assert.equal(r.status, 200);
  assert.match(r.disposition, /filename="cases-\d{4}-\d\d-\d\d\.csv"/);
  const text = r.body.subarray(3).toString('utf8');
  const lines = text.split('\r\n').filter((l) => l);
  assert.match(lines[0], /^番号,報告所属,発見日時,サービス名,状態/);
  assert.ok(lines.some((l) => l.startsWith(`${made.id},`)), 'the case is in it');
  for (const secret of [POST_REF, POST_TEXT, CHILD, 'stats-secret-handle', '2010-04-02',
    '（架空）こんにちは', 'とうけい', '090-0000-7781', '家出・宿泊先']) {
    assert.ok(!text.includes(secret), `no ${secret}`);
  }
  const x = await download('/api/v1/cases/export?format=xlsx', s.gm.session.cookie);
  assert.equal(x.status, 200);
  const f = join(dir, 'cases.xlsx');
  writeFileSync(f, x.body);
  const xml = execFileSync('unzip', ['-p', f], { encoding: 'utf8' });
  for (const secret of [POST_REF, POST_TEXT, CHILD]) assert.ok(!xml.includes(secret), `no ${secret} in XLSX`);
  // every case exported is a case read (way export), and the export itself
  const trail = auditSince(head);
  const rows = lines.length - 1;
  assert.equal(trail.filter((l) => l.startsWith('case.read|') && l.includes('"way":"export"')).length,
    rows * 2, 'one read per case per export');
  assert.ok(trail.some((l) => l.startsWith(`case.read|case|${made.id}|`)));
  assert.equal(trail.filter((l) => l.startsWith('register.export|cases|')).length, 2);
  // a station exports the cases it may read only
  const st = await download('/api/v1/cases/export', s['minami-manager'].session.cookie);
  assert.equal(st.status, 200);
  assert.ok(!st.body.toString('utf8').split('\r\n').some((l) => l.startsWith(`${made.id},`)));
  // the web list links it
  const list = await page(srv, '/cases', web.gm);
  assert.match(list.text, /href="\/cases\/export"/);
});
