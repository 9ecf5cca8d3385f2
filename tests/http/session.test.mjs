// session.test.mjs - logging in and out over the API and the web form,
// throttling, the session cookie and CSRF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, sessionCookie, webLogin, page, csrfField,
  DEMO_PASSWORD,
} from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('healthz answers ok without a session', async () => {
  const r = await api(srv, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'ok' });
});

test('login returns the user with roles and a csrf token', async () => {
  const s = await login(srv, 'kita-manager');
  assert.ok(s.cookie, 'a mamori_session cookie is set');
  assert.equal(typeof s.csrf, 'string');
  assert.ok(s.csrf.length >= 32, 'csrf token has at least 128 bits');
  assert.equal(s.user.login, 'kita-manager');
  assert.ok(Array.isArray(s.user.roles) && s.user.roles.length > 0);
  const me = await api(srv, 'GET', '/api/v1/me', { cookie: s.cookie });
  assert.equal(me.status, 200);
  assert.equal((me.json.user || me.json).login, 'kita-manager');
});

test('session cookie is HttpOnly and SameSite=Strict', async () => {
  const s = await login(srv, 'kita-assistant');
  const set = s.res.headers.getSetCookie().find((c) => c.startsWith('mamori_session='));
  assert.ok(set, 'Set-Cookie mamori_session');
  assert.match(set, /;\s*HttpOnly/i);
  assert.match(set, /;\s*SameSite=Strict/i);
  assert.match(set, /;\s*Path=\//i);
  const value = /^mamori_session=([^;]*)/.exec(set)[1];
  assert.ok(value.length >= 32, 'session id has at least 128 bits');
});

test('wrong password answers 401 and sets no session', async () => {
  const r = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'kita-officer', password: 'wrong-password' } });
  assert.equal(r.status, 401);
  assert.ok(r.json.error && r.json.error.code, 'error body');
  assert.equal(sessionCookie(r.headers), null);
});

test('unknown login answers 401 like a wrong password', async () => {
  const r = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'nobody-here', password: DEMO_PASSWORD } });
  assert.equal(r.status, 401);
});

test('API without a session answers 401 with a JSON error', async () => {
  for (const path of ['/api/v1/me', '/api/v1/units', '/api/v1/users', '/api/v1/audit']) {
    const r = await api(srv, 'GET', path);
    assert.equal(r.status, 401, path);
    assert.equal(typeof r.json.error.code, 'string', path);
    assert.equal(typeof r.json.error.message, 'string', path);
  }
});

test('five failures on an account from one address refuse that address for it: the sixth attempt answers 429 even with the right password', async () => {
  for (let i = 0; i < 5; i++) {
    const r = await api(srv, 'POST', '/api/v1/session',
      { body: { login: 'minami-comm', password: `bad-${i}` } });
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  const r = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'minami-comm', password: DEMO_PASSWORD } });
  assert.equal(r.status, 429);
  assert.equal(sessionCookie(r.headers), null);
  // Another account from the same address is not locked by it.
  const other = await login(srv, 'minami-officer');
  assert.ok(other.cookie);
});

test('logout ends the session: the old cookie no longer works', async () => {
  const s = await login(srv, 'yatsu-manager');
  const out = await api(srv, 'DELETE', '/api/v1/session', { cookie: s.cookie, csrf: s.csrf });
  assert.ok([200, 204].includes(out.status), `logout ${out.status}`);
  const me = await api(srv, 'GET', '/api/v1/me', { cookie: s.cookie });
  assert.equal(me.status, 401);
});

test('a state-changing API call with a cookie session needs X-CSRF-Token', async () => {
  const s = await login(srv, 'admin');
  const body = { code: 'CSRF1', name: '玉名警察署', kind: 'station' };
  const none = await api(srv, 'POST', '/api/v1/units', { body, cookie: s.cookie });
  assert.equal(none.status, 403);
  assert.ok(none.json.error);
  const wrong = await api(srv, 'POST', '/api/v1/units',
    { body, cookie: s.cookie, csrf: 'a'.repeat(64) });
  assert.equal(wrong.status, 403);
  const units = await api(srv, 'GET', '/api/v1/units', { cookie: s.cookie });
  assert.ok(!units.text.includes('CSRF1'), 'nothing was created');
  const ok = await api(srv, 'POST', '/api/v1/units', { body, cookie: s.cookie, csrf: s.csrf });
  assert.equal(ok.status, 201, ok.text);
});

test('another session\'s csrf token is refused', async () => {
  const a = await login(srv, 'admin');
  const b = await login(srv, 'admin');
  const r = await api(srv, 'POST', '/api/v1/units',
    { body: { code: 'CSRF2', name: '荒尾警察署', kind: 'station' }, cookie: a.cookie, csrf: b.csrf });
  assert.equal(r.status, 403);
});

test('web: the login form, POST /login → 303 to /, home, logout → 303 /login', async () => {
  const form = await page(srv, '/login');
  assert.equal(form.status, 200);
  assert.match(form.headers.get('content-type'), /text\/html/);
  assert.match(form.text, /name="login"/);
  assert.match(form.text, /name="password"/);
  assert.match(form.text, /<html[^>]*lang="ja"/);

  const { cookie, res } = await webLogin(srv, 'kita-manager');
  assert.equal(res.status, 303);
  assert.equal(new URL(res.headers.get('location'), srv.url).pathname, '/');
  assert.ok(cookie);

  const home = await page(srv, '/', cookie);
  assert.equal(home.status, 200);
  const csrf = csrfField(home.text);
  assert.ok(csrf, 'home carries the hidden csrf field of the logout form');

  const out = await fetch(srv.url + '/logout', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf }).toString(),
  });
  await out.arrayBuffer();
  assert.equal(out.status, 303);
  assert.equal(new URL(out.headers.get('location'), srv.url).pathname, '/login');
  const after = await page(srv, '/', cookie);
  assert.notEqual(after.status, 200, 'the old cookie no longer opens home');
});

test('web: logout without the csrf field is refused and the session stays', async () => {
  const { cookie } = await webLogin(srv, 'kita-officer');
  const out = await fetch(srv.url + '/logout', {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: '',
  });
  await out.arrayBuffer();
  assert.equal(out.status, 403);
  const home = await page(srv, '/', cookie);
  assert.equal(home.status, 200);
});

test('web: wrong password shows the form again with no session', async () => {
  const { cookie, res } = await webLogin(srv, 'kita-officer', 'nope');
  assert.notEqual(res.status, 303);
  assert.equal(cookie, null);
});

test('web: pages need a session (redirect to /login)', async () => {
  const r = await page(srv, '/units');
  assert.ok([303, 302, 401].includes(r.status), `status ${r.status}`);
  if (r.status !== 401) {
    assert.equal(new URL(r.headers.get('location'), srv.url).pathname, '/login');
  }
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
