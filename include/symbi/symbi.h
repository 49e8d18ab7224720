/*
 * symbi.h: the whole public API of the symbi library.
 */
#ifndef SYMBI_SYMBI_H
#define SYMBI_SYMBI_H

#include "common.h"
#include "kb.h"
#include "learn.h"
#include "places.h"
#include "dataset.h"
#include "match.h"
#include "alloc.h"
#include "network.h"
#include "output.h"
#include "part.h"
#include "summary.h"
#include "tile.h"

#endif
