/* The trial file (JSON, docs/trial.md "Trial file"): every key is known,
 * every error names the field, the value and what was expected. Drugs are
 * only parsed here (DRUG:AMOUNT[-freq], amounts and durations in the
 * vocabulary of cnsim/units.h); their targets are checked against the
 * registry by cnsim_trial_run. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/trial.h"
#include "cnsim/units.h"
#include "core_impl.h"

/* Short text of a JSON value for messages. */
static const char *show(const json_t *v, char *buf, size_t cap)
{
    char *s = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    snprintf(buf, cap, "%s", s ? s : "null");
    if (strlen(buf) > 60)
        strcpy(buf + 57, "...");
    free(s);
    return buf;
}

#define BAD(st, field, v, expected)                                                              \
    do {                                                                                         \
        char b_[96];                                                                             \
        return cnsim__fail((st), "trial file: %s: %s; expected %s", (field), show((v), b_, sizeof b_), \
                           (expected));                                                          \
    } while (0)

static cnsim_status get_string(const json_t *v, const char *field, char *out, size_t cap)
{
    if (!json_is_string(v) || !*json_string_value(v))
        BAD(CNSIM_E_PARSE, field, v, "a non-empty string");
    if (strlen(json_string_value(v)) >= cap)
        BAD(CNSIM_E_RANGE, field, v, "a shorter string");
    strcpy(out, json_string_value(v));
    return CNSIM_OK;
}

