/*
 * store.c - the public entry of the store: picks the backend for a URL,
 * and forwards what each backend does its own way (close, schema version,
 * backup, restore, integrity).  The domain operations of store.h are in
 * ops/, written once against db.h.
 */
#include "store.h"

#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "db.h"
#include "store_devices.h"
#include "store_policy.h"
#include "lib/err.h"
#include "lib/pool.h"
#include "lib/banned.h"

/*
 * Picks the backend for url and the location it understands.  A URL with
 * a scheme other than sqlite: is refused rather than taken for a file
 * name, so a typo in a PostgreSQL URL cannot create a stray file.
 */
static int pick_backend(const char *url, const struct store_backend **be,
			const char **location)
{
	if (!url || !*url)
		return MM_EINVAL;
	if (!strncmp(url, "sqlite:", 7)) {
		*be = &sqlite_backend;
		*location = url + 7;
		return **location ? 0 : MM_EINVAL;
	}
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		*be = &pg_backend;
		*location = url;
		return 0;
	}
	if (!strncmp(url, "postgresql:", 11) || !strncmp(url, "postgres:", 9))
		return MM_EINVAL;
	if (strstr(url, "://"))
		return MM_EUNSUPPORTED;
	*be = &sqlite_backend;
	*location = url;
	return 0;
}

int store_open(const char *url, int create, struct store **out)
{
	const struct store_backend *be;
	const char *location;
	int rc = pick_backend(url, &be, &location);

	*out = NULL;
	if (rc < 0)
		return rc;
	rc = be->open(location, create, out);
	/* R-META-1: a database always has a version of the rules */
	if (rc == 0 && (rc = store_policy_seed(*out)) < 0) {
		store_close(*out);
		*out = NULL;
	}
	return rc;
}

int store_open_unmigrated(const char *url, struct store **out, int *have,
			  int *newest)
{
	const struct store_backend *be;
	const char *location;
	int rc = pick_backend(url, &be, &location);

	*out = NULL;
	*have = 0;
	*newest = 0;
	if (rc < 0)
		return rc;
	*newest = be->schema_newest();
	rc = be->open_unmigrated(location, out);
	if (rc == 0)
		rc = store_schema_version(*out, have);
	if (rc == 0 && *have > *newest)
		rc = MM_EUNSUPPORTED;
	if (rc < 0) {
		store_close(*out);
		*out = NULL;
	}
	return rc;
}

int store_sealer_start(struct store *s)
{
	return s->drv->sealer_start ? s->drv->sealer_start(s) : 0;
}

void store_sealer_stop(struct store *s)
{
	if (s && s->drv->sealer_stop)
		s->drv->sealer_stop(s);
}

void store_sealer_status(struct store *s, struct store_sealer_status *out)
{
	out->leader = 0;
	out->sealed = 0;
	if (s->drv->sealer_status)
		s->drv->sealer_status(s, out);
}

void store_close(struct store *s)
{
	if (s) {
		store_sealer_stop(s);
		seal_keys_clear(&s->keys);
		s->has_keys = 0;
		s->drv->close(s);
	}
}

int store_restore(const char *from, const char *url)
{
	const struct store_backend *be;
	const char *location;
	int rc = pick_backend(url, &be, &location);

	if (rc < 0)
		return rc;
	return be->restore(from, location);
}

int store_schema_version(struct store *s, int *version)
{
	return s->drv->schema_version(s, version);
}

/* ---- lists: the releases of store.h's contracts ---- */

STORE_LIST_RELEASE(unit_list)
STORE_LIST_RELEASE(unit_page)
STORE_POOLED_PAGE_RELEASE(user_list)
STORE_LIST_RELEASE(role_list)
STORE_LIST_RELEASE(role_page)
STORE_LIST_RELEASE(audit_list)
STORE_LIST_RELEASE(audit_page)

/* ---- what each backend does its own way: contracts in store.h ---- */

int store_backup(struct store *s, const char *path,
		 void (*progress)(int64_t done, int64_t total, void *arg),
		 void *arg)
{
	return s->drv->backup(s, path, progress, arg);
}

int store_integrity_check(struct store *s)
{
	return s->drv->integrity_check(s);
}

/* ---- lists of store_devices.h ---- */

STORE_POOLED_PAGE_RELEASE(device_list)
STORE_POOLED_PAGE_RELEASE(application_list)
STORE_POOLED_PAGE_RELEASE(loan_list)
STORE_POOLED_PAGE_RELEASE(check_list)
STORE_POOLED_PAGE_RELEASE(takeout_list)
