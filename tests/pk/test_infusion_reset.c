/* Resets and infusions, with NONMEM's semantics (NONMEM users guide, part
 * V: EVID 3 and 4 reset the system and end infusions in progress; SS=1
 * resets the dosed compartments, ending infusions in progress and
 * cancelling pending additional doses). Each case against its exact
 * answer, with both solvers. Issue 12, cases 1-4. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include "pk_test_util.h"

#define NT 241   /* every 0.1 h from 0 to 24 h */

static cnsim_pk_run *make(const cnsim_pk_params *p, cnsim_solver_kind kind)
{
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = kind;
    o.rtol = 1e-10;
    o.atol_mg = 1e-14;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(p, 1, &o, &run), CNSIM_OK);
    return run;
}

static void times(double *t, double shift)
{
    for (int i = 0; i < NT; i++)
        t[i] = 0.1 * i + shift;
}

static cnsim_event infusion(double t, double amt, double rate)
{
    cnsim_event e = dose_at(t, amt, 0, CNSIM_CMT_CENTRAL);
    e.rate_mg_per_h = rate;
    return e;
}

static const cnsim_solver_kind kinds[2] = {CNSIM_SOLVER_CLOSED, CNSIM_SOLVER_CVODE};

/* Case 1: 10 mg over 10 h, EVID 3 at 5 h. From 5 h on there is nothing:
 * the infusion ended with the reset (its scheduled end at 10 h used to
 * subtract its rate again, driving the level negative). */
static void test_evid3_ends_the_infusion(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ev[2] = {infusion(0, 10, 1), dose_at(5, 0, -1, 0)};
    ev[1].evid = CNSIM_EVID_RESET;
    double t[NT], c[NT];
    times(t, 0);
    for (int k = 0; k < 2; k++) {
        cnsim_pk_run *run = make(&p, kinds[k]);
        assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, NT, c, NULL), CNSIM_OK);
        assert_true(c[49] > 1);   /* 4.9 h: infusing */
        for (int i = 50; i < NT; i++)
            if (c[i] != 0)
                fail_msg("solver %d, %.1f h: %.6g ng/mL after the reset; expected 0", k, t[i], c[i]);
        cnsim_pk_run_free(run);
    }
}

/* Case 2: the same infusion, then EVID 4 at 8 h starting a new one of 10 mg
 * over 10 h: from 8 h the level is that of the new infusion alone, started
 * at 0, shifted by 8 h (the old infusion's end at 10 h used to cancel the
 * new one's rate). */
static void test_evid4_starts_afresh(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ev[2] = {infusion(0, 10, 1), infusion(8, 10, 1)};
    ev[1].evid = CNSIM_EVID_RESET_DOSE;
    cnsim_event alone = infusion(0, 10, 1);
    double t[NT], t0[NT], c[NT], ref[NT];
    times(t, 8);
    times(t0, 0);
    for (int k = 0; k < 2; k++) {
        cnsim_pk_run *run = make(&p, kinds[k]);
        assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, NT, c, NULL), CNSIM_OK);
        assert_int_equal(cnsim_pk_run_simulate(run, &alone, 1, t0, NT, ref, NULL), CNSIM_OK);
        double tol = k == 0 ? 1e-9 : 1e-6;
        for (int i = 0; i < NT; i++)
            if (fabs(c[i] - ref[i]) > tol * fmax(ref[i], 1e-3))
                fail_msg("solver %d, %.1f h: %.9g ng/mL; expected %.9g (the new infusion alone)", k, t[i], c[i], ref[i]);
        cnsim_pk_run_free(run);
    }
}

/* Case 3: the infusion, then at 5 h a 1 mg IV bolus with SS=1 every 12 h:
 * the steady state replaces everything of this drug, the infusion
 * included, so from 5 h the level is that of the steady-state dose alone
 * (21.95 ng/mL at 10 h used to keep the infusion running). */
static void test_ss1_ends_the_infusion(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event ss = dose_at(5, 1, 0, CNSIM_CMT_CENTRAL);
    ss.ss = 1;
    ss.ii_h = 12;
    cnsim_event ev[2] = {infusion(0, 10, 1), ss};
    double t[NT], c[NT], ref[NT];
    times(t, 5);
    for (int k = 0; k < 2; k++) {
        cnsim_pk_run *run = make(&p, kinds[k]);
        assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, NT, c, NULL), CNSIM_OK);
        assert_int_equal(cnsim_pk_run_simulate(run, &ss, 1, t, NT, ref, NULL), CNSIM_OK);
        double tol = k == 0 ? 1e-9 : 1e-6;
        for (int i = 0; i < NT; i++)
            if (fabs(c[i] - ref[i]) > tol * fmax(ref[i], 1e-3))
                fail_msg("solver %d, %.1f h: %.9g ng/mL; expected %.9g (the steady-state dose alone)", k, t[i], c[i], ref[i]);
        cnsim_pk_run_free(run);
    }
}

