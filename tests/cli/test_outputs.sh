#!/usr/bin/env bash
# How outputs are written (include/cnsim/io.h, src/cli/main.c cli_outs):
# a FIFO is fed and stays a FIFO; a link to a file has its target replaced
# and stays a link; /dev/stdout prints to standard output; /dev/full fails
# with one line and stays a device; /dev/null stays a device; a command
# that fails leaves none of its outputs; a link planted at a guessable
# temporary name cannot redirect a plot; SIGINT or SIGTERM during a long
# write leaves no temporary file; every command reports a full standard
# output in one line with exit 1.
set -u
CN=$(realpath "${1:-build/cnsim}")
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
T=$(mktemp -d)
busy=""
trap '[ -n "$busy" ] && kill -KILL $busy 2>/dev/null; rm -rf "$T"' EXIT
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
# Under the sanitizers, the list of suppressed leaks (fontconfig, behind
# the plots) would add lines to the one-line messages checked here.
export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}print_suppressions=0"
fails=0; passes=0
ok()   { passes=$((passes + 1)); }
bad()  { echo "FAIL: $*"; fails=$((fails + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# Entries of a directory, hidden ones included.
entries() { (cd "$1" && ls -A); }

SIM=(simulate --drug clonazepam --regimen "0.5 mg bid for 2 d")
NET_SMALL="--n-exc 160 --n-inh 40 --p-connect 0.4 --duration 50ms"

# --- a FIFO gets the data and stays a FIFO ---
mkdir "$T/fifo"
mkfifo "$T/fifo/f.csv"
cat "$T/fifo/f.csv" > "$T/fifo.got" & reader=$!
"$CN" drug list --format csv --out "$T/fifo/f.csv"; rc=$?
wait $reader
check "--out FIFO: exit 0, the reader gets the CSV" '[ $rc -eq 0 ] && head -1 "$T/fifo.got" | grep -q "^name,kind,"'
check "--out FIFO: still a FIFO, nothing beside it" '[ -p "$T/fifo/f.csv" ] && [ "$(entries "$T/fifo")" = f.csv ]'
mkfifo "$T/fifo/p.png"
cat "$T/fifo/p.png" > "$T/fifo.png" & reader=$!
"$CN" "${SIM[@]}" --plot "$T/fifo/p.png" > /dev/null; rc=$?
wait $reader
check "--plot FIFO: the reader gets a PNG" '[ $rc -eq 0 ] && [ "$(head -c 4 "$T/fifo.png" | od -An -c | tr -d " ")" = "211PNG" ]'
check "--plot FIFO: still a FIFO" '[ -p "$T/fifo/p.png" ] && [ "$(entries "$T/fifo" | wc -l)" -eq 2 ]'

# --- a link to a regular file: the target is replaced, the link stays ---
mkdir "$T/link" "$T/link/data"
echo old > "$T/link/data/real.csv"
ln -s data/real.csv "$T/link/l.csv"
ino=$(stat -c %i "$T/link/data/real.csv")
"$CN" drug list --format csv --out "$T/link/l.csv"; rc=$?
check "--out link: exit 0, the link is still a link to the same name" \
  '[ $rc -eq 0 ] && [ -L "$T/link/l.csv" ] && [ "$(readlink "$T/link/l.csv")" = data/real.csv ]'
check "--out link: the target holds the new CSV, as a new file (renamed over it)" \
  'head -1 "$T/link/data/real.csv" | grep -q "^name,kind," && [ "$(stat -c %i "$T/link/data/real.csv")" != "$ino" ]'
check "--out link: no temporary file left in either directory" \
  '[ "$(entries "$T/link")" = "$(printf "data\nl.csv")" ] && [ "$(entries "$T/link/data")" = real.csv ]'

# --- /dev/stdout prints to standard output and stays a link ---
before=$(readlink /dev/stdout)
out=$("$CN" drug list --format csv --out /dev/stdout); rc=$?
check "--out /dev/stdout through a pipe prints the CSV" '[ $rc -eq 0 ] && printf "%s\n" "$out" | head -1 | grep -q "^name,kind,"'
"$CN" drug list --format csv --out /dev/stdout > "$T/stdout.csv"; rc=$?
check "--out /dev/stdout into a redirected file" '[ $rc -eq 0 ] && head -1 "$T/stdout.csv" | grep -q "^name,kind,"'
echo first > "$T/append.csv"
"$CN" drug list --format csv --out /dev/stdout >> "$T/append.csv"; rc=$?
check "--out /dev/stdout >> file appends" '[ $rc -eq 0 ] && [ "$(head -1 "$T/append.csv")" = first ] && sed -n 2p "$T/append.csv" | grep -q "^name,kind,"'
check "/dev/stdout is untouched" '[ -L /dev/stdout ] && [ "$(readlink /dev/stdout)" = "$before" ]'

# --- /dev/full: exit 1, one line, still a character device ---
if [ -c /dev/full ]; then
  e=$("$CN" drug list --out /dev/full 2>&1 >/dev/null); rc=$?
  check "--out /dev/full: exit 1 and one line (rc $rc: $e)" \
    '[ $rc -eq 1 ] && [ "$e" = "cnsim: --out: cannot write /dev/full: No space left on device" ]'
  e=$("$CN" "${SIM[@]}" --format csv --manifest /dev/full 2>&1 >/dev/null); rc=$?
  check "--manifest /dev/full: exit 1 and one line (rc $rc: $e)" \
    '[ $rc -eq 1 ] && [ "$e" = "cnsim: --manifest: cannot write /dev/full: No space left on device" ]'
  check "/dev/full is still a character device" '[ -c /dev/full ] && [ ! -L /dev/full ]'
else
  echo "SKIP: /dev/full is not a character device here"
fi

# --- /dev/null: written, still a character device ---
if [ -c /dev/null ]; then
  "$CN" drug list --format csv --out /dev/null; rc=$?
  "$CN" network $NET_SMALL --spikes /dev/null --out /dev/null; rc2=$?
  check "--out /dev/null, --spikes /dev/null: exit 0, still a character device" '[ $rc -eq 0 ] && [ $rc2 -eq 0 ] && [ -c /dev/null ]'
else
  echo "SKIP: /dev/null is not a character device here (another program replaced it)"
fi

# --- a failed command leaves none of its outputs ---
mkdir "$T/left"
left() {   # name, then the command, run in $T/left; expects exit 2 and an empty directory
  local name=$1; shift
  (cd "$T/left" && "$CN" "$@" > /dev/null 2> "$T/left.err"); local rc=$?
  check "$name: exit 2, one line, no file left (rc $rc: $(cat "$T/left.err"))" \
    '[ $rc -eq 2 ] && [ "$(wc -l < "$T/left.err")" -eq 1 ] && [ -z "$(entries "$T/left")" ]'
  rm -rf "$T/left" && mkdir "$T/left"
}
left "population --out with a bad --plot extension" population bench-p1 --n 5 --out p.csv --plot p.gif
left "simulate --plot and --manifest with an unwritable --out" \
  "${SIM[@]}" --plot p.png --manifest m.json --out /nonexistent/x.csv
left "simulate with an unknown drug" simulate --drug nosuchdrug --out x.csv --plot x.png --manifest m.json
left "taper --out and --ics with a bad --plot" taper --drug clonazepam --from "1 mg bid" --out t.txt --ics t.ics --plot t.bmp
left "taper with an unknown drug" taper --drug nosuchdrug --from "1 mg bid" --out t.txt --ics t.ics --plot t.png
left "network --out and --spikes with a bad --plot" network $NET_SMALL --out n.json --spikes s.csv --plot n.gif
left "neuron --out with a bad --plot" neuron --duration 20ms --out v.csv --plot v.jpg
left "the same file under --out and --metrics-out" population bench-p1 --n 4 --out a.csv --metrics-out ./a.csv
left "channel with an unwritable --out" channel --duration 1s --out /nonexistent/c.json
e=$(cd "$T/left" && "$CN" demo --out-dir d 2>&1 > /dev/full); rc=$?
check "demo > /dev/full: exit 1 and no demo files or directory (rc $rc)" '[ $rc -eq 1 ] && [ -z "$(entries "$T/left")" ]'

# --- a link planted at a guessable temporary name cannot redirect a plot ---
# The old name was "<path>.tmp<PID><ext>"; exec keeps the shell's PID.
mkdir "$T/plant"
echo keep > "$T/plant/victim"
plant() {   # name, output file, then the command after "cnsim"
  local name=$1 out=$2; shift 2
  (cd "$T/plant" && sh -c 'ln -s victim "$1.tmp$$.${1##*.}"; shift; exec "$@"' sh "$out" "$CN" "$@" > /dev/null 2>&1); local rc=$?
  check "$name: the planted link's target is untouched and the plot written" \
    '[ $rc -eq 0 ] && [ "$(cat "$T/plant/victim")" = keep ] && [ -s "$T/plant/$out" ] && [ ! -L "$T/plant/$out" ]'
}
plant "simulate --plot" s.png "${SIM[@]}" --plot s.png
plant "neuron --plot" n.svg neuron --duration 20ms --plot n.svg
plant "network --plot" w.png network $NET_SMALL --plot w.png
check "no temporary file left beside the plots" '[ -z "$(cd "$T/plant" && ls -A | grep "\.tmp\." )" ]'

# --- a signal during a long write leaves no temporary file ---
# Job control keeps SIGINT for a background job (a non-interactive shell
# ignores it there, and cnsim keeps an ignored signal ignored).
interrupt() {   # signal, expected exit status
  local want=$2
  rm -rf "$T/sig" && mkdir "$T/sig"
  set -m
  (cd "$T/sig" && exec "$CN" population bench-p1 --n 5000 --per-subject --format csv --threads 1 --out big.csv) &
  busy=$!
  set +m
  local size=0
  for _ in $(seq 1 300); do
    size=$(stat -c %s "$T"/sig/big.csv.tmp.* 2>/dev/null | head -1)
    [ -n "$size" ] && [ "$size" -gt 1000000 ] && break
    sleep 0.05
  done
  kill -"$1" $busy; wait $busy; local rc=$?
  busy=""
  check "SIG$1 after ${size:-0} bytes: killed by the signal (rc $rc), no file left: $(entries "$T/sig")" \
    '[ $rc -eq $want ] && [ -z "$(entries "$T/sig")" ]'
}
interrupt INT 130
interrupt TERM 143

# --- a full standard output: exit 1 and one line, for every command ---
SMITH="$SRC/scenarios/trial-depression-smith1998.json"
mkdir "$T/full"
while IFS= read -r line; do
  [ -z "$line" ] && continue
  eval "set -- $line"
  e=$(cd "$T/full" && "$CN" "$@" 2>&1 > /dev/full); rc=$?
  check "$line > /dev/full: exit 1, one line (rc $rc: $e)" \
    '[ $rc -eq 1 ] && [ "$e" = "cnsim: standard output: write failed: No space left on device" ]'
done <<EOF
simulate --drug clonazepam --regimen "0.5 mg bid for 2 d"
simulate --drug clonazepam --regimen "0.5 mg bid for 2 d" --format csv
demo --out-dir d
population bench-p1 --n 5
population bench-p1 --n 5 --format csv --per-subject
trial "$SMITH" --replicates 2
trial "$SMITH" --replicates 2 --format json
taper --drug clonazepam --from "0.5 mg bid"
interact clonazepam:1mg oxycodone:20mg
drug list
drug show clonazepam
drug compare clonazepam sertraline
network $NET_SMALL
withdrawal --drug clonazepam --schedule "0.5 mg bid for 14 d" --until 30d
channel --duration 1s
bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 2
neuron --duration 20ms
excitability-map --steps 2 --duration 20ms
--help
simulate --help
help taper
EOF
check "no file left by the commands that failed on standard output" '[ -z "$(entries "$T/full")" ]'

echo "test_outputs: $passes passed, $fails failed"
[ $fails -eq 0 ]
