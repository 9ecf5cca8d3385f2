/*
 * objects.h - the authorization object of each kind of record: the unit
 * it belongs to, its owner, and the state bits a rule looks at.  One
 * place, so the web screens and the JSON API ask authz_check() about the
 * same facts.  Pure mappings; no I/O.
 */
#ifndef MM_APP_OBJECTS_H
#define MM_APP_OBJECTS_H
#ifndef MM_SEES_APP /* the layers: HACKING.md */
#error "layer: app/ is seen only by the front end (app, web, api, cli)"
#endif

#include "../core/authz.h"
#include "../core/types.h"
#include "../store/store_cases.h"
#include "../store/store_compliance.h"
#include "../store/store_designations.h"
#include "../store/store_devices.h"
#include "../store/store_meetings.h"
#include "../store/store_photos.h"

/*
 * photo_approval_authz_object, photo_authz_object - an application of
 * form 4 and a processed photo: the unit, the applicant / who processed
 * it (R-PHOTO-2; served to the unit and HQ only, ACT_PHOTO_VIEW).
 */
struct authz_object photo_approval_authz_object(const struct photo_approval *p);
struct authz_object photo_authz_object(const struct photo *p);
struct authz_object photo_send_authz_object(const struct photo_send *p);

/*
 * breach_authz_object - a breach report: its unit, its reporter, and
 * AUTHZ_STATE_INCIDENT once forwarded as a reportable incident (what the
 * head of the IT management division may see, R-CMP-6).
 */
struct authz_object breach_authz_object(const struct breach *b);

/*
 * meeting_authz_object - a meeting of a protective contact case
 * (R-CASE-3..11): its unit (the case's), owned by the officer who
 * reported it.  The chain's order is the state machine's.
 */
struct authz_object meeting_authz_object(const struct meeting *m);

/*
 * support_authz_object - a support request (R-CASE-10): the requesting
 * unit, owned by the manager who asked.
 */
struct authz_object support_authz_object(const struct support_request *r);

/*
 * breach_list_authz_object - what the list of breach reports is opened
 * on: a report of unit_id (the user's own) forwarded as a reportable
 * incident, the one report every reader of reports may see: the unit's
 * assistant and manager, the general manager and the head of the IT
 * management division (R-CMP-6).  Whoever may view it may open the list
 * (and has it in the menu); each row is still asked about itself.
 */
struct authz_object breach_list_authz_object(int64_t unit_id);

/*
 * case_authz_object - a protective-contact case (R-CASE-1): the unit
 * holding it (the unit it was assigned to, else the station that
 * reported it), owned by the assigned officer, and read also by the
 * reporting station (also_unit_id).
 */
struct authz_object case_authz_object(const struct protect_case *c);

/*
 * exception_authz_object - a security exception (R-EXC-1..3): a
 * prefecture-wide approval, so unit 0, owned by its applicant (the
 * general manager).  No rule looks at its state: the chain's order is
 * the state machine's (exception_step), not authz's.
 */
struct authz_object exception_authz_object(const struct security_exception *e);

/*
 * screenshot_authz_object - a logged screenshot (R-EXC-3): the unit of
 * the loan it was taken on, owned by whoever recorded it; no state bits.
 */
struct authz_object screenshot_authz_object(const struct screenshot *s);

/*
 * user_authz_object - a user account: its unit, owned by the user
 * (what "oneself" means to the rules on accounts).
 */
struct authz_object user_authz_object(const struct user *u);

/* device_authz_object - a device: its unit and its state (R-DEV-1..3). */
struct authz_object device_authz_object(const struct device *d);

/*
 * application_authz_object - a borrow application: its unit, owned by
 * its applicant, and its state (R-DEV-2).
 */
struct authz_object
application_authz_object(const struct borrow_application *a);

/* loan_authz_object - a loan: the borrowing unit and its state. */
struct authz_object loan_authz_object(const struct loan *l);

/*
 * takeout_authz_object - a take-out: its unit, owned by the officer who
 * asked, and its state (R-DEV-7).
 */
struct authz_object takeout_authz_object(const struct takeout *t);

/* designation_authz_object - a designation: its unit and its state. */
struct authz_object designation_authz_object(const struct designation *d);

/*
 * service_authz_object - a service-use application: its unit and its
 * state; no owner bit, any officer of the unit may follow it.
 */
struct authz_object
service_authz_object(const struct service_application *x);

#endif
