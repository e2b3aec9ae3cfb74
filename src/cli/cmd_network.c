/* cnsim network: E/I networks of Hodgkin-Huxley cells (the COBAHH
 * benchmark built in), GABA-A modulation, seizure-like activity detector. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: cnsim network [--model cobahh] [--config FILE.json] [--duration DUR] [--dt MS]\n"
    "                     [--n-exc N] [--n-inh N] [--p-connect P] [--delay-steps K]\n"
    "                     [--w-exc NS] [--w-inh NS] [--drive NA] [--seed S] [--threads N]\n"
    "                     [--gabaa-modulation F | --bzd-occupancy X] [--adaptation A]\n"
    "                     [--format text|json|csv] [--out FILE] [--spikes FILE.csv]\n"
    "                     [--plot FILE.png]\n"
    "\n"
    "Simulates a network of Traub-Miles Hodgkin-Huxley cells with exponential\n"
    "excitatory and GABA-A (inhibitory) conductances. The default is COBAHH, Benchmark 3\n"
    "of Brette et al. 2007: 3200 excitatory + 800 inhibitory cells, each ordered pair\n"
    "connected with p = 0.02, increments 6 nS / 67 nS, 1 s at dt 0.1 ms. A JSON file\n"
    "(--config, e.g. scenarios/network-small.json) sets any parameter by field name;\n"
    "options given after it override it.\n"
    "\n"
    "GABA-A strength: --gabaa-modulation F multiplies the inhibitory increment\n"
    "(benzodiazepine-like potentiation > 1, disinhibition < 1); --bzd-occupancy X uses\n"
    "F = 1 + (Mmax - 1) X with Mmax from the registry (pd_system gabaa_mmax);\n"
    "--adaptation A scales GABA-A function by (1 - A), the adapted (withdrawal) state.\n"
    "\n"
    "Reports spikes, rates (all, excitatory, inhibitory), the seizure-like activity\n"
    "detector (Golomb synchrony chi, Fano factor, population-burst fraction; see\n"
    "docs/cells.md) and timings (build_s apart from the simulation wall_s).\n"
    "--spikes writes neuron,t_ms pairs; --plot a raster above the population rate.\n"
    "The same seed gives the same spikes for any --threads.\n"
    "\n"
    "examples:\n"
    "  cnsim network --model cobahh --duration 1s --gabaa-modulation 1.5 --seed 1 --format json\n"
    "  cnsim network --gabaa-modulation 0.3 --duration 500ms --plot runaway.png\n"
    "  cnsim network --config scenarios/network-small.json --adaptation 0.4 --spikes spikes.csv\n";

static int parse_num(const char *opt, const char *text, double *out)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || *end || !isfinite(v))
        return cli_bad_input("%s: '%s' is not a number", opt, text);
    *out = v;
    return 0;
}

static int parse_count(const char *opt, const char *text, double max, double *out)
{
    if (parse_num(opt, text, out))
        return CLI_BAD_INPUT;
    if (*out < 0 || *out != floor(*out) || *out > max)
        return cli_bad_input("%s: %s; expected a whole number from 0 to %.0f", opt, text, max);
    return 0;
}

/* "1s", "500ms", "0.5 s" or a bare number of milliseconds. */
static int parse_duration_ms(const char *text, double *out)
{
    char *end = NULL;
    double v = strtod(text, &end);
    if (end == text || !isfinite(v))
        return cli_bad_input("--duration: '%s' is not a duration; expected e.g. 1s or 500ms", text);
    while (*end == ' ')
        end++;
    if (!strcmp(end, "s"))
        v *= 1000;
    else if (*end && strcmp(end, "ms"))
        return cli_bad_input("--duration: '%s': unknown unit '%s'; expected s or ms", text, end);
    if (!(v > 0))
        return cli_bad_input("--duration: '%s'; expected a duration > 0", text);
    *out = v;
    return 0;
}

