/* The printable taper plan (src/cli/taper_html.c), compiled into this
 * test: synthetic plans built in memory (a clonazepam taper with liquid
 * doses and a stop, an SSRI, a crossover, a long plan), written as HTML,
 * validated by html5lib in strict mode and by HTML Tidy
 * (tests/cli/validate_html.py), and read back for their content. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "cli/taper_html.c"
#include "cli/html_text.c"

/* cli_fail and cli_bad_input live in main.c, with the command table;
 * these keep the message for the test to read. */
static char said[512];

int cli_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(said, sizeof said, fmt, ap);
    va_end(ap);
    return CLI_FAIL;
}

int cli_bad_input(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(said, sizeof said, fmt, ap);
    va_end(ap);
    return CLI_BAD_INPUT;
}

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cnsim-html-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* CNSIM_KEEP_HTML=1 keeps the documents to look at (the folder is printed). */
static int teardown(void **state)
{
    (void)state;
    if (getenv("CNSIM_KEEP_HTML")) {
        printf("documents kept in %s\n", dir);
        return 0;
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- building plans ---- */

static cnsim_product product(const char *drug, const char *name, const char *form, double strength_mg,
                             const char *unit, const char *device, double beyond_use_days)
{
    cnsim_product p = {.strength_mg = strength_mg, .measure_step = 0.01, .beyond_use_days = beyond_use_days,
                       .pouch_step_mg = NAN};
    snprintf(p.drug, sizeof p.drug, "%s", drug);
    snprintf(p.product, sizeof p.product, "%s", name);
    snprintf(p.form, sizeof p.form, "%s", form);
    snprintf(p.unit, sizeof p.unit, "%s", unit);
    snprintf(p.device, sizeof p.device, "%s", device);
    snprintf(p.source, sizeof p.source, "test-source");
    return p;
}

/* A step of `drug` from `day` for `days` days, given n_per_day times at
 * 08:00 (and 20:00), without doses yet. */
static cnsim_taper_step *add_step(cnsim_taper_plan *p, double day, double days, int drug, double daily_mg,
                                  int n_per_day, double effect)
{
    cnsim_taper_step *s = &p->steps[p->n_steps++];
    memset(s, 0, sizeof *s);
    s->day = day, s->days = days, s->drug = drug, s->daily_dose_mg = s->target_daily_mg = daily_mg;
    s->n_per_day = n_per_day, s->effect = effect;
    for (int a = 0; a < n_per_day; a++) {
        s->clock_h[a] = n_per_day == 1 ? 8 : 8 + 12.0 * a / (n_per_day - 1);
        s->admin_mg[a] = daily_mg / n_per_day;
    }
    return s;
}

static void add_dose(cnsim_taper_step *s, double clock_h, int prod, double units, double amount_mg,
                     const char *measure)
{
    cnsim_taper_dose *d = &s->doses[s->n_doses++];
    d->clock_h = clock_h, d->product = prod, d->units = units, d->amount_mg = amount_mg;
    snprintf(d->measure, sizeof d->measure, "%s", measure);
}

static void add_warning(cnsim_taper_plan *p, const char *code, const char *message)
{
    cnsim_taper_warning *w = &p->warnings[p->n_warnings++];
    snprintf(w->code, sizeof w->code, "%s", code);
    snprintf(w->message, sizeof w->message, "%s", message);
    snprintf(w->source, sizeof w->source, "asam2025");
}

static cnsim_taper_plan *new_plan(const char *drug)
{
    cnsim_taper_plan *p = calloc(1, sizeof *p);   /* about 1.3 MB: not on the stack */
    assert_non_null(p);
    snprintf(p->drugs[0], sizeof p->drugs[0], "%s", drug);
    p->n_drugs = 1;
    p->method = CNSIM_TAPER_PROPORTIONAL;
    p->effect_step = p->peak_withdrawal_index = p->peak_day = NAN;
    p->peak_discontinuation_index = p->peak_discontinuation_day = NAN;
    return p;
}

/* Clonazepam 0.5 mg twice daily to zero in three steps of 28 days: a
 * tablet plus a compounded suspension (beyond use 60 days), then the
 * suspension alone, down to 0.35 mL (0.035 mg), and the stop on day 84.
 * Warnings, product names and the curve hold <, & and quotes. */
static cnsim_taper_plan *clonazepam_plan(void)
{
    cnsim_taper_plan *p = new_plan("clonazepam");
    p->formulation = CNSIM_TAPER_FORM_LIQUID;
    p->products[0] = product("clonazepam", "0.1 mg/mL oral suspension (compounded)", "compounded", 0.1, "mL",
                             "1 mL oral syringe", 60);
    p->products[1] = product("clonazepam", "0.25 mg tablet \"A&B\" <scored>", "tablet", 0.25, "tablet", "", NAN);
    p->n_products = 2;
    cnsim_taper_step *s = add_step(p, 0, 28, 0, 0.9, 2, 0.31);
    for (int a = 0; a < 2; a++) {
        add_dose(s, 8 + 12 * a, 1, 1, 0.25, "1 tablet");
        add_dose(s, 8 + 12 * a, 0, 2, 0.2, "2 mL (5 mL oral syringe)");
    }
    s = add_step(p, 28, 28, 0, 0.4, 2, 0.18);
    add_dose(s, 8, 0, 2, 0.2, "2 mL (5 mL oral syringe)");
    add_dose(s, 20, 0, 2, 0.2, "2 mL (5 mL oral syringe)");
    s = add_step(p, 56, 28, 0, 0.07, 2, 0.04);
    add_dose(s, 8, 0, 0.35, 0.035, "0.35 mL (1 mL oral syringe)");
    add_dose(s, 20, 0, 0.35, 0.035, "0.35 mL (1 mL oral syringe)");
    add_step(p, 84, 0, 0, 0, 2, 0);
    p->duration_days = 84;
    p->final_daily_mg = 0.07;
    /* 2 mL x 2 x 28 twice, 0.35 mL x 2 x 28; 1 tablet x 2 x 28. */
    p->dispense[0] = (cnsim_taper_dispense){.product = 0, .quantity = 243.6, .supply_days = 84};
    p->dispense[1] = (cnsim_taper_dispense){.product = 1, .quantity = 56, .supply_days = 28};
    p->n_dispense = 2;
    add_warning(p, "taper_faster_than_guideline", "2 step(s) cut <25% & \"more\" in 2 weeks");
    add_warning(p, "liquid_needed", "the end needs a <b>compounded</b> liquid");
    snprintf(p->curve.effect, sizeof p->curve.effect, "gabaa_drug_effect");
    snprintf(p->curve.description, sizeof p->curve.description,
             "steady-state GABA-A drug effect <E> vs daily dose & \"Hill\" fit");
    p->peak_withdrawal_index = 0.123, p->peak_day = 86;
    return p;
}

/* Sertraline 50 mg once daily, then 25 mg, then the stop on day 56: an
 * oral concentrate with a label expiry; no warnings. */
static cnsim_taper_plan *sertraline_plan(void)
{
    cnsim_taper_plan *p = new_plan("sertraline");
    p->is_ssri = 1;
    p->formulation = CNSIM_TAPER_FORM_LIQUID;
    p->products[0] = product("sertraline", "20 mg/mL oral concentrate", "liquid", 20, "mL", "", NAN);
    p->n_products = 1;
    cnsim_taper_step *s = add_step(p, 0, 28, 0, 50, 1, 0.8);
    add_dose(s, 8, 0, 2.5, 50, "2.5 mL (5 mL oral syringe)");
    s = add_step(p, 28, 28, 0, 25, 1, 0.7);
    add_dose(s, 8, 0, 1.25, 25, "1.25 mL (5 mL oral syringe)");
    add_step(p, 56, 0, 0, 0, 1, 0);
    p->duration_days = 56;
    p->dispense[0] = (cnsim_taper_dispense){.product = 0, .quantity = 105, .supply_days = 56};
    p->n_dispense = 1;
    snprintf(p->curve.effect, sizeof p->curve.effect, "sert_occupancy");
    snprintf(p->curve.description, sizeof p->curve.description, "SERT occupancy at steady state");
    p->peak_discontinuation_index = 0.2, p->peak_discontinuation_day = 58;
    return p;
}

static cnsim_taper_opts opts_for(double from_dose_mg, int n_per_day, const char *drug)
{
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.drug = drug, o.from_dose_mg = from_dose_mg, o.n_per_day = n_per_day;
    return o;
}

/* ---- reading documents ---- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    assert_non_null(b);
    assert_int_equal(fread(b, 1, (size_t)n, f), (size_t)n);
    b[n] = '\0';
    fclose(f);
    return b;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, len = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += len)
        n++;
    return n;
}

static void expect(const char *doc, const char *needle)
{
    if (!strstr(doc, needle))
        fail_msg("the document lacks: %s", needle);
}

static void expect_not(const char *doc, const char *needle)
{
    if (strstr(doc, needle))
        fail_msg("the document holds: %s", needle);
}

/* The text between the first `from` and the `to` after it (owned by the
 * caller). */
static char *between(const char *doc, const char *from, const char *to)
{
    const char *a = strstr(doc, from);
    assert_non_null(a);
    const char *b = strstr(a, to);
    assert_non_null(b);
    char *s = malloc((size_t)(b - a) + 1);
    assert_non_null(s);
    memcpy(s, a, (size_t)(b - a));
    s[b - a] = '\0';
    return s;
}

/* Writes the document to dir/name.html; the writer's return code. */
static int write_doc(const taper_html_in *in, const char *name, char *path, size_t n)
{
    snprintf(path, n, "%s/%s.html", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    int rc = taper_html_write(f, in);
    assert_int_equal(ferror(f), 0);
    assert_int_equal(fclose(f), 0);
    return rc;
}

/* tests/cli/validate_html.py on the file: html5lib strict, then tidy. */
static int validate(const char *path)
{
    const char *src = getenv("CNSIM_SOURCE_DIR");
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/cli/validate_html.py' '%s'", src ? src : ".", path);
    int rc = system(cmd);
    return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

/* Writes, validates and reads back. */
static char *document(const taper_html_in *in, const char *name)
{
    char path[128];
    assert_int_equal(write_doc(in, name, path, sizeof path), 0);
    assert_int_equal(validate(path), 0);
    return slurp(path);
}

static const char *const bzd_items[] = {"Irritability", "Fatigue", "Tension", "Difficulty concentrating",
                                        "Loss of appetite", "Numbness or tingling", "Racing heart", "Muscle aches",
                                        "Tremor (shaking)", "Sweating", "Restlessness", "Poor sleep", "Anxiety"};
static const char *const ssri_only_items[] = {"Dizziness", "Nausea", "Electric-shock sensations", "Insomnia",
                                              "Vivid dreams", "Low mood", "Crying spells"};

/* The item headers of the diary, one <th class="item"> each. */
static void expect_items(const char *doc, const char *const *items, size_t n, const char *const *absent,
                         size_t n_absent)
{
    char *diary = between(doc, "<section id=\"diary\"", "</section>");
    for (size_t i = 0; i < n; i++) {
        char th[96];
        snprintf(th, sizeof th, "<th scope=\"col\" class=\"item\">%s</th>", items[i]);
        expect(diary, th);
    }
    for (size_t i = 0; i < n_absent; i++)
        expect_not(diary, absent[i]);
    assert_int_equal(count(diary, "class=\"item\""), n);
    free(diary);
}

/* ---- tests ---- */

/* Every section, in order, the disclaimer once, every string escaped:
 * the warning's <25% & "more" and the product's "A&B" <scored> as text. */
static void test_clonazepam_plan_is_valid_html_with_every_section_and_escaped_text(void **state)
{
    (void)state;
    cnsim_taper_plan *p = clonazepam_plan();
    cnsim_taper_opts o = opts_for(0.5, 2, "clonazepam");
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "proportional",
                        .method_source = "ASAM 2025 joint guideline: 5-10% every 2-4 weeks [asam2025]",
                        .abrupt_peak = 0.456};
    char *doc = document(&in, "clonazepam");
    assert_int_equal(strncmp(doc, "<!DOCTYPE html>\n<html lang=\"en\">", 32), 0);
    expect(doc, "<meta charset=\"utf-8\">");
    expect(doc, "<title>clonazepam taper plan from 1 mg/day, proportional method (cnsim)</title>");
    expect(doc, "@media print");
    assert_int_equal(count(doc, DISCLAIMER), 1);
    /* No external resources and no scripts. */
    expect_not(doc, "<script");
    expect_not(doc, "src=");
    expect_not(doc, "href=");
    expect_not(doc, "url(");
    const char *heads[] = {"<h1>clonazepam taper: 0.5 mg twice daily (1 mg/day), proportional method</h1>",
                           "<h2>Warnings</h2>", "<h2>Schedule</h2>", "<h2>Dispensing</h2>", "<h2>Calendar</h2>",
                           ("<h2>Weekly symptom diary (items after the CIWA-B: Busto et al. 1989, J Clin "
                            "Psychopharmacol 9:412)</h2>"),
                           "<h2>Simulation</h2>"};
    const char *last = doc;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++) {
        const char *at = strstr(doc, heads[i]);
        if (!at || at < last)
            fail_msg("heading %zu missing or out of order: %s", i, heads[i]);
        last = at;
    }
    /* The facts of the header. */
    expect(doc, "ASAM 2025 joint guideline: 5-10% every 2-4 weeks [asam2025]");
    char formulation[128];
    snprintf(formulation, sizeof formulation, "<dt>Formulation</dt><dd>%s</dd>",
             cnsim_taper_formulation_name(CNSIM_TAPER_FORM_LIQUID));
    expect(doc, formulation);
    expect(doc, "84 days (12.0 weeks): from day 0 to day 84, the first day without clonazepam");
    /* Escaped warnings, product and curve. */
    expect(doc, "<span class=\"code\">taper_faster_than_guideline</span>: 2 step(s) cut &lt;25% &amp; "
                "&quot;more&quot; in 2 weeks <span class=\"src\">[asam2025]</span>");
    expect(doc, "the end needs a &lt;b&gt;compounded&lt;/b&gt; liquid");
    expect_not(doc, "<25%");
    expect_not(doc, "<b>compounded");
    expect(doc, "0.25 mg tablet &quot;A&amp;B&quot; &lt;scored&gt;");
    expect_not(doc, "<scored>");
    expect(doc, "steady-state GABA-A drug effect &lt;E&gt; vs daily dose &amp; &quot;Hill&quot; fit");
    /* The schedule: two administration columns, one row per step, the
     * directions built from the doses, each step's effect. */
    char *sched = between(doc, "<section id=\"schedule\"", "</section>");
    expect(sched, "<th scope=\"col\">08:00</th><th scope=\"col\">20:00</th>");
    assert_int_equal(count(sched, "<tr"), 1 + 4);
    expect(sched, "Take 1 tablet (0.25 mg) of clonazepam 0.25 mg tablet &quot;A&amp;B&quot; &lt;scored&gt; by mouth "
                  "at 08:00 and 20:00, plus 2 mL (0.2 mg) of clonazepam 0.1 mg/mL oral suspension (compounded), "
                  "measured with the 5 mL oral syringe, by mouth at 08:00 and 20:00 for 28 days.");
    expect(sched, "Take 0.35 mL (0.035 mg) of clonazepam 0.1 mg/mL oral suspension (compounded), measured with the "
                  "1 mL oral syringe, by mouth at 08:00 and 20:00 for 28 days.");
    expect(sched, "<span class=\"dose\">0.35 mL (1 mL oral syringe) of clonazepam 0.1 mg/mL oral suspension "
                  "(compounded) (0.035 mg)</span>");
    expect(sched, "<td>day 56</td><td>day 83</td><td class=\"num\">0.07</td>");
    expect(sched, "Stop: take no more clonazepam from day 84 on.");
    expect(sched, "<td class=\"num\">0.310</td>");
    expect(sched, "<td class=\"num\">0.040</td>");
    free(sched);
    /* Dispensing: quantities, supply, the liquid's volume and batches. */
    char *disp = between(doc, "<section id=\"dispensing\"", "</section>");
    expect(disp, "0.1 mg per mL</td><td>mL</td><td class=\"num\">243.6</td><td class=\"num\">84</td>"
                 "<td class=\"num\">243.6 mL</td>");
    expect(disp, "prepare in batches of at most 60 days' supply; the 84 days of supply need 2 batches.");
    expect(disp, "First batch, made by day 0: use by day 60.");
    expect(disp, "0.25 mg per tablet</td><td>tablet</td><td class=\"num\">56</td><td class=\"num\">28</td>"
                 "<td class=\"num\">–</td><td>label expiry</td>");
    free(disp);
    /* The calendar: days 0 to 84, four dose changes (days 0, 28, 56, 84). */
    char *cal = between(doc, "<section id=\"calendar\"", "</section>");
    assert_int_equal(count(cal, "<td class=\"cd"), 85);
    assert_int_equal(count(cal, "<td class=\"cd chg\">"), 4);
    expect(cal, "<td class=\"cd chg\"><span class=\"dt\">day 0</span>* 0.9</td>");
    expect(cal, "<td class=\"cd\"><span class=\"dt\">day 27</span>0.9</td>");
    expect(cal, "<td class=\"cd chg\"><span class=\"dt\">day 84</span>* 0</td>");
    assert_int_equal(count(cal, "<tr>"), 1 + 13);     /* 85 days: 13 weeks */
    free(cal);
    /* The diary: 13 weeks of the plan and 4 after, CIWA-B items. */
    expect_items(doc, bzd_items, sizeof bzd_items / sizeof *bzd_items, ssri_only_items,
                 sizeof ssri_only_items / sizeof *ssri_only_items);
    char *diary = between(doc, "<section id=\"diary\"", "</section>");
    assert_int_equal(count(diary, "<tr><th scope=\"row\">"), 17);
    expect_not(diary, "Capped");
    expect(diary, "<tr><th scope=\"row\">13<br><span class=\"dn\">from day 84</span></th><td class=\"num\">stopped");
    expect(diary, "<tr><th scope=\"row\">9<br><span class=\"dn\">from day 56</span></th><td class=\"num\">0.07</td>");
    free(diary);
    /* The simulated summary. */
    expect(doc, "Simulated peak withdrawal index of this taper: <strong>0.123</strong> on day 86; after an abrupt "
                "stop on day 0: <strong>0.456</strong> (the taper's peak is 27% of it).");
    expect_not(doc, "<figure>");
    free(doc);
    free(p);
}

/* With a start date the days read as dates (2027-01-06 is a Wednesday:
 * the calendar's first week begins with two empty cells), and a figure
 * drawn by cnsim_plot is inlined without its XML prolog. */
static void test_start_date_and_figure_give_dates_and_an_inline_svg(void **state)
{
    (void)state;
    cnsim_taper_plan *p = clonazepam_plan();
    cnsim_taper_opts o = opts_for(0.5, 2, "clonazepam");
    /* The figure, as the command draws it: svgcairo into a stream. */
    double t[3] = {0, 24 * 42, 24 * 84}, y[3] = {0.9, 0.4, 0};
    cnsim_plot_series ser = {.label = "clonazepam (mg/day) <&>", .t_h = t, .y = y, .n = 3};
    cnsim_plot_spec spec = {.title = "clonazepam taper", .n_panels = 1, .y_label = "dose (mg/day)",
                            .series = &ser, .n_series = 1};
    char svg_path[128];
    snprintf(svg_path, sizeof svg_path, "%s/figure.svg", dir);
    FILE *f = fopen(svg_path, "w");
    assert_non_null(f);
    assert_int_equal(cnsim_plot_write_fp(f, svg_path, &spec), CNSIM_OK);
    assert_int_equal(fclose(f), 0);
    char *svg = slurp(svg_path);
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "proportional", .method_source = "a source",
                        .abrupt_peak = 0.456, .start_date = "2027-01-06", .svg = svg};
    char *doc = document(&in, "dated");
    assert_int_equal(count(doc, DISCLAIMER), 1);
    expect(doc, "from 2027-01-06 (day 0) to 2027-03-31 (day 84), the first day without clonazepam");
    char *sched = between(doc, "<section id=\"schedule\"", "</section>");
    expect(sched, "<td>2027-03-03 <span class=\"dn\">(day 56)</span></td><td>2027-03-30 <span class=\"dn\">(day 83)"
                  "</span></td>");
    expect(sched, "Stop: take no more clonazepam from 2027-03-31 <span class=\"dn\">(day 84)</span> on.");
    free(sched);
    expect(doc, "First batch, made by 2027-01-06 <span class=\"dn\">(day 0)</span>: use by 2027-03-07 "
                "<span class=\"dn\">(day 60)</span>.");
    char *cal = between(doc, "<section id=\"calendar\"", "</section>");
    expect(cal, "<th scope=\"col\">Mon</th>");
    expect(cal, "<tr><th scope=\"row\" class=\"wk\">Jan 2027</th><td class=\"x\"></td><td class=\"x\"></td>"
                "<td class=\"cd chg\"><span class=\"dt\">6 Jan</span>* 0.9</td>");
    expect(cal, "<span class=\"dt\">1 Feb</span>");
    expect(cal, "<th scope=\"row\" class=\"wk\">Mar 2027</th>");
    assert_int_equal(count(cal, "<td class=\"cd"), 85);
    assert_int_equal(count(cal, "<tr>"), 1 + 13);     /* 2 + 85 cells: 13 rows */
    free(cal);
    expect(doc, "<br><span class=\"dn\">from 2027-01-13</span>");
    /* The figure: one <svg>, no prolog (a parse error in HTML). */
    assert_non_null(strstr(svg, "<svg"));
    expect(doc, "<figure>\n<div class=\"fig\">\n<svg");
    assert_int_equal(count(doc, "<svg"), 1);
    assert_int_equal(count(doc, "</svg>"), 1);
    expect_not(doc, "<?xml");
    free(doc);
    free(svg);
    free(p);
}

/* An SSRI: the DESS items, the discontinuation index, a label expiry, a
 * single morning column, and no Warnings section when there are none. */
static void test_ssri_plan_has_the_dess_diary_and_the_discontinuation_index(void **state)
{
    (void)state;
    cnsim_taper_plan *p = sertraline_plan();
    cnsim_taper_opts o = opts_for(50, 1, "sertraline");
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "hyperbolic", .method_source = "Horowitz & Taylor 2019",
                        .abrupt_peak = 0.43};
    char *doc = document(&in, "sertraline");
    assert_int_equal(count(doc, DISCLAIMER), 1);
    expect(doc, "<h1>sertraline taper: 50 mg once daily (50 mg/day), hyperbolic method</h1>");
    expect(doc, "Horowitz &amp; Taylor 2019");
    expect_not(doc, "<h2>Warnings</h2>");
    expect(doc, "<h2>Weekly symptom diary (items after the DESS checklist: Rosenbaum et al. 1998, Biol Psychiatry "
                "44:77)</h2>");
    expect_not(doc, "CIWA-B");
    static const char *const dess[] = {"Dizziness", "Nausea", "Electric-shock sensations", "Irritability",
                                       "Anxiety", "Insomnia", "Vivid dreams", "Fatigue", "Sweating",
                                       "Tremor (shaking)", "Low mood", "Crying spells"};
    static const char *const bzd_only[] = {"Racing heart", "Numbness", "Muscle aches", "Loss of appetite"};
    expect_items(doc, dess, sizeof dess / sizeof *dess, bzd_only, sizeof bzd_only / sizeof *bzd_only);
    char *sched = between(doc, "<section id=\"schedule\"", "</section>");
    expect(sched, "<th scope=\"col\">08:00</th><th scope=\"col\">Directions</th>");
    expect(sched, "Take 1.25 mL (25 mg) of sertraline 20 mg/mL oral concentrate by mouth at 08:00 for 28 days.");
    expect_not(sched, "measured with");
    free(sched);
    expect(doc, "<td class=\"num\">105</td><td class=\"num\">56</td><td class=\"num\">105 mL</td><td>label expiry</td>");
    char *cal = between(doc, "<section id=\"calendar\"", "</section>");
    assert_int_equal(count(cal, "<td class=\"cd"), 57);
    free(cal);
    expect(doc, "Simulated peak discontinuation index of this taper: <strong>0.200</strong> on day 58; after an abrupt "
                "stop on day 0: <strong>0.430</strong>");
    expect_not(doc, "withdrawal index");
    free(doc);
    free(p);
}

