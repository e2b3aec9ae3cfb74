/* PK model files (include/cnsim/pkmodel.h): JSON text <-> cnsim_pk_model.
 *
 * Strict as the scenario reader is, and for the same reason: a model with
 * "ALAG" for "ALAG1" would otherwise run without its lag time and look
 * right. Every key is known, every value is checked, and every message
 * names the key, the value and what was expected.
 *
 * One check, check_model, serves both directions: the reader runs it on
 * what it has read, and the writer on what it is asked to write, so a file
 * the writer produces is one the reader accepts. */
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/pkmodel.h"
#include "core_impl.h"
#include "io/io_impl.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the parameters -------------------------------------------------- */

typedef enum { R_NONNEG, R_POS, R_FRAC } range_kind;

typedef struct param_def {
    const char *key;     /* the file's (NONMEM's) name */
    const char *field;   /* the cnsim_pk_params field */
    size_t off;          /* of that field, a double */
    const char *unit;    /* in the file; "" for a fraction */
    const char *what;    /* for a message about a missing parameter */
    int min_cmt;         /* used from this compartment count on */
    int is_required;     /* when used */
    range_kind range;
    double dflt;         /* when not given (required ones have none) */
} param_def;

#define P(field) #field, offsetof(cnsim_pk_params, field)
static const param_def params[CNSIM_PK_MODEL_N_PARAMS] = {
    {"CL", P(cl_L_per_h), "L/h", "the clearance", 1, 1, R_NONNEG, 0},
    {"V", P(v1_L), "L", "the central volume", 1, 1, R_POS, 0},
    {"KA", P(ka_per_h), "1/h", "the first-order absorption rate constant", 1, 1, R_POS, 0},
    {"Q", P(q2_L_per_h), "L/h", "the intercompartmental clearance to the first peripheral compartment",
     2, 1, R_POS, 0},
    {"V2", P(v2_L), "L", "the volume of the first peripheral compartment", 2, 1, R_POS, 0},
    {"Q3", P(q3_L_per_h), "L/h", "the intercompartmental clearance to the second peripheral compartment",
     3, 1, R_POS, 0},
    {"V3", P(v3_L), "L", "the volume of the second peripheral compartment", 3, 1, R_POS, 0},
    {"F1", P(f), "", "the bioavailability of doses into the depot", 1, 0, R_FRAC, 1},
    {"F2", P(f2), "", "the fraction of doses into the central compartment that enters", 1, 0, R_FRAC, 1},
    {"ALAG1", P(tlag_h), "h", "the lag time of doses into the depot", 1, 0, R_NONNEG, 0},
    {"ALAG2", P(tlag2_h), "h", "the lag time of doses into the central compartment", 1, 0, R_NONNEG, 0},
    {"VMAX", P(vmax_mg_per_h), "mg/h", "the maximal Michaelis-Menten elimination rate", 1, 0, R_NONNEG, 0},
    {"KM", P(km_ng_mL), "mg/L", "the Michaelis-Menten constant", 1, 0, R_POS, 0},
    {"R1", P(r1_mg_per_h), "mg/h", "the rate of depot infusions with RATE = -1", 1, 0, R_NONNEG, 0},
    {"D1", P(d1_h), "h", "the duration of depot infusions with RATE = -2", 1, 0, R_NONNEG, 0},
    {"R2", P(r2_mg_per_h), "mg/h", "the rate of central infusions with RATE = -1", 1, 0, R_NONNEG, 0},
    {"D2", P(d2_h), "h", "the duration of central infusions with RATE = -2", 1, 0, R_NONNEG, 0},
};
#undef P
enum { I_KA = 2, I_KM = 12 };

static const char *const top_keys[] = {"name", "compartments", "parameters", "mw_g_mol", "fu",
                                       "metabolites", "omega", "sigma", "sources"};
static const char *const met_keys[] = {"name", "fm", "CL", "V", "mw_g_mol"};
static const char *const sigma_keys[] = {"prop", "add"};

/* The names a reader of cnsim's structs or of a population scenario
 * would try, mapped to the file's. */
typedef struct alias {
    const char *from, *to;
} alias;
static const alias top_alias[] = {{"mw_g_per_mol", "mw_g_mol"}, {"n_cmt", "compartments"},
                                  {"metabolite", "metabolites"}};
static const alias met_alias[] = {{"met_cl_L_per_h", "CL"}, {"cl_L_per_h", "CL"}, {"met_v_L", "V"},
                                  {"v_L", "V"}, {"met_mw_g_per_mol", "mw_g_mol"},
                                  {"mw_g_per_mol", "mw_g_mol"}};
static const alias sigma_alias[] = {{"proportional", "prop"}, {"additive", "add"}};

static double *field_of(cnsim_pk_params *p, const param_def *d)
{
    return (double *)(void *)((char *)p + d->off);
}

static double value_of(const cnsim_pk_params *p, const param_def *d)
{
    return *(const double *)(const void *)((const char *)p + d->off);
}

/* The parameter names, for a message listing them. */
static void param_keys(const char *keys[CNSIM_PK_MODEL_N_PARAMS])
{
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++)
        keys[i] = params[i].key;
}

/* cnsim_pk_params field names -> the file's names, for a hint. */
static void field_aliases(alias a[CNSIM_PK_MODEL_N_PARAMS])
{
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++)
        a[i] = (alias){params[i].field, params[i].key};
}

static int param_index(const char *key)
{
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++)
        if (!strcmp(key, params[i].key))
            return i;
    return -1;
}

/* The same bits as x: +0 and -0 differ, so a default is only a default
 * when it would be read back identically. */
static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* ---- numbers as text ------------------------------------------------- */

/* The fewest significant digits (1 to 17) that read back as v (finite,
 * >= 0): d holds them without trailing zeros, *x is the decimal exponent
 * of the first (v = d[0].d[1]d[2]... * 10^x). Only the digits of printf's
 * %e are kept and strtod reads them back as an integer with an exponent,
 * so no decimal point is involved and the locale cannot interfere. */
static int shortest_digits(double v, char d[24], int *x)
{
    char buf[48], t[48];
    int n = 0;
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        const char *e = strchr(buf, 'e');
        if (!e)
            break;
        n = 0;
        for (const char *c = buf; c < e && n < 23; c++)
            if (*c >= '0' && *c <= '9')
                d[n++] = *c;
        d[n] = '\0';
        *x = atoi(e + 1);
        snprintf(t, sizeof t, "%se%d", d, *x - (n - 1));
        if (strtod(t, NULL) == v || p == 17)
            break;
    }
    while (n > 1 && d[n - 1] == '0')
        d[--n] = '\0';
    return n;
}

