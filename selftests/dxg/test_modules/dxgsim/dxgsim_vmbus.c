// SPDX-License-Identifier: GPL-2.0
/*
 * dxgsim: messages to the host over VMBus.
 *
 * The functions on the escape path carry the real dxgkrnl names and
 * signatures on purpose, out of line where the real ones are
 * (dxgvmb_send_escape, dxgvmb_send_sync_msg, dxgvmbuschannel_receive,
 * ntstatus2int, init_message) and inline where the real ones are
 * (process_completion_packet, free_message, command_vgpu_to_host_init2):
 * a probe written for dxgkrnl sees the same calls with the same arguments.
 */
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "dxgsim.h"

#define RING_BUFSIZE		(256 * 1024)
#define VMBUSMESSAGEONSTACK	64
#define DXGSIM_SEND_TRIES	50

/* A request waiting for its VM_PKT_COMP, as the real one (80 bytes) */
struct dxgvmbuspacket {
	struct list_head	packet_list_entry;
	u64			request_id;
	struct completion	wait;
	void			*buffer;
	u32			buffer_length;
	int			status;
	bool			completed;
};

struct dxgvmbusmsg {
	struct dxgvmb_ext_header	*hdr;	/* the whole message */
	void				*msg;	/* the command, past the ext header */
	struct dxgvmbuschannel		*channel;
	u32				size;
	char				msg_on_stack[VMBUSMESSAGEONSTACK];
};

static noinline int init_message(struct dxgvmbusmsg *msg, struct dxgadapter *adapter,
				 struct dxgprocess *process, u32 size)
{
	struct dxgglobal *dxgglobal = dxggbl();
	bool use_ext_header = dxgglobal->vmbus_ver >= DXGK_VMBUS_INTERFACE_VERSION;

	if (use_ext_header)
		size += sizeof(struct dxgvmb_ext_header);
	msg->size = size;
	if (size <= VMBUSMESSAGEONSTACK) {
		msg->hdr = (void *)msg->msg_on_stack;
		memset(msg->hdr, 0, size);
	} else {
		msg->hdr = vzalloc(size);
		if (!msg->hdr)
			return -ENOMEM;
	}
	if (use_ext_header) {
		msg->msg = (char *)&msg->hdr[1];
		msg->hdr->command_offset = sizeof(msg->hdr[0]);
		if (adapter)
			msg->hdr->vgpu_luid = adapter->host_vgpu_luid;
	} else {
		msg->msg = msg->hdr;
	}
	if (adapter && !dxgglobal->async_msg_enabled)
		msg->channel = &adapter->channel;
	else
		msg->channel = &dxgglobal->channel;
	return 0;
}

static inline void free_message(struct dxgvmbusmsg *msg)
{
	if (msg->hdr && (char *)msg->hdr != msg->msg_on_stack)
		vfree(msg->hdr);
}

static inline void command_vm_to_host_init1(struct dxgkvmb_command_vm_to_host *command,
					    enum dxgkvmb_commandtype_global type)
{
	command->command_type = type;
	command->process.v = 0;
	command->command_id = 0;
	command->channel_type = DXGKVMB_VM_TO_HOST;
}

static inline void command_vm_to_host_init2(struct dxgkvmb_command_vm_to_host *command,
					    enum dxgkvmb_commandtype_global type,
					    struct d3dkmthandle process)
{
	command->command_type = type;
	command->process = process;
	command->command_id = 0;
	command->channel_type = DXGKVMB_VM_TO_HOST;
}

static inline void command_vgpu_to_host_init1(struct dxgkvmb_command_vgpu_to_host *command,
					      enum dxgkvmb_commandtype type)
{
	command->command_type = type;
	command->process.v = 0;
	command->command_id = 0;
	command->channel_type = DXGKVMB_VGPU_TO_HOST;
}

static inline void command_vgpu_to_host_init2(struct dxgkvmb_command_vgpu_to_host *command,
					      enum dxgkvmb_commandtype type,
					      struct d3dkmthandle process)
{
	command->command_type = type;
	command->process = process;
	command->command_id = 0;
	command->channel_type = DXGKVMB_VGPU_TO_HOST;
}

