/* Taper schedules: the published methods, product rounding and the
 * guideline checks. Simulation: taper_sim.c. Sources: docs/plan.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/plan.h"
#include "cnsim/model.h"
#include "cnsim/pk.h"
#include "cnsim/pd.h"
#include "cnsim/regimen.h"
#include "core_impl.h"
#include "taper_impl.h"

/* The end of a taper: from a tenth of the course's highest daily dose
 * down, where the final-dose rule (no step larger than an earlier one)
 * governs rather than the 25% pace. */
#define END_RANGE 0.1

static const char *const method_names[CNSIM_TAPER_N_METHODS] = {
    "label", "linear", "proportional", "hyperbolic", "diazepam-crossover", "optimized"};

/* Each method's source, cited in code, docs/plan.md and the JSON. */
static const char *const method_sources[CNSIM_TAPER_N_METHODS] = {
    /* klonopin-label: "decrease by 0.125 mg bid every 3 days" (panic). */
    "Klonopin (clonazepam) US prescribing information, Dosage and Administration: "
    "decrease by 0.125 mg twice daily every 3 days until discontinued [klonopin-label]",
    "Equal absolute steps to zero (a fixed-length schedule for comparison); "
    "pace limit from the ASAM 2025 joint guideline [asam2025]",
    /* ASAM 2025 joint guideline (J Gen Intern Med 2025, PMID 40526204). */
    "Joint Clinical Practice Guideline on Benzodiazepine Tapering (ASAM and 9 societies, "
    "J Gen Intern Med 2025): reduce 5-10% of the current dose every 2-4 weeks, generally "
    "not more than 25% every 2 weeks [asam2025]; below a tenth of the starting dose steps are held "
    "at the size they had there, so that stopping is no larger a step than the last reduction "
    "(Horowitz & Taylor, Maudsley Deprescribing Guidelines 2024) [horowitz2019]",
    /* Horowitz & Taylor 2019 argue for equal steps in target occupancy. */
    "Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-46: hyperbolic reduction in equal "
    "steps of effect (SERT occupancy for SSRIs; for benzodiazepines the model's GABA-A drug effect), "
    "down to a final dose whose stop is no larger than the step before it [horowitz2019]",
    /* Ashton Manual, chapter 2 and Schedule 3. */
    "Ashton CH. Benzodiazepines: how they work and how to withdraw (the Ashton Manual, "
    "2002): stepwise substitution of clonazepam 0.5 mg by diazepam 10 mg, then gradual "
    "diazepam reduction [ashton2002]",
    "Shortest schedule whose simulated withdrawal index stays below a threshold "
    "(cnsim model, docs/models.md section 5), steps rounded to products; pace checked "
    "against the ASAM 2025 joint guideline [asam2025]"};

const char *cnsim_taper_method_name(cnsim_taper_method m)
{
    return (unsigned)m < CNSIM_TAPER_N_METHODS ? method_names[m] : "?";
}

const char *cnsim_taper_method_source(cnsim_taper_method m)
{
    return (unsigned)m < CNSIM_TAPER_N_METHODS ? method_sources[m] : "";
}

cnsim_status cnsim_taper_method_parse(const char *name, cnsim_taper_method *out)
{
    cnsim__clear_error();
    for (int m = 0; m < CNSIM_TAPER_N_METHODS; m++)
        if (name && !strcmp(name, method_names[m]) && m != CNSIM_TAPER_OPTIMIZED) {
            *out = (cnsim_taper_method)m;
            return CNSIM_OK;
        }
    return cnsim__fail(CNSIM_E_ARG,
                       "unknown taper method '%s'; expected label, linear, proportional, hyperbolic or diazepam-crossover",
                       name ? name : "");
}

cnsim_taper_opts cnsim_taper_opts_default(void)
{
    cnsim_taper_opts o = {
        .drug = "clonazepam", .from_dose_mg = 1, .n_per_day = 2,
        .method = CNSIM_TAPER_PROPORTIONAL, .max_weeks = NAN, .percent = 10,
        .interval_days = NAN, .pre_days = 84, .follow_days = 42,
        .dzp_mg_per_clz_mg = 20, .threshold = NAN, .min_interval_days = 14,
        .formulation = CNSIM_TAPER_FORM_AUTO, .effect_step = NAN, .clock_h = {NAN, NAN, NAN, NAN}};
    return o;
}

/* The clock hour of each administration (0 <= h < 24): the user's, else
 * the default of every command (cnsim_regimen_default_clock: 08:00 and
 * every 24/n h after it, bid 08:00 and 20:00, tid 08:00, 16:00, 00:00).
 * A dose at hour h of a day is given at day * 24 + h, as simulate's
 * frequency words do. */
void taper__clock(const cnsim_taper_opts *o, int n, double *h)
{
    if (!isnan(o->clock_h[0]) || cnsim_regimen_default_clock(n, h) != CNSIM_OK)
        for (int k = 0; k < n && k < CNSIM_TAPER_MAX_ADMIN; k++)
            h[k] = isnan(o->clock_h[0]) ? fmod(8 + k * 24.0 / n, 24) : o->clock_h[k];
}

cnsim_status taper__add(taper_ctx *c, double day, int drug, double target_daily_mg, int n_per_day)
{
    cnsim_taper_plan *plan = c->plan;
    if (plan->n_steps == CNSIM_TAPER_MAX_STEPS)
        return cnsim__fail(CNSIM_E_RANGE, "taper: more than %d steps; expected a faster pace, a coarser formulation "
                           "or a lower dose", CNSIM_TAPER_MAX_STEPS);
    cnsim_taper_step *s = &plan->steps[plan->n_steps++];
    memset(s, 0, sizeof *s);
    s->day = day, s->drug = drug, s->target_daily_mg = target_daily_mg, s->n_per_day = n_per_day;
    double r;
    s->daily_dose_mg = taper__round_daily(c, drug, target_daily_mg, n_per_day, &r);
    /* Unequal splits put the extra unit in the later administrations
     * (the bedtime dose is the one usually kept longest). */
    long units = lround(s->daily_dose_mg / r), base = units / n_per_day, extra = units % n_per_day;
    int equal = c->fill[drug].kind == FILL_LIQUID || c->fill[drug].kind == FILL_DROPS;
    taper__clock(c->o, n_per_day, s->clock_h);
    for (int a = 0; a < n_per_day; a++) {
        s->admin_mg[a] = equal ? s->daily_dose_mg / n_per_day : (base + (a >= n_per_day - extra ? 1 : 0)) * r;
        s->clock_h[a] = fmod(s->clock_h[a], 24);
    }
    s->effect = drug == 0 && plan->curve.n ? taper__effect(&plan->curve, s->daily_dose_mg) : NAN;
    taper__describe(c, s);
    return CNSIM_OK;
}

