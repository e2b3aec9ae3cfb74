/* cnsim bridge: an SSRI start with benzodiazepine cover and its taper,
 * HAM-D/HAM-A courses with and without the cover (docs/clinical.md,
 * "Symptom course and bridge"). */
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/course.h"

static const char help[] =
    "usage: cnsim bridge --ssri sertraline:50mg --with clonazepam:0.5mg-bid --weeks 4\n"
    "                    [--taper-weeks 2] [--follow-weeks 12] [--patients N --seed S]\n"
    "                    [--format text|json] [--out FILE]\n"
    "\n"
    "Starts the SSRI once daily for the whole follow-up, adds the benzodiazepine (dose per\n"
    "administration, -qd|-bid|-tid|-qid) for --weeks (1-26), then halves it each week over\n"
    "--taper-weeks (0.125 mg steps) and stops. Simulates HAM-D and HAM-A (indirect-response\n"
    "models on the PD indices, calibrated on trial responder rates: Walsh 2002, Taylor 2006,\n"
    "Cochrane Furukawa 2001 / Ogawa 2019) with and without the bridge, for the median patient:\n"
    "weeks to response (HAM-D reduced by 50%) and remission (HAM-D <= 7), scores at weeks 1,\n"
    "2, 4, 6, 8, and the peak withdrawal index after the taper begins.\n"
    "\n"
    "--patients N (0-10000, default 0: the median patient only) adds N virtual patients whose\n"
    "symptom-model parameters (baseline HAM-D, placebo response, effect maxima, kout) vary\n"
    "between patients (--seed S, default 1; same seed, same result): responder and remitter %\n"
    "at weeks 1, 2, 4, 6, 8 and the median weeks to response per arm. Drug exposure is the same\n"
    "for all patients (no PK variability).\n";

static const int report_weeks[] = {1, 2, 4, 6, 8};

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

static int parse_num(const char *opt, const char *v, double *out)
{
    char *end;
    *out = strtod(v, &end);
    if (end == v || *end || !isfinite(*out))
        return cli_bad_input("%s: '%s' is not a number", opt, v);
    return 0;
}

