/* Concentration-time figures with PLplot's cairo driver. */
#include <math.h>
#include <plplot.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/io.h"
#include "cnsim/plot.h"
#include "core_impl.h"

/* Colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"),
 * the yellow last: a thin yellow line is hard to see on white. */
static const int palette[][3] = {
    {0, 114, 178}, {213, 94, 0}, {0, 158, 115}, {204, 121, 167},
    {230, 159, 0}, {86, 180, 233}, {0, 0, 0}, {240, 228, 66},
};
#define N_PALETTE 8
/* cmap0 slots: 0 background, 1 axes and text, the palette, its light
 * tints (bands), the grid, the grey of CNSIM_PLOT_GREY and its tint. */
#define COL_AXES 1
#define COL_FIRST 2
#define COL_TINT (COL_FIRST + N_PALETTE)
#define COL_GRID (COL_TINT + N_PALETTE)
#define COL_GREY (COL_GRID + 1)
#define COL_GREY_TINT (COL_GREY + 1)
#define COL_ZERO (COL_GREY_TINT + 1)
#define N_COLORS (COL_ZERO + 1)

/* ---- text measured before it is drawn --------------------------------
 * PLplot cannot tell how wide a string will be, so the layout measures it
 * with the font the cairo driver uses: "sans", DejaVu Sans through
 * fontconfig. Advance widths for ASCII 32..126 in 1/2048 em, from the
 * font's hmtx table. A character height of h mm becomes a font of about
 * 3.78 h pt (measured: capitals are 0.73 em tall), hinting rounds every
 * advance to a whole point (hence 0.6 pt per character), and 6% more
 * leaves room for a slightly wider sans. A string is placed by the middle
 * of its capitals; its ink reaches 0.45 em above that and 0.62 em below
 * (descenders). The SVG test (tests/io/svg_layout.py) checks the result. */
static const unsigned short adv_2048[95] = {
    651,  821,  942,  1716, 1303, 1946, 1597, 563,  799,  799,  1024, 1716, 651,  739,  651,  690,
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 690,  690,  1716, 1716, 1716, 1087,
    2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 604,  604,  1343, 1141, 1767, 1532, 1612,
    1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251, 1403, 799,  690,  799,  1716, 1024,
    1024, 1255, 1300, 1126, 1300, 1260, 721,  1300, 1298, 569,  569,  1186, 569,  1995, 1298, 1253,
    1300, 1300, 842,  1067, 803,  1298, 1212, 1675, 1212, 1212, 1075, 1303, 690,  1303, 1716,
};
#define EM_PT_PER_MM 3.78
#define ASC_EM 0.45
#define DESC_EM 0.62
/* Character heights (mm) of each kind of text. */
#define CH_TITLE 4.4
#define CH_PANEL 3.7
#define CH_LABEL 3.5
#define CH_TICK 3.3
#define CH_LEGEND 3.3
#define CH_FOOT 3.0

static double em(double ch) { return EM_PT_PER_MM * ch; }
static double asc(double ch) { return ASC_EM * em(ch); }
static double desc(double ch) { return DESC_EM * em(ch); }
/* A line of text: ink plus a quarter em of leading. */
static double line_h(double ch) { return (ASC_EM + DESC_EM + 0.25) * em(ch); }

static double text_w(const char *s, double ch)
{
    double w = 0;
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80 && *p < 0xC0)          /* UTF-8 continuation byte */
            continue;
        w += *p >= 32 && *p < 127 ? adv_2048[*p - 32] / 2048.0 : 1.0;
        n++;
    }
    return 1.06 * w * em(ch) + 0.6 * (double)n;
}

/* Text cut at blanks into lines no wider than max_w (a word wider than
 * that gets a line of its own; the caller widens the page for it). */
#define WRAP_LINES 6
#define WRAP_CHARS 200
typedef struct wrapped {
    int n;
    char line[WRAP_LINES][WRAP_CHARS];
} wrapped;

