/* cnsim simulate: concentrations and effects from regimens, scenario files
 * or NONMEM-style event data sets, through the model/run objects. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sim_job.h"

typedef struct sim_args {
    sim_job *j;
    int rc;                         /* a failure inside a callback */
    const char *events, *out, *plot, *manifest, *patient, *solver, *pd_solver, *interactions, *times;
    double until_h, every_h, rtol, atol, pd_rtol, pd_atol, pd_step_h, pd_max_step_h;
    int has_until, has_every, has_rtol, has_atol, has_pd_rtol, has_pd_atol, has_pd_step, has_pd_max_step, has_solver, has_seed;
    uint64_t seed;
    int print_events, quiet;
    const char *at;
    cli_format fmt;
    int has_fmt;
} sim_args;

/* --drug, --regimen and --formulation belong together, in order. */
static int on_drug(const cli_opt *o, const char *spelling, const char *v, void *args)
{
    sim_args *a = args;
    (void)o, (void)spelling;
    int rc = job_add_drug(a->j, v);
    if (!rc && !a->j->default_drug)
        a->j->default_drug = a->j->spec_drug[0];
    return rc;
}

static int on_model(const cli_opt *o, const char *spelling, const char *v, void *args)
{
    sim_args *a = args;
    (void)o, (void)spelling;
    int rc = job_add_model(a->j, v);
    if (!rc && !a->j->default_drug)
        a->j->default_drug = a->j->spec_drug[0];
    return rc;
}

static int on_regimen(const cli_opt *o, const char *spelling, const char *v, void *args)
{
    sim_job *j = ((sim_args *)args)->j;
    (void)o, (void)spelling;
    if (j->n_specs == 0)
        return cli_bad_input("--regimen '%s' comes before any --drug; expected --drug NAME --regimen TEXT", v);
    if (j->spec_regimen[j->n_specs - 1])
        return cli_bad_input("--regimen given twice for %s; expected one regimen per --drug (join segments with 'then')",
                             j->spec_drug[j->n_specs - 1]);
    j->spec_regimen[j->n_specs - 1] = v;
    return 0;
}

static int on_form(const cli_opt *o, const char *spelling, const char *v, void *args)
{
    sim_job *j = ((sim_args *)args)->j;
    (void)o, (void)spelling;
    if (j->n_specs == 0)
        return cli_bad_input("--formulation comes before any --drug; expected --drug NAME --formulation F");
    if (strlen(v) >= CNSIM_FORM_MAX)
        return cli_bad_input("--formulation: '%s' is too long; expected a formulation such as tablet or odt", v);
    if (j->spec_model[j->n_specs - 1])
        return cli_bad_input("--formulation %s after --model %s: a model file's parameters are its formulation's; "
                             "expected --formulation after --drug", v, j->spec_model_path[j->n_specs - 1]);
    strcpy(j->spec_form[j->n_specs - 1], v);
    return 0;
}

