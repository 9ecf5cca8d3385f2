// documents_forms.test.mjs - the remaining printed forms of issue 11 and
// the yearly document numbers: form 4 (写真使用承認申請書, R-PHOTO-2), form 5
// (実施結果報告書, R-CASE-8: the child's sealed particulars, printed only to
// whoever may read the meeting, and the print audited as a read of it),
// detail form 5 (貸与携帯電話登録簿) and detail form 6 (外部記録媒体点検表)
// of a loan (R-DEV-5).  Each prints as an A4 PDF with both Noto CJK fonts
// embedded, 和暦 dates and the 決裁欄 from its chain; a user of another unit
// gets a 403 that the trail records and no print.  The number is
// 「熊少第N号」 with N the form's serial of the calendar year: given at the
// first print, the same on a reprint, never shared by concurrent prints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, page, tempDir, auditEntries, usersByLogin, unitsByCode,
} from '../lib/server.mjs';
import { instructedMeeting } from '../lib/cases.mjs';
import { receivedLoan } from '../lib/loans.mjs';
import { addDays, hoursFromNow, today } from '../lib/dates.mjs';

let srv;
let dir;
const s = {};
let users;

const year = () => Number(today().slice(0, 4));

before(async () => {
  dir = tempDir('mamori-forms-');
  // the meetings' child particulars are sealed under the field key
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n`);
  srv = await startServer({ config });
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'kita-comm', 'minami-manager']) {
    s[who] = as(srv, await login(srv, who));
  }
  users = await usersByLogin(srv, s.gm.session);
});
after(async () => { await srv.stop(); });

async function getPdf(path, cookie) {
  const r = await fetch(srv.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'),
    body: Buffer.from(await r.arrayBuffer()) };
}

let n = 0;
function tool(cmd, args, body) {
  const f = join(dir, `f${n++}.pdf`);
  writeFileSync(f, body);
  return execFileSync(cmd, [...args, f, ...(cmd === 'pdftotext' ? ['-'] : [])],
    { encoding: 'utf8' });
}
const textOf = (body) => tool('pdftotext', ['-layout'], body);
// pdftotext -layout spreads a name over the cells: compare without spaces.
const flat = (t) => t.replace(/\s+/g, '');

function checkPdf(r, form, title) {
  assert.equal(r.status, 200, r.body.toString().slice(0, 200));
  assert.equal(r.type, 'application/pdf');
  const text = textOf(r.body);
  assert.match(text, new RegExp(form));
  assert.match(text, new RegExp(title));
  assert.match(text, /熊少第\d+号/, 'the document number');
  assert.match(text, /令和\d+年\d+月\d+日/, 'dates in 和暦');
  assert.doesNotMatch(text, /\d{4}-\d\d-\d\d/, 'no ISO dates on a form');
  assert.match(text, /決/);
  assert.match(tool('pdfinfo', [], r.body), /Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  const rows = tool('pdffonts', [], r.body).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(rows.some((l) => /NotoSerifCJKjp/.test(l)), 'Noto Serif CJK JP');
  assert.ok(rows.some((l) => /NotoSansCJKjp/.test(l)), 'Noto Sans CJK JP');
  for (const l of rows) assert.match(l, /\syes\s+yes\s+yes\s/, `embedded: ${l}`);
  return text;
}

const serialOf = (text) => Number(/熊少第(\d+)号/.exec(text)[1]);

async function prints(path, id) {
  return (await auditEntries(srv, s.gm.session, '?limit=200')).filter(
    (e) => e.action === 'document.print' && e.object_type === path && e.object_id === id);
}

// A device lent to kita and received: the loan of form 4's device.
async function kitaLoan() {
  const loan = await receivedLoan(s, { model: 'AQUOS', prefix: 'PF' });
  const d = await s.gm.get(`/api/v1/devices/${loan.device_id}`);
  assert.equal(d.status, 200, d.text);
  return { device: d.json, loan };
}

async function exception(kind) {
  const e = await s.gm.post('/api/v1/exceptions', { kind, scope: '北署', purpose: '保護のための交信' });
  assert.equal(e.status, 201, e.text);
  const ok = await s.infosec.post(`/api/v1/exceptions/${e.json.id}/approve`, {
    version: e.json.version, scope: '北署のみ', valid_from: addDays(today(), -1), valid_until: addDays(today(), 30),
  });
  assert.equal(ok.status, 200, ok.text);
}

test('issue 11, R-PHOTO-2: form 4 prints with the applicant and the manager\'s approval in the 決裁欄, audited', async () => {
  const { device } = await kitaLoan();
  await exception('photo_store');
  await exception('photo_send');
  const r = await s['kita-comm'].post('/api/v1/photo-approvals', {
    staff_id: users['kita-assistant'].id, consent: true,
    purpose: '交信相手から顔写真を求められた場合に送信するため', device_id: device.id,
  });
  assert.equal(r.status, 201, r.text);
  const ok = await s['kita-manager'].post(`/api/v1/photo-approvals/${r.json.id}/approve`, { version: r.json.version });
  assert.equal(ok.status, 200, ok.text);
  const text = checkPdf(await getPdf(`/api/v1/photo-approvals/${r.json.id}/pdf`, s.gm.session.cookie),
    '様式第4号', '警察職員の写真使用承認申請書');
  const t = flat(text);
  assert.ok(t.includes(flat(users['kita-manager'].name)), 'the approving manager in a box');
  assert.ok(t.includes(flat(users['kita-comm'].name)), 'the applicant');
  assert.ok(t.includes(flat(users['kita-assistant'].name)), 'the staff member of the photo, by name');
  assert.ok(t.includes('交信相手から顔写真を求められた場合に送信するため'));
  assert.ok(t.includes(`保存期間1年（暦年）`));
  assert.equal((await prints('photo-approvals', r.json.id)).length, 1, 'document.print in the trail');
  // The web: 印刷（PDF） on the record's page, the same form.
  const { cookie } = await webLogin(srv, 'kita-manager');
  const html = await page(srv, `/photo-approvals/${r.json.id}`, cookie);
  assert.match(html.text, new RegExp(`<a [^>]*href="/photo-approvals/${r.json.id}/pdf"[^>]*>印刷（PDF）</a>`));
  checkPdf(await getPdf(`/photo-approvals/${r.json.id}/pdf`, cookie), '様式第4号', '警察職員の写真使用承認申請書');
  // Another station's manager: 403, on record, no form and no print.
  const before = (await prints('photo-approvals', r.json.id)).length;
  const x = await getPdf(`/api/v1/photo-approvals/${r.json.id}/pdf`, s['minami-manager'].session.cookie);
  assert.equal(x.status, 403);
  assert.notEqual(x.type, 'application/pdf');
  assert.match(x.body.toString(), /[ぁ-んァ-ン一-龥]/, 'a Japanese message');
  const denied = (await auditEntries(srv, s.gm.session, '?limit=50')).filter(
    (e) => e.action === 'access.denied' && e.actor_login === 'minami-manager');
  assert.ok(denied.length >= 1, 'the refusal is in the trail');
  assert.equal((await prints('photo-approvals', r.json.id)).length, before);
});

// A meeting of a KITA case, met and reported with form 5 (as in
// meetings.test.mjs): the child's particulars sealed at rest.
async function reportedMeeting(device) {
  const units = await unitsByCode(srv, s.gm.session);
  const id = (login) => users[login].id;
  let m = { json: await instructedMeeting(s, {
    kita: units.KITA.id, ids: { comm: id('kita-comm'), officer: id('kita-officer') }, device,
    instructions: '女性職員が先に接触し、男性職員は後方で待機',
  }) };
  m = await s['kita-comm'].post(`/api/v1/meetings/${m.json.id}/outcome`, {
    version: m.json.version, met: true, juvenile: true, child_name: '（架空）熊本 花子',
    child_kana: 'くまもと はなこ', child_birth: '2010-04-02', child_contact: '090-0000-0000',
    child_school: '（架空）中央中学校 3年', guardian_name: '（架空）熊本 和子',
    guardian_contact: '096-000-0000', guidance: 'unwholesome_entertainment',
    guidance_note: '不適切な書き込みについて指導した', guardians_told: true, guardian: '母',
    guardians_told_at: hoursFromNow(-1), guardians_told_how: '来署の上で面談', guardians_urged: true,
  });
  assert.equal(m.status, 200, m.text);
  m = await s['kita-comm'].post(`/api/v1/meetings/${m.json.id}/report-results`, { version: m.json.version });
  assert.equal(m.status, 200, m.text);
  return m.json;
}

test('issue 11, R-CASE-8: form 5 prints the results report, the child\'s particulars only to a reader, each print a read on record', async () => {
  const { device } = await kitaLoan();
  const m = await reportedMeeting(device.id);
  const readsBefore = (await auditEntries(srv, s.gm.session, '?limit=200')).filter(
    (e) => e.action === 'meeting.read' && e.object_id === m.id).length;
  const text = checkPdf(await getPdf(`/api/v1/meetings/${m.id}/pdf`, s.gm.session.cookie),
    '様式第5号', '実施結果報告書');
  const t = flat(text);
  assert.ok(t.includes(flat(m.child_name)), 'the child, to a reader of the meeting');
  assert.ok(t.includes('運用管理者'));
  assert.ok(t.includes(flat(users[Object.keys(users).find((k) => users[k].id === m.results_by)].name)),
    'the reporter in the 決裁欄 and as the issuer');
  const trail = await auditEntries(srv, s.gm.session, '?limit=200');
  assert.equal(trail.filter((e) => e.action === 'meeting.read' && e.object_id === m.id).length,
    readsBefore + 1, 'the print is a read of the case data');
  assert.ok(trail.some((e) => e.action === 'document.print' && e.object_type === 'meetings' && e.object_id === m.id));
  // The sealed values never reach the trail.
  assert.ok(!JSON.stringify(trail).includes(m.child_name));
  // Web: the link on the meeting's page, and the same PDF.
  const { cookie } = await webLogin(srv, 'gm');
  const html = await page(srv, `/meetings/${m.id}`, cookie);
  assert.match(html.text, new RegExp(`<a [^>]*href="/meetings/${m.id}/pdf"[^>]*>印刷（PDF）</a>`));
  checkPdf(await getPdf(`/meetings/${m.id}/pdf`, cookie), '様式第5号', '実施結果報告書');
  // A manager of another station may not read the meeting: 403 on both
  // front ends, on record, no child's name, no print and no read.
  const units = await unitsByCode(srv, s.gm.session);
  const outsider = m.unit_id === units.MINAMI.id ? 'kita-manager' : 'minami-manager';
  const before = await auditEntries(srv, s.gm.session, '?limit=200');
  const x = await getPdf(`/api/v1/meetings/${m.id}/pdf`, s[outsider].session.cookie);
  assert.equal(x.status, 403);
  assert.notEqual(x.type, 'application/pdf');
  assert.ok(!x.body.toString().includes(m.child_name));
  const web = await webLogin(srv, outsider);
  const w = await getPdf(`/meetings/${m.id}/pdf`, web.cookie);
  assert.equal(w.status, 403);
  assert.match(w.type, /text\/html/);
  assert.ok(!w.body.toString().includes(m.child_name));
  const after = await auditEntries(srv, s.gm.session, '?limit=200');
  const count = (l, pred) => l.filter(pred).length;
  assert.equal(count(after, (e) => e.action === 'access.denied' && e.actor_login === outsider),
    count(before, (e) => e.action === 'access.denied' && e.actor_login === outsider) + 2);
  for (const a of ['document.print', 'meeting.read']) {
    assert.equal(count(after, (e) => e.action === a && e.object_id === m.id),
      count(before, (e) => e.action === a && e.object_id === m.id), `no ${a}`);
  }
});

test('issue 11, R-DEV-5: detail forms 5 (the unit\'s register) and 6 (the loan\'s checks) print from a loan', async () => {
  const { device, loan } = await kitaLoan();
  const checked = addDays(today(), 0);
  const c = await s['kita-assistant'].post(`/api/v1/loans/${loan.id}/checks`,
    { checked_on: checked, in_cabinet: true, remarks: '施錠を確認' });
  assert.equal(c.status, 201, c.text);
  const reg = checkPdf(await getPdf(`/api/v1/loans/${loan.id}/register/pdf`, s.gm.session.cookie),
    '細目様式第5号', '貸与携帯電話登録簿');
  assert.ok(flat(reg).includes(device.serial), 'the loan\'s device in its unit\'s register');
  assert.ok(flat(reg).includes(`貸出管理簿第${loan.id}号`));
  const chk = checkPdf(await getPdf(`/api/v1/loans/${loan.id}/checks/pdf`, s.gm.session.cookie),
    '細目様式第6号', '外部記録媒体点検表');
  assert.ok(flat(chk).includes('施錠保管庫に保管'));
  assert.ok(flat(chk).includes('施錠を確認'));
  assert.ok(flat(chk).includes(flat(users['kita-assistant'].name)), 'who checked');
  assert.equal((await prints('loans', loan.id)).length, 2);
  const { cookie } = await webLogin(srv, 'kita-manager');
  const html = await page(srv, `/loans/${loan.id}`, cookie);
  assert.match(html.text, new RegExp(`href="/loans/${loan.id}/register/pdf"`));
  assert.match(html.text, new RegExp(`href="/loans/${loan.id}/checks/pdf"`));
  checkPdf(await getPdf(`/loans/${loan.id}/checks/pdf`, cookie), '細目様式第6号', '外部記録媒体点検表');
  // Another station: 403 for both, on record, no print.
  const before = (await prints('loans', loan.id)).length;
  for (const p of ['register', 'checks']) {
    const x = await getPdf(`/api/v1/loans/${loan.id}/${p}/pdf`, s['minami-manager'].session.cookie);
    assert.equal(x.status, 403, p);
    assert.notEqual(x.type, 'application/pdf');
  }
  assert.equal((await prints('loans', loan.id)).length, before);
  const denied = (await auditEntries(srv, s.gm.session, '?limit=50')).filter(
    (e) => e.action === 'access.denied' && e.actor_login === 'minami-manager');
  assert.ok(denied.length >= 2);
});

// A new borrowing application of kita (form 3), not yet printed.
async function newApplication() {
  const start = today();
  const a = await s['kita-manager'].post('/api/v1/applications', {
    consulted_on: start, consulted_with: '松本 正義', consultation: '番号の確認',
    start, due: addDays(start, 30), purpose: '文書番号の確認',
  });
  assert.equal(a.status, 201, a.text);
  return a.json;
}

test('issue 11: the document number is the form\'s serial of the year, given at the first print and the same on a reprint', async () => {
  const a = await newApplication();
  const b = await newApplication();
  const first = serialOf(textOf((await getPdf(`/api/v1/applications/${b.id}/pdf`, s.gm.session.cookie)).body));
  const second = serialOf(textOf((await getPdf(`/api/v1/applications/${a.id}/pdf`, s.gm.session.cookie)).body));
  assert.equal(second, first + 1, 'the next of the year, in the order of issue');
  // A reprint - by another reader, through the web - shows the same number.
  const again = serialOf(textOf((await getPdf(`/api/v1/applications/${b.id}/pdf`, s['kita-manager'].session.cookie)).body));
  assert.equal(again, first);
  const { cookie } = await webLogin(srv, 'gm');
  assert.equal(serialOf(textOf((await getPdf(`/applications/${b.id}/pdf`, cookie)).body)), first);
  // Another form counts on its own: the first form 4 / detail 6 of the
  // year are not numbered after form 3's.
  const e = (await prints('applications', b.id)).map((x) => x.detail);
  assert.ok(e.every((d) => JSON.stringify(d).includes(`${year()}`) && JSON.stringify(d).includes(`${first}`)),
    `every print of it names the year and serial: ${JSON.stringify(e)}`);
});

test('issue 11: concurrent first prints never share a number, and concurrent reprints agree', async () => {
  const apps = [];
  for (let i = 0; i < 8; i++) apps.push(await newApplication());
  const texts = await Promise.all(apps.map((a) =>
    getPdf(`/api/v1/applications/${a.id}/pdf`, s.gm.session.cookie)));
  for (const r of texts) assert.equal(r.status, 200);
  const serials = texts.map((r) => serialOf(textOf(r.body)));
  assert.equal(new Set(serials).size, serials.length, `distinct: ${serials}`);
  const sorted = [...serials].sort((x, y) => x - y);
  assert.equal(sorted[sorted.length - 1] - sorted[0], serials.length - 1, `consecutive: ${sorted}`);
  // Eight reprints of one new document at once: one number.
  const one = await newApplication();
  const again = await Promise.all(Array.from({ length: 8 }, () =>
    getPdf(`/api/v1/applications/${one.id}/pdf`, s.gm.session.cookie)));
  const got = new Set(again.map((r) => serialOf(textOf(r.body))));
  assert.equal(got.size, 1, `one number: ${[...got]}`);
  assert.equal([...got][0], sorted[sorted.length - 1] + 1);
});
