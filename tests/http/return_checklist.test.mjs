// return_checklist.test.mjs - the device return checklist is built from
// the server's own register of SNS-service applications (R-DEV-9,
// R-SVC-4): the client confirms, by the server's id, each account the
// register lists on the device, and can no longer leave one out or name
// accounts itself.  The attacker's moves (an account in force left out,
// another device's or station's id, old-style names) are refused with a
// Japanese message naming the account and change nothing; a complete
// confirmation returns the device, records the register's names and
// deletes the applications; the web form answers like the API; the
// general manager sees the checklist where the loan is closed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, login, as, webLogin, csrfField, page, auditEntries,
} from '../lib/server.mjs';
import * as loans from '../lib/loans.mjs';

let srv;
const s = {};

before(async () => {
  srv = await startServer();
  for (const who of ['gm', 'infosec', 'kita-manager', 'kita-assistant', 'kita-officer',
    'minami-manager', 'minami-assistant', 'minami-officer']) {
    s[who] = as(srv, await login(srv, who));
  }
});
after(async () => { await srv.stop(); });

// A loan of a new device to unit ('kita' or 'minami'), received.
const receivedLoan = (unit = 'kita') => loans.receivedLoan(s, { unit, prefix: 'SN-RC' });

// R-SVC-1: an application for an account on the loan's device (applied).
async function applied(loan, handle, unit = 'kita', service = 'X') {
  const r = await s[`${unit}-assistant`].post('/api/v1/services', {
    device_id: loan.device_id, service, handle, purpose: '少年の有害情報の把握',
  });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// R-SVC-1, R-SVC-2: the whole chain run: the account is in force.
async function inForce(loan, handle, unit = 'kita', service = 'X') {
  const x = await applied(loan, handle, unit, service);
  let r = await s[`${unit}-manager`].post(`/api/v1/services/${x.id}/permit`, { version: x.version });
  assert.equal(r.status, 200, r.text);
  r = await s.gm.post(`/api/v1/services/${x.id}/forward`, { version: r.json.version });
  assert.equal(r.status, 200, r.text);
  r = await s.infosec.post(`/api/v1/services/${x.id}/measures`, {
    version: r.json.version, measures: '端末ロック、二段階認証', agreed_with_manager: true,
    agreed_with_general_manager: true,
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'in_force');
  return r.json;
}

const loanNow = async (id) => (await s.gm.get(`/api/v1/loans/${id}`)).json;
const deviceNow = async (id) => (await s.gm.get(`/api/v1/devices/${id}`)).json;
const serviceNow = async (id) => (await s.gm.get(`/api/v1/services/${id}`)).json;

const body = (version, accounts) => ({
  version, accounts, apps_uninstalled: true, device_restored: true, accessories_present: true,
});
const confirmAll = (ids) => ids.map((id) => ({ service_id: id, deleted: true }));

// Refused with status; the loan, its device and the services unchanged.
async function refusedReturn(loan, payload, status, services) {
  const before = await Promise.all(services.map((x) => serviceNow(x.id)));
  const r = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`, payload);
  assert.equal(r.status, status, r.text);
  const l = await loanNow(loan.id);
  assert.equal(l.state, 'received');
  assert.equal(l.version, loan.version);
  assert.equal(l.checklist, null);
  assert.equal((await deviceNow(loan.device_id)).state, 'on_loan');
  for (const [i, x] of services.entries()) {
    const now = await serviceNow(x.id);
    assert.equal(now.state, before[i].state, `service ${x.handle} unchanged`);
    assert.equal(now.version, before[i].version);
  }
  return r.json;
}

test('R-DEV-9, R-SVC-4: the register lists the device\'s accounts not ended, for its manager only', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_listed');
  const y = await applied(loan, 'kita-line', 'kita', 'LINE');
  const gone = await applied(loan, '@kita_withdrawn');
  const w = await s['kita-assistant'].post(`/api/v1/services/${gone.id}/withdraw`, { version: gone.version });
  assert.equal(w.status, 200, w.text);
  const r = await s['kita-manager'].get(`/api/v1/loans/${loan.id}/return`);
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.accounts.map((a) => [a.service_id, a.service, a.account, a.state]),
    [[x.id, 'X', '@kita_listed', 'in_force'], [y.id, 'LINE', 'kita-line', 'applied']]);
  assert.equal((await s['minami-manager'].get(`/api/v1/loans/${loan.id}/return`)).status, 403);
  assert.equal((await s['kita-assistant'].get(`/api/v1/loans/${loan.id}/return`)).status, 403);
});

test('R-DEV-9 (a): an account in force left out of the confirmations is 422 naming it; nothing changes', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_hidden');
  const y = await inForce(loan, '@kita_shown');
  const l = await loanNow(loan.id);
  const err = await refusedReturn(l, body(l.version, confirmAll([y.id])), 422, [x, y]);
  assert.equal(err.error.code, 'rule_violation');
  assert.equal(err.error.field, 'accounts');
  assert.equal(err.error.message, 'アカウント「X @kita_hidden」の削除が確認されていません');
  // an empty list, as a device without accounts would send
  const empty = await refusedReturn(l, body(l.version, []), 422, [x, y]);
  assert.match(empty.error.message, /@kita_hidden/);
  // said not deleted
  const notDeleted = await refusedReturn(l, body(l.version,
    [{ service_id: x.id, deleted: false }, { service_id: y.id, deleted: true }]), 422, [x, y]);
  assert.equal(notDeleted.error.message, 'アカウント「X @kita_hidden」の削除が確認されていません');
  // the same account twice instead of the other
  const twice = await refusedReturn(l, body(l.version, confirmAll([y.id, y.id])), 422, [x, y]);
  assert.equal(twice.error.message, 'アカウント「X @kita_shown」が重複して指定されています');
  // an item not ticked
  const noTick = await refusedReturn(l, { ...body(l.version, confirmAll([x.id, y.id])), apps_uninstalled: false },
    422, [x, y]);
  assert.equal(noTick.error.field, 'apps_uninstalled');
});

test('R-DEV-9 (b): another device\'s or another station\'s service id is 422; nothing changes anywhere', async () => {
  const loan = await receivedLoan();
  const mine = await inForce(loan, '@kita_mine');
  const otherLoan = await receivedLoan();
  const otherDevice = await inForce(otherLoan, '@kita_other_device');
  const minamiLoan = await receivedLoan('minami');
  const minami = await inForce(minamiLoan, '@minami_secret', 'minami');
  const l = await loanNow(loan.id);
  const all = [mine, otherDevice, minami];

  const a = await refusedReturn(l, body(l.version, confirmAll([mine.id, otherDevice.id])), 422, all);
  assert.equal(a.error.field, 'accounts');
  assert.equal(a.error.message,
    `この端末に登録されていないアカウントが指定されています（ID ${otherDevice.id}）`);
  const b = await refusedReturn(l, body(l.version, confirmAll([mine.id, minami.id])), 422, all);
  assert.equal(b.error.message,
    `この端末に登録されていないアカウントが指定されています（ID ${minami.id}）`);
  assert.ok(!b.error.message.includes('@minami_secret'), 'another station\'s account is not named');
  // instead of the device's own account
  await refusedReturn(l, body(l.version, confirmAll([minami.id])), 422, all);
  const bogus = await refusedReturn(l, body(l.version, confirmAll([mine.id, 0])), 422, all);
  assert.equal(bogus.error.field, 'accounts');
  assert.equal((await loanNow(minamiLoan.id)).state, 'received');
});

test('R-DEV-9 (c): old-style account names are rejected as unknown fields (400)', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_oldstyle');
  const l = await loanNow(loan.id);
  const old = await refusedReturn(l, body(l.version,
    [{ service: 'X', account: '@kita_oldstyle', deleted: true }]), 400, [x]);
  assert.equal(old.error.code, 'unknown_field');
  assert.ok(['service', 'account'].includes(old.error.field), old.error.field);
  const mixed = await refusedReturn(l, body(l.version,
    [{ service_id: x.id, account: 'anything', deleted: true }]), 400, [x]);
  assert.equal(mixed.error.field, 'account');
  const noId = await refusedReturn(l, body(l.version, [{ deleted: true }]), 400, [x]);
  assert.equal(noId.error.field, 'service_id');
  await refusedReturn(l, body(l.version, [{ service_id: String(x.id), deleted: true }]), 400, [x]);
});

test('R-DEV-9 (d), R-SVC-4: a complete confirmation returns the device with the register\'s names; the services are deleted', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_done');
  const y = await applied(loan, 'kita-line-done', 'kita', 'LINE');
  const l = await loanNow(loan.id);
  const r = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`,
    body(l.version, confirmAll([y.id, x.id])));
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.state, 'returned_by_unit');
  assert.deepEqual(r.json.checklist.accounts, [
    { service_id: x.id, service: 'X', account: '@kita_done', deleted: true },
    { service_id: y.id, service: 'LINE', account: 'kita-line-done', deleted: true },
  ]);
  assert.equal(r.json.checklist.apps_uninstalled, true);
  assert.equal((await deviceNow(loan.device_id)).state, 'returned_awaiting_check');
  for (const id of [x.id, y.id]) {
    const now = await serviceNow(id);
    assert.equal(now.state, 'deleted');
    assert.ok(now.deletion_acknowledged_at, 'the manager is recorded as told (R-SVC-4)');
    assert.match(now.deletion_note, /返却/);
  }
  // the register no longer lists anything on the device
  assert.deepEqual((await s['kita-manager'].get(`/api/v1/loans/${loan.id}/return`)).json.accounts, []);
  const audit = await auditEntries(srv, s.gm.session, '?limit=200');
  assert.ok(JSON.stringify(audit).includes('service.delete_at_return'));
  // the general manager closes it
  const closed = await s.gm.post(`/api/v1/loans/${loan.id}/close`, { version: r.json.version, anomaly: false });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.checklist.accounts.length, 2);
});

