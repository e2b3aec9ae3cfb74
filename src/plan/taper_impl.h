/* Declarations shared inside the plan layer. */
#ifndef CNSIM_TAPER_IMPL_H
#define CNSIM_TAPER_IMPL_H

#include <stdarg.h>
#include <stdlib.h>
#include "cnsim/plan.h"

typedef struct taper_product {
    const char *drug;
    double unit_mg;             /* smallest practical dose step */
    double eq;                  /* diazepam-equivalent mg per mg */
    double strength_mg[6];      /* largest first */
    const char *strength_name[6];
    int n_strengths;
    const char *liquid;         /* what a smaller step needs */
} taper_product;

extern const double taper__admin_hour[CNSIM_TAPER_MAX_ADMIN][CNSIM_TAPER_MAX_ADMIN];

const taper_product *taper__product(const char *drug);
cnsim_status taper__init(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan);
cnsim_status taper__add(cnsim_taper_plan *plan, double day, int drug, double target_daily_mg, int n_per_day);
cnsim_status taper__proportional(cnsim_taper_plan *plan, int d, double day, double daily, int n,
                                 double percent, double interval, double *end_day);
cnsim_status taper__finish(cnsim_taper_plan *plan, const cnsim_taper_opts *o);   /* duration, pace warnings */
void taper__warn(cnsim_taper_plan *plan, const char *code, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
double taper__daily(const cnsim_taper_plan *plan, const cnsim_taper_opts *o, int d, double day);

#endif
