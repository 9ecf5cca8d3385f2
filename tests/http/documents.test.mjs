// documents.test.mjs - the printed forms (issue 11): every record with a
// form prints as an A4 PDF from the web (印刷（PDF）) and the API, with the
// fonts embedded, the dates in 和暦, the office's document number, the
// approval boxes filled from the approval chain, and each print audited
// (document.print).  The server runs sandboxed (the default): fontconfig and
// pango have read their files before it confined itself.  A user of another
// unit gets no form and leaves no print in the trail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, page, items, tempDir, auditEntries,
  unitsByCode,
} from '../lib/server.mjs';

let srv;
let dir;
const s = {};

// Each printable register: its path, form, title and a text of its chain.
const FORMS = [
  { path: 'designations', form: '様式第1号', title: '交信担当者指定簿' },
  { path: 'loans', form: '様式第2号', title: '貸出管理簿', retention: '3年（暦年）' },
  { path: 'applications', form: '様式第3号', title: '借用申請書' },
  { path: 'takeouts', form: '細目様式第1号', title: 'モバイル端末・外部記録媒体等利用管理簿' },
  { path: 'services', form: '細目様式第9号', title: '利用規約による外部サービス利用申請書' },
  { path: 'exceptions', form: '細目様式第12号', title: '例外措置適用申請書' },
];

before(async () => {
  srv = await startServer();
  dir = tempDir('mamori-documents-');
  for (const who of ['gm', 'minami-manager', 'kita-manager']) s[who] = await login(srv, who);
});
after(async () => { await srv.stop(); });