/* v as JSON: the shortest digits, positional when the exponent is in
 * -5..15 (an integer then has at most 16 digits and reads back exactly
 * as jansson's integer), otherwise d.ddde+x. Negative zero is "-0.0": a
 * bare "-0" would read back as the integer 0 and lose the sign. */
static void json_number(double v, char out[48])
{
    char d[24];
    int x = 0;
    char *o = out;
    if (signbit(v))
        *o++ = '-';
    double a = fabs(v);
    if (a == 0) {
        strcpy(o, o > out ? "0.0" : "0");
        return;
    }
    int n = shortest_digits(a, d, &x);
    if (x >= -5 && x < 16) {
        if (x < 0) {
            *o++ = '0', *o++ = '.';
            for (int i = 0; i < -x - 1; i++)
                *o++ = '0';
            memcpy(o, d, (size_t)n), o += n;
        } else if (x + 1 >= n) {
            memcpy(o, d, (size_t)n), o += n;
            for (int i = n; i <= x; i++)
                *o++ = '0';
        } else {
            memcpy(o, d, (size_t)x + 1), o += x + 1;
            *o++ = '.';
            memcpy(o, d + x + 1, (size_t)(n - x - 1)), o += n - x - 1;
        }
        *o = '\0';
    } else {
        *o++ = d[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)n - 1), o += n - 1;
        }
        snprintf(o, 12, "e%+d", x);
    }
}

/* A value for a message: the number as the file would hold it. */
static const char *num(double v, char buf[48])
{
    if (!isfinite(v))
        snprintf(buf, 48, "%g", v);
    else
        json_number(v, buf);
    return buf;
}

/* v's shortest digits with the decimal point moved by `shift` places. */
static double shift_decimal(double v, int shift)
{
    char d[24], t[48];
    int x = 0;
    int n = shortest_digits(fabs(v), d, &x);
    snprintf(t, sizeof t, "%se%d", d, x - (n - 1) + shift);
    return copysign(strtod(t, NULL), v);
}

/* KM (mg/L) -> km_ng_mL = 1000 KM. For a KM of up to 15 significant
 * digits (DBL_DIG), its shortest form is the number as written in the
 * file, and moving its decimal point three places gives the value in
 * ng/mL rounded once: 0.0265 mg/L reads as 26.5 ng/mL exactly, where the
 * product of the double nearest 0.0265 with 1000 may be off by a unit in
 * the last place (it is for about 1% of such numbers). A longer KM comes
 * from a program and is multiplied. */
static double km_from_mg_L(double km_mg_L)
{
    char d[24];
    int x = 0;
    if (isfinite(km_mg_L) && shortest_digits(fabs(km_mg_L), d, &x) <= DBL_DIG)
        return shift_decimal(km_mg_L, 3);
    return km_mg_L * 1000.0;
}

/* The KM to write for km_ng_mL: one that km_from_mg_L takes back to
 * km_ng_mL exactly. The decimal shift does it for every km_ng_mL of up to
 * 15 digits; otherwise one of the doubles within 8 units in the last
 * place of km / 1000 usually does, and when none does (no double reaches
 * km under the conversion) the one that comes closest is written. */
static double km_to_mg_L(double km)
{
    char d[24];
    int x = 0;
    if (shortest_digits(fabs(km), d, &x) <= DBL_DIG) {
        double k = shift_decimal(km, -3);
        if (km_from_mg_L(k) == km)
            return k;
    }
    double k0 = km / 1000.0, lo = k0, hi = k0, best = k0;
    double best_err = fabs(km_from_mg_L(k0) - km);
    for (int i = 0; i < 8 && best_err > 0; i++) {
        lo = nextafter(lo, -INFINITY);
        hi = nextafter(hi, INFINITY);
        double e_lo = fabs(km_from_mg_L(lo) - km), e_hi = fabs(km_from_mg_L(hi) - km);
        if (e_lo < best_err)
            best = lo, best_err = e_lo;
        if (e_hi < best_err)
            best = hi, best_err = e_hi;
    }
    return best;
}

/* ---- messages -------------------------------------------------------- */

typedef struct ctx {
    const char *src;   /* the file path, "model", or the model's name */
} ctx;

static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (!path)
        return cnsim__fail(st, "%s: %s", c->src, msg);
    return cnsim__fail(st, "%s: %s: %s", c->src, path, msg);
}

/* "the string \"4.2\"", "true", "an object": what a wrong value was. */
static const char *describe(const json_t *v, char *buf, size_t n)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: snprintf(buf, n, "the string \"%.40s\"", json_string_value(v)); return buf;
    case JSON_INTEGER:
    case JSON_REAL: {
        char t[48];
        snprintf(buf, n, "the number %s", num(json_number_value(v), t));
        return buf;
    }
    case JSON_TRUE: return "true";
    case JSON_FALSE: return "false";
    case JSON_NULL: return "null";
    }
    return "an unknown value";
}

static cnsim_status wrong_type(const ctx *c, const char *path, const char *expected, const json_t *got)
{
    char buf[96];
    return fail_at(c, CNSIM_E_ARG, path, "expected %s, got %s", expected, describe(got, buf, sizeof buf));
}

