/*
 * device_import.h - R-DEV-1: the device list HQ already keeps in a
 * spreadsheet, read from CSV text (UTF-8; convert CP932 first with
 * charset.h) into rows for the registry.  Every row is checked and every
 * fault is listed (row, column, message), so a dry run shows all that
 * must be fixed; callers import only a file without faults.  Pure: no
 * I/O, no store.
 *
 * The first record is the header.  Columns, in any order, by English key
 * or the Japanese heading Excel users write:
 *   model        機種                 required
 *   serial       製造番号, IMEI       required, unique in the file
 *   phone        電話番号
 *   contract_ref 契約番号
 *   remarks      備考
 */
#ifndef MM_CORE_DEVICE_IMPORT_H
#define MM_CORE_DEVICE_IMPORT_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include <stddef.h>

#include "types.h"
#include "device.h" /* DEVICE_*_MAX, device_import_check_* */

/* One device of the file, as the registry will hold it. */
struct device_row {
	size_t row;                       /* spreadsheet row (header is 1) */
	char model[MM_NAME_MAX];
	char phone[DEVICE_PHONE_MAX];
	char serial[DEVICE_SERIAL_MAX];
	char contract_ref[MM_NAME_MAX];
	char remarks[MM_TEXT_MAX];
};

/* One fault: row 1 is the header; field is a column key or "". */
struct device_import_fault {
	size_t row;
	size_t line;                      /* line of the file */
	const char *field;                /* static */
	const char *message;              /* static Japanese */
};

/* At most this many faults are kept (n_faults counts them all). */
#define DEVICE_IMPORT_FAULTS_MAX 500

struct device_import {
	struct device_row *rows;          /* the valid rows */
	size_t n_rows;
	size_t n_records;                 /* data records read */
	struct device_import_fault *faults;
	size_t n_faults;                  /* all faults found */
	size_t n_kept;                    /* faults held in faults[] */
};

/*
 * device_import_read - reads the UTF-8 CSV text (len bytes) into *out
 * (set empty first; released with device_import_release, also after an
 * error).  Returns 0 when the text could be read at all, whether or not
 * rows have faults (look at out->n_faults); MM_ENOMEM.  A file that is
 * not CSV, has no header or no data row gives one fault, not an error.
 */
int device_import_read(const char *text, size_t len,
		       struct device_import *out);

void device_import_release(struct device_import *d);

#endif
