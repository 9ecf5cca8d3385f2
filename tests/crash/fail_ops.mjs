// fail_ops.mjs - the mutating operations of the API that the failure
// tests run again and again (issue 14): fail_io_steps.test.mjs (the Nth
// read, write, sync or allocation failing, SQLite) and pg_cut.test.mjs
// (the connection to PostgreSQL cut before the Nth statement).
//
// Each takes a lane L: {call(who, method, path, body) -> api() answer,
// kita (the id of the unit KITA), shared (an object the lane keeps),
// index, raw(method, path, opts): api() of the lane's server, users and
// units: login/code -> id}.  Each names its route ('METHOD /path' of the
// OpenAPI document, or a list: fail_ops_routes.test.mjs checks that every
// mutating route has an entry).  A create names its table (table: its
// rows; rows: the rows one success adds, 1 unless said, -1 for a
// delete); a change of a record names its path (get: its version
// changes; reader: who reads it, gm unless said) or a query whose answer
// a success changes (probe(ctx)).  type: its audit object type (else
// any audit entry but request.* and reads counts); audits: the audit
// entries one success writes, 1 unless said.  prepare(L, n) runs
// unarmed; run(L, ctx, n) is the request under test.  writes: false
// for an operation that writes nothing (its probe must not change, a
// success included).  L.q(sql): a query on the test's own connection to
// the lane's database (for what only a test may do: back-dating).  full: every kind
// of fail_io_steps.test.mjs and every N of its allocation loop (the
// original thirteen; the others run its once-kinds, the persistent
// write, and a sample of the allocation loop's N: the time of the crash
// suite); noAlloc: the reason the allocation loop cannot run it (the
// I/O kinds and pg_cut still do).  checkpoint: also the checkpoint kinds (the checkpoint a commit
// makes is the same whatever it wrote: eleven cheap ones run them for
// all).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, DEMO_PASSWORD, sessionCookie, tempDir } from '../lib/server.mjs';
import { codeAt, nowStep } from '../lib/totp.mjs';
import { hoursAgo, today } from '../lib/dates.mjs';

const daysFromNow = (d) => new Date(Date.now() + d * 86400e3)
  .toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });

export async function ok(r, what) {
  assert.ok(r.status >= 200 && r.status < 300, `${what} (unarmed): ${r.status} ${r.text}`);
  return r.json;
}

const application = async (L) => ok(await L.call('kita-manager', 'POST', '/api/v1/applications', {
  consulted_on: today(), consulted_with: '松本 正義', consultation: '合意', start: today(),
  due: daysFromNow(90), purpose: 'サイバーパトロール',
}), 'application');
const device = async (L, n) => ok(await L.call('gm', 'POST', '/api/v1/devices', {
  model: 'AQUOS sense8', serial: `SN-F-${n}`, phone: '090-0000-0000',
}), 'device');
const breach = async (L) => ok(await L.call('kita-assistant', 'POST', '/api/v1/breaches', {
  rule: 'connection', what: '端末を庁内LANに接続した', who: '交信担当者A', occurred_at: hoursAgo(5),
}), 'breach');
/* A record of the lane made once and changed by every N after. */
async function kept(L, key, make) {
  if (!L.shared[key]) L.shared[key] = await make();
  return L.shared[key];
}
export const IMPORT_ROWS = 10;
const importCsv = (n) => 'model,serial,phone,remarks\n' + Array.from({ length: IMPORT_ROWS },
  (_, i) => `Pixel 8a,SN-IMP-${n}-${i},090-1111-${String(i).padStart(4, '0')},一括登録の試験 ${i}`)
  .join('\n') + '\n';

/* The demo users the operations act as (a token each, made by the CLI). */
export const WHO = ['admin', 'gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
  'kita-comm', 'minami-manager'];

/* The configuration of a lane's server, written into dir: a field key
 * (second factors are sealed under it) and a login throttle wide enough
 * for the loops' thousands of logins from one address. */
export function laneConfig(dir) {
  const config = join(dir, 'mamori.ini');
  writeFileSync(config, `[keys]\nfield_key = ${join(dir, 'field.key')}\n` +
    '[login]\nmax_failures_per_address = 100000\n');
  return config;
}

/* The lane's lookups, once, through the API: L.units (code -> id),
 * L.users (login -> id). */
export async function laneSetup(L) {
  const items = (j) => j.units || j.users || j.items || j;
  L.units = Object.fromEntries(items(await ok(await L.call('admin', 'GET', '/api/v1/units?limit=200'),
    'units')).map((u) => [u.code, u.id]));
  L.users = Object.fromEntries(items(await ok(await L.call('admin', 'GET', '/api/v1/users?limit=200'),
    'users')).map((u) => [u.login, u.id]));
}

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
/* A step of a record: who POSTs {version, ...body} to path/step. */
const stepOf = (who, base, step, body = {}) => (L, x) =>
  L.call(who, 'POST', `/api/v1/${base}/${x.id}/${step}`, { version: x.version, ...body });
/* The record at path, read again (its version now). */
const reread = async (L, who, path) => ok(await L.call(who, 'GET', path), `get ${path}`);
/* A record made (201) by who at path with body. */
const made = async (L, who, path, body) => ok(await L.call(who, 'POST', path, body), `POST ${path}`);
/* A step taken (2xx) unarmed; the record after it. */
const stepped = async (L, who, path, body) => ok(await L.call(who, 'POST', path, body), `POST ${path}`);

/* A loan of a new device to KITA, received by its officer. */
async function receivedLoan(L, n) {
  const a = await application(L);
  await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
    { version: a.version }), 'approve');
  const d = await device(L, `RL${n}-${L.index}`);
  const l = await made(L, 'gm', '/api/v1/loans', { application_id: a.id, device_id: d.id });
  return stepped(L, 'kita-officer', `/api/v1/loans/${l.id}/receive`, {
    version: l.version, trained_on: today(), trainer: '井上 直樹', topics: '端末管理',
  });
}
/* The lane's own received loan of KITA (made once). */
const keptLoan = (L) => kept(L, 'loan', () => receivedLoan(L, 'K'));
const takeout = async (L) => made(L, 'kita-comm', '/api/v1/takeouts', {
  loan_id: (await keptLoan(L)).id, out_at: iso(Date.now() + 3600e3),
  expected_back: iso(Date.now() + 7200e3), destination: '熊本市内', reason: '街頭補導',
});
let handles = 0;
const service = async (L) => made(L, 'kita-assistant', '/api/v1/services', {
  device_id: (await keptLoan(L)).device_id, service: 'Instagram',
  handle: `fail_${L.index}_${Date.now() % 1e8}_${++handles}`, purpose: '少年の有害情報の把握',
});
/* An account in force on the lane's loan (permitted, forwarded, its
 * measures recorded). */
