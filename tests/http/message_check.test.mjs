// message_check.test.mjs - the message check (R-CASE-2, issue 9): an
// officer pastes a draft into /cases/check (or POSTs it to
// /api/v1/message-check) and sees which category and which words of the
// policy it holds.  Web and API answer alike (flagged, clean, too long,
// refused characters); a role that does not communicate is refused; each
// check is audited as message.check without the draft, which is kept
// nowhere (not the audit trail, not the journal).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, login, as, webLogin, csrfField, page, auditEntries, sql, cli, tempDir,
} from '../lib/server.mjs';

let srv;
const s = {};
const web = {};

// Drafts whose words must never be stored.  Marker strings make a leak easy
// to find; the checked words are the policy's own (japan-notes).
const FLAGGED = '目印ＡＱＺ七号　今度ﾊﾟﾊﾟ活しない？お小遣いもあるよ';
const CLEAN = '目印ＡＱＺ八号　今どこにいますか。一度会って話を聞かせてください';
const MARKERS = ['ＡＱＺ七号', 'ＡＱＺ八号', 'AQZ', 'ﾊﾟﾊﾟ活しない'];

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-comm',
    'kita-officer', 'infosec', 'it-head']) {
    s[who] = as(srv, await login(srv, who));
  }
  for (const who of ['kita-comm', 'kita-officer', 'gm']) {
    web[who] = (await webLogin(srv, who)).cookie;
  }
});
after(async () => { await srv.stop(); });

async function postForm(cookie, fields) {
  const csrf = csrfField((await page(srv, '/cases/check', cookie)).text);
  assert.ok(csrf, 'the check page carries a csrf field');
  const r = await fetch(srv.url + '/cases/check', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
  return { status: r.status, text: await r.text() };
}

// The text of an HTML page without tags, entities decoded enough for messages.
const plain = (html) => html.replace(/<[^>]*>/g, ' ').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

test('R-CASE-2: a flagged draft shows each category and the words matched (API)', async () => {
  const r = await s['kita-comm'].post('/api/v1/message-check', { text: FLAGGED });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.flagged, true);
  const terms = r.json.hits.map((h) => `${h.category}:${h.term}`);
  assert.deepEqual(terms, ['payment:パパ活', 'payment:お小遣い']);
  for (const h of r.json.hits) assert.match(h.label, /金銭その他の対償の提示/);
  // every spelling of a term folds alike
  for (const text of ['パ パ 活', 'ぱぱ活', 'P活', 'ｐ・活', 'ｻﾎﾟしてくれる？']) {
    const v = await s['kita-comm'].post('/api/v1/message-check', { text });
    assert.equal(v.json.flagged, true, text);
  }
  const img = await s['kita-comm'].post('/api/v1/message-check', { text: '自撮りを送って' });
  assert.deepEqual(img.json.hits.map((h) => h.category), ['images']);
});

test('R-CASE-2: a clean draft is not flagged (API); ordinary words holding a term are not', async () => {
  for (const text of [CLEAN, '何かあればサポートします。', '支援の窓口を紹介します。', '家出しているの？']) {
    const r = await s['kita-comm'].post('/api/v1/message-check', { text });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { flagged: false, hits: [] }, text);
  }
});

test('R-CASE-2: the check page shows categories and words, or that nothing was found', async () => {
  const form = await page(srv, '/cases/check', web['kita-comm']);
  assert.equal(form.status, 200);
  assert.match(form.text, /送信前の文面チェック/);
  assert.match(form.text, /<textarea[^>]*name="text"/);
  const flagged = await postForm(web['kita-comm'], { text: FLAGGED });
  assert.equal(flagged.status, 200, flagged.text);
  const t = plain(flagged.text);
  assert.match(t, /注意が必要な語が見つかりました/);
  assert.match(t, /金銭その他の対償の提示/);
  assert.match(t, /「パパ活」「お小遣い」/);
  const clean = await postForm(web['kita-comm'], { text: CLEAN });
  assert.equal(clean.status, 200);
  const c = plain(clean.text);
  assert.match(c, /登録された語は見つかりませんでした/);
  assert.match(c, /判断に\s*代わるものではありません/);
  assert.doesNotMatch(c, /注意が必要な語/);
});

