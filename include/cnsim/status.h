/* cnsim status codes and per-thread error messages.
 *
 * Every library call that can fail returns a cnsim_status. On failure it
 * leaves a sentence with the specifics (field, value, what was expected) in
 * thread-local storage, readable with cnsim_last_error(). The message
 * belongs to the call that failed: a public call clears it when it starts
 * and when it succeeds, so after a successful call cnsim_last_error() is
 * "". The library never prints and never exits. */
#ifndef CNSIM_STATUS_H
#define CNSIM_STATUS_H

/* Public declarations sit between these two: C linkage for C++ callers,
 * and default visibility, the library being built with hidden visibility
 * so that only the cnsim_* API is exported from libcnsim.so. */
#ifdef __cplusplus
#define CNSIM_BEGIN_DECLS extern "C" { _Pragma("GCC visibility push(default)")
#define CNSIM_END_DECLS _Pragma("GCC visibility pop") }
#else
#define CNSIM_BEGIN_DECLS _Pragma("GCC visibility push(default)")
#define CNSIM_END_DECLS _Pragma("GCC visibility pop")
#endif

CNSIM_BEGIN_DECLS

/* Longest canonical name of a drug, metabolite or class, with the NUL. */
#define CNSIM_NAME_MAX 64

#define CNSIM_STATUS_LIST(X)                                    \
  X(CNSIM_OK,       "success")                                  \
  X(CNSIM_E_NOMEM,  "out of memory")                            \
  X(CNSIM_E_ARG,    "invalid argument")                         \
  X(CNSIM_E_RANGE,  "value out of range")                       \
  X(CNSIM_E_IO,     "file could not be written")                \
  X(CNSIM_E_PARSE,  "malformed input")                          \
  X(CNSIM_E_DB,     "registry error")                           \
  X(CNSIM_E_SOLVER, "integration failed")                       \
  X(CNSIM_E_READ,   "input file could not be read")              \
  X(CNSIM_E_FAILED, "the command failed")

#define CNSIM_STATUS_ENUM_(name, text) name,
typedef enum { CNSIM_STATUS_LIST(CNSIM_STATUS_ENUM_) CNSIM_STATUS_COUNT_ } cnsim_status;
#undef CNSIM_STATUS_ENUM_

/* Fixed text for a status code ("unknown status" for out-of-range values). */
const char *cnsim_status_str(cnsim_status st);

/* This thread's detail for the last failed call ("" after a success). */
const char *cnsim_last_error(void);

/* True for statuses caused by the caller's input: CNSIM_E_ARG, _RANGE,
 * _PARSE and _READ (an input file that does not exist or cannot be read).
 * Write failures (CNSIM_E_IO), memory, registry and solver failures are
 * runtime failures. The CLI exits 2 for the first kind and 1 for the rest. */
int cnsim_status_is_input_error(cnsim_status st);

/* Library version, "MAJOR.MINOR.PATCH". */
const char *cnsim_version(void);

/* Releases a string or buffer the library allocated for the caller (JSON
 * texts, packed results). NULL is fine. */
void cnsim_free(void *p);

/* Progress of a long call: done of total units (simulated milliseconds,
 * patients, replicates), reported by one thread at a time, often (the
 * callee does not throttle; the callback may ignore calls). fn NULL: none. */
typedef void (*cnsim_progress_fn)(void *ctx, double done, double total);
typedef struct cnsim_progress {
    cnsim_progress_fn fn;
    void *ctx;
} cnsim_progress;

CNSIM_END_DECLS
#endif
