#!/usr/bin/env bash
# cnsim drug list|show|compare from the command line: formats, JSON fields,
# brand names, answers derived from the class hierarchy, bad input.
set -u
CN=${1:-build/cnsim}
CN=$(cd "$(dirname "$CN")" && pwd)/$(basename "$CN")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

# --- list ---
out=$("$CN" drug list); rc=$?
check "list exits 0" '[ $rc -eq 0 ]'
check "list shows clonazepam as a benzodiazepine with its ATC code" 'echo "$out" | grep -E "^clonazepam +benzodiazepine +N03AE01 +hours" >/dev/null'
check "list shows sertraline onset in weeks" 'echo "$out" | grep -E "^sertraline +SSRI +N06AB06 +weeks" >/dev/null'
"$CN" drug list --format csv --out "$T/list.csv"
check "list csv header" '[ "$(head -1 "$T/list.csv")" = "name,kind,parent_drug,class,atc,onset_min_h,onset_max_h,onset_scale" ]'
check "list csv has 23 drugs" '[ "$(wc -l < "$T/list.csv")" -eq 24 ]'
"$CN" drug list --format json > "$T/list.json"
check "list json names every required drug" 'py "
import json; d = json.load(open(\"$T/list.json\"))
names = {x[\"name\"] for x in d[\"drugs\"]}
need = {\"clonazepam\",\"7-aminoclonazepam\",\"diazepam\",\"desmethyldiazepam\",\"alprazolam\",\"lorazepam\",\"oxazepam\",\"chlordiazepoxide\",\"fluoxetine\",\"norfluoxetine\",\"sertraline\",\"paroxetine\",\"citalopram\",\"escitalopram\",\"fluvoxamine\",\"oxycodone\",\"ethanol\",\"clarithromycin\",\"carbamazepine\"}
assert need <= names, need - names"'

# --- show ---
"$CN" drug show Klonopin --format json --out "$T/k.json"; rc=$?
check "show Klonopin exits 0" '[ $rc -eq 0 ]'
check "show json has the required fields" 'py "
import json; d = json.load(open(\"$T/k.json\"))
assert d[\"name\"] == \"clonazepam\"
assert d[\"classes\"][0] == \"benzodiazepine\" and \"GABA-A receptor positive allosteric modulator\" in d[\"classes\"]
assert \"SSRI\" not in d[\"classes\"] and \"antidepressant\" not in d[\"classes\"]
assert any(\"GABA-A\" in t[\"name\"] for t in d[\"targets\"])
st = {i[\"name\"]: i[\"status\"] for i in d[\"indications\"]}
assert st[\"panic disorder\"] == \"approved\" and st[\"restless legs syndrome\"] == \"off-label\"
assert any(\"Lennox-Gastaut\" in n for n in st)
ids = {s[\"id\"] for s in d[\"sources\"]}
assert \"klonopin-label\" in ids and all(s[\"citation\"] for s in d[\"sources\"])
for k in (\"brand_names\", \"atc\", \"formulations\", \"dose_limits\", \"pk\", \"enzymes\", \"warnings\", \"onset\"):
    assert d[k], k
assert \"Klonopin\" in d[\"brand_names\"] and d[\"atc\"][0][\"code\"] == \"N03AE01\"
forms = {f[\"form\"]: f[\"strengths_mg\"] for f in d[\"formulations\"]}
assert forms[\"tablet\"] == \"0.5,1,2\" and forms[\"odt\"] == \"0.125,0.25,0.5,1,2\"
mx = {l[\"indication\"]: l[\"max_mg_per_day\"] for l in d[\"dose_limits\"] if l[\"population\"] == \"adult\"}
assert mx[\"panic disorder\"] == 4 and mx[\"seizure disorders\"] == 20
assert d[\"onset\"][0][\"scale\"] == \"hours\"
assert any(w[\"kind\"] == \"boxed\" for w in d[\"warnings\"])
# every fact cites a source that is listed
def walk(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k.endswith(\"source\") and v is not None: yield v
            yield from walk(v)
    elif isinstance(x, list):
        for v in x: yield from walk(v)
cited = set(walk({k: v for k, v in d.items() if k != \"sources\"}))
assert cited <= ids, cited - ids
"'
text=$("$CN" drug show klonopin)
check "show text has a Sources section with the label" 'echo "$text" | grep -q "^Sources" && echo "$text" | grep -q "\[klonopin-label\] "'
check "show text marks off-label uses" 'echo "$text" | grep -q "off-label restless legs"'
"$CN" drug show Zoloft --format json | py "
import json, sys; d = json.load(sys.stdin)
assert d['name'] == 'sertraline' and d['classes'][:2] == ['SSRI', 'antidepressant']
assert d['onset'][0]['scale'] == 'weeks'" && ok || bad "show Zoloft resolves to an SSRI with onset in weeks"

# --- compare ---
"$CN" drug compare clonazepam sertraline --format json > "$T/c.json"; rc=$?
check "compare exits 0" '[ $rc -eq 0 ]'
check "compare json answers come from the hierarchy" 'py "
import json; d = json.load(open(\"$T/c.json\"))
assert [x[\"name\"] for x in d[\"drugs\"]] == [\"clonazepam\", \"sertraline\"]
a = {(x[\"drug\"], x[\"class\"]): x[\"answer\"] for x in d[\"answers\"]}
assert a[(\"clonazepam\", \"SSRI\")] is False
assert a[(\"clonazepam\", \"antidepressant\")] is False
assert a[(\"clonazepam\", \"benzodiazepine\")] is True
assert a[(\"sertraline\", \"SSRI\")] is True
assert a[(\"sertraline\", \"antidepressant\")] is True
assert a[(\"sertraline\", \"benzodiazepine\")] is False
s = {x[\"name\"]: x[\"onset\"][\"scale\"] for x in d[\"summary\"]}
assert s == {\"clonazepam\": \"hours\", \"sertraline\": \"weeks\"}
"'
text=$("$CN" drug compare Klonopin Lexapro)
check "compare text answers directly" 'echo "$text" | grep -q "Is clonazepam an SSRI? No." && echo "$text" | grep -q "Is escitalopram an SSRI? Yes." && echo "$text" | grep -q "Is clonazepam an antidepressant? No."'

# --- help ---
for sub in "" list show compare; do
    h=$("$CN" drug $sub --help); rc=$?
    check "drug $sub --help exits 0 with an example" '[ $rc -eq 0 ] && echo "$h" | grep -q "cnsim drug"'
done

# --- bad input: exit 2, one line naming the value, no output file ---
msg=$("$CN" drug show clonazepan --out "$T/x.json" 2>&1 >/dev/null); rc=$?
check "unknown drug exits 2" '[ $rc -eq 2 ]'
check "unknown drug names the value and suggests" 'echo "$msg" | grep -q "unknown drug '"'"'clonazepan'"'"'; did you mean clonazepam"'
check "unknown drug message is one line" '[ "$(echo "$msg" | wc -l)" -eq 1 ]'
check "no output file on bad input" '[ ! -e "$T/x.json" ]'
"$CN" drug compare clonazepam nosuchdrug >/dev/null 2>&1; rc=$?
check "compare with an unknown drug exits 2" '[ $rc -eq 2 ]'
"$CN" drug show >/dev/null 2>&1; rc=$?
check "show without a name exits 2" '[ $rc -eq 2 ]'
"$CN" drug frobnicate >/dev/null 2>&1; rc=$?
check "unknown subcommand exits 2" '[ $rc -eq 2 ]'
"$CN" drug show clonazepam --format xml >/dev/null 2>&1; rc=$?
check "unknown format exits 2" '[ $rc -eq 2 ]'
"$CN" drug show clonazepam --registry /nonexistent.db >/dev/null 2>&1; rc=$?
check "unreadable registry exits 2" '[ $rc -eq 2 ]'

# --- works from any directory, without the env variable ---
(cd "$T" && env -u CNSIM_REGISTRY "$CN" drug show Rivotril >/dev/null); rc=$?
check "works from another directory" '[ $rc -eq 0 ]'

echo "test_drug: $passes passed, $fails failed"
[ $fails -eq 0 ]
