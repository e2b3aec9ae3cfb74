/* What a taper is filled with: the registry's products of one drug chosen
 * by formulation, the amounts they can measure (half tablets only where
 * scored, one graduation of the smallest syringe that holds the volume,
 * one drop, one pouch step), each dose in words and what to dispense. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/plan.h"
#include "core_impl.h"
#include "taper_impl.h"

static const char *const form_names[CNSIM_TAPER_FORM_N] = {"auto", "tablets", "odt", "liquid", "compounded",
                                                           "strips"};

const char *cnsim_taper_formulation_name(cnsim_taper_formulation f)
{
    return (unsigned)f < CNSIM_TAPER_FORM_N ? form_names[f] : "?";
}

cnsim_status cnsim_taper_formulation_parse(const char *name, cnsim_taper_formulation *out)
{
    cnsim__clear_error();
    for (int f = 0; f < CNSIM_TAPER_FORM_N; f++)
        if (name && !strcmp(name, form_names[f])) {
            *out = (cnsim_taper_formulation)f;
            return CNSIM_OK;
        }
    return cnsim__fail(CNSIM_E_ARG, "unknown formulation '%s'; expected tablets, odt, liquid, compounded, strips or auto",
                       name ? name : "");
}

/* Diazepam-equivalent mg per mg, for the pace of a crossover (Ashton
 * Manual 2002: clonazepam 0.5 mg ~ diazepam 10 mg). Single-drug plans are
 * judged on their own dose, where the factor cancels. */
double taper__eq(const char *drug)
{
    return !strcmp(drug, "clonazepam") ? 20 : 1;
}

static int form_in(const cnsim_product *p, cnsim_taper_formulation f)
{
    switch (f) {
    case CNSIM_TAPER_FORM_TABLETS: return !strcmp(p->form, "tablet") || !strcmp(p->form, "capsule");
    case CNSIM_TAPER_FORM_ODT: return !strcmp(p->form, "odt");
    case CNSIM_TAPER_FORM_LIQUID:
        return !strcmp(p->form, "liquid") || !strcmp(p->form, "drops") || !strcmp(p->form, "compounded");
    case CNSIM_TAPER_FORM_COMPOUNDED: return !strcmp(p->form, "compounded");
    case CNSIM_TAPER_FORM_STRIPS: return !strcmp(p->form, "strips");
    default: return 0;
    }
}

/* The finest amount one unit of measuring gives, in mg. */
static double liquid_resolution_mg(const taper_ctx *c, const cnsim_product *p, double amount_mg, const char **device,
                                   int *fills);

/* Adds a registry product to the plan's list (once) and returns its index. */
static int plan_product(cnsim_taper_plan *plan, const cnsim_product *p)
{
    for (size_t i = 0; i < plan->n_products; i++)
        if (!strcmp(plan->products[i].drug, p->drug) && !strcmp(plan->products[i].product, p->product))
            return (int)i;
    if (plan->n_products == CNSIM_TAPER_MAX_PRODUCTS)
        return -1;
    plan->products[plan->n_products] = *p;
    return (int)plan->n_products++;
}

