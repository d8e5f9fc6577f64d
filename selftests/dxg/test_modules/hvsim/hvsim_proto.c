// SPDX-License-Identifier: GPL-2.0
/*
 * hvsim: the dxgkrnl host protocol.
 *
 * Every message the 6.6 driver sends from module load through open, adapter
 * enumeration, open/close, device create/destroy, adapter-info queries,
 * escapes and close is answered in the format of dxgvmbus.h, with handles
 * the host allocates and checks.  Anything else is counted and answered
 * with an error status; nothing a guest sends can crash the host.  How an
 * escape is answered is the adapter's profile (hvsim_profile.c); what the
 * host took is logged and counted (hvsim_views.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/xarray.h>
#include <linux/slab.h>

#include "hvsim.h"

/* d3dkmt_adaptertype bits the host sets */
#define HVSIM_ADAPTERTYPE_RENDER	BIT(0)
#define HVSIM_ADAPTERTYPE_COMPUTE_ONLY	BIT(11)

#define HVSIM_QAI_UMDRIVERPRIVATE	0
#define HVSIM_QAI_ADAPTERTYPE		15
#define HVSIM_QAI_ADAPTERTYPE_RENDER	57
#define HVSIM_QAI_PHYSICALADAPTERDEVICEIDS	31

/*
 * The physical adapters behind the vGPU functions, as the host reports them
 * (struct d3dkmt_query_device_ids): the field report's Intel NPU (8086:7D1D)
 * behind 1414:008A, an Intel Arc iGPU of the same platform behind 1414:008E.
 */
#define HVSIM_PHYS_VENDOR		0x8086
#define HVSIM_PHYS_DEVICE_NPU		0x7d1d
#define HVSIM_PHYS_DEVICE_GPU		0x7d55

/* Host objects: process and device handles, under hvsim_host_lock */
static DEFINE_MUTEX(hvsim_host_lock);
static DEFINE_XARRAY(hvsim_processes);
static DEFINE_XARRAY(hvsim_devices);
static u32 hvsim_next_handle;

struct hvsim_req {
	struct hvsim_vmdev *vd;
	struct hvsim_adapter *adapter;
	const u8 *msg;			/* whole payload, ext header included */
	u32 len;
	const u8 *cmd;			/* the command, past the ext header */
	u32 cmd_len;
	u64 trans_id;
	bool want_reply;
	u8 *reply;
	u32 reply_len;
	bool held;
	struct hvsim_profile fault;	/* how the reply is sent; ECHO: once */
	struct hvsim_pkt_rec rec;
};

struct hvsim_msg {
	u32 type;
	bool global;
	const char *name;
	u32 min_size;
	void (*handle)(struct hvsim_req *req);
	atomic64_t count;
};

static struct d3dkmthandle hvsim_new_handle(void)
{
	struct d3dkmthandle h;

	hvsim_next_handle = (hvsim_next_handle + 1) & 0xffffff;
	if (!hvsim_next_handle)
		hvsim_next_handle = 1;
	h.v = 0x40000000 | (hvsim_next_handle << 6);
	return h;
}

static void hvsim_reply_status(struct hvsim_req *req, int status)
{
	memcpy(req->reply, &status, sizeof(status));
	req->reply_len = sizeof(status);
}

static bool hvsim_process_valid(struct d3dkmthandle h)
{
	return h.v && xa_load(&hvsim_processes, h.v);
}

static void hvsim_bad_handle(struct hvsim_req *req)
{
	atomic64_inc(&hvsim_stats.bad_handle);
	hvsim_reply_status(req, STATUS_INVALID_HANDLE);
}

/* Global channel */

static void hvsim_create_process(struct hvsim_req *req)
{
	const struct dxgkvmb_command_createprocess *c = (const void *)req->cmd;
	struct dxgkvmb_command_createprocess_return r = {};
	struct d3dkmthandle h = hvsim_new_handle();

	if (xa_err(xa_store(&hvsim_processes, h.v, xa_mk_value(c->process_id & LONG_MAX),
			    GFP_KERNEL))) {
		hvsim_reply_status(req, STATUS_NO_MEMORY);
		return;
	}
	r.hprocess = h;
	memcpy(req->reply, &r, sizeof(r));
	req->reply_len = sizeof(r);
}

