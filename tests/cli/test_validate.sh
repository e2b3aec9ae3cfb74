#!/usr/bin/env bash
# cnsim validate: every published check of the registry passes, names a
# source the registry holds, and the JSON, CSV, Markdown and HTML reports
# have their shape; exit codes; the committed docs/validation.md is what
# the command writes. `make test` runs the whole validation through here.
set -u
CN=${1:-build/cnsim}
CN=$(cd "$(dirname "$CN")" && pwd)/$(basename "$CN")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

# --- the whole validation, as JSON ---
"$CN" validate --format json --out "$T/v.json" --plot "$T/v.svg" 2>"$T/err"; rc=$?
check "validate exits 0 when every check passes" '[ $rc -eq 0 ]'
[ $rc -eq 0 ] || { cat "$T/err"; "$CN" validate | grep FAIL; }
check "the plot is an SVG" 'grep -q "<svg" "$T/v.svg"'
DB=$("$CN" drug show clonazepam --format json | py "import json,sys; print(json.load(sys.stdin)['registry'])")
check "JSON: at least 60 checks, keys, sources in the registry, all drugs" 'py "
import json, sqlite3
d = json.load(open(\"$T/v.json\"))
c = d[\"checks\"]
assert len(c) >= 60, len(c)
for x in c:
    for k in (\"name\", \"source\", \"simulated\", \"published\", \"tolerance\", \"pass\"):
        assert k in x, (k, x)
    assert isinstance(x[\"pass\"], bool) and isinstance(x[\"published\"], float) and isinstance(x[\"simulated\"], float)
    assert x[\"source\"] and x[\"citation\"] and not x[\"citation\"].startswith(\"(unknown\"), x
assert d[\"summary\"][\"n_checks\"] == len(c) and d[\"summary\"][\"n_pass\"] == sum(x[\"pass\"] for x in c)
assert len({x[\"name\"] for x in c}) == len(c)
db = sqlite3.connect(\"$DB\")
ids = {r[0] for r in db.execute(\"SELECT id FROM sources\")}
for x in c:
    assert x[\"source\"] in ids, x[\"source\"]
    a, y, j = db.execute(\"SELECT authors, year, journal_or_label FROM sources WHERE id = ?\", (x[\"source\"],)).fetchone()
    assert a and j, x[\"source\"]
parents = {r[0] for r in db.execute(\"SELECT name FROM drugs WHERE kind = \x27parent\x27\")}
assert parents <= {x[\"drug\"] for x in c}, parents - {x[\"drug\"] for x in c}
species = {x[\"species\"] for x in c if x[\"species\"]}
assert {\"norfluoxetine\", \"desmethyldiazepam\", \"7-aminoclonazepam\"} <= species
kinds = {x[\"kind\"] for x in c}
assert {\"nca\", \"occupancy\", \"withdrawal\", \"trial_response\"} <= kinds, kinds
"'

# --- other formats ---
"$CN" validate --only 'clonazepam*' --format csv > "$T/v.csv"; rc=$?
check "csv exits 0" '[ $rc -eq 0 ]'
check "csv header names the contract columns" 'head -1 "$T/v.csv" | grep -q "^name,kind,drug,species,regimen,drug2,regimen2,metric,simulated,published,tolerance,"'
check "--only with a wildcard keeps the matching checks" '[ "$(tail -n +2 "$T/v.csv" | wc -l)" -ge 6 ] && ! grep -q "^\"sertraline" "$T/v.csv"'
"$CN" validate --only paroxetine --format html --out "$T/v.html"; rc=$?
check "html report" '[ $rc -eq 0 ] && grep -q "<table>" "$T/v.html" && grep -q "paxil-label" "$T/v.html" && grep -q "<svg" "$T/v.html"'
out=$("$CN" validate --only escitalopram); rc=$?
check "text report says how many pass" '[ $rc -eq 0 ] && echo "$out" | grep -q "of 4 published checks pass"'

# --- the committed report is the command's output ---
"$CN" validate --format md --out "$T/validation.md" --plot "$T/validation.svg"
check "docs/validation.md is what cnsim validate --format md writes" 'diff -u "$SRC/docs/validation.md" "$T/validation.md"'

# --- a check that fails: exit 1, the report still written ---
cp "$DB" "$T/wrong.db"
py "import sqlite3; db = sqlite3.connect('$T/wrong.db'); db.execute(\"UPDATE validation_checks SET published = published * 3 WHERE name LIKE 'sertraline: terminal%'\"); db.commit()"
CNSIM_REGISTRY="$T/wrong.db" "$CN" validate --only sertraline --format json --out "$T/w.json" 2>"$T/err"; rc=$?
check "a failing check exits 1 and says how many fail" '[ $rc -eq 1 ] && grep -q "1 of 8 checks fail" "$T/err"'
check "the failing check is reported with pass false" 'py "
import json; c = json.load(open(\"$T/w.json\"))[\"checks\"]
f = [x[\"name\"] for x in c if not x[\"pass\"]]
assert f == [\"sertraline: terminal half-life\"], f"'

# --- bad input: exit 2 with a message naming the option ---
"$CN" validate --frob 2>"$T/err"; rc=$?
check "unknown option exits 2" '[ $rc -eq 2 ] && grep -q -- "--frob" "$T/err"'
"$CN" validate --format sql 2>"$T/err"; rc=$?
check "a format validate does not offer exits 2" '[ $rc -eq 2 ] && grep -q -- "--format" "$T/err"'
"$CN" validate --only no-such-check-anywhere 2>"$T/err"; rc=$?
check "a pattern that matches nothing exits 2" '[ $rc -eq 2 ] && grep -q "matches none" "$T/err"'
"$CN" validate --plot "$T/v.gif" 2>"$T/err"; rc=$?
check "a plot without a picture extension exits 2" '[ $rc -eq 2 ] && grep -q -- "--plot" "$T/err"'
out=$("$CN" validate --help); rc=$?
check "--help has a runnable example and the exit codes" '[ $rc -eq 0 ] && echo "$out" | grep -q "cnsim validate --only" && echo "$out" | grep -q "1 when any fails"'

echo "test_validate: $passes passed, $fails failed"
[ $fails -eq 0 ]