static void wrap(const char *s, double ch, double max_w, wrapped *w)
{
    w->n = 0;
    if (!s || !*s)
        return;
    char cur[WRAP_CHARS] = "";
    const char *p = s;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        if (e == p)
            break;
        char word[WRAP_CHARS];
        snprintf(word, sizeof word, "%.*s", (int)(e - p), p);
        char trial[2 * WRAP_CHARS + 2];
        snprintf(trial, sizeof trial, "%s%s%s", cur, *cur ? " " : "", word);
        int last = w->n == WRAP_LINES - 1;
        if (*cur && !last && (text_w(trial, ch) > max_w || strlen(trial) >= WRAP_CHARS)) {
            snprintf(w->line[w->n++], WRAP_CHARS, "%s", cur);
            snprintf(cur, sizeof cur, "%s", word);
        } else {
            /* The last line takes the rest (cut at WRAP_CHARS; no figure
             * text comes near six full lines). */
            snprintf(cur, sizeof cur, "%.*s", WRAP_CHARS - 1, trial);
        }
        p = e;
    }
    if (*cur)
        snprintf(w->line[w->n++], WRAP_CHARS, "%s", cur);
}

/* An axis label: one line if it fits, else the quantity and its unit
 * "(...)" on two lines if they fit, else cut at blanks. */
static void wrap_label(const char *s, double ch, double max_w, wrapped *w)
{
    const char *u = strrchr(s, '(');
    if (text_w(s, ch) > max_w && u && u > s && u[-1] == ' ' && strlen(s) < WRAP_CHARS) {
        w->n = 2;
        snprintf(w->line[0], WRAP_CHARS, "%.*s", (int)(u - 1 - s), s);
        snprintf(w->line[1], WRAP_CHARS, "%s", u);
        if (text_w(w->line[0], ch) <= max_w && text_w(w->line[1], ch) <= max_w)
            return;
    }
    wrap(s, ch, max_w, w);
}

static double wrapped_w(const wrapped *w, double ch)
{
    double m = 0;
    for (int i = 0; i < w->n; i++)
        m = fmax(m, text_w(w->line[i], ch));
    return m;
}

/* ---- axes ----------------------------------------------------------- */

/* Decimals that show a multiple of step exactly (0.25 -> 2, 5 -> 0). */
static int decimals_for(double step)
{
    for (int d = 0; d < 8; d++) {
        double v = step * pow(10, d);
        if (fabs(v - nearbyint(v)) < 1e-6 * fmax(1, fabs(v)))
            return d;
    }
    return 8;
}

static void fmt_tick(char *buf, size_t n, double v, double step)
{
    if (fabs(v) < 1e-9 * step)
        v = 0;                                 /* no "-0" */
    if (step >= 1e6 || step < 1e-4)
        snprintf(buf, n, "%.3g", v);
    else
        snprintf(buf, n, "%.*f", decimals_for(step), v);
}

/* The smallest step of 1, 2, 2.5 or 5 x 10^k at or above raw. */
static double nice_step(double raw)
{
    if (!(raw > 0) || !isfinite(raw))
        return 1;
    double p = pow(10, floor(log10(raw)));
    static const double m[] = {1, 2, 2.5, 5, 10};
    for (int i = 0; i < 5; i++)
        if (m[i] * p >= raw * (1 - 1e-9))
            return m[i] * p;
    return 10 * p;
}

/* Widest tick label of [lo, hi] at step. */
static double ticks_w(double lo, double hi, double step, double ch)
{
    char buf[48];
    double w = 0;
    for (double k = ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k++) {
        fmt_tick(buf, sizeof buf, k * step, step);
        w = fmax(w, text_w(buf, ch));
    }
    return w;
}

/* A step whose ticks are at least min_gap apart on an axis len_pt long;
 * for a horizontal axis (is_x) the gap also holds the widest label. */
static double pick_step(double lo, double hi, double len_pt, double min_gap, int is_x)
{
    double range = hi - lo;
    double step = nice_step(range / 12);
    for (int i = 0; i < 40; i++) {
        double gap_pt = len_pt * step / range;
        double need = is_x ? ticks_w(lo, hi, step, CH_TICK) + min_gap : min_gap;
        if (gap_pt >= need)
            return step;
        step = nice_step(step * 1.0001);
    }
    return step;
}

/* ---- the figure, measured ------------------------------------------- */

typedef struct panel_fig {
    double ymin, ymax, ystep;     /* window and tick step */
    double y0, y1;                /* plot area, pt from the page bottom */
    double title_y[WRAP_LINES];   /* reference of each panel-title line */
    wrapped title, ylab;
    int n_leg;                    /* legend rows */
    double leg_h;
    double xtick_y;               /* reference of the time-axis labels */
} panel_fig;