/* A whole number in [lo, hi]. */
static cnsim_status get_int(const json_t *v, const char *field, double lo, double hi, double *out)
{
    char expected[96];
    snprintf(expected, sizeof expected, "a whole number %.0f..%.0f", lo, hi);
    if (!json_is_number(v))
        BAD(CNSIM_E_PARSE, field, v, expected);
    double x = json_number_value(v);
    if (!isfinite(x) || x != floor(x) || x < lo || x > hi)
        BAD(CNSIM_E_RANGE, field, v, expected);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status get_num(const json_t *v, const char *field, double lo, double hi, int lo_open,
                            int hi_open, const char *expected, double *out)
{
    if (!json_is_number(v))
        BAD(CNSIM_E_PARSE, field, v, expected);
    double x = json_number_value(v);
    if (!isfinite(x) || (lo_open ? x <= lo : x < lo) || (hi_open ? x >= hi : x > hi))
        BAD(CNSIM_E_RANGE, field, v, expected);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status unknown_key(const char *where, const char *key, const char *known)
{
    return cnsim__fail(CNSIM_E_PARSE, "trial file: %s: unknown key '%s'; expected one of %s", where, key, known);
}

/* DRUG:DOSE with DOSE read by cnsim_parse_dose_per_day (cnsim/units.h):
 * an amount in any mass unit and an optional -qd, -bid, ... or " bid"
 * ("clonazepam:0.5mg-bid", "clonazepam:500 ug bid"). */
static cnsim_status dose(const json_t *v, const char *field, char name[CNSIM_NAME_MAX], double *mg,
                         int *n_per_day)
{
    char spec[256];
    cnsim_status st = get_string(v, field, spec, sizeof spec);
    if (st != CNSIM_OK)
        return st;
    const char *colon = strchr(spec, ':');
    if (!colon || colon == spec || (size_t)(colon - spec) >= CNSIM_NAME_MAX)
        BAD(CNSIM_E_PARSE, field, v, "DRUG:AMOUNT[-qd|bid|tid|qid], e.g. \"clonazepam:0.5mg-bid\"");
    memcpy(name, spec, (size_t)(colon - spec));
    name[colon - spec] = 0;
    char where[160];
    snprintf(where, sizeof where, "trial file: %s", field);
    return cnsim_parse_dose_per_day(colon + 1, where, mg, n_per_day);
}

/* A number of weeks in [lo, hi] (lo excluded if lo_open; whole if asked),
 * written as a number of weeks or as a duration string in the shared
 * vocabulary ("3 wks", "21 d"). */
static cnsim_status get_weeks(const json_t *v, const char *field, double lo, double hi, int lo_open, int whole,
                              double *out)
{
    char expected[128];
    snprintf(expected, sizeof expected, "%s weeks in %s%g, %g] (a number, or a duration such as \"%g wks\")",
             whole ? "whole" : "a number of", lo_open ? "(" : "[", lo, hi, hi);
    double x;
    if (json_is_string(v)) {
        char where[160];
        snprintf(where, sizeof where, "trial file: %s", field);
        double h;
        cnsim_status st = cnsim_parse_duration_h(json_string_value(v), where, &h);
        if (st != CNSIM_OK)
            return st;
        x = h / 168;
    } else if (json_is_number(v))
        x = json_number_value(v);
    else
        BAD(CNSIM_E_PARSE, field, v, expected);
    if (!isfinite(x) || (lo_open ? x <= lo : x < lo) || x > hi || (whole && x != floor(x)))
        BAD(CNSIM_E_RANGE, field, v, expected);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status parse_arm(const json_t *o, size_t i, cnsim_trial_arm *a)
{
    char field[64];
    snprintf(field, sizeof field, "arms[%zu]", i);
    if (!json_is_object(o))
        BAD(CNSIM_E_PARSE, field, o, "an object {\"name\", \"ssri\", \"bzd\", \"bzd_weeks\", \"taper_weeks\"}");
    memset(a, 0, sizeof *a);
    const char *key;
    json_t *v;
    int has_bzd_weeks = 0, has_taper = 0, has_name = 0;
    cnsim_status st = CNSIM_OK;
    json_object_foreach((json_t *)o, key, v) {
        char f[128];
        snprintf(f, sizeof f, "%s.%s", field, key);
        double x;
        if (!strcmp(key, "name"))
            st = get_string(v, f, a->name, sizeof a->name), has_name = 1;
        else if (!strcmp(key, "ssri")) {
            int n_day;
            if ((st = dose(v, f, a->ssri, &a->ssri_mg, &n_day)) == CNSIM_OK && n_day != 1)
                BAD(CNSIM_E_PARSE, f, v, "an SSRI given once daily (drop the frequency or use -qd)");
        } else if (!strcmp(key, "bzd"))
            st = dose(v, f, a->bzd, &a->bzd_mg, &a->bzd_n_per_day);
        else if (!strcmp(key, "bzd_weeks")) {
            if ((st = get_weeks(v, f, 0, 26, 1, 0, &a->bzd_weeks)) == CNSIM_OK)
                has_bzd_weeks = 1;
        } else if (!strcmp(key, "taper_weeks")) {
            if ((st = get_weeks(v, f, 0, 12, 0, 1, &x)) == CNSIM_OK)
                a->taper_weeks = (int)x, has_taper = 1;
        } else
            st = unknown_key(field, key, "name, ssri, bzd, bzd_weeks, taper_weeks");
        if (st != CNSIM_OK)
            return st;
    }
    if (!has_name)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s: no \"name\"; every arm needs one", field);
    if (a->bzd[0] && !has_bzd_weeks)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s (\"%s\"): \"bzd\" needs \"bzd_weeks\" (weeks at full dose)",
                           field, a->name);
    if (!a->bzd[0] && (has_bzd_weeks || has_taper))
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s (\"%s\"): \"bzd_weeks\"/\"taper_weeks\" without \"bzd\"",
                           field, a->name);
    return CNSIM_OK;
}

static cnsim_status find_arm(const cnsim_trial_design *d, const json_t *v, const char *field, size_t *out)
{
    char b[96];
    if (!json_is_string(v))
        BAD(CNSIM_E_PARSE, field, v, "an arm name (a string)");
    for (size_t k = 0; k < d->n_arms; k++)
        if (!strcmp(d->arms[k].name, json_string_value(v))) {
            *out = k;
            return CNSIM_OK;
        }
    char names[CNSIM_TRIAL_MAX_ARMS * (CNSIM_TRIAL_NAME_MAX + 4)] = "";
    for (size_t k = 0; k < d->n_arms; k++) {
        strcat(names, k ? ", \"" : "\"");
        strcat(names, d->arms[k].name);
        strcat(names, "\"");
    }
    return cnsim__fail(CNSIM_E_PARSE, "trial file: %s: unknown arm %s; expected one of %s", field,
                       show(v, b, sizeof b), names);
}

static cnsim_status parse_endpoint(const cnsim_trial_design *d, const json_t *o, size_t i,
                                   cnsim_trial_endpoint *e)
{
    char field[64];
    snprintf(field, sizeof field, "endpoints[%zu]", i);
    if (!json_is_object(o))
        BAD(CNSIM_E_PARSE, field, o, "an object {\"name\", \"type\", \"scale\", \"weeks\", \"compare\"}");
    memset(e, 0, sizeof *e);
    e->rise_points = 4, e->sedation_threshold = 0.5;
    int has[6] = {0};   /* name, type, scale, weeks, compare, rise/sedation */
    const char *key;
    json_t *v;
    cnsim_status st = CNSIM_OK;
    /* type first: scale and the thresholds depend on it */
    json_t *t = json_object_get(o, "type");
    if (!t)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s: no \"type\"; expected response, remission, "
                           "withdrawal_event or adverse_event", field);
    static const char *types[] = {"response", "remission", "withdrawal_event", "adverse_event"};
    int k_type = -1;
    for (int k = 0; k < 4; k++)
        if (json_is_string(t) && !strcmp(json_string_value(t), types[k]))
            k_type = k;
    char ft[96];
    snprintf(ft, sizeof ft, "%s.type", field);
    if (k_type < 0)
        BAD(CNSIM_E_PARSE, ft, t, "\"response\", \"remission\", \"withdrawal_event\" or \"adverse_event\"");
    e->type = (cnsim_trial_endpoint_type)k_type;
    e->scale = e->type == CNSIM_TRIAL_WITHDRAWAL_EVENT || d->indication == CNSIM_TRIAL_PANIC ? CNSIM_TRIAL_HAMA
                                                                                           : CNSIM_TRIAL_HAMD;
    json_object_foreach((json_t *)o, key, v) {
        char f[128];
        snprintf(f, sizeof f, "%s.%s", field, key);
        double x;
        if (!strcmp(key, "type"))
            continue;
        if (!strcmp(key, "name"))
            st = get_string(v, f, e->name, sizeof e->name), has[0] = 1;
        else if (!strcmp(key, "scale")) {
            if (e->type == CNSIM_TRIAL_ADVERSE_EVENT)
                BAD(CNSIM_E_PARSE, f, v, "no scale for an adverse_event (the sedation index is used)");
            if (json_is_string(v) && !strcmp(json_string_value(v), "HAM-D"))
                e->scale = CNSIM_TRIAL_HAMD;
            else if (json_is_string(v) && !strcmp(json_string_value(v), "HAM-A"))
                e->scale = CNSIM_TRIAL_HAMA;
            else
                BAD(CNSIM_E_PARSE, f, v, "\"HAM-D\" or \"HAM-A\"");
        } else if (!strcmp(key, "weeks")) {
            if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > CNSIM_TRIAL_MAX_WEEKS)
                BAD(CNSIM_E_PARSE, f, v, "an array of 1-52 weeks, e.g. [1, 2, 4, 8]");
            for (size_t k = 0; k < json_array_size(v) && st == CNSIM_OK; k++) {
                char fk[160], exp[96];
                snprintf(fk, sizeof fk, "%s[%zu]", f, k);
                if ((st = get_int(json_array_get(v, k), fk, 1, d->weeks, &x)) != CNSIM_OK)
                    break;
                if (k > 0 && x <= e->weeks[k - 1]) {
                    snprintf(exp, sizeof exp, "a week after %d (ascending, no repeats)", e->weeks[k - 1]);
                    BAD(CNSIM_E_RANGE, fk, json_array_get(v, k), exp);
                }
                e->weeks[e->n_weeks++] = (int)x;
            }
            has[3] = 1;
        } else if (!strcmp(key, "compare")) {
            if (!json_is_array(v) || json_array_size(v) != 2)
                BAD(CNSIM_E_PARSE, f, v, "two arm names [\"arm A\", \"arm B\"] (risk ratio A / B)");
            for (size_t k = 0; k < 2 && st == CNSIM_OK; k++) {
                char fk[160];
                snprintf(fk, sizeof fk, "%s[%zu]", f, k);
                st = find_arm(d, json_array_get(v, k), fk, &e->compare[k]);
            }
            if (st == CNSIM_OK && e->compare[0] == e->compare[1])
                BAD(CNSIM_E_PARSE, f, v, "two different arms");
            has[4] = 1;
        } else if (!strcmp(key, "rise_points")) {
            if (e->type != CNSIM_TRIAL_WITHDRAWAL_EVENT)
                BAD(CNSIM_E_PARSE, f, v, "rise_points only on a withdrawal_event");
            st = get_num(v, f, 0, 50, 1, 0, "a number of points in (0, 50]", &e->rise_points);
        } else if (!strcmp(key, "sedation_threshold")) {
            if (e->type != CNSIM_TRIAL_ADVERSE_EVENT)
                BAD(CNSIM_E_PARSE, f, v, "sedation_threshold only on an adverse_event");
            st = get_num(v, f, 0, 1, 1, 0, "a sedation index in (0, 1]", &e->sedation_threshold);
        } else
            st = unknown_key(field, key, "name, type, scale, weeks, compare, rise_points, sedation_threshold");
        if (st != CNSIM_OK)
            return st;
    }
    if (!has[0] || !has[3] || !has[4])
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s: missing \"%s\"", field,
                           !has[0] ? "name" : !has[3] ? "weeks" : "compare");
    if (e->type == CNSIM_TRIAL_WITHDRAWAL_EVENT && !d->arms[e->compare[0]].bzd[0] &&
        !d->arms[e->compare[1]].bzd[0])
        return cnsim__fail(CNSIM_E_PARSE, "trial file: %s (\"%s\"): a withdrawal_event needs a compared arm with "
                           "a benzodiazepine (\"bzd\")", field, e->name);
    return CNSIM_OK;
}

