# tests/cli/progs/progs.mk - the bare-metal programs tests/cli/*.sh run.
# Included by Makefile.am: each NAME.elf is built from NAME.S (plus, for
# some, tests/target/harness.h) and linked alone with tests/target/link.ld.
#   loop      `b .` after three NOPs: the instruction limit (runaway.sh)
#   udf-el2   UDF at EL2 with VBAR_EL2 = 0: recurring exceptions (runaway.sh)
#   wfi       WFI with nothing to wake it (runaway.sh)
#   hole-el1  branch to a hole at EL1: prints the abort's syndrome (runaway.sh)
#   big-bss   1.5 MiB of .bss: too large for --ram-mib 1 (bad_input.sh)
#   dtb-x0    checks that X0 points to a device tree at entry (dtb.sh)
#   idle-display  vsyncs for ever, the core in WFI: the time limit (runaway.sh)
#   hyp-config-dump  stands in for the hypervisor: prints the configuration
#             it is handed (hyp_args.sh); a test fixture, not a hypervisor
# and CLI_GUESTS, VM images for hyp_args.sh: vm-guest-ADDRESS.elf is
# vm-guest.S linked at 0xADDRESS, the base of a partition the tests lay out.
CLI_PROGS = tests/cli/progs/loop.elf tests/cli/progs/udf-el2.elf tests/cli/progs/wfi.elf tests/cli/progs/hole-el1.elf tests/cli/progs/big-bss.elf \
	tests/cli/progs/dtb-x0.elf tests/cli/progs/idle-display.elf tests/cli/progs/hyp-config-dump.elf
CLI_GUESTS = tests/cli/progs/vm-guest-41000000.elf tests/cli/progs/vm-guest-43000000.elf
tests/cli/progs/vm-guest-%.elf: tests/cli/progs/vm-guest.target.o
	$(AM_V_CCLD)$(TARGET_LD) $(TARGET_LD_FLAGS) -N -Ttext=0x$* -e _start -o $@ $<
