#!/usr/bin/env bash
# Tables a reader can use (issue 11): every CSV output has exactly one
# header line of plain names (no comment line, no data in a header), and
# the JSON of a command carries the columns of its CSV under the same
# names. Also the documented defaults that shape a table
# (excitability-map: 19 points).
set -u
CN=$(realpath "${1:-build/cnsim}")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }
cd "$T" && ln -s "$SRC/scenarios" scenarios

NET_SMALL="--n-exc 160 --n-inh 40 --p-connect 0.4 --duration 50ms"
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 3 d" --drug sertraline --regimen "50 mg qd" \
  --until 4d --format csv --out sim.csv 2>/dev/null
"$CN" simulate --drug clonazepam --regimen "0.5 mg bid for 3 d" --drug sertraline --regimen "50 mg qd" \
  --until 4d --format json --out sim.json 2>/dev/null
"$CN" simulate --events scenarios/events-two-subjects.csv --until 3d --format csv --out ev.csv 2>/dev/null
"$CN" simulate --events scenarios/events-two-subjects.csv --until 3d --format json --out ev.json 2>/dev/null
"$CN" population bench-p1 --n 4 --format csv --out bands.csv
"$CN" population bench-p1 --n 4 --per-subject --format csv --out subj.csv --metrics-out met.csv
"$CN" trial scenarios/trial-panic.json --replicates 3 --format csv --out trial.csv
"$CN" taper --from "1 mg bid" --method diazepam-crossover --format csv --out taper.csv 2>/dev/null
"$CN" excitability-map --steps 2 --duration 10ms --format csv --out map.csv
"$CN" neuron --duration 5ms --inject 0.5nA --format csv --out neuron.csv
"$CN" neuron --duration 5ms --inject 0.5nA --format json --out neuron.json
"$CN" network $NET_SMALL --format csv --out net.csv --spikes spikes.csv
"$CN" drug list --format csv --out drugs.csv

# One header line of names: letters, digits, _ and - (metabolite names such
# as 7-aminoclonazepam), nothing else; the second line is data, not text.
for f in sim ev bands subj met trial taper map neuron net spikes drugs; do
  check "$f.csv: one header line of plain names" 'py "
import csv, re
rows = list(csv.reader(open(\"$f.csv\")))
h = rows[0]
assert len(rows) >= 2, \"no data\"
assert not h[0].startswith(\"#\"), h[0]
assert all(re.fullmatch(r\"[A-Za-z0-9_-]+\", c) for c in h), h
assert len(set(h)) == len(h), \"duplicate column\"
assert all(len(r) == len(h) for r in rows[1:]), \"ragged rows\"
# the second line is a data row: some field is a number
def num(x):
    try: float(x); return True
    except ValueError: return False
assert any(num(x) for x in rows[1]), rows[1]
"'
done

# JSON mirrors CSV.
check "simulate: JSON columns are the CSV header, every subject has every column" 'py "
import csv, json
for c, j in ((\"sim.csv\", \"sim.json\"), (\"ev.csv\", \"ev.json\")):
    h = next(csv.reader(open(c)))
    d = json.load(open(j))
    assert d[\"columns\"] == h, (d[\"columns\"], h)
    for s in d[\"subjects\"]:
        assert list(s.keys()) == h, (list(s.keys()), h)
    rows = list(csv.DictReader(open(c)))
    ids = sorted(set(int(r[\"id\"]) for r in rows))
    assert ids == sorted(s[\"id\"] for s in d[\"subjects\"]) and ids[0] == 1, ids
    # every value of every subject (the series are streamed into the JSON)
    for s in d[\"subjects\"]:
        mine = [x for x in rows if int(x[\"id\"]) == s[\"id\"]]
        assert len(mine) == len(s[\"time_h\"]), (len(mine), len(s[\"time_h\"]))
        for i, r in enumerate(mine):
            for k in h[1:]:
                v = s[k][i]
                assert (v is None and r[k] in (\"nan\", \"NaN\", \"NA\", \"\")) or abs(float(r[k]) - v) <= 1e-9 * max(1, abs(v)), (k, i)
assert \"clonazepam_ce_unbound_ng_mL\" in h and \"network_rate_hz\" in h
"'
check "neuron: JSON columns and trace are the CSV" 'py "
import csv, json
h = next(csv.reader(open(\"neuron.csv\")))
d = json.load(open(\"neuron.json\"))
assert d[\"columns\"] == h and list(d[\"trace\"].keys()) == h
rows = list(csv.DictReader(open(\"neuron.csv\")))
assert all(len(d[\"trace\"][k]) == len(rows) for k in h)
assert all(abs(float(rows[-1][k]) - d[\"trace\"][k][-1]) <= 1e-5 * max(1, abs(d[\"trace\"][k][-1])) for k in h)
"'
check "network: JSON has every CSV column" 'py "
import csv, json, subprocess
h = next(csv.reader(open(\"net.csv\")))
d = json.loads(subprocess.run([\"$CN\", \"network\"] + \"$NET_SMALL\".split() + [\"--format\", \"json\"], capture_output=True, text=True).stdout)
assert all(k in d for k in h), [k for k in h if k not in d]
"'
check "population: the per-subject IDs are those of the metrics file, from 1" \
  '[ "$(cut -d, -f1 subj.csv | sed 1d | sort -un | tr "\n" " ")" = "$(cut -d, -f1 met.csv | sed 1d | tr "\n" " ")" ] && [ "$(sed -n 2p met.csv | cut -d, -f1)" = 1 ]'

# excitability-map: the default grid is the built-in map's, 19 points from 0.2 to 2.
"$CN" excitability-map --duration 2ms --out map19.csv
check "excitability-map: 19 points by default, 0.2 to 2 in steps of 0.1" 'py "
import csv
g = [float(r[\"gabaa_modulation\"]) for r in csv.DictReader(open(\"map19.csv\"))]
assert len(g) == 19 and abs(g[0] - 0.2) < 1e-9 and abs(g[-1] - 2) < 1e-9
assert all(abs(b - a - 0.1) < 1e-9 for a, b in zip(g, g[1:]))
"'
check "excitability-map --help and docs/cells.md say 19" '"$CN" excitability-map --help | grep -q "default 19" && grep -q "steps 19" "$SRC/docs/cells.md"'

echo "tables: $passes passed, $fails failed"
[ $fails -eq 0 ]
