#!/bin/sh
# appos.sh - end-to-end tests of the application VM's OS
# (workloads/appos): the personal image natively with the machine's
# display and storage, the same image as a VM given both, the work persona
# as a VM with neither (its ui renders offscreen), the isolation probes
# killed while the other tasks finish, two native runs printing the
# same metric lines, and --duration scaling every app's work. Prints
# "ok - ..." per case and "N passed, N failed".
# Each run is about 4-7 s of host time.

. "$(dirname "$0")/../cli/lib.sh"

test_setup appos.sh PHONESIM HYP_DIR
HYP=$HYP_DIR/hyp/phonesim-hyp.elf
PERSONAL=$HYP_DIR/workloads/appos/appos-personal.elf
WORK=$HYP_DIR/workloads/appos/appos-work.elf

# native [ARGS...]: the personal image alone on the phone SoC's first core.
native() {
	timeout 120 "$PHONESIM" run --bare "$PERSONAL" --el 1 --dtb --soc phone --cores 1 "$@" \
		>"$out" 2>"$err"
	status=$?
}

# vm SPEC: the hypervisor with one VM.
vm() {
	timeout 120 "$PHONESIM" run --soc phone --cores 1 --hyp "$HYP" --vm "$1" >"$out" 2>"$err"
	status=$?
}

# metric PREFIX NAME: the value of metric NAME (lines PREFIX"metric appos NAME V U").
metric() {
	sed -n "s/^$1metric appos $2 \([0-9]*\) .*/\1/p" "$out"
}

# at_least PREFIX NAME MIN: the metric is there and at least MIN.
at_least() {
	v=$(metric "$1" "$2")
	[ -n "$v" ] && [ "$v" -ge "$3" ] && return 0
	why="$2 is '${v:-missing}', expected at least $3"
	return 1
}

# equals PREFIX NAME VALUE
equals() {
	v=$(metric "$1" "$2")
	[ "$v" = "$3" ] && return 0
	why="$2 is '${v:-missing}', expected $3"
	return 1
}

no_fail() {
	! grep -q "FAIL" "$out" || { why=$(grep "FAIL" "$out" | head -n 1); return 1; }
}

has() {
	grep -qxF -- "$1" "$out" || { why="no line '$1'"; return 1; }
}

# self_checks PREFIX: every app ran and passed its self-checks.
self_checks() {
	no_fail && at_least "$1" compute_iterations 1 && at_least "$1" compute_checksum 0 &&
		at_least "$1" storage_device_writes 192 && at_least "$1" storage_cache_hit_pct 1 &&
		at_least "$1" ui_frames_rendered 1 && at_least "$1" ui_frames_presented 1 &&
		at_least "$1" ui_display_vsyncs 1 && equals "$1" ui_offscreen 0 &&
		equals "$1" net_peer_baseband 0 && equals "$1" net_acks 200 && equals "$1" net_errors 0
}

# ------------------------------------------------------------------ native
native
why=
status_is 0 && self_checks "" && equals "" display_present 1 && equals "" storage_present 1
result "native: compute checksum, storage read-back, frames presented and counted, loopback round trips"
checksum=$(metric "" compute_checksum)
grep '^metric ' "$out" >"$tmp/first"

why=
grep -q "^appos: task probe-kernel killed as expected: permission fault, ESR 0x9200000f " "$out" &&
	grep -q "^appos: task probe-task killed as expected: permission fault, ESR 0x9200004e FAR 0x44a00000 " "$out" &&
	equals "" kernel_tasks_killed 2 && no_fail && at_least "" ui_frames_presented 1 &&
	at_least "" compute_iterations 1 && at_least "" storage_device_reads 1 && equals "" net_acks 200
result "EL0 reads of kernel memory and writes to another task's region are permission faults that kill only the task"

native
why=
status_is 0 && grep '^metric ' "$out" >"$tmp/second" &&
	{ cmp -s "$tmp/first" "$tmp/second" || { why="metric lines differ: $(diff "$tmp/first" "$tmp/second" | head -n 3 | tr '\n' '|')"; false; }; }
result "determinism: two native runs print the same metric lines"

# 50 ms is an eighth of the default 400: 3 frames at 60 Hz, and an eighth of
# the packets and iterations; the storage volume's floor is the hot set.
native --duration 50ms
why=
status_is 0 && no_fail && equals "" ui_frames_rendered 3 && equals "" ui_frames_presented 3 &&
	equals "" net_packets_sent 25 && equals "" net_acks 25 && equals "" net_errors 0 &&
	equals "" compute_iterations 25 && equals "" storage_device_writes 32 &&
	at_least "" storage_cache_hit_pct 1 && equals "" kernel_tasks_killed 2
result "native --duration 50ms: 3 ui frames, 25 packets, 25 iterations, 32 blocks"

# -------------------------------------------------------------- virtualized
vm "name=personal,image=$PERSONAL,base=0x44000000,mem=64,dev=pl011,pass=display,pass=storage,dtb"
why=
status_is 0 && self_checks "\[personal\] " && has "[hyp] all VMs ended: exit status 0" &&
	equals "\[personal\] " compute_checksum "$checksum" && equals "\[personal\] " kernel_tasks_killed 2
result "personal VM with display and storage: the same self-checks and checksum as native"

vm "name=work,image=$WORK,base=0x48000000,mem=64,dev=pl011,dtb"
why=
status_is 0 && no_fail && has "[hyp] all VMs ended: exit status 0" &&
	equals "\[work\] " display_present 0 && equals "\[work\] " ui_offscreen 1 &&
	at_least "\[work\] " ui_frames_rendered 1 && equals "\[work\] " compute_checksum "$checksum" &&
	equals "\[work\] " net_acks 200 && equals "\[work\] " kernel_tasks_killed 2
result "work persona VM without a display renders offscreen"

finish
