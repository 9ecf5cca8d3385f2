// mfa.test.mjs - the second factor (issue 13; RFC 6238 TOTP): enrolment
// with a QR code drawn by Mamori and recovery codes, the code asked after
// the password, a wrong code throttled like a failed login, a code never
// accepted twice, a recovery code once, step-up of the decisions that
// matter (an exception's approval) and of minting an API token when the
// session's factor is older than [mfa] step_up_minutes, [mfa] required
// sending role holders to enrolment.  Codes are computed here with
// node's HMAC-SHA1; the factor's age is moved back in the database (the
// server has no clock hook).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  startServer, login, as, api, tempDir, sql, auditEntries,
  DEMO_PASSWORD, webLogin, page, csrfField, isPg,
} from '../lib/server.mjs';
import { codeAt, nowStep, unbase32 } from '../lib/totp.mjs';

let srv;
let admin;
let dir;
let adminFactor; // enrolled by the removal test, used by the web's

before(async () => {
  dir = tempDir('mamori-mfa-');
  const config = join(dir, 'mamori.ini');
  // the per-address budget is widened so that this file's deliberate
  // failures on several accounts do not lock the others out
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n` +
    '[mfa]\nstep_up_minutes = 10\n[login]\nmax_failures_per_address = 1000\n');
  srv = await startServer({ config });
  admin = as(srv, await login(srv, 'admin'));
});
after(async () => { await srv.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/*
 * A factor as the test knows it: its secret and the newest step used.
 * next() is the code of the earliest unused step the server accepts now
 * (one step either side), waiting for the clock when all are used.
 */
function factor(secret) {
  const f = { secret, last: 0 };
  f.next = async () => {
    for (;;) {
      const step = Math.max(f.last + 1, nowStep() - 1);
      if (step <= nowStep() + 1) {
        f.last = step;
        return codeAt(secret, step);
      }
      await sleep(1000);
    }
  };
  return f;
}

/* Enrols who (a logged-in client): returns {f, recovery}. */
async function enrol(c) {
  const b = await c.post('/api/v1/me/mfa');
  assert.equal(b.status, 201, b.text);
  const f = factor(b.json.secret);
  const r = await c.post('/api/v1/me/mfa/confirm', { code: await f.next() });
  assert.equal(r.status, 200, r.text);
  return { f, recovery: r.json.recovery_codes };
}

/* Logs who in with password and code: a client with a full session. */
async function loginWithCode(who, f) {
  const s = await login(srv, who);
  assert.equal(s.res.json.mfa_pending, true);
  const c = as(srv, s);
  const v = await c.post('/api/v1/session/verify', { code: await f.next() });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.mfa_pending, false);
  return c;
}

/* Moves the factor of every session of login back by secs. */
function ageFactor(who, secs) {
  sql(srv.db, `UPDATE sessions SET mfa_at = mfa_at - ${secs} WHERE user_id =` +
    ` (SELECT id FROM users WHERE login = '${who}')`);
}

async function lastDenial(rule) {
  const e = (await auditEntries(srv, admin.session)).find((x) => x.action === 'access.denied' &&
    JSON.stringify(x.detail ?? x).includes(rule));
  return e;
}

test('enrolment: a QR code drawn by Mamori, the secret sealed, ten recovery codes shown once', async () => {
  const c = as(srv, await login(srv, 'minami-manager'));
  let st = await c.get('/api/v1/me/mfa');
  assert.equal(st.status, 200, st.text);
  assert.equal(st.json.enrolled, false);
  const b = await c.post('/api/v1/me/mfa');
  assert.equal(b.status, 201, b.text);
  assert.match(b.json.secret, /^[A-Z2-7]{32}$/);
  assert.match(b.json.otpauth_uri,
    new RegExp(`^otpauth://totp/Mamori:minami-manager\\?secret=${b.json.secret}&issuer=Mamori`));
  assert.match(b.json.qr_svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*>.*<path[^>]* d="M/);
  assert.doesNotMatch(b.json.qr_svg, /https?:\/\/(?!www\.w3\.org)/, 'no outside host');
  // never in clear in the database
  const stored = sql(srv.db, `SELECT secret_sealed FROM mfa_factors f JOIN users u
    ON u.id = f.user_id WHERE u.login = 'minami-manager'`);
  // core/seal.h: version byte 01, then nonce, sealed secret and tag
  assert.match(stored, /^01[0-9a-f]{120}$/);
  assert.ok(!stored.includes(unbase32(b.json.secret).toString('hex')));
  assert.ok(!stored.includes(b.json.secret));
  // the field key: made by serve, 0600
  assert.equal(statSync(join(dir, 'field.key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(dir, 'field.key'), 'utf8'), /^[0-9a-f]{64}\n$/);

  const f = factor(b.json.secret);
  const wrong = await c.post('/api/v1/me/mfa/confirm', { code: '000000' === codeAt(f.secret, nowStep()) ? '000001' : '000000' });
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.json.error.field, 'code');
  assert.equal(wrong.json.error.message, '確認コードが正しくないか、すでに使われています。');
  st = await c.get('/api/v1/me/mfa');
  assert.equal(st.json.enrolled, false, 'a wrong code confirms nothing');

  const ok = await c.post('/api/v1/me/mfa/confirm', { code: await f.next() });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.recovery_codes.length, 10);
  for (const r of ok.json.recovery_codes) assert.match(r, /^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  st = await c.get('/api/v1/me/mfa');
  assert.deepEqual(st.json, { enrolled: true, required: false, recovery_codes_left: 10, step_up_minutes: 10 });
  // stored only as SHA-256 of the letters
  const hex = isPg(srv.db) ? "encode(code_hash, 'hex')" : 'lower(hex(code_hash))';
  const hashes = sql(srv.db, `SELECT ${hex} FROM mfa_recovery_codes c JOIN users u
    ON u.id = c.user_id WHERE u.login = 'minami-manager'`).split('\n');
  assert.equal(hashes.length, 10);
  for (const r of ok.json.recovery_codes) {
    assert.ok(hashes.includes(createHash('sha256').update(r.replaceAll('-', '')).digest('hex')));
    assert.ok(!hashes.includes(Buffer.from(r).toString('hex')));
  }
  // enrolled once: beginning again is refused and changes nothing
  const again = await c.post('/api/v1/me/mfa');
  assert.equal(again.status, 409, again.text);
  assert.equal(again.json.error.message, '二要素認証はすでに登録されています。');
  assert.equal(sql(srv.db, `SELECT secret_sealed FROM mfa_factors f JOIN users u
    ON u.id = f.user_id WHERE u.login = 'minami-manager'`), stored);
  f.last = Math.max(f.last, nowStep() + 1); // leave the rest of the test its own steps
});

test('login: an enrolled account gives a code before the session is full; a replayed code is refused', async () => {
  const c0 = as(srv, await login(srv, 'kita-manager'));
  const { f } = await enrol(c0);
  const s = await login(srv, 'kita-manager');
  assert.equal(s.res.json.mfa_pending, true);
  const c = as(srv, s);
  const units = await c.get('/api/v1/units');
  assert.equal(units.status, 403);
  assert.equal(units.json.error.message,
    '二要素認証の確認コードを入力してください。確認が済むまで他の操作はできません。');
  assert.ok(await lastDenial('mfa_pending'), 'the refusal is audited with its rule');
  const me = await c.get('/api/v1/me');
  assert.equal(me.status, 403, 'not even oneself before the code');
  // the web sends a waiting browser to the code's page
  const page = await api(srv, 'GET', '/', { cookie: s.cookie });
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/login/mfa');

  const code = await f.next();
  const v = await c.post('/api/v1/session/verify', { code });
  assert.equal(v.status, 200, v.text);
  assert.equal((await c.get('/api/v1/units')).status, 200);
  // the same code again, in another login: refused (RFC 6238 5.2)
  const s2 = as(srv, await login(srv, 'kita-manager'));
  const replay = await s2.post('/api/v1/session/verify', { code });
  assert.equal(replay.status, 422, replay.text);
  assert.equal(replay.json.error.message, '確認コードが正しくないか、すでに使われています。');
  assert.equal((await s2.get('/api/v1/units')).status, 403);
  const failed = (await auditEntries(srv, admin.session)).find((x) => x.action === 'mfa.failed');
  assert.ok(failed, 'the replay is audited');
  assert.equal((await s2.post('/api/v1/session/verify', { code: await f.next() })).status, 200);
  // logging out while waiting works
  const s3 = as(srv, await login(srv, 'kita-manager'));
  assert.equal((await s3.del('/api/v1/session')).status, 204);
});

/*
 * The first form of a sealed secret (issue 13, before core/seal.h):
 * secretbox under the field key itself, sealed here with the system's
 * libsodium through python's ctypes.
 */
function legacySeal(secretHex) {
  const key = readFileSync(join(dir, 'field.key'), 'utf8').trim();
  const py = `
import ctypes, os, sys
na = ctypes.CDLL("libsodium.so.23")
assert na.sodium_init() >= 0
k = bytes.fromhex(sys.argv[1]); m = bytes.fromhex(sys.argv[2])
n = os.urandom(24); c = ctypes.create_string_buffer(len(m) + 16)
assert na.crypto_secretbox_easy(c, m, ctypes.c_ulonglong(len(m)), n, k) == 0
print((n + c.raw).hex())`;
  return execFileSync('python3', ['-c', py, key, secretHex], { encoding: 'utf8' }).trim();
}

test('a factor enrolled before sealed fields (the first form of the secret) still logs in', async () => {
  const c = as(srv, await login(srv, 'hq-assistant'));
  const { f } = await enrol(c);
  const old = legacySeal(unbase32(f.secret).toString('hex'));
  assert.match(old, /^[0-9a-f]{120}$/);
  sql(srv.db, `UPDATE mfa_factors SET secret_sealed = '${old}' WHERE user_id =` +
    ` (SELECT id FROM users WHERE login = 'hq-assistant')`);
  const s = await login(srv, 'hq-assistant');
  assert.equal(s.res.json.mfa_pending, true);
  const v = await as(srv, s).post('/api/v1/session/verify', { code: await f.next() });
  assert.equal(v.status, 200, v.text);
  assert.equal(v.json.mfa_pending, false);
});

test('a wrong code is throttled like a failed login (429 with Retry-After)', async () => {
  const c0 = as(srv, await login(srv, 'kita-assistant'));
  const { f } = await enrol(c0);
  const c = as(srv, await login(srv, 'kita-assistant'));
  const right = codeAt(f.secret, nowStep());
  const bad = right === '123456' ? '654321' : '123456';
  for (let i = 0; i < 5; i++) {
    const r = await c.post('/api/v1/session/verify', { code: bad });
    assert.equal(r.status, 422, r.text);
  }
  const r = await c.post('/api/v1/session/verify', { code: await f.next() });
  assert.equal(r.status, 429, r.text);
  assert.ok(Number(r.headers.get('retry-after')) > 0);
  assert.equal((await c.get('/api/v1/units')).status, 403, 'still waiting');
  const throttled = (await auditEntries(srv, admin.session)).find((x) => x.action === 'login.throttled');
  assert.ok(throttled);
  // the failures count for the password too
  const pw = await api(srv, 'POST', '/api/v1/session',
    { body: { login: 'kita-assistant', password: DEMO_PASSWORD } });
  assert.equal(pw.status, 429);
});

test('a recovery code works once in place of a code', async () => {
  const c0 = as(srv, await login(srv, 'yatsu-manager'));
  const { recovery } = await enrol(c0);
  const c = as(srv, await login(srv, 'yatsu-manager'));
  const r = await c.post('/api/v1/session/verify', { code: recovery[3].toUpperCase().replaceAll('-', ' ') });
  assert.equal(r.status, 200, r.text);
  assert.equal((await c.get('/api/v1/units')).status, 200);
  assert.equal((await c.get('/api/v1/me/mfa')).json.recovery_codes_left, 9);
  const c2 = as(srv, await login(srv, 'yatsu-manager'));
  const again = await c2.post('/api/v1/session/verify', { code: recovery[3] });
  assert.equal(again.status, 422, again.text);
  assert.equal((await c2.get('/api/v1/units')).status, 403);
  const used = (await auditEntries(srv, admin.session)).find((x) => x.action === 'mfa.recovery');
  assert.ok(used);
});

test('step-up: approving an exception asks for a factor younger than step_up_minutes', async () => {
  const c0 = as(srv, await login(srv, 'infosec'));
  const { f } = await enrol(c0);
  const infosec = await loginWithCode('infosec', f);
  const gm = as(srv, await login(srv, 'gm'));
  const apply = async () => {
    const r = await gm.post('/api/v1/exceptions', {
      kind: 'screenshot', scope: '熊本北警察署', purpose: '証拠保全',
    });
    assert.equal(r.status, 201, r.text);
    return r.json;
  };
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
  const body = (e) => ({ version: e.version, scope: '北署のみ', valid_from: today, valid_until: today });
  const e1 = await apply();
  const ok = await infosec.post(`/api/v1/exceptions/${e1.id}/approve`, body(e1));
  assert.equal(ok.status, 200, ok.text);

  ageFactor('infosec', 11 * 60);
  const e2 = await apply();
  const late = await infosec.post(`/api/v1/exceptions/${e2.id}/approve`, body(e2));
  assert.equal(late.status, 403, late.text);
  assert.match(late.json.error.message, /二要素認証の再確認が必要です/);
  assert.match(late.json.error.message, /POST \/api\/v1\/session\/verify/);
  assert.ok(await lastDenial('mfa_step_up'));
  const still = await infosec.get(`/api/v1/exceptions/${e2.id}`);
  assert.equal(still.json.state, 'applied', 'nothing changed');
  // reading is no decision
  assert.equal(still.status, 200);

  const v = await infosec.post('/api/v1/session/verify', { code: await f.next() });
  assert.equal(v.status, 200, v.text);
  const retry = await infosec.post(`/api/v1/exceptions/${e2.id}/approve`, body(e2));
  assert.equal(retry.status, 200, retry.text);
});

test('minting an API token needs a fresh second factor', async () => {
  const c0 = as(srv, await login(srv, 'minami-assistant'));
  const { f } = await enrol(c0);
  const c = await loginWithCode('minami-assistant', f);
  const t = await c.post('/api/v1/tokens', { label: '新しい' });
  assert.equal(t.status, 201, t.text);
  ageFactor('minami-assistant', 11 * 60);
  const count = () => sql(srv.db, `SELECT count(*) FROM api_tokens t JOIN users u ON
    u.id = t.user_id WHERE u.login = 'minami-assistant'`);
  const before = count();
  const late = await c.post('/api/v1/tokens', { label: '古い確認' });
  assert.equal(late.status, 403, late.text);
  assert.match(late.json.error.message, /APIトークンの発行には二要素認証の再確認が必要です/);
  assert.equal(count(), before, 'no token made');
  // a bearer token carries no second factor: its user's decisions need a session
  const bearer = await api(srv, 'POST', '/api/v1/session/verify',
    { token: t.json.token, body: { code: await f.next() } });
  assert.equal(bearer.status, 200, 'the code is right');
  const viaToken = await api(srv, 'POST', '/api/v1/tokens', { token: t.json.token, body: { label: 'x' } });
  assert.equal(viaToken.status, 403);
  // a session verified again may mint
  const v = await c.post('/api/v1/session/verify', { code: await f.next() });
  assert.equal(v.status, 200, v.text);
  assert.equal((await c.post('/api/v1/tokens', { label: '再確認後' })).status, 201);
});

test('the administrator removes a lost factor (its sessions end); with a factor of their own, only a fresh one', async () => {
  const who = 'minami-comm';
  const c0 = as(srv, await login(srv, who));
  const { f } = await enrol(c0);
  const c = await loginWithCode(who, f);
  const users = sql(srv.db, `SELECT id FROM users WHERE login = '${who}'`);
  // not the administrator (the user themself): refused, nothing changed
  const other = await c.del(`/api/v1/users/${users}/mfa`);
  assert.equal(other.status, 403, other.text);
  assert.equal(sql(srv.db, `SELECT count(*) FROM mfa_factors WHERE user_id = ${users}`), '1');

  const r = await admin.del(`/api/v1/users/${users}/mfa`);
  assert.equal(r.status, 204, r.text);
  assert.equal((await c.get('/api/v1/units')).status, 401, 'its sessions ended');
  assert.equal(sql(srv.db, `SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ${users}`), '0');
  const s = await login(srv, who);
  assert.equal(s.res.json.mfa_pending, false, 'password only, until enrolled again');
  assert.equal((await admin.del(`/api/v1/users/${users}/mfa`)).status, 404);
  assert.ok((await auditEntries(srv, admin.session)).find((x) => x.action === 'mfa.reset'));

  // an administrator with a factor: removing another's needs a fresh one
  await enrol(as(srv, s));
  adminFactor = (await enrol(admin)).f;
  const a2 = await loginWithCode('admin', adminFactor);
  ageFactor('admin', 11 * 60);
  const late = await a2.del(`/api/v1/users/${users}/mfa`);
  assert.equal(late.status, 403, late.text);
  assert.match(late.json.error.message, /二要素認証の再確認が必要です/);
  assert.equal(sql(srv.db, `SELECT count(*) FROM mfa_factors WHERE user_id = ${users}`), '1');
  const pw = await a2.post(`/api/v1/users/${users}/password`, { password: 'a-new-long-passphrase-2026' });
  assert.equal(pw.status, 403, 'setting a password too');
});

/* POST an HTML form with the session cookie: {status, headers, text}. */
async function postForm(path, cookie, fields) {
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

test('web: enrolment page with a QR image from /mfa/qr.svg, the code after the password, step-up back to the form', async () => {
  const w = await webLogin(srv, 'it-head');
  assert.equal(w.res.status, 303);
  let p = await page(srv, '/mfa', w.cookie);
  assert.equal(p.status, 200);
  assert.match(p.text, /登録を開始する/);
  const begun = await postForm('/mfa', w.cookie, { csrf: csrfField(p.text) });
  assert.equal(begun.status, 303);
  assert.equal(begun.headers.get('location'), '/mfa');
  p = await page(srv, '/mfa', w.cookie);
  assert.match(p.text, /<img src="\/mfa\/qr.svg"/);
  const secret = /<dd>([A-Z2-7]{32})<\/dd>/.exec(p.text)[1];
  const qr = await page(srv, '/mfa/qr.svg', w.cookie);
  assert.equal(qr.status, 200);
  assert.equal(qr.headers.get('content-type'), 'image/svg+xml');
  assert.match(qr.text, /^<svg /);
  const f = factor(secret);
  const wrongCode = codeAt(secret, nowStep()) === '111111' ? '222222' : '111111';
  const bad = await postForm('/mfa/confirm', w.cookie, { csrf: csrfField(p.text), code: wrongCode });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /確認コードが正しくないか、すでに使われています。/);
  assert.match(bad.text, /<img src="\/mfa\/qr.svg"/, 'the same QR code again');
  const done = await postForm('/mfa/confirm', w.cookie, { csrf: csrfField(p.text), code: await f.next() });
  assert.equal(done.status, 200, done.text);
  assert.equal((done.text.match(/<li>[a-z2-7]{4}(-[a-z2-7]{4}){3}<\/li>/g) || []).length, 10);

  // the next login waits for the code
  const w2 = await webLogin(srv, 'it-head');
  assert.equal(w2.res.status, 303);
  assert.equal(w2.res.headers.get('location'), '/login/mfa');
  assert.equal((await page(srv, '/units', w2.cookie)).headers.get('location'), '/login/mfa');
  const form = await page(srv, '/login/mfa', w2.cookie);
  assert.equal(form.status, 200);
  assert.match(form.text, /確認コード/);
  const wrong = await postForm('/login/mfa', w2.cookie, { csrf: csrfField(form.text), code: wrongCode, next: '/' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /確認コードが正しくないか、すでに使われています。/);
  // an outside address as next is not followed
  const ok = await postForm('/login/mfa', w2.cookie,
    { csrf: csrfField(form.text), code: await f.next(), next: '//evil.example/' });
  assert.equal(ok.status, 303);
  assert.equal(ok.headers.get('location'), '/');
  assert.equal((await page(srv, '/', w2.cookie)).status, 200);
});

test('web: a stale factor refuses an exception\'s approval with a link to the code that returns to the record', async () => {
  const c0 = as(srv, await login(srv, 'gm'));
  // gm applies (no factor asked), the infosec manager of the step-up test decides
  const e = (await c0.post('/api/v1/exceptions', {
    kind: 'screenshot', scope: '熊本北警察署', purpose: '証拠保全',
  })).json;
  const secret = sql(srv.db, "SELECT 1 FROM mfa_factors f JOIN users u ON u.id = f.user_id WHERE u.login = 'infosec'");
  assert.equal(secret, '1', 'the step-up test enrolled infosec');
  const w = await webLogin(srv, 'infosec');
  assert.equal(w.res.headers.get('location'), '/login/mfa');
  // the factor is old: move the session's time of its factor back
  sql(srv.db, `UPDATE sessions SET mfa_pending = 0, mfa_at = 1 WHERE user_id =
    (SELECT id FROM users WHERE login = 'infosec') AND mfa_pending = 1`);
  const rec = await page(srv, `/exceptions/${e.id}`, w.cookie);
  assert.equal(rec.status, 200);
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
  const r = await postForm(`/exceptions/${e.id}/approve`, w.cookie, {
    csrf: csrfField(rec.text), version: String(e.version), scope: '北署のみ',
    valid_from: today, valid_until: today,
  });
  assert.equal(r.status, 403);
  assert.match(r.text, /二要素認証の再確認が必要です/);
  assert.match(r.text, new RegExp(`href="/mfa/verify\\?next=/exceptions/${e.id}"`));
  assert.equal((await c0.get(`/api/v1/exceptions/${e.id}`)).json.state, 'applied');
});

test('web: the administrator removes a factor from the user page, after the code asked again', async () => {
  assert.ok(adminFactor, 'the removal test enrolled the administrator');
  const id = sql(srv.db, "SELECT id FROM users WHERE login = 'kita-manager'");
  const w = await webLogin(srv, 'admin');
  assert.equal(w.res.headers.get('location'), '/login/mfa');
  const form = await page(srv, '/login/mfa', w.cookie);
  const ok = await postForm('/login/mfa', w.cookie,
    { csrf: csrfField(form.text), code: await adminFactor.next(), next: '/' });
  assert.equal(ok.status, 303);
  const up = await page(srv, `/users/${id}`, w.cookie);
  assert.match(up.text, /二要素認証を解除する/);
  ageFactor('admin', 11 * 60);
  const late = await postForm(`/users/${id}/mfa/reset`, w.cookie, { csrf: csrfField(up.text) });
  assert.equal(late.status, 403);
  assert.match(late.text, new RegExp(`href="/mfa/verify\\?next=/users/${id}"`));
  assert.equal(sql(srv.db, `SELECT count(*) FROM mfa_factors WHERE user_id = ${id}`), '1');
  const vf = await page(srv, `/mfa/verify?next=/users/${id}`, w.cookie);
  assert.equal(vf.status, 200);
  assert.match(vf.text, /二要素認証の再確認/);
  const back = await postForm('/mfa/verify', w.cookie,
    { csrf: csrfField(vf.text), code: await adminFactor.next(), next: `/users/${id}` });
  assert.equal(back.status, 303);
  assert.equal(back.headers.get('location'), `/users/${id}`);
  const done = await postForm(`/users/${id}/mfa/reset`, w.cookie, { csrf: csrfField(up.text) });
  assert.equal(done.status, 303, done.text);
  assert.equal(sql(srv.db, `SELECT count(*) FROM mfa_factors WHERE user_id = ${id}`), '0');
});

test('[mfa] required: a role holder without a factor may only enrol', async () => {
  const d = tempDir('mamori-mfa-req-');
  const config = join(d, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(d, 'field.key')}\n[mfa]\nrequired = true\n`);
  const srv2 = await startServer({ config });
  try {
    const s = await login(srv2, 'gm');
    const c = {
      get: (p) => api(srv2, 'GET', p, { cookie: s.cookie }),
      post: (p, b) => api(srv2, 'POST', p, { cookie: s.cookie, csrf: s.csrf, body: b }),
    };
    const u = await c.get('/api/v1/units');
    assert.equal(u.status, 403);
    assert.equal(u.json.error.message,
      'この利用者には二要素認証の登録が必要です。登録が済むまで他の操作はできません。');
    const page = await api(srv2, 'GET', '/', { cookie: s.cookie });
    assert.equal(page.status, 303);
    assert.equal(page.headers.get('location'), '/mfa');
    const st = await c.get('/api/v1/me/mfa');
    assert.equal(st.json.required, true);
    const b = await c.post('/api/v1/me/mfa');
    assert.equal(b.status, 201, b.text);
    const conf = await c.post('/api/v1/me/mfa/confirm', { code: codeAt(b.json.secret, nowStep()) });
    assert.equal(conf.status, 200, conf.text);
    assert.equal((await c.get('/api/v1/units')).status, 200);
  } finally {
    await srv2.stop();
  }
});

test('[mfa] required without a field key is refused at start', async () => {
  const d = tempDir('mamori-mfa-nokey-');
  const config = join(d, 'mamori.ini');
  writeFileSync(config, '[mfa]\nrequired = true\n');
  await assert.rejects(startServer({ config }), /field_key/);
});

test('without a field key enrolment says so and the demo logs in without a factor', async () => {
  const srv3 = await startServer();
  try {
    const s = await login(srv3, 'gm');
    assert.equal(s.res.json.mfa_pending, false);
    const r = await api(srv3, 'POST', '/api/v1/me/mfa', { cookie: s.cookie, csrf: s.csrf });
    assert.equal(r.status, 501, r.text);
    assert.match(r.json.error.message, /鍵ファイル/);
  } finally {
    await srv3.stop();
  }
});
