/* `cnsim taper --format html`: a taper plan as one printable HTML5
 * document (taper_html.c). */
#ifndef CNSIM_CLI_TAPER_HTML_H
#define CNSIM_CLI_TAPER_HTML_H

#include <stdio.h>
#include "cnsim/plan.h"

typedef struct taper_html_in {
    const cnsim_taper_plan *plan;     /* built and simulated */
    const cnsim_taper_opts *opts;
    const char *method_name, *method_source;   /* NULL: the plan method's */
    double abrupt_peak;               /* the index of an abrupt stop (withdrawal for a benzodiazepine, discontinuation for an SSRI: plan->is_ssri); NAN: not computed */
    const char *start_date;           /* "YYYY-MM-DD" of taper day 0, or NULL: days are numbered from 0 */
    const char *svg;                  /* the plan's figure as SVG text to inline, or NULL */
} taper_html_in;

/* Writes one self-contained HTML5 document (UTF-8, no external resources,
 * no scripts, print styles for A4 and Letter): the plan's title and
 * disclaimer, its warnings, the schedule with each step's directions,
 * what to dispense, a calendar from day 0 to the stop, a weekly symptom
 * diary (CIWA-B items for a benzodiazepine, DESS items for an SSRI) and
 * the simulated summary with the figure. Every string from the plan, the
 * registry or the caller is HTML-escaped; svg is markup, inlined from its
 * <svg> element on (an XML prolog before it is dropped). Nothing of in is
 * kept. Returns 0, or after printing one line: CLI_BAD_INPUT for a
 * start_date that is not a calendar date YYYY-MM-DD (1900-9999),
 * CLI_FAIL for a missing plan or opts, a plan without steps, or an svg
 * without an <svg> element; these are found before anything is written.
 * A write error stays in fp's error flag for the caller's close to report
 * (as cli_outs_close does). */
int taper_html_write(FILE *fp, const taper_html_in *in);

#endif
