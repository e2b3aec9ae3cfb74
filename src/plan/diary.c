/* The adaptive taper (include/cnsim/diary.h): the diary read with libcsv,
 * the patient's sensitivity and adaptation fitted by the shared
 * estimator (src/tdm/core.c) on the chain's withdrawal index, and the
 * next step chosen from the predicted symptom courses. */
#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/diary.h"
#include "cnsim/model.h"
#include "cnsim/pd.h"
#include "cnsim/tdm.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "tdm/tdm_impl.h"

/* ---- dates: days since 1970-01-01 in the proleptic Gregorian calendar ---- */

static long days_from_date(int y, int m, int d)
{
    /* March-based year, so the leap day ends the year */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void date_from_days(long z, char out[11])
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
    unsigned yy = (unsigned)((y + (m <= 2)) % 10000), mm = (unsigned)m % 13, dd = (unsigned)d % 32;
    snprintf(out, 11, "%04u-%02u-%02u", yy, mm, dd);
}

/* "YYYY-MM-DD", a real calendar date, 1900..2199. */
static int parse_date(const char *s, long *days)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return 0;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return 0;
    *days = days_from_date(y, m, d);
    return 1;
}

cnsim_status cnsim_date_add(const char *date, long days, char out[11])
{
    long d;
    if (!date || !parse_date(date, &d))
        return cnsim__fail(CNSIM_E_PARSE, "date '%s' is not a date; expected YYYY-MM-DD", date ? date : "(null)");
    date_from_days(d + days, out);
    return CNSIM_OK;
}

/* ---- reader ---- */

enum { COL_DATE, COL_DOSE, COL_CIWA, COL_BWSQ, COL_TROUGH, N_DCOL };
static const char *const dcol_name[N_DCOL] = {"date", "daily_dose_mg", "ciwa_b", "bwsq", "trough_ng_mL"};
#define DIARY_MAX_COLS 64
#define DIARY_FIELD_MAX 64
#define DIARY_MAX_ROWS 5000

typedef struct diary_reader {
    const char *what;
    cnsim_diary *d;
    cnsim_status st;
    long line;                 /* the line being read (1 = the header) */
    size_t col, n_cols;
    int col_kind[DIARY_MAX_COLS];   /* dcol index or -1 */
    char field[N_DCOL][DIARY_FIELD_MAX];
    int has[N_DCOL];
    size_t cap;
    long first_day, prev_day;
} diary_reader;

static void d_field(void *s, size_t len, void *ctx)
{
    diary_reader *r = ctx;
    if (r->st != CNSIM_OK)
        return;
    char buf[DIARY_FIELD_MAX];
    size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    /* trim blanks */
    char *p = buf;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t k = strlen(p);
    while (k && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r'))
        p[--k] = '\0';
    if (r->line == 1) {
        if (r->col >= DIARY_MAX_COLS) {
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s line 1: more than %d columns", r->what, DIARY_MAX_COLS);
            return;
        }
        int kind = -1;
        for (int c = 0; c < N_DCOL; c++)
            if (!strcasecmp(p, dcol_name[c]))
                kind = c;
        if (kind >= 0 && r->has[kind]) {
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s line 1: column %s appears twice; expected each once", r->what,
                                dcol_name[kind]);
            return;
        }
        if (kind >= 0)
            r->has[kind] = 1;
        r->col_kind[r->col++] = kind;
        return;
    }
    if (len >= DIARY_FIELD_MAX && r->col < r->n_cols && r->col_kind[r->col] >= 0) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: field %s is longer than %d characters", r->what, r->line,
                            dcol_name[r->col_kind[r->col]], DIARY_FIELD_MAX - 1);
        return;
    }
    if (r->col < r->n_cols && r->col_kind[r->col] >= 0)
        cnsim__strlcpy(r->field[r->col_kind[r->col]], p, DIARY_FIELD_MAX);
    r->col++;
}

/* A number field: NAN when empty and optional. Returns 0 after failing. */
static int d_number(diary_reader *r, int c, int required, double lo, double hi, const char *expect, double *v)
{
    const char *s = r->field[c];
    *v = NAN;
    if (!s[0]) {
        if (!required)
            return 1;
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: field %s is empty; expected %s", r->what, r->line,
                            dcol_name[c], expect);
        return 0;
    }
    const char *end = cnsim_scan_number(s, v);
    if (!end || *end) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: field %s '%s' is not a number; expected %s", r->what, r->line,
                            dcol_name[c], s, expect);
        return 0;
    }
    if (!isfinite(*v) || *v < lo || *v > hi) {
        r->st = cnsim__fail(CNSIM_E_RANGE, "%s line %ld: field %s %s is out of range; expected %s", r->what, r->line,
                            dcol_name[c], s, expect);
        return 0;
    }
    return 1;
}

