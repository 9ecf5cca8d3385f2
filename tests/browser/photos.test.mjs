// photos.test.mjs - staff face photos in the browser (issue 10): under
// both photo exceptions (R-EXC-1, R-EXC-2) and an approved form 4
// (R-PHOTO-2, made through the API), the communication officer uploads
// a photo on the application's page, picks the processing and its
// strength, saves it, and sees it listed; the photo's page shows the
// processed image.  axe-core on every page and a screenshot of each.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import {
  useHarness, watch,
} from '../lib/browser.mjs';
import { login, as, usersByLogin, tempDir } from '../lib/server.mjs';
import { tokyoDay } from '../lib/dates.mjs';

const h = useHarness('photos', { fieldKey: true });
const { look, logInAs } = h;
let jpeg;

before(async () => {
  const dir = tempDir('mamori-photo-browser-');
  execFileSync(path.join(path.dirname(process.env.MAMORI_BIN), 'photo_bench'),
    ['make', path.join(dir, 'face.jpg'), '320', '240']);
  jpeg = readFileSync(path.join(dir, 'face.jpg'));
  rmSync(dir, { recursive: true, force: true });
});

const DAY = 86400e3;

/* Both photo exceptions, a received loan to KITA and an approved form 4. */
async function approvedForm4() {
  const gm = as(h.srv, await login(h.srv, 'gm'));
  const ism = as(h.srv, await login(h.srv, 'infosec'));
  const mgr = as(h.srv, await login(h.srv, 'kita-manager'));
  const off = as(h.srv, await login(h.srv, 'kita-officer'));
  const comm = as(h.srv, await login(h.srv, 'kita-comm'));
  const today = tokyoDay(Date.now());
  for (const kind of ['photo_store', 'photo_send']) {
    const e = await gm.post('/api/v1/exceptions', { kind, scope: '北署', purpose: '保護のための交信' });
    assert.equal(e.status, 201, e.text);
    const ok = await ism.post(`/api/v1/exceptions/${e.json.id}/approve`,
      { version: e.json.version, scope: '北署', valid_from: today, valid_until: tokyoDay(Date.now() + 30 * DAY) });
    assert.equal(ok.status, 200, ok.text);
  }
  const d = await gm.post('/api/v1/devices', { model: '交信端末', serial: `PHB-${Date.now()}` });
  assert.equal(d.status, 201, d.text);
  const a = await mgr.post('/api/v1/applications', { consulted_on: today, consulted_with: '松本 正義',
    consultation: '合意', start: today, due: tokyoDay(Date.now() + 90 * DAY), purpose: 'サイバーパトロール' });
  assert.equal(a.status, 201, a.text);
  assert.equal((await gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: 1 })).status, 200);
  const l = await gm.post('/api/v1/loans', { application_id: a.json.id, device_id: d.json.id });
  assert.equal(l.status, 201, l.text);
  assert.equal((await off.post(`/api/v1/loans/${l.json.id}/receive`,
    { version: l.json.version, trained_on: today, trainer: '井上 直樹', topics: '端末管理' })).status, 200);
  const users = await usersByLogin(h.srv, gm.session);
  const f = await comm.post('/api/v1/photo-approvals', { staff_id: users['kita-assistant'].id,
    consent: true, purpose: '交信相手から求められた場合に送信する', device_id: d.json.id });
  assert.equal(f.status, 201, f.text);
  const ok = await mgr.post(`/api/v1/photo-approvals/${f.json.id}/approve`, { version: f.json.version });
  assert.equal(ok.status, 200, ok.text);
  return ok.json;
}

test('R-PHOTO-3, R-PHOTO-4: upload a photo, process it and see it listed', async () => {
  const form4 = await approvedForm4();
  const page = await h.browser.newPage();
  const problems = watch(page, new Set());
  await logInAs(page, 'kita-comm');
  await page.goto(h.srv.url + '/photo-approvals');
  assert.match(await page.textContent('main'), /写真使用承認申請/);
  await look(page, 'list');
  await page.goto(`${h.srv.url}/photo-approvals/${form4.id}`);
  assert.match(await page.textContent('main'), /加工済みの写真はありません/);
  await look(page, 'approval');
  await page.setInputFiles('input[name="file"]', { name: 'face.jpg', mimeType: 'image/jpeg', buffer: jpeg });
  await page.selectOption('select[name="effect"]', 'blur');
  await page.fill('input[name="strength"]', '7');
  await Promise.all([page.waitForNavigation(),
    page.locator('main button[type="submit"]', { hasText: '加工して保存する' }).click()]);
  assert.equal(new URL(page.url()).pathname, `/photo-approvals/${form4.id}`);
  const listed = await page.textContent('main');
  assert.match(listed, /写真 第\d+号（ぼかし・強さ7・端末に保存）/);
  await look(page, 'listed');
  await page.locator('main ul.photos a').first().click();
  await page.waitForSelector('img.photo');
  const size = await page.evaluate(() => {
    const img = document.querySelector('img.photo');
    return img.complete ? img.naturalWidth : 0;
  });
  assert.equal(size, 320, 'the processed image is served');
  await look(page, 'photo');
  assert.deepEqual(problems, []);
  await page.close();
});
