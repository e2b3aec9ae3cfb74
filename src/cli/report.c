/* HTML reports: `cnsim report` and `--format html` on simulate, interact,
 * bridge, population and trial. One general writer: the command runs
 * inside this one (cli_call_argv) with --format json and, where it draws
 * one, its figure as SVG; the JSON becomes a self-contained document
 * (inputs, every warning and finding with its source, the tables, the
 * figure inline, the run manifest) that needs nothing else to open and
 * prints on A4 or Letter. taper keeps its own printable plan. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "cnsim/command.h"
#include "core_impl.h"
#include "streams.h"

/* Commands whose --format html is this report, and whether they draw. */
static const struct reported {
    const char *name;
    int has_plot;
} reported[] = {
    {"simulate", 1}, {"interact", 0}, {"bridge", 0}, {"population", 1}, {"trial", 0},
};

static const struct reported *find_reported(const char *name)
{
    for (size_t i = 0; i < sizeof reported / sizeof reported[0]; i++)
        if (!strcmp(reported[i].name, name))
            return &reported[i];
    return NULL;
}

#define MAX_TABLE_ROWS 400   /* rows of a table of records shown */
#define MAX_SERIES_ROWS 60   /* rows of a sampled time series */
#define MAX_DEPTH 3

static void text(FILE *f, const char *s) { cli_html_text(f, s); }

/* Four significant digits, as a table for reading shows them (the JSON
 * keeps every digit). */
static void number(FILE *f, double x)
{
    if (!isfinite(x))
        fputs("–", f);
    else
        fprintf(f, "%.4g", x);
}

/* A scalar as cell text. */
static void scalar(FILE *f, const json_t *v)
{
    if (json_is_string(v))
        text(f, json_string_value(v));
    else if (json_is_integer(v))
        fprintf(f, "%lld", (long long)json_integer_value(v));
    else if (json_is_real(v))
        number(f, json_real_value(v));
    else if (json_is_true(v))
        fputs("yes", f);
    else if (json_is_false(v))
        fputs("no", f);
    else if (json_is_null(v))
        fputs("–", f);
    else {
        char *s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6));
        fputs("<code>", f);
        text(f, s ? s : "");
        fputs("</code>", f);
        free(s);
    }
}

static int is_scalar(const json_t *v) { return !json_is_object(v) && !json_is_array(v); }

/* "peak_withdrawal_index" -> "peak withdrawal index" */
static void label(FILE *f, const char *key)
{
    for (const char *p = key; *p; p++) {
        if (*p == '_') {
            fputc(' ', f);
        } else {
            char one[2] = {*p, 0};
            text(f, one);
        }
    }
}

