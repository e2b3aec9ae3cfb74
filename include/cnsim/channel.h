/* cnsim channel: one GABA-A receptor, simulated exactly and solved
 * analytically from a published kinetic scheme.
 *
 * Scheme (Jones & Westbrook 1995, Neuron 15:181; rates of the "JW1" coding
 * of it, see shared/reference/pharmacology-parameters.md section 5):
 *
 *               2 kon[A]        kon[A]
 *            R <=======> AR <========> A2R
 *                koff    ||  \   2 koff  ||  \
 *                   200  || 1111  13   2500 || 142  875
 *                        AO      AD  0.13     A2O     A2D  20
 *
 * Two sequential binding steps (kon per site, koff per site), an opening
 * from the mono-liganded (AR -> AO) and from the doubly liganded state
 * (A2R -> A2O), and a desensitised state beside each bound closed state.
 * The two open states are not connected to each other.
 *
 * Benzodiazepine-site occupancy acts through one of two mechanisms, each
 * weighted linearly between no drug and a saturated site:
 *   gating (default): both opening rates of the liganded closed states,
 *     AR -> AO and A2R -> A2O, are multiplied by the same factor
 *         f = 1 + (bzd_gating_factor - 1) * occupancy,   bzd_gating_factor 2,
 *     the pre-activation/gating reading of benzodiazepine action (Rusch &
 *     Forman 2005, Anesthesiology 102:783; Gielen, Lumb & Smart 2012,
 *     J Neurosci 32:5707). Closing rates are unchanged, and because the
 *     scheme has no cycles p(A2R)/p(AR) does not depend on the opening
 *     rates, so the entry-weighted mix of AO and A2O openings, and with it
 *     the mean open time, is exactly unchanged at every GABA concentration.
 *   binding: the GABA binding rate is scaled,
 *         kon_eff = kon * (1 + (bzd_kon_factor - 1) * occupancy),
 *     the raised-affinity reading (Lavoie & Twyman 1996, Neuropharmacology
 *     35:1383). This shifts openings towards the long-lived A2O state at
 *     micromolar GABA, so the mean open time rises there (+41% at 1 uM,
 *     occupancy 0.8).
 * Single-channel work shows that benzodiazepines raise opening frequency,
 * not open time or conductance (Study & Barker 1981, PNAS 78:7180; Rogers,
 * Twyman & Macdonald 1994, J Physiol 475:69). Open-state exit rates and the
 * unitary conductance are never changed. Units: concentrations in uM, times
 * in s or ms as named, rates in 1/s. */
#ifndef CNSIM_CHANNEL_H
#define CNSIM_CHANNEL_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

/* States of the scheme, in the order used by the generator matrix. */
typedef enum {
    CNSIM_CHANNEL_R,    /* unbound, closed */
    CNSIM_CHANNEL_AR,   /* one GABA bound, closed */
    CNSIM_CHANNEL_A2R,  /* two GABA bound, closed */
    CNSIM_CHANNEL_AO,   /* one GABA bound, open */
    CNSIM_CHANNEL_A2O,  /* two GABA bound, open */
    CNSIM_CHANNEL_AD,   /* one GABA bound, desensitised */
    CNSIM_CHANNEL_A2D,  /* two GABA bound, desensitised */
    CNSIM_CHANNEL_N_STATES
} cnsim_channel_state;

/* True for AO and A2O. */
int cnsim_channel_state_is_open(int state);

/* Short name of a state ("R", "AR", ...); "?" when out of range. */
const char *cnsim_channel_state_name(int state);

/* How benzodiazepine-site occupancy acts on the scheme (see above). */
typedef enum {
    CNSIM_CHANNEL_BZD_GATING = 0, /* default: opening rates AR->AO, A2R->A2O x f */
    CNSIM_CHANNEL_BZD_BINDING = 1 /* GABA binding rate kon x f */
} cnsim_channel_mechanism;

/* "gating" or "binding"; "?" when out of range. */
const char *cnsim_channel_mechanism_name(int mechanism);

