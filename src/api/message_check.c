#include "message_check.h"

#include <string.h>
#include <jansson.h>

#include "json_in.h"
#include "json_out.h"
#include "record_json.h"
#include "../app/msgcheck.h"
#include "../core/records.h"
#include "../lib/banned.h"

static const char *const fields[] = { "text", NULL };

static json_t *result_json(const struct msgcheck_result *r)
{
	json_t *hits = json_array();

	for (size_t i = 0; hits && i < r->n_hits; i++) {
		json_t *h = json_pack("{s:s, s:s, s:s}",
				      "category", r->hits[i].category,
				      "label", r->hits[i].label,
				      "term", r->hits[i].term);

		if (api_list_add(hits, h) < 0) {
			json_decref(hits);
			hits = NULL;
		}
	}
	return hits ? json_pack("{s:b, s:o}", "flagged", r->flagged, "hits",
				hits) : NULL;
}

void api_message_check(struct ctx *c)
{
	struct msgcheck_draft d = { NULL };
	struct msgcheck_result r;
	struct authz_grant g;
	json_t *in = NULL;

	if (ctx_authorize(c, ACT_MESSAGE_CHECK, NULL, &g) < 0 ||
	    api_body(c, fields, &in) < 0)
		return;
	if (api_record_read(c, in, &message_check_record, &d,
			    RECORD_CREATE) == 0 &&
	    app_message_check(c, &g, d.text, &r) == 0) {
		api_send(c, 200, result_json(&r));
		msgcheck_result_release(&r);
	}
	json_decref(in);
}
