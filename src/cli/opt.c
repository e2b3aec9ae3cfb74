/* The command-line grammar shared by every subcommand (opt.h): option
 * tables, the parser, the shared options and the help text. */
#include <stdarg.h>
#include <stdint.h>
#include <omp.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cnsim/status.h"
#include "cnsim/units.h"
#include "opt.h"

#define THREADS_MAX 4096

static const char *const format_names[CLI_FMT_COUNT_] = {"text", "csv", "json", "sql", "md", "html"};

const char *cli_format_name(cli_format f)
{
    return f >= 0 && f < CLI_FMT_COUNT_ ? format_names[f] : "?";
}

/* The shared options: one name, metavar and meaning wherever they appear.
 * Ranges live in apply() and hint() below. */
static const struct shared {
    cli_opt_kind kind;
    const char *name, *metavar, *help, *eg;
} shared[] = {
    {CLI_OPT_SEED, "--seed", "N", "seed of the random streams (0 to 2^64 - 1)", NULL},
    {CLI_OPT_THREADS, "--threads", "N", "threads (0 to 4096; 0 = every core not busy with other work, the default)", NULL},
    {CLI_OPT_COUNT, "--n", "N", "how many", NULL},
    {CLI_OPT_FORMAT, "--format", "F", NULL, NULL},
    {CLI_OPT_OUT, "--out", "FILE", "write to FILE (atomically); - or no --out: standard output",
     NULL},
    {CLI_OPT_PLOT, "--plot", "FILE", "figure (.png, .svg or .pdf)", NULL},
    {CLI_OPT_UNTIL, "--until", "DUR", "end of the simulation, e.g. 42d, 12h, 3 wks", "42d"},
    {CLI_OPT_QUIET, "--quiet", NULL, "no progress line on stderr", NULL},
    {CLI_OPT_PROGRESS, "--progress", NULL,
     "a progress line on stderr even when it is not a terminal (it is shown on a terminal anyway)", NULL},
    {CLI_OPT_DIGITS, "--digits", "N",
     "significant digits of every number in the CSV or JSON output (10 to 17; 17 reads back as the same "
     "double; default: each output's own, 6 to 10)", NULL},
};

/* --digits, offered by every command that writes CSV or JSON. */
static const cli_opt digits_opt = {.kind = CLI_OPT_DIGITS};

static int offers_digits(const cli_cmd *cmd)
{
    return (cmd->formats & (CLI_FMT_BIT(CLI_FMT_CSV) | CLI_FMT_BIT(CLI_FMT_JSON))) != 0;
}

/* The entry with the shared parts filled in. */
static cli_opt resolve(const cli_opt *o)
{
    cli_opt r = *o;
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
        if (shared[i].kind == o->kind) {
            if (!r.name)
                r.name = shared[i].name;
            if (!r.metavar)
                r.metavar = shared[i].metavar;
            if (!r.help)
                r.help = shared[i].help;
            if (!r.eg)
                r.eg = shared[i].eg;
        }
    if (r.kind == CLI_OPT_DURATION && !r.eg)
        r.eg = r.bare_unit ? NULL : "42d";
    return r;
}

static int takes_value(cli_opt_kind k)
{
    return k != CLI_OPT_FLAG && k != CLI_OPT_QUIET && k != CLI_OPT_PROGRESS;
}

/* "cnsim <cmd>: ..." for the grammar (which word is wrong), and
 * "cnsim: --opt: ..." for a value, whose message names its option the
 * way the units.h messages do. Both return exit code 2. */
static int say_v(const char *cmd, const char *fmt, va_list ap)
{
    if (cmd)
        fprintf(cli_stderr(), "cnsim %s: ", cmd);
    else
        fputs("cnsim: ", cli_stderr());
    vfprintf(cli_stderr(), fmt, ap);
    fputc('\n', cli_stderr());
    return 2;
}

