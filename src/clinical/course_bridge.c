/* The SSRI bridge: an SSRI qd from day 0 for the whole follow-up, a
 * benzodiazepine at full dose for `weeks`, then halved each week over
 * `taper_weeks` (rounded to 0.125 mg, the smallest clonazepam step), then
 * stopped. Both arms (with and without the bridge) run through the chain
 * (one model of both drugs, one run per arm: PK -> PD, hourly) and the
 * symptom course. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/course.h"
#include "cnsim/model.h"
#include "cnsim/units.h"
#include "cnsim/pk.h"
#include "cnsim/regimen.h"
#include "clinical_impl.h"
#include "core_impl.h"

#define ROUND_MG 0.125

cnsim_bridge_opts cnsim_bridge_opts_default(void)
{
    cnsim_bridge_opts o;
    memset(&o, 0, sizeof o);
    strcpy(o.ssri, "sertraline");
    o.ssri_mg = 50;
    strcpy(o.bzd, "clonazepam");
    o.bzd_mg = 0.5, o.bzd_n_per_day = 2;
    o.weeks = 4, o.taper_weeks = 2, o.follow_weeks = 12;
    o.n_patients = 0, o.seed = 1;
    return o;
}

cnsim_status cnsim_bridge_parse_dose(const char *spec, char name[CNSIM_NAME_MAX],
                                     double *mg, int *n_per_day)
{
    cnsim__clear_error();
    const char *colon = spec ? strchr(spec, ':') : NULL;
    if (!colon || colon == spec || (size_t)(colon - spec) >= CNSIM_NAME_MAX)
        return cnsim__fail(CNSIM_E_PARSE, "dose '%s': expected DRUG:AMOUNT[-qd|bid|tid|qid], e.g. clonazepam:0.5mg-bid",
                           spec ? spec : "");
    memcpy(name, spec, (size_t)(colon - spec));
    name[colon - spec] = 0;
    /* the amount and frequency in the shared vocabulary (cnsim/units.h) */
    char field[CNSIM_NAME_MAX + 16];
    snprintf(field, sizeof field, "dose '%s'", spec);
    return cnsim_parse_dose_per_day(colon + 1, field, mg, n_per_day);
}

static cnsim_status check_drug(cnsim_registry *reg, const char *name, cnsim_pd_target want,
                               const char *what, char canon[CNSIM_NAME_MAX])
{
    cnsim_status st = cnsim_registry_resolve(reg, name, canon);
    if (st != CNSIM_OK)
        return st;
    cnsim_pd_drug_params pd;
    if ((st = cnsim_registry_pd_params(reg, canon, &pd)) != CNSIM_OK)
        return st;
    if (pd.target != want)
        return cnsim__fail(CNSIM_E_ARG, "%s: %s is not %s", what, canon,
                           want == CNSIM_PD_TARGET_SERT ? "an SSRI (no SERT target in the registry)"
                                                        : "a benzodiazepine (no GABA-A site target in the registry)");
    return CNSIM_OK;
}

cnsim_status cnsim_bridge_events(const char *ssri, double ssri_mg, const char *bzd, int bzd_n_per_day,
                                 const double *step_mg, size_t n_steps, size_t n_days, cnsim_event_list *out)
{
    cnsim__clear_error();
    if (bzd && (bzd_n_per_day < 1 || bzd_n_per_day > 4))
        return cnsim__fail(CNSIM_E_RANGE, "bridge: %d administrations a day; expected 1-4", bzd_n_per_day);
    /* The clock of qd and of the cover's frequency word, as every command
     * doses them (cnsim_regimen_default_clock). */
    double ssri_h, bzd_h[CNSIM_REGIMEN_MAX_PER_DAY];
    cnsim_status st = cnsim_regimen_default_clock(1, &ssri_h);
    if (st == CNSIM_OK && bzd)
        st = cnsim_regimen_default_clock(bzd_n_per_day, bzd_h);
    if (st != CNSIM_OK)
        return st;
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int i_ssri = -1, i_bzd = -1;
    if (ssri)
        st = cnsim_event_list_drug(&raw, ssri, &i_ssri);
    if (st == CNSIM_OK && bzd)
        st = cnsim_event_list_drug(&raw, bzd, &i_bzd);
    for (size_t day = 0; day < n_days && st == CNSIM_OK; day++) {
        cnsim_event e = cnsim_event_default();
        e.id = 1;
        if (ssri) {
            e.drug = i_ssri, e.amt_mg = ssri_mg, e.time_h = day * 24.0 + ssri_h;
            st = cnsim_event_list_push(&raw, &e);
        }
        size_t wk = day / 7;
        if (!bzd || wk >= n_steps)
            continue;
        for (int a = 0; a < bzd_n_per_day && st == CNSIM_OK; a++) {
            e.drug = i_bzd, e.amt_mg = step_mg[wk];
            e.time_h = day * 24.0 + bzd_h[a];
            st = cnsim_event_list_push(&raw, &e);
        }
    }
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, out);
    cnsim_event_list_free(&raw);
    return st;
}

