/* Assembling a simulation for the CLI and printing it. The chain itself
 * runs in the library (cnsim_model_create, cnsim_run_simulate). */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "sim_job.h"

const char job_disclaimer[] =
    "cnsim is a research and teaching simulator, not a prescribing tool.";

void job_init(sim_job *j)
{
    memset(j, 0, sizeof *j);
    j->until_h = j->every_h = NAN;
    j->opts = cnsim_model_opts_default();
    cnsim_patient_init(&j->patient);
    cnsim_event_list_init(&j->file_ev);
    cnsim_event_list_init(&j->first_ev);
}

void job_free(sim_job *j)
{
    cnsim_event_list_free(&j->file_ev);
    cnsim_event_list_free(&j->first_ev);
    for (size_t s = 0; s < j->n_specs; s++)
        free(j->spec_model[s]);
    for (size_t s = 0; s < j->n_subj; s++)
    {
        if (!j->subj[s].borrowed)
            free(j->subj[s].t), free(j->subj[s].table);
        free(j->subj[s].rec), free(j->subj[s].rec_table);
    }
    free(j->subj);
    free(j->col);
    free(j->summary);
    free(j->findings);
    cnsim_run_free(j->run);
    cnsim_model_free(j->model);
    cnsim_registry_free(j->reg);
    memset(j, 0, sizeof *j);
}

int job_add_drug(sim_job *j, const char *name)
{
    if (j->n_specs == JOB_MAX_DRUGS)
        return cli_bad_input("--drug: more than %d drugs; expected fewer", JOB_MAX_DRUGS);
    char canon[CNSIM_NAME_MAX];
    cnsim_status st = cnsim_registry_resolve(j->reg, name, canon);
    if (st != CNSIM_OK)
        return cli_report(st, "--drug");
    for (size_t s = 0; s < j->n_specs; s++)
        if (!strcmp(j->spec_drug[s], canon))
            return cli_bad_input("--drug: %s is given twice; expected each drug once (join its regimens with 'then')", canon);
    strcpy(j->spec_drug[j->n_specs], canon);
    j->spec_regimen[j->n_specs] = NULL;
    j->spec_form[j->n_specs][0] = '\0';
    j->spec_model[j->n_specs] = NULL;
    j->spec_model_path[j->n_specs] = NULL;
    j->n_specs++;
    return 0;
}

int job_add_model(sim_job *j, const char *path)
{
    if (j->n_specs == JOB_MAX_DRUGS)
        return cli_bad_input("--model: more than %d drugs; expected fewer", JOB_MAX_DRUGS);
    cnsim_pk_model *m = malloc(sizeof *m);
    if (!m)
        return cli_fail("--model: out of memory");
    cnsim_status st = cnsim_pk_model_read(path, m);
    if (st != CNSIM_OK) {
        free(m);
        return cli_report(st, "--model");
    }
    /* A model named like a registry drug (an exported one) is that drug:
     * its effects and label come from the registry by name. */
    char canon[CNSIM_NAME_MAX];
    if (cnsim_registry_resolve(j->reg, m->pk.name, canon) != CNSIM_OK)
        snprintf(canon, sizeof canon, "%s", m->pk.name);
    for (size_t s = 0; s < j->n_specs; s++)
        if (!strcmp(j->spec_drug[s], canon)) {
            free(m);
            return cli_bad_input("--model %s: %s is given twice; expected each drug once", path, canon);
        }
    strcpy(j->spec_drug[j->n_specs], canon);
    j->spec_regimen[j->n_specs] = NULL;
    j->spec_form[j->n_specs][0] = '\0';
    j->spec_model[j->n_specs] = m;
    j->spec_model_path[j->n_specs] = path;
    j->n_specs++;
    return 0;
}

/* The formulation a drug's parameters are built for: the one asked for, or
 * the single oral form its dose records name. IV doses go to the central
 * compartment and do not depend on it. */
static int pick_form(const sim_job *j, const char *drug, char *form)
{
    form[0] = '\0';
    for (size_t s = 0; s < j->n_specs; s++)
        if (!strcmp(j->spec_drug[s], drug) && j->spec_form[s][0])
            strcpy(form, j->spec_form[s]);
    for (size_t i = 0; i < j->file_ev.n; i++) {
        const cnsim_event *e = &j->file_ev.ev[i];
        if (e->drug < 0 || strcmp(j->file_ev.drugs[e->drug], drug) || !e->form[0] || !strcmp(e->form, "iv"))
            continue;
        if (!form[0])
            strcpy(form, e->form);
        else if (strcmp(form, e->form))
            return cli_bad_input("%s: doses use two oral formulations ('%s' and '%s') in one run; expected one per drug",
                                 drug, form, e->form);
    }
    return 0;
}

int job_prepare(sim_job *j)
{
    cnsim_status st;
    /* A data set may name the drugs of model files, which the registry
     * does not know: the reader takes names already in the list. */
    for (size_t s = 0; s < j->n_specs; s++) {
        int k;
        if (j->spec_model[s] && (st = cnsim_event_list_drug(&j->file_ev, j->spec_drug[s], &k)) != CNSIM_OK)
            return cli_report(st, "--model");
    }
    if (j->events_path &&
        (st = cnsim_events_read_csv(j->events_path, j->default_drug, j->reg, &j->file_ev)) != CNSIM_OK)
        return cli_report(st, "--events");
    int any = 0;
    for (size_t s = 0; s < j->n_specs; s++)
        any |= j->spec_regimen[s] != NULL;
    for (size_t i = 0; i < j->file_ev.n; i++)
        any |= j->file_ev.ev[i].evid == CNSIM_EVID_DOSE || j->file_ev.ev[i].evid == CNSIM_EVID_RESET_DOSE;
    if (!any)
        return cli_bad_input("nothing to simulate: no dose records; expected --drug NAME --regimen \"...\", a scenario file or --events FILE");
    /* The model's drugs: those named with --drug, then those of the data set. */
    char names[JOB_MAX_DRUGS][CNSIM_NAME_MAX], forms[JOB_MAX_DRUGS][CNSIM_FORM_MAX];
    size_t n = 0;
    for (size_t s = 0; s < j->n_specs; s++)
        strcpy(names[n++], j->spec_drug[s]);
    for (size_t d = 0; d < j->file_ev.n_drugs; d++) {
        size_t k = 0;
        while (k < n && strcmp(names[k], j->file_ev.drugs[d]))
            k++;
        if (k < n)
            continue;
        if (n == JOB_MAX_DRUGS)
            return cli_bad_input("more than %d drugs in one run", JOB_MAX_DRUGS);
        strcpy(names[n++], j->file_ev.drugs[d]);
    }
    cnsim_model_drug md[JOB_MAX_DRUGS];
    for (size_t d = 0; d < n; d++) {
        int rc = pick_form(j, names[d], forms[d]);
        if (rc)
            return rc;
        md[d] = (cnsim_model_drug){names[d], forms[d], NULL};
        for (size_t s = 0; s < j->n_specs; s++)
            if (j->spec_model[s] && !strcmp(j->spec_drug[s], names[d]))
                md[d].pk = &j->spec_model[s]->pk;
    }
    j->opts.patient = j->has_patient ? &j->patient : NULL;
    if ((st = cnsim_model_create(j->reg, md, n, &j->opts, &j->model)) != CNSIM_OK)
        return cli_report(st, j->has_patient ? "--patient" : "model");
    if ((st = cnsim_run_create(j->model, &j->run)) != CNSIM_OK)
        return cli_report(st, "run");
    for (size_t s = 0; s < j->n_specs; s++)
        if (j->spec_regimen[s] &&
            (st = cnsim_run_set_regimen(j->run, (size_t)cnsim_model_drug_index(j->model, j->spec_drug[s]),
                                        j->spec_regimen[s])) != CNSIM_OK)
            return cli_report(st, "--regimen");
    if (j->n_clock > 0) {
        /* --times changes the clock of the frequency words only: a run
         * where none doses by one would ignore it, so it is refused. */
        int uses_words = 0;
        for (size_t s = 0; s < j->n_specs; s++) {
            cnsim_regimen_info info;
            if (j->spec_regimen[s] && cnsim_regimen_describe(j->spec_regimen[s], &info) == CNSIM_OK)
                uses_words |= info.clock_per_day != 0;
        }
        if (!uses_words)
            return cli_bad_input("--times %s: no regimen doses by qd, daily, bid, tid or qid, whose clock it sets; "
                                 "expected a regimen such as \"0.5 mg bid for 28 d\" (or clock times in the "
                                 "regimen: \"0.5 mg at 07:00,19:00 for 28 d\")", j->times);
        if ((st = cnsim_run_set_clock(j->run, j->clock_h, (size_t)j->n_clock)) != CNSIM_OK)
            return cli_report(st, "--times");
    }
    if ((st = cnsim_run_set_grid(j->run, j->until_h, j->every_h)) != CNSIM_OK)
        return cli_report(st, isnan(j->until_h) ? "--every" : "--until");
    return 0;
}

