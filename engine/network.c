/* network.c: being written. */
#include "internal.h"
