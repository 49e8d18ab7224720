/* score.c: being written. */
#include "internal.h"
