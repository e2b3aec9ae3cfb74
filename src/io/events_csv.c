/* NONMEM-style event data sets (CSV) -> cnsim_event records.
 *
 * The reader follows NONMEM's data conventions where they are well defined:
 * a header names the columns (any case, any order, extra columns ignored;
 * a leading '#' on the header, as in "#ID,TIME,...", is accepted), '.' or
 * an empty field means "missing" and takes the column's default, EVID
 * defaults to 1 when AMT > 0 and to 0 otherwise, and TIME may not decrease
 * within an individual's block of records except on a reset (EVID 3 or 4).
 * A block is a run of consecutive records with the same ID; an ID that
 * comes back after another ID starts a new block, as in NONMEM.
 *
 * Besides NONMEM's columns it reads DRUG (the drug of each record) and FORM
 * (the formulation). Lines whose first field starts with '#' are comments,
 * blank lines are skipped, a UTF-8 byte-order mark is ignored, and line ends
 * may be LF, CRLF or CR.
 *
 * libcsv does the tokenising (quotes, embedded separators and newlines). It
 * does not report line numbers, so the reader counts them itself: libcsv is
 * asked to report every unquoted line end (CSV_REPALL_NL), and newlines
 * inside quoted fields are counted from the field text. */
#include <csv.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <sys/stat.h>

#include "cnsim/io.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "io/io_impl.h"

enum {
    C_ID, C_TIME, C_AMT, C_EVID, C_CMT, C_RATE, C_II, C_ADDL, C_SS, C_DV,
    C_MDV, C_DRUG, C_FORM, C_BLQ, C_LLOQ, N_COL
};
static const char *const col_name[N_COL] = {
    "ID", "TIME", "AMT", "EVID", "CMT", "RATE", "II", "ADDL", "SS", "DV",
    "MDV", "DRUG", "FORM", "BLQ", "LLOQ"};

/* Limits that keep a hostile or mistaken file from exhausting memory: the
 * file size, the number of records counting the doses ADDL adds, and the
 * length of one field (libcsv would otherwise grow its buffer without
 * bound on a file with no separators). */
#define MAX_BYTES ((size_t)200 * 1024 * 1024)
#define MAX_RECORDS 10000000L
#define MAX_FIELD_BYTES ((size_t)1024 * 1024)
#define FIELD_MAX 128
#define CHUNK 65536
#define N_DRUG_CACHE 32

typedef struct slot {
    char text[FIELD_MAX]; /* trimmed, NUL-terminated */
    size_t len;
    int is_present;
    int is_truncated;
} slot;

typedef struct drug_cache {
    char raw[CNSIM_NAME_MAX];
    int index;
} drug_cache;

typedef struct reader {
    struct csv_parser p;
    cnsim_status st;
    const char *default_drug;
    cnsim_registry *reg;
    cnsim_event_list *l;

    long line;        /* line the parser is on, 1-based */
    long row_line;    /* line where the current row began */
    size_t row_nf;    /* fields seen in the current row */
    int is_row_blank; /* every field so far is empty */
    int is_row_comment;
    int last_was_cr;

    int have_header;
    size_t n_header_fields; /* every record has this many fields */
    long col_pos[N_COL]; /* field index of each column, -1 if absent */
    slot first;          /* first field of the row */
    slot f[N_COL];

    int default_index; /* -2 until resolved */
    drug_cache cache[N_DRUG_CACHE];
    size_t n_cache;

    int have_prev;
    int block;              /* the current block (cnsim_event.block) */
    int prev_id;
    double prev_time_h;
    long prev_line;
    long n_records;
    long n_expanded;

    /* Separators: commas, or (when the first line that is not a comment
     * has none) blanks, as NONMEM data sets often are: runs of spaces and
     * tabs become one comma before libcsv sees them. */
    int sep;                /* 0 undecided, 1 commas, 2 blanks */
    int ws_gap, ws_line_start;
    char *ws_buf;           /* CHUNK bytes, blanks mode only */
} reader;

static _Thread_local int is_field_too_long;

/* libcsv grows its field buffer with this; refusing past the cap makes
 * csv_parse stop with CSV_ENOMEM, which the reader turns into a message. */
