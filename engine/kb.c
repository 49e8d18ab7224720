/* kb.c: being written. */
#include "internal.h"
