/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/errno.h>: adds the kernel-internal codes */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H
#include <asm-generic/errno.h>
#define ERESTARTSYS		512
#define ERESTARTNOINTR		513
#define ERESTARTNOHAND		514
#define ERESTART_RESTARTBLOCK	516
#endif
