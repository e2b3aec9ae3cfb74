/* The steady-state dose-effect relation a hyperbolic taper steps along,
 * from the model itself: each daily dose is simulated to steady state
 * through PK, the effect site and occupancy, and the effect averaged over
 * the last day. For a benzodiazepine the effect is the GABA-A drug effect
 * the dependence adapts to and whose fall below it is the withdrawal,
 * H(phi; conv_ec50_occ, conv_hill) of the efficacy-weighted occupancy phi
 * (docs/models.md sections 4-5); for an SSRI it is the SERT occupancy
 * (section 6), the quantity Horowitz & Taylor (2019) step along. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/plan.h"
#include "cnsim/pd.h"
#include "cnsim/regimen.h"
#include "cnsim/model.h"
#include "core_impl.h"
#include "taper_impl.h"

#define CURVE_DAYS 84            /* 12 weeks: > 5 half-lives of norfluoxetine */
#define CURVE_POINTS 36

/* The effect a plan steps along, at one PD state. */
static double effect_of(const cnsim_pd_state *p, int is_ssri, const cnsim_pd_system_params *sys)
{
    return is_ssri ? p->sert_occupancy : cnsim_pd_hill(p->bzd_drive, sys->conv_ec50_occ, sys->conv_hill);
}

/* Mean effect over the last day of CURVE_DAYS on daily_mg. */
static cnsim_status steady_effect(taper_ctx *c, cnsim_run *r, const cnsim_pd_system_params *sys,
                                  double daily_mg, double *effect)
{
    const cnsim_taper_opts *o = c->o;
    cnsim_event_list raw, ev;
    cnsim_event_list_init(&raw);
    cnsim_event_list_init(&ev);
    cnsim_status st = CNSIM_OK;
    int idx;
    st = cnsim_event_list_drug(&raw, c->plan->drugs[0], &idx);
    for (int day = 0; day < CURVE_DAYS && st == CNSIM_OK; day++)
        for (int a = 0; a < o->n_per_day && st == CNSIM_OK; a++) {
            cnsim_event e = cnsim_event_default();
            e.id = 1, e.drug = idx, e.amt_mg = daily_mg / o->n_per_day;
            e.time_h = day * 24.0 + c->clock[a];
            st = cnsim_event_list_push(&raw, &e);
        }
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, &ev);
    double th[25];
    for (int h = 0; h <= 24; h++)
        th[h] = (CURVE_DAYS - 1) * 24.0 + c->clock[0] + h;
    if (st == CNSIM_OK && (st = cnsim_run_set_events(r, &ev, 1)) == CNSIM_OK &&
        (st = cnsim_run_set_times(r, th, 25)) == CNSIM_OK)
        st = cnsim_run_simulate(r);
    if (st == CNSIM_OK) {
        const cnsim_pd_state *ps = cnsim_run_pd(r);
        double s = 0;
        for (int h = 0; h < 24; h++)   /* trapezoids over the day */
            s += (effect_of(&ps[h], c->plan->is_ssri, sys) + effect_of(&ps[h + 1], c->plan->is_ssri, sys)) / 2;
        *effect = s / 24;
    }
    cnsim_event_list_free(&raw);
    cnsim_event_list_free(&ev);
    return st;
}

cnsim_status taper__curve(taper_ctx *c, double max_daily_mg)
{
    cnsim_taper_curve *cv = &c->plan->curve;
    memset(cv, 0, sizeof *cv);
    cnsim_pd_system_params sys;
    cnsim_status st = cnsim_registry_pd_system(c->reg, &sys);
    if (st != CNSIM_OK)
        return st;
    if (c->plan->is_ssri) {
        snprintf(cv->effect, sizeof cv->effect, "sert_occupancy");
        snprintf(cv->description, sizeof cv->description,
                 "steady-state SERT occupancy (fraction), mean over a day (docs/models.md section 6)");
    } else {
        snprintf(cv->effect, sizeof cv->effect, "gabaa_drug_effect");
        snprintf(cv->description, sizeof cv->description,
                 "steady-state GABA-A drug effect H(occupancy; %g, %g), the effect the dependence adapts to "
                 "(docs/models.md sections 4-5)", sys.conv_ec50_occ, sys.conv_hill);
    }
    cnsim_model_drug md = {c->plan->drugs[0], NULL, NULL};
    cnsim_model *m = NULL;
    cnsim_run *r = NULL;
    if ((st = cnsim_model_create(c->reg, &md, 1, NULL, &m)) == CNSIM_OK && (st = cnsim_run_create(m, &r)) == CNSIM_OK)
        st = cnsim_run_set_outputs(r, CNSIM_RUN_PD);
    /* Geometric from 1/2000 of the starting dose to 1.25 times it. */
    cv->dose_mg[0] = 0, cv->effect_value[0] = 0, cv->n = 1;
    for (int i = 0; i < CURVE_POINTS && st == CNSIM_OK; i++) {
        double d = max_daily_mg * 1.25 * pow(2000, -(double)(CURVE_POINTS - 1 - i) / (CURVE_POINTS - 1)), e = 0;
        if ((st = steady_effect(c, r, &sys, d, &e)) != CNSIM_OK)
            break;
        /* A curve that does not rise with dose cannot be inverted. */
        if (!(e > cv->effect_value[cv->n - 1]))
            continue;
        cv->dose_mg[cv->n] = d, cv->effect_value[cv->n] = e;
        cv->n++;
    }
    cnsim_run_free(r);
    cnsim_model_free(m);
    if (st == CNSIM_OK && cv->n < 4)
        st = cnsim__fail(CNSIM_E_RANGE, "taper: the simulated %s of %s does not rise with dose; a hyperbolic taper "
                         "needs a dose-effect relation", cv->effect, c->plan->drugs[0]);
    return st;
}

/* y at v on the points (x[k], y[k]), k = 1 .. n-1 (point 0 is the origin),
 * both rising: log-log interpolation (the relation is a power of dose at
 * small doses), extrapolated from the end intervals. */
static double loglog(const double *x, const double *y, size_t n, double v)
{
    if (!(v > 0))
        return 0;
    size_t i = 1;
    while (i + 1 < n && x[i + 1] < v)
        i++;
    if (i + 1 >= n)
        i = n - 2;
    double x0 = log(x[i]), x1 = log(x[i + 1]), y0 = log(y[i]), y1 = log(y[i + 1]);
    return exp(y0 + (log(v) - x0) * (y1 - y0) / (x1 - x0));
}

double taper__effect(const cnsim_taper_curve *cv, double d)
{
    return loglog(cv->dose_mg, cv->effect_value, cv->n, d);
}

double taper__dose_for(const cnsim_taper_curve *cv, double e)
{
    return loglog(cv->effect_value, cv->dose_mg, cv->n, e);
}

double cnsim_taper_effect_at(const cnsim_taper_plan *plan, double daily_mg)
{
    return plan && plan->curve.n >= 2 ? taper__effect(&plan->curve, daily_mg) : NAN;
}