static int say_cmd(const cli_cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int say_cmd(const cli_cmd *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = say_v(cmd->name, fmt, ap);
    va_end(ap);
    return rc;
}

static int say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = say_v(NULL, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_opt_value_error(int status)
{
    const char *detail = cnsim_last_error();
    fprintf(cli_stderr(), "cnsim: %s\n", detail && *detail ? detail : cnsim_status_str((cnsim_status)status));
    return cnsim_status_is_input_error((cnsim_status)status) ? 2 : 1;
}

/* "text, csv or json": the formats in `mask`. */
static void format_list(unsigned mask, char *buf, size_t n)
{
    int total = 0, k = 0;
    for (int f = 0; f < CLI_FMT_COUNT_; f++)
        total += (mask & CLI_FMT_BIT(f)) != 0;
    buf[0] = '\0';
    for (int f = 0; f < CLI_FMT_COUNT_; f++) {
        if (!(mask & CLI_FMT_BIT(f)))
            continue;
        k++;
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", k == 1 ? "" : k == total ? " or " : ", ", format_names[f]);
    }
}

/* What the value of `o` looks like, for the missing-value message. */
static void hint(const cli_opt *o, const cli_cmd *cmd, char *buf, size_t n)
{
    char list[64];
    const char *m = o->metavar ? o->metavar : "VALUE";
    switch (o->kind) {
    case CLI_OPT_NUMBER:
        snprintf(buf, n, "%s, a number from %g to %g", m, o->lo, o->hi);
        break;
    case CLI_OPT_WHOLE:
        snprintf(buf, n, "%s, a whole number from %llu to %llu", m, o->min, o->max);
        break;
    case CLI_OPT_DIGITS:
        snprintf(buf, n, "%s, a whole number from 10 to 17", m);
        break;
    case CLI_OPT_SEED:
        snprintf(buf, n, "%s, a whole number from 0 to %llu", m, (unsigned long long)UINT64_MAX);
        break;
    case CLI_OPT_THREADS:
        snprintf(buf, n, "%s, a whole number from 0 to %d; 0 = every idle core", m, THREADS_MAX);
        break;
    case CLI_OPT_COUNT:
        snprintf(buf, n, "%s, a whole number from 1 to %llu", m, o->max);
        break;
    case CLI_OPT_FORMAT:
        format_list(cmd->formats, list, sizeof list);
        snprintf(buf, n, "%s", list);
        break;
    case CLI_OPT_OUT:
    case CLI_OPT_PATH:
        snprintf(buf, n, "%s, or - for standard output", m);
        break;
    case CLI_OPT_PLOT:
        snprintf(buf, n, "%s ending in .png, .svg or .pdf", m);
        break;
    default:
        snprintf(buf, n, "%s%s%s", m, o->eg ? ", e.g. " : "", o->eg ? o->eg : "");
        break;
    }
}

/* The option spelled name[0..len) (name or alias); *spelling is set to
 * the matching spelling. */
static const cli_opt *find(const cli_cmd *cmd, const char *name, size_t len, const char **spelling)
{
    for (size_t i = 0; i < cmd->n_opts; i++) {
        cli_opt r = resolve(&cmd->opts[i]);
        const char *sp[2] = {r.name, r.alias};
        for (int k = 0; k < 2; k++)
            if (sp[k] && strlen(sp[k]) == len && !strncmp(sp[k], name, len)) {
                *spelling = sp[k];
                return &cmd->opts[i];
            }
    }
    if (offers_digits(cmd) && len == 8 && !strncmp(name, "--digits", 8)) {
        *spelling = "--digits";
        return &digits_opt;
    }
    return NULL;
}

/* Edit distance, for "did you mean"; both strings are short options. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

static int unknown(const cli_cmd *cmd, const char *name, size_t len)
{
    char given[64];
    snprintf(given, sizeof given, "%.*s", (int)(len < sizeof given - 1 ? len : sizeof given - 1), name);
    const char *best = NULL;
    size_t best_d = 3;
    for (size_t i = 0; i < cmd->n_opts; i++) {
        cli_opt r = resolve(&cmd->opts[i]);
        const char *sp[2] = {r.name, r.alias};
        for (int k = 0; k < 2; k++) {
            size_t d = sp[k] ? distance(given, sp[k]) : 99;
            if (d < best_d)
                best = sp[k], best_d = d;
        }
    }
    if (best)
        return say_cmd(cmd, "unknown option '%s' (did you mean %s? see cnsim %s --help)", given, best, cmd->name);
    return say_cmd(cmd, "unknown option '%s' (see cnsim %s --help)", given, cmd->name);
}

/* True if s would be read as an option of cmd: "--x" with x an option
 * (then it is not taken as the value of the option before it). */
static int is_option_word(const cli_cmd *cmd, const char *s)
{
    if (!strcmp(s, "-h") || !strcmp(s, "--help"))
        return 1;
    if (strncmp(s, "--", 2) || !s[2])
        return 0;
    const char *eq = strchr(s, '='), *sp;
    return find(cmd, s, eq ? (size_t)(eq - s) : strlen(s), &sp) != NULL;
}

static int parse_whole(const char *field, const char *text, unsigned long long lo, unsigned long long hi,
                       unsigned long long *out)
{
    int st = cnsim_parse_whole(text, field, lo, hi, out);
    return st == CNSIM_OK ? 0 : cli_opt_value_error(st);
}

int cli_opt_parse_seed(const char *field, const char *text, uint64_t *out)
{
    unsigned long long v;
    int rc = parse_whole(field, text, 0, UINT64_MAX, &v);
    if (!rc)
        *out = (uint64_t)v;
    return rc;
}

int cli_opt_parse_threads(const char *field, const char *text, int *out)
{
    unsigned long long v;
    int rc = parse_whole(field, text, 0, THREADS_MAX, &v);
    if (!rc)
        *out = (int)v;
    return rc;
}

static int apply(const cli_cmd *cmd, const cli_opt *entry, const char *sp, const char *v, void *args)
{
    cli_opt o = resolve(entry);
    void *dst = o.kind == CLI_OPT_DIGITS ? NULL : (char *)args + o.off;
    int rc = 0;
    cnsim_status st = CNSIM_OK;
    unsigned long long u;
    double x;
    switch (o.kind) {
    case CLI_OPT_FLAG:
    case CLI_OPT_QUIET:
    case CLI_OPT_PROGRESS:
        *(int *)dst = 1;
        break;
    case CLI_OPT_STRING:
        *(const char **)dst = v;
        break;
    case CLI_OPT_PATH:
    case CLI_OPT_OUT:
    case CLI_OPT_PLOT:
        if (!*v)
            return say("%s: empty file name; expected %s", sp,
                       o.kind == CLI_OPT_PLOT ? "a file ending in .png, .svg or .pdf" : "a path, or - for standard output");
        if (o.kind == CLI_OPT_PLOT && !strcmp(v, "-"))
            return say("%s: a figure is written to a file, not to standard output; expected a file ending in "
                       ".png, .svg or .pdf", sp);
        *(const char **)dst = v;
        break;
    case CLI_OPT_DURATION:
    case CLI_OPT_UNTIL:
        st = o.bare_unit ? cnsim_parse_duration_unit_h(v, sp, o.bare_unit, &x) : cnsim_parse_duration_h(v, sp, &x);
        if (st == CNSIM_OK)
            *(double *)dst = x;
        break;
    case CLI_OPT_NUMBER:
        st = cnsim_parse_number(v, sp, o.lo, o.hi, &x);
        if (st == CNSIM_OK)
            *(double *)dst = x;
        break;
    case CLI_OPT_WHOLE:
        st = cnsim_parse_whole(v, sp, o.min, o.max, &u);
        if (st == CNSIM_OK)
            *(unsigned long long *)dst = u;
        break;
    case CLI_OPT_SEED:
        rc = cli_opt_parse_seed(sp, v, (uint64_t *)dst);
        break;
    case CLI_OPT_THREADS:
        rc = cli_opt_parse_threads(sp, v, (int *)dst);
        break;
    case CLI_OPT_COUNT:
        st = cnsim_parse_whole(v, sp, 1, o.max, &u);
        if (st == CNSIM_OK)
            *(size_t *)dst = (size_t)u;
        break;
    case CLI_OPT_FORMAT: {
        char list[64];
        format_list(cmd->formats, list, sizeof list);
        int f = 0;
        while (f < CLI_FMT_COUNT_ && strcmp(v, format_names[f]))
            f++;
        if (f == CLI_FMT_COUNT_)
            return say("%s: '%s' is not a format; expected %s", sp, v, list);
        if (!(cmd->formats & CLI_FMT_BIT(f)))
            return say("%s: '%s' is not offered by cnsim %s; expected %s", sp, v, cmd->name, list);
        *(cli_format *)dst = (cli_format)f;
        break;
    }
    case CLI_OPT_LIST: {
        cli_list *l = dst;
        if (l->n >= CLI_LIST_MAX)
            return say("%s: given more than %d times", sp, CLI_LIST_MAX);
        l->v[l->n++] = v;
        break;
    }
    case CLI_OPT_CALL:
        rc = o.call(entry, sp, v, args);
        break;
    case CLI_OPT_DIGITS:
        st = cnsim_parse_whole(v, sp, 10, 17, &u);
        if (st == CNSIM_OK)
            cli_set_digits((int)u);
        break;
    }
    if (st != CNSIM_OK)
        rc = cli_opt_value_error(st);
    if (!rc && o.given)
        *(int *)((char *)args + o.given - 1) = 1;
    return rc;
}

/* A scenario's name: letters, digits and '-', no path. */
static int is_plain_name(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-'))
            return 0;
    return 1;
}

/* One walk over argv. Pass 0 checks the syntax of every word in order
 * (unknown options, missing values, too many positionals) and applies the
 * early options; pass 1 applies the others and collects positionals. */
static int walk(const cli_cmd *cmd, int argc, char **argv, void *args, const char **pos, int *n_pos, int pass)
{
    int only_pos = 0, n = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i];
        if (!only_pos && !strcmp(s, "--")) {
            only_pos = 1;
            continue;
        }
        if (only_pos || s[0] != '-' || !s[1]) {
            if (n >= cmd->max_pos) {
                if (cmd->max_pos == 0)
                    return say_cmd(cmd, "unexpected argument '%s' (see cnsim %s --help)", s, cmd->name);
                return say_cmd(cmd, "unexpected argument '%s' (at most %d %s; see cnsim %s --help)", s,
                               cmd->max_pos, cmd->pos_metavar ? cmd->pos_metavar : "arguments", cmd->name);
            }
            if (cmd->pos_files && !cli_file_inputs_allowed() && !is_plain_name(s))
                return say_cmd(cmd, "'%s': this request may not name files; expected the name of one in "
                               "scenarios/ (letters, digits and -), e.g. bench-p1", s);
            if (pass == 1 && pos)
                pos[n] = s;
            n++;
            continue;
        }
        const char *eq = s[1] == '-' ? strchr(s, '=') : NULL;
        size_t len = eq ? (size_t)(eq - s) : strlen(s);
        const char *sp = NULL;
        const cli_opt *o = s[1] == '-' ? find(cmd, s, len, &sp) : NULL;
        if (!o)
            return unknown(cmd, s, len);
        if ((o->flags & CLI_OPT_READS_FILE) && !cli_file_inputs_allowed())
            return say_cmd(cmd, "%s reads a file, and this request may not name files; expected the data in "
                           "other options", sp);
        cli_opt r = resolve(o);
        const char *v = NULL;
        if (!takes_value(r.kind)) {
            if (eq)
                return say_cmd(cmd, "%s takes no value (got '%s')", sp, s);
        } else if (eq) {
            v = eq + 1;
        } else if (i + 1 < argc && !is_option_word(cmd, argv[i + 1])) {
            v = argv[++i];
        } else {
            char h[160];
            hint(&r, cmd, h, sizeof h);
            return say_cmd(cmd, "%s needs a value (%s)", sp, h);
        }
        int early = (r.flags & CLI_OPT_EARLY) != 0;
        if (early == (pass == 0)) {
            int rc = apply(cmd, o, sp, v, args);
            if (rc)
                return rc;
        }
    }
    if (pass == 1 && n_pos)
        *n_pos = n;
    return 0;
}