/* The subjects: those of the data set in order of appearance (an ID that
 * comes back, or whose clock restarts at a reset, once per block), else
 * one. ids[2 s] is the s-th subject's ID, ids[2 s + 1] its block. */
static size_t subject_ids(const sim_job *j, int **ids)
{
    /* The reader numbers the blocks in file order, so a subject starts
     * wherever (ID, block) changes; one pass, one allocation. */
    const cnsim_event_list *l = &j->file_ev;
    *ids = malloc(2 * (l->n ? l->n : 1) * sizeof **ids);
    if (!*ids)
        return 0;
    if (!l->n) {
        (*ids)[0] = 1, (*ids)[1] = 0;
        return 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!i || l->ev[i].id != l->ev[i - 1].id || l->ev[i].block != l->ev[i - 1].block) {
            (*ids)[2 * n] = l->ev[i].id;
            (*ids)[2 * n + 1] = l->ev[i].block;
            n++;
        }
    return n;
}

static cnsim_status set_subject(sim_job *j, const int *id_block)
{
    return cnsim_run_set_subject_events(j->run, j->file_ev.n ? &j->file_ev : NULL, id_block[0], id_block[1]);
}

static int is_dose_record(const cnsim_event *e)
{
    return e->evid == CNSIM_EVID_DOSE || e->evid == CNSIM_EVID_RESET_DOSE;
}

/* --at records: the subject's records in file order, simulated at their
 * times. A record that is not a dose shows the state before the doses
 * and resets at its time that come after it in the file, and after those
 * before it (NONMEM processes records at one time in file order); between
 * two such records at one time it shows the state after both (cnsim does
 * not split an instant; docs/pk.md). The grid is restored after. */
static int run_records(sim_job *j, const int *id_block, unsigned what, job_subject *js)
{
    const cnsim_event_list *l = &j->file_ev;
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->ev[i].id == id_block[0] && l->ev[i].block == id_block[1];
    if (n == 0)
        return 0;
    double *t = malloc(n * sizeof *t);
    unsigned char *before = malloc(n);
    js->rec = malloc(n * sizeof *js->rec);
    if (!t || !before || !js->rec) {
        free(t), free(before);
        return cli_fail("simulate: out of memory for %zu records", n);
    }
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        const cnsim_event *e = &l->ev[i];
        if (e->id != id_block[0] || e->block != id_block[1])
            continue;
        int earlier = 0, later = 0;
        for (size_t p = i; p-- > 0 && l->ev[p].time_h == e->time_h && l->ev[p].id == e->id;)
            earlier |= is_dose_record(&l->ev[p]) || l->ev[p].evid == CNSIM_EVID_RESET;
        for (size_t q = i + 1; q < l->n && l->ev[q].time_h == e->time_h && l->ev[q].id == e->id; q++)
            later |= is_dose_record(&l->ev[q]) || l->ev[q].evid == CNSIM_EVID_RESET;
        before[k] = !is_dose_record(e) && e->evid != CNSIM_EVID_RESET && later && !earlier;
        t[k] = e->time_h;
        js->rec[k++] = i;
    }
    cnsim_status st = cnsim_run_set_times_before(j->run, t, before, n);
    free(t), free(before);
    if (st != CNSIM_OK || (st = cnsim_run_set_outputs(j->run, what & ~(unsigned)CNSIM_RUN_SUMMARY)) != CNSIM_OK ||
        (st = cnsim_run_simulate(j->run)) != CNSIM_OK)
        return cli_report(st, "simulate --at records");
    if (cnsim_run_n_columns(j->run) != j->n_cols || cnsim_run_n_times(j->run) != n)
        return cli_fail("simulate: the records' table has %zu columns and %zu rows; expected %zu and %zu",
                        cnsim_run_n_columns(j->run), cnsim_run_n_times(j->run), j->n_cols, n);
    if (!(js->rec_table = malloc((j->n_cols ? j->n_cols : 1) * n * sizeof *js->rec_table)))
        return cli_fail("simulate: out of memory for %zu records", n);
    memcpy(js->rec_table, cnsim_run_table(j->run), j->n_cols * n * sizeof *js->rec_table);
    js->n_rec = n;
    if ((st = cnsim_run_set_grid(j->run, j->until_h, j->every_h)) != CNSIM_OK)
        return cli_report(st, "simulate");
    return 0;
}

