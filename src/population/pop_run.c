/* Running a population: subjects in parallel (OpenMP), each from its own
 * random stream, into per-thread summaries merged exactly at the end.
 *
 * Subject i: a GSL gsl_rng_mt19937 seeded with a splitmix64 hash of
 * (seed, i) draws, in this fixed order, one standard normal and one
 * uniform per covariate (age, weight, sex, hepatic, cyp2c19, cyp2d6; used
 * or not), then n_par standard normals z (ETA = L z with L the Cholesky
 * factor of OMEGA), then the residual errors of the _dv columns, time by
 * time. A subject's values therefore depend on (seed, i) alone. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <sys/mman.h>
#include <gsl/gsl_randist.h>

#include "population/pop_impl.h"
#include "core_impl.h"
#include "registry/registry_impl.h"


unsigned long cnsim__pop_subject_seed(unsigned long seed, uint64_t id)
{
    uint64_t z = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + id * 0xd1b54a32d192ed03ULL + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return (unsigned long)((z ^ (z >> 32)) & 0xffffffffUL);
}

cnsim_pop_opts cnsim_pop_opts_default(void)
{
    cnsim_pop_opts o;
    memset(&o, 0, sizeof o);
    o.n = 1000, o.seed = 1;
    return o;
}

/* Subjects are summarised in batches: every slot takes the values of a
 * batch in a row while its histogram is in cache. */
#define BATCH 512
#define TILE 64

static size_t n_slots_of(const cnsim_pop_spec *s)
{
    return s->n_times * s->n_out + s->n_metrics;
}

double cnsim_pop_memory_estimate(const cnsim_pop_spec *s, const cnsim_pop_opts *o)
{
    size_t count = o->count ? o->count : o->n;
    int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    /* a slot holds its counters plus about 1000 buckets for a hundredfold
     * spread of values */
    double per_thread = (double)n_slots_of(s) * (sizeof(pop_slot) + 1000.0 * sizeof(uint32_t)) +
                        (double)BATCH * n_slots_of(s) * sizeof(double);   /* the batch buffer */
    double kept = 0;
    if (o->keep_subjects)
        kept += (double)count * s->n_times * s->n_out * sizeof(double);
    if (o->keep_metrics || o->keep_subjects)
        kept += (double)count * (s->n_metrics + s->n_par + 1) * sizeof(double);
    return (threads + 1) * per_thread + kept;
}

static double draw_cont(const pop_cov_dist *d, double z, double u)
{
    double x;
    switch (d->kind) {
    case 0: x = d->a + d->b * z; break;
    case 1: x = d->a * exp(sqrt(log(1 + d->b * d->b)) * z); break;
    case 2: x = d->a + (d->b - d->a) * u; break;
    default: x = d->a; break;
    }
    return fmin(d->hi, fmax(d->lo, x));
}

static int draw_level(const pop_cov_dist *d, double u)
{
    double acc = 0;
    int last = 0;
    for (int k = 1; k < 6; k++)
        if (d->p[k] > 0) {
            acc += d->p[k];
            last = k;
            if (u < acc)
                return k;
        }
    return last;
}

