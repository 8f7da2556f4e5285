#!/bin/sh
# trace.sh - traces end to end: `phonesim run -o RUN.db` on programs whose
# exceptions are known, the database read back with the sqlite3 shell, and
# `phonesim trace RUN.db ...` (listings, filters, CSV, JSON, the Perfetto
# export, checked with python3's json module).
#
#   PHONESIM=.../phonesim CLI_PROGS_DIR=.../tests/cli/progs sh trace.sh
#
# The other programs come from the build tree phonesim is in (TARGET_DIR
# and UNIT_PROGS_DIR override it): tests/target/ and tests/unit/progs/.
#
# The programs: tests/target/flow-el2-el1-el0 (SVC #0x1234 from EL0 to EL1,
# HVC #0x5678 from EL1 to EL2, both returned; then SVC #0x600d to EL1 that
# ends the run and never returns), tests/target/nested (SVC #0x5a at EL1,
# and inside its handler BRK #0x77 at EL1), tests/target/semihost-el1
# (semihosting calls and no exception), tests/unit/progs/determinism
# (endless: SVCs and HVCs, stopped by --max-ns or --max-insns),
# tests/cli/progs/loop (endless `b .`, stopped by a signal). Syndromes are ARM DDI 0487's
# encodings: ESR = EC << 26 | IL (1 << 25) | ISS.
#
# Bad input (an existing database without --force, a file that is not a
# trace, a trace of another schema version, a filter that does not apply)
# must exit 2 with one line on stderr and write nothing.

. "$(dirname "$0")/lib.sh"
cli_setup trace.sh loop
builddir=$(dirname "$PHONESIM")
TARGET_DIR=${TARGET_DIR:-$builddir/tests/target}
UNIT_PROGS_DIR=${UNIT_PROGS_DIR:-$builddir/tests/unit/progs}
for tool in sqlite3 python3; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "trace.sh: no $tool (scripts/setup.sh installs it): skipped"
		exit 77
	fi
done
for prog in "$TARGET_DIR/flow-el2-el1-el0.elf" "$TARGET_DIR/nested.elf" \
	    "$TARGET_DIR/semihost-el1.elf" "$UNIT_PROGS_DIR/determinism.elf"; do
	if [ ! -f "$prog" ]; then
		echo "trace.sh: $prog is missing (make check builds it)" >&2
		exit 99
	fi
done
flow=$TARGET_DIR/flow-el2-el1-el0.elf
nested=$TARGET_DIR/nested.elf
endless=$UNIT_PROGS_DIR/determinism.elf
docs=$(dirname "$0")/../../docs/trace-schema.md

# ------------------------------------------------------------ helpers

# run ARG...: `phonesim run ARG...`; trace ARG...: `phonesim trace ARG...`.
run() {
	timeout 60 "$PHONESIM" run "$@" >"$out" 2>"$err"
	status=$?
}

trace() {
	timeout 60 "$PHONESIM" trace "$@" >"$out" 2>"$err"
	status=$?
}

# sql DB QUERY: the sqlite3 shell's output ('|' between columns).
sql() {
	sqlite3 "$1" "$2" 2>&1
}

# stdout_is EXPECTED: phonesim printed exactly EXPECTED (and a newline).
stdout_is() {
	printf '%s\n' "$1" >"$tmp/expected"
	cmp -s "$tmp/expected" "$out" && return 0
	why="stdout: got '$(tr '\n' ';' <"$out")', expected '$(tr '\n' ';' <"$tmp/expected")'"
	return 1
}

# valid_trace DB: integrity_check says ok, and the file is one file again.
valid_trace() {
	equal "integrity of $1" "$(sql "$1" 'PRAGMA integrity_check')" ok &&
	equal "journal mode of $1" "$(sql "$1" 'PRAGMA journal_mode')" delete
}

# summary_printed DB: stdout is the run summary of DB (a recorded run ends with it).
summary_printed() {
	grep -q "^(bare metal) " "$out" && [ "$(tail -n 1 "$out")" = "Trace: $1 ('phonesim report \
$1' draws it; 'phonesim trace $1 --help' queries it)" ] && return 0
	why="no run summary of $1 on stdout: $(head -n 1 "$out")"
	return 1
}

