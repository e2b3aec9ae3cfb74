/* libFuzzer target: the population subjects CSV reader (the input is
 * handed over as a memory file, /proc/self/fd/N). */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cnsim/population.h"

static const char spec_json[] =
    "{\"model\": \"effect-tolerance\", \"regimen\": \"0.5 mg q12h for 1 d\", \"until\": \"2d\","
    " \"theta\": {\"KA\": 1.8, \"CL\": 5.6, \"V\": 200, \"F\": 0.9, \"KE0\": 0.9, \"KT\": 0.02,"
    " \"EMAX\": 1, \"EC50\": 15, \"HILL\": 1.3}, \"omega\": {\"CL\": 0.09}}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static cnsim_pop_spec *s;
    if (!s && cnsim_pop_spec_read_mem(spec_json, strlen(spec_json), NULL, NULL, &s) != CNSIM_OK)
        return 0;
    int fd = memfd_create("subjects", 0);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) == (ssize_t)size) {
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
        (void)cnsim_pop_spec_set_subjects_csv(s, path);
    }
    close(fd);
    return 0;
}