static cnsim_status parse_root(const json_t *root, cnsim_trial_design *d)
{
    if (!json_is_object(root))
        return cnsim__fail(CNSIM_E_PARSE, "trial file: the top level must be an object");
    static const char *known =
        "name, indication, source, note, n_per_arm, sample_size, randomisation, weeks, dropout, replicates, seed, "
        "arms, endpoints";
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        int ok = 0;
        for (const char *p = known; *p;) {
            size_t n = strcspn(p, ",");
            if (strlen(key) == n && !strncmp(p, key, n))
                ok = 1;
            p += n;
            p += strspn(p, ", ");
        }
        if (!ok)
            return unknown_key("top level", key, known);
    }
    cnsim_status st;
    double x;
    json_t *name = json_object_get(root, "name");
    if (!name)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: no \"name\" (the trial's name)");
    if ((st = get_string(name, "name", d->name, sizeof d->name)) != CNSIM_OK)
        return st;
    json_t *ind = json_object_get(root, "indication");
    if (json_is_string(ind) && !strcmp(json_string_value(ind), "depression"))
        d->indication = CNSIM_TRIAL_DEPRESSION;
    else if (json_is_string(ind) && !strcmp(json_string_value(ind), "panic"))
        d->indication = CNSIM_TRIAL_PANIC;
    else
        BAD(CNSIM_E_PARSE, "indication", ind, "\"depression\" or \"panic\"");
    for (const char *k = "source"; k; k = strcmp(k, "source") ? NULL : "note") {
        json_t *s = json_object_get(root, k);
        if (s && !json_is_string(s))
            BAD(CNSIM_E_PARSE, k, s, "a string");
    }
    json_t *w = json_object_get(root, "weeks");
    if (!w)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: no \"weeks\" (the follow-up, 1-52 weeks)");
    if ((st = get_weeks(w, "weeks", 1, CNSIM_TRIAL_MAX_WEEKS, 0, 1, &x)) != CNSIM_OK)
        return st;
    d->weeks = (int)x;
    if ((v = json_object_get(root, "replicates"))) {
        if ((st = get_int(v, "replicates", 1, CNSIM_TRIAL_MAX_REPLICATES, &x)) != CNSIM_OK)
            return st;
        d->replicates = (size_t)x;
    }
    if ((v = json_object_get(root, "seed"))) {
        if ((st = get_int(v, "seed", 0, 4294967295.0, &x)) != CNSIM_OK)
            return st;
        d->seed = (unsigned long)x;
    }
    if ((v = json_object_get(root, "dropout"))) {
        if (!json_is_object(v))
            BAD(CNSIM_E_PARSE, "dropout", v, "an object {\"per_week\": 0.02}");
        json_t *x2;
        json_object_foreach(v, key, x2) {
            if (!strcmp(key, "per_week")) {
                if ((st = get_num(x2, "dropout.per_week", 0, 1, 0, 1, "a weekly probability in [0, 1)",
                                  &d->dropout_per_week)) != CNSIM_OK)
                    return st;
            } else if (!strcmp(key, "imputation")) {
                if (!json_is_string(x2) || strcmp(json_string_value(x2), "non-responder"))
                    BAD(CNSIM_E_PARSE, "dropout.imputation", x2,
                        "\"non-responder\" (the only imputation implemented)");
            } else
                return unknown_key("dropout", key, "per_week, imputation");
        }
    }

    json_t *arms = json_object_get(root, "arms");
    if (!json_is_array(arms) || json_array_size(arms) < 2 || json_array_size(arms) > CNSIM_TRIAL_MAX_ARMS)
        BAD(CNSIM_E_PARSE, "arms", arms, "an array of 2-8 arms");
    d->n_arms = json_array_size(arms);
    for (size_t i = 0; i < d->n_arms; i++) {
        if ((st = parse_arm(json_array_get(arms, i), i, &d->arms[i])) != CNSIM_OK)
            return st;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(d->arms[k].name, d->arms[i].name))
                return cnsim__fail(CNSIM_E_PARSE, "trial file: arms[%zu].name: \"%s\" is also arms[%zu]; expected "
                                   "unique arm names", i, d->arms[i].name, k);
    }

    /* Sample size: n_per_arm, or sample_size split by the randomisation
     * ratio (fixed allocation, rounded; the last arm takes the remainder). */
    json_t *npa = json_object_get(root, "n_per_arm"), *ss = json_object_get(root, "sample_size");
    json_t *ratio = json_object_get(root, "randomisation");
    if (!!npa == !!ss)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: give either \"n_per_arm\" or \"sample_size\" (with "
                           "\"randomisation\"), not %s", npa ? "both" : "neither");
    if (npa) {
        if (ratio)
            return cnsim__fail(CNSIM_E_PARSE, "trial file: \"randomisation\" goes with \"sample_size\", not "
                               "\"n_per_arm\"");
        if ((st = get_int(npa, "n_per_arm", 1, CNSIM_TRIAL_MAX_PATIENTS / d->n_arms, &x)) != CNSIM_OK)
            return st;
        for (size_t i = 0; i < d->n_arms; i++)
            d->arms[i].n_patients = (size_t)x;
    } else {
        if ((st = get_int(ss, "sample_size", (double)d->n_arms, CNSIM_TRIAL_MAX_PATIENTS, &x)) != CNSIM_OK)
            return st;
        size_t total = (size_t)x;
        double r[CNSIM_TRIAL_MAX_ARMS], sum = 0;
        if (ratio) {
            if (!json_is_array(ratio) || json_array_size(ratio) != d->n_arms)
                BAD(CNSIM_E_PARSE, "randomisation", ratio, "one positive number per arm, e.g. [1, 1]");
            for (size_t i = 0; i < d->n_arms; i++) {
                char f[64];
                snprintf(f, sizeof f, "randomisation[%zu]", i);
                if ((st = get_num(json_array_get(ratio, i), f, 0, 1000, 1, 0, "a positive ratio", &r[i])) != CNSIM_OK)
                    return st;
                sum += r[i];
            }
        } else
            for (size_t i = 0; i < d->n_arms; i++)
                r[i] = 1, sum += 1;
        size_t given = 0;
        for (size_t i = 0; i < d->n_arms; i++) {
            size_t n = i + 1 < d->n_arms ? (size_t)floor(total * r[i] / sum + 0.5) : total - given;
            if (n < 1 || given + n > total)
                return cnsim__fail(CNSIM_E_RANGE, "trial file: sample_size %zu with this randomisation leaves arm "
                                   "\"%s\" with no patient; expected a larger sample_size", total, d->arms[i].name);
            d->arms[i].n_patients = n;
            given += n;
        }
    }

    json_t *eps = json_object_get(root, "endpoints");
    if (!json_is_array(eps) || json_array_size(eps) < 1 || json_array_size(eps) > CNSIM_TRIAL_MAX_ENDPOINTS)
        BAD(CNSIM_E_PARSE, "endpoints", eps, "an array of 1-16 endpoints");
    d->n_endpoints = json_array_size(eps);
    for (size_t i = 0; i < d->n_endpoints; i++) {
        if ((st = parse_endpoint(d, json_array_get(eps, i), i, &d->endpoints[i])) != CNSIM_OK)
            return st;
        for (size_t k = 0; k < i; k++)
            if (!strcmp(d->endpoints[k].name, d->endpoints[i].name))
                return cnsim__fail(CNSIM_E_PARSE, "trial file: endpoints[%zu].name: \"%s\" is also endpoints[%zu]; "
                                   "expected unique endpoint names", i, d->endpoints[i].name, k);
    }
    return CNSIM_OK;
}

