/* cnsim tdm: a subject's individual PK from measured levels (MAP with the
 * Laplace or an exact posterior), predictions with 90% bands, and the
 * regimen of real products most likely to reach a target range. Every
 * number comes from the library (include/cnsim/tdm.h); this file reads
 * the options and prints. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define TDM_DISCLAIMER "cnsim is a research and teaching simulator, not medical advice: a dose is for the prescriber " \
                       "to decide."

typedef struct tdm_args {
    const char *drug, *model, *regimen, *events, *error, *posterior, *target, *formulation, *times, *out, *plot;
    cli_list level;
    double until_h, every_h;
    unsigned long long draws, id;
    uint64_t seed;
    int has_draws, has_id, has_every, quiet, progress;
    cli_format fmt;
} tdm_args;

static const cli_opt opts[] = {
    {.name = "--drug", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, drug), .metavar = "NAME",
     .help = "a registry drug: its PK, published between-subject variability and residual error (data/96_tdm.sql)",
     .eg = "clonazepam"},
    {.name = "--model", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, model), .metavar = "FILE.json",
     .help = "a PK model file with omega (and sigma, or --error) instead of a registry drug (docs/models.md)",
     .eg = "mymodel.json", .flags = CLI_OPT_READS_FILE},
    {.name = "--regimen", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, regimen), .metavar = "TEXT",
     .help = "the doses taken, t = 0 at 00:00 of day 1 (e.g. \"0.5 mg bid for 14 d\")", .eg = "\"0.5 mg bid for 14 d\""},
    {.name = "--times", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, times), .metavar = "HH:MM,...",
     .help = "clock times of --regimen's qd/bid/tid/qid doses (default 08:00, then every 24/n h)", .eg = "08:00,20:00"},
    {.name = "--level", .kind = CLI_OPT_LIST, .off = offsetof(tdm_args, level), .metavar = "\"[SPECIES] TIME VALUE\"",
     .help = "a measured level, repeatable: time after t = 0, concentration (ng/mL unless a unit is given), \"<LLOQ\" "
             "below quantification (M3); a metabolite by its name first", .eg = "\"323.5 h 24.1 ng/mL\""},
    {.name = "--events", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, events), .metavar = "FILE.csv",
     .help = "a NONMEM-style data set instead: doses, and DV rows (EVID 0, MDV 0) as levels; BLQ/LLOQ columns for M3; "
             "CMT 5 a metabolite; every ID is fitted (POSTHOC)", .eg = "levels.csv", .flags = CLI_OPT_READS_FILE},
    {.name = "--id", .kind = CLI_OPT_WHOLE, .off = offsetof(tdm_args, id), .min = 0, .max = 2147483647,
     .given = CLI_AT(tdm_args, has_id), .metavar = "N", .help = "--events: only this ID", .eg = "3"},
    {.name = "--error", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, error), .metavar = "SPEC",
     .help = "residual error SDs instead of the registry's or the model's: \"prop 10%\", \"add 0.5 ng/mL\" or both",
     .eg = "\"prop 10% add 0.5\""},
    {.name = "--posterior", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, posterior), .metavar = "KIND",
     .help = "laplace (default: the normal at the mode) or sample (exact, importance sampling with --seed)",
     .eg = "sample"},
    {.name = "--draws", .kind = CLI_OPT_WHOLE, .off = offsetof(tdm_args, draws), .min = 100, .max = 1000000,
     .given = CLI_AT(tdm_args, has_draws), .metavar = "N",
     .help = "posterior draws for the bands and the probability in range (default 1000; sample 4000)", .eg = "2000"},
    {.kind = CLI_OPT_SEED, .off = offsetof(tdm_args, seed)},
    {.name = "--target", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, target), .metavar = "SPEC",
     .help = "steady-state target: \"trough LO-HI ng/mL\" (a metabolite or \"a+b\" sum by name after trough) or "
             "\"occupancy LO-HI%\" (default: the drug's reference range, AGNP 2018, when it has one)",
     .eg = "\"trough 20-70 ng/mL\""},
    {.name = "--formulation", .kind = CLI_OPT_STRING, .off = offsetof(tdm_args, formulation), .metavar = "F",
     .help = "products the recommended regimen is made of: tablets, odt, liquid, compounded or auto (default)",
     .eg = "tablets"},
    {.kind = CLI_OPT_UNTIL, .off = offsetof(tdm_args, until_h),
     .help = "predictions until (default: 24 h after the last dose or level)"},
    {.name = "--every", .kind = CLI_OPT_DURATION, .off = offsetof(tdm_args, every_h), .metavar = "DUR",
     .given = CLI_AT(tdm_args, has_every), .help = "prediction interval (default: 1/500 of the span, 0.1 h to 1 h)",
     .eg = "0.5h"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(tdm_args, fmt),
     .help = "text (default), json (map_parameters, ci90, eta, objective, recommended_regimen, "
             "probability_in_target, ...) or csv (the predictions with their 90% band and the levels)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(tdm_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(tdm_args, plot),
     .help = "figure (.png, .svg or .pdf): the individual prediction with its 90% band, the typical subject, the "
             "levels, one panel per measured species (the first subject)"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(tdm_args, quiet)},
    {.kind = CLI_OPT_PROGRESS, .off = offsetof(tdm_args, progress)},
};

static const cli_cmd cmd = {
    .name = "tdm",
    .usage = "(--drug NAME | --model FILE.json) (--regimen TEXT --level \"TIME VALUE\" ... | --events FILE.csv)\n"
             "                 [--error SPEC] [--posterior laplace|sample] [--draws N] [--seed N]\n"
             "                 [--target SPEC] [--formulation F] [--until DUR] [--every DUR]\n"
             "                 [--format text|json|csv] [--out FILE] [--plot FILE.png|.svg|.pdf]\n",
    .about =
        "Individual pharmacokinetics from measured levels, as model-informed precision dosing does:\n"
        "the maximum a posteriori (MAP, NONMEM's POSTHOC) estimate of the subject's random effects\n"
        "(CL, V, KA, F) under the drug's population model (OMEGA from data/95_population.sql and\n"
        "data/96_tdm.sql, or the model file), with the residual error of its published model\n"
        "(additive, proportional or combined) and levels below the limit of quantification by\n"
        "Beal's M3 likelihood. Uncertainty from the Laplace approximation or, with --posterior\n"
        "sample, exactly by importance sampling. Then the individual predictions with their 90%\n"
        "band, shrinkage, and the regimen of real products (registry table products, up to the\n"
        "labelled maximum) most likely to put the steady-state trough (or occupancy) in the target\n"
        "range, with that probability. Method and validation: docs/tdm.md.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim tdm --drug clonazepam --regimen \"0.5 mg bid for 14 d\" --level \"323.5 h 24.1\" "
                "--level \"299.5 h 23.0\" --target \"trough 20-70 ng/mL\"\n"
                "  cnsim tdm --drug sertraline --regimen \"100 mg qd for 28 d\" --level \"671.5 h 31 ng/mL\" --format json\n"
                "  cnsim tdm --model tests/data/tdm_posthoc_model.json --events tests/data/tdm_posthoc.csv --format json\n"
                "  cnsim tdm --drug clonazepam --regimen \"1 mg qd for 10 d\" --level \"239 h 15\" --posterior sample "
                "--plot tdm.svg\n",
    .formats = CLI_FMTS_TCJ,
};

/* One subject's results. */
typedef struct tdm_subject {
    int id;
    cnsim_event_list doses;
    cnsim_tdm_level *lv;
    char (*species)[CNSIM_TDM_SPECIES_MAX];
    size_t n_lv;
    cnsim_tdm_fit fit;
    cnsim_tdm_sample sample;       /* --posterior sample */
    cnsim_tdm_draws draws;
    cnsim_tdm_band band;
    cnsim_tdm_regimen current;
    int has_current;
    cnsim_tdm_outcome current_out;
    cnsim_tdm_regimen *cand;
    cnsim_tdm_outcome *cand_out;
    size_t n_cand, best;
    int has_rec;
    char warn[4][400];
    int n_warn;
} tdm_subject;

