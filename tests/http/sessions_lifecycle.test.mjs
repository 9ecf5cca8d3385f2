// sessions_lifecycle.test.mjs - sessions, tokens and passwords with a
// lifecycle (issue 13): each test tries the move that worked on the main
// before it and shows it refused (with its audit entry) or ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, api, login, as, record, sql, unitsByCode, loginForm, webLogin, sessionCookie,
  page, tempDir, csrfField, cli, DEMO_PASSWORD, auditRows, auditHead,
} from '../lib/server.mjs';

let srv;
let admin;
let units;
before(async () => {
  srv = await startServer();
  admin = as(srv, await login(srv, 'admin'));
  units = await unitsByCode(srv, admin.session);
});
after(async () => { await srv.stop(); });

/* The audit rows after seq, from the database itself. */
const rowsAfter = (seq) => auditRows(srv.db, seq, ['seq', 'action', 'actor_login',
  'object_type', 'object_id', 'detail']);
const head = () => auditHead(srv.db);

let serial = 0;
/* A new user of KITA with the given password (the administrator sets it). */
async function newUser(password = 'first-password-2026') {
  serial += 1;
  const body = { login: `life-${serial}`, name: '寿命 太郎', name_kana: 'じゅみょう たろう',
    rank: 'junsa', sex: 'male', unit_id: units.KITA.id, password };
  const r = await admin.post('/api/v1/users', body);
  assert.equal(r.status, 201, r.text);
  return { ...record(r.json, 'user'), password };
}

test('a failed login with a 64-character login name is audited with the whole name', async () => {
  const name = 'n'.repeat(64);
  const h = head();
  const r = await api(srv, 'POST', '/api/v1/session', { body: { login: name, password: 'wrong-password' } });
  assert.equal(r.status, 401);
  const failed = rowsAfter(h).filter((e) => e.action === 'login.failed');
  assert.equal(failed.length, 1, JSON.stringify(rowsAfter(h)));
  assert.equal(failed[0].actor_login, name);
});

test('a login name longer than any account is refused and audited with its rule', async () => {
  const h = head();
  const r = await api(srv, 'POST', '/api/v1/session', { body: { login: 'n'.repeat(65), password: 'wrong-password' } });
  assert.equal(r.status, 401);
  const failed = rowsAfter(h).filter((e) => e.action === 'login.failed');
  assert.equal(failed.length, 1);
  assert.equal(JSON.parse(failed[0].detail).rule, 'login_too_long');
});

/* The number of sessions of a login, from the database. */
const sessionsOf = (who) => Number(sql(srv.db,
  `SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.login = '${who}'`));

/* POST /login as a page of another origin can: its own fields, the browser's cookie or none. */
function postLogin(fields, cookie) {
  return fetch(srv.url + '/login', {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

test('login CSRF: POST /login without the login form\'s token is refused, audited, and makes no session', async () => {
  const before = sessionsOf('kita-officer');
  const h = head();
  // A page of another origin posts its chosen account: no cookie, no token (or a made-up one).
  for (const fields of [{ login: 'kita-officer', password: DEMO_PASSWORD },
    { login: 'kita-officer', password: DEMO_PASSWORD, csrf: 'a'.repeat(64) }]) {
    const r = await postLogin(fields);
    assert.equal(r.status, 403);
    assert.equal(sessionCookie(r.headers), null);
    assert.match(await r.text(), /ログイン画面の有効期限が切れました/);
  }
  // The token of another browser's login cookie does not fit this one's.
  const mine = await loginForm(srv);
  const theirs = await loginForm(srv);
  const r = await postLogin({ login: 'kita-officer', password: DEMO_PASSWORD, csrf: theirs.csrf }, mine.cookie);
  assert.equal(r.status, 403);
  assert.equal(sessionsOf('kita-officer'), before, 'no session was made');
  const refused = rowsAfter(h).filter((e) => e.action === 'login.refused');
  assert.equal(refused.length, 3, JSON.stringify(rowsAfter(h)));
  for (const e of refused) {
    assert.equal(JSON.parse(e.detail).rule, 'csrf');
    assert.equal(e.actor_login, 'kita-officer');
  }
});

test('login CSRF: the login form sets an HttpOnly SameSite=Strict cookie whose token is not the field', async () => {
  const r = await fetch(srv.url + '/login');
  const set = r.headers.getSetCookie().find((c) => c.startsWith('mamori_login='));
  assert.ok(set, 'Set-Cookie mamori_login');
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  const form = await loginForm(srv);
  assert.ok(form.csrf && form.csrf.length === 64);
  assert.ok(!form.cookie.includes(form.csrf), 'the field is derived, not the cookie');
  const ok = await webLogin(srv, 'kita-officer');
  assert.equal(ok.res.status, 303);
  assert.ok(ok.cookie);
});

test('a new login in the same browser ends the earlier session', async () => {
  const first = await webLogin(srv, 'kita-assistant');
  assert.equal((await page(srv, '/', first.cookie)).status, 200);
  const form = await loginForm(srv);
  const again = await postLogin({ csrf: form.csrf, login: 'kita-manager', password: DEMO_PASSWORD },
    `${form.cookie}; ${first.cookie}`);
  assert.equal(again.status, 303);
  assert.ok(sessionCookie(again.headers));
  assert.notEqual((await page(srv, '/', first.cookie)).status, 200, 'the earlier session has ended');
  // The API login alike.
  const a = await login(srv, 'kita-assistant');
  const b = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'kita-assistant', password: DEMO_PASSWORD }, cookie: a.cookie });
  assert.equal(b.status, 200);
  assert.equal((await api(srv, 'GET', '/api/v1/me', { cookie: a.cookie })).status, 401);
});

