#!/bin/sh
# demo.sh - the main job: the phone's two worlds consolidated on one SoC.
#
# Boots the hypervisor (hyp/phonesim-hyp.elf) at EL2 on the "phone" preset
# with two VMs: a baseband that must answer every 1 ms modem frame before
# its deadline (highest priority, the modem passed through), and an
# application VM with its own virtual timer, rung by the baseband's
# doorbells. The run is recorded in run.db; the script then prints what a
# researcher looks at first: where the time went by trap class, the
# scheduling decisions, and the modem's deadlines, and exports the trace
# for ui.perfetto.dev.
#
# Run from the build directory (after make). Exit status: the run's.
# Not here: scenario files (the guests are the hypervisor's test guests of
# tests/hyp until workloads/ has the baseband RTOS and the application OS).
set -e

phonesim=${PHONESIM:-./phonesim}
out=${1:-run.db}

"$phonesim" run --soc phone --cores 2 \
	--hyp hyp/phonesim-hyp.elf \
	--vm name=baseband,image=tests/hyp/baseband-vm0.elf,base=0x48000000,mem=16,dev=pl011,pass=modem,prio=0,affinity=2 \
	--vm name=app,image=tests/hyp/app-vm1.elf,base=0x49000000,mem=16,dev=pl011,prio=1,affinity=1 \
	-o "$out" --trace-level full --counter-period-us 100 --force

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