cnsim_status taper__fill_setup(taper_ctx *c, int drug, cnsim_taper_formulation f)
{
    cnsim_taper_plan *plan = c->plan;
    const char *name = plan->drugs[drug];
    cnsim_product all[32];
    size_t n = 0;
    cnsim_status st = cnsim_registry_products(c->reg, name, all, 32, &n);
    if (st != CNSIM_OK)
        return st;
    if (n > 32)
        n = 32;
    taper_fill *fl = &c->fill[drug];
    memset(fl, 0, sizeof *fl);
    fl->eq = taper__eq(name);
    char have[256] = "";
    for (int g = CNSIM_TAPER_FORM_TABLETS; g < CNSIM_TAPER_FORM_N; g++)
        for (size_t i = 0; i < n; i++)
            if (form_in(&all[i], (cnsim_taper_formulation)g)) {
                size_t k = strlen(have);
                snprintf(have + k, sizeof have - k, "%s%s", k ? ", " : "", form_names[g]);
                break;
            }
    /* The liquid that measures finest (a marketed one before a compounded
     * one at equal resolution: products come ordered by form). */
    int best = -1;
    double best_res = INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (!form_in(&all[i], f))
            continue;
        if (f == CNSIM_TAPER_FORM_LIQUID || f == CNSIM_TAPER_FORM_COMPOUNDED || f == CNSIM_TAPER_FORM_STRIPS) {
            double r = !strcmp(all[i].form, "strips") ? all[i].pouch_step_mg
                       : !strcmp(all[i].unit, "drop") ? all[i].strength_mg
                                                      : liquid_resolution_mg(c, &all[i], 0, NULL, NULL);
            if (r < best_res - 1e-12)
                best_res = r, best = (int)i;
            continue;
        }
        int k = plan_product(plan, &all[i]);
        if (k < 0)
            return cnsim__fail(CNSIM_E_RANGE, "taper: more than %d products in one plan", CNSIM_TAPER_MAX_PRODUCTS);
        fl->prod[fl->n_prod++] = k;
        double unit = all[i].is_scored ? all[i].strength_mg / 2 : all[i].strength_mg;
        fl->min_mg = fl->n_prod == 1 ? unit : fmin(fl->min_mg, unit);
    }
    if (best >= 0) {
        int k = plan_product(plan, &all[best]);
        if (k < 0)
            return cnsim__fail(CNSIM_E_RANGE, "taper: more than %d products in one plan", CNSIM_TAPER_MAX_PRODUCTS);
        fl->prod[fl->n_prod++] = k;
        fl->kind = !strcmp(all[best].form, "strips") ? FILL_STRIPS : !strcmp(all[best].unit, "drop") ? FILL_DROPS
                                                                                                      : FILL_LIQUID;
        fl->min_mg = best_res;
    }
    if (fl->n_prod == 0)
        return cnsim__fail(CNSIM_E_ARG, "--formulation %s: %s has no such product in the registry (table products); "
                           "it has: %s", form_names[f], name, have[0] ? have : "none");
    if (fl->kind == FILL_STRIPS && c->o->n_per_day != 1)
        return cnsim__fail(CNSIM_E_ARG, "--formulation strips: a tapering strip holds one dose a day (daily pouches); "
                           "expected a once-daily --from (qd), got %d a day", c->o->n_per_day);
    /* Solids are composed largest first. */
    if (fl->kind == FILL_SOLID)
        for (int a = 1; a < fl->n_prod; a++)
            for (int b = a; b > 0 && plan->products[fl->prod[b]].strength_mg > plan->products[fl->prod[b - 1]].strength_mg; b--) {
                int t = fl->prod[b];
                fl->prod[b] = fl->prod[b - 1];
                fl->prod[b - 1] = t;
            }
    return CNSIM_OK;
}

/* The finest syringe that measures `amount_mg` of liquid p in at most
 * MAX_FILLS fills (the largest, filled as often as needed, above that),
 * and its graduation in mg. */
#define MAX_FILLS 3
static double liquid_resolution_mg(const taper_ctx *c, const cnsim_product *p, double amount_mg, const char **device,
                                   int *fills)
{
    double v = amount_mg / p->strength_mg;
    const cnsim_device *use = NULL;
    for (size_t i = 0; i < c->n_devices; i++) {
        const cnsim_device *d = &c->devices[i];
        if (isnan(d->volume_mL))
            continue;
        if (!use)
            use = d;                 /* the smallest, for the finest step */
        if (v <= MAX_FILLS * d->volume_mL + 1e-9) {
            use = d;
            break;
        }
        use = d;                     /* the largest so far */
    }
    if (!use) {                      /* no syringe in the registry: the product's own step */
        if (device)
            *device = p->device;
        if (fills)
            *fills = 1;
        return p->measure_step * p->strength_mg;
    }
    if (device)
        *device = use->device;
    if (fills)
        *fills = v > use->volume_mL + 1e-9 ? (int)ceil(v / use->volume_mL - 1e-9) : 1;
    return fmax(use->graduation_mL, p->measure_step) * p->strength_mg;
}

/* The measuring step at a given amount per administration. */
static double resolution_at(const taper_ctx *c, int drug, double admin_mg)
{
    const taper_fill *fl = &c->fill[drug];
    const cnsim_product *p = &c->plan->products[fl->prod[0]];
    switch (fl->kind) {
    case FILL_LIQUID: return liquid_resolution_mg(c, p, admin_mg, NULL, NULL);
    default: return fl->min_mg;
    }
}

/* Solids may split a daily dose unequally (the extra piece later in the
 * day); a liquid is measured to the same volume at every administration,
 * so its daily dose moves in steps of n measures. *resolution is the
 * step of the daily dose. */
double taper__round_daily(const taper_ctx *c, int drug, double daily_mg, int n_per_day, double *resolution)
{
    double a = fmax(0, daily_mg) / n_per_day;
    double r = resolution_at(c, drug, a);
    r = fmax(r, resolution_at(c, drug, a + r));
    if (c->fill[drug].kind == FILL_LIQUID || c->fill[drug].kind == FILL_DROPS) {
        if (resolution)
            *resolution = r * n_per_day;
        return lround(a / r) * r * n_per_day;
    }
    if (resolution)
        *resolution = r;
    return lround(fmax(0, daily_mg) / r) * r;
}

