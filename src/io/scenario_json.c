/* JSON scenario files -> cnsim_scenario.
 *
 * The reader is strict on purpose: an unknown key is an error rather than
 * something silently ignored, because a scenario with "untill" instead of
 * "until" would otherwise run with the default horizon and look right.
 * Every message names the JSON path of the offending value
 * ("drugs[1].regimen") and what was expected. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/io.h"
#include "cnsim/units.h"
#include "core_impl.h"
#include "io/io_impl.h"

/* Scenario files are hand-written and small; the limit only keeps a wrong
 * file (a data set passed by mistake) from being parsed at length. */
#define MAX_SCENARIO_BYTES ((size_t)16 * 1024 * 1024)
/* A horizon beyond a century is a typo (hours for days, an extra zero)
 * that would otherwise produce an enormous output. */
#define MAX_UNTIL_H (100.0 * 365.25 * 24.0)

static const char *const top_keys[] = {"name",   "drugs",  "events", "until",
                                       "every",  "solver", "rtol",   "atol",
                                       "seed"};
static const char *const drug_keys[] = {"drug", "name", "regimen",
                                        "formulation"};
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

typedef struct ctx {
    const char *src;      /* "scenario" or the file path, for messages */
    const char *base_dir; /* events paths are relative to this */
} ctx;

static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path,
                            const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static cnsim_status fail_at(const ctx *c, cnsim_status st, const char *path,
                            const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return cnsim__fail(st, "%s: %s: %s", c->src, path, msg);
}

static const char *type_name(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    case JSON_NULL: return "null";
    }
    return "unknown";
}

static cnsim_status wrong_type(const ctx *c, const char *path,
                               const char *expected, const json_t *got)
{
    return fail_at(c, CNSIM_E_PARSE, path, "expected %s, got %s", expected,
                   type_name(got));
}

/* A JSON string without embedded NUL bytes, at most max_len - 1 bytes and
 * non-empty. */
static cnsim_status get_string(const ctx *c, const char *path, const json_t *v,
                               size_t max_len, const char **out)
{
    if (!json_is_string(v))
        return wrong_type(c, path, "a string", v);
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (strlen(s) != n)
        return fail_at(c, CNSIM_E_PARSE, path,
                       "the string contains a NUL character");
    if (n == 0)
        return fail_at(c, CNSIM_E_PARSE, path,
                       "expected a non-empty string, got \"\"");
    if (max_len && n >= max_len)
        return fail_at(c, CNSIM_E_RANGE, path,
                       "\"%.40s...\" is too long; expected at most %zu "
                       "characters", s, max_len - 1);
    *out = s;
    return CNSIM_OK;
}

static cnsim_status unknown_key(const ctx *c, const char *path, const char *key,
                                const char *const *keys, size_t n)
{
    char list[256] = "", hint[64];
    for (size_t i = 0; i < n; i++) {
        strncat(list, keys[i], sizeof list - strlen(list) - 1);
        if (i + 1 < n)
            strncat(list, ", ", sizeof list - strlen(list) - 1);
    }
    cnsim__suggest_key(key, keys, n, hint, sizeof hint);
    if (!path)
        return cnsim__fail(CNSIM_E_PARSE, "%s: unknown key '%.60s'%s; expected "
                           "%s", c->src, key, hint, list);
    return fail_at(c, CNSIM_E_PARSE, path, "unknown key '%.60s'%s; expected %s",
                   key, hint, list);
}

/* A duration: a string such as "42d" or "1h", or a number of hours. */
static cnsim_status get_duration(const ctx *c, const char *path, const json_t *v,
                                 double *out_h)
{
    double h;
    if (json_is_string(v)) {
        const char *s;
        cnsim_status st = get_string(c, path, v, 64, &s);
        if (st != CNSIM_OK)
            return st;
        char field[256];
        snprintf(field, sizeof field, "%s: %s", c->src, path);
        st = cnsim_parse_duration_h(s, field, &h);
        if (st != CNSIM_OK)
            return st;
    } else if (json_is_number(v)) {
        h = json_number_value(v);
    } else {
        return wrong_type(c, path,
                          "a duration such as \"42d\" or a number of hours", v);
    }
    if (!isfinite(h) || h <= 0)
        return fail_at(c, CNSIM_E_RANGE, path,
                       "%g h; expected a duration > 0", h);
    if (h > MAX_UNTIL_H)
        return fail_at(c, CNSIM_E_RANGE, path,
                       "%g h; expected at most 100 years (%g h)", h,
                       MAX_UNTIL_H);
    *out_h = h;
    return CNSIM_OK;
}

