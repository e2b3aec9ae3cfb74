#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <math.h>

#include "core_impl.h"

#ifndef CNSIM_VERSION_STRING
#define CNSIM_VERSION_STRING "0.0.0"
#endif

static _Thread_local char last_error[1024];

#define CNSIM_STATUS_TEXT_(name, text) text,
static const char *const status_text[] = {CNSIM_STATUS_LIST(CNSIM_STATUS_TEXT_)};
#undef CNSIM_STATUS_TEXT_

const char *cnsim_status_str(cnsim_status st)
{
    if ((int)st < 0 || st >= CNSIM_STATUS_COUNT_)
        return "unknown status";
    return status_text[st];
}

const char *cnsim_last_error(void) { return last_error; }

void cnsim__clear_error(void) { last_error[0] = '\0'; }

cnsim_status cnsim__done(cnsim_status st)
{
    if (st == CNSIM_OK)
        last_error[0] = '\0';
    return st;
}

int cnsim_status_is_input_error(cnsim_status st)
{
    return st == CNSIM_E_ARG || st == CNSIM_E_RANGE || st == CNSIM_E_PARSE ||
           st == CNSIM_E_READ;
}

void cnsim_free(void *p) { free(p); }

const char *cnsim_version(void) { return CNSIM_VERSION_STRING; }

cnsim_status cnsim__fail(cnsim_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    /* A message is one line: it often quotes what the user typed, and a
     * line break or other control byte there would split it or reach the
     * terminal; each such byte shows as '?'. */
    for (char *c = last_error; *c; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            *c = '?';
    return st;
}

char *cnsim__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

int cnsim__strlcpy(char *dst, const char *src, size_t n)
{
    size_t len = strlen(src);
    if (n == 0)
        return -1;
    size_t k = len < n - 1 ? len : n - 1;
    memcpy(dst, src, k);
    dst[k] = '\0';
    return len < n ? 0 : -1;
}

size_t cnsim__edit_distance(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    if (na > 64)
        na = 64;
    if (nb > 64)
        nb = 64;
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            int same = tolower((unsigned char)a[i - 1]) ==
                       tolower((unsigned char)b[j - 1]);
            size_t best = diag + (same ? 0 : 1);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}
