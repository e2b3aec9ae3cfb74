#!/usr/bin/python3
"""A short tour of cnsim from Python (docs/python.md), run by the tests.

Clonazepam added to sertraline for four weeks: concentrations, SERT and
benzodiazepine-site occupancy, the withdrawal index after the stop; then a
dose sweep through one Model and Run; the registry record; the 90% band
of a virtual population on the same bridge; a taper plan with its
products and the CNS-depressant interaction of clonazepam with an opioid.
With matplotlib
installed, the figure goes to the file given as the first argument
(default tour.png). cnsim is a research and teaching simulator, not
medical advice."""
import os
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

# a virtual population on the bridge (published between-subject variability):
# the 5th-95th percentile band of the clonazepam level, as arrays
scenario = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scenarios", "pop-bridge-chain.json")
band = cnsim.population(scenario, n=200, seed=1, format="csv")
week4 = np.searchsorted(band["time_h"], 28 * 24)
print("population of 200, clonazepam at day 28: median %.1f ng/mL (90%% band %.1f-%.1f)" %
      (band["clonazepam_ng_mL_p50"][week4], band["clonazepam_ng_mL_p5"][week4], band["clonazepam_ng_mL_p95"][week4]))

# a taper of clonazepam 1 mg bid by the 2025 guideline, rounded to products
plan = cnsim.taper("clonazepam", "1 mg bid", method="proportional")
first, last = plan["schedule"][0], plan["schedule"][-1]
print("taper: %d steps over %.0f weeks, from %s" % (len(plan["schedule"]), (last["day"] + last["days"]) / 7,
                                                     first["tablets"]))

# clonazepam with an opioid: the findings, each with its source
found = cnsim.interact("clonazepam:1mg", "oxycodone:20mg")
for f in found["findings"][:2]:
    print("interaction (%s): %s [%s]" % (f["severity"], f["mechanism"][:70], f["source"]))

try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    plt = None
if plt is not None:
    fig, ax = plt.subplots(3, 1, sharex=True, figsize=(7, 7))
    ax[0].plot(t_d, r["clonazepam_ng_mL"], label="clonazepam")
    ax[0].plot(t_d, r["sertraline_ng_mL"] / 10, label="sertraline / 10")
    ax[0].set_ylabel("ng/mL")
    ax[0].legend()
    ax[1].plot(t_d, r["withdrawal_index"], label="withdrawal index")
    ax[1].plot(t_d, r["sert_occupancy_frac"], label="SERT occupancy")
    ax[1].legend()
    bd = band["time_h"] / 24
    ax[2].fill_between(bd, band["clonazepam_ng_mL_p5"], band["clonazepam_ng_mL_p95"], alpha=0.3, label="5th-95th")
    ax[2].plot(bd, band["clonazepam_ng_mL_p50"], label="median, 200 subjects")
    ax[2].set_ylabel("clonazepam ng/mL")
    ax[2].set_xlabel("day")
    ax[2].legend()
    fig.savefig(sys.argv[1] if len(sys.argv) > 1 else "tour.png")
