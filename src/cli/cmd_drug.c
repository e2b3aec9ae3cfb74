/* `cnsim drug list|show|compare|export`: the cited drug registry for a
 * person (text) or a program (JSON). Every fact printed comes from the
 * registry with its source id; the is-a answers of `compare` are computed
 * from the class hierarchy, never typed in. `export` writes a drug's PK
 * model as a model file (include/cnsim/pkmodel.h). */
#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help_drug[] =
    "usage: cnsim drug <list|show|compare|export> [options]\n"
    "\n"
    "The cited drug registry (an SQLite database built from data/ SQL files; every\n"
    "value has a source).\n"
    "\n"
    "subcommands:\n"
    "  list              all drugs: name, class, ATC code, onset of effect\n"
    "  show NAME         everything about one drug (generic or brand name)\n"
    "  compare A B       class, targets, mechanism, onset (hours vs weeks) and\n"
    "                    is-a answers derived from the class hierarchy\n"
    "  export NAME       the drug's PK model as a model file (JSON; docs/models.md\n"
    "                    section 12), to edit and read back\n"
    "\n"
    "options (every subcommand):\n"
    "  --format text|json   output format (default text; list also takes csv;\n"
    "                       export writes JSON only and takes no --format)\n"
    "  --out FILE           write to FILE atomically (- or no --out: standard output)\n"
    "  --registry FILE      use this registry database (default: $CNSIM_REGISTRY,\n"
    "                       cnsim.db beside the binary, else the built-in copy)\n"
    "  -h, --help           help (also after a subcommand)\n"
    "\n"
    "examples:\n"
    "  cnsim drug list\n"
    "  cnsim drug show Klonopin\n"
    "  cnsim drug compare clonazepam sertraline --format json\n"
    "  cnsim drug export clonazepam --out -\n";

typedef struct drug_args {
    cli_format fmt;
    const char *out;
    const char *registry;
    const char *formulation;
    const char *pos[2];
    int n_pos;
} drug_args;

static const cli_opt opts[] = {
    {.kind = CLI_OPT_FORMAT, .off = offsetof(drug_args, fmt)},
    {.kind = CLI_OPT_OUT, .off = offsetof(drug_args, out)},
    {.name = "--registry", .kind = CLI_OPT_STRING, .off = offsetof(drug_args, registry), .metavar = "FILE",
     .eg = "build/cnsim.db",
     .help = "use this registry database (default: $CNSIM_REGISTRY, cnsim.db beside the binary, else the "
             "built-in copy)", .flags = CLI_OPT_READS_FILE},
};

static const cli_opt export_opts[] = {
    {.name = "--formulation", .kind = CLI_OPT_STRING, .off = offsetof(drug_args, formulation), .metavar = "FORM",
     .eg = "solution",
     .help = "the formulation whose absorption values (KA, ALAG1, relative F1) the model takes (default: the "
             "drug's default form; cnsim drug show NAME lists them)"},
    {.kind = CLI_OPT_OUT, .off = offsetof(drug_args, out)},
    {.name = "--registry", .kind = CLI_OPT_STRING, .off = offsetof(drug_args, registry), .metavar = "FILE",
     .eg = "build/cnsim.db",
     .help = "use this registry database (default: $CNSIM_REGISTRY, cnsim.db beside the binary, else the "
             "built-in copy)", .flags = CLI_OPT_READS_FILE},
};

static const cli_cmd cmd_list = {
    .name = "drug list",
    .usage = "[--format text|csv|json] [--out FILE] [--registry FILE]",
    .about = "Lists every drug and modelled metabolite with its primary class, ATC code\n"
             "and onset of effect (hours, days or weeks, from the registry's onset times).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim drug list\n"
                "  cnsim drug list --format csv --out drugs.csv\n",
    .formats = CLI_FMTS_TCJ,
};

