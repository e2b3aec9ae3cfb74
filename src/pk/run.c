/* The PK driver: turns a subject's event records into actions (bolus,
 * infusion start and stop, reset, steady state), walks through them in
 * time order, and asks a propagator (closed form or CVODE) to carry the
 * state between them, sampling the outputs on the way.
 *
 * Conventions (as in NONMEM, and documented for users in docs/pk.md):
 * records at equal times act in data-set order; a dose at time t acts
 * before an output at t (outputs show the post-dose state); an oral dose
 * with lag enters the depot at t + ALAG1 (the central compartment at
 * t + ALAG2); F1/F2 scale boluses, and an infusion keeps its rate and
 * lasts F*AMT/RATE (RATE -1/-2: the model's rate or duration; see
 * shape_of); a reset (EVID 3/4) empties every compartment and stops
 * running infusions; SS = 1 replaces the dosed drug's state by the steady
 * state of repeated doses at II before the record's own dose (exact for
 * linear models, with the spill-over of past doses), SS = 2 adds it. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "run_impl.h"
#include "core_impl.h"
#include "core_gsl.h"

cnsim_solver_opts cnsim_solver_opts_default(void)
{
    cnsim_solver_opts o;
    o.kind = CNSIM_SOLVER_AUTO;
    o.rtol = 1e-8;
    o.atol_mg = 1e-12;
    o.max_steps = 100000;
    o.ss_max_intervals = 5000;
    o.ss_rtol = 1e-10;
    return o;
}

const char *cnsim_solver_name(cnsim_solver_kind k)
{
    switch (k) {
    case CNSIM_SOLVER_CVODE: return "cvode";
    case CNSIM_SOLVER_CLOSED: return "closed";
    case CNSIM_SOLVER_EXPONENTIAL: return "exponential";
    default: return "auto";
    }
}

cnsim_status cnsim_solver_parse(const char *name, const char *field, cnsim_solver_kind *out)
{
    cnsim__clear_error();
    static const cnsim_solver_kind kinds[] = {CNSIM_SOLVER_AUTO, CNSIM_SOLVER_CVODE, CNSIM_SOLVER_CLOSED,
                                              CNSIM_SOLVER_EXPONENTIAL};
    for (size_t i = 0; name && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(name, cnsim_solver_name(kinds[i]))) {
            *out = kinds[i];
            return CNSIM_OK;
        }
    return cnsim__fail(CNSIM_E_ARG, "%s: '%s' is not a solver; expected auto, cvode, closed or exponential", field,
                       name ? name : "");
}

void cnsim_pk_run_free(cnsim_pk_run *run)
{
    if (!run)
        return;
    if (run->solver == CNSIM_SOLVER_EXPONENTIAL)
        cnsim__ex_free(run);
    cnsim__cf_free(run);
    cnsim__cv_free(run);
    free(run->p);
    free(run->ke0);
    free(run->met_out);
    free(run->act);
    free(run->n_act);
    free(run->A);
    free(run->out_name);
    free(run->out_drug);
    free(run->out_is_met);
    free(run->rate);
    cnsim__ddi_free(run);
    free(run);
}

cnsim_status cnsim_pk_run_create(const cnsim_pk_params *drugs, size_t n_drugs,
                                 const cnsim_solver_opts *opts,
                                 cnsim_pk_run **out)
{
    return cnsim_pk_run_create_ddi(drugs, n_drugs, NULL, opts, out);
}

cnsim_status cnsim_pk_run_create_ddi(const cnsim_pk_params *drugs, size_t n_drugs,
                                     const cnsim_pk_ddi *ddi, const cnsim_solver_opts *opts,
                                     cnsim_pk_run **out)
{
    cnsim__clear_error();
    *out = NULL;
    if (n_drugs == 0)
        return cnsim__fail(CNSIM_E_ARG, "a PK run needs at least one drug");
    cnsim_solver_opts o = opts ? *opts : cnsim_solver_opts_default();
    if (!(o.rtol > 0 && o.rtol < 1) || !(o.atol_mg > 0) || o.max_steps <= 0 ||
        o.ss_max_intervals <= 0 || !(o.ss_rtol > 0))
        return cnsim__fail(CNSIM_E_RANGE, "solver options: rtol %g, atol %g, max_steps %ld; expected 0 < rtol < 1, atol > 0, max_steps > 0", o.rtol, o.atol_mg, o.max_steps);
    cnsim_status st;
    int linear = 1;
    for (size_t d = 0; d < n_drugs; d++) {
        if ((st = cnsim_pk_params_check(&drugs[d])) != CNSIM_OK)
            return st;
        if (drugs[d].vmax_mg_per_h > 0)
            linear = 0;
    }
    if (o.kind == CNSIM_SOLVER_CLOSED && !linear)
        return cnsim__fail(CNSIM_E_ARG, "solver 'closed' needs linear models, but a drug here has Michaelis-Menten elimination; expected --solver cvode or auto");
    if (ddi && ddi->n_modulators > 0) {
        if (o.kind == CNSIM_SOLVER_CLOSED)
            return cnsim__fail(CNSIM_E_ARG, "solver 'closed' needs linear models, but drugs here act on each other's clearance (%s on %s); expected --solver cvode or auto",
                               ddi->modulator[0].drug < n_drugs ? drugs[ddi->modulator[0].drug].name : "?",
                               ddi->modulator[0].enzyme >= 0 && (size_t)ddi->modulator[0].enzyme < CNSIM_PK_MAX_ENZYMES
                                   ? ddi->enzyme[ddi->modulator[0].enzyme] : "?");
        linear = 0;
    }
    cnsim_pk_run *run = calloc(1, sizeof *run);
    if (!run)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory creating a PK run");
    run->n_drugs = n_drugs;
    run->n_states = n_drugs * NS;
    run->linear = linear;
    run->opts = o;
    run->solver = o.kind == CNSIM_SOLVER_AUTO ? (linear ? CNSIM_SOLVER_CLOSED : CNSIM_SOLVER_CVODE) : o.kind;
    if (o.kind == CNSIM_SOLVER_EXPONENTIAL)
        run->solver = CNSIM_SOLVER_CVODE;   /* until the interactions are known, below */
    run->p = malloc(n_drugs * sizeof *run->p);
    run->A = malloc(n_drugs * NS * NS * sizeof *run->A);
    size_t max_out = (1 + CNSIM_PK_MAX_METABOLITES) * n_drugs;
    run->out_name = malloc(max_out * sizeof *run->out_name);
    run->out_drug = malloc(max_out * sizeof *run->out_drug);
    run->out_is_met = malloc(max_out * sizeof *run->out_is_met);
    run->met_out = malloc(n_drugs * sizeof *run->met_out);
    run->ke0 = calloc(max_out, sizeof *run->ke0);
    run->rate = calloc(run->n_states, sizeof *run->rate);
    run->act = malloc(n_drugs * sizeof *run->act);
    run->n_act = malloc(n_drugs * sizeof *run->n_act);
    run->want_elim = 1;
    if (!run->p || !run->A || !run->out_name || !run->out_drug || !run->out_is_met || !run->met_out ||
        !run->ke0 || !run->rate || !run->act || !run->n_act) {
        cnsim_pk_run_free(run);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory creating a PK run");
    }
    memcpy(run->p, drugs, n_drugs * sizeof *drugs);
    if ((st = cnsim__ddi_init(run, ddi)) != CNSIM_OK) {
        cnsim_pk_run_free(run);
        return st;
    }
    if (run->n_enz > 0) {   /* the enzymes' states follow the drugs' */
        run->n_states += run->n_enz;
        double *r = realloc(run->rate, run->n_states * sizeof *r);
        if (!r) {
            cnsim_pk_run_free(run);
            return cnsim__fail(CNSIM_E_NOMEM, "out of memory creating a PK run");
        }
        run->rate = r;
        memset(r, 0, run->n_states * sizeof *r);
    }
    for (size_t d = 0; d < n_drugs; d++) {
        cnsim__strlcpy(run->out_name[run->n_out], drugs[d].name, CNSIM_NAME_MAX);
        run->out_drug[run->n_out] = (int)d;
        run->out_is_met[run->n_out++] = 0;
        run->met_out[d] = -1;
    }
    for (size_t d = 0; d < n_drugs; d++)
        if (drugs[d].has_metabolite) {
            cnsim__strlcpy(run->out_name[run->n_out], drugs[d].metabolite, CNSIM_NAME_MAX);
            run->out_drug[run->n_out] = (int)d;
            run->met_out[d] = (int)run->n_out;
            run->out_is_met[run->n_out++] = 1;
        }
    /* out_is_met holds the species' number (metabolite n of its drug). */
    for (size_t d = 0; d < n_drugs; d++)
        for (int i = 0; i < drugs[d].n_more_metabolites; i++) {
            cnsim__strlcpy(run->out_name[run->n_out], drugs[d].more[i].name, CNSIM_NAME_MAX);
            run->out_drug[run->n_out] = (int)d;
            run->out_is_met[run->n_out++] = i + 2;
        }
    /* Linear drugs acting on each other: the exponential integrator when
     * nothing feeds back (expo.c), else CVODE. */
    if (o.kind == CNSIM_SOLVER_AUTO || o.kind == CNSIM_SOLVER_EXPONENTIAL) {
        char why[160];
        const char *no = cnsim__ex_unsuitable(run, why, sizeof why);
        if (!no)
            run->solver = CNSIM_SOLVER_EXPONENTIAL;
        else if (o.kind == CNSIM_SOLVER_EXPONENTIAL) {
            cnsim_pk_run_free(run);
            return cnsim__fail(CNSIM_E_ARG, "solver 'exponential' needs linear drugs that act on each other's clearance without feedback, but %s; expected --solver auto or cvode",
                               no);
        }
    }
    st = run->solver == CNSIM_SOLVER_CLOSED        ? cnsim__cf_init(run)
         : run->solver == CNSIM_SOLVER_EXPONENTIAL ? cnsim__ex_init(run)
                                                   : cnsim__cv_init(run);
    if (st != CNSIM_OK) {
        cnsim_pk_run_free(run);
        return st;
    }
    for (size_t d = 0; d < n_drugs; d++)
        cnsim__pk_run_refresh(run, d);
    *out = run;
    return CNSIM_OK;
}

