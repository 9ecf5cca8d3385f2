-- 0009: protective-contact cases (事案, 第4-1, R-CASE-1, R-CASE-2): the
-- station's report of a post found, the juvenile division's judgement,
-- the assignment to a unit, a designated communication officer and a
-- usable device, and the log of every message sent or received.
-- States, crimes, needs, directions and reviews are the values of the
-- core enums (core/case.h).  state has no upper bound: the later steps
-- of a case (meetings, results, follow-up) add states after 5.

CREATE TABLE cases (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id), -- the reporting station
	found_at INTEGER NOT NULL,
	service TEXT NOT NULL CHECK (service <> ''),
	post_ref TEXT NOT NULL CHECK (post_ref <> ''),
	post_text TEXT NOT NULL CHECK (post_text <> ''),
	risk_signals TEXT NOT NULL CHECK (risk_signals <> ''),
	state INTEGER NOT NULL CHECK (state >= 1),
	reported_by INTEGER REFERENCES users(id),
	reported_at INTEGER NOT NULL,
	crime INTEGER NOT NULL DEFAULT 0 CHECK (crime BETWEEN 0 AND 4),
	crime_other TEXT NOT NULL DEFAULT '',
	need INTEGER NOT NULL DEFAULT 0 CHECK (need BETWEEN 0 AND 2),
	triage_reason TEXT NOT NULL DEFAULT '',
	triaged_by INTEGER REFERENCES users(id),
	triaged_at INTEGER NOT NULL DEFAULT 0,
	assigned_unit_id INTEGER REFERENCES units(id),
	officer_id INTEGER REFERENCES users(id),
	device_id INTEGER REFERENCES devices(id),
	loan_id INTEGER REFERENCES loans(id),
	assigned_by INTEGER REFERENCES users(id),
	assigned_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1,
	CHECK (state <> 2 OR need = 1),
	CHECK (state <> 3 OR need = 2)
) STRICT;
CREATE INDEX cases_unit ON cases(unit_id, id);
CREATE INDEX cases_assigned_unit ON cases(assigned_unit_id, id);

-- Every message sent or received on the case's device (R-EXC-3: where
-- its screenshot is).  An outgoing message the message check flags
-- (R-CASE-2) waits for the review of the unit's assistant.
CREATE TABLE case_messages (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	unit_id INTEGER NOT NULL REFERENCES units(id), -- the unit that logged it
	at INTEGER NOT NULL,
	direction INTEGER NOT NULL CHECK (direction IN (1, 2)),
	text TEXT NOT NULL CHECK (text <> ''),
	screenshot_ref TEXT NOT NULL DEFAULT '',
	recorded_by INTEGER REFERENCES users(id),
	recorded_at INTEGER NOT NULL,
	flagged INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
	flag_detail TEXT NOT NULL DEFAULT '',
	review INTEGER NOT NULL DEFAULT 0 CHECK (review BETWEEN 0 AND 2),
	review_note TEXT NOT NULL DEFAULT '',
	reviewed_by INTEGER REFERENCES users(id),
	reviewed_at INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX case_messages_case ON case_messages(case_id, at, id);
CREATE INDEX case_messages_review ON case_messages(review, unit_id, id);

-- Who read which case when (the general manager's page): the audit
-- trail's "case.read" entries, found without a scan of the whole trail.
CREATE INDEX audit_action ON audit_log(action, seq);