/* Runs one arm to n_days through the run r of a model of the SSRI and the
 * benzodiazepine; fills hamd/hama (n_days + 1, daily) and the daily peak
 * withdrawal index (n_days, may be NULL). */
static cnsim_status arm(cnsim_run *run, const cnsim_course_params *cp, cnsim_bridge_result *r,
                        const cnsim_bridge_opts *o, int with_bzd, double *hamd, double *hama, double *wd,
                        cnsim_course_population *pop)
{
    cnsim_event_list ev;
    cnsim_event_list_init(&ev);
    cnsim_status st = cnsim_bridge_events(r->ssri, o->ssri_mg, with_bzd ? r->bzd : NULL, o->bzd_n_per_day,
                                          r->step_mg, r->n_steps, r->n_days, &ev);

    double *th = NULL, *dd = NULL, *da = NULL;
    if (st != CNSIM_OK)
        goto done;
    size_t n_h = r->n_days * 24 + 1;
    th = malloc(n_h * sizeof *th);
    dd = malloc(n_h * sizeof *dd);
    da = malloc(n_h * sizeof *da);
    if (!th || !dd || !da) {
        st = cnsim__fail(CNSIM_E_NOMEM, "bridge: out of memory for a %zu-day simulation", r->n_days);
        goto done;
    }
    for (size_t i = 0; i < n_h; i++)
        th[i] = (double)i;
    if ((st = cnsim_run_set_events(run, &ev, 1)) != CNSIM_OK || (st = cnsim_run_set_times(run, th, n_h)) != CNSIM_OK ||
        (st = cnsim_run_simulate(run)) != CNSIM_OK)
        goto done;
    const cnsim_pd_state *ps = cnsim_run_pd(run);
    if (with_bzd)
        for (size_t i = 0; i < cnsim_run_n_findings(run) && r->n_findings < CNSIM_BRIDGE_MAX_FINDINGS; i++)
            r->findings[r->n_findings++] = *cnsim_run_finding(run, i);
    cnsim_course_run(cp, th, ps, n_h, dd, da);
    /* the virtual population on the same PD states (one PK/PD run per arm) */
    if (o->n_patients > 0 &&
        (st = cnsim__course_population_run(cp, o->n_patients, o->seed, th, ps, n_h, pop, &o->progress,
                                           with_bzd ? 0 : (double)o->n_patients, 2.0 * (double)o->n_patients)) !=
            CNSIM_OK)
        goto done;
    for (size_t day = 0; day <= r->n_days; day++)
        hamd[day] = dd[day * 24], hama[day] = da[day * 24];
    if (wd)
        for (size_t day = 0; day < r->n_days; day++) {
            double m = 0;
            for (size_t h = 0; h <= 24; h++)
                m = fmax(m, ps[day * 24 + h].withdrawal);
            wd[day] = m;
        }
done:
    cnsim_event_list_free(&ev);
    free(th), free(dd), free(da);
    return st;
}

/* First day (in weeks) on which hamd <= limit, NAN if never. */
static double first_week(const double *hamd, size_t n, double limit)
{
    for (size_t d = 0; d < n; d++)
        if (hamd[d] <= limit)
            return d / 7.0;
    return NAN;
}

size_t cnsim_bridge_schedule(double mg, double weeks, int taper_weeks, double *step_mg, size_t max_steps,
                             double *max_cut_per_2_weeks)
{
    size_t n = 0, full = (size_t)ceil(weeks);
    for (size_t w = 0; w < full && n < max_steps; w++)
        step_mg[n++] = mg;
    double prev = mg;
    for (int k = 1; k <= taper_weeks && n < max_steps; k++) {
        double d = fmax(ROUND_MG, round(mg * pow(0.5, k) / ROUND_MG) * ROUND_MG);
        if (d >= prev)
            d = prev - ROUND_MG;
        if (d <= 0)
            break;
        step_mg[n++] = prev = d;
    }
    /* largest cut over 2 weeks (after the last step the dose is 0) */
    double cut = 0;
    for (size_t w = 0; w < n; w++) {
        double after = w + 2 < n ? step_mg[w + 2] : 0;
        cut = fmax(cut, 1 - after / step_mg[w]);
    }
    if (max_cut_per_2_weeks)
        *max_cut_per_2_weeks = cut;
    return n;
}

void cnsim_bridge_result_free(cnsim_bridge_result *r)
{
    if (!r)
        return;
    free(r->hamd_with), free(r->hamd_without), free(r->hama_with), free(r->hama_without);
    free(r->withdrawal_with);
    r->hamd_with = r->hamd_without = r->hama_with = r->hama_without = r->withdrawal_with = NULL;
}

