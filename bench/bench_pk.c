/* PK speed benchmark (issue 2, section 6): one patient on clonazepam 0.5 mg
 * q12h + sertraline 50 mg q24h for 12 weeks (84 d), concentrations of both
 * drugs and their metabolites every hour from 0 to 2016 h (2017 points),
 * kept in memory. Times, per patient:
 *   cvode          create + simulate + free, CVODE (BDF, rtol 1e-8,
 *                  atol 1e-12 mg: the library defaults)
 *   closed         create + simulate + free, exact closed form
 *   *_sim_only     simulate alone on a run created once (warm caches)
 *   write_csv_*    writing the long output CSV (the format of
 *                  `cnsim simulate --format csv`) to a temporary file or
 *                  /dev/null
 *   regimen        parsing the two regimen strings and expanding them
 * Each line is the median of --runs runs (default 7); a run repeats the
 * item enough times to last about 0.25 s. Output: `name,n,seconds,us_per_item`
 * (n items in the median run, its seconds, microseconds per item); notes go
 * to stderr or start with '#'.
 *
 * Other modes, for the peer scripts (bench/pk_scipy.py, bench/pk_desolve.R):
 *   --params      the workload as JSON: every cnsim_pk_params field of both
 *                 drugs, the doses, the output grid and the tolerances
 *   --params-kv   the same as flat `key=value` lines (R without jsonlite)
 *   --csv FILE    the closed-form concentrations as the long CSV (reference
 *                 for the equivalence check), plus the CVODE-vs-closed
 *                 agreement on stdout
 * Usage: bench_pk [--runs N] [--min-seconds S] | --params | --params-kv |
 *        --csv FILE */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "cnsim/registry.h"

#define N_DRUGS 2
#define DAYS 84
#define T_END_H (DAYS * 24.0)
#define N_T ((size_t)(DAYS * 24) + 1)

static const char *const drug_names[N_DRUGS] = {"clonazepam", "sertraline"};
static const double dose_mg[N_DRUGS] = {0.5, 50.0};
static const double tau_h[N_DRUGS] = {12.0, 24.0};
static const char *const regimen_text[N_DRUGS] = {"0.5 mg q12h for 84 d", "50 mg q24h for 84 d"};

/* Two check times reported by every tool. */
static const double check_t[] = {672.0, 2016.0};

typedef struct workload {
    cnsim_pk_params p[N_DRUGS];
    cnsim_event *ev;
    size_t n_ev;
    double t[N_T];
} workload;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

static int die(const char *what, cnsim_status st)
{
    fprintf(stderr, "bench_pk: %s: %s: %s\n", what, cnsim_status_str(st), cnsim_last_error());
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static int cmp_event(const void *a, const void *b)
{
    const cnsim_event *x = a, *y = b;
    if (x->time_h != y->time_h)
        return (x->time_h > y->time_h) - (x->time_h < y->time_h);
    return x->drug - y->drug; /* clonazepam first at equal times */
}

/* Doses at 0, tau, ... while t < 84 d, as `0.5 mg q12h for 84 d` gives. */
static void build_workload(workload *w)
{
    cnsim_registry *reg = NULL;
    cnsim_status st = cnsim_registry_open(NULL, &reg);
    if (st != CNSIM_OK)
        die("opening the registry", st);
    for (int d = 0; d < N_DRUGS; d++)
        if ((st = cnsim_registry_pk_params(reg, drug_names[d], NULL, &w->p[d])) != CNSIM_OK)
            die(drug_names[d], st);
    cnsim_registry_free(reg);

    size_t cap = 0;
    for (int d = 0; d < N_DRUGS; d++)
        cap += (size_t)ceil(T_END_H / tau_h[d]);
    w->ev = calloc(cap, sizeof *w->ev);
    if (!w->ev) {
        fprintf(stderr, "bench_pk: out of memory\n");
        exit(1);
    }
    w->n_ev = 0;
    for (int d = 0; d < N_DRUGS; d++)
        for (int k = 0; k * tau_h[d] < T_END_H - 1e-9; k++) {
            cnsim_event e = cnsim_event_default();
            e.id = 1;
            e.time_h = k * tau_h[d];
            e.amt_mg = dose_mg[d];
            e.drug = d;
            e.cmt = CNSIM_CMT_DEPOT;
            e.line = (long)w->n_ev + 1;
            w->ev[w->n_ev++] = e;
        }
    qsort(w->ev, w->n_ev, sizeof *w->ev, cmp_event);
    for (size_t i = 0; i < N_T; i++)
        w->t[i] = (double)i;
}

/* One patient through the public API: create, simulate, free. */
static void patient(const workload *w, cnsim_solver_kind kind, double rtol, double *conc,
                    cnsim_pk_stats *stats)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    if (rtol > 0)
        o.rtol = rtol;
    cnsim_pk_run *run = NULL;
    cnsim_status st = cnsim_pk_run_create(w->p, N_DRUGS, &o, &run);
    if (st != CNSIM_OK)
        die("cnsim_pk_run_create", st);
    if ((st = cnsim_pk_run_simulate(run, w->ev, w->n_ev, w->t, N_T, conc, NULL)) != CNSIM_OK)
        die("cnsim_pk_run_simulate", st);
    if (stats)
        cnsim_pk_run_stats(run, stats);
    cnsim_pk_run_free(run);
}