static const cli_opt opts[] = {
    {.name = "--drug", .kind = CLI_OPT_CALL, .call = on_drug, .metavar = "NAME",
     .help = "a drug (generic or brand name); repeat for several drugs", .eg = "clonazepam"},
    {.name = "--model", .kind = CLI_OPT_CALL, .call = on_model, .metavar = "FILE.json",
     .help = "a drug whose PK model comes from a model file (NONMEM names: CL, V, KA, Q, V2, F1, ALAG1, ...; "
             "docs/models.md section 12, `cnsim drug export`); repeatable, with --drug", .eg = "scenarios/clonazepam-model.json", .flags = CLI_OPT_READS_FILE},
    {.name = "--regimen", .kind = CLI_OPT_CALL, .call = on_regimen, .metavar = "TEXT",
     .help = "regimen of the preceding --drug or --model, e.g. \"0.5 mg q12h for 28 d\"", .eg = "\"0.5 mg bid for 28 d\""},
    {.name = "--formulation", .kind = CLI_OPT_CALL, .call = on_form, .metavar = "F",
     .help = "tablet, odt, solution... for the preceding --drug", .eg = "odt"},
    {.name = "--times", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, times), .metavar = "HH:MM,...",
     .help = "clock times of the frequency words qd, daily, bid, tid, qid in every regimen, as many as the "
             "word's doses a day (default: qd 08:00; bid 08:00,20:00; tid every 8 h, qid every 6 h from 08:00)",
     .eg = "07:00,19:00"},
    {.name = "--events", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, events), .metavar = "FILE",
     .help = "NONMEM-style data set (ID, TIME, AMT, EVID, CMT, RATE, II, ADDL, SS, DV, MDV, DRUG)", .flags = CLI_OPT_READS_FILE},
    {.kind = CLI_OPT_UNTIL, .off = offsetof(sim_args, until_h), .given = CLI_AT(sim_args, has_until),
     .help = "end of the simulation (default: chosen from the regimen and the model, see below)"},
    {.name = "--at", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, at), .metavar = "WHERE",
     .help = "grid (default: every --every), records (one row per record of --events, NONMEM's $TABLE: "
             "ID,TIME,EVID,AMT,DV,MDV,IPRED,PRED,RECORD and every column) or both", .eg = "records"},
    {.name = "--every", .kind = CLI_OPT_DURATION, .off = offsetof(sim_args, every_h), .metavar = "DUR",
     .given = CLI_AT(sim_args, has_every), .help = "output interval (default 1h)", .eg = "6h"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(sim_args, fmt), .given = CLI_AT(sim_args, has_fmt),
     .help = "text (summary, default), csv (id,time_h,<drug>_ng_mL,... effects), json or html (a self-contained report: inputs, warnings with sources, tables, figure, manifest)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(sim_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(sim_args, plot)},
    {.name = "--manifest", .kind = CLI_OPT_PATH, .off = offsetof(sim_args, manifest), .metavar = "FILE",
     .help = "run manifest (version, seed, solvers, tolerances, horizon, counters, wall time) as JSON"},
    {.name = "--print-events", .kind = CLI_OPT_FLAG, .off = offsetof(sim_args, print_events),
     .help = "print the event records that will be simulated and stop"},
    {.name = "--solver", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, solver), .metavar = "S",
     .given = CLI_AT(sim_args, has_solver), .help = "PK: auto (closed form if all models are linear; exponential if linear drugs act on each other), cvode, closed, exponential",
     .eg = "cvode"},
    {.name = "--rtol", .kind = CLI_OPT_NUMBER, .off = offsetof(sim_args, rtol), .lo = 1e-15, .hi = 0.1,
     .metavar = "X", .given = CLI_AT(sim_args, has_rtol), .help = "PK CVODE relative tolerance (default 1e-8)"},
    {.name = "--atol", .kind = CLI_OPT_NUMBER, .off = offsetof(sim_args, atol), .lo = 1e-30, .hi = 1,
     .metavar = "X", .given = CLI_AT(sim_args, has_atol), .help = "PK CVODE absolute tolerance, mg (default 1e-12)"},
    {.name = "--interactions", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, interactions), .metavar = "on|off",
     .help = "on (default): drugs act on each other's clearance through their enzymes (data/72_enzyme_kinetics.sql); off: each as if alone"},
    {.name = "--pd-solver", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, pd_solver), .metavar = "S",
     .help = "PD: exponential (default) or cvode (the reference, with --pd-rtol/--pd-atol)", .eg = "cvode"},
    {.name = "--pd-rtol", .kind = CLI_OPT_NUMBER, .off = offsetof(sim_args, pd_rtol), .lo = 1e-15, .hi = 0.1,
     .metavar = "X", .given = CLI_AT(sim_args, has_pd_rtol), .help = "PD CVODE relative tolerance (default 1e-6)"},
    {.name = "--pd-atol", .kind = CLI_OPT_NUMBER, .off = offsetof(sim_args, pd_atol), .lo = 1e-30, .hi = 0.1,
     .metavar = "X", .given = CLI_AT(sim_args, has_pd_atol), .help = "PD CVODE absolute tolerance (default 1e-10)"},
    {.name = "--pd-step", .kind = CLI_OPT_DURATION, .off = offsetof(sim_args, pd_step_h), .metavar = "DUR",
     .given = CLI_AT(sim_args, has_pd_step), .help = "PD step at a dose (default 0.05h = 3 min; 0.36s to 1h)",
     .eg = "0.01h"},
    {.name = "--pd-max-step", .kind = CLI_OPT_DURATION, .off = offsetof(sim_args, pd_max_step_h), .metavar = "DUR",
     .given = CLI_AT(sim_args, has_pd_max_step),
     .help = "longest PD step, where the drivers are smooth (default 1h; --pd-step to 24h; = --pd-step: uniform)",
     .eg = "0.05h"},
    {.kind = CLI_OPT_SEED, .off = offsetof(sim_args, seed), .given = CLI_AT(sim_args, has_seed),
     .help = "recorded in the manifest (a single simulation has no randomness)"},
    {.name = "--patient", .kind = CLI_OPT_STRING, .off = offsetof(sim_args, patient), .metavar = "PROFILE",
     .help = "e.g. \"age=72,weight=60,copd,hepatic=child-pugh-b,crcl=45,cyp2c19=pm\": label precautions, "
             "phenotype dose ceilings and covariate effects on PK (docs/clinical.md)", .eg = "age=72,copd"},
    {.kind = CLI_OPT_QUIET, .off = offsetof(sim_args, quiet)},
};

