/* libFuzzer target: the regimen-string parser, then ADDL expansion of the
 * doses it produces (12 weeks horizon, one subject, drug 0). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/regimen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    cnsim_event_list list, out;
    cnsim_event_list_init(&list);
    cnsim_event_list_init(&out);
    int drug;
    if (cnsim_event_list_drug(&list, "clonazepam", &drug) == CNSIM_OK &&
        cnsim_regimen_parse(text, 1, drug, 24.0 * 84, &list) == CNSIM_OK)
        (void)cnsim_events_expand(&list, &out);
    cnsim_event_list_free(&list);
    cnsim_event_list_free(&out);
    free(text);
    return 0;
}
