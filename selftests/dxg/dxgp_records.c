// SPDX-License-Identifier: GPL-2.0
/*
 * dxg selftest library: dxgprobe's records.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dxgp_records.h"

int dxgp_check(char *why, size_t len)
{
	char buf[64];
	int n;

	n = dxg_read_file(DXGPROBE_DIR "/version", buf, sizeof(buf));
	if (n < 0) {
		snprintf(why, len, "dxgprobe not loaded (%s/version: %s)", DXGPROBE_DIR,
			 strerror(-n));
		return -ENOENT;
	}
	if (atoi(buf) != 1) {
		snprintf(why, len, "dxgprobe debugfs format %d, these tests read format 1",
			 atoi(buf));
		return -EPROTO;
	}
	if (dxg_read_file(DXGPROBE_DIR "/enabled", buf, sizeof(buf)) > 0 && atoi(buf) == 0) {
		snprintf(why, len, "dxgprobe is loaded but disabled (%s/enabled is 0)",
			 DXGPROBE_DIR);
		return -EPERM;
	}
	if (dxg_read_file(DXGPROBE_DIR "/pid", buf, sizeof(buf)) > 0 && atoi(buf) != 0) {
		snprintf(why, len, "dxgprobe records only pid %d (%s/pid): write 0 to it",
			 atoi(buf), DXGPROBE_DIR);
		return -EPERM;
	}
	return 0;
}

long long dxgp_last_seq(void)
{
	return dxg_scan_seq(DXGPROBE_DIR "/events", -1, NULL, NULL);
}

void dxgp_split(char *line, struct dxgp_rec *rec)
{
	char *p = line, *tok, *save = NULL, *eq;

	rec->nkeys = 0;
	for (tok = strtok_r(p, " ", &save); tok && rec->nkeys < DXGP_MAX_KEYS;
	     tok = strtok_r(NULL, " ", &save)) {
		eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq = '\0';
		rec->key[rec->nkeys] = tok;
		rec->val[rec->nkeys] = eq + 1;
		rec->nkeys++;
	}
}

int dxgp_find(pid_t pid, long long after, struct dxgp_rec *rec)
{
	char *all, *line, *save, *found;
	int tries;

	memset(rec, 0, sizeof(*rec));
	for (tries = 0; tries < 20; tries++) {
		all = dxg_read_all(DXGPROBE_DIR "/events");
		if (!all)
			return -ENOENT;
		found = NULL;
		save = NULL;
		for (line = strtok_r(all, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save))
			if (dxg_line_num(line, "pid") == pid && dxg_line_num(line, "seq") > after)
				found = line;
		if (found) {
			rec->line = strdup(found);
			rec->buf = strdup(found);
			free(all);
			if (!rec->line || !rec->buf) {
				dxgp_free(rec);
				return -ENOMEM;
			}
			dxgp_split(rec->buf, rec);
			return 0;
		}
		free(all);
		usleep(50000);
	}
	return -ENOENT;
}

const char *dxgp_get(const struct dxgp_rec *rec, const char *key)
{
	int i;

	for (i = 0; i < rec->nkeys; i++)
		if (!strcmp(rec->key[i], key))
			return rec->val[i];
	return NULL;
}

bool dxgp_is(const struct dxgp_rec *rec, const char *key, const char *val)
{
	const char *v = dxgp_get(rec, key);

	return v && !strcmp(v, val);
}

long long dxgp_num(const struct dxgp_rec *rec, const char *key, long long dflt)
{
	const char *v = dxgp_get(rec, key);
	char *end;
	long long n;

	if (!v || !strcmp(v, "-"))
		return dflt;
	n = strtoll(v, &end, 0);
	return end == v ? dflt : n;
}

void dxgp_free(struct dxgp_rec *rec)
{
	free(rec->line);
	free(rec->buf);
	memset(rec, 0, sizeof(*rec));
}

const char *dxgp_origin_str(const struct dxgp_rec *rec, char *buf, size_t len)
{
	const char *v = dxgp_get(rec, "verdict");
	const char *st = dxgp_get(rec, "ntstatus_name");

	if (!v)
		v = "?";
	if (!strcmp(v, "host-short-reply") || !strcmp(v, "ok"))
		snprintf(buf, len, "%s (reply %s of %s bytes, trans_id %s%s%s)", v,
			 dxgp_get(rec, "reply_len") ?: "-", dxgp_get(rec, "size") ?: "-",
			 dxgp_get(rec, "trans_id") ?: "-", st && strcmp(st, "-") ? ", " : "",
			 st && strcmp(st, "-") ? st : "");
	else if (!strcmp(v, "send-failed"))
		snprintf(buf, len, "%s (send_ret %s after %s attempts, trans_id %s)", v,
			 dxgp_get(rec, "send_ret") ?: "-", dxgp_get(rec, "attempts") ?: "-",
			 dxgp_get(rec, "trans_id") ?: "-");
	else if (!strcmp(v, "interrupted") || !strcmp(v, "pending"))
		snprintf(buf, len, "%s (sent, no reply: sync_ret %s, trans_id %s)", v,
			 dxgp_get(rec, "sync_ret") ?: "-", dxgp_get(rec, "trans_id") ?: "-");
	else
		snprintf(buf, len, "%s (ret %s, %s attempts, missing %s)", v,
			 dxgp_get(rec, "ret") ?: "-", dxgp_get(rec, "attempts") ?: "-",
			 dxgp_get(rec, "missing") ?: "-");
	return buf;
}
