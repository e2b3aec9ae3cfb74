/* Event lists: growth, drug names, and the expansion of ADDL records. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/regimen.h"
#include "core_impl.h"

void cnsim_event_list_init(cnsim_event_list *l) { memset(l, 0, sizeof *l); }

void cnsim_event_list_free(cnsim_event_list *l)
{
    free(l->ev);
    free(l->drugs);
    memset(l, 0, sizeof *l);
}

/* Distinct subject ids in order of first appearance, in a new array
 * (NULL with *n = 0 when the list is empty or memory runs out). */
typedef struct { int id, block; size_t first; } subj;

static int cmp_subj_id(const void *a, const void *b)
{
    const subj *x = a, *y = b;
    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    if (x->block != y->block)
        return x->block < y->block ? -1 : 1;
    return x->first < y->first ? -1 : (x->first > y->first);
}

static int cmp_subj_first(const void *a, const void *b)
{
    const subj *x = a, *y = b;
    return x->first < y->first ? -1 : (x->first > y->first);
}

static subj *subjects(const cnsim_event_list *l, size_t *n)
{
    *n = 0;
    subj *s = l->n ? malloc(l->n * sizeof *s) : NULL;
    if (!s)
        return NULL;
    for (size_t i = 0; i < l->n; i++)
        s[i] = (subj){l->ev[i].id, l->ev[i].block, i};
    if (l->n > 1)
        qsort(s, l->n, sizeof *s, cmp_subj_id);
    for (size_t i = 0; i < l->n; i++)
        if (*n == 0 || s[*n - 1].id != s[i].id || s[*n - 1].block != s[i].block)
            s[(*n)++] = s[i];
    if (*n > 1)
        qsort(s, *n, sizeof *s, cmp_subj_first);
    return s;
}

size_t cnsim_event_list_n_subjects(const cnsim_event_list *l)
{
    size_t n;
    free(subjects(l, &n));
    return n;
}

int cnsim_event_list_subject_id(const cnsim_event_list *l, size_t k)
{
    size_t n;
    subj *s = subjects(l, &n);
    int id = s && k < n ? s[k].id : -1;
    free(s);
    return id;
}

int cnsim_event_list_subject_block(const cnsim_event_list *l, size_t k)
{
    size_t n;
    subj *s = subjects(l, &n);
    int b = s && k < n ? s[k].block : -1;
    free(s);
    return b;
}

cnsim_event cnsim_event_default(void)
{
    cnsim_event e;
    memset(&e, 0, sizeof e);
    e.evid = CNSIM_EVID_DOSE;
    e.drug = -1;
    e.dv = NAN;
    e.lloq = NAN;
    e.mdv = 1;
    return e;
}

/* Records beyond this are refused: 12 weeks of hourly doses for 10 000
 * subjects fits well under it, a runaway ADDL does not. */
#define MAX_EVENTS 10000000u

cnsim_status cnsim_event_list_push(cnsim_event_list *l, const cnsim_event *e)
{
    cnsim__clear_error();
    if (l->n == l->cap) {
        if (l->cap >= MAX_EVENTS)
            return cnsim__fail(CNSIM_E_RANGE, "too many event records (more than %u); expected fewer doses or a shorter horizon", MAX_EVENTS);
        size_t cap = l->cap ? l->cap * 2 : 64;
        cnsim_event *p = realloc(l->ev, cap * sizeof *p);
        if (!p)
            return cnsim__fail(CNSIM_E_NOMEM, "out of memory growing the event list to %zu records", cap);
        l->ev = p;
        l->cap = cap;
    }
    l->ev[l->n++] = *e;
    return CNSIM_OK;
}