static const cli_cmd cmd = {
    .name = "simulate",
    .usage = "[SCENARIO.json] [--drug NAME [--regimen TEXT] [--formulation F]]... [--model FILE.json [--regimen TEXT]]...\n"
             "                      [--events DATA.csv] [--until DUR] [--every DUR] [options]\n",
    .about =
        "Simulates the chain for each drug and active metabolite: plasma and effect-site concentrations\n"
        "(ng/mL), benzodiazepine-site and SERT occupancy, effects, tolerance, GABA-A adaptation and\n"
        "withdrawal, 5-HT1A adaptation and the antidepressant index, and the network rate through the\n"
        "excitability map (docs/models.md). Regimens (\"0.5 mg q12h for 28 d\", \"1 mg bid\", \"20 mg qd\n"
        "for 14 d then 10 mg qd for 14 d\", \"0.5 mg at 08:00,20:00 for 7 d\", \"2 mg iv over 30 min once\n"
        "start 2 d\"), a scenario file (scenarios/) and event data sets end up as the same records\n"
        "(--print-events). Time 0 is 00:00 of day 1. qd, daily, bid, tid and qid dose on the wall clock\n"
        "(bid at 08:00 and 20:00, as in every command; --times changes it); q<N>h and every <N> h dose\n"
        "from the segment's start.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .notes =
        "Without --until the simulation ends where the regimen's effects have settled: the last dose\n"
        "plus 5 half-lives of the slowest process after it (terminal half-life of an active species,\n"
        "recovery of GABA-A adaptation or of 5-HT1A autoreceptors), or, for a regimen that repeats\n"
        "without 'for', its start plus 5 half-lives of the slowest process it drives (steady state,\n"
        "no stop). The summary says which and why. Durations take ms, s, min, h, d or w (wk, wks, ...).\n",
    .examples = "  cnsim simulate --drug clonazepam --regimen \"0.5 mg q12h for 28 d\"\n"
                "  cnsim simulate --drug Klonopin --regimen \"0.5 mg bid for 28 d\" --drug sertraline \\\n"
                "      --regimen \"50 mg qd for 8 w\" --until 8w --format csv --out conc.csv --plot conc.png\n"
                "  cnsim simulate --drug clonazepam --regimen \"1 mg bid for 2 d\" --print-events\n"
                "  cnsim simulate --drug clonazepam --regimen \"0.5 mg bid for 28 d\" --times 07:00,19:00\n"
                "  cnsim simulate scenarios/demo.json --format json --out -\n"
                "  cnsim simulate --events scenarios/nonmem-records.csv --drug clonazepam --at records --format csv\n"
                "  cnsim simulate --model scenarios/clonazepam-model.json --regimen \"0.5 mg bid for 7 d\" --until 10d\n",
    .formats = CLI_FMTS_TCJ | CLI_FMT_BIT(CLI_FMT_HTML),
    .max_pos = 1,
    .pos_metavar = "SCENARIO.json",
    .pos_files = 1,
};