static const cli_cmd cmd_show = {
    .name = "drug show",
    .usage = "NAME [--format text|json] [--out FILE] [--registry FILE]",
    .about = "Shows all registry facts about one drug, each with its source key, and the\n"
             "full citations at the end. NAME may be a generic name, a brand name or a\n"
             "synonym, in any case (Klonopin, RIVOTRIL and clonazepam are the same drug).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim drug show Klonopin\n"
                "  cnsim drug show sertraline --format json --out sertraline.json\n",
    .formats = CLI_FMTS_TJ,
    .max_pos = 1,
    .pos_metavar = "NAME",
};

static const cli_cmd cmd_compare = {
    .name = "drug compare",
    .usage = "A B [--format text|json] [--out FILE] [--registry FILE]",
    .about = "Compares two drugs: classes, targets, mechanism and onset (hours vs weeks),\n"
             "then answers questions such as \"Is clonazepam an SSRI?\" from the class\n"
             "hierarchy (walking from each drug's classes up to the general ones).\n",
    .opts = opts,
    .n_opts = CLI_N_OPTS(opts),
    .examples = "  cnsim drug compare clonazepam sertraline\n"
                "  cnsim drug compare Klonopin Lexapro --format json\n",
    .formats = CLI_FMTS_TJ,
    .max_pos = 2,
    .pos_metavar = "drug names",
};

static const cli_cmd cmd_export = {
    .name = "drug export",
    .usage = "NAME [--formulation FORM] [--out FILE|-] [--registry FILE]",
    .about = "Writes the PK model of a registry drug as a model file: JSON with NONMEM's\n"
             "parameter names in fixed units (CL L/h, V L, KA 1/h, Q, V2, Q3, V3, F1,\n"
             "ALAG1 h, VMAX mg/h, KM mg/L, ...), its active metabolite, the published\n"
             "between-subject variability (omega) where the registry has it, and the\n"
             "citation of every value. The numbers are written so that reading the file\n"
             "back gives exactly the registry's values. NAME may be a generic or brand\n"
             "name; a metabolite cannot be exported on its own (export its parent).\n",
    .opts = export_opts,
    .n_opts = CLI_N_OPTS(export_opts),
    .notes = "The format, every key with its unit and default: docs/models.md, section 12.\n",
    .examples = "  cnsim drug export clonazepam --out -\n"
                "  cnsim drug export Klonopin --formulation solution --out clonazepam-solution.json\n",
    .max_pos = 1,
    .pos_metavar = "NAME",
};

/* ---- text helpers ---- */

static const char *jstr(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}

static int jhas(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return v && !json_is_null(v);
}

static double jnum(json_t *o, const char *key)
{
    return json_number_value(json_object_get(o, key));
}

/* Prints text wrapped at 78 columns; continuation lines indented. */
static void wrap(FILE *fp, int indent, const char *text)
{
    int col = indent;
    fprintf(fp, "%*s", indent, "");
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ')
            p++;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        int len = (int)(e - p);
        if (len == 0)
            break;
        if (!first && col + 1 + len > 78) {
            fprintf(fp, "\n%*s", indent + 2, "");
            col = indent + 2;
        } else if (!first) {
            fputc(' ', fp);
            col++;
        }
        fwrite(p, 1, (size_t)len, fp);
        col += len;
        first = 0;
        p = e;
    }
    fputc('\n', fp);
}

static void wrapf(FILE *fp, int indent, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void wrapf(FILE *fp, int indent, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    wrap(fp, indent, buf);
}

/* "12", "0.33", "1.5": no trailing zeros. */
static const char *num(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.4g", v);
    return buf;
}

static void join_strings(json_t *arr, const char *sep, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (i)
            strncat(buf, sep, n - strlen(buf) - 1);
        strncat(buf, json_string_value(v) ? json_string_value(v) : "", n - strlen(buf) - 1);
    }
}

/* Classes written as chains: each direct class followed by its ancestors
 * ("benzodiazepine -> GABA-A ... -> CNS depressant; antiepileptic"). */
/* The registry hands out drug facts as JSON text; the commands read it
 * back to print it. */
static cnsim_status from_text(cnsim_status st, char *text, json_t **out)
{
    *out = NULL;
    if (st != CNSIM_OK)
        return st;
    json_error_t err;
    *out = json_loads(text, 0, &err);
    cnsim_free(text);
    return *out ? CNSIM_OK : CNSIM_E_NOMEM;
}

