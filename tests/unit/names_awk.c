// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lib/names.awk from the one list of each table in dxgprobe/verdict.h,
 * so that the user tools name verdicts and NTSTATUS values as the module does.
 * gen_names writes it (make -C tests/unit names); test_verdict fails when the
 * checked-in file differs from what this prints.
 */
#include <stdio.h>

#include <linux/kernel.h>
#include "verdict.h"
#include "names_awk.h"

struct entry {
	unsigned int value;
	const char *id;		/* the enum constant, for a verdict */
	const char *name;
};

#define EM(value, name)		{ value, #value, name },
#define EM_END(value, name)	{ value, #value, name },
static const struct entry verdicts[] = { DXGPROBE_VERDICTS(dxgprobe_list) };
static const struct entry ntstatuses[] = { DXGPROBE_NTSTATUSES(dxgprobe_list) };
#undef EM
#undef EM_END

void names_awk(FILE *f)
{
	size_t i;

	fputs("# SPDX-License-Identifier: GPL-2.0\n"
	      "#\n"
	      "# names.awk: GENERATED from dxgprobe/verdict.h (DXGPROBE_VERDICTS,\n"
	      "# DXGPROBE_NTSTATUSES) by `make -C tests/unit names`; do not edit.  The\n"
	      "# unit test names_awk_is_fresh fails when it is stale.  Load it before\n"
	      "# records.awk: V_<VERDICT> holds each verdict's name, NTSTATUS_NAME[\"c0000023\"]\n"
	      "# the name of an NTSTATUS (8 lower-case hex digits).\n"
	      "BEGIN {\n", f);
	/* DXGPROBE_V_OK becomes V_OK */
	for (i = 0; i < ARRAY_SIZE(verdicts); i++)
		fprintf(f, "\t%s = \"%s\"\n", verdicts[i].id + sizeof("DXGPROBE_") - 1,
			verdicts[i].name);
	for (i = 0; i < ARRAY_SIZE(ntstatuses); i++)
		fprintf(f, "\tNTSTATUS_NAME[\"%08x\"] = \"%s\"\n", ntstatuses[i].value,
			ntstatuses[i].name);
	fputs("}\n", f);
}
