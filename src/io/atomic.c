/* Output files. A regular file (or a new name) is written to a temporary
 * file in its directory and renamed over it at the end: rename() within
 * one directory is atomic on POSIX file systems, so a reader sees either
 * the old file or the complete new one, never a half-written file.
 * Anything else (a device, a FIFO, /dev/stdout) is written in place: it
 * is not ours to replace, and replacing it is how `--out /dev/full` once
 * turned the device into a regular file. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdio_ext.h>
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
    free(af->target);
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
    af->target = NULL;
    af->is_in_place = 0;
}

/* A path that cannot be is the caller's input (exit 2); a full or failing
 * device is a runtime failure (exit 1). */
static cnsim_status fail_open(const char *path, int err)
{
    int is_path = err == ENOENT || err == ENOTDIR || err == EACCES || err == EPERM ||
                  err == EROFS || err == EISDIR || err == ENAMETOOLONG || err == ELOOP ||
                  err == ENXIO || err == EOPNOTSUPP;
    const char *expected = err == EISDIR ? "; expected a file name, not a directory"
                         : err == ENXIO || err == EOPNOTSUPP ? "; expected a file, a device or a FIFO"
                         : is_path ? "; expected a path in a writable directory" : "";
    return cnsim__fail(is_path ? CNSIM_E_ARG : CNSIM_E_IO, "cannot write %s: %s%s", path,
                       strerror(err), expected);
}

static int is_under_proc(const char *canonical_dir)
{
    return !strncmp(canonical_dir, "/proc", 5) && (canonical_dir[5] == '/' || canonical_dir[5] == '\0');
}

/* Follows the symbolic links at the end of `path` to the name a rename
 * must replace, so the links stay links. A link that lives in /proc
 * (/proc/PID/fd/N, reached from /dev/stdout or /dev/fd/N) names an open
 * file, not a place in a directory: *via_proc is set and the caller writes
 * in place. Each link's directory is made canonical before a relative
 * target is joined to it, which also sees /dev/fd -> /proc/self/fd.
 * Returns 0 with *out malloc'd, or an errno value. */
static int resolve_links(const char *path, char **out, int *via_proc)
{
    char *cur = cnsim__strdup(path);
    *out = NULL;
    *via_proc = 0;
    if (!cur)
        return ENOMEM;
    for (int hop = 0; hop < 40; hop++) {
        struct stat sb;
        if (lstat(cur, &sb) != 0) {
            if (errno == ENOENT) {   /* a new file, or a dangling link's target */
                *out = cur;
                return 0;
            }
            int err = errno;
            free(cur);
            return err;
        }
        if (!S_ISLNK(sb.st_mode)) {
            *out = cur;
            return 0;
        }
        char *dir = cnsim__dirname(cur), *canon = dir ? realpath(dir, NULL) : NULL;
        int err = !dir ? ENOMEM : !canon ? errno : 0;
        free(dir);
        if (err) {
            free(cur);
            return err;
        }
        if (is_under_proc(canon)) {
            free(canon);
            *via_proc = 1;
            *out = cur;
            return 0;
        }
        char target[PATH_MAX];
        ssize_t n = readlink(cur, target, sizeof target - 1);
        if (n < 0 || (size_t)n >= sizeof target - 1) {
            err = n < 0 ? errno : ENAMETOOLONG;
            free(canon);
            free(cur);
            return err;
        }
        target[n] = '\0';
        free(cur);
        cur = cnsim__path_join(canon, target);
        free(canon);
        if (!cur)
            return ENOMEM;
    }
    free(cur);
    return ELOOP;
}

/* Writes through whatever `path` is: no O_CREAT (it exists), no O_TRUNC
 * (a device or FIFO has nothing to truncate), so nothing is created,
 * replaced or removed. Opening a FIFO waits for its reader, as any writer
 * of a FIFO does. */
static cnsim_status open_in_place(const char *path, int via_proc, cnsim_atomic_file *af)
{
    int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail_open(path, errno);
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        int err = errno;
        close(fd);
        return fail_open(path, err);
    }
    if (S_ISREG(sb.st_mode)) {
        if (!via_proc) {
            /* It was something else a moment ago; writing a regular file
             * in place could leave half a file. */
            close(fd);
            return cnsim__fail(CNSIM_E_IO, "cannot write %s: it changed while it was opened", path);
        }
        /* Standard output redirected to a file (`--out /dev/stdout >
         * log`): a new open of the link starts at offset 0 and would
         * overwrite what the shell's redirection put there. */
        (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_APPEND);
    }
    af->fp = fdopen(fd, "w");
    if (!af->fp) {
        int err = errno;
        close(fd);
        return cnsim__fail(CNSIM_E_IO, "cannot write %s: %s", path, strerror(err));
    }
    af->is_in_place = 1;
    return CNSIM_OK;
}

