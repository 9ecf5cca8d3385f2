// fail_ops_routes.test.mjs - every mutating operation of the API is in
// the failure loops (issue 14): each POST, PUT, PATCH and DELETE of the
// OpenAPI document (its paths are generated from the route tables and
// the step tables, src/api/routes.c, and the build fails when the
// committed docs/openapi.json differs) has an entry in
// tests/crash/fail_ops.mjs (its `route`), or is named below with the
// reason it is not looped.  The failure message names each route that
// lacks one.  No server needed: it runs in both passes of the crash suite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPS } from './fail_ops.mjs';

const DOC = new URL('../../docs/openapi.json', import.meta.url);

/*
 * Operations not looped, each with its reason.  Only what cannot be
 * looped, or what no loop reaches yet (PENDING: named in the report of
 * the change that left it here, to be looped next).
 */
export const NOT_LOOPED = {
};

const MUTATING = ['post', 'put', 'patch', 'delete'];

test('issue 14: every mutating API operation has an entry in tests/crash/fail_ops.mjs ' +
  '(or a reason it is not looped)', () => {
  const doc = JSON.parse(readFileSync(DOC, 'utf8'));
  const routes = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const m of Object.keys(ops)) {
      if (MUTATING.includes(m)) routes.push(`${m.toUpperCase()} ${path}`);
    }
  }
  assert.ok(routes.length > 50, `${routes.length} mutating routes in ${DOC.pathname}`);
  const looped = new Set(OPS.flatMap((o) => [].concat(o.route || [])));
  const missing = routes.filter((r) => !looped.has(r) && !(r in NOT_LOOPED));
  assert.deepEqual(missing, [], 'mutating routes with no entry in tests/crash/fail_ops.mjs ' +
    `(add one with route: '<METHOD> <path>', or a reason in NOT_LOOPED): ${missing.join(', ')}`);
  // no stale names: every entry names a route that exists
  const unknown = [...looped, ...Object.keys(NOT_LOOPED)].filter((r) => !routes.includes(r));
  assert.deepEqual(unknown, [], `entries naming no route of the API: ${unknown.join(', ')}`);
  const pending = Object.entries(NOT_LOOPED).filter(([, why]) => why.startsWith('PENDING'));
  console.log(`fail_ops: ${looped.size} of ${routes.length} mutating routes looped; ` +
    `${Object.keys(NOT_LOOPED).length} not (${pending.length} pending)`);
});
