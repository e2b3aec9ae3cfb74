/* JSON network descriptions: {"model": "cobahh", "n_exc": 800, ...},
 * keys named as the fields of cnsim_network_params. */
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core_impl.h"
#include "network_impl.h"

typedef enum { F_DBL, F_SIZE, F_UINT, F_ULONG, F_INT } ftype;

static const struct {
    const char *key;
    ftype type;
    size_t off;
} fields[] = {
#define D(name) {#name, F_DBL, offsetof(cnsim_network_params, name)}
    {"n_exc", F_SIZE, offsetof(cnsim_network_params, n_exc)},
    {"n_inh", F_SIZE, offsetof(cnsim_network_params, n_inh)},
    D(p_connect), D(area_um2), D(cm_uF_per_cm2), D(g_leak_mS_per_cm2), D(e_leak_mV),
    D(g_na_mS_per_cm2), D(g_k_mS_per_cm2), D(e_na_mV), D(e_k_mV), D(vt_mV),
    D(tau_exc_ms), D(tau_inh_ms), D(e_exc_mV), D(e_inh_mV), D(w_exc_nS), D(w_inh_nS),
    D(gabaa_modulation), D(adaptation), D(drive_nA),
    {"delay_steps", F_UINT, offsetof(cnsim_network_params, delay_steps)},
    D(dt_ms), D(duration_ms), D(threshold_mV), D(refractory_ms),
    D(init_v_mean_mV), D(init_v_sd_mV), D(init_ge_mean_nS), D(init_ge_sd_nS),
    D(init_gi_mean_nS), D(init_gi_sd_nS),
    {"seed", F_ULONG, offsetof(cnsim_network_params, seed)},
    {"n_threads", F_INT, offsetof(cnsim_network_params, n_threads)},
    D(transient_ms),
#undef D
};

cnsim_status cnsim_network_config_load(const char *path, cnsim_network_params *p)
{
    cnsim__clear_error();
    json_error_t err;
    cnsim__json_watch();
    errno = 0;
    json_t *root = json_load_file(path, 0, &err);
    if (cnsim__json_failed() || (!root && errno == ENOMEM)) {
        json_decref(root);
        return cnsim__fail(CNSIM_E_NOMEM, "network config '%s': out of memory reading the JSON", path);
    }
    if (!root) {
        if (err.line < 1)
            return cnsim__fail(CNSIM_E_READ, "network config '%s': %s", path, err.text);
        return cnsim__fail(CNSIM_E_PARSE, "network config '%s' line %d: %s", path, err.line,
                           err.text);
    }
    cnsim_status st = CNSIM_OK;
    if (!json_is_object(root)) {
        st = cnsim__fail(CNSIM_E_PARSE, "network config '%s': expected a JSON object", path);
        goto done;
    }
    cnsim_network_params q = *p;
    const char *key;
    json_t *val;
    json_object_foreach(root, key, val) {
        if (!strcmp(key, "model")) {
            if (!json_is_string(val) || strcmp(json_string_value(val), "cobahh")) {
                st = cnsim__fail(CNSIM_E_PARSE, "network config '%s': model: expected \"cobahh\"", path);
                goto done;
            }
            continue;
        }
        if (!strcmp(key, "description") || !strcmp(key, "source"))
            continue;
        size_t f = 0, nf = sizeof fields / sizeof fields[0];
        while (f < nf && strcmp(fields[f].key, key))
            f++;
        if (f == nf) {
            st = cnsim__fail(CNSIM_E_PARSE, "network config '%s': unknown key '%s'; expected a field "
                             "such as n_exc, n_inh, p_connect, w_inh_nS, delay_steps, seed", path, key);
            goto done;
        }
        if (!json_is_number(val)) {
            st = cnsim__fail(CNSIM_E_PARSE, "network config '%s': %s: expected a number", path, key);
            goto done;
        }
        double x = json_number_value(val);
        char *dst = (char *)&q + fields[f].off;
        if (fields[f].type == F_DBL) {
            *(double *)dst = x;
            continue;
        }
        if (!(x >= 0 && x == floor(x) && x < 4e9) && !(fields[f].type == F_ULONG && x >= 0 && x == floor(x) && x < 1.8e19)) {
            st = cnsim__fail(CNSIM_E_PARSE, "network config '%s': %s = %g; expected a whole number >= 0",
                             path, key, x);
            goto done;
        }
        switch (fields[f].type) {
        case F_SIZE: *(size_t *)dst = (size_t)x; break;
        case F_UINT: *(unsigned *)dst = (unsigned)x; break;
        case F_ULONG: *(unsigned long *)dst = (unsigned long)x; break;
        case F_INT: *(int *)dst = (int)x; break;
        default: break;
        }
    }
    *p = q;
done:
    json_decref(root);
    return st;
}
