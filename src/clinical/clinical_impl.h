/* Declarations shared inside the clinical layer. */
#ifndef CNSIM_CLINICAL_IMPL_H
#define CNSIM_CLINICAL_IMPL_H

#include "cnsim/course.h"

/* cnsim_course_population_run reporting done0 + patients done of total
 * to pr (may be NULL), for a caller that runs several populations. */
cnsim_status cnsim__course_population_run(const cnsim_course_params *mean, size_t n_patients, unsigned long seed,
                                          const double *t_h, const cnsim_pd_state *pd, size_t n,
                                          cnsim_course_population *out, const cnsim_progress *pr, double done0,
                                          double total);

#endif
