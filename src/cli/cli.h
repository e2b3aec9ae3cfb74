/* Shared pieces of the command-line tool. Each subcommand lives in its own
 * file as `int cli_<name>(int argc, char **argv)`, where argv[0] is the
 * subcommand name; it returns the process exit code (0 ok, 1 runtime
 * failure, 2 bad input). Options are read with the table-driven parser of
 * opt.h. */
#ifndef CNSIM_CLI_H
#define CNSIM_CLI_H

#include <stdint.h>
#include <stdio.h>
#include "cnsim/cnsim.h"
#include "cnsim/excitability.h"
#include "opt.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_BAD_INPUT = 2 };

/* For a status the library has just returned: prints
 * "cnsim: <context>: <cnsim_last_error()>" to stderr, or "cnsim: <message>"
 * when the message already begins with "<context>:", and maps the status
 * to an exit code (2 for cnsim_status_is_input_error, 1 otherwise).
 * Problems the CLI finds itself go to cli_bad_input or cli_fail, never
 * here: the thread's message would belong to an older call. */
/* Opens the registry (cnsim_registry_create) and, the first time the
 * built-in copy serves because no file was found, says so on stderr. */
cnsim_status cli_registry_open(const char *path, cnsim_registry **out);
int cli_report(cnsim_status st, const char *context);

/* Prints "cnsim: <message>" to stderr and returns 2 (bad input). */
int cli_bad_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints "cnsim: <message>" to stderr and returns 1 (runtime failure). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses "text", "csv" or "json" (names the option on error); returns 0 ok. */
int cli_parse_format(const char *s, cli_format *out);

/* Runs `cnsim argv[1] ...` (argv[0] is the program): a command, help or
 * the version; returns the exit code. main() and cnsim_command_run call it. */
int cli_dispatch(int argc, char **argv);

/* True if argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

/* The outputs of one command run. Every output is opened before the
 * command computes anything (a bad path, a bad picture extension or a
 * file named twice is found before the work, not after it), and they are
 * committed together at the end only when the command succeeded: a failed
 * or interrupted command leaves none of its files. Files go through
 * cnsim_atomic_open (include/cnsim/io.h): a temporary file renamed at the
 * end, or written in place for a device or a FIFO.
 *
 *   cli_outs g;
 *   cli_outs_init(&g);
 *   if (!(rc = cli_outs_open(&g, a.out, "--out", &out)) && a.plot)
 *       rc = cli_outs_open_plot(&g, a.plot, &plot);
 *   ... compute, write to out and plot ...
 *   return cli_outs_close(&g, rc);
 *
 * cli_outs_open: NULL or "-" is standard output; `option` ("--out",
 * "--spikes", ...) names the output in messages. cli_outs_open_plot
 * checks the extension first (cnsim_plot_check_path), option "--plot".
 * Both return 0, or an exit code after printing one line ("cnsim:
 * <option>: cannot write <path>: <reason>; expected ...").
 * cli_outs_close(g, rc), rc being the command's exit code so far: when 0
 * (and no jansson allocation has failed in the process, which would leave
 * a value out of what the command built), writes out every stream and standard output, then commits every file;
 * any failure prints one line and discards what is not committed yet.
 * When rc is not 0, discards every file. Returns the final exit code.
 * Temporary files are registered for the signal handler main() installs:
 * SIGINT, SIGTERM, SIGHUP or SIGPIPE removes them before the process
 * dies of the signal. */
#define CLI_OUTS_MAX 8
typedef struct cli_out {
    FILE *fp;
    cnsim_atomic_file af;
    int is_file;
    int temp_slot;                /* index in the signal handler's list, or -1 */
    const char *option;
} cli_out;
typedef struct cli_outs {
    cli_out o[CLI_OUTS_MAX];
    size_t n;
} cli_outs;
void cli_outs_init(cli_outs *g);
int cli_outs_open(cli_outs *g, const char *path, const char *option, FILE **fp);
int cli_outs_open_plot(cli_outs *g, const char *path, FILE **fp);
int cli_outs_close(cli_outs *g, int rc);

