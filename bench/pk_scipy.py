#!/usr/bin/python3
"""Peer of bench_pk: the same workload with scipy solve_ivp(method='LSODA').

Reads the workload written by `build/bench_pk --params` (every
cnsim_pk_params field of both drugs, the doses, the output grid and the
tolerances) and integrates the same model (src/pk/model.c), six states per
drug, 12 in one system as cnsim does:

    Ad'  = -ka Ad
    A1'  =  ka Ad - (k10 + k12 + k13) A1 + k21 A2 + k31 A3 - MM
    A2'  =  k12 A1 - k21 A2
    A3'  =  k13 A1 - k31 A3
    Am'  =  r fm (k10 A1 + MM) - km Am
    Ael' =  (1 - fm)(k10 A1 + MM) + km Am / r

with MM = Vmax C / (Km + C), C = 1000 A1 / V1 ng/mL, metabolite
1000 Am / Vm. A dose puts F * amt into the depot at t + tlag. The solver is
restarted at every dose time (dose interval by dose interval) with outputs
at the hourly grid points inside the interval (t_eval); outputs at a dose
time show the post-dose state, as in cnsim. The analytic Jacobian is given,
as cnsim gives it to CVODE.

Usage: /usr/bin/python3 bench/pk_scipy.py PARAMS.json REFERENCE.csv
       [--runs N] [--rtol R ...]
Prints `name,n,seconds,us_per_item` (median of N timed runs of one patient,
after one untimed warm-up) and the check lines
`check,tool,output,time_h,conc_ng_mL,rel_diff_vs_closed` against the
closed-form CSV written by `bench_pk --csv`.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import scipy
from scipy.integrate import solve_ivp

NS = 6
DEPOT, CENTRAL, PERIPH, PERIPH2, METAB, ELIM = range(NS)


def build_model(drugs):
    n = NS * len(drugs)
    A = np.zeros((n, n))
    mm = []  # (offset, vmax, km, v1, fm, r) of the drugs with MM elimination
    for d, p in enumerate(drugs):
        o = d * NS
        k10 = p["cl_L_per_h"] / p["v1_L"]
        k12 = p["q2_L_per_h"] / p["v1_L"] if p["n_cmt"] >= 2 else 0.0
        k21 = p["q2_L_per_h"] / p["v2_L"] if p["n_cmt"] >= 2 else 0.0
        k13 = p["q3_L_per_h"] / p["v1_L"] if p["n_cmt"] == 3 else 0.0
        k31 = p["q3_L_per_h"] / p["v3_L"] if p["n_cmt"] == 3 else 0.0
        fm = p["fm"] if p["has_metabolite"] else 0.0
        r = p["met_mw_g_per_mol"] / p["mw_g_per_mol"] if p["has_metabolite"] else 1.0
        A[o + DEPOT, o + DEPOT] = -p["ka_per_h"]
        A[o + CENTRAL, o + DEPOT] = p["ka_per_h"]
        A[o + CENTRAL, o + CENTRAL] = -(k10 + k12 + k13)
        A[o + CENTRAL, o + PERIPH] = k21
        A[o + CENTRAL, o + PERIPH2] = k31
        A[o + PERIPH, o + CENTRAL] = k12
        A[o + PERIPH, o + PERIPH] = -k21
        A[o + PERIPH2, o + CENTRAL] = k13
        A[o + PERIPH2, o + PERIPH2] = -k31
        A[o + ELIM, o + CENTRAL] = (1 - fm) * k10
        if p["has_metabolite"]:
            km = p["met_cl_L_per_h"] / p["met_v_L"]
            A[o + METAB, o + CENTRAL] = r * fm * k10
            A[o + METAB, o + METAB] = -km
            A[o + ELIM, o + METAB] = km / r
        if p["vmax_mg_per_h"] > 0:
            mm.append((o, p["vmax_mg_per_h"], p["km_ng_mL"], p["v1_L"], fm, r))

    if not mm:
        def rhs(t, x):
            return A @ x

        def jac(t, x):
            return A
    else:
        def rhs(t, x):
            dx = A @ x
            for o, vmax, km, v1, fm, r in mm:
                c = 1000.0 * x[o + CENTRAL] / v1
                m = vmax * c / (km + c)
                dx[o + CENTRAL] -= m
                dx[o + METAB] += r * fm * m
                dx[o + ELIM] += (1 - fm) * m
            return dx

        def jac(t, x):
            J = A.copy()
            for o, vmax, km, v1, fm, r in mm:
                c = 1000.0 * x[o + CENTRAL] / v1
                dm = vmax * km / (km + c) ** 2 * 1000.0 / v1
                J[o + CENTRAL, o + CENTRAL] -= dm
                J[o + METAB, o + CENTRAL] += r * fm * dm
                J[o + ELIM, o + CENTRAL] += (1 - fm) * dm
            return J
    return n, rhs, jac


def outputs(drugs):
    """(name, state index, volume) in cnsim's order: drugs, then metabolites."""
    out = [(p["name"], d * NS + CENTRAL, p["v1_L"]) for d, p in enumerate(drugs)]
    out += [(p["metabolite"], d * NS + METAB, p["met_v_L"])
            for d, p in enumerate(drugs) if p["has_metabolite"]]
    return out