/* A diazepam crossover: a Drug column, both drugs' doses in the calendar
 * ("clonazepam + diazepam") and a change wherever either changes. */
static void test_crossover_shows_both_drugs(void **state)
{
    (void)state;
    cnsim_taper_plan *p = new_plan("clonazepam");
    snprintf(p->drugs[1], sizeof p->drugs[1], "diazepam");
    p->n_drugs = 2;
    p->formulation = CNSIM_TAPER_FORM_TABLETS;
    p->products[0] = product("clonazepam", "0.5 mg tablet", "tablet", 0.5, "tablet", "", NAN);
    p->products[1] = product("diazepam", "5 mg tablet", "tablet", 5, "tablet", "", NAN);
    p->n_products = 2;
    cnsim_taper_step *s = add_step(p, 0, 7, 0, 0.5, 1, 0.2);
    add_dose(s, 8, 0, 1, 0.5, "1 tablet");
    s = add_step(p, 0, 7, 1, 10, 1, NAN);
    add_dose(s, 8, 1, 2, 10, "2 tablets");
    add_step(p, 7, 0, 0, 0, 1, 0);
    s = add_step(p, 7, 14, 1, 20, 1, NAN);
    add_dose(s, 8, 1, 4, 20, "4 tablets");
    s = add_step(p, 21, 14, 1, 2.5, 1, NAN);
    add_dose(s, 8, 1, 0.5, 2.5, "1/2 tablet");
    add_step(p, 35, 0, 1, 0, 1, 0);
    p->duration_days = 35;
    cnsim_taper_opts o = opts_for(0.5, 2, "clonazepam");
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "diazepam-crossover", .abrupt_peak = NAN};
    char *doc = document(&in, "crossover");
    expect(doc, "<th scope=\"col\">Step</th><th scope=\"col\">Drug</th>");
    expect(doc, "Take 2 tablets (10 mg) of diazepam 5 mg tablet by mouth at 08:00 for 7 days.");
    expect(doc, "Take 1/2 tablet (2.5 mg) of diazepam 5 mg tablet by mouth at 08:00 for 14 days.");
    expect(doc, "Stop: take no more clonazepam from day 7 on.");
    expect(doc, "the first day without diazepam");
    char *cal = between(doc, "<section id=\"calendar\"", "</section>");
    expect(cal, "daily dose in mg (clonazepam + diazepam)");
    expect(cal, "<td class=\"cd chg\"><span class=\"dt\">day 0</span>* 0.5 + 10</td>");
    expect(cal, "<td class=\"cd\"><span class=\"dt\">day 1</span>0.5 + 10</td>");
    expect(cal, "<td class=\"cd chg\"><span class=\"dt\">day 7</span>* 0 + 20</td>");
    assert_int_equal(count(cal, "<td class=\"cd"), 36);
    assert_int_equal(count(cal, "<td class=\"cd chg\">"), 4);
    free(cal);
    expect(doc, "Simulated peak withdrawal index of this taper: not simulated; after an abrupt stop on day 0: not "
                "computed.");
    free(doc);
    free(p);
}

