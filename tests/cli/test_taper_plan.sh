#!/usr/bin/env bash
# cnsim taper as a pharmacy and a patient use it (issue 14): formulations,
# per-dose products and what to dispense in JSON, SSRI tapers with the
# discontinuation index per day, the printable HTML plan (checked by an
# HTML5 parser in strict mode), --times and the dose-effect figure.
set -u
CN=$(realpath "${1:-build/cnsim}")
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

# Acceptance: clonazepam 1 mg bid, proportional, liquid.
"$CN" taper --drug clonazepam --from "1 mg bid" --method proportional --formulation liquid --format json --out "$T/p.json"
check "proportional liquid: 25% windows, shrinking steps, final <= 1/10, doses and dispense named" '/usr/bin/python3 - "$T/p.json" <<PY
import json, sys
j = json.load(open(sys.argv[1]))
start = j["from_dose_mg"] * j["administrations_per_day"]
s = j["schedule"]
def dose(t):
    v = start
    for r in s:
        if r["day"] <= t + 1e-9: v = r["daily_dose_mg"]
    return v
end = s[-1]["day"]
for t in range(0, int(end) + 1):
    assert dose(t - 1) - dose(t + 13) <= 0.25 * start + 1e-9, t
steps = [r["step_mg"] for r in s]
assert all(b <= a + 1e-9 for a, b in zip(steps, steps[1:])), steps
assert s[-1]["daily_dose_mg"] == 0 and 0 < j["final_daily_mg"] <= start / 10
assert j["formulation"] == "liquid" and j["times"] == "08:00,20:00"
for r in s[:-1]:
    assert r["doses"] and all(set(d) >= {"time", "amount_mg", "product", "measure"} for d in r["doses"])
    assert abs(sum(d["amount_mg"] for d in r["doses"]) - r["daily_dose_mg"]) < 1e-9
    for d in r["doses"]:
        assert d["unit"] == "mL" and "oral syringe" in d["measure"], d
        step = 0.01 if "1 mL oral syringe" in d["measure"] else 0.1
        assert abs(d["units"] / step - round(d["units"] / step)) < 1e-6, d
disp = j["dispense"]
assert len(disp) == 1 and disp[0]["product"].startswith("0.1 mg/mL oral suspension")
assert disp[0]["strength"] == 0.1 and disp[0]["unit"] == "mL" and disp[0]["quantity"] > 0
assert disp[0]["beyond_use_days"] == 60
PY'

# Acceptance: sertraline 100 mg qd, hyperbolic, liquid: below 5 mg/day before the stop, index per day.
"$CN" taper --drug sertraline --from "100 mg qd" --method hyperbolic --formulation liquid --format csv --out "$T/s.csv" 2>/dev/null
"$CN" taper --drug sertraline --from "100 mg qd" --method hyperbolic --formulation liquid --format json --out "$T/s.json"
check "sertraline: ends below 5 mg/day, equal occupancy steps, discontinuation index per day in CSV and JSON" '/usr/bin/python3 - "$T/s.json" "$T/s.csv" <<PY
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert 0 < j["final_daily_mg"] < 5 and j["schedule"][-1]["daily_dose_mg"] == 0
assert j["effect"]["name"] == "sert_occupancy" and 0.03 < j["effect"]["step"] <= 0.05
assert j["index"] == "ssri_discontinuation_index"
assert "ssri_discontinuation_index_max" in rows[0] and "sert_occupancy_frac_mean" in rows[0]
peak = max(float(r["ssri_discontinuation_index_max"]) for r in rows)
assert abs(peak - j["peak_discontinuation_index"]) < 1e-5
assert peak < j["abrupt_peak_withdrawal_index"], (peak, j["abrupt_peak_withdrawal_index"])
eff = [r["effect"] for r in j["schedule"]]
d = [a - b for a, b in zip(eff, eff[1:])][:-1]
assert max(d) / min(d) <= 1.5, d
PY'

# Every SSRI and formulation the registry has; strips only where a strip exists.
for d in "escitalopram:10" "citalopram:20" "paroxetine:20" "fluoxetine:20"; do
  for f in tablets liquid auto; do
    "$CN" taper --drug "${d%%:*}" --from "${d#*:} mg qd" --method proportional --formulation $f --format json --out "$T/x.json"
    check "${d%%:*} $f: a schedule to zero of the registry's products" '/usr/bin/python3 -c "
