/* alloc.c: being written. */
#include "internal.h"
