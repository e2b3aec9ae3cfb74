#!/usr/bin/env bash
# PK speed benchmark (issue 2, section 6): cnsim's CVODE and closed-form
# paths, the cost of writing the output CSV, and the peers scipy
# solve_ivp(LSODA) and R deSolve lsoda on the same model in the same run.
# Prints `name,n,seconds,us_per_item` (medians), the equivalence checks and a
# summary with ratios, and writes bench/results/pk.md (atomically).
#
# Usage: bench/run_pk_bench.sh   (after `make build`; `make bench` does both)
# Environment: BUILD (default build), C_RUNS (7), PEER_RUNS (5),
#   PEER_RTOLS ("1e-8 1e-6"), PYTHON (/usr/bin/python3: Debian's python3-scipy
#   lives there, and a pyenv python3 earlier on PATH may lack it), RESULTS
#   (default bench/results/pk.md).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$root/build}
C_RUNS=${C_RUNS:-7}
PEER_RUNS=${PEER_RUNS:-5}
PEER_RTOLS=${PEER_RTOLS:-"1e-8 1e-6"}
PYTHON=${PYTHON:-/usr/bin/python3}
RESULTS=${RESULTS:-$root/bench/results/pk.md}
bin=$BUILD/bench_pk
if [ ! -x "$bin" ]; then
  echo "run_pk_bench: $bin not found; run 'make build' first" >&2
  exit 1
fi

load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
notes=$tmp/notes.txt
: >"$notes"
note() { echo "# note: $*"; echo "- $*" >>"$notes"; }

"$bin" --params >"$tmp/params.json"
"$bin" --params-kv >"$tmp/params.kv"
"$bin" --csv "$tmp/ref.csv" >"$tmp/check_cnsim.txt"

echo "== cnsim (bench_pk, median of $C_RUNS runs)"
"$bin" --runs "$C_RUNS" | tee "$tmp/cnsim.txt"

# The same benchmark of cnsim before issue 12 (the event rework: dose
# shapes, spill-over, exact steady state), built from its commit, in the
# same run: the closed form must stay as fast per subject.
BASE_REV=${BASE_REV:-b2c947e}
echo "== cnsim $BASE_REV (bench_pk before issue 12, median of $C_RUNS runs)"
: >"$tmp/base.txt"
# shellcheck source=bench/baseline.sh
. "$root/bench/baseline.sh"
if base_bin=$(baseline_target "$BASE_REV" bench_pk 2>"$tmp/base.err") && [ -x "$base_bin" ]; then
  "$base_bin" --runs "$C_RUNS" | grep -E '^(closed|closed_sim_only|cvode),' | sed 's/^/base_/' | tee "$tmp/base.txt"
else
  note "baseline $BASE_REV not built: $(tail -n 1 "$tmp/base.err")"
fi

echo "== scipy solve_ivp LSODA (median of $PEER_RUNS runs)"
: >"$tmp/scipy.txt"
if [ -x "$PYTHON" ] && "$PYTHON" -c 'import scipy, numpy' 2>/dev/null; then
  # shellcheck disable=SC2086
  if ! "$PYTHON" "$root/bench/pk_scipy.py" "$tmp/params.json" "$tmp/ref.csv" \
      --runs "$PEER_RUNS" --rtol $PEER_RTOLS >"$tmp/scipy.txt" 2>"$tmp/scipy.err"; then
    note "scipy peer failed: $(tail -n 1 "$tmp/scipy.err")"
    : >"$tmp/scipy.txt"
  fi
  grep -v '^check,\|^maxrel,' "$tmp/scipy.txt" || true
else
  note "scipy peer skipped: $PYTHON cannot import scipy and numpy (apt-get install python3-scipy python3-numpy)"
fi

echo "== R deSolve lsoda (median of $PEER_RUNS runs)"
: >"$tmp/desolve.txt"
if command -v Rscript >/dev/null && Rscript -e 'suppressPackageStartupMessages(library(deSolve))' >/dev/null 2>&1; then
  # shellcheck disable=SC2086
  if ! Rscript "$root/bench/pk_desolve.R" "$tmp/params.kv" "$tmp/ref.csv" "$PEER_RUNS" $PEER_RTOLS \
      >"$tmp/desolve.txt" 2>"$tmp/desolve.err"; then
    note "deSolve peer failed: $(tail -n 1 "$tmp/desolve.err")"
    : >"$tmp/desolve.txt"
  fi
  grep -v '^check,\|^maxrel,' "$tmp/desolve.txt" || true
