#!/bin/sh
# bench.sh - `phonesim bench`, the regression gate (docs/bench.md), on its
# quick suite: the figures it reports checked against the kept trace
# databases with the sqlite3 shell; the same figures from a second bench
# (determinism) and exit 0 against an unmodified baseline; exit 1 when the
# baseline is edited (python3) to make one figure look 10% worse, unless
# the threshold is above 10%; a first deadline miss (a baseline of 0) and a
# figure the bench no longer measures fail whatever the threshold; the
# JUnit XML parses with python3 and counts the failures; the history gets a
# row per figure. Bad input exits 2 with one line, before any run.
#
#   PHONESIM=.../phonesim sh bench.sh
#
# Five benches of the quick suite: about a minute on two cores.

. "$(dirname "$0")/lib.sh"
test_setup bench.sh PHONESIM
for tool in sqlite3 python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "bench.sh: no $tool (scripts/setup.sh installs it): skipped"
		exit 77
	fi
done
# The default history is bench-history.db in the current directory.
baseline=$(cd "$(dirname "$0")/../.." && pwd)/bench/baseline-quick.json
cd "$tmp" || exit 99

# ------------------------------------------------------------ helpers

bench() {
	timeout 120 "$PHONESIM" bench "$@" >"$out" 2>"$err"
	status=$?
}

# bad DESCRIPTION TEXT...: bad input: status 2, one line on stderr naming
# every TEXT, and no history created.
bad() {
	desc=$1
	shift
	why=
	status_is 2 && one_line "phonesim: bench: " && mentions "$@" &&
		equal "history created" "$(ls "$tmp"/bench-history.db 2>/dev/null)" ""
	result "$desc"
}

# out_has TEXT: a line of stdout contains TEXT.
out_has() {
	grep -qF -- "$1" "$out" && return 0
	why="no '$1' in stdout: $(tail -n 1 "$out")"
	return 1
}

# figure JSON RUN METRIC: the figure's value in bench results.
figure() {
	python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
print(*[m["value"] for r in d["runs"] if r["name"] == sys.argv[2]
        for m in r["metrics"] if m["name"] == sys.argv[3]])
EOF
}

# edit IN OUT RUN METRIC PYEXPR: OUT is IN with the figure's value v
# replaced by PYEXPR (of v); with METRIC new, a figure added.
edit() {
	python3 - "$@" <<'EOF'
import json, sys
src, dst, run, metric, expr = sys.argv[1:]
d = json.load(open(src))
r = [r for r in d["runs"] if r["name"] == run][0]
ms = [m for m in r["metrics"] if m["name"] == metric]
if not ms:
    ms = [{"name": metric, "value": 0, "unit": "x", "direction": "lower"}]
    r["metrics"].append(ms[0])
v = ms[0]["value"]
ms[0]["value"] = eval(expr)
json.dump(d, open(dst, "w"), indent=1)
EOF
}

# non_host JSON: the simulated figures, one "run metric value" a line.
non_host() {
	python3 - "$1" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d["runs"]:
    for m in r["metrics"]:
        if not m.get("host"):
            print(r["name"], m["name"], m["value"])
EOF
}

# junit FILE: "tests failures testcases failing-names" from the XML.
junit() {
	python3 - "$1" <<'EOF'
import sys, xml.etree.ElementTree as ET
s = ET.parse(sys.argv[1]).getroot()
cases = s.findall("testcase")
failing = [c.get("classname") + ":" + c.get("name") for c in cases if c.find("failure") is not None]
print(s.tag, s.get("tests"), s.get("failures"), len(cases), " ".join(failing))
EOF
}

# sql DB QUERY
sql() {
	sqlite3 "$1" "$2" 2>&1
}

# ---------------------------------------------------------- bad input

bench --help
why=
status_is 0 && out_has "Usage: phonesim bench" && out_has "quick" && stderr_empty
result "--help prints the usage and the suites"

bench --suite nosuch
bad "an unknown suite" "--suite" "nosuch"

bench --baseline "$tmp/none.json"
bad "a missing baseline" "--baseline" "$tmp/none.json"

printf '{"format": "phonesim-bench", "runs": [' >"$tmp/truncated.json"
bench --baseline "$tmp/truncated.json"
bad "a baseline that is not JSON" "truncated.json" "not JSON"

