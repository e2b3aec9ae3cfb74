/* libFuzzer target: the trial design reader. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/trial.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = 0;
    cnsim_trial_design d;
    (void)cnsim_trial_design_parse(text, &d);
    free(text);
    return 0;
}
