/* One command-line grammar for every subcommand.
 *
 * A command declares a static const table of options and a cli_cmd that
 * names it; cli_opt_parse() reads argv against it into the command's own
 * argument struct (destinations are offsets into that struct, so the
 * table needs no pointers to locals). The grammar:
 *
 *   --opt value   --opt=value   --flag   -h | --help   --   positionals
 *
 * Errors are one line on stderr and exit code 2, always naming the flag:
 *   cnsim CMD: unknown option '--frob' (see cnsim CMD --help)
 *   cnsim CMD: --until needs a value (DUR, e.g. 42d)
 *   cnsim: --seed: 1x is not a whole number; expected 0 to ...   (units.h)
 *
 * Shared options (CLI_OPT_SEED, _THREADS, _COUNT, _FORMAT, _OUT, _PLOT,
 * _UNTIL, _QUIET) take their name, metavar, range and default help from
 * one definition in opt.c, so --seed means the same in every command.
 *
 * This file and opt.c use only the C library and include/cnsim/units.h,
 * so a unit test or a fuzz target can compile opt.c on its own. */
#ifndef CNSIM_CLI_OPT_H
#define CNSIM_CLI_OPT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Where the command-line code writes (src/cli/streams.c): standard
 * output and standard error in the program; inside a library call
 * (cnsim_command_run, src/cli/call.c) the calling thread's in-memory
 * streams, so that concurrent calls never mix their outputs. */
FILE *cli_stdout(void);
FILE *cli_stderr(void);

/* Significant digits of every number a command writes, asked for with
 * --digits (10 to 17; 17 reads back as the same double), or 0 for each
 * output's own precision. Per thread; cnsim_command_run resets it. */
int cli_digits(void);
void cli_set_digits(int digits);

/* Whether options may name files to read (CLI_OPT_READS_FILE) and
 * positionals may be paths: yes in the program; a library call made with
 * CNSIM_COMMAND_NO_FILE_INPUT says no for its thread. */
int cli_file_inputs_allowed(void);
void cli_set_file_inputs_allowed(int allowed);

/* Output formats. A command offers a subset (cli_cmd.formats). */
typedef enum { CLI_FMT_TEXT, CLI_FMT_CSV, CLI_FMT_JSON, CLI_FMT_SQL, CLI_FMT_MD, CLI_FMT_HTML, CLI_FMT_COUNT_ } cli_format;
#define CLI_FMT_BIT(f) (1u << (f))
#define CLI_FMTS_TCJ (CLI_FMT_BIT(CLI_FMT_TEXT) | CLI_FMT_BIT(CLI_FMT_CSV) | CLI_FMT_BIT(CLI_FMT_JSON))
#define CLI_FMTS_TJ (CLI_FMT_BIT(CLI_FMT_TEXT) | CLI_FMT_BIT(CLI_FMT_JSON))

/* Name of a format ("text", "csv", "json", "sql", "md", "html"). */
const char *cli_format_name(cli_format f);

/* Destination types: what the field at `off` must be. */
typedef enum {
    CLI_OPT_FLAG,      /* int, set to 1; takes no value */
    CLI_OPT_STRING,    /* const char *, pointing into argv (inputs, names) */
    CLI_OPT_PATH,      /* const char *, an output file; "-" = standard output */
    CLI_OPT_DURATION,  /* double, hours (cnsim_parse_duration_h; a bare
                          number counts in `bare_unit` when that is set) */
    CLI_OPT_NUMBER,    /* double in [lo, hi] (cnsim_parse_number) */
    CLI_OPT_WHOLE,     /* unsigned long long in [min, max] (cnsim_parse_whole) */
    CLI_OPT_LIST,      /* cli_list: every occurrence, in order */
    CLI_OPT_CALL,      /* call(opt, spelling, value, args), in command-line
                          order, for options whose meaning depends on order */
    /* Shared options: name, metavar, range and help from opt.c. */
    CLI_OPT_SEED,      /* uint64_t, --seed N, 0 .. 2^64 - 1 */
    CLI_OPT_THREADS,   /* int, --threads N, 0 .. 4096, 0 = every idle core (cli_idle_threads) */
    CLI_OPT_COUNT,     /* size_t, --n N, 1 .. max (the command's limit) */
    CLI_OPT_FORMAT,    /* cli_format, --format F, one of cli_cmd.formats */
    CLI_OPT_OUT,       /* const char *, --out FILE, "-" = standard output */
    CLI_OPT_PLOT,      /* const char *, --plot FILE (.png, .svg, .pdf) */
    CLI_OPT_UNTIL,     /* double hours, --until DUR */
    CLI_OPT_QUIET,     /* int, --quiet */
    CLI_OPT_PROGRESS,  /* int, --progress */
    CLI_OPT_DIGITS,    /* --digits N, 10 .. 17: no destination; sets
                          cli_digits() for the calling thread. Every
                          command offering CSV or JSON takes it without
                          naming it in its table. */
} cli_opt_kind;