void cnsim__pk_run_refresh(cnsim_pk_run *run, size_t d)
{
    int m = run->met_out[d];
    const cnsim_pk_params *p = &run->p[d];
    double ke0_more[CNSIM_PK_MAX_METABOLITES - 1] = {0};
    for (size_t j = 0; j < run->n_out; j++)
        if (run->out_drug[j] == (int)d && run->out_is_met[j] >= 2)
            ke0_more[run->out_is_met[j] - 2] = run->ke0[j];
    cnsim__pk_linear_matrix(p, run->ke0[d], m >= 0 ? run->ke0[m] : 0, ke0_more, run->A + d * NS * NS);
    int n = 0, *a = run->act[d];
    a[n++] = CNSIM_PK_S_DEPOT;
    a[n++] = CNSIM_PK_S_CENTRAL;
    if (p->n_cmt >= 2)
        a[n++] = CNSIM_PK_S_PERIPH;
    if (p->n_cmt == 3)
        a[n++] = CNSIM_PK_S_PERIPH2;
    if (p->has_metabolite)
        a[n++] = CNSIM_PK_S_METAB;
    a[n++] = CNSIM_PK_S_ELIM;   /* kept last, so it can be dropped */
    if (run->ke0[d] > 0)
        a[n - 1] = S_CE_PARENT, a[n++] = CNSIM_PK_S_ELIM;
    if (m >= 0 && run->ke0[m] > 0)
        a[n - 1] = S_CE_MET, a[n++] = CNSIM_PK_S_ELIM;
    for (int i = 0; i < p->n_more_metabolites; i++) {
        a[n - 1] = cnsim__pk_met_state(i + 2), a[n++] = CNSIM_PK_S_ELIM;
        if (ke0_more[i] > 0)
            a[n - 1] = cnsim__pk_ce_state(i + 2), a[n++] = CNSIM_PK_S_ELIM;
    }
    run->n_act[d] = n;
    cnsim__ddi_refresh(run, d);
    if (run->solver == CNSIM_SOLVER_CLOSED)
        cnsim__cf_forget(run, d);
    else if (run->solver == CNSIM_SOLVER_EXPONENTIAL)
        cnsim__ex_forget(run, d);
}

/* Whether p and q have the same further metabolites, formed the same way. */
static int same_more(const cnsim_pk_params *p, const cnsim_pk_params *q)
{
    for (int i = 0; i < p->n_more_metabolites && i < CNSIM_PK_MAX_METABOLITES - 1; i++)
        if (strcmp(p->more[i].name, q->more[i].name) || p->more[i].from != q->more[i].from)
            return 0;
    return 1;
}

cnsim_status cnsim_pk_run_set_params(cnsim_pk_run *run, size_t d, const cnsim_pk_params *p)
{
    cnsim__clear_error();
    if (!run || !p || d >= run->n_drugs)
        return cnsim__fail(CNSIM_E_ARG, "PK run: drug %zu; expected 0..%zu", d, run ? run->n_drugs - 1 : 0);
    const cnsim_pk_params *q = &run->p[d];
    if (strcmp(p->name, q->name) || p->n_cmt != q->n_cmt || p->has_metabolite != q->has_metabolite ||
        (p->vmax_mg_per_h > 0) != (q->vmax_mg_per_h > 0) ||
        (p->has_metabolite && strcmp(p->metabolite, q->metabolite)) ||
        p->n_more_metabolites != q->n_more_metabolites || !same_more(p, q))
        return cnsim__fail(CNSIM_E_ARG, "PK run: new parameters of %s change the model's structure (name, compartments, metabolite or Michaelis-Menten term); expected the same structure",
                           q->name);
    cnsim_status st = cnsim_pk_params_check(p);
    if (st != CNSIM_OK)
        return st;
    run->p[d] = *p;
    cnsim__pk_run_refresh(run, d);
    return CNSIM_OK;
}

cnsim_status cnsim_pk_run_set_effect_sites(cnsim_pk_run *run, const double *ke0_per_h)
{
    cnsim__clear_error();
    for (size_t k = 0; k < run->n_out; k++)
        if (!(ke0_per_h[k] >= 0) || !isfinite(ke0_per_h[k]))
            return cnsim__fail(CNSIM_E_RANGE, "effect site of %s: ke0 %g per h; expected a finite rate >= 0",
                               run->out_name[k], ke0_per_h[k]);
    memcpy(run->ke0, ke0_per_h, run->n_out * sizeof *run->ke0);
    for (size_t d = 0; d < run->n_drugs; d++)
        cnsim__pk_run_refresh(run, d);
    return CNSIM_OK;
}

