// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: errno and NTSTATUS names.
 */
#include <errno.h>

#include "dxg_status.h"

static const struct {
	int err;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" }, { EIO, "EIO" },
	{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
	{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" },
	{ ENODEV, "ENODEV" }, { EINVAL, "EINVAL" }, { ENOTTY, "ENOTTY" }, { ENOSPC, "ENOSPC" },
	{ EOVERFLOW, "EOVERFLOW" }, { EPROTOTYPE, "EPROTOTYPE" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EINPROGRESS, "EINPROGRESS" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EMSGSIZE, "EMSGSIZE" }, { 512, "ERESTARTSYS" },
};

const char *dxg_errno_name(int err)
{
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < ARRAY_SIZE(errno_names); i++)
		if (errno_names[i].err == err)
			return errno_names[i].name;
	return "E?";
}

/* ntstatus2int() read backwards (dxgkrnl misc.c, 6.6) */
static const struct {
	int err;
	u32 status;
	const char *name;
	bool exact;
} ntstatus_of[] = {
	{ 0, 0x00000000, "STATUS_SUCCESS", true },
	{ EEXIST, 0xC0000035, "STATUS_OBJECT_NAME_COLLISION", true },
	{ ENOMEM, 0xC0000017, "STATUS_NO_MEMORY", true },
	{ EINVAL, 0xC000000D, "STATUS_INVALID_PARAMETER", false },	/* also the default */
	{ ENOENT, 0xC0000034, "STATUS_OBJECT_NAME_NOT_FOUND", false },	/* or ..._INVALID */
	{ EOVERFLOW, 0xC0000023, "STATUS_BUFFER_TOO_SMALL", true },
	{ ENODEV, 0xC00002B6, "STATUS_DEVICE_REMOVED", true },
	{ EACCES, 0xC0000022, "STATUS_ACCESS_DENIED", true },
	{ EPERM, 0xC00000BB, "STATUS_NOT_SUPPORTED", false },		/* or NOT_IMPLEMENTED */
	{ EOPNOTSUPP, 0xC000001D, "STATUS_ILLEGAL_INSTRUCTION", true },
	{ EBADF, 0xC0000008, "STATUS_INVALID_HANDLE", true },
	{ EINPROGRESS, 0xC01E0102, "STATUS_GRAPHICS_ALLOCATION_BUSY", true },
	{ EPROTOTYPE, 0xC0000024, "STATUS_OBJECT_TYPE_MISMATCH", true },
	{ EAGAIN, 0x00000102, "STATUS_TIMEOUT", false },	/* dead case in ntstatus2int */
};

u32 dxg_errno_to_ntstatus(int ret, const char **name, bool *exact)
{
	int err = ret < 0 ? -ret : ret;
	size_t i;

	if (ret > 0) {	/* a success status passed through as a positive value */
		*name = "(positive: an NTSTATUS success code)";
		*exact = true;
		return (u32)ret;
	}
	for (i = 0; i < ARRAY_SIZE(ntstatus_of); i++) {
		if (ntstatus_of[i].err == err) {
			*name = ntstatus_of[i].name;
			*exact = ntstatus_of[i].exact;
			return ntstatus_of[i].status;
		}
	}
	*name = "STATUS_UNSUCCESSFUL (no ntstatus2int case maps to this errno)";
	*exact = false;
	return 0xC0000001;
}