static cnsim_status unknown_key(const ctx *c, const char *path, const char *key, const char *const *keys,
                                size_t n, const alias *aliases, size_t n_alias)
{
    char list[256] = "", hint[160] = "";
    for (size_t i = 0; i < n; i++) {
        strncat(list, keys[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    for (size_t i = 0; i < n_alias && !hint[0]; i++)
        if (!strcmp(key, aliases[i].from))
            snprintf(hint, sizeof hint, " (did you mean '%s'? model files use NONMEM's names)", aliases[i].to);
    if (!hint[0])
        cnsim__suggest_key(key, keys, n, hint, sizeof hint);
    return fail_at(c, CNSIM_E_ARG, path, "unknown key '%.60s'%s; expected %s", key, hint, list);
}

/* "Q3" given with 2 compartments. */
static cnsim_status unused_param(const ctx *c, const char *path, const param_def *d, int n_cmt, double v)
{
    char b[48];
    return fail_at(c, CNSIM_E_ARG, path,
                   "%s = %s %s given for a %d-compartment model; expected no %s (it belongs to a model with %d "
                   "compartments or more: set \"compartments\" or remove it)",
                   d->key, num(v, b), d->unit, n_cmt, d->key, d->min_cmt);
}

/* Checks parameter d's value v (in the file's unit). */
static cnsim_status check_param(const ctx *c, const char *path, const param_def *d, double v)
{
    char b[48];
    /* F may exceed 1: a relative bioavailability, as NONMEM allows (and
     * cnsim_pk_params_check, up to 100). */
    int ok = isfinite(v) && (d->range == R_NONNEG ? v >= 0 : d->range == R_POS ? v > 0 : v > 0 && v <= 100);
    if (ok)
        return CNSIM_OK;
    if (d->range == R_FRAC)
        return fail_at(c, CNSIM_E_RANGE, path, "%s; expected 0 < %s <= 100 (a fraction; above 1 a relative bioavailability)", num(v, b), d->key);
    return fail_at(c, CNSIM_E_RANGE, path, "%s %s; expected a number %s (%s)", num(v, b), d->unit,
                   d->range == R_POS ? "> 0" : ">= 0", d->what);
}

/* A number in [lo, hi] (a JSON integer or real). */
static cnsim_status check_range(const ctx *c, const char *path, double v, double lo, double hi, int lo_open,
                                const char *unit)
{
    char b[48], l[48], h[48];
    if (isfinite(v) && (lo_open ? v > lo : v >= lo) && v <= hi)
        return CNSIM_OK;
    return fail_at(c, CNSIM_E_RANGE, path, "%s%s%s; expected %s %s x <= %s", num(v, b), unit[0] ? " " : "", unit,
                   num(lo, l), lo_open ? "<" : "<=", num(hi, h));
}

/* ---- the checks both directions share -------------------------------- */

/* A name: 1 to CNSIM_NAME_MAX - 1 letters, digits, '-' or '_', held in
 * size bytes. */
static cnsim_status check_name(const ctx *c, const char *path, const char *s, size_t size)
{
    size_t n = strnlen(s, size);
    if (n == size)
        return fail_at(c, CNSIM_E_RANGE, path, "the name does not end within %zu bytes; expected at most %d characters",
                       size, CNSIM_NAME_MAX - 1);
    if (n == 0)
        return fail_at(c, CNSIM_E_ARG, path, "\"\"; expected a name of 1 to %d letters, digits, '-' or '_'",
                       CNSIM_NAME_MAX - 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                 ch == '_';
        if (!ok) {
            char shown[8];
            if (ch >= 0x20 && ch < 0x7f)
                snprintf(shown, sizeof shown, "'%c'", ch);
            else
                snprintf(shown, sizeof shown, "0x%02x", ch);
            return fail_at(c, CNSIM_E_ARG, path,
                           "\"%.63s\" has the character %s; expected letters, digits, '-' and '_' only", s, shown);
        }
    }
    return CNSIM_OK;
}

/* Well-formed UTF-8 (what JSON text must be): no overlong forms, no
 * surrogates, nothing above U+10FFFF. */
static int utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        if (*p < 0x80) {
            p++;
            continue;
        }
        int n;
        unsigned long cp;
        if ((*p & 0xe0) == 0xc0)
            n = 1, cp = *p & 0x1fu;
        else if ((*p & 0xf0) == 0xe0)
            n = 2, cp = *p & 0x0fu;
        else if ((*p & 0xf8) == 0xf0)
            n = 3, cp = *p & 0x07u;
        else
            return 0;
        p++;
        for (int i = 0; i < n; i++, p++) {
            if ((*p & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (*p & 0x3fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) || cp > 0x10ffff ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return 0;
    }
    return 1;
}

static cnsim_status check_model(const ctx *c, const cnsim_pk_model *m)
{
    const cnsim_pk_params *p = &m->pk;
    cnsim_status st;
    char b[48], path[96];
    if ((st = check_name(c, "name", p->name, sizeof p->name)) != CNSIM_OK)
        return st;
    if (p->n_cmt < 1 || p->n_cmt > 3)
        return fail_at(c, CNSIM_E_RANGE, "compartments", "%d; expected 1, 2 or 3", p->n_cmt);

    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++) {
        const param_def *d = &params[i];
        double v = value_of(p, d);
        snprintf(path, sizeof path, "parameters.%s", d->key);
        if (d->min_cmt > p->n_cmt) {
            if (!same_bits(v, 0))
                return unused_param(c, path, d, p->n_cmt, i == I_KM ? v / 1000.0 : v);
            continue;
        }
        if (!d->is_required && same_bits(v, d->dflt))
            continue;
        if (i == I_KM && !isfinite(v))
            return fail_at(c, CNSIM_E_RANGE, path, "%s ng/mL; expected a finite number > 0 (%s)", num(v, b),
                           d->what);
        if ((st = check_param(c, path, d, i == I_KM ? v / 1000.0 : v)) != CNSIM_OK)
            return st;
    }
    if (p->cl_L_per_h == 0 && !(p->vmax_mg_per_h > 0))
        return fail_at(c, CNSIM_E_RANGE, "parameters.CL", "0 L/h; expected a number > 0 unless VMAX > 0 "
                       "(Michaelis-Menten elimination)");
    if (p->vmax_mg_per_h > 0 && !(p->km_ng_mL > 0))
        return fail_at(c, CNSIM_E_ARG, "parameters", "VMAX = %s mg/h without KM; expected KM (mg/L, > 0) with "
                       "Michaelis-Menten elimination", num(p->vmax_mg_per_h, b));

    if (!isfinite(p->mw_g_per_mol) || p->mw_g_per_mol < 0)
        return fail_at(c, CNSIM_E_RANGE, "mw_g_mol", "%s g/mol; expected a number > 0 (0: not given)",
                       num(p->mw_g_per_mol, b));
    if ((st = check_range(c, "fu", p->fu, 0, 1, 0, "")) != CNSIM_OK)
        return st;

    if (p->has_metabolite != 0 && p->has_metabolite != 1)
        return fail_at(c, CNSIM_E_ARG, "metabolites", "has_metabolite = %d; expected 0 or 1", p->has_metabolite);
    if (p->has_metabolite) {
        if ((st = check_name(c, "metabolites[0].name", p->metabolite, sizeof p->metabolite)) != CNSIM_OK)
            return st;
        if (!strcmp(p->metabolite, p->name))
            return fail_at(c, CNSIM_E_ARG, "metabolites[0].name", "\"%s\" is the drug's own name; expected another",
                           p->metabolite);
        if ((st = check_range(c, "metabolites[0].fm", p->fm, 0, 1, 0, "")) != CNSIM_OK)
            return st;
        if (!(isfinite(p->met_cl_L_per_h) && p->met_cl_L_per_h > 0))
            return fail_at(c, CNSIM_E_RANGE, "metabolites[0].CL", "%s L/h; expected a number > 0",
                           num(p->met_cl_L_per_h, b));
        if (!(isfinite(p->met_v_L) && p->met_v_L > 0))
            return fail_at(c, CNSIM_E_RANGE, "metabolites[0].V", "%s L; expected a number > 0", num(p->met_v_L, b));
        if (!(isfinite(p->met_mw_g_per_mol) && p->met_mw_g_per_mol > 0))
            return fail_at(c, CNSIM_E_RANGE, "metabolites[0].mw_g_mol", "%s g/mol; expected a number > 0",
                           num(p->met_mw_g_per_mol, b));
        if (!(p->mw_g_per_mol > 0))
            return fail_at(c, CNSIM_E_ARG, "mw_g_mol", "not given; expected the parent's molar mass (g/mol, > 0) "
                           "with a metabolite (it converts the amount metabolised into metabolite)");
        if (p->n_more_metabolites < 0 || p->n_more_metabolites > CNSIM_PK_MAX_METABOLITES - 1)
            return fail_at(c, CNSIM_E_RANGE, "metabolites", "n_more_metabolites = %d; expected 0 to %d",
                           p->n_more_metabolites, CNSIM_PK_MAX_METABOLITES - 1);
        for (int i = 0; i < p->n_more_metabolites; i++) {
            const cnsim_pk_metabolite *q = &p->more[i];
            char path[40];
            snprintf(path, sizeof path, "metabolites[%d].name", i + 1);
            if ((st = check_name(c, path, q->name, sizeof q->name)) != CNSIM_OK)
                return st;
            snprintf(path, sizeof path, "metabolites[%d].from", i + 1);
            if (q->from < 0 || q->from > i + 1)
                return fail_at(c, CNSIM_E_ARG, path, "precursor %d; expected the drug (0) or an earlier metabolite "
                               "(1 to %d)", q->from, i + 1);
            snprintf(path, sizeof path, "metabolites[%d].fm", i + 1);
            if ((st = check_range(c, path, q->fm, 0, 1, 0, "")) != CNSIM_OK)
                return st;
            snprintf(path, sizeof path, "metabolites[%d]", i + 1);
            if (!(isfinite(q->cl_L_per_h) && q->cl_L_per_h > 0) || !(isfinite(q->v_L) && q->v_L > 0) ||
                !(isfinite(q->mw_g_per_mol) && q->mw_g_per_mol > 0))
                return fail_at(c, CNSIM_E_RANGE, path, "CL %s L/h, V %s L, mw_g_mol %s g/mol; expected numbers > 0",
                               num(q->cl_L_per_h, b), num(q->v_L, b), num(q->mw_g_per_mol, b));
        }
    } else if (p->n_more_metabolites != 0) {
        return fail_at(c, CNSIM_E_ARG, "metabolites", "%d further metabolites without a first (has_metabolite 0); "
                       "expected has_metabolite = 1", p->n_more_metabolites);
    } else if (p->metabolite[0] || !same_bits(p->fm, 0) || !same_bits(p->met_cl_L_per_h, 0) ||
               !same_bits(p->met_v_L, 0) || !same_bits(p->met_mw_g_per_mol, 0)) {
        return fail_at(c, CNSIM_E_ARG, "metabolites", "metabolite fields set (metabolite \"%.63s\", fm %s) "
                       "without has_metabolite; expected has_metabolite = 1 or those fields 0",
                       p->metabolite[0] ? p->metabolite : "", num(p->fm, b));
    }

    if (m->n_omega < 0 || m->n_omega > CNSIM_PK_MODEL_N_PARAMS)
        return fail_at(c, CNSIM_E_RANGE, "omega", "n_omega = %d; expected 0 to %d", m->n_omega,
                       CNSIM_PK_MODEL_N_PARAMS);
    for (int i = 0; i < m->n_omega; i++) {
        const char *nm = m->omega_name[i];
        if (strnlen(nm, CNSIM_PK_MODEL_KEY_MAX) == CNSIM_PK_MODEL_KEY_MAX)
            return fail_at(c, CNSIM_E_ARG, "omega", "name %d does not end within %d bytes", i, CNSIM_PK_MODEL_KEY_MAX);
        snprintf(path, sizeof path, "omega.%s", nm);
        int k = param_index(nm);
        if (k < 0) {
            const char *keys[CNSIM_PK_MODEL_N_PARAMS];
            param_keys(keys);
            return unknown_key(c, "omega", nm, keys, CNSIM_PK_MODEL_N_PARAMS, NULL, 0);
        }
        if (params[k].min_cmt > p->n_cmt)
            return fail_at(c, CNSIM_E_ARG, path, "variability on %s in a %d-compartment model; expected a parameter "
                           "the model has", nm, p->n_cmt);
        for (int j = 0; j < i; j++)
            if (!strcmp(m->omega_name[j], nm))
                return fail_at(c, CNSIM_E_ARG, path, "given twice; expected one variance per parameter");
        if ((st = check_range(c, path, m->omega[i], 0, 100, 0, "")) != CNSIM_OK)
            return st;
    }
    if (m->n_sigma < 0 || m->n_sigma > 2)
        return fail_at(c, CNSIM_E_RANGE, "sigma", "n_sigma = %d; expected 0 to 2", m->n_sigma);
    for (int i = 0; i < m->n_sigma; i++) {
        const char *nm = m->sigma_name[i];
        if (strnlen(nm, CNSIM_PK_MODEL_KEY_MAX) == CNSIM_PK_MODEL_KEY_MAX)
            return fail_at(c, CNSIM_E_ARG, "sigma", "name %d does not end within %d bytes", i, CNSIM_PK_MODEL_KEY_MAX);
        int is_prop = !strcmp(nm, "prop");
        if (!is_prop && strcmp(nm, "add"))
            return unknown_key(c, "sigma", nm, sigma_keys, N_OF(sigma_keys), sigma_alias, N_OF(sigma_alias));
        snprintf(path, sizeof path, "sigma.%s", nm);
        if (i == 1 && !strcmp(m->sigma_name[0], nm))
            return fail_at(c, CNSIM_E_ARG, path, "given twice; expected one variance of each kind");
        if ((st = check_range(c, path, m->sigma[i], 0, is_prop ? 10 : 1e6, 0, is_prop ? "" : "(ng/mL)^2")) !=
            CNSIM_OK)
            return st;
    }
    if (m->n_sources < 0 || m->n_sources > CNSIM_PK_MODEL_MAX_SOURCES)
        return fail_at(c, CNSIM_E_RANGE, "sources", "%d sources; expected at most %d", m->n_sources,
                       CNSIM_PK_MODEL_MAX_SOURCES);
    for (int i = 0; i < m->n_sources; i++) {
        const char *s = m->sources[i];
        snprintf(path, sizeof path, "sources[%d]", i);
        size_t n = strnlen(s, CNSIM_PK_MODEL_SOURCE_MAX);
        if (n == CNSIM_PK_MODEL_SOURCE_MAX)
            return fail_at(c, CNSIM_E_RANGE, path, "longer than %d characters", CNSIM_PK_MODEL_SOURCE_MAX - 1);
        if (n == 0)
            return fail_at(c, CNSIM_E_ARG, path, "\"\"; expected a citation");
        if (!utf8_valid(s))
            return fail_at(c, CNSIM_E_ARG, path, "\"%.40s...\" is not valid UTF-8; expected UTF-8 text", s);
    }

    /* Everything above is what the file can say wrong, in its own words;
     * the engine's own check is the last word on what it can run. */
    if ((st = cnsim_pk_params_check(p)) != CNSIM_OK) {
        char msg[512];
        cnsim__strlcpy(msg, cnsim_last_error(), sizeof msg);
        return cnsim__fail(st, "%s: %s", c->src, msg);
    }
    return CNSIM_OK;
}

/* ---- reading --------------------------------------------------------- */

static int one_of(const char *key, const char *const *keys, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(key, keys[i]))
            return 1;
    return 0;
}

static cnsim_status get_number(const ctx *c, const char *path, const json_t *v, const char *expected,
                               double *out)
{
    if (!json_is_number(v))
        return wrong_type(c, path, expected, v);
    *out = json_number_value(v);
    if (!isfinite(*out)) /* jansson refuses these; a second fence */
        return fail_at(c, CNSIM_E_RANGE, path, "%g; expected a finite number", *out);
    return CNSIM_OK;
}

/* A non-empty string without NUL bytes, shorter than max_len. */
static cnsim_status get_string(const ctx *c, const char *path, const json_t *v, size_t max_len,
                               const char *expected, const char **out)
{
    if (!json_is_string(v))
        return wrong_type(c, path, expected, v);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) != n)
        return fail_at(c, CNSIM_E_ARG, path, "the string contains a NUL character; expected %s", expected);
    if (n == 0)
        return fail_at(c, CNSIM_E_ARG, path, "\"\"; expected %s", expected);
    if (n >= max_len)
        return fail_at(c, CNSIM_E_RANGE, path, "\"%.40s...\" is %zu characters long; expected at most %zu", s, n,
                       max_len - 1);
    *out = s;
    return CNSIM_OK;
}