else
  note "deSolve peer skipped: Rscript or the deSolve package is missing (apt-get install r-base-core r-cran-desolve)"
fi

# The whole CLI, same workload, as a separate process writing the CSV.
echo "== cnsim simulate (whole process, median of 5 runs)"
: >"$tmp/cli.txt"
cli=$BUILD/cnsim
if [ -x "$cli" ]; then
  cli_args=(simulate --drug clonazepam --regimen "0.5 mg q12h for 84 d"
            --drug sertraline --regimen "50 mg q24h for 84 d"
            --until 84d --every 1h --format csv --out "$tmp/cli.csv")
  for solver in closed cvode; do
    if "$cli" "${cli_args[@]}" --solver "$solver" >/dev/null 2>"$tmp/cli.err"; then
      for _ in 1 2 3 4 5; do
        t0=$(date +%s%N)
        "$cli" "${cli_args[@]}" --solver "$solver" >/dev/null 2>&1
        t1=$(date +%s%N)
        echo $(((t1 - t0) / 1000))
      done | sort -n | sed -n 3p | awk -v s="$solver" '{printf "cli_simulate_%s,1,%.6f,%.3f\n", s, $1 / 1e6, $1}' \
        | tee -a "$tmp/cli.txt"
    else
      note "cnsim simulate --solver $solver on this workload failed: $(head -n 1 "$tmp/cli.err")"
    fi
  done
else
  note "cnsim CLI not built ($cli); whole-process timing skipped"
fi

# --- summary ---------------------------------------------------------------
cat "$tmp/cnsim.txt" "$tmp/base.txt" "$tmp/scipy.txt" "$tmp/desolve.txt" "$tmp/cli.txt" \
  | grep -E '^[a-z_0-9.-]+,[0-9]+,[0-9.]+,[0-9.]+$' | grep -v '^name,' >"$tmp/all.csv" || true
us() { awk -F, -v k="$1" '$1 == k { print $4 }' "$tmp/all.csv"; }
ratio() { # ratio A B -> A/B with 3 significant digits, or "n/a"
  local a b
  a=$(us "$1"); b=$(us "$2")
  if [ -n "$a" ] && [ -n "$b" ]; then awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3g", a / b }'; else echo "n/a"; fi
}
ms() { local v; v=$(us "$1"); if [ -n "$v" ]; then awk -v v="$v" 'BEGIN { printf "%.4g", v / 1000 }'; else echo "n/a"; fi; }
verdict() { # verdict VALUE OP LIMIT
  if [ "$1" = "n/a" ]; then echo "not measured"; else awk -v v="$1" -v op="$2" -v l="$3" \
    'BEGIN { ok = (op == ">=") ? v >= l : v <= l; print ok ? "met" : "NOT met" }'; fi
}

r_scipy=$(ratio scipy_lsoda_rtol1e-8 cvode)
r_scipy6=$(ratio scipy_lsoda_rtol1e-6 cvode_rtol1e-6)
r_desolve=$(ratio desolve_lsoda_rtol1e-8 cvode)
r_desolve6=$(ratio desolve_lsoda_rtol1e-6 cvode_rtol1e-6)
r_scipy_cf=$(ratio scipy_lsoda_rtol1e-8 closed)
r_desolve_cf=$(ratio desolve_lsoda_rtol1e-8 closed)
r_cf_write=$(ratio closed write_csv_tmpfile)
r_cf_null=$(ratio closed write_csv_devnull)
r_cv_cf=$(ratio cvode closed)
r_base_cf=$(ratio closed base_closed)
r_base_cf_sim=$(ratio closed_sim_only base_closed_sim_only)
r_base_cv=$(ratio cvode base_cvode)

summary=$tmp/summary.md
{
  echo "| comparison (per patient) | ratio | target |"
  echo "|---|---:|---|"
  echo "| scipy LSODA / cnsim CVODE, rtol 1e-8 | $r_scipy | >= 50: $(verdict "$r_scipy" '>=' 50) |"
  echo "| scipy LSODA / cnsim CVODE, rtol 1e-6 | $r_scipy6 | |"
  echo "| deSolve lsoda / cnsim CVODE, rtol 1e-8 | $r_desolve | |"
  echo "| deSolve lsoda / cnsim CVODE, rtol 1e-6 | $r_desolve6 | |"
  echo "| scipy LSODA (1e-8) / cnsim closed form | $r_scipy_cf | |"
  echo "| deSolve lsoda (1e-8) / cnsim closed form | $r_desolve_cf | |"
  echo "| cnsim CVODE / cnsim closed form | $r_cv_cf | |"
  echo "| closed form now / before issue 12 ($BASE_REV) | $r_base_cf | <= 1.05: $(verdict "$r_base_cf" '<=' 1.05) |"
  echo "| closed form, simulate alone, now / $BASE_REV | $r_base_cf_sim | |"
  echo "| CVODE now / $BASE_REV | $r_base_cv | |"
  echo "| closed form / writing the CSV (file) | $r_cf_write | <= 2: $(verdict "$r_cf_write" '<=' 2) |"
  echo "| closed form / writing the CSV (/dev/null) | $r_cf_null | |"
} >"$summary"

