#!/bin/sh
# report.sh - `phonesim report`: two short runs recorded (the micro-benchmarks
# under the hypervisor, the baseband RTOS on bare metal; workloads/configs.sh),
# then their reports: every file there, the page inlining every chart that
# has data and saying why the others are left out, the SVGs well-formed XML,
# numbers on the page equal to independent queries of the databases (python3's
# sqlite3 on the raw traps, vm_usage and counters), the same report twice byte
# for byte, --compare, and bad input refused with one line, exit 2, and
# nothing left behind.
#
#   PHONESIM=.../phonesim HYP_DIR=.../build sh report.sh

. "$(dirname "$0")/lib.sh"

test_setup report.sh PHONESIM HYP_DIR
WL_BUILD=$HYP_DIR
. "$(dirname "$0")/../../workloads/configs.sh"
for tool in gnuplot python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "report.sh: no $tool (scripts/setup.sh installs it): skipped"
		exit 77
	fi
done

# report ARG...: `phonesim report ARG...` run in $tmp.
# The page's Per VM table (3 decimals) against the summary's CSV (2 decimals).
vms_py='
import csv, re, sys, html
want = list(csv.reader(open(sys.argv[1])))
page = open(sys.argv[2]).read()
m = re.search(r"<h2>Per VM</h2>.*?<table>(.*?)</table>", page, re.S)
if not m:
    print("no Per VM table"); sys.exit()
rows = [[html.unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r)]
        for r in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)]
if rows[0] != want[0]:
    print("columns %s, expected %s" % (rows[0], want[0])); sys.exit()
for got, exp in zip(rows[1:], want[1:]):
    for g, e in zip(got, exp):
        same = g == e or (g == "-" and e == "") or \
            (e not in ("", g) and abs(float(g) - float(e)) <= 0.0051)
        if not same:
            print("row %s: %s, expected %s" % (got[0], g, e)); sys.exit()
if len(rows) != len(want):
    print("%d rows, expected %d" % (len(rows) - 1, len(want) - 1))
'

report() {
	(cd "$tmp" && timeout 60 "$PHONESIM" report "$@") >"$out" 2>"$err"
	status=$?
}

# py SCRIPT ARG...: python3 on SCRIPT; its stdout is the problem found, if any.
py() {
	script=$1
	shift
	why=$(python3 -c "$script" "$@" 2>&1)
	[ -z "$why" ]
}

# files DIR NAME...: DIR holds index.html and exactly NAME.svg/.png/.csv/.gp per NAME.
files() {
	dir=$1
	shift
	expected=$( (echo index.html; for n in "$@"; do
		for e in csv gp png svg; do echo "$n.$e"; done; done) | sort)
	actual=$(ls "$dir" | sort)
	[ "$expected" = "$actual" ] && return 0
	why="$dir holds: $(echo $actual)"
	return 1
}

# nothing_left: no report or temporary directory in $tmp.
nothing_left() {
	left=$(ls "$tmp" | grep -e '-report' -e '\.partial-' -e '\.old-')
	[ -z "$left" ] && return 0
	why="left behind: $left"
	return 1
}

# The page's checks: every drawn chart's section inlines its SVG (well-formed
# XML), the left-out ones say why, nothing reaches out of the page.
page_py='
import re, sys, xml.etree.ElementTree as ET
page = open(sys.argv[1] + "/index.html").read()
drawn, empty = sys.argv[2].split(), sys.argv[3].split()
sections = dict(re.findall(r"<h2 id=\"(\w+)\">(.*?)(?=<h2 |</body>)", page, re.S))
for name in drawn:
    svgs = re.findall(r"<svg.*?</svg>", sections.get(name, ""), re.S)
    if len(svgs) != 1:
        print(name, "has", len(svgs), "inline SVGs"); sys.exit()
    ET.fromstring(svgs[0])
    ET.parse(sys.argv[1] + "/" + name + ".svg")
    if open(sys.argv[1] + "/" + name + ".png", "rb").read(8) != b"\x89PNG\r\n\x1a\n":
        print(name + ".png is not a PNG"); sys.exit()
