#!/usr/bin/env python3
"""strict.py GEN DOC OVERLAY - the generator of docs/openapi.json refuses
a route without its overlay entry and an overlay entry without a route
(issue 8: a route cannot go undocumented), and takes the overlay as
committed."""
import json
import os
import subprocess
import sys
import tempfile

gen, doc, overlay_file = sys.argv[1:4]
with open(overlay_file, encoding='utf-8') as f:
    overlay = json.load(f)


def run(ov):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'overlay.json')
        with open(path, 'w', encoding='utf-8') as f:
            json.dump(ov, f)
        return subprocess.run([gen, doc, path, os.path.join(tmp, 'out.json')],
                              capture_output=True, text=True)


faults = []
r = run(overlay)
if r.returncode != 0:
    faults.append('the committed overlay is refused: ' + r.stderr)
# a route of a handler of its own without its entry: no summary, no schemas
ov = json.loads(json.dumps(overlay))
del ov['operations']['POST /api/v1/tokens']
r = run(ov)
for want in ('"POST /api/v1/tokens" has no summary',
             '"POST /api/v1/tokens": the schema of its body is not known',
             '"POST /api/v1/tokens": the schema of its 201 answer'):
    if r.returncode == 0 or want not in r.stderr:
        faults.append(f'missing entry: wanted {want!r}, got {r.stderr!r}')
# a generic route without its entry: everything but the prose is known
ov = json.loads(json.dumps(overlay))
del ov['operations']['GET /api/v1/breaches/{id}']
r = run(ov)
if r.returncode == 0 or 'no summary' not in r.stderr or 'schema' in r.stderr:
    faults.append(f'generic route without entry: {r.stderr!r}')
# an entry of no route
ov = json.loads(json.dumps(overlay))
ov['operations']['POST /api/v1/nowhere'] = {'summary': 'x'}
r = run(ov)
if r.returncode == 0 or '"POST /api/v1/nowhere", which is no route' not in r.stderr:
    faults.append(f'stale entry: {r.stderr!r}')
print('\n'.join(faults) or 'ok')
sys.exit(1 if faults else 0)
