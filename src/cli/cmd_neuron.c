/* cnsim neuron: one conductance-based neuron under current injection and
 * GABA-A synaptic input, with benzodiazepine modulation. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <plplot.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "core_impl.h"
#include "cli.h"
#include "cnsim/neuron.h"

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
    double x = NAN;
    const char *end = cnsim_scan_number(text, &x); /* decimal only: no hex, inf or nan */
    if (!end || !isfinite(x))
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

typedef struct neuron_args {
    cnsim_neuron_params p;
    double occupancy;
    int has_modulation;
    uint64_t seed;
    cli_format fmt;
    const char *out, *plot;
} neuron_args;

/* A quantity in the units of opt->data, into the double at opt->off. */
static int opt_q(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    return parse_q(sp, v, opt->data, (double *)((char *)args + opt->off));
}

static int opt_model(const cli_opt *opt, const char *sp, const char *v, void *args)
{
    if (cnsim_neuron_model_parse(v, &((neuron_args *)args)->p.model) != CNSIM_OK)
        return cli_bad_input("%s: '%s' is not a neuron model; expected traub-miles (tm), wang-buzsaki (wb) or hh "
                             "(Hodgkin-Huxley 1952)", sp, v);
    return 0;
}

#define Q(nm, field, units, mv, eg_, text) \
    {.name = nm, .kind = CLI_OPT_CALL, .call = opt_q, .off = offsetof(neuron_args, field), .data = units, \
     .metavar = mv, .eg = eg_, .help = text}
