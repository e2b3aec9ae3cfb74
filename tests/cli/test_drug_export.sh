#!/usr/bin/env bash
# cnsim drug export NAME [--formulation FORM] [--out FILE|-]: a registry
# drug's PK model as a model file (docs/models.md, section 12): valid JSON
# on standard output or in a file, the registry's values in the file's
# units, bad input refused with exit 2 and one line, and the --help
# examples run.
set -u
CN=${1:-build/cnsim}
CN=$(cd "$(dirname "$CN")" && pwd)/$(basename "$CN")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
py() { /usr/bin/python3 -c "$1"; }

# --- standard output ---
"$CN" drug export clonazepam --out - > "$T/out.json" 2> "$T/err"; rc=$?
check "export --out - exits 0 (rc $rc: $(cat "$T/err"))" '[ $rc -eq 0 ]'
check "export --out - writes the model as JSON" 'py "
import json; d = json.load(open(\"$T/out.json\"))
assert d[\"name\"] == \"clonazepam\" and d[\"compartments\"] == 2
p = d[\"parameters\"]
assert set(p) == {\"CL\", \"V\", \"KA\", \"Q\", \"V2\", \"F1\"}, p
assert p[\"CL\"] == 4.2 and p[\"V\"] == 98.6 and p[\"KA\"] == 1.73 and p[\"F1\"] == 0.9
m = d[\"metabolites\"]
assert len(m) == 1 and m[0][\"name\"] == \"7-aminoclonazepam\" and m[0][\"fm\"] == 0.7
assert d[\"omega\"] == {\"CL\": 0.083, \"V\": 0.072, \"KA\": 0.16, \"F1\": 0.026}
assert d[\"sources\"] and all(isinstance(s, str) and s for s in d[\"sources\"])
assert any(s.startswith(\"greenblatt2005 (\") for s in d[\"sources\"])
"'
"$CN" drug export clonazepam > "$T/default.json"
check "no --out is standard output too" 'cmp -s "$T/out.json" "$T/default.json"'

# --- a file, written atomically ---
"$CN" drug export Klonopin --out "$T/k.json"; rc=$?
check "export --out FILE exits 0" '[ $rc -eq 0 ]'
check "export --out FILE writes the same model (brand names resolve)" 'cmp -s "$T/out.json" "$T/k.json"'
check "no temporary file is left beside it" '[ "$(ls "$T" | grep -c "\.tmp")" -eq 0 ]'

# --- formulations and Michaelis-Menten units ---
"$CN" drug export clonazepam --formulation solution --out "$T/sol.json"; rc=$?
check "export --formulation solution exits 0" '[ $rc -eq 0 ]'
check "the solution's KA is the formulation's" 'py "
import json; d = json.load(open(\"$T/sol.json\"))
assert d[\"parameters\"][\"KA\"] == 1.106, d[\"parameters\"]
assert any(s.startswith(\"kruizinga2022 (\") and \"KA\" in s.split(\":\")[0] for s in d[\"sources\"])
"'
"$CN" drug export paroxetine --formulation=suspension > "$T/par.json"
check "KM is written in mg/L (12 ng/mL = 0.012 mg/L)" 'py "
import json; d = json.load(open(\"$T/par.json\"))
assert d[\"parameters\"][\"KM\"] == 0.012 and d[\"parameters\"][\"VMAX\"] == 0.12, d[\"parameters\"]
"'

# --- every parent drug exports to valid JSON ---
mapfile -t drugs < <("$CN" drug list --format json | py "
import json, sys
for x in json.load(sys.stdin)['drugs']:
    if x['kind'] == 'parent': print(x['name'])")
check "drug list gives parent drugs" '[ ${#drugs[@]} -ge 16 ]'
for d in "${drugs[@]}"; do
  "$CN" drug export "$d" > "$T/d.json" 2> "$T/err"; rc=$?
  check "export $d (rc $rc: $(cat "$T/err"))" '[ $rc -eq 0 ] && py "import json; json.load(open(\"$T/d.json\"))"'
done

# --- bad input: exit 2, one line naming what was wrong, no file left ---
expect_bad() {   # NAME WANT ARGS...
  local name=$1 want=$2; shift 2
  local e; e=$("$CN" "$@" 2>&1 >/dev/null); local rc=$?
  if [ $rc -eq 2 ] && [ "$(printf '%s\n' "$e" | wc -l)" -eq 1 ] && printf '%s' "$e" | grep -qF -- "$want"; then
    ok
  else
    bad "$name: rc=$rc msg='$e'"
  fi
}
expect_bad "unknown drug" "cnsim: drug export: unknown drug 'nosuchdrug'" drug export nosuchdrug --out "$T/bad.json"
check "no file is left for an unknown drug" '[ ! -e "$T/bad.json" ]'
expect_bad "typo gets a suggestion" "did you mean clonazepam" drug export clonazepan
expect_bad "a metabolite" "7-aminoclonazepam is a metabolite of clonazepam" drug export 7-aminoclonazepam
expect_bad "unknown formulation" "unknown formulation 'gel' for clonazepam; expected one of: tablet, odt, solution" \
  drug export clonazepam --formulation gel
expect_bad "no name" "drug export: expected one drug name, got 0" drug export
expect_bad "two names" "unexpected argument 'sertraline'" drug export clonazepam sertraline
expect_bad "--format is not an export option" "unknown option '--format'" drug export clonazepam --format json
expect_bad "--formulation needs a value" "--formulation needs a value" drug export clonazepam --formulation
expect_bad "unknown subcommand lists export" "expected list, show, compare or export" drug exprot clonazepam

# --- help: listed under drug, examples that run ---
check "cnsim drug --help lists export" '"$CN" drug --help | grep -q "^  export NAME"'
check "cnsim help drug export is cnsim drug export --help" '[ "$("$CN" help drug export)" = "$("$CN" drug export --help)" ]'
mapfile -t ex < <("$CN" drug export --help | sed -n '/^example/,$p' | awk '/^  cnsim / {print}')
check "drug export --help has examples" '[ ${#ex[@]} -ge 1 ]'
mkdir -p "$T/ex"
for line in "${ex[@]}"; do
  args=${line#*cnsim }
  (cd "$T/ex" && eval "\"\$CN\" $args" > /dev/null 2> "$T/ex.err"); rc=$?
  check "example runs: cnsim $args (rc $rc: $(head -c 200 "$T/ex.err"))" '[ $rc -eq 0 ]'
done

echo "test_drug_export: $passes passed, $fails failed"
[ $fails -eq 0 ]
