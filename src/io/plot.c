/* Concentration-time figures with PLplot's cairo driver. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/io.h"
#include "cnsim/plot.h"
#include "core_impl.h"

/* Colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"). */
static const int palette[][3] = {
    {0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
    {230, 159, 0}, {86, 180, 233}, {240, 228, 66}, {0, 0, 0},
};
#define N_PALETTE 8
/* cmap0 slots: 0 background, 1 axes/text, 2.. the palette, 10 grid. */
#define COL_AXES 1
#define COL_FIRST 2
#define COL_GRID 10

static const char *device_for(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return NULL;
    if (!strcasecmp(dot, ".png"))
        return "pngcairo";
    if (!strcasecmp(dot, ".svg"))
        return "svgcairo";
    if (!strcasecmp(dot, ".pdf"))
        return "pdfcairo";
    return NULL;
}

cnsim_status cnsim_plot_check_path(const char *path)
{
    cnsim__clear_error();
    if (!path || !device_for(path))
        return cnsim__fail(CNSIM_E_ARG, "--plot: '%s' has no known picture extension; expected .png, .svg or .pdf",
                           path ? path : "");
    return CNSIM_OK;
}

/* PLplot draws into the caller's stream (plsfile), so the figure goes
 * wherever the atomic writer decided, never to a name PLplot opens itself.
 * The file name "-" keeps plend() from closing the stream: PLplot closes
 * its output file unless that name says standard output, and the caller
 * must close (and check) this one. */
static void use_stream(FILE *fp)
{
    plsfnam("-");
    plsfile(fp);
}

cnsim_status cnsim_plot_write_fp(FILE *fp, const char *path, const cnsim_plot_spec *spec)
{
    cnsim__clear_error();
    const char *dev = device_for(path);
    if (!dev)
        return cnsim__fail(CNSIM_E_ARG, "--plot: '%s' has no known picture extension; expected .png, .svg or .pdf", path);
    if (spec->n_panels == 0 || spec->n_series == 0)
        return cnsim__fail(CNSIM_E_ARG, "plot: nothing to draw");

    double t_min = INFINITY, t_max = -INFINITY;
    for (size_t i = 0; i < spec->n_series; i++)
        for (size_t k = 0; k < spec->series[i].n; k++) {
            t_min = fmin(t_min, spec->series[i].t_h[k]);
            t_max = fmax(t_max, spec->series[i].t_h[k]);
        }
    if (!(t_max > t_min))
        t_max = t_min + 1;
    int days = t_max - t_min > 72;
    double ts = days ? 1.0 / 24 : 1.0;

    plsdev(dev);
    use_stream(fp);
    char geo[32];
    /* Wider pages for more panels: PLplot scales text with the page, so a
     * tall narrow page crops the labels. */
    snprintf(geo, sizeof geo, "%dx%d", spec->n_panels > 1 ? (int)(1100 + 150 * (spec->n_panels - 1)) : 1100,
             spec->n_panels > 1 ? (int)(400 * spec->n_panels + 120) : 650);
    plsetopt("geometry", geo);
    plscol0(0, 255, 255, 255);
    plscol0(COL_AXES, 0, 0, 0);
    for (int i = 0; i < N_PALETTE; i++)
        plscol0(COL_FIRST + i, palette[i][0], palette[i][1], palette[i][2]);
    plscol0(COL_GRID, 220, 220, 220);
    plfontld(1);
    plinit();
    pladv(0);
    double chr = spec->n_panels > 2 ? 0.75 : 0.9;
    plschr(0, chr);
    double top = 0.85, bottom = 0.13, gap = 0.09;
    double h = (top - bottom - gap * (spec->n_panels - 1)) / spec->n_panels;
    for (size_t pnl = 0; pnl < spec->n_panels; pnl++) {
        double ymax = 0;
        for (size_t i = 0; i < spec->n_series; i++)
            if (spec->series[i].panel == (int)pnl)
                for (size_t k = 0; k < spec->series[i].n; k++)
                    if (isfinite(spec->series[i].y[k]))
                        ymax = fmax(ymax, spec->series[i].y[k]);
        if (!(ymax > 0))
            ymax = 1;
        ymax *= 1.12;
        double y1 = top - pnl * (h + gap), y0 = y1 - h;
        plvpor(0.09, 0.72, y0, y1);
        plwind(t_min * ts, t_max * ts, 0, ymax);
        plcol0(COL_GRID);
        plwidth(0.5);
        plbox("g", 0, 0, "g", 0, 0);
        plcol0(COL_AXES);
        plwidth(1.0);
        plbox("bcnst", 0, 0, "bcnstv", 0, 0);
        const char *xl = pnl + 1 == spec->n_panels ? (days ? "time (days)" : "time (h)") : "";
        const char *yl = spec->panel_y_labels && spec->panel_y_labels[pnl] ? spec->panel_y_labels[pnl]
                         : spec->y_label ? spec->y_label : "concentration (ng/mL)";
        pllab(xl, yl,
              spec->panel_titles ? spec->panel_titles[pnl] : "");
        /* Legend entries for this panel: series, then dose marks. */
        int n_leg = 0;
        for (size_t i = 0; i < spec->n_series; i++)
            n_leg += spec->series[i].panel == (int)pnl;
        for (size_t i = 0; i < spec->n_marks; i++)
            n_leg += spec->marks[i].panel == (int)pnl && spec->marks[i].n > 0;
        int *opt = calloc(n_leg + 1, sizeof *opt), *lcol = calloc(n_leg + 1, sizeof *lcol),
            *lsty = calloc(n_leg + 1, sizeof *lsty), *scol = calloc(n_leg + 1, sizeof *scol),
            *snum = calloc(n_leg + 1, sizeof *snum), *tcol = calloc(n_leg + 1, sizeof *tcol);
        PLFLT *lw = calloc(n_leg + 1, sizeof *lw), *ssc = calloc(n_leg + 1, sizeof *ssc);
        const char **text = calloc(n_leg + 1, sizeof *text), **sym = calloc(n_leg + 1, sizeof *sym);
        int li = 0;
        for (size_t i = 0; i < spec->n_series; i++) {
            const cnsim_plot_series *s = &spec->series[i];
            if (s->panel != (int)pnl)
                continue;
            int col = COL_FIRST + s->color % N_PALETTE;
            plcol0(col);
            plwidth(2.0);
            pllsty(s->dashed ? 2 : 1);
            PLFLT *x = malloc(s->n * sizeof *x);
            if (x) {
                for (size_t k = 0; k < s->n; k++)
                    x[k] = s->t_h[k] * ts;
                plline((PLINT)s->n, x, s->y);
                free(x);
            }
            pllsty(1);
            if (opt) {
                opt[li] = PL_LEGEND_LINE;
                lcol[li] = col;
                lsty[li] = s->dashed ? 2 : 1;
                lw[li] = 2.0;
                text[li] = s->label;
                sym[li] = "";
                li++;
            }
        }
        for (size_t i = 0; i < spec->n_marks; i++) {
            const cnsim_plot_marks *m = &spec->marks[i];
            if (m->panel != (int)pnl || m->n == 0)
                continue;
            int col = COL_FIRST + m->color % N_PALETTE;
            plcol0(col);
            plwidth(1.5);
            /* Dosing times: short ticks rising from the time axis. */
            for (size_t k = 0; k < m->n; k++) {
                PLFLT xx[2] = {m->t_h[k] * ts, m->t_h[k] * ts}, yy[2] = {0, ymax * 0.045};
                plline(2, xx, yy);
            }
            if (opt) {
                opt[li] = PL_LEGEND_SYMBOL;
                scol[li] = col;
                ssc[li] = 1.0;
                snum[li] = 1;
                sym[li] = "|";
                text[li] = m->label;
                li++;
            }
        }
        for (int k = 0; tcol && k < li; k++)
            tcol[k] = COL_AXES;
        if (opt && lcol && lsty && scol && snum && tcol && lw && ssc && text && sym && li > 0) {
            PLFLT lw_out, lh_out;
            plcol0(COL_AXES);
            pllegend(&lw_out, &lh_out, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
                     PL_POSITION_RIGHT | PL_POSITION_TOP | PL_POSITION_OUTSIDE, 0.02, 0.0, 0.08,
                     0, COL_AXES, 1, 0, 0, li, opt, 0.8, 0.7, 2.0, 1.0, tcol, text,
                     NULL, NULL, NULL, NULL, lcol, lsty, lw, scol, ssc, snum, sym);
        }
        free(opt), free(lcol), free(lsty), free(scol), free(snum), free(tcol);
        free(lw), free(ssc), free(text), free(sym);
    }
    plcol0(COL_AXES);
    plvpor(0.09, 0.72, 0.0, 1.0);
    plwind(0, 1, 0, 1);
    if (spec->title) {
        plschr(0, chr + 0.1);
        plmtex("t", -1.8, 0.5, 0.5, spec->title);
        plschr(0, chr);
    }
    plvpor(0.0, 1.0, 0.0, 1.0);
    plwind(0, 1, 0, 1);
    if (spec->footnote) {
        plschr(0, 0.7);
        plptex(0.01, 0.015, 1, 0, 0, spec->footnote);
    }
    plend();
    return CNSIM_OK;
}

cnsim_status cnsim_plot_write(const char *path, const cnsim_plot_spec *spec)
{
    cnsim_status st = cnsim_plot_check_path(path);
    if (st != CNSIM_OK)
        return st;
    cnsim_atomic_file af;
    if ((st = cnsim_atomic_open(path, &af)) != CNSIM_OK)
        return st;
    if ((st = cnsim_plot_write_fp(af.fp, path, spec)) != CNSIM_OK) {
        cnsim_atomic_abort(&af);
        return st;
    }
    return cnsim_atomic_commit(&af);
}
