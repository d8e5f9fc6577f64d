/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvsim: a simulated Hyper-V host for dxgkrnl, internal interfaces.
 *
 * hvsim_bus.c      the VMBus bus type, driver registration, hv_devices
 * hvsim_channel.c  vmbus_open/close/sendpacket, the rings, hv_pkt_iter_*
 * hvsim_proto.c    the dxgkrnl host protocol
 * hvsim_profile.c  the escape profiles: names, grammar, setting one
 * hvsim_views.c    the packet log and the counters shown in debugfs
 * hvsim_pci.c      the virtual PCI bus with the vGPU functions
 * hvsim_debugfs.c  /sys/kernel/debug/hvsim
 * hvsim_foreign.c  a non-dxgkrnl device for foreign traffic (foreign=1)
 */
#ifndef _HVSIM_H
#define _HVSIM_H

#include <linux/hyperv.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/interrupt.h>
#include <linux/seq_file.h>

#include "dxg_wire.h"

enum hvsim_chan_kind {
	HVSIM_CHAN_GLOBAL,
	HVSIM_CHAN_GPU,
	HVSIM_CHAN_NPU,
	HVSIM_CHAN_FOREIGN,	/* not dxgkrnl's: hvsim_foreign.c, foreign=1 */
};

#define HVSIM_NR_ADAPTERS	2	/* GPU (008E) and NPU (008A) */

enum hvsim_profile_kind {
	HVSIM_PROFILE_ECHO,
	HVSIM_PROFILE_EMPTY,
	HVSIM_PROFILE_STATUS,
	HVSIM_PROFILE_TRUNCATE,
	HVSIM_PROFILE_BUSY,
	HVSIM_PROFILE_HANG,
	HVSIM_PROFILE_RESCIND,
	/* a hostile host: docs/simulated-host.md, "Hostile profiles" */
	HVSIM_PROFILE_LONG,	/* the echo reply and K more bytes */
	HVSIM_PROFILE_STRAY,	/* a completion for an unknown trans_id, then the reply */
	HVSIM_PROFILE_WRONGID,	/* the reply under an unknown trans_id only */
	HVSIM_PROFILE_DUP,	/* the reply twice */
	HVSIM_PROFILE_REORDER,	/* kept until K are waiting, then answered last first */
	HVSIM_PROFILE_INBAND,	/* a host message of its own, then the reply */
	HVSIM_PROFILE_LIMIT,	/* a reply that fills the guest's packet buffer */
};

struct hvsim_profile {
	enum hvsim_profile_kind kind;
	u32 arg;		/* status value, or K for truncate, busy, long, reorder */
};

/* An unknown trans_id: the real one plus 2^32, which no waiter has yet */
#define HVSIM_STRAY_ID(trans_id)	((trans_id) + BIT_ULL(32))
/* The largest completion payload the host builds */
#define HVSIM_REPLY_MAX		(DXG_MAX_VM_BUS_PACKET_SIZE + 64)

/* A packet for the guest that waits: for room in the ring, or (reorder) its turn */
struct hvsim_out {
	struct list_head entry;
	u16 type;
	u64 trans_id;
	u32 len;
	u8 data[];
};

/* A byte ring with the VMBus packet framing (descriptor, payload, trailer) */
struct hvsim_ring {
	u8 *data;
	u32 size;
	u32 read;		/* committed by the reader */
	u32 priv_read;		/* the reader's cursor (hv_pkt_iter_*) */
	u32 write;
	u32 cur_len;		/* length of the packet at priv_read */
};

/* A request the host keeps without answering (profile "hang") */
struct hvsim_held {
	struct list_head entry;
	u64 trans_id;
	u32 len;
	u8 msg[];
};

/* One VMBus device and its only channel, as the guest sees them */
struct hvsim_vmdev {
	struct hv_device hdev;
	struct vmbus_channel chan;
	enum hvsim_chan_kind kind;
	struct hvsim_adapter *adapter;	/* NULL for the global channel */

	spinlock_t lock;		/* rings, opened, pending */
	bool opened;
	struct hvsim_ring out;		/* guest to host */
	struct hvsim_ring in;		/* host to guest */
	struct tasklet_struct rx_tasklet;
	struct work_struct host_work;
	u8 *host_buf;			/* the request being processed */
	u8 *reply_buf;			/* the reply being built */
	struct list_head pending;	/* hvsim_out waiting for room in the inbound ring */
	struct list_head deferred;	/* hvsim_out kept by reorder:K, newest first */
	u32 nr_deferred;
	bool release_held;
	struct list_head held;
};

struct hvsim_adapter {
	const char *name;		/* "gpu" or "npu" */
	enum hvsim_chan_kind kind;
	u16 pci_device;
	u32 pci_class;
	guid_t instance;		/* VMBus channel instance, LUID = first 8 bytes */
	struct winluid vgpu_luid;	/* config space offset 212 */
	struct winluid host_adapter_luid;
	const char *description;
	const char *instance_id;
	bool compute_only;