/* An array of objects: one row each, a column per key seen. */
static void records_table(FILE *f, const char *key, const json_t *arr)
{
    json_t *cols = json_array();
    size_t i;
    json_t *row;
    json_array_foreach(arr, i, row) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)row, k, v) {
            int seen = 0;
            for (size_t c = 0; c < json_array_size(cols) && !seen; c++)
                seen = !strcmp(json_string_value(json_array_get(cols, c)), k);
            if (!seen)
                json_array_append_new(cols, json_string(k));
        }
    }
    size_t n = json_array_size(arr), shown = n < MAX_TABLE_ROWS ? n : MAX_TABLE_ROWS;
    fputs("<div class=\"wrap\"><table>\n<caption>", f);
    label(f, key);
    if (shown < n)
        fprintf(f, " (the first %zu of %zu rows; all of them in --format json)", shown, n);
    fputs("</caption>\n<thead><tr>", f);
    for (size_t c = 0; c < json_array_size(cols); c++) {
        fputs("<th scope=\"col\">", f);
        label(f, json_string_value(json_array_get(cols, c)));
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (i = 0; i < shown; i++) {
        row = json_array_get(arr, i);
        fputs("<tr>", f);
        for (size_t c = 0; c < json_array_size(cols); c++) {
            json_t *v = json_object_get(row, json_string_value(json_array_get(cols, c)));
            fputs(json_is_number(v) ? "<td class=\"num\">" : "<td>", f);
            if (v)
                scalar(f, v);
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</tbody></table></div>\n", f);
    json_decref(cols);
}

/* An object whose values are equal-length arrays of numbers (a time
 * series by column): a table of at most MAX_SERIES_ROWS rows, sampled
 * evenly, the last row kept. Returns 0 when obj is not one. */
static int series_table(FILE *f, const char *key, const json_t *obj)
{
    size_t n = 0, n_cols = 0;
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v) {
        if (json_is_array(v)) {
            if (n_cols && json_array_size(v) != n)
                return 0;
            n = json_array_size(v), n_cols++;
            if (n && !json_is_number(json_array_get(v, 0)) && !json_is_null(json_array_get(v, 0)))
                return 0;
        }
    }
    if (n_cols < 2 || n < 2)
        return 0;
    size_t step = (n + MAX_SERIES_ROWS - 1) / MAX_SERIES_ROWS;
    fputs("<div class=\"wrap\"><table class=\"series\">\n<caption>", f);
    label(f, key);
    fprintf(f, " (%zu rows; every %zu%s shown)</caption>\n<thead><tr>", n, step,
            step == 1 ? "" : step == 2 ? "nd" : step == 3 ? "rd" : "th");
    json_object_foreach((json_t *)obj, k, v) {
        if (!json_is_array(v))
            continue;
        fputs("<th scope=\"col\">", f);
        label(f, k);
        fputs("</th>", f);
    }
    fputs("</tr></thead>\n<tbody>\n", f);
    for (size_t i = 0; i < n; i = (i + step < n || i == n - 1) ? i + step : n - 1) {
        fputs("<tr>", f);
        json_object_foreach((json_t *)obj, k, v) {
            if (!json_is_array(v))
                continue;
            fputs("<td class=\"num\">", f);
            scalar(f, json_array_get(v, i));
            fputs("</td>", f);
        }
        fputs("</tr>\n", f);
        if (i == n - 1)
            break;
    }
    fputs("</tbody></table></div>\n", f);
    return 1;
}

static int is_notice_key(const char *k)
{
    return !strcmp(k, "warnings") || !strcmp(k, "findings");
}

static void section(FILE *f, const char *key, const json_t *v, int depth);

/* The scalars of obj as one key/value table; then its other members. */
static void object_body(FILE *f, const char *caption, const json_t *obj, int depth)
{
    const char *k;
    json_t *v;
    int any = 0;
    json_object_foreach((json_t *)obj, k, v) {
        if (!is_scalar(v) || (depth == 0 && !strcmp(k, "disclaimer")))
            continue;
        if (!any) {
            fputs("<div class=\"wrap\"><table class=\"kv\">\n", f);
            if (caption) {
                fputs("<caption>", f);
                text(f, caption);
                fputs("</caption>\n", f);
            }
            fputs("<tbody>\n", f);
            any = 1;
        }
        fputs("<tr><th scope=\"row\">", f);
        label(f, k);
        fputs(json_is_number(v) ? "</th><td class=\"num\">" : "</th><td>", f);
        scalar(f, v);
        fputs("</td></tr>\n", f);
    }
    if (any)
        fputs("</tbody></table></div>\n", f);
    json_object_foreach((json_t *)obj, k, v) {
        if (is_scalar(v) || (depth == 0 && (is_notice_key(k) || !strcmp(k, "manifest"))))
            continue;
        section(f, k, v, depth + 1);
    }
}

static void section(FILE *f, const char *key, const json_t *v, int depth)
{
    int h = depth + 1 < 6 ? depth + 1 : 6;
    if (json_is_array(v)) {
        size_t n = json_array_size(v);
        int all_objects = n > 0, all_scalars = 1;
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) {
            all_objects &= json_is_object(e);
            all_scalars &= is_scalar(e);
        }
        if (n == 0)
            return;
        if (all_objects && depth <= MAX_DEPTH) {
            /* records of scalars: a table; records holding series (the
             * subjects of simulate): one section each */
            int nested = 0;
            json_array_foreach(v, i, e) {
                const char *k;
                json_t *x;
                json_object_foreach(e, k, x) nested |= json_is_array(x) && json_array_size(x) > 8;
            }
            if (!nested) {
                records_table(f, key, v);
                return;
            }
            json_array_foreach(v, i, e) {
                if (i >= 8)
                    break;
                char cap[96];
                snprintf(cap, sizeof cap, "%s %zu", key, i + 1);
                fprintf(f, "<h%d>", h);
                label(f, cap);
                fprintf(f, "</h%d>\n", h);
                if (!series_table(f, cap, e))
                    object_body(f, NULL, e, depth + 1);
            }
            return;
        }
        fprintf(f, "<p><strong>");
        label(f, key);
        fputs(":</strong> ", f);
        if (all_scalars && n <= 100) {
            json_array_foreach(v, i, e) {
                if (i)
                    fputs(", ", f);
                scalar(f, e);
            }
        } else {
            fprintf(f, "%zu values (in --format json)", n);
        }
        fputs("</p>\n", f);
        return;
    }
    if (!json_is_object(v))
        return;
    fprintf(f, "<section>\n<h%d>", h);
    label(f, key);
    fprintf(f, "</h%d>\n", h);
    if (depth > MAX_DEPTH) {
        scalar(f, v);
    } else if (!series_table(f, key, v)) {
        object_body(f, NULL, v, depth);   /* the heading names it */
    }
    fputs("</section>\n", f);
}

