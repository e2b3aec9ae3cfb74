/* The regimen-string parser: "0.5 mg q12h for 28 d then 0.25 mg bid for 14 d"
 * -> one dose record per dose. The grammar is in include/cnsim/regimen.h.
 * Errors quote the string and point at the column of the offending word. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnsim/regimen.h"
#include "cnsim/units.h"
#include "core_impl.h"

#define MAX_TOKENS 256
#define MAX_CLOCK CNSIM_REGIMEN_MAX_CLOCK
/* One regimen string yields at most this many doses (a dose every minute
 * for almost two years): more is a typo, and would only exhaust memory. */
#define MAX_DOSES_PER_REGIMEN 1000000.0
/* Above this a dose is not a typo away from a real one (the largest
 * labelled daily dose in the registry, ethanol aside, is a few grams). */
#define ABSURD_DOSE_MG 100000.0

typedef struct {
    char text[48];
    int col; /* 1-based column in the regimen string */
} token;

typedef struct {
    const char *src;
    token tok[MAX_TOKENS];
    int n, pos;
} lexer;

static cnsim_status fail_at(const lexer *lx, int col, cnsim_status st,
                            const char *what)
{
    return cnsim__fail(st, "regimen '%s' column %d: %s", lx->src, col, what);
}

/* Splits on blanks and commas-after-clock-lists are kept inside a token;
 * ';' is its own token; a number glued to a unit ("0.5mg", "28d", "12h")
 * stays one token and is split by the readers below. */
static cnsim_status lex(lexer *lx, const char *s)
{
    lx->src = s;
    lx->n = lx->pos = 0;
    size_t i = 0, len = strlen(s);
    while (i < len) {
        if (isspace((unsigned char)s[i])) {
            i++;
            continue;
        }
        if (lx->n == MAX_TOKENS)
            return fail_at(lx, (int)i + 1, CNSIM_E_PARSE, "too many words; expected a shorter regimen");
        token *t = &lx->tok[lx->n++];
        t->col = (int)i + 1;
        size_t k = 0;
        if (s[i] == ';') {
            strcpy(t->text, ";");
            i++;
            continue;
        }
        while (i < len && !isspace((unsigned char)s[i]) && s[i] != ';') {
            if (k + 1 >= sizeof t->text)
                return fail_at(lx, t->col, CNSIM_E_PARSE, "word too long");
            t->text[k++] = (char)tolower((unsigned char)s[i]);
            i++;
        }
        t->text[k] = '\0';
    }
    return CNSIM_OK;
}

static const token *peek(const lexer *lx)
{
    return lx->pos < lx->n ? &lx->tok[lx->pos] : NULL;
}

static int accept(lexer *lx, const char *word)
{
    const token *t = peek(lx);
    if (t && !strcmp(t->text, word)) {
        lx->pos++;
        return 1;
    }
    return 0;
}

static int end_col(const lexer *lx) { return (int)strlen(lx->src) + 1; }

/* DURATION := NUMBER UNIT, glued ("28d") or as two words ("28 d"); the
 * number and the unit read as in every option (cnsim/units.h). */
static cnsim_status read_duration(lexer *lx, const char *what, double *out_h)
{
    const token *t = peek(lx);
    char msg[200];
    if (!t) {
        snprintf(msg, sizeof msg, "expected a duration after '%s' (e.g. 28 d, 12 h, 30 min)", what);
        return fail_at(lx, end_col(lx), CNSIM_E_PARSE, msg);
    }
    double v;
    const char *unit = cnsim_scan_number(t->text, &v);
    if (!unit) {
        snprintf(msg, sizeof msg, "'%s' is not a duration; expected a number and a unit after '%s' (e.g. 28 d)", t->text, what);
        return fail_at(lx, t->col, CNSIM_E_PARSE, msg);
    }
    int col = t->col;
    lx->pos++;
    int ucol = col;
    if (!*unit) {
        const token *u = peek(lx);
        if (!u)
            return fail_at(lx, end_col(lx), CNSIM_E_PARSE,
                           "the duration needs a time unit; expected ms, s, min, h, d or w");
        unit = u->text;
        ucol = u->col;
        lx->pos++;
    }
    double scale = cnsim_time_unit_h(unit);
    if (!(scale > 0)) {
        snprintf(msg, sizeof msg, "unknown time unit '%s'; expected ms, s, min, h, d or w (long forms and wk, wks too)", unit);
        return fail_at(lx, ucol, CNSIM_E_PARSE, msg);
    }
    if (!isfinite(v * scale) || v < 0) {
        snprintf(msg, sizeof msg, "duration %g is negative or not finite; expected >= 0", v);
        return fail_at(lx, col, CNSIM_E_RANGE, msg);
    }
    *out_h = v * scale;
    return CNSIM_OK;
}

