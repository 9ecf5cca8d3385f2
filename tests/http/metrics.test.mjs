// metrics.test.mjs - GET /metrics (issue 15): the Prometheus text format
// for the operator's monitoring, reachable from loopback (no forwarding
// header) or with the configured token, refused (403, Japanese) to anyone
// else; its counters move with requests, failed and throttled logins; it
// reports the age of the newest backup and checkpoint of the configured
// directories and the audit entries after the checkpoint.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { startServer, api, cli, tempDir, BIN } from '../lib/server.mjs';

const dirs = [];
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const TOKEN = 'a'.repeat(20) + '0123456789abcdef-._~';

/* A configuration with a [metrics] section; returns its path and dir. */
function config(extra = '') {
  const dir = tempDir('mamori-metrics-');
  dirs.push(dir);
  const file = join(dir, 'mamori.ini');
  writeFileSync(file, `[metrics]\nbackup_dir = ${join(dir, 'backups')}\n` +
    `checkpoint_dir = ${join(dir, 'checkpoints')}\n${extra}`);
  return { dir, file };
}

async function metrics(srv, headers = {}) {
  const r = await fetch(srv.url + '/metrics', { headers });
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

/* The value of the sample named exactly (with its labels), or undefined. */
function sample(text, name) {
  for (const line of text.split('\n')) {
    if (line.startsWith(name + ' ')) return Number(line.slice(name.length + 1));
  }
  return undefined;
}

test('GET /metrics from loopback answers the Prometheus text format', async () => {
  const srv = await startServer();
  try {
    await fetch(srv.url + '/login').then((r) => r.text());
    await api(srv, 'GET', '/api/v1/me');
    const m = await metrics(srv);
    assert.equal(m.status, 200, m.text);
    assert.match(m.type, /^text\/plain; version=0\.0\.4/);
    // Every line is a comment (HELP/TYPE) or "name{labels} number".
    const families = new Set();
    for (const line of m.text.split('\n').filter(Boolean)) {
      const t = /^# TYPE (\w+) (counter|gauge|histogram)$/.exec(line);
      if (t) { families.add(t[1]); continue; }
      if (line.startsWith('# HELP ')) continue;
      const s = /^(\w+)(\{[^}]*\})? (-?[0-9.e+]+)$/.exec(line);
      assert.ok(s, `a sample line: ${line}`);
      const family = s[1].replace(/_(bucket|sum|count)$/, '');
      assert.ok(families.has(s[1]) || families.has(family), `${s[1]} has a # TYPE`);
    }
    assert.ok(sample(m.text, 'mamori_http_requests_total{class="web",code="2xx"}') >= 1);
    assert.ok(sample(m.text, 'mamori_http_requests_total{class="api",code="4xx"}') >= 1, 'the 401 of /api/v1/me');
    assert.ok(sample(m.text, 'mamori_http_request_duration_seconds_count{class="web"}') >= 1);
    assert.equal(sample(m.text, 'mamori_http_request_duration_seconds_bucket{class="web",le="+Inf"}'),
      sample(m.text, 'mamori_http_request_duration_seconds_count{class="web"}'));
    assert.equal(sample(m.text, 'mamori_up'), 1);
    assert.ok(sample(m.text, 'mamori_audit_entries') >= 1);
    assert.equal(sample(m.text, 'mamori_store_errors_total'), 0);
    assert.doesNotMatch(m.text, /gm|kita|熊本/, 'no user or unit names');
  } finally {
    await srv.stop();
  }
});

test('failed and throttled logins are counted', async () => {
  const c = config('[login]\nmax_failures_per_account = 2\n');
  const srv = await startServer({ config: c.file });
  try {
    const before = await metrics(srv);
    for (let i = 0; i < 4; i++) {
      await api(srv, 'POST', '/api/v1/session', { body: { login: 'gm', password: 'wrong-password-x' } });
    }
    const m = await metrics(srv);
    const failed = sample(m.text, 'mamori_login_failures_total') - sample(before.text, 'mamori_login_failures_total');
    const throttled = sample(m.text, 'mamori_login_throttled_total') - sample(before.text, 'mamori_login_throttled_total');
    assert.equal(failed, 2, m.text);
    assert.equal(throttled, 2, m.text);
  } finally {
    await srv.stop();
  }
});

