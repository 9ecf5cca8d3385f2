-- 0017_audit_sealer: the audit chain's place of each entry (pos), which on PostgreSQL
-- the sealer gives after the write commits (issue 12, pg/sealer.c).  On
-- SQLite one writer at a time chains each entry in its own transaction,
-- so pos is always its seq (ops/auditlog.c writes both).
ALTER TABLE audit_log ADD COLUMN pos INTEGER;
UPDATE audit_log SET pos = seq;
CREATE UNIQUE INDEX audit_pos ON audit_log(pos);