int cnsim_pk_run_is_linear(const cnsim_pk_run *run) { return run->linear; }
cnsim_solver_kind cnsim_pk_run_solver(const cnsim_pk_run *run) { return run->solver; }
size_t cnsim_pk_run_n_outputs(const cnsim_pk_run *run) { return run->n_out; }
size_t cnsim_pk_run_n_states(const cnsim_pk_run *run) { return run->n_drugs * CNSIM_PK_STATES_PER_DRUG; }
size_t cnsim_pk_run_output_drug(const cnsim_pk_run *run, size_t i) { return (size_t)run->out_drug[i]; }
int cnsim_pk_run_output_is_metabolite(const cnsim_pk_run *run, size_t i) { return run->out_is_met[i] != 0; }
int cnsim_pk_run_output_species(const cnsim_pk_run *run, size_t i) { return run->out_is_met[i]; }

const char *cnsim_pk_run_output_name(const cnsim_pk_run *run, size_t i)
{
    return i < run->n_out ? run->out_name[i] : NULL;
}

void cnsim_pk_run_stats(const cnsim_pk_run *run, cnsim_pk_stats *out)
{
    *out = run->stats;
}

/* ---- actions ---------------------------------------------------------- */

/* ACT_NONE: an infusion's end that a reset already ended (see
 * cancel_interrupted_infusions). */
typedef enum { ACT_BOLUS, ACT_RATE, ACT_RESET, ACT_SS, ACT_NONE } act_kind;

typedef struct {
    double t_h;
    act_kind kind;
    int drug, state;     /* target state index within the drug */
    double amount;       /* bolus mg, or rate change mg/h */
    size_t ev;           /* the record it came from (for SS) */
    size_t seq;          /* creation order, to keep equal times stable */
    int infusion;        /* an infusion's start (1) or end (2), else 0 */
    size_t inf;          /* the infusion (shared by its start and end), 0 = none */
} action;

