// proxy_throttle.test.mjs - the client address behind the documented
// nginx ([server] trusted_proxies, X-Forwarded-For) and the login
// throttle's separate budgets (issue 8, hole 4; ASVS 2.2.1).
//
// Before: the client address was always the socket peer, so behind the
// reverse proxy everyone was 127.0.0.1: twenty failures for any names
// locked every account out, and the audit trail named the proxy.
//
// The throttle server runs with small numbers so the test stays short:
// 6 failures per address, 3 per account and address (also where the
// account's slow-down starts), a first delay of 1 s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, api, login, sessionCookie, rawRequest, auditEntries, cli, sql, tempDir,
  DEMO_PASSWORD, webLogin, auditRows,
} from '../lib/server.mjs';

const THROTTLED = 'ログインの失敗が続いたため、しばらくログインできません。時間をおいてやり直してください。';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let plain;     // no trusted_proxies: the header counts for nothing
let proxied;   // trusted_proxies = 127.0.0.1 and small throttle numbers
let dir;
before(async () => {
  dir = tempDir('mamori-proxy-');
  const config = join(dir, 'proxied.ini');
  writeFileSync(config, [
    '[server]',
    'trusted_proxies = 127.0.0.1, ::1',
    '[login]',
    'max_failures_per_address = 6',
    'max_failures_per_account = 3',
    'window_minutes = 15',
    'slow_down_seconds = 1',
    '',
  ].join('\n'));
  [plain, proxied] = await Promise.all([startServer(), startServer({ config })]);
});
after(async () => {
  await Promise.all([plain?.stop(), proxied?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/* POST /api/v1/session, as forwarded for `from` (no header when null). */
function attempt(srv, who, password, from) {
  return api(srv, 'POST', '/api/v1/session', {
    body: { login: who, password },
    headers: from ? { 'X-Forwarded-For': from } : {},
  });
}

/* The audit rows after seq, straight from the database. */
function rowsAfter(srv, seq) {
  return auditRows(srv.db, seq, ['seq', 'action', 'actor_login', 'addr', 'detail']).map((r) => {
    if (typeof r.detail === 'string') r.detail = JSON.parse(r.detail);
    return r;
  });
}
const head = (srv) => Number(sql(srv.db, 'SELECT coalesce(max(seq),0) FROM audit_log'));

/* Sessions of a user in the database (a refused login must create none). */
function sessionsOf(srv, who) {
  return Number(sql(srv.db, 'SELECT count(*) FROM sessions s JOIN users u ' +
    `ON u.id = s.user_id WHERE u.login = '${who}'`));
}

test('(a) without trusted_proxies a spoofed X-Forwarded-For is ignored: the audit trail shows the peer', async () => {
  const h = head(plain);
  const ok = await attempt(plain, 'kita-officer', DEMO_PASSWORD, '198.51.100.99');
  assert.equal(ok.status, 200, ok.text);
  const bad = await attempt(plain, 'kita-officer', 'wrong', '198.51.100.99, 203.0.113.5');
  assert.equal(bad.status, 401);
  const rows = rowsAfter(plain, h);
  const created = rows.find((r) => r.action === 'session.create');
  const failed = rows.find((r) => r.action === 'login.failed');
  assert.ok(created && failed, JSON.stringify(rows));
  assert.equal(created.addr, '127.0.0.1');
  assert.equal(failed.addr, '127.0.0.1');
  assert.ok(!JSON.stringify(rows).includes('198.51.100.99'), 'the claimed address is nowhere');
});

test('(b) behind a trusted proxy the forwarded address is recorded for a login and a failed login', async () => {
  const h = head(proxied);
  const ok = await attempt(proxied, 'kita-manager', DEMO_PASSWORD, '198.51.100.10');
  assert.equal(ok.status, 200, ok.text);
  const bad = await attempt(proxied, 'kita-manager', 'wrong', '198.51.100.10');
  assert.equal(bad.status, 401);
  const rows = rowsAfter(proxied, h);
  const created = rows.find((r) => r.action === 'session.create');
  const failed = rows.find((r) => r.action === 'login.failed');
  assert.equal(created.addr, '198.51.100.10', JSON.stringify(rows));
  assert.equal(created.actor_login, 'kita-manager');
  assert.equal(failed.addr, '198.51.100.10');
  assert.equal(failed.actor_login, 'kita-manager');
  // What the session does later is recorded with the same address.
  const h2 = head(proxied);
  const out = await api(proxied, 'DELETE', '/api/v1/session', {
    cookie: sessionCookie(ok.headers), csrf: ok.json.csrf_token,
    headers: { 'X-Forwarded-For': '198.51.100.10' },
  });
  assert.ok([200, 204].includes(out.status), out.text);
  assert.equal(rowsAfter(proxied, h2).find((r) => r.action === 'session.delete')?.addr,
    '198.51.100.10');
});

test('(b) a spoofed chain "evil, real" records the real address nginx appended', async () => {
  const h = head(proxied);
  assert.equal((await attempt(proxied, 'kita-manager', 'wrong', 'evil, 198.51.100.11')).status, 401);
  assert.equal((await attempt(proxied, 'kita-manager', 'wrong',
    '10.0.0.1, 203.0.113.66, 198.51.100.11')).status, 401);
  const rows = rowsAfter(proxied, h).filter((r) => r.action === 'login.failed');
  assert.deepEqual(rows.map((r) => r.addr), ['198.51.100.11', '198.51.100.11']);
});

test('(b) several X-Forwarded-For lines are one list; IPv6 is recorded canonically', async () => {
  const h = head(proxied);
  const body = JSON.stringify({ login: 'kita-manager', password: 'wrong' });
  const res = await rawRequest(proxied, 'POST /api/v1/session HTTP/1.1\r\n' +
    'Host: localhost\r\nContent-Type: application/json\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'X-Forwarded-For: 203.0.113.66\r\nX-Forwarded-For: 198.51.100.12\r\n' +
    'Connection: close\r\n\r\n' + body);
  assert.match(res, /^HTTP\/1\.1 401/);
  assert.equal((await attempt(proxied, 'kita-manager', 'wrong', '2001:DB8:0:0::12')).status, 401);
  const rows = rowsAfter(proxied, h).filter((r) => r.action === 'login.failed');
  assert.deepEqual(rows.map((r) => r.addr), ['198.51.100.12', '2001:db8::12']);
  // The administrator sees the real addresses through the API as well.
  const admin = await login(proxied, 'admin');
  const seen = (await auditEntries(proxied, admin)).map((e) => e.addr);
  assert.ok(seen.includes('198.51.100.12') && seen.includes('2001:db8::12'), JSON.stringify(seen));
});

test('(c)(e) failures for many names from one address throttle that address only; another address still logs in', async () => {
  const attacker = '198.51.100.20';
  const h = head(proxied);
  for (let i = 0; i < 6; i++) {
    const r = await attempt(proxied, `nobody-${i}`, 'guess', attacker);
    assert.equal(r.status, 401, `attempt ${i + 1}`);
  }
  // Now even a right password from that address is refused, unchecked.
  const sessions = sessionsOf(proxied, 'minami-officer');
  const refused = await attempt(proxied, 'minami-officer', DEMO_PASSWORD, attacker);
  assert.equal(refused.status, 429);
  assert.equal(refused.json.error.message, THROTTLED);
  assert.equal(sessionCookie(refused.headers), null);
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 900, `Retry-After ${wait}`);
  assert.equal(sessionsOf(proxied, 'minami-officer'), sessions, 'no session was made');
  // The web form answers alike.
  const { res: web, text: webText } = await webLogin(proxied, 'minami-officer', DEMO_PASSWORD,
    { headers: { 'X-Forwarded-For': attacker } });
  assert.equal(web.status, 429);
  assert.ok(Number(web.headers.get('retry-after')) >= 1);
  assert.ok(webText.includes(THROTTLED));
  assert.equal(sessionCookie(web.headers), null);
  // The same user from another address, and the proxy itself, are not affected.
  const other = await attempt(proxied, 'minami-officer', DEMO_PASSWORD, '198.51.100.21');
  assert.equal(other.status, 200, other.text);
  assert.equal((await attempt(proxied, 'kita-assistant', DEMO_PASSWORD, null)).status, 200);

  const rows = rowsAfter(proxied, h);
  const throttled = rows.filter((r) => r.action === 'login.throttled');
  assert.equal(throttled.length, 2, JSON.stringify(rows));
  for (const r of throttled) {
    assert.equal(r.addr, attacker);
    assert.equal(r.actor_login, 'minami-officer');
    assert.equal(r.detail.rule, 'address');
  }
  assert.equal(rows.filter((r) => r.action === 'login.failed' && r.addr === attacker).length, 6);
  assert.ok(!JSON.stringify(rows).includes(DEMO_PASSWORD), 'no password is logged');
});

test('(d)(e) failures on one account from address A do not stop its owner at B; an address that failed there is slowed, not locked', async () => {
  const victim = 'yatsu-manager';
  const A = '198.51.100.30';
  const B = '198.51.100.31';
  const C = '2001:db8::32';
  const h = head(proxied);
  for (let i = 0; i < 3; i++) {
    assert.equal((await attempt(proxied, victim, `guess-${i}`, A)).status, 401);
  }
  // A has used up its budget on this account: even the right password is refused.
  const a = await attempt(proxied, victim, DEMO_PASSWORD, A);
  assert.equal(a.status, 429);
  assert.equal(a.json.error.message, THROTTLED);
  // ... but A is not refused for other accounts (3 of its 6 failures used).
  assert.equal((await attempt(proxied, 'minami-comm', DEMO_PASSWORD, A)).status, 200);
  // The owner at B, which has not failed, logs in at once.
  const b = await attempt(proxied, victim, DEMO_PASSWORD, B);
  assert.equal(b.status, 200, b.text);
  // Logging in does not reset A's budget on the account.
  assert.equal((await attempt(proxied, victim, DEMO_PASSWORD, A)).status, 429);

  // C mistypes once while the account is under attack (4 failures):
  // it must wait 2 s after its own failure, then it logs in.
  assert.equal((await attempt(proxied, victim, 'typo', C)).status, 401);
  const slowed = await attempt(proxied, victim, DEMO_PASSWORD, C);
  assert.equal(slowed.status, 429, slowed.text);
  assert.equal(slowed.json.error.message, THROTTLED);
  const wait = Number(slowed.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);
  await sleep(wait * 1000 + 200);
  const c = await attempt(proxied, victim, DEMO_PASSWORD, C);
  assert.equal(c.status, 200, c.text);

  const rows = rowsAfter(proxied, h).filter((r) => r.action === 'login.throttled');
  assert.deepEqual(rows.map((r) => [r.addr, r.actor_login, r.detail.rule]), [
    [A, victim, 'account_address'],
    [A, victim, 'account_address'],
    [C, victim, 'account_slow_down'],
  ]);
});

test('mamori serve --trusted-proxies sets the list on the command line', async () => {
  const srv = await startServer({ args: ['--trusted-proxies', '::1, 127.0.0.1'] });
  try {
    const h = head(srv);
    assert.equal((await attempt(srv, 'kita-officer', 'wrong', '198.51.100.40')).status, 401);
    assert.equal(rowsAfter(srv, h).find((r) => r.action === 'login.failed')?.addr, '198.51.100.40');
  } finally {
    await srv.stop();
  }
});

test('a bad trusted_proxies value stops the server at startup with a clear error', () => {
  const db = join(dir, 'never-opened.db');
  const flag = cli(['serve', '--db', db, '--listen', '127.0.0.1:0', '--trusted-proxies', '127.0.0.1, nginx']);
  assert.notEqual(flag.status, 0);
  assert.match(flag.stderr, /--trusted-proxies/);
  assert.match(flag.stderr, /"nginx": not a numeric IPv4 or IPv6 address/);

  const config = join(dir, 'bad.ini');
  writeFileSync(config, '[server]\ntrusted_proxies = 10.1.2.3/8\n');
  const file = cli(['serve', '--db', db, '--listen', '127.0.0.1:0', '--config', config]);
  assert.notEqual(file.status, 0);
  assert.match(file.stderr, /line 2/);
  assert.match(file.stderr, /trusted_proxies/);
  assert.match(file.stderr, /host bits set/);

  writeFileSync(config, '[server]\ntrusted_proxies = 0.0.0.0/0\n');
  const all = cli(['serve', '--db', db, '--listen', '127.0.0.1:0', '--config', config]);
  assert.notEqual(all.status, 0);
  assert.match(all.stderr, /would trust every address/);
});
