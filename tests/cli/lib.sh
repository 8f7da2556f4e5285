# lib.sh - what the test scripts share: the environment checks, a scratch
# directory, and the checks that make up each case. Sourced, not run:
#
#   . "$(dirname "$0")/lib.sh"
#   cli_setup NAME PROGRAM...     (programs needed from $CLI_PROGS_DIR)
#   test_setup NAME VAR...        (other suites: the variables they need)
#
# Each script defines its own sim(), which must leave phonesim's stdout in
# $out, its stderr in $err and its status in $status. Checks set $why and
# return 1 when they fail, so that they chain with && and the first problem
# found is the one reported; result() then counts the case. The summary line
# "N passed, N failed" is what automake's reader and CI look for.

LC_ALL=C                # strerror() texts and od output in a known form
export LC_ALL

# test_setup NAME VAR...: the variables make check sets (named) must be set;
# a scratch directory, removed on exit; the counters. Every test script
# starts with it (or with cli_setup).
test_setup() {
	name=$1
	shift
	for var in "$@"; do
		eval "value=\${$var}"
		if [ -z "$value" ]; then
			echo "$name: $* must be set (make check sets them)" >&2
			exit 99
		fi
	done
	# timeout (coreutils) is not POSIX; without it a hang would hang the suite.
	if ! command -v timeout >/dev/null 2>&1; then
		echo "$name: no timeout command: skipped"
		exit 77
	fi
	tmp=$(mktemp -d) || exit 99
	trap 'rm -rf "$tmp"' EXIT
	trap 'exit 99' HUP INT TERM
	out=$tmp/stdout
	err=$tmp/stderr
	passed=0
	failed=0
}

cli_setup() {
	test_setup "$1" PHONESIM CLI_PROGS_DIR
	shift
	for prog in "$@"; do
		if [ ! -f "$CLI_PROGS_DIR/$prog.elf" ]; then
			echo "$name: $CLI_PROGS_DIR/$prog.elf is missing (make check builds it)" >&2
			exit 99
		fi
	done
}

# result DESCRIPTION: counts the case, passed when $why is empty.
result() {
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "ok - $1"
	else
		failed=$((failed + 1))
		echo "not ok - $1 ($why)"
	fi
}

# finish: the summary line, and the script's exit status.
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

# status_is N: phonesim exited with status N (not hung, not crashed).
status_is() {
	[ "$status" -eq "$1" ] && return 0
	case $status in
	124) why="timed out after 60 s: a hang" ;;
	125|126|127) why="timeout could not run $PHONESIM (status $status)" ;;
	*)
		if [ "$status" -gt 128 ]; then
			why="killed by signal $((status - 128)): a crash"
		else
			why="exit status $status, expected $1"
		fi
		;;
	esac
	[ -s "$err" ] && why="$why; stderr: $(head -n 1 "$err")"
	return 1
}

# stdout_empty / stderr_empty: nothing was written there.
stdout_empty() {
	[ -s "$out" ] || return 0
	why="stdout not empty: $(head -n 1 "$out")"
	return 1
}

stderr_empty() {
	[ -s "$err" ] || return 0
	why="stderr not empty: $(head -n 1 "$err")"
	return 1
}

# one_line PREFIX: stderr is one complete line starting with PREFIX; sets
# $line to it.
one_line() {
	lines=$(wc -l <"$err" | tr -d ' ')
	line=$(head -n 1 "$err")
	# $(tail -c 1) is empty only when the last byte is a newline.
	if [ "$lines" -ne 1 ] || [ -n "$(tail -c 1 "$err")" ]; then
		why="$lines lines on stderr, expected exactly 1: $line"
		return 1
	fi
	case $line in
	"$1"*) return 0 ;;
	esac
	why="stderr does not start with '$1': $line"
	return 1
}

# bad DESCRIPTION TEXT...: the last command was bad input: status 2, one
# line on stderr mentioning every TEXT, nothing on stdout; counts the case.
bad() {
	desc=$1
	shift
	why=
	status_is 2 && stdout_empty && one_line "phonesim: " && mentions "$@"
	result "$desc"
}

# equal WHAT GOT WANT: GOT is WANT (newlines shown as ';' when not).
equal() {
	[ "$2" = "$3" ] && return 0
	why="$1: got '$(printf '%s' "$2" | tr '\n' ';')', expected '$(printf '%s' "$3" | tr '\n' ';')'"
	return 1
}

# mentions TEXT...: $line contains every TEXT.
mentions() {
	for text in "$@"; do
		case $line in
		*"$text"*) ;;
		*) why="no \"$text\" in: $line"; return 1 ;;
		esac
	done
}
