/* Failed allocations inside jansson, noticed by the library itself. */
#include <pthread.h>
#include <jansson.h>

#include "core_impl.h"

/* jansson does not always say when it ran out of memory: its lexer drops
 * a character it cannot store (the text then reads as a syntax error, or
 * parses to a different string), and json_loads returns NULL with an
 * empty message when it cannot start. Worse, a string whose closing quote
 * was dropped is then copied past the end of its buffer (jansson 2.14,
 * lex_scan_string). So jansson's allocator is wrapped, once per process,
 * by one that calls the allocator it replaces (the program's own, if it
 * set one) and marks the calling thread when that returns NULL; while a
 * parse is watched, every allocation after a failed one fails too, so the
 * lexer stops at its next allocation (the copy of that string) instead of
 * overrunning, and the parse returns NULL. A parse is trusted only if no
 * allocation failed. Outside a watched parse the wrapper only forwards. */
static json_malloc_t prev_malloc;
static json_free_t prev_free;
static _Thread_local int json_oom, json_watching;
static pthread_once_t json_once = PTHREAD_ONCE_INIT;

static void *watch_malloc(size_t n)
{
    if (json_watching && json_oom)
        return NULL;
    void *p = prev_malloc(n);
    if (!p)
        json_oom = 1;
    return p;
}

static void watch_free(void *p) { prev_free(p); }

static void install(void)
{
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (m == watch_malloc)   /* already in place: never wrap ourselves */
        return;
    prev_malloc = m, prev_free = f;
    json_set_alloc_funcs(watch_malloc, watch_free);
}

void cnsim__json_watch(void)
{
    pthread_once(&json_once, install);
    json_oom = 0;
    json_watching = 1;
}

int cnsim__json_failed(void)
{
    json_watching = 0;
    return json_oom;
}
