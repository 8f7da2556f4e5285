#!/bin/sh
# roi.sh - `phonesim roi` (docs/roi.md) on the fixed scenario roi.yaml
# (phone-default's two VMs, decimals in its roi: section): the numbers in
# roi.json against an independent recomputation in python3 from the
# scenario's values and the run databases in DIR (money exactly; overhead,
# power, battery, metrics, deadlines); a second roi run gives the same
# roi.json and roi.html byte for byte; the page inlines the chart's SVG;
# bad input exits 2 with one line and writes nothing; a failing run exits 1
# naming its log.

. "$(dirname "$0")/lib.sh"
test_setup roi.sh PHONESIM HYP_DIR
src=$(cd "$(dirname "$0")/../.." && pwd)
for f in hyp/phonesim-hyp.elf workloads/rtos/rtos.elf workloads/appos/appos-personal.elf; do
	if [ ! -f "$HYP_DIR/$f" ]; then
		echo "roi.sh: $HYP_DIR/$f is missing (make builds it)" >&2
		exit 99
	fi
done
if ! command -v python3 >/dev/null 2>&1 || ! command -v gnuplot >/dev/null 2>&1; then
	echo "roi.sh: python3 and gnuplot are needed: skipped"
	exit 77
fi

sim() {
	timeout 120 "$PHONESIM" "$@" >"$out" 2>"$err"
	status=$?
}

# bad_file DESCRIPTION LINE: bad input in the file: status 2, stderr exactly LINE.
bad_file() {
	why=
	status_is 2 && stdout_empty && one_line "$2" && [ "$line" = "$2" ] ||
		why="${why:-stderr is not '$2': $line}"
	result "$1"
}

# The scenario beside links to the build's images, as its relative paths want.
cp "$src/tests/cli/roi.yaml" "$tmp/roi.yaml"
ln -s "$HYP_DIR/hyp" "$tmp/hyp"
ln -s "$HYP_DIR/workloads" "$tmp/workloads"
cd "$tmp" || exit 99

# --------------------------------------------------------- the numbers

why=
sim roi roi.yaml -j 2
status_is 0 && stderr_empty &&
for f in roi.json roi.html virtualized.db native-baseband.db native-personal.db; do
	[ -s "roi-roi/$f" ] || { why="roi-roi/$f is missing"; break; }
done
[ -z "$why" ] && ls -A roi-roi | grep -q '^\.roi-chart' && why="the chart's temporary files remain"
[ -z "$why" ] && ! grep -q '^Verdict: not viable at 250000 units' "$out" && why="no verdict line: $(tail -n 1 "$out")"
result "roi roi.yaml: the runs into roi-roi/, roi.json, roi.html and a table with the verdict"

