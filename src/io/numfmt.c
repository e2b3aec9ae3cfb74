/* cnsim_format_g10: the text of printf's "%.10g" without printf.
 *
 * A finite double is m * 2^e with m a 53-bit integer. Its ten significant
 * digits are the integer nearest to v * 10^s for the s that puts that
 * integer in [10^9, 10^10), ties to even as glibc's printf rounds in the
 * default rounding mode. For 10^-23 <= |v| < 10^37 that product is an
 * exact fraction N / D of 128-bit integers (N = m * 5^s shifted, or
 * D = 5^-s shifted), so the rounding is decided exactly, without a
 * floating-point step that could land on the wrong side of a half. Outside
 * that range (subnormals, 1e300) the value goes to snprintf, which is slow
 * but rarely needed in a CSV of concentrations and indices. The %g rules
 * then choose between fixed and exponent notation from the rounded
 * exponent X (fixed when -4 <= X < 10) and drop trailing zeros. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cnsim/io.h"

typedef unsigned __int128 u128;

#define MIN_S (-27) /* 5^27 < 2^63 */
#define MAX_S 32    /* m * 5^32 < 2^128 */

static const uint64_t pow5[] = {
    1ull, 5ull, 25ull, 125ull, 625ull, 3125ull, 15625ull, 78125ull, 390625ull, 1953125ull,
    9765625ull, 48828125ull, 244140625ull, 1220703125ull, 6103515625ull, 30517578125ull,
    152587890625ull, 762939453125ull, 3814697265625ull, 19073486328125ull, 95367431640625ull,
    476837158203125ull, 2384185791015625ull, 11920928955078125ull, 59604644775390625ull,
    298023223876953125ull, 1490116119384765625ull, 7450580596923828125ull,
};

/* 10^-23 .. 10^37 (index k + 24), the range of the exact path. */
static const double pow10_tab[] = {
    1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10,
    1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8,
    1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25,
    1e26, 1e27, 1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37,
};

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

/* Floor of v * 10^s as an exact integer, and how the discarded fraction
 * compares with one half (-1 below, 0 exactly half, 1 above, and -2 when
 * there is none). Returns 0 if the exact form does not fit in 128 bits. */
static int scaled(uint64_t m, int e, int s, uint64_t *q, int *half)
{
    u128 n, d;
    if (s >= 0) {
        if (s > MAX_S)
            return 0;
        u128 p5 = s < 28 ? (u128)pow5[s] : (u128)pow5[27] * pow5[s - 27];
        n = (u128)m * p5;
        int k = e + s; /* v * 10^s = n * 2^k */
        if (k >= 0) {
            if (k > 40 || (n >> (127 - k)) != 0)
                return 0;
            *q = (uint64_t)(n << k);
            *half = -2;
            return (n << k) >> 64 == 0;
        }
        if (-k >= 128)
            return 0;
        /* Dividing by 2^-k is a shift: the common case (|v| < 10^10) needs
         * one 64 x 128-bit product and no division. */
        u128 qq = n >> -k, r = n & (((u128)1 << -k) - 1), h = (u128)1 << (-k - 1);
        if (qq >> 64)
            return 0;
        *q = (uint64_t)qq;
        *half = r == 0 ? -2 : r > h ? 1 : r == h ? 0 : -1;
        return 1;
    } else {
        int t = -s;
        if (t > -MIN_S)
            return 0;
        int k = e - t; /* v * 10^s = m * 2^k / 5^t */
        if (k >= 0) {
            if (k > 74)
                return 0;
            n = (u128)m << k;
            d = pow5[t];
        } else {
            if (-k > 64)
                return 0;
            n = m;
            d = (u128)pow5[t] << -k;
        }
    }
    u128 qq, r;
    if ((n >> 64) == 0 && (d >> 64) == 0) { /* 10^10 <= |v| < 2^64: a 64-bit division */
        uint64_t n64 = (uint64_t)n, d64 = (uint64_t)d;
        qq = n64 / d64, r = n64 % d64;
    } else {
        qq = n / d, r = n - qq * d;
    }
    if (qq >> 64)
        return 0;
    *q = (uint64_t)qq;
    *half = r == 0 ? -2 : (r > d - r) ? 1 : (r == d - r) ? 0 : -1;
    return 1;
}

