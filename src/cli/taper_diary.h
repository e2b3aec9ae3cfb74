/* cnsim taper --diary: the adaptive taper's output (text, JSON, CSV and
 * the figure); the fit and the decision are cnsim_diary_plan's. */
#ifndef CNSIM_CLI_TAPER_DIARY_H
#define CNSIM_CLI_TAPER_DIARY_H

#include <stdio.h>
#include "cli.h"

/* Reads the diary at path, plans the next step and writes it to f in fmt
 * (and the figure to plot_fp when not NULL). Exit code. */
int taper_diary_run(cnsim_registry *reg, const cnsim_diary_opts *o, const char *path, cli_format fmt, FILE *f,
                    FILE *plot_fp, const char *plot);

#endif
