/* cnsim taper --diary (src/cli/taper_diary.h). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "taper_diary.h"

#define DIARY_DISCLAIMER "cnsim is a research and teaching simulator, not medical advice: the next step is for the " \
                         "prescriber and the patient to decide."

static void date_plus(const char *first, long k, char out[11])
{
    if (cnsim_date_add(first, k, out) != CNSIM_OK)
        snprintf(out, 11, "?");
}

static json_t *num_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static int write_json(const cnsim_diary *d, const cnsim_diary_opts *o, const cnsim_diary_result *r, FILE *f)
{
    json_t *root = json_object(), *entries = json_array(), *opts = json_array();
    if (!root || !entries || !opts) {
        json_decref(root), json_decref(entries), json_decref(opts);
        return cli_fail("taper: out of memory");
    }
    json_object_set_new(root, "disclaimer", json_string(DIARY_DISCLAIMER));
    json_object_set_new(root, "drug", json_string(o->drug));
    json_object_set_new(root, "scale", json_string(r->scale));
    json_object_set_new(root, "next_step",
                        json_pack("{s:s,s:f,s:s,s:s,s:f,s:f,s:s,s:f}", "action", cnsim_step_action_name(r->action),
                                  "daily_dose_mg", r->daily_dose_mg, "from_date", r->from_date, "reason", r->reason,
                                  "hold_days", r->hold_days, "cut_percent", r->cut_percent, "take", r->take,
                                  "last_tolerated_mg", r->last_tolerated_mg));
    json_object_set_new(root, "fit",
                        json_pack("{s:f,s:[f,f],s:f,s:[f,f],s:f,s:f,s:[f,f],s:[f,f,f],s:f,s:i,s:f,s:i}", "sensitivity",
                                  r->sensitivity, "sensitivity_ci90", r->sens_ci90[0], r->sens_ci90[1], "dependence",
                                  r->dependence, "dependence_ci90", r->dep_ci90[0], r->dep_ci90[1], "dependence_typical",
                                  r->dep_max_typical, "adaptation_half_life_factor",
                                  r->adaptation_half_life_factor, "adaptation_ci90", r->adapt_ci90[0], r->adapt_ci90[1],
                                  "eta", r->eta[0], r->eta[1], r->eta[2], "objective", r->objective, "ratings", r->n_ratings,
                                  "clearance_factor", r->cl_factor, "troughs", r->n_troughs));
    json_object_set_new(root, "link",
                        json_pack("{s:f,s:f,s:f,s:f,s:f,s:f,s:b,s:s}", "baseline", r->baseline, "slope_per_index",
                                  r->slope, "tolerable", r->tolerable, "severe", r->severe, "residual_sd",
                                  r->residual_sd, "abrupt_peak_index", r->abrupt_peak_index,
                                  "calibrated_on_published_means", r->calibrated_on_means, "source", r->link_source));
    for (size_t i = 0; i < d->n; i++) {
        json_t *e = json_pack("{s:s,s:f,s:o,s:o,s:o}", "date", d->e[i].date, "daily_dose_mg", d->e[i].daily_dose_mg,
                              "score", num_or_null(d->e[i].score), "fitted", num_or_null(r->fitted[i]), "trough_ng_mL",
                              num_or_null(d->e[i].trough_ng_mL));
        json_array_append_new(entries, e);
    }
    json_object_set_new(root, "entries", entries);
    for (size_t i = 0; i < r->n_options; i++) {
        const cnsim_diary_option *p = &r->options[i];
        json_t *c = json_array();
        for (size_t k = 0; c && k < r->n_days; k++) {
            char date[11];
            date_plus(r->first_day, (long)k, date);
            json_array_append_new(c, json_pack("{s:s,s:f,s:f,s:f}", "date", date, "median", p->median[k], "lo90",
                                               p->lo[k], "hi90", p->hi[k]));
        }
        json_array_append_new(opts, json_pack("{s:s,s:s,s:f,s:f,s:f,s:b,s:o}", "option", p->label, "action",
                                              cnsim_step_action_name(p->action), "daily_dose_mg", p->daily_dose_mg,
                                              "p_tolerable", p->p_tolerable, "peak_median", p->peak_median, "chosen",
                                              i == r->chosen, "course", c));
    }
    json_object_set_new(root, "options", opts);
    int rc = cli_json_write(root, f, JSON_INDENT(2) | JSON_REAL_PRECISION(8), "taper");
    json_decref(root);
    return rc;
}

static void write_text(const cnsim_diary *d, const cnsim_diary_opts *o, const cnsim_diary_result *r, FILE *f)
{
    const char *sc = !strcmp(r->scale, "ciwa_b") ? "CIWA-B" : "BWSQ";
    fprintf(f, "%s\n\n", DIARY_DISCLAIMER);
    fprintf(f, "Adaptive taper of %s from a diary of %zu entries (%s, %d rating(s) after the baseline", o->drug, d->n, sc,
            r->n_ratings);
    if (r->n_troughs)
        fprintf(f, ", %d trough(s): clearance x%.2f", r->n_troughs, r->cl_factor);
    fputs(")\n\n", f);
    fprintf(f, "NEXT STEP: %s", cnsim_step_action_name(r->action));
    if (r->action == CNSIM_STEP_REDUCE)
        fprintf(f, " by %.0f%% to %g mg/day", r->cut_percent, r->daily_dose_mg);
    else if (r->action == CNSIM_STEP_HOLD)
        fprintf(f, " %g mg/day for %g days", r->daily_dose_mg, r->hold_days);
    else
        fprintf(f, " to %g mg/day (the last tolerated dose)", r->daily_dose_mg);
    fprintf(f, " from %s\n  take: %s\n  why: %s\n\n", r->from_date, r->take, r->reason);
    fprintf(f, "The patient: sensitivity x%.2f (90%%: %.2f-%.2f), dependence depth %.2f (90%%: %.2f-%.2f; typical "
            "%.2f), recovery half-life x%.2f (90%%: %.2f-%.2f)\n", r->sensitivity, r->sens_ci90[0], r->sens_ci90[1],
            r->dependence, r->dep_ci90[0], r->dep_ci90[1], r->dep_max_typical, r->adaptation_half_life_factor,
            r->adapt_ci90[0], r->adapt_ci90[1]);
    fprintf(f, "The link: %s = %.1f (baseline) + %.1f x sensitivity x withdrawal index (7-day mean); %s\n", sc, r->baseline, r->slope,
            r->calibrated_on_means ? "calibrated on published mean scores" : "anchored by a declared assumption (no "
            "published mean scores in the registry; data/96_tdm.sql)");
    fprintf(f, "  %s\n\n", r->link_source);
    fputs("  date         dose mg/day   score   fitted\n", f);
    for (size_t i = 0; i < d->n; i++) {
        char s[16] = "", t[16] = "";
        if (!isnan(d->e[i].score))
            snprintf(s, sizeof s, "%g", d->e[i].score), snprintf(t, sizeof t, "%.1f", r->fitted[i]);
        fprintf(f, "  %s   %9g   %6s   %6s\n", d->e[i].date, d->e[i].daily_dose_mg, s, t);
    }
    fprintf(f, "\nOptions over the next %zu days (%s as rated each day; median and 90%% band):\n", r->n_days, sc);
    for (size_t i = 0; i < r->n_options; i++) {
        const cnsim_diary_option *p = &r->options[i];
        size_t k7 = r->n_days > 7 ? 7 : r->n_days - 1, kl = r->n_days - 1;
        fprintf(f, "  %s%-11s %7g mg/day  P(<= %g) %.2f  day 7: %.1f (%.1f-%.1f)  day %zu: %.1f (%.1f-%.1f)\n",
                i == r->chosen ? "* " : "  ", p->label, p->daily_dose_mg, r->tolerable, p->p_tolerable, p->median[k7],
                p->lo[k7], p->hi[k7], kl + 1, p->median[kl], p->lo[kl], p->hi[kl]);
    }
}

static void write_csv(const cnsim_diary_result *r, FILE *f)
{
    fputs("option,action,daily_dose_mg,date,day,score_median,score_lo90,score_hi90,chosen\n", f);
    char b[4][32];
    for (size_t i = 0; i < r->n_options; i++)
        for (size_t k = 0; k < r->n_days; k++) {
            const cnsim_diary_option *p = &r->options[i];
            char date[11];
            date_plus(r->first_day, (long)k, date);
            fprintf(f, "%s,%s,%s,%s,%zu,%s,%s,%s,%d\n", p->label, cnsim_step_action_name(p->action),
                    cli_num(p->daily_dose_mg, b[0]), date, k, cli_num(p->median[k], b[1]), cli_num(p->lo[k], b[2]),
                    cli_num(p->hi[k], b[3]), i == r->chosen);
        }
}

static int write_plot(const cnsim_diary *d, const cnsim_diary_result *r, FILE *fp, const char *path)
{
    size_t nd = r->n_days, ne = d->n;
    long last = d->e[d->n - 1].day;
    double *te = malloc(ne * sizeof *te), *ye = malloc(ne * sizeof *ye), *tf = malloc(ne * sizeof *tf),
           *yf = malloc(ne * sizeof *yf), *tc = malloc(nd * sizeof *tc);
    cnsim_plot_series ser[2 + CNSIM_DIARY_MAX_OPTIONS];
    if (!te || !ye || !tf || !yf || !tc) {
        free(te), free(ye), free(tf), free(yf), free(tc);
        return cli_fail("taper: out of memory");
    }
    size_t m = 0, mf = 0;
    for (size_t i = 0; i < ne; i++)
        if (!isnan(d->e[i].score)) {
            te[m] = d->e[i].day * 24.0, ye[m++] = d->e[i].score;
            tf[mf] = d->e[i].day * 24.0, yf[mf++] = r->fitted[i];
        }
    for (size_t k = 0; k < nd; k++)
        tc[k] = (last + 1 + (double)k) * 24;
    size_t ns = 0;
    ser[ns++] = (cnsim_plot_series){.label = "rated", .t_h = te, .y = ye, .n = m, .color = 2, .points = 1};
    ser[ns++] = (cnsim_plot_series){.label = "fitted (MAP)", .t_h = tf, .y = yf, .n = mf, .color = 1, .dashed = 1};
    for (size_t i = 0; i < r->n_options; i++) {
        const cnsim_diary_option *p = &r->options[i];
        ser[ns++] = (cnsim_plot_series){.label = p->label, .t_h = tc, .y = p->median, .n = nd, .color = (int)(3 + i),
                                        .band_lo = i == r->chosen ? p->lo : NULL, .band_hi = i == r->chosen ? p->hi : NULL,
                                        .band_label = i == r->chosen ? "90% band (chosen)" : NULL};
    }
    char title[160];
    snprintf(title, sizeof title, "Adaptive taper: %s ratings and the options from %s", r->scale, r->from_date);
    cnsim_plot_spec spec = {.title = title, .y_label = !strcmp(r->scale, "ciwa_b") ? "CIWA-B score" : "BWSQ score",
                            .n_panels = 1, .series = ser, .n_series = ns,
                            .footnote = "Time from the first diary entry. Research and teaching simulator, not medical "
                                        "advice."};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    free(te), free(ye), free(tf), free(yf), free(tc);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

int taper_diary_run(cnsim_registry *reg, const cnsim_diary_opts *o, const char *path, cli_format fmt, FILE *f,
                    FILE *plot_fp, const char *plot)
{
    cnsim_diary d;
    cnsim_status st = cnsim_diary_read(path, &d);
    if (st != CNSIM_OK)
        return cli_report(st, "--diary");
    cnsim_diary_result r;
    st = cnsim_diary_plan(reg, &d, o, &r);
    int rc = 0;
    if (st != CNSIM_OK)
        rc = cli_report(st, "--diary");
    else {
        if (fmt == CLI_FMT_JSON)
            rc = write_json(&d, o, &r, f);
        else if (fmt == CLI_FMT_CSV)
            write_csv(&r, f);
        else
            write_text(&d, o, &r, f);
        if (!rc && plot_fp)
            rc = write_plot(&d, &r, plot_fp, plot);
        cnsim_diary_result_free(&r);
    }
    cnsim_diary_free(&d);
    return rc;
}
