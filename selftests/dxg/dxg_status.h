/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dxg selftest library: errno and NTSTATUS names.
 */
#ifndef DXG_STATUS_H
#define DXG_STATUS_H

#include "dxg_util.h"

/* errno and NTSTATUS */
const char *dxg_errno_name(int err);		/* "EOVERFLOW" for 75 or -75 */
/*
 * The NTSTATUS libdxcore reports for an ioctl result: the inverse of
 * dxgkrnl's ntstatus2int().  *exact is false when several statuses map to
 * the errno or none does.
 */
u32 dxg_errno_to_ntstatus(int ret, const char **name, bool *exact);

#endif /* DXG_STATUS_H */