static void d_row(int c, void *ctx)
{
    (void)c;
    diary_reader *r = ctx;
    if (r->st != CNSIM_OK)
        return;
    if (r->line == 1) {
        r->n_cols = r->col;
        if (!r->has[COL_DATE] || !r->has[COL_DOSE])
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s line 1: no %s column; expected the columns date, daily_dose_mg and "
                                "ciwa_b or bwsq (trough_ng_mL optional)", r->what,
                                r->has[COL_DATE] ? "daily_dose_mg" : "date");
        else if (r->has[COL_CIWA] == r->has[COL_BWSQ])
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s line 1: %s; expected one symptom score column, ciwa_b (0-80) or bwsq "
                                "(0-40)", r->what, r->has[COL_CIWA] ? "both ciwa_b and bwsq" : "no ciwa_b or bwsq column");
        else
            cnsim__strlcpy(r->d->scale, r->has[COL_CIWA] ? "ciwa_b" : "bwsq", sizeof r->d->scale);
        r->line++, r->col = 0;
        return;
    }
    if (r->col <= 1 && !r->field[COL_DATE][0] && !r->field[COL_DOSE][0]) {   /* a blank line */
        r->line++, r->col = 0;
        return;
    }
    if (r->col != r->n_cols) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: %zu fields; the header has %zu columns", r->what, r->line,
                            r->col, r->n_cols);
        return;
    }
    if (r->d->n >= DIARY_MAX_ROWS) {
        r->st = cnsim__fail(CNSIM_E_RANGE, "%s line %ld: more than %d entries", r->what, r->line, DIARY_MAX_ROWS);
        return;
    }
    cnsim_diary_entry e;
    memset(&e, 0, sizeof e);
    e.line = r->line;
    long day;
    if (!parse_date(r->field[COL_DATE], &day)) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: field date '%s' is not a date; expected YYYY-MM-DD (e.g. "
                            "2027-01-04)", r->what, r->line, r->field[COL_DATE]);
        return;
    }
    if (r->d->n == 0)
        r->first_day = day;
    else if (day <= r->prev_day) {
        r->st = cnsim__fail(CNSIM_E_RANGE, "%s line %ld: field date %s is not after the previous entry's; expected one "
                            "entry per date, in date order", r->what, r->line, r->field[COL_DATE]);
        return;
    }
    r->prev_day = day;
    cnsim__strlcpy(e.date, r->field[COL_DATE], sizeof e.date);
    e.day = day - r->first_day;
    int sc = r->has[COL_CIWA] ? COL_CIWA : COL_BWSQ;
    double max = sc == COL_CIWA ? 80 : 40;
    if (!d_number(r, COL_DOSE, 1, 0, 10000, "the dose taken per day in mg, 0 or more", &e.daily_dose_mg) ||
        !d_number(r, sc, r->d->n == 0, 0, max,
                  sc == COL_CIWA ? "a CIWA-B score 0-80 (the first entry needs one: the baseline)"
                                 : "a BWSQ score 0-40 (the first entry needs one: the baseline)", &e.score) ||
        (r->has[COL_TROUGH] && !d_number(r, COL_TROUGH, 0, 0, 1e6, "a trough concentration in ng/mL, 0 or more, or "
                                         "empty", &e.trough_ng_mL)))
        return;
    if (!r->has[COL_TROUGH])
        e.trough_ng_mL = NAN;
    if (r->d->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 32;
        cnsim_diary_entry *p = realloc(r->d->e, cap * sizeof *p);
        if (!p) {
            r->st = cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", r->what);
            return;
        }
        r->d->e = p, r->cap = cap;
    }
    r->d->e[r->d->n++] = e;
    memset(r->field, 0, sizeof r->field);
    r->line++, r->col = 0;
}

void cnsim_diary_free(cnsim_diary *d)
{
    if (!d)
        return;
    free(d->e);
    memset(d, 0, sizeof *d);
}

cnsim_status cnsim_diary_read_mem(const char *text, size_t n, const char *what, cnsim_diary *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    diary_reader r;
    memset(&r, 0, sizeof r);
    r.what = what ? what : "diary", r.d = out, r.st = CNSIM_OK, r.line = 1;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", r.what);
    if (csv_parse(&p, text, n, d_field, d_row, &r) != n && r.st == CNSIM_OK)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: malformed CSV: %s", r.what, r.line, csv_strerror(csv_error(&p)));
    if (r.st == CNSIM_OK && csv_fini(&p, d_field, d_row, &r) != 0 && r.st == CNSIM_OK)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s line %ld: malformed CSV at the end: %s", r.what, r.line,
                           csv_strerror(csv_error(&p)));
    csv_free(&p);
    if (r.st == CNSIM_OK && r.line == 1)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s: empty; expected a header line and entries", r.what);
    if (r.st == CNSIM_OK && out->n < 2)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s: %zu entr%s; expected at least 2 (the starting dose with its baseline "
                           "score, and the entries after it)", r.what, out->n, out->n == 1 ? "y" : "ies");
    if (r.st != CNSIM_OK) {
        cnsim_diary_free(out);
        return r.st;
    }
    return CNSIM_OK;
}

cnsim_status cnsim_diary_read(const char *path, cnsim_diary *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "rb");
    if (!f)
        return cnsim__fail(errno == ENOMEM ? CNSIM_E_NOMEM : CNSIM_E_READ, "%s: cannot open the diary", path);
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    cnsim_status st = buf ? CNSIM_OK : cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", path);
    while (st == CNSIM_OK) {
        if (n == cap) {
            if (cap >= (size_t)16 << 20) {
                st = cnsim__fail(CNSIM_E_RANGE, "%s: larger than 16 MB; expected a diary", path);
                break;
            }
            char *p = realloc(buf, cap * 2);
            if (!p) {
                st = cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", path);
                break;
            }
            buf = p, cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f))
                st = cnsim__fail(CNSIM_E_READ, "%s: read error", path);
            break;
        }
    }
    fclose(f);
    if (st == CNSIM_OK)
        st = cnsim_diary_read_mem(buf, n, path, out);
    free(buf);
    return st;
}

/* ---- the model of a diary ---- */

cnsim_diary_opts cnsim_diary_opts_default(void)
{
    cnsim_diary_opts o;
    memset(&o, 0, sizeof o);
    o.n_per_day = 2;
    o.clock_h[0] = NAN;
    o.percent = 10;
    o.interval_days = 14;
    o.formulation = CNSIM_TAPER_FORM_AUTO;
    o.pre_days = 84;
    o.n_draws = 300;
    o.seed = 1;
    return o;
}

const char *cnsim_step_action_name(cnsim_step_action a)
{
    switch (a) {
    case CNSIM_STEP_REDUCE: return "reduce";
    case CNSIM_STEP_HOLD: return "hold";
    case CNSIM_STEP_INCREASE: return "increase";
    default: return "?";
    }
}