test('R-CASE-2: too long, refused characters or nothing: 422 with one message on web and API', async () => {
  const cases = [
    { name: 'over 1000 characters', text: 'あ'.repeat(1001) },
    { name: 'over 1000 characters of four bytes', text: '𠮷'.repeat(1001) },
    { name: 'only spaces', text: ' \u3000 ' },
    { name: 'empty', text: '' },
  ];
  for (const { name, text } of cases) {
    const a = await s['kita-comm'].post('/api/v1/message-check', { text });
    assert.equal(a.status, 422, `${name}: ${a.text}`);
    assert.equal(a.json.error.field, 'text', name);
    const msg = a.json.error.message;
    assert.match(msg, /[ぁ-ん一-龠]/, `${name}: a Japanese message`);
    const w = await postForm(web['kita-comm'], { text });
    assert.equal(w.status, 422, name);
    assert.ok(plain(w.text).includes(msg), `${name}: the web says "${msg}"`);
    assert.doesNotMatch(plain(w.text), /見つかりました|見つかりませんでした/, name);
  }
  // A control character: the API reads it and refuses the field (422); a
  // web form holding one is refused whole by the HTTP layer before any
  // handler, as every form is (its csrf field cannot be read: 403).
  // Either way nothing is checked, kept or audited as a check.
  const ctl = await s['kita-comm'].post('/api/v1/message-check', { text: '今どこ\u0001にいますか' });
  assert.equal(ctl.status, 422, ctl.text);
  assert.equal(ctl.json.error.field, 'text');
  assert.match(ctl.json.error.message, /使用できない文字/);
  const wctl = await postForm(web['kita-comm'], { text: '今どこ\u0001にいますか' });
  assert.equal(wctl.status, 403);
  // exactly 1000 characters is fine
  const ok = await s['kita-comm'].post('/api/v1/message-check', { text: 'あ'.repeat(1000) });
  assert.equal(ok.status, 200);
  // the API takes only "text"
  const extra = await s['kita-comm'].post('/api/v1/message-check', { text: 'a', to: 'x' });
  assert.equal(extra.status, 400);
});

test('R-CASE-2: who may check: communication officers, the unit\'s manager and assistant, HQ', async () => {
  for (const who of ['kita-comm', 'kita-manager', 'kita-assistant', 'gm']) {
    const r = await s[who].post('/api/v1/message-check', { text: CLEAN });
    assert.equal(r.status, 200, who);
  }
  for (const who of ['kita-officer', 'infosec', 'it-head', 'admin']) {
    const r = await s[who].post('/api/v1/message-check', { text: FLAGGED });
    assert.equal(r.status, 403, who);
    assert.match(r.json.error.message, /[ぁ-ん一-龠]/);
  }
  assert.equal((await page(srv, '/cases/check', web['kita-officer'])).status, 403);
  const w = await postForm(web['kita-comm'], { text: 'x' }); // a csrf of a permitted page
  assert.equal(w.status, 200);
  // the link is shown to those who may use it, and only to them
  assert.match((await page(srv, '/', web['kita-comm'])).text, /href="\/cases\/check"/);
  assert.match((await page(srv, '/', web.gm)).text, /href="\/cases\/check"/);
  assert.doesNotMatch((await page(srv, '/', web['kita-officer'])).text, /href="\/cases\/check"/);
  // without a session: 401
  const anon = await fetch(srv.url + '/api/v1/message-check', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"a"}',
  });
  assert.equal(anon.status, 401);
});

