#include "text.h"

#include <string.h>

#include "../lib/banned.h"

int text_present(const char *s)
{
	if (!s)
		return 0;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		else if (strncmp(s, "\xE3\x80\x80", 3) == 0)
			s += 3;
		else
			return 1;
	}
	return 0;
}