static cnsim_status get_name(const ctx *c, const char *path, const json_t *v, char *dst)
{
    const char *s;
    cnsim_status st = get_string(c, path, v, CNSIM_NAME_MAX, "a name of letters, digits, '-' and '_'", &s);
    if (st != CNSIM_OK)
        return st;
    cnsim__strlcpy(dst, s, CNSIM_NAME_MAX);
    return check_name(c, path, dst, CNSIM_NAME_MAX);
}

static cnsim_status missing(const ctx *c, const char *path, const char *key, const char *expected)
{
    return fail_at(c, CNSIM_E_ARG, path, "no '%s'; expected %s", key, expected);
}

static cnsim_status read_params(const ctx *c, const json_t *obj, cnsim_pk_params *p)
{
    if (!json_is_object(obj))
        return wrong_type(c, "parameters", "an object such as {\"CL\": 4.2, \"V\": 98.6, \"KA\": 1.7}", obj);
    const char *key;
    json_t *v;
    char path[96], b[48];
    cnsim_status st;
    json_object_foreach((json_t *)obj, key, v) {
        snprintf(path, sizeof path, "parameters.%.60s", key);
        int i = param_index(key);
        if (i < 0) {
            const char *keys[CNSIM_PK_MODEL_N_PARAMS];
            alias a[CNSIM_PK_MODEL_N_PARAMS];
            param_keys(keys);
            field_aliases(a);
            return unknown_key(c, "parameters", key, keys, CNSIM_PK_MODEL_N_PARAMS, a, CNSIM_PK_MODEL_N_PARAMS);
        }
        const param_def *d = &params[i];
        double x;
        snprintf(b, sizeof b, "a number (%s)", d->unit[0] ? d->unit : "a fraction");
        if ((st = get_number(c, path, v, b, &x)) != CNSIM_OK)
            return st;
        if (d->min_cmt > p->n_cmt)
            return unused_param(c, path, d, p->n_cmt, x);
        if ((st = check_param(c, path, d, x)) != CNSIM_OK)
            return st;
        if (i == I_KM) {
            double km = km_from_mg_L(x);
            if (!isfinite(km))
                return fail_at(c, CNSIM_E_RANGE, path, "%s mg/L is %g ng/mL; expected a number the ng/mL of which "
                               "is finite", num(x, b), km);
            x = km;
        }
        *field_of(p, d) = x;
    }
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++) {
        const param_def *d = &params[i];
        if (d->is_required && d->min_cmt <= p->n_cmt && !json_object_get(obj, d->key)) {
            char exp[320];
            snprintf(exp, sizeof exp, "%s, %s in %s (required%s)", d->what, d->key, d->unit,
                     i == I_KA ? " even for a drug given only into the central compartment: every dose into the "
                                 "depot is absorbed at this rate"
                     : d->min_cmt == 2 ? " with 2 or 3 compartments"
                     : d->min_cmt == 3 ? " with 3 compartments" : "");
            return missing(c, "parameters", d->key, exp);
        }
    }
    return CNSIM_OK;
}

