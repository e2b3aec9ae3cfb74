/* The figure layout of src/io/plot.c at its limits: the most panels, long
 * titles, labels and footnotes, tall legends, values below zero only, gaps,
 * PLplot's escape character in a label. Each figure is written as SVG and
 * read back by tests/io/figure_check.py: no text leaves the page, no two
 * texts overlap, and data lines are not cut at a panel edge. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"

#define NT 200

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/cnsim-plot-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

/* CNSIM_KEEP_PLOTS=1 keeps the figures for a look (the folder is printed). */
static int teardown(void **state)
{
    (void)state;
    if (getenv("CNSIM_KEEP_PLOTS")) {
        printf("figures kept in %s\n", dir);
        return 0;
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Runs figure_check.py with the arguments; its exit status. */
static int figure_check(const char *fmt, ...)
{
    const char *src = getenv("CNSIM_SOURCE_DIR");
    char args[512], cmd[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof args, fmt, ap);
    va_end(ap);
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/io/figure_check.py' %s", src ? src : ".", args);
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/* Writes the figure as dir/name.svg (and .png with CNSIM_KEEP_PLOTS, to
 * look at); the SVG's path in path. */
static cnsim_status write_figure(const cnsim_plot_spec *sp, const char *name, char *path, size_t n)
{
    if (getenv("CNSIM_KEEP_PLOTS")) {
        snprintf(path, n, "%s/%s.png", dir, name);
        cnsim_plot_write(path, sp);
    }
    snprintf(path, n, "%s/%s.svg", dir, name);
    return cnsim_plot_write(path, sp);
}

static double t[NT], wave[6][NT];

static void fill_data(void)
{
    for (int i = 0; i < NT; i++) {
        t[i] = i * 2.0;                       /* 0 to 398 h: days on the axis */
        for (int k = 0; k < 6; k++)
            wave[k][i] = (k + 1) * (1 + sin(0.1 * i + k)) * 3.5;
    }
}

/* Sixteen panels, each with six labelled series (one with a band), dose
 * marks, a long panel title and a y label that must wrap; a title and a
 * footnote longer than the page. */
static void test_the_most_panels_with_long_text_lay_out_cleanly(void **state)
{
    (void)state;
    fill_data();
    enum { NP = CNSIM_PLOT_MAX_PANELS };
    static cnsim_plot_series ser[NP * 6];
    static cnsim_plot_marks marks[NP];
    static const char *titles[NP], *ylab[NP];
    static char label[NP * 6][80];
    static double dose_t[10];
    for (int i = 0; i < 10; i++)
        dose_t[i] = 24.0 * i;
    size_t ns = 0;
    for (int p = 0; p < NP; p++) {
        titles[p] = "a panel title long enough to need most of the width of the plot area, and then some more";
        ylab[p] = p % 2 ? "7-aminoclonazepam effect-site concentration, unbound (ng/mL)" : "index (0-1)";
        for (int k = 0; k < 6; k++) {
            snprintf(label[ns], sizeof label[ns], "subject %d, 7-aminoclonazepam plasma %d", p + 1, k + 1);
            ser[ns] = (cnsim_plot_series){.label = label[ns], .t_h = t, .y = wave[k], .n = NT, .panel = p,
                                          .color = k, .dashed = k % 4};
            if (k == 0)
                ser[ns].band_lo = wave[0], ser[ns].band_hi = wave[1], ser[ns].band_label = "between the first two";
            ns++;
        }
        marks[p] = (cnsim_plot_marks){.label = "clonazepam doses (ID 1)", .t_h = dose_t, .n = 10, .panel = p};
    }
    cnsim_plot_spec sp = {
        .title = "A title that goes on and on: clonazepam 0.5 mg twice daily for four weeks, then tapered "
                 "by 0.125 mg every two weeks, with sertraline 50 mg once daily started on the same day "
                 "and continued, in sixteen virtual subjects with between-subject variability",
        .n_panels = NP, .panel_titles = titles, .panel_y_labels = ylab, .series = ser, .n_series = ns,
        .marks = marks, .n_marks = NP,
        .footnote = "A footnote as long as a paragraph: cnsim is a research and teaching simulator, not a "
                    "prescribing tool; the curves are model output, not measurements, and every parameter "
                    "has a source in the registry (cnsim drug show NAME) that should be read before any "
                    "number here is quoted anywhere."};
    char path[128];
    assert_int_equal(write_figure(&sp, "many", path, sizeof path), CNSIM_OK);
    assert_int_equal(figure_check("text '%s' --min-texts 300", path), 0);
}

/* One panel whose legend has 30 rows: the panel grows to hold it. */
static void test_a_tall_legend_makes_its_panel_taller(void **state)
{
    (void)state;
    fill_data();
    static cnsim_plot_series ser[30];
    static char label[30][40];
    for (int k = 0; k < 30; k++) {
        snprintf(label[k], sizeof label[k], "ID %d", k + 1);
        ser[k] = (cnsim_plot_series){.label = label[k], .t_h = t, .y = wave[k % 6], .n = NT, .color = k};
    }
    cnsim_plot_spec sp = {.title = "thirty subjects", .n_panels = 1, .series = ser, .n_series = 30};
    char path[128];
    assert_int_equal(write_figure(&sp, "tall", path, sizeof path), CNSIM_OK);
    assert_int_equal(figure_check("text '%s' --min-texts 35", path), 0);
}

/* Values below zero only, and a series with a gap (NaN): the y range
 * holds them with air at both ends, so no line touches a panel edge. */
static void test_negative_values_are_drawn_not_cut_at_zero(void **state)
{
    (void)state;
    static double neg[NT], gap[NT];
    for (int i = 0; i < NT; i++) {
        t[i] = i * 0.5;
        neg[i] = -5 - 3 * sin(0.05 * i);
        gap[i] = i > 80 && i < 120 ? NAN : -1 + 0.5 * cos(0.07 * i);
    }
    cnsim_plot_series ser[2] = {
        {.label = "rebound below baseline", .t_h = t, .y = neg, .n = NT, .color = 1},
        {.label = "with a gap # of samples", .t_h = t, .y = gap, .n = NT, .panel = 1, .color = 2},
    };
    const char *ylab[2] = {"net effect (fraction)", "change from baseline (%)"};
    cnsim_plot_spec sp = {.title = "negative", .n_panels = 2, .panel_y_labels = ylab, .series = ser, .n_series = 2};
    char path[128];
    assert_int_equal(write_figure(&sp, "neg", path, sizeof path), CNSIM_OK);
    assert_int_equal(figure_check("text '%s' --min-texts 10", path), 0);
    /* Every data line keeps at least 5 points from the nearest panel edge
     * above and below it. */
    char py[1024];
    snprintf(py, sizeof py,
             "-c \"import sys; sys.path.insert(0, '%s/tests/io'); import figure_check as f; "
             "ls = f.lines('%s'); ed = f.edges('%s'); assert len(ls) == 2, ls; "
             "assert all(min(abs(y - e) for y in (v[1], v[2]) for e in ed) > 5 for v in ls.values()), (ls, ed)\"",
             getenv("CNSIM_SOURCE_DIR") ? getenv("CNSIM_SOURCE_DIR") : ".", path, path);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s", py);
    int rc = system(cmd);
    assert_int_equal(WEXITSTATUS(rc), 0);
}

static void test_too_many_panels_or_no_series_are_refused(void **state)
{
    (void)state;
    fill_data();
    cnsim_plot_series s = {.label = "x", .t_h = t, .y = wave[0], .n = NT};
    cnsim_plot_spec sp = {.n_panels = CNSIM_PLOT_MAX_PANELS + 1, .series = &s, .n_series = 1};
    char path[128];
    snprintf(path, sizeof path, "%s/refused.svg", dir);
    assert_int_equal(cnsim_plot_write(path, &sp), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "panels"));
    sp.n_panels = 1, sp.n_series = 0;
    assert_int_equal(cnsim_plot_write(path, &sp), CNSIM_E_ARG);
    assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_most_panels_with_long_text_lay_out_cleanly),
        cmocka_unit_test(test_a_tall_legend_makes_its_panel_taller),
        cmocka_unit_test(test_negative_values_are_drawn_not_cut_at_zero),
        cmocka_unit_test(test_too_many_panels_or_no_series_are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
