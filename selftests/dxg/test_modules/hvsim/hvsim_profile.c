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
	[HVSIM_PROFILE_LONG] = "long",
	[HVSIM_PROFILE_STRAY] = "stray",
	[HVSIM_PROFILE_WRONGID] = "wrongid",
	[HVSIM_PROFILE_DUP] = "dup",
	[HVSIM_PROFILE_REORDER] = "reorder",
	[HVSIM_PROFILE_INBAND] = "inband",
	[HVSIM_PROFILE_LIMIT] = "limit",
};

/* The profiles that take a number K ("name:K") */
static bool hvsim_profile_takes_k(enum hvsim_profile_kind kind)
{
	return kind == HVSIM_PROFILE_TRUNCATE || kind == HVSIM_PROFILE_BUSY ||
	       kind == HVSIM_PROFILE_LONG || kind == HVSIM_PROFILE_REORDER;
}

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
	if (p->kind == HVSIM_PROFILE_STATUS) {
		p->arg = STATUS_BUFFER_TOO_SMALL;
		return arg && kstrtou32(arg, 0, &p->arg) ? -EINVAL : 0;
	}
	if (!hvsim_profile_takes_k(p->kind))
		return arg ? -EINVAL : 0;
	if (!arg || kstrtou32(arg, 0, &p->arg))
		return -EINVAL;
	/* reorder:0 would keep replies forever; long:K is bounded by the reply buffer */
	if ((p->kind == HVSIM_PROFILE_REORDER && !p->arg) ||
	    (p->kind == HVSIM_PROFILE_LONG && p->arg > HVSIM_REPLY_MAX))
		return -EINVAL;
	return 0;
}

int hvsim_profile_format(const struct hvsim_profile *p, char *buf, size_t size)
{
	const char *name = hvsim_profile_names[p->kind];

	if (p->kind == HVSIM_PROFILE_STATUS)
		return scnprintf(buf, size, "%s:0x%08x\n", name, p->arg);
	if (hvsim_profile_takes_k(p->kind))
		return scnprintf(buf, size, "%s:%u\n", name, p->arg);
	return scnprintf(buf, size, "%s\n", name);
}

void hvsim_profile_set(struct hvsim_adapter *a, const struct hvsim_profile *p)
{
	spin_lock_irq(&hvsim_profile_lock);
	a->profile = *p;
	a->busy_left = p->kind == HVSIM_PROFILE_BUSY ? p->arg : 0;
	spin_unlock_irq(&hvsim_profile_lock);
	hvsim_release_held_all();
}
