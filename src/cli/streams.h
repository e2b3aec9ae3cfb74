/* The calling thread's streams while a library call runs a command
 * (src/cli/streams.c, used by call.c and main.c). */
#ifndef CNSIM_CLI_STREAMS_H
#define CNSIM_CLI_STREAMS_H

#include <stdio.h>

/* Sends this thread's cli_stdout() and cli_stderr() to out and err
 * (NULL, NULL: back to the process's streams) and resets --digits. */
void cli_streams_redirect(FILE *out, FILE *err);

/* The thread's streams and settings, saved around a command run inside
 * another (cli_call_argv) and restored after it. */
typedef struct cli_stream_state {
    FILE *out, *err;
    int digits, no_file_inputs;
} cli_stream_state;
void cli_streams_save(cli_stream_state *s);
void cli_streams_restore(const cli_stream_state *s);

/* True while this thread runs a command for cnsim_command_run. */
int cli_in_call(void);

/* In a call: the stream an output option writes to when it is kept in
 * the result (call.c); NULL when it cannot be made (out of memory). */
FILE *cli_call_capture(const char *option);

/* In a call: whether outputs named by a path are written as files
 * (CNSIM_COMMAND_WRITE_FILES) rather than kept in the result. */
int cli_call_writes_files(void);

/* Runs `cnsim argv[0] argv[1] ...` (argv[0] is the command) with its
 * outputs and messages kept in *result, as cnsim_command_run does, also
 * from inside another command (the thread's state is restored after).
 * Returns the exit code; *result is NULL only when out of memory. */
struct cnsim_command_result;
int cli_call_argv(int argc, char **argv, unsigned flags, struct cnsim_command_result **result);

#endif