static cnsim_status drug_json(cnsim_registry *reg, const char *name, json_t **out)
{
    char *text = NULL;
    cnsim_status st = cnsim_registry_drug_json(reg, name, &text);
    return from_text(st, text, out);
}

static cnsim_status list_json(cnsim_registry *reg, json_t **out)
{
    char *text = NULL;
    cnsim_status st = cnsim_registry_list_json(reg, &text);
    return from_text(st, text, out);
}

static void class_chain(json_t *drug, char *buf, size_t n)
{
    buf[0] = '\0';
    size_t i;
    json_t *d;
    json_array_foreach(json_object_get(drug, "class_details"), i, d) {
        if (i)
            strncat(buf, json_is_true(json_object_get(d, "direct")) ? "; " : " -> ",
                    n - strlen(buf) - 1);
        strncat(buf, jstr(d, "name"), n - strlen(buf) - 1);
    }
}

static void onset_text(json_t *on, char *buf, size_t n)
{
    char a[32], b[32];
    if (!on || json_is_null(on)) {
        snprintf(buf, n, "not recorded");
        return;
    }
    double lo = jnum(on, "min_h"), hi = jnum(on, "max_h");
    if (lo == hi)
        snprintf(buf, n, "%s: %s (%s h) [%s]", jstr(on, "scale"), jstr(on, "text"),
                 num(a, sizeof a, lo), jstr(on, "source"));
    else
        snprintf(buf, n, "%s: %s (%s-%s h) [%s]", jstr(on, "scale"), jstr(on, "text"),
                 num(a, sizeof a, lo), num(b, sizeof b, hi), jstr(on, "source"));
}

/* ---- list ---- */

static int do_list(cnsim_registry *reg, const drug_args *a, FILE *out)
{
    int rc = 0;
    json_t *list;
    cnsim_status st = list_json(reg, &list);
    if (st)
        return cli_report(st, "drug list");
    size_t i;
    json_t *d;
    if (a->fmt == CLI_FMT_JSON) {
        json_t *wrapper = json_pack("{s:O, s:s}", "drugs", list, "registry",
                                    cnsim_registry_location(reg));
        rc = cli_json_write(wrapper, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER, "drug");
        json_decref(wrapper);
    } else if (a->fmt == CLI_FMT_CSV) {
        fputs("name,kind,parent_drug,class,atc,onset_min_h,onset_max_h,onset_scale\n", out);
        json_array_foreach(list, i, d) {
            json_t *on = json_object_get(d, "onset");
            fprintf(out, "%s,%s,%s,\"%s\",\"%s\",", jstr(d, "name"), jstr(d, "kind"),
                    jstr(d, "parent_drug"), jstr(d, "class"), jstr(d, "atc"));
            if (on && !json_is_null(on))
                fprintf(out, "%g,%g,%s\n", jnum(on, "min_h"), jnum(on, "max_h"), jstr(on, "scale"));
            else
                fputs(",,\n", out);
        }
    } else {
        fprintf(out, "%-18s %-29s %-8s %-19s %s\n", "NAME", "CLASS", "ATC", "ONSET OF EFFECT", "NOTE");
        json_array_foreach(list, i, d) {
            json_t *on = json_object_get(d, "onset");
            char ons[128] = "-", x[32], y[32];
            if (on && !json_is_null(on))
                snprintf(ons, sizeof ons, "%s (%s-%s h)", jstr(on, "scale"),
                         num(x, sizeof x, jnum(on, "min_h")), num(y, sizeof y, jnum(on, "max_h")));
            char note[96] = "";
            if (!strcmp(jstr(d, "kind"), "metabolite"))
                snprintf(note, sizeof note, "metabolite of %s", jstr(d, "parent_drug"));
            fprintf(out, "%-18s %-29s %-8s %-19s %s\n", jstr(d, "name"), jstr(d, "class"),
                    jhas(d, "atc") ? jstr(d, "atc") : "-", ons, note);
        }
        fprintf(out, "\n%zu entries; details: cnsim drug show NAME. Registry: %s\n",
                json_array_size(list), cnsim_registry_location(reg));
    }
    json_decref(list);
    return rc;
}

