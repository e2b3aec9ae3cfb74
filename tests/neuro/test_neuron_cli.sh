#!/usr/bin/env bash
# cnsim neuron from the command line: help, JSON and CSV outputs, the plot,
# and bad input (exit 2 naming the option and what was expected).
set -u
CNSIM=${1:?usage: test_neuron_cli.sh path/to/cnsim}
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; fi; }

"$CNSIM" neuron --help > "$tmp/help" ; check "help exits 0" "[ $? -eq 0 ]"
check "help has an example" "grep -q 'cnsim neuron --model' $tmp/help"

"$CNSIM" neuron --model wang-buzsaki --inject 0.5nA --duration 200ms --ipsp-rate 50Hz --g-gaba 5nS \
    --gabaa-modulation 1.5 --seed 3 --format json > "$tmp/o.json"
check "json run exits 0" "[ $? -eq 0 ]"
for f in spike_times_ms n_spikes firing_rate_hz mean_v_mV cl_charge_nC e_cl_mV; do
  check "json has $f" "grep -q '\"$f\"' $tmp/o.json"
done

"$CNSIM" neuron --inject 500pA --duration 0.05s --dt 0.5ms --format csv > "$tmp/o.csv"
check "csv run exits 0" "[ $? -eq 0 ]"
check "csv header" "head -1 $tmp/o.csv | grep -q '^t_ms,v_mV,i_cl_nA,'"
check "csv rows (0..50 ms by 0.5 ms)" "[ \$(wc -l < $tmp/o.csv) -eq 102 ]"

"$CNSIM" neuron --inject 0.5nA --duration 100ms --plot "$tmp/v.png" > /dev/null
check "plot written" "[ -s $tmp/v.png ]"

"$CNSIM" neuron --bzd-occupancy 1 --g-gaba 5nS --ipsp-rate 10Hz --duration 50ms --format json > "$tmp/b.json"
check "bzd-occupancy 1 gives M = Mmax" "grep -q '\"gabaa_modulation\": 2' $tmp/b.json"

bad() {
  local name=$1 pattern=$2; shift 2
  "$CNSIM" neuron "$@" > /dev/null 2> "$tmp/err"
  local rc=$?
  if [ $rc -ne 2 ]; then echo "FAIL: $name: exit $rc, expected 2"; fail=1; fi
  if ! grep -q -- "$pattern" "$tmp/err"; then echo "FAIL: $name: message lacks '$pattern':"; cat "$tmp/err"; fail=1; fi
}
bad "negative conductance" "g-gaba: -5 nS" --g-gaba -5nS
bad "negative excitatory conductance" "g-exc" --g-exc -1 --exc-rate 10Hz
bad "unknown model" "expected traub-miles (tm), wang-buzsaki (wb) or hh" --model izhikevich
bad "unknown unit" "unit 'furlong'" --inject 0.5furlong
bad "current in a time option" "unit 'nA'" --duration 1nA
bad "not a number" "not a number" --ipsp-rate fast
bad "loose tolerance" "rtol" --rtol 0.1
bad "zero output step" "dt: 0 ms" --dt 0
bad "output step longer than the run" "dt: 20 ms" --duration 10ms --dt 20ms
bad "modulation and occupancy together" "not both" --gabaa-modulation 1.5 --bzd-occupancy 0.5
bad "occupancy above 1" "bzd-occupancy" --bzd-occupancy 1.5
bad "adaptation above 1" "gabaa-adaptation" --gabaa-adaptation 2
bad "negative chloride" "cl-in" --cl-in -7mM
bad "unknown option" "unknown option" --frobnicate 1
bad "missing value" "--inject needs a value" --inject
exit $fail
