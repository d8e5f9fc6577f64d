// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: the escape profiles, the one table of their names and grammar
 * ("name" or "name:ARG"), as docs/simulated-host.md lists them.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "hvsim.h"

DEFINE_SPINLOCK(hvsim_profile_lock);

static const char * const hvsim_profile_names[] = {
	[HVSIM_PROFILE_ECHO] = "echo",
	[HVSIM_PROFILE_EMPTY] = "empty",
	[HVSIM_PROFILE_STATUS] = "status",
	[HVSIM_PROFILE_TRUNCATE] = "truncate",
	[HVSIM_PROFILE_BUSY] = "busy",
	[HVSIM_PROFILE_HANG] = "hang",
	[HVSIM_PROFILE_RESCIND] = "rescind",
};

int hvsim_profile_parse(const char *s, struct hvsim_profile *p)
{
	char buf[32];
	char *arg;
	int i;

	if (!s || strscpy(buf, s, sizeof(buf)) < 0)
		return -EINVAL;
	strim(buf);
	arg = strchr(buf, ':');
	if (arg)
		*arg++ = '\0';

	for (i = 0; i < ARRAY_SIZE(hvsim_profile_names); i++)
		if (!strcmp(buf, hvsim_profile_names[i]))
			break;
	if (i == ARRAY_SIZE(hvsim_profile_names))
		return -EINVAL;

	p->kind = i;
	p->arg = 0;
	switch (p->kind) {
	case HVSIM_PROFILE_STATUS:
		p->arg = STATUS_BUFFER_TOO_SMALL;
		if (arg && kstrtou32(arg, 0, &p->arg))
			return -EINVAL;
		return 0;
	case HVSIM_PROFILE_TRUNCATE:
	case HVSIM_PROFILE_BUSY:
		if (!arg || kstrtou32(arg, 0, &p->arg))
			return -EINVAL;
		return 0;
	default:
		return arg ? -EINVAL : 0;
	}
}

int hvsim_profile_format(const struct hvsim_profile *p, char *buf, size_t size)
{
	const char *name = hvsim_profile_names[p->kind];

	switch (p->kind) {
	case HVSIM_PROFILE_STATUS:
		return scnprintf(buf, size, "%s:0x%08x\n", name, p->arg);
	case HVSIM_PROFILE_TRUNCATE:
	case HVSIM_PROFILE_BUSY:
		return scnprintf(buf, size, "%s:%u\n", name, p->arg);
	default:
		return scnprintf(buf, size, "%s\n", name);
	}
}

void hvsim_profile_set(struct hvsim_adapter *a, const struct hvsim_profile *p)
{
	spin_lock_irq(&hvsim_profile_lock);
	a->profile = *p;
	a->busy_left = p->kind == HVSIM_PROFILE_BUSY ? p->arg : 0;
	spin_unlock_irq(&hvsim_profile_lock);
	hvsim_release_held_all();
}
