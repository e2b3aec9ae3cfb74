#!/usr/bin/env bash
# The installed tree as someone else's program sees it: cmake --install
# into a temporary prefix, then the layout (binary, libcnsim.so with its
# SONAME, libcnsim.a, headers, cnsim.pc, registry, man pages), the exported
# symbols (only cnsim_*, every declared function among them), public
# headers free of third-party types, examples/clonazepam_regimen.c built
# with pkg-config (shared and static) and run, and the installed cnsim
# finding the installed registry with no build tree around.
set -u
CN=${1:-build/cnsim}
B=${CNSIM_BINARY_DIR:-$(cd "$(dirname "$CN")" && pwd)}
S=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
P=$T/prefix
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
CC=${CC:-cc}
export PKG_CONFIG_PATH=$P/lib/pkgconfig
unset CNSIM_REGISTRY
# A sanitizer build's library needs its runtime in the program too.
SAN=""
grep -q '^CNSIM_SANITIZE:BOOL=ON' "$B/CMakeCache.txt" 2>/dev/null && SAN="-fsanitize=address,undefined"

cmake --install "$B" --prefix "$P" > "$T/install.log" 2>&1; rc=$?
check "cmake --install exits 0" '[ $rc -eq 0 ] || { cat "$T/install.log"; false; }'

# --- layout ---
for f in bin/cnsim lib/libcnsim.so.0.1.0 lib/libcnsim.a lib/pkgconfig/cnsim.pc \
         share/cnsim/cnsim.db include/cnsim/cnsim.h include/cnsim/model.h \
         share/man/man1/cnsim.1; do
  check "installs $f" '[ -f "$P/$f" ]'
done
check "bin/cnsim is executable" '[ -x "$P/bin/cnsim" ]'
check "libcnsim.so -> libcnsim.so.0 -> libcnsim.so.0.1.0" \
  '[ "$(readlink "$P/lib/libcnsim.so")" = libcnsim.so.0 ] && [ "$(readlink "$P/lib/libcnsim.so.0")" = libcnsim.so.0.1.0 ]'
check "SONAME is libcnsim.so.0" \
  'readelf -d "$P/lib/libcnsim.so" | grep -E "\(SONAME\).*\[libcnsim\.so\.0\]" >/dev/null'
