/* cnsim channel: one GABA-A receptor simulated exactly, with the analytic
 * values of its kinetic scheme beside the simulated ones. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: cnsim channel [--gaba CONC] [--bzd-occupancy FRAC] [--mechanism gating|binding]\n"
    "                     [--duration DUR] [--seed N] [--t-crit DUR] [--format text|json]\n"
    "                     [--out FILE]\n"
    "\n"
    "Simulates one GABA-A receptor exactly (Gillespie) with the Jones & Westbrook 1995\n"
    "kinetic scheme (two GABA binding steps, openings from the mono- and doubly liganded\n"
    "states, desensitised states) and reports the opening frequency, mean open time,\n"
    "mean burst length and open probability, each beside its analytic value from the\n"
    "scheme. Benzodiazepine-site occupancy raises both opening rates of the liganded\n"
    "closed states (x2 at full occupancy, mechanism gating, the default) or the GABA\n"
    "binding rate (kon x2.5 at full occupancy, mechanism binding); closing rates,\n"
    "open-state lifetimes and the 27 pS conductance are unchanged.\n"
    "Model and sources: docs/cells.md, section Channel.\n"
    "\n"
    "options:\n"
    "  --gaba CONC           GABA concentration with nM, uM or mM (default 1uM)\n"
    "  --bzd-occupancy FRAC  benzodiazepine-site occupancy, 0 to 1 (default 0)\n"
    "  --mechanism M         gating: occupancy scales the opening rates AR->AO and\n"
    "                        A2R->A2O (default; mean open time unchanged at any GABA);\n"
    "                        binding: occupancy scales the GABA binding rate\n"
    "  --duration DUR        simulated time with ms, s or min (default 60s); runs\n"
    "                        expected to need more than 1e8 transitions are refused\n"
    "  --seed N              seed of the random stream (default 1)\n"
    "  --t-crit DUR          closed gaps shorter than this join a burst (default 5ms)\n"
    "  --format text|json    output format (default text)\n"
    "  --out FILE            write to FILE (atomically) instead of stdout\n"
    "\n"
    "examples:\n"
    "  cnsim channel --gaba 1uM --bzd-occupancy 0.8 --duration 60s --seed 1\n"
    "  cnsim channel --gaba 10nM --bzd-occupancy 0.8 --duration 100min --format json\n"
    "  cnsim channel --gaba 1uM --bzd-occupancy 0.8 --mechanism binding --duration 60s\n";

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *stats_json(const cnsim_channel_stats *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "opening_frequency_hz", num(s->opening_frequency_hz));
    json_object_set_new(o, "mean_open_time_ms", num(s->mean_open_time_ms));
    json_object_set_new(o, "mean_open_time_mono_ms", num(s->mean_open_time_mono_ms));
    json_object_set_new(o, "mean_open_time_di_ms", num(s->mean_open_time_di_ms));
    json_object_set_new(o, "open_probability", num(s->open_probability));
    json_object_set_new(o, "mean_burst_ms", num(s->mean_burst_ms));
    json_object_set_new(o, "burst_frequency_hz", num(s->burst_frequency_hz));
    return o;
}

/* "higher by 26%", "unchanged (within 2%)", or "-" without a baseline. */
static void describe(char *buf, size_t n, double now, double base)
{
    if (!isfinite(now) || !isfinite(base) || base == 0)
        snprintf(buf, n, "-");
    else if (fabs(now / base - 1) <= 0.02)
        snprintf(buf, n, "unchanged (%+.1f%%)", 100 * (now / base - 1));
    else
        snprintf(buf, n, "%s by %.0f%%", now > base ? "higher" : "lower", 100 * fabs(now / base - 1));
}

