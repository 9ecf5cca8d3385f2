#!/usr/bin/env python3
"""openapi_overlay.py - writes docs/openapi-overlay.json from a document.

    python3 tools/openapi_overlay.py build/openapi_gen DOC OVERLAY

The paths of docs/openapi.json are generated from the API's route table
(tools/openapi_gen.c); what the table cannot say (prose, the schemas of
the bodies of handlers of their own) is the overlay.  This writes into
OVERLAY, for every operation of DOC that has a route, the difference
between DOC's operation and the one generated with no overlay: so a
document edited by hand (a merge of a branch that still wrote paths in
docs/openapi.json) becomes an overlay again.  Entries of OVERLAY for
operations DOC lacks are kept.  Then run `ninja -C build openapi-update`.
"""
import json
import os
import subprocess
import sys
import tempfile

METHODS = ('get', 'put', 'post', 'delete', 'patch')


def param_name(doc, p):
    if '$ref' in p:
        p = doc['components']['parameters'][p['$ref'].split('/')[-1]]
    return p.get('name')


def by_name(doc, params):
    return {param_name(doc, p): p for p in params or []}


def diff(doc, g, e):
    """The merge patch (RFC 7386) that turns g into e."""
    out = {}
    for k, v in e.items():
        if k not in g:
            out[k] = by_name(doc, v) if k == 'parameters' else v
        elif g[k] == v:
            continue
        elif k == 'parameters':
            gp, ep = by_name(doc, g[k]), by_name(doc, v)
            out[k] = {n: (diff(doc, gp[n], p) if n in gp else p)
                      for n, p in ep.items() if gp.get(n) != p}
            out[k].update({n: None for n in gp if n not in ep})
        elif isinstance(v, dict) and isinstance(g[k], dict):
            out[k] = diff(doc, g[k], v)
        else:
            out[k] = v
    out.update({k: None for k in g if k not in e})
    return out


def main():
    gen, doc_file, overlay_file = sys.argv[1:4]
    with open(doc_file, encoding='utf-8') as f:
        doc = json.load(f)
    try:
        with open(overlay_file, encoding='utf-8') as f:
            old = json.load(f)
    except FileNotFoundError:
        old = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, 'empty.json')
        out = os.path.join(tmp, 'out.json')
        with open(empty, 'w', encoding='utf-8') as f:
            json.dump({'ids': {}, 'operations': {}}, f)
        subprocess.run([gen, '--lenient', doc_file, empty, out], check=True)
        with open(out, encoding='utf-8') as f:
            bare = json.load(f)
    ids = dict(old.get('ids', {}))
    ops = dict(old.get('operations', {}))
    for path, item in doc['paths'].items():
        for p in item.get('parameters', []):
            if p.get('in') == 'path' and 'description' in p:
                prefix = path[:path.index('{' + p['name'] + '}') - 1]
                ids[prefix] = p['description']
        for m, op in item.items():
            g = bare['paths'].get(path, {}).get(m)
            if m not in METHODS or g is None:
                continue
            ops[f'{m.upper()} {path}'] = diff(doc, g, op)
    with open(overlay_file, 'w', encoding='utf-8') as f:
        json.dump({'ids': ids, 'operations': ops}, f, ensure_ascii=False,
                  indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
