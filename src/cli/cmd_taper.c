/* cnsim taper: a taper schedule by a published method, rounded to
 * products, simulated against an abrupt stop and the other methods. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"

typedef struct taper_args {
    const char *drug, *from, *method, *out, *ics, *plot, *start;
    double max_weeks, percent, interval_days, threshold, min_interval_days;
    int optimize, has_threshold, has_min_interval;
    cli_format fmt;
} taper_args;

static const cli_opt opts[] = {
    {.name = "--drug", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, drug), .metavar = "NAME",
     .help = "clonazepam (default) or diazepam", .eg = "clonazepam"},
    {.name = "--from", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, from), .metavar = "DOSE",
     .help = "the starting regimen, dose per administration and frequency, e.g. \"1 mg bid\"", .eg = "\"1 mg bid\""},
    {.name = "--method", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, method), .metavar = "M",
     .help = "label, linear, proportional (default), hyperbolic or diazepam-crossover", .eg = "proportional"},
    {.name = "--max-weeks", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, max_weeks), .lo = 0.1, .hi = 520,
     .metavar = "N", .help = "linear: length (default 8); others: an upper bound", .eg = "12"},
    {.name = "--percent", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, percent), .lo = 0.1, .hi = 100,
     .metavar = "P", .help = "proportional: % of the current dose per step (default 10)", .eg = "10"},
    {.name = "--interval-days", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, interval_days), .lo = 1,
     .hi = 365, .metavar = "D", .help = "days between steps (default: the method's)", .eg = "14"},
    {.name = "--optimize", .kind = CLI_OPT_FLAG, .off = offsetof(taper_args, optimize),
     .help = "the shortest schedule whose withdrawal index stays below --threshold"},
    {.name = "--threshold", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, threshold), .lo = 1e-6, .hi = 1,
     .given = CLI_AT(taper_args, has_threshold), .metavar = "W", .help = "--optimize: withdrawal index ceiling (default: the registry's, 0.05)", .eg = "0.05"},
    {.name = "--min-interval-days", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, min_interval_days), .lo = 1,
     .hi = 365, .given = CLI_AT(taper_args, has_min_interval), .metavar = "D", .help = "--optimize: days between steps (default 14)", .eg = "14"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(taper_args, fmt), .help = "text (default), csv or json"},
    {.kind = CLI_OPT_OUT, .off = offsetof(taper_args, out)},
    {.name = "--ics", .kind = CLI_OPT_PATH, .off = offsetof(taper_args, ics), .metavar = "FILE",
     .help = "one all-day calendar event per dose change, from --start-date"},
    {.name = "--start-date", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, start), .metavar = "YYYY-MM-DD",
     .help = "first day of the taper in --ics (default today)", .eg = "2027-01-04"},
    {.kind = CLI_OPT_PLOT, .off = offsetof(taper_args, plot),
     .help = "figure (.png, .svg or .pdf): the daily doses above, the simulated withdrawal index and "
             "benzodiazepine-site occupancy below, day 0 = taper start"},
};

static const cli_cmd cmd = {
    .name = "taper",
    .usage = "--drug clonazepam --from \"1 mg bid\"\n"
             "                   [--method label|linear|proportional|hyperbolic|diazepam-crossover]\n"
             "                   [--max-weeks N] [--percent P] [--interval-days D]\n"
             "                   [--optimize [--threshold W] [--min-interval-days D]]\n"
             "                   [--format text|csv|json] [--out FILE] [--ics FILE] [--start-date YYYY-MM-DD]\n"
             "                   [--plot FILE.png|.svg|.pdf]\n",
    .about =
        "Plans a taper to zero, rounds each dose to real products (clonazepam 0.125 mg ODT steps,\n"
        "diazepam 1 mg as half a 2 mg tablet; says when a liquid would be needed), and simulates it\n"
        "after 12 weeks on the starting dose: daily dose, concentration, benzodiazepine-site occupancy\n"
        "and withdrawal index, the peak against an abrupt stop and against the other methods.\n"
        "Methods and sources (docs/plan.md): label (US Klonopin label), linear (equal steps over\n"
        "--max-weeks, default 8), proportional (ASAM 2025: --percent 10 every --interval-days 14),\n"
        "hyperbolic (Horowitz & Taylor 2019: equal occupancy steps), diazepam-crossover (Ashton).\n"
        "Every schedule is checked against the one taper-pace rule (cnsim/model.h, ASAM 2025).\n"
        "Outputs: text (the schedule, default), json (schedule, simulated days, comparison), csv\n"
        "(one row per simulated day), --ics (a calendar), --plot (a figure of doses and effects).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim taper --drug clonazepam --from \"1 mg bid\" --method proportional\n"
                "  cnsim taper --drug clonazepam --from \"0.5 mg bid\" --method label --format json --out plan.json\n"
                "  cnsim taper --drug clonazepam --from \"1 mg bid\" --method diazepam-crossover --format csv "
                "--out days.csv --plot taper.png\n",
    .formats = CLI_FMTS_TCJ,
};

/* The plan's steps as JSON; NULL if jansson ran out of memory (every
 * constructor and insertion is checked: inserting NULL fails too). */
