#!/bin/sh
# runaway.sh - guests that misbehave end the run cleanly, never hang it.
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh runaway.sh
#
# A failed run must exit 1 with exactly one line on stderr: "phonesim: run
# failed: WHY; core N at ELn, PC 0x... (the instruction there); last
# exception: ...; N instructions", and nothing on stdout. The programs are
# in tests/cli/progs (see progs.mk). Every run is under `timeout 60`; the
# last case checks that it never fired (the default instruction limit,
# 2e9, is too slow to test, so nothing here relies on it).
#
# Prints "ok - ..." or "not ok - ... (why)" per case, then "N passed,
# N failed". Exit status (automake): 0 pass, 1 fail, 77 skip, 99 error.

. "$(dirname "$0")/lib.sh"
cli_setup runaway.sh loop udf-el2 wfi hole-el1 idle-display
hangs=0

# ------------------------------------------------------------ helpers

# sim PROGRAM ARG...: runs `phonesim run --bare PROGRAM.elf ARG...`, keeping
# its stdout, stderr and status; counts the runs the timeout had to stop.
sim() {
	prog=$CLI_PROGS_DIR/$1.elf
	shift
	timeout 60 "$PHONESIM" run --bare "$prog" "$@" >"$out" 2>"$err"
	status=$?
	[ "$status" -eq 124 ] && hangs=$((hangs + 1))
}

# run_failed DESCRIPTION TEXT...: the last sim was a failed run (status 1,
# stdout empty, one report line) whose report contains every TEXT.
run_failed() {
	desc=$1
	shift
	why=
	status_is 1 && stdout_empty && one_line "phonesim: run failed: " && mentions "$@"
	result "$desc"
}

# printed DESCRIPTION EXPECTED_STDOUT: the last sim finished with status 0,
# nothing on stderr, and exactly EXPECTED_STDOUT on stdout.
printed() {
	why=
	if status_is 0 && stderr_empty; then
		printf '%s\n' "$2" >"$tmp/expected"
		if ! cmp -s "$tmp/expected" "$out"; then
			why="stdout differs: $(tr '\n' ';' <"$out"), expected $(tr '\n' ';' <"$tmp/expected")"
		fi
	fi
	result "$1"
}

# ----------------------------------------------------- instruction limit

# loop.elf spins on `b .` at 0x4000000c (three NOPs after the entry point).
# The limit stops it after exactly that many instructions.
sim loop --max-insns 100000
run_failed "endless loop at EL2 stops at --max-insns 100000" \
	"instruction limit (100000) reached" "core 0 at EL2" \
	"PC 0x4000000c (b #0x4000000c)" "last exception: none" \
	"; 100000 instructions"

sim loop --el 1 --max-insns 100000
run_failed "endless loop at EL1 stops at --max-insns 100000" \
	"instruction limit (100000) reached" "core 0 at EL1" \
	"PC 0x4000000c (b #0x4000000c)" "last exception: none" \
	"; 100000 instructions"

# A limit that is not a multiple of the simulator's scheduling quantum
# (100000 instructions) must be honoured as exactly as one that is.
sim loop --max-insns 12345
run_failed "endless loop stops at --max-insns 12345, not later" \
	"instruction limit (12345) reached" "core 0 at EL2" \
	"PC 0x4000000c (b #0x4000000c)" "; 12345 instructions"

# ------------------------------------------------- exceptions that recur

# udf-el2.elf: MSR VBAR_EL2, XZR; ISB; UDF. The UDF goes to 0x200, a hole,
# whose fetch aborts (EC 0x21, IFSC 0x10: ESR 0x86000010) to 0x200 again.
# Two instructions completed: the UDF did not.
sim udf-el2
run_failed "undefined instruction at EL2 with VBAR_EL2 = 0 (vector in a hole)" \
	"exceptions recur without any instruction completing" \
	"core 0 at EL2" "PC 0x200 (not in RAM)" \
	"last exception: EC 0x21 from EL2 to EL2 (ESR 0x86000010, ELR 0x200)" \
	"; 2 instructions"

# ----------------------------------------------------- WFI for ever

# wfi.elf: WFI (then `b` back to it) with no interrupt that could wake the
# core. Whether the report's PC names the WFI or the instruction after it
# is the simulator's choice, so only its presence is checked; the WFI
# itself is the one instruction that completed.
sim wfi
run_failed "WFI at EL2 with nothing to wake the core" \
	"waiting in WFI" "core 0 at EL2" ", PC 0x4000000" "; 1 instruction"

sim wfi --el 1
run_failed "WFI at EL1 with nothing to wake the core" \
	"waiting in WFI" "core 0 at EL1" ", PC 0x4000000" "; 1 instruction"

# --------------------------------------------------- fetch from a hole

# hole-el1.elf branches to 0x0b000000 (no RAM, no device) at EL1, MMU off,
# and prints what its EL1 vector got. Architecturally: an Instruction Abort
# from the current EL (EC 0x21) at VBAR_EL1 + 0x200, IL 1, IFSC 0x10
# (synchronous External abort); FAR_EL1 = ELR_EL1 = the target; SPSR_EL1 =
# N, V (set before the branch), DAIF, EL1h. QEMU virt gives the same.
hole_abort="vector 0x0000000000000200
ESR_EL1 0x0000000086000010
FAR_EL1 0x000000000b000000
ELR_EL1 0x000000000b000000
SPSR_EL1 0x00000000900003c5"

sim hole-el1 --el 1
printed "branch to a hole at EL1 (--el 1): instruction abort, IFSC 0x10, FAR = target" \
	"$hole_abort"

# Started at EL2 (so EL2 exists, HCR_EL2 = RW only), the abort still goes
# to EL1: no stage 2 is involved.
sim hole-el1
printed "branch to a hole at EL1 (entered from EL2): the same abort, at EL1" \
	"$hole_abort"

# --------------------------------------------------------- time limit

# Devices keep simulated time going while the core waits: without a limit
# on simulated time this run would never end.
sim idle-display --max-ns 20000000
run_failed "waiting core with running devices: simulated time limit" \
	"simulated time limit (20000000 ns) reached with every core waiting" "core 0 at EL2"

# ------------------------------------------------------------- hangs

why=
[ "$hangs" -eq 0 ] || why="$hangs runs were stopped by timeout 60"
result "no run needed the 60 s timeout"

finish
