#!/usr/bin/env python3
"""drift.py [--self-test] MAMORI CONFIG_C MAMORI_1_SCD MAMORI_INI_5_SCD

The man pages must not drift from the program (issue 15): every command
that `mamori --help` lists must have an entry in mamori(1) (a line of its
COMMANDS section starting with *name*), and every setting of the
configuration table in src/lib/config.c ({"section", "key", OPT_...}) an
entry *key* = under the heading "# [section]" of mamori.ini(5).  Prints
each missing one and exits 1; exits 0 when nothing is missing.  --self-test drops one command
and one setting from copies of the pages and expects exactly those two
reported.
"""
import re
import subprocess
import sys


def help_commands(mamori):
    out = subprocess.run([mamori, "--help"], check=True, capture_output=True,
                         text=True).stdout
    names, inside = [], False
    for line in out.splitlines():
        if line.strip() == "commands:":
            inside = True
            continue
        if inside:
            m = re.match(r"^  ([a-z][a-z-]*)\s", line)
            if m:
                names.append(m.group(1))
            elif line.strip() == "":
                if names:
                    break
    return names


def config_settings(path):
    text = open(path, encoding="utf-8").read()
    return re.findall(r'\{\s*"([a-z_]+)"\s*,\s*"([a-z_]+)"\s*,\s*OPT_', text)


def sections(scd):
    """heading -> the lines under it (scdoc '# HEADING')."""
    out, cur = {}, None
    for line in open(scd, encoding="utf-8").read().splitlines():
        if line.startswith("# "):
            cur = line[2:].strip()
            out[cur] = []
        elif cur is not None:
            out[cur].append(line)
    return out


def check(mamori, config_c, man1, man5):
    """The list of what is missing (empty when nothing is)."""
    missing = []
    cmds = help_commands(mamori)
    if not cmds:
        missing.append("no command found in `mamori --help` (format changed?)")
    page1 = sections(man1).get("COMMANDS", [])
    for c in cmds:
        if not any(line.startswith("*%s*" % c) for line in page1):
            missing.append("mamori(1) COMMANDS lacks the command '%s'" % c)
    settings = config_settings(config_c)
    if len(settings) < 10:
        missing.append("only %d settings found in %s (format changed?)"
                       % (len(settings), config_c))
    page5 = sections(man5)
    for sec, key in settings:
        lines = page5.get("[%s]" % sec)
        if lines is None:
            missing.append("mamori.ini(5) lacks the section '# [%s]'" % sec)
        elif not any(line.startswith("*%s* =" % key) for line in lines):
            missing.append("mamori.ini(5) [%s] lacks the setting '%s'"
                           % (sec, key))
    print("man drift: %d commands, %d settings checked"
          % (len(cmds), len(settings)))
    return missing


def self_test(mamori, config_c, man1, man5):
    """The check itself catches a dropped command and a dropped setting."""
    import os
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        p1, p5 = os.path.join(tmp, "m.1.scd"), os.path.join(tmp, "m.5.scd")
        with open(p1, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^\*backup\*.*$", "", open(man1, encoding="utf-8").read()))
        with open(p5, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^\*tls\* =.*$", "", open(man5, encoding="utf-8").read()))
        got = check(mamori, config_c, p1, p5)
    want = ["mamori(1) COMMANDS lacks the command 'backup'",
            "mamori.ini(5) [server] lacks the setting 'tls'"]
    if got != want:
        print("man drift self-test: expected %r, got %r" % (want, got))
        return 1
    print("man drift self-test: a dropped command and setting are caught")
    return 0


def main():
    args = sys.argv[1:]
    if args and args[0] == "--self-test":
        return self_test(*args[1:5])
    missing = check(*args[0:4])
    for m in missing:
        print("man drift: " + m)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
