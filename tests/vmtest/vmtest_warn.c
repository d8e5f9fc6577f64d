// SPDX-License-Identifier: GPL-2.0
/*
 * Hits a WARN_ON() at load time, on purpose: scripts/vmtest must report it.
 */
#include <linux/module.h>

static int warn_trigger = 1;
module_param(warn_trigger, int, 0444);
MODULE_PARM_DESC(warn_trigger, "hit the WARN_ON when non-zero (default 1)");

static int __init vmtest_warn_init(void)
{
	WARN_ON(warn_trigger);
	return 0;
}

static void __exit vmtest_warn_exit(void)
{
}

module_init(vmtest_warn_init);
module_exit(vmtest_warn_exit);
MODULE_DESCRIPTION("vmtest self-test: a module that hits WARN_ON");
MODULE_LICENSE("GPL");
MODULE_INFO(test, "Y");