/* 60 steps of 14 days from 6 mg/day, without per-dose products (the
 * directions fall back to the step's words): 841 calendar days, and a
 * diary capped at 60 rows that says so. */
static void test_a_long_plan_keeps_every_calendar_day_and_caps_the_diary(void **state)
{
    (void)state;
    cnsim_taper_plan *p = new_plan("clonazepam");
    p->formulation = CNSIM_TAPER_FORM_TABLETS;
    for (int i = 0; i <= 60; i++) {
        cnsim_taper_step *s = add_step(p, 14 * i, i < 60 ? 14 : 0, 0, 0.1 * (60 - i), 2, 0.5 * (60 - i) / 60);
        if (i < 60)
            snprintf(s->tablets, sizeof s->tablets, "08:00 %g mg; 20:00 %g mg", s->admin_mg[0], s->admin_mg[1]);
    }
    p->duration_days = 840;
    cnsim_taper_opts o = opts_for(3.5, 2, "clonazepam");
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "linear", .method_source = "equal steps",
                        .abrupt_peak = 0.5, .start_date = "2028-02-28"};
    char *doc = document(&in, "long");
    char *cal = between(doc, "<section id=\"calendar\"", "</section>");
    assert_int_equal(count(cal, "<td class=\"cd"), 841);
    assert_int_equal(count(cal, "<td class=\"cd chg\">"), 61);
    /* 2028 is a leap year. */
    expect(cal, "<span class=\"dt\">28 Feb</span>* 6</td><td class=\"cd\"><span class=\"dt\">29</span>6</td>"
                "<td class=\"cd\"><span class=\"dt\">1 Mar</span>6</td>");
    free(cal);
    char *diary = between(doc, "<section id=\"diary\"", "</section>");
    assert_int_equal(count(diary, "<tr><th scope=\"row\">"), 60);
    expect(diary, "<strong>Capped at 60 rows</strong>: this sheet covers weeks 1 to 60 of 125");
    free(diary);
    expect(doc, "Take 08:00 1.5 mg; 20:00 1.5 mg for 14 days.");
    expect(doc, "<td><span class=\"dose\">3 mg</span></td><td><span class=\"dose\">3 mg</span></td>");
    free(doc);
    free(p);
}

