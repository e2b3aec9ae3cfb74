#!/usr/bin/env bash
# cnsim simulate and demo from the command line: outputs, formats, bad
# input (exit 2, a message naming the field, no output file).
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# --- outputs ---
"$CN" simulate --drug clonazepam --regimen "0.5 mg q12h for 7 d" --until 8d --every 1h --format csv --out "$T/a.csv"
check "csv written" '[ -s "$T/a.csv" ]'
check "csv header" 'head -1 "$T/a.csv" | grep -q "^id,time_h,clonazepam_ng_mL,7-aminoclonazepam_ng_mL,"'
check "csv rows" '[ "$(wc -l < "$T/a.csv")" -eq 194 ]'
check "no temp file left" '[ "$(ls "$T" | wc -l)" -eq 1 ]'

"$CN" simulate --drug Klonopin --regimen "0.5 mg bid for 2 d" --drug Zoloft --regimen "50 mg qd for 2 d" --until 3d --format json --out "$T/b.json"
check "json parses with subjects and summary" '/usr/bin/python3 -c "import json,sys; d=json.load(open(\"$T/b.json\")); assert d[\"subjects\"][0][\"clonazepam_ng_mL\"] and d[\"summary\"] and d[\"manifest\"][\"solver\"]"'

out=$("$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 28 d")
check "text summary names the drug and metabolite" 'echo "$out" | grep -q "^clonazepam" && echo "$out" | grep -q "^7-aminoclonazepam"'
check "text summary says it is not for prescribing" 'echo "$out" | grep -q "not a prescribing tool"'

# Two drugs forming the same species (nordiazepam from diazepam and from
# chlordiazepoxide): each column named after its drug, none twice.
"$CN" simulate --drug diazepam --regimen "5 mg bid for 2 d" --drug chlordiazepoxide --regimen "10 mg tid for 2 d" \
  --until 3d --format csv --out "$T/dc.csv" 2>/dev/null
check "shared species: unique columns" '[ -z "$(head -1 "$T/dc.csv" | tr , "\n" | sort | uniq -d)" ]'
check "shared species: named after each drug" 'head -1 "$T/dc.csv" | grep -q "desmethyldiazepam_of_diazepam_ng_mL" && head -1 "$T/dc.csv" | grep -q "desmethyldiazepam_of_chlordiazepoxide_ng_mL"'

"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --plot "$T/p.png" > /dev/null
check "plot is a PNG" '[ "$(head -c 4 "$T/p.png" | od -An -c | tr -d " ")" = "211PNG" ]'
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --plot "$T/p.svg" > /dev/null
check "plot is an SVG" 'grep -q "<svg" "$T/p.svg"'

ev=$("$CN" simulate --drug clonazepam --regimen "1 mg bid for 2 d" --print-events)
check "print-events lists 4 doses" '[ "$(echo "$ev" | grep -c ",clonazepam,")" -eq 4 ]'

# The wall clock of the frequency words (issue 14, item 5): t = 0 is 00:00
# of day 1, bid doses at 08:00 and 20:00 as in every command, --times moves
# them, q12h still starts at t = 0.
dose_times() { "$CN" simulate --drug clonazepam --print-events "$@" | awk -F, 'NR > 1 { printf "%s ", $2 }'; }
check "bid doses at 08:00 and 20:00" '[ "$(dose_times --regimen "0.5 mg bid for 2 d")" = "8 20 32 44 " ]'
check "qd at 08:00, tid every 8 h and qid every 6 h from 08:00" \
  '[ "$(dose_times --regimen "1 mg qd for 2 d")" = "8 32 " ] && [ "$(dose_times --regimen "1 mg tid for 1 d")" = "0 8 16 " ] && [ "$(dose_times --regimen "1 mg qid for 1 d")" = "2 8 14 20 " ]'
check "bid is at 08:00,20:00" '[ "$(dose_times --regimen "0.5 mg bid for 3 d")" = "$(dose_times --regimen "0.5 mg at 08:00,20:00 for 3 d")" ]'
check "q12h still starts at t = 0" '[ "$(dose_times --regimen "0.5 mg q12h for 2 d")" = "0 12 24 36 " ]'
check "--times 07:00,19:00 moves bid" '[ "$(dose_times --regimen "0.5 mg bid for 2 d" --times 07:00,19:00)" = "7 19 31 43 " ]'
check "--times=HH:MM,... and a later segment" \
  '[ "$(dose_times --regimen "1 mg bid for 1 d then 0.5 mg bid for 1 d" --times=21:30,09:30)" = "9.5 21.5 33.5 45.5 " ]'
