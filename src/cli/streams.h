/* The calling thread's streams while a library call runs a command
 * (src/cli/streams.c, used by call.c and main.c). */
#ifndef CNSIM_CLI_STREAMS_H
#define CNSIM_CLI_STREAMS_H

#include <stdio.h>

/* Sends this thread's cli_stdout() and cli_stderr() to out and err
 * (NULL, NULL: back to the process's streams) and resets --digits. */
void cli_streams_redirect(FILE *out, FILE *err);

/* True while this thread runs a command for cnsim_command_run. */
int cli_in_call(void);

/* In a call: the stream an output option writes to when it is kept in
 * the result (call.c); NULL when it cannot be made (out of memory). */
FILE *cli_call_capture(const char *option);

/* In a call: whether outputs named by a path are written as files
 * (CNSIM_COMMAND_WRITE_FILES) rather than kept in the result. */
int cli_call_writes_files(void);

#endif