test('over TLS ([server] tls) the cookies carry the __Host- prefix and Secure', async () => {
  const dir = tempDir('mamori-tls-');
  const config = join(dir, 'tls.ini');
  writeFileSync(config, '[server]\ntls = true\n');
  const tls = await startServer({ config });
  try {
    const form = await loginForm(tls);
    assert.match(form.cookie, /^__Host-mamori_login=/);
    const { res, cookie } = await webLogin(tls, 'kita-officer');
    assert.equal(res.status, 303);
    const set = res.headers.getSetCookie().find((c) => c.startsWith('__Host-mamori_session='));
    assert.ok(set, res.headers.getSetCookie().join(' | '));
    assert.match(set, /; Secure/);
    assert.match(set, /; Path=\//);
    assert.doesNotMatch(set, /Domain=/i);
    assert.equal((await page(tls, '/', cookie)).status, 200);
    // The unprefixed name is not a session there.
    const plain = cookie.replace('__Host-', '');
    assert.notEqual((await page(tls, '/', plain)).status, 200);
  } finally {
    await tls.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/* Whether a cookie session / a bearer token still opens /api/v1/me. */
const meStatus = async (opts) => (await api(srv, 'GET', '/api/v1/me', opts)).status;

test('a password set by the administrator ends the user\'s sessions and tokens, and must be changed at next login', async () => {
  const u = await newUser();
  const s1 = as(srv, await login(srv, u.login, u.password));
  const t = (await s1.post('/api/v1/tokens', { label: '連携' })).json.token;
  const web = await webLogin(srv, u.login, u.password);
  assert.equal(await meStatus({ token: t }), 200);
  const h = head();
  const set = await admin.post(`/api/v1/users/${u.id}/password`, { password: 'admin-chose-this-9' });
  assert.equal(set.status, 204, set.text);
  assert.equal(await meStatus({ cookie: s1.session.cookie }), 401, 'the API session has ended');
  assert.equal(await meStatus({ cookie: web.cookie }), 401, 'the web session has ended');
  assert.equal(await meStatus({ token: t }), 401, 'the token is revoked');
  const entry = rowsAfter(h).find((e) => e.action === 'user.password');
  const detail = JSON.parse(entry.detail);
  assert.equal(detail.must_change, 1);
  assert.equal(detail.sessions_ended, 2);
  assert.equal(detail.tokens_revoked, 1);

  // Next login: nothing but the change is open.
  const s2 = as(srv, await login(srv, u.login, 'admin-chose-this-9'));
  assert.equal(s2.session.user.must_change_password, true);
  const h2 = head();
  const tok = await s2.post('/api/v1/tokens', { label: 'まだ' });
  assert.equal(tok.status, 403);
  assert.equal(tok.json.error.message,
    '管理者が設定したパスワードです。パスワードを変更するまで他の操作はできません。');
  const units = await s2.get(`/api/v1/units/${units0().KITA.id}`);
  assert.equal(units.status, 403);
  const denied = rowsAfter(h2).filter((e) => e.action === 'access.denied');
  assert.equal(denied.length, 2);
  assert.equal(JSON.parse(denied[0].detail).rule, 'must_change_password');
  const page2 = await webLogin(srv, u.login, 'admin-chose-this-9');
  const home = await page(srv, '/', page2.cookie);
  assert.equal(home.status, 303);
  assert.equal(new URL(home.headers.get('location'), srv.url).pathname, '/password');
  assert.equal((await page(srv, '/password', page2.cookie)).status, 200);

  // The change opens everything again.
  const ch = await s2.post('/api/v1/me/password',
    { current_password: 'admin-chose-this-9', new_password: 'my-own-choice-2027' });
  assert.equal(ch.status, 204, ch.text);
  assert.equal((await s2.get('/api/v1/me')).json.must_change_password, false);
  assert.equal((await s2.post('/api/v1/tokens', { label: '今度は' })).status, 201);
});
const units0 = () => units;

test('self-service change: a wrong current password is refused (422), audited, and changes nothing', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const h = head();
  const r = await s.post('/api/v1/me/password', { current_password: 'not-my-password', new_password: 'another-long-one-1' });
  assert.equal(r.status, 422);
  assert.equal(r.json.error.field, 'current_password');
  assert.equal(r.json.error.message, '現在のパスワードが正しくありません。');
  const refused = rowsAfter(h).filter((e) => e.action === 'request.refused');
  assert.equal(refused.length, 1);
  // The old password still logs in, the new one does not.
  assert.equal((await api(srv, 'POST', '/api/v1/session',
    { body: { login: u.login, password: 'another-long-one-1' } })).status, 401);
  await login(srv, u.login, u.password);
  // Too short, or the same as now: the same messages on the web form.
  const short = await s.post('/api/v1/me/password', { current_password: u.password, new_password: 'short' });
  assert.equal(short.status, 422);
  assert.equal(short.json.error.field, 'new_password');
  const same = await s.post('/api/v1/me/password', { current_password: u.password, new_password: u.password });
  assert.equal(same.status, 422);
  assert.equal(same.json.error.message, '現在のパスワードとは異なるパスワードを入力してください。');
  const web = await webLogin(srv, u.login, u.password);
  const form = await page(srv, '/password', web.cookie);
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const w = await fetch(srv.url + '/password', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, current_password: u.password, new_password: 'short',
      new_password_again: 'short' }).toString(),
  });
  assert.equal(w.status, 422);
  assert.ok((await w.text()).includes(short.json.error.message));
});