typedef struct {
    double amt_mg;
    int cmt;
    char form[CNSIM_FORM_MAX];
    double infusion_h;       /* 0 = bolus */
    double tau_h;            /* 0 = once */
    double clock_h[MAX_CLOCK];
    int n_clock;             /* > 0: clock times ("at" or a frequency word), tau 24 h */
    int clock_word;          /* doses a day of a frequency word on the clock, else 0 */
    double for_h;            /* NAN = not given */
    double start_h;          /* NAN = not given */
    int col;
} segment;

static cnsim_status read_amount(lexer *lx, segment *sg)
{
    const token *t = peek(lx);
    char msg[200];
    if (!t)
        return fail_at(lx, end_col(lx), CNSIM_E_PARSE, "expected a dose such as '0.5 mg'");
    sg->col = t->col;
    double v;
    const char *unit = cnsim_scan_number(t->text, &v);
    if (!unit) {
        snprintf(msg, sizeof msg, "'%s' is not a dose; expected a number and a unit (e.g. 0.5 mg)", t->text);
        return fail_at(lx, t->col, CNSIM_E_PARSE, msg);
    }
    lx->pos++;
    int ucol = t->col;
    if (!*unit) {
        const token *u = peek(lx);
        if (!u)
            return fail_at(lx, end_col(lx), CNSIM_E_PARSE, "the dose needs a unit; expected g, mg, ug, mcg or ng");
        unit = u->text;
        ucol = u->col;
        lx->pos++;
    }
    double scale = cnsim_mass_unit_mg(unit);
    if (!(scale > 0)) {
        snprintf(msg, sizeof msg, "unknown dose unit '%s'; expected g, mg, ug, mcg or ng", unit);
        return fail_at(lx, ucol, CNSIM_E_PARSE, msg);
    }
    double mg = v * scale;
    if (!isfinite(mg)) {
        return fail_at(lx, sg->col, CNSIM_E_RANGE, "dose is not a finite number; expected a dose > 0");
    }
    if (mg < 0) {
        snprintf(msg, sizeof msg, "dose %g mg is negative; expected a dose > 0", mg);
        return fail_at(lx, sg->col, CNSIM_E_RANGE, msg);
    }
    if (mg == 0)
        return fail_at(lx, sg->col, CNSIM_E_RANGE, "dose is zero; expected a dose > 0");
    if (mg > ABSURD_DOSE_MG) {
        snprintf(msg, sizeof msg, "dose %g mg is absurd; expected at most %g mg per dose", mg, ABSURD_DOSE_MG);
        return fail_at(lx, sg->col, CNSIM_E_RANGE, msg);
    }
    sg->amt_mg = mg;
    return CNSIM_OK;
}

static int read_route(lexer *lx, segment *sg)
{
    const token *t = peek(lx);
    if (!t)
        return 0;
    static const struct { const char *word; const char *form; int cmt; } routes[] = {
        {"po", "", CNSIM_CMT_DEPOT},          {"oral", "", CNSIM_CMT_DEPOT},
        {"tablet", "tablet", CNSIM_CMT_DEPOT}, {"tab", "tablet", CNSIM_CMT_DEPOT},
        {"odt", "odt", CNSIM_CMT_DEPOT},       {"solution", "solution", CNSIM_CMT_DEPOT},
        {"capsule", "capsule", CNSIM_CMT_DEPOT}, {"iv", "iv", CNSIM_CMT_CENTRAL},
    };
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (!strcmp(t->text, routes[i].word)) {
            cnsim__strlcpy(sg->form, routes[i].form, sizeof sg->form);
            sg->cmt = routes[i].cmt;
            lx->pos++;
            return 1;
        }
    return 0;
}

