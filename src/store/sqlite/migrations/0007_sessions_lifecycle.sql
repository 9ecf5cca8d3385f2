-- 0007: sessions, tokens and passwords with a lifecycle (issue 13).
-- A password the administrator set must be changed at the next login
-- (must_change_password = 1 until the user has chosen their own).
-- API tokens expire (expires_at, unix seconds) and record when they were
-- last used (last_used_at, NULL: never).  Tokens from before had no
-- expiry: they get the default lifetime (90 days) from their creation.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));
ALTER TABLE api_tokens ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN last_used_at INTEGER;
UPDATE api_tokens SET expires_at = created_at + 90 * 86400;
