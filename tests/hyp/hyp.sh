#!/bin/sh
# hyp.sh - the hypervisor's end-to-end tests: each case boots
# hyp/phonesim-hyp.elf with VMs running the guests of tests/hyp/, through
# `phonesim run --hyp ... --vm ...` (docs/running.md), and checks what the
# run prints and its exit status. Prints "ok - ..." per case and
# "N passed, N failed".
#
# Layout: the hypervisor's memory at 0x40000000 (the default 16 MiB), VM k's
# partition at 0x48000000 + k * 16 MiB (base=; its guest is linked there:
# NAME-vmK.elf); every VM has a virtual PL011 at 0x09000000 (dev=pl011).
# Runs are functional timing unless a case asks for detailed.
#
# The bad-configuration cases boot configurations the CLI refuses before
# boot, to test the hypervisor's own checks: they go through
# hyp_badconfig ($HYP_BADCONFIG), which builds a valid run with the
# simulator's code and corrupts one item of it.

. "$(dirname "$0")/../cli/lib.sh"

test_setup hyp.sh PHONESIM HYP_BADCONFIG HYP_DIR
G=$HYP_DIR/tests/hyp
HYP=$HYP_DIR/hyp/phonesim-hyp.elf

# vm NAME GUEST K [MORE]: a --vm option for guest GUEST-vmK.elf in partition K.
vm() {
	echo "--vm name=$1,image=$G/$2-vm$3.elf,base=$(printf '0x%x' $((0x48000000 + $3 * 0x1000000))),mem=16,dev=pl011${4:+,$4}"
}

