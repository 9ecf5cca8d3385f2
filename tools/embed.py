#!/usr/bin/env python3
"""Turns files into a C source with one table of (name, bytes, length).

Usage: embed.py OUT.c SYMBOL FILE...
The table is `const struct embedded_file SYMBOL[]`, ended by a NULL name;
each name is the file's base name.  See src/lib/embed.h.
"""
import os
import sys


def main():
    out, symbol, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    lines = ['#include "lib/embed.h"', ""]
    for i, path in enumerate(files):
        with open(path, "rb") as f:
            data = f.read()
        lines.append("static const unsigned char %s_%d[] = {" % (symbol, i))
        for j in range(0, len(data), 16):
            lines.append("  " + ",".join(str(b) for b in data[j:j + 16]) + ",")
        lines.append("  0};")
    lines.append("const struct embedded_file %s[] = {" % symbol)
    for i, path in enumerate(sorted(range(len(files)), key=lambda k: os.path.basename(files[k]))):
        name = os.path.basename(files[path])
        lines.append('  {"%s", %s_%d, %d},' % (name, symbol, path,
                                             os.path.getsize(files[path])))
    lines.append("  {0, 0, 0}};")
    with open(out, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