/* Control characters and bytes that are not UTF-8 in a registry string or
 * a message become U+FFFD: the document stays valid. */
static void test_bytes_that_are_not_text_are_replaced(void **state)
{
    (void)state;
    cnsim_taper_plan *p = clonazepam_plan();
    snprintf(p->warnings[0].message, sizeof p->warnings[0].message,
             "bell\a, stray \x80, cut \xC3, C1 \xC2\x85, overlong \xC0\xAF, fine \xC3\xA9 \xE2\x80\x94 end");
    snprintf(p->products[1].product, sizeof p->products[1].product, "tab\x01let \xEF\xBF\xBE");
    cnsim_taper_opts o = opts_for(0.5, 2, "clonazepam");
    taper_html_in in = {.plan = p, .opts = &o, .method_name = "proportional", .method_source = "s\x1b[0m",
                        .abrupt_peak = 0.456};
    char *doc = document(&in, "bytes");
    expect(doc, "bell\xEF\xBF\xBD, stray \xEF\xBF\xBD, cut \xEF\xBF\xBD, C1 \xEF\xBF\xBD, overlong "
                "\xEF\xBF\xBD\xEF\xBF\xBD, fine \xC3\xA9 \xE2\x80\x94 end");
    expect(doc, "tab\xEF\xBF\xBDlet \xEF\xBF\xBD");
    expect(doc, "s\xEF\xBF\xBD[0m");
    expect_not(doc, "\a");
    expect_not(doc, "\x1b");
    free(doc);
    free(p);
}