check "--times leaves q12h and clock times alone" \
  '[ "$(dose_times --regimen "0.5 mg q12h for 1 d then 0.5 mg at 06:00 for 1 d then 1 mg qd for 1 d" --times 22:00)" = "0 12 30 70 " ]'
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times 07:00,19:00 --until 3d --format csv --out "$T/times.csv"
check "--times in a run: the first dose shows at 07:00, not before" '/usr/bin/python3 - "$T/times.csv" <<PY
import csv, sys
c = {float(r["time_h"]): float(r["clonazepam_ng_mL"]) for r in csv.DictReader(open(sys.argv[1]))}
assert c[7] == 0 and c[8] > 0, (c[7], c[8])
PY'
check "--help shows --times with an example" '"$CN" simulate --help | grep -q -- "--times HH:MM" && "$CN" simulate --help | grep -q -- "--times 07:00,19:00"'

# an SSRI stopped without a taper is flagged with its label (issue 13, item 7)
codes() { "$CN" simulate "$@" --format json --quiet | /usr/bin/python3 -c 'import json,sys; print(" ".join(w["code"] + ":" + w["severity"] for w in json.load(sys.stdin)["warnings"]))'; }
check "paroxetine stopped abruptly after 8 weeks: a warning" \
  '[ "$(codes --drug paroxetine --regimen "20 mg qd for 8 w")" = "ssri_abrupt_stop:warning" ]'
check "paroxetine tapered to 5 mg: no warning" \
  '[ -z "$(codes --drug paroxetine --regimen "20 mg qd for 6 w then 10 mg qd for 2 w then 5 mg qd for 2 w")" ]'
check "fluoxetine stopped: info (its slow fall)" '[ "$(codes --drug fluoxetine --regimen "20 mg qd for 8 w")" = "ssri_abrupt_stop:info" ]'
out=$("$CN" simulate --drug citalopram --regimen "1 mg once" --until 3d 2>/dev/null)
check "a tiny SSRI dose: no 'day nan' in the summary" '! echo "$out" | grep -qi "nan" && echo "$out" | grep -q "no antidepressant course"'
check "a simulation that ends before the stop: no flag" \
  '[ -z "$(codes --drug sertraline --regimen "50 mg qd for 8 w" --until 6w)" ]'

printf 'ID,TIME,AMT,EVID,CMT,II,ADDL\n1,0,0.5,1,1,12,3\n2,0,1,1,1,24,1\n' > "$T/ev.csv"
"$CN" simulate --drug clonazepam --events "$T/ev.csv" --until 3d --every 6h --format csv --out "$T/e.csv"
check "events: two subjects" '[ "$(cut -d, -f1 "$T/e.csv" | sort -u | grep -c .)" -eq 3 ]'

src=${CNSIM_SOURCE_DIR:-.}
"$CN" simulate "$src/scenarios/demo.json" --format csv --out "$T/s.csv"
check "scenario file runs" '[ "$(head -1 "$T/s.csv" | tr , "\n" | grep -v _ce_ | grep -c _ng_mL)" -eq 3 ]'
"$CN" simulate --events "$src/scenarios/events-two-subjects.csv" --until 20d --format csv --out "$T/s2.csv"
check "events with DRUG column, reset and SS" '[ -s "$T/s2.csv" ]'

"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 28 d" --manifest "$T/m.json" > /dev/null
check "manifest has version, solver, tolerances, wall time" '/usr/bin/python3 -c "import json; m=json.load(open(\"$T/m.json\"))[\"manifest\"]; assert all(k in m for k in (\"cnsim_version\",\"solver\",\"rtol\",\"atol_mg\",\"wall_s\",\"seed\"))"'
# Issue 10: the solver statistics are those of the run that made the outputs
# (they read 0 when PD ran before), and the horizon says where it came from:
# the last dose (20:00 of day 28, 668 h) + 5 x 7 d.
check "manifest: solver statistics of the run, horizon with its reason" '/usr/bin/python3 -c "import json; m=json.load(open(\"$T/m.json\"))[\"manifest\"]; assert m[\"intervals_first_subject\"] > 0 and m[\"pd_steps_first_subject\"] > 0 and m[\"samples_first_subject\"] > 0 and m[\"modal_propagators_first_subject\"] + m[\"matrix_exponentials_first_subject\"] > 0; h=m[\"horizon\"]; assert h[\"is_automatic\"] and abs(h[\"until_h\"] - (668 + 5 * 168)) < 1 and \"GABA-A\" in h[\"reason\"]"'

