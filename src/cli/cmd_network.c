/* cnsim network: E/I networks of Hodgkin-Huxley cells (the COBAHH
 * benchmark built in), GABA-A modulation, seizure-like activity detector. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct net_args {
    cnsim_network_params p;
    double modulation, occupancy;
    unsigned long long n_exc, n_inh, delay_steps;
    int has_n_exc, has_n_inh, has_delay_steps;
    uint64_t seed;
    int has_seed, threads, has_threads, quiet, progress;
    cli_format fmt;
    const char *out, *spikes, *plot;
} net_args;

static int opt_model(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    if (strcmp(v, "cobahh"))
        return cli_bad_input("%s: '%s' is not a network model; expected cobahh", sp, v);
    return 0;
}

static int opt_config(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    cnsim_status st = cnsim_network_config_load(v, &((net_args *)args)->p);
    return st == CNSIM_OK ? 0 : cli_report(st, sp);
}

/* "1s", "500ms", "0.5 s" or a bare number of milliseconds. */
static int opt_duration(const cli_opt *opt, const char *sp, const char *text, void *args)
{
    double v = NAN;
    const char *end = cnsim_scan_number(text, &v); /* decimal only: no hex, inf or nan */
    if (!end || !isfinite(v))
        return cli_bad_input("%s: '%s' is not a duration; expected e.g. 1s or 500ms", sp, text);
    while (*end == ' ')
        end++;
    if (!strcmp(end, "s"))
        v *= 1000;
    else if (*end && strcmp(end, "ms"))
        return cli_bad_input("%s: '%s': unknown unit '%s'; expected s or ms", sp, text, end);
    if (!(v > 0))
        return cli_bad_input("%s: '%s'; expected a duration > 0", sp, text);
    ((net_args *)args)->p.duration_ms = v;
    return 0;
}

