/*
 * test_device_import.c - R-DEV-1: the device list read from CSV; every
 * row's faults are listed, valid rows are kept.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "core/device_import.h"
#include "lib/err.h"

static void read_text(const char *text, struct device_import *d)
{
	assert_int_equal(device_import_read(text, strlen(text), d), 0);
}

static void test_r_dev_1_valid_file_with_japanese_headings(void **state)
{
	struct device_import d;

	(void)state;
	read_text("\xEF\xBB\xBF機種,製造番号,電話番号,契約番号,備考\r\n"
		  "AQUOS sense8, SH-001 ,090-1111-2222,K-1,予備\r\n"
		  "iPhone SE,356789012345678,,,\r\n", &d);
	assert_int_equal(d.n_faults, 0);
	assert_int_equal(d.n_rows, 2);
	assert_int_equal(d.n_records, 2);
	assert_string_equal(d.rows[0].model, "AQUOS sense8");
	assert_string_equal(d.rows[0].serial, "SH-001");
	assert_string_equal(d.rows[0].phone, "090-1111-2222");
	assert_string_equal(d.rows[0].remarks, "予備");
	assert_int_equal(d.rows[0].row, 2);
	assert_int_equal(d.rows[1].row, 3);
	device_import_release(&d);
}

static void test_r_dev_1_every_row_fault_is_listed(void **state)
{
	struct device_import d;

	(void)state;
	read_text("model,serial,phone\n"
		  ",A1,\n"            /* row 2: model missing */
		  "X,bad serial!,\n"  /* row 3: serial */
		  "Y,A2,abc\n"        /* row 4: phone */
		  "Z,A2,\n"           /* row 5: valid */
		  "W,A2,\n"           /* row 6: duplicate serial */
		  "V,A3\n", &d);      /* row 7: field count */
	assert_int_equal(d.n_faults, 5);
	assert_int_equal(d.n_rows, 1);
	assert_int_equal(d.faults[0].row, 2);
	assert_string_equal(d.faults[0].field, "model");
	assert_int_equal(d.faults[1].row, 3);
	assert_string_equal(d.faults[1].field, "serial");
	assert_int_equal(d.faults[2].row, 4);
	assert_string_equal(d.faults[2].field, "phone");
	assert_int_equal(d.faults[3].row, 6);
	assert_string_equal(d.faults[3].field, "serial");
	assert_int_equal(d.faults[4].row, 7);
	device_import_release(&d);
}

static void test_header_faults(void **state)
{
	struct device_import d;

	(void)state;
	read_text("model,colour\nA,red\n", &d);
	assert_int_equal(d.n_faults, 2);   /* unknown column, no serial */
	assert_int_equal(d.faults[0].row, 1);
	device_import_release(&d);
	read_text("", &d);
	assert_int_equal(d.n_faults, 1);
	device_import_release(&d);
	read_text("model,serial\n", &d);
	assert_int_equal(d.n_faults, 1);
	device_import_release(&d);
	read_text("model,serial\n\"A,1\n", &d);
	assert_int_equal(d.n_faults, 1);
	assert_int_equal(d.faults[0].line, 2);
	device_import_release(&d);
}

static void test_serial_and_phone_rules(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(device_import_check_serial("AB-12", &why), 0);
	assert_int_equal(device_import_check_serial("", &why), MM_EINVAL);
	assert_int_equal(device_import_check_serial("ＡＢ", &why), MM_EINVAL);
	assert_int_equal(device_import_check_phone("", &why), 0);
	assert_int_equal(device_import_check_phone("+81-90-1", &why), 0);
	assert_int_equal(device_import_check_phone("9+1", &why), MM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_r_dev_1_valid_file_with_japanese_headings),
		cmocka_unit_test(test_r_dev_1_every_row_fault_is_listed),
		cmocka_unit_test(test_header_faults),
		cmocka_unit_test(test_serial_and_phone_rules),
	};
	return cmocka_run_group_tests_name("core_device_import", tests, NULL,
					   NULL);
}