async function inForce(L) {
  const x = await service(L);
  const p = await stepped(L, 'kita-manager', `/api/v1/services/${x.id}/permit`, { version: x.version });
  const f = await stepped(L, 'gm', `/api/v1/services/${x.id}/forward`, { version: p.version });
  return stepped(L, 'infosec', `/api/v1/services/${x.id}/measures`, { version: f.version,
    measures: '端末ロック、二段階認証', agreed_with_manager: true, agreed_with_general_manager: true });
}
/* A new user of KITA ranked 警部 (no exception reason needed, R-ROLE-4). */
let people = 0;
const officer = (L, n) => made(L, 'admin', '/api/v1/users', {
  login: `fail-des-${L.index}-${++people}-${String(n).replace(/[^a-z0-9]/gi, '')}`,
  name: '指定 試験', name_kana: 'してい しけん', rank: 'keibu', sex: 'male',
  unit_id: L.units.KITA, password: `fail-io-designation-${people}`,
});
const DESIGNATION = { role: 'communication_officer', knowledge: 'サイバーパトロール研修修了',
  aptitude: '冷静な対応ができる' };
async function designation(L, n) {
  const u = await officer(L, n);
  return made(L, 'kita-manager', '/api/v1/designations', { user_id: u.id, ...DESIGNATION });
}
const exception = (L, kind = 'screenshot') => made(L, 'gm', '/api/v1/exceptions',
  { kind, scope: '障害試験', purpose: '障害試験' });
const newCase = (L) => made(L, 'kita-officer', '/api/v1/cases', {
  found_at: iso(Date.now() - 3600e3), service: 'X', post_ref: '障害試験',
  post_text: '障害試験の投稿', risk_signals: '障害試験',
});
const judged = async (L) => {
  const x = await newCase(L);
  return stepped(L, 'gm', `/api/v1/cases/${x.id}/triage`,
    { version: x.version, crime: 'abduction', need: 'high', reason: '障害試験' });
};
/* The lane's loan whose device serves the cases: no account applied
 * for on it (R-DEV-6 makes a device with one unusable), unlike keptLoan's. */
const caseLoan = (L) => kept(L, 'caseLoan', () => receivedLoan(L, 'C'));
const assigned = async (L) => {
  const x = await judged(L);
  return stepped(L, 'gm', `/api/v1/cases/${x.id}/assign`, { version: x.version,
    unit_id: L.units.KITA, officer_id: L.users['kita-comm'],
    device_id: (await caseLoan(L)).device_id });
};
/* A case in communication (a message received), for meetings. */
const talking = (L) => kept(L, 'talking', async () => {
  const x = await assigned(L);
  return stepped(L, 'kita-comm', `/api/v1/cases/${x.id}/messages`,
    { version: x.version, at: iso(Date.now() - 60e3), direction: 'received', text: '障害試験' });
});
const MEETING_STEPS = {
  forward: ['kita-assistant', {}],
  instruct: ['kita-manager', { instructions: '障害試験の指示' }],
  outcome: ['kita-comm', { met: false, juvenile: false, guardians_told: false,
    guardians_urged: false, free_call_used: false }],
  'report-results': ['kita-comm', {}],
  assess: ['kita-manager', { victim_history: '確認', delinquency_history: '確認',
    guidance_history: '確認', guardian_capacity: '確認', friendships: '確認', support_needed: false }],
};
/* A meeting of KITA after steps. */
async function meeting(L, steps) {
  let m = await made(L, 'kita-comm', '/api/v1/meetings', {
    case_id: (await talking(L)).id, place: '熊本市内', meet_at: iso(Date.now() + 86400e3),
    person_female: true, staff_1: L.users['kita-comm'], staff_2: L.users['kita-officer'],
    escape_plan: '障害試験', setup_plan: '障害試験', division_notified: true,
  });
  for (const st of steps) {
    const [who, b] = MEETING_STEPS[st];
    m = await stepped(L, who, `/api/v1/meetings/${m.id}/${st}`, { version: m.version, ...b });
  }
  return m;
}
const HELD = ['forward', 'instruct', 'outcome'];
async function support(L, ask) {
  let x = await made(L, 'kita-manager', '/api/v1/supports', {
    case_id: (await talking(L)).id, meet_at: iso(Date.now() + 86400e3), need: '障害試験',
  });
  if (ask) x = await stepped(L, 'gm', `/api/v1/supports/${x.id}/ask`, { version: x.version });
  return x;
}

/* A unit of the lane's own whose manager the role operations change. */
const roleUnit = async (L) => (await kept(L, 'roleUnit', async () => made(L, 'admin',
  '/api/v1/units', { code: 'FAIL-ROLE', name: '役割試験署', kind: 'station' }))).id;
const heldRole = async (L, unit) => (await ok(await L.call('admin', 'GET', '/api/v1/roles'),
  'roles')).roles.find((r) => r.unit_id === unit && r.role === 'manager');

/* A web/API session of who (a cookie and its CSRF token), through
 * L.raw (the unauthenticated api() of the lane's server). */
async function session(L, who, password = DEMO_PASSWORD) {
  const r = await L.raw('POST', '/api/v1/session', { body: { login: who, password } });
  assert.equal(r.status, 200, `login ${who} (unarmed): ${r.status} ${r.text}`);
  return { cookie: sessionCookie(r.headers), csrf: r.json.csrf_token };
}
const bySession = (L, s, method, path, body) => L.raw(method, path,
  { cookie: s.cookie, csrf: s.csrf, body });

/* Second factors (issue 13) of one user of the lane's. */
const MFA_USER = 'minami-assistant';
const mfaUser = (L) => L.users[MFA_USER];
/* No factor, begun or enrolled, for MFA_USER (its sessions end). */
async function mfaReset(L) {
  L.shared.recovery = null;
  L.shared.codeTried = false;
  const r = await L.call('admin', 'DELETE', `/api/v1/users/${mfaUser(L)}/mfa`);
  assert.ok([204, 404].includes(r.status), `reset (unarmed): ${r.status} ${r.text}`);
}
/* A session of MFA_USER with its enrolment begun: {id, s, secret}. */
async function mfaBegun(L) {
  await mfaReset(L);
  const s = await session(L, MFA_USER);
  const b = await ok(await bySession(L, s, 'POST', '/api/v1/me/mfa'), 'begin');
  return { id: mfaUser(L), s, secret: b.secret };
}
/* MFA_USER enrolled: its recovery codes in L.shared.recovery. */
async function mfaEnrolled(L) {
  const x = await mfaBegun(L);
  const r = await ok(await bySession(L, x.s, 'POST', '/api/v1/me/mfa/confirm',
    { code: codeAt(x.secret, nowStep()) }), 'confirm');
  L.shared.recovery = [...r.recovery_codes];
  return x;
}

