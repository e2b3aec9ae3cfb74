#!/usr/bin/env bash
# Peer check: `cnsim neuron` against the same single neuron in NEURON
# (bench/peers/neuron_single.py, NEURON's CVODE at rtol = atol = 1e-8):
# for each model, 1 s of 0.5 nA current injection (hh: 2 nA), the same number of
# spikes and every spike time within 0.1 ms. Skipped (exit 0) where
# NEURON is not installed (Debian packages neuron, python3-neuron,
# neuron-dev).
set -eu
CNSIM=${1:?usage: test_neuron_vs_neuron.sh path/to/cnsim}
SRC=${CNSIM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
PY=/usr/bin/python3
if ! "$PY" -c 'import neuron' >/dev/null 2>&1 || ! command -v nrnivmodl >/dev/null 2>&1; then
  echo "SKIP: NEURON is not installed (apt-get install neuron python3-neuron neuron-dev)"
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# hh (Hodgkin & Huxley 1952 against NEURON's built-in hh at 6.3 degC) at
# 2 nA = 10 uA/cm^2: 0.5 nA is below its repetitive-firing threshold.
for model in traub-miles wang-buzsaki hh; do
  amp=0.5
  [ "$model" = hh ] && amp=2
  "$CNSIM" neuron --model "$model" --inject ${amp}nA --inject-start 100ms --inject-stop 1100ms \
      --duration 1200ms --format json > "$tmp/cnsim.json"
  "$PY" "$SRC/bench/peers/neuron_single.py" --model "$model" --inject $amp --start 100 --stop 1100 \
      --duration 1200 2>/dev/null > "$tmp/neuron.json"
  "$PY" - "$tmp/cnsim.json" "$tmp/neuron.json" "$model" <<'PYEOF'
import json, sys
a = json.load(open(sys.argv[1]))["spike_times_ms"]
b = json.load(open(sys.argv[2]))["spike_times_ms"]
model = sys.argv[3]
if len(a) != len(b):
    sys.exit("%s: cnsim %d spikes, NEURON %d" % (model, len(a), len(b)))
if len(a) < 10:
    sys.exit("%s: only %d spikes; the protocol should make the cell fire" % (model, len(a)))
d = max(abs(x - y) for x, y in zip(a, b))
print("%s: %d spikes, max |cnsim - NEURON| = %.4f ms" % (model, len(a), d))
if d > 0.1:
    sys.exit("%s: spike times differ by %.4f ms (> 0.1 ms)" % (model, d))
PYEOF
done
echo "ok"
