/* cnsim_format_g10 (src/io/numfmt.c) against snprintf "%.10g": the same
 * text for edge cases and for 10^7 random doubles across magnitudes. */
#include <float.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "cnsim/io.h"

static size_t n_checked;

static void same_as_printf(double v)
{
    char want[64], got[32];
    if (isfinite(v))
        snprintf(want, sizeof want, "%.10g", v);
    else
        strcpy(want, "NA");
    /* The buffer keeps what the last call wrote (a '-' first, say): the
     * caller's buffer is reused row after row. */
    static char got_last[32];
    memset(got, 'x', sizeof got);
    size_t n = cnsim_format_g10(v, got);
    if (strcmp(got, want))
        fail_msg("%a: got '%s', printf gives '%s'", v, got, want);
    cnsim_format_g10(v, got_last);
    if (strcmp(got_last, want) || n != strlen(want))
        fail_msg("%a: got '%s' (length %zu) in a reused buffer, printf gives '%s'", v, got_last, n, want);
    n_checked++;
}

/* v and its neighbours a few ulps either side, with both signs. */
static void around(double v)
{
    double lo = v, hi = v;
    same_as_printf(v);
    same_as_printf(-v);
    for (int k = 0; k < 3; k++) {
        lo = nextafter(lo, -INFINITY);
        hi = nextafter(hi, INFINITY);
        same_as_printf(lo), same_as_printf(-lo);
        same_as_printf(hi), same_as_printf(-hi);
    }
}

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t next_u64(void) /* splitmix64 */
{
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform(void) { return (double)(next_u64() >> 11) * 0x1p-53; }

static void test_edge_cases_print_as_printf_does(void **state)
{
    (void)state;
    same_as_printf(0.0);
    same_as_printf(-0.0);
    same_as_printf(NAN);
    same_as_printf(INFINITY);
    same_as_printf(-INFINITY);
    char buf[32];
    cnsim_format_g10(-0.0, buf);
    assert_string_equal(buf, "-0");
    /* powers of ten, the exponent switches (1e-5 / 1e-4, 1e9 / 1e10) and
     * the extremes */
    for (int k = -330; k <= 308; k++)
        around(pow(10, k));
    around(1e-5), around(1e-4), around(9.9999999995e-5), around(9.9999999995e-6);
    around(1e9), around(1e10), around(9999999999.5), around(9999999999.4), around(999999999.95);
    around(DBL_MAX), around(DBL_MIN), around(DBL_TRUE_MIN), around(DBL_MIN / 3), around(DBL_EPSILON);
    /* rounding boundaries: 9.9999999995 * 10^k rounds up to 10^(k+1) or not */
    for (int k = -30; k <= 30; k++) {
        around(9.9999999995 * pow(10, k));
        around(9.999999999 * pow(10, k));
        around(1.0000000005 * pow(10, k));
        around(1.2345678905 * pow(10, k));
    }
    /* exact ties (integers and halves): printf rounds them to even */
    for (double t = 10000000005.0; t < 10000000005.0 + 2000; t += 10)
        around(t);
    for (double t = 1234567890.5; t < 1234567890.5 + 100; t += 1)
        around(t);
    around(12345678905.0), around(12345678915.0), around(99999999995.0), around(0.5);
    /* integers, short decimals */
    for (int k = -2000; k <= 2000; k++) {
        same_as_printf(k);
        same_as_printf(k / 1000.0);
        same_as_printf(k * 0.1);
        same_as_printf(k / 3.0);
    }
    for (int k = 0; k < 64; k++)
        around(ldexp(1, k)), around(ldexp(1, -k)), around(ldexp(1, k) - 1);
}

static void test_ten_million_random_doubles_print_as_printf_does(void **state)
{
    (void)state;
    n_checked = 0;
    for (long i = 0; i < 10000000; i++) {
        double v;
        switch (i % 8) {
        case 0: case 1: case 2: /* magnitudes 1e-14 .. 1e14 */
            v = (1 + 9 * uniform()) * pow(10, (int)(next_u64() % 29) - 14);
            break;
        case 3: { /* any bit pattern: every exponent, subnormals, NaN */
            uint64_t b = next_u64();
            memcpy(&v, &b, sizeof v);
            break;
        }
        case 4: /* integers up to 2^53 */
            v = (double)(next_u64() >> (11 + next_u64() % 53));
            break;
        case 5: { /* near a rounding boundary of the tenth digit */
            double q = 1e9 + floor(9e9 * uniform());
            int x = (int)(next_u64() % 40) - 20;
            v = (q + 0.5) * pow(10, x - 9);
            int ulps = (int)(next_u64() % 5) - 2;
            for (; ulps > 0; ulps--)
                v = nextafter(v, INFINITY);
            for (; ulps < 0; ulps++)
                v = nextafter(v, 0);
            break;
        }
        case 6: /* few digits, as model outputs rounded upstream */
            v = (double)(int64_t)(next_u64() % 2000001 - 1000000) / pow(10, (int)(next_u64() % 12));
            break;
        default: /* exponents the exact path covers, bits uniform */
            v = ldexp(1 + uniform(), (int)(next_u64() % 200) - 80);
            break;
        }
        same_as_printf(next_u64() & 1 ? -v : v);
    }
    assert_true(n_checked >= 10000000);
    print_message("%zu values, each the same text as printf's %%.10g\n", n_checked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_edge_cases_print_as_printf_does),
        cmocka_unit_test(test_ten_million_random_doubles_print_as_printf_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
