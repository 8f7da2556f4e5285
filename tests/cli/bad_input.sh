#!/bin/sh
# bad_input.sh - phonesim refuses bad command lines and bad images cleanly.
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh bad_input.sh
#
# The contract checked for every bad input: exit status exactly 2, nothing
# on stdout, and exactly one line on stderr, starting "phonesim: " and
# saying what is wrong and where (the option, the value, the file name).
# Also: --help, run --help and --version succeed and write to stdout only.
#
# Prints "ok - ..." or "not ok - ... (why)" per case, then "N passed,
# N failed". Exit status (automake): 0 pass, 1 fail, 77 skip, 99 error.

. "$(dirname "$0")/lib.sh"
cli_setup bad_input.sh loop big-bss
loop=$CLI_PROGS_DIR/loop.elf

# ------------------------------------------------------------ helpers

# sim ARG...: runs phonesim ARG..., keeping its stdout, stderr and status.
# The 60 s timeout only guards against a hang; every case takes milliseconds.
sim() {
	timeout 60 "$PHONESIM" "$@" >"$out" 2>"$err"
	status=$?
}

# refused DESCRIPTION TEXT...: the last sim was refused as bad input (status
# 2, stdout empty, one error line) with a message containing every TEXT.
refused() {
	desc=$1
	shift
	why=
	status_is 2 && stdout_empty && one_line "phonesim: " && mentions "$@"
	result "$desc"
}

# helped DESCRIPTION FIRST_LINE TEXT...: the last sim printed usage: status
# 0, nothing on stderr, stdout's first line is FIRST_LINE and stdout
# mentions every TEXT (the options the usage must document).
helped() {
	desc=$1
	first=$2
	shift 2
	why=
	if status_is 0 && stderr_empty; then
		line=$(head -n 1 "$out")
		if [ "$line" != "$first" ]; then
			why="first line of stdout is \"$line\", expected \"$first\""
		else
			line=$(cat "$out")
			mentions "$@"
		fi
	fi
	result "$desc"
}

# byte FILE OFFSET: the value (0-255) of the byte at OFFSET in FILE.
byte() {
	od -An -tu1 -j "$2" -N 1 "$1" | tr -d ' '
}

# le FILE OFFSET SIZE: the little-endian SIZE-byte number at OFFSET
# (ELF64 fields; used only for values below 2^31).
le() {
	v=0
	i=$3
	while [ "$i" -gt 0 ]; do
		i=$((i - 1))
		v=$((v * 256 + $(byte "$1" $(($2 + i)))))
	done
	echo "$v"
}