# run ARGS...: the hypervisor with these VMs (functional timing and a 10 s
# bound on simulated time unless ARGS say otherwise); stdout in $out,
# stderr in $err.
run() {
	timeout 300 "$PHONESIM" run --hyp "$HYP" --timing functional --max-ns 10000000000 "$@" \
		>"$out" 2>"$err"
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
	    "4:write to a GIC redistributor:stage 2 data abort:0x80a0014" \
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

# ------------------------------------------------------ storage namespaces
# Two VMs, each given a namespace of the same medium (an image file, so
# that where the data landed can be read back): namespace 1 is blocks
# 0-63, namespace 2 blocks 64-95. Each VM writes a block of its own byte
# ('H' from partition 0, 'I' from 1) at its LBA 0 and must read back only
# its own; see nsdisk.c for its other checks.
disk=$tmp/disk.img
NS="--set storage.ns1_blocks=64 --set storage.ns2_blocks=32"
dd if=/dev/zero of="$disk" bs=4096 count=128 2>/dev/null
run --set storage.image="$disk" --set storage.writable=1 $NS \
	$(vm work nsdisk 0 pass=storage:1) $(vm personal nsdisk 1 pass=storage:2)
why=
# block B of the image, as the characters of its first 4 bytes
block() { od -An -c -N4 -j $(($1 * 4096)) "$disk" | tr -d ' '; }
status_is 0 &&
	has "[work] namespace of 64 blocks: own LBA 0, RANGE, BAD_BUFFER; interrupts 42: 5, others: 0" \
	    "[personal] namespace of 32 blocks: own LBA 0, RANGE, BAD_BUFFER; interrupts 42: 5, others: 0" &&
	{ [ "$(block 0)" = HHHH ] && [ "$(block 64)" = IIII ] && [ "$(block 1)" = '\0\0\0\0' ] ||
	  why="blocks 0, 1, 64 of the medium: '$(block 0)' '$(block 1)' '$(block 64)'"; }
result "storage namespaces: two VMs each see only their own, at LBA 0 of their partition of the medium; RANGE at their end; DMA into the other's partition refused (BAD_BUFFER), nothing written"

for case in "6:the control frame (DMA windows):0xc02f110" \
	    "7:another namespace's frame:0xc021000"; do
	n=${case%%:*}; rest=${case#*:}; what=${rest%%:*}; far=${rest#*:}
	run $NS $(vm work nsdisk 0 pass=storage:1) $(vm attacker attack$n 1 pass=storage:2)
	why=
	status_is 3 && grep -qF "[hyp] VM attacker stopped: stage 2 data abort (vCPU 0, ESR " "$out" &&
		grep -qF "FAR $far," "$out" && lacks "the access went through" &&
		has "[hyp] VM work exited with status 0" "[hyp] all VMs ended: exit status 3" ||
		{ [ -n "$why" ] || why="no fault report for FAR $far: $(tr '\n' '|' <"$out")"; }
	result "storage isolation: $what is not mapped in a namespace's VM: stopped and reported, the other VM finishes"
done

# The whole device (namespace 0) is a namespace like the others: its VM gets
# frame 0 only, never the control frame that would let it point DMA anywhere.
run $(vm other hello 0) $(vm attacker attack6 1 pass=storage)
why=
status_is 3 && grep -qF "[hyp] VM attacker stopped: stage 2 data abort (vCPU 0, ESR " "$out" &&
	grep -qF "FAR 0xc02f110," "$out" && lacks "the access went through" &&
	has "[hyp] VM other exited with status 0" ||
	{ [ -n "$why" ] || why="no fault report for the control frame: $(tr '\n' '|' <"$out")"; }
result "storage isolation: the control frame is not mapped in the whole device's VM either"

# ---------------------------------------------------------------- budgets
run $(vm rt1 share 0 budget_us=3000,period_us=10000,prio=1) \
	$(vm rt2 share 1 budget_us=2000,period_us=10000,prio=1) \
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
	if [ "$cores" = 1 ]; then aff0= aff1=; else aff0=,cpu=1 aff1=,cpu=0; fi
	run --cores $cores --timing $timing --max-ns 1000000000 \
		$(vm baseband baseband 0 "pass=modem,prio=0$aff0") \
		$(vm app app 1 "prio=1$aff1")
	why=
	status_is 0 && has "[baseband] modem frames 20, other interrupts 0" &&
		grep -qE '^\[app\] timer ticks [0-9]+, doorbells 20, other interrupts 0$' "$out" ||
		{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
	result "interrupts ($cores core(s), $timing timing): the modem's SPI reaches only the baseband, doorbells and the virtual timer only the app"
done

for cores in 1 2; do
	run --cores $cores $(vm ringer burst 0 cpu=0) $(vm target burst 1 cpu=$((cores - 1)))
	why=
	status_is 0 && has "[target] took 8 doorbells, each once"
	result "8 virtual interrupts pending at once ($cores core(s)): 4 list registers, the rest after the maintenance interrupt, each taken once"
done

# The virtual distributor: an owner given the modem, a meddler writing
# every word of its own distributor, one access of a size the GIC refuses.
run $(vm owner vgicd 0 pass=modem) $(vm meddler vgicd 1) $(vm wrongsize vgicd 2)
why=
status_is 3 && has "[owner] registers as documented; disabled INTIDs held back until enabled" \
	"[owner] after the meddler: modem interrupts 5 more, registers unchanged" \
	"[meddler] wrote and read every word of the distributor: still running" \
	"[hyp] VM owner exited with status 0" "[hyp] VM meddler exited with status 0" &&
	lacks "the access went through" &&
	{ grep -qF "[hyp] VM wrongsize stopped: stage 2 data abort (vCPU 0, ESR " "$out" &&
	  grep -qF "FAR 0x8000000," "$out" || why="no fault report: $(tr '\n' '|' <"$out")"; }
result "virtual GIC distributor: registers as documented, enables gate delivery (virtual and passthrough), another VM's writes reach only its own, a 16-bit access stops only its VM"

run $(vm fp0 fpu 0) $(vm fp1 fpu 1)
why=
status_is 0 && has "[fp0] FP/SIMD state intact across 200 switches" \
	"[fp1] FP/SIMD state intact across 200 switches"
result "lazy FP/SIMD switch: V0-V31 and FPCR of two VMs survive 200 switches"

# --------------------------------------------------------- message queues
for cores in 1 2; do
	if [ "$cores" = 1 ]; then aff0= aff1=; else aff0=cpu=0 aff1=cpu=1; fi
	run --cores $cores --queue from=tx,to=rx,size=16,depth=4,intids=60/61 \
		$(vm tx msgq 0 $aff0) $(vm rx msgq 1 $aff1)
	why=
	status_is 0 && has "[rx] received 1000 in order" &&
		grep -qE '^\[tx\] sent 1000, queue full [1-9][0-9]* times$' "$out" ||
		{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
	result "message queue ($cores core(s)): 1000 messages through a 4-deep queue, in order, none lost, the sender held back while full"
done

# ------------------------------------------------------ hostile hypercalls
run --queue from=bystander,to=hostile,size=16,depth=4,intids=60/61 \
	$(vm hostile hostile 0 vcpus=2) $(vm bystander hello 2)
why=
status_is 0 && has "[hostile] hostile: all refused" "[hostile] hostile calls checked: 31" \
	"[bystander] hello from VM 1 through the PL011"
result "hostile hypercall arguments (null, out of partition, huge, wrapping, bad ids) return errors; the hypervisor runs on"

# ------------------------------------------------------- SMP and static mode
# Either vCPU may run on either core: the hypervisor places each on the
# core with the fewest vCPUs so far, vCPU 0 on core 0 and vCPU 1 on core 1.
run --cores 2 $(vm smp smp 0 vcpus=2,affinity=0x3)
why=
status_is 0 && has "[smp] vCPU 1 got SGI 3, MPIDR 0x0000000080000001" \
	"[smp] vCPU 0 got SGI 4, MPIDR 0x0000000080000000"
result "two vCPUs on two cores: PSCI CPU_ON, virtual IPIs both ways"

run --cores 3 --hyp-sched static --stats $(vm smp smp 0 vcpus=2) $(vm other hello 1)
why=
status_is 0 && has "[smp] vCPU 0 got SGI 4, MPIDR 0x0000000080000000" \
	"[other] hello from VM 1 through the PL011" &&
	{ grep -q 'blocked_wfi 0,' "$err" ||
	  why="a guest's WFI was trapped: $(grep 'hypervisor:' "$err")"; }
result "static partitioning: three vCPUs on three cores, WFI not trapped"

# ------------------------------------------------------------------ costs
run --timing detailed $(vm cost0 cost 0) $(vm cost1 cost 1)
why=
status_is 0 && grep -qE '^\[cost0\] hypercall round trip [0-9]+\.[0-9] ns$' "$out" &&
	grep -qE '^\[cost0\] VM switch [0-9]+\.[0-9] ns$' "$out" ||
	{ [ -n "$why" ] || why="$(tr '\n' '|' <"$out")"; }
result "costs measured (detailed timing): $(sed -n 's/^\[cost0\] //p' "$out" | tr '\n' ';')"

# ------------------------------------------------------ bad configurations
# hyp_badconfig CASE: two VMs (hello-vm0, hello-vm1) on one core, valid
# but for what CASE corrupts (see hyp_badconfig.c).
badconfig() {
	timeout 300 "$HYP_BADCONFIG" "$1" "$HYP" "$G/hello-vm0.elf" "$G/hello-vm1.elf" \
		>"$out" 2>"$err"
	status=$?
}

badconfig none
why=
status_is 0 && has "[a] hello from VM 0 through the PL011" "[b] hello from VM 1 through the PL011"
result "bad configuration driver: its configuration uncorrupted boots and runs"

for case in "bad magic:magic:magic" \
	    "partition over the hypervisor:over-hyp:overlaps the hypervisor" \
	    "overlapping partitions:overlap:overlaps vm 0" \
	    "a PPI given to a VM:ppi:not an SPI" \
	    "static mode with more vCPUs than cores:static:no free core"; do
	what=${case%%:*}; rest=${case#*:}; name=${rest%%:*}; text=${rest#*:}
	badconfig "$name"
	why=
	line=$(head -n 1 "$out")
	status_is 2 && mentions "hyp: bad configuration: " "$text" &&
		{ [ "$(wc -l <"$out")" -eq 1 ] || why="more than one line: $(tr '\n' '|' <"$out")"; }
	result "bad configuration ($what): one line, exit status 2"
done

finish