noinline int ntstatus2int(struct ntstatus status)
{
	if (status.v >= 0)
		return status.v;
	switch (status.v) {
	case STATUS_OBJECT_NAME_COLLISION:
		return -EEXIST;
	case STATUS_NO_MEMORY:
		return -ENOMEM;
	case STATUS_INVALID_PARAMETER:
		return -EINVAL;
	case STATUS_OBJECT_NAME_INVALID:
	case STATUS_OBJECT_NAME_NOT_FOUND:
		return -ENOENT;
	case STATUS_BUFFER_TOO_SMALL:
		return -EOVERFLOW;
	case STATUS_DEVICE_REMOVED:
		return -ENODEV;
	case STATUS_ACCESS_DENIED:
		return -EACCES;
	case STATUS_NOT_SUPPORTED:
		return -EPERM;
	case STATUS_ILLEGAL_INSTRUCTION:
		return -EOPNOTSUPP;
	case STATUS_INVALID_HANDLE:
		return -EBADF;
	case STATUS_GRAPHICS_ALLOCATION_BUSY:
		return -EINPROGRESS;
	case STATUS_OBJECT_TYPE_MISMATCH:
		return -EPROTOTYPE;
	case STATUS_NOT_IMPLEMENTED:
		return -EPERM;
	default:
		return -EINVAL;
	}
}

int dxgvmbuschannel_init(struct dxgvmbuschannel *ch, struct hv_device *hdev)
{
	int ret;

	ch->hdev = hdev;
	spin_lock_init(&ch->packet_list_mutex);
	INIT_LIST_HEAD(&ch->packet_list_head);
	atomic64_set(&ch->packet_request_id, 0);

	ch->packet_cache = kmem_cache_create("dxgsim_packet", sizeof(struct dxgvmbuspacket),
					     0, 0, NULL);
	if (!ch->packet_cache) {
		DXG_ERR("packet_cache alloc failed");
		return -ENOMEM;
	}

	/* replies up to 128 KiB are copied out of the ring whole */
	hdev->channel->max_pkt_size = DXG_MAX_VM_BUS_PACKET_SIZE;
	ret = vmbus_open(hdev->channel, RING_BUFSIZE, RING_BUFSIZE, NULL, 0,
			 dxgvmbuschannel_receive, ch);
	if (ret) {
		DXG_ERR("vmbus_open failed: %d", ret);
		kmem_cache_destroy(ch->packet_cache);
		ch->packet_cache = NULL;
		return ret;
	}
	ch->channel = hdev->channel;
	return 0;
}

void dxgvmbuschannel_destroy(struct dxgvmbuschannel *ch)
{
	if (ch->channel) {
		vmbus_close(ch->channel);
		ch->channel = NULL;
	}
	kmem_cache_destroy(ch->packet_cache);
	ch->packet_cache = NULL;
}

static inline void process_completion_packet(struct dxgvmbuschannel *channel,
					     struct vmpacket_descriptor *desc)
{
	struct dxgvmbuspacket *packet = NULL;
	struct dxgvmbuspacket *entry;
	u32 packet_length = hv_pkt_datalen(desc);
	unsigned long flags;

	spin_lock_irqsave(&channel->packet_list_mutex, flags);
	list_for_each_entry(entry, &channel->packet_list_head, packet_list_entry) {
		if (desc->trans_id == entry->request_id) {
			packet = entry;
			list_del(&packet->packet_list_entry);
			packet->completed = true;
			break;
		}
	}
	spin_unlock_irqrestore(&channel->packet_list_mutex, flags);

	if (!packet) {
		DXG_ERR("did not find packet to complete");
		return;
	}
	/*
	 * A reply shorter than the result buffer: -EOVERFLOW, nothing is
	 * copied.  A longer one is success: its first buffer_length bytes are
	 * copied and the rest is ignored, as dxgkrnl does.  A second
	 * completion for the same id finds no packet: it is logged and dropped.
	 */
	if (packet->buffer_length) {
		if (packet_length < packet->buffer_length)
			packet->status = -EOVERFLOW;
		else
			memcpy(packet->buffer, hv_pkt_data(desc), packet->buffer_length);
	}
	complete(&packet->wait);
}

/*
 * A message the host sent on its own.  dxgkrnl takes them on the global
 * channel only, checks the length and the command type, and answers none;
 * the events and guest data they carry are not simulated.
 */
