#!/bin/sh
# footprint.sh MAP - the hypervisor's footprint from ld.lld's map file:
# the sizes of its output sections .text, .rodata, .data (what the image
# carries) and .bss (zeroed at load: stacks, tables, VM state), in bytes.
# Prints one line: "hyp: IMAGE: text N, rodata N, data N: footprint N bytes (bss N)".
map=$1
sizes=$(awk '$5 == ".text" || $5 == ".rodata" || $5 == ".data" || $5 == ".bss" { print $5, $3 }' "$map")
# A section the image does not have counts 0.
get() { printf '%d' "0x$(echo "$sizes" | awk -v s="$1" '$1 == s { v = $2 } END { print v ? v : 0 }')"; }
text=$(get .text); rodata=$(get .rodata); data=$(get .data); bss=$(get .bss)
echo "hyp: ${map%.map}: text $text, rodata $rodata, data $data: footprint $((text + rodata + data)) bytes (bss $bss)"