def make_simulate(w):
    drugs = w["drugs"]
    n, rhs, jac = build_model(drugs)
    outs = outputs(drugs)
    t_out = np.arange(0.0, w["t_end_h"] + 0.5 * w["every_h"], w["every_h"])
    # Dose actions: F * amt into the depot at t + tlag.
    acts = {}
    for e in w["doses"]:
        p = drugs[e["drug"]]
        t = e["time_h"] + p["tlag_h"]
        acts.setdefault(t, []).append((e["drug"] * NS + DEPOT, p["f"] * e["amt_mg"]))
    t_end = t_out[-1]
    bps = sorted(t for t in acts if t < t_end)
    if not bps or bps[0] > 0.0:
        bps.insert(0, 0.0)
    bps.append(t_end)
    state_idx = [s for _, s, _ in outs]
    scale = np.array([1000.0 / v for _, _, v in outs])

    def simulate(rtol, atol):
        x = np.zeros(n)
        conc = np.empty((len(t_out), len(outs)))
        nfev = 0
        for s, e in zip(bps[:-1], bps[1:]):
            for i, amt in acts.get(s, ()):
                x[i] += amt
            lo = np.searchsorted(t_out, s, side="left")
            hi = np.searchsorted(t_out, e, side="left")  # outputs in [s, e)
            t_eval = np.append(t_out[lo:hi], e)
            sol = solve_ivp(rhs, (s, e), x, method="LSODA", t_eval=t_eval,
                            rtol=rtol, atol=atol, jac=jac)
            if not sol.success:
                raise RuntimeError(f"LSODA failed on [{s}, {e}] h: {sol.message}")
            nfev += sol.nfev
            conc[lo:hi] = sol.y[state_idx, :-1].T * scale
            x = sol.y[:, -1].copy()
        for i, amt in acts.get(t_end, ()):
            x[i] += amt
        conc[len(t_out) - 1] = x[state_idx] * scale
        return conc, nfev

    return simulate, [name for name, _, _ in outs], t_out


def read_reference(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return header, data


def check(tool, names, t_out, conc, ref_header, ref, check_t):
    col = {h: i for i, h in enumerate(ref_header)}
    tcol = ref[:, col["time_h"]]
    for k, name in enumerate(names):
        r = ref[:, col[f"{name}_ng_mL"]]
        c = conc[:, k]
        for tc in check_t:
            i = int(np.argmin(np.abs(t_out - tc)))
            j = int(np.argmin(np.abs(tcol - tc)))
            print(f"check,{tool},{name},{tc:g},{c[i]:.10g},{abs(c[i] - r[j]) / abs(r[j]):.3g}")
        mask = np.abs(r) > 1e-6 * np.max(np.abs(r))
        worst = np.max(np.abs(c[mask] - r[mask]) / np.abs(r[mask]))
        print(f"maxrel,{tool},{name},all,,{worst:.3g}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("params")
    ap.add_argument("reference")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rtol", type=float, nargs="+")
    a = ap.parse_args()
    with open(a.params) as f:
        w = json.load(f)
    simulate, names, t_out = make_simulate(w)
    ref_header, ref = read_reference(a.reference)
    rtols = a.rtol or [w["rtol"]]
    print(f"# scipy {scipy.__version__}, numpy {np.__version__}, "
          f"python {sys.version.split()[0]}; solve_ivp LSODA, restarted at each of "
          f"{len(w['doses'])} doses; median of {a.runs} runs")
    results = []
    for rtol in rtols:
        tool = f"scipy_lsoda_rtol{rtol:.0e}".replace("e-0", "e-")
        conc, nfev = simulate(rtol, w["atol_mg"])  # warm-up, and the checked result
        sec = []
        for _ in range(a.runs):
            t0 = time.perf_counter()
            simulate(rtol, w["atol_mg"])
            sec.append(time.perf_counter() - t0)
        med = statistics.median(sec)
        print(f"{tool},1,{med:.6f},{1e6 * med:.3f}", flush=True)
        print(f"# {tool}: {nfev} rhs evaluations; runs {', '.join(f'{s:.3f}' for s in sec)} s")
        results.append((tool, conc))
    for tool, conc in results:
        check(tool, names, t_out, conc, ref_header, ref, w["check_t_h"])


if __name__ == "__main__":
    main()
