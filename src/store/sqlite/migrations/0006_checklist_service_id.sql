-- 0006: the return checklist (R-DEV-9) is built from the register of
-- service applications (detail form 9): each row records the
-- application it confirms deleted.  Rows from before carry NULL.
ALTER TABLE loan_checklist_accounts
	ADD COLUMN service_id INTEGER REFERENCES service_applications(id);