test('a request through a proxy (X-Forwarded-For) or a wrong token is refused 403 in Japanese; the token opens it', async () => {
  const c = config(`token = ${TOKEN}\n`);
  const srv = await startServer({ config: c.file, args: ['--trusted-proxies', '127.0.0.1'] });
  try {
    for (const headers of [{ 'X-Forwarded-For': '203.0.113.9' }, { Forwarded: 'for=203.0.113.9' },
      { 'X-Forwarded-For': '127.0.0.1' },
      { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN}x` },
      { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN.slice(1)}` },
      { 'X-Forwarded-For': '203.0.113.9', Authorization: TOKEN }]) {
      const m = await metrics(srv, headers);
      assert.equal(m.status, 403, JSON.stringify(headers));
      assert.match(m.text, /メトリクスはこのホスト（ループバック）からか、設定したトークンでのみ取得できます。/);
      assert.doesNotMatch(m.text, /mamori_http_requests_total/);
    }
    const ok = await metrics(srv, { 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${TOKEN}` });
    assert.equal(ok.status, 200, ok.text);
    assert.match(ok.text, /^mamori_up 1$/m);
    const post = await fetch(srv.url + '/metrics', { method: 'POST' });
    assert.equal(post.status, 405);
    await post.text();
  } finally {
    await srv.stop();
  }
});

test('without a token, a proxied request is refused even when the proxy is not trusted', async () => {
  const srv = await startServer();
  try {
    const m = await metrics(srv, { 'X-Forwarded-For': '203.0.113.9' });
    assert.equal(m.status, 403);
    assert.equal((await metrics(srv, { Authorization: 'Bearer ' + TOKEN })).status, 200,
      'from loopback with no token configured a bearer header changes nothing');
  } finally {
    await srv.stop();
  }
});

test('the ages of the newest backup and checkpoint and the unsealed entries are reported', async () => {
  const c = config();
  const srv = await startServer({ config: c.file });
  try {
    let m = await metrics(srv);
    assert.doesNotMatch(m.text, /mamori_backup_age_seconds|mamori_checkpoint_age_seconds/,
      'no directories yet: no age');
    mkdirSync(join(c.dir, 'backups'));
    mkdirSync(join(c.dir, 'checkpoints'));
    writeFileSync(join(c.dir, 'backups', 'mamori-20261201T000000Z.db'), 'x');
    writeFileSync(join(c.dir, 'backups', 'mamori-20261202T000000Z.db'), 'x');
    const old = Date.now() / 1000 - 7200;
    utimesSync(join(c.dir, 'backups', 'mamori-20261201T000000Z.db'), old - 86400, old - 86400);
    utimesSync(join(c.dir, 'backups', 'mamori-20261202T000000Z.db'), old, old);
    const key = join(c.dir, 'k');
    assert.equal(cli(['audit', 'keygen', '--secret', key, '--public', key + '.pub']).status, 0);
    const cp = cli(['audit', 'checkpoint', '--db', srv.db, '--secret', key,
      '--out', join(c.dir, 'checkpoints', 'checkpoint-20261202T000000Z.txt')]);
    assert.equal(cp.status, 0, cp.stderr);
    // Two more entries after the checkpoint.
    await api(srv, 'POST', '/api/v1/session', { body: { login: 'gm', password: 'wrong-password-x' } });
    await api(srv, 'POST', '/api/v1/session', { body: { login: 'kita-officer', password: 'wrong-password-x' } });
    m = await metrics(srv);
    const age = sample(m.text, 'mamori_backup_age_seconds');
    assert.ok(age >= 7200 && age < 7300, `backup age ${age}`);
    assert.ok(sample(m.text, 'mamori_checkpoint_age_seconds') < 120);
    assert.equal(sample(m.text, 'mamori_audit_unsealed_entries'), 2, m.text);
  } finally {
    await srv.stop();
  }
});

test('a [metrics] token shorter than 32 characters stops the server, naming the line', () => {
  const c = config('token = short\n');
  const r = spawnSync(BIN, ['serve', '--db', join(c.dir, 'none.db'), '--config', c.file, '--listen', '127.0.0.1:0'],
    { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /line 4: invalid value for \[metrics\] token: 32 to 128 characters/);
});
