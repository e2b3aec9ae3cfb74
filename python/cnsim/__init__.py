"""cnsim from Python: the cnsim library (clonazepam and SSRI therapy from
the GABA-A receptor to the patient) through ctypes, returning numpy arrays.

    import cnsim
    r = cnsim.simulate(drugs=["clonazepam"], regimens=["0.5 mg bid for 28 d"], until="42d")
    r["time_h"], r["clonazepam_ng_mL"], r["withdrawal_index"]

cnsim is a research and teaching simulator, not medical advice.
"""
from ._lib import Error, BadInput, path as library_path
from .core import Model, Run, Events, simulate, drug, drugs, RUN_PD, RUN_NETWORK, RUN_SUMMARY, RUN_FINDINGS, RUN_ALL
from .commands import (Message, command, taper, interact, bridge, population, trial, channel, network, tdm,
                       withdrawal, neuron, validate, columns)

__version__ = "0.1.0"
__all__ = ["Error", "BadInput", "Message", "Model", "Run", "Events", "simulate", "drug", "drugs", "library_path",
           "command", "taper", "interact", "bridge", "population", "trial", "channel", "network", "tdm",
           "withdrawal", "neuron", "validate", "columns"]