/* One metabolite object, metabolites[i]: into the first metabolite's
 * fields (i = 0) or more[i - 1], with the precursor's name in from (i >= 1,
 * resolved by the caller once every name is known). */
static cnsim_status read_metabolite(const ctx *c, const json_t *o, size_t i, cnsim_pk_params *p,
                                    char from[CNSIM_NAME_MAX])
{
    char path[32];
    snprintf(path, sizeof path, "metabolites[%zu]", i);
    if (!json_is_object(o))
        return wrong_type(c, path, i ? "an object {\"name\", \"from\", \"fm\", \"CL\", \"V\", \"mw_g_mol\"}"
                                     : "an object {\"name\", \"fm\", \"CL\", \"V\", \"mw_g_mol\"}", o);
    cnsim_pk_metabolite *q = i ? &p->more[i - 1] : NULL;
    const char *key;
    json_t *v;
    char sub[96];
    cnsim_status st;
    json_object_foreach((json_t *)o, key, v) {
        snprintf(sub, sizeof sub, "%s.%.60s", path, key);
        if (!strcmp(key, "name"))
            st = get_name(c, sub, v, q ? q->name : p->metabolite);
        else if (!strcmp(key, "fm"))
            st = get_number(c, sub, v, "a number (a fraction)", q ? &q->fm : &p->fm);
        else if (!strcmp(key, "CL"))
            st = get_number(c, sub, v, "a number (L/h)", q ? &q->cl_L_per_h : &p->met_cl_L_per_h);
        else if (!strcmp(key, "V"))
            st = get_number(c, sub, v, "a number (L)", q ? &q->v_L : &p->met_v_L);
        else if (!strcmp(key, "mw_g_mol"))
            st = get_number(c, sub, v, "a number (g/mol)", q ? &q->mw_g_per_mol : &p->met_mw_g_per_mol);
        else if (q && !strcmp(key, "from"))
            st = get_name(c, sub, v, from);
        else
            st = unknown_key(c, path, key, met_keys, N_OF(met_keys), met_alias, N_OF(met_alias));
        if (st != CNSIM_OK)
            return st;
    }
    static const char *const what[] = {
        "the metabolite's name (letters, digits, '-' and '_')",
        "the fraction of its precursor's clearance that forms the metabolite (0..1)",
        "the metabolite's clearance CL in L/h (> 0)",
        "the metabolite's volume V in L (> 0)",
        "the metabolite's molar mass mw_g_mol in g/mol (> 0)",
    };
    for (size_t k = 0; k < N_OF(met_keys); k++)
        if (!json_object_get(o, met_keys[k]))
            return missing(c, path, met_keys[k], what[k]);
    if (q && !json_object_get(o, "from"))
        return missing(c, path, "from", "the precursor it is formed from: the drug's name or an earlier metabolite's");
    return CNSIM_OK;
}

