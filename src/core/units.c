/* Quantities written as text (include/cnsim/units.h). */
#include "cnsim/units.h"
#include "core_impl.h"

cnsim_status cnsim_parse_duration_h(const char *text, const char *field, double *out_h)
{
    return cnsim__parse_duration_h(text, field, out_h);
}