static void hvsim_destroy_process(struct hvsim_req *req)
{
	const struct dxgkvmb_command_destroyprocess *c = (const void *)req->cmd;
	unsigned long index;
	void *entry;

	if (!xa_erase(&hvsim_processes, c->hdr.process.v)) {
		hvsim_bad_handle(req);
		return;
	}
	/* the host drops whatever the process left behind */
	xa_for_each(&hvsim_devices, index, entry)
		if (xa_to_value(entry) == c->hdr.process.v)
			xa_erase(&hvsim_devices, index);
	hvsim_reply_status(req, STATUS_SUCCESS);
}

static void hvsim_set_iospace_region(struct hvsim_req *req)
{
	hvsim_reply_status(req, STATUS_SUCCESS);
}

static void hvsim_is_feature_enabled(struct hvsim_req *req)
{
	struct dxgkvmb_command_isfeatureenabled_return r = {};

	/* every feature is known to be off: status success, result 0 */
	r.status.v = STATUS_SUCCESS;
	memcpy(req->reply, &r, sizeof(r));
	req->reply_len = sizeof(r);
}

/* vGPU commands */

static void hvsim_open_adapter(struct hvsim_req *req)
{
	struct dxgkvmb_command_openadapter_return r = {};
	struct hvsim_adapter *a = req->adapter;

	a->host_handle = hvsim_new_handle();
	r.host_adapter_handle = a->host_handle;
	r.status.v = STATUS_SUCCESS;
	r.vmbus_interface_version = min_t(u32, hvsim_vmbus_version, DXGK_VMBUS_INTERFACE_VERSION);
	r.vmbus_last_compatible_interface_version = DXGK_VMBUS_LAST_COMPATIBLE_INTERFACE_VERSION;
	memcpy(req->reply, &r, sizeof(r));
	req->reply_len = sizeof(r);
}

static void hvsim_close_adapter(struct hvsim_req *req)
{
	const struct dxgkvmb_command_closeadapter *c = (const void *)req->cmd;

	/* the guest asks for no result: an empty completion either way */
	if (c->host_handle.v != req->adapter->host_handle.v)
		atomic64_inc(&hvsim_stats.bad_handle);
	else
		req->adapter->host_handle.v = 0;
	req->reply_len = 0;
}

static void hvsim_put_wstr(u16 *dst, size_t n, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < n && src[i]; i++)
		dst[i] = (u8)src[i];
	dst[i] = 0;
}

static void hvsim_get_internal_adapter_info(struct hvsim_req *req)
{
	struct dxgkvmb_command_getinternaladapterinfo_return *r = (void *)req->reply;
	struct hvsim_adapter *a = req->adapter;

	memset(r, 0, sizeof(*r));
	r->driver_ddi_version = 0x0000a00c;
	r->async_msg_enabled = hvsim_async_msg;
	r->host_adapter_luid = a->host_adapter_luid;
	hvsim_put_wstr(r->device_description, ARRAY_SIZE(r->device_description), a->description);
	hvsim_put_wstr(r->device_instance_id, ARRAY_SIZE(r->device_instance_id), a->instance_id);
	r->host_vgpu_luid = a->vgpu_luid;
	req->reply_len = sizeof(*r);
	/* the old layout ends before host_vgpu_luid */
	if (hvsim_vmbus_version < DXGK_VMBUS_INTERFACE_VERSION)
		req->reply_len -= sizeof(struct winluid);
}

static void hvsim_create_device(struct hvsim_req *req)
{
	const struct dxgkvmb_command_createdevice *c = (const void *)req->cmd;
	struct dxgkvmb_command_createdevice_return r = {};
	struct d3dkmthandle h;

	/* a zero handle is how the host says no */
	if (hvsim_process_valid(c->hdr.process)) {
		h = hvsim_new_handle();
		if (!xa_err(xa_store(&hvsim_devices, h.v, xa_mk_value(c->hdr.process.v),
				     GFP_KERNEL)))
			r.device = h;
	} else {
		atomic64_inc(&hvsim_stats.bad_handle);
	}
	memcpy(req->reply, &r, sizeof(r));
	req->reply_len = sizeof(r);
}

