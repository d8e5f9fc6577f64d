/* SPDX-License-Identifier: GPL-2.0 */
/* User-space stand-in for <linux/types.h>, enough for dxgprobe/verdict.c */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#define __packed __attribute__((__packed__))
#endif
