#!/bin/sh
# demo.sh - the main job: the phone's two worlds consolidated on one SoC,
# run and reported the way a newcomer would.
#
# `phonesim run` alone runs the built-in scenario phone-default for 1 s of
# simulated time: the hypervisor at EL2 on the phone preset, the baseband
# RTOS (highest priority, the modem passed through, every 1 ms frame before
# its deadline) on LITTLE core 0 and the application OS (UI at 60 Hz,
# compute, storage, packets to the baseband over the hypervisor's message
# queues) on core 1. It records OUT.db and prints the run summary: per VM,
# CPU time, the hypervisor's overhead, energy, deadlines, dropped frames,
# and the traps by class. `phonesim report` then draws the trace into
# OUT-report/index.html, and the trace is exported for ui.perfetto.dev.
#
# Run from the build directory (after make). Exit status: the run's.
set -e

phonesim=${PHONESIM:-./phonesim}
out=${1:-run.db}

echo "== phonesim run -o $out (phone-default, 1 s simulated)"
"$phonesim" run -o "$out" --force |
	grep -v -e "^\[[a-z]*\] metric " -e "^\[[a-z]*\] [a-z]*: " || true
echo
echo "== The first scheduling decisions (phonesim trace $out switches)"
"$phonesim" trace "$out" switches | head -n 6
echo
echo "== phonesim report $out"
"$phonesim" report "$out" -o "${out%.db}-report" --force
"$phonesim" trace "$out" export --format=perfetto -o "${out%.db}.json" --force
echo "Report: ${out%.db}-report/index.html; timeline: ${out%.db}.json (ui.perfetto.dev);"
echo "trace: $out (SQL: docs/trace-schema.md)"