static int cmp_action(const void *pa, const void *pb)
{
    const action *a = pa, *b = pb;
    if (a->t_h != b->t_h)
        return a->t_h < b->t_h ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

typedef struct {
    action *a;
    size_t n, cap;
    size_t n_inf;        /* infusions numbered so far */
    /* Times only (cnsim_pk_run_input_times): no actions are kept, each
     * one's time and drug go to t_out/d_out while there is room, and n
     * counts them; nothing is allocated. */
    int times_only;
    double *t_out;
    int *d_out;
    size_t cap_out;
} action_list;

static cnsim_status push_action(action_list *l, action a)
{
    if (l->times_only) {
        if (l->n < l->cap_out) {
            l->t_out[l->n] = a.t_h;
            l->d_out[l->n] = a.drug;
        }
        l->n++;
        return CNSIM_OK;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        action *p = realloc(l->a, cap * sizeof *p);
        if (!p)
            return cnsim__fail(CNSIM_E_NOMEM, "out of memory for %zu dose actions", cap);
        l->a = p;
        l->cap = cap;
    }
    a.seq = l->n;
    l->a[l->n++] = a;
    return CNSIM_OK;
}

static int state_of_cmt(const cnsim_pk_params *p, int cmt, long line,
                        cnsim_status *st)
{
    switch (cmt) {
    case 0:
    case CNSIM_CMT_DEPOT: return CNSIM_PK_S_DEPOT;
    case CNSIM_CMT_CENTRAL: return CNSIM_PK_S_CENTRAL;
    case CNSIM_CMT_PERIPH:
        if (p->n_cmt >= 2)
            return CNSIM_PK_S_PERIPH;
        break;
    case CNSIM_CMT_PERIPH2:
        if (p->n_cmt == 3)
            return CNSIM_PK_S_PERIPH2;
        break;
    case CNSIM_CMT_METAB:
        if (p->has_metabolite)
            return CNSIM_PK_S_METAB;
        break;
    }
    *st = cnsim__fail(CNSIM_E_ARG, "event record %ld: CMT %d does not exist in the %d-compartment model of %s%s; expected DEPOT (1) or CENTRAL (2)",
                      line, cmt, p->n_cmt, p->name, p->has_metabolite ? "" : " (no metabolite)");
    return -1;
}

/* What one dose record puts in, as offsets from its time: into which
 * state, after which lag, and how. NONMEM's rules (help: RATE, F, ALAG):
 * F scales a bolus; an infusion with RATE > 0 keeps its rate and lasts
 * F*AMT/RATE; RATE = -1 runs at the model's R for F*AMT/R; RATE = -2 (and
 * an explicit duration, a regimen's "over 30 min") lasts the model's D
 * (the record's) at F*AMT/D. F and the lag are the dosed compartment's:
 * F1/ALAG1 for the depot, F2/ALAG2 for the central compartment, none for
 * the others. SS = 1 with AMT = 0 and RATE > 0 is a constant infusion,
 * without F. */
typedef struct {
    int state;
    double lag_h;
    double f;
    double amount;   /* bolus mg entering (F applied); 0 for an infusion */
    double rate;     /* infusion mg/h entering; 0 for a bolus */
    double dur_h;    /* infusion length; INFINITY: a constant infusion */
} dose_shape;

static cnsim_status shape_of(const cnsim_pk_run *run, const cnsim_event *e, dose_shape *sh)
{
    cnsim_status st = CNSIM_OK;
    const cnsim_pk_params *p = &run->p[e->drug];
    int s = state_of_cmt(p, e->cmt, e->line, &st);
    if (s < 0)
        return st;
    int depot = s == CNSIM_PK_S_DEPOT, central = s == CNSIM_PK_S_CENTRAL;
    sh->state = s;
    sh->f = depot ? p->f : central ? p->f2 : 1.0;
    sh->lag_h = depot ? p->tlag_h : central ? p->tlag2_h : 0;
    sh->amount = 0;
    sh->rate = 0;
    sh->dur_h = 0;
    double fa = sh->f * e->amt_mg;
    const char *which = depot ? "1" : "2";
    if (e->dur_h > 0) {
        sh->dur_h = e->dur_h;
        sh->rate = fa / e->dur_h;
    } else if (e->rate_mg_per_h == -1) {
        double r = depot ? p->r1_mg_per_h : central ? p->r2_mg_per_h : 0;
        if (!(r > 0))
            return cnsim__fail(CNSIM_E_ARG, "event record %ld: RATE -1 asks for the model's infusion rate, but the model of %s gives no R%s for CMT %d; expected R%s in the model, or a RATE > 0",
                               e->line, p->name, which, e->cmt ? e->cmt : 1, which);
        sh->rate = r;
        sh->dur_h = fa / r;
    } else if (e->rate_mg_per_h == -2) {
        double d = depot ? p->d1_h : central ? p->d2_h : 0;
        if (!(d > 0))
            return cnsim__fail(CNSIM_E_ARG, "event record %ld: RATE -2 asks for the model's infusion duration, but the model of %s gives no D%s for CMT %d; expected D%s in the model, or a RATE > 0",
                               e->line, p->name, which, e->cmt ? e->cmt : 1, which);
        sh->dur_h = d;
        sh->rate = fa / d;
    } else if (e->rate_mg_per_h > 0) {
        sh->rate = e->rate_mg_per_h;
        /* A constant infusion at steady state takes no F (NONMEM help,
         * PRCOMU: "the only doses to which bio-availability fractions do
         * not apply are steady-state with constant infusion"). */
        sh->dur_h = e->amt_mg == 0 && e->ss > 0 ? INFINITY : fa / e->rate_mg_per_h;
    } else {
        sh->amount = fa;
    }
    return CNSIM_OK;
}

/* Appends the actions of one dose shaped sh, given at t, for record ev. */
static cnsim_status shape_actions(const dose_shape *sh, int drug, size_t ev, double t, action_list *l)
{
    action a = {.t_h = t + sh->lag_h, .drug = drug, .state = sh->state, .ev = ev};
    /* A constant infusion at steady state (AMT 0) puts in nothing itself:
     * its steady state is the record's state, and then, as in NONMEM
     * (nmtest ID 26), the level falls from there. */
    if (isinf(sh->dur_h))
        return CNSIM_OK;
    if (sh->rate > 0) {
        a.kind = ACT_RATE;
        a.amount = sh->rate;
        a.infusion = 1;
        a.inf = ++l->n_inf;
        cnsim_status st = push_action(l, a);
        if (st != CNSIM_OK)
            return st;
        a.t_h += sh->dur_h;
        a.amount = -a.amount;
        a.infusion = 2;
        return push_action(l, a);
    }
    a.kind = ACT_BOLUS;
    a.amount = sh->amount;
    return push_action(l, a);
}

/* The actions of record e's own dose, at its time. */
static cnsim_status shape_actions_of(const cnsim_pk_run *run, const cnsim_event *e, size_t ev, action_list *l)
{
    dose_shape sh;
    cnsim_status st = shape_of(run, e, &sh);
    return st != CNSIM_OK ? st : shape_actions(&sh, e->drug, ev, e->time_h, l);
}

/* Appends the actions of one dose given at t. */
static cnsim_status dose_actions(const cnsim_pk_run *run, const cnsim_event *e,
                                 size_t ev_index, double t, action_list *l,
                                 cnsim_pk_stats *stats)
{
    dose_shape sh;
    cnsim_status st = shape_of(run, e, &sh);
    if (st != CNSIM_OK)
        return st;
    if (stats) {
        stats->dose_total_mg += e->amt_mg;
        stats->unabsorbed_mg += (1 - sh.f) * e->amt_mg;
    }
    return shape_actions(&sh, e->drug, ev_index, t, l);
}

/* At steady state, doses like record e have been given every II forever
 * before it. An infusion that lasts longer than II, or a lag (with the
 * infusion) that reaches past II, leaves inputs of those past doses that
 * act after the record's time t: NONMEM's spill-over. The state at t
 * holds what entered before t (steady_state); here are the rest, one
 * past dose at a time (k = 1, 2, ... intervals back): a bolus at its
 * offset o enters at t + o - k II when that is not before t; an infusion
 * from s to u after its dose is still running at t when s < k II <= u
 * (it restarts at t and ends at t + u - k II), and starts later when
 * k II <= s. The same doses, folded into one interval, make the periodic
 * input of steady_state, so the two agree. At most SS_MAX_SPILL past
 * doses reach past t. */
#define SS_MAX_SPILL 1000

/* Offsets a rounding error from a multiple of II (an infusion lasting
 * F*AMT/RATE = 10.000000000000002 h at II 10 h) count as that multiple:
 * how many whole intervals lie in [0, offset], and where in its interval
 * the offset falls. spill_actions and periodic_input use the same two. */
static double intervals_before(double offset, double ii)
{
    double q = offset / ii, r = nearbyint(q);
    return fabs(q - r) <= 1e-9 * fmax(1.0, r) ? r : floor(q);
}

static double phase_of(double offset, double ii)
{
    double k = intervals_before(offset, ii), ph = offset - k * ii;
    return ph < 0 || ph <= 1e-9 * ii ? 0 : ph;
}

static cnsim_status spill_count(const dose_shape *sh, const cnsim_event *e, long *n)
{
    double reach = sh->lag_h + (sh->rate > 0 ? sh->dur_h : 0);
    double k = e->ii_h > 0 && isfinite(reach) ? intervals_before(reach, e->ii_h) : 0;
    if (k > SS_MAX_SPILL)
        return cnsim__fail(CNSIM_E_RANGE, "event record %ld: the steady-state dose's lag and infusion (%g h) reach over %.0f intervals of II %g h; expected at most %d",
                           e->line, reach, k, e->ii_h, SS_MAX_SPILL);
    *n = (long)k;
    return CNSIM_OK;
}

static cnsim_status spill_actions(const cnsim_pk_run *run, const cnsim_event *e, size_t ev,
                                  action_list *l)
{
    dose_shape sh;
    long n;
    cnsim_status st = shape_of(run, e, &sh);
    if (st == CNSIM_OK)
        st = spill_count(&sh, e, &n);
    double ks = st == CNSIM_OK ? intervals_before(sh.lag_h, e->ii_h) : 0;   /* k <= ks: starts after t */
    for (long k = 1; st == CNSIM_OK && k <= n; k++) {
        double back = k * e->ii_h, t = e->time_h;
        action a = {.drug = e->drug, .state = sh.state, .ev = ev};
        /* never before t: the state at t already holds what came earlier */
        if (sh.rate <= 0) {
            a.t_h = fmax(t, t + sh.lag_h - back);
            a.kind = ACT_BOLUS;
            a.amount = sh.amount;
            st = push_action(l, a);
            continue;
        }
        a.t_h = k <= ks ? fmax(t, t + sh.lag_h - back) : t;
        a.kind = ACT_RATE;
        a.amount = sh.rate;
        a.infusion = 1;
        a.inf = ++l->n_inf;
        if ((st = push_action(l, a)) != CNSIM_OK)
            break;
        a.t_h = fmax(t, t + sh.lag_h + sh.dur_h - back);
        a.amount = -sh.rate;
        a.infusion = 2;
        st = push_action(l, a);
    }
    return st;
}

/* ---- propagation ------------------------------------------------------ */

size_t cnsim_pk_run_input_times(const cnsim_pk_run *run, const cnsim_event *ev, size_t n_ev, double *t_h, int *drug,
                                size_t cap)
{
    /* The same generators as the simulation, writing times only: nothing
     * is allocated, so the count cannot change between two calls. */
    action_list l = {.times_only = 1, .t_out = t_h, .d_out = drug, .cap_out = t_h && drug ? cap : 0};
    for (size_t i = 0; i < n_ev; i++) {
        const cnsim_event *e = &ev[i];
        if ((e->evid != CNSIM_EVID_DOSE && e->evid != CNSIM_EVID_RESET_DOSE) || e->drug < 0 ||
            (size_t)e->drug >= run->n_drugs)
            continue;
        size_t n0 = l.n;
        if (shape_actions_of(run, e, i, &l) != CNSIM_OK || (e->ss > 0 && spill_actions(run, e, i, &l) != CNSIM_OK)) {
            cnsim__clear_error();   /* the simulation reports it */
            l.n = n0;
        }
    }
    return l.n;
}

static cnsim_status begin(cnsim_pk_run *run, double t0, const double *x, double t_stop)
{
    switch (run->solver) {
    case CNSIM_SOLVER_CLOSED: return cnsim__cf_begin(run, t0, x);
    case CNSIM_SOLVER_EXPONENTIAL: return cnsim__ex_begin(run, t0, x);
    default: return cnsim__cv_begin(run, t0, x, t_stop);
    }
}

static cnsim_status advance(cnsim_pk_run *run, double *t, double t1, double *x)
{
    switch (run->solver) {
    case CNSIM_SOLVER_CLOSED: return cnsim__cf_advance(run, t, t1, x);
    case CNSIM_SOLVER_EXPONENTIAL: return cnsim__ex_advance(run, t, t1, x);
    default: return cnsim__cv_advance(run, t, t1, x);
    }
}

/* ---- steady state ----------------------------------------------------- */

/* The input of doses like record e repeated every II forever, folded into
 * one interval [0, II): the rates running at 0 (infusions of earlier doses
 * not yet ended: one per multiple of II in (s, u] for an infusion from s
 * to u after its dose) and each action of one dose at its phase (its
 * offset mod II), in order. For a constant infusion (II = 0) only the
 * running rate. The same doses as spill_actions, so the state this gives
 * at 0 continues into the walk without a seam. */
typedef struct {
    double r0[NS];
    action a[2];
    int n;
} ss_input;

static cnsim_status periodic_input(const cnsim_pk_run *run, const cnsim_event *e, ss_input *in,
                                   dose_shape *sh)
{
    memset(in, 0, sizeof *in);
    cnsim_status st = shape_of(run, e, sh);
    long n_spill;
    if (st != CNSIM_OK || (st = spill_count(sh, e, &n_spill)) != CNSIM_OK)
        return st;
    double ii = e->ii_h;
    if (isinf(sh->dur_h)) {
        in->r0[sh->state] = sh->rate;
        return CNSIM_OK;
    }
    action a = {.drug = e->drug, .state = sh->state};
    if (sh->rate > 0) {
        double s = sh->lag_h, u = sh->lag_h + sh->dur_h;
        in->r0[sh->state] = sh->rate * (intervals_before(u, ii) - intervals_before(s, ii));
        a.kind = ACT_RATE;
        a.t_h = phase_of(s, ii), a.amount = sh->rate, a.seq = 0;
        in->a[in->n++] = a;
        a.t_h = phase_of(u, ii), a.amount = -sh->rate, a.seq = 1;
        in->a[in->n++] = a;
        if (in->a[1].t_h < in->a[0].t_h) {
            action x = in->a[0];
            in->a[0] = in->a[1], in->a[1] = x;
        }
    } else {
        a.kind = ACT_BOLUS;
        a.t_h = phase_of(sh->lag_h, ii), a.amount = sh->amount;
        in->a[in->n++] = a;
    }
    return CNSIM_OK;
}

/* One period of the steady-state map: drug d's states xd (inside x, the
 * other drugs at 0 and without inputs) carried over [0, len) under the
 * periodic input; the eliminated amount is not carried. */
static cnsim_status ss_period(cnsim_pk_run *run, size_t d, const ss_input *in, double len, double *x)
{
    double *xd = x + d * NS, *rate = run->rate + d * NS;
    memcpy(rate, in->r0, NS * sizeof *rate);
    run->rate_epoch++;
    xd[CNSIM_PK_S_ELIM] = 0;
    double t = 0;
    cnsim_status st = CNSIM_OK;
    int k = 0;
    for (;;) {
        for (; k < in->n && in->a[k].t_h <= t; k++) {
            if (in->a[k].kind == ACT_BOLUS)
                xd[in->a[k].state] += in->a[k].amount;
            else {
                rate[in->a[k].state] += in->a[k].amount;
                run->rate_epoch++;
            }
        }
        double t_next = k < in->n ? in->a[k].t_h : len;
        if ((st = begin(run, t, x, t_next)) != CNSIM_OK || (st = advance(run, &t, t_next, x)) != CNSIM_OK)
            return st;
        if (k == in->n)
            break;
    }
    xd[CNSIM_PK_S_ELIM] = 0;
    return CNSIM_OK;
}

static const char *state_label(int s)
{
    switch (s) {
    case CNSIM_PK_S_DEPOT: return "depot amount";
    case CNSIM_PK_S_CENTRAL: return "central amount";
    case CNSIM_PK_S_PERIPH: return "peripheral amount";
    case CNSIM_PK_S_PERIPH2: return "second peripheral amount";
    case CNSIM_PK_S_METAB: return "metabolite amount";
    case S_CE_PARENT: return "effect-site concentration";
    case S_CE_MET: return "metabolite effect-site concentration";
    case CNSIM_PK_S_ELIM: return "amount eliminated";
    default: return (s - S_MORE) % 2 ? "effect-site concentration" : "amount";
    }
}

/* Linear drug: the periodic state solves x = Phi x + b exactly, with Phi =
 * exp(A II) over the drug's states (the eliminated amount left out: it
 * only accumulates) and b what one period puts in from empty; for a
 * constant infusion, A x + r = 0. 1 if solved, 0 if I - Phi is singular
 * to working precision (the iteration takes over then). */
static int ss_exact(const cnsim_pk_run *run, size_t d, const ss_input *in, double ii, const double *b,
                    double *x_ss)
{
    const int *act = run->act[d];
    size_t n = (size_t)run->n_act[d] - 1;   /* the eliminated amount is last */
    const double *A = run->A + d * NS * NS;
    double a[NS * NS], m[NS * NS], w1[NS * NS], w2[NS * NS], rhs[NS], y[NS];
    size_t pdata[NS];
    gsl_matrix_view av = gsl_matrix_view_array(a, n, n), mv = gsl_matrix_view_array(m, n, n);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            a[i * n + j] = A[act[i] * NS + act[j]] * (ii > 0 ? ii : -1.0);
    if (ii > 0) {
        gsl_matrix_view w1v = gsl_matrix_view_array(w1, n, n), w2v = gsl_matrix_view_array(w2, n, n);
        cnsim__expm(&av.matrix, &mv.matrix, &w1v.matrix, &w2v.matrix);
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++)
                m[i * n + j] = (i == j) - m[i * n + j];
            rhs[i] = b[act[i]];
        }
    } else {
        memcpy(m, a, n * n * sizeof *m);
        for (size_t i = 0; i < n; i++)
            rhs[i] = in->r0[act[i]];
    }
    double norm = 0;
    for (size_t i = 0; i < n * n; i++)
        norm = fmax(norm, fabs(m[i]));
    gsl_permutation perm = {n, pdata};
    int sign;
    cnsim__lu_decomp(&mv.matrix, &perm, &sign);
    for (size_t i = 0; i < n; i++)
        if (!(fabs(m[i * n + i]) > 1e-13 * norm))
            return 0;
    gsl_vector_view rv = gsl_vector_view_array(rhs, n), yv = gsl_vector_view_array(y, n);
    if (gsl_linalg_LU_solve(&mv.matrix, &perm, &rv.vector, &yv.vector) != GSL_SUCCESS)
        return 0;
    memset(x_ss, 0, NS * sizeof *x_ss);
    for (size_t i = 0; i < n; i++)
        x_ss[act[i]] = y[i] > 0 ? y[i] : 0;   /* amounts: no rounding below 0 */
    return 1;
}

