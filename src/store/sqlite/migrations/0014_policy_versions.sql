-- 0014_policy_versions: the versions of the
-- directive's rules (R-META-1).  body is the policy file as loaded (its
-- format: docs/policy.md), sha256 the hex of its hash; effective_from and
-- expires are 'YYYY-MM-DD' civil dates (Asia/Tokyo).  The in force
-- version on a day D is the one of the latest effective_from <= D (of
-- equal dates, the higher version).  loaded_by is NULL for the first
-- version, compiled in and stored when the database is opened.
CREATE TABLE policy_versions (
	version INTEGER PRIMARY KEY CHECK (version >= 1),
	policy_id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	expires TEXT NOT NULL,
	body TEXT NOT NULL,
	sha256 TEXT NOT NULL UNIQUE,
	loaded_at INTEGER NOT NULL,
	loaded_by INTEGER REFERENCES users(id)
) STRICT;

-- Each record whose rules depend on the policy keeps the version in force
-- when it was made (R-META-1).  Earlier rows were made under the first
-- version.  A new row comes with 0 and the trigger sets the version in
-- force: the server derives it, whatever the INSERT says; a row copied
-- with its version (mamori migrate) keeps it.
ALTER TABLE borrow_applications ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE borrow_applications SET policy_version = 1;
CREATE TRIGGER borrow_applications_policy_version AFTER INSERT ON borrow_applications
WHEN NEW.policy_version = 0 BEGIN
	UPDATE borrow_applications SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE loans ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE loans SET policy_version = 1;
CREATE TRIGGER loans_policy_version AFTER INSERT ON loans
WHEN NEW.policy_version = 0 BEGIN
	UPDATE loans SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE designations ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE designations SET policy_version = 1;
CREATE TRIGGER designations_policy_version AFTER INSERT ON designations
WHEN NEW.policy_version = 0 BEGIN
	UPDATE designations SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE screenshots ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE screenshots SET policy_version = 1;
CREATE TRIGGER screenshots_policy_version AFTER INSERT ON screenshots
WHEN NEW.policy_version = 0 BEGIN
	UPDATE screenshots SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE cases ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE cases SET policy_version = 1;
CREATE TRIGGER cases_policy_version AFTER INSERT ON cases
WHEN NEW.policy_version = 0 BEGIN
	UPDATE cases SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE photo_approvals ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE photo_approvals SET policy_version = 1;
CREATE TRIGGER photo_approvals_policy_version AFTER INSERT ON photo_approvals
WHEN NEW.policy_version = 0 BEGIN
	UPDATE photo_approvals SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE photos ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE photos SET policy_version = 1;
CREATE TRIGGER photos_policy_version AFTER INSERT ON photos
WHEN NEW.policy_version = 0 BEGIN
	UPDATE photos SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
