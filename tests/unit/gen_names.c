// SPDX-License-Identifier: GPL-2.0
/* gen_names: print tools/lib/names.awk (make -C tests/unit names) */
#include "names_awk.h"

int main(void)
{
	names_awk(stdout);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
