#!/usr/bin/env bash
# cnsim simulate --patient: special-population rules change exposure by
# their stated factor (issue 13, item 3), and a dose above a phenotype's
# ceiling raises a warning naming its source (item 2).
set -u
CN=$(realpath "${1:-build/cnsim}")
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

# AUC over the last dosing interval; linear drugs, so the ratio is 1/CL factor.
auc() { "$CN" simulate --drug "$1" --regimen "$2" --patient "$3" --format json 2>/dev/null \
        | py "import json,sys; print(json.load(sys.stdin)['summary'][0]['auc_tau_ng_h_mL'])"; }
ratio() {   # drug regimen reference-profile profile expected-ratio rtol
    local a b
    a=$(auc "$1" "$2" "$3"); b=$(auc "$1" "$2" "$4")
    check "$1 $4: AUCtau x $5 against $3 ($b vs $a)" "py \"r = $b / $a; assert abs(r / $5 - 1) < $6, r\""
}
ratio diazepam "5 mg qd for 60 d" age=40 hepatic=moderate 2.0 0.02            # valium-label: CL about halved
ratio diazepam "5 mg qd for 60 d" age=40 hepatic=child-pugh-b 2.0 0.02
ratio oxycodone "5 mg q6h for 3 d" age=40 hepatic=mild 1.96 0.02              # roxicodone-label: AUC +95%
ratio oxycodone "5 mg q6h for 3 d" crcl=100 crcl=40 1.59 0.02                 # roxicodone-label: AUC +60%
ratio sertraline "50 mg qd for 28 d" age=40 age=70 1.667 0.02                 # zoloft-label: CL 40% lower
ratio sertraline "50 mg qd for 28 d" cyp2c19=nm cyp2c19=pm 2.70 0.02          # braten2020: 2.68-fold
ratio citalopram "20 mg qd for 28 d" cyp2c19=nm cyp2c19=pm 2.08 0.02          # celexa-label: AUC +107%
ratio escitalopram "10 mg qd for 28 d" cyp2c19=nm cyp2c19=um 0.80 0.02        # jukic2018: -20%

# a label stating no effect is said in the output, not skipped
"$CN" simulate --drug sertraline --regimen "50 mg qd for 3 d" --patient renal=severe --format json 2>/dev/null > /tmp/pcov_$$.json
check "sertraline renal=severe: covariate_none note citing zoloft-label" 'py "
import json; w = json.load(open(\"/tmp/pcov_$$.json\"))[\"warnings\"]
assert [x for x in w if x[\"code\"] == \"covariate_none\" and x[\"source\"] == \"zoloft-label\"], w"'
rm -f /tmp/pcov_$$.json

# dose ceilings by phenotype
lim() { "$CN" simulate --drug "$1" --regimen "$2" --patient "$3" --format json 2>/dev/null \
        | py "import json,sys; print(' '.join(sorted(x['source'] for x in json.load(sys.stdin)['warnings'] if x['code'] == 'patient_dose_above_limit')))"; }
s=$(lim citalopram "40 mg qd for 7 d" cyp2c19=pm)
check "citalopram 40 mg/day in a CYP2C19 PM: ceiling warning from the label and DPWG ($s)" '[ "$s" = "dpwg-ssri-2022 fda-citalopram-2012" ]'
s=$(lim citalopram "20 mg qd for 7 d" cyp2c19=pm)
check "citalopram 20 mg/day in a CYP2C19 PM: no ceiling warning ($s)" '[ -z "$s" ]'
s=$(lim escitalopram "20 mg qd for 7 d" cyp2c19=pm)
check "escitalopram 20 mg/day in a CYP2C19 PM: DPWG 10 mg ceiling ($s)" '[ "$s" = "dpwg-ssri-2022" ]'
s=$(lim sertraline "100 mg qd for 7 d" cyp2c19=poor)
check "sertraline 100 mg/day in a CYP2C19 PM: DPWG 75 mg ceiling ($s)" '[ "$s" = "dpwg-ssri-2022" ]'
s=$(lim sertraline "100 mg qd for 7 d" cyp2c19=normal)
check "sertraline 100 mg/day in a CYP2C19 NM: no ceiling warning ($s)" '[ -z "$s" ]'
txt=$("$CN" simulate --drug escitalopram --regimen "15 mg qd for 7 d" --patient cyp2c19=pm,age=70 2>&1)
check "text output names the 5 mg/day ceiling and its source" 'echo "$txt" | grep -q "patient_dose_above_limit.*5 mg/day.*dpwg-ssri-2022"'

# a contradictory profile is refused with exit 2
"$CN" simulate --drug sertraline --regimen "50 mg qd for 3 d" --patient crcl=45,renal=severe >/dev/null 2>&1
check "crcl=45,renal=severe: exit 2" '[ $? -eq 2 ]'

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
