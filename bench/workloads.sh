#!/bin/sh
# workloads.sh - what virtualization costs the guest workloads: each
# micro-benchmark's cycles natively and under the hypervisor, and each
# workload's figures natively, alone as a VM, and in the consolidated phone
# configurations (workloads/configs.sh), as markdown tables on stdout.
# Overhead is virtualized / native - 1 on identical work: the baseband's
# frame latency (start to doorbell: the whole processing chain), the app
# OS's compute rate. Phone preset, detailed timing; every figure is
# simulated, so one run gives it (deterministic: no repetitions needed).
#
# Usage: bench/workloads.sh [BUILD_DIR]   (make bench-workloads)

WL_BUILD=${1:-.}
PHONESIM=$WL_BUILD/phonesim
. "$(dirname "$0")/../workloads/configs.sh"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# run CONFIG: its metric lines in $tmp/CONFIG ("VM WORKLOAD NAME VALUE"; VM "-" natively).
run() {
	# shellcheck disable=SC2046 # the arguments are words by design
	"$PHONESIM" run $(wl_args "$1") >"$tmp/$1.out" 2>&1 ||
		{ echo "workloads.sh: $1 failed: $(tail -n 3 "$tmp/$1.out")" >&2; exit 1; }
	sed -n 's/^\[\([a-z0-9]*\)\] metric \([a-z]*\) \([a-z0-9_]*\) \([0-9]*\) .*/\1 \2 \3 \4/p;
		s/^metric \([a-z]*\) \([a-z0-9_]*\) \([0-9]*\) .*/- \1 \2 \3/p' "$tmp/$1.out" >"$tmp/$1"
}

# v CONFIG VM NAME: a metric's value, or "-".
v() {
	awk -v vm="$2" -v n="$3" '$1 == vm && $3 == n { print $4; f = 1 } END { if (!f) print "-" }' \
		"$tmp/$1"
}

# pct A B: (A / B - 1) in percent, one decimal.
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-";
		else printf "%+.1f%%", (a / b - 1) * 100 }'
}

for c in microbench-native microbench rtos-native rtos-vm appos-native appos-vm \
	 phone-default dual-persona baseband-consolidation; do
	run "$c"
done

echo "## Micro-benchmarks (cycles: mean / p50 / p99; phone preset, detailed)"
echo
echo "| benchmark | native | virtualized |"
echo "| --- | --- | --- |"
for b in null hypercall ic_trap ipi irq_complete vm_switch io_out io_in timer_in; do
	[ "$(v microbench mb0 "${b}_mean")" = - ] && continue
	row() { echo "$(v "$1" "$2" "${b}_mean") / $(v "$1" "$2" "${b}_p50") / $(v "$1" "$2" "${b}_p99")"; }
	n=$(row microbench-native -)
	echo "| $b | $(echo "$n" | sed 's#- / - / -#n/a#') | $(row microbench mb0) |"
done
echo
echo "## Baseband RTOS (100 frames of 1 ms, LITTLE core at 1.8 GHz)"
echo
echo "| run | load mean % | frame latency mean ns | max ns | overhead | missed |"
echo "| --- | --- | --- | --- | --- | --- |"
base=$(v rtos-native - latency_mean)
for c in rtos-native:- rtos-vm:baseband phone-default:baseband dual-persona:baseband \
	 baseband-consolidation:baseband; do
	cfg=${c%%:*} vm=${c#*:}
	echo "| $cfg | $(v "$cfg" "$vm" load_mean | awk '{ printf "%.2f", $1 / 100 }') |" \
	     "$(v "$cfg" "$vm" latency_mean) | $(v "$cfg" "$vm" latency_max) |" \
	     "$(pct "$(v "$cfg" "$vm" latency_mean)" "$base") | $(v "$cfg" "$vm" missed) |"
done
echo
echo "## Application OS (400 ms)"
echo
echo "| run | VM | compute it/s | overhead | fps | dropped | storage write / read KiB/s | net RTT mean / p99 us |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
base=$(v appos-native - compute_iterations_per_s_milli)
for c in appos-native:- appos-vm:personal phone-default:personal dual-persona:personal \
	 dual-persona:work baseband-consolidation:personal; do
	cfg=${c%%:*} vm=${c#*:}
	rate=$(v "$cfg" "$vm" compute_iterations_per_s_milli)
	echo "| $cfg | $vm | $(echo "$rate" | awk '{ printf "%.0f", $1 / 1000 }') |" \
	     "$(pct "$base" "$rate") |" \
	     "$(v "$cfg" "$vm" ui_fps_milli | awk '{ printf "%.2f", $1 / 1000 }') |" \
	     "$(v "$cfg" "$vm" ui_frames_dropped) |" \
	     "$(v "$cfg" "$vm" storage_write_kib_per_s) / $(v "$cfg" "$vm" storage_read_kib_per_s) |" \
	     "$(v "$cfg" "$vm" net_rtt_us_mean) / $(v "$cfg" "$vm" net_rtt_us_p99) |"
done
