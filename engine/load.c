/* load.c: being written. */
#include "internal.h"