static cnsim_status get_positive(const ctx *c, const char *path,
                                 const json_t *v, double *out)
{
    if (!json_is_number(v))
        return wrong_type(c, path, "a positive number", v);
    double x = json_number_value(v);
    if (!isfinite(x) || x <= 0)
        return fail_at(c, CNSIM_E_RANGE, path, "%g; expected a number > 0", x);
    *out = x;
    return CNSIM_OK;
}

static cnsim_status read_drug(const ctx *c, size_t i, const json_t *obj,
                              cnsim_scenario_drug *d)
{
    char path[64], sub[128];
    snprintf(path, sizeof path, "drugs[%zu]", i);
    if (!json_is_object(obj))
        return wrong_type(c, path,
                          "an object such as {\"drug\": \"clonazepam\", "
                          "\"regimen\": \"0.5 mg bid\"}", obj);
    const char *key;
    json_t *v;
    const char *name_key = NULL;
    cnsim_status st;
    json_object_foreach((json_t *)obj, key, v) {
        snprintf(sub, sizeof sub, "%s.%.40s", path, key);
        const char *s;
        if (!strcmp(key, "drug") || !strcmp(key, "name")) {
            if (name_key)
                return fail_at(c, CNSIM_E_PARSE, path,
                               "both '%s' and '%s' given; expected one drug "
                               "name", name_key, key);
            name_key = key;
            if ((st = get_string(c, sub, v, CNSIM_NAME_MAX, &s)) != CNSIM_OK)
                return st;
            cnsim__strlcpy(d->name, s, sizeof d->name);
        } else if (!strcmp(key, "regimen")) {
            if ((st = get_string(c, sub, v, 4096, &s)) != CNSIM_OK)
                return st;
            if (!(d->regimen = cnsim__strdup(s)))
                return cnsim__fail(CNSIM_E_NOMEM, "out of memory");
        } else if (!strcmp(key, "formulation")) {
            if ((st = get_string(c, sub, v, CNSIM_FORM_MAX, &s)) != CNSIM_OK)
                return st;
            cnsim__strlcpy(d->form, s, sizeof d->form);
        } else {
            return unknown_key(c, path, key, drug_keys, N_OF(drug_keys));
        }
    }
    if (!name_key)
        return fail_at(c, CNSIM_E_PARSE, path,
                       "no drug name; expected a \"drug\" key such as "
                       "\"drug\": \"clonazepam\"");
    return CNSIM_OK;
}

static cnsim_status read_drugs(const ctx *c, const json_t *arr,
                               cnsim_scenario *out)
{
    if (!json_is_array(arr))
        return wrong_type(c, "drugs", "an array of drug objects", arr);
    size_t n = json_array_size(arr);
    if (n == 0)
        return fail_at(c, CNSIM_E_PARSE, "drugs",
                       "expected at least one drug, got an empty array");
    out->drugs = calloc(n, sizeof *out->drugs);
    if (!out->drugs)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory");
    /* n_drugs counts the entries started, so clear() frees their regimens
     * even when a later entry fails. */
    for (size_t i = 0; i < n; i++) {
        out->n_drugs = i + 1;
        cnsim_status st = read_drug(c, i, json_array_get(arr, i),
                                    &out->drugs[i]);
        if (st != CNSIM_OK)
            return st;
    }
    return CNSIM_OK;
}

