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

let srv;
const s = {};
const web = {};
let units;

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'admin', 'it-head', 'kita-manager', 'kita-assistant',
    'minami-manager', 'minami-assistant']) {
    s[who] = as(srv, await login(srv, who));
    web[who] = (await webLogin(srv, who)).cookie;
  }
  units = await unitsByCode(srv, s.gm.session);
});
after(async () => { await srv.stop(); });

/* Walks an API list from its first page; returns {pages, rows}. */
async function walkApi(client, path, key, limit) {
  const pages = [];
  let after = null;
  for (let guard = 0; guard < 100; guard++) {
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
  const stock = Number(sql(srv.db, 'SELECT min(id) FROM devices'));
  const r = await s['kita-manager'].get('/api/v1/devices');
  assert.equal(r.status, 200);
  assert.ok(r.json.devices.every((d) => d.unit_id === units.KITA.id), 'only its own unit\'s');
  // a device the station may not see cannot place a page of its list
  const c = await s['kita-manager'].get(`/api/v1/devices?after=${stock}`);
  assert.equal(c.status, 400);
  assert.match(c.json.error.message, /ページの指定が正しくありません/);
});

const hoursAgo = (h) => new Date(Date.now() - h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');

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
  // R-CMP-6: the IT division head's view holds the incidents only: none yet
  const itd = await s['it-head'].get('/api/v1/breaches');
  assert.deepEqual(itd.json.breaches, []);
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

/*
 * A list whose table cannot be read (renamed away under the running
 * server, on a throwaway database) answers an error, is written to the
 * audit trail and the server log, and never shows an empty table.
 */
async function brokenList(table, apiPath, webPath, who = 'gm') {
  const broken = await startServer();
  try {
    const c = as(broken, await login(broken, who));
    const cookie = (await webLogin(broken, who)).cookie;
    const admin = await login(broken, 'admin');
    sql(broken.db, `ALTER TABLE ${table} RENAME TO ${table}_gone`);
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
    sql(broken.db, `ALTER TABLE ${table}_gone RENAME TO ${table}`);
  } finally {
    await broken.stop();
  }
}

test('issue 8: a device list the store cannot read is a 500 error, audited, never an empty table', async () => {
  await brokenList('devices', '/api/v1/devices', '/devices');
});

test('issue 8: a breach list the store cannot read is a 500 error, audited, never an empty table', async () => {
  await brokenList('breaches', '/api/v1/breaches', '/breaches', 'kita-manager');
});
