/* cnsim simulate: plasma concentrations from regimens, scenario files or
 * NONMEM-style event data sets. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_job.h"

static const char help[] =
    "usage: cnsim simulate [SCENARIO.json] [--drug NAME [--regimen TEXT] [--formulation F]]...\n"
    "                      [--events DATA.csv] [--until DUR] [--every DUR] [options]\n"
    "\n"
    "Simulates plasma concentrations (ng/mL) of each drug and active metabolite.\n"
    "\n"
    "dosing (all three end up as the same event records; see --print-events):\n"
    "  --drug NAME          a drug (generic or brand name); repeat for several drugs\n"
    "  --regimen TEXT       regimen for the preceding --drug, e.g. \"0.5 mg q12h for 28 d\",\n"
    "                       \"1 mg bid\", \"20 mg qd for 14 d then 10 mg qd for 14 d\",\n"
    "                       \"0.5 mg at 08:00,20:00 for 7 d\", \"2 mg iv over 30 min once start 2 d\"\n"
    "  --formulation F      tablet, odt, solution... for the preceding --drug\n"
    "  --events FILE        NONMEM-style data set (ID, TIME, AMT, EVID, CMT, RATE, II, ADDL,\n"
    "                       SS, DV, MDV, optional DRUG); doses take --drug without DRUG\n"
    "  SCENARIO.json        a scenario file (see scenarios/)\n"
    "\n"
    "output:\n"
    "  --until DUR          end of the simulation, e.g. 42d, 12h, 90min (default: last dose + 5 d)\n"
    "  --every DUR          output interval (default 1h)\n"
    "  --format F           text (summary, default), csv (id,time_h,<drug>_ng_mL...), json\n"
    "  --out FILE           write there (atomically) instead of stdout\n"
    "  --plot FILE          concentration-time figure (.png, .svg or .pdf)\n"
    "  --manifest FILE      run manifest (version, seed, solver, tolerances, wall time) as JSON\n"
    "  --print-events       print the event records that will be simulated and stop\n"
    "\n"
    "solver:\n"
    "  --solver S           auto (closed form if all models are linear), cvode, closed\n"
    "  --rtol X --atol X    CVODE tolerances (default 1e-8 relative, 1e-12 mg absolute)\n"
    "  --seed N             recorded in the manifest (no randomness in a single simulation)\n"
    "\n"
    "patient (see docs/clinical.md):\n"
    "  --patient PROFILE    e.g. \"age=72,weight=60,copd,hepatic=moderate,cyp2c19=poor\": flags the\n"
    "                       label precautions it triggers and applies covariate effects to PK\n"
    "\n"
    "examples:\n"
    "  cnsim simulate --drug clonazepam --regimen \"0.5 mg q12h for 28 d\" --until 42d\n"
    "  cnsim simulate --drug Klonopin --regimen \"0.5 mg bid for 28 d\" --drug sertraline \\\n"
    "      --regimen \"50 mg qd\" --until 8w --format csv --out conc.csv --plot conc.png\n"
    "  cnsim simulate --drug clonazepam --events data.csv --print-events\n"
    "  cnsim simulate scenarios/demo.json --format json\n";

static int need_value(int i, int argc, char **argv)
{
    if (i + 1 >= argc)
        return cli_bad_input("%s: missing value", argv[i]);
    return 0;
}

static int parse_duration(const char *opt, const char *text, double *out)
{
    cnsim_status st = cnsim_parse_duration_h(text, opt, out);
    return st == CNSIM_OK ? 0 : cli_report(st, opt);
}

static int parse_positive(const char *opt, const char *text, double *out)
{
    char *end;
    double v = strtod(text, &end);
    if (end == text || *end || !(v > 0) || !isfinite(v))
        return cli_bad_input("%s: '%s'; expected a positive number", opt, text);
    *out = v;
    return 0;
}

/* Applies a scenario file to the job (options given later override it). */
static int load_scenario(sim_job *j, const char *path, cnsim_scenario *sc)
{
    cnsim_status st = cnsim_scenario_read(path, sc);
    if (st != CNSIM_OK)
        return cli_report(st, path);
    for (size_t i = 0; i < sc->n_drugs; i++) {
        int rc = job_add_drug(j, sc->drugs[i].name);
        if (rc)
            return rc;
        j->spec_regimen[j->n_specs - 1] = sc->drugs[i].regimen;
        snprintf(j->spec_form[j->n_specs - 1], CNSIM_FORM_MAX, "%s", sc->drugs[i].form);
    }
    if (sc->events_path)
        j->events_path = sc->events_path;
    if (!isnan(sc->until_h))
        j->until_h = sc->until_h;
    if (!isnan(sc->every_h))
        j->every_h = sc->every_h;
    if (sc->solver[0]) {
        if (!strcmp(sc->solver, "cvode"))
            j->opts.kind = CNSIM_SOLVER_CVODE;
        else if (!strcmp(sc->solver, "closed"))
            j->opts.kind = CNSIM_SOLVER_CLOSED;
    }
    if (!isnan(sc->rtol))
        j->opts.rtol = sc->rtol;
    if (!isnan(sc->atol))
        j->opts.atol_mg = sc->atol;
    if (sc->seed >= 0)
        j->seed = sc->seed;
    return 0;
}

