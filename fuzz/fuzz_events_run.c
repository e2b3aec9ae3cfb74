/* libFuzzer target: an event data set all the way into the PK model: the
 * CSV reader (drug names resolved by the registry, default clonazepam),
 * ADDL expansion, then one simulation of the first subject (its first block) with the
 * registry's parameters of each drug it names, sampled at every record and
 * half-way between. Concentrations must be finite and >= 0 whenever the
 * simulation succeeds; every failure must be a status with a message.
 * Expansion and horizon are capped so that one input stays quick. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/io.h"
#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "cnsim/registry.h"

#define MAX_EXPANDED 2000
#define MAX_TIME_H (24.0 * 365)
#define MAX_DRUGS 4

static void check(int ok)
{
    if (!ok)
        abort();
}

static int by_time(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void simulate_first_subject(cnsim_registry *reg, const cnsim_event_list *ev)
{
    if (ev->n == 0 || ev->n_drugs == 0 || ev->n_drugs > MAX_DRUGS)
        return;
    cnsim_pk_params p[MAX_DRUGS];
    for (size_t d = 0; d < ev->n_drugs; d++)
        if (cnsim_registry_pk_params(reg, ev->drugs[d], NULL, &p[d]) != CNSIM_OK)
            return; /* a metabolite or a drug without PK: not this target */
    size_t n = 0;
    while (n < ev->n && ev->ev[n].id == ev->ev[0].id && ev->ev[n].block == ev->ev[0].block)
        n++;
    for (size_t i = 0; i < n; i++)
        if (!(ev->ev[i].time_h <= MAX_TIME_H))
            return;
    double *t = malloc(2 * n * sizeof *t);
    cnsim_pk_run *run = NULL;
    if (!t)
        return;
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        t[nt++] = ev->ev[i].time_h;
        t[nt++] = ev->ev[i].time_h + 0.5 * (i + 1 < n ? ev->ev[i + 1].time_h - ev->ev[i].time_h : 12);
    }
    qsort(t, nt, sizeof *t, by_time);
    cnsim_status st = cnsim_pk_run_create(p, ev->n_drugs, NULL, &run);
    if (st == CNSIM_OK) {
        size_t no = cnsim_pk_run_n_outputs(run);
        double *c = malloc(nt * no * sizeof *c);
        if (c) {
            cnsim_pk_samples s = {.t_h = t, .n = nt, .conc_ng_mL = c};
            st = cnsim_pk_run_sample(run, ev->ev, n, &s);
            if (st == CNSIM_OK)
                for (size_t i = 0; i < nt * no; i++)
                    check(isfinite(c[i]) && c[i] >= -1e-9 * (1 + fabs(c[i])));
            else
                check(st != CNSIM_E_NOMEM && cnsim_last_error()[0]);
            free(c);
        }
    } else {
        check(cnsim_last_error()[0]);
    }
    cnsim_pk_run_free(run);
    free(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_registry *reg;
    static int tried;
    if (!tried) {
        tried = 1;
        if (cnsim_registry_create(NULL, &reg) != CNSIM_OK)
            reg = NULL;
    }
    if (!reg)
        return 0;
    cnsim_event_list in, out;
    cnsim_event_list_init(&in);
    cnsim_event_list_init(&out);
    cnsim_status st = cnsim_events_read_csv_mem((const char *)data, size, "clonazepam", reg, &in);
    if (st == CNSIM_OK) {
        size_t n = in.n;
        for (size_t i = 0; i < in.n && n <= MAX_EXPANDED; i++)
            n += (size_t)in.ev[i].addl;
        if (n <= MAX_EXPANDED && cnsim_events_expand(&in, &out) == CNSIM_OK)
            simulate_first_subject(reg, &out);
    } else {
        check(cnsim_last_error()[0] && !strchr(cnsim_last_error(), '\n'));
    }
    cnsim_event_list_free(&in);
    cnsim_event_list_free(&out);
    return 0;
}