/* Covariates and individual parameters of subject id. */
static void subject(const cnsim_pop_spec *s, gsl_rng *rng, size_t id, pop_cov *cov, double *par)
{
    double zc[COV_N], uc[COV_N];
    for (int k = 0; k < COV_N; k++)
        zc[k] = gsl_ran_gaussian_ziggurat(rng, 1.0), uc[k] = gsl_rng_uniform(rng);
    cnsim_patient_init(&cov->patient);
    const double *row = s->rows && id < s->n_rows ? s->rows + id * (s->n_par + COV_N) : NULL;
    double v[COV_N];
    for (int k = 0; k < COV_N; k++) {
        v[k] = NAN;
        if (row && s->row_has_cov[k])
            v[k] = row[s->n_par + (size_t)k];
        else if (s->cov[k].given)
            v[k] = s->cov[k].kind == 4 ? draw_level(&s->cov[k], uc[k]) : draw_cont(&s->cov[k], zc[k], uc[k]);
    }
    cov->patient.age_y = v[COV_AGE];
    cov->patient.weight_kg = v[COV_WEIGHT];
    if (!isnan(v[COV_SEX]))
        cov->patient.sex = (cnsim_sex)(int)v[COV_SEX];
    if (!isnan(v[COV_HEPATIC]))
        cov->patient.hepatic = (cnsim_organ_impairment)(int)v[COV_HEPATIC];
    if (!isnan(v[COV_CYP2C19]))
        cov->patient.cyp2c19 = (cnsim_metaboliser)(int)v[COV_CYP2C19];
    if (!isnan(v[COV_CYP2D6]))
        cov->patient.cyp2d6 = (cnsim_metaboliser)(int)v[COV_CYP2D6];
    double z[POP_MAX_PARAMS];
    for (size_t k = 0; k < s->n_par; k++)
        z[k] = gsl_ran_gaussian_ziggurat(rng, 1.0);
    for (size_t i = 0; i < s->n_par; i++) {
        double eta = 0;
        for (size_t j = 0; j <= i; j++)
            eta += s->chol[i * POP_MAX_PARAMS + j] * z[j];
        double p = s->theta[i];
        for (size_t e = 0; e < s->n_eff; e++) {
            const pop_cov_effect *f = &s->eff[e];
            if (f->param != (int)i || isnan(v[f->cov]))
                continue;
            if (f->kind == 0)
                p *= pow(v[f->cov] / f->ref, f->value);
            else if (f->kind == 1)
                p *= 1 + f->value * (v[f->cov] - f->ref);
            else if ((int)v[f->cov] == f->level)
                p *= f->value;
        }
        /* F stays a fraction: its ETA acts on the logit */
        if (s->eta_on_logit[i] && p > 0 && p < 1 && eta != 0)
            p = 1 / (1 + exp(-(log(p / (1 - p)) + eta)));
        else
            p *= exp(eta);
        par[i] = row && s->row_has_par[i] ? row[i] : p;
    }
}

cnsim_status cnsim__pop_ws_create(const cnsim_pop_spec *s, pop_ws **out)
{
    *out = NULL;
    pop_ws *w = calloc(1, sizeof *w);
    if (!w)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory");
    if (s->model == POP_MODEL_CHAIN) {
        /* One run of the shared model per thread, set up once: the same
         * records and output times for every subject. */
        cnsim_status st = cnsim_run_create(s->chain, &w->run);
        if (st == CNSIM_OK)
            st = cnsim_run_set_events(w->run, &s->ev, s->ev.n ? s->ev.ev[0].id : 1);
        if (st == CNSIM_OK)
            st = cnsim_run_set_times(w->run, s->times, s->n_times);
        if (st == CNSIM_OK)
            st = cnsim_run_set_outputs(w->run, CNSIM_RUN_PD);
        if (st != CNSIM_OK) {
            cnsim__pop_ws_free(w);
            return st;
        }
    }
    *out = w;
    return CNSIM_OK;
}

void cnsim__pop_ws_free(pop_ws *w)
{
    if (!w)
        return;
    cnsim_run_free(w->run);
    free(w);
}

static cnsim_pop_result *result_new(const cnsim_pop_spec *s, size_t n, size_t first, size_t count, int keep_subj,
                                    int keep_met)
{
    cnsim_pop_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->spec = s, r->n_total = n, r->first = first, r->count = count;
    r->n_slots = n_slots_of(s);
    r->slots = calloc(r->n_slots, sizeof *r->slots);
    int ok = r->slots != NULL;
    if (ok && keep_subj)
        ok = (r->subj = malloc(count * s->n_times * s->n_out * sizeof(double))) != NULL;
    if (ok && (keep_met || keep_subj))
        ok = (r->subj_met = malloc(count * s->n_metrics * sizeof(double))) &&
             (r->subj_par = malloc(count * s->n_par * sizeof(double)));
    if (ok && (keep_met || keep_subj))
        ok = (r->subj_ok = calloc(count, 1)) != NULL;
    if (!ok) {
        cnsim_pop_result_free(r);
        return NULL;
    }
    return r;
}

void cnsim_pop_result_free(cnsim_pop_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; r->slots && k < r->n_slots; k++)
        cnsim__pop_slot_free(&r->slots[k]);
    free(r->slots);
    for (size_t k = 0; k < r->n_fail; k++)
        free(r->fail_msg[k]);
    free(r->fail_id), free(r->fail_msg);
    free(r->subj), free(r->subj_met), free(r->subj_par), free(r->subj_ok);
    free(r);
}