static json_t *steps_json(const cnsim_taper_plan *p)
{
    json_t *a = json_array();
    int ok = a != NULL;
    for (size_t i = 0; ok && i < p->n_steps; i++) {
        const cnsim_taper_step *s = &p->steps[i];
        json_t *adm = json_array();
        ok &= adm != NULL;
        for (int k = 0; ok && k < s->n_per_day; k++)
            ok &= !json_array_append_new(adm, json_real(s->admin_mg[k]));
        if (!ok) {
            json_decref(adm);
            break;
        }
        ok &= !json_array_append_new(a, json_pack("{s:f,s:s,s:f,s:f,s:i,s:o,s:f,s:s,s:b}", "day", s->day, "drug",
                                           p->drugs[s->drug], "daily_dose_mg", s->daily_dose_mg,
                                           "dose_per_administration_mg", s->daily_dose_mg / s->n_per_day,
                                           "administrations_per_day", s->n_per_day, "administrations_mg", adm,
                                           "target_daily_mg", s->target_daily_mg, "tablets", s->tablets,
                                           "needs_liquid", s->needs_liquid));
    }
    if (!ok) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* A method or equivalence that does not apply to these inputs is left out
 * of the comparison; any other failure (out of memory, the registry)
 * ends the command, or the comparison would silently lose a line. */
static int skip_or_fail(cnsim_status st, const char *what)
{
    if (st == CNSIM_OK || cnsim_status_is_input_error(st))
        return 0;
    return cli_report(st, what);
}

/* A calendar date YYYY-MM-DD that exists (1900-9999; months of 28-31 days,
 * Gregorian leap years): mktime would carry 2025-02-30 into March. */
static int check_date(const char *text)
{
    int y = 0, m = 0, d = 0, ok = text && strlen(text) == 10 && text[4] == '-' && text[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        ok = i == 4 || i == 7 || (text[i] >= '0' && text[i] <= '9');
    if (!ok)
        return cli_bad_input("--start-date: '%s' is not a date; expected YYYY-MM-DD, e.g. 2027-01-04", text ? text : "");
    y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int is_leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900)
        return cli_bad_input("--start-date: year %d in '%s' is before 1900; expected YYYY-MM-DD from 1900-01-01", y, text);
    if (m < 1 || m > 12)
        return cli_bad_input("--start-date: month %02d in '%s' does not exist; expected 01 to 12", m, text);
    int last = mdays[m - 1] + (m == 2 && is_leap);
    if (d < 1 || d > last)
        return cli_bad_input("--start-date: '%s' does not exist; expected a day from 01 to %02d in %04d-%02d", text,
                             last, y, m);
    return 0;
}

/* One content line of an iCalendar file (RFC 5545): "NAME:value", the
 * value's TEXT escaped (backslash, semicolon, comma, newline: section
 * 3.3.11) when `text` is set, folded so that no line is longer than 75
 * octets (CRLF and a space before each continuation, never inside a UTF-8
 * sequence: section 3.1), ended by CRLF. */
static void ics_line(FILE *fp, const char *name, const char *value, int text)
{
    char buf[2048];
    size_t n = (size_t)snprintf(buf, sizeof buf, "%s:", name);
    for (const char *c = value; *c && n + 3 < sizeof buf; c++) {
        if (text && (*c == '\\' || *c == ';' || *c == ','))
            buf[n++] = '\\', buf[n++] = *c;
        else if (text && *c == '\n')
            buf[n++] = '\\', buf[n++] = 'n';
        else
            buf[n++] = *c;
    }
    size_t col = 0;
    for (size_t i = 0; i < n; i++) {
        /* a continuation line starts with a space, which counts */
        int lead = ((unsigned char)buf[i] & 0xC0) != 0x80;
        size_t len = 1;
        if (lead && ((unsigned char)buf[i] & 0x80))
            while (i + len < n && ((unsigned char)buf[i + len] & 0xC0) == 0x80)
                len++;
        if (lead && col + len > 75) {
            fputs("\r\n ", fp);
            col = 1;
        }
        fwrite(buf + i, 1, len, fp);
        col += len;
        i += len - 1;
    }
    fputs("\r\n", fp);
}

static int write_ics(FILE *fp, const cnsim_taper_plan *p, const char *start)
{
    struct tm tm0 = {0};
    if (start) {
        if (sscanf(start, "%d-%d-%d", &tm0.tm_year, &tm0.tm_mon, &tm0.tm_mday) != 3)
            return cli_bad_input("--start-date: '%s'; expected YYYY-MM-DD", start);
        tm0.tm_year -= 1900, tm0.tm_mon -= 1;
    } else {
        time_t now = time(NULL);
        localtime_r(&now, &tm0);
        tm0.tm_hour = tm0.tm_min = tm0.tm_sec = 0;
    }
    tm0.tm_hour = 12;
    time_t t0 = mktime(&tm0), now = time(NULL);
    struct tm u;
    gmtime_r(&now, &u);
    char stamp[32], v[512];
    strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &u);
    ics_line(fp, "BEGIN", "VCALENDAR", 0);
    ics_line(fp, "VERSION", "2.0", 0);
    ics_line(fp, "PRODID", "-//cnsim//taper//EN", 0);
    for (size_t i = 0; i < p->n_steps; i++) {
        const cnsim_taper_step *s = &p->steps[i];
        time_t t = t0 + (time_t)llround(s->day) * 86400, t1 = t + 86400;
        struct tm a, b;
        localtime_r(&t, &a), localtime_r(&t1, &b);
        ics_line(fp, "BEGIN", "VEVENT", 0);
        snprintf(v, sizeof v, "cnsim-taper-%zu-%ld@cnsim", i, (long)t0);
        ics_line(fp, "UID", v, 0);
        ics_line(fp, "DTSTAMP", stamp, 0);
        snprintf(v, sizeof v, "%04d%02d%02d", a.tm_year + 1900, a.tm_mon + 1, a.tm_mday);
        ics_line(fp, "DTSTART;VALUE=DATE", v, 0);
        snprintf(v, sizeof v, "%04d%02d%02d", b.tm_year + 1900, b.tm_mon + 1, b.tm_mday);
        ics_line(fp, "DTEND;VALUE=DATE", v, 0);
        snprintf(v, sizeof v, "%s %g mg/day", p->drugs[s->drug], s->daily_dose_mg);
        ics_line(fp, "SUMMARY", v, 1);
        snprintf(v, sizeof v, "%s (simulation, not medical advice)", s->tablets);
        ics_line(fp, "DESCRIPTION", v, 1);
        ics_line(fp, "END", "VEVENT", 0);
    }
    ics_line(fp, "END", "VCALENDAR", 0);
    return 0;
}

