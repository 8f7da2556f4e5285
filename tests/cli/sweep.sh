#!/bin/sh
# sweep.sh - `phonesim sweep` end to end: a 2x2 sweep of the built-in
# scenario microbench (modem.seed x hypervisor.timeslice_us), its plan,
# databases and summary, each summary row checked against an independent
# sqlite3 query of the run's database; --print-commands, one of its
# commands run by hand giving the same figures (determinism), and --merge
# of that (partial) directory; --merge reproducing the summary; runs that
# fail (an instruction limit), --force over an earlier sweep; and bad
# input: one line, exit 2, nothing made.
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh sweep.sh
#
# SWEEP_JOBS (default 2) is the sweep's -j.

. "$(dirname "$0")/lib.sh"
cli_setup sweep.sh loop
builddir=$(dirname "$PHONESIM")
J=${SWEEP_JOBS:-2}
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v python3 >/dev/null 2>&1; then
	echo "sweep.sh: no sqlite3 or python3 (scripts/setup.sh installs them): skipped"
	exit 77
fi
for f in workloads/microbench/microbench-vm0.elf workloads/microbench/microbench-vm1.elf \
	 hyp/phonesim-hyp.elf; do
	if [ ! -f "$builddir/$f" ]; then
		echo "sweep.sh: $builddir/$f is missing (make builds it)" >&2
		exit 99
	fi
done

sweep() {
	timeout 120 "$PHONESIM" sweep "$@" >"$out" 2>"$err"
	status=$?
}

# same FILE_A FILE_B: the files are byte for byte the same.
same() {
	cmp -s "$1" "$2" && return 0
	why="$1 and $2 differ: $(diff "$1" "$2" | head -n 3 | tr '\n' '|')"
	return 1
}

# expected_row RUN DB SEED SLICE: the summary.csv row of the run, but its
# host seconds, computed from the database alone, as docs/trace-schema.md
# defines the figures (a VM's CPU time: the time it held a core less the
# core's WFI share; its overhead: EL2 cycles over busy cycles).
expected_row() {
	sqlite3 -batch "$2" "
WITH u AS (SELECT vm, SUM(ns) AS ns, SUM(cycles - wait_cycles) AS busy,
                  SUM(cycles) AS cycles, SUM(cycles_el2) AS el2
           FROM vm_usage WHERE vm IS NOT NULL GROUP BY vm)
SELECT '$1,$3,$4,' || exit_status || ',' || outcome || ',' || printf('%.2f', sim_ns / 1e6)
       || ',' || instructions || ','
       || (SELECT group_concat(printf('%.2f', ns * 1.0 * busy / cycles / 1e6) || ','
                               || printf('%.2f', 100.0 * el2 / busy), ',')
           FROM (SELECT * FROM u ORDER BY vm))
       || ',' || COALESCE((SELECT SUM(missed) FROM deadlines WHERE source = 'modem'), '')
       || ',' || COALESCE((SELECT SUM(missed) FROM deadlines WHERE source = 'display'), '')
FROM run"
}

# without_host FILE: the CSV without its last column (host seconds).
without_host() {
	sed 's/,[^,]*$//' "$1"
}

# ----------------------------------------------------------------- a sweep

why=
sweep microbench --duration 20ms --set modem.seed=1,2 --set hypervisor.timeslice_us=500,1000 \
	-j "$J" -o "$tmp/sw"
status_is 0 && stderr_empty
for n in 1 2 3 4; do
	[ -z "$why" ] || break
	[ -s "$tmp/sw/run-00$n.db" ] && [ -f "$tmp/sw/run-00$n.log" ] ||
		why="no run-00$n.db or run-00$n.log"
done
[ -z "$why" ] && [ "$(ls "$tmp/sw" | wc -l)" -eq 10 ] ||
	why=${why:-"$(ls "$tmp/sw" | tr '\n' ' '): not 4 dbs, 4 logs, plan.tsv, summary.csv"}
cp "$out" "$tmp/sweep.txt"
result "sweep: 2x2 runs, a database and a log each"

why=
cat >"$tmp/plan.expected" <<EOF
run	modem.seed	hypervisor.timeslice_us	db	command
1	1	500	run-001.db	phonesim run microbench --duration 20ms --set modem.seed=1 --hyp-timeslice-us 500 -o $tmp/sw/run-001.db --quiet
2	1	1000	run-002.db	phonesim run microbench --duration 20ms --set modem.seed=1 --hyp-timeslice-us 1000 -o $tmp/sw/run-002.db --quiet
3	2	500	run-003.db	phonesim run microbench --duration 20ms --set modem.seed=2 --hyp-timeslice-us 500 -o $tmp/sw/run-003.db --quiet
4	2	1000	run-004.db	phonesim run microbench --duration 20ms --set modem.seed=2 --hyp-timeslice-us 1000 -o $tmp/sw/run-004.db --quiet
EOF
same "$tmp/plan.expected" "$tmp/sw/plan.tsv"
result "sweep: plan.tsv lists each run's values and its command, the last axis fastest"

