/* Reading a population result, and its flat byte image for MPI. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "population/pop_impl.h"
#include "core_impl.h"

size_t cnsim_pop_result_n_done(const cnsim_pop_result *r) { return r->n_done; }
size_t cnsim_pop_result_n_failed(const cnsim_pop_result *r) { return r->n_fail; }

void cnsim_pop_result_failure(const cnsim_pop_result *r, size_t k, size_t *id, const char **reason)
{
    *id = k < r->n_fail ? r->fail_id[k] : 0;
    *reason = k < r->n_fail ? r->fail_msg[k] : "";
}

static cnsim_pop_band band_of(const pop_slot *s)
{
    cnsim_pop_band b;
    b.mean = cnsim__pop_slot_mean(s);
    b.p5 = cnsim__pop_slot_quantile(s, 0.05);
    b.p50 = cnsim__pop_slot_quantile(s, 0.50);
    b.p95 = cnsim__pop_slot_quantile(s, 0.95);
    return b;
}

cnsim_pop_band cnsim_pop_result_band(const cnsim_pop_result *r, size_t k, size_t i)
{
    const cnsim_pop_spec *s = r->spec;
    if (k >= s->n_out || i >= s->n_times) {
        cnsim_pop_band nb = {NAN, NAN, NAN, NAN};
        return nb;
    }
    return band_of(&r->slots[i * s->n_out + k]);
}

double cnsim_pop_result_quantile(const cnsim_pop_result *r, size_t k, size_t i, double q)
{
    const cnsim_pop_spec *s = r->spec;
    if (k >= s->n_out || i >= s->n_times || !(q > 0 && q <= 100))
        return NAN;
    return cnsim__pop_slot_quantile(&r->slots[i * s->n_out + k], q / 100);
}

cnsim_pop_band cnsim_pop_result_metric(const cnsim_pop_result *r, size_t k)
{
    const cnsim_pop_spec *s = r->spec;
    if (k >= s->n_metrics) {
        cnsim_pop_band nb = {NAN, NAN, NAN, NAN};
        return nb;
    }
    return band_of(&r->slots[s->n_times * s->n_out + k]);
}

static int kept(const cnsim_pop_result *r, size_t id)
{
    return id >= r->first && id < r->first + r->count && r->subj_ok && r->subj_ok[id - r->first];
}

const double *cnsim_pop_result_subject(const cnsim_pop_result *r, size_t id)
{
    const cnsim_pop_spec *s = r->spec;
    return r->subj && kept(r, id) ? r->subj + (id - r->first) * s->n_times * s->n_out : NULL;
}

const double *cnsim_pop_result_subject_metrics(const cnsim_pop_result *r, size_t id)
{
    return r->subj_met && kept(r, id) ? r->subj_met + (id - r->first) * r->spec->n_metrics : NULL;
}

const double *cnsim_pop_result_subject_params(const cnsim_pop_result *r, size_t id)
{
    return r->subj_par && kept(r, id) ? r->subj_par + (id - r->first) * r->spec->n_par : NULL;
}

/* ---- byte image ----------------------------------------------------- */

typedef struct wbuf {
    unsigned char *p;
    size_t n, cap;
    int oom;
} wbuf;

static void put(wbuf *b, const void *x, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p, b->cap = cap;
    }
    memcpy(b->p + b->n, x, n);
    b->n += n;
}

static void put_u64(wbuf *b, uint64_t x) { put(b, &x, sizeof x); }

static void put_store(wbuf *b, const pop_store *s)
{
    /* only the used range */
    uint32_t lo = 0, hi = s->cap;
    while (lo < hi && !s->c[lo])
        lo++;
    while (hi > lo && !s->c[hi - 1])
        hi--;
    int32_t first = s->lo + (int32_t)lo;
    put(b, &first, sizeof first);
    uint32_t n = hi - lo;
    put(b, &n, sizeof n);
    if (n)
        put(b, s->c + lo, n * sizeof *s->c);
}

#define POP_MAGIC 0x31504f504d49534eULL   /* "NSIMPOP1" */

cnsim_status cnsim_pop_result_pack(const cnsim_pop_result *r, unsigned char **buf, size_t *n)
{
    cnsim__clear_error();
    wbuf b = {0};
    put_u64(&b, POP_MAGIC);
    put_u64(&b, r->n_total), put_u64(&b, r->first), put_u64(&b, r->count), put_u64(&b, r->n_slots);
    put_u64(&b, r->n_done), put_u64(&b, r->n_fail);
    for (size_t k = 0; k < r->n_slots; k++) {
        const pop_slot *s = &r->slots[k];
        put_u64(&b, s->n), put_u64(&b, s->n_zero), put_u64(&b, s->n_posinf), put_u64(&b, s->n_neginf);
        put(&b, &s->sum, sizeof s->sum);
        put_store(&b, &s->pos), put_store(&b, &s->neg);
    }
    for (size_t k = 0; k < r->n_fail; k++) {
        put_u64(&b, r->fail_id[k]);
        uint64_t len = strlen(r->fail_msg[k]);
        put_u64(&b, len);
        put(&b, r->fail_msg[k], len);
    }
    const cnsim_pop_spec *sp = r->spec;
    uint64_t flags = (r->subj ? 1 : 0) | (r->subj_met ? 2 : 0);
    put_u64(&b, flags);
    if (r->subj)
        put(&b, r->subj, r->count * sp->n_times * sp->n_out * sizeof(double));
    if (r->subj_met) {
        put(&b, r->subj_met, r->count * sp->n_metrics * sizeof(double));
        put(&b, r->subj_par, r->count * sp->n_par * sizeof(double));
        put(&b, r->subj_ok, r->count);
    }
    if (b.oom) {
        free(b.p);
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory packing a result");
    }
    *buf = b.p, *n = b.n;
    return CNSIM_OK;
}

