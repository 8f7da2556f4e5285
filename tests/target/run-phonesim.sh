#!/bin/sh
# run-phonesim.sh - automake LOG_COMPILER for the target test programs:
#
#   PHONESIM=.../phonesim sh run-phonesim.sh path/to/NAME.elf
#
# Runs "$PHONESIM run --bare NAME.elf" (plus "--el 1" when the name ends in
# -el1.elf, as those programs start at EL1 with no EL2, and "--cores 2" when
# it contains -smp2, as those start a second core) under a 60 s timeout
# and exits with phonesim's status, which is the program's semihosting exit
# code: 0 pass, anything else the number of the check that failed (77 and
# 99, which automake reads as skip and error, become 1).

if [ -z "$PHONESIM" ]; then
	echo "run-phonesim.sh: PHONESIM is not set" >&2
	exit 99
fi

elf=$1
el=2
cores=1
case "$elf" in
*-el1.elf) el=1 ;;
esac
case "$elf" in
*-smp2*) cores=2 ;;
esac
timeout 60 "$PHONESIM" run --bare "$elf" --el "$el" --cores "$cores"
status=$?
# To automake 77 means skipped and 99 a hard error: a check with one of
# those numbers failed, and must read as a failure.
case $status in
77 | 99) exit 1 ;;
esac
exit $status