/* A start date that is not a date, a figure that is not SVG and a plan
 * without steps are refused before anything is written. */
static void test_bad_input_is_refused_before_writing(void **state)
{
    (void)state;
    cnsim_taper_plan *p = clonazepam_plan();
    cnsim_taper_opts o = opts_for(0.5, 2, "clonazepam");
    taper_html_in in = {.plan = p, .opts = &o, .abrupt_peak = NAN};
    char path[128];
    struct { const char *date, *svg; int rc; const char *says; } c[] = {
        {"2027-02-29", NULL, CLI_BAD_INPUT, "'2027-02-29' is not a calendar date"},
        {"2027-1-04", NULL, CLI_BAD_INPUT, "expected YYYY-MM-DD"},
        {"1899-12-31", NULL, CLI_BAD_INPUT, "from 1900-01-01"},
        {NULL, "<?xml version=\"1.0\"?><html></html>", CLI_FAIL, "not SVG"},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        in.start_date = c[i].date, in.svg = c[i].svg;
        said[0] = '\0';
        assert_int_equal(write_doc(&in, "refused", path, sizeof path), c[i].rc);
        if (!strstr(said, c[i].says))
            fail_msg("case %zu: '%s' does not say '%s'", i, said, c[i].says);
        char *doc = slurp(path);
        assert_string_equal(doc, "");
        free(doc);
    }
    in.start_date = "2024-02-29", in.svg = NULL;     /* a leap day is a date */
    assert_int_equal(write_doc(&in, "leap", path, sizeof path), 0);
    p->n_steps = 0;
    assert_int_equal(write_doc(&in, "refused", path, sizeof path), CLI_FAIL);
    assert_non_null(strstr(said, "no steps"));
    in.plan = NULL;
    assert_int_equal(write_doc(&in, "refused", path, sizeof path), CLI_FAIL);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clonazepam_plan_is_valid_html_with_every_section_and_escaped_text),
        cmocka_unit_test(test_start_date_and_figure_give_dates_and_an_inline_svg),
        cmocka_unit_test(test_ssri_plan_has_the_dess_diary_and_the_discontinuation_index),
        cmocka_unit_test(test_crossover_shows_both_drugs),
        cmocka_unit_test(test_a_long_plan_keeps_every_calendar_day_and_caps_the_diary),
        cmocka_unit_test(test_bytes_that_are_not_text_are_replaced),
        cmocka_unit_test(test_bad_input_is_refused_before_writing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
