// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: VMBus channels, rings and packet iteration.
 *
 * The exported functions carry the real hv_vmbus names and prototypes on
 * purpose (see <linux/hyperv.h>): a guest driver links to them unmodified,
 * and a kprobe on vmbus_sendpacket, hv_pkt_iter_first or __hv_pkt_iter_next
 * sees the same arguments and return values as on Hyper-V.
 *
 * What mirrors Hyper-V: the packet framing (16-byte vmpacket_descriptor,
 * payload padded to 8 bytes, 8-byte trailer), -EAGAIN when the outbound ring
 * is full, trans_id = the sender's request id, VM_PKT_COMP replies copied out
 * of the inbound ring into channel->inbound.pkt_buffer (clamped to
 * max_pkt_size), the channel callback run from a tasklet.
 * What is simplified: the rings are private memory, not shared pages; the
 * host is a work item that consumes the outbound ring; no interrupts, no
 * monitor pages, no GPADL handshake.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mutex.h>

#include "hvsim.h"

#define HVSIM_PKT_TRAILER	sizeof(u64)

static u32 hvsim_ring_used(const struct hvsim_ring *r, u32 from)
{
	return (r->write + r->size - from) % r->size;
}

static u32 hvsim_ring_avail_write(const struct hvsim_ring *r)
{
	return r->size - hvsim_ring_used(r, r->read);
}

static void hvsim_ring_copy_in(struct hvsim_ring *r, u32 *pos, const void *src, u32 len)
{
	u32 first = min(len, r->size - *pos);

	if (src) {
		memcpy(r->data + *pos, src, first);
		memcpy(r->data, src + first, len - first);
	} else {
		memset(r->data + *pos, 0, first);
		memset(r->data, 0, len - first);
	}
	*pos = (*pos + len) % r->size;
}

static void hvsim_ring_copy_out(const struct hvsim_ring *r, u32 pos, void *dst, u32 len)
{
	u32 first = min(len, r->size - pos);

	memcpy(dst, r->data + pos, first);
	memcpy(dst + first, r->data, len - first);
}

/*
 * Append one packet: descriptor, payload, zero padding to 8 bytes, trailer.
 * The trailer's upper half is the start index like hv_ringbuffer_write();
 * its lower half (reserved on Hyper-V) keeps the exact payload length for
 * the host's packet log.  Called with vd->lock held.
 */
static int hvsim_ring_put(struct hvsim_ring *r, u16 type, u16 flags, u64 trans_id,
			  const void *data, u32 len)
{
	struct vmpacket_descriptor desc = {};
	u32 aligned = ALIGN(sizeof(desc) + len, 8);
	u32 pos = r->write;
	u64 trailer;

	if (aligned >> 3 > U16_MAX)
		return -EMSGSIZE;
	if (hvsim_ring_avail_write(r) <= aligned + HVSIM_PKT_TRAILER)
		return -EAGAIN;

	desc.type = type;
	desc.offset8 = sizeof(desc) >> 3;
	desc.len8 = aligned >> 3;
	desc.flags = flags;
	desc.trans_id = trans_id;
	trailer = ((u64)r->write << 32) | len;

	hvsim_ring_copy_in(r, &pos, &desc, sizeof(desc));
	hvsim_ring_copy_in(r, &pos, data, len);
	hvsim_ring_copy_in(r, &pos, NULL, aligned - sizeof(desc) - len);
	hvsim_ring_copy_in(r, &pos, &trailer, sizeof(trailer));
	/* the reader must see the bytes before the index */
	smp_store_release(&r->write, pos);
	return 0;
}

static void hvsim_rx_tasklet(struct tasklet_struct *t)
{
	struct hvsim_vmdev *vd = from_tasklet(vd, t, rx_tasklet);
	void (*cb)(void *ctx) = READ_ONCE(vd->chan.onchannel_callback);

	if (READ_ONCE(vd->opened) && cb)
		cb(vd->chan.channel_callback_context);
}

static void hvsim_out_sent(struct hvsim_vmdev *vd, u16 type, u32 len)
{
	if (type == VM_PKT_COMP) {
		atomic64_inc(&hvsim_stats.completions);
		atomic64_add(len, &hvsim_stats.bytes_out);
	}
	tasklet_schedule(&vd->rx_tasklet);
}

