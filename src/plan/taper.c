/* Taper schedules: the published methods, product rounding and the
 * guideline checks. Simulation: taper_sim.c. Sources: docs/plan.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/plan.h"
#include "cnsim/model.h"
#include "cnsim/pk.h"
#include "cnsim/pd.h"
#include "core_impl.h"
#include "taper_impl.h"

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
    "not more than 25% every 2 weeks [asam2025]",
    /* Horowitz & Taylor 2019 argue for equal steps in target occupancy. */
    "Horowitz MA, Taylor D. Lancet Psychiatry 2019;6:538-46: hyperbolic reduction in equal "
    "steps of target occupancy (applied here to benzodiazepine-site occupancy) [horowitz2019]",
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
        .dzp_mg_per_clz_mg = 20, .threshold = NAN, .min_interval_days = 14};
    return o;
}

/* Products. Clonazepam: tablets 0.5/1/2 mg and ODT 0.125/0.25 mg (the
 * 0.125 mg ODT sets the granularity; klonopin-label, clonazepam-odt-label).
 * Diazepam: tablets 2/5/10 mg, the scored 2 mg tablet halved for 1 mg
 * (valium-label). eq: diazepam-equivalent mg per mg (Ashton 1:20). */
static const taper_product products[] = {
    {"clonazepam", 0.125, 20, {2, 1, 0.5, 0.25, 0.125},
     {"2 mg tablet", "1 mg tablet", "0.5 mg tablet", "0.25 mg ODT", "0.125 mg ODT"}, 5,
     "an oral liquid (clonazepam 2.5 mg/mL drops, rivotril-smpc; not marketed in the US, "
     "so a compounded solution there)"},
    {"diazepam", 1, 1, {10, 5, 2, 1},
     {"10 mg tablet", "5 mg tablet", "2 mg tablet", "half of a 2 mg tablet"}, 4,
     "diazepam oral solution (1 mg/mL)"}};

const taper_product *taper__product(const char *drug)
{
    for (size_t i = 0; i < sizeof products / sizeof *products; i++)
        if (!strcmp(products[i].drug, drug))
            return &products[i];
    return NULL;
}

/* Administration clock hours by count per day. */
const double taper__admin_hour[CNSIM_TAPER_MAX_ADMIN][CNSIM_TAPER_MAX_ADMIN] = {
    {8}, {8, 20}, {8, 14, 20}, {8, 12, 16, 20}};

static void describe(const taper_product *p, cnsim_taper_step *s)
{
    char *w = s->tablets;
    size_t left = sizeof s->tablets;
    w[0] = '\0';
    if (s->daily_dose_mg <= 0) {
        snprintf(w, left, "none (stop)");
        return;
    }
    for (int a = 0; a < s->n_per_day; a++) {
        double d = s->admin_mg[a];
        int h = (int)taper__admin_hour[s->n_per_day - 1][a];
        int k = snprintf(w, left, "%s%02d:00 %g mg", a ? "; " : "", h, d);
        w += k, left -= (size_t)k;
        const char *sep = " =";
        for (int t = 0; t < p->n_strengths && d > 1e-9 && left > 1; t++) {
            int c = (int)floor(d / p->strength_mg[t] + 1e-9);
            if (c > 0) {
                k = snprintf(w, left, "%s %d x %s", sep, c, p->strength_name[t]);
                w += k, left -= (size_t)k;
                d -= c * p->strength_mg[t];
                sep = " +";
            }
        }
        if (s->admin_mg[a] <= 0 && left > 1) {
            k = snprintf(w, left, " (none)");
            w += k, left -= (size_t)k;
        }
    }
}

