"""Models, runs and the functions that mirror the commands.

A Model is the library's cnsim_model (the drugs, their PK and PD from the
registry); a Run is a cnsim_run of it (regimens, grid, outputs), simulated
as often as needed without rebuilding the model. simulate() is one of
each, and returns the columns `cnsim simulate --format csv` writes, keyed
by its header.
"""
import ctypes
import json
import math
import threading

import numpy as np

from . import _lib
from ._lib import lib, check, BadInput

# cnsim_run_set_outputs (include/cnsim/model.h)
RUN_PD, RUN_NETWORK, RUN_SUMMARY, RUN_FINDINGS, RUN_ALL = 1, 2, 4, 8, 15

try:                                   # DataFrames when pandas is installed
    import pandas as _pd
except ImportError:                    # pragma: no cover - pandas is optional
    _pd = None


def _names(x, what):
    if isinstance(x, str):
        return [x]
    x = list(x)
    if not all(isinstance(v, str) for v in x):
        raise BadInput("%s: %r; expected a name or a list of names" % (what, x))
    return x


class Model:
    """The model of one to eight drugs (registry names, any the registry
    resolves); formulations optional ("tablet", "solution", ...)."""

    def __init__(self, drugs, formulations=None):
        drugs = _names(drugs, "drugs")
        forms = [None] * len(drugs) if formulations is None else _names(formulations, "formulations")
        if len(forms) != len(drugs):
            raise BadInput("formulations: %d given for %d drugs; expected one each" % (len(forms), len(drugs)))
        arr = (_lib.ModelDrug * len(drugs))()
        self._keep = []
        for i, (d, f) in enumerate(zip(drugs, forms)):
            b = d.encode()
            fb = f.encode() if f else None
            self._keep += [b, fb]
            arr[i] = _lib.ModelDrug(b, fb, None)
        h = ctypes.c_void_p()
        reg = _lib.registry()
        with _lib._registry_lock:
            check(lib.cnsim_model_create(reg, arr, len(drugs), None, ctypes.byref(h)), "drugs")
        self._h = h
        self.drugs = [lib.cnsim_model_drug_name(h, i).decode() for i in range(lib.cnsim_model_n_drugs(h))]

    def __del__(self):
        h = getattr(self, "_h", None)
        if h:
            lib.cnsim_model_free(h)
            self._h = None

    def run(self):
        return Run(self)

    def __repr__(self):
        return "cnsim.Model(%r)" % (self.drugs,)


class Run:
    """A run of a Model: regimens per drug, the output grid, what to
    compute; simulate() returns the columns. One Run must not be used by
    two threads at once; separate Runs (of one Model) can."""

    def __init__(self, model):
        self.model = model                 # keeps the model alive
        h = ctypes.c_void_p()
        check(lib.cnsim_run_create(model._h, ctypes.byref(h)))
        self._h = h
        self._lock = threading.Lock()
        self._names = None                 # the column names, read once per outputs

    def __del__(self):
        h = getattr(self, "_h", None)
        if h:
            lib.cnsim_run_free(h)
            self._h = None

    def set_regimen(self, drug, text):
        """The regimen of drug (index or name), as the CLI's --regimen."""
        d = drug if isinstance(drug, int) else self.model.drugs.index(drug)
        check(lib.cnsim_run_set_regimen(self._h, d, None if text is None else text.encode()), "--regimen")
        return self

    def set_grid(self, until=None, every=None):
        """--until and --every ("42d", "1h", hours as numbers); None: the
        library's choice."""
        check(lib.cnsim_run_set_grid(self._h, _lib.duration_h(until, "--until"), _lib.duration_h(every, "--every")))
        return self

    def set_times(self, times_h):
        t = np.ascontiguousarray(times_h, dtype=np.float64)
        check(lib.cnsim_run_set_times(self._h, t.ctypes.data_as(_lib.c_double_p), t.size), "times")
        return self

    def set_outputs(self, what=RUN_ALL):
        check(lib.cnsim_run_set_outputs(self._h, what))
        self._names = None
        return self

    def simulate(self):
        """Runs the chain; returns {"time_h": array, "<column>": array, ...}
        in the CSV's column order: views of one new array (the run can be
        changed and run again)."""
        with self._lock:
            check(lib.cnsim_run_simulate(self._h), "simulate")
            n = lib.cnsim_run_n_times(self._h)
            nc = lib.cnsim_run_n_columns(self._h)
            names = self._names
            if names is None or len(names) != nc:
                names = [lib.cnsim_run_column_name(self._h, c).decode() for c in range(nc)]
                self._names = names
            table = np.empty((nc + 1, n))
            # the times, then the table (column after column) in one copy
            ctypes.memmove(table.ctypes.data, lib.cnsim_run_times(self._h), n * 8)
            if nc:
                ctypes.memmove(table.ctypes.data + n * 8, lib.cnsim_run_table(self._h), nc * n * 8)
        out = {"time_h": table[0]}
        for c, name in enumerate(names):
            out[name] = table[c + 1]
        return out