cnsim_status cnsim_event_list_drug(cnsim_event_list *l, const char *name,
                                   int *index)
{
    cnsim__clear_error();
    for (size_t i = 0; i < l->n_drugs; i++)
        if (!strcmp(l->drugs[i], name)) {
            *index = (int)i;
            return CNSIM_OK;
        }
    void *p = realloc(l->drugs, (l->n_drugs + 1) * sizeof *l->drugs);
    if (!p)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory adding drug '%s'", name);
    l->drugs = p;
    if (cnsim__strlcpy(l->drugs[l->n_drugs], name, CNSIM_NAME_MAX) != 0)
        return cnsim__fail(CNSIM_E_ARG, "drug name '%.80s' is longer than %d characters", name, CNSIM_NAME_MAX - 1);
    *index = (int)l->n_drugs++;
    return CNSIM_OK;
}

static int is_dose(int evid)
{
    return evid == CNSIM_EVID_DOSE || evid == CNSIM_EVID_RESET_DOSE;
}

static cnsim_status check_record(const cnsim_event *e, size_t n_drugs)
{
    long ln = e->line;
    if (!isfinite(e->time_h))
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: TIME %g is not a finite number", ln, e->time_h);
    if (e->evid < 0 || e->evid > 4)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: EVID %d; expected 0-4", ln, e->evid);
    if (e->cmt < 0 || e->cmt > CNSIM_N_CMT)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: CMT %d; expected 1-5 (DEPOT, CENTRAL, PERIPH, PERIPH2, METAB)", ln, e->cmt);
    if (!is_dose(e->evid))
        return CNSIM_OK;
    if (e->drug < 0 || (size_t)e->drug >= n_drugs)
        return cnsim__fail(CNSIM_E_ARG, "event record %ld: dose has no drug; expected --drug or a DRUG column", ln);
    /* NONMEM's steady-state constant infusion: SS = 1 (or 2), AMT = 0,
     * RATE > 0, II = 0. */
    int ss_infusion = e->ss > 0 && e->amt_mg == 0 && e->rate_mg_per_h > 0;
    if (!isfinite(e->amt_mg) || e->amt_mg < 0 || (e->amt_mg == 0 && !ss_infusion))
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: AMT %g mg; expected a dose > 0 (AMT = 0 only for a steady-state infusion: SS = 1, RATE > 0, II = 0)", ln, e->amt_mg);
    if (!isfinite(e->rate_mg_per_h) || (e->rate_mg_per_h < 0 && e->rate_mg_per_h != -1 && e->rate_mg_per_h != -2))
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: RATE %g mg/h; expected 0 (bolus), > 0, -1 (the model's rate) or -2 (the model's duration)", ln, e->rate_mg_per_h);
    if (!isfinite(e->dur_h) || e->dur_h < 0)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: infusion duration %g h; expected >= 0", ln, e->dur_h);
    if (!isfinite(e->ii_h) || e->ii_h < 0)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: II %g h; expected >= 0", ln, e->ii_h);
    if (e->addl < 0)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: ADDL %d; expected >= 0", ln, e->addl);
    if (e->addl > 0 && e->ii_h <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: ADDL %d without II; expected II > 0 with ADDL", ln, e->addl);
    if (e->ss < 0 || e->ss > 2)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: SS %d; expected 0, 1 or 2", ln, e->ss);
    if (ss_infusion && (e->ii_h != 0 || e->addl != 0))
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: steady-state infusion (AMT 0, RATE %g) with II %g h and ADDL %d; expected II = 0 and ADDL = 0 (NONMEM's constant infusion at steady state)", ln, e->rate_mg_per_h, e->ii_h, e->addl);
    if (e->ss > 0 && !ss_infusion && e->ii_h <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: SS %d without II; expected II > 0 for a steady-state dose (or AMT 0 with RATE > 0 for a steady-state infusion)", ln, e->ss);
    return CNSIM_OK;
}

/* Stable order: by subject, then time; records at equal times keep their
 * input order (NONMEM processes equal-time records in data-set order).
 * qsort is not stable, so each record carries its input position. */
typedef struct { cnsim_event e; size_t seq; } seq_event;

static int cmp_event(const void *pa, const void *pb)
{
    const seq_event *a = pa, *b = pb;
    if (a->e.id != b->e.id)
        return a->e.id < b->e.id ? -1 : 1;
    if (a->e.block != b->e.block)
        return a->e.block < b->e.block ? -1 : 1;
    if (a->e.time_h != b->e.time_h)
        return a->e.time_h < b->e.time_h ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

cnsim_status cnsim_events_expand(const cnsim_event_list *in,
                                 cnsim_event_list *out)
{
    cnsim__clear_error();
    cnsim_status st;
    for (size_t i = 0; i < in->n_drugs; i++) {
        int k;
        if ((st = cnsim_event_list_drug(out, in->drugs[i], &k)) != CNSIM_OK)
            return st;
    }
    /* NONMEM reads a data set in blocks: an ID that comes back after other
     * IDs starts a new individual, and a reset may restart the clock. The
     * data-set reader numbers the blocks (cnsim_event.block); a list whose
     * blocks are not numbered and that has either is refused, rather than
     * merged into one subject. */
    subj *seen = malloc((in->n ? in->n : 1) * sizeof *seen);
    size_t n_seen = 0;
    if (!seen)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory checking %zu event records", in->n);
    for (size_t i = 0; i < in->n; i++) {
        const cnsim_event *e = &in->ev[i];
        const cnsim_event *p = i ? &in->ev[i - 1] : NULL;
        if (!p || e->id != p->id || e->block != p->block)
            seen[n_seen++] = (subj){e->id, e->block, i};
        else if (e->time_h < p->time_h && (e->evid == CNSIM_EVID_RESET || e->evid == CNSIM_EVID_RESET_DOSE)) {
            free(seen);
            return cnsim__fail(CNSIM_E_RANGE, "event record %ld: reset at TIME %g h restarts the clock of ID %d (previous record at %g h) in one block; expected a new block (cnsim_event.block; the data-set reader starts one)", e->line, e->time_h, e->id, p->time_h);
        }
    }
    if (n_seen > 1)
        qsort(seen, n_seen, sizeof *seen, cmp_subj_id);
    for (size_t i = 1; i < n_seen; i++)
        if (seen[i].id == seen[i - 1].id && seen[i].block == seen[i - 1].block) {
            int id = seen[i].id;
            free(seen);
            return cnsim__fail(CNSIM_E_RANGE, "ID %d appears in two separate runs of records with the same block; expected all records of an ID together, or a new block for each (the data-set reader starts one)", id);
        }
    free(seen);
    for (size_t i = 0; i < in->n; i++) {
        const cnsim_event *e = &in->ev[i];
        if ((st = check_record(e, in->n_drugs)) != CNSIM_OK)
            return st;
        cnsim_event d = *e;
        int addl = d.addl;
        d.addl = 0;
        if ((st = cnsim_event_list_push(out, &d)) != CNSIM_OK)
            return st;
        for (int k = 1; k <= addl; k++) {
            cnsim_event a = d;
            a.evid = CNSIM_EVID_DOSE; /* additional doses never reset */
            a.ss = 0;
            a.time_h = e->time_h + k * e->ii_h;
            a.addl_k = k;
            if ((st = cnsim_event_list_push(out, &a)) != CNSIM_OK)
                return st;
        }
    }
    seq_event *tmp = malloc((out->n ? out->n : 1) * sizeof *tmp);
    if (!tmp)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory sorting %zu event records", out->n);
    for (size_t i = 0; i < out->n; i++) {
        tmp[i].e = out->ev[i];
        tmp[i].seq = i;
    }
    if (out->n > 1)
        qsort(tmp, out->n, sizeof *tmp, cmp_event);
    for (size_t i = 0; i < out->n; i++)
        out->ev[i] = tmp[i].e;
    free(tmp);
    return CNSIM_OK;
}
