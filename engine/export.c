/* export.c: being written. */
#include "internal.h"