/* Steady state of drug d under doses like record e repeated every II (or
 * under e's constant infusion): the state just before the record's own
 * inputs act at its time. Linear drugs are solved exactly (ss_exact);
 * nonlinear ones iterate the one-period map from empty, with Aitken's
 * extrapolation every third period (the approach is geometric near the
 * fixed point), until it stops changing (NONMEM's SS iterations work the
 * same way). Only the drug's own states are touched; other drugs see no
 * inputs meanwhile. */
/* Whether drug d takes part in the interactions at all (a pathway
 * through an enzyme something modulates, or a modulator itself). */
static int ddi_involved(const cnsim_pk_run *run, size_t d)
{
    for (size_t k = 0; k < run->n_mod; k++)
        if (run->mod[k].drug == d)
            return 1;
    for (size_t k = 0; k < run->n_path; k++)
        for (size_t j = 0; j < run->n_mod && run->path[k].drug == d; j++)
            if (run->path[k].enzyme == run->mod[j].enzyme && run->path[k].fm > 0)
                return 1;
    return 0;
}

/* The state of drug d at steady state under record e (x_ss, NS states)
 * and, when d modulates enzymes of its own clearance (autoinduction), the
 * enzymes' states with it (enz_ss, n_enz, else untouched). A drug coupled
 * to another is refused: its steady state depends on the other's history,
 * which one record does not give. */