static const cli_opt opts[] = {
    {.name = "--model", .kind = CLI_OPT_CALL, .call = opt_model, .metavar = "NAME", .eg = "traub-miles",
     .help = "traub-miles (default), wang-buzsaki or hh (Hodgkin & Huxley 1952 squid axon at 6.3 degC, as "
             "NEURON's hh)"},
    Q("--duration", p.duration_ms, u_time, "DUR", "1s", "biological time, e.g. 1s or 500ms (default 1 s)"),
    Q("--inject", p.inject_nA, u_current, "CURRENT", "0.5nA", "current step, e.g. 0.5nA or 200pA (default 0)"),
    Q("--inject-start", p.inject_start_ms, u_time, "T", "100ms", "start of the step (default: the run's start)"),
    Q("--inject-stop", p.inject_stop_ms, u_time, "T", "900ms", "end of the step (default: the run's end)"),
    Q("--g-gaba", p.g_gaba_nS, u_cond, "COND", "5nS", "GABA-A maximal conductance, e.g. 5nS (default 0)"),
    Q("--ipsp-rate", p.ipsp_rate_hz, u_rate, "RATE", "50Hz", "presynaptic inhibitory rate, e.g. 50Hz (default 0)"),
    {.name = "--gabaa-modulation", .kind = CLI_OPT_CALL, .call = opt_q, .off = offsetof(neuron_args, p.gabaa_modulation),
     .data = u_none, .given = CLI_AT(neuron_args, has_modulation), .metavar = "M", .eg = "1.5",
     .help = "opening-frequency multiplier on alpha (default 1 = no drug)"},
    Q("--bzd-occupancy", occupancy, u_none, "X", "0.8",
      "benzodiazepine-site occupancy 0..1: M = 1 + (Mmax - 1) X, Mmax from the registry (pd_system gabaa_mmax)"),
    Q("--gabaa-adaptation", p.gabaa_adaptation, u_none, "A", "0.4", "fraction of GABA-A function lost, 0..1 (default 0)"),
    Q("--g-tonic", p.g_tonic_nS, u_cond, "COND", "1nS",
      "tonic (extrasynaptic) GABA-A conductance without drug (default 0); ambient GABA binds by the same "
      "scheme, so it grows about in proportion to M"),
    Q("--gaba-ambient", p.ambient_gaba_uM, u_conc_uM, "CONC", "1uM", "ambient GABA for --g-tonic (default 1uM)"),
    Q("--gaba-pulse", p.pulse_mM, u_conc, "CONC", "0.1mM",
      "synaptic transmitter pulse (default 1mM: it nearly saturates the receptors, so M changes phasic IPSCs "
      "little; a sub-saturating pulse such as 0.1mM shows the larger effect)"),
    Q("--gaba-pulse-width", p.pulse_ms, u_time, "T", "1ms", "length of the pulse (default 1ms)"),
    Q("--g-exc", p.g_exc_nS, u_cond, "COND", "6nS", "excitatory conductance increment (6 nS as in N1; default 0)"),
    Q("--exc-rate", p.exc_rate_hz, u_rate, "RATE", "10Hz", "excitatory presynaptic rate (default 0)"),
    Q("--exc-tau", p.exc_tau_ms, u_time, "T", "5ms", "excitatory decay time (default 5ms)"),
    Q("--cl-in", p.cl_in_mM, u_conc, "CONC", "7mM", "intracellular chloride (default 7mM)"),
    Q("--cl-out", p.cl_out_mM, u_conc, "CONC", "130mM", "extracellular chloride (default 130mM)"),
    Q("--temperature", p.temperature_C, u_celsius, "C", "37", "for Nernst (default 37)"),
    Q("--e-cl", p.e_cl_mV, u_volt, "V", "-70mV", "overrides E_Cl from Nernst"),
    Q("--v0", p.v0_mV, u_volt, "V", "-65mV", "initial potential, gates at steady state (default -65mV)"),
    Q("--area", p.area_um2, u_area, "UM2", "20000um2", "membrane area (default 20000 um^2)"),
    Q("--threshold", p.threshold_mV, u_volt, "V", "-20mV", "spike detection threshold (default -20mV)"),
    Q("--dt", p.sample_ms, u_time, "T", "0.1ms", "output sampling step (default 0.1ms; not the solver step)"),
    Q("--rtol", p.rtol, u_none, "R", "1e-8", "CVODE relative tolerance, at most 1e-3 (default 1e-8)"),
    {.kind = CLI_OPT_SEED, .off = offsetof(neuron_args, seed), .help = "seed of the Poisson trains (default 1)"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(neuron_args, fmt),
     .help = "text summary (default), csv voltage trace, or json summary"},
    {.kind = CLI_OPT_OUT, .off = offsetof(neuron_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(neuron_args, plot), .help = "voltage trace figure (.png, .svg or .pdf)"},
};
#undef Q

static const cli_cmd cmd = {
    .name = "neuron",
    .usage = "[--model traub-miles|wang-buzsaki|hh] [--duration DUR]\n"
             "                    [--inject CURRENT [--inject-start T] [--inject-stop T]]\n"
             "                    [--g-gaba COND --ipsp-rate RATE] [--gabaa-modulation M | --bzd-occupancy X]\n"
             "                    [--gabaa-adaptation A] [--g-tonic COND [--gaba-ambient CONC]]\n"
             "                    [--gaba-pulse CONC] [--gaba-pulse-width T]\n"
             "                    [--g-exc COND --exc-rate RATE [--exc-tau T]]\n"
             "                    [--cl-in CONC] [--cl-out CONC] [--temperature C] [--e-cl V]\n"
             "                    [--v0 V] [--area UM2] [--threshold V] [--dt T] [--rtol R] [--seed N]\n"
             "                    [--format text|csv|json] [--out FILE] [--plot FILE.png]\n",
    .about =
        "Simulates one single-compartment neuron: Traub & Miles (1991) Na/K as in the\n"
        "COBAHH benchmark, the Wang & Buzsaki (1996) interneuron, or Hodgkin & Huxley (1952)\n"
        "(hh: squid axon kinetics at 6.3 C, as NEURON's hh), membrane area 20000 um^2.\n"
        "A kinetic GABA-A synapse (Destexhe, Mainen & Sejnowski 1994: 1 mM transmitter for\n"
        "1 ms per presynaptic spike, alpha 5 /mM/ms, beta 0.18 /ms) is driven by a Poisson\n"
        "train; a benzodiazepine multiplies the binding rate by M (the channel opens more\n"
        "often), and --gabaa-adaptation A removes a fraction A of GABA-A conductance\n"
        "(tolerance/withdrawal). E_Cl follows Nernst from [Cl-]i and [Cl-]o (7 and 130 mM at\n"
        "37 C: -78 mV). Optional excitatory Poisson input (exponential conductance, 0 mV).\n"
        "Integration: SUNDIALS CVODE (BDF, rtol 1e-8) with spikes as roots of V = -20 mV.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .notes = "Units: time ms|s|us, current nA|pA|uA, conductance nS|pS|uS, rate Hz|kHz,\n"
             "voltage mV|V, concentration mM|uM; a bare number takes the first unit.\n"
             "Currents are outward-positive: a positive i_cl_nA is chloride entering the cell.\n",
    .examples =
        "  cnsim neuron --model traub-miles --inject 0.5nA --duration 1s --format json\n"
        "  cnsim neuron --model wang-buzsaki --inject 0.5nA --gabaa-modulation 1.5 \\\n"
        "      --ipsp-rate 50Hz --g-gaba 5nS --seed 1 --format json\n"
        "  cnsim neuron --inject 0.3nA --ipsp-rate 100Hz --g-gaba 5nS --bzd-occupancy 0.8 --plot v.png\n",
    .formats = CLI_FMTS_TCJ,
};

/* White-background figure of V(t), threshold dashed, in the style of
 * docs (cnsim_plot_write draws concentration-time curves in hours from a
 * zero baseline, which does not fit a millisecond voltage trace). */
static int plot_trace(FILE *fp, const char *path, const cnsim_neuron_params *p, const cnsim_neuron_result *r)
{
    const char *dot = strrchr(path, '.');
    const char *dev = !dot ? NULL : !strcasecmp(dot, ".png") ? "pngcairo" : !strcasecmp(dot, ".svg") ? "svgcairo"
                    : !strcasecmp(dot, ".pdf") ? "pdfcairo" : NULL;
    if (!dev)
        return cli_bad_input("--plot: '%s' has no known picture extension; expected .png, .svg or .pdf", path);
    double vmin = -90, vmax = 50;
    for (size_t k = 0; k < r->n_samples; k++) {
        vmin = fmin(vmin, r->v_mV[k]);
        vmax = fmax(vmax, r->v_mV[k]);
    }
    cnsim__plot_lock();
    plsdev(dev);
    /* Into the stream cli_outs opened; the name "-" keeps plend() from
     * closing it (src/io/plot.c). */
    plsfnam("-");
    plsfile(fp);
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
    cnsim__plot_unlock();
    return 0;
}

/* The sampled trace: CSV columns and JSON "trace" arrays, same names. */
static const char *const trace_cols[] = {"t_ms", "v_mV", "i_cl_nA", "g_gaba_nS", "i_exc_nA", "i_inj_nA"};
#define N_TRACE_COLS (sizeof trace_cols / sizeof trace_cols[0])

static const double *trace_col(const cnsim_neuron_result *r, size_t c)
{
    const double *col[N_TRACE_COLS] = {r->t_ms, r->v_mV, r->i_cl_nA, r->g_gaba_nS, r->i_exc_nA, r->i_inj_nA};
    return col[c];
}

static int write_json(FILE *fp, const cnsim_neuron_params *p, const cnsim_neuron_result *r)
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
    json_object_set_new(root, "seed", cli_json_u64(p->seed));
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
    /* The trace the CSV holds, column for column. */
    json_t *cols = json_array(), *trace = json_object();
    for (size_t c = 0; c < N_TRACE_COLS; c++) {
        const double *v = trace_col(r, c);
        json_t *a = json_array();
        for (size_t k = 0; k < r->n_samples; k++)
            json_array_append_new(a, isfinite(v[k]) ? json_real(v[k]) : json_null());
        json_array_append_new(cols, json_string(trace_cols[c]));
        json_object_set_new(trace, trace_cols[c], a);
    }
    json_object_set_new(root, "columns", cols);
    json_object_set_new(root, "trace", trace);
    int rc = cli_json_write(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(10), "neuron");
    json_decref(root);
    return rc;
}

