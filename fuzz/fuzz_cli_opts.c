/* libFuzzer target: the command-line option parser (src/cli/opt.c), fed
 * argument vectors split from the input at newlines, against a table that
 * holds every kind of option. The parser's messages and help go to
 * /dev/null (libFuzzer's own report keeps stderr). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FILE *sink;
#undef stderr
#undef stdout
#define stderr sink
#define stdout sink
#include "cli/opt.c"

typedef struct args {
    int flag, quiet, has_seed;
    const char *str, *path, *out, *plot;
    double dur_h, num, until_h;
    unsigned long long whole;
    uint64_t seed;
    int threads;
    size_t n;
    cli_format fmt;
    cli_list list;
    int calls;
} args;

static int count(const cli_opt *opt, const char *spelling, const char *value, void *a)
{
    ((args *)a)->calls++;
    return value[0] == 'x' ? 2 : 0;
}

static const cli_opt opts[] = {
    {.name = "--flag", .kind = CLI_OPT_FLAG, .off = offsetof(args, flag), .help = "a flag"},
    {.name = "--str", .alias = "--s", .kind = CLI_OPT_STRING, .off = offsetof(args, str), .metavar = "S"},
    {.name = "--path", .kind = CLI_OPT_PATH, .off = offsetof(args, path), .metavar = "FILE"},
    {.name = "--dur", .kind = CLI_OPT_DURATION, .off = offsetof(args, dur_h), .bare_unit = "ms", .metavar = "T"},
    {.name = "--num", .kind = CLI_OPT_NUMBER, .off = offsetof(args, num), .lo = -1, .hi = 1, .metavar = "X"},
    {.name = "--whole", .kind = CLI_OPT_WHOLE, .off = offsetof(args, whole), .min = 2, .max = 9, .metavar = "K"},
    {.name = "--list", .kind = CLI_OPT_LIST, .off = offsetof(args, list), .metavar = "V"},
    {.name = "--call", .kind = CLI_OPT_CALL, .call = count, .metavar = "V"},
    {.name = "--early", .kind = CLI_OPT_CALL, .call = count, .metavar = "V", .flags = CLI_OPT_EARLY},
    {.kind = CLI_OPT_SEED, .off = offsetof(args, seed), .given = CLI_AT(args, has_seed)},
    {.kind = CLI_OPT_THREADS, .off = offsetof(args, threads)},
    {.kind = CLI_OPT_COUNT, .off = offsetof(args, n), .max = 100},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(args, fmt)},
    {.kind = CLI_OPT_OUT, .off = offsetof(args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(args, plot)},
    {.kind = CLI_OPT_UNTIL, .off = offsetof(args, until_h)},
    {.kind = CLI_OPT_QUIET, .off = offsetof(args, quiet)},
};

static const cli_cmd cmd = {
    .name = "fuzz",
    .opts = opts,
    .n_opts = sizeof opts / sizeof opts[0],
    .examples = "  cnsim fuzz --n 3\n",
    .formats = CLI_FMT_BIT(CLI_FMT_CSV) | CLI_FMT_BIT(CLI_FMT_SQL),
    .max_pos = 3,
    .pos_metavar = "FILE",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!sink && !(sink = fopen("/dev/null", "w")))
        return 0;
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *argv[33] = {"fuzz"};
    int argc = 1;
    for (char *p = text; argc < 33;) {
        argv[argc++] = p;
        char *nl = strchr(p, '\n');
        if (!nl)
            break;
        *nl = '\0';
        p = nl + 1;
    }
    args a;
    memset(&a, 0, sizeof a);
    const char *pos[3];
    int n_pos;
    int rc = cli_opt_parse(&cmd, argc, argv, &a, pos, &n_pos);
    if (rc == CLI_PARSED && (n_pos > 3 || a.list.n > CLI_LIST_MAX || a.threads > 4096 || (a.n && a.n > 100)))
        abort();
    free(text);
    return 0;
}