void taper__warn(cnsim_taper_plan *plan, const char *code, const char *source, const char *fmt, ...)
{
    if (plan->n_warnings == CNSIM_TAPER_MAX_WARNINGS)
        return;
    cnsim_taper_warning *w = &plan->warnings[plan->n_warnings++];
    cnsim__strlcpy(w->code, code, sizeof w->code);
    cnsim__strlcpy(w->source, source, sizeof w->source);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->message, sizeof w->message, fmt, ap);
    va_end(ap);
}

/* Daily dose of plan drug d on day `day` (the starting dose before 0). */
double taper__daily(const cnsim_taper_plan *plan, const cnsim_taper_opts *o, int d, double day)
{
    double v = d == 0 ? o->from_dose_mg * o->n_per_day : 0;
    for (size_t i = 0; i < plan->n_steps; i++)
        if (plan->steps[i].drug == d && plan->steps[i].day <= day + 1e-9)
            v = plan->steps[i].daily_dose_mg;
    return v;
}

static double eq_daily(const taper_ctx *c, double day)
{
    double v = 0;
    for (size_t d = 0; d < c->plan->n_drugs; d++)
        v += taper__daily(c->plan, c->o, (int)d, day) * c->fill[d].eq;
    return v;
}

/* The next dose of a reduction from `cur` that wanted `target`: measurable,
 * at least one measuring step below cur, and (when max_step is finite) no
 * larger a step than max_step if the products allow it. */
static double next_dose(const taper_ctx *c, int d, int n, double cur, double target, double max_step)
{
    double r, v = taper__round_daily(c, d, target, n, &r);
    if (v >= cur - 1e-9 * fmax(1, cur))
        v = taper__round_daily(c, d, cur - r, n, &r);
    while (isfinite(max_step) && cur - v > max_step * (1 + 1e-9) && v + r < cur - 1e-9 * fmax(1, cur))
        v = taper__round_daily(c, d, v + r, n, &r);
    return fmax(0, v);
}

/* A step that would leave less than half a step to stop from leaves
 * half the dose instead: two equal last steps, not a crumb. */
static double no_remainder(const taper_ctx *c, int d, int n, double cur, double next)
{
    if (next > 0 && next <= 0.5 * (cur - next) * (1 + 1e-9)) {
        double v = taper__round_daily(c, d, cur / 2, n, NULL);
        if (v > 0 && v < cur)
            return v;
    }
    return next;
}

/* The largest step the pace allows from `cur` (benzodiazepines: 25% of
 * the dose, ASAM 2025, above the end range of the taper; SSRIs are paced
 * by effect, checked after). */
static double pace_cap(const taper_ctx *c, double cur, double start)
{
    if (c->plan->is_ssri || cur <= END_RANGE * start * (1 + 1e-9))
        return INFINITY;
    return CNSIM_PACE_MAX_CUT * cur;
}

/* Proportional reduction of drug d from `day` every `interval` days by
 * `percent` of the current dose (so the steps shrink), rounded to what the
 * products measure. Below a tenth of the starting dose (for an SSRI also
 * below the dose whose SERT occupancy is one 5-point step) a step is held
 * at the size it had there, and the drug stops once the dose is no larger
 * than the last reduction: the stop is then no larger a step than the one
 * before it. Returns the day the drug reaches zero. */
cnsim_status taper__proportional(taper_ctx *c, int d, double day, double daily, int n, double percent,
                                 double interval, double *end_day)
{
    double p = percent / 100, final_range = daily / 10;
    if (d == 0 && c->plan->is_ssri && c->plan->curve.n)
        final_range = fmin(final_range, taper__dose_for(&c->plan->curve, 0.05));
    double floor_step = p * final_range, cur = daily, last = INFINITY;
    cnsim_status st;
    while (cur > 0) {
        double next;
        if (isfinite(last) && cur <= last * (1 + 1e-9))
            next = 0;
        else {
            double step = fmin(fmax(p * cur, floor_step), last);
            next = next_dose(c, d, n, cur, cur - step, fmin(last, d == 0 ? pace_cap(c, cur, daily) : INFINITY));
            next = no_remainder(c, d, n, cur, next);
        }
        if ((st = taper__add(c, day, d, next, n)) != CNSIM_OK)
            return st;
        c->plan->steps[c->plan->n_steps - 1].target_daily_mg = cur * (1 - p);
        last = cur - c->plan->steps[c->plan->n_steps - 1].daily_dose_mg;
        cur = c->plan->steps[c->plan->n_steps - 1].daily_dose_mg;
        if (cur > 0)
            day += interval;
    }
    *end_day = day;
    return CNSIM_OK;
}

/* ASAM 2025's ceiling, 25% of the dose every 2 weeks, as effect: what a
 * 25% cut of the starting dose removes. Equal steps of it are the
 * benzodiazepine hyperbolic taper's default, and a step that removes no
 * more effect than this keeps the pace however large it is in mg. */
static double paced_effect_step(const cnsim_taper_curve *cv, double start)
{
    return taper__effect(cv, start) - taper__effect(cv, (1 - CNSIM_PACE_MAX_CUT) * start);
}

