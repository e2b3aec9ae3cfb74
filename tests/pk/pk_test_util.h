/* Shared helpers for the PK tests: hand-written parameter sets (so the PK
 * layer is tested without the registry) and event builders. */
#ifndef CNSIM_PK_TEST_UTIL_H
#define CNSIM_PK_TEST_UTIL_H

#include <math.h>
#include <string.h>
#include "cnsim/cnsim.h"

/* A clonazepam-like 2-compartment model (Kruizinga et al. 2022, Br J Clin
 * Pharmacol 88:2236, typical values) used only as a test fixture. */
static inline cnsim_pk_params fixture_two_cmt(void)
{
    cnsim_pk_params p = cnsim_pk_params_default();
    strcpy(p.name, "fixture2");
    p.n_cmt = 2;
    p.f = 0.9;
    p.ka_per_h = 1.106;
    p.cl_L_per_h = 2.98;
    p.v1_L = 109.5;
    p.q2_L_per_h = 61.37;
    p.v2_L = 130.6;
    p.mw_g_per_mol = 315.7;
    return p;
}

static inline cnsim_pk_params fixture_one_cmt(void)
{
    cnsim_pk_params p = cnsim_pk_params_default();
    strcpy(p.name, "fixture1");
    p.n_cmt = 1;
    p.f = 0.8;
    p.ka_per_h = 0.7;
    p.tlag_h = 0.25;
    p.cl_L_per_h = 20;
    p.v1_L = 600;
    p.mw_g_per_mol = 300;
    return p;
}

static inline cnsim_pk_params fixture_three_cmt_met(void)
{
    cnsim_pk_params p = fixture_two_cmt();
    strcpy(p.name, "fixture3");
    p.n_cmt = 3;
    p.q3_L_per_h = 5;
    p.v3_L = 300;
    p.has_metabolite = 1;
    strcpy(p.metabolite, "fixture3-met");
    p.fm = 0.6;
    p.met_mw_g_per_mol = 285.7;
    p.met_cl_L_per_h = 1.5;
    p.met_v_L = 90;
    return p;
}

static inline cnsim_event dose_at(double t, double amt, int drug, int cmt)
{
    cnsim_event e = cnsim_event_default();
    e.id = 1;
    e.time_h = t;
    e.amt_mg = amt;
    e.drug = drug;
    e.cmt = cmt;
    return e;
}

#ifdef cmocka_unit_test
/* A run of n drugs with `kind` at tight tolerances (for tests that
 * include cmocka before this header). */
static inline cnsim_pk_run *make_tight_run(const cnsim_pk_params *p, size_t n, cnsim_solver_kind kind)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    o.rtol = 1e-10;
    o.atol_mg = 1e-14;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(p, n, &o, &run), CNSIM_OK);
    return run;
}
#endif

#endif