cnsim_status cnsim_bridge_run(cnsim_registry *reg, const cnsim_bridge_opts *o, cnsim_bridge_result *r)
{
    cnsim__clear_error();
    memset(r, 0, sizeof *r);
    if (!(o->weeks > 0) || o->weeks > 26)
        return cnsim__fail(CNSIM_E_RANGE, "bridge: --weeks %g is outside (0, 26]", o->weeks);
    if (!(o->taper_weeks >= 0) || o->taper_weeks > 12 || o->taper_weeks != floor(o->taper_weeks))
        return cnsim__fail(CNSIM_E_RANGE, "bridge: --taper-weeks %g must be a whole number 0..12", o->taper_weeks);
    if (!(o->follow_weeks >= 1) || o->follow_weeks > 52 || o->follow_weeks != floor(o->follow_weeks))
        return cnsim__fail(CNSIM_E_RANGE, "--follow-weeks: %g; expected a whole number of weeks from 1 to 52",
                           o->follow_weeks);
    if (!(o->ssri_mg > 0) || !(o->bzd_mg > 0) || o->bzd_n_per_day < 1 || o->bzd_n_per_day > 4)
        return cnsim__fail(CNSIM_E_RANGE, "bridge: doses must be positive, 1-4 administrations a day");
    if (o->n_patients > 10000)
        return cnsim__fail(CNSIM_E_RANGE, "bridge: --patients %zu is outside 0..10000", o->n_patients);
    cnsim_status st;
    if ((st = check_drug(reg, o->ssri, CNSIM_PD_TARGET_SERT, "--ssri", r->ssri)) != CNSIM_OK ||
        (st = check_drug(reg, o->bzd, CNSIM_PD_TARGET_BZD, "--with", r->bzd)) != CNSIM_OK)
        return st;
    cnsim_course_params cp;
    if ((st = cnsim_course_params_load(reg, &cp)) != CNSIM_OK)
        return st;

    /* Weekly bridge doses: full for ceil(weeks), then halved each week. */
    size_t full = (size_t)ceil(o->weeks), nt = (size_t)o->taper_weeks;
    if (full + nt > CNSIM_BRIDGE_MAX_STEPS)
        return cnsim__fail(CNSIM_E_RANGE, "bridge: %zu weeks of bridge and taper; at most %d", full + nt,
                           CNSIM_BRIDGE_MAX_STEPS);
    r->n_steps = cnsim_bridge_schedule(o->bzd_mg, o->weeks, (int)nt, r->step_mg, CNSIM_BRIDGE_MAX_STEPS,
                                       &r->max_cut_per_2_weeks);
    /* The follow-up is what was asked for: shorter than the bridge, the
     * run ends while it is still given (and the taper peak is undefined);
     * it used to be stretched to the end of the taper plus two weeks. */
    r->n_days = (size_t)o->follow_weeks * 7;
    size_t n = r->n_days + 1;
    r->hamd_with = malloc(n * sizeof(double));
    r->hamd_without = malloc(n * sizeof(double));
    r->hama_with = malloc(n * sizeof(double));
    r->hama_without = malloc(n * sizeof(double));
    r->withdrawal_with = calloc(n, sizeof(double));
    if (!r->hamd_with || !r->hamd_without || !r->hama_with || !r->hama_without || !r->withdrawal_with) {
        cnsim_bridge_result_free(r);
        return cnsim__fail(CNSIM_E_NOMEM, "bridge: out of memory");
    }
    cnsim_model_drug md[2] = {{r->ssri, NULL, NULL}, {r->bzd, NULL, NULL}};
    cnsim_model *m = NULL;
    cnsim_run *run = NULL;
    if ((st = cnsim_model_create(reg, md, 2, NULL, &m)) == CNSIM_OK && (st = cnsim_run_create(m, &run)) == CNSIM_OK &&
        (st = cnsim_run_set_outputs(run, CNSIM_RUN_PD | CNSIM_RUN_FINDINGS)) == CNSIM_OK &&
        (st = arm(run, &cp, r, o, 1, r->hamd_with, r->hama_with, r->withdrawal_with, &r->pop_with)) == CNSIM_OK)
        st = arm(run, &cp, r, o, 0, r->hamd_without, r->hama_without, NULL, &r->pop_without);
    cnsim_run_free(run);
    cnsim_model_free(m);
    if (st != CNSIM_OK) {
        cnsim_bridge_result_free(r);
        return st;
    }
    double resp = cp.hamd_baseline * (1 - cp.response_frac);
    r->weeks_to_response_with = first_week(r->hamd_with, n, resp);
    r->weeks_to_response_without = first_week(r->hamd_without, n, resp);
    r->weeks_to_remission_with = first_week(r->hamd_with, n, cp.remission_hamd);
    r->weeks_to_remission_without = first_week(r->hamd_without, n, cp.remission_hamd);
    r->taper_peak_withdrawal_index = full * 7 < r->n_days ? 0 : NAN, r->taper_peak_week = NAN;
    for (size_t d = full * 7; d < r->n_days; d++)
        if (r->withdrawal_with[d] > r->taper_peak_withdrawal_index)
            r->taper_peak_withdrawal_index = r->withdrawal_with[d], r->taper_peak_week = d / 7.0;
    return CNSIM_OK;
}
