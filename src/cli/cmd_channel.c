/* cnsim channel: one GABA-A receptor simulated exactly, with the analytic
 * values of its kinetic scheme beside the simulated ones. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"

typedef struct channel_args {
    cnsim_channel_params p;
    cnsim_channel_opts o;
    uint64_t seed;
    cli_format fmt;
    const char *out;
} channel_args;

static int opt_gaba(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    cnsim_status st = cnsim_channel_parse_conc_uM(v, sp, &((channel_args *)args)->o.gaba_uM);
    return st == CNSIM_OK ? 0 : cli_opt_value_error(st);
}

static int opt_mechanism(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    cnsim_status st = cnsim_channel_parse_mechanism(v, sp, &((channel_args *)args)->p.bzd_mechanism);
    return st == CNSIM_OK ? 0 : cli_opt_value_error(st);
}

static int opt_duration(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    cnsim_status st = cnsim_channel_parse_duration_s(v, sp, &((channel_args *)args)->o.duration_s);
    return st == CNSIM_OK ? 0 : cli_opt_value_error(st);
}

static int opt_t_crit(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    double t_s;
    cnsim_status st = cnsim_channel_parse_duration_s(v, sp, &t_s);
    if (st != CNSIM_OK)
        return cli_opt_value_error(st);
    ((channel_args *)args)->o.t_crit_ms = t_s * 1e3;
    return 0;
}

static const cli_opt opts[] = {
    {.name = "--gaba", .kind = CLI_OPT_CALL, .call = opt_gaba, .metavar = "CONC", .eg = "1uM",
     .help = "GABA concentration with nM, uM or mM (default 1uM)"},
    {.name = "--bzd-occupancy", .kind = CLI_OPT_NUMBER, .off = offsetof(channel_args, o.bzd_occupancy),
     .lo = 0, .hi = 1, .metavar = "FRAC", .help = "benzodiazepine-site occupancy, 0 to 1 (default 0)"},
    {.name = "--mechanism", .kind = CLI_OPT_CALL, .call = opt_mechanism, .metavar = "M", .eg = "gating or binding",
     .help = "gating: occupancy scales the opening rates AR->AO and A2R->A2O (default; mean open time "
             "unchanged at any GABA); binding: occupancy scales the GABA binding rate"},
    {.name = "--duration", .kind = CLI_OPT_CALL, .call = opt_duration, .metavar = "DUR", .eg = "1h",
     .help = "simulated time with ms, s, min or h (default 1h: about 80 clusters of doubly liganded "
             "openings at 1uM GABA); runs expected to need more than 1e8 transitions are refused"},
    {.kind = CLI_OPT_SEED, .off = offsetof(channel_args, seed), .help = "seed of the random stream (default 1)"},
    {.name = "--t-crit", .kind = CLI_OPT_CALL, .call = opt_t_crit, .metavar = "DUR", .eg = "5ms",
     .help = "closed gaps shorter than this join a burst (default 5ms)"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(channel_args, fmt), .help = "text (default) or json"},
    {.kind = CLI_OPT_OUT, .off = offsetof(channel_args, out)},
};

static const cli_cmd cmd = {
    .name = "channel",
    .usage = "[--gaba CONC] [--bzd-occupancy FRAC] [--mechanism gating|binding]\n"
             "                     [--duration DUR] [--seed N] [--t-crit DUR] [--format text|json]\n"
             "                     [--out FILE]\n",
    .about =
        "Simulates one GABA-A receptor exactly (Gillespie) with the Jones & Westbrook 1995\n"
        "kinetic scheme (two GABA binding steps, openings from the mono- and doubly liganded\n"
        "states, desensitised states) and reports the opening frequency, mean open time,\n"
        "mean burst length and open probability, each beside its analytic value from the\n"
        "scheme. Benzodiazepine-site occupancy raises both opening rates of the liganded\n"
        "closed states (x2 at full occupancy, mechanism gating, the default) or the GABA\n"
        "binding rate (kon x2.5 at full occupancy, mechanism binding); closing rates,\n"
        "open-state lifetimes and the 27 pS conductance are unchanged.\n"
        "Model and sources: docs/cells.md, section Channel.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim channel --gaba 1uM --bzd-occupancy 0.8 --duration 1h --seed 1\n"
                "  cnsim channel --gaba 10nM --bzd-occupancy 0.8 --duration 100min --format json\n"
                "  cnsim channel --gaba 1uM --bzd-occupancy 0.8 --mechanism binding --duration 1h\n",
    .formats = CLI_FMTS_TJ,
};

static json_t *num(double v)
{
    return isfinite(v) ? json_real(v + 0.0) : json_null(); /* + 0.0: never -0 */
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
    json_object_set_new(o, "di_opening_fraction", num(s->di_opening_fraction));
    json_object_set_new(o, "di_entries_per_s", num(s->di_entries_per_s));
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
        char v[3][16];
        const double x[3] = {rows[i].s, rows[i].a, rows[i].b};
        for (int k = 0; k < 3; k++) /* an undefined mean says so; -0 prints as 0 */
            isnan(x[k]) ? snprintf(v[k], sizeof v[k], "none") : snprintf(v[k], sizeof v[k], "%.4g", x[k] + 0.0);
        fprintf(fp, "%-28s %12s %12s %12s  %s\n", rows[i].name, v[0], v[1], v[2], d);
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
    /* What decides the precision of the mean open time is the number of
     * clusters of doubly liganded openings, not the number of openings. */
    if (isfinite(sim->mean_open_time_ms) && isfinite(sim->mean_open_time_se_ms))
        fprintf(fp, "Simulated mean open time %.3g ms, 95%% interval %.3g to %.3g ms (batch means, 32 stretches\n"
                    "of %.3g s).\n",
                sim->mean_open_time_ms, sim->mean_open_time_ms - 1.96 * sim->mean_open_time_se_ms,
                sim->mean_open_time_ms + 1.96 * sim->mean_open_time_se_ms, o->duration_s / 32);
    if (an->di_entries_per_s > 0) {
        double expect = an->di_entries_per_s * o->duration_s;
        fprintf(fp, "%zu of %zu openings were to A2O (analytic share %.1f%%), from %zu entries into A2R\n"
                    "(%.1f expected).\n",
                sim->n_openings_di, sim->n_openings, 100 * an->di_opening_fraction, sim->n_di_entries, expect);
        /* Only where the A2O openings carry a noticeable part of the mean
         * (at 10 nM GABA they are 1e-4 of the openings and do not). */
        double share = an->di_opening_fraction * an->mean_open_time_di_ms / an->mean_open_time_ms;
        if (expect < 30 && share > 0.05)
            fprintf(fp, "The long A2O openings (%.1f ms) come in clusters, one per entry into A2R, so with few\n"
                        "entries the mean open time depends on how many clusters the run caught; for 30\n"
                        "expected clusters use --duration %.0fs or more.\n",
                    an->mean_open_time_di_ms, ceil(30 / an->di_entries_per_s));
    }
}