#define MAX_MET_STR(x) #x
#define MAX_MET_TEXT_(x) MAX_MET_STR(x)
#define MAX_MET_TEXT MAX_MET_TEXT_(CNSIM_PK_MAX_METABOLITES)

/* metabolites: the first formed from the parent, then up to
 * CNSIM_PK_MAX_METABOLITES - 1 more, each from the parent or an earlier
 * one (docs/models.md section 1a). */
static cnsim_status read_metabolites(const ctx *c, const json_t *arr, cnsim_pk_params *p)
{
    if (!json_is_array(arr))
        return wrong_type(c, "metabolites", "an array of at most " MAX_MET_TEXT " metabolite objects", arr);
    size_t n = json_array_size(arr);
    if (n == 0)
        return CNSIM_OK;
    if (n > CNSIM_PK_MAX_METABOLITES)
        return fail_at(c, CNSIM_E_ARG, "metabolites", "%zu metabolites; expected at most %d (a chain or tree of "
                       "active metabolites)", n, CNSIM_PK_MAX_METABOLITES);
    char from[CNSIM_PK_MAX_METABOLITES][CNSIM_NAME_MAX];
    cnsim_status st;
    for (size_t i = 0; i < n; i++)
        if ((st = read_metabolite(c, json_array_get(arr, i), i, p, from[i])) != CNSIM_OK)
            return st;
    for (size_t i = 1; i < n; i++) {
        cnsim_pk_metabolite *q = &p->more[i - 1];
        q->from = !strcmp(from[i], p->name) ? 0 : !strcmp(from[i], p->metabolite) ? 1 : -1;
        for (size_t k = 1; q->from < 0 && k < i; k++)
            if (!strcmp(from[i], p->more[k - 1].name))
                q->from = (int)k + 1;
        if (q->from < 0) {
            char path[40];
            snprintf(path, sizeof path, "metabolites[%zu].from", i);
            return fail_at(c, CNSIM_E_ARG, path, "\"%s\"; expected the drug (\"%s\") or an earlier metabolite",
                           from[i], p->name);
        }
    }
    p->has_metabolite = 1;
    p->n_more_metabolites = (int)n - 1;
    return CNSIM_OK;
}

static cnsim_status read_omega(const ctx *c, const json_t *o, cnsim_pk_model *m)
{
    if (!json_is_object(o))
        return wrong_type(c, "omega", "an object of variances such as {\"CL\": 0.09, \"V\": 0.04}", o);
    const char *key;
    json_t *v;
    char path[96];
    cnsim_status st;
    json_object_foreach((json_t *)o, key, v) {
        snprintf(path, sizeof path, "omega.%.60s", key);
        int i = param_index(key);
        if (i < 0) {
            const char *keys[CNSIM_PK_MODEL_N_PARAMS];
            alias a[CNSIM_PK_MODEL_N_PARAMS];
            param_keys(keys);
            field_aliases(a);
            return unknown_key(c, "omega", key, keys, CNSIM_PK_MODEL_N_PARAMS, a, CNSIM_PK_MODEL_N_PARAMS);
        }
        if (params[i].min_cmt > m->pk.n_cmt)
            return fail_at(c, CNSIM_E_ARG, path, "variability on %s in a %d-compartment model; expected a "
                           "parameter the model has", key, m->pk.n_cmt);
        double x;
        if ((st = get_number(c, path, v, "a variance (a number >= 0)", &x)) != CNSIM_OK)
            return st;
        /* At most one entry per parameter: jansson refuses duplicate keys. */
        cnsim__strlcpy(m->omega_name[m->n_omega], key, CNSIM_PK_MODEL_KEY_MAX);
        m->omega[m->n_omega++] = x;
    }
    return CNSIM_OK;
}