/* Equal steps of the model's effect (plan curve): from the effect of the
 * starting dose down by `u` each interval. Where the effect rises faster
 * than dose (the GABA-A drug effect is a Hill function of exponent > 1 at
 * small occupancies), an equal effect step would need a larger dose step
 * than the last: the dose step is held instead (the effect step shrinks),
 * and the drug stops once the dose is no larger than the last step. */
static cnsim_status hyperbolic(taper_ctx *c, double daily, int n, double u, double interval)
{
    const cnsim_taper_curve *cv = &c->plan->curve;
    double e0 = taper__effect(cv, daily), cur = daily, last = INFINITY, day = 0;
    cnsim_status st;
    for (int i = 1; cur > 0; i++) {
        double next, target;
        /* stop once stopping is no larger a step than the last, in dose
         * and in effect */
        if (isfinite(last) && cur <= last * (1 + 1e-9) && taper__effect(cv, cur) <= u * (1 + 1e-6))
            next = target = 0;
        else {
            double rung = e0 - i * u;
            /* past the ladder's end with more than a step of effect left
             * (rounding to the products): one more step, not a large stop */
            if (rung <= 0 && taper__effect(cv, cur) > 1.25 * u)
                rung = taper__effect(cv, cur) - u;
            target = rung > 0 ? taper__dose_for(cv, rung) : 0;
            double cap = last;   /* paced by effect, not by % of dose */
            next = next_dose(c, 0, n, cur, target, cap);
            /* Of the measurable doses either side, the one nearest both
             * the ladder (no drift) and one step below the effect reached
             * (no uneven pair of steps from rounding). */
            double r, ec = taper__effect(cv, cur);
            taper__round_daily(c, 0, next, n, &r);
#define RUNG_COST(v) (fabs(taper__effect(cv, v) - fmax(rung, 0)) + fabs(ec - taper__effect(cv, v) - u))
            for (int side = -1; side <= 1; side += 2) {
                double v = taper__round_daily(c, 0, next + side * r, n, NULL);
                if (v > 0 && v < cur - 1e-12 && !(cur - v > cap * (1 + 1e-9)) && RUNG_COST(v) < RUNG_COST(next) - 1e-12)
                    next = v;
            }
#undef RUNG_COST
            if (cur - next > last * (1 + 1e-9)) {
                /* The effect falls faster than dose here: equal effect
                 * steps would need growing dose steps. The rest is taken
                 * in equal dose steps no larger than the last, the stop
                 * included. */
                double m = ceil(cur / last - 1e-9), r2;
                next = taper__round_daily(c, 0, cur * (m - 1) / m, n, &r2);
                if (next > cur * (m - 1) / m + 1e-12)   /* down, so the rest is no more than this step */
                    next = fmax(0, next - r2);
                if (cur - next > last * (1 + 1e-9) || next >= cur)
                    next = taper__round_daily(c, 0, cur - last, n, NULL);
            }
            next = no_remainder(c, 0, n, cur, next);
        }
        if ((st = taper__add(c, day, 0, next, n)) != CNSIM_OK)
            return st;
        c->plan->steps[c->plan->n_steps - 1].target_daily_mg = target;
        double got = c->plan->steps[c->plan->n_steps - 1].daily_dose_mg;
        last = cur - got;
        cur = got;
        if (cur > 0)
            day += interval;
    }
    return CNSIM_OK;
}

/* The pace rule of include/cnsim/model.h (cnsim_pace_check), on daily
 * totals in diazepam equivalents from the pre-taper period on. At the end
 * of a taper (from a tenth of the course maximum down), a step no larger
 * in mg than an earlier step that kept the pace is the final-dose rule of
 * the method, not a faster pace. A cut whose only change is the smallest
 * step the products allow is a product limit and reads as such (a finer
 * formulation would be needed); the others are faster than the guideline. */
static cnsim_status check_pace(taper_ctx *c)
{
    cnsim_taper_plan *plan = c->plan;
    const cnsim_taper_opts *o = c->o;
    long pre = lround(o->pre_days);
    size_t n = (size_t)pre + (size_t)ceil(plan->duration_days) + 2;
    double *daily = malloc(n * sizeof *daily);
    if (!daily)   /* a plan whose pace is unchecked is not handed out */
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory checking the taper's pace");
    double course_max = 0;
    for (size_t k = 0; k < n; k++) {
        daily[k] = eq_daily(c, (double)k - (double)pre);
        course_max = fmax(course_max, daily[k]);
    }
    cnsim_pace_report r;
    cnsim_pace_check(daily, n, &r);
    /* the largest reduction that kept the pace, in equivalents */
    double kept = 0;
    for (size_t j = 0; j < plan->n_steps; j++) {
        double s = plan->steps[j].day, before = eq_daily(c, s - 1e-6), after = eq_daily(c, s);
        double window_start = eq_daily(c, s - 14 + 1e-6);
        if (before > after && (window_start - after) <= CNSIM_PACE_MAX_CUT * window_start * (1 + 1e-9))
            kept = fmax(kept, before - after);
    }
    free(daily);
    int n_fast = 0, n_liquid = 0;
    double fast_day = NAN, fast_pct = 0, liq_day = NAN, liq_pct = 0;
    for (size_t k = 0; k < r.n_cuts && k < CNSIM_PACE_MAX_CUTS; k++) {
        double s = (double)r.cuts[k].day - (double)pre, pct = 100 * r.cuts[k].cut_frac;
        const cnsim_taper_step *st = NULL;
        int n_changes = 0;
        for (size_t j = 0; j < plan->n_steps; j++) {
            const cnsim_taper_step *x = &plan->steps[j];
            if (x->day > s - 14 + 1e-9 && x->day <= s + 1e-9 &&
                taper__daily(plan, o, x->drug, x->day - 1e-6) != x->daily_dose_mg) {
                n_changes++;
                if (fabs(x->day - s) < 1e-9)
                    st = x;
            }
        }
        if (!st)
            continue;
        double before = eq_daily(c, s - 1e-6), after = eq_daily(c, s);
        if (before <= END_RANGE * course_max * (1 + 1e-9) && before - after <= kept * (1 + 1e-6))
            continue;            /* the end of the taper: no larger than a paced step */
        if (plan->n_drugs == 1 && isfinite(plan->pace_effect) &&
            taper__effect(&plan->curve, taper__daily(plan, o, 0, s - 14)) -
                    taper__effect(&plan->curve, taper__daily(plan, o, 0, s)) <= plan->pace_effect * 1.2)
            continue;            /* no more effect than a paced step (rounding allowed) */
        double prev = taper__daily(plan, o, st->drug, s - 1e-6), res;
        taper__round_daily(c, st->drug, prev, st->n_per_day, &res);
        if (n_changes == 1 && prev - st->daily_dose_mg <= res * (1 + 1e-6)) {
            plan->steps[st - plan->steps].needs_liquid = 1;
            if (!n_liquid++)
                liq_day = s, liq_pct = pct;
        } else {
            if (!n_fast++)
                fast_day = s;
            fast_pct = fmax(fast_pct, pct);
        }
    }
    if (n_fast)
        taper__warn(plan, "taper_faster_than_guideline", "asam2025",
                    "%d step(s) reduce the dose by more than 25%% within 2 weeks (first on day %g, up to %.0f%%); "
                    "the ASAM 2025 joint guideline advises generally not more than 25%% every 2 weeks",
                    n_fast, fast_day, fast_pct);
    if (n_liquid)
        taper__warn(plan, "liquid_needed", "asam2025",
                    "%d step(s) from day %g on are the smallest the %s products allow yet exceed 25%% in 2 weeks "
                    "(%.0f%% first); a guideline-paced taper needs a finer formulation (--formulation liquid)",
                    n_liquid, liq_day, cnsim_taper_formulation_name(plan->formulation), liq_pct);
    return CNSIM_OK;
}

