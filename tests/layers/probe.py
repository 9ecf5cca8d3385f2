#!/usr/bin/env python3
"""
probe.py - proves that the layers of HACKING.md ("Layers") are enforced
by the compiler (issue 8).

Each configuration below is the way the build compiles one library,
program or kind of unit test: its exact compiler command is read from
compile_commands.json (the compiler meson found, every flag, include
directory and -DMM_SEES_*), and the probe files are compiled with it.

  1. Probes: tiny files in a layer's own folder that include one header.
     A wrong-way include must FAIL, refused by the "layer:" #error of the
     header included (so an unrelated error does not count); an allowed
     one must compile (-fsyntax-only, -Werror as the build), so the probe
     can fail.  Includes are spelt both ways: "core/x.h" through the
     include path and "../core/x.h" relative to the including file (the
     probe sits in a copy of the layer's folder beside the real ones).
  2. Every header: from every configuration, all headers of each group
     are preprocessed together.  Where the group is not visible, every
     one of its headers must #error by itself (a header without its
     guard is named); where it is visible, none may.
  3. Nothing under src/, tests/ or tools/ defines MM_SEES_* itself, and
     every folder of src/ belongs to a layer.

Usage: probe.py BUILD_DIR SOURCE_DIR.  Exit status 0 when all holds.
"""
import concurrent.futures
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

BUILD, SOURCE = (os.path.realpath(a) for a in sys.argv[1:3])
SRC = os.path.join(SOURCE, 'src')
NO_DB_DIR = os.path.join(SOURCE, 'tools', 'layers', 'no_db')
NO_DB = 'no_db'  # <sqlite3.h> and <libpq-fe.h>
FOLDERS = ['lib', 'core', 'store', 'http', 'pdf', 'app', 'web', 'api', 'cli']

LOW = {'lib', 'core', 'store', 'http', 'pdf'}
FRONT = LOW | {'app'}
ALL_FRONT = FRONT | {'web', 'api', 'cli'}
STORE_SIDE = {'lib', 'core', 'store', 'store_internals', NO_DB}

# name: (an object of it in compile_commands.json, its folder, what it sees)
CONFIGS = {
    'lib': (r'^libmm_lib\.a\.p/', 'lib', {'lib'}),
    'core': (r'^libmm_core\.a\.p/', 'core', {'lib', 'core'}),
    'store': (r'^libmm_store\.a\.p/', 'store', STORE_SIDE),
    'http': (r'^libmm_http\.a\.p/', 'http', {'lib', 'http'}),
    'pdf': (r'^libmm_pdf\.a\.p/', 'pdf', {'lib', 'pdf'}),
    'app': (r'^libmm_app\.a\.p/', 'app', FRONT),
    'web': (r'^libmm_web\.a\.p/', 'web', FRONT | {'web'}),
    'api': (r'^libmm_api\.a\.p/', 'api', FRONT | {'api'}),
    'cli': (r'^libmm_cli\.a\.p/', 'cli', FRONT | {'cli'}),
    'dispatch': (r'^libmm_dispatch\.a\.p/', 'app', FRONT | {'web', 'api'}),
    'main': (r'^mamori\.p/', None, ALL_FRONT),
    'lib tests': (r'(^|/)test_lib_[^/]*\.p/', 'lib', {'lib'}),
    'core tests': (r'(^|/)test_core_[^/]*\.p/', 'core', {'lib', 'core'}),
    'store tests': (r'(^|/)test_store_[^/]*\.p/', 'store', STORE_SIDE),
    'http tests': (r'(^|/)test_http_[^/]*\.p/', 'http', {'lib', 'http'}),
    'front tests': (r'(^|/)test_front_[^/]*\.p/', 'app', ALL_FRONT | {NO_DB}),
}