static void print_text(FILE *fp, const cnsim_channel_params *p, const cnsim_channel_opts *o,
                       const cnsim_channel_stats *sim, const cnsim_channel_stats *an,
                       const cnsim_channel_stats *base)
{
    fprintf(fp, "One GABA-A receptor (Jones & Westbrook 1995 scheme), %g uM GABA, "
                "benzodiazepine-site occupancy %g (mechanism %s), %g s simulated (seed %lu)\n\n",
            o->gaba_uM, o->bzd_occupancy, cnsim_channel_mechanism_name(p->bzd_mechanism), o->duration_s, o->seed);
    fprintf(fp, "%-28s %12s %12s %12s  %s\n", "", "simulated", "analytic", "occupancy 0", "vs occupancy 0 (analytic)");
    struct { const char *name; double s, a, b; } rows[] = {
        {"opening frequency (Hz)", sim->opening_frequency_hz, an->opening_frequency_hz, base->opening_frequency_hz},
        {"mean open time (ms)", sim->mean_open_time_ms, an->mean_open_time_ms, base->mean_open_time_ms},
        {"  openings to AO (ms)", sim->mean_open_time_mono_ms, an->mean_open_time_mono_ms, base->mean_open_time_mono_ms},
        {"  openings to A2O (ms)", sim->mean_open_time_di_ms, an->mean_open_time_di_ms, base->mean_open_time_di_ms},
        {"mean burst (ms)", sim->mean_burst_ms, an->mean_burst_ms, base->mean_burst_ms},
        {"open probability", sim->open_probability, an->open_probability, base->open_probability},
        {"unitary conductance (pS)", p->unitary_conductance_pS, p->unitary_conductance_pS, p->unitary_conductance_pS},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char d[48];
        describe(d, sizeof d, rows[i].a, rows[i].b);
        fprintf(fp, "%-28s %12.4g %12.4g %12.4g  %s\n", rows[i].name, rows[i].s, rows[i].a, rows[i].b, d);
    }
    fprintf(fp, "\n%zu openings, %zu complete bursts (gaps < %g ms), %zu transitions.\n",
            sim->n_openings, sim->n_bursts, o->t_crit_ms, sim->n_events);
    if (o->bzd_occupancy > 0 && p->bzd_mechanism == CNSIM_CHANNEL_BZD_GATING)
        fprintf(fp, "The benzodiazepine raises both opening rates (AR->AO and A2R->A2O x%.2f here);\n"
                    "closing rates, open-state lifetimes and the %g pS conductance are unchanged, and the\n"
                    "mix of mono- and doubly liganded openings stays the same, so the channel opens more\n"
                    "often while the mean open time stays put.\n",
                cnsim_channel_bzd_factor(p, o->bzd_occupancy), p->unitary_conductance_pS);
    else if (o->bzd_occupancy > 0)
        fprintf(fp, "The benzodiazepine raises GABA binding (kon x%.2f here); each open state keeps its\n"
                    "lifetime and the conductance stays %g pS, so the channel opens more often. The mean\n"
                    "open time moves only as far as more openings come from the longer-lived doubly\n"
                    "liganded state (A2O), which matters at micromolar GABA.\n",
                cnsim_channel_bzd_factor(p, o->bzd_occupancy), p->unitary_conductance_pS);
    if (sim->n_openings < 10000)
        fprintf(fp, "Fewer than 10^4 openings: simulated values scatter around the analytic ones; a longer\n"
                    "--duration brings them closer.\n");
}

static int parse_seed(const char *s, unsigned long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *s == '-' || *end || errno || v > 0xffffffffULL)
        return cli_bad_input("--seed: '%s' is not a seed; expected an integer from 0 to 4294967295", s);
    *out = (unsigned long)v;
    return 0;
}