/* The first of the keys a, b, c (NULL ends them) that holds a string. */
static const char *first_string(const json_t *o, const char *a, const char *b, const char *c)
{
    const char *keys[3] = {a, b, c}, *v = NULL;
    for (int i = 0; i < 3 && keys[i] && !v; i++)
        v = json_string_value(json_object_get(o, keys[i]));
    return v;
}

/* Warnings and findings: severity, what, advice, source. */
static void notices(FILE *f, const json_t *root)
{
    int any = 0;
    const char *keys[] = {"warnings", "findings"};
    fputs("<section>\n<h2>Warnings and findings</h2>\n<ul class=\"notices\">\n", f);
    for (size_t k = 0; k < 2; k++) {
        json_t *arr = json_object_get(root, keys[k]);
        size_t i;
        json_t *w;
        json_array_foreach(arr, i, w) {
            if (!json_is_object(w))
                continue;
            /* the commands name these fields differently */
            const char *sev = first_string(w, "severity", "kind", NULL);
            const char *code = first_string(w, "code", NULL, NULL);
            const char *msg = first_string(w, "message", "mechanism", "text");
            const char *advice = first_string(w, "advice", NULL, NULL);
            const char *src = first_string(w, "citation", "source", NULL);
            fputs("<li><strong>", f);
            text(f, sev ? sev : "note");
            if (code) {
                fputs(" · ", f);
                text(f, code);
            }
            fputs("</strong> ", f);
            json_t *drugs = json_object_get(w, "drugs");
            if (json_is_array(drugs)) {
                size_t d;
                json_t *x;
                json_array_foreach(drugs, d, x) {
                    fputs(d ? " + " : "(", f);
                    scalar(f, x);
                }
                fputs(") ", f);
            }
            text(f, msg ? msg : "");
            if (advice) {
                fputs(" <em>Advice:</em> ", f);
                text(f, advice);
            }
            fputs(" <span class=\"source\">Source: ", f);
            text(f, src ? src : "–");
            fputs("</span></li>\n", f);
            any = 1;
        }
    }
    if (!any)
        fputs("<li>None.</li>\n", f);
    fputs("</ul>\n</section>\n", f);
}

static const char report_css[] =
    "body{font:11pt/1.4 'DejaVu Sans',sans-serif;color:#111;margin:1.5em auto;max-width:60em;padding:0 1em}"
    "h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.4em}"
    "h3,h4,h5{font-size:1em}"
    ".disclaimer{border:1px solid #c9a227;background:#fff6e0;padding:.4em .6em}"
    "table{border-collapse:collapse;margin:.4em 0 1em;font-size:.92em}"
    "th,td{border:1px solid #bbb;padding:.15em .4em;text-align:left;vertical-align:top}"
    "th{background:#f0f0f0}td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "caption{text-align:left;font-weight:bold;padding:.2em 0}"
    ".wrap{overflow-x:auto}.source{color:#555;font-size:.9em}.notices li{margin:.3em 0}"
    "figure{margin:1em 0}figure svg{width:100%;height:auto;max-width:100%}"
    "code{font-size:.9em;word-break:break-all}"
    "@page{margin:15mm}"
    "@media print{body{margin:0;max-width:none;font-size:9.5pt}.wrap{overflow:visible}"
    "tr,figure,li{break-inside:avoid}h2,h3{break-after:avoid}table{width:100%}}";

/* Writes the report of one command's run. inputs: the command line as
 * given (argv[0] the command). */
