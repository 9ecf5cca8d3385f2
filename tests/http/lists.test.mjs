// lists.test.mjs - every list is paginated by a keyset (issue 8): more
// rows than a page are walked through the API (?limit=&after=, "next")
// and the web screens (次へ / 前へ links), each row exactly once in a
// stable order; a station user's pages hold only the station's rows and
// are full; a list that cannot be read is an error with an audit entry,
// never an empty table with 200.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, page, sql, unitsByCode, auditEntries,
} from '../lib/server.mjs';
import * as loanLib from '../lib/loans.mjs';
import { addDays, hoursAgo, hoursFromNow, today } from '../lib/dates.mjs';

let srv;
const s = {};
const web = {};
let units;

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'admin', 'infosec', 'it-head', 'kita-manager', 'kita-assistant',
    'kita-officer', 'kita-comm', 'minami-manager', 'minami-assistant', 'minami-officer',
    'minami-comm']) {
    s[who] = as(srv, await login(srv, who));
    web[who] = (await webLogin(srv, who)).cookie;
  }
  units = await unitsByCode(srv, s.gm.session);
});
after(async () => {
  const r = await srv.stop();
  // under a sanitizer build, the lists must have run clean
  assert.doesNotMatch(r.stderr, /runtime error|Sanitizer/);
});

/* Walks an API list from its first page; returns {pages, rows}. */
async function walkApi(client, path, key, limit) {
  const pages = [];
  let after = null;
  for (let guard = 0; guard < 1000; guard++) {
    const sep = path.includes('?') ? '&' : '?';
    let q = path + (limit ? `${sep}limit=${limit}` : '');
    if (after !== null) q += `${q.includes('?') ? '&' : '?'}after=${after}`;
    const r = await client.get(q);
    assert.equal(r.status, 200, `${q}: ${r.text}`);
    assert.ok(Array.isArray(r.json[key]), `${q} has ${key}`);
    assert.ok('next' in r.json, `${q} has next`);
    pages.push(r.json[key]);
    if (r.json.next === null) break;
    assert.equal(typeof r.json.next, 'number');
    after = r.json.next;
  }
  return { pages, rows: pages.flat() };
}

/* The ids of the record links /KIND/ID on a web page, in order. */
function linkedIds(html, kind) {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(new RegExp(`href="/${kind}/(\\d+)"`, 'g'))].map((m) => Number(m[1]));
}

/* The href of the pager link rel (next, prev), HTML entities undone. */
function pagerHref(html, rel) {
  const m = new RegExp(`<a href="([^"]*)" rel="${rel}"`).exec(html);
  return m ? m[1].replace(/&amp;/g, '&') : null;
}

/* Walks a web list through its 次へ links; returns {pages, ids, htmls}. */
async function walkWeb(cookie, path, kind) {
  const pages = [];
  const htmls = [];
  let next = path;
  for (let guard = 0; next && guard < 100; guard++) {
    const r = await page(srv, next, cookie);
    assert.equal(r.status, 200, `${next}: ${r.text.slice(0, 300)}`);
    pages.push(linkedIds(r.text, kind));
    htmls.push(r.text);
    next = pagerHref(r.text, 'next');
  }
  return { pages, ids: pages.flat(), htmls };
}

function assertUnique(ids, what) {
  assert.equal(new Set(ids).size, ids.length, `${what}: no row twice`);
}

const byteCompare = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b));

test('issue 8: 120 devices are walked a page at a time through the API, each once, in the registry order', async () => {
  const models = ['Pixel 8', 'AQUOS sense8', 'arrows We', 'Galaxy A54'];
  for (let i = 0; i < 120; i++) {
    const r = await s.gm.post('/api/v1/devices', {
      model: models[i % models.length], serial: `PG-${String(i).padStart(4, '0')}-${i % 7}`,
      phone: '090-0000-0000',
    });
    assert.equal(r.status, 201, r.text);
  }
  const total = Number(sql(srv.db, 'SELECT count(*) FROM devices'));
  assert.ok(total >= 120);
  const { pages, rows } = await walkApi(s.gm, '/api/v1/devices', 'devices');
  // a page holds at most the default 50, and every page but the last is full
  assert.equal(pages.length, Math.ceil(total / 50));
  for (const p of pages.slice(0, -1)) assert.equal(p.length, 50);
  assert.equal(rows.length, total);
  assertUnique(rows.map((d) => d.id), 'devices');
  // the order: model, then serial (byte order), then id
  const sorted = [...rows].sort((a, b) => byteCompare(a.model, b.model) ||
    byteCompare(a.serial, b.serial) || a.id - b.id);
  assert.deepEqual(rows.map((d) => d.id), sorted.map((d) => d.id));
  const dbIds = sql(srv.db, 'SELECT id FROM devices ORDER BY id').split('\n').map(Number);
  assert.deepEqual([...rows.map((d) => d.id)].sort((a, b) => a - b), dbIds);
  // another page size walks the same rows in the same order
  const small = await walkApi(s.gm, '/api/v1/devices', 'devices', 7);
  assert.ok(small.pages.every((p) => p.length <= 7));
  assert.deepEqual(small.rows.map((d) => d.id), rows.map((d) => d.id));
  const all = await s.gm.get('/api/v1/devices?limit=200');
  assert.equal(all.json.devices.length, Math.min(total, 200));
});