int cli_opt_parse(const cli_cmd *cmd, int argc, char **argv, void *args, const char **pos, int *n_pos)
{
    if (n_pos)
        *n_pos = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            cli_opt_help(cmd, cli_stdout());
            return 0;
        }
    int rc = walk(cmd, argc, argv, args, pos, n_pos, 0);
    if (!rc)
        rc = walk(cmd, argc, argv, args, pos, n_pos, 1);
    /* --threads 0 (or none given) becomes the number of cores other work
     * leaves free now, so a busy machine is not made slower than one
     * thread would be (spinning threads waiting for a core that is
     * taken). */
    for (size_t i = 0; !rc && i < cmd->n_opts; i++)
        if (resolve(&cmd->opts[i]).kind == CLI_OPT_THREADS) {
            int *t = (int *)((char *)args + cmd->opts[i].off);
            if (*t == 0) {
                *t = cli_idle_threads();
                if (cmd->opts[i].given)
                    *(int *)((char *)args + cmd->opts[i].given - 1) = 1;
            }
        }
    return rc ? rc : CLI_PARSED;
}

int cli_idle_threads(void)
{
    /* OMP_NUM_THREADS is the user's word. */
    if (getenv("OMP_NUM_THREADS") && *getenv("OMP_NUM_THREADS"))
        return omp_get_max_threads();
    int n = omp_get_num_procs();
    /* The fourth field of /proc/loadavg counts the runnable tasks now,
     * this process included: each other one holds a core. One reading
     * also catches a program that happens to be starting or ending (a
     * shell's pipeline, the previous command), so the fewest of five
     * readings 2 ms apart is taken: work that keeps a core busy is
     * runnable in all of them. */
    long running = -1;
    for (int k = 0; k < 5; k++) {
        if (k) {
            struct timespec gap = {0, 2000000};
            nanosleep(&gap, NULL);
        }
        FILE *fp = fopen("/proc/loadavg", "r");
        if (!fp)
            break;
        double a, b, c;
        long now, total;
        if (fscanf(fp, "%lf %lf %lf %ld/%ld", &a, &b, &c, &now, &total) == 5 && (running < 0 || now < running))
            running = now;
        fclose(fp);
    }
    if (running < 1)
        running = 1;
    long idle = n - (running > 1 ? running - 1 : 0);
    return idle < 1 ? 1 : idle > n ? n : (int)idle;
}

