/* libFuzzer target: the PK model file reader (src/io/model_json.c), and
 * the writer on whatever it accepts: a model read from any input must
 * write out and read back byte for byte the same (the round trip the
 * format promises). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/pkmodel.h"

static cnsim_pk_model m, back;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (cnsim_pk_model_parse((const char *)data, size, "fuzz", &m) != CNSIM_OK)
        return 0;
    char *text = NULL;
    if (cnsim_pk_model_write_json(&m, &text) != CNSIM_OK)
        abort(); /* the writer refused a model the reader accepted */
    if (cnsim_pk_model_parse(text, strlen(text), "fuzz (written)", &back) != CNSIM_OK ||
        memcmp(&m, &back, sizeof m) != 0)
        abort();
    cnsim_free(text);
    return 0;
}
