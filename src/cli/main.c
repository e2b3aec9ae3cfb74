/* The commands of the command-line tool (git-style subcommands), their
 * dispatch, and the helpers every command shares for messages and output
 * (cli.h). main() is in entry.c; a library call runs the same dispatch
 * (call.c). */
#include <assert.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/stat.h>

#include "cli.h"
#include "streams.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"bridge", cli_bridge, "SSRI start with clonazepam cover: HAM-D/HAM-A with and without, the taper"},
    {"channel", cli_channel, "one GABA-A receptor simulated exactly: opening frequency, open time, bursts"},
    {"demo", cli_demo, "the built-in scenario: clonazepam added to sertraline, 8 weeks (summary, CSV, plot)"},
    {"drug", cli_drug, "the cited drug registry: list, show NAME, compare A B, export NAME"},
    {"excitability-map", cli_excitability_map, "network firing and seizure-likeness across GABA-A modulation"},
    {"interact", cli_interact, "drug interactions: label findings, CYP AUC changes, respiratory drive"},
    {"network", cli_network, "E/I networks of Hodgkin-Huxley cells (COBAHH), GABA-A modulation, seizures"},
    {"neuron", cli_neuron, "one conductance-based neuron with GABA-A synapses and benzodiazepine modulation"},
    {"population", cli_population, "virtual populations (THETA/OMEGA/SIGMA, covariates): bands, metrics, MPI"},
    {"report", cli_report_cmd, "one self-contained HTML report (inputs, warnings, tables, figures) to print or send"},
    {"serve", cli_serve, "the web app and its JSON API on a local HTTP server (simulate, taper, interactions, ...)"},
    {"simulate", cli_simulate, "concentrations and effects (occupancy, tolerance, withdrawal) over time"},
    {"taper", cli_taper, "taper plans by published methods, rounded to products, simulated withdrawal"},
    {"tdm", cli_tdm, "individual PK from measured levels (MAP, Laplace or exact), 90% bands, a dose to reach a range"},
    {"trial", cli_trial, "virtual randomised trials with replicates: risk ratios, power by week"},
    {"validate", cli_validate, "every published check (PK, occupancy, withdrawal, trials) with source and pass/fail"},
    {"withdrawal", cli_withdrawal, "compare the withdrawal index of an abrupt stop, tapers and switches"},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fputs("cnsim - clonazepam and SSRI therapy from receptor to patient (research and\n"
          "teaching simulator; not a prescribing tool)\n"
          "\n"
          "usage: cnsim <command> [options]\n"
          "       cnsim help <command>      (the same as cnsim <command> --help)\n"
          "\n"
          "commands:\n", fp);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(fp, "  %-17s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "options:\n"
          "  -h, --help        this text (every command has its own --help)\n"
          "  --version         the version\n"
          "\n"
          "examples:\n"
          "  cnsim demo\n"
          "  cnsim drug show Klonopin\n"
          "  cnsim simulate --drug clonazepam --regimen \"0.5 mg q12h for 28 d\" --until 42d\n", fp);
}

static int unknown_command(const char *cmd)
{
    fprintf(cli_stderr(), "cnsim: unknown command '%s'; expected one of ", cmd);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(cli_stderr(), "%s%s", commands[i].name, i + 2 < N_COMMANDS ? ", " : i + 1 < N_COMMANDS ? " or " : "");
    fputs(" (see cnsim --help)\n", cli_stderr());
    return CLI_BAD_INPUT;
}

static double wall_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

void cli_progress_start(cli_progress *p, int quiet, int force, const char *unit, double scale)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && !cli_in_call() && (force || isatty(STDERR_FILENO));
    p->force = force;
    p->unit = unit;
    p->scale = scale > 0 ? scale : 1;
    p->t0 = p->last = wall_now();
}

static void progress_draw(cli_progress *p, double now, double done, double total);

void cli_progress_fn(void *ctx, double done, double total)
{
    cli_progress *p = ctx;
    if (!p || !p->on)
        return;
    p->done = done, p->total = total;
    double now = wall_now();
    if (now - p->last < 0.25 && done < total)
        return;
    progress_draw(p, now, done, total);
}

static void progress_draw(cli_progress *p, double now, double done, double total)
{
    p->last = now;
    double el = now - p->t0, rate = el > 0 ? done / el : 0, left = rate > 0 ? (total - done) / rate : 0;
    int dec = p->scale < 1 ? 1 : 0;   /* simulated seconds to a tenth */
    fprintf(cli_stderr(), "\rcnsim: %3.0f%%  %.*f/%.*f %s  %.3g %s/s  %.0f s left   ", total > 0 ? 100 * done / total : 0,
            dec, done * p->scale, dec, total * p->scale, p->unit, rate * p->scale, p->unit, left);
    fflush(cli_stderr());
    p->shown = 1;
}

