/* SPDX-License-Identifier: GPL-2.0 */
/* dxgprobe: what the files of the module share (probes, debugfs, params) */
#ifndef _DXGPROBE_H
#define _DXGPROBE_H

#include <linux/ftrace.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>

enum dxgprobe_point_state {
	DXGPROBE_UNAVAILABLE,
	DXGPROBE_ATTACHED,
	DXGPROBE_ERROR,
};

/*
 * An attach point is a kretprobe (entry; every return goes to one
 * dispatcher, which reads the layer) or, where only the entry is needed, an
 * ftrace hook (fentry): no return instance, and no miss when it fires in a
 * softirq on top of another kprobe's handler.
 */
struct dxgprobe_point {
	const char *symbol;
	u8 layer;
	kretprobe_handler_t entry;
	ftrace_func_t fentry;
	struct kretprobe rp;
	struct ftrace_ops ops;
	enum dxgprobe_point_state state;
	int err;
	char where[MODULE_NAME_LEN];	/* "vmlinux" or the module holding it */
	unsigned long nmissed_before;	/* from earlier registrations */
};

extern struct dxgprobe_point dxgprobe_points[];
extern const unsigned int dxgprobe_nr_points;
extern u32 dxgprobe_attached;		/* layer mask, updated under the mutex */
extern struct mutex dxgprobe_attach_mutex;
extern unsigned int dxgprobe_maxactive;

int dxgprobe_points_attach(void);
unsigned int dxgprobe_points_detach(struct module *mod);
unsigned long dxgprobe_point_nmissed(const struct dxgprobe_point *p);
unsigned long dxgprobe_point_hits(unsigned int i);
void dxgprobe_points_clear_hits(void);

void dxgprobe_debugfs_init(void);
void dxgprobe_debugfs_exit(void);

#endif /* _DXGPROBE_H */
