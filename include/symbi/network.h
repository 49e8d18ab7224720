/*
 * network.h: the firm network built from partnerships, its clusters, chains
 * and loops, and the portfolio of candidate projects.
 */
#ifndef SYMBI_NETWORK_H
#define SYMBI_NETWORK_H

#include "common.h"
#include "match.h"

#endif
