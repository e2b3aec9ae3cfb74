/* Figures: concentration-time curves drawn with PLplot (cairo driver),
 * styled like a figure in a pharmacology paper: white background, axes
 * labelled with units, a legend, dosing times marked.
 *
 * PLplot keeps global state, so calls must not run concurrently. */
#ifndef CNSIM_PLOT_H
#define CNSIM_PLOT_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_plot_series {
    const char *label;     /* legend text */
    const double *t_h;     /* n times, hours */
    const double *y;       /* n values */
    size_t n;
    int panel;             /* 0-based panel index */
    int color;             /* 0-based palette index */
    int dashed;            /* draw dashed (e.g. metabolites) */
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
    const char *footnote;         /* one line under the figure, or NULL */
} cnsim_plot_spec;

/* Writes the figure to path; the format follows the extension (.png, .svg,
 * .pdf). Time is shown in days when the span exceeds 72 h. The file is
 * written under a temporary name and renamed, so it is complete or absent.
 * CNSIM_E_ARG for an unknown extension, CNSIM_E_IO when it cannot be
 * written. */
cnsim_status cnsim_plot_write(const char *path, const cnsim_plot_spec *spec);

CNSIM_END_DECLS
#endif