# (configuration, the include line's argument, the group refusing it or
# None when it must compile)
PROBES = [
    # the examples of issue 8, both spellings
    ('core', '"web/web.h"', 'web'),
    ('core', '"../web/web.h"', 'web'),
    ('store', '"http/request.h"', 'http'),
    ('store', '"../http/request.h"', 'http'),
    ('core', '"store/store.h"', 'store'),
    ('core', '"../store/store.h"', 'store'),
    # the rest of the layers
    ('lib', '"../core/types.h"', 'core'),
    ('lib', '"http/request.h"', 'http'),
    ('core', '"../http/request.h"', 'http'),
    ('http', '"core/types.h"', 'core'),
    ('http', '"../app/app.h"', 'app'),
    ('store', '"../app/app.h"', 'app'),
    ('pdf', '"core/types.h"', 'core'),
    ('pdf', '"../http/request.h"', 'http'),
    ('core', '"../pdf/pdf.h"', 'pdf'),
    ('store', '"pdf/pdf.h"', 'pdf'),
    ('http', '"../pdf/pdf.h"', 'pdf'),
    ('app', '"web/web.h"', 'web'),
    ('app', '"../api/api.h"', 'api'),
    ('app', '"../cli/cli.h"', 'cli'),
    ('web', '"../api/api.h"', 'api'),
    ('api', '"web/web.h"', 'web'),
    ('cli', '"../web/web.h"', 'web'),
    ('dispatch', '"../cli/cli.h"', 'cli'),
    # the store's internals and the database headers
    ('app', '"../store/db.h"', 'store_internals'),
    ('web', '"store/sqlite/sq.h"', 'store_internals'),
    ('main', '"store/ops/ops.h"', 'store_internals'),
    ('app', '<sqlite3.h>', NO_DB),
    ('web', '<libpq-fe.h>', NO_DB),
    ('core', '<sqlite3.h>', NO_DB),
    ('http', '<libpq-fe.h>', NO_DB),
    ('main', '<sqlite3.h>', NO_DB),
    # unit tests see what their layer sees
    ('core tests', '"web/web.h"', 'web'),
    ('core tests', '"../store/store.h"', 'store'),
    ('http tests', '"core/types.h"', 'core'),
    ('lib tests', '"../http/request.h"', 'http'),
    ('store tests', '"../http/request.h"', 'http'),
    # allowed: these must compile
    ('lib', '"lib/buf.h"', None),
    ('core', '"../lib/buf.h"', None),
    ('core', '"core/authz.h"', None),
    ('store', '"../core/types.h"', None),
    ('store', '"sqlite/sq.h"', None),
    ('store', '<sqlite3.h>', None),
    ('store', '<libpq-fe.h>', None),
    ('http', '"../lib/err.h"', None),
    ('app', '"../store/store_devices.h"', None),
    ('app', '"http/request.h"', None),
    ('app', '"../pdf/pdf.h"', None),
    ('pdf', '"../lib/buf.h"', None),
    ('web', '"../app/app.h"', None),
    ('api', '"../app/route.h"', None),
    ('dispatch', '"../web/web.h"', None),
    ('dispatch', '"api/api.h"', None),
    ('main', '"cli/cli.h"', None),
    ('core tests', '"core/authz.h"', None),
    ('store tests', '"store/sqlite/migrate.h"', None),
    ('front tests', '<libpq-fe.h>', None),
]

MARK = re.compile(r'^(.+?):\d+:\d+: (?:fatal )?error: (?:#error )?"?layer: ',
                  re.M)


def group_of(rel):
    """The group of a header, by its path under src/ (as its guard)."""
    top, _, rest = rel.partition('/')
    if top == 'store':
        if '/' not in rest and (rest == 'store.h' or rest.startswith('store_')):
            return 'store'
        return 'store_internals'
    return top


def headers():
    """group -> sorted real paths of its headers."""
    out = {}
    for dirpath, _, files in os.walk(SRC):
        for f in files:
            if f.endswith('.h'):
                p = os.path.join(dirpath, f)
                out.setdefault(group_of(os.path.relpath(p, SRC)), []).append(p)
    for g in out:
        # banned.h poisons names other headers may use: it goes last
        out[g].sort(key=lambda p: (p.endswith('/banned.h'), p))
    out[NO_DB] = [os.path.join(NO_DB_DIR, h) for h in ('libpq-fe.h', 'sqlite3.h')]
    return out


def commands():
    """configuration -> (argv without mode, output and source; cwd)."""
    with open(os.path.join(BUILD, 'compile_commands.json')) as f:
        entries = json.load(f)
    out = {}
    for name, (pattern, _, _) in CONFIGS.items():
        e = next((e for e in entries if re.search(pattern, e['output'])), None)
        if e is None:
            sys.exit('probe: no object of %s in compile_commands.json' % name)
        argv, skip = [], 0
        for a in shlex.split(e['command']):
            if skip:
                skip -= 1
            elif a in ('-MQ', '-MF', '-o', '-c'):
                skip = 1
            elif a == '-MD' or a.startswith('-fdiagnostics-color'):
                pass
            else:
                argv.append(a)
        out[name] = (argv + ['-fdiagnostics-color=never'], e['directory'])
    return out


def run(cmd, cwd, mode, path):
    p = subprocess.run(cmd + [mode, path] + (['-o', os.devnull]
                                             if mode == '-E' else []),
                       cwd=cwd, capture_output=True, text=True)
    marked = {os.path.realpath(os.path.join(cwd, f))
              for f in MARK.findall(p.stderr)}
    return p.returncode, marked, p.stderr


def included_file(spelt, folder_dir):
    """The real path the probe's include names."""
    name = spelt[1:-1]
    if spelt.startswith('<'):
        return os.path.join(NO_DB_DIR, name)
    here = os.path.normpath(os.path.join(os.path.join(SRC, folder_dir), name))
    return here if os.path.exists(here) else os.path.join(SRC, name)