test('self-service change ends every other session and token of the user, but not the one changing it', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const other = await login(srv, u.login, u.password);
  const t = (await s.post('/api/v1/tokens', { label: 'old' })).json.token;
  const web = await webLogin(srv, u.login, u.password);
  const form = await page(srv, '/password', web.cookie);
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)[1];
  const w = await fetch(srv.url + '/password', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, current_password: u.password, new_password: 'changed-by-me-2026',
      new_password_again: 'changed-by-me-2026' }).toString(),
  });
  assert.equal(w.status, 200);
  assert.match(await w.text(), /パスワードを変更しました/);
  assert.equal((await page(srv, '/', web.cookie)).status, 200, 'the changing session lives on');
  assert.equal(await meStatus({ cookie: s.session.cookie }), 401);
  assert.equal(await meStatus({ cookie: other.cookie }), 401);
  assert.equal(await meStatus({ token: t }), 401);
  await login(srv, u.login, 'changed-by-me-2026');
});

test('tokens expire: a lifetime is given (default, or asked for within the maximum) and an expired token answers 401', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const d = await s.post('/api/v1/tokens', { label: '既定' });
  assert.equal(d.status, 201, d.text);
  const days = (Date.parse(d.json.expires_at) - Date.now()) / 86400000;
  assert.ok(days > 89.9 && days <= 90, `default 90 days, got ${days}`);
  const one = await s.post('/api/v1/tokens', { label: '一日', expires_in_days: 1 });
  assert.equal(one.status, 201);
  for (const bad of [0, 366, -1]) {
    const r = await s.post('/api/v1/tokens', { label: '長すぎ', expires_in_days: bad });
    assert.equal(r.status, 422, `${bad}: ${r.text}`);
    assert.equal(r.json.error.field, 'expires_in_days');
    assert.equal(r.json.error.message, '有効期間は1日から365日までの日数で入力してください。');
  }
  assert.equal(await meStatus({ token: one.json.token }), 200);
  sql(srv.db, `UPDATE api_tokens SET expires_at = created_at - 1 WHERE id = ${one.json.id}`);
  assert.equal(await meStatus({ token: one.json.token }), 401, 'an expired token opens nothing');
});

