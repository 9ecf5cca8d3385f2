/*
 * photo.h - staff face photos (第4-4, R-PHOTO-1..5, issue 10): the photo
 * use approval application (form 4, 写真使用承認申請書) and the processed
 * photos kept for a device under it.
 *
 *   apply    a communication officer of the unit: whose face (a staff
 *            member of the unit, whose consent is recorded), the
 *            purpose, the device;
 *   approve  the unit's manager (or refuse, with a reason); the general
 *            manager reads every unit's (R-PHOTO-2's copy).
 *
 * An approval is usable only while both security exceptions R-EXC-1
 * (storing processed staff photos) and R-EXC-2 (sending them) are
 * approved for the day; at most five processed photos are kept for one
 * device (R-PHOTO-3).  Pure; no I/O.
 */
#ifndef MM_CORE_PHOTO_H
#define MM_CORE_PHOTO_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stdint.h>

#include "fsm.h"
#include "types.h"

/* States of an application.  Values are stored in the database. */
enum photo_approval_state {
	PHOTO_APPROVAL_NONE = 0,
	PHOTO_APPROVAL_APPLIED = 1,  /* with the unit's manager */
	PHOTO_APPROVAL_APPROVED = 2,
	PHOTO_APPROVAL_REFUSED = 3,
	PHOTO_APPROVAL__COUNT
};

enum photo_approval_event {
	PHOTO_APPROVAL_EV_NONE = 0,
	PHOTO_APPROVAL_EV_APPLY = 1,   /* communication officer */
	PHOTO_APPROVAL_EV_APPROVE = 2, /* the unit's manager */
	PHOTO_APPROVAL_EV_REFUSE = 3,  /* the unit's manager, with a reason */
	PHOTO_APPROVAL_EV__COUNT
};

/*
 * photo_approval_step, _step_allowed, _event_role (fsm.h says how):
 * R-PHOTO-2, the officer applies and the unit's manager decides once.
 */
FSM_CHAIN_DECLARE(photo_approval, enum photo_approval_state,
		  enum photo_approval_event);

extern const struct fsm_name photo_approval_states[PHOTO_APPROVAL__COUNT];
FSM_NAMES_DECLARE(photo_approval_state, enum photo_approval_state);
FSM_NAMES_DECLARE(photo_approval_event, enum photo_approval_event);

/* States of one processed photo.  Values are stored in the database. */
enum photo_state {
	PHOTO_NONE = 0,
	PHOTO_STORED = 1,  /* kept for the device: counts to the five */
	PHOTO_REMOVED = 2, /* removed from the device: frees its place */
	PHOTO__COUNT
};

enum photo_event {
	PHOTO_EV_NONE = 0,
	PHOTO_EV_REMOVE = 1,
	PHOTO_EV__COUNT
};

/* photo_transition (fsm.h says how): a photo leaves the device once. */
FSM_TRANSITION_DECLARE(photo, enum photo_state, enum photo_event);

extern const struct fsm_name photo_states[PHOTO__COUNT];
/* The effects (app/image.h enum image_effect), indexed by value. */
extern const struct fsm_name photo_effects[4];
FSM_NAMES_DECLARE(photo_state, enum photo_state);
FSM_NAMES_DECLARE(photo_event, enum photo_event);

/* R-PHOTO-3: processed photos kept for one device at most. */
#define PHOTO_MAX_PER_DEVICE 5

/* The refusals of the rules (core/refusal.c has each). */
#define MM_PHOTO_NO_EXCEPTION_MSG                                          \
	"顔写真の保存（R-EXC-1）及び送信（R-EXC-2）の例外措置が承認されていないため使用できません"
#define MM_PHOTO_LIMIT_MSG "この端末に保存できる加工済みの顔写真は5枚までです"
#define MM_PHOTO_NOT_APPROVED_MSG "写真使用承認申請が承認されていません"
#define MM_PHOTO_CONSENT_MSG "写真の本人の同意を確認してください"
#define MM_PHOTO_STAFF_MSG "写真の本人は同じ所属の職員を指定してください"
#define MM_PHOTO_DEVICE_MSG "所属に貸し出されている端末を指定してください"

/*
 * photo_check_usable - R-PHOTO-2, R-EXC-1, R-EXC-2: photos may be
 * processed and kept under an application in state s only when it is
 * approved and both exceptions are in force (store_active, send_active:
 * 1 when approved for today).  Returns 0 or MM_ERULE with *why (may be
 * NULL) a static Japanese message.
 */
int photo_check_usable(enum photo_approval_state s, int store_active,
		       int send_active, const char **why);

/*
 * photo_check_room - R-PHOTO-3: one more photo for a device that keeps
 * stored of them.  Returns 0 or MM_ERULE with *why (may be NULL).
 */
int photo_check_room(int64_t stored, const char **why);

/*
 * photo_check_consent - the application records the staff member's
 * consent (a rule of photo_approval_record).  Returns 0 or MM_EINVAL
 * with *why (may be NULL).
 */
int photo_check_consent(int consent, const char **why);

/* ---- the records ---- */

/* One application (form 4). */
struct photo_approval {
	int64_t id;
	int64_t unit_id;            /* the applicant's unit */
	int64_t staff_id;           /* whose face: a user of the unit */
	const char *staff_name;     /* derived by the server from staff_id */
	int consent;                /* the staff member agreed */
	const char *purpose;
	int64_t device_id;          /* lent to the unit */
	enum photo_approval_state state;
	int64_t applied_by, applied_at;
	int64_t decided_by, decided_at;
	const char *reason;         /* a refusal's */
	int64_t version;
};

/* One processed photo (its bytes, sealed, stay in the store). */
struct photo {
	int64_t id;
	int64_t approval_id;
	int64_t unit_id, device_id; /* the approval's */
	int effect;                 /* enum image_effect */
	int64_t strength;           /* 1..10 */
	int64_t width, height, size;
	enum photo_state state;
	int64_t created_by, created_at;
	int64_t removed_by, removed_at;
	int64_t version;
};

#endif