/* ---- show ---- */

static void print_pk(FILE *fp, json_t *pk)
{
    char a[32], b[32], c[32];
    wrapf(fp, 2, "model: %d-compartment, first-order absorption%s",
          (int)jnum(pk, "n_cmt"), jnum(pk, "vmax_mg_per_h") > 0 ? ", Michaelis-Menten elimination" : "");
    wrapf(fp, 2, "F %s [%s]; ka %s 1/h, lag %s h [%s]", num(a, sizeof a, jnum(pk, "f")), jstr(pk, "f_source"),
          num(b, sizeof b, jnum(pk, "ka_per_h")), num(c, sizeof c, jnum(pk, "tlag_h")), jstr(pk, "ka_source"));
    wrapf(fp, 2, "CL %s L/h [%s]; V1 %s L [%s]", num(a, sizeof a, jnum(pk, "cl_L_per_h")), jstr(pk, "cl_source"),
          num(b, sizeof b, jnum(pk, "v1_L")), jstr(pk, "v1_source"));
    if (jnum(pk, "n_cmt") >= 2)
        wrapf(fp, 2, "Q2 %s L/h, V2 %s L [%s]", num(a, sizeof a, jnum(pk, "q2_L_per_h")),
              num(b, sizeof b, jnum(pk, "v2_L")), jstr(pk, "periph_source"));
    if (jnum(pk, "n_cmt") >= 3)
        wrapf(fp, 2, "Q3 %s L/h, V3 %s L [%s]", num(a, sizeof a, jnum(pk, "q3_L_per_h")),
              num(b, sizeof b, jnum(pk, "v3_L")), jstr(pk, "periph_source"));
    if (jnum(pk, "vmax_mg_per_h") > 0)
        wrapf(fp, 2, "Vmax %s mg/h, Km %s ng/mL [%s]", num(a, sizeof a, jnum(pk, "vmax_mg_per_h")),
              num(b, sizeof b, jnum(pk, "km_ng_mL")), jstr(pk, "mm_source"));
    wrapf(fp, 2, "unbound fraction %s [%s]", num(a, sizeof a, jnum(pk, "fu")), jstr(pk, "fu_source"));
    if (jhas(pk, "metabolite"))
        wrapf(fp, 2, "metabolite %s, fraction formed %s [%s]", jstr(pk, "metabolite"),
              num(a, sizeof a, jnum(pk, "fm")), jstr(pk, "fm_source"));
    if (jhas(pk, "half_life_label_min_h"))
        wrapf(fp, 2, "published half-life %s-%s h [%s]", num(a, sizeof a, jnum(pk, "half_life_label_min_h")),
              num(b, sizeof b, jnum(pk, "half_life_label_max_h")), jstr(pk, "half_life_source"));
    wrapf(fp, 2, "published Tmax %s-%s h [%s]", num(a, sizeof a, jnum(pk, "tmax_label_min_h")),
          num(b, sizeof b, jnum(pk, "tmax_label_max_h")), jstr(pk, "tmax_source"));
    wrapf(fp, 2, "derivation: %s", jstr(pk, "note"));
}

