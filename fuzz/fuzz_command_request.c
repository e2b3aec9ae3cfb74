/* libFuzzer target: the JSON request of cnsim_command_run (src/cli/call.c),
 * any bytes. The command is one that does not exist, so every request is
 * read whole (keys, values, lists interleaved, positionals) and turned
 * into words before the dispatch refuses the command: the parser, never
 * a simulation, is what runs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/command.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *req = malloc(size + 1);
    if (!req)
        return 0;
    memcpy(req, data, size);
    req[size] = '\0';
    cnsim_command_result *r = NULL;
    cnsim_status st = cnsim_command_run("no-such-command", req, 0, &r);
    if (st == CNSIM_OK)
        abort();   /* an unknown command never succeeds */
    cnsim_command_result_free(r);
    free(req);
    return 0;
}
