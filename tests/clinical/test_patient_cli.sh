#!/usr/bin/env bash
# cnsim simulate --patient: label flags as warning objects {code, message,
# source} in JSON, covariate effects on exposure, bad profiles exit 2.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

# --- the contract: pregnant + clonazepam -> warnings objects with code, message, source ---
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --patient pregnant --format json > "$T/preg.json" 2> "$T/preg.err"
check "pregnant: exit 0 and JSON" '[ -s "$T/preg.json" ]'
check "pregnant: warnings are objects with code, message, source" 'py "
import json; d = json.load(open(\"$T/preg.json\")); w = d[\"warnings\"]
assert w and all(isinstance(x, dict) and x[\"code\"] and x[\"message\"] and x[\"source\"] for x in w), w
p = [x for x in w if x[\"code\"] == \"patient_pregnancy\"]
assert p and p[0][\"source\"] == \"klonopin-label\" and \"neonatal\" in p[0][\"message\"], w"'
check "pregnant: warning also on stderr" 'grep -q "patient_pregnancy" "$T/preg.err"'
txt=$("$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --patient pregnant)
check "pregnant: text summary shows the flag and its source" 'echo "$txt" | grep -q "patient_pregnancy.*klonopin-label"'

# --- covariates: weight 50 kg raises clonazepam Cmax against 70 kg ---
cmax() { "$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --patient "$1" --format json 2>/dev/null \
         | py "import json,sys; print(json.load(sys.stdin)['summary'][0]['cmax_ng_mL'])"; }
c70=$(cmax weight=70); c50=$(cmax weight=50)
check "weight 50 kg: Cmax higher than 70 kg ($c50 vs $c70)" 'py "assert $c50 > 1.2 * $c70"'
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --patient weight=50 --format json 2>/dev/null > "$T/w.json"
check "weight: covariate_applied notes cite kruizinga2022" 'py "
import json; w = json.load(open(\"$T/w.json\"))[\"warnings\"]
assert [x for x in w if x[\"code\"] == \"covariate_applied\" and x[\"source\"] == \"kruizinga2022\"], w"'

# --- CYP2C19 poor metaboliser: escitalopram AUC about 2-fold ---
auc() { "$CN" simulate --drug escitalopram --regimen "10 mg qd for 28 d" --patient "$1" --format json 2>/dev/null \
        | py "import json,sys; print(json.load(sys.stdin)['summary'][0]['auc_tau_ng_h_mL'])"; }
a_nm=$(auc cyp2c19=normal); a_pm=$(auc cyp2c19=poor)
check "cyp2c19=poor: escitalopram AUCtau x ~2 ($a_pm vs $a_nm)" 'py "r = $a_pm / $a_nm; assert 1.8 < r < 2.2, r"'

# --- bad profiles: exit 2, message naming the key, no output file ---
for prof in "heigth=180" "age=130" "weight=0.4" "age=1,weight=300" "pregnant,age=80" "pregnant,sex=male" "cyp2c19=slow" "hepatic=lots"; do
    "$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --patient "$prof" --out "$T/x.json" 2> "$T/e.txt"
    rc=$?
    key=${prof%%=*}; key=${key%%,*}
    check "--patient $prof: exit 2 (got $rc)" '[ $rc -eq 2 ]'
    check "--patient $prof: message names '$key'" 'grep -q -- "--patient: .*$key" "$T/e.txt"'
    check "--patient $prof: no output" '[ ! -e "$T/x.json" ]'
done

echo "$passes passed, $fails failed"
[ $fails -eq 0 ]
