// openapi.test.mjs - GET /api/v1/openapi.json is served, is valid
// OpenAPI JSON, and documents every route the API answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, login, ROOT, tempDir } from '../lib/server.mjs';

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

// Issue 8: the served document lints clean with Redocly's recommended
// rules (redocly.yaml): no error and no warning.
test('the served document passes redocly lint with no error or warning', () => {
  const file = join(tempDir('mamori-openapi-'), 'openapi.json');
  writeFileSync(file, JSON.stringify(doc));
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'redocly'),
    ['lint', file, '--format=json', '--config', join(ROOT, 'redocly.yaml')],
    { encoding: 'utf8', timeout: 120000,
      // no network: no telemetry, no update check
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' } });
  assert.equal(r.error, undefined, String(r.error));
  const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  const problems = out.problems.map((x) => `${x.severity} ${x.ruleId}: ${x.message}`);
  assert.equal(out.totals.errors, 0, problems.join('\n'));
  assert.equal(out.totals.warnings, 0, problems.join('\n'));
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