static cnsim_status steady_state(cnsim_pk_run *run, const cnsim_event *e,
                                 double *x_ss, double *enz_ss)
{
    size_t d = (size_t)e->drug;
    const cnsim_pk_params *p = &run->p[d];
    if (run->coupled && run->coupled[d])
        return cnsim__fail(CNSIM_E_ARG, "event record %ld: a steady-state dose (SS=%d) of %s, whose clearance is coupled to another drug's through an enzyme: its steady state depends on the other drug's dosing; expected the dosing history (SS=0 records)",
                           e->line, e->ss, p->name);
    ss_input in;
    dose_shape sh;
    cnsim_status st = periodic_input(run, e, &in, &sh);
    if (st != CNSIM_OK)
        return st;
    int self = ddi_involved(run, d);
    int linear = !(p->vmax_mg_per_h > 0) && !self;
    /* A constant infusion's map runs over a terminal half-life. */
    double len = e->ii_h;
    for (int n = 1; isinf(sh.dur_h) && n <= (p->has_metabolite ? 1 + p->n_more_metabolites : 1); n++) {
        double t;
        if ((st = cnsim__pk_terminal_half_life_h(p, n, &t)) != CNSIM_OK)
            return st;
        len = n == 1 ? t : fmax(len, t);   /* the slowest species */
    }
    double *x = calloc(run->n_states, sizeof *x);
    double *saved_rate = malloc(run->n_states * sizeof *saved_rate);
    if (!x || !saved_rate) {
        free(x), free(saved_rate);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory computing a steady state");
    }
    memcpy(saved_rate, run->rate, run->n_states * sizeof *saved_rate);
    memset(run->rate, 0, run->n_states * sizeof *run->rate);
    run->rate_epoch++;
    double *xd = x + d * NS;
    int converged = 0, worst = CNSIM_PK_S_CENTRAL, it = 0;
    double worst_change = 0;
    if (linear) {
        if (!isinf(sh.dur_h))
            st = ss_period(run, d, &in, len, x);
        double xs[NS];
        if (st == CNSIM_OK && ss_exact(run, d, &in, isinf(sh.dur_h) ? 0 : len, xd, xs)) {
            memcpy(xd, xs, sizeof xs);
            converged = 1;
        } else if (st == CNSIM_OK) {
            memset(xd, 0, NS * sizeof *xd);
        }
    }
    double hist[3][NS], enz_prev[CNSIM_PK_MAX_ENZYMES] = {0};
    int n_hist = 0;
    for (; !converged && st == CNSIM_OK && it < run->opts.ss_max_intervals; it++) {
        double prev[NS];
        memcpy(prev, xd, sizeof prev);
        if ((st = ss_period(run, d, &in, len, x)) != CNSIM_OK)
            break;
        double diff = 0, scale = 0;
        for (int i = 0; i < NS; i++)
            scale = fmax(scale, fabs(xd[i]));
        for (int i = 0; i < NS; i++)
            if (fabs(xd[i] - prev[i]) > diff) {
                diff = fabs(xd[i] - prev[i]);
                worst = i;
            }
        worst_change = scale > 0 ? diff / scale : diff;
        /* The enzymes it modulates must have settled too. */
        double *xe = x + run->n_drugs * NS;
        int enz_moving = 0;
        for (size_t q = 0; self && q < run->n_enz; q++) {
            enz_moving |= it == 0 || fabs(xe[q] - enz_prev[q]) > run->opts.ss_rtol * (1 + fabs(xe[q]));
            enz_prev[q] = xe[q];
        }
        if (it > 0 && diff <= run->opts.ss_rtol * scale && !enz_moving) {
            converged = 1;
            break;
        }
        /* Aitken: from three successive periods, the limit of each state
         * that approaches it monotonically and geometrically. */
        memcpy(hist[n_hist++], xd, NS * sizeof *xd);
        if (n_hist == 3) {
            for (int i = 0; i < NS; i++) {
                double d1 = hist[1][i] - hist[0][i], d2 = hist[2][i] - hist[1][i], den = d2 - d1;
                if (d1 * d2 > 0 && fabs(d2) < fabs(d1) && den != 0) {
                    double lim = hist[2][i] - d2 * d2 / den;
                    xd[i] = lim > 0 ? lim : 0;
                }
            }
            n_hist = 0;
        }
    }
    memcpy(x_ss, xd, NS * sizeof *x_ss);
    x_ss[CNSIM_PK_S_ELIM] = 0;
    if (self && enz_ss)
        memcpy(enz_ss, x + run->n_drugs * NS, run->n_enz * sizeof *enz_ss);
    memcpy(run->rate, saved_rate, run->n_states * sizeof *saved_rate);
    run->rate_epoch++;
    free(saved_rate);
    free(x);
    if (st == CNSIM_OK && !converged) {
        const char *whose = (worst == CNSIM_PK_S_METAB || worst == S_CE_MET) && p->has_metabolite ? p->metabolite
                            : worst >= S_MORE ? p->more[(worst - S_MORE) / 2].name : p->name;
        st = cnsim__fail(CNSIM_E_SOLVER, "event record %ld: steady state of %s at II %g h not reached within %d intervals: the %s of %s still changed by %.2g (relative) per interval; expected a smaller change than %g (raise ss_max_intervals, or start from a dosing history)",
                         e->line, p->name, e->ii_h, run->opts.ss_max_intervals, state_label(worst), whose, worst_change, run->opts.ss_rtol);
    }
    return st;
}

/* The closed form's lazy pass: each drug's states stand at their own
 * time td[d] and are brought forward only when a record of that drug acts
 * or a sample reads it. */
static void record_masked(const cnsim_pk_run *run, const double *x, const cnsim_pk_samples *s, size_t i,
                          unsigned need)
{
    if (s->conc_ng_mL) {
        double *conc = s->conc_ng_mL + i * run->n_out;
        for (size_t j = 0; j < run->n_out; j++) {
            const cnsim_pk_params *p = &run->p[run->out_drug[j]];
            const double *xd = x + run->out_drug[j] * NS;
            conc[j] = !(need >> run->out_drug[j] & 1u) ? NAN : cnsim__pk_species_conc(p, xd, run->out_is_met[j]);
        }
    }
    if (s->ce_ng_mL) {
        double *ce = s->ce_ng_mL + i * run->n_out;
        for (size_t j = 0; j < run->n_out; j++)
            ce[j] = !(need >> run->out_drug[j] & 1u) ? NAN
                                                      : x[run->out_drug[j] * NS + cnsim__pk_ce_state(run->out_is_met[j])];
    }
    if (s->amounts_mg) {
        double *a = s->amounts_mg + i * run->n_drugs * CNSIM_PK_STATES_PER_DRUG;
        for (size_t d = 0; d < run->n_drugs; d++)
            for (int k = 0; k < CNSIM_PK_STATES_PER_DRUG; k++)
                a[d * CNSIM_PK_STATES_PER_DRUG + k] = need >> d & 1u ? x[d * NS + k] : NAN;
    }
}

