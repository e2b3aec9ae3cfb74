/* Virtual patients for the symptom-course model: between-patient
 * variability of the symptom-model parameters only (baseline HAM-D, placebo
 * response, antidepressant and anxiolytic effect maxima, kout); the drug
 * exposure (PK) and the PD indices are the same for every patient, PK
 * variability is out of scope. Each patient's draws come from its own GSL
 * gsl_rng_mt19937 stream, seeded from (seed, patient index) through a
 * 64-bit mixing hash, so the result depends neither on the order in which
 * patients are run nor on threads. Parameters: data/90_course.sql. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cnsim/course.h"
#include "clinical_impl.h"
#include "core_impl.h"

const int cnsim_course_report_weeks[CNSIM_COURSE_N_REPORT_WEEKS] = {1, 2, 4, 6, 8};

/* Seed of the stream of patient `index`: a mixing hash (the splitmix64
 * finalizer) of (seed, index), folded to the 32 bits gsl_rng_mt19937 uses. */
static unsigned long patient_seed(unsigned long seed, size_t index)
{
    uint64_t z = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + (uint64_t)index + 1;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (unsigned long)((z ^ (z >> 32)) & 0xffffffffUL);
}

/* Logit-normal draw around the fraction f (0 < f < 1). */
static double logit_normal(double f, double omega, double eta)
{
    if (!(f > 0 && f < 1) || omega <= 0)
        return f;
    double l = log(f / (1 - f)) + omega * eta;
    return 1 / (1 + exp(-l));
}

static void draw(gsl_rng *rng, const cnsim_course_params *m, cnsim_course_params *p)
{
    /* fixed order of the draws: baseline, placebo, ad, anx, kout */
    double e_base = gsl_ran_gaussian(rng, 1.0), e_pl = gsl_ran_gaussian(rng, 1.0);
    double e_ad = gsl_ran_gaussian(rng, 1.0), e_anx = gsl_ran_gaussian(rng, 1.0);
    double e_k = gsl_ran_gaussian(rng, 1.0);
    *p = *m;
    p->hamd_baseline = fmax(m->remission_hamd + 1, m->hamd_baseline + m->hamd_baseline_sd * e_base);
    p->hama_baseline = m->hama_baseline * p->hamd_baseline / m->hamd_baseline;
    p->placebo_max_frac = logit_normal(m->placebo_max_frac, m->placebo_omega, e_pl);
    p->ad_imax = logit_normal(m->ad_imax, m->ad_imax_omega, e_ad);
    p->anx_imax_hamd = logit_normal(m->anx_imax_hamd, m->anx_imax_omega, e_anx);
    p->anx_imax_hama = logit_normal(m->anx_imax_hama, m->anx_imax_omega, e_anx);
    p->kout_per_week = m->kout_per_week * exp(m->kout_omega * e_k);
}

void cnsim_course_patient(const cnsim_course_params *mean, unsigned long seed, size_t index,
                          cnsim_course_params *out)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng) {
        *out = *mean;
        return;
    }
    gsl_rng_set(rng, patient_seed(seed, index));
    draw(rng, mean, out);
    gsl_rng_free(rng);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

cnsim_status cnsim_course_population_run(const cnsim_course_params *mean, size_t n_patients,
                                         unsigned long seed, const double *t_h,
                                         const cnsim_pd_state *pd, size_t n,
                                         cnsim_course_population *out)
{
    return cnsim__course_population_run(mean, n_patients, seed, t_h, pd, n, out, NULL, 0, 0);
}

cnsim_status cnsim__course_population_run(const cnsim_course_params *mean, size_t n_patients, unsigned long seed,
                                          const double *t_h, const cnsim_pd_state *pd, size_t n,
                                          cnsim_course_population *out, const cnsim_progress *pr, double done0,
                                          double total)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (n_patients < 1 || n_patients > 10000)
        return cnsim__fail(CNSIM_E_RANGE, "course: %zu virtual patients; expected 1..10000", n_patients);
    if (n < 1)
        return cnsim__fail(CNSIM_E_RANGE, "course: no time points");
    /* sample index of each report week (first t_h >= week), n if beyond */
    size_t at[CNSIM_COURSE_N_REPORT_WEEKS];
    for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++) {
        double t = cnsim_course_report_weeks[k] * 168.0;
        at[k] = n;
        for (size_t i = 0; i < n; i++)
            if (t_h[i] >= t - 1e-9) {
                at[k] = i;
                break;
            }
    }
    double *d = malloc(n * sizeof *d), *a = malloc(n * sizeof *a);
    double *ttr = malloc(n_patients * sizeof *ttr);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!d || !a || !ttr || !rng) {
        free(d), free(a), free(ttr);
        if (rng)
            gsl_rng_free(rng);
        return cnsim__fail(CNSIM_E_NOMEM, "course: out of memory for %zu patients", n_patients);
    }
    size_t resp[CNSIM_COURSE_N_REPORT_WEEKS] = {0}, rem[CNSIM_COURSE_N_REPORT_WEEKS] = {0}, ever = 0;
    for (size_t j = 0; j < n_patients; j++) {
        cnsim_course_params p;
        gsl_rng_set(rng, patient_seed(seed, j));
        draw(rng, mean, &p);
        cnsim_course_run(&p, t_h, pd, n, d, a);
        if (pr && pr->fn && (j & 63) == 63)
            pr->fn(pr->ctx, done0 + (double)(j + 1), total);
        double lim = p.hamd_baseline * (1 - p.response_frac);
        for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++)
            if (at[k] < n) {
                resp[k] += d[at[k]] <= lim;
                rem[k] += d[at[k]] <= p.remission_hamd;
            }
        ttr[j] = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (d[i] <= lim) {
                ttr[j] = (t_h[i] - t_h[0]) / 168.0;
                ever++;
                break;
            }
    }
    out->n_patients = n_patients;
    for (size_t k = 0; k < CNSIM_COURSE_N_REPORT_WEEKS; k++) {
        out->responder_pct[k] = at[k] < n ? 100.0 * resp[k] / n_patients : NAN;
        out->remitter_pct[k] = at[k] < n ? 100.0 * rem[k] / n_patients : NAN;
    }
    out->responders_ever_pct = 100.0 * ever / n_patients;
    qsort(ttr, n_patients, sizeof *ttr, cmp_double);
    double med = n_patients % 2 ? ttr[n_patients / 2] : 0.5 * (ttr[n_patients / 2 - 1] + ttr[n_patients / 2]);
    out->median_weeks_to_response = isinf(med) ? NAN : med;
    free(d), free(a), free(ttr);
    gsl_rng_free(rng);
    return CNSIM_OK;
}
