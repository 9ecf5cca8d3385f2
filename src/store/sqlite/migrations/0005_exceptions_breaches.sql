-- 0005: security exceptions (detail form 12, R-EXC-1..3), the screenshots
-- one of them allows (R-EXC-3) and breach reports (R-CMP-1..6).  Kinds,
-- states, rules and events are the values of the core enums
-- (core/exception.h, core/breach.h); civil dates are ISO text
-- "YYYY-MM-DD" ('' where not yet known); user ids are NULL for the
-- system or the command line.

-- Applications of the general manager to the information-security
-- manager; the approval records its scope and period.
CREATE TABLE security_exceptions (
	id INTEGER PRIMARY KEY,
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),
	scope TEXT NOT NULL,
	purpose TEXT NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 5),
	applicant_id INTEGER REFERENCES users(id),
	applied_at INTEGER NOT NULL,
	approved_scope TEXT NOT NULL DEFAULT '',
	valid_from TEXT NOT NULL DEFAULT '',
	valid_until TEXT NOT NULL DEFAULT '',
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	ended_by INTEGER REFERENCES users(id),
	ended_at INTEGER NOT NULL DEFAULT 0,
	reason TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	CHECK (state <> 2 OR (length(valid_from) = 10 AND length(valid_until) = 10))
) STRICT;
CREATE INDEX security_exceptions_kind ON security_exceptions(kind, state);

-- R-EXC-3: each screenshot taken on a unit's device, until it is moved
-- to the investigation laptop or deleted.
CREATE TABLE screenshots (
	id INTEGER PRIMARY KEY,
	loan_id INTEGER NOT NULL REFERENCES loans(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	device_id INTEGER NOT NULL REFERENCES devices(id),
	exception_id INTEGER NOT NULL REFERENCES security_exceptions(id),
	case_ref TEXT NOT NULL,
	taken_at INTEGER NOT NULL,
	taken_on TEXT NOT NULL CHECK (length(taken_on) = 10),
	reason TEXT NOT NULL CHECK (reason <> ''),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	recorded_by INTEGER REFERENCES users(id),
	recorded_at INTEGER NOT NULL,
	disposed_by INTEGER REFERENCES users(id),
	disposed_at INTEGER NOT NULL DEFAULT 0,
	disposal_note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX screenshots_unit ON screenshots(unit_id, id);

-- Breach reports; incident = 1 once forwarded as an information-security
-- incident that must be reported (it stays when the report closes).
CREATE TABLE breaches (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	rule INTEGER NOT NULL CHECK (rule BETWEEN 1 AND 5),
	what TEXT NOT NULL CHECK (what <> ''),
	who TEXT NOT NULL CHECK (who <> ''),
	occurred_at INTEGER NOT NULL,
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 6),
	incident INTEGER NOT NULL DEFAULT 0 CHECK (incident IN (0, 1)),
	reported_by INTEGER REFERENCES users(id),
	reported_at INTEGER NOT NULL,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX breaches_unit ON breaches(unit_id, id);

-- The timeline of a report: every step, who and when (R-CMP-6).
CREATE TABLE breach_steps (
	id INTEGER PRIMARY KEY,
	breach_id INTEGER NOT NULL REFERENCES breaches(id),
	event INTEGER NOT NULL CHECK (event BETWEEN 1 AND 5),
	actor_id INTEGER REFERENCES users(id),
	role INTEGER NOT NULL,
	stepped_at INTEGER NOT NULL
) STRICT;
CREATE INDEX breach_steps_breach ON breach_steps(breach_id, id);
