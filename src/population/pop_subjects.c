/* Subjects from a CSV of real or synthetic patients (libcsv): a header row
 * naming the columns, then one row per subject. Columns named after a model
 * parameter give the subject's individual value; columns named after a
 * covariate give the covariate (age in years, weight in kg, sex
 * female|male, hepatic none|mild|moderate|severe, cyp2c19 and cyp2d6
 * poor|intermediate|normal|rapid|ultrarapid); an `id` column is allowed and
 * ignored (subjects are numbered by row from 0); any other column is an
 * error, so a misspelt header does not pass unnoticed. Every value must be
 * present and in range: the message names the row and column. */
#include <errno.h>
#include <csv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/patient.h"
#include "cnsim/units.h"
#include "population/pop_impl.h"
#include "core_impl.h"

int cnsim__pop_cov_level(int cov, const char *text);

#define MAX_COLS (POP_MAX_PARAMS + COV_N + 1)
#define MAX_ROWS 100000000

typedef struct reader {
    cnsim_pop_spec *s;
    const char *path;
    int col_kind[MAX_COLS];   /* -1 id, 0..n_par-1 param, 100 + cov */
    size_t n_cols, col, row;  /* row 0 = header */
    double cur[POP_MAX_PARAMS + COV_N];
    double *rows;
    size_t cap;
    cnsim_status st;
} reader;

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    if (r->st != CNSIM_OK)
        return;
    char text[128];
    size_t n = len < sizeof text - 1 ? len : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = 0;
    /* trim */
    char *p = text;
    while (*p == ' ' || *p == '\t')
        p++;
    for (char *e = p + strlen(p); e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r');)
        *--e = 0;
    if (r->row == 0) {
        if (r->n_cols >= MAX_COLS) {
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s: more than %d columns", r->path, MAX_COLS);
            return;
        }
        int kind = -2;
        if (!strcasecmp(p, "id"))
            kind = -1;
        else if (cnsim__pop_param_index(r->s, p) >= 0)
            kind = cnsim__pop_param_index(r->s, p);
        else
            for (int c = 0; c < COV_N; c++)
                if (!strcasecmp(p, cnsim__pop_cov_names[c]))
                    kind = 100 + c;
        if (kind == -2) {
            char list[1024] = "";
            for (size_t k = 0; k < r->s->n_par; k++)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s, ", r->s->par[k]);
            r->st = cnsim__fail(CNSIM_E_PARSE,
                                "%s: column '%.40s' is neither a parameter nor a covariate; expected id, %sage, weight, sex, "
                                "hepatic, cyp2c19 or cyp2d6",
                                r->path, p, list);
            return;
        }
        for (size_t k = 0; k < r->n_cols; k++)
            if (r->col_kind[k] == kind) {
                r->st = cnsim__fail(CNSIM_E_PARSE, "%s: column '%.40s' appears twice", r->path, p);
                return;
            }
        r->col_kind[r->n_cols++] = kind;
        return;
    }
    if (r->col >= r->n_cols) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s: row %zu has more than the %zu columns of the header", r->path,
                            r->row + 1, r->n_cols);
        return;
    }
    int kind = r->col_kind[r->col++];
    if (kind == -1)
        return;
    const char *cname = kind >= 100 ? cnsim__pop_cov_names[kind - 100] : r->s->par[kind];
    if (!*p) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s: row %zu, column %s: missing value", r->path, r->row + 1, cname);
        return;
    }
    double v;
    if (kind >= 100 && kind - 100 >= COV_SEX) {
        int code = cnsim__pop_cov_level(kind - 100, p);
        if (!code) {
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s: row %zu, column %s: '%s' is not a level of %s", r->path,
                                r->row + 1, cname, p, cname);
            return;
        }
        v = code;
    } else {
        const char *end = cnsim_scan_number(p, &v); /* decimal only: no hex, inf or nan */
        if (!end || *end || !isfinite(v)) {
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s: row %zu, column %s: '%s' is not a number", r->path, r->row + 1,
                                cname, p);
            return;
        }
        double lo = kind == 100 + COV_AGE ? 0 : kind == 100 + COV_WEIGHT ? 2 : -1e12;
        double hi = kind == 100 + COV_AGE ? 120 : kind == 100 + COV_WEIGHT ? 300 : 1e12;
        if (v < lo || v > hi) {
            r->st = cnsim__fail(CNSIM_E_RANGE, "%s: row %zu, column %s: %g is out of range; expected %g to %g",
                                r->path, r->row + 1, cname, v, lo, hi);
            return;
        }
    }
    r->cur[kind >= 100 ? r->s->n_par + (size_t)(kind - 100) : (size_t)kind] = v;
}

