/* libFuzzer target: a taper diary as CSV (cnsim_diary_read_mem, the
 * command line's taper --diary). A diary read has 2 or more entries with
 * strictly increasing dates, finite doses >= 0, a scale, scores inside the
 * scale's range (the first entry has one) and troughs >= 0; a refusal
 * leaves one line naming the diary. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/diary.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cnsim_diary d;
    cnsim_status st = cnsim_diary_read_mem((const char *)data, size, "diary", &d);
    if (st == CNSIM_OK) {
        check(d.n >= 2 && d.e != NULL);
        double max = !strcmp(d.scale, "ciwa_b") ? 80 : 40;
        check(!strcmp(d.scale, "ciwa_b") || !strcmp(d.scale, "bwsq"));
        check(!isnan(d.e[0].score) && d.e[0].day == 0);
        for (size_t i = 0; i < d.n; i++) {
            check(isfinite(d.e[i].daily_dose_mg) && d.e[i].daily_dose_mg >= 0);
            check(isnan(d.e[i].score) || (d.e[i].score >= 0 && d.e[i].score <= max));
            check(isnan(d.e[i].trough_ng_mL) || d.e[i].trough_ng_mL >= 0);
            check(strlen(d.e[i].date) == 10);
            if (i)
                check(d.e[i].day > d.e[i - 1].day);
            char back[11];
            check(cnsim_date_add(d.e[0].date, d.e[i].day, back) == CNSIM_OK && !strcmp(back, d.e[i].date));
        }
        cnsim_diary_free(&d);
    } else {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE || st == CNSIM_E_NOMEM);
        check(!strncmp(cnsim_last_error(), "diary", 5) && !strchr(cnsim_last_error(), '\n'));
        check(d.e == NULL && d.n == 0);
    }
    return 0;
}
