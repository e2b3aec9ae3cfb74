#!/usr/bin/env bash
# One command-line grammar for every converted subcommand (src/cli/opt.c):
# --opt=value as --opt value, unknown and valueless options named in one
# line with exit 2, --out - to standard output, the shared --seed and
# --threads ranges, output errors under their own option, write failures
# exit 1, and every --help with examples that run.
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

SMITH="$SRC/scenarios/trial-depression-smith1998.json"
NET_SMALL="--n-exc 160 --n-inh 40 --p-connect 0.4 --duration 50ms"

# The converted commands, each with a quick valid invocation.
declare -A RUN=(
  [drug]="drug list"
  [channel]="channel --duration 1s"
  [neuron]="neuron --duration 20ms"
  [network]="network $NET_SMALL"
  [excitability-map]="excitability-map --steps 2 --duration 20ms"
  [population]="population bench-p1 --n 5"
  [trial]="trial $SMITH --replicates 2"
)

# expect_bad NAME WANT ARGS...: exit 2, one line on stderr holding WANT.
expect_bad() {
  local name=$1 want=$2; shift 2
  local e; e=$("$CN" "$@" 2>&1 >/dev/null); local rc=$?
  if [ $rc -eq 2 ] && [ "$(printf '%s\n' "$e" | wc -l)" -eq 1 ] && printf '%s' "$e" | grep -qF -- "$want"; then
    ok
  else
    bad "$name: rc=$rc msg='$e'"
  fi
}

