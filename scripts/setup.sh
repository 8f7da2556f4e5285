#!/bin/sh
# setup.sh - installs what phonesim needs on Debian 12 (bookworm): the
# host libraries, the AArch64 target toolchain, the build tools, QEMU
# (the reference the target tests are checked against), the sqlite3
# shell and python3 the trace tests read databases and JSON with, and
# groff-base, which renders the manual page (tests/cli/manpage.sh).
# Idempotent, and quiet when everything is already there.
set -eu

packages="build-essential autoconf automake libtool pkg-config
	libunicorn-dev libcapstone-dev libsqlite3-dev libyaml-dev check
	clang lld llvm qemu-system-arm gnuplot-nox valgrind device-tree-compiler
	sqlite3 python3 groff-base"

missing=""
for p in $packages; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "setup: installing:$missing"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
