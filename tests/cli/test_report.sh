#!/usr/bin/env bash
# HTML reports (issue 17): `cnsim report` (the demo scenario) and
# --format html of simulate, interact, bridge, population and trial. Each
# is one valid HTML5 document (html5lib strict and tidy) that needs
# nothing else: no script, nothing fetched, the figure inline; it holds
# the inputs, every warning and finding with its source, the tables and
# the run manifest. Bad input exits 2 and leaves no file.
set -u
CN=$(realpath "${1:-build/cnsim}")
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=${CNSIM_SOURCE_DIR:-$(cd "$HERE/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0; passes=0
check() { if eval "$2"; then passes=$((passes + 1)); else echo "FAIL: $1"; fails=$((fails + 1)); fi; }
self_contained() {   # no script, no external resource
  ! grep -qiE '<script|(src|href)="(https?:)?//' "$1"
}

"$CN" report --out "$T/demo.html" 2> "$T/err"; rc=$?
check "report (the demo scenario) exits 0" '[ $rc -eq 0 ]'
check "the demo report is valid HTML5" '/usr/bin/python3 "$HERE/validate_html.py" "$T/demo.html" > "$T/v" 2>&1 || { cat "$T/v"; false; }'
check "the demo report is self-contained, with its figure inline" 'self_contained "$T/demo.html" && grep -q "<svg" "$T/demo.html" && ! grep -q "<?xml" "$T/demo.html"'
check "the demo report holds inputs, warnings with sources, results and the manifest" \
  'grep -q "<h2>Inputs</h2>" "$T/demo.html" && grep -q "sertraline" "$T/demo.html" && grep -q "Source: asam2025" "$T/demo.html" &&
   grep -q "<h2>Results</h2>" "$T/demo.html" && grep -q "<h2>Run manifest</h2>" "$T/demo.html" && grep -q "not a prescribing tool" "$T/demo.html"'
check "the demo report samples the time series (at most 60 rows a subject)" \
  '[ "$(grep -c "<tr>" "$T/demo.html")" -lt 400 ] && grep -qE "every [0-9]+(st|nd|rd|th)? ?shown" "$T/demo.html"'
check "the report's warnings are printed on stderr too, as simulate prints them" 'grep -q "taper_faster_than_guideline" "$T/err"'

"$CN" interact clonazepam:1mg oxycodone:20mg --format html --out "$T/int.html"; rc=$?
check "interact --format html: valid, self-contained, findings with advice and source" \
  '[ $rc -eq 0 ] && /usr/bin/python3 "$HERE/validate_html.py" "$T/int.html" && self_contained "$T/int.html" &&
   grep -q "boxed-warning" "$T/int.html" && grep -q "<em>Advice:</em>" "$T/int.html" && grep -q "Source: .*[Ll]abel" "$T/int.html"'
"$CN" report interact clonazepam:1mg oxycodone:20mg --out "$T/int2.html"
check "report interact ... is interact ... --format html" \
  'diff <(grep -v -e "written (UTC)" -e "<p><code>cnsim" "$T/int.html") <(grep -v -e "written (UTC)" -e "<p><code>cnsim" "$T/int2.html") > /dev/null'
"$CN" bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4 --format html --out "$T/br.html"
check "bridge --format html: valid, the weekly scores as a table" \
  '/usr/bin/python3 "$HERE/validate_html.py" "$T/br.html" && grep -q "hamd with" "$T/br.html"'
"$CN" population "$SRC/scenarios/bench-p1.json" --n 40 --threads 1 --format html --out "$T/pop.html"
check "population --format html: valid, with its band figure" \
  '/usr/bin/python3 "$HERE/validate_html.py" "$T/pop.html" && grep -q "<svg" "$T/pop.html"'
"$CN" trial "$SRC/scenarios/trial-panic.json" --replicates 3 --threads 1 --format html --out "$T/tr.html"
check "trial --format html: valid" '/usr/bin/python3 "$HERE/validate_html.py" "$T/tr.html"'
"$CN" report taper --drug clonazepam --from "1 mg bid" --out "$T/tp.html"
check "report taper ... is the taper's printable plan" '/usr/bin/python3 "$HERE/validate_html.py" "$T/tp.html" && grep -qi "diary" "$T/tp.html"'
"$CN" report --out - > "$T/stdout.html"
check "report --out - writes standard output" 'grep -q "</html>" "$T/stdout.html"'

# bad input: exit 2, one line, no file
e=$("$CN" simulate --drug nosuchdrug --regimen "1 mg qd" --format html --out "$T/bad.html" 2>&1); rc=$?
check "a bad drug with --format html: exit 2, the simulate message, no file" \
  '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "nosuchdrug" && [ ! -e "$T/bad.html" ]'
e=$("$CN" simulate --drug clonazepam --regimen "1 mg qd" --format html --plot "$T/x.png" --out "$T/bad.html" 2>&1); rc=$?
check "--plot with --format html: exit 2 naming --plot" '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "^cnsim: --plot" && [ ! -e "$T/x.png" ]'
e=$("$CN" report withdrawal --drug clonazepam 2>&1); rc=$?
check "report of a command without a report: exit 2" '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "has no HTML report"'
e=$("$CN" report nosuch 2>&1); rc=$?
check "report nosuch: exit 2" '[ $rc -eq 2 ]'
e=$("$CN" report --frob 2>&1); rc=$?
check "report --frob: exit 2, unknown option" '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "unknown option"'
e=$("$CN" simulate --drug clonazepam --regimen "1 mg qd" --format html --out /nonexistent/dir/r.html 2>&1); rc=$?
check "an unwritable --out: exit 1 or 2 with a message" '[ $rc -ne 0 ] && printf "%s" "$e" | grep -q "/nonexistent/dir/r.html"'

echo "report: $passes passed, $fails failed"
[ $fails -eq 0 ]
