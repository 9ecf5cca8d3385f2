// consistency.test.mjs - the smaller inconsistencies of issue 8: the
// OpenAPI document requires a new application's start, which the server
// requires (R-DEV-2), and leaves it out of an extension, which the server
// derives (R-DEV-8); every list's ?state= takes the state's key and
// refuses an unknown one alike (422, Japanese); the head of the IT
// management division reads the incidents forwarded to them in the web
// UI, from the menu, and no other report (R-CMP-6); and date inputs show
// the 和暦 of the date entered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, page, csrfField, items,
} from '../lib/server.mjs';
import { today, tokyoDay } from '../lib/dates.mjs';

let srv;
const s = {};
const DAY = 86400e3;

before(async () => {
  srv = await startServer();
  for (const who of ['admin', 'gm', 'kita-manager', 'kita-assistant', 'kita-comm', 'minami-manager',
    'infosec', 'it-head']) {
    s[who] = as(srv, await login(srv, who));
  }
});
after(async () => { await srv.stop(); });

/* The 和暦 of an ISO date, as ICU's Japanese calendar writes it. */
function wareki(iso) {
  const f = new Intl.DateTimeFormat('ja-JP-u-ca-japanese',
    { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
  return f.format(new Date(iso + 'T00:00:00Z')).replace(/^令和1年/, '令和元年');
}

async function kitaLoan() {
  const units = Object.fromEntries(items((await s.admin.get('/api/v1/units')).json)
    .map((u) => [u.code, u.id]));
  const loans = (await s.gm.get('/api/v1/loans')).json.loans;
  const l = loans.find((x) => x.unit_id === units.KITA && x.state === 'received');
  assert.ok(l, 'the demo lends KITA a device');
  return l;
}

const application = (extra = {}) => ({
  consulted_on: today(), consulted_with: '松本 正義', consultation: '1台借用で合意',
  start: today(), due: tokyoDay(Date.now() + 60 * DAY), purpose: 'サイバーパトロール', ...extra,
});

async function applicationCount() {
  return (await s['kita-manager'].get('/api/v1/applications')).json.applications.length;
}

// ---- 1. the borrowing application's start ---------------------------------

test('R-DEV-2: a new application needs its start, and the OpenAPI document says so', async () => {
  const docr = await s.gm.get('/api/v1/openapi.json');
  const schemas = docr.json.components.schemas;
  assert.ok(schemas.ApplicationCreate.required.includes('start'));
  const before = await applicationCount();
  const { start, ...noStart } = application();
  assert.ok(start);
  const r = await s['kita-manager'].post('/api/v1/applications', noStart);
  assert.ok([400, 422].includes(r.status), r.text);
  assert.equal(r.json.error.field, 'start');
  assert.equal(await applicationCount(), before, 'nothing was made');
});

test('R-DEV-8: an extension naming a start or a device is refused in Japanese, web and API alike', async () => {
  const docr = await s.gm.get('/api/v1/openapi.json');
  const ext = docr.json.components.schemas.ApplicationExtension;
  assert.ok(!('start' in ext.properties) && !('device_id' in ext.properties));
  assert.equal(ext.additionalProperties, false);
  const loan = await kitaLoan();
  const before = await applicationCount();
  const base = application({ kind: 'extension', loan_id: loan.id, due: tokyoDay(Date.now() + 200 * DAY) });
  delete base.start;
  const withStart = await s['kita-manager'].post('/api/v1/applications', { ...base, start: today() });
  assert.equal(withStart.status, 422, withStart.text);
  assert.equal(withStart.json.error.field, 'start');
  assert.match(withStart.json.error.message, /延長の申請では開始日を指定できません/);
  const withDevice = await s['kita-manager'].post('/api/v1/applications', { ...base, device_id: loan.device_id });
  assert.equal(withDevice.status, 422, withDevice.text);
  assert.equal(withDevice.json.error.field, 'device_id');
  assert.match(withDevice.json.error.message, /延長の申請では端末を指定できません/);

  // the web form of an extension, posted with a start, answers the same
  const web = await webLogin(srv, 'kita-manager');
  const form = await page(srv, `/loans/${loan.id}/extend`, web.cookie);
  assert.equal(form.status, 200);
  assert.ok(!/name="start"/.test(form.text), 'the extension form has no start');
  const res = await fetch(`${srv.url}/loans/${loan.id}/extend`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfField(form.text), consulted_on: base.consulted_on,
      consulted_with: base.consulted_with, consultation: base.consultation, due: base.due,
      purpose: base.purpose, start: today() }).toString(),
  });
  const html = await res.text();
  assert.equal(res.status, 422);
  assert.match(html, /延長の申請では開始日を指定できません/);
  assert.equal(await applicationCount(), before, 'nothing was made');
});

// ---- 2. ?state= takes the key on every list --------------------------------

test('R-SVC-1..4: /services?state= takes the state key like every other list', async () => {
  const inForce = await s.gm.get('/api/v1/services?state=in_force');
  assert.equal(inForce.status, 200, inForce.text);
  assert.ok(inForce.json.services.length >= 2, 'the demo has accounts in force');
  assert.ok(inForce.json.services.every((x) => x.state === 'in_force'));
  const waiting = await s.infosec.get('/api/v1/services?state=forwarded');
  assert.ok(waiting.json.services.length >= 1);
  assert.ok(waiting.json.services.every((x) => x.state === 'forwarded'));
  const doc = (await s.gm.get('/api/v1/openapi.json')).json;
  const param = doc.paths['/api/v1/services'].get.parameters.find((p) => p.name === 'state');
  assert.equal(param.schema.$ref, '#/components/schemas/ServiceState');
  assert.ok(doc.components.schemas.ServiceState.enum.includes('in_force'));
});

