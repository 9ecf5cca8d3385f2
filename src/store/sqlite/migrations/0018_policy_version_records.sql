-- 0018_policy_version_records: the version of the directive's
-- rules in force when each document record was made (R-META-1), as
-- 0014_policy_versions did for applications, loans, designations,
-- screenshots, cases, photo approvals and photos: now also the meeting
-- (form 5), take-outs (detail 1), location checks (detail 6), service
-- applications (detail 9), security exceptions (detail 12) and breach
-- reports.  Earlier rows were made under the first version.  A new row
-- comes with 0 and the trigger sets the version in force: the server
-- derives it, whatever the INSERT says; a row copied with its version
-- (mamori migrate) keeps it.
ALTER TABLE meetings ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE meetings SET policy_version = 1;
CREATE TRIGGER meetings_policy_version AFTER INSERT ON meetings
WHEN NEW.policy_version = 0 BEGIN
	UPDATE meetings SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE takeouts ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE takeouts SET policy_version = 1;
CREATE TRIGGER takeouts_policy_version AFTER INSERT ON takeouts
WHEN NEW.policy_version = 0 BEGIN
	UPDATE takeouts SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE location_checks ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE location_checks SET policy_version = 1;
CREATE TRIGGER location_checks_policy_version AFTER INSERT ON location_checks
WHEN NEW.policy_version = 0 BEGIN
	UPDATE location_checks SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE service_applications ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE service_applications SET policy_version = 1;
CREATE TRIGGER service_applications_policy_version AFTER INSERT ON service_applications
WHEN NEW.policy_version = 0 BEGIN
	UPDATE service_applications SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE security_exceptions ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE security_exceptions SET policy_version = 1;
CREATE TRIGGER security_exceptions_policy_version AFTER INSERT ON security_exceptions
WHEN NEW.policy_version = 0 BEGIN
	UPDATE security_exceptions SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
ALTER TABLE breaches ADD COLUMN policy_version INTEGER NOT NULL DEFAULT 0;
UPDATE breaches SET policy_version = 1;
CREATE TRIGGER breaches_policy_version AFTER INSERT ON breaches
WHEN NEW.policy_version = 0 BEGIN
	UPDATE breaches SET policy_version = coalesce((SELECT version
		FROM policy_versions WHERE effective_from <= date('now', '+9 hours')
		ORDER BY effective_from DESC, version DESC LIMIT 1), 1)
	WHERE id = NEW.id;
END;