void cnsim_diary_result_free(cnsim_diary_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < CNSIM_DIARY_MAX_OPTIONS; i++)
        free(r->options[i].median), free(r->options[i].lo), free(r->options[i].hi);
    free(r->fitted);
    memset(r, 0, sizeof *r);
}

/* What the fit and the courses share. Time 0 is 00:00 of the first day
 * of the pre-diary period; diary day k starts at (pre + k) 24 h. */
typedef struct dctx {
    cnsim_registry *reg;
    const cnsim_diary *d;
    const cnsim_diary_opts *o;
    double clock[4];
    long pre;                   /* whole days before the diary */
    cnsim_pd_system_params sys;
    cnsim_pk_params pk;         /* the patient's (troughs) */
    cnsim_model *m;
    cnsim_run *r;
    /* one drive series (hourly) and the withdrawal index from it */
    double *t_h, *drive;
    size_t n_h;
    cnsim_pd_state *ps;
    double *w_day;              /* mean withdrawal index per whole day */
    size_t n_day;
    /* the link */
    double baseline, slope, max_score;
    /* the fit's observations: the ratings after the first */
    size_t *obs_entry;
    tdm_obs *obs;
    size_t n_obs;
} dctx;

static void dctx_free(dctx *c)
{
    cnsim_run_free(c->r);
    cnsim_model_free(c->m);
    free(c->t_h), free(c->drive), free(c->ps), free(c->w_day), free(c->obs_entry), free(c->obs);
}

/* The daily dose on diary day k: the entry in force (the first before
 * the diary), then `future` after the last entry's day. */
static double dose_on(const dctx *c, long k, double future)
{
    const cnsim_diary *d = c->d;
    if (k > d->e[d->n - 1].day && !isnan(future))
        return future;
    double v = d->e[0].daily_dose_mg;
    for (size_t i = 0; i < d->n && d->e[i].day <= k; i++)
        v = d->e[i].daily_dose_mg;
    return v;
}

/* The chain on the diary's doses (and `future` after it until day
 * last_day): the hourly drive series into c->t_h / c->drive. */
/* The dose records of days -pre .. last_day (dose_on's doses, each day's
 * split over the administrations at their clock hours), expanded into ev
 * (initialised by the caller). */
static cnsim_status diary_events(const dctx *c, double future, long last_day, cnsim_event_list *ev)
{
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int di;
    cnsim_status st = cnsim_event_list_drug(&raw, c->o->drug, &di);
    for (long k = -c->pre; k <= last_day && st == CNSIM_OK; k++) {
        double daily = dose_on(c, k, future);
        for (int a = 0; a < c->o->n_per_day && daily > 0 && st == CNSIM_OK; a++) {
            cnsim_event e = cnsim_event_default();
            e.id = 1, e.drug = di, e.amt_mg = daily / c->o->n_per_day;
            e.time_h = (double)(k + c->pre) * 24 + c->clock[a];
            st = cnsim_event_list_push(&raw, &e);
        }
    }
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, ev);
    cnsim_event_list_free(&raw);
    return st;
}

static cnsim_status drive_series(dctx *c, double future, long last_day)
{
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    cnsim_status st = diary_events(c, future, last_day, &ev);
    size_t n = (size_t)(last_day + 1 + c->pre) * 24 + 1;
    free(c->t_h), free(c->drive), free(c->ps);
    c->t_h = malloc(n * sizeof *c->t_h), c->drive = malloc(n * sizeof *c->drive), c->ps = malloc(n * sizeof *c->ps);
    c->n_h = n;
    if (st == CNSIM_OK && (!c->t_h || !c->drive || !c->ps))
        st = cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory for a %zu-hour simulation", n);
    for (size_t i = 0; st == CNSIM_OK && i < n; i++)
        c->t_h[i] = (double)i;
    if (st == CNSIM_OK && (st = cnsim_run_set_events(c->r, &ev, 1)) == CNSIM_OK &&
        (st = cnsim_run_set_times(c->r, c->t_h, n)) == CNSIM_OK && (st = cnsim_run_simulate(c->r)) == CNSIM_OK) {
        const cnsim_pd_state *ps = cnsim_run_pd(c->r);
        for (size_t i = 0; i < n; i++)
            c->drive[i] = ps[i].bzd_drive;
    }
    cnsim_event_list_free(&ev);
    return st;
}

/* The withdrawal index of the patient (eta: dependence depth on the logit
 * scale, recovery half-life on the log scale) from the current drive
 * series: the mean of each whole day into c->w_day (diary day k at index
 * k + pre). */
static cnsim_status withdrawal_days(dctx *c, double eta_dep, double eta_adapt)
{
    cnsim_pd_system_params s = c->sys;
    double f = exp(eta_adapt), l = log(s.dep_max / (1 - s.dep_max)) + eta_dep;
    s.dep_t_half_off_h *= f, s.dep_slow_t_half_off_h *= f;
    s.dep_max = fmin(0.999, 1 / (1 + exp(-l)));
    cnsim_status st = cnsim_pd_adapt(&s, c->t_h, c->n_h, c->drive, NULL, c->t_h, c->n_h, c->ps);
    if (st != CNSIM_OK)
        return st;
    size_t nd = (c->n_h - 1) / 24;
    if (nd > c->n_day) {
        double *p = realloc(c->w_day, nd * sizeof *p);
        if (!p)
            return cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
        c->w_day = p;
    }
    c->n_day = nd;
    for (size_t k = 0; k < nd; k++) {
        double s2 = 0;
        for (size_t h = 0; h < 24; h++)
            s2 += c->ps[k * 24 + h].withdrawal;
        c->w_day[k] = s2 / 24;
    }
    return CNSIM_OK;
}

/* The score rated on diary day k (the week up to it) at the patient's
 * sensitivity eta_sens (log scale, on the slope). */
