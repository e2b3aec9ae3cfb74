#!/usr/bin/env bash
# Load test of `cnsim serve` (issue 17): bench/serve_load.py with the
# default answer cache and without it (--cache 0), same machine, same run.
# Usage: bench/run_serve_bench.sh [BUILD_DIR]
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
export CNSIM_REGISTRY=${CNSIM_REGISTRY:-$build/cnsim.db}
echo "== cache on (default)"
/usr/bin/python3 "$here/serve_load.py" "$build/cnsim"
echo "== cache off (--cache 0)"
/usr/bin/python3 "$here/serve_load.py" "$build/cnsim" --cache 0