import json; j = json.load(open(\"$T/x.json\")); s = j[\"schedule\"]
assert s[-1][\"daily_dose_mg\"] == 0 and j[\"formulation\"] in (\"tablets\", \"liquid\")
assert \"$f\" == \"auto\" or j[\"formulation\"] == \"$f\"
assert all(r[\"doses\"] for r in s[:-1])"'
  done
done
"$CN" taper --drug paroxetine --from "20 mg qd" --method hyperbolic --formulation strips --format json --out "$T/st.json"
check "paroxetine strips: daily pouches, dispensed as strips" '/usr/bin/python3 -c "
import json; j = json.load(open(\"$T/st.json\")); s = j[\"schedule\"]
assert j[\"formulation\"] == \"strips\" and len(s) > 30
assert j[\"dispense\"][0][\"unit\"] == \"strip\"
assert all(d[\"measure\"] == \"1 pouch\" for r in s[:-1] for d in r[\"doses\"])"'
rc=0; "$CN" taper --drug sertraline --from "50 mg qd" --formulation strips 2> "$T/e" || rc=$?
check "strips without a strip product: exit 2 naming what the drug has" '[ $rc -eq 2 ] && grep -q "it has: tablets, liquid" "$T/e"'
rc=0; "$CN" taper --from "1 mg bid" --formulation powder 2> "$T/e" || rc=$?
check "unknown formulation: exit 2 listing them" '[ $rc -eq 2 ] && grep -q "tablets, odt, liquid, compounded, strips or auto" "$T/e"'

# --times: the clock of the doses; a count that does not match is refused.
"$CN" taper --from "1 mg bid" --times 07:00,19:30 --format json --out "$T/t.json"
check "--times moves the doses" '/usr/bin/python3 -c "
import json; j = json.load(open(\"$T/t.json\"))
assert j[\"times\"] == \"07:00,19:30\"
assert [d[\"time\"] for d in j[\"schedule\"][0][\"doses\"]][:1] == [\"07:00\"]
assert \"19:30\" in [d[\"time\"] for d in j[\"schedule\"][0][\"doses\"]]"'
rc=0; "$CN" taper --from "1 mg bid" --times 08:00 2> "$T/e" || rc=$?
check "--times with one time for bid: exit 2 naming --times" '[ $rc -eq 2 ] && grep -q -- "--times" "$T/e" && grep -q "expected 2" "$T/e"'
rc=0; "$CN" taper --from "1 mg bid" --times 08:00,25:00 2> /dev/null || rc=$?
check "--times 25:00: exit 2" '[ $rc -eq 2 ]'
rc=0; "$CN" taper --from "1 mg bid" --method proportional --effect-step 0.05 2> "$T/e" || rc=$?
check "--effect-step without hyperbolic: exit 2" '[ $rc -eq 2 ] && grep -q "applies to --method hyperbolic" "$T/e"'

# The printable plan: a valid HTML5 document with every section.
"$CN" taper --drug clonazepam --from "1 mg bid" --method hyperbolic --formulation liquid --format html --out "$T/p.html" \
  --start-date 2027-01-04
check "html plan is valid HTML5 (strict parser and tidy)" '/usr/bin/python3 "$HERE/validate_html.py" "$T/p.html" > "$T/v" 2>&1'
check "html plan has the schedule, dispensing, calendar, diary, figure and the disclaimer once" '/usr/bin/python3 - "$T/p.html" <<PY
import sys
t = open(sys.argv[1]).read()
assert t.count("not medical advice") == 1
for w in ("Schedule", "Dispens", "Calendar", "CIWA-B", "<svg", "2027-01-04", "oral suspension", "Beyond use"):
    assert w in t, w
PY'
"$CN" taper --drug paroxetine --from "20 mg qd" --method hyperbolic --format html --out "$T/x.html"
check "SSRI html plan: valid, DESS diary" '/usr/bin/python3 "$HERE/validate_html.py" "$T/x.html" > "$T/v" 2>&1 && grep -q "DESS" "$T/x.html"'

# The figures: doses and effects over time, and the dose-effect curve.
"$CN" taper --from "1 mg bid" --method hyperbolic --plot "$T/a.svg" --plot-curve "$T/c.svg" > /dev/null
check "--plot and --plot-curve write SVG figures" 'grep -q "<svg" "$T/a.svg" && grep -q "<svg" "$T/c.svg"'

# Label maxima apply to --from.
rc=0; "$CN" taper --drug sertraline --from "150 mg bid" 2> "$T/e" || rc=$?
check "sertraline above its labelled maximum: exit 2 naming it" '[ $rc -eq 2 ] && grep -q "labelled maximum, 200 mg/day" "$T/e"'

# Every warning simulate raises on the same doses applies to the plan:
# a two-week linear "taper" of paroxetine ends with a stop from 15 mg/day.
"$CN" taper --drug paroxetine --from "40 mg qd" --method linear --max-weeks 2 --interval-days 7 --formulation tablets \
  --format json --out "$T/w.json"
check "simulate's stop warning and the occupancy pace both flag a fast SSRI taper" '/usr/bin/python3 -c "
import json; j = json.load(open(\"$T/w.json\")); codes = [w[\"code\"] for w in j[\"warnings\"]]
assert \"ssri_abrupt_stop\" in codes and \"ssri_step_above_occupancy_pace\" in codes, codes"'

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
