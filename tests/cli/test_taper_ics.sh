#!/usr/bin/env bash
# cnsim taper --ics: the calendar is valid RFC 5545 (iCalendar). Checked by
# Debian's python3-icalendar parser and by the rules it is lenient about:
# CRLF line ends, content lines of at most 75 octets (folded with CRLF and
# a space, never inside a UTF-8 sequence), TEXT values with ';', ',' and
# '\' escaped (section 3.3.11), and the required properties of each event.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

for m in proportional diazepam-crossover; do
  "$CN" taper --drug clonazepam --from "1 mg bid" --method $m --ics "$T/$m.ics" --start-date 2027-01-04 --format json \
    --out "$T/$m.json" 2>/dev/null
  check "$m: calendar written" '[ -s "$T/$m.ics" ]'
  check "$m: valid iCalendar with one event per step, descriptions unescaped back to the plan's words" \
    '/usr/bin/python3 - "$T/$m.ics" "$T/$m.json" <<PY
import json, sys
from icalendar import Calendar
raw = open(sys.argv[1], "rb").read()
plan = json.load(open(sys.argv[2]))
lines = raw.split(b"\r\n")
assert lines[-1] == b"", "ends with CRLF"
assert b"\n" not in b"".join(lines), "every line ends with CRLF"
for l in lines:
    assert len(l) <= 75, ("longer than 75 octets", l)
    l.decode("utf-8")                      # no UTF-8 sequence cut by a fold
unfolded = raw.replace(b"\r\n ", b"").decode()
for l in unfolded.split("\r\n"):
    if l.startswith(("DESCRIPTION:", "SUMMARY:")):
        v = l.split(":", 1)[1]
        i = 0
        while i < len(v):                  # ; and , only escaped
            if v[i] == "\\\\":
                assert v[i + 1] in "\\\\;,nN", ("bad escape", l)
                i += 2
                continue
            assert v[i] not in ";,", ("unescaped", l)
            i += 1
cal = Calendar.from_ical(raw)
ev = [c for c in cal.walk() if c.name == "VEVENT"]
assert cal["VERSION"] == "2.0" and cal["PRODID"]
steps = plan["schedule"] if "schedule" in plan else plan["steps"]
assert len(ev) == len(steps), (len(ev), len(steps))
for e, s in zip(ev, steps):
    for k in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION"):
        assert k in e, k
    assert str(e["DESCRIPTION"]).startswith(s["tablets"]), (str(e["DESCRIPTION"]), s["tablets"])
assert str(ev[0].decoded("DTSTART")) == "2027-01-04"
assert len({str(e["UID"]) for e in ev}) == len(ev)
PY'
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
