/* Dosing: event records (NONMEM-style), the regimen-string parser, and the
 * expansion of ADDL/II records into single doses.
 *
 * All three inputs (regimen strings, JSON scenarios, NONMEM data sets) end
 * up as a cnsim_event_list: one record per dose, observation or reset, with
 * the drug given as an index into the list's drug names. */
#ifndef CNSIM_REGIMEN_H
#define CNSIM_REGIMEN_H

#include <stddef.h>
#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

/* NONMEM EVID values. */
enum {
    CNSIM_EVID_OBS = 0,        /* observation */
    CNSIM_EVID_DOSE = 1,       /* dose */
    CNSIM_EVID_OTHER = 2,      /* other-type event (output, no DV) */
    CNSIM_EVID_RESET = 3,      /* reset all compartments of the subject */
    CNSIM_EVID_RESET_DOSE = 4  /* reset, then dose */
};

/* Compartment numbers of one drug (the same for every model, so a data set
 * reads the same whatever the structural model). Names accepted in CMT:
 * DEPOT, CENTRAL, PERIPH (or PERIPH1), PERIPH2, METAB. */
enum {
    CNSIM_CMT_DEPOT = 1,
    CNSIM_CMT_CENTRAL = 2,
    CNSIM_CMT_PERIPH = 3,
    CNSIM_CMT_PERIPH2 = 4,
    CNSIM_CMT_METAB = 5,
    CNSIM_N_CMT = 5
};

#define CNSIM_FORM_MAX 16

typedef struct cnsim_event {
    int id;                 /* subject id */
    double time_h;          /* record time */
    int evid;               /* CNSIM_EVID_* */
    int drug;               /* index into cnsim_event_list.drugs; -1 = none */
    int cmt;                /* CNSIM_CMT_*; 0 = the default for the record */
    double amt_mg;          /* dose amount (EVID 1, 4) */
    double rate_mg_per_h;   /* NONMEM RATE: 0 = bolus; > 0 = zero-order
                               infusion at this rate (F shortens it:
                               duration F*AMT/RATE); -1 = at the model's
                               rate (R1/R2); -2 = for the model's duration
                               (D1/D2). With SS = 1, AMT = 0 and II = 0, a
                               rate > 0 is a constant infusion at steady
                               state that runs until a reset. */
    double dur_h;           /* > 0: the infusion lasts this long whatever F
                               (a regimen's "over 30 min"; the rate is then
                               F*AMT/dur_h); 0 = from RATE */
    double ii_h;            /* interdose interval for ADDL or SS */
    int addl;               /* additional doses at ii_h after this one */
    int ss;                 /* 0 none, 1 steady state (reset), 2 SS added */
    double dv;              /* observed value (EVID 0), NAN if absent */
    int mdv;                /* missing-DV flag */
    int blq;                /* 1: the observation is below the limit of
                               quantification (data set column BLQ; Beal's M3) */
    double lloq;            /* that limit (column LLOQ, else DV), NAN if none */
    char form[CNSIM_FORM_MAX]; /* formulation ("" = drug default) */
    long line;              /* source line/record number for messages */
    int block;              /* the data set's block of records (0 unless the
                               list comes from a data set): a new block starts
                               at each new ID, at an ID that comes back after
                               other IDs (NONMEM: a new individual) and at a
                               reset (EVID 3/4) that restarts the clock (the
                               reset empties every compartment, so what
                               follows starts afresh on its own clock). A
                               subject is an (id, block) pair. */
    int addl_k;             /* 0: the record's own dose; k: its k-th additional
                               dose (set by cnsim_events_expand), so the record
                               it came from is at time_h - addl_k * ii_h */
} cnsim_event;

typedef struct cnsim_event_list {
    cnsim_event *ev;
    size_t n, cap;
    char (*drugs)[CNSIM_NAME_MAX]; /* canonical drug names */
    size_t n_drugs;
} cnsim_event_list;

