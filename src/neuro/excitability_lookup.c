/* Interpolation of an excitability map (kept apart from the map's
 * computation so the patient layer does not link the network simulator). */
#include <math.h>

#include "cnsim/excitability.h"

static double lerp(const cnsim_excitability_point *m, size_t n, double x, size_t off)
{
#define F(i) (*(const double *)((const char *)&m[i] + off))
    if (x <= m[0].modulation)
        return F(0);
    if (x >= m[n - 1].modulation)
        return F(n - 1);
    size_t i = 0;
    while (i + 1 < n && m[i + 1].modulation < x)
        i++;
    double w = (x - m[i].modulation) / (m[i + 1].modulation - m[i].modulation);
    return F(i) + w * (F(i + 1) - F(i));
#undef F
}

void cnsim_excitability_lookup(const cnsim_excitability_point *map, size_t n,
                               double modulation, double *rate_hz,
                               double *susceptibility)
{
    if (n == 0) {
        *rate_hz = *susceptibility = NAN;
        return;
    }
    const size_t off = offsetof(cnsim_excitability_point, rate_hz);
    *rate_hz = lerp(map, n, modulation, off);
    /* How far the network is from its drug-free rate toward runaway
     * firing: 0 at or below the baseline rate (modulation 1), 1 at the rate
     * of the seizure-like point nearest baseline, linear in between. */
    double r0 = lerp(map, n, 1.0, off), rs = NAN;
    for (size_t i = n; i-- > 0;)
        if (map[i].seizure_like && map[i].modulation < 1) {
            rs = map[i].rate_hz;
            break;
        }
    double s = isnan(rs) || !(rs > r0) ? 0 : (*rate_hz - r0) / (rs - r0);
    *susceptibility = s < 0 ? 0 : s > 1 ? 1 : s;
}
