#!/usr/bin/env python3
"""Peer for `cnsim neuron`: the same single neuron in NEURON.

  /usr/bin/python3 neuron_single.py --model traub-miles --inject 0.5 \
      --start 100 --stop 1100 --duration 1200 [--dt 0.0125]

One section of area 20000 um^2 (L = diam = sqrt(20000/pi) um, nseg 1, cm 1
uF/cm2), the channels of neuron_mod/cn_tm.mod (Traub & Miles 1991, COBAHH
variant; pas leak 5e-5 S/cm2 at -60 mV), neuron_mod/cn_wb.mod (Wang &
Buzsaki 1996; pas leak 1e-4 S/cm2 at -65 mV) or NEURON's built-in hh
(Hodgkin & Huxley 1952, its own leak, celsius 6.3), gates at steady state at
v_init (-65 mV), an IClamp step of --inject nA from --start to --stop ms.
Spikes are NetCon threshold crossings of -20 mV.

Integration: by default NEURON's global CVODE (h.CVode().active(1)) with
rtol and atol 1e-8 and second-order threshold interpolation
(condition_order 2), the counterpart of cnsim's CVODE run with root
finding. --dt switches to the fixed step (Crank-Nicolson, secondorder 2).

The mechanisms are compiled with nrnivmodl in a temporary folder; on Debian
12 plain nrnivmodl cannot find nrnmech_makefile and libnrniv.so, so the
script retries with NRNHOME pointing at a folder of symlinks laid out the
way nrnivmodl expects. Prints JSON with spike_times_ms.
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def dpkg_file(pkg, suffix):
    try:
        out = subprocess.run(["dpkg", "-L", pkg], capture_output=True, text=True).stdout
    except OSError:
        return None
    for line in out.splitlines():
        if line.endswith(suffix):
            return line
    return None


def build_mechanisms(workdir):
    mod_dir = os.path.join(workdir, "mod")
    shutil.copytree(os.path.join(HERE, "neuron_mod"), mod_dir)
    log_path = os.path.join(workdir, "nrnivmodl.log")
    with open(log_path, "w") as log:
        rc = subprocess.call(["nrnivmodl"], cwd=mod_dir, stdout=log, stderr=log)
        if rc != 0:
            home = os.path.join(workdir, "nrnhome")
            os.makedirs(os.path.join(home, "bin"))
            from neuron import h
            links = {
                os.path.join(home, "bin", "nocmodl"): shutil.which("nocmodl"),
                os.path.join(home, "bin", "nrnmech_makefile"): dpkg_file("neuron-dev", "/nrnmech_makefile"),
                os.path.join(home, "lib"): os.path.dirname(dpkg_file("neuron", "/libnrniv.so") or "/"),
                os.path.join(home, "include"): os.path.dirname(dpkg_file("neuron-dev", "/hoc.h") or "/"),
                os.path.join(home, "share"): os.path.dirname(h.neuronhome()),
            }
            for dst, src in links.items():
                if src:
                    os.symlink(src, dst)
            shutil.rmtree(os.path.join(mod_dir, "x86_64"), ignore_errors=True)
            rc = subprocess.call(["nrnivmodl"], cwd=mod_dir, stdout=log, stderr=log,
                                 env=dict(os.environ, NRNHOME=home))
    for root, _, files in os.walk(mod_dir):
        if "libnrnmech.so" in files:
            return os.path.join(root, "libnrnmech.so")
    sys.exit("nrnivmodl failed (see %s)" % log_path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="traub-miles", choices=["traub-miles", "wang-buzsaki", "hh"])
    ap.add_argument("--inject", type=float, default=0.5, help="nA")
    ap.add_argument("--start", type=float, default=100.0, help="ms")
    ap.add_argument("--stop", type=float, default=1100.0, help="ms")
    ap.add_argument("--duration", type=float, default=1200.0, help="ms")
    ap.add_argument("--v0", type=float, default=-65.0, help="mV")
    ap.add_argument("--area", type=float, default=20000.0, help="um^2")
    ap.add_argument("--dt", type=float, default=0.0, help="fixed step in ms (0: CVODE)")
    ap.add_argument("--tol", type=float, default=1e-8, help="CVODE rtol and atol")
    a = ap.parse_args()

    workdir = tempfile.mkdtemp(prefix="cnsim_neuron_single_")
    try:
        lib = build_mechanisms(workdir)
        from neuron import h
        h.nrn_load_dll(lib)
        h.load_file("stdrun.hoc")

        d = math.sqrt(a.area / math.pi)
        s = h.Section(name="soma")
        s.L, s.diam, s.nseg, s.cm = d, d, 1, 1.0
        if a.model == "hh":
            s.insert("hh")  # gnabar 0.12, gkbar 0.036, gl 0.0003 S/cm2, el -54.3, ena 50, ek -77 mV
            h.celsius = 6.3
            h.usetable_hh = 0  # the rates themselves, not hh.mod's 1 mV lookup table
        else:
            s.insert("pas")
        if a.model == "hh":
            pass
        elif a.model == "traub-miles":
            s.insert("cn_tm")
            s.g_pas, s.e_pas = 5e-5, -60.0
        else:
            s.insert("cn_wb")
            s.g_pas, s.e_pas = 1e-4, -65.0
        stim = h.IClamp(s(0.5))
        stim.delay, stim.dur, stim.amp = a.start, a.stop - a.start, a.inject
        nc = h.NetCon(s(0.5)._ref_v, None, sec=s)
        nc.threshold = -20.0
        spikes = h.Vector()
        nc.record(spikes)

        cv = h.CVode()
        if a.dt > 0:
            cv.active(0)
            h.secondorder = 2
            h.dt = a.dt
            h.steps_per_ms = 1.0 / a.dt
            method = "fixed-cn-%gms" % a.dt
        else:
            cv.active(1)
            cv.rtol(a.tol)
            cv.atol(a.tol)
            cv.condition_order(2)
            method = "cvode-%g" % a.tol
        h.finitialize(a.v0)
        h.continuerun(a.duration)
        t = list(spikes)
        print(json.dumps(dict(tool="neuron-%s" % h.nrnversion(0), method=method, model=a.model,
                              inject_nA=a.inject, n_spikes=len(t), spike_times_ms=t)))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
