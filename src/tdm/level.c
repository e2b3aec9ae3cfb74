/* A measured level written as text (include/cnsim/tdm.h,
 * cnsim_tdm_parse_level): "[SPECIES] TIME VALUE". */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cnsim/tdm.h"
#include "cnsim/units.h"
#include "core_impl.h"

/* ng/mL in one concentration unit, 0 if it is not one. */
static double conc_unit(const char *u)
{
    static const struct { const char *name; double ng_ml; } units[] = {
        {"ng/mL", 1}, {"ug/L", 1}, {"mcg/L", 1}, {"\xc2\xb5g/L", 1}, {"mg/L", 1000}, {"ug/mL", 1000},
        {"mcg/mL", 1000}, {"\xc2\xb5g/mL", 1000}, {"ng/L", 0.001}};
    for (size_t i = 0; i < sizeof units / sizeof *units; i++)
        if (!strcasecmp(u, units[i].name))
            return units[i].ng_ml;
    return 0;
}

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* The word at p (up to a blank) into w; returns the text after it. */
static const char *word(const char *p, char *w, size_t n)
{
    size_t k = 0;
    while (*p && *p != ' ' && *p != '\t') {
        if (k + 1 < n)
            w[k++] = *p;
        p++;
    }
    w[k] = '\0';
    return p;
}

/* The optional concentration unit that ends a level or a target at p:
 * its ng/mL into *scale (1 without one). */
static cnsim_status trailing_unit(const char *field, const char *text, const char *p, double *scale)
{
    *scale = 1;
    p = skip_blanks(p);
    if (!*p)
        return CNSIM_OK;
    char u[16];
    const char *after = skip_blanks(word(p, u, sizeof u));
    *scale = conc_unit(u);
    if (*scale == 0)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a concentration unit; expected ng/mL (= ug/L), "
                           "mg/L, ug/mL or ng/L", field, text, u);
    if (*after)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': unexpected '%s' after the concentration unit", field, text, after);
    return CNSIM_OK;
}

#define LEVEL_EXPECTED "expected [SPECIES] TIME VALUE, e.g. \"167.9 h 12.3 ng/mL\" or \"300 h <0.5\""

cnsim_status cnsim_tdm_parse_level(const char *text, const char *field, char species_out[CNSIM_TDM_SPECIES_MAX],
                                   cnsim_tdm_level *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    species_out[0] = '\0';
    if (!text)
        return cnsim__fail(CNSIM_E_PARSE, "%s: no text; " LEVEL_EXPECTED, field);
    const char *p = skip_blanks(text);
    double v;
    /* an optional species first: a first word that is not a time (a
     * number, with or without a time unit right after it); species
     * names may start with a digit ("7-aminoclonazepam") */
    char w[CNSIM_TDM_SPECIES_MAX + 8];
    const char *wend = word(p, w, sizeof w), *num_end = cnsim_scan_number(w, &v);
    int is_time = num_end && (!*num_end || cnsim_time_unit_h(num_end) > 0);
    if (*p && !is_time) {
        const char *q = wend;
        if (strlen(w) >= CNSIM_TDM_SPECIES_MAX)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': the species name is longer than %d characters; " LEVEL_EXPECTED,
                               field, text, CNSIM_TDM_SPECIES_MAX - 1);
        for (const char *c = w; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != ',')
                return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is neither a species name nor a time; " LEVEL_EXPECTED,
                                   field, text, w);
        cnsim__strlcpy(species_out, w, CNSIM_TDM_SPECIES_MAX);
        p = skip_blanks(q);
    }
    /* TIME: a number and an optional time unit */
    const char *q = cnsim_scan_number(p, &v);
    if (!q)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no time; " LEVEL_EXPECTED, field, text);
    double unit_h = 1;
    const char *r = skip_blanks(q);
    if (isalpha((unsigned char)*r)) {
        char u[16];
        const char *after = word(r, u, sizeof u);
        double h = cnsim_time_unit_h(u);
        if (h > 0)
            unit_h = h, q = after;
        else
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a time unit (h, d, min, w ...); " LEVEL_EXPECTED,
                               field, text, u);
    }
    if (!isfinite(v) || v < 0 || !isfinite(v * unit_h))
        return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': time %g; expected a finite time >= 0", field, text, v);
    out->time_h = v * unit_h;
    /* VALUE: "<x", "BLQ x" or "x", with an optional unit */
    p = skip_blanks(q);
    if (*p == '<')
        out->blq = 1, p = skip_blanks(p + 1);
    else if (!strncasecmp(p, "BLQ", 3) && (p[3] == ' ' || p[3] == '\t'))
        out->blq = 1, p = skip_blanks(p + 3);
    q = cnsim_scan_number(p, &v);
    if (!q)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no concentration after the time; " LEVEL_EXPECTED, field, text);
    double unit;
    cnsim_status st = trailing_unit(field, text, q, &unit);
    if (st != CNSIM_OK)
        return st;
    double c = v * unit;
    if (!isfinite(c) || c < 0 || (out->blq && c <= 0))
        return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': concentration %g ng/mL; expected a finite value >= 0 (a limit > 0 "
                           "below quantification)", field, text, c);
    if (out->blq)
        out->lloq_ng_mL = c;
    else
        out->value_ng_mL = c;
    return CNSIM_OK;
}

#define TARGET_EXPECTED "expected \"trough [SPECIES] LO-HI [UNIT]\" (e.g. \"trough 20-70 ng/mL\") or \"occupancy LO-HI%%\" " \
                        "(e.g. \"occupancy 20-30%%\")"

