-- 0013_doc_numbers: yearly serial document numbers of the printed forms (issue 11).
-- One row per printed document: the form's retention class key ("form4",
-- "detail6"), the record (for a register printed per unit, the unit),
-- the calendar year (Asia/Tokyo) it was numbered in and its serial N of
-- 「<prefix>第N号」, counted per form and year for the whole office.
-- Assigned once, at the document's first issue (its first print), in the
-- transaction that audits that print; every reprint reads the same row.
CREATE TABLE doc_numbers (
	form TEXT NOT NULL,
	record_id INTEGER NOT NULL,
	year INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 9999),
	serial INTEGER NOT NULL CHECK (serial > 0),
	issued_at INTEGER NOT NULL,
	issued_by INTEGER REFERENCES users(id),
	PRIMARY KEY (form, record_id),
	UNIQUE (form, year, serial)
) STRICT;
