-- 0003: device lending and custody (R-DEV-1..9).  States are the values
-- of the core enums (core/device.h, loan.h, application.h, takeout.h);
-- civil dates are ISO text "YYYY-MM-DD" ('' where not yet known); user
-- ids are NULL for the system or the command line.

-- HQ's device registry.  Which unit holds a device is its open loan's.
CREATE TABLE devices (
	id INTEGER PRIMARY KEY,
	model TEXT NOT NULL,
	phone TEXT NOT NULL,
	serial TEXT NOT NULL UNIQUE CHECK (serial <> ''),
	contract_ref TEXT NOT NULL,
	remarks TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	version INTEGER NOT NULL DEFAULT 1,
	created_at INTEGER NOT NULL
) STRICT;

-- Borrowing applications, form 3 (R-DEV-2); kind 2 extends loan_id (R-DEV-8).
CREATE TABLE borrow_applications (
	id INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	loan_id INTEGER REFERENCES loans(id),
	device_id INTEGER REFERENCES devices(id),
	consulted_on TEXT NOT NULL CHECK (length(consulted_on) = 10),
	consulted_with TEXT NOT NULL,
	consultation TEXT NOT NULL,
	start_on TEXT NOT NULL,
	due_on TEXT NOT NULL CHECK (length(due_on) = 10),
	purpose TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	applicant_id INTEGER REFERENCES users(id),
	applied_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	decision_reason TEXT NOT NULL DEFAULT '',
	exception_reason TEXT NOT NULL DEFAULT '',
	policy_id TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK ((kind = 2) = (loan_id IS NOT NULL))
) STRICT;
CREATE INDEX borrow_applications_unit ON borrow_applications(unit_id, id);

-- The lending register, form 2 (R-DEV-3, R-DEV-4, R-DEV-9).
CREATE TABLE loans (
	id INTEGER PRIMARY KEY,
	device_id INTEGER NOT NULL REFERENCES devices(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	application_id INTEGER NOT NULL UNIQUE REFERENCES borrow_applications(id),
	start_on TEXT NOT NULL CHECK (length(start_on) = 10),
	due_on TEXT NOT NULL CHECK (length(due_on) = 10),
	original_due_on TEXT NOT NULL CHECK (length(original_due_on) = 10),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 4),
	lent_by INTEGER REFERENCES users(id),
	lent_at INTEGER NOT NULL,
	received_by INTEGER REFERENCES users(id),
	received_at INTEGER NOT NULL DEFAULT 0,
	trained_on TEXT NOT NULL DEFAULT '',
	trainer TEXT NOT NULL DEFAULT '',
	topics TEXT NOT NULL DEFAULT '',
	returned_by INTEGER REFERENCES users(id),
	returned_at INTEGER NOT NULL DEFAULT 0,
	apps_uninstalled INTEGER NOT NULL DEFAULT 0 CHECK (apps_uninstalled IN (0, 1)),
	device_restored INTEGER NOT NULL DEFAULT 0 CHECK (device_restored IN (0, 1)),
	accessories_present INTEGER NOT NULL DEFAULT 0
		CHECK (accessories_present IN (0, 1)),
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER NOT NULL DEFAULT 0,
	anomaly INTEGER NOT NULL DEFAULT 0 CHECK (anomaly IN (0, 1)),
	anomaly_text TEXT NOT NULL DEFAULT '',
	policy_id TEXT NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
-- R-DEV-3: a device is on at most one loan that is not closed.
CREATE UNIQUE INDEX loans_open_device ON loans(device_id) WHERE state <> 4;
CREATE INDEX loans_unit ON loans(unit_id, id);

-- The SNS accounts of a return checklist (R-DEV-9), in the order given.
CREATE TABLE loan_checklist_accounts (
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	idx INTEGER NOT NULL CHECK (idx >= 0),
	service TEXT NOT NULL,
	account TEXT NOT NULL,
	deleted INTEGER NOT NULL CHECK (deleted IN (0, 1)),
	PRIMARY KEY (loan_id, idx)
) STRICT;

-- Monthly location checks, detail form 6 (R-DEV-5).
CREATE TABLE location_checks (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	checked_on TEXT NOT NULL CHECK (length(checked_on) = 10),
	in_cabinet INTEGER NOT NULL CHECK (in_cabinet IN (0, 1)),
	remarks TEXT NOT NULL,
	checked_by INTEGER REFERENCES users(id),
	recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX location_checks_loan ON location_checks(loan_id, checked_on);

-- Take-outs, detail form 1 (R-DEV-7).
CREATE TABLE takeouts (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	officer_id INTEGER REFERENCES users(id),
	out_at INTEGER NOT NULL,
	expected_back INTEGER NOT NULL CHECK (expected_back > out_at),
	destination TEXT NOT NULL,
	reason TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 5),
	requested_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	decision_reason TEXT NOT NULL DEFAULT '',
	returned_at INTEGER NOT NULL DEFAULT 0,
	no_loss_or_damage INTEGER NOT NULL DEFAULT 0
		CHECK (no_loss_or_damage IN (0, 1)),
	incident TEXT NOT NULL DEFAULT '',
	results TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX takeouts_unit ON takeouts(unit_id, id);
CREATE INDEX takeouts_loan ON takeouts(loan_id);