for name in empty:
    if "Not drawn: " not in sections.get(name, "") or "<svg" in sections[name]:
        print(name, "is not left out with a reason"); sys.exit()
if sorted(sections) != sorted(drawn + empty):
    print("sections:", sorted(sections)); sys.exit()
for bad in ("<script", "<link", "<img", "src=", "href=\"http", "@import"):
    if bad in page:
        print("the page has", bad); sys.exit()
ids = re.findall(r"\bid=[\"\x27]([^\"\x27]+)", page)
if len(ids) != len(set(ids)):
    print("duplicate ids in the page"); sys.exit()
'

# A table row: the cells after the first ones equal to key, in the table of
# the chart called part ("head": the page's header).
cells_py='
import re, sys
def row(page, part, *key):
    start = page.index("<h2 id=\"%s\">" % part) if part != "head" else 0
    end = page.find("<h2 ", start + 1)
    for tr in re.findall(r"<tr>(.*?)</tr>", page[start:end if end > 0 else None]):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr)
        if tuple(cells[:len(key)]) == key:
            return cells[len(key):]
    print("no row", part, key); sys.exit()
'

# Numbers on the page against the database, asked independently: the HVC64
# traps to EL2 from the raw traps (count, mean, nearest-rank p99; per VM, the
# cycles the overhead chart shows from trap_summary), the energy per VM from
# vm_usage, the run's energy from the final counters, and the timeline's
# shares against the time vm_usage says each VM held each core.
numbers_py=$cells_py'
import sqlite3
db = sqlite3.connect(sys.argv[1])
page = open(sys.argv[2] + "/index.html").read()
cyc = sorted(r[0] for r in db.execute("SELECT cycles FROM traps WHERE class = \"HVC64\" "
      "AND to_el = 2 AND return_cycle IS NOT NULL"))
n = len(cyc)
p99 = next(c for k, c in enumerate(cyc, 1) if k * 100 >= 99 * n)
want = [str(n), "%.1f" % (sum(cyc) / n)]
got = row(page, "latency", "HVC64", "2")
if got[:2] != want or got[4] != str(p99) or got[5] != str(cyc[-1]):
    print("latency HVC64:", got, "expected", want, "p99", p99, "max", cyc[-1]); sys.exit()
for vm, name in db.execute("SELECT vm, name FROM vms"):
    s = db.execute("SELECT COUNT(*), SUM(cycles) FROM traps WHERE class = \"HVC64\" AND "
                   "to_el = 2 AND return_cycle IS NOT NULL AND vm = ?", (vm,)).fetchone()
    if s[0] and row(page, "overhead", "HVC64", "2", name)[:2] != [str(s[0]), str(s[1])]:
        print("overhead HVC64", name, row(page, "overhead", "HVC64", "2", name), s); sys.exit()
    e = db.execute("SELECT SUM(energy_fj_el0 + energy_fj_el1), SUM(energy_fj_el2) "
                   "FROM vm_usage WHERE vm = ?", (vm,)).fetchone()
    got = [float(x) for x in row(page, "energy", name)[:2]]
    if abs(got[0] - e[0] / 1e9) > 0.001 or abs(got[1] - e[1] / 1e9) > 0.001:
        print("energy", name, got, e); sys.exit()
total = db.execute("SELECT SUM(energy_fj_el0 + energy_fj_el1 + energy_fj_el2) FROM counters "
                   "WHERE final = 1").fetchone()[0]
if abs(float(row(page, "head", "energy (uJ)")[0]) - total / 1e9) > 0.001:
    print("energy (uJ)", row(page, "head", "energy (uJ)"), total); sys.exit()
