/* Declarations shared inside the library (not public). */
#ifndef CNSIM_CORE_IMPL_H
#define CNSIM_CORE_IMPL_H

#include <stddef.h>
#include "cnsim/status.h"

/* Records a formatted detail message for this thread and returns st, so a
 * failure reads `return cnsim__fail(CNSIM_E_ARG, "dose %g mg ...", d);`. */
cnsim_status cnsim__fail(cnsim_status st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Clears this thread's message: public calls do it when they start, so a
 * message always belongs to the call that failed. */
void cnsim__clear_error(void);
/* Returns st, clearing the message when st is CNSIM_OK (for public calls
 * that recover from an internal failure). */
cnsim_status cnsim__done(cnsim_status st);

/* Switches GSL's abort-on-error handler off for the whole process, once
 * (thread-safe): call it before any GSL function, and check what GSL
 * returns (NULL from its allocators, an error code otherwise). */
void cnsim__gsl_init(void);
/* (cnsim__expm, the allocation-free matrix exponential: core_gsl.h.) */

/* jansson's failed allocations (src/core/json_alloc.c): cnsim__json_watch
 * starts watching this thread's parse (installing the watch once per
 * process; after a failed allocation every later one fails, so jansson
 * stops early), cnsim__json_failed ends the watch and says whether any of
 * its jansson allocations failed since. A parse that saw one is out of
 * memory, whatever jansson said. Call them in pairs around each parse. */
void cnsim__json_watch(void);
int cnsim__json_failed(void);

/* PLplot keeps one global state: every figure is drawn between
 * cnsim__plot_lock() (before plsdev) and cnsim__plot_unlock() (after
 * plend), so figures made by concurrent calls (cnsim_command_run in
 * several threads) never share it (src/io/plot.c). */
void cnsim__plot_lock(void);
void cnsim__plot_unlock(void);

/* Duplicates a string with malloc; NULL on allocation failure. */
char *cnsim__strdup(const char *s);

/* Copies src into dst (size n), always NUL-terminated; returns 0 if it fit. */
int cnsim__strlcpy(char *dst, const char *src, size_t n);

/* Case-insensitive Levenshtein distance (used to suggest names). */
size_t cnsim__edit_distance(const char *a, const char *b);

#endif