static bool hvsim_device_valid(const struct dxgkvmb_command_vgpu_to_host *hdr,
			       struct d3dkmthandle device)
{
	void *entry = xa_load(&hvsim_devices, device.v);

	return entry && xa_to_value(entry) == hdr->process.v;
}

static void hvsim_destroy_device(struct hvsim_req *req)
{
	const struct dxgkvmb_command_destroydevice *c = (const void *)req->cmd;

	if (!hvsim_device_valid(&c->hdr, c->device)) {
		hvsim_bad_handle(req);
		return;
	}
	xa_erase(&hvsim_devices, c->device.v);
	hvsim_reply_status(req, STATUS_SUCCESS);
}

static void hvsim_flush_device(struct hvsim_req *req)
{
	const struct dxgkvmb_command_flushdevice *c = (const void *)req->cmd;

	if (!hvsim_device_valid(&c->hdr, c->device)) {
		hvsim_bad_handle(req);
		return;
	}
	hvsim_reply_status(req, STATUS_SUCCESS);
}

static void hvsim_query_adapter_info(struct hvsim_req *req)
{
	const struct dxgkvmb_command_queryadapterinfo *c = (const void *)req->cmd;
	bool with_status = hvsim_vmbus_version >= DXGK_VMBUS_INTERFACE_VERSION;
	u32 size = c->private_data_size;
	int status = STATUS_SUCCESS;
	u8 *data = req->reply;
	u32 value;

	if (size > DXG_MAX_VM_BUS_PACKET_SIZE ||
	    req->cmd_len < offsetof(struct dxgkvmb_command_queryadapterinfo, private_data) + size) {
		atomic64_inc(&hvsim_stats.malformed);
		hvsim_reply_status(req, STATUS_INVALID_PARAMETER);
		return;
	}
	if (with_status)
		data += sizeof(status);
	memset(data, 0, size);

	switch (c->query_type) {
	case HVSIM_QAI_UMDRIVERPRIVATE:
		break;
	case HVSIM_QAI_ADAPTERTYPE:
	case HVSIM_QAI_ADAPTERTYPE_RENDER:
		if (size < sizeof(value)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		value = req->adapter->compute_only ? HVSIM_ADAPTERTYPE_COMPUTE_ONLY :
						     HVSIM_ADAPTERTYPE_RENDER;
		memcpy(data, &value, sizeof(value));
		break;
	case HVSIM_QAI_PHYSICALADAPTERDEVICEIDS: {
		/* physical_adapter_index, then vendor_id, device_id, ... */
		u32 ids[3] = { 0, HVSIM_PHYS_VENDOR, req->adapter->compute_only ?
			       HVSIM_PHYS_DEVICE_NPU : HVSIM_PHYS_DEVICE_GPU };

		if (size < sizeof(ids)) {
			status = STATUS_BUFFER_TOO_SMALL;
			break;
		}
		memcpy(data, ids, sizeof(ids));
		break;
	}
	default:
		status = STATUS_INVALID_PARAMETER;
		break;
	}
	if (with_status)
		memcpy(req->reply, &status, sizeof(status));
	req->reply_len = size + (with_status ? sizeof(status) : 0);
}

static void hvsim_escape(struct hvsim_req *req)
{
	const struct dxgkvmb_command_escape *c = (const void *)req->cmd;
	struct hvsim_adapter *a = req->adapter;
	u32 n = c->priv_drv_data_size;
	struct hvsim_profile p;
	u32 k;

	req->rec.esc_size = n;
	if (n > DXG_MAX_VM_BUS_PACKET_SIZE ||
	    req->cmd_len < offsetof(struct dxgkvmb_command_escape, priv_drv_data) + n) {
		atomic64_inc(&hvsim_stats.malformed);
		hvsim_reply_status(req, STATUS_INVALID_PARAMETER);
		return;
	}
	if (!hvsim_process_valid(c->hdr.process) || !a->host_handle.v ||
	    c->adapter.v != a->host_handle.v) {
		hvsim_bad_handle(req);
		return;
	}

	spin_lock_irq(&hvsim_profile_lock);
	p = a->profile;
	spin_unlock_irq(&hvsim_profile_lock);

	switch (p.kind) {
	case HVSIM_PROFILE_EMPTY:
		req->reply_len = 0;
		return;
	case HVSIM_PROFILE_STATUS:
		hvsim_reply_status(req, p.arg);
		return;
	case HVSIM_PROFILE_HANG:
		req->held = true;
		return;
	case HVSIM_PROFILE_TRUNCATE:
		k = min(p.arg, n);
		break;
	case HVSIM_PROFILE_LONG:
		k = min_t(u64, (u64)n + p.arg, HVSIM_REPLY_MAX);
		break;
	case HVSIM_PROFILE_LIMIT:
		/* descriptor and payload fill inbound.pkt_buffer exactly */
		k = min_t(u32, req->vd->chan.inbound.pkt_buffer_size, HVSIM_REPLY_MAX);
		k = max_t(u32, k, sizeof(struct vmpacket_descriptor)) -
		    sizeof(struct vmpacket_descriptor);
		k = max(k, n);
		break;
	case HVSIM_PROFILE_STRAY:
	case HVSIM_PROFILE_WRONGID:
	case HVSIM_PROFILE_DUP:
	case HVSIM_PROFILE_REORDER:
	case HVSIM_PROFILE_INBAND:
		req->fault = p;
		k = n;
		break;
	default:	/* echo, and what gets past busy or rescind */
		k = n;
		break;
	}
	/* the echo, then (long, limit) a pattern the guest can tell from it */
	memcpy(req->reply, c->priv_drv_data, min(k, n));
	if (k > n)
		memset(req->reply + n, 0xa5, k - n);
	if (k)
		req->reply[0]++;
	req->reply_len = k;
}

#define GMSG(t, f, sz) { .type = DXGK_VMBCOMMAND_##t, .global = true, .name = #t, \
			 .min_size = sz, .handle = f }
