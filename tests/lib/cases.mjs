// cases.mjs - a protective-contact case and its pre-meeting report made
// ready through the JSON API for the suites that work on what follows
// (printed forms, statistics): reported by a station, judged high by the
// division, assigned, one message logged (R-CASE-1, R-CASE-2), then a
// meeting reported, forwarded and instructed (R-CASE-3..6), every answer
// asserted.  s holds the sessions (as()) by login: gm and kita-officer,
// kita-comm, kita-assistant, kita-manager; ids.comm / ids.officer are
// the user ids of kita-comm and kita-officer.
import assert from 'node:assert/strict';

const iso = (ms) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/*
 * instructedMeeting - a case of unit kita (post: fields that differ from
 * the made-up post; message: the logged message, received by default)
 * on device, and its meeting up to the manager's instruction (the
 * instruction's text: instructions).  Resolves the meeting as the
 * instruction answered it.
 */
export async function instructedMeeting(s, { kita, ids, device, post = {}, message = {},
  instructions = '女性職員が先に接触する' }) {
  let c = await s['kita-officer'].post('/api/v1/cases', {
    found_at: iso(Date.now() - 90 * 60e3), service: 'テストSNS', post_ref: 'https://sns.example/post/1',
    post_text: '（架空）家出中。今夜泊めてくれる人いませんか', risk_signals: '家出・宿泊先', ...post,
  });
  assert.equal(c.status, 201, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/triage`, {
    version: c.json.version, crime: 'child_prostitution', need: 'high', reason: '（架空）',
  });
  assert.equal(c.status, 200, c.text);
  c = await s.gm.post(`/api/v1/cases/${c.json.id}/assign`, {
    version: c.json.version, unit_id: kita, officer_id: ids.comm, device_id: device,
  });
  assert.equal(c.status, 200, c.text);
  c = await s['kita-comm'].post(`/api/v1/cases/${c.json.id}/messages`, {
    version: c.json.version, at: iso(Date.now() - 5 * 60e3), direction: 'received',
    text: '（架空）会えますか', ...message,
  });
  assert.equal(c.status, 200, c.text);
  let m = await s['kita-comm'].post('/api/v1/meetings', {
    case_id: c.json.id, place: '熊本駅白川口 交番前', meet_at: iso(Date.now() + 24 * 3600e3),
    person_female: true, staff_1: ids.comm, staff_2: ids.officer,
    escape_plan: '出入口2か所に職員を配置し、逃走経路を塞ぐ',
    setup_plan: '周辺に同行者がいないか私服員が事前に確認する', division_notified: true,
  });
  assert.equal(m.status, 201, m.text);
  m = await s['kita-assistant'].post(`/api/v1/meetings/${m.json.id}/forward`, { version: m.json.version });
  assert.equal(m.status, 200, m.text);
  m = await s['kita-manager'].post(`/api/v1/meetings/${m.json.id}/instruct`,
    { version: m.json.version, instructions });
  assert.equal(m.status, 200, m.text);
  return m.json;
}
