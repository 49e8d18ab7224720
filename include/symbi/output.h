/*
 * output.h: writers of the results (JSON, GeoJSON, GraphML, CSV, HTML).
 */
#ifndef SYMBI_OUTPUT_H
#define SYMBI_OUTPUT_H

#include <stdio.h>

#include "common.h"
#include "match.h"

#endif
