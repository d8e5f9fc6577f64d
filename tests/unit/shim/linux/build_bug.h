/* SPDX-License-Identifier: GPL-2.0 */
/*
 * static_assert(expr) with an optional message, as the kernel spells it:
 * C2x's static_assert from <assert.h> takes both forms (tests/unit/Makefile
 * builds with -std=gnu2x).
 */
#ifndef _SHIM_LINUX_BUILD_BUG_H
#define _SHIM_LINUX_BUILD_BUG_H
#include <assert.h>
#endif
