// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks one allocation at load time, on purpose: on the debug kernel
 * (kmemleak), scripts/vmtest must report it once kmemleak scans.
 */
#include <linux/module.h>
#include <linux/slab.h>

static int __init vmtest_leak_init(void)
{
	void *p = kmalloc(128, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 128);
	/* the only pointer to it goes out of scope here */
	return 0;
}

static void __exit vmtest_leak_exit(void)
{
}

module_init(vmtest_leak_init);
module_exit(vmtest_leak_exit);
MODULE_DESCRIPTION("vmtest self-test: a module that leaks 128 bytes");
MODULE_LICENSE("GPL");
MODULE_INFO(test, "Y");
