/* cnsim trial: a randomised trial simulated many times (replicates), with
 * risk ratios, their spread and the power per endpoint and week
 * (docs/trial.md). */
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/trial.h"

static const char disclaimer[] = "cnsim is a research and teaching simulator, not medical advice.";

typedef struct trial_args {
    unsigned long long replicates;
    uint64_t seed;
    int has_replicates, has_seed, threads, quiet, progress;
    cli_format fmt;
    const char *out;
} trial_args;

static const cli_opt opts[] = {
    {.name = "--replicates", .kind = CLI_OPT_WHOLE, .off = offsetof(trial_args, replicates), .min = 1,
     .max = CNSIM_TRIAL_MAX_REPLICATES, .given = CLI_AT(trial_args, has_replicates), .metavar = "N",
     .help = "overrides the file (1-100000); replicates x patients <= 1e7"},
    {.kind = CLI_OPT_SEED, .off = offsetof(trial_args, seed), .given = CLI_AT(trial_args, has_seed),
     .help = "overrides the file; same seed, same numbers for any --threads"},
    {.kind = CLI_OPT_THREADS, .off = offsetof(trial_args, threads),
     .help = "OpenMP threads (0 to 4096; default 0: OMP_NUM_THREADS, or every core not busy with other work)"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(trial_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(trial_args, progress)},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(trial_args, fmt), .help = "text (default), json, csv or html (a self-contained report: inputs, warnings with sources, tables, figure, manifest)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(trial_args, out)},
};

static const cli_cmd cmd = {
    .name = "trial",
    .usage = "TRIAL.json [--replicates N] [--seed S] [--threads N]\n"
             "                   [--format text|json|csv] [--out FILE]\n",
    .about =
        "Simulates a randomised trial N times (replicates, like NONMEM's NSUBPROBLEMS) and reports,\n"
        "per endpoint and week, the mean % of randomised patients with the outcome per arm, the\n"
        "median risk ratio (first compared arm / second) with its 2.5th-97.5th percentiles over\n"
        "replicates, and the power (fraction of replicates whose 95% CI, Katz log method, excludes 1).\n"
        "\n"
        "Each arm's drug exposure is simulated once (PK -> PD, hourly); patients differ in the symptom\n"
        "model (baseline, placebo response, effect maxima, turnover), in dropout and in sedation\n"
        "sensitivity. PK variability is not part of the trial (see cnsim population).\n"
        "\n"
        "Trial file (JSON; unknown keys are rejected): name, indication (depression|panic), source,\n"
        "n_per_arm | sample_size + randomisation [1,1], weeks, dropout {\"per_week\": 0.02}\n"
        "(non-responder imputation), replicates (default 100), seed (default 1),\n"
        "arms [{name, ssri \"fluoxetine:20mg\", bzd \"clonazepam:0.5mg-bid\", bzd_weeks, taper_weeks}]\n"
        "(an arm with neither drug is placebo), endpoints [{name, type response|remission|\n"
        "withdrawal_event|adverse_event, scale HAM-D|HAM-A, weeks [1,2,4,8], compare [\"A\",\"B\"],\n"
        "rise_points (withdrawal, default 4), sedation_threshold (adverse event, default 0.5)}].\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim trial scenarios/trial-depression-smith1998.json --replicates 50 --format json\n"
                "  cnsim trial scenarios/trial-panic.json --replicates 20 --seed 5 --format csv --out panic.csv\n",
    .formats = CLI_FMTS_TCJ | CLI_FMT_BIT(CLI_FMT_HTML),
    .max_pos = 1,
    .pos_metavar = "TRIAL.json",
    .pos_files = 1,
};

/* Warnings: each arm's findings (interactions, labelled maxima, the
 * taper's pace: the rules of cnsim/model.h), and a cover that runs past the
 * follow-up. */
static json_t *warnings(const cnsim_trial_design *d, const cnsim_trial_result *r)
{
    json_t *w = json_array();
    char msg[700];
    for (size_t a = 0; a < d->n_arms; a++) {
        const cnsim_trial_arm_info *in = &r->arms[a];
        for (size_t i = 0; i < in->n_findings; i++) {
            const cnsim_finding *f = &in->findings[i];
            /* a stop after the follow-up is not part of the trial */
            if (isnan(in->stop_week) && !strcmp(f->code, "taper_faster_than_guideline"))
                continue;
            snprintf(msg, sizeof msg, "arm \"%s\": %s", d->arms[a].name, f->message);
            json_array_append_new(w, json_pack("{s:s,s:s,s:s,s:s}", "code", f->code, "severity", f->severity,
                                               "message", msg, "source", f->source));
        }
        if (in->bzd[0] && isnan(in->stop_week)) {
            snprintf(msg, sizeof msg, "arm \"%s\": %s continues to the end of the follow-up; its withdrawal after "
                     "the trial is not simulated", d->arms[a].name, in->bzd);
            json_array_append_new(w, json_pack("{s:s,s:s,s:s,s:s}", "code", "bzd_not_stopped", "severity", "info",
                                               "message", msg, "source", "assumed"));
        }
    }
    return w;
}

static const char *arm_name(const cnsim_trial_design *d, size_t a) { return d->arms[a].name; }

static json_t *json_out(const cnsim_trial_design *d, const cnsim_trial_result *r, json_t *w)
{
    json_t *eps = json_array();
    for (size_t k = 0; k < r->n_rows; k++) {
        const cnsim_trial_row *row = &r->rows[k];
        const cnsim_trial_endpoint *e = &d->endpoints[row->endpoint];
        json_t *arms = json_object();
        for (size_t a = 0; a < d->n_arms; a++)
            json_object_set_new(arms, arm_name(d, a),
                                json_pack("{s:f,s:I}", "mean_pct", row->mean_pct[a], "n",
                                          (json_int_t)d->arms[a].n_patients));
        json_t *o = json_pack("{s:s,s:s,s:o,s:i,s:[s,s],s:o,s:f,s:f,s:f,s:f}", "name", e->name, "type",
                              cnsim_trial_endpoint_type_str(e->type), "scale",
                              e->type == CNSIM_TRIAL_ADVERSE_EVENT ? json_null()
                                                                   : json_string(cnsim_trial_scale_str(e->scale)),
                              "week", row->week, "compare", arm_name(d, e->compare[0]), arm_name(d, e->compare[1]),
                              "arms", arms, "risk_ratio_median", row->rr_median, "risk_ratio_p2_5", row->rr_p2_5,
                              "risk_ratio_p97_5", row->rr_p97_5, "power", row->power);
        json_array_append_new(eps, o);
    }
    json_t *arms = json_array();
    for (size_t a = 0; a < d->n_arms; a++) {
        const cnsim_trial_arm_info *in = &r->arms[a];
        json_t *steps = json_array();
        for (size_t i = 0; i < in->n_steps; i++)
            json_array_append_new(steps, json_real(in->step_mg[i]));
        json_array_append_new(
            arms, json_pack("{s:s,s:I,s:o,s:o,s:o,s:o,s:f}", "name", d->arms[a].name, "n",
                            (json_int_t)d->arms[a].n_patients, "ssri",
                            in->ssri[0] ? json_sprintf("%s %g mg qd", in->ssri, d->arms[a].ssri_mg) : json_null(),
                            "bzd",
                            in->bzd[0] ? json_sprintf("%s x%d/day", in->bzd, d->arms[a].bzd_n_per_day) : json_null(),
                            "bzd_weekly_mg", steps, "bzd_stop_week",
                            isnan(in->stop_week) ? json_null() : json_real(in->stop_week), "sedation_week1_max",
                            in->sedation_week1_max));
    }
    return json_pack("{s:s,s:s,s:s,s:I,s:o,s:i,s:f,s:s,s:o,s:o,s:o,s:s}", "disclaimer", disclaimer, "trial", d->name,
                     "indication", d->indication == CNSIM_TRIAL_PANIC ? "panic" : "depression", "replicates",
                     (json_int_t)r->replicates, "seed", cli_json_u64(r->seed), "weeks", d->weeks,
                     "dropout_per_week", d->dropout_per_week, "imputation",
                     "non-responder (response, remission); events count while the patient is in the trial; "
                     "all randomised patients in the denominator",
                     "arms", arms, "endpoints", eps, "warnings", w, "note",
                     "symptom-model, dropout and sedation-sensitivity variability between patients; drug "
                     "exposure (PK) is the same for every patient of an arm (PK variability: cnsim population)");
}

/* Long (tidy) table: one row per endpoint, week and arm. The first twelve
 * columns are the comparison of the endpoint's two arms at that week (as
 * before, repeated on each arm's row); arm, n_patients and mean_pct are
 * the row's own arm. Arm names used to be column headers
 * (mean_pct[ARM]); they are values of the arm column now. */
static void csv_out(FILE *f, const cnsim_trial_design *d, const cnsim_trial_result *r)
{
    fputs("endpoint,type,scale,week,arm_a,arm_b,mean_pct_a,mean_pct_b,risk_ratio_median,risk_ratio_p2_5,"
          "risk_ratio_p97_5,power,arm,n_patients,mean_pct\n", f);
    for (size_t k = 0; k < r->n_rows; k++) {
        const cnsim_trial_row *row = &r->rows[k];
        const cnsim_trial_endpoint *e = &d->endpoints[row->endpoint];
        for (size_t a = 0; a < d->n_arms; a++) {
            cli_csv_field(f, e->name);
            fprintf(f, ",%s,%s,%d,", cnsim_trial_endpoint_type_str(e->type),
                    e->type == CNSIM_TRIAL_ADVERSE_EVENT ? "" : cnsim_trial_scale_str(e->scale), row->week);
            cli_csv_field(f, arm_name(d, e->compare[0]));
            fputc(',', f);
            cli_csv_field(f, arm_name(d, e->compare[1]));
            fprintf(f, ",%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,", row->mean_pct[e->compare[0]], row->mean_pct[e->compare[1]],
                    row->rr_median, row->rr_p2_5, row->rr_p97_5, row->power);
            cli_csv_field(f, arm_name(d, a));
            fprintf(f, ",%zu,%.6g\n", d->arms[a].n_patients, row->mean_pct[a]);
        }
    }
}

static void text_out(FILE *f, const cnsim_trial_design *d, const cnsim_trial_result *r, json_t *w)
{
    fprintf(f, "%s\n\n", disclaimer);
    fprintf(f, "trial: %s (%s), %d weeks, %zu replicates, seed %lu\n", d->name,
            d->indication == CNSIM_TRIAL_PANIC ? "panic" : "depression", d->weeks, r->replicates, r->seed);
    fprintf(f, "dropout %.3g/week (non-responder imputation); PK variability not included (cnsim population)\n\n",
            d->dropout_per_week);
    int width = 0;
    for (size_t a = 0; a < d->n_arms; a++)
        width = (int)fmax(width, (double)strlen(d->arms[a].name));
    for (size_t a = 0; a < d->n_arms; a++) {
        const cnsim_trial_arm_info *in = &r->arms[a];
        fprintf(f, "arm %-*s  n=%-5zu ", width, d->arms[a].name, d->arms[a].n_patients);
        if (in->ssri[0])
            fprintf(f, "%s %g mg qd", in->ssri, d->arms[a].ssri_mg);
        else
            fprintf(f, "placebo");
        if (in->bzd[0]) {
            fprintf(f, " + %s", in->bzd);
            for (size_t i = 0; i < in->n_steps; i++)
                if (i == 0 || in->step_mg[i] != in->step_mg[i - 1])
                    fprintf(f, "%s %g mg x%d (week %zu)", i ? "," : "", in->step_mg[i], d->arms[a].bzd_n_per_day,
                            i + 1);
            if (!isnan(in->stop_week))
                fprintf(f, ", stop week %g", in->stop_week);
        }
        fputc('\n', f);
    }
    size_t prev = (size_t)-1;
    for (size_t k = 0; k < r->n_rows; k++) {
        const cnsim_trial_row *row = &r->rows[k];
        const cnsim_trial_endpoint *e = &d->endpoints[row->endpoint];
        size_t A = e->compare[0], B = e->compare[1];
        if (row->endpoint != prev) {
            fprintf(f, "\n%s: %s%s%s, risk ratio \"%s\" / \"%s\"\n", e->name, cnsim_trial_endpoint_type_str(e->type),
                    e->type == CNSIM_TRIAL_ADVERSE_EVENT ? "" : " on ",
                    e->type == CNSIM_TRIAL_ADVERSE_EVENT ? "" : cnsim_trial_scale_str(e->scale), d->arms[A].name,
                    d->arms[B].name);
            fprintf(f, "week   %% A    %% B    RR median  RR 2.5%%-97.5%%     power\n");
            prev = row->endpoint;
        }
        fprintf(f, "%4d  %5.1f  %5.1f  %9.2f  %6.2f-%-8.2f  %5.1f%%\n", row->week, row->mean_pct[A], row->mean_pct[B],
                row->rr_median, row->rr_p2_5, row->rr_p97_5, 100 * row->power);
    }
    fprintf(f, "\nwarnings:\n");
    size_t i;
    json_t *x;
    json_array_foreach(w, i, x)
        fprintf(f, "  [%s] %s (source: %s)\n", json_string_value(json_object_get(x, "code")),
                json_string_value(json_object_get(x, "message")), json_string_value(json_object_get(x, "source")));
    if (json_array_size(w) == 0)
        fprintf(f, "  none\n");
}

int cli_trial(int argc, char **argv)
{
    trial_args a = {.fmt = CLI_FMT_TEXT};
    const char *path = NULL;
    int n_pos = 0;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, &path, &n_pos);
    if (rc != CLI_PARSED)
        return rc;
    if (!path)
        return cli_bad_input("trial: a trial file is required (see cnsim trial --help)");
    cnsim_trial_design d;
    cnsim_status st = cnsim_trial_design_load(path, &d);
    if (st != CNSIM_OK)
        return cli_report(st, path);
    if (a.has_replicates)
        d.replicates = (size_t)a.replicates;
    if (a.has_seed)
        d.seed = (unsigned long)a.seed;
    d.n_threads = a.threads;

    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg = NULL;
    if ((st = cli_registry_open(NULL, &reg)) != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "registry"));
    cnsim_trial_result r;
    cli_progress pg;
    cli_progress_start(&pg, a.quiet, a.progress, "replicates", 1);
    d.progress = (cnsim_progress){cli_progress_fn, &pg};
    st = cnsim_trial_run(reg, &d, &r);
    cli_progress_end(&pg);
    /* The message is printed before any other library call can clear it. */
    rc = st == CNSIM_OK ? 0 : cli_report(st, path);
    cnsim_registry_free(reg);
    if (rc)
        return cli_outs_close(&outs, rc);
    json_t *w = warnings(&d, &r);

    if (a.fmt == CLI_FMT_JSON) {
        json_t *j = json_out(&d, &r, w);   /* takes w */
        if (!j)
            rc = cli_fail("trial: out of memory building the JSON output");
        else {
            /* A failed write shows in the stream's error flag, which
             * cli_outs_close reports in its one line. */
            rc = cli_json_write(j, out, JSON_INDENT(2) | JSON_REAL_PRECISION(6), "trial");
        }
        json_decref(j);
    } else {
        if (a.fmt == CLI_FMT_CSV)
            csv_out(out, &d, &r);
        else
            text_out(out, &d, &r, w);
        json_decref(w);
    }
    cnsim_trial_result_free(&r);
    return cli_outs_close(&outs, rc);
}
