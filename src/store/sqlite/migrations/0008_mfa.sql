-- 0008: the second factor (issue 13, RFC 6238 TOTP).
-- mfa_factors: one per user; the secret only sealed (libsodium secretbox
-- under the [keys] field_key file, never in clear); confirmed_at NULL
-- while enrolment waits for the first code; last_step is the newest TOTP
-- step accepted, so no code is accepted twice.
-- mfa_recovery_codes: SHA-256 of each code, used_at once used.
-- sessions: mfa_pending = 1 between the password and the code (nothing
-- but the code is open); mfa_at the unix time of the session's newest
-- factor (0 none), for step-up.
CREATE TABLE mfa_factors (
	user_id INTEGER PRIMARY KEY REFERENCES users(id),
	secret_sealed TEXT NOT NULL, -- hex of nonce, MAC and sealed secret
	confirmed_at INTEGER,
	last_step INTEGER NOT NULL DEFAULT 0,
	created_at INTEGER NOT NULL
);
CREATE TABLE mfa_recovery_codes (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	code_hash BLOB NOT NULL,
	used_at INTEGER
);
CREATE INDEX mfa_recovery_codes_user ON mfa_recovery_codes(user_id);
ALTER TABLE sessions ADD COLUMN mfa_pending INTEGER NOT NULL DEFAULT 0
	CHECK (mfa_pending IN (0, 1));
ALTER TABLE sessions ADD COLUMN mfa_at INTEGER NOT NULL DEFAULT 0;
