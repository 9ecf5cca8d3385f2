-- 0011: meetings and support requests (R-CASE-3..11).
-- Meetings of a protective contact case (事案) and what follows them
-- (R-CASE-3..11): the pre-meeting report with its staff (each one's sex
-- and role as recorded when reported), the manager's instructions, the
-- outcome, the results report (form 5) and the follow-up of a guided
-- child, whose measures are meeting_measures.
CREATE TABLE meetings (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	place TEXT NOT NULL CHECK (place <> ''),
	meet_at INTEGER NOT NULL,
	person_female INTEGER NOT NULL DEFAULT 0 CHECK (person_female IN (0, 1)),
	staff_1 INTEGER REFERENCES users(id),
	staff_1_sex INTEGER NOT NULL DEFAULT 0,
	staff_1_role INTEGER NOT NULL DEFAULT 0,
	staff_2 INTEGER REFERENCES users(id),
	staff_2_sex INTEGER NOT NULL DEFAULT 0,
	staff_2_role INTEGER NOT NULL DEFAULT 0,
	staff_3 INTEGER REFERENCES users(id),
	staff_3_sex INTEGER NOT NULL DEFAULT 0,
	staff_3_role INTEGER NOT NULL DEFAULT 0,
	staff_4 INTEGER REFERENCES users(id),
	staff_4_sex INTEGER NOT NULL DEFAULT 0,
	staff_4_role INTEGER NOT NULL DEFAULT 0,
	escape_plan TEXT NOT NULL CHECK (escape_plan <> ''),
	setup_plan TEXT NOT NULL CHECK (setup_plan <> ''),
	division_notified INTEGER NOT NULL CHECK (division_notified = 1),
	report_note TEXT NOT NULL DEFAULT '',
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 8),
	reported_by INTEGER REFERENCES users(id),
	reported_at INTEGER NOT NULL,
	forwarded_by INTEGER REFERENCES users(id),
	forwarded_at INTEGER NOT NULL DEFAULT 0,
	instructed_by INTEGER REFERENCES users(id),
	instructed_at INTEGER NOT NULL DEFAULT 0,
	instructions TEXT NOT NULL DEFAULT '',
	-- the child met, sealed at rest (seal1:...; '' when not given)
	child_name TEXT NOT NULL DEFAULT '',
	child_kana TEXT NOT NULL DEFAULT '',
	child_birth TEXT NOT NULL DEFAULT '',
	child_contact TEXT NOT NULL DEFAULT '',
	child_school TEXT NOT NULL DEFAULT '',
	guardian_name TEXT NOT NULL DEFAULT '',
	guardian_contact TEXT NOT NULL DEFAULT '',
	met INTEGER NOT NULL DEFAULT 0 CHECK (met IN (0, 1)),
	juvenile INTEGER NOT NULL DEFAULT 0 CHECK (juvenile IN (0, 1)),
	guidance INTEGER NOT NULL DEFAULT 0 CHECK (guidance BETWEEN 0 AND 2),
	guidance_facts TEXT NOT NULL DEFAULT '',
	guidance_note TEXT NOT NULL DEFAULT '',
	guardians_told INTEGER NOT NULL DEFAULT 0 CHECK (guardians_told IN (0, 1)),
	guardian TEXT NOT NULL DEFAULT '',
	guardians_told_at INTEGER NOT NULL DEFAULT 0,
	guardians_told_how TEXT NOT NULL DEFAULT '',
	guardians_urged INTEGER NOT NULL DEFAULT 0 CHECK (guardians_urged IN (0, 1)),
	free_call_used INTEGER NOT NULL DEFAULT 0 CHECK (free_call_used IN (0, 1)),
	free_call_person_called INTEGER NOT NULL DEFAULT 0
		CHECK (free_call_person_called IN (0, 1)),
	outcome_note TEXT NOT NULL DEFAULT '',
	outcome_by INTEGER REFERENCES users(id),
	outcome_at INTEGER NOT NULL DEFAULT 0,
	results_by INTEGER REFERENCES users(id),
	results_at INTEGER NOT NULL DEFAULT 0,
	victim_history TEXT NOT NULL DEFAULT '',
	delinquency_history TEXT NOT NULL DEFAULT '',
	guidance_history TEXT NOT NULL DEFAULT '',
	guardian_capacity TEXT NOT NULL DEFAULT '',
	friendships TEXT NOT NULL DEFAULT '',
	support_needed INTEGER NOT NULL DEFAULT 0 CHECK (support_needed IN (0, 1)),
	assessed_by INTEGER REFERENCES users(id),
	assessed_at INTEGER NOT NULL DEFAULT 0,
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER NOT NULL DEFAULT 0,
	closing_note TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1,
	-- R-CASE-9: a free-call app only when the person called at the meeting
	CHECK (free_call_used = 0 OR free_call_person_called = 1),
	-- R-CASE-7: 不健全性的行為 with the facts that justify it
	CHECK (guidance <> 2 OR guidance_facts <> '')
) STRICT;
CREATE INDEX meetings_unit ON meetings(unit_id, id);
CREATE INDEX meetings_case ON meetings(case_id, id);

-- R-CASE-11: each measure decided for a guided child, when and by whom.
CREATE TABLE meeting_measures (
	id INTEGER PRIMARY KEY,
	meeting_id INTEGER NOT NULL REFERENCES meetings(id),
	kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),
	decided_on TEXT NOT NULL CHECK (length(decided_on) = 10),
	note TEXT NOT NULL DEFAULT '',
	decided_by INTEGER REFERENCES users(id),
	recorded_at INTEGER NOT NULL
) STRICT;
CREATE INDEX meeting_measures_meeting ON meeting_measures(meeting_id, id);

-- R-CASE-10: a unit that cannot staff a meeting alone asks the general
-- manager, who asks the other units; each answers once, helping with the
-- staff member it lends or not.
CREATE TABLE support_requests (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES cases(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	meet_at INTEGER NOT NULL,
	need TEXT NOT NULL CHECK (need <> ''),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	requested_by INTEGER REFERENCES users(id),
	requested_at INTEGER NOT NULL,
	asked_by INTEGER REFERENCES users(id),
	asked_at INTEGER NOT NULL DEFAULT 0,
	ask_note TEXT NOT NULL DEFAULT '',
	closed_by INTEGER REFERENCES users(id),
	closed_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX support_requests_unit ON support_requests(unit_id, id);
CREATE INDEX support_requests_case ON support_requests(case_id, id);

CREATE TABLE support_answers (
	id INTEGER PRIMARY KEY,
	request_id INTEGER NOT NULL REFERENCES support_requests(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	answer INTEGER NOT NULL CHECK (answer IN (1, 2)),
	lent_user_id INTEGER REFERENCES users(id),
	note TEXT NOT NULL DEFAULT '',
	answered_by INTEGER REFERENCES users(id),
	answered_at INTEGER NOT NULL,
	CHECK (answer <> 1 OR lent_user_id IS NOT NULL),
	CHECK (answer <> 2 OR lent_user_id IS NULL)
) STRICT;
CREATE UNIQUE INDEX support_answers_once ON support_answers(request_id, unit_id);
