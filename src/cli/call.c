/* cnsim_command_run (include/cnsim/command.h): a JSON request turned into
 * the command line it stands for, run through the CLI's own dispatch with
 * this thread's streams in memory (streams.c), so a program gets exactly
 * what the command prints. */
#define _GNU_SOURCE   /* vasprintf */
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cnsim/command.h"
#include "core_impl.h"
#include "streams.h"

typedef struct capture {
    char option[40];
    char *buf;
    size_t len;
    FILE *fp;
} capture;

struct cnsim_command_result {
    int exit_code;
    char *messages;
    size_t messages_len;
    FILE *err;
    size_t n;
    capture cap[CLI_OUTS_MAX + 1];   /* [0]: "--out" */
};

static _Thread_local cnsim_command_result *tls_res;
static _Thread_local unsigned tls_flags;

static FILE *capture_open(cnsim_command_result *r, const char *option)
{
    for (size_t k = 0; k < r->n; k++)
        if (!strcmp(r->cap[k].option, option))
            return r->cap[k].fp;
    if (r->n == sizeof r->cap / sizeof r->cap[0])
        return NULL;
    capture *c = &r->cap[r->n];
    snprintf(c->option, sizeof c->option, "%s", option);
    if (!(c->fp = open_memstream(&c->buf, &c->len)))
        return NULL;
    r->n++;
    return c->fp;
}

FILE *cli_call_capture(const char *option)
{
    return tls_res ? capture_open(tls_res, option) : NULL;
}

int cli_call_writes_files(void)
{
    return (tls_flags & CNSIM_COMMAND_WRITE_FILES) != 0;
}

/* The command line, grown as the request is read. */
typedef struct words {
    char **v;
    size_t n, cap;
} words;

static int words_add(words *w, char *s)
{
    if (!s)
        return -1;
    if (w->n + 1 >= w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        char **v = realloc(w->v, cap * sizeof *v);
        if (!v) {
            free(s);
            return -1;
        }
        w->v = v, w->cap = cap;
    }
    w->v[w->n++] = s;
    w->v[w->n] = NULL;
    return 0;
}

static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    return s;
}

static void words_free(words *w)
{
    for (size_t i = 0; i < w->n; i++)
        free(w->v[i]);
    free(w->v);
}

/* One value as command-line text: a string as it is, an integer in
 * decimal, a real with 17 significant digits. NULL (with *why set) for
 * any other JSON type. */
static char *value_text(const json_t *v, const char **why)
{
    if (json_is_string(v))
        return cnsim__strdup(json_string_value(v));
    if (json_is_integer(v))
        return str_printf("%lld", (long long)json_integer_value(v));
    if (json_is_real(v))
        return str_printf("%.17g", json_real_value(v));
    *why = json_is_object(v) ? "an object" : json_is_array(v) ? "a list inside a list" : "true";
    return NULL;
}

/* A request key is a long option name without its dashes. */
static int is_option_name(const char *k)
{
    if (!(*k >= 'a' && *k <= 'z'))
        return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '-'))
            return 0;
    return 1;
}

#define REQ_BAD(...) (fprintf(err, "cnsim: request: " __VA_ARGS__), fputc('\n', err), CLI_BAD_INPUT)
#define REQ_NOMEM() (fputs("cnsim: request: out of memory\n", err), CLI_FAIL)

/* Appends the words of `request` to w: the options in order (lists
 * interleaved by index), then "--" and the positional arguments
 * ("drugs"). Returns 0 or an exit code
 * after writing the message to err. */