static void subject_free(tdm_subject *s)
{
    cnsim_event_list_free(&s->doses);
    free(s->lv), free(s->species), free(s->cand), free(s->cand_out);
    cnsim_tdm_draws_free(&s->draws);
    cnsim_tdm_band_free(&s->band);
    memset(s, 0, sizeof *s);
}

/* Everything the subjects share. */
typedef struct tdm_ctx {
    tdm_args *a;
    cnsim_registry *reg;
    char drug[CNSIM_NAME_MAX];       /* registry drug, or "" for a model file */
    cnsim_tdm_prior prior;
    char error_source[64];
    size_t n_out;
    char out_name[8][CNSIM_NAME_MAX];
    cnsim_tdm_posterior kind;
    int has_target;
    cnsim_tdm_target target;
    char target_source[160];
    cnsim_pd_drug_params pd[8];
    int has_pd;
    cnsim_therapeutic_range ranges[8];
    size_t n_ranges;
    cnsim_taper_formulation form;
    double max_daily;
    char max_source[96];
} tdm_ctx;

static const char *param_unit(cnsim_tdm_param p)
{
    switch (p) {
    case CNSIM_TDM_CL: return "L/h";
    case CNSIM_TDM_V: return "L";
    case CNSIM_TDM_KA: return "1/h";
    default: return "";
    }
}

/* The output index of a species name ("" the parent). */
static int output_of(const tdm_ctx *c, const char *species, size_t *out)
{
    if (!species[0]) {
        *out = 0;
        return 0;
    }
    for (size_t k = 0; k < c->n_out; k++)
        if (!strcasecmp(species, c->out_name[k])) {
            *out = k;
            return 0;
        }
    char have[256] = "";
    for (size_t k = 0; k < c->n_out; k++)
        snprintf(have + strlen(have), sizeof have - strlen(have), "%s%s", k ? ", " : "", c->out_name[k]);
    return cli_bad_input("--level: species '%s' is not an output of %s; expected one of %s", species,
                         c->prior.pk.name, have);
}

/* Candidates: the product ladder of a registry drug at the current
 * frequency and clock, or for a model file the current regimen scaled by
 * k/4, k = 1..16 (it has no products). */
static int candidates(tdm_ctx *c, tdm_subject *s)
{
    const cnsim_tdm_regimen *cur = &s->current;
    size_t n_prod = 0;
    cnsim_status pst = c->drug[0] ? cnsim_registry_products(c->reg, c->drug, NULL, 0, &n_prod) : CNSIM_OK;
    if (pst != CNSIM_OK)
        return cli_report(pst, "registry");
    if (c->drug[0] && n_prod == 0 && s->n_warn < 4)
        snprintf(s->warn[s->n_warn++], sizeof s->warn[0],
                 "no_products: %s has no dispensable products in the registry (table products); the candidates are "
                 "the current dose in quarters", c->drug);
    if (c->drug[0] && n_prod > 0) {
        cnsim_taper_plan *plan = calloc(1, sizeof *plan);
        if (!plan)
            return cli_fail("tdm: out of memory");
        cnsim_status st = cnsim_taper_dose_ladder(c->reg, c->drug, c->form, cur->n_per_day, cur->clock_h, NAN, plan);
        if (st != CNSIM_OK) {
            free(plan);
            return cli_report(st, "--formulation");
        }
        s->cand = calloc(plan->n_steps ? plan->n_steps : 1, sizeof *s->cand);
        if (!s->cand) {
            free(plan);
            return cli_fail("tdm: out of memory");
        }
        static const char *const words[] = {"", "qd", "bid", "tid", "qid"};
        for (size_t i = 0; i < plan->n_steps; i++) {
            const cnsim_taper_step *p = &plan->steps[i];
            cnsim_tdm_regimen *r = &s->cand[s->n_cand++];
            r->n_per_day = p->n_per_day;
            r->daily_mg = p->daily_dose_mg;
            int equal = 1;
            for (int k = 0; k < p->n_per_day; k++) {
                r->admin_mg[k] = p->admin_mg[k], r->clock_h[k] = cur->clock_h[k];
                equal = equal && fabs(p->admin_mg[k] - p->admin_mg[0]) < 1e-9;
            }
            if (equal)
                snprintf(r->text, sizeof r->text, "%g mg %s", p->admin_mg[0], words[p->n_per_day]);
            else {
                size_t w = 0;
                for (int k = 0; k < p->n_per_day && w < sizeof r->text; k++)
                    w += (size_t)snprintf(r->text + w, sizeof r->text - w, "%s%g mg", k ? " + " : "", p->admin_mg[k]);
            }
            snprintf(r->take, sizeof r->take, "%s", p->tablets);
        }
        free(plan);
        return 0;
    }
    s->cand = calloc(16, sizeof *s->cand);
    if (!s->cand)
        return cli_fail("tdm: out of memory");
    for (int k = 1; k <= 16; k++) {
        if (cur->daily_mg * k / 4 > c->max_daily * (1 + 1e-9))
            break;   /* not above the labelled maximum */
        cnsim_tdm_regimen *r = &s->cand[s->n_cand++];
        *r = *cur;
        r->daily_mg = 0;
        for (int a = 0; a < r->n_per_day; a++)
            r->admin_mg[a] = cur->admin_mg[a] * k / 4, r->daily_mg += r->admin_mg[a];
        snprintf(r->text, sizeof r->text, "%g x the current dose (%g mg/day)", k / 4.0, r->daily_mg);
        snprintf(r->take, sizeof r->take, "%s", c->drug[0] ? "no products in the registry: doses in quarters of the current one"
                                                          : "a model file has no products: doses in quarters of the current one");
    }
    return 0;
}

