#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "http/multipart.h"
#include "lib/err.h"

#define CT "multipart/form-data; boundary=XyZ"

static int parse(const char *body, struct multipart *m)
{
	return multipart_parse(CT, body, strlen(body), 1024, m);
}

static void test_boundary_from_content_type(void **state)
{
	char b[MULTIPART_MAX_BOUNDARY + 1];
	(void)state;
	assert_int_equal(multipart_boundary(
		"multipart/form-data; boundary=----WebKitFormBoundaryAb12", b), 0);
	assert_string_equal(b, "----WebKitFormBoundaryAb12");
	assert_int_equal(multipart_boundary(
		"Multipart/Form-Data;charset=utf-8; BOUNDARY=\"a b:c\"", b), 0);
	assert_string_equal(b, "a b:c");
	assert_int_equal(multipart_boundary("text/plain; boundary=x", b), MM_EINVAL);
	assert_int_equal(multipart_boundary("multipart/form-data", b), MM_EINVAL);
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=", b),
			 MM_EINVAL);
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=a<b", b),
			 MM_EINVAL);
	assert_int_equal(multipart_boundary("multipart/form-data; boundary=\"ab ", b),
			 MM_EINVAL);
	assert_int_equal(multipart_boundary(
		"multipart/form-data; boundary=a; boundary=b", b), MM_EINVAL);
	assert_int_equal(multipart_boundary(NULL, b), MM_EINVAL);
	/* 71 characters: one over RFC 2046's limit. */
	assert_int_equal(multipart_boundary("multipart/form-data; boundary="
		"12345678901234567890123456789012345678901234567890123456789012345678901",
		b), MM_EINVAL);
}

static void test_fields_and_file(void **state)
{
	struct multipart m;
	const struct multipart_part *p;
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"encoding\"\r\n\r\n"
		"cp932\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"file\"; filename=\"端末.csv\"\r\n"
		"Content-Type: text/csv\r\n\r\n"
		"a,b\r\n\x82\xa0,c\r\n"
		"--XyZ\r\n"
		"content-disposition: form-data; name=dry_run\r\n\r\n"
		"1\r\n"
		"--XyZ--\r\n";
	(void)state;
	assert_int_equal(multipart_parse(CT, body, sizeof(body) - 1, 1024, &m), 0);
	assert_int_equal(m.n, 3);
	p = multipart_get(&m, "encoding");
	assert_non_null(p);
	assert_int_equal(p->len, 5);
	assert_memory_equal(p->data, "cp932", 5);
	assert_false(p->is_file);
	p = multipart_get(&m, "file");
	assert_non_null(p);
	assert_true(p->is_file);
	assert_string_equal(p->filename, "端末.csv");
	assert_string_equal(p->content_type, "text/csv");
	/* Binary (CP932) data and inner CRLFs are kept byte for byte. */
	assert_int_equal(p->len, 9);
	assert_memory_equal(p->data, "a,b\r\n\x82\xa0,c", 9);
	assert_int_equal(multipart_get(&m, "dry_run")->len, 1);
	assert_null(multipart_get(&m, "missing"));
}

static void test_preamble_padding_and_empty_values(void **state)
{
	struct multipart m;
	(void)state;
	assert_int_equal(parse("ignored preamble\r\n--XyZ  \r\n"
			       "Content-Disposition: form-data; name=\"a\"; filename=\"\"\r\n\r\n"
			       "\r\n--XyZ--", &m), 0);
	assert_int_equal(m.n, 1);
	assert_true(m.parts[0].is_file);
	assert_string_equal(m.parts[0].filename, "");
	assert_int_equal(m.parts[0].len, 0);
	/* No parts at all. */
	assert_int_equal(parse("--XyZ--\r\n", &m), 0);
	assert_int_equal(m.n, 0);
}

static void test_malformed_is_einval(void **state)
{
	struct multipart m;
	(void)state;
	/* No closing delimiter. */
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nv", &m),
			 MM_EINVAL);
	assert_int_equal(m.n, 0);
	/* No boundary anywhere. */
	assert_int_equal(parse("hello", &m), MM_EINVAL);
	/* A part without Content-Disposition, or not form-data, or no name. */
	assert_int_equal(parse("--XyZ\r\nContent-Type: text/plain\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\n\r\nv\r\n--XyZ--", &m), MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: attachment; name=a\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; filename=a\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=\"\"\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	/* Unterminated quote, duplicate name, folded header, junk after the delimiter. */
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=a; name=b\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data;\r\n name=a\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZjunk\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	/* Invalid UTF-8 in a name, a control character in a header. */
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=\"\xff\"\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	assert_int_equal(parse("--XyZ\r\nContent-Disposition: form-data; name=\"a\x01\"\r\n\r\nv\r\n--XyZ--", &m),
			 MM_EINVAL);
	/* Wrong content type. */
	assert_int_equal(multipart_parse("application/x-www-form-urlencoded", "a=b", 3, 10, &m),
			 MM_EINVAL);
}

static void test_caps_are_eoverflow(void **state)
{
	struct multipart m;
	char body[8192];
	size_t i, off = 0;
	(void)state;
	/* A part over max_part. */
	assert_int_equal(multipart_parse(CT,
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\n12345\r\n--XyZ--",
		66, 4, &m), MM_EOVERFLOW);
	assert_int_equal(m.n, 0);
	/* One part more than MULTIPART_MAX_PARTS. */
	for (i = 0; i <= MULTIPART_MAX_PARTS; i++)
		off += (size_t)snprintf(body + off, sizeof(body) - off,
			"--XyZ\r\nContent-Disposition: form-data; name=p%zu\r\n\r\nv\r\n", i);
	snprintf(body + off, sizeof(body) - off, "--XyZ--");
	assert_int_equal(parse(body, &m), MM_EOVERFLOW);
	/* A header block over MULTIPART_MAX_HEADER. */
	off = (size_t)snprintf(body, sizeof(body),
		"--XyZ\r\nContent-Disposition: form-data; name=a\r\nX-Pad: ");
	memset(body + off, 'x', MULTIPART_MAX_HEADER);
	off += MULTIPART_MAX_HEADER;
	snprintf(body + off, sizeof(body) - off, "\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(parse(body, &m), MM_EOVERFLOW);
	/* A file name over its cap. */
	off = (size_t)snprintf(body, sizeof(body),
		"--XyZ\r\nContent-Disposition: form-data; name=a; filename=\"");
	memset(body + off, 'f', MULTIPART_MAX_FILENAME);
	off += MULTIPART_MAX_FILENAME;
	snprintf(body + off, sizeof(body) - off, "\"\r\n\r\nv\r\n--XyZ--");
	assert_int_equal(parse(body, &m), MM_EOVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boundary_from_content_type),
		cmocka_unit_test(test_fields_and_file),
		cmocka_unit_test(test_preamble_padding_and_empty_values),
		cmocka_unit_test(test_malformed_is_einval),
		cmocka_unit_test(test_caps_are_eoverflow),
	};
	return cmocka_run_group_tests_name("http_multipart", tests, NULL, NULL);
}
