/* cnsim population: a virtual population through one model, summarised as
 * bands (mean and 5th/50th/95th percentiles per time point and output) and
 * per-subject metrics; optionally every subject's outputs. Threads with
 * OpenMP, processes with MPI (mpirun -n K cnsim population ...). */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <omp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "pop_mpi.h"

typedef struct pop_args {
    size_t n;
    uint64_t seed;
    int has_n, has_seed, threads, per_subject, quiet, progress;
    cli_format fmt;
    const char *subjects, *out, *plot, *metrics_out;
} pop_args;

static const cli_opt opts[] = {
    {.kind = CLI_OPT_COUNT, .off = offsetof(pop_args, n), .max = 1ULL << 31, .given = CLI_AT(pop_args, has_n),
     .help = "subjects (1 to 2^31; default 1000, or the scenario's \"n\")"},
    {.kind = CLI_OPT_SEED, .off = offsetof(pop_args, seed), .given = CLI_AT(pop_args, has_seed),
     .help = "random seed (default 1, or the scenario's); subject ID k (1..N) uses a stream seeded from "
             "(seed, k - 1) only: "
             "any --threads and any number of MPI ranks give bit-identical output"},
    {.kind = CLI_OPT_THREADS, .off = offsetof(pop_args, threads),
     .help = "OpenMP threads (0 to 4096; default 0 = every core not busy with other work)"},
    {.name = "--subjects", .kind = CLI_OPT_STRING, .off = offsetof(pop_args, subjects), .metavar = "FILE",
     .eg = "subjects.csv",
     .help = "CSV of subjects: columns named after parameters (individual values) or covariates; row k is "
             "subject k", .flags = CLI_OPT_READS_FILE},
    {.name = "--per-subject", .kind = CLI_OPT_FLAG, .off = offsetof(pop_args, per_subject),
     .help = "CSV: every subject's outputs (id,time_h,...; IDs 1 to N) instead of the bands"},
    {.name = "--metrics-out", .kind = CLI_OPT_PATH, .off = offsetof(pop_args, metrics_out), .metavar = "FILE",
     .help = "CSV of every subject's parameters and metrics (- = standard output)"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(pop_args, fmt),
     .help = "text (summary, default), csv (bands, or --per-subject), json or html (a self-contained report: inputs, warnings with sources, tables, figure, manifest)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(pop_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(pop_args, plot), .help = "bands figure (.png, .svg, .pdf)"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(pop_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(pop_args, progress)},
};

static const cli_cmd cmd = {
    .name = "population",
    .usage = "SCENARIO [--n N] [--seed S] [--threads T]\n"
             "                        [--subjects FILE] [--per-subject] [--metrics-out FILE]\n"
             "                        [--format text|csv|json] [--out FILE] [--plot FILE] [--quiet]\n"
             "       mpirun -n K cnsim population SCENARIO ...\n",
    .about =
        "Runs N virtual subjects (default 1000, or the scenario's \"n\") through the scenario's model\n"
        "and reports, per output and time point, the mean and the 5th, 50th and 95th percentiles\n"
        "(bounded memory: a log-linear histogram, relative error <= 0.4%), and per-subject metrics\n"
        "(Cmax, AUC, peak withdrawal index, weeks to response, ...) summarised the same way.\n"
        "\n"
        "SCENARIO is a JSON file, or the name of one in scenarios/ (e.g. bench-p1). Models:\n"
        "  effect-tolerance  one-compartment oral PK, effect site, tolerance moderator (workload P1)\n"
        "  drug-chain        registry drugs through PK, receptor, adaptation, withdrawal and, for an\n"
        "                    SSRI, the HAM-D course; published variability by default\n"
        "Variability in NONMEM terms: THETA (typical values), OMEGA (ETA covariance, full matrix),\n"
        "covariates (age, weight, sex, hepatic, cyp2c19, cyp2d6; drawn or from a CSV), SIGMA\n"
        "(residual error: <output>_dv columns). Format: docs/population.md.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .notes = "A subject that fails is reported with its id and reason; the others complete. Runs whose\n"
             "memory estimate exceeds the machine's are refused with the estimate.\n",
    .examples = "  cnsim population bench-p1 --n 200 --seed 7\n"
                "  cnsim population bench-p1 --n 100 --threads 0 --format csv --out bands.csv --plot bands.png\n"
                "  cnsim population bench-p1 --n 5 --per-subject --format csv --out subjects.csv "
                "--metrics-out metrics.csv\n",
    .formats = CLI_FMTS_TCJ | CLI_FMT_BIT(CLI_FMT_HTML),
    .max_pos = 1,
    .pos_metavar = "SCENARIO",
    .pos_files = 1,
};

static const char disclaimer[] = "cnsim is a research and teaching simulator, not medical advice.";

/* SCENARIO as a path, or NAME -> scenarios/NAME.json next to the working
 * folder, the executable (build/../scenarios) or the installed data. */
static int resolve_scenario(const char *arg, const char *argv0, char *out, size_t n)
{
    struct stat sb;
    if (stat(arg, &sb) == 0 && S_ISREG(sb.st_mode)) {
        snprintf(out, n, "%s", arg);
        return 0;
    }
    if (strchr(arg, '/'))
        return -1;
    char exe[PATH_MAX] = "";
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = 0;
    } else if (argv0 && strchr(argv0, '/')) {
        snprintf(exe, sizeof exe, "%s", argv0);
        *strrchr(exe, '/') = 0;
    }
    const char *src = getenv("CNSIM_SOURCE_DIR");
    const char *ext = strstr(arg, ".json") ? "" : ".json";
    if (strlen(arg) > 1024)
        return -1;
    char cand[6][2 * PATH_MAX + 1100];
    int nc = 0;
    snprintf(cand[nc++], sizeof cand[0], "%s%s", arg, ext);
    snprintf(cand[nc++], sizeof cand[0], "scenarios/%s%s", arg, ext);
    if (*exe) {
        snprintf(cand[nc++], sizeof cand[0], "%s/../scenarios/%s%s", exe, arg, ext);
        snprintf(cand[nc++], sizeof cand[0], "%s/../share/cnsim/scenarios/%s%s", exe, arg, ext);
    }
    if (src)
        snprintf(cand[nc++], sizeof cand[0], "%s/scenarios/%s%s", src, arg, ext);
    for (int i = 0; i < nc; i++)
        if (stat(cand[i], &sb) == 0 && S_ISREG(sb.st_mode) && strlen(cand[i]) < n) {
            memcpy(out, cand[i], strlen(cand[i]) + 1);
            return 0;
        }
    return -1;
}