static void print_show(FILE *fp, json_t *d)
{
    char buf[2048], x[32], y[32];
    size_t i;
    json_t *r;

    fprintf(fp, "%s (%s)\n", jstr(d, "display_name"), jstr(d, "name"));
    fputs("Research and teaching data, not prescribing advice. [key] = source, listed at the end.\n\n", fp);
    join_strings(json_object_get(d, "brand_names"), ", ", buf, sizeof buf);
    if (buf[0])
        wrapf(fp, 0, "Brand names: %s", buf);
    if (jhas(d, "parent_drug"))
        wrapf(fp, 0, "Kind: active metabolite of %s", jstr(d, "parent_drug"));
    else if (json_array_size(json_object_get(d, "metabolites"))) {
        join_strings(json_object_get(d, "metabolites"), ", ", buf, sizeof buf);
        wrapf(fp, 0, "Kind: parent drug; modelled active metabolite: %s", buf);
    }
    json_array_foreach(json_object_get(d, "atc"), i, r)
        wrapf(fp, 0, "ATC: %s [%s]", jstr(r, "code"), jstr(r, "source"));
    json_t *mw = json_object_get(d, "mw_g_per_mol");
    wrapf(fp, 0, "Molar mass: %s g/mol [%s]", num(x, sizeof x, jnum(mw, "value")), jstr(mw, "source"));

    fputs("\nClasses (specific -> general)\n", fp);
    class_chain(d, buf, sizeof buf);
    wrap(fp, 2, buf);
    json_array_foreach(json_object_get(d, "class_details"), i, r) {
        if (json_is_true(json_object_get(r, "direct")))
            wrapf(fp, 2, "%s: %s [%s; class %s]", jstr(r, "name"), jstr(r, "description"),
                  jstr(r, "link_source"), jstr(r, "source"));
    }

    json_t *mech = json_object_get(d, "mechanism");
    fputs("\nMechanism\n", fp);
    wrapf(fp, 2, "%s [%s]", jstr(mech, "text"), jstr(mech, "source"));
    fputs("\nTargets\n", fp);
    json_array_foreach(json_object_get(d, "targets"), i, r)
        wrapf(fp, 2, "%s: %s [%s]", jstr(r, "name"), jstr(r, "action"), jstr(r, "source"));

    fputs("\nOnset of effect\n", fp);
    if (!json_array_size(json_object_get(d, "onset")))
        wrap(fp, 2, "not recorded");
    json_array_foreach(json_object_get(d, "onset"), i, r) {
        onset_text(r, buf, sizeof buf);
        wrapf(fp, 2, "%s: %s", jstr(r, "effect"), buf);
    }

    if (json_array_size(json_object_get(d, "indications"))) {
        fputs("\nIndications\n", fp);
        json_array_foreach(json_object_get(d, "indications"), i, r) {
            char note[512] = "";
            if (jhas(r, "note"))
                snprintf(note, sizeof note, "; %s", jstr(r, "note"));
            wrapf(fp, 2, "%-9s %s (%s%s) [%s]", jstr(r, "status"), jstr(r, "name"),
                  jstr(r, "population"), note, jstr(r, "source"));
        }
    }
    if (json_array_size(json_object_get(d, "formulations"))) {
        fputs("\nFormulations\n", fp);
        json_array_foreach(json_object_get(d, "formulations"), i, r) {
            char extra[512] = "";
            if (jhas(r, "ka_per_h"))
                snprintf(extra, sizeof extra, "; ka %s 1/h [%s]", num(x, sizeof x, jnum(r, "ka_per_h")),
                         jstr(r, "pk_source"));
            wrapf(fp, 2, "%s (%s)%s: %s%s%s%s%s [%s]", jstr(r, "form"), jstr(r, "route"),
                  jnum(r, "is_default") ? ", default" : "", jstr(r, "strengths_mg"),
                  strchr(jstr(r, "strengths_mg"), '/') ? "" : " mg", extra,
                  jhas(r, "note") ? "; " : "", jhas(r, "note") ? jstr(r, "note") : "", jstr(r, "source"));
        }
    }
    if (json_array_size(json_object_get(d, "dose_limits"))) {
        fputs("\nLabelled doses (mg/day)\n", fp);
        json_array_foreach(json_object_get(d, "dose_limits"), i, r) {
            char parts[512] = "";
            if (jhas(r, "start_mg_per_day"))
                snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "start %s",
                         num(x, sizeof x, jnum(r, "start_mg_per_day")));
            if (jhas(r, "usual_min_mg_per_day")) {
                double lo = jnum(r, "usual_min_mg_per_day"), hi = jnum(r, "usual_max_mg_per_day");
                snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%susual %s%s%s",
                         parts[0] ? ", " : "", num(x, sizeof x, lo), lo == hi ? "" : "-",
                         lo == hi ? "" : num(y, sizeof y, hi));
            }
            if (jhas(r, "max_mg_per_day"))
                snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%smax %s",
                         parts[0] ? ", " : "", num(x, sizeof x, jnum(r, "max_mg_per_day")));
            else
                snprintf(parts + strlen(parts), sizeof parts - strlen(parts), "%sno labelled maximum",
                         parts[0] ? ", " : "");
            char note[512] = "";
            if (jhas(r, "note"))
                snprintf(note, sizeof note, " (%s)", jstr(r, "note"));
            wrapf(fp, 2, "%s, %s: %s%s [%s]", jstr(r, "indication"), jstr(r, "population"), parts,
                  note, jstr(r, "source"));
        }
    }
    json_t *pk = json_object_get(d, "pk");
    if (pk && !json_is_null(pk)) {
        fputs("\nPharmacokinetics (70 kg adult; true volumes, F applied to the dose)\n", fp);
        print_pk(fp, pk);
    }
    json_t *mpk = json_object_get(d, "metabolite_pk");
    if (mpk && !json_is_null(mpk)) {
        fputs("\nMetabolite disposition (one compartment)\n", fp);
        wrapf(fp, 2, "formed from %s; CL %s L/h [%s]; V %s L [%s]", jstr(mpk, "parent"),
              num(x, sizeof x, jnum(mpk, "cl_L_per_h")), jstr(mpk, "cl_source"),
              num(y, sizeof y, jnum(mpk, "v_L")), jstr(mpk, "v_source"));
        if (jhas(mpk, "half_life_label_min_h"))
            wrapf(fp, 2, "published half-life %s-%s h [%s]", num(x, sizeof x, jnum(mpk, "half_life_label_min_h")),
                  num(y, sizeof y, jnum(mpk, "half_life_label_max_h")), jstr(mpk, "half_life_source"));
        wrapf(fp, 2, "derivation: %s", jstr(mpk, "note"));
    }
    if (json_array_size(json_object_get(d, "enzymes"))) {
        fputs("\nMetabolic enzymes\n", fp);
        json_array_foreach(json_object_get(d, "enzymes"), i, r)
            wrapf(fp, 2, "%s %s (%s)%s%s [%s]", jstr(r, "enzyme"), jstr(r, "role"), jstr(r, "strength"),
                  jhas(r, "note") ? ": " : "", jhas(r, "note") ? jstr(r, "note") : "", jstr(r, "source"));
    }
    if (json_array_size(json_object_get(d, "warnings"))) {
        fputs("\nWarnings\n", fp);
        json_array_foreach(json_object_get(d, "warnings"), i, r)
            wrapf(fp, 2, "%s: %s. %s [%s]", jstr(r, "kind"), jstr(r, "title"), jstr(r, "text"), jstr(r, "source"));
    }
    fputs("\nSources\n", fp);
    json_array_foreach(json_object_get(d, "sources"), i, r)
        wrapf(fp, 2, "[%s] %s", jstr(r, "id"), jstr(r, "citation"));
}