test('issue 8: a bad page request is refused with 400 and names the parameter', async () => {
  for (const q of ['limit=0', 'limit=201', 'limit=x', 'after=0', 'after=-1', 'after=abc']) {
    const r = await s.gm.get(`/api/v1/devices?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.json.error.field, q.split('=')[0], q);
  }
});

test('issue 8: the web registry is paged with 次へ and 前へ links, each device once', async () => {
  const total = Number(sql(srv.db, 'SELECT count(*) FROM devices'));
  const { pages, ids, htmls } = await walkWeb(web.gm, '/devices', 'devices');
  assert.equal(ids.length, total);
  assertUnique(ids, 'web devices');
  for (const p of pages.slice(0, -1)) assert.equal(p.length, 50);
  const api = await walkApi(s.gm, '/api/v1/devices', 'devices');
  assert.deepEqual(ids, api.rows.map((d) => d.id), 'the web and the API list alike');
  // the first page has no 前へ; the second goes back to the first
  assert.equal(pagerHref(htmls[0], 'prev'), null);
  const back = pagerHref(htmls[1], 'prev');
  assert.ok(back, 'the second page links back');
  const r = await page(srv, back, web.gm);
  assert.equal(r.status, 200);
  assert.deepEqual(linkedIds(r.text, 'devices'), pages[0]);
  assert.match(r.text, />次へ</);
  // a cursor that is no id is a clear error, not an empty table
  const bad = await page(srv, '/devices?after=abc', web.gm);
  assert.equal(bad.status, 400);
  assert.match(bad.text, /ページの指定が正しくありません/);
});

test('issue 8: a station sees none of the devices in stock, and no cursor of them continues its list', async () => {
  // a device in stock (state 1): no station holds it
  const stock = Number(sql(srv.db, 'SELECT min(id) FROM devices WHERE state = 1'));
  const r = await s['kita-manager'].get('/api/v1/devices');
  assert.equal(r.status, 200);
  assert.ok(r.json.devices.every((d) => d.unit_id === units.KITA.id), 'only its own unit\'s');
  // a device the station may not see cannot place a page of its list
  const c = await s['kita-manager'].get(`/api/v1/devices?after=${stock}`);
  assert.equal(c.status, 400);
  assert.match(c.json.error.message, /ページの指定が正しくありません/);
});

async function reportBreaches(who, n) {
  for (let i = 0; i < n; i++) {
    const r = await s[who].post('/api/v1/breaches', {
      rule: 'connection', what: `端末を接続した ${i}`, who: '交信担当者A', occurred_at: hoursAgo(5),
    });
    assert.equal(r.status, 201, r.text);
  }
}

test('issue 8: a station walking its breach reports sees only its own, in full pages, newest first', async () => {
  await reportBreaches('kita-assistant', 60);
  await reportBreaches('minami-assistant', 61);
  const kitaTotal = Number(sql(srv.db, `SELECT count(*) FROM breaches WHERE unit_id = ${units.KITA.id}`));
  const total = Number(sql(srv.db, 'SELECT count(*) FROM breaches'));
  for (const who of ['kita-assistant', 'kita-manager']) {
    const { pages, rows } = await walkApi(s[who], '/api/v1/breaches', 'breaches');
    assert.equal(rows.length, kitaTotal, who);
    assert.ok(rows.every((b) => b.unit_id === units.KITA.id), `${who}: only KITA's`);
    for (const p of pages.slice(0, -1)) assert.equal(p.length, 50, `${who}: full pages`);
    assertUnique(rows.map((b) => b.id), who);
    const ids = rows.map((b) => b.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  }
  const gm = await walkApi(s.gm, '/api/v1/breaches', 'breaches', 33);
  assert.equal(gm.rows.length, total);
  assertUnique(gm.rows.map((b) => b.id), 'gm');
  // a filter narrows within the view: KITA asking for MINAMI gets nothing
  const cross = await s['kita-assistant'].get(`/api/v1/breaches?unit_id=${units.MINAMI.id}`);
  assert.equal(cross.status, 200);
  assert.deepEqual(cross.json.breaches, []);
  assert.equal(cross.json.next, null);
  // R-CMP-6: the IT division head's view holds the incidents only (the
  // demo's one, none of the reports above)
  const itd = await s['it-head'].get('/api/v1/breaches');
  const incidents = sql(srv.db, 'SELECT id FROM breaches WHERE incident = 1 ORDER BY id DESC')
    .split('\n').filter(Boolean).map(Number);
  assert.deepEqual(itd.json.breaches.map((b) => b.id), incidents);
  assert.ok(itd.json.breaches.every((b) => b.incident));
  // the web list: the station's pages, each report once, full pages
  const w = await walkWeb(web['kita-manager'], '/breaches', 'breaches');
  assert.equal(w.ids.length, kitaTotal);
  assertUnique(w.ids, 'web breaches');
  for (const p of w.pages.slice(0, -1)) assert.equal(p.length, 50);
  const kitaIds = sql(srv.db, `SELECT id FROM breaches WHERE unit_id = ${units.KITA.id} ORDER BY id DESC`)
    .split('\n').map(Number);
  assert.deepEqual(w.ids, kitaIds);
  // another station's report cannot serve as the cursor's place either
  const minamiId = Number(sql(srv.db, `SELECT max(id) FROM breaches WHERE unit_id = ${units.MINAMI.id}`));
  const r = await s['kita-assistant'].get(`/api/v1/breaches?after=${minamiId}`);
  assert.equal(r.status, 200);
  assert.ok(r.json.breaches.every((b) => b.unit_id === units.KITA.id));
});

// ---- a world with a few rows in every list --------------------------------

async function ok(r, status = 200) {
  assert.equal(r.status, status, r.text);
  return r.json;
}

/* A new device lent to the station of prefix ('kita', 'minami') and received. */
const receivedLoan = (prefix) => loanLib.receivedLoan(s, { unit: prefix, model: 'AQUOS',
  prefix: `LOAN-${prefix}`, application: { consultation: '1台借用で合意' } });

async function fillWorld() {
  const loans = {};
  const e = await ok(await s.gm.post('/api/v1/exceptions', {
    kind: 'screenshot', scope: '全署', purpose: '証拠保全',
  }), 201);
  await ok(await s.infosec.post(`/api/v1/exceptions/${e.id}/approve`, {
    version: e.version, scope: '全署', valid_from: addDays(today(), -1), valid_until: addDays(today(), 30),
  }));
  for (let i = 0; i < 2; i++) {
    await ok(await s.gm.post('/api/v1/exceptions', { kind: 'photo_store', scope: 'x', purpose: 'y' }), 201);
  }
  for (const prefix of ['kita', 'minami']) {
    loans[prefix] = [];
    for (let i = 0; i < 2; i++) {
      const l = await receivedLoan(prefix);
      loans[prefix].push(l);
      for (let k = 0; k < 3; k++) {
        await ok(await s[`${prefix}-assistant`].post(`/api/v1/loans/${l.id}/checks`,
          { checked_on: today(), in_cabinet: true, remarks: `確認${k}` }), 201);
      }
      await ok(await s[`${prefix}-comm`].post('/api/v1/takeouts', { loan_id: l.id,
        out_at: hoursFromNow(1), expected_back: hoursFromNow(2), destination: '熊本市内',
        reason: '街頭補導' }), 201);
      await ok(await s[`${prefix}-assistant`].post('/api/v1/services', {
        device_id: l.device_id, service: 'X', handle: `@${prefix}${i}`, purpose: '有害情報の把握',
      }), 201);
      await ok(await s[`${prefix}-comm`].post('/api/v1/screenshots', {
        loan_id: l.id, case_ref: `令和7年${prefix}第${i}号`, taken_at: hoursFromNow(-1),
        reason: 'SNS投稿の保全',
      }), 201);
    }
  }
  return loans;
}

/* Every list endpoint, its key, and whether its rows carry their unit. */
function endpoints(loans) {
  return [
    ['/api/v1/devices', 'devices', true],
    ['/api/v1/applications', 'applications', true],
    ['/api/v1/loans', 'loans', true],
    [`/api/v1/loans/${loans.kita[0].id}/checks`, 'checks', true],
    ['/api/v1/takeouts', 'takeouts', true],
    ['/api/v1/services', 'services', true],
    ['/api/v1/designations', 'designations', true],
    ['/api/v1/designation-register', 'entries', true],
    ['/api/v1/exceptions', 'exceptions', false],
    ['/api/v1/screenshots', 'screenshots', true],
    ['/api/v1/breaches', 'breaches', true],
    ['/api/v1/users', 'users', true],
    ['/api/v1/units', 'units', false],
    ['/api/v1/roles', 'roles', false],
    ['/api/v1/audit', 'entries', true],
  ];
}

let world;

test('issue 8: every API list walks three rows at a time to the same rows as one page, each once, within the view', async () => {
  world = await fillWorld();
  for (const who of ['gm', 'admin', 'infosec', 'it-head', 'kita-manager', 'kita-assistant',
    'kita-comm', 'minami-assistant']) {
    for (const [path, key, hasUnit] of endpoints(world)) {
      const whole = await s[who].get(`${path}?limit=200`);
      if (whole.status === 403) {
        assert.equal((await s[who].get(`${path}?limit=3`)).status, 403, `${who} ${path}`);
        continue;
      }
      assert.equal(whole.status, 200, `${who} ${path}: ${whole.text}`);
      const one = await walkApi(s[who], path, key, 3);
      const ids = one.rows.map((x) => x.id ?? x.seq);
      assertUnique(ids, `${who} ${path}`);
      assert.ok(one.pages.every((p) => p.length <= 3), `${who} ${path}: pages of three`);
      assert.ok(one.pages.slice(0, -1).every((p) => p.length === 3), `${who} ${path}: full pages`);
      if (whole.json.next === null) {
        assert.deepEqual(ids, whole.json[key].map((x) => x.id ?? x.seq), `${who} ${path}`);
      }
      const station = who.startsWith('kita') ? units.KITA.id
        : who.startsWith('minami') ? units.MINAMI.id : null;
      if (station && hasUnit && !path.endsWith('/users') && !path.endsWith('/audit')) {
        assert.ok(one.rows.every((x) => x.unit_id === station), `${who} ${path}: own unit only`);
      }
    }
  }
});

test('issue 8: the web lists answer a page with the names their one query joins', async () => {
  const kita = units.KITA.name;
  const checks = [
    ['/devices', 'kita-manager', kita],
    ['/applications', 'kita-manager', kita],
    ['/loans', 'kita-manager', kita],
    ['/takeouts', 'kita-assistant', '佐藤 美咲'],
    ['/services', 'kita-manager', kita],
    ['/designations', 'kita-manager', kita],
    ['/exceptions', 'kita-manager', '第'],
    ['/screenshots', 'kita-assistant', kita],
    ['/breaches', 'kita-manager', kita],
    ['/users', 'kita-manager', kita],
    ['/units', 'kita-manager', kita],
    ['/audit', 'kita-manager', kita],
    [`/loans/${world.kita[0].id}`, 'kita-manager', '中村 誠'],
  ];
  for (const [path, who, text] of checks) {
    if (!web[who]) web[who] = (await webLogin(srv, who)).cookie;
    const r = await page(srv, path, web[who]);
    assert.equal(r.status, 200, `${path}: ${r.text.slice(0, 200)}`);
    assert.ok(r.text.includes(text), `${path} shows ${text}`);
    assert.doesNotMatch(r.text, new RegExp(units.MINAMI.name), `${path}: no other station`);
  }
});

test('issue 8: the audit trail of a station manager is paged by its view: full pages of the station only', async () => {
  const total = Number(sql(srv.db, `SELECT count(*) FROM audit_log WHERE unit_id = ${units.KITA.id}`));
  assert.ok(total > 50);
  const { pages, rows } = await walkApi(s['kita-manager'], '/api/v1/audit', 'entries');
  assert.ok(rows.every((e) => e.unit_id === units.KITA.id));
  for (const p of pages.slice(0, -1)) assert.equal(p.length, 50);
  assert.ok(rows.length >= total);
  // the trail's own cursor name walks alike
  const first = await s['kita-manager'].get('/api/v1/audit');
  assert.equal(first.json.next_before, first.json.next);
  const byBefore = await s['kita-manager'].get(`/api/v1/audit?before=${first.json.next_before}`);
  const byAfter = await s['kita-manager'].get(`/api/v1/audit?after=${first.json.next}`);
  assert.deepEqual(byBefore.json.entries.map((e) => e.seq), byAfter.json.entries.map((e) => e.seq));
});

/*
 * A list whose table cannot be read (renamed away under the running
 * server, on a throwaway database) answers an error, is written to the
 * audit trail and the server log, and never shows an empty table.
 */
async function brokenList(breakSql, apiPath, webPath, who = 'gm') {
  const broken = await startServer();
  try {
    const c = as(broken, await login(broken, who));
    const cookie = (await webLogin(broken, who)).cookie;
    const admin = await login(broken, 'admin');
    sql(broken.db, breakSql);
    const r = await c.get(apiPath);
    assert.equal(r.status, 500, `${apiPath}: ${r.text}`);
    assert.equal(r.json.error.code, 'io_error', r.text);
    assert.match(r.json.error.message, /一覧を読み込めませんでした/);
    const w = await page(broken, webPath, cookie);
    assert.equal(w.status, 500, `${webPath} must not answer an empty table`);
    assert.match(w.text, /一覧を読み込めませんでした/);
    assert.doesNotMatch(w.text, /<table/);
    const failed = (await auditEntries(broken, admin)).filter((e) => e.action === 'list.failed');
    assert.ok(failed.length >= 2, 'both failures are audited');
    const d = failed[0].detail;
    assert.equal(d.error, 'io_error');
    assert.equal(d.path, webPath.split('?')[0]);
    assert.match(broken.stderr(), /mamori: list .* failed/);
  } finally {
    await broken.stop();
  }
}

const gone = (table) => `ALTER TABLE ${table} RENAME TO ${table}_gone`;

for (const [what, breakSql, apiPath, webPath, who] of [
  ['a device', gone('devices'), '/api/v1/devices', '/devices', 'gm'],
  ['an application', gone('borrow_applications'), '/api/v1/applications', '/applications', 'gm'],
  ['a loan', gone('loans'), '/api/v1/loans', '/loans', 'gm'],
  ['a take-out', gone('takeouts'), '/api/v1/takeouts', '/takeouts', 'gm'],
  ['a service', gone('service_applications'), '/api/v1/services', '/services', 'gm'],
  ['a designation', gone('designations'), '/api/v1/designations', '/designations', 'gm'],
  ['a form 1', gone('designation_entries'), '/api/v1/designation-register', '/designations', 'gm'],
  ['an exception', gone('security_exceptions'), '/api/v1/exceptions', '/exceptions', 'gm'],
  ['a screenshot', gone('screenshots'), '/api/v1/screenshots', '/screenshots', 'gm'],
  ['a user', 'ALTER TABLE users RENAME COLUMN name_kana TO name_kana_gone', '/api/v1/users',
    '/users', 'admin'],
  ['a unit', 'ALTER TABLE units RENAME COLUMN code TO code_gone', '/api/v1/units', '/units', 'admin'],
]) {
  test(`issue 8: ${what} list the store cannot read is a 500 error, audited, never an empty table`,
    async () => { await brokenList(breakSql, apiPath, webPath, who); });
}

test('issue 8: a breach list the store cannot read is a 500 error, audited, never an empty table', async () => {
  await brokenList(gone('breaches'), '/api/v1/breaches', '/breaches', 'kita-manager');
});

// issue 12: an organisation of many units is never one <select>: /users
// offers a page of units (HQ first, then by code) with a hint past it,
// and keeps the unit chosen by ?unit= even when it is past that page;
// every page's header names only the user's own units.
test('issue 12: /users offers a page of units, the chosen one, and a hint past it', async () => {
  sql(srv.db, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 250) " +
    "INSERT INTO units (code, name, kind, active, version, created_at) " +
    "SELECT 'ZZ' || (1000 + i), '増設署' || (1000 + i), u.kind, 1, 1, u.created_at " +
    "FROM n, units u WHERE u.code = 'KITA'");
  const last = Number(sql(srv.db, "SELECT id FROM units WHERE code = 'ZZ1250'"));
  const r = await page(srv, '/users', web.gm);
  assert.equal(r.status, 200);
  const select = r.text.slice(r.text.indexOf('<select'), r.text.indexOf('</select>'));
  const options = [...select.matchAll(/<option value="(\d*)"/g)].map((m) => m[1]);
  assert.equal(options.length, 1 + 200, 'all units, then a page of 200');
  assert.ok(!options.includes(String(last)), 'the last unit is past the page');
  assert.match(r.text, /所属が多いため先頭の所属だけを選択肢にしています/);
  const chosen = await page(srv, `/users?unit=${last}`, web.gm);
  assert.equal(chosen.status, 200);
  assert.match(chosen.text, new RegExp(`<option value="${last}" selected`));
  // the header still names the user's own unit and nothing of the 250
  const header = r.text.slice(r.text.indexOf('site-user'), r.text.indexOf('</form>', r.text.indexOf('site-user')));
  assert.doesNotMatch(header, /増設署/);
});
