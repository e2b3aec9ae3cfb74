/* Every command of the command-line tool as one library call, for
 * programs that want exactly what `cnsim COMMAND ... --format json`
 * prints: the Python package (python/cnsim), a web server, a notebook.
 *
 * The request is a JSON object whose keys are the command's long option
 * names without the dashes, in command-line order:
 *
 *   cnsim_command_run("taper",
 *       "{\"drug\": \"clonazepam\", \"from\": \"1 mg bid\", \"method\": \"proportional\"}",
 *       0, &r);
 *
 * runs `cnsim taper --drug=clonazepam --from="1 mg bid"
 * --method=proportional --format=json`. A value is a string, a number
 * (an integer, or a real written with 17 significant digits), true (a
 * flag; false and null leave the option out) or a list of those (the
 * option repeated). Lists are interleaved by index, so that options whose
 * meaning depends on their order pair up: {"drug": ["clonazepam",
 * "sertraline"], "regimen": ["0.5 mg bid", "50 mg qd"]} is --drug
 * clonazepam --regimen "0.5 mg bid" --drug sertraline --regimen "50 mg
 * qd" (null in a list skips that place). The positional arguments go
 * under "drugs" (a string
 * or a list), as in {"drugs": ["clonazepam:1mg", "oxycodone:20mg"]} for
 * interact; a subcommand is part of the command ("drug show").
 * "format" defaults to "json"; "digits": 17 writes every real so that it
 * reads back as the same double.
 *
 * What the command writes to standard output is the result's "--out"
 * output. Another output (--plot, --spikes, --ics, ...) is kept in the
 * result under its option name when its value is "-", or when it is
 * named by a path and flags lacks CNSIM_COMMAND_WRITE_FILES (the path's
 * extension still chooses the format: "plot": "x.svg" gives the SVG
 * text). With CNSIM_COMMAND_WRITE_FILES, a path is a file written as
 * the CLI writes it (atomically). Options that read files (--events,
 * --diary, --model, --registry) read them unless flags holds
 * CNSIM_COMMAND_NO_FILE_INPUT.
 *
 * Messages the CLI prints on standard error (notes, warnings, the error)
 * are the result's messages; progress lines are never drawn.
 *
 * Thread-safe: concurrent calls in different threads keep their outputs
 * and messages apart. A call from inside a call is refused. */
#ifndef CNSIM_COMMAND_H
#define CNSIM_COMMAND_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

typedef struct cnsim_command_result cnsim_command_result;

enum {
    /* Outputs named by a path are written as files. */
    CNSIM_COMMAND_WRITE_FILES = 1u,
    /* No option may name a file to read (--events, --diary, --config,
     * --model FILE, --subjects, --registry) and a scenario is given by
     * its name in scenarios/, never by a path: for requests from a
     * network (cnsim serve). Refused with exit 2. */
    CNSIM_COMMAND_NO_FILE_INPUT = 2u,
};

/* Runs `cnsim COMMAND` with the options of `request` (a JSON object; NULL
 * or "" is {}). Returns CNSIM_OK when the command succeeded (exit code
 * 0), CNSIM_E_ARG for bad input (exit 2: a malformed request, an unknown
 * command or option, a bad value), CNSIM_E_FAILED when the command failed
 * (exit 1), or CNSIM_E_NOMEM. Except for CNSIM_E_NOMEM, *result is set
 * and must be released with cnsim_command_result_free, also on failure;
 * cnsim_last_error() holds the command's error message, as the CLI
 * prints it without the leading "cnsim: ". */
cnsim_status cnsim_command_run(const char *command, const char *request, unsigned flags,
                               cnsim_command_result **result);

/* The exit code the CLI would have returned: 0, 1 or 2. */
int cnsim_command_exit_code(const cnsim_command_result *r);

/* The text written to the output `option` ("--out" or NULL: standard
 * output; "--plot", "--spikes", ...) and its length (the text may hold
 * NUL bytes, e.g. a PNG), or NULL when the command wrote no such output. */
const char *cnsim_command_output(const cnsim_command_result *r, const char *option, size_t *len);

/* The option names of the outputs kept in the result, i = 0 .. n-1
 * (cnsim_command_n_outputs); "--out" first. */
size_t cnsim_command_n_outputs(const cnsim_command_result *r);
const char *cnsim_command_output_name(const cnsim_command_result *r, size_t i);

/* What the command printed on standard error ("" if nothing). */
const char *cnsim_command_messages(const cnsim_command_result *r);

void cnsim_command_result_free(cnsim_command_result *r);

CNSIM_END_DECLS

#endif
