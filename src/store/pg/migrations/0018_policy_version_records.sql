-- 0018_policy_version_records: PostgreSQL dialect of sqlite/migrations/0018:
-- the version of the directive's
-- rules in force when each document record was made (R-META-1), as
-- 0014_policy_versions did for applications, loans, designations,
-- screenshots, cases, photo approvals and photos: now also the meeting
-- (form 5), take-outs (detail 1), location checks (detail 6), service
-- applications (detail 9), security exceptions (detail 12) and breach
-- reports.  Earlier rows were made under the first version.  A new row
-- comes with 0 and the trigger sets the version in force: the server
-- derives it, whatever the INSERT says; a row copied with its version
-- (mamori migrate) keeps it.
ALTER TABLE meetings ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE meetings SET policy_version = 1;
CREATE TRIGGER meetings_policy_version BEFORE INSERT ON meetings
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE takeouts ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE takeouts SET policy_version = 1;
CREATE TRIGGER takeouts_policy_version BEFORE INSERT ON takeouts
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE location_checks ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE location_checks SET policy_version = 1;
CREATE TRIGGER location_checks_policy_version BEFORE INSERT ON location_checks
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE service_applications ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE service_applications SET policy_version = 1;
CREATE TRIGGER service_applications_policy_version BEFORE INSERT ON service_applications
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE security_exceptions ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE security_exceptions SET policy_version = 1;
CREATE TRIGGER security_exceptions_policy_version BEFORE INSERT ON security_exceptions
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
ALTER TABLE breaches ADD COLUMN policy_version BIGINT NOT NULL DEFAULT 0;
UPDATE breaches SET policy_version = 1;
CREATE TRIGGER breaches_policy_version BEFORE INSERT ON breaches
	FOR EACH ROW EXECUTE FUNCTION policy_version_in_force();
