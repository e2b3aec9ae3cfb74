#!/usr/bin/python3
"""Independent peer for `cnsim tdm`: MAP (NONMEM POSTHOC-style) random effects.

Written from the model definition alone (Debian python3-numpy/python3-scipy),
to check cnsim's estimates on tests/data/tdm_posthoc.csv with the population
model tests/data/tdm_posthoc_model.json (one compartment, first-order
absorption from the depot, P_i = P exp(eta), diagonal OMEGA, SIGMA variances).

For each subject it minimises
    OFV(eta) = sum_j [(y_j - f_j)^2 / s_j^2 + ln s_j^2] + eta' OMEGA^-1 eta,
    s_j^2 = add + prop f_j^2,
with a level below the limit counted as -2 ln Phi((LLOQ - f_j) / s_j) (M3).

  posthoc_peer.py                 estimates for every subject
  posthoc_peer.py --selfcheck     Bateman vs ODE, KA == k limit, mode vs grid
  posthoc_peer.py --make-data     rewrite tests/data/tdm_posthoc.csv
  posthoc_peer.py --compare FILE  compare with cnsim's JSON output
  posthoc_peer.py --cnsim BINARY  run `BINARY tdm ...` and compare
  posthoc_peer.py --json          the peer's estimates in cnsim's JSON shape
Exit: 0 pass, 1 failure, 77 cnsim binary cannot be run (ctest: skipped).
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from scipy import optimize, special
from scipy.integrate import solve_ivp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join("tests", "data", "tdm_posthoc.csv")
MODEL = os.path.join("tests", "data", "tdm_posthoc_model.json")
Z90 = 1.6449                      # standard normal 95th percentile
TOL_ETA, TOL_OFV, TOL_CI = 2e-3, 1e-3, 0.02
RANDOM = ("CL", "V", "KA")        # parameters that may carry an eta


# ---------------------------------------------------------------- model, data
def read_model(path):
    with open(path) as fh:
        m = json.load(fh)
    p = m["parameters"]
    names = [k for k in RANDOM if k in m.get("omega", {})]   # eta order
    if len(names) != len(m.get("omega", {})):
        raise SystemExit("peer: OMEGA only on CL, V and KA is modelled")
    return {"theta": {"CL": p["CL"], "V": p["V"], "KA": p["KA"], "F1": p.get("F1", 1.0)},
            "names": names,
            "omega": np.array([m["omega"][k] for k in names], float),
            "prop": m["sigma"].get("prop", 0.0), "add": m["sigma"].get("add", 0.0)}


def num(text, default=0.0):
    text = (text or "").strip()
    return default if text in ("", ".") else float(text)


def read_data(path):
    """id -> {'dose_t', 'dose_amt', 't', 'y', 'blq', 'lloq'} (arrays), file order."""
    subj = {}
    with open(path, newline="") as fh:
        for row in csv.DictReader(fh):
            row = {k.strip().upper(): v for k, v in row.items()}
            s = subj.setdefault(int(num(row["ID"])), {k: [] for k in
                                ("dose_t", "dose_amt", "t", "y", "blq", "lloq")})
            evid, t = int(num(row.get("EVID"))), num(row["TIME"])
            if evid == 1:
                if int(num(row.get("CMT"), 1)) != 1:
                    raise SystemExit("peer: only depot (CMT 1) doses are modelled")
                s["dose_t"].append(t)
                s["dose_amt"].append(num(row["AMT"]))
            elif evid == 0 and int(num(row.get("MDV"))) == 0:
                s["t"].append(t)
                s["y"].append(num(row.get("DV")))
                s["blq"].append(int(num(row.get("BLQ"))) == 1)
                s["lloq"].append(num(row.get("LLOQ")))
    return {i: {k: np.array(v) for k, v in s.items()} for i, s in subj.items()}


# ------------------------------------------------------------- prediction
def conc(t, dose_t, dose_amt, cl, v, ka, f1=1.0):
    """ng/mL at times t (last axis) for parameters of any broadcastable shape.

    Superposition of Bateman functions, written with expm1 so KA -> k is
    smooth: (e^-kt - e^-ka t)/(ka - k) = e^-kt * (-expm1(-(ka - k) t))/(ka - k),
    whose limit at ka == k is t e^-kt."""
    cl, v, ka = (np.asarray(x, float)[..., None, None] for x in (cl, v, ka))
    k = cl / v
    tau = np.asarray(t, float)[:, None] - np.asarray(dose_t, float)[None, :]
    pos = tau > 0
    tau = np.where(pos, tau, 0.0)
    d = ka - k
    safe = np.where(d == 0, 1.0, d)
    g = np.where(d == 0, tau, -np.expm1(-safe * tau) / safe)
    amt = np.asarray(dose_amt, float)[None, :]
    return 1000.0 * f1 * np.sum(np.where(pos, amt * ka / v * np.exp(-k * tau) * g, 0.0), axis=-1)


def ode_conc(t, dose_t, dose_amt, cl, v, ka, f1=1.0):
    """Same prediction by numerical integration (for the self-check only)."""
    out, state, now = [], np.zeros(2), 0.0
    events = sorted([(x, 0, a) for x, a in zip(dose_t, dose_amt)] + [(x, 1, 0) for x in t])
    for when, kind, amt in events:
        if when > now:
            sol = solve_ivp(lambda _, a: [-ka * a[0], ka * a[0] - cl / v * a[1]],
                            (now, when), state, rtol=1e-11, atol=1e-13, method="LSODA")
            state, now = sol.y[:, -1], when
        if kind == 0:
            state[0] += f1 * amt
        else:
            out.append(1000.0 * state[1] / v)
    return np.array(out)


# ----------------------------------------------------------------- objective
def individual(model, eta):
    """Individual CL, V, KA for eta (shape (..., n_eta))."""
    eta = np.asarray(eta, float)
    par = {}
    for k in RANDOM:
        e = eta[..., model["names"].index(k)] if k in model["names"] else 0.0
        par[k] = model["theta"][k] * np.exp(e)
    return par


def ofv(model, s, eta):
    """-2 log posterior up to constants; eta may be a batch (..., n_eta)."""
    eta = np.asarray(eta, float)
    p = individual(model, eta)
    f = conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], p["KA"], model["theta"]["F1"])
    s2 = model["add"] + model["prop"] * f * f
    normal = (s["y"] - f) ** 2 / s2 + np.log(s2)
    m3 = -2.0 * special.log_ndtr((s["lloq"] - f) / np.sqrt(s2))
    data = np.sum(np.where(s["blq"], m3, normal), axis=-1)
    return data + np.sum(eta * eta / model["omega"], axis=-1)


def grad(fun, x, h=1e-6):
    """Central-difference gradient."""
    return np.array([(fun(x + e) - fun(x - e)) / (2 * h) for e in np.eye(x.size) * h])


def hessian(fun, x, h=1e-3):
    """Central-difference Hessian."""
    n = x.size
    H = np.empty((n, n))
    for i in range(n):
        for j in range(i, n):
            ei, ej = np.eye(n)[i] * h, np.eye(n)[j] * h
            H[i, j] = H[j, i] = (fun(x + ei + ej) - fun(x + ei - ej)
                                 - fun(x - ei + ej) + fun(x - ei - ej)) / (4 * h * h)
    return H


def fit(model, s):
    """Mode of the posterior, Laplace covariance and 90% intervals of one subject."""
    fun = lambda e: float(ofv(model, s, e))
    jac = lambda e: grad(fun, e)
    n = len(model["names"])
    r = optimize.minimize(fun, np.zeros(n), jac=jac, method="BFGS", options={"gtol": 1e-7})
    r2 = optimize.minimize(fun, r.x, method="Nelder-Mead",
                           options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20000})
    r3 = optimize.minimize(fun, r2.x, jac=jac, method="BFGS", options={"gtol": 1e-8})
    eta = min((r, r2, r3), key=lambda q: q.fun).x
    cov = np.linalg.inv(hessian(fun, eta) / 2.0)
    sd = np.sqrt(np.diag(cov))
    par = individual(model, eta)
    ci = {k: [model["theta"][k] * np.exp(eta[i] - Z90 * sd[i]),
              model["theta"][k] * np.exp(eta[i] + Z90 * sd[i])]
          for i, k in enumerate(model["names"])}
    return {"eta": dict(zip(model["names"], eta)), "objective": fun(eta),
            "map_parameters": {k: float(par[k]) for k in RANDOM}, "cov": cov, "ci90": ci,
            "shrinkage": dict(zip(model["names"], np.diag(cov) / model["omega"]))}


def print_fits(model, fits):
    n = model["names"]
    print("id " + " ".join(f"{'eta_' + k:>9}" for k in n) + f" {'OFV':>10} "
          + " ".join(f"{k:>8}" for k in RANDOM) + "  90% intervals / shrinkage (post/prior var)")
    for i, r in fits.items():
        print(f"{i:<2} " + " ".join(f"{r['eta'][k]:9.5f}" for k in n) + f" {r['objective']:10.4f} "
              + " ".join(f"{r['map_parameters'][k]:8.4f}" for k in RANDOM) + "  "
              + "  ".join(f"{k} [{r['ci90'][k][0]:.3g}, {r['ci90'][k][1]:.3g}] {r['shrinkage'][k]:.2f}"
                          for k in n))
    print("Laplace covariance of (" + ", ".join(n) + "), rows:")
    for i, r in fits.items():
        print(f"{i:<2} " + " | ".join(" ".join(f"{x:9.2e}" for x in row) for row in r["cov"]))


def as_json(fits):
    """The peer's results in the shape of cnsim's JSON (for --compare tests)."""
    keep = ("eta", "objective", "map_parameters", "ci90")
    return {"subjects": [dict({"id": i}, **{k: r[k] for k in keep}) for i, r in fits.items()]}


# ---------------------------------------------------------------- self-check
def selfcheck(model, data):
    ok = True
    s = data[1]
    p = model["theta"]
    a = conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], p["KA"])
    b = ode_conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], p["KA"])
    err = np.max(np.abs(a - b) / b)
    print(f"Bateman vs ODE (subject 1, typical): max rel diff {err:.2e}")
    ok &= err < 1e-7
    k = p["CL"] / p["V"]                      # KA == k: limit vs a neighbour
    a = conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], k)
    b = conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], k * (1 + 1e-7))
    c = ode_conc(s["t"], s["dose_t"], s["dose_amt"], p["CL"], p["V"], k)
    err = max(np.max(np.abs(a - b) / a), np.max(np.abs(a - c) / c))
    print(f"KA == k limit vs KA = k(1+1e-7) and ODE: max rel diff {err:.2e}")
    ok &= err < 1e-6
    # Two parameters (KA fixed, its omega removed): brute-force grid posterior.
    m2 = dict(model, names=["CL", "V"], omega=model["omega"][:2])
    assert model["names"][:2] == ["CL", "V"]
    sid = 2
    r = fit(m2, data[sid])
    mode, sd = np.array([r["eta"]["CL"], r["eta"]["V"]]), np.sqrt(np.diag(r["cov"]))
    # broad grid over the prior (+-4 prior sd, 801 x 801), independent of the
    # mode found above: the posterior mean and sd by summation
    gx = [np.linspace(-4, 4, 801) * np.sqrt(m2["omega"][i]) for i in range(2)]
    E = np.stack(np.meshgrid(*gx, indexing="ij"), axis=-1)
    O = ofv(m2, data[sid], E)
    w = np.exp(-(O - O.min()) / 2)
    w /= w.sum()
    mean = [np.sum(w * E[..., i]) for i in range(2)]
    gsd = [np.sqrt(np.sum(w * (E[..., i] - mean[i]) ** 2)) for i in range(2)]
    # the mode: grid argmin, then 101 x 101 grids of +-4 cells around it,
    # each 12.5 times finer, until the spacing is below 1e-5
    c, step = E.reshape(-1, 2)[np.argmin(O)], np.array([g[1] - g[0] for g in gx])
    while np.max(step) > 1e-5:
        gx = [np.linspace(c[i] - 4 * step[i], c[i] + 4 * step[i], 101) for i in range(2)]
        step = step * 8 / 100
        E = np.stack(np.meshgrid(*gx, indexing="ij"), axis=-1)
        O = ofv(m2, data[sid], E)
        c = E.reshape(-1, 2)[np.argmin(O)]
    d = np.max(np.abs(c - mode))
    print(f"2-parameter (CL, V; KA fixed) subject {sid}: BFGS mode {mode.round(6)}, "
          f"OFV {r['objective']:.6f}; grid mode {c.round(6)}, OFV {O.min():.6f}; "
          f"max |diff| {d:.1e} (tolerance 1e-3)")
    print(f"  Laplace sd {sd.round(4)}; grid posterior sd {np.round(gsd, 4)}, "
          f"mean {np.round(mean, 4)} (mode {mode.round(4)})")
    ok &= d < 1e-3 and abs(r["objective"] - O.min()) < 1e-6
    print("selfcheck:", "PASS" if ok else "FAIL")
    return 0 if ok else 1


# ------------------------------------------------------------------ data set
def make_data(model, path):
    """Simulate the data set from made-up etas with prop + add noise (seeded)."""
    rng = np.random.default_rng(20240515)
    q12 = lambda n, amt: [(12.0 * j, amt) for j in range(n)]
    design = [  # id, (eta CL, V, KA), doses, sample times, LLOQ (ng/mL) or None
        (1, (0.20, -0.10, 0.30), [(0.0, 10.0)], [0.5, 1, 2, 4, 8, 24], None),
        (2, (-0.35, 0.15, -0.40), [(0.0, 20.0)], [1, 3, 6, 12], None),
        (3, (0.40, 0.05, 0.00), q12(10, 5.0), [71.9, 95.9, 119.9], None),   # 5 days
        (4, (-0.25, -0.20, 0.50), q12(6, 10.0), [47.9, 71.9], None),        # 3 days
        (5, (0.30, 0.20, -0.20), [(0.0, 10.0)], [10], None),                # one level
        (6, (0.10, -0.15, 0.20), [(0.0, 2.0)], [1, 4, 12, 48], 2.0)]        # BLQ at 48 h
    th = model["theta"]
    rows, n_blq = [], 0
    for sid, eta, doses, times, lloq in design:
        cl, v, ka = (th[k] * np.exp(e) for k, e in zip(RANDOM, eta))
        f = conc(times, [d[0] for d in doses], [d[1] for d in doses], cl, v, ka, th["F1"])
        y = f * (1 + rng.normal(0, np.sqrt(model["prop"]), f.size)) \
            + rng.normal(0, np.sqrt(model["add"]), f.size)
        ev = [(t, 0, f"{a:g}", "1", "", "1", "0", "") for t, a in doses]
        for t, yj in zip(times, y):
            if lloq is not None and yj < lloq:
                ev.append((t, 1, "0", "0", "0", "0", "1", f"{lloq:g}"))
                n_blq += 1
            else:
                assert yj > 0
                dv = np.format_float_positional(yj, precision=4, unique=False,
                                                fractional=False, trim="k").rstrip(".")
                ev.append((t, 1, "0", "0", dv, "0", "0", ""))
        for t, order, amt, evid, dv, mdv, blq, ll in sorted(ev, key=lambda e: e[:2]):
            cmt = "1" if evid == "1" else "2"
            rows.append([str(sid), f"{t:g}", amt, evid, cmt, dv, mdv, blq, ll])
    assert n_blq == 1, n_blq
    with open(path, "w", newline="") as fh:
        wr = csv.writer(fh, lineterminator="\n")
        wr.writerow(["ID", "TIME", "AMT", "EVID", "CMT", "DV", "MDV", "BLQ", "LLOQ"])
        wr.writerows(rows)
    print(f"wrote {path}: {len(rows)} rows, {len(design)} subjects")


# ------------------------------------------------------------------- compare
def compare(model, fits, out):
    ok, seen = True, set()
    print(f"{'id':<3}{'param':<6}{'eta peer':>11}{'eta cnsim':>11}{'diff':>10}  "
          f"{'ci90 rel diff (lo, hi)':>22}")
    for sub in out["subjects"]:
        i = int(sub["id"])
        if i not in fits:
            print(f"{i}: not in the peer's data set")
            ok = False
            continue
        seen.add(i)
        r = fits[i]
        for k in model["names"]:
            e_p, e_c = r["eta"][k], float(sub["eta"][k])
            lo, hi = (abs(float(c) / p - 1) for c, p in zip(sub["ci90"][k], r["ci90"][k]))
            bad = abs(e_p - e_c) > TOL_ETA or max(lo, hi) > TOL_CI
            ok &= not bad
            print(f"{i:<3}{k:<6}{e_p:11.5f}{e_c:11.5f}{e_c - e_p:10.2e}  "
                  f"{lo:10.2e} {hi:10.2e}" + ("  FAIL" if bad else ""))
        d = float(sub["objective"]) - r["objective"]
        bad = abs(d) > TOL_OFV
        ok &= not bad
        print(f"{i:<3}{'OFV':<6}{r['objective']:11.4f}{float(sub['objective']):11.4f}{d:10.2e}"
              + ("  FAIL" if bad else ""))
    missing = set(fits) - seen
    if missing:
        print("subjects missing from cnsim's output:", sorted(missing))
        ok = False
    print(f"compare (|eta| <= {TOL_ETA}, |OFV| <= {TOL_OFV}, ci90 <= {TOL_CI:.0%} relative):",
          "PASS" if ok else "FAIL")
    return 0 if ok else 1


def run_cnsim(binary):
    binary = shutil.which(binary) or binary
    cmd = [binary, "tdm", "--model", MODEL, "--events", DATA, "--format", "json", "--out", "-"]
    if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
        print(f"peer: cannot run {binary}: skipped")
        sys.exit(77)
    try:
        p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    except OSError as e:
        print(f"peer: cannot run {binary}: {e}: skipped")
        sys.exit(77)
    if p.returncode != 0:
        print(f"peer: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr}")
        sys.exit(1)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--selfcheck", action="store_true")
    g.add_argument("--make-data", action="store_true")
    g.add_argument("--compare", metavar="JSON_FILE")
    g.add_argument("--cnsim", metavar="BINARY")
    g.add_argument("--json", action="store_true", help="peer results as JSON (cnsim's shape)")
    a = ap.parse_args()
    a.compare = a.compare and os.path.abspath(a.compare)  # before moving to the root
    if a.cnsim and os.sep in a.cnsim:
        a.cnsim = os.path.abspath(a.cnsim)
    os.chdir(ROOT)
    model = read_model(MODEL)
    if a.make_data:
        return make_data(model, DATA) or 0
    if a.cnsim:                                  # run cnsim first: 77 before any work
        out = run_cnsim(a.cnsim)
    data = read_data(DATA)
    if a.selfcheck:
        return selfcheck(model, data)
    fits = {i: fit(model, s) for i, s in data.items()}
    if a.json:
        return print(json.dumps(as_json(fits), indent=1, default=float)) or 0
    print_fits(model, fits)
    if a.compare:
        with open(a.compare) as fh:
            out = json.load(fh)
    return compare(model, fits, out) if (a.compare or a.cnsim) else 0


if __name__ == "__main__":
    sys.exit(main())
