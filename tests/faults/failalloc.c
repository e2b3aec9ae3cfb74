/* failalloc: an LD_PRELOAD allocator that fails the Nth allocation.
 *
 * Built as build/libfailalloc.so (not part of libcnsim). Preloaded into any
 * program, it wraps malloc, calloc, realloc, reallocarray, posix_memalign,
 * aligned_alloc, memalign, valloc and pvalloc (glibc's strdup, asprintf,
 * fopen and friends reach malloc through these) and forwards to the next
 * definition: glibc's allocator, or the sanitizer's when preloaded before
 * libasan. Environment:
 *
 *   CNSIM_FAIL_ALLOC=N          the Nth allocation (1-based, counted from
 *                               this library's constructor, which runs
 *                               before the program's own constructors
 *                               and main) returns NULL with errno
 *                               ENOMEM; only that one, later calls succeed.
 *                               0 or unset: nothing fails, calls are counted.
 *   CNSIM_FAIL_ALLOC_THREADS=   "all" (default): one counter shared by every
 *                               thread, so with OpenMP the Nth call may come
 *                               from any thread and differs between runs;
 *                               "main": only the main thread's calls count.
 *   CNSIM_FAIL_ALLOC_COUNT=FILE at exit, writes the number of counted calls
 *                               and, when one was failed, "failed N".
 *   CNSIM_FAIL_ALLOC_TRACE=FILE writes a backtrace of the failed call.
 *
 * A zero-size request counts like any other. Under AddressSanitizer preload
 * it first and let ASan follow: LD_PRELOAD=libfailalloc.so:libasan.so.8
 * with ASAN_OPTIONS=verify_asan_link_order=0 (tests/faults/sweep.py does
 * this when the program is linked against libasan).
 *
 * dlsym() may itself allocate; until the real functions are known, requests
 * are served from a small static arena that free() recognises and ignores.
 * The driver is tests/faults/sweep.py; docs in README.md ("Fault
 * injection"). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static void *(*real_memalign)(size_t, size_t);
static void *(*real_valloc)(size_t);
static void *(*real_pvalloc)(size_t);

/* The bootstrap arena for dlsym's own requests. */
static _Alignas(64) unsigned char boot[64 * 1024];
static size_t boot_used;

static int state;                 /* 0 unresolved, 1 resolving, 2 ready */
static unsigned long fail_at;     /* 0: never */
static int main_only;
static pid_t main_tid;
static unsigned long n_calls;     /* counted calls, atomic */
static unsigned long failed_at;   /* the call that failed, 0 if none */
static const char *count_path;
static const char *trace_path;
static __thread int in_hook __attribute__((tls_model("initial-exec")));

static int is_boot(const void *p)
{
    return (const unsigned char *)p >= boot && (const unsigned char *)p < boot + sizeof boot;
}

static void *boot_alloc(size_t n, size_t align)
{
    if (align < 16)
        align = 16;
    size_t at = (boot_used + align - 1) & ~(align - 1);
    if (at + n > sizeof boot)
        return NULL;
    boot_used = at + n;
    return boot + at;     /* static storage: already zero, good for calloc */
}

static unsigned long env_ulong(const char *name)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return 0;
    return strtoul(s, NULL, 10);
}

static void resolve(void)
{
    state = 1;
    real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
    real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
    real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
    real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
    real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
    real_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
    real_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
    real_valloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "valloc");
    real_pvalloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "pvalloc");
    if (!real_malloc || !real_calloc || !real_realloc || !real_free) {
        static const char msg[] = "failalloc: dlsym(RTLD_NEXT) found no allocator\n";
        write(2, msg, sizeof msg - 1);
        _exit(127);
    }
    state = 2;
}

