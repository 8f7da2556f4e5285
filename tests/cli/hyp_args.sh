#!/bin/sh
# hyp_args.sh - hypervisor runs on the command line: phonesim run --hyp
# HYP.elf --vm SPEC... [--shm SPEC] [--queue SPEC] [--hyp-sched ...].
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh hyp_args.sh
#
# Bad combinations are refused as bad input before anything runs: exit
# status 2, nothing on stdout, exactly one line on stderr, compared whole.
# Good ones start hyp-config-dump.elf, a test fixture standing in for the
# hypervisor (tests/cli/progs/hyp-config-dump.S), which prints the
# configuration it finds at X0 and checks that a guest's semihosting call
# is refused; its output is compared line for line. The VM images are
# vm-guest-ADDRESS.elf, linked at the base of their partitions. The spec
# parser and validator are tested case by case in test_hyp_config.c.
#
# Prints "ok - ..." or "not ok - ... (why)" per case, then "N passed,
# N failed". Exit status (automake): 0 pass, 1 fail, 77 skip, 99 error.

. "$(dirname "$0")/lib.sh"
cli_setup hyp_args.sh hyp-config-dump vm-guest-41000000 vm-guest-43000000
hyp=$CLI_PROGS_DIR/hyp-config-dump.elf
g41=$CLI_PROGS_DIR/vm-guest-41000000.elf
g43=$CLI_PROGS_DIR/vm-guest-43000000.elf

# ------------------------------------------------------------ helpers

# sim ARG...: runs `phonesim run ARG...`, keeping stdout, stderr and status.
sim() {
	timeout 60 "$PHONESIM" run "$@" >"$out" 2>"$err"
	status=$?
}

# refused DESCRIPTION LINE: the last sim was refused as bad input with
# exactly LINE on stderr.
refused() {
	why=
	if status_is 2 && stdout_empty && one_line "phonesim: " &&
	   [ "$line" != "$2" ]; then
		why="stderr is \"$line\", expected \"$2\""
	fi
	result "$1"
}

# ran DESCRIPTION: the last sim exited 0 with nothing on stderr.
ran() {
	why=
	status_is 0 && stderr_empty
	result "$1"
}

# --------------------------------------------- the kind of run

sim --bare "$hyp" --hyp "$hyp" --vm name=a,image="$g41"
refused "--bare and --hyp together" "phonesim: run: --bare and --hyp exclude each other"

sim --bare "$hyp" --vm name=a,image="$g41"
refused "--vm in a bare-metal run" "phonesim: run: --vm needs --hyp"

sim --bare "$hyp" --hyp-sched static --shm base=0x48000000,size=4K,vms=a+b
refused "--hyp-sched and --shm in a bare-metal run" "phonesim: run: --hyp-sched needs --hyp"

sim --hyp "$hyp"
refused "--hyp without a VM" "phonesim: run: --hyp: no VM to run (give one with --vm)"

sim --hyp "" --vm name=a,image="$g41"
refused "--hyp with an empty name" "phonesim: run: --hyp: the image name is empty"

sim --hyp "$hyp" --vm name=a,image="$g41" --el 1
refused "--hyp on a machine without EL2" "phonesim: run: --el 1: a hypervisor runs at EL2"

sim --hyp "$hyp" --vm name=a,image="$g41" --dtb
refused "--hyp with --dtb" \
	"phonesim: run: --dtb is for --bare runs (a VM gets its own device tree with dtb in its --vm)"

sim --hyp "$hyp" --vm
refused "--vm without its value" "phonesim: run: option '--vm' needs a value"

sim --hyp "$hyp" --vm name=a,image="$g41" --hyp-sched fifo
refused "--hyp-sched with an unknown policy" \
	"phonesim: run: --hyp-sched: 'fifo' is not priority or static"

sim --hyp "$hyp" --vm name=a,image="$g41" --hyp-timeslice-us 0
refused "--hyp-timeslice-us 0" \
	"phonesim: run: --hyp-timeslice-us: 0 is out of range [1, 1000000]"

