/* libFuzzer target: every reader of cnsim/units.h (and the channel
 * layer's wrappers over it) on arbitrary text. Besides the sanitizers, a
 * success must hand back a value inside the documented range and a failure
 * must leave a message naming the field; anything else aborts. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/channel.h"
#include "cnsim/units.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

/* A failed call leaves a message that names the field it was given. */
static void failed_with_field(cnsim_status st)
{
    check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
    check(strstr(cnsim_last_error(), "FIELD") != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';

    double v = NAN;
    const char *rest = cnsim_scan_number(text, &v);
    if (rest)
        check(rest > text && rest <= text + strlen(text) && !isnan(v));

    double h = cnsim_time_unit_h(text);
    check(h == 0 || (h > 0 && isfinite(h)));
    double mg = cnsim_mass_unit_mg(text);
    check(mg == 0 || (mg > 0 && isfinite(mg)));

    cnsim_status st = cnsim_parse_duration_h(text, "FIELD", &h);
    if (st == CNSIM_OK)
        check(h >= 0 && isfinite(h));
    else
        failed_with_field(st);
    st = cnsim_parse_duration_unit_h(text, "FIELD", "ms", &h);
    if (st == CNSIM_OK)
        check(h >= 0 && isfinite(h));
    else
        failed_with_field(st);

    st = cnsim_parse_amount_mg(text, "FIELD", &mg);
    if (st == CNSIM_OK)
        check(mg > 0 && isfinite(mg));
    else
        failed_with_field(st);

    st = cnsim_parse_clock_h(text, "FIELD", &h);
    if (st == CNSIM_OK)
        check(h >= 0 && h < 24);
    else
        failed_with_field(st);

    double hours[4];
    int n_clock = -1;
    st = cnsim_parse_clock_list(text, "FIELD", hours, 4, &n_clock);
    if (st == CNSIM_OK) {
        check(n_clock >= 1 && n_clock <= 4);
        for (int k = 0; k < n_clock; k++) {
            check(hours[k] >= 0 && hours[k] < 24);
            for (int i = 0; i < k; i++)
                check(hours[i] != hours[k]);
        }
    } else {
        failed_with_field(st);
        check(n_clock == -1);
    }

    double tau;
    if (cnsim_frequency_interval_h(text, &tau))
        check(tau >= 0 && isfinite(tau));

    int n_per_day = 0;
    st = cnsim_parse_dose_per_day(text, "FIELD", &mg, &n_per_day);
    if (st == CNSIM_OK)
        check(mg > 0 && isfinite(mg) && n_per_day >= 1 && n_per_day <= 4);
    else
        failed_with_field(st);

    st = cnsim_parse_number(text, "FIELD", -1e6, 1e6, &v);
    if (st == CNSIM_OK)
        check(v >= -1e6 && v <= 1e6);
    else
        failed_with_field(st);

    unsigned long long w;
    st = cnsim_parse_whole(text, "FIELD", 1, 1000, &w);
    if (st == CNSIM_OK)
        check(w >= 1 && w <= 1000);
    else
        failed_with_field(st);
    st = cnsim_parse_whole(text, "FIELD", 0, UINT64_MAX, &w);
    if (st != CNSIM_OK)
        failed_with_field(st);

    double s;
    st = cnsim_channel_parse_duration_s(text, "FIELD", &s);
    if (st == CNSIM_OK)
        check(s > 0 && isfinite(s));
    else
        failed_with_field(st);
    st = cnsim_channel_parse_conc_uM(text, "FIELD", &s);
    if (st == CNSIM_OK)
        check(s >= 0 && isfinite(s));
    else
        failed_with_field(st);

    free(text);
    return 0;
}