/* An event list is a value the caller owns: cnsim_event_list_init (or
 * zeroing) makes it empty, cnsim_event_list_free releases what the library
 * allocated in it and leaves it empty again. */
void cnsim_event_list_init(cnsim_event_list *l);
void cnsim_event_list_free(cnsim_event_list *l);
cnsim_status cnsim_event_list_push(cnsim_event_list *l, const cnsim_event *e);
/* Index of drug `name` in l->drugs, adding it if absent. */
cnsim_status cnsim_event_list_drug(cnsim_event_list *l, const char *name,
                                   int *index);
/* An event with NONMEM defaults: EVID 1, CMT 0, no II/ADDL/SS, DV NAN. */
cnsim_event cnsim_event_default(void);

/* Subjects of a list, (id, block) pairs, in order of first appearance:
 * how many, and the id and block of the k-th (-1 when k is out of range,
 * and 0 subjects or -1 when memory runs out: each call sorts a copy of
 * the list, so a caller with many subjects scans the list itself). */
size_t cnsim_event_list_n_subjects(const cnsim_event_list *l);
int cnsim_event_list_subject_id(const cnsim_event_list *l, size_t k);
int cnsim_event_list_subject_block(const cnsim_event_list *l, size_t k);

/* Parses a regimen string for drug index `drug` of subject `id` and appends
 * the dose records (one per dose; no ADDL) to l. Grammar (case-insensitive;
 * segments joined by "then" or ';' follow one another unless they say
 * "start"):
 *   segment  := AMOUNT [ROUTE] [FREQ] ["for" DURATION] ["start" DURATION]
 *   AMOUNT   := an amount (cnsim/units.h: mg, ug, mcg, g, ...)
 *   ROUTE    := po | oral | tablet | odt | solution | capsule | iv |
 *               "over" DURATION (zero-order infusion)
 *   FREQ     := a frequency word (cnsim/units.h: once, qd, bid, tid, qid,
 *               q<N>h, ...) | "every" DURATION
 *               | "at" HH:MM[,HH:MM...]      (clock times; t = 0 is 00:00)
 *   DURATION := a duration (cnsim/units.h: min, h, d, w, wk, wks, ...)
 * The words qd, od, daily, bid, tid and qid dose on the wall clock, as
 * "at" does (t = 0 is 00:00 of day 1): at cnsim_regimen_default_clock's
 * hours, so "0.5 mg bid for 2 d" doses at 8, 20, 32 and 44 h. The other
 * repeated frequencies (q<N>h, every DURATION, qhs, nightly) dose every
 * interval from the segment's start. Doses fall in [start, start + for):
 * a segment of whole days has all its doses whatever the hour it starts.
 * A repeated segment without "for" (open-ended) runs until horizon_h.
 * Errors name the string and the column: CNSIM_E_PARSE or CNSIM_E_RANGE. */
cnsim_status cnsim_regimen_parse(const char *text, int id, int drug,
                                 double horizon_h, cnsim_event_list *l);

/* The most administrations a day a frequency word gives (qid), and the
 * most clock times one day of a regimen holds. */
#define CNSIM_REGIMEN_MAX_PER_DAY 4
#define CNSIM_REGIMEN_MAX_CLOCK 24

/* The default wall clock of the frequency words, the same in every
 * command: n_per_day (1 qd, 2 bid, 3 tid, 4 qid) clock hours, 0 <= h < 24,
 * into hours_out (n_per_day long), the first at 08:00 and the others at
 * equal intervals after it (8 + k 24 / n_per_day modulo 24): qd 08:00;
 * bid 08:00, 20:00; tid 08:00, 16:00, 00:00; qid 08:00, 14:00, 20:00,
 * 02:00, in that order. CNSIM_E_RANGE for n_per_day outside 1..4,
 * CNSIM_E_ARG for a NULL hours_out. */
cnsim_status cnsim_regimen_default_clock(int n_per_day, double *hours_out);

