/* cnsim_command_run (include/cnsim/command.h, src/cli/call.c): a command
 * run from a JSON request inside the library. The request's words (lists
 * interleaved by index, flags, numbers, positionals), the outputs kept
 * in the result (standard output, --spikes, a figure), files written only
 * when asked, the CLI's messages and exit codes for bad requests, and
 * concurrent calls in threads keeping their outputs apart. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <jansson.h>

#include "cnsim/cnsim.h"

static cnsim_command_result *call(const char *cmd, const char *req, unsigned flags, cnsim_status want)
{
    cnsim_command_result *r = NULL;
    cnsim_status st = cnsim_command_run(cmd, req, flags, &r);
    if (st != want)
        fprintf(stderr, "%s %s: status %d (%s), messages:\n%s\n", cmd, req, st, cnsim_last_error(),
                cnsim_command_messages(r));
    assert_int_equal(st, want);
    assert_non_null(r);
    return r;
}

static json_t *out_json(const cnsim_command_result *r)
{
    size_t n;
    const char *s = cnsim_command_output(r, "--out", &n);
    assert_non_null(s);
    json_error_t e;
    json_t *j = json_loadb(s, n, 0, &e);
    assert_non_null(j);
    return j;
}

static void taper_prints_its_json(void **state)
{
    (void)state;
    cnsim_command_result *r =
        call("taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"method\": \"proportional\"}", 0, CNSIM_OK);
    assert_int_equal(cnsim_command_exit_code(r), 0);
    json_t *j = out_json(r);
    assert_string_equal(json_string_value(json_object_get(j, "method")), "proportional");
    assert_true(json_array_size(json_object_get(j, "schedule")) > 5);
    json_decref(j);
    assert_string_equal(cnsim_command_output_name(r, 0), "--out");
    assert_null(cnsim_command_output(r, "--plot", NULL));
    cnsim_command_result_free(r);
}

/* --digits 17: every real reads back as the double computed. */
static void digits_give_full_precision(void **state)
{
    (void)state;
    const char *req6 = "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\"}";
    const char *req17 = "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"digits\": 17}";
    cnsim_command_result *a = call("taper", req6, 0, CNSIM_OK), *b = call("taper", req17, 0, CNSIM_OK);
    json_t *ja = out_json(a), *jb = out_json(b);
    double ea = json_real_value(json_object_get(json_array_get(json_object_get(ja, "schedule"), 0), "effect"));
    double eb = json_real_value(json_object_get(json_array_get(json_object_get(jb, "schedule"), 0), "effect"));
    assert_true(fabs(ea - eb) < 1e-6 * fabs(eb) && ea != eb);   /* 6 digits, then all of them */
    json_decref(ja), json_decref(jb);
    cnsim_command_result_free(a), cnsim_command_result_free(b);
    cnsim_command_result *bad = call("taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"digits\": 30}", 0,
                                     CNSIM_E_ARG);
    assert_non_null(strstr(cnsim_last_error(), "--digits"));
    cnsim_command_result_free(bad);
}

/* {"drug": [a, b], "regimen": [r, s]} is --drug a --regimen r --drug b
 * --regimen s: the event records say which dose went to which drug. */
static void lists_pair_by_index(void **state)
{
    (void)state;
    cnsim_command_result *r = call("simulate",
                                   "{\"drug\": [\"clonazepam\", \"sertraline\"], "
                                   "\"regimen\": [\"0.5 mg once\", \"50 mg once start 1 d\"], "
                                   "\"print-events\": true, \"format\": \"csv\", \"quiet\": false}",
                                   0, CNSIM_OK);
    const char *s = cnsim_command_output(r, NULL, NULL);
    assert_non_null(s);
    assert_non_null(strstr(s, ",clonazepam,"));
    const char *c = strstr(s, "\n1,0,1,clonazepam,"), *t = strstr(s, "\n1,24,1,sertraline,");
    if (!c || !t)
        fprintf(stderr, "%s\n", s);
    assert_non_null(c);
    assert_non_null(t);
    assert_non_null(strstr(c, ",0.5,"));
    assert_non_null(strstr(t, ",50,"));
    cnsim_command_result_free(r);
}

static void positionals_and_subcommands(void **state)
{
    (void)state;
    cnsim_command_result *r = call("interact", "{\"drugs\": [\"clonazepam:1mg\", \"oxycodone:20mg\"]}", 0, CNSIM_OK);
    json_t *j = out_json(r);
    assert_true(json_array_size(json_object_get(j, "findings")) > 0);
    json_decref(j);
    cnsim_command_result_free(r);
    r = call("drug show", "{\"drugs\": \"Klonopin\"}", 0, CNSIM_OK);
    size_t n;
    assert_non_null(strstr(cnsim_command_output(r, NULL, &n), "\"clonazepam\""));
    cnsim_command_result_free(r);
}