/* Installs the handler that removes registered temporary files on SIGINT,
 * SIGTERM, SIGHUP and SIGPIPE and then dies of the signal (a signal that
 * was ignored when cnsim started stays ignored). main() calls it. */
void cli_signals_install(void);

/* Flushes standard output; on failure prints the write-failed line once
 * per process and returns 1, else 0. main() calls it after every command. */
int cli_flush_stdout(void);

/* A 64-bit unsigned value (a seed) for JSON: an integer when it fits
 * jansson's signed integers, else its exact decimal digits as a string. */
struct json_t *cli_json_u64(uint64_t v);

/* Writes a JSON document built by the command, then a newline: returns 0
 * (a write error stays in fp's error flag for the output's close to
 * report), or prints "WHAT: out of memory writing the JSON output" and
 * returns CLI_FAIL when root is NULL or when any of
 * jansson's allocations has failed since the process started (a value
 * jansson could not allocate is silently missing from its object; one
 * check here covers every json_* call of the command). root is not
 * released. main() installs the allocation watch (cli_json_watch). */
int cli_json_write(struct json_t *root, FILE *fp, size_t flags, const char *what);
void cli_json_watch(void);

/* A number as CSV writes it: %.10g, "NA" when not finite. buf holds at
 * least 32 bytes; returns buf. */
const char *cli_num(double v, char *buf);

/* A CSV field (RFC 4180): quoted, with quotes doubled, when it holds a
 * comma, a quote or a line break. */
void cli_csv_field(FILE *fp, const char *s);

int cli_drug(int argc, char **argv);
int cli_simulate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_withdrawal(int argc, char **argv);
int cli_channel(int argc, char **argv);
int cli_neuron(int argc, char **argv);
int cli_network(int argc, char **argv);
int cli_excitability_map(int argc, char **argv);
int cli_interact(int argc, char **argv);
int cli_taper(int argc, char **argv);
int cli_tdm(int argc, char **argv);
int cli_bridge(int argc, char **argv);
int cli_trial(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_population(int argc, char **argv);
/* HTML reports (report.c): `cnsim report`, and --format html of
 * simulate, interact, bridge, population and trial, which the dispatch
 * sends to cli_html_report when cli_wants_html_report says so (argv[0]
 * is the command). */
int cli_report_cmd(int argc, char **argv);
int cli_html_report(int argc, char **argv);
int cli_wants_html_report(int argc, char **argv);
/* The built-in scenario's regimens (cmd_demo.c). */
extern const char cli_demo_sertraline[], cli_demo_clonazepam[];

/* The web server (src/serve) is part of the program only: in the library
 * the symbol is absent and `serve` says so. */
int cli_serve(int argc, char **argv) __attribute__((weak));

/* s as HTML text or an attribute value (src/cli/html_text.c): the
 * markup characters as references, and bytes that are not well-formed
 * UTF-8 or not allowed in HTML as U+FFFD. */
void cli_html_text(FILE *fp, const char *s);

/* A progress line on stderr for commands that can run for seconds:
 * percent, done of total, rate and time left, redrawn at most four times a
 * second, only on a terminal (or with --progress) and never with --quiet.
 * cli_progress_fn is a cnsim_progress_fn (ctx: the cli_progress). */
typedef struct cli_progress {
    int on, shown, force;
    double done, total;     /* the last report */
    const char *unit;       /* "patients", "replicates", "simulated s" */
    double scale;           /* done and total are shown multiplied by it */
    double t0, last;
} cli_progress;
void cli_progress_start(cli_progress *p, int quiet, int force, const char *unit, double scale);
void cli_progress_fn(void *ctx, double done, double total);
void cli_progress_end(cli_progress *p);   /* ends the line if one was drawn */

#endif
