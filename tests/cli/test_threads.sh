#!/usr/bin/env bash
# Threads and progress (issue 11): --threads 0 (the default) takes the cores
# other work leaves free, so a busy machine is not made slower than one
# thread; long commands draw a progress line on stderr only on a terminal
# or with --progress, never with --quiet.
set -u
CN=$(realpath "${1:-build/cnsim}")
T=$(mktemp -d)
busy=""
trap '[ -n "$busy" ] && kill $busy 2>/dev/null; rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
unset OMP_NUM_THREADS
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
NET="network --n-exc 160 --n-inh 40 --p-connect 0.4 --duration 50ms --format json"

n=$(nproc)
threads() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["threads"])' "$1"; }
# With a process keeping one core busy the default leaves that core alone.
sh -c 'while :; do :; done' & busy=$!
sleep 0.3
"$CN" $NET --out "$T/busy.json"
t_busy=$(threads "$T/busy.json")
kill $busy; wait $busy 2>/dev/null; busy=""
check "with one core busy the default takes at most $((n > 1 ? n - 1 : 1)) threads (took $t_busy)" \
  '[ "$t_busy" -le $((n > 1 ? n - 1 : 1)) ] && [ "$t_busy" -ge 1 ]'
"$CN" $NET --threads 2 --out "$T/two.json"
check "an explicit --threads is taken as given" '[ "$(threads "$T/two.json")" -eq 2 ]'
OMP_NUM_THREADS=1 "$CN" $NET --out "$T/env.json"
check "OMP_NUM_THREADS decides the default when set" '[ "$(threads "$T/env.json")" -eq 1 ]'
# The spikes do not depend on the thread count.
"$CN" $NET --threads 1 --spikes "$T/s1.csv" --out "$T/o1.json"
"$CN" $NET --threads 3 --spikes "$T/s3.csv" --out "$T/o3.json"
check "the same spikes for 1 and 3 threads" 'cmp -s "$T/s1.csv" "$T/s3.csv"'

# Progress: not on a pipe by default, with --progress yes, never with --quiet.
# (the line appears after a quarter of a second: these runs take longer)
for c in "network --duration 500ms" "excitability-map --steps 2 --duration 300ms" \
         "trial $(dirname "$CN")/../scenarios/trial-depression-smith1998.json --replicates 3" \
         "bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 2 --n 6000" "population bench-p1 --n 3000"; do
  name=${c%% *}
  "$CN" $c --out "$T/o" 2> "$T/e1"
  check "$name: no progress line when stderr is not a terminal" '! grep -q "% " "$T/e1"'
  "$CN" $c --progress --out "$T/o" 2> "$T/e2"
  check "$name --progress: a progress line (rate, time left)" 'grep -q "/s .* s left" "$T/e2"'
  "$CN" $c --progress --quiet --out "$T/o" 2> "$T/e3"
  check "$name --quiet: silent" '! grep -q "s left" "$T/e3"'
done

echo "threads and progress: $passes passed, $fails failed"
[ $fails -eq 0 ]