static inline void process_inband_packet(struct dxgvmbuschannel *channel,
					 struct vmpacket_descriptor *desc)
{
	u32 packet_length = hv_pkt_datalen(desc);
	struct dxgkvmb_command_host_to_vm *packet;

	if (channel->adapter) {
		DXG_ERR("Unexpected packet for adapter channel");
		return;
	}
	if (packet_length < sizeof(struct dxgkvmb_command_host_to_vm)) {
		DXG_ERR("Invalid global packet");
		return;
	}
	packet = hv_pkt_data(desc);
	switch (packet->command_type) {
	case DXGK_VMBCOMMAND_SETGUESTDATA:
	case DXGK_VMBCOMMAND_SIGNALGUESTEVENT:
	case DXGK_VMBCOMMAND_SIGNALGUESTEVENTPASSIVE:
	case DXGK_VMBCOMMAND_SENDWNFNOTIFICATION:
		break;
	default:
		DXG_ERR("unexpected host message %d", packet->command_type);
	}
}

/* The channel callback, run from hvsim's tasklet */
void dxgvmbuschannel_receive(void *ctx)
{
	struct dxgvmbuschannel *channel = ctx;
	struct vmpacket_descriptor *desc;

	foreach_vmbus_pkt(desc, channel->channel) {
		if (desc->type == VM_PKT_COMP) {
			process_completion_packet(channel, desc);
		} else {
			if (desc->type != VM_PKT_DATA_INBAND)
				DXG_ERR("unexpected packet type");
			else
				process_inband_packet(channel, desc);
		}
	}
}

noinline int dxgvmb_send_sync_msg(struct dxgvmbuschannel *channel, void *command,
				  u32 cmd_size, void *result, u32 result_size)
{
	struct dxgvmbuspacket *packet;
	int try_count = 0;
	bool taken;
	int ret;

	if (cmd_size > DXG_MAX_VM_BUS_PACKET_SIZE || result_size > DXG_MAX_VM_BUS_PACKET_SIZE) {
		DXG_ERR("%s invalid data size", __func__);
		return -EINVAL;
	}

	packet = kmem_cache_alloc(channel->packet_cache, GFP_KERNEL);
	if (!packet) {
		DXG_ERR("kmem_cache_alloc failed");
		return -ENOMEM;
	}

	packet->request_id = atomic64_inc_return(&channel->packet_request_id);
	init_completion(&packet->wait);
	packet->buffer = result;
	packet->buffer_length = result_size;
	packet->status = 0;
	packet->completed = false;
	spin_lock_irq(&channel->packet_list_mutex);
	list_add_tail(&packet->packet_list_entry, &channel->packet_list_head);
	spin_unlock_irq(&channel->packet_list_mutex);

	do {
		ret = vmbus_sendpacket(channel->channel, command, cmd_size, packet->request_id,
				       VM_PKT_DATA_INBAND,
				       VMBUS_DATA_PACKET_FLAG_COMPLETION_REQUESTED);
		/* the ring is full: give the host 1-2 ms and try again */
		if (ret == -EAGAIN) {
			usleep_range(1000, 2000);
			try_count++;
		}
	} while (ret == -EAGAIN && try_count < DXGSIM_SEND_TRIES);
	if (ret) {
		DXG_ERR("vmbus_sendpacket failed: %x", ret);
		spin_lock_irq(&channel->packet_list_mutex);
		list_del(&packet->packet_list_entry);
		spin_unlock_irq(&channel->packet_list_mutex);
		goto cleanup;
	}

	ret = wait_for_completion_killable(&packet->wait);
	if (ret) {
		DXG_ERR("wait_for_completion failed: %x", ret);
		spin_lock_irq(&channel->packet_list_mutex);
		taken = packet->completed;
		if (!taken)
			list_del(&packet->packet_list_entry);
		spin_unlock_irq(&channel->packet_list_mutex);
		/*
		 * Unlike dxgkrnl, wait for a completion already taken by the
		 * receive side: it is about to write to the packet and to the
		 * result buffer, both freed once we return.
		 */
		if (taken)
			wait_for_completion(&packet->wait);
		goto cleanup;
	}
	ret = packet->status;

cleanup:
	kmem_cache_free(channel->packet_cache, packet);
	return ret;
}