def mirror(tmp, i, folder):
    """A copy of src/ made of links, with folder a real directory of
    links (so the probe can sit in it): returns that directory."""
    top = os.path.join(tmp, 'p%d' % i, 'src')
    os.makedirs(top)
    for d in os.listdir(SRC):
        if d != folder:
            os.symlink(os.path.join(SRC, d), os.path.join(top, d))
    if folder == '.':
        return top
    os.mkdir(os.path.join(top, folder))
    for e in os.listdir(os.path.join(SRC, folder)):
        os.symlink(os.path.join(SRC, folder, e), os.path.join(top, folder, e))
    return os.path.join(top, folder)


def probe(tmp, cmds, i, case):
    name, spelt, refused_by = case
    cmd, cwd = cmds[name]
    folder = CONFIGS[name][1] or '.'
    path = os.path.join(mirror(tmp, i, folder), 'probe.c')
    with open(path, 'w') as f:
        f.write('/* %s: #include %s */\n#include %s\n'
                'typedef int probe_not_empty;\n' % (name, spelt, spelt))
    rc, marked, err = run(cmd, cwd, '-fsyntax-only', path)
    want = os.path.realpath(included_file(spelt, folder))
    what = '%-11s #include %-28s' % (name, spelt)
    if refused_by is None:
        ok = rc == 0
        return ok, '%s %s' % (what, 'compiles' if ok else
                              'FAILS TO COMPILE, but must:\n' + err)
    ok = rc != 0 and want in marked
    return ok, '%s %s' % (what, 'refused by its layer guard' if ok else
                          'NOT refused by the layer guard of %s:\n%s'
                          % (os.path.relpath(want, SOURCE), err))


def every_header(tmp, cmds, heads, i, name, group):
    def spelt(h):  # the database headers through the include path
        return '<%s>' % os.path.basename(h) if group == NO_DB else '"%s"' % h

    def preprocess(hs, n):
        path = os.path.join(tmp, 'every_%d_%d.c' % (i, n))
        with open(path, 'w') as f:
            f.write(''.join('#include %s\n' % spelt(h) for h in hs))
        return run(cmd, cwd, '-E', path)

    cmd, cwd = cmds[name]
    rc, marked, err = preprocess(heads[group], 0)
    what = '%-11s every %s header' % (name, group)
    if group in CONFIGS[name][2]:
        ok = rc == 0
        return ok, '%s: %s' % (what, 'seen' if ok else
                               'must be seen, but:\n' + err)
    # a header not found (<libpq-fe.h> without its path) stops the run:
    # the headers after it are tried one by one
    for n, h in enumerate(heads[group], 1):
        if os.path.realpath(h) not in marked:
            marked |= preprocess([h], n)[1]
    missing = [os.path.relpath(h, SOURCE) for h in heads[group]
               if os.path.realpath(h) not in marked]
    ok = rc != 0 and not missing
    return ok, '%s: %s' % (what, 'each refused' if ok else
                           'not refused by their layer guard: ' +
                           ', '.join(missing))


def source_rules():
    bad = []
    define = re.compile(r'^\s*#\s*(define|undef)\s+MM_SEES_', re.M)
    for top in ('src', 'tests', 'tools'):
        for dirpath, _, files in os.walk(os.path.join(SOURCE, top)):
            for f in files:
                if f.endswith(('.c', '.h')):
                    p = os.path.join(dirpath, f)
                    with open(p, encoding='utf-8', errors='replace') as fh:
                        if define.search(fh.read()):
                            bad.append('%s defines MM_SEES_ itself' %
                                       os.path.relpath(p, SOURCE))
    for d in sorted(os.listdir(SRC)):
        if os.path.isdir(os.path.join(SRC, d)) and d not in FOLDERS:
            bad.append('src/%s/ belongs to no layer: add it to meson.build, '
                       'HACKING.md and this probe' % d)
    return bad


def main():
    cmds = commands()
    heads = headers()
    bad = source_rules()
    with tempfile.TemporaryDirectory(prefix='mm-layers-') as tmp:
        jobs = []
        with concurrent.futures.ThreadPoolExecutor(
                max_workers=min(4, os.cpu_count() or 1)) as pool:
            for i, case in enumerate(PROBES):
                jobs.append(pool.submit(probe, tmp, cmds, i, case))
            i = 0
            for name in CONFIGS:
                for group in sorted(heads):
                    jobs.append(pool.submit(every_header, tmp, cmds, heads,
                                            i, name, group))
                    i += 1
            results = [j.result() for j in jobs]
    for ok, line in results:
        print(('ok     ' if ok else 'FAILED ') + line)
    for line in bad:
        print('FAILED ' + line)
    failed = sum(1 for ok, _ in results if not ok) + len(bad)
    print('%d checks, %d failed' % (len(results) + len(bad), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