test('R-CASE-2: each check is audited as message.check, and the draft is kept nowhere', async () => {
  const before = await s['kita-comm'].post('/api/v1/message-check', { text: FLAGGED });
  assert.equal(before.status, 200);
  await s['kita-comm'].post('/api/v1/message-check', { text: CLEAN });
  const list = await auditEntries(srv, s.admin.session, '?limit=200');
  const checks = list.filter((e) => e.action === 'message.check');
  assert.ok(checks.length >= 2, JSON.stringify(checks.slice(0, 2)));
  const [clean, flagged] = checks; // newest first
  const detail = (e) => (typeof e.detail === 'string' ? JSON.parse(e.detail) : e.detail);
  assert.deepEqual(detail(clean), { flagged: false, categories: '', hits: 0 });
  assert.deepEqual(detail(flagged), { flagged: true, categories: 'payment', hits: 2 });
  assert.equal(flagged.actor_login, 'kita-comm');
  assert.equal(flagged.role, 'communication_officer');
  // the journal names the action, never the text
  assert.match(srv.stderr(), /action=message\.check route="POST \/api\/v1\/message-check"/);
  // refused ones (422) are audited as refusals, without the text either
  const dump = sql(srv.db, 'SELECT action, detail FROM audit_log');
  for (const m of MARKERS) {
    assert.ok(!dump.includes(m), `the audit trail holds "${m}"`);
    assert.ok(!srv.stderr().includes(m), `the journal holds "${m}"`);
  }
  assert.ok(!dump.includes('あああああああああああああああ'), 'the over-long draft is not kept');
  assert.ok(!dump.includes('今どこ'), 'no draft is kept');
});

test('R-CASE-2: [policy] message_check replaces the list; a bad file stops the start, naming the line', async () => {
  const dir = tempDir('mamori-policy-');
  try {
    const policy = join(dir, 'message-check.conf');
    writeFileSync(policy, '# the division\'s own list\nupdated = 2027-01-05\n\n' +
      '[custom]\nlabel = 試験の分類\nterm = 試験語句\nexcept = 試験語句集\n');
    const ini = join(dir, 'mamori.ini');
    writeFileSync(ini, `[policy]\nmessage_check = ${policy}\n`);
    const own = await startServer({ config: ini });
    try {
      const c = as(own, await login(own, 'kita-comm'));
      const hit = await c.post('/api/v1/message-check', { text: 'しけん語句ではなく試 験 語 句' });
      assert.deepEqual(hit.json.hits, [{ category: 'custom', label: '試験の分類', term: '試験語句' }]);
      assert.equal((await c.post('/api/v1/message-check', { text: '試験語句集を読む' })).json.flagged, false);
      // the compiled-in list is replaced, not added to
      assert.equal((await c.post('/api/v1/message-check', { text: 'パパ活' })).json.flagged, false);
      const pageText = (await page(own, '/cases/check', (await webLogin(own, 'kita-comm')).cookie)).text;
      assert.match(pageText, /試験の分類/);
      assert.match(pageText, /2027-01-05/);
    } finally {
      await own.stop();
    }
    const start = (text) => {
      if (text !== null) writeFileSync(policy, text);
      return cli(['serve', '--db', join(dir, 'never-opened.db'), '--listen', '127.0.0.1:0',
        '--config', ini], { timeout: 30000 });
    };
    const bad = start('[custom]\nterm = 試験語句\n');
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /\[policy\] message_check: .*message-check\.conf: 1 行目: 分類に label（見出し）がありません \(line 1: a category has no label\)/);
    const single = start('[custom]\nlabel = x\nterm = 援\n');
    assert.notEqual(single.status, 0);
    assert.match(single.stderr, /3 行目: 一文字の語は単独では使えません/);
    rmSync(policy);
    const missing = start(null);
    assert.notEqual(missing.status, 0);
    assert.match(missing.stderr, /\[policy\] message_check: .* を読めません/);
    assert.doesNotMatch(bad.stderr + missing.stderr, /listening/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