int job_run(sim_job *j)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int *ids = NULL;
    size_t n_ids = subject_ids(j, &ids);
    if (!n_ids || !(j->subj = calloc(n_ids, sizeof *j->subj)) ||
        !(j->summary = calloc(cnsim_model_n_species(j->model), sizeof *j->summary))) {
        free(ids);
        return cli_fail("simulate: out of memory");
    }
    int rc = 0;
    cnsim_status st;
    /* Refuse what would not fit before starting: the run's peak for the
     * first subject, and every subject's table kept for the output. */
    if ((st = set_subject(j, ids)) != CNSIM_OK || (st = cnsim_run_set_outputs(j->run, CNSIM_RUN_ALL)) != CNSIM_OK) {
        free(ids);
        return cli_report(st, "simulate");
    }
    size_t rows = 0, cols = 0;
    double need = 0;
    if ((st = cnsim_run_memory_estimate(j->run, &need, &rows, &cols)) != CNSIM_OK) {
        free(ids);
        return cli_report(st, "simulate");
    }
    need += (double)(n_ids - 1) * (double)rows * (double)(cols + 1) * sizeof(double);
    double have = (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
    if (have > 0 && need > 0.8 * have) {
        free(ids);
        return cli_bad_input("simulate: this run needs about %.1f GB of memory (%zu subject(s) x %zu rows x %zu columns, "
                             "and the samples behind them); the machine has %.1f GB. Shorten --until, coarsen "
                             "--every, or split the subjects",
                             need / 1e9, n_ids, rows, cols + 2, have / 1e9);
    }
    for (size_t s = 0; s < n_ids && !rc; s++) {
        unsigned what = CNSIM_RUN_ALL;
        if (s > 0 || j->skip_summary)
            what &= ~(unsigned)CNSIM_RUN_SUMMARY;
        if ((st = set_subject(j, ids + 2 * s)) != CNSIM_OK || (st = cnsim_run_set_outputs(j->run, what)) != CNSIM_OK ||
            (st = cnsim_run_simulate(j->run)) != CNSIM_OK) {
            rc = cli_report(st, "simulate");
            break;
        }
        job_subject *js = &j->subj[j->n_subj];
        js->id = ids[2 * s];
        js->n_t = cnsim_run_n_times(j->run);
        if (s == 0) {
            j->n_cols = cnsim_run_n_columns(j->run);
            if (!(j->col = malloc((j->n_cols ? j->n_cols : 1) * sizeof *j->col))) {
                rc = cli_fail("simulate: out of memory");
                break;
            }
            for (size_t c = 0; c < j->n_cols; c++)
                snprintf(j->col[c], sizeof j->col[c], "%s", cnsim_run_column_name(j->run, c));
        }
        if (s + 1 == n_ids && j->at == JOB_AT_GRID) {
            /* The last subject's results stay in the run until the job
             * ends: read them there (the records' run would replace them). */
            js->t = (double *)cnsim_run_times(j->run);
            js->table = (double *)cnsim_run_table(j->run);
            js->borrowed = 1;
            j->n_subj++;
        } else {
            js->t = malloc(js->n_t * sizeof *js->t);
            js->table = malloc((j->n_cols ? j->n_cols : 1) * js->n_t * sizeof *js->table);
            if (!js->t || !js->table) {
                free(js->t), free(js->table);
                rc = cli_fail("simulate: out of memory for subject %zu's output", s + 1);
                break;
            }
            j->n_subj++;
            memcpy(js->t, cnsim_run_times(j->run), js->n_t * sizeof *js->t);
            memcpy(js->table, cnsim_run_table(j->run), j->n_cols * js->n_t * sizeof *js->table);
        }
        if (s > 0) {
            if (j->at != JOB_AT_GRID && (rc = run_records(j, ids + 2 * s, what, js)))
                break;
            continue;
        }
        /* What the summary, the manifest and the plot report: the first
         * subject. */
        cnsim_run_get_metrics(j->run, &j->metrics);
        cnsim_run_horizon(j->run, &j->horizon);
        cnsim_run_get_stats(j->run, &j->stats);
        for (size_t k = 0; !j->skip_summary && k < cnsim_model_n_species(j->model); k++)
            cnsim_run_summary(j->run, k, &j->summary[k]);
        j->n_findings = cnsim_run_n_findings(j->run);
        if (j->n_findings && !(j->findings = malloc(j->n_findings * sizeof *j->findings))) {
            rc = cli_fail("simulate: out of memory");
            break;
        }
        for (size_t i = 0; i < j->n_findings; i++)
            j->findings[i] = *cnsim_run_finding(j->run, i);
        const cnsim_event_list *ev = cnsim_run_events(j->run);
        for (size_t i = 0; i < ev->n && !rc; i++)
            if (cnsim_event_list_push(&j->first_ev, &ev->ev[i]) != CNSIM_OK)
                rc = cli_fail("simulate: out of memory");
        if (!rc && j->at != JOB_AT_GRID)
            rc = run_records(j, ids, what, js);
    }
    free(ids);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    j->wall_s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    return rc;
}

/* ---- writers ---------------------------------------------------------- */

static int has_pd(const sim_job *j) { return cnsim_model_has_target(j->model, CNSIM_PD_TARGET_NONE); }

/* The observed species of a record (its IPRED): the parent of the
 * record's drug, or its metabolite when CMT is METAB (5); the drug of the
 * DRUG column, else --drug, else the model's first. The column of its
 * plasma concentration, or -1. */
static long observed_column(const sim_job *j, const cnsim_event *e)
{
    const char *drug = e && e->drug >= 0 ? j->file_ev.drugs[e->drug] : j->default_drug;
    long d = drug ? cnsim_model_drug_index(j->model, drug) : -1;
    if (d < 0)
        d = 0;
    const cnsim_pk_params *p = cnsim_model_pk_params(j->model, (size_t)d);
    const char *species = e && e->cmt == CNSIM_CMT_METAB && p->has_metabolite ? p->metabolite : p->name;
    char name[CNSIM_NAME_MAX + 24];
    snprintf(name, sizeof name, "%s_ng_mL", species);
    for (size_t c = 0; c < j->n_cols; c++)
        if (!strcmp(j->col[c], name))
            return (long)c;
    return -1;
}

/* One row of --at records|both: a record (e, its row i of table) or, with
 * e NULL, a grid row (EVID 2, no DV). PRED is the typical subject's
 * prediction: simulate has no random effects (the patient's covariates
 * are fixed effects), so it equals IPRED. */
static void put_record_row(const sim_job *j, FILE *fp, int id, double t, const cnsim_event *e, const double *table,
                           size_t n_t, size_t i, char *line)
{
    size_t n = (size_t)sprintf(line, "%d,", id);
    n += cnsim_format_g10(t, line + n);
    n += (size_t)sprintf(line + n, ",%d,", e ? e->evid : CNSIM_EVID_OTHER);
    n += cnsim_format_g10(e ? e->amt_mg : 0, line + n);
    line[n++] = ',';
    if (e && isfinite(e->dv))
        n += cnsim_format_g10(e->dv, line + n);
    else
        line[n++] = '.';
    n += (size_t)sprintf(line + n, ",%d,", e ? e->mdv : 1);
    long c = observed_column(j, e);
    double ipred = c >= 0 ? table[(size_t)c * n_t + i] : NAN;
    n += cnsim_format_g10(ipred, line + n);
    line[n++] = ',';
    n += cnsim_format_g10(ipred, line + n);
    if (e)
        n += (size_t)sprintf(line + n, ",%ld", e->line);
    else
        n += (size_t)sprintf(line + n, ",.");
    for (size_t k = 0; k < j->n_cols; k++) {
        line[n++] = ',';
        n += cnsim_format_g10(table[k * n_t + i], line + n);
    }
    line[n++] = '\n';
    fwrite(line, 1, n, fp);
}

