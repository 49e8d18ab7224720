/* kb_load.c: being written. */
#include "internal.h"