/* Progress of subject `index` of n: the recommendation's share of it. */
typedef struct tdm_progress {
    cli_progress *pg;
    size_t index, n;
} tdm_progress;

static void on_progress(void *ctx, double done, double total)
{
    tdm_progress *p = ctx;
    if (p->pg && total > 0)
        cli_progress_fn(p->pg, (double)p->index + done / total, (double)p->n);
}

/* Fits one subject and computes what it is printed with. */
static int fit_subject(tdm_ctx *c, tdm_subject *s, const double *t_pred, size_t n_pred, tdm_progress *tp)
{
    tdm_args *a = c->a;
    cnsim_status st = cnsim_tdm_map(&c->prior, s->doses.ev, s->doses.n, s->lv, s->n_lv, &s->fit);
    if (st != CNSIM_OK)
        return cli_report(st, "tdm");
    size_t n_draws = a->has_draws ? (size_t)a->draws : c->kind == CNSIM_TDM_SAMPLE ? 4000 : 1000;
    unsigned long seed = (unsigned long)(a->seed ^ (uint64_t)(unsigned)s->id * 0x9E3779B97F4A7C15ull);
    if ((st = cnsim_tdm_draw(&c->prior, s->doses.ev, s->doses.n, s->lv, s->n_lv, &s->fit, c->kind, n_draws, seed,
                             &s->draws)) != CNSIM_OK)
        return cli_report(st, "tdm");
    if (c->kind == CNSIM_TDM_SAMPLE && (st = cnsim_tdm_summarize(&c->prior, &s->draws, &s->sample)) != CNSIM_OK)
        return cli_report(st, "--posterior sample");
    if ((st = cnsim_tdm_predict(&c->prior, s->doses.ev, s->doses.n, &s->fit, &s->draws, t_pred, n_pred, &s->band)) !=
        CNSIM_OK)
        return cli_report(st, "tdm");
    /* alert levels (AGNP): a measured level above one is flagged */
    for (size_t j = 0; j < s->n_lv; j++)
        for (size_t r = 0; r < c->n_ranges && s->n_warn < 4; r++)
            if (!s->lv[j].blq && s->lv[j].output == 0 && !c->ranges[r].species[0] &&
                s->lv[j].value_ng_mL > c->ranges[r].alert_ng_mL) {
                snprintf(s->warn[s->n_warn++], sizeof s->warn[0],
                         "level_above_alert: the level at %g h, %g ng/mL, is above the laboratory alert level of %s, "
                         "%g ng/mL (%s): check for toxicity and adherence to the dose", s->lv[j].time_h,
                         s->lv[j].value_ng_mL, c->drug, c->ranges[r].alert_ng_mL, c->ranges[r].source);
                break;
            }
    if (!c->has_target)
        return 0;
    if ((st = cnsim_tdm_current_regimen(s->doses.ev, s->doses.n, &s->current)) != CNSIM_OK)
        return cli_report(st, "tdm");
    s->has_current = 1;
    if ((st = cnsim_tdm_evaluate(&c->prior, &s->fit, &s->draws, &c->target, c->has_pd ? c->pd : NULL, &s->current,
                                 &s->current_out)) != CNSIM_OK)
        return cli_report(st, "--target");
    int rc = candidates(c, s);
    if (rc)
        return rc;
    s->cand_out = calloc(s->n_cand ? s->n_cand : 1, sizeof *s->cand_out);
    if (!s->cand_out)
        return cli_fail("tdm: out of memory");
    if ((st = cnsim_tdm_recommend(&c->prior, &s->fit, &s->draws, &c->target, c->has_pd ? c->pd : NULL, s->cand,
                                  s->n_cand, &s->current, &s->best, s->cand_out,
                                  &(cnsim_progress){on_progress, tp})) != CNSIM_OK)
        return cli_report(st, "--target");
    s->has_rec = 1;
    const cnsim_tdm_outcome *o = &s->cand_out[s->best];
    if (o->probability_in_target < 0.5 && s->n_warn < 4)
        snprintf(s->warn[s->n_warn++], sizeof s->warn[0],
                 "target_unlikely: no regimen of the products up to the labelled maximum%s%s%s puts the subject in "
                 "the target range with probability 0.5 or more (best %.2f)", c->max_source[0] ? " (" : "",
                 c->max_source, c->max_source[0] ? ")" : "", o->probability_in_target);
    if (c->drug[0] && s->best + 1 == s->n_cand && o->median < c->target.lo && s->n_warn < 4)
        snprintf(s->warn[s->n_warn++], sizeof s->warn[0],
                 "at_labelled_maximum: the recommended regimen is the most the products make up to the labelled "
                 "maximum daily dose, %g mg (%s); the target is not reached below it", c->max_daily, c->max_source);
    return 0;
}

static const char *kind_unit(const tdm_ctx *c)
{
    return c->target.kind == CNSIM_TDM_TARGET_TROUGH ? "ng/mL" : "fraction";
}

/* ---- JSON ---- */

static json_t *params_json(const tdm_ctx *c, const double *v)
{
    json_t *o = json_object();
    for (int i = 0; o && i < c->prior.n_eta; i++)
        json_object_set_new(o, cnsim_tdm_param_name(c->prior.eta[i]), json_real(v[i]));
    return o;
}

