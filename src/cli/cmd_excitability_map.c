/* cnsim excitability-map: sweep the effective GABA-A modulation through
 * the network simulator and write the table the patient layer reads. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/excitability.h"

static const char help[] =
    "usage: cnsim excitability-map [--model cobahh | --config NET.json] [--from M] [--to M]\n"
    "                              [--steps N] [--duration DUR] [--seed N] [--threads N]\n"
    "                              [--format csv|json|sql] [--out FILE]\n"
    "\n"
    "Runs the network at N effective GABA-A modulations between --from and --to (default\n"
    "0.2 to 2.0, 10 points; 1 = drug-free baseline, above 1 benzodiazepine-potentiated,\n"
    "below 1 reduced GABA-A function as in withdrawal) and writes, per point, the mean,\n"
    "excitatory and inhibitory firing rates, the synchrony, the burst fraction and the\n"
    "seizure-like flag. `cnsim simulate` reads the built-in map (data/50_excitability_map.sql,\n"
    "made with --format sql) to report network_rate_hz and seizure_susceptibility_index.\n"
    "\n"
    "example:\n"
    "  cnsim excitability-map --from 0.2 --to 2 --steps 10 --duration 1s --out map.csv\n";

int cli_excitability_map(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    cnsim_network_params p = cnsim_network_params_cobahh();
    double from = 0.2, to = 2.0;
    long steps = 10;
    const char *out = NULL, *fmt = "csv";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return cli_bad_input("%s: missing value", a);
        const char *v = argv[++i];
        char *end;
        if (!strcmp(a, "--model")) {
            if (strcmp(v, "cobahh"))
                return cli_bad_input("--model: '%s'; expected cobahh (or --config FILE)", v);
        } else if (!strcmp(a, "--config")) {
            cnsim_status st = cnsim_network_config_load(v, &p);
            if (st != CNSIM_OK)
                return cli_report(st, "--config");
        } else if (!strcmp(a, "--from") || !strcmp(a, "--to")) {
            double x = strtod(v, &end);
            if (end == v || *end || !isfinite(x) || x < 0 || x > 10)
                return cli_bad_input("%s: '%s'; expected a modulation between 0 and 10", a, v);
            *(!strcmp(a, "--from") ? &from : &to) = x;
        } else if (!strcmp(a, "--steps")) {
            steps = strtol(v, &end, 10);
            if (end == v || *end || steps < 2 || steps > 200)
                return cli_bad_input("--steps: '%s'; expected an integer from 2 to 200", v);
        } else if (!strcmp(a, "--duration")) {
            double h;
            cnsim_status st = cnsim_parse_duration_h(v, "--duration", &h);
            if (st != CNSIM_OK && strlen(v) > 1 && v[strlen(v) - 1] == 's' && v[strlen(v) - 2] != 'm') {
                double s = strtod(v, &end);
                if (end != v && !strcmp(end, "s") && s > 0) {
                    h = s / 3600;
                    st = CNSIM_OK;
                }
            } else if (st != CNSIM_OK && strlen(v) > 2 && !strcmp(v + strlen(v) - 2, "ms")) {
                double ms = strtod(v, &end);
                if (end != v && !strcmp(end, "ms") && ms > 0) {
                    h = ms / 3.6e6;
                    st = CNSIM_OK;
                }
            }
            if (st != CNSIM_OK || !(h > 0))
                return cli_bad_input("--duration: '%s'; expected e.g. 1s, 500ms", v);
            p.duration_ms = h * 3.6e6;
        } else if (!strcmp(a, "--seed")) {
            long s = strtol(v, &end, 10);
            if (end == v || *end || s < 0)
                return cli_bad_input("--seed: '%s'; expected an integer >= 0", v);
            p.seed = (unsigned long)s;
        } else if (!strcmp(a, "--threads")) {
            long t = strtol(v, &end, 10);
            if (end == v || *end || t < 0 || t > 256)
                return cli_bad_input("--threads: '%s'; expected 0 (all) to 256", v);
            p.n_threads = (int)t;
        } else if (!strcmp(a, "--format")) {
            if (strcmp(v, "csv") && strcmp(v, "json") && strcmp(v, "sql"))
                return cli_bad_input("--format: '%s'; expected csv, json or sql", v);
            fmt = v;
        } else if (!strcmp(a, "--out"))
            out = v;
        else
            return cli_bad_input("excitability-map: unknown option '%s' (see cnsim excitability-map --help)", a);
    }
    if (!(to > from))
        return cli_bad_input("--to %g must be above --from %g", to, from);
    cnsim_status st = cnsim_network_params_check(&p);
    if (st != CNSIM_OK)
        return cli_report(st, "network");
    double *mods = malloc(steps * sizeof *mods);
    cnsim_excitability_point *pts = malloc(steps * sizeof *pts);
    if (!mods || !pts) {
        free(mods), free(pts);
        return cli_report(CNSIM_E_NOMEM, "excitability-map");
    }
    for (long i = 0; i < steps; i++)
        mods[i] = from + (to - from) * i / (steps - 1);
    st = cnsim_excitability_map_compute(&p, mods, (size_t)steps, pts);
    int rc = 0;
    if (st != CNSIM_OK)
        rc = cli_report(st, "excitability-map");
    cli_out o;
    if (!rc && !(rc = cli_out_open(&o, out))) {
        if (!strcmp(fmt, "json")) {
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
            json_object_set_new(root, "seed", json_integer((json_int_t)p.seed));
            json_object_set_new(root, "points", arr);
            json_dumpf(root, o.fp, JSON_INDENT(2) | JSON_REAL_PRECISION(8));
            fputc('\n', o.fp);
            json_decref(root);
        } else if (!strcmp(fmt, "sql")) {
            fprintf(o.fp, "-- Made by: cnsim excitability-map --from %g --to %g --steps %ld --duration %gms --seed %lu --format sql\n"
                          "-- (COBAHH, %zu neurons; cnsim %s). Regenerate with that command; a test re-runs points.\n"
                          "INSERT INTO excitability_map (model, gabaa_modulation, mean_rate_hz, rate_exc_hz, rate_inh_hz, synchrony, burst_fraction, seizure_like, source) VALUES\n",
                    from, to, steps, p.duration_ms, p.seed, p.n_exc + p.n_inh, cnsim_version());
            for (long i = 0; i < steps; i++)
                fprintf(o.fp, "('cobahh', %.6g, %.6g, %.6g, %.6g, %.6g, %.6g, %d, 'brette2007')%s\n", pts[i].modulation,
                        pts[i].rate_hz, pts[i].rate_exc_hz, pts[i].rate_inh_hz, pts[i].synchrony,
                        pts[i].burst_fraction, pts[i].seizure_like, i + 1 < steps ? "," : ";");
        } else {
            fputs("gabaa_modulation,mean_rate_hz,rate_exc_hz,rate_inh_hz,synchrony,burst_fraction,seizure_like\n", o.fp);
            for (long i = 0; i < steps; i++)
                fprintf(o.fp, "%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%d\n", pts[i].modulation, pts[i].rate_hz,
                        pts[i].rate_exc_hz, pts[i].rate_inh_hz, pts[i].synchrony, pts[i].burst_fraction,
                        pts[i].seizure_like);
        }
        rc = cli_out_close(&o, !ferror(o.fp));
    }
    free(mods), free(pts);
    return rc;
}
