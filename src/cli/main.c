/* cnsim command-line entry point: git-style subcommands. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "cnsim - clonazepam and SSRI therapy from receptor to patient (research and\n"
    "teaching simulator; not a prescribing tool)\n"
    "\n"
    "usage: cnsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  bridge      SSRI start with clonazepam cover: HAM-D/HAM-A with and without, the taper\n"
    "  channel     one GABA-A receptor simulated exactly: opening frequency, open time, bursts\n"
    "  demo        the built-in scenario: clonazepam 0.5 mg bid for 4 weeks added to\n"
    "              sertraline 50 mg qd, followed for 8 weeks (summary, CSV, plot)\n"
    "  drug        the cited drug registry: list, show NAME, compare A B\n"
    "  interact    drug interactions: label findings, CYP AUC changes, respiratory drive\n"
    "  network     E/I networks of Hodgkin-Huxley cells (COBAHH), GABA-A modulation, seizure detector\n"
    "  neuron      one conductance-based neuron with GABA-A synapses and benzodiazepine modulation\n"
    "  population  virtual populations (THETA/OMEGA/SIGMA, covariates): bands and metrics, threads, MPI\n"
    "  simulate    concentrations and effects (occupancy, tolerance, withdrawal) over time\n"
    "  taper       taper plans by published methods, rounded to products, simulated withdrawal\n"
    "  trial       virtual randomised trials with replicates: risk ratios, power by week\n"
    "  withdrawal  compare the withdrawal index of an abrupt stop, tapers and switches\n"
    "\n"
    "options:\n"
    "  -h, --help     this text (every command has its own --help)\n"
    "  --version      the version\n"
    "\n"
    "examples:\n"
    "  cnsim demo\n"
    "  cnsim drug show Klonopin\n"
    "  cnsim simulate --drug clonazepam --regimen \"0.5 mg q12h for 28 d\" --until 42d\n";

int cli_report(cnsim_status st, const char *context)
{
    const char *detail = cnsim_last_error();
    if (detail && *detail)
        fprintf(stderr, "cnsim: %s: %s\n", context, detail);
    else
        fprintf(stderr, "cnsim: %s: %s\n", context, cnsim_status_str(st));
    return cnsim_status_is_input_error(st) ? CLI_BAD_INPUT : CLI_FAIL;
}

int cli_bad_input(const char *fmt, ...)
{
    va_list ap;
    fputs("cnsim: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_BAD_INPUT;
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

int cli_out_open(cli_out *o, const char *path)
{
    memset(o, 0, sizeof *o);
    if (!path) {
        o->fp = stdout;
        return 0;
    }
    cnsim_status st = cnsim_atomic_open(path, &o->af);
    if (st != CNSIM_OK)
        return cli_report(st, "--out");
    o->fp = o->af.fp;
    o->is_file = 1;
    return 0;
}

int cli_out_close(cli_out *o, int ok)
{
    if (!o->is_file) {
        fflush(stdout);
        return ok ? 0 : CLI_FAIL;
    }
    if (!ok) {
        cnsim_atomic_abort(&o->af);
        return CLI_FAIL;
    }
    cnsim_status st = cnsim_atomic_commit(&o->af);
    return st == CNSIM_OK ? 0 : cli_report(st, "--out");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return CLI_BAD_INPUT;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("cnsim %s\n", cnsim_version());
        return 0;
    }
    if (!strcmp(cmd, "drug"))
        return cli_drug(argc - 1, argv + 1);
    if (!strcmp(cmd, "simulate"))
        return cli_simulate(argc - 1, argv + 1);
    if (!strcmp(cmd, "demo"))
        return cli_demo(argc - 1, argv + 1);
    if (!strcmp(cmd, "withdrawal"))
        return cli_withdrawal(argc - 1, argv + 1);
    if (!strcmp(cmd, "channel")) return cli_channel(argc - 1, argv + 1);
    if (!strcmp(cmd, "neuron")) return cli_neuron(argc - 1, argv + 1);
    if (!strcmp(cmd, "network"))
        return cli_network(argc - 1, argv + 1);
    if (!strcmp(cmd, "excitability-map"))
        return cli_excitability_map(argc - 1, argv + 1);
    if (!strcmp(cmd, "interact")) return cli_interact(argc - 1, argv + 1);
    if (!strcmp(cmd, "taper")) return cli_taper(argc - 1, argv + 1);
    if (!strcmp(cmd, "bridge")) return cli_bridge(argc - 1, argv + 1);
    if (!strcmp(cmd, "trial")) return cli_trial(argc - 1, argv + 1);
    if (!strcmp(cmd, "population")) return cli_population(argc - 1, argv + 1);
    fprintf(stderr, "cnsim: unknown command '%s'; expected one of bridge, channel, demo, drug, excitability-map, interact, network, neuron, population, simulate, taper, trial, withdrawal (see cnsim --help)\n", cmd);
    return CLI_BAD_INPUT;
}
