-- 0016_list_order: indexes in the order lists are read (issue 12): a page of 50 is
-- then read off the index, not sorted out of every row.
CREATE INDEX users_order ON users (name_kana COLLATE "C", id);
CREATE INDEX units_order ON units (kind, code COLLATE "C", id);
CREATE INDEX devices_order ON devices (model COLLATE "C", serial COLLATE "C", id);