#define VMSG(t, f, sz) { .type = DXGK_VMBCOMMAND_##t, .global = false, .name = #t, \
			 .min_size = sz, .handle = f }

static struct hvsim_msg hvsim_msgs[] = {
	GMSG(CREATEPROCESS, hvsim_create_process,
	     sizeof(struct dxgkvmb_command_createprocess)),
	GMSG(DESTROYPROCESS, hvsim_destroy_process,
	     sizeof(struct dxgkvmb_command_destroyprocess)),
	GMSG(SETIOSPACEREGION, hvsim_set_iospace_region,
	     sizeof(struct dxgkvmb_command_setiospaceregion)),
	GMSG(ISFEATUREENABLED_GLOBAL, hvsim_is_feature_enabled,
	     sizeof(struct dxgkvmb_command_isfeatureenabled_gbl)),
	VMSG(OPENADAPTER, hvsim_open_adapter,
	     sizeof(struct dxgkvmb_command_openadapter)),
	VMSG(CLOSEADAPTER, hvsim_close_adapter,
	     sizeof(struct dxgkvmb_command_closeadapter)),
	VMSG(GETINTERNALADAPTERINFO, hvsim_get_internal_adapter_info,
	     sizeof(struct dxgkvmb_command_getinternaladapterinfo)),
	VMSG(CREATEDEVICE, hvsim_create_device,
	     sizeof(struct dxgkvmb_command_createdevice)),
	VMSG(DESTROYDEVICE, hvsim_destroy_device,
	     sizeof(struct dxgkvmb_command_destroydevice)),
	VMSG(FLUSHDEVICE, hvsim_flush_device,
	     sizeof(struct dxgkvmb_command_flushdevice)),
	VMSG(QUERYADAPTERINFO, hvsim_query_adapter_info,
	     offsetof(struct dxgkvmb_command_queryadapterinfo, private_data)),
	VMSG(ESCAPE, hvsim_escape,
	     offsetof(struct dxgkvmb_command_escape, priv_drv_data)),
	VMSG(ISFEATUREENABLED, hvsim_is_feature_enabled,
	     sizeof(struct dxgkvmb_command_isfeatureenabled)),
};

static struct hvsim_msg *hvsim_find_msg(bool global, u32 type)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_msgs); i++)
		if (hvsim_msgs[i].global == global && hvsim_msgs[i].type == type)
			return &hvsim_msgs[i];
	return NULL;
}

static struct hvsim_adapter *hvsim_adapter_by_luid(const struct winluid *luid)
{
	int i;