static int do_show(cnsim_registry *reg, const drug_args *a, FILE *out)
{
    int rc = 0;
    if (a->n_pos != 1)
        return cli_bad_input("drug show: expected one drug name, got %d (see cnsim drug show --help)", a->n_pos);
    json_t *d;
    cnsim_status st = drug_json(reg, a->pos[0], &d);
    if (st)
        return cli_report(st, "drug show");
    if (a->fmt == CLI_FMT_JSON) {
        rc = cli_json_write(d, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER, "drug");
    } else {
        print_show(out, d);
    }
    json_decref(d);
    return rc;
}

/* ---- export ---- */

static int do_export(cnsim_registry *reg, const drug_args *a, FILE *out)
{
    if (a->n_pos != 1)
        return cli_bad_input("drug export: expected one drug name, got %d (see cnsim drug export --help)", a->n_pos);
    /* About 33 KB, most of it room for citations: from the heap. */
    cnsim_pk_model *m = malloc(sizeof *m);
    if (!m)
        return cli_fail("drug export: out of memory");
    char *text = NULL;
    cnsim_status st = cnsim_pk_model_from_registry(reg, a->pos[0], a->formulation, m);
    if (st == CNSIM_OK)
        st = cnsim_pk_model_write_json(m, &text);
    free(m);
    if (st != CNSIM_OK)
        return cli_report(st, "drug export");
    fputs(text, out);
    cnsim_free(text);
    return 0;
}