why=
check=$(python3 - roi-roi <<'EOF' 2>&1
import json, math, sqlite3, sys
from decimal import Decimal, ROUND_CEILING
d = sys.argv[1]
r = json.load(open(d + "/roi.json"), parse_float=Decimal)
bad = []

def same(what, got, want, rel=1e-6):
    if want is None or got is None:
        if got is not want:
            bad.append(f"{what}: {got} != {want}")
    elif abs(float(got) - want) > rel * max(1.0, abs(want)):
        bad.append(f"{what}: {got} != {want}")

def exact(what, got, want):
    if got != want:
        bad.append(f"{what}: {got!r} != {want!r}")

# money, from the scenario's values (roi.yaml), exactly
units, bom, hyp, nre = 250000, Decimal("6.125"), Decimal("1.75"), Decimal("1500000.5")
saving = bom - hyp
exact("saving per unit", r["money"]["saving_per_unit_usd"], saving)
exact("total", r["money"]["total_saving_usd"], units * saving - nre)
exact("break-even", r["money"]["break_even_units"],
      int((nre / saving).to_integral_value(rounding=ROUND_CEILING)))
exact("viable", r["viable"], False)

dbs = {"virtualized": sqlite3.connect(d + "/virtualized.db"),
       "baseband": sqlite3.connect(d + "/native-baseband.db"),
       "personal": sqlite3.connect(d + "/native-personal.db")}
one = lambda db, q, *a: db.execute(q, a).fetchone()

# the window: the earliest first metric line of any run
window = min(one(db, "SELECT MIN(ns) FROM metrics")[0] for db in dbs.values())
same("window", r["window_ms"], window / 1e6)

# power: per core, the energy at its last sample in the window over its time
def power(db):
    mw = 0.0
    for (core,) in db.execute("SELECT DISTINCT core FROM counters"):
        ns, fj = one(db, "SELECT ns, energy_fj_el0 + energy_fj_el1 + energy_fj_el2"
                     " FROM counters WHERE core = ? AND ns > 0 AND ns <= ?"
                     " ORDER BY ns DESC, id DESC LIMIT 1", core, window)
        mw += fj / ns / 1e3
    return mw
runs = {x["vm"] or "virtualized": x for x in r["runs"]}
for name, db in dbs.items():
    same(name + " power", runs[name]["power_mw"], power(db))
    same(name + " sim_ms", runs[name]["sim_ms"], one(db, "SELECT sim_ns FROM run")[0] / 1e6)
compute = power(dbs["baseband"]) + power(dbs["personal"])
separate = compute + 12.5 + 300
consolidated = power(dbs["virtualized"]) + 300
same("separate", r["power"]["separate_mw"], separate)
same("consolidated", r["power"]["consolidated_mw"], consolidated)
same("power change", r["power"]["change_pct"], 100 * (consolidated - separate) / separate)
same("hours separate", r["battery"]["hours_separate"], 3000 / separate)
same("hours consolidated", r["battery"]["hours_consolidated"], 3000 / consolidated)
same("hours change", r["battery"]["hours_change"], 3000 / consolidated - 3000 / separate)
same("days consolidated", r["battery"]["days_consolidated"], 3000 / consolidated / 4.5)

# per VM: the hypervisor's share of its CPU time, its key metrics, its deadlines
virt = dbs["virtualized"]
key = {"latency_mean": "lower", "compute_iterations_per_s_milli": "higher",
       "ui_fps_milli": "higher", "storage_read_kib_per_s": "higher"}
for v in r["vms"]:
    vm = one(virt, "SELECT vm FROM vms WHERE name = ?", v["vm"])[0]
    busy, el2 = one(virt, "SELECT SUM(cycles - wait_cycles), SUM(cycles_el2) FROM vm_usage"
                    " WHERE vm = ?", vm)
    same(v["vm"] + " overhead", v["overhead_pct"], 100 * el2 / busy)
    names = []
    for m in v["metrics"]:
        names.append(m["name"])
        nat = one(dbs[v["vm"]], "SELECT value FROM metrics WHERE vm IS NULL AND name = ?"
                  " ORDER BY id DESC", m["name"])[0]
        vir = one(virt, "SELECT value FROM metrics WHERE vm = ? AND name = ? ORDER BY id DESC",
                  vm, m["name"])[0]
        exact(m["name"] + " native", m["native"], nat)
        exact(m["name"] + " virtualized", m["virtualized"], vir)
        cost = 100 * (vir - nat) / nat * (1 if key[m["name"]] == "lower" else -1)
        same(m["name"] + " cost", m["cost_pct"], cost)
    want = {"baseband": ["latency_mean"], "personal": ["compute_iterations_per_s_milli",
            "ui_fps_milli", "storage_read_kib_per_s"]}[v["vm"]]
    exact(v["vm"] + " metrics", names, want)
    for dl in v["deadlines"]:
        for run, db in (("virtualized", virt), ("native", dbs[v["vm"]])):
            n, missed = one(db, "SELECT COUNT(*), SUM(missed) FROM deadlines WHERE source = ?",
                            dl["source"])
            exact(f"{v['vm']} {dl['source']} frames {run}", dl["frames_" + run], n)
            exact(f"{v['vm']} {dl['source']} missed {run}", dl["missed_" + run], missed)
    exact(v["vm"] + " sources", [x["source"] for x in v["deadlines"]],
          {"baseband": ["modem"], "personal": ["display"]}[v["vm"]])
exact("modem missed", r["modem_deadlines_missed"],
      one(virt, "SELECT COALESCE(SUM(missed), 0) FROM deadlines WHERE source = 'modem'")[0])
print("\n".join(bad) if bad else "ok")
EOF
)
[ "$check" = ok ] || why="$(echo "$check" | head -n 3 | tr '\n' '|')"
result "roi.json: money exactly, window, power, battery, overhead, metrics and deadlines recomputed from the dbs"

why=
grep -q '<svg' roi-roi/roi.html && grep -q '</svg>' roi-roi/roi.html &&
	! grep -q '<?xml' roi-roi/roi.html && ! grep -q 'src=' roi-roi/roi.html ||
	why="roi.html does not inline one SVG chart, or refers to other files"
[ -z "$why" ] && ! grep -q 'break-even' roi-roi/roi.html && why="roi.html: no break-even"
for page in report compare-baseband compare-personal; do
	[ -z "$why" ] && { grep -q "href=\"$page/index.html\"" roi-roi/roi.html &&
		grep -q '<svg' "roi-roi/$page/index.html"; } ||
		why=${why:-"roi.html does not link a drawn $page/index.html"}