static int write_spikes(const cnsim_network *net, const char *path)
{
    cli_out o;
    int rc = cli_out_open(&o, path);
    if (rc)
        return rc;
    const uint32_t *id;
    const double *t;
    size_t n = cnsim_network_spikes(net, &id, &t);
    fputs("neuron,t_ms\n", o.fp);
    for (size_t k = 0; k < n; k++)
        fprintf(o.fp, "%u,%.1f\n", id[k], t[k]);
    return cli_out_close(&o, !ferror(o.fp));
}

int cli_network(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    cnsim_network_params p = cnsim_network_params_cobahh();
    cli_format fmt = CLI_FMT_TEXT;
    const char *out = NULL, *spikes = NULL, *plot = NULL;
    double occupancy = NAN, modulation = NAN;
    /* The config file is read first so options override it wherever they are. */
    for (int i = 1; i + 1 < argc; i++)
        if (!strcmp(argv[i], "--config")) {
            cnsim_status st = cnsim_network_config_load(argv[i + 1], &p);
            if (st != CNSIM_OK)
                return cli_report(st, "--config");
        }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (a[0] != '-')
            return cli_bad_input("network: unexpected argument '%s' (see cnsim network --help)", a);
        if (i + 1 >= argc)
            return cli_bad_input("%s: missing value", a);
        const char *v = argv[++i];
        double x = 0;
        int rc = 0;
        if (!strcmp(a, "--config"))
            continue;
        else if (!strcmp(a, "--model")) {
            if (strcmp(v, "cobahh"))
                return cli_bad_input("--model: '%s' is not a network model; expected cobahh", v);
        } else if (!strcmp(a, "--duration"))
            rc = parse_duration_ms(v, &p.duration_ms);
        else if (!strcmp(a, "--dt"))
            rc = parse_num(a, v, &p.dt_ms);
        else if (!strcmp(a, "--n-exc")) {
            if (!(rc = parse_count(a, v, 2e9, &x)))
                p.n_exc = (size_t)x;
        } else if (!strcmp(a, "--n-inh")) {
            if (!(rc = parse_count(a, v, 2e9, &x)))
                p.n_inh = (size_t)x;
        } else if (!strcmp(a, "--p-connect"))
            rc = parse_num(a, v, &p.p_connect);
        else if (!strcmp(a, "--delay-steps")) {
            if (!(rc = parse_count(a, v, 100000, &x)))
                p.delay_steps = (unsigned)x;
        } else if (!strcmp(a, "--w-exc"))
            rc = parse_num(a, v, &p.w_exc_nS);
        else if (!strcmp(a, "--w-inh"))
            rc = parse_num(a, v, &p.w_inh_nS);
        else if (!strcmp(a, "--drive"))
            rc = parse_num(a, v, &p.drive_nA);
        else if (!strcmp(a, "--seed")) {
            if (!(rc = parse_count(a, v, 4294967295.0, &x)))
                p.seed = (unsigned long)x;
        } else if (!strcmp(a, "--threads")) {
            if (!(rc = parse_count(a, v, 1024, &x)))
                p.n_threads = (int)x;
        } else if (!strcmp(a, "--gabaa-modulation")) {
            if (!(rc = parse_num(a, v, &modulation)) && modulation < 0)
                rc = cli_bad_input("--gabaa-modulation: %s is negative; expected a factor >= 0 (1 = unmodulated)", v);
        } else if (!strcmp(a, "--bzd-occupancy")) {
            if (!(rc = parse_num(a, v, &occupancy)) && !(occupancy >= 0 && occupancy <= 1))
                rc = cli_bad_input("--bzd-occupancy: %s; expected a fraction of sites in [0, 1]", v);
        } else if (!strcmp(a, "--adaptation"))
            rc = parse_num(a, v, &p.adaptation);
        else if (!strcmp(a, "--format"))
            rc = cli_parse_format(v, &fmt);
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--spikes"))
            spikes = v;
        else if (!strcmp(a, "--plot"))
            plot = v;
        else
            return cli_bad_input("network: unknown option '%s' (see cnsim network --help)", a);
        if (rc)
            return rc;
    }
    if (!isnan(modulation) && !isnan(occupancy))
        return cli_bad_input("--gabaa-modulation and --bzd-occupancy: give one of them, not both");
    if (!isnan(modulation))
        p.gabaa_modulation = modulation;
    double mmax = NAN;
    if (!isnan(occupancy)) {
        cnsim_registry *reg = NULL;
        cnsim_status st = cnsim_registry_open(NULL, &reg);
        if (st != CNSIM_OK)
            return cli_report(st, "registry");
        cnsim_pd_system_params sys;
        st = cnsim_registry_pd_system(reg, &sys);
        cnsim_registry_free(reg);
        if (st != CNSIM_OK)
            return cli_report(st, "registry pd_system");
        mmax = sys.gabaa_mmax;
        p.gabaa_modulation = cnsim_network_modulation_from_occupancy(occupancy, mmax);
    }
    p.is_recording_spikes = spikes || plot;

    cnsim_network *net = NULL;
    cnsim_status st = cnsim_network_create(&p, &net);
    if (st != CNSIM_OK)
        return cli_report(st, "network");
    cnsim_network_result r;
    st = cnsim_network_run(net, &r);
    if (st != CNSIM_OK) {
        cnsim_network_free(net);
        return cli_report(st, "network");
    }
    int rc = 0;
    if (spikes)
        rc = write_spikes(net, spikes);
    if (!rc && plot) {
        char title[160];
        snprintf(title, sizeof title, "COBAHH-type network, %zu cells, GABA-A x%.3g, adaptation %.2g",
                 r.n_neurons, p.gabaa_modulation, p.adaptation);
        st = cnsim_network_plot_write(net, plot, title);
        if (st != CNSIM_OK)
            rc = cli_report(st, "--plot");
    }
    cnsim_network_free(net);
    if (rc)
        return rc;

    double w_inh_eff = p.w_inh_nS * p.gabaa_modulation * (1 - p.adaptation);
    cli_out o;
    if ((rc = cli_out_open(&o, out)))
        return rc;
    FILE *f = o.fp;
    if (fmt == CLI_FMT_JSON) {
        fprintf(f, "{\n  \"model\": \"cobahh\",\n  \"n_neurons\": %zu,\n  \"n_exc\": %zu,\n"
                   "  \"n_inh\": %zu,\n  \"n_synapses\": %zu,\n  \"duration_ms\": %.17g,\n"
                   "  \"dt_ms\": %.17g,\n  \"seed\": %lu,\n  \"threads\": %d,\n"
                   "  \"gabaa_modulation\": %.17g,\n  \"adaptation\": %.17g,\n"
                   "  \"w_inh_effective_nS\": %.17g,\n",
                r.n_neurons, p.n_exc, p.n_inh, r.n_synapses, p.duration_ms, p.dt_ms, p.seed,
                r.n_threads, p.gabaa_modulation, p.adaptation, w_inh_eff);
        if (!isnan(occupancy))
            fprintf(f, "  \"bzd_occupancy\": %.17g,\n  \"gabaa_mmax\": %.17g,\n", occupancy, mmax);
        fprintf(f, "  \"total_spikes\": %zu,\n  \"mean_rate_hz\": %.6f,\n  \"rate_exc_hz\": %.6f,\n"
                   "  \"rate_inh_hz\": %.6f,\n  \"seizure_like\": %s,\n  \"synchrony\": %.6f,\n"
                   "  \"fano_factor\": %.6f,\n  \"burst_fraction\": %.6f,\n  \"peak_rate_hz\": %.3f,\n"
                   "  \"wall_s\": %.6f,\n  \"build_s\": %.6f,\n  \"neuron_steps_per_s\": %.6g\n}\n",
                r.total_spikes, r.mean_rate_hz, r.rate_exc_hz, r.rate_inh_hz,
                r.seizure_like ? "true" : "false", r.synchrony, r.fano_factor, r.burst_fraction,
                r.peak_rate_hz, r.wall_s, r.build_s, r.neuron_steps_per_s);
    } else if (fmt == CLI_FMT_CSV) {
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
    return cli_out_close(&o, !ferror(f));
}