test('an unknown state is refused alike on every list: 422 naming state, in Japanese', async () => {
  const messages = new Set();
  for (const path of ['/api/v1/services', '/api/v1/applications', '/api/v1/breaches', '/api/v1/exceptions']) {
    for (const bad of ['4', 'bogus', '']) {
      const r = await s.gm.get(`${path}?state=${bad}`);
      assert.equal(r.status, 422, `${path}?state=${bad}: ${r.text}`);
      assert.equal(r.json.error.code, 'invalid');
      assert.equal(r.json.error.field, 'state');
      assert.match(r.json.error.message, /状態/);
      messages.add(r.json.error.message);
    }
    const doc = (await s.gm.get('/api/v1/openapi.json')).json;
    assert.ok(doc.paths[path].get.responses['422'], `${path} documents 422`);
  }
  assert.equal(messages.size, 1, 'one message for all');
});

// ---- 3. the IT head's breach list -----------------------------------------

function breachLinks(html) {
  const main = /<main[\s\S]*<\/main>/.exec(html)[0];
  return [...main.matchAll(/href="\/breaches\/(\d+)"/g)].map((m) => Number(m[1]));
}

test('R-CMP-6: the IT head opens the breach list from the menu and finds only the incidents', async () => {
  const all = (await s.gm.get('/api/v1/breaches')).json.breaches;
  const incidents = all.filter((b) => b.incident).map((b) => b.id);
  const others = all.filter((b) => !b.incident).map((b) => b.id);
  assert.ok(incidents.length >= 1 && others.length >= 1, 'the demo has an incident and another report');
  const web = await webLogin(srv, 'it-head');
  const home = await page(srv, '/', web.cookie);
  assert.match(/<nav[\s\S]*?<\/nav>/.exec(home.text)[0], /href="\/breaches"[^>]*>違反報告</);
  const list = await page(srv, '/breaches', web.cookie);
  assert.equal(list.status, 200);
  assert.deepEqual(breachLinks(list.text).sort(), incidents.sort());
  assert.ok(!/違反を報告する/.test(list.text), 'the IT head does not report');
  // the same filter as the API
  const mine = (await s['it-head'].get('/api/v1/breaches')).json.breaches.map((b) => b.id);
  assert.deepEqual(mine.sort(), incidents.sort());
  for (const id of others) {
    assert.equal((await page(srv, `/breaches/${id}`, web.cookie)).status, 403);
  }
});

test('R-CMP-6: roles that read no report have neither the list nor its menu entry', async () => {
  const web = await webLogin(srv, 'infosec');
  const home = await page(srv, '/', web.cookie);
  assert.ok(!/href="\/breaches"/.test(/<nav[\s\S]*?<\/nav>/.exec(home.text)[0]));
  assert.equal((await page(srv, '/breaches', web.cookie)).status, 403);
  // a station's manager still sees the list with the reports of the station only
  const mgr = await webLogin(srv, 'minami-manager');
  const list = await page(srv, '/breaches', mgr.cookie);
  assert.equal(list.status, 200);
  const own = (await s['minami-manager'].get('/api/v1/breaches')).json.breaches.map((b) => b.id);
  assert.deepEqual(breachLinks(list.text).sort(), own.sort());
});

// ---- 4. 和暦 beside the dates entered ---------------------------------------

test('date inputs show the 和暦 of the date they hold', async () => {
  const loan = await kitaLoan();
  const web = await webLogin(srv, 'kita-assistant');
  const shown = await page(srv, `/loans/${loan.id}`, web.cookie);
  // the check form holds today, and says it in 和暦 for the screen reader too
  const input = /<input type="date" id="f-checked_on"[^>]*>/.exec(shown.text)[0];
  assert.match(input, new RegExp(`value="${today()}"`));
  assert.match(input, /aria-describedby="[^"]*f-checked_on-wareki/);
  assert.ok(shown.text.includes(`<span class="wareki" id="f-checked_on-wareki">${wareki(today())}</span>`),
    wareki(today()));

  // a refused entry is shown again with the 和暦 of what was entered
  const future = tokyoDay(Date.now() + 3 * DAY);
  const res = await fetch(`${srv.url}/loans/${loan.id}/checks`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: web.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfField(shown.text), checked_on: future, in_cabinet: '1' }).toString(),
  });
  const html = await res.text();
  assert.equal(res.status, 422, html.slice(0, 300));
  assert.ok(html.includes(`id="f-checked_on-wareki">${wareki(future)}<`), wareki(future));

  // a datetime input: the date and the time
  const comm = await webLogin(srv, 'kita-comm');
  const form = await page(srv, `/loans/${loan.id}/takeouts/new`, comm.cookie);
  assert.equal(form.status, 200);
  const t = await fetch(`${srv.url}/loans/${loan.id}/takeouts`, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: comm.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfField(form.text), out_at: `${future}T09:05`,
      expected_back: `${future}T08:00`, destination: '熊本市内', reason: '確認' }).toString(),
  });
  const again = await t.text();
  assert.equal(t.status, 422);
  assert.ok(again.includes(`id="f-out_at-wareki">${wareki(future)} 9時05分<`), 'out_at in 和暦');
  assert.ok(again.includes(`id="f-expected_back-wareki">${wareki(future)} 8時00分<`), 'expected_back in 和暦');
  // an empty input has no hint
  const empty = await page(srv, '/breaches/new', (await webLogin(srv, 'kita-assistant')).cookie);
  assert.ok(!/f-occurred_at-wareki/.test(empty.text));
});