static int dxgvmb_send_sync_msg_ntstatus(struct dxgvmbuschannel *channel, void *command,
					 u32 cmd_size)
{
	struct ntstatus status;
	int ret;

	ret = dxgvmb_send_sync_msg(channel, command, cmd_size, &status, sizeof(status));
	if (ret >= 0)
		ret = ntstatus2int(status);
	return ret;
}

/* Global channel messages */

int dxgvmb_send_set_iospace_region(u64 start, u64 len)
{
	struct dxgkvmb_command_setiospaceregion *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, NULL, NULL, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	ret = dxgglobal_acquire_channel_lock();
	if (ret < 0)
		goto cleanup;
	command_vm_to_host_init1(&command->hdr, DXGK_VMBCOMMAND_SETIOSPACEREGION);
	command->start = start;
	command->length = len;
	ret = dxgvmb_send_sync_msg_ntstatus(&dxggbl()->channel, msg.hdr, msg.size);
	if (ret < 0)
		DXG_ERR("send_set_iospace_region failed %x", ret);
	dxgglobal_release_channel_lock();
cleanup:
	free_message(&msg);
	return ret;
}

int dxgvmb_send_create_process(struct dxgprocess *process)
{
	struct dxgkvmb_command_createprocess_return result = {};
	struct dxgkvmb_command_createprocess *command;
	char comm[TASK_COMM_LEN];
	struct dxgvmbusmsg msg;
	int ret, i;

	ret = init_message(&msg, NULL, process, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	ret = dxgglobal_acquire_channel_lock();
	if (ret < 0)
		goto cleanup;
	command_vm_to_host_init1(&command->hdr, DXGK_VMBCOMMAND_CREATEPROCESS);
	command->process = (u64)(uintptr_t)process;
	command->process_id = process->pid;
	command->linux_process = 1;
	get_task_comm(comm, current);
	for (i = 0; i < TASK_COMM_LEN && comm[i]; i++)
		command->process_name[i] = comm[i];

	ret = dxgvmb_send_sync_msg(&dxggbl()->channel, msg.hdr, msg.size, &result,
				   sizeof(result));
	if (ret < 0) {
		DXG_ERR("create_process failed %d", ret);
	} else if (result.hprocess.v == 0) {
		DXG_ERR("create_process returned 0 handle");
		ret = -ENOTRECOVERABLE;
	} else {
		process->host_handle = result.hprocess;
	}
	dxgglobal_release_channel_lock();
cleanup:
	free_message(&msg);
	return ret;
}

int dxgvmb_send_destroy_process(struct d3dkmthandle process)
{
	struct dxgkvmb_command_destroyprocess *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, NULL, NULL, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	ret = dxgglobal_acquire_channel_lock();
	if (ret < 0)
		goto cleanup;
	command_vm_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_DESTROYPROCESS, process);
	ret = dxgvmb_send_sync_msg_ntstatus(&dxggbl()->channel, msg.hdr, msg.size);
	dxgglobal_release_channel_lock();
cleanup:
	free_message(&msg);
	return ret;
}

/* Adapter messages */

int dxgvmb_send_open_adapter(struct dxgadapter *adapter)
{
	struct dxgkvmb_command_openadapter_return result = {};
	struct dxgkvmb_command_openadapter *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, adapter, NULL, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	command_vgpu_to_host_init1(&command->hdr, DXGK_VMBCOMMAND_OPENADAPTER);
	command->vmbus_interface_version = dxggbl()->vmbus_ver;
	command->vmbus_last_compatible_interface_version =
		DXGK_VMBUS_LAST_COMPATIBLE_INTERFACE_VERSION;

	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, &result, sizeof(result));
	if (ret < 0)
		goto cleanup;
	ret = ntstatus2int(result.status);
	adapter->host_handle = result.host_adapter_handle;
cleanup:
	free_message(&msg);
	if (ret)
		DXG_ERR("Failed to open adapter: %d", ret);
	return ret;
}

int dxgvmb_send_close_adapter(struct dxgadapter *adapter)
{
	struct dxgkvmb_command_closeadapter *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, adapter, NULL, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	command_vgpu_to_host_init1(&command->hdr, DXGK_VMBCOMMAND_CLOSEADAPTER);
	command->host_handle = adapter->host_handle;
	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, NULL, 0);
	free_message(&msg);
	if (ret)
		DXG_ERR("Failed to close adapter: %d", ret);
	return ret;
}

