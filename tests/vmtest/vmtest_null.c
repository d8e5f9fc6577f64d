// SPDX-License-Identifier: GPL-2.0
/*
 * Dereferences NULL at load time, on purpose: scripts/vmtest must report it.
 */
#include <linux/module.h>

static int *vmtest_null_target;

static int __init vmtest_null_init(void)
{
	/* READ_ONCE keeps the compiler from proving the load away. */
	return READ_ONCE(*READ_ONCE(vmtest_null_target)) ? 0 : -EINVAL;
}

static void __exit vmtest_null_exit(void)
{
}

module_init(vmtest_null_init);
module_exit(vmtest_null_exit);
MODULE_DESCRIPTION("vmtest self-test: a module that dereferences NULL");
MODULE_LICENSE("GPL");
MODULE_INFO(test, "Y");
