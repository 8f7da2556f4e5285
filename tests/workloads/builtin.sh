#!/bin/sh
# builtin.sh - the built-in scenarios end to end (phonesim scenarios,
# phonesim run NAME, and phonesim run alone): each runs for a short
# duration, records NAME.db without overwriting an earlier one, and prints
# a summary whose figures are the database's (checked against independent
# SQL). Prints "ok - ..." per case and "N passed, N failed".

. "$(dirname "$0")/../cli/lib.sh"

test_setup builtin.sh PHONESIM
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "builtin.sh: sqlite3 and python3 are needed: skipped"
	exit 77
fi
mkdir "$tmp/runs"

# sim ARGS...: phonesim in $tmp/runs, where built-in runs write NAME.db.
sim() {
	(cd "$tmp/runs" && timeout 300 "$PHONESIM" "$@") >"$out" 2>"$err"
	status=$?
	why=
}

# sql DB QUERY: one value.
sql() {
	sqlite3 "$tmp/runs/$1" "$2"
}

# row VM: the summary's line for VM (its first column).
row() {
	awk -v vm="$1" '$1 == vm { print; exit }' "$out"
}

# col VM N: the Nth column of VM's summary line.
col() {
	row "$1" | awk -v n="$2" '{ print $n }'
}

# close WHAT GOT WANT: equal to the summary's two decimals.
close() {
	python3 -c "import sys; sys.exit(abs(float('$2') - float('$3')) > 0.006)" 2>/dev/null &&
		return 0
	why="$1: got '$2', expected '$3'"
	return 1
}

# ------------------------------------------------------------- listing

sim scenarios
n=$(wc -l <"$out" | tr -d ' ')
status_is 0 && equal "scenarios listed" "$n" 8 &&
	for s in phone-default dual-persona baseband-consolidation microbench rtos-native \
		 appos-native appos-work-native microbench-native; do
		grep -q "^$s " "$out" || { why="$s not listed"; break; }
	done
result "phonesim scenarios lists the eight built-in scenarios"

sim scenarios phone-default
status_is 0 && grep -q '^  - name: baseband$' "$out" ||
	why=${why:-"no baseband VM in: $(head -n 1 "$out")"}
result "phonesim scenarios NAME prints its YAML"

sim validate baseband-consolidation
status_is 0 && grep -q "^baseband-consolidation: ok: hypervisor run, 2 VMs" "$out" ||
	why=${why:-"$(cat "$out")"}
result "phonesim validate takes a built-in name"

sim run no-such-scenario
status_is 2 && one_line "phonesim: run: 'no-such-scenario' is neither a scenario file" &&
	[ ! -e "$tmp/runs/no-such-scenario.db" ] || why=${why:-"a database was written"}
result "an unknown scenario name is refused, nothing written"

# ------------------------------------------------ phonesim run, alone

sim run --duration 20ms
status_is 0 && [ -f "$tmp/runs/phone-default.db" ] || why=${why:-"no phone-default.db"}
if [ -z "$why" ]; then
	frames=$(sql phone-default.db "SELECT COUNT(*) FROM deadlines WHERE source = 'modem'")
	missed=$(sql phone-default.db "SELECT SUM(missed) FROM deadlines WHERE source = 'modem'")
	dframes=$(sql phone-default.db "SELECT COUNT(*) FROM deadlines WHERE source = 'display'")
	over=$(sql phone-default.db "SELECT 100.0 * SUM(cycles_el2) / SUM(cycles - wait_cycles)
		FROM vm_usage u JOIN vms v USING (vm) WHERE v.name = 'baseband'")
	cpu=$(sql phone-default.db "SELECT SUM(ns * 1.0 * (cycles - wait_cycles) / cycles) / 1e6
		FROM vm_usage u JOIN vms v USING (vm) WHERE v.name = 'personal'")
	name=$(sql phone-default.db "SELECT name || ' ' || duration_ns || ' ' || seed FROM run")
	equal "run name, duration, seed" "$name" "phone-default 20000000 1" &&
	equal "baseband modem frames" "$(col baseband 6)" "$frames" &&
	equal "baseband modem missed" "$(col baseband 7)" "$missed" &&
	equal "missed" "$missed" 0 &&
	equal "personal display frames" "$(col personal 8)" "$dframes" &&
	close "baseband overhead %" "$(col baseband 4)" "$over" &&
	close "personal CPU ms" "$(col personal 2)" "$cpu" &&
	grep -q "^personal  *HVC64 " "$out" || why=${why:-"no HVC64 traps of personal in the summary"}
fi
result "phonesim run alone: phone-default, its summary equal to the database's figures"

sim run --duration 20ms --quiet
status_is 0 && stdout_empty && stderr_empty && [ -f "$tmp/runs/phone-default-2.db" ] ||
	why=${why:-"no phone-default-2.db"}
result "a second run records phone-default-2.db, never over the first; --quiet is silent"

# On a terminal (script(1) gives it one) a progress line goes to stderr.
if command -v script >/dev/null 2>&1; then
	(cd "$tmp/runs" && timeout 300 script -qec "'$PHONESIM' run rtos-native --duration 200ms \
		--trace-level off" "$tmp/typescript") >/dev/null 2>&1
	status=$?
	why=
	status_is 0 && tr '\r' '\n' <"$tmp/typescript" |
		grep -aq '^rtos-native: [0-9.]* ms of 200 ms simulated, [0-9.]* MIPS' ||
		why=${why:-"no progress line in: $(tr '\r' '\n' <"$tmp/typescript" | head -n 2)"}
	result "a terminal gets a progress line: simulated time of the duration, MIPS"
fi

sim run microbench --quiet --json
status_is 0 && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
vms = {v["vm"]: v for v in d["summary"]["vms"]}
assert d["status"] == 0 and d["summary"]["run"]["name"] == "microbench"
assert vms["mb0"]["overhead_pct"] > 0 and vms["mb1"]["cpu_ms"] > 0
' "$out" 2>"$tmp/py" || why=${why:-"JSON: $(tail -n 1 "$tmp/py")"}
result "--quiet --json: one JSON object with the summary"

sim run microbench -o "$tmp/runs/phone-default.db"
status_is 2 && one_line "phonesim: run: $tmp/runs/phone-default.db exists"
result "an existing -o database is refused without --force"

# ---------------------------------------- every scenario, for a moment

for s in dual-persona baseband-consolidation rtos-native appos-native appos-work-native \
	 microbench-native; do
	sim run "$s" --duration 20ms
	status_is 0 && [ -f "$tmp/runs/$s.db" ] || why=${why:-"no $s.db"}
	case $s in
	*-native) [ -n "$(row '(bare')" ] || why=${why:-"no bare-metal row: $(cat "$out")"} ;;
	*)	equal "$s baseband missed" "$(col baseband 7)" 0 ;;
	esac
	result "$s runs, its summary and database written"
done

finish