/* SSRIs: no step removes more SERT occupancy than the pace (the effect
 * step asked for, at least 5 percentage points; Horowitz & Taylor 2019). */
static void check_ssri_pace(taper_ctx *c)
{
    cnsim_taper_plan *plan = c->plan;
    double pace = fmax(0.05, isnan(plan->effect_step) ? 0 : plan->effect_step), prev = c->o->from_dose_mg * c->o->n_per_day;
    int n_fast = 0, n_product = 0;
    double first = NAN, worst = 0;
    for (size_t i = 0; i < plan->n_steps; i++) {
        cnsim_taper_step *s = &plan->steps[i];
        double drop = taper__effect(&plan->curve, prev) - taper__effect(&plan->curve, s->daily_dose_mg);
        /* a quarter over the step: what rounding to the products adds
         * (sertraline's concentrate measures 0.2 mg, 6 points of
         * occupancy at 0.4 mg/day) */
        if (drop > pace * 1.25) {
            double res;
            taper__round_daily(c, 0, prev, s->n_per_day, &res);
            if (prev - s->daily_dose_mg <= res * (1 + 1e-6) && s->daily_dose_mg > 0)
                s->needs_liquid = 1, n_product++;
            else if (s->daily_dose_mg <= 0 && prev <= res * (1 + 1e-6))
                s->needs_liquid = 1, n_product++;
            if (!n_fast++)
                first = s->day;
            worst = fmax(worst, drop);
        }
        prev = s->daily_dose_mg;
    }
    if (n_fast)
        taper__warn(plan, n_product ? "liquid_needed" : "ssri_step_above_occupancy_pace", "horowitz2019",
                    "%d step(s) remove more than %.0f percentage points of SERT occupancy (first on day %g, up to %.0f "
                    "points)%s; Horowitz & Taylor 2019 advise equal small steps of occupancy down to a small final dose",
                    n_fast, 100 * pace, first, 100 * worst,
                    n_product ? ", the smallest the products allow: a liquid (--formulation liquid) would keep them"
                              : "");
}

cnsim_status taper__finish(taper_ctx *c)
{
    cnsim_taper_plan *plan = c->plan;
    plan->duration_days = 0;
    plan->final_daily_mg = 0;
    for (size_t i = 0; i < plan->n_steps; i++) {
        cnsim_taper_step *s = &plan->steps[i];
        plan->duration_days = fmax(plan->duration_days, s->day);
        s->days = 0;
        for (size_t j = i + 1; j < plan->n_steps; j++)
            if (plan->steps[j].drug == s->drug) {
                s->days = plan->steps[j].day - s->day;
                break;
            }
        if (s->drug == 0 && s->daily_dose_mg > 0)
            plan->final_daily_mg = s->daily_dose_mg;
    }
    taper__dispense(plan);
    if (plan->is_ssri) {
        check_ssri_pace(c);
        return CNSIM_OK;
    }
    return check_pace(c);
}