/* CLI_OPT_LIST destination. */
#define CLI_LIST_MAX 32
typedef struct cli_list {
    const char *v[CLI_LIST_MAX];
    size_t n;
} cli_list;

/* Destination offset of a "given" marker: an int field set to 1 when the
 * option appears (for defaults taken from a file unless the option is
 * given). 0 means no marker. */
#define CLI_AT(type, field) (offsetof(type, field) + 1)

/* Options with this flag are applied in a first pass, before every other
 * option wherever they appear (a configuration file that the other
 * options override). */
#define CLI_OPT_EARLY 1u
/* The option's value names a file the command reads (--events, --diary,
 * --config, ...): refused when the calling thread may not name files
 * (cli_file_inputs_allowed; a web request). */
#define CLI_OPT_READS_FILE 2u

typedef struct cli_opt cli_opt;
/* Returns 0, or an exit code after printing one line (cli_opt_value_error
 * for a library status). `spelling` is the name as typed (name or alias). */
typedef int (*cli_opt_fn)(const cli_opt *opt, const char *spelling, const char *value, void *args);

struct cli_opt {
    const char *name;       /* "--gaba"; NULL for shared kinds (their own) */
    const char *alias;      /* an older spelling that keeps working, or NULL */
    cli_opt_kind kind;
    size_t off;             /* offsetof(args struct, destination) */
    const char *metavar;    /* "CONC"; NULL for flags and shared kinds */
    const char *help;       /* one line; NULL for shared kinds: the shared text */
    double lo, hi;          /* CLI_OPT_NUMBER */
    unsigned long long min, max;   /* CLI_OPT_WHOLE; CLI_OPT_COUNT uses max */
    const char *bare_unit;  /* CLI_OPT_DURATION: unit of a bare number, or NULL */
    const char *eg;         /* example value for the missing-value message */
    cli_opt_fn call;        /* CLI_OPT_CALL */
    const void *data;       /* for call */
    size_t given;           /* CLI_AT(type, field) or 0 */
    unsigned flags;         /* CLI_OPT_EARLY */
};

typedef struct cli_cmd {
    const char *name;       /* "channel", "drug show": as in "cnsim NAME" */
    const char *usage;      /* synopsis after "usage: cnsim NAME "; may hold
                               further lines */
    const char *about;      /* paragraphs after the usage line, or NULL */
    const cli_opt *opts;
    size_t n_opts;
    const char *notes;      /* text after the option list, or NULL */
    const char *examples;   /* lines "  cnsim ...\n" */
    unsigned formats;       /* CLI_FMT_BIT mask offered by --format */
    int max_pos;            /* positional arguments taken, at most */
    const char *pos_metavar;   /* "SCENARIO", for messages */
    int pos_files;          /* a positional may be a file's path (else a
                               name in scenarios/) */
} cli_cmd;

#define CLI_N_OPTS(table) (sizeof(table) / sizeof((table)[0]))

/* cli_opt_parse returned: go on with the command. */
#define CLI_PARSED (-1)

/* Reads argv[1..argc-1] (argv[0] is the command word) into `args` and
 * the positional arguments into pos[0..*n_pos-1] (room for cmd->max_pos;
 * pos may be NULL when max_pos is 0). Returns CLI_PARSED to go on, 0 after
 * printing --help to stdout, or 2 after printing one line to stderr.
 * Fields of `args` not named on the command line keep their values, which
 * are the defaults. */
int cli_opt_parse(const cli_cmd *cmd, int argc, char **argv, void *args, const char **pos, int *n_pos);

/* The help text: usage, about, options (from the table), notes, examples. */
void cli_opt_help(const cli_cmd *cmd, FILE *fp);

/* For a CLI_OPT_CALL that got a failed status from a units.h-style
 * library parser (whose message names the field): prints
 * "cnsim: <message>" and returns 2 for input errors, 1 otherwise. */
int cli_opt_value_error(int status);

/* The shared parsers, for callers outside a table (a scenario value, a
 * callback). Each prints its error and returns 2, or returns 0. */
int cli_opt_parse_seed(const char *field, const char *text, uint64_t *out);
int cli_opt_parse_threads(const char *field, const char *text, int *out);

/* Threads for --threads 0: the cores that other work leaves free now
 * (at least 1; OMP_NUM_THREADS, when set, decides instead). */
int cli_idle_threads(void);

#endif