printf '{"format": "phonesim-bench", "format_version": 1, "suite": "quick", "runs": [{"name": "microbench", "metrics": [{"name": "sim_ns", "value": "12"}]}]}' \
	>"$tmp/string.json"
bench --baseline "$tmp/string.json"
bad "a baseline value that is not a number" "string.json" "sim_ns" "not a number"

printf '{"format": "phonesim-bench", "format_version": 1, "suite": "full", "runs": []}' \
	>"$tmp/full.json"
bench --baseline "$tmp/full.json"
bad "a baseline of another suite" "full.json" "suite full"

printf '[1, 2]' >"$tmp/array.json"
bench --baseline "$tmp/array.json"
bad "JSON that is not bench results" "array.json" "not phonesim bench results"

for t in abc -1 1e3 2.5%; do
	bench --threshold "$t"
	bad "--threshold $t" "--threshold" "$t"
done

bench -j 0
bad "-j 0" "--jobs"

bench --bogus
bad "an unknown option" "--bogus"

bench --json "$tmp/same.json" --junit "$tmp/./same.json"
bad "--json and --junit one file under two names" "same file" "same.json"

bench --json "$tmp/h.json" --history "$tmp/./h.json"
bad "--json over the history" "--json and --history" "h.json"

bench --keep "$tmp/none/x"
bad "a --keep that cannot be made (no history left behind)" "--keep" "$tmp/none/x"

: >"$tmp/exists.json"
bench --json "$tmp/exists.json"
bad "an existing --json without --force" "exists.json" "--force"

sqlite3 "$tmp/other.db" "CREATE TABLE meta (key TEXT, value TEXT);
	INSERT INTO meta VALUES ('format', 'phonesim-trace')"
bench --history "$tmp/other.db"
bad "a history that is another database" "other.db" "not a phonesim bench history"
why=
equal "other.db untouched" "$(sql "$tmp/other.db" "SELECT COUNT(*) FROM sqlite_master")" "1"
result "a refused history is not written to"

# ------------------------------------------------------- failed runs

# phonesim away from the build tree: its built-in scenarios' images (paths
# relative to the binary) are not there, and every run exits 2.
mkdir "$tmp/bin" && cp "$PHONESIM" "$tmp/bin/phonesim" || exit 99
timeout 60 "$tmp/bin/phonesim" bench --no-history --junit "$tmp/fail.xml" >"$out" 2>"$err"
status=$?
why=
status_is 1 && out_has "FAILED: microbench exit_status: the run exited with status 2: " &&
	out_has "3 runs, 3 failed"
result "runs that fail fail the bench (exit 1), saying why"
why=
equal "junit" "$(junit "$tmp/fail.xml")" "testsuite 3 3 3 quick.phone-default:exit_status \
quick.microbench:exit_status quick.microbench-native:exit_status"
result "... a failing testcase each in the JUnit XML"

# ------------------------------------------------- the baseline bench

bench --json "$tmp/base.json" --junit "$tmp/base.xml" --history "$tmp/h.db" \
	--keep "$tmp/keep"
why=
status_is 0 && out_has "bench: suite quick: 3 runs, 0 failed; no baseline"
result "a bench without a baseline exits 0"
cp "$out" "$tmp/base.out"

