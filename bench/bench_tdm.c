/* Issue 15, items 2 and 4: recovery of individual parameters by the MAP
 * estimator (include/cnsim/tdm.h) and its speed.
 *
 * 500 simulated subjects on clonazepam 0.5 mg bid for 14 days (registry
 * PK), each with its random effects on CL, V and KA drawn from OMEGA, five
 * levels (1 and 4 h after the first dose, troughs before the morning doses
 * of days 8, 11 and 14) with proportional and additive error drawn from
 * SIGMA. Each subject is fitted; printed: the median time of one fit, the
 * whole study's time, and per parameter the bias and precision (RMSE) of
 * the MAP estimate on the log scale, and the coverage of the Laplace 90%
 * intervals, which should lie between 85% and 95%.
 *
 * OMEGA: data/95_population.sql (clonazepam CL 0.083, V 0.072: derived
 * from Berlin & Dahlstrom 1975; KA 0.16: Kruizinga 2022). SIGMA:
 * proportional 7.6% (Kruizinga 2022, plasma) and additive 0.5 ng/mL (an
 * assay floor assumed for this benchmark). Usage: bench_tdm [N] [SEED]. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cnsim/cnsim.h"
#include "bench_util.h"

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 500;
    unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 10) : 20261205;
    if (n < 1 || n > 1000000) {
        fprintf(stderr, "bench_tdm: N %zu; expected 1 to 1000000\n", n);
        return 2;
    }
    cnsim_registry *reg;
    if (cnsim_registry_open(NULL, &reg) != CNSIM_OK) {
        fprintf(stderr, "bench_tdm: %s\n", cnsim_last_error());
        return 1;
    }
    cnsim_tdm_prior pr;
    memset(&pr, 0, sizeof pr);
    if (cnsim_registry_pk_params(reg, "clonazepam", NULL, &pr.pk) != CNSIM_OK) {
        fprintf(stderr, "bench_tdm: %s\n", cnsim_last_error());
        return 1;
    }
    pr.n_eta = 3;
    pr.eta[0] = CNSIM_TDM_CL, pr.eta[1] = CNSIM_TDM_V, pr.eta[2] = CNSIM_TDM_KA;
    pr.omega[0] = 0.083, pr.omega[4] = 0.072, pr.omega[8] = 0.16;
    pr.sigma_prop = 0.076, pr.sigma_add_ng_mL = 0.5;

    cnsim_event_list raw, ev;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&ev);
    int d;
    cnsim_event e = cnsim_event_default();
    if (cnsim_event_list_drug(&raw, "clonazepam", &d) != CNSIM_OK)
        return 1;
    e.id = 1, e.drug = d, e.amt_mg = 0.5, e.ii_h = 12, e.addl = 27, e.time_h = 8;
    if (cnsim_event_list_push(&raw, &e) != CNSIM_OK || cnsim_events_expand(&raw, &ev) != CNSIM_OK)
        return 1;
    const double t[5] = {9, 12, 7 * 24 + 7.9, 10 * 24 + 7.9, 13 * 24 + 7.9};

    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    double *fit_s = malloc(n * sizeof *fit_s);
    double err[3] = {0}, err2[3] = {0};
    size_t cover[3] = {0}, n_ok = 0, n_fail = 0;
    cnsim_pk_run *run = NULL;
    if (!fit_s || cnsim_pk_run_create(&pr.pk, 1, NULL, &run) != CNSIM_OK)
        return 1;
    double t_study = bench_now();
    for (size_t i = 0; i < n; i++) {
        double eta[3], truth[3], c[5 * 8];
        for (int k = 0; k < 3; k++)
            eta[k] = gsl_ran_gaussian(rng, sqrt(pr.omega[k * 4]));
        cnsim_pk_params p;
        cnsim_tdm_individual(&pr, eta, &p);
        truth[0] = p.cl_L_per_h, truth[1] = p.v1_L, truth[2] = p.ka_per_h;
        if (cnsim_pk_run_set_params(run, 0, &p) != CNSIM_OK ||
            cnsim_pk_run_simulate(run, ev.ev, ev.n, t, 5, c, NULL) != CNSIM_OK)
            return 1;
        cnsim_tdm_level lv[5];
        size_t no = cnsim_pk_run_n_outputs(run);
        for (int j = 0; j < 5; j++) {
            c[j] = c[j * no];   /* the parent */
            double sd = sqrt(pr.sigma_add_ng_mL * pr.sigma_add_ng_mL + pr.sigma_prop * pr.sigma_prop * c[j] * c[j]);
            lv[j] = (cnsim_tdm_level){.time_h = t[j], .value_ng_mL = fmax(0, c[j] + gsl_ran_gaussian(rng, sd))};
        }
        cnsim_tdm_fit fit;
        double t0 = bench_now();
        cnsim_status st = cnsim_tdm_map(&pr, ev.ev, ev.n, lv, 5, &fit);
        fit_s[i] = bench_now() - t0;
        if (st != CNSIM_OK) {
            n_fail++;
            continue;
        }
        n_ok++;
        for (int k = 0; k < 3; k++) {
            double r = log(fit.param[k] / truth[k]);
            err[k] += r, err2[k] += r * r;
            cover[k] += fit.ci90_lo[k] <= truth[k] && truth[k] <= fit.ci90_hi[k];
        }
    }
    t_study = bench_now() - t_study;
    qsort(fit_s, n, sizeof *fit_s, bench_cmp_double);
    printf("# cnsim MAP recovery: clonazepam 0.5 mg bid 14 d, etas CL V KA, 5 levels, %zu subjects, seed %lu\n", n,
           seed);
    printf("median_fit_ms,%.2f\nstudy_s,%.2f\nfailed,%zu\n", 1e3 * fit_s[n / 2], t_study, n_fail);
    printf("param,bias_log,rmse_log,coverage90\n");
    for (int k = 0; k < 3; k++)
        printf("%s,%.4f,%.4f,%.3f\n", cnsim_tdm_param_name(pr.eta[k]), err[k] / (double)n_ok,
               sqrt(err2[k] / (double)n_ok), (double)cover[k] / (double)n_ok);
    cnsim_pk_run_free(run);
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&ev);
    gsl_rng_free(rng);
    free(fit_s);
    cnsim_registry_free(reg);
    return 0;
}