/* Send what waits for room, in order; false while some still waits.  vd->lock held */
static bool hvsim_flush_pending(struct hvsim_vmdev *vd)
{
	struct hvsim_out *o, *tmp;

	list_for_each_entry_safe(o, tmp, &vd->pending, entry) {
		if (hvsim_ring_put(&vd->in, o->type, 0, o->trans_id, o->data, o->len))
			return false;
		hvsim_out_sent(vd, o->type, o->len);
		list_del(&o->entry);
		kvfree(o);
	}
	return true;
}

static struct hvsim_out *hvsim_out_new(u16 type, u64 trans_id, const void *data, u32 len)
{
	struct hvsim_out *o = kvmalloc(struct_size(o, data, len), GFP_KERNEL);

	if (!o)
		return NULL;
	o->type = type;
	o->trans_id = trans_id;
	o->len = len;
	memcpy(o->data, data, len);
	return o;
}

/*
 * Queue one packet for the guest (VM_PKT_COMP for trans_id, or a host
 * message).  When the inbound ring is full, or older packets wait, it
 * waits behind them and the host stops until the guest has read
 * (hv_pkt_iter_close).  Host work context.
 */
static int hvsim_send_to_guest(struct hvsim_vmdev *vd, u16 type, u64 trans_id,
			       const void *data, u32 len)
{
	struct hvsim_out *o;
	int ret;

	if (WARN_ON_ONCE(len > HVSIM_REPLY_MAX))
		return -EMSGSIZE;

	spin_lock_irq(&vd->lock);
	if (!vd->opened) {
		spin_unlock_irq(&vd->lock);
		return -ENODEV;
	}
	/* a packet larger than the guest's whole ring could never be delivered */
	if (ALIGN(sizeof(struct vmpacket_descriptor) + len, 8) + HVSIM_PKT_TRAILER >= vd->in.size) {
		spin_unlock_irq(&vd->lock);
		atomic64_inc(&hvsim_stats.dropped);
		return -EMSGSIZE;
	}
	ret = list_empty(&vd->pending) ?
	      hvsim_ring_put(&vd->in, type, 0, trans_id, data, len) : -EAGAIN;
	if (!ret)
		hvsim_out_sent(vd, type, len);
	spin_unlock_irq(&vd->lock);
	if (ret != -EAGAIN)
		return ret;

	/* only the host work delivers on this channel: nothing overtakes the copy */
	atomic64_inc(&hvsim_stats.ring_full);
	o = hvsim_out_new(type, trans_id, data, len);
	if (!o) {
		atomic64_inc(&hvsim_stats.dropped);
		return -ENOMEM;
	}
	spin_lock_irq(&vd->lock);
	if (vd->opened) {
		list_add_tail(&o->entry, &vd->pending);
		o = NULL;
	}
	spin_unlock_irq(&vd->lock);
	kvfree(o);
	return 0;
}

int hvsim_deliver(struct hvsim_vmdev *vd, u64 trans_id, const void *data, u32 len)
{
	return hvsim_send_to_guest(vd, VM_PKT_COMP, trans_id, data, len);
}

/* A message of the host's own: VM_PKT_DATA_INBAND, trans_id 0, no completion wanted */
int hvsim_send_inband(struct hvsim_vmdev *vd, const void *data, u32 len)
{
	int ret = hvsim_send_to_guest(vd, VM_PKT_DATA_INBAND, 0, data, len);

	if (!ret)
		atomic64_inc(&hvsim_stats.inband);
	return ret;
}

static void hvsim_deliver_deferred(struct hvsim_vmdev *vd)
{
	struct hvsim_out *o;

	for (;;) {
		spin_lock_irq(&vd->lock);
		o = list_first_entry_or_null(&vd->deferred, struct hvsim_out, entry);
		if (o) {
			list_del(&o->entry);
			vd->nr_deferred--;
		}
		spin_unlock_irq(&vd->lock);
		if (!o)
			return;
		hvsim_deliver(vd, o->trans_id, o->data, o->len);
		kvfree(o);
	}
}

/*
 * reorder:K: keep the completion until K wait on this channel, then send
 * them newest first.  A profile change sends the kept ones at once.
 */
