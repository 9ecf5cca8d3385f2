-- 0010: PostgreSQL dialect of sqlite/migrations/0010 (sealed fields).
CREATE TABLE field_key_check (
	id BIGINT PRIMARY KEY CHECK (id = 1),
	check_hex TEXT NOT NULL,
	created_at BIGINT NOT NULL
);
CREATE TABLE person_keys (
	kind TEXT NOT NULL,
	record_id BIGINT NOT NULL,
	which TEXT NOT NULL,
	hash TEXT NOT NULL,
	PRIMARY KEY (kind, record_id, which)
);
CREATE INDEX person_keys_hash ON person_keys(kind, which, hash);
