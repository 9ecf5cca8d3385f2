-- 0012: staff face photos (issue 10, R-PHOTO-1..4).  States and effects
-- are the values of the core enums (core/photo.h, app/image.h).
-- photo_approvals: form 4 (写真使用承認申請書); staff_name is the server's
-- copy of the staff member's name at the time of applying.
CREATE TABLE photo_approvals (
	id INTEGER PRIMARY KEY,
	unit_id INTEGER NOT NULL REFERENCES units(id),
	staff_id INTEGER NOT NULL REFERENCES users(id),
	staff_name TEXT NOT NULL,
	consent INTEGER NOT NULL CHECK (consent = 1),
	purpose TEXT NOT NULL CHECK (purpose <> ''),
	device_id INTEGER NOT NULL REFERENCES devices(id),
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 3),
	applied_by INTEGER REFERENCES users(id),
	applied_at INTEGER NOT NULL,
	decided_by INTEGER REFERENCES users(id),
	decided_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX photo_approvals_unit ON photo_approvals(unit_id, id);

-- photos: one processed photo (never the original).  image: the JPEG
-- written without metadata, sealed under the field key (associated data
-- "photos.image"), base64url.  state 1 stored (counts to the device's
-- five, R-PHOTO-3), 2 removed (its image is emptied, its row stays).
CREATE TABLE photos (
	id INTEGER PRIMARY KEY,
	approval_id INTEGER NOT NULL REFERENCES photo_approvals(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	device_id INTEGER NOT NULL REFERENCES devices(id),
	effect INTEGER NOT NULL CHECK (effect BETWEEN 1 AND 3),
	strength INTEGER NOT NULL CHECK (strength BETWEEN 1 AND 10),
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	size INTEGER NOT NULL,
	image TEXT NOT NULL DEFAULT '',
	state INTEGER NOT NULL CHECK (state BETWEEN 1 AND 2),
	created_by INTEGER REFERENCES users(id),
	created_at INTEGER NOT NULL,
	removed_by INTEGER REFERENCES users(id),
	removed_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX photos_device ON photos(device_id, state);
CREATE INDEX photos_approval ON photos(approval_id, id);

-- photo_sends: a processed photo sent within a case (R-PHOTO-1), with the
-- received message where the counterpart asked for it and the officer's
-- confirmation that text alone cannot lead to a meeting; outcome
-- (R-PHOTO-5): 0 not yet recorded, 1 deleted with consent, 2 refused,
-- 3 not met.  A case does not close while one of its sends has 0.
CREATE TABLE photo_sends (
	id INTEGER PRIMARY KEY,
	photo_id INTEGER NOT NULL REFERENCES photos(id),
	unit_id INTEGER NOT NULL REFERENCES units(id),
	case_id INTEGER NOT NULL REFERENCES cases(id),
	message_id INTEGER NOT NULL REFERENCES case_messages(id),
	text_insufficient INTEGER NOT NULL CHECK (text_insufficient = 1),
	sent_by INTEGER REFERENCES users(id),
	sent_at INTEGER NOT NULL,
	outcome INTEGER NOT NULL DEFAULT 0 CHECK (outcome BETWEEN 0 AND 3),
	outcome_by INTEGER REFERENCES users(id),
	outcome_at INTEGER NOT NULL DEFAULT 0,
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX photo_sends_case ON photo_sends(case_id, outcome);
