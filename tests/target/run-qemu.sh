#!/bin/sh
# run-qemu.sh - run the target test programs on QEMU, the reference for what
# the architecture does.
#
#   QEMU=/usr/bin/qemu-system-aarch64 sh run-qemu.sh a.elf b.elf ...
#
# Programs whose name ends in -el1 start at EL1 with no EL2 (virt without
# virtualization); all others start at EL2 (virtualization=on). Each gets 20 s.
# Prints "PASS name" or "FAIL name (exit N)" per program, then
# "N passed, N failed"; exits 1 if any failed, 77 (skip) without QEMU.

if [ -z "$QEMU" ] || ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "run-qemu.sh: QEMU is not installed (set QEMU to qemu-system-aarch64); skipping"
	exit 77
fi

passed=0
failed=0
for elf in "$@"; do
	name=$(basename "$elf" .elf)
	case "$name" in
	*-el1) machine=virt,gic-version=3 ;;
	*)     machine=virt,gic-version=3,virtualization=on ;;
	esac
	smp=1
	case "$name" in
	*-smp2*) smp=2 ;;
	esac
	timeout 20 "$QEMU" -M "$machine" -cpu cortex-a57 -smp "$smp" -semihosting \
		-nographic -kernel "$elf" </dev/null 2>&1
	rc=$?
	if [ "$rc" -eq 0 ]; then
		echo "PASS $name"
		passed=$((passed + 1))
	else
		echo "FAIL $name (exit $rc)"
		failed=$((failed + 1))
	fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