static void *capped_realloc(void *ptr, size_t n)
{
    if (n > MAX_FIELD_BYTES) {
        is_field_too_long = 1;
        return NULL;
    }
    return realloc(ptr, n);
}

/* A field value safe to quote in a message: control bytes become '?', and
 * a value cut at FIELD_MAX ends in "...". */
static const char *shown(const slot *s, char *buf, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < s->len && k + 4 < n; i++) {
        unsigned char c = (unsigned char)s->text[i];
        buf[k++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
    }
    if (s->is_truncated && k + 4 < n) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

static cnsim_status line_fail(reader *r, cnsim_status st, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static cnsim_status line_fail(reader *r, cnsim_status st, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->st = cnsim__fail(st, "events line %ld: %s", r->row_line, msg);
    return r->st;
}

/* "events line 4, column AMT: 'abc' <msg>" with the field's value. */
static cnsim_status col_fail(reader *r, cnsim_status st, int c, const char *fmt,
                             ...) __attribute__((format(printf, 4, 5)));
static cnsim_status col_fail(reader *r, cnsim_status st, int c, const char *fmt,
                             ...)
{
    char msg[512], val[FIELD_MAX + 8];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->st = cnsim__fail(st, "events line %ld, column %s: '%s' %s", r->row_line,
                        col_name[c], shown(&r->f[c], val, sizeof val), msg);
    return r->st;
}

static void store(slot *s, const char *txt, size_t len)
{
    while (len > 0 && (*txt == ' ' || *txt == '\t')) {
        txt++;
        len--;
    }
    while (len > 0 && (txt[len - 1] == ' ' || txt[len - 1] == '\t'))
        len--;
    s->is_present = 1;
    s->is_truncated = len >= FIELD_MAX;
    s->len = s->is_truncated ? FIELD_MAX - 1 : len;
    for (size_t i = 0; i < s->len; i++)
        s->text[i] = txt[i] ? txt[i] : '?'; /* a NUL byte never parses */
    s->text[s->len] = '\0';
}

static int is_missing(const reader *r, int c)
{
    const slot *s = &r->f[c];
    return r->col_pos[c] < 0 || !s->is_present || s->len == 0 ||
           (s->len == 1 && s->text[0] == '.');
}

/* A number in the shared grammar (cnsim/units.h): decimal with an optional
 * exponent, the whole field; strtod alone would take "nan", "inf" and hex
 * floats. 0 ok, -1 not a number, -2 not finite. */
static int parse_number(const slot *s, double *out)
{
    if (s->is_truncated || s->len == 0)
        return -1;
    double v;
    const char *end = cnsim_scan_number(s->text, &v);
    if (!end || *end != '\0')
        return -1;
    if (!isfinite(v))
        return -2;
    *out = v;
    return 0;
}

/* Column c as a number; `def` when the column or value is missing. */
static cnsim_status get_number(reader *r, int c, double def, double *out)
{
    if (is_missing(r, c)) {
        *out = def;
        return CNSIM_OK;
    }
    int rc = parse_number(&r->f[c], out);
    if (rc == -1)
        return col_fail(r, CNSIM_E_PARSE, c, "is not a number");
    if (rc == -2)
        return col_fail(r, CNSIM_E_RANGE, c, "is not a finite number");
    return CNSIM_OK;
}

/* Column c as an integer in lo..hi; `expected` says what is allowed. */
static cnsim_status get_int(reader *r, int c, int def, long lo, long hi,
                            const char *expected, int *out)
{
    double v;
    if (is_missing(r, c)) {
        *out = def;
        return CNSIM_OK;
    }
    if (get_number(r, c, 0, &v))
        return r->st;
    if (v != floor(v))
        return col_fail(r, CNSIM_E_RANGE, c, "is not an integer; expected %s",
                        expected);
    if (v < (double)lo || v > (double)hi)
        return col_fail(r, CNSIM_E_RANGE, c, "is out of range; expected %s",
                        expected);
    *out = (int)v;
    return CNSIM_OK;
}

static cnsim_status get_cmt(reader *r, int *out)
{
    static const struct {
        const char *name;
        int cmt;
    } names[] = {
        {"DEPOT", CNSIM_CMT_DEPOT},     {"CENTRAL", CNSIM_CMT_CENTRAL},
        {"PERIPH", CNSIM_CMT_PERIPH},   {"PERIPH1", CNSIM_CMT_PERIPH},
        {"PERIPH2", CNSIM_CMT_PERIPH2}, {"METAB", CNSIM_CMT_METAB},
    };
    *out = 0;
    if (is_missing(r, C_CMT))
        return CNSIM_OK;
    const slot *s = &r->f[C_CMT];
    double v;
    if (parse_number(s, &v) == 0) {
        if (v == floor(v) && v >= 0 && v <= CNSIM_N_CMT) {
            *out = (int)v;
            return CNSIM_OK;
        }
    } else {
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (!s->is_truncated && !strcasecmp(s->text, names[i].name)) {
                *out = names[i].cmt;
                return CNSIM_OK;
            }
    }
    return col_fail(r, CNSIM_E_PARSE, C_CMT,
                    "is not a compartment; expected 1-5 or DEPOT, CENTRAL, "
                    "PERIPH, PERIPH2, METAB (0 or empty: the default)");
}

/* Without a registry, names are taken as given but lowercased; they end up
 * in CSV headers and file names, so only plain characters are allowed. */
static int is_plain_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (!isalnum(c) && !strchr(" -_.+()/", c))
            return 0;
    }
    return 1;
}

