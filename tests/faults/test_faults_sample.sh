#!/bin/bash
# The allocation-failure sweep, sampled: about SAMPLE allocations of each
# run in tests/faults/plan.txt fail in turn (evenly spaced, the first
# included), and every run must end in "out of memory" with exit 1 or in
# the reference output (tests/faults/sweep.py). `make faults` fails every
# allocation instead. $1 is the cnsim binary; libfailalloc.so is beside it.
#
# Fatal here, beyond the sweep's default (crash, hang, exit 0 with other
# output): exit 2, exit 1 without the message, and leaks (sanitized builds
# with detect_leaks=1). A failed thread start inside libgomp or the
# sanitizer is reported but cannot be turned into our message.
set -u
cnsim=$1
here=$(cd "$(dirname "$0")" && pwd)
sample=${CNSIM_FAULTS_SAMPLE:-60}
# Under the sanitizers each run costs about five times more.
if ldd "$cnsim" | grep -q libasan; then
    sample=${CNSIM_FAULTS_SAMPLE:-15}
fi
exec python3 "$here/sweep.py" --cnsim "$cnsim" --sample "$sample" --jobs 2 \
    --fail-on crash,hang,exit0-diff,exit2,exit1-nomsg,leak
