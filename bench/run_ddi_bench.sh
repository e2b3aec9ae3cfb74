#!/usr/bin/env bash
# Throughput with metabolic interactions on and off (issue 13: "population
# and trial throughput with interactions on: at most 2x slower than
# without"). Each scenario runs through `cnsim population` as written
# ("interactions" on, the default) and with "interactions": false, RUNS
# times each, alternating, in the same run; prints the medians and the
# ratio and writes bench/results/ddi.md (atomically).
#
# Scenarios: fluvoxamine with alprazolam (fluvoxamine has saturable
# elimination, so CVODE integrates the pair either way); fluoxetine with a
# clonazepam bridge (fluoxetine inhibits its own CYP2D6 clearance, which
# "interactions": false keeps, so CVODE either way); itraconazole with
# alprazolam (both linear: without interactions each is propagated in
# closed form, with them alprazolam goes through the exponential integrator,
# src/pk/expo.c).
#
# Usage: bench/run_ddi_bench.sh   (after `make build`)
# Environment: BUILD (build), RUNS (5), N (200 subjects), THREADS (2), RESULTS.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
RUNS=${RUNS:-5}
N=${N:-200}
THREADS=${THREADS:-2}
RESULTS=${RESULTS:-$root/bench/results/ddi.md}
cnsim=$BUILD/cnsim
[ -x "$cnsim" ] || { echo "run_ddi_bench: $cnsim not found; run 'make build' first" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

time_of() {   # wall seconds of one population run
    local s e
    s=$(date +%s.%N)
    "$cnsim" population "$1" --n "$N" --threads "$THREADS" --format json --out "$tmp/out.json" --quiet >/dev/null
    e=$(date +%s.%N)
    python3 -c 'import sys; print(float(sys.argv[2]) - float(sys.argv[1]))' "$s" "$e"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

{
    echo "# Throughput with interactions on and off"
    echo
    echo "\`bench/run_ddi_bench.sh\`, $(date -u +%Y-%m-%d), $(nproc) cores, N = $N subjects, $THREADS threads, median of $RUNS runs each (alternating)."
    echo
    echo "| scenario | interactions on (s) | off (s) | on / off |"
    echo "|---|---:|---:|---:|"
} > "$tmp/report.md"

for sc in pop-ddi-fluvoxamine-alprazolam pop-ddi-fluoxetine-clonazepam pop-ddi-itraconazole-alprazolam; do
    on=$root/scenarios/$sc.json
    off=$tmp/$sc-off.json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["interactions"]=False; json.dump(d,open(sys.argv[2],"w"))' "$on" "$off"
    : > "$tmp/on.txt"; : > "$tmp/off.txt"
    for _ in $(seq "$RUNS"); do
        time_of "$on" >> "$tmp/on.txt"
        time_of "$off" >> "$tmp/off.txt"
    done
    m_on=$(median < "$tmp/on.txt"); m_off=$(median < "$tmp/off.txt")
    ratio=$(python3 -c 'import sys; print(float(sys.argv[1]) / float(sys.argv[2]))' "$m_on" "$m_off")
    printf '%-40s on %8.3f s  off %8.3f s  ratio %5.2f\n' "$sc" "$m_on" "$m_off" "$ratio"
    printf '| %s | %.3f | %.3f | %.2f |\n' "$sc" "$m_on" "$m_off" "$ratio" >> "$tmp/report.md"
done
mkdir -p "$(dirname "$RESULTS")"
cp "$tmp/report.md" "$RESULTS.tmp.$$" && mv "$RESULTS.tmp.$$" "$RESULTS"
echo "written: $RESULTS"