/* Resolves a drug name to its index in the list. `what` is the prefix of
 * the message ("column DRUG" or "default drug"). */
static cnsim_status resolve_drug(reader *r, const char *raw, const char *what,
                                 int *index)
{
    for (size_t i = 0; i < r->n_cache; i++)
        if (!strcmp(r->cache[i].raw, raw)) {
            *index = r->cache[i].index;
            return CNSIM_OK;
        }
    char canon[CNSIM_NAME_MAX];
    if (strlen(raw) >= CNSIM_NAME_MAX)
        return line_fail(r, CNSIM_E_ARG,
                         "%s: drug name '%.40s...' is too long; expected at "
                         "most %d characters", what, raw, CNSIM_NAME_MAX - 1);
    /* A name the list already holds is taken as it is (in any case): the
     * caller put it there, e.g. a model file's drug the registry does not
     * know. */
    for (size_t i = 0; i < r->l->n_drugs; i++)
        if (!strcasecmp(r->l->drugs[i], raw)) {
            *index = (int)i;
            return CNSIM_OK;
        }
    if (r->reg) {
        cnsim_status st = cnsim_registry_resolve(r->reg, raw, canon);
        if (st != CNSIM_OK) {
            char why[512];
            cnsim__strlcpy(why, cnsim_last_error(), sizeof why);
            return line_fail(r, st, "%s: %s", what, why);
        }
    } else {
        if (!is_plain_name(raw))
            return line_fail(r, CNSIM_E_ARG,
                             "%s: '%s' is not a drug name; expected letters, "
                             "digits, spaces or -_.+()/", what, raw);
        size_t i = 0;
        for (; raw[i]; i++)
            canon[i] = (char)tolower((unsigned char)raw[i]);
        canon[i] = '\0';
    }
    cnsim_status st = cnsim_event_list_drug(r->l, canon, index);
    if (st != CNSIM_OK)
        return r->st = st;
    if (r->n_cache < N_DRUG_CACHE) {
        cnsim__strlcpy(r->cache[r->n_cache].raw, raw, CNSIM_NAME_MAX);
        r->cache[r->n_cache].index = *index;
        r->n_cache++;
    }
    return CNSIM_OK;
}

