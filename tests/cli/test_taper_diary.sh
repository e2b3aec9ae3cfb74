#!/usr/bin/env bash
# cnsim taper --diary (issue 15, item 3): the adaptive taper proposes
# reduce on low scores, hold (or a smaller cut) when the scores rise after
# the last cut, increase back to the last tolerated dose when they are
# severe; the JSON next_step contract; troughs; malformed diaries exit 2
# naming the line and the field.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
PY=/usr/bin/python3
run() { "$CN" taper --drug clonazepam --from "1 mg bid" --diary "$1" --format json --out "$2"; }
action() { $PY -c "import json,sys; print(json.load(open(sys.argv[1]))['next_step']['action'])" "$1"; }

cat > "$T/low.csv" <<'D'
date,daily_dose_mg,ciwa_b
2027-01-04,2,6
2027-01-11,2,5
2027-01-18,1.75,7
2027-01-25,1.75,6
2027-02-01,1.5,8
2027-02-08,1.5,7
D
run "$T/low.csv" "$T/low.json"
check "low scores: reduce, below the current dose, from the day after the last entry" '$PY - "$T/low.json" <<PY
import json, sys
j = json.load(open(sys.argv[1])); n = j["next_step"]
assert set(n) >= {"action", "daily_dose_mg", "from_date", "reason"}, n
assert n["action"] == "reduce" and 0 < n["daily_dose_mg"] < 1.5 and n["from_date"] == "2027-02-09", n
assert n["reason"] and n["take"] and j["disclaimer"].startswith("cnsim is a research")
assert any(o["chosen"] for o in j["options"]) and all(len(o["course"]) >= 28 for o in j["options"])
for o in j["options"]:
    for c in o["course"]:
        assert c["lo90"] <= c["median"] <= c["hi90"]
assert j["link"]["calibrated_on_published_means"] in (True, False) and j["link"]["source"]
PY'

cat > "$T/rise.csv" <<'D'
date,daily_dose_mg,ciwa_b
2027-01-04,2,6
2027-01-11,2,5
2027-01-18,1.5,9
2027-01-25,1.5,13
2027-02-01,1.5,16
2027-02-08,1.5,18
D
run "$T/rise.csv" "$T/rise.json"
check "rising scores after the last cut: hold or a smaller cut" '$PY - "$T/rise.json" "$T/low.json" <<PY
import json, sys
r = json.load(open(sys.argv[1]))["next_step"]; l = json.load(open(sys.argv[2]))["next_step"]
assert r["action"] == "hold" or (r["action"] == "reduce" and r["daily_dose_mg"] > l["daily_dose_mg"]), r
PY'

# late in a taper the model's withdrawal index moves: the fit follows the scores
cat > "$T/late.csv" <<'D'
date,daily_dose_mg,ciwa_b
2027-01-04,0.5,6
2027-01-18,0.5,6
2027-02-01,0.25,12
2027-02-08,0.25,15
D
"$CN" taper --drug clonazepam --from "0.25 mg bid" --diary "$T/late.csv" --format json --out "$T/late.json"
check "late taper, rising scores: hold; the fitted dependence is deeper than typical" '$PY - "$T/late.json" <<PY
import json, sys
j = json.load(open(sys.argv[1]))
assert j["next_step"]["action"] == "hold", j["next_step"]
assert j["fit"]["dependence"] > j["fit"]["dependence_typical"], j["fit"]
assert j["entries"][-1]["fitted"] > j["entries"][0]["fitted"] + 3, j["entries"]
PY'

