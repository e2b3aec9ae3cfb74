/* Atomic output files: write to a temporary file in the destination's
 * directory, then rename it over the destination. rename() within one
 * directory is atomic on POSIX file systems, so a reader sees either the
 * old file or the complete new one, never a half-written file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cnsim/io.h"
#include "core_impl.h"
#include "io/io_impl.h"

/* mkstemp creates the file with mode 0600. The output should get the mode
 * any other new file would (0666 minus the umask), or keep the mode of the
 * file it replaces. umask() cannot be read without changing it, which races
 * with other threads, so the value is read from /proc/self/status; without
 * /proc, 0644 is the conservative guess. */
static mode_t new_file_mode(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        return sb.st_mode & 07777;
    mode_t mode = 0644;
    FILE *fp = fopen("/proc/self/status", "r");
    if (fp) {
        char line[256];
        while (fgets(line, sizeof line, fp)) {
            unsigned int mask;
            if (sscanf(line, "Umask: %o", &mask) == 1) {
                mode = 0666 & ~(mode_t)mask;
                break;
            }
        }
        fclose(fp);
    }
    return mode;
}

static void release(cnsim_atomic_file *af)
{
    free(af->path);
    free(af->tmp_path);
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
}

cnsim_status cnsim_atomic_open(const char *path, cnsim_atomic_file *af)
{
    cnsim__clear_error();
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
    if (!path || !*path)
        return cnsim__fail(CNSIM_E_ARG, "cannot write: empty output path");
    static const char suffix[] = ".tmp.XXXXXX";
    size_t n = strlen(path);
    af->path = cnsim__strdup(path);
    af->tmp_path = malloc(n + sizeof suffix);
    if (!af->path || !af->tmp_path) {
        release(af);
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path);
    }
    memcpy(af->tmp_path, path, n);
    memcpy(af->tmp_path + n, suffix, sizeof suffix);

    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        int err = errno;
        release(af);
        /* A path that cannot be is the caller's input (exit 2); a full or
         * failing device is a runtime failure (exit 1). */
        int is_path = err == ENOENT || err == ENOTDIR || err == EACCES || err == EPERM ||
                      err == EROFS || err == EISDIR || err == ENAMETOOLONG || err == ELOOP;
        return cnsim__fail(is_path ? CNSIM_E_ARG : CNSIM_E_IO, "cannot write %s: %s%s", path,
                           strerror(err), is_path ? "; expected a path in a writable directory" : "");
    }
    (void)fchmod(fd, new_file_mode(path));
    af->fp = fdopen(fd, "w");
    if (!af->fp) {
        int err = errno;
        close(fd);
        unlink(af->tmp_path);
        release(af);
        return cnsim__fail(CNSIM_E_IO, "cannot write %s: %s", path,
                           strerror(err));
    }
    return CNSIM_OK;
}

/* After the rename, the directory entry itself must reach the disk for the
 * new file to survive a crash; failing to sync the directory is not an
 * error the caller can act on, so it is ignored. */
static void sync_dir_of(const char *path)
{
    char *dir = cnsim__dirname(path);
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

cnsim_status cnsim_atomic_commit(cnsim_atomic_file *af)
{
    cnsim__clear_error();
    if (!af || !af->fp || !af->path || !af->tmp_path)
        return cnsim__fail(CNSIM_E_ARG, "atomic commit without an open file");
    int err = 0;
    errno = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp))
        err = errno ? errno : EIO;
    if (!err && fsync(fileno(af->fp)) != 0 && errno != EINVAL)
        err = errno;
    if (fclose(af->fp) != 0 && !err)
        err = errno ? errno : EIO;
    af->fp = NULL;
    if (!err && rename(af->tmp_path, af->path) != 0)
        err = errno;
    if (err) {
        unlink(af->tmp_path);
        cnsim_status st = cnsim__fail(CNSIM_E_IO, "cannot write %s: %s",
                                      af->path, strerror(err));
        release(af);
        return st;
    }
    sync_dir_of(af->path);
    release(af);
    return CNSIM_OK;
}

void cnsim_atomic_abort(cnsim_atomic_file *af)
{
    if (!af)
        return;
    if (af->fp)
        fclose(af->fp);
    af->fp = NULL;
    if (af->tmp_path)
        unlink(af->tmp_path);
    release(af);
}
