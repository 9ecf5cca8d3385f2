// disposal.test.mjs - retention disposal with holds and the disposal
// register (issue 11, R-RET-1..3), on SQLite and PostgreSQL alike.
//
// Records are made "today" and the server has no client-settable date,
// so documents are back-dated straight in the test database (sql()), as
// the other tests reach into it: the base date is a column of the row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import {
  startServer, login, as, sql, cli, isPg, auditEntries, webLogin, page,
  csrfField, removeDemoDb,
} from '../lib/server.mjs';

let srv;
const s = {};
// 2020-06-15 12:00 JST: past every rule (3 years at most) by now
const OLD = 1592190000;
const MARK = '廃棄確認用の目印XYZ';
// form 3: the demo's two approved applications of this year (the first
// back-dated below) and one still waiting (never listed)
let A_DUE, A_LATER, A_OPEN;

before(async () => {
  srv = await startServer({ keep: true });
  for (const who of ['gm', 'kita-manager', 'kita-comm']) {
    s[who] = as(srv, await login(srv, who));
  }
  const ids = (q) => sql(srv.db, q).split('\n').map(Number);
  [A_DUE, A_LATER] = ids('SELECT id FROM borrow_applications WHERE state = 2 ORDER BY id');
  [A_OPEN] = ids('SELECT id FROM borrow_applications WHERE state = 1 ORDER BY id');
  // form 3 (approved): made long ago, with a text to look for;
  // form 5 no. 1 (the results report of meeting 1): reported long ago.
  sql(srv.db, `UPDATE borrow_applications SET applied_at = ${OLD},`
    + ` purpose = '${MARK}' WHERE id = ${A_DUE}`);
  sql(srv.db, `UPDATE meetings SET results_at = ${OLD} WHERE id = 1`);
});

after(async () => {
  await srv?.stop();
  if (srv) removeDemoDb({ dir: srv.dir, db: srv.db });
});

const due = async () => {
  const r = await s.gm.get('/api/v1/disposal/due');
  assert.equal(r.status, 200, r.text);
  return r.json;
};
// the newest entries of action (the API lists the trail newest first)
const trail = async (action) =>
  (await auditEntries(srv, s.gm.session, '?limit=200')).filter((e) => e.action === action);
const has = (list, type, id) => list.some((d) => d.type === type && d.id === id);

test('R-RET-1: a document past retention is listed with its rule and dates; one not yet due is not', async () => {
  const d = await due();
  const a = d.due.find((x) => x.type === 'form3' && x.id === A_DUE);
  assert.ok(a, JSON.stringify(d));
  assert.equal(a.name, '借用申請書');
  assert.equal(a.form, '様式第3号');
  assert.equal(a.rule, '1年（暦年）');
  assert.equal(a.base_on, '2020-06-15');
  assert.equal(a.disposable_from, '2022-01-01');
  assert.equal(a.hold_id, null);
  assert.ok(has(d.due, 'form5', 1));
  // the other was made this year: kept until 31 December next year
  assert.ok(!has(d.due, 'form3', A_LATER) && !has(d.held, 'form3', A_LATER));
  // one still waiting for a decision: never listed
  assert.ok(!has(d.due, 'form3', A_OPEN));
  // the demo's old refused applications: two due, one held
  assert.ok(d.held.some((x) => x.type === 'form3'), 'the demo holds one');
});

test('R-RET-2: only the general manager sees or disposes (403, audited)', async () => {
  const r = await s['kita-manager'].get('/api/v1/disposal/due');
  assert.equal(r.status, 403);
  const p = await s['kita-manager'].post('/api/v1/disposal',
    { documents: [{ type: 'form3', id: A_DUE }] });
  assert.equal(p.status, 403);
  const h = await s['kita-comm'].post('/api/v1/holds',
    { type: 'form3', id: A_DUE, kind: 'request', reason: '照会' });
  assert.equal(h.status, 403);
  const denied = await trail('access.denied');
  assert.ok(denied.some((e) => JSON.stringify(e).includes('disposal.dispose')), 'denial audited');
  assert.ok((await due()).due.some((x) => x.type === 'form3' && x.id === A_DUE), 'nothing changed');
});

