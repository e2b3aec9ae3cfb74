/* libFuzzer target: a target range and a residual error as text
 * (cnsim_tdm_parse_target and cnsim_tdm_parse_error, the command line's
 * --target and --error). A target read has 0 < LO < HI (an occupancy
 * within 0..1) and a species name of allowed characters; an error read
 * has finite SDs >= 0, one of them > 0; a refusal leaves one line naming
 * the field. */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/tdm.h"

static void check(int ok)
{
    if (!ok)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cnsim_tdm_target t;
    cnsim_status st = cnsim_tdm_parse_target(text, "--target", &t);
    if (st == CNSIM_OK) {
        check(isfinite(t.lo) && isfinite(t.hi) && t.lo < t.hi && t.lo >= 0);
        check(t.kind == CNSIM_TDM_TARGET_TROUGH ? t.lo > 0 : t.hi <= 1);
        check(strlen(t.species) < CNSIM_TDM_SPECIES_MAX);
        for (const char *c = t.species; *c; c++)
            check(isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == ',' || *c == '+');
    } else {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
        check(!strncmp(cnsim_last_error(), "--target: ", 10) && !strchr(cnsim_last_error(), '\n'));
    }
    double p, a;
    st = cnsim_tdm_parse_error(text, "--error", &p, &a);
    if (st == CNSIM_OK) {
        check(isnan(p) || (isfinite(p) && p >= 0 && p <= 10));
        check(isnan(a) || (isfinite(a) && a >= 0 && a <= 1e6));
        check(p > 0 || a > 0);
    } else {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
        check(!strncmp(cnsim_last_error(), "--error: ", 9) && !strchr(cnsim_last_error(), '\n'));
    }
    free(text);
    return 0;
}
