#include "sq.h"

#include <string.h>

#include "lib/err.h"
#include "lib/banned.h"

static void sq_close(struct store *s)
{
	sq_pool_close(sq_of(s));
}

static const struct store_ops sq_ops = {
	.close = sq_close,
	.schema_version = sq_schema_version,
	.unit_create = sq_unit_create,
	.unit_get = sq_unit_get,
	.unit_list = sq_unit_list,
	.unit_update = sq_unit_update,
	.user_create = sq_user_create,
	.user_get = sq_user_get,
	.user_get_by_login = sq_user_get_by_login,
	.user_list = sq_user_list,
	.user_update = sq_user_update,
	.user_set_active = sq_user_set_active,
	.user_password_hash = sq_user_password_hash,
	.user_set_password = sq_user_set_password,
	.role_assign = sq_role_assign,
	.role_revoke = sq_role_revoke,
	.role_get = sq_role_get,
	.role_list = sq_role_list,
	.role_list_unit = sq_role_list_unit,
	.principal_load = sq_principal_load,
	.session_create = sq_session_create,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.token_create = sq_token_create,
	.token_lookup = sq_token_lookup,
	.login_failure = sq_login_failure,
	.login_failures = sq_login_failures,
	.login_success = sq_login_success,
	.audit_record = sq_audit_record,
	.audit_list = sq_audit_list,
	.audit_verify = sq_audit_verify,
	.backup = sq_backup,
	.integrity_check = sq_integrity_check,
};

static int sq_open(const char *path, int create, struct store **out)
{
	struct sq_store *s;
	int rc;

	*out = NULL;
	/* SQLite's own URI and memory names would bypass the file checks */
	if (!path || !*path || path[0] == ':' || !strncmp(path, "file:", 5))
		return MM_EINVAL;
	rc = sq_pool_open(path, create, 0, SQ_POOL_SIZE, &s);
	if (rc < 0)
		return rc;
	s->base.ops = &sq_ops;
	*out = &s->base;
	return 0;
}

const struct store_backend sqlite_backend = {
	.open = sq_open,
	.restore = sq_restore,
};