int hvsim_defer(struct hvsim_vmdev *vd, u64 trans_id, const void *data, u32 len, u32 k)
{
	struct hvsim_out *o = hvsim_out_new(VM_PKT_COMP, trans_id, data, len);
	bool full;

	if (!o)
		return hvsim_deliver(vd, trans_id, data, len);
	spin_lock_irq(&vd->lock);
	if (!vd->opened) {
		spin_unlock_irq(&vd->lock);
		kvfree(o);
		return -ENODEV;
	}
	list_add(&o->entry, &vd->deferred);
	full = ++vd->nr_deferred >= k;
	spin_unlock_irq(&vd->lock);
	atomic64_inc(&hvsim_stats.deferred);
	if (full)
		hvsim_deliver_deferred(vd);
	return 0;
}

/* The host: consume the outbound ring, one request at a time */
static void hvsim_host_work(struct work_struct *work)
{
	struct hvsim_vmdev *vd = container_of(work, struct hvsim_vmdev, host_work);
	struct vmpacket_descriptor desc;
	struct hvsim_held *h;
	LIST_HEAD(held);
	u64 trailer;
	u32 pkt_len;

	for (;;) {
		spin_lock_irq(&vd->lock);
		if (!vd->opened || !hvsim_flush_pending(vd)) {
			spin_unlock_irq(&vd->lock);
			break;
		}
		if (vd->release_held) {
			list_splice_tail_init(&vd->held, &held);
			vd->release_held = false;
			if (vd->nr_deferred) {
				spin_unlock_irq(&vd->lock);
				hvsim_deliver_deferred(vd);
				continue;
			}
		}
		h = list_first_entry_or_null(&held, struct hvsim_held, entry);
		if (h) {
			list_del(&h->entry);
			spin_unlock_irq(&vd->lock);

			memset(&desc, 0, sizeof(desc));
			desc.type = VM_PKT_DATA_INBAND;
			desc.flags = VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED;
			desc.trans_id = h->trans_id;
			hvsim_proto_handle(vd, &desc, h->msg, h->len, true);
			kvfree(h);
			continue;
		}
		if (hvsim_ring_used(&vd->out, vd->out.read) < sizeof(desc)) {
			spin_unlock_irq(&vd->lock);
			break;
		}
		hvsim_ring_copy_out(&vd->out, vd->out.read, &desc, sizeof(desc));
		pkt_len = desc.len8 << 3;
		hvsim_ring_copy_out(&vd->out, (vd->out.read + pkt_len) % vd->out.size,
				    &trailer, sizeof(trailer));
		hvsim_ring_copy_out(&vd->out, (vd->out.read + sizeof(desc)) % vd->out.size,
				    vd->host_buf, pkt_len - sizeof(desc));
		vd->out.read = (vd->out.read + pkt_len + HVSIM_PKT_TRAILER) % vd->out.size;
		spin_unlock_irq(&vd->lock);

		if (vd->kind == HVSIM_CHAN_FOREIGN)
			hvsim_foreign_handle(vd, &desc, vd->host_buf, lower_32_bits(trailer));
		else
			hvsim_proto_handle(vd, &desc, vd->host_buf, lower_32_bits(trailer),
					   false);
	}

	/* requests taken for release but not reprocessed: keep them held */
	if (!list_empty(&held)) {
		spin_lock_irq(&vd->lock);
		list_splice(&held, &vd->held);
		spin_unlock_irq(&vd->lock);
	}
}

/* Keep a request unanswered (profile "hang"); host work context */
int hvsim_hold(struct hvsim_vmdev *vd, u64 trans_id, const void *msg, u32 len)
{
	struct hvsim_held *h;

	h = kvmalloc(struct_size(h, msg, len), GFP_KERNEL);
	if (!h)
		return -ENOMEM;
	h->trans_id = trans_id;
	h->len = len;
	memcpy(h->msg, msg, len);

	spin_lock_irq(&vd->lock);
	list_add_tail(&h->entry, &vd->held);
	spin_unlock_irq(&vd->lock);
	return 0;
}

static void hvsim_kick_release(struct hvsim_vmdev *vd)
{
	unsigned long flags;

	if (!vd)
		return;
	spin_lock_irqsave(&vd->lock, flags);
	if (vd->opened && (!list_empty(&vd->held) || vd->nr_deferred)) {
		vd->release_held = true;
		queue_work(hvsim_wq, &vd->host_work);
	}
	spin_unlock_irqrestore(&vd->lock, flags);
}