cnsim_status taper__init(taper_ctx *c, cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    memset(c, 0, sizeof *c);
    c->reg = reg, c->o = o, c->plan = plan;
    plan->method = o->method;
    plan->peak_withdrawal_index = plan->peak_day = NAN;
    plan->peak_discontinuation_index = plan->peak_discontinuation_day = NAN;
    plan->effect_step = plan->pace_effect = NAN;
    if (!o->drug || !o->drug[0])
        return cnsim__fail(CNSIM_E_ARG, "taper: a drug is required (--drug)");
    if (!(o->from_dose_mg > 0) || !isfinite(o->from_dose_mg) || o->n_per_day < 1 || o->n_per_day > CNSIM_TAPER_MAX_ADMIN)
        return cnsim__fail(CNSIM_E_RANGE, "taper: starting dose %g mg x %d/day; expected a dose > 0 given 1-4 times a day",
                           o->from_dose_mg, o->n_per_day);
    cnsim_pd_drug_params pd;
    cnsim_status st = cnsim_registry_pd_params(reg, o->drug, &pd);
    if (st != CNSIM_OK)
        return st;
    int bzd = pd.ki_unbound_nM > 0, ssri = pd.sert_ec50_ng_mL > 0;
    if (!bzd && !ssri)
        return cnsim__fail(CNSIM_E_ARG, "taper: %s acts neither on the benzodiazepine site nor on SERT; expected a "
                           "benzodiazepine (clonazepam, diazepam ...) or an SSRI (sertraline, escitalopram, citalopram, "
                           "paroxetine, fluoxetine)", o->drug);
    plan->is_ssri = ssri && !bzd;
    size_t n_prod = 0;
    if ((st = cnsim_registry_products(reg, o->drug, NULL, 0, &n_prod)) != CNSIM_OK)
        return st;
    if (n_prod == 0)
        return cnsim__fail(CNSIM_E_ARG, "taper: %s has no dispensable products in the registry (table products); "
                           "expected a drug with products, e.g. clonazepam, diazepam or sertraline", o->drug);
    if ((st = cnsim_registry_devices(reg, c->devices, 8, &c->n_devices)) != CNSIM_OK)
        return st;
    if (c->n_devices > 8)
        c->n_devices = 8;
    /* Below the least any product measures there is nothing to taper
     * ("1e-300 mg bid" made a taper of 0 days). */
    cnsim_product all[32];
    if ((st = cnsim_registry_products(reg, o->drug, all, 32, &n_prod)) != CNSIM_OK)
        return st;
    double least = INFINITY, finest_grad = INFINITY;
    const char *least_name = "";
    for (size_t i = 0; i < c->n_devices; i++)
        if (c->devices[i].graduation_mL > 0)
            finest_grad = fmin(finest_grad, c->devices[i].graduation_mL);
    for (size_t i = 0; i < n_prod && i < 32; i++) {
        const cnsim_product *p = &all[i];
        double m = !strcmp(p->form, "strips") ? p->pouch_step_mg
                   : !strcmp(p->unit, "mL") ? p->strength_mg * fmax(p->measure_step, isfinite(finest_grad) ? finest_grad : 0)
                                            : p->strength_mg * p->measure_step;
        if (m < least)
            least = m, least_name = p->product;
    }
    if (o->from_dose_mg < least * (1 - 1e-9))
        return cnsim__fail(CNSIM_E_RANGE,
                           "--from: %g mg per dose of %s is below the smallest dose that can be dispensed, %g mg (%s); "
                           "expected %g mg or more", o->from_dose_mg, o->drug, least, least_name, least);
    double daily = o->from_dose_mg * o->n_per_day;
    /* The labelled maximum daily dose (dose_limits, the drug's label) is
     * the most a patient can be tapered from. */
    double max_daily = NAN;
    char ind[96];
    if (cnsim_registry_max_daily_dose(reg, o->drug, &max_daily, ind, sizeof ind, NULL, 0) == CNSIM_OK &&
        daily > max_daily * (1 + 1e-9))
        return cnsim__fail(CNSIM_E_RANGE,
                           "--from: %g mg/day of %s (%g mg x %d/day) is above its labelled maximum, %g mg/day (%s); "
                           "expected at most %g mg/day", daily, o->drug, o->from_dose_mg, o->n_per_day, max_daily, ind,
                           max_daily);
    cnsim__clear_error();
    if (!(o->percent > 0 && o->percent < 100))
        return cnsim__fail(CNSIM_E_RANGE, "--percent: %g; expected 0 < percent < 100", o->percent);
    if (!isnan(o->interval_days) && !(o->interval_days >= 1 && o->interval_days <= 120))
        return cnsim__fail(CNSIM_E_RANGE, "--interval-days: %g; expected 1 to 120", o->interval_days);
    if (!isnan(o->max_weeks) && !(o->max_weeks > 0 && o->max_weeks <= 520))
        return cnsim__fail(CNSIM_E_RANGE, "--max-weeks: %g; expected 0 < weeks <= 520", o->max_weeks);
    if (!isnan(o->effect_step) && !(o->effect_step > 0 && o->effect_step <= 0.5))
        return cnsim__fail(CNSIM_E_RANGE, "--effect-step: %g; expected 0 < step <= 0.5 (a fraction of the effect)",
                           o->effect_step);
    if ((unsigned)o->formulation >= CNSIM_TAPER_FORM_N)
        return cnsim__fail(CNSIM_E_ARG, "taper: formulation %d; expected one of cnsim_taper_formulation", (int)o->formulation);
    if (!isnan(o->clock_h[0]))
        for (int k = 0; k < o->n_per_day; k++)
            if (!(o->clock_h[k] >= 0 && o->clock_h[k] < 24))
                return cnsim__fail(CNSIM_E_RANGE, "--times: administration %d at hour %g; expected %d clock times "
                                   "between 00:00 and 23:59", k + 1, o->clock_h[k], o->n_per_day);
    taper__clock(o, o->n_per_day, c->clock);
    snprintf(plan->drugs[0], CNSIM_NAME_MAX, "%s", o->drug);
    plan->n_drugs = 1;
    return CNSIM_OK;
}

static double interval_or(const cnsim_taper_opts *o, double dflt)
{
    return isnan(o->interval_days) ? dflt : o->interval_days;
}

/* Default days between steps: two weeks, or for a drug whose longest-lived
 * active species needs longer to settle after a step (3.3 half-lives,
 * about 90% of the new steady state; fluoxetine through norfluoxetine)
 * that time, rounded up to whole weeks and at most 6 weeks. */
static double default_interval(taper_ctx *c)
{
    cnsim_pk_params pk;
    if (cnsim_registry_pk_params(c->reg, c->o->drug, NULL, &pk) != CNSIM_OK) {
        cnsim__clear_error();
        return 14;
    }
    /* the steady-state volume over clearance, per species */
    double th = (pk.v1_L + pk.v2_L + pk.v3_L) / pk.cl_L_per_h * log(2);
    if (pk.has_metabolite && pk.met_cl_L_per_h > 0)
        th = fmax(th, pk.met_v_L / pk.met_cl_L_per_h * log(2));
    double d = ceil(3.3 * th / 24 / 7) * 7;
    return fmin(42, fmax(14, d));
}

