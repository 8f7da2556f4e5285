#!/bin/sh
# hyp.sh - the hypervisor's end-to-end tests: each case boots
# hyp/phonesim-hyp.elf with VMs running the guests of tests/hyp/ (through
# the test driver hyp_run, until `phonesim run --hyp --vm` exists) and
# checks what the run prints and its exit status. Prints "ok - ..." per
# case and "N passed, N failed".
#
# Layout: the hypervisor at 0x40000000 (4 MiB), VM k's partition at
# 0x48000000 + k * 16 MiB (its guest is linked there: NAME-vmK.elf); every
# VM has a virtual PL011 at 0x09000000.

. "$(dirname "$0")/../cli/lib.sh"

if [ -z "$HYP_RUN" ] || [ -z "$HYP_DIR" ]; then
	echo "hyp.sh: HYP_RUN and HYP_DIR must be set (make check sets them)" >&2
	exit 99
fi
command -v timeout >/dev/null 2>&1 || { echo "hyp.sh: no timeout command: skipped"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM
out=$tmp/stdout
err=$tmp/stderr
passed=0
failed=0
G=$HYP_DIR/tests/hyp
UART=dev=0x09000000:0x1000:0:vpl011

# vm NAME GUEST K [MORE]: a --vm option for guest GUEST-vmK.elf in partition K.
vm() {
	echo "--vm name=$1,image=$G/$2-vm$3.elf,mem=$(printf '0x%x' $((0x48000000 + $3 * 0x1000000))):16M,$UART${4:+,$4}"
}

# run ARGS...: the hypervisor with these VMs; stdout in $out, stderr in $err.
run() {
	timeout 300 "$HYP_RUN" --hyp "$HYP_DIR/hyp/phonesim-hyp.elf" "$@" >"$out" 2>"$err"
	status=$?
}

# has LINE...: each LINE is a whole line of stdout.
has() {
	for l in "$@"; do
		grep -qxF -- "$l" "$out" || { why="no line '$l' in: $(tr '\n' '|' <"$out")"; return 1; }
	done
}

# lacks TEXT: no line of stdout contains TEXT.
lacks() {
	! grep -qF -- "$1" "$out" || { why="unexpected '$1' in: $(grep -F -- "$1" "$out" | head -n 1)"; return 1; }
}

# share_near VM BP: VM printed "share N bp" with N within 100 bp (1%) of BP.
share_near() {
	n=$(sed -n "s/^\[$1\] share \([0-9]*\) bp$/\1/p" "$out")
	[ -n "$n" ] && [ "$n" -ge $(($2 - 100)) ] && [ "$n" -le $(($2 + 100)) ] && return 0
	why="$1: share '${n:-none}' bp, expected $2 +- 100"
	return 1
}

# --------------------------------------------------------------- consoles
run $(vm alpha hello 0) $(vm beta hello 1)
why=
status_is 0 && has "[alpha] hello from VM 0 through the PL011" \
	"[alpha] and through HYP_CONSOLE_WRITE" \
	"[beta] hello from VM 1 through the PL011" "[beta] and through HYP_CONSOLE_WRITE" \
	"[hyp] all VMs ended: exit status 0"
result "two VMs print through their virtual PL011s and HYP_CONSOLE_WRITE, prefixed"

# ------------------------------------------------------------- isolation
for case in "1:write to another VM's partition:stage 2 data abort:0x48800000" \
	    "2:read of the hypervisor's memory:stage 2 data abort:0x40000000" \
	    "3:read of a device not given (modem):stage 2 data abort:0xc000000" \
	    "4:write to the GIC distributor:stage 2 data abort:0x8000000" \
	    "5:jump outside its partition (a crash):stage 2 instruction abort:0x47f00000"; do
	n=${case%%:*}; rest=${case#*:}; what=${rest%%:*}; rest=${rest#*:}
	fault=${rest%%:*}; far=${rest#*:}
	run $(vm victim victim 0) $(vm attacker attack$n 1)
	why=
	status_is 3 && grep -qF "[hyp] VM attacker stopped: $fault (vCPU 0, ESR " "$out" &&
		grep -qF "FAR $far," "$out" && lacks "the access went through" &&
		has "[victim] canary intact" "[hyp] VM victim exited with status 0" \
		    "[hyp] all VMs ended: exit status 3" ||
		{ [ -n "$why" ] || why="no fault report for FAR $far: $(tr '\n' '|' <"$out")"; }
	result "isolation: $what faults, the attacker is stopped and reported, the victim finishes"
done

# ---------------------------------------------------------------- budgets
run $(vm rt1 share 0 budget=3000000:10000000,prio=1) $(vm rt2 share 1 budget=2000000:10000000,prio=1) \
	$(vm appA share 2 prio=0) $(vm appB share 3 prio=0)
why=
status_is 0 && share_near rt1 3000 && share_near rt2 2000 && share_near appA 2500 &&
	share_near appB 2500
result "budgets: 3/10 ms and 2/10 ms reservations get 30% and 20% over 100 ms, two higher-priority VMs share the rest by round robin (25% each), all within 1%"

# ------------------------------------------------------------- interrupts
# Detailed timing on 2 cores: the app's core (core 0) waits in WFI when the
# baseband's (core 1) rings; the kick SGI must wake it at once, not at the
# end of the simulator's turn, and the app's virtual timer must wake it
# from its first WFI on, or two doorbells merge into one pending interrupt.
for mode in 1:functional 2:functional 2:detailed; do
	cores=${mode%%:*} timing=${mode#*:}
	if [ "$cores" = 1 ]; then aff0= aff1=; else aff0=,affinity=2 aff1=,affinity=1; fi
	run --cores $cores --timing $timing --max-ns 1000000000 \
		$(vm baseband baseband 0 "dev=0x0c000000:0x10000:40:pass,prio=0$aff0") \
		$(vm app app 1 "prio=1$aff1")
	why=
	status_is 0 && has "[baseband] modem frames 20, other interrupts 0" &&
		grep -qE '^\[app\] timer ticks [0-9]+, doorbells 20, other interrupts 0$' "$out" ||
		{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
	result "interrupts ($cores core(s), $timing timing): the modem's SPI reaches only the baseband, doorbells and the virtual timer only the app"
done

for cores in 1 2; do
	run --cores $cores $(vm ringer burst 0 affinity=1) $(vm target burst 1 affinity=$((cores == 1 ? 1 : 2)))
	why=
	status_is 0 && has "[target] took 8 doorbells, each once"
	result "8 virtual interrupts pending at once ($cores core(s)): 4 list registers, the rest after the maintenance interrupt, each taken once"
done

run $(vm fp0 fpu 0) $(vm fp1 fpu 1)
why=
status_is 0 && has "[fp0] FP/SIMD state intact across 200 switches" \
	"[fp1] FP/SIMD state intact across 200 switches"
result "lazy FP/SIMD switch: V0-V31 and FPCR of two VMs survive 200 switches"

# --------------------------------------------------------- message queues
for cores in 1 2; do
	if [ "$cores" = 1 ]; then aff0= aff1=; else aff0=affinity=1 aff1=affinity=2; fi
	run --cores $cores --queue 0:1:16:4:60:61 $(vm tx msgq 0 $aff0) $(vm rx msgq 1 $aff1)
	why=
	status_is 0 && has "[rx] received 1000 in order" &&
		grep -qE '^\[tx\] sent 1000, queue full [1-9][0-9]* times$' "$out" ||
		{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
	result "message queue ($cores core(s)): 1000 messages through a 4-deep queue, in order, none lost, the sender held back while full"
done

# ------------------------------------------------------ hostile hypercalls
run --queue 1:0:16:4:60:61 $(vm hostile hostile 0 vcpus=2) $(vm bystander hello 2)
why=
status_is 0 && has "[hostile] hostile: all refused" "[hostile] hostile calls checked: 31" \
	"[bystander] hello from VM 1 through the PL011"
result "hostile hypercall arguments (null, out of partition, huge, wrapping, bad ids) return errors; the hypervisor runs on"

# ------------------------------------------------------- SMP and static mode
run --cores 2 $(vm smp smp 0 vcpus=2,affinity=1:2)
why=
status_is 0 && has "[smp] vCPU 1 got SGI 3, MPIDR 0x0000000080000001" \
	"[smp] vCPU 0 got SGI 4, MPIDR 0x0000000080000000"
result "two vCPUs on two cores: PSCI CPU_ON, virtual IPIs both ways"

run --cores 3 --sched static $(vm smp smp 0 vcpus=2) $(vm other hello 1)
why=
status_is 0 && has "[smp] vCPU 0 got SGI 4, MPIDR 0x0000000080000000" \
	"[other] hello from VM 1 through the PL011"
result "static partitioning: three vCPUs on three cores, WFI not trapped"

# ------------------------------------------------------------------ costs
run --timing detailed $(vm cost0 cost 0) $(vm cost1 cost 1)
why=
status_is 0 && grep -qE '^\[cost0\] hypercall round trip [0-9]+\.[0-9] ns$' "$out" &&
	grep -qE '^\[cost0\] VM switch [0-9]+\.[0-9] ns$' "$out" ||
	{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
result "costs measured (detailed timing): $(sed -n 's/^\[cost0\] //p' "$out" | tr '\n' ';')"

# ------------------------------------------------------ bad configurations
for case in "bad magic:--bad-magic $(vm a hello 0):magic" \
	    "partition over the hypervisor:--vm name=a,image=$G/hello-vm0.elf,mem=0x40000000:256M:overlaps the hypervisor" \
	    "overlapping partitions:$(vm a hello 0) --vm name=b,image=$G/hello-vm1.elf,mem=0x48800000:16M:overlaps vm 0" \
	    "a PPI given to a VM:$(vm a hello 0 dev=0x0c000000:0x10000:20:pass):not an SPI" \
	    "static mode with more vCPUs than cores:--sched static $(vm a hello 0) $(vm b hello 1):no free core"; do
	what=${case%%:*}; rest=${case#*:}; args=${rest%:*}; text=${rest##*:}
	run $args
	why=
	line=$(head -n 1 "$out")
	status_is 2 && mentions "hyp: bad configuration: " "$text"
	result "bad configuration ($what): one line, exit status 2"
done

finish
