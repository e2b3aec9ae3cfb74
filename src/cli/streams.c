/* Where the command-line code writes (opt.h): the process's standard
 * streams, or, inside cnsim_command_run (call.c), the calling thread's
 * in-memory streams. Kept apart from call.c so that opt.c, which unit
 * tests and a fuzz target compile on their own, needs nothing else. */
#include <stdio.h>

#include "opt.h"
#include "streams.h"

static _Thread_local FILE *tls_out, *tls_err;
static _Thread_local int tls_digits, tls_no_file_inputs;

FILE *cli_stdout(void) { return tls_out ? tls_out : stdout; }
FILE *cli_stderr(void) { return tls_err ? tls_err : stderr; }
int cli_digits(void) { return tls_digits; }
void cli_set_digits(int digits) { tls_digits = digits; }
int cli_file_inputs_allowed(void) { return !tls_no_file_inputs; }
void cli_set_file_inputs_allowed(int allowed) { tls_no_file_inputs = !allowed; }

void cli_streams_redirect(FILE *out, FILE *err)
{
    tls_out = out;
    tls_err = err;
    tls_digits = 0;
    tls_no_file_inputs = 0;
}

int cli_in_call(void) { return tls_err != NULL; }

void cli_streams_save(cli_stream_state *s)
{
    s->out = tls_out, s->err = tls_err, s->digits = tls_digits, s->no_file_inputs = tls_no_file_inputs;
}

void cli_streams_restore(const cli_stream_state *s)
{
    tls_out = s->out, tls_err = s->err, tls_digits = s->digits, tls_no_file_inputs = s->no_file_inputs;
}
