"""Finding and loading libcnsim.so, its function signatures, and errors.

The library is looked for in this order: the CNSIM_LIBRARY environment
variable (a path); the checkout the package sits in, or for an installed
package the checkout it was installed from (build/libcnsim.so, then
build-dev/); beside the package; /usr/local/lib and /usr/lib (make
install); the system's library path (ctypes.util.find_library). ctypes releases the GIL during every call into
the library, so runs in other threads go on while one simulates.
"""
import ctypes
import ctypes.util
import os
import threading

_HERE = os.path.dirname(os.path.abspath(__file__))


class Error(Exception):
    """A failure inside the library (registry, solver, memory): its message."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class BadInput(Error, ValueError):
    """Input the library refused (a name, a value, a regimen): its message
    names the field, the value and what was expected, as the CLI's exit 2."""


# include/cnsim/status.h
OK, E_NOMEM, E_ARG, E_RANGE, E_IO, E_PARSE, E_DB, E_SOLVER, E_READ, E_FAILED = range(10)
_BAD_INPUT = {E_ARG, E_RANGE, E_PARSE, E_READ}


def _candidates():
    env = os.environ.get("CNSIM_LIBRARY")
    if env:
        yield env
        return
    roots = [os.path.dirname(os.path.dirname(_HERE))]    # python/cnsim -> the checkout
    try:                                                 # installed: the checkout it came from
        from ._checkout import ROOT
        roots.append(ROOT)
    except ImportError:
        pass
    for root in roots:
        for build in ("build", "build-dev"):
            yield os.path.join(root, build, "libcnsim.so")
    yield os.path.join(_HERE, "libcnsim.so")
    for prefix in ("/usr/local/lib", "/usr/lib"):       # make install
        yield os.path.join(prefix, "libcnsim.so")
    found = ctypes.util.find_library("cnsim")
    if found:
        yield found


def _load():
    tried = []
    for path in _candidates():
        if os.path.sep in path and not os.path.exists(path):
            tried.append(path)
            continue
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
    raise ImportError("cnsim: libcnsim.so not found; tried %s. Build it (make build) or set CNSIM_LIBRARY"
                      % ", ".join(tried) if tried else "cnsim: libcnsim.so not found")


lib, path = _load()

c_double_p = ctypes.POINTER(ctypes.c_double)
c_void_pp = ctypes.POINTER(ctypes.c_void_p)


def _sig(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


class ModelDrug(ctypes.Structure):
    """cnsim_model_drug (include/cnsim/model.h)."""
    _fields_ = [("name", ctypes.c_char_p), ("formulation", ctypes.c_char_p), ("pk", ctypes.c_void_p)]


class EventList(ctypes.Structure):
    """cnsim_event_list (include/cnsim/regimen.h)."""
    _fields_ = [("ev", ctypes.c_void_p), ("n", ctypes.c_size_t), ("cap", ctypes.c_size_t),
                ("drugs", ctypes.c_void_p), ("n_drugs", ctypes.c_size_t)]


NAME_MAX = 64                              # CNSIM_NAME_MAX (include/cnsim/status.h)

_sig("cnsim_last_error", ctypes.c_char_p)
_sig("cnsim_event_list_init", None, ctypes.POINTER(EventList))
_sig("cnsim_event_list_free", None, ctypes.POINTER(EventList))
_sig("cnsim_event_list_drug", ctypes.c_int, ctypes.POINTER(EventList), ctypes.c_char_p, ctypes.POINTER(ctypes.c_int))
_sig("cnsim_events_read_csv", ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p,
     ctypes.POINTER(EventList))
_sig("cnsim_event_list_n_subjects", ctypes.c_size_t, ctypes.POINTER(EventList))
_sig("cnsim_event_list_subject_id", ctypes.c_int, ctypes.POINTER(EventList), ctypes.c_size_t)
_sig("cnsim_event_list_subject_block", ctypes.c_int, ctypes.POINTER(EventList), ctypes.c_size_t)
_sig("cnsim_free", None, ctypes.c_void_p)
_sig("cnsim_registry_open", ctypes.c_int, ctypes.c_char_p, c_void_pp)
_sig("cnsim_registry_free", None, ctypes.c_void_p)
_sig("cnsim_registry_drug_json", ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p))
_sig("cnsim_registry_list_json", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p))
_sig("cnsim_parse_duration_h", ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, c_double_p)
_sig("cnsim_model_create", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(ModelDrug), ctypes.c_size_t,
     ctypes.c_void_p, c_void_pp)
