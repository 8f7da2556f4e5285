#!/bin/sh
# phone.sh - the workloads together under the hypervisor, in the phone
# configurations of workloads/configs.sh: the baseband RTOS and the app OS
# exchanging packets over the hypervisor's message queues (phone-default),
# two personas on storage namespaces of one medium with the baseband
# (dual-persona), and the baseband sharing one LITTLE core with the app OS
# (baseband-consolidation). Prints "ok - ..." per case and "N passed,
# N failed".
#
# Each workload checks itself (kernel checksums, read-back, the modem's
# counts against its own); the cases add what only the combination shows:
# every packet an app sends is acknowledged in order across VMs, the
# baseband sees each peer, no frame is missed, and the personas compute the
# same checksum as alone.

. "$(dirname "$0")/../cli/lib.sh"

test_setup phone.sh PHONESIM HYP_DIR
WL_BUILD=$HYP_DIR
. "$(dirname "$0")/../../workloads/configs.sh"

# run CONFIG [ARGS...]: the configuration, detailed timing, a bound on simulated time.
run() {
	config=$1
	shift
	# shellcheck disable=SC2046 # the arguments are words by design
	timeout 300 "$PHONESIM" run $(wl_args "$config") --max-ns 2000000000 "$@" >"$out" 2>"$err"
	status=$?
	why=
}

# m VM WORKLOAD NAME: the value of that VM's metric.
m() {
	sed -n "s/^\[$1\] metric $2 $3 \([0-9]*\) .*/\1/p" "$out"
}

# is VM WORKLOAD NAME OP VALUE
is() {
	v=$(m "$1" "$2" "$3")
	[ -n "$v" ] && [ "$v" "$4" "$5" ] && return 0
	why="$1's $3 is '${v:-missing}', expected $4 $5"
	return 1
}

# round_trips VM: all its packets acknowledged, none lost or corrupt.
round_trips() {
	is "$1" appos net_packets_sent -gt 0 &&
	is "$1" appos net_acks -eq "$(m "$1" appos net_packets_sent)" &&
	is "$1" appos net_lost -eq 0 && is "$1" appos net_errors -eq 0 &&
	is "$1" appos net_peer_baseband -eq 1
}

run phone-default
status_is 0 && is baseband rtos missed -eq 0 && is baseband rtos peers -eq 1 &&
	round_trips personal &&
	is baseband rtos packets_up -eq "$(m personal appos net_packets_sent)"
result "phone-default: baseband and app OS, packets acknowledged in order, no frame missed"
checksum=$(m personal appos compute_checksum)

run phone-default --duration 50ms
status_is 0 && is baseband rtos frames -eq 50 && is baseband rtos met -eq 50 &&
	is baseband rtos missed -eq 0 && round_trips personal &&
	is personal appos net_packets_sent -eq 25 && is personal appos ui_frames_rendered -eq 3 &&
	is baseband rtos packets_up -eq 25
result "phone-default --duration 50ms: 50 frames, 3 ui frames, 25 packets, all through"

run dual-persona
status_is 0 && is baseband rtos missed -eq 0 && is baseband rtos peers -eq 2 &&
	round_trips personal && round_trips work &&
	is personal appos storage_present -eq 1 && is work appos storage_present -eq 1 &&
	is personal appos display_present -eq 1 && is work appos display_present -eq 0 &&
	is work appos compute_checksum -eq "$checksum"
result "dual-persona: each persona on its own namespace, both served by the baseband"

run baseband-consolidation
status_is 0 && is baseband rtos missed -eq 0 && round_trips personal &&
	is personal appos compute_checksum -eq "$checksum" &&
	is personal appos ui_frames_dropped -eq 0
result "baseband-consolidation: one LITTLE core, the baseband keeps every deadline"

finish
