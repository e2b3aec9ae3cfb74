/* cnsim neuron: one conductance-based neuron under current injection and
 * GABA-A synaptic input, with benzodiazepine modulation. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <plplot.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "cnsim/neuron.h"

static const char help[] =
    "usage: cnsim neuron [--model traub-miles|wang-buzsaki] [--duration DUR]\n"
    "                    [--inject CURRENT [--inject-start T] [--inject-stop T]]\n"
    "                    [--g-gaba COND --ipsp-rate RATE] [--gabaa-modulation M | --bzd-occupancy X]\n"
    "                    [--gabaa-adaptation A] [--g-tonic COND [--gaba-ambient CONC]]\n"
    "                    [--gaba-pulse CONC] [--gaba-pulse-width T]\n"
    "                    [--g-exc COND --exc-rate RATE [--exc-tau T]]\n"
    "                    [--cl-in CONC] [--cl-out CONC] [--temperature C] [--e-cl V]\n"
    "                    [--v0 V] [--area UM2] [--threshold V] [--dt T] [--rtol R] [--seed N]\n"
    "                    [--format text|csv|json] [--out FILE] [--plot FILE.png]\n"
    "\n"
    "Simulates one single-compartment neuron: Traub & Miles (1991) Na/K as in the\n"
    "COBAHH benchmark, or the Wang & Buzsaki (1996) interneuron, membrane area 20000 um^2.\n"
    "A kinetic GABA-A synapse (Destexhe, Mainen & Sejnowski 1994: 1 mM transmitter for\n"
    "1 ms per presynaptic spike, alpha 5 /mM/ms, beta 0.18 /ms) is driven by a Poisson\n"
    "train; a benzodiazepine multiplies the binding rate by M (the channel opens more\n"
    "often), and --gabaa-adaptation A removes a fraction A of GABA-A conductance\n"
    "(tolerance/withdrawal). E_Cl follows Nernst from [Cl-]i and [Cl-]o (7 and 130 mM at\n"
    "37 C: -78 mV). Optional excitatory Poisson input (exponential conductance, 0 mV).\n"
    "Integration: SUNDIALS CVODE (BDF, rtol 1e-8) with spikes as roots of V = -20 mV.\n"
    "\n"
    "  --model NAME          traub-miles (default) or wang-buzsaki\n"
    "  --duration DUR        biological time, e.g. 1s or 500ms (default 1 s)\n"
    "  --inject CURRENT      current step, e.g. 0.5nA or 200pA (default 0)\n"
    "  --inject-start T, --inject-stop T   step edges (default: the whole run)\n"
    "  --g-gaba COND         GABA-A maximal conductance, e.g. 5nS (default 0)\n"
    "  --ipsp-rate RATE      presynaptic inhibitory rate, e.g. 50Hz (default 0)\n"
    "  --gabaa-modulation M  opening-frequency multiplier on alpha (default 1 = no drug)\n"
    "  --bzd-occupancy X     benzodiazepine-site occupancy 0..1: M = 1 + (Mmax - 1) X,\n"
    "                        Mmax from the registry (pd_system gabaa_mmax)\n"
    "  --gabaa-adaptation A  fraction of GABA-A function lost, 0..1 (default 0)\n"
    "  --g-tonic COND        tonic (extrasynaptic) GABA-A conductance without drug (default 0);\n"
    "                        ambient GABA (--gaba-ambient, default 1uM) binds by the same scheme,\n"
    "                        so it grows about in proportion to M\n"
    "  --gaba-pulse CONC, --gaba-pulse-width T   synaptic transmitter pulse (default 1mM, 1ms;\n"
    "                        this pulse nearly saturates the receptors, so M changes phasic IPSCs\n"
    "                        little; a sub-saturating pulse such as 0.1mM shows the larger effect)\n"
    "  --g-exc COND, --exc-rate RATE, --exc-tau T   excitatory input (6 nS, 5 ms as in N1)\n"
    "  --cl-in, --cl-out CONC   chloride concentrations (default 7mM, 130mM)\n"
    "  --temperature C       for Nernst (default 37); --e-cl V overrides E_Cl\n"
    "  --v0 V                initial potential, gates at steady state (default -65mV)\n"
    "  --dt T                output sampling step (default 0.1ms; not the solver step)\n"
    "  --rtol R              CVODE relative tolerance, at most 1e-3 (default 1e-8)\n"
    "  --seed N              seed of the Poisson trains (default 1)\n"
    "  --format FMT          text summary (default), csv voltage trace, or json summary\n"
    "  --out FILE            write there (atomically) instead of stdout\n"
    "  --plot FILE           voltage trace figure (.png, .svg or .pdf)\n"
    "\n"
    "Units: time ms|s|us, current nA|pA|uA, conductance nS|pS|uS, rate Hz|kHz,\n"
    "voltage mV|V, concentration mM|uM; a bare number takes the first unit.\n"
    "Currents are outward-positive: a positive i_cl_nA is chloride entering the cell.\n"
    "\n"
    "examples:\n"
    "  cnsim neuron --model traub-miles --inject 0.5nA --duration 1s --format json\n"
    "  cnsim neuron --model wang-buzsaki --inject 0.5nA --gabaa-modulation 1.5 \\\n"
    "      --ipsp-rate 50Hz --g-gaba 5nS --seed 1 --format json\n"
    "  cnsim neuron --inject 0.3nA --ipsp-rate 100Hz --g-gaba 5nS --bzd-occupancy 0.8 --plot v.png\n";

typedef struct unit { const char *sfx; double factor; } unit;
static const unit u_time[] = {{"ms", 1}, {"s", 1e3}, {"us", 1e-3}, {NULL, 0}};
static const unit u_current[] = {{"nA", 1}, {"pA", 1e-3}, {"uA", 1e3}, {NULL, 0}};
static const unit u_cond[] = {{"nS", 1}, {"pS", 1e-3}, {"uS", 1e3}, {NULL, 0}};
static const unit u_rate[] = {{"Hz", 1}, {"kHz", 1e3}, {NULL, 0}};
static const unit u_volt[] = {{"mV", 1}, {"V", 1e3}, {NULL, 0}};
static const unit u_conc[] = {{"mM", 1}, {"uM", 1e-3}, {NULL, 0}};
static const unit u_conc_uM[] = {{"uM", 1}, {"nM", 1e-3}, {"mM", 1e3}, {NULL, 0}};
static const unit u_none[] = {{"", 1}, {NULL, 0}};
static const unit u_celsius[] = {{"C", 1}, {NULL, 0}};
static const unit u_area[] = {{"um2", 1}, {"um^2", 1}, {NULL, 0}};

/* Parses "<number>[ ]<unit>" into the first unit of the table; a bare
 * number is taken in that unit. Returns 0 or an exit code. */