test('a token cannot mint another token (only a logged-in session can); refused and audited', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const t = (await s.post('/api/v1/tokens', { label: '親' })).json.token;
  const h = head();
  const r = await api(srv, 'POST', '/api/v1/tokens', { token: t, body: { label: '子' } });
  assert.equal(r.status, 403);
  assert.equal(r.json.error.message, 'APIトークンはログインした画面またはセッションからのみ発行できます。');
  const denied = rowsAfter(h).filter((e) => e.action === 'access.denied');
  assert.equal(denied.length, 1);
  assert.equal(JSON.parse(denied[0].detail).rule, 'token_mint_needs_session');
  assert.equal(rowsAfter(h).filter((e) => e.action === 'token.create').length, 0);
});

test('the user lists their tokens (label, expiry, last use; never the value) and revokes one', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const a = (await s.post('/api/v1/tokens', { label: '集計' })).json;
  const b = (await s.post('/api/v1/tokens', { label: '同期' })).json;
  assert.equal(await meStatus({ token: a.token }), 200);
  const l = await s.get('/api/v1/tokens');
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.json.tokens.map((t) => t.label), ['同期', '集計']);
  assert.ok(!l.text.includes(a.token) && !l.text.includes(b.token), 'values are never listed');
  const used = l.json.tokens.find((t) => t.id === a.id);
  assert.ok(used.last_used_at, 'the use is noted');
  assert.equal(l.json.tokens.find((t) => t.id === b.id).last_used_at, null);
  const h = head();
  const del = await s.del(`/api/v1/tokens/${a.id}`);
  assert.equal(del.status, 204, del.text);
  assert.equal(await meStatus({ token: a.token }), 401);
  assert.equal(await meStatus({ token: b.token }), 200, 'the other one still works');
  const e = rowsAfter(h).find((x) => x.action === 'token.revoke');
  assert.equal(e.object_id, a.id);
  assert.equal((await s.del(`/api/v1/tokens/${a.id}`)).status, 404, 'revoked once');
  assert.deepEqual((await s.get('/api/v1/tokens')).json.tokens.map((t) => t.id), [b.id]);
});

test('another user\'s tokens: neither listed nor revoked by a non-administrator (403, audited); the administrator does both', async () => {
  const u = await newUser();
  const s = as(srv, await login(srv, u.login, u.password));
  const t = (await s.post('/api/v1/tokens', { label: '監督対象' })).json;
  const km = as(srv, await login(srv, 'kita-manager'));
  const h = head();
  const list = await km.get(`/api/v1/tokens?user_id=${u.id}`);
  assert.equal(list.status, 403);
  const del = await km.del(`/api/v1/tokens/${t.id}`);
  assert.equal(del.status, 403);
  assert.equal(rowsAfter(h).filter((e) => e.action === 'access.denied').length, 2);
  assert.equal(await meStatus({ token: t.token }), 200, 'nothing changed');
  const al = await admin.get(`/api/v1/tokens?user_id=${u.id}`);
  assert.equal(al.status, 200);
  assert.deepEqual(al.json.tokens.map((x) => x.id), [t.id]);
  assert.equal((await admin.get('/api/v1/tokens?user_id=999999')).status, 404);
  const ad = await admin.del(`/api/v1/tokens/${t.id}`);
  assert.equal(ad.status, 204);
  assert.equal(await meStatus({ token: t.token }), 401);
});

test('idle and absolute session timeouts end a session', async () => {
  const s = await login(srv, 'kita-officer');
  assert.equal(await meStatus({ cookie: s.cookie }), 200);
  const id = () => sql(srv.db, 'SELECT max(id) FROM sessions');
  const mine = id();
  sql(srv.db, `UPDATE sessions SET last_seen_at = last_seen_at - 31 * 60 WHERE id = ${mine}`);
  assert.equal(await meStatus({ cookie: s.cookie }), 401, 'idle for more than 30 minutes');
  const t = await login(srv, 'kita-officer');
  sql(srv.db, `UPDATE sessions SET created_at = created_at - 12 * 3600 - 1 WHERE id = ${id()}`);
  assert.equal(await meStatus({ cookie: t.cookie }), 401, 'older than 12 hours, though in use');
});

/* POST a web form with the page's csrf field; resolves the response. */
async function postForm(cookie, path, fields, from) {
  const csrf = csrfField((await page(srv, from || path, cookie)).text);
  return fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...fields }).toString(),
  });
}

