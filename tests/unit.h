/*
 * unit.h: the few macros the unit-test programs use. Each failed check
 * prints FILE:LINE and the expression; the program's exit status is the
 * number of failures (capped), so meson counts the program as failed.
 */
#ifndef SYMBI_UNIT_H
#define SYMBI_UNIT_H

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static int unit_failures, unit_checks;

/* Two doubles equal bit for bit (0 and -0 differ; a NaN equals a NaN of the same bits). */
static inline bool same_double(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0;
}

#define CHECK(cond)                                                                    \
	do {                                                                           \
		unit_checks++;                                                         \
		if (!(cond)) {                                                         \
			unit_failures++;                                               \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		}                                                                      \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                             \
	do {                                                                           \
		long long a_ = (long long)(a), b_ = (long long)(b);                    \
		unit_checks++;                                                         \
		if (a_ != b_) {                                                        \
			unit_failures++;                                               \
			fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", __FILE__, __LINE__, #a, a_, b_); \
		}                                                                      \
	} while (0)

#define CHECK_NEAR(a, b, tol)                                                          \
	do {                                                                           \
		double a_ = (double)(a), b_ = (double)(b);                             \
		unit_checks++;                                                         \
		if (!(fabs(a_ - b_) <= (tol))) {                                       \
			unit_failures++;                                               \
			fprintf(stderr, "%s:%d: %s == %.9g, expected %.9g\n", __FILE__, __LINE__, #a, a_, b_); \
		}                                                                      \
	} while (0)

#define CHECK_STR(a, b)                                                                \
	do {                                                                           \
		const char *a_ = (a), *b_ = (b);                                       \
		unit_checks++;                                                         \
		if (!a_ || !b_ || strcmp(a_, b_) != 0) {                               \
			unit_failures++;                                               \
			fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, \
			        a_ ? a_ : "(null)", b_ ? b_ : "(null)");               \
		}                                                                      \
	} while (0)

/* Call at the end of main: prints the tally, returns the exit status. */
#define UNIT_DONE()                                                                    \
	(printf("%d checks, %d failed\n", unit_checks, unit_failures), unit_failures > 100 ? 100 : unit_failures)

#endif