/* A profile changed: the held requests get answered by the new profile */
void hvsim_release_held_all(void)
{
	int i;

	hvsim_kick_release(hvsim_global_vmdev);
	for (i = 0; i < HVSIM_NR_ADAPTERS; i++)
		hvsim_kick_release(hvsim_adapters[i].vmdev);
}

void hvsim_channel_init(struct hvsim_vmdev *vd)
{
	spin_lock_init(&vd->lock);
	INIT_LIST_HEAD(&vd->held);
	INIT_LIST_HEAD(&vd->pending);
	INIT_LIST_HEAD(&vd->deferred);
	INIT_WORK(&vd->host_work, hvsim_host_work);
	tasklet_setup(&vd->rx_tasklet, hvsim_rx_tasklet);
	vd->chan.max_pkt_size = VMBUS_DEFAULT_MAX_PKT_SIZE;
	vd->chan.state = CHANNEL_OFFER_STATE;
}

static void hvsim_out_free_all(struct list_head *list)
{
	struct hvsim_out *o, *tmp;

	list_for_each_entry_safe(o, tmp, list, entry) {
		list_del(&o->entry);
		atomic64_inc(&hvsim_stats.dropped);
		kvfree(o);
	}
}

static void hvsim_channel_free(struct hvsim_vmdev *vd)
{
	struct hvsim_held *h, *tmp;

	list_for_each_entry_safe(h, tmp, &vd->held, entry) {
		list_del(&h->entry);
		atomic64_inc(&hvsim_stats.dropped);
		kvfree(h);
	}
	hvsim_out_free_all(&vd->pending);
	hvsim_out_free_all(&vd->deferred);
	vd->nr_deferred = 0;
	vfree(vd->out.data);
	vfree(vd->in.data);
	kvfree(vd->host_buf);
	kvfree(vd->reply_buf);
	kvfree(vd->chan.inbound.pkt_buffer);
	vd->out.data = NULL;
	vd->in.data = NULL;
	vd->host_buf = NULL;
	vd->reply_buf = NULL;
	vd->chan.inbound.pkt_buffer = NULL;
	vd->chan.inbound.pkt_buffer_size = 0;
}

int vmbus_open(struct vmbus_channel *newchannel, u32 send_ringbuffer_size,
	       u32 recv_ringbuffer_size, void *userdata, u32 userdatalen,
	       void (*onchannel_callback)(void *context), void *context)
{
	struct hvsim_vmdev *vd = container_of(newchannel, struct hvsim_vmdev, chan);
	u32 pkt_size = newchannel->max_pkt_size ?: VMBUS_DEFAULT_MAX_PKT_SIZE;

	if (send_ringbuffer_size % PAGE_SIZE || recv_ringbuffer_size % PAGE_SIZE ||
	    send_ringbuffer_size <= PAGE_SIZE || recv_ringbuffer_size <= PAGE_SIZE)
		return -EINVAL;
	if (vd->opened)
		return -EINVAL;

	/* each real ring starts with a one-page header, not counted as data */
	memset(&vd->out, 0, sizeof(vd->out));
	memset(&vd->in, 0, sizeof(vd->in));
	vd->out.size = send_ringbuffer_size - PAGE_SIZE;
	vd->in.size = recv_ringbuffer_size - PAGE_SIZE;
	vd->out.data = vmalloc(vd->out.size);
	vd->in.data = vmalloc(vd->in.size);
	vd->host_buf = kvmalloc(vd->out.size, GFP_KERNEL);
	vd->reply_buf = kvmalloc(HVSIM_REPLY_MAX, GFP_KERNEL);
	newchannel->inbound.pkt_buffer = kvzalloc(pkt_size, GFP_KERNEL);
	newchannel->inbound.pkt_buffer_size = pkt_size;
	if (!vd->out.data || !vd->in.data || !vd->host_buf || !vd->reply_buf ||
	    !newchannel->inbound.pkt_buffer) {
		hvsim_channel_free(vd);
		return -ENOMEM;
	}
	vd->release_held = false;
	newchannel->onchannel_callback = onchannel_callback;
	newchannel->channel_callback_context = context;
	newchannel->state = CHANNEL_OPENED_STATE;

	spin_lock_irq(&vd->lock);
	vd->opened = true;
	spin_unlock_irq(&vd->lock);
	dev_dbg(&vd->hdev.device, "channel %s opened\n", hvsim_chan_name(vd->kind));
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_open);

