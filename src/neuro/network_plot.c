/* Raster and population-rate figure of a network run (PLplot, cairo
 * driver), white background like the other figures of the project. */
#include <math.h>
#include <plplot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cnsim/io.h"
#include "core_impl.h"
#include "network_impl.h"

#define RASTER_ROWS 160
/* Page in points (= pixels of a PNG) and text sizes (mm of character
 * height): PLplot's cairo driver sets a height of h mm as a font of about
 * 3.78 h pt, placed by the middle of its capitals, with ink 0.45 em above
 * and 0.62 em below (as measured for src/io/plot.c). */
#define PAGE_W 1100.0
#define PAGE_H 820.0
#define CH_TITLE 4.2
#define CH_NOTE 3.2
#define CH_TEXT 3.4
#define EM(ch) (3.78 * (ch))

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

cnsim_status cnsim_network_plot_write_fp(const cnsim_network *net, FILE *fp, const char *path,
                                         const char *title)
{
    cnsim__clear_error();
    const char *dev = device_for(path);
    if (!dev)
        return cnsim__fail(CNSIM_E_ARG, "--plot: '%s' has no known picture extension; expected .png, .svg or .pdf", path);
    if (!net->has_run || !net->p.is_recording_spikes)
        return cnsim__fail(CNSIM_E_ARG, "--plot: the network has not run with spike recording");
    const cnsim_network_params *p = &net->p;
    double t_end = net->n_steps * p->dt_ms;
    size_t n_bins = (size_t)ceil(t_end);            /* 1 ms bins */
    if (n_bins < 1)
        n_bins = 1;
    /* At most RASTER_ROWS cells in the raster, evenly spread over the
     * excitatory and inhibitory ranges: a row per cell keeps each
     * cell's spikes apart; a thousand rows in 400 points merged into a
     * solid block even at the baseline rate. */
    size_t stride = net->n > RASTER_ROWS ? (net->n + RASTER_ROWS - 1) / RASTER_ROWS : 1;
    size_t n_show = 0;
    for (size_t k = 0; k < net->n_sp; k++)
        n_show += net->sp_neuron[k] % stride == 0;
    double *xs = malloc((n_show + 1) * sizeof *xs), *ys = malloc((n_show + 1) * sizeof *ys);
    double *bt = calloc(n_bins, sizeof *bt), *br = calloc(n_bins, sizeof *br);
    cnsim_status st = CNSIM_OK;
    if (!xs || !ys || !bt || !br) {
        st = cnsim__fail(CNSIM_E_NOMEM, "plot: out of memory");
        goto done;
    }
    size_t j = 0;
    double rmax = 1;
    for (size_t k = 0; k < net->n_sp; k++) {
        size_t b = (size_t)((net->sp_t_ms[k] - 1e-9) / 1.0);
        if (b < n_bins)
            br[b] += 1;
        if (net->sp_neuron[k] % stride == 0) {
            xs[j] = net->sp_t_ms[k];
            ys[j] = net->sp_neuron[k];
            j++;
        }
    }
    for (size_t b = 0; b < n_bins; b++) {
        bt[b] = b + 0.5;
        br[b] = br[b] / net->n / 1e-3;               /* spikes per cell per s */
        rmax = fmax(rmax, br[b]);
    }
    cnsim__plot_lock();
    plsdev(dev);
    /* Into the caller's stream; the name "-" keeps plend() from closing
     * it (src/io/plot.c). */
    plsfnam("-");
    plsfile(fp);
    plsetopt("geometry", "1100x820");
    plscol0(0, 255, 255, 255);
    plscol0(1, 0, 0, 0);
    plscol0(2, 0, 114, 178);      /* excitatory: Okabe & Ito blue */
    plscol0(3, 213, 94, 0);       /* inhibitory: vermillion */
    plscol0(4, 225, 225, 225);
    plfontld(1);
    plinit();
    pladv(0);
    plsmaj(2.4, 1.0);
    plsmin(1.2, 1.0);
    /* Title and note in page points, one below the other. */
    plvpor(0, 1, 0, 1);
    plwind(0, PAGE_W, 0, PAGE_H);
    plcol0(1);
    double y = PAGE_H - 16 - 0.45 * EM(CH_TITLE);
    plschr(CH_TITLE, 1.0);
    plptex(PAGE_W / 2, y, 1, 0, 0.5, title ? title : "network activity");
    y -= 0.62 * EM(CH_TITLE) + 8 + 0.45 * EM(CH_NOTE);
    {
        char note[200];
        size_t n_rows = (net->n + stride - 1) / stride;
        if (stride > 1)
            snprintf(note, sizeof note, "raster: %zu of the %zu cells (every %zu-th), one row each; blue excitatory, "
                     "orange inhibitory; below: mean rate of all cells in 1 ms bins", n_rows, net->n, stride);
        else
            snprintf(note, sizeof note, "raster: every cell, one row each; blue excitatory, orange inhibitory; "
                     "below: mean rate of all cells in 1 ms bins");
        plschr(CH_NOTE, 1.0);
        plptex(PAGE_W / 2, y, 1, 0, 0.5, note);
    }
    double raster_top = y - 0.62 * EM(CH_NOTE) - 14;
    plschr(CH_TEXT, 1.0);
    /* Raster: one short vertical tick per spike, a row per shown cell. */
    plvpor(100 / PAGE_W, 1075 / PAGE_W, 330 / PAGE_H, raster_top / PAGE_H);
    plwind(0, t_end, 0, (double)net->n);
    plcol0(1);
    plwidth(1.0);
    plbox("bcst", 0, 0, "bcnstv", 0, 0);
    pllab("", "cell index", "");
    double half = 0.4 * (double)stride;
    plwidth(0.8);
    for (int pass = 0; pass < 2; pass++) {
        plcol0(pass ? 3 : 2);
        for (size_t k = 0; k < j; k++)
            if ((ys[k] >= (double)p->n_exc) == pass)
                pljoin(xs[k], ys[k] - half, xs[k], ys[k] + half);
    }
    /* Population rate. */
    plvpor(100 / PAGE_W, 1075 / PAGE_W, 95 / PAGE_H, 280 / PAGE_H);
    plwind(0, t_end, 0, rmax * 1.1);
    plcol0(4);
    plwidth(0.5);
    plbox("g", 0, 0, "g", 0, 0);
    plcol0(1);
    plwidth(1.0);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    pllab("time (ms)", "mean rate (Hz)", "");
    plcol0(2);
    plwidth(1.5);
    plline((PLINT)n_bins, bt, br);
    plend();
    cnsim__plot_unlock();
done:
    free(xs); free(ys); free(bt); free(br);
    return st;
}

cnsim_status cnsim_network_plot_write(const cnsim_network *net, const char *path,
                                      const char *title)
{
    cnsim__clear_error();
    if (!device_for(path))
        return cnsim__fail(CNSIM_E_ARG, "--plot: '%s' has no known picture extension; expected .png, .svg or .pdf", path);
    cnsim_atomic_file af;
    cnsim_status st = cnsim_atomic_open(path, &af);
    if (st != CNSIM_OK)
        return st;
    if ((st = cnsim_network_plot_write_fp(net, af.fp, path, title)) != CNSIM_OK) {
        cnsim_atomic_abort(&af);
        return st;
    }
    return cnsim_atomic_commit(&af);
}