static cnsim_status get_form(reader *r, char form[CNSIM_FORM_MAX])
{
    form[0] = '\0';
    if (is_missing(r, C_FORM))
        return CNSIM_OK;
    const slot *s = &r->f[C_FORM];
    if (s->len >= CNSIM_FORM_MAX)
        return col_fail(r, CNSIM_E_RANGE, C_FORM,
                        "is too long; expected a formulation name of at most "
                        "%d characters (e.g. tablet, odt, solution)",
                        CNSIM_FORM_MAX - 1);
    for (size_t i = 0; i < s->len; i++) {
        unsigned char c = (unsigned char)s->text[i];
        if (!isalnum(c) && c != '-' && c != '_')
            return col_fail(r, CNSIM_E_PARSE, C_FORM,
                            "is not a formulation name; expected letters, "
                            "digits, - or _ (e.g. tablet, odt, solution)");
        form[i] = (char)tolower(c);
    }
    form[s->len] = '\0';
    return CNSIM_OK;
}

static void process_record(reader *r)
{
    cnsim_event e = cnsim_event_default();
    e.line = r->row_line;
    double v;

    if (is_missing(r, C_ID))
        return (void)line_fail(r, CNSIM_E_PARSE,
                               "column ID: value missing; expected an integer "
                               "subject ID");
    if (get_number(r, C_ID, 0, &v))
        return;
    if (v != floor(v) || fabs(v) > INT_MAX)
        return (void)col_fail(r, CNSIM_E_RANGE, C_ID,
                              "is not an integer subject ID");
    e.id = (int)v;

    if (is_missing(r, C_TIME))
        return (void)line_fail(r, CNSIM_E_PARSE,
                               "column TIME: value missing; expected a time in "
                               "hours");
    if (get_number(r, C_TIME, 0, &e.time_h))
        return;
    if (e.time_h < 0)
        return (void)col_fail(r, CNSIM_E_RANGE, C_TIME,
                              "is negative; expected a time in hours >= 0");

    if (get_number(r, C_AMT, 0, &e.amt_mg))
        return;
    if (e.amt_mg < 0)
        return (void)col_fail(r, CNSIM_E_RANGE, C_AMT,
                              "is negative; expected an amount in mg >= 0");

    /* An empty EVID is treated like a missing EVID column: inferred from
     * AMT. NONMEM would read '.' as 0 and silently drop the dose. */
    if (is_missing(r, C_EVID))
        e.evid = e.amt_mg > 0 ? CNSIM_EVID_DOSE : CNSIM_EVID_OBS;
    else if (get_int(r, C_EVID, 0, 0, 4,
                     "0-4 (0 observation, 1 dose, 2 other, 3 reset, 4 reset "
                     "and dose)", &e.evid))
        return;
    int is_dose = e.evid == CNSIM_EVID_DOSE || e.evid == CNSIM_EVID_RESET_DOSE;

    if (get_number(r, C_RATE, 0, &e.rate_mg_per_h))
        return;
    if (e.rate_mg_per_h < 0 && e.rate_mg_per_h != -1 && e.rate_mg_per_h != -2)
        return (void)col_fail(r, CNSIM_E_RANGE, C_RATE,
                              "is negative; expected a rate in mg/h > 0, 0 "
                              "for a bolus, -1 (the model's rate R) or -2 "
                              "(the model's duration D)");

    if (get_number(r, C_II, 0, &e.ii_h))
        return;
    if (e.ii_h < 0)
        return (void)col_fail(r, CNSIM_E_RANGE, C_II,
                              "is negative; expected an interdose interval in "
                              "hours >= 0");

    if (get_int(r, C_ADDL, 0, 0, MAX_RECORDS,
                "an integer number of additional doses >= 0", &e.addl))
        return;
    if (get_int(r, C_SS, 0, 0, 2,
                "0, 1 or 2 (none, steady state, steady state added)", &e.ss))
        return;
    if (get_cmt(r, &e.cmt))
        return;

    if (get_number(r, C_DV, NAN, &e.dv))
        return;
    if (is_missing(r, C_MDV))
        e.mdv = (e.evid != CNSIM_EVID_OBS || isnan(e.dv)) ? 1 : 0;
    else if (get_int(r, C_MDV, 0, 0, 1, "0 or 1", &e.mdv))
        return;
    /* Beal's M3 flags: BLQ = 1, the limit in LLOQ (or, without it, DV) */
    if (get_int(r, C_BLQ, 0, 0, 1, "0 or 1", &e.blq))
        return;
    if (get_number(r, C_LLOQ, NAN, &e.lloq))
        return;
    if (e.blq && isnan(e.lloq))
        e.lloq = e.dv;
    if (e.blq && !(e.lloq > 0))
        return (void)col_fail(r, CNSIM_E_RANGE, C_LLOQ, "is not a limit > 0; a record with BLQ 1 needs its limit of "
                              "quantification in LLOQ (or DV)");

    if (is_dose && e.amt_mg <= 0 && !(e.ss > 0 && e.amt_mg == 0 && e.rate_mg_per_h > 0))
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "dose record (EVID %d) has AMT %g; expected an "
                               "amount in mg > 0", e.evid, e.amt_mg);
    if (!is_dose && e.addl > 0)
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "ADDL %d on a record with EVID %d; ADDL applies "
                               "to dose records (EVID 1 or 4)", e.addl, e.evid);
    if (!is_dose && e.ss > 0)
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "SS %d on a record with EVID %d; SS applies to "
                               "dose records (EVID 1 or 4)", e.ss, e.evid);
    if (e.addl > 0 && e.ii_h <= 0)
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "ADDL %d needs II > 0 (the interval between the "
                               "additional doses, in hours); got II %g",
                               e.addl, e.ii_h);
    if (e.ss > 0 && e.ii_h <= 0 && !(e.amt_mg == 0 && e.rate_mg_per_h > 0))
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "SS %d needs II > 0 (the dosing interval at "
                               "steady state, in hours); got II %g (AMT 0 "
                               "with RATE > 0 and II 0 is a steady-state "
                               "infusion)", e.ss, e.ii_h);

    /* NONMEM: within an individual's block TIME never decreases, except
     * that a reset (EVID 3 or 4) may restart the clock: the reset empties
     * everything, so what follows is a block of its own. A new ID, or one
     * that comes back, starts a block too (NONMEM: a new individual). */
    int restart = r->have_prev && e.id == r->prev_id && e.time_h < r->prev_time_h;
    if (r->have_prev && (e.id != r->prev_id || restart))
        r->block++;
    e.block = r->block;
    if (r->have_prev && e.id == r->prev_id && e.time_h < r->prev_time_h &&
        e.evid != CNSIM_EVID_RESET && e.evid != CNSIM_EVID_RESET_DOSE)
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "TIME %g for ID %d is before TIME %g on line "
                               "%ld; times must not decrease within an ID "
                               "(only EVID 3 or 4 may restart the clock)",
                               e.time_h, e.id, r->prev_time_h, r->prev_line);

    if (!is_missing(r, C_DRUG)) {
        if (r->f[C_DRUG].is_truncated) {
            char val[FIELD_MAX + 8];
            return (void)line_fail(r, CNSIM_E_ARG,
                                   "column DRUG: drug name '%s' is too long",
                                   shown(&r->f[C_DRUG], val, sizeof val));
        }
        if (resolve_drug(r, r->f[C_DRUG].text, "column DRUG", &e.drug))
            return;
    } else if (is_dose) {
        if (!r->default_drug || !r->default_drug[0])
            return (void)line_fail(r, CNSIM_E_ARG,
                                   "no drug for this dose; pass --drug or add "
                                   "a DRUG column");
        if (r->default_index == -2 &&
            resolve_drug(r, r->default_drug, "default drug",
                         &r->default_index))
            return;
        e.drug = r->default_index;
    } else {
        e.drug = -1;
    }
    if (get_form(r, e.form))
        return;

    r->n_records++;
    r->n_expanded += 1 + e.addl;
    if (r->n_expanded > MAX_RECORDS)
        return (void)line_fail(r, CNSIM_E_RANGE,
                               "the data set holds more than %ld records "
                               "(counting the doses ADDL adds); that is the "
                               "limit", MAX_RECORDS);
    cnsim_status st = cnsim_event_list_push(r->l, &e);
    if (st != CNSIM_OK) {
        r->st = st;
        return;
    }
    r->have_prev = 1;
    r->prev_id = e.id;
    r->prev_time_h = e.time_h;
    r->prev_line = r->row_line;
}