echo "== per patient (ms): cvode $(ms cvode), cvode rtol 1e-6 $(ms cvode_rtol1e-6), closed $(ms closed)," \
  "write CSV $(ms write_csv_tmpfile), scipy $(ms scipy_lsoda_rtol1e-8), deSolve $(ms desolve_lsoda_rtol1e-8)"
cat "$summary"

echo "== equivalence (concentrations in ng/mL; rel_diff against cnsim's closed form)"
cat "$tmp/check_cnsim.txt" "$tmp/scipy.txt" "$tmp/desolve.txt" | grep -E '^(check|maxrel),' | grep -v '^check,tool,' | sort -t, -k3,3 -k4,4 -s >"$tmp/checks.csv" || true
column -t -s, "$tmp/checks.csv" 2>/dev/null || cat "$tmp/checks.csv"
bad=$(awk -F, '$2 != "closed" && $6 + 0 > 1e-5 { print $2 " " $3 " " $4 ": " $6 }' "$tmp/checks.csv")
if [ -n "$bad" ]; then
  note "relative differences above 1e-5: $(echo "$bad" | tr '\n' ';')"
fi

# --- results file (atomic: temporary file in the same directory + rename) --
mkdir -p "$(dirname "$RESULTS")"
out_tmp=$(mktemp "$(dirname "$RESULTS")/.pk.md.XXXXXX")
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
  echo "# PK speed benchmark"
  echo
  echo "Written by \`bench/run_pk_bench.sh\` (\`make bench\`); issue 2, section 6."
  echo "One patient: clonazepam 0.5 mg q12h + sertraline 50 mg q24h for 84 days,"
  echo "concentrations of both drugs and 7-aminoclonazepam every hour, t = 0..2016 h"
  echo "(2017 points), kept in memory. Per-patient times are medians: $C_RUNS runs for"
  echo "cnsim (each repeating the item for about 0.25 s), $PEER_RUNS runs for each peer."
  echo "cnsim times include \`cnsim_pk_run_create\` + \`cnsim_pk_run_simulate\` + free"
  echo "(\`*_sim_only\`: simulate alone on a reused run). The peers integrate the same"
  echo "12-state model (parameters exported by \`bench_pk --params\`), restarting at"
  echo "every dose, with the analytic Jacobian, atol 1e-12 mg."
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $(uname -sr); load average before the run: $load"
  echo "- cnsim: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src include 2>/dev/null || echo ' (with uncommitted changes)'), $(awk -F= '/^CMAKE_BUILD_TYPE:/ { print $2 }' "$BUILD/CMakeCache.txt" 2>/dev/null) build, $(cc --version | head -n 1)"
  grep -h '^# ' "$tmp/cnsim.txt" "$tmp/scipy.txt" "$tmp/desolve.txt" "$tmp/check_cnsim.txt" | sed 's/^# /- /'
  echo
  echo "## Medians"
  echo
  echo '```'
  echo "name,n,seconds,us_per_item"
  cat "$tmp/all.csv"
  echo '```'
  echo
  echo "## Ratios"
  echo
  cat "$summary"
  echo
  echo "## Equivalence"
  echo
  echo "Concentrations (ng/mL) at the check times and the largest relative"
  echo "difference over all 2017 points (points above 1e-6 of the output's maximum),"
  echo "each against cnsim's closed form."
  echo
  echo '```'
  echo "kind,tool,output,time_h,conc_ng_mL,rel_diff_vs_closed"
  cat "$tmp/checks.csv"
  echo '```'
  if [ -s "$notes" ]; then
    echo
    echo "## Notes"
    echo
    cat "$notes"
  fi
} >"$out_tmp"
mv -f "$out_tmp" "$RESULTS"
echo "== wrote $RESULTS"
