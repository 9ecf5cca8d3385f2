-- 0016_list_order: indexes in the order lists are read (issue 12): a page of 50 is
-- then read off the index, not sorted out of every row.  SQLite's BINARY
-- is the byte order the lists ask for as COLLATE "C" (the driver drops
-- the clause, sqlite/driver.c), so these plain indexes serve them.
CREATE INDEX users_order ON users(name_kana, id);
CREATE INDEX units_order ON units(kind, code, id);
CREATE INDEX devices_order ON devices(model, serial, id);