/* --at records|both: NONMEM's $TABLE layout, one row per record in file
 * order (and, with both, the grid rows after the records at their time). */
static int write_records_csv(const sim_job *j, FILE *fp)
{
    fputs("ID,TIME,EVID,AMT,DV,MDV,IPRED,PRED,RECORD", fp);
    for (size_t c = 0; c < j->n_cols; c++)
        fprintf(fp, ",%s", j->col[c]);
    fputc('\n', fp);
    char *line = malloc(32 * (j->n_cols + 12) + 64);
    if (!line)
        return cli_fail("simulate: out of memory for a CSV row");
    for (size_t s = 0; s < j->n_subj; s++) {
        const job_subject *js = &j->subj[s];
        size_t g = 0;
        for (size_t i = 0; i <= js->n_rec; i++) {
            double tr = i < js->n_rec ? j->file_ev.ev[js->rec[i]].time_h : INFINITY;
            for (; j->at == JOB_AT_BOTH && g < js->n_t && js->t[g] < tr; g++)
                put_record_row(j, fp, js->id, js->t[g], NULL, js->table, js->n_t, g, line);
            if (i == js->n_rec)
                break;
            /* the grid row at a record's time comes after the records there */
            const cnsim_event *e = &j->file_ev.ev[js->rec[i]];
            put_record_row(j, fp, js->id, e->time_h, e, js->rec_table, js->n_rec, i, line);
        }
    }
    free(line);
    return 0;
}

/* A number of the CSV: 10 significant digits (the fast path), or
 * j->digits (11..17; 17 reads back as the same double). */
static size_t job_num(const sim_job *j, double v, char *buf)
{
    if (j->digits <= 10 || !isfinite(v))
        return cnsim_format_g10(v, buf);
    return (size_t)snprintf(buf, 32, "%.*g", j->digits, v);
}

int job_write_csv(const sim_job *j, FILE *fp)
{
    if (j->at != JOB_AT_GRID)
        return write_records_csv(j, fp);
    fputs("id,time_h", fp);
    for (size_t c = 0; c < j->n_cols; c++)
        fprintf(fp, ",%s", j->col[c]);
    fputc('\n', fp);
    /* Each row composed in memory (at most 32 characters a field) and
     * written at once: the formatting, not the simulation, is the cost of
     * a long CSV. */
    size_t cap = 32 * (j->n_cols + 2) + 2;
    char *line = malloc(cap);
    if (!line)
        return cli_fail("simulate: out of memory for a CSV row");
    for (size_t s = 0; s < j->n_subj; s++) {
        const job_subject *js = &j->subj[s];
        char id[24];
        int n_id = snprintf(id, sizeof id, "%d,", js->id);
        for (size_t i = 0; i < js->n_t; i++) {
            size_t n = (size_t)n_id;
            memcpy(line, id, n);
            n += job_num(j, js->t[i], line + n);
            for (size_t c = 0; c < j->n_cols; c++) {
                line[n++] = ',';
                n += job_num(j, js->table[c * js->n_t + i], line + n);
            }
            line[n++] = '\n';
            fwrite(line, 1, n, fp);
        }
    }
    free(line);
    return 0;
}

static json_t *num_or_null(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *summary_json(const cnsim_pk_summary *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(s->name));
    json_object_set_new(o, "is_metabolite", json_boolean(s->is_metabolite));
    json_object_set_new(o, "n_doses", json_integer(s->n_doses));
    json_object_set_new(o, "dose_mg", num_or_null(s->dose_mg));
    json_object_set_new(o, "tau_h", num_or_null(s->tau_h));
    json_object_set_new(o, "cmax_ng_mL", num_or_null(s->cmax_ng_mL));
    json_object_set_new(o, "tmax_h", num_or_null(s->tmax_h));
    json_object_set_new(o, "cmin_ng_mL", num_or_null(s->cmin_ng_mL));
    json_object_set_new(o, "auc_tau_ng_h_mL", num_or_null(s->auc_tau_ng_h_mL));
    json_object_set_new(o, "cavg_ng_mL", num_or_null(s->cavg_ng_mL));
    json_object_set_new(o, "auc_inf_ng_h_mL", num_or_null(s->auc_inf_ng_h_mL));
    json_object_set_new(o, "half_life_h", num_or_null(s->half_life_h));
    json_object_set_new(o, "half_life_r2_adj", num_or_null(s->r2_adj));
    json_object_set_new(o, "ss_trough_ng_mL", num_or_null(s->ss_trough_ng_mL));
    json_object_set_new(o, "time_to_90pct_ss_h", num_or_null(s->t90_ss_h));
    json_object_set_new(o, "accumulation_ratio", num_or_null(s->accumulation_ratio));
    return o;
}

static json_t *horizon_json(const cnsim_horizon *h)
{
    json_t *o = json_object();
    json_object_set_new(o, "until_h", num_or_null(h->until_h));
    json_object_set_new(o, "is_automatic", json_boolean(h->is_automatic));
    json_object_set_new(o, "is_open_ended", json_boolean(h->is_open_ended));
    json_object_set_new(o, "last_dose_h", num_or_null(h->last_dose_h));
    json_object_set_new(o, "half_life_h", num_or_null(h->half_life_h));
    json_object_set_new(o, "reason", json_string(h->reason));
    return o;
}

static json_t *manifest_json(const sim_job *j)
{
    const cnsim_model_opts *o = cnsim_model_opts_get(j->model);
    json_t *m = json_object();
    json_object_set_new(m, "cnsim_version", json_string(cnsim_version()));
    json_object_set_new(m, "registry", json_string(cnsim_registry_location(j->reg)));
    json_object_set_new(m, "solver", json_string(cnsim_solver_name(j->stats.pk_solver)));
    json_object_set_new(m, "rtol", json_real(o->pk.rtol));
    json_object_set_new(m, "atol_mg", json_real(o->pk.atol_mg));
    json_object_set_new(m, "pd_solver", json_string(cnsim_pd_solver_name(o->pd.kind)));
    json_object_set_new(m, "pd_step_h", json_real(o->pd.step_h));
    json_object_set_new(m, "pd_max_step_h", json_real(o->pd.max_step_h));
    json_object_set_new(m, "pd_rtol", json_real(o->pd.rtol));
    json_object_set_new(m, "pd_atol", json_real(o->pd.atol));
    json_object_set_new(m, "seed", j->has_seed ? cli_json_u64(j->seed) : json_null());
    json_object_set_new(m, "wall_s", json_real(j->wall_s));
    json_object_set_new(m, "n_subjects", json_integer((json_int_t)j->n_subj));
    json_object_set_new(m, "n_times", json_integer(j->n_subj ? (json_int_t)j->subj[0].n_t : 0));
    json_object_set_new(m, "until_h", num_or_null(j->horizon.until_h));
    json_object_set_new(m, "every_h", num_or_null(isnan(j->every_h) ? 1.0 : j->every_h));
    json_object_set_new(m, "horizon", horizon_json(&j->horizon));
    json_object_set_new(m, "cvode_steps_first_subject", json_integer(j->stats.pk.n_steps));
    json_object_set_new(m, "intervals_first_subject", json_integer(j->stats.pk.n_intervals));
    json_object_set_new(m, "matrix_exponentials_first_subject", json_integer(j->stats.pk.n_expm));
    json_object_set_new(m, "modal_propagators_first_subject", json_integer(j->stats.pk.n_modal));
    json_object_set_new(m, "pd_steps_first_subject", json_integer(j->stats.pd.n_steps));
    json_object_set_new(m, "samples_first_subject", json_integer((json_int_t)j->stats.n_samples));
    time_t now = time(NULL);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    json_object_set_new(m, "created_utc", json_string(buf));
    return m;
}