static int column_of(const char *name)
{
    for (int c = 0; c < N_COL; c++)
        if (!strcasecmp(name, col_name[c]))
            return c;
    return -1;
}

static void header_field(reader *r, size_t i, const char *txt, size_t len)
{
    slot s;
    store(&s, txt, len);
    const char *name = s.text;
    if (i == 0) {
        r->first = s;
        if (name[0] == '#') {
            name++;
            while (*name == ' ')
                name++;
            if (column_of(name) < 0) {
                r->is_row_comment = 1;
                return;
            }
        }
    }
    if (r->is_row_comment || s.is_truncated)
        return;
    int c = column_of(name);
    if (c < 0)
        return;
    if (r->col_pos[c] >= 0) {
        line_fail(r, CNSIM_E_PARSE,
                  "column %s appears twice in the header (fields %ld and %zu)",
                  col_name[c], r->col_pos[c] + 1, i + 1);
        return;
    }
    r->col_pos[c] = (long)i;
}

static void end_header(reader *r)
{
    if (r->is_row_blank || r->is_row_comment) {
        for (int c = 0; c < N_COL; c++)
            r->col_pos[c] = -1;
        return;
    }
    for (int c = C_ID; c <= C_TIME; c++)
        if (r->col_pos[c] < 0) {
            double v;
            int looks_like_data = parse_number(&r->first, &v) == 0;
            line_fail(r, CNSIM_E_PARSE,
                      "missing column %s; expected a header with at least ID "
                      "and TIME%s", col_name[c],
                      looks_like_data ? " (the first line looks like data, "
                                        "not a header)" : "");
            return;
        }
    r->have_header = 1;
    r->n_header_fields = r->row_nf;
}

