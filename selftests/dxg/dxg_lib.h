/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The dxg selftest library, one header per concern: file helpers
 * (dxg_util.h), /dev/dxg and its adapters (dxg_device.h), escapes run in a
 * child under a watchdog (dxg_child.h), errno/NTSTATUS names (dxg_status.h),
 * dxgprobe's records (dxgp_records.h), the simulated host's controls
 * (hvsim_ctl.h) and its model of an escape (hvsim_model.h).  See
 * docs/selftests.md.
 */
#ifndef DXG_LIB_H
#define DXG_LIB_H

#include "dxg_util.h"
#include "dxg_device.h"
#include "dxg_child.h"
#include "dxg_status.h"
#include "dxgp_records.h"
#include "hvsim_ctl.h"
#include "hvsim_model.h"

#endif /* DXG_LIB_H */
