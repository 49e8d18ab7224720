/* match.c: being written. */
#include "internal.h"