/* --spikes - and a figure named by a path stay in the result; no file is
 * made unless CNSIM_COMMAND_WRITE_FILES. */
static void outputs_kept_in_the_result(void **state)
{
    (void)state;
    cnsim_command_result *r = call("network",
                                   "{\"n-exc\": 80, \"n-inh\": 20, \"duration\": \"50ms\", \"drive\": 0.5, "
                                   "\"spikes\": \"-\", \"threads\": 1}",
                                   0, CNSIM_OK);
    size_t n;
    const char *sp = cnsim_command_output(r, "--spikes", &n);
    assert_non_null(sp);
    assert_true(n > 0 && !strncmp(sp, "neuron,t_ms\n", 12));
    assert_int_equal(cnsim_command_n_outputs(r), 2);
    cnsim_command_result_free(r);

    char dir[] = "/tmp/cnsim_call_XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.svg", dir);
    char req[256];
    snprintf(req, sizeof req, "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"plot\": \"%s\"}", path);
    r = call("taper", req, 0, CNSIM_OK);
    const char *svg = cnsim_command_output(r, "--plot", &n);
    assert_non_null(svg);
    assert_non_null(strstr(svg, "<svg"));
    assert_int_not_equal(access(path, F_OK), 0);
    cnsim_command_result_free(r);
    r = call("taper", req, CNSIM_COMMAND_WRITE_FILES, CNSIM_OK);
    assert_null(cnsim_command_output(r, "--plot", NULL));
    assert_int_equal(access(path, F_OK), 0);
    cnsim_command_result_free(r);
    unlink(path);
    rmdir(dir);
}

/* Bad requests: exit 2, CNSIM_E_ARG, the message as the CLI prints it
 * (without "cnsim: "). */