# ------------------------------------------------- known programs, traps

db=$tmp/flow.db
why=
run --bare "$flow" -o "$db"
status_is 0 && summary_printed "$db" && stderr_empty && valid_trace "$db" &&
equal "traps" "$(sql "$db" 'SELECT kind, class, ec, printf("0x%x", esr), from_el, to_el,
	return_el FROM traps ORDER BY id')" "sync|SVC64|21|0x56001234|0|1|0
sync|HVC64|22|0x5a005678|1|2|1
sync|SVC64|21|0x5600600d|0|1|" &&
equal "traps by EC" "$(sql "$db" 'SELECT ec, COUNT(*) FROM traps GROUP BY ec')" "21|2
22|1" &&
equal "run" "$(sql "$db" 'SELECT completed, outcome, exit_status, trace_level, seed, cores,
	start_el, image = '"'$flow'"' FROM run')" "1|finished|0|events|0|1|2|1"
result "flow-el2-el1-el0: 2 SVC (EC 0x15, EL0 to EL1) and 1 HVC (EC 0x16, EL1 to EL2)"

# The HVC happens inside the first SVC's handler, and returns inside it;
# the last SVC ends the run: its return columns stay NULL. A trap's pc is
# its instruction (ELR - 4 for SVC and HVC).
why=
equal "nesting" "$(sql "$db" 'SELECT s.entry_cycle < h.entry_cycle AND h.return_cycle < s.return_cycle,
	h.pc = h.elr - 4, s.insns > 0, h.cycles > 0
	FROM traps s, traps h WHERE s.id = 1 AND h.id = 2')" "1|1|1|1" &&
equal "unreturned" "$(sql "$db" 'SELECT return_cycle IS NULL, return_ns IS NULL, insns IS NULL,
	cycles IS NULL FROM traps WHERE id = 3')" "1|1|1|1" &&
equal "summary counts" "$(sql "$db" 'SELECT class, from_el, to_el, count, returned
	FROM trap_summary ORDER BY class')" "HVC64|1|2|1|1
SVC64|0|1|2|1"
result "flow-el2-el1-el0: the HVC nests in the SVC; the SVC that ends the run never returns"

ndb=$tmp/nested.db
why=
run --bare "$nested" -o "$ndb"
status_is 0 && stderr_empty && valid_trace "$ndb" &&
equal "traps" "$(sql "$ndb" 'SELECT class, printf("0x%x", esr), from_el, to_el, return_el,
	pc = elr FROM traps ORDER BY id')" "SVC64|0x5600005a|1|1|1|0
BRK64|0xf2000077|1|1|1|1" &&
equal "nesting" "$(sql "$ndb" 'SELECT s.entry_cycle < b.entry_cycle AND b.return_cycle < s.return_cycle,
	s.insns > b.insns FROM traps s, traps b WHERE s.id = 1 AND b.id = 2')" "1|1"
result "nested: BRK at EL1 inside the SVC handler at EL1, both paired with their ERET"

# semihost-el1 makes a dozen semihosting calls (HLT #0xF000) and takes no
# exception: no trap rows; what it prints is console lines.
hdb=$tmp/semihost.db
why=
run --bare "$TARGET_DIR/semihost-el1.elf" --el 1 -o "$hdb"
status_is 0 && equal "rows" "$(sql "$hdb" 'SELECT (SELECT COUNT(*) FROM traps),
	(SELECT COUNT(*) FROM trap_summary), vm IS NULL, text FROM console WHERE id = 1')" \
	"0|0|1|semihost-el1: SYS_WRITE0 works"
result "semihosting calls are not traps; the program's output is console lines"

sdb=$tmp/summary.db
why=
run --bare "$flow" -o "$sdb" --trace-level summary
status_is 0 && valid_trace "$sdb" &&
equal "tables" "$(sql "$sdb" 'SELECT (SELECT COUNT(*) FROM traps), (SELECT COUNT(*) FROM counters),
	(SELECT SUM(count) FROM trap_summary), (SELECT trace_level FROM run)')" "0|1|3|summary"