/* The per-day table, the same columns in CSV and in JSON `days`. The
 * first six names are the original ones (daily_dose_mg and conc_ng_mL
 * are the first plan drug's, second_drug_daily_mg the crossover drug's,
 * 0 without one); the rest name the drug and the statistic of the day:
 * <drug>_daily_mg per plan drug, <drug0>_ng_mL_mean, the day's mean total
 * benzodiazepine-site occupancy and its maximum withdrawal index. */
#define DAY_COLS_MAX 12
typedef struct day_cols {
    size_t n;
    char name[DAY_COLS_MAX][CNSIM_NAME_MAX + 24];
} day_cols;

static void day_columns(const cnsim_taper_plan *p, day_cols *c)
{
    static const char *const fixed[] = {"day", "daily_dose_mg", "second_drug_daily_mg", "conc_ng_mL",
                                        "occupancy", "withdrawal_index"};
    c->n = 0;
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
        snprintf(c->name[c->n++], sizeof c->name[0], "%s", fixed[k]);
    for (size_t d = 0; d < p->n_drugs && d < 2; d++)
        snprintf(c->name[c->n++], sizeof c->name[0], "%s_daily_mg", p->drugs[d]);
    snprintf(c->name[c->n++], sizeof c->name[0], "%s_ng_mL_mean", p->drugs[0]);
    snprintf(c->name[c->n++], sizeof c->name[0], "gabaa_bzd_occupancy_frac_mean");
    snprintf(c->name[c->n++], sizeof c->name[0], "withdrawal_index_max");
}

