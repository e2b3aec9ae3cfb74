#!/usr/bin/env bash
# cnsim tdm (issue 15): a subject with half the typical clearance recovered
# from three troughs and dosed into the target range; the JSON contract;
# the CSV of predictions with their 90% band; the exact sampler against
# Laplace; a NONMEM data set against the independent scipy POSTHOC peer
# (tests/tdm/posthoc_peer.py); metabolite levels, an occupancy target,
# every registry drug; bad input (exit 2, the option named).
set -u
CN=$(realpath "${1:-build/cnsim}")
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
PY=/usr/bin/python3

# --- Acceptance: clearance at half the typical value, three troughs ---
# The subject: clonazepam's registry model with CL halved, simulated by
# `cnsim simulate --model`, troughs (before the 08:00 dose) on days 11, 12, 14.
"$CN" drug export clonazepam > "$T/clz.json"
$PY - "$T/clz.json" "$T/half.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
m["parameters"]["CL"] /= 2
m["name"] = "clzhalf"
json.dump(m, open(sys.argv[2], "w"))
PY
"$CN" simulate --model "$T/half.json" --regimen "0.5 mg bid for 14 d" --every 1h --until 15d --format csv --out "$T/half.csv"
LEVELS=$($PY - "$T/half.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
col = [k for k in rows[0] if k.startswith("clzhalf") and k.endswith("_ng_mL")][0]
at = {round(float(r["time_h"]), 6): float(r[col]) for r in rows}
print(" ".join('--level "%g h %.4g"' % (t, at[t]) for t in (248.0, 272.0, 320.0)))
PY
)
eval "\"$CN\" tdm --drug clonazepam --regimen \"0.5 mg bid for 14 d\" $LEVELS --target \"trough 20-70 ng/mL\" --format json --out \"$T/a.json\""
check "half clearance: tdm exits 0" '[ -s "$T/a.json" ]'
check "half clearance: CL within 25%, in its 90% interval, the recommendation's trough in range" '$PY - "$T/a.json" <<PY
import json
j = json.load(open("$T/a.json"))
typ = j["typical_parameters"]["CL"]; true = typ / 2
cl = j["map_parameters"]["CL"]; lo, hi = j["ci90"]["CL"]
assert abs(cl - true) <= 0.25 * true, (cl, true)
assert lo <= true <= hi, (lo, hi, true)
r = j["recommended_regimen"]["predicted"]
assert 20 <= r["median"] <= 70 and 20 <= r["at_map"] <= 70, r
assert j["probability_in_target"] >= 0.9, j["probability_in_target"]
assert j["recommended_regimen"]["take"], j["recommended_regimen"]
PY'

# --- JSON contract ---
check "JSON keys: map_parameters, ci90, eta, objective, recommended_regimen, probability_in_target" '$PY - "$T/a.json" <<PY
import json
j = json.load(open("$T/a.json"))
for k in ("map_parameters", "ci90", "eta", "objective", "recommended_regimen", "probability_in_target"):
    assert k in j, k
assert isinstance(j["map_parameters"], dict) and set(j["map_parameters"]) == set(j["eta"]) == set(j["ci90"])
assert all(len(v) == 2 and v[0] < v[1] for v in j["ci90"].values())
assert isinstance(j["objective"], float) and 0 <= j["probability_in_target"] <= 1
assert j["disclaimer"].startswith("cnsim is a research and teaching simulator")
assert j["residual_error"]["source"] == "kruizinga2022" and j["subjects"][0]["id"] == 1
for l in j["levels"]:
    assert l["ipred_lo90_ng_mL"] <= l["ipred_ng_mL"] <= l["ipred_hi90_ng_mL"]
PY'

# --- CSV of predictions ---
eval "\"$CN\" tdm --drug clonazepam --regimen \"0.5 mg bid for 14 d\" $LEVELS --format csv --out \"$T/p.csv\""
check "CSV: header, band around the individual prediction, the levels on their rows" '$PY - "$T/p.csv" <<PY
import csv
rows = list(csv.DictReader(open("$T/p.csv")))
assert list(rows[0]) == ["ID","time_h","species","pred_ng_mL","ipred_ng_mL","ipred_lo90_ng_mL","ipred_hi90_ng_mL","observed_ng_mL","blq"]
for r in rows:
    assert float(r["ipred_lo90_ng_mL"]) <= float(r["ipred_ng_mL"]) + 1e-9 <= float(r["ipred_hi90_ng_mL"]) + 2e-9, r
