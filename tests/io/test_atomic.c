/* tests for src/io/atomic.c: temp file + rename output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
    /* The destination is a non-empty directory: rename() must fail. */
    assert_int_equal(mkdir(f->path, 0700), 0);
    char inner[256];
    snprintf(inner, sizeof inner, "%s/x", f->path);
    FILE *fp = fopen(inner, "w");
    fclose(fp);
    cnsim_atomic_file af;
    assert_int_equal(cnsim_atomic_open(f->path, &af), CNSIM_OK);
    fputs("data\n", af.fp);
    assert_int_equal(cnsim_atomic_commit(&af), CNSIM_E_IO);
    assert_non_null(strstr(cnsim_last_error(), "cannot write "));
    assert_null(af.tmp_path);
    assert_int_equal(n_entries(f->dir), 1); /* only the directory */
    unlink(inner);
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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