static int request_words(const char *request, words *w, FILE *err)
{
    json_error_t je;
    cnsim__json_watch();
    json_t *root = request && *request ? json_loads(request, JSON_REJECT_DUPLICATES, &je) : json_object();
    if (cnsim__json_failed()) {
        json_decref(root);
        return REQ_NOMEM();
    }
    if (!root)
        return REQ_BAD("malformed JSON at line %d, column %d: %s; expected an object of option names", je.line,
                       je.column, je.text);
    int rc = 0, has_format = 0;
    words pos = {0};
    const char *key;
    json_t *val;
    size_t rounds = 1;
    if (!json_is_object(root))
        rc = REQ_BAD("expected a JSON object of option names, e.g. {\"drug\": \"clonazepam\"}");
    json_object_foreach(root, key, val) {
        if (rc)
            break;
        if (strcmp(key, "drugs") && !is_option_name(key))
            rc = REQ_BAD("'%s' is not an option name; expected a long option without its dashes, e.g. \"until\"", key);
        else if (json_is_array(val) && json_array_size(val) > rounds)
            rounds = json_array_size(val);
        has_format |= !strcmp(key, "format");
    }
    /* Lists are interleaved by index (the first value of every key in
     * order, then the second...), so that options whose meaning depends
     * on their order pair up: {"drug": ["a", "b"], "regimen": ["r", "s"]}
     * is --drug a --regimen r --drug b --regimen s. */
    for (size_t i = 0; !rc && i < rounds; i++)
        json_object_foreach(root, key, val) {
            if (rc)
                break;
            int is_pos = !strcmp(key, "drugs");
            const json_t *item = json_is_array(val) ? json_array_get(val, i) : i == 0 ? val : NULL;
            if (!item || json_is_false(item) || json_is_null(item))
                continue;
            if (json_is_true(item) && !json_is_array(val) && !is_pos) {
                if (words_add(w, str_printf("--%s", key)))
                    rc = REQ_NOMEM();
                continue;
            }
            const char *why = NULL;
            char *text = value_text(item, &why);
            if (!text && why)
                rc = REQ_BAD("%s: %s is not %s; expected a string, a number, true or a list of strings and numbers",
                             key, why, is_pos ? "a name" : "an option value");
            else if (!text)
                rc = REQ_NOMEM();
            else if (is_pos) {
                if (words_add(&pos, text))
                    rc = REQ_NOMEM();
            } else {
                if (words_add(w, str_printf("--%s=%s", key, text)))
                    rc = REQ_NOMEM();
                free(text);
            }
        }
    if (!rc && !has_format && words_add(w, cnsim__strdup("--format=json")))
        rc = REQ_NOMEM();
    if (!rc && pos.n && words_add(w, cnsim__strdup("--")))
        rc = REQ_NOMEM();
    for (size_t i = 0; i < pos.n; i++) {
        if (!rc && words_add(w, pos.v[i]))
            rc = REQ_NOMEM();
        else if (rc)
            free(pos.v[i]);
    }
    free(pos.v);
    json_decref(root);
    return rc;
}

/* The last line of the messages without "cnsim: " (or "cnsim "), for
 * cnsim_last_error(). */
static cnsim_status fail_with(cnsim_status st, const char *messages)
{
    size_t n = strlen(messages);
    while (n && messages[n - 1] == '\n')
        n--;
    size_t b = n;
    while (b && messages[b - 1] != '\n')
        b--;
    const char *line = messages + b;
    size_t len = n - b;
    if (len >= 7 && !strncmp(line, "cnsim: ", 7))
        line += 7, len -= 7;
    else if (len >= 6 && !strncmp(line, "cnsim ", 6))
        line += 6, len -= 6;
    if (!len)
        return cnsim__fail(st, "%s", cnsim_status_str(st));
    return cnsim__fail(st, "%.*s", (int)len, line);
}

/* A new result with its message stream and its "--out" capture; NULL
 * when out of memory. */
static cnsim_command_result *result_new(void)
{
    cnsim_command_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->err = open_memstream(&r->messages, &r->messages_len);
    if (!r->err || !capture_open(r, "--out")) {
        cnsim_command_result_free(r);
        return NULL;
    }
    return r;
}

/* Runs the words through the dispatch with r's streams (the thread's
 * previous state restored after, so that a command may run another);
 * closes the streams. Returns the exit code; a lost output is exit 1. */
static int run_words(words *w, unsigned flags, cnsim_command_result *r, int rc)
{
    cnsim_command_result *outer_res = tls_res;
    unsigned outer_flags = tls_flags;
    cli_stream_state outer;
    cli_streams_save(&outer);
    if (!rc) {
        tls_res = r;
        tls_flags = flags;
        cli_streams_redirect(r->cap[0].fp, r->err);
        cli_set_file_inputs_allowed(!(flags & CNSIM_COMMAND_NO_FILE_INPUT));
        rc = cli_dispatch((int)w->n, w->v);
        cli_streams_restore(&outer);
        tls_res = outer_res;
        tls_flags = outer_flags;
    }
    int lost = 0;
    for (size_t k = 0; k < r->n; k++) {
        lost |= fclose(r->cap[k].fp) != 0;
        r->cap[k].fp = NULL;
    }
    lost |= fclose(r->err) != 0;
    r->err = NULL;
    r->exit_code = lost || !r->messages ? CLI_FAIL : rc;
    return r->exit_code;
}