int cnsim__pop_add_failure(cnsim_pop_result *r, size_t id, const char *msg)
{
    if (r->n_fail == r->cap_fail) {
        size_t cap = r->cap_fail ? 2 * r->cap_fail : 16;
        size_t *ids = realloc(r->fail_id, cap * sizeof *ids);
        if (!ids)
            return -1;
        r->fail_id = ids;
        char **m = realloc(r->fail_msg, cap * sizeof *m);
        if (!m)
            return -1;
        r->fail_msg = m, r->cap_fail = cap;
    }
    char *d = cnsim__strdup(msg);
    if (!d)
        return -1;
    r->fail_id[r->n_fail] = id, r->fail_msg[r->n_fail] = d;
    r->n_fail++;
    return 0;
}

/* Failures in subject order (each part is sorted; merging keeps it so). */
static void sort_failures(cnsim_pop_result *r)
{
    for (size_t i = 1; i < r->n_fail; i++) {
        size_t id = r->fail_id[i];
        char *m = r->fail_msg[i];
        size_t j = i;
        for (; j > 0 && r->fail_id[j - 1] > id; j--)
            r->fail_id[j] = r->fail_id[j - 1], r->fail_msg[j] = r->fail_msg[j - 1];
        r->fail_id[j] = id, r->fail_msg[j] = m;
    }
}

/* Summaries and failures of from added to into. */
static cnsim_status merge_summary(cnsim_pop_result *into, const cnsim_pop_result *from)
{
    if (into->n_slots != from->n_slots || into->n_total != from->n_total)
        return cnsim__fail(CNSIM_E_ARG, "population: merging results of different runs");
    for (size_t k = 0; k < into->n_slots; k++)
        if (cnsim__pop_slot_merge(&into->slots[k], &from->slots[k]))
            return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory while merging");
    into->n_done += from->n_done;
    for (size_t k = 0; k < from->n_fail; k++)
        if (cnsim__pop_add_failure(into, from->fail_id[k], from->fail_msg[k]))
            return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory while merging");
    sort_failures(into);
    return CNSIM_OK;
}

cnsim_status cnsim_pop_result_merge(cnsim_pop_result *into, const cnsim_pop_result *from)
{
    cnsim__clear_error();
    cnsim_status st = merge_summary(into, from);
    if (st != CNSIM_OK)
        return st;
    /* kept subjects: the union of the two ranges (contiguous parts) */
    if ((into->subj || into->subj_met) && (from->subj || from->subj_met)) {
        const cnsim_pop_spec *s = into->spec;
        size_t lo = into->first < from->first ? into->first : from->first;
        size_t hi = into->first + into->count > from->first + from->count ? into->first + into->count
                                                                          : from->first + from->count;
        size_t cnt = hi - lo, wo = s->n_times * s->n_out;
        cnsim_pop_result tmp = {0};
        int ok = 1;
        if (into->subj)
            ok = (tmp.subj = calloc(cnt * wo, sizeof(double))) != NULL;
        ok = ok && (tmp.subj_met = calloc(cnt * s->n_metrics, sizeof(double))) &&
             (tmp.subj_par = calloc(cnt * s->n_par, sizeof(double))) && (tmp.subj_ok = calloc(cnt, 1));
        if (!ok) {
            free(tmp.subj), free(tmp.subj_met), free(tmp.subj_par), free(tmp.subj_ok);
            return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory while merging subjects");
        }
        const cnsim_pop_result *parts[2] = {into, from};
        for (int p = 0; p < 2; p++) {
            const cnsim_pop_result *q = parts[p];
            size_t off = q->first - lo;
            if (tmp.subj && q->subj)
                memcpy(tmp.subj + off * wo, q->subj, q->count * wo * sizeof(double));
            memcpy(tmp.subj_met + off * s->n_metrics, q->subj_met, q->count * s->n_metrics * sizeof(double));
            memcpy(tmp.subj_par + off * s->n_par, q->subj_par, q->count * s->n_par * sizeof(double));
            memcpy(tmp.subj_ok + off, q->subj_ok, q->count);
        }
        free(into->subj), free(into->subj_met), free(into->subj_par), free(into->subj_ok);
        into->subj = tmp.subj, into->subj_met = tmp.subj_met, into->subj_par = tmp.subj_par;
        into->subj_ok = tmp.subj_ok;
        into->first = lo, into->count = cnt;
    } else {
        size_t lo = into->first < from->first ? into->first : from->first;
        size_t hi = into->first + into->count > from->first + from->count ? into->first + into->count
                                                                          : from->first + from->count;
        into->first = lo, into->count = hi - lo;
    }
    return CNSIM_OK;
}