sim_ns = db.execute("SELECT sim_ns FROM run").fetchone()[0]
names = [r[0] for r in db.execute("SELECT name FROM vms ORDER BY vm")]
for core, ns in db.execute("SELECT core, SUM(ns) FROM vm_usage WHERE vm IS NOT NULL "
                           "GROUP BY core"):
    shares = [float(x) for x in row(page, "timeline", str(core))]
    if abs(sum(shares) - 100) > 0.05:
        print("core", core, "shares", shares); sys.exit()
    # Held by the VMs: running them, or in their traps at EL2 (the hypervisor
    # on their behalf: one column for all VMs, so compared in all).
    held = sum(shares[:len(names) + 1])
    if abs(held - 100.0 * ns / sim_ns) > 0.5:
        print("timeline core", core, "VMs", held, "vm_usage", 100.0 * ns / sim_ns); sys.exit()
'

# ----------------------------------------------------------------- the runs

why=
(cd "$tmp" && timeout 120 "$PHONESIM" run $(wl_args microbench) -o virt.db \
	--trace-level events) >"$out" 2>"$err"
status=$?
status_is 0
result "a virtualized run recorded (microbench)"
(cd "$tmp" && timeout 120 "$PHONESIM" run $(wl_args rtos-native) -o native.db \
	--trace-level events) >"$out" 2>"$err"
status=$?
status_is 0
result "a bare-metal run recorded (rtos-native)"
[ -f "$tmp/virt.db" ] && [ -f "$tmp/native.db" ] || { finish; exit 1; }

# ------------------------------------------------------------------ reports

why=
report --help
status_is 0 && stderr_empty && grep -q '^Usage: phonesim report RUN.db' "$out" ||
	why=${why:-"no usage on stdout"}
result "--help prints the usage, exit 0"

why=
report virt.db
status_is 0 && stdout_empty && stderr_empty &&
	files "$tmp/virt-report" overhead latency timeline modem energy mpki &&
	py "$page_py" "$tmp/virt-report" "overhead latency timeline modem energy mpki" display
result "virtualized: every chart with data drawn, inlined and well-formed; display left out"

why=
py "$numbers_py" "$tmp/virt.db" "$tmp/virt-report"
result "virtualized: the page's numbers equal independent queries of the database"

why=
"$PHONESIM" trace "$tmp/virt.db" vms --csv >"$tmp/vms.csv" 2>"$err" || why="trace vms failed"
[ -z "$why" ] && py "$vms_py" "$tmp/vms.csv" "$tmp/virt-report/index.html"
result "virtualized: the Per VM table is the run summary's (phonesim trace vms)"

why=
size=$(wc -c <"$tmp/virt-report/timeline.svg")
[ "$size" -lt 200000 ] || why="timeline.svg is $size bytes"
result "the timeline is binned, not a rectangle per event ($size bytes)"

why=
report virt.db -o again
status_is 0 && diff -r "$tmp/virt-report" "$tmp/again" >"$tmp/diff" 2>&1 ||
	why=${why:-"differ: $(head -n 1 "$tmp/diff")"}
result "the same database gives the same files, byte for byte"

why=
report native.db
status_is 0 && files "$tmp/native-report" overhead latency modem energy mpki &&
	py "$page_py" "$tmp/native-report" "overhead latency modem energy mpki" "timeline display" &&
	py "$cells_py"'
page = open(sys.argv[1] + "/index.html").read()
if row(page, "head", "VMs") != ["none: bare metal"] or not row(page, "energy", "bare metal"):
    print("no bare-metal rows")
row(page, "overhead", "SVC64", "1", "bare metal")' "$tmp/native-report"
result "bare metal: traps at EL1, a bare-metal energy row, no timeline"

why=
report --compare virt.db native.db
status_is 0 && stderr_empty &&
	files "$tmp/virt-vs-native-report" overhead latency timeline modem energy mpki &&
	py "$page_py" "$tmp/virt-vs-native-report" "overhead latency timeline modem energy mpki" \
		display &&
	py "$cells_py"'
page = open(sys.argv[1] + "/index.html").read()
if row(page, "head", "") != ["virt.db", "native.db", "change"]:
    print("header", row(page, "head", ""))