#define P(field) offsetof(net_args, p.field)
static const cli_opt opts[] = {
    {.name = "--model", .kind = CLI_OPT_CALL, .call = opt_model, .metavar = "cobahh", .eg = "cobahh",
     .help = "the network: COBAHH, Benchmark 3 of Brette et al. 2007 (the default and only one)"},
    {.name = "--config", .kind = CLI_OPT_CALL, .call = opt_config, .metavar = "FILE.json", .flags = CLI_OPT_EARLY | CLI_OPT_READS_FILE,
     .help = "parameters by field name (e.g. scenarios/network-small.json); the other options override it "
             "wherever they stand"},
    {.name = "--duration", .kind = CLI_OPT_CALL, .call = opt_duration, .metavar = "DUR", .eg = "1s",
     .help = "simulated time, e.g. 1s or 500ms; a bare number is ms (default 1s)"},
    {.name = "--dt", .kind = CLI_OPT_NUMBER, .off = P(dt_ms), .lo = 0, .hi = 1000, .metavar = "MS",
     .help = "integration step in ms (default 0.1; at most 0.5)"},
    {.name = "--n-exc", .kind = CLI_OPT_WHOLE, .off = offsetof(net_args, n_exc), .max = 2000000000,
     .given = CLI_AT(net_args, has_n_exc), .metavar = "N", .help = "excitatory cells (default 3200)"},
    {.name = "--n-inh", .kind = CLI_OPT_WHOLE, .off = offsetof(net_args, n_inh), .max = 2000000000,
     .given = CLI_AT(net_args, has_n_inh), .metavar = "N", .help = "inhibitory cells (default 800)"},
    {.name = "--p-connect", .kind = CLI_OPT_NUMBER, .off = P(p_connect), .lo = 0, .hi = 1, .metavar = "P",
     .help = "probability that an ordered pair is connected (default 0.02)"},
    {.name = "--delay-steps", .kind = CLI_OPT_WHOLE, .off = offsetof(net_args, delay_steps), .max = 100000,
     .given = CLI_AT(net_args, has_delay_steps), .metavar = "K", .help = "synaptic delay in steps (default 0)"},
    {.name = "--w-exc", .kind = CLI_OPT_NUMBER, .off = P(w_exc_nS), .lo = 0, .hi = 1e6, .metavar = "NS",
     .help = "excitatory conductance increment in nS (default 6)"},
    {.name = "--w-inh", .kind = CLI_OPT_NUMBER, .off = P(w_inh_nS), .lo = 0, .hi = 1e6, .metavar = "NS",
     .help = "inhibitory (GABA-A) conductance increment in nS (default 67)"},
    {.name = "--drive", .kind = CLI_OPT_NUMBER, .off = P(drive_nA), .lo = -1e3, .hi = 1e3, .metavar = "NA",
     .help = "constant current into every cell in nA (default 0)"},
    {.kind = CLI_OPT_SEED, .off = offsetof(net_args, seed), .given = CLI_AT(net_args, has_seed),
     .help = "seed of connectivity and initial state (default 1)"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(net_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(net_args, progress)},
    {.kind = CLI_OPT_THREADS, .off = offsetof(net_args, threads), .given = CLI_AT(net_args, has_threads),
     .help = "threads (0 to 4096; 0 = every core not busy with other work); the spikes do not depend on it"},
    {.name = "--gabaa-modulation", .kind = CLI_OPT_NUMBER, .off = offsetof(net_args, modulation), .lo = 0,
     .hi = 100, .metavar = "F", .help = "multiplies the inhibitory increment (1 = unmodulated)"},
    {.name = "--bzd-occupancy", .kind = CLI_OPT_NUMBER, .off = offsetof(net_args, occupancy), .lo = 0, .hi = 1,
     .metavar = "X", .help = "benzodiazepine-site occupancy: F = 1 + (Mmax - 1) X"},
    {.name = "--gabaa-adaptation", .alias = "--adaptation", .kind = CLI_OPT_NUMBER, .off = P(adaptation),
     .lo = 0, .hi = 1, .metavar = "A", .help = "fraction of GABA-A function lost, 0 to below 1 (default 0)"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(net_args, fmt), .help = "text (default), json or csv"},
    {.kind = CLI_OPT_OUT, .off = offsetof(net_args, out)},
    {.name = "--spikes", .kind = CLI_OPT_PATH, .off = offsetof(net_args, spikes), .metavar = "FILE.csv",
     .help = "every spike as neuron,t_ms (- = standard output)"},
    {.kind = CLI_OPT_PLOT, .off = offsetof(net_args, plot), .help = "raster above the population rate"},
};
#undef P

static const cli_cmd cmd = {
    .name = "network",
    .usage = "[--model cobahh] [--config FILE.json] [--duration DUR] [--dt MS]\n"
             "                     [--n-exc N] [--n-inh N] [--p-connect P] [--delay-steps K]\n"
             "                     [--w-exc NS] [--w-inh NS] [--drive NA] [--seed S] [--threads N]\n"
             "                     [--gabaa-modulation F | --bzd-occupancy X] [--gabaa-adaptation A]\n"
             "                     [--format text|json|csv] [--out FILE] [--spikes FILE.csv]\n"
             "                     [--plot FILE.png]\n",
    .about =
        "Simulates a network of Traub-Miles Hodgkin-Huxley cells with exponential\n"
        "excitatory and GABA-A (inhibitory) conductances. The default is COBAHH, Benchmark 3\n"
        "of Brette et al. 2007: 3200 excitatory + 800 inhibitory cells, each ordered pair\n"
        "connected with p = 0.02, increments 6 nS / 67 nS, 1 s at dt 0.1 ms. A JSON file\n"
        "(--config, e.g. scenarios/network-small.json) sets any parameter by field name;\n"
        "options override it wherever they stand.\n"
        "\n"
        "GABA-A strength: --gabaa-modulation F multiplies the inhibitory increment\n"
        "(benzodiazepine-like potentiation > 1, disinhibition < 1); --bzd-occupancy X uses\n"
        "F = 1 + (Mmax - 1) X with Mmax from the registry (pd_system gabaa_mmax);\n"
        "--gabaa-adaptation A scales GABA-A function by (1 - A), the adapted (withdrawal) state.\n"
        "\n"
        "Reports spikes, rates (all, excitatory, inhibitory), the seizure-like activity\n"
        "detector (Golomb synchrony chi, Fano factor, population-burst fraction; see\n"
        "docs/cells.md) and timings (build_s apart from the simulation wall_s).\n"
        "--spikes writes neuron,t_ms pairs; --plot a raster above the population rate.\n"
        "The same seed gives the same spikes for any --threads.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples =
        "  cnsim network --model cobahh --duration 200ms --gabaa-modulation 1.5 --seed 1 --format json\n"
        "  cnsim network --gabaa-modulation 0.3 --duration 200ms --plot runaway.png\n"
        "  cnsim network --config scenarios/network-small.json --gabaa-adaptation 0.4 --spikes spikes.csv\n",
    .formats = CLI_FMTS_TCJ,
};

static void write_spikes(const cnsim_network *net, FILE *fp)
{
    const uint32_t *id;
    const double *t;
    size_t n = cnsim_network_spikes(net, &id, &t);
    fputs("neuron,t_ms\n", fp);
    for (size_t k = 0; k < n; k++)
        fprintf(fp, "%u,%.1f\n", id[k], t[k]);
}

int cli_network(int argc, char **argv)
{
    net_args a = {.p = cnsim_network_params_cobahh(), .modulation = NAN, .occupancy = NAN, .fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    cnsim_network_params p = a.p;
    if (a.has_n_exc)
        p.n_exc = (size_t)a.n_exc;
    if (a.has_n_inh)
        p.n_inh = (size_t)a.n_inh;
    if (a.has_delay_steps)
        p.delay_steps = (unsigned)a.delay_steps;
    if (a.has_seed)
        p.seed = (unsigned long)a.seed;
    if (a.has_threads)
        p.n_threads = a.threads;
    double occupancy = a.occupancy, modulation = a.modulation;
    const char *spikes = a.spikes, *plot = a.plot;
    if (!isnan(modulation) && !isnan(occupancy))
        return cli_bad_input("--gabaa-modulation and --bzd-occupancy: give one of them, not both");
    if (!isnan(modulation))
        p.gabaa_modulation = modulation;
    /* The outputs are opened before the run, so a bad path is reported
     * at once and leaves no other output behind. */
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *f, *spikes_fp = NULL, *plot_fp = NULL;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &f)) ||
        (spikes && (rc = cli_outs_open(&outs, spikes, "--spikes", &spikes_fp))) ||
        (plot && (rc = cli_outs_open_plot(&outs, plot, &plot_fp))))
        return cli_outs_close(&outs, rc);
    double mmax = NAN;
    if (!isnan(occupancy)) {
        cnsim_registry *reg = NULL;
        cnsim_status st = cli_registry_open(NULL, &reg);
        if (st != CNSIM_OK)
            return cli_outs_close(&outs, cli_report(st, "registry"));
        cnsim_pd_system_params sys;
        st = cnsim_registry_pd_system(reg, &sys);
        rc = st == CNSIM_OK ? 0 : cli_report(st, "registry pd_system");
        cnsim_registry_free(reg);
        if (rc)
            return cli_outs_close(&outs, rc);
        mmax = sys.gabaa_mmax;
        p.gabaa_modulation = cnsim_network_modulation_from_occupancy(occupancy, mmax);
    }
    p.is_recording_spikes = spikes || plot;

    cnsim_network *net = NULL;
    cli_progress pg;
    cli_progress_start(&pg, a.quiet, a.progress, "simulated s", 1e-3);
    p.progress = (cnsim_progress){cli_progress_fn, &pg};
    cnsim_status st = cnsim_network_create(&p, &net);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "network"));
    cnsim_network_result r;
    st = cnsim_network_run(net, &r);
    cli_progress_end(&pg);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "network");
        cnsim_network_free(net);
        return cli_outs_close(&outs, rc);
    }
    if (spikes_fp)
        write_spikes(net, spikes_fp);
    if (plot_fp) {
        char title[160];
        snprintf(title, sizeof title, "COBAHH-type network, %zu cells, GABA-A x%.3g, adaptation %.2g",
                 r.n_neurons, p.gabaa_modulation, p.adaptation);
        st = cnsim_network_plot_write_fp(net, plot_fp, plot, title);
        if (st != CNSIM_OK)
            rc = cli_report(st, "--plot");
    }
    cnsim_network_free(net);
    if (rc)
        return cli_outs_close(&outs, rc);

    double w_inh_eff = p.w_inh_nS * p.gabaa_modulation * (1 - p.adaptation);
    if (a.fmt == CLI_FMT_JSON) {
        /* jansson, so that --digits reaches every number (the timings
         * included, which differ between runs anyway) */
        json_t *o = json_object();
        json_object_set_new(o, "model", json_string("cobahh"));
        json_object_set_new(o, "n_neurons", json_integer((json_int_t)r.n_neurons));
        json_object_set_new(o, "n_exc", json_integer((json_int_t)p.n_exc));
        json_object_set_new(o, "n_inh", json_integer((json_int_t)p.n_inh));
        json_object_set_new(o, "n_synapses", json_integer((json_int_t)r.n_synapses));
        json_object_set_new(o, "duration_ms", json_real(p.duration_ms));
        json_object_set_new(o, "dt_ms", json_real(p.dt_ms));
        json_object_set_new(o, "seed", cli_json_u64((uint64_t)p.seed));
        json_object_set_new(o, "threads", json_integer(r.n_threads));
        json_object_set_new(o, "gabaa_modulation", json_real(p.gabaa_modulation));
        json_object_set_new(o, "adaptation", json_real(p.adaptation));
        json_object_set_new(o, "w_inh_effective_nS", json_real(w_inh_eff));
        if (!isnan(occupancy)) {
            json_object_set_new(o, "bzd_occupancy", json_real(occupancy));
            json_object_set_new(o, "gabaa_mmax", json_real(mmax));
        }
        json_object_set_new(o, "total_spikes", json_integer((json_int_t)r.total_spikes));
        json_object_set_new(o, "mean_rate_hz", json_real(r.mean_rate_hz));
        json_object_set_new(o, "rate_exc_hz", json_real(r.rate_exc_hz));
        json_object_set_new(o, "rate_inh_hz", json_real(r.rate_inh_hz));
        json_object_set_new(o, "seizure_like", json_boolean(r.seizure_like));
        json_object_set_new(o, "synchrony", json_real(r.synchrony));
        json_object_set_new(o, "fano_factor", json_real(r.fano_factor));
        json_object_set_new(o, "burst_fraction", json_real(r.burst_fraction));
        json_object_set_new(o, "peak_rate_hz", json_real(r.peak_rate_hz));
        json_object_set_new(o, "wall_s", json_real(r.wall_s));
        json_object_set_new(o, "build_s", json_real(r.build_s));
        json_object_set_new(o, "neuron_steps_per_s", json_real(r.neuron_steps_per_s));
        rc = cli_json_write(o, f, JSON_INDENT(2) | JSON_REAL_PRECISION(10), "network");
        json_decref(o);
    } else if (a.fmt == CLI_FMT_CSV) {
        fputs("n_neurons,n_synapses,gabaa_modulation,adaptation,total_spikes,mean_rate_hz,"
              "rate_exc_hz,rate_inh_hz,seizure_like,synchrony,fano_factor,burst_fraction,"
              "peak_rate_hz,wall_s,build_s,neuron_steps_per_s,threads\n", f);
        fprintf(f, "%zu,%zu,%.6g,%.6g,%zu,%.6f,%.6f,%.6f,%d,%.6f,%.6f,%.6f,%.3f,%.6f,%.6f,%.6g,%d\n",
                r.n_neurons, r.n_synapses, p.gabaa_modulation, p.adaptation, r.total_spikes,
                r.mean_rate_hz, r.rate_exc_hz, r.rate_inh_hz, r.seizure_like, r.synchrony,
                r.fano_factor, r.burst_fraction, r.peak_rate_hz, r.wall_s, r.build_s,
                r.neuron_steps_per_s, r.n_threads);
    } else {
        fprintf(f, "network: %zu cells (%zu excitatory, %zu inhibitory), %zu synapses, %.0f ms at dt %.3g ms, seed %lu\n",
                r.n_neurons, p.n_exc, p.n_inh, r.n_synapses, p.duration_ms, p.dt_ms, p.seed);
        fprintf(f, "GABA-A: modulation x%.3g", p.gabaa_modulation);
        if (!isnan(occupancy))
            fprintf(f, " (occupancy %.3g, Mmax %.3g)", occupancy, mmax);
        fprintf(f, ", adaptation %.3g -> inhibitory increment %.4g nS\n", p.adaptation, w_inh_eff);
        fprintf(f, "spikes: %zu; rate %.2f Hz (excitatory %.2f, inhibitory %.2f)\n",
                r.total_spikes, r.mean_rate_hz, r.rate_exc_hz, r.rate_inh_hz);
        fprintf(f, "seizure-like: %s (synchrony chi %.3f, Fano factor %.2f, burst fraction %.2f, peak rate %.0f Hz)\n",
                r.seizure_like ? "YES" : "no", r.synchrony, r.fano_factor, r.burst_fraction,
                r.peak_rate_hz);
        fprintf(f, "time: build %.3f s, simulation %.3f s on %d thread%s (%.3g neuron-steps/s)\n",
                r.build_s, r.wall_s, r.n_threads, r.n_threads == 1 ? "" : "s", r.neuron_steps_per_s);
    }
    return cli_outs_close(&outs, 0);
}
