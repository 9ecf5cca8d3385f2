#include "kinds.h"

#include "forms.h"
#include "../lib/banned.h"

/* API_JSON - the untyped form name of the typed fn(const T *). */
#define API_JSON(name, T, fn)                                              \
	static json_t *name(const void *rec) { return fn((const T *)rec); }

API_JSON(loan_one, struct loan, api_loan_json)
API_JSON(takeout_one, struct takeout, api_takeout_json)
API_JSON(breach_one, struct breach, api_breach_json)
API_JSON(case_one, struct protect_case, api_case_json)
API_JSON(meeting_one, struct meeting, api_meeting_json)
API_JSON(support_one, struct support_request, api_support_json)
API_JSON(screenshot_one, struct screenshot, api_screenshot_json)

/* Every other kind is answered as its descriptor says. */
static const struct api_kind_form forms[] = {
	{ &loan_kind, loan_one, loan_one },
	{ &takeout_kind, takeout_one, takeout_one },
	/* a list's row of a report leaves its timeline out */
	{ &breach_kind, breach_one, NULL },
	/* a case with its communication log; a list's row without it */
	{ &case_kind, case_one, NULL },
	/* and a meeting's row its measures */
	{ &meeting_kind, meeting_one, NULL },
	{ &support_kind, support_one, NULL },
	{ &screenshot_kind, screenshot_one, screenshot_one },
};

const struct api_kind_form *api_kind_form_of(const struct record_kind *k)
{
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++)
		if (forms[i].kind == k)
			return &forms[i];
	return NULL;
}
