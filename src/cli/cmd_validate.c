/* cnsim validate: every published check of the registry
 * (data/97_validation.sql) simulated through the library
 * (include/cnsim/validate.h) and reported with its source, tolerance and
 * pass/fail, as text, CSV, JSON, Markdown (docs/validation.md) or HTML. */
#include <jansson.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char disclaimer[] = "cnsim is a research and teaching simulator, not a prescribing tool.";

typedef struct val_args {
    const char *only, *out, *plot;
    cli_format fmt;
    int threads;
} val_args;

static const cli_opt opts[] = {
    {.name = "--only", .kind = CLI_OPT_STRING, .off = offsetof(val_args, only), .metavar = "PATTERN",
     .help = "only the checks whose name, drug, kind or metric matches (a substring, or a pattern with * ? [])",
     .eg = "paroxetine"},
    {.kind = CLI_OPT_FORMAT, .off = offsetof(val_args, fmt), .help = "text (default), csv, json, md or html"},
    {.kind = CLI_OPT_OUT, .off = offsetof(val_args, out)},
    {.kind = CLI_OPT_PLOT, .off = offsetof(val_args, plot),
     .help = "simulated / published per check, with the accepted band (.svg, .png or .pdf)"},
    {.kind = CLI_OPT_THREADS, .off = offsetof(val_args, threads)},
};

static const cli_cmd cmd = {
    .name = "validate",
    .usage = "[--only PATTERN] [--format text|csv|json|md|html] [--out FILE] [--plot FILE.svg]\n",
    .about = "Runs every published check the registry lists (data/97_validation.sql): for every drug\n"
             "the NCA metrics of a regimen (Cmax, Tmax, Cmin, Cavg, AUC, terminal half-life,\n"
             "accumulation) against label or paper values, PET occupancy, the onset of withdrawal after\n"
             "an abrupt stop, and response rates and risk ratios of virtual trials, each simulated through\n"
             "the model/run API. Each row gives the source, the published value, the tolerance (stated\n"
             "with the check, never widened to pass) and pass or fail. docs/validation.md is the\n"
             "Markdown report.\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .notes = "Exit status: 0 when every check passes, 1 when any fails (or cannot be computed), 2 for bad\n"
             "input (an unknown option, a pattern that matches no check).\n",
    .examples = "  cnsim validate\n"
                "  cnsim validate --only paroxetine --format json\n"
                "  cnsim validate --format md --out docs/validation.md --plot docs/validation.svg\n",
    .formats = CLI_FMT_BIT(CLI_FMT_TEXT) | CLI_FMT_BIT(CLI_FMT_CSV) | CLI_FMT_BIT(CLI_FMT_JSON) |
               CLI_FMT_BIT(CLI_FMT_MD) | CLI_FMT_BIT(CLI_FMT_HTML),
};

/* A value for people: 4 significant digits, "n/a" when not finite. */
static const char *num(double v, char *buf)
{
    if (!isfinite(v))
        snprintf(buf, 32, "n/a");
    else
        snprintf(buf, 32, "%.4g", v);
    return buf;
}

static const char *tol_text(const cnsim_validate_check *c, char *buf)
{
    char b[32];
    if (c->is_relative)
        snprintf(buf, 64, "+/-%g%%", 100 * c->tolerance);
    else
        snprintf(buf, 64, "+/-%s %s", num(c->tolerance, b), c->units);
    return buf;
}

/* Markdown table cells: a '|' would end the cell. */
static void md_cell(FILE *fp, const char *s)
{
    for (; *s; s++)
        if (*s == '|')
            fputs("\\|", fp);
        else
            fputc(*s, fp);
}

/* The distinct sources of the report, in order of first use. */
static size_t sources_of(const cnsim_validate_report *r, size_t *first)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++) {
        size_t k = 0;
        while (k < n && strcmp(r->rows[first[k]].check.source, r->rows[i].check.source))
            k++;
        if (k == n)
            first[n++] = i;
    }
    return n;
}

static void write_text(FILE *fp, const cnsim_validate_report *r)
{
    char a[32], b[32], t[64];
    fprintf(fp, "%s\n\n%zu of %zu published checks pass.\n\n", disclaimer, r->n_pass, r->n);
    fprintf(fp, "%-4s %-4s %10s %10s %16s  %-16s %s\n", "", "", "simulated", "published", "tolerance", "source",
            "check");
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        fprintf(fp, "%-4zu %-4s %10s %10s %16s  %-16s %s%s%s\n", i + 1, x->pass ? "ok" : "FAIL", num(x->simulated, a),
                num(x->check.published, b), tol_text(&x->check, t), x->check.source, x->check.name,
                *x->error ? ": " : "", x->error);
    }
}

