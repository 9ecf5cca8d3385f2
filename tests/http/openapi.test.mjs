// openapi.test.mjs - GET /api/v1/openapi.json is served, is valid
// OpenAPI JSON, and documents every route the API answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, login } from '../lib/server.mjs';

let srv;
let doc;
before(async () => {
  srv = await startServer();
  const s = await login(srv, 'admin');
  const r = await api(srv, 'GET', '/api/v1/openapi.json', { cookie: s.cookie });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /application\/json/);
  doc = r.json;
});
after(async () => { await srv.stop(); });

test('the document is OpenAPI 3 JSON', () => {
  assert.ok(doc, 'valid JSON');
  assert.match(doc.openapi, /^3\./);
  assert.equal(typeof doc.info.title, 'string');
  assert.equal(typeof doc.paths, 'object');
});

test('it documents the contract\'s resources', () => {
  const paths = Object.keys(doc.paths).map((p) => p.replace(/^\/api\/v1/, ''));
  for (const p of ['/session', '/me', '/units', '/units/{id}', '/users', '/users/{id}',
    '/users/{id}/deactivate', '/users/{id}/activate', '/users/{id}/password', '/roles',
    '/roles/{id}', '/tokens', '/audit']) {
    assert.ok(paths.includes(p), `documents ${p}; has ${paths.join(' ')}`);
  }
  assert.ok(doc.paths['/api/v1/units'] || doc.paths['/units']);
});

test('every documented operation has responses', () => {
  for (const [p, ops] of Object.entries(doc.paths)) {
    for (const [m, op] of Object.entries(ops)) {
      if (!['get', 'post', 'patch', 'put', 'delete'].includes(m)) continue;
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${m} ${p}`);
    }
  }
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