static void write_report(FILE *f, int argc, char **argv, const json_t *root, const char *svg, size_t svg_len)
{
    const char *cmd = argv[0];
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>cnsim ", f);
    text(f, cmd);
    fprintf(f, " report</title>\n<style>%s</style>\n</head>\n<body>\n<h1>cnsim ", report_css);
    text(f, cmd);
    fputs(" report</h1>\n<p class=\"disclaimer\">", f);
    const char *disc = json_string_value(json_object_get(root, "disclaimer"));
    text(f, disc ? disc : "cnsim is a research and teaching simulator, not medical advice.");
    fputs(" Every number below comes from a model; check it against the label and the patient.</p>\n", f);

    fputs("<section>\n<h2>Inputs</h2>\n<p><code>cnsim", f);
    for (int i = 0; i < argc; i++) {
        fputc(' ', f);
        int quote = strpbrk(argv[i], " \t\"'") != NULL;
        if (quote)
            fputc('"', f);
        text(f, argv[i]);
        if (quote)
            fputc('"', f);
    }
    fputs("</code></p>\n</section>\n", f);

    notices(f, root);

    if (svg && svg_len) {
        /* the figure inline: the SVG element without the XML declaration */
        const char *start = strstr(svg, "<svg");
        if (start) {
            fputs("<section>\n<h2>Figure</h2>\n<figure>\n", f);
            fwrite(start, 1, svg_len - (size_t)(start - svg), f);
            fputs("\n<figcaption>Drawn by cnsim from the results below.</figcaption>\n</figure>\n</section>\n", f);
        }
    }

    fputs("<section>\n<h2>Results</h2>\n", f);
    object_body(f, "Summary", root, 0);
    fputs("</section>\n", f);

    fputs("<section>\n<h2>Run manifest</h2>\n", f);
    char when[64] = "";
    time_t t = time(NULL);
    struct tm tm;
    if (gmtime_r(&t, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    json_t *man = json_object_get(root, "manifest");
    fputs("<div class=\"wrap\"><table class=\"kv\">\n<caption>How this report was made</caption>\n<tbody>\n", f);
    fprintf(f, "<tr><th scope=\"row\">cnsim version</th><td>");
    text(f, cnsim_version());
    fprintf(f, "</td></tr>\n<tr><th scope=\"row\">written (UTC)</th><td>%s</td></tr>\n", when);
    const char *reg = json_string_value(json_object_get(root, "registry"));
    if (reg) {
        fputs("<tr><th scope=\"row\">registry</th><td>", f);
        text(f, reg);
        fputs("</td></tr>\n", f);
    }
    const char *k;
    json_t *v;
    json_object_foreach(man, k, v) {
        fputs("<tr><th scope=\"row\">", f);
        label(f, k);
        fputs("</th><td>", f);
        scalar(f, v);
        fputs("</td></tr>\n", f);
    }
    fputs("</tbody></table></div>\n</section>\n</body>\n</html>\n", f);
}

/* The command line without --format, --out and --plot (and their
 * values), for the run inside; *out_path gets --out's value. Returns 0,
 * or an exit code after the message. */
static int strip_args(int argc, char **argv, char **kept, int *n_kept, const char **out_path, int has_plot)
{
    *n_kept = 0;
    *out_path = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        static const char *const drop[] = {"--format", "--out", "--plot"};
        int matched = -1;
        size_t len = 0;
        for (int d = 0; d < 3 && matched < 0; d++) {
            len = strlen(drop[d]);
            if (!strncmp(a, drop[d], len) && (a[len] == '\0' || a[len] == '='))
                matched = d;
        }
        if (!strcmp(a, "--")) {
            while (i < argc)
                kept[(*n_kept)++] = argv[i++];
            break;
        }
        if (matched < 0) {
            kept[(*n_kept)++] = argv[i];
            continue;
        }
        const char *val = a[len] == '=' ? a + len + 1 : i + 1 < argc ? argv[++i] : NULL;
        if (!val)
            return cli_bad_input("%s needs a value", drop[matched]);
        if (matched == 1)
            *out_path = val;
        if (matched == 2)
            return cli_bad_input("--plot: an HTML report holds its figure%s; expected no --plot with --format html",
                                 has_plot ? "" : " (this command draws none)");
    }
    return 0;
}

int cli_html_report(int argc, char **argv)
{
    const struct reported *rep = find_reported(argv[0]);
    if (!rep)
        return cli_bad_input("%s: no HTML report; expected --format text, csv or json", argv[0]);
    char **inner = calloc((size_t)argc + 4, sizeof *inner);
    if (!inner)
        return cli_fail("%s: out of memory", argv[0]);
    int n = 0;
    const char *out_path = NULL;
    int rc = strip_args(argc, argv, inner, &n, &out_path, rep->has_plot);
    if (rc) {
        free(inner);
        return rc;
    }
    /* options before any "--" */
    int dash = n;
    for (int i = 0; i < n; i++)
        if (!strcmp(inner[i], "--")) {
            dash = i;
            break;
        }
    char *extra[2] = {"--format=json", rep->has_plot ? "--plot=report.svg" : NULL};
    int n_extra = rep->has_plot ? 2 : 1;
    memmove(inner + dash + n_extra, inner + dash, (size_t)(n - dash) * sizeof *inner);
    for (int e = 0; e < n_extra; e++)
        inner[dash + e] = extra[e];
    n += n_extra;
    cnsim_command_result *r = NULL;
    rc = cli_call_argv(n, inner, cli_file_inputs_allowed() ? 0 : CNSIM_COMMAND_NO_FILE_INPUT, &r);
    free(inner);
    if (!r)
        return cli_fail("%s: out of memory", argv[0]);
    /* its notes and warnings, as the command itself prints them */
    fputs(cnsim_command_messages(r), cli_stderr());
    if (rc) {
        cnsim_command_result_free(r);
        return rc;
    }
    size_t jlen, svg_len = 0;
    const char *js = cnsim_command_output(r, "--out", &jlen);
    const char *svg = cnsim_command_output(r, "--plot", &svg_len);
    json_error_t je;
    cnsim__json_watch();
    json_t *root = js ? json_loadb(js, jlen, 0, &je) : NULL;
    int nomem = cnsim__json_failed();
    if (nomem || !json_is_object(root)) {
        json_decref(root);
        cnsim_command_result_free(r);
        return cli_fail(nomem ? "%s: out of memory reading its JSON for the report"
                              : "%s: its JSON could not be read for the report", argv[0]);
    }
    cli_outs g;
    cli_outs_init(&g);
    FILE *f;
    if (!(rc = cli_outs_open(&g, out_path, "--out", &f)))
        write_report(f, argc, argv, root, svg, svg_len);
    json_decref(root);
    cnsim_command_result_free(r);
    return cli_outs_close(&g, rc);
}

/* True when argv (argv[0] the command) asks for --format html. */
int cli_wants_html_report(int argc, char **argv)
{
    if (!find_reported(argv[0]))
        return 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            return 0;
        if (!strcmp(argv[i], "--format=html") || (!strcmp(argv[i], "--format") && i + 1 < argc &&
                                                 !strcmp(argv[i + 1], "html")))
            return 1;
    }
    return 0;
}

