// sessions_lifecycle.test.mjs - sessions, tokens and passwords with a
// lifecycle (issue 13): each test tries the move that worked on the main
// before it and shows it refused (with its audit entry) or ended.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, api, login, as, record, sql, isPg, unitsByCode, loginForm, webLogin,
  sessionCookie, page, tempDir, DEMO_PASSWORD,
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
function rowsAfter(seq) {
  const fn = isPg(srv.db) ? 'json_build_object' : 'json_object';
  const out = sql(srv.db,
    `SELECT ${fn}('seq',seq,'action',action,'actor_login',actor_login,` +
    `'object_type',object_type,'object_id',object_id,'detail',detail) ` +
    `FROM audit_log WHERE seq > ${seq} ORDER BY seq`);
  return out ? out.split('\n').map((l) => JSON.parse(l)) : [];
}
const head = () => Number(sql(srv.db, 'SELECT coalesce(max(seq),0) FROM audit_log'));

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