/* Parses "gating" or "binding"; CNSIM_E_PARSE naming field otherwise. */
cnsim_status cnsim_channel_parse_mechanism(const char *text, const char *field,
                                           cnsim_channel_mechanism *out);

typedef struct cnsim_channel_params {
    double kon_per_M_per_s;        /* 3e6: GABA binding, per free site */
    double koff_per_s;             /* 150: GABA unbinding, per bound site */
    double open_mono_per_s;        /* 200: AR -> AO */
    double close_mono_per_s;       /* 1111: AO -> AR */
    double open_di_per_s;          /* 2500: A2R -> A2O */
    double close_di_per_s;         /* 142: A2O -> A2R */
    double desens_mono_per_s;      /* 13: AR -> AD */
    double resens_mono_per_s;      /* 0.13: AD -> AR */
    double desens_di_per_s;        /* 875: A2R -> A2D */
    double resens_di_per_s;        /* 20: A2D -> A2R */
    cnsim_channel_mechanism bzd_mechanism; /* CNSIM_CHANNEL_BZD_GATING */
    double bzd_gating_factor;      /* 2: opening-rate multiplier at full occupancy
                                      (gating mechanism): diazepam about doubles the
                                      opening frequency at low GABA (Rogers, Twyman &
                                      Macdonald 1994); maximal potentiation at EC20
                                      GABA +103 to +135% (Dawson et al. 2006) */
    double bzd_kon_factor;         /* 2.5: kon multiplier at full benzodiazepine-site
                                      occupancy (binding mechanism; the ~2.5-fold GABA
                                      EC50 shift with 1 uM diazepam, Neuroreport
                                      1999;10:817) */
    double unitary_conductance_pS; /* 27: main conductance state, 27-30 pS
                                      (Macdonald, Rogers & Twyman 1989, J Physiol
                                      410:479); not changed by benzodiazepines */
} cnsim_channel_params;

/* The Jones & Westbrook 1995 (JW1) rates above. */
cnsim_channel_params cnsim_channel_params_default(void);

/* The factor the active mechanism applies at bzd_occupancy (0..1):
 * 1 + (bzd_gating_factor - 1) * occupancy for gating,
 * 1 + (bzd_kon_factor - 1) * occupancy for binding. */
double cnsim_channel_bzd_factor(const cnsim_channel_params *p, double bzd_occupancy);

/* Fills q (CNSIM_CHANNEL_N_STATES^2 doubles, row-major, q[i*N+j] = rate
 * i -> j in 1/s, diagonal = minus the row's exit rate) for GABA gaba_uM
 * (>= 0) and benzodiazepine-site occupancy bzd_occupancy (0..1).
 * Returns CNSIM_E_RANGE naming the value when an input is out of range. */
cnsim_status cnsim_channel_generator(const cnsim_channel_params *p, double gaba_uM,
                                     double bzd_occupancy, double *q);

/* Single-channel statistics, simulated or analytic. Means over openings or
 * bursts (mean open times, mean burst) are NaN where there are none (zero
 * GABA, or no opening to that state): undefined, not zero. Frequencies and
 * probabilities are then exactly +0. */