static void write_trace(unsigned long n)
{
    int fd = open(trace_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char line[64];
    int len = snprintf(line, sizeof line, "failed allocation %lu\n", n);
    write(fd, line, (size_t)len);
    /* One frame a line as "object +0xoffset", which addr2line -f -e object
     * resolves even for static functions in position-independent code. */
    void *frames[64];
    int k = backtrace(frames, 64);
    for (int i = 1; i < k; i++) {
        Dl_info info;
        if (dladdr(frames[i], &info) && info.dli_fname) {
            len = snprintf(line, sizeof line, " +0x%lx ",
                           (unsigned long)((char *)frames[i] - (char *)info.dli_fbase));
            write(fd, info.dli_fname, strlen(info.dli_fname));
            write(fd, line, (size_t)len);
            if (info.dli_sname)
                write(fd, info.dli_sname, strlen(info.dli_sname));
            write(fd, "\n", 1);
        }
    }
    close(fd);
}

/* True if this call is the one to fail. Calls made while the hook itself
 * runs (backtrace loading libgcc_s) are neither counted nor failed. */
static int should_fail(void)
{
    if (in_hook)
        return 0;
    if (main_only && syscall(SYS_gettid) != main_tid)
        return 0;
    unsigned long n = __atomic_add_fetch(&n_calls, 1, __ATOMIC_RELAXED);
    if (n != fail_at)
        return 0;
    failed_at = n;
    if (trace_path) {
        in_hook = 1;
        write_trace(n);
        in_hook = 0;
    }
    errno = ENOMEM;
    return 1;
}

#define READY_OR_BOOT(expr_boot)                     \
    do {                                             \
        if (state != 2) {                            \
            if (state == 1)                          \
                return expr_boot;                    \
            resolve();                               \
        }                                            \
    } while (0)

EXPORT void *malloc(size_t n)
{
    READY_OR_BOOT(boot_alloc(n, 16));
    return should_fail() ? NULL : real_malloc(n);
}

EXPORT void *calloc(size_t k, size_t n)
{
    READY_OR_BOOT(n && k > SIZE_MAX / n ? NULL : boot_alloc(k * n, 16));
    return should_fail() ? NULL : real_calloc(k, n);
}

EXPORT void *realloc(void *p, size_t n)
{
    if (p && is_boot(p)) {
        /* A bootstrap block moving to the real heap: the arena keeps no
         * sizes, so copy what can be there (at most the rest of it). */
        void *q = malloc(n);
        if (q) {
            size_t avail = (size_t)(boot + sizeof boot - (unsigned char *)p);
            memcpy(q, p, n < avail ? n : avail);
        }
        return q;
    }
    READY_OR_BOOT(p ? NULL : boot_alloc(n, 16));
    return should_fail() ? NULL : real_realloc(p, n);
}

EXPORT void *reallocarray(void *p, size_t k, size_t n)
{
    if (n && k > SIZE_MAX / n) {
        errno = ENOMEM;
        return NULL;
    }
    return realloc(p, k * n);
}

EXPORT void free(void *p)
{
    if (!p || is_boot(p))
        return;
    if (state != 2)
        resolve();
    real_free(p);
}

EXPORT int posix_memalign(void **out, size_t align, size_t n)
{
    if (state != 2) {
        if (state == 1) {
            *out = boot_alloc(n, align);
            return *out ? 0 : ENOMEM;
        }
        resolve();
    }
    if (should_fail())
        return ENOMEM;
    return real_posix_memalign(out, align, n);
}

EXPORT void *aligned_alloc(size_t align, size_t n)
{
    READY_OR_BOOT(boot_alloc(n, align));
    return should_fail() ? NULL : real_aligned_alloc(align, n);
}

EXPORT void *memalign(size_t align, size_t n)
{
    READY_OR_BOOT(boot_alloc(n, align));
    return should_fail() ? NULL : real_memalign(align, n);
}

EXPORT void *valloc(size_t n)
{
    READY_OR_BOOT(boot_alloc(n, 4096));
    return should_fail() ? NULL : real_valloc(n);
}

EXPORT void *pvalloc(size_t n)
{
    READY_OR_BOOT(boot_alloc(n, 4096));
    return should_fail() ? NULL : real_pvalloc(n);
}

/* The environment is read here, not at the first allocation: that can
 * come before libc has set up environ (from the dynamic loader, or the
 * sanitizer's start-up). Counting starts here too, so N does not depend on
 * what ran before. */
__attribute__((constructor)) static void init(void)
{
    if (state != 2)
        resolve();
    const char *t = getenv("CNSIM_FAIL_ALLOC_THREADS");
    main_only = t && !strcmp(t, "main");
    main_tid = getpid();
    count_path = getenv("CNSIM_FAIL_ALLOC_COUNT");
    trace_path = getenv("CNSIM_FAIL_ALLOC_TRACE");
    __atomic_store_n(&n_calls, 0, __ATOMIC_RELAXED);
    fail_at = env_ulong("CNSIM_FAIL_ALLOC");
}

__attribute__((destructor)) static void report(void)
{
    if (!count_path)
        return;
    int fd = open(count_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char line[80];
    int len = snprintf(line, sizeof line, "%lu\n", __atomic_load_n(&n_calls, __ATOMIC_RELAXED));
    write(fd, line, (size_t)len);
    if (failed_at) {
        len = snprintf(line, sizeof line, "failed %lu\n", failed_at);
        write(fd, line, (size_t)len);
    }
    close(fd);
}