static void write_csv(FILE *fp, const cnsim_validate_report *r)
{
    fputs("name,kind,drug,species,regimen,drug2,regimen2,metric,simulated,published,tolerance,tolerance_kind,lo,hi,"
          "units,pass,source,citation,note,error\n",
          fp);
    char b[32];
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        const cnsim_validate_check *c = &x->check;
        const char *text[] = {c->name, c->kind, c->drug, c->species, c->regimen, c->drug2, c->regimen2, c->metric};
        for (size_t k = 0; k < 8; k++)
            cli_csv_field(fp, text[k]), fputc(',', fp);
        fprintf(fp, "%s,", cli_num(x->simulated, b));
        fprintf(fp, "%s,", cli_num(c->published, b));
        fprintf(fp, "%s,%s,", cli_num(c->tolerance, b), c->is_relative ? "relative" : "absolute");
        fprintf(fp, "%s,", cli_num(x->lo, b));
        fprintf(fp, "%s,", cli_num(x->hi, b));
        cli_csv_field(fp, c->units);
        fprintf(fp, ",%s,", x->pass ? "true" : "false");
        cli_csv_field(fp, c->source), fputc(',', fp);
        cli_csv_field(fp, x->citation), fputc(',', fp);
        cli_csv_field(fp, c->note), fputc(',', fp);
        cli_csv_field(fp, x->error);
        fputc('\n', fp);
    }
}

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static int write_json(FILE *fp, const cnsim_validate_report *r)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "disclaimer", json_string(disclaimer));
    json_t *sum = json_object();
    json_object_set_new(sum, "n_checks", json_integer((json_int_t)r->n));
    json_object_set_new(sum, "n_pass", json_integer((json_int_t)r->n_pass));
    json_object_set_new(sum, "n_fail", json_integer((json_int_t)(r->n - r->n_pass)));
    json_object_set_new(root, "summary", sum);
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        const cnsim_validate_check *c = &x->check;
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(c->name));
        json_object_set_new(o, "source", json_string(c->source));
        json_object_set_new(o, "simulated", jnum(x->simulated));
        json_object_set_new(o, "published", json_real(c->published));
        json_object_set_new(o, "tolerance", json_real(c->tolerance));
        json_object_set_new(o, "pass", json_boolean(x->pass));
        json_object_set_new(o, "tolerance_kind", json_string(c->is_relative ? "relative" : "absolute"));
        json_object_set_new(o, "lo", jnum(x->lo));
        json_object_set_new(o, "hi", jnum(x->hi));
        json_object_set_new(o, "units", json_string(c->units));
        json_object_set_new(o, "kind", json_string(c->kind));
        json_object_set_new(o, "drug", json_string(c->drug));
        json_object_set_new(o, "species", *c->species ? json_string(c->species) : json_null());
        json_object_set_new(o, "regimen", json_string(c->regimen));
        json_object_set_new(o, "drug2", *c->drug2 ? json_string(c->drug2) : json_null());
        json_object_set_new(o, "regimen2", *c->regimen2 ? json_string(c->regimen2) : json_null());
        json_object_set_new(o, "metric", json_string(c->metric));
        json_object_set_new(o, "patient", *c->patient ? json_string(c->patient) : json_null());
        json_object_set_new(o, "citation", json_string(x->citation));
        json_object_set_new(o, "note", json_string(c->note));
        if (*x->error)
            json_object_set_new(o, "error", json_string(x->error));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "checks", arr);
    int rc = cli_json_write(root, fp, JSON_INDENT(2) | JSON_REAL_PRECISION(8), "validate");
    json_decref(root);
    return rc;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void write_md(FILE *fp, const cnsim_validate_report *r, const char *plot)
{
    char a[32], b[32], t[64];
    fputs("# Validation against published figures\n\n"
          "Generated by `cnsim validate --format md` (do not edit: `tests/cli/test_validate.sh` checks that this\n"
          "file is what the command writes). Every check is simulated through the model/run API and compared\n"
          "with the published value it names; the tolerance is part of the check (data/97_validation.sql)\n"
          "and was fixed before the check was run. ",
          fp);
    fprintf(fp, "%s\n\n", disclaimer);
    fprintf(fp, "**%zu of %zu checks pass.**\n\n", r->n_pass, r->n);
    fputs("Tolerances: a published range is its centre with half its width; a published mean +/-25% for\n"
          "exposure and half-lives, +/-20% for accumulation and metabolite ratios, +/-35% for Tmax; PET\n"
          "occupancy +/-8 points (BZD site +/-4); trial response rates +/-10 points; risk ratios down to the\n"
          "lower limit of the published 95% confidence interval. A half-life with a window is the terminal\n"
          "slope of the samples from the last dose to that many hours after it, as in the study.\n\n",
          fp);
    if (plot)
        fprintf(fp, "![simulated / published value per check, with the accepted band](%s)\n\n", base_name(plot));
    fputs("| # | check | regimen | simulated | published | tolerance | pass | source |\n"
          "|---|---|---|---|---|---|---|---|\n",
          fp);
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        const cnsim_validate_check *c = &x->check;
        fprintf(fp, "| %zu | ", i + 1);
        md_cell(fp, c->name);
        fputs(" | ", fp);
        md_cell(fp, c->regimen);
        if (*c->drug2) {
            fputs(" + ", fp);
            md_cell(fp, c->drug2);
            fputs(" ", fp);
            md_cell(fp, c->regimen2);
        }
        fprintf(fp, " | %s | %s %s | %s | %s | %s |\n", num(x->simulated, a), num(c->published, b), c->units,
                tol_text(c, t), x->pass ? "pass" : "**FAIL**", c->source);
    }
    size_t *first = malloc((r->n ? r->n : 1) * sizeof *first);
    if (!first)
        return;
    size_t n = sources_of(r, first);
    fputs("\n## Sources\n\n", fp);
    for (size_t k = 0; k < n; k++) {
        fprintf(fp, "- `%s`: ", r->rows[first[k]].check.source);
        md_cell(fp, r->rows[first[k]].citation);
        fputc('\n', fp);
    }
    free(first);
    fputs("\n## Notes per check\n\n", fp);
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        fprintf(fp, "%zu. %s (%s, %s): %s%s%s\n", i + 1, x->check.name, x->check.kind, x->check.metric, x->check.note,
                *x->error ? " Error: " : "", x->error);
    }
}

