/* Shared pieces of the command-line tool. Each subcommand lives in its own
 * file as `int cli_<name>(int argc, char **argv)`, where argv[0] is the
 * subcommand name; it returns the process exit code (0 ok, 1 runtime
 * failure, 2 bad input). */
#ifndef CNSIM_CLI_H
#define CNSIM_CLI_H

#include <stdio.h>
#include "cnsim/cnsim.h"
#include "cnsim/excitability.h"

enum { CLI_OK = 0, CLI_FAIL = 1, CLI_BAD_INPUT = 2 };

typedef enum { CLI_FMT_TEXT, CLI_FMT_CSV, CLI_FMT_JSON } cli_format;

/* Prints "cnsim: <context>: <last error>" to stderr and maps the status to an
 * exit code (2 for input errors, 1 otherwise). */
int cli_report(cnsim_status st, const char *context);

/* Prints "cnsim: <message>" to stderr and returns 2. */
int cli_bad_input(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses "text", "csv" or "json" (names the option on error); returns 0 ok. */
int cli_parse_format(const char *s, cli_format *out);

/* True if argv holds -h or --help. */
int cli_wants_help(int argc, char **argv);

/* Output destination: stdout, or an atomic file when `path` is non-NULL.
 * cli_out_close(.., ok) commits (ok) or removes (!ok) the file. */
typedef struct cli_out {
    FILE *fp;
    cnsim_atomic_file af;
    int is_file;
} cli_out;
int cli_out_open(cli_out *o, const char *path);   /* exit code on failure */
int cli_out_close(cli_out *o, int ok);            /* exit code */

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
int cli_bridge(int argc, char **argv);
int cli_trial(int argc, char **argv);
int cli_population(int argc, char **argv);

#endif
