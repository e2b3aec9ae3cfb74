/* One vocabulary for quantities written as text: durations, amounts,
 * clock times, dosing frequencies and plain numbers. Every command-line
 * option, regimen string, scenario and trial file reads its quantities
 * through these functions, so "3 wks" means the same everywhere.
 *
 * Errors name `field` (an option such as "--until", or a JSON path such as
 * "drugs[1].until"), the text, and what was expected: CNSIM_E_PARSE for
 * malformed text, CNSIM_E_RANGE for a value outside its range. */
#ifndef CNSIM_UNITS_H
#define CNSIM_UNITS_H

#include "cnsim/status.h"

CNSIM_BEGIN_DECLS

/* The number `text` starts with (decimal or exponent form, optional sign;
 * not hex, infinity or NaN): its value and where the text after it starts,
 * or NULL if text does not start with a number. Blanks are not skipped.
 * An overflowing number reads as +-HUGE_VAL, so callers check isfinite. */
const char *cnsim_scan_number(const char *text, double *value);

/* Hours in one `unit` (case-insensitive), or 0 if it is not a time unit:
 *   ms msec millisecond milliseconds      s sec secs second seconds
 *   min mins minute minutes               h hr hrs hour hours
 *   d day days                            w wk wks week weeks */
double cnsim_time_unit_h(const char *unit);

/* A duration: NUMBER UNIT, with or without blanks between ("42d",
 * "12 h", "3 wks", "90min", "500 ms"), >= 0. */
cnsim_status cnsim_parse_duration_h(const char *text, const char *field, double *out_h);

/* The same, where a bare number is allowed and counts in `bare_unit`
 * (a unit above, e.g. "ms" for cell-scale durations). */
cnsim_status cnsim_parse_duration_unit_h(const char *text, const char *field,
                                         const char *bare_unit, double *out_h);

/* Milligrams in one `unit` (case-insensitive), or 0 if it is not a mass
 * unit: g, mg, ug, mcg, µg (UTF-8), ng. */
double cnsim_mass_unit_mg(const char *unit);

/* An amount: NUMBER UNIT ("0.5 mg", "500ug", "1 g"), > 0. */
cnsim_status cnsim_parse_amount_mg(const char *text, const char *field, double *out_mg);

/* A clock time "HH:MM" (00:00 to 23:59) as hours after midnight. */
cnsim_status cnsim_parse_clock_h(const char *text, const char *field, double *out_h);

/* A list of clock times "08:00,20:00": HH:MM as above, separated by
 * commas (blanks around a time are allowed), no time twice, at most `max`
 * (>= 1). Writes them to hours_out (max long) in the order written and
 * their number to *n_out. CNSIM_E_PARSE for an empty list, an empty item,
 * a malformed time or one given twice, CNSIM_E_RANGE for more than max,
 * CNSIM_E_ARG for a NULL output or max < 1. On failure *n_out is left as
 * it was (hours_out may hold part of the list). */
cnsim_status cnsim_parse_clock_list(const char *text, const char *field, double *hours_out,
                                    int max, int *n_out);

/* A dosing frequency word: once or single (interval 0), qd, od, daily, qhs,
 * nightly (24 h), bid (12 h), tid (8 h), qid (6 h), q<N>h or q<N><unit>
 * (N hours, a time unit above). Returns 1 and the interval, or 0 if the
 * word is not a frequency. */
int cnsim_frequency_interval_h(const char *word, double *tau_h);

/* A dose taken n times a day: AMOUNT [FREQ] with FREQ one of qd, od,
 * daily, bid, tid, qid (default qd), separated by blanks or '-': "1 mg
 * bid", "0.5mg-bid", "20 mg". Nothing may follow: trailing words and
 * regimens ("... for 28 d then 0.5 mg bid") are CNSIM_E_PARSE, said as
 * such. *n_per_day is 1..4. */
cnsim_status cnsim_parse_dose_per_day(const char *text, const char *field,
                                      double *mg_per_administration, int *n_per_day);

/* A plain number (decimal or exponent form, the whole text) in [lo, hi]. */
cnsim_status cnsim_parse_number(const char *text, const char *field, double lo,
                                double hi, double *out);

/* A whole number (decimal digits, the whole text) in [lo, hi]; seeds take
 * the full range 0 .. 2^64 - 1. */
cnsim_status cnsim_parse_whole(const char *text, const char *field, unsigned long long lo,
                               unsigned long long hi, unsigned long long *out);

CNSIM_END_DECLS
#endif
