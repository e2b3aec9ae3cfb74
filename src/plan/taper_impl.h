/* Declarations shared inside the plan layer. */
#ifndef CNSIM_TAPER_IMPL_H
#define CNSIM_TAPER_IMPL_H

#include <stdarg.h>
#include <stdlib.h>
#include "cnsim/plan.h"

/* How one plan drug's doses are made: the products of the plan's list it
 * uses and how they measure. Kept per drug inside the builder. */
typedef enum { FILL_SOLID, FILL_LIQUID, FILL_DROPS, FILL_STRIPS } taper_fill_kind;

typedef struct taper_fill {
    taper_fill_kind kind;
    int prod[CNSIM_TAPER_MAX_PRODUCTS];   /* indices into plan->products */
    int n_prod;                           /* solids: largest strength first */
    double min_mg;                        /* the least non-zero amount per
                                             administration */
    double eq;                            /* diazepam-equivalent mg per mg */
} taper_fill;

/* The builder's state next to the public plan. */
typedef struct taper_ctx {
    cnsim_registry *reg;
    const cnsim_taper_opts *o;
    cnsim_taper_plan *plan;
    taper_fill fill[2];
    cnsim_device devices[8];
    size_t n_devices;
    double clock[CNSIM_TAPER_MAX_ADMIN];
} taper_ctx;

/* formulation.c */
cnsim_status taper__fill_setup(taper_ctx *c, int drug, cnsim_taper_formulation f);
double taper__round_daily(const taper_ctx *c, int drug, double daily_mg, int n_per_day, double *resolution);
void taper__describe(const taper_ctx *c, cnsim_taper_step *s);
void taper__dispense(cnsim_taper_plan *plan);
double taper__eq(const char *drug);

/* effect.c: the steady-state dose-effect relation of plan drug 0. */
cnsim_status taper__curve(taper_ctx *c, double max_daily_mg);
double taper__effect(const cnsim_taper_curve *cv, double daily_mg);
double taper__dose_for(const cnsim_taper_curve *cv, double effect);

/* taper.c */
cnsim_status taper__init(taper_ctx *c, cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan);
cnsim_status taper__add(taper_ctx *c, double day, int drug, double target_daily_mg, int n_per_day);
cnsim_status taper__proportional(taper_ctx *c, int d, double day, double daily, int n, double percent,
                                 double interval, double *end_day);
cnsim_status taper__finish(taper_ctx *c);   /* step lengths, pace warnings, dispense */
void taper__warn(cnsim_taper_plan *plan, const char *code, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
double taper__daily(const cnsim_taper_plan *plan, const cnsim_taper_opts *o, int d, double day);
void taper__clock(const cnsim_taper_opts *o, int n_per_day, double *hours);

#endif