	for (i = 0; i < HVSIM_NR_ADAPTERS; i++)
		if (hvsim_adapters[i].vgpu_luid.a == luid->a &&
		    hvsim_adapters[i].vgpu_luid.b == luid->b)
			return &hvsim_adapters[i];
	return NULL;
}

static bool hvsim_has_ext_header(void)
{
	return hvsim_vmbus_version >= DXGK_VMBUS_INTERFACE_VERSION;
}

/*
 * The adapter a message is addressed to: the channel's, or on the global
 * channel (async messages) the one named by the ext header's vGPU LUID.
 */
struct hvsim_adapter *hvsim_proto_target(struct hvsim_vmdev *vd, const void *msg, u32 len)
{
	const struct dxgvmb_ext_header *ext = msg;
	const struct dxgkvmb_command_vgpu_to_host *hdr;

	if (vd->adapter)
		return vd->adapter;
	if (!hvsim_has_ext_header() || len < sizeof(*ext) + sizeof(*hdr) ||
	    ext->command_offset != sizeof(*ext))
		return NULL;
	hdr = msg + sizeof(*ext);
	if (hdr->channel_type != DXGKVMB_VGPU_TO_HOST)
		return NULL;
	return hvsim_adapter_by_luid(&ext->vgpu_luid);
}

/*
 * The adapter an ESCAPE is addressed to, or NULL for any other message: the
 * send-side profiles (busy, rescind) hit escapes only, so that the setup
 * messages around them keep working.
 */
struct hvsim_adapter *hvsim_proto_escape_target(struct hvsim_vmdev *vd, const void *msg,
						u32 len)
{
	u32 off = hvsim_has_ext_header() ? sizeof(struct dxgvmb_ext_header) : 0;
	const struct dxgkvmb_command_vgpu_to_host *hdr = msg + off;

	if (len < off + sizeof(*hdr) || hdr->channel_type != DXGKVMB_VGPU_TO_HOST ||
	    hdr->command_type != DXGK_VMBCOMMAND_ESCAPE)
		return NULL;
	return hvsim_proto_target(vd, msg, len);
}

/* Returns the message to run, or NULL with req->rec.msg saying why not */
static struct hvsim_msg *hvsim_classify(struct hvsim_req *req)
{
	const struct dxgkvmb_command_vm_to_host *hdr;
	const struct dxgvmb_ext_header *ext;
	struct hvsim_msg *m;
	bool global;

	req->cmd = req->msg;
	req->cmd_len = req->len;
	if (hvsim_has_ext_header()) {
		ext = (const void *)req->msg;
		if (req->len < sizeof(*ext) || ext->command_offset != sizeof(*ext))
			goto malformed;
		req->cmd += sizeof(*ext);
		req->cmd_len -= sizeof(*ext);
	}
	if (req->cmd_len < sizeof(*hdr))
		goto malformed;
	hdr = (const void *)req->cmd;
	req->rec.type = hdr->command_type;

	/* the low 8 bits are the channel type in both header layouts */
	switch (hdr->channel_type & 0xff) {
	case DXGKVMB_VM_TO_HOST:
		if (req->vd->kind != HVSIM_CHAN_GLOBAL)
			goto malformed;
		global = true;
		break;
	case DXGKVMB_VGPU_TO_HOST:
		req->adapter = hvsim_proto_target(req->vd, req->msg, req->len);
		if (!req->adapter)
			goto malformed;
		global = false;
		break;
	default:
		goto malformed;
	}

	m = hvsim_find_msg(global, hdr->command_type);
	if (!m) {
		atomic64_inc(&hvsim_stats.unknown);
		req->rec.msg = "UNKNOWN";
		hvsim_reply_status(req, STATUS_NOT_IMPLEMENTED);
		return NULL;
	}
	req->rec.msg = m->name;
	if (req->cmd_len < m->min_size)
		goto malformed;
	return m;

malformed:
	atomic64_inc(&hvsim_stats.malformed);
	req->rec.msg = "MALFORMED";
	hvsim_reply_status(req, STATUS_INVALID_PARAMETER);
	return NULL;
}

/*
 * Send the completion, the way a hostile profile says: with a stray
 * completion before it, under a wrong trans_id, twice, kept for reorder,
 * or after a host message of its own.
 */