static void on_field(void *data, size_t len, void *arg)
{
    reader *r = arg;
    if (r->st != CNSIM_OK)
        return;
    const char *txt = data ? data : "";
    if (r->row_nf == 0) {
        r->row_line = r->line;
        r->is_row_blank = 1;
        r->is_row_comment = 0;
        r->first.is_present = 0;
        for (int c = 0; c < N_COL; c++)
            r->f[c].is_present = 0;
    }
    size_t i = r->row_nf++;
    r->last_was_cr = 0;
    /* Line ends inside quoted fields still move the line count on. */
    for (size_t k = 0; k < len; k++)
        if (txt[k] == '\n' || (txt[k] == '\r' && (k + 1 == len ||
                                                  txt[k + 1] != '\n')))
            r->line++;
    for (size_t k = 0; k < len && r->is_row_blank; k++)
        if (txt[k] != ' ' && txt[k] != '\t')
            r->is_row_blank = 0;

    if (!r->have_header) {
        header_field(r, i, txt, len);
        return;
    }
    if (i == 0)
        store(&r->first, txt, len);
    for (int c = 0; c < N_COL; c++)
        if (r->col_pos[c] == (long)i)
            store(&r->f[c], txt, len);
}

static void on_row(int term, void *arg)
{
    reader *r = arg;
    if (r->st != CNSIM_OK)
        return;
    if (r->row_nf > 0) {
        if (!r->have_header)
            end_header(r);
        else if (!r->is_row_blank && r->first.text[0] != '#') {
            /* A row with fewer or more fields than the header has lost or
             * gained a separator, so its values sit under the wrong
             * columns: NONMEM's data files are rectangular. */
            if (r->row_nf != r->n_header_fields)
                line_fail(r, CNSIM_E_PARSE,
                          "%zu fields, but the header has %zu; expected "
                          "one value (or an empty field) per column",
                          r->row_nf, r->n_header_fields);
            else
                process_record(r);
        }
        r->row_nf = 0;
    }
    if (term == '\n') {
        if (!r->last_was_cr)
            r->line++;
        r->last_was_cr = 0;
    } else if (term == '\r') {
        r->line++;
        r->last_was_cr = 1;
    }
}

static cnsim_status reader_init(reader *r, const char *default_drug,
                                cnsim_registry *reg, cnsim_event_list *l)
{
    memset(r, 0, sizeof *r);
    if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory starting the CSV "
                                          "parser");
    csv_set_realloc_func(&r->p, capped_realloc);
    r->st = CNSIM_OK;
    r->default_drug = default_drug;
    r->reg = reg;
    r->l = l;
    r->line = 1;
    r->row_line = 1;
    r->default_index = -2;
    for (int c = 0; c < N_COL; c++)
        r->col_pos[c] = -1;
    is_field_too_long = 0;
    return CNSIM_OK;
}