static json_t *params_json(const cnsim_pk_params *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(p->name));
    json_object_set_new(o, "n_cmt", json_integer(p->n_cmt));
    json_object_set_new(o, "f", json_real(p->f));
    json_object_set_new(o, "ka_per_h", json_real(p->ka_per_h));
    json_object_set_new(o, "tlag_h", json_real(p->tlag_h));
    json_object_set_new(o, "cl_L_per_h", json_real(p->cl_L_per_h));
    json_object_set_new(o, "v1_L", json_real(p->v1_L));
    if (p->n_cmt >= 2) {
        json_object_set_new(o, "q2_L_per_h", json_real(p->q2_L_per_h));
        json_object_set_new(o, "v2_L", json_real(p->v2_L));
    }
    if (p->n_cmt == 3) {
        json_object_set_new(o, "q3_L_per_h", json_real(p->q3_L_per_h));
        json_object_set_new(o, "v3_L", json_real(p->v3_L));
    }
    if (p->vmax_mg_per_h > 0) {
        json_object_set_new(o, "vmax_mg_per_h", json_real(p->vmax_mg_per_h));
        json_object_set_new(o, "km_ng_mL", json_real(p->km_ng_mL));
    }
    if (p->has_metabolite) {
        json_object_set_new(o, "metabolite", json_string(p->metabolite));
        json_object_set_new(o, "fm", json_real(p->fm));
        json_object_set_new(o, "met_cl_L_per_h", json_real(p->met_cl_L_per_h));
        json_object_set_new(o, "met_v_L", json_real(p->met_v_L));
    }
    return o;
}

static long column(const sim_job *j, const char *name)
{
    for (size_t c = 0; c < j->n_cols; c++)
        if (!strcmp(j->col[c], name))
            return (long)c;
    return -1;
}

/* A number as jansson writes a real with JSON_REAL_PRECISION(10) (or
 * --digits): %.10g,
 * ".0" added when it would read as an integer, the exponent without '+'
 * or leading zeros; null when not finite (as num_or_null). */
static void put_json_real(FILE *fp, double v)
{
    if (!isfinite(v)) {
        fputs("null", fp);
        return;
    }
    char b[48];
    snprintf(b, sizeof b - 2, "%.*g", cli_digits() ? cli_digits() : 10, v);
    char *e = strchr(b, 'e');
    if (!e && !strchr(b, '.'))
        strcat(b, ".0");
    if (e) {
        char *from = e + 1, *to = e + 1;
        if (*from == '+')
            from++;
        else if (*from == '-')
            from++, to++;
        while (*from == '0' && from[1])
            from++;
        memmove(to, from, strlen(from) + 1);
    }
    fputs(b, fp);
}

/* One array of the series at depth 3 of the document (JSON_INDENT(2)). */
static void put_json_array(FILE *fp, const double *v, size_t n)
{
    if (n == 0) {
        fputs("[]", fp);
        return;
    }
    fputc('[', fp);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",\n        " : "\n        ", fp);
        put_json_real(fp, v[i]);
    }
    fputs("\n      ]", fp);
}

/* The JSON output with its series: the document without them is built
 * with jansson, and the series (most of the bytes) are streamed into its
 * "subjects" key as they are written, byte for byte as jansson would lay
 * them out, so the output's size does not double the run's memory. */
static int write_json_with_series(const sim_job *j, json_t *root, FILE *fp)
{
    char *head = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    size_t n = head ? strlen(head) : 0;
    if (!head || n < 2 || strcmp(head + n - 2, "\n}") != 0) {
        free(head);
        return cli_json_write(NULL, fp, 0, "simulate");
    }
    head[n - 2] = '\0';
    fputs(head, fp);
    free(head);
    fputs(",\n  \"subjects\": [", fp);
    for (size_t s = 0; s < j->n_subj; s++) {
        const job_subject *js = &j->subj[s];
        fprintf(fp, "%s    {\n      \"id\": %d,\n      \"time_h\": ", s ? ",\n" : "\n", js->id);
        put_json_array(fp, js->t, js->n_t);
        for (size_t c = 0; c < j->n_cols; c++) {
            json_t *name = json_string(j->col[c]);
            char *q = name ? json_dumps(name, JSON_ENCODE_ANY) : NULL;
            json_decref(name);
            if (!q)
                return cli_json_write(NULL, fp, 0, "simulate");
            fprintf(fp, ",\n      %s: ", q);
            free(q);
            put_json_array(fp, js->table + c * js->n_t, js->n_t);
        }
        fputs("\n    }", fp);
    }
    fputs(j->n_subj ? "\n  ]\n}\n" : "]\n}\n", fp);
    return 0;
}

/* --at records|both in JSON: one object per record in file order, with
 * the keys of the CSV (the grid stays in "subjects"). */
static json_t *records_json(const sim_job *j)
{
    json_t *a = json_array();
    for (size_t s = 0; s < j->n_subj; s++) {
        const job_subject *js = &j->subj[s];
        for (size_t i = 0; i < js->n_rec; i++) {
            const cnsim_event *e = &j->file_ev.ev[js->rec[i]];
            long c = observed_column(j, e);
            double ipred = c >= 0 ? js->rec_table[(size_t)c * js->n_rec + i] : NAN;
            json_t *o = json_object();
            json_object_set_new(o, "ID", json_integer(js->id));
            json_object_set_new(o, "TIME", json_real(e->time_h));
            json_object_set_new(o, "EVID", json_integer(e->evid));
            json_object_set_new(o, "AMT", json_real(e->amt_mg));
            json_object_set_new(o, "DV", num_or_null(e->dv));
            json_object_set_new(o, "MDV", json_integer(e->mdv));
            json_object_set_new(o, "IPRED", num_or_null(ipred));
            json_object_set_new(o, "PRED", num_or_null(ipred));
            json_object_set_new(o, "RECORD", json_integer(e->line));
            for (size_t k = 0; k < j->n_cols; k++)
                json_object_set_new(o, j->col[k], num_or_null(js->rec_table[k * js->n_rec + i]));
            json_array_append_new(a, o);
        }
    }
    return a;
}