int dxgvmb_send_get_internal_adapter_info(struct dxgadapter *adapter)
{
	struct dxgkvmb_command_getinternaladapterinfo_return *result;
	struct dxgkvmb_command_getinternaladapterinfo *command;
	u32 result_size = sizeof(*result);
	struct dxgvmbusmsg msg;
	int ret;

	result = kzalloc(sizeof(*result), GFP_KERNEL);
	if (!result)
		return -ENOMEM;
	ret = init_message(&msg, adapter, NULL, sizeof(*command));
	if (ret)
		goto out;
	command = msg.msg;

	command_vgpu_to_host_init1(&command->hdr, DXGK_VMBCOMMAND_GETINTERNALADAPTERINFO);
	if (dxggbl()->vmbus_ver < DXGK_VMBUS_INTERFACE_VERSION)
		result_size -= sizeof(struct winluid);

	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, result, result_size);
	if (ret >= 0) {
		adapter->host_adapter_luid = result->host_adapter_luid;
		adapter->host_vgpu_luid = result->host_vgpu_luid;
		dxggbl()->async_msg_enabled = result->async_msg_enabled != 0;
	}
	free_message(&msg);
out:
	kfree(result);
	if (ret)
		DXG_ERR("Failed to get adapter info: %d", ret);
	return ret;
}

struct d3dkmthandle dxgvmb_send_create_device(struct dxgadapter *adapter,
					      struct dxgprocess *process,
					      struct d3dkmt_createdevice *args)
{
	struct dxgkvmb_command_createdevice_return result = {};
	struct dxgkvmb_command_createdevice *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, adapter, process, sizeof(*command));
	if (ret)
		return result.device;
	command = msg.msg;

	command_vgpu_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_CREATEDEVICE,
				   process->host_handle);
	memcpy(&command->flags, &args->flags, sizeof(command->flags));
	command->error_code = (u64)(uintptr_t)&dxggbl()->device_state_counter;

	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, &result, sizeof(result));
	if (ret < 0)
		result.device.v = 0;
	free_message(&msg);
	return result.device;
}

int dxgvmb_send_destroy_device(struct dxgadapter *adapter, struct dxgprocess *process,
			       struct d3dkmthandle h)
{
	struct dxgkvmb_command_destroydevice *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, adapter, process, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	command_vgpu_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_DESTROYDEVICE,
				   process->host_handle);
	command->device = h;
	ret = dxgvmb_send_sync_msg_ntstatus(msg.channel, msg.hdr, msg.size);
	free_message(&msg);
	return ret;
}

int dxgvmb_send_flush_device(struct dxgadapter *adapter, struct dxgprocess *process,
			     struct d3dkmthandle h)
{
	struct dxgkvmb_command_flushdevice *command;
	struct dxgvmbusmsg msg;
	int ret;

	ret = init_message(&msg, adapter, process, sizeof(*command));
	if (ret)
		return ret;
	command = msg.msg;

	command_vgpu_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_FLUSHDEVICE,
				   process->host_handle);
	command->device = h;
	command->reason = 0;	/* DXGDEVICE_FLUSHSCHEDULER_DEVICE_TERMINATE */
	ret = dxgvmb_send_sync_msg_ntstatus(msg.channel, msg.hdr, msg.size);
	free_message(&msg);
	return ret;
}

int dxgvmb_send_query_adapter_info(struct dxgprocess *process, struct dxgadapter *adapter,
				   struct d3dkmt_queryadapterinfo *args)
{
	struct dxgkvmb_command_queryadapterinfo *command;
	u32 cmd_size = DXGKVMB_QUERYADAPTERINFO_SIZE(args->private_data_size);
	bool with_status = dxggbl()->vmbus_ver >= DXGK_VMBUS_INTERFACE_VERSION;
	struct dxgvmbusmsg msg = { .hdr = NULL };
	u32 private_data_size;
	void *private_data;
	int ret;

	ret = init_message(&msg, adapter, process, cmd_size);
	if (ret)
		goto cleanup;
	command = msg.msg;