static cnsim_status open_temp(const char *path, cnsim_atomic_file *af)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t n = strlen(af->target);
    af->tmp_path = malloc(n + sizeof suffix);
    if (!af->tmp_path)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path);
    memcpy(af->tmp_path, af->target, n);
    memcpy(af->tmp_path + n, suffix, sizeof suffix);
    /* mkstemp opens with O_EXCL under a random name: a file or link
     * planted at a guessable name cannot receive the output. */
    int fd = mkstemp(af->tmp_path);
    if (fd < 0) {
        int err = errno;
        free(af->tmp_path);
        af->tmp_path = NULL;
        return fail_open(path, err);
    }
    (void)fchmod(fd, new_file_mode(af->target));
    af->fp = fdopen(fd, "w");
    if (!af->fp) {
        int err = errno;
        close(fd);
        unlink(af->tmp_path);
        return cnsim__fail(CNSIM_E_IO, "cannot write %s: %s", path, strerror(err));
    }
    return CNSIM_OK;
}

cnsim_status cnsim_atomic_open(const char *path, cnsim_atomic_file *af)
{
    cnsim__clear_error();
    af->fp = NULL;
    af->path = NULL;
    af->tmp_path = NULL;
    af->target = NULL;
    af->is_in_place = 0;
    if (!path || !*path)
        return cnsim__fail(CNSIM_E_ARG, "cannot write: empty output path");
    af->path = cnsim__strdup(path);
    if (!af->path)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path);

    cnsim_status st;
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && errno != ENOENT) {
        st = fail_open(path, errno);
    } else if (exists && S_ISDIR(sb.st_mode)) {
        st = fail_open(path, EISDIR);
    } else if (exists && !S_ISREG(sb.st_mode)) {
        st = open_in_place(path, 0, af);
    } else {
        /* A regular file, a new name or a dangling link: atomically, at the
         * end of the links. */
        int via_proc = 0, err = resolve_links(path, &af->target, &via_proc);
        if (err)
            st = err == ENOMEM ? cnsim__fail(CNSIM_E_NOMEM, "out of memory opening %s", path) : fail_open(path, err);
        else if (via_proc) {
            free(af->target);
            af->target = NULL;
            st = open_in_place(path, 1, af);
        }
        else
            st = open_temp(path, af);
    }
    if (st != CNSIM_OK)
        release(af);
    return st;
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

/* Flushes the stream and, for a regular file, its data to the disk. 0 or
 * an errno value. A device or FIFO has nothing to sync (fsync fails with
 * EINVAL on most), so only regular files are synced. */
static int flush_and_sync(FILE *fp)
{
    errno = 0;
    if (fflush(fp) != 0 || ferror(fp))
        return errno ? errno : EIO;
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode) && fsync(fileno(fp)) != 0 && errno != EINVAL)
        return errno;
    return 0;
}

cnsim_status cnsim_atomic_flush(cnsim_atomic_file *af)
{
    cnsim__clear_error();
    if (!af || !af->fp || !af->path)
        return cnsim__fail(CNSIM_E_ARG, "atomic flush without an open file");
    int err = flush_and_sync(af->fp);
    return err ? cnsim__fail(CNSIM_E_IO, "cannot write %s: %s", af->path, strerror(err)) : CNSIM_OK;
}

cnsim_status cnsim_atomic_commit(cnsim_atomic_file *af)
{
    cnsim__clear_error();
    if (!af || !af->fp || !af->path || (!af->is_in_place && (!af->tmp_path || !af->target)))
        return cnsim__fail(CNSIM_E_ARG, "atomic commit without an open file");
    int err = flush_and_sync(af->fp);
    errno = 0;
    if (fclose(af->fp) != 0 && !err)
        err = errno ? errno : EIO;
    af->fp = NULL;
    if (!err && !af->is_in_place && rename(af->tmp_path, af->target) != 0)
        err = errno;
    if (err) {
        if (af->tmp_path)
            unlink(af->tmp_path);
        cnsim_status st = cnsim__fail(CNSIM_E_IO, "cannot write %s: %s",
                                      af->path, strerror(err));
        release(af);
        return st;
    }
    if (!af->is_in_place)
        sync_dir_of(af->target);
    release(af);
    return CNSIM_OK;
}

void cnsim_atomic_abort(cnsim_atomic_file *af)
{
    if (!af)
        return;
    if (af->fp) {
        /* Written in place, what is still buffered would reach the device
         * or the FIFO's reader on fclose; an abort sends nothing more. */
        if (af->is_in_place)
            __fpurge(af->fp);
        fclose(af->fp);
    }
    af->fp = NULL;
    if (af->tmp_path)
        unlink(af->tmp_path);
    release(af);
}