/* The population's progress callback counts subjects. */
static void pop_progress(void *ctx, size_t done, size_t total) { cli_progress_fn(ctx, (double)done, (double)total); }

static void num(FILE *f, double x)
{
    if (isnan(x))
        fputs("NA", f);
    else if (isinf(x))
        fputs(x > 0 ? "Inf" : "-Inf", f);
    else
        fprintf(f, "%.*g", cli_digits() ? cli_digits() : 10, x);
}

static json_t *jnum(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

static void write_bands_csv(FILE *f, const cnsim_pop_spec *s, const cnsim_pop_result *r)
{
    size_t no = cnsim_pop_spec_n_outputs(s), nt = cnsim_pop_spec_n_times(s);
    const double *t = cnsim_pop_spec_times(s);
    fputs("time_h", f);
    for (size_t k = 0; k < no; k++) {
        const char *n = cnsim_pop_spec_output_name(s, k);
        fprintf(f, ",%s_mean,%s_p5,%s_p50,%s_p95", n, n, n, n);
    }
    fputc('\n', f);
    for (size_t i = 0; i < nt; i++) {
        num(f, t[i]);
        for (size_t k = 0; k < no; k++) {
            cnsim_pop_band b = cnsim_pop_result_band(r, k, i);
            fputc(',', f), num(f, b.mean), fputc(',', f), num(f, b.p5);
            fputc(',', f), num(f, b.p50), fputc(',', f), num(f, b.p95);
        }
        fputc('\n', f);
    }
}

/* Subject ids in every output are 1-based, as NONMEM data sets number
 * them and as `cnsim simulate` does: ID k is the library's subject index
 * k - 1, whose random stream is seeded from (seed, k - 1), and row k of a
 * subjects file (docs/population.md). */
static size_t subject_id(size_t index) { return index + 1; }

static void write_subjects_csv(FILE *f, const cnsim_pop_spec *s, const cnsim_pop_result *r, size_t n)
{
    size_t no = cnsim_pop_spec_n_outputs(s), nt = cnsim_pop_spec_n_times(s);
    const double *t = cnsim_pop_spec_times(s);
    fputs("id,time_h", f);
    for (size_t k = 0; k < no; k++)
        fprintf(f, ",%s", cnsim_pop_spec_output_name(s, k));
    fputc('\n', f);
    for (size_t id = 0; id < n; id++) {
        const double *v = cnsim_pop_result_subject(r, id);
        if (!v)
            continue;
        for (size_t i = 0; i < nt; i++) {
            fprintf(f, "%zu,", subject_id(id));
            num(f, t[i]);
            for (size_t k = 0; k < no; k++)
                fputc(',', f), num(f, v[i * no + k]);
            fputc('\n', f);
        }
    }
}

static void write_metrics_csv(FILE *f, const cnsim_pop_spec *s, const cnsim_pop_result *r, size_t n)
{
    size_t np = cnsim_pop_spec_n_params(s), nm = cnsim_pop_spec_n_metrics(s);
    fputs("id", f);
    for (size_t k = 0; k < np; k++)
        fprintf(f, ",%s", cnsim_pop_spec_param_name(s, k));
    for (size_t k = 0; k < nm; k++)
        fprintf(f, ",%s", cnsim_pop_spec_metric_name(s, k));
    fputc('\n', f);
    for (size_t id = 0; id < n; id++) {
        const double *p = cnsim_pop_result_subject_params(r, id), *m = cnsim_pop_result_subject_metrics(r, id);
        if (!p || !m)
            continue;
        fprintf(f, "%zu", subject_id(id));
        for (size_t k = 0; k < np; k++)
            fputc(',', f), num(f, p[k]);
        for (size_t k = 0; k < nm; k++)
            fputc(',', f), num(f, m[k]);
        fputc('\n', f);
    }
}

/* The JSON builders return NULL when jansson runs out of memory: every
 * constructor's result and every insertion is checked (an insertion of
 * NULL fails and counts), so a document is complete or not written. */
static json_t *done_or_null(json_t *j, int ok)
{
    if (ok)
        return j;
    json_decref(j);
    return NULL;
}

static json_t *bands_json(const cnsim_pop_spec *s, const cnsim_pop_result *r)
{
    json_t *b = json_object();
    int ok = b != NULL;
    size_t no = cnsim_pop_spec_n_outputs(s), nt = cnsim_pop_spec_n_times(s);
    for (size_t k = 0; ok && k < no; k++) {
        json_t *mean = json_array(), *p5 = json_array(), *p50 = json_array(), *p95 = json_array();
        for (size_t i = 0; ok && i < nt; i++) {
            cnsim_pop_band x = cnsim_pop_result_band(r, k, i);
            ok &= !json_array_append_new(mean, jnum(x.mean)) & !json_array_append_new(p5, jnum(x.p5)) &
                  !json_array_append_new(p50, jnum(x.p50)) & !json_array_append_new(p95, jnum(x.p95));
        }
        if (ok)
            ok &= !json_object_set_new(b, cnsim_pop_spec_output_name(s, k),
                                       json_pack("{s:o,s:o,s:o,s:o}", "mean", mean, "p5", p5, "p50", p50, "p95", p95));
        else
            json_decref(mean), json_decref(p5), json_decref(p50), json_decref(p95);
    }
    return done_or_null(b, ok);
}

static json_t *metrics_json(const cnsim_pop_spec *s, const cnsim_pop_result *r)
{
    json_t *m = json_object();
    int ok = m != NULL;
    for (size_t k = 0; ok && k < cnsim_pop_spec_n_metrics(s); k++) {
        cnsim_pop_band x = cnsim_pop_result_metric(r, k);
        ok &= !json_object_set_new(m, cnsim_pop_spec_metric_name(s, k),
                                   json_pack("{s:o,s:o,s:o,s:o}", "mean", jnum(x.mean), "p5", jnum(x.p5), "p50",
                                             jnum(x.p50), "p95", jnum(x.p95)));
    }
    return done_or_null(m, ok);
}

static json_t *params_json(const cnsim_pop_spec *s)
{
    json_t *a = json_array();
    int ok = a != NULL;
    size_t np = cnsim_pop_spec_n_params(s);
    for (size_t k = 0; ok && k < np; k++) {
        double w2 = cnsim_pop_spec_omega(s, k, k);
        const char *src = cnsim_pop_spec_omega_source(s, k);
        ok &= !json_array_append_new(a, json_pack("{s:s,s:o,s:o,s:o,s:s?}", "name", cnsim_pop_spec_param_name(s, k),
                                                  "theta", jnum(cnsim_pop_spec_theta(s, k)), "omega", jnum(w2), "cv",
                                                  jnum(sqrt(exp(w2) - 1)), "omega_source", *src ? src : NULL));
    }
    return done_or_null(a, ok);
}

/* Axis text for an output column: a label with its unit (the known
 * outputs of both models by name, the others by their unit suffix) and
 * the same without the unit, for the panel title. */
static void output_label(const char *col, char *label, size_t n, char *what, size_t n_what)
{
    static const struct { const char *col, *what, *unit; } known[] = {
        {"c_ng_mL", "plasma concentration", "ng/mL"},
        {"ce_ng_mL", "effect-site concentration", "ng/mL"},
        {"effect", "effect E", "fraction of EMAX"},
        {"tolerance", "tolerance M", "fraction of EMAX"},
        {"net_effect", "net effect E - M", "fraction of EMAX"},
        {"gabaa_bzd_occupancy_frac", "BZD-site occupancy", "fraction"},
        {"sert_occupancy_frac", "SERT occupancy", "fraction"},
        {"gabaa_effective_modulation", "effective GABA-A modulation", "x drug-free"},
        {"hamd_score", "HAM-D score", "points"},
    };
    static const struct { const char *suffix, *what, *unit; } units[] = {
        {"_ng_mL", " plasma concentration", "ng/mL"}, {"_index", " index", "0-1"},
        {"_frac", "", "fraction"},                    {"_hz", "", "Hz"},
        {"_h", "", "h"},                              {"_mg", "", "mg"},
    };
    char stem[128];
    snprintf(stem, sizeof stem, "%s", col);
    size_t len = strlen(stem);
    int is_dv = len > 3 && !strcmp(stem + len - 3, "_dv");
    if (is_dv)
        stem[len -= 3] = '\0';
    const char *w = NULL, *unit = NULL;
    char buf[160];
    for (size_t i = 0; i < sizeof known / sizeof known[0] && !w; i++)
        if (!strcmp(stem, known[i].col))
            w = known[i].what, unit = known[i].unit;
    for (size_t i = 0; i < sizeof units / sizeof units[0] && !w; i++) {
        size_t ls = strlen(units[i].suffix);
        if (len > ls && !strcmp(stem + len - ls, units[i].suffix)) {
            snprintf(buf, sizeof buf, "%.*s%s", (int)(len - ls), stem, units[i].what);
            w = buf, unit = units[i].unit;
        }
    }
    if (!w)
        w = stem;
    char text[200];
    snprintf(text, sizeof text, "%s%s", w, is_dv ? ", observed (residual error)" : "");
    for (char *c = text; *c; c++)
        if (*c == '_')
            *c = ' ';
    snprintf(what, n_what, "%s", text);
    if (unit)
        snprintf(label, n, "%.150s (%.40s)", text, unit);
    else
        snprintf(label, n, "%s", text);
}

static int plot_bands(FILE *fp, const char *path, const cnsim_pop_spec *s, const cnsim_pop_result *r, size_t n)
{
    /* Per output (the first four): the median as a line over the band
     * from the 5th to the 95th percentile, y axis with its unit. */
    size_t no = cnsim_pop_spec_n_outputs(s), nt = cnsim_pop_spec_n_times(s);
    size_t np = no < 4 ? no : 4;
    const double *t = cnsim_pop_spec_times(s);
    double *y = malloc(np * 3 * nt * sizeof *y);
    cnsim_plot_series *ser = calloc(np, sizeof *ser);
    const char **titles = calloc(np, sizeof *titles), **ylabels = calloc(np, sizeof *ylabels);
    char (*text)[2][200] = calloc(np, sizeof *text);
    if (!y || !ser || !titles || !ylabels || !text) {
        free(y), free(ser), free(titles), free(ylabels), free(text);
        return cli_fail("--plot: out of memory");
    }
    for (size_t k = 0; k < np; k++) {
        const char *col = cnsim_pop_spec_output_name(s, k);
        char what[200];
        output_label(col, text[k][0], sizeof text[k][0], what, sizeof what);
        snprintf(text[k][1], sizeof text[k][1], "%.120s (%.64s)", what, col);
        ylabels[k] = text[k][0], titles[k] = text[k][1];
        double *p50 = y + k * 3 * nt, *p5 = p50 + nt, *p95 = p5 + nt;
        for (size_t i = 0; i < nt; i++) {
            cnsim_pop_band b = cnsim_pop_result_band(r, k, i);
            p50[i] = b.p50, p5[i] = b.p5, p95[i] = b.p95;
        }
        ser[k] = (cnsim_plot_series){.label = "median", .t_h = t, .y = p50, .n = nt, .panel = (int)k,
                                     .color = (int)k, .band_lo = p5, .band_hi = p95,
                                     .band_label = "5th-95th percentile"};
    }
    char title[200], foot[200];
    snprintf(title, sizeof title, "%s: %zu virtual subjects", cnsim_pop_spec_name(s), n);
    snprintf(foot, sizeof foot, "Line: median; band: 5th to 95th percentile over the subjects at each time. %s",
             disclaimer);
    cnsim_plot_spec ps = {0};
    ps.title = title, ps.n_panels = np, ps.panel_titles = titles;
    ps.panel_y_labels = ylabels, ps.series = ser, ps.n_series = np, ps.footnote = foot;
    cnsim_status st = cnsim_plot_write_fp(fp, path, &ps);
    free(y), free(ser), free(titles), free(ylabels), free(text);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

static void text_summary(FILE *f, const cnsim_pop_spec *s, const cnsim_pop_result *r, size_t n,
                         unsigned long seed, int threads, int ranks, double wall)
{
    fprintf(f, "%s\n\n", disclaimer);
    fprintf(f, "%s (%s model): %zu subjects, seed %lu, %d thread%s x %d rank%s, %.3f s (%.0f subjects/s)\n",
            cnsim_pop_spec_name(s), cnsim_pop_spec_model(s), n, seed, threads, threads == 1 ? "" : "s", ranks,
            ranks == 1 ? "" : "s", wall, wall > 0 ? n / wall : 0);
    fprintf(f, "completed %zu, failed %zu\n\n", cnsim_pop_result_n_done(r), cnsim_pop_result_n_failed(r));
    fprintf(f, "%-28s %12s %10s %8s  %s\n", "parameter", "THETA", "OMEGA", "CV%", "source of OMEGA");
    for (size_t k = 0; k < cnsim_pop_spec_n_params(s); k++) {
        double w2 = cnsim_pop_spec_omega(s, k, k);
        fprintf(f, "%-28s %12.5g %10.4g %8.1f  %s\n", cnsim_pop_spec_param_name(s, k), cnsim_pop_spec_theta(s, k),
                w2, 100 * sqrt(exp(w2) - 1), cnsim_pop_spec_omega_source(s, k));
    }
    fprintf(f, "\n%-34s %12s %12s %12s %12s\n", "metric (over subjects)", "mean", "p5", "p50", "p95");
    for (size_t k = 0; k < cnsim_pop_spec_n_metrics(s); k++) {
        cnsim_pop_band b = cnsim_pop_result_metric(r, k);
        fprintf(f, "%-34s %12.5g %12.5g %12.5g %12.5g\n", cnsim_pop_spec_metric_name(s, k), b.mean, b.p5, b.p50, b.p95);
    }
    size_t nt = cnsim_pop_spec_n_times(s), no = cnsim_pop_spec_n_outputs(s);
    const double *t = cnsim_pop_spec_times(s);
    size_t every = nt > 12 ? (nt - 1) / 12 : 1;
    size_t show = no < 3 ? no : 3;
    fprintf(f, "\nbands (median [5th, 95th percentile]; all outputs: --format csv)\n%10s", "time_h");
    for (size_t k = 0; k < show; k++)
        fprintf(f, "  %30s", cnsim_pop_spec_output_name(s, k));
    fputc('\n', f);
    for (size_t i = 0; i < nt; i += every) {
        fprintf(f, "%10g", t[i]);
        for (size_t k = 0; k < show; k++) {
            cnsim_pop_band b = cnsim_pop_result_band(r, k, i);
            char cell[64];
            snprintf(cell, sizeof cell, "%.4g [%.4g, %.4g]", b.p50, b.p5, b.p95);
            fprintf(f, "  %30s", cell);
        }
        fputc('\n', f);
    }
    size_t nf = cnsim_pop_result_n_failed(r);
    if (nf) {
        fprintf(f, "\nfailed subjects:\n");
        for (size_t k = 0; k < nf && k < 20; k++) {
            size_t id;
            const char *why;
            cnsim_pop_result_failure(r, k, &id, &why);
            fprintf(f, "  ID %zu: %s\n", subject_id(id), why);
        }
        if (nf > 20)
            fprintf(f, "  ... and %zu more (all: --format json)\n", nf - 20);
    }
}

int cli_population(int argc, char **argv)
{
    pop_args a = {.fmt = CLI_FMT_TEXT};
    const char *scen = NULL;
    int n_pos = 0;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, &scen, &n_pos);
    if (rc != CLI_PARSED)
        return rc;
    rc = 0;
    int rank, size;
    cli_mpi_init(&argc, &argv, &rank, &size);
    const char *subjects = a.subjects, *plot = a.plot, *metrics_out = a.metrics_out;
    int per_subject = a.per_subject;
    cli_format fmt = a.fmt;
    if (!scen)
        rc = cli_bad_input("population: a scenario is required, e.g. cnsim population scenarios/bench-p1.json");
    if (!rc && per_subject && fmt != CLI_FMT_CSV)
        rc = cli_bad_input("population: --per-subject writes CSV; add --format csv");
    char path[PATH_MAX + 64];
    if (!rc && resolve_scenario(scen, argv[0], path, sizeof path))
        rc = cli_bad_input("population: scenario '%s' not found (a JSON file, or a name in scenarios/ such as bench-p1)",
                           scen);
    cnsim_registry *reg = NULL;
    cnsim_pop_spec *spec = NULL;
    cnsim_status st;
    if (!rc && (st = cli_registry_open(NULL, &reg)) != CNSIM_OK)
        rc = cli_report(st, "registry");
    if (!rc && (st = cnsim_pop_spec_read(path, reg, &spec)) != CNSIM_OK)
        rc = cli_report(st, "population");
    if (!rc && subjects && (st = cnsim_pop_spec_set_subjects_csv(spec, subjects)) != CNSIM_OK)
        rc = cli_report(st, "--subjects");
    cnsim_pop_opts o = cnsim_pop_opts_default();
    if (!rc) {
        long dn = cnsim_pop_spec_default_n(spec), ds = cnsim_pop_spec_default_seed(spec);
        size_t rows = cnsim_pop_spec_n_subject_rows(spec);
        /* a subjects file given here sets N unless --n does */
        o.n = a.has_n ? a.n : subjects ? rows : dn > 0 ? (size_t)dn : rows ? rows : 1000;
        o.seed = a.has_seed ? (unsigned long)a.seed : ds >= 0 ? (unsigned long)ds : 1;
        o.threads = a.threads;
        o.keep_subjects = per_subject;
        o.skip_summaries = per_subject;   /* the per-subject CSV has no bands */
        o.keep_metrics = metrics_out != NULL;
        if (rows && o.n > rows)
            rc = cli_bad_input("population: --n %zu but the subjects file has %zu rows", o.n, rows);
    }
    if (!rc) {
        /* this rank's block of subjects */
        o.first = o.n * (size_t)rank / (size_t)size;
        size_t end = o.n * (size_t)(rank + 1) / (size_t)size;
        o.count = end - o.first;   /* 0: more ranks than subjects; this one idles */
    }
    if (!rc) {
        double need = cnsim_pop_memory_estimate(spec, &o), have = (double)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE);
        if (per_subject && size > 1)   /* rank 0 gathers every subject */
            need += (double)o.n * cnsim_pop_spec_n_times(spec) * cnsim_pop_spec_n_outputs(spec) * sizeof(double);
        if (have > 0 && need > 0.8 * have)
            rc = cli_bad_input("population: this run needs about %.1f GB of memory (%s); the machine has %.1f GB. "
                               "Drop --per-subject/--metrics-out, lower --n, or use more MPI ranks on more machines",
                               need / 1e9, per_subject ? "every subject's outputs are kept" : "summaries per thread",
                               have / 1e9);
    }
    /* Rank 0 writes every output, and opens them all before the run: a
     * bad path, a bad picture extension or a file named twice is found
     * before the work, and the other ranks stop with it. */
    cli_outs files;
    cli_outs_init(&files);
    FILE *out_fp = NULL, *metrics_fp = NULL, *plot_fp = NULL;
    if (!rc && rank == 0) {
        if (!(rc = cli_outs_open(&files, a.out, "--out", &out_fp)) && metrics_out)
            rc = cli_outs_open(&files, metrics_out, "--metrics-out", &metrics_fp);
        if (!rc && plot)
            rc = cli_outs_open_plot(&files, plot, &plot_fp);
    }
    rc = cli_mpi_share_rc(rank, size, rc);
    int nthr = o.threads > 0 ? o.threads : omp_get_max_threads();
    cli_progress pg;
    cli_progress_start(&pg, a.quiet || rank != 0, a.progress, "subjects", 1);
    o.progress = pop_progress, o.progress_ctx = &pg;
    /* Every rank stops if any rank failed a check (no rank waits for
     * another that has left). */
    rc = cli_mpi_agree(rc);
    cnsim_pop_result *r = NULL;
    double t0 = omp_get_wtime();
    st = CNSIM_OK;
    if (!rc && (o.count > 0 || size == 1))
        st = cnsim_pop_run(spec, reg, &o, &r);
    cli_progress_end(&pg);
    if (!rc && size > 1)
        st = cli_mpi_gather(spec, rank, size, st, &r);
    else if (!rc && st != CNSIM_OK)
        rc = cli_report(st, "population");
    if (!rc && st != CNSIM_OK)
        rc = size > 1 && rank == 0 ? (st == CNSIM_E_NOMEM || st == CNSIM_E_SOLVER ? CLI_FAIL : CLI_BAD_INPUT)
                                   : cli_report(st, "population");
    double wall = omp_get_wtime() - t0;
    if (!rc && rank == 0) {
        FILE *oo = out_fp;
        {
            if (fmt == CLI_FMT_CSV) {
                if (per_subject)
                    write_subjects_csv(oo, spec, r, o.n);
                else
                    write_bands_csv(oo, spec, r);
            } else if (fmt == CLI_FMT_JSON) {
                json_t *fails = json_array();
                int ok = fails != NULL;
                for (size_t k = 0; ok && k < cnsim_pop_result_n_failed(r); k++) {
                    size_t id;
                    const char *why;
                    cnsim_pop_result_failure(r, k, &id, &why);
                    ok &= !json_array_append_new(fails, json_pack("{s:I,s:s}", "id", (json_int_t)subject_id(id), "reason", why));
                }
                json_t *times = json_array();
                ok &= times != NULL;
                for (size_t i = 0; ok && i < cnsim_pop_spec_n_times(spec); i++)
                    ok &= !json_array_append_new(times, json_real(cnsim_pop_spec_times(spec)[i]));
                json_t *outs = json_array();
                ok &= outs != NULL;
                for (size_t k = 0; ok && k < cnsim_pop_spec_n_outputs(spec); k++)
                    ok &= !json_array_append_new(outs, json_string(cnsim_pop_spec_output_name(spec, k)));
                if (!ok)   /* json_pack refuses the NULLs and releases the rest */
                    json_decref(fails), json_decref(times), json_decref(outs), fails = times = outs = NULL;
                json_t *root = json_pack(
                    "{s:s,s:s,s:s,s:I,s:o,s:I,s:I,s:o,s:o,s:o,s:o,s:o,s:o,s:s,s:{s:f,s:f,s:i,s:i}}", "disclaimer",
                    disclaimer, "scenario", cnsim_pop_spec_name(spec), "model", cnsim_pop_spec_model(spec), "n",
                    (json_int_t)o.n, "seed", cli_json_u64(o.seed), "n_completed", (json_int_t)cnsim_pop_result_n_done(r),
                    "n_failed", (json_int_t)cnsim_pop_result_n_failed(r), "parameters", params_json(spec), "outputs",
                    outs, "time_h", times, "bands", bands_json(spec, r), "metrics", metrics_json(spec, r), "failures",
                    fails, "quantile_method",
                    "log-linear histogram, 128 sub-buckets per power of two (relative error <= 0.4%), nearest rank",
                    "run", "wall_s", wall, "subjects_per_s", wall > 0 ? o.n / wall : 0.0, "threads", nthr, "ranks",
                    size);
                /* A document that could not be built or written is a failure,
                 * never an empty object. */
                rc = cli_json_write(root, oo, JSON_INDENT(1) | JSON_REAL_PRECISION(10), "population");
                json_decref(root);
            } else
                text_summary(oo, spec, r, o.n, o.seed, nthr, size, wall);
            if (metrics_fp)
                write_metrics_csv(metrics_fp, spec, r, o.n);
        }
        if (!rc && plot_fp)
            rc = plot_bands(plot_fp, plot, spec, r, o.n);
    }
    rc = cli_outs_close(&files, rc);
    cnsim_pop_result_free(r);
    cnsim_pop_spec_free(spec);
    cnsim_registry_free(reg);
    cli_mpi_finalize();
    return rc;
}
