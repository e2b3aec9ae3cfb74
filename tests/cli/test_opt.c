/* The option parser of the command-line tool (src/cli/opt.c), compiled
 * into this test: every kind of option, both value forms, the shared
 * ranges, and the one-line messages for bad command lines. */
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <omp.h>

#include "cli/opt.c"

typedef struct args {
    int verbose, quiet, has_seed;
    const char *name, *out, *plot;
    double until_h, ratio, cell_h;
    unsigned long long steps;
    uint64_t seed;
    int threads;
    size_t n;
    cli_format fmt;
    cli_list tags;
    char order[64];
} args;

/* Records the order in which order-dependent options arrive. */
static int note(const cli_opt *opt, const char *spelling, const char *value, void *a)
{
    args *x = a;
    size_t len = strlen(x->order);
    snprintf(x->order + len, sizeof x->order - len, "%s%s", len ? "," : "", value);
    return strcmp(value, "boom") ? 0 : 2;
}

static const cli_opt opts[] = {
    {.name = "--verbose", .kind = CLI_OPT_FLAG, .off = offsetof(args, verbose), .help = "talk"},
    {.name = "--name", .alias = "--label", .kind = CLI_OPT_STRING, .off = offsetof(args, name), .metavar = "NAME",
     .help = "a name"},
    {.name = "--ratio", .kind = CLI_OPT_NUMBER, .off = offsetof(args, ratio), .lo = 0, .hi = 1, .metavar = "R",
     .help = "a fraction"},
    {.name = "--steps", .kind = CLI_OPT_WHOLE, .off = offsetof(args, steps), .min = 2, .max = 200, .metavar = "K",
     .help = "points"},
    {.name = "--cell", .kind = CLI_OPT_DURATION, .off = offsetof(args, cell_h), .bare_unit = "ms", .metavar = "T",
     .eg = "500ms", .help = "cell-scale time"},
    {.name = "--tag", .kind = CLI_OPT_LIST, .off = offsetof(args, tags), .metavar = "TAG", .help = "repeatable"},
    {.name = "--step", .kind = CLI_OPT_CALL, .call = note, .metavar = "S", .help = "in order"},
    {.name = "--config", .kind = CLI_OPT_CALL, .call = note, .metavar = "FILE", .flags = CLI_OPT_EARLY,
     .help = "applied first"},
    {.kind = CLI_OPT_SEED, .off = offsetof(args, seed), .given = CLI_AT(args, has_seed)},
    {.kind = CLI_OPT_THREADS, .off = offsetof(args, threads)},
    {.kind = CLI_OPT_COUNT, .off = offsetof(args, n), .max = 1000},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(args, fmt)},
    {.kind = CLI_OPT_OUT, .off = offsetof(args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(args, plot)},
    {.kind = CLI_OPT_UNTIL, .off = offsetof(args, until_h)},
    {.kind = CLI_OPT_QUIET, .off = offsetof(args, quiet)},
};

static const cli_cmd cmd = {
    .name = "demo-cmd",
    .usage = "[FILE] [options]",
    .about = "A command for the tests.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim demo-cmd --n 3\n",
    .formats = CLI_FMT_BIT(CLI_FMT_TEXT) | CLI_FMT_BIT(CLI_FMT_JSON),
    .max_pos = 2,
    .pos_metavar = "FILE",
};

static char err[2048];
static const char *pos[2];
static int n_pos;

/* Parses the NULL-terminated words after "demo-cmd" into *a, with
 * stderr captured in err and stdout discarded. */
static int parse(args *a, ...)
{
    char *argv[64] = {"demo-cmd"};
    int argc = 1;
    va_list ap;
    va_start(ap, a);
    for (char *w; (w = va_arg(ap, char *)) && argc < 63;)
        argv[argc++] = w;
    va_end(ap);
    fflush(stderr);
    fflush(stdout);
    int save_err = dup(2), save_out = dup(1);
    FILE *tmp = tmpfile(), *null = fopen("/dev/null", "w");
    assert_non_null(tmp);
    assert_non_null(null);
    dup2(fileno(tmp), 2);
    dup2(fileno(null), 1);
    int rc = cli_opt_parse(&cmd, argc, argv, a, pos, &n_pos);
    fflush(stderr);
    fflush(stdout);
    dup2(save_err, 2);
    dup2(save_out, 1);
    close(save_err);
    close(save_out);
    rewind(tmp);
    size_t k = fread(err, 1, sizeof err - 1, tmp);
    err[k] = '\0';
    fclose(tmp);
    fclose(null);
    return rc;
}

