#!/bin/sh
# microbench.sh - the virtualization micro-benchmarks (workloads/microbench/)
# natively (`phonesim run --bare ... --el 1 --dtb --cores 2`) and under the
# hypervisor (VM 0 with 2 vCPUs and the modem, VM 1 on core 0 for the VM
# switch), in functional and detailed timing. Checks that every benchmark
# reports, that the figures are plausible (the hypervisor's traps cost
# more than the native accesses; the EOI of a virtual interrupt does not
# trap), that runs are deterministic, and that the hypervisor's trace saw
# the hypercalls the workload made. Prints "ok - ..." per case and
# "N passed, N failed".

. "$(dirname "$0")/../cli/lib.sh"

test_setup microbench.sh PHONESIM HYP_DIR
M=$HYP_DIR/workloads/microbench
HYP=$HYP_DIR/hyp/phonesim-hyp.elf
TIMED="null ic_trap ipi irq_complete io_out io_in timer_in"

native() {
	timeout 300 "$PHONESIM" run --bare "$M/microbench-vm0.elf" --el 1 --dtb --cores 2 \
		--soc small --max-ns 5000000000 "$@" >"$out" 2>"$err"
	status=$?
}

virt() {
	timeout 300 "$PHONESIM" run --hyp "$HYP" --cores 2 --soc small --max-ns 5000000000 \
		--vm "name=mb0,image=$M/microbench-vm0.elf,base=0x4c000000,mem=16,dev=pl011,pass=modem,dtb,vcpus=2" \
		--vm "name=mb1,image=$M/microbench-vm1.elf,base=0x4d000000,mem=16,dev=pl011,cpu=0" \
		"$@" >"$out" 2>"$err"
	status=$?
}

# metric NAME: the value of "metric microbench NAME V cycles" (any prefix), or empty.
metric() {
	sed -n "s/^\(\[mb0\] \)\{0,1\}metric microbench $1 \([0-9]*\) [a-z]*\$/\2/p" "$out"
}

# reports BENCH...: each has its five summary lines, none of them zero.
reports() {
	for b in "$@"; do
		for s in mean p50 p99 min max; do
			v=$(metric "${b}_$s")
			[ -n "$v" ] && [ "$v" -gt 0 ] || { why="${b}_$s is '${v:-missing}'"; return 1; }
		done
	done
}

# exists BENCH...: each has its five summary lines (a latency below one
# counter tick reads 0: native interrupts in functional timing).
exists() {
	for b in "$@"; do
		for s in mean p50 p99 min max; do
			[ -n "$(metric "${b}_$s")" ] || { why="${b}_$s missing"; return 1; }
		done
	done
}

# in_range NAME LO HI: LO <= metric NAME <= HI.
in_range() {
	v=$(metric "$1")
	[ -n "$v" ] && [ "$v" -ge "$2" ] && [ "$v" -le "$3" ] && return 0
	why="$1 = '${v:-missing}', expected $2..$3"
	return 1
}

na() {
	grep -qxF "note microbench $1 n/a: $2" "$out" && [ -z "$(metric "${1}_p50")" ] ||
		{ why="$1 not reported as n/a ($2)"; return 1; }
}

no_fail() {
	! grep -q 'FAIL' "$out" || { why=$(grep 'FAIL' "$out" | head -n 1); return 1; }
}

for timing in functional detailed; do
	native --timing "$timing"
	why=
	if [ "$timing" = detailed ]; then nonzero=$TIMED; else nonzero=${TIMED% io_in timer_in}; fi
	status_is 0 && no_fail && exists $TIMED && reports $nonzero && na hypercall "no hypervisor" &&
		na vm_switch "no second VM" && in_range ic_trap_p50 1 200 &&
		in_range irq_complete_p50 1 100 && in_range ipi_p50 50 5000
	result "native ($timing timing): every benchmark reports, hypercall and VM switch n/a"
	grep '^metric' "$out" >"$tmp/native-$timing"
done

native --timing detailed
why=
status_is 0 && { grep '^metric' "$out" | cmp -s - "$tmp/native-detailed" ||
	why="two native runs differ"; }
result "native: two detailed runs print identical metric lines"

virt --timing functional
why=
status_is 0 && no_fail && reports $TIMED hypercall vm_switch
result "virtualized (functional timing): every benchmark reports"

virt --timing detailed -o "$tmp/run.db"
why=
status_is 0 && no_fail && reports $TIMED hypercall vm_switch &&
	grep -qxF "[hyp] all VMs ended: exit status 0" "$out" ||
	{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
result "virtualized (detailed timing): every benchmark reports, both VMs end with 0"
grep '^\[mb0\] metric' "$out" | sed 's/^\[mb0\] //' >"$tmp/virt-detailed"
cp "$out" "$tmp/virt-out"

# The figures against each other: a trap costs the hypervisor's entry and
# exit (hundreds of cycles) on top of the native access; the EOI of a
# virtual interrupt (a list register, no maintenance) does not trap.
vm() { sed -n "s/^metric microbench $1 \([0-9]*\) cycles\$/\1/p" "$tmp/virt-detailed"; }
nat() { sed -n "s/^metric microbench $1 \([0-9]*\) cycles\$/\1/p" "$tmp/native-detailed"; }
why=
hc=$(vm hypercall_p50) ic=$(vm ic_trap_p50) icn=$(nat ic_trap_p50)
eoi=$(vm irq_complete_p50) eoin=$(nat irq_complete_p50)
out_v=$(vm io_out_p50) out_n=$(nat io_out_p50) sw=$(vm vm_switch_p50)
if [ "$hc" -lt 100 ] || [ "$hc" -gt 5000 ]; then why="hypercall $hc outside 100..5000"
elif [ "$ic" -le $((icn + 100)) ]; then why="ic_trap $ic not above native $icn + 100"
elif [ "$out_v" -le $((out_n + 100)) ]; then why="io_out $out_v not above native $out_n + 100"
elif [ "$eoi" -ge $((hc / 4)) ] || [ "$eoi" -gt $((eoin + 20)) ]; then
	why="irq_complete $eoi traps? (native $eoin, hypercall $hc)"
elif [ "$sw" -le "$hc" ]; then why="vm_switch $sw not above a hypercall $hc"
fi
result "virtualized vs native (detailed): hypercall $hc, ic_trap $ic vs $icn, io_out $out_v vs $out_n, irq_complete $eoi vs $eoin (no trap), vm_switch $sw cycles"

# The hypervisor saw the hypercalls: VM 0 makes 2 per iteration (the
# hypercall and the VM switch benchmarks) and 7 more (wl_init, the first
# yield, CPU_ON, the doorbell to VM 1, the yields that start and end the
# VM switch, HYP_VM_EXIT).
why=
out=$tmp/virt-out
n=$(metric iterations)
hvc=$(timeout 60 "$PHONESIM" trace "$tmp/run.db" traps --class HVC64 --vm 0 --csv 2>"$err" |
	awk -F, 'NR > 1 && $4 == 0' | wc -l)
[ -n "$n" ] && [ "$hvc" -eq $((2 * n + 7)) ] ||
	why="$hvc HVC traps from VM 0 vCPU 0, expected 2 * ${n:-?} + 7"
result "trace: the hypervisor took $hvc HVCs from VM 0, as many as the workload made"

out=$tmp/stdout
virt --timing detailed
why=
status_is 0 && { grep '^\[mb0\] metric' "$out" | sed 's/^\[mb0\] //' | cmp -s - "$tmp/virt-detailed" ||
	why="two virtualized runs differ"; }
result "virtualized: two detailed runs print identical metric lines"

finish