# --- --opt=value reads like --opt value ---
same() {   # name, args with '=' forms, args with blank forms (word-split)
  "$CN" $2 > "$T/eq.out" 2>&1; local r1=$?
  "$CN" $3 > "$T/sp.out" 2>&1; local r2=$?
  if [ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/eq.out" "$T/sp.out"; then ok; else bad "$1: --opt=value differs (rc $r1/$r2)"; fi
}
same "drug show" "drug show clonazepam --format=json" "drug show clonazepam --format json"
same "channel" "channel --duration=1s --seed=3 --bzd-occupancy=0.5 --format=json" \
               "channel --duration 1s --seed 3 --bzd-occupancy 0.5 --format json"
same "neuron" "neuron --inject=0.5nA --duration=20ms --seed=2 --format=csv" \
              "neuron --inject 0.5nA --duration 20ms --seed 2 --format csv"
same "excitability-map" "excitability-map --steps=2 --duration=20ms --seed=4" \
                        "excitability-map --steps 2 --duration 20ms --seed 4"
same "population" "population bench-p1 --n=20 --seed=3 --format=csv" "population bench-p1 --n 20 --seed 3 --format csv"
same "trial" "trial $SMITH --replicates=3 --seed=2 --format=csv" "trial $SMITH --replicates 3 --seed 2 --format csv"
a=$("$CN" network $NET_SMALL --seed=5 --gabaa-modulation=1.5 --format=json | grep -E '"(total_spikes|gabaa_modulation|seed)"')
b=$("$CN" network $NET_SMALL --seed 5 --gabaa-modulation 1.5 --format json | grep -E '"(total_spikes|gabaa_modulation|seed)"')
check "network: --opt=value reads like --opt value" '[ -n "$a" ] && [ "$a" = "$b" ]'
a=$("$CN" network $NET_SMALL --adaptation 0.3 --format json | grep -E '"(total_spikes|adaptation)"')
b=$("$CN" network $NET_SMALL --gabaa-adaptation=0.3 --format json | grep -E '"(total_spikes|adaptation)"')
check "network: --adaptation is an alias of --gabaa-adaptation" '[ -n "$a" ] && [ "$a" = "$b" ]'

# The commands rebuilt on the model/run objects (issue 10): their values
# hold spaces, so each is an array.
SIM=(simulate --drug clonazepam --regimen "0.5 mg bid for 3 d" --until 5d)
WDR=(withdrawal --drug clonazepam --schedule "0.5 mg bid for 14 d" --until 30d)
TAP=(taper --drug clonazepam --from "0.5 mg bid")
BRI=(bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 2 --n 20)
INT=(interact clonazepam:1mg oxycodone:20mg)
"$CN" "${SIM[@]}" --every=2h --format=csv --pd-step=0.1h --pd-max-step=0.5h > "$T/s1.csv" 2>/dev/null; r1=$?
"$CN" "${SIM[@]}" --every 2h --format csv --pd-step 0.1h --pd-max-step 0.5h > "$T/s2.csv" 2>/dev/null; r2=$?
check "simulate: --opt=value reads like --opt value" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/s1.csv" "$T/s2.csv"'
"$CN" simulate --drug=clonazepam --regimen="0.5 mg bid for 3 d" --until=5d --format=csv --out=- > "$T/s3.csv" 2>/dev/null
check "simulate --out=- writes the CSV to standard output" 'head -1 "$T/s3.csv" | grep -q "^id,time_h,clonazepam_ng_mL" && [ ! -e ./- ]'
"$CN" "${WDR[@]}" --format=json > "$T/w1.json" 2>/dev/null; r1=$?
"$CN" "${WDR[@]}" --format json > "$T/w2.json" 2>/dev/null; r2=$?
check "withdrawal: --opt=value reads like --opt value" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/w1.json" "$T/w2.json"'
"$CN" taper --drug=clonazepam --from="0.5 mg bid" --method=proportional --format=json > "$T/t1.json" 2>/dev/null; r1=$?
"$CN" taper --drug clonazepam --from "0.5 mg bid" --method proportional --format json > "$T/t2.json" 2>/dev/null; r2=$?
check "taper: --opt=value reads like --opt value" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/t1.json" "$T/t2.json"'
"$CN" bridge --ssri=sertraline:50mg --with=clonazepam:0.5mg-bid --weeks=2 --n=20 --seed=4 --format=json > "$T/b1.json" 2>/dev/null; r1=$?
"$CN" bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 2 --patients 20 --seed 4 --format json > "$T/b2.json" 2>/dev/null; r2=$?
check "bridge: --opt=value and the --patients alias of --n" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/b1.json" "$T/b2.json"'
"$CN" "${INT[@]}" --format=json --out=- > "$T/i1.json" 2>/dev/null; r1=$?
"$CN" "${INT[@]}" --format json > "$T/i2.json" 2>/dev/null; r2=$?
check "interact: --opt=value and --out -" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && cmp -s "$T/i1.json" "$T/i2.json"'
for arr in SIM WDR TAP BRI INT; do
  declare -n w=$arr
  c=${w[0]}
  expect_bad "$c: unknown option last" "cnsim $c: unknown option '--frob' (" "${w[@]}" --frob
  expect_bad "$c: unknown --opt=value" "unknown option '--frob'" "${w[@]}" --frob=1
  expect_bad "$c: --format needs a value" "cnsim $c: --format needs a value (" "${w[@]}" --format
  expect_bad "$c: --out needs a value" "cnsim $c: --out needs a value (FILE, or - for standard output)" "${w[@]}" --out
  unset -n w
done
expect_bad "simulate: --until takes the shared durations" "--until: " "${SIM[@]:0:5}" --until "3 fortnights"
"$CN" "${SIM[@]:0:5}" --until "3 wks" --format csv > "$T/wks.csv" 2>/dev/null
check "simulate: --until \"3 wks\" is 3 weeks" '[ "$(tail -1 "$T/wks.csv" | cut -d, -f2)" = 504 ]'
expect_bad "simulate: --pd-max-step below --pd-step" "--pd-max-step" "${SIM[@]}" --pd-step 0.5h --pd-max-step 0.1h
expect_bad "simulate: --seed out of range" "cnsim: --seed: 18446744073709551616 is out of range" "${SIM[@]}" --seed 18446744073709551616

# --- unknown options, also as the last word; missing values ---
for c in "${!RUN[@]}"; do
  read -r -a w <<< "${RUN[$c]}"
  sub=${w[0]}; [ "$sub" = drug ] && sub="drug list"
  expect_bad "$c: unknown option last" "cnsim $sub: unknown option '--frob' (" "${w[@]}" --frob
  expect_bad "$c: unknown option points to help" "see cnsim $sub --help)" "${w[@]}" --frobnicate
  expect_bad "$c: unknown option first" "unknown option '--frob'" "${w[0]}" $([ "$c" = drug ] && echo list) --frob 1 "${w[@]:1}"
  expect_bad "$c: unknown --opt=value" "unknown option '--frob'" "${w[@]}" --frob=1
  expect_bad "$c: --format needs a value" "cnsim $sub: --format needs a value (" "${w[@]}" --format
  expect_bad "$c: --out needs a value" "cnsim $sub: --out needs a value (FILE, or - for standard output)" "${w[@]}" --out
done
expect_bad "missing --seed names it and the range" "--seed needs a value (N, a whole number from 0 to 18446744073709551615)" channel --seed
expect_bad "missing --n" "--n needs a value" population bench-p1 --n
expect_bad "missing --replicates" "--replicates needs a value" trial "$SMITH" --replicates
expect_bad "missing --spikes" "--spikes needs a value" network --spikes
expect_bad "an option word is not taken as a value" "--spikes needs a value" network --spikes --format json
expect_bad "missing --metrics-out" "--metrics-out needs a value" population bench-p1 --metrics-out
expect_bad "a flag takes no value" "--quiet takes no value (got '--quiet=1')" population bench-p1 --quiet=1
expect_bad "a near miss is suggested" "did you mean --threads?" population bench-p1 --thread 2
expect_bad "unoffered format names the offered ones" "--format: 'csv' is not offered by cnsim channel; expected text or json" channel --format csv
expect_bad "unknown format" "--format: 'xml' is not a format; expected csv, json or sql" excitability-map --format xml
expect_bad "positional where none is taken" "cnsim channel: unexpected argument 'extra'" channel extra
expect_bad "second scenario" "unexpected argument 'b.json'" population a.json b.json
expect_bad "bad value: the units.h message, prefixed once" "cnsim: --bzd-occupancy: 2 is out of range; expected a number from 0 to 1" channel --bzd-occupancy 2
e=$("$CN" network --config /nonexistent/net.json 2>&1 >/dev/null)
check "no doubled prefix" '! printf "%s" "$e" | grep -q -- "--config: --config" && printf "%s" "$e" | grep -q "^cnsim: --config: "'

# --- --out - is standard output ---
"$CN" drug list --format csv --out - > "$T/o1.csv"
"$CN" drug list --format csv > "$T/o2.csv"
check "drug list --out - writes standard output" '[ -s "$T/o1.csv" ] && cmp -s "$T/o1.csv" "$T/o2.csv" && [ ! -e ./- ]'
(cd "$T" && "$CN" channel --duration 1s --format json --out - > "$T/c.json")
check "channel --out - writes JSON to standard output, no file '-'" 'grep -q "\"n_openings\"" "$T/c.json" && [ ! -e "$T/-" ]'
(cd "$T" && "$CN" trial "$SMITH" --replicates 2 --format csv --out=- > "$T/t.csv")
check "trial --out=- writes CSV to standard output" 'head -1 "$T/t.csv" | grep -q "^endpoint," && [ ! -e "$T/-" ]'

# --- shared --seed and --threads ---
for c in channel neuron network excitability-map population trial; do
  read -r -a w <<< "${RUN[$c]}"
  "$CN" "${w[@]}" --seed 18446744073709551615 --format json > "$T/seed.json" 2> "$T/seed.err"; rc=$?
  check "$c: --seed 2^64-1 accepted (rc $rc: $(head -c 200 "$T/seed.err"))" '[ $rc -eq 0 ]'
  expect_bad "$c: --seed 2^64 refused" "cnsim: --seed: 18446744073709551616 is out of range; expected a whole number from 0 to 18446744073709551615" "${w[@]}" --seed 18446744073709551616
  expect_bad "$c: --seed -1 refused" "--seed: '-1' is not a whole number" "${w[@]}" --seed -1
done
check "a 64-bit seed is written exactly in JSON" 'grep -q "\"seed\": \"18446744073709551615\"" "$T/seed.json"'
for c in network excitability-map population trial; do
  read -r -a w <<< "${RUN[$c]}"
  "$CN" "${w[@]}" --threads 0 > /dev/null 2> "$T/thr.err"; rc=$?
  check "$c: --threads 0 (all cores) accepted (rc $rc: $(head -c 200 "$T/thr.err"))" '[ $rc -eq 0 ]'
  expect_bad "$c: --threads 4097 refused" "cnsim: --threads: 4097 is out of range; expected a whole number from 0 to 4096" "${w[@]}" --threads 4097
done

# --- output errors under their own option name; no partial output ---
expect_bad "--metrics-out path" "cnsim: --metrics-out: cannot write $T/no/m.csv" \
  population bench-p1 --n 5 --out "$T/bands.txt" --metrics-out "$T/no/m.csv"
check "no --out file when --metrics-out fails" '[ ! -e "$T/bands.txt" ]'
expect_bad "--spikes path" "cnsim: --spikes: cannot write $T/no/s.csv" network $NET_SMALL --out "$T/net.json" --spikes "$T/no/s.csv"
check "no --out file when --spikes fails" '[ ! -e "$T/net.json" ]'
expect_bad "--out path" "cnsim: --out: cannot write $T/no/o.txt" channel --duration 1s --out "$T/no/o.txt"
expect_bad "--plot - refused" "--plot: a figure is written to a file" neuron --plot -
"$CN" population bench-p1 --n 4 --metrics-out - --out "$T/b.txt" > "$T/m.csv"
check "--metrics-out - writes standard output" 'head -1 "$T/m.csv" | grep -q "^id,KA,CL" && [ -s "$T/b.txt" ]'

# --- write failures: exit 1 with a message, never 0 ---
if [ -w /dev/full ]; then
  e=$("$CN" drug list 2>&1 > /dev/full); rc=$?
  check "drug list > /dev/full exits 1 (rc $rc)" '[ $rc -eq 1 ]'
  check "drug list > /dev/full says why in one line" '[ "$e" = "cnsim: standard output: write failed: No space left on device" ]'
  e=$("$CN" channel --duration 1s --format json 2>&1 > /dev/full); rc=$?
  check "channel > /dev/full exits 1 with a message" '[ $rc -eq 1 ] && printf "%s" "$e" | grep -q "write failed"'
  e=$("$CN" --help 2>&1 > /dev/full); rc=$?
  check "cnsim --help > /dev/full exits 1 with a message" '[ $rc -eq 1 ] && printf "%s" "$e" | grep -q "write failed"'
else
  bad "/dev/full is not writable here"
fi

# --- top level: every command listed, help CMD, unknown command ---
"$CN" --help > "$T/top.txt"
mapfile -t cmds < <(sed -n '/^commands:/,/^$/p' "$T/top.txt" | awk 'NF && !/^commands:/ {print $1}')
check "cnsim --help lists 17 commands, excitability-map among them" '[ ${#cmds[@]} -eq 17 ] && printf "%s\n" "${cmds[@]}" | grep -qx excitability-map'
check "cnsim help channel is cnsim channel --help" '[ "$("$CN" help channel)" = "$("$CN" channel --help)" ]'
check "cnsim help drug show is cnsim drug show --help" '[ "$("$CN" help drug show)" = "$("$CN" drug show --help)" ]'
e=$("$CN" frobnicate 2>&1 >/dev/null); rc=$?
check "unknown command lists the commands" '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "excitability-map" && printf "%s" "$e" | grep -q "withdrawal"'

# --- every command's --help has examples; those of the converted ones run ---
mkdir -p "$T/ex" && ln -s "$SRC/scenarios" "$T/ex/scenarios"
for c in "${cmds[@]}"; do
  h=$("$CN" "$c" --help); rc=$?
  check "$c --help exits 0 with a line starting with 'example'" '[ $rc -eq 0 ] && printf "%s\n" "$h" | grep -q "^example"'
done
for c in drug "drug list" "drug show" "drug compare" channel neuron network excitability-map population trial \
         simulate withdrawal taper bridge interact demo report; do
  # Example lines: "  cnsim ..." after the examples header; a trailing
  # backslash continues a line.
  mapfile -t ex < <("$CN" $c --help | sed -n '/^example/,$p' | awk '
    /^  cnsim / || cont { line = line (cont ? " " : "") $0; cont = sub(/ *\\$/, "", line); if (!cont) { print line; line = "" } }')
  check "$c: --help has runnable examples" '[ ${#ex[@]} -ge 1 ]'
  for line in "${ex[@]}"; do
    args=${line#*cnsim }
    (cd "$T/ex" && eval "\"\$CN\" $args" > /dev/null 2> "$T/ex.err"); rc=$?
    check "example runs: cnsim $args (rc $rc: $(head -c 200 "$T/ex.err"))" '[ $rc -eq 0 ]'
  done
done

echo "test_grammar: $passes passed, $fails failed"
[ $fails -eq 0 ]