/* An infusion of another drug is not reset by a steady-state dose. */
static void test_ss1_keeps_other_drugs(void **state)
{
    (void)state;
    cnsim_pk_params p[2] = {fixture_two_cmt(), fixture_two_cmt()};
    strcpy(p[1].name, "other");
    cnsim_event inf = infusion(0, 10, 1);
    inf.drug = 1;
    cnsim_event ss = dose_at(5, 1, 0, CNSIM_CMT_CENTRAL);
    ss.ss = 1;
    ss.ii_h = 12;
    cnsim_event ev[2] = {inf, ss};
    double t[NT], c[2 * NT], ref[2 * NT];
    times(t, 0);
    cnsim_solver_opts o = cnsim_solver_opts_default();
    o.kind = CNSIM_SOLVER_CLOSED;
    cnsim_pk_run *run;
    assert_int_equal(cnsim_pk_run_create(p, 2, &o, &run), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_simulate(run, ev, 2, t, NT, c, NULL), CNSIM_OK);
    assert_int_equal(cnsim_pk_run_simulate(run, &inf, 1, t, NT, ref, NULL), CNSIM_OK);
    for (int i = 0; i < NT; i++)   /* column 1 is the other drug */
        if (fabs(c[2 * i + 1] - ref[2 * i + 1]) > 1e-9 * fmax(ref[2 * i + 1], 1e-3))
            fail_msg("%.1f h: the other drug's infusion changed: %.9g vs %.9g", t[i], c[2 * i + 1], ref[2 * i + 1]);
    cnsim_pk_run_free(run);
}

/* Expands ADDL as the data-set reader does (cnsim_events_expand). */
static size_t expand(const cnsim_event *in, size_t n, cnsim_event *out, size_t cap)
{
    cnsim_event_list a, b;
    cnsim_event_list_init(&a);
    cnsim_event_list_init(&b);
    int d;
    assert_int_equal(cnsim_event_list_drug(&a, "fixture2", &d), CNSIM_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(cnsim_event_list_push(&a, &in[i]), CNSIM_OK);
    assert_int_equal(cnsim_events_expand(&a, &b), CNSIM_OK);
    assert_true(b.n <= cap);
    memcpy(out, b.ev, b.n * sizeof *out);
    size_t m = b.n;
    cnsim_event_list_free(&a);
    cnsim_event_list_free(&b);
    return m;
}

/* Case 4: 10 mg IV every 12 h from 0 with ADDL 5 (doses to 60 h), then at
 * 24 h 1 mg with SS=1 every 12 h: the pending doses of the first record
 * (36, 48, 60 h) are cancelled, so from 24 h the level is that of the
 * steady-state dose alone (58.3 ng/mL at 36 h used to include them). */
static void test_ss1_cancels_pending_addl(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    cnsim_event in[2] = {dose_at(0, 10, 0, CNSIM_CMT_CENTRAL), dose_at(24, 1, 0, CNSIM_CMT_CENTRAL)};
    in[0].addl = 5, in[0].ii_h = 12, in[0].line = 2;
    in[1].ss = 1, in[1].ii_h = 12, in[1].line = 3;
    cnsim_event ev[16];
    size_t n = expand(in, 2, ev, 16);
    assert_int_equal(n, 7);
    double t[NT], c[NT], ref[NT];
    times(t, 24);
    for (int k = 0; k < 2; k++) {
        cnsim_pk_run *run = make(&p, kinds[k]);
        assert_int_equal(cnsim_pk_run_simulate(run, ev, n, t, NT, c, NULL), CNSIM_OK);
        assert_int_equal(cnsim_pk_run_simulate(run, &in[1], 1, t, NT, ref, NULL), CNSIM_OK);
        double tol = k == 0 ? 1e-9 : 1e-6;
        for (int i = 0; i < NT; i++)
            if (fabs(c[i] - ref[i]) > tol * fmax(ref[i], 1e-3))
                fail_msg("solver %d, %.1f h: %.9g ng/mL; expected %.9g (the steady-state dose alone)", k, t[i], c[i], ref[i]);
        cnsim_pk_run_free(run);
    }
}

/* A reset cancels the additional doses still to come and a lagged oral
 * dose not yet entered; a dose given after the reset is kept. */
static void test_reset_cancels_pending_doses(void **state)
{
    (void)state;
    cnsim_pk_params p = fixture_two_cmt();
    p.tlag_h = 2;
    cnsim_event in[4] = {dose_at(0, 10, 0, CNSIM_CMT_CENTRAL), dose_at(23, 5, 0, CNSIM_CMT_DEPOT),
                         dose_at(24, 0, -1, 0), dose_at(30, 2, 0, CNSIM_CMT_CENTRAL)};
    in[0].addl = 5, in[0].ii_h = 12, in[0].line = 2;
    in[1].line = 3;   /* enters the depot at 25 h, after the reset */
    in[2].evid = CNSIM_EVID_RESET, in[2].line = 4;
    in[3].line = 5;
    cnsim_event ev[16];
    size_t n = expand(in, 4, ev, 16);
    double t[NT], c[NT], ref[NT];
    times(t, 24);
    for (int k = 0; k < 2; k++) {
        cnsim_pk_run *run = make(&p, kinds[k]);
        assert_int_equal(cnsim_pk_run_simulate(run, ev, n, t, NT, c, NULL), CNSIM_OK);
        assert_int_equal(cnsim_pk_run_simulate(run, &in[3], 1, t, NT, ref, NULL), CNSIM_OK);
        double tol = k == 0 ? 1e-9 : 1e-6;
        for (int i = 0; i < NT; i++)
            if (fabs(c[i] - ref[i]) > tol * fmax(ref[i], 1e-3))
                fail_msg("solver %d, %.1f h: %.9g ng/mL; expected %.9g (the dose after the reset alone)", k, t[i], c[i], ref[i]);
        cnsim_pk_run_free(run);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_evid3_ends_the_infusion),
        cmocka_unit_test(test_evid4_starts_afresh),
        cmocka_unit_test(test_ss1_ends_the_infusion),
        cmocka_unit_test(test_ss1_keeps_other_drugs),
        cmocka_unit_test(test_ss1_cancels_pending_addl),
        cmocka_unit_test(test_reset_cancels_pending_doses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