/* A scenario file gives what the command line does not. */
static int apply_scenario(sim_job *j, sim_args *a, const cnsim_scenario *sc)
{
    /* Its drugs come first; --drug adds to them. */
    size_t n_cli = j->n_specs;
    char drug[JOB_MAX_DRUGS][CNSIM_NAME_MAX], form[JOB_MAX_DRUGS][CNSIM_FORM_MAX];
    const char *reg[JOB_MAX_DRUGS], *mpath[JOB_MAX_DRUGS];
    cnsim_pk_model *model[JOB_MAX_DRUGS];
    memcpy(drug, j->spec_drug, sizeof drug);
    memcpy(form, j->spec_form, sizeof form);
    memcpy(reg, j->spec_regimen, sizeof reg);
    memcpy(model, j->spec_model, sizeof model);
    memcpy(mpath, j->spec_model_path, sizeof mpath);
    j->n_specs = 0;
    int rc = 0;
    for (size_t i = 0; i < sc->n_drugs && !rc; i++) {
        if ((rc = job_add_drug(j, sc->drugs[i].name)))
            break;
        j->spec_regimen[j->n_specs - 1] = sc->drugs[i].regimen;
        snprintf(j->spec_form[j->n_specs - 1], CNSIM_FORM_MAX, "%s", sc->drugs[i].form);
    }
    /* the command line's drugs after them, model files as they were read */
    for (size_t i = 0; i < n_cli; i++) {
        if (!rc && model[i]) {
            for (size_t s = 0; s < j->n_specs && !rc; s++)
                if (!strcmp(j->spec_drug[s], drug[i]))
                    rc = cli_bad_input("--model %s: %s is given twice; expected each drug once", mpath[i], drug[i]);
            if (!rc && j->n_specs == JOB_MAX_DRUGS)
                rc = cli_bad_input("--model: more than %d drugs; expected fewer", JOB_MAX_DRUGS);
        } else if (!rc) {
            rc = job_add_drug(j, drug[i]);
        }
        if (rc) {
            free(model[i]);   /* not the job's any more */
            continue;
        }
        size_t k = model[i] ? j->n_specs++ : j->n_specs - 1;
        strcpy(j->spec_drug[k], drug[i]);
        j->spec_regimen[k] = reg[i];
        strcpy(j->spec_form[k], form[i]);
        j->spec_model[k] = model[i];
        j->spec_model_path[k] = mpath[i];
    }
    if (rc)
        return rc;
    if (j->n_specs && !j->default_drug)
        j->default_drug = j->spec_drug[0];
    if (sc->events_path && !a->events)
        a->events = sc->events_path;
    if (!isnan(sc->until_h) && !a->has_until)
        a->until_h = sc->until_h, a->has_until = 1;
    if (!isnan(sc->every_h) && !a->has_every)
        a->every_h = sc->every_h, a->has_every = 1;
    if (sc->solver[0] && !a->has_solver)
        a->solver = sc->solver;
    if (!isnan(sc->rtol) && !a->has_rtol)
        a->rtol = sc->rtol, a->has_rtol = 1;
    if (!isnan(sc->atol) && !a->has_atol)
        a->atol = sc->atol, a->has_atol = 1;
    if (sc->seed >= 0 && !a->has_seed)
        a->seed = (uint64_t)sc->seed, a->has_seed = 1;
    return 0;
}