test('R-RET-2: forged types and ids are refused 422 and change nothing', async () => {
  for (const [doc, msg] of [
    [{ type: 'form9', id: 1 }, '文書の種類が正しくありません'],
    [{ type: 'form3', id: 0 }, '文書の番号が正しくありません'],
    [{ type: 'form3', id: '1' }, '文書の番号が正しくありません'],
    [{ type: 'form3', id: 999999 }, '廃棄の対象となる文書ではありません'],
    [{ type: 'form3', id: A_OPEN }, '廃棄の対象となる文書ではありません'],
    [{ type: 'detail5', id: 1 }, '廃棄の対象となる文書ではありません'],
  ]) {
    const r = await s.gm.post('/api/v1/disposal', { documents: [doc] });
    assert.equal(r.status, 422, JSON.stringify(doc) + r.text);
    assert.equal(r.json.error.message, msg);
  }
  const none = await s.gm.post('/api/v1/disposal', { documents: [] });
  assert.equal(none.status, 422);
  const hold = await s.gm.post('/api/v1/holds',
    { type: 'form3', id: 999999, kind: 'request', reason: '照会' });
  assert.equal(hold.status, 422, hold.text);
  const kind = await s.gm.post('/api/v1/holds',
    { type: 'form3', id: A_DUE, kind: 'other', reason: '照会' });
  assert.equal(kind.status, 422);
  assert.equal(kind.json.error.message, '保留の種別を選んでください');
  const blank = await s.gm.post('/api/v1/holds',
    { type: 'form3', id: A_DUE, kind: 'request', reason: '　 ' });
  assert.equal(blank.status, 422);
  assert.equal(blank.json.error.message, '保留の理由を入力してください');
  assert.equal(blank.json.error.field, 'reason');
  const notype = await s.gm.post('/api/v1/holds', { id: A_DUE, kind: 'request', reason: '照会' });
  assert.equal(notype.status, 422);
  assert.equal(notype.json.error.message, '文書の種類が正しくありません');
  assert.equal((await s.gm.get('/api/v1/holds')).json.holds.filter((h) => h.type === 'form3'
    && h.doc_id === A_DUE).length, 0, 'no hold placed');
  const reg = await s.gm.get('/api/v1/disposal/register');
  assert.equal(reg.json.entries.length, 0);
});

test('R-RET-2: a document not yet due is refused 409 under R-RET-2 (audited)', async () => {
  const r = await s.gm.post('/api/v1/disposal', { documents: [{ type: 'form3', id: A_LATER }] });
  assert.equal(r.status, 409, r.text);
  assert.equal(r.json.error.message, '保存期間が満了していない文書は廃棄できません');
});

