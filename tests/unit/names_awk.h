/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NAMES_AWK_H
#define _NAMES_AWK_H

#include <stdio.h>

/* print tools/lib/names.awk to @f */
void names_awk(FILE *f);

#endif
