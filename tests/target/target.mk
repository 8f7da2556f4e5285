# tests/target/target.mk - the bare-metal AArch64 exception-model tests.
# Included by Makefile.am: each tests/target/NAME.elf is built from NAME.S
# (plus harness.h) and linked alone with link.ld; `make check` runs them on
# phonesim (run-phonesim.sh), `make check-qemu` on QEMU (run-qemu.sh).
# Names ending in -el1 start at EL1 with no EL2; all others start at EL2.
# See README.md for what each one checks.
# Names containing -smp2 run on two cores.
TARGET_TESTS = \
	tests/target/eret-from-el2.elf \
	tests/target/flow-el2-el1-el0.elf \
	tests/target/svc-same-el.elf \
	tests/target/nested.elf \
	tests/target/s1-abort-el1.elf \
	tests/target/s2-abort.elf \
	tests/target/wfx-trap.elf \
	tests/target/sysreg-trap.elf \
	tests/target/illegal-return.elf \
	tests/target/virq.elf \
	tests/target/fp-trap.elf \
	tests/target/el0-undef.elf \
	tests/target/brk-el2.elf \
	tests/target/semihost-el1.elf \
	tests/target/uart-hello.elf \
	tests/target/gic-vtimer-el1.elf \
	tests/target/gic-lr.elf \
	tests/target/gic-ipi-smp2.elf \
	tests/target/psci-smp2.elf \
	tests/target/psci-system-off.elf \
	tests/target/generic-timer.elf \
	tests/target/pmu-el1.elf \
	tests/target/trap-to-el2.elf \
	tests/target/trap-from-el0.elf \
	tests/target/at-el2.elf \
	tests/target/el1-state.elf \
	tests/target/wfi-el2-imo0.elf \
	tests/target/walk-hole.elf \
	tests/target/top-page-el0.elf