/* Commas or blanks, from the first line of buf that is not a comment:
 * blanks if it has a space or tab but no comma. Undecided (0) while no
 * such line is complete and more may come. */
static int separators_of(const char *buf, size_t n, int is_last)
{
    size_t i = 0;
    while (i < n) {
        size_t e = i;
        while (e < n && buf[e] != '\n')
            e++;
        if (e == n && !is_last)
            return 0;
        int comment = buf[i] == '#', comma = 0, blank = 0, text = 0;
        for (size_t k = i; k < e; k++) {
            comma |= buf[k] == ',';
            blank |= buf[k] == ' ' || buf[k] == '\t';
            text |= buf[k] != ' ' && buf[k] != '\t' && buf[k] != '\r';
        }
        if (!comment && text)
            return comma || !blank ? 1 : 2;
        i = e + 1;
    }
    return is_last ? 1 : 0;
}

/* Blanks mode: runs of spaces, tabs (and a CR before LF) between fields
 * become one comma; those at the start or end of a line go. out has room
 * for n bytes (the result is never longer). */
static size_t blanks_to_commas(reader *r, const char *in, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (c == ' ' || c == '\t' || c == '\r') {
            r->ws_gap = !r->ws_line_start;
            continue;
        }
        if (c != '\n' && r->ws_gap)
            out[k++] = ',';
        r->ws_gap = 0;
        r->ws_line_start = c == '\n';
        out[k++] = c;
    }
    return k;
}

/* Feeds bytes to libcsv, stopping at the first error. */
static cnsim_status reader_feed(reader *r, const char *buf, size_t n)
{
    if (r->sep == 0 && (r->sep = separators_of(buf, n, 0)) == 0)
        r->sep = 1;   /* no complete line in the first piece: commas */
    if (r->sep == 2 && !r->ws_buf) {
        if (!(r->ws_buf = malloc(CHUNK)))
            return r->st = cnsim__fail(CNSIM_E_NOMEM, "out of memory reading blank-separated events");
        r->ws_line_start = 1;
    }
    while (n > 0 && r->st == CNSIM_OK) {
        size_t k = n < CHUNK ? n : CHUNK;
        const char *piece = buf;
        size_t m = k;
        if (r->sep == 2) {
            m = blanks_to_commas(r, buf, k, r->ws_buf);
            piece = r->ws_buf;
        }
        size_t done = csv_parse(&r->p, piece, m, on_field, on_row, r);
        if (r->st != CNSIM_OK)
            break;
        if (done < m) {
            int err = csv_error(&r->p);
            if (err == CSV_EPARSE)
                r->st = cnsim__fail(CNSIM_E_PARSE,
                                    "events line %ld: malformed quoting (a "
                                    "quote inside an unquoted field, or text "
                                    "after a closing quote); quote whole "
                                    "fields, doubling inner quotes", r->line);
            else if (is_field_too_long)
                r->st = cnsim__fail(CNSIM_E_RANGE,
                                    "events line %ld: a field is longer than "
                                    "%zu bytes; is this a CSV event file?",
                                    r->line, MAX_FIELD_BYTES);
            else
                r->st = cnsim__fail(CNSIM_E_NOMEM, "events line %ld: out of "
                                    "memory", r->line);
            break;
        }
        buf += k;
        n -= k;
    }
    return r->st;
}

static cnsim_status reader_finish(reader *r)
{
    if (r->st == CNSIM_OK &&
        csv_fini(&r->p, on_field, on_row, r) != 0 && r->st == CNSIM_OK)
        r->st = cnsim__fail(CNSIM_E_PARSE,
                            "events line %ld: a quoted field is not closed "
                            "before the end of the file", r->line);
    csv_free(&r->p);
    free(r->ws_buf);
    r->ws_buf = NULL;
    if (r->st != CNSIM_OK)
        return r->st;
    if (!r->have_header)
        return r->st = cnsim__fail(CNSIM_E_PARSE,
                                   "events: no header line; expected a header "
                                   "with at least ID and TIME");
    if (r->n_records == 0)
        return r->st = cnsim__fail(CNSIM_E_PARSE,
                                   "events: no records after the header");
    return CNSIM_OK;
}