/* One row's picture: the accepted band, the published value (a tick) and
 * the simulated value (a dot), on a scale from 0 to the largest of them. */
static void html_bar(FILE *fp, const cnsim_validate_result *x)
{
    double top = fmax(fmax(x->hi, x->simulated), x->check.published) * 1.1;
    if (!(top > 0) || !isfinite(top)) {
        fputs("-", fp);
        return;
    }
    double w = 160, lo = fmax(0, x->lo) / top * w, hi = fmin(x->hi, top) / top * w,
           p = x->check.published / top * w, s = isfinite(x->simulated) ? fmax(0, x->simulated) / top * w : -1;
    fprintf(fp,
            "<svg width=\"%.0f\" height=\"14\" role=\"img\"><rect x=\"0\" y=\"6\" width=\"%.0f\" height=\"2\" "
            "fill=\"#ddd\"/><rect x=\"%.1f\" y=\"2\" width=\"%.1f\" height=\"10\" fill=\"#cfe3f5\"/>"
            "<rect x=\"%.1f\" y=\"1\" width=\"2\" height=\"12\" fill=\"#333\"/>",
            w, w, lo, fmax(hi - lo, 1), p - 1);
    if (s >= 0)
        fprintf(fp, "<circle cx=\"%.1f\" cy=\"7\" r=\"4\" fill=\"%s\"/>", s, x->pass ? "#0072b2" : "#d55e00");
    fputs("</svg>", fp);
}

static void write_html(FILE *fp, const cnsim_validate_report *r, const char *plot)
{
    char a[32], b[32], t[64];
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>cnsim validation</title>\n"
          "<style>body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}"
          "td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;font-size:90%}"
          ".fail{color:#d55e00;font-weight:bold}.pass{color:#0072b2}</style></head><body>\n"
          "<h1>Validation against published figures</h1>\n<p>",
          fp);
    cli_html_text(fp, disclaimer);
    fprintf(fp, "</p>\n<p><b>%zu of %zu checks pass.</b> Band: accepted interval (blue); tick: published value; "
                "dot: simulated.</p>\n",
            r->n_pass, r->n);
    if (plot) {
        fputs("<p><img src=\"", fp);
        cli_html_text(fp, base_name(plot));
        fputs("\" alt=\"simulated / published per check\"></p>\n", fp);
    }
    fputs("<table><tr><th>#</th><th>check</th><th>regimen</th><th>simulated</th><th>published</th>"
          "<th>tolerance</th><th></th><th>pass</th><th>source</th></tr>\n",
          fp);
    for (size_t i = 0; i < r->n; i++) {
        const cnsim_validate_result *x = &r->rows[i];
        const cnsim_validate_check *c = &x->check;
        fprintf(fp, "<tr><td>%zu</td><td>", i + 1);
        cli_html_text(fp, c->name);
        fputs("</td><td>", fp);
        cli_html_text(fp, c->regimen);
        if (*c->drug2) {
            fputs(" + ", fp);
            cli_html_text(fp, c->drug2);
            fputs(" ", fp);
            cli_html_text(fp, c->regimen2);
        }
        fprintf(fp, "</td><td>%s</td><td>%s ", num(x->simulated, a), num(c->published, b));
        cli_html_text(fp, c->units);
        fputs("</td><td>", fp);
        cli_html_text(fp, tol_text(c, t));
        fputs("</td><td>", fp);
        html_bar(fp, x);
        fprintf(fp, "</td><td class=\"%s\">%s</td><td title=\"", x->pass ? "pass" : "fail", x->pass ? "pass" : "FAIL");
        cli_html_text(fp, x->citation);
        fputs("\">", fp);
        cli_html_text(fp, c->source);
        fputs("</td></tr>\n", fp);
    }
    fputs("</table>\n<h2>Sources</h2>\n<ul>\n", fp);
    size_t *first = malloc((r->n ? r->n : 1) * sizeof *first);
    if (first) {
        size_t n = sources_of(r, first);
        for (size_t k = 0; k < n; k++) {
            fputs("<li><code>", fp);
            cli_html_text(fp, r->rows[first[k]].check.source);
            fputs("</code>: ", fp);
            cli_html_text(fp, r->rows[first[k]].citation);
            fputs("</li>\n", fp);
        }
        free(first);
    }
    fputs("</ul>\n</body></html>\n", fp);
}

