/*
 * device.c - `mamori device import`: HQ's existing device list, from a
 * CSV file as Excel saves it (UTF-8 or CP932), into the registry
 * (R-DEV-1).  Every row's faults are listed; nothing is imported unless
 * every row is valid, and --dry-run imports nothing at all.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/charset.h"
#include "../core/device_import.h"
#include "../lib/buf.h"
#include "../lib/err.h"
#include "../store/store_devices.h"

#include "../lib/banned.h"

/* A device list is small; a larger file is not one. */
#define IMPORT_FILE_MAX ((size_t)8 << 20)

static const char usage[] =
	"usage: mamori device <subcommand> --db PATH [options]\n"
	"\n"
	"  import  --file F [--encoding utf-8|cp932] [--dry-run]\n"
	"\n"
	"`mamori device <subcommand> --help` describes each.\n";
static const char usage_import[] =
	"usage: mamori device import --db PATH --file F "
	"[--encoding utf-8|cp932] [--dry-run]\n"
	"Imports devices from a CSV file whose header names the columns\n"
	"model (機種), serial (製造番号, IMEI), phone (電話番号),\n"
	"contract_ref (契約番号), remarks (備考).  Every row's errors are\n"
	"listed; nothing is imported unless all rows are valid.  --dry-run\n"
	"only checks.  The default encoding is utf-8.\n";

