/* A program built only on the installed library: clonazepam 0.5 mg twice
 * daily for 28 days through the model/run API (cnsim/model.h), printing
 * the horizon the library chose and the plasma concentration and
 * withdrawal index once a week. Build and run: see examples/Makefile.
 * Research and teaching numbers, not prescribing advice. */
#include <math.h>
#include <stdio.h>
#include <cnsim/cnsim.h>

/* Says which step failed and the library's detail for it. */
static void report(const char *what, cnsim_status st)
{
    fprintf(stderr, "clonazepam_regimen: %s: %s: %s\n", what, cnsim_status_str(st),
            cnsim_last_error());
}

/* Runs the regimen on `model` and prints the table. Returns main's code. */
static int simulate(const cnsim_model *model)
{
    cnsim_run *run = NULL;
    cnsim_status st = cnsim_run_create(model, &run);
    if (st == CNSIM_OK)
        st = cnsim_run_set_regimen(run, 0, "0.5 mg bid for 28 d");
    /* Until NAN: the library picks the horizon, long enough to see the
     * withdrawal after the last dose whole; one output row every 24 h. */
    if (st == CNSIM_OK)
        st = cnsim_run_set_grid(run, NAN, 24);
    if (st == CNSIM_OK)
        st = cnsim_run_simulate(run);
    if (st != CNSIM_OK) {
        report("simulating 0.5 mg bid for 28 d", st);
        cnsim_run_free(run);   /* NULL is fine */
        return 1;
    }

    cnsim_horizon hz;
    cnsim_run_horizon(run, &hz);
    printf("horizon: %.0f h: %s\n", hz.until_h, hz.reason);

    long c_conc = cnsim_run_column_index(run, "clonazepam_ng_mL");
    long c_wd = cnsim_run_column_index(run, "withdrawal_index");
    if (c_conc < 0 || c_wd < 0) {
        fprintf(stderr, "clonazepam_regimen: the run has no clonazepam_ng_mL or withdrawal_index\n");
        cnsim_run_free(run);
        return 1;
    }
    const double *t_h = cnsim_run_times(run);
    const double *conc = cnsim_run_column(run, (size_t)c_conc);
    const double *wd = cnsim_run_column(run, (size_t)c_wd);
    printf("%8s %18s %17s\n", "time_h", "clonazepam_ng_mL", "withdrawal_index");
    for (size_t i = 0; i < cnsim_run_n_times(run); i += 7)   /* weekly rows */
        printf("%8.0f %18.3f %17.3f\n", t_h[i], conc[i], wd[i]);
    cnsim_run_free(run);
    return 0;
}

int main(void)
{
    /* NULL: $CNSIM_REGISTRY, else an installed share/cnsim/cnsim.db beside
     * the program, else the copy compiled into the library. */
    cnsim_registry *reg = NULL;
    cnsim_status st = cnsim_registry_create(NULL, &reg);
    if (st != CNSIM_OK) {
        report("opening the registry", st);
        return 1;
    }
    printf("registry: %s\n", cnsim_registry_location(reg));

    cnsim_model_drug drug = {"clonazepam", NULL, NULL};  /* default oral form, registry PK */
    cnsim_model_opts opts = cnsim_model_opts_default();  /* 70 kg reference adult */
    cnsim_model *model = NULL;
    st = cnsim_model_create(reg, &drug, 1, &opts, &model);
    if (st != CNSIM_OK) {
        report("building the clonazepam model", st);
        cnsim_registry_free(reg);
        return 1;
    }
    cnsim_registry_free(reg);   /* the model keeps what it read */

    int rc = simulate(model);
    cnsim_model_free(model);
    return rc;
}
