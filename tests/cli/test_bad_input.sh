#!/usr/bin/env bash
# Issue 11, input: every refused input exits 2 with one line on stderr that
# names the flag or field, the value and what was expected; nothing on
# stdout. Each case: a name, the words the message must contain, then the
# command line.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
refused() {
  local name=$1 says=$2; shift 2
  local rc=0
  "$CN" "$@" > "$T/out" 2> "$T/err" || rc=$?
  local n_lines; n_lines=$(wc -l < "$T/err")
  if [ $rc -ne 2 ] || [ "$n_lines" -ne 1 ] || [ -s "$T/out" ] || ! grep -qF -- "$says" "$T/err"; then
    echo "FAIL: $name: exit $rc, $n_lines line(s): $(head -c 300 "$T/err")"
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}
accepted() {
  local name=$1; shift
  local rc=0
  "$CN" "$@" > "$T/out" 2> "$T/err" || rc=$?
  if [ $rc -ne 0 ]; then echo "FAIL: $name: exit $rc: $(head -c 300 "$T/err")"; fails=$((fails + 1));
  else passes=$((passes + 1)); fi
}

# 1. interact amounts, decimal numbers
refused "interact 1e300 mg" "clonazepam:1e300mg: 1e+300 mg of clonazepam is above 200 mg" interact clonazepam:1e300mg sertraline
refused "interact 100 drinks" "more than 40 drinks" interact ethanol:100drinks clonazepam
refused "interact hex amount" "'0x10mg' is not a positive decimal number" interact clonazepam:0x10mg sertraline
refused "interact inf amount" "'infmg'" interact clonazepam:infmg sertraline
# 2. the same drug twice
refused "interact same drug twice" "clonazepam is given twice" interact clonazepam clonazepam
refused "interact brand and generic" "clonazepam is given twice" interact Klonopin:1mg clonazepam:0.5mg
# 3. taper
refused "taper impossible date" "--start-date: '2025-02-30' does not exist" taper --from "1 mg bid" --ics "$T/t.ics" --start-date 2025-02-30
refused "taper date with junk" "--start-date: '2025-02-03x' is not a date" taper --from "1 mg bid" --ics "$T/t.ics" --start-date 2025-02-03x
refused "taper --start-date without --ics" "given without --ics or --format html" taper --from "1 mg bid" --start-date 2025-02-03
refused "taper trailing text" "unexpected 'garbage trailing' after the dose" taper --from "1 mg bid garbage trailing"
refused "taper multi-segment regimen" "several segments" taper --from "1 mg bid for 28 d then 0.5 mg bid"
refused "taper tiny dose" "below the smallest dose that can be dispensed, 0.001 mg" taper --from "1e-300 mg bid"
refused "taper above the label maximum" "above its labelled maximum, 20 mg/day" taper --from "15 mg bid"
refused "taper --threshold without --optimize" "--threshold applies to --optimize" taper --from "1 mg bid" --threshold 0.3
refused "taper --min-interval-days without --optimize" "--min-interval-days applies to --optimize" taper --from "1 mg bid" --min-interval-days 7
accepted "taper leap day" taper --from "1 mg bid" --ics "$T/t.ics" --start-date 2024-02-29 --format csv
check_ics() { grep -q "DTSTART;VALUE=DATE:20240229" "$T/t.ics"; }
if check_ics; then passes=$((passes + 1)); else echo "FAIL: calendar starts on 2024-02-29"; fails=$((fails + 1)); fi

# 4. bridge follow-up: exactly the weeks asked for
BR=(bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4)
refused "bridge --follow-weeks 0" "--follow-weeks: 0 is out of range; expected a number from 1 to 52" "${BR[@]}" --follow-weeks 0
refused "bridge --follow-weeks 53" "expected a number from 1 to 52" "${BR[@]}" --follow-weeks 53
refused "bridge --follow-weeks 2.5" "--follow-weeks: 2.5 is not a whole number of weeks; expected 1 to 52" "${BR[@]}" --follow-weeks 2.5
for w in 2 13 52; do
  "$CN" "${BR[@]}" --follow-weeks $w --format json > "$T/b.json" 2> "$T/err"
  if /usr/bin/python3 -c "
import json, sys; d = json.load(open('$T/b.json')); w = $w
assert [s['week'] for s in d['scores']] == list(range(1, w + 1)), d['scores']
assert d['follow_weeks'] == w
assert (d['taper_peak_withdrawal_index'] is None) == (w <= 4), d['taper_peak_withdrawal_index']"; then
    passes=$((passes + 1))
  else
    echo "FAIL: bridge --follow-weeks $w: scores are not weeks 1..$w"; fails=$((fails + 1))
  fi
done

# 6. patients: implausible profiles; a child is simulated at its own (or
# the reference) weight with the paediatric warning
SIM=(simulate --drug clonazepam --regimen "0.5 mg bid for 2 d")
refused "patient weight for age" "--patient: weight=300 kg with age=1 is implausible; expected weight=4.97-20.7 kg" "${SIM[@]}" --patient age=1,weight=300
refused "patient pregnant at 80" "--patient: pregnant with age=80 is implausible; expected age=9-64 years" "${SIM[@]}" --patient pregnant,age=80
refused "patient hex weight" "weight='0x40' is not a number" "${SIM[@]}" --patient weight=0x40
"$CN" "${SIM[@]}" --patient age=5 --format json > "$T/child.json" 2>/dev/null
"$CN" "${SIM[@]}" --format json > "$T/adult.json" 2>/dev/null
if /usr/bin/python3 -c "
import json
c = json.load(open('$T/child.json')); a = json.load(open('$T/adult.json'))
codes = {w['code']: w['source'] for w in c['warnings']}
assert codes.get('patient_pediatric') == 'klonopin-label', codes
assert codes.get('patient_reference_weight') == 'cdc-growth-2000', codes
assert c['summary'][0]['cmax_ng_mL'] > 2 * a['summary'][0]['cmax_ng_mL']"; then passes=$((passes + 1));
else echo "FAIL: --patient age=5 is not simulated as a child"; fails=$((fails + 1)); fi

# 7. channel without agonist: no nan, no -0
for fmt in text json; do
  out=$("$CN" channel --gaba 0uM --duration 1s --format $fmt)
  if echo "$out" | grep -qiE '(^|[^a-z])(nan|-0)([^.0-9]|$)'; then
    echo "FAIL: channel --gaba 0uM ($fmt) prints nan or -0"; fails=$((fails + 1))
  else passes=$((passes + 1)); fi
done
if "$CN" channel --gaba 0uM --duration 1s | grep -q "mean open time (ms) *none *none *none"; then passes=$((passes + 1));
else echo "FAIL: channel --gaba 0uM: the mean open time is not 'none'"; fails=$((fails + 1)); fi

# 8. neuron models: hh is Hodgkin-Huxley; unknown names list the known ones
refused "neuron unknown model" "'foo' is not a neuron model; expected traub-miles (tm), wang-buzsaki (wb) or hh" neuron --model foo
if "$CN" neuron --model hh --duration 10ms --format json | grep -q '"model": "hh"'; then passes=$((passes + 1));
else echo "FAIL: neuron --model hh does not run the hh model"; fails=$((fails + 1)); fi

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