void vmbus_close(struct vmbus_channel *channel)
{
	struct hvsim_vmdev *vd = container_of(channel, struct hvsim_vmdev, chan);

	spin_lock_irq(&vd->lock);
	if (!vd->opened) {
		spin_unlock_irq(&vd->lock);
		return;
	}
	vd->opened = false;
	spin_unlock_irq(&vd->lock);

	/* nothing runs the host or the guest callback after this */
	cancel_work_sync(&vd->host_work);
	tasklet_kill(&vd->rx_tasklet);

	channel->onchannel_callback = NULL;
	channel->channel_callback_context = NULL;
	channel->state = CHANNEL_OFFER_STATE;
	hvsim_channel_free(vd);
	dev_dbg(&vd->hdev.device, "channel %s closed\n", hvsim_chan_name(vd->kind));
}
EXPORT_SYMBOL_GPL(vmbus_close);

/* Send-side faults of the profiles "rescind" and "busy:K", for escapes */
static int hvsim_send_fault(struct hvsim_vmdev *vd, const void *buffer, u32 bufferlen)
{
	struct hvsim_adapter *a = hvsim_proto_escape_target(vd, buffer, bufferlen);
	unsigned long flags;
	int ret = 0;

	if (!a)
		return 0;
	spin_lock_irqsave(&hvsim_profile_lock, flags);
	if (a->profile.kind == HVSIM_PROFILE_RESCIND) {
		ret = -ENODEV;
	} else if (a->profile.kind == HVSIM_PROFILE_BUSY && a->busy_left) {
		a->busy_left--;
		ret = -EAGAIN;
	}
	spin_unlock_irqrestore(&hvsim_profile_lock, flags);

	if (ret == -ENODEV)
		atomic64_inc(&hvsim_stats.send_enodev);
	else if (ret == -EAGAIN)
		atomic64_inc(&hvsim_stats.send_eagain);
	return ret;
}

int vmbus_sendpacket(struct vmbus_channel *channel, void *buffer, u32 bufferlen,
		     u64 requestid, enum vmbus_packet_type type, u32 flags)
{
	struct hvsim_vmdev *vd = container_of(channel, struct hvsim_vmdev, chan);
	unsigned long irqflags;
	int ret;

	if (channel->rescind)
		return -ENODEV;
	/* the escape profiles' faults are dxgkrnl's; the foreign channel has none */
	ret = vd->kind == HVSIM_CHAN_FOREIGN ? 0 : hvsim_send_fault(vd, buffer, bufferlen);
	if (ret)
		return ret;

	spin_lock_irqsave(&vd->lock, irqflags);
	if (!vd->opened) {
		ret = -EINVAL;
	} else {
		ret = hvsim_ring_put(&vd->out, type, flags, requestid, buffer, bufferlen);
		if (!ret)
			queue_work(hvsim_wq, &vd->host_work);
		else if (ret == -EAGAIN)
			atomic64_inc(&hvsim_stats.ring_full);
	}
	spin_unlock_irqrestore(&vd->lock, irqflags);
	return ret;
}
EXPORT_SYMBOL(vmbus_sendpacket);

/*
 * Copy the packet at the reader's cursor into inbound.pkt_buffer, clamped
 * to its size like the real ring code, and return the copy.
 */
struct vmpacket_descriptor *hv_pkt_iter_first(struct vmbus_channel *channel)
{
	struct hvsim_vmdev *vd = container_of(channel, struct hvsim_vmdev, chan);
	struct vmpacket_descriptor *desc = NULL;
	u32 avail, pkt_len, copy_len, offset;
	unsigned long flags;

	spin_lock_irqsave(&vd->lock, flags);
	if (!vd->opened)
		goto out;
	avail = hvsim_ring_used(&vd->in, vd->in.priv_read);
	if (avail < sizeof(*desc))
		goto out;

	desc = channel->inbound.pkt_buffer;
	hvsim_ring_copy_out(&vd->in, vd->in.priv_read, desc, sizeof(*desc));
	pkt_len = desc->len8 << 3;
	copy_len = min(pkt_len, channel->inbound.pkt_buffer_size);
	offset = min_t(u32, desc->offset8 << 3, copy_len);
	hvsim_ring_copy_out(&vd->in, vd->in.priv_read, desc, copy_len);
	desc->offset8 = offset >> 3;
	desc->len8 = copy_len >> 3;
	vd->in.cur_len = pkt_len + HVSIM_PKT_TRAILER;
out:
	spin_unlock_irqrestore(&vd->lock, flags);
	return desc;
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_first);