async function getPdf(path, cookie) {
  const r = await fetch(srv.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'),
    disposition: r.headers.get('content-disposition'),
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

/* The PDF's fonts: both Noto CJK families, every font embedded. */
function checkFonts(body) {
  const rows = tool('pdffonts', [], body).split('\n').slice(2).filter((l) => l.trim());
  assert.ok(rows.some((l) => /NotoSerifCJKjp/.test(l)), 'Noto Serif CJK JP');
  assert.ok(rows.some((l) => /NotoSansCJKjp/.test(l)), 'Noto Sans CJK JP');
  for (const l of rows) assert.match(l, /\syes\s+yes\s+yes\s/, `embedded: ${l}`);
}

async function firstId(path, who = 'gm') {
  return items((await as(srv, s[who]).get(`/api/v1/${path}`)).json)[0];
}

for (const f of FORMS) {
  test(`issue 11: ${f.form} ${f.title} prints as an A4 PDF with embedded fonts, 和暦 and the 決裁欄, audited`, async () => {
    const rec = await firstId(f.path);
    assert.ok(rec, `a ${f.path} record in the demo`);
    const r = await getPdf(`/api/v1/${f.path}/${rec.id}/pdf`, s.gm.cookie);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/pdf');
    assert.match(r.disposition, /^inline; filename="[a-z0-9]+-\d+\.pdf"$/);
    assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
    const text = textOf(r.body);
    assert.match(text, new RegExp(f.form));
    assert.match(text, new RegExp(f.title));
    // The number is the form's serial of the year (no longer the record's id).
    assert.match(text, /熊少第\d+号/, 'the document number');
    assert.match(text, /令和\d+年\d+月\d+日/, 'dates in 和暦');
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\d/, 'no ISO dates on a form');
    assert.match(text, /決/);
    assert.match(text, new RegExp(`保存期間\\s+${f.retention || '1年（暦年）'}`), 'its retention class');
    const info = tool('pdfinfo', [], r.body);
    assert.match(info, /Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
    checkFonts(r.body);
    const printed = (await auditEntries(srv, s.gm, '?limit=20')).filter(
      (e) => e.action === 'document.print' && e.object_type === f.path && e.object_id === rec.id);
    assert.ok(printed.length >= 1, 'document.print in the trail');
  });
}

test('issue 11: the approval boxes carry each approver\'s name and date from the chain', async () => {
  const loan = await firstId('loans');
  const full = (await as(srv, s.gm).get(`/api/v1/loans/${loan.id}`)).json;
  const gm = s.gm.user.name;
  const text = textOf((await getPdf(`/api/v1/loans/${loan.id}/pdf`, s.gm.cookie)).body);
  assert.ok(full.lent_by, 'a lent loan');
  // The general manager lent it: the first box holds the name.
  assert.match(text, new RegExp(gm.replace(/\s/g, '\\s*')));
  assert.match(text, /統括運用管理者/);
  assert.match(text, /受領者/);
});

test('issue 11: 印刷（PDF） on the record page prints the same form through the web', async () => {
  const { cookie } = await webLogin(srv, 'gm');
  const app = await firstId('applications');
  const html = await page(srv, `/applications/${app.id}`, cookie);
  assert.equal(html.status, 200);
  assert.match(html.text, new RegExp(`<a [^>]*href="/applications/${app.id}/pdf"[^>]*>印刷（PDF）</a>`));
  const r = await getPdf(`/applications/${app.id}/pdf`, cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/pdf');
  assert.match(textOf(r.body), /借用申請書/);
});

test('issue 11: a user of another unit gets no form, and no print is recorded', async () => {
  const units = await unitsByCode(srv, s.gm);
  const all = items((await as(srv, s.gm).get('/api/v1/applications')).json);
  const other = all.find((a) => a.unit_id !== units.MINAMI.id);
  assert.ok(other);
  const before = (await auditEntries(srv, s.gm, '?limit=50')).filter((e) => e.action === 'document.print').length;
  const r = await getPdf(`/api/v1/applications/${other.id}/pdf`, s['minami-manager'].cookie);
  assert.ok(r.status === 403 || r.status === 404, `refused: ${r.status}`);
  assert.notEqual(r.type, 'application/pdf');
  const msg = JSON.parse(r.body.toString());
  assert.match(JSON.stringify(msg), /[ぁ-んァ-ン一-龥]/, 'a Japanese message');
  const web = await webLogin(srv, 'minami-manager');
  const w = await getPdf(`/applications/${other.id}/pdf`, web.cookie);
  assert.ok(w.status === 403 || w.status === 404, `web refused: ${w.status}`);
  assert.match(w.type, /text\/html/);
  const after = (await auditEntries(srv, s.gm, '?limit=50')).filter((e) => e.action === 'document.print').length;
  assert.equal(after, before, 'no document.print for a refused print');
});

test('issue 11: a record that does not exist prints nothing (404)', async () => {
  const r = await getPdf('/api/v1/applications/999999/pdf', s.gm.cookie);
  assert.equal(r.status, 404);
  assert.notEqual(r.type, 'application/pdf');
});

test('issue 11: [documents] number_prefix and stamp set the document number and the empty boxes', async () => {
  const ini = join(dir, 'mamori.ini');
  writeFileSync(ini, '[documents]\nnumber_prefix = 熊本少\nstamp =\n');
  const other = await startServer({ config: ini });
  try {
    const gm = await login(other, 'gm');
    const app = items((await as(other, gm).get('/api/v1/applications')).json)
      .find((a) => a.state === 'submitted');
    assert.ok(app, 'an application waiting: its 統括運用管理者 box is empty');
    const r = await fetch(`${other.url}/api/v1/applications/${app.id}/pdf`, { headers: { Cookie: gm.cookie } });
    assert.equal(r.status, 200);
    const text = textOf(Buffer.from(await r.arrayBuffer()));
    // The first form 3 issued in this database this year: serial 1.
    assert.match(text, /熊本少第1号/);
    assert.doesNotMatch(text, /印/, 'no seal caption');
  } finally {
    await other.stop();
  }
  // The default: the seal's place is captioned 印 in an empty box.
  const app = items((await as(srv, s.gm).get('/api/v1/applications')).json)
    .find((a) => a.state === 'submitted');
  const text = textOf((await getPdf(`/api/v1/applications/${app.id}/pdf`, s.gm.cookie)).body);
  assert.match(text, /印/);
});
