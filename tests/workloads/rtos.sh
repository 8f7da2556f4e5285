#!/bin/sh
# rtos.sh - the baseband RTOS (workloads/rtos/rtos.elf) end to end: natively
# on one LITTLE core of the phone preset under detailed timing, and as the
# baseband VM of the hypervisor. Prints "ok - ..." per case and
# "N passed, N failed".
#
# Each run must exit 0 (the image's self-checks include its kernels' unit
# tests at start-up and, at the end, its own met/missed counts against the
# modem's registers); the cases add what the run must show: no missed
# deadline at the default load, misses under a heavy load that equal the
# simulator's own count of missed deadlines (--stats), identical metric
# lines from two identical runs, and a run of --duration T being exactly
# T / modem.period_us frames.

. "$(dirname "$0")/../cli/lib.sh"

test_setup rtos.sh PHONESIM HYP_DIR
RTOS=$HYP_DIR/workloads/rtos/rtos.elf
HYP=$HYP_DIR/hyp/phonesim-hyp.elf
[ -f "$RTOS" ] && [ -f "$HYP" ] || { echo "rtos.sh: $RTOS or $HYP missing (make builds them)" >&2; exit 99; }

# native ARGS...: the image alone on core 0 of the phone preset, detailed timing.
native() {
	timeout 120 "$PHONESIM" run --bare "$RTOS" --el 1 --dtb --soc phone --cores 1 \
		--timing detailed --stats "$@" >"$out" 2>"$err"
	status=$?
}

# vm ARGS...: the image as the baseband VM, alone, on core 0.
vm() {
	timeout 120 "$PHONESIM" run --hyp "$HYP" --soc phone --cores 1 --timing detailed --stats \
		--vm "name=baseband,image=$RTOS,base=0x42000000,mem=32,cpu=0,prio=0,dev=pl011,pass=modem,dtb" \
		"$@" >"$out" 2>"$err"
	status=$?
}

# m NAME: the value of metric NAME (with or without the VM's prefix).
m() {
	sed -n "s/^\(\[baseband\] \)\{0,1\}metric rtos $1 \([0-9]*\) .*/\2/p" "$out"
}

# is NAME OP VALUE: metric NAME compares so (test(1) operators).
is() {
	v=$(m "$1")
	[ -n "$v" ] && [ "$v" "$2" "$3" ] && return 0
	why="metric $1 is '${v:-missing}', expected $2 $3"
	return 1
}

# sim_missed: the deadlines the simulator saw missed (--stats).
sim_missed() {
	sed -n 's/.*deadlines: [0-9]*, \([0-9]*\) missed.*/\1/p' "$err"
}

# agrees: the workload's missed count is the simulator's.
agrees() {
	s=$(sim_missed)
	[ -n "$s" ] && [ "$s" = "$(m missed)" ] && return 0
	why="workload says $(m missed) missed, --stats says '${s:-nothing}'"
	return 1
}

no_fail() {
	! grep -q FAIL "$out" || { why=$(grep FAIL "$out" | head -n 1); return 1; }
}

why=
native
status_is 0 && no_fail && is selftest -eq 1 && is frames -ge 100 && is met -eq 100 &&
	is missed -eq 0 && agrees && is load_mean -ge 3000 && is load_mean -le 5000 &&
	is crc_errors -eq 0 && is fec_errors -eq 0 && is fft_bit_errors -eq 0 &&
	is injected_bit_errors -gt 0 && is packets_up -gt 0 && is packets_down -ge 100 &&
	is acks_up -gt 0 && is packet_errors -gt 0
result "native, default load: self-checks pass, 100 frames met, load $(m load_mean) bp, latency $(m latency_mean) ns"
grep metric "$out" >"$tmp/first"

why=
native
status_is 0 && { grep metric "$out" | cmp -s - "$tmp/first" || why="metric lines differ between two runs"; }
result "native: two runs print identical metric lines"

why=
vm
status_is 0 && no_fail && is virtualized -eq 1 && is peers -eq 0 && is met -eq 100 &&
	is missed -eq 0 && agrees && is fec_errors -eq 0 && is load_mean -le 5000
result "virtualized alone: no peer, 100 frames met, load $(m load_mean) bp, latency $(m latency_mean) ns"

why=
native --duration 50ms
status_is 0 && no_fail && is frames -eq 50 && is met -eq 50 && is missed -eq 0 && agrees &&
	is packets_down -eq 50
result "native --duration 50ms: 50 frames of 1 ms, all met"

why=
vm --duration 30ms --set modem.period_us=500
status_is 0 && no_fail && is frames -eq 60 && is met -eq 60 && is missed -eq 0 && agrees
result "virtualized --duration 30ms, 500 us frames: 60 frames, all met"

why=
native --set modem.period_us=350
status_is 0 && no_fail && is missed -gt 0 && agrees && is abandoned -gt 0
result "heavy load (350 us frames): $(m missed) misses counted, the modem's count, clean exit"

why=
native --set modem.deadline_us=300
status_is 0 && no_fail && is late -gt 0 && is missed -eq "$(m late)" && agrees
result "deadline shorter than the work: $(m late) late doorbells counted as missed"

finish