static int one_line(void)
{
    size_t n = strlen(err);
    return n > 0 && err[n - 1] == '\n' && !memchr(err, '\n', n - 1);
}

static void test_both_value_forms_fill_every_kind(void **state)
{
    (void)state;
    args a = {0}, b = {0};
    assert_int_equal(parse(&a, "--verbose", "--name", "x", "--ratio", "0.25", "--steps", "7", "--cell", "20",
                           "--seed", "42", "--threads", "3", "--n", "9", "--format", "json", "--out", "o.csv",
                           "--plot", "p.png", "--until", "2d", "--quiet", "--tag", "a", "--tag", "b", "in.json",
                           NULL),
                     CLI_PARSED);
    assert_int_equal(parse(&b, "--verbose", "--name=x", "--ratio=0.25", "--steps=7", "--cell=20", "--seed=42",
                           "--threads=3", "--n=9", "--format=json", "--out=o.csv", "--plot=p.png", "--until=2d",
                           "--quiet", "--tag=a", "--tag=b", "in.json", NULL),
                     CLI_PARSED);
    args *x[2] = {&a, &b};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(x[i]->verbose, 1);
        assert_string_equal(x[i]->name, "x");
        assert_true(x[i]->ratio == 0.25);
        assert_int_equal(x[i]->steps, 7);
        assert_true(fabs(x[i]->cell_h * 3.6e6 - 20) < 1e-9);
        assert_true(x[i]->seed == 42 && x[i]->has_seed == 1);
        assert_int_equal(x[i]->threads, 3);
        assert_int_equal(x[i]->n, 9);
        assert_int_equal(x[i]->fmt, CLI_FMT_JSON);
        assert_string_equal(x[i]->out, "o.csv");
        assert_string_equal(x[i]->plot, "p.png");
        assert_true(x[i]->until_h == 48);
        assert_int_equal(x[i]->quiet, 1);
        assert_int_equal(x[i]->tags.n, 2);
        assert_string_equal(x[i]->tags.v[1], "b");
    }
    assert_int_equal(n_pos, 1);
    assert_string_equal(pos[0], "in.json");
}

static void test_an_alias_fills_the_same_field(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--label", "old", NULL), CLI_PARSED);
    assert_string_equal(a.name, "old");
    assert_int_equal(parse(&a, "--label", NULL), 2);
    assert_non_null(strstr(err, "--label needs a value"));
}