done
grep -q 'native baseband' roi-roi/compare-baseband/index.html ||
	why=${why:-"compare-baseband does not name the native run"}
result "roi.html is self-contained: the tables and the chart's SVG inline; it links the reports"

# Again, with --force over a stale copy of the first (its results and
# reports must be replaced), and a ~/.gnuplot that would change the chart's
# colours (gnuplot must not read it).
why=
cp -r roi-roi again
echo stale >again/roi.json
echo stale >again/roi.html
echo stale >again/report/stale.csv
mkdir home
echo 'set colorsequence podo' >home/.gnuplot
home=$HOME
HOME=$PWD/home
export HOME
sim roi roi.yaml -o again -j 2 --json --force
HOME=$home
status_is 0 && stderr_empty &&
if [ -e again/report/stale.csv ]; then
	why="--force left the earlier report's files"
elif ! cmp -s roi-roi/roi.json again/roi.json; then
	why="roi.json differs: $(diff roi-roi/roi.json again/roi.json | head -n 3 | tr '\n' '|')"
elif ! cmp -s "$out" again/roi.json; then
	why="--json's stdout is not roi.json"
elif ! cmp -s roi-roi/roi.html again/roi.html; then
	why="roi.html differs"
fi
result "deterministic: a second roi run (--force over a stale first, another ~/.gnuplot) gives the same roi.json and roi.html; --json prints it"

# ------------------------------------------------------------ bad input

sim roi roi.yaml -j 2
bad "an existing DIR without --force: exit 2" "roi-roi exists" "--force"

echo notes >again/report/notes.txt
cp again/virtualized.db "$tmp/before.db"
sim roi roi.yaml -o again -j 2 --force
bad "--force over a report directory holding other files: exit 2, before any run" \
	"again/report is not an earlier report" "notes.txt"
why=
cmp -s again/virtualized.db "$tmp/before.db" || why="the runs were made before the refusal"
result "... and nothing was run"

grep -v -e '^roi:' -e '^  [a-z_]*: [0-9.]*$' roi.yaml >noroi.yaml
sim roi noroi.yaml
bad "a scenario without roi: exit 2, naming the keys to add" "no roi: section" units \
	bom_saved_usd hypervisor_cost_usd nre_usd battery_mwh
[ -e noroi-roi ] && echo "not ok - noroi-roi was created" && failed=$((failed + 1))

sed 's/^  bom_saved_usd: .*/  bom_saved_usd: 1.1234567/' roi.yaml >decimals.yaml
sim roi decimals.yaml
bad_file "seven decimals: FILE:LINE:COLUMN" "decimals.yaml:35:18: roi.bom_saved_usd: '1.1234567' has more than 6 decimals"

sed 's/^  hypervisor_cost_usd: .*/  hypervisor_cost_usd: -1/' roi.yaml >negative.yaml
sim roi negative.yaml
bad_file "a negative price" "negative.yaml:36:24: roi.hypervisor_cost_usd: -1 is out of range [0, 1000]"

grep -v battery_mwh roi.yaml >nobattery.yaml
sim roi nobattery.yaml
bad_file "a missing key" "nobattery.yaml:34:3: roi: battery_mwh is required"

sim roi rtos-native
bad "a bare-metal scenario" "rtos-native is a bare-metal run"

sim roi no-such-scenario
bad "an unknown scenario" "'no-such-scenario' is neither a scenario file nor a built-in scenario"

sim roi roi.yaml -j 0
bad "-j 0" "-j: 0 is out of range"

sim roi
bad "no scenario" "no scenario"

why=
sim roi --help
status_is 0 && stderr_empty && grep -q '^Usage: phonesim roi' "$out" || why="${why:-no usage}"
result "--help: usage on stdout, exit 0"

# ------------------------------------------------------------ a failure

sed 's/^  seed: 3$/  seed: 3\n  max_insns: 1000/' roi.yaml >short.yaml
why=
sim roi short.yaml -j 2
line=$(head -n 1 "$err")
status_is 1 && stdout_empty &&
	mentions "phonesim: roi: the virtualized run failed (exit status 1: " \
		"; its log: short-roi/virtualized.log" &&
	{ [ "$(grep -c '^phonesim: roi: the .* run failed' "$err")" -eq 3 ] ||
	  { why="not 3 failed runs on stderr: $(tr '\n' '|' <"$err")"; false; }; } &&
	[ -s short-roi/virtualized.log ] && [ ! -e short-roi/roi.json ] ||
	why="${why:-no log, or roi.json written}"
result "runs that fail (an instruction limit): exit 1, each named with its log; no result"

finish