static double score_on(const dctx *c, long k, double eta_sens)
{
    long end = k + c->pre, n = 0;
    double s = 0;
    for (long j = end - 6; j <= end; j++)
        if (j >= 0 && (size_t)j < c->n_day)
            s += c->w_day[j], n++;
    return c->baseline + c->slope * exp(eta_sens) * (n ? s / n : 0);
}

static cnsim_status diary_predict(void *user, const double *eta, double *f)
{
    dctx *c = user;
    cnsim_status st = withdrawal_days(c, eta[1], eta[2]);
    if (st != CNSIM_OK)
        return st;
    for (size_t j = 0; j < c->n_obs; j++)
        f[j] = score_on(c, c->d->e[c->obs_entry[j]].day, eta[0]);
    return CNSIM_OK;
}

/* The patient's clearance from the troughs (the tdm estimator on the
 * registry's population model): c->pk, the factor and the count. */
static cnsim_status fit_troughs(dctx *c, cnsim_diary_result *out)
{
    out->cl_factor = 1;
    size_t n = 0;
    for (size_t i = 0; i < c->d->n; i++)
        n += !isnan(c->d->e[i].trough_ng_mL);
    out->n_troughs = (int)n;
    if (n == 0)
        return CNSIM_OK;
    cnsim_tdm_prior pr;
    cnsim_status st = cnsim_tdm_prior_from_registry(c->reg, c->o->drug, NULL, -1, -1, &pr, NULL, 0);
    if (st != CNSIM_OK)
        return st;
    cnsim_tdm_level *lv = calloc(n, sizeof *lv);
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    if (!lv)
        return cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
    size_t k = 0;
    long last = c->d->e[c->d->n - 1].day;
    for (size_t i = 0; i < c->d->n; i++)
        if (!isnan(c->d->e[i].trough_ng_mL))   /* before the first dose of that day */
            lv[k++] = (cnsim_tdm_level){.time_h = (double)(c->d->e[i].day + c->pre) * 24 + c->clock[0] - 1e-6,
                                        .value_ng_mL = c->d->e[i].trough_ng_mL};
    st = diary_events(c, NAN, last, &ev);
    cnsim_tdm_fit fit;
    if (st == CNSIM_OK)
        st = cnsim_tdm_map(&pr, ev.ev, ev.n, lv, n, &fit);
    if (st == CNSIM_OK) {
        st = cnsim_tdm_individual(&pr, fit.eta, &c->pk);
        for (int i = 0; i < pr.n_eta; i++)
            if (pr.eta[i] == CNSIM_TDM_CL)
                out->cl_factor = exp(fit.eta[i]);
    }
    free(lv);
    cnsim_event_list_free(&ev);
    return st;
}

/* The ladders of the formulations to try: the one asked for, or for
 * AUTO tablets, ODT, a liquid and a compounded one in that order. */
static size_t formulations(const dctx *c, cnsim_taper_formulation *f)
{
    if (c->o->formulation != CNSIM_TAPER_FORM_AUTO) {
        f[0] = c->o->formulation;
        return 1;
    }
    f[0] = CNSIM_TAPER_FORM_TABLETS, f[1] = CNSIM_TAPER_FORM_ODT, f[2] = CNSIM_TAPER_FORM_LIQUID;
    f[3] = CNSIM_TAPER_FORM_COMPOUNDED;
    return 4;
}

/* The doses formulation f makes of the drug at the diary's frequency, as
 * the steps of plan; *have 0 when the drug has none of f. */
static cnsim_status ladder(dctx *c, cnsim_taper_formulation f, cnsim_taper_plan *plan, int *have)
{
    cnsim_status st = cnsim_taper_dose_ladder(c->reg, c->o->drug, f, c->o->n_per_day,
                                              isnan(c->o->clock_h[0]) ? NULL : c->o->clock_h, NAN, plan);
    *have = st == CNSIM_OK;
    if (st == CNSIM_E_ARG) {
        cnsim__clear_error();   /* the drug has none of this formulation */
        return CNSIM_OK;
    }
    return st;
}

/* Calls visit(ctx, ladder) with the dose ladder of each formulation the
 * patient can take (formulations(), in order) until it returns nonzero. */
static cnsim_status each_ladder(dctx *c, int (*visit)(void *ctx, const cnsim_taper_plan *ladder), void *ctx)
{
    cnsim_taper_plan *plan = calloc(1, sizeof *plan);
    if (!plan)
        return cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
    cnsim_taper_formulation f[4];
    size_t nf = formulations(c, f);
    cnsim_status st = CNSIM_OK;
    for (size_t k = 0; k < nf; k++) {
        int have;
        if ((st = ladder(c, f[k], plan, &have)) != CNSIM_OK || (have && visit(ctx, plan)))
            break;
    }
    free(plan);
    return st;
}

typedef struct cut_search {
    double current, target, floor_, fallback, *dose;
    char *take, fb_take[400];
    size_t n_take;
} cut_search;

static int visit_cut(void *ctx, const cnsim_taper_plan *plan)
{
    cut_search *q = ctx;
    for (size_t i = 0; i < plan->n_steps; i++) {
        double v = plan->steps[i].daily_dose_mg;
        if (v >= q->floor_ * (1 - 1e-9) && v <= q->target * (1 + 1e-9) && v > *q->dose) {
            *q->dose = v;
            snprintf(q->take, q->n_take, "%s", plan->steps[i].tablets);
        }
        if (v < q->current * (1 - 1e-9) && v > q->fallback) {
            q->fallback = v;
            snprintf(q->fb_take, sizeof q->fb_take, "%s", plan->steps[i].tablets);
        }
    }
    return *q->dose >= 0;   /* this formulation makes the cut: no further one */
}

/* The next dose a cut of `percent` gives, made of the products: in the
 * first formulation that makes a dose between a cut of twice `percent`
 * and `percent`, the largest such; else the smallest cut any of them
 * makes; 0 (stop) when none makes less than the current dose. */
