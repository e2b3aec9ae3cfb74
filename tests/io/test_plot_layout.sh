#!/usr/bin/env bash
# Every kind of figure cnsim draws, with many series, checked mechanically
# (tests/io/figure_check.py): rendered as SVG, no text leaves the page and
# no two texts overlap (titles, panel titles, tick and axis labels,
# legends, footnotes); a negative population band is drawn inside its
# panel, not clipped at 0; the network raster is not a solid block at the
# baseline rate; the same figures render as PNG.
set -u
CN=$(realpath "${1:-build/cnsim}")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
FC="$SRC/tests/io/figure_check.py"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
cd "$T" && ln -s "$SRC/scenarios" scenarios

# layout NAME FILE.svg MIN_TEXTS: the text check, its problems printed.
layout() {
  local out
  out=$(/usr/bin/python3 "$FC" text "$2" --min-texts "$3" 2>&1)
  if [ $? -eq 0 ]; then ok; else bad "$1: $(printf '%s' "$out" | head -5)"; fi
}
is_png() { [ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = "211PNG" ]; }

# Six drugs, four with a metabolite panel line, plus the effects panel.
SIX=(--drug clonazepam --regimen "0.5 mg bid for 14 d" --drug sertraline --regimen "50 mg qd"
     --drug diazepam --regimen "5 mg bid" --drug fluoxetine --regimen "20 mg qd"
     --drug escitalopram --regimen "10 mg qd" --drug alprazolam --regimen "0.5 mg tid for 10 d")
"$CN" simulate "${SIX[@]}" --until 21d --plot six.svg --out /dev/null 2>/dev/null
check "six drugs: exit 0" '[ -s six.svg ]'
layout "six drugs" six.svg 60
"$CN" simulate "${SIX[@]}" --until 21d --plot six.png --out /dev/null 2>/dev/null
check "six drugs: PNG" 'is_png six.png'

# Ten subjects from one data set: seven in colour, the rest grey.
{
  echo "ID,TIME,AMT,EVID,CMT,II,ADDL,SS,DRUG"
  for i in $(seq 1 10); do
    echo "$i,0,$(awk "BEGIN{print 0.25 * $i}"),1,DEPOT,12,27,0,clonazepam"
    echo "$i,0,50,1,DEPOT,24,13,0,sertraline"
  done
} > ten.csv
"$CN" simulate --events ten.csv --until 20d --plot ten.svg --out /dev/null 2>/dev/null
check "ten subjects: exit 0" '[ -s ten.svg ]'
layout "ten subjects" ten.svg 40
check "ten subjects: seven subjects in seven colours (the rest thin grey)" '/usr/bin/python3 -c "
import sys; sys.path.insert(0, \"$SRC/tests/io\")
import figure_check as f
cols = set(f.lines(\"ten.svg\"))
assert len(cols) >= 7, cols
"'

# The crossover taper: two drugs above, effects below, a long title.
"$CN" taper --drug clonazepam --from "1 mg bid" --method diazepam-crossover --plot taper.svg > /dev/null
layout "taper crossover" taper.svg 20

# Population bands with a negative rebound (bench-p1 net_effect).
"$CN" population bench-p1 --n 40 --plot pop.svg --out /dev/null
layout "population" pop.svg 30
check "population: the negative net_effect band is inside its panel, not cut at 0" '/usr/bin/python3 -c "
import sys; sys.path.insert(0, \"$SRC/tests/io\")
import figure_check as f
ls, ed = f.lines(\"pop.svg\"), f.edges(\"pop.svg\")
green = [v for c, v in ls.items() if c.startswith(\"rgb(0%,61.9\")][0]
bottom = min(y for y in ed if y >= green[2] - 1e-6)
assert bottom - green[2] > 5, (green, ed)
"'
"$CN" population scenarios/pop-bridge-chain.json --n 8 --plot chain.svg --out /dev/null
layout "population drug chain (four panels)" chain.svg 30

# Network raster: the baseline network is dots on white, not a block.
"$CN" network --duration 100ms --plot net.png > /dev/null
"$CN" network --duration 60ms --plot net.svg > /dev/null
layout "network" net.svg 10
check "network: the baseline raster covers under 15% of its area" '[ "$(/usr/bin/python3 "$FC" ink net.png 0.1 0.1 0.97 0.58 | awk "{print (\$1 < 0.15)}")" = 1 ]'

# Neuron trace.
"$CN" neuron --inject 0.3nA --ipsp-rate 100Hz --g-gaba 5nS --bzd-occupancy 0.8 --duration 300ms --plot v.svg > /dev/null
layout "neuron" v.svg 10

# The demo figure (sertraline with clonazepam cover).
"$CN" demo --out-dir demo > /dev/null 2>&1
check "demo: PNG" 'is_png demo/demo.png'

echo "plot layout: $passes passed, $fails failed"
[ $fails -eq 0 ]