static json_t *outcome_json(const tdm_ctx *c, const cnsim_tdm_regimen *r, const cnsim_tdm_outcome *o)
{
    json_t *times = json_array(), *doses = json_array();
    for (int k = 0; k < r->n_per_day; k++) {
        char t[8];
        snprintf(t, sizeof t, "%02d:%02d", (int)r->clock_h[k], (int)lround(fmod(r->clock_h[k], 1) * 60) % 60);
        json_array_append_new(times, json_string(t));
        json_array_append_new(doses, json_real(r->admin_mg[k]));
    }
    return json_pack("{s:s,s:s,s:f,s:i,s:o,s:o,s:f,s:s,s:{s:f,s:f,s:f,s:f,s:f}}", "regimen", r->text, "take", r->take,
                     "daily_mg", r->daily_mg, "n_per_day", r->n_per_day, "times", times, "admin_mg", doses,
                     "probability_in_target", o->probability_in_target, "unit", kind_unit(c), "predicted", "median",
                     o->median, "lo90", o->lo, "hi90", o->hi, "at_map", o->at_mode, "typical", o->typical);
}

static json_t *subject_json(const tdm_ctx *c, const tdm_subject *s)
{
    int n = c->prior.n_eta;
    json_t *o = json_object(), *ci = json_object(), *sh = json_object(), *cov = json_array(), *lv = json_array();
    if (!o || !ci || !sh || !cov || !lv) {
        json_decref(o), json_decref(ci), json_decref(sh), json_decref(cov), json_decref(lv);
        return NULL;
    }
    const double *lo = c->kind == CNSIM_TDM_SAMPLE ? s->sample.ci90_lo : s->fit.ci90_lo;
    const double *hi = c->kind == CNSIM_TDM_SAMPLE ? s->sample.ci90_hi : s->fit.ci90_hi;
    for (int i = 0; i < n; i++) {
        const char *nm = cnsim_tdm_param_name(c->prior.eta[i]);
        json_object_set_new(ci, nm, json_pack("[f,f]", lo[i], hi[i]));
        json_object_set_new(sh, nm, json_real(s->fit.shrinkage[i]));
        json_t *row = json_array();
        for (int j = 0; j < n; j++)
            json_array_append_new(row, json_real(s->fit.cov[i * n + j]));
        json_array_append_new(cov, row);
    }
    json_t *laplace = json_object();
    for (int i = 0; i < n; i++)
        json_object_set_new(laplace, cnsim_tdm_param_name(c->prior.eta[i]),
                            json_pack("[f,f]", s->fit.ci90_lo[i], s->fit.ci90_hi[i]));
    double typ[CNSIM_TDM_MAX_ETA];
    for (int i = 0; i < n; i++)
        typ[i] = cnsim_tdm_param_value(&c->prior, i, 0);
    json_object_set_new(o, "id", json_integer(s->id));
    json_object_set_new(o, "map_parameters", params_json(c, s->fit.param));
    json_object_set_new(o, "ci90", ci);
    json_object_set_new(o, "ci90_laplace", laplace);
    json_object_set_new(o, "eta", params_json(c, s->fit.eta));
    json_object_set_new(o, "typical_parameters", params_json(c, typ));
    json_object_set_new(o, "eta_covariance", cov);
    json_object_set_new(o, "shrinkage", sh);
    json_object_set_new(o, "objective", json_real(s->fit.objective));
    json_object_set_new(o, "converged", json_boolean(s->fit.converged));
    json_object_set_new(o, "iterations", json_integer(s->fit.n_iter));
    if (c->kind == CNSIM_TDM_SAMPLE)
        json_object_set_new(o, "sampler", json_pack("{s:I,s:f}", "draws", (json_int_t)s->sample.n, "ess", s->sample.ess));
    /* the levels with their predictions */
    for (size_t j = 0; j < s->n_lv; j++) {
        size_t k = 0;
        while (k + 1 < s->band.n_t && s->band.t_h[k] < s->lv[j].time_h)
            k++;
        size_t at = k * s->band.n_out + s->lv[j].output;
        json_t *e = json_pack("{s:f,s:s,s:b,s:f,s:f,s:f,s:f}", "time_h", s->lv[j].time_h, "species",
                              c->out_name[s->lv[j].output], "blq", s->lv[j].blq, "pred_ng_mL", s->band.pred[at],
                              "ipred_ng_mL", s->band.ipred[at], "ipred_lo90_ng_mL", s->band.lo[at], "ipred_hi90_ng_mL",
                              s->band.hi[at]);
        if (s->lv[j].blq)
            json_object_set_new(e, "lloq_ng_mL", json_real(s->lv[j].lloq_ng_mL));
        else
            json_object_set_new(e, "value_ng_mL", json_real(s->lv[j].value_ng_mL));
        json_array_append_new(lv, e);
    }
    json_object_set_new(o, "levels", lv);
    if (s->has_rec) {
        json_object_set_new(o, "current_regimen", outcome_json(c, &s->current, &s->current_out));
        json_object_set_new(o, "recommended_regimen", outcome_json(c, &s->cand[s->best], &s->cand_out[s->best]));
        json_object_set_new(o, "probability_in_target", json_real(s->cand_out[s->best].probability_in_target));
        json_t *alt = json_array();
        for (size_t i = 0; i < s->n_cand; i++)
            if (s->cand_out[i].evaluated)
                json_array_append_new(alt, json_pack("{s:s,s:f,s:f,s:f}", "regimen", s->cand[i].text, "daily_mg",
                                                     s->cand[i].daily_mg, "probability_in_target",
                                                     s->cand_out[i].probability_in_target, "median",
                                                     s->cand_out[i].median));
        json_object_set_new(o, "candidates", alt);
    } else {
        json_object_set_new(o, "recommended_regimen", json_null());
        json_object_set_new(o, "probability_in_target", json_null());
    }
    json_t *w = json_array();
    for (int i = 0; i < s->n_warn; i++)
        json_array_append_new(w, json_string(s->warn[i]));
    json_object_set_new(o, "warnings", w);
    return o;
}

