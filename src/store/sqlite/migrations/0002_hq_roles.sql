-- 0002: the two HQ-level roles of the designations issue join:
-- 6 information-security manager (情報セキュリティ管理者) and 7 head of the
-- IT management division (情報管理課長), each held by one person
-- prefecture-wide (R-SVC-2, R-CMP-6).  SQLite cannot change a CHECK
-- constraint in place, so the table is rebuilt (nothing references it).
CREATE TABLE role_assignments_new (
	id INTEGER PRIMARY KEY,
	user_id INTEGER NOT NULL REFERENCES users(id),
	role INTEGER NOT NULL CHECK (role BETWEEN 1 AND 7),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	since INTEGER NOT NULL,
	revoked_at INTEGER
) STRICT;
INSERT INTO role_assignments_new (id, user_id, role, unit_id, since, revoked_at)
	SELECT id, user_id, role, unit_id, since, revoked_at FROM role_assignments;
DROP TABLE role_assignments;
ALTER TABLE role_assignments_new RENAME TO role_assignments;
CREATE UNIQUE INDEX role_current ON role_assignments(user_id, role, unit_id)
	WHERE revoked_at IS NULL;
-- R-ROLE-1 and the two HQ roles: one holder prefecture-wide.
CREATE UNIQUE INDEX role_single_prefecture ON role_assignments(role)
	WHERE role IN (1, 6, 7) AND revoked_at IS NULL;
CREATE UNIQUE INDEX role_single_unit ON role_assignments(role, unit_id)
	WHERE role IN (2, 3) AND revoked_at IS NULL;
CREATE INDEX role_unit ON role_assignments(unit_id) WHERE revoked_at IS NULL;