typedef struct figure {
    double W, H;                  /* page, pt (= pixels of a PNG) */
    double m;                     /* margin */
    double x0, x1;                /* plot areas, pt from the left */
    double leg_x, leg_w, row_h;   /* legend column and row height */
    double ylab_x[WRAP_LINES];    /* reference of each y-label line */
    double ytick_x;               /* right end of the y tick labels */
    double tmin, tmax, ts, xstep; /* time window in axis units (h or days) */
    int days;
    wrapped title, foot;
    double title_y[WRAP_LINES], foot_y[WRAP_LINES], xlab_y;
    panel_fig p[CNSIM_PLOT_MAX_PANELS];
} figure;

#define LEG_PAD 6.0
#define LEG_SAMPLE 34.0
#define LEG_GAP 8.0
#define LEG_SPACE 14.0            /* plot area to legend */

static const char *panel_ylabel(const cnsim_plot_spec *sp, size_t k)
{
    return sp->panel_y_labels && sp->panel_y_labels[k] ? sp->panel_y_labels[k]
           : sp->y_label                              ? sp->y_label
                                                      : "concentration (ng/mL)";
}

static int has_text(const char *s) { return s && *s; }

/* Legend rows of panel k and the widest text among them. */
static int legend_rows(const cnsim_plot_spec *sp, size_t k, double *w)
{
    int n = 0;
    for (size_t i = 0; i < sp->n_series; i++) {
        const cnsim_plot_series *s = &sp->series[i];
        if (s->panel != (int)k)
            continue;
        if (has_text(s->label))
            n++, *w = fmax(*w, text_w(s->label, CH_LEGEND));
        if (has_text(s->band_label) && s->band_lo && s->band_hi)
            n++, *w = fmax(*w, text_w(s->band_label, CH_LEGEND));
    }
    for (size_t i = 0; i < sp->n_marks; i++) {
        const cnsim_plot_marks *m = &sp->marks[i];
        if (m->panel == (int)k && m->n > 0 && has_text(m->label))
            n++, *w = fmax(*w, text_w(m->label, CH_LEGEND));
    }
    return n;
}

static void extend(double v, double *lo, double *hi)
{
    if (isfinite(v))
        *lo = fmin(*lo, v), *hi = fmax(*hi, v);
}