static cnsim_status read_top(const ctx *c, json_t *top, cnsim_scenario *out)
{
    if (!json_is_object(top))
        return cnsim__fail(CNSIM_E_PARSE,
                           "%s: expected a JSON object at the top level, got "
                           "%s", c->src, type_name(top));
    const char *key;
    json_t *v;
    cnsim_status st = CNSIM_OK;
    json_object_foreach(top, key, v) {
        const char *s;
        if (!strcmp(key, "name")) {
            st = get_string(c, "name", v, sizeof out->name, &s);
            if (st == CNSIM_OK)
                cnsim__strlcpy(out->name, s, sizeof out->name);
        } else if (!strcmp(key, "drugs")) {
            st = read_drugs(c, v, out);
        } else if (!strcmp(key, "events")) {
            st = get_string(c, "events", v, 4096, &s);
            if (st == CNSIM_OK &&
                !(out->events_path = cnsim__path_join(c->base_dir, s)))
                st = cnsim__fail(CNSIM_E_NOMEM, "out of memory");
        } else if (!strcmp(key, "until")) {
            st = get_duration(c, "until", v, &out->until_h);
        } else if (!strcmp(key, "every")) {
            st = get_duration(c, "every", v, &out->every_h);
        } else if (!strcmp(key, "solver")) {
            st = get_string(c, "solver", v, sizeof out->solver, &s);
            if (st == CNSIM_OK && strcmp(s, "auto") && strcmp(s, "cvode") &&
                strcmp(s, "closed"))
                st = fail_at(c, CNSIM_E_PARSE, "solver",
                             "\"%s\" is not a solver; expected \"auto\", "
                             "\"cvode\" or \"closed\"", s);
            if (st == CNSIM_OK)
                cnsim__strlcpy(out->solver, s, sizeof out->solver);
        } else if (!strcmp(key, "rtol")) {
            st = get_positive(c, "rtol", v, &out->rtol);
        } else if (!strcmp(key, "atol")) {
            st = get_positive(c, "atol", v, &out->atol);
        } else if (!strcmp(key, "seed")) {
            if (!json_is_integer(v))
                st = wrong_type(c, "seed", "an integer >= 0", v);
            else if (json_integer_value(v) < 0 ||
                     (unsigned long long)json_integer_value(v) >
                         (unsigned long long)(~0UL >> 1))
                st = fail_at(c, CNSIM_E_RANGE, "seed",
                             "%lld; expected an integer >= 0",
                             (long long)json_integer_value(v));
            else
                out->seed = (long)json_integer_value(v);
        } else {
            st = unknown_key(c, NULL, key, top_keys, N_OF(top_keys));
        }
        if (st != CNSIM_OK)
            return st;
    }

    /* Each drug needs a regimen unless an events file gives the doses. */
    if (!out->events_path) {
        if (out->n_drugs == 0)
            return cnsim__fail(CNSIM_E_PARSE,
                               "%s: nothing to simulate; expected \"drugs\" "
                               "with a \"regimen\", or an \"events\" file",
                               c->src);
        for (size_t i = 0; i < out->n_drugs; i++)
            if (!out->drugs[i].regimen) {
                char path[64];
                snprintf(path, sizeof path, "drugs[%zu]", i);
                return fail_at(c, CNSIM_E_PARSE, path,
                               "no regimen for '%s'; expected a \"regimen\" "
                               "string such as \"0.5 mg bid for 28 d\" (or "
                               "an \"events\" file)", out->drugs[i].name);
            }
    }
    return CNSIM_OK;
}

static void scenario_init(cnsim_scenario *s)
{
    memset(s, 0, sizeof *s);
    s->until_h = NAN;
    s->every_h = NAN;
    s->rtol = NAN;
    s->atol = NAN;
    s->seed = -1;
}

void cnsim_scenario_free(cnsim_scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_drugs; i++)
        free(s->drugs[i].regimen);
    free(s->drugs);
    free(s->events_path);
    scenario_init(s);
}

static cnsim_status parse(const char *data, size_t n, const char *base_dir,
                          const char *src, cnsim_scenario *out)
{
    scenario_init(out);
    if (!data && n > 0)
        return cnsim__fail(CNSIM_E_ARG, "%s: no data", src);
    if (n > MAX_SCENARIO_BYTES)
        return cnsim__fail(CNSIM_E_RANGE,
                           "%s: %zu bytes; the limit for a scenario is %zu MB",
                           src, n, MAX_SCENARIO_BYTES / (1024 * 1024));
    json_error_t err;
    cnsim__json_watch();
    json_t *top = json_loadb(data ? data : "", n, JSON_REJECT_DUPLICATES, &err);
    if (cnsim__json_failed()) {
        json_decref(top);
        return cnsim__fail(CNSIM_E_NOMEM, "%s: out of memory reading the JSON", src);
    }
    if (!top)
        return cnsim__fail(CNSIM_E_PARSE, "%s line %d column %d: %s", src,
                           err.line, err.column, err.text);
    ctx c = {src, base_dir};
    cnsim_status st = read_top(&c, top, out);
    json_decref(top);
    if (st != CNSIM_OK)
        cnsim_scenario_free(out);
    return st;
}

cnsim_status cnsim_scenario_read_mem(const char *data, size_t n,
                                     const char *base_dir,
                                     cnsim_scenario *out)
{
    cnsim__clear_error();
    if (!out)
        return cnsim__fail(CNSIM_E_ARG, "scenario: no output");
    return parse(data, n, base_dir, "scenario", out);
}

cnsim_status cnsim_scenario_read(const char *path, cnsim_scenario *out)
{
    cnsim__clear_error();
    if (!out || !path)
        return cnsim__fail(CNSIM_E_ARG, "scenario: no path or no output");
    scenario_init(out);
    char *data;
    size_t n;
    cnsim_status st = cnsim__read_file(path, MAX_SCENARIO_BYTES,
                                       "scenario files", &data, &n);
    if (st != CNSIM_OK)
        return st;
    char *dir = cnsim__dirname(path);
    if (!dir) {
        free(data);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory");
    }
    st = parse(data, n, dir, path, out);
    free(dir);
    free(data);
    return st;
}
