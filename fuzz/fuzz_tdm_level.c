/* libFuzzer target: a measured level as text (cnsim_tdm_parse_level, the
 * command line's --level). A level read must have a finite time >= 0 and
 * a finite value >= 0 (a limit > 0 when below quantification) and a
 * species name of allowed characters; a refusal leaves a one-line message
 * that names the field. */
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
    char sp[CNSIM_TDM_SPECIES_MAX];
    cnsim_tdm_level lv;
    cnsim_status st = cnsim_tdm_parse_level(text, "--level", sp, &lv);
    if (st == CNSIM_OK) {
        check(isfinite(lv.time_h) && lv.time_h >= 0);
        check(lv.blq ? (isfinite(lv.lloq_ng_mL) && lv.lloq_ng_mL > 0) : (isfinite(lv.value_ng_mL) && lv.value_ng_mL >= 0));
        check(strlen(sp) < CNSIM_TDM_SPECIES_MAX);
        for (const char *c = sp; *c; c++)
            check(isalnum((unsigned char)*c) || *c == '-' || *c == '_' || *c == ',');
    } else {
        check(st == CNSIM_E_PARSE || st == CNSIM_E_RANGE);
        check(!strncmp(cnsim_last_error(), "--level: ", 9) && !strchr(cnsim_last_error(), '\n'));
    }
    free(text);
    return 0;
}