static int write_json(const tdm_ctx *c, tdm_subject *subj, size_t n_subj, FILE *fp)
{
    json_t *root = json_object(), *arr = json_array();
    if (!root || !arr) {
        json_decref(root), json_decref(arr);
        return cli_fail("tdm: out of memory");
    }
    json_object_set_new(root, "disclaimer", json_string(TDM_DISCLAIMER));
    json_object_set_new(root, "drug", json_string(c->prior.pk.name));
    json_object_set_new(root, "model", json_string(c->drug[0] ? "registry" : c->a->model));
    json_object_set_new(root, "posterior", json_string(c->kind == CNSIM_TDM_SAMPLE ? "sample" : "laplace"));
    json_t *om = json_object();
    for (int i = 0; i < c->prior.n_eta; i++)
        json_object_set_new(om, cnsim_tdm_param_name(c->prior.eta[i]),
                            json_real(c->prior.omega[i * c->prior.n_eta + i]));
    json_object_set_new(root, "omega", om);
    json_object_set_new(root, "residual_error", json_pack("{s:f,s:f,s:s}", "prop_sd", c->prior.sigma_prop,
                                                          "add_sd_ng_mL", c->prior.sigma_add_ng_mL, "source",
                                                          c->error_source));
    if (c->has_target)
        json_object_set_new(root, "target",
                            json_pack("{s:s,s:s,s:f,s:f,s:s,s:s}", "kind",
                                      c->target.kind == CNSIM_TDM_TARGET_TROUGH ? "trough" : "occupancy", "species",
                                      c->target.species[0] ? c->target.species : c->out_name[0], "lo", c->target.lo,
                                      "hi", c->target.hi, "unit", kind_unit(c), "source", c->target_source));
    for (size_t i = 0; i < n_subj; i++) {
        json_t *o = subject_json(c, &subj[i]);
        if (!o) {
            json_decref(root), json_decref(arr);
            return cli_fail("tdm: out of memory");
        }
        if (i == 0)   /* the first (or only) subject's results at the top level too */
            json_object_update(root, o);
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "subjects", arr);
    int rc = cli_json_write(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10), "tdm");
    json_decref(root);
    return rc;
}

/* ---- CSV and text ---- */

static void write_csv(const tdm_ctx *c, const tdm_subject *subj, size_t n_subj, FILE *fp)
{
    fputs("ID,time_h,species,pred_ng_mL,ipred_ng_mL,ipred_lo90_ng_mL,ipred_hi90_ng_mL,observed_ng_mL,blq\n", fp);
    char b[5][32];
    for (size_t i = 0; i < n_subj; i++) {
        const tdm_subject *s = &subj[i];
        for (size_t k = 0; k < s->band.n_t; k++)
            for (size_t o = 0; o < s->band.n_out; o++) {
                size_t at = k * s->band.n_out + o;
                fprintf(fp, "%d,%s,%s,%s,%s,%s,%s,", s->id, cli_num(s->band.t_h[k], b[0]), c->out_name[o],
                        cli_num(s->band.pred[at], b[1]), cli_num(s->band.ipred[at], b[2]), cli_num(s->band.lo[at], b[3]),
                        cli_num(s->band.hi[at], b[4]));
                const cnsim_tdm_level *hit = NULL;
                for (size_t j = 0; j < s->n_lv && !hit; j++)
                    if (s->lv[j].output == o && s->lv[j].time_h == s->band.t_h[k])
                        hit = &s->lv[j];
                if (hit)
                    fprintf(fp, "%s,%d\n", cli_num(hit->blq ? hit->lloq_ng_mL : hit->value_ng_mL, b[0]), hit->blq);
                else
                    fputs(",\n", fp);
            }
    }
}

static void write_text(const tdm_ctx *c, const tdm_subject *subj, size_t n_subj, FILE *fp)
{
    fprintf(fp, "%s\n\n", TDM_DISCLAIMER);
    fprintf(fp, "%s: MAP estimate (%s posterior), residual error prop %.3g, add %.3g ng/mL (%s)\n", c->prior.pk.name,
            c->kind == CNSIM_TDM_SAMPLE ? "exact, importance-sampled" : "Laplace", c->prior.sigma_prop,
            c->prior.sigma_add_ng_mL, c->error_source[0] ? c->error_source : "given");
    for (size_t i = 0; i < n_subj; i++) {
        const tdm_subject *s = &subj[i];
        fprintf(fp, "\nsubject %d: %zu level(s), objective %.4f%s\n", s->id, s->n_lv, s->fit.objective,
                s->fit.converged ? "" : " (the search did not fully converge)");
        fprintf(fp, "  %-3s %12s %12s %25s %8s %10s\n", "", "typical", "MAP", "90% interval", "eta", "shrinkage");
        for (int k = 0; k < c->prior.n_eta; k++) {
            const double *lo = c->kind == CNSIM_TDM_SAMPLE ? s->sample.ci90_lo : s->fit.ci90_lo;
            const double *hi = c->kind == CNSIM_TDM_SAMPLE ? s->sample.ci90_hi : s->fit.ci90_hi;
            char iv[64];
            snprintf(iv, sizeof iv, "%.4g - %.4g", lo[k], hi[k]);
            fprintf(fp, "  %-3s %8.4g %-3s %8.4g %-3s %25s %8.3f %10.2f\n", cnsim_tdm_param_name(c->prior.eta[k]),
                    cnsim_tdm_param_value(&c->prior, k, 0), param_unit(c->prior.eta[k]), s->fit.param[k],
                    param_unit(c->prior.eta[k]), iv, s->fit.eta[k], s->fit.shrinkage[k]);
        }
        fputs("  levels (ng/mL):        measured   typical    individual (90% band)\n", fp);
        for (size_t j = 0; j < s->n_lv; j++) {
            size_t k = 0;
            while (k + 1 < s->band.n_t && s->band.t_h[k] < s->lv[j].time_h)
                k++;
            size_t at = k * s->band.n_out + s->lv[j].output;
            char m[32];
            if (s->lv[j].blq)
                snprintf(m, sizeof m, "<%g", s->lv[j].lloq_ng_mL);
            else
                snprintf(m, sizeof m, "%.4g", s->lv[j].value_ng_mL);
            fprintf(fp, "    %-18s %8.2f h %8s %9.3g %9.3g (%.3g - %.3g)\n", c->out_name[s->lv[j].output],
                    s->lv[j].time_h, m, s->band.pred[at], s->band.ipred[at], s->band.lo[at], s->band.hi[at]);
        }
        if (s->has_rec) {
            const cnsim_tdm_outcome *co = &s->current_out, *ro = &s->cand_out[s->best];
            const char *u = kind_unit(c);
            fprintf(fp, "  target: steady-state %s %s %g-%g %s (%s)\n",
                    c->target.kind == CNSIM_TDM_TARGET_TROUGH ? "trough" : "occupancy",
                    c->target.species[0] ? c->target.species : c->out_name[0], c->target.lo, c->target.hi, u,
                    c->target_source);
            fprintf(fp, "  current %s: predicted %.3g (90%%: %.3g - %.3g) %s, P(in target) %.2f\n", s->current.text,
                    co->median, co->lo, co->hi, u, co->probability_in_target);
            fprintf(fp, "  recommended %s: predicted %.3g (90%%: %.3g - %.3g) %s, P(in target) %.2f\n",
                    s->cand[s->best].text, ro->median, ro->lo, ro->hi, u, ro->probability_in_target);
            fprintf(fp, "    take: %s\n", s->cand[s->best].take);
        }
        for (int k = 0; k < s->n_warn; k++)
            fprintf(fp, "  warning: %s\n", s->warn[k]);
    }
}