static int parse_q(const char *opt, const char *text, const unit *units, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(text, &end);
    if (end == text || errno == ERANGE || !isfinite(x))
        return cli_bad_input("%s: '%s' is not a number with a unit; expected e.g. 1%s", opt, text, units[0].sfx);
    while (*end == ' ')
        end++;
    if (*end == '\0') {
        *out = x;
        return 0;
    }
    for (const unit *u = units; u->sfx; u++)
        if (*u->sfx && !strcmp(end, u->sfx)) {
            *out = x * u->factor;
            return 0;
        }
    char list[64] = "";
    for (const unit *u = units; u->sfx; u++)
        if (*u->sfx) {
            strncat(list, *list ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, u->sfx, sizeof list - strlen(list) - 1);
        }
    return cli_bad_input("%s: unit '%s' in '%s' is not known here; expected %s", opt, end, text,
                         *list ? list : "a plain number");
}

/* White-background figure of V(t), threshold dashed, in the style of
 * docs (cnsim_plot_write draws concentration-time curves in hours from a
 * zero baseline, which does not fit a millisecond voltage trace). */
static int plot_trace(const char *path, const cnsim_neuron_params *p, const cnsim_neuron_result *r)
{
    const char *dot = strrchr(path, '.');
    const char *dev = !dot ? NULL : !strcasecmp(dot, ".png") ? "pngcairo" : !strcasecmp(dot, ".svg") ? "svgcairo"
                    : !strcasecmp(dot, ".pdf") ? "pdfcairo" : NULL;
    if (!dev)
        return cli_bad_input("--plot: '%s' has no known picture extension; expected .png, .svg or .pdf", path);
    size_t n_tmp = strlen(path) + 32;
    char *tmp = malloc(n_tmp);
    if (!tmp)
        return CLI_FAIL;
    snprintf(tmp, n_tmp, "%s.tmp%ld%s", path, (long)getpid(), dot);
    FILE *probe = fopen(tmp, "wb");
    if (!probe) {
        fprintf(stderr, "cnsim: --plot: cannot write '%s'\n", path);
        free(tmp);
        return CLI_FAIL;
    }
    fclose(probe);
    double vmin = -90, vmax = 50;
    for (size_t k = 0; k < r->n_samples; k++) {
        vmin = fmin(vmin, r->v_mV[k]);
        vmax = fmax(vmax, r->v_mV[k]);
    }
    plsdev(dev);
    plsfnam(tmp);
    plsetopt("geometry", "1100x650");
    plscol0(0, 255, 255, 255);
    plscol0(1, 0, 0, 0);
    plscol0(2, 0, 114, 178);     /* Okabe & Ito blue */
    plscol0(3, 213, 94, 0);      /* vermillion */
    plscol0(4, 220, 220, 220);
    plfontld(1);
    plinit();
    pladv(0);
    plschr(0, 0.9);
    plvpor(0.09, 0.74, 0.17, 0.85);
    plwind(0, p->duration_ms, vmin - 5, vmax + 5);
    plcol0(4);
    plwidth(0.5);
    plbox("g", 0, 0, "g", 0, 0);
    plcol0(1);
    plwidth(1.0);
    plbox("bcnst", 0, 0, "bcnstv", 0, 0);
    char title[160];
    snprintf(title, sizeof title, "%s neuron: %zu spikes, %.1f Hz, GABA-A modulation x%.2f",
             cnsim_neuron_model_name(p->model), r->n_spikes, r->firing_rate_hz, r->modulation);
    pllab("time (ms)", "membrane potential (mV)", title);
    plcol0(2);
    plwidth(1.2);
    plline((PLINT)r->n_samples, r->t_ms, r->v_mV);
    double tx[2] = {0, p->duration_ms}, ty[2] = {p->threshold_mV, p->threshold_mV};
    plcol0(3);
    pllsty(2);
    plline(2, tx, ty);
    pllsty(1);
    PLINT opt[2] = {PL_LEGEND_LINE, PL_LEGEND_LINE}, tcol[2] = {1, 1}, lcol[2] = {2, 3}, lsty[2] = {1, 2};
    PLFLT lw[2] = {1.2, 1.0};
    const char *text[2] = {"V", "spike threshold"};
    PLFLT lx, ly;
    plcol0(1);
    pllegend(&lx, &ly, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             PL_POSITION_RIGHT | PL_POSITION_TOP | PL_POSITION_OUTSIDE,
             0.02, 0, 0.08, 0, 1, 1, 0, 0, 2, opt, 0.8, 0.7, 2.0, 0.0, tcol, text, NULL, NULL, NULL, NULL,
             lcol, lsty, lw, NULL, NULL, NULL, NULL);
    plschr(0, 0.7);
    plmtex("b", 6.6, 0.0, 0.0, "cnsim: research and teaching simulator, not a prescribing tool");
    plend();
    int rc = rename(tmp, path) == 0 ? 0 : CLI_FAIL;
    if (rc) {
        fprintf(stderr, "cnsim: --plot: cannot write '%s'\n", path);
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

static void write_json(FILE *fp, const cnsim_neuron_params *p, const cnsim_neuron_result *r)
{
    json_t *root = json_object(), *sp = json_array();
    json_object_set_new(root, "model", json_string(cnsim_neuron_model_name(p->model)));
    json_object_set_new(root, "duration_ms", json_real(p->duration_ms));
    json_object_set_new(root, "inject_nA", json_real(p->inject_nA));
    json_object_set_new(root, "g_gaba_nS", json_real(p->g_gaba_nS));
    json_object_set_new(root, "ipsp_rate_hz", json_real(p->ipsp_rate_hz));
    json_object_set_new(root, "gabaa_modulation", json_real(r->modulation));
    json_object_set_new(root, "gabaa_adaptation", json_real(p->gabaa_adaptation));
    json_object_set_new(root, "e_cl_mV", json_real(r->e_cl_mV));
    json_object_set_new(root, "g_tonic_nS", json_real(p->g_tonic_nS));
    json_object_set_new(root, "g_tonic_effective_nS", json_real(r->g_tonic_eff_nS));
    json_object_set_new(root, "seed", json_integer((json_int_t)p->seed));
    json_object_set_new(root, "n_ipsp_events", json_integer((json_int_t)r->n_ipsp_events));
    json_object_set_new(root, "n_epsp_events", json_integer((json_int_t)r->n_epsp_events));
    json_object_set_new(root, "n_spikes", json_integer((json_int_t)r->n_spikes));
    json_object_set_new(root, "firing_rate_hz", json_real(r->firing_rate_hz));
    json_object_set_new(root, "mean_v_mV", json_real(r->mean_v_mV));
    json_object_set_new(root, "cl_charge_nC", json_real(r->cl_charge_nC));
    json_object_set_new(root, "solver_steps", json_integer(r->n_steps));
    for (size_t i = 0; i < r->n_spikes; i++)
        json_array_append_new(sp, json_real(r->spike_times_ms[i]));
    json_object_set_new(root, "spike_times_ms", sp);
    json_dumpf(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    fputc('\n', fp);
    json_decref(root);
}

static void write_csv(FILE *fp, const cnsim_neuron_result *r)
{
    fputs("t_ms,v_mV,i_cl_nA,g_gaba_nS,i_exc_nA,i_inj_nA\n", fp);
    for (size_t k = 0; k < r->n_samples; k++)
        fprintf(fp, "%.6g,%.9g,%.9g,%.9g,%.9g,%.9g\n", r->t_ms[k], r->v_mV[k], r->i_cl_nA[k],
                r->g_gaba_nS[k], r->i_exc_nA[k], r->i_inj_nA[k]);
}

static void write_text(FILE *fp, const cnsim_neuron_params *p, const cnsim_neuron_result *r)
{
    fprintf(fp, "%s neuron, %g ms; inject %g nA; GABA-A %g nS at %g Hz, modulation x%.3g, adaptation %.3g\n",
            cnsim_neuron_model_name(p->model), p->duration_ms, p->inject_nA, p->g_gaba_nS, p->ipsp_rate_hz,
            r->modulation, p->gabaa_adaptation);
    fprintf(fp, "  E_Cl            %8.2f mV\n", r->e_cl_mV);
    if (p->g_tonic_nS > 0)
        fprintf(fp, "  tonic GABA-A    %8.3f nS\n", r->g_tonic_eff_nS);
    fprintf(fp, "  spikes          %8zu\n", r->n_spikes);
    fprintf(fp, "  firing rate     %8.2f Hz\n", r->firing_rate_hz);
    fprintf(fp, "  mean V          %8.2f mV\n", r->mean_v_mV);
    fprintf(fp, "  chloride charge %8.4f nC (outward current = chloride influx)\n", r->cl_charge_nC);
    fprintf(fp, "  inputs          %zu inhibitory, %zu excitatory presynaptic spikes\n", r->n_ipsp_events, r->n_epsp_events);
}

int cli_neuron(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    cnsim_neuron_params p = cnsim_neuron_params_default();
    cli_format fmt = CLI_FMT_TEXT;
    const char *out = NULL, *plot = NULL;
    double occupancy = NAN;
    int has_modulation = 0, rc = 0;
    struct { const char *name; const unit *units; double *dst; } qopts[] = {
        {"--duration", u_time, &p.duration_ms},
        {"--inject", u_current, &p.inject_nA},
        {"--inject-start", u_time, &p.inject_start_ms},
        {"--inject-stop", u_time, &p.inject_stop_ms},
        {"--g-gaba", u_cond, &p.g_gaba_nS},
        {"--ipsp-rate", u_rate, &p.ipsp_rate_hz},
        {"--gabaa-modulation", u_none, &p.gabaa_modulation},
        {"--bzd-occupancy", u_none, &occupancy},
        {"--gabaa-adaptation", u_none, &p.gabaa_adaptation},
        {"--g-tonic", u_cond, &p.g_tonic_nS},
        {"--gaba-ambient", u_conc_uM, &p.ambient_gaba_uM},
        {"--gaba-pulse", u_conc, &p.pulse_mM},
        {"--gaba-pulse-width", u_time, &p.pulse_ms},
        {"--g-exc", u_cond, &p.g_exc_nS},
        {"--exc-rate", u_rate, &p.exc_rate_hz},
        {"--exc-tau", u_time, &p.exc_tau_ms},
        {"--cl-in", u_conc, &p.cl_in_mM},
        {"--cl-out", u_conc, &p.cl_out_mM},
        {"--temperature", u_celsius, &p.temperature_C},
        {"--e-cl", u_volt, &p.e_cl_mV},
        {"--v0", u_volt, &p.v0_mV},
        {"--area", u_area, &p.area_um2},
        {"--threshold", u_volt, &p.threshold_mV},
        {"--dt", u_time, &p.sample_ms},
        {"--rtol", u_none, &p.rtol},
    };
    for (int i = 1; i < argc && !rc; i++) {
        const char *a = argv[i];
        if (i + 1 >= argc)
            return cli_bad_input("%s: missing value (see cnsim neuron --help)", a);
        const char *v = argv[++i];
        size_t q;
        for (q = 0; q < sizeof qopts / sizeof qopts[0]; q++)
            if (!strcmp(a, qopts[q].name))
                break;
        if (q < sizeof qopts / sizeof qopts[0]) {
            rc = parse_q(a, v, qopts[q].units, qopts[q].dst);
            has_modulation |= !strcmp(a, "--gabaa-modulation");
        } else if (!strcmp(a, "--model")) {
            if (cnsim_neuron_model_parse(v, &p.model) != CNSIM_OK)
                return cli_bad_input("--model: '%s' is not a neuron model; expected traub-miles or wang-buzsaki", v);
        } else if (!strcmp(a, "--seed")) {
            char *end;
            errno = 0;
            unsigned long long s = strtoull(v, &end, 10);
            if (*v == '-' || end == v || *end || errno)
                return cli_bad_input("--seed: '%s' is not a non-negative integer", v);
            p.seed = (unsigned long)s;
        } else if (!strcmp(a, "--format"))
            rc = cli_parse_format(v, &fmt);
        else if (!strcmp(a, "--out"))
            out = v;
        else if (!strcmp(a, "--plot"))
            plot = v;
        else
            return cli_bad_input("neuron: unknown option '%s' (see cnsim neuron --help)", a);
    }
    if (rc)
        return rc;
    if (!isnan(occupancy)) {
        if (has_modulation)
            return cli_bad_input("neuron: give --gabaa-modulation or --bzd-occupancy, not both");
        if (!(occupancy >= 0 && occupancy <= 1))
            return cli_bad_input("--bzd-occupancy: %g; expected a fraction from 0 to 1", occupancy);
        cnsim_registry *reg = NULL;
        cnsim_pd_system_params sys;
        cnsim_status st = cnsim_registry_open(NULL, &reg);
        if (st == CNSIM_OK)
            st = cnsim_registry_pd_system(reg, &sys);
        cnsim_registry_free(reg);
        if (st != CNSIM_OK)
            return cli_report(st, "registry");
        p.gabaa_modulation = 1 + (sys.gabaa_mmax - 1) * occupancy;
    }
    if (p.g_gaba_nS > 0 && p.ipsp_rate_hz == 0)
        fputs("cnsim: note: --g-gaba without --ipsp-rate: the synapse never opens\n", stderr);
    cnsim_neuron_result *r = NULL;
    cnsim_status st = cnsim_neuron_run(&p, &r);
    if (st != CNSIM_OK)
        return cli_report(st, "neuron");
    if (plot && (rc = plot_trace(plot, &p, r))) {
        cnsim_neuron_result_free(r);
        return rc;
    }
    cli_out o;
    if ((rc = cli_out_open(&o, out))) {
        cnsim_neuron_result_free(r);
        return rc;
    }
    if (fmt == CLI_FMT_JSON)
        write_json(o.fp, &p, r);
    else if (fmt == CLI_FMT_CSV)
        write_csv(o.fp, r);
    else
        write_text(o.fp, &p, r);
    cnsim_neuron_result_free(r);
    return cli_out_close(&o, !ferror(o.fp));
}
