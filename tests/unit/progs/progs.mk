UNIT_PROGS = tests/unit/progs/irq-el1.elf tests/unit/progs/irq-to-el2.elf tests/unit/progs/irq-after-eret.elf tests/unit/progs/priority-el1.elf tests/unit/progs/wfi-el1.elf tests/unit/progs/determinism.elf tests/unit/progs/bus-error-el1.elf tests/unit/progs/sim-page-store-el1.elf tests/unit/progs/sysreg-handler.elf tests/unit/progs/hvc-firmware-el1.elf tests/unit/progs/vbar-hole-el1.elf \
	tests/unit/progs/uart-timing.elf tests/unit/progs/storage-rw.elf \
	tests/unit/progs/modem-frames-el1.elf tests/unit/progs/display-flips-el1.elf \
	tests/unit/progs/gic-timer-el1.elf tests/unit/progs/gic-preempt-el1.elf \
	tests/unit/progs/psci-calls.elf tests/unit/progs/psci-cpu-on.elf tests/unit/progs/psci-suspend.elf \
	tests/unit/progs/psci-reset.elf tests/unit/progs/psci-off.elf tests/unit/progs/power-loop.elf \
	tests/unit/progs/power-dvfs.elf tests/unit/progs/power-wfi.elf \
	tests/unit/progs/timing-loop-el1.elf tests/unit/progs/timing-chase-el1.elf \
	tests/unit/progs/timing-tlbi-el1.elf tests/unit/progs/timing-s2.elf \
	tests/unit/progs/trace-port.elf \
	tests/unit/progs/timer-count.elf tests/unit/progs/timer-spin.elf \
	tests/unit/progs/timer-output.elf tests/unit/progs/timer-access.elf \
	tests/unit/progs/pmu-count.elf tests/unit/progs/pmu-access.elf \
	tests/unit/progs/pmu-overflow-el1.elf tests/unit/progs/pmu-events-el1.elf