	if (copy_from_user(command->private_data, args->private_data,
			   args->private_data_size)) {
		DXG_ERR("Faled to copy private data");
		ret = -EFAULT;
		goto cleanup;
	}
	command_vgpu_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_QUERYADAPTERINFO,
				   process->host_handle);
	command->private_data_size = args->private_data_size;
	command->query_type = args->type;

	/* version 40 replies with an NTSTATUS before the data, over the command */
	if (with_status) {
		private_data = msg.msg;
		private_data_size = command->private_data_size + sizeof(struct ntstatus);
	} else {
		private_data = command->private_data;
		private_data_size = command->private_data_size;
	}

	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, private_data,
				   private_data_size);
	if (ret < 0)
		goto cleanup;
	if (with_status) {
		ret = ntstatus2int(*(struct ntstatus *)private_data);
		if (ret < 0)
			goto cleanup;
		private_data += sizeof(struct ntstatus);
	}

	if ((args->type == _KMTQAITYPE_ADAPTERTYPE ||
	     args->type == _KMTQAITYPE_ADAPTERTYPE_RENDER) &&
	    args->private_data_size >= sizeof(struct d3dkmt_adaptertype)) {
		struct d3dkmt_adaptertype *adapter_type = private_data;

		adapter_type->paravirtualized = 1;
		adapter_type->display_supported = 0;
		adapter_type->post_device = 0;
		adapter_type->indirect_display_device = 0;
		adapter_type->acg_supported = 0;
		adapter_type->support_set_timings_from_vidpn = 0;
		adapter_type->compute_only = !!adapter->compute_only;
	}
	if (copy_to_user(args->private_data, private_data, args->private_data_size)) {
		DXG_ERR("Faled to copy private data to user");
		ret = -EFAULT;
	}
cleanup:
	free_message(&msg);
	return ret;
}

noinline int dxgvmb_send_escape(struct dxgprocess *process, struct dxgadapter *adapter,
				struct d3dkmt_escape *args, bool user_mode)
{
	struct dxgkvmb_command_escape *command = NULL;
	struct dxgvmbusmsg msg = { .hdr = NULL };
	u32 cmd_size;
	int ret;

	if (args->priv_drv_data_size > DXG_MAX_VM_BUS_PACKET_SIZE) {
		ret = -EINVAL;
		goto cleanup;
	}

	/* 55 + N, the last 7 bytes are padding: see DXGKVMB_ESCAPE_SIZE */
	cmd_size = DXGKVMB_ESCAPE_SIZE(args->priv_drv_data_size);

	ret = init_message(&msg, adapter, process, cmd_size);
	if (ret)
		goto cleanup;
	command = msg.msg;
	command_vgpu_to_host_init2(&command->hdr, DXGK_VMBCOMMAND_ESCAPE, process->host_handle);
	command->adapter = args->adapter;
	command->device = args->device;
	command->type = args->type;
	command->flags = args->flags.value;
	command->priv_drv_data_size = args->priv_drv_data_size;
	command->context = args->context;
	if (args->priv_drv_data_size) {
		if (user_mode) {
			if (copy_from_user(command->priv_drv_data, args->priv_drv_data,
					   args->priv_drv_data_size)) {
				DXG_ERR("failed to copy priv data");
				ret = -EFAULT;
				goto cleanup;
			}
		} else {
			memcpy(command->priv_drv_data, (__force void *)args->priv_drv_data,
			       args->priv_drv_data_size);
		}
	}

	/*
	 * The reply (private data only, no NTSTATUS: an escape's status is
	 * never decoded) lands over the request's private data.
	 */
	ret = dxgvmb_send_sync_msg(msg.channel, msg.hdr, msg.size, command->priv_drv_data,
				   args->priv_drv_data_size);
	if (ret < 0)
		goto cleanup;

	if (args->priv_drv_data_size) {
		if (user_mode) {
			if (copy_to_user(args->priv_drv_data, command->priv_drv_data,
					 args->priv_drv_data_size)) {
				DXG_ERR("failed to copy priv data");
				ret = -EINVAL;
			}
		} else {
			memcpy((__force void *)args->priv_drv_data, command->priv_drv_data,
			       args->priv_drv_data_size);
		}
	}

cleanup:
	free_message(&msg);
	return ret;
}
