/* cnsim command-line entry point: git-style subcommands, and the helpers
 * every command shares for messages and output (cli.h). */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "cli.h"

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    {"bridge", cli_bridge, "SSRI start with clonazepam cover: HAM-D/HAM-A with and without, the taper"},
    {"channel", cli_channel, "one GABA-A receptor simulated exactly: opening frequency, open time, bursts"},
    {"demo", cli_demo, "the built-in scenario: clonazepam added to sertraline, 8 weeks (summary, CSV, plot)"},
    {"drug", cli_drug, "the cited drug registry: list, show NAME, compare A B"},
    {"excitability-map", cli_excitability_map, "network firing and seizure-likeness across GABA-A modulation"},
    {"interact", cli_interact, "drug interactions: label findings, CYP AUC changes, respiratory drive"},
    {"network", cli_network, "E/I networks of Hodgkin-Huxley cells (COBAHH), GABA-A modulation, seizures"},
    {"neuron", cli_neuron, "one conductance-based neuron with GABA-A synapses and benzodiazepine modulation"},
    {"population", cli_population, "virtual populations (THETA/OMEGA/SIGMA, covariates): bands, metrics, MPI"},
    {"simulate", cli_simulate, "concentrations and effects (occupancy, tolerance, withdrawal) over time"},
    {"taper", cli_taper, "taper plans by published methods, rounded to products, simulated withdrawal"},
    {"trial", cli_trial, "virtual randomised trials with replicates: risk ratios, power by week"},
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
    fprintf(stderr, "cnsim: unknown command '%s'; expected one of ", cmd);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(stderr, "%s%s", commands[i].name, i + 2 < N_COMMANDS ? ", " : i + 1 < N_COMMANDS ? " or " : "");
    fputs(" (see cnsim --help)\n", stderr);
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
    p->on = !quiet && (force || isatty(STDERR_FILENO));
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
    fprintf(stderr, "\rcnsim: %3.0f%%  %.*f/%.*f %s  %.3g %s/s  %.0f s left   ", total > 0 ? 100 * done / total : 0,
            dec, done * p->scale, dec, total * p->scale, p->unit, rate * p->scale, p->unit, left);
    fflush(stderr);
    p->shown = 1;
}

void cli_progress_end(cli_progress *p)
{
    /* Asked for with --progress: at least the final line, however short
     * the run. */
    if (p->on && p->force && !p->shown && p->total > 0)
        progress_draw(p, wall_now(), p->done, p->total);
    if (p->shown)
        fputc('\n', stderr);
    p->shown = 0;
}

cnsim_status cli_registry_open(const char *path, cnsim_registry **out)
{
    static int noted;
    cnsim_status st = cnsim_registry_create(path, out);
    if (st == CNSIM_OK && !noted && !strcmp(cnsim_registry_location(*out), "(built-in)")) {
        noted = 1;
        fputs("cnsim: note: no registry file beside the program or in ../share/cnsim; using the built-in copy\n",
              stderr);
    }
    return st;
}

int cli_report(cnsim_status st, const char *context)
{
    const char *detail = cnsim_last_error();
    size_t n = strlen(context);
    if (!detail || !*detail)
        fprintf(stderr, "cnsim: %s: %s\n", context, cnsim_status_str(st));
    else if (!strncmp(detail, context, n) && detail[n] == ':')
        fprintf(stderr, "cnsim: %s\n", detail);
    else
        fprintf(stderr, "cnsim: %s: %s\n", context, detail);
    return cnsim_status_is_input_error(st) ? CLI_BAD_INPUT : CLI_FAIL;
}

static void say(const char *fmt, va_list ap)
{
    fputs("cnsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
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
    if (stdout_failed)
        return CLI_FAIL;
    /* glibc keeps unwritten bytes in the buffer after a failed write, so
     * this flush fails again and errno gives the reason (ENOSPC, EPIPE). */
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    int err = errno ? errno : EIO;
    stdout_failed = 1;
    fprintf(stderr, "cnsim: standard output: write failed: %s\n", strerror(err));
    return CLI_FAIL;
}

int cli_out_open_as(cli_out *o, const char *path, const char *option)
{
    memset(o, 0, sizeof *o);
    o->option = option ? option : "--out";
    if (!path || !strcmp(path, "-")) {
        o->fp = stdout;
        return 0;
    }
    cnsim_status st = cnsim_atomic_open(path, &o->af);
    if (st != CNSIM_OK)
        return cli_report(st, o->option);
    o->fp = o->af.fp;
    o->is_file = 1;
    return 0;
}

int cli_out_open(cli_out *o, const char *path)
{
    return cli_out_open_as(o, path, "--out");
}

int cli_out_close(cli_out *o, int ok)
{
    if (!o->is_file) {
        int rc = cli_flush_stdout();
        return rc ? rc : ok ? 0 : CLI_FAIL;
    }
    errno = 0;
    int err = 0;
    if (fflush(o->fp) != 0 || ferror(o->fp))
        err = errno ? errno : EIO;
    if (err || !ok) {
        cnsim_atomic_abort(&o->af);
        if (err)
            fprintf(stderr, "cnsim: %s: write failed: %s\n", o->option, strerror(err));
        return CLI_FAIL;
    }
    cnsim_status st = cnsim_atomic_commit(&o->af);
    return st == CNSIM_OK ? 0 : cli_report(st, o->option);
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
    int rc = c->run(argc + 1, args);
    free(args);
    return rc;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_BAD_INPUT;
    }
    const char *cmd = argv[1];
    int is_help = !strcmp(cmd, "help");
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
        (is_help && (argc == 2 || !strcmp(argv[2], "-h") || !strcmp(argv[2], "--help")))) {
        usage(stdout);
        return CLI_OK;
    }
    if (is_help)
        return help_for(argc - 2, argv + 2);
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("cnsim %s\n", cnsim_version());
        return CLI_OK;
    }
    const struct command *c = lookup(cmd);
    if (!c)
        return unknown_command(cmd);
    return c->run(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
    int rc = dispatch(argc, argv);
    /* Whatever a command printed, a failed write is a failure. */
    if (cli_flush_stdout() && rc == CLI_OK)
        rc = CLI_FAIL;
    return rc;
}

const char *cli_num(double v, char *buf)
{
    cnsim_format_g10(v, buf);   /* "%.10g", six times faster; "NA" if not finite */
    return buf;
}