static int hvsim_answer(struct hvsim_req *req)
{
	struct hvsim_vmdev *vd = req->vd;
	struct dxgkvmb_command_host_to_vm msg = {
		.channel_type = DXGKVMB_HOST_TO_VM,
		.command_type = DXGK_VMBCOMMAND_INVALID_HOST_TO_VM,
	};
	int ret;

	switch (req->fault.kind) {
	case HVSIM_PROFILE_STRAY:
		if (!hvsim_deliver(vd, HVSIM_STRAY_ID(req->trans_id), req->reply, req->reply_len))
			atomic64_inc(&hvsim_stats.stray);
		break;
	case HVSIM_PROFILE_WRONGID:
		ret = hvsim_deliver(vd, HVSIM_STRAY_ID(req->trans_id), req->reply, req->reply_len);
		if (!ret)
			atomic64_inc(&hvsim_stats.stray);
		return ret;
	case HVSIM_PROFILE_REORDER:
		return hvsim_defer(vd, req->trans_id, req->reply, req->reply_len,
				   max(req->fault.arg, 1U));
	case HVSIM_PROFILE_INBAND:
		hvsim_send_inband(vd, &msg, sizeof(msg));
		break;
	default:
		break;
	}
	ret = hvsim_deliver(vd, req->trans_id, req->reply, req->reply_len);
	if (!ret && req->fault.kind == HVSIM_PROFILE_DUP &&
	    !hvsim_deliver(vd, req->trans_id, req->reply, req->reply_len))
		atomic64_inc(&hvsim_stats.duplicates);
	return ret;
}

/*
 * Handle one guest packet (host work context).  'late' is set when a held
 * request is answered after a profile change.
 */
void hvsim_proto_handle(struct hvsim_vmdev *vd, const struct vmpacket_descriptor *desc,
			const u8 *msg, u32 len, bool late)
{
	struct hvsim_req req = {
		.vd = vd,
		.msg = msg,
		.len = len,
		.trans_id = desc->trans_id,
		.want_reply = desc->flags & VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED,
		.reply = vd->reply_buf,
		.rec = {
			.chan = vd->kind,
			.type = HVSIM_NO_TYPE,
			.size = len,
			.trans_id = desc->trans_id,
			.reply_len = -1,
			.esc_size = -1,
			.late = late,
		},
	};
	struct hvsim_msg *m = NULL;

	if (!late) {
		atomic64_inc(&hvsim_stats.packets);
		atomic64_add(len, &hvsim_stats.bytes_in);
	}

	mutex_lock(&hvsim_host_lock);
	if (desc->type != VM_PKT_DATA_INBAND) {
		atomic64_inc(&hvsim_stats.malformed);
		req.rec.msg = "MALFORMED";
		hvsim_reply_status(&req, STATUS_INVALID_PARAMETER);
	} else {
		m = hvsim_classify(&req);
	}
	if (m) {
		if (!late)
			atomic64_inc(&m->count);
		m->handle(&req);
	}
	mutex_unlock(&hvsim_host_lock);

	if (req.held && hvsim_hold(vd, req.trans_id, msg, len)) {
		/* out of memory: answer rather than lose the request */
		req.held = false;
		req.reply_len = 0;
	}
	if (req.held && late)
		return;		/* still held after a profile change: nothing new */
	if (req.held)
		atomic64_inc(&hvsim_stats.held);
	if (late)
		atomic64_inc(&hvsim_stats.released);
	req.rec.held = req.held;
	if (!req.held && req.want_reply && !hvsim_answer(&req))
		req.rec.reply_len = req.reply_len;
	hvsim_log_add(&req.rec);
}

/* One "msg_<NAME>: <count>" line per known message, for the stats view */
void hvsim_proto_msgs_show(struct seq_file *m)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_msgs); i++)
		seq_printf(m, "msg_%s: %lld\n", hvsim_msgs[i].name,
			   atomic64_read(&hvsim_msgs[i].count));
}

void hvsim_proto_msgs_clear(void)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(hvsim_msgs); i++)
		atomic64_set(&hvsim_msgs[i].count, 0);
}

int hvsim_proto_init(void)
{
	return 0;
}

void hvsim_proto_exit(void)
{
	xa_destroy(&hvsim_processes);
	xa_destroy(&hvsim_devices);
}
