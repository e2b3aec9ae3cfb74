/* cnsim taper: a taper schedule by a published method, rounded to
 * products, simulated against an abrupt stop and the other methods. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cli.h"
#include "taper_html.h"
#include "taper_diary.h"

typedef struct taper_args {
    const char *drug, *from, *method, *out, *ics, *plot, *start, *formulation, *times, *plot_curve, *diary;
    double max_weeks, percent, interval_days, threshold, min_interval_days, effect_step;
    int optimize, has_threshold, has_min_interval, has_effect_step, quiet, progress;
    cli_format fmt;
} taper_args;

static const cli_opt opts[] = {
    {.name = "--drug", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, drug), .metavar = "NAME",
     .help = "clonazepam (default), diazepam, sertraline, escitalopram, citalopram, paroxetine or fluoxetine",
     .eg = "clonazepam"},
    {.name = "--from", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, from), .metavar = "DOSE",
     .help = "the starting regimen, dose per administration and frequency, e.g. \"1 mg bid\"", .eg = "\"1 mg bid\""},
    {.name = "--method", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, method), .metavar = "M",
     .help = "label, linear, proportional (default), hyperbolic or diazepam-crossover", .eg = "proportional"},
    {.name = "--formulation", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, formulation), .metavar = "F",
     .help = "tablets, odt, liquid, compounded, strips or auto (default: the fewest products that keep every step "
             "within pace)", .eg = "liquid"},
    {.name = "--effect-step", .kind = CLI_OPT_NUMBER, .off = offsetof(taper_args, effect_step), .lo = 1e-4, .hi = 0.5,
     .given = CLI_AT(taper_args, has_effect_step), .metavar = "E",
     .help = "hyperbolic: the equal step of effect (GABA-A drug effect or SERT occupancy, a fraction; default: "
             "benzodiazepines the largest whose first dose step is 25%, SSRIs 0.05)", .eg = "0.05"},
    {.name = "--times", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, times), .metavar = "HH:MM,...",
     .help = "clock time of each administration (default 08:00, and every 24/n h after it: bid 08:00,20:00)",
     .eg = "08:00,20:00"},
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
    {.kind = CLI_OPT_FORMAT, .off = offsetof(taper_args, fmt),
     .help = "text (default), csv, json or html (a printable plan: schedule, prescription lines, what to dispense, "
             "calendar, symptom diary, figure)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(taper_args, out)},
    {.name = "--ics", .kind = CLI_OPT_PATH, .off = offsetof(taper_args, ics), .metavar = "FILE",
     .help = "one all-day calendar event per dose change, from --start-date"},
    {.name = "--start-date", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, start), .metavar = "YYYY-MM-DD",
     .help = "first day of the taper in --ics (default today) and in --format html (default: days numbered from 0)",
     .eg = "2027-01-04"},
    {.kind = CLI_OPT_PLOT, .off = offsetof(taper_args, plot),
     .help = "figure (.png, .svg or .pdf): the daily doses above, the simulated withdrawal index and "
             "benzodiazepine-site occupancy below, day 0 = taper start"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(taper_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(taper_args, progress)},
    {.name = "--diary", .kind = CLI_OPT_STRING, .off = offsetof(taper_args, diary), .metavar = "FILE.csv",
     .help = "adaptive taper: the patient's diary (date, daily_dose_mg, ciwa_b or bwsq, optional trough_ng_mL) fitted to "
             "propose the next step (reduce, hold or increase) with the predicted symptom course (docs/plan.md)",
     .eg = "diary.csv", .flags = CLI_OPT_READS_FILE},
    {.name = "--plot-curve", .kind = CLI_OPT_PATH, .off = offsetof(taper_args, plot_curve), .metavar = "FILE",
     .help = "figure (.png, .svg or .pdf) of the dose-effect relation the plan steps along, with the plan's doses on it",
     .eg = "curve.svg"},
};

static const cli_cmd cmd = {
    .name = "taper",
    .usage = "--drug clonazepam --from \"1 mg bid\"\n"
             "                   [--method label|linear|proportional|hyperbolic|diazepam-crossover]\n"
             "                   [--formulation tablets|odt|liquid|compounded|strips|auto] [--times HH:MM,...]\n"
             "                   [--max-weeks N] [--percent P] [--interval-days D] [--effect-step E]\n"
             "                   [--optimize [--threshold W] [--min-interval-days D]]\n"
             "                   [--format text|csv|json|html] [--out FILE] [--ics FILE] [--start-date YYYY-MM-DD]\n"
             "                   [--plot FILE.png|.svg|.pdf] [--diary FILE.csv]\n",
    .about =
        "Plans a taper of a benzodiazepine or an SSRI to zero, every dose made of products from the\n"
        "registry that a pharmacy can dispense and a patient can measure (tablets, halves only where\n"
        "scored; ODT; a liquid measured with an oral syringe or in drops; compounded suspensions;\n"
        "tapering strips), with what to dispense, and simulates it after 12 weeks on the starting\n"
        "dose: concentration, occupancy and the withdrawal index (benzodiazepines) or the\n"
        "discontinuation index (SSRIs) per day, against an abrupt stop and the other methods.\n"
        "Methods and sources (docs/plan.md): label (US Klonopin label), linear (equal steps over\n"
        "--max-weeks, default 8), proportional (ASAM 2025: --percent 10 of the current dose every\n"
        "--interval-days 14; steps held below a tenth of the start so the stop is no larger than the\n"
        "last step), hyperbolic (Horowitz & Taylor 2019: equal steps of the model's effect, GABA-A\n"
        "drug effect or SERT occupancy), diazepam-crossover (Ashton). Benzodiazepine schedules are\n"
        "checked against the one taper-pace rule (cnsim/model.h, ASAM 2025), SSRI schedules against\n"
        "steps of 5 points of SERT occupancy. Doses at --times (default 08:00, bid 08:00 and 20:00,\n"
        "as in every command).\n"
        "Outputs: text (the schedule, default), json (schedule with per-dose products, dispense,\n"
        "simulated days, comparison), csv (one row per simulated day), html (a printable plan),\n"
        "--ics (a calendar), --plot (doses, effects and the dose-effect curve).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim taper --drug clonazepam --from \"1 mg bid\" --method proportional\n"
                "  cnsim taper --drug clonazepam --from \"1 mg bid\" --method hyperbolic --formulation liquid --format html "
                "--out plan.html\n"
                "  cnsim taper --drug sertraline --from \"100 mg qd\" --method hyperbolic --formulation liquid\n"
                "  cnsim taper --drug clonazepam --from \"0.5 mg bid\" --method label --format json --out plan.json\n"
                "  cnsim taper --drug clonazepam --from \"1 mg bid\" --method diazepam-crossover --format csv "
                "--out days.csv --plot taper.png\n"
                "  cnsim taper --drug clonazepam --from \"1 mg bid\" --diary scenarios/taper-diary.csv --format json\n",
    .formats = CLI_FMTS_TCJ | CLI_FMT_BIT(CLI_FMT_HTML),
};

static void clock_text(char *w, size_t n, double h)
{
    int hh = (int)floor(h + 1e-9), mm = (int)lround((h - hh) * 60);
    if (mm == 60)
        hh++, mm = 0;
    snprintf(w, n, "%02d:%02d", hh % 24, mm);
}

/* One step's doses: time, amount_mg, product, measure (and the units). */
static json_t *doses_json(const cnsim_taper_plan *p, const cnsim_taper_step *s)
{
    json_t *a = json_array();
    for (int k = 0; a && k < s->n_doses; k++) {
        const cnsim_taper_dose *d = &s->doses[k];
        char t[8];
        clock_text(t, sizeof t, d->clock_h);
        if (json_array_append_new(a, json_pack("{s:s,s:f,s:s,s:s,s:f,s:s}", "time", t, "amount_mg", d->amount_mg, "product",
                                               p->products[d->product].product, "measure", d->measure, "units", d->units,
                                               "unit", p->products[d->product].unit))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* What one step takes of each product over its days (units x days;
 * counted units rounded up: a half tablet still takes a tablet). */
static json_t *step_dispense_json(const cnsim_taper_plan *p, const cnsim_taper_step *s)
{
    json_t *a = json_array();
    int done[CNSIM_TAPER_MAX_PRODUCTS] = {0};
    for (int k = 0; a && k < s->n_doses; k++) {
        int prod = s->doses[k].product;
        if (done[prod]++)
            continue;
        double q = 0;
        for (int j = k; j < s->n_doses; j++)
            if (s->doses[j].product == prod)
                q += s->doses[j].units * s->days;
        const cnsim_product *pr = &p->products[prod];
        q = strcmp(pr->unit, "mL") ? ceil(q - 1e-9) : ceil(q * 10 - 1e-9) / 10;
        if (json_array_append_new(a, json_pack("{s:s,s:f,s:s,s:f}", "product", pr->product, "strength", pr->strength_mg,
                                               "unit", pr->unit, "quantity", q))) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* The plan's steps as JSON; NULL if jansson ran out of memory (every
 * constructor and insertion is checked: inserting NULL fails too). */
static json_t *steps_json(const cnsim_taper_plan *p, const cnsim_taper_opts *o)
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
        double before = -1;
        for (size_t j = i; j-- > 0;)
            if (p->steps[j].drug == s->drug) {
                before = p->steps[j].daily_dose_mg;
                break;
            }
        if (before < 0)
            before = s->drug == 0 ? o->from_dose_mg * o->n_per_day : 0;
        json_t *row = json_pack("{s:f,s:s,s:f,s:f,s:i,s:o,s:f,s:s,s:b,s:f,s:f,s:o}", "day", s->day, "drug",
                                p->drugs[s->drug], "daily_dose_mg", s->daily_dose_mg,
                                "dose_per_administration_mg", s->daily_dose_mg / s->n_per_day,
                                "administrations_per_day", s->n_per_day, "administrations_mg", adm,
                                "target_daily_mg", s->target_daily_mg, "tablets", s->tablets,
                                "needs_liquid", s->needs_liquid, "days", s->days, "step_mg", before - s->daily_dose_mg,
                                "doses", doses_json(p, s));
        ok &= row != NULL;
        if (ok && s->drug == 0)
            ok &= !json_object_set_new(row, "effect", isnan(s->effect) ? json_null() : json_real(s->effect));
        if (ok)
            ok &= !json_object_set_new(row, "dispense", step_dispense_json(p, s));
        ok = ok && !json_array_append_new(a, row);
    }
    if (!ok) {
        json_decref(a);
        return NULL;
    }
    return a;
}

/* What to dispense of each product over the plan. */
static json_t *dispense_json(const cnsim_taper_plan *p)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < p->n_dispense; i++) {
        const cnsim_taper_dispense *d = &p->dispense[i];
        const cnsim_product *q = &p->products[d->product];
        json_t *o = json_pack("{s:s,s:s,s:f,s:s,s:s,s:f,s:f,s:s,s:s,s:s}", "product", q->product, "drug", q->drug,
                              "strength", q->strength_mg, "strength_unit", !strcmp(q->unit, "mL") ? "mg/mL"
                                                                          : !strcmp(q->unit, "drop") ? "mg/drop"
                                                                                                     : "mg",
                              "unit", q->unit, "quantity", d->quantity, "supply_days", d->supply_days, "form", q->form,
                              "device", q->device, "source", q->source);
        if (o && isfinite(q->beyond_use_days))
            json_object_set_new(o, "beyond_use_days", json_real(q->beyond_use_days));
        if (!o || json_array_append_new(a, o)) {
            json_decref(a);
            return NULL;
        }
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
    if (p->is_ssri) {
        snprintf(c->name[c->n++], sizeof c->name[0], "sert_occupancy_frac_mean");
        snprintf(c->name[c->n++], sizeof c->name[0], "ssri_discontinuation_index_max");
    }
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
    if (p->is_ssri) {
        v[n++] = d->sert_occupancy;
        v[n++] = d->discontinuation;
    }
}

/* The schedule as a figure: the daily doses, the model's steady-state
 * effect of each day's dose (the quantity a hyperbolic taper steps along
 * in equal steps), and the simulated index and occupancy, day 0 = taper
 * start. */
static int write_plot(FILE *fp, const char *path, const cnsim_taper_plan *p, const char *method)
{
    size_t n = p->n_days;
    if (n < 2)
        return cli_bad_input("--plot: nothing to draw");
    double *t = malloc(n * sizeof *t), *dose = malloc(2 * n * sizeof *dose), *w = malloc(n * sizeof *w),
           *occ = malloc(n * sizeof *occ), *eff = malloc(n * sizeof *eff);
    if (!t || !dose || !w || !occ || !eff) {
        free(t), free(dose), free(w), free(occ), free(eff);
        return cli_fail("--plot: out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        t[i] = p->days[i].day * 24.0;
        dose[i] = p->days[i].daily_dose_mg[0];
        dose[n + i] = p->days[i].daily_dose_mg[1];
        w[i] = p->is_ssri ? p->days[i].discontinuation : p->days[i].withdrawal;
        occ[i] = p->is_ssri ? p->days[i].sert_occupancy : p->days[i].occupancy;
        eff[i] = NAN;
        for (size_t k = 0; k < p->n_steps; k++)
            if (p->steps[k].drug == 0 && p->steps[k].day <= p->days[i].day + 1e-9)
                eff[i] = p->steps[k].effect;
    }
    char l0[CNSIM_NAME_MAX + 16], l1[CNSIM_NAME_MAX + 16], title[200], le[128];
    snprintf(l0, sizeof l0, "%s (mg/day)", p->drugs[0]);
    snprintf(l1, sizeof l1, "%s (mg/day)", p->n_drugs > 1 ? p->drugs[1] : "");
    snprintf(le, sizeof le, "%s of the day's dose (steady state)", p->curve.effect);
    snprintf(title, sizeof title, "%s taper (%s, %s): %.0f d, peak %s %.3f", p->drugs[0], method,
             cnsim_taper_formulation_name(p->formulation), p->duration_days,
             p->is_ssri ? "discontinuation" : "withdrawal",
             p->is_ssri ? p->peak_discontinuation_index : p->peak_withdrawal_index);
    cnsim_plot_series ser[5] = {
        {.label = l0, .t_h = t, .y = dose, .n = n, .panel = 0, .color = 0},
        {.label = le, .t_h = t, .y = eff, .n = n, .panel = 1, .color = 3},
        {.label = p->is_ssri ? "discontinuation index" : "withdrawal index", .t_h = t, .y = w, .n = n, .panel = 2,
         .color = 1},
        {.label = p->is_ssri ? "SERT occupancy (fraction)" : "BZD-site occupancy (fraction)", .t_h = t, .y = occ, .n = n,
         .panel = 2, .color = 2, .dashed = 1},
        {.label = l1, .t_h = t, .y = dose + n, .n = n, .panel = 0, .color = 4},
    };
    const char *titles[3] = {"daily dose", "the effect the plan steps along (docs/plan.md)",
                             "simulated (docs/models.md)"};
    const char *ylab[3] = {"dose (mg/day)", "effect (0-1)", "index or fraction (0-1)"};
    cnsim_plot_spec spec = {.title = title, .n_panels = 3, .panel_titles = titles, .panel_y_labels = ylab,
                            .series = ser, .n_series = p->n_drugs > 1 ? 5 : 4,
                            .footnote = "cnsim is a research and teaching simulator, not medical advice."};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    free(t), free(dose), free(w), free(occ), free(eff);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

/* The dose-effect relation the plan was built on, with the plan's doses
 * on it: dose (mg/day) across, effect up. */
static int write_curve_plot(FILE *fp, const char *path, const cnsim_taper_plan *p)
{
    const cnsim_taper_curve *cv = &p->curve;
    size_t m = 0;
    double x[CNSIM_TAPER_MAX_STEPS + 1], y[CNSIM_TAPER_MAX_STEPS + 1];
    for (size_t k = 0; k < p->n_steps && m < CNSIM_TAPER_MAX_STEPS; k++)
        if (p->steps[k].drug == 0)
            x[m] = p->steps[k].daily_dose_mg, y[m] = p->steps[k].effect, m++;
    char title[160], xl[96];
    snprintf(title, sizeof title, "%s: %s against the daily dose", p->drugs[0], cv->effect);
    snprintf(xl, sizeof xl, "%s daily dose (mg/day)", p->drugs[0]);
    cnsim_plot_series ser[2] = {
        {.label = "model, steady state", .t_h = cv->dose_mg, .y = cv->effect_value, .n = cv->n, .panel = 0, .color = 3},
        {.label = "the plan's doses", .t_h = x, .y = y, .n = m, .panel = 0, .color = 0, .points = 1},
    };
    const char *ylab[1] = {"effect (0-1)"};
    cnsim_plot_spec spec = {.title = title, .n_panels = 1, .panel_y_labels = ylab, .series = ser, .n_series = 2,
                            .x_label = xl, .footnote = cv->description};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot-curve");
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
    cli_progress pg = {0};
    rc = 0;
    o.max_weeks = a.max_weeks, o.percent = a.percent, o.interval_days = a.interval_days;
    o.threshold = a.threshold, o.min_interval_days = a.min_interval_days;
    if (a.has_effect_step)
        o.effect_step = a.effect_step;
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
    if (start && !ics && fmt != CLI_FMT_HTML)
        return cli_bad_input("--start-date: '%s' given without --ics or --format html; --start-date applies to those",
                             start);
    if (start && (rc = check_date(start)) != 0)
        return rc;
    if (a.diary && (optimize || ics || fmt == CLI_FMT_HTML || a.plot_curve || strcmp(a.method, "proportional")))
        return cli_bad_input("--diary: given with %s; the adaptive taper takes --drug, --from, --percent, "
                             "--interval-days, --formulation, --times, --format text|json|csv, --out and --plot",
                             optimize ? "--optimize" : ics ? "--ics" : fmt == CLI_FMT_HTML ? "--format html"
                             : a.plot_curve ? "--plot-curve" : "--method");
    cnsim_status st = cnsim_parse_dose_per_day(a.from, "--from", &o.from_dose_mg, &o.n_per_day);
    if (st != CNSIM_OK)
        return cli_report(st, "--from");
    if ((st = cnsim_taper_method_parse(a.method, &o.method)) != CNSIM_OK)
        return cli_report(st, "--method");
    if (a.formulation && (st = cnsim_taper_formulation_parse(a.formulation, &o.formulation)) != CNSIM_OK)
        return cli_report(st, "--formulation");
    if (a.has_effect_step && o.method != CNSIM_TAPER_HYPERBOLIC)
        return cli_bad_input("--effect-step: %g given with --method %s; --effect-step applies to --method hyperbolic",
                             a.effect_step, a.method);
    if (a.times) {
        int nt = 0;
        if ((st = cnsim_parse_clock_list(a.times, "--times", o.clock_h, CNSIM_TAPER_MAX_ADMIN, &nt)) != CNSIM_OK)
            return cli_report(st, "--times");
        if (nt != o.n_per_day)
            return cli_bad_input("--times: '%s' gives %d clock time(s); --from \"%s\" has %d administration(s) a day; "
                                 "expected %d time(s)", a.times, nt, a.from, o.n_per_day, o.n_per_day);
    }
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *f, *ics_fp = NULL, *plot_fp = NULL, *curve_fp = NULL;
    if ((rc = cli_outs_open(&outs, out, "--out", &f)) || (ics && (rc = cli_outs_open(&outs, ics, "--ics", &ics_fp))) ||
        (plot && (rc = cli_outs_open_plot(&outs, plot, &plot_fp))) ||
        (a.plot_curve && (rc = cli_outs_open_plot(&outs, a.plot_curve, &curve_fp))))
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
    if (a.diary) {
        cnsim_diary_opts dop = cnsim_diary_opts_default();
        dop.drug = canon, dop.n_per_day = o.n_per_day, dop.formulation = o.formulation;
        dop.percent = o.percent;
        if (!isnan(o.interval_days))
            dop.interval_days = o.interval_days;
        memcpy(dop.clock_h, o.clock_h, sizeof dop.clock_h);
        rc = taper_diary_run(reg, &dop, a.diary, fmt, f, plot_fp, plot);
        cnsim_registry_free(reg);
        return cli_outs_close(&outs, rc);
    }
    cnsim_taper_plan *plan = calloc(1, sizeof *plan), *other = calloc(1, sizeof *other);
    json_t *cmp = json_array(), *spread = NULL;
    double abrupt = NAN;
    if (!plan || !other || !cmp) {
        rc = cli_fail("taper: out of memory");
        goto done;
    }
    /* the plan, the abrupt stop and each method compared (SSRIs with a
     * nonlinear PK take seconds) */
    double n_stages = 2 + CNSIM_TAPER_OPTIMIZED + (o.method == CNSIM_TAPER_DIAZEPAM_CROSSOVER), stage = 0;
    cli_progress_start(&pg, a.quiet, a.progress, "simulations", 1);
    st = optimize ? cnsim_taper_optimize(reg, &o, plan)
                  : cnsim_taper_build(reg, &o, plan);
    if (st == CNSIM_OK && !optimize)
        st = cnsim_taper_simulate(reg, &o, plan);
    if (st == CNSIM_OK)
        cli_progress_fn(&pg, ++stage, n_stages);
    if (st == CNSIM_OK)
        st = cnsim_taper_abrupt_peak(reg, &o, &abrupt);
    if (st == CNSIM_OK)
        cli_progress_fn(&pg, ++stage, n_stages);
    if (st != CNSIM_OK) {
        cli_progress_end(&pg);
        pg.on = 0;
        rc = cli_report(st, "taper");
        goto done;
    }
    for (int m = 0; m < CNSIM_TAPER_OPTIMIZED; m++) {
        cnsim_taper_opts q = o;
        q.curve = plan->curve.n ? &plan->curve : NULL;   /* the same drug and regimen */
        q.method = (cnsim_taper_method)m, q.max_weeks = NAN;
        cli_progress_fn(&pg, ++stage, n_stages);
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
        int added = !json_array_append_new(cmp, json_pack("{s:s,s:s,s:f,s:f,s:f,s:f}", "method",
                                                          cnsim_taper_method_name(q.method), "formulation",
                                                          cnsim_taper_formulation_name(other->formulation),
                                                          "duration_days", other->duration_days,
                                                          "peak_withdrawal_index", other->peak_withdrawal_index,
                                                          "peak_discontinuation_index", other->peak_discontinuation_index,
                                                          "final_daily_mg", other->final_daily_mg));
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
        q.curve = plan->curve.n ? &plan->curve : NULL;
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
    cli_progress_end(&pg);
    pg.on = 0;                         /* ended; not again at done */
    if (ics_fp && (rc = write_ics(ics_fp, plan, start)) != 0)
        goto done;
    if (plot_fp && (rc = write_plot(plot_fp, plot, plan, optimize ? "optimized" : cnsim_taper_method_name(o.method))) != 0)
        goto done;
    if (curve_fp && (rc = write_curve_plot(curve_fp, a.plot_curve, plan)) != 0)
        goto done;
    const char *mname = optimize ? "optimized" : cnsim_taper_method_name(o.method);
    const char *msrc = cnsim_taper_method_source(optimize ? CNSIM_TAPER_OPTIMIZED : o.method);
    if (fmt == CLI_FMT_HTML) {
        /* the figure as SVG text, drawn into memory and inlined */
        char *svg = NULL;
        size_t svg_n = 0;
        FILE *mem = open_memstream(&svg, &svg_n);
        if (!mem) {
            rc = cli_fail("taper: out of memory drawing the figure");
            goto done;
        }
        int prc = write_plot(mem, "plan.svg", plan, mname);
        if (fclose(mem) != 0 && !prc)
            prc = cli_fail("taper: out of memory drawing the figure");
        if (prc) {
            free(svg);
            rc = prc;
            goto done;
        }
        taper_html_in hin = {.plan = plan, .opts = &o, .method_name = mname, .method_source = msrc,
                             .abrupt_peak = abrupt, .start_date = start, .svg = svg};
        rc = taper_html_write(f, &hin);
        free(svg);
        if (rc)
            goto done;
    } else if (fmt == CLI_FMT_JSON) {
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
                              "schedule", steps_json(plan, &o), "duration_days", plan->duration_days,
                              "peak_withdrawal_index", plan->peak_withdrawal_index, "peak_day", plan->peak_day,
                              "abrupt_peak_withdrawal_index", abrupt, "warnings", w, "comparison", cmp, "days", days);
        cmp = NULL;
        if (j) {
            char tbuf[48] = "";
            for (int k = 0; k < o.n_per_day && plan->n_steps; k++) {
                char t[8];
                clock_text(t, sizeof t, plan->steps[0].clock_h[k]);
                snprintf(tbuf + strlen(tbuf), sizeof tbuf - strlen(tbuf), "%s%s", k ? "," : "", t);
            }
            json_t *eff = json_pack("{s:s,s:s,s:o}", "name", plan->curve.effect, "description", plan->curve.description,
                                    "step", isnan(plan->effect_step) ? json_null() : json_real(plan->effect_step));
            json_t *curve = json_array();
            for (size_t k = 0; curve && k < plan->curve.n; k++)
                json_array_append_new(curve, json_pack("{s:f,s:f}", "daily_dose_mg", plan->curve.dose_mg[k], "effect",
                                                       plan->curve.effect_value[k]));
            if (eff && curve)
                json_object_set_new(eff, "dose_effect", curve);
            else
                json_decref(curve);
            ok &= !json_object_set_new(j, "formulation", json_string(cnsim_taper_formulation_name(plan->formulation)));
            ok &= !json_object_set_new(j, "times", json_string(tbuf));
            ok &= !json_object_set_new(j, "dispense", dispense_json(plan));
            ok &= !json_object_set_new(j, "effect", eff);
            ok &= !json_object_set_new(j, "final_daily_mg", json_real(plan->final_daily_mg));
            ok &= !json_object_set_new(j, "index", json_string(plan->is_ssri ? "ssri_discontinuation_index"
                                                                              : "withdrawal_index"));
            ok &= !json_object_set_new(j, "peak_discontinuation_index", plan->is_ssri
                                                                           ? json_real(plan->peak_discontinuation_index)
                                                                           : json_null());
            ok &= !json_object_set_new(j, "peak_discontinuation_day", plan->is_ssri
                                                                         ? json_real(plan->peak_discontinuation_day)
                                                                         : json_null());
        }
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
        fprintf(cli_stderr(), "cnsim: note: a research and teaching simulator, not medical advice\n");
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
        fprintf(f, "  formulation %s; simulated after %g days on the starting dose (adaptation established)\n",
                cnsim_taper_formulation_name(plan->formulation), o.pre_days);
        if (plan->curve.n)
            fprintf(f, "  effect: %s\n", plan->curve.description);
        if (!isnan(plan->effect_step))
            fprintf(f, "  hyperbolic: equal steps of %.3f of that effect (from %.3f at the starting dose)\n",
                    plan->effect_step, cnsim_taper_effect_at(plan, o.from_dose_mg * o.n_per_day));
        fputc('\n', f);
        for (size_t i = 0; i < plan->n_steps; i++) {
            const cnsim_taper_step *s = &plan->steps[i];
            char eff[32] = "";
            if (s->drug == 0 && !isnan(s->effect))
                snprintf(eff, sizeof eff, "  [effect %.3f]", s->effect);
            fprintf(f, "  day %4g  %-10s %6g mg/day  %s%s%s\n", s->day, plan->drugs[s->drug], s->daily_dose_mg, s->tablets,
                    eff, s->needs_liquid ? "  [the products cannot follow the method here]" : "");
        }
        fprintf(f, "\nto dispense:\n");
        for (size_t i = 0; i < plan->n_dispense; i++) {
            const cnsim_taper_dispense *d = &plan->dispense[i];
            const cnsim_product *q = &plan->products[d->product];
            fprintf(f, "  %-12s %-45s %8g %s%s over %g days", q->drug, q->product, d->quantity, q->unit,
                    d->quantity == 1 || !strcmp(q->unit, "mL") ? "" : "s", d->supply_days);
            if (isfinite(q->beyond_use_days))
                fprintf(f, "; beyond-use %g days: prepare in %d batch(es)", q->beyond_use_days,
                        (int)ceil(d->supply_days / q->beyond_use_days - 1e-9));
            fputc('\n', f);
        }
        if (plan->is_ssri)
            fprintf(f, "\nduration %g days; final dose %g mg/day; peak discontinuation index %.3f (day %g); abrupt stop %.3f\n",
                    plan->duration_days, plan->final_daily_mg, plan->peak_discontinuation_index,
                    plan->peak_discontinuation_day, abrupt);
        else
            fprintf(f, "\nduration %g days; final dose %g mg/day; peak withdrawal index %.3f (day %g); abrupt stop %.3f\n",
                    plan->duration_days, plan->final_daily_mg, plan->peak_withdrawal_index, plan->peak_day, abrupt);
        for (size_t i = 0; i < json_array_size(cmp); i++) {
            json_t *c = json_array_get(cmp, i);
            fprintf(f, "  %-20s %-11s duration %5.0f days, peak %.3f\n", json_string_value(json_object_get(c, "method")),
                    json_string_value(json_object_get(c, "formulation")),
                    json_real_value(json_object_get(c, "duration_days")),
                    json_real_value(json_object_get(c, plan->is_ssri ? "peak_discontinuation_index"
                                                                     : "peak_withdrawal_index")));
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
    cli_progress_end(&pg);
    rc = cli_outs_close(&outs, rc);
    json_decref(cmp);
    json_decref(spread);
    if (plan)
        cnsim_taper_plan_free(plan);
    free(plan), free(other);
    cnsim_registry_free(reg);
    return rc;
}
