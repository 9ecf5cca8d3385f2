#include "pg.h"

#include "lib/err.h"
#include "lib/banned.h"

static void pg_close(struct store *s)
{
	pg_pool_close(pg_of(s));
}

static const struct store_ops pg_ops = {
	.close = pg_close,
	.schema_version = pg_schema_version,
	.unit_create = pg_unit_create,
	.unit_get = pg_unit_get,
	.unit_list = pg_unit_list,
	.unit_update = pg_unit_update,
	.user_create = pg_user_create,
	.user_get = pg_user_get,
	.user_get_by_login = pg_user_get_by_login,
	.user_list = pg_user_list,
	.user_update = pg_user_update,
	.user_set_active = pg_user_set_active,
	.user_password_hash = pg_user_password_hash,
	.user_set_password = pg_user_set_password,
	.role_assign = pg_role_assign,
	.role_revoke = pg_role_revoke,
	.role_get = pg_role_get,
	.role_list = pg_role_list,
	.role_list_unit = pg_role_list_unit,
	.principal_load = pg_principal_load,
	.session_create = pg_session_create,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.token_create = pg_token_create,
	.token_lookup = pg_token_lookup,
	.login_failure = pg_login_failure,
	.login_failures = pg_login_failures,
	.login_success = pg_login_success,
	.audit_record = pg_audit_record,
	.audit_list = pg_audit_list,
	.audit_verify = pg_audit_verify,
	.backup = pg_backup,
	.integrity_check = pg_integrity_check,
};

static int pg_open(const char *url, int create, struct store **out)
{
	struct pg_store *s;
	int rc;

	*out = NULL;
	rc = pg_pool_open(url, create, PG_POOL_SIZE, &s);
	if (rc < 0)
		return rc;
	s->base.ops = &pg_ops;
	*out = &s->base;
	return 0;
}

const struct store_backend pg_backend = {
	.open = pg_open,
	.restore = pg_restore,
};
