/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User-space stand-in for <linux/kprobes.h>.  NOKPROBE_SYMBOL() keeps the
 * function's address, as the kernel's does in its blacklist section, so a
 * misspelt name still fails to build here.
 */
#ifndef _SHIM_LINUX_KPROBES_H
#define _SHIM_LINUX_KPROBES_H
#define NOKPROBE_SYMBOL(fname) \
	static void *const nokprobe_##fname __maybe_unused = (void *)&(fname)
#endif
