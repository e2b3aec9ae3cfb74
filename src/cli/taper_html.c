/* `cnsim taper --format html`: the plan as one printable HTML5 document
 * (taper_html.h). Sections, in order: the title with the disclaimer, the
 * method, formulation and duration; the warnings; the schedule; what to
 * dispense; a calendar; a weekly symptom diary; the simulated summary and
 * the figure. Everything is written in one pass, without allocation. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "taper_html.h"

#define DISCLAIMER "cnsim is a research and teaching simulator, not medical advice."

/* The diary covers the plan's weeks and 4 after the stop, at most this
 * many rows: a longer plan prints a second sheet later. */
#define DIARY_WEEKS_AFTER 4
#define DIARY_MAX_ROWS 60

typedef struct html {
    FILE *fp;
    const taper_html_in *in;
    const cnsim_taper_plan *p;
    size_t n_drugs;       /* 1 or 2 */
    int has_date;
    long z0;              /* taper day 0 in days since 1970-01-01 */
    long n_days;          /* calendar days: day 0 to the stop day */
} html;

/* ---- text ---- */

/* A formatted string, escaped. Only for formats whose fields are bounded
 * (plan fields, numbers): the text is cut at 1 KiB. */
static void escf(FILE *fp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void escf(FILE *fp, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_html_text(fp, buf);
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar,
 * and back (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms",
 * days_from_civil and civil_from_days): integer arithmetic, no time zone
 * and no time_t range to think about. */
static long days_from_civil(long y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* 0 = Monday ... 6 = Sunday; 1970-01-01 was a Thursday. */
static int weekday(long z)
{
    return (int)(((z % 7) + 7 + 3) % 7);
}

/* start_date as days since 1970-01-01: YYYY-MM-DD, a day that exists,
 * years 1900-9999 (the range --start-date accepts). */
static int parse_date(const char *text, long *z)
{
    int ok = strlen(text) == 10 && text[4] == '-' && text[7] == '-';
    for (int i = 0; ok && i < 10; i++)
        ok = i == 4 || i == 7 || (text[i] >= '0' && text[i] <= '9');
    if (!ok)
        return cli_bad_input("--start-date: '%s' is not a date; expected YYYY-MM-DD, e.g. 2027-01-04", text);
    int y = atoi(text), m = atoi(text + 5), d = atoi(text + 8);
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int is_leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && is_leap))
        return cli_bad_input("--start-date: '%s' is not a calendar date; expected YYYY-MM-DD from 1900-01-01", text);
    *z = days_from_civil(y, m, d);
    return 0;
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "2027-01-04" of taper day `day`. */
static void date_iso(const html *h, long day, char buf[24])
{
    long y;
    int m, d;
    civil_from_days(h->z0 + day, &y, &m, &d);
    snprintf(buf, 24, "%04ld-%02d-%02d", y, m, d);
}

/* A taper day as the schedule shows it: "day 14", or with a start date
 * "2027-01-18 (day 14)". */
static void put_day(const html *h, long day)
{
    if (!h->has_date) {
        fprintf(h->fp, "day %ld", day);
        return;
    }
    char b[24];
    date_iso(h, day, b);
    fprintf(h->fp, "%s <span class=\"dn\">(day %ld)</span>", b, day);
}

/* "08:00" of a clock hour; "--:--" when it is not a number. */
static void clock_str(double clock_h, char buf[8])
{
    if (!isfinite(clock_h)) {
        snprintf(buf, 8, "--:--");
        return;
    }
    long min = lround(clock_h * 60) % 1440;
    if (min < 0)
        min += 1440;
    snprintf(buf, 8, "%02ld:%02ld", min / 60, min % 60);
}

static int clock_min(double clock_h)
{
    if (!isfinite(clock_h))
        return -1;
    long min = lround(clock_h * 60) % 1440;
    return (int)(min < 0 ? min + 1440 : min);
}

/* ---- plan lookups ---- */

static const char *drug_name(const html *h, int drug)
{
    return drug >= 0 && (size_t)drug < h->n_drugs ? h->p->drugs[drug] : "?";
}

static const cnsim_product *product_at(const html *h, int i)
{
    return i >= 0 && (size_t)i < h->p->n_products && i < CNSIM_TAPER_MAX_PRODUCTS ? &h->p->products[i] : NULL;
}

static size_t n_steps(const html *h)
{
    return h->p->n_steps < CNSIM_TAPER_MAX_STEPS ? h->p->n_steps : CNSIM_TAPER_MAX_STEPS;
}

static int n_doses(const cnsim_taper_step *s)
{
    return s->n_doses < 0 ? 0 : s->n_doses > CNSIM_TAPER_MAX_DOSES ? CNSIM_TAPER_MAX_DOSES : s->n_doses;
}

static int n_admin(const cnsim_taper_step *s)
{
    return s->n_per_day < 0 ? 0 : s->n_per_day > CNSIM_TAPER_MAX_ADMIN ? CNSIM_TAPER_MAX_ADMIN : s->n_per_day;
}

/* Daily dose of plan drug `drug` on taper day `day`: that of the drug's
 * step in force (the latest that has begun), the starting dose before
 * drug 0's first step, none before drug 1's. */
static double daily_on(const html *h, int drug, long day)
{
    const cnsim_taper_opts *o = h->in->opts;
    double v = drug == 0 ? o->from_dose_mg * o->n_per_day : 0, since = -INFINITY;
    for (size_t i = 0; i < n_steps(h); i++) {
        const cnsim_taper_step *s = &h->p->steps[i];
        if (s->drug == drug && s->day <= day + 1e-9 && s->day >= since)
            v = s->daily_dose_mg, since = s->day;
    }
    return v;
}

/* "clonazepam 0.5 mg tablet": the drug's name before the product's
 * display name, unless that name already starts with it. */
static void put_product(const html *h, const cnsim_product *pr)
{
    if (!pr) {
        fputs("(unknown product)", h->fp);
        return;
    }
    size_t n = strlen(pr->drug);
    if (n && strncasecmp(pr->product, pr->drug, n)) {
        cli_html_text(h->fp, pr->drug);
        fputc(' ', h->fp);
    }
    cli_html_text(h->fp, pr->product);
}

/* An amount in a product's unit: "0.35 mL", "1 1/2 tablets", "3 drops". */
static void put_units(FILE *fp, double units, const char *unit)
{
    if (!strcmp(unit, "mL") || !unit[0]) {
        fprintf(fp, "%g%s%s", units, unit[0] ? " " : "", unit);
        return;
    }
    double whole = floor(units + 1e-9), frac = units - whole;
    const char *f = fabs(frac - 0.25) < 1e-6 ? "1/4" : fabs(frac - 0.5) < 1e-6 ? "1/2"
                    : fabs(frac - 0.75) < 1e-6 ? "3/4" : NULL;
    if (f && whole > 0)
        fprintf(fp, "%g %s ", whole, f);
    else if (f)
        fprintf(fp, "%s ", f);
    else
        fprintf(fp, "%g ", units);
    cli_html_text(fp, unit);
    if (units > 1 + 1e-9)
        fputc('s', fp);
}

/* ---- sections ---- */

static const char *const css =
    "body{font:10.5pt/1.35 \"DejaVu Sans\",Arial,Helvetica,sans-serif;color:#000;background:#fff;"
    "max-width:62em;margin:1.5em auto;padding:0 1em}\n"
    "h1{font-size:16pt;margin:0 0 .3em}\n"
    "h2{font-size:13pt;margin:1.2em 0 .4em;border-bottom:1px solid #777}\n"
    ".disclaimer{font-weight:bold;border:2px solid #000;padding:.35em .6em}\n"
    "dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15em 1em}\n"
    "dl.facts dt{font-weight:bold}\n"
    "dl.facts dd{margin:0}\n"
    ".warnings{border:3px solid #b00000;background:#fff1f1;padding:.2em 1em .6em;margin-top:1em}\n"
    ".warnings h2{color:#b00000;border:0}\n"
    ".warnings li{margin:.35em 0}\n"
    ".code{font-family:\"DejaVu Sans Mono\",monospace;font-weight:bold}\n"
    ".src,.dn,.note{color:#444;font-size:88%}\n"
    ".dn{white-space:nowrap}\n"
    "table{border-collapse:collapse;width:100%;margin:.4em 0}\n"
    "th,td{border:1px solid #777;padding:.2em .35em;vertical-align:top;text-align:left}\n"
    "thead th{background:#eee}\n"
    "td.num{text-align:right;white-space:nowrap}\n"
    "tr.stop td{font-weight:bold}\n"
    ".dose{display:block}\n"
    ".dose+.dose{margin-top:.2em}\n"
    "table.cal{table-layout:fixed;font-size:8pt}\n"
    "table.cal th,table.cal td{padding:1px 3px;line-height:1.2}\n"
    "table.cal th.wk{width:4.5em}\n"
    "table.cal td.x{background:#f2f2f2}\n"
    "table.cal td.chg{border:2px solid #000;font-weight:bold}\n"
    "table.cal .dt{display:block;color:#444;font-weight:normal}\n"
    "table.diary{table-layout:fixed;font-size:8pt}\n"
    "table.diary thead th{font-weight:normal;vertical-align:bottom;hyphens:auto}\n"
    "table.diary td{height:1.9em}\n"
    "table.diary th.wk{width:6.5em}\n"
    "table.diary th.notes{width:9em}\n"
    "figure{margin:1em 0}\n"
    ".fig svg{max-width:100%;height:auto}\n"
    /* No page size: the same margins fit A4 and Letter, and the width of
     * every table is the page's. */
    "@page{margin:12mm}\n"
    "@media print{\n"
    "body{margin:0;max-width:none;padding:0;font-size:9.5pt}\n"
    "section.page{break-before:page}\n"
    "h2{break-after:avoid}\n"
    "tr,figure,.warnings li{break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    ".warnings,thead th,table.cal td.x{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "}\n";

static const char *freq_words(int n)
{
    static const char *const w[] = {"", "once daily", "twice daily", "three times daily", "four times daily"};
    return n >= 1 && n <= 4 ? w[n] : "daily";
}

/* "clonazepam taper: 0.5 mg twice daily (1 mg/day), proportional method" */
static void put_title(const html *h, const char *method)
{
    const cnsim_taper_opts *o = h->in->opts;
    escf(h->fp, "%s taper: %g mg %s (%g mg/day), ", h->p->drugs[0], o->from_dose_mg, freq_words(o->n_per_day),
         o->from_dose_mg * o->n_per_day);
    cli_html_text(h->fp, method);
    fputs(" method", h->fp);
}

static void write_head(const html *h, const char *method)
{
    FILE *fp = h->fp;
    const cnsim_taper_opts *o = h->in->opts;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"cnsim\">\n<title>", fp);
    escf(fp, "%s taper plan from %g mg/day, ", h->p->drugs[0], o->from_dose_mg * o->n_per_day);
    cli_html_text(fp, method);
    fputs(" method (cnsim)</title>\n<style>\n", fp);
    fputs(css, fp);
    fputs("</style>\n</head>\n<body>\n", fp);
}

static void write_header(const html *h, const char *method, const char *source)
{
    FILE *fp = h->fp;
    const cnsim_taper_plan *p = h->p;
    fputs("<header>\n<h1>", fp);
    put_title(h, method);
    fputs("</h1>\n<p class=\"disclaimer\">" DISCLAIMER "</p>\n<dl class=\"facts\">\n<dt>Method</dt><dd>", fp);
    cli_html_text(fp, method);
    fputs("</dd>\n<dt>Source</dt><dd>", fp);
    cli_html_text(fp, source);
    fputs("</dd>\n<dt>Formulation</dt><dd>", fp);
    cli_html_text(fp, cnsim_taper_formulation_name(p->formulation));
    if (p->n_drugs > 1) {
        fputs("</dd>\n<dt>Drugs</dt><dd>", fp);
        escf(fp, "%s, then %s (crossover)", p->drugs[0], p->drugs[1]);
    }
    fputs("</dd>\n<dt>Duration</dt><dd>", fp);
    long end = h->n_days - 1;
    fprintf(fp, "%ld days (%.1f weeks): ", end, end / 7.0);
    if (h->has_date) {
        char a[24], b[24];
        date_iso(h, 0, a), date_iso(h, end, b);
        fprintf(fp, "from %s (day 0) to %s (day %ld), the first day without ", a, b, end);
    } else {
        fprintf(fp, "from day 0 to day %ld, the first day without ", end);
    }
    cli_html_text(fp, p->n_drugs > 1 ? p->drugs[1] : p->drugs[0]);
    fputs("</dd>\n</dl>\n</header>\n", fp);
}

static void write_warnings(const html *h)
{
    FILE *fp = h->fp;
    const cnsim_taper_plan *p = h->p;
    size_t n = p->n_warnings < CNSIM_TAPER_MAX_WARNINGS ? p->n_warnings : CNSIM_TAPER_MAX_WARNINGS;
    if (!n)
        return;
    fputs("<section id=\"warnings\" class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n", fp);
    for (size_t i = 0; i < n; i++) {
        const cnsim_taper_warning *w = &p->warnings[i];
        fputs("<li><span class=\"code\">", fp);
        cli_html_text(fp, w->code);
        fputs("</span>: ", fp);
        cli_html_text(fp, w->message);
        if (w->source[0]) {
            fputs(" <span class=\"src\">[", fp);
            cli_html_text(fp, w->source);
            fputs("]</span>", fp);
        }
        fputs("</li>\n", fp);
    }
    fputs("</ul>\n</section>\n", fp);
}

/* The administration times of the whole plan, in minutes of the day,
 * ascending: those of the doses, or of the administrations of a step
 * without doses. Returns their count; cols holds 1440. */
static int admin_columns(const html *h, int *cols)
{
    unsigned char used[1440] = {0};
    for (size_t i = 0; i < n_steps(h); i++) {
        const cnsim_taper_step *s = &h->p->steps[i];
        int m;
        for (int k = 0; k < n_doses(s); k++)
            if ((m = clock_min(s->doses[k].clock_h)) >= 0)
                used[m] = 1;
        if (!n_doses(s) && s->daily_dose_mg > 0)
            for (int a = 0; a < n_admin(s); a++)
                if ((m = clock_min(s->clock_h[a])) >= 0)
                    used[m] = 1;
    }
    int n = 0;
    for (int m = 0; m < 1440; m++)
        if (used[m])
            cols[n++] = m;
    return n;
}

/* What to take at one administration time: each dose as its measure,
 * product and amount. */
static void put_admin_cell(const html *h, const cnsim_taper_step *s, int minute)
{
    FILE *fp = h->fp;
    int any = 0;
    for (int k = 0; k < n_doses(s); k++) {
        const cnsim_taper_dose *d = &s->doses[k];
        if (clock_min(d->clock_h) != minute)
            continue;
        fputs("<span class=\"dose\">", fp);
        cli_html_text(fp, d->measure);
        fputs(" of ", fp);
        put_product(h, product_at(h, d->product));
        fprintf(fp, " (%g mg)</span>", d->amount_mg);
        any = 1;
    }
    if (!n_doses(s) && s->daily_dose_mg > 0)
        for (int a = 0; a < n_admin(s); a++)
            if (clock_min(s->clock_h[a]) == minute) {
                fprintf(fp, "<span class=\"dose\">%g mg</span>", s->admin_mg[a]);
                any = 1;
            }
    if (!any)
        fputs("–", fp);
}

/* The device a dose is measured with: the one its measure names in its
 * closing parentheses ("0.35 mL (1 mL oral syringe)"), else the
 * product's; none for a product measured without one (tablets). Written
 * into buf, "" for none. */
static void dose_device(const cnsim_taper_dose *d, const cnsim_product *pr, char *buf, size_t n)
{
    buf[0] = '\0';
    if (!pr || !pr->device[0])
        return;
    const char *open = strrchr(d->measure, '('), *close = d->measure + strlen(d->measure) - 1;
    if (open && *close == ')' && close - open > 1)
        snprintf(buf, n, "%.*s", (int)(close - open - 1), open + 1);
    else
        snprintf(buf, n, "%s", pr->device);
}

/* The directions as a prescription line, built from the doses: doses of
 * the same product, amount and measure are one clause with their times,
 * e.g. "Take 0.35 mL (0.035 mg) of clonazepam 0.1 mg/mL oral suspension,
 * measured with the 1 mL oral syringe, by mouth at 08:00 and 20:00 for
 * 14 days." */
static void put_directions(const html *h, const cnsim_taper_step *s)
{
    FILE *fp = h->fp;
    if (!(s->daily_dose_mg > 0)) {
        fputs("Stop: take no more ", fp);
        cli_html_text(fp, drug_name(h, s->drug));
        fputs(" from ", fp);
        put_day(h, lround(s->day));
        fputs(" on.", fp);
        return;
    }
    int nd = n_doses(s);
    if (!nd) {
        fputs("Take ", fp);
        if (s->tablets[0])
            cli_html_text(fp, s->tablets);
        else
            escf(fp, "%g mg of %s a day", s->daily_dose_mg, drug_name(h, s->drug));
    }
    int done[CNSIM_TAPER_MAX_DOSES] = {0};
    for (int i = 0, first = 1; i < nd; i++) {
        if (done[i])
            continue;
        const cnsim_taper_dose *d = &s->doses[i];
        const cnsim_product *pr = product_at(h, d->product);
        int same[CNSIM_TAPER_MAX_DOSES], n_same = 0;
        for (int j = i; j < nd; j++) {
            const cnsim_taper_dose *e = &s->doses[j];
            if (!done[j] && e->product == d->product && fabs(e->units - d->units) < 1e-9 &&
                fabs(e->amount_mg - d->amount_mg) < 1e-12 && !strcmp(e->measure, d->measure))
                same[n_same++] = j, done[j] = 1;
        }
        fputs(first ? "Take " : ", plus ", fp);
        first = 0;
        put_units(fp, d->units, pr ? pr->unit : "");
        fprintf(fp, " (%g mg) of ", d->amount_mg);
        put_product(h, pr);
        char device[sizeof d->measure];
        dose_device(d, pr, device, sizeof device);
        if (device[0]) {
            fputs(", measured with the ", fp);
            cli_html_text(fp, device);
            fputc(',', fp);
        }
        fputs(" by mouth at ", fp);
        for (int k = 0; k < n_same; k++) {
            char c[8];
            clock_str(s->doses[same[k]].clock_h, c);
            fprintf(fp, "%s%s", k == 0 ? "" : k == n_same - 1 ? " and " : ", ", c);
        }
    }
    if (s->days > 0)
        fprintf(fp, " for %g day%s", s->days, s->days == 1 ? "" : "s");
    fputc('.', fp);
}

static void write_schedule(const html *h)
{
    FILE *fp = h->fp;
    const cnsim_taper_plan *p = h->p;
    int cols[1440], n_cols = admin_columns(h, cols);
    fputs("<section id=\"schedule\" class=\"page\">\n<h2>Schedule</h2>\n", fp);
    fputs("<p class=\"note\">One row per step: the daily dose from the first day to the last, what to take at each "
          "time of day, and the directions. Effect: the model's steady-state effect at the step's daily dose (", fp);
    cli_html_text(fp, p->curve.effect[0] ? p->curve.effect : "not given");
    fputs("; see Simulation).</p>\n<table class=\"schedule\">\n<thead>\n<tr><th scope=\"col\">Step</th>", fp);
    if (h->n_drugs > 1)
        fputs("<th scope=\"col\">Drug</th>", fp);
    fputs("<th scope=\"col\">From</th><th scope=\"col\">Until</th><th scope=\"col\">Daily dose (mg)</th>", fp);
    for (int c = 0; c < n_cols; c++)
        fprintf(fp, "<th scope=\"col\">%02d:%02d</th>", cols[c] / 60, cols[c] % 60);
    fputs("<th scope=\"col\">Directions</th><th scope=\"col\">Effect</th></tr>\n</thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < n_steps(h); i++) {
        const cnsim_taper_step *s = &p->steps[i];
        int is_stop = !(s->daily_dose_mg > 0);
        fprintf(fp, "<tr%s><td class=\"num\">%zu</td>", is_stop ? " class=\"stop\"" : "", i + 1);
        if (h->n_drugs > 1) {
            fputs("<td>", fp);
            cli_html_text(fp, drug_name(h, s->drug));
            fputs("</td>", fp);
        }
        fputs("<td>", fp);
        put_day(h, lround(s->day));
        fputs("</td><td>", fp);
        if (s->days > 0 && !is_stop)
            put_day(h, lround(s->day + s->days) - 1);
        else
            fputs("–", fp);
        fprintf(fp, "</td><td class=\"num\">%g", is_stop ? 0.0 : s->daily_dose_mg);
        if (s->needs_liquid)
            fputs("<br><span class=\"note\">the products limit this step</span>", fp);
        fputs("</td>", fp);
        for (int c = 0; c < n_cols; c++) {
            fputs("<td>", fp);
            if (!is_stop)
                put_admin_cell(h, s, cols[c]);
            else
                fputs("–", fp);
            fputs("</td>", fp);
        }
        fputs("<td>", fp);
        put_directions(h, s);
        if (isfinite(s->effect))
            fprintf(fp, "</td><td class=\"num\">%.3f</td></tr>\n", s->effect);
        else
            fputs("</td><td class=\"num\">–</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n</section>\n", fp);
}

/* The first taper day on which the plan uses product `prod`, or -1. */
static long first_use(const html *h, int prod)
{
    double first = INFINITY;
    for (size_t i = 0; i < n_steps(h); i++) {
        const cnsim_taper_step *s = &h->p->steps[i];
        for (int k = 0; k < n_doses(s); k++)
            if (s->doses[k].product == prod && s->day < first)
                first = s->day;
    }
    return isfinite(first) ? lround(first) : -1;
}

static void write_dispensing(const html *h)
{
    FILE *fp = h->fp;
    const cnsim_taper_plan *p = h->p;
    size_t n = p->n_dispense < CNSIM_TAPER_MAX_PRODUCTS ? p->n_dispense : CNSIM_TAPER_MAX_PRODUCTS;
    fputs("<section id=\"dispensing\" class=\"page\">\n<h2>Dispensing</h2>\n", fp);
    if (!n) {
        fputs("<p>The plan lists nothing to dispense.</p>\n</section>\n", fp);
        return;
    }
    fputs("<table class=\"dispense\">\n<thead>\n<tr><th scope=\"col\">Product</th><th scope=\"col\">Strength</th>"
          "<th scope=\"col\">Unit</th><th scope=\"col\">Quantity</th><th scope=\"col\">Supply (days)</th>"
          "<th scope=\"col\">Volume</th><th scope=\"col\">Beyond use</th></tr>\n</thead>\n<tbody>\n", fp);
    for (size_t i = 0; i < n; i++) {
        const cnsim_taper_dispense *d = &p->dispense[i];
        const cnsim_product *pr = product_at(h, d->product);
        const char *unit = pr ? pr->unit : "";
        int is_liquid = !strcmp(unit, "mL");
        fputs("<tr><td>", fp);
        put_product(h, pr);
        if (pr && pr->source[0]) {
            fputs(" <span class=\"src\">[", fp);
            cli_html_text(fp, pr->source);
            fputs("]</span>", fp);
        }
        fputs("</td><td>", fp);
        if (pr)
            escf(fp, "%g mg per %s", pr->strength_mg, unit);
        fputs("</td><td>", fp);
        cli_html_text(fp, unit);
        fprintf(fp, "</td><td class=\"num\">%g</td><td class=\"num\">%g</td><td class=\"num\">", d->quantity,
                d->supply_days);
        if (is_liquid)
            fprintf(fp, "%g mL", d->quantity);
        else
            fputs("–", fp);
        fputs("</td><td>", fp);
        double bud = pr ? pr->beyond_use_days : NAN;
        if (isfinite(bud) && bud > 0) {
            int batches = d->supply_days > 0 ? (int)ceil(d->supply_days / bud - 1e-9) : 1;
            fprintf(fp, "%g days after preparation or opening: prepare in batches of at most %g days' supply; "
                        "the %g days of supply need %d batch%s.", bud, bud, d->supply_days, batches < 1 ? 1 : batches,
                    batches > 1 ? "es" : "");
            long f = first_use(h, d->product);
            if (f >= 0) {
                fputs(" First batch, made by ", fp);
                put_day(h, f);
                fputs(": use by ", fp);
                put_day(h, f + lround(bud));
                fputc('.', fp);
            }
        } else {
            fputs("label expiry", fp);
        }
        fputs("</td></tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n</section>\n", fp);
}

/* The daily doses of day `day`: "0.9", or "0.75 + 5" for two drugs. */
static void put_cal_dose(const html *h, long day)
{
    for (size_t k = 0; k < h->n_drugs; k++)
        fprintf(h->fp, "%s%g", k ? " + " : "", daily_on(h, (int)k, day));
}

/* Whether a daily dose on day `day` differs from the day before's. */
static int dose_changes_on(const html *h, long day)
{
    for (size_t k = 0; k < h->n_drugs; k++)
        if (fabs(daily_on(h, (int)k, day) - daily_on(h, (int)k, day - 1)) > 1e-12)
            return 1;
    return 0;
}

static void write_calendar(const html *h)
{
    FILE *fp = h->fp;
    static const char *const wd[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    long lead = h->has_date ? weekday(h->z0) : 0, n_rows = (lead + h->n_days + 6) / 7;
    fputs("<section id=\"calendar\" class=\"page\">\n<h2>Calendar</h2>\n<p class=\"note\">Each day: ", fp);
    fputs(h->has_date ? "the date" : "the taper day", fp);
    fputs(" and the daily dose in mg (", fp);
    cli_html_text(fp, h->p->drugs[0]);
    if (h->n_drugs > 1) {
        fputs(" + ", fp);
        cli_html_text(fp, h->p->drugs[1]);
    }
    fputs("). A bold frame and * mark the days on which the dose changes.</p>\n", fp);
    fputs("<table class=\"cal\">\n<thead>\n<tr><th scope=\"col\" class=\"wk\">", fp);
    fputs(h->has_date ? "Month" : "Week", fp);
    fputs("</th>", fp);
    for (int c = 0; c < 7; c++) {
        if (h->has_date)
            fprintf(fp, "<th scope=\"col\">%s</th>", wd[c]);
        else
            fprintf(fp, "<th scope=\"col\">+%d</th>", c);
    }
    fputs("</tr>\n</thead>\n<tbody>\n", fp);
    int last_month = -1;
    for (long r = 0; r < n_rows; r++) {
        fputs("<tr><th scope=\"row\" class=\"wk\">", fp);
        if (h->has_date) {
            /* The month of the row's first day in the plan, when it is new. */
            long first = r * 7 - lead < 0 ? 0 : r * 7 - lead, y;
            int m, d;
            civil_from_days(h->z0 + first, &y, &m, &d);
            if (m != last_month)
                fprintf(fp, "%s %ld", month_abbr[m - 1], y);
            last_month = m;
        } else {
            fprintf(fp, "%ld", r + 1);
        }
        fputs("</th>", fp);
        for (long c = 0; c < 7; c++) {
            long day = r * 7 + c - lead;
            if (day < 0 || day >= h->n_days) {
                fputs("<td class=\"x\"></td>", fp);
                continue;
            }
            int changed = dose_changes_on(h, day);
            fprintf(fp, "<td class=\"cd%s\"><span class=\"dt\">", changed ? " chg" : "");
            if (h->has_date) {
                long y;
                int m, d;
                civil_from_days(h->z0 + day, &y, &m, &d);
                if (day == 0 || d == 1)
                    fprintf(fp, "%d %s", d, month_abbr[m - 1]);
                else
                    fprintf(fp, "%d", d);
            } else {
                fprintf(fp, "day %ld", day);
            }
            fputs("</span>", fp);
            if (changed)
                fputs("* ", fp);
            put_cal_dose(h, day);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n</section>\n", fp);
}

/* Diary items, our wording. Benzodiazepines: after the symptoms the
 * CIWA-B asks about (Busto UE, Sykora K, Sellers EM. J Clin
 * Psychopharmacol 1989;9:412-6); SSRIs: after the DESS checklist
 * (Rosenbaum JF et al. Biol Psychiatry 1998;44:77-87). Neither is the
 * validated instrument: fewer items, one 0-3 scale, self-rated weekly. */
static const char *const ciwab_items[] = {
    "Irritability", "Fatigue", "Tension", "Difficulty concentrating", "Loss of appetite",
    "Numbness or tingling", "Racing heart", "Muscle aches", "Tremor (shaking)", "Sweating",
    "Restlessness", "Poor sleep", "Anxiety"};
static const char *const dess_items[] = {
    "Dizziness", "Nausea", "Electric-shock sensations", "Irritability", "Anxiety", "Insomnia",
    "Vivid dreams", "Fatigue", "Sweating", "Tremor (shaking)", "Low mood", "Crying spells"};

static void write_diary(const html *h)
{
    FILE *fp = h->fp;
    int is_ssri = h->p->is_ssri;
    const char *const *items = is_ssri ? dess_items : ciwab_items;
    size_t n_items = is_ssri ? sizeof dess_items / sizeof *dess_items : sizeof ciwab_items / sizeof *ciwab_items;
    long plan_weeks = (h->n_days + 6) / 7, want = plan_weeks + DIARY_WEEKS_AFTER;
    long rows = want < DIARY_MAX_ROWS ? want : DIARY_MAX_ROWS;
    fputs("<section id=\"diary\" class=\"page\">\n<h2>", fp);
    if (is_ssri)
        fputs("Weekly symptom diary (items after the DESS checklist: Rosenbaum et al. 1998, "
              "Biol Psychiatry 44:77)", fp);
    else
        fputs("Weekly symptom diary (items after the CIWA-B: Busto et al. 1989, J Clin Psychopharmacol 9:412)",
              fp);
    fputs("</h2>\n<p class=\"note\">At the end of each week, score how much each symptom troubled you that week: "
          "0 none, 1 mild, 2 moderate, 3 severe. The items follow the scale named above in fewer words; this is "
          "not the validated instrument, and its totals are not comparable with the scale's cut-offs.", fp);
    fprintf(fp, " The plan lasts %ld week%s; the diary goes on %d weeks after the stop.", plan_weeks,
            plan_weeks == 1 ? "" : "s", DIARY_WEEKS_AFTER);
    if (rows < want)
        fprintf(fp, " <strong>Capped at %d rows</strong>: this sheet covers weeks 1 to %ld of %ld; print the "
                    "diary again for the rest.", DIARY_MAX_ROWS, rows, want);
    fputs("</p>\n<table class=\"diary\">\n<thead>\n<tr><th scope=\"col\" class=\"wk\">Week</th>"
          "<th scope=\"col\">Dose (mg/day)</th>", fp);
    for (size_t i = 0; i < n_items; i++) {
        fputs("<th scope=\"col\" class=\"item\">", fp);
        cli_html_text(fp, items[i]);
        fputs("</th>", fp);
    }
    fputs("<th scope=\"col\" class=\"notes\">Notes</th></tr>\n</thead>\n<tbody>\n", fp);
    for (long w = 0; w < rows; w++) {
        long day = w * 7;
        fprintf(fp, "<tr><th scope=\"row\">%ld", w + 1);
        if (h->has_date) {
            char b[24];
            date_iso(h, day, b);
            fprintf(fp, "<br><span class=\"dn\">from %s</span>", b);
        } else {
            fprintf(fp, "<br><span class=\"dn\">from day %ld</span>", day);
        }
        fputs("</th><td class=\"num\">", fp);
        if (day >= h->n_days - 1)
            fputs("stopped", fp);
        else
            put_cal_dose(h, day);
        fputs("</td>", fp);
        for (size_t i = 0; i <= n_items; i++)
            fputs("<td></td>", fp);
        fputs("</tr>\n", fp);
    }
    fputs("</tbody>\n</table>\n</section>\n", fp);
}

static void write_simulation(const html *h, const char *svg)
{
    FILE *fp = h->fp;
    const cnsim_taper_plan *p = h->p;
    int is_ssri = p->is_ssri;
    const char *index = is_ssri ? "discontinuation index" : "withdrawal index";
    double peak = is_ssri ? p->peak_discontinuation_index : p->peak_withdrawal_index;
    double peak_day = is_ssri ? p->peak_discontinuation_day : p->peak_day;
    double abrupt = h->in->abrupt_peak;
    fputs("<section id=\"simulation\" class=\"page\">\n<h2>Simulation</h2>\n", fp);
    if (svg) {
        fputs("<figure>\n<div class=\"fig\">\n", fp);
        fputs(svg, fp);
        fputs("\n</div>\n<figcaption>The schedule's daily doses and the simulated effects, day 0 = the first day "
              "of the taper.</figcaption>\n</figure>\n", fp);
    }
    fprintf(fp, "<p>Simulated peak %s of this taper: ", index);
    if (isfinite(peak)) {
        fprintf(fp, "<strong>%.3f</strong>", peak);
        if (isfinite(peak_day))
            fprintf(fp, " on day %.0f", peak_day);
    } else {
        fputs("not simulated", fp);
    }
    fputs("; after an abrupt stop on day 0: ", fp);
    if (isfinite(abrupt))
        fprintf(fp, "<strong>%.3f</strong>", abrupt);
    else
        fputs("not computed", fp);
    if (isfinite(peak) && isfinite(abrupt) && abrupt > 0)
        fprintf(fp, " (the taper's peak is %.0f%% of it)", 100 * peak / abrupt);
    fputs(".</p>\n<p>Dose-effect curve: ", fp);
    cli_html_text(fp, p->curve.description[0] ? p->curve.description : "not given");
    if (p->curve.effect[0]) {
        fputs(" (", fp);
        cli_html_text(fp, p->curve.effect);
        fputc(')', fp);
    }
    fputs(". The Effect column of the schedule is each step's value on it.</p>\n</section>\n", fp);
}

int taper_html_write(FILE *fp, const taper_html_in *in)
{
    if (!in || !in->plan || !in->opts)
        return cli_fail("html: no taper plan to write");
    const cnsim_taper_plan *p = in->plan;
    if (!p->n_steps)
        return cli_fail("html: the taper plan has no steps");
    html h = {.fp = fp, .in = in, .p = p, .n_drugs = p->n_drugs == 2 ? 2 : 1};
    if (in->start_date) {
        int rc = parse_date(in->start_date, &h.z0);
        if (rc)
            return rc;
        h.has_date = 1;
    }
    const char *svg = NULL;
    if (in->svg && !(svg = strstr(in->svg, "<svg")))
        return cli_fail("html: the figure is not SVG (no <svg> element)");
    /* Day 0 to the stop: the plan's duration, or the last step's day when
     * the duration is missing. */
    double end = p->duration_days;
    if (!(end >= 0) || !isfinite(end)) {
        end = 0;
        for (size_t i = 0; i < n_steps(&h); i++)
            end = fmax(end, p->steps[i].day);
    }
    h.n_days = (long)floor(end + 1e-9) + 1;
    const char *method = in->method_name ? in->method_name : cnsim_taper_method_name(p->method);
    const char *source = in->method_source ? in->method_source : cnsim_taper_method_source(p->method);

    write_head(&h, method);
    write_header(&h, method, source);
    write_warnings(&h);
    write_schedule(&h);
    write_dispensing(&h);
    write_calendar(&h);
    write_diary(&h);
    write_simulation(&h, svg);
    fputs("</body>\n</html>\n", fp);
    return 0;
}