static void csv_num(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, "%.10g", v);
    else
        fputs("NA", fp);
}

/* The long CSV of `cnsim simulate --format csv` (src/cli/sim_job.c). */
static void write_csv(FILE *fp, const double *t, size_t n_t, const double *conc,
                      char names[][CNSIM_NAME_MAX], size_t n_out)
{
    fputs("id,time_h", fp);
    for (size_t k = 0; k < n_out; k++)
        fprintf(fp, ",%s_ng_mL", names[k]);
    fputc('\n', fp);
    for (size_t i = 0; i < n_t; i++) {
        fprintf(fp, "%d,%.10g", 1, t[i]);
        const double *c = conc + i * n_out;
        for (size_t k = 0; k < n_out; k++) {
            fputc(',', fp);
            csv_num(fp, c[k]);
        }
        fputc('\n', fp);
    }
}

typedef struct bench_ctx {
    const workload *w;
    double *conc;
    cnsim_pk_run *run; /* for the *_sim_only items */
    FILE *fp;          /* for the write items */
    char (*names)[CNSIM_NAME_MAX];
    size_t n_out;
} bench_ctx;

typedef void (*item_fn)(bench_ctx *c);

static void item_cvode(bench_ctx *c) { patient(c->w, CNSIM_SOLVER_CVODE, 0, c->conc, NULL); }
static void item_cvode_1e6(bench_ctx *c) { patient(c->w, CNSIM_SOLVER_CVODE, 1e-6, c->conc, NULL); }
static void item_closed(bench_ctx *c) { patient(c->w, CNSIM_SOLVER_CLOSED, 0, c->conc, NULL); }
static void item_sim_only(bench_ctx *c)
{
    cnsim_status st = cnsim_pk_run_simulate(c->run, c->w->ev, c->w->n_ev, c->w->t, N_T, c->conc, NULL);
    if (st != CNSIM_OK)
        die("cnsim_pk_run_simulate", st);
}
static void item_write(bench_ctx *c)
{
    rewind(c->fp);
    write_csv(c->fp, c->w->t, N_T, c->conc, c->names, c->n_out);
    if (fflush(c->fp) != 0) {
        perror("bench_pk: writing the CSV");
        exit(1);
    }
}

/* Parses and expands each regimen string in a list of its own (when this
 * was written, expanding both in one list was refused: the events checker
 * read the second drug's t = 0 record as time going backwards within the
 * ID). Returns the number of dose records, copying up to cap of them into
 * out if non-NULL. */
