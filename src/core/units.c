/* Quantities written as text: one vocabulary for every option, regimen
 * string and input file (include/cnsim/units.h). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/units.h"
#include "core_impl.h"

static const struct { const char *name; double h; } time_units[] = {
    {"ms", 1.0 / 3.6e6}, {"msec", 1.0 / 3.6e6}, {"millisecond", 1.0 / 3.6e6}, {"milliseconds", 1.0 / 3.6e6},
    {"s", 1.0 / 3600}, {"sec", 1.0 / 3600}, {"secs", 1.0 / 3600}, {"second", 1.0 / 3600}, {"seconds", 1.0 / 3600},
    {"min", 1.0 / 60}, {"mins", 1.0 / 60}, {"minute", 1.0 / 60}, {"minutes", 1.0 / 60},
    {"h", 1}, {"hr", 1}, {"hrs", 1}, {"hour", 1}, {"hours", 1},
    {"d", 24}, {"day", 24}, {"days", 24},
    {"w", 168}, {"wk", 168}, {"wks", 168}, {"week", 168}, {"weeks", 168},
};

double cnsim_time_unit_h(const char *unit)
{
    if (!unit)
        return 0;
    for (size_t i = 0; i < sizeof time_units / sizeof time_units[0]; i++)
        if (!strcasecmp(unit, time_units[i].name))
            return time_units[i].h;
    return 0;
}

static const struct { const char *name; double mg; } mass_units[] = {
    {"g", 1e3}, {"mg", 1}, {"ug", 1e-3}, {"mcg", 1e-3}, {"\xc2\xb5g", 1e-3}, {"\xce\xbcg", 1e-3}, {"ng", 1e-6},
};

double cnsim_mass_unit_mg(const char *unit)
{
    if (!unit)
        return 0;
    for (size_t i = 0; i < sizeof mass_units / sizeof mass_units[0]; i++)
        if (!strcasecmp(unit, mass_units[i].name))
            return mass_units[i].mg;
    return 0;
}

/* The grammar is matched here, character by character, and strtod only
 * converts what matched: strtod on its own also takes hexadecimal
 * ("0x10" is 16), hexadecimal exponents, "inf", "infinity" and "nan(...)",
 * and under another LC_NUMERIC a different decimal point. A span strtod
 * would read differently from the grammar is refused rather than trusted. */
const char *cnsim_scan_number(const char *text, double *value)
{
    if (!text)
        return NULL;
    const char *q = text;
    if (*q == '+' || *q == '-')
        q++;
    size_t n_int = 0, n_frac = 0;
    while (isdigit((unsigned char)q[n_int]))
        n_int++;
    q += n_int;
    if (*q == '.') {
        while (isdigit((unsigned char)q[1 + n_frac]))
            n_frac++;
        if (n_int + n_frac > 0)
            q += 1 + n_frac;
    }
    if (n_int + n_frac == 0)
        return NULL;
    /* "0x..": the 0 alone would be a number followed by the unit "x10";
     * no unit starts with x, so the text is a hexadecimal number. */
    if (n_int == 1 && n_frac == 0 && q[-1] == '0' && (*q == 'x' || *q == 'X'))
        return NULL;
    if (*q == 'e' || *q == 'E') {
        const char *e = q + 1;
        if (*e == '+' || *e == '-')
            e++;
        if (isdigit((unsigned char)*e)) {
            while (isdigit((unsigned char)*e))
                e++;
            q = e;
        }
    }
    char *end;
    double v = strtod(text, &end);
    if (end != q)
        return NULL;
    *value = v;
    return q;
}

/* NUMBER then optional blanks then the rest: the number's value and where
 * the unit starts (trailing blanks trimmed into unit[]). NULL if the text
 * does not start with a number. */
static const char *split(const char *text, double *v, char *unit, size_t n_unit)
{
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    const char *end = cnsim_scan_number(p, v);
    if (!end)
        return NULL;
    while (isspace((unsigned char)*end))
        end++;
    size_t k = strlen(end);
    while (k > 0 && isspace((unsigned char)end[k - 1]))
        k--;
    if (k >= n_unit)
        k = n_unit - 1;
    memcpy(unit, end, k);
    unit[k] = '\0';
    return end;
}

