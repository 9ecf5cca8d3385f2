-- 0004: designations (R-ROLE-4, R-ROLE-5; form 1) and applications to use
-- external services (detail form 9, R-SVC-1..4).  States and events are
-- the values of core/designation.h and core/service.h; user ids are NULL
-- for the system or the command line.

-- One person's designation to an officer role in a unit.
CREATE TABLE designations (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	role INTEGER NOT NULL CHECK (role IN (4, 5)),
	state INTEGER NOT NULL CHECK (state IN (1, 2)),
	rank INTEGER NOT NULL,
	exception_reason TEXT NOT NULL DEFAULT '',
	knowledge TEXT NOT NULL DEFAULT '',
	aptitude TEXT NOT NULL DEFAULT '',
	designated_by INTEGER REFERENCES users(id),
	designated_at INTEGER NOT NULL,
	revoked_by INTEGER REFERENCES users(id),
	revoked_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX designations_one ON designations(user_id, role, unit_id);
CREATE INDEX designations_unit ON designations(unit_id, id);

-- The communication-officer designation register, form 1: every
-- designation, re-designation and revocation, never changed.
CREATE TABLE designation_entries (
	id INTEGER PRIMARY KEY,
	designation_id INTEGER NOT NULL REFERENCES designations(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	user_id INTEGER NOT NULL REFERENCES users(id),
	role INTEGER NOT NULL CHECK (role IN (4, 5)),
	event INTEGER NOT NULL CHECK (event IN (1, 2, 3)),
	rank INTEGER NOT NULL,
	exception_reason TEXT NOT NULL DEFAULT '',
	knowledge TEXT NOT NULL DEFAULT '',
	aptitude TEXT NOT NULL DEFAULT '',
	reason TEXT NOT NULL DEFAULT '',
	by_user INTEGER REFERENCES users(id),
	entered_at INTEGER NOT NULL
) STRICT;
CREATE INDEX designation_entries_unit ON designation_entries(unit_id, id);

-- Detail form 9: one application for one account; the applications of an
-- account share account_id (the id of its first), R-SVC-3.
CREATE TABLE service_applications (
	id INTEGER PRIMARY KEY,
	account_id INTEGER,
	replaces_id INTEGER REFERENCES service_applications(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	service TEXT NOT NULL CHECK (service <> ''),
	handle TEXT NOT NULL CHECK (handle <> ''),
	device_id INTEGER NOT NULL REFERENCES devices(id),
	purpose TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 8),
	applied_by INTEGER REFERENCES users(id),
	applied_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	refusal_reason TEXT NOT NULL DEFAULT '',
	forwarded_by INTEGER REFERENCES users(id),
	forwarded_at INTEGER NOT NULL DEFAULT 0,
	measures TEXT NOT NULL DEFAULT '',
	agreed_with_manager INTEGER NOT NULL DEFAULT 0
		CHECK (agreed_with_manager IN (0, 1)),
	agreed_with_general_manager INTEGER NOT NULL DEFAULT 0
		CHECK (agreed_with_general_manager IN (0, 1)),
	measures_by INTEGER REFERENCES users(id),
	measures_at INTEGER NOT NULL DEFAULT 0,
	ended_by INTEGER REFERENCES users(id),
	ended_at INTEGER NOT NULL DEFAULT 0,
	deletion_note TEXT NOT NULL DEFAULT '',
	deletion_ack_by INTEGER REFERENCES users(id),
	deletion_ack_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX service_applications_unit ON service_applications(unit_id, id);
CREATE INDEX service_applications_device ON service_applications(device_id, account_id);
-- R-SVC-3: at most one application of an account runs its chain at a time.
CREATE UNIQUE INDEX service_applications_open ON service_applications(account_id)
	WHERE state IN (1, 2, 3);