sim --hyp "$hyp" --vm name=a,image="$g41" --hyp-sched static --hyp-timeslice-us 100
refused "--hyp-timeslice-us with the static scheduler" \
	"phonesim: run: --hyp-timeslice-us: the static scheduler has no time slices"

sim --hyp "$g41" --vm name=a,image="$g41"
refused "a hypervisor image outside the hypervisor's memory" \
	"phonesim: run: --hyp: $g41: segment 0 [0x41000000, 0x41000008) lies outside RAM [0x40000000, 0x41000000)"

sim --hyp "$hyp" --hyp-mib 1024 --vm name=a,image="$g41"
refused "more memory for the hypervisor than RAM" \
	"phonesim: run: --hyp: the hypervisor's 1024 MiB of memory are more than RAM (512 MiB)"

# ------------------------------------------------------------- --vm

sim --hyp "$hyp" --vm image="$g41"
refused "a VM without a name" "phonesim: run: --vm 'image=$g41': name= is required"

sim --hyp "$hyp" --vm name=a,image="$g41",ram=64
refused "a VM with an unknown key" \
	"phonesim: run: --vm a: unknown key 'ram' (name, image, mem, base, vcpus, affinity, cpu, prio, budget_us, period_us, dev, pass, dtb)"

sim --hyp "$hyp" --vm name=a,image="$g41" --vm name=a,image="$g43"
refused "two VMs of one name" "phonesim: run: --vm a: two VMs have that name"

sim --hyp "$hyp" --vm name=a,image="$g41",base=0x42000000,mem=32 \
	--vm name=b,image="$g43",base=0x43000000
refused "overlapping partitions" \
	"phonesim: run: --vm b: its partition [0x43000000, 0x47000000) overlaps VM a's partition [0x42000000, 0x44000000)"

sim --hyp "$hyp" --vm name=a,image="$g41",base=0x40000000
refused "a partition over the hypervisor's memory" \
	"phonesim: run: --vm a: its partition [0x40000000, 0x44000000) overlaps the hypervisor's memory [0x40000000, 0x41000000)"

sim --hyp "$hyp" --ram-mib 64 --vm name=a,image="$g41",mem=128
refused "a VM larger than RAM" "phonesim: run: --vm a: mem: 128 MiB is more than RAM (64 MiB)"

sim --hyp "$hyp" --vm name=a,image="$g41",base=0x60000000
refused "a partition outside RAM" \
	"phonesim: run: --vm a: its partition [0x60000000, 0x64000000) lies outside RAM [0x40000000, 0x60000000)"

sim --hyp "$hyp" --vm name=a,image="$g43",mem=16
refused "an image outside its VM's partition" \
	"phonesim: run: --vm a: $g43: segment 0 [0x43000000, 0x43000008) lies outside RAM [0x41000000, 0x42000000)"

sim --hyp "$hyp" --vm name=a,image="$g41",pass=gpu
refused "passthrough of an unknown device" \
	"phonesim: run: --vm a: pass: unknown device 'gpu' (a VM may own storage, modem, display)"

sim --hyp "$hyp" --vm name=a,image="$g41",pass=trace_port
refused "passthrough of the trace port" \
	"phonesim: run: --vm a: pass: unknown device 'trace_port' (a VM may own storage, modem, display)"

sim --hyp "$hyp" --vm name=a,image="$g41",dev=virtio
refused "an unknown virtual device" \
	"phonesim: run: --vm a: dev: unknown virtual device 'virtio' (pl011)"

sim --hyp "$hyp" --vm name=a,image="$g41",mem=32,pass=modem --vm name=b,image="$g43",pass=modem
refused "a device given to two VMs" "phonesim: run: --vm b: pass: modem is already given to VM a"

sim --hyp "$hyp" --set storage.ns1_blocks=16 --vm name=a,image="$g41",pass=storage:2
refused "a storage namespace that does not exist" \
	"phonesim: run: --vm a: pass: storage namespace 2 does not exist (storage.ns2_blocks is 0)"

