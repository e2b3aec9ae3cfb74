"""The commands as functions: cnsim.taper(...), cnsim.interact(...), ...

Each runs the command inside the library (cnsim_command_run,
include/cnsim/command.h) exactly as `cnsim COMMAND ...` runs it, and
returns what the command prints: with format="json" (the default) the
parsed JSON, with format="csv" the columns keyed by the CSV header as
numpy arrays, with another format the text. Numbers are written with 17
significant digits (digits=17), so a value reads back as the double the
library computed.

Keyword arguments are the command's long options without the dashes,
underscores for dashes (until="42d", target_week=8), a trailing
underscore for a Python keyword (from_="1 mg bid"). A value is a string,
a number, True (a flag) or a list (the option repeated; lists of several
options are interleaved by index, so drug=[...] pairs with regimen=[...]).
Positional arguments of the command are the function's own (interact's
"clonazepam:1mg", "oxycodone:20mg").

Outputs named by a path (plot="taper.svg", out="days.csv", ics=...) are
written as the CLI writes them (atomically). What the command prints on
standard error (notes) is issued as a cnsim.Message warning; a bad input
raises cnsim.BadInput with the CLI's message, a failure cnsim.Error.
"""
import csv
import ctypes
import io
import json
import numbers
import re
import warnings

import numpy as np

from ._lib import lib, Error, BadInput, OK, _BAD_INPUT

WRITE_FILES = 1          # CNSIM_COMMAND_WRITE_FILES


class Message(UserWarning):
    """A note the command printed on standard error (not an error)."""


def _option_name(key):
    return key.rstrip("_").replace("_", "-")


def _scalar(key, v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, numbers.Integral):
        return int(v)
    if isinstance(v, numbers.Real):
        return float(v)
    if isinstance(v, str):
        return v
    if v is None:
        return None
    if hasattr(v, "__fspath__"):
        return str(v.__fspath__())
    raise BadInput("%s: %r is not an option value; expected a string, a number, True or a list of them"
                   % (_option_name(key), v), None)


def request(positional=(), options=None):
    """The JSON request for cnsim_command_run: options by long name."""
    req = {}
    for k, v in (options or {}).items():
        if v is None or v is False:
            continue
        if isinstance(v, np.ndarray):
            v = v.tolist()
        if isinstance(v, (list, tuple)):
            req[_option_name(k)] = [_scalar(k, x) for x in v]
        else:
            req[_option_name(k)] = _scalar(k, v)
    if positional:
        req["drugs"] = [_scalar("drugs", x) for x in positional]
    return req


def run(name, *positional, **options):
    """Runs `cnsim NAME` with these options; returns {option: bytes} of
    its outputs ("--out" is standard output) and issues its notes."""
    req = request(positional, options)
    h = ctypes.c_void_p()
    st = lib.cnsim_command_run(name.encode(), json.dumps(req).encode(), WRITE_FILES, ctypes.byref(h))
    try:
        if not h:
            raise Error((lib.cnsim_last_error() or b"out of memory").decode("utf-8", "replace"), st)
        messages = (lib.cnsim_command_messages(h) or b"").decode("utf-8", "replace")
        if st != OK:
            msg = (lib.cnsim_last_error() or b"").decode("utf-8", "replace") or messages.strip()
            raise (BadInput if st in _BAD_INPUT else Error)(msg, st)
        outputs = {}
        for i in range(lib.cnsim_command_n_outputs(h)):
            opt = lib.cnsim_command_output_name(h, i)
            n = ctypes.c_size_t()
            p = lib.cnsim_command_output(h, opt, ctypes.byref(n))
            outputs[opt.decode()] = ctypes.string_at(p, n.value) if p else b""
    finally:
        if h:
            lib.cnsim_command_result_free(h)
    for line in messages.splitlines():
        if line.strip():
            warnings.warn(line, Message, stacklevel=3)
    return outputs


_INT = re.compile(r"^-?[0-9]+$")


def columns(text):
    """A CSV as the commands write it: {header name: numpy array} in the
    header's order; numbers as float64 (NA as NaN), whole-number columns
    as int64, others as arrays of str. Lines starting with # are skipped."""
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    rows = list(csv.reader(lines))
    if not rows:
        return {}
    header, body = rows[0], rows[1:]
    out = {}
    for j, name in enumerate(header):
        vals = [r[j] if j < len(r) else "" for r in body]
        if vals and all(_INT.match(v) for v in vals):
            out[name] = np.array([int(v) for v in vals], dtype=np.int64)
            continue
        try:
            out[name] = np.array([float("nan") if v in ("NA", "", "nan") else float(v) for v in vals],
                                 dtype=np.float64)
        except ValueError:
            out[name] = np.array(vals, dtype=object)
    return out