test('web: the user mints a token (shown once), sees it listed and revokes it; the administrator sees and revokes any user\'s', async () => {
  const u = await newUser();
  const web = await webLogin(srv, u.login, u.password);
  const path = `/users/${u.id}/tokens`;
  const bad = await postForm(web.cookie, path, { label: 'ウェブ', expires_in_days: '999' });
  assert.equal(bad.status, 422);
  assert.ok((await bad.text()).includes('有効期間は1日から365日までの日数で入力してください。'));
  const made = await postForm(web.cookie, path, { label: 'ウェブ', expires_in_days: '30' });
  assert.equal(made.status, 201);
  const token = /class="token-value">([0-9a-f]{64})</.exec(await made.text())[1];
  assert.equal(await meStatus({ token }), 200);
  const list = await page(srv, path, web.cookie);
  assert.ok(list.text.includes('ウェブ'));
  assert.ok(!list.text.includes(token), 'never shown again');
  // Another user (not the administrator) is refused the page.
  const other = await webLogin(srv, 'kita-manager');
  assert.equal((await page(srv, path, other.cookie)).status, 403);
  // The administrator revokes it from the user's list.
  const adm = await webLogin(srv, 'admin');
  const al = await page(srv, path, adm.cookie);
  assert.equal(al.status, 200);
  assert.ok(!/name="label"/.test(al.text), 'no minting for another user');
  const id = /action="\/tokens\/(\d+)\/revoke"/.exec(al.text)[1];
  const rv = await postForm(adm.cookie, `/tokens/${id}/revoke`, {}, path);
  assert.equal(rv.status, 303);
  assert.equal(await meStatus({ token }), 401);
  // Minting for another user is refused, even to the administrator.
  const forged = await postForm(adm.cookie, path, { label: '代理' });
  assert.equal(forged.status, 403);
});

test('a common password is refused though long enough (admin-set, self-service, new user; web and API alike) and nothing changes', async () => {
  const COMMON = 'よく使われるパスワードや推測されやすいパスワードは使用できません';
  const u = await newUser();
  for (const pw of ['password1234', 'WinnieThePooh', '111111111111']) {
    const r = await admin.post(`/api/v1/users/${u.id}/password`, { password: pw });
    assert.equal(r.status, 422, pw);
    assert.equal(r.json.error.field, 'password');
    assert.equal(r.json.error.message, COMMON);
  }
  const s = as(srv, await login(srv, u.login, u.password));
  assert.equal((await s.get('/api/v1/me')).json.must_change_password, false, 'nothing was set');
  const self = await s.post('/api/v1/me/password', { current_password: u.password, new_password: 'qwerty123456' });
  assert.equal(self.status, 422);
  assert.equal(self.json.error.message, COMMON);
  const created = await admin.post('/api/v1/users', { login: 'life-common', name: '共通 花子',
    name_kana: 'きょうつう はなこ', rank: 'junsa', sex: 'female', unit_id: units.KITA.id,
    password: 'iloveyou2026' });
  assert.equal(created.status, 422);
  assert.equal(created.json.error.message, COMMON);
  const web = await webLogin(srv, u.login, u.password);
  const w = await postForm(web.cookie, '/password',
    { current_password: u.password, new_password: 'qwerty123456', new_password_again: 'qwerty123456' });
  assert.equal(w.status, 422);
  assert.ok((await w.text()).includes(COMMON));
  await login(srv, u.login, u.password);
});

test('Argon2id cost from [passwords]: below the floor the server refuses to start; a dearer cost rehashes at login', async () => {
  const dir = tempDir('mamori-pwhash-');
  try {
    const low = join(dir, 'low.ini');
    writeFileSync(low, '[passwords]\nmemory_mib = 19\n');
    const r = cli(['serve', '--db', srv.db, '--config', low, '--listen', '127.0.0.1:0'], { timeout: 20000 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /memory_mib/);
    const dear = join(dir, 'dear.ini');
    writeFileSync(dear, '[passwords]\npasses = 3\n');
    const other = await startServer({ config: dear });
    try {
      const hashOf = (who) => sql(other.db, `SELECT password_hash FROM users WHERE login = '${who}'`);
      assert.match(hashOf('kita-comm'), /m=65536,t=2/);
      await login(other, 'kita-comm');
      assert.match(hashOf('kita-comm'), /m=65536,t=3/, 'rehashed at the configured cost');
    } finally {
      await other.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
