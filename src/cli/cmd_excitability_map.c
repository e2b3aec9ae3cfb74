/* cnsim excitability-map: sweep the effective GABA-A modulation through
 * the network simulator and write the table the patient layer reads. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/excitability.h"

typedef struct map_args {
    cnsim_network_params p;
    double from, to;
    unsigned long long steps;
    uint64_t seed;
    int has_seed, threads, has_threads, quiet, progress;
    cli_format fmt;
    const char *out;
} map_args;

static int opt_model(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    if (strcmp(v, "cobahh"))
        return cli_bad_input("%s: '%s' is not a network model; expected cobahh (or --config FILE)", sp, v);
    return 0;
}

static int opt_config(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    cnsim_status st = cnsim_network_config_load(v, &((map_args *)args)->p);
    return st == CNSIM_OK ? 0 : cli_report(st, sp);
}

static int opt_duration(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    double h;
    cnsim_status st = cnsim_parse_duration_h(v, sp, &h);
    if (st != CNSIM_OK)
        return cli_opt_value_error(st);
    if (!(h > 0))
        return cli_bad_input("%s: '%s' is not a simulated time; expected a duration > 0, e.g. 1s or 500ms", sp, v);
    ((map_args *)args)->p.duration_ms = h * 3.6e6;
    return 0;
}

static const cli_opt opts[] = {
    {.name = "--model", .kind = CLI_OPT_CALL, .call = opt_model, .metavar = "cobahh", .eg = "cobahh",
     .help = "the network (COBAHH, Brette et al. 2007, the only built-in one)"},
    {.name = "--config", .kind = CLI_OPT_CALL, .call = opt_config, .metavar = "NET.json", .flags = CLI_OPT_EARLY | CLI_OPT_READS_FILE,
     .help = "network parameters by field name (as for cnsim network); the other options override it"},
    {.name = "--from", .kind = CLI_OPT_NUMBER, .off = offsetof(map_args, from), .lo = 0, .hi = 10, .metavar = "M",
     .help = "lowest GABA-A modulation (default 0.2)"},
    {.name = "--to", .kind = CLI_OPT_NUMBER, .off = offsetof(map_args, to), .lo = 0, .hi = 10, .metavar = "M",
     .help = "highest GABA-A modulation (default 2.0)"},
    {.name = "--steps", .kind = CLI_OPT_WHOLE, .off = offsetof(map_args, steps), .min = 2, .max = 200,
     .metavar = "N", .help = "points from --from to --to (default 19: steps of 0.1 from 0.2 to 2, the built-in map)"},
    {.name = "--duration", .kind = CLI_OPT_CALL, .call = opt_duration, .metavar = "DUR", .eg = "1s",
     .help = "simulated time per point, e.g. 1s or 500ms (default 1s)"},
    {.kind = CLI_OPT_SEED, .off = offsetof(map_args, seed), .given = CLI_AT(map_args, has_seed),
     .help = "seed of connectivity and initial state (default 1)"},
    {.kind = CLI_OPT_THREADS, .off = offsetof(map_args, threads), .given = CLI_AT(map_args, has_threads)},
    {.kind = CLI_OPT_QUIET, .off = offsetof(map_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(map_args, progress)},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(map_args, fmt),
     .help = "csv (default), json, or sql (rows for data/50_excitability_map.sql)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(map_args, out)},
};

static const cli_cmd cmd = {
    .name = "excitability-map",
    .usage = "[--model cobahh | --config NET.json] [--from M] [--to M]\n"
             "                              [--steps N] [--duration DUR] [--seed N] [--threads N]\n"
             "                              [--format csv|json|sql] [--out FILE]\n",
    .about =
        "Runs the network at N effective GABA-A modulations between --from and --to (default\n"
        "0.2 to 2.0, 19 points; 1 = drug-free baseline, above 1 benzodiazepine-potentiated,\n"
        "below 1 reduced GABA-A function as in withdrawal) and writes, per point, the mean,\n"
        "excitatory and inhibitory firing rates, the synchrony, the burst fraction and the\n"
        "seizure-like flag. `cnsim simulate` reads the built-in map (data/50_excitability_map.sql,\n"
        "made with these defaults and --format sql) to report network_rate_hz and\n"
        "seizure_susceptibility_index.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim excitability-map --from 0.2 --to 2 --steps 4 --duration 200ms --out map.csv\n"
                "  cnsim excitability-map --steps 2 --duration 100ms --format json\n",
    .formats = CLI_FMT_BIT(CLI_FMT_CSV) | CLI_FMT_BIT(CLI_FMT_JSON) | CLI_FMT_BIT(CLI_FMT_SQL),
};

int cli_excitability_map(int argc, char **argv)
{
    map_args a = {.p = cnsim_network_params_cobahh(), .from = 0.2, .to = 2.0, .steps = 19, .fmt = CLI_FMT_CSV};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    cnsim_network_params p = a.p;
    if (a.has_seed)
        p.seed = (unsigned long)a.seed;
    if (a.has_threads)
        p.n_threads = a.threads;
    double from = a.from, to = a.to;
    long steps = (long)a.steps;
    if (!(to > from))
        return cli_bad_input("--to %g must be above --from %g", to, from);
    cnsim_status st = cnsim_network_params_check(&p);
    if (st != CNSIM_OK)
        return cli_report(st, "network");
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)))
        return cli_outs_close(&outs, rc);
    double *mods = malloc(steps * sizeof *mods);
    cnsim_excitability_point *pts = malloc(steps * sizeof *pts);
    if (!mods || !pts) {
        free(mods), free(pts);
        return cli_outs_close(&outs, cli_fail("excitability-map: out of memory for %ld points", steps));
    }
    for (long i = 0; i < steps; i++)
        mods[i] = from + (to - from) * i / (steps - 1);
    cli_progress pg;
    cli_progress_start(&pg, a.quiet, a.progress, "simulated s", 1e-3);
    p.progress = (cnsim_progress){cli_progress_fn, &pg};
    st = cnsim_excitability_map_compute(&p, mods, (size_t)steps, pts);
    cli_progress_end(&pg);
    if (st != CNSIM_OK)
        rc = cli_report(st, "excitability-map");
    else
        rc = 0;
    if (!rc) {
        if (a.fmt == CLI_FMT_JSON) {
            json_t *arr = json_array();
            for (long i = 0; i < steps; i++) {
                json_t *e = json_object();
                json_object_set_new(e, "gabaa_modulation", json_real(pts[i].modulation));
                json_object_set_new(e, "mean_rate_hz", json_real(pts[i].rate_hz));
                json_object_set_new(e, "rate_exc_hz", json_real(pts[i].rate_exc_hz));
                json_object_set_new(e, "rate_inh_hz", json_real(pts[i].rate_inh_hz));
                json_object_set_new(e, "synchrony", json_real(pts[i].synchrony));
                json_object_set_new(e, "burst_fraction", json_real(pts[i].burst_fraction));
                json_object_set_new(e, "seizure_like", json_boolean(pts[i].seizure_like));
                json_array_append_new(arr, e);
            }
            json_t *root = json_object();
            json_object_set_new(root, "model", json_string("cobahh"));
            json_object_set_new(root, "n_neurons", json_integer((json_int_t)(p.n_exc + p.n_inh)));
            json_object_set_new(root, "duration_ms", json_real(p.duration_ms));
            json_object_set_new(root, "seed", cli_json_u64(p.seed));
            json_object_set_new(root, "points", arr);
            rc = cli_json_write(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(8), "excitability-map");
            json_decref(root);
        } else if (a.fmt == CLI_FMT_SQL) {
            fprintf(out, "-- Made by: cnsim excitability-map --from %g --to %g --steps %ld --duration %gms --seed %lu --format sql\n"
                          "-- (COBAHH, %zu neurons; cnsim %s). Regenerate with that command; a test re-runs points.\n"
                          "INSERT INTO excitability_map (model, gabaa_modulation, mean_rate_hz, rate_exc_hz, rate_inh_hz, synchrony, burst_fraction, seizure_like, source) VALUES\n",
                    from, to, steps, p.duration_ms, p.seed, p.n_exc + p.n_inh, cnsim_version());
            for (long i = 0; i < steps; i++)
                fprintf(out, "('cobahh', %.6g, %.6g, %.6g, %.6g, %.6g, %.6g, %d, 'brette2007')%s\n", pts[i].modulation,
                        pts[i].rate_hz, pts[i].rate_exc_hz, pts[i].rate_inh_hz, pts[i].synchrony,
                        pts[i].burst_fraction, pts[i].seizure_like, i + 1 < steps ? "," : ";");
        } else {
            fputs("gabaa_modulation,mean_rate_hz,rate_exc_hz,rate_inh_hz,synchrony,burst_fraction,seizure_like\n", out);
            for (long i = 0; i < steps; i++)
                fprintf(out, "%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d\n", pts[i].modulation, pts[i].rate_hz,
                        pts[i].rate_exc_hz, pts[i].rate_inh_hz, pts[i].synchrony, pts[i].burst_fraction,
                        pts[i].seizure_like);
        }
    }
    free(mods), free(pts);
    return cli_outs_close(&outs, rc);
}
