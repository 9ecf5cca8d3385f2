/*
 * records.h - the descriptors of the directive's records (record.h): one
 * place that says, for each record type, what its fields are, what they
 * are called, how long they may be and which are required.  Every front
 * end (web forms and lists, the JSON API and its OpenAPI document, the
 * CLI, CSV import) takes its fields from here.
 *
 * To add a record type: define its struct in its core module, add its
 * descriptor to records.c, add it to record_descs[] below it, and write
 * its rules (what no descriptor can say) as pure functions in its module.
 */
#ifndef MM_CORE_RECORDS_H
#define MM_CORE_RECORDS_H
#ifndef MM_SEES_CORE /* the layers: HACKING.md */
#error "layer: core/ is seen only by core/, store/ and the front end"
#endif

#include "record.h"

/* A device of the registry (R-DEV-1): struct device, core/device.h. */
extern const struct record_desc device_record;

/* A breach report (R-CMP-6): struct breach, core/breach.h. */
extern const struct record_desc breach_record;

/* Every descriptor, for the checks over all of them; NULL-terminated. */
extern const struct record_desc *const record_descs[];

#endif