# Both solvers from the CLI agree.
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 7 d" --until 8d --solver cvode --format csv --out "$T/cv.csv"
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 7 d" --until 8d --solver closed --format csv --out "$T/cf.csv"
check "cvode and closed form agree from the CLI" '/usr/bin/python3 - "$T/cv.csv" "$T/cf.csv" <<PY
import csv, sys
a = list(csv.reader(open(sys.argv[1]))); b = list(csv.reader(open(sys.argv[2])))
cols = [i for i, c in enumerate(a[0]) if c.endswith("_ng_mL") and "_ce_" not in c]
a, b = a[1:], b[1:]
assert len(a) == len(b) and cols
for x, y in zip(a, b):
    for u, v in zip([x[i] for i in cols], [y[i] for i in cols]):
        assert abs(float(u) - float(v)) <= 1e-6 * abs(float(v)) + 1e-9, (x, y)
PY'

# Above the labelled maximum: runs, with a warning naming the label limit.
err=$("$CN" simulate --drug clonazepam --regimen "15 mg bid for 2 d" --format csv --out "$T/w.csv" 2>&1 >/dev/null)
check "dose above label max runs" '[ -s "$T/w.csv" ]'
check "dose above label max warns with the limit" 'echo "$err" | grep -q "dose_above_label_max" && echo "$err" | grep -q "20 mg/day"'

# --- bad input: exit 2, a message, no file ---
expect_bad() { # name, expected text in stderr, args...
  local name=$1 want=$2; shift 2
  rm -f "$T/bad.csv"
  local e; e=$("$CN" "$@" --out "$T/bad.csv" 2>&1 >/dev/null); local rc=$?
  if [ $rc -eq 2 ] && [ ! -e "$T/bad.csv" ] && echo "$e" | grep -q -- "$want" && [ "$(echo "$e" | wc -l)" -eq 1 ]; then ok; else bad "$name: rc=$rc msg='$e'"; fi
}
expect_bad "unknown drug suggests" "clonazepam" simulate --drug clonazepan --regimen "1 mg once"
expect_bad "malformed regimen points at the column" "column 6" simulate --drug clonazepam --regimen "1 mg q12q"
expect_bad "negative dose" "negative" simulate --drug clonazepam --regimen "-1 mg once"
expect_bad "zero dose" "zero" simulate --drug clonazepam --regimen "0 mg once"
expect_bad "absurd dose" "absurd" simulate --drug clonazepam --regimen "500 g once"
expect_bad "unknown dose unit" "unit" simulate --drug clonazepam --regimen "1 kg once"
expect_bad "unknown time unit" "until" simulate --drug clonazepam --regimen "1 mg once" --until 3y
expect_bad "closed form on a nonlinear model" "closed" simulate --drug paroxetine --regimen "20 mg qd for 3 d" --solver closed
expect_bad "exponential integrator on a nonlinear model" "Michaelis-Menten" simulate --drug paroxetine --regimen "20 mg qd for 3 d" --solver exponential
expect_bad "exponential integrator without interactions" "acts on another" simulate --drug clonazepam --regimen "1 mg once" --solver=exponential
expect_bad "missing events file" "nosuch.csv" simulate --drug clonazepam --events "$T/nosuch.csv"
printf 'ID,TIME,AMT\n1,0,abc\n' > "$T/nn.csv"
expect_bad "non-numeric AMT" "AMT" simulate --drug clonazepam --events "$T/nn.csv"
printf 'ID,AMT\n1,1\n' > "$T/mc.csv"
expect_bad "missing TIME column" "TIME" simulate --drug clonazepam --events "$T/mc.csv"
printf 'ID,TIME,AMT,CMT\n1,0,1,9\n' > "$T/cmt.csv"
expect_bad "unknown CMT" "CMT" simulate --drug clonazepam --events "$T/cmt.csv"
printf 'ID,TIME,AMT,ADDL\n1,0,1,3\n' > "$T/addl.csv"
expect_bad "ADDL without II" "II" simulate --drug clonazepam --events "$T/addl.csv"
printf 'ID,TIME,AMT\n1,10,1\n1,5,1\n' > "$T/back.csv"
expect_bad "time going backwards" "before TIME" simulate --drug clonazepam --events "$T/back.csv"
expect_bad "unknown option" "unknown option" simulate --drug clonazepam --regimen "1 mg once" --frobnicate
expect_bad "no dosing at all" "nothing to simulate" simulate --until 2d
expect_bad "--times: three times for bid" "^cnsim: --times: .*'bid' doses 2 times a day.*07:00,12:00,19:00.*expected 2 clock times" \
  simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times 07:00,12:00,19:00
