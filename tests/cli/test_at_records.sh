#!/usr/bin/env bash
# simulate --at records|both: one row per record of the data set, in file
# order, as NONMEM's $TABLE (issue 12): troughs listed before a dose at its
# time, observations off the grid, several IDs (one that comes back, one
# whose clock restarts at a reset), several drugs, the observed species
# from DRUG and CMT.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# IV boluses of 1 mg at 0 and 12 h; observations before and after the
# second dose at 12 h, one off the grid (13.3 h).
cat > "$T/iv.csv" <<'CSV'
ID,TIME,EVID,AMT,CMT,DV,DRUG
1,0,1,1,2,.,clonazepam
1,12,0,.,2,1.5,clonazepam
1,12,1,1,2,.,clonazepam
1,12,0,.,2,9.5,clonazepam
1,13.3,0,.,2,7.25,clonazepam
2,0,1,20,1,.,fluoxetine
2,6,0,.,2,.,fluoxetine
2,6,0,.,5,.,fluoxetine
1,0,1,2,2,.,clonazepam
1,3,0,.,2,.,clonazepam
1,1,4,1,2,.,clonazepam
1,3,0,.,2,.,clonazepam
CSV
"$CN" simulate --events "$T/iv.csv" --at records --format csv --quiet --out "$T/r.csv"
check "records: exit 0 and a file" '[ -s "$T/r.csv" ]'
"$CN" simulate --events "$T/iv.csv" --at both --every 0.1h --until 14h --format csv --quiet --out "$T/b.csv"
"$CN" simulate --events "$T/iv.csv" --at records --format json --quiet --out "$T/r.json"
/usr/bin/python3 - "$T" <<'PY'
import csv, json, sys
T = sys.argv[1]
rows = list(csv.DictReader(open(T + "/r.csv")))
fails = []
def want(cond, what):
    if not cond:
        fails.append(what)
head = open(T + "/r.csv").readline().strip().split(",")
want(head[:9] == "ID,TIME,EVID,AMT,DV,MDV,IPRED,PRED,RECORD".split(","), "header starts with the NONMEM columns: %s" % head[:9])
want("clonazepam_ng_mL" in head and "fluoxetine_ng_mL" in head and "norfluoxetine_ng_mL" in head,
     "every concentration column")
want(len(rows) == 12, "one row per record: %d" % len(rows))
want([r["RECORD"] for r in rows] == [str(i) for i in range(2, 14)], "file order (RECORD = line)")
want([r["ID"] for r in rows] == ["1"] * 5 + ["2"] * 3 + ["1"] * 4, "IDs as in the file")
f = lambda r, k: float(r[k])
c0 = f(rows[0], "IPRED")                      # just after the first 1 mg bolus
pre, post = f(rows[1], "IPRED"), f(rows[3], "IPRED")
want(c0 > 0, "the dose row shows the post-dose level")
want(abs((post - pre) - c0) <= 1e-9 * c0, "trough listed before the dose: post - pre = %g, expected %g" % (post - pre, c0))
want(abs(f(rows[2], "IPRED") - post) <= 1e-12 * post, "the dose row at 12 h is post-dose")
want(rows[1]["DV"] == "1.5" and rows[3]["DV"] == "9.5" and rows[0]["DV"] == ".", "DV passes through")
want(rows[1]["MDV"] == "0" and rows[0]["MDV"] == "1", "MDV")
want(all(r["PRED"] == r["IPRED"] for r in rows), "PRED = IPRED without random effects")
# the observed species: fluoxetine's parent (CMT 2) and its metabolite (CMT 5)
want(rows[6]["IPRED"] == rows[6]["fluoxetine_ng_mL"], "CMT 2 observes the parent")
want(rows[7]["IPRED"] == rows[7]["norfluoxetine_ng_mL"], "CMT 5 observes the metabolite")
want(rows[6]["clonazepam_ng_mL"] == "0", "subject 2 has no clonazepam")
# the ID that comes back is a new individual: 2 mg at 0, then its clock
# restarts at the EVID 4 (1 mg at 1 h): the 3 h rows are 2 mg at 3 h, and
# 1 mg 2 h after a fresh start
a, b = f(rows[9], "IPRED"), f(rows[11], "IPRED")
first = [r for r in rows if r["RECORD"] == "3"][0]
want(a > b > 0, "block after the reset starts afresh: %g then %g" % (a, b))
# the off-grid observation equals the grid's value there (both)
both = list(csv.DictReader(open(T + "/b.csv")))
grid = [r for r in both if r["RECORD"] == "." and r["ID"] == "1"]
g133 = [r for r in grid if abs(float(r["TIME"]) - 13.3) < 1e-9][0]
want(abs(f(g133, "clonazepam_ng_mL") - f(rows[4], "IPRED")) <= 1e-8 * f(rows[4], "IPRED"),
     "off-grid record equals the grid at 13.3 h")
g12 = [r for r in grid if abs(float(r["TIME"]) - 12) < 1e-9][0]
want(abs(f(g12, "clonazepam_ng_mL") - post) <= 1e-12 * post, "the grid row at a dose time is post-dose")
order = [(r["ID"], float(r["TIME"]), r["RECORD"]) for r in both if r["ID"] == "1"]
idx12 = [i for i, o in enumerate(order) if o[1] == 12.0]
want([order[i][2] for i in idx12][:4] == ["3", "4", "5", "."], "at 12 h the records come first, then the grid row: %s" % [order[i][2] for i in idx12])
js = json.load(open(T + "/r.json"))
want(len(js["records"]) == 12 and js["records"][1]["IPRED"] == float(rows[1]["IPRED"]) and js["records"][1]["DV"] == 1.5,
     "JSON records")
for x in fails:
    print("FAIL:", x)
sys.exit(1 if fails else 0)
PY
check "records and both are right (above)" '[ $? -eq 0 ]'

out=$("$CN" simulate --drug clonazepam --regimen "1 mg once" --at records 2>&1); rc=$?
check "--at records without --events: exit 2 naming --events" '[ $rc -eq 2 ] && echo "$out" | grep -q -- "--events"'
out=$("$CN" simulate --events "$T/iv.csv" --at sometimes 2>&1); rc=$?
check "--at sometimes: exit 2 naming the choices" '[ $rc -eq 2 ] && echo "$out" | grep -q "grid, records or both"'

echo "test_at_records: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