int job_write_json(const sim_job *j, FILE *fp, int with_series)
{
    json_t *root = json_object();
    json_object_set_new(root, "disclaimer", json_string(job_disclaimer));
    json_object_set_new(root, "manifest", manifest_json(j));
    json_t *drugs = json_array();
    for (size_t d = 0; d < cnsim_model_n_drugs(j->model); d++)
        json_array_append_new(drugs, params_json(cnsim_model_pk_params(j->model, d)));
    json_object_set_new(root, "drugs", drugs);
    json_t *sum = json_array();
    for (size_t k = 0; !j->skip_summary && k < cnsim_model_n_species(j->model); k++)
        json_array_append_new(sum, summary_json(&j->summary[k]));
    json_object_set_new(root, "summary", sum);
    json_t *w = json_array();
    for (size_t i = 0; i < j->n_findings; i++) {
        const cnsim_finding *f = &j->findings[i];
        json_array_append_new(w, json_pack("{s:s,s:s,s:s,s:s}", "code", f->code, "severity", f->severity, "message",
                                           f->message, "source", f->source));
    }
    json_object_set_new(root, "warnings", w);
    json_object_set_new(root, "horizon", horizon_json(&j->horizon));
    if (j->at != JOB_AT_GRID && with_series)
        json_object_set_new(root, "records", records_json(j));
    if (has_pd(j) && j->n_subj) {
        json_t *pd = json_object();
        const cnsim_run_metrics *m = &j->metrics;
        json_object_set_new(pd, "onset_50pct_anxiolysis_h", num_or_null(m->onset_h));
        json_object_set_new(pd, "antidepressant_50pct_of_final_h", num_or_null(m->antidepressant_t50_h));
        json_object_set_new(pd, "antidepressant_peak_index", num_or_null(m->antidepressant_peak));
        json_object_set_new(pd, "antidepressant_peak_h", num_or_null(m->antidepressant_peak_time_h));
        json_object_set_new(pd, "antidepressant_50pct_of_peak_h", num_or_null(m->antidepressant_t50_peak_h));
        json_object_set_new(pd, "peak_sert_occupancy_frac", num_or_null(m->sert_occupancy_peak));
        json_object_set_new(pd, "final_sert_occupancy_frac", num_or_null(m->final_sert_occupancy));
        json_object_set_new(pd, "final_gabaa_adaptation_frac", num_or_null(m->final_adaptation));
        json_t *wd = json_object();
        json_object_set_new(wd, "peak_withdrawal_index", json_real(m->withdrawal.peak));
        json_object_set_new(wd, "peak_day", num_or_null(m->withdrawal.peak_time_h / 24));
        json_object_set_new(wd, "days_above_threshold", json_real(m->withdrawal.hours_above / 24));
        json_object_set_new(wd, "threshold", json_real(m->withdrawal.threshold));
        json_object_set_new(wd, "onset_day", num_or_null(m->withdrawal.onset_time_h / 24));
        json_object_set_new(pd, "withdrawal", wd);
        json_t *dc = json_object();
        json_object_set_new(dc, "peak_index", json_real(m->ssri_discontinuation.peak));
        json_object_set_new(dc, "peak_day", num_or_null(m->ssri_discontinuation.peak_time_h / 24));
        json_object_set_new(dc, "days_above_threshold", json_real(m->ssri_discontinuation.hours_above / 24));
        json_object_set_new(dc, "threshold", json_real(m->ssri_discontinuation.threshold));
        json_object_set_new(dc, "onset_day", num_or_null(m->ssri_discontinuation.onset_time_h / 24));
        json_object_set_new(pd, "ssri_discontinuation", dc);
        json_object_set_new(pd, "wall_s", json_real(j->stats.pd_wall_s));
        json_object_set_new(root, "pharmacodynamics", pd);
    }
    if (with_series) {
        json_t *cols = json_array();
        json_array_append_new(cols, json_string("id"));
        json_array_append_new(cols, json_string("time_h"));
        for (size_t c = 0; c < j->n_cols; c++)
            json_array_append_new(cols, json_string(j->col[c]));
        json_object_set_new(root, "columns", cols);
    }
    int rc = with_series ? write_json_with_series(j, root, fp)
                         : cli_json_write(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10), "simulate");
    json_decref(root);
    return rc;
}

static void fmt_h(char *buf, size_t n, double h)
{
    if (!isfinite(h))
        snprintf(buf, n, "-");
    else if (h >= 72)
        snprintf(buf, n, "%.1f d", h / 24);
    else
        snprintf(buf, n, "%.2f h", h);
}

static void fmt_v(char *buf, size_t n, double v)
{
    if (!isfinite(v))
        snprintf(buf, n, "-");
    else
        snprintf(buf, n, "%.3g", v);
}

void job_warn_stderr(const sim_job *j)
{
    for (size_t i = 0; i < j->n_findings; i++)
        fprintf(cli_stderr(), "cnsim: %s [%s] %s (source: %s)\n",
                cnsim_finding_is_warning(&j->findings[i]) ? "warning" : "note", j->findings[i].code,
                j->findings[i].message, j->findings[i].source);
}

