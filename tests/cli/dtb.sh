#!/bin/sh
# dtb.sh - the device tree phonesim gives guests (phonesim run --dtb).
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh dtb.sh
#
# A program finds the tree at X0; the tree written with --dtb-out decodes
# with dtc (device-tree-compiler) and names the cores, the RAM and every
# device with its registers and interrupts as the bindings say.

. "$(dirname "$0")/lib.sh"
cli_setup dtb.sh dtb-x0
if ! command -v dtc >/dev/null 2>&1; then
	echo "dtb.sh: no dtc (device-tree-compiler): skipped"
	exit 77
fi

sim() {
	timeout 60 "$PHONESIM" run --bare "$CLI_PROGS_DIR/dtb-x0.elf" "$@" >"$out" 2>"$err"
	status=$?
}

# has TEXT...: the decoded tree ($dts) contains every TEXT.
has() {
	line=$(cat "$dts")
	mentions "$@"
}

dts=$tmp/tree.dts

why=
sim --dtb --dtb-out "$tmp/tree.dtb" --cores 2 --ram-mib 256
status_is 0 && stderr_empty
result "the program finds the device tree at X0"

why=
if dtc -q -I dtb -O dts -o "$dts" "$tmp/tree.dtb" 2>"$err"; then
	has 'cpu@0 {' 'cpu@1 {' 'enable-method = "psci"' \
	    'memory@40000000 {' 'reg = <0x00 0x40000000 0x00 0x10000000>' \
	    'compatible = "arm,armv8-timer"' 'interrupts = <0x01 0x0d 0x04 0x01 0x0e 0x04 0x01 0x0b 0x04 0x01 0x0a 0x04>'
else
	why="dtc cannot decode it: $(head -n 1 "$err")"
fi
result "the tree decodes and describes cores, RAM and the timer"

why=
sim
status_is 1 && stderr_empty
result "without --dtb, X0 is not a device tree"

finish
