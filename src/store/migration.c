/*
 * migration.c - counting and checking the embedded migration files.
 * Contract: migration.h.
 */
#include "migration.h"

#include <stdint.h>
#include <string.h>

#include "lib/util.h"
#include "lib/banned.h"

int migration_count(const struct embedded_file *files)
{
	int n = 0;

	while (files[n].name)
		n++;
	return n;
}

/* The number in "0007_name.sql", or -1 when the name has none. */
static int migration_number(const char *name)
{
	char digits[5];
	int64_t v;

	if (strlen(name) < 5 || name[4] != '_')
		return -1;
	memcpy(digits, name, 4);
	digits[4] = '\0';
	if (parse_int64(digits, 1, 9999, &v) < 0)
		return -1;
	return (int)v;
}

int migration_in_place(const struct embedded_file *files, int i)
{
	return migration_number(files[i].name) == i + 1;
}