/* The whole file into raw; 0 or CLI_FAIL with a message. */
static int read_file(const char *path, struct buf *raw)
{
	char chunk[8192];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return cli_fail("cannot open %s", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(raw, chunk, n);
	if (ferror(f) || buf_error(raw)) {
		fclose(f);
		return cli_fail("cannot read %s (at most %zu bytes)", path,
				IMPORT_FILE_MAX);
	}
	fclose(f);
	return 0;
}

static int to_utf8(const char *path, enum charset cs, const struct buf *raw,
		   struct buf *text)
{
	struct charset_fault f;
	int rc = charset_to_utf8(cs, raw->data ? raw->data : "", raw->len,
				 text, &f);

	if (rc == MM_EINVAL)
		return cli_fail("%s line %zu (byte %zu): a character that "
				"cannot be converted from %s%s", path, f.line,
				f.offset + 1, cs == CHARSET_CP932 ? "cp932" :
				"utf-8", cs == CHARSET_UTF8 ?
				" (an Excel CSV may need --encoding cp932)" : "");
	if (rc < 0)
		return cli_fail("cannot convert %s: %s", path, mm_strerror(rc));
	return 0;
}

static void fault(struct device_import *d, size_t row, const char *field,
		  const char *message)
{
	d->n_faults++;
	if (d->n_kept < DEVICE_IMPORT_FAULTS_MAX)
		d->faults[d->n_kept++] = (struct device_import_fault){
			row, 0, field, message };
}

/* Rows whose serial the registry already holds become faults. */
static int registry_duplicates(struct store *s, struct device_import *d)
{
	const char **serials = calloc(d->n_rows ? d->n_rows : 1,
				      sizeof *serials);
	unsigned char *taken = calloc(d->n_rows ? d->n_rows : 1, 1);
	int rc = serials && taken ? 0 : MM_ENOMEM;

	for (size_t i = 0; rc == 0 && i < d->n_rows; i++)
		serials[i] = d->rows[i].serial;
	if (rc == 0)
		rc = store_device_serials_taken(s, serials, d->n_rows, taken);
	for (size_t i = 0; rc == 0 && i < d->n_rows; i++)
		if (taken[i])
			fault(d, d->rows[i].row, "serial",
			      "この製造番号の端末はすでに登録されています");
	free(serials);
	free(taken);
	if (rc < 0)
		return cli_fail("cannot read the registry: %s", mm_strerror(rc));
	return 0;
}

static void print_faults(const struct device_import *d)
{
	for (size_t i = 0; i < d->n_kept; i++) {
		const struct device_import_fault *f = &d->faults[i];
		fprintf(stderr, "row %zu%s%s: %s\n", f->row,
			f->field[0] ? " " : "", f->field, f->message);
	}
	if (d->n_faults > d->n_kept)
		fprintf(stderr, "... and %zu more\n", d->n_faults - d->n_kept);
}

static int store_rows(struct store *s, const struct device_import *d)
{
	struct device *items = calloc(d->n_rows ? d->n_rows : 1,
				      sizeof(*items));
	struct actor a = cli_actor();
	size_t bad = 0;
	int rc;

	if (!items)
		return cli_fail("out of memory");
	for (size_t i = 0; i < d->n_rows; i++) {
		const struct device_row *r = &d->rows[i];
		items[i].model = r->model; /* the rows outlive the import */
		snprintf(items[i].phone, sizeof(items[i].phone), "%s", r->phone);
		snprintf(items[i].serial, sizeof(items[i].serial), "%s", r->serial);
		items[i].contract_ref = r->contract_ref;
		items[i].remarks = r->remarks;
		items[i].state = DEVICE_IN_STOCK;
	}
	rc = store_device_import(s, &a, items, d->n_rows, &bad);
	free(items);
	if (rc == MM_EEXIST && bad < d->n_rows)
		return cli_fail("row %zu: serial %s is already registered; "
				"nothing imported", d->rows[bad].row,
				d->rows[bad].serial);
	if (rc < 0)
		return cli_fail("import failed, nothing imported: %s",
				mm_strerror(rc));
	return 0;
}

/* Checks the rows and, unless dry_run, imports them all. */
static int import_text(struct store *s, const struct buf *text, int dry_run)
{
	struct device_import d;
	int rc = device_import_read(buf_cstr(text), text->len, &d);

	if (rc < 0) {
		device_import_release(&d);
		return cli_fail("cannot read the CSV: %s", mm_strerror(rc));
	}
	rc = registry_duplicates(s, &d);
	if (rc == 0 && d.n_faults > 0) {
		print_faults(&d);
		rc = cli_fail("%zu error(s) in %zu row(s); nothing imported",
			      d.n_faults, d.n_records);
	}
	if (rc == 0 && !dry_run)
		rc = store_rows(s, &d);
	if (rc == 0)
		printf(dry_run ? "%zu device(s) valid; nothing imported "
				 "(dry run)\n" : "%zu device(s) imported\n",
		       d.n_rows);
	device_import_release(&d);
	return rc;
}

static int device_import_cmd(int argc, char **argv)
{
	const char *db = NULL, *file = NULL, *encoding = NULL;
	int dry_run = 0;
	struct cli_opt opts[] = {
		{ "db", &db, NULL, 1 }, { "file", &file, NULL, 1 },
		{ "encoding", &encoding, NULL, 0 },
		{ "dry-run", NULL, &dry_run, 0 },
	};
	struct buf raw = BUF_INIT_MAX(IMPORT_FILE_MAX);
	struct buf text = BUF_INIT_MAX(IMPORT_FILE_MAX * 2);
	enum charset cs;
	struct store *s = NULL;
	int rc = cli_parse(argc, argv, opts, 4, usage_import);

	if (rc >= 0)
		return rc;
	cs = charset_from_key(encoding ? encoding : "utf-8");
	if (cs == CHARSET_NONE)
		return cli_usage_error("--encoding is utf-8 or cp932",
				       usage_import);
	rc = read_file(file, &raw);
	if (rc == 0)
		rc = to_utf8(file, cs, &raw, &text);
	if (rc == 0)
		rc = cli_open(db, &s) ? CLI_FAIL : 0;
	if (rc == 0)
		rc = import_text(s, &text, dry_run);
	store_close(s);
	buf_release(&raw);
	buf_release(&text);
	return rc;
}

int cmd_device(int argc, char **argv)
{
	static const char *const names[] = { "import" };
	static int (*const run[])(int, char **) = { device_import_cmd };
	int sub, at;
	int rc = cli_group(argc, argv, names, 1, &sub, &at, usage);

	if (rc >= 0)
		return rc;
	return run[sub](argc - at, argv + at);
}
