/* tests for src/io/atomic.c: temp file + rename for files, in place for
 * devices, FIFOs and /proc links. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "cnsim/io.h"

typedef struct fixture {
    char dir[64];
    char path[128];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/cnsim_atomic_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/out.csv", f->dir);
    *state = f;
    return 0;
}

/* Removes every file left in the directory, then the directory. */
static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char p[512];
            snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
            if (unlink(p) != 0)
                rmdir(p);
        }
        closedir(d);
    }
    chmod(f->dir, 0700);
    rmdir(f->dir);
    free(f);
    return 0;
}

static size_t n_entries(const char *dir)
{
    size_t n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static void read_back(const char *path, char *buf, size_t n)
{
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    size_t k = fread(buf, 1, n - 1, fp);
    buf[k] = '\0';
    fclose(fp);
}

static void test_commit_makes_the_file_with_its_content(void **state)
{
    fixture *f = *state;
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    assert_non_null(af.fp);
    fputs("id,time_h\n1,0\n", af.fp);
    /* Nothing is visible under the final name before the commit. */
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(n_entries(f->dir), 1);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    assert_null(af.fp);
    assert_null(af.tmp_path);
    char buf[64];
    read_back(f->path, buf, sizeof buf);
    assert_string_equal(buf, "id,time_h\n1,0\n");
    assert_int_equal(n_entries(f->dir), 1);

    /* The file gets the mode of any new file, not mkstemp's 0600. */
    mode_t mask = umask(022);
    umask(mask);
    struct stat sb;
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0666 & ~mask);
}

static void test_commit_replaces_an_existing_file(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    assert_non_null(fp);
    fputs("old\n", fp);
    fclose(fp);
    chmod(f->path, 0640);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("new\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    char buf[16];
    read_back(f->path, buf, sizeof buf);
    assert_string_equal(buf, "new\n");
    struct stat sb;
    assert_int_equal(stat(f->path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0640);
    assert_int_equal(n_entries(f->dir), 1);
}

static void test_abort_leaves_nothing(void **state)
{
    fixture *f = *state;
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("half a file", af.fp);
    cnsim_atomic_abort(&af);
    assert_null(af.fp);
    assert_int_equal(n_entries(f->dir), 0);
    cnsim_atomic_abort(&af); /* a second abort is harmless */
}

static void test_abort_keeps_the_previous_file(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen(f->path, "w");
    fputs("keep\n", fp);
    fclose(fp);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("discard\n", af.fp);
    cnsim_atomic_abort(&af);
    char buf[16];
    read_back(f->path, buf, sizeof buf);
    assert_string_equal(buf, "keep\n");
    assert_int_equal(n_entries(f->dir), 1);
}

static void test_missing_directory_fails_as_bad_input(void **state)
{
    fixture *f = *state;
    char path[256];
    snprintf(path, sizeof path, "%s/no/such/dir/out.csv", f->dir);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(path, &af), CNSIM_E_ARG);
    assert_null(af.fp);
    const char *msg = cnsim_last_error();
    assert_non_null(strstr(msg, "cannot write "));
    assert_non_null(strstr(msg, path));
    assert_non_null(strstr(msg, "No such file or directory"));
    assert_int_equal(n_entries(f->dir), 0);
    cnsim_atomic_abort(&af); /* abort after a failed open is harmless */
}

static void test_unwritable_directory_fails_and_leaves_nothing(void **state)
{
    fixture *f = *state;
    if (geteuid() == 0) {
        /* root writes anywhere; a read-only mount stands in. */
        cnsim_atomic_file af;
        assert_int_equal(cnsim_atomic_open("/proc/cnsim-out.csv", &af),
                         CNSIM_E_ARG);
        assert_non_null(strstr(cnsim_last_error(),
                               "cannot write /proc/cnsim-out.csv: "));
        assert_int_equal(access("/proc/cnsim-out.csv", F_OK), -1);
        return;
    }
    assert_int_equal(chmod(f->dir, 0500), 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "Permission denied"));
    chmod(f->dir, 0700);
    assert_int_equal(n_entries(f->dir), 0);
}

static void test_failed_rename_fails_and_removes_the_temp_file(void **state)
{
    fixture *f = *state;
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("data\n", af.fp);
    /* A non-empty directory appears under the name after the open:
     * rename() must fail. */
    assert_int_equal(mkdir(f->path, 0700), 0);
    char inner[256];
    snprintf(inner, sizeof inner, "%s/x", f->path);
    FILE *fp = fopen(inner, "w");
    fclose(fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_E_IO);
    assert_non_null(strstr(cnsim_last_error(), "cannot write "));
    assert_null(af.tmp_path);
    assert_int_equal(n_entries(f->dir), 1); /* only the directory */
    unlink(inner);
}