expect_bad "--times: one segment of two does not fit" "^cnsim: --times: .*'qd' doses 1 time a day.*expected 1 clock time" \
  simulate --drug clonazepam --regimen "0.5 mg bid for 2 d then 0.5 mg qd for 2 d" --times 07:00,19:00
expect_bad "--times: not a clock time" "^cnsim: --times: '25:00' in '07:00,25:00' is not a clock time; expected HH:MM" \
  simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times 07:00,25:00
expect_bad "--times: a time twice" "^cnsim: --times: 07:00 is given twice" \
  simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times 07:00,07:00
expect_bad "--times: more than qid" "^cnsim: --times: .* has 5 clock times; expected at most 4" \
  simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times 01:00,02:00,03:00,04:00,05:00
expect_bad "--times without a frequency word" "^cnsim: --times 07:00,19:00: no regimen doses by qd, daily, bid, tid or qid" \
  simulate --drug clonazepam --regimen "0.5 mg q12h for 2 d" --times 07:00,19:00
expect_bad "--times without a value" "--times needs a value" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --times
rc=0; "$CN" simulate --drug clonazepam --regimen "1 mg once" --out /nonexistent-dir/x.csv 2>/dev/null || rc=$?
check "unwritable output: exit 2" '[ $rc -eq 2 ]'

# CNS-depressant combination flagged inside simulate, with the label as source.
out=$("$CN" simulate --drug clonazepam --regimen "1 mg bid for 2 d" --drug oxycodone --regimen "20 mg q12h for 2 d" --format json)
check "clonazepam + opioid flagged at boxed-warning level" 'echo "$out" | /usr/bin/python3 -c "import json,sys; w=json.load(sys.stdin)[\"warnings\"]; assert any(x[\"code\"]==\"interaction_boxed_warning\" and x[\"source\"] for x in w), w"'

# An abrupt stop after 4 weeks of daily use is flagged with the guideline; a short course is not.
out=$("$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 28 d" --until 42d --format json)
check "abrupt stop flagged (ASAM, label)" 'echo "$out" | /usr/bin/python3 -c "import json,sys; w=json.load(sys.stdin)[\"warnings\"]; assert any(x[\"code\"]==\"taper_faster_than_guideline\" and \"asam2025\" in x[\"source\"] for x in w), w"'
out=$("$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 5 d" --until 14d --format json)
check "a 5-day course is not flagged" 'echo "$out" | /usr/bin/python3 -c "import json,sys; w=json.load(sys.stdin)[\"warnings\"]; assert not any(x[\"code\"]==\"taper_faster_than_guideline\" for x in w), w"'