static cnsim_status read_sigma(const ctx *c, const json_t *o, cnsim_pk_model *m)
{
    if (!json_is_object(o))
        return wrong_type(c, "sigma", "an object such as {\"prop\": 0.01, \"add\": 0.1}", o);
    const char *key;
    json_t *v;
    char path[96];
    cnsim_status st;
    json_object_foreach((json_t *)o, key, v) {
        snprintf(path, sizeof path, "sigma.%.60s", key);
        if (!one_of(key, sigma_keys, N_OF(sigma_keys)))
            return unknown_key(c, "sigma", key, sigma_keys, N_OF(sigma_keys), sigma_alias, N_OF(sigma_alias));
        double x;
        if ((st = get_number(c, path, v, "a variance (a number >= 0)", &x)) != CNSIM_OK)
            return st;
        cnsim__strlcpy(m->sigma_name[m->n_sigma], key, CNSIM_PK_MODEL_KEY_MAX);
        m->sigma[m->n_sigma++] = x;
    }
    return CNSIM_OK;
}

static cnsim_status read_sources(const ctx *c, const json_t *a, cnsim_pk_model *m)
{
    if (!json_is_array(a))
        return wrong_type(c, "sources", "an array of citations (strings)", a);
    size_t n = json_array_size(a);
    if (n > CNSIM_PK_MODEL_MAX_SOURCES)
        return fail_at(c, CNSIM_E_RANGE, "sources", "%zu sources; expected at most %d", n,
                       CNSIM_PK_MODEL_MAX_SOURCES);
    char path[32];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "sources[%zu]", i);
        const char *s;
        cnsim_status st = get_string(c, path, json_array_get(a, i), CNSIM_PK_MODEL_SOURCE_MAX, "a citation", &s);
        if (st != CNSIM_OK)
            return st;
        cnsim__strlcpy(m->sources[m->n_sources++], s, CNSIM_PK_MODEL_SOURCE_MAX);
    }
    return CNSIM_OK;
}

static cnsim_status read_top(const ctx *c, const json_t *top, cnsim_pk_model *m)
{
    if (!json_is_object(top)) {
        char buf[96];
        return fail_at(c, CNSIM_E_ARG, NULL, "expected a JSON object at the top level, got %s",
                       describe(top, buf, sizeof buf));
    }
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)top, key, v)
        if (!one_of(key, top_keys, N_OF(top_keys)))
            return unknown_key(c, NULL, key, top_keys, N_OF(top_keys), top_alias, N_OF(top_alias));

    cnsim_pk_params *p = &m->pk;
    cnsim_status st;
    char b[96];
    /* Defaults first, field by field: the struct stays zeroed between
     * fields, so two models read from the same file compare equal with
     * memcmp. */
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++)
        *field_of(p, &params[i]) = params[i].dflt;

    if (!(v = json_object_get(top, "name")))
        return missing(c, NULL, "name", "the drug's name, such as \"name\": \"mydrug\"");
    if ((st = get_name(c, "name", v, p->name)) != CNSIM_OK)
        return st;
    if (!(v = json_object_get(top, "compartments")))
        return missing(c, NULL, "compartments", "the number of disposition compartments, 1, 2 or 3");
    if (!json_is_number(v))
        return wrong_type(c, "compartments", "1, 2 or 3", v);
    double n_cmt = json_number_value(v);
    if (n_cmt != 1 && n_cmt != 2 && n_cmt != 3)
        return fail_at(c, CNSIM_E_RANGE, "compartments", "%s; expected 1, 2 or 3", num(n_cmt, b));
    p->n_cmt = (int)n_cmt;
    if (!(v = json_object_get(top, "parameters")))
        return missing(c, NULL, "parameters", "an object of NONMEM parameters such as {\"CL\": 4.2, \"V\": 98.6, "
                       "\"KA\": 1.7}");
    if ((st = read_params(c, v, p)) != CNSIM_OK)
        return st;
    if ((v = json_object_get(top, "mw_g_mol"))) {
        if ((st = get_number(c, "mw_g_mol", v, "a number (g/mol)", &p->mw_g_per_mol)) != CNSIM_OK)
            return st;
        if (!(p->mw_g_per_mol > 0))
            return fail_at(c, CNSIM_E_RANGE, "mw_g_mol", "%s g/mol; expected a number > 0", num(p->mw_g_per_mol, b));
    }
    if ((v = json_object_get(top, "fu")) &&
        (st = get_number(c, "fu", v, "a number (the unbound fraction, 0..1)", &p->fu)) != CNSIM_OK)
        return st;
    if ((v = json_object_get(top, "metabolites")) && (st = read_metabolites(c, v, p)) != CNSIM_OK)
        return st;
    if ((v = json_object_get(top, "omega")) && (st = read_omega(c, v, m)) != CNSIM_OK)
        return st;
    if ((v = json_object_get(top, "sigma")) && (st = read_sigma(c, v, m)) != CNSIM_OK)
        return st;
    if ((v = json_object_get(top, "sources")) && (st = read_sources(c, v, m)) != CNSIM_OK)
        return st;
    return check_model(c, m);
}

cnsim_status cnsim_pk_model_parse(const char *text, size_t n, const char *what, cnsim_pk_model *out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_parse: NULL output");
    memset(out, 0, sizeof *out);
    ctx c = {what && *what ? what : "model"};
    if (!text && n > 0)
        return cnsim__fail(CNSIM_E_ARG, "%s: no text", c.src);
    if (n > CNSIM_PK_MODEL_MAX_BYTES)
        return cnsim__fail(CNSIM_E_RANGE, "%s: %zu bytes; the limit for a model file is %zu MB", c.src, n,
                           CNSIM_PK_MODEL_MAX_BYTES / (1024 * 1024));
    json_error_t err;
    cnsim__json_watch();
    json_t *top = json_loadb(text ? text : "", n, JSON_REJECT_DUPLICATES, &err);
    if (cnsim__json_failed()) {
        json_decref(top);
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory reading the JSON", c.src);
    }
    if (!top)
        return cnsim__fail(CNSIM_E_PARSE, "%s line %d column %d: %s", c.src, err.line, err.column, err.text);
    cnsim_status st = read_top(&c, top, out);
    json_decref(top);
    if (st != CNSIM_OK)
        memset(out, 0, sizeof *out);
    return st;
}