typedef struct rbuf {
    const unsigned char *p;
    size_t n, at;
    int bad;
} rbuf;

static void get(rbuf *b, void *x, size_t n)
{
    if (b->bad || b->at + n > b->n) {
        b->bad = 1;
        memset(x, 0, n);
        return;
    }
    memcpy(x, b->p + b->at, n);
    b->at += n;
}

static uint64_t get_u64(rbuf *b)
{
    uint64_t x;
    get(b, &x, sizeof x);
    return x;
}

static int get_store(rbuf *b, pop_store *s)
{
    int32_t first;
    uint32_t n;
    get(b, &first, sizeof first);
    get(b, &n, sizeof n);
    if (b->bad || n > (b->n - b->at) / sizeof(uint32_t))
        return b->bad = 1, -1;
    if (!n)
        return 0;
    s->c = malloc(n * sizeof *s->c);
    if (!s->c)
        return -1;
    get(b, s->c, n * sizeof *s->c);
    s->lo = first, s->cap = n;
    return 0;
}

cnsim_status cnsim_pop_result_unpack(const cnsim_pop_spec *s, const unsigned char *buf, size_t n,
                                     cnsim_pop_result **out)
{
    cnsim__clear_error();
    *out = NULL;
    rbuf b = {buf, n, 0, 0};
    if (get_u64(&b) != POP_MAGIC)
        return cnsim__fail(CNSIM_E_PARSE, "population: not a packed result");
    cnsim_pop_result *r = calloc(1, sizeof *r);
    if (!r)
        return cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    r->spec = s;
    r->n_total = get_u64(&b), r->first = get_u64(&b), r->count = get_u64(&b), r->n_slots = get_u64(&b);
    r->n_done = get_u64(&b);
    uint64_t n_fail = get_u64(&b);
    cnsim_status st = CNSIM_OK;
    if (b.bad || r->n_slots != s->n_times * s->n_out + s->n_metrics || r->first + r->count > r->n_total)
        st = cnsim__fail(CNSIM_E_PARSE, "population: a packed result of another run");
    else if (!(r->slots = calloc(r->n_slots, sizeof *r->slots)))
        st = cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
    for (size_t k = 0; st == CNSIM_OK && k < r->n_slots; k++) {
        pop_slot *q = &r->slots[k];
        q->n = get_u64(&b), q->n_zero = get_u64(&b), q->n_posinf = get_u64(&b), q->n_neginf = get_u64(&b);
        get(&b, &q->sum, sizeof q->sum);
        if (get_store(&b, &q->pos) || get_store(&b, &q->neg))
            st = b.bad ? cnsim__fail(CNSIM_E_PARSE, "population: bad packed result")
                       : cnsim__fail(CNSIM_E_NOMEM, "population: out of memory reading a packed result");
    }
    for (uint64_t k = 0; st == CNSIM_OK && k < n_fail; k++) {
        uint64_t id = get_u64(&b), len = get_u64(&b);
        if (b.bad || len > 4096) {
            st = cnsim__fail(CNSIM_E_PARSE, "population: bad packed result");
            break;
        }
        char msg[4097];
        get(&b, msg, len);
        msg[len] = 0;
        if (b.bad)
            st = cnsim__fail(CNSIM_E_PARSE, "population: bad packed result");
        else if (cnsim__pop_add_failure(r, id, msg))
            st = cnsim__fail(CNSIM_E_NOMEM, "population: out of memory reading a packed result");
    }
    uint64_t flags = st == CNSIM_OK ? get_u64(&b) : 0;
    size_t wo = s->n_times * s->n_out;
    if (st == CNSIM_OK && (flags & 1)) {
        if (r->count > (b.n - b.at) / (wo * sizeof(double) + 1))
            st = cnsim__fail(CNSIM_E_PARSE, "population: bad packed result");
        else if (!(r->subj = malloc(r->count * wo * sizeof(double))))
            st = cnsim__fail(CNSIM_E_NOMEM, "population: out of memory reading a packed result");
        else
            get(&b, r->subj, r->count * wo * sizeof(double));
    }
    if (st == CNSIM_OK && (flags & 2)) {
        if (!(r->subj_met = malloc(r->count * s->n_metrics * sizeof(double) + 1)) ||
            !(r->subj_par = malloc(r->count * s->n_par * sizeof(double) + 1)) || !(r->subj_ok = malloc(r->count + 1)))
            st = cnsim__fail(CNSIM_E_NOMEM, "population: out of memory");
        else {
            get(&b, r->subj_met, r->count * s->n_metrics * sizeof(double));
            get(&b, r->subj_par, r->count * s->n_par * sizeof(double));
            get(&b, r->subj_ok, r->count);
        }
    }
    if (st == CNSIM_OK && b.bad)
        st = cnsim__fail(CNSIM_E_PARSE, "population: truncated packed result");
    if (st != CNSIM_OK) {
        cnsim_pop_result_free(r);
        return st;
    }
    *out = r;
    return CNSIM_OK;
}
