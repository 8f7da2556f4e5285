#!/bin/sh
# manpage.sh - man/phonesim.1: renders without a warning (groff -man -ww,
# when groff is installed: scripts/setup.sh installs groff-base), has the
# sections a manual page has, in order, and describes every command
# `phonesim --help` lists, so that a new command cannot go without it.
#
#   PHONESIM=.../phonesim sh manpage.sh

. "$(dirname "$0")/lib.sh"
test_setup manpage.sh PHONESIM
page=$(cd "$(dirname "$0")/../../man" && pwd)/phonesim.1

why=
if command -v groff >/dev/null 2>&1; then
	groff -man -Tutf8 -ww "$page" >"$out" 2>"$err"
	status=$?
	status_is 0 && stderr_empty && grep -q "phonesim sweep" "$out" ||
		why=${why:-"the rendered page has no 'phonesim sweep'"}
	result "groff -man -ww: renders without a warning"
else
	echo "# no groff: the page's structure alone is checked"
fi

why=
# The section headers, in order, then the structure groff would complain of.
sections=$(sed -n 's/^\.SH "*\([^"]*\)"*$/\1/p' "$page" | tr '\n' '|')
[ "$sections" = "NAME|SYNOPSIS|DESCRIPTION|COMMANDS|FILES|EXIT STATUS|EXAMPLES|SEE ALSO|" ] ||
	why="sections: $sections"
[ -n "$why" ] || [ "$(sed -n '/^\.TH /=' "$page" | head -n 1)" -lt \
	"$(sed -n '/^\.SH /=' "$page" | head -n 1)" ] || why="no .TH before the first .SH"
[ -n "$why" ] || [ "$(grep -c '^\.EX' "$page")" -eq "$(grep -c '^\.EE' "$page")" ] ||
	why="unbalanced .EX/.EE"
# A line starting with an apostrophe is a control line; '-' not escaped
# is a hyphen, not a minus: options must be written \-.
[ -n "$why" ] || ! grep -n "^'" "$page" | grep -v "^[0-9]*:'\\\\\"" >"$tmp/bad" ||
	why="control line: $(head -n 1 "$tmp/bad")"
[ -n "$why" ] || ! grep -v '^\.\\"' "$page" | grep -n -- '\(^\|[ [|(]\)--*[a-z]' >"$tmp/bad" ||
	why="unescaped option dash: $(head -n 1 "$tmp/bad")"
result "the sections of a manual page, in order; options written \\-"

why=
"$PHONESIM" --help >"$out" 2>"$err"
status=$?
status_is 0
commands=$(sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' "$out")
[ -n "$why" ] || [ -n "$commands" ] || why="no commands in 'phonesim --help'"
for c in $commands; do
	[ -z "$why" ] || break
	sed -n '/^\.SH COMMANDS/,/^\.SH /p' "$page" | grep -q "^\\\\fB$c\\\\fP" ||
		why="COMMANDS does not describe '$c'"
	sed -n '/^\.SH SYNOPSIS/,/^\.SH /p' "$page" | grep -q "^\.B phonesim $c\\( \\|\$\\)" ||
		why=${why:-"SYNOPSIS does not show '$c'"}
	"$PHONESIM" "$c" --help >"$out" 2>"$err"
	status=$?
	[ -n "$why" ] || status_is 0
done
result "every command of 'phonesim --help' in SYNOPSIS and COMMANDS: $(echo $commands)"

finish