static void layout(const cnsim_plot_spec *sp, figure *f)
{
    memset(f, 0, sizeof *f);
    size_t np = sp->n_panels;
    f->m = 16;
    /* Time axis: hours, or days beyond 72 h. */
    double t_min = INFINITY, t_max = -INFINITY;
    for (size_t i = 0; i < sp->n_series; i++)
        for (size_t k = 0; k < sp->series[i].n; k++)
            extend(sp->series[i].t_h[k], &t_min, &t_max);
    if (!isfinite(t_min))
        t_min = 0, t_max = 1;
    if (!(t_max > t_min))
        t_max = t_min + 1;
    f->days = !sp->x_label && t_max - t_min > 72;
    f->ts = f->days ? 1.0 / 24 : 1.0;
    f->tmin = t_min * f->ts, f->tmax = t_max * f->ts;

    /* Legends: one column as wide as the widest text of any panel. */
    double leg_text = 0;
    int any_leg = 0;
    f->row_h = 1.5 * em(CH_LEGEND);
    for (size_t k = 0; k < np; k++) {
        panel_fig *p = &f->p[k];
        p->n_leg = legend_rows(sp, k, &leg_text);
        p->leg_h = p->n_leg ? p->n_leg * f->row_h + 2 * LEG_PAD : 0;
        any_leg |= p->n_leg > 0;
    }
    f->leg_w = any_leg ? 2 * LEG_PAD + LEG_SAMPLE + LEG_GAP + leg_text : 0;

    /* Panel heights: a minimum by panel count, more for a tall legend or
     * a long y label (wrapped to two lines first). */
    double hp_min = np == 1 ? 380 : np == 2 ? 280 : 230;
    int ylab_lines = 1;
    double hp[CNSIM_PLOT_MAX_PANELS];
    for (size_t k = 0; k < np; k++) {
        panel_fig *p = &f->p[k];
        wrap_label(panel_ylabel(sp, k), CH_LABEL, hp_min - 16, &p->ylab);
        ylab_lines = p->ylab.n > ylab_lines ? p->ylab.n : ylab_lines;
        hp[k] = fmax(hp_min, fmax(p->leg_h, wrapped_w(&p->ylab, CH_LABEL) + 16));
    }

    /* y ranges: 0 and every finite value (bands too), 6% air at the ends
     * the data reach; ticks at least two tick-label heights apart. */
    double ytick_w = 0;
    for (size_t k = 0; k < np; k++) {
        panel_fig *p = &f->p[k];
        double lo = 0, hi = 0;
        for (size_t i = 0; i < sp->n_series; i++) {
            const cnsim_plot_series *s = &sp->series[i];
            if (s->panel != (int)k)
                continue;
            for (size_t j = 0; j < s->n; j++) {
                extend(s->y[j], &lo, &hi);
                if (s->band_lo && s->band_hi)
                    extend(s->band_lo[j], &lo, &hi), extend(s->band_hi[j], &lo, &hi);
            }
        }
        if (!(hi > lo))
            hi = lo + 1;
        double air = 0.06 * (hi - lo);
        p->ymax = hi > 0 ? hi + air : hi;
        p->ymin = lo < 0 ? lo - air : lo;
        if (!(p->ymax > p->ymin))
            p->ymax = p->ymin + 1;
        p->ystep = pick_step(p->ymin, p->ymax, hp[k], 2.2 * em(CH_TICK), 0);
        ytick_w = fmax(ytick_w, ticks_w(p->ymin, p->ymax, p->ystep, CH_TICK));
    }

    /* Columns, left to right: y label lines, tick labels, plot, legend. */
    double lab_h = line_h(CH_LABEL);
    for (int i = 0; i < ylab_lines; i++)
        f->ylab_x[i] = f->m + i * lab_h + asc(CH_LABEL);
    f->ytick_x = f->m + ylab_lines * lab_h + 6 + ytick_w;
    f->x0 = f->ytick_x + 8;
    double right = f->leg_w > 0 ? LEG_SPACE + f->leg_w : 0;
    /* The last time label is centred on the right end of the axis. */
    double xlab_half = 0.5 * text_w("0000.00", CH_TICK);
    f->W = fmax(1200, f->x0 + 620 + fmax(right, xlab_half) + f->m);
    /* A title or footnote word wider than the page widens it. */
    wrap(sp->title, CH_TITLE, f->W - 2 * f->m, &f->title);
    wrap(sp->footnote, CH_FOOT, f->W - 2 * f->m, &f->foot);
    f->W = fmax(f->W, fmax(wrapped_w(&f->title, CH_TITLE), wrapped_w(&f->foot, CH_FOOT)) + 2 * f->m);
    f->W = ceil(f->W);
    f->x1 = f->W - f->m - fmax(right, xlab_half);
    f->leg_x = f->x1 + LEG_SPACE;
    f->xstep = pick_step(f->tmin, f->tmax, f->x1 - f->x0, 1.5 * em(CH_TICK), 1);

    /* Rows, top to bottom, as distances from the top (turned into
     * heights above the bottom once the page height is known). */
    double d = f->m;
    for (int i = 0; i < f->title.n; i++) {
        d += asc(CH_TITLE);
        f->title_y[i] = d;
        d += desc(CH_TITLE) + 0.25 * em(CH_TITLE);
    }
    d += f->title.n ? 8 : 0;
    for (size_t k = 0; k < np; k++) {
        panel_fig *p = &f->p[k];
        const char *t = sp->panel_titles ? sp->panel_titles[k] : NULL;
        wrap(t, CH_PANEL, f->x1 - f->x0, &p->title);
        for (int i = 0; i < p->title.n; i++) {
            d += asc(CH_PANEL);
            p->title_y[i] = d;
            d += desc(CH_PANEL) + 0.25 * em(CH_PANEL);
        }
        d += 6;
        p->y1 = d;
        d += hp[k];
        p->y0 = d;
        /* Time labels clear the lowest y label (which hangs below the axis). */
        d += desc(CH_TICK) + 5 + asc(CH_TICK);
        p->xtick_y = d;
        d += desc(CH_TICK);
        if (k + 1 == np) {
            d += 6 + asc(CH_LABEL);
            f->xlab_y = d;
            d += desc(CH_LABEL);
        }
        d += 16;
    }
    for (int i = 0; i < f->foot.n; i++) {
        d += asc(CH_FOOT);
        f->foot_y[i] = d;
        d += desc(CH_FOOT) + 0.25 * em(CH_FOOT);
    }
    f->H = ceil(d + f->m);
    double H = f->H;
    for (int i = 0; i < f->title.n; i++)
        f->title_y[i] = H - f->title_y[i];
    for (int i = 0; i < f->foot.n; i++)
        f->foot_y[i] = H - f->foot_y[i];
    f->xlab_y = H - f->xlab_y;
    for (size_t k = 0; k < np; k++) {
        panel_fig *p = &f->p[k];
        for (int i = 0; i < p->title.n; i++)
            p->title_y[i] = H - p->title_y[i];
        p->y0 = H - p->y0, p->y1 = H - p->y1, p->xtick_y = H - p->xtick_y;
    }
}