why=
header=run,modem.seed,hypervisor.timeslice_us,status,outcome,sim_ms,instructions,mb0.cpu_ms,mb0.overhead_pct,mb1.cpu_ms,mb1.overhead_pct,modem_missed,display_dropped,host_s
[ "$(head -n 1 "$tmp/sw/summary.csv")" = "$header" ] ||
	why="summary.csv header: $(head -n 1 "$tmp/sw/summary.csv")"
tail -n +2 "$tmp/sw/summary.csv" | sed 's/,[^,]*$//' >"$tmp/rows"
: >"$tmp/rows.expected"
for n in 1 2 3 4; do
	seed=$(( (n + 1) / 2 ))
	slice=$(( n % 2 ? 500 : 1000 ))
	expected_row "$n" "$tmp/sw/run-00$n.db" "$seed" "$slice" >>"$tmp/rows.expected"
done
[ -n "$why" ] || same "$tmp/rows.expected" "$tmp/rows"
# The runs did what their axes said: the seed, the slice on the command line.
[ -n "$why" ] || [ "$(sqlite3 "$tmp/sw/run-004.db" "SELECT seed, duration_ns,
	instr(scenario, '--hyp-timeslice-us 1000') > 0 FROM run")" = "2|20000000|1" ] ||
	why="run-004.db: not seed 2, 20 ms, slice 1000"
# The text table on stdout: the same figures.
[ -n "$why" ] || grep -Eq '^ +4 +2 +1000 +0 +finished ' "$tmp/sweep.txt" ||
	why="stdout has no row 4: $(tail -n 1 "$tmp/sweep.txt")"
result "sweep: each summary row is its database's figures (independent SQL)"

why=
sweep --merge "$tmp/sw" --csv
status_is 0 && stderr_empty && without_host "$out" >"$tmp/merged" &&
	without_host "$tmp/sw/summary.csv" >"$tmp/summary" && same "$tmp/summary" "$tmp/merged"
result "sweep --merge: the same table from the directory alone (host seconds aside)"

why=
sweep --merge "$tmp/sw" --json
status_is 0 && { python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["run"] for r in rows] == [1, 2, 3, 4]
assert all(r["outcome"] == "finished" and r["display_dropped"] is None for r in rows)
' "$out" 2>"$tmp/py"; } || why=${why:-"JSON: $(tail -n 1 "$tmp/py")"}
result "sweep --merge --json: one object per run"

# ----------------------------------------- the same runs made elsewhere

why=
sweep microbench --duration 20ms --set modem.seed=1,2 --set hypervisor.timeslice_us=500,1000 \
	-o "$tmp/pc" --print-commands
status_is 0 && stderr_empty && [ "$(wc -l <"$out")" -eq 4 ] ||
	why=${why:-"$(wc -l <"$out") commands, expected 4"}
[ -n "$why" ] || [ "$(ls "$tmp/pc")" = plan.tsv ] || why="$tmp/pc holds $(ls "$tmp/pc")"
[ -n "$why" ] || [ "$(sed -n 3p "$out")" = "$(sed -n 4p "$tmp/pc/plan.tsv" | cut -f 5)" ] ||
	why="command 3 is not plan.tsv's"
cp "$out" "$tmp/commands"
result "sweep --print-commands: the plan, and one command per run, run N on line N"

why=
cmd=$(sed -n 3p "$tmp/commands")
eval "timeout 120 \"\$PHONESIM\" ${cmd#phonesim }" >"$out" 2>"$err"
status=$?
status_is 0 && stdout_empty && stderr_empty
[ -n "$why" ] || [ "$(expected_row 3 "$tmp/pc/run-003.db" 2 500)" = "$(sed -n 3p "$tmp/rows")" ] ||
	why="run 3 made by hand: $(expected_row 3 "$tmp/pc/run-003.db" 2 500)"
result "a printed command, run by hand: the sweep's figures for the same values"

why=
sweep --merge "$tmp/pc" --csv
status_is 1 && one_line "phonesim: sweep: not every run finished" && without_host "$out" >"$tmp/partial"
[ -n "$why" ] || [ "$(sed -n 4p "$tmp/partial")" = "$(sed -n 3p "$tmp/rows")" ] ||
	why="row 3: $(sed -n 4p "$tmp/partial")"
[ -n "$why" ] || [ "$(sed -n 2p "$tmp/partial")" = "1,1,500,,missing,,,,,,,," ] ||
	why="row 1: $(sed -n 2p "$tmp/partial")"
result "sweep --merge: the runs made so far, the others missing, exit 1"

# ------------------------------------------------- failures and --force

printf 'bare:\n  image: %s\nrun:\n  max_insns: 1000\n' "$CLI_PROGS_DIR/loop.elf" >"$tmp/loop.yaml"