void job_write_summary(const sim_job *j, FILE *fp)
{
    fprintf(fp, "%s\n\n", job_disclaimer);
    /* Risks first, each with the source of its limit. */
    for (size_t i = 0; i < j->n_findings; i++)
        fprintf(fp, "%s [%s] %s (source: %s)\n", cnsim_finding_is_warning(&j->findings[i]) ? "WARNING" : "NOTE",
                j->findings[i].code, j->findings[i].message, j->findings[i].source);
    if (j->n_findings)
        fputc('\n', fp);
    if (j->n_subj > 1)
        fprintf(fp, "Summary for ID %d (of %zu subjects):\n", j->subj[0].id, j->n_subj);
    fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", "", "dose", "every", "Cmax", "Cmin",
            "AUCtau", "Tmax", "t1/2", "90% SS");
    fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", "", "(mg)", "(h)", "(ng/mL)", "(ng/mL)",
            "(ng*h/mL)", "", "(terminal)", "after");
    for (size_t k = 0; k < cnsim_model_n_species(j->model); k++) {
        const cnsim_pk_summary *s = &j->summary[k];
        char dose[16], tau[16], cmax[16], cmin[16], auc[16], tmax[16], th[16], t90[16];
        if (s->is_metabolite)
            snprintf(dose, sizeof dose, "(metab.)");
        else
            fmt_v(dose, sizeof dose, s->dose_mg);
        fmt_v(tau, sizeof tau, s->tau_h);
        fmt_v(cmax, sizeof cmax, s->cmax_ng_mL);
        fmt_v(cmin, sizeof cmin, s->cmin_ng_mL);
        fmt_v(auc, sizeof auc, isnan(s->tau_h) ? s->auc_inf_ng_h_mL : s->auc_tau_ng_h_mL);
        fmt_h(tmax, sizeof tmax, s->tmax_h);
        fmt_h(th, sizeof th, s->half_life_h);
        fmt_h(t90, sizeof t90, s->t90_ss_h);
        fprintf(fp, "%-20s %9s %8s %9s %9s %12s %10s %10s %8s\n", cnsim_model_species_label(j->model, k), dose, tau,
                cmax, cmin, auc, tmax, th, t90);
    }
    fprintf(fp, "\nCmax, Cmin, Tmax (after the dose) and AUC are over the dosing interval the regimen gives,\n"
                "after the last dose (steady state when the regimen is long enough; AUC to infinity for a\n"
                "single dose); t1/2 by log-linear regression on the simulated washout; '90%% SS after' is the\n"
                "time from the first dose until the pre-dose trough reaches 90%% of the steady-state trough.\n");
    /* Drugs coupled through an enzyme: a modulator of one on a pathway of another. */
    const cnsim_pk_ddi *ddi = cnsim_model_ddi(j->model);
    int coupled = 0;
    for (size_t q = 0; ddi && q < ddi->n_modulators; q++)
        for (size_t w = 0; w < ddi->n_pathways; w++)
            coupled |= ddi->pathway[w].enzyme == ddi->modulator[q].enzyme && ddi->pathway[w].drug != ddi->modulator[q].drug;
    if (coupled)
        fprintf(fp, "The drugs act on each other's clearance through their enzymes (docs/pk.md; --interactions off\n"
                    "to compare); '90%% SS' is not computed (-) for a drug coupled to another: its steady state\n"
                    "depends on the other's dosing.\n");
    char until[24];
    fmt_h(until, sizeof until, j->horizon.until_h);
    fprintf(fp, "Simulated to %s: %s.\n", until, j->horizon.reason);
    fprintf(fp, "Solver: %s; %zu subject(s), %zu times, %.3f s.\n", cnsim_solver_name(j->stats.pk_solver), j->n_subj,
            j->n_subj ? j->subj[0].n_t : 0, j->wall_s);
    if (has_pd(j) && j->n_subj) {
        const cnsim_run_metrics *m = &j->metrics;
        fprintf(fp, "\nPharmacodynamics (first subject; docs/models.md):\n");
        if (!isnan(m->onset_h))
            fprintf(fp, "  anxiolysis reaches 50%% of its first-dose peak %.0f min after the first dose\n", 60 * m->onset_h);
        if (m->sert_occupancy_peak > 0.01) {
            double ad_end = j->subj[0].table[column(j, "antidepressant_index") * j->subj[0].n_t + j->subj[0].n_t - 1];
            /* A stopped SSRI leaves an index that decays over weeks
             * (issue 13, item 7): it is reported as a course that ended. */
            int stopped = m->final_sert_occupancy < 0.5 * m->sert_occupancy_peak;
            if (!stopped && ad_end >= 0.5 * m->antidepressant_peak && !isnan(m->antidepressant_t50_h))
                fprintf(fp, "  SERT occupancy at the end: %.0f%%; antidepressant index %.2f, half of it reached on day %.1f\n",
                        100 * m->final_sert_occupancy, ad_end, m->antidepressant_t50_h / 24);
            else if (!isnan(m->antidepressant_t50_peak_h))   /* the SSRI stopped within the horizon */
                fprintf(fp, "  SERT occupancy up to %.0f%%; antidepressant index up to %.2f (day %.1f), half of that "
                            "reached on day %.1f; at the end %.0f%% and %.2f\n",
                        100 * m->sert_occupancy_peak, m->antidepressant_peak, m->antidepressant_peak_time_h / 24,
                        m->antidepressant_t50_peak_h / 24, 100 * m->final_sert_occupancy, ad_end);
            else   /* too little to speak of a course (issue 13: "day nan") */
                fprintf(fp, "  SERT occupancy up to %.0f%%; antidepressant index up to %.3f: no antidepressant course "
                            "to speak of; at the end %.0f%% and %.2f\n",
                        100 * m->sert_occupancy_peak, m->antidepressant_peak, 100 * m->final_sert_occupancy, ad_end);
            if (m->ssri_discontinuation.peak > m->ssri_discontinuation.threshold)
                fprintf(fp, "  SSRI discontinuation index: peak %.2f on day %.1f, %.1f days above %.2f (from day %.1f)\n",
                        m->ssri_discontinuation.peak, m->ssri_discontinuation.peak_time_h / 24,
                        m->ssri_discontinuation.hours_above / 24, m->ssri_discontinuation.threshold,
                        m->ssri_discontinuation.onset_time_h / 24);
            else if (m->ssri_discontinuation.peak > 0.01)
                fprintf(fp, "  SSRI discontinuation index: peak %.2f on day %.1f, below %.2f\n",
                        m->ssri_discontinuation.peak, m->ssri_discontinuation.peak_time_h / 24,
                        m->ssri_discontinuation.threshold);
        }
        if (cnsim_model_has_target(j->model, CNSIM_PD_TARGET_BZD)) {
            fprintf(fp, "  GABA-A adaptation at the end: %.2f\n", m->final_adaptation);
            if (m->withdrawal.peak > 0)
                fprintf(fp, "  withdrawal index: peak %.3f on day %.1f, %.1f days above %.2f\n", m->withdrawal.peak,
                        m->withdrawal.peak_time_h / 24, m->withdrawal.hours_above / 24, m->withdrawal.threshold);
            else
                fprintf(fp, "  withdrawal index: 0 throughout (no stop or taper within the horizon)\n");
        }
    }
}

int job_print_events(sim_job *j, FILE *fp)
{
    int *ids = NULL;
    size_t n_ids = subject_ids(j, &ids);
    if (!n_ids)
        return cli_fail("--print-events: out of memory");
    fputs("ID,TIME,EVID,DRUG,CMT,AMT,RATE,II,ADDL,SS,FORM,DUR\n", fp);
    cnsim_status st = CNSIM_OK;
    for (size_t s = 0; s < n_ids && st == CNSIM_OK; s++) {
        if ((st = set_subject(j, ids + 2 * s)) != CNSIM_OK || (st = cnsim_run_prepare(j->run)) != CNSIM_OK)
            break;
        const cnsim_event_list *ev = cnsim_run_events(j->run);
        for (size_t i = 0; i < ev->n; i++) {
            const cnsim_event *e = &ev->ev[i];
            fprintf(fp, "%d,%.10g,%d,%s,%d,%.10g,%.10g,%.10g,%d,%d,%s,%.10g\n", e->id, e->time_h, e->evid,
                    e->drug >= 0 ? ev->drugs[e->drug] : ".", e->cmt ? e->cmt : CNSIM_CMT_DEPOT, e->amt_mg,
                    e->rate_mg_per_h, e->ii_h, e->addl, e->ss, e->form[0] ? e->form : ".", e->dur_h);
        }
    }
    free(ids);
    return st == CNSIM_OK ? 0 : cli_report(st, "--print-events");
}