/* ---- drawing ---------------------------------------------------------- */

static int color_slot(int c) { return c < 0 ? COL_GREY : COL_FIRST + c % N_PALETTE; }
static int tint_slot(int c) { return c < 0 ? COL_GREY_TINT : COL_TINT + c % N_PALETTE; }
static int line_style(int dashed) { return dashed <= 0 ? 1 : dashed == 1 ? 2 : dashed == 2 ? 3 : 4; }

/* Text at (x, y) in page points; the reference is the middle of the
 * capitals at horizontal justification just (0 left, 1 right); vertical
 * text reads upwards. PLplot's escape character '#' is doubled. */
static void put(double x, double y, int vertical, double just, double ch, const char *s)
{
    char buf[2 * WRAP_CHARS + 2];
    size_t n = 0;
    for (; *s && n + 2 < sizeof buf; s++) {
        if (*s == '#')
            buf[n++] = '#';
        buf[n++] = *s;
    }
    buf[n] = '\0';
    plschr(ch, 1.0);
    plptex(x, y, vertical ? 0 : 1, vertical ? 1 : 0, just, buf);
}

/* Polyline through the finite points, in pieces of a fixed buffer (no
 * allocation; each piece starts where the last one ended). */
#define CHUNK 512
static void polyline(const double *t, const double *y, size_t n, double ts)
{
    PLFLT xs[CHUNK], ys[CHUNK];
    PLINT k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(t[i]) || !isfinite(y[i])) {
            if (k > 1)
                plline(k, xs, ys);
            k = 0;
            continue;
        }
        xs[k] = t[i] * ts, ys[k] = y[i];
        if (++k == CHUNK) {
            plline(k, xs, ys);
            xs[0] = xs[k - 1], ys[0] = ys[k - 1];
            k = 1;
        }
    }
    if (k > 1)
        plline(k, xs, ys);
}

/* The band between lo and hi as quadrilaterals between neighbouring
 * times (opaque tint, so overlapping pieces leave no seams). */
static void band(const double *t, const double *lo, const double *hi, size_t n, double ts)
{
    for (size_t i = 0; i + 1 < n; i++) {
        if (!isfinite(t[i]) || !isfinite(t[i + 1]) || !isfinite(lo[i]) || !isfinite(lo[i + 1]) ||
            !isfinite(hi[i]) || !isfinite(hi[i + 1]))
            continue;
        PLFLT xs[4] = {t[i] * ts, t[i + 1] * ts, t[i + 1] * ts, t[i] * ts};
        PLFLT ys[4] = {lo[i], lo[i + 1], hi[i + 1], hi[i]};
        plfill(4, xs, ys);
    }
}

