/*
 * replay.c - runs a libFuzzer harness without libFuzzer: feeds it each
 * file named on the command line, and each file of each directory named,
 * so the seed corpus is a plain regression test (meson test) and a crash
 * file from a fuzzing run can be replayed under a debugger.
 *
 * Fuzzing proper links the harness with libFuzzer instead of this file:
 * tools/fuzz.sh [SECONDS] [NAME ...] builds every harness with clang
 * -fsanitize=fuzzer,address,undefined in build-fuzz (meson -Dfuzzing=true)
 * and runs each for a bounded time; a crash file it keeps in the corpus
 * is replayed here, e.g. build/tests/fuzz/fuzz_csv FILE under gdb.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/banned.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		if (f)
			fclose(f);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	/* One spare byte so an empty file still gets a valid pointer. */
	data = malloc((size_t)size + 1);
	if (!data || fread(data, 1, (size_t)size, f) != (size_t)size) {
		free(data);
		fclose(f);
		fprintf(stderr, "replay: cannot read %s\n", path);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

static int replay_dir(const char *dir, int *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	int rc = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot open %s\n", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (replay_file(path) < 0)
			rc = -1;
		else
			(*count)++;
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int count = 0, rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			if (replay_dir(argv[i], &count) < 0)
				rc = -1;
		} else if (replay_file(argv[i]) < 0) {
			rc = -1;
		} else {
			count++;
		}
	}
	printf("replayed %d inputs\n", count);
	/* An empty corpus would make the test pass while testing nothing. */
	return rc < 0 || count == 0 ? 1 : 0;
}
