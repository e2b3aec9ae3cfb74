/* cnsim withdrawal: compare the withdrawal index of several schedules of
 * one drug (abrupt stop, tapers, a switch to diazepam). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_job.h"

static const char help[] =
    "usage: cnsim withdrawal --drug NAME --schedule TEXT [--schedule TEXT]...\n"
    "                        [--switch-to NAME --switch-schedule TEXT] [--until DUR]\n"
    "                        [--format text|json] [--out FILE]\n"
    "\n"
    "Simulates each schedule of one drug (a regimen string; segments joined by 'then')\n"
    "through pharmacokinetics, benzodiazepine-site occupancy and GABA-A adaptation, and\n"
    "reports for each the peak withdrawal index (rebound excitability: the adapted state\n"
    "minus the current drug effect, 0 = none), the day of the peak, the first day above\n"
    "the threshold and the days spent above it (threshold and model: docs/models.md).\n"
    "A second drug given with --switch-to/--switch-schedule is added to every schedule\n"
    "(e.g. a diazepam crossover). The simulation runs to 8 weeks after the last dose\n"
    "unless --until says otherwise.\n"
    "\n"
    "examples:\n"
    "  cnsim withdrawal --drug clonazepam --schedule \"0.5 mg bid for 28 d\" \\\n"
    "      --schedule \"0.5 mg bid for 28 d then 0.375 mg bid for 14 d then 0.25 mg bid for 14 d then 0.125 mg bid for 14 d\"\n"
    "  cnsim withdrawal --drug alprazolam --schedule \"0.5 mg bid for 28 d\" --format json\n";

#define MAX_SCHEDULES 16

int cli_withdrawal(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    const char *drug = NULL, *schedules[MAX_SCHEDULES], *out = NULL, *sw = NULL, *sw_sched = NULL;
    size_t n_sched = 0;
    double until_h = NAN;
    cli_format fmt = CLI_FMT_TEXT;
    int rc = 0;
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc && a[0] == '-')
            return cli_bad_input("%s: missing value", a);
        if (!strcmp(a, "--drug"))
            drug = argv[++i];
        else if (!strcmp(a, "--schedule") || !strcmp(a, "--regimen")) {
            if (n_sched == MAX_SCHEDULES)
                return cli_bad_input("--schedule: more than %d schedules", MAX_SCHEDULES);
            schedules[n_sched++] = argv[++i];
        } else if (!strcmp(a, "--switch-to"))
            sw = argv[++i];
        else if (!strcmp(a, "--switch-schedule"))
            sw_sched = argv[++i];
        else if (!strcmp(a, "--until")) {
            cnsim_status st = cnsim_parse_duration_h(argv[++i], "--until", &until_h);
            if (st != CNSIM_OK)
                return cli_report(st, "--until");
        } else if (!strcmp(a, "--format"))
            rc = cli_parse_format(argv[++i], &fmt);
        else if (!strcmp(a, "--out"))
            out = argv[++i];
        else
            return cli_bad_input("withdrawal: unknown option '%s' (see cnsim withdrawal --help)", a);
    }
    if (rc)
        return rc;
    if (!drug)
        return cli_bad_input("withdrawal: --drug is required (e.g. --drug clonazepam)");
    if (n_sched == 0)
        return cli_bad_input("withdrawal: at least one --schedule is required (e.g. \"0.5 mg bid for 28 d\")");
    if ((sw == NULL) != (sw_sched == NULL))
        return cli_bad_input("withdrawal: --switch-to and --switch-schedule go together");
    if (fmt == CLI_FMT_CSV)
        return cli_bad_input("--format: csv is not offered here; expected text or json");
    cnsim_pd_withdrawal_summary res[MAX_SCHEDULES];
    double last_dose[MAX_SCHEDULES];
    for (size_t k = 0; k < n_sched && !rc; k++) {
        sim_job j;
        job_init(&j);
        j.default_tail_h = 56 * 24.0;
        j.every_h = 1.0;
        j.until_h = until_h;
        j.skip_summary = 1;
        cnsim_status st = cnsim_registry_open(NULL, &j.reg);
        if (st != CNSIM_OK)
            rc = cli_report(st, "registry");
        if (!rc && !(rc = job_add_drug(&j, drug)))
            j.spec_regimen[0] = schedules[k];
        if (!rc && sw && !(rc = job_add_drug(&j, sw)))
            j.spec_regimen[1] = sw_sched;
        if (!rc && !(rc = job_prepare(&j)) && !(rc = job_run(&j))) {
            int has_bzd = 0;
            for (size_t q = 0; j.pd_enabled && q < j.n_out; q++)
                has_bzd |= j.pd_drugs[q].target == CNSIM_PD_TARGET_BZD;
            if (!has_bzd)
                rc = cli_bad_input("withdrawal: %s does not act at the GABA-A benzodiazepine site; expected a benzodiazepine", drug);
            res[k] = j.withdrawal;
            last_dose[k] = 0;
            for (size_t e = 0; e < j.ev.n; e++)
                if (j.ev.ev[e].evid == CNSIM_EVID_DOSE || j.ev.ev[e].evid == CNSIM_EVID_RESET_DOSE)
                    last_dose[k] = fmax(last_dose[k], j.ev.ev[e].time_h);
        }
        job_free(&j);
    }
    if (rc)
        return rc;
    cli_out o;
    if ((rc = cli_out_open(&o, out)))
        return rc;
    if (fmt == CLI_FMT_JSON) {
        json_t *root = json_object(), *arr = json_array();
        json_object_set_new(root, "disclaimer", json_string(job_disclaimer));
        json_object_set_new(root, "drug", json_string(drug));
        json_object_set_new(root, "threshold", json_real(res[0].threshold));
        for (size_t k = 0; k < n_sched; k++) {
            json_t *s = json_object();
            json_object_set_new(s, "schedule", json_string(schedules[k]));
            json_object_set_new(s, "last_dose_day", json_real(last_dose[k] / 24));
            json_object_set_new(s, "peak_withdrawal_index", json_real(res[k].peak));
            json_object_set_new(s, "peak_day", isnan(res[k].peak_time_h) ? json_null() : json_real(res[k].peak_time_h / 24));
            json_object_set_new(s, "onset_day", isnan(res[k].onset_time_h) ? json_null() : json_real(res[k].onset_time_h / 24));
            json_object_set_new(s, "days_above_threshold", json_real(res[k].hours_above / 24));
            json_array_append_new(arr, s);
        }
        json_object_set_new(root, "schedules", arr);
        json_dumpf(root, o.fp, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        fputc('\n', o.fp);
        json_decref(root);
    } else {
        fprintf(o.fp, "%s\n\nWithdrawal index of %s (threshold %.2f; 0 = no rebound):\n\n", job_disclaimer, drug, res[0].threshold);
        fprintf(o.fp, "%-4s %8s %10s %8s %10s %12s  %s\n", "", "peak", "peak day", "onset", "days above", "last dose", "schedule");
        for (size_t k = 0; k < n_sched; k++) {
            char onset[16] = "-", peak_day[16] = "-";
            if (!isnan(res[k].onset_time_h))
                snprintf(onset, sizeof onset, "%.1f", res[k].onset_time_h / 24);
            if (!isnan(res[k].peak_time_h))
                snprintf(peak_day, sizeof peak_day, "%.1f", res[k].peak_time_h / 24);
            fprintf(o.fp, "%-4zu %8.3f %10s %8s %10.1f %12.1f  %s\n", k + 1, res[k].peak, peak_day, onset,
                    res[k].hours_above / 24, last_dose[k] / 24, schedules[k]);
        }
        if (sw)
            fprintf(o.fp, "\nEvery schedule also has %s: %s\n", sw, sw_sched);
    }
    return cli_out_close(&o, !ferror(o.fp));
}