static void draw_panel(const cnsim_plot_spec *sp, const figure *f, size_t k)
{
    const panel_fig *p = &f->p[k];
    plvpor(f->x0 / f->W, f->x1 / f->W, p->y0 / f->H, p->y1 / f->H);
    plwind(f->tmin, f->tmax, p->ymin, p->ymax);
    for (size_t i = 0; i < sp->n_series; i++) {
        const cnsim_plot_series *s = &sp->series[i];
        if (s->panel == (int)k && s->band_lo && s->band_hi) {
            plcol0(tint_slot(s->color));
            band(s->t_h, s->band_lo, s->band_hi, s->n, f->ts);
        }
    }
    plcol0(COL_GRID);
    plwidth(0.5);
    plbox("g", f->xstep, 0, "g", p->ystep, 0);
    if (p->ymin < 0) {
        plcol0(COL_ZERO);
        plwidth(1.0);
        pljoin(f->tmin, 0, f->tmax, 0);
    }
    /* Grey series under the coloured ones. */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < sp->n_series; i++) {
            const cnsim_plot_series *s = &sp->series[i];
            if (s->panel != (int)k || (s->color < 0) != (pass == 0))
                continue;
            plcol0(color_slot(s->color));
            plwidth(s->color < 0 ? 1.0 : 2.0);
            if (s->points) {
                for (size_t j = 0; j < s->n; j++)
                    if (isfinite(s->t_h[j]) && isfinite(s->y[j])) {
                        PLFLT px = s->t_h[j] * f->ts, py = s->y[j];
                        plpoin(1, &px, &py, 17);   /* a filled dot */
                    }
                continue;
            }
            pllsty(line_style(s->dashed));
            polyline(s->t_h, s->y, s->n, f->ts);
            pllsty(1);
        }
    /* Dosing times: short ticks rising from the bottom of the panel. */
    for (size_t i = 0; i < sp->n_marks; i++) {
        const cnsim_plot_marks *m = &sp->marks[i];
        if (m->panel != (int)k)
            continue;
        plcol0(color_slot(m->color));
        plwidth(1.5);
        for (size_t j = 0; j < m->n; j++)
            pljoin(m->t_h[j] * f->ts, p->ymin, m->t_h[j] * f->ts, p->ymin + 0.045 * (p->ymax - p->ymin));
    }
    plcol0(COL_AXES);
    plwidth(1.0);
    plbox("bcst", f->xstep, 0, "bcst", p->ystep, 0);
}

/* One legend row: its sample at the left, its text after it. */
static void legend_row(const figure *f, double y, int kind, int color, int dashed, const char *text)
{
    double x = f->leg_x + LEG_PAD, e = em(CH_LEGEND);
    if (kind == 0) {                      /* line */
        plcol0(color_slot(color));
        plwidth(color < 0 ? 1.0 : 2.0);
        pllsty(line_style(dashed));
        pljoin(x, y, x + LEG_SAMPLE, y);
        pllsty(1);
    } else if (kind == 1) {               /* band */
        PLFLT xs[4] = {x, x + LEG_SAMPLE, x + LEG_SAMPLE, x}, ys[4] = {y - 0.4 * e, y - 0.4 * e, y + 0.4 * e, y + 0.4 * e};
        plcol0(tint_slot(color));
        plfill(4, xs, ys);
    } else if (kind == 3) {               /* point marker */
        PLFLT px = x + 0.5 * LEG_SAMPLE, py = y;
        plcol0(color_slot(color));
        plpoin(1, &px, &py, 17);
    } else {                              /* dose mark */
        plcol0(color_slot(color));
        plwidth(1.5);
        pljoin(x + 0.5 * LEG_SAMPLE, y - 0.45 * e, x + 0.5 * LEG_SAMPLE, y + 0.45 * e);
    }
    plcol0(COL_AXES);
    plwidth(1.0);
    put(x + LEG_SAMPLE + LEG_GAP, y, 0, 0, CH_LEGEND, text);
}

static void draw_legend(const cnsim_plot_spec *sp, const figure *f, size_t k)
{
    const panel_fig *p = &f->p[k];
    if (!p->n_leg)
        return;
    double x0 = f->leg_x, x1 = f->leg_x + f->leg_w, y1 = p->y1, y0 = p->y1 - p->leg_h;
    PLFLT bx[5] = {x0, x1, x1, x0, x0}, by[5] = {y0, y0, y1, y1, y0};
    plcol0(COL_AXES);
    plwidth(0.8);
    plline(5, bx, by);
    double y = y1 - LEG_PAD - 0.5 * f->row_h;
    for (size_t i = 0; i < sp->n_series; i++) {
        const cnsim_plot_series *s = &sp->series[i];
        if (s->panel != (int)k)
            continue;
        if (has_text(s->label))
            legend_row(f, y, s->points ? 3 : 0, s->color, s->dashed, s->label), y -= f->row_h;
        if (has_text(s->band_label) && s->band_lo && s->band_hi)
            legend_row(f, y, 1, s->color, 0, s->band_label), y -= f->row_h;
    }
    for (size_t i = 0; i < sp->n_marks; i++) {
        const cnsim_plot_marks *m = &sp->marks[i];
        if (m->panel == (int)k && m->n > 0 && has_text(m->label))
            legend_row(f, y, 2, m->color, 0, m->label), y -= f->row_h;
    }
}