/* The batch buffer is large (megabytes) and filled once per run: with
 * transparent huge pages it costs a few page faults instead of thousands,
 * which matters on virtual machines where a fault is expensive. */
static double *batch_alloc(size_t bytes)
{
    size_t huge = (size_t)2 << 20, len = (bytes + huge - 1) / huge * huge;
    void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, len, MADV_HUGEPAGE);
#endif
    return p;
}

static void batch_free(double *p, size_t bytes)
{
    size_t huge = (size_t)2 << 20;
    if (p)
        munmap(p, (bytes + huge - 1) / huge * huge);
}

static int flush(cnsim_pop_result *pr, const double *bat, size_t nb, size_t bw)
{
    /* tiles of TILE slots: a row's values of a tile are adjacent (few
     * pages), the tile's histograms stay in cache while every row passes */
    for (size_t k0 = 0; k0 < bw; k0 += TILE) {
        size_t kn = bw - k0 < TILE ? bw - k0 : TILE;
        if (cnsim__pop_slot_add_rows(pr->slots + k0, bat + k0, bw, nb, kn))
            return -1;
    }
    return 0;
}

cnsim_status cnsim_pop_run(const cnsim_pop_spec *s, cnsim_registry *reg, const cnsim_pop_opts *o,
                           cnsim_pop_result **out)
{
    cnsim__clear_error();
    *out = NULL;
    size_t count = o->count ? o->count : o->n;
    if (o->n < 1 || o->n > ((size_t)1 << 31))
        return cnsim__fail(CNSIM_E_RANGE, "population: n = %zu; expected 1 to 2^31 subjects", o->n);
    if (o->first + count > o->n)
        return cnsim__fail(CNSIM_E_RANGE, "population: subjects %zu..%zu lie beyond n = %zu", o->first,
                           o->first + count - 1, o->n);
    if (s->n_rows && o->n > s->n_rows)
        return cnsim__fail(CNSIM_E_RANGE, "population: n = %zu but the subjects file has %zu rows", o->n, s->n_rows);
    if (o->threads < 0 || o->threads > 1024)
        return cnsim__fail(CNSIM_E_RANGE, "population: %d threads; expected 1 to 1024 (0: all cores)", o->threads);
    int nthr = o->threads > 0 ? o->threads : omp_get_max_threads();
    if ((size_t)nthr > count)
        nthr = (int)count;
    cnsim_pop_result *r = result_new(s, o->n, o->first, count, o->keep_subjects, o->keep_metrics);
    if (!r)
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory for the summaries of %zu subjects", count);
    cnsim_pop_result **part = calloc((size_t)nthr, sizeof *part);
    if (!part) {
        cnsim_pop_result_free(r);
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    }
    size_t done = 0;
    int failed = 0;
    char fail_text[1024] = "";
    cnsim_status fail_st = CNSIM_OK;
    size_t no = s->n_out, nt = s->n_times, nmo = s->n_model_out, wo = nt * no;
    int summaries_off = o->skip_summaries && o->keep_subjects;
    /* kept subjects are written where the model writes them when no column
     * is added or dropped */
    int direct = s->is_identity && r->subj;
    double t_last = omp_get_wtime();

#pragma omp parallel num_threads(nthr)
    {
        int me = omp_get_thread_num();
        pop_ws *ws = NULL;
        gsl_rng *rng[POP_LANES];
        int rng_ok = 1;
        cnsim__gsl_init();
        for (int j = 0; j < POP_LANES; j++)
            rng_ok &= (rng[j] = gsl_rng_alloc(gsl_rng_mt19937)) != NULL;
        /* model outputs of a block (room for every lane), the outputs with
         * the _dv columns of one subject, metrics and parameters */
        double *mo = malloc(POP_LANES * nt * nmo * sizeof *mo), *buf = malloc(wo * sizeof *buf);
        double met[POP_LANES * POP_MAX_METRICS], par[POP_LANES * POP_MAX_PARAMS];
        cnsim_status lst[POP_LANES];
        char why[POP_LANES][256];
        size_t bw = wo + s->n_metrics, nb = 0;
        double *bat = batch_alloc(BATCH * bw * sizeof *bat);
        cnsim_pop_result *pr = result_new(s, o->n, o->first, count, 0, 0);
        cnsim_status st = rng_ok && mo && buf && bat && pr
                              ? cnsim__pop_ws_create(s, &ws)
                              : cnsim__fail(CNSIM_E_NOMEM, "population: out of memory in a thread");
        if (st != CNSIM_OK) {
#pragma omp critical(pop_fail)
            if (!failed) {
                failed = 1, fail_st = st;
                cnsim__strlcpy(fail_text, cnsim_last_error(), sizeof fail_text);
            }
        }
        part[me] = pr;
#pragma omp barrier
#pragma omp for schedule(dynamic, 1) nowait
        for (size_t jb = 0; jb < count; jb += POP_LANES) {
            if (failed)
                continue;
            size_t nl = count - jb < POP_LANES ? count - jb : POP_LANES;
            pop_cov cov[POP_LANES];
            for (size_t l = 0; l < nl; l++) {
                size_t id = o->first + jb + l;
                gsl_rng_set(rng[l], cnsim__pop_subject_seed(o->seed, id));
                subject(s, rng[l], id, &cov[l], par + l * s->n_par);
            }
            if (s->model == POP_MODEL_ET)
                cnsim__pop_et_simulate_lanes(s, nl, par, mo, met, lst, why);
            else
                for (size_t l = 0; l < nl; l++) {
                    size_t id = o->first + jb + l;
                    lst[l] = cnsim__pop_chain_simulate(s, ws, id, o->seed, par + l * s->n_par, &cov[l],
                                                       mo + l * nt * nmo, met + l * s->n_metrics);
                    if (lst[l] != CNSIM_OK)
                        snprintf(why[l], sizeof why[l], "%s", cnsim_last_error());
                }
            int oom = 0;
            const char *oom_why = NULL;
            for (size_t l = 0; l < nl && !oom; l++) {
                size_t j = jb + l, id = o->first + j;
                /* A subject that fails on its own inputs is reported and the
                 * others go on; running out of memory ends the whole run,
                 * or the result would silently lack that subject. */
                if (lst[l] == CNSIM_E_NOMEM) {
                    oom = 1, oom_why = why[l];
                    continue;
                }
                if (lst[l] != CNSIM_OK) {
                    oom = cnsim__pop_add_failure(pr, id, why[l]);
                    continue;
                }
                const double *y = mo + l * nt * nmo, *ml = met + l * s->n_metrics;
                if (direct && summaries_off) {
                    memcpy(r->subj + j * wo, y, wo * sizeof *y);
                    pr->n_done++;
                    if (r->subj_met) {
                        memcpy(r->subj_met + j * s->n_metrics, ml, s->n_metrics * sizeof *ml);
                        memcpy(r->subj_par + j * s->n_par, par + l * s->n_par, s->n_par * sizeof *par);
                        r->subj_ok[j] = 1;
                    }
                    continue;
                }
                if (s->is_identity)
                    memcpy(buf, y, wo * sizeof *buf);
                else   /* chosen outputs; residual error from the subject's stream after its ETAs */
                    for (size_t i = 0; i < nt; i++) {
                        size_t k = 0;
                        for (; k < no && s->col_src[k] >= 0; k++)
                            buf[i * no + k] = y[i * nmo + s->col_src[k]];
                        for (; k < no; k++) {
                            double f = y[i * nmo + s->dv_of[k]];
                            double ep = gsl_ran_gaussian_ziggurat(rng[l], 1.0);
                            double ea = gsl_ran_gaussian_ziggurat(rng[l], 1.0);
                            buf[i * no + k] = f * (1 + sqrt(s->sigma_prop[k]) * ep) + sqrt(s->sigma_add[k]) * ea;
                        }
                    }
                if (!summaries_off) {
                    memcpy(bat + nb * bw, buf, wo * sizeof *buf);
                    memcpy(bat + nb * bw + wo, ml, s->n_metrics * sizeof *ml);
                    if (++nb == BATCH)
                        oom = flush(pr, bat, nb, bw), nb = 0;
                }
                pr->n_done++;
                if (r->subj)
                    memcpy(r->subj + j * wo, buf, wo * sizeof *buf);
                if (r->subj_met) {
                    memcpy(r->subj_met + j * s->n_metrics, ml, s->n_metrics * sizeof *ml);
                    memcpy(r->subj_par + j * s->n_par, par + l * s->n_par, s->n_par * sizeof *par);
                    r->subj_ok[j] = 1;
                }
            }
            if (oom) {
#pragma omp critical(pop_fail)
                if (!failed) {
                    failed = 1, fail_st = CNSIM_E_NOMEM;
                    if (oom_why)
                        snprintf(fail_text, sizeof fail_text, "population: subject %zu: %s", o->first + jb, oom_why);
                    else
                        snprintf(fail_text, sizeof fail_text, "population: out of memory at subject %zu", o->first + jb);
                }
            }
            size_t d;
#pragma omp atomic capture
            d = done += nl;
            if (me == 0 && o->progress) {
                double now = omp_get_wtime();
                if (now - t_last > 0.2) {
                    t_last = now;
                    o->progress(o->progress_ctx, d, count);
                }
            }
        }
        if (nb && flush(pr, bat, nb, bw)) {
#pragma omp critical(pop_fail)
            if (!failed) {
                failed = 1, fail_st = CNSIM_E_NOMEM;
                snprintf(fail_text, sizeof fail_text, "population: out of memory in the summaries");
            }
        }
        cnsim__pop_ws_free(ws);
        for (int j = 0; j < POP_LANES; j++)
            if (rng[j])
                gsl_rng_free(rng[j]);
        free(mo), free(buf);
        batch_free(bat, BATCH * bw * sizeof *bat);
    }
    cnsim_status st = failed ? fail_st : CNSIM_OK;
    /* the first part's summaries become the result's (no copy), the others
     * are added to them */
    if (st == CNSIM_OK && part[0]) {
        pop_slot *tmp = r->slots;
        r->slots = part[0]->slots, part[0]->slots = tmp;
        for (size_t k = 0; k < r->n_slots; k++)   /* tmp was empty: keep part[0] consistent */
            memset(&part[0]->slots[k], 0, sizeof(pop_slot));
        r->n_done += part[0]->n_done, part[0]->n_done = 0;
    }
    /* the other parts' histograms, slot by slot in parallel (integer sums:
     * the order does not matter) */
    if (st == CNSIM_OK && nthr > 1) {
        int oom = 0;
#pragma omp parallel for num_threads(nthr) schedule(static) reduction(| : oom)
        for (size_t k = 0; k < r->n_slots; k++)
            for (int t = 1; t < nthr; t++)
                if (part[t])
                    oom |= cnsim__pop_slot_merge(&r->slots[k], &part[t]->slots[k]);
        if (oom)
            st = CNSIM_E_NOMEM, cnsim__strlcpy(fail_text, "population: out of memory while merging", sizeof fail_text);
        for (int t = 1; t < nthr; t++)
            if (part[t])
                for (size_t k = 0; k < part[t]->n_slots; k++)
                    cnsim__pop_slot_free(&part[t]->slots[k]);
    }
    for (int t = 0; t < nthr; t++) {
        if (st == CNSIM_OK && part[t] && merge_summary(r, part[t]) != CNSIM_OK)
            st = CNSIM_E_NOMEM, cnsim__strlcpy(fail_text, cnsim_last_error(), sizeof fail_text);
        cnsim_pop_result_free(part[t]);
    }
    free(part);
    if (o->progress)
        o->progress(o->progress_ctx, count, count);
    if (st != CNSIM_OK) {
        cnsim_pop_result_free(r);
        return cnsim__fail(st, "%s", fail_text);
    }
    sort_failures(r);
    *out = r;
    return CNSIM_OK;
}
