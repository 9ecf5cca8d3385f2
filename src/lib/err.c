#include "err.h"

struct err_desc {
	int code;
	const char *name;
	const char *text;
};

static const struct err_desc descs[] = {
	{MM_OK, "ok", "success"},
	{MM_ENOMEM, "out_of_memory", "out of memory"},
	{MM_EINVAL, "invalid", "invalid input"},
	{MM_ENOTFOUND, "not_found", "not found"},
	{MM_EEXIST, "exists", "already exists"},
	{MM_ESTALE, "conflict", "the record was changed by someone else"},
	{MM_EDENIED, "forbidden", "access denied"},
	{MM_EIO, "io_error", "storage error"},
	{MM_EOVERFLOW, "too_large", "size limit exceeded"},
	{MM_ESTATE, "invalid_state", "not allowed in the current state"},
	{MM_EAUTH, "unauthenticated", "authentication required or failed"},
	{MM_ETHROTTLED, "throttled", "too many attempts"},
	{MM_EBUSY, "busy", "busy, try again"},
	{MM_ECORRUPT, "corrupt", "integrity check failed"},
	{MM_ERULE, "rule_violation", "refused by a rule of the directive"},
	{MM_EUNSUPPORTED, "unsupported", "not supported"},
	{MM_EUNAVAIL, "unavailable", "database unavailable"},
};

static const struct err_desc *find(int rc)
{
	for (unsigned i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
		if (descs[i].code == rc)
			return &descs[i];
	return 0;
}

const char *mm_strerror(int rc)
{
	const struct err_desc *d = find(rc);
	return d ? d->text : "unknown error";
}

const char *mm_errname(int rc)
{
	const struct err_desc *d = find(rc);
	return d ? d->name : "error";
}