/* ---- figure ---- */

static int write_plot(const tdm_ctx *c, const tdm_subject *s, FILE *fp, const char *path)
{
    size_t n_out = s->band.n_out, n_t = s->band.n_t, np = 0;
    int panel_of[8];
    for (size_t o = 0; o < n_out && o < 8; o++) {
        int has = o == 0;
        for (size_t j = 0; j < s->n_lv; j++)
            has = has || s->lv[j].output == o;
        panel_of[o] = has ? (int)np++ : -1;
    }
    double *col = malloc(n_out * n_t * 4 * sizeof *col), *lt = malloc((s->n_lv + 1) * sizeof *lt),
           *ly = malloc((s->n_lv + 1) * 8 * sizeof *ly), *dt = malloc((s->doses.n + 1) * sizeof *dt);
    cnsim_plot_series *ser = calloc(n_out * 4 + 1, sizeof *ser);
    const char *titles[8];
    if (!col || !lt || !ly || !dt || !ser) {
        free(col), free(lt), free(ly), free(dt), free(ser);
        return cli_fail("tdm: out of memory");
    }
    size_t ns = 0;
    for (size_t o = 0; o < n_out && o < 8; o++) {
        if (panel_of[o] < 0)
            continue;
        titles[panel_of[o]] = c->out_name[o];
        double *pr = col + (o * 4) * n_t, *ip = pr + n_t, *lo = ip + n_t, *hi = lo + n_t;
        for (size_t k = 0; k < n_t; k++) {
            size_t at = k * n_out + o;
            pr[k] = s->band.pred[at], ip[k] = s->band.ipred[at], lo[k] = s->band.lo[at], hi[k] = s->band.hi[at];
        }
        ser[ns++] = (cnsim_plot_series){.label = o == 0 ? "individual (MAP)" : NULL, .t_h = s->band.t_h, .y = ip,
                                        .n = n_t, .panel = panel_of[o], .color = 0, .band_lo = lo, .band_hi = hi,
                                        .band_label = o == 0 ? "90% interval" : NULL};
        ser[ns++] = (cnsim_plot_series){.label = o == 0 ? "typical subject" : NULL, .t_h = s->band.t_h, .y = pr,
                                        .n = n_t, .panel = panel_of[o], .color = 1, .dashed = 1};
        size_t m = 0;
        double *yy = ly + o * (s->n_lv + 1);
        for (size_t j = 0; j < s->n_lv; j++)
            if (s->lv[j].output == o && !s->lv[j].blq)
                lt[m] = s->lv[j].time_h, yy[m++] = s->lv[j].value_ng_mL;
        if (m) {
            double *tt = malloc(m * sizeof *tt);
            if (tt) {
                memcpy(tt, lt, m * sizeof *tt);
                ser[ns++] = (cnsim_plot_series){.label = o == 0 ? "measured" : NULL, .t_h = tt, .y = yy, .n = m,
                                                .panel = panel_of[o], .color = 2, .points = 1};
            }
        }
    }
    size_t nd = 0;
    for (size_t i = 0; i < s->doses.n; i++)
        if (s->doses.ev[i].evid == CNSIM_EVID_DOSE || s->doses.ev[i].evid == CNSIM_EVID_RESET_DOSE)
            dt[nd++] = s->doses.ev[i].time_h;
    cnsim_plot_marks mk = {.label = "dose", .t_h = dt, .n = nd, .panel = 0, .color = 3};
    char title[160];
    snprintf(title, sizeof title, "%s: subject %d, %zu level(s)", c->prior.pk.name, s->id, s->n_lv);
    cnsim_plot_spec spec = {.title = title, .y_label = "concentration (ng/mL)", .n_panels = np, .panel_titles = titles,
                            .series = ser, .n_series = ns, .marks = &mk, .n_marks = nd ? 1 : 0,
                            .footnote = "Shaded: 90% interval of the individual prediction (parameter uncertainty). "
                                        "Research and teaching simulator, not medical advice."};
    cnsim_status st = cnsim_plot_write_fp(fp, path, &spec);
    for (size_t i = 0; i < ns; i++)
        if (ser[i].points)
            free((void *)ser[i].t_h);
    free(col), free(lt), free(ly), free(dt), free(ser);
    return st == CNSIM_OK ? 0 : cli_report(st, "--plot");
}

/* ---- setup ---- */

static int setup_prior(tdm_ctx *c)
{
    tdm_args *a = c->a;
    double sp = NAN, sa = NAN;
    cnsim_status st;
    if (a->error && (st = cnsim_tdm_parse_error(a->error, "--error", &sp, &sa)) != CNSIM_OK)
        return cli_report(st, "--error");
    if (a->error) {
        sp = isnan(sp) ? 0 : sp, sa = isnan(sa) ? 0 : sa;
        snprintf(c->error_source, sizeof c->error_source, "--error");
    }
    if (a->model) {
        cnsim_pk_model *m = malloc(sizeof *m);
        if (!m)
            return cli_fail("tdm: out of memory");
        if ((st = cnsim_pk_model_read(a->model, m)) == CNSIM_OK)
            st = cnsim_tdm_prior_from_model(m, a->error ? sp : -1, a->error ? sa : -1, &c->prior);
        free(m);
        if (st != CNSIM_OK)
            return cli_report(st, "--model");
        if (!a->error)
            snprintf(c->error_source, sizeof c->error_source, "the model's sigma");
    } else {
        if ((st = cnsim_registry_resolve(c->reg, a->drug, c->drug)) != CNSIM_OK)
            return cli_report(st, "--drug");
        char src[64];
        if ((st = cnsim_tdm_prior_from_registry(c->reg, c->drug, NULL, a->error ? sp : -1, a->error ? sa : -1, &c->prior,
                                                src, sizeof src)) != CNSIM_OK)
            return cli_report(st, "--drug");
        if (!a->error)
            snprintf(c->error_source, sizeof c->error_source, "%s", src);
    }
    cnsim_pk_run *run = NULL;
    if ((st = cnsim_pk_run_create(&c->prior.pk, 1, NULL, &run)) != CNSIM_OK)
        return cli_report(st, "tdm");
    c->n_out = cnsim_pk_run_n_outputs(run);
    if (c->n_out > 8)
        c->n_out = 8;
    for (size_t k = 0; k < c->n_out; k++)
        snprintf(c->out_name[k], sizeof c->out_name[k], "%s", cnsim_pk_run_output_name(run, k));
    cnsim_pk_run_free(run);
    return 0;
}