	struct hvsim_profile profile;	/* under hvsim_profile_lock */
	u32 busy_left;

	struct hvsim_vmdev *vmdev;
	u8 config[256];
	u32 guest_version;		/* written by the guest at 208 */
	u32 guest_caps;			/* written by the guest at 212 */

	/* host protocol state, under the host mutex */
	struct d3dkmthandle host_handle;
};

struct hvsim_stats {
	atomic64_t packets;
	atomic64_t bytes_in;
	atomic64_t completions;
	atomic64_t bytes_out;
	atomic64_t malformed;
	atomic64_t unknown;
	atomic64_t bad_handle;
	atomic64_t held;
	atomic64_t released;
	atomic64_t dropped;
	atomic64_t send_eagain;
	atomic64_t send_enodev;
	atomic64_t ring_full;
	atomic64_t stray;
	atomic64_t duplicates;
	atomic64_t inband;
	atomic64_t deferred;
};

#define HVSIM_NO_TYPE		U32_MAX

/* One line of the packet log (hvsim_views.c) */
struct hvsim_pkt_rec {
	u64 seq;
	u64 trans_id;
	const char *msg;
	u32 type;
	u32 size;
	s32 reply_len;		/* -1: no completion sent */
	s32 esc_size;		/* -1: not an escape */
	enum hvsim_chan_kind chan;
	bool held;
	bool late;
};

extern struct hvsim_adapter hvsim_adapters[HVSIM_NR_ADAPTERS];
extern struct hvsim_vmdev *hvsim_global_vmdev;
extern spinlock_t hvsim_profile_lock;
extern struct hvsim_stats hvsim_stats;
extern struct workqueue_struct *hvsim_wq;
extern unsigned int hvsim_vmbus_version;
extern bool hvsim_async_msg;
extern struct device *hvsim_root;

const char *hvsim_chan_name(enum hvsim_chan_kind kind);

/* hvsim_bus.c */
int hvsim_bus_init(void);
void hvsim_bus_exit(void);
struct hvsim_vmdev *hvsim_vmdev_add(enum hvsim_chan_kind kind, const guid_t *type,
				    const guid_t *instance, struct hvsim_adapter *adapter);
void hvsim_vmdev_del(struct hvsim_vmdev *vd);

/* hvsim_channel.c */
void hvsim_channel_init(struct hvsim_vmdev *vd);
int hvsim_deliver(struct hvsim_vmdev *vd, u64 trans_id, const void *data, u32 len);
int hvsim_send_inband(struct hvsim_vmdev *vd, const void *data, u32 len);
int hvsim_defer(struct hvsim_vmdev *vd, u64 trans_id, const void *data, u32 len, u32 k);
int hvsim_hold(struct hvsim_vmdev *vd, u64 trans_id, const void *msg, u32 len);
void hvsim_release_held_all(void);

/* hvsim_proto.c */
int hvsim_proto_init(void);
void hvsim_proto_exit(void);
struct hvsim_adapter *hvsim_proto_target(struct hvsim_vmdev *vd, const void *msg, u32 len);
struct hvsim_adapter *hvsim_proto_escape_target(struct hvsim_vmdev *vd, const void *msg,
						u32 len);
void hvsim_proto_handle(struct hvsim_vmdev *vd, const struct vmpacket_descriptor *desc,
			const u8 *msg, u32 len, bool late);
void hvsim_proto_msgs_show(struct seq_file *m);
void hvsim_proto_msgs_clear(void);

/* hvsim_profile.c */
int hvsim_profile_parse(const char *s, struct hvsim_profile *p);
int hvsim_profile_format(const struct hvsim_profile *p, char *buf, size_t size);
void hvsim_profile_set(struct hvsim_adapter *a, const struct hvsim_profile *p);

/* hvsim_views.c */
void hvsim_log_add(const struct hvsim_pkt_rec *rec);
void hvsim_log_show(struct seq_file *m);
void hvsim_log_clear(void);
void hvsim_stats_show(struct seq_file *m);
void hvsim_stats_clear(void);

/* hvsim_pci.c */
int hvsim_pci_init(void);
void hvsim_pci_exit(void);

/* hvsim_foreign.c */
extern bool hvsim_foreign;
int hvsim_foreign_init(void);
void hvsim_foreign_exit(void);
void hvsim_foreign_handle(struct hvsim_vmdev *vd, const struct vmpacket_descriptor *desc,
			  const u8 *msg, u32 len);

/* hvsim_debugfs.c */
void hvsim_debugfs_init(void);
void hvsim_debugfs_exit(void);

#endif /* _HVSIM_H */
