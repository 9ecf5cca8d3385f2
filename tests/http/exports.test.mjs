// exports.test.mjs - the registers as spreadsheets (issue 11): CSV in UTF-8
// with a byte order mark (Excel), CP932 on request with a clear refusal of a
// character CP932 cannot hold (𠮷), XLSX; the columns are the descriptors'
// labels, the rows those of the viewer's unit, a cell that would run as a
// formula is defused, and every export is audited (register.export).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, page, items, tempDir, auditEntries,
  unitsByCode, allPages,
} from '../lib/server.mjs';

let srv;
let dir;
const s = {};
const REGISTERS = ['designations', 'loans', 'applications', 'takeouts', 'services', 'exceptions', 'devices'];

before(async () => {
  srv = await startServer();
  dir = tempDir('mamori-exports-');
  for (const who of ['gm', 'kita-manager']) s[who] = as(srv, await login(srv, who));
});
after(async () => { await srv.stop(); });

async function download(path, cookie) {
  const r = await fetch(srv.url + path, { headers: { Cookie: cookie }, redirect: 'manual' });
  return { status: r.status, type: r.headers.get('content-type'),
    disposition: r.headers.get('content-disposition'),
    body: Buffer.from(await r.arrayBuffer()) };
}

/* Lines of a CSV without quoted line breaks (the demo has none). */
const lines = (text) => text.split('\r\n').filter((l) => l !== '');