void cli_progress_end(cli_progress *p)
{
    /* Asked for with --progress: at least the final line, however short
     * the run. */
    if (p->on && p->force && !p->shown && p->total > 0)
        progress_draw(p, wall_now(), p->done, p->total);
    if (p->shown)
        fputc('\n', cli_stderr());
    p->shown = 0;
}

cnsim_status cli_registry_open(const char *path, cnsim_registry **out)
{
    static atomic_int noted;
    cnsim_status st = cnsim_registry_create(path, out);
    if (st == CNSIM_OK && !strcmp(cnsim_registry_location(*out), "(built-in)") && !atomic_exchange(&noted, 1)) {
        fputs("cnsim: note: no registry file beside the program or in ../share/cnsim; using the built-in copy\n",
              cli_stderr());
    }
    return st;
}

int cli_report(cnsim_status st, const char *context)
{
    const char *detail = cnsim_last_error();
    size_t n = strlen(context);
    if (!detail || !*detail)
        fprintf(cli_stderr(), "cnsim: %s: %s\n", context, cnsim_status_str(st));
    else if (!strncmp(detail, context, n) && detail[n] == ':')
        fprintf(cli_stderr(), "cnsim: %s\n", detail);
    else
        fprintf(cli_stderr(), "cnsim: %s: %s\n", context, detail);
    return cnsim_status_is_input_error(st) ? CLI_BAD_INPUT : CLI_FAIL;
}

static void say(const char *fmt, va_list ap)
{
    fputs("cnsim: ", cli_stderr());
    vfprintf(cli_stderr(), fmt, ap);
    fputc('\n', cli_stderr());
}

int cli_bad_input(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    return CLI_BAD_INPUT;
}

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say(fmt, ap);
    va_end(ap);
    return CLI_FAIL;
}

int cli_parse_format(const char *s, cli_format *out)
{
    if (!strcmp(s, "text"))
        *out = CLI_FMT_TEXT;
    else if (!strcmp(s, "csv"))
        *out = CLI_FMT_CSV;
    else if (!strcmp(s, "json"))
        *out = CLI_FMT_JSON;
    else
        return cli_bad_input("--format: '%s' is not a format; expected text, csv or json", s);
    return 0;
}

int cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return 1;
    return 0;
}

static int stdout_failed;

int cli_flush_stdout(void)
{
    if (cli_in_call())
        return fflush(cli_stdout()) == 0 ? 0 : cli_fail("out of memory keeping the output");
    if (stdout_failed)
        return CLI_FAIL;
    /* glibc keeps unwritten bytes in the buffer after a failed write, so
     * this flush fails again and errno gives the reason (ENOSPC, EPIPE). */
    errno = 0;
    if (fflush(cli_stdout()) == 0 && !ferror(cli_stdout()))
        return 0;
    int err = errno ? errno : EIO;
    stdout_failed = 1;
    fprintf(cli_stderr(), "cnsim: standard output: write failed: %s\n", strerror(err));
    return CLI_FAIL;
}

/* Temporary files that exist right now, for the signal handler. The
 * handler may run at any instruction, so it only reads a fixed array
 * (filled before the slot is marked used, emptied after it is marked
 * free) and calls unlink() and raise(), which are async-signal-safe. */
#define N_TEMP_SLOTS 16
static char temp_path[N_TEMP_SLOTS][PATH_MAX + 32];
static volatile sig_atomic_t temp_used[N_TEMP_SLOTS];
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define N_CLEANUP_SIGNALS (sizeof cleanup_signals / sizeof cleanup_signals[0])

static void on_fatal_signal(int sig)
{
    for (int i = 0; i < N_TEMP_SLOTS; i++)
        if (temp_used[i])
            unlink(temp_path[i]);
    /* SA_RESETHAND restored the default action; the signal is blocked
     * while the handler runs, so it is delivered, and kills, on return. */
    raise(sig);
}