cnsim_status cnsim_pk_model_read(const char *path, cnsim_pk_model *out)
{
    cnsim__clear_error();
    if (!out || !path)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_read: NULL path or output");
    memset(out, 0, sizeof *out);
    char *data;
    size_t n;
    cnsim_status st = cnsim__read_file(path, CNSIM_PK_MODEL_MAX_BYTES, "model files", &data, &n);
    if (st != CNSIM_OK)
        return st;
    st = cnsim_pk_model_parse(data, n, path, out);
    free(data);
    return st;
}

/* ---- writing --------------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t n, cap;
    int is_oom;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->is_oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->is_oom = 1;
            return;
        }
        b->p = np, b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

/* s as a JSON string (s is valid UTF-8: check_model saw to it). */
static void put_string(buf *b, const char *s)
{
    puts_(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"': puts_(b, "\\\""); break;
        case '\\': puts_(b, "\\\\"); break;
        case '\n': puts_(b, "\\n"); break;
        case '\t': puts_(b, "\\t"); break;
        case '\r': puts_(b, "\\r"); break;
        default:
            if (*p < 0x20) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(b, esc);
            } else {
                put(b, (const char *)p, 1);
            }
        }
    }
    puts_(b, "\"");
}

/* `"key": value` at an indent, with a comma before it unless it is the
 * first of its object (*first). */
static void put_key(buf *b, int indent, const char *key, int *first)
{
    puts_(b, *first ? "\n" : ",\n");
    *first = 0;
    for (int i = 0; i < indent; i++)
        puts_(b, " ");
    put_string(b, key);
    puts_(b, ": ");
}

static void put_num(buf *b, double v);

/* "key": {"name": value, ...} at the top level (OMEGA, SIGMA); nothing
 * when n is 0. */
static void put_variances(buf *b, const char *key, const char (*name)[CNSIM_PK_MODEL_KEY_MAX], const double *v,
                          int n, int *first)
{
    if (n <= 0)
        return;
    put_key(b, 2, key, first);
    puts_(b, "{");
    int sub = 1;
    for (int i = 0; i < n; i++) {
        put_key(b, 4, name[i], &sub);
        put_num(b, v[i]);
    }
    puts_(b, "\n  }");
}

static void put_num(buf *b, double v)
{
    char t[48];
    json_number(v, t);
    puts_(b, t);
}

cnsim_status cnsim_pk_model_write_json(const cnsim_pk_model *m, char **text_out)
{
    cnsim__clear_error();
    if (!text_out)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_write_json: NULL output");
    *text_out = NULL;
    if (!m)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_pk_model_write_json: NULL model");
    char src[CNSIM_NAME_MAX + 16];
    snprintf(src, sizeof src, "model '%.*s'", CNSIM_NAME_MAX - 1, m->pk.name);
    ctx c = {src};
    cnsim_status st = check_model(&c, m);
    if (st != CNSIM_OK)
        return st;

    const cnsim_pk_params *p = &m->pk;
    buf b = {0};
    int first = 1, sub;
    char t[16];
    puts_(&b, "{");
    put_key(&b, 2, "name", &first);
    put_string(&b, p->name);
    put_key(&b, 2, "compartments", &first);
    snprintf(t, sizeof t, "%d", p->n_cmt);
    puts_(&b, t);
    put_key(&b, 2, "parameters", &first);
    puts_(&b, "{");
    sub = 1;
    for (int i = 0; i < CNSIM_PK_MODEL_N_PARAMS; i++) {
        const param_def *d = &params[i];
        double v = value_of(p, d);
        /* F1 is written even at 1, as the one a reader looks for. */
        if (d->min_cmt > p->n_cmt || (!d->is_required && strcmp(d->key, "F1") && same_bits(v, d->dflt)))
            continue;
        put_key(&b, 4, d->key, &sub);
        put_num(&b, i == I_KM ? km_to_mg_L(v) : v);
    }
    puts_(&b, "\n  }");
    if (!same_bits(p->mw_g_per_mol, 0)) {
        put_key(&b, 2, "mw_g_mol", &first);
        put_num(&b, p->mw_g_per_mol);
    }
    if (!same_bits(p->fu, 0)) {
        put_key(&b, 2, "fu", &first);
        put_num(&b, p->fu);
    }
    if (p->has_metabolite) {
        put_key(&b, 2, "metabolites", &first);
        puts_(&b, "[\n    {");
        sub = 1;
        put_key(&b, 6, "name", &sub);
        put_string(&b, p->metabolite);
        put_key(&b, 6, "fm", &sub);
        put_num(&b, p->fm);
        put_key(&b, 6, "CL", &sub);
        put_num(&b, p->met_cl_L_per_h);
        put_key(&b, 6, "V", &sub);
        put_num(&b, p->met_v_L);
        put_key(&b, 6, "mw_g_mol", &sub);
        put_num(&b, p->met_mw_g_per_mol);
        for (int i = 0; i < p->n_more_metabolites; i++) {
            const cnsim_pk_metabolite *q = &p->more[i];
            puts_(&b, "\n    },\n    {");
            sub = 1;
            put_key(&b, 6, "name", &sub);
            put_string(&b, q->name);
            put_key(&b, 6, "from", &sub);
            put_string(&b, q->from == 0 ? p->name : q->from == 1 ? p->metabolite : p->more[q->from - 2].name);
            put_key(&b, 6, "fm", &sub);
            put_num(&b, q->fm);
            put_key(&b, 6, "CL", &sub);
            put_num(&b, q->cl_L_per_h);
            put_key(&b, 6, "V", &sub);
            put_num(&b, q->v_L);
            put_key(&b, 6, "mw_g_mol", &sub);
            put_num(&b, q->mw_g_per_mol);
        }
        puts_(&b, "\n    }\n  ]");
    }
    put_variances(&b, "omega", m->omega_name, m->omega, m->n_omega, &first);
    put_variances(&b, "sigma", m->sigma_name, m->sigma, m->n_sigma, &first);
    if (m->n_sources > 0) {
        put_key(&b, 2, "sources", &first);
        puts_(&b, "[");
        for (int i = 0; i < m->n_sources; i++) {
            puts_(&b, i ? ",\n    " : "\n    ");
            put_string(&b, m->sources[i]);
        }
        puts_(&b, "\n  ]");
    }
    puts_(&b, "\n}\n");
    if (b.is_oom) {
        free(b.p);
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory writing the JSON", src);
    }
    *text_out = b.p;
    return CNSIM_OK;
}