static cnsim_status next_cut(dctx *c, double current, double percent, double *dose, char *take, size_t n_take)
{
    cut_search q = {.current = current, .target = current * (1 - percent / 100),
                    .floor_ = current * (1 - 2 * percent / 100), .dose = dose, .take = take, .n_take = n_take};
    *dose = -1;
    snprintf(q.fb_take, sizeof q.fb_take, "stop (nothing to take)");
    cnsim_status st = each_ladder(c, visit_cut, &q);
    if (st == CNSIM_OK && *dose < 0)
        *dose = q.fallback, snprintf(take, n_take, "%s", q.fb_take);
    return st;
}

typedef struct take_search {
    double daily;
    char *take;
    size_t n_take;
} take_search;

static int visit_take(void *ctx, const cnsim_taper_plan *plan)
{
    take_search *q = ctx;
    for (size_t i = 0; i < plan->n_steps; i++)
        if (fabs(plan->steps[i].daily_dose_mg - q->daily) <= 1e-9 * fmax(1, q->daily)) {
            snprintf(q->take, q->n_take, "%s", plan->steps[i].tablets);
            return 1;
        }
    return 0;
}

/* What to take for a daily dose, in the first formulation that makes it. */
static cnsim_status what_to_take(dctx *c, double daily, char *take, size_t n_take)
{
    snprintf(take, n_take, "%g mg a day (the products in the registry do not make this dose)", daily);
    take_search q = {daily, take, n_take};
    return each_ladder(c, visit_take, &q);
}

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile_sorted(const double *v, size_t n, double q)
{
    double pos = q * (double)(n - 1);
    size_t i = (size_t)floor(pos);
    double fr = pos - (double)i;
    return i + 1 < n ? v[i] * (1 - fr) + v[i + 1] * fr : v[n - 1];
}

/* The predicted course of one option over the draws. */
static cnsim_status course(dctx *c, cnsim_diary_result *out, cnsim_diary_option *op, const double *draws,
                           size_t n_draws, long last, size_t n_days)
{
    cnsim_status st = drive_series(c, op->daily_dose_mg, last + (long)n_days);
    double *all = malloc(n_draws * n_days * sizeof *all), *col = malloc(n_draws * sizeof *col),
           *peak = malloc(n_draws * sizeof *peak);
    op->median = malloc(n_days * sizeof *op->median), op->lo = malloc(n_days * sizeof *op->lo);
    op->hi = malloc(n_days * sizeof *op->hi);
    if (st == CNSIM_OK && (!all || !col || !peak || !op->median || !op->lo || !op->hi))
        st = cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
    size_t ok = 0;
    for (size_t i = 0; st == CNSIM_OK && i < n_draws; i++) {
        const double *e = draws + 3 * i;
        if ((st = withdrawal_days(c, e[1], e[2])) != CNSIM_OK)
            break;
        peak[i] = -INFINITY;
        for (size_t k = 0; k < n_days; k++) {
            double v = fmin(c->max_score, score_on(c, last + 1 + (long)k, e[0]));
            all[i * n_days + k] = v;
            peak[i] = fmax(peak[i], v);
        }
        ok += peak[i] <= out->tolerable;
    }
    if (st == CNSIM_OK) {
        op->p_tolerable = (double)ok / (double)n_draws;
        qsort(peak, n_draws, sizeof *peak, cmp_dbl);
        op->peak_median = quantile_sorted(peak, n_draws, 0.5);
        for (size_t k = 0; k < n_days; k++) {
            for (size_t i = 0; i < n_draws; i++)
                col[i] = all[i * n_days + k];
            qsort(col, n_draws, sizeof *col, cmp_dbl);
            op->median[k] = quantile_sorted(col, n_draws, 0.5);
            op->lo[k] = quantile_sorted(col, n_draws, 0.05);
            op->hi[k] = quantile_sorted(col, n_draws, 0.95);
        }
    }
    free(all), free(col), free(peak);
    return st;
}

