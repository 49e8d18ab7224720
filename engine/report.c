/* report.c: being written. */
#include "internal.h"