static const cli_opt report_opts[] = {
    {.kind = CLI_OPT_OUT},
};

static const cli_cmd report_cmd = {
    .name = "report",
    .usage = "[--out FILE.html] | COMMAND [OPTIONS...]",
    .about = "One self-contained HTML file, to open offline, print (A4 or Letter) or send: the inputs,\n"
             "every warning and finding with its source, the tables, the figures inline and the run\n"
             "manifest. Without a command: the built-in scenario of `cnsim demo` (sertraline 50 mg qd\n"
             "with a 4-week clonazepam cover, tapered over 3). With one: that command's report, the\n"
             "same as COMMAND ... --format html (simulate, interact, bridge, population, trial; taper\n"
             "gives its printable plan).\n",
    .opts = report_opts,
    .n_opts = CLI_N_OPTS(report_opts),
    .examples = "  cnsim report --out demo.html\n"
                "  cnsim report interact clonazepam:1mg oxycodone:20mg --out interact.html\n"
                "  cnsim report taper --drug clonazepam --from \"1 mg bid\" --out plan.html\n",
    .formats = 0,
};

int cli_report_cmd(int argc, char **argv)
{
    /* `cnsim report COMMAND ...`: that command with --format html */
    if (argc > 1 && argv[1][0] != '-') {
        char **a = calloc((size_t)argc + 2, sizeof *a);
        if (!a)
            return cli_fail("report: out of memory");
        a[0] = "cnsim";
        for (int i = 1; i < argc; i++)
            a[i] = argv[i];
        a[argc] = "--format=html";
        int rc;
        if (!strcmp(argv[1], "report"))
            rc = cli_bad_input("report: 'report' is not a command to report on; expected e.g. simulate or taper");
        else if (!find_reported(argv[1]) && strcmp(argv[1], "taper"))
            rc = cli_bad_input("report: '%s' has no HTML report; expected simulate, taper, interact, bridge, "
                               "population or trial", argv[1]);
        else
            rc = cli_dispatch(argc + 1, a);
        free(a);
        return rc;
    }
    struct {
        const char *out;
    } o = {NULL};
    int rc = cli_opt_parse(&report_cmd, argc, argv, &o, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    char *sim[] = {"simulate", "--drug", "sertraline", "--regimen", (char *)cli_demo_sertraline, "--drug", "clonazepam",
                   "--regimen", (char *)cli_demo_clonazepam, "--format", "html", "--out", (char *)(o.out ? o.out : "-")};
    return cli_html_report((int)(sizeof sim / sizeof sim[0]), sim);
}