static size_t regimen_events(cnsim_event *out, size_t cap)
{
    size_t n = 0;
    for (int d = 0; d < N_DRUGS; d++) {
        cnsim_event_list raw, ev;
        cnsim_event_list_init(&raw);
        cnsim_event_list_init(&ev);
        cnsim_status st = CNSIM_OK;
        for (int k = 0; k <= d && st == CNSIM_OK; k++) { /* same drug indices */
            int idx;
            st = cnsim_event_list_drug(&raw, drug_names[k], &idx);
        }
        if (st == CNSIM_OK)
            st = cnsim_regimen_parse(regimen_text[d], 1, d, T_END_H, &raw);
        if (st == CNSIM_OK)
            st = cnsim_events_expand(&raw, &ev);
        if (st != CNSIM_OK)
            die(regimen_text[d], st);
        for (size_t i = 0; i < ev.n; i++, n++)
            if (out && n < cap)
                out[n] = ev.ev[i];
        cnsim_event_list_free(&raw);
        cnsim_event_list_free(&ev);
    }
    return n;
}

static void item_regimen(bench_ctx *c)
{
    (void)c;
    regimen_events(NULL, 0);
}

/* The hand-built workload must be what the regimen strings give. */
static void check_regimen(const workload *w)
{
    cnsim_event *r = calloc(w->n_ev + 8, sizeof *r);
    size_t n = regimen_events(r, w->n_ev + 8);
    int same = n == w->n_ev;
    if (same) {
        qsort(r, n, sizeof *r, cmp_event);
        for (size_t i = 0; i < n && same; i++)
            same = r[i].time_h == w->ev[i].time_h && r[i].drug == w->ev[i].drug &&
                   r[i].amt_mg == w->ev[i].amt_mg;
    }
    printf("# regimen strings \"%s\" + \"%s\" give %zu dose records: %s the workload\n",
           regimen_text[0], regimen_text[1], n, same ? "the same as" : "NOT the same as");
    free(r);
}

static double min_seconds = 0.25;

/* Median over `runs` runs of `reps` calls; reps calibrated so one run lasts
 * about min_seconds. Prints the CSV line and returns seconds per item. */
static double bench(const char *name, item_fn fn, bench_ctx *c, int runs)
{
    fn(c); /* warm-up: page faults, lazy binding, caches */
    long reps = 1;
    for (;;) {
        double t0 = now_s();
        for (long r = 0; r < reps; r++)
            fn(c);
        double dt = now_s() - t0;
        if (dt >= min_seconds / 4 || reps >= (1L << 30)) {
            if (dt < min_seconds)
                reps = (long)ceil(reps * min_seconds / (dt > 0 ? dt : 1e-9));
            break;
        }
        reps *= 4;
    }
    double *sec = malloc((size_t)runs * sizeof *sec);
    for (int k = 0; k < runs; k++) {
        double t0 = now_s();
        for (long r = 0; r < reps; r++)
            fn(c);
        sec[k] = now_s() - t0;
    }
    double med = median(sec, runs);
    free(sec);
    printf("%s,%ld,%.6f,%.3f\n", name, reps, med, 1e6 * med / reps);
    fflush(stdout);
    return med / reps;
}

/* ---- parameter export for the peers ---------------------------------- */

#define PK_FIELDS(X)                                                          \
    X(f) X(ka_per_h) X(tlag_h) X(cl_L_per_h) X(v1_L) X(q2_L_per_h) X(v2_L)    \
    X(q3_L_per_h) X(v3_L) X(vmax_mg_per_h) X(km_ng_mL) X(fu) X(mw_g_per_mol)  \
    X(fm) X(met_mw_g_per_mol) X(met_cl_L_per_h) X(met_v_L)

static void print_params_json(const workload *w)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    printf("{\n  \"rtol\": %.17g,\n  \"atol_mg\": %.17g,\n", o.rtol, o.atol_mg);
    printf("  \"t_end_h\": %.17g,\n  \"every_h\": 1,\n", T_END_H);
    printf("  \"check_t_h\": [%.17g, %.17g],\n", check_t[0], check_t[1]);
    printf("  \"drugs\": [\n");
    for (int d = 0; d < N_DRUGS; d++) {
        const cnsim_pk_params *p = &w->p[d];
        printf("    {\"name\": \"%s\", \"n_cmt\": %d, \"has_metabolite\": %d, \"metabolite\": \"%s\"",
               p->name, p->n_cmt, p->has_metabolite, p->metabolite);
#define J(fl) printf(", \"" #fl "\": %.17g", p->fl);
        PK_FIELDS(J)
#undef J
        printf("}%s\n", d + 1 < N_DRUGS ? "," : "");
    }
    printf("  ],\n  \"doses\": [\n");
    for (size_t i = 0; i < w->n_ev; i++)
        printf("    {\"time_h\": %.17g, \"drug\": %d, \"amt_mg\": %.17g, \"cmt\": \"depot\"}%s\n",
               w->ev[i].time_h, w->ev[i].drug, w->ev[i].amt_mg, i + 1 < w->n_ev ? "," : "");
    printf("  ]\n}\n");
}