result "--trace-level summary: counts and final counters, no trap rows"

# ------------------------------------------------------------ determinism

# Two runs of the same program with the same options (in two directories,
# so the command lines are the same too) give the same database but for
# the host times. 300 us of simulated time (--max-ns) at full: counters at
# 10, 20, ..., 300 us, and the final sample, each with the detailed timing
# model's counters and the core's energy.
mkdir "$tmp/a" "$tmp/b"
why=
for d in a b; do
	(cd "$tmp/$d" && timeout 60 "$PHONESIM" run --bare "$endless" --max-ns 300000 \
		-o run.db --trace-level full >/dev/null 2>&1)
	sqlite3 "$tmp/$d/run.db" "UPDATE run SET host_start = '', host_end = ''"
	sqlite3 "$tmp/$d/run.db" .dump >"$tmp/$d/dump.sql"
done
if ! cmp -s "$tmp/a/dump.sql" "$tmp/b/dump.sql"; then
	why="the dumps differ: $(diff "$tmp/a/dump.sql" "$tmp/b/dump.sql" | head -n 3 | tr '\n' ';')"
else
	equal "rows" "$(sql "$tmp/a/run.db" 'SELECT COUNT(*) > 100, (SELECT COUNT(*) FROM counters),
		(SELECT outcome FROM run),
		(SELECT COUNT(*) FROM counters WHERE l1d_misses IS NULL OR branches IS NULL),
		(SELECT branches > 0 AND energy_fj_el0 + energy_fj_el1 + energy_fj_el2 > 0
		 FROM counters WHERE final) FROM traps')" "1|31|failed|0|1"
fi
result "the same program and options give identical rows (host times excluded)"

# ------------------------------------------------------ trace subcommand

why=
trace "$db" traps --csv
status_is 0 && stderr_empty &&
equal "columns" "$(cut -d, -f1-9 "$out")" "id,core,vm,vcpu,class,from,to,esr,pc
1,0,,,SVC64,0,1,0x56001234,$(sql "$db" 'SELECT printf("0x%x", pc) FROM traps WHERE id = 1')
2,0,,,HVC64,1,2,0x5a005678,$(sql "$db" 'SELECT printf("0x%x", pc) FROM traps WHERE id = 2')
3,0,,,SVC64,0,1,0x5600600d,$(sql "$db" 'SELECT printf("0x%x", pc) FROM traps WHERE id = 3')"
result "trace traps --csv: a header, then one line a trap"

why=
trace "$db" traps --class 0x16
status_is 0 && equal "lines" "$(sed -n '2,$p' "$out" | awk '{print $1, $5, $6, $7, $8}')" \
	"2 HVC64 1 2 0x5a005678" &&
equal "header" "$(head -n 1 "$out" | awk '{print $1, $2, $5, $8, $NF}')" "id core class esr cycles"
result "trace traps --class 0x16: an aligned table with the HVC only"

why=
trace "$db" traps --class svc64 --json
status_is 0 && equal "json" "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
print(" ".join("%d:%s:%s:%s" % (r["id"], r["class"], r["esr"], r["return_cycle"] is None) for r in rows))
' "$out")" "1:SVC64:0x56001234:False 3:SVC64:0x5600600d:True"
result "trace traps --class svc64 --json: the SVCs, NULL as null"

# --from/--to are simulated ns: [from, to) around the HVC's entry.
hvc_ns=$(sql "$db" 'SELECT entry_ns FROM traps WHERE id = 2')
why=
trace "$db" traps --from "$hvc_ns" --to $((hvc_ns + 1)) --csv
status_is 0 && equal "ids" "$(cut -d, -f1 "$out" | tr '\n' ' ')" "id 2 "
result "trace traps --from/--to: the time window holds the HVC only"

why=
trace "$db" traps --core 1 --csv
status_is 0 && stdout_is "id,core,vm,vcpu,class,from,to,esr,pc,far,entry_ns,entry_cycle,return_cycle,insns,cycles"
result "trace traps --core 1: no rows on a one-core run"

