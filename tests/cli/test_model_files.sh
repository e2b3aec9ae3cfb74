#!/usr/bin/env bash
# simulate --model FILE.json (issue 12): a drug whose PK model comes from a
# model file. The export round trip for every registry drug (simulate
# --model of `drug export NAME` gives byte for byte the CSV of --drug NAME),
# and one test per model feature against its analytic solution: one
# compartment IV (CL, V), oral (KA, F1, ALAG1), IV with F2 and ALAG2, three
# compartments (AUC = F D / CL), a metabolite (steady state of a constant
# infusion), Michaelis-Menten elimination (VMAX, KM: first order at low
# and zero order at high concentration), modelled duration and rate (D2,
# R1) from a data set that names the drug, and bad input.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# --- the round trip, every registry drug that can be dosed ---
n_rt=0
for d in $("$CN" drug list --format csv | tail -n +2 | awk -F, '$2 == "parent" {print $1}'); do
  "$CN" drug export "$d" --out "$T/$d.json" || { bad "drug export $d"; continue; }
  a=("$CN" simulate --until 5d --every 3h --format csv --quiet)
  "${a[@]}" --drug "$d" --regimen "10 mg q24h for 3 d" --out "$T/$d-drug.csv" 2>/dev/null
  "${a[@]}" --model "$T/$d.json" --regimen "10 mg q24h for 3 d" --out "$T/$d-model.csv" 2>/dev/null
  check "round trip $d: --model of its export equals --drug" 'cmp -s "$T/$d-drug.csv" "$T/$d-model.csv"'
  n_rt=$((n_rt + 1))
done
check "round trip covers the registry ($n_rt drugs)" '[ $n_rt -ge 16 ]'
src=${CNSIM_SOURCE_DIR:-.}
check "scenarios/clonazepam-model.json (the --help example) is the registry's export" \
  'cmp -s "$src/scenarios/clonazepam-model.json" "$T/clonazepam.json"'

# --- one model file per feature ---
cat > "$T/iv1.json" <<'J'
{"name": "ivdrug", "compartments": 1, "parameters": {"CL": 5, "V": 50, "KA": 1},
 "sources": ["test model"]}
J
cat > "$T/oral1.json" <<'J'
{"name": "oraldrug", "compartments": 1, "parameters": {"CL": 5, "V": 50, "KA": 1.2, "F1": 0.6, "ALAG1": 0.5}}
J
cat > "$T/ivf2.json" <<'J'
{"name": "ivf2", "compartments": 1, "parameters": {"CL": 5, "V": 50, "KA": 1, "F2": 0.4, "ALAG2": 1.5}}
J
cat > "$T/three.json" <<'J'
{"name": "threecmt", "compartments": 3,
 "parameters": {"CL": 4, "V": 30, "KA": 2, "Q": 20, "V2": 60, "Q3": 2, "V3": 200, "F1": 0.8}}
J
cat > "$T/met.json" <<'J'
{"name": "parentdrug", "compartments": 2, "parameters": {"CL": 6, "V": 40, "KA": 1, "Q": 10, "V2": 80},
 "mw_g_mol": 300, "metabolites": [{"name": "metdrug", "fm": 0.5, "CL": 3, "V": 30, "mw_g_mol": 280}]}
J
cat > "$T/mm.json" <<'J'
{"name": "mmdrug", "compartments": 1, "parameters": {"CL": 0, "V": 50, "KA": 1, "VMAX": 10, "KM": 2}}
J
cat > "$T/dur.json" <<'J'
{"name": "durdrug", "compartments": 1, "parameters": {"CL": 5, "V": 50, "KA": 1, "D2": 4, "R1": 2}}
J
s=("$CN" simulate --format csv --quiet)
"${s[@]}" --model "$T/iv1.json" --regimen "100 mg iv once" --until 24h --every 1h --out "$T/iv1.csv"
"${s[@]}" --model "$T/oral1.json" --regimen "100 mg once" --until 24h --every 0.25h --out "$T/oral1.csv"
"${s[@]}" --model "$T/ivf2.json" --regimen "100 mg iv once" --until 24h --every 0.25h --out "$T/ivf2.csv"
"${s[@]}" --model "$T/three.json" --regimen "100 mg once" --until 4000h --every 0.25h --solver closed --out "$T/three.csv"
"${s[@]}" --model "$T/three.json" --regimen "100 mg once" --until 24h --every 0.002h --solver closed --out "$T/three-early.csv"
printf 'ID,TIME,EVID,AMT,RATE,II,SS,CMT,DRUG\n1,0,1,0,2,0,1,2,parentdrug\n' > "$T/met-ev.csv"
"${s[@]}" --model "$T/met.json" --events "$T/met-ev.csv" --at records --out "$T/met.csv"
"${s[@]}" --model "$T/mm.json" --regimen "0.01 mg iv once" --until 12h --every 1h --solver cvode --rtol 1e-10 --out "$T/mm-low.csv"
"${s[@]}" --model "$T/mm.json" --regimen "5000 mg iv once" --until 12h --every 1h --solver cvode --rtol 1e-10 --out "$T/mm-high.csv"
printf 'ID TIME EVID AMT RATE CMT DRUG\n1 0 1 20 -2 2 DURDRUG\n2 0 1 6 -1 1 durdrug\n' > "$T/dur-ev.txt"
"${s[@]}" --model "$T/dur.json" --events "$T/dur-ev.txt" --until 8h --every 0.5h --out "$T/dur.csv"
/usr/bin/python3 - "$T" <<'PY'
import csv, math, sys
T = sys.argv[1]
fails = []
def rows(name):
    return list(csv.DictReader(open("%s/%s" % (T, name))))
