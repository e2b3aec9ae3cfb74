/* MPI for `cnsim population` (src/cli/pop_mpi.c). */
#ifndef CNSIM_CLI_POP_MPI_H
#define CNSIM_CLI_POP_MPI_H

#include "cnsim/population.h"

/* Initialises MPI only when started by mpirun; otherwise rank 0 of 1. */
void cli_mpi_init(int *argc, char ***argv, int *rank, int *size);
void cli_mpi_finalize(void);

/* Every rank calls it at the same point: the largest exit code of all
 * ranks, so that a failure on one rank (a check, a memory estimate) stops
 * them all instead of leaving the others waiting. */
int cli_mpi_agree(int rc);

/* Rank 0 merges every other rank's result into *r in rank order and
 * returns the first failure (its message printed with the rank); the other
 * ranks send theirs and return their own status. A rank without subjects
 * has *r NULL and sends an empty part; if rank 0 has none, the first part
 * it receives becomes *r. */
cnsim_status cli_mpi_gather(const cnsim_pop_spec *spec, int rank, int size, cnsim_status my_st,
                            cnsim_pop_result **r);

/* Rank 0's exit code, on every rank: rank 0 opens the output files
 * before the run, and when it cannot, the other ranks must stop too
 * instead of running and then waiting to send results that nobody
 * receives. Rank 0 gets rc back; another rank keeps its own failure or
 * takes rank 0's (rank 0 has printed the message). Without MPI: rc. */
int cli_mpi_share_rc(int rank, int size, int rc);

#endif