static const char *show(const char *text) { return text ? text : ""; }

cnsim_status cnsim_parse_duration_unit_h(const char *text, const char *field,
                                         const char *bare_unit, double *out_h)
{
    cnsim__clear_error();
    char unit[32];
    double v;
    if (!text || !*text)
        return cnsim__fail(CNSIM_E_PARSE, "%s: empty duration; expected a number with a unit, e.g. 42d, 12h, 3 wks or 30min",
                           field);
    if (!split(text, &v, unit, sizeof unit))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a duration; expected a number with a unit, e.g. 42d, 12h, 3 wks or 30min",
                           field, text);
    double scale = unit[0] ? cnsim_time_unit_h(unit) : (bare_unit ? cnsim_time_unit_h(bare_unit) : 0);
    if (!(scale > 0)) {
        if (!unit[0])
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' has no unit; expected ms, s, min, h, d or w (e.g. %s d)",
                               field, text, text);
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown time unit '%s' in '%s'; expected ms, s, min, h, d or w (long forms and wk, wks too)",
                           field, unit, text);
    }
    if (!isfinite(v) || !isfinite(v * scale))
        return cnsim__fail(CNSIM_E_RANGE, "%s: duration '%s' is not finite; expected a finite value", field, text);
    if (v < 0)
        return cnsim__fail(CNSIM_E_RANGE, "%s: duration '%s' is negative; expected a value >= 0", field, text);
    *out_h = v * scale;
    return CNSIM_OK;
}

cnsim_status cnsim_parse_duration_h(const char *text, const char *field, double *out_h)
{
    return cnsim_parse_duration_unit_h(text, field, NULL, out_h);
}

cnsim_status cnsim_parse_amount_mg(const char *text, const char *field, double *out_mg)
{
    cnsim__clear_error();
    char unit[32];
    double v;
    if (!text || !split(text, &v, unit, sizeof unit))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not an amount; expected a number with a unit, e.g. 0.5 mg",
                           field, show(text));
    double scale = cnsim_mass_unit_mg(unit);
    if (!(scale > 0)) {
        if (!unit[0])
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' needs a unit; expected g, mg, ug, mcg or ng", field, text);
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown dose unit '%s' in '%s'; expected g, mg, ug, mcg or ng",
                           field, unit, text);
    }
    double mg = v * scale;
    if (!isfinite(mg))
        return cnsim__fail(CNSIM_E_RANGE, "%s: amount '%s' is not finite; expected a dose > 0", field, text);
    if (mg < 0)
        return cnsim__fail(CNSIM_E_RANGE, "%s: amount '%s' is negative; expected a dose > 0", field, text);
    if (mg == 0)
        return cnsim__fail(CNSIM_E_RANGE, "%s: amount '%s' is zero; expected a dose > 0", field, text);
    *out_mg = mg;
    return CNSIM_OK;
}

cnsim_status cnsim_parse_clock_h(const char *text, const char *field, double *out_h)
{
    cnsim__clear_error();
    /* Digits only (sscanf's %d would take blanks and signs): H:MM or HH:MM. */
    const char *p = text;
    int hh = -1, mm = -1;
    if (p && isdigit((unsigned char)p[0])) {
        hh = *p++ - '0';
        if (isdigit((unsigned char)*p))
            hh = 10 * hh + (*p++ - '0');
        if (p[0] == ':' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) && !p[3])
            mm = 10 * (p[1] - '0') + (p[2] - '0');
    }
    if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a clock time; expected HH:MM between 00:00 and 23:59",
                           field, show(text));
    *out_h = hh + mm / 60.0;
    return CNSIM_OK;
}

