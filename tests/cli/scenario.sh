#!/bin/sh
# scenario.sh - scenario files end to end (docs/scenarios.md): `phonesim
# validate` and `phonesim run SCENARIO.yaml` on a bare-metal program and on
# the hypervisor with two test guests, command-line overrides, -o and
# --force, and refusals that name FILE:LINE:COLUMN and write nothing.
# Also validates the sample scenarios of scenarios/, from a copy whose
# tests/ is the build's (their paths are relative to the file).

. "$(dirname "$0")/lib.sh"
cli_setup scenario.sh dtb-x0 loop
src=$(cd "$(dirname "$0")/../.." && pwd)
HYP_DIR=${HYP_DIR:-$(dirname "$PHONESIM")}
G=$HYP_DIR/tests/hyp

sim() {
	timeout 60 "$PHONESIM" "$@" >"$out" 2>"$err"
	status=$?
}

# scenario NAME TEXT: writes $tmp/NAME.yaml.
scenario() {
	printf '%s\n' "$2" >"$tmp/$1.yaml"
}

# out_has LINE: a whole line of stdout.
out_has() {
	grep -qxF -- "$1" "$out" && return 0
	why="no line '$1' in: $(tr '\n' '|' <"$out")"
	return 1
}

scenario bare "bare:
  image: $CLI_PROGS_DIR/dtb-x0.elf
  dtb: true
soc:
  timing: functional
run:
  max_insns: 1000000"
scenario loop "bare:
  image: $CLI_PROGS_DIR/loop.elf
run:
  max_insns: 1000"
scenario hyp "soc:
  timing: functional
hypervisor:
  image: $HYP_DIR/hyp/phonesim-hyp.elf
vms:
  - name: alpha
    image: $G/hello-vm0.elf
    base: 0x48000000
    mem: 16
    devices: [pl011]
  - name: beta
    image: $G/hello-vm1.elf
    base: 0x49000000
    mem: 16
    devices: [pl011]
run:
  max_time: 10s"
scenario bad "vms:
  - name: alpha
    image: $G/hello-vm0.elf
    base: 0x48000000
    mem: 16
  - name: beta
    image: $G/hello-vm1.elf
    base: 0x48000000
    mem: 16
run:
  trace: events
  output: bad.db"

why=
sim validate "$tmp/bare.yaml"
status_is 0 && stderr_empty && out_has "$tmp/bare.yaml: ok: bare-metal run of $CLI_PROGS_DIR/dtb-x0.elf at EL2; small SoC, 1 core, 512 MiB RAM, functional timing"
result "validate: a bare-metal scenario is ok, described in one line"

why=
sim run "$tmp/bare.yaml"
status_is 0
result "run: a bare-metal scenario with dtb: true passes X0 = the device tree"

why=
sim run "$tmp/loop.yaml"
status_is 1 && one_line "phonesim: " && mentions "1000 instructions"
result "run: the scenario's max_insns stops a runaway program"

why=
sim run "$tmp/loop.yaml" --max-insns 2000
status_is 1 && one_line "phonesim: " && mentions "2000 instructions"
result "run: --max-insns on the command line overrides the scenario's"

why=
sim run "$tmp/hyp.yaml"
status_is 0 && out_has "[alpha] hello from VM 0 through the PL011" &&
	out_has "[beta] hello from VM 1 through the PL011" &&
	out_has "[hyp] all VMs ended: exit status 0"
result "run: a hypervisor scenario boots two VMs"

why=
sim validate "$tmp/hyp.yaml"
status_is 0 && out_has "$tmp/hyp.yaml: ok: hypervisor run, 2 VMs (alpha, beta), 0 shared regions, 0 queues; small SoC, 1 core, 512 MiB RAM, functional timing"
result "validate: a hypervisor scenario is ok"

why=
sim run "$tmp/hyp.yaml" --vm name=x,image=y
status_is 2 && one_line "phonesim: run: --vm: the scenario file says what runs"
result "run: --vm is refused with a scenario"

why=
: >"$tmp/run.db"
sim run "$tmp/bare.yaml" -o "$tmp/run.db"
status_is 2 && one_line "phonesim: run: $tmp/run.db exists (use --force"
result "run: -o onto an existing file needs --force"

why=
sim run "$tmp/bare.yaml" -o "$tmp/run.db" --force
status_is 0 && [ -s "$tmp/run.db" ] || why=${why:-"no database written"}
result "run: -o with --force records the scenario run"

why=
sim run "$tmp/bad.yaml"
status_is 2 && one_line "$tmp/bad.yaml:6:5: vms[1]: its partition [0x48000000, 0x49000000) overlaps VM alpha's partition" &&
	{ [ ! -e "$tmp/bad.db" ] || why="bad.db was written"; }
result "run: a bad scenario is refused at its line, and writes no database"

why=
sim validate "$tmp/bad.yaml"
status_is 2 && one_line "$tmp/bad.yaml:6:5: vms[1]: " && stdout_empty
result "validate: the same refusal"

why=
printf 'a: &x [1]\nb: *x\n' >"$tmp/alias.yaml"
sim validate "$tmp/alias.yaml"
status_is 2 && one_line "$tmp/alias.yaml:2:4: an alias (*name): scenarios take none"
result "validate: aliases are refused"

why=
sim validate --help
status_is 0 && stderr_empty && grep -q "Usage: phonesim validate SCENARIO.yaml" "$out" ||
	why=${why:-"no usage"}
result "validate --help"

# The SoC's overrides of its preset: clocks per cluster, caches, DRAM.
scenario soc "soc:
  preset: phone
  cores: 1
  little: {mhz: 1200}
  memory: {l1d_kib: 64, l2_kib: 256, slc_kib: 0, dram_latency_ns: 80, dram_gbps: 25}
bare:
  image: $CLI_PROGS_DIR/loop.elf
run:
  max_insns: 20000"
why=
sim run "$tmp/soc.yaml" --json
status_is 1 && python3 -c '
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert d["cores"][0]["freq_hz"] == 1200000000, d["cores"][0]["freq_hz"]
' "$out" 2>"$tmp/py" || why=${why:-"$(tail -n 1 "$tmp/py")"}
result "soc: little.mhz clocks the LITTLE cores; memory overrides are taken"

sed 's/l2_kib: 256/l2_kib: 300/' "$tmp/soc.yaml" >"$tmp/soc-l2.yaml"
why=
sim validate "$tmp/soc-l2.yaml"
status_is 2 && one_line "$tmp/soc-l2.yaml:5:33: soc.memory.l2_kib: 300 KiB is not a power of two"
result "soc: a cache size that is not a power of two is refused at its value"

sed 's/little: {mhz: 1200}/big: {mhz: 2000}/' "$tmp/soc.yaml" >"$tmp/soc-big.yaml"
why=
sim validate "$tmp/soc-big.yaml"
status_is 2 && one_line "$tmp/soc-big.yaml:4:14: soc.big.mhz: the phone preset has no big cores"
result "soc: a big cluster's clock on a run with no big core is refused"

# The samples, from a copy beside the build's tests/.
mkdir "$tmp/samples" && cp -r "$src/scenarios" "$tmp/samples/" &&
	ln -s "$HYP_DIR/tests" "$tmp/samples/tests"
for f in "$tmp"/samples/scenarios/*.yaml; do
	why=
	sim validate "$f"
	status_is 0 && stderr_empty
	result "validate: sample $(basename "$f")"
done

finish
