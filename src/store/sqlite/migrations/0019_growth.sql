-- 0019_growth: indexes for the lists that filter (issue 12, growth: 1 M
-- audit entries, 100 k loans, 10 k users).  A filter is now a condition of
-- its own in the list's statement (store/ops/page.h, struct ops_where), and
-- these serve the ones that the home page's waiting lists and the list
-- pages' ?state= / device filters use, so a page reads the rows it shows
-- and not the whole table.
-- a state's loans, newest first
CREATE INDEX loans_state ON loans(state, id);
-- the open loans, newest first (the home page's reminders, ?open=1): a
-- few among every loan ever closed.  The list names the condition as
-- written here (store/ops/loans.c), so the planner may use the index.
CREATE INDEX loans_open ON loans(id) WHERE state <> 4;
-- a device's loans (loans_open_device holds only the open one)
CREATE INDEX loans_device ON loans(device_id, id);
-- the applications waiting for a decision, and a state's applications
-- an officer's view of the applications: the unit's or the own
CREATE INDEX borrow_applications_applicant ON borrow_applications(applicant_id, id);
CREATE INDEX borrow_applications_state ON borrow_applications(state, id);
