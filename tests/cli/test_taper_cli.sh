#!/usr/bin/env bash
# cnsim taper from the command line: the figure, the calendar, bad input.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

"$CN" taper --drug clonazepam --from "1 mg bid" --method proportional --plot "$T/t.png" --ics "$T/t.ics" > "$T/t.txt"
check "plot is a PNG" '[ "$(head -c 4 "$T/t.png" | od -An -c | tr -d " ")" = "211PNG" ]'
check "calendar has events" 'grep -q "BEGIN:VEVENT" "$T/t.ics" && grep -q "END:VCALENDAR" "$T/t.ics"'
check "first line says not medical advice" 'head -1 "$T/t.txt" | grep -qi "not medical advice"'
rc=0; "$CN" taper --drug clonazepam --from "1 mg bid" --plot "$T/t.bmp" 2>/dev/null || rc=$?
check "unknown picture extension: exit 2" '[ $rc -eq 2 ] && [ ! -e "$T/t.bmp" ]'
rc=0; "$CN" taper --drug clonazepam --from "1 mg bid" --method nosuchmethod 2>/dev/null || rc=$?
check "unknown method: exit 2" '[ $rc -eq 2 ]'
echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
