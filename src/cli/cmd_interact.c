/* cnsim interact DRUG[:AMOUNT] DRUG[:AMOUNT] ... [--format text|json] */
#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/interact.h"

typedef struct interact_args {
    cli_format fmt;
    const char *out, *plot;
} interact_args;

static const cli_opt opts[] = {
    {.kind = CLI_OPT_FORMAT, .off = offsetof(interact_args, fmt), .help = "text (default), json or html (a self-contained report: inputs, warnings with sources, tables, figure, manifest)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(interact_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(interact_args, plot),
     .help = "minute ventilation and respiratory drive over 24 h, combined and each drug alone (.png, .svg, .pdf; "
             "needs two respiratory depressants)"},
};

static const cli_cmd cmd = {
    .name = "interact",
    .usage = "DRUG[:AMOUNT] DRUG[:AMOUNT] ... [--format text|json|html] [--out FILE] [--plot FILE]\n",
    .about =
        "Interactions of 2-8 drugs taken together: label findings (severity, mechanism, advice,\n"
        "source), simulated steady-state AUC fold changes from CYP effects, and the respiratory-drive\n"
        "index (1 = normal) over 24 h after single doses, for the combination and each drug alone\n"
        "(response surface, docs/clinical.md). AMOUNT: 1mg, 500ug, 0.4g; ethanol also 1g/L or 80mg/dL\n"
        "(blood level) or 2drinks (US standard drinks, 14 g each). No amount: the registry's usual\n"
        "adult dose.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim interact clonazepam:1mg oxycodone:20mg\n"
                "  cnsim interact clonazepam:1mg ethanol:2drinks --format json\n"
                "  cnsim interact clonazepam:1mg oxycodone:20mg --plot ventilation.svg\n",
    .formats = CLI_FMTS_TJ | CLI_FMT_BIT(CLI_FMT_HTML),
    .max_pos = CNSIM_INTERACT_MAX_DRUGS,
    .pos_metavar = "DRUG[:AMOUNT]",
};

static const char disclaimer[] =
    "cnsim is a research and teaching simulator, not medical advice.";

/* Minute ventilation and respiratory drive over the window: the
 * combination solid, each drug alone dashed in its own colour. */