test('R-DEV-9 (e): a device with no accounts returns with an empty list', async () => {
  const loan = await receivedLoan();
  // an account that ended before the return is not listed
  const gone = await applied(loan, '@kita_gone');
  const w = await s['kita-assistant'].post(`/api/v1/services/${gone.id}/withdraw`, { version: gone.version });
  assert.equal(w.status, 200, w.text);
  const l = await loanNow(loan.id);
  const r = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`, body(l.version, []));
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json.checklist.accounts, []);
  assert.equal((await serviceNow(gone.id)).state, 'withdrawn');
});

// POST a web form (pairs, so a field may repeat); {status, text, location}.
async function postForm(cookie, path, pairs) {
  const r = await fetch(srv.url + path, {
    method: 'POST', redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(pairs).toString(),
  });
  return { status: r.status, text: await r.text(), location: r.headers.get('location') };
}

test('R-DEV-9 (f): the web form lists the register\'s accounts; the same bad input gives the same message', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_web_hidden');
  const y = await inForce(loan, '@kita_web_shown');
  const { cookie } = await webLogin(srv, 'kita-manager');
  const shown = await page(srv, `/loans/${loan.id}`, cookie);
  assert.equal(shown.status, 200);
  // one required checkbox per account, no free-text rows
  for (const a of [x, y]) {
    assert.match(shown.text, new RegExp(`<input[^>]*name="deleted"[^>]*value="${a.id}"[^>]*required`));
  }
  assert.match(shown.text, /X のアカウント @kita_web_hidden を削除した/);
  assert.doesNotMatch(shown.text, /name="svc1"|name="acct1"/);
  const csrf = csrfField(shown.text);
  const l = await loanNow(loan.id);
  const ticks = [['apps_uninstalled', '1'], ['device_restored', '1'], ['accessories_present', '1']];
  const apiAnswer = await refusedReturn(l, body(l.version, confirmAll([y.id])), 422, [x, y]);

  const bad = await postForm(cookie, `/loans/${loan.id}/return`,
    [['csrf', csrf], ['version', String(l.version)], ['deleted', String(y.id)], ...ticks]);
  assert.equal(bad.status, 422, bad.text);
  assert.ok(bad.text.includes(apiAnswer.error.message), 'the same message as the API');
  assert.match(bad.text, new RegExp(`<input[^>]*id="f-deleted-${x.id}"[^>]*aria-invalid="true"`));
  assert.match(bad.text, new RegExp(`<input[^>]*value="${y.id}"[^>]*checked`), 'the entered box kept');
  // a forged id from another station, through the form
  const minamiLoan = await receivedLoan('minami');
  const minami = await inForce(minamiLoan, '@minami_web', 'minami');
  const forged = await postForm(cookie, `/loans/${loan.id}/return`,
    [['csrf', csrf], ['version', String(l.version)], ['deleted', String(x.id)],
      ['deleted', String(y.id)], ['deleted', String(minami.id)], ...ticks]);
  assert.equal(forged.status, 422, forged.text);
  assert.ok(forged.text.includes(`この端末に登録されていないアカウントが指定されています（ID ${minami.id}）`));
  // old-style free-text rows are not accepted
  const old = await postForm(cookie, `/loans/${loan.id}/return`,
    [['csrf', csrf], ['version', String(l.version)], ['svc1', 'X'], ['acct1', '@kita_web_hidden'],
      ['del1', '1'], ...ticks]);
  assert.equal(old.status, 400, old.text);
  const now = await loanNow(loan.id);
  assert.equal(now.state, 'received');
  assert.equal(now.version, l.version);
  assert.equal((await serviceNow(x.id)).state, 'in_force');
  assert.equal((await serviceNow(minami.id)).state, 'in_force');

  const ok = await postForm(cookie, `/loans/${loan.id}/return`,
    [['csrf', csrf], ['version', String(l.version)], ['deleted', String(x.id)],
      ['deleted', String(y.id)], ...ticks]);
  assert.equal(ok.status, 303, ok.text);
  assert.equal((await loanNow(loan.id)).state, 'returned_by_unit');
  assert.equal((await serviceNow(x.id)).state, 'deleted');
  assert.equal((await serviceNow(y.id)).state, 'deleted');
});

test('R-DEV-9: the general manager sees the submitted checklist on the page where the loan is closed', async () => {
  const loan = await receivedLoan();
  const x = await inForce(loan, '@kita_gm_check');
  const l = await loanNow(loan.id);
  const r = await s['kita-manager'].post(`/api/v1/loans/${loan.id}/return`, body(l.version, confirmAll([x.id])));
  assert.equal(r.status, 200, r.text);
  const { cookie } = await webLogin(srv, 'gm');
  const p = await page(srv, `/loans/${loan.id}`, cookie);
  assert.equal(p.status, 200);
  const text = p.text;
  assert.ok(text.includes('返却時の確認事項'), 'the checklist section');
  assert.ok(text.includes('@kita_gm_check') && text.includes('削除を確認'), 'the account and its deletion');
  assert.ok(text.includes('アプリのアンインストール') && text.includes('付属品がそろっている'), 'the three items');
  assert.ok(text.indexOf('返却時の確認事項') < text.indexOf('本部の点検と貸出の終了'),
    'shown above the close form');
  assert.ok(text.includes('点検を終えて貸出を終了する'));
});
