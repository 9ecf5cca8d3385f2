#!/usr/bin/env python3
"""check_same.py COMMITTED GENERATED STAMP - fails the build when the
committed file differs from what the build generated from its sources
(docs/openapi.json from the record descriptors, the API's route table and
docs/openapi-overlay.json), naming the fix."""
import difflib
import sys

committed, generated, stamp = sys.argv[1:4]
with open(committed, encoding="utf-8") as f:
    a = f.read()
with open(generated, encoding="utf-8") as f:
    b = f.read()
if a != b:
    diff = difflib.unified_diff(a.splitlines(), b.splitlines(), committed,
                                generated, lineterm="", n=2)
    sys.stderr.write("\n".join(list(diff)[:60]) + "\n")
    sys.stderr.write(f"{committed} is not what the descriptors, the route "
                     "table and docs/openapi-overlay.json make: edit the "
                     "overlay (never the paths of the document), run "
                     "`ninja -C <build> openapi-update` and commit both.\n")
    sys.exit(1)
with open(stamp, "w", encoding="utf-8") as f:
    f.write("same\n")