static int write_plot(FILE *fp, const char *path, const cnsim_interact_drug *d, int n, const cnsim_interact_result *r)
{
    if (!r->has_respiratory || r->n_curve < 2)
        return cli_bad_input("--plot: no respiratory curves to draw: they need two respiratory depressants among "
                             "the drugs (an opioid, a benzodiazepine, ethanol)");
    cnsim_plot_series ser[2 * (CNSIM_INTERACT_MAX_DRUGS + 1)];
    char labels[CNSIM_INTERACT_MAX_DRUGS][CNSIM_NAME_MAX + 16];
    double t[CNSIM_INTERACT_CURVE_MAX];
    for (size_t c = 0; c < r->n_curve; c++)
        t[c] = r->curve_time_h[c];
    size_t k = 0;
    ser[k++] = (cnsim_plot_series){.label = "combined", .t_h = t, .y = r->vent_combined, .n = r->n_curve,
                                   .panel = 0, .color = 0};
    ser[k++] = (cnsim_plot_series){.label = NULL, .t_h = t, .y = r->drive_combined, .n = r->n_curve, .panel = 1,
                                   .color = 0};
    for (int i = 0; i < n; i++) {
        snprintf(labels[i], sizeof labels[i], "%.*s alone", CNSIM_NAME_MAX - 1, d[i].name);
        ser[k++] = (cnsim_plot_series){.label = labels[i], .t_h = t, .y = r->vent_alone[i], .n = r->n_curve,
                                       .panel = 0, .color = 1 + i % 7, .dashed = 1};
        ser[k++] = (cnsim_plot_series){.label = NULL, .t_h = t, .y = r->drive_alone[i], .n = r->n_curve,
                                       .panel = 1, .color = 1 + i % 7, .dashed = 1};
    }
    const char *titles[2] = {"resting minute ventilation (van der Schrier 2017 calibration)",
                             "respiratory-drive index (1 - probability of hypoxemia, Bailey 1990)"};
    const char *ylab[2] = {"fraction of baseline", "index (1 = normal)"};
    char title[256] = "Breathing after single doses:";
    for (int i = 0; i < n; i++) {
        size_t len = strlen(title);
        snprintf(title + len, sizeof title - len, "%s %.*s", i ? " +" : "", CNSIM_NAME_MAX - 1, d[i].name);
    }
    cnsim_plot_spec spec = {.title = title, .n_panels = 2, .panel_titles = titles, .panel_y_labels = ylab,
                            .series = ser, .n_series = k,
                            .footnote = "cnsim is a research and teaching simulator, not medical advice "
                                        "(docs/clinical.md)."};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

/* The curves as JSON arrays: time, combined, and each drug alone. */
static json_t *curves_json(const cnsim_interact_drug *d, int n, const cnsim_interact_result *r)
{
    json_t *t = json_array(), *vc = json_array(), *dc = json_array(), *va = json_object(), *da = json_object();
    for (size_t c = 0; c < r->n_curve; c++) {
        json_array_append_new(t, json_real(r->curve_time_h[c]));
        json_array_append_new(vc, json_real(r->vent_combined[c]));
        json_array_append_new(dc, json_real(r->drive_combined[c]));
    }
    for (int i = 0; i < n; i++) {
        json_t *v = json_array(), *w = json_array();
        for (size_t c = 0; c < r->n_curve; c++) {
            json_array_append_new(v, json_real(r->vent_alone[i][c]));
            json_array_append_new(w, json_real(r->drive_alone[i][c]));
        }
        json_object_set_new(va, d[i].name, v);
        json_object_set_new(da, d[i].name, w);
    }
    return json_pack("{s:o,s:o,s:o,s:o,s:o}", "time_h", t, "minute_ventilation_frac_combined", vc,
                     "minute_ventilation_frac_alone", va, "respiratory_drive_combined", dc,
                     "respiratory_drive_alone", da);
}

int cli_interact(int argc, char **argv)
{
    interact_args a = {.fmt = CLI_FMT_TEXT};
    const char *args[CNSIM_INTERACT_MAX_DRUGS];
    int n = 0;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, args, &n);
    if (rc != CLI_PARSED)
        return rc;
    cli_format fmt = a.fmt;
    if (n < 2) return cli_bad_input("interact: give at least two drugs, e.g. cnsim interact clonazepam:1mg oxycodone:20mg");
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out, *plot_fp = NULL;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)) || (a.plot && (rc = cli_outs_open_plot(&outs, a.plot, &plot_fp))))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg = NULL;
    cnsim_status st = cli_registry_open(NULL, &reg);
    if (st != CNSIM_OK) return cli_outs_close(&outs, cli_report(st, "registry"));
    cnsim_interact_drug d[CNSIM_INTERACT_MAX_DRUGS];
    for (int i = 0; i < n; i++) {
        st = cnsim_interact_parse(reg, args[i], &d[i]);
        if (st != CNSIM_OK) {
            rc = cli_report(st, args[i]);
            cnsim_registry_free(reg);
            return cli_outs_close(&outs, rc);
        }
    }
    /* on the heap: large, and commands run in several threads at once
     * inside the library (cnsim_command_run) */
    cnsim_interact_result *rp = malloc(sizeof *rp);
    if (!rp) {
        cnsim_registry_free(reg);
        return cli_outs_close(&outs, cli_fail("interact: out of memory"));
    }
