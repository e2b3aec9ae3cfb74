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

# CSV: one header line, the drug named in the columns, the original names kept, JSON days = CSV
"$CN" taper --from "1 mg bid" --method diazepam-crossover --format csv --out "$T/x.csv" 2> "$T/x.err"
check "csv: the first line is the header (no comment line)" 'head -1 "$T/x.csv" | grep -q "^day,"'
check "csv: the disclaimer goes to standard error" 'grep -qi "not medical advice" "$T/x.err" && ! grep -q "^#" "$T/x.csv"'
check "csv: columns named after the drugs, old names kept" 'h=$(head -1 "$T/x.csv"); for c in day daily_dose_mg second_drug_daily_mg conc_ng_mL occupancy withdrawal_index clonazepam_daily_mg diazepam_daily_mg clonazepam_ng_mL_mean gabaa_bzd_occupancy_frac_mean withdrawal_index_max; do echo ",$h," | grep -q ",$c," || exit 1; done'
check "csv: diazepam_daily_mg is second_drug_daily_mg" '/usr/bin/python3 -c "
import csv
rows = list(csv.DictReader(open(\"$T/x.csv\")))
assert rows and all(r[\"diazepam_daily_mg\"] == r[\"second_drug_daily_mg\"] for r in rows)
assert any(float(r[\"diazepam_daily_mg\"]) > 0 for r in rows)"'
"$CN" taper --from "1 mg bid" --method diazepam-crossover --format json --out "$T/x.json"
check "json days have exactly the CSV columns, same values" '/usr/bin/python3 -c "
import csv, json
rows = list(csv.DictReader(open(\"$T/x.csv\")))
days = json.load(open(\"$T/x.json\"))[\"days\"]
assert len(days) == len(rows)
for d, r in zip(days, rows):
    assert list(d.keys()) == list(r.keys()), (list(d.keys()), list(r.keys()))
    for k in r:
        assert abs(float(r[k]) - d[k]) <= 1e-5 * max(1, abs(d[k])), k
"'
"$CN" taper --from "1 mg bid" --format csv 2>/dev/null | head -1 > "$T/one.txt"
check "csv of a one-drug plan names that drug only" 'grep -q ",clonazepam_daily_mg," "$T/one.txt" && ! grep -q "diazepam_daily_mg" "$T/one.txt"'
"$CN" taper --help > "$T/help.txt"
check "--help documents --plot" 'grep -q -- "--plot FILE" "$T/help.txt" && grep -q "cnsim taper.*--plot" "$T/help.txt"'

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
