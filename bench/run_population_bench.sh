#!/usr/bin/env bash
# Population benchmark, workload P1 (issue 6; ../shared/bench/WORKLOADS.md):
# cnsim (bench/bench_population.c: the library, 1 and 2 threads, every
# subject's outputs kept in memory like the peers, and the summary mode of
# `cnsim population`) beside the peer scripts in the same run: numpy closed
# form, R deSolve with a compiled model, mrgsolve where installed, and
# (FULL=1) scipy odeint; the same subjects in every tool (the workload's
# generator). Then 10^6 subjects through `cnsim population` with summary
# output (wall time and peak memory). Prints medians and ratios and writes
# bench/results/population.md (atomically).
#
# Then the drug-chain model (issue 10): scenarios/pop-bridge-chain.json
# (sertraline with a tapered clonazepam bridge, registry drugs through PK,
# effect sites, occupancy, adaptation and effects) through `cnsim
# population`, this build against cnsim 59d68a6 (the last commit before the
# model/run rework, built from git archive: bench/baseline.sh), 1 and 2
# threads, and an strace count of how often each opens the registry.
#
# Usage: bench/run_population_bench.sh   (after `make build`)
# Environment: BUILD (build), RUNS (3), PEERS (../shared/bench/peers),
#   PYTHON (/usr/bin/python3), FULL (0: skip the slow peers: deSolve at
#   N = 10000 and scipy odeint), MILLION (1: run 10^6 subjects), CHAIN (1:
#   the drug-chain comparison), CHAIN_N (1000), BASELINE (59d68a6),
#   BASELINE_CNSIM (a built baseline binary), RESULTS.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
RUNS=${RUNS:-3}
PEERS=${PEERS:-$root/../shared/bench/peers}
PYTHON=${PYTHON:-/usr/bin/python3}
FULL=${FULL:-0}
MILLION=${MILLION:-1}
CHAIN=${CHAIN:-1}
CHAIN_N=${CHAIN_N:-1000}
BASELINE=${BASELINE:-59d68a6}
RESULTS=${RESULTS:-$root/bench/results/population.md}
. "$root/bench/baseline.sh"
bin=$BUILD/bench_population
[ -x "$bin" ] || { echo "run_population_bench: $bin not found; run 'make build' first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
results=$tmp/results.txt
: > "$results"
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

echo "== cnsim (bench_population, median of $RUNS runs)"
"$bin" "$root/scenarios/bench-p1.json" --n 1000 --n 10000 --threads 1 --threads 2 --runs "$RUNS" \
  --dump "$tmp/cnsim_dump.csv" | tee -a "$results"

# one peer case: median wall of k runs -> a RESULT line
peer() {   # name N runs command...
  local name=$1 n=$2 k=$3; shift 3
  local walls="" line=""
  for _ in $(seq "$k"); do
    line=$("$@" 2>/dev/null | grep '^RESULT' | tail -1) || true
    [ -n "$line" ] || { echo "# $name N=$n failed or not installed"; return 0; }
    walls="$walls $(echo "$line" | field wall_s)"
  done
  local med; med=$(echo $walls | tr ' ' '\n' | median)
  echo "RESULT tool=$name workload=P1 N=$n threads=1 runs=$k wall_s=$med subjects_per_s=$(awk -v n="$n" -v w="$med" 'BEGIN{printf "%.1f", n/w}') $(echo "$line" | grep -o 'meanC=.*')" | tee -a "$results"
}

if [ -d "$PEERS" ]; then
  cd "$PEERS"
  export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
  echo "== peers (one thread each)"
  for n in 1000 10000; do peer numpy-closed "$n" "$RUNS" "$PYTHON" p1_numpy_closed.py -n "$n"; done
  "$PYTHON" p1_numpy_closed.py -n 1000 --dump "$tmp/numpy_dump.csv" > /dev/null 2>&1 || true
  peer desolve-C 1000 1 Rscript p1_desolve.R --model c -n 1000
  if Rscript -e 'library(mrgsolve)' > /dev/null 2>&1; then
    peer mrgsolve 1000 1 Rscript p1_mrgsolve.R -n 1000
  else
    echo "# mrgsolve is not installed here (not packaged for Debian): not run"
    echo "mrgsolve: not installed on this machine (not a Debian package); the issue quotes about 190 subjects/s at N = 1000 measured elsewhere" > "$tmp/mrg_note"
  fi
  if [ "$FULL" = 1 ]; then
    peer desolve-C 10000 1 Rscript p1_desolve.R --model c -n 10000
    peer scipy-odeint 1000 1 "$PYTHON" p1_scipy.py --method odeint -n 1000
  fi
  if [ -s "$tmp/numpy_dump.csv" ]; then
    echo "== equivalence, subjects 0..9 hourly (p1_compare.py, reference numpy closed form)"
    "$PYTHON" p1_compare.py "$tmp/numpy_dump.csv" "$tmp/cnsim_dump.csv" | tee "$tmp/compare.txt"
  fi
  cd "$root"
else
  echo "# peers not found at $PEERS: cnsim only"
fi

if [ "$MILLION" = 1 ]; then
  echo "== 10^6 subjects, summary output, 2 threads (cnsim population)"
  /usr/bin/time -f "%e %M" -o "$tmp/time.txt" "$BUILD/cnsim" population "$root/scenarios/bench-p1.json" \
    --n 1000000 --threads 2 --format csv --out "$tmp/million.csv" --quiet
  read -r mwall mrss < "$tmp/time.txt"
  echo "RESULT tool=cnsim-population-cli workload=P1 N=1000000 threads=2 wall_s=$mwall max_rss_kb=$mrss" | tee -a "$results"
fi

if [ "$CHAIN" = 1 ]; then
  echo "== drug chain (scenarios/pop-bridge-chain.json, N=$CHAIN_N): cnsim vs cnsim $BASELINE, median of $RUNS runs"
  old=$(baseline_cnsim "$BASELINE")
  for th in 1 2; do
    for tool in cnsim "cnsim-$BASELINE"; do
      b=$BUILD/cnsim
      [ "$tool" = cnsim ] || b=$old
      w=$(wall_runs "$RUNS" "$b" population "$root/scenarios/pop-bridge-chain.json" --n "$CHAIN_N" --threads "$th" \
            --seed 1 --out "$tmp/chain.txt" --quiet | median)
      echo "RESULT chain tool=$tool N=$CHAIN_N threads=$th wall_s=$w subjects_per_s=$(awk -v n="$CHAIN_N" -v w="$w" 'BEGIN{printf "%.1f", n/w}')" | tee -a "$results"
    done
  done
  if command -v strace >/dev/null 2>&1; then
    for tool in cnsim "cnsim-$BASELINE"; do
      b=$BUILD/cnsim
      [ "$tool" = cnsim ] || b=$old
      strace -f -qq -e trace=openat -o "$tmp/strace.txt" "$b" population "$root/scenarios/pop-bridge-chain.json" \
        --n 200 --threads 2 --seed 1 --out "$tmp/chain.txt" --quiet || true
      opens=$(grep -c 'cnsim\.db"' "$tmp/strace.txt" || true)
      echo "RESULT chain-opens tool=$tool threads=2 registry_opens=$opens" | tee -a "$results"
    done
  else
    echo "# strace not installed: the registry opens are not counted (apt-get install strace)"
  fi
fi

# ---- the report ----
get() {   # tool N threads -> wall_s
  grep "tool=$1 " "$results" | grep " N=$2 " | grep " threads=$3 " | head -1 | field wall_s
}
out=$tmp/population.md
{
  echo "# Population benchmark, workload P1"
  echo
  echo "Written by \`bench/run_population_bench.sh\`; workload: ../shared/bench/WORKLOADS.md (P1), scenario"
  echo "\`scenarios/bench-p1.json\`. Timed: generating the subjects (the workload's generator) and simulating"
  echo "them; all outputs kept in memory (\"keep\", as the peers do) or summarised into bands and metrics"
  echo "(\"summary\", the default of \`cnsim population\`). Medians of $RUNS runs for cnsim and numpy, one run"
  echo "for the R peers."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(getconf _NPROCESSORS_ONLN) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load before the run: $load"
  echo "- cnsim: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown), $(cc --version | head -1)"
  [ -f "$tmp/mrg_note" ] && echo "- $(cat "$tmp/mrg_note")"
  echo
  echo "| tool | N | threads | median wall s | subjects/s | subject-days/s |"
  echo "|---|---|---|---|---|---|"
  grep '^RESULT tool=' "$results" | grep -v 'N=1000000' | while read -r l; do
    t=$(echo "$l" | field tool); n=$(echo "$l" | field N); th=$(echo "$l" | field threads); w=$(echo "$l" | field wall_s)
    echo "| $t | $n | $th | $w | $(awk -v n="$n" -v w="$w" 'BEGIN{printf "%.0f", n/w}') | $(awk -v n="$n" -v w="$w" 'BEGIN{printf "%.0f", 42*n/w}') |"
  done
  echo
  echo "## Ratios (per core: cnsim with 1 thread)"
  echo
  echo "| N | cnsim keep vs numpy | cnsim summary vs numpy | cnsim keep vs deSolve-C | cnsim keep vs mrgsolve | keep 1 -> 2 threads | summary 1 -> 2 threads |"
  echo "|---|---|---|---|---|---|---|"
  for n in 1000 10000; do
    k1=$(get cnsim-keep $n 1); k2=$(get cnsim-keep $n 2); s1=$(get cnsim-summary $n 1); s2=$(get cnsim-summary $n 2)
    np=$(get numpy-closed $n 1); ds=$(get desolve-C $n 1); mg=$(get mrgsolve $n 1)
    r() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN{printf "%.1fx", a/b}' || echo "-"; }
    echo "| $n | $(r "$np" "$k1") | $(r "$np" "$s1") | $(r "$ds" "$k1") | $(r "$mg" "$k1") | $(r "$k1" "$k2") | $(r "$s1" "$s2") |"
  done
  echo
  echo "## Equivalence"
  echo
  grep 'tool=cnsim-keep' "$results" | grep ' threads=1 ' | while read -r l; do
    echo "- cnsim N=$(echo "$l" | field N): meanC $(echo "$l" | field meanC), meanCe $(echo "$l" | field meanCe), meanAbsNet $(echo "$l" | field meanAbsNet), C0_672 $(echo "$l" | field C0_672), net0_672 $(echo "$l" | field net0_672), net0_1008 $(echo "$l" | field net0_1008); largest relative difference from the published near-exact values $(echo "$l" | field max_rel_diff_vs_reference)"
  done
  [ -f "$tmp/compare.txt" ] && { echo "- hourly outputs of subjects 0..9 vs the numpy peer (p1_compare.py):"; sed 's/^/  /' "$tmp/compare.txt"; }
  if grep -q '^RESULT chain ' "$results"; then
    echo
    echo "## Drug-chain model against cnsim $BASELINE (issue 10)"
    echo
    echo "\`cnsim population scenarios/pop-bridge-chain.json --n $CHAIN_N --threads T\`: sertraline 50 mg qd for"
    echo "8 weeks with clonazepam 0.5 mg bid for 4 weeks tapered over 3, 10 weeks hourly, registry drugs"
    echo "through PK, effect sites, occupancy, tolerance, adaptation and effects with their published"
    echo "between-subject variability; summary output. cnsim $BASELINE built from \`git archive\` here, in"
    echo "the same run. Whole command, median of $RUNS runs."
    echo
    echo "| tool | threads | median wall s | subjects/s | vs $BASELINE |"
    echo "|---|---|---|---|---|"
    for th in 1 2; do
      wo=$(grep "^RESULT chain tool=cnsim-$BASELINE " "$results" | grep " threads=$th " | field wall_s)
      for tool in cnsim "cnsim-$BASELINE"; do
        w=$(grep "^RESULT chain tool=$tool " "$results" | grep " threads=$th " | field wall_s)
        echo "| $tool | $th | $w | $(awk -v n="$CHAIN_N" -v w="$w" 'BEGIN{printf "%.0f", n/w}') | $(awk -v a="$wo" -v b="$w" 'BEGIN{printf "%.1fx", a/b}') |"
      done
    done
    if grep -q '^RESULT chain-opens' "$results"; then
      echo
      echo "Registry opens with 2 threads (strace, openat of cnsim.db): $(grep '^RESULT chain-opens' "$results" | sed 's/.*tool=\([^ ]*\) .*registry_opens=\([0-9]*\).*/\1 \2/' | paste -sd, - | sed 's/,/; /g')."
    fi
  fi
  if [ "$MILLION" = 1 ]; then
    echo
    echo "## 10^6 subjects"
    echo
    echo "\`cnsim population scenarios/bench-p1.json --n 1000000 --threads 2 --format csv\` (bands, summary"
    echo "output): wall $mwall s, peak resident memory $(awk -v k="$mrss" 'BEGIN{printf "%.0f MB", k/1024}') (target: under 10 minutes; memory flat in N)."
  fi
} > "$out"
mkdir -p "$(dirname "$RESULTS")"
cp "$out" "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
echo "== written $RESULTS"
cat "$RESULTS"
