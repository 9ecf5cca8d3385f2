-- 0001: the first schema.
-- STRICT tables, so a value of the wrong type is refused at write time
-- (the audit verifier must still cope with anything it reads).

CREATE TABLE units (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL UNIQUE,
	password_hash TEXT NOT NULL,
	name TEXT NOT NULL,
	name_kana TEXT NOT NULL,
	rank INTEGER NOT NULL,
	sex INTEGER NOT NULL,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX users_unit ON users(unit_id, name_kana);

-- A role held by a user in a unit; revoked_at ends it (rows are kept).
CREATE TABLE role_assignments (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 5),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	since INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;
-- No duplicate current assignment.
CREATE UNIQUE INDEX role_current ON role_assignments(user_id, role, unit_id)
	WHERE revoked_at IS NULL;
-- R-ROLE-1: one general manager prefecture-wide.
CREATE UNIQUE INDEX role_single_prefecture ON role_assignments(role)
	WHERE role = 1 AND revoked_at IS NULL;
-- R-ROLE-2, R-ROLE-3: one manager and one assistant per unit.
CREATE UNIQUE INDEX role_single_unit ON role_assignments(role, unit_id)
	WHERE role IN (2, 3) AND revoked_at IS NULL;
CREATE INDEX role_unit ON role_assignments(unit_id) WHERE revoked_at IS NULL;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	created_at INTEGER NOT NULL,
	last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY,
	token_hash BLOB NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users(id),
	label TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE login_failures (
	id INTEGER PRIMARY KEY,
	login TEXT NOT NULL,
	addr TEXT NOT NULL,
	at INTEGER NOT NULL
) STRICT;
CREATE INDEX login_failures_login ON login_failures(login, at);
CREATE INDEX login_failures_addr ON login_failures(addr, at);

-- The hash chain (store/audit.h): hash = SHA-256 over prev_hash and the
-- canonical encoding of the other fields.
CREATE TABLE audit_log (
	seq INTEGER PRIMARY KEY,
	at INTEGER NOT NULL,
	actor_user_id INTEGER NOT NULL,
	actor_login TEXT NOT NULL,
	role INTEGER NOT NULL,
	unit_id INTEGER NOT NULL,
	addr TEXT NOT NULL,
	action TEXT NOT NULL,
	object_type TEXT NOT NULL,
	object_id INTEGER NOT NULL,
	detail TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_unit ON audit_log(unit_id, seq);

-- The last entry, updated in the same transaction: a cut tail no longer
-- matches it.
CREATE TABLE audit_head (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	seq INTEGER NOT NULL,
	hash TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0,
	'0000000000000000000000000000000000000000000000000000000000000000');
