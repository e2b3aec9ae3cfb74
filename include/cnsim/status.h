/* cnsim status codes and per-thread error messages.
 *
 * Every library call that can fail returns a cnsim_status. On failure it
 * leaves a sentence with the specifics (field, value, what was expected) in
 * thread-local storage, readable with cnsim_last_error() until the next
 * failure on the same thread. The library never prints and never exits. */
#ifndef CNSIM_STATUS_H
#define CNSIM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#define CNSIM_STATUS_LIST(X)                               \
  X(CNSIM_OK,       "success")                             \
  X(CNSIM_E_NOMEM,  "out of memory")                       \
  X(CNSIM_E_ARG,    "invalid argument")                    \
  X(CNSIM_E_RANGE,  "value out of range")                  \
  X(CNSIM_E_IO,     "file could not be read or written")   \
  X(CNSIM_E_PARSE,  "malformed input")                     \
  X(CNSIM_E_DB,     "registry error")                      \
  X(CNSIM_E_SOLVER, "integration failed")

#define CNSIM_STATUS_ENUM_(name, text) name,
typedef enum { CNSIM_STATUS_LIST(CNSIM_STATUS_ENUM_) CNSIM_STATUS_COUNT_ } cnsim_status;
#undef CNSIM_STATUS_ENUM_

/* Fixed text for a status code ("unknown status" for out-of-range values). */
const char *cnsim_status_str(cnsim_status st);

/* This thread's detail for the last failure ("" if none yet). */
const char *cnsim_last_error(void);

/* True for statuses caused by the caller's input (the CLI exits 2 for these). */
int cnsim_status_is_input_error(cnsim_status st);

/* Library version, "MAJOR.MINOR.PATCH". */
const char *cnsim_version(void);

#ifdef __cplusplus
}
#endif
#endif