obs = [r for r in rows if r["observed_ng_mL"]]
assert len(obs) == 3 and {float(r["time_h"]) for r in obs} == {248, 272, 320}
assert {r["species"] for r in rows} == {"clonazepam", "7-aminoclonazepam"}
PY'

# --- The exact sampler agrees with Laplace where the posterior is near-normal ---
eval "\"$CN\" tdm --drug clonazepam --regimen \"0.5 mg bid for 14 d\" $LEVELS --posterior sample --draws 4000 --seed 7 --format json --out \"$T/s.json\""
check "sample vs Laplace: CL interval ends within 5%, ESS reported" '$PY - "$T/s.json" <<PY
import json
j = json.load(open("$T/s.json"))
a, b = j["ci90"]["CL"]; c, d = j["ci90_laplace"]["CL"]
assert abs(a - c) <= 0.05 * c and abs(b - d) <= 0.05 * d, (a, b, c, d)
assert j["posterior"] == "sample" and j["sampler"]["ess"] > 1000
PY'
eval "\"$CN\" tdm --drug clonazepam --regimen \"0.5 mg bid for 14 d\" $LEVELS --posterior sample --draws 4000 --seed 7 --format json --out \"$T/s2.json\""
check "sample: a fixed seed gives the same result" 'cmp -s "$T/s.json" "$T/s2.json"'

# --- NONMEM data set against the independent POSTHOC peer ---
if $PY -c "import scipy" 2>/dev/null; then
    $PY "$ROOT/tests/tdm/posthoc_peer.py" --cnsim "$CN" > "$T/peer.txt" 2>&1
    check "POSTHOC: cnsim agrees with the scipy peer on 6 subjects (eta 2e-3, OFV 1e-3, ci90 2%)" '[ $? -eq 0 ] || { cat "$T/peer.txt"; false; }'
    "$CN" tdm --model "$ROOT/tests/data/tdm_posthoc_model.json" --events "$ROOT/tests/data/tdm_posthoc.csv" --id 6 \
        --format json --out "$T/id6.json"
    check "--id picks one subject (the BLQ one)" '$PY -c "import json; j=json.load(open(\"$T/id6.json\")); assert [s[\"id\"] for s in j[\"subjects\"]] == [6]; assert any(l[\"blq\"] for l in j[\"levels\"])"'
else
    echo "skip: python3-scipy missing (scripts/deps.sh installs it)"
fi

# --- a metabolite level, an occupancy target, an SSRI with its AGNP range ---
"$CN" tdm --drug clonazepam --regimen "0.5 mg bid for 14 d" --level "320 h 22" --level "7-aminoclonazepam 320 h 25" \
    --target "occupancy 10-30%" --format json --out "$T/m.json"
