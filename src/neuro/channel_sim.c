/* Exact stochastic simulation of one GABA-A receptor (Gillespie 1977,
 * J Phys Chem 81:2340): the dwell in a state is exponential with the
 * state's total exit rate, and the next state is drawn in proportion to
 * the individual rates. Being exact, it needs no time step; its counts
 * converge on the analytic values of channel.c. */
#include <math.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cnsim/channel.h"
#include "core_impl.h"

#define N CNSIM_CHANNEL_N_STATES
/* Stretches of the run for the batch-means standard error. */
#define N_BATCH 32

typedef struct {
    double out_rate[N];     /* total exit rate of each state, 1/s */
    double cum[N][N];       /* cumulative exit rates over targets */
    int target[N][N];
    int n_target[N];
} jump_table;

static void build_table(const double *q, jump_table *t)
{
    for (int i = 0; i < N; i++) {
        double c = 0;
        t->n_target[i] = 0;
        for (int j = 0; j < N; j++)
            if (j != i && q[i * N + j] > 0) {
                c += q[i * N + j];
                t->cum[i][t->n_target[i]] = c;
                t->target[i][t->n_target[i]++] = j;
            }
        t->out_rate[i] = c;
    }
}

static int next_state(const jump_table *t, int i, gsl_rng *rng)
{
    double u = gsl_rng_uniform(rng) * t->out_rate[i];
    int k = 0;
    while (k + 1 < t->n_target[i] && u >= t->cum[i][k])
        k++;
    return t->target[i][k];
}