cnsim_status cnsim_trial_design_parse(const char *json_text, cnsim_trial_design *d)
{
    cnsim__clear_error();
    memset(d, 0, sizeof *d);
    d->replicates = 100, d->seed = 1;
    json_error_t err;
    cnsim__json_watch();
    json_t *root = json_loads(json_text ? json_text : "", JSON_REJECT_DUPLICATES, &err);
    if (cnsim__json_failed()) {
        json_decref(root);
        return cnsim__fail(CNSIM_E_NOMEM, "trial file: out of memory reading the JSON");
    }
    if (!root)
        return cnsim__fail(CNSIM_E_PARSE, "trial file: line %d column %d: %s", err.line, err.column, err.text);
    cnsim_status st = parse_root(root, d);
    json_decref(root);
    return st;
}

cnsim_status cnsim_trial_design_load(const char *path, cnsim_trial_design *d)
{
    cnsim__clear_error();
    FILE *f = fopen(path, "rb");
    if (!f) {
        memset(d, 0, sizeof *d);
        if (errno == ENOMEM)   /* fopen's own allocation */
            return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory opening the file", path);
        return cnsim__fail(CNSIM_E_READ, "%s: cannot be read", path);
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - 1 - n, f)) > 0) {
        n += got;
        if (n + 1 >= cap) {
            if (cap >= (1u << 24)) {
                free(buf);
                fclose(f);
                return cnsim__fail(CNSIM_E_RANGE, "%s: larger than 16 MB; not a trial file", path);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb)
                free(buf);
            buf = nb, cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory", path);
    buf[n] = 0;
    cnsim_status st = cnsim_trial_design_parse(buf, d);
    free(buf);
    return st;
}
