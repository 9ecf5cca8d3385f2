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
#define MM_PHOTO_LIMIT_PREFIX "この端末に保存できる加工済みの顔写真は"
#define MM_PHOTO_LIMIT_MSG MM_PHOTO_LIMIT_PREFIX "5枚までです"
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

struct policy;

/*
 * photo_check_room_under - as photo_check_room under the limit of the
 * version p of the rules (R-META-1): the message names its number
 * (MM_PHOTO_LIMIT_PREFIX "N枚までです").
 */
int photo_check_room_under(const struct policy *p, int64_t stored,
			   const char **why);

/*
 * photo_check_consent - the application records the staff member's
 * consent (a rule of photo_approval_record).  Returns 0 or MM_EINVAL
 * with *why (may be NULL).
 */
int photo_check_consent(int consent, const char **why);

/* R-PHOTO-5: what became of a photo sent, recorded after a meeting. */
enum photo_send_outcome {
	PHOTO_SEND_PENDING = 0,      /* not recorded yet */
	PHOTO_SEND_DELETED = 1,      /* deleted with the person's consent */
	PHOTO_SEND_REFUSED = 2,      /* the person refused to delete it */
	PHOTO_SEND_NOT_MET = 3,      /* the person was not met */
	PHOTO_SEND__COUNT
};

extern const struct fsm_name photo_send_outcomes[PHOTO_SEND__COUNT];
FSM_NAMES_DECLARE(photo_send_outcome, enum photo_send_outcome);

#define MM_PHOTO_UNASKED_MSG                                               \
	"顔写真を求められた交信相手からの受信メッセージを指定してください（求められていない送信はできません）"
#define MM_PHOTO_TEXT_ONLY_MSG                                             \
	"文章だけでは面会に結び付かないことを確認してください"
#define MM_PHOTO_NOT_STORED_MSG "端末に保存されている加工済みの顔写真ではありません"
#define MM_PHOTO_NO_MEETING_MSG                                            \
	"面会（接触）の報告がない事案では削除結果を記録できません"
#define MM_PHOTO_OUTCOME_MSG                                               \
	"送信した顔写真の削除結果が記録されていないため事案を終結できません"

/*
 * photo_check_send - R-PHOTO-1: a photo is sent only when the message
 * named is one the counterpart sent (received, asked_received 1) and
 * the officer confirms that text alone cannot lead to a meeting.
 * Returns 0 or MM_ERULE with *why (may be NULL).
 */
int photo_check_send(int asked_received, int text_insufficient,
		     const char **why);

/*
 * photo_check_closing - R-PHOTO-5: a case closes only when no photo sent
 * in it (pending of them) lacks its outcome.  0 or MM_ERULE with *why.
 */
int photo_check_closing(int64_t pending, const char **why);

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
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
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
	/* R-META-1: the version of the rules in force when made (server) */
	int64_t policy_version;
};

/* One photo sent within a case (R-PHOTO-1) and its outcome (R-PHOTO-5). */
struct photo_send {
	int64_t id;
	int64_t photo_id;
	int64_t unit_id;
	int64_t case_id;
	int64_t message_id;          /* the received message that asked */
	int text_insufficient;       /* the officer's confirmation */
	int64_t sent_by, sent_at;
	enum photo_send_outcome outcome;
	int64_t outcome_by, outcome_at;
	int64_t version;
};

#endif