static void test_unknown_option_is_named_also_when_last(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--n", "3", "--frob", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: unknown option '--frob' (see cnsim demo-cmd --help)\n");
    assert_int_equal(parse(&a, "--frob=1", "--n", "3", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: unknown option '--frob' (see cnsim demo-cmd --help)\n");
    assert_int_equal(parse(&a, "-x", NULL), 2);
    assert_non_null(strstr(err, "unknown option '-x'"));
    assert_int_equal(parse(&a, "--sed", "1", NULL), 2);
    assert_non_null(strstr(err, "did you mean --seed?"));
}

static void test_missing_value_names_the_flag_and_what_it_takes(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--until", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: --until needs a value (DUR, e.g. 42d)\n");
    assert_int_equal(parse(&a, "--format", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: --format needs a value (text or json)\n");
    assert_int_equal(parse(&a, "--out", "--n", "3", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: --out needs a value (FILE, or - for standard output)\n");
    assert_int_equal(parse(&a, "--steps", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: --steps needs a value (K, a whole number from 2 to 200)\n");
}

static void test_a_flag_takes_no_value(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--quiet=yes", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: --quiet takes no value (got '--quiet=yes')\n");
}

static void test_shared_ranges(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--seed", "18446744073709551615", NULL), CLI_PARSED);
    assert_true(a.seed == UINT64_MAX);
    assert_int_equal(parse(&a, "--seed", "18446744073709551616", NULL), 2);
    assert_string_equal(err, "cnsim: --seed: 18446744073709551616 is out of range; expected a whole number "
                             "from 0 to 18446744073709551615\n");
    assert_int_equal(parse(&a, "--seed", "-1", NULL), 2);
    assert_true(one_line() && strstr(err, "--seed: '-1' is not a whole number"));
    /* 0 becomes the cores other work leaves free: at least one. */
    assert_int_equal(parse(&a, "--threads", "0", NULL), CLI_PARSED);
    assert_true(a.threads >= 1 && a.threads <= omp_get_num_procs());
    assert_int_equal(parse(&a, "--threads", "4096", NULL), CLI_PARSED);
    assert_int_equal(parse(&a, "--threads", "4097", NULL), 2);
    assert_true(one_line() && strstr(err, "cnsim: --threads: 4097 is out of range"));
    assert_int_equal(parse(&a, "--n", "0", NULL), 2);
    assert_true(one_line() && strstr(err, "--n: 0 is out of range; expected a whole number from 1 to 1000"));
    assert_int_equal(parse(&a, "--n", "1001", NULL), 2);
    assert_int_equal(parse(&a, "--ratio", "x", NULL), 2);
    assert_true(one_line() && !strncmp(err, "cnsim: --ratio: 'x' is not a number", 35));
    assert_int_equal(parse(&a, "--until", "3y", NULL), 2);
    assert_true(one_line() && !strncmp(err, "cnsim: --until: unknown time unit 'y'", 37));
}

static void test_formats_outside_the_offer_are_refused_by_name(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--format", "csv", NULL), 2);
    assert_string_equal(err, "cnsim: --format: 'csv' is not offered by cnsim demo-cmd; expected text or json\n");
    assert_int_equal(parse(&a, "--format", "xml", NULL), 2);
    assert_string_equal(err, "cnsim: --format: 'xml' is not a format; expected text or json\n");
}

static void test_output_paths(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--out", "-", NULL), CLI_PARSED);
    assert_string_equal(a.out, "-");
    assert_int_equal(parse(&a, "--out=", NULL), 2);
    assert_true(one_line() && strstr(err, "--out: empty file name"));
    assert_int_equal(parse(&a, "--plot", "-", NULL), 2);
    assert_true(one_line() && strstr(err, "--plot: a figure is written to a file"));
}

static void test_early_options_come_first_and_calls_keep_their_order(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--step", "1", "--config", "c", "--step", "2", NULL), CLI_PARSED);
    assert_string_equal(a.order, "c,1,2");
    args b = {0};
    assert_int_equal(parse(&b, "--step", "boom", NULL), 2);
}

static void test_positionals_dash_and_double_dash(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "-", "--", "--not-an-option", NULL), CLI_PARSED);
    assert_int_equal(n_pos, 2);
    assert_string_equal(pos[0], "-");
    assert_string_equal(pos[1], "--not-an-option");
    assert_int_equal(parse(&a, "a", "b", "c", NULL), 2);
    assert_string_equal(err, "cnsim demo-cmd: unexpected argument 'c' (at most 2 FILE; see cnsim demo-cmd --help)\n");
}

static void test_negative_numbers_are_values(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--name", "-5", NULL), CLI_PARSED);
    assert_string_equal(a.name, "-5");
}

static void test_help_wins_and_lists_every_option_with_examples(void **state)
{
    (void)state;
    args a = {0};
    assert_int_equal(parse(&a, "--frob", "--help", NULL), 0);
    assert_string_equal(err, "");
    char *buf = NULL;
    size_t n = 0;
    FILE *fp = open_memstream(&buf, &n);
    assert_non_null(fp);
    cli_opt_help(&cmd, fp);
    fclose(fp);
    const char *want[] = {"usage: cnsim demo-cmd [FILE] [options]\n", "--name NAME", "(also --label)",
                          "--seed N", "--threads N", "--n N", "--format F", "output format: text or json",
                          "--out FILE", "--plot FILE", "--until DUR", "--quiet", "-h, --help",
                          "\nexamples:\n  cnsim demo-cmd --n 3\n"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
        if (!strstr(buf, want[i]))
            fail_msg("help lacks '%s':\n%s", want[i], buf);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_both_value_forms_fill_every_kind),
        cmocka_unit_test(test_an_alias_fills_the_same_field),
        cmocka_unit_test(test_unknown_option_is_named_also_when_last),
        cmocka_unit_test(test_missing_value_names_the_flag_and_what_it_takes),
        cmocka_unit_test(test_a_flag_takes_no_value),
        cmocka_unit_test(test_shared_ranges),
        cmocka_unit_test(test_formats_outside_the_offer_are_refused_by_name),
        cmocka_unit_test(test_output_paths),
        cmocka_unit_test(test_early_options_come_first_and_calls_keep_their_order),
        cmocka_unit_test(test_positionals_dash_and_double_dash),
        cmocka_unit_test(test_negative_numbers_are_values),
        cmocka_unit_test(test_help_wins_and_lists_every_option_with_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