# Each figure against the kept trace, by SQL of its own.
mb=$tmp/keep/microbench.db
pd=$tmp/keep/phone-default.db
for check in \
	"microbench sim_cycles|$mb|SELECT SUM(cycles) FROM vm_usage" \
	"microbench sim_ns|$mb|SELECT sim_ns FROM run" \
	"microbench mb0.microbench.hypercall_mean|$mb|SELECT value FROM metrics WHERE name = 'hypercall_mean'" \
	"microbench modem.missed|$mb|SELECT SUM(missed) FROM deadlines WHERE source = 'modem'" \
	"phone-default baseband.overhead_pct|$pd|SELECT ROUND(100.0 * SUM(cycles_el2) / SUM(cycles - wait_cycles), 4) FROM vm_usage WHERE vm = (SELECT vm FROM vms WHERE name = 'baseband')" \
	"phone-default personal.cpu_ms|$pd|SELECT ROUND(SUM(ns) * 1.0 * SUM(cycles - wait_cycles) / SUM(cycles) / 1e6, 6) FROM vm_usage WHERE vm = (SELECT vm FROM vms WHERE name = 'personal')" \
	"phone-default display.dropped|$pd|SELECT SUM(missed) FROM deadlines WHERE source = 'display'" \
	"phone-default personal.appos.compute_iterations_per_s_milli|$pd|SELECT value FROM metrics WHERE name = 'compute_iterations_per_s_milli'"; do
	what=${check%%|*}
	rest=${check#*|}
	db=${rest%%|*}
	query=${rest#*|}
	want=$(python3 -c 'import sys; print(float(sys.argv[1]))' "$(sql "$db" "$query")")
	got=$(python3 -c 'import sys; print(float(sys.argv[1]))' "$(figure "$tmp/base.json" $what)")
	why=
	equal "$what" "$got" "$want"
	result "$what is the trace's ($want)"
done

why=
equal "phone-default run" "$(sql "$pd" "SELECT name, duration_ns, outcome FROM run")" \
	"phone-default|100000000|finished"
result "phone-default ran for 100 ms"

why=
equal "history" "$(sql "$tmp/h.db" "SELECT (SELECT COUNT(*) FROM results),
	(SELECT COUNT(*) FROM runs), (SELECT COUNT(DISTINCT run) FROM results)")" \
	"$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print("%d|3|3" % sum(len(r["metrics"]) for r in d["runs"]))' "$tmp/base.json")"
result "the history has a row per figure and per run"

why=
n=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
print(sum(len(r["metrics"]) for r in d["runs"]))' "$tmp/base.json")
equal "junit" "$(junit "$tmp/base.xml")" "testsuite $n 0 $n "
result "the JUnit XML parses: a testcase per figure, no failure"

# ------------------------------------ against the unmodified baseline

bench --baseline "$tmp/base.json" --json "$tmp/again.json" --history "$tmp/h.db"
why=
status_is 0 && out_has "0 regressed, 0 missing" && stderr_empty
result "the unmodified baseline passes (exit 0)"
why=
equal "figures" "$(non_host "$tmp/again.json")" "$(non_host "$tmp/base.json")"
result "a second bench gives the same simulated figures"
why=
equal "history" "$(sql "$tmp/h.db" "SELECT COUNT(*), COUNT(DISTINCT time) FROM results")" \
	"$((2 * n))|2"
result "the history grows by a bench's rows"

# ------------------------------------------------- injected regressions

# A cost the baseline says was 10% lower: now 11% worse.
edit "$tmp/base.json" "$tmp/worse.json" microbench mb0.microbench.hypercall_mean 'v * 0.9'
bench --baseline "$tmp/worse.json" --junit "$tmp/worse.xml" --no-history
why=
status_is 1 && out_has "REGRESSION: microbench mb0.microbench.hypercall_mean" &&
	out_has "1 regressed, 0 missing"
result "a figure 10% worse than its baseline fails (exit 1)"
why=
equal "junit" "$(junit "$tmp/worse.xml")" \
	"testsuite $n 1 $n quick.microbench:mb0.microbench.hypercall_mean"
result "the JUnit XML has that one failure"

bench --baseline "$tmp/worse.json" --threshold 50 --no-history
why=
status_is 0 && out_has "0 regressed"
result "... and passes with --threshold 50 (exit 0)"

# A first deadline miss regresses at any threshold; a figure no longer
# measured fails too.
edit "$tmp/base.json" "$tmp/zero.json" microbench modem.missed '0'
edit "$tmp/zero.json" "$tmp/zero.json" phone-default gone.figure '1'
bench --baseline "$tmp/zero.json" --threshold 1000000 --no-history
why=
status_is 1 && out_has "REGRESSION: microbench modem.missed" &&
	out_has "MISSING: phone-default gone.figure" && out_has "1 regressed, 1 missing"
result "0 -> 16 deadline misses and a missing figure fail at any threshold"

# The project's own gate: the committed baseline (make bench-baseline).
bench --baseline "$baseline" --no-history
why=
status_is 0 && out_has "0 regressed" ||
	why="$why (a regression against bench/baseline-quick.json: if intended, run make bench-baseline and commit it)"
result "no regression against bench/baseline-quick.json"

finish