cnsim_status cnsim_channel_simulate(const cnsim_channel_params *p,
                                    const cnsim_channel_opts *opts,
                                    cnsim_channel_stats *out)
{
    cnsim__clear_error();
    /* The analytic pass checks every input, gives the equilibrium the run
     * starts from, and the expected number of transitions for the cap. */
    cnsim_channel_stats eq;
    cnsim_status st = cnsim_channel_analytic(p, opts, &eq);
    if (st != CNSIM_OK)
        return st;
    memset(out, 0, sizeof *out);
    double T = opts->duration_s;
    if (!isfinite(T) || T <= 0)
        return cnsim__fail(CNSIM_E_RANGE, "duration %g s: expected a simulated time > 0", T);
    if (!(opts->max_events > 0))
        return cnsim__fail(CNSIM_E_RANGE, "max_events %g: expected a limit > 0", opts->max_events);
    double expected = eq.events_per_s * T;
    if (expected > opts->max_events)
        return cnsim__fail(CNSIM_E_RANGE,
                           "duration %g s: about %.3g transitions expected at %g uM GABA, above the limit of %.3g; shorten the duration",
                           T, expected, opts->gaba_uM, opts->max_events);
    double q[N * N];
    if ((st = cnsim_channel_generator(p, opts->gaba_uM, opts->bzd_occupancy, q)) != CNSIM_OK)
        return st;
    jump_table tab;
    build_table(q, &tab);
    cnsim__gsl_init();
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return cnsim__fail(CNSIM_E_NOMEM, "channel: no memory for the random number generator");
    gsl_rng_set(rng, opts->seed);

    /* Start at equilibrium so the open probability has no transient. */
    int s = N - 1;
    double u = gsl_rng_uniform(rng), c = 0;
    for (int i = 0; i < N; i++) {
        c += eq.occupancy[i];
        if (u < c) {
            s = i;
            break;
        }
    }
    double t_crit = opts->t_crit_ms * 1e-3;
    double time_in[N] = {0}, open_sum[2] = {0}, burst_sum = 0;
    size_t open_n[2] = {0}, n_events = 0, n_openings = 0, n_bursts = 0, n_open_di = 0, n_di_entries = 0;
    /* Completed openings per stretch of the run (by closing time), for the
     * standard error: successive openings are correlated (the doubly
     * liganded ones come in clusters), so the spread of single openings
     * would understate it; stretches much longer than a cluster are close
     * to independent. */
    double batch_sum[N_BATCH] = {0};
    size_t batch_n[N_BATCH] = {0};
    /* An opening in progress at t = 0 has an unknown start: it is neither
     * counted as an opening nor used for dwell times, and the burst it
     * belongs to is left out. */
    int opening_counted = 0, in_burst = cnsim_channel_state_is_open(s), burst_valid = 0;
    double t = 0, t_entered = 0, burst_start = 0, last_close = 0;
    for (;;) {
        double rate = tab.out_rate[s];
        double dwell = rate > 0 ? gsl_ran_exponential(rng, 1 / rate) : INFINITY;
        if (t + dwell >= T) {
            time_in[s] += T - t;
            break;
        }
        t += dwell;
        time_in[s] += dwell;
        int next = next_state(&tab, s, rng);
        n_events++;
        n_di_entries += s == CNSIM_CHANNEL_AR && next == CNSIM_CHANNEL_A2R;
        int was_open = cnsim_channel_state_is_open(s), is_open = cnsim_channel_state_is_open(next);
        if (was_open && !is_open) {
            if (opening_counted) {
                int k = s == CNSIM_CHANNEL_A2O;
                open_sum[k] += t - t_entered;
                open_n[k]++;
                size_t b = (size_t)(t / T * N_BATCH);
                b = b < N_BATCH ? b : N_BATCH - 1;
                batch_sum[b] += t - t_entered;
                batch_n[b]++;
            }
            last_close = t;
        } else if (!was_open && is_open) {
            n_openings++;
            n_open_di += next == CNSIM_CHANNEL_A2O;
            opening_counted = 1;
            t_entered = t;
            if (!in_burst || t - last_close >= t_crit) {
                if (in_burst && burst_valid) {
                    burst_sum += last_close - burst_start;
                    n_bursts++;
                }
                in_burst = burst_valid = 1;
                burst_start = t;
            }
        }
        s = next;
    }
    /* The last burst counts only if it is known to have ended. */
    if (in_burst && burst_valid && !cnsim_channel_state_is_open(s) && T - last_close >= t_crit) {
        burst_sum += last_close - burst_start;
        n_bursts++;
    }
    gsl_rng_free(rng);

    for (int i = 0; i < N; i++)
        out->occupancy[i] = time_in[i] / T;
    out->open_probability = out->occupancy[CNSIM_CHANNEL_AO] + out->occupancy[CNSIM_CHANNEL_A2O];
    out->opening_frequency_hz = n_openings / T;
    size_t n_complete = open_n[0] + open_n[1];
    out->mean_open_time_ms = n_complete ? 1e3 * (open_sum[0] + open_sum[1]) / n_complete : NAN;
    out->mean_open_time_mono_ms = open_n[0] ? 1e3 * open_sum[0] / open_n[0] : NAN;
    out->mean_open_time_di_ms = open_n[1] ? 1e3 * open_sum[1] / open_n[1] : NAN;
    out->mean_burst_ms = n_bursts ? 1e3 * burst_sum / n_bursts : NAN;
    out->burst_frequency_hz = n_bursts / T;
    out->events_per_s = n_events / T;
    /* Ratio estimator over the stretches (delta method):
     * var(S/N) = B/(B-1) sum_b (S_b - r N_b)^2 / (sum_b N_b)^2. */
    out->mean_open_time_se_ms = NAN;
    if (n_complete >= 2) {
        double r = (open_sum[0] + open_sum[1]) / n_complete, ss = 0;
        for (int b = 0; b < N_BATCH; b++) {
            double d = batch_sum[b] - r * batch_n[b];
            ss += d * d;
        }
        out->mean_open_time_se_ms = 1e3 * sqrt((double)N_BATCH / (N_BATCH - 1) * ss) / n_complete;
    }
    out->di_opening_fraction = n_openings ? (double)n_open_di / n_openings : NAN;
    out->di_entries_per_s = n_di_entries / T;
    out->n_openings_di = n_open_di;
    out->n_di_entries = n_di_entries;
    out->n_openings = n_openings;
    out->n_bursts = n_bursts;
    out->n_events = n_events;
    return CNSIM_OK;
}
