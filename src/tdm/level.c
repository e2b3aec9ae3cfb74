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
    double unit = 1;
    r = skip_blanks(q);
    if (*r) {
        char u[16];
        const char *after = word(r, u, sizeof u);
        unit = conc_unit(u);
        if (unit == 0)
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': '%s' is not a concentration unit; expected ng/mL (= ug/L), "
                               "mg/L, ug/mL or ng/L", field, text, u);
        if (*skip_blanks(after))
            return cnsim__fail(CNSIM_E_PARSE, "%s: '%s': unexpected '%s' after the concentration; " LEVEL_EXPECTED,
                               field, text, skip_blanks(after));
    }
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