/* Holds the plan's drug-0 steps as daily pouches: between two steps the
 * dose falls a little every day (Groot & van Os 2018), reaching each step's
 * dose on the day before the next step. */
static cnsim_status to_strips(taper_ctx *c)
{
    cnsim_taper_plan *plan = c->plan;
    size_t n = plan->n_steps;
    double *day = malloc(n * sizeof *day), *dose = malloc(n * sizeof *dose);
    if (!day || !dose) {
        free(day), free(dose);
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory making strips");
    }
    for (size_t i = 0; i < n; i++)
        day[i] = plan->steps[i].day, dose[i] = plan->steps[i].daily_dose_mg;
    plan->n_steps = 0;
    double prev = c->o->from_dose_mg * c->o->n_per_day, last = prev;
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < n && st == CNSIM_OK; i++) {
        double len = i + 1 < n ? day[i + 1] - day[i] : 1;
        if (dose[i] <= 0) {
            st = taper__add(c, day[i], 0, 0, c->o->n_per_day);
            break;
        }
        for (int j = 0; j < (int)len && st == CNSIM_OK; j++) {
            double target = prev + (dose[i] - prev) * (j + 1) / len, v = taper__round_daily(c, 0, target, 1, NULL);
            if (v >= last - 1e-9)
                continue;
            st = taper__add(c, day[i] + j, 0, v, c->o->n_per_day);
            last = v;
        }
        prev = dose[i];
    }
    free(day), free(dose);
    return st;
}

/* One schedule with one formulation. */
static cnsim_status build_with(taper_ctx *c, cnsim_taper_formulation f)
{
    cnsim_taper_plan *plan = c->plan;
    const cnsim_taper_opts *o = c->o;
    plan->n_steps = plan->n_warnings = plan->n_products = plan->n_dispense = 0;
    plan->n_drugs = 1;
    plan->formulation = f;
    cnsim_status st = taper__fill_setup(c, 0, f);
    if (st != CNSIM_OK)
        return st;
    double daily = o->from_dose_mg * o->n_per_day, end = 0, r;
    int n = o->n_per_day;
    /* The starting dose must be one the products make. */
    const taper_fill *fl = &c->fill[0];
    if (o->from_dose_mg < fl->min_mg * (1 - 1e-9)) {
        const cnsim_product *small = &plan->products[fl->prod[fl->n_prod - 1]];
        return cnsim__fail(CNSIM_E_RANGE,
                           "--from: %g mg per dose of %s is below the smallest dose that can be dispensed, %g mg (%s%s%s); "
                           "expected %g mg or more", o->from_dose_mg, o->drug, fl->min_mg,
                           fl->kind == FILL_SOLID && small->is_scored ? "half of a scored " : "",
                           fl->kind == FILL_SOLID ? small->product : "one measuring step of ",
                           fl->kind == FILL_SOLID ? "" : small->product, fl->min_mg);
    }
    double made = taper__round_daily(c, 0, daily, n, &r);
    if (fabs(made - daily) > 1e-6 * fmax(1, daily) && fl->kind == FILL_LIQUID) {
        const cnsim_product *q = &plan->products[fl->prod[0]];
        return cnsim__fail(CNSIM_E_RANGE, "--from: %g mg a dose of %s is %g mL of %s, not a whole number of the "
                           "syringe's %g mg (%g mL) marks; expected e.g. %g mg/day", o->from_dose_mg, o->drug,
                           o->from_dose_mg / q->strength_mg, q->product, r / n, r / n / q->strength_mg,
                           made > 0 ? made : r);
    }
    if (fabs(made - daily) > 1e-6 * fmax(1, daily))
        return cnsim__fail(CNSIM_E_RANGE, "--from: %g mg/day of %s cannot be made of its %s products (the daily dose "
                           "moves in steps of %g mg); expected a multiple, e.g. %g mg/day", daily, o->drug,
                           cnsim_taper_formulation_name(f), r, made > 0 ? made : r);
    switch (o->method) {
    case CNSIM_TAPER_LABEL: {
        /* 0.125 mg twice daily = 0.25 mg/day every 3 days (klonopin-label). */
        double step = 0.25, iv = interval_or(o, 3), day = 0;
        if (strcmp(o->drug, "clonazepam"))
            return cnsim__fail(CNSIM_E_ARG, "taper: the label method is clonazepam's; expected --drug clonazepam");
        for (double d = daily - step; ; d -= step, day += iv) {
            if ((st = taper__add(c, day, 0, fmax(0, d), n)) != CNSIM_OK)
                return st;
            if (d <= 1e-9)
                break;
        }
        taper__warn(plan, "label_fast_for_long_term_use", "asam2025",
                    "the label's 0.125 mg twice daily every 3 days is fast for a long-term user (this simulation "
                    "assumes %g days on the dose): the ASAM 2025 joint guideline advises 5-10%% every 2-4 weeks and "
                    "generally not more than 25%% every 2 weeks",
                    o->pre_days);
        break;
    }
    case CNSIM_TAPER_LINEAR: {
        double weeks = isnan(o->max_weeks) ? 8 : o->max_weeks, iv = interval_or(o, 14);
        int k = (int)floor(weeks * 7 / iv + 1e-9);
        if (k < 1)
            return cnsim__fail(CNSIM_E_RANGE, "--max-weeks %g: shorter than one step of %g days; a linear taper "
                               "needs at least %g weeks at this interval", weeks, iv, iv / 7);
        /* k + 1 equal steps, the first on day 0 and the last (to zero) on
         * day k * interval = the requested length. */
        double cur = daily;
        for (int i = 1; i <= k + 1; i++) {
            double t = daily * (1 - (double)i / (k + 1)), v = i == k + 1 ? 0 : next_dose(c, 0, n, cur, t, INFINITY);
            if ((st = taper__add(c, (i - 1) * iv, 0, v, n)) != CNSIM_OK)
                return st;
            plan->steps[plan->n_steps - 1].target_daily_mg = t;
            cur = v;
            if (cur <= 0)
                break;
        }
        break;
    }
    case CNSIM_TAPER_PROPORTIONAL:
        if ((st = taper__proportional(c, 0, 0, daily, n, o->percent, interval_or(o, default_interval(c)), &end)) != CNSIM_OK)
            return st;
        break;
    case CNSIM_TAPER_HYPERBOLIC: {
        double u = o->effect_step, e0 = taper__effect(&plan->curve, daily);
        if (isnan(u))
            /* SSRIs: 5 percentage points of SERT occupancy (Horowitz &
             * Taylor 2019 step along occupancy; the size is cnsim's
             * assumption, docs/plan.md). Benzodiazepines: the largest equal
             * step whose first dose step is 25% (ASAM 2025's ceiling). */
            u = plan->is_ssri ? 0.05 : plan->pace_effect;
        /* The default lands on zero in whole steps (the last step is then
         * a full one, not a remainder). */
        if (isnan(o->effect_step) && u > 0 && u < e0)
            u = e0 / ceil(e0 / u - 1e-9);
        if (!(u > 0) || u >= e0)
            return cnsim__fail(CNSIM_E_RANGE, "--effect-step: %g; expected more than 0 and less than the effect of the "
                               "starting dose, %.3f", u, e0);
        plan->effect_step = u;
        if ((st = hyperbolic(c, daily, n, u, interval_or(o, default_interval(c)))) != CNSIM_OK)
            return st;
        break;
    }
    case CNSIM_TAPER_DIAZEPAM_CROSSOVER: {
        if (strcmp(o->drug, "clonazepam"))
            return cnsim__fail(CNSIM_E_ARG, "taper: the diazepam crossover starts from clonazepam");
        snprintf(plan->drugs[1], CNSIM_NAME_MAX, "diazepam");
        plan->n_drugs = 2;
        /* diazepam in the same formulation where it has one (it has no
         * ODT or strips), else its tablets */
        if ((st = taper__fill_setup(c, 1, f)) == CNSIM_E_ARG)
            st = taper__fill_setup(c, 1, CNSIM_TAPER_FORM_TABLETS);
        if (st != CNSIM_OK)
            return st;
        /* Ashton: one 0.5 mg clonazepam at a time replaced by diazepam
         * (10 mg at 1:20), about weekly; at most 4 stages here. */
        int units = (int)ceil(daily / 0.5 - 1e-9), S = units < 4 ? units : 4;
        double iv = interval_or(o, 7), day = 0;
        for (int s = 1; s <= S; s++, day += iv) {
            double clz = daily * (1 - (double)s / S);
            if ((st = taper__add(c, day, 0, clz, n)) != CNSIM_OK ||
                (st = taper__add(c, day, 1, (daily - plan->steps[plan->n_steps - 1].daily_dose_mg) * o->dzp_mg_per_clz_mg,
                                 n)) != CNSIM_OK)
                return st;
        }
        double dzp = plan->steps[plan->n_steps - 1].daily_dose_mg;
        /* Then diazepam about 10% every 2 weeks (Ashton: 1-2 mg every 1-2
         * weeks at these doses). */
        if ((st = taper__proportional(c, 1, day - iv + 14, dzp, n, o->percent, 14, &end)) != CNSIM_OK)
            return st;
        break;
    }
    default:
        return cnsim__fail(CNSIM_E_ARG, "taper: method %d is not built by cnsim_taper_build", (int)o->method);
    }
    if (c->fill[0].kind == FILL_STRIPS && (st = to_strips(c)) != CNSIM_OK)
        return st;
    return taper__finish(c);
}