for (const reg of REGISTERS) {
  test(`issue 11: ${reg} exports as UTF-8 CSV with a BOM, the descriptor's labels and the visible rows, audited`, async () => {
    const r = await download(`/api/v1/${reg}/export`, s.gm.session.cookie);
    assert.equal(r.status, 200);
    assert.equal(r.type, 'text/csv; charset=utf-8');
    assert.match(r.disposition, /^attachment; filename="[a-z-]+-\d{4}-\d\d-\d\d\.csv"$/);
    assert.deepEqual([...r.body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the BOM');
    const rows = lines(r.body.subarray(3).toString('utf8'));
    assert.equal(rows[0].split(',')[0], '番号');
    const listed = await allPages(srv, s.gm.session, `/api/v1/${reg}`);
    assert.equal(rows.length - 1, listed.length, 'one line per record');
    const ids = rows.slice(1).map((l) => Number(l.split(',')[0])).sort((a, b) => a - b);
    assert.deepEqual(ids, listed.map((x) => x.id).sort((a, b) => a - b));
    const audit = (await auditEntries(srv, s.gm.session, '?limit=10'))
      .find((e) => e.action === 'register.export' && e.object_type === reg);
    assert.ok(audit, 'register.export in the trail');
    assert.match(JSON.stringify(audit), new RegExp(`rows\\\\?"?:\\s*${listed.length}`));
  });
}

test('issue 11: the lending register in CP932 reads back as the same text', async () => {
  const utf8 = (await download('/api/v1/loans/export', s.gm.session.cookie)).body.subarray(3).toString('utf8');
  const r = await download('/api/v1/loans/export?charset=cp932', s.gm.session.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'text/csv; charset=Shift_JIS');
  assert.notEqual(r.body[0], 0xef, 'no BOM in CP932');
  assert.equal(new TextDecoder('shift_jis').decode(r.body), utf8);
  assert.match(utf8, /貸し出す端末,借用所属/);
});

test('issue 11: a station exports only its own unit\'s rows', async () => {
  const units = await unitsByCode(srv, s.gm.session);
  const r = await download('/api/v1/loans/export', s['kita-manager'].session.cookie);
  assert.equal(r.status, 200);
  const rows = lines(r.body.subarray(3).toString('utf8')).slice(1);
  assert.ok(rows.length >= 1);
  for (const l of rows) assert.match(l, new RegExp(units.KITA.name));
  assert.doesNotMatch(r.body.toString('utf8'), new RegExp(units.MINAMI.name));
});

test('issue 11: a character CP932 cannot hold is refused by name, nothing exported; a formula is defused', async () => {
  const made = await s.gm.post('/api/v1/devices', {
    model: '𠮷野モデル', serial: `SN-EXPORT-${Date.now()}`, remarks: '=HYPERLINK("http://x")',
  });
  assert.equal(made.status, 201, made.text);
  const before = (await auditEntries(srv, s.gm.session, '?limit=50')).filter((e) => e.action === 'register.export').length;
  const r = await download('/api/v1/devices/export?charset=cp932', s.gm.session.cookie);
  assert.equal(r.status, 422);
  const body = JSON.parse(r.body.toString());
  assert.match(body.error.message, /「𠮷」（\d+行目）はCP932（Shift_JIS）で表せない文字です。/);
  assert.equal(body.error.field, 'charset');
  const web = await webLogin(srv, 'gm');
  const w = await download('/devices/export?charset=cp932', web.cookie);
  assert.equal(w.status, 422);
  assert.match(w.body.toString(), /「𠮷」（\d+行目）はCP932（Shift_JIS）で表せない文字です。/, 'the same message on the web');
  const after = (await auditEntries(srv, s.gm.session, '?limit=50'));
  assert.equal(after.filter((e) => e.action === 'register.export').length, before, 'no export recorded');
  // UTF-8 holds it; the remark that looks like a formula is text.
  const ok = (await download('/api/v1/devices/export', s.gm.session.cookie)).body.toString('utf8');
  assert.match(ok, /𠮷野モデル/);
  assert.match(ok, /,"'=HYPERLINK\(""http:\/\/x""\)",/);
});

test('issue 11: a bad format or charset gets the same Japanese message on both front ends', async () => {
  const a = await download('/api/v1/loans/export?format=pdf', s.gm.session.cookie);
  assert.equal(a.status, 422);
  assert.equal(JSON.parse(a.body.toString()).error.message, '出力形式は csv または xlsx で指定してください。');
  const b = await download('/api/v1/loans/export?charset=euc-jp', s.gm.session.cookie);
  assert.equal(b.status, 422);
  assert.equal(JSON.parse(b.body.toString()).error.message, '文字コードは utf-8 または cp932 で指定してください。');
  const c = await download('/api/v1/loans/export?format=xlsx&charset=cp932', s.gm.session.cookie);
  assert.equal(c.status, 422);
  const web = await webLogin(srv, 'gm');
  const w = await download('/loans/export?format=pdf', web.cookie);
  assert.equal(w.status, 422);
  assert.match(w.body.toString(), /出力形式は csv または xlsx で指定してください。/);
});

test('issue 11: the lending register as XLSX holds the same cells', async () => {
  const r = await download('/api/v1/loans/export?format=xlsx', s.gm.session.cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.disposition, /lending-register-\d{4}-\d\d-\d\d\.xlsx/);
  assert.equal(r.body.subarray(0, 2).toString(), 'PK');
  const f = join(dir, 'loans.xlsx');
  writeFileSync(f, r.body);
  const strings = execFileSync('unzip', ['-p', f, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
  const book = execFileSync('unzip', ['-p', f, 'xl/workbook.xml'], { encoding: 'utf8' });
  assert.match(book, /name="貸出管理簿"/);
  for (const label of ['番号', '貸し出す端末', '借用所属', '返却期限', '受領・教養済']) {
    assert.match(strings, new RegExp(label));
  }
});

test('issue 11: each register list page links its exports', async () => {
  const { cookie } = await webLogin(srv, 'gm');
  const html = await page(srv, '/loans', cookie);
  assert.equal(html.status, 200);
  assert.match(html.text, /href="\/loans\/export"[^>]*>CSV（Excel用）/);
  assert.match(html.text, /href="\/loans\/export\?charset=cp932"[^>]*>CSV（Shift_JIS）/);
  assert.match(html.text, /href="\/loans\/export\?format=xlsx"[^>]*>Excel（XLSX）/);
  const r = await download('/loans/export', cookie);
  assert.equal(r.status, 200);
  assert.equal(r.type, 'text/csv; charset=utf-8');
});