why=
trace "$db" summary --csv
status_is 0 && equal "classes" "$(cut -d, -f1-6 "$out")" "class,kind,from,to,count,returned
SVC64,sync,0,1,2,1
HVC64,sync,1,2,1,1"
result "trace summary --csv: traps by class, the costliest first"

why=
trace "$db" summary
status_is 0 && stderr_empty &&
equal "run lines" "$(grep -E '^(outcome|completed|traps) ' "$out" | tr -s ' ')" "outcome finished
completed 1
traps 3"
result "trace summary: the run, its cores, traps by class"

why=
trace "$db" summary --json
status_is 0 && equal "json" "$(python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["run"]["outcome"], len(s["cores"]), [(c["class"], c["count"]) for c in s["classes"]])
' "$out")" "finished 1 [('SVC64', 2), ('HVC64', 1)]"
result "trace summary --json: run, cores and classes"

for query in switches irqs deadlines; do
	why=
	trace "$db" $query --csv
	status_is 0 && equal "rows" "$(wc -l <"$out" | tr -d ' ')" 1
	result "trace $query: the header only on a bare-metal run without devices that use them"
done

# ----------------------------------------------------------------- export

edb=$tmp/endless.db
json=$tmp/trace.json
why=
run --bare "$endless" --max-insns 100000 -o "$edb" --trace-level full
status_is 1 && valid_trace "$edb" && trace "$edb" export --format=perfetto -o "$json" &&
status_is 0 && stdout_empty && stderr_empty &&
equal "events" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
ev = d["traceEvents"]
assert isinstance(ev, list) and ev
for e in ev:
    assert isinstance(e["ph"], str) and isinstance(e["pid"], int) and isinstance(e["tid"], int), e
    assert isinstance(e["name"], str), e
    if e["ph"] != "M":
        assert isinstance(e["ts"], (int, float)) and e["ts"] >= 0, e
    if e["ph"] == "X":
        assert e["dur"] >= 0, e
names = [e["args"]["name"] for e in ev if e["name"] == "thread_name"]
print(sum(e["ph"] == "X" for e in ev), sum(e["ph"] == "C" for e in ev) > 0, names)
' "$json" 2>&1)" "$(sql "$edb" 'SELECT CASE WHEN COUNT(*) > 0 THEN COUNT(*) ELSE -1 END FROM traps') True ['core 0']"
result "export --format=perfetto: valid JSON, a slice per trap, counter tracks, a track per core"

why=
cp "$json" "$tmp/before.json"
trace "$edb" export --format=perfetto -o "$json"
if status_is 2 && one_line "phonesim: trace: " && mentions "exists" "--force"; then
	cmp -s "$json" "$tmp/before.json" || why="the existing file changed"
fi
result "export over an existing file without --force: exit 2, the file untouched"

why=
trace "$edb" export --format=perfetto -o "$json" --force
status_is 0 && python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$json" ||
	why="${why:-not JSON after --force}"
result "export --force overwrites"

# Rows only a hypervisor and the devices' drivers make (a VM, a vCPU time
# slice, an interrupt's whole life, a frame met and one missed), added to
# a real trace with SQL, as the schema documents them.
xdb=$tmp/extra.db
cp "$edb" "$xdb"
sqlite3 "$xdb" "INSERT INTO vms VALUES (1, 'modem', 'pl011,modem');
	INSERT INTO vcpus VALUES (256, 1, 'modem.0');
	INSERT INTO switches (core, cycle, ns, from_vcpu, to_vcpu, reason)
		VALUES (0, 100, 100, NULL, 256, 'woken'), (0, 900, 900, 256, NULL, 'blocked_wfi');
	INSERT INTO irqs (intid, source, core, raised_cycle, raised_ns, delivered_cycle,
		acknowledged_cycle, completed_cycle) VALUES (27, 'generic_timer', 0, 500, 500, 520, 530, 560);
	INSERT INTO deadlines (source, frame, release_ns, deadline_ns, done_ns, missed)
		VALUES ('modem', 1, 0, 1000, 900, 0), ('modem', 2, 1000, 2000, NULL, 1);"
