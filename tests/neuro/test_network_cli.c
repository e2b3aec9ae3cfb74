/* `cnsim network` as a user meets it: JSON fields, spike file, and exit
 * code 2 with a message for bad input. Runs the built binary
 * ($CNSIM_BINARY_DIR/cnsim) on small networks. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <cmocka.h>

static char bin[4096];
static char out[1 << 16];

/* Runs `cnsim network ARGS` with stdout+stderr captured in out; returns
 * the exit code. */
static int cli(const char *args)
{
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "%s network %s 2>&1", bin, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = 0;
    int st = pclose(p);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *small = "--n-exc 160 --n-inh 40 --p-connect 0.4 --duration 100ms --seed 3";

static void test_json_reports_the_documented_fields(void **state)
{
    (void)state;
    char args[512];
    snprintf(args, sizeof args, "%s --gabaa-modulation 1.5 --threads 2 --format json", small);
    assert_int_equal(cli(args), 0);
    const char *keys[] = {"\"n_neurons\": 200", "\"total_spikes\"", "\"mean_rate_hz\"",
                          "\"rate_exc_hz\"", "\"rate_inh_hz\"", "\"seizure_like\": ",
                          "\"synchrony\"", "\"wall_s\"", "\"build_s\"", "\"neuron_steps_per_s\"",
                          "\"gabaa_modulation\": 1.5"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (!strstr(out, keys[i]))
            fail_msg("missing %s in:\n%s", keys[i], out);
}

static void test_spike_file_has_neuron_time_pairs(void **state)
{
    (void)state;
    char path[] = "/tmp/cnsim_spikesXXXXXX", args[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    snprintf(args, sizeof args, "%s --spikes %s --format json", small, path);
    assert_int_equal(cli(args), 0);
    const char *tot = strstr(out, "\"total_spikes\": ");
    assert_non_null(tot);
    long total = strtol(tot + 16, NULL, 10);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[128];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "neuron,t_ms\n");
    long rows = 0;
    unsigned id;
    double t;
    while (fscanf(f, "%u,%lf", &id, &t) == 2) {
        assert_true(id < 200 && t > 0 && t <= 100);
        rows++;
    }
    fclose(f);
    remove(path);
    assert_int_equal(rows, total);
}

static void test_bad_input_exits_2_naming_the_problem(void **state)
{
    (void)state;
    struct { const char *args, *says; } cases[] = {
        {"--w-inh -67 --duration 10ms", "--w-inh"},
        {"--dt 1 --duration 10ms", "suggested 0.1 ms"},
        {"--n-exc 2000000 --p-connect 0.5 --duration 10ms", "GB"},
        {"--gabaa-modulation -1", "--gabaa-modulation"},
        {"--bzd-occupancy 1.5", "--bzd-occupancy"},
        {"--adaptation 1.2 --duration 10ms", "adaptation"},
        {"--duration 1h", "--duration"},
        {"--model vogels", "--model"},
        {"--config /nonexistent/net.json", "--config"},
        {"--format xml", "--format"},
        {"--frobnicate 3", "unknown option"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc = cli(cases[i].args);
        if (rc != 2 || !strstr(out, cases[i].says))
            fail_msg("'%s' gave exit %d and:\n%s", cases[i].args, rc, out);
    }
}

static void test_malformed_config_exits_2(void **state)
{
    (void)state;
    char path[] = "/tmp/cnsim_netcfgXXXXXX", args[512];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("{\"n_exc\": 100, \"p_connect\": }", f);
    fclose(f);
    snprintf(args, sizeof args, "--config %s", path);
    int rc = cli(args);
    remove(path);
    assert_int_equal(rc, 2);
    assert_non_null(strstr(out, "line 1"));
}

static void test_example_config_runs(void **state)
{
    (void)state;
    const char *src = getenv("CNSIM_SOURCE_DIR");
    if (!src)
        skip();
    char args[4096];
    snprintf(args, sizeof args, "--config %s/scenarios/network-small.json --duration 50ms --format json", src);
    assert_int_equal(cli(args), 0);
    assert_non_null(strstr(out, "\"n_neurons\": 1000"));
}

int main(void)
{
    const char *dir = getenv("CNSIM_BINARY_DIR");
    snprintf(bin, sizeof bin, "%s/cnsim", dir ? dir : "build");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_reports_the_documented_fields),
        cmocka_unit_test(test_spike_file_has_neuron_time_pairs),
        cmocka_unit_test(test_bad_input_exits_2_naming_the_problem),
        cmocka_unit_test(test_malformed_config_exits_2),
        cmocka_unit_test(test_example_config_runs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
