# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The arguments every VM test runner in tests/ takes (sourced, bash):
#   vm_runner_args "$@"   --kernel 6.12|6.1|debug|PATH (sets $kernel, default
#                         6.12), -h/--help (calls the runner's usage, exits 0);
#                         anything else: usage on stderr, exit 2.

# shellcheck disable=SC2034 # read by the runner that sources this
kernel=6.12
vm_runner_args() {
	while [ $# -gt 0 ]; do
		case "$1" in
		-h|--help) usage; exit 0 ;;
		--kernel) [ $# -ge 2 ] || { usage >&2; exit 2; }; kernel=$2; shift 2 ;;
		*) usage >&2; echo "$(basename "$0"): unknown argument '$1'" >&2; exit 2 ;;
		esac
	done
}
