/* cnsim bridge: an SSRI start with benzodiazepine cover and its taper,
 * HAM-D/HAM-A courses with and without the cover (docs/clinical.md,
 * "Symptom course and bridge"). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/course.h"

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *pop_json(const cnsim_course_population *p)
{
    json_t *wk = json_array();
    for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++)
        json_array_append_new(wk, json_pack("{s:i,s:o,s:o}", "week", cnsim_course_report_weeks[k], "responder_pct",
                                            num_or_null(p->responder_pct[k]), "remitter_pct",
                                            num_or_null(p->remitter_pct[k])));
    return json_pack("{s:o,s:o,s:f}", "weeks", wk, "median_weeks_to_response",
                     num_or_null(p->median_weeks_to_response), "responders_ever_pct", p->responders_ever_pct);
}

typedef struct bridge_args {
    const char *ssri, *with, *out;
    double weeks, taper_weeks, follow_weeks;
    unsigned long long patients;
    uint64_t seed;
    int has_weeks, quiet, progress;
    cli_format fmt;
} bridge_args;

static const cli_opt opts[] = {
    {.name = "--ssri", .kind = CLI_OPT_STRING, .off = offsetof(bridge_args, ssri), .metavar = "DRUG:AMOUNT",
     .help = "the SSRI, once daily for the whole follow-up", .eg = "sertraline:50mg"},
    {.name = "--with", .kind = CLI_OPT_STRING, .off = offsetof(bridge_args, with), .metavar = "DRUG:AMOUNT[-FREQ]",
     .help = "the benzodiazepine cover: dose per administration, -qd|-bid|-tid|-qid", .eg = "clonazepam:0.5mg-bid"},
    {.name = "--weeks", .kind = CLI_OPT_NUMBER, .off = offsetof(bridge_args, weeks), .lo = 1e-9, .hi = 26,
     .given = CLI_AT(bridge_args, has_weeks), .metavar = "W", .help = "weeks of full-dose cover (up to 26)",
     .eg = "4"},
    {.name = "--taper-weeks", .kind = CLI_OPT_NUMBER, .off = offsetof(bridge_args, taper_weeks), .lo = 0, .hi = 12,
     .metavar = "W", .help = "weeks of taper, halving each week (0.125 mg steps; default 2)", .eg = "2"},
    {.name = "--follow-weeks", .kind = CLI_OPT_NUMBER, .off = offsetof(bridge_args, follow_weeks), .lo = 1, .hi = 52,
     .metavar = "W", .help = "whole weeks simulated from the SSRI start, 1-52 (default 12); scores for each week",
     .eg = "12"},
    {.name = "--n", .alias = "--patients", .kind = CLI_OPT_WHOLE, .off = offsetof(bridge_args, patients), .min = 0,
     .max = 10000, .metavar = "N", .help = "virtual patients (0-10000; default 0: the median patient only)",
     .eg = "1000"},
    {.kind = CLI_OPT_SEED, .off = offsetof(bridge_args, seed), .help = "of the virtual patients (default 1)"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(bridge_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(bridge_args, progress)},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(bridge_args, fmt), .help = "text (default), json or html (a self-contained report: inputs, warnings with sources, tables, figure, manifest)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(bridge_args, out)},
};

static const cli_cmd cmd = {
    .name = "bridge",
    .usage = "--ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4\n"
             "                    [--taper-weeks 2] [--follow-weeks 12] [--n N --seed S]\n"
             "                    [--format text|json] [--out FILE]\n",
    .about =
        "Starts the SSRI once daily for the whole follow-up, adds the benzodiazepine for --weeks, then\n"
        "halves it each week over --taper-weeks (0.125 mg steps) and stops. Simulates HAM-D and HAM-A\n"
        "(indirect-response models on the PD indices, calibrated on trial responder rates: Walsh 2002,\n"
        "Taylor 2006, Cochrane Furukawa 2001 / Ogawa 2019) with and without the bridge, for the median\n"
        "patient: weeks to response (HAM-D reduced by 50%) and remission (HAM-D <= 7), scores for every\n"
        "week of --follow-weeks, and the peak withdrawal index after the taper begins. Both arms run through one\n"
        "model of the two drugs (cnsim/model.h); the safety flags are those of the arm with the bridge.\n"
        "\n"
        "--n N (--patients N) adds N virtual patients whose symptom-model parameters (baseline HAM-D,\n"
        "placebo response, effect maxima, kout) vary between patients (--seed S; same seed, same\n"
        "result): responder and remitter % at weeks 1, 2, 4, 6, 8 and the median weeks to response per\n"
        "arm. Drug exposure is the same for all patients (no PK variability).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4\n"
                "  cnsim bridge --ssri escitalopram:10mg --with clonazepam:0.25mg-tid --weeks 3 --n 500 --format json\n",
    .formats = CLI_FMTS_TJ | CLI_FMT_BIT(CLI_FMT_HTML),
};

int cli_bridge(int argc, char **argv)
{
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    bridge_args a = {.taper_weeks = o.taper_weeks, .follow_weeks = o.follow_weeks, .seed = o.seed,
                     .fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    if (!a.ssri || !a.with || !a.has_weeks)
        return cli_bad_input("bridge: --ssri, --with and --weeks are required (see cnsim bridge --help)");
    if (a.taper_weeks != floor(a.taper_weeks))
        return cli_bad_input("--taper-weeks: %g is not a whole number of weeks; expected 0 to 12", a.taper_weeks);
    if (a.follow_weeks != floor(a.follow_weeks))
        return cli_bad_input("--follow-weeks: %g is not a whole number of weeks; expected 1 to 52", a.follow_weeks);
    o.weeks = a.weeks, o.taper_weeks = a.taper_weeks, o.follow_weeks = a.follow_weeks;
    o.n_patients = (size_t)a.patients;
    o.seed = (unsigned long)a.seed;
    cli_format fmt = a.fmt;
    const char *out = a.out;
    int n_ssri;
    cnsim_status st;
    if ((st = cnsim_bridge_parse_dose(a.ssri, o.ssri, &o.ssri_mg, &n_ssri)) != CNSIM_OK)
        return cli_report(st, "--ssri");
    if (n_ssri != 1)
        return cli_bad_input("--ssri: '%s': the SSRI is given once daily; drop the frequency or use -qd", a.ssri);
    if ((st = cnsim_bridge_parse_dose(a.with, o.bzd, &o.bzd_mg, &o.bzd_n_per_day)) != CNSIM_OK)
        return cli_report(st, "--with");

    cli_outs outs;
    cli_outs_init(&outs);
    FILE *f;
    if ((rc = cli_outs_open(&outs, out, "--out", &f)))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg = NULL;
    if ((st = cli_registry_open(NULL, &reg)) != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "registry"));
    cnsim_bridge_result r;
    cli_progress pg;
    cli_progress_start(&pg, a.quiet, a.progress, "patients", 1);
    o.progress = (cnsim_progress){cli_progress_fn, &pg};
    st = cnsim_bridge_run(reg, &o, &r);
    cli_progress_end(&pg);
    cnsim_registry_free(reg);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "bridge"));
    /* Warnings: the findings of the arm with the bridge, each with its
     * source. */
    json_t *w = json_array();
    for (size_t i = 0; i < r.n_findings; i++)
        json_array_append_new(w, json_pack("{s:s,s:s,s:s,s:s}", "code", r.findings[i].code, "severity",
                                           r.findings[i].severity, "message", r.findings[i].message, "source",
                                           r.findings[i].source));

    if (fmt == CLI_FMT_JSON) {
        json_t *weeks = json_array(), *steps = json_array();
        for (size_t wk = 1; wk * 7 <= r.n_days; wk++) {
            size_t d = wk * 7;
            json_array_append_new(weeks, json_pack("{s:i,s:f,s:f,s:f,s:f}", "week", (int)wk,
                                                   "hamd_with", r.hamd_with[d], "hamd_without", r.hamd_without[d],
                                                   "hama_with", r.hama_with[d], "hama_without", r.hama_without[d]));
        }
        for (size_t i = 0; i < r.n_steps; i++)
            json_array_append_new(steps, json_pack("{s:i,s:f,s:i}", "week", (int)i, "dose_mg", r.step_mg[i],
                                                   "per_day", o.bzd_n_per_day));
        json_t *j = json_pack(
            "{s:s,s:s,s:f,s:s,s:f,s:i,s:f,s:f,s:o,s:o,s:o,s:o,s:o,s:o,s:f,s:o,s:o,s:o}",
            "disclaimer", "cnsim is a research and teaching simulator, not medical advice.",
            "ssri", r.ssri, "ssri_mg_per_day", o.ssri_mg, "bridge_drug", r.bzd, "bridge_mg", o.bzd_mg,
            "bridge_per_day", o.bzd_n_per_day, "bridge_weeks", o.weeks, "taper_weeks", o.taper_weeks,
            "weeks_to_response_with", num_or_null(r.weeks_to_response_with),
            "weeks_to_response_without", num_or_null(r.weeks_to_response_without),
            "weeks_to_remission_with", num_or_null(r.weeks_to_remission_with),
            "weeks_to_remission_without", num_or_null(r.weeks_to_remission_without),
            "taper_peak_withdrawal_index", num_or_null(r.taper_peak_withdrawal_index),
            "taper_peak_week", num_or_null(r.taper_peak_week),
            "max_cut_per_2_weeks", r.max_cut_per_2_weeks,
            "bridge_schedule", steps, "scores", weeks, "warnings", w);
        json_object_set_new(j, "follow_weeks", json_real(r.n_days / 7.0));
        if (o.n_patients > 0)
            json_object_set_new(j, "population",
                                json_pack("{s:i,s:o,s:s,s:o,s:o}", "n_patients", (int)o.n_patients, "seed",
                                          cli_json_u64(a.seed), "note",
                                          "symptom-model parameters vary between patients; drug exposure (PK) is "
                                          "the same for all",
                                          "with", pop_json(&r.pop_with), "without", pop_json(&r.pop_without)));
        rc = cli_json_write(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6), "bridge");
        json_decref(j);
    } else {
        fprintf(f, "cnsim is a research and teaching simulator, not medical advice.\n\n");
        fprintf(f, "%s %g mg qd from day 0; %s %g mg x%d/day for %g weeks, then", r.ssri, o.ssri_mg, r.bzd,
                o.bzd_mg, o.bzd_n_per_day, o.weeks);
        size_t full = (size_t)ceil(o.weeks);
        for (size_t i = full; i < r.n_steps; i++)
            fprintf(f, " %g mg x%d (week %zu)%s", r.step_mg[i], o.bzd_n_per_day, i + 1, i + 1 < r.n_steps ? "," : "");
        fprintf(f, "%s stop\n\n", r.n_steps > full ? ";" : "");
#define WK(v) (isnan(v) ? -1.0 : (v))
        fprintf(f, "weeks to response (HAM-D -50%%):  with %.1f   without %.1f\n", WK(r.weeks_to_response_with),
                WK(r.weeks_to_response_without));
        fprintf(f, "weeks to remission (HAM-D <= 7): with %.1f   without %.1f   (-1: not within follow-up)\n",
                WK(r.weeks_to_remission_with), WK(r.weeks_to_remission_without));
        if (isnan(r.taper_peak_withdrawal_index))
            fprintf(f, "taper peak withdrawal index:     none (the taper starts after the %g-week follow-up)\n\n",
                    o.follow_weeks);
        else
            fprintf(f, "taper peak withdrawal index:     %.3f (week %.1f)\n\n", r.taper_peak_withdrawal_index,
                    WK(r.taper_peak_week));
        fprintf(f, "week  HAM-D with  HAM-D without  HAM-A with  HAM-A without\n");
        fprintf(f, "   0  %10.1f  %13.1f  %10.1f  %13.1f\n", r.hamd_with[0], r.hamd_without[0], r.hama_with[0],
                r.hama_without[0]);
        for (size_t wk = 1; wk * 7 <= r.n_days; wk++) {
            size_t d = wk * 7;
            fprintf(f, "%4zu  %10.1f  %13.1f  %10.1f  %13.1f\n", wk, r.hamd_with[d], r.hamd_without[d],
                    r.hama_with[d], r.hama_without[d]);
        }
        if (o.n_patients > 0) {
            fprintf(f, "\nvirtual patients: %zu (seed %lu; symptom-model variability only, same drug exposure)\n",
                    o.n_patients, o.seed);
            fprintf(f, "week  responders with  without  remitters with  without\n");
            for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++) {
                if (isnan(r.pop_with.responder_pct[k]))
                    continue;
                fprintf(f, "%4d  %14.1f%%  %6.1f%%  %13.1f%%  %6.1f%%\n", cnsim_course_report_weeks[k],
                        r.pop_with.responder_pct[k], r.pop_without.responder_pct[k], r.pop_with.remitter_pct[k],
                        r.pop_without.remitter_pct[k]);
            }
            fprintf(f, "median weeks to response: with %.1f   without %.1f   (-1: not within follow-up)\n",
                    WK(r.pop_with.median_weeks_to_response), WK(r.pop_without.median_weeks_to_response));
        }
        fprintf(f, "\nsafety flags:\n");
        for (size_t i = 0; i < r.n_findings; i++)
            fprintf(f, "  %s [%s] %s (source: %s)\n", cnsim_finding_is_warning(&r.findings[i]) ? "WARNING" : "NOTE",
                    r.findings[i].code, r.findings[i].message, r.findings[i].source);
        json_decref(w);
    }
    cnsim_bridge_result_free(&r);
    return cli_outs_close(&outs, rc);
}