check "metabolite level and occupancy target" '$PY -c "
import json; j = json.load(open(\"$T/m.json\"))
assert {l[\"species\"] for l in j[\"levels\"]} == {\"clonazepam\", \"7-aminoclonazepam\"}
assert j[\"target\"][\"kind\"] == \"occupancy\" and j[\"target\"][\"unit\"] == \"fraction\"
assert 0 < j[\"recommended_regimen\"][\"predicted\"][\"median\"] < 1"'
$PY - "$T/clz.json" "$T/clzs.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["name"] = "myclz"; m["sigma"] = {"prop": 0.0058, "add": 0.25}
json.dump(m, open(sys.argv[2], "w"))
PY
"$CN" tdm --model "$T/clzs.json" --regimen "0.5 mg bid for 14 d" --level "320 h 22" --level "7-aminoclonazepam 320 h 9" \
    --target "trough 20-70 ng/mL" --format json --out "$T/mf.json"
check "a model file with a metabolite: parent and metabolite levels together, candidates in quarters" '$PY -c "
import json; j = json.load(open(\"$T/mf.json\"))
assert j[\"drug\"] == \"myclz\" and {l[\"species\"] for l in j[\"levels\"]} == {\"myclz\", \"7-aminoclonazepam\"}
assert j[\"residual_error\"][\"source\"] == \"the model\u2019s sigma\".replace(\"\u2019\", \"\x27\")
assert \"quarters\" in j[\"recommended_regimen\"][\"take\"]"'
"$CN" tdm --drug sertraline --regimen "100 mg qd for 28 d" --level "671.5 h 31 ng/mL" --format json --out "$T/ser.json"
check "sertraline: the AGNP reference range is the default target" '$PY -c "
import json; j = json.load(open(\"$T/ser.json\"))
assert j[\"target\"][\"source\"].endswith(\"hiemke2018\") and j[\"target\"][\"lo\"] < j[\"target\"][\"hi\"]
assert j[\"recommended_regimen\"][\"regimen\"]"'
"$CN" tdm --drug clonazepam --regimen "2 mg bid for 14 d" --level "320 h 140" --out "$T/alert.txt"
check "a level above the alert level is flagged with its source" 'grep -q "level_above_alert.*hiemke2018" "$T/alert.txt"'
ok=1
for d in alprazolam chlordiazepoxide citalopram clonazepam diazepam escitalopram fluoxetine fluvoxamine lorazepam oxazepam paroxetine sertraline; do
    "$CN" tdm --drug $d --regimen "1 mg bid for 14 d" --level "320 h 10" --draws 100 --format json --out "$T/d.json" 2> "$T/d.err" || { echo "$d: $(cat "$T/d.err")"; ok=0; }
done
check "every registry benzodiazepine and SSRI fits" '[ $ok = 1 ]'
"$CN" tdm --drug clonazepam --regimen "1 mg qd for 10 d" --level "239 h 15" --plot "$T/tdm.svg" --out /dev/null
check "--plot writes an SVG" 'grep -q "<svg" "$T/tdm.svg"'
"$CN" tdm --help > "$T/help.txt"
check "--help has runnable examples" 'grep -q "cnsim tdm --drug clonazepam" "$T/help.txt"'

# --- bad input: exit 2, the option named, nothing written ---
bad() {   # name, expected text, args...
    local name=$1 want=$2; shift 2
    "$CN" tdm "$@" --out "$T/bad.out" > /dev/null 2> "$T/err"
    local rc=$?
    check "bad input: $name (exit 2, '$want')" "[ $rc -eq 2 ] && grep -q -- \"$want\" \"$T/err\" && [ ! -e \"$T/bad.out\" ]"
}
bad "no drug" "expected --drug" --regimen "1 mg qd" --level "10 h 3"
bad "no level" "no --level" --drug clonazepam --regimen "1 mg qd for 2 d"
bad "malformed level" "--level" --drug clonazepam --regimen "1 mg qd for 2 d" --level "ten 3"
bad "unknown species" "7-aminoclonazepam" --drug clonazepam --regimen "1 mg qd for 2 d" --level "norfluoxetine 10 h 3"
bad "reversed target" "--target" --drug clonazepam --regimen "1 mg qd for 2 d" --level "10 h 3" --target "trough 70-20 ng/mL"
bad "posterior" "--posterior" --drug clonazepam --regimen "1 mg qd for 2 d" --level "10 h 3" --posterior mcmc2
bad "negative error" "--error" --drug clonazepam --regimen "1 mg qd for 2 d" --level "10 h 3" --error "prop -0.1"
$PY - "$T/nosig.json" "$ROOT/tests/data/tdm_posthoc_model.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[2])); del m["sigma"]; json.dump(m, open(sys.argv[1], "w"))
PY
bad "model without sigma" "residual error" --model "$T/nosig.json" --regimen "1 mg qd for 2 d" --level "10 h 3"
printf 'ID,TIME,AMT,EVID,DV,BLQ\n1,0,1,1,,0\n1,10,,0,0,1\n' > "$T/blq.csv"
bad "BLQ without a limit" "LLOQ" --model "$ROOT/tests/data/tdm_posthoc_model.json" --events "$T/blq.csv"
printf 'ID,TIME,AMT,EVID,DV\n1,0,1,1,\n' > "$T/noobs.csv"
bad "a subject without levels" "no observation" --model "$ROOT/tests/data/tdm_posthoc_model.json" --events "$T/noobs.csv"

echo "test_tdm: $passes passed, $fails failed"
[ $fails -eq 0 ]