struct vmpacket_descriptor *__hv_pkt_iter_next(struct vmbus_channel *channel,
					       const struct vmpacket_descriptor *pkt)
{
	struct hvsim_vmdev *vd = container_of(channel, struct hvsim_vmdev, chan);
	unsigned long flags;

	spin_lock_irqsave(&vd->lock, flags);
	if (vd->opened)
		vd->in.priv_read = (vd->in.priv_read + vd->in.cur_len) % vd->in.size;
	vd->in.cur_len = 0;
	spin_unlock_irqrestore(&vd->lock, flags);

	return hv_pkt_iter_first(channel);
}
EXPORT_SYMBOL_GPL(__hv_pkt_iter_next);

/* The reader is done: free the space and let a waiting host continue */
void hv_pkt_iter_close(struct vmbus_channel *channel)
{
	struct hvsim_vmdev *vd = container_of(channel, struct hvsim_vmdev, chan);
	unsigned long flags;

	spin_lock_irqsave(&vd->lock, flags);
	if (vd->opened) {
		vd->in.read = vd->in.priv_read;
		if (!list_empty(&vd->pending))
			queue_work(hvsim_wq, &vd->host_work);
	}
	spin_unlock_irqrestore(&vd->lock, flags);
}
EXPORT_SYMBOL_GPL(hv_pkt_iter_close);

/* GPADLs: handles only; the host never maps guest memory here */
static atomic_t hvsim_next_gpadl = ATOMIC_INIT(0xe1e10);

int vmbus_establish_gpadl(struct vmbus_channel *channel, void *kbuffer, u32 size,
			  struct vmbus_gpadl *gpadl)
{
	if (!kbuffer || !size)
		return -EINVAL;
	gpadl->gpadl_handle = atomic_inc_return(&hvsim_next_gpadl);
	gpadl->buffer = kbuffer;
	gpadl->size = size;
	gpadl->decrypted = false;
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_establish_gpadl);

int vmbus_teardown_gpadl(struct vmbus_channel *channel, struct vmbus_gpadl *gpadl)
{
	gpadl->gpadl_handle = 0;
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_teardown_gpadl);

/*
 * MMIO: address ranges handed out from a window no RAM or device uses,
 * never entered in iomem_resource; nothing may map them.
 */
#define HVSIM_MMIO_BASE		0x3f0000000000ULL

struct hvsim_mmio {
	struct list_head entry;
	struct resource res;
};

static LIST_HEAD(hvsim_mmio_list);
static DEFINE_MUTEX(hvsim_mmio_lock);
static resource_size_t hvsim_mmio_next = HVSIM_MMIO_BASE;

int vmbus_allocate_mmio(struct resource **new, struct hv_device *device_obj,
			resource_size_t min, resource_size_t max,
			resource_size_t size, resource_size_t align,
			bool fb_overlap_ok)
{
	struct hvsim_mmio *m;
	resource_size_t start;

	if (!size)
		return -EINVAL;
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;

	mutex_lock(&hvsim_mmio_lock);
	start = ALIGN(max(hvsim_mmio_next, min), align ?: 1);
	if (start + size - 1 > max) {
		mutex_unlock(&hvsim_mmio_lock);
		kfree(m);
		return -ENXIO;
	}
	hvsim_mmio_next = start + size;
	m->res.name = "hvsim mmio";
	m->res.start = start;
	m->res.end = start + size - 1;
	m->res.flags = IORESOURCE_MEM;
	list_add_tail(&m->entry, &hvsim_mmio_list);
	mutex_unlock(&hvsim_mmio_lock);

	*new = &m->res;
	return 0;
}
EXPORT_SYMBOL_GPL(vmbus_allocate_mmio);

void vmbus_free_mmio(resource_size_t start, resource_size_t size)
{
	struct hvsim_mmio *m, *tmp;

	mutex_lock(&hvsim_mmio_lock);
	list_for_each_entry_safe(m, tmp, &hvsim_mmio_list, entry) {
		if (m->res.start == start) {
			list_del(&m->entry);
			kfree(m);
			break;
		}
	}
	mutex_unlock(&hvsim_mmio_lock);
}
EXPORT_SYMBOL_GPL(vmbus_free_mmio);