def _parsed(data, fmt):
    text = data.decode("utf-8")
    if fmt == "json":
        return json.loads(text)
    if fmt == "csv":
        return columns(text)
    return text


def command(name, *positional, format="json", digits=17, as_frame=False, **options):
    """`cnsim NAME [POSITIONAL...] --OPTION VALUE ... --format FORMAT`:
    the parsed output (JSON: a dict; CSV: arrays keyed by the header, a
    pandas DataFrame with as_frame=True; other formats: the text).
    digits=None keeps the command's own precision."""
    if format in ("json", "csv") and digits:
        options["digits"] = digits
    outputs = run(name, *positional, format=format, **options)
    out = _parsed(outputs.get("--out", b""), format)
    if as_frame and format == "csv":
        from .core import _frame
        return _frame(out, True)
    return out


def taper(drug=None, from_=None, method=None, **options):
    """`cnsim taper --drug D --from "1 mg bid" [--method M] ...`: the plan
    (schedule rows with doses and dispensing, the simulated withdrawal,
    warnings with sources). E.g. taper("clonazepam", "1 mg bid",
    method="proportional"); diary="diary.csv" gives the adaptive next step."""
    return command("taper", drug=drug, from_=from_, method=method, **options)


def interact(*drugs, **options):
    """`cnsim interact DRUG[:DOSE] ...`: label findings with severity,
    mechanism, advice and source, CYP AUC changes, respiratory drive.
    E.g. interact("clonazepam:1mg", "oxycodone:20mg")."""
    return command("interact", *drugs, **options)


def bridge(**options):
    """`cnsim bridge`: an SSRI start with clonazepam cover (HAM-D/HAM-A with
    and without), e.g. bridge(ssri="sertraline", bzd="clonazepam")."""
    return command("bridge", **options)


def population(*scenario, **options):
    """`cnsim population [SCENARIO]`: a virtual population's bands and
    metrics, e.g. population("bench-p1", n=200, seed=7) or, from its
    options, population(drug="clonazepam", regimen="0.5 mg bid for 28 d",
    n=200); format="csv" gives the bands as arrays."""
    return command("population", *scenario, **options)


def trial(*scenario, **options):
    """`cnsim trial SCENARIO.json`: a virtual randomised trial with
    replicates (risk ratios, power by week), e.g.
    trial("scenarios/trial-panic.json", replicates=20, seed=5)."""
    return command("trial", *scenario, **options)


def channel(**options):
    """`cnsim channel`: one GABA-A receptor simulated exactly (opening
    frequency, open time, bursts)."""
    return command("channel", **options)


def network(spikes=True, **options):
    """`cnsim network`: the E/I network's rates and seizure-likeness; with
    spikes=True (the default) also result["spikes"] = {"neuron": int64
    array, "t_ms": float64 array}, the --spikes CSV as arrays."""
    fmt = options.pop("format", "json")
    digits = options.pop("digits", 17)
    if digits and fmt in ("json", "csv"):
        options["digits"] = digits
    if spikes is True:
        options["spikes"] = "-"
    elif spikes:
        options["spikes"] = spikes
    outputs = run("network", format=fmt, **options)
    out = _parsed(outputs.get("--out", b""), fmt)
    if spikes is True and isinstance(out, dict):
        out["spikes"] = columns(outputs.get("--spikes", b"").decode("utf-8"))
    return out


def tdm(**options):
    """`cnsim tdm`: individual PK from measured levels (MAP, Laplace or
    exact), 90% bands and a regimen for a target, e.g.
    tdm(drug="clonazepam", regimen="0.5 mg bid for 14 d", level=["320 h 24.1"])."""
    return command("tdm", **options)


def withdrawal(**options):
    """`cnsim withdrawal`: the withdrawal index of an abrupt stop, tapers
    and switches compared."""
    return command("withdrawal", **options)


def neuron(**options):
    """`cnsim neuron`: one conductance-based neuron with GABA-A synapses."""
    return command("neuron", **options)


def validate(**options):
    """`cnsim validate`: every published check with its source and result."""
    return command("validate", **options)
