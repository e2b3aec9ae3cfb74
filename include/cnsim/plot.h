/* Figures: concentration-time curves drawn with PLplot (cairo driver),
 * styled like a figure in a pharmacology paper: white background, axes
 * labelled with units, a legend, dosing times marked.
 *
 * PLplot keeps global state, so calls must not run concurrently. */
#ifndef CNSIM_PLOT_H
#define CNSIM_PLOT_H

#include <stddef.h>
#include <stdio.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

/* Palette index for "the rest" (e.g. subjects beyond the palette): light
 * grey, drawn under the coloured series. */
#define CNSIM_PLOT_GREY (-1)
/* At most this many panels in one figure. */
#define CNSIM_PLOT_MAX_PANELS 16

typedef struct cnsim_plot_series {
    const char *label;     /* legend text; NULL or "" = no legend row (use for
                              more of a series already in the legend, drawn in
                              its colour and style) */
    const double *t_h;     /* n times, hours */
    const double *y;       /* n values (NaN or Inf: a gap) */
    size_t n;
    int panel;             /* 0-based panel index */
    int color;             /* 0-based palette index (8 colours, Okabe & Ito),
                              or CNSIM_PLOT_GREY */
    int dashed;            /* 0 solid, 1 dashed, 2 dotted, 3 dash-dot */
    const double *band_lo, *band_hi;  /* optional, n values each: a shaded band
                                         in the series' colour, under all lines */
    const char *band_label;           /* legend text of the band, or NULL */
    int points;            /* 1: a marker at each point, no line */
} cnsim_plot_series;

typedef struct cnsim_plot_marks {
    const char *label;     /* legend text, e.g. "clonazepam dose" */
    const double *t_h;     /* dose times, hours */
    size_t n;
    int panel, color;
} cnsim_plot_marks;

typedef struct cnsim_plot_spec {
    const char *title;
    const char *y_label;          /* e.g. "concentration (ng/mL)" */
    size_t n_panels;
    const char *const *panel_titles;
    const char *const *panel_y_labels;  /* per panel, or NULL: y_label */
    const cnsim_plot_series *series;
    size_t n_series;
    const cnsim_plot_marks *marks;
    size_t n_marks;
    const char *footnote;         /* under the figure (wrapped), or NULL */
    const char *x_label;          /* NULL: the x values are times in hours
                                     (shown in days beyond 72 h); else the
                                     label of an x axis shown as given */
} cnsim_plot_spec;

/* CNSIM_OK when path names a picture cnsim draws: it ends in .png, .svg
 * or .pdf (any case). Otherwise CNSIM_E_ARG, "--plot: '<path>' has no
 * known picture extension; expected .png, .svg or .pdf". A command checks
 * this before it starts its work. */
cnsim_status cnsim_plot_check_path(const char *path);

/* Draws the figure into fp, a stream the caller opened for writing (such
 * as cnsim_atomic_file.fp) and closes; path only chooses the format by its
 * extension (.png, .svg, .pdf). Time is shown in days when the span
 * exceeds 72 h. Panels are stacked, one above the other, sharing the time
 * axis; each has its legend to its right, as tall as the panel needs. The
 * page grows with the panels and the legend text, so no text is clipped
 * or overlaps other text at any panel or legend count
 * (tests/io/test_plot_layout.sh checks the SVG). Each y range includes 0
 * and every finite value, negative ones too. PLplot does not report write
 * errors: the caller checks fp (ferror, and the flush when it closes it).
 * CNSIM_E_ARG for an unknown extension, nothing to draw, or more than
 * CNSIM_PLOT_MAX_PANELS panels. */
cnsim_status cnsim_plot_write_fp(FILE *fp, const char *path, const cnsim_plot_spec *spec);

/* cnsim_plot_write_fp into cnsim_atomic_open(path) (include/cnsim/io.h):
 * the file is complete or absent; a device or FIFO is written in place.
 * CNSIM_E_ARG for an unknown extension or a path that cannot be written,
 * CNSIM_E_IO when writing fails. */
cnsim_status cnsim_plot_write(const char *path, const cnsim_plot_spec *spec);

CNSIM_END_DECLS
#endif
