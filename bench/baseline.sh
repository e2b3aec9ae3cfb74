# Sourced by the benchmarks that compare cnsim with an earlier commit of
# itself (issue 10: the model/run rework against 59d68a6) on the same
# machine in the same run.
#
# baseline_cnsim REV: builds the cnsim of commit REV once, from `git
# archive` (no worktree, nothing left in .git) into build-baseline/REV
# (ignored by git; reused by later runs), and prints the path of its
# binary. BASELINE_CNSIM=/path/to/cnsim skips the build.
baseline_cnsim() {
  local rev=$1
  if [ -n "${BASELINE_CNSIM:-}" ]; then
    echo "$BASELINE_CNSIM"
    return 0
  fi
  baseline_target "$rev" cnsim_cli >/dev/null
  echo "$root/build-baseline/$rev/build/cnsim"
}

# baseline_target REV TARGET: builds CMake target TARGET of commit REV (and
# the registry) in build-baseline/REV (the tree extracted and configured
# once) and prints the path of its binary.
baseline_target() {
  local rev=$1 target=$2
  local dir=$root/build-baseline/$rev bin=$root/build-baseline/$rev/build/$2
  [ "$target" = cnsim_cli ] && bin=$dir/build/cnsim
  if [ ! -f "$dir/build/CMakeCache.txt" ]; then
    echo "# building $target of $rev for the comparison (once, in $dir)" >&2
    rm -rf "$dir"
    mkdir -p "$dir/src"
    git -C "$root" archive "$rev" | tar -x -C "$dir/src"
    cmake -S "$dir/src" -B "$dir/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
  if [ ! -x "$bin" ]; then
    cmake --build "$dir/build" -j "$(getconf _NPROCESSORS_ONLN)" --target "$target" registry_db >/dev/null
  fi
  echo "$bin"
}

# median of the numbers on standard input
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

# wall_runs K CMD...: K wall times (s) of CMD, one per line (output discarded)
wall_runs() {
  local k=$1; shift
  for _ in $(seq "$k"); do
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.4f\n", b - a}'
  done
}