cnsim_status cnsim_parse_clock_list(const char *text, const char *field, double *hours_out,
                                    int max, int *n_out)
{
    cnsim__clear_error();
    static const char expect[] = "expected clock times HH:MM separated by commas, e.g. 08:00,20:00";
    if (!hours_out || !n_out || max < 1)
        return cnsim__fail(CNSIM_E_ARG, "%s: no room for the clock times", field);
    const char *p = text ? text : "";
    while (isspace((unsigned char)*p))
        p++;
    if (!*p)
        return cnsim__fail(CNSIM_E_PARSE, "%s: empty; %s", field, expect);
    int n = 0;
    for (;;) {
        while (isspace((unsigned char)*p))
            p++;
        size_t k = strcspn(p, ",");
        size_t len = k;
        while (len > 0 && isspace((unsigned char)p[len - 1]))
            len--;
        if (len == 0)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' has an empty item; %s", field, text, expect);
        /* The longest clock time is "23:59": anything longer is not one,
         * and is quoted whole rather than cut. */
        char item[8];
        double v = NAN;
        if (len >= sizeof item)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%.*s' in '%s' is not a clock time; expected HH:MM between 00:00 and 23:59",
                               field, (int)len, p, text);
        memcpy(item, p, len);
        item[len] = '\0';
        if (cnsim_parse_clock_h(item, field, &v) != CNSIM_OK) {
            if (!strcmp(item, text))   /* the whole list is this one item */
                return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a clock time; expected HH:MM between 00:00 and 23:59",
                                   field, text);
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' in '%s' is not a clock time; expected HH:MM between 00:00 and 23:59",
                               field, item, text);
        }
        for (int i = 0; i < n; i++)
            if (hours_out[i] == v)
                return cnsim__fail(CNSIM_E_PARSE, "%s: %s is given twice in '%s'; expected each clock time once", field,
                                   item, text);
        if (n == max) {
            int total = 1;
            for (const char *c = text; *c; c++)
                total += *c == ',';
            return cnsim__fail(CNSIM_E_RANGE, "%s: '%s' has %d clock times; expected at most %d", field, text, total,
                               max);
        }
        hours_out[n++] = v;
        p += k;
        if (!*p)
            break;
        p++; /* the comma */
    }
    *n_out = n;
    return CNSIM_OK;
}

int cnsim_frequency_interval_h(const char *word, double *tau_h)
{
    static const struct { const char *word; double tau; } fixed[] = {
        {"once", 0}, {"single", 0}, {"qd", 24}, {"od", 24}, {"daily", 24}, {"qhs", 24},
        {"nightly", 24}, {"bid", 12}, {"tid", 8}, {"qid", 6},
    };
    if (!word)
        return 0;
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (!strcasecmp(word, fixed[i].word)) {
            *tau_h = fixed[i].tau;
            return 1;
        }
    /* q<N><unit>: q12h, q8h, q1d, q0.5h */
    if ((word[0] == 'q' || word[0] == 'Q') && (isdigit((unsigned char)word[1]) || word[1] == '.')) {
        double v = 0;
        const char *end = cnsim_scan_number(word + 1, &v);
        double scale = end ? cnsim_time_unit_h(end) : 0;
        if (scale > 0 && v > 0 && isfinite(v) && isfinite(v * scale)) {
            *tau_h = v * scale;
            return 1;
        }
    }
    return 0;
}

/* A blank-separated word of text: where it starts and its length. */
static const char *word_at(const char *p, size_t *len)
{
    while (isspace((unsigned char)*p))
        p++;
    size_t k = 0;
    while (p[k] && !isspace((unsigned char)p[k]))
        k++;
    *len = k;
    return p;
}

