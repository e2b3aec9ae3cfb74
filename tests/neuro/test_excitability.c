/* The excitability map: interpolation, the susceptibility scale, and the
 * built-in map reproduced by the network simulator. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include "cnsim/cnsim.h"
#include "cnsim/excitability.h"

static void test_lookup_interpolates_and_clamps(void **state)
{
    (void)state;
    cnsim_excitability_point m[4] = {
        {.modulation = 0.4, .rate_hz = 110, .seizure_like = 1},
        {.modulation = 0.6, .rate_hz = 70},
        {.modulation = 1.0, .rate_hz = 36},
        {.modulation = 2.0, .rate_hz = 20},
    };
    double r, s;
    cnsim_excitability_lookup(m, 4, 1.5, &r, &s);
    assert_true(fabs(r - 28) < 1e-12 && s == 0);
    cnsim_excitability_lookup(m, 4, 0.5, &r, &s);
    assert_true(fabs(r - 90) < 1e-12);
    assert_true(fabs(s - (90 - 36) / (110.0 - 36)) < 1e-12);
    cnsim_excitability_lookup(m, 4, 0.1, &r, &s);
    assert_true(r == 110 && s == 1);
    cnsim_excitability_lookup(m, 4, 5, &r, &s);
    assert_true(r == 20 && s == 0);
    m[0].seizure_like = 0; /* no seizure-like point: no susceptibility scale */
    cnsim_excitability_lookup(m, 4, 0.5, &r, &s);
    assert_true(s == 0);
}

/* The registry's map came from `cnsim excitability-map` (COBAHH, seed 1,
 * 1 s): re-running a point gives the stored numbers. Spikes are
 * deterministic on one machine (stored to 6 significant digits), but the
 * neuron update has AVX-512, AVX2 and plain versions, and on another CPU
 * the network's chaotic dynamics may diverge; 3% is about the rate's
 * spread over network realisations (bench/peers/README.md). */
static void test_built_in_map_is_reproduced_by_the_network(void **state)
{
    (void)state;
    cnsim_registry *reg;
    assert_int_equal(cnsim_registry_open(NULL, &reg), CNSIM_OK);
    cnsim_excitability_point *map;
    size_t n;
    assert_int_equal(cnsim_registry_excitability_map(reg, &map, &n), CNSIM_OK);
    assert_true(n >= 10);
    /* Rate falls as GABA-A strength rises; runaway below baseline. */
    for (size_t i = 1; i < n; i++)
        assert_true(map[i].modulation > map[i - 1].modulation);
    assert_true(map[0].rate_hz > 3 * map[n - 1].rate_hz && map[0].seizure_like);
    size_t k = n;
    for (size_t i = 0; i < n; i++)
        if (fabs(map[i].modulation - 1.0) < 1e-9)
            k = i;
    assert_true(k < n);
    cnsim_network_params p = cnsim_network_params_cobahh();
    p.duration_ms = 1000;
    p.seed = 1;
    double mod = 1.0;
    cnsim_excitability_point pt;
    assert_int_equal(cnsim_excitability_map_compute(&p, &mod, 1, &pt), CNSIM_OK);
    assert_true(fabs(pt.rate_hz - map[k].rate_hz) <= 0.03 * map[k].rate_hz);
    assert_int_equal(pt.seizure_like, map[k].seizure_like);
    cnsim_excitability_map_free(map);
    cnsim_registry_free(reg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lookup_interpolates_and_clamps),
        cmocka_unit_test(test_built_in_map_is_reproduced_by_the_network),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
