/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/types.h>, enough for dxgprobe/verdict.c */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H
#include <stdbool.h>
#include <stddef.h>
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef long long s64;
#endif
