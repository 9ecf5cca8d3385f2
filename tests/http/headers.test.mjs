// headers.test.mjs - security headers on every response, a strict CSP,
// and no page or stylesheet referring to another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, unitsByCode, webLogin, page, rawRequest,
} from '../lib/server.mjs';

let srv;
let cookie;
let units;
before(async () => {
  srv = await startServer();
  cookie = (await webLogin(srv, 'admin')).cookie;
  units = await unitsByCode(srv, await login(srv, 'admin'));
});
after(async () => { await srv.stop(); });

function checkHeaders(h, what) {
  const csp = h.get('content-security-policy');
  assert.ok(csp, `${what}: Content-Security-Policy`);
  assert.ok(!/unsafe-inline/.test(csp), `${what}: no 'unsafe-inline' in ${csp}`);
  assert.ok(!/unsafe-eval/.test(csp), `${what}: no 'unsafe-eval'`);
  assert.match(csp, /default-src 'none'|default-src 'self'/, what);
  assert.match(csp, /frame-ancestors 'none'/, what);
  assert.equal(h.get('x-content-type-options'), 'nosniff', what);
  assert.ok(/DENY/i.test(h.get('x-frame-options') || ''), `${what}: X-Frame-Options`);
  assert.ok(h.get('referrer-policy'), `${what}: Referrer-Policy`);
  assert.ok(!h.get('server') || !/\d/.test(h.get('server')), `${what}: no version in Server`);
}

const pages = () => ['/login', '/', '/units', `/units/${units.KITA.id}`, '/units/new',
  '/users', '/users/new', '/audit'];

test('every HTML page carries the security headers', async () => {
  for (const p of pages()) {
    // The login form is for visitors: a session is sent elsewhere.
    const r = await page(srv, p, p === '/login' ? null : cookie);
    assert.equal(r.status, 200, `${p}: ${r.status}`);
    assert.match(r.headers.get('content-type'), /text\/html;\s*charset=utf-8/i, p);
    checkHeaders(r.headers, p);
    assert.match(r.headers.get('cache-control') || '', /no-store/, `${p}: Cache-Control no-store`);
  }
});

test('API responses, errors and healthz carry the security headers too', async () => {
  const s = await login(srv, 'kita-manager');
  for (const [path, opts] of [['/healthz', {}], ['/api/v1/me', {}], ['/api/v1/units', { cookie: s.cookie }],
    [`/api/v1/units/${units.MINAMI.id}`, { cookie: s.cookie }], ['/api/v1/none', { cookie: s.cookie }],
    ['/api/v1/openapi.json', { cookie: s.cookie }]]) {
    const r = await api(srv, 'GET', path, opts);
    checkHeaders(r.headers, `${path} (${r.status})`);
  }
  const r = await page(srv, '/no-such-page', cookie);
  assert.equal(r.status, 404);
  checkHeaders(r.headers, '404 page');
});

test('the 403 page for another station\'s unit is Japanese', async () => {
  const kc = (await webLogin(srv, 'kita-manager')).cookie;
  const r = await page(srv, `/units/${units.MINAMI.id}`, kc);
  assert.equal(r.status, 403);
  checkHeaders(r.headers, '403 page');
  assert.match(r.text, /[\u3040-\u30ff\u4e00-\u9fff]/, 'Japanese text');
  assert.ok(!r.text.includes('熊本南警察署'), 'nothing of the refused object');
});

test('no page or stylesheet refers to another host', async () => {
  const seen = new Set();
  const queue = pages();
  while (queue.length) {
    const p = queue.shift();
    if (seen.has(p)) continue;
    seen.add(p);
    const r = await page(srv, p, p === '/login' ? null : cookie);
    const ext = r.text.match(/(https?:)?\/\/[a-z0-9.-]+[^\s"'<>)]*/gi) || [];
    // Only the XML namespace of inline SVG may look like a URL.
    const bad = ext.filter((u) => !u.startsWith('http://www.w3.org/'));
    assert.deepEqual(bad, [], `${p} refers to another host`);
    for (const m of r.text.matchAll(/(?:href|src)="(\/[^"]*\.(?:css|js|svg|png|woff2?))"/g)) {
      queue.push(m[1]);
    }
    for (const m of r.text.matchAll(/url\(["']?([^"')]+)/g)) {
      assert.ok(!/^(https?:)?\/\//.test(m[1]), `${p}: url(${m[1]})`);
      if (m[1].startsWith('/')) queue.push(m[1]);
    }
  }
  assert.ok([...seen].some((p) => p.endsWith('.css')), `a stylesheet was found: ${[...seen]}`);
});

test('static files are served with a type and nosniff', async () => {
  const home = await page(srv, '/', cookie);
  const css = /href="(\/[^"]+\.css)"/.exec(home.text);
  assert.ok(css, 'home links a stylesheet');
  const r = await page(srv, css[1]);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/css/);
  checkHeaders(r.headers, css[1]);
});

/* The status and headers of a raw HTTP/1.1 answer. */
function parseRaw(answer) {
  const [head] = answer.split('\r\n\r\n');
  const lines = head.split('\r\n');
  const h = new Headers();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) h.append(l.slice(0, i).trim(), l.slice(i + 1).trim());
  }
  return { status: Number((/^HTTP\/1\.1 (\d{3})/.exec(lines[0]) || [])[1]), headers: h };
}

// Issue 13: the server's own refusals (made before the application sees
// the request) carried only nosniff, and too many query parameters or a
// 32 KB query closed the connection without any answer.
test('the server\'s own 400, 414 and 431 answers carry the security headers', async () => {
  const GET = (target, extra = '') =>
    `GET ${target} HTTP/1.1\r\nHost: mamori\r\n${extra}Connection: close\r\n\r\n`;
  const many = Array.from({ length: 470 }, (_, i) => `f${i}=1`).join('&');
  for (const [what, raw, status] of [
    ['470 query parameters', GET(`/api/v1/units?${many}`), 400],
    ['a 32 KB query', GET(`/units?q=${'x'.repeat(32 * 1024)}`), 414],
    ['a 40 KB header', GET('/healthz', `X-Big: ${'y'.repeat(40 * 1024)}\r\n`), 431],
    ['a NUL in the path', GET('/units%00.html'), 400],
  ]) {
    const r = parseRaw(await rawRequest(srv, raw));
    assert.equal(r.status, status, what);
    checkHeaders(r.headers, `${what} (${status})`);
    assert.match(r.headers.get('cache-control') || '', /no-store/, what);
  }
});

// RFC 9110 15.5.6: a 405 says which methods the resource has.
test('405 answers carry Allow with the methods of the path', async () => {
  const web = await fetch(srv.url + '/login', { method: 'DELETE', redirect: 'manual' });
  assert.equal(web.status, 405);
  assert.equal(web.headers.get('allow'), 'GET, HEAD, POST');
  checkHeaders(web.headers, '405 page');
  const s = await login(srv, 'admin');
  const r = await api(srv, 'PUT', '/api/v1/units', { cookie: s.cookie, csrf: s.csrf, body: {} });
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'GET, HEAD, POST');
  const health = await api(srv, 'DELETE', '/healthz');
  assert.equal(health.status, 405);
  assert.equal(health.headers.get('allow'), 'GET, HEAD');
  // A workflow step is POST only.
  const step = await api(srv, 'GET', '/api/v1/designations/1/revoke', { cookie: s.cookie });
  assert.equal(step.status, 405);
  assert.equal(step.headers.get('allow'), 'POST');
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