/* Drops what a failed read appended, so the list is as the caller gave it. */
static void roll_back(cnsim_event_list *l, size_t n0, size_t n_drugs0)
{
    l->n = n0;
    l->n_drugs = n_drugs0;
}

static size_t skip_bom(const char *data, size_t n)
{
    return n >= 3 && (unsigned char)data[0] == 0xEF &&
                   (unsigned char)data[1] == 0xBB &&
                   (unsigned char)data[2] == 0xBF
               ? 3
               : 0;
}

cnsim_status cnsim_events_read_csv_mem(const char *data, size_t n,
                                       const char *default_drug,
                                       cnsim_registry *reg,
                                       cnsim_event_list *l)
{
    cnsim__clear_error();
    if (!l || (!data && n > 0))
        return cnsim__fail(CNSIM_E_ARG, "events: no data or no event list");
    if (n > MAX_BYTES)
        return cnsim__fail(CNSIM_E_RANGE,
                           "events: %zu bytes of event data; the limit is "
                           "%zu MB", n, MAX_BYTES / (1024 * 1024));
    size_t n0 = l->n, nd0 = l->n_drugs;
    reader r;
    cnsim_status st = reader_init(&r, default_drug, reg, l);
    if (st != CNSIM_OK)
        return st;
    size_t skip = data ? skip_bom(data, n) : 0;
    if (n > skip) {
        r.sep = separators_of(data + skip, n - skip, 1);
        reader_feed(&r, data + skip, n - skip);
    }
    st = reader_finish(&r);
    if (st != CNSIM_OK)
        roll_back(l, n0, nd0);
    return st;
}

cnsim_status cnsim_events_read_csv(const char *path, const char *default_drug,
                                   cnsim_registry *reg, cnsim_event_list *l)
{
    cnsim__clear_error();
    if (!path || !l)
        return cnsim__fail(CNSIM_E_ARG, "events: no path or no event list");
    FILE *fp = fopen(path, "rb");
    if (!fp && errno == ENOMEM)   /* fopen's own allocation */
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path);
    if (!fp)
        return cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                           strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) {
            fclose(fp);
            return cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                               strerror(EISDIR));
        }
        if (S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size > MAX_BYTES) {
            fclose(fp);
            return cnsim__fail(CNSIM_E_RANGE,
                               "cannot read %s: the file is %.0f MB; the limit "
                               "for event data is %zu MB", path,
                               (double)sb.st_size / (1024.0 * 1024.0),
                               MAX_BYTES / (1024 * 1024));
        }
    }
    char *buf = malloc(CHUNK);
    if (!buf) {
        fclose(fp);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory reading %s", path);
    }
    size_t n0 = l->n, nd0 = l->n_drugs;
    reader r;
    cnsim_status st = reader_init(&r, default_drug, reg, l);
    if (st != CNSIM_OK) {
        free(buf);
        fclose(fp);
        return st;
    }
    size_t total = 0;
    int is_first = 1;
    while (r.st == CNSIM_OK) {
        size_t got = fread(buf, 1, CHUNK, fp);
        if (got == 0) {
            if (ferror(fp))
                r.st = cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                                   strerror(errno ? errno : EIO));
            break;
        }
        total += got;
        if (total > MAX_BYTES) {
            r.st = cnsim__fail(CNSIM_E_RANGE,
                               "cannot read %s: the file is larger than the "
                               "%zu MB limit for event data", path,
                               MAX_BYTES / (1024 * 1024));
            break;
        }
        size_t skip = is_first ? skip_bom(buf, got) : 0;
        is_first = 0;
        reader_feed(&r, buf + skip, got - skip);
    }
    free(buf);
    fclose(fp);
    st = reader_finish(&r);
    if (st != CNSIM_OK)
        roll_back(l, n0, nd0);
    return st;
}