static int setup_target(tdm_ctx *c)
{
    tdm_args *a = c->a;
    cnsim_status st;
    if (c->drug[0]) {
        if ((st = cnsim_registry_therapeutic_ranges(c->reg, c->drug, c->ranges, 8, &c->n_ranges)) != CNSIM_OK)
            return cli_report(st, "registry");
        if (c->n_ranges > 8)
            c->n_ranges = 8;
        char ind[96];
        if (cnsim_registry_max_daily_dose(c->reg, c->drug, &c->max_daily, ind, sizeof ind, c->max_source,
                                          sizeof c->max_source) != CNSIM_OK)
            c->max_daily = NAN;
    }
    if (a->target) {
        if ((st = cnsim_tdm_parse_target(a->target, "--target", &c->target)) != CNSIM_OK)
            return cli_report(st, "--target");
        snprintf(c->target_source, sizeof c->target_source, "--target");
        c->has_target = 1;
    } else if (c->n_ranges > 0) {
        const cnsim_therapeutic_range *r = &c->ranges[0];
        c->target = (cnsim_tdm_target){.kind = CNSIM_TDM_TARGET_TROUGH, .lo = r->low_ng_mL, .hi = r->high_ng_mL};
        snprintf(c->target.species, sizeof c->target.species, "%s", r->species);
        snprintf(c->target_source, sizeof c->target_source, "reference range, %s", r->source);
        c->has_target = 1;
    }
    if (!c->has_target)
        return 0;
    double wt[8];
    if ((st = cnsim_tdm_target_outputs(&c->target, &c->prior, wt, c->n_out)) != CNSIM_OK)
        return cli_report(st, "--target");
    if (c->target.kind == CNSIM_TDM_TARGET_OCCUPANCY) {
        if (!c->drug[0])
            return cli_bad_input("--target: '%s': an occupancy target needs a registry drug's receptor affinity; "
                                 "expected --drug, or a trough target with --model", a->target);
        for (size_t k = 0; k < c->n_out; k++)
            if ((st = cnsim_registry_pd_params(c->reg, c->out_name[k], &c->pd[k])) != CNSIM_OK)
                return cli_report(st, "--target");
        c->has_pd = 1;
    }
    return 0;
}

/* The subject of --regimen and --level. */
static int read_levels(tdm_ctx *c, tdm_subject *s)
{
    tdm_args *a = c->a;
    s->id = 1;
    s->lv = calloc(a->level.n ? a->level.n : 1, sizeof *s->lv);
    s->species = calloc(a->level.n ? a->level.n : 1, sizeof *s->species);
    if (!s->lv || !s->species)
        return cli_fail("tdm: out of memory");
    double last = 0;
    for (size_t j = 0; j < a->level.n; j++) {
        cnsim_status st = cnsim_tdm_parse_level(a->level.v[j], "--level", s->species[j], &s->lv[j]);
        if (st != CNSIM_OK)
            return cli_report(st, "--level");
        int rc = output_of(c, s->species[j], &s->lv[j].output);
        if (rc)
            return rc;
        last = fmax(last, s->lv[j].time_h);
    }
    s->n_lv = a->level.n;
    double clock[CNSIM_REGIMEN_MAX_CLOCK];
    int n_clock = 0;
    cnsim_status st;
    if (a->times && (st = cnsim_parse_clock_list(a->times, "--times", clock, CNSIM_REGIMEN_MAX_CLOCK, &n_clock)) != CNSIM_OK)
        return cli_report(st, "--times");
    cnsim_event_list raw;
    cnsim_event_list_init(&raw);
    int d;
    st = cnsim_event_list_drug(&raw, c->prior.pk.name, &d);
    if (st == CNSIM_OK)
        st = cnsim_regimen_parse_clock(a->regimen, n_clock ? clock : NULL, n_clock, 1, d, last + 24, &raw);
    if (st == CNSIM_OK)
        st = cnsim_events_expand(&raw, &s->doses);
    cnsim_event_list_free(&raw);
    return st == CNSIM_OK ? 0 : cli_report(st, "--regimen");
}

/* The prediction times: a grid over [0, until] merged with the level times. */
static int pred_times(const tdm_args *a, const tdm_subject *subj, size_t n_subj, double **t, size_t *n)
{
    double until = 0;
    for (size_t i = 0; i < n_subj; i++) {
        for (size_t j = 0; j < subj[i].n_lv; j++)
            until = fmax(until, subj[i].lv[j].time_h);
        for (size_t k = 0; k < subj[i].doses.n; k++)
            until = fmax(until, subj[i].doses.ev[k].time_h);
    }
    until = isnan(a->until_h) ? until + 24 : a->until_h;
    double every = a->has_every ? a->every_h : fmin(1, fmax(0.1, until / 500));
    if (!(every > 0) || until / every > 200000)
        return cli_bad_input("--every: %g h over %g h is more than 200000 prediction times; expected a longer interval",
                             every, until);
    size_t ng = (size_t)floor(until / every + 1e-9) + 1, nl = 0;
    for (size_t i = 0; i < n_subj; i++)
        nl += subj[i].n_lv;
    double *v = malloc((ng + nl) * sizeof *v);
    if (!v)
        return cli_fail("tdm: out of memory");
    size_t m = 0;
    for (size_t k = 0; k < ng; k++)
        v[m++] = k * every;
    for (size_t i = 0; i < n_subj; i++)
        for (size_t j = 0; j < subj[i].n_lv; j++)
            if (subj[i].lv[j].time_h <= until)
                v[m++] = subj[i].lv[j].time_h;
    for (size_t i = 1; i < m; i++)   /* insertion sort: the grid is sorted, the levels few */
        for (size_t j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double x = v[j];
            v[j] = v[j - 1], v[j - 1] = x;
        }
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || v[i] != v[u - 1])
            v[u++] = v[i];
    *t = v, *n = u;
    return 0;
}