/* Prints text from column `col`, wrapped before column 80 with later
 * lines indented to `indent`. */
static void wrap(FILE *fp, const char *text, int col, int indent)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int len = (int)(e - p);
        if (!len)
            break;
        if (!first && col + 1 + len > 79) {
            fprintf(fp, "\n%*s", indent, "");
            col = indent;
        } else if (!first) {
            fputc(' ', fp);
            col++;
        }
        fwrite(p, 1, (size_t)len, fp);
        col += len;
        first = 0;
        p = e;
    }
    fputc('\n', fp);
}

void cli_opt_help(const cli_cmd *cmd, FILE *fp)
{
    enum { HELP_COL = 24 };
    const char *u = cmd->usage ? cmd->usage : "[options]";
    fprintf(fp, "usage: cnsim %s %s%s", cmd->name, u, u[0] && u[strlen(u) - 1] == '\n' ? "" : "\n");
    if (cmd->about)
        fprintf(fp, "\n%s", cmd->about);
    fputs("\noptions:\n", fp);
    const char *sp;
    size_t n_listed = cmd->n_opts + (offers_digits(cmd) && find(cmd, "--digits", 8, &sp) == &digits_opt);
    for (size_t i = 0; i < n_listed; i++) {
        cli_opt r = resolve(i < cmd->n_opts ? &cmd->opts[i] : &digits_opt);
        char left[96], help[512];
        if (takes_value(r.kind))
            snprintf(left, sizeof left, "  %s %s", r.name, r.metavar ? r.metavar : "VALUE");
        else
            snprintf(left, sizeof left, "  %s", r.name);
        if (r.kind == CLI_OPT_FORMAT && !r.help) {
            char list[64];
            format_list(cmd->formats, list, sizeof list);
            snprintf(help, sizeof help, "output format: %s", list);
        } else {
            snprintf(help, sizeof help, "%s", r.help ? r.help : "");
        }
        if (r.alias) {
            size_t len = strlen(help);
            snprintf(help + len, sizeof help - len, " (also %s)", r.alias);
        }
        int col = (int)strlen(left);
        fputs(left, fp);
        if (col + 2 > HELP_COL) {
            fprintf(fp, "\n%*s", HELP_COL, "");
        } else {
            fprintf(fp, "%*s", HELP_COL - col, "");
        }
        wrap(fp, help, HELP_COL, HELP_COL);
    }
    fprintf(fp, "  -h, --help%*sthis text\n", HELP_COL - 12, "");
    if (cmd->notes)
        fprintf(fp, "\n%s", cmd->notes);
    if (cmd->examples)
        fprintf(fp, "\nexamples:\n%s", cmd->examples);
}
