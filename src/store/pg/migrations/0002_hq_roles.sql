-- 0002: the two HQ-level roles of the designations issue join:
-- 6 information-security manager and 7 head of the IT management
-- division, each held by one person prefecture-wide (R-SVC-2, R-CMP-6).
ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check;
ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check
	CHECK (role BETWEEN 1 AND 7);
DROP INDEX role_single_prefecture;
CREATE UNIQUE INDEX role_single_prefecture ON role_assignments(role)
	WHERE role IN (1, 6, 7) AND revoked_at IS NULL;
