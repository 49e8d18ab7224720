/*
 * words.h: the words symbi reads beside its own English ones — Norwegian
 * (bokmål) column names, direction values and units, and the other common
 * spellings of units — written once, as tables, in words.c. The README's
 * "Norwegian and other words" list is this table.
 */
#ifndef SYMBI_WORDS_H
#define SYMBI_WORDS_H

#include "internal.h"

/* One accepted word and the canonical English one it stands for. */
typedef struct symbi__word {
	const char *word;      /* as accepted (compared with symbi__word_casecmp) */
	const char *canonical; /* the English column name, direction or unit */
} symbi__word;

/* The column aliases of firms.csv and streams.csv (Norwegian and English
 * variants), one table for both files: a file uses the entries whose
 * canonical name is one of its columns. */
extern const symbi__word symbi__column_words[];
extern const size_t symbi__column_word_count;
/* Direction values: "tilbud" -> "supply", "behov" -> "demand". */
extern const symbi__word symbi__direction_words[];
extern const size_t symbi__direction_word_count;
/* Unit names ("tonn" -> "t", "m³" -> "m3") and period names ("år" -> "yr"). */
extern const symbi__word symbi__unit_words[];
extern const size_t symbi__unit_word_count;
extern const symbi__word symbi__period_words[];
extern const size_t symbi__period_word_count;

/* Compare, folding ASCII letters and the Norwegian letters Æ Ø Å (and É)
 * to lower case; other bytes compare as they are. */
int symbi__word_casecmp(const char *a, const char *b);

/* A copy of `s` in the arena with the letters symbi__word_casecmp folds
 * made lower case (NULL when out of memory). */
char *symbi__fold_dup(symbi__arena *a, const char *s);

/* The canonical word for `w` in `table` (itself when it is already a
 * canonical word of the table), or NULL. */
const char *symbi__word_find(const symbi__word *table, size_t n, const char *w);

/* Edit distance between a and b (Wagner and Fischer 1974, with the swap of
 * two neighbouring letters as one edit: the optimal string alignment
 * distance), or cap + 1 when it is above `cap` (the rows stop early then).
 * Strings of more than 255 bytes count as too far. O(|a| |b|). */
size_t symbi__levenshtein(const char *a, const char *b, size_t cap);

#endif
