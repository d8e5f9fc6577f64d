/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The foreign VMBus device shared by hvsim (host side, hvsim_foreign.c) and
 * hvpump.ko (the guest driver): its type GUID and the completion size.
 */
#ifndef _HVPUMP_H
#define _HVPUMP_H

/* f0f00000-1414-4856-5349-4d464f524549: no dxgkrnl driver matches it */
#define HVSIM_FOREIGN_GUID_INIT \
	GUID_INIT(0xf0f00000, 0x1414, 0x4856, 0x53, 0x49, 0x4d, 0x46, 0x4f, 0x52, 0x45, 0x49)

/* bytes of every completion the host sends on the foreign channel */
#define HVSIM_FOREIGN_REPLY	8

#endif /* _HVPUMP_H */
