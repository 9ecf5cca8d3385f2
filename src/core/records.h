/*
 * records.h - the descriptors of the directive's records (record.h): one
 * place that says, for each record type, what its fields are, what they
 * are called, how long they may be and which are required.  Every front
 * end (web forms and lists, the JSON API and its OpenAPI document, the
 * CLI, CSV import) takes its fields from here.
 *
 * To add a record type: define its struct in its core module, add its
 * descriptor to records.c, add it to record_descs[] below it, and write
 * its rules (what no descriptor can say) as pure functions in its module.
 * A step of a record's chain that carries more than the version read (a
 * refusal's reason) gets a small struct of its own and a descriptor
 * naming its request schema (record_desc.schema).
 */
#ifndef MM_CORE_RECORDS_H
#define MM_CORE_RECORDS_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "record.h"

/* A device of the registry (R-DEV-1): struct device, core/device.h. */
extern const struct record_desc device_record;

/* A breach report (R-CMP-6): struct breach, core/breach.h. */
extern const struct record_desc breach_record;

/*
 * A protective-contact case (R-CASE-1): struct protect_case,
 * core/case.h; reads the station's report of a post found.  The bodies
 * of its steps: the division's judgement (struct case_triage), the
 * assignment (struct case_assignment), a message logged (struct
 * case_message, also its record) and a flagged message's review
 * (struct case_review_note).
 */
extern const struct record_desc case_record;
extern const struct record_desc case_triage_record;
extern const struct record_desc case_assignment_record;
extern const struct record_desc case_message_record;
extern const struct record_desc case_review_record;

/*
 * A borrowing application, form 3 (R-DEV-2): struct borrow_application,
 * core/application.h.  Reads a new application; answers every one.
 */
extern const struct record_desc application_record;

/* An extension (R-DEV-8): the same struct, as its form and request read it. */
extern const struct record_desc extension_record;

/* A decision on an application: struct application_decision. */
extern const struct record_desc application_decision_record;

/*
 * A loan of the lending register, form 2 (R-DEV-3): struct loan,
 * core/loan.h.  Reads the lend request (the device); answers every loan.
 */
extern const struct record_desc loan_record;

/* The training recorded with the receipt (R-DEV-4): struct training_record. */
extern const struct record_desc loan_training_record;

/*
 * A take-out, detail form 1 (R-DEV-7): struct takeout, core/takeout.h;
 * the assistant's decision (struct takeout_decision) and the officer's
 * report after use (struct takeout_report).
 */
extern const struct record_desc takeout_record;
extern const struct record_desc takeout_decision_record;
extern const struct record_desc takeout_report_record;

/*
 * A monthly location check, detail form 6 (R-DEV-5): struct
 * location_check_entry, core/device.h.
 */
extern const struct record_desc location_check_record;

/*
 * An application to use an external service (R-SVC-1..4):
 * struct service_application, core/service.h; what is applied for is
 * read through it (a change: RECORD_UPDATE over the old application).
 * The steps' bodies: the refusal's reason, the deletion's note and the
 * agreed measures (R-SVC-2).
 */
extern const struct record_desc service_record;
extern const struct record_desc service_refusal_record;
extern const struct record_desc service_deletion_record;
extern const struct record_desc service_measures_record;

/*
 * A security exception (R-EXC-1..3): struct security_exception,
 * core/exception.h; the bodies of its approval (scope and period) and of
 * the steps that end it (a reason, exception_check_end()).
 */
extern const struct record_desc exception_record;
extern const struct record_desc exception_approval_record;
extern const struct record_desc exception_end_record;
/* A withdrawal of an exception application: the same struct, reason optional. */
extern const struct record_desc exception_withdrawal_record;

/*
 * Staff face photos (R-PHOTO-1..4): the photo use approval application
 * (form 4, struct photo_approval, core/photo.h) and one processed photo
 * (struct photo; the upload's effect and strength are its input).
 */
extern const struct record_desc photo_approval_record;
extern const struct record_desc photo_record;
/*
 * A photo sent within a case (R-PHOTO-1: the received message that
 * asked, the officer's confirmation) and the body of its outcome
 * (R-PHOTO-5): struct photo_send, core/photo.h.
 */
extern const struct record_desc photo_send_record;
extern const struct record_desc photo_send_outcome_record;

/*
 * A screenshot logged (R-EXC-3): struct screenshot, core/exception.h;
 * the body of its move or deletion.
 */
extern const struct record_desc screenshot_record;
extern const struct record_desc screenshot_disposal_record;

/*
 * A designation of an officer (R-ROLE-4, R-ROLE-5, form 1): struct
 * designation, core/designation.h.  Its rules weigh the rank recorded for
 * the user named, so a new one is read with RECORD_FIELDS_ONLY and
 * checked once the server has set the rank.  The bodies of a
 * re-designation (the grounds again) and of a revocation.
 */
extern const struct record_desc designation_record;
extern const struct record_desc designation_grounds_record;
extern const struct record_desc designation_revoke_record;

/*
 * A unit and a user (core/types.h), as the web forms, the API and the
 * CLI (`mamori unit`, `mamori user`) read them; validate_unit() and
 * validate_user() are their rules.  A user's login is given once.
 */
/*
 * A meeting of a protective contact case (R-CASE-3..11, core/meeting.h):
 * the pre-meeting report that makes it, the manager's instructions or
 * sending back, the outcome, the assessment of a guided child and each
 * measure decided.
 */
extern const struct record_desc meeting_record;
extern const struct record_desc meeting_instruction_record;
extern const struct record_desc meeting_send_back_record;
extern const struct record_desc meeting_close_record;
extern const struct record_desc meeting_outcome_record;
extern const struct record_desc meeting_assessment_record;
extern const struct record_desc meeting_measure_record;
/*
 * A support request (R-CASE-10): the manager's request, the general
 * manager's note (ask, close), each unit's answer.
 */
extern const struct record_desc support_record;
extern const struct record_desc support_note_record;
extern const struct record_desc support_answer_record;

extern const struct record_desc unit_record;
extern const struct record_desc user_record;

/*
 * A draft for the message check (R-CASE-2): struct msgcheck_draft,
 * core/msgcheck.h.  Never stored: read, checked, forgotten.
 */
extern const struct record_desc message_check_record;

/* Every descriptor, for the checks over all of them; NULL-terminated. */
extern const struct record_desc *const record_descs[];

#endif
