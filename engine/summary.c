/* summary.c: being written. */
#include "internal.h"