for h in "$S"/include/cnsim/*.h; do
  check "installs include/cnsim/$(basename "$h")" 'cmp -s "$h" "$P/include/cnsim/$(basename "$h")"'
done
check "registry database is the build's" 'cmp -s "$B/cnsim.db" "$P/share/cnsim/cnsim.db"'

# One man page per command that cnsim --help lists, each a real page.
cmds=$("$P/bin/cnsim" --help | awk '/^commands:/ {on = 1; next} /^[^ ]/ {on = 0} on && /^  [a-z]/ {print $1}')
check "cnsim --help lists commands" '[ -n "$cmds" ]'
for c in $cmds; do
  m=$P/share/man/man1/cnsim-$c.1
  check "man page cnsim-$c.1 with NAME and SYNOPSIS" \
    'grep -q "^\.TH \"CNSIM-$(echo "$c" | tr a-z A-Z)\" 1" "$m" && grep -q "^\.SH SYNOPSIS" "$m"'
done
if command -v groff >/dev/null; then
  check "man pages render without groff warnings" \
    '[ -z "$(for m in "$P"/share/man/man1/*.1; do groff -man -Tutf8 -ww -z "$m" 2>&1; done)" ]'
fi

# --- exported symbols ---
nm -D --defined-only "$P/lib/libcnsim.so" | awk '{print $NF}' | sort -u > "$T/exported"
check "libcnsim.so exports symbols" '[ -s "$T/exported" ]'
check "libcnsim.so exports only cnsim_* names (no cnsim__ internals)" \
  '! grep -v "^cnsim_[^_]" "$T/exported" | sed "s/^/  exported: /" | grep .'
for s in cnsim_model_create cnsim_model_free cnsim_run_create cnsim_run_simulate cnsim_run_free \
         cnsim_registry_create cnsim_last_error cnsim_version; do
  check "libcnsim.so exports $s" 'grep -qx "$s" "$T/exported"'
done
# Every function the installed headers declare is in the library: a
# missing one is a link error for users, a hidden one a visibility bug.
echo '#include <cnsim/cnsim.h>' | "$CC" -E -P -I"$P/include" -x c - |
  python3 -c 'import re, sys; print("\n".join(sorted(set(re.findall(r"\b(cnsim_\w+)\s*\((?!\s*\*)", sys.stdin.read())))))' \
  > "$T/declared"
check "headers declare functions" '[ "$(wc -l < "$T/declared")" -gt 100 ]'
check "every declared function is exported" \
  '! comm -23 "$T/declared" "$T/exported" | sed "s/^/  declared, not exported: /" | grep .'

# --- public headers: C only, no third-party types ---
check "headers include only cnsim/ and standard C headers" \
  '! grep -h "^#include" "$P"/include/cnsim/*.h | grep -vE "^#include (\"cnsim/[a-z_]+\.h\"|<std(def|int|io|bool)\.h>)"'
echo '#include <cnsim/cnsim.h>' | "$CC" -E -P -I"$P/include" -x c - > "$T/pre.c"
check "no third-party type in the public headers" \
  '! grep -nowE "json_t|json_error_t|sqlite3|sqlite3_stmt|gsl_[a-z0-9_]+|SUN[A-Za-z]+|N_Vector|realtype|sunrealtype|PLFLT|PLINT|PLBOOL|csv_parser|MPI_[A-Za-z]+|omp_[a-z_]+" "$T/pre.c"'
for h in "$P"/include/cnsim/*.h; do
  check "$(basename "$h") compiles on its own (C11, -pedantic)" \
    'echo "#include <cnsim/$(basename "$h")>" | "$CC" -std=c11 -pedantic -Wall -Wextra -Werror -fsyntax-only -I"$P/include" -x c -'
done
if command -v c++ >/dev/null; then
  check "cnsim.h compiles as C++" \
    'echo "#include <cnsim/cnsim.h>" | c++ -fsyntax-only -Wall -Werror -I"$P/include" -x c++ -'
fi

# --- pkg-config and the example ---
check "pkg-config knows cnsim at the installed version" \
  '[ "$(pkg-config --modversion cnsim)" = "$("$P/bin/cnsim" --version | awk "{print \$2}")" ]'
check "pkg-config libdir is the prefix's" '[ "$(cd "$(pkg-config --variable=libdir cnsim)" && pwd -P)" = "$(cd "$P/lib" && pwd -P)" ]'
cp -r "$S/examples" "$T/examples"
rm -f "$T/examples/clonazepam_regimen"
make -s -C "$T/examples" CC="$CC" CFLAGS="-std=c11 -O2 -Wall -Wextra $SAN" > "$T/make.log" 2>&1; rc=$?
check "examples build with pkg-config --cflags --libs cnsim" '[ $rc -eq 0 ] || { cat "$T/make.log"; false; }'
check "the example links libcnsim.so.0" \
  'readelf -d "$T/examples/clonazepam_regimen" | grep -F "[libcnsim.so.0]" >/dev/null'
(cd "$T" && LD_LIBRARY_PATH="$P/lib" "$T/examples/clonazepam_regimen" > "$T/ex.out" 2> "$T/ex.err"); rc=$?
check "the example runs and exits 0" '[ $rc -eq 0 ] || { cat "$T/ex.err"; false; }'
check "the example prints the horizon and why" 'grep -E "^horizon: [0-9]+ h: .+" "$T/ex.out" >/dev/null'
check "the example prints a clonazepam concentration above 0" \
  'awk "/^ *time_h/ {on = 1; next} on && \$2 + 0 > 0 {found = 1} END {exit !found}" "$T/ex.out"'
check "the example prints weekly rows from time 0" \
  'awk "/^ *time_h/ {on = 1; next} on {n++; if (n == 1 && \$1 != 0) bad = 1; if (n == 2 && \$1 != 168) bad = 1} END {exit bad || n < 4}" "$T/ex.out"'
# Static linking needs what cnsim.pc lists as private.
libs=$(pkg-config --static --libs cnsim | sed "s|-lcnsim\b|$P/lib/libcnsim.a|")
"$CC" -std=c11 $SAN $(pkg-config --cflags cnsim) -o "$T/ex_static" "$S/examples/clonazepam_regimen.c" $libs \
  > "$T/static.log" 2>&1; rc=$?
check "the example links statically with pkg-config --static" '[ $rc -eq 0 ] || { cat "$T/static.log"; false; }'
check "the static example runs without libcnsim.so" \
  '! readelf -d "$T/ex_static" | grep -F libcnsim >/dev/null && (cd "$T" && "$T/ex_static" | grep -q "^horizon: ")'

# --- the installed cnsim finds the installed registry ---
mkdir -p "$T/elsewhere"
out=$(cd "$T/elsewhere" && "$P/bin/cnsim" drug show clonazepam 2>&1); rc=$?
check "installed cnsim drug show clonazepam works away from the build tree" \
  '[ $rc -eq 0 ] && echo "$out" | grep -q "^Clonazepam (clonazepam)"'
out=$(cd "$T/elsewhere" && "$P/bin/cnsim" drug list 2>&1)
check "installed cnsim reads share/cnsim/cnsim.db, not the built-in copy" \
  'echo "$out" | grep -qF "Registry: $P/bin/../share/cnsim/cnsim.db"'

echo "test_install: $passes passed, $fails failed"
[ $fails -eq 0 ]
