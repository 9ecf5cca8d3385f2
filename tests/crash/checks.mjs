// checks.mjs - the checks after one injected failure (issue 14), one
// copy for fail_io_steps.test.mjs (SQLite: the Nth read, write, sync or
// allocation failing) and pg_cut.test.mjs (PostgreSQL: the connection cut
// before the Nth statement).  q(sql) runs a query on the test's own
// connection to the database (sqlite3 or psql) and resolves to its text.
import assert from 'node:assert/strict';
import { ok } from './fail_ops.mjs';

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

/* What the database holds before the operation: the audit trail's last
 * seq, the rows of the op's table (or the record's version, from ctx).
 * prefix: SQL to run first in the same round trip. */
export async function snapshot(q, op, ctx, prefix = '') {
  const [seq0, rows0] = (await q(`${prefix}SELECT coalesce(max(seq), 0)` +
    `${op.table ? `, (SELECT count(*) FROM ${op.table})` : ''} FROM audit_log`))
    .split('|').map(Number);
  const v0 = op.probe ? await q(op.probe(ctx)) : op.get ? ctx.version : rows0;
  return { seq0, rows0, v0 };
}

/* The audit entries of the operation since seq0 (not the answers'
 * request.* entries, not the test's own audited reads). */
const AUDITED = (seq0, op, id) => `SELECT count(*) FROM audit_log WHERE seq > ${seq0} ` +
  `${op.type ? `AND object_type = '${op.type}' ` : ''}` +
  `${op.type && id !== undefined ? `AND object_id = ${id} ` : ''}` +
  "AND action NOT LIKE 'request.%' AND action NOT LIKE '%.read'";

/* The answer of a request that did not complete: 503 with Retry-After,
 * a JSON error code and a Japanese message.  plainOk: the HTTP layer's
 * own plain-text (Japanese) 503 is allowed too (an allocation failing
 * before the API is reached). */
export function cleanError(r, what, { plainOk = false, code } = {}) {
  assert.equal(r.status, 503, `${what}: a 503 answer`);
  assert.ok(r.headers.get('retry-after'), `${what}: Retry-After`);
  if (/^text\/plain/.test(r.headers.get('content-type'))) {
    assert.ok(plainOk, `${what}: a JSON error`);
    assert.match(r.text, JAPANESE, `${what}: in Japanese`);
    return;
  }
  assert.equal(typeof r.json?.error?.code, 'string', `${what}: a JSON error`);
  if (code) assert.equal(r.json.error.code, code, what);
  assert.match(r.json.error.message, JAPANESE, `${what}: in Japanese`);
}

/* Nothing half-written: the change is there exactly when its audit
 * entries are, whole or not at all; an acknowledged (2xx) change is
 * there.  get(path, who): the API read of a record (as who, else gm).  Whether
 * the operation changed the database. */
export async function wholeOrNothing(q, get, op, ctx, snap, done, what) {
  const { seq0, rows0, v0 } = snap;
  let changed;
  if (op.table) {
    const [rows, audited] = (await q(`SELECT (SELECT count(*) FROM ${op.table}), ` +
      `(${AUDITED(seq0, op)})`)).split('|').map(Number);
    const added = rows - rows0;
    assert.ok(added === 0 || added === (op.rows || 1), `${what}: ${added} rows added`);
    if (audited !== (added ? (op.audits || 1) : 0)) {
      assert.fail(`${what}: ${added} rows, ${audited} audit entries: ` +
        (await q(`SELECT action || ' ' || object_type FROM audit_log WHERE seq > ${seq0} ORDER BY seq`))
          .replace(/\n/g, ', '));
    }
    changed = added !== 0;
  } else {
    let now;
    if (op.probe) now = await q(op.probe(ctx));
    else now = (await ok(await get(op.get(ctx), op.reader), `${what}: get after`)).version;
    const audited = Number(await q(AUDITED(seq0, op, ctx.id)));
    changed = now !== v0;
    if (audited !== (changed ? (op.audits || 1) : 0)) {
      assert.fail(`${what}: ${v0} -> ${now}, ${audited} audit entries: ` +
        (await q(`SELECT action || ' ' || object_type FROM audit_log WHERE seq > ${seq0} ORDER BY seq`))
          .replace(/\n/g, ', '));
    }
  }
  // an operation that writes nothing (a preview): nothing changed, a
  // success included
  if (op.writes === false) assert.ok(!changed, `${what}: wrote nothing`);
  else if (done) assert.ok(changed, `${what}: acknowledged and present`);
  return changed;
}