void cli_signals_install(void)
{
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++) {
        struct sigaction old, sa;
        if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue;   /* nohup, or a pipeline that ignores SIGPIPE */
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigfillset(&sa.sa_mask);
        sa.sa_flags = SA_RESETHAND;
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

/* Opening a temporary file and registering it, and committing one and
 * forgetting it, each happen with the signals held back, so the handler
 * never sees a file that exists but is not listed, nor a listed name
 * that has just become the output. */
static void hold_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < N_CLEANUP_SIGNALS; i++)
        sigaddset(&set, cleanup_signals[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

static void release_signals(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

static int temp_register(const char *path)
{
    if (strlen(path) >= sizeof temp_path[0])
        return -1;   /* longer than any path the system opens */
    for (int i = 0; i < N_TEMP_SLOTS; i++)
        if (!temp_used[i]) {
            strcpy(temp_path[i], path);
            /* The name is complete before the handler, in any thread, can
             * see the slot in use. */
            atomic_thread_fence(memory_order_seq_cst);
            temp_used[i] = 1;
            return i;
        }
    return -1;
}

static void temp_forget(int slot)
{
    if (slot >= 0)
        temp_used[slot] = 0;
}

void cli_outs_init(cli_outs *g)
{
    memset(g, 0, sizeof *g);
}

/* The directory part of a path into buf ("." when it has none). */
static void dir_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else if (slash == path)
        snprintf(buf, n, "/");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

/* The same file under two options (--out m.csv --metrics-out ./m.csv)
 * would keep only the output committed last. Two outputs are the same
 * file when the names match in the same directory (device and inode). */
static int same_file(const cnsim_atomic_file *a, const cnsim_atomic_file *b)
{
    if (!a->target || !b->target)
        return 0;   /* in place: a device or FIFO may take several writers */
    const char *na = strrchr(a->target, '/'), *nb = strrchr(b->target, '/');
    if (strcmp(na ? na + 1 : a->target, nb ? nb + 1 : b->target))
        return 0;
    char da[PATH_MAX], db[PATH_MAX];
    dir_of(a->target, da, sizeof da);
    dir_of(b->target, db, sizeof db);
    struct stat sa, sb;
    return stat(da, &sa) == 0 && stat(db, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int cli_outs_open(cli_outs *g, const char *path, const char *option, FILE **fp)
{
    assert(g->n < CLI_OUTS_MAX);
    cli_out *o = &g->o[g->n];
    memset(o, 0, sizeof *o);
    o->option = option ? option : "--out";
    o->temp_slot = -1;
    /* A library call keeps an output in its result (under the option's
     * name) unless it is named by a path and the call writes files. */
    if (cli_in_call() && (!path || !strcmp(path, "-") || !cli_call_writes_files())) {
        o->fp = !strcmp(o->option, "--out") ? cli_stdout() : cli_call_capture(o->option);
        if (!o->fp)
            return cli_fail("%s: out of memory keeping the output", o->option);
        g->n++;
        *fp = o->fp;
        return 0;
    }
    if (!path || !strcmp(path, "-")) {
        o->fp = cli_stdout();
        g->n++;
        *fp = o->fp;
        return 0;
    }
    /* Opening a FIFO waits for its reader, and Ctrl-C must still work
     * then; a FIFO is written in place, with no temporary file to list. */
    struct stat sb;
    int is_fifo = stat(path, &sb) == 0 && S_ISFIFO(sb.st_mode);
    sigset_t old;
    if (!is_fifo)
        hold_signals(&old);
    cnsim_status st = cnsim_atomic_open(path, &o->af);
    if (st == CNSIM_OK) {
        o->is_file = 1;
        o->fp = o->af.fp;
        if (o->af.tmp_path)
            o->temp_slot = temp_register(o->af.tmp_path);
        g->n++;
    }
    if (!is_fifo)
        release_signals(&old);
    if (st != CNSIM_OK)
        return cli_report(st, o->option);
    for (size_t k = 0; k + 1 < g->n; k++)
        if (g->o[k].is_file && same_file(&g->o[k].af, &o->af))
            return cli_bad_input("%s: '%s' is the file %s writes too; expected a different file", o->option, path,
                                 g->o[k].option);
    *fp = o->fp;
    return 0;
}

int cli_outs_open_plot(cli_outs *g, const char *path, FILE **fp)
{
    cnsim_status st = cnsim_plot_check_path(path);
    if (st != CNSIM_OK)
        return cli_report(st, "--plot");
    return cli_outs_open(g, path, "--plot", fp);
}

/* jansson's allocator, wrapped once at start: a failed allocation is
 * remembered for the whole process (the library wraps again for its own
 * parses, and calls this one). */
static json_malloc_t json_prev_malloc;
static json_free_t json_prev_free;
static atomic_int json_alloc_failed;

static void *json_watch_malloc(size_t n)
{
    void *p = json_prev_malloc(n);
    if (!p)
        atomic_store(&json_alloc_failed, 1);
    return p;
}

static void json_watch_free(void *p) { json_prev_free(p); }

void cli_json_watch(void)
{
    json_get_alloc_funcs(&json_prev_malloc, &json_prev_free);
    json_set_alloc_funcs(json_watch_malloc, json_watch_free);
}

int cli_outs_close(cli_outs *g, int rc)
{
    sigset_t old;
    hold_signals(&old);
    /* A value jansson could not allocate is silently missing from what the
     * command built with it (a warning list, a table), in any format: the
     * outputs are not committed. */
    if (rc == 0 && atomic_load(&json_alloc_failed))
        rc = cli_fail("out of memory building the output (a JSON value could not be allocated)");
    /* Everything is written out before anything is committed, so a full
     * disk under the last output, or a standard output that fails, still
     * leaves no file behind. */
    for (size_t k = 0; rc == 0 && k < g->n; k++) {
        cnsim_status st;
        if (g->o[k].is_file && (st = cnsim_atomic_flush(&g->o[k].af)) != CNSIM_OK)
            rc = cli_report(st, g->o[k].option);
    }
    if (rc == 0)
        rc = cli_flush_stdout();
    for (size_t k = 0; k < g->n; k++) {
        cli_out *o = &g->o[k];
        if (!o->is_file)
            continue;
        if (rc == 0) {
            cnsim_status st = cnsim_atomic_commit(&o->af);
            if (st != CNSIM_OK)
                rc = cli_report(st, o->option);
        } else {
            cnsim_atomic_abort(&o->af);
        }
        temp_forget(o->temp_slot);
        o->is_file = 0;
    }
    g->n = 0;
    release_signals(&old);
    return rc;
}

int cli_json_write(json_t *root, FILE *fp, size_t flags, const char *what)
{
    /* --digits overrides the command's precision for reals. */
    if (cli_digits())
        flags = (flags & ~(size_t)JSON_REAL_PRECISION(31)) | JSON_REAL_PRECISION(cli_digits());
    if (!root || atomic_load(&json_alloc_failed))
        return cli_fail("%s: out of memory writing the JSON output", what);
    int bad = json_dumpf(root, fp, flags);
    if (atomic_load(&json_alloc_failed))
        return cli_fail("%s: out of memory writing the JSON output", what);
    /* A failed write is in the stream's error flag: the output's close
     * (or main's flush of standard output) reports it in its one line. */
    if (bad && !ferror(fp))
        return cli_fail("%s: the JSON output could not be written", what);
    fputc('\n', fp);
    return CLI_OK;
}

json_t *cli_json_u64(uint64_t v)
{
    if (v <= (uint64_t)INT64_MAX)
        return json_integer((json_int_t)v);
    char digits[24];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
    return json_string(digits);
}

static const struct command *lookup(const char *name)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (!strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* `cnsim help CMD [SUB]` runs `cnsim CMD [SUB] --help`. */
static int help_for(int argc, char **argv)
{
    const struct command *c = lookup(argv[0]);
    if (!c)
        return unknown_command(argv[0]);
    char **args = calloc((size_t)argc + 2, sizeof *args);
    if (!args)
        return cli_fail("out of memory");
    for (int i = 0; i < argc; i++)
        args[i] = argv[i];
    args[argc] = "--help";
    int rc = c->run ? c->run(argc + 1, args) : cli_bad_input("%s: only the cnsim program runs it", argv[0]);
    free(args);
    return rc;
}

int cli_dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(cli_stderr());
        return CLI_BAD_INPUT;
    }
    const char *cmd = argv[1];
    int is_help = !strcmp(cmd, "help");
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
        (is_help && (argc == 2 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")))) {
        usage(cli_stdout());
        return CLI_OK;
    }
    if (is_help)
        return help_for(argc - 2, argv + 2);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        fprintf(cli_stdout(), "cnsim %s\n", cnsim_version());
        return CLI_OK;
    }
    const struct command *c = lookup(cmd);
    if (!c)
        return unknown_command(cmd);
    if (!c->run || (cli_in_call() && !strcmp(cmd, "serve")))
        return cli_bad_input("%s: only the cnsim program runs it, not a library call", cmd);
    if (!cli_wants_help(argc - 1, argv + 1) && cli_wants_html_report(argc - 1, argv + 1))
        return cli_html_report(argc - 1, argv + 1);
    return c->run(argc - 1, argv + 1);
}

const char *cli_num(double v, char *buf)
{
    if (cli_digits() > 10 && isfinite(v))
        snprintf(buf, 32, "%.*g", cli_digits(), v);
    else
        cnsim_format_g10(v, buf);   /* "%.10g", six times faster; "NA" if not finite */
    return buf;
}

void cli_csv_field(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}
