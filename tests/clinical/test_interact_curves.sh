#!/usr/bin/env bash
# The ventilation curves of `cnsim interact` (issue 17: the interactions
# page draws them): 24 h every 15 min, combined and each drug alone, in
# the JSON and as --plot. The curves agree with the minima found on the
# 3-minute grid, and the combination never breathes better than either
# drug alone. Without two respiratory depressants --plot exits 2.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }

"$CN" interact clonazepam:1mg oxycodone:20mg --format json --digits 17 --plot "$T/v.svg" > "$T/i.json"; rc=$?
check "interact with --plot exits 0" '[ $rc -eq 0 ]'
check "the curves agree with the minima, and the combination is never above either drug alone" '/usr/bin/python3 - "$T/i.json" <<PY
import json, sys
j = json.load(open(sys.argv[1]))
c = j["ventilation_curves"]
t = c["time_h"]
assert len(t) == 97 and t[0] == 0 and abs(t[-1] - 24) < 1e-12 and all(abs(b - a - 0.25) < 1e-12 for a, b in zip(t, t[1:]))
vc, dc = c["minute_ventilation_frac_combined"], c["respiratory_drive_combined"]
for curve, low in ((vc, j["minute_ventilation_frac_min_combined"]), (dc, j["respiratory_drive_min_combined"])):
    assert min(curve) >= low - 1e-12 and min(curve) - low < 0.02 * low, (min(curve), low)
for name, curve in c["minute_ventilation_frac_alone"].items():
    low = j["minute_ventilation_frac_min_alone"][name]
    assert min(curve) >= low - 1e-12 and min(curve) - low < 0.02 * low, (name, min(curve), low)
    assert all(x <= y + 1e-12 for x, y in zip(vc, curve)), name
for name, curve in c["respiratory_drive_alone"].items():
    assert all(x <= y + 1e-12 for x, y in zip(dc, curve)), name
assert vc[0] == 1 and vc[-1] > 0.95
PY'
check "the figure is an SVG with both panels" 'grep -q "<svg" "$T/v.svg" && [ "$(stat -c %s "$T/v.svg")" -gt 20000 ]'
e=$("$CN" interact clonazepam:1mg sertraline:50mg --plot "$T/none.svg" 2>&1); rc=$?
check "no two respiratory depressants: --plot exits 2, no file" \
  '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "^cnsim: --plot: no respiratory curves" && [ ! -e "$T/none.svg" ]'
"$CN" interact clonazepam:1mg sertraline:50mg --format json > "$T/n.json"
check "without them the JSON has no curves" '! grep -q ventilation_curves "$T/n.json"'
echo "interact curves: $passes passed, $fails failed"
[ $fails -eq 0 ]