sim --hyp "$hyp" --set storage.ns1_blocks=16 --vm name=a,image="$g41",mem=32,pass=storage \
	--vm name=b,image="$g43",pass=storage:1
refused "a storage namespace when the whole device is given" \
	"phonesim: run: --vm b: pass: storage:1: storage is already given to VM a"

sim --hyp "$hyp" --set storage.ns1_blocks=16 --vm name=a,image="$g41",mem=32,pass=storage:1 \
	--vm name=b,image="$g43",pass=storage:1
refused "a storage namespace given to two VMs" \
	"phonesim: run: --vm b: pass: storage:1 is already given to VM a"

sim --hyp "$hyp" --vm name=a,image="$g41",prio=9
refused "a bad priority" "phonesim: run: --vm a: prio: 9 is out of range [0, 7]"

sim --hyp "$hyp" --vm name=a,image="$g41",budget_us=2000,period_us=1000
refused "a budget larger than its period" \
	"phonesim: run: --vm a: budget_us 2000 is more than period_us 1000"

sim --hyp "$hyp" --vm name=a,image="$g41",budget_us=500
refused "a budget without a period" "phonesim: run: --vm a: budget_us needs period_us"

sim --hyp "$hyp" --vm name=a,image="$g41",vcpus=9
refused "too many vCPUs in a VM" "phonesim: run: --vm a: vcpus: 9 is out of range [1, 8]"

sim --hyp "$hyp" --cores 1 --hyp-sched static --vm name=a,image="$g41",vcpus=2
refused "more vCPUs than cores for the static scheduler" \
	"phonesim: run: --hyp-sched static: no core of its own left for VM a's vCPU 1 (1 core in all)"

sim --hyp "$hyp" --cores 2 --vm name=a,image="$g41",cpu=3
refused "a VM pinned to a core the machine lacks" \
	"phonesim: run: --vm a: cpu: core 3 does not exist (the machine has 2 cores)"

set --
for i in 0 1 2 3 4 5 6 7 8; do
	set -- "$@" --vm "name=v$i,image=$g41,mem=1"
done
sim --hyp "$hyp" "$@"
refused "nine VMs" "phonesim: run: --vm 'name=v8,image=$g41,mem=1': more than 8 VMs"

# ---------------------------------------------------- --shm, --queue

sim --hyp "$hyp" --vm name=a,image="$g41" --shm base=0x48000000,size=4K,vms=a+c
refused "shared memory with an unknown VM" \
	"phonesim: run: --shm 'base=0x48000000,size=4K,vms=a+c': vms: no VM named 'c'"

sim --hyp "$hyp" --vm name=a,image="$g41",base=0x41000000,mem=32 --vm name=b,image="$g43" \
	--shm base=0x42000000,size=4K,vms=a+b
refused "shared memory inside a partition given with base=" \
	"phonesim: run: --shm 'base=0x42000000,size=4K,vms=a+b': the region [0x42000000, 0x42001000) overlaps VM a's partition [0x41000000, 0x43000000)"

sim --hyp "$hyp" --vm name=a,image="$g41" --vm name=b,image="$g43" \
	--queue from=a,to=b,size=64,depth=4,intids=64
refused "a queue with one INTID" \
	"phonesim: run: --queue 'from=a,to=b,size=64,depth=4,intids=64': intids: '64' is not N/M"

sim --hyp "$hyp" --vm name=a,image="$g41",mem=32,pass=modem --vm name=b,image="$g43" \
	--queue from=b,to=a,size=64,depth=4,intids=40/41
refused "a queue raising a device's INTID" \
	"phonesim: run: --queue 'from=b,to=a,size=64,depth=4,intids=40/41': INTID 40 is already in use in VM a"

# ---------------------------------------------------------- good runs

# Two VMs laid out after the hypervisor's 16 MiB (modem: 32 MiB, apps:
# the default 64 MiB), devices from their describe(), the modem's device
# tree after its image, shared memory and a queue.
sim --hyp "$hyp" --cores 2 \
	--vm name=modem,image="$g41",mem=32,cpu=0,prio=0,budget_us=500,period_us=1000,pass=modem,dtb \
	--vm name=apps,image="$g43",vcpus=2,dev=pl011,pass=display \
	--shm base=0x48000000,size=64K,vms=modem+apps,writable=modem \
	--queue from=modem,to=apps,size=256,depth=8,intids=64/65