int cli_channel(int argc, char **argv)
{
    channel_args a = {.p = cnsim_channel_params_default(), .o = cnsim_channel_opts_default(), .fmt = CLI_FMT_TEXT};
    a.seed = a.o.seed;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    cnsim_channel_params p = a.p;
    cnsim_channel_opts o = a.o;
    o.seed = (unsigned long)a.seed;

    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)))
        return cli_outs_close(&outs, rc);
    cnsim_channel_stats sim, an, base;
    cnsim_channel_opts o0 = o;
    o0.bzd_occupancy = 0;
    cnsim_status st = cnsim_channel_analytic(&p, &o, &an);
    if (st == CNSIM_OK)
        st = cnsim_channel_analytic(&p, &o0, &base);
    if (st == CNSIM_OK)
        st = cnsim_channel_simulate(&p, &o, &sim);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "channel"));

    if (a.fmt == CLI_FMT_JSON) {
        json_t *root = stats_json(&sim);
        json_object_set_new(root, "analytic", stats_json(&an));
        json_object_set_new(root, "analytic_zero_occupancy", stats_json(&base));
        json_object_set_new(root, "mean_open_time_se_ms", num(sim.mean_open_time_se_ms));
        json_object_set_new(root, "n_openings", json_integer((json_int_t)sim.n_openings));
        json_object_set_new(root, "n_openings_di", json_integer((json_int_t)sim.n_openings_di));
        json_object_set_new(root, "n_di_entries", json_integer((json_int_t)sim.n_di_entries));
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
        json_object_set_new(root, "seed", cli_json_u64(a.seed));
        json_object_set_new(root, "model", json_string(gating ? "Jones & Westbrook 1995 (JW1 rates); benzodiazepine raises both opening rates"
                                  : "Jones & Westbrook 1995 (JW1 rates); benzodiazepine raises kon"));
        rc = cli_json_write(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(8), "channel");
        json_decref(root);
    } else {
        print_text(out, &p, &o, &sim, &an, &base);
    }
    return cli_outs_close(&outs, rc);
}
