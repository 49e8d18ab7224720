/*
 * symbi — industrial symbiosis matching engine.
 * common.h: error codes, diagnostics and the enumerations shared by every module.
 *
 * Ownership rule for the whole API: every object returned through an `out`
 * parameter belongs to the caller and is released with the matching
 * `symbi_X_free`, which accepts NULL. Pointers returned by accessors
 * (`symbi_dataset_firm`, `symbi_kb_code`, ...) borrow from their owner and stay
 * valid until the owner is freed. Strings are UTF-8 and NUL-terminated.
 */
#ifndef SYMBI_COMMON_H
#define SYMBI_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SYMBI_VERSION "0.1.0"

/* Return codes: 0 or one of these negative values. */
enum {
	SYMBI_OK = 0,
	SYMBI_ENOMEM = -1,    /* out of memory */
	SYMBI_EIO = -2,       /* a file could not be read or written */
	SYMBI_EINPUT = -3,    /* bad input data (details in the diagnostics) */
	SYMBI_EQUERY = -4,    /* bad query or option: unknown firm, code, region... */
	SYMBI_ELIMIT = -5,    /* a resource limit was reached (--max-candidates) */
	SYMBI_EINTERNAL = -6, /* a library (igraph, GLPK) failed */
	SYMBI_EINTR = -7      /* interrupted by the caller's cancel flag */
};

/* The message of the last error set on this thread, "" when none. */
const char *symbi_last_error(void);

/* ---- Enumerations of the field ------------------------------------------- */

typedef enum {
	SYMBI_DIM_NONE = 0,
	SYMBI_DIM_MASS,   /* base unit t */
	SYMBI_DIM_VOLUME, /* base unit m3 */
	SYMBI_DIM_ENERGY  /* base unit MWh */
} symbi_dim;

typedef enum {
	SYMBI_CLASS_MATERIAL = 0,
	SYMBI_CLASS_ENERGY,
	SYMBI_CLASS_WATER,
	SYMBI_CLASS_GAS,
	SYMBI_CLASS_COUNT
} symbi_class;

typedef enum { SYMBI_SUPPLY = 0, SYMBI_DEMAND = 1 } symbi_direction;

typedef enum { SYMBI_OBJECTIVE_VALUE = 0, SYMBI_OBJECTIVE_CO2 = 1 } symbi_objective;

/* "t", "m3", "MWh" or "" */
const char *symbi_dim_unit(symbi_dim dim);
/* "mass", "volume", "energy" or "none" */
const char *symbi_dim_name(symbi_dim dim);
/* "material", "energy", "water", "gas" */
const char *symbi_class_name(symbi_class cls);
int symbi_class_parse(const char *s, symbi_class *out);
int symbi_dim_parse(const char *s, symbi_dim *out);

/* ---- Diagnostics ---------------------------------------------------------- */

typedef enum { SYMBI_SEV_WARNING = 0, SYMBI_SEV_ERROR = 1 } symbi_severity;

/* One problem found in an input file. `column` is NULL when the problem is not
 * about one column; `line` is 0 when it is about the whole file. */
typedef struct symbi_diag {
	symbi_severity severity;
	const char *file;
	uint32_t line;
	const char *column;
	const char *message;
} symbi_diag;

/* A list of diagnostics that keeps the first `cap` of each severity and counts
 * the rest, so that a file with a million bad rows costs no memory. */
typedef struct symbi_diags symbi_diags;

int symbi_diags_new(symbi_diags **out, size_t cap);
void symbi_diags_free(symbi_diags *d);
/* Stored diagnostics, in the order they were reported. */
size_t symbi_diags_count(const symbi_diags *d);
const symbi_diag *symbi_diags_get(const symbi_diags *d, size_t i);
/* Totals including those past the cap. */
size_t symbi_diags_errors(const symbi_diags *d);
size_t symbi_diags_warnings(const symbi_diags *d);
/* How many of each severity were counted but not stored. */
size_t symbi_diags_dropped(const symbi_diags *d, symbi_severity sev);

/* ---- Months --------------------------------------------------------------- */

#define SYMBI_MONTHS_ALL 0x0fffu

/* Parse "1-12", "5-9", "1,2,11-12" (spaces allowed; wrapping ranges such as
 * "11-2" cover November to February) into a 12-bit mask, bit 0 = January.
 * Returns 0, or SYMBI_EINPUT with *out untouched. */
int symbi_months_parse(const char *s, uint16_t *out);
/* Format a mask back as ranges ("1-5,9-12") into buf (at least 40 bytes). */
void symbi_months_format(uint16_t mask, char *buf, size_t size);

/* ---- Units ---------------------------------------------------------------- */

/* A parsed unit: `factor` converts one unit of the input to the base unit of
 * its dimension per year (e.g. "kWh/day" -> energy, 0.001 * 365). */
typedef struct symbi_unit {
	symbi_dim dim;
	double to_base;     /* base units per input unit (no period) */
	double per_year;    /* periods per year: 1, 12, 52, 365, 8760 */
} symbi_unit;

/* Parse `t`, `kg`, `m3`, `l`, `MWh`, `kWh`, `GWh`, optionally followed by
 * `/yr`, `/year`, `/month`, `/week`, `/day`, `/h`. Case-insensitive for the
 * period and for `t`/`kg`/`l`; returns 0 or SYMBI_EINPUT. */
int symbi_unit_parse(const char *s, symbi_unit *out);

#ifdef __cplusplus
}
#endif
#endif