static int write_manifest(const sim_job *j, const char *path)
{
    cli_out o;
    int rc = cli_out_open(&o, path);
    if (rc)
        return rc;
    /* The manifest is the JSON output without the series. */
    job_write_json(j, o.fp, 0);
    return cli_out_close(&o, 1);
}

int cli_simulate(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    sim_job j;
    job_init(&j);
    cnsim_scenario sc;
    memset(&sc, 0, sizeof sc);
    int have_sc = 0, rc = 0, print_events = 0, format_given = 0;
    cli_format fmt = CLI_FMT_TEXT;
    const char *out = NULL, *plot = NULL, *manifest = NULL;
    cnsim_status st = cnsim_registry_open(NULL, &j.reg);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "registry");
        goto done;
    }
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--drug")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = job_add_drug(&j, argv[++i]);
            if (!rc && !j.default_drug)
                j.default_drug = j.spec_drug[0];
        } else if (!strcmp(a, "--regimen")) {
            if ((rc = need_value(i, argc, argv)))
                break;
            if (j.n_specs == 0)
                rc = cli_bad_input("--regimen '%s' comes before any --drug; expected --drug NAME --regimen TEXT", argv[i + 1]);
            else if (j.spec_regimen[j.n_specs - 1])
                rc = cli_bad_input("--regimen given twice for %s; expected one regimen per --drug (join segments with 'then')", j.spec_drug[j.n_specs - 1]);
            else
                j.spec_regimen[j.n_specs - 1] = argv[++i];
        } else if (!strcmp(a, "--formulation")) {
            if ((rc = need_value(i, argc, argv)))
                break;
            if (j.n_specs == 0)
                rc = cli_bad_input("--formulation comes before any --drug");
            else
                snprintf(j.spec_form[j.n_specs - 1], CNSIM_FORM_MAX, "%s", argv[++i]);
        } else if (!strcmp(a, "--events")) {
            if (!(rc = need_value(i, argc, argv)))
                j.events_path = argv[++i];
        } else if (!strcmp(a, "--until")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = parse_duration("--until", argv[++i], &j.until_h);
        } else if (!strcmp(a, "--every")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = parse_duration("--every", argv[++i], &j.every_h);
            if (!rc && !(j.every_h > 0))
                rc = cli_bad_input("--every: '%s'; expected a duration > 0", argv[i]);
        } else if (!strcmp(a, "--format")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = cli_parse_format(argv[++i], &fmt);
            format_given = 1;
        } else if (!strcmp(a, "--out")) {
            if (!(rc = need_value(i, argc, argv)))
                out = argv[++i];
        } else if (!strcmp(a, "--plot")) {
            if (!(rc = need_value(i, argc, argv)))
                plot = argv[++i];
        } else if (!strcmp(a, "--manifest")) {
            if (!(rc = need_value(i, argc, argv)))
                manifest = argv[++i];
        } else if (!strcmp(a, "--print-events")) {
            print_events = 1;
        } else if (!strcmp(a, "--solver")) {
            if ((rc = need_value(i, argc, argv)))
                break;
            const char *s = argv[++i];
            if (!strcmp(s, "auto"))
                j.opts.kind = CNSIM_SOLVER_AUTO;
            else if (!strcmp(s, "cvode"))
                j.opts.kind = CNSIM_SOLVER_CVODE;
            else if (!strcmp(s, "closed"))
                j.opts.kind = CNSIM_SOLVER_CLOSED;
            else
                rc = cli_bad_input("--solver: '%s'; expected auto, cvode or closed", s);
        } else if (!strcmp(a, "--rtol")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = parse_positive("--rtol", argv[++i], &j.opts.rtol);
        } else if (!strcmp(a, "--atol")) {
            if (!(rc = need_value(i, argc, argv)))
                rc = parse_positive("--atol", argv[++i], &j.opts.atol_mg);
        } else if (!strcmp(a, "--seed")) {
            if ((rc = need_value(i, argc, argv)))
                break;
            char *end;
            long v = strtol(argv[++i], &end, 10);
            if (end == argv[i] || *end || v < 0)
                rc = cli_bad_input("--seed: '%s'; expected an integer >= 0", argv[i]);
            j.seed = v;
        } else if (!strcmp(a, "--patient")) {
            if ((rc = need_value(i, argc, argv)))
                break;
            if ((st = cnsim_patient_parse(argv[++i], &j.patient)) != CNSIM_OK)
                rc = cli_report(st, "--patient");
            j.has_patient = 1;
        } else if (a[0] != '-' && !have_sc) {
            have_sc = 1;
            rc = load_scenario(&j, a, &sc);
        } else {
            rc = cli_bad_input("simulate: unknown option '%s' (see cnsim simulate --help)", a);
        }
    }
    if (rc)
        goto done;
    if (!format_given && out) {
        const char *dot = strrchr(out, '.');
        if (dot && !strcmp(dot, ".csv"))
            fmt = CLI_FMT_CSV;
        else if (dot && !strcmp(dot, ".json"))
            fmt = CLI_FMT_JSON;
    }
    if ((rc = job_prepare(&j)))
        goto done;
    if (print_events) {
        cli_out o;
        if (!(rc = cli_out_open(&o, out))) {
            job_print_events(&j, o.fp);
            rc = cli_out_close(&o, 1);
        }
        goto done;
    }
    j.skip_summary = fmt == CLI_FMT_CSV && !manifest;
    if ((rc = job_run(&j)))
        goto done;
    for (size_t i = 0; i < j.n_warnings && fmt != CLI_FMT_TEXT; i++)
        fprintf(stderr, "cnsim: warning [%s] %s (source: %s)\n", j.warnings[i].code, j.warnings[i].message, j.warnings[i].source);
    if (plot && (rc = job_plot(&j, plot, "Plasma concentration")))
        goto done;
    if (manifest && (rc = write_manifest(&j, manifest)))
        goto done;
    cli_out o;
    if ((rc = cli_out_open(&o, out)))
        goto done;
    if (fmt == CLI_FMT_CSV)
        job_write_csv(&j, o.fp);
    else if (fmt == CLI_FMT_JSON)
        job_write_json(&j, o.fp, 1);
    else
        job_write_summary(&j, o.fp);
    rc = cli_out_close(&o, !ferror(o.fp));
done:
    if (have_sc)
        cnsim_scenario_free(&sc);
    job_free(&j);
    return rc;
}