cnsim_status taper__add(cnsim_taper_plan *plan, double day, int drug, double target_daily_mg,
                        int n_per_day)
{
    if (plan->n_steps == CNSIM_TAPER_MAX_STEPS)
        return cnsim__fail(CNSIM_E_RANGE, "taper: more than %d steps; expected a faster pace or a lower dose",
                           CNSIM_TAPER_MAX_STEPS);
    const taper_product *p = taper__product(plan->drugs[drug]);
    cnsim_taper_step *s = &plan->steps[plan->n_steps++];
    memset(s, 0, sizeof *s);
    s->day = day, s->drug = drug, s->target_daily_mg = target_daily_mg, s->n_per_day = n_per_day;
    long units = lround(fmax(0, target_daily_mg) / p->unit_mg);
    s->daily_dose_mg = units * p->unit_mg;
    /* Unequal splits put the extra unit in the later administrations
     * (the bedtime dose is the one usually kept longest). */
    long base = units / n_per_day, extra = units % n_per_day;
    for (int a = 0; a < n_per_day; a++)
        s->admin_mg[a] = (base + (a >= n_per_day - extra ? 1 : 0)) * p->unit_mg;
    describe(p, s);
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

static double eq_daily(const cnsim_taper_plan *plan, const cnsim_taper_opts *o, double day)
{
    double v = 0;
    for (size_t d = 0; d < plan->n_drugs; d++)
        v += taper__daily(plan, o, (int)d, day) * taper__product(plan->drugs[d])->eq;
    return v;
}

/* Proportional reduction of drug d from `day`, every interval days, by
 * `percent` of the current dose, rounded to products; at least one unit
 * per step, and the final step to zero from the smallest unit. Returns the
 * day the drug reaches zero. */
cnsim_status taper__proportional(cnsim_taper_plan *plan, int d, double day, double daily,
                                 int n, double percent, double interval, double *end_day)
{
    const taper_product *p = taper__product(plan->drugs[d]);
    long u = lround(daily / p->unit_mg);
    cnsim_status st;
    while (u > 0) {
        double target = u * p->unit_mg * (1 - percent / 100);
        long v = lround(target / p->unit_mg);
        if (v >= u)
            v = u - 1;
        if ((st = taper__add(plan, day, d, v * p->unit_mg, n)) != CNSIM_OK)
            return st;
        plan->steps[plan->n_steps - 1].target_daily_mg = target;
        u = v;
        if (u > 0)
            day += interval;
    }
    *end_day = day;
    return CNSIM_OK;
}

/* Steady-state occupancy per mg/day: x = k * D with
 * k = fu * F * 1e3 / (CL * 24) [ng/mL per mg/day] * 1e3 / MW / Ki, the
 * average unbound concentration over Ki (Gaddum, docs/models.md 2). */
static cnsim_status occupancy_k(cnsim_registry *reg, const char *drug, double *k)
{
    cnsim_pk_params pk;
    cnsim_pd_drug_params pd;
    cnsim_status st;
    if ((st = cnsim_registry_pk_params(reg, drug, NULL, &pk)) != CNSIM_OK ||
        (st = cnsim_registry_pd_params(reg, drug, &pd)) != CNSIM_OK)
        return st;
    double css_per_mg = pk.f * 1e3 / (pk.cl_L_per_h * 24);
    *k = pd.fu * css_per_mg * 1e3 / pd.mw_g_per_mol / pd.ki_unbound_nM;
    return CNSIM_OK;
}

/* The pace rule of include/cnsim/model.h (cnsim_pace_check), on daily
 * totals in diazepam equivalents from the pre-taper period on. A cut whose
 * only change is the smallest step the products allow is a product limit
 * and reads as such (a liquid would be needed); the others are faster
 * than the guideline. */
static cnsim_status check_pace(cnsim_taper_plan *plan, const cnsim_taper_opts *o)
{
    long pre = lround(o->pre_days);
    size_t n = (size_t)pre + (size_t)ceil(plan->duration_days) + 2;
    double *daily = malloc(n * sizeof *daily);
    if (!daily)   /* a plan whose pace is unchecked is not handed out */
        return cnsim__fail(CNSIM_E_NOMEM, "taper: out of memory checking the taper's pace");
    for (size_t k = 0; k < n; k++)
        daily[k] = eq_daily(plan, o, (double)k - (double)pre);
    cnsim_pace_report r;
    cnsim_pace_check(daily, n, &r);
    free(daily);
    int n_fast = 0, n_liquid = 0, liq_drug = 0;
    double fast_day = NAN, fast_pct = 0, liq_day = NAN, liq_pct = 0;
    for (size_t c = 0; c < r.n_cuts && c < CNSIM_PACE_MAX_CUTS; c++) {
        double s = (double)r.cuts[c].day - (double)pre, pct = 100 * r.cuts[c].cut_frac;
        /* the step taken that day, and whether it is alone in its window */
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
        const taper_product *p = taper__product(plan->drugs[st->drug]);
        double prev = taper__daily(plan, o, st->drug, s - 1e-6);
        if (n_changes == 1 && fabs(prev - st->daily_dose_mg - p->unit_mg) < 1e-9) {
            plan->steps[st - plan->steps].needs_liquid = 1;
            if (!n_liquid++)
                liq_day = s, liq_pct = pct, liq_drug = st->drug;
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
    if (n_liquid) {
        const taper_product *p = taper__product(plan->drugs[liq_drug]);
        taper__warn(plan, "liquid_needed", "asam2025",
                    "%d step(s) from day %g on are the smallest the tablets allow (%g mg/day) yet exceed 25%% "
                    "in 2 weeks (%.0f%% first); a guideline-paced end of the taper needs %s",
                    n_liquid, liq_day, p->unit_mg, liq_pct, p->liquid);
    }
    return CNSIM_OK;
}

cnsim_status taper__finish(cnsim_taper_plan *plan, const cnsim_taper_opts *o)
{
    plan->duration_days = 0;
    for (size_t i = 0; i < plan->n_steps; i++)
        plan->duration_days = fmax(plan->duration_days, plan->steps[i].day);
    return check_pace(plan, o);
}

cnsim_status taper__init(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->method = o->method;
    plan->peak_withdrawal_index = plan->peak_day = NAN;
    if (!o->drug || !taper__product(o->drug))
        return cnsim__fail(CNSIM_E_ARG, "taper: drug '%s' has no taper products here; expected clonazepam or diazepam",
                           o->drug ? o->drug : "");
    if (!(o->from_dose_mg > 0) || !isfinite(o->from_dose_mg) || o->n_per_day < 1 || o->n_per_day > CNSIM_TAPER_MAX_ADMIN)
        return cnsim__fail(CNSIM_E_RANGE, "taper: starting dose %g mg x %d/day; expected a dose > 0 given 1-4 times a day",
                           o->from_dose_mg, o->n_per_day);
    const taper_product *p = taper__product(o->drug);
    double daily = o->from_dose_mg * o->n_per_day;
    /* The smallest amount that can be dispensed (the 0.125 mg clonazepam
     * ODT, half a 2 mg diazepam tablet) is the least a dose can be: below
     * it there is nothing to taper ("1e-300 mg bid" made a taper of 0
     * days). */
    if (o->from_dose_mg < p->unit_mg * (1 - 1e-9))
        return cnsim__fail(CNSIM_E_RANGE,
                           "--from: %g mg per dose of %s is below the smallest dose that can be dispensed, %g mg (%s); "
                           "expected %g mg or more", o->from_dose_mg, o->drug, p->unit_mg,
                           p->strength_name[p->n_strengths - 1], p->unit_mg);
    /* The labelled maximum daily dose (dose_limits, the drug's label) is
     * the most a patient can be tapered from. */
    double max_daily = NAN;
    char ind[96];
    if (reg && cnsim_registry_max_daily_dose(reg, o->drug, &max_daily, ind, sizeof ind, NULL, 0) == CNSIM_OK &&
        daily > max_daily * (1 + 1e-9))
        return cnsim__fail(CNSIM_E_RANGE,
                           "--from: %g mg/day of %s (%g mg x %d/day) is above its labelled maximum, %g mg/day (%s); "
                           "expected at most %g mg/day", daily, o->drug, o->from_dose_mg, o->n_per_day, max_daily, ind,
                           max_daily);
    cnsim__clear_error();
    if (fabs(daily / p->unit_mg - lround(daily / p->unit_mg)) > 1e-6)
        return cnsim__fail(CNSIM_E_RANGE, "taper: %g mg/day of %s is not made of its products (multiples of %g mg)",
                           daily, o->drug, p->unit_mg);
    if (!(o->percent > 0 && o->percent < 100))
        return cnsim__fail(CNSIM_E_RANGE, "--percent: %g; expected 0 < percent < 100", o->percent);
    if (!isnan(o->interval_days) && !(o->interval_days >= 1 && o->interval_days <= 120))
        return cnsim__fail(CNSIM_E_RANGE, "--interval-days: %g; expected 1 to 120", o->interval_days);
    if (!isnan(o->max_weeks) && !(o->max_weeks > 0 && o->max_weeks <= 520))
        return cnsim__fail(CNSIM_E_RANGE, "--max-weeks: %g; expected 0 < weeks <= 520", o->max_weeks);
    snprintf(plan->drugs[0], CNSIM_NAME_MAX, "%s", o->drug);
    plan->n_drugs = 1;
    return CNSIM_OK;
}

static double interval_or(const cnsim_taper_opts *o, double dflt)
{
    return isnan(o->interval_days) ? dflt : o->interval_days;
}

cnsim_status cnsim_taper_build(cnsim_registry *reg, const cnsim_taper_opts *o, cnsim_taper_plan *plan)
{
    cnsim__clear_error();
    cnsim_status st = taper__init(reg, o, plan);
    if (st != CNSIM_OK)
        return st;
    const taper_product *p = taper__product(o->drug);
    double daily = o->from_dose_mg * o->n_per_day, end = 0;
    int n = o->n_per_day;
    switch (o->method) {
    case CNSIM_TAPER_LABEL: {
        /* 0.125 mg twice daily = 0.25 mg/day every 3 days (klonopin-label). */
        double step = 0.25, iv = interval_or(o, 3), day = 0;
        if (strcmp(o->drug, "clonazepam"))
            return cnsim__fail(CNSIM_E_ARG, "taper: the label method is clonazepam's; expected --drug clonazepam");
        for (double d = daily - step; ; d -= step, day += iv) {
            if ((st = taper__add(plan, day, 0, fmax(0, d), n)) != CNSIM_OK)
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
        for (int i = 1; i <= k + 1; i++)
            if ((st = taper__add(plan, (i - 1) * iv, 0, daily * (1 - (double)i / (k + 1)), n)) != CNSIM_OK)
                return st;
        break;
    }
    case CNSIM_TAPER_PROPORTIONAL:
        if ((st = taper__proportional(plan, 0, 0, daily, n, o->percent, interval_or(o, 14), &end)) != CNSIM_OK)
            return st;
        break;
    case CNSIM_TAPER_HYPERBOLIC: {
        double k, iv = interval_or(o, 14);
        if ((st = occupancy_k(reg, o->drug, &k)) != CNSIM_OK)
            return st;
        double occ0 = k * daily / (1 + k * daily);
        /* The fewest equal occupancy steps whose first dose step is at most
         * `percent` of the dose (H&T's first steps are the largest). */
        int N = 1;
        for (; N < 200; N++) {
            double o1 = occ0 * (1 - 1.0 / N), d1 = o1 / (k * (1 - o1));
            if (daily - d1 <= daily * o->percent / 100 + 1e-12)
                break;
        }
        double prev = daily, day = 0;
        for (int i = 1; i <= N; i++) {
            double oi = occ0 * (1 - (double)i / N), di = oi / (k * (1 - oi));
            long u = lround(di / p->unit_mg);
            if (u * p->unit_mg >= prev - 1e-9 && i < N) {
                day += iv;         /* the step rounds away: hold */
                continue;
            }
            if ((st = taper__add(plan, day, 0, di, n)) != CNSIM_OK)
                return st;
            prev = plan->steps[plan->n_steps - 1].daily_dose_mg;
            day += iv;
        }
        break;
    }
    case CNSIM_TAPER_DIAZEPAM_CROSSOVER: {
        if (strcmp(o->drug, "clonazepam"))
            return cnsim__fail(CNSIM_E_ARG, "taper: the diazepam crossover starts from clonazepam");
        snprintf(plan->drugs[1], CNSIM_NAME_MAX, "diazepam");
        plan->n_drugs = 2;
        /* Ashton: one 0.5 mg clonazepam at a time replaced by diazepam
         * (10 mg at 1:20), about weekly; at most 4 stages here. */
        int units = (int)ceil(daily / 0.5 - 1e-9), S = units < 4 ? units : 4;
        double iv = interval_or(o, 7), day = 0;
        for (int s = 1; s <= S; s++, day += iv) {
            double clz = daily * (1 - (double)s / S);
            clz = 0.125 * lround(clz / 0.125);
            if ((st = taper__add(plan, day, 0, clz, n)) != CNSIM_OK ||
                (st = taper__add(plan, day, 1, (daily - clz) * o->dzp_mg_per_clz_mg, n)) != CNSIM_OK)
                return st;
        }
        double dzp = plan->steps[plan->n_steps - 1].daily_dose_mg;
        /* Then diazepam about 10% every 2 weeks (Ashton: 1-2 mg every 1-2
         * weeks at these doses), 1 mg steps at the end. */
        if ((st = taper__proportional(plan, 1, day - iv + 14, dzp, n, o->percent, 14, &end)) != CNSIM_OK)
            return st;
        break;
    }
    default:
        return cnsim__fail(CNSIM_E_ARG, "taper: method %d is not built by cnsim_taper_build", (int)o->method);
    }
    cnsim_status fst = taper__finish(plan, o);
    if (fst != CNSIM_OK)
        return fst;
    if (o->method != CNSIM_TAPER_LINEAR && !isnan(o->max_weeks) && plan->duration_days > o->max_weeks * 7 + 1e-9) {
        double at_limit = NAN;
        if (o->method == CNSIM_TAPER_PROPORTIONAL && o->percent < 25) {
            cnsim_taper_opts f = *o;
            cnsim_taper_plan *q = calloc(1, sizeof *q);
            f.percent = 25, f.max_weeks = NAN, f.interval_days = 14;
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
