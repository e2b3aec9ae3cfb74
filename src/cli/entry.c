/* cnsim command-line entry point: the program's streams, its signal
 * handling and jansson's allocation watch, then the dispatch that a
 * library call also runs (main.c, call.c). */
#include <stdio.h>
#include <unistd.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* Standard output in large blocks when it is not a terminal: fewer
     * writes, and a failed write (a full disk, /dev/full) happens at the
     * final flush, where errno still says why (glibc loses it when a write
     * fails mid-stream and later calls clear errno). */
    static char out_buf[1 << 20];
    if (!isatty(STDOUT_FILENO))
        setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
    cli_signals_install();
    cli_json_watch();
    int rc = cli_dispatch(argc, argv);
    /* Whatever a command printed, a failed write is a failure. */
    if (cli_flush_stdout() && rc == CLI_OK)
        rc = CLI_FAIL;
    return rc;
}