typedef struct cnsim_channel_stats {
    double opening_frequency_hz;   /* openings (closed -> open transitions) per s */
    double mean_open_time_ms;      /* mean duration of one opening */
    double mean_open_time_mono_ms; /* ... of openings to AO */
    double mean_open_time_di_ms;   /* ... of openings to A2O */
    double open_probability;       /* fraction of time open */
    double mean_burst_ms;          /* first opening to last closing of a burst */
    double burst_frequency_hz;     /* bursts per s */
    double occupancy[CNSIM_CHANNEL_N_STATES]; /* time fraction in each state */
    double events_per_s;           /* transitions per s (all kinds) */
    size_t n_openings;             /* simulated only: openings counted */
    size_t n_bursts;               /* simulated only: complete bursts */
    size_t n_events;               /* simulated only: transitions */
    /* Doubly liganded openings (A2O, 7 ms) are rare and come in clusters:
     * one entry AR -> A2R is followed by a run of A2R <-> A2O and A2R <->
     * A2D sojourns (about 15 openings at the JW1 rates) before GABA
     * unbinds. A run's mean open time therefore depends on how many such
     * clusters it caught, not only on its number of openings: at 1 uM GABA
     * a minute holds one or two. */
    double di_opening_fraction;    /* share of openings that are to A2O */
    double di_entries_per_s;       /* AR -> A2R transitions per s (clusters) */
    double mean_open_time_se_ms;   /* simulated only: standard error of
                                      mean_open_time_ms by batch means (32
                                      equal stretches of the run, ratio
                                      estimator); NaN for analytic values or
                                      fewer than 2 completed openings */
    size_t n_openings_di;          /* simulated only: openings to A2O */
    size_t n_di_entries;           /* simulated only: AR -> A2R transitions */
} cnsim_channel_stats;

/* Options of a run. */
typedef struct cnsim_channel_opts {
    double gaba_uM;        /* 1: GABA concentration, >= 0, at most 1e5 (100 mM) */
    double bzd_occupancy;  /* 0: benzodiazepine-site occupancy, 0..1 */
    double duration_s;     /* 3600: simulated time, > 0; an hour holds about
                              80 clusters of doubly liganded openings at 1 uM
                              GABA, enough for a mean open time within about
                              10% (a minute holds one or two) */
    double t_crit_ms;      /* 5: closed gaps shorter than this join openings into
                              one burst (Colquhoun & Hawkes 1982, Phil Trans R Soc
                              B 300:1; bursts of GABA-A channels, Twyman, Rogers &
                              Macdonald 1990, J Physiol 423:193) */
    unsigned long seed;    /* 1: seed of the gsl_rng_mt19937 stream */
    double max_events;     /* 1e8: refuse runs expected to need more transitions */
} cnsim_channel_opts;

cnsim_channel_opts cnsim_channel_opts_default(void);

/* Analytic statistics of the scheme at opts->gaba_uM and
 * opts->bzd_occupancy (duration and seed unused): equilibrium occupancies
 * from the null space of Q, opening frequency as the equilibrium flux
 * into the open states, mean open time weighted by entry into each open
 * state, and mean burst length for the t_crit definition from the
 * closed-time distributions (Colquhoun & Hawkes 1982). Returns
 * CNSIM_E_RANGE for out-of-range inputs. */
cnsim_status cnsim_channel_analytic(const cnsim_channel_params *p,
                                    const cnsim_channel_opts *opts,
                                    cnsim_channel_stats *out);

/* Simulates one channel exactly (Gillespie: exponential dwell times and
 * the next state drawn from the exit rates, gsl_rng_mt19937 seeded with
 * opts->seed) for opts->duration_s, starting from a state drawn from the
 * equilibrium, and fills out. The same seed gives identical results.
 * Returns CNSIM_E_RANGE for out-of-range inputs or a run expected to need
 * more than opts->max_events transitions, CNSIM_E_NOMEM when the
 * generator cannot be allocated. */
cnsim_status cnsim_channel_simulate(const cnsim_channel_params *p,
                                    const cnsim_channel_opts *opts,
                                    cnsim_channel_stats *out);

/* Parses a concentration "1uM", "500 nM", "1mM" (also "µM") into uM.
 * CNSIM_E_PARSE naming field when malformed or the unit is unknown,
 * CNSIM_E_RANGE when negative. */
cnsim_status cnsim_channel_parse_conc_uM(const char *text, const char *field,
                                         double *out_uM);

/* Parses a cell-scale duration "60s", "500ms", "2min" into seconds, in the
 * vocabulary of cnsim/units.h (any time unit, long or short; a unit is
 * required). CNSIM_E_PARSE when malformed or the unit is unknown,
 * CNSIM_E_RANGE when not positive. */
cnsim_status cnsim_channel_parse_duration_s(const char *text, const char *field,
                                            double *out_s);

CNSIM_END_DECLS
#endif