#define r (*rp)
    st = cnsim_interact_analyze(reg, d, (size_t)n, &r);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "interact");
        cnsim_registry_free(reg);
        free(rp);
        return cli_outs_close(&outs, rc);
    }
    if (plot_fp && (rc = write_plot(plot_fp, a.plot, d, n, &r)) != 0) {
        cnsim_registry_free(reg);
        free(rp);
        return cli_outs_close(&outs, rc);
    }
    if (fmt == CLI_FMT_JSON) {
        json_t *o = json_object();
        json_object_set_new(o, "disclaimer", json_string(disclaimer));
        json_t *dj = json_array();
        for (int i = 0; i < n; i++) {
            json_t *x = json_object();
            json_object_set_new(x, "name", json_string(d[i].name));
            if (d[i].bac_g_L > 0) json_object_set_new(x, "blood_ethanol_g_L", json_real(d[i].bac_g_L));
            else json_object_set_new(x, "dose_mg", json_real(d[i].dose_mg));
            json_object_set_new(x, "is_default_dose", json_boolean(d[i].is_default_dose));
            json_object_set_new(x, "dose_note", json_string(d[i].dose_note));
            json_array_append_new(dj, x);
        }
        json_object_set_new(o, "drugs", dj);
        json_t *fj = json_array();
        for (size_t i = 0; i < r.n_findings; i++) {
            cnsim_interact_finding *f = &r.findings[i];
            char cite[1024];
            json_t *x = json_object();
            json_object_set_new(x, "severity", json_string(f->severity));
            json_object_set_new(x, "drugs", json_pack("[ss]", f->drugs[0], f->drugs[1]));
            json_object_set_new(x, "mechanism", json_string(f->mechanism));
            json_object_set_new(x, "advice", json_string(f->advice));
            json_object_set_new(x, "source", json_string(f->source));
            cnsim_status cs = cnsim_registry_cite(reg, f->source, cite, sizeof cite);
            if (cs == CNSIM_OK)
                json_object_set_new(x, "citation", json_string(cite));
            json_array_append_new(fj, x);
            if (cs == CNSIM_E_NOMEM) {   /* not a missing source: the citation could not be read */
                rc = cli_report(cs, "interact");
                json_decref(o);
                o = NULL;
                break;
            }
        }
        if (!o) {
            cnsim_registry_free(reg);
            free(rp);
            return cli_outs_close(&outs, rc);
        }
        json_object_set_new(o, "findings", fj);
        if (r.n_pk > 0) {
            json_object_set_new(o, "auc_fold_change", json_real(r.pk[0].auc_fold_change));
            json_t *pj = json_array();
            for (size_t i = 0; i < r.n_pk; i++) {
                cnsim_interact_pk *k = &r.pk[i];
                json_t *pe = json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:b,s:s,s:s,s:s}",
                    "perpetrator", k->perpetrator, "victim", k->victim,
                    "cl_multiplier", k->cl_multiplier,
                    "auc_tau_without_ng_h_mL", k->auc_tau_without_ng_h_mL,
                    "auc_tau_with_ng_h_mL", k->auc_tau_with_ng_h_mL,
                    "auc_fold_change", k->auc_fold_change, "is_assumed", k->is_assumed,
                    "basis", k->basis, "source", k->source, "regimens", k->regimens);
                if (pe)
                    json_object_set_new(pe, "published_cl_multiplier",
                                        k->published_cl_multiplier > 0 ? json_real(k->published_cl_multiplier) : json_null());
                json_array_append_new(pj, pe);
            }
            json_object_set_new(o, "pk_effects", pj);
        }
        if (r.has_respiratory) {
            json_object_set_new(o, "respiratory_drive_min_combined", json_real(r.resp_min_combined));
            json_object_set_new(o, "respiratory_drive_min_time_h", json_real(r.resp_min_time_h));
            json_t *a = json_object();
            for (int i = 0; i < n; i++) json_object_set_new(a, d[i].name, json_real(r.resp_min_alone[i]));
            json_object_set_new(o, "respiratory_drive_min_alone", a);
            json_object_set_new(o, "sedation_max_combined", json_real(r.sedation_max_combined));
            /* The drive index is the fraction of volunteers without
             * hypoxemia it was fitted to (Bailey 1990): its complement is
             * the probability of hypoxemia. */
            json_object_set_new(o, "hypoxemia_probability_max_combined", json_real(1 - r.resp_min_combined));
            json_t *ha = json_object();
            for (int i = 0; i < n; i++) json_object_set_new(ha, d[i].name, json_real(1 - r.resp_min_alone[i]));
            json_object_set_new(o, "hypoxemia_probability_max_alone", ha);
            json_object_set_new(o, "minute_ventilation_frac_min_combined", json_real(r.vent_min_combined));
            json_object_set_new(o, "minute_ventilation_min_time_h", json_real(r.vent_min_time_h));
            json_t *va = json_object();
            for (int i = 0; i < n; i++) json_object_set_new(va, d[i].name, json_real(r.vent_min_alone[i]));
            json_object_set_new(o, "minute_ventilation_frac_min_alone", va);
            json_object_set_new(o, "ventilation_model", json_string(
                "resting minute ventilation, fraction of baseline: the opioid's effect, deepened by ethanol and benzodiazepines; calibrated on van der Schrier 2017 (oxycodone, ethanol), Forster 1983 and Berggren 1987 (benzodiazepines alone), Gross 1996 (alfentanil with midazolam) (docs/clinical.md)"));
            json_object_set_new(o, "respiratory_model", json_string(
                "Minto 2000 response surface over oxycodone concentration, benzodiazepine efficacy-weighted occupancy and blood ethanol; interaction calibrated to Bailey 1990 (docs/clinical.md)"));
            json_object_set_new(o, "ventilation_curves", curves_json(d, n, &r));
        }
        rc = cli_json_write(o, out, JSON_INDENT(2) | JSON_REAL_PRECISION(6), "interact");
        json_decref(o);
    } else {
        fprintf(out, "%s\n\n", disclaimer);
        for (int i = 0; i < n; i++) fprintf(out, "  %-16s %s\n", d[i].name, d[i].dose_note);
        fprintf(out, "\nfindings:\n");
        for (size_t i = 0; i < r.n_findings; i++) {
            cnsim_interact_finding *f = &r.findings[i];
            fprintf(out, "  [%s] %s + %s\n    mechanism: %s\n    advice:    %s\n    source:    %s\n",
                   f->severity, f->drugs[0], f->drugs[1], f->mechanism, f->advice, f->source);
        }
        for (size_t i = 0; i < r.n_pk; i++) {
            cnsim_interact_pk *k = &r.pk[i];
            char pub[64] = "no published value";
            if (k->published_cl_multiplier > 0)
                snprintf(pub, sizeof pub, "published clearance x%.2f", k->published_cl_multiplier);
            fprintf(out, "\nPK: %s changes %s clearance x%.2f -> steady-state AUC fold change %.2f\n"
                         "    simulated with the enzyme kinetics: %s (%s, %s)\n    basis: %s\n",
                   k->perpetrator, k->victim, k->cl_multiplier, k->auc_fold_change, k->regimens, pub, k->source,
                   k->basis);
        }
        if (r.has_respiratory) {
            fprintf(out, "\nrespiratory-drive index (1 = normal; 1 minus the probability of hypoxemia it is fitted to,\n"
                         "Bailey 1990), minimum over %.0f h after single doses:\n", r.horizon_h);
            fprintf(out, "  combined   %.3f at %.1f h\n", r.resp_min_combined, r.resp_min_time_h);
            for (int i = 0; i < n; i++)
                fprintf(out, "  %-10s %.3f alone\n", d[i].name, r.resp_min_alone[i]);
            fprintf(out, "\nresting minute ventilation (fraction of baseline), minimum over %.0f h:\n", r.horizon_h);
            fprintf(out, "  combined   %.2f at %.1f h\n", r.vent_min_combined, r.vent_min_time_h);
            for (int i = 0; i < n; i++)
                fprintf(out, "  %-10s %.2f alone\n", d[i].name, r.vent_min_alone[i]);
            fprintf(out, "  (the index above is calibrated on hypoxemia, Bailey 1990; ventilation on van der Schrier 2017)\n");
        }
    }
#undef r
    cnsim_registry_free(reg);
    free(rp);
    return cli_outs_close(&outs, rc);
}
