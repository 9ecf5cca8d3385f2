// fail_ops.mjs - the mutating operations of the API that the failure
// tests run again and again (issue 14): fail_io_steps.test.mjs (the Nth
// read, write, sync or allocation failing, SQLite) and pg_cut.test.mjs
// (the connection to PostgreSQL cut before the Nth statement).
//
// Each takes a lane L: {call(who, method, path, body) -> api() answer,
// kita (the id of the unit KITA), shared (an object the lane keeps),
// index}.  A create names its table (table: its rows; type: its audit
// object type; rows: the rows one success adds, 1 unless said); a change
// of a record names its path (get: its version changes).  prepare(L, n)
// runs unarmed; run(L, ctx, n) is the request under test.
import assert from 'node:assert/strict';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
const daysFromNow = (d) => new Date(Date.now() + d * 86400e3)
  .toLocaleDateString('sv-SE', { timeZone: 'Asia/Tokyo' });
const hoursAgo = (h) => new Date(Date.now() - h * 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');

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

export const OPS = [
  { name: 'create unit', table: 'units', type: 'unit',
    run: (L, _, n) => L.call('admin', 'POST', '/api/v1/units',
      { code: `F${n}`.toUpperCase(), name: `障害試験署${n}`, kind: 'station' }) },
  { name: 'update unit', type: 'unit',
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
  { name: 'create user', table: 'users', type: 'user', noCheckpoint: true,
    prepare: async (L) => L.kita,
    run: (L, unit, n) => L.call('admin', 'POST', '/api/v1/users', {
      login: `fail-${n}`, name: '障害 試験', name_kana: 'しょうがい しけん', rank: 'junsabucho',
      sex: 'male', unit_id: unit, password: `fail-io-password-${n}`,
    }) },
  { name: 'deactivate or activate a user', type: 'user',
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
  { name: 'create device', table: 'devices', type: 'device',
    run: (L, _, n) => L.call('gm', 'POST', '/api/v1/devices',
      { model: 'AQUOS sense8', serial: `SN-FI-${n}`, phone: '090-0000-0000' }) },
  { name: 'update device', type: 'device',
    prepare: async (L) => {
      const d = await kept(L, 'device', () => device(L, `UPD-${L.index}`));
      return ok(await L.call('gm', 'GET', `/api/v1/devices/${d.id}`), 'get device');
    },
    get: (d) => `/api/v1/devices/${d.id}`,
    run: (L, d, n) => L.call('gm', 'PATCH', `/api/v1/devices/${d.id}`,
      { remarks: `障害試験 ${n}`, version: d.version }) },
  { name: 'retire or reinstate a device', type: 'device',
    prepare: async (L) => {
      const d = await kept(L, 'spare', () => device(L, `RET-${L.index}`));
      return ok(await L.call('gm', 'GET', `/api/v1/devices/${d.id}`), 'get device');
    },
    get: (d) => `/api/v1/devices/${d.id}`,
    run: (L, d) => L.call('gm', 'POST',
      `/api/v1/devices/${d.id}/${d.state === 'out_of_service' ? 'reinstate' : 'retire'}`,
      { version: d.version, reason: d.state === 'out_of_service' ? '修理済み' : '故障' }) },
  { name: `import ${IMPORT_ROWS} devices`, table: 'devices', type: 'device', rows: IMPORT_ROWS,
    run: (L, _, n) => L.call('gm', 'POST', '/api/v1/devices/import', { csv: importCsv(n) }) },
  // issue 11: a form's first print gives its document number and audits
  // the print in one transaction (a new application each N: its first).
  { name: 'print a form (its number)', table: 'doc_numbers', type: 'applications',
    prepare: async (L) => application(L),
    run: (L, a) => L.call('gm', 'GET', `/api/v1/applications/${a.id}/pdf`) },
  { name: 'create application', table: 'borrow_applications', type: 'application',
    run: (L) => L.call('kita-manager', 'POST', '/api/v1/applications', {
      consulted_on: today(), consulted_with: '松本 正義', consultation: '合意', start: today(),
      due: daysFromNow(90), purpose: 'サイバーパトロール',
    }) },
  { name: 'approve application', type: 'application',
    prepare: application,
    get: (a) => `/api/v1/applications/${a.id}`,
    run: (L, a) => L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`, { version: a.version }) },
  // Each of its N first makes, approves and registers what it lends (three
  // writes): the checkpoint kinds, whose N run to some 300, are left to
  // the operations without such a preparation.
  { name: 'lend a device (loan)', table: 'loans', type: 'loan', noCheckpoint: true,
    prepare: async (L, n) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      return { a, d: await device(L, `L${n}`) };
    },
    run: (L, { a, d }) => L.call('gm', 'POST', '/api/v1/loans', { application_id: a.id, device_id: d.id }) },
  { name: 'report a breach', table: 'breaches', type: 'breach',
    run: (L) => L.call('kita-assistant', 'POST', '/api/v1/breaches', {
      rule: 'connection', what: '端末を庁内LANに接続した', who: '交信担当者A', occurred_at: hoursAgo(5),
    }) },
  { name: 'forward a breach (step)', type: 'breach',
    prepare: breach,
    get: (b) => `/api/v1/breaches/${b.id}`,
    run: (L, b) => L.call('kita-manager', 'POST', `/api/v1/breaches/${b.id}/forward`, { version: b.version }) },
  // R-RET-2: a hold on a decided application (a document kept, not yet
  // due: disposal itself needs a back-dated document, which the lanes
  // cannot make without a clock of their own)
  { name: 'place a hold', table: 'holds', type: 'hold',
    prepare: async (L) => {
      const a = await application(L);
      await ok(await L.call('gm', 'POST', `/api/v1/applications/${a.id}/approve`,
        { version: a.version }), 'approve');
      return a;
    },
    run: (L, a) => L.call('gm', 'POST', '/api/v1/holds',
      { type: 'form3', id: a.id, kind: 'request', reason: '照会のため保存' }) },
];

