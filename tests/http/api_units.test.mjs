// api_units.test.mjs - /api/v1/units: create, read, update with
// versions, station isolation (ASVS 8.2.2) and filtered lists.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, login, as, items, record, unitsByCode, auditHead, changesSince,
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

test('the demo has the four units', () => {
  assert.equal(units.HQ.name, '本部少年課');
  assert.equal(units.KITA.name, '熊本北警察署');
  assert.equal(units.MINAMI.name, '熊本南警察署');
  assert.equal(units.YATSUSHIRO.name, '八代警察署');
  for (const u of Object.values(units)) {
    assert.equal(typeof u.id, 'number');
    assert.equal(typeof u.version, 'number');
  }
});

test('admin creates a unit: 201, then GET returns it', async () => {
  const c = await admin.post('/api/v1/units', { code: 'TAMANA', name: '玉名警察署', kind: 'station' });
  assert.equal(c.status, 201, c.text);
  const u = record(c.json, 'unit');
  assert.equal(typeof u.id, 'number');
  assert.equal(u.version, 1);
  const g = await admin.get(`/api/v1/units/${u.id}`);
  assert.equal(g.status, 200);
  const got = record(g.json, 'unit');
  assert.equal(got.code, 'TAMANA');
  assert.equal(got.name, '玉名警察署');
  assert.equal(got.kind, 'station');
});

test('a duplicate unit code answers 409 and creates nothing', async () => {
  const before = (await admin.get('/api/v1/units')).json;
  const c = await admin.post('/api/v1/units', { code: 'KITA', name: '別の署', kind: 'station' });
  assert.equal(c.status, 409, c.text);
  assert.deepEqual((await admin.get('/api/v1/units')).json, before);
});

test('PATCH with the current version updates and bumps the version', async () => {
  const c = record((await admin.post('/api/v1/units',
    { code: 'ARAO', name: '荒尾警察署', kind: 'station' })).json, 'unit');
  const p = await admin.patch(`/api/v1/units/${c.id}`, { name: '荒尾警察署（改）', version: c.version });
  assert.equal(p.status, 200, p.text);
  const u = record(p.json, 'unit');
  assert.equal(u.name, '荒尾警察署（改）');
  assert.equal(u.version, c.version + 1);
});

test('PATCH with a stale version answers 409 conflict and changes nothing', async () => {
  const c = record((await admin.post('/api/v1/units',
    { code: 'KIKUCHI', name: '菊池警察署', kind: 'station' })).json, 'unit');
  const first = await admin.patch(`/api/v1/units/${c.id}`, { name: '菊池警察署A', version: c.version });
  assert.equal(first.status, 200, first.text);
  const head = auditHead(srv.db);
  const stale = await admin.patch(`/api/v1/units/${c.id}`, { name: '菊池警察署B', version: c.version });
  assert.equal(stale.status, 409, stale.text);
  assert.equal(stale.json.error.code, 'conflict');
  assert.equal(typeof stale.json.error.message, 'string');
  const now = record((await admin.get(`/api/v1/units/${c.id}`)).json, 'unit');
  assert.equal(now.name, '菊池警察署A');
  assert.equal(now.version, c.version + 1);
  assert.deepEqual(changesSince(srv.db, head), []);
});

test('PATCH without a version is refused', async () => {
  const k = units.YATSUSHIRO;
  const r = await admin.patch(`/api/v1/units/${k.id}`, { name: '八代署' });
  assert.ok([400, 422].includes(r.status), r.text);
  const now = record((await admin.get(`/api/v1/units/${k.id}`)).json, 'unit');
  assert.equal(now.name, '八代警察署');
});

test('GET of an unknown unit id answers 404 with a JSON error', async () => {
  const r = await admin.get('/api/v1/units/999999');
  assert.equal(r.status, 404);
  assert.equal(typeof r.json.error.code, 'string');
});

test('a kita-manager reads KITA but gets 403 for MINAMI (another station)', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const own = await km.get(`/api/v1/units/${units.KITA.id}`);
  assert.equal(own.status, 200, own.text);
  const other = await km.get(`/api/v1/units/${units.MINAMI.id}`);
  assert.equal(other.status, 403, other.text);
  assert.equal(typeof other.json.error.code, 'string');
  assert.ok(!other.text.includes('熊本南警察署'), 'the refusal leaks nothing of the object');
});

test('a kita-manager cannot change MINAMI', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const m = units.MINAMI;
  const r = await km.patch(`/api/v1/units/${m.id}`, { name: '乗っ取り', version: m.version });
  assert.equal(r.status, 403, r.text);
  const now = record((await admin.get(`/api/v1/units/${m.id}`)).json, 'unit');
  assert.equal(now.name, '熊本南警察署');
});

test('a station manager cannot create units', async () => {
  const km = as(srv, await login(srv, 'kita-manager'));
  const r = await km.post('/api/v1/units', { code: 'EVIL', name: '偽署', kind: 'station' });
  assert.equal(r.status, 403, r.text);
  const list = await admin.get('/api/v1/units');
  assert.ok(!items(list.json).some((u) => u.code === 'EVIL'));
});

test('the unit list of a station user does not contain other stations', async () => {
  const km = as(srv, await login(srv, 'minami-officer'));
  const r = await km.get('/api/v1/units');
  assert.equal(r.status, 200);
  const codes = items(r.json).map((u) => u.code);
  assert.ok(codes.includes('MINAMI'));
  assert.ok(!codes.includes('KITA'), `listed: ${codes}`);
  assert.ok(!codes.includes('YATSUSHIRO'), `listed: ${codes}`);
});

test('the general manager (HQ) sees every unit', async () => {
  const gm = as(srv, await login(srv, 'gm'));
  const r = await gm.get('/api/v1/units');
  assert.equal(r.status, 200);
  const codes = items(r.json).map((u) => u.code);
  for (const c of ['HQ', 'KITA', 'MINAMI', 'YATSUSHIRO']) assert.ok(codes.includes(c), c);
  const m = await gm.get(`/api/v1/units/${units.MINAMI.id}`);
  assert.equal(m.status, 200);
});

test('server exits cleanly on SIGTERM', async () => {
  const r = await srv.stop();
  assert.equal(r.code, 0, r.stderr);
});