cat >"$tmp/expected" <<'EOF'
ncores 0x0000000000000002
scheduler 0x0000000000000000
timeslice_us 0x00000000000003e8
hyp_base 0x0000000040000000
hyp_size 0x0000000001000000
uart_base 0x0000000009000000
trace_port 0x000000000c040000
nvms 0x0000000000000002
vm modem
mem_base 0x0000000041000000
mem_size 0x0000000002000000
entry 0x0000000041000000
entry_word 0x00000000d503207f
dtb 0x0000000041001000
dtb_magic 0x00000000d00dfeed
nvcpus 0x0000000000000001
priority 0x0000000000000000
budget_ns 0x000000000007a120
period_ns 0x00000000000f4240
affinity 0x0000000000000001
ndevices 0x0000000000000001
device_base 0x000000000c000000
device_size 0x0000000000010000
device_ipa 0x000000000c000000
device_dma_window 0x0000000000000000
device_intid 0x0000000000000028
device_vintid 0x0000000000000028
device_mode 0x0000000000000000
vm apps
mem_base 0x0000000043000000
mem_size 0x0000000004000000
entry 0x0000000043000000
entry_word 0x00000000d503207f
dtb 0x0000000000000000
nvcpus 0x0000000000000002
priority 0x0000000000000001
budget_ns 0x0000000000000000
period_ns 0x0000000000000000
affinity 0x00000000000000ff
affinity 0x00000000000000ff
ndevices 0x0000000000000002
device_base 0x0000000009000000
device_size 0x0000000000001000
device_ipa 0x0000000009000000
device_dma_window 0x0000000000000000
device_intid 0x0000000000000000
device_vintid 0x0000000000000000
device_mode 0x0000000000000001
device_base 0x000000000c010000
device_size 0x0000000000010000
device_ipa 0x000000000c010000
device_dma_window 0x0000000000000000
device_intid 0x0000000000000029
device_vintid 0x0000000000000029
device_mode 0x0000000000000000
nshm 0x0000000000000001
shm_base 0x0000000048000000
shm_size 0x0000000000010000
shm_vms 0x0000000000000003
shm_writable 0x0000000000000001
nqueues 0x0000000000000001
queue_sender 0x0000000000000000
queue_receiver 0x0000000000000001
queue_msg_size 0x0000000000000100
queue_depth 0x0000000000000008
queue_not_empty_intid 0x0000000000000040
queue_not_full_intid 0x0000000000000041
guest HLT #0xf000: undefined
EOF
ran "two VMs, shared memory and a queue: the hypervisor starts with them at X0"
why=
cmp -s "$tmp/expected" "$out" ||
	why="stdout differs: $(diff "$tmp/expected" "$out" | grep '^[<>]' | head -n 4 | tr '\n' ';')"
result "the configuration the stand-in hypervisor reads is the one asked for"

# The static scheduler: each vCPU on a core of its own, no time slice;
# --stats reports what the hypervisor traced (nothing, here).
sim --hyp "$hyp" --cores 2 --hyp-sched static --vm name=a,image="$g41",vcpus=2 --stats
why=
status_is 0
for want in "scheduler 0x0000000000000001" "timeslice_us 0x0000000000000000" \
	    "affinity 0x0000000000000001" "affinity 0x0000000000000002"; do
	[ -n "$why" ] || grep -qx "$want" "$out" || why="no line \"$want\" on stdout"
done
[ -n "$why" ] || grep -q "^phonesim: hypervisor: 0 switches (preempted 0, budget_exhausted 0, yield 0, blocked_wfi 0, woken 0, vm_stopped 0); 0 budgets exhausted; 0 VM faults$" "$err" ||
	why="--stats has no hypervisor line: $(head -n 1 "$err")"
result "static: a core per vCPU, no time slice; --stats has the hypervisor's line"

finish
