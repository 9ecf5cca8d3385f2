#!/usr/bin/env python3
"""
cycles.py - file-level dependency cycles of src/ (issue 8).

A .c file depends on another when it uses a symbol the other defines
(read with nm from the objects of a built tree: calls of non-static
functions and uses of non-static data).  Prints each group of files that
depend on each other in a circle, with the symbols that close it, and
exits 1 when there is one.  Then, as notes, the pairs of modules (x.c
with x.h) that include each other's header: harmless when it is only for
types (app/app.h is both the context's and the dispatcher's header, so
the dispatcher shows up there).  Not a test: a few known cycles are left
(HACKING.md, "Layers").

Usage: tools/layers/cycles.py [BUILD_DIR]   (default: build)
"""
import collections
import json
import os
import re
import subprocess
import sys

build = os.path.realpath(sys.argv[1] if len(sys.argv) > 1 else 'build')
src = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.realpath(__file__)))), 'src')

objects = {}
with open(os.path.join(build, 'compile_commands.json')) as f:
    for e in json.load(f):
        path = os.path.normpath(os.path.join(e['directory'], e['file']))
        if path.startswith(src + os.sep):
            objects.setdefault(os.path.relpath(path, src),
                               os.path.join(e['directory'], e['output']))

defined, used = {}, collections.defaultdict(set)
for c, o in objects.items():
    nm = subprocess.run(['nm', o], capture_output=True, text=True, check=True)
    for line in nm.stdout.splitlines():
        p = line.split()
        if len(p) == 3 and p[1] in 'TDBR':
            defined[p[2]] = c
        elif len(p) == 2 and p[0] == 'U':
            used[c].add(p[1])

edges = collections.defaultdict(lambda: collections.defaultdict(set))
for c, syms in used.items():
    for s in syms:
        if defined.get(s, c) != c:
            edges[c][defined[s]].add(s)

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)
includes = collections.defaultdict(set)  # module -> modules whose .h it uses
for dirpath, _, files in os.walk(src):
    for f in files:
        if not f.endswith(('.c', '.h')):
            continue
        path = os.path.join(dirpath, f)
        mod = os.path.relpath(path, src)[:-2]
        with open(path, encoding='utf-8') as fh:
            text = fh.read()
        for inc in INCLUDE.findall(text):
            for cand in (os.path.join(dirpath, inc), os.path.join(src, inc)):
                cand = os.path.normpath(cand)
                if os.path.exists(cand):
                    other = os.path.relpath(cand, src)[:-2]
                    if other != mod:
                        includes[mod].add(other)
                    break

# Tarjan's strongly connected components
index, low, stack, on, groups = {}, {}, [], set(), []
sys.setrecursionlimit(10000)


def visit(v):
    index[v] = low[v] = len(index)
    stack.append(v)
    on.add(v)
    for w in edges[v]:
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        if len(group) > 1:
            groups.append(sorted(group))


for v in sorted(objects):
    if v not in index:
        visit(v)
for group in groups:
    print('cycle: ' + ' '.join(group))
    for a in group:
        for b in group:
            if b in edges[a]:
                why = ', '.join(sorted(edges[a][b]))
                print('    %s -> %s: %s' % (a, b, why[:160]))
for a in sorted(includes):
    for b in sorted(includes[a]):
        if a < b and a in includes.get(b, ()):
            print('note: %s and %s include each other\'s header' % (a, b))
print('%d cycle(s)' % len(groups))
sys.exit(1 if groups else 0)