cnsim_status cnsim_diary_plan(cnsim_registry *reg, const cnsim_diary *d, const cnsim_diary_opts *o,
                              cnsim_diary_result *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!reg || !d || !o || !o->drug || d->n < 2 || !d->e)
        return cnsim__fail(CNSIM_E_ARG, "diary: a registry, a diary of 2 or more entries and a drug are required");
    if (o->n_per_day < 1 || o->n_per_day > 4 || !(o->percent > 0 && o->percent < 100) ||
        !(o->interval_days >= 1 && o->interval_days <= 120) || !(o->pre_days >= 14 && o->pre_days <= 3650) ||
        o->n_draws < 50 || o->n_draws > 100000)
        return cnsim__fail(CNSIM_E_RANGE, "diary: %d administrations a day, a cut of %g%%, %g days between steps, %g days "
                           "before the diary, %zu draws; expected 1-4, 0-100, 1-120, 14-3650 and 50-100000",
                           o->n_per_day, o->percent, o->interval_days, o->pre_days, o->n_draws);
    dctx c;
    memset(&c, 0, sizeof c);
    c.reg = reg, c.d = d, c.o = o, c.pre = lround(o->pre_days);
    cnsim_status st;
    cnsim_pd_drug_params pd;
    if ((st = cnsim_registry_pd_params(reg, o->drug, &pd)) != CNSIM_OK)
        return st;
    if (pd.target != CNSIM_PD_TARGET_BZD)
        return cnsim__fail(CNSIM_E_ARG, "--diary: %s does not act on the benzodiazepine site; the diary's scales (CIWA-B, "
                           "BWSQ) measure benzodiazepine withdrawal; expected a benzodiazepine", o->drug);
    if (isnan(o->clock_h[0]))
        st = cnsim_regimen_default_clock(o->n_per_day, c.clock);
    else
        memcpy(c.clock, o->clock_h, sizeof c.clock);
    /* one day's administrations in clock order */
    qsort(c.clock, (size_t)o->n_per_day, sizeof *c.clock, cmp_dbl);
    double max_daily = NAN;
    char ind[96], msrc[64];
    for (size_t i = 0; st == CNSIM_OK && i < d->n; i++)
        if (cnsim_registry_max_daily_dose(reg, o->drug, &max_daily, ind, sizeof ind, msrc, sizeof msrc) == CNSIM_OK &&
            d->e[i].daily_dose_mg > max_daily * (1 + 1e-9))
            st = cnsim__fail(CNSIM_E_RANGE, "diary line %ld: field daily_dose_mg %g mg is above the labelled maximum of "
                             "%s, %g mg/day (%s); expected at most %g", d->e[i].line, d->e[i].daily_dose_mg, o->drug,
                             max_daily, msrc, max_daily);
    if (st != CNSIM_OK)
        return st;
    cnsim__clear_error();
    /* the link (data/96_tdm.sql) */
    cnsim_symptom_scale sc;
    double anchor, omega_s, omega_a, omega_sens;
    char src_a[64], src_t[64], src_r[64];
    if ((st = cnsim_registry_symptom_scale(reg, d->scale, &sc)) != CNSIM_OK ||
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "abrupt_anchor", &anchor, src_a, sizeof src_a)) != CNSIM_OK ||
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "tolerable", &out->tolerable, src_t, sizeof src_t)) != CNSIM_OK ||
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "omega_dependence", &omega_s, NULL, 0)) != CNSIM_OK ||
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "omega_sensitivity", &omega_sens, NULL, 0)) != CNSIM_OK ||
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "omega_adaptation", &omega_a, NULL, 0)) != CNSIM_OK)
        return st;
    out->residual_sd = sc.residual_sd;
    c.max_score = isnan(sc.max_score) ? INFINITY : sc.max_score;
    if (isnan(out->residual_sd) &&
        (st = cnsim_registry_withdrawal_link(reg, d->scale, "residual_sd", &out->residual_sd, src_r, sizeof src_r)) !=
            CNSIM_OK)
        return st;
    out->severe = !isnan(sc.moderate_max) ? sc.moderate_max : 2 * out->tolerable;
    cnsim__strlcpy(out->scale, d->scale, sizeof out->scale);
    if ((st = cnsim_registry_pd_system(reg, &c.sys)) != CNSIM_OK)
        return st;
    /* the chain, with the patient's PK */
    cnsim_model_drug md = {o->drug, NULL, NULL};
    if ((st = cnsim_registry_pk_params(reg, o->drug, NULL, &c.pk)) != CNSIM_OK || (st = fit_troughs(&c, out)) != CNSIM_OK ||
        (st = cnsim_model_create(reg, &md, 1, NULL, &c.m)) != CNSIM_OK || (st = cnsim_run_create(c.m, &c.r)) != CNSIM_OK ||
        (st = cnsim_run_set_outputs(c.r, CNSIM_RUN_PD)) != CNSIM_OK || (st = cnsim_run_set_pk_params(c.r, 0, &c.pk)) != CNSIM_OK)
        goto done;
    long last = d->e[d->n - 1].day;
    size_t n_days = (size_t)lround(2 * o->interval_days);
    if (n_days < 28)
        n_days = 28;
    /* the slope: the abrupt stop of the starting regimen, typical patient */
    {
        cnsim_diary one = {.n = 2};
        cnsim_diary_entry e2[2] = {d->e[0], d->e[0]};
        e2[1].day = 1, e2[1].daily_dose_mg = 0;
        one.e = e2;
        cnsim__strlcpy(one.scale, d->scale, sizeof one.scale);
        const cnsim_diary *keep = c.d;
        c.d = &one;
        st = drive_series(&c, NAN, 1 + (long)n_days);
        if (st == CNSIM_OK)
            st = withdrawal_days(&c, 0, 0);
        c.d = keep;
        if (st != CNSIM_OK)
            goto done;
        double pk = 0;
        for (size_t h = 0; h < c.n_h; h++)
            pk = fmax(pk, c.ps[h].withdrawal);
        out->abrupt_peak_index = pk;
        if (!(pk > 0)) {
            st = cnsim__fail(CNSIM_E_RANGE, "diary: an abrupt stop of %g mg/day of %s gives no withdrawal in the model; "
                             "expected a starting dose the patient depends on", d->e[0].daily_dose_mg, o->drug);
            goto done;
        }
        out->baseline = c.baseline = d->e[0].score;
        out->calibrated_on_means = !isnan(sc.withdrawal_peak_mean) && !isnan(sc.baseline_mean);
        double rise = out->calibrated_on_means ? sc.withdrawal_peak_mean - sc.baseline_mean : anchor;
        out->slope = c.slope = rise / pk;
        snprintf(out->link_source, sizeof out->link_source,
                 "%s: an abrupt stop of the starting regimen (peak index %.3g) scores %g above baseline (%s); tolerable "
                 "up to %g (%s); measurement SD %g", d->scale, pk, rise,
                 out->calibrated_on_means ? sc.source : src_a, out->tolerable, src_t, out->residual_sd);
    }
    /* the history's drive and the fit */
    if ((st = drive_series(&c, NAN, last)) != CNSIM_OK)
        goto done;
    c.obs_entry = malloc(d->n * sizeof *c.obs_entry);
    c.obs = malloc(d->n * sizeof *c.obs);
    out->fitted = malloc(d->n * sizeof *out->fitted);
    out->n_entries = d->n;
    if (!c.obs_entry || !c.obs || !out->fitted) {
        st = cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
        goto done;
    }
    for (size_t i = 1; i < d->n; i++)
        if (!isnan(d->e[i].score)) {
            c.obs_entry[c.n_obs] = i;
            c.obs[c.n_obs++] = (tdm_obs){.value = d->e[i].score, .var_add = out->residual_sd * out->residual_sd};
        }
    out->n_ratings = (int)c.n_obs;
    tdm_problem prob = {.n_eta = 3, .obs = c.obs, .n_obs = c.n_obs, .predict = diary_predict, .user = &c};
    prob.omega[0] = omega_sens, prob.omega[4] = omega_s, prob.omega[8] = omega_a;
    int n_iter, conv;
    /* Cuts within the plateau of the drug effect give no withdrawal index
     * at the typical dependence (a flat objective there), so the search
     * starts from several depths and keeps the best mode. */
    if ((st = tdm_problem_init(&prob)) == CNSIM_OK) {
        double best = INFINITY;
        for (int k = 0; k < 3 && st == CNSIM_OK; k++) {
            double start[3] = {0, 1.5 * k, 0}, e[3], f;
            st = tdm_mode(&prob, start, e, &f, &n_iter, &conv);
            if (st == CNSIM_OK && f < best - 1e-9)
                best = f, memcpy(out->eta, e, sizeof e), out->objective = f;
        }
    }
    if (st == CNSIM_OK)
        st = tdm_laplace(&prob, out->eta, out->objective, out->cov);
    double *draws = NULL;
    if (st == CNSIM_OK) {
        draws = malloc(o->n_draws * 3 * sizeof *draws);
        double *w = malloc(o->n_draws * sizeof *w);
        st = draws && w ? tdm_draws(&prob, out->eta, out->cov, o->n_draws, o->seed, 0, draws, w, NULL)
                        : cnsim__fail(CNSIM_E_NOMEM, "diary: out of memory");
        free(w);
    }
    tdm_problem_free(&prob);
    if (st != CNSIM_OK) {
        free(draws);
        goto done;
    }
    double l0 = log(c.sys.dep_max / (1 - c.sys.dep_max)), z = 1.6448536269514722;
    out->dep_max_typical = c.sys.dep_max;
    out->sensitivity = exp(out->eta[0]);
    out->dependence = 1 / (1 + exp(-(l0 + out->eta[1])));
    out->adaptation_half_life_factor = exp(out->eta[2]);
    double sd0 = sqrt(out->cov[0]), sd1 = sqrt(out->cov[4]), sd2 = sqrt(out->cov[8]);
    out->sens_ci90[0] = exp(out->eta[0] - z * sd0), out->sens_ci90[1] = exp(out->eta[0] + z * sd0);
    out->dep_ci90[0] = 1 / (1 + exp(-(l0 + out->eta[1] - z * sd1)));
    out->dep_ci90[1] = 1 / (1 + exp(-(l0 + out->eta[1] + z * sd1)));
    out->adapt_ci90[0] = exp(out->eta[2] - z * sd2), out->adapt_ci90[1] = exp(out->eta[2] + z * sd2);
    /* fitted scores at the mode */
    if ((st = withdrawal_days(&c, out->eta[1], out->eta[2])) != CNSIM_OK) {
        free(draws);
        goto done;
    }
    for (size_t i = 0; i < d->n; i++)
        out->fitted[i] = isnan(d->e[i].score) ? NAN : score_on(&c, d->e[i].day, out->eta[0]);
    /* the options */
    double current = d->e[d->n - 1].daily_dose_mg;
    out->last_tolerated_mg = d->e[0].daily_dose_mg;
    for (size_t i = 0; i < d->n; i++) {
        /* a dose is tolerated when every rating while it was taken (and in
         * the week after it ended) stayed tolerable */
        int ok = 1, any = 0;
        for (size_t j = i; j < d->n; j++) {
            if (j > i && d->e[j].daily_dose_mg != d->e[i].daily_dose_mg && d->e[j].day > d->e[i].day + 7)
                break;
            if (!isnan(d->e[j].score) && (j == i || d->e[j - 1].daily_dose_mg == d->e[i].daily_dose_mg ||
                                          d->e[j].day <= d->e[i].day + 7))
                any = 1, ok = ok && d->e[j].score <= out->tolerable;
        }
        if (any && ok && d->e[i].daily_dose_mg < out->last_tolerated_mg + 1e-12)
            out->last_tolerated_mg = d->e[i].daily_dose_mg;
    }
    char take_a[400], take_b[400];
    double cut_a, cut_b;
    if ((st = next_cut(&c, current, o->percent, &cut_a, take_a, sizeof take_a)) != CNSIM_OK ||
        (st = next_cut(&c, current, o->percent / 2, &cut_b, take_b, sizeof take_b)) != CNSIM_OK) {
        free(draws);
        goto done;
    }
    cnsim_diary_option *op = out->options;
    size_t n = 0;
    if (current > 0) {
        op[n] = (cnsim_diary_option){.action = CNSIM_STEP_REDUCE, .daily_dose_mg = cut_a};
        snprintf(op[n++].label, sizeof op->label, "reduce %.0f%%", 100 * (1 - cut_a / current));
        if (cut_b > cut_a + 1e-9 && cut_b < current * (1 - 1e-9)) {
            op[n] = (cnsim_diary_option){.action = CNSIM_STEP_REDUCE, .daily_dose_mg = cut_b};
            snprintf(op[n++].label, sizeof op->label, "reduce %.0f%%", 100 * (1 - cut_b / current));
        }
    }
    op[n] = (cnsim_diary_option){.action = CNSIM_STEP_HOLD, .daily_dose_mg = current};
    snprintf(op[n++].label, sizeof op->label, "hold");
    if (out->last_tolerated_mg > current + 1e-9) {
        op[n] = (cnsim_diary_option){.action = CNSIM_STEP_INCREASE, .daily_dose_mg = out->last_tolerated_mg};
        snprintf(op[n++].label, sizeof op->label, "increase");
    }
    out->n_options = n;
    out->n_days = n_days;
    for (size_t i = 0; i < n && st == CNSIM_OK; i++)
        st = course(&c, out, &op[i], draws, o->n_draws, last, n_days);
    free(draws);
    if (st != CNSIM_OK)
        goto done;
    /* the rule (ASAM 2025, Maudsley: pause or slow when withdrawal is
     * troublesome, go back when it is severe) */
    long first = days_from_date(atoi(d->e[0].date), atoi(d->e[0].date + 5), atoi(d->e[0].date + 8));
    date_from_days(first + last + 1, out->from_date);
    cnsim__strlcpy(out->first_day, out->from_date, sizeof out->first_day);
    double latest = NAN;
    for (size_t i = 0; i < d->n; i++)
        if (!isnan(d->e[i].score))
            latest = d->e[i].score;
    /* the change of the ratings since the last cut: the latest against the
     * last one rated on the dose before it */
    double before_cut = NAN, rise = 0;
    size_t cut = 0;
    for (size_t i = 1; i < d->n; i++)
        if (d->e[i].daily_dose_mg < d->e[i - 1].daily_dose_mg)
            cut = i;
    for (size_t i = 0; cut > 0 && i < cut; i++)
        if (!isnan(d->e[i].score))
            before_cut = d->e[i].score;
    if (cut > 0 && !isnan(before_cut) && !isnan(latest)) {
        int rated_after = 0;
        for (size_t i = cut; i < d->n; i++)
            rated_after |= !isnan(d->e[i].score);
        if (rated_after)
            rise = latest - before_cut;
    }
    out->rise_since_cut = rise;
    size_t hold = 0, inc = n, red_a = n, red_b = n;
    for (size_t i = 0; i < n; i++) {
        if (op[i].action == CNSIM_STEP_HOLD)
            hold = i;
        else if (op[i].action == CNSIM_STEP_INCREASE)
            inc = i;
        else if (red_a == n)
            red_a = i;
        else
            red_b = i;
    }
    const double P_OK = 0.8;
    const char *sc_name = !strcmp(d->scale, "ciwa_b") ? "CIWA-B" : "BWSQ";
    if (latest > out->severe && inc < n) {
        out->chosen = inc;
        snprintf(out->reason, sizeof out->reason,
                 "the last %s, %g, is above %g (severe withdrawal): go back to the last tolerated dose, %g mg/day, and "
                 "reduce more slowly from there (ASAM 2025; Maudsley Deprescribing Guidelines)", sc_name, latest,
                 out->severe, out->last_tolerated_mg);
    } else if (rise > out->residual_sd) {
        out->chosen = hold;
        snprintf(out->reason, sizeof out->reason,
                 "the %s has risen by %g since the last cut (from %g to %g, more than the %g of one rating's "
                 "measurement error): hold %g days until it settles before the next cut (Maudsley Deprescribing "
                 "Guidelines: wait for withdrawal symptoms to resolve; ASAM 2025: pause)", sc_name, rise, before_cut,
                 latest, out->residual_sd, o->interval_days);
    } else if (latest > out->tolerable) {
        out->chosen = hold;
        snprintf(out->reason, sizeof out->reason,
                 "the last %s, %g, is above %g (troublesome withdrawal): hold the dose until it settles (ASAM 2025: "
                 "pause when withdrawal symptoms are troublesome)", sc_name, latest, out->tolerable);
    } else if (red_a < n && op[red_a].p_tolerable >= P_OK) {
        out->chosen = red_a;
        snprintf(out->reason, sizeof out->reason,
                 "the %s has stayed tolerable and a cut of %.0f%% (the asked %g%%, made of the products) keeps it at or "
                 "below %g with probability %.2f over the next %zu days (predicted peak %.1f)", sc_name,
                 100 * (1 - op[red_a].daily_dose_mg / current), o->percent, out->tolerable, op[red_a].p_tolerable,
                 n_days, op[red_a].peak_median);
    } else if (red_b < n && op[red_b].p_tolerable >= P_OK) {
        out->chosen = red_b;
        snprintf(out->reason, sizeof out->reason,
                 "a cut of %.0f%% is predicted to exceed %g (probability of staying below %.2f); a smaller cut of %.0f%% "
                 "stays below it with probability %.2f", 100 * (1 - op[red_a].daily_dose_mg / current), out->tolerable,
                 op[red_a].p_tolerable, 100 * (1 - op[red_b].daily_dose_mg / current), op[red_b].p_tolerable);
    } else if (op[hold].p_tolerable < 0.5 && inc < n) {
        out->chosen = inc;
        snprintf(out->reason, sizeof out->reason,
                 "even holding the dose, the %s is predicted to exceed %g (probability of staying below %.2f): go "
                 "back to the last tolerated dose, %g mg/day", sc_name, out->tolerable, op[hold].p_tolerable,
                 out->last_tolerated_mg);
    } else {
        out->chosen = hold;
        snprintf(out->reason, sizeof out->reason,
                 "%s: a cut is predicted to push the %s above %g (probability of staying below %.2f); hold for %g "
                 "days while the adaptation recovers, then reassess",
                 red_a < n ? "the symptoms are still settling" : "no further cut is possible", sc_name, out->tolerable,
                 red_a < n ? op[red_a].p_tolerable : 0, o->interval_days);
    }
    const cnsim_diary_option *ch = &op[out->chosen];
    out->action = ch->action;
    out->daily_dose_mg = ch->daily_dose_mg;
    out->hold_days = ch->action == CNSIM_STEP_HOLD ? o->interval_days : 0;
    out->cut_percent = ch->action == CNSIM_STEP_REDUCE && current > 0 ? 100 * (1 - ch->daily_dose_mg / current) : 0;
    if (ch->daily_dose_mg > 0)
        st = what_to_take(&c, ch->daily_dose_mg, out->take, sizeof out->take);
    else
        snprintf(out->take, sizeof out->take, "stop (nothing to take)");
done:
    dctx_free(&c);
    if (st != CNSIM_OK)
        cnsim_diary_result_free(out);
    return st;
}