static void day_values(const cnsim_taper_plan *p, const cnsim_taper_day *d, double *v)
{
    size_t n = 0;
    v[n++] = d->day;
    v[n++] = d->daily_dose_mg[0];
    v[n++] = d->daily_dose_mg[1];
    v[n++] = d->conc_ng_mL;
    v[n++] = d->occupancy;
    v[n++] = d->withdrawal;
    for (size_t k = 0; k < p->n_drugs && k < 2; k++)
        v[n++] = d->daily_dose_mg[k];
    v[n++] = d->conc_ng_mL;
    v[n++] = d->occupancy;
    v[n++] = d->withdrawal;
}

/* The schedule as a figure: daily doses above, the simulated withdrawal
 * index and benzodiazepine-site occupancy below, day 0 = taper start. */
static int write_plot(FILE *fp, const char *path, const cnsim_taper_plan *p, const char *method)
{
    size_t n = p->n_days;
    if (n < 2)
        return cli_bad_input("--plot: nothing to draw");
    double *t = malloc(n * sizeof *t), *dose = malloc(2 * n * sizeof *dose), *w = malloc(n * sizeof *w),
           *occ = malloc(n * sizeof *occ);
    if (!t || !dose || !w || !occ) {
        free(t), free(dose), free(w), free(occ);
        return cli_fail("--plot: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        t[i] = p->days[i].day * 24.0;
        dose[i] = p->days[i].daily_dose_mg[0];
        dose[n + i] = p->days[i].daily_dose_mg[1];
        w[i] = p->days[i].withdrawal;
        occ[i] = p->days[i].occupancy;
    }
    char l0[CNSIM_NAME_MAX + 16], l1[CNSIM_NAME_MAX + 16], title[160];
    snprintf(l0, sizeof l0, "%s (mg/day)", p->drugs[0]);
    snprintf(l1, sizeof l1, "%s (mg/day)", p->n_drugs > 1 ? p->drugs[1] : "");
    snprintf(title, sizeof title, "%s taper (%s): %.0f d, peak withdrawal %.3f", p->drugs[0], method,
             p->duration_days, p->peak_withdrawal_index);
    cnsim_plot_series ser[4] = {
        {.label = l0, .t_h = t, .y = dose, .n = n, .panel = 0, .color = 0},
        {.label = "withdrawal index", .t_h = t, .y = w, .n = n, .panel = 1, .color = 1},
        {.label = "BZD-site occupancy (fraction)", .t_h = t, .y = occ, .n = n, .panel = 1, .color = 2, .dashed = 1},
        {.label = l1, .t_h = t, .y = dose + n, .n = n, .panel = 0, .color = 4},
    };
    const char *titles[2] = {"daily dose", "simulated effect (docs/models.md)"};
    const char *ylab[2] = {"dose (mg/day)", "index or fraction (0-1)"};
    cnsim_plot_spec spec = {.title = title, .n_panels = 2, .panel_titles = titles, .panel_y_labels = ylab,
                            .series = ser, .n_series = p->n_drugs > 1 ? 4 : 3,
                            .footnote = "cnsim is a research and teaching simulator, not medical advice."};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    free(t), free(dose), free(w), free(occ);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

int cli_taper(int argc, char **argv)
{
    cnsim_taper_opts o = cnsim_taper_opts_default();
    taper_args a = {.drug = "clonazepam", .method = "proportional", .max_weeks = o.max_weeks, .percent = o.percent,
                    .interval_days = o.interval_days, .threshold = o.threshold,
                    .min_interval_days = o.min_interval_days, .fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    rc = 0;
    o.max_weeks = a.max_weeks, o.percent = a.percent, o.interval_days = a.interval_days;
    o.threshold = a.threshold, o.min_interval_days = a.min_interval_days;
    const char *out = a.out, *ics = a.ics, *start = a.start, *plot = a.plot;
    int optimize = a.optimize;
    cli_format fmt = a.fmt;
    if (!a.from)
        return cli_bad_input("taper: --from is required (e.g. --from \"1 mg bid\")");
    if (a.has_threshold && !optimize)
        return cli_bad_input("--threshold: %g given without --optimize; --threshold applies to --optimize", a.threshold);
    if (a.has_min_interval && !optimize)
        return cli_bad_input("--min-interval-days: %g given without --optimize; --min-interval-days applies to --optimize",
                             a.min_interval_days);
    if (start && !ics)
        return cli_bad_input("--start-date: '%s' given without --ics; --start-date applies to --ics", start);
    if (start && (rc = check_date(start)) != 0)
        return rc;
    cnsim_status st = cnsim_parse_dose_per_day(a.from, "--from", &o.from_dose_mg, &o.n_per_day);
    if (st != CNSIM_OK)
        return cli_report(st, "--from");
    if ((st = cnsim_taper_method_parse(a.method, &o.method)) != CNSIM_OK)
        return cli_report(st, "--method");
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *f, *ics_fp = NULL, *plot_fp = NULL;
    if ((rc = cli_outs_open(&outs, out, "--out", &f)) || (ics && (rc = cli_outs_open(&outs, ics, "--ics", &ics_fp))) ||
        (plot && (rc = cli_outs_open_plot(&outs, plot, &plot_fp))))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg = NULL;
    if ((st = cli_registry_open(NULL, &reg)) != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "registry"));
    char canon[CNSIM_NAME_MAX];
    if ((st = cnsim_registry_resolve(reg, a.drug, canon)) != CNSIM_OK) {
        rc = cli_report(st, "--drug");
        cnsim_registry_free(reg);
        return cli_outs_close(&outs, rc);
    }
    o.drug = canon;
    cnsim_taper_plan *plan = calloc(1, sizeof *plan), *other = calloc(1, sizeof *other);
    json_t *cmp = json_array(), *spread = NULL;
    double abrupt = NAN;
    if (!plan || !other || !cmp) {
        rc = cli_fail("taper: out of memory");
        goto done;
    }
    st = optimize ? cnsim_taper_optimize(reg, &o, plan)
                  : cnsim_taper_build(reg, &o, plan);
    if (st == CNSIM_OK && !optimize)
        st = cnsim_taper_simulate(reg, &o, plan);
    if (st == CNSIM_OK)
        st = cnsim_taper_abrupt_peak(reg, &o, &abrupt);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "taper");
        goto done;
    }
    for (int m = 0; m < CNSIM_TAPER_OPTIMIZED; m++) {
        cnsim_taper_opts q = o;
        q.method = (cnsim_taper_method)m, q.max_weeks = NAN;
        if (m == (int)o.method && !optimize)
            continue;
        if ((st = cnsim_taper_build(reg, &q, other)) == CNSIM_OK)
            st = cnsim_taper_simulate(reg, &q, other);
        if (st != CNSIM_OK) {
            cnsim_taper_plan_free(other);
            if ((rc = skip_or_fail(st, "taper")) != 0)
                goto done;
            continue;
        }
        int added = !json_array_append_new(cmp, json_pack("{s:s,s:f,s:f}", "method", cnsim_taper_method_name(q.method),
                                                          "duration_days", other->duration_days,
                                                          "peak_withdrawal_index", other->peak_withdrawal_index));
        cnsim_taper_plan_free(other);
        if (!added) {
            rc = cli_fail("taper: out of memory");
            goto done;
        }
    }
    if (o.method == CNSIM_TAPER_DIAZEPAM_CROSSOVER && !optimize) {
        /* The equivalence is uncertain: Ashton 1:20 against VA/DoD 1:10. */
        cnsim_taper_opts q = o;
        q.dzp_mg_per_clz_mg = 10;
        if ((st = cnsim_taper_build(reg, &q, other)) == CNSIM_OK)
            st = cnsim_taper_simulate(reg, &q, other);
        if (st == CNSIM_OK && !(spread = json_pack("{s:f,s:f,s:f,s:f,s:f,s:s}", "ashton_1_to_20_peak", plan->peak_withdrawal_index,
                               "ashton_duration_days", plan->duration_days, "vadod_1_to_10_peak",
                               other->peak_withdrawal_index, "vadod_duration_days", other->duration_days, "spread",
                               fabs(plan->peak_withdrawal_index - other->peak_withdrawal_index), "sources",
                               "ashton2002, vadod-bzd")))
            rc = cli_fail("taper: out of memory");
        cnsim_taper_plan_free(other);
        if (rc || (rc = skip_or_fail(st, "taper")) != 0)
            goto done;
    }
    if (ics_fp && (rc = write_ics(ics_fp, plan, start)) != 0)
        goto done;
    if (plot_fp && (rc = write_plot(plot_fp, plot, plan, optimize ? "optimized" : cnsim_taper_method_name(o.method))) != 0)
        goto done;
    const char *mname = optimize ? "optimized" : cnsim_taper_method_name(o.method);
    const char *msrc = cnsim_taper_method_source(optimize ? CNSIM_TAPER_OPTIMIZED : o.method);
    if (fmt == CLI_FMT_JSON) {
        json_t *w = json_array(), *days = json_array();
        int ok = w && days;
        for (size_t i = 0; ok && i < plan->n_warnings; i++)
            ok &= !json_array_append_new(w, json_pack("{s:s,s:s,s:s}", "code", plan->warnings[i].code, "message",
                                               plan->warnings[i].message, "source", plan->warnings[i].source));
        day_cols dc;
        day_columns(plan, &dc);
        for (size_t i = 0; ok && i < plan->n_days; i++) {
            double v[DAY_COLS_MAX];
            day_values(plan, &plan->days[i], v);
            json_t *o = json_object();
            ok &= o != NULL;
            ok = ok && !json_object_set_new(o, dc.name[0], json_integer(plan->days[i].day));
            for (size_t c = 1; ok && c < dc.n; c++)
                ok &= !json_object_set_new(o, dc.name[c], json_real(v[c]));
            if (!ok)
                json_decref(o);
            else
                ok &= !json_array_append_new(days, o);
        }
        if (!ok)   /* json_pack refuses the NULLs below and releases the rest */
            json_decref(w), json_decref(days), w = days = NULL;
        json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:f,s:i,s:f,s:o,s:f,s:f,s:f,s:f,s:o,s:o,s:o}",
                              "disclaimer", "cnsim is a research and teaching simulator, not medical advice.",
                              "method", mname, "method_source", msrc, "drug", o.drug, "from_dose_mg", o.from_dose_mg,
                              "administrations_per_day", o.n_per_day, "pre_taper_days", o.pre_days,
                              "schedule", steps_json(plan), "duration_days", plan->duration_days,
                              "peak_withdrawal_index", plan->peak_withdrawal_index, "peak_day", plan->peak_day,
                              "abrupt_peak_withdrawal_index", abrupt, "warnings", w, "comparison", cmp, "days", days);
        cmp = NULL;
        if (j && spread)
            ok = !json_object_set_new(j, "equivalence_spread", spread), spread = NULL;
        rc = ok ? cli_json_write(j, f, JSON_INDENT(2) | JSON_REAL_PRECISION(6), "taper")
                : cli_fail("taper: out of memory writing the JSON output");
        json_decref(j);
        if (rc)
            goto done;
    } else if (fmt == CLI_FMT_CSV) {
        /* One header line and data: the disclaimer goes to standard error
         * (JSON and text carry it in the output). */
        fprintf(stderr, "cnsim: note: a research and teaching simulator, not medical advice\n");
        day_cols dc;
        day_columns(plan, &dc);
        for (size_t c = 0; c < dc.n; c++)
            fprintf(f, "%s%s", c ? "," : "", dc.name[c]);
        fputc('\n', f);
        for (size_t i = 0; i < plan->n_days; i++) {
            double v[DAY_COLS_MAX];
            day_values(plan, &plan->days[i], v);
            fprintf(f, "%d", plan->days[i].day);
            for (size_t c = 1; c < dc.n; c++)
                fprintf(f, ",%.6g", v[c]);
            fputc('\n', f);
        }
    } else {
        fprintf(f, "cnsim is a research and teaching simulator, not medical advice.\n\n");
        fprintf(f, "Taper of %s from %g mg x %d/day, method %s\n  source: %s\n", o.drug, o.from_dose_mg, o.n_per_day,
                mname, msrc);
        fprintf(f, "  simulated after %g days on the starting dose (adaptation established)\n\n", o.pre_days);
        for (size_t i = 0; i < plan->n_steps; i++) {
            const cnsim_taper_step *s = &plan->steps[i];
            fprintf(f, "  day %4g  %-10s %6g mg/day  %s%s\n", s->day, plan->drugs[s->drug], s->daily_dose_mg, s->tablets,
                    s->needs_liquid ? "  [a liquid would allow a smaller step]" : "");
        }
        fprintf(f, "\nduration %g days; peak withdrawal index %.3f (day %g); abrupt stop %.3f\n", plan->duration_days,
                plan->peak_withdrawal_index, plan->peak_day, abrupt);
        for (size_t i = 0; i < json_array_size(cmp); i++) {
            json_t *c = json_array_get(cmp, i);
            fprintf(f, "  %-20s duration %5.0f days, peak %.3f\n", json_string_value(json_object_get(c, "method")),
                    json_real_value(json_object_get(c, "duration_days")),
                    json_real_value(json_object_get(c, "peak_withdrawal_index")));
        }
        if (spread)
            fprintf(f, "equivalence: Ashton 1:20 peak %.3f, VA/DoD 1:10 peak %.3f\n",
                    json_real_value(json_object_get(spread, "ashton_1_to_20_peak")),
                    json_real_value(json_object_get(spread, "vadod_1_to_10_peak")));
        for (size_t i = 0; i < plan->n_warnings; i++)
            fprintf(f, "warning [%s]: %s (source: %s)\n", plan->warnings[i].code, plan->warnings[i].message,
                    plan->warnings[i].source);
    }
done:
    rc = cli_outs_close(&outs, rc);
    json_decref(cmp);
    json_decref(spread);
    if (plan)
        cnsim_taper_plan_free(plan);
    free(plan), free(other);
    cnsim_registry_free(reg);
    return rc;
}
