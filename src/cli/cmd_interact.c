/* cnsim interact DRUG[:AMOUNT] DRUG[:AMOUNT] ... [--format text|json] */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cnsim/interact.h"

static const char help[] =
    "usage: cnsim interact DRUG[:AMOUNT] DRUG[:AMOUNT] ... [--format text|json]\n"
    "\n"
    "Interactions of 2-8 drugs taken together: label findings (severity, mechanism,\n"
    "advice, source), simulated steady-state AUC fold changes from CYP effects, and\n"
    "the respiratory-drive index (1 = normal) over 24 h after single doses, for the\n"
    "combination and each drug alone (response surface, docs/clinical.md).\n"
    "AMOUNT: 1mg, 500ug, 0.4g; ethanol also 1g/L or 80mg/dL (blood level) or\n"
    "2drinks (US standard drinks, 14 g each). No amount: the registry's usual adult dose.\n"
    "\n"
    "examples:\n"
    "  cnsim interact clonazepam:1mg oxycodone:20mg\n"
    "  cnsim interact clonazepam:1mg ethanol:2drinks --format json\n";

static const char disclaimer[] =
    "cnsim is a research and teaching simulator, not medical advice.";

int cli_interact(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) { fputs(help, stdout); return CLI_OK; }
    cli_format fmt = CLI_FMT_TEXT;
    const char *args[CNSIM_INTERACT_MAX_DRUGS + 1];
    int n = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format")) {
            if (i + 1 >= argc) return cli_bad_input("--format needs a value");
            if (cli_parse_format(argv[++i], &fmt)) return CLI_BAD_INPUT;
            if (fmt == CLI_FMT_CSV) return cli_bad_input("--format: csv is not offered by interact; use text or json");
        } else if (argv[i][0] == '-' && argv[i][1] == '-') {
            return cli_bad_input("interact: unknown option '%s' (see cnsim interact --help)", argv[i]);
        } else {
            if (n > CNSIM_INTERACT_MAX_DRUGS)
                return cli_bad_input("interact: at most %d drugs", CNSIM_INTERACT_MAX_DRUGS);
            args[n++] = argv[i];
        }
    }
    if (n < 2) return cli_bad_input("interact: give at least two drugs, e.g. cnsim interact clonazepam:1mg oxycodone:20mg");
    if (n > CNSIM_INTERACT_MAX_DRUGS) return cli_bad_input("interact: at most %d drugs", CNSIM_INTERACT_MAX_DRUGS);
    cnsim_registry *reg = NULL;
    cnsim_status st = cnsim_registry_open(NULL, &reg);
    if (st != CNSIM_OK) return cli_report(st, "registry");
    cnsim_interact_drug d[CNSIM_INTERACT_MAX_DRUGS];
    for (int i = 0; i < n; i++) {
        st = cnsim_interact_parse(reg, args[i], &d[i]);
        if (st != CNSIM_OK) { cnsim_registry_free(reg); return cli_report(st, args[i]); }
    }
    static cnsim_interact_result r;
    st = cnsim_interact_analyze(reg, d, (size_t)n, &r);
    if (st != CNSIM_OK) { cnsim_registry_free(reg); return cli_report(st, "interact"); }
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
            if (cnsim_registry_cite(reg, f->source, cite, sizeof cite) == CNSIM_OK)
                json_object_set_new(x, "citation", json_string(cite));
            json_array_append_new(fj, x);
        }
        json_object_set_new(o, "findings", fj);
        if (r.n_pk > 0) {
            json_object_set_new(o, "auc_fold_change", json_real(r.pk[0].auc_fold_change));
            json_t *pj = json_array();
            for (size_t i = 0; i < r.n_pk; i++) {
                cnsim_interact_pk *k = &r.pk[i];
                json_array_append_new(pj, json_pack("{s:s,s:s,s:f,s:f,s:f,s:f,s:b,s:s,s:s}",
                    "perpetrator", k->perpetrator, "victim", k->victim,
                    "cl_multiplier", k->cl_multiplier,
                    "auc_tau_without_ng_h_mL", k->auc_tau_without_ng_h_mL,
                    "auc_tau_with_ng_h_mL", k->auc_tau_with_ng_h_mL,
                    "auc_fold_change", k->auc_fold_change, "is_assumed", k->is_assumed,
                    "basis", k->basis, "source", k->source));
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
            json_object_set_new(o, "respiratory_model", json_string(
                "Minto 2000 response surface over oxycodone concentration, benzodiazepine efficacy-weighted occupancy and blood ethanol; interaction calibrated to Bailey 1990 (docs/clinical.md)"));
        }
        json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        fputc('\n', stdout);
        json_decref(o);
    } else {
        printf("%s\n\n", disclaimer);
        for (int i = 0; i < n; i++) printf("  %-16s %s\n", d[i].name, d[i].dose_note);
        printf("\nfindings:\n");
        for (size_t i = 0; i < r.n_findings; i++) {
            cnsim_interact_finding *f = &r.findings[i];
            printf("  [%s] %s + %s\n    mechanism: %s\n    advice:    %s\n    source:    %s\n",
                   f->severity, f->drugs[0], f->drugs[1], f->mechanism, f->advice, f->source);
        }
        for (size_t i = 0; i < r.n_pk; i++) {
            cnsim_interact_pk *k = &r.pk[i];
            printf("\nPK: %s changes %s clearance x%.2f -> steady-state AUC fold change %.2f (%s%s)\n    basis: %s\n",
                   k->perpetrator, k->victim, k->cl_multiplier, k->auc_fold_change, k->source,
                   k->is_assumed ? ", assumed value" : "", k->basis);
        }
        if (r.has_respiratory) {
            printf("\nrespiratory-drive index (1 = normal), minimum over %.0f h after single doses:\n", r.horizon_h);
            printf("  combined   %.3f at %.1f h\n", r.resp_min_combined, r.resp_min_time_h);
            for (int i = 0; i < n; i++)
                printf("  %-10s %.3f alone\n", d[i].name, r.resp_min_alone[i]);
        }
    }
    cnsim_registry_free(reg);
    return CLI_OK;
}
