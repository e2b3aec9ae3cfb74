#!/usr/bin/python3
"""Issue 16: the Python side of the overhead benchmark
(bench/run_python_bench.sh): the same 1000 one-day single-dose clonazepam
simulations as bench/bench_run_calls.c, through cnsim.Model/Run (the model
built once); the median of the repeats in ms. Usage: CALLS REPEATS."""
import statistics
import sys
import time

import cnsim

calls = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
reps = int(sys.argv[2]) if len(sys.argv) > 2 else 5
run = cnsim.Model("clonazepam").run()
ms = []
for _ in range(reps):
    t0 = time.perf_counter()
    for _ in range(calls):
        run.set_regimen(0, "1 mg once").set_grid(until=24, every=1).simulate()
    ms.append((time.perf_counter() - t0) * 1e3)
print("python_calls,%d\npython_median_ms,%.2f" % (calls, statistics.median(ms)))