def close(a, b, rel, what):
    if not abs(a - b) <= rel * max(abs(b), 1e-12):
        fails.append("%s: %.10g, expected %.10g" % (what, a, b))
k = 5 / 50
for r in rows("iv1.csv"):
    t = float(r["time_h"])
    close(float(r["ivdrug_ng_mL"]), 1000 * 100 / 50 * math.exp(-k * t), 1e-9, "IV bolus at %g h" % t)
ka = 1.2
for r in rows("oral1.csv"):
    t = float(r["time_h"]) - 0.5
    c = 0 if t <= 0 else 1000 * 0.6 * 100 * ka / (50 * (ka - k)) * (math.exp(-k * t) - math.exp(-ka * t))
    close(float(r["oraldrug_ng_mL"]), c, 1e-9, "oral with F1 and ALAG1 at %g h" % (t + 0.5))
for r in rows("ivf2.csv"):
    t = float(r["time_h"]) - 1.5
    c = 0 if t < 0 else 1000 * 0.4 * 100 / 50 * math.exp(-k * t)
    close(float(r["ivf2_ng_mL"]), c, 1e-9, "IV with F2 and ALAG2 at %g h" % (t + 1.5))
th = rows("three-early.csv") + [r for r in rows("three.csv") if float(r["time_h"]) > 24]
auc = sum(0.5 * (float(a["threecmt_ng_mL"]) + float(b["threecmt_ng_mL"])) * (float(b["time_h"]) - float(a["time_h"]))
          for a, b in zip(th, th[1:]))
c1, c2 = float(th[-2]["threecmt_ng_mL"]), float(th[-1]["threecmt_ng_mL"])
lam = math.log(c1 / c2) / (float(th[-1]["time_h"]) - float(th[-2]["time_h"]))
auc += c2 / lam   # the tail after the last time, on the terminal slope
close(auc, 1000 * 0.8 * 100 / 4, 1e-5, "three compartments: AUC to infinity (ng h/mL) = F D / CL")
m = rows("met.csv")[0]
close(float(m["IPRED"]), 1000 * 2 / 6, 1e-9, "constant infusion at steady state: parent")
close(float(m["metdrug_ng_mL"]), 1000 * 2 * 0.5 * (280 / 300) / 3, 1e-9, "constant infusion at steady state: metabolite")
# Michaelis-Menten: first order VMAX/(V KM) at C << KM, zero order VMAX at C >> KM
for r in rows("mm-low.csv"):
    t = float(r["time_h"])
    close(float(r["mmdrug_ng_mL"]), 1000 * 0.01 / 50 * math.exp(-10 / (50 * 2) * t), 2e-3, "MM at low C, %g h" % t)
hi = rows("mm-high.csv")
for r in hi:
    t = float(r["time_h"])
    c_lin = 1000 * (5000 - 10 * t) / 50      # zero order, less what the tail of C/(KM + C) misses
    close(float(r["mmdrug_ng_mL"]), c_lin, 1e-3, "MM at high C, %g h" % t)
d = rows("dur.csv")
for r in d:
    t = float(r["time_h"])
    if r["id"] == "1":   # D2 = 4 h: 20 mg at 5 mg/h into the central compartment
        rate, dur = 20 / 4, 4
        c = 1000 * rate / 5 * ((1 - math.exp(-k * t)) if t <= dur else (1 - math.exp(-k * dur)) * math.exp(-k * (t - dur)))
        close(float(r["durdrug_ng_mL"]), c, 1e-9, "RATE -2 with D2, %g h" % t)
    else:                # R1 = 2 mg/h: 6 mg into the depot over 3 h
        ka1, R, dur = 1.0, 2.0, 3.0
        a_, b_ = t - min(t, dur), t
        G = lambda x: ka1 / (ka1 - k) * (-math.exp(-k * x) / k + math.exp(-ka1 * x) / ka1)
        close(float(r["durdrug_ng_mL"]), 1000 * R * (G(b_) - G(a_)) / 50, 1e-9, "RATE -1 with R1, %g h" % t)
for x in fails[:10]:
    print("FAIL:", x)
sys.exit(1 if fails else 0)
PY
check "every model feature against its analytic solution (above)" '[ $? -eq 0 ]'

