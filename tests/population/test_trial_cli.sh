#!/usr/bin/env bash
# cnsim trial: --help, the two example trials (small replicates), the JSON
# contract, CSV rows, text disclaimer first, identical JSON for 1 and 2
# threads, and bad trial files exiting 2 with a message naming the field.
set -u
CN=$(realpath "${1:-build/cnsim}")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

"$CN" trial --help > "$T/help.txt"
check "--help exits 0 with usage" '[ $? -eq 0 ] && grep -q "usage: cnsim trial" "$T/help.txt"'
"$CN" --help | grep -q "trial"
check "cnsim --help lists trial" '[ $? -eq 0 ]'

SMITH="$SRC/scenarios/trial-depression-smith1998.json"
PANIC="$SRC/scenarios/trial-panic.json"
"$CN" trial "$SMITH" --replicates 40 --format json > "$T/s.json"
check "smith: exit 0" '[ $? -eq 0 ] && [ -s "$T/s.json" ]'
check "smith: json contract" 'py "
import json; d = json.load(open(\"$T/s.json\"))
for k in (\"disclaimer\", \"trial\", \"replicates\", \"seed\", \"endpoints\", \"warnings\"):
    assert k in d, k
assert \"not medical advice\" in d[\"disclaimer\"]
assert d[\"replicates\"] == 40 and d[\"seed\"] == 1998, (d[\"replicates\"], d[\"seed\"])
e = [x for x in d[\"endpoints\"] if x[\"name\"] == \"HAM-D response\"]
assert [x[\"week\"] for x in e] == [1, 2, 3, 4, 6, 8]
for x in d[\"endpoints\"]:
    for k in (\"name\", \"type\", \"scale\", \"week\", \"arms\", \"risk_ratio_median\", \"risk_ratio_p2_5\",
              \"risk_ratio_p97_5\", \"power\"):
        assert k in x, k
    assert x[\"risk_ratio_p2_5\"] <= x[\"risk_ratio_median\"] <= x[\"risk_ratio_p97_5\"]
    assert 0 <= x[\"power\"] <= 1
    assert all(0 <= a[\"mean_pct\"] <= 100 for a in x[\"arms\"].values())
assert set(e[0][\"arms\"]) == {\"fluoxetine + clonazepam\", \"fluoxetine + placebo\"}
assert e[0][\"risk_ratio_median\"] > 1
c = {w[\"code\"]: w[\"source\"] for w in d[\"warnings\"]}
assert c[\"interaction_moderate\"] == \"klonopin-label\" and \"asam2025\" in c[\"taper_faster_than_guideline\"], c"'

"$CN" trial "$PANIC" --replicates 20 --seed 5 --threads 1 --format json --out "$T/p1.json"
check "panic: exit 0, --out file" '[ $? -eq 0 ] && [ -s "$T/p1.json" ]'
"$CN" trial "$PANIC" --replicates 20 --seed 5 --threads 2 --format json --out "$T/p2.json"
check "panic: 1 and 2 threads give identical JSON" 'cmp -s "$T/p1.json" "$T/p2.json"'
check "panic: HAM-A scale, three arms, maintained arm not stopped" 'py "
import json; d = json.load(open(\"$T/p1.json\"))
assert d[\"seed\"] == 5 and d[\"replicates\"] == 20
assert all(x[\"scale\"] == \"HAM-A\" for x in d[\"endpoints\"] if x[\"type\"] != \"adverse_event\")
assert len(d[\"endpoints\"][0][\"arms\"]) == 3
assert \"bzd_not_stopped\" in [w[\"code\"] for w in d[\"warnings\"]]"'

"$CN" trial "$SMITH" --replicates 10 --format csv > "$T/s.csv"
check "csv: long header and one row per endpoint x week x arm" '[ "$(head -1 "$T/s.csv")" = "endpoint,type,scale,week,arm_a,arm_b,mean_pct_a,mean_pct_b,risk_ratio_median,risk_ratio_p2_5,risk_ratio_p97_5,power,arm,n_patients,mean_pct" ] && [ "$(wc -l < "$T/s.csv")" -eq $((1 + (6 + 6 + 4 + 1) * $(py "import json; print(len(json.load(open(\"$SMITH\"))[\"arms\"]))"))) ]'
check "csv: no arm name in a header, each arm row matches the JSON" 'py "
import csv, json, subprocess
rows = list(csv.DictReader(open(\"$T/s.csv\")))
assert not any(\"[\" in h for h in rows[0].keys())
d = json.loads(subprocess.run([\"$CN\", \"trial\", \"$SMITH\", \"--replicates\", \"10\", \"--format\", \"json\"], capture_output=True, text=True).stdout)
for r in rows:
    e = [x for x in d[\"endpoints\"] if x[\"name\"] == r[\"endpoint\"] and x[\"week\"] == int(r[\"week\"])][0]
    assert abs(e[\"arms\"][r[\"arm\"]][\"mean_pct\"] - float(r[\"mean_pct\"])) < 1e-4 * max(1, abs(float(r[\"mean_pct\"])))
    assert int(r[\"n_patients\"]) == e[\"arms\"][r[\"arm\"]][\"n\"]
"'
first=$("$CN" trial "$SMITH" --replicates 5 | head -1)
check "text: disclaimer is the first line" 'echo "$first" | grep -q "not medical advice"'

# Bad input: exit 2, a message naming the field, no output file.
bad_file() {   # name, python edit of the Smith file, expected text in the message
    py "
import json; d = json.load(open('$SMITH'))
$2
json.dump(d, open('$T/bad.json', 'w'))"
    "$CN" trial "$T/bad.json" --replicates 2 --out "$T/bad.out" 2> "$T/err.txt"
    rc=$? want=$3
    check "bad $1: exit 2" '[ $rc -eq 2 ]'
    check "bad $1: message names '$3'" 'grep -qF -- "$want" "$T/err.txt"'
    check "bad $1: no output file" '[ ! -e "$T/bad.out" ]'
}
bad_file "compare arm" "d['endpoints'][0]['compare'][1] = 'nobody'" 'endpoints[0].compare[1]'
bad_file "endpoint type" "d['endpoints'][1]['type'] = 'cure'" 'endpoints[1].type'
bad_file "negative n" "del d['sample_size']; del d['randomisation']; d['n_per_arm'] = -3" 'n_per_arm'
bad_file "unknown key" "d['arms'][0]['dose'] = 1" "unknown key 'dose'"
bad_file "scale" "d['endpoints'][0]['scale'] = 'MADRS'" 'endpoints[0].scale'
bad_file "ssri not an SSRI" "d['arms'][1]['ssri'] = 'diazepam:5mg'" 'arms[1].ssri'
bad_file "bzd dose syntax" "d['arms'][0]['bzd'] = 'clonazepam:0.5'" 'arms[0].bzd'
bad_file "week beyond follow-up" "d['endpoints'][0]['weeks'] = [1, 9]" 'endpoints[0].weeks[1]'
py "
import json; d = json.load(open('$SMITH')); d['sample_size'] = 10000
json.dump(d, open('$T/big.json', 'w'))"
"$CN" trial "$T/big.json" --replicates 2000 --out "$T/big.out" 2> "$T/err.txt"
check "budget: 2000 x 10000 refused with exit 2 and the estimate" '[ $? -eq 2 ] && grep -q "patient-courses" "$T/err.txt" && grep -q "CPU-seconds" "$T/err.txt" && [ ! -e "$T/big.out" ]'

"$CN" trial "$SMITH" --replicates 0 2> "$T/err.txt"
check "--replicates 0: exit 2" '[ $? -eq 2 ] && grep -q -- "--replicates" "$T/err.txt"'
"$CN" trial "$T/missing.json" 2> "$T/err.txt"
check "missing file: exit 2" '[ $? -eq 2 ]'

echo "trial cli: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