/* Effect curves drawn in the pharmacodynamic panel: column, legend,
 * whether it belongs to the benzodiazepine site, colour, dash. */
static const struct { const char *col, *label; int bzd, color, dashed; } pd_plot[] = {
    {"anxiolysis_index", "anxiolysis index", 1, 4, 0},
    {"sedation_index", "sedation index", 1, 5, 0},
    {"withdrawal_index", "withdrawal index", 1, 1, 1},
    {"sert_occupancy_frac", "SERT occupancy (fraction)", 0, 6, 0},
    {"antidepressant_index", "antidepressant index", 0, 0, 0},
};
#define N_PD_PLOT (sizeof pd_plot / sizeof pd_plot[0])

/* Palette entries for lines (the yellow, last of the palette, is kept for
 * nothing thin). */
#define N_STRONG 7
/* Subjects drawn in colour; the others are grey, with one legend row. */
#define N_SUBJ_COLOURED N_STRONG

int job_plot(const sim_job *j, FILE *fp, const char *path, const char *title)
{
    /* One panel per drug. One subject: the drug and its metabolite
     * (dashed) in colours of their own. Several subjects: a colour per
     * subject (the drug solid, its metabolite dashed), the subjects beyond
     * the palette in grey under one legend row. With pharmacodynamics a
     * last panel with the effect indices of the first subject. */
    const cnsim_model *m = j->model;
    size_t n_drugs = cnsim_model_n_drugs(m), n_sp = cnsim_model_n_species(m);
    int has[2] = {cnsim_model_has_target(m, CNSIM_PD_TARGET_SERT), cnsim_model_has_target(m, CNSIM_PD_TARGET_BZD)};
    size_t n_pd = 0;
    for (size_t c = 0; c < N_PD_PLOT; c++)
        n_pd += has[pd_plot[c].bzd] && column(j, pd_plot[c].col) >= 0;
    size_t n_panels = n_drugs + (n_pd > 0);
    size_t n_series = n_sp * j->n_subj + n_pd;
    int many = j->n_subj > 1;
    cnsim_plot_series *ser = calloc(n_series, sizeof *ser);
    cnsim_plot_marks *marks = calloc(n_drugs, sizeof *marks);
    double *dose_t = malloc((j->first_ev.n ? j->first_ev.n : 1) * sizeof *dose_t);
    const char **titles = calloc(n_panels, sizeof *titles), **ylabels = calloc(n_panels, sizeof *ylabels);
    /* Legend texts: one per species and coloured subject, two for the
     * grey rest, one per drug for its doses, one for the effects title. */
    size_t n_labels = n_sp * (N_SUBJ_COLOURED + 2) + n_drugs + 1;
    char (*labels)[CNSIM_NAME_MAX + 48] = calloc(n_labels, sizeof *labels);
    if (!ser || !marks || !dose_t || !titles || !ylabels || !labels) {
        free(ser), free(marks), free(dose_t), free(titles), free(ylabels), free(labels);
        return cli_fail("--plot: out of memory");
    }
    size_t ns = 0, nl = 0;
    for (size_t s = 0; s < j->n_subj; s++)
        for (size_t k = 0; k < n_sp; k++) {
            const job_subject *js = &j->subj[s];
            int drug = (int)cnsim_model_species_drug(m, k), met = cnsim_model_species_is_metabolite(m, k);
            const char *name = cnsim_model_species_label(m, k);
            int color;
            const char *label = NULL;
            if (!many) {
                /* each species of a drug its own colour in the drug's panel
                 * (a chain of metabolites too), drugs apart by two */
                int idx = 0;
                for (size_t k2 = 0; k2 < k; k2++)
                    idx += (int)cnsim_model_species_drug(m, k2) == drug;
                color = (2 * drug + idx) % N_STRONG;
                snprintf(labels[nl], sizeof labels[0], "%s", name);
                label = labels[nl++];
            } else if (s < N_SUBJ_COLOURED) {
                color = (int)s;
                snprintf(labels[nl], sizeof labels[0], "ID %d %s", js->id, name);
                label = labels[nl++];
            } else {
                color = CNSIM_PLOT_GREY;
                if (s == N_SUBJ_COLOURED) {
                    snprintf(labels[nl], sizeof labels[0], "IDs %d-%d %s", js->id, j->subj[j->n_subj - 1].id, name);
                    label = labels[nl++];
                }
            }
            ser[ns++] = (cnsim_plot_series){.label = label, .t_h = js->t, .y = js->table + k * js->n_t,
                                            .n = js->n_t, .panel = drug, .color = color, .dashed = met != 0};
        }
    for (size_t c = 0; c < N_PD_PLOT && j->n_subj; c++) {
        long col = column(j, pd_plot[c].col);
        if (!has[pd_plot[c].bzd] || col < 0)
            continue;
        const job_subject *js = &j->subj[0];
        ser[ns++] = (cnsim_plot_series){.label = pd_plot[c].label, .t_h = js->t, .y = js->table + col * js->n_t,
                                        .n = js->n_t, .panel = (int)n_drugs, .color = pd_plot[c].color,
                                        .dashed = pd_plot[c].dashed};
    }
    size_t nd = 0;
    for (size_t d = 0; d < n_drugs; d++) {
        size_t start = nd;
        for (size_t i = 0; i < j->first_ev.n; i++)
            if (j->first_ev.ev[i].drug == (int)d &&
                (j->first_ev.ev[i].evid == CNSIM_EVID_DOSE || j->first_ev.ev[i].evid == CNSIM_EVID_RESET_DOSE))
                dose_t[nd++] = j->first_ev.ev[i].time_h;
        if (many)
            snprintf(labels[nl], sizeof labels[0], "%s doses (ID %d)", cnsim_model_drug_name(m, d), j->subj[0].id);
        else
            snprintf(labels[nl], sizeof labels[0], "%s doses", cnsim_model_drug_name(m, d));
        marks[d] = (cnsim_plot_marks){.label = labels[nl++], .t_h = dose_t + start, .n = nd - start,
                                      .panel = (int)d, .color = many ? 0 : (2 * (int)d) % N_STRONG};
        titles[d] = cnsim_model_drug_name(m, d);
        ylabels[d] = "plasma concentration (ng/mL)";
    }
    if (n_pd) {
        if (many)
            snprintf(labels[nl], sizeof labels[0], "effects of ID %d (docs/models.md)", j->subj[0].id);
        else
            snprintf(labels[nl], sizeof labels[0], "effects (docs/models.md)");
        titles[n_drugs] = labels[nl++];
        ylabels[n_drugs] = "index or fraction (0-1)";
    }
    cnsim_plot_spec spec = {.title = title, .y_label = "plasma concentration (ng/mL)",
                            .n_panels = n_panels, .panel_titles = titles, .panel_y_labels = ylabels,
                            .series = ser, .n_series = ns, .marks = marks, .n_marks = n_drugs,
                            .footnote = job_disclaimer};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    free(ser), free(marks), free(dose_t), free(titles), free(ylabels), free(labels);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}
