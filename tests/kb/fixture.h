/*
 * fixture.h: the knowledge-base tests' fixture files (tests/kb/fixtures,
 * below $SYMBI_TESTS or ./tests): fx("name") is the path of one of them.
 */
#ifndef SYMBI_TEST_KB_FIXTURE_H
#define SYMBI_TEST_KB_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

static char fixdir[4096];

/* Find the fixtures folder; call first in main(). */
static inline void fixture_init(void)
{
	const char *tests = getenv("SYMBI_TESTS");
	snprintf(fixdir, sizeof fixdir, "%s/kb/fixtures", tests ? tests : "tests");
}

/* The path of fixture `name`; the last eight paths stay valid. */
static inline const char *fx(const char *name)
{
	static char path[8][4200];
	static int k;
	k = (k + 1) % 8;
	snprintf(path[k], sizeof path[k], "%s/%s", fixdir, name);
	return path[k];
}

#endif