static void print_params_kv(const workload *w)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    printf("rtol=%.17g\natol_mg=%.17g\nt_end_h=%.17g\nevery_h=1\n", o.rtol, o.atol_mg, T_END_H);
    printf("check_t_h=%.17g,%.17g\nn_drugs=%d\n", check_t[0], check_t[1], N_DRUGS);
    for (int d = 0; d < N_DRUGS; d++) {
        const cnsim_pk_params *p = &w->p[d];
        printf("drug%d.name=%s\ndrug%d.n_cmt=%d\ndrug%d.has_metabolite=%d\ndrug%d.metabolite=%s\n",
               d, p->name, d, p->n_cmt, d, p->has_metabolite, d, p->metabolite);
#define K(fl) printf("drug%d." #fl "=%.17g\n", d, p->fl);
        PK_FIELDS(K)
#undef K
    }
    /* dose=time_h,drug,amt_mg (into the depot) */
    for (size_t i = 0; i < w->n_ev; i++)
        printf("dose=%.17g,%d,%.17g\n", w->ev[i].time_h, w->ev[i].drug, w->ev[i].amt_mg);
}

/* ---- main -------------------------------------------------------------- */

static void output_names(const workload *w, char names[][CNSIM_NAME_MAX], size_t *n_out)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = CNSIM_SOLVER_CLOSED;
    cnsim_pk_run *run;
    cnsim_status st = cnsim_pk_run_create(w->p, N_DRUGS, &o, &run);
    if (st != CNSIM_OK)
        die("cnsim_pk_run_create", st);
    *n_out = cnsim_pk_run_n_outputs(run);
    for (size_t k = 0; k < *n_out; k++)
        snprintf(names[k], CNSIM_NAME_MAX, "%s", cnsim_pk_run_output_name(run, k));
    cnsim_pk_run_free(run);
}

static int write_reference(const workload *w, const char *path)
{
    char names[2 * N_DRUGS][CNSIM_NAME_MAX];
    size_t n_out;
    output_names(w, names, &n_out);
    double *cf = malloc(N_T * n_out * sizeof *cf), *cv = malloc(N_T * n_out * sizeof *cv);
    if (!cf || !cv)
        return fprintf(stderr, "bench_pk: out of memory\n"), 1;
    cnsim_pk_stats s_cf, s_cv;
    patient(w, CNSIM_SOLVER_CLOSED, 0, cf, &s_cf);
    patient(w, CNSIM_SOLVER_CVODE, 0, cv, &s_cv);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return perror(path), 1;
    write_csv(fp, w->t, N_T, cf, names, n_out);
    if (fclose(fp) != 0)
        return perror(path), 1;
    /* CVODE vs closed form: largest relative difference over the points
     * above 1e-6 of each output's maximum. */
    printf("# cvode: %ld steps, %ld rhs evaluations, %ld intervals; closed form: %ld intervals\n",
           s_cv.n_steps, s_cv.n_rhs, s_cv.n_intervals, s_cf.n_intervals);
    printf("check,tool,output,time_h,conc_ng_mL,rel_diff_vs_closed\n");
    for (size_t k = 0; k < n_out; k++) {
        double cmax = 0, worst = 0;
        for (size_t i = 0; i < N_T; i++)
            cmax = fmax(cmax, fabs(cf[i * n_out + k]));
        for (size_t i = 0; i < N_T; i++) {
            double a = cf[i * n_out + k], b = cv[i * n_out + k];
            if (fabs(a) > 1e-6 * cmax)
                worst = fmax(worst, fabs(b - a) / fabs(a));
        }
        for (size_t c = 0; c < sizeof check_t / sizeof *check_t; c++) {
            size_t i = (size_t)check_t[c];
            double a = cf[i * n_out + k], b = cv[i * n_out + k];
            printf("check,closed,%s,%g,%.10g,0\n", names[k], check_t[c], a);
            printf("check,cvode,%s,%g,%.10g,%.3g\n", names[k], check_t[c], b, fabs(b - a) / fabs(a));
        }
        printf("maxrel,cvode,%s,all,,%.3g\n", names[k], worst);
    }
    free(cf);
    free(cv);
    return 0;
}

