/* cnsim demo: the built-in scenario. Clonazepam 0.5 mg twice daily for
 * 4 weeks added to sertraline 50 mg once daily, followed for 8 weeks;
 * summary on stdout, CSV and plot in ./cnsim-out/. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "sim_job.h"

static const char help[] =
    "usage: cnsim demo [--out-dir DIR]\n"
    "\n"
    "Runs the built-in scenario, no arguments needed: sertraline 50 mg once daily for\n"
    "8 weeks, with clonazepam 0.5 mg twice daily added for the first 4 weeks (the\n"
    "adjunct 'bridge' of the SSRI latency), followed for 8 weeks. Prints a summary per\n"
    "drug and metabolite and writes DIR/demo.csv, DIR/demo.png and DIR/manifest.json\n"
    "(DIR defaults to ./cnsim-out).\n"
    "\n"
    "example:\n"
    "  cnsim demo\n";

int cli_demo(int argc, char **argv)
{
    if (cli_wants_help(argc, argv)) {
        fputs(help, stdout);
        return 0;
    }
    const char *dir = "cnsim-out";
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--out-dir") && i + 1 < argc)
            dir = argv[++i];
        else
            return cli_bad_input("demo: unknown option '%s' (see cnsim demo --help)", argv[i]);
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return cli_bad_input("--out-dir: cannot create '%s': %s", dir, strerror(errno));
    sim_job j;
    job_init(&j);
    int rc = 0;
    cnsim_status st = cnsim_registry_open(NULL, &j.reg);
    if (st != CNSIM_OK) {
        rc = cli_report(st, "registry");
        goto done;
    }
    if ((rc = job_add_drug(&j, "sertraline")))
        goto done;
    j.spec_regimen[0] = "50 mg qd for 8 w";
    if ((rc = job_add_drug(&j, "clonazepam")))
        goto done;
    j.spec_regimen[1] = "0.5 mg bid for 4 w";
    j.until_h = 8 * 7 * 24.0;
    j.every_h = 1.0;
    if ((rc = job_prepare(&j)) || (rc = job_run(&j)))
        goto done;
    printf("cnsim demo: sertraline 50 mg qd for 8 weeks + clonazepam 0.5 mg bid for the first 4 weeks\n");
    job_write_summary(&j, stdout);
    char path[4096];
    snprintf(path, sizeof path, "%s/demo.csv", dir);
    cli_out o;
    if ((rc = cli_out_open(&o, path)))
        goto done;
    job_write_csv(&j, o.fp);
    if ((rc = cli_out_close(&o, !ferror(o.fp))))
        goto done;
    printf("\nwrote %s", path);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    if ((rc = cli_out_open(&o, path)))
        goto done;
    job_write_json(&j, o.fp, 0);
    if ((rc = cli_out_close(&o, !ferror(o.fp))))
        goto done;
    printf(", %s", path);
    snprintf(path, sizeof path, "%s/demo.png", dir);
    if ((rc = job_plot(&j, path, "Sertraline 50 mg qd (8 weeks) + clonazepam 0.5 mg bid (first 4 weeks)")))
        goto done;
    printf(", %s\n", path);
done:
    job_free(&j);
    return rc;
}
