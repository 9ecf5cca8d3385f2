#include "password_list.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/banned.h"

/* Longer than any password validate_password() lets through (128 x 4). */
#define PW_BYTES 520
/* A listed word must be this long to count inside padding. */
#define CORE_MIN 4

static int by_bytes(const void *key, const void *member)
{
	return strcmp(key, *(const char *const *)member);
}

static int listed(const char *s)
{
	return bsearch(s, common_passwords, common_passwords_n,
		       sizeof(common_passwords[0]), by_bytes) != NULL;
}

static int padding(unsigned char ch)
{
	return ch < 0x80 && !isalpha(ch);
}

/* One unit of at most half the length, repeated to the end. */
static int repeated(const char *s, size_t n)
{
	for (size_t unit = 1; unit <= n / 2; unit++) {
		size_t i;

		if (n % unit)
			continue;
		for (i = unit; i < n && s[i] == s[i % unit]; i++)
			;
		if (i == n)
			return 1;
	}
	return 0;
}

int password_is_common(const char *password)
{
	char low[PW_BYTES];
	size_t n = password ? strlen(password) : 0, b = 0, e;

	if (n == 0 || n >= sizeof(low))
		return 0;
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)password[i]);
	low[n] = '\0';
	if (listed(low) || repeated(low, n))
		return 1;
	while (b < n && padding((unsigned char)low[b]))
		b++;
	e = n;
	while (e > b && padding((unsigned char)low[e - 1]))
		e--;
	if (e - b < CORE_MIN || (b == 0 && e == n))
		return 0;
	low[e] = '\0';
	return listed(low + b);
}
