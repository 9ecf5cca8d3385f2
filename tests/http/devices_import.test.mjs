// devices_import.test.mjs - R-DEV-1: HQ's existing device list imported
// from CSV (UTF-8 or CP932, as Excel saves it), over the API and the
// CLI: a dry run lists every row's errors and imports nothing; a real
// run imports every row or none.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, login, as, cli, tempDir } from '../lib/server.mjs';

let srv;
let gm;
before(async () => {
  srv = await startServer();
  gm = as(srv, await login(srv, 'gm'));
});
after(async () => { await srv.stop(); });

async function serials() {
  const r = await gm.get('/api/v1/devices');
  assert.equal(r.status, 200, r.text);
  return r.json.devices.map((d) => d.serial).sort();
}

// "東芝" and "①髙橋㈱" in CP932 (NEC and IBM extensions included).
const TOSHIBA = Buffer.from('938c8ec5', 'hex');
const REMARK = Buffer.from('8740eee08bb4878a', 'hex');
function cp932File(serial) {
  return Buffer.concat([
    Buffer.from('model,serial,remarks\r\n'), TOSHIBA, Buffer.from(`,${serial},`), REMARK,
    Buffer.from('\r\n'),
  ]);
}

const BAD_CSV = '\uFEFF機種,製造番号,電話番号\r\n'
  + 'AQUOS,IMP-1,090-1111-2222\r\n'
  + ',IMP-2,\r\n'            // row 3: no model
  + 'iPhone,bad serial,\r\n' // row 4: serial
  + 'Pixel,IMP-1,\r\n';      // row 5: duplicate of row 2

test('R-DEV-1: a dry run lists every row\'s errors and imports nothing', async () => {
  const before = await serials();
  const r = await gm.post('/api/v1/devices/import', { csv: BAD_CSV, dry_run: true });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.dry_run, true);
  assert.equal(r.json.rows, 4);
  assert.equal(r.json.imported, 0);
  assert.deepEqual(r.json.errors.map((e) => [e.row, e.field]),
    [[3, 'model'], [4, 'serial'], [5, 'serial']]);
  for (const e of r.json.errors) assert.ok(e.message.length > 0);
  assert.deepEqual(await serials(), before);
});

test('R-DEV-1: a real run with any bad row is 422 and imports none of the rows', async () => {
  const before = await serials();
  const r = await gm.post('/api/v1/devices/import', { csv: BAD_CSV });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.code, 'invalid');
  assert.equal(r.json.errors.length, 3);
  assert.equal(r.json.imported, 0);
  assert.deepEqual(await serials(), before);
});

test('R-DEV-1: a valid UTF-8 file is imported whole; importing it again is refused', async () => {
  const csv = 'model,serial,phone,contract_ref,remarks\n'
    + 'AQUOS sense8,OK-1,090-1111-2222,K-001,予備機\n'
    + '"iPhone SE, 第3世代",OK-2,,,"備考に ""引用"" あり"\n';
  const dry = await gm.post('/api/v1/devices/import', { csv, dry_run: true });
  assert.equal(dry.status, 200, dry.text);
  assert.deepEqual(dry.json.errors, []);
  assert.ok(!(await serials()).includes('OK-1'));
  const r = await gm.post('/api/v1/devices/import', { csv, encoding: 'utf-8' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.imported, 2);
  const list = (await gm.get('/api/v1/devices')).json.devices;
  const se = list.find((d) => d.serial === 'OK-2');
  assert.equal(se.model, 'iPhone SE, 第3世代');
  assert.equal(se.remarks, '備考に "引用" あり');
  assert.equal(se.state, 'in_stock');
  const again = await gm.post('/api/v1/devices/import', { csv });
  assert.equal(again.status, 422, again.text);
  assert.deepEqual(again.json.errors.map((e) => [e.row, e.field]), [[2, 'serial'], [3, 'serial']]);
});

test('R-DEV-1: a CP932 file (base64) is converted, Windows extensions included', async () => {
  const r = await gm.post('/api/v1/devices/import', {
    csv_base64: cp932File('SJIS-1').toString('base64'), encoding: 'cp932',
  });
  assert.equal(r.status, 201, r.text);
  const d = (await gm.get('/api/v1/devices')).json.devices.find((x) => x.serial === 'SJIS-1');
  assert.equal(d.model, '東芝');
  assert.equal(d.remarks, '①髙橋㈱');
});

test('R-DEV-1: bytes that are not CP932 are reported, not dropped', async () => {
  const bad = Buffer.concat([Buffer.from('model,serial\r\nA,'), Buffer.from([0x81, 0x0a])]);
  const r = await gm.post('/api/v1/devices/import', {
    csv_base64: bad.toString('base64'), encoding: 'cp932', dry_run: true,
  });
  assert.equal(r.status, 422, r.text);
  assert.equal(r.json.error.field, 'csv_base64');
  assert.match(r.json.error.message, /2行目/);
  const wrong = await gm.post('/api/v1/devices/import', { csv: 'a', encoding: 'latin1' });
  assert.equal(wrong.status, 422, wrong.text);
  assert.equal(wrong.json.error.field, 'encoding');
});

test('R-DEV-1: only the general manager imports (403 for a station manager)', async () => {
  const m = as(srv, await login(srv, 'kita-manager'));
  const r = await m.post('/api/v1/devices/import', { csv: 'model,serial\nA,NOPE-9\n' });
  assert.equal(r.status, 403, r.text);
  assert.ok(!(await serials()).includes('NOPE-9'));
});

test('R-DEV-1: mamori device import reads a CP932 file; --dry-run imports nothing', async () => {
  const dir = tempDir();
  const file = join(dir, 'devices.csv');
  writeFileSync(file, cp932File('CLI-1'));
  const dry = cli(['device', 'import', '--db', srv.db, '--file', file, '--encoding', 'cp932', '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.ok(!(await serials()).includes('CLI-1'));
  const asUtf8 = cli(['device', 'import', '--db', srv.db, '--file', file]);
  assert.equal(asUtf8.status, 1);
  assert.match(asUtf8.stderr, /line 2/);
  const real = cli(['device', 'import', '--db', srv.db, '--file', file, '--encoding', 'cp932']);
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /1 device/);
  assert.ok((await serials()).includes('CLI-1'));
  const badFile = join(dir, 'bad.csv');
  writeFileSync(badFile, BAD_CSV);
  const bad = cli(['device', 'import', '--db', srv.db, '--file', badFile]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /row 3 model/);
  assert.match(bad.stderr, /row 5 serial/);
  assert.ok(!(await serials()).includes('IMP-1'));
});