cat > "$T/severe.csv" <<'D'
date,daily_dose_mg,ciwa_b
2027-01-04,2,6
2027-01-18,2,7
2027-02-01,1.5,8
2027-02-15,1,44
D
run "$T/severe.csv" "$T/severe.json"
check "severe scores: increase back to the last tolerated dose" '$PY -c "
import json; n = json.load(open(\"$T/severe.json\"))[\"next_step\"]
assert n[\"action\"] == \"increase\" and n[\"daily_dose_mg\"] == 1.5, n"'

cat > "$T/bwsq.csv" <<'D'
date,daily_dose_mg,bwsq,trough_ng_mL
2027-01-04,2,4,30
2027-01-18,2,3,
2027-02-01,1.75,4,26
D
run "$T/bwsq.csv" "$T/bwsq.json"
check "BWSQ diary with troughs: the clearance is individualised" '$PY -c "
import json; j = json.load(open(\"$T/bwsq.json\"))
assert j[\"scale\"] == \"bwsq\" and j[\"fit\"][\"troughs\"] == 2 and j[\"fit\"][\"clearance_factor\"] != 1
assert j[\"next_step\"][\"action\"] in (\"reduce\", \"hold\", \"increase\")"'
"$CN" taper --drug clonazepam --from "1 mg bid" --diary "$T/low.csv" --format csv --out "$T/c.csv"
check "CSV: one row per option and day" 'head -1 "$T/c.csv" | grep -q "^option,action,daily_dose_mg,date,day,score_median,score_lo90,score_hi90,chosen$" && [ $(wc -l < "$T/c.csv") -ge 57 ]'
"$CN" taper --drug clonazepam --from "1 mg bid" --diary "$T/low.csv" --plot "$T/d.svg" --out /dev/null
check "--plot writes an SVG" 'grep -q "<svg" "$T/d.svg"'

# malformed diaries: exit 2, the line and the field named, nothing written
bad() {   # name, content, expected message parts...
    local name=$1 content=$2; shift 2
    printf '%b' "$content" > "$T/bad.csv"
    "$CN" taper --drug clonazepam --from "1 mg bid" --diary "$T/bad.csv" --out "$T/bad.out" 2> "$T/err"
    local rc=$? ok=1
    for w in "$@"; do grep -q -- "$w" "$T/err" || ok=0; done
    check "malformed diary: $name (exit 2, names: $*)" "[ $rc -eq 2 ] && [ $ok = 1 ] && [ ! -e \"$T/bad.out\" ] || { cat \"$T/err\"; false; }"
}
bad "bad date" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-02-30,2,6\n' "line 3" "field date" "2027-02-30"
bad "dose not a number" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-11,two,6\n' "line 3" "daily_dose_mg" "two"
bad "score out of range" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-11,2,95\n' "line 3" "ciwa_b" "0-80"
bad "dates out of order" 'date,daily_dose_mg,ciwa_b\n2027-01-11,2,6\n2027-01-04,2,6\n' "line 3" "field date"
bad "no baseline score" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,\n2027-01-11,2,6\n' "line 2" "ciwa_b" "baseline"
bad "no score column" 'date,daily_dose_mg,notes\n2027-01-04,2,ok\n2027-01-11,2,ok\n' "line 1" "ciwa_b or bwsq"
bad "both scales" 'date,daily_dose_mg,ciwa_b,bwsq\n2027-01-04,2,6,3\n2027-01-11,2,6,3\n' "line 1" "both ciwa_b and bwsq"
bad "missing field" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n2027-01-11,2\n' "line 3" "fields"
bad "one entry" 'date,daily_dose_mg,ciwa_b\n2027-01-04,2,6\n' "at least 2"
bad "negative trough" 'date,daily_dose_mg,ciwa_b,trough_ng_mL\n2027-01-04,2,6,-3\n2027-01-11,2,6,\n' "line 2" "trough_ng_mL"
bad "above the labelled maximum" 'date,daily_dose_mg,ciwa_b\n2027-01-04,30,6\n2027-01-11,20,6\n' "line 2" "daily_dose_mg" "labelled maximum"
bad "empty file" '' "diary"
"$CN" taper --drug sertraline --from "100 mg qd" --diary "$T/low.csv" --out "$T/bad.out" 2> "$T/err"
check "an SSRI diary is refused (the scales are benzodiazepine scales)" '[ $? -eq 2 ] && grep -q "benzodiazepine" "$T/err"'
"$CN" taper --drug clonazepam --from "1 mg bid" --diary "$T/low.csv" --optimize 2> "$T/err"
check "--diary with --optimize is refused" '[ $? -eq 2 ] && grep -q -- "--diary" "$T/err"'

echo "test_taper_diary: $passes passed, $fails failed"
[ $fails -eq 0 ]
