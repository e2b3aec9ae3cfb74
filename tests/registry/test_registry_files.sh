#!/usr/bin/env bash
# Which registry file is used, and what happens when it is unusable (issue
# 11): a damaged, truncated, empty, foreign, incomplete or locked file is
# refused with exit 1 and one line naming the file and the reason; a
# missing file given by the user is bad input (exit 2); the built-in copy
# serves only when no file exists beside the program, and says so once.
set -u
CN=$(realpath "${1:-build/cnsim}")
DB=$(dirname "$CN")/cnsim.db
T=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$T"' EXIT
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }

# refused FILE WANT: exit 1, one line on stderr holding the file and WANT
refused() {
  local f=$1 want=$2
  local e; e=$(CNSIM_REGISTRY="$T/$f" "$CN" drug show clonazepam 2>&1 >/dev/null); local rc=$?
  if [ $rc -eq 1 ] && [ "$(printf '%s\n' "$e" | wc -l)" -eq 1 ] && printf '%s' "$e" | grep -qF "$f" &&
     printf '%s' "$e" | grep -qF -- "$want"; then ok; else bad "$f: rc=$rc msg='$e'"; fi
}
head -c 100000 "$DB" > "$T/trunc.db"
refused trunc.db "is damaged"
: > "$T/empty.db"
refused empty.db "is not a cnsim drug registry"
echo "not a database" > "$T/text.db"
refused text.db "is not an SQLite database"
sqlite3 "$T/foreign.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
refused foreign.db "is not a cnsim drug registry"
cp "$DB" "$T/partial.db" && sqlite3 "$T/partial.db" "DROP TABLE onsets"
refused partial.db "no table 'onsets'"
cp "$DB" "$T/nodrugs.db" && sqlite3 "$T/nodrugs.db" "PRAGMA foreign_keys = OFF; DELETE FROM drugs"
refused nodrugs.db "has no drugs"
/usr/bin/python3 - "$DB" "$T/pages.db" <<'PY'
import shutil, sys
shutil.copy(sys.argv[1], sys.argv[2])
with open(sys.argv[2], "r+b") as f:   # zero a b-tree page header
    f.seek(4096 * 5)
    f.write(b"\0" * 64)
PY
refused pages.db "is damaged"
# A lock held by another program: waited for, then refused as locked (not
# as "not a registry").
cp "$DB" "$T/locked.db"
/usr/bin/python3 -c "
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute('BEGIN EXCLUSIVE'); c.execute('CREATE TABLE lock_holder (x)')
open(sys.argv[2], 'w').close()
time.sleep(20)" "$T/locked.db" "$T/locked.ready" &
for _ in $(seq 100); do [ -e "$T/locked.ready" ] && break; sleep 0.1; done
refused locked.db "is locked by another program"
kill %1 2>/dev/null; wait 2>/dev/null

# A file the user names that is not there: bad input.
e=$(CNSIM_REGISTRY="$T/none.db" "$CN" drug show clonazepam 2>&1 >/dev/null); rc=$?
check "a missing CNSIM_REGISTRY file is bad input (rc $rc: $e)" '[ $rc -eq 2 ] && printf "%s" "$e" | grep -q "none.db"'

# No file beside the program: the built-in copy, said once.
mkdir "$T/bin" && cp "$CN" "$T/bin/cnsim"
out=$(env -u CNSIM_REGISTRY "$T/bin/cnsim" drug show clonazepam 2> "$T/note.err"); rc=$?
check "without a registry file the built-in copy serves (rc $rc)" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -qi clonazepam'
check "the built-in copy is noted once on stderr" '[ "$(grep -c "using the built-in copy" "$T/note.err")" -eq 1 ]'
# A damaged file beside the program is never silently replaced.
cp "$T/trunc.db" "$T/bin/cnsim.db"
e=$(env -u CNSIM_REGISTRY "$T/bin/cnsim" drug show clonazepam 2>&1 >/dev/null); rc=$?
check "a damaged file beside the program is refused, not replaced (rc $rc)" '[ $rc -eq 1 ] && printf "%s" "$e" | grep -q "is damaged"'

echo "registry files: $passes passed, $fails failed"
[ $fails -eq 0 ]
