-- 0017_audit_sealer: the audit chain off the row lock (issue 12).  A write no longer
-- locks audit_head: its transaction inserts the entry unsealed (pos,
-- prev_hash and hash NULL; seq from a sequence, so every entry has its
-- number at once), and the sealer of one app server (the holder of an
-- advisory lock, pg/sealer.c) chains and hashes unsealed entries in
-- batches, giving each its place in the chain (pos, 1, 2, ... without a
-- gap) in the order their transactions ended.  audit_head is then the
-- sealed head: seq there is the last pos.  Existing entries were chained
-- in seq order: their pos is their seq.
CREATE SEQUENCE audit_log_seq OWNED BY audit_log.seq;
SELECT setval('audit_log_seq', coalesce((SELECT max(seq) FROM audit_log), 0) + 1,
	false);
ALTER TABLE audit_log ALTER COLUMN seq SET DEFAULT nextval('audit_log_seq'),
	ALTER COLUMN prev_hash DROP NOT NULL,
	ALTER COLUMN hash DROP NOT NULL,
	ADD COLUMN pos BIGINT,
	-- the inserting transaction: the sealer never seals an entry younger
	-- than a writing transaction still in flight (ops_audit_seal)
	ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id();
UPDATE audit_log SET pos = seq;
-- one entry per place: two sealers could never fork the chain
CREATE UNIQUE INDEX audit_pos ON audit_log(pos);
-- what the sealer reads: the few entries not sealed yet
CREATE INDEX audit_unsealed ON audit_log(seq) WHERE pos IS NULL;
-- sealed entries carry their hashes, unsealed ones none
ALTER TABLE audit_log ADD CONSTRAINT audit_sealed_whole CHECK
	((pos IS NULL) = (hash IS NULL) AND (pos IS NULL) = (prev_hash IS NULL));
