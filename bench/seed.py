#!/usr/bin/env python3
"""bench/seed.py - grows a demo database (`mamori init --demo`) to the size
of issue 12's growth figures in minutes: users, closed loans (each with
its application) and audit entries, written straight into the tables of a
SQLite file or a PostgreSQL database (psql).  The audit entries are
chained and hashed as the store does (store/audit.c: SHA-256 over the tag,
the previous hash and the canonical encoding of every field), so
`mamori audit verify` passes afterwards.  Not a test; bench/run.sh --grow
uses it.

    bench/seed.py DB [--users N] [--loans N] [--audit N]

DB is a SQLite path or a postgresql:// URL.  The users get admin's
password hash (hashing 10,000 passwords is not what is measured); the
loans and applications copy a demo loan and its application, closed.
"""
import argparse
import hashlib
import struct
import subprocess
import sys
import time

TAG = b"mamori-audit-v1\0"


def enc_int(v):
    return struct.pack(">q", v)


def enc_str(s):
    b = s.encode("utf-8")
    return struct.pack(">I", len(b)) + b


def entry_hash(prev_hex, e):
    h = hashlib.sha256()
    h.update(TAG)
    h.update(bytes.fromhex(prev_hex))
    for kind, v in zip("iiisiisssis", e[:11]):
        h.update(enc_int(v) if kind == "i" else enc_str(v))
    return h.hexdigest()


class Db:
    """The few statements the seeding needs, on either engine."""

    def __init__(self, target):
        self.pg = target.startswith("postgres")
        self.target = target
        if not self.pg:
            import sqlite3
            self.conn = sqlite3.connect(target, isolation_level=None)
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("BEGIN IMMEDIATE")

    def rows(self, sql):
        if not self.pg:
            return [tuple(r) for r in self.conn.execute(sql)]
        out = subprocess.run(["psql", "-XAtq", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                              "-d", self.target, "-c", sql],
                             check=True, capture_output=True, text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def run(self, sql):
        if not self.pg:
            self.conn.execute(sql)
        else:
            subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d",
                            self.target, "-c", sql], check=True,
                           stdout=subprocess.DEVNULL)

    def columns(self, table):
        if not self.pg:
            return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
        return [r[0] for r in self.rows(
            "SELECT column_name FROM information_schema.columns WHERE "
            f"table_name = '{table}' ORDER BY ordinal_position")]

    def audit_rows(self, rows):
        if not self.pg:
            self.conn.executemany(
                "INSERT INTO audit_log (seq, at, actor_user_id, actor_login, role,"
                " unit_id, addr, action, object_type, object_id, detail,"
                " prev_hash, hash, pos) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            return
        text = "".join("\t".join(str(v) for v in r) + "\n" for r in rows)
        subprocess.run(["psql", "-XAtq", "-v", "ON_ERROR_STOP=1", "-d",
                        self.target, "-c",
                        "COPY audit_log (seq, at, actor_user_id, actor_login,"
                        " role, unit_id, addr, action, object_type, object_id,"
                        " detail, prev_hash, hash, pos) FROM STDIN"],
                       input=text, text=True, check=True,
                       stdout=subprocess.DEVNULL)

    def commit(self):
        if not self.pg:
            self.conn.execute("COMMIT")
            self.conn.close()


def series(n):
    return f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) "


def seed_users(db, n):
    # numbered on from an earlier seeding's (bench/run.sh seeds one page first)
    base = int(db.rows("SELECT count(*) FROM users WHERE login LIKE 'grow-%'")[0][0])
    db.run(series(n) +
           "INSERT INTO users (login, password_hash, name, name_kana, rank, sex,"
           " unit_id, created_at)"
           f" SELECT 'grow-' || ({base} + i), u.password_hash, '性能 試験' || i,"
           " 'せいのう しけん' || i, u.rank, u.sex,"
           " (SELECT id FROM units WHERE code = 'KITA'), u.created_at"
           " FROM n, users u WHERE u.login = 'admin'")


def copy_rows(db, table, template, n, base, override):
    """n copies of row template of table with ids base+1..base+n."""
    cols = db.columns(table)
    exprs = [f"{base} + i" if c == "id" else override.get(c, f"src.{c}") for c in cols]
    db.run(series(n) + f"INSERT INTO {table} ({', '.join(cols)}) SELECT "
           + ", ".join(exprs) + f" FROM n, {table} src WHERE src.id = {template}")


def seed_loans(db, n):
    loan, app = db.rows("SELECT id, application_id FROM loans ORDER BY id LIMIT 1")[0]
    app_base = int(db.rows("SELECT max(id) FROM borrow_applications")[0][0])
    loan_base = int(db.rows("SELECT max(id) FROM loans")[0][0])
    copy_rows(db, "borrow_applications", app, n, app_base, {"loan_id": "NULL"})
    copy_rows(db, "loans", loan, n, loan_base,
              {"application_id": f"{app_base} + i", "state": "4"})
    if db.pg:  # identity columns continue past the copies
        for t in ("borrow_applications", "loans"):
            db.run(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'),"
                   f" (SELECT max(id) FROM {t}))")


def seed_audit(db, n):
    # the sealed head: pos of its last entry (issue 12: on PostgreSQL an
    # entry's number, seq, is taken when it is written and its place in
    # the chain, pos, when the sealer chains it; on SQLite they are equal)
    pos, head = db.rows("SELECT seq, hash FROM audit_head WHERE id = 1")[0]
    pos = int(pos)
    pending = int(db.rows("SELECT count(*) FROM audit_log WHERE pos IS NULL")[0][0])
    if pending:
        sys.exit(f"seed: {pending} audit entries not sealed yet; start the server to seal them")
    seq = int(db.rows("SELECT coalesce(max(seq), 0) FROM audit_log")[0][0])
    last = db.rows("SELECT actor_user_id, actor_login, role, unit_id, addr"
                   " FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    actor, login, role, unit, addr = int(last[0]), last[1], int(last[2]), int(last[3]), last[4]
    now = int(time.time())
    batch = []
    for k in range(n):
        seq += 1
        pos += 1
        e = (seq, now, actor, login, role, unit, addr, "bench.seed", "unit",
             k + 1, "{}")
        h = entry_hash(head, e)
        batch.append(e + (head, h, pos))
        head = h
        if len(batch) == 50000:
            db.audit_rows(batch)
            batch = []
    if batch:
        db.audit_rows(batch)
    db.run(f"UPDATE audit_head SET seq = {pos}, hash = '{head}' WHERE id = 1")
    if db.pg:  # the entries written next are numbered past these
        db.run(f"SELECT setval('audit_log_seq', {seq})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--users", type=int, default=10000)
    ap.add_argument("--loans", type=int, default=100000)
    ap.add_argument("--audit", type=int, default=1000000)
    a = ap.parse_args()
    db = Db(a.db)
    for what, fn, n in (("users", seed_users, a.users), ("loans", seed_loans, a.loans),
                        ("audit entries", seed_audit, a.audit)):
        if n > 0:
            t0 = time.monotonic()
            fn(db, n)
            print(f"seed: {n} {what} in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    if db.pg:  # as autovacuum would soon: the planner sees the new size
        db.run("ANALYZE")
    db.commit()


if __name__ == "__main__":
    main()