# set_byte FILE OFFSET VALUE: overwrites one byte of FILE in place. The
# format is built on purpose: an octal escape is how POSIX printf emits a byte.
set_byte() {
	# shellcheck disable=SC2059
	printf "\\$(printf %03o "$3")" |
		dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

# relink_at_0x70 ELF: moves a copy of a program linked at 0x40000000 (see
# tests/target/link.ld) to 0x70000000, outside RAM: in e_entry and in
# p_vaddr and p_paddr of every PT_LOAD, byte 3 (bits 24-31) goes from 0x40
# to 0x70; every such address is below 2^32, so that is all that changes.
# Offsets are those of the ELF64 header and program header. Fails if the
# image is not laid out as expected.
relink_at_0x70() {
	phoff=$(le "$1" 32 8)
	phnum=$(le "$1" 56 2)
	fields=24               # e_entry
	ph=$phoff
	while [ "$phnum" -gt 0 ]; do
		[ "$(le "$1" "$ph" 4)" -eq 1 ] &&       # PT_LOAD
			fields="$fields $((ph + 16)) $((ph + 24))"
		ph=$((ph + 56))
		phnum=$((phnum - 1))
	done
	for f in $fields; do
		[ "$(byte "$1" $((f + 3)))" -eq 64 ] || return 1        # 0x40
		set_byte "$1" $((f + 3)) 112                            # 0x70
	done
}

# ------------------------------------------------------- command line

sim
refused "no command" "no command"

sim frobnicate
refused "unknown command" "unknown command" "'frobnicate'"

sim run --vm name=a,image=a.elf
refused "run --vm without --hyp" "run: " "no program given" "--bare"

sim run --bare "$loop" --frobnicate
refused "unknown long option" "run: " "unknown option" "'--frobnicate'"

sim run -q --bare "$loop"
refused "unknown short option" "run: " "unknown option" "'-q'"

# getopt leaves optind on a cluster of short options until its last one:
# the message must still name the option, not the argument before it.
sim run -xy --bare "$loop"
refused "unknown short option in a cluster" "run: " "unknown option" "'-x'"

sim run --bare
refused "--bare without its value" "run: " "'--bare'" "needs a value"

sim run --bare "$loop" --el
refused "--el without its value" "run: " "'--el'" "needs a value"

sim run --bare "$loop" --el 3
refused "--el 3" "run: --el: 3 is out of range"

sim run --bare "$loop" --el x
refused "--el x" "run: --el: 'x' is not a number"

sim run --bare "$loop" --max-insns -1
refused "--max-insns -1" "run: --max-insns: '-1' is not a number"

sim run --bare "$loop" --ram-mib 0
refused "--ram-mib 0" "run: --ram-mib: 0 is out of range"

sim run --bare "$loop" extra
refused "an argument that is not an option" "run: " "unexpected argument" "'extra'"

# ------------------------------------------------------------- images

sim run --bare "$tmp/missing.elf"
refused "a missing file" "$tmp/missing.elf: cannot open" "No such file"

sim run --bare "$tmp"
refused "a directory" "$tmp: not a regular file"

: >"$tmp/empty.elf"
sim run --bare "$tmp/empty.elf"
refused "an empty file" "$tmp/empty.elf: not an ELF file"

# 100 bytes hold the 64-byte ELF header but not the program headers after it.
dd if="$loop" of="$tmp/truncated.elf" bs=100 count=1 2>/dev/null
sim run --bare "$tmp/truncated.elf"
refused "a truncated ELF" "$tmp/truncated.elf: truncated program headers"

echo "this is not a program" >"$tmp/text.elf"
sim run --bare "$tmp/text.elf"
refused "a text file" "$tmp/text.elf: not an ELF file"

# A real ELF for another machine: the host's /bin/true, unless the host is
# AArch64 (EM_AARCH64 = 183), in which case a copy of loop.elf relabelled
# EM_X86_64 (62) stands in for it.
foreign=/bin/true
if [ "$(od -An -c -N 4 "$foreign" | tr -d ' ')" != "177ELF" ] ||
   [ "$(le "$foreign" 18 2)" -eq 183 ]; then
	foreign=$tmp/x86-64.elf
	cp "$loop" "$foreign" && set_byte "$foreign" 18 62
fi
sim run --bare "$foreign"
refused "an ELF for another machine ($foreign)" "$foreign: not an AArch64 ELF"

cp "$loop" "$tmp/at-0x70000000.elf"
if relink_at_0x70 "$tmp/at-0x70000000.elf"; then
	sim run --bare "$tmp/at-0x70000000.elf"
	refused "an AArch64 ELF linked outside RAM" \
		"$tmp/at-0x70000000.elf: segment " "[0x70000000, " \
		"lies outside RAM [0x40000000, 0x60000000)"
else
	why="loop.elf is not laid out as relink_at_0x70 expects"
	result "an AArch64 ELF linked outside RAM"
fi

# big-bss.elf needs 1.5 MiB: it runs in the default RAM, not in 1 MiB.
sim run --bare "$CLI_PROGS_DIR/big-bss.elf"
why=
status_is 0 && stdout_empty && stderr_empty
result "big-bss.elf runs in the default 512 MiB of RAM"

sim run --bare "$CLI_PROGS_DIR/big-bss.elf" --ram-mib 1
refused "an image larger than --ram-mib 1" \
	"$CLI_PROGS_DIR/big-bss.elf: segment " \
	"lies outside RAM [0x40000000, 0x40100000)"

# --------------------------------------------------------- help, version

sim --help
helped "--help" "Usage: phonesim COMMAND [OPTIONS]" "run" "--help" "--version"

sim -h
helped "-h" "Usage: phonesim COMMAND [OPTIONS]" "run" "--help" "--version"

sim run --help
helped "run --help" "Usage: phonesim run [OPTIONS]                (the built-in scenario phone-default)" \
	"--bare" "--el" "--ram-mib" "--max-insns" "--stats" "--help"

sim --version
why=
if status_is 0 && stderr_empty; then
	line=$(cat "$out")
	case $line in
	"phonesim "[0-9]*) [ "$(wc -l <"$out" | tr -d ' ')" -eq 1 ] ||
		why="more than one line on stdout: $line" ;;
	*) why="stdout is \"$line\", expected \"phonesim VERSION\"" ;;
	esac
fi
result "--version"

sim run --bare "$loop" --set storage.image="$tmp/missing.img"
refused "a missing storage image" "run: storage.image: cannot open '$tmp/missing.img'" "No such file"

sim run --bare "$loop" --set storage.block_size=1000
refused "storage.block_size=1000" "run: parameter storage.block_size" "neither 512 nor 4096"

finish