/* Sorted, so doses come out in time order within a day. */
static void sort_clock(segment *sg)
{
    for (int a = 1; a < sg->n_clock; a++)
        for (int b = a; b > 0 && sg->clock_h[b] < sg->clock_h[b - 1]; b--) {
            double x = sg->clock_h[b];
            sg->clock_h[b] = sg->clock_h[b - 1];
            sg->clock_h[b - 1] = x;
        }
}

static cnsim_status read_clock_list(lexer *lx, segment *sg)
{
    const token *t = peek(lx);
    if (!t)
        return fail_at(lx, end_col(lx), CNSIM_E_PARSE, "expected clock times after 'at' (e.g. 08:00,20:00)");
    char buf[48], msg[300];
    cnsim__strlcpy(buf, t->text, sizeof buf);
    /* Allow "08:00, 20:00" written with blanks after the commas. */
    while (buf[strlen(buf) - 1] == ',' && lx->pos + 1 < lx->n) {
        lx->pos++;
        const token *u = peek(lx);
        if (strlen(buf) + strlen(u->text) + 1 > sizeof buf)
            return fail_at(lx, t->col, CNSIM_E_PARSE, "clock list too long");
        strcat(buf, u->text);
    }
    lx->pos++;
    /* The one reader of clock lists (cnsim/units.h), as --times reads
     * them; its message names the list, and this one the column. */
    cnsim_status st = cnsim_parse_clock_list(buf, "at", sg->clock_h, MAX_CLOCK, &sg->n_clock);
    if (st != CNSIM_OK) {
        snprintf(msg, sizeof msg, "%s", cnsim_last_error());
        return fail_at(lx, t->col, st, msg);
    }
    sort_clock(sg);
    sg->tau_h = 24;
    return CNSIM_OK;
}

/* What a walk over the segments does with them: cnsim_regimen_parse
 * expands every segment into dose records up to a horizon;
 * cnsim_regimen_describe has no horizon, so it only notes where each
 * segment starts and ends and when its last dose falls. One walk serves
 * both, so the two cannot read a regimen differently. */
typedef struct {
    cnsim_event_list *l;     /* NULL: describing */
    double horizon_h;
    int id, drug;
    const double *clock_h;   /* the frequency words' clock; n_clock 0: the default */
    int n_clock;
    double n_doses;          /* so far, against MAX_DOSES_PER_REGIMEN */
    cnsim_regimen_info info; /* describing: built up segment by segment */
} walk;

