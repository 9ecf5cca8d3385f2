-- 0015_disposal: disposal of documents past
-- retention and the holds that stop it (issue 11, R-RET-1..3).
-- A document is (doctype, doc_id): doctype a key of core/doctype.c, doc_id
-- the id of its record (store/ops/disposal.c says which table).

-- R-RET-2: a hold (kind 1 捜査 investigation, 2 照会等 request) stops
-- disposal until lifted; at most one open hold per document.
CREATE TABLE holds (
	id INTEGER PRIMARY KEY,
	doctype TEXT NOT NULL CHECK (doctype <> ''),
	doc_id INTEGER NOT NULL,
	kind INTEGER NOT NULL CHECK (kind IN (1, 2)),
	reason TEXT NOT NULL CHECK (reason <> ''),
	placed_by INTEGER REFERENCES users(id),
	placed_at INTEGER NOT NULL,
	lifted_by INTEGER REFERENCES users(id),
	lifted_at INTEGER NOT NULL DEFAULT 0,
	lift_reason TEXT NOT NULL DEFAULT '',
	version INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE UNIQUE INDEX holds_open ON holds(doctype, doc_id) WHERE lifted_at = 0;

-- R-RET-2: the disposal register: what was disposed of, under which rule
-- (as retention_format writes it), its base date, when and by whom.
CREATE TABLE disposals (
	id INTEGER PRIMARY KEY,
	doctype TEXT NOT NULL CHECK (doctype <> ''),
	doc_id INTEGER NOT NULL,
	doc_name TEXT NOT NULL,
	rule TEXT NOT NULL,
	base_on TEXT NOT NULL CHECK (length(base_on) = 10),
	disposed_at INTEGER NOT NULL,
	disposed_by INTEGER REFERENCES users(id)
) STRICT;
CREATE UNIQUE INDEX disposals_doc ON disposals(doctype, doc_id);
