-- 0007: PostgreSQL dialect of sqlite/migrations/0007.
-- A password the administrator set must be changed at the next login;
-- API tokens expire and record when they were last used.  Tokens from
-- before get the default lifetime (90 days) from their creation.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
	CHECK (must_change_password IN (0, 1));
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_tokens ADD COLUMN last_used_at BIGINT;
UPDATE api_tokens SET expires_at = created_at + 90 * 86400;