why=
trace "$xdb" switches --vm 1 --csv
status_is 0 && stdout_is "id,core,ns,cycle,from_vcpu,to_vcpu,reason
1,0,100,100,,256,woken"
result "trace switches --vm 1: the switch to that VM's vCPU"

why=
trace "$xdb" irqs --core 0 --csv
status_is 0 && stdout_is "id,intid,source,core,raised_ns,raised_cycle,delivered_cycle,acknowledged_cycle,completed_cycle
1,27,generic_timer,0,500,500,520,530,560"
result "trace irqs: raised, delivered, acknowledged, completed"

why=
trace "$xdb" deadlines --from 1us --csv
status_is 0 && stdout_is "id,source,frame,release_ns,deadline_ns,done_ns,missed
2,modem,2,1000,2000,,1"
result "trace deadlines --from 1us: the missed frame, never done"

why=
trace "$xdb" export --format=perfetto -o "$tmp/extra.json"
status_is 0 && equal "events" "$(python3 -c '
import json, sys
ev = json.load(open(sys.argv[1]))["traceEvents"]
def find(ph, name):
    return [(e["tid"], e["ts"], e.get("dur")) for e in ev if e["ph"] == ph and e["name"] == name]
tracks = sorted(e["args"]["name"] for e in ev if e["name"] == "thread_name")
print(find("X", "modem vCPU modem.0"), find("i", "IRQ 27"), find("X", "frame 2 missed"), tracks)
' "$tmp/extra.json" 2>&1)" "[(101, 0.1, 0.8)] [(1, 0.5, None)] [(1001, 1.0, 1.0)] ['core 0', 'core 0 vCPUs', 'deadlines: modem']"
result "export: a vCPU track with the VM's time slice, an instant per interrupt, a track of frames"

# ------------------------------------------------ interrupted runs

# SIGINT or SIGTERM: the run stops at the next turn, closes the database
# (valid, one file, marked interrupted and incomplete) and exits 1.
for sig in INT TERM; do
	idb=$tmp/int-$sig.db
	why=
	"$PHONESIM" run --bare "$CLI_PROGS_DIR/loop.elf" -o "$idb" --trace-level full \
		--counter-period-us 100 >"$out" 2>"$err" &
	pid=$!
	n=0
	while [ "$n" -lt 200 ]; do
		# -readonly: the shell must not create the file before phonesim does.
		[ -f "$idb" ] && [ "$(sqlite3 -readonly "$idb" \
			'SELECT COUNT(*) >= 3 FROM counters' 2>/dev/null)" = 1 ] && break
		sleep 0.05
		n=$((n + 1))
	done
	kill -$sig $pid
	wait $pid
	status=$?
	status_is 1 && summary_printed "$idb" &&
	one_line "phonesim: run interrupted by SIG$sig after " &&
	mentions "instructions; the trace is marked incomplete" && valid_trace "$idb" &&
	equal "run" "$(sql "$idb" 'SELECT completed, outcome, exit_status, host_end IS NOT NULL,
		(SELECT COUNT(*) >= 3 FROM counters), (SELECT COUNT(*) FROM counters WHERE final)
		FROM run')" "0|interrupted|1|1|1|1"
	result "SIG$sig: exit 1, one line, a valid trace marked interrupted"
done

# ---------------------------------------------------------- bad input

echo "not a trace" >"$tmp/text.db"
cp "$db" "$tmp/flow-before.db"
run --bare "$flow" -o "$db"
bad "run -o over an existing database" "run: $db exists (use --force to overwrite it)"
why=
cmp -s "$db" "$tmp/flow-before.db" || why="the database changed"
result "run -o over an existing database leaves it untouched"

why=
run --bare "$nested" -o "$db" --force
status_is 0 && equal "traps" "$(sql "$db" 'SELECT GROUP_CONCAT(class) FROM traps')" "SVC64,BRK64"
result "run -o --force overwrites the database"

