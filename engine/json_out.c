/* json_out.c: being written. */
#include "internal.h"
