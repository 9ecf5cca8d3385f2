/*
 * lending.c - helpers shared by the device-lending operations.
 * Contract: lending.h.
 */
#include "lending.h"

#include <string.h>

#include "core/civil.h"
#include "lib/err.h"
#include "lib/banned.h"

int lending_iso(const struct civil_date *d, char out[LENDING_ISO_SIZE])
{
	out[0] = '\0';
	if (!d || !civil_valid(d))
		return MM_EINVAL;
	return civil_format_iso(d, out, LENDING_ISO_SIZE);
}

int lending_iso_opt(const struct civil_date *d, char out[LENDING_ISO_SIZE])
{
	if (d && d->year == 0 && d->month == 0 && d->day == 0) {
		out[0] = '\0';
		return 0;
	}
	return lending_iso(d, out);
}

int lending_date(const struct db_row *r, int col, struct civil_date *out)
{
	char iso[LENDING_ISO_SIZE];

	memset(out, 0, sizeof *out);
	if (db_text(r, col, iso, sizeof iso) < 0)
		return MM_ECORRUPT;
	if (iso[0] == '\0')
		return 0;
	return civil_parse_iso(iso, out) < 0 ? MM_ECORRUPT : 0;
}

int lending_blank(const char *s)
{
	while (s && *s) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (!strncmp(s, "\xe3\x80\x80", 3)) /* U+3000 */
			s += 3;
		else
			return 0;
	}
	return 1;
}

int lending_copy(char *out, size_t cap, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n >= cap)
		return MM_EINVAL;
	memcpy(out, s ? s : "", n);
	out[n] = '\0';
	return 0;
}

int lending_audit(struct db *d, const struct actor *a, int64_t unit_id,
		  const char *action, const char *object_type,
		  int64_t object_id, const char *detail)
{
	struct actor filed = a ? *a : (struct actor){ 0, "", ROLE_NONE, 0, "" };

	if (unit_id)
		filed.unit_id = unit_id;
	return ops_audit_append(d, &filed, action, object_type, object_id,
				detail);
}