static void bad_requests(void **state)
{
    (void)state;
    static const struct {
        const char *cmd, *req, *msg;
    } cases[] = {
        {"taper", "{\"drug\": \"clonazepam\", \"frm\": \"1 mg bid\"}", "taper: unknown option '--frm' (did you mean --from?"},
        {"taper", "[1, 2]", "request: expected a JSON object"},
        {"taper", "{\"drug\": ", "request: malformed JSON"},
        {"taper", "\"drug\"", "request: malformed JSON"},
        {"taper", "{\"drug\": {\"name\": \"x\"}}", "request: drug: an object is not an option value"},
        {"taper", "{\"drug\": [[\"x\"]]}", "request: drug: a list inside a list"},
        {"taper", "{\"drug\": [true]}", "request: drug: true is not an option value"},
        {"taper", "{\"--drug\": \"x\"}", "request: '--drug' is not an option name"},
        {"taper", "{\"Drug\": \"x\"}", "request: 'Drug' is not an option name"},
        {"taper", "{\"drug\": \"x\", \"drug\": \"y\"}", "request: malformed JSON"},
        {"taper", "{\"drugs\": true}", "request: drugs: true is not a name"},
        {"tapir", "{}", "unknown command 'tapir'"},
        {"", "{}", "request: no command"},
        {NULL, NULL, "request: no command"},
        {"taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"method\": \"frob\"}",
         "--method: unknown taper method 'frob'"},
        {"taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"format\": \"sql\"}", "--format: 'sql'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_command_result *r = NULL;
        cnsim_status st = cnsim_command_run(cases[i].cmd, cases[i].req, 0, &r);
        if (st != CNSIM_E_ARG || strncmp(cnsim_last_error(), cases[i].msg, strlen(cases[i].msg)))
            fprintf(stderr, "case %zu: status %d, '%s'\n", i, st, cnsim_last_error());
        assert_int_equal(st, CNSIM_E_ARG);
        assert_int_equal(cnsim_command_exit_code(r), 2);
        assert_true(!strncmp(cnsim_last_error(), cases[i].msg, strlen(cases[i].msg)));
        assert_non_null(strstr(cnsim_command_messages(r), cases[i].msg));
        cnsim_command_result_free(r);
    }
    assert_int_equal(cnsim_command_run("taper", "{}", 0, NULL), CNSIM_E_ARG);
    cnsim_command_result_free(NULL);
    assert_int_equal(cnsim_command_exit_code(NULL), 1);
    assert_null(cnsim_command_output(NULL, NULL, NULL));
    assert_string_equal(cnsim_command_messages(NULL), "");
}

/* CNSIM_COMMAND_NO_FILE_INPUT: no option names a file to read, and a
 * scenario is a name, never a path. */
static void requests_name_no_files(void **state)
{
    (void)state;
    static const struct {
        const char *cmd, *req, *msg;
    } cases[] = {
        {"simulate", "{\"events\": \"/etc/passwd\"}", "simulate: --events reads a file"},
        {"simulate", "{\"drug\": \"x\", \"model\": \"/etc/passwd\"}", "simulate: --model reads a file"},
        {"taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"diary\": \"../d.csv\"}",
         "taper: --diary reads a file"},
        {"tdm", "{\"drug\": \"clonazepam\", \"events\": \"x.csv\"}", "tdm: --events reads a file"},
        {"network", "{\"config\": \"/etc/passwd\"}", "network: --config reads a file"},
        {"drug show", "{\"drugs\": \"clonazepam\", \"registry\": \"/tmp/x.db\"}", "drug show: --registry reads a file"},
        {"population", "{\"drugs\": \"../../etc/passwd\"}", "population: '../../etc/passwd': this request may not name files"},
        {"population", "{\"drugs\": \"bench-p1.json\"}", "population: 'bench-p1.json': this request may not name files"},
        {"trial", "{\"drugs\": \"/etc/passwd\"}", "trial: '/etc/passwd': this request may not name files"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cnsim_command_result *r = NULL;
        cnsim_status st = cnsim_command_run(cases[i].cmd, cases[i].req, CNSIM_COMMAND_NO_FILE_INPUT, &r);
        if (st != CNSIM_E_ARG || strncmp(cnsim_last_error(), cases[i].msg, strlen(cases[i].msg)))
            fprintf(stderr, "case %zu: status %d, '%s'\n", i, st, cnsim_last_error());
        assert_int_equal(st, CNSIM_E_ARG);
        assert_true(!strncmp(cnsim_last_error(), cases[i].msg, strlen(cases[i].msg)));
        cnsim_command_result_free(r);
    }
    /* a scenario by name still runs; the same request may read files when allowed */
    cnsim_command_result *r = call("population", "{\"drugs\": \"bench-p1\", \"n\": 5, \"threads\": 1}",
                                   CNSIM_COMMAND_NO_FILE_INPUT, CNSIM_OK);
    cnsim_command_result_free(r);
    r = call("simulate", "{\"events\": \"/nonexistent/d.csv\"}", 0, CNSIM_E_ARG);
    assert_null(strstr(cnsim_last_error(), "may not name files"));
    cnsim_command_result_free(r);
}

/* Concurrent calls keep their outputs and messages apart. */
typedef struct job {
    const char *cmd, *req;
    char *first;
    int same, n;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    for (int k = 0; k < j->n; k++) {
        cnsim_command_result *r = NULL;
        if (cnsim_command_run(j->cmd, j->req, 0, &r) != CNSIM_OK) {
            cnsim_command_result_free(r);
            return NULL;
        }
        const char *s = cnsim_command_output(r, NULL, NULL);
        if (!j->first)
            j->first = strdup(s);
        else
            j->same += !strcmp(s, j->first);
        cnsim_command_result_free(r);
    }
    return NULL;
}

static void threads_keep_outputs_apart(void **state)
{
    (void)state;
    job jobs[4] = {
        {"interact", "{\"drugs\": [\"clonazepam:1mg\", \"oxycodone:20mg\"]}", NULL, 0, 3},
        {"taper", "{\"drug\": \"sertraline\", \"from\": \"100 mg qd\", \"plot\": \"s.svg\"}", NULL, 0, 3},
        {"taper", "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"plot\": \"c.svg\"}", NULL, 0, 3},
        {"taper", "{\"drug\": \"clonazepam\", \"frm\": \"1 mg bid\"}", NULL, 0, 0},
    };
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &jobs[i]), 0);
    for (int i = 0; i < 4; i++)
        pthread_join(t[i], NULL);
    for (int i = 0; i < 3; i++) {
        assert_non_null(jobs[i].first);
        assert_int_equal(jobs[i].same, 2);
    }
    /* each thread got its own command's output */
    assert_non_null(strstr(jobs[0].first, "\"findings\""));
    assert_non_null(strstr(jobs[1].first, "\"sertraline\""));
    assert_null(strstr(jobs[2].first, "\"sertraline\""));
    for (int i = 0; i < 3; i++)
        free(jobs[i].first);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(taper_prints_its_json),
        cmocka_unit_test(digits_give_full_precision),
        cmocka_unit_test(lists_pair_by_index),
        cmocka_unit_test(positionals_and_subcommands),
        cmocka_unit_test(outputs_kept_in_the_result),
        cmocka_unit_test(bad_requests),
        cmocka_unit_test(requests_name_no_files),
        cmocka_unit_test(threads_keep_outputs_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