/* A plan the products could follow everywhere (no product-limited step). */
static int follows(const cnsim_taper_plan *plan)
{
    for (size_t i = 0; i < plan->n_steps; i++)
        if (plan->steps[i].needs_liquid)
            return 0;
    return 1;
}

cnsim_status cnsim_taper_build(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    cnsim__clear_error();
    taper_ctx *c = malloc(sizeof *c);
    if (!c)
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory");
    cnsim_status st = taper__init(c, reg, o, plan);
    if (st == CNSIM_OK && plan->is_ssri && (o->method == CNSIM_TAPER_LABEL || o->method == CNSIM_TAPER_DIAZEPAM_CROSSOVER))
        st = cnsim__fail(CNSIM_E_ARG, "--method %s: a benzodiazepine method; for %s expected proportional, hyperbolic "
                         "or linear", method_names[o->method], o->drug);
    if (st == CNSIM_OK && o->curve && o->curve->n >= 4 && o->curve->n <= CNSIM_TAPER_CURVE_MAX)
        plan->curve = *o->curve;
    else if (st == CNSIM_OK)
        st = taper__curve(c, o->from_dose_mg * o->n_per_day);
    if (st == CNSIM_OK)
        plan->pace_effect = plan->is_ssri ? NAN : paced_effect_step(&plan->curve, o->from_dose_mg * o->n_per_day);
    if (st != CNSIM_OK) {
        free(c);
        return st;
    }
    if (o->formulation != CNSIM_TAPER_FORM_AUTO)
        st = build_with(c, o->formulation);
    else {
        /* The fewest products first: tablets, then ODT, then a liquid. The
         * first whose every step the products can follow is taken; if none
         * can, the finest that builds. */
        static const cnsim_taper_formulation order[] = {CNSIM_TAPER_FORM_TABLETS, CNSIM_TAPER_FORM_ODT,
                                                        CNSIM_TAPER_FORM_LIQUID, CNSIM_TAPER_FORM_COMPOUNDED};
        cnsim_taper_formulation last_ok = CNSIM_TAPER_FORM_N;
        cnsim_status first_err = CNSIM_OK;
        char first_msg[512] = "";
        for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
            st = build_with(c, order[k]);
            if (st == CNSIM_OK) {
                last_ok = order[k];
                if (follows(plan))
                    break;
            } else if (cnsim_status_is_input_error(st)) {
                if (first_err == CNSIM_OK)
                    first_err = st, cnsim__strlcpy(first_msg, cnsim_last_error(), sizeof first_msg);
            } else
                break;
        }
        if (st != CNSIM_OK && !cnsim_status_is_input_error(st)) {
            free(c);
            return st;
        }
        if (last_ok == CNSIM_TAPER_FORM_N) {
            free(c);
            return cnsim__fail(first_err, "%s", first_msg);
        }
        if (st != CNSIM_OK || !follows(plan))
            st = build_with(c, last_ok);
    }
    free(c);
    if (st != CNSIM_OK)
        return st;
    cnsim__clear_error();
    if (o->method != CNSIM_TAPER_LINEAR && !isnan(o->max_weeks) && plan->duration_days > o->max_weeks * 7 + 1e-9) {
        double daily = o->from_dose_mg * o->n_per_day, at_limit = NAN;
        if (o->method == CNSIM_TAPER_PROPORTIONAL && o->percent < 25) {
            cnsim_taper_opts f = *o;
            cnsim_taper_plan *q = calloc(1, sizeof *q);
            f.percent = 25, f.max_weeks = NAN, f.interval_days = 14, f.formulation = plan->formulation;
            if (!q)
                return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory comparing with the guideline's pace");
            cnsim_status qs = cnsim_taper_build(reg, &f, q);
            if (qs == CNSIM_OK)
                at_limit = q->duration_days / 7;
            cnsim_taper_plan_free(q);
            free(q);
            if (qs == CNSIM_E_NOMEM)
                return qs;
        }
        if (!isnan(at_limit))
            return cnsim__fail(CNSIM_E_RANGE,
                               "--max-weeks %g: the %s taper from %g mg/day takes %.1f weeks at this pace; at the guideline's "
                               "fastest (25%% every 2 weeks) it takes %.1f weeks; expected --max-weeks >= %.1f or a larger --percent",
                               o->max_weeks, method_names[o->method], daily, plan->duration_days / 7, at_limit,
                               fmin(at_limit, plan->duration_days / 7));
        return cnsim__fail(CNSIM_E_RANGE, "--max-weeks %g: the %s taper from %g mg/day takes %.1f weeks; expected --max-weeks >= %.1f",
                           o->max_weeks, method_names[o->method], daily, plan->duration_days / 7, plan->duration_days / 7);
    }
    return CNSIM_OK;
}

