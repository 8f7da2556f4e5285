#!/bin/sh
# demo.sh - the main job: the phone's two worlds consolidated on one SoC.
#
# Boots the hypervisor (hyp/phonesim-hyp.elf) at EL2 on the "phone" preset
# in the phone-default configuration (workloads/configs.sh): the baseband
# RTOS, which must process every 1 ms modem frame before its deadline
# (highest priority, the modem passed through), and the application OS
# (UI at 60 Hz on the display, compute, storage, network packets to the
# baseband over the hypervisor's message queues). The run is recorded in
# run.db; the script then prints the workloads' own figures and what a
# researcher looks at first: where the time went by trap class, the
# scheduling decisions, and the modem's deadlines, and exports the trace
# for ui.perfetto.dev.
#
# Run from the build directory (after make). Exit status: the run's.
set -e

phonesim=${PHONESIM:-./phonesim}
out=${1:-run.db}
WL_BUILD=.
. "$(dirname "$0")/../workloads/configs.sh"

echo "== The workloads' own figures (metric lines: workloads/README.md)"
# shellcheck disable=SC2046 # the arguments are words by design
"$phonesim" run $(wl_args phone-default) \
	-o "$out" --trace-level full --counter-period-us 100 --force |
	grep -e "metric rtos \(frames\|missed\|latency_mean\|load_mean\|packets_up\)" \
	     -e "metric appos \(ui_fps_milli\|ui_frames_dropped\|compute_iterations_per_s_milli\|storage_write_kib_per_s\|net_rtt_us_mean\)" \
	     -e "^\[hyp\]"

echo
echo "== The run, and where its time went (phonesim trace $out summary)"
"$phonesim" trace "$out" summary
echo
echo "== The first scheduling decisions (phonesim trace $out switches)"
"$phonesim" trace "$out" switches | head -n 11
echo
echo "== The modem's frames against their deadlines (phonesim trace $out deadlines)"
"$phonesim" trace "$out" deadlines | head -n 6
"$phonesim" trace "$out" export --format=perfetto -o "${out%.db}.json" --force
echo
echo "Trace: $out (SQL: docs/trace-schema.md); timeline: ${out%.db}.json (ui.perfetto.dev)"