/* simulated / published per check, with the accepted band, against the
 * check number. */
static cnsim_status write_plot(FILE *fp, const char *path, const cnsim_validate_report *r)
{
    size_t n = r->n;
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y), *lo = malloc(n * sizeof *lo),
           *hi = malloc(n * sizeof *hi), *one = malloc(n * sizeof *one), *yf = malloc(n * sizeof *yf);
    cnsim_status st = CNSIM_E_NOMEM;
    if (!x || !y || !lo || !hi || !one || !yf)
        goto done;
    for (size_t i = 0; i < n; i++) {
        const cnsim_validate_result *v = &r->rows[i];
        double p = v->check.published;
        x[i] = (double)(i + 1);
        y[i] = v->pass ? v->simulated / p : NAN;
        yf[i] = v->pass ? NAN : v->simulated / p;
        lo[i] = v->lo / p, hi[i] = v->hi / p, one[i] = 1;
    }
    cnsim_plot_series s[3] = {
        {.label = "published (= 1)", .t_h = x, .y = one, .n = n, .color = 6, .dashed = 1, .band_lo = lo,
         .band_hi = hi, .band_label = "accepted band"},
        {.label = "simulated, pass", .t_h = x, .y = y, .n = n, .color = 0, .points = 1},
        {.label = "simulated, fail", .t_h = x, .y = yf, .n = n, .color = 1, .points = 1},
    };
    cnsim_plot_spec spec = {.title = "cnsim validate: simulated / published value per check",
                            .y_label = "simulated / published",
                            .x_label = "check (number in the report)",
                            .n_panels = 1,
                            .series = s,
                            .n_series = 3};
    st = cnsim_plot_write_fp(fp, path, &spec);
done:
    free(x), free(y), free(lo), free(hi), free(one), free(yf);
    return st;
}

int cli_validate(int argc, char **argv)
{
    val_args a = {.fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(&cmd, argc, argv, &a, NULL, NULL);
    if (rc != CLI_PARSED)
        return rc;
    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out, *plot = NULL;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)) || (a.plot && (rc = cli_outs_open_plot(&outs, a.plot, &plot))))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg = NULL;
    cnsim_validate_report r = {0};
    cnsim_status st = cli_registry_open(NULL, &reg);
    if (st != CNSIM_OK)
        return cli_outs_close(&outs, cli_report(st, "registry"));
    cnsim_validate_opts o = cnsim_validate_opts_default();
    o.only = a.only;
    o.n_threads = a.threads;
    if ((st = cnsim_validate_run(reg, &o, &r)) != CNSIM_OK) {
        rc = cli_report(st, "validate");
        goto done;
    }
    switch (a.fmt) {
    case CLI_FMT_CSV: write_csv(out, &r); break;
    case CLI_FMT_JSON: rc = write_json(out, &r); break;
    case CLI_FMT_MD: write_md(out, &r, a.plot); break;
    case CLI_FMT_HTML: write_html(out, &r, a.plot); break;
    default: write_text(out, &r); break;
    }
    if (!rc && plot && (st = write_plot(plot, a.plot, &r)) != CNSIM_OK)
        rc = cli_report(st, "--plot");
    if (!rc && r.n_pass < r.n) {
        fprintf(cli_stderr(), "cnsim: validate: %zu of %zu checks fail\n", r.n - r.n_pass, r.n);
        /* The report is the point of the run: its files are kept, and
         * the exit status says that a check failed. */
        cli_outs_close(&outs, 0);
        rc = CLI_FAIL;
        goto freed;
    }
done:
    rc = cli_outs_close(&outs, rc);
freed:
    cnsim_validate_report_free(&r);
    cnsim_registry_free(reg);
    return rc;
}