# --- pharmacodynamics ---
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 28 d" --until 42d --every 6h --format csv --out "$T/pd.csv"
check "PD columns present" 'for c in gabaa_bzd_occupancy_frac gabaa_modulation_factor anxiolysis_index sedation_index anticonvulsant_index gabaa_adaptation_frac sert_occupancy_frac serotonin_tone_index autoreceptor_sensitivity_frac antidepressant_index withdrawal_index; do head -1 "$T/pd.csv" | tr , "\n" | grep -qx $c || exit 1; done'
check "withdrawal rises after the stop and resolves" '/usr/bin/python3 - "$T/pd.csv" <<PY
import csv, sys
r = list(csv.DictReader(open(sys.argv[1])))
w = {float(x["time_h"]): float(x["withdrawal_index"]) for x in r}
assert w[27*24] == 0 and max(w[t] for t in w if 28*24 < t < 36*24) > 0.1 and w[41.75*24] < max(w.values()), w
PY'
# Both over 12 weeks of use: dependence grows with the duration of use
# (issue 13, item 7), so a stop after 4 weeks is no longer the same
# exposure as a taper that ends after 12.
out=$("$CN" withdrawal --drug clonazepam --schedule "0.5 mg bid for 84 d" --schedule "0.5 mg bid for 28 d then 0.25 mg bid for 28 d then 0.125 mg bid for 28 d" --format json)
check "withdrawal compares schedules: abrupt above taper" 'echo "$out" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin)[\"schedules\"]; assert d[0][\"peak_withdrawal_index\"] > 2*d[1][\"peak_withdrawal_index\"], d"'
rc=0; "$CN" withdrawal --drug clonazepam 2>/dev/null || rc=$?
check "withdrawal without a schedule: exit 2" '[ $rc -eq 2 ]'
rc=0; "$CN" withdrawal --drug sertraline --schedule "50 mg qd for 7 d" 2>/dev/null || rc=$?
check "withdrawal of a drug without GABA-A target: exit 2" '[ $rc -eq 2 ]'
check "withdrawal --help exits 0" '"$CN" withdrawal --help > /dev/null'
# withdrawal --times: the clock of bid in every schedule; the last dose
# moves from 20:00 to 19:00 of day 28 (668 h to 667 h); the count is checked.
last_dose() { "$CN" withdrawal --drug clonazepam --schedule "0.5 mg bid for 28 d" --format json "$@" | /usr/bin/python3 -c 'import json,sys; print(round(json.load(sys.stdin)["schedules"][0]["last_dose_day"] * 24))'; }
check "withdrawal --times moves the doses" '[ "$(last_dose)" = 668 ] && [ "$(last_dose --times 07:00,19:00)" = 667 ]'
e=$("$CN" withdrawal --drug clonazepam --schedule "0.5 mg bid for 28 d" --times 08:00 2>&1 >/dev/null); rc=$?
check "withdrawal --times of the wrong count: exit 2 naming --times ($e)" \
  '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "^cnsim: --times: .*'"'"'bid'"'"' doses 2 times a day.*(08:00); expected 2 clock times"'

# --- link to the network layer through the excitability map ---
check "network columns present" 'head -1 "$T/pd.csv" | tr , "\n" | grep -qx network_rate_hz && head -1 "$T/pd.csv" | tr , "\n" | grep -qx seizure_susceptibility_index'
check "withdrawal raises network rate and susceptibility" '/usr/bin/python3 - "$T/pd.csv" <<PY
import csv, sys
r = {float(x["time_h"]): x for x in csv.DictReader(open(sys.argv[1]))}
on, off = r[20*24], r[33*24]
assert float(off["network_rate_hz"]) > float(on["network_rate_hz"]) and float(off["seizure_susceptibility_index"]) > 0.05 and float(on["seizure_susceptibility_index"]) == 0, (on, off)
PY'
check "excitability-map --help exits 0" '"$CN" excitability-map --help > /dev/null'
rc=0; "$CN" excitability-map --steps 1 2>/dev/null || rc=$?
check "excitability-map --steps 1: exit 2" '[ $rc -eq 2 ]'
rc=0; "$CN" excitability-map --from 2 --to 1 2>/dev/null || rc=$?
check "excitability-map --from above --to: exit 2" '[ $rc -eq 2 ]'

# --- memory: refused before any work when it would not fit (issue 11) ---
{ echo "ID,TIME,AMT,EVID,DRUG"; for i in $(seq 1 3000); do echo "$i,0,0.5,1,clonazepam"; done; } > "$T/many.csv"
start=$(date +%s)
e=$("$CN" simulate --events "$T/many.csv" --until 80000d --out "$T/many_out.csv" 2>&1 >/dev/null); rc=$?
check "a run that cannot fit in memory is refused at once with the estimate (rc $rc: $e)" \
  '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "needs about .* GB of memory" && [ $(( $(date +%s) - start )) -lt 10 ] && [ ! -e "$T/many_out.csv" ]'

# --- demo and help ---
( cd "$T" && "$CN" demo > demo.txt )
check "demo writes CSV, plot and manifest" '[ -s "$T/cnsim-out/demo.csv" ] && [ -s "$T/cnsim-out/demo.png" ] && [ -s "$T/cnsim-out/manifest.json" ]'
check "demo summary has both drugs" 'grep -q "^sertraline" "$T/demo.txt" && grep -q "^clonazepam" "$T/demo.txt"'
for c in "--help" "--version" "simulate --help" "demo --help" "drug --help"; do
  check "cnsim $c exits 0" '"$CN" $c > /dev/null'
done
check "help has an example" '"$CN" simulate --help | grep -q "example"'

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