def _frame(cols, as_frame):
    if as_frame and _pd is not None:
        return _pd.DataFrame(cols)
    return cols


class Events:
    """A NONMEM-style event data set read by the library
    (cnsim_events_read_csv: ID, TIME, AMT, EVID, CMT, RATE, II, ADDL, SS,
    DV, MDV, DRUG, FORM, BLQ, LLOQ); default_drug doses the records
    without a DRUG column."""

    def __init__(self, path, default_drug=None):
        self._l = _lib.EventList()
        lib.cnsim_event_list_init(ctypes.byref(self._l))
        reg = _lib.registry()
        with _lib._registry_lock:
            check(lib.cnsim_events_read_csv(str(path).encode(), default_drug.encode() if default_drug else None, reg,
                                            ctypes.byref(self._l)), "--events")
        base = self._l.drugs
        self.drugs = [ctypes.string_at(base + k * _lib.NAME_MAX).decode() for k in range(self._l.n_drugs)]
        n = lib.cnsim_event_list_n_subjects(ctypes.byref(self._l))
        self.subjects = [(lib.cnsim_event_list_subject_id(ctypes.byref(self._l), k),
                          lib.cnsim_event_list_subject_block(ctypes.byref(self._l), k)) for k in range(n)]

    def __del__(self):
        if getattr(self, "_l", None) is not None:
            lib.cnsim_event_list_free(ctypes.byref(self._l))
            self._l = None


def simulate(drugs=(), regimens=(), events=None, until=None, every=None, formulations=None, patient=None,
             as_frame=False, **options):
    """`cnsim simulate --drug D --regimen R ... [--events FILE] --until --every`:
    the columns of its CSV keyed by the header (id, time_h, <drug>_ng_mL,
    ..., withdrawal_index, ...), numpy arrays (a pandas DataFrame with
    as_frame=True when pandas is installed). With events (a data set
    path), every subject of it, one after another, as the CLI writes them;
    the model's drugs are those named, then the data set's.

    patient="age=80 weight=60 hepatic=moderate" is --patient (the
    covariates and the label's limits for that profile); any other
    simulate option goes by its long name (times="08:00,22:00",
    interactions="off", pd_step="5min"). With those the run is the
    command's own (cnsim.command("simulate", ..., format="csv")); without,
    a Model and a Run, built once, with the same result."""
    drugs = _names(drugs, "drugs")
    regimens = _names(regimens, "regimens")
    if regimens and len(regimens) != len(drugs):
        raise BadInput("regimens: %d given for %d drugs; expected one each" % (len(regimens), len(drugs)))
    if not regimens and events is None:
        raise BadInput("nothing to simulate: no dose records; expected drugs with regimens, or events")
    if patient is not None or options:
        from .commands import command
        forms = None if formulations is None else _names(formulations, "formulations")
        cols = command("simulate", format="csv", drug=drugs, regimen=regimens or None, formulation=forms,
                       events=events, until=until, every=every, patient=patient, **options)
        return _frame(cols, as_frame)
    ev = Events(events, drugs[0] if drugs else None) if events is not None else None
    names = list(drugs)
    if ev is not None:
        names += [d for d in ev.drugs if d not in names]
    if formulations is not None:
        formulations = _names(formulations, "formulations") + [None] * (len(names) - len(drugs))
    m = Model(names, formulations)
    r = m.run()
    for i, text in enumerate(regimens):
        r.set_regimen(i, text)
    r.set_grid(until, every)
    # what `simulate --format csv` computes: everything but the PK summary
    # (whose extra sampling of the regimen moves the PD nodes by ~1e-12)
    r.set_outputs(RUN_ALL & ~RUN_SUMMARY)
    parts = []
    for sid, block in (ev.subjects if ev is not None else [(1, 0)]):
        if ev is not None:
            check(lib.cnsim_run_set_subject_events(r._h, ctypes.byref(ev._l), sid, block), "--events")
        cols = r.simulate()
        parts.append((sid, cols))
    out = {"id": np.concatenate([np.full(c["time_h"].size, sid, dtype=np.int64) for sid, c in parts])}
    for name in parts[0][1]:
        out[name] = np.concatenate([c[name] for _, c in parts]) if len(parts) > 1 else parts[0][1][name]
    return _frame(out, as_frame)


def drug(name):
    """`cnsim drug show NAME --format json`: the registry record (PK with
    sources, classes, targets, limits) as a dict."""
    p = ctypes.c_char_p()
    check(lib.cnsim_registry_drug_json(_lib.registry(), name.encode(), ctypes.byref(p)), "drug")
    return json.loads(_lib.take_string(p))


def drugs():
    """`cnsim drug list --format json`: every registry drug."""
    p = ctypes.c_char_p()
    check(lib.cnsim_registry_list_json(_lib.registry(), ctypes.byref(p)), "drug list")
    return json.loads(_lib.take_string(p))