/* cnsim_regimen_parse with another clock for the frequency words qd, od,
 * daily, bid, tid and qid: their doses fall at the n_clock hours clock_h
 * (0 <= h < 24, distinct, any order; copied) instead of the default
 * clock. clock_h NULL with n_clock 0 is the default clock. Every segment
 * dosed by such a word must take n_clock doses a day: a "bid" segment with
 * three clock times is CNSIM_E_RANGE, naming the word, the times and how
 * many were expected. A clock that is not one (NULL with n_clock > 0, more
 * than CNSIM_REGIMEN_MAX_CLOCK times) is CNSIM_E_ARG; an hour outside
 * [0, 24) or given twice, CNSIM_E_RANGE. */
cnsim_status cnsim_regimen_parse_clock(const char *text, const double *clock_h, int n_clock, int id,
                                       int drug, double horizon_h, cnsim_event_list *l);

/* What a regimen string says about its own course, read without a
 * horizon (for choosing one), by the same reader as cnsim_regimen_parse:
 *   is_open_ended  a repeated segment has no "for" (it runs to whatever
 *                  horizon the parse is given; only the last segment can,
 *                  unless later ones say "start");
 *   open_start_h   when that segment starts (the latest such start if
 *                  several): a horizon must lie after it;
 *   end_h          closed: the latest segment end, i.e. when the dose after
 *                  the last would be due ("0.5 mg q12h for 28 d": 672 h);
 *                  a single dose without "for" ends where it is given;
 *   last_dose_h    closed: when the last dose is given, or for an infusion
 *                  when it has run in ("2 mg iv over 30 min once start
 *                  2 d": 48.5 h, with end_h 48 h); NAN if no dose falls
 *                  inside its segment;
 *   tau_h          the dosing interval of the last repeated segment in
 *                  the text; for clock times (and the frequency words
 *                  qd..qid, which dose on the clock) 24 h / their number
 *                  when they are evenly spaced ("at 08:00,20:00", "bid":
 *                  12 h), else 24 h; NAN if there are only single doses;
 *   clock_per_day  the doses a day of the segments dosed by a frequency
 *                  word on the clock (qd, od, daily 1; bid 2; tid 3; qid
 *                  4): 0 when no segment is, -1 when they differ ("0.5 mg
 *                  bid for 7 d then 0.5 mg qd for 7 d").
 * The fields that do not apply are NAN. Errors are cnsim_regimen_parse's
 * (except those that need a horizon): CNSIM_E_PARSE, CNSIM_E_RANGE;
 * CNSIM_E_ARG for a NULL text or info. */
typedef struct cnsim_regimen_info {
    int is_open_ended;
    double open_start_h;       /* NAN when closed */
    double end_h;              /* NAN when open-ended */
    double last_dose_h;        /* NAN when open-ended */
    double tau_h;              /* NAN with only single doses */
    int clock_per_day;         /* 0 none, -1 several */
} cnsim_regimen_info;
cnsim_status cnsim_regimen_describe(const char *text, cnsim_regimen_info *info);
/* The same with the clock of cnsim_regimen_parse_clock (and its errors). */
cnsim_status cnsim_regimen_describe_clock(const char *text, const double *clock_h, int n_clock,
                                          cnsim_regimen_info *info);

/* Expands ADDL into single dose records, sorts stably by (id, time) keeping
 * input order at equal times (times may go backwards in the input: regimens
 * of several drugs are appended one after another; the data-set reader
 * checks NONMEM order itself), and checks the records: ADDL > 0 needs II > 0, SS
 * needs II > 0, amounts finite and >= 0 (> 0 for doses), rates >= 0, CMT in
 * 1..5. Leaves the result in `out` (which must be initialised). */
cnsim_status cnsim_events_expand(const cnsim_event_list *in,
                                 cnsim_event_list *out);

CNSIM_END_DECLS
#endif