/* ---- compare ---- */

static const char *article(const char *noun)
{
    char c = noun[0];
    if (strchr("aeiouAEIOU", c))
        return "an";
    /* Acronyms read letter by letter: "an SSRI", "an NMDA antagonist". */
    if (isupper((unsigned char)c) && isupper((unsigned char)noun[1]) && strchr("AEFHILMNORSX", c))
        return "an";
    return "a";
}

static void add_question(json_t *qs, const char *cls)
{
    size_t i;
    json_t *v;
    json_array_foreach(qs, i, v)
        if (!strcmp(json_string_value(v), cls))
            return;
    json_array_append_new(qs, json_string(cls));
}

static int do_compare(cnsim_registry *reg, const drug_args *a, FILE *out)
{
    int rc = 0;
    if (a->n_pos != 2)
        return cli_bad_input("drug compare: expected two drug names, got %d (see cnsim drug compare --help)",
                             a->n_pos);
    json_t *d[2] = {NULL, NULL};
    for (int k = 0; k < 2; k++) {
        cnsim_status st = drug_json(reg, a->pos[k], &d[k]);
        if (st) {
            json_decref(d[0]);
            return cli_report(st, "drug compare");
        }
    }
    /* Questions: the classes the issue asks about, then each drug's own
     * primary class, so "is A a <class of B>?" is always asked. */
    json_t *qs = json_array();
    add_question(qs, "SSRI");
    add_question(qs, "antidepressant");
    add_question(qs, "benzodiazepine");
    for (int k = 0; k < 2; k++) {
        json_t *cl = json_object_get(d[k], "classes");
        if (json_array_size(cl))
            add_question(qs, json_string_value(json_array_get(cl, 0)));
    }
    add_question(qs, "CNS depressant");

    json_t *answers = json_array();
    int failed = 0;
    for (int k = 0; k < 2 && !failed; k++) {
        size_t i;
        json_t *q;
        json_array_foreach(qs, i, q) {
            const char *cls = json_string_value(q);
            int r = cnsim_registry_is_a(reg, jstr(d[k], "name"), cls);
            if (r < 0) {
                failed = 1;
                break;
            }
            char question[256], text[1024], chain[768];
            class_chain(d[k], chain, sizeof chain);
            snprintf(question, sizeof question, "Is %s %s %s?", jstr(d[k], "name"), article(cls), cls);
            if (r)
                snprintf(text, sizeof text, "Yes: %s is in %s's class hierarchy (%s).", cls,
                         jstr(d[k], "name"), chain);
            else
                snprintf(text, sizeof text, "No: %s's classes are %s; %s is not among them or their parents.",
                         jstr(d[k], "name"), chain, cls);
            json_array_append_new(answers,
                json_pack("{s:s, s:s, s:s, s:b, s:s, s:O}", "question", question, "drug",
                          jstr(d[k], "name"), "class", cls, "answer", r, "explanation", text,
                          "classes", json_object_get(d[k], "classes")));
        }
    }
    json_decref(qs);
    if (failed) {
        json_decref(answers);
        json_decref(d[0]);
        json_decref(d[1]);
        return cli_report(CNSIM_E_DB, "drug compare");
    }

    if (a->fmt == CLI_FMT_JSON) {
        json_t *summary = json_array();
        for (int k = 0; k < 2; k++) {
            json_t *on = json_array_get(json_object_get(d[k], "onset"), 0);
            json_array_append_new(summary,
                json_pack("{s:s, s:O, s:O, s:O, s:O}", "name", jstr(d[k], "name"),
                          "classes", json_object_get(d[k], "classes"),
                          "targets", json_object_get(d[k], "targets"),
                          "mechanism", json_object_get(d[k], "mechanism"),
                          "onset", on ? on : json_null()));
        }
        json_t *root = json_pack("{s:[O,O], s:o, s:O}", "drugs", d[0], d[1], "summary", summary,
                                 "answers", answers);
        rc = cli_json_write(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER, "drug");
        json_decref(root);
    } else {
        FILE *fp = out;
        char buf[2048];
        size_t i;
        json_t *r;
        fprintf(fp, "%s vs %s\n", jstr(d[0], "name"), jstr(d[1], "name"));
        fputs("Research and teaching data, not prescribing advice. [key] = source (cnsim drug show NAME).\n", fp);
        fputs("\nClasses (specific -> general)\n", fp);
        for (int k = 0; k < 2; k++) {
            class_chain(d[k], buf, sizeof buf);
            wrapf(fp, 2, "%s: %s", jstr(d[k], "name"), buf);
        }
        fputs("\nTargets\n", fp);
        for (int k = 0; k < 2; k++)
            json_array_foreach(json_object_get(d[k], "targets"), i, r)
                wrapf(fp, 2, "%s: %s, %s [%s]", jstr(d[k], "name"), jstr(r, "name"), jstr(r, "action"),
                      jstr(r, "source"));
        fputs("\nMechanism\n", fp);
        for (int k = 0; k < 2; k++) {
            json_t *m = json_object_get(d[k], "mechanism");
            wrapf(fp, 2, "%s: %s [%s]", jstr(d[k], "name"), jstr(m, "text"), jstr(m, "source"));
        }
        fputs("\nOnset of effect (hours vs weeks)\n", fp);
        for (int k = 0; k < 2; k++) {
            onset_text(json_array_get(json_object_get(d[k], "onset"), 0), buf, sizeof buf);
            wrapf(fp, 2, "%s: %s", jstr(d[k], "name"), buf);
        }
        fputs("\nAnswers (derived from the class hierarchy)\n", fp);
        json_array_foreach(answers, i, r)
            wrapf(fp, 2, "%s %s", jstr(r, "question"), json_is_true(json_object_get(r, "answer")) ? "Yes." : "No.");
    }
    json_decref(answers);
    json_decref(d[0]);
    json_decref(d[1]);
    return rc;
}

