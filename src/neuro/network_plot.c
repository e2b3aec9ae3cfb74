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
    size_t stride = net->n > 1000 ? (net->n + 999) / 1000 : 1;
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
    plsdev(dev);
    /* Into the caller's stream; the name "-" keeps plend() from closing
     * it (src/io/plot.c). */
    plsfnam("-");
    plsfile(fp);
    plsetopt("geometry", "1100x800");
    plscol0(0, 255, 255, 255);
    plscol0(1, 0, 0, 0);
    plscol0(2, 31, 119, 180);     /* excitatory */
    plscol0(3, 214, 39, 40);      /* inhibitory */
    plscol0(4, 220, 220, 220);
    plfontld(1);
    plinit();
    pladv(0);
    plschr(0, 0.9);
    /* Raster. */
    plvpor(0.1, 0.95, 0.40, 0.90);
    plwind(0, t_end, 0, (double)net->n);
    plcol0(1);
    plbox("bcst", 0, 0, "bcnstv", 0, 0);
    pllab("", "cell index", "");
    plssym(0, 0.35);
    size_t n_e = 0;
    while (n_e < j && ys[n_e] < (double)p->n_exc)
        n_e++;
    /* Points in time order mix the two types; draw each type separately. */
    for (int pass = 0; pass < 2; pass++) {
        plcol0(pass ? 3 : 2);
        for (size_t k = 0; k < j; k++)
            if ((ys[k] >= (double)p->n_exc) == pass)
                plstring(1, &xs[k], &ys[k], "#(727)");
    }
    (void)n_e;
    plcol0(1);
    plmtex("t", 1.5, 0.5, 0.5, title ? title : "network activity");
    {
        char note[160];
        snprintf(note, sizeof note, "raster: %s (blue excitatory, red inhibitory)",
                 stride > 1 ? "every cell index divisible by the shown stride" : "all cells");
        if (stride > 1)
            snprintf(note, sizeof note, "raster: every %zu-th cell (blue excitatory, red inhibitory)", stride);
        plschr(0, 0.7);
        plmtex("t", 0.4, 0.5, 0.5, note);
        plschr(0, 0.9);
    }
    /* Population rate. */
    plvpor(0.1, 0.95, 0.10, 0.33);
    plwind(0, t_end, 0, rmax * 1.1);
    plcol0(4);
    plbox("g", 0, 0, "g", 0, 0);
    plcol0(1);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    pllab("time (ms)", "rate (Hz)", "");
    plcol0(2);
    plwidth(1.5);
    plline((PLINT)n_bins, bt, br);
    plend();
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
