/* cnsim withdrawal: compare the withdrawal index of several schedules of
 * one drug (abrupt stop, tapers, a switch to another benzodiazepine), each
 * one run of the same model. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char disclaimer[] = "cnsim is a research and teaching simulator, not a prescribing tool.";

typedef struct wd_args {
    const char *drug, *sw, *sw_sched, *out, *times;
    cli_list schedules;
    double until_h;
    int has_until;
    cli_format fmt;
} wd_args;

static const cli_opt opts[] = {
    {.name = "--drug", .kind = CLI_OPT_STRING, .off = offsetof(wd_args, drug), .metavar = "NAME",
     .help = "the benzodiazepine", .eg = "clonazepam"},
    {.name = "--schedule", .alias = "--regimen", .kind = CLI_OPT_LIST, .off = offsetof(wd_args, schedules),
     .metavar = "TEXT", .help = "a regimen string; repeat to compare schedules", .eg = "\"0.5 mg bid for 28 d\""},
    {.name = "--switch-to", .kind = CLI_OPT_STRING, .off = offsetof(wd_args, sw), .metavar = "NAME",
     .help = "a second drug added to every schedule (e.g. a diazepam crossover)", .eg = "diazepam"},
    {.name = "--switch-schedule", .kind = CLI_OPT_STRING, .off = offsetof(wd_args, sw_sched), .metavar = "TEXT",
     .help = "its regimen", .eg = "\"10 mg qd for 28 d start 28 d\""},
    {.name = "--times", .kind = CLI_OPT_STRING, .off = offsetof(wd_args, times), .metavar = "HH:MM,...",
     .help = "clock times of the frequency words qd, daily, bid, tid, qid in every schedule (default: bid "
             "08:00,20:00; as in simulate --help)", .eg = "07:00,19:00"},
    {.kind = CLI_OPT_UNTIL, .off = offsetof(wd_args, until_h), .given = CLI_AT(wd_args, has_until),
     .help = "end of each simulation (default: the last dose + 5 recovery half-lives, see simulate --help)"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(wd_args, fmt), .help = "text (default) or json"},
    {.kind = CLI_OPT_OUT, .off = offsetof(wd_args, out)},
};

static const cli_cmd cmd = {
    .name = "withdrawal",
    .usage = "--drug NAME --schedule TEXT [--schedule TEXT]...\n"
             "                        [--switch-to NAME --switch-schedule TEXT] [--times HH:MM,...] [--until DUR]\n"
             "                        [--format text|json] [--out FILE]\n",
    .about =
        "Simulates each schedule of one drug (a regimen string; segments joined by 'then') through\n"
        "pharmacokinetics, benzodiazepine-site occupancy and GABA-A adaptation, and reports for each\n"
        "the peak withdrawal index (rebound excitability: the adapted state minus the current drug\n"
        "effect, 0 = none), the day of the peak, the first day above the threshold and the days spent\n"
        "above it (threshold and model: docs/models.md). A second drug given with --switch-to and\n"
        "--switch-schedule is added to every schedule (e.g. a diazepam crossover).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim withdrawal --drug clonazepam --schedule \"0.5 mg bid for 28 d\" \\\n"
                "      --schedule \"0.5 mg bid for 28 d then 0.375 mg bid for 14 d then 0.25 mg bid for 14 d then 0.125 mg bid for 14 d\"\n"
                "  cnsim withdrawal --drug alprazolam --schedule \"0.5 mg bid for 28 d\" --format json\n"
                "  cnsim withdrawal --drug clonazepam --schedule \"0.5 mg bid for 28 d\" --times 07:00,19:00\n",
    .formats = CLI_FMTS_TJ,
};

int cli_withdrawal(int argc, char **argv)
{
    wd_args a = {.fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    if (!a.drug)
        return cli_bad_input("withdrawal: --drug is required (e.g. --drug clonazepam)");
    if (a.schedules.n == 0)
        return cli_bad_input("withdrawal: at least one --schedule is required (e.g. \"0.5 mg bid for 28 d\")");
    if ((a.sw == NULL) != (a.sw_sched == NULL))
        return cli_bad_input("withdrawal: --switch-to and --switch-schedule go together");
    double clock_h[CNSIM_REGIMEN_MAX_PER_DAY];
    int n_clock = 0;
    if (a.times) {
        cnsim_status st = cnsim_parse_clock_list(a.times, "--times", clock_h, CNSIM_REGIMEN_MAX_PER_DAY, &n_clock);
        if (st != CNSIM_OK)
            return cli_report(st, "--times");
        /* Each schedule as written first, so its own mistakes are its
         * own; then with the clock, whose mismatches are --times'. */
        int uses_words = 0;
        for (size_t k = 0; k <= a.schedules.n; k++) {
            const char *text = k < a.schedules.n ? a.schedules.v[k] : a.sw_sched;
            cnsim_regimen_info info;
            if (!text)
                continue;
            if ((st = cnsim_regimen_describe(text, &info)) != CNSIM_OK)
                return cli_report(st, k < a.schedules.n ? "--schedule" : "--switch-schedule");
            uses_words |= info.clock_per_day != 0;
            if ((st = cnsim_regimen_describe_clock(text, clock_h, n_clock, &info)) != CNSIM_OK)
                return cli_report(st, "--times");
        }
        if (!uses_words)
            return cli_bad_input("--times %s: no schedule doses by qd, daily, bid, tid or qid, whose clock it sets; "
                                 "expected a schedule such as \"0.5 mg bid for 28 d\"", a.times);
    }
    cnsim_registry *reg = NULL;
    cnsim_model *m = NULL;
    cnsim_run *run = NULL;
    cnsim_pd_withdrawal_summary res[CLI_LIST_MAX];
    double last_dose[CLI_LIST_MAX];
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)))
        return cli_outs_close(&outs, rc);
    cnsim_status st = cli_registry_open(NULL, &reg);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "registry"));
    cnsim_model_drug md[2] = {{a.drug, NULL, NULL}, {a.sw, NULL, NULL}};
    if ((st = cnsim_model_create(reg, md, a.sw ? 2 : 1, NULL, &m)) != CNSIM_OK) {
        rc = cli_report(st, a.sw ? "--drug/--switch-to" : "--drug");
        goto done;
    }
    if (!cnsim_model_has_target(m, CNSIM_PD_TARGET_BZD) ||
        cnsim_model_species_pd(m, 0)->target != CNSIM_PD_TARGET_BZD) {
        rc = cli_bad_input("withdrawal: %s does not act at the GABA-A benzodiazepine site; expected a benzodiazepine",
                           cnsim_model_drug_name(m, 0));
        goto done;
    }
    if ((st = cnsim_run_create(m, &run)) != CNSIM_OK || (st = cnsim_run_set_clock(run, clock_h, (size_t)n_clock)) != CNSIM_OK ||
        (st = cnsim_run_set_grid(run, a.has_until ? a.until_h : NAN, 1)) != CNSIM_OK ||
        (st = cnsim_run_set_outputs(run, CNSIM_RUN_PD)) != CNSIM_OK ||
        (a.sw && (st = cnsim_run_set_regimen(run, 1, a.sw_sched)) != CNSIM_OK)) {
        rc = cli_report(st, a.sw ? "--switch-schedule" : "withdrawal");
        goto done;
    }
    for (size_t k = 0; k < a.schedules.n; k++) {
        if ((st = cnsim_run_set_regimen(run, 0, a.schedules.v[k])) != CNSIM_OK) {
            rc = cli_report(st, "--schedule");
            goto done;
        }
        if ((st = cnsim_run_simulate(run)) != CNSIM_OK) {
            rc = cli_report(st, "withdrawal");
            goto done;
        }
        cnsim_run_metrics mt;
        cnsim_run_get_metrics(run, &mt);
        res[k] = mt.withdrawal;
        const cnsim_event_list *ev = cnsim_run_events(run);
        last_dose[k] = 0;
        for (size_t e = 0; e < ev->n; e++)
            if (ev->ev[e].evid == CNSIM_EVID_DOSE || ev->ev[e].evid == CNSIM_EVID_RESET_DOSE)
                last_dose[k] = fmax(last_dose[k], ev->ev[e].time_h);
    }
    const char *drug = cnsim_model_drug_name(m, 0);
    if (a.fmt == CLI_FMT_JSON) {
        json_t *root = json_object(), *arr = json_array();
        json_object_set_new(root, "disclaimer", json_string(disclaimer));
        json_object_set_new(root, "drug", json_string(drug));
        json_object_set_new(root, "threshold", json_real(res[0].threshold));
        for (size_t k = 0; k < a.schedules.n; k++) {
            json_t *s = json_object();
            json_object_set_new(s, "schedule", json_string(a.schedules.v[k]));
            json_object_set_new(s, "last_dose_day", json_real(last_dose[k] / 24));
            json_object_set_new(s, "peak_withdrawal_index", json_real(res[k].peak));
            json_object_set_new(s, "peak_day", isnan(res[k].peak_time_h) ? json_null() : json_real(res[k].peak_time_h / 24));
            json_object_set_new(s, "onset_day", isnan(res[k].onset_time_h) ? json_null() : json_real(res[k].onset_time_h / 24));
            json_object_set_new(s, "days_above_threshold", json_real(res[k].hours_above / 24));
            json_array_append_new(arr, s);
        }
        json_object_set_new(root, "schedules", arr);
        rc = cli_json_write(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(6), "withdrawal");
        json_decref(root);
    } else {
        fprintf(out, "%s\n\nWithdrawal index of %s (threshold %.2f; 0 = no rebound):\n\n", disclaimer, drug,
                res[0].threshold);
        fprintf(out, "%-4s %8s %10s %8s %10s %12s  %s\n", "", "peak", "peak day", "onset", "days above", "last dose",
                "schedule");
        for (size_t k = 0; k < a.schedules.n; k++) {
            char onset[16] = "-", peak_day[16] = "-";
            if (!isnan(res[k].onset_time_h))
                snprintf(onset, sizeof onset, "%.1f", res[k].onset_time_h / 24);
            if (!isnan(res[k].peak_time_h))
                snprintf(peak_day, sizeof peak_day, "%.1f", res[k].peak_time_h / 24);
            fprintf(out, "%-4zu %8.3f %10s %8s %10.1f %12.1f  %s\n", k + 1, res[k].peak, peak_day, onset,
                    res[k].hours_above / 24, last_dose[k] / 24, a.schedules.v[k]);
        }
        if (a.sw)
            fprintf(out, "\nEvery schedule also has %s: %s\n", cnsim_model_drug_name(m, 1), a.sw_sched);
    }
done:
    rc = cli_outs_close(&outs, rc);
    cnsim_run_free(run);
    cnsim_model_free(m);
    cnsim_registry_free(reg);
    return rc;
}
