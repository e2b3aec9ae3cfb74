#!/usr/bin/python3
"""A short tour of cnsim from Python (docs/python.md), run by the tests.

Clonazepam added to sertraline for four weeks: concentrations, SERT and
benzodiazepine-site occupancy, the withdrawal index after the stop; then a
dose sweep through one Model and Run; the registry record. With matplotlib
installed, the figure goes to the file given as the first argument
(default tour.png). cnsim is a research and teaching simulator, not
medical advice."""
import sys

import numpy as np

import cnsim

r = cnsim.simulate(drugs=["sertraline", "clonazepam"], regimens=["50 mg qd for 42 d", "0.5 mg bid for 28 d"],
                   until="56d")
t_d = r["time_h"] / 24
print("columns:", ", ".join(list(r)[:6]), "...")
print("sertraline at day 28: %.1f ng/mL, SERT occupancy %.2f" %
      (np.interp(28, t_d, r["sertraline_ng_mL"]), np.interp(28, t_d, r["sert_occupancy_frac"])))
print("peak withdrawal index after the clonazepam stop: %.3f on day %.1f" %
      (r["withdrawal_index"].max(), t_d[np.argmax(r["withdrawal_index"])]))

# one model, many runs: the trough after a week at each dose
run = cnsim.Model("clonazepam").run()
for mg in (0.25, 0.5, 1.0):
    c = run.set_regimen(0, "%g mg bid for 7 d" % mg).set_grid(until="7d", every="1h").simulate()
    print("clonazepam %g mg bid: %.1f ng/mL at day 7" % (mg, c["clonazepam_ng_mL"][-1]))

d = cnsim.drug("Klonopin")
print("registry:", d["name"])

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
if plt is not None:
    fig, ax = plt.subplots(2, 1, sharex=True, figsize=(7, 5))
    ax[0].plot(t_d, r["clonazepam_ng_mL"], label="clonazepam")
    ax[0].plot(t_d, r["sertraline_ng_mL"] / 10, label="sertraline / 10")
    ax[0].set_ylabel("ng/mL")
    ax[0].legend()
    ax[1].plot(t_d, r["withdrawal_index"], label="withdrawal index")
    ax[1].plot(t_d, r["sert_occupancy_frac"], label="SERT occupancy")
    ax[1].set_xlabel("day")
    ax[1].legend()
    fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "tour.png")
