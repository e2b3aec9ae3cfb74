/* cnsim command-line entry point: the program's streams, its signal
 * handling and jansson's allocation watch, then the dispatch that a
 * library call also runs (main.c, call.c). */
#include <malloc.h>
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
    /* Freed memory stays in the process for the next simulation rather
     * than going back to the system and being faulted in again: a taper
     * runs six simulations of about 500 days, and returning their arrays
     * each time made it 1.8 times slower (136 against 75 ms a taper,
     * measured in one process; most of the difference was page faults).
     * The server gives memory back itself when it is idle (malloc_trim). */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    cli_signals_install();
    cli_json_watch();
    int rc = cli_dispatch(argc, argv);
    /* Whatever a command printed, a failed write is a failure. */
    if (cli_flush_stdout() && rc == CLI_OK)
        rc = CLI_FAIL;
    return rc;
}