# --- bad input: exit 2, the key named, no output ---
printf '{"name": "x", "compartments": 1, "parameters": {"CL": 1, "V": 2, "KA": 1, "ALAG": 1}}' > "$T/bad.json"
e=$("$CN" simulate --model "$T/bad.json" --regimen "1 mg once" --out "$T/none.csv" 2>&1); rc=$?
check "unknown key: exit 2 with a suggestion ($e)" '[ $rc -eq 2 ] && echo "$e" | grep -q "ALAG1" && [ ! -e "$T/none.csv" ]'
e=$("$CN" simulate --model "$T/missing.json" --regimen "1 mg once" 2>&1); rc=$?
check "missing file: exit 2 naming it" '[ $rc -eq 2 ] && echo "$e" | grep -q "missing.json"'
e=$("$CN" simulate --model "$T/iv1.json" --formulation odt --regimen "1 mg once" 2>&1); rc=$?
check "--formulation after --model: exit 2" '[ $rc -eq 2 ] && echo "$e" | grep -q -- "--formulation"'
e=$("$CN" simulate --model "$T/iv1.json" --model "$T/iv1.json" --regimen "1 mg once" 2>&1); rc=$?
check "the same model twice: exit 2" '[ $rc -eq 2 ] && echo "$e" | grep -q "twice"'
e=$("$CN" simulate --drug clonazepam --model "$T/clonazepam.json" --regimen "1 mg once" 2>&1); rc=$?
check "a registry drug and its model file: exit 2" '[ $rc -eq 2 ] && echo "$e" | grep -q "twice"'
"$CN" simulate --model "$T/iv1.json" --regimen "1 mg once" --drug clonazepam --regimen "0.5 mg once" --until 1d \
  --format csv --quiet --out "$T/two.csv"
check "a model file beside a registry drug" 'head -1 "$T/two.csv" | grep -q "ivdrug_ng_mL" && head -1 "$T/two.csv" | grep -q "clonazepam_ng_mL"'

# --- populations take model files (drug chain) ---
cat > "$T/pop-reg.json" <<'J'
{"name": "registry", "model": "drug-chain", "drugs": [{"drug": "clonazepam", "regimen": "0.5 mg bid for 3 d"}],
 "until": "4 d", "every": "2 h"}
J
sed 's|"drug": "clonazepam"|"model_file": "clonazepam.json"|' "$T/pop-reg.json" > "$T/pop-file.json"
p=("$CN" population --n 20 --seed 3 --threads 1 --per-subject --format csv --quiet)
"${p[@]}" "$T/pop-reg.json" --out "$T/pop-reg.csv"
"${p[@]}" "$T/pop-file.json" --out "$T/pop-file.csv"
check "population: an exported model file gives the registry drug's subjects" \
  '[ -s "$T/pop-reg.csv" ] && cmp -s "$T/pop-reg.csv" "$T/pop-file.csv"'
cat > "$T/own.json" <<'J'
{"name": "owndrug", "compartments": 1, "parameters": {"CL": 5, "V": 50, "KA": 1, "F1": 0.7},
 "omega": {"CL": 0.09, "V": 0.04}, "sigma": {"prop": 0.01}}
J
cat > "$T/pop-own.json" <<'J'
{"name": "own", "model": "drug-chain", "drugs": [{"model_file": "own.json", "regimen": "100 mg qd for 3 d"}],
 "until": "4 d", "every": "2 h"}
J
"${p[@]}" "$T/pop-own.json" --out "$T/pop-own.csv"
check "population of a model file's drug, with its SIGMA as a _dv column" \
  'head -1 "$T/pop-own.csv" | grep -q "owndrug_ng_mL" && head -1 "$T/pop-own.csv" | grep -q "owndrug_ng_mL_dv"'
/usr/bin/python3 - "$T/pop-own.csv" <<'PY'
import csv, math, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
# the subjects differ (OMEGA on CL and V): their levels at 24 h spread
c = [float(r["owndrug_ng_mL"]) for r in rows if abs(float(r["time_h"]) - 24) < 1e-9]
sys.exit(0 if len(c) == 20 and statistics.pstdev(c) > 0.05 * statistics.mean(c) else 1)
PY
check "population: the model file's OMEGA makes the subjects differ" '[ $? -eq 0 ]'
sed 's|"V": 0.04|"Q": 0.04|; s|"F1": 0.7}|"F1": 0.7, "Q": 1, "V2": 10}|; s|"compartments": 1|"compartments": 2|' "$T/own.json" > "$T/own-q.json"
sed 's|own.json|own-q.json|' "$T/pop-own.json" > "$T/pop-own-q.json"
e=$("${p[@]}" "$T/pop-own-q.json" 2>&1); rc=$?
check "population: OMEGA on a parameter the chain does not vary is refused ($e)" \
  '[ $rc -eq 2 ] && echo "$e" | grep -q "omega Q"'
sed 's|"model_file": "own.json"|"model_file": "own.json", "formulation": "odt"|' "$T/pop-own.json" > "$T/pop-own-f.json"
e=$("${p[@]}" "$T/pop-own-f.json" 2>&1); rc=$?
check "population: formulation with model_file is refused" '[ $rc -eq 2 ] && echo "$e" | grep -q "formulation"'

echo "test_model_files: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
