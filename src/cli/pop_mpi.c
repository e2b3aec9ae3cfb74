/* MPI for `cnsim population`: when the process was started by mpirun (the
 * launcher's rank variables are set), MPI is initialised, every rank runs
 * a contiguous block of subjects, and rank 0 receives the other ranks'
 * packed results and merges them in rank order. Without a launcher MPI is
 * never initialised, so the other commands and a plain `cnsim population`
 * do not touch it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opt.h"
#include "pop_mpi.h"

#ifdef CNSIM_HAVE_MPI
#include <mpi.h>

static int launched_by_mpirun(void)
{
    static const char *const vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i]))
            return 1;
    return 0;
}

static int inited;

void cli_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    *rank = 0, *size = 1;
    if (!launched_by_mpirun())
        return;
    MPI_Init(argc, argv);
    inited = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

void cli_mpi_finalize(void)
{
    if (inited)
        MPI_Finalize();
    inited = 0;
}

int cli_mpi_agree(int rc)
{
    if (!inited)
        return rc;
    int all = rc;
    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

int cli_mpi_share_rc(int rank, int size, int rc)
{
    if (!inited || size <= 1)
        return rc;
    int rc0 = rc;
    MPI_Bcast(&rc0, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return rank == 0 || rc ? rc : rc0;
}

#define CHUNK ((size_t)1 << 30)

/* Sends (status, bytes) then the bytes in chunks below 2^31. */
static void send_blob(int status, const unsigned char *p, size_t n)
{
    unsigned long long hdr[2] = {(unsigned long long)status, n};
    MPI_Send(hdr, 2, MPI_UNSIGNED_LONG_LONG, 0, 1, MPI_COMM_WORLD);
    for (size_t at = 0; at < n; at += CHUNK) {
        size_t k = n - at < CHUNK ? n - at : CHUNK;
        MPI_Send(p + at, (int)k, MPI_UNSIGNED_CHAR, 0, 2, MPI_COMM_WORLD);
    }
}

static unsigned char *recv_blob(int from, int *status, size_t *n)
{
    unsigned long long hdr[2];
    MPI_Recv(hdr, 2, MPI_UNSIGNED_LONG_LONG, from, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *status = (int)hdr[0], *n = hdr[1];
    unsigned char *p = malloc(*n ? *n : 1);
    for (size_t at = 0; at < *n; at += CHUNK) {
        size_t k = *n - at < CHUNK ? *n - at : CHUNK;
        if (p)
            MPI_Recv(p + at, (int)k, MPI_UNSIGNED_CHAR, from, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        else {
            unsigned char *tmp = malloc(k);
            MPI_Recv(tmp, (int)k, MPI_UNSIGNED_CHAR, from, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            free(tmp);
        }
    }
    return p;
}

cnsim_status cli_mpi_gather(const cnsim_pop_spec *spec, int rank, int size, cnsim_status my_st,
                            cnsim_pop_result **r)
{
    if (!inited || size <= 1)
        return my_st;
    if (rank != 0) {
        unsigned char *buf = NULL;
        size_t n = 0;
        cnsim_status st = my_st;
        /* A rank without subjects (more ranks than subjects) sends an
         * empty part: status 0, no bytes. */
        if (st == CNSIM_OK && *r)
            st = cnsim_pop_result_pack(*r, &buf, &n);
        if (st != CNSIM_OK) {
            const char *m = cnsim_last_error();
            send_blob((int)st, (const unsigned char *)m, strlen(m) + 1);
        } else
            send_blob(0, buf, n);
        cnsim_free(buf);
        return st;
    }
    cnsim_status st = my_st;
    char first_err[1100] = "";
    if (st != CNSIM_OK)
        snprintf(first_err, sizeof first_err, "rank 0: %s", cnsim_last_error());
    for (int k = 1; k < size; k++) {
        int status;
        size_t n;
        unsigned char *p = recv_blob(k, &status, &n);
        if (!p) {
            if (st == CNSIM_OK)
                st = CNSIM_E_NOMEM, snprintf(first_err, sizeof first_err, "rank 0: out of memory receiving rank %d", k);
            continue;
        }
        if (status != 0) {
            if (st == CNSIM_OK) {
                st = (cnsim_status)status;
                snprintf(first_err, sizeof first_err, "rank %d: %.*s", k, (int)(n ? n - 1 : 0), (const char *)p);
            }
        } else if (st == CNSIM_OK && n > 0) {
            cnsim_pop_result *part = NULL;
            cnsim_status s2 = cnsim_pop_result_unpack(spec, p, n, &part);
            if (s2 == CNSIM_OK && !*r)   /* rank 0 had no subjects */
                *r = part, part = NULL;
            else if (s2 == CNSIM_OK)
                s2 = cnsim_pop_result_merge(*r, part);
            if (s2 != CNSIM_OK)
                st = s2, snprintf(first_err, sizeof first_err, "rank %d: %s", k, cnsim_last_error());
            cnsim_pop_result_free(part);
        }
        free(p);
    }
    if (st != CNSIM_OK)
        fprintf(cli_stderr(), "cnsim: population: %s\n", first_err);
    return st;
}

#else

void cli_mpi_init(int *argc, char ***argv, int *rank, int *size)
{
    (void)argc, (void)argv;
    *rank = 0, *size = 1;
}

void cli_mpi_finalize(void) {}

int cli_mpi_agree(int rc) { return rc; }

int cli_mpi_share_rc(int rank, int size, int rc)
{
    (void)rank, (void)size;
    return rc;
}

cnsim_status cli_mpi_gather(const cnsim_pop_spec *spec, int rank, int size, cnsim_status my_st,
                            cnsim_pop_result **r)
{
    (void)spec, (void)rank, (void)size, (void)r;
    return my_st;
}

#endif