# --force replaces regular files only: never a device node, a FIFO or a
# directory, and never the trace an export reads.
mkfifo "$tmp/fifo"
run --bare "$flow" -o "$tmp/fifo" --force
bad "run -o --force on a FIFO" "run: -o: $tmp/fifo is not a regular file (--force replaces files only)"
why=
[ -p "$tmp/fifo" ] || why="the FIFO was removed"
result "run -o --force on a FIFO leaves it in place"

cp "$db" "$tmp/db-before.db"
trace "$db" export --format=perfetto -o "$db" --force
bad "export -o the trace it reads" "trace: -o: $db is the input"
why=
cmp -s "$db" "$tmp/db-before.db" || why="the trace changed"
result "export -o the trace it reads leaves the trace untouched"

echo keep >"$tmp/keep.dtb"
run --bare "$flow" --dtb-out "$tmp/keep.dtb"
bad "run --dtb-out over an existing file" "run: $tmp/keep.dtb exists (use --force to overwrite it)"
why=
[ "$(cat "$tmp/keep.dtb")" = keep ] || why="the file changed"
result "run --dtb-out over an existing file leaves it untouched"

run --bare "$TARGET_DIR/missing.elf" -o "$tmp/none.db"
bad "run -o with a missing image" "missing.elf"
why=
[ ! -e "$tmp/none.db" ] || why="$tmp/none.db was created"
result "run -o with a missing image creates no database"

run --bare "$flow" -o "$tmp/no/such/dir.db"
bad "run -o in a directory that does not exist" "cannot create $tmp/no/such/dir.db"

run --bare "$flow" --trace-level events
bad "run --trace-level without -o" "run: --trace-level events needs -o RUN.db"

run --bare "$flow" -o "$tmp/x.db" --trace-level verbose
bad "run --trace-level unknown" "'verbose' is not off, summary, events or full"

trace "$tmp/text.db" summary
bad "trace of a file that is not a database" "trace: $tmp/text.db is not a phonesim trace (not an SQLite database)"

sqlite3 "$tmp/other.db" "CREATE TABLE t (x)"
trace "$tmp/other.db" traps
bad "trace of an SQLite database that is not a trace" "is not a phonesim trace (no phonesim meta table)"

cp "$ndb" "$tmp/v99.db"
sqlite3 "$tmp/v99.db" "PRAGMA user_version = 99"
trace "$tmp/v99.db" summary
bad "trace of a database of another schema version" \
	"trace: $tmp/v99.db has trace schema version 99; this phonesim reads version 2"

trace "$tmp/absent.db" summary
bad "trace of a missing file" "cannot open $tmp/absent.db: No such file or directory"

trace "$ndb" everything
bad "trace with an unknown query" "unknown query 'everything'"

trace "$ndb" deadlines --vm 1
bad "a filter a listing has no column for" "trace: deadlines: --vm does not apply to deadlines"

trace "$ndb" traps --class WFZ
bad "an unknown exception class" "'WFZ' is not an exception class"

trace "$sdb" summary --from 10us
bad "a time filter on a summary-level trace" "need a trace recorded at --trace-level events"

trace "$ndb" export -o "$tmp/e.json"
bad "export without --format" "export needs --format=perfetto"

# ------------------------------------------------- the documented queries

# Every query of docs/trace-schema.md (its fenced sql blocks) runs on the
# trace with the added rows; the per-VM share finds the modem's 800 ns.
why=
awk '/^```sql/ {on = 1; next} /^```/ {on = 0} on' "$docs" >"$tmp/doc.sql"
if [ ! -s "$tmp/doc.sql" ]; then
	why="no sql blocks in $docs"
elif ! sqlite3 -bail "$xdb" <"$tmp/doc.sql" >"$out" 2>"$err"; then
	why="a documented query fails: $(head -n 1 "$err")"
else
	grep -q '^modem|800|' "$out" || why="no 'modem|800|' line in: $(tr '\n' ';' <"$out")"
fi
result "the example queries of docs/trace-schema.md run"

finish