static void on_row(int c, void *ctx)
{
    reader *r = ctx;
    (void)c;
    if (r->st != CNSIM_OK)
        return;
    if (r->row == 0) {
        if (r->n_cols == 0)
            r->st = cnsim__fail(CNSIM_E_PARSE, "%s: empty header", r->path);
        r->row = 1;
        r->col = 0;
        return;
    }
    if (r->col == 1 && r->n_cols > 1) {   /* a blank line */
        r->col = 0;
        return;
    }
    if (r->col != r->n_cols) {
        r->st = cnsim__fail(CNSIM_E_PARSE, "%s: row %zu has %zu values; the header has %zu columns", r->path,
                            r->row + 1, r->col, r->n_cols);
        return;
    }
    size_t w = r->s->n_par + COV_N;
    /* A subject's weight must be plausible for its age, as in --patient
     * (2000 CDC growth charts, cnsim_patient_weight_for_age). */
    double age = r->cur[r->s->n_par + COV_AGE], kg = r->cur[r->s->n_par + COV_WEIGHT];
    double sex = r->cur[r->s->n_par + COV_SEX], lo, hi;
    if (!isnan(age) && !isnan(kg) &&
        cnsim_patient_weight_for_age(age, isnan(sex) ? CNSIM_SEX_UNKNOWN : (cnsim_sex)sex, NULL, &lo, &hi) == CNSIM_OK &&
        (kg < lo || kg > hi)) {
        r->st = cnsim__fail(CNSIM_E_RANGE,
                            "%s: row %zu: weight %g kg at age %g is implausible; expected %.3g-%.3g kg for that age "
                            "(CDC 2000 weight-for-age, modified z-score -5 to +8)",
                            r->path, r->row + 1, kg, age, lo, hi);
        return;
    }
    if (r->row > MAX_ROWS) {
        r->st = cnsim__fail(CNSIM_E_RANGE, "%s: more than %d subjects", r->path, MAX_ROWS);
        return;
    }
    if (r->row > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 1024;
        double *p = realloc(r->rows, cap * w * sizeof *p);
        if (!p) {
            r->st = cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory at row %zu", r->path, r->row + 1);
            return;
        }
        r->rows = p, r->cap = cap;
    }
    memcpy(r->rows + (r->row - 1) * w, r->cur, w * sizeof(double));
    for (size_t k = 0; k < w; k++)
        r->cur[k] = NAN;
    r->row++;
    r->col = 0;
}

cnsim_status cnsim_pop_spec_set_subjects_csv(cnsim_pop_spec *s, const char *path)
{
    cnsim__clear_error();
    FILE *f = fopen(path, "rb");
    if (!f && errno == ENOMEM)   /* fopen's own allocation */
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory opening the subjects file", path);
    if (!f)
        return cnsim__fail(CNSIM_E_READ, "%s: cannot open the subjects file", path);
    reader r;
    memset(&r, 0, sizeof r);
    r.s = s, r.path = path, r.st = CNSIM_OK;
    for (size_t k = 0; k < POP_MAX_PARAMS + COV_N; k++)
        r.cur[k] = NAN;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0) {
        fclose(f);
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", path);
    }
    char buf[65536];
    size_t k;
    while (r.st == CNSIM_OK && (k = fread(buf, 1, sizeof buf, f)) > 0)
        if (csv_parse(&p, buf, k, on_field, on_row, &r) != k && r.st == CNSIM_OK)
            r.st = cnsim__fail(CNSIM_E_PARSE, "%s: malformed CSV near row %zu: %s", path, r.row + 1,
                               csv_strerror(csv_error(&p)));
    if (r.st == CNSIM_OK && csv_fini(&p, on_field, on_row, &r) != 0 && r.st == CNSIM_OK)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s: malformed CSV at the end: %s", path, csv_strerror(csv_error(&p)));
    csv_free(&p);
    fclose(f);
    if (r.st == CNSIM_OK && r.row <= 1)
        r.st = cnsim__fail(CNSIM_E_PARSE, "%s: no subject rows after the header", path);
    if (r.st != CNSIM_OK) {
        free(r.rows);
        return r.st;
    }
    free(s->rows);
    s->rows = r.rows;
    s->n_rows = r.row - 1;
    memset(s->row_has_par, 0, sizeof s->row_has_par);
    memset(s->row_has_cov, 0, sizeof s->row_has_cov);
    for (size_t c = 0; c < r.n_cols; c++) {
        int kind = r.col_kind[c];
        if (kind >= 100)
            s->row_has_cov[kind - 100] = 1;
        else if (kind >= 0)
            s->row_has_par[kind] = 1;
    }
    return CNSIM_OK;
}

cnsim_status cnsim_pop_spec_set_subjects(cnsim_pop_spec *s, const char *const *names, size_t n_cols,
                                         const double *values, size_t n_rows)
{
    cnsim__clear_error();
    if (n_rows < 1 || n_rows > MAX_ROWS || n_cols < 1 || n_cols > POP_MAX_PARAMS + COV_N)
        return cnsim__fail(CNSIM_E_RANGE, "subjects: %zu rows of %zu columns; expected 1 to %d rows", n_rows, n_cols,
                           MAX_ROWS);
    int kind[POP_MAX_PARAMS + COV_N];
    for (size_t c = 0; c < n_cols; c++) {
        kind[c] = cnsim__pop_param_index(s, names[c]);
        for (int k = 0; kind[c] < 0 && k < COV_N; k++)
            if (!strcasecmp(names[c], cnsim__pop_cov_names[k]))
                kind[c] = 100 + k;
        if (kind[c] < 0)
            return cnsim__fail(CNSIM_E_ARG, "subjects: column '%s' is neither a parameter nor a covariate", names[c]);
    }
    size_t w = s->n_par + COV_N;
    double *rows = malloc(n_rows * w * sizeof *rows);
    if (!rows)
        return cnsim__fail(CNSIM_E_NOMEM, "subjects: out of memory for %zu rows", n_rows);
    for (size_t i = 0; i < n_rows * w; i++)
        rows[i] = NAN;
    memset(s->row_has_par, 0, sizeof s->row_has_par);
    memset(s->row_has_cov, 0, sizeof s->row_has_cov);
    for (size_t c = 0; c < n_cols; c++) {
        size_t at = kind[c] >= 100 ? s->n_par + (size_t)(kind[c] - 100) : (size_t)kind[c];
        if (kind[c] >= 100)
            s->row_has_cov[kind[c] - 100] = 1;
        else
            s->row_has_par[kind[c]] = 1;
        for (size_t i = 0; i < n_rows; i++)
            rows[i * w + at] = values[i * n_cols + c];
    }
    free(s->rows);
    s->rows = rows, s->n_rows = n_rows;
    return CNSIM_OK;
}