int cli_drug(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        fputs(help_drug, argc < 2 ? cli_stderr() : cli_stdout());
        return argc < 2 ? CLI_BAD_INPUT : CLI_OK;
    }
    const char *sub = argv[1];
    const cli_cmd *cmd = !strcmp(sub, "list") ? &cmd_list
                         : !strcmp(sub, "show") ? &cmd_show
                         : !strcmp(sub, "compare") ? &cmd_compare
                         : !strcmp(sub, "export") ? &cmd_export : NULL;
    if (!cmd)
        return cli_bad_input("drug: unknown subcommand '%s'; expected list, show, compare or export (see cnsim drug "
                             "--help)", sub);
    drug_args a = {.fmt = CLI_FMT_TEXT};
    int rc = cli_opt_parse(cmd, argc - 1, argv + 1, &a, a.pos, &a.n_pos);
    if (rc != CLI_PARSED)
        return rc;

    cli_outs outs;
    cli_outs_init(&outs);
    FILE *out;
    if ((rc = cli_outs_open(&outs, a.out, "--out", &out)))
        return cli_outs_close(&outs, rc);
    cnsim_registry *reg;
    cnsim_status st = cli_registry_open(a.registry, &reg);
    if (st)
        return cli_outs_close(&outs, cli_report(st, "drug registry"));
    if (cmd == &cmd_list)
        rc = do_list(reg, &a, out);
    else if (cmd == &cmd_show)
        rc = do_show(reg, &a, out);
    else if (cmd == &cmd_export)
        rc = do_export(reg, &a, out);
    else
        rc = do_compare(reg, &a, out);
    cnsim_registry_free(reg);
    return cli_outs_close(&outs, rc);
}