static cnsim_status bring(cnsim_pk_run *run, double *td, size_t d, double t1, double *x)
{
    if (t1 <= td[d])
        return CNSIM_OK;
    cnsim_status st = cnsim__cf_step(run, d, t1 - td[d], t1, x + d * NS);
    td[d] = t1;
    return st;
}

static cnsim_status sample_lazy(cnsim_pk_run *run, const cnsim_event *ev, const action_list *l,
                                const cnsim_pk_samples *smp, double t0, double *x)
{
    double *td = malloc(run->n_drugs * sizeof *td);
    if (!td)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for %zu drugs", run->n_drugs);
    for (size_t d = 0; d < run->n_drugs; d++)
        td[d] = t0;
    unsigned all = run->n_drugs >= 32 ? ~0u : (1u << run->n_drugs) - 1;
    cnsim_status st = CNSIM_OK;
    size_t k = 0;
    for (size_t o = 0; o < smp->n && st == CNSIM_OK; o++) {
        double ts = smp->t_h[o];
        int before = smp->before_events && smp->before_events[o];
        /* Every action before this sample: at its time, or at the
         * sample's time unless the sample comes before them. */
        while (k < l->n && st == CNSIM_OK && (l->a[k].t_h < ts || (l->a[k].t_h == ts && !before))) {
            const action *a = &l->a[k++];
            if (a->kind == ACT_NONE)
                continue;
            double *xd = a->drug >= 0 ? x + a->drug * NS : NULL;
            if (a->kind != ACT_RESET && (st = bring(run, td, (size_t)a->drug, a->t_h, x)) != CNSIM_OK)
                break;
            switch (a->kind) {
            case ACT_BOLUS: xd[a->state] += a->amount; break;
            case ACT_RATE:
                run->rate_epoch++;
                run->rate[a->drug * NS + a->state] += a->amount;
                /* Rounding must not leave a phantom input behind. */
                if (fabs(run->rate[a->drug * NS + a->state]) < 1e-12 * fabs(a->amount))
                    run->rate[a->drug * NS + a->state] = 0;
                break;
            case ACT_NONE: break;
            case ACT_RESET:
                run->rate_epoch++;
                memset(x, 0, run->n_states * sizeof *x);
                memset(run->rate, 0, run->n_states * sizeof *run->rate);
                for (size_t d = 0; d < run->n_drugs; d++)
                    td[d] = a->t_h;
                break;
            case ACT_SS: {
                double xs[NS];
                if ((st = steady_state(run, &ev[a->ev], xs, x + run->n_drugs * NS)) != CNSIM_OK)
                    break;
                if (ev[a->ev].ss == 1) {   /* a reset of this drug: its infusions end */
                    memset(xd, 0, NS * sizeof *xd);
                    memset(run->rate + a->drug * NS, 0, NS * sizeof *run->rate);
                    run->rate_epoch++;
                }
                for (int i = 0; i < NS; i++)
                    xd[i] += xs[i];
                break;
            }
            }
        }
        unsigned need = smp->need_drugs && run->n_drugs <= 32 ? smp->need_drugs[o] & all : all;
        for (size_t d = 0; d < run->n_drugs && st == CNSIM_OK; d++)
            if (need >> d & 1u)
                st = bring(run, td, d, ts, x);
        if (st == CNSIM_OK)
            record_masked(run, x, smp, o, need);
    }
    free(td);
    return st;
}

static void record(const cnsim_pk_run *run, const double *x, const cnsim_pk_samples *s, size_t i)
{
    if (s->conc_ng_mL) {
        double *conc = s->conc_ng_mL + i * run->n_out;
        for (size_t j = 0; j < run->n_out; j++) {
            const cnsim_pk_params *p = &run->p[run->out_drug[j]];
            const double *xd = x + run->out_drug[j] * NS;
            conc[j] = cnsim__pk_species_conc(p, xd, run->out_is_met[j]);
        }
    }
    if (s->ce_ng_mL) {
        double *ce = s->ce_ng_mL + i * run->n_out;
        for (size_t j = 0; j < run->n_out; j++)
            ce[j] = x[run->out_drug[j] * NS + cnsim__pk_ce_state(run->out_is_met[j])];
    }
    if (s->amounts_mg) {
        double *a = s->amounts_mg + i * run->n_drugs * CNSIM_PK_STATES_PER_DRUG;
        for (size_t d = 0; d < run->n_drugs; d++)
            memcpy(a + d * CNSIM_PK_STATES_PER_DRUG, x + d * NS, CNSIM_PK_STATES_PER_DRUG * sizeof *x);
    }
    if (s->enzyme_rel)
        for (size_t e = 0; e < run->n_enz; e++)
            s->enzyme_rel[i * run->n_enz + e] = 1 + x[run->n_drugs * NS + e];
}

cnsim_status cnsim_pk_run_simulate(cnsim_pk_run *run, const cnsim_event *ev,
                                   size_t n_ev, const double *t_h, size_t n_t,
                                   double *conc_ng_mL, double *amounts_mg)
{
    cnsim__clear_error();
    cnsim_pk_samples s = {.t_h = t_h, .n = n_t, .conc_ng_mL = conc_ng_mL, .amounts_mg = amounts_mg};
    return cnsim_pk_run_sample(run, ev, n_ev, &s);
}

/* NONMEM's reset semantics for what was scheduled before a reset. A
 * reset (EVID 3, or the reset of EVID 4: "the kinetic system is
 * re-initialized", NONMEM help, EVID) and a steady-state dose with SS=1
 * (for its drug: "infusions in progress or pending additional doses are
 * cancelled", NONMEM help, SS) end every infusion in progress and cancel
 * every dose still pending from an earlier record: its additional (ADDL)
 * doses and a lagged dose not yet entered. The walk zeroes the rates at
 * the reset; here the ends those infusions had scheduled are dropped (a
 * second end subtracted the rate again, driving the input negative, and
 * after EVID 4 cancelled the new infusion's rate), and so are the pending
 * doses with their own infusion ends. Works on the sorted list, in the
 * order the walk applies it. */
static int from_earlier_record(const cnsim_event *e, const cnsim_event *r)
{
    double origin = e->time_h - e->addl_k * e->ii_h;
    return origin < r->time_h || (origin == r->time_h && e->line < r->line);
}

