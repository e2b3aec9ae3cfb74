#!/usr/bin/env bash
# Issue 16: Python's overhead over the C API on the same machine in the
# same run: 1000 one-day single-dose simulations through the model/run API
# (bench/bench_run_calls.c) and through cnsim.Model/Run
# (bench/bench_python_calls.py), each the median of 5 repeats, run
# alternately 3 times; the ratio of the medians (acceptance: at most 1.5).
# Usage: bench/run_python_bench.sh [BUILD_DIR] (default build).
set -eu
cd "$(dirname "$0")/.."
B=${1:-build}
cmake --build "$B" --target bench_run_calls cnsim >/dev/null
export CNSIM_LIBRARY=$(realpath "$B/libcnsim.so") PYTHONPATH=$(pwd)/python
c=(); p=()
for i in 1 2 3; do
  c+=($("$B/bench_run_calls" 1000 5 | awk -F, '/median/ {print $2}'))
  p+=($(/usr/bin/python3 bench/bench_python_calls.py 1000 5 | awk -F, '/median/ {print $2}'))
done
med() { printf '%s\n' "$@" | sort -g | sed -n 2p; }
cm=$(med "${c[@]}"); pm=$(med "${p[@]}")
echo "# 1000 one-day single-dose clonazepam runs, model built once; medians of 3 x (median of 5)"
echo "c_api_ms,$cm"
echo "python_ms,$pm"
echo "ratio,$(awk -v a="$pm" -v b="$cm" 'BEGIN {printf "%.3f", a / b}')"