static void draw(const cnsim_plot_spec *sp, const figure *f)
{
    char geo[48];
    snprintf(geo, sizeof geo, "%dx%d", (int)f->W, (int)f->H);
    plsetopt("geometry", geo);
    plscmap0n(N_COLORS);
    plscol0(0, 255, 255, 255);
    plscol0(COL_AXES, 0, 0, 0);
    for (int i = 0; i < N_PALETTE; i++) {
        const int *c = palette[i];
        plscol0(COL_FIRST + i, c[0], c[1], c[2]);
        /* 25% of the colour on white. */
        plscol0(COL_TINT + i, (c[0] + 3 * 255) / 4, (c[1] + 3 * 255) / 4, (c[2] + 3 * 255) / 4);
    }
    plscol0(COL_GRID, 225, 225, 225);
    plscol0(COL_GREY, 165, 165, 165);
    plscol0(COL_GREY_TINT, 232, 232, 232);
    plscol0(COL_ZERO, 120, 120, 120);
    plfontld(1);
    plinit();
    pladv(0);
    /* PLplot scales its default tick lengths with the page; a tall page
     * of many panels would get ticks 4 times as long. */
    plsmaj(2.4, 1.0);
    plsmin(1.2, 1.0);
    for (size_t k = 0; k < sp->n_panels; k++)
        draw_panel(sp, f, k);
    /* Every text and legend in page points. */
    plvpor(0, 1, 0, 1);
    plwind(0, f->W, 0, f->H);
    plcol0(COL_AXES);
    for (int i = 0; i < f->title.n; i++)
        put(0.5 * f->W, f->title_y[i], 0, 0.5, CH_TITLE, f->title.line[i]);
    for (size_t k = 0; k < sp->n_panels; k++) {
        const panel_fig *p = &f->p[k];
        plcol0(COL_AXES);
        for (int i = 0; i < p->title.n; i++)
            put(0.5 * (f->x0 + f->x1), p->title_y[i], 0, 0.5, CH_PANEL, p->title.line[i]);
        char buf[48];
        double span = p->ymax - p->ymin;
        for (double j = ceil(p->ymin / p->ystep - 1e-9); j * p->ystep <= p->ymax + 1e-9 * p->ystep; j++) {
            fmt_tick(buf, sizeof buf, j * p->ystep, p->ystep);
            put(f->ytick_x, p->y0 + (j * p->ystep - p->ymin) / span * (p->y1 - p->y0), 0, 1, CH_TICK, buf);
        }
        double tspan = f->tmax - f->tmin;
        for (double j = ceil(f->tmin / f->xstep - 1e-9); j * f->xstep <= f->tmax + 1e-9 * f->xstep; j++) {
            fmt_tick(buf, sizeof buf, j * f->xstep, f->xstep);
            put(f->x0 + (j * f->xstep - f->tmin) / tspan * (f->x1 - f->x0), p->xtick_y, 0, 0.5, CH_TICK, buf);
        }
        /* The y label reads upwards, centred on the panel; its first line
         * is the outer one. */
        for (int i = 0; i < p->ylab.n; i++)
            put(f->ylab_x[i], 0.5 * (p->y0 + p->y1), 1, 0.5, CH_LABEL, p->ylab.line[i]);
        draw_legend(sp, f, k);
    }
    plcol0(COL_AXES);
    put(0.5 * (f->x0 + f->x1), f->xlab_y, 0, 0.5, CH_LABEL,
        sp->x_label ? sp->x_label : f->days ? "time (days)" : "time (h)");
    for (int i = 0; i < f->foot.n; i++)
        put(f->m, f->foot_y[i], 0, 0, CH_FOOT, f->foot.line[i]);
}

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
    if (spec->n_panels > CNSIM_PLOT_MAX_PANELS)
        return cnsim__fail(CNSIM_E_ARG, "plot: %zu panels; expected at most %d", spec->n_panels,
                           CNSIM_PLOT_MAX_PANELS);

    /* Everything is measured before the page exists: its height follows
     * from the panels, legends and wrapped text. No allocation. */
    figure fig;
    layout(spec, &fig);
    cnsim__plot_lock();
    plsdev(dev);
    use_stream(fp);
    draw(spec, &fig);
    plend();
    cnsim__plot_unlock();
    return CNSIM_OK;
}

static pthread_mutex_t plot_mutex = PTHREAD_MUTEX_INITIALIZER;

void cnsim__plot_lock(void) { pthread_mutex_lock(&plot_mutex); }
void cnsim__plot_unlock(void) { pthread_mutex_unlock(&plot_mutex); }

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