int cli_bridge(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return CLI_OK;
    }
    cnsim_bridge_opts o = cnsim_bridge_opts_default();
    const char *ssri = NULL, *with = NULL, *out = NULL;
    int have_weeks = 0, rc;
    cli_format fmt = CLI_FMT_TEXT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return cli_bad_input("bridge: %s needs a value (see cnsim bridge --help)", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--ssri"))
            ssri = v;
        else if (!strcmp(a, "--with"))
            with = v;
        else if (!strcmp(a, "--weeks")) {
            if ((rc = parse_num(a, v, &o.weeks)))
                return rc;
            have_weeks = 1;
        } else if (!strcmp(a, "--taper-weeks")) {
            if ((rc = parse_num(a, v, &o.taper_weeks)))
                return rc;
        } else if (!strcmp(a, "--follow-weeks")) {
            if ((rc = parse_num(a, v, &o.follow_weeks)))
                return rc;
        } else if (!strcmp(a, "--patients") || !strcmp(a, "--seed")) {
            char *end;
            errno = 0;
            unsigned long long x = strtoull(v, &end, 10);
            if (end == v || *end || errno || *v == '-' || (!strcmp(a, "--patients") && x > 10000) ||
                x > ULONG_MAX)
                return cli_bad_input("bridge: %s '%s' must be a whole number%s", a, v,
                                     !strcmp(a, "--patients") ? " 0..10000" : " >= 0");
            if (!strcmp(a, "--patients"))
                o.n_patients = (size_t)x;
            else
                o.seed = (unsigned long)x;
        } else if (!strcmp(a, "--format")) {
            if ((rc = cli_parse_format(v, &fmt)))
                return rc;
            if (fmt == CLI_FMT_CSV)
                return cli_bad_input("bridge: --format csv is not offered; use text or json");
        } else if (!strcmp(a, "--out"))
            out = v;
        else
            return cli_bad_input("bridge: unknown option '%s' (see cnsim bridge --help)", a);
    }
    if (!ssri || !with || !have_weeks)
        return cli_bad_input("bridge: --ssri, --with and --weeks are required (see cnsim bridge --help)");
    int n_ssri;
    cnsim_status st;
    if ((st = cnsim_bridge_parse_dose(ssri, o.ssri, &o.ssri_mg, &n_ssri)) != CNSIM_OK)
        return cli_report(st, "--ssri");
    if (n_ssri != 1)
        return cli_bad_input("--ssri: '%s': the SSRI is given once daily; drop the frequency or use -qd", ssri);
    if ((st = cnsim_bridge_parse_dose(with, o.bzd, &o.bzd_mg, &o.bzd_n_per_day)) != CNSIM_OK)
        return cli_report(st, "--with");
    if (!(o.weeks > 0) || o.weeks > 26)
        return cli_bad_input("bridge: --weeks %g is outside (0, 26]", o.weeks);

    cnsim_registry *reg = NULL;
    if ((st = cnsim_registry_open(NULL, &reg)) != CNSIM_OK)
        return cli_report(st, "registry");
    cnsim_bridge_result r;
    if ((st = cnsim_bridge_run(reg, &o, &r)) != CNSIM_OK) {
        cnsim_registry_free(reg);
        return cli_report(st, "bridge");
    }
    double max_ssri = 0;
    char ind[256] = "", src_max[256] = "";
    int has_max = cnsim_registry_max_daily_dose(reg, r.ssri, &max_ssri, ind, sizeof ind, src_max, sizeof src_max) == CNSIM_OK;
    double max_bzd = 0;
    char ind2[256] = "", src_max2[256] = "";
    int has_max2 = cnsim_registry_max_daily_dose(reg, r.bzd, &max_bzd, ind2, sizeof ind2, src_max2, sizeof src_max2) == CNSIM_OK;
    cnsim_registry_free(reg);

    /* Warnings: each with its source. */
    json_t *w = json_array();
    char msg[512];
    snprintf(msg, sizeof msg,
             "%s with %s: additive sedation and psychomotor impairment (moderate); no major PK interaction "
             "expected. Avoid alcohol and other CNS depressants.", r.ssri, r.bzd);
    json_array_append_new(w, json_pack("{s:s,s:s,s:s}", "code", "cns_depressant_additive", "message", msg,
                                       "source", "klonopin-label"));
    if (r.max_cut_per_2_weeks > 0.25 + 1e-9) {
        snprintf(msg, sizeof msg,
                 "the taper cuts up to %.0f%% of the dose within 2 weeks, faster than the ASAM 2025 guidance "
                 "(generally not more than 25%% every 2 weeks; faster may be possible after less than 3 months "
                 "of use, under supervision)", 100 * r.max_cut_per_2_weeks);
        json_array_append_new(w, json_pack("{s:s,s:s,s:s}", "code", "taper_faster_than_guidance", "message", msg,
                                           "source", "asam2025"));
    }
    double bzd_daily = o.bzd_mg * o.bzd_n_per_day;
    if (has_max && o.ssri_mg > max_ssri + 1e-9) {
        snprintf(msg, sizeof msg, "%s %g mg/day is above the labelled maximum %g mg/day (%s)", r.ssri, o.ssri_mg,
                 max_ssri, ind);
        json_array_append_new(w, json_pack("{s:s,s:s,s:s}", "code", "dose_above_label_max", "message", msg,
                                           "source", src_max));
    }
    if (has_max2 && bzd_daily > max_bzd + 1e-9) {
        snprintf(msg, sizeof msg, "%s %g mg/day is above the labelled maximum %g mg/day (%s)", r.bzd, bzd_daily,
                 max_bzd, ind2);
        json_array_append_new(w, json_pack("{s:s,s:s,s:s}", "code", "dose_above_label_max", "message", msg,
                                           "source", src_max2));
    }

    cli_out co;
    if ((rc = cli_out_open(&co, out)) != 0) {
        json_decref(w);
        cnsim_bridge_result_free(&r);
        return rc;
    }
    FILE *f = co.fp;
    if (fmt == CLI_FMT_JSON) {
        json_t *weeks = json_array(), *steps = json_array();
        for (size_t k = 0; k < sizeof report_weeks / sizeof report_weeks[0]; k++) {
            size_t d = (size_t)report_weeks[k] * 7;
            if (d > r.n_days)
                continue;
            json_array_append_new(weeks, json_pack("{s:i,s:f,s:f,s:f,s:f}", "week", report_weeks[k],
                                                   "hamd_with", r.hamd_with[d], "hamd_without", r.hamd_without[d],
                                                   "hama_with", r.hama_with[d], "hama_without", r.hama_without[d]));
        }
        for (size_t i = 0; i < r.n_steps; i++)
            json_array_append_new(steps, json_pack("{s:i,s:f,s:i}", "week", (int)i, "dose_mg", r.step_mg[i],
                                                   "per_day", o.bzd_n_per_day));
        json_t *j = json_pack(
            "{s:s,s:s,s:f,s:s,s:f,s:i,s:f,s:f,s:o,s:o,s:o,s:o,s:f,s:o,s:f,s:o,s:o,s:o}",
            "disclaimer", "cnsim is a research and teaching simulator, not medical advice.",
            "ssri", r.ssri, "ssri_mg_per_day", o.ssri_mg, "bridge_drug", r.bzd, "bridge_mg", o.bzd_mg,
            "bridge_per_day", o.bzd_n_per_day, "bridge_weeks", o.weeks, "taper_weeks", o.taper_weeks,
            "weeks_to_response_with", num_or_null(r.weeks_to_response_with),
            "weeks_to_response_without", num_or_null(r.weeks_to_response_without),
            "weeks_to_remission_with", num_or_null(r.weeks_to_remission_with),
            "weeks_to_remission_without", num_or_null(r.weeks_to_remission_without),
            "taper_peak_withdrawal_index", r.taper_peak_withdrawal_index,
            "taper_peak_week", num_or_null(r.taper_peak_week),
            "max_cut_per_2_weeks", r.max_cut_per_2_weeks,
            "bridge_schedule", steps, "scores", weeks, "warnings", w);
        json_object_set_new(j, "follow_weeks", json_real(r.n_days / 7.0));
        if (o.n_patients > 0)
            json_object_set_new(j, "population",
                                json_pack("{s:i,s:I,s:s,s:o,s:o}", "n_patients", (int)o.n_patients, "seed",
                                          (json_int_t)o.seed, "note",
                                          "symptom-model parameters vary between patients; drug exposure (PK) is "
                                          "the same for all",
                                          "with", pop_json(&r.pop_with), "without", pop_json(&r.pop_without)));
        json_dumpf(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        fputc('\n', f);
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
        fprintf(f, "taper peak withdrawal index:     %.3f (week %.1f)\n\n", r.taper_peak_withdrawal_index,
                WK(r.taper_peak_week));
        fprintf(f, "week  HAM-D with  HAM-D without  HAM-A with  HAM-A without\n");
        fprintf(f, "   0  %10.1f  %13.1f  %10.1f  %13.1f\n", r.hamd_with[0], r.hamd_without[0], r.hama_with[0],
                r.hama_without[0]);
        for (size_t k = 0; k < sizeof report_weeks / sizeof report_weeks[0]; k++) {
            size_t d = (size_t)report_weeks[k] * 7;
            if (d <= r.n_days)
                fprintf(f, "%4d  %10.1f  %13.1f  %10.1f  %13.1f\n", report_weeks[k], r.hamd_with[d],
                        r.hamd_without[d], r.hama_with[d], r.hama_without[d]);
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
        fprintf(f, "\nwarnings:\n");
        size_t i;
        json_t *x;
        json_array_foreach(w, i, x)
            fprintf(f, "  [%s] %s (source: %s)\n", json_string_value(json_object_get(x, "code")),
                    json_string_value(json_object_get(x, "message")),
                    json_string_value(json_object_get(x, "source")));
        json_decref(w);
    }
    cnsim_bridge_result_free(&r);
    return cli_out_close(&co, 1);
}
