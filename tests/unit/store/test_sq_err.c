/*
 * test_sq_err.c - sq_err_running() (store/sqlite/sq.h): which SQLite
 * result codes of a running server's statements are the database being
 * unreachable (503, issue 14).  A read's EIO comes back from SQLite 3.40
 * as plain SQLITE_CORRUPT (IOERR_CORRUPTFS): with the file's last errno
 * EIO it is the disk, not the bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <errno.h>
#include <cmocka.h>

#include "store/sqlite/sq.h"
#include "lib/err.h"

static void test_io_errors_are_unavailable(void **state)
{
	(void)state;
	assert_int_equal(sq_err_running(SQLITE_IOERR_READ, 0), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_IOERR_WRITE, 0), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_IOERR_FSYNC, 0), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_FULL, 0), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_CANTOPEN, 0), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_READONLY, 0), MM_EUNAVAIL);
}

static void test_read_eio_reported_as_corrupt_is_unavailable(void **state)
{
	(void)state;
	assert_int_equal(sq_err_running(SQLITE_CORRUPT, EIO), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_CORRUPT, ENXIO), MM_EUNAVAIL);
	assert_int_equal(sq_err_running(SQLITE_CORRUPT, ERANGE), MM_EUNAVAIL);
}

static void test_corrupt_bytes_stay_corrupt(void **state)
{
	(void)state;
	assert_int_equal(sq_err_running(SQLITE_CORRUPT, 0), MM_ECORRUPT);
	assert_int_equal(sq_err_running(SQLITE_CORRUPT, ENOENT), MM_ECORRUPT);
	assert_int_equal(sq_err_running(SQLITE_NOTADB, 0), MM_ECORRUPT);
}

static void test_others_as_sq_err(void **state)
{
	(void)state;
	assert_int_equal(sq_err_running(SQLITE_BUSY, 0), MM_EBUSY);
	assert_int_equal(sq_err_running(SQLITE_NOMEM, 0), MM_ENOMEM);
	assert_int_equal(sq_err_running(SQLITE_CONSTRAINT_UNIQUE, 0), MM_EEXIST);
	assert_int_equal(sq_err_running(SQLITE_DONE, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_errors_are_unavailable),
		cmocka_unit_test(test_read_eio_reported_as_corrupt_is_unavailable),
		cmocka_unit_test(test_corrupt_bytes_stay_corrupt),
		cmocka_unit_test(test_others_as_sq_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