/* --- staff photos (R-PHOTO-*, R-EXC-1/2) --- */
/* GLib (under libvips) aborts the process when an allocation fails
 * (g_malloc's g_error: SIGTRAP), by design and with no hook to turn it
 * off: the server dies, whatever Mamori checks.  Until images are
 * processed outside the server's process, the allocation loop cannot run
 * an operation that decodes one. */
const GLIB_ABORTS = 'libvips: GLib aborts the server when an allocation fails (g_malloc)';
/* A small plain JPEG made by the build's photo_bench (libvips), once. */
let jpegBytes;
function jpeg() {
  if (!jpegBytes) {
    const f = join(tempDir('mamori-fail-photo-'), 'in.jpg');
    execFileSync(join(dirname(BIN), 'photo_bench'), ['make', f, '96', '64']);
    jpegBytes = readFileSync(f);
  }
  return jpegBytes;
}
function multipart(fields, file) {
  const b = `----mamori${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([k, v]) =>
    Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; ` +
    'filename="face.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'), file, Buffer.from('\r\n'),
  Buffer.from(`--${b}--\r\n`));
  return { body: Buffer.concat(parts), type: `multipart/form-data; boundary=${b}` };
}
/* kita-comm POSTs the JPEG to the approval's photos (or preview). */
const photoPost = (L, approval, what = 'photos') => {
  const m = multipart({ effect: 'mosaic', strength: '6' }, jpeg());
  return L.raw('POST', `/api/v1/photo-approvals/${approval.id}/${what}`,
    { token: L.tok['kita-comm'], body: m.body, type: m.type });
};
/* Both photo exceptions approved (once a lane), and a device lent to
 * KITA for the photos (its own: five photos a device). */
const photoReady = (L) => kept(L, 'photoReady', async () => {
  for (const kind of ['photo_store', 'photo_send']) {
    const e = await exception(L, kind);
    await stepped(L, 'infosec', `/api/v1/exceptions/${e.id}/approve`, { version: e.version,
      scope: '障害試験', valid_from: daysFromNow(-1), valid_until: daysFromNow(30) });
  }
  return (await receivedLoan(L, 'P')).device_id;
});
const FORM4 = { consent: true, purpose: '交信相手から顔写真を求められた場合に送信するため' };
const photoApplied = async (L) => {
  const device = await photoReady(L);
  return made(L, 'kita-comm', '/api/v1/photo-approvals',
    { staff_id: L.users['kita-assistant'], device_id: device, ...FORM4 });
};
/* The lane's approved form 4 (made once). */
const photoApproval = (L) => kept(L, 'photoApproval', async () => {
  const a = await photoApplied(L);
  return stepped(L, 'kita-manager', `/api/v1/photo-approvals/${a.id}/approve`, { version: a.version });
});
/* The approval with none of its photos stored (each removed again). */
async function photoRoom(L) {
  const a = await photoApproval(L);
  // (the approval's list shows its first photos only: asked of the
  // database, on the test's own connection)
  const ids = (await L.q(`SELECT id FROM photos WHERE approval_id = ${a.id} AND removed_at = 0`))
    .split('\n').filter(Boolean);
  for (const id of ids) {
    const p = await reread(L, 'kita-comm', `/api/v1/photos/${id}`);
    await stepped(L, 'kita-comm', `/api/v1/photos/${id}/remove`, { version: p.version });
  }
  return a;
}
/* A photo stored (the device's only one). */
const photoStored = async (L) => ok(await photoPost(L, await photoRoom(L)), 'upload');
/* A KITA case in communication, its counterpart having asked (once). */
const photoCase = (L) => kept(L, 'photoCase', async () => {
  const x = await assigned(L);
  const c = await stepped(L, 'kita-comm', `/api/v1/cases/${x.id}/messages`, { version: x.version,
    at: iso(Date.now() - 60e3), direction: 'received', text: '顔写真を送ってくれたら会ってもいいよ' });
  return { id: c.id, message_id: c.messages.find((m) => m.direction === 'received').id };
});
const photoSent = async (L) => {
  const p = await photoStored(L);
  const c = await photoCase(L);
  return made(L, 'kita-comm', `/api/v1/photos/${p.id}/send`,
    { case_id: c.id, message_id: c.message_id, text_insufficient: true });
};
/* A meeting of the photos' case (R-PHOTO-5: an outcome after one; once). */
const photoMeeting = (L) => kept(L, 'photoMeeting', async () => made(L, 'kita-comm', '/api/v1/meetings', {
  case_id: (await photoCase(L)).id, place: '熊本市内', meet_at: iso(Date.now() + 86400e3),
  person_female: true, staff_1: L.users['kita-comm'], staff_2: L.users['kita-officer'],
  escape_plan: '障害試験', setup_plan: '障害試験', division_notified: true,
}));

/* R-RET-2: a refused application made long ago (2020-06-15 12:00 JST,
 * past every rule), back-dated on the test's own connection: the server
 * takes no date from a client. */
const OLD = 1592190000;
async function pastRetention(L) {
  const a = await application(L);
  await stepped(L, 'gm', `/api/v1/applications/${a.id}/refuse`, { version: a.version, reason: '台数不足' });
  await L.q(`UPDATE borrow_applications SET applied_at = ${OLD} WHERE id = ${a.id}`);
  return a;
}

