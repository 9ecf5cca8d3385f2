-- 0014_policy_versions: PostgreSQL dialect of sqlite/migrations/0014: the versions of the
-- directive's rules (R-META-1).  body is the policy file as loaded (its
-- format: docs/policy.md), sha256 the hex of its hash; effective_from and
-- expires are 'YYYY-MM-DD' civil dates (Asia/Tokyo).  The in force
-- version on a day D is the one of the latest effective_from <= D (of
-- equal dates, the higher version).  loaded_by is NULL for the first
-- version, compiled in and stored when the database is opened.
CREATE TABLE policy_versions (
	version BIGINT PRIMARY KEY CHECK (version >= 1),
	policy_id TEXT NOT NULL UNIQUE,
	number TEXT NOT NULL,
	effective_from TEXT NOT NULL,
	expires TEXT NOT NULL,
	body TEXT NOT NULL,
	sha256 TEXT NOT NULL UNIQUE,
	loaded_at BIGINT NOT NULL,
	loaded_by BIGINT REFERENCES users(id)
);

-- Each record whose rules depend on the policy keeps the version in force
-- when it was made (R-META-1).  Earlier rows were made under the first
-- version.  A new row comes with 0 and the trigger sets the version in
-- force: the server derives it, whatever the INSERT says; a row copied
-- with its version (mamori migrate) keeps it.
CREATE FUNCTION policy_version_in_force() RETURNS TRIGGER AS $$
BEGIN
	IF NEW.policy_version = 0 THEN
		NEW.policy_version := coalesce((SELECT version FROM policy_versions
			WHERE effective_from <=
				to_char(now() AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD')
			ORDER BY effective_from DESC, version DESC LIMIT 1), 1);
	END IF;
	RETURN NEW;
END;
$$ LANGUAGE plpgsql;
ALTER TABLE borrow_applications ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE borrow_applications SET policy_version = 1;
CREATE TRIGGER borrow_applications_policy_version BEFORE INSERT ON borrow_applications
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE loans ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE loans SET policy_version = 1;
CREATE TRIGGER loans_policy_version BEFORE INSERT ON loans
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE designations ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE designations SET policy_version = 1;
CREATE TRIGGER designations_policy_version BEFORE INSERT ON designations
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE screenshots ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE screenshots SET policy_version = 1;
CREATE TRIGGER screenshots_policy_version BEFORE INSERT ON screenshots
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE cases ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE cases SET policy_version = 1;
CREATE TRIGGER cases_policy_version BEFORE INSERT ON cases
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE photo_approvals ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE photo_approvals SET policy_version = 1;
CREATE TRIGGER photo_approvals_policy_version BEFORE INSERT ON photo_approvals
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE photos ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE photos SET policy_version = 1;
CREATE TRIGGER photos_policy_version BEFORE INSERT ON photos
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
