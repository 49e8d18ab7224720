/*
 * legal.c: the legal gate of the pair check (pair.h): whether the law lets a
 * supply go to a receiver by a given way, whatever its worth. Every search
 * asks it for every way that passed the other tests (declared and
 * substitution matches in the full scan and the ranked search, sector
 * potential, and so the tiles, which run the same searches).
 *
 * For now every way is let through; the gates for hazardous waste, animal
 * by-products, water grades and conversions come here (issue 13), each with
 * the rule or regulation it applies.
 */
#include "pair.h"

symbi_pair_reason symbi__legal_gate(const symbi_kb *kb, const symbi_firm *A, const symbi_stream *S,
                                    int32_t rule, const symbi_firm *B, const symbi_stream *D)
{
	(void)kb;
	(void)A;
	(void)S;
	(void)rule;
	(void)B;
	(void)D;
	return SYMBI_PAIR_OK;
}