why=
sweep "$tmp/loop.yaml" --set soc.cores=1..3 -o "$tmp/lp"
status_is 1 && [ -f "$tmp/lp/run-003.db" ] &&
	[ "$(sed -n 2p "$tmp/lp/summary.csv" | without_host /dev/stdin)" = "1,1,1,failed,0.00,1000,," ] ||
	why=${why:-"row 1: $(sed -n 2p "$tmp/lp/summary.csv")"}
[ -n "$why" ] || grep -q "instruction limit (1000) reached" "$tmp/lp/run-002.log" ||
	why="run-002.log: $(cat "$tmp/lp/run-002.log")"
result "sweep: runs that fail exit 1, the summary marks them, the logs say why"

why=
sweep "$tmp/loop.yaml" --set soc.cores=1..3 -o "$tmp/lp"
status_is 2 && one_line "phonesim: sweep: $tmp/lp exists" && stdout_empty
result "sweep: an existing directory without --force: one line, exit 2"

why=
touch "$tmp/lp/notes.txt"
sweep "$tmp/loop.yaml" --set timing=functional,detailed -o "$tmp/lp" --force
status_is 1 && [ ! -e "$tmp/lp/run-003.db" ] && [ ! -e "$tmp/lp/run-003.log" ] &&
	[ -f "$tmp/lp/notes.txt" ] && [ "$(wc -l <"$tmp/lp/summary.csv")" -eq 3 ] &&
	[ "$(head -n 1 "$tmp/lp/plan.tsv" | cut -f 2)" = timing ] ||
	why=${why:-"$(ls "$tmp/lp" | tr '\n' ' ')"}
result "sweep --force: the earlier sweep's files replaced, others kept"

# -------------------------------------------------------------- bad input

printf 'soc:\n  preset: phone\n  cores: 99\n' >"$tmp/bad.yaml"

# refused DESCRIPTION PREFIX TEXT ARGS...: one line starting PREFIX and
# mentioning TEXT, exit 2, and no directory made.
refused() {
	what=$1 prefix=$2 text=$3
	shift 3
	why=
	sweep "$@" -o "$tmp/no"
	status_is 2 && one_line "$prefix" && mentions "$text" && stdout_empty &&
		{ [ ! -e "$tmp/no" ] || why="$tmp/no was made"; }
	result "bad input: $what"
}

refused "an unknown key" "phonesim: sweep: --set: unknown key 'cores'" "soc.cores" \
	microbench --set cores=1,2
refused "an unknown device parameter" "phonesim: sweep: run 1 (modem.nosuch=1)" \
	"unknown parameter 'modem.nosuch=1'" microbench --set modem.nosuch=1,2
refused "a value the run refuses" "phonesim: sweep: run 2 (soc.cores=9)" "out of range" \
	microbench --set soc.cores=2,9
refused "an empty value list" "phonesim: sweep: modem.seed: an empty value" "" \
	microbench --set modem.seed=
refused "an empty value" "phonesim: sweep: modem.seed: an empty value" "" \
	microbench --set modem.seed=1,,2
refused "a malformed range" "phonesim: sweep: modem.seed: '3..1' is not a range" "START..END" \
	microbench --set modem.seed=3..1
refused "a range step of 0" "phonesim: sweep: modem.seed: '1..4:0' is not a range" "" \
	microbench --set modem.seed=1..4:0
refused "too many runs" "phonesim: sweep: --set display.refresh_hz: 1010 runs" "1000" \
	microbench --set modem.seed=1..101 --set display.refresh_hz=1..10
refused "an axis twice" "phonesim: sweep: --set: 'soc.timing' is swept twice" "" \
	microbench --set timing=detailed --set soc.timing=functional
refused "no axis" "phonesim: sweep: no --set" "" microbench
refused "a scenario error" "$tmp/bad.yaml:3:10: soc.cores" "out of range" \
	"$tmp/bad.yaml" --set modem.seed=1
refused "no such scenario" "phonesim: sweep: 'nosuch' is neither" "built-in" \
	nosuch --set modem.seed=1
refused "an unknown option" "phonesim: sweep: unknown option '--bogus'" "" \
	microbench --set modem.seed=1 --bogus
refused "a --duration that is not a time, said as the sweep's" \
	"phonesim: sweep: --duration: 'bogus' is not a time" "" \
	microbench --set modem.seed=1 --duration bogus

why=
sweep --merge "$tmp/nothing"
status_is 2 && one_line "phonesim: sweep: --merge: cannot read $tmp/nothing/plan.tsv" &&
	stdout_empty
result "bad input: --merge of a directory without a plan"

why=
mkdir "$tmp/forged" && printf 'run\tdb\n1\trun-001.db\n' >"$tmp/forged/plan.tsv"
sweep --merge "$tmp/forged"
status_is 2 && one_line "phonesim: sweep: --merge: $tmp/forged/plan.tsv:1: the header"
result "bad input: --merge of a plan no sweep wrote"

why=
sweep --help
status_is 0 && stderr_empty && grep -q "^Usage: phonesim sweep SCENARIO" "$out" ||
	why=${why:-"no usage"}
result "sweep --help"

finish