int cli_call_argv(int argc, char **argv, unsigned flags, cnsim_command_result **result)
{
    *result = NULL;
    cnsim_command_result *r = result_new();
    if (!r)
        return CLI_FAIL;
    words w = {0};
    int rc = 0;
    if (words_add(&w, cnsim__strdup("cnsim")))
        rc = CLI_FAIL;
    for (int i = 0; !rc && i < argc; i++)
        if (words_add(&w, cnsim__strdup(argv[i])))
            rc = CLI_FAIL;
    if (rc)
        fputs("cnsim: out of memory\n", r->err);
    rc = run_words(&w, flags, r, rc);
    words_free(&w);
    *result = r;
    return rc;
}

cnsim_status cnsim_command_run(const char *command, const char *request, unsigned flags,
                               cnsim_command_result **result)
{
    cnsim__clear_error();
    if (!result)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_command_run: result is NULL");
    *result = NULL;
    if (tls_res)
        return cnsim__fail(CNSIM_E_ARG, "cnsim_command_run: called from inside a command");
    cnsim_command_result *r = result_new();
    if (!r)
        return cnsim__fail(CNSIM_E_NOMEM, "cnsim_command_run: out of memory");
    words w = {0};
    int rc = 0;
    /* argv[0] is the program; the command's words (one for "taper", two
     * for "drug show") follow. */
    if (words_add(&w, cnsim__strdup("cnsim")))
        rc = CLI_FAIL, fputs("cnsim: request: out of memory\n", r->err);
    const char *c = command ? command : "";
    while (!rc && *c) {
        size_t len = strcspn(c, " ");
        if (len && words_add(&w, str_printf("%.*s", (int)len, c)))
            rc = CLI_FAIL, fputs("cnsim: request: out of memory\n", r->err);
        c += len;
        c += strspn(c, " ");
    }
    if (!rc && w.n < 2)
        rc = CLI_BAD_INPUT, fputs("cnsim: request: no command; expected one, e.g. \"taper\"\n", r->err);
    if (!rc)
        rc = request_words(request, &w, r->err);
    rc = run_words(&w, flags, r, rc);
    words_free(&w);
    *result = r;
    if (!r->messages)
        return cnsim__fail(CNSIM_E_NOMEM, "cnsim_command_run: out of memory keeping the output");
    if (rc == CLI_OK)
        return CNSIM_OK;
    return fail_with(rc == CLI_BAD_INPUT ? CNSIM_E_ARG : CNSIM_E_FAILED, r->messages);
}

int cnsim_command_exit_code(const cnsim_command_result *r)
{
    return r ? r->exit_code : CLI_FAIL;
}

const char *cnsim_command_output(const cnsim_command_result *r, const char *option, size_t *len)
{
    if (len)
        *len = 0;
    if (!r)
        return NULL;
    for (size_t k = 0; k < r->n; k++)
        if (!strcmp(r->cap[k].option, option ? option : "--out") && r->cap[k].buf) {
            if (len)
                *len = r->cap[k].len;
            return r->cap[k].buf;
        }
    return NULL;
}

size_t cnsim_command_n_outputs(const cnsim_command_result *r)
{
    return r ? r->n : 0;
}

const char *cnsim_command_output_name(const cnsim_command_result *r, size_t i)
{
    return r && i < r->n ? r->cap[i].option : NULL;
}

const char *cnsim_command_messages(const cnsim_command_result *r)
{
    return r && r->messages ? r->messages : "";
}

void cnsim_command_result_free(cnsim_command_result *r)
{
    if (!r)
        return;
    for (size_t k = 0; k < r->n; k++) {
        if (r->cap[k].fp)
            fclose(r->cap[k].fp);
        free(r->cap[k].buf);
    }
    if (r->err)
        fclose(r->err);
    free(r->messages);
    free(r);
}