test('R-RET-2: a hold stops disposal until lifted; then the document is disposed of', async () => {
  const h = await s.gm.post('/api/v1/holds',
    { type: 'form5', id: 1, kind: 'investigation', reason: '（架空）捜査中の事件の資料' });
  assert.equal(h.status, 201, h.text);
  assert.equal(h.json.kind, 'investigation');
  assert.equal(h.json.in_force, true);
  const again = await s.gm.post('/api/v1/holds',
    { type: 'form5', id: 1, kind: 'request', reason: '照会' });
  assert.equal(again.status, 409);
  let d = await due();
  assert.ok(!has(d.due, 'form5', 1), 'a held document is not listed as due');
  assert.ok(has(d.held, 'form5', 1), 'listed as held');
  // all or none: the due application is not disposed of either
  const r = await s.gm.post('/api/v1/disposal',
    { documents: [{ type: 'form3', id: A_DUE }, { type: 'form5', id: 1 }] });
  assert.equal(r.status, 409, r.text);
  assert.match(r.json.error.message, /廃棄保留/);
  const refused = await trail('request.refused');
  assert.ok(refused.some((e) => JSON.stringify(e).includes('R-RET-2')), 'refusal audited with its rule');
  assert.ok(has((await due()).due, 'form3', A_DUE), 'nothing disposed');
  const placed = await trail('hold.place');
  assert.equal(placed[0].object_id, h.json.id);
  assert.ok(!JSON.stringify(placed).includes('捜査中の事件'), 'the reason is not in the trail');
  // lift, then dispose
  const lift = await s.gm.post(`/api/v1/holds/${h.json.id}/lift`);
  assert.equal(lift.status, 200, lift.text);
  assert.equal(lift.json.in_force, false);
  assert.equal((await s.gm.post(`/api/v1/holds/${h.json.id}/lift`)).status, 409);
  d = await due();
  assert.ok(has(d.due, 'form5', 1));
  const ok = await s.gm.post('/api/v1/disposal',
    { documents: [{ type: 'form3', id: A_DUE }, { type: 'form5', id: 1 }] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.disposed.length, 2);
  d = await due();
  assert.ok(!has(d.due, 'form3', A_DUE) && !has(d.due, 'form5', 1), 'no longer listed');
  const twice = await s.gm.post('/api/v1/disposal', { documents: [{ type: 'form3', id: A_DUE }] });
  assert.equal(twice.status, 409);
  assert.equal(twice.json.error.message, 'この文書はすでに廃棄されています');
});

test('R-RET-2: the content is gone, the register holds what, which rule, when and by whom', async () => {
  const reg = await s.gm.get('/api/v1/disposal/register');
  assert.equal(reg.status, 200);
  const e = reg.json.entries.find((x) => x.type === 'form3' && x.doc_id === A_DUE);
  assert.ok(e, reg.text);
  assert.equal(e.name, `借用申請書（様式第3号）第${A_DUE}号`);
  assert.equal(e.rule, '1年（暦年）');
  assert.equal(e.base_on, '2020-06-15');
  assert.equal(e.disposed_by, s.gm.session.user.id);
  assert.ok(e.disposed_at);
  const app = await s.gm.get(`/api/v1/applications/${A_DUE}`);
  assert.equal(app.status, 200, app.text);
  assert.ok(!app.text.includes(MARK));
  assert.equal(app.json.purpose ?? app.json.application?.purpose, '廃棄済み');
  assert.ok(!sql(srv.db, `SELECT purpose FROM borrow_applications WHERE id = ${A_DUE}`).includes(MARK));
  const m = sql(srv.db, 'SELECT place, escape_plan FROM meetings WHERE id = 1');
  assert.equal(m, '廃棄済み|廃棄済み');
  // the register as a spreadsheet (UTF-8 CSV; fetch drops the BOM), audited
  const csv = await s.gm.get('/api/v1/disposal/register/export');
  assert.equal(csv.status, 200, csv.text);
  assert.ok(csv.text.replace(/^\uFEFF/, '').startsWith('文書,種類,番号,保存期間'), csv.text.slice(0, 80));
  assert.ok(csv.text.includes(`借用申請書（様式第3号）第${A_DUE}号,form3,${A_DUE},1年（暦年）,2020-06-15`));
  assert.equal((await s['kita-manager'].get('/api/v1/disposal/register/export')).status, 403);
  const exp = await trail('register.export');
  assert.equal(exp[0].object_type, 'disposal');
  const audit = await trail('document.dispose');
  assert.equal(audit.length, 2);
  assert.ok(!JSON.stringify(audit).includes(MARK));
});

test('R-RET-2: `mamori audit verify` passes after disposal', async () => {
  const r = cli(['audit', 'verify', '--db', srv.db]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('R-RET-2: the web pages list due and held documents and the register (Japanese, no script)', async () => {
  sql(srv.db, `UPDATE borrow_applications SET applied_at = ${OLD} WHERE id = ${A_LATER}`);
  const { cookie } = await webLogin(srv, 'gm');
  const p = await page(srv, '/disposal', cookie);
  assert.equal(p.status, 200);
  assert.match(p.text, /文書の廃棄/);
  assert.match(p.text, new RegExp(`借用申請書（様式第3号）第${A_LATER}号`));
  assert.match(p.text, new RegExp(`value="form3:${A_LATER}"`));
  assert.ok(!/<script/.test(p.text));
  // nothing checked: 422 with the API's message
  const csrf = csrfField(p.text);
  const none = await fetch(srv.url + '/disposal', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf }).toString(),
  });
  assert.equal(none.status, 422);
  assert.match(await none.text(), /廃棄する文書を選んでください/);
  const done = await fetch(srv.url + '/disposal', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, doc: `form3:${A_LATER}` }).toString(),
  });
  assert.equal(done.status, 303, await done.text());
  const reg = await page(srv, '/disposal/register', cookie);
  assert.equal(reg.status, 200);
  assert.match(reg.text, new RegExp(`借用申請書（様式第3号）第${A_LATER}号`));
  // the same message as the API for the same bad hold
  const blank = await fetch(srv.url + '/holds', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, type: 'form3', id: String(A_LATER), kind: 'request',
      reason: '　 ' }).toString(),
  });
  assert.equal(blank.status, 422);
  assert.match(await blank.text(), /保留の理由を入力してください/);
  const other = await webLogin(srv, 'kita-manager');
  assert.equal((await page(srv, '/disposal', other.cookie)).status, 403);
});

test('R-RET-2: no disposed text is left in the database', async () => {
  if (isPg(srv.db)) {
    // PostgreSQL: no row holds it (its dead tuples are vacuumed)
    assert.equal(sql(srv.db, `SELECT count(*) FROM borrow_applications WHERE purpose = '${MARK}'`), '0');
    return;
  }
  await srv.stop(); // the last connection checkpoints the log into the file
  const bytes = readFileSync(srv.db);
  assert.ok(!bytes.includes(Buffer.from(MARK)), 'the marker is still in the file');
  assert.ok(!existsSync(srv.db + '-wal') || !readFileSync(srv.db + '-wal').includes(Buffer.from(MARK)));
});