int main(int argc, char **argv)
{
    int runs = 7;
    const char *mode = "bench", *csv_path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--params"))
            mode = "params";
        else if (!strcmp(argv[i], "--params-kv"))
            mode = "params-kv";
        else if (!strcmp(argv[i], "--csv") && i + 1 < argc)
            mode = "csv", csv_path = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc)
            runs = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--min-seconds") && i + 1 < argc)
            min_seconds = atof(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_pk [--runs N] [--min-seconds S] | --params | --params-kv | --csv FILE\n");
            return 2;
        }
    }
    if (runs < 1)
        runs = 1;
    static workload w;
    build_workload(&w);
    if (!strcmp(mode, "params")) {
        print_params_json(&w);
        return 0;
    }
    if (!strcmp(mode, "params-kv")) {
        print_params_kv(&w);
        return 0;
    }
    if (!strcmp(mode, "csv"))
        return write_reference(&w, csv_path);

    char names[2 * N_DRUGS][CNSIM_NAME_MAX];
    size_t n_out;
    output_names(&w, names, &n_out);
    double *conc = malloc(N_T * n_out * sizeof *conc);
    if (!conc)
        return fprintf(stderr, "bench_pk: out of memory\n"), 1;
    bench_ctx c = {.w = &w, .conc = conc, .names = names, .n_out = n_out};

    printf("# %zu doses, %zu output times, %zu outputs (", w.n_ev, N_T, n_out);
    for (size_t k = 0; k < n_out; k++)
        printf("%s%s", k ? ", " : "", names[k]);
    printf("); median of %d runs\n", runs);
    check_regimen(&w);
    printf("name,n,seconds,us_per_item\n");
    bench("cvode", item_cvode, &c, runs);
    bench("cvode_rtol1e-6", item_cvode_1e6, &c, runs);
    bench("closed", item_closed, &c, runs);

    cnsim_solver_kind kinds[2] = {CNSIM_SOLVER_CVODE, CNSIM_SOLVER_CLOSED};
    const char *sim_names[2] = {"cvode_sim_only", "closed_sim_only"};
    for (int k = 0; k < 2; k++) {
        cnsim_solver_opts o = cnsim_solver_opts_default();
        o.kind = kinds[k];
        cnsim_status st = cnsim_pk_run_create(w.p, N_DRUGS, &o, &c.run);
        if (st != CNSIM_OK)
            die("cnsim_pk_run_create", st);
        bench(sim_names[k], item_sim_only, &c, runs);
        cnsim_pk_run_free(c.run);
        c.run = NULL;
    }

    /* Write the closed-form result (what `cnsim simulate` would write). */
    patient(&w, CNSIM_SOLVER_CLOSED, 0, conc, NULL);
    c.fp = tmpfile();
    if (!c.fp)
        return perror("bench_pk: tmpfile"), 1;
    bench("write_csv_tmpfile", item_write, &c, runs);
    long bytes = ftell(c.fp);
    fclose(c.fp);
    c.fp = fopen("/dev/null", "w");
    if (!c.fp)
        return perror("bench_pk: /dev/null"), 1;
    bench("write_csv_devnull", item_write, &c, runs);
    fclose(c.fp);
    c.fp = NULL;
    printf("# the CSV is %ld bytes\n", bytes);

    bench("regimen_parse_expand", item_regimen, &c, runs);
    free(conc);
    free(w.ev);
    return 0;
}
