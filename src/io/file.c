/* Small file and path helpers for the io layer. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core_impl.h"
#include "io/io_impl.h"

cnsim_status cnsim__read_file(const char *path, size_t max_bytes,
                              const char *what, char **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp && errno == ENOMEM)   /* fopen's own allocation */
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path);
    if (!fp)
        return cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                           strerror(errno));
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        fclose(fp);
        return cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                           strerror(EISDIR));
    }
    /* The size is checked while reading, not only from fstat, so pipes and
     * files that grow under us obey the same limit. */
    size_t cap = 0, len = 0;
    char *buf = NULL;
    for (;;) {
        if (len + 65536 + 1 > cap) {
            size_t ncap = cap ? cap * 2 : 65536 + 1;
            if (ncap > max_bytes + 65536 + 1)
                ncap = max_bytes + 65536 + 1;
            char *nb = realloc(buf, ncap);
            if (!nb) {
                free(buf);
                fclose(fp);
                return cnsim__fail(CNSIM_E_NOMEM, "out of memory reading %s",
                                   path);
            }
            buf = nb;
            cap = ncap;
        }
        size_t want = cap - len - 1;
        size_t got = fread(buf + len, 1, want, fp);
        len += got;
        if (len > max_bytes) {
            free(buf);
            fclose(fp);
            return cnsim__fail(CNSIM_E_RANGE,
                               "cannot read %s: the file is larger than the "
                               "%zu MB limit for %s", path,
                               max_bytes / (1024 * 1024), what);
        }
        if (got < want) {
            if (ferror(fp)) {
                int err = errno;
                free(buf);
                fclose(fp);
                return cnsim__fail(CNSIM_E_READ, "cannot read %s: %s", path,
                                   strerror(err ? err : EIO));
            }
            break;
        }
    }
    fclose(fp);
    buf[len] = '\0';
    *out = buf;
    *n = len;
    return CNSIM_OK;
}

char *cnsim__dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return cnsim__strdup(".");
    if (slash == path)
        return cnsim__strdup("/");
    size_t k = (size_t)(slash - path);
    char *d = malloc(k + 1);
    if (d) {
        memcpy(d, path, k);
        d[k] = '\0';
    }
    return d;
}

char *cnsim__path_join(const char *base, const char *rel)
{
    if (rel[0] == '/' || !base || !base[0])
        return cnsim__strdup(rel);
    size_t nb = strlen(base), nr = strlen(rel);
    int need_slash = base[nb - 1] != '/';
    char *p = malloc(nb + (size_t)need_slash + nr + 1);
    if (!p)
        return NULL;
    memcpy(p, base, nb);
    if (need_slash)
        p[nb] = '/';
    memcpy(p + nb + (size_t)need_slash, rel, nr + 1);
    return p;
}