_sig("cnsim_model_free", None, ctypes.c_void_p)
_sig("cnsim_model_n_drugs", ctypes.c_size_t, ctypes.c_void_p)
_sig("cnsim_model_drug_name", ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t)
_sig("cnsim_run_create", ctypes.c_int, ctypes.c_void_p, c_void_pp)
_sig("cnsim_run_free", None, ctypes.c_void_p)
_sig("cnsim_run_set_regimen", ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p)
_sig("cnsim_run_set_subject_events", ctypes.c_int, ctypes.c_void_p, ctypes.POINTER(EventList), ctypes.c_int,
     ctypes.c_int)
_sig("cnsim_run_set_grid", ctypes.c_int, ctypes.c_void_p, ctypes.c_double, ctypes.c_double)
_sig("cnsim_run_set_times", ctypes.c_int, ctypes.c_void_p, c_double_p, ctypes.c_size_t)
_sig("cnsim_run_set_outputs", ctypes.c_int, ctypes.c_void_p, ctypes.c_uint)
_sig("cnsim_run_simulate", ctypes.c_int, ctypes.c_void_p)
_sig("cnsim_run_n_times", ctypes.c_size_t, ctypes.c_void_p)
_sig("cnsim_run_times", c_double_p, ctypes.c_void_p)
_sig("cnsim_run_n_columns", ctypes.c_size_t, ctypes.c_void_p)
_sig("cnsim_run_column_name", ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t)
_sig("cnsim_run_column", c_double_p, ctypes.c_void_p, ctypes.c_size_t)
_sig("cnsim_run_table", ctypes.c_void_p, ctypes.c_void_p)
# include/cnsim/command.h
_sig("cnsim_command_run", ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_uint, c_void_pp)
_sig("cnsim_command_exit_code", ctypes.c_int, ctypes.c_void_p)
_sig("cnsim_command_output", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_size_t))
_sig("cnsim_command_n_outputs", ctypes.c_size_t, ctypes.c_void_p)
_sig("cnsim_command_output_name", ctypes.c_char_p, ctypes.c_void_p, ctypes.c_size_t)
_sig("cnsim_command_messages", ctypes.c_char_p, ctypes.c_void_p)
_sig("cnsim_command_result_free", None, ctypes.c_void_p)


def check(status, context=None):
    """Raises BadInput or Error with the library's message for a failed status."""
    if status == OK:
        return
    msg = (lib.cnsim_last_error() or b"").decode("utf-8", "replace") or "cnsim: failed (status %d)" % status
    if context and not msg.startswith(context):
        msg = "%s: %s" % (context, msg)
    raise (BadInput if status in _BAD_INPUT else Error)(msg, status)


def take_string(ptr):
    """A library-allocated string (cnsim_free'd here) as str."""
    try:
        return ptr.value.decode("utf-8")
    finally:
        lib.cnsim_free(ctypes.cast(ptr, ctypes.c_void_p))


_registry = None
_registry_lock = threading.Lock()


def registry():
    """The process's registry handle (the library's compiled-in data, or
    CNSIM_REGISTRY), opened on first use. Models are built from it under
    the lock; a built model no longer needs it."""
    global _registry
    with _registry_lock:
        if _registry is None:
            h = ctypes.c_void_p()
            check(lib.cnsim_registry_open(None, ctypes.byref(h)), "registry")
            _registry = h
        return _registry


def duration_h(value, field):
    """A duration as the CLI reads it ("42d", "12 h", a bare number in hours)."""
    if value is None:
        return float("nan")
    if isinstance(value, (int, float)):
        return float(value)
    out = ctypes.c_double()
    check(lib.cnsim_parse_duration_h(str(value).encode(), field.encode(), ctypes.byref(out)))
    return out.value