cnsim_status cnsim_parse_dose_per_day(const char *text, const char *field,
                                      double *mg_per_administration, int *n_per_day)
{
    cnsim__clear_error();
    static const char expect[] = "expected one steady dose, AMOUNT UNIT [qd|daily|bid|tid|qid], e.g. \"1 mg bid\" or 0.5mg-bid";
    if (!text)
        return cnsim__fail(CNSIM_E_PARSE, "%s: no dose; %s", field, expect);
    /* AMOUNT, blanks, UNIT, then a frequency after a blank or a '-', then
     * nothing: every word is accounted for, so "1 mg bid garbage" and a
     * regimen of several segments ("... for 28 d then 0.5 mg bid") are
     * refused rather than cut at the first word that fits. */
    const char *p = text;
    while (isspace((unsigned char)*p))
        p++;
    double v = NAN;
    const char *q = cnsim_scan_number(p, &v);
    if (!q)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' does not start with an amount; %s", field, text, expect);
    while (isspace((unsigned char)*q))
        q++;
    size_t k = 0;
    while (q[k] && !isspace((unsigned char)q[k]) && q[k] != '-')
        k++;
    char unit[16];
    if (k == 0 || k >= sizeof unit)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' has no dose unit; %s", field, text, expect);
    memcpy(unit, q, k);
    unit[k] = '\0';
    if (!(cnsim_mass_unit_mg(unit) > 0))
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown dose unit '%s' in '%s'; expected g, mg, ug, mcg or ng", field,
                           unit, text);
    const char *r = q + k;
    int n = 1;
    size_t wl;
    const char *w = word_at(*r == '-' ? r + 1 : r, &wl);
    if (*r == '-' && (wl == 0 || w != r + 1))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' has no frequency after '-'; %s", field, text, expect);
    if (wl > 0) {
        static const struct { const char *w; int n; } f[] = {
            {"qd", 1}, {"od", 1}, {"daily", 1}, {"bid", 2}, {"tid", 3}, {"qid", 4}};
        int found = -1;
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            if (strlen(f[i].w) == wl && !strncasecmp(w, f[i].w, wl))
                found = (int)i;
        if (found >= 0) {
            n = f[found].n;
            r = w + wl;
            w = word_at(r, &wl);
        } else if (*r == '-') {
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%.*s' in '%s' is not a frequency; expected qd, daily, bid, tid or qid",
                               field, (int)wl, w, text);
        }
    }
    if (wl > 0) {
        /* Another segment is a regimen, not a dose: say so by name. */
        int is_regimen = 0;
        for (const char *t = w; *t; ) {
            size_t tl;
            const char *u = word_at(t, &tl);
            if ((tl == 4 && !strncasecmp(u, "then", 4)) || (tl == 3 && !strncasecmp(u, "for", 3)) ||
                (tl == 5 && !strncasecmp(u, "every", 5)))
                is_regimen = 1;
            t = u + tl;
            if (!tl)
                break;
        }
        if (is_regimen)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is a regimen with a duration or several segments; %s", field,
                               text, expect);
        return cnsim__fail(CNSIM_E_PARSE, "%s: unexpected '%s' after the dose in '%s'; %s", field, w, text, expect);
    }
    double mg = v * cnsim_mass_unit_mg(unit);
    if (!isfinite(mg))
        return cnsim__fail(CNSIM_E_RANGE, "%s: amount in '%s' is not finite; expected a dose > 0", field, text);
    if (!(mg > 0))
        return cnsim__fail(CNSIM_E_RANGE, "%s: amount in '%s' is not positive; expected a dose > 0", field, text);
    *mg_per_administration = mg;
    *n_per_day = n;
    return CNSIM_OK;
}

cnsim_status cnsim_parse_number(const char *text, const char *field, double lo,
                                double hi, double *out)
{
    cnsim__clear_error();
    double v = NAN;
    const char *end = cnsim_scan_number(text, &v);
    if (!end || *end || !isfinite(v))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a number; expected a number from %g to %g",
                           field, show(text), lo, hi);
    if (v < lo || v > hi)
        return cnsim__fail(CNSIM_E_RANGE, "%s: %s is out of range; expected a number from %g to %g",
                           field, text, lo, hi);
    *out = v;
    return CNSIM_OK;
}

cnsim_status cnsim_parse_whole(const char *text, const char *field, unsigned long long lo,
                               unsigned long long hi, unsigned long long *out)
{
    cnsim__clear_error();
    int digits = text && *text;
    for (const char *p = text; digits && *p; p++)
        digits = isdigit((unsigned char)*p);
    errno = 0;
    char *end = NULL;
    unsigned long long v = digits ? strtoull(text, &end, 10) : 0;
    if (!digits)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s' is not a whole number; expected %llu to %llu", field, show(text),
                           lo, hi);
    if (errno == ERANGE || v < lo || v > hi)
        return cnsim__fail(CNSIM_E_RANGE, "%s: %s is out of range; expected a whole number from %llu to %llu",
                           field, text, lo, hi);
    *out = v;
    return CNSIM_OK;
}
