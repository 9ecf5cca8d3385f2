// loans.mjs - a device loan made ready through the JSON API for the
// suites that need one to work on (take-outs, exceptions, services, the
// return checklist): registered, applied for, approved, lent and received
// (R-DEV-1..4), every answer asserted.
import assert from 'node:assert/strict';
import { tokyoDay } from './dates.mjs';

let serial = 0;

/* The Asia/Tokyo civil date of a moment, "YYYY-MM-DD". */

/*
 * receivedLoan - a device the general manager registers (model, a serial
 * "<prefix>-<n>-<now>" of its own), applied for by <unit>-manager from
 * today for 90 days (application: fields that differ), approved and lent
 * by gm and received by <unit>-officer after today's training.  s holds
 * the sessions (as()) by login: gm, <unit>-manager and <unit>-officer.
 * Resolves the loan as the receipt answered it.
 */
export async function receivedLoan(s, {
  unit = 'kita', model = 'AQUOS sense8', prefix = 'SN', application = {},
} = {}) {
  serial += 1;
  const d = await s.gm.post('/api/v1/devices', {
    model, serial: `${prefix}-${serial}-${Date.now()}`, phone: '090-0000-0000',
  });
  assert.equal(d.status, 201, d.text);
  const start = tokyoDay(Date.now());
  const a = await s[`${unit}-manager`].post('/api/v1/applications', {
    consulted_on: start, consulted_with: '松本 正義', consultation: '合意', start,
    due: tokyoDay(Date.now() + 90 * 86400e3), purpose: 'サイバーパトロール', ...application,
  });
  assert.equal(a.status, 201, a.text);
  const ok = await s.gm.post(`/api/v1/applications/${a.json.id}/approve`, { version: a.json.version });
  assert.equal(ok.status, 200, ok.text);
  const l = await s.gm.post('/api/v1/loans', { application_id: a.json.id, device_id: d.json.id });
  assert.equal(l.status, 201, l.text);
  const r = await s[`${unit}-officer`].post(`/api/v1/loans/${l.json.id}/receive`, {
    version: l.json.version, trained_on: start, trainer: '井上 直樹', topics: '端末管理',
  });
  assert.equal(r.status, 200, r.text);
  return r.json;
}