a, b, change = row(page, "head", "instructions")
if change != "%+.1f%%" % (100.0 * (int(b) - int(a)) / int(a)):
    print("instructions change", a, b, change)
if open(sys.argv[1] + "/overhead.csv").readline() != "label,virt.db,native.db\n":
    print("overhead.csv: no series per run")
if "native.db: bare metal" not in open(sys.argv[1] + "/mpki.csv").read():
    print("mpki.csv: no native row")' "$tmp/virt-vs-native-report"
result "--compare: both runs in every chart, headline numbers and their change"

# ---------------------------------------------------------------- bad input

# refused PREFIX TEXT...: exit 2, one line on stderr starting with PREFIX
# and mentioning each TEXT.
refused() {
	prefix=$1
	shift
	status_is 2 && stdout_empty && one_line "$prefix" && mentions "$@"
}

why=
report virt.db
refused "phonesim: report: virt-report exists" "--force"
result "an existing report is refused without --force"

why=
echo stale >"$tmp/virt-report/old.csv"
report virt.db --force
status_is 0 && [ ! -e "$tmp/virt-report/old.csv" ] && diff -r "$tmp/again" "$tmp/virt-report" \
	>/dev/null || why=${why:-"not replaced by the same report"}
result "--force replaces an earlier report"

why=
mkdir "$tmp/notes" && echo keep >"$tmp/notes/notes.txt"
report virt.db -o notes --force
refused "phonesim: report: notes is not an earlier report" "notes.txt" &&
	[ -f "$tmp/notes/notes.txt" ] || why=${why:-"notes.txt was removed"}
rm -rf "$tmp/notes"
result "--force never replaces a directory that is not a report"

rm -rf "$tmp/virt-report" "$tmp/again" "$tmp/native-report" "$tmp/virt-vs-native-report"
why=
report missing.db
refused "phonesim: report: cannot open missing.db" "No such file" && nothing_left
result "a missing database: one line, exit 2, nothing written"

why=
echo "not a database" >"$tmp/text.db"
report text.db
refused "phonesim: report: text.db is not a phonesim trace" && nothing_left
result "a file that is not a trace: one line, exit 2, nothing written"

why=
report virt.db --colour
refused "phonesim: report: unknown option '--colour'" && nothing_left
result "an unknown option: one line, exit 2"

why=
report --compare virt.db
refused "phonesim: report: --compare expects two databases" && nothing_left
result "--compare with one database: one line, exit 2"

why=
report --compare virt.db ./virt.db
refused "phonesim: report: --compare: A and B are the same file, virt.db" && nothing_left
result "--compare of one database under two names: one line, exit 2"

why=
report virt.db -o "$(printf '%01100d' 0)"
refused "phonesim: report: -o: the directory name is too long" && nothing_left
result "an -o too long to be a directory name: one line, exit 2, not cut short"

why=
mkdir "$tmp/nogp"
ln -s "$(command -v timeout)" "$tmp/nogp/timeout"
(cd "$tmp" && PATH=$tmp/nogp timeout 60 "$PHONESIM" report virt.db) >"$out" 2>"$err"
status=$?
rm -rf "$tmp/nogp"
status_is 1 && one_line "phonesim: report: cannot run gnuplot" && nothing_left
result "gnuplot missing: one line, exit 1, nothing written"

why=
mkdir "$tmp/badgp"
cat >"$tmp/badgp/gnuplot" <<'END'
#!/bin/sh
echo '"overhead.gp" line 3: no such terminal' >&2
exit 1
END
chmod +x "$tmp/badgp/gnuplot"
(cd "$tmp" && PATH=$tmp/badgp:$PATH timeout 60 "$PHONESIM" report virt.db) >"$out" 2>"$err"
status=$?
rm -rf "$tmp/badgp"
status_is 1 && one_line "phonesim: report: gnuplot failed on overhead.gp" &&
	mentions "no such terminal" && nothing_left
result "gnuplot failing: its message in one line, exit 1, nothing written"

finish