/* Writes the ten digits of q (10^9 <= q < 10^10) into out. */
static void ten_digits(uint64_t q, char out[10])
{
    uint32_t hi = (uint32_t)(q / 100000), lo = (uint32_t)(q % 100000);
    out[0] = (char)('0' + hi / 10000);
    memcpy(out + 1, digit_pairs + 2 * (hi / 100 % 100), 2);
    memcpy(out + 3, digit_pairs + 2 * (hi % 100), 2);
    out[5] = (char)('0' + lo / 10000);
    memcpy(out + 6, digit_pairs + 2 * (lo / 100 % 100), 2);
    memcpy(out + 8, digit_pairs + 2 * (lo % 100), 2);
}

static size_t fallback(double v, char buf[32])
{
    int n = snprintf(buf, 32, "%.10g", v);
    return n > 0 ? (size_t)n : 0;
}

size_t cnsim_format_g10(double v, char buf[32])
{
    if (!isfinite(v)) {
        memcpy(buf, "NA", 3);
        return 2;
    }
    char *p = buf;
    double v_in = v;
    if (signbit(v)) {
        *p++ = '-';
        v = -v;
    }
    if (v == 0) {
        *p++ = '0';
        *p = '\0';
        return (size_t)(p - buf);
    }
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int be = (int)(bits >> 52 & 0x7ff);
    if (be == 0) /* subnormal */
        return fallback(v_in, buf);
    uint64_t m = (bits & ((1ull << 52) - 1)) | (1ull << 52);
    int e = be - 1075;

    /* X, the decimal exponent: from the binary one it is x or x + 1, and
     * a comparison with the (rounded) power of ten says which; were that
     * rounding to mislead, the exact floor below corrects it. */
    int b2 = e + 52;
    /* floor(b2 * 78913 / 2^18), 78913 / 2^18 just under log10(2) */
    int x = b2 >= 0 ? (b2 * 78913) >> 18 : -((-b2 * 78913 + 262143) >> 18);
    if (x >= -24 && x < 37 && v >= pow10_tab[x + 1 + 24])
        x++;
    uint64_t q;
    int half;
    for (int tries = 0;; tries++) {
        if (tries == 3 || !scaled(m, e, 9 - x, &q, &half))
            return fallback(v_in, buf);
        if (q >= 10000000000ull)
            x++;
        else if (q < 1000000000ull)
            x--;
        else
            break;
    }
    if (half == 1 || (half == 0 && (q & 1)))
        q++;
    if (q == 10000000000ull) {
        q = 1000000000ull;
        x++;
    }

    char d[10];
    ten_digits(q, d);
    int n_sig = 10;
    while (n_sig > 1 && d[n_sig - 1] == '0')
        n_sig--;

    if (x >= -4 && x < 10) {
        if (x >= 0) {
            memcpy(p, d, (size_t)x + 1);
            p += x + 1;
            if (n_sig > x + 1) {
                *p++ = '.';
                memcpy(p, d + x + 1, (size_t)(n_sig - x - 1));
                p += n_sig - x - 1;
            }
        } else {
            *p++ = '0';
            *p++ = '.';
            for (int k = 0; k < -x - 1; k++)
                *p++ = '0';
            memcpy(p, d, (size_t)n_sig);
            p += n_sig;
        }
    } else {
        *p++ = d[0];
        if (n_sig > 1) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)n_sig - 1);
            p += n_sig - 1;
        }
        *p++ = 'e';
        *p++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100) {
            *p++ = (char)('0' + ax / 100);
            ax %= 100;
        }
        memcpy(p, digit_pairs + 2 * ax, 2);
        p += 2;
    }
    *p = '\0';
    return (size_t)(p - buf);
}