export const OPS = [
  { name: 'create unit', full: true, checkpoint: true, route: 'POST /api/v1/units', table: 'units', type: 'unit',
    run: (L, _, n) => L.call('admin', 'POST', '/api/v1/units',
      { code: `F${n}`.toUpperCase(), name: `障害試験署${n}`, kind: 'station' }) },
  { name: 'update unit', full: true, checkpoint: true, route: 'PATCH /api/v1/units/{id}', type: 'unit',
    prepare: async (L) => {
      const u = await kept(L, 'unit', async () => ok(await L.call('admin', 'POST', '/api/v1/units',
        { code: 'FAIL-UPD', name: '更新試験署', kind: 'station' }), 'unit'));
      return ok(await L.call('admin', 'GET', `/api/v1/units/${u.id}`), 'get unit');
    },
    get: (u) => `/api/v1/units/${u.id}`,
    run: (L, u, n) => L.call('admin', 'PATCH', `/api/v1/units/${u.id}`,
      { name: `更新試験署${n}`, version: u.version }) },
  // Each of its N hashes a password (Argon2id, 64 MiB, the floor) before
  // any database I/O: its commit checkpoints as any create's does, so the
  // checkpoint kinds are left to the cheaper operations.
  { name: 'create user', full: true, route: 'POST /api/v1/users', table: 'users', type: 'user',
    prepare: async (L) => L.kita,
    run: (L, unit, n) => L.call('admin', 'POST', '/api/v1/users', {
      login: `fail-${n}`, name: '障害 試験', name_kana: 'しょうがい しけん', rank: 'junsabucho',
      sex: 'male', unit_id: unit, password: `fail-io-password-${n}`,
    }) },
  { name: 'deactivate or activate a user', full: true, checkpoint: true,
    route: ['POST /api/v1/users/{id}/deactivate', 'POST /api/v1/users/{id}/activate'], type: 'user',
    prepare: async (L) => {
      const u = await kept(L, 'user', async () => ok(await L.call('admin', 'POST', '/api/v1/users', {
          login: 'fail-toggle', name: '切替 試験', name_kana: 'きりかえ しけん', rank: 'junsabucho',
          sex: 'male', unit_id: L.kita, password: 'fail-io-toggle-password',
        }), 'user'));
      return ok(await L.call('admin', 'GET', `/api/v1/users/${u.id}`), 'get user');
    },
    get: (u) => `/api/v1/users/${u.id}`,
    run: (L, u) => L.call('admin', 'POST',
      `/api/v1/users/${u.id}/${u.active ? 'deactivate' : 'activate'}`, { version: u.version }) },
  { name: 'create device', full: true, checkpoint: true, route: 'POST /api/v1/devices', table: 'devices', type: 'device',
    run: (L, _, n) => L.call('gm', 'POST', '/api/v1/devices',
      { model: 'AQUOS sense8', serial: `SN-FI-${n}`, phone: '090-0000-0000' }) },
  { name: 'update device', full: true, checkpoint: true, route: 'PATCH /api/v1/devices/{id}', type: 'device',
    prepare: async (L) => {
      const d = await kept(L, 'device', () => device(L, `UPD-${L.index}`));
      return ok(await L.call('gm', 'GET', `/api/v1/devices/${d.id}`), 'get device');
    },
    get: (d) => `/api/v1/devices/${d.id}`,
    run: (L, d, n) => L.call('gm', 'PATCH', `/api/v1/devices/${d.id}`,
      { remarks: `障害試験 ${n}`, version: d.version }) },
  { name: 'retire or reinstate a device', full: true, checkpoint: true,
    route: ['POST /api/v1/devices/{id}/retire', 'POST /api/v1/devices/{id}/reinstate'], type: 'device',
    prepare: async (L) => {
      const d = await kept(L, 'spare', () => device(L, `RET-${L.index}`));
      return ok(await L.call('gm', 'GET', `/api/v1/devices/${d.id}`), 'get device');
    },
    get: (d) => `/api/v1/devices/${d.id}`,
    run: (L, d) => L.call('gm', 'POST',
      `/api/v1/devices/${d.id}/${d.state === 'out_of_service' ? 'reinstate' : 'retire'}`,
      { version: d.version, reason: d.state === 'out_of_service' ? '修理済み' : '故障' }) },
  { name: `import ${IMPORT_ROWS} devices`, full: true, checkpoint: true, route: 'POST /api/v1/devices/import', table: 'devices', type: 'device', rows: IMPORT_ROWS,
    run: (L, _, n) => L.call('gm', 'POST', '/api/v1/devices/import', { csv: importCsv(n) }) },
  // issue 11: a form's first print gives its document number and audits
  // the print in one transaction (a new application each N: its first).
  // GLib under pango aborts the server when an allocation fails while
  // it draws (g_malloc, SIGTRAP), as under libvips (GLIB_ABORTS); the
  // number and its audit entry commit before drawing starts
  { name: 'print a form (its number)', table: 'doc_numbers', type: 'applications',
    noAlloc: 'pango/cairo: GLib aborts the server when an allocation fails (g_malloc)',
    // a GET that writes: no mutating route to name
    prepare: async (L) => application(L),
    run: (L, a) => L.call('gm', 'GET', `/api/v1/applications/${a.id}/pdf`) },
  { name: 'create application', full: true, checkpoint: true, route: 'POST /api/v1/applications', table: 'borrow_applications', type: 'application',
    run: (L) => L.call('kita-manager', 'POST', '/api/v1/applications', {
      consulted_on: today(), consulted_with: '松本 正義', consultation: '合意', start: today(),
      due: daysFromNow(90), purpose: 'サイバーパトロール',
    }) },
  { name: 'approve application', full: true, checkpoint: true, route: 'POST /api/v1/applications/{id}/approve', type: 'application',
    prepare: application,
    get: (a) => `/api/v1/applications/${a.id}`,
    run: (L, a) => L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`, { version: a.version }) },
  // Each of its N first makes, approves and registers what it lends (three
  // writes): the checkpoint kinds, whose N run to some 300, are left to
  // the operations without such a preparation.
  { name: 'lend a device (loan)', full: true, route: 'POST /api/v1/loans', table: 'loans', type: 'loan',
    prepare: async (L, n) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      return { a, d: await device(L, `L${n}`) };
    },
    run: (L, { a, d }) => L.call('gm', 'POST', '/api/v1/loans', { application_id: a.id, device_id: d.id }) },
  { name: 'report a breach', full: true, checkpoint: true, route: 'POST /api/v1/breaches', table: 'breaches', type: 'breach',
    run: (L) => L.call('kita-assistant', 'POST', '/api/v1/breaches', {
      rule: 'connection', what: '端末を庁内LANに接続した', who: '交信担当者A', occurred_at: hoursAgo(5),
    }) },
  { name: 'forward a breach (step)', full: true, checkpoint: true, route: 'POST /api/v1/breaches/{id}/forward', type: 'breach',
    prepare: breach,
    get: (b) => `/api/v1/breaches/${b.id}`,
    run: (L, b) => L.call('kita-manager', 'POST', `/api/v1/breaches/${b.id}/forward`, { version: b.version }) },
  // R-RET-2: a hold on a decided application (a document kept, not yet
  // due: disposal itself needs a back-dated document, which the lanes
  // cannot make without a clock of their own)
  { name: 'place a hold', route: 'POST /api/v1/holds', table: 'holds', type: 'hold',
    prepare: async (L) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      return a;
    },
    run: (L, a) => L.call('gm', 'POST', '/api/v1/holds',
      { type: 'form3', id: a.id, kind: 'request', reason: '照会のため保存' }) },
  { name: 'lift a hold', route: 'POST /api/v1/holds/{id}/lift', type: 'hold',
    prepare: async (L) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      return ok(await L.call('gm', 'POST', '/api/v1/holds',
        { type: 'form3', id: a.id, kind: 'investigation', reason: '捜査のため保存' }), 'hold');
    },
    // lifted_at is 0 until lifted (NOT NULL DEFAULT 0, both backends)
    probe: (h) => `SELECT count(*) FROM holds WHERE id = ${h.id} AND lifted_at <> 0`,
    run: (L, h) => L.call('gm', 'POST', `/api/v1/holds/${h.id}/lift`) },

  // --- roles, tokens, users (admin) ---
  { name: 'assign a role', route: 'POST /api/v1/roles', table: 'role_assignments',
    prepare: async (L) => {
      // the manager of a unit of the lane's own, revoked again unarmed
      const unit = await roleUnit(L);
      const held = await heldRole(L, unit);
      if (held) await ok(await L.call('admin', 'DELETE', `/api/v1/roles/${held.id}`), 'revoke');
      return unit;
    },
    run: (L, unit) => L.call('admin', 'POST', '/api/v1/roles',
      { user_id: L.users['yatsu-assistant'], role: 'manager', unit_id: unit }) },
  { name: 'revoke a role', route: 'DELETE /api/v1/roles/{id}',
    prepare: async (L) => {
      const unit = await roleUnit(L);
      return await heldRole(L, unit) || made(L, 'admin', '/api/v1/roles',
        { user_id: L.users['yatsu-assistant'], role: 'manager', unit_id: unit });
    },
    probe: (r) => `SELECT count(*) FROM role_assignments WHERE id = ${r.id} AND revoked_at IS NULL`,
    run: (L, r) => L.call('admin', 'DELETE', `/api/v1/roles/${r.id}`) },
  // API tokens are issued only from a session (not from a token)
  { name: 'create an API token', route: 'POST /api/v1/tokens', table: 'api_tokens',
    prepare: (L) => kept(L, 'gmSession', () => session(L, 'gm')),
    run: (L, s, n) => bySession(L, s, 'POST', '/api/v1/tokens', { label: `障害試験 ${n}` }) },
  { name: 'revoke an API token', route: 'DELETE /api/v1/tokens/{id}',
    prepare: async (L, n) => {
      const s = await kept(L, 'gmSession', () => session(L, 'gm'));
      const t = await ok(await bySession(L, s, 'POST', '/api/v1/tokens', { label: `取消試験 ${n}` }), 'token');
      return { id: t.id, s };
    },
    probe: (t) => `SELECT count(*) FROM api_tokens WHERE id = ${t.id} AND revoked_at IS NULL`,
    run: (L, t) => bySession(L, t.s, 'DELETE', `/api/v1/tokens/${t.id}`) },
  // each N checks a password (Argon2id): no checkpoint kinds
  { name: 'log in', route: 'POST /api/v1/session', table: 'sessions',
    run: (L) => L.raw('POST', '/api/v1/session', { body: { login: 'kita-officer', password: DEMO_PASSWORD } }) },
  { name: 'log out', route: 'DELETE /api/v1/session', table: 'sessions', rows: -1,
    prepare: (L) => session(L, 'kita-officer'),
    run: (L, s) => bySession(L, s, 'DELETE', '/api/v1/session') },
  // its N check and hash a password (Argon2id, twice): no checkpoint kinds
  // each N checks and hashes a password (Argon2id, twice).  What run
  // tried took effect when prepare runs again (after a change, or the
  // last N's success), even when its answer was lost (a 503 after the
  // commit).
  { name: 'change my password', route: 'POST /api/v1/me/password',
    prepare: async (L) => {
      L.shared.myPw = L.shared.pwTried || L.shared.myPw || DEMO_PASSWORD;
      L.shared.pwTried = null;
      return { id: L.users['yatsu-manager'], s: await session(L, 'yatsu-manager', L.shared.myPw) };
    },
    probe: (x) => `SELECT password_hash FROM users WHERE id = ${x.id}`,
    run: (L, x, n) => {
      L.shared.pwTried = `fail-io-mine-${n}-${L.index}`;
      return bySession(L, x.s, 'POST', '/api/v1/me/password',
        { current_password: L.shared.myPw, new_password: L.shared.pwTried });
    } },
  { name: 'update a user', route: 'PATCH /api/v1/users/{id}',
    prepare: (L) => reread(L, 'admin', `/api/v1/users/${L.users['yatsu-assistant']}`),
    get: (u) => `/api/v1/users/${u.id}`, reader: 'admin',
    run: (L, u, n) => L.call('admin', 'PATCH', `/api/v1/users/${u.id}`,
      { name: `障害 試験${String(n).slice(-4)}`, version: u.version }) },
  // its N hash a password (Argon2id): no checkpoint kinds (see create user)
  { name: "set a user's password", route: 'POST /api/v1/users/{id}/password',
    prepare: (L) => reread(L, 'admin', `/api/v1/users/${L.users['yatsu-assistant']}`),
    probe: (u) => `SELECT password_hash FROM users WHERE id = ${u.id}`,
    run: (L, u, n) => L.call('admin', 'POST', `/api/v1/users/${u.id}/password`,
      { password: `fail-io-password-${n}` }) },
  // --- applications ---
  { name: 'refuse application', route: 'POST /api/v1/applications/{id}/refuse',
    prepare: application, get: (a) => `/api/v1/applications/${a.id}`,
    run: stepOf('gm', 'applications', 'refuse', { reason: '台数不足' }) },
  { name: 'withdraw application', route: 'POST /api/v1/applications/{id}/withdraw',
    prepare: application, get: (a) => `/api/v1/applications/${a.id}`,
    run: stepOf('kita-manager', 'applications', 'withdraw') },
  // --- loans and take-outs ---
  { name: 'receive a loan', route: 'POST /api/v1/loans/{id}/receive',
    prepare: async (L, n) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      const d = await device(L, `RCV${n}-${L.index}`);
      return made(L, 'gm', '/api/v1/loans', { application_id: a.id, device_id: d.id });
    },
    get: (l) => `/api/v1/loans/${l.id}`,
    run: stepOf('kita-officer', 'loans', 'receive',
      { trained_on: today(), trainer: '井上 直樹', topics: '端末管理' }) },
  { name: 'record a location check', route: 'POST /api/v1/loans/{id}/checks', table: 'location_checks',
    prepare: keptLoan,
    run: (L, l) => L.call('kita-assistant', 'POST', `/api/v1/loans/${l.id}/checks`,
      { checked_on: today(), in_cabinet: true, remarks: '保管庫内' }) },
  { name: 'return a loan', route: 'POST /api/v1/loans/{id}/return',
    prepare: (L, n) => receivedLoan(L, `RET${n}`), get: (l) => `/api/v1/loans/${l.id}`,
    run: (L, l) => L.call('kita-manager', 'POST', `/api/v1/loans/${l.id}/return`, {
      version: l.version, accounts: [], apps_uninstalled: true, device_restored: true,
      accessories_present: true,
    }) },
  { name: 'close a loan', route: 'POST /api/v1/loans/{id}/close',
    prepare: async (L, n) => {
      const l = await receivedLoan(L, `CLS${n}`);
      return stepped(L, 'kita-manager', `/api/v1/loans/${l.id}/return`, {
        version: l.version, accounts: [], apps_uninstalled: true, device_restored: true,
        accessories_present: true,
      });
    },
    get: (l) => `/api/v1/loans/${l.id}`,
    run: stepOf('gm', 'loans', 'close', { anomaly: false }) },
  { name: 'request a take-out', route: 'POST /api/v1/takeouts', table: 'takeouts',
    prepare: keptLoan,
    run: (L, l) => L.call('kita-comm', 'POST', '/api/v1/takeouts', {
      loan_id: l.id, out_at: iso(Date.now() + 3600e3), expected_back: iso(Date.now() + 7200e3),
      destination: '熊本市内', reason: '街頭補導',
    }) },
  { name: 'permit a take-out', route: 'POST /api/v1/takeouts/{id}/permit',
    prepare: takeout, get: (t) => `/api/v1/takeouts/${t.id}`,
    run: stepOf('kita-assistant', 'takeouts', 'permit') },
  { name: 'refuse a take-out', route: 'POST /api/v1/takeouts/{id}/refuse',
    prepare: takeout, get: (t) => `/api/v1/takeouts/${t.id}`,
    run: stepOf('kita-assistant', 'takeouts', 'refuse', { reason: '必要性が認められない' }) },
  { name: 'cancel a take-out', route: 'POST /api/v1/takeouts/{id}/cancel',
    prepare: takeout, get: (t) => `/api/v1/takeouts/${t.id}`,
    run: stepOf('kita-comm', 'takeouts', 'cancel') },
  { name: 'report a take-out back', route: 'POST /api/v1/takeouts/{id}/report',
    prepare: async (L) => {
      const t = await takeout(L);
      return stepped(L, 'kita-assistant', `/api/v1/takeouts/${t.id}/permit`, { version: t.version });
    },
    get: (t) => `/api/v1/takeouts/${t.id}`,
    run: stepOf('kita-comm', 'takeouts', 'report', { no_loss_or_damage: true, results: '予定どおり実施' }) },
  // --- exceptions and screenshots ---
  { name: 'apply for an exception', route: 'POST /api/v1/exceptions', table: 'security_exceptions',
    run: (L) => L.call('gm', 'POST', '/api/v1/exceptions',
      { kind: 'screenshot', scope: '障害試験', purpose: '障害試験' }) },
  { name: 'approve an exception', route: 'POST /api/v1/exceptions/{id}/approve',
    prepare: (L) => exception(L), get: (e) => `/api/v1/exceptions/${e.id}`,
    run: stepOf('infosec', 'exceptions', 'approve',
      { scope: '障害試験', valid_from: today(), valid_until: daysFromNow(30) }) },
  { name: 'refuse an exception', route: 'POST /api/v1/exceptions/{id}/refuse',
    prepare: (L) => exception(L), get: (e) => `/api/v1/exceptions/${e.id}`,
    run: stepOf('infosec', 'exceptions', 'refuse', { reason: '障害試験' }) },
  { name: 'withdraw an exception', route: 'POST /api/v1/exceptions/{id}/withdraw',
    prepare: (L) => exception(L), get: (e) => `/api/v1/exceptions/${e.id}`,
    run: stepOf('gm', 'exceptions', 'withdraw') },
  { name: 'revoke an exception', route: 'POST /api/v1/exceptions/{id}/revoke',
    prepare: async (L) => {
      const e = await exception(L, 'photo_store');
      return stepped(L, 'infosec', `/api/v1/exceptions/${e.id}/approve`,
        { version: e.version, scope: '障害試験', valid_from: today(), valid_until: daysFromNow(30) });
    },
    get: (e) => `/api/v1/exceptions/${e.id}`,
    run: stepOf('infosec', 'exceptions', 'revoke', { reason: '障害試験' }) },
  { name: 'record a screenshot', route: 'POST /api/v1/screenshots', table: 'screenshots',
    prepare: keptLoan,
    run: (L, l) => L.call('kita-comm', 'POST', '/api/v1/screenshots', {
      loan_id: l.id, case_ref: '障害試験', reason: '障害試験', taken_at: iso(Date.now() - 3600e3),
    }) },
  { name: 'move a screenshot', route: 'POST /api/v1/screenshots/{id}/move',
    prepare: async (L) => made(L, 'kita-comm', '/api/v1/screenshots', {
      loan_id: (await keptLoan(L)).id, case_ref: '障害試験', reason: '障害試験',
      taken_at: iso(Date.now() - 3600e3) }),
    get: (x) => `/api/v1/screenshots/${x.id}`,
    run: stepOf('kita-comm', 'screenshots', 'move') },
  { name: 'delete a screenshot', route: 'POST /api/v1/screenshots/{id}/delete',
    prepare: async (L) => made(L, 'kita-comm', '/api/v1/screenshots', {
      loan_id: (await keptLoan(L)).id, case_ref: '障害試験', reason: '障害試験',
      taken_at: iso(Date.now() - 3600e3) }),
    get: (x) => `/api/v1/screenshots/${x.id}`,
    run: stepOf('kita-comm', 'screenshots', 'delete') },
  // --- breach reports: the other steps ---
  { name: 'forward a breach as an incident (step)', route: 'POST /api/v1/breaches/{id}/forward-incident',
    prepare: breach, get: (b) => `/api/v1/breaches/${b.id}`,
    run: stepOf('kita-manager', 'breaches', 'forward-incident') },
  { name: 'acknowledge an incident (step)', route: 'POST /api/v1/breaches/{id}/acknowledge',
    prepare: async (L) => {
      const b = await breach(L);
      return stepped(L, 'kita-manager', `/api/v1/breaches/${b.id}/forward-incident`, { version: b.version });
    },
    get: (b) => `/api/v1/breaches/${b.id}`,
    run: stepOf('gm', 'breaches', 'acknowledge') },
  // --- services (accounts) ---
  { name: 'apply for a service account', route: 'POST /api/v1/services', table: 'service_applications',
    prepare: keptLoan,
    run: (L, l, n) => L.call('kita-assistant', 'POST', '/api/v1/services', {
      device_id: l.device_id, service: 'Instagram', handle: `fail_${L.index}_${n}`,
      purpose: '少年の有害情報の把握' }) },
  { name: 'permit a service account', route: 'POST /api/v1/services/{id}/permit',
    prepare: service, get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('kita-manager', 'services', 'permit') },
  { name: 'refuse a service account', route: 'POST /api/v1/services/{id}/refuse',
    prepare: service, get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('kita-manager', 'services', 'refuse', { reason: '目的が不明確' }) },
  { name: 'withdraw a service account', route: 'POST /api/v1/services/{id}/withdraw',
    prepare: service, get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('kita-assistant', 'services', 'withdraw') },
  { name: 'forward a service account', route: 'POST /api/v1/services/{id}/forward',
    prepare: async (L) => {
      const x = await service(L);
      return stepped(L, 'kita-manager', `/api/v1/services/${x.id}/permit`, { version: x.version });
    },
    get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('gm', 'services', 'forward') },
  { name: 'record the measures of a service account', route: 'POST /api/v1/services/{id}/measures',
    prepare: async (L) => {
      const x = await service(L);
      const p = await stepped(L, 'kita-manager', `/api/v1/services/${x.id}/permit`, { version: x.version });
      return stepped(L, 'gm', `/api/v1/services/${x.id}/forward`, { version: p.version });
    },
    get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('infosec', 'services', 'measures', { measures: '端末ロック、二段階認証',
      agreed_with_manager: true, agreed_with_general_manager: true }) },
  // --- cases ---
  { name: 'report a case', route: 'POST /api/v1/cases', table: 'cases',
    run: (L) => L.call('kita-officer', 'POST', '/api/v1/cases', {
      found_at: iso(Date.now() - 3600e3), service: 'X', post_ref: '障害試験',
      post_text: '障害試験の投稿', risk_signals: '障害試験' }) },
  { name: 'judge a case', route: 'POST /api/v1/cases/{id}/triage',
    prepare: newCase, get: (x) => `/api/v1/cases/${x.id}`,
    run: stepOf('gm', 'cases', 'triage', { crime: 'abduction', need: 'high', reason: '障害試験' }) },
  { name: 'assign a case', route: 'POST /api/v1/cases/{id}/assign',
    prepare: async (L) => ({ ...await judged(L), lent: (await caseLoan(L)).device_id }),
    get: (x) => `/api/v1/cases/${x.id}`,
    run: (L, x) => L.call('gm', 'POST', `/api/v1/cases/${x.id}/assign`, { version: x.version,
      unit_id: L.units.KITA, officer_id: L.users['kita-comm'], device_id: x.lent }) },
  { name: 'log a message of a case', route: 'POST /api/v1/cases/{id}/messages', table: 'case_messages',
    // a case of its own each time one changed: its answer lists every
    // message, so a kept case's would grow with every N committed before
    // its answer failed, and the allocation loop with it
    prepare: assigned,
    run: stepOf('kita-comm', 'cases', 'messages',
      { at: iso(Date.now() - 60e3), direction: 'received', text: '障害試験' }) },
  { name: 'review a flagged message', route: 'POST /api/v1/cases/{id}/review',
    prepare: async (L) => {
      const x = await assigned(L);
      const m = await stepped(L, 'kita-comm', `/api/v1/cases/${x.id}/messages`,
        { version: x.version, at: iso(Date.now() - 600e3), direction: 'sent', text: 'お小遣い（確認）' });
      return { ...m, message_id: m.messages.find((y) => y.flagged).id };
    },
    // the message's review, not the case's version, changes
    probe: (x) => `SELECT review FROM case_messages WHERE id = ${x.message_id}`,
    run: (L, x) => L.call('kita-assistant', 'POST', `/api/v1/cases/${x.id}/review`,
      { version: x.version, message_id: x.message_id, note: '問題なし' }) },
  // --- meetings and support requests ---
  // its case is marked as having a meeting: two audit entries
  { name: 'report a meeting plan', route: 'POST /api/v1/meetings', table: 'meetings', audits: 2,
    prepare: talking,
    run: (L, c) => L.call('kita-comm', 'POST', '/api/v1/meetings', {
      case_id: c.id, place: '熊本市内', meet_at: iso(Date.now() + 86400e3), person_female: true,
      staff_1: L.users['kita-comm'], staff_2: L.users['kita-officer'], escape_plan: '障害試験',
      setup_plan: '障害試験', division_notified: true }) },
  ...[['forward', []], ['instruct', ['forward']], ['outcome', ['forward', 'instruct']],
    ['report-results', HELD], ['assess', [...HELD, 'report-results']]].map(([st, before]) => ({
    name: `meeting step ${st}`, route: `POST /api/v1/meetings/{id}/${st}`,
    prepare: (L) => meeting(L, before), get: (m) => `/api/v1/meetings/${m.id}`,
    run: stepOf(MEETING_STEPS[st][0], 'meetings', st, MEETING_STEPS[st][1]) })),
  { name: 'send a meeting plan back', route: 'POST /api/v1/meetings/{id}/send-back',
    prepare: (L) => meeting(L, ['forward']), get: (m) => `/api/v1/meetings/${m.id}`,
    run: stepOf('kita-manager', 'meetings', 'send-back', { reason: '計画の再検討' }) },
  { name: 'decide a follow-up measure of a meeting', route: 'POST /api/v1/meetings/{id}/measures',
    prepare: (L) => meeting(L, [...HELD, 'report-results', 'assess']),
    get: (m) => `/api/v1/meetings/${m.id}`,
    run: stepOf('kita-manager', 'meetings', 'measures',
      { kind: 'continued_guidance', decided_on: today(), note: '障害試験' }) },
  { name: 'close a meeting', route: 'POST /api/v1/meetings/{id}/close',
    prepare: (L) => meeting(L, [...HELD, 'report-results', 'assess']),
    get: (m) => `/api/v1/meetings/${m.id}`,
    run: stepOf('kita-manager', 'meetings', 'close') },
  { name: 'request support', route: 'POST /api/v1/supports', table: 'support_requests',
    prepare: talking,
    run: (L, c) => L.call('kita-manager', 'POST', '/api/v1/supports',
      { case_id: c.id, meet_at: iso(Date.now() + 86400e3), need: '障害試験' }) },
  { name: 'ask for support', route: 'POST /api/v1/supports/{id}/ask',
    prepare: (L) => support(L, false), get: (x) => `/api/v1/supports/${x.id}`,
    run: stepOf('gm', 'supports', 'ask') },
  { name: 'answer a support request', route: 'POST /api/v1/supports/{id}/answer',
    prepare: (L) => support(L, true), get: (x) => `/api/v1/supports/${x.id}`,
    run: stepOf('minami-manager', 'supports', 'answer', { answer: 'cannot' }) },
  { name: 'close a support request', route: 'POST /api/v1/supports/{id}/close',
    prepare: (L) => support(L, true), get: (x) => `/api/v1/supports/${x.id}`,
    run: stepOf('gm', 'supports', 'close') },
  // --- the check of a draft message (its write: the audit entry) ---
  { name: 'check a draft message', route: 'POST /api/v1/message-check', table: 'audit_log',
    run: (L) => L.call('kita-comm', 'POST', '/api/v1/message-check', { text: '今度会おうよ、お小遣いあげる' }) },
  // --- designations (R-ROLE-4) ---
  { name: 'designate an officer', route: 'POST /api/v1/designations', table: 'designations',
    prepare: (L, n) => officer(L, n),
    run: (L, u) => L.call('kita-manager', 'POST', '/api/v1/designations', { user_id: u.id, ...DESIGNATION }) },
  { name: 'revoke a designation', route: 'POST /api/v1/designations/{id}/revoke',
    prepare: designation, get: (d) => `/api/v1/designations/${d.id}`,
    run: stepOf('kita-manager', 'designations', 'revoke', { reason: '異動のため' }) },
  { name: 'designate again', route: 'POST /api/v1/designations/{id}/redesignate',
    prepare: async (L, n) => {
      const d = await designation(L, n);
      return stepped(L, 'kita-manager', `/api/v1/designations/${d.id}/revoke`,
        { version: d.version, reason: '異動のため' });
    },
    get: (d) => `/api/v1/designations/${d.id}`,
    run: stepOf('kita-manager', 'designations', 'redesignate',
      { knowledge: DESIGNATION.knowledge, aptitude: DESIGNATION.aptitude }) },
  // --- accounts in force: a change (a new application), deletion, its acknowledgement ---
  { name: 'apply for a change of an account', route: 'POST /api/v1/services/{id}/change',
    table: 'service_applications', prepare: inForce,
    run: stepOf('kita-assistant', 'services', 'change', { purpose: '非行防止の広報' }) },
  { name: 'record the deletion of an account', route: 'POST /api/v1/services/{id}/delete',
    prepare: inForce, get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('kita-assistant', 'services', 'delete', { note: '事案終結のため' }) },
  { name: 'acknowledge the deletion of an account', route: 'POST /api/v1/services/{id}/acknowledge',
    prepare: async (L) => {
      const x = await inForce(L);
      return stepped(L, 'kita-assistant', `/api/v1/services/${x.id}/delete`,
        { version: x.version, note: '事案終結のため' });
    },
    get: (x) => `/api/v1/services/${x.id}`,
    run: stepOf('kita-manager', 'services', 'acknowledge') },
  // --- second factors (issue 13), of MFA_USER ---
  { name: 'begin a second factor', route: 'POST /api/v1/me/mfa',
    prepare: async (L) => {
      await mfaReset(L);
      return { id: mfaUser(L), s: await session(L, MFA_USER) };
    },
    probe: (x) => `SELECT count(*) FROM mfa_factors WHERE user_id = ${x.id}`,
    run: (L, x) => bySession(L, x.s, 'POST', '/api/v1/me/mfa') },
  { name: 'confirm a second factor', route: 'POST /api/v1/me/mfa/confirm',
    prepare: mfaBegun,
    probe: (x) => `SELECT count(*) FROM mfa_factors WHERE user_id = ${x.id} AND confirmed_at IS NOT NULL`,
    run: (L, x) => bySession(L, x.s, 'POST', '/api/v1/me/mfa/confirm',
      { code: codeAt(x.secret, nowStep()) }) },
  { name: "reset a user's second factor", route: 'DELETE /api/v1/users/{id}/mfa',
    prepare: mfaEnrolled,
    probe: (x) => `SELECT count(*) FROM mfa_factors WHERE user_id = ${x.id}`,
    run: (L, x) => {
      L.shared.recovery = null; // the codes go with the factor
      return L.call('admin', 'DELETE', `/api/v1/users/${x.id}/mfa`);
    } },
  // a recovery code each success (a TOTP code is taken once per 30 s
  // step); each N logs in with the password first (Argon2id).  The code
  // run tried is used up when prepare runs again (see change my password).
  { name: 'give the second factor at login', route: 'POST /api/v1/session/verify',
    prepare: async (L) => {
      if (L.shared.recovery && L.shared.codeTried) L.shared.recovery.shift();
      L.shared.codeTried = false;
      if (!L.shared.recovery?.length) await mfaEnrolled(L);
      return { id: mfaUser(L), s: await session(L, MFA_USER) };
    },
    probe: (x) => `SELECT count(*) FROM mfa_recovery_codes WHERE user_id = ${x.id} AND used_at IS NULL`,
    run: (L, x) => {
      L.shared.codeTried = true;
      return bySession(L, x.s, 'POST', '/api/v1/session/verify', { code: L.shared.recovery[0] });
    } },

  // --- staff photos (R-PHOTO-*): those that decode an image skip the
  // allocation loop (GLIB_ABORTS) ---
  { name: 'apply for photo use (form 4)', route: 'POST /api/v1/photo-approvals',
    table: 'photo_approvals', type: 'photo_approval', prepare: photoReady,
    run: (L, device) => L.call('kita-comm', 'POST', '/api/v1/photo-approvals',
      { staff_id: L.users['kita-assistant'], device_id: device, ...FORM4 }) },
  { name: 'approve photo use', route: 'POST /api/v1/photo-approvals/{id}/approve', type: 'photo_approval',
    prepare: photoApplied, get: (a) => `/api/v1/photo-approvals/${a.id}`,
    run: stepOf('kita-manager', 'photo-approvals', 'approve') },
  { name: 'refuse photo use', route: 'POST /api/v1/photo-approvals/{id}/refuse', type: 'photo_approval',
    prepare: photoApplied, get: (a) => `/api/v1/photo-approvals/${a.id}`,
    run: stepOf('kita-manager', 'photo-approvals', 'refuse') },
  { name: 'upload a photo', route: 'POST /api/v1/photo-approvals/{id}/photos', table: 'photos', type: 'photo',
    noAlloc: GLIB_ABORTS, prepare: photoRoom, run: (L, a) => photoPost(L, a) },
  // an image back, stored nowhere: a success or a clean 503, nothing changed
  { name: 'preview a photo', route: 'POST /api/v1/photo-approvals/{id}/preview', writes: false,
    type: 'photo', noAlloc: GLIB_ABORTS, prepare: photoApproval,
    probe: () => 'SELECT count(*) FROM photos',
    run: (L, a) => photoPost(L, a, 'preview') },
  { name: 'send a photo', route: 'POST /api/v1/photos/{id}/send', table: 'photo_sends', type: 'photo_send',
    prepare: async (L) => ({ p: await photoStored(L), c: await photoCase(L) }),
    run: (L, { p, c }) => L.call('kita-comm', 'POST', `/api/v1/photos/${p.id}/send`,
      { case_id: c.id, message_id: c.message_id, text_insufficient: true }) },
  { name: 'remove a photo', route: 'POST /api/v1/photos/{id}/remove', type: 'photo',
    prepare: photoStored, get: (p) => `/api/v1/photos/${p.id}`,
    run: stepOf('kita-comm', 'photos', 'remove') },
  { name: 'record the outcome of a photo sent', route: 'POST /api/v1/photo-sends/{id}/outcome',
    type: 'photo_send', reader: 'kita-comm',
    prepare: async (L) => {
      await photoMeeting(L);
      return photoSent(L);
    },
    get: (x) => `/api/v1/photo-sends/${x.id}`,
    run: stepOf('kita-comm', 'photo-sends', 'outcome', { outcome: 'deleted' }) },
  // --- R-RET-2: disposal of a document past retention (the general
  // manager holds no second factor in the lanes: no step-up asked) ---
  { name: 'dispose of a document', route: 'POST /api/v1/disposal', table: 'disposals', type: 'disposal',
    prepare: pastRetention,
    run: (L, a) => L.call('gm', 'POST', '/api/v1/disposal', { documents: [{ type: 'form3', id: a.id }] }) },
];