int cli_channel(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    cnsim_channel_params p = cnsim_channel_params_default();
    cnsim_channel_opts o = cnsim_channel_opts_default();
    const char *out = NULL;
    cli_format fmt = CLI_FMT_TEXT;
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (strncmp(a, "--", 2))
            return cli_bad_input("channel: unexpected argument '%s' (see cnsim channel --help)", a);
        if (i + 1 >= argc)
            return cli_bad_input("%s: missing value", a);
        const char *v = argv[++i];
        cnsim_status st = CNSIM_OK;
        if (!strcmp(a, "--gaba"))
            st = cnsim_channel_parse_conc_uM(v, "--gaba", &o.gaba_uM);
        else if (!strcmp(a, "--bzd-occupancy")) {
            char *end = NULL;
            o.bzd_occupancy = strtod(v, &end);
            if (end == v || *end || !isfinite(o.bzd_occupancy) || o.bzd_occupancy < 0 || o.bzd_occupancy > 1)
                return cli_bad_input("--bzd-occupancy: '%s' is not a fraction; expected a number from 0 to 1", v);
        } else if (!strcmp(a, "--mechanism"))
            st = cnsim_channel_parse_mechanism(v, "--mechanism", &p.bzd_mechanism);
        else if (!strcmp(a, "--duration"))
            st = cnsim_channel_parse_duration_s(v, "--duration", &o.duration_s);
        else if (!strcmp(a, "--t-crit")) {
            double t_s;
            st = cnsim_channel_parse_duration_s(v, "--t-crit", &t_s);
            o.t_crit_ms = t_s * 1e3;
        } else if (!strcmp(a, "--seed"))
            rc = parse_seed(v, &o.seed);
        else if (!strcmp(a, "--format"))
            rc = cli_parse_format(v, &fmt);
        else if (!strcmp(a, "--out"))
            out = v;
        else
            return cli_bad_input("channel: unknown option '%s' (see cnsim channel --help)", a);
        if (st != CNSIM_OK)
            return cli_report(st, "channel");
    }
    if (rc)
        return rc;
    if (fmt == CLI_FMT_CSV)
        return cli_bad_input("--format: csv is not offered here; expected text or json");

    cnsim_channel_stats sim, an, base;
    cnsim_channel_opts o0 = o;
    o0.bzd_occupancy = 0;
    cnsim_status st = cnsim_channel_analytic(&p, &o, &an);
    if (st == CNSIM_OK)
        st = cnsim_channel_analytic(&p, &o0, &base);
    if (st == CNSIM_OK)
        st = cnsim_channel_simulate(&p, &o, &sim);
    if (st != CNSIM_OK)
        return cli_report(st, "channel");

    cli_out co;
    if ((rc = cli_out_open(&co, out)))
        return rc;
    if (fmt == CLI_FMT_JSON) {
        json_t *root = stats_json(&sim);
        json_object_set_new(root, "analytic", stats_json(&an));
        json_object_set_new(root, "analytic_zero_occupancy", stats_json(&base));
        json_object_set_new(root, "n_openings", json_integer((json_int_t)sim.n_openings));
        json_object_set_new(root, "n_bursts", json_integer((json_int_t)sim.n_bursts));
        json_object_set_new(root, "n_events", json_integer((json_int_t)sim.n_events));
        json_object_set_new(root, "unitary_conductance_pS", json_real(p.unitary_conductance_pS));
        json_object_set_new(root, "gaba_uM", json_real(o.gaba_uM));
        json_object_set_new(root, "bzd_occupancy", json_real(o.bzd_occupancy));
        int gating = p.bzd_mechanism == CNSIM_CHANNEL_BZD_GATING;
        double f = cnsim_channel_bzd_factor(&p, o.bzd_occupancy);
        json_object_set_new(root, "mechanism", json_string(cnsim_channel_mechanism_name(p.bzd_mechanism)));
        json_object_set_new(root, "kon_factor", json_real(gating ? 1 : f));
        json_object_set_new(root, "opening_rate_factor", json_real(gating ? f : 1));
        json_object_set_new(root, "duration_s", json_real(o.duration_s));
        json_object_set_new(root, "t_crit_ms", json_real(o.t_crit_ms));
        json_object_set_new(root, "seed", json_integer((json_int_t)o.seed));
        json_object_set_new(root, "model", json_string(gating ? "Jones & Westbrook 1995 (JW1 rates); benzodiazepine raises both opening rates"
                                  : "Jones & Westbrook 1995 (JW1 rates); benzodiazepine raises kon"));
        json_dumpf(root, co.fp, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
        fputc('\n', co.fp);
        json_decref(root);
    } else {
        print_text(co.fp, &p, &o, &sim, &an, &base);
    }
    return cli_out_close(&co, !ferror(co.fp));
}
