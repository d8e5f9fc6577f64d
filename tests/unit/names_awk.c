// SPDX-License-Identifier: GPL-2.0
/*
 * scripts/lib/names.awk from the one list of each table in dxgprobe/verdict.h,
 * so that the user tools name verdicts and NTSTATUS values as the module does.
 * gen_names writes it (make -C tests/unit names); test_verdict fails when the
 * checked-in file differs from what this prints.
 */
#include <stdio.h>

#include "verdict.h"
#include "names_awk.h"

void names_awk(FILE *f)
{
	fputs("# SPDX-License-Identifier: GPL-2.0\n"
	      "#\n"
	      "# names.awk: GENERATED from dxgprobe/verdict.h (DXGPROBE_VERDICTS,\n"
	      "# DXGPROBE_NTSTATUSES) by `make -C tests/unit names`; do not edit.  The\n"
	      "# unit test names_awk_is_fresh fails when it is stale.  Load it before\n"
	      "# records.awk: V_<VERDICT> holds each verdict's name, NTSTATUS_NAME[\"c0000023\"]\n"
	      "# the name of an NTSTATUS (8 lower-case hex digits).\n"
	      "BEGIN {\n", f);
#define EM(a, b)	fprintf(f, "\t%s = \"%s\"\n", &#a[sizeof("DXGPROBE_") - 1], b);
#define EMe(a, b)	EM(a, b)
	DXGPROBE_VERDICTS
#undef EM
#undef EMe
#define EM(a, b)	fprintf(f, "\tNTSTATUS_NAME[\"%08x\"] = \"%s\"\n", (unsigned int)(a), b);
#define EMe(a, b)	EM(a, b)
	DXGPROBE_NTSTATUSES
#undef EM
#undef EMe
	fputs("}\n", f);
}