cnsim_status cnsim_tdm_parse_target(const char *text, const char *field, cnsim_tdm_target *out)
{
    cnsim__clear_error();
    memset(out, 0, sizeof *out);
    if (!text)
        return cnsim__fail(CNSIM_E_PARSE, "%s: no text; " TARGET_EXPECTED, field);
    char w[CNSIM_TDM_SPECIES_MAX + 8];
    const char *p = word(skip_blanks(text), w, sizeof w);
    if (!strcasecmp(w, "trough"))
        out->kind = CNSIM_TDM_TARGET_TROUGH;
    else if (!strcasecmp(w, "occupancy"))
        out->kind = CNSIM_TDM_TARGET_OCCUPANCY;
    else
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a target kind; " TARGET_EXPECTED, field, text, w);
    p = skip_blanks(p);
    double lo, hi;
    const char *q = cnsim_scan_number(p, &lo);
    if (!q && out->kind == CNSIM_TDM_TARGET_TROUGH && *p) {
        const char *after = word(p, w, sizeof w);
        if (strlen(w) >= CNSIM_TDM_SPECIES_MAX)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': the species name is longer than %d characters; " TARGET_EXPECTED,
                               field, text, CNSIM_TDM_SPECIES_MAX - 1);
        for (const char *c = w; *c; c++)
            if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_' && *c != ',' && *c != '+')
                return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a species name; " TARGET_EXPECTED, field, text, w);
        cnsim__strlcpy(out->species, w, sizeof out->species);
        p = skip_blanks(after);
        q = cnsim_scan_number(p, &lo);
    }
    if (!q)
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no range; " TARGET_EXPECTED, field, text);
    p = skip_blanks(q);
    if (*p != '-')
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no '-' between the limits; " TARGET_EXPECTED, field, text);
    p = skip_blanks(p + 1);
    if (!(q = cnsim_scan_number(p, &hi)))
        return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no upper limit; " TARGET_EXPECTED, field, text);
    p = skip_blanks(q);
    double scale = 1;
    if (out->kind == CNSIM_TDM_TARGET_OCCUPANCY) {
        if (*p == '%')
            scale = 0.01, p = skip_blanks(p + 1);
        if (*p)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': unexpected '%s'; " TARGET_EXPECTED, field, text, p);
        lo *= scale, hi *= scale;
        if (!(lo >= 0 && hi <= 1 && lo < hi))
            return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': occupancy %g-%g; expected 0 <= LO < HI <= 1 (or 0-100%%)", field,
                               text, lo, hi);
    } else {
        cnsim_status st = trailing_unit(field, text, p, &scale);
        if (st != CNSIM_OK)
            return st;
        lo *= scale, hi *= scale;
        if (!(isfinite(lo) && isfinite(hi) && lo > 0 && lo < hi))
            return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': trough %g-%g ng/mL; expected 0 < LO < HI", field, text, lo, hi);
    }
    out->lo = lo, out->hi = hi;
    return CNSIM_OK;
}

cnsim_status cnsim_tdm_parse_error(const char *text, const char *field, double *sigma_prop, double *sigma_add_ng_mL)
{
    cnsim__clear_error();
    *sigma_prop = *sigma_add_ng_mL = NAN;
#define ERROR_EXPECTED "expected \"prop SD\" (a fraction or a percentage), \"add SD [UNIT]\" or both, e.g. " \
                       "\"prop 10%% add 0.5 ng/mL\""
    if (!text)
        return cnsim__fail(CNSIM_E_PARSE, "%s: no text; " ERROR_EXPECTED, field);
    const char *p = skip_blanks(text);
    if (!*p)
        return cnsim__fail(CNSIM_E_PARSE, "%s: empty; " ERROR_EXPECTED, field);
    while (*p) {
        char w[16];
        p = skip_blanks(word(p, w, sizeof w));
        int prop = !strcasecmp(w, "prop") || !strcasecmp(w, "proportional");
        int add = !strcasecmp(w, "add") || !strcasecmp(w, "additive");
        if (!prop && !add)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not prop or add; " ERROR_EXPECTED, field, text, w);
        double v;
        const char *q = cnsim_scan_number(p, &v);
        if (!q)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': no number after '%s'; " ERROR_EXPECTED, field, text, w);
        p = skip_blanks(q);
        if (prop && *p == '%')
            v /= 100, p = skip_blanks(p + 1);
        else if (add && *p && !isdigit((unsigned char)*p) && strncasecmp(p, "prop", 4)) {
            char u[16];
            const char *after = word(p, u, sizeof u);
            double s = conc_unit(u);
            if (s == 0)
                return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a concentration unit; " ERROR_EXPECTED, field,
                                   text, u);
            v *= s, p = skip_blanks(after);
        }
        if (!isfinite(v) || v < 0 || (prop && v > 10) || (add && v > 1e6))
            return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': %s SD %g; expected %s", field, text, w, v,
                               prop ? "0 to 10 (0.1 = 10%)" : "0 to 1e6 ng/mL");
        if ((prop && !isnan(*sigma_prop)) || (add && !isnan(*sigma_add_ng_mL)))
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': %s given twice; " ERROR_EXPECTED, field, text, w);
        if (prop)
            *sigma_prop = v;
        else
            *sigma_add_ng_mL = v;
    }
    if (!(*sigma_prop > 0) && !(*sigma_add_ng_mL > 0))
        return cnsim__fail(CNSIM_E_RANGE, "%s: '%s': no error > 0; " ERROR_EXPECTED, field, text);
    return CNSIM_OK;
#undef ERROR_EXPECTED
}
