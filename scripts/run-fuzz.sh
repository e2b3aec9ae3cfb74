#!/usr/bin/env bash
# Runs every libFuzzer target built in BUILD_DIR (fuzz_* executables, from
# fuzz/fuzz_*.c with -DCNSIM_FUZZ=ON) for SECONDS each, starting from a copy
# of its seed corpus fuzz/corpus/<target>/ in a temporary directory, so the
# repository is never modified. Crash, leak and timeout inputs are saved to
# BUILD_DIR/fuzz-artifacts/. Prints one summary line per target; exits 1 if
# any target failed.
#
#   usage: scripts/run-fuzz.sh BUILD_DIR SECONDS
#   e.g.   make fuzz FUZZ_SECONDS=60
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
    echo "usage: $0 BUILD_DIR SECONDS" >&2
    exit 2
fi
build=$1
seconds=${2:-30}
case $seconds in
    '' | *[!0-9]* | 0)
        echo "$0: SECONDS must be a whole number > 0, got '$seconds'" >&2
        exit 2 ;;
esac
if [ ! -d "$build" ]; then
    echo "$0: no build directory '$build'" >&2
    exit 2
fi
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"

work=$(mktemp -d "${TMPDIR:-/tmp}/cnsim-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

mapfile -t targets < <(find "$build" -maxdepth 1 -type f -name 'fuzz_*' \
                            -perm -u+x | sort)
if [ ${#targets[@]} -eq 0 ]; then
    echo "$0: no fuzz_* targets in $build; configure with CC=clang and" \
         "-DCNSIM_FUZZ=ON (make fuzz does)" >&2
    exit 1
fi

failed=0
for bin in "${targets[@]}"; do
    name=$(basename "$bin")
    corpus=$work/corpus-$name
    mkdir -p "$corpus"
    seeds=$root/fuzz/corpus/$name
    n_seeds=0
    if [ -d "$seeds" ]; then
        cp -R "$seeds/." "$corpus/"
        n_seeds=$(find "$corpus" -type f | wc -l)
    fi
    log=$work/$name.log
    # Leaks count as failures (the library must free everything on every
    # error path); -timeout flags inputs that hang.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
        "$bin" -max_total_time="$seconds" -max_len=4096 -timeout=25 \
               -rss_limit_mb=2048 -print_final_stats=1 \
               -artifact_prefix="$artifacts/$name-" "$corpus" \
               >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    n_corpus=$(find "$corpus" -type f | wc -l)
    if [ $rc -eq 0 ]; then
        printf '%-22s ok      %s s, %s runs, corpus %s -> %s inputs\n' \
               "$name" "$seconds" "${runs:-?}" "$n_seeds" "$n_corpus"
    else
        failed=1
        printf '%-22s FAILED  exit %s after %s runs; artifacts in %s\n' \
               "$name" "$rc" "${runs:-?}" "$artifacts"
        # The sanitizer report (error, stack, reproducer) is the end of the
        # log; the fuzzing progress lines before it are noise.
        sed -n '/==[0-9]*==ERROR\|==[0-9]*== ERROR\|runtime error:/,$p' "$log" \
            | grep -v '^#[0-9]' | head -n 60 | sed 's/^/    /'
    fi
done
exit $failed