static void write_csv(FILE *fp, const cnsim_neuron_result *r)
{
    for (size_t c = 0; c < N_TRACE_COLS; c++)
        fprintf(fp, "%s%s", c ? "," : "", trace_cols[c]);
    fputc('\n', fp);
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
    neuron_args a = {.p = cnsim_neuron_params_default(), .occupancy = NAN, .fmt = CLI_FMT_TEXT};
    a.seed = a.p.seed;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    cnsim_neuron_params p = a.p;
    p.seed = (unsigned long)a.seed;
    double occupancy = a.occupancy;
    int has_modulation = a.has_modulation;
    if (!isnan(occupancy)) {
        if (has_modulation)
            return cli_bad_input("neuron: give --gabaa-modulation or --bzd-occupancy, not both");
        if (!(occupancy >= 0 && occupancy <= 1))
            return cli_bad_input("--bzd-occupancy: %g; expected a fraction from 0 to 1", occupancy);
        cnsim_registry *reg = NULL;
        cnsim_pd_system_params sys;
        cnsim_status st = cli_registry_open(NULL, &reg);
        if (st == CNSIM_OK)
            st = cnsim_registry_pd_system(reg, &sys);
        rc = st == CNSIM_OK ? 0 : cli_report(st, "registry");
        cnsim_registry_free(reg);
        if (rc)
            return rc;
        p.gabaa_modulation = 1 + (sys.gabaa_mmax - 1) * occupancy;
    }
    if (p.g_gaba_nS > 0 && p.ipsp_rate_hz == 0)
        fputs("cnsim: note: --g-gaba without --ipsp-rate: the synapse never opens\n", cli_stderr());
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out, *plot = NULL;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)) ||
        (a.plot && (rc = cli_outs_open_plot(&outs, a.plot, &plot))))
        return cli_outs_close(&outs, rc);
    cnsim_neuron_result *r = NULL;
    cnsim_status st = cnsim_neuron_run(&p, &r);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "neuron"));
    if (plot && (rc = plot_trace(plot, a.plot, &p, r))) {
        cnsim_neuron_result_free(r);
        return cli_outs_close(&outs, rc);
    }
    if (a.fmt == CLI_FMT_JSON)
        rc = write_json(out, &p, r);
    else if (a.fmt == CLI_FMT_CSV)
        write_csv(out, r);
    else
        write_text(out, &p, r);
    cnsim_neuron_result_free(r);
    return cli_outs_close(&outs, rc);
}
