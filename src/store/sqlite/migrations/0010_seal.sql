-- 0010: sealed fields (issue 9).
-- field_key_check: one row, written the first time a field key is bound
-- to this database (store_set_field_key): a keyed hash of a constant
-- (core/seal.h seal_key_check), so a start with a missing or another key
-- is refused instead of sealing new rows under a key that opens no old one.
-- person_keys: keyed hashes (core/person.h) of the normalised name, kana
-- reading and birth date of the person a record is about, so earlier
-- records of the same person are found by hash lookup only, never by
-- opening every sealed row.  which: "name", "kana", "birth",
-- "name_birth", "kana_birth"; hash: 64 lower-case hex.
CREATE TABLE field_key_check (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	check_hex TEXT NOT NULL,
	created_at INTEGER NOT NULL
);
CREATE TABLE person_keys (
	kind TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	which TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (kind, record_id, which)
);
CREATE INDEX person_keys_hash ON person_keys(kind, which, hash);