/* "1", "1/2", "1 1/2" */
static void count_text(char *w, size_t n, double units)
{
    double whole = floor(units + 1e-9);
    int half = units - whole > 0.25;
    if (whole < 1 && half)
        snprintf(w, n, "1/2");
    else if (half)
        snprintf(w, n, "%.0f 1/2", whole);
    else
        snprintf(w, n, "%.0f", whole);
}

static void add_dose(cnsim_taper_step *s, double clock, double mg, int prod, double units, const char *measure)
{
    if (s->n_doses == CNSIM_TAPER_MAX_DOSES)
        return;
    cnsim_taper_dose *d = &s->doses[s->n_doses++];
    d->clock_h = clock, d->amount_mg = mg, d->product = prod, d->units = units;
    cnsim__strlcpy(d->measure, measure, sizeof d->measure);
}

static void appendf(char **w, size_t *left, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void appendf(char **w, size_t *left, const char *fmt, ...)
{
    if (*left <= 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(*w, *left, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    size_t u = (size_t)k < *left ? (size_t)k : *left - 1;
    *w += u, *left -= u;
}

/* The tablets that make m mg with the fewest pieces (a half counts as
 * 1.5, so whole tablets are preferred; halves only of scored tablets):
 * units[i] of fill product i. A dynamic programme over multiples of the
 * fill's smallest piece, since largest-first fails for some strengths
 * (18 mg of diazepam 10/5/2 mg scored: 10 + 5 + 2 + half of 2). */
static void solid_units(const taper_ctx *c, int drug, double m, double *units)
{
    const taper_fill *fl = &c->fill[drug];
    const cnsim_taper_plan *plan = c->plan;
    for (int i = 0; i < fl->n_prod; i++)
        units[i] = 0;
    double r = fl->min_mg;
    long K = lround(m / r);
    if (K <= 0 || K > 20000)
        return;
    typedef struct { long size; int prod; double units; double cost; } piece;
    piece pc[2 * CNSIM_TAPER_MAX_PRODUCTS];
    int np = 0;
    for (int i = 0; i < fl->n_prod; i++) {
        const cnsim_product *p = &plan->products[fl->prod[i]];
        long whole = lround(p->strength_mg / r);
        if (fabs(whole * r - p->strength_mg) < 1e-9 * p->strength_mg)
            pc[np++] = (piece){whole, i, 1, 1};
        if (p->is_scored && whole % 2 == 0)
            pc[np++] = (piece){whole / 2, i, 0.5, 1.5};
    }
    double *cost = malloc((size_t)(K + 1) * sizeof *cost);
    int *pick = malloc((size_t)(K + 1) * sizeof *pick);
    if (!cost || !pick) {
        free(cost), free(pick);
        return;
    }
    cost[0] = 0, pick[0] = -1;
    for (long k = 1; k <= K; k++) {
        cost[k] = INFINITY, pick[k] = -1;
        for (int j = 0; j < np; j++)
            if (pc[j].size <= k && cost[k - pc[j].size] + pc[j].cost < cost[k] - 1e-12)
                cost[k] = cost[k - pc[j].size] + pc[j].cost, pick[k] = j;
    }
    for (long k = K; k > 0 && pick[k] >= 0; k -= pc[pick[k]].size)
        units[pc[pick[k]].prod] += pc[pick[k]].units;
    free(cost), free(pick);
}

/* The doses of one administration of m mg, added to s->doses, and the
 * words for them: "0.35 mL of 0.1 mg/mL oral suspension (compounded)
 * (0.035 mg)", "1 x 0.5 mg tablet + 1/2 x 0.5 mg tablet (0.75 mg)". */
static void one_admin(const taper_ctx *c, cnsim_taper_step *s, double clock, double m, char *w, size_t left)
{
    const cnsim_taper_plan *plan = c->plan;
    const taper_fill *fl = &c->fill[s->drug];
    const cnsim_product *p0 = &plan->products[fl->prod[0]];
    char meas[96], cnt[16];
    w[0] = '\0';
    if (m <= 0) {
        snprintf(w, left, "nothing");
        return;
    }
    if (fl->kind == FILL_LIQUID) {
        const char *dev = "";
        int fills = 1;
        liquid_resolution_mg(c, p0, m, &dev, &fills);
        double v = m / p0->strength_mg;
        if (fills > 1)
            snprintf(meas, sizeof meas, "%.2f mL (%s, %d fills)", v, dev, fills);
        else
            snprintf(meas, sizeof meas, "%.2f mL (%s)", v, dev);
        add_dose(s, clock, m, fl->prod[0], v, meas);
        appendf(&w, &left, "%.2f mL of %s (%g mg)", v, p0->product, m);
    } else if (fl->kind == FILL_DROPS) {
        double k = lround(m / p0->strength_mg);
        snprintf(meas, sizeof meas, "%.0f drop%s (%s)", k, k == 1 ? "" : "s", p0->device);
        add_dose(s, clock, m, fl->prod[0], k, meas);
        appendf(&w, &left, "%.0f drop%s of %s (%g mg)", k, k == 1 ? "" : "s", p0->product, m);
    } else if (fl->kind == FILL_STRIPS) {
        add_dose(s, clock, m, fl->prod[0], 1, "1 pouch");
        appendf(&w, &left, "1 pouch of %s (%g mg)", p0->product, m);
    } else {
        double units[CNSIM_TAPER_MAX_PRODUCTS];
        solid_units(c, s->drug, m, units);
        const char *sep = "";
        for (int i = 0; i < fl->n_prod; i++) {
            const cnsim_product *p = &plan->products[fl->prod[i]];
            if (units[i] <= 0)
                continue;
            count_text(cnt, sizeof cnt, units[i]);
            snprintf(meas, sizeof meas, "%s %s%s", cnt, p->unit, units[i] > 1 ? "s" : "");
            add_dose(s, clock, units[i] * p->strength_mg, fl->prod[i], units[i], meas);
            appendf(&w, &left, "%s%s x %s", sep, cnt, p->product);
            sep = " + ";
        }
        appendf(&w, &left, " (%g mg)", m);
    }
}

void taper__describe(const taper_ctx *c, cnsim_taper_step *s)
{
    char *w = s->tablets;
    size_t left = sizeof s->tablets;
    w[0] = '\0';
    s->n_doses = 0;
    if (s->daily_dose_mg <= 0) {
        appendf(&w, &left, "none (stop)");
        return;
    }
    char frag[CNSIM_TAPER_MAX_ADMIN][200], t[8];
    int same = 1;
    for (int a = 0; a < s->n_per_day; a++) {
        one_admin(c, s, s->clock_h[a], s->admin_mg[a], frag[a], sizeof frag[a]);
        same &= !strcmp(frag[a], frag[0]);
    }
    for (int a = 0; a < s->n_per_day; a++) {
        double h = s->clock_h[a];
        int hh = (int)floor(h + 1e-9), mm = (int)lround((h - hh) * 60);
        snprintf(t, sizeof t, "%02d:%02d", hh % 24, mm % 60);
        if (same && s->n_per_day > 1) {
            appendf(&w, &left, "%s%s", a == 0 ? "" : a == s->n_per_day - 1 ? " and " : ", ", t);
            if (a == s->n_per_day - 1)
                appendf(&w, &left, ": %s each", frag[0]);
        } else
            appendf(&w, &left, "%s%s: %s", a ? "; " : "", t, frag[a]);
    }
}

/* Quantities per product over the whole plan: each step's doses times its
 * length in days. */
void taper__dispense(cnsim_taper_plan *plan)
{
    plan->n_dispense = 0;
    for (size_t i = 0; i < plan->n_steps; i++) {
        const cnsim_taper_step *s = &plan->steps[i];
        int seen[CNSIM_TAPER_MAX_PRODUCTS] = {0};
        for (int k = 0; k < s->n_doses; k++) {
            const cnsim_taper_dose *d = &s->doses[k];
            size_t j = 0;
            while (j < plan->n_dispense && plan->dispense[j].product != d->product)
                j++;
            if (j == plan->n_dispense) {
                if (j == CNSIM_TAPER_MAX_PRODUCTS)
                    continue;
                plan->dispense[j] = (cnsim_taper_dispense){.product = d->product};
                plan->n_dispense++;
            }
            plan->dispense[j].quantity += d->units * s->days;
            if (!seen[d->product]++)
                plan->dispense[j].supply_days += s->days;
        }
    }
    /* Counted units are whole (a half tablet still takes a tablet). */
    for (size_t j = 0; j < plan->n_dispense; j++) {
        const cnsim_product *p = &plan->products[plan->dispense[j].product];
        if (strcmp(p->unit, "mL"))
            plan->dispense[j].quantity = ceil(plan->dispense[j].quantity - 1e-9);
        else
            plan->dispense[j].quantity = ceil(plan->dispense[j].quantity * 10 - 1e-9) / 10;
    }
}