void cnsim_taper_plan_free(cnsim_taper_plan *plan)
{
    if (!plan)
        return;
    free(plan->days);
    plan->days = NULL;
    plan->n_days = 0;
}

cnsim_status cnsim_taper_dose_ladder(cnsim_registry *reg, const char *drug, cnsim_taper_formulation f, int n_per_day,
                                     const double *clock_h, double max_daily_mg, cnsim_taper_plan *plan)
{
    cnsim__clear_error();
    cnsim_taper_opts o = cnsim_taper_opts_default();
    o.drug = drug;
    o.n_per_day = n_per_day;
    o.formulation = f;
    if (clock_h)
        for (int k = 0; k < n_per_day && k < CNSIM_TAPER_MAX_ADMIN; k++)
            o.clock_h[k] = clock_h[k];
    /* The labelled maximum bounds the ladder (and is a dose taper__init
     * accepts as a starting dose). */
    double label = NAN;
    char ind[96];
    cnsim_status lst = cnsim_registry_max_daily_dose(reg, drug, &label, ind, sizeof ind, NULL, 0);
    if (lst != CNSIM_OK && lst != CNSIM_E_ARG)
        return lst;               /* the registry failed; CNSIM_E_ARG: no labelled maximum */
    if (lst != CNSIM_OK || !(label > 0))
        label = NAN;
    cnsim__clear_error();
    double top = isnan(max_daily_mg) ? label : (isnan(label) ? max_daily_mg : fmin(max_daily_mg, label));
    if (!(top > 0) || !isfinite(top))
        return cnsim__fail(CNSIM_E_ARG, "dose ladder: %s has no labelled maximum daily dose; expected a maximum given",
                           drug ? drug : "(null)");
    o.from_dose_mg = top / (n_per_day > 0 ? n_per_day : 1);
    taper_ctx c;
    cnsim_status st = taper__init(&c, reg, &o, plan);
    if (st != CNSIM_OK)
        return st;
    static const cnsim_taper_formulation order[] = {CNSIM_TAPER_FORM_TABLETS, CNSIM_TAPER_FORM_ODT,
                                                    CNSIM_TAPER_FORM_LIQUID, CNSIM_TAPER_FORM_COMPOUNDED};
    if (f == CNSIM_TAPER_FORM_AUTO) {
        st = CNSIM_E_ARG;
        /* the next formulation when the drug has none of this one
         * (CNSIM_E_ARG); a registry failure ends the search */
        for (size_t k = 0; k < sizeof order / sizeof *order && st == CNSIM_E_ARG; k++)
            if ((st = taper__fill_setup(&c, 0, order[k])) == CNSIM_OK)
                plan->formulation = order[k];
    } else if ((st = taper__fill_setup(&c, 0, f)) == CNSIM_OK)
        plan->formulation = f;
    if (st != CNSIM_OK)
        return st;
    cnsim__clear_error();
    /* Daily doses on a 1% geometric grid from the least the products make
     * to the top, each rounded to what they make; the distinct ones. */
    double least = c.fill[0].min_mg * n_per_day, last = 0;
    for (double x = least; x <= top * (1 + 1e-9) && plan->n_steps < CNSIM_TAPER_MAX_STEPS; x *= 1.01) {
        double r, d = taper__round_daily(&c, 0, x, n_per_day, &r);
        if (!(d > 0) || d <= last * (1 + 1e-9) || d > top * (1 + 1e-9))
            continue;
        if ((st = taper__add(&c, 0, 0, d, n_per_day)) != CNSIM_OK)
            return st;
        last = d;
    }
    taper__dispense(plan);
    return CNSIM_OK;
}
