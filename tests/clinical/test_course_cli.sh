#!/usr/bin/env bash
# cnsim bridge: JSON contract (disclaimer, weeks to response with/without,
# taper peak withdrawal index, warnings with sources), text disclaimer
# first, bad input exits 2 with a message and writes no file.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

"$CN" bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --format json > "$T/b.json"
check "json: exit 0" '[ $? -eq 0 ] && [ -s "$T/b.json" ]'
check "json: contract fields" 'py "
import json; d = json.load(open(\"$T/b.json\"))
for k in (\"disclaimer\", \"weeks_to_response_with\", \"weeks_to_response_without\", \"taper_peak_withdrawal_index\",
          \"weeks_to_remission_with\", \"weeks_to_remission_without\", \"scores\", \"warnings\", \"bridge_schedule\"):
    assert k in d, k
assert \"not medical advice\" in d[\"disclaimer\"]
assert d[\"weeks_to_response_with\"] < d[\"weeks_to_response_without\"]
assert [s[\"week\"] for s in d[\"scores\"]] == list(range(1, 13))
c = {w[\"code\"]: w[\"source\"] for w in d[\"warnings\"]}
assert c[\"interaction_moderate\"] == \"klonopin-label\" and \"asam2025\" in c[\"taper_faster_than_guideline\"], c"'
first=$("$CN" bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 | head -1)
check "text: disclaimer is the first line" 'echo "$first" | grep -q "not medical advice"'
"$CN" bridge --ssri sertraline:50mg --with clonazepam:0.25mg-tid --weeks 2 --taper-weeks 1 --follow-weeks 8 --out "$T/t.txt"
check "--out writes the file (tid, short taper)" '[ -s "$T/t.txt" ]'

# Virtual patients: same seed -> identical output; --patients 0 is the
# mean-patient output unchanged; the population object has both arms.
B="bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4"
# shellcheck disable=SC2086
"$CN" $B --patients 300 --seed 7 --format json > "$T/p1.json"
# shellcheck disable=SC2086
"$CN" $B --patients 300 --seed 7 --format json > "$T/p2.json"
check "population: same seed, identical output" 'cmp -s "$T/p1.json" "$T/p2.json"'
# shellcheck disable=SC2086
"$CN" $B --patients 300 --seed 8 --format json > "$T/p3.json"
check "population: another seed, other output" '! cmp -s "$T/p1.json" "$T/p3.json"'
check "population: json object" 'py "
import json; d = json.load(open(\"$T/p1.json\"))
p = d[\"population\"]
assert p[\"n_patients\"] == 300 and p[\"seed\"] == 7
for arm in (\"with\", \"without\"):
    a = p[arm]
    assert [w[\"week\"] for w in a[\"weeks\"]] == [1, 2, 4, 6, 8]
    assert all(0 <= w[\"responder_pct\"] <= 100 and 0 <= w[\"remitter_pct\"] <= 100 for w in a[\"weeks\"])
    assert \"median_weeks_to_response\" in a
assert p[\"with\"][\"weeks\"][1][\"responder_pct\"] > p[\"without\"][\"weeks\"][1][\"responder_pct\"]
assert abs(p[\"with\"][\"weeks\"][4][\"responder_pct\"] - p[\"without\"][\"weeks\"][4][\"responder_pct\"]) < 15"'
# shellcheck disable=SC2086
"$CN" $B --patients 0 --format json > "$T/n0.json"
# shellcheck disable=SC2086
"$CN" $B --patients 0 > "$T/n0.txt"
# shellcheck disable=SC2086
"$CN" $B > "$T/plain.txt"
check "--patients 0: output unchanged (json, text)" 'cmp -s "$T/n0.json" "$T/b.json" && cmp -s "$T/n0.txt" "$T/plain.txt" && ! grep -q population "$T/n0.json"'
# shellcheck disable=SC2086
"$CN" $B --patients 200 > "$T/p.txt"
check "population: text table" 'grep -q "virtual patients: 200" "$T/p.txt" && grep -q "median weeks to response" "$T/p.txt"'

for a in "--ssri nosuchdrug:50mg --with clonazepam:0.5mg-bid --weeks 4" \
         "--ssri sertraline:50mg --with nosuchdrug:0.5mg-bid --weeks 4" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bd --weeks 4" \
         "--ssri sertraline:50mg --with clonazepam:0.5 --weeks 4" \
         "--ssri sertraline --with clonazepam:0.5mg-bid --weeks 4" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 0" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 27" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks -1" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks x" \
         "--ssri clonazepam:1mg --with clonazepam:0.5mg-bid --weeks 4" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --patients 10001" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --patients -1" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --patients 2.5" \
         "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --seed x"; do
    rm -f "$T/bad.json"
    # shellcheck disable=SC2086
    "$CN" bridge $a --out "$T/bad.json" 2> "$T/err"
    rc=$?
    check "bad input ($a): exit 2 ($rc), message, no file" '[ $rc -eq 2 ] && [ -s "$T/err" ] && [ ! -e "$T/bad.json" ]'
done

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