int cli_simulate(int argc, char **argv)
{
    sim_job j;
    job_init(&j);
    sim_args a = {.j = &j, .fmt = CLI_FMT_TEXT};
    cnsim_scenario sc;
    memset(&sc, 0, sizeof sc);
    int have_sc = 0, rc = 0, n_pos = 0;
    const char *pos[1];
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out = NULL, *plot = NULL, *manifest = NULL;
    cnsim_status st = cli_registry_open(NULL, &j.reg);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "registry");
        goto done;
    }
    if ((rc = cli_opt_parse(&cmd, argc, argv, &a, pos, &n_pos)) != CLI_PARSED)
        goto done;
    rc = 0;
    if (n_pos == 1) {
        if ((st = cnsim_scenario_read(pos[0], &sc)) != CNSIM_OK) {
            rc = cli_report(st, pos[0]);
            goto done;
        }
        have_sc = 1;
        if ((rc = apply_scenario(&j, &a, &sc)))
            goto done;
    }
    j.events_path = a.events;
    if (a.times) {
        if ((st = cnsim_parse_clock_list(a.times, "--times", j.clock_h, CNSIM_REGIMEN_MAX_PER_DAY, &j.n_clock)) !=
            CNSIM_OK) {
            rc = cli_report(st, "--times");
            goto done;
        }
        j.times = a.times;
    }
    if (a.at) {
        static const char *const where[] = {"grid", "records", "both"};
        size_t w = 0;
        while (w < 3 && strcmp(a.at, where[w]))
            w++;
        if (w == 3) {
            rc = cli_bad_input("--at: '%s'; expected grid, records or both", a.at);
            goto done;
        }
        j.at = (job_at)w;
        if (j.at != JOB_AT_GRID && !a.events) {
            rc = cli_bad_input("--at %s: no data set; expected --events FILE (its records are the rows)", a.at);
            goto done;
        }
    }
    j.until_h = a.has_until ? a.until_h : NAN;
    j.digits = cli_digits();
    j.every_h = a.has_every ? a.every_h : NAN;
    if (a.has_every && !(a.every_h > 0)) {
        rc = cli_bad_input("--every: %g h; expected a duration > 0", a.every_h);
        goto done;
    }
    if (a.solver && (st = cnsim_solver_parse(a.solver, "--solver", &j.opts.pk.kind)) != CNSIM_OK) {
        rc = cli_report(st, "--solver");
        goto done;
    }
    if (a.interactions && strcmp(a.interactions, "on") && strcmp(a.interactions, "off")) {
        rc = cli_bad_input("--interactions: '%s'; expected on or off", a.interactions);
        goto done;
    }
    j.opts.interactions_off = a.interactions && !strcmp(a.interactions, "off");
    if (a.pd_solver && (st = cnsim_pd_solver_parse(a.pd_solver, "--pd-solver", &j.opts.pd.kind)) != CNSIM_OK) {
        rc = cli_report(st, "--pd-solver");
        goto done;
    }
    if (a.has_rtol)
        j.opts.pk.rtol = a.rtol;
    if (a.has_atol)
        j.opts.pk.atol_mg = a.atol;
    if (a.has_pd_rtol)
        j.opts.pd.rtol = a.pd_rtol;
    if (a.has_pd_atol)
        j.opts.pd.atol = a.pd_atol;
    if (a.has_pd_step)
        j.opts.pd.step_h = a.pd_step_h;
    if (a.has_pd_max_step)
        j.opts.pd.max_step_h = a.pd_max_step_h;
    else if (j.opts.pd.step_h > j.opts.pd.max_step_h)
        j.opts.pd.max_step_h = j.opts.pd.step_h;
    if ((st = cnsim_pd_opts_check(&j.opts.pd)) != CNSIM_OK) {
        rc = cli_report(st, a.has_pd_max_step && !(j.opts.pd.max_step_h >= j.opts.pd.step_h && j.opts.pd.max_step_h <= 24)
                                ? "--pd-max-step" : "--pd-step");
        goto done;
    }
    j.seed = a.seed;
    j.has_seed = a.has_seed;
    if (a.patient) {
        if ((st = cnsim_patient_parse(a.patient, &j.patient)) != CNSIM_OK) {
            rc = cli_report(st, "--patient");
            goto done;
        }
        j.has_patient = 1;
    }
    if (!a.has_fmt && a.out && strcmp(a.out, "-")) {
        const char *dot = strrchr(a.out, '.');
        if (dot && !strcmp(dot, ".csv"))
            a.fmt = CLI_FMT_CSV;
        else if (dot && !strcmp(dot, ".json"))
            a.fmt = CLI_FMT_JSON;
    }
    /* --print-events stops before the run: no figure, no manifest. */
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)) ||
        (!a.print_events && a.plot && (rc = cli_outs_open_plot(&outs, a.plot, &plot))) ||
        (!a.print_events && a.manifest && (rc = cli_outs_open(&outs, a.manifest, "--manifest", &manifest))))
        goto done;
    if ((rc = job_prepare(&j)))
        goto done;
    if (a.print_events) {
        rc = job_print_events(&j, out);
        goto done;
    }
    j.skip_summary = a.fmt == CLI_FMT_CSV && !a.manifest;
    if ((rc = job_run(&j)))
        goto done;
    if (a.fmt != CLI_FMT_TEXT && !a.quiet)
        job_warn_stderr(&j);
    if (plot && (rc = job_plot(&j, plot, a.plot, "Simulated plasma concentrations and effects")))
        goto done;
    if (manifest && (rc = job_write_json(&j, manifest, 0)))   /* the JSON output without the series */
        goto done;
    if (a.fmt == CLI_FMT_CSV)
        rc = job_write_csv(&j, out);
    else if (a.fmt == CLI_FMT_JSON)
        rc = job_write_json(&j, out, 1);
    else
        job_write_summary(&j, out);
done:
    rc = cli_outs_close(&outs, rc);
    if (have_sc)
        cnsim_scenario_free(&sc);
    job_free(&j);
    return rc;
}
