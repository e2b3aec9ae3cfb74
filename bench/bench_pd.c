/* Issue 3 speed question: one patient, clonazepam 0.5 mg q12h + sertraline
 * 50 mg q24h for 12 weeks, hourly output. Wall time of PK alone against
 * PK with every pharmacodynamic and adaptation state, for both PK solvers.
 * Prints name,n,seconds,us_per_item (median of runs; us_per_item = per
 * patient). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cnsim/cnsim.h"
#include "bench_util.h"

typedef struct {
    cnsim_pk_params pk[2];
    cnsim_pd_drug_params pd[3];
    cnsim_pd_system_params sys;
    cnsim_event_list ev;
} workload;

static double run_once(workload *w, cnsim_solver_kind kind, int with_pd)
{
    const double until = 84 * 24.0, step_out = 1.0, step_pd = 0.05;
    size_t n_out = (size_t)(until / step_out) + 1, sub = (size_t)(step_out / step_pd + 0.5);
    size_t n = with_pd ? (n_out - 1) * sub + 1 : n_out;
    double *t = malloc(n * sizeof *t), *to = malloc(n_out * sizeof *to), *c = malloc(n * 3 * sizeof *c);
    cnsim_pd_state *s = malloc(n_out * sizeof *s);
    for (size_t i = 0; i < n; i++)
        t[i] = (double)i * until / (double)(n - 1);
    for (size_t i = 0; i < n_out; i++)
        to[i] = i * step_out;
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    double t0 = bench_now();
    cnsim_pk_run *run;
    if (cnsim_pk_run_create(w->pk, 2, &o, &run) != CNSIM_OK ||
        cnsim_pk_run_simulate(run, w->ev.ev, w->ev.n, t, n, c, NULL) != CNSIM_OK ||
        (with_pd && cnsim_pd_run(&w->sys, w->pd, 3, t, n, c, to, n_out, s) != CNSIM_OK)) {
        fprintf(stderr, "bench_pd: %s\n", cnsim_last_error());
        exit(1);
    }
    cnsim_pk_run_free(run);
    double dt = bench_now() - t0;
    free(t), free(to), free(c), free(s);
    return dt;
}

static double median_of(workload *w, cnsim_solver_kind kind, int with_pd, int runs)
{
    double v[32];
    for (int r = 0; r < runs; r++)
        v[r] = run_once(w, kind, with_pd);
    qsort(v, runs, sizeof v[0], bench_cmp_double);
    return v[runs / 2];
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 7;
    if (runs < 1 || runs > 31)
        runs = 7;
    workload w;
    cnsim_registry *reg;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK)
        return fprintf(stderr, "bench_pd: %s\n", cnsim_last_error()), 1;
    const char *names[2] = {"clonazepam", "sertraline"}, *regs[2] = {"0.5 mg q12h for 84 d", "50 mg q24h for 84 d"};
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&w.ev);
    for (int i = 0; i < 2; i++) {
        int d;
        cnsim_event_list_drug(&raw, names[i], &d);
        if (cnsim_regimen_parse(regs[i], 1, d, 0, &raw) != CNSIM_OK ||
            cnsim_registry_pk_params(reg, names[i], NULL, &w.pk[i]) != CNSIM_OK)
            return fprintf(stderr, "bench_pd: %s\n", cnsim_last_error()), 1;
    }
    cnsim_events_expand(&raw, &w.ev);
    /* Output order of a run: the drugs, then the metabolite. */
    const char *outs[3] = {"clonazepam", "sertraline", "7-aminoclonazepam"};
    for (int j = 0; j < 3; j++)
        cnsim_registry_pd_params(reg, outs[j], &w.pd[j]);
    cnsim_registry_pd_system(reg, &w.sys);
    printf("# one patient, clonazepam 0.5 mg q12h + sertraline 50 mg q24h, 12 weeks, hourly output;\n"
           "# PK+PD samples PK every 0.05 h for the effect site and occupancy; median of %d runs\n", runs);
    printf("name,n,seconds,us_per_item\n");
    double r[4];
    const char *label[4] = {"pk_only_closed", "pk_pd_closed", "pk_only_cvode", "pk_pd_cvode"};
    for (int k = 0; k < 4; k++) {
        r[k] = median_of(&w, k < 2 ? CNSIM_SOLVER_CLOSED : CNSIM_SOLVER_CVODE, k % 2, runs);
        printf("%s,1,%.6f,%.1f\n", label[k], r[k], 1e6 * r[k]);
    }
    printf("# PK+PD / PK only: closed form %.1fx, CVODE %.2fx (issue 3 target: at most 2x)\n", r[1] / r[0], r[3] / r[2]);
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&w.ev);
    cnsim_registry_free(reg);
    return 0;
}