static cnsim_status cancel_interrupted_infusions(action_list *l, const cnsim_event *ev, size_t n_ev)
{
    int any = 0;
    for (size_t k = 0; k < l->n && !any; k++)
        any = l->a[k].kind == ACT_RESET || (l->a[k].kind == ACT_SS && ev[l->a[k].ev].ss == 1);
    if (!any)
        return CNSIM_OK;
    /* Where each infusion ends (by record), and the infusions running. */
    size_t *end_at = malloc((l->n_inf + 1) * sizeof *end_at), *running = malloc(l->n * sizeof *running), n_run = 0;
    if (!end_at || !running) {
        free(end_at), free(running);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for %zu dose actions", l->n);
    }
    for (size_t i = 0; i <= l->n_inf; i++)
        end_at[i] = SIZE_MAX;
    for (size_t m = 0; m < l->n; m++)
        if (l->a[m].infusion == 2)
            end_at[l->a[m].inf] = m;
    for (size_t k = 0; k < l->n; k++) {
        action *r = &l->a[k];
        if (r->kind == ACT_RATE && r->infusion == 1) {
            running[n_run++] = k;
            continue;
        }
        int reset = r->kind == ACT_RESET;
        int ss_reset = r->kind == ACT_SS && ev[r->ev].ss == 1;
        if (!reset && !ss_reset)
            continue;
        /* The infusions in progress end here; their scheduled ends go. */
        size_t keep = 0;
        for (size_t j = 0; j < n_run; j++) {
            const action *st = &l->a[running[j]];
            size_t e = end_at[st->inf];
            if (e == SIZE_MAX || e < k)
                continue;   /* already ended */
            if (reset || st->drug == r->drug)
                l->a[e].kind = ACT_NONE;
            else
                running[keep++] = running[j];
        }
        n_run = keep;
        /* Doses after this point that an earlier record scheduled. */
        for (size_t m = k + 1; m < l->n; m++) {
            action *d = &l->a[m];
            if ((d->kind != ACT_BOLUS && !(d->kind == ACT_RATE && d->infusion == 1)) ||
                (ss_reset && d->drug != r->drug) || !from_earlier_record(&ev[d->ev], &ev[r->ev]))
                continue;
            if (d->infusion == 1 && end_at[d->inf] != SIZE_MAX)
                l->a[end_at[d->inf]].kind = ACT_NONE;
            d->kind = ACT_NONE;
        }
    }
    free(end_at);
    free(running);
    return CNSIM_OK;
}

cnsim_status cnsim_pk_run_sample(cnsim_pk_run *run, const cnsim_event *ev, size_t n_ev,
                                 const cnsim_pk_samples *smp)
{
    cnsim__clear_error();
    memset(&run->stats, 0, sizeof run->stats);
    memset(run->rate, 0, run->n_states * sizeof *run->rate);
    run->rate_epoch++;
    run->want_elim = smp->amounts_mg != NULL;
    const double *t_h = smp->t_h;
    size_t n_t = smp->n;
    for (size_t i = 0; i < n_t; i++)
        if (!isfinite(t_h[i]) || (i > 0 && t_h[i] < t_h[i - 1]))
            return cnsim__fail(CNSIM_E_ARG, "output time %zu (%g h) is not finite or goes backwards; expected non-decreasing times", i, t_h[i]);
    action_list l = {0};
    cnsim_status st = CNSIM_OK;
    for (size_t i = 0; i < n_ev && st == CNSIM_OK; i++) {
        const cnsim_event *e = &ev[i];
        if (e->evid == CNSIM_EVID_RESET || e->evid == CNSIM_EVID_RESET_DOSE)
            st = push_action(&l, (action){.t_h = e->time_h, .kind = ACT_RESET, .drug = -1, .ev = i});
        if (st != CNSIM_OK || (e->evid != CNSIM_EVID_DOSE && e->evid != CNSIM_EVID_RESET_DOSE))
            continue;
        if (e->drug < 0 || (size_t)e->drug >= run->n_drugs) {
            st = cnsim__fail(CNSIM_E_ARG, "event record %ld: drug index %d; expected 0..%zu", e->line, e->drug, run->n_drugs - 1);
            break;
        }
        if (e->ss > 0 && (st = push_action(&l, (action){.t_h = e->time_h, .kind = ACT_SS, .drug = e->drug, .ev = i})) == CNSIM_OK)
            st = spill_actions(run, e, i, &l);
        if (st == CNSIM_OK)
            st = dose_actions(run, e, i, e->time_h, &l, &run->stats);
    }
    if (st != CNSIM_OK) {
        free(l.a);
        return st;
    }
    if (l.n) {   /* a subject without doses has no actions (and no array) */
        qsort(l.a, l.n, sizeof *l.a, cmp_action);
        if ((st = cancel_interrupted_infusions(&l, ev, n_ev)) != CNSIM_OK) {
            free(l.a);
            return st;
        }
    }

    double *x = calloc(run->n_states, sizeof *x);
    if (!x) {
        free(l.a);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory for %zu states", run->n_states);
    }
    double t = 0;
    if (l.n && l.a[0].t_h < t)
        t = l.a[0].t_h;
    if (n_t && t_h[0] < t)
        t = t_h[0];
    double t_last = n_t ? t_h[n_t - 1] : t;
    size_t k = 0, o = 0;
    int need_begin = 1;
    if (run->solver == CNSIM_SOLVER_CLOSED) {
        st = sample_lazy(run, ev, &l, smp, t, x);
        o = n_t;
    }
    while (o < n_t && st == CNSIM_OK) {
        /* A sample that asks for the state before the records at its time
         * is taken as soon as the integrator stands there. */
        if (smp->before_events && smp->before_events[o] && t_h[o] <= t) {
            record(run, x, smp, o++);
            continue;
        }
        /* Apply every action due now, in order. */
        while (k < l.n && l.a[k].t_h <= t && st == CNSIM_OK) {
            action *a = &l.a[k++];
            double *xd = a->drug >= 0 ? x + a->drug * NS : NULL;
            switch (a->kind) {
            case ACT_BOLUS: xd[a->state] += a->amount; break;
            case ACT_RATE:
                run->rate_epoch++;
                run->rate[a->drug * NS + a->state] += a->amount;
                /* Rounding must not leave a phantom input behind. */
                if (fabs(run->rate[a->drug * NS + a->state]) < 1e-12 * fabs(a->amount))
                    run->rate[a->drug * NS + a->state] = 0;
                break;
            case ACT_NONE: break;
            case ACT_RESET:
                run->rate_epoch++;
                memset(x, 0, run->n_states * sizeof *x);
                memset(run->rate, 0, run->n_states * sizeof *run->rate);
                break;
            case ACT_SS: {
                double xs[NS];
                st = steady_state(run, &ev[a->ev], xs, x + run->n_drugs * NS);
                if (st != CNSIM_OK)
                    break;
                if (ev[a->ev].ss == 1) {   /* a reset of this drug: its infusions end */
                    memset(xd, 0, NS * sizeof *xd);
                    memset(run->rate + a->drug * NS, 0, NS * sizeof *run->rate);
                    run->rate_epoch++;
                }
                for (int i = 0; i < NS; i++)
                    xd[i] += xs[i];
                break;
            }
            }
            need_begin = 1;
        }
        if (st != CNSIM_OK)
            break;
        double t_act = k < l.n ? l.a[k].t_h : INFINITY;
        double t_stop = fmin(t_act, t_last);
        if (need_begin) {
            if ((st = begin(run, t, x, t_stop)) != CNSIM_OK)
                break;
            need_begin = 0;
        }
        if (t_h[o] <= t_act) {
            if ((st = advance(run, &t, t_h[o], x)) != CNSIM_OK)
                break;
            int before = smp->before_events && smp->before_events[o];
            if (before || t_h[o] < t_act || k >= l.n)
                record(run, x, smp, o++);
            /* An output exactly at an action time is recorded after the
             * action, on the next pass. */
        } else {
            st = advance(run, &t, t_act, x);
        }
    }
    if (run->solver == CNSIM_SOLVER_CVODE && run->cv_mem) {
        cnsim__cv_collect(run);
        run->cv_counted = 1;
    }
    free(x);
    free(l.a);
    return st;
}