/* The frequency words that dose on the wall clock, and how often a day. */
static int clock_word_per_day(const char *word)
{
    static const struct { const char *word; int n; } words[] = {
        {"qd", 1}, {"od", 1}, {"daily", 1}, {"bid", 2}, {"tid", 3}, {"qid", 4}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (!strcmp(word, words[i].word))
            return words[i].n;
    return 0;
}

/* A frequency word on the clock: the walk's clock, or the default one. */
static cnsim_status read_clock_word(lexer *lx, const token *t, int per_day, const walk *w, segment *sg)
{
    if (w->n_clock == 0) {
        cnsim_status st = cnsim_regimen_default_clock(per_day, sg->clock_h);
        if (st != CNSIM_OK)
            return st;
    } else if (w->n_clock != per_day) {
        char times[MAX_CLOCK * 6 + 1] = "", msg[400];
        for (int k = 0; k < w->n_clock; k++) {
            int minutes = (int)lround(w->clock_h[k] * 60);
            snprintf(times + strlen(times), sizeof times - strlen(times), "%s%02d:%02d", k ? "," : "",
                     minutes / 60, minutes % 60);
        }
        snprintf(msg, sizeof msg,
                 "'%s' doses %d time%s a day, but the clock given for the frequency words has %d time%s (%s); "
                 "expected %d clock time%s",
                 t->text, per_day, per_day > 1 ? "s" : "", w->n_clock, w->n_clock > 1 ? "s" : "", times, per_day,
                 per_day > 1 ? "s" : "");
        return fail_at(lx, t->col, CNSIM_E_RANGE, msg);
    } else {
        memcpy(sg->clock_h, w->clock_h, (size_t)per_day * sizeof *sg->clock_h);
    }
    sg->n_clock = per_day;
    sg->clock_word = per_day;
    sort_clock(sg);
    sg->tau_h = 24;
    return CNSIM_OK;
}

static cnsim_status read_frequency(lexer *lx, const walk *w, segment *sg, int *found)
{
    const token *t = peek(lx);
    *found = 0;
    if (!t)
        return CNSIM_OK;
    char msg[200];
    double tau;
    int per_day = clock_word_per_day(t->text);
    if (per_day > 0) {
        cnsim_status st = read_clock_word(lx, t, per_day, w, sg);
        if (st != CNSIM_OK)
            return st;
        lx->pos++;
        *found = 1;
    } else if (cnsim_frequency_interval_h(t->text, &tau)) {
        sg->tau_h = tau;
        lx->pos++;
        *found = 1;
    } else if (t->text[0] == 'q' && (isdigit((unsigned char)t->text[1]) || t->text[1] == '.')) {
        snprintf(msg, sizeof msg, "'%s' is not a frequency; expected once, qd, bid, tid, qid, q<N>h, every <N> h or at HH:MM", t->text);
        return fail_at(lx, t->col, CNSIM_E_PARSE, msg);
    } else if (!strcmp(t->text, "every")) {
        int col = t->col;
        lx->pos++;
        cnsim_status st = read_duration(lx, "every", &sg->tau_h);
        if (st != CNSIM_OK)
            return st;
        if (!(sg->tau_h > 0))
            return fail_at(lx, col, CNSIM_E_RANGE, "dosing interval is zero; expected > 0");
        *found = 1;
    } else if (!strcmp(t->text, "at")) {
        lx->pos++;
        cnsim_status st = read_clock_list(lx, sg);
        if (st != CNSIM_OK)
            return st;
        *found = 1;
    }
    if (*found && sg->tau_h > 0 && sg->tau_h < 1.0 / 60)
        return fail_at(lx, t->col, CNSIM_E_RANGE, "dosing interval is shorter than a minute; expected >= 1 min");
    return CNSIM_OK;
}

/* The shortest time between two doses of a repeated segment: its tau, or
 * for clock times the shortest gap between them, across midnight too
 * ("bid" and "at 08:00,20:00" alike: 12 h). */
static double shortest_interval_h(const segment *sg)
{
    if (sg->n_clock == 0)
        return sg->tau_h;
    double gap = 24;
    for (int k = 0; k < sg->n_clock; k++) {
        double next = k + 1 < sg->n_clock ? sg->clock_h[k + 1] : sg->clock_h[0] + 24;
        gap = fmin(gap, next - sg->clock_h[k]);
    }
    return gap;
}

static cnsim_status read_segment(lexer *lx, const walk *w, segment *sg)
{
    memset(sg, 0, sizeof *sg);
    sg->cmt = CNSIM_CMT_DEPOT;
    sg->for_h = NAN;
    sg->start_h = NAN;
    sg->tau_h = -1; /* not given */
    cnsim_status st = read_amount(lx, sg);
    if (st != CNSIM_OK)
        return st;
    char msg[240];
    /* The remaining parts may come in any order, each at most once. */
    int seen_route = 0, seen_freq = 0;
    for (;;) {
        const token *t = peek(lx);
        if (!t || !strcmp(t->text, "then") || !strcmp(t->text, ";"))
            break;
        int col = t->col;
        if (read_route(lx, sg)) {
            if (seen_route++)
                return fail_at(lx, col, CNSIM_E_PARSE, "route given twice");
            continue;
        }
        if (accept(lx, "over")) {
            if ((st = read_duration(lx, "over", &sg->infusion_h)) != CNSIM_OK)
                return st;
            if (!(sg->infusion_h > 0))
                return fail_at(lx, col, CNSIM_E_RANGE, "infusion duration is zero; expected > 0");
            cnsim__strlcpy(sg->form, "iv", sizeof sg->form);
            sg->cmt = CNSIM_CMT_CENTRAL;
            continue;
        }
        if (accept(lx, "for")) {
            if (!isnan(sg->for_h))
                return fail_at(lx, col, CNSIM_E_PARSE, "'for' given twice");
            if ((st = read_duration(lx, "for", &sg->for_h)) != CNSIM_OK)
                return st;
            if (!(sg->for_h > 0))
                return fail_at(lx, col, CNSIM_E_RANGE, "duration after 'for' is zero; expected > 0");
            continue;
        }
        if (accept(lx, "start") || accept(lx, "from")) {
            if (!isnan(sg->start_h))
                return fail_at(lx, col, CNSIM_E_PARSE, "'start' given twice");
            accept(lx, "at");
            if ((st = read_duration(lx, "start", &sg->start_h)) != CNSIM_OK)
                return st;
            continue;
        }
        int found;
        if ((st = read_frequency(lx, w, sg, &found)) != CNSIM_OK)
            return st;
        if (found) {
            if (seen_freq++)
                return fail_at(lx, col, CNSIM_E_PARSE, "frequency given twice");
            continue;
        }
        snprintf(msg, sizeof msg, "unexpected '%s'; expected a route (po, odt, iv), a frequency (once, qd, bid, tid, qid, q<N>h, every <N> h, at HH:MM), 'for DURATION', 'start TIME', 'over DURATION' or 'then'", t->text);
        return fail_at(lx, col, CNSIM_E_PARSE, msg);
    }
    if (sg->tau_h < 0) /* no frequency: a single dose */
        sg->tau_h = 0;
    if (sg->infusion_h > 0 && sg->tau_h > 0 && sg->infusion_h > shortest_interval_h(sg) + 1e-9)
        return fail_at(lx, sg->col, CNSIM_E_RANGE, "infusion lasts longer than the dosing interval; expected 'over' <= interval");
    return CNSIM_OK;
}

static cnsim_status emit(const segment *sg, double t_h, walk *w)
{
    if (!w->l) {
        /* An infusion is given until it has run in. */
        double last = t_h + sg->infusion_h;
        if (isnan(w->info.last_dose_h) || last > w->info.last_dose_h)
            w->info.last_dose_h = last;
        return CNSIM_OK;
    }
    cnsim_event e = cnsim_event_default();
    e.id = w->id;
    e.drug = w->drug;
    e.time_h = t_h;
    e.amt_mg = sg->amt_mg;
    e.cmt = sg->cmt;
    e.rate_mg_per_h = sg->infusion_h > 0 ? sg->amt_mg / sg->infusion_h : 0;
    e.dur_h = sg->infusion_h > 0 ? sg->infusion_h : 0;
    e.line = sg->col;
    cnsim__strlcpy(e.form, sg->form, sizeof e.form);
    return cnsim_event_list_push(w->l, &e);
}

/* Doses fall in [start, end): "0.5 mg q12h for 28 d" from 0 gives 56 doses,
 * the last at 660 h, and the next segment starts at 672 h. A small
 * tolerance keeps floating-point sums from adding or dropping a dose. */
static cnsim_status expand_segment(lexer *lx, const segment *sg, double start,
                                   double end, walk *w)
{
    const double eps = 1e-9;
    cnsim_status st;
    double per_day = sg->n_clock > 0 ? sg->n_clock / 24.0 : sg->tau_h > 0 ? 1.0 / sg->tau_h : 0;
    double n_doses = sg->tau_h > 0 ? (end - start) * per_day : 1;
    char msg[200];
    if (n_doses > MAX_DOSES_PER_REGIMEN) {
        snprintf(msg, sizeof msg, "this segment gives %.3g doses; expected at most %.0f (check the duration)",
                 n_doses, MAX_DOSES_PER_REGIMEN);
        return fail_at(lx, sg->col, CNSIM_E_RANGE, msg);
    }
    /* The limit is for the whole string: many segments of a dose a minute
     * would otherwise pass one by one. */
    w->n_doses += n_doses;
    if (w->n_doses > MAX_DOSES_PER_REGIMEN) {
        snprintf(msg, sizeof msg, "the regimen gives %.3g doses up to this segment; expected at most %.0f (check the durations)",
                 w->n_doses, MAX_DOSES_PER_REGIMEN);
        return fail_at(lx, sg->col, CNSIM_E_RANGE, msg);
    }
    if (sg->tau_h == 0)
        return emit(sg, start, w);
    if (sg->n_clock > 0) {
        double day0 = floor(start / 24.0 + eps);
        for (long d = 0;; d++) {
            double base = (day0 + d) * 24.0;
            if (base >= end - eps)
                break;
            for (int k = 0; k < sg->n_clock; k++) {
                double t = base + sg->clock_h[k];
                if (t < start - eps)
                    continue;
                if (t >= end - eps)
                    break;
                if ((st = emit(sg, t, w)) != CNSIM_OK)
                    return st;
            }
        }
        return CNSIM_OK;
    }
    for (long k = 0;; k++) {
        double t = start + k * sg->tau_h;
        if (t >= end - eps)
            break;
        if ((st = emit(sg, t, w)) != CNSIM_OK)
            return st;
    }
    return CNSIM_OK;
}

/* The interval a describe reports for a segment: its tau, or for clock
 * times the spacing when they are evenly spread over the day ("at
 * 08:00,20:00" is every 12 h) and 24 h when they are not. */
static double segment_tau_h(const segment *sg)
{
    if (sg->n_clock < 2)
        return sg->tau_h;
    double gap = 24.0 / sg->n_clock;
    for (int k = 0; k < sg->n_clock; k++) {
        double next = k + 1 < sg->n_clock ? sg->clock_h[k + 1] : sg->clock_h[0] + 24;
        if (fabs(next - sg->clock_h[k] - gap) > 1e-9)
            return 24;
    }
    return gap;
}

/* Reads the segments one after another, placing each in time: a segment
 * starts where the previous one ended unless it says "start", and a
 * repeated segment without "for" runs to the horizon (parse) or is noted
 * as open-ended (describe). */
static cnsim_status walk_regimen(lexer *lx, walk *w)
{
    double next_start = 0;
    int open_ended_col = 0;
    cnsim_status st = CNSIM_OK;
    while (st == CNSIM_OK) {
        segment sg;
        if ((st = read_segment(lx, w, &sg)) != CNSIM_OK)
            break;
        if (sg.clock_word)
            w->info.clock_per_day = w->info.clock_per_day == 0 || w->info.clock_per_day == sg.clock_word
                                        ? sg.clock_word : -1;
        double start;
        if (!isnan(sg.start_h))
            start = sg.start_h;
        else if (open_ended_col) {
            st = fail_at(lx, sg.col, CNSIM_E_PARSE, "the previous segment repeats without 'for DURATION', so this one has no start; add 'for' to it or 'start' here");
            break;
        } else
            start = next_start;
        double end;
        int is_open = 0;
        if (!isnan(sg.for_h))
            end = start + sg.for_h;
        else if (sg.tau_h > 0) {
            is_open = 1;
            open_ended_col = sg.col;
            if (w->l && (!(w->horizon_h > start) || !isfinite(w->horizon_h))) {
                st = fail_at(lx, sg.col, CNSIM_E_RANGE, "repeated dosing without 'for DURATION' needs a simulation end after the start; add 'for' (e.g. for 28 d)");
                break;
            }
            end = w->horizon_h;
        } else
            end = start;
        if (sg.tau_h > 0)
            w->info.tau_h = segment_tau_h(&sg);
        if (!w->l && is_open) {
            w->info.is_open_ended = 1;
            if (isnan(w->info.open_start_h) || start > w->info.open_start_h)
                w->info.open_start_h = start;
        } else {
            if ((st = expand_segment(lx, &sg, start, end, w)) != CNSIM_OK)
                break;
            if (isnan(w->info.end_h) || end > w->info.end_h)
                w->info.end_h = end;
        }
        next_start = end;
        if (!peek(lx))
            break;
        if (!accept(lx, "then") && !accept(lx, ";")) {
            st = fail_at(lx, peek(lx)->col, CNSIM_E_PARSE, "expected 'then' between segments");
            break;
        }
        if (!peek(lx)) {
            st = fail_at(lx, end_col(lx), CNSIM_E_PARSE, "expected a dose after 'then'");
            break;
        }
    }
    return st;
}

static cnsim_status start_walk(const char *text, lexer **out)
{
    *out = NULL;
    if (!text)
        return cnsim__fail(CNSIM_E_ARG, "regimen: missing; expected e.g. '0.5 mg bid for 28 d'");
    lexer *lx = malloc(sizeof *lx);
    if (!lx)
        return cnsim__fail(CNSIM_E_NOMEM, "out of memory parsing a regimen");
    cnsim_status st = lex(lx, text);
    if (st == CNSIM_OK && lx->n == 0)
        st = cnsim__fail(CNSIM_E_PARSE, "regimen '%s' is empty; expected e.g. '0.5 mg bid for 28 d'", text);
    if (st != CNSIM_OK) {
        free(lx);
        return st;
    }
    *out = lx;
    return CNSIM_OK;
}

static void info_init(cnsim_regimen_info *info)
{
    info->is_open_ended = 0;
    info->open_start_h = info->end_h = info->last_dose_h = info->tau_h = NAN;
    info->clock_per_day = 0;
}

/* A clock for the frequency words, as the caller gives it: the walk reads
 * it as it is, so it is checked once here. */
static cnsim_status check_clock(const double *clock_h, int n_clock)
{
    if (n_clock < 0 || n_clock > MAX_CLOCK || (n_clock > 0 && !clock_h))
        return cnsim__fail(CNSIM_E_ARG, "regimen clock: %d clock times%s; expected 0 (the default clock) to %d",
                           n_clock, n_clock > 0 && !clock_h ? " and no hours" : "", MAX_CLOCK);
    for (int k = 0; k < n_clock; k++) {
        if (!(clock_h[k] >= 0 && clock_h[k] < 24))
            return cnsim__fail(CNSIM_E_RANGE, "regimen clock: hour %g; expected 0 <= h < 24", clock_h[k]);
        for (int i = 0; i < k; i++)
            if (clock_h[i] == clock_h[k])
                return cnsim__fail(CNSIM_E_RANGE, "regimen clock: hour %g given twice; expected distinct hours",
                                   clock_h[k]);
    }
    return CNSIM_OK;
}

cnsim_status cnsim_regimen_parse_clock(const char *text, const double *clock_h, int n_clock, int id,
                                       int drug, double horizon_h, cnsim_event_list *l)
{
    cnsim__clear_error();
    cnsim_status st = check_clock(clock_h, n_clock);
    if (st != CNSIM_OK)
        return st;
    lexer *lx;
    if ((st = start_walk(text, &lx)) != CNSIM_OK)
        return st;
    walk w = {.l = l, .horizon_h = horizon_h, .id = id, .drug = drug, .clock_h = clock_h, .n_clock = n_clock};
    info_init(&w.info);
    size_t n0 = l->n;
    if ((st = walk_regimen(lx, &w)) != CNSIM_OK)
        l->n = n0; /* nothing half-added */
    free(lx);
    return st;
}

cnsim_status cnsim_regimen_parse(const char *text, int id, int drug,
                                 double horizon_h, cnsim_event_list *l)
{
    return cnsim_regimen_parse_clock(text, NULL, 0, id, drug, horizon_h, l);
}

cnsim_status cnsim_regimen_describe_clock(const char *text, const double *clock_h, int n_clock,
                                          cnsim_regimen_info *info)
{
    cnsim__clear_error();
    if (!info)
        return cnsim__fail(CNSIM_E_ARG, "regimen: no place for the description");
    info_init(info);
    cnsim_status st = check_clock(clock_h, n_clock);
    if (st != CNSIM_OK)
        return st;
    lexer *lx;
    if ((st = start_walk(text, &lx)) != CNSIM_OK)
        return st;
    walk w = {.l = NULL, .horizon_h = NAN, .clock_h = clock_h, .n_clock = n_clock};
    info_init(&w.info);
    st = walk_regimen(lx, &w);
    free(lx);
    if (st != CNSIM_OK)
        return st;
    *info = w.info;
    if (info->is_open_ended)
        info->end_h = info->last_dose_h = NAN;
    else
        info->open_start_h = NAN;
    return CNSIM_OK;
}

cnsim_status cnsim_regimen_describe(const char *text, cnsim_regimen_info *info)
{
    return cnsim_regimen_describe_clock(text, NULL, 0, info);
}
