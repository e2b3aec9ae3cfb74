#!/usr/bin/env bash
# Busy-core benchmark (issue 11): with one core kept busy by another
# process, `cnsim network --duration 1s` with the default threads must take
# at most 1.3x the single-thread time (the default takes the cores other
# work leaves free; spinning threads on a taken core made it 10-30x slower).
# Medians of RUNS runs, interleaved; writes bench/results/busy_core.md.
#
# Usage: bench/run_busy_core_bench.sh   (after `make build`)
# Environment: BUILD (build), RUNS (5), RESULTS.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
RUNS=${RUNS:-5}
RESULTS=${RESULTS:-$root/bench/results/busy_core.md}
. "$root/bench/baseline.sh"
cn=$BUILD/cnsim
[ -x "$cn" ] || { echo "run_busy_core_bench: $cn not found; run 'make build' first" >&2; exit 1; }
tmp=$(mktemp -d)
busy=""
trap '[ -n "$busy" ] && kill $busy 2>/dev/null; rm -rf "$tmp"' EXIT
unset OMP_NUM_THREADS
load=$(cut -d' ' -f1-3 /proc/loadavg)
sh -c 'while :; do :; done' & busy=$!
sleep 1
: > "$tmp/def"; : > "$tmp/one"
for _ in $(seq "$RUNS"); do
  wall_runs 1 "$cn" network --duration 1s --format json --out "$tmp/def.json" >> "$tmp/def"
  wall_runs 1 "$cn" network --duration 1s --threads 1 --format json --out "$tmp/one.json" >> "$tmp/one"
done
kill $busy; wait $busy 2>/dev/null || true; busy=""
d=$(median < "$tmp/def"); o=$(median < "$tmp/one")
th=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["threads"])' "$tmp/def.json")
ratio=$(awk -v a="$d" -v b="$o" 'BEGIN{printf "%.2f", a/b}')
echo "RESULT busy-core default_s=$d threads_used=$th one_thread_s=$o ratio=$ratio target=1.3"
out=$tmp/busy_core.md
{
  echo "# Busy-core benchmark (issue 11)"
  echo
  echo "Written by \`bench/run_busy_core_bench.sh\`: \`cnsim network --duration 1s\` while another process"
  echo "keeps one core busy, default threads against \`--threads 1\`, medians of $RUNS interleaved runs."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(getconf _NPROCESSORS_ONLN) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before the run: $load"
  echo "- cnsim: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "| threads | median wall s |"
  echo "|---|---|"
  echo "| default (took $th) | $d |"
  echo "| 1 | $o |"
  echo
  echo "Ratio default / one thread: $ratio (target: at most 1.3)."
} > "$out"
mkdir -p "$(dirname "$RESULTS")"
cp "$out" "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
echo "== written $RESULTS"