static void test_a_directory_is_refused_as_bad_input(void **state)
{
    fixture *f = *state;
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->dir, &af), CNSIM_E_ARG);
    assert_null(af.fp);
    assert_non_null(strstr(cnsim_last_error(), "Is a directory; expected a file name"));
    assert_int_equal(n_entries(f->dir), 0);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_a_symlink_to_a_file_replaces_the_target_and_stays_a_link(void **state)
{
    /* The link lives in dir/, its target in dir/sub/: the temporary file
     * must go next to the target, for the rename to stay in one
     * directory. */
    fixture *f = *state;
    char sub[128], target[160], link[160];
    snprintf(sub, sizeof sub, "%s/sub", f->dir);
    snprintf(target, sizeof target, "%s/real.csv", sub);
    snprintf(link, sizeof link, "%s/link.csv", f->dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    write_file(target, "old\n");
    chmod(target, 0604);
    assert_int_equal(symlink("sub/real.csv", link), 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(link, &af), CNSIM_OK);
    assert_false(af.is_in_place);
    assert_non_null(af.tmp_path);
    assert_int_equal(strncmp(af.tmp_path, target, strlen(target)), 0);
    fputs("new\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    char buf[16];
    read_back(link, buf, sizeof buf);
    assert_string_equal(buf, "new\n");
    assert_int_equal(stat(target, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0604);
    assert_int_equal(n_entries(sub), 1);
    unlink(target);
    rmdir(sub);
}

static void test_a_dangling_symlink_creates_its_target(void **state)
{
    fixture *f = *state;
    char target[160];
    snprintf(target, sizeof target, "%s/made.csv", f->dir);
    assert_int_equal(symlink("made.csv", f->path), 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("x\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    struct stat sb;
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    char buf[16];
    read_back(target, buf, sizeof buf);
    assert_string_equal(buf, "x\n");
}

static void test_a_fifo_is_written_in_place_and_stays_a_fifo(void **state)
{
    fixture *f = *state;
    assert_int_equal(mkfifo(f->path, 0600), 0);
    /* The reader opens first (without waiting), so the writer's open
     * does not wait; the data fits in the pipe. */
    int rd = open(f->path, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    assert_true(af.is_in_place);
    assert_null(af.tmp_path);
    assert_null(af.target);
    fputs("through the fifo\n", af.fp);
    assert_int_equal(cnsim_atomic_flush(&af), CNSIM_OK);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    char buf[64];
    ssize_t n = read(rd, buf, sizeof buf - 1);
    assert_true(n > 0);
    buf[n] = '\0';
    assert_string_equal(buf, "through the fifo\n");
    close(rd);
    struct stat sb;
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
    assert_int_equal(n_entries(f->dir), 1);
}

static void test_abort_in_place_sends_nothing_more(void **state)
{
    fixture *f = *state;
    assert_int_equal(mkfifo(f->path, 0600), 0);
    int rd = open(f->path, O_RDONLY | O_NONBLOCK);
    assert_true(rd >= 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("half a table", af.fp);   /* still in the stream's buffer */
    cnsim_atomic_abort(&af);
    char buf[16];
    assert_int_equal(read(rd, buf, sizeof buf), 0);   /* the end, no data */
    close(rd);
    struct stat sb;
    assert_int_equal(lstat(f->path, &sb), 0);
    assert_true(S_ISFIFO(sb.st_mode));
}

static void test_dev_null_is_written_in_place_and_stays_a_device(void **state)
{
    (void)state;
    struct stat before, after;
    if (stat("/dev/null", &before) != 0 || !S_ISCHR(before.st_mode))
        skip();
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open("/dev/null", &af), CNSIM_OK);
    assert_true(af.is_in_place);
    fputs("nothing\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    assert_int_equal(lstat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_int_equal(after.st_ino, before.st_ino);
}

static void test_dev_full_fails_at_commit_and_stays_a_device(void **state)
{
    (void)state;
    struct stat before, after;
    if (stat("/dev/full", &before) != 0 || !S_ISCHR(before.st_mode))
        skip();
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open("/dev/full", &af), CNSIM_OK);
    assert_true(af.is_in_place);
    fputs("no room\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_E_IO);
    assert_non_null(strstr(cnsim_last_error(), "cannot write /dev/full: No space left on device"));
    assert_null(af.fp);
    assert_int_equal(lstat("/dev/full", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_int_equal(after.st_ino, before.st_ino);
}

static void test_an_open_pipe_named_through_proc_is_written_in_place(void **state)
{
    /* /dev/stdout is /proc/self/fd/1: an open file, not a directory
     * entry to replace. */
    (void)state;
    int p[2];
    assert_int_equal(pipe(p), 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", p[1]);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        close(p[0]), close(p[1]);
        skip();
    }
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(path, &af), CNSIM_OK);
    assert_true(af.is_in_place);
    fputs("piped\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    close(p[1]);
    char buf[16];
    ssize_t n = read(p[0], buf, sizeof buf - 1);
    close(p[0]);
    assert_int_equal(n, 6);
    buf[n] = '\0';
    assert_string_equal(buf, "piped\n");
}

static void test_a_regular_file_named_through_proc_is_appended_to(void **state)
{
    /* `--out /dev/stdout >> log`: the log keeps what it had and is the
     * same file afterwards. */
    fixture *f = *state;
    write_file(f->path, "before\n");
    int fd = open(f->path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    struct stat before, after;
    assert_int_equal(stat(f->path, &before), 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(path, &af), CNSIM_OK);
    assert_true(af.is_in_place);
    fputs("after\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_OK);
    close(fd);
    assert_int_equal(stat(f->path, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    char buf[32];
    read_back(f->path, buf, sizeof buf);
    assert_string_equal(buf, "before\nafter\n");
    assert_int_equal(n_entries(f->dir), 1);
}

static void test_a_socket_is_refused_as_bad_input(void **state)
{
    fixture *f = *state;
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    assert_true(strlen(f->path) < sizeof sa.sun_path);
    memcpy(sa.sun_path, f->path, strlen(f->path) + 1);
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "expected a file, a device or a FIFO"));
    close(s);
    assert_int_equal(n_entries(f->dir), 1);   /* the socket, nothing else */
}

static void test_a_planted_link_at_a_temp_name_is_never_followed(void **state)
{
    /* Temporary names are random and created with O_EXCL: even a link
     * planted at every name of the old predictable scheme, or at a
     * name another open just used, receives nothing. */
    fixture *f = *state;
    char victim[160], planted[192];
    snprintf(victim, sizeof victim, "%s/victim", f->dir);
    write_file(victim, "keep\n");
    snprintf(planted, sizeof planted, "%s.tmp%ld.csv", f->path, (long)getpid());
    assert_int_equal(symlink(victim, planted), 0);
    cnsim_atomic_file a, b;
    assert_int_equal(cnsim_atomic_open(f->path, &a), CNSIM_OK);
    assert_int_equal(cnsim_atomic_open(f->path, &b), CNSIM_OK);
    assert_string_not_equal(a.tmp_path, b.tmp_path);
    struct stat sb;
    assert_int_equal(lstat(a.tmp_path, &sb), 0);
    assert_true(S_ISREG(sb.st_mode));
    fputs("out\n", a.fp);
    fputs("out\n", b.fp);
    cnsim_atomic_abort(&b);
    assert_int_equal(cnsim_atomic_commit(&a), CNSIM_OK);
    char buf[16];
    read_back(victim, buf, sizeof buf);
    assert_string_equal(buf, "keep\n");
    unlink(planted);
}

static void test_full_disk_fails_at_commit(void **state)
{
    /* A write error that shows only when the buffer is flushed (a full
     * disk): the temp file's stream is swapped for one on /dev/full, which
     * fails every write with ENOSPC. The commit must fail, remove the temp
     * file and leave no output. */
    fixture *f = *state;
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    FILE *full = fopen("/dev/full", "w");
    if (!full) {
        cnsim_atomic_abort(&af);
        skip();
    }
    fclose(af.fp);
    af.fp = full;
    setvbuf(full, NULL, _IOFBF, 4096);
    fputs("data that will not fit\n", full);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_E_IO);
    assert_non_null(strstr(cnsim_last_error(), "No space left on device"));
    assert_int_equal(access(f->path, F_OK), -1);
    assert_int_equal(n_entries(f->dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_commit_makes_the_file_with_its_content, setup, teardown),
        cmocka_unit_test_setup_teardown(test_commit_replaces_an_existing_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_nothing, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_abort_keeps_the_previous_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_missing_directory_fails_as_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_unwritable_directory_fails_and_leaves_nothing, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_failed_rename_fails_and_removes_the_temp_file, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_full_disk_fails_at_commit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_directory_is_refused_as_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_symlink_to_a_file_replaces_the_target_and_stays_a_link, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_a_dangling_symlink_creates_its_target, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_fifo_is_written_in_place_and_stays_a_fifo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_in_place_sends_nothing_more, setup, teardown),
        cmocka_unit_test(test_dev_null_is_written_in_place_and_stays_a_device),
        cmocka_unit_test(test_dev_full_fails_at_commit_and_stays_a_device),
        cmocka_unit_test(test_an_open_pipe_named_through_proc_is_written_in_place),
        cmocka_unit_test_setup_teardown(test_a_regular_file_named_through_proc_is_appended_to, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_socket_is_refused_as_bad_input, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_planted_link_at_a_temp_name_is_never_followed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
