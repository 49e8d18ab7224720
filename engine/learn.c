/* learn.c: being written. */
#include "internal.h"