int cli_tdm(int argc, char **argv)
{
    tdm_args a = {.posterior = "laplace", .until_h = NAN, .seed = 1, .fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    if (!a.drug == !a.model)
        return cli_bad_input("tdm: %s; expected --drug NAME or --model FILE.json", a.drug ? "both --drug and --model given"
                                                                                          : "no drug");
    if (a.events && (a.regimen || a.level.n))
        return cli_bad_input("tdm: --events with --%s; expected either a data set or --regimen with --level",
                             a.regimen ? "regimen" : "level");
    if (!a.events && (!a.regimen || a.level.n == 0))
        return cli_bad_input("tdm: %s; expected --regimen TEXT with at least one --level \"TIME VALUE\", or --events FILE",
                             !a.regimen ? "no --regimen" : "no --level");
    if (a.has_id && !a.events)
        return cli_bad_input("--id: %llu given without --events; --id picks a subject of a data set", a.id);
    if (a.times && !a.regimen)
        return cli_bad_input("--times: '%s' given without --regimen; --times applies to --regimen", a.times);
    tdm_ctx c = {.a = &a, .form = CNSIM_TAPER_FORM_AUTO, .max_daily = NAN};
    if (!strcasecmp(a.posterior, "laplace"))
        c.kind = CNSIM_TDM_LAPLACE;
    else if (!strcasecmp(a.posterior, "sample"))
        c.kind = CNSIM_TDM_SAMPLE;
    else
        return cli_bad_input("--posterior: '%s'; expected laplace or sample", a.posterior);
    cnsim_status st;
    if (a.formulation && (st = cnsim_taper_formulation_parse(a.formulation, &c.form)) != CNSIM_OK)
        return cli_report(st, "--formulation");
    if (a.formulation && c.form == CNSIM_TAPER_FORM_STRIPS)
        return cli_bad_input("--formulation: strips are a taper's daily pouches; expected tablets, odt, liquid, "
                             "compounded or auto for a maintenance regimen");
    if (a.plot && (st = cnsim_plot_check_path(a.plot)) != CNSIM_OK)
        return cli_report(st, "--plot");
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *fp = NULL, *plot_fp = NULL;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &fp)) || (a.plot && (rc = cli_outs_open_plot(&outs, a.plot, &plot_fp))))
        return cli_outs_close(&outs, rc);
    tdm_subject *subj = NULL;
    size_t n_subj = 0;
    double *t_pred = NULL;
    size_t n_pred = 0;
    cnsim_event_list file;
    cnsim_event_list_init(&file);
    if ((st = cli_registry_open(NULL, &c.reg)) != CNSIM_OK) {
        rc = cli_report(st, "registry");
        goto done;
    }
    if ((rc = setup_prior(&c)) || (rc = setup_target(&c)))
        goto done;
    if (a.events) {
        int d;
        if ((st = cnsim_event_list_drug(&file, c.prior.pk.name, &d)) == CNSIM_OK)
            st = cnsim_events_read_csv(a.events, c.prior.pk.name, c.drug[0] ? c.reg : NULL, &file);
        if (st != CNSIM_OK) {
            rc = cli_report(st, "--events");
            goto done;
        }
        for (size_t i = 0; i < file.n; i++)
            if (file.ev[i].drug > 0 && (file.ev[i].evid == CNSIM_EVID_DOSE || file.ev[i].evid == CNSIM_EVID_RESET_DOSE)) {
                rc = cli_bad_input("--events: line %ld doses %s; expected doses of %s only (tdm fits one drug)",
                                   file.ev[i].line, file.drugs[file.ev[i].drug], c.prior.pk.name);
                goto done;
            }
        size_t ns = cnsim_event_list_n_subjects(&file);
        subj = calloc(ns ? ns : 1, sizeof *subj);
        if (!subj) {
            rc = cli_fail("tdm: out of memory");
            goto done;
        }
        for (size_t k = 0; k < ns; k++) {
            int id = cnsim_event_list_subject_id(&file, k), block = cnsim_event_list_subject_block(&file, k);
            if (a.has_id && (unsigned long long)id != a.id)
                continue;
            tdm_subject *s = &subj[n_subj++];
            s->id = id;
            cnsim_event_list_init(&s->doses);
            if ((st = cnsim_tdm_subject_data(&file, id, block, &s->doses, &s->lv, &s->n_lv)) != CNSIM_OK) {
                rc = cli_report(st, "--events");
                goto done;
            }
            for (size_t j = 0; j < s->n_lv; j++)
                if (s->lv[j].output >= c.n_out) {
                    rc = cli_bad_input("--events: ID %d has a level of a metabolite (CMT 5); %s has none", id,
                                       c.prior.pk.name);
                    goto done;
                }
            if (s->n_lv == 0) {
                rc = cli_bad_input("--events: ID %d has no observation (EVID 0 with MDV 0 and a DV); expected at "
                                   "least one level per subject", id);
                goto done;
            }
        }
        if (n_subj == 0) {
            rc = cli_bad_input("--id: %llu is not an ID of %s", a.id, a.events);
            goto done;
        }
    } else {
        subj = calloc(1, sizeof *subj);
        if (!subj) {
            rc = cli_fail("tdm: out of memory");
            goto done;
        }
        n_subj = 1;
        cnsim_event_list_init(&subj[0].doses);
        if ((rc = read_levels(&c, &subj[0])))
            goto done;
    }
    if ((rc = pred_times(&a, subj, n_subj, &t_pred, &n_pred)))
        goto done;
    cli_progress pg = {0};
    cli_progress_start(&pg, a.quiet, a.progress, "subjects", 1);
    for (size_t i = 0; i < n_subj && !rc; i++) {
        tdm_progress tp = {&pg, i, n_subj};
        rc = fit_subject(&c, &subj[i], t_pred, n_pred, &tp);
        cli_progress_fn(&pg, (double)(i + 1), (double)n_subj);
    }
    cli_progress_end(&pg);
    if (rc)
        goto done;
    if (a.fmt == CLI_FMT_JSON)
        rc = write_json(&c, subj, n_subj, fp);
    else if (a.fmt == CLI_FMT_CSV)
        write_csv(&c, subj, n_subj, fp);
    else
        write_text(&c, subj, n_subj, fp);
    if (!rc && plot_fp)
        rc = write_plot(&c, &subj[0], plot_fp, a.plot);
    if (!rc && a.fmt != CLI_FMT_TEXT)
        for (size_t i = 0; i < n_subj; i++)
            for (int k = 0; k < subj[i].n_warn; k++)
                fprintf(cli_stderr(), "cnsim tdm: warning: subject %d: %s\n", subj[i].id, subj[i].warn[k]);
done:
    for (size_t i = 0; i < n_subj; i++)
        subject_free(&subj[i]);
    free(subj), free(t_pred);
    cnsim_event_list_free(&file);
    cnsim_registry_free(c.reg);
    return cli_outs_close(&outs, rc);
}
